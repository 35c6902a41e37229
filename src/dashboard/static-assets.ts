/**
 * Serves the built dashboard (Vite's output) from memory. The files are read once at start: only
 * paths that exist in the build can ever be answered, so no request path reaches the file system
 * and traversal (`..`, encoded or not) has nothing to escape to.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

/** A file of the build, ready to send. */
export interface StaticAsset {
  contentType: string;
  body: Buffer;
  /** Whether gzip is worth it; the compressed bytes are made at the first request that accepts them. */
  compressible: boolean;
  gzipped?: Buffer;
  etag: string;
  /** `index.html` must be revalidated; Vite's hashed files never change under their name. */
  cacheControl: string;
}

/** The answer to a request for an asset. */
export interface AssetAnswer {
  status: 200 | 304 | 404;
  headers: Record<string, string>;
  body: Buffer | string;
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(path, out);
    else out.push(path);
  }
  return out;
}

/** The built dashboard, loaded from `dir` (`dist/dashboard/app`). */
export class StaticAssets {
  private readonly files = new Map<string, StaticAsset>();

  private constructor(readonly dir: string) {}

  /** Loads every file under `dir`; an absent directory gives an empty (unbuilt) set. */
  static load(dir: string): StaticAssets {
    const assets = new StaticAssets(dir);
    if (!existsSync(dir)) return assets;
    for (const path of listFiles(dir)) {
      const name = relative(dir, path).split(sep).join('/');
      const ext = extname(name).toLowerCase();
      const body = readFileSync(path);
      assets.files.set(name, {
        contentType: MIME_TYPES[ext] ?? 'application/octet-stream',
        body,
        compressible: COMPRESSIBLE.has(ext) && body.length > 1024,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        cacheControl: name.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    return assets;
  }

  /** True when the build has an `index.html`. */
  get built(): boolean {
    return this.files.has('index.html');
  }

  /** File names of the build, for tests and diagnostics. */
  names(): string[] {
    return [...this.files.keys()].sort();
  }

  /**
   * Answers a request for `name` (the path below `/dashboard/`, `''` for the index), honouring
   * `If-None-Match` and `Accept-Encoding: gzip`.
   */
  answer(name: string, requestHeaders: { 'if-none-match'?: string | undefined; 'accept-encoding'?: string | undefined }): AssetAnswer {
    const asset = this.files.get(name === '' ? 'index.html' : name);
    if (!asset) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: 'not found\n' };
    const headers: Record<string, string> = {
      'content-type': asset.contentType,
      'cache-control': asset.cacheControl,
      etag: asset.etag,
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    };
    const tags = requestHeaders['if-none-match']?.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags?.includes(asset.etag)) return { status: 304, headers, body: '' };
    if (asset.compressible && /\bgzip\b/.test(requestHeaders['accept-encoding'] ?? '')) {
      asset.gzipped ??= gzipSync(asset.body);
      headers['content-encoding'] = 'gzip';
      return { status: 200, headers, body: asset.gzipped };
    }
    return { status: 200, headers, body: asset.body };
  }
}
