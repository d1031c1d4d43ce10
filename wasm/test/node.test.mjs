// Node tests of the npm package, imported by its public name (run-tests.sh installs the packed
// package into node_modules/kyso-wasm). Signatures and certificates are made by OpenSSL in the
// test (test/pki.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import * as kyso from 'kyso-wasm';
import * as kysoVerify from 'kyso-wasm/verify';
import { TestPki, SUB_CRL_URL, ROOT_CRL_URL, openssl } from './pki.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const testdata = process.env.KYSO_TESTDATA ?? join(here, '../../../shared/testdata');

let pki;
let content;
let contentPath;
before(() => {
  pki = new TestPki();
  content = new TextEncoder().encode('Công văn số 123/UBND-VP ngày 14/3/2025 — nội dung thử nghiệm.\n'.repeat(50));
  contentPath = pki.write('content.txt', content);
});
after(() => pki.cleanup());

function codes(report) {
  const out = [];
  const walk = (n) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if (typeof n.code === 'string' && typeof n.severity === 'string') out.push(n.code);
      Object.values(n).forEach(walk);
    }
  };
  walk(report);
  return out;
}

async function rejectsWith(promise, code) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error object');
    assert.equal(e.name, 'KysoError');
    assert.equal(e.code, code, e.message);
    assert.ok(kyso.isKysoError(e));
    return true;
  });
}

test('an OpenSSL detached RSA signature verifies, with the signer, identity and chain', async () => {
  const sig = pki.sign(pki.person, contentPath);
  const report = await kyso.verify(sig, pki.options({ content }));
  assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report, null, 1));
  assert.equal(report.detached, true);
  assert.equal(report.verdict, 'HỢP LỆ: chữ ký số hợp lệ');
  const s = report.signers[0];
  assert.equal(s.signer.common_name, 'Nguyễn Văn An');
  assert.equal(s.signer.organization, 'UBND Thành phố Thử Nghiệm');
  assert.deepEqual(s.signer.vn_ids, [{ kind: 'CCCD', value: '001085012345' }]);
  assert.equal(s.signature_scheme.scheme, 'rsa-pkcs1v15');
  assert.ok(s.claimed_signing_time, 'OpenSSL adds signing-time');
  assert.equal(s.chain.certificates.length, 3);
  assert.ok(s.chain.certificates[2].is_trust_anchor);
  assert.equal(s.chain.certificates[0].revocation.status, 'good');
  // Same report in English.
  const en = await kyso.verify(sig, pki.options({ content, lang: 'en' }));
  assert.equal(en.verdict, 'VALID: the signature is valid');
  assert.equal(en.lang, 'en');
});

test('an attached ECDSA P-256 signature verifies', async () => {
  const sig = pki.sign(pki.agency, contentPath, { attached: true });
  const report = await kyso.verify(sig, pki.options());
  assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report, null, 1));
  assert.equal(report.detached, false);
  assert.equal(report.signers[0].signature_scheme.scheme, 'ecdsa');
  assert.deepEqual(report.signers[0].signer.vn_ids, [{ kind: 'MST', value: '0100686209' }]);
});

test('detached content as a Blob and as a ReadableStream', async () => {
  const sig = pki.sign(pki.person, contentPath);
  const fromBlob = await kyso.verify(new Blob([sig]), pki.options({ content: new Blob([content]) }));
  assert.equal(fromBlob.indication, 'TOTAL-PASSED');
  const stream = new Blob([content]).stream();
  const fromStream = await kyso.verify(sig, pki.options({ content: stream }));
  assert.equal(fromStream.indication, 'TOTAL-PASSED', JSON.stringify(fromStream.findings));
  // PEM text of the signature works too.
  const pem = openssl(['cms', '-cmsout', '-inform', 'DER', '-outform', 'PEM', '-in', pki.write('sig.der', sig)]).toString();
  assert.match(pem, /BEGIN CMS|BEGIN PKCS7/);
  assert.equal((await kyso.verify(pem, pki.options({ content }))).indication, 'TOTAL-PASSED');
});

test('tampered content fails with HASH_FAILURE and the message-digest code', async () => {
  const sig = pki.sign(pki.person, contentPath);
  const tampered = content.slice();
  tampered[10] ^= 1;
  for (const c of [tampered, new Blob([tampered]).stream()]) {
    const report = await kyso.verify(sig, pki.options({ content: c }));
    assert.equal(report.indication, 'TOTAL-FAILED');
    assert.equal(report.sub_indication, 'HASH_FAILURE');
    assert.ok(codes(report).includes('cms.message-digest-mismatch'), codes(report).join());
    const f = report.signers[0].findings.find((x) => x.code === 'cms.message-digest-mismatch');
    assert.match(f.message, /Nội dung đã bị thay đổi sau khi ký/);
  }
});

test('a tampered signature value fails with SIG_CRYPTO_FAILURE', async () => {
  const sig = pki.sign(pki.person, contentPath);
  const bad = sig.slice();
  bad[bad.length - 1] ^= 0x55; // the last octets are the RSA signature value
  const report = await kyso.verify(bad, pki.options({ content }));
  assert.equal(report.indication, 'TOTAL-FAILED');
  assert.equal(report.sub_indication, 'SIG_CRYPTO_FAILURE');
  assert.ok(codes(report).includes('cms.signature-invalid'), codes(report).join());
});

test('garbage is FORMAT_FAILURE, not an exception', async () => {
  const report = await kyso.verify(new TextEncoder().encode('không phải chữ ký'), pki.options({ content }));
  assert.equal(report.indication, 'TOTAL-FAILED');
  assert.equal(report.sub_indication, 'FORMAT_FAILURE');
});

test('without revocation data the result is INDETERMINATE, never a pass', async () => {
  const sig = pki.sign(pki.person, contentPath);
  const report = await kyso.verify(sig, { trust: { certificates: [pki.root.pem] }, content });
  assert.equal(report.indication, 'INDETERMINATE', JSON.stringify(report.signers[0].chain));
});

test('an async fetcher answers the CRL distribution points (no network)', async () => {
  const sig = pki.sign(pki.person, contentPath);
  const asked = [];
  const fetcher = async ({ kind, url }) => {
    asked.push(`${kind} ${url}`);
    await new Promise((r) => setTimeout(r, 5));
    if (url === SUB_CRL_URL) return pki.subCrl;
    if (url === ROOT_CRL_URL) return pki.rootCrl;
    throw Object.assign(new Error('not found'), { status: 404 });
  };
  const report = await kyso.verify(sig, { trust: { certificates: [pki.root.pem] }, content, fetcher });
  assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report.signers[0].chain, null, 1));
  assert.ok(asked.includes(`crl ${SUB_CRL_URL}`), asked.join());
  assert.match(report.signers[0].chain.certificates[0].revocation.source, /fetched/);
  // A failing fetcher: TRY_LATER-style indeterminate, not a pass.
  const failing = await kyso.verify(sig, { trust: { certificates: [pki.root.pem] }, content, fetcher: async () => { throw new Error('offline'); } });
  assert.equal(failing.indication, 'INDETERMINATE');
});

test('the VN bundle is selectable: a real VGCA G1 certificate chains to vgca, not to neac', async () => {
  const ee = readFileSync(join(testdata, 'vn-real/ee-vgca-license-key-generator.pem'), 'utf8');
  const at = new Date('2020-06-01T00:00:00Z');
  const common = { time: at, now: at, dangerWithoutRevocation: true };
  const vgca = await kyso.validateChain(ee, { ...common, trust: { bundles: ['vgca'] } });
  assert.equal(vgca.indication, 'TOTAL-PASSED', JSON.stringify(vgca, null, 1));
  assert.equal(vgca.certificates.length, 3);
  assert.match(vgca.certificates[2].subject, /RootCA/);
  assert.ok(vgca.certificates[2].is_trust_anchor);
  const all = await kyso.validateChain(ee, { ...common, trust: { bundles: ['vn'] } });
  assert.equal(all.indication, 'TOTAL-PASSED');
  const neac = await kyso.validateChain(ee, { ...common, trust: { bundles: ['neac'] } });
  assert.notEqual(neac.indication, 'TOTAL-PASSED');
  assert.equal(neac.sub_indication, 'NO_CERTIFICATE_CHAIN_FOUND');
  // The default trust is the VN bundle; the test PKI is not in it.
  const sig = pki.sign(pki.person, contentPath);
  const report = await kyso.verify(sig, { content, crls: [pki.rootCrl, pki.subCrl] });
  assert.equal(report.indication, 'INDETERMINATE');
  assert.equal(report.signers[0].chain.sub_indication, 'NO_CERTIFICATE_CHAIN_FOUND');
});

test('errors about the input carry the catalogue sentence in vi and en (issue 9)', async () => {
  const sig = pki.sign(pki.person, contentPath);
  // A truncated CRL: refused up front, with `message` (English) as before and `messages`.
  const crl = new Uint8Array(pki.subCrl);
  try {
    await kyso.verify(sig, { crls: [crl.subarray(0, crl.length - 20)] });
    assert.fail('expected a KysoError');
  } catch (e) {
    assert.ok(kyso.isKysoError(e), String(e));
    // Core's one refusal, the same on every surface (issue 10): what was given, then why.
    assert.equal(e.code, 'revocation.bad-crl');
    assert.match(e.message, /^The data given as a certificate revocation list \(CRL\) is not a readable CRL: The CRL is not well-formed: /);
    assert.match(e.messages.vi, /^Dữ liệu được đưa vào làm danh sách thu hồi \(CRL\) không phải CRL đọc được: Danh sách thu hồi \(CRL\) không đúng định dạng: /);
    assert.match(e.messages.en, /^The data given as a certificate revocation list \(CRL\) is not a readable CRL: The CRL is not well-formed: /);
    assert.equal(e.messages.en, e.message);
    assert.notEqual(e.messages.vi, e.messages.en);
    assert.doesNotMatch(e.messages.vi, /\b(truncated|invalid|expected|length|malformed|the)\b/);
  }
  // A garbage CMS is a verdict, not an exception; its finding is a sentence in each language.
  const garbage = new Uint8Array([0x30, 0x85, 1, 1, 1, 1, 1]);
  const vi = await kyso.verify(garbage, { lang: 'vi' });
  const en = await kyso.verify(garbage, { lang: 'en' });
  assert.equal(vi.sub_indication, 'FORMAT_FAILURE');
  assert.equal(vi.findings[0].code, 'cms.malformed');
  assert.equal(vi.findings[0].message, 'Dữ liệu ký số không đúng định dạng CMS/PKCS#7: độ dài khai báo của một phần tử không đúng (tại byte 2)');
  assert.equal(en.findings[0].message, 'The signed data is not well-formed CMS/PKCS#7: an element has a wrong length (at byte 2)');
  // Argument errors have no catalogue sentence.
  await kyso.verify(sig, { lang: 'fr' }).then(() => assert.fail('expected a KysoError'), (e) => {
    assert.equal(e.code, 'input.bad-lang');
    assert.equal(e.messages, undefined);
  });
});

test('bad options are Error objects with stable codes', async () => {
  const sig = pki.sign(pki.person, contentPath);
  await rejectsWith(kyso.verify(sig, { trust: { bundles: ['vnx'] } }), 'trust.unknown-bundle');
  await rejectsWith(kyso.verify(sig, { crls: [new Uint8Array([1, 2, 3])] }), 'revocation.bad-crl');
  await rejectsWith(kyso.verify(sig, { trust: { certificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] } }), 'trust.bad-certificate');
  await rejectsWith(kyso.verify(sig, { lang: 'fr' }), 'input.bad-lang');
  await rejectsWith(kyso.verify(sig, { policy: 'lax' }), 'policy.unknown');
  await rejectsWith(kyso.verify(sig, { time: 'yesterday' }), 'input.bad-time');
  await rejectsWith(kyso.verify(42), 'input.bad-type');
});

async function webCryptoIdentity(name, algorithm, usages = ['sign', 'verify']) {
  const pair = await crypto.subtle.generateKey(algorithm, true, usages);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const b64 = Buffer.from(spki).toString('base64').replace(/.{64}/g, '$&\n');
  const pubPath = pki.write(`${name}.pub.pem`, `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`);
  const leaf = pki.leaf(name, `/C=VN/UID=CCCD:079190001234/CN=Trần Thị Bình (${name})`, null, { pubkey: pubPath });
  return { pair, leaf };
}

test('two-phase signing with WebCrypto keys; OpenSSL and kyso verify the result', async () => {
  const algorithms = [
    ['ecdsa-p256', { name: 'ECDSA', namedCurve: 'P-256' }],
    ['ecdsa-p384', { name: 'ECDSA', namedCurve: 'P-384' }],
    ['rsa-v15', { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }],
    ['rsa-pss', { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }],
    ['ed25519', { name: 'Ed25519' }],
  ];
  let opensslChecked = 0;
  for (const [name, algorithm] of algorithms) {
    const { pair, leaf } = await webCryptoIdentity(name, algorithm);
    for (const detached of [true, false]) {
      let der;
      if (name === 'ed25519') {
        // OpenSSL 3.0's `cms -verify` cannot verify Ed25519 SignerInfos ("eddsa_digest_signverify_init:
        // invalid digest"), so OpenSSL checks the Ed25519 signature itself over the signed
        // attributes (`pkeyutl -rawin`), and kyso checks the whole CMS.
        const prepared = await kyso.prepare({ content, detached, certificate: leaf.pem, chain: [pki.sub.pem], scheme: kyso.schemeForKey(pair.privateKey) });
        const sig = new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, pair.privateKey, prepared.toBeSigned));
        openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pki.path(`${name}.pub.pem`), '-rawin',
          '-in', pki.write('ed-tbs.bin', prepared.toBeSigned), '-sigfile', pki.write('ed-sig.bin', sig)]);
        der = await kyso.finish(prepared, sig);
      } else {
        der = await kyso.signWithWebCrypto(pair.privateKey, { content, detached, certificate: leaf.pem, chain: [pki.sub.pem] });
        pki.opensslVerify(der, detached ? contentPath : undefined);
      }
      opensslChecked++;
      const report = await kyso.verify(der, pki.options({ content: detached ? content : undefined }));
      assert.equal(report.indication, 'TOTAL-PASSED', `${name}: ${JSON.stringify(report.signers[0].findings)}`);
    }
  }
  console.log(`WebCrypto two-phase signatures checked by OpenSSL: ${opensslChecked} (8 by cms -verify, 2 Ed25519 by pkeyutl)`);
  assert.equal(opensslChecked, 10);
});

test('two-phase signing: the prepared state round-trips, a wrong key is refused, streams are digested', async () => {
  const { pair, leaf } = await webCryptoIdentity('p256-2', { name: 'ECDSA', namedCurve: 'P-256' });
  const prepared = await kyso.prepare({ content, detached: true, certificate: leaf.pem, scheme: 'ecdsa-sha256', signingTime: new Date('2025-03-14T02:05:07Z') });
  assert.equal(prepared.scheme, 'ecdsa-sha256');
  assert.equal(prepared.digest.length, 32);
  const state = JSON.parse(JSON.stringify({ ...prepared, state: [...prepared.state] }));
  const signature = new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, pair.privateKey, prepared.toBeSigned));
  const der = await kyso.finish({ state: new Uint8Array(state.state) }, signature);
  pki.opensslVerify(der, contentPath);
  const other = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const wrong = new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, other.privateKey, prepared.toBeSigned));
  await rejectsWith(kyso.finish(prepared, wrong), 'cms.external-signature-invalid');
  // Streamed content: digested on the fly, detached signature.
  const streamed = await kyso.signWithWebCrypto(pair.privateKey, { content: new Blob([content]).stream(), certificate: leaf.pem, chain: [pki.sub.pem] });
  pki.opensslVerify(streamed, contentPath);
  await rejectsWith(kyso.prepare({ content, certificate: leaf.pem, scheme: 'rsa-pkcs1v15-sha256' }), 'crypto.scheme-key-mismatch');
});

test('SHA-3 (Thông tư 15/2025) and SHA-224: OpenSSL-made signatures verified; two-phase SHA-3 signing with a token-like signer; WebCrypto refuses SHA-3', async () => {
  // OpenSSL signs RSA v1.5 with SHA3-256 and ECDSA with SHA-224 (OpenSSL 3.0's `cms -sign` has
  // no ECDSA with SHA-3: "unsupported signature algorithm"): both builds verify them.
  for (const [signer, md] of [[pki.person, 'sha3-256'], [pki.agency, 'sha224']]) {
    const sig = pki.sign(signer, contentPath, { md });
    for (const k of [kyso, kysoVerify]) {
      const report = await k.verify(sig, pki.options({ content }));
      assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report.signers[0].findings));
      assert.equal(report.signers[0].signature_scheme.digest, md);
    }
  }
  // kyso prepares RSA-PSS with SHA3-256; OpenSSL plays the token and signs the digest.
  const prepared = await kyso.prepare({ content, detached: true, certificate: pki.person.pem, chain: [pki.sub.pem], scheme: 'rsa-pss-sha3-256' });
  assert.equal(prepared.scheme, 'rsa-pss-sha3-256');
  assert.equal(prepared.digestAlgorithm, 'sha3-256');
  assert.equal(prepared.webCrypto, null);
  const sig = openssl(['pkeyutl', '-sign', '-inkey', pki.person.key, '-in', pki.write('sha3-digest.bin', prepared.digest),
    '-pkeyopt', 'digest:sha3-256', '-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:digest']);
  const der = await kyso.finish(prepared, new Uint8Array(sig));
  pki.opensslVerify(der, contentPath);
  const report = await kyso.verify(der, pki.options({ content }));
  assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report.signers[0].findings));
  assert.equal(report.signers[0].signature_scheme.scheme, 'rsa-pss');
  // WebCrypto has no SHA-3: refused with a sentence, before any work.
  const { pair, leaf } = await webCryptoIdentity('p256-sha3', { name: 'ECDSA', namedCurve: 'P-256' });
  await rejectsWith(kyso.signWithWebCrypto(pair.privateKey, { content, certificate: leaf.pem, scheme: 'ecdsa-sha3-256' }),
    'input.webcrypto-unsupported-digest');
});

test('the verify-only build verifies and cannot sign', async () => {
  assert.equal(await kysoVerify.canSign(), false);
  assert.equal(await kyso.canSign(), true);
  assert.equal(typeof kysoVerify.prepare, 'undefined');
  const sig = pki.sign(pki.person, contentPath);
  const report = await kysoVerify.verify(sig, pki.options({ content: new Blob([content]) }));
  assert.equal(report.indication, 'TOTAL-PASSED');
});

test('legacy DSA: the full build verifies it; the verify-only build, built without DSA, says so', async () => {
  const dsa = pki.leaf('dsa', '/C=VN/UID=CCCD:001085099999/CN=Phạm Văn Cường (DSA)', 'dsa');
  const sig = pki.sign(dsa, contentPath);
  const full = await kyso.verify(sig, pki.options({ content }));
  assert.equal(full.indication, 'TOTAL-PASSED', JSON.stringify(full, null, 1));
  assert.equal(full.signers[0].signature_scheme.scheme, 'dsa');
  const lite = await kysoVerify.verify(sig, pki.options({ content }));
  assert.equal(lite.indication, 'INDETERMINATE', JSON.stringify(lite, null, 1));
  assert.ok(codes(lite).includes('crypto.unsupported-algorithm'), codes(lite).join(' '));
});

test('ECDSA P-521: the full build verifies it; the verify-only build, built without P-521, says so', async () => {
  const p521 = pki.leaf('p521', '/C=VN/UID=CCCD:001085077777/CN=Lê Thị Hoa (P-521)', 'ec-p521');
  const sig = pki.sign(p521, contentPath, { md: 'sha512' });
  const full = await kyso.verify(sig, pki.options({ content }));
  assert.equal(full.indication, 'TOTAL-PASSED', JSON.stringify(full, null, 1));
  assert.equal(full.signers[0].signature_scheme.scheme, 'ecdsa');
  const lite = await kysoVerify.verify(sig, pki.options({ content }));
  assert.equal(lite.indication, 'INDETERMINATE', JSON.stringify(lite, null, 1));
  assert.ok(codes(lite).includes('crypto.unsupported-algorithm'), codes(lite).join(' '));
});

test('Ed25519: the full build verifies it; the verify-only build, built without Ed25519, says so', async () => {
  // OpenSSL 3.0 cannot make Ed25519 CMS, so the full build signs with a WebCrypto key.
  const { pair, leaf } = await webCryptoIdentity('ed25519-lite', { name: 'Ed25519' });
  const prepared = await kyso.prepare({ content, detached: true, certificate: leaf.pem, chain: [pki.sub.pem], scheme: kyso.schemeForKey(pair.privateKey) });
  const der = await kyso.finish(prepared, new Uint8Array(await crypto.subtle.sign(prepared.webCrypto, pair.privateKey, prepared.toBeSigned)));
  const full = await kyso.verify(der, pki.options({ content }));
  assert.equal(full.indication, 'TOTAL-PASSED', JSON.stringify(full, null, 1));
  assert.equal(full.signers[0].signature_scheme.scheme, 'ed25519');
  const lite = await kysoVerify.verify(der, pki.options({ content }));
  assert.equal(lite.indication, 'INDETERMINATE', JSON.stringify(lite, null, 1));
  assert.ok(codes(lite).includes('crypto.unsupported-algorithm'), codes(lite).join(' '));
});

test('a large file opened as a Blob is streamed', async () => {
  // 9 MiB: above the 8 MiB threshold where Blobs are streamed rather than read whole.
  const big = new Uint8Array(9 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
  const bigPath = pki.write('big.bin', big);
  const sig = pki.sign(pki.person, bigPath);
  const report = await kyso.verify(sig, pki.options({ content: await openAsBlob(bigPath) }));
  assert.equal(report.indication, 'TOTAL-PASSED');
});
