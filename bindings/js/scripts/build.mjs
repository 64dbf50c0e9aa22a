#!/usr/bin/env node
// Builds the npm package: lpm-wasm (Rust → wasm32) → wasm-bindgen → (release: wasm-opt -Oz)
// → esbuild bundles (CommonJS and ESM for Node.js, ESM for browsers) → tsc declarations.
// Usage: node scripts/build.mjs [--release]   (release = size-tuned; prints the sizes, scripts/size.mjs)
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
// LPM_WASM_OPT_LEVEL (z, s or 3; default z): rustc's and wasm-opt's level, to weigh speed
// against size with bench/run.mjs (docs/benchmarks.md).
const optLevel = process.env.LPM_WASM_OPT_LEVEL ?? 'z';
if (!['z', 's', '3'].includes(optLevel)) throw new Error(`LPM_WASM_OPT_LEVEL must be z, s or 3, not ${optLevel}`);
if (release) {
  // size-tuned release profile, set here so the workspace's release profile stays untouched
  Object.assign(env, {
    CARGO_PROFILE_RELEASE_OPT_LEVEL: optLevel,
    CARGO_PROFILE_RELEASE_LTO: 'true',
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '1',
    CARGO_PROFILE_RELEASE_PANIC: 'abort',
  });
}
// Two builds of the core: `full` (Node.js and `lp-messaging-sdk/browser-full`: every feature,
// the core's own image previews) and `consumer` (the browser entry: previews drawn by the
// page, no image decoders in the wasm; --no-default-features of lpm-wasm).
const variants = [
  { name: 'full', pkg: 'pkg', features: [] },
  { name: 'consumer', pkg: 'pkg-consumer', features: ['--no-default-features'] },
];
for (const v of variants) {
  console.log(`==> cargo build lpm-wasm ${v.name} (${profileDir}, wasm32-unknown-unknown)`);
  run('cargo', ['build', '-p', 'lpm-wasm', '--lib', '--target', 'wasm32-unknown-unknown', ...v.features, ...(release ? ['--release'] : [])], { cwd: repo, env });
  const wasmIn = join(targetDir, 'wasm32-unknown-unknown', profileDir, 'lpm_wasm.wasm');
  const out = join(pkgRoot, v.pkg);
  rmSync(out, { recursive: true, force: true });
  console.log(`==> wasm-bindgen ${v.name}`);
  run('wasm-bindgen', ['--target', 'web', '--omit-default-module-path', '--out-dir', out, '--out-name', 'lpm_wasm', ...(release ? [] : ['--debug']), wasmIn]);
  if (release) {
    // binaryen from npm (pinned in package.json): Debian's wasm-opt 108 breaks the externref table
    console.log(`==> wasm-opt -O${optLevel} ${v.name} (binaryen from npm)`);
    const wasm = join(out, 'lpm_wasm_bg.wasm');
    run(process.execPath, [join(pkgRoot, 'node_modules/binaryen/bin/wasm-opt'), `-O${optLevel}`, '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', wasm, '-o', wasm]);
  }
}

const dist = join(pkgRoot, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'pkg'), { recursive: true });
copyFileSync(join(pkgRoot, 'pkg', 'lpm_wasm_bg.wasm'), join(dist, 'lpm_wasm_bg.wasm'));
copyFileSync(join(pkgRoot, 'pkg-consumer', 'lpm_wasm_bg.wasm'), join(dist, 'lpm_wasm_consumer_bg.wasm'));
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
