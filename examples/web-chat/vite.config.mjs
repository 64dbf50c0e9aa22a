// `npx vite build`: the web chat bundled with Vite into dist/ (the SDK's wasm is emitted as an
// asset from its `new URL('….wasm', import.meta.url)`). Serve it with `node server.mjs --dist`.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true },
});
