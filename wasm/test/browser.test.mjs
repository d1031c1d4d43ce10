// Real-browser test: headless Debian chromium (/usr/bin/chromium, no browser download) driven by
// playwright-core loads the demo page, puts a signed file and its content into <kyso-verify>,
// and checks the verdict and the signer; a tampered file shows the failure; screenshots go to
// wasm/out/ as test artefacts; a WebCrypto key in the page signs through prepare/finish and
// OpenSSL verifies the result; a WebCrypto key in the page signs a PDF through
// preparePdfSignature/finishPdfSignature, verifyPdf in the page and poppler's pdfsig accept it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../demo/serve.mjs';
import { TestPki, openssl } from './pki.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const artefacts = join(here, '../out');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server;
let origin;
let context;
let page;
let profile;
let pki;
const requests = [];
const consoleErrors = [];

before(async () => {
  mkdirSync(artefacts, { recursive: true });
  pki = new TestPki();
  server = await serve(0);
  origin = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), 'kyso-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1000, height: 900 },
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${origin}/demo/`);
  await page.evaluate(() => customElements.whenDefined('kyso-verify'));
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  pki?.cleanup();
});

const widget = (sel) => page.locator(`kyso-verify ${sel}`);

async function verdict(cls) {
  const v = widget(`.verdict.${cls}`);
  await v.waitFor({ timeout: 30_000 });
  return (await v.textContent()).trim();
}

test('the demo page verifies a detached signature in <kyso-verify> (Vietnamese, then English)', async () => {
  const content = pki.write('cong-van.txt', 'Công văn số 123/UBND-VP về việc thử nghiệm ký số.\n');
  const sig = pki.write('cong-van.txt.p7s', pki.sign(pki.person, content));
  // The host page's advanced inputs: the test root and the two CRLs (the page is offline).
  await page.setInputFiles('#trust-input', pki.root.cert);
  await page.setInputFiles('#crl-input', [pki.path('root.crl'), pki.path('sub.crl')]);
  await page.setInputFiles('kyso-verify .zone[data-zone=signed] input[type=file]', sig);
  // Without its content a detached signature cannot pass.
  await widget('.verdict').waitFor({ timeout: 30_000 });
  assert.notEqual(await widget('.verdict').getAttribute('data-indication'), 'TOTAL-PASSED');
  await page.setInputFiles('kyso-verify .zone[data-zone=content] input[type=file]', content);
  assert.equal(await verdict('passed'), '✓HỢP LỆ: chữ ký số hợp lệ');
  const signer = widget('.signer');
  assert.equal((await signer.locator('h4').textContent()).trim(), 'Nguyễn Văn An');
  const details = await signer.locator('dl').textContent();
  assert.match(details, /CCCD: 001085012345/);
  assert.match(details, /UBND Thành phố Thử Nghiệm/);
  assert.match(details, /Chánh Văn phòng/);
  assert.match(details, /Thời điểm ký.*giờ Việt Nam/);
  assert.match(details, /Kyso Test Root CA \(chứng thư gốc tin cậy\)/);
  // Nothing but the verdict and the signer: no reasons list for a pass, no stray text.
  assert.equal(await widget('.reasons').count(), 0);
  assert.deepEqual(await widget('.result').evaluate((r) => [...r.childNodes].map((n) => n.nodeName)), ['DIV', 'OL']);
  // The result is announced: a polite live region.
  const region = widget('.result');
  assert.equal(await region.getAttribute('role'), 'status');
  assert.equal(await region.getAttribute('aria-live'), 'polite');
  await page.screenshot({ path: join(artefacts, 'browser-valid-vi.png'), fullPage: true });

  await page.selectOption('#lang-select', 'en');
  await widget('.verdict.passed >> text=VALID').waitFor({ timeout: 30_000 });
  assert.equal(await verdict('passed'), '✓VALID: the signature is valid');
  assert.match(await signer.locator('dl').textContent(), /Signing time.*Vietnam time/);
  await page.screenshot({ path: join(artefacts, 'browser-valid-en.png'), fullPage: true });
  await page.selectOption('#lang-select', 'vi');
  await widget('.verdict.passed >> text=HỢP LỆ').waitFor({ timeout: 30_000 });
});

test('a tampered file shows the failure and its reason', async () => {
  const tampered = pki.write('cong-van-sua.txt', 'Công văn số 124/UBND-VP về việc thử nghiệm ký số.\n');
  await page.setInputFiles('kyso-verify .zone[data-zone=content] input[type=file]', tampered);
  assert.equal(await verdict('failed'), '✗KHÔNG HỢP LỆ: chữ ký số không hợp lệ');
  const reasons = await widget('.reasons').textContent();
  assert.match(reasons, /Nội dung đã bị thay đổi sau khi ký/);
  assert.equal(await widget('.signer').getAttribute('data-indication'), 'TOTAL-FAILED');
  await page.screenshot({ path: join(artefacts, 'browser-tampered-vi.png'), fullPage: true });
});

test('the widget is keyboard accessible', async () => {
  await page.locator('#lang-select').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.querySelector('kyso-verify');
    const a = el.shadowRoot.activeElement;
    return a ? `${a.tagName} ${a.textContent}` : null;
  });
  assert.equal(focused, 'BUTTON Chọn tệp…');
  // Enter on the focused button activates the signed-file input (which opens the chooser).
  // Observed through the input's click event: Chromium's own 'filechooser' event proved
  // unreliable under load (a native dialog request can be dropped), the activation is not.
  await page.evaluate(() => {
    const root = document.querySelector('kyso-verify').shadowRoot;
    window.__kysoActivated = null;
    for (const input of root.querySelectorAll('input[type=file]')) {
      input.addEventListener('click', (e) => {
        window.__kysoActivated = e.target.closest('.zone').dataset.zone;
        e.preventDefault();
      }, { once: true });
    }
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__kysoActivated !== null, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__kysoActivated), 'signed');
});

test('dropping the original content back onto the drop zone shows the pass again', async () => {
  const original = 'Công văn số 123/UBND-VP về việc thử nghiệm ký số.\n';
  await page.evaluate((text) => {
    const zone = document.querySelector('kyso-verify').shadowRoot.querySelector('.zone[data-zone=content]');
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'cong-van.txt', { type: 'text/plain' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, original);
  assert.equal(await verdict('passed'), '✓HỢP LỆ: chữ ký số hợp lệ');
});

test('a WebCrypto key in the page signs through prepare/finish; OpenSSL verifies', async () => {
  for (const alg of [
    { name: 'ECDSA', namedCurve: 'P-256' },
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: [1, 0, 1], hash: 'SHA-256' },
  ]) {
    const spki = await page.evaluate(async (alg) => {
      if (alg.publicExponent) alg.publicExponent = new Uint8Array(alg.publicExponent);
      window.kysoTestKey = await crypto.subtle.generateKey(alg, false, ['sign', 'verify']);
      const der = new Uint8Array(await crypto.subtle.exportKey('spki', window.kysoTestKey.publicKey));
      return btoa(String.fromCharCode(...der));
    }, alg);
    const name = `browser-${alg.name.toLowerCase()}`;
    const pub = pki.write(`${name}.pub.pem`, `-----BEGIN PUBLIC KEY-----\n${spki.replace(/.{64}/g, '$&\n')}\n-----END PUBLIC KEY-----\n`);
    const leaf = pki.leaf(name, `/C=VN/UID=CCCD:079190001234/CN=Lê Thị Cúc (${alg.name})`, null, { pubkey: pub });
    const text = 'Quyết định số 01/QĐ-UBND (ký trên trình duyệt)';
    const b64 = await page.evaluate(async ({ pem, sub, text }) => {
      const kyso = await import('/pkg/index.js');
      const der = await kyso.signWithWebCrypto(window.kysoTestKey.privateKey, {
        content: new TextEncoder().encode(text), detached: true, certificate: pem, chain: [sub],
      });
      return btoa(String.fromCharCode(...der));
    }, { pem: leaf.pem, sub: pki.sub.pem, text });
    const content = pki.write(`${name}.txt`, text);
    pki.opensslVerify(Buffer.from(b64, 'base64'), content);
    console.log(`${alg.name}: signed in chromium, verified by openssl cms -verify`);
  }
});

test('a configuration error is shown in the widget (amber, with its code), not thrown at the page', async () => {
  const text = await page.evaluate(async () => {
    const el = document.createElement('kyso-verify');
    el.id = 'broken';
    el.setAttribute('bundles', 'vn-khong-co');
    document.body.append(el);
    const done = new Promise((ok) => el.addEventListener('kyso-verify-result', (e) => ok(e.detail), { once: true }));
    const input = el.shadowRoot.querySelector('.zone[data-zone=signed] input');
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])], 'x.p7s'));
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
    const detail = await done;
    return { code: detail.error && detail.error.code, shown: el.shadowRoot.querySelector('.result').textContent };
  });
  assert.equal(text.code, 'trust.unknown-bundle');
  assert.match(text.shown, /Không thể kiểm tra/);
  assert.match(text.shown, /trust\.unknown-bundle/);
  await page.evaluate(() => document.getElementById('broken').remove());
});

test('a dropped signed PDF is detected by core\'s rule and shows one verdict per signature with its modification level', async () => {
  const pdf = pki.signPdf(pki.person, { update: 'annotation' });
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const zone = document.querySelector('kyso-verify').shadowRoot.querySelector('.zone[data-zone=signed]');
    const dt = new DataTransfer();
    // A name without .pdf: detection is by content, not by name.
    dt.items.add(new File([bytes], 'van-ban-da-ky', { type: 'application/octet-stream' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, (await import('node:fs')).readFileSync(pdf).toString('base64'));
  const signature = widget('.signer[data-field=Signature1]');
  await signature.waitFor({ timeout: 30_000 });
  assert.equal(await signature.getAttribute('data-modification-level'), 'annotations');
  assert.equal(await widget('.signer').count(), 1);
  assert.equal((await signature.locator('.modification').textContent()).trim(), 'Thay đổi sau khi ký: thêm chú thích');
  const details = await signature.locator('dl').textContent();
  assert.match(details, /Signature1 \(chữ ký phê duyệt\)/);
  assert.match(details, /Nguyễn Văn An/);
  await page.screenshot({ path: join(artefacts, 'browser-pdf-vi.png'), fullPage: true });
});

test('a WebCrypto key in the page signs a PDF (preparePdfSignature/finishPdfSignature); verifyPdf in the page and pdfsig accept it', async () => {
  const spki = await page.evaluate(async () => {
    window.kysoPdfKey = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const der = new Uint8Array(await crypto.subtle.exportKey('spki', window.kysoPdfKey.publicKey));
    return btoa(String.fromCharCode(...der));
  });
  const pub = pki.write('browser-pdf.pub.pem', `-----BEGIN PUBLIC KEY-----\n${spki.replace(/.{64}/g, '$&\n')}\n-----END PUBLIC KEY-----\n`);
  const leaf = pki.leaf('browser-pdf', '/C=VN/UID=MST:0100686209/CN=Văn phòng Thử Nghiệm (trình duyệt)', null, { pubkey: pub });
  const { readFileSync } = await import('node:fs');
  const input = readFileSync(pki.signPdf(pki.person));
  const b64 = (x) => Buffer.from(x).toString('base64');
  const result = await page.evaluate(async ({ pdf, pem, sub, root, crls }) => {
    const bytes = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const kyso = await import('/pkg/index.js');
    const input = bytes(pdf);
    const prepared = await kyso.preparePdfSignature(new Blob([input]), {
      certificate: pem, chain: [sub], scheme: kyso.schemeForKey(window.kysoPdfKey.privateKey),
      subFilter: 'cades', field: 'CoQuan', reason: 'Ký trên trình duyệt',
    });
    const sig = new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, window.kysoPdfKey.privateKey, prepared.toBeSigned));
    const signed = await kyso.finishPdfSignature(prepared, sig);
    const prefix = input.every((b, i) => signed[i] === b);
    const report = await kyso.verifyPdf(signed, { trust: { certificates: [root] }, crls: crls.map(bytes), lang: 'en' });
    let s = '';
    for (let i = 0; i < signed.length; i += 0x8000) s += String.fromCharCode(...signed.subarray(i, i + 0x8000));
    return {
      prefix, longer: signed.length > input.length, signed: btoa(s), indication: report.indication,
      signatures: report.signatures.map((x) => [x.field, x.sub_filter, x.indication]),
    };
  }, { pdf: b64(input), pem: leaf.pem, sub: pki.sub.pem, root: pki.root.pem, crls: [b64(pki.rootCrl), b64(pki.subCrl)] });
  assert.ok(result.prefix && result.longer, 'the input is a prefix of the signed PDF');
  assert.equal(result.indication, 'TOTAL-PASSED', JSON.stringify(result.signatures));
  assert.deepEqual(result.signatures, [
    ['Signature1', 'adbe.pkcs7.detached', 'TOTAL-PASSED'],
    ['CoQuan', 'ETSI.CAdES.detached', 'TOTAL-PASSED'],
  ]);
  const { execFileSync } = await import('node:child_process');
  const path = pki.write('browser-signed.pdf', Buffer.from(result.signed, 'base64'));
  const out = execFileSync('pdfsig', ['-nocert', '-no-ocsp', path]).toString();
  assert.equal(out.split('Signature is Valid.').length - 1, 2, out);
  console.log('PDF signed in chromium (ECDSA P-256, ETSI.CAdES.detached): verifyPdf TOTAL-PASSED, pdfsig valid');
});

test('a time-stamped signature shows its time-stamp line (time, TSA, verdict) in <kyso-verify>', async () => {
  // The signature is time-stamped in Node by the full build (timestampSignature, the TSA being
  // `openssl ts -reply` behind an injected fetch); the widget (verify-only engine) shows it.
  const tsa = pki.path('tsa');
  execFileSync('bash', [fileURLToPath(new URL('../../tests/tsa/make-pki.sh', import.meta.url)), tsa], { stdio: 'pipe' });
  const content = pki.write('quyet-dinh.txt', 'Quyết định số 45/QĐ-UBND.\n');
  const fetch = async (url, init) => {
    const q = pki.write('browser.tsq', new Uint8Array(init.body));
    return new Response(openssl(['ts', '-reply', '-config', `${tsa}/tsa.cnf`, '-section', 'tsa_good', '-queryfile', q]));
  };
  const kyso = await import('kyso-wasm');
  const stamped = await kyso.timestampSignature(pki.sign(pki.person, content), {
    tsa: 'http://tsa.kyso.test/', fetch, trust: { certificates: [readFileSync(`${tsa}/root.pem`)] },
  });
  await page.setInputFiles('#trust-input', [pki.root.cert, `${tsa}/root.pem`]);
  await page.setInputFiles('#crl-input', [pki.path('root.crl'), pki.path('sub.crl'), `${tsa}/root.crl`]);
  await page.setInputFiles('kyso-verify .zone[data-zone=content] input[type=file]', content);
  await page.setInputFiles('kyso-verify .zone[data-zone=signed] input[type=file]', pki.write('quyet-dinh.txt.p7s', stamped));
  assert.equal(await verdict('passed'), '✓HỢP LỆ: chữ ký số hợp lệ');
  const details = await widget('.signer dl').textContent();
  assert.match(details, /Dấu thời gian\d\d:\d\d:\d\d \d\d\/\d\d\/\d{4} — Kyso Test TSA good — HỢP LỆ: chữ ký số hợp lệ/);
});

test('the page made no request outside its own origin, and logged no error', () => {
  const outside = requests.filter((u) => !u.startsWith(origin));
  assert.deepEqual(outside, []);
  assert.deepEqual(consoleErrors, []);
  console.log(`${requests.length} requests, all to ${origin}`);
});
