// Makes the cross-surface test's fixtures in directory argv[2] and writes cases.json there:
// the inputs each case gives all three surfaces (CLI, C, npm package). Everything is made now
// with the OpenSSL CLI through the npm package's test PKI (wasm/test/pki.mjs: root → sub-CA →
// Vietnamese-named signers, CRLs for both CAs); nothing is checked in.
//
// Usage: node make-fixtures.mjs DIR
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TestPki, openssl } from '../../wasm/test/pki.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node make-fixtures.mjs DIR');
  process.exit(2);
}
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const put = (name, data) => {
  writeFileSync(join(dir, name), data);
  return name;
};

const pki = new TestPki();
try {
  const revokedSigner = pki.leaf('revoked', '/C=VN/ST=Cần Thơ/CN=Lê Văn Cường (thu hồi)/UID=CCCD:079088001234', 'rsa');
  const other = pki.ca('other', '/C=VN/O=Tổ chức khác/CN=Kyso Other Root CA', null);

  const content = put('content.txt', 'QUYẾT ĐỊNH số 123/QĐ-UBND\nVề việc phê duyệt kế hoạch chuyển đổi số năm 2026.\n');
  const contentPath = join(dir, content);
  // The same content with one byte changed (the year's last digit).
  const changed = Buffer.from(readFileSync(contentPath));
  changed[changed.length - 3] ^= 0x01;
  const tampered = put('tampered.txt', changed);

  const valid = put('valid.p7s', pki.sign(pki.person, contentPath));
  const revoked = put('revoked.p7s', pki.sign(revokedSigner, contentPath));
  // Signed first, revoked after (RFC 5280 §5.3.2 revocationDate = now): a validation time
  // after the revocation makes the signer REVOKED.
  openssl(['ca', '-config', pki.path('sub.cnf'), '-revoke', revokedSigner.cert, '-keyfile', pki.sub.key,
    '-cert', pki.sub.cert, '-crl_reason', 'keyCompromise']);
  const rootCrl = put('root.crl', pki.rootCrl);
  const subCrl = put('sub.crl', pki.crl(pki.sub));
  // Not a signature: fixed bytes that start like DER (SEQUENCE) but do not parse.
  const garbage = put('garbage.bin', Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 0x30) & 0xff)));

  // Signed PDFs (issue 11): OpenSSL over the ByteRange (make-signed-pdf.py), one with an
  // annotation added by an incremental update after the signature, one with a changed byte.
  const pdf = put('signed.pdf', readFileSync(pki.signPdf(pki.person)));
  const pdfAnnotated = put('signed-annotated.pdf', readFileSync(pki.signPdf(pki.person, { update: 'annotation' })));
  const pdfBytes = Buffer.from(readFileSync(join(dir, pdf)));
  pdfBytes[pdfBytes.indexOf('(Kyso PDF test)') + 1] ^= 0x20;
  const pdfTampered = put('signed-tampered.pdf', pdfBytes);

  const root = put('root.pem', pki.root.pem);
  const sub = put('sub.pem', pki.sub.pem);
  const otherRoot = put('other-root.pem', other.pem);
  const person = put('person.pem', pki.person.pem);
  const revokedCert = put('revoked.pem', revokedSigner.pem);

  // The fixed validation time: the next whole second after the revocation and the CRLs, so
  // every certificate is valid, the CRLs are current, and the revocation lies before it.
  const at = Math.floor(Date.now() / 1000) + 1;
  // Wait for it: the CLI reads the system clock for "now", which must not be before it.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, at * 1000 - Date.now() + 10));

  const base = { trust: [root], untrusted: [sub], crls: [rootCrl, subCrl], policy: 'vn-gov', at, now: at };
  const cases = [
    { name: 'verify/valid', kind: 'verify', input: valid, content, ...base },
    // The policy chooses the validation time (vn-gov: the claimed signing time).
    { name: 'verify/valid-policy-time', kind: 'verify', input: valid, content, ...base, at: null },
    { name: 'verify/valid-strict', kind: 'verify', input: valid, content, ...base, policy: 'strict' },
    { name: 'verify/tampered', kind: 'verify', input: valid, content: tampered, ...base },
    { name: 'verify/revoked', kind: 'verify', input: revoked, content, ...base },
    { name: 'verify/no-crl', kind: 'verify', input: valid, content, ...base, crls: [] },
    { name: 'verify/wrong-anchor', kind: 'verify', input: valid, content, ...base, trust: [otherRoot] },
    { name: 'verify/garbage', kind: 'verify', input: garbage, content, ...base },
    // A certificate given where a CRL is expected.
    { name: 'verify/not-crl', kind: 'verify', input: valid, content, ...base, crls: [rootCrl, sub] },
    { name: 'pdf/valid', kind: 'verify', input: pdf, content: null, ...base },
    { name: 'pdf/valid-policy-time', kind: 'verify', input: pdf, content: null, ...base, at: null },
    { name: 'pdf/annotated', kind: 'verify', input: pdfAnnotated, content: null, ...base },
    { name: 'pdf/tampered', kind: 'verify', input: pdfTampered, content: null, ...base },
    { name: 'pdf/wrong-anchor', kind: 'verify', input: pdf, content: null, ...base, trust: [otherRoot] },
    { name: 'chain/valid', kind: 'chain', input: person, purpose: 'document-signing', ...base },
    // The purpose by the name the C header and the npm package use (RFC 5280 §4.2.1.12
    // id-kp-emailProtection); the signers' certificates have no EKU, so key usage decides.
    { name: 'chain/email-protection', kind: 'chain', input: person, purpose: 'email-protection', ...base },
    { name: 'chain/revoked', kind: 'chain', input: revokedCert, purpose: 'document-signing', ...base },
    { name: 'chain/no-crl', kind: 'chain', input: person, purpose: 'document-signing', ...base, crls: [] },
    { name: 'chain/wrong-anchor', kind: 'chain', input: person, purpose: 'document-signing', ...base, trust: [otherRoot] },
  ];
  put('cases.json', JSON.stringify({ at, cases }, null, 1));
  console.log(`fixtures: ${cases.length} cases in ${dir}, validation time ${new Date(at * 1000).toISOString()}`);
} finally {
  pki.cleanup();
}
