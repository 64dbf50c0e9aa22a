// The public operations of both SDKs, for the parity check (test/parity.test.mjs) and for
// `node test/support/parity.mjs` (prints both lists, to help when updating parity.json).
//
// Rust: every `pub fn` / `pub async fn` of crates/sdk/src (but the driver), as `Type::name`
// for methods (the type of the enclosing `impl Type`, not trait impls) and `name` for free
// functions. A plain source scan: it tracks braces, skipping comments, strings and chars.
// JavaScript: every public member (method, accessor, property; static ones as well) of every
// class the package exports, read from the built declarations (dist/types, where `@internal`
// members are stripped), as `Class.name` (a public constructor as `Class.constructor`); every exported function as `name`; the functions
// of the exported namespaces and objects (`rest`, `CSDS`) as `rest.name`, `CSDS.name`.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const pkgRoot = join(here, '..', '..');
export const repoRoot = join(pkgRoot, '..', '..');

function rustFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === 'driver' ? [] : rustFiles(join(dir, e.name));
    return e.name.endsWith('.rs') ? [join(dir, e.name)] : [];
  });
}

/** Source text with comments, string and char literals blanked (same length, lines kept). */
function code(text) {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && text[i] !== '\n') (out += ' '), i++;
    } else if (c === '/' && next === '*') {
      let depth = 0;
      do {
        if (text[i] === '/' && text[i + 1] === '*') (depth++, (out += '  '), (i += 2));
        else if (text[i] === '*' && text[i + 1] === '/') (depth--, (out += '  '), (i += 2));
        else (out += text[i] === '\n' ? '\n' : ' '), i++;
      } while (i < n && depth > 0);
    } else if (c === 'r' && /^r#*"/.test(text.slice(i, i + 8)) && !/\w/.test(text[i - 1] ?? '')) {
      const hashes = /^r(#*)"/.exec(text.slice(i))[1];
      const end = text.indexOf(`"${hashes}`, i + hashes.length + 2);
      const stop = end < 0 ? n : end + hashes.length + 1;
      for (; i < stop; i++) out += text[i] === '\n' ? '\n' : ' ';
    } else if (c === '"') {
      out += ' ';
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\') (out += ' '), i++;
        out += text[i] === '\n' ? '\n' : ' ';
        i++;
      }
      out += ' ';
      i++;
    } else if (c === "'" && /^'(\\.|[^\\'])'/.test(text.slice(i, i + 4))) {
      const m = /^'(\\.|[^\\'])'/.exec(text.slice(i));
      out += ' '.repeat(m[0].length);
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every public operation of the Rust SDK (crates/sdk/src), sorted. */
export function rustOperations(srcDir = join(repoRoot, 'crates', 'sdk', 'src')) {
  const ops = new Set();
  for (const file of rustFiles(srcDir)) {
    const text = code(readFileSync(file, 'utf8'));
    let depth = 0;
    const impls = []; // {type, depth}: the brace depth inside the impl block
    let pendingImpl; // an impl header seen, waiting for its `{`
    let cfgTest = false;
    let testDepth = -1;
    const tokens = text.matchAll(/#\[cfg\(test\)\]|\bimpl\b[^{;]*|\bpub\s+(?:async\s+)?(?:unsafe\s+)?(?:const\s+)?fn\s+(\w+)|[{}]/g);
    for (const m of tokens) {
      const t = m[0];
      if (t === '#[cfg(test)]') cfgTest = true;
      else if (t === '{') {
        depth++;
        if (pendingImpl !== undefined) impls.push({ type: pendingImpl, depth }), (pendingImpl = undefined);
        if (cfgTest) (testDepth = depth), (cfgTest = false);
      } else if (t === '}') {
        if (impls.length && impls.at(-1).depth === depth) impls.pop();
        if (testDepth === depth) testDepth = -1;
        depth--;
      } else if (t.startsWith('impl')) {
        // `impl<T> Type<T> {` → Type; `impl Trait for Type {` → null (trait methods are not listed)
        const header = t.replace(/^impl\s*(<[^>]*(?:<[^>]*>[^>]*)*>)?/, '').trim();
        pendingImpl = /\bfor\b/.test(header) ? null : /^(?:[\w:]+::)?(\w+)/.exec(header)?.[1] ?? null;
      } else if (m[1] && testDepth < 0) {
        const inside = impls.at(-1);
        if (inside && inside.depth === depth) {
          if (inside.type) ops.add(`${inside.type}::${m[1]}`);
        } else if (!inside && depth === 0) ops.add(m[1]);
      }
    }
  }
  return [...ops].sort();
}

/** Every public operation of the JavaScript SDK (the built package), sorted. */
export function jsOperations() {
  const require = createRequire(join(pkgRoot, 'package.json'));
  const ts = require('typescript');
  const lpm = require(join(pkgRoot, 'dist', 'index.cjs'));
  // public members of every class declared in dist/types (`@internal` ones are stripped)
  const declared = new Map(); // class name → [{name, method}]
  const typesDir = join(pkgRoot, 'dist', 'types');
  for (const file of readdirSync(typesDir).filter((f) => f.endsWith('.d.ts'))) {
    const sf = ts.createSourceFile(file, readFileSync(join(typesDir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const st of sf.statements) {
      if (!ts.isClassDeclaration(st) || !st.name) continue;
      const members = [];
      for (const member of st.members) {
        const mods = ts.getCombinedModifierFlags(member);
        if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        // a public constructor (`new lpm.TokenMaintainer(…)`) is an operation too
        if (ts.isConstructorDeclaration(member)) members.push({ name: 'constructor', method: false });
        else if (member.name && !ts.isPrivateIdentifier(member.name)) members.push({ name: member.name.getText(sf), method: ts.isMethodDeclaration(member) });
      }
      declared.set(st.name.text, members);
    }
  }
  const ops = new Set();
  for (const [name, value] of Object.entries(lpm)) {
    if (name === 'default') continue; // the same API object, for `import lpm from`
    if (typeof value === 'function') {
      if (!/^class\b/.test(Function.prototype.toString.call(value))) {
        ops.add(name);
        continue;
      }
      const members = declared.get(name);
      if (!members) throw new Error(`class ${name} is exported but has no declaration in dist/types`);
      for (const m of members) ops.add(`${name}.${m.name}`);
    } else if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      // namespaces (`rest`) and helper objects (`CSDS`, an instance); enums are frozen values
      for (const [k, v] of Object.entries(value)) if (typeof v === 'function') ops.add(`${name}.${k}`);
      for (const m of declared.get(value.constructor?.name) ?? []) if (m.method) ops.add(`${name}.${m.name}`);
    }
  }
  return [...ops].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('# Rust\n' + rustOperations().join('\n'));
  console.log('\n# JavaScript\n' + jsOperations().join('\n'));
}
