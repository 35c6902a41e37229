/**
 * The relay floor of bench/gateway-overhead.ts: the least a Node reverse proxy can do in front of
 * the simulator. node:http in, one undici Pool out (the same client library and pool settings as
 * the gateway), the body and status relayed, nothing else: no framework, no authentication, no
 * recording, no enforcement, no metrics. Whatever latency this adds over direct is the cost of a
 * second hop through a Node process on this machine; the gateway's figure is read against it.
 *
 *   node bench/relay-floor.mjs --upstream http://127.0.0.1:PORT
 *
 * Prints "listening on http://127.0.0.1:PORT" on stderr when ready. Plain JavaScript, so that it
 * starts without tsx and runs no compiled-code loader on the hot path.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string' } } });
if (!values.upstream) {
  process.stderr.write('usage: node bench/relay-floor.mjs --upstream URL [--port P]\n');
  process.exit(2);
}
const pool = new Pool(values.upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
const RELAYED = new Set(['content-type', 'content-length', 'cache-control']);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let abort;
    res.once('close', () => {
      if (!res.writableFinished) abort?.();
    });
    pool.dispatch({
      method: req.method,
      path: req.url,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: req.headers.authorization ?? '' },
      body: Buffer.concat(chunks),
    }, {
      onConnect(abortFn) {
        abort = abortFn;
      },
      onHeaders(status, rawHeaders) {
        const headers = {};
        for (let i = 0; i < rawHeaders.length; i += 2) {
          const name = rawHeaders[i].toString('latin1').toLowerCase();
          if (RELAYED.has(name)) headers[name] = rawHeaders[i + 1].toString('latin1');
        }
        res.writeHead(status, headers);
        return true;
      },
      onData(chunk) {
        res.write(chunk);
        return true;
      },
      onComplete() {
        res.end();
      },
      onError(error) {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error.code ?? error.message));
      },
    });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(values.port ?? 0), '127.0.0.1', () => {
  process.stderr.write(`relay floor listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close().finally(() => process.exit(0));
});
