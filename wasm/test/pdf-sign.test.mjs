// Node tests of PDF signing in the npm package (issue 11 item 7), imported by its public name:
// WebCrypto keys sign PDFs through preparePdfSignature → crypto.subtle.sign →
// finishPdfSignature (and signPdfWithWebCrypto); every result is verified by verifyPdf
// (TOTAL-PASSED) and must start with the input byte for byte; poppler's pdfsig checks them too.
// Refusals carry core's codes; the verify-only build has no PDF signing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as kyso from 'kyso-wasm';
import * as kysoVerify from 'kyso-wasm/verify';
import { TestPki } from './pki.mjs';

let pki;
before(() => { pki = new TestPki(); });
after(() => pki.cleanup());

/** A one-page PDF with a classic cross-reference table, written byte by byte (ISO 32000-2 §7.5). */
function onePagePdf(trailerExtra = '') {
  const content = 'BT /F1 18 Tf 72 720 Td (Cong van so 1) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

async function webCryptoIdentity(name, algorithm) {
  const pair = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const b64 = Buffer.from(spki).toString('base64').replace(/.{64}/g, '$&\n');
  const pubPath = pki.write(`${name}.pub.pem`, `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`);
  const leaf = pki.leaf(name, `/C=VN/UID=CCCD:079190001234/CN=Tran Thi Binh (${name})`, null, { pubkey: pubPath });
  return { pair, leaf };
}

async function rejectsWith(promise, code) {
  let error;
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error object');
    assert.equal(e.name, 'KysoError');
    assert.equal(e.code, code, e.message);
    error = e;
    return true;
  });
  return error;
}

function startsWith(signed, input) {
  assert.ok(signed.length > input.length);
  assert.deepEqual(signed.subarray(0, input.length), input instanceof Uint8Array ? input : new Uint8Array(input));
}

async function verifiedPdf(signed, count) {
  const report = await kyso.verifyPdf(signed, pki.options({ lang: 'en' }));
  assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report, null, 1));
  assert.equal(report.signatures.length, count);
  for (const s of report.signatures) assert.equal(s.indication, 'TOTAL-PASSED');
  return report;
}

/** poppler's pdfsig: "Signature is Valid." for each signature (`-nocert`: the test PKI is not in NSS). */
function pdfsigValid(signed, count) {
  const path = pki.write(`pdfsig-${Math.random().toString(36).slice(2)}.pdf`, signed);
  const out = execFileSync('pdfsig', ['-nocert', '-no-ocsp', path], { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  assert.equal(out.split('Signature is Valid.').length - 1, count, out);
}

test('signPdfWithWebCrypto certifies a PDF (ECDSA P-256): verifyPdf TOTAL-PASSED, pdfsig valid, input a prefix', async () => {
  const { pair, leaf } = await webCryptoIdentity('pdf-p256', { name: 'ECDSA', namedCurve: 'P-256' });
  const input = onePagePdf();
  const signed = await kyso.signPdfWithWebCrypto(pair.privateKey, input, {
    certificate: leaf.pem, chain: [pki.sub.pem], certify: 2, field: 'ChuKyLanhDao',
    reason: 'Phê duyệt công văn', location: 'Hà Nội', contact: 'vanthu@example.gov.vn',
  });
  assert.ok(signed instanceof Uint8Array);
  startsWith(signed, input);
  const report = await verifiedPdf(signed, 1);
  const s = report.signatures[0];
  assert.equal(s.field, 'ChuKyLanhDao');
  assert.equal(s.kind, 'certification');
  assert.equal(s.docmdp, 2);
  assert.equal(s.sub_filter, 'adbe.pkcs7.detached');
  assert.equal(s.reason, 'Phê duyệt công văn');
  assert.equal(s.location, 'Hà Nội');
  assert.equal(s.cms.signers[0].signer.common_name, 'Tran Thi Binh (pdf-p256)');
  pdfsigValid(signed, 1);
});

test('preparePdfSignature → WebCrypto → finishPdfSignature (RSA, CAdES, visible) adds a second signature to an OpenSSL-signed PDF; the state travels as JSON', async () => {
  const { pair, leaf } = await webCryptoIdentity('pdf-rsa', { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' });
  const input = new Uint8Array(readFileSync(pki.signPdf(pki.person)));
  const prepared = await kyso.preparePdfSignature(new Blob([input]), {
    certificate: leaf.pem, chain: [pki.sub.pem], scheme: kyso.schemeForKey(pair.privateKey),
    subFilter: 'cades', page: 1, rect: { x: 350, y: 80, width: 200, height: 60 },
  });
  assert.equal(prepared.scheme, 'rsa-pkcs1v15-sha256');
  assert.equal(prepared.digestAlgorithm, 'sha256');
  assert.equal(prepared.digest.length, 32);
  // The state (not the PDF) goes to a server and back as JSON; the PDF is given again.
  const travelled = JSON.parse(JSON.stringify({ state: [...prepared.state] }));
  const signature = new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, pair.privateKey, prepared.toBeSigned));
  // A signature by another key: refused, and the prepared state stays usable.
  const other = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['sign']);
  const wrong = new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, other.privateKey, prepared.toBeSigned));
  await rejectsWith(kyso.finishPdfSignature(prepared, wrong), 'cms.external-signature-invalid');
  // Another PDF than the prepared one: refused with core's sentence.
  const e = await rejectsWith(kyso.finishPdfSignature({ state: new Uint8Array(travelled.state), pdf: input.subarray(1) }, signature), 'pdf.sign.input-mismatch');
  assert.match(e.messages.vi, /không phải tệp đã chuẩn bị ký/);
  const signed = await kyso.finishPdfSignature({ state: new Uint8Array(travelled.state), pdf: input }, signature);
  startsWith(signed, input);
  const report = await verifiedPdf(signed, 2);
  assert.equal(report.signatures[0].modification_level, 'form-filling');
  assert.equal(report.signatures[1].sub_filter, 'ETSI.CAdES.detached');
  assert.equal(report.signatures[1].kind, 'approval');
  assert.equal(report.signatures[1].covers_whole_document, true);
  pdfsigValid(signed, 2);
});

test('PDF signing refusals carry core codes and vi/en sentences', async () => {
  const { pair, leaf } = await webCryptoIdentity('pdf-p256-errors', { name: 'ECDSA', namedCurve: 'P-256' });
  const req = { certificate: leaf.pem, scheme: 'ecdsa-sha256' };
  let e = await rejectsWith(kyso.preparePdfSignature(new TextEncoder().encode('not a PDF'), req), 'pdf.sign.read');
  assert.ok(e.messages.vi && e.messages.en);
  e = await rejectsWith(kyso.preparePdfSignature(onePagePdf(' /Encrypt << /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 /Length 128 >>'), req), 'pdf.sign.encrypted');
  assert.match(e.messages.vi, /mã hóa/);
  assert.match(e.messages.en, /encrypted/);
  e = await rejectsWith(kyso.preparePdfSignature(onePagePdf(), { ...req, certify: 4 }), 'pdf.sign.bad-certification-level');
  assert.match(e.messages.vi, /Mức chứng thực 4/);
  await rejectsWith(kyso.preparePdfSignature(onePagePdf(), { ...req, certify: 1.5 }), 'input.bad-type');
  await rejectsWith(kyso.preparePdfSignature(onePagePdf(), { ...req, subFilter: 'adbe.pkcs7.sha1' }), 'pdf.sign.unknown-subfilter');
  await rejectsWith(kyso.preparePdfSignature(onePagePdf(), { ...req, page: 1 }), 'input.bad-type');
  await rejectsWith(kyso.preparePdfSignature(onePagePdf(), { ...req, page: 3, rect: { x: 0, y: 0, width: 10, height: 10 } }), 'pdf.sign.page-out-of-range');
  await rejectsWith(kyso.preparePdfSignature(onePagePdf(), { ...req, rect: { x: 0, y: 0, width: -1, height: 10 } }), 'pdf.sign.bad-rect');
  await rejectsWith(kyso.preparePdfSignature(onePagePdf(), { ...req, scheme: 'rsa-pkcs1v15-sha256' }), 'crypto.scheme-key-mismatch');
  // Certifying a document that is already signed.
  const signed = await kyso.signPdfWithWebCrypto(pair.privateKey, onePagePdf(), { certificate: leaf.pem });
  await rejectsWith(kyso.signPdfWithWebCrypto(pair.privateKey, signed, { certificate: leaf.pem, certify: 2 }), 'pdf.sign.certification-not-first');
  await rejectsWith(kyso.finishPdfSignature({ state: new Uint8Array([1, 2, 3]), pdf: signed }, new Uint8Array(64)), 'pdf.sign.bad-state');
  await rejectsWith(kyso.finishPdfSignature({}, new Uint8Array(64)), 'input.bad-type');
});

test('the verify-only build has no PDF signing; it verifies a PDF the full build signed', async () => {
  assert.equal(typeof kysoVerify.preparePdfSignature, 'undefined');
  assert.equal(typeof kysoVerify.finishPdfSignature, 'undefined');
  assert.equal(typeof kysoVerify.signPdfWithWebCrypto, 'undefined');
  const { pair, leaf } = await webCryptoIdentity('pdf-p256-vo', { name: 'ECDSA', namedCurve: 'P-256' });
  const signed = await kyso.signPdfWithWebCrypto(pair.privateKey, onePagePdf(), { certificate: leaf.pem, chain: [pki.sub.pem] });
  const report = await kysoVerify.verifyPdf(signed, pki.options());
  assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report, null, 1));
});
