// Makes the cross-surface test's fixtures in directory argv[2] and writes cases.json there:
// the inputs each case gives all three surfaces (CLI, C, npm package). Everything is made now
// with the OpenSSL CLI through the npm package's test PKI (wasm/test/pki.mjs: root → sub-CA →
// Vietnamese-named signers, CRLs for both CAs); nothing is checked in. Some signed PDFs are
// made by kyso itself, with the CLI given as argv[3] (`kyso sign` on a PDF written here).
//
// Usage: node make-fixtures.mjs DIR KYSO_CLI
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TestPki, openssl } from '../../wasm/test/pki.mjs';

const [dir, kysoCli] = process.argv.slice(2);
if (!kysoCli) {
  console.error('usage: node make-fixtures.mjs DIR KYSO_CLI');
  process.exit(2);
}

/**
 * A one-page PDF with a classic cross-reference table (ISO 32000-2 §7.5.4), written byte by
 * byte: catalog, pages, a page whose content stream (object 4) shows `text`, a Type 1 font.
 */
function onePagePdf(text) {
  const content = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = objects.map((body, i) => {
    const at = Buffer.byteLength(out, 'latin1');
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * `pdf` followed by an incremental update (ISO 32000-2 §7.5.6) that gives the page's content
 * stream (object 4 of onePagePdf) new text: a change to signed page content, which no DocMDP
 * level permits (§12.8.2.2.2). The update is a classic xref section chained by /Prev to the
 * last one, the form kyso's writer keeps for a file that starts with a table.
 */
function withPageTextChanged(pdf, text) {
  const s = pdf.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(s)?.[1]);
  const trailer = s.slice(s.lastIndexOf('trailer'));
  const size = Number(/\/Size (\d+)/.exec(trailer)?.[1]);
  const rootRef = /\/Root (\d+ \d+ R)/.exec(trailer)?.[1];
  if (!Number.isInteger(prev) || !Number.isInteger(size) || !rootRef || s.lastIndexOf('trailer') < prev) {
    throw new Error('withPageTextChanged: the last section is not a classic xref table');
  }
  const content = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const at = pdf.length;
  let update = `4 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
  const xref = at + Buffer.byteLength(update, 'latin1');
  update += `xref\n0 1\n0000000000 65535 f \n4 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  update += `trailer\n<< /Size ${size} /Root ${rootRef} /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
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

  // Signed PDFs made by kyso itself (`kyso sign`, RSA person, EC P-256 agency): an approval
  // signature; a certification (DocMDP P = 2) by the person followed by the agency's approval
  // signature in a second revision (signing is what P = 2 permits, ISO 32000-2 §12.8.2.2.2); and
  // the certified file followed by an update that changes the page's text (not permitted).
  const basePdf = put('kyso-base.pdf', onePagePdf('CONG VAN so 123/UBND-VP: 500.000 dong'));
  const kysoSign = (signer, input, output, ...extra) => {
    execFileSync(kysoCli, ['sign', '--key', signer.key, '--cert', signer.cert, '--chain', pki.sub.cert,
      '--in', join(dir, input), '--out', join(dir, output), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    return output;
  };
  const kysoApproval = kysoSign(pki.person, basePdf, 'kyso-approval.pdf', '--reason', 'Phê duyệt');
  const kysoCertified = kysoSign(pki.person, basePdf, 'kyso-certified.pdf', '--certify', '2', '--field', 'NguoiKy');
  const kysoCertifiedSigned = kysoSign(pki.agency, kysoCertified, 'kyso-certified-signed.pdf', '--field', 'CoQuan');
  const kysoCertifiedChanged = put('kyso-certified-changed.pdf',
    withPageTextChanged(readFileSync(join(dir, kysoCertified)), 'CONG VAN so 123/UBND-VP: 900.000 dong'));

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
    // kyso-signed PDFs; `expect` is checked on every surface besides the comparison (compare.mjs):
    // the document's indication and each signature's modification level, in field order.
    { name: 'pdf/kyso-approval', kind: 'verify', input: kysoApproval, content: null, ...base,
      expect: { indication: 'TOTAL-PASSED', levels: ['none'] } },
    // Adding and signing a signature field after a P = 2 certification: "form filling and
    // signing" (ISO 32000-2 Table 257), the level kyso names form-filling.
    { name: 'pdf/kyso-certified-signed', kind: 'verify', input: kysoCertifiedSigned, content: null, ...base,
      expect: { indication: 'TOTAL-PASSED', levels: ['form-filling', 'none'] } },
    // Intact bytes, then changes the DocMDP does not permit: TOTAL-FAILED in the document
    // (the CMS verdict kept in `cms`; README "verify").
    { name: 'pdf/kyso-certified-changed', kind: 'verify', input: kysoCertifiedChanged, content: null, ...base,
      expect: { indication: 'TOTAL-FAILED', levels: ['other'], finding: 'pdf.mod.page-content-changed' } },
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
