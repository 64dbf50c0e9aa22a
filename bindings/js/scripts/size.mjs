#!/usr/bin/env node
// What a browser downloads from dist/, gzipped (level 9, as a web server would serve it):
// the consumer build (browser.mjs + lpm_wasm_consumer_bg.wasm) and the full build
// (browser-full.mjs + lpm_wasm_bg.wasm); also the Node.js build's wasm (lpm_wasm_node_bg.wasm,
// speed-tuned, read from disk: its size is printed for the record).
// Usage: node scripts/size.mjs [--budget KIB [--enforce]]
//   --budget: say whether the consumer build is within KIB; --enforce: exit 1 when it is not.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function measure(files) {
  let raw = 0;
  let gz = 0;
  const parts = files.map((f) => {
    const bytes = readFileSync(join(dist, f));
    const z = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += z;
    return `${f} ${kib(bytes.length)} (${kib(z)} gz)`;
  });
  return { raw, gz, parts: parts.join(' + ') };
}

const consumer = measure(['browser.mjs', 'lpm_wasm_consumer_bg.wasm']);
const full = measure(['browser-full.mjs', 'lpm_wasm_bg.wasm']);
const node = measure(['lpm_wasm_node_bg.wasm']);
const at = process.argv.indexOf('--budget');
const budget = at > 0 ? Number(process.argv[at + 1]) : undefined;
const verdict = budget === undefined ? '' : consumer.gz <= budget * 1024 ? `, within the ${budget} KiB budget` : `, OVER the ${budget} KiB budget`;
console.log(`==> size: browser consumer build ${kib(consumer.gz)} gzipped${verdict} [${consumer.parts}]`);
console.log(`==> size: browser full build (lp-messaging-sdk/browser-full) ${kib(full.gz)} gzipped [${full.parts}]`);
console.log(`==> size: Node.js build ${kib(node.raw)} (${kib(node.gz)} gzipped) [${node.parts}]`);
if (budget !== undefined && consumer.gz > budget * 1024 && process.argv.includes('--enforce')) process.exitCode = 1;
