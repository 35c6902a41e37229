import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { StaticAssets } from './static-assets.js';

const root = mkdtempSync(join(tmpdir(), 'dg-assets-'));
after(() => rmSync(root, { recursive: true, force: true }));

function buildDir(): string {
  const dir = join(root, 'app');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
  return dir;
}

describe('StaticAssets', () => {
  const assets = StaticAssets.load(buildDir());

  it('serves the index with revalidation and hashed assets as immutable, with their MIME types', () => {
    const index = assets.answer('', {});
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(index.headers['cache-control'], 'no-cache');
    const js = assets.answer('assets/index-abc123.js', {});
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers['x-content-type-options'], 'nosniff');
    assert.equal(assets.answer('assets/index-abc123.css', {}).headers['content-type'], 'text/css; charset=utf-8');
    assert.deepEqual(assets.names(), ['assets/index-abc123.css', 'assets/index-abc123.js', 'index.html']);
  });

  it('answers 304 to a matching If-None-Match and gzips for clients that accept it', () => {
    const first = assets.answer('assets/index-abc123.js', {});
    assert.equal(assets.answer('assets/index-abc123.js', { 'if-none-match': first.headers.etag }).status, 304);
    assert.equal(assets.answer('assets/index-abc123.js', { 'if-none-match': `"other", W/${first.headers.etag}` }).status, 304);
    const gz = assets.answer('assets/index-abc123.js', { 'accept-encoding': 'br, gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body as Buffer), first.body);
    assert.equal(assets.answer('assets/index-abc123.css', { 'accept-encoding': 'gzip' }).headers['content-encoding'], undefined, 'tiny files go as they are');
  });

  it('answers only files of the build: traversal finds nothing to escape to', () => {
    for (const name of ['../secret.txt', 'assets/../../secret.txt', '..%2Fsecret.txt', '/etc/passwd', 'assets/', 'missing.js', 'index.html/..']) {
      assert.equal(assets.answer(name, {}).status, 404, name);
    }
  });

  it('reports an absent build as not built', () => {
    const missing = StaticAssets.load(join(root, 'nope'));
    assert.equal(missing.built, false);
    assert.equal(missing.answer('', {}).status, 404);
  });
});
