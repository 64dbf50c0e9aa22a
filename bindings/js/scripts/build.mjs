#!/usr/bin/env node
// Builds the npm package: lpm-wasm (Rust → wasm32) → wasm-bindgen → (release: wasm-opt)
// → esbuild bundles (CommonJS and ESM for Node.js, ESM for browsers) → tsc declarations.
// Usage: node scripts/build.mjs [--release]   (release = optimised builds; prints the sizes, scripts/size.mjs)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const pkgRoot = join(here, '..');
const repo = join(pkgRoot, '..', '..');
const release = process.argv.includes('--release');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });

const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
const profileDir = release ? 'release' : 'debug';
const env = { ...process.env };
// LPM_WASM_OPT_LEVEL (z, s or 3; default 3): the Node.js build's level (rustc's and wasm-opt's),
// picked with bench/run.mjs (docs/benchmarks.md): 3 is 20–40 % faster than z and its size costs
// a server nothing. The browser builds are always z: every visitor downloads them.
const nodeOptLevel = process.env.LPM_WASM_OPT_LEVEL ?? '3';
if (!['z', 's', '3'].includes(nodeOptLevel)) throw new Error(`LPM_WASM_OPT_LEVEL must be z, s or 3, not ${nodeOptLevel}`);
const releaseEnv = (optLevel) => ({
  ...env,
  // set here so the workspace's release profile stays untouched
  CARGO_PROFILE_RELEASE_OPT_LEVEL: optLevel,
  CARGO_PROFILE_RELEASE_LTO: 'true',
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '1',
  CARGO_PROFILE_RELEASE_PANIC: 'abort',
});
// The builds of the core, each copied into dist/ under the names in `dist`:
// - `node`: every feature, the core's own image previews, speed-tuned (Node.js);
// - `full`: the same features, size-tuned (`lp-messaging-sdk/browser-full`);
// - `consumer`: the browser entry: previews drawn by the page, no image decoders in the wasm
//   (--no-default-features of lpm-wasm), size-tuned.
// A debug build makes `node` and `full` once: optimisation levels do not apply to it.
const full = { features: [], optLevel: 'z' };
const variants = release
  ? [
      { name: 'node', pkg: 'pkg', ...full, optLevel: nodeOptLevel, dist: ['lpm_wasm_node_bg.wasm'] },
      { name: 'full', pkg: 'pkg-full', ...full, dist: ['lpm_wasm_bg.wasm'] },
      { name: 'consumer', pkg: 'pkg-consumer', features: ['--no-default-features'], optLevel: 'z', dist: ['lpm_wasm_consumer_bg.wasm'] },
    ]
  : [
      { name: 'full', pkg: 'pkg', ...full, dist: ['lpm_wasm_node_bg.wasm', 'lpm_wasm_bg.wasm'] },
      { name: 'consumer', pkg: 'pkg-consumer', features: ['--no-default-features'], optLevel: 'z', dist: ['lpm_wasm_consumer_bg.wasm'] },
    ];
for (const v of variants) {
  const level = release ? `, opt-level ${v.optLevel}` : '';
  console.log(`==> cargo build lpm-wasm ${v.name} (${profileDir}${level}, wasm32-unknown-unknown)`);
  run('cargo', ['build', '-p', 'lpm-wasm', '--lib', '--target', 'wasm32-unknown-unknown', ...v.features, ...(release ? ['--release'] : [])], { cwd: repo, env: release ? releaseEnv(v.optLevel) : env });
  const wasmIn = join(targetDir, 'wasm32-unknown-unknown', profileDir, 'lpm_wasm.wasm');
  const out = join(pkgRoot, v.pkg);
  rmSync(out, { recursive: true, force: true });
  console.log(`==> wasm-bindgen ${v.name}`);
  run('wasm-bindgen', ['--target', 'web', '--omit-default-module-path', '--out-dir', out, '--out-name', 'lpm_wasm', ...(release ? [] : ['--debug']), wasmIn]);
  if (release) {
    // binaryen from npm (pinned in package.json): Debian's wasm-opt 108 breaks the externref table
    console.log(`==> wasm-opt -O${v.optLevel} ${v.name} (binaryen from npm)`);
    const wasm = join(out, 'lpm_wasm_bg.wasm');
    run(process.execPath, [join(pkgRoot, 'node_modules/binaryen/bin/wasm-opt'), `-O${v.optLevel}`, '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', wasm, '-o', wasm]);
  }
}

const dist = join(pkgRoot, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'pkg'), { recursive: true });
for (const v of variants) {
  for (const name of v.dist) copyFileSync(join(pkgRoot, v.pkg, 'lpm_wasm_bg.wasm'), join(dist, name));
}
copyFileSync(join(pkgRoot, 'pkg', 'lpm_wasm.d.ts'), join(dist, 'pkg', 'lpm_wasm.d.ts'));

console.log('==> esbuild');
const external = ['ws', 'https-proxy-agent', 'undici', 'events'];
const common = { bundle: true, target: 'es2022', logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' }, legalComments: 'none' };
await esbuild.build({ ...common, entryPoints: [join(pkgRoot, 'src/index.ts')], outfile: join(dist, 'index.cjs'), format: 'cjs', platform: 'node', external });
await esbuild.build({ ...common, entryPoints: [join(pkgRoot, 'src/index.ts')], outfile: join(dist, 'index.mjs'), format: 'esm', platform: 'node', external });
// the consumer bundle takes the consumer build's wasm-bindgen glue
const consumerGlue = {
  name: 'consumer-glue',
  setup(b) {
    b.onResolve({ filter: /\/pkg\/lpm_wasm\.js$/ }, () => ({ path: join(pkgRoot, 'pkg-consumer', 'lpm_wasm.js') }));
  },
};
const browser = { ...common, format: 'esm', platform: 'browser', minify: release };
await esbuild.build({ ...browser, entryPoints: [join(pkgRoot, 'src/index.browser.ts')], outfile: join(dist, 'browser.mjs'), plugins: [consumerGlue] });
await esbuild.build({ ...browser, entryPoints: [join(pkgRoot, 'src/index.browser-full.ts')], outfile: join(dist, 'browser-full.mjs') });

console.log('==> tsc (declarations)');
run(process.execPath, [join(pkgRoot, 'node_modules/typescript/bin/tsc'), '-p', pkgRoot, '--emitDeclarationOnly'], { cwd: pkgRoot });

if (!existsSync(join(dist, 'types', 'index.d.ts'))) throw new Error('declarations missing');
run(process.execPath, [join(here, 'size.mjs')]);
