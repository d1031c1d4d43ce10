// Node tests of PDF verification in the npm package (issue 11), imported by its public name:
// PDFs signed at test time by OpenSSL over their ByteRange (test/pki.mjs → make-signed-pdf.py),
// given as bytes, a Blob and a ReadableStream, through the full and the verify-only builds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, openAsBlob } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import * as kyso from 'kyso-wasm';
import * as kysoVerify from 'kyso-wasm/verify';
import { TestPki } from './pki.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const testdata = process.env.KYSO_TESTDATA ?? join(here, '../../../shared/testdata');

let pki;
let signedPath;
let signed;
before(() => {
  pki = new TestPki();
  signedPath = pki.signPdf(pki.person);
  signed = readFileSync(signedPath);
});
after(() => pki.cleanup());

function streamOf(bytes, chunk = 1000) {
  let o = 0;
  return new ReadableStream({
    pull(c) {
      if (o >= bytes.length) { c.close(); return; }
      c.enqueue(new Uint8Array(bytes.subarray(o, o + chunk)));
      o += chunk;
    },
  });
}

test('a signed PDF verifies: one signature, its field, signer and modification level', async () => {
  const report = await kyso.verifyPdf(signed, pki.options());
  assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report, null, 1));
  assert.equal(report.format, 'pdf');
  assert.equal(report.revisions, 1);
  assert.equal(report.verdict, 'HỢP LỆ: chữ ký số hợp lệ');
  assert.equal(report.lang, 'vi');
  assert.equal(report.signatures.length, 1);
  const s = report.signatures[0];
  assert.equal(s.field, 'Signature1');
  assert.equal(s.kind, 'approval');
  assert.equal(s.sub_filter, 'adbe.pkcs7.detached');
  assert.equal(s.covers_whole_document, true);
  assert.equal(s.modification_level, 'none');
  assert.equal(s.modification, 'Thay đổi sau khi ký: không có');
  assert.equal(s.kind_text, 'chữ ký phê duyệt');
  assert.equal(s.cms.signers[0].signer.common_name, 'Nguyễn Văn An');
  const en = await kyso.verifyPdf(signed, pki.options({ lang: 'en' }));
  assert.equal(en.signatures[0].modification, 'Changes after signing: none');
  assert.equal(en.verdict, 'VALID: the signature is valid');
});

test('the same report from bytes, a Blob and a ReadableStream, in both builds', async () => {
  const now = new Date();
  const strip = (r) => JSON.stringify(r);
  const fromBytes = strip(await kyso.verifyPdf(signed, pki.options({ now })));
  const fromBlob = strip(await kyso.verifyPdf(await openAsBlob(signedPath), pki.options({ now })));
  const fromStream = strip(await kyso.verifyPdf(streamOf(signed), pki.options({ now })));
  const fromArrayBuffer = strip(await kyso.verifyPdf(signed.buffer.slice(signed.byteOffset, signed.byteOffset + signed.length), pki.options({ now })));
  const verifyOnly = strip(await kysoVerify.verifyPdf(signed, pki.options({ now })));
  assert.equal(fromBlob, fromBytes);
  assert.equal(fromStream, fromBytes);
  assert.equal(fromArrayBuffer, fromBytes);
  assert.equal(verifyOnly, fromBytes);
});

test('an update after signing: the signature covers revision 1 of 2 and the change is reported', async () => {
  const annotated = readFileSync(pki.signPdf(pki.person, { update: 'annotation' }));
  const report = await kyso.verifyPdf(annotated, pki.options({ lang: 'en' }));
  assert.equal(report.revisions, 2);
  const s = report.signatures[0];
  assert.equal(s.covers_whole_document, false);
  assert.equal(s.revision, 1);
  assert.equal(s.cms.indication, 'TOTAL-PASSED');
  assert.notEqual(s.modification_level, 'none', JSON.stringify(report, null, 1));
  assert.match(s.modification, /^Changes after signing: /);
});

test('an annotation added after signing is reported at the annotations level', async () => {
  const annotated = readFileSync(pki.signPdf(pki.person, { update: 'annotation' }));
  const report = await kyso.verifyPdf(annotated, pki.options({ lang: 'en' }));
  const s = report.signatures[0];
  assert.equal(s.modification_level, 'annotations');
  assert.equal(s.modification, 'Changes after signing: annotations');
});

test('a changed covered byte fails with HASH_FAILURE', async () => {
  const tampered = Buffer.from(signed);
  const i = tampered.indexOf('(Kyso PDF test)') + 1;
  tampered[i] ^= 0x20;
  const report = await kyso.verifyPdf(tampered, pki.options());
  assert.equal(report.indication, 'TOTAL-FAILED');
  assert.equal(report.signatures[0].indication, 'TOTAL-FAILED');
  assert.equal(report.signatures[0].sub_indication, 'HASH_FAILURE');
});

test('untrusted, not a PDF, truncated: reports, never a pass nor an exception', async () => {
  const untrusted = await kyso.verifyPdf(signed, { trust: { certificates: [] } });
  assert.equal(untrusted.indication, 'INDETERMINATE');
  const notPdf = await kyso.verifyPdf(new TextEncoder().encode('not a pdf at all'), pki.options());
  assert.notEqual(notPdf.indication, 'TOTAL-PASSED');
  assert.equal(notPdf.signatures.length, 0);
  for (const cut of [1, 100, 700, 5000, signed.length - 10]) {
    const r = await kyso.verifyPdf(signed.subarray(0, cut), pki.options());
    assert.notEqual(r.indication, 'TOTAL-PASSED', `cut at ${cut}`);
  }
});

test('an encrypted PDF: the full build opens it with the empty user password; the verify-only build, made without decryption, says so', async () => {
  // qpdf (installed by scripts/pdf-peers.sh) re-encrypts the whole file with AES-256: the
  // signature no longer matches, but the full build reaches it; the verify-only build cannot.
  const encryptedPath = pki.path('encrypted.pdf');
  execFileSync('qpdf', ['--encrypt', '', 'owner-secret', '256', '--', signedPath, encryptedPath]);
  const encrypted = readFileSync(encryptedPath);
  const full = await kyso.verifyPdf(encrypted, pki.options());
  assert.equal(full.encrypted, true);
  assert.equal(full.signatures.length, 1, JSON.stringify(full.findings));
  assert.ok(!full.findings.some((f) => f.code.startsWith('pdf.crypt.')), JSON.stringify(full.findings));
  const lite = await kysoVerify.verifyPdf(encrypted, pki.options({ lang: 'en' }));
  assert.equal(lite.indication, 'INDETERMINATE');
  assert.equal(lite.encrypted, true);
  assert.equal(lite.signatures.length, 0);
  assert.deepEqual(lite.findings.map((f) => f.code), ['pdf.crypt.not-in-this-build']);
  assert.match(lite.findings[0].message, /without PDF decryption/);
});

test('time-stamps (issue 12): the verify-only build reports a document time-stamp and signature time-stamps as the full build does, every finding a sentence', async () => {
  // esig-dss: five PAdES signatures and one document time-stamp (real TSA tokens).
  const pdf = readFileSync(join(testdata, 'pdf/esig-dss/pades-5-signatures-and-1-document-timestamp.pdf'));
  for (const lang of ['vi', 'en']) {
    const opts = { trust: { certificates: [] }, now: new Date('2026-01-01T00:00:00Z'), lang };
    const full = await kyso.verifyPdf(pdf, opts);
    const lite = await kysoVerify.verifyPdf(pdf, opts);
    assert.equal(JSON.stringify(lite), JSON.stringify(full));
    const stamps = lite.signatures.filter((s) => s.kind === 'document-timestamp');
    assert.equal(stamps.length, 1, JSON.stringify(lite.signatures.map((s) => s.kind)));
    assert.ok(stamps[0].timestamp, 'the document time-stamp has its token report');
    assert.ok(lite.signatures.some((s) => s.cms?.signers?.some((x) => x.timestamps?.length)), 'signature time-stamps');
    // The verify-only engine leaves out the signing side's sentences (core feature
    // sign-messages), never a verification one: no finding reads as its bare code.
    const findings = [];
    const walk = (n) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        if (typeof n.code === 'string' && typeof n.severity === 'string') findings.push(n);
        Object.values(n).forEach(walk);
      }
    };
    walk(lite);
    assert.ok(findings.length > 0);
    for (const f of findings) assert.ok(f.message && f.message !== f.code, `${f.code}: ${f.message}`);
  }
});

test('isPdf follows core\'s rule (%PDF- within the first KiB) on bytes and Blobs', async () => {
  assert.equal(await kyso.isPdf(signed), true);
  assert.equal(await kysoVerify.isPdf(await openAsBlob(signedPath)), true);
  assert.equal(await kyso.isPdf(new TextEncoder().encode('junk '.repeat(10) + '%PDF-1.4\n')), true);
  assert.equal(await kyso.isPdf(new TextEncoder().encode(' '.repeat(2000) + '%PDF-1.4\n')), false);
  assert.equal(await kyso.isPdf(new Uint8Array([0x30, 0x82, 0x01, 0x00])), false);
  assert.equal(await kyso.isPdf(new Uint8Array()), false);
});

test('bad options are KysoErrors with stable codes', async () => {
  await assert.rejects(kyso.verifyPdf(signed, { lang: 'fr' }), (e) => e.code === 'input.bad-lang');
  await assert.rejects(kyso.verifyPdf(42), (e) => e.code === 'input.bad-type');
  await assert.rejects(kyso.verifyPdf(signed, { password: 42 }), (e) => e.code === 'input.bad-type');
});
