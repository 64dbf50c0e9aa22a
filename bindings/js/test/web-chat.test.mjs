// The web chat example in real headless Chromium (Debian's /usr/bin/chromium via
// playwright-core): the page talks to the sample agent bot through lpm platform. Twice: the
// page as written (a plain <script type="module"> importing dist/browser.mjs, the consumer
// build) and the page bundled by Vite (`vite build`, the wasm emitted as an asset).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startPlatform } from './support/platform.mjs';
import { startNode } from './support/run.mjs';

const webChat = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'web-chat');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

for (const vite of [false, true]) describe(`web chat in headless Chromium (${vite ? 'Vite build' : 'plain module script'})`, () => {
  let platform;
  let bot;
  let server;
  let browser;
  let page;
  const pageErrors = [];
  const warnings = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: run scripts/test-js.sh (installs Debian's chromium)`);
    platform = await startPlatform();
    bot = await startNode(join(webChat, 'agent-bot.js'), /bot ready/, { cwd: webChat });
    if (vite) {
      execFileSync(process.execPath, [join(webChat, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: webChat, stdio: 'inherit' });
      // the bundler emitted the consumer build's wasm, and only that one
      const wasm = readdirSync(join(webChat, 'dist', 'assets')).filter((f) => f.endsWith('.wasm'));
      assert.equal(wasm.length, 1, wasm.join());
      assert.match(wasm[0], /^lpm_wasm_consumer_bg/);
    }
    const { serve } = await import(join(webChat, 'server.mjs'));
    server = await serve(0, { dist: vite });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // wasm-bindgen's loader warns when it cannot compile the wasm while it streams in
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
    });
    await page.goto(`${server.url}/?account=12345678&csds=${encodeURIComponent(platform.csdsUrl)}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await bot?.stop();
    await platform?.stop();
  });

  it('connects and the agent joins', async () => {
    assert.equal(await page.textContent('#status'), 'connected');
    await page.waitForSelector('.line.system:has-text("an agent joined")', { timeout: 20_000 });
  });

  it('sends a message and shows the reply, with the typing indicator while the agent writes', async () => {
    const sawTyping = page.waitForFunction(() => document.querySelector('#typing').textContent.includes('typing'), null, { timeout: 20_000 });
    await page.fill('#text', 'hello from the browser');
    await page.click('#send');
    await page.waitForSelector('.line.me:has-text("hello from the browser")', { timeout: 20_000 });
    await sawTyping;
    await page.waitForSelector('.line.agent:has-text("you said: hello from the browser")', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('#typing').textContent === '', null, { timeout: 20_000 });
  });

  // the plain page's import map names the package (the Vite page bundles the same build)
  if (!vite) {
    it('the consumer build answers brand-only helpers with an unsupported error naming browser-full', async () => {
      const answer = await page.evaluate(async () => {
        const { default: lpm } = await import('lp-messaging-sdk');
        try {
          await lpm.rest.getConversationById({ accountId: '12345678', token: 't', conversationId: 'c1' });
          return { kind: 'resolved' };
        } catch (e) {
          return { kind: e.kind, message: e.message };
        }
      });
      assert.equal(answer.kind, 'unsupported');
      assert.match(answer.message, /lp-messaging-sdk\/browser-full/);
    });
  }

  it('uploads an image with a preview and downloads the copy the agent sends back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lpm-web-chat-'));
    // a 400×200 PNG drawn by the browser itself: its preview is 150×75
    const pngUrl = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 400;
      c.height = 200;
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#c03';
      ctx.fillRect(0, 0, 400, 200);
      ctx.fillStyle = '#fff';
      ctx.fillRect(100, 50, 200, 100);
      return c.toDataURL('image/png');
    });
    const png = Buffer.from(pngUrl.slice('data:image/png;base64,'.length), 'base64');
    const file = join(dir, 'pixel.png');
    writeFileSync(file, png);
    await page.setInputFiles('#selected-file', file);
    await page.click('#upload');
    const outcome = await page.waitForSelector('.line.system:has-text("file uploaded"), .line.system:has-text("upload failed")', { timeout: 20_000 });
    // the file storage of the platform must answer the browser's CORS preflight for the PUT
    assert.equal(await outcome.textContent(), 'file uploaded');
    // the consumer's own message: the preview the browser drew (consumer build: no decoders
    // in the wasm), checked by the core; the agent's copy: the one the core drew in Node.js
    for (const who of ['me', 'agent']) {
      const img = await page.waitForSelector(`.line.${who} img.preview`, { timeout: 20_000 });
      const shown = await img.evaluate(async (el) => {
        await el.decode();
        return { src: el.src.slice(0, 23), width: el.naturalWidth, height: el.naturalHeight, length: el.src.length };
      });
      assert.equal(shown.src, 'data:image/jpeg;base64,', who);
      assert.deepEqual([shown.width, shown.height], [150, 75], who);
      assert.ok(shown.length < 30_000, `${who}: ${shown.length}`);
    }
    const button = await page.waitForSelector('.line.agent:has-text("here is your file back") button.download', { timeout: 20_000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), button.click()]);
    assert.match(download.suggestedFilename(), /\.PNG$/);
    const saved = join(dir, 'downloaded.png');
    await download.saveAs(saved);
    assert.deepEqual(readFileSync(saved), png);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(warnings.filter((w) => /instantiateStreaming|wasm/i.test(w)), []);
  });
});
