// A tiny static server for the web chat: the page at /, the SDK's browser build at /sdk/;
// with --dist, the page as Vite built it (`npx vite build` → dist/, the SDK bundled in).
// Run: node examples/web-chat/server.mjs [port] [--dist]   then open
//   http://127.0.0.1:<port>/?account=12345678&csds=<the LPM_CSDS_URL lpm platform printed>
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sdkDist = join(here, '..', '..', 'bindings', 'js', 'dist');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/**
 * Starts the server on `port` (0: a free one); resolves with {url, close()}. `dist`: serve
 * the Vite build in dist/ instead of the sources.
 */
export function serve(port = 0, { dist = false } = {}) {
  const site = dist ? join(here, 'dist') : here;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [root, rel] = path.startsWith('/sdk/') && !dist ? [sdkDist, path.slice(5)] : [site, path === '/' ? 'index.html' : path.slice(1)];
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = process.argv.slice(2).find((a) => /^\d+$/.test(a));
  const { url } = await serve(Number(port ?? 8080), { dist: process.argv.includes('--dist') });
  console.log(`web chat at ${url}/?account=12345678&csds=${process.env.LPM_CSDS_URL ?? 'http://127.0.0.1:7400'}`);
}
