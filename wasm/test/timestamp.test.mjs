// Time-stamps in the full build (issue 12 item 6): verifyTimestamp over OpenSSL-made tokens,
// timestamp / timestampSignature through an injected `fetch` that answers with
// `openssl ts -reply` (no network), refusals (an answer to another query, an HTTP error), and
// the B-T signature verified with its time-stamp. The TSA's PKI is tests/tsa/make-pki.sh's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as kyso from 'kyso-wasm';
import * as kysoVerify from 'kyso-wasm/verify';
import { TestPki, openssl, SUB_CRL_URL, ROOT_CRL_URL } from './pki.mjs';

const TSA_URL = 'http://tsa.kyso.test/';
let pki;
let tsa;
let content;
let contentPath;

before(() => {
  pki = new TestPki();
  tsa = pki.path('tsa');
  execFileSync('bash', [fileURLToPath(new URL('../../tests/tsa/make-pki.sh', import.meta.url)), tsa],
    { stdio: ['pipe', 'pipe', 'pipe'] });
  content = new TextEncoder().encode('Quyết định số 45/QĐ-UBND — nội dung được gắn dấu thời gian.\n'.repeat(20));
  contentPath = pki.write('ts-content.txt', content);
});
after(() => pki.cleanup());

/** `openssl ts -reply` from the TSA profile `profile` to the DER query `query`. */
function reply(query, profile = 'good') {
  const q = pki.write(`q-${Math.random().toString(36).slice(2)}.tsq`, query);
  return openssl(['ts', '-reply', '-config', `${tsa}/tsa.cnf`, '-section', `tsa_${profile.replace(/-/g, '_')}`,
    '-queryfile', q]);
}

/** A `fetch` standing in for the TSA: records what it was sent, answers with `answer(query)`. */
function fakeFetch(answer, calls = []) {
  return async (url, init) => {
    calls.push({ url, method: init.method, type: init.headers['content-type'], body: new Uint8Array(init.body) });
    return answer(new Uint8Array(init.body));
  };
}

/** Trust and revocation data for the signer's PKI and the TSA's. */
function options(extra = {}) {
  return {
    trust: { certificates: [pki.root.pem, readFileSync(`${tsa}/root.pem`, 'utf8')] },
    crls: [pki.rootCrl, pki.subCrl, readFileSync(`${tsa}/root.crl`)],
    ...extra,
  };
}

test('verifyTimestamp: an OpenSSL token over the data passes, over other data fails; vi and en texts', async () => {
  const query = openssl(['ts', '-query', '-data', contentPath, '-sha256', '-cert']);
  const response = reply(query);
  const tokenPath = pki.write('token-resp.tsr', response);
  const token = openssl(['ts', '-reply', '-in', tokenPath, '-token_out']);
  for (const input of [token, response]) {
    const r = await kyso.verifyTimestamp(input, content, options());
    assert.equal(r.indication, 'TOTAL-PASSED', JSON.stringify(r.findings));
    assert.equal(r.kind, 'token');
    assert.equal(r.imprint_algorithm, 'sha256');
    assert.match(r.gen_time, /^\d{4}-\d\d-\d\dT/);
    assert.equal(r.tsa.indication, 'TOTAL-PASSED');
    assert.equal(r.lang, 'vi');
    assert.equal(typeof r.verdict, 'string');
  }
  const other = new TextEncoder().encode('nội dung khác');
  const bad = await kyso.verifyTimestamp(token, other, options({ lang: 'en' }));
  assert.equal(bad.indication, 'TOTAL-FAILED');
  assert.equal(bad.lang, 'en');
  assert.ok(bad.findings.some((f) => f.severity === 'error' && typeof f.message === 'string' && f.message !== f.code),
    JSON.stringify(bad.findings));
  // A TSA outside the trust: not a pass.
  const untrusted = await kyso.verifyTimestamp(token, content, { trust: { certificates: [pki.root.pem] } });
  assert.notEqual(untrusted.indication, 'TOTAL-PASSED');
});

test('timestamp: a token over data through the injected fetch, verified by verifyTimestamp', async () => {
  const calls = [];
  const token = await kyso.timestamp(content, options({ tsa: TSA_URL, fetch: fakeFetch((q) => new Response(reply(q)), calls) }));
  assert.ok(token instanceof Uint8Array);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, TSA_URL);
  assert.equal(calls[0].method, 'POST');
  assert.equal(calls[0].type, 'application/timestamp-query');
  const r = await kyso.verifyTimestamp(token, content, options());
  assert.equal(r.indication, 'TOTAL-PASSED', JSON.stringify(r.findings));
});

test('timestampSignature: CAdES B-T through the injected fetch; verify shows the time-stamp; OpenSSL still verifies', async () => {
  const cms = pki.sign(pki.person, contentPath);
  const before = await kyso.verify(cms, options({ content }));
  assert.equal(before.signers[0].level, 'CAdES-B-B');
  const calls = [];
  const stamped = await kyso.timestampSignature(cms, options({
    tsa: TSA_URL, signerIndex: 0, fetch: fakeFetch((q) => new Response(reply(q)), calls),
  }));
  assert.equal(calls.length, 1);
  assert.ok(stamped instanceof Uint8Array && stamped.length > cms.length);
  const r = await kyso.verify(stamped, options({ content }));
  assert.equal(r.indication, 'TOTAL-PASSED', JSON.stringify(r.findings));
  const s = r.signers[0];
  assert.equal(s.timestamps.length, 1);
  assert.equal(s.timestamps[0].indication, 'TOTAL-PASSED', JSON.stringify(s.timestamps[0]));
  assert.equal(s.timestamps[0].kind, 'signature');
  assert.equal(typeof s.timestamps[0].verdict, 'string');
  assert.equal(s.level, 'CAdES-B-T');
  pki.opensslVerify(stamped, contentPath);
  // The SHA-384 imprint when asked for.
  const stamped384 = await kyso.timestampSignature(cms, options({
    tsa: TSA_URL, digest: 'sha384', fetch: fakeFetch((q) => new Response(reply(q))),
  }));
  const r384 = await kyso.verify(stamped384, options({ content }));
  assert.equal(r384.signers[0].timestamps[0].imprint_algorithm, 'sha384');
  assert.equal(r384.signers[0].timestamps[0].indication, 'TOTAL-PASSED');
});

test('timestampSignature: an answer to another query (wrong nonce and imprint) is refused, tsp.not-taken with the report', async () => {
  const cms = pki.sign(pki.person, contentPath);
  const otherQuery = openssl(['ts', '-query', '-data', contentPath, '-sha256', '-cert']);
  const stale = reply(otherQuery);
  await assert.rejects(kyso.timestampSignature(cms, options({ tsa: TSA_URL, fetch: fakeFetch(() => new Response(stale)) })),
    (e) => {
      assert.ok(kyso.isKysoError(e), String(e));
      assert.equal(e.code, 'tsp.not-taken');
      assert.equal(typeof e.messages.vi, 'string');
      assert.equal(typeof e.messages.en, 'string');
      assert.notEqual(e.report.indication, 'TOTAL-PASSED');
      assert.equal(e.report.lang, 'vi');
      return true;
    });
  // The same imprint under another nonce: an answer to an earlier, identical request.
  const replayed = async (url, init) =>
    new Response(reply(openssl(['ts', '-query', '-digest', imprintHex(new Uint8Array(init.body)), '-sha256', '-cert'])));
  await assert.rejects(kyso.timestampSignature(cms, options({ tsa: TSA_URL, fetch: replayed, lang: 'en' })),
    (e) => e.code === 'tsp.not-taken' && e.report.lang === 'en' && e.report.indication !== 'TOTAL-PASSED');
});

/** The message imprint of a DER TimeStampReq, in hex (its one OCTET STRING). */
function imprintHex(q) {
  const tsq = pki.write(`imprint-${Math.random().toString(36).slice(2)}.tsq`, q);
  const dump = openssl(['asn1parse', '-inform', 'DER', '-in', tsq]).toString();
  return dump.match(/OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/)[1];
}

test('timestampSignature: a TSA that fails (HTTP 500, network error) is tsp.unreachable; bad arguments are input errors', async () => {
  const cms = pki.sign(pki.person, contentPath);
  await assert.rejects(kyso.timestampSignature(cms, options({ tsa: TSA_URL, fetch: async () => new Response('no', { status: 500 }) })),
    (e) => e.code === 'tsp.unreachable' && typeof e.messages.vi === 'string');
  await assert.rejects(kyso.timestampSignature(cms, options({ tsa: TSA_URL, fetch: async () => { throw new TypeError('offline'); } })),
    (e) => e.code === 'tsp.unreachable');
  await assert.rejects(kyso.timestampSignature(cms, options({ fetch: async () => new Response(new Uint8Array()) })),
    (e) => e.code === 'input.missing-tsa');
  await assert.rejects(kyso.timestampSignature(cms, options({ tsa: TSA_URL, signerIndex: 3, fetch: async () => assert.fail('no fetch') })),
    (e) => kyso.isKysoError(e) && e.code.startsWith('cms.'));
  await assert.rejects(kyso.timestampSignature(new Uint8Array([1, 2, 3]), options({ tsa: TSA_URL, fetch: async () => assert.fail('no fetch') })),
    (e) => kyso.isKysoError(e));
});

test('the verify-only entry has no time-stamping calls', () => {
  assert.equal(kysoVerify.verifyTimestamp, undefined);
  assert.equal(kysoVerify.timestampSignature, undefined);
  assert.equal(kysoVerify.extendCms, undefined);
  assert.equal(typeof kyso.verifyTimestamp, 'function');
});

/** A fetcher for extension: the TSA through `openssl ts -reply`, the signer PKI's CRLs by URL. */
function extendFetcher(calls = []) {
  return async ({ kind, url, body }) => {
    calls.push({ kind, url });
    if (kind === 'timestamp' && url === TSA_URL) return reply(body);
    if (kind === 'crl' && url === SUB_CRL_URL) return pki.subCrl;
    if (kind === 'crl' && url === ROOT_CRL_URL) return pki.rootCrl;
    throw Object.assign(new Error(`not here: ${url}`), { status: 404 });
  };
}

test('extendCms: B-T stamps the signer through the fetcher; B-LT fetches the CRLs and embeds them; B-LTA adds an archive time-stamp', async () => {
  const cms = pki.sign(pki.person, contentPath);
  const calls = [];
  const bt = await kyso.extendCms(cms, options({ content, level: 'b-t', tsa: TSA_URL, fetcher: extendFetcher(calls) }));
  assert.equal(bt.report.level, 'B-T');
  assert.equal(bt.report.timestamps.length, 1);
  assert.equal(typeof bt.report.timestamps[0].verdict, 'string');
  assert.equal(calls.filter((c) => c.kind === 'timestamp').length, 1);
  const r = await kyso.verify(bt.data, options({ content }));
  assert.equal(r.signers[0].level, 'CAdES-B-T');
  assert.equal(r.signers[0].timestamps[0].indication, 'TOTAL-PASSED');
  // B-LT from B-B, the signer's CRLs not given: fetched (a round for the TSA, one for the CRLs).
  const bltCalls = [];
  const blt = await kyso.extendCms(cms, {
    ...options({ content, level: 'b-lt', tsa: TSA_URL, fetcher: extendFetcher(bltCalls) }),
    crls: [readFileSync(`${tsa}/root.crl`)],
  });
  assert.equal(blt.report.level, 'B-LT');
  assert.deepEqual(new Set(bltCalls.map((c) => c.url)), new Set([TSA_URL, SUB_CRL_URL, ROOT_CRL_URL]));
  assert.equal(blt.report.complete, true, JSON.stringify(blt.report.validation_data));
  assert.ok(blt.report.validation_data[0].crls >= 2);
  const offline = await kyso.verify(blt.data, { content, trust: options().trust });
  assert.equal(offline.signers[0].level, 'CAdES-B-LT', JSON.stringify(offline.findings));
  assert.equal(offline.indication, 'TOTAL-PASSED', JSON.stringify(offline.signers[0].findings));
  pki.opensslVerify(blt.data, contentPath);
  // An already time-stamped signature is not stamped again.
  const again = await kyso.extendCms(bt.data, options({ content, level: 'b-t', tsa: TSA_URL, fetcher: async () => assert.fail('no fetch') }));
  assert.equal(again.report.timestamps.length, 0);
  // B-LTA on the B-LT signature: an archive time-stamp, checked by the full engine; the
  // verify-only engine leaves that check out (core feature cades-archive) and says so.
  const blta = await kyso.extendCms(blt.data, {
    ...options({ content, level: 'b-lta', tsa: TSA_URL, fetcher: extendFetcher() }),
    crls: [readFileSync(`${tsa}/root.crl`)],
  });
  assert.equal(blta.report.level, 'B-LTA');
  assert.deepEqual(blta.report.timestamps.map((t) => t.kind), ['archive']);
  const archived = await kyso.verify(blta.data, { content, trust: options().trust });
  assert.equal(archived.indication, 'TOTAL-PASSED', JSON.stringify(archived.signers[0].findings));
  assert.equal(archived.signers[0].level, 'CAdES-B-LTA');
  assert.deepEqual(archived.signers[0].timestamps.map((t) => [t.kind, t.indication]),
    [['signature', 'TOTAL-PASSED'], ['archive', 'TOTAL-PASSED']]);
  pki.opensslVerify(blta.data, contentPath);
  const small = await kysoVerify.verify(blta.data, { content, trust: options().trust });
  assert.equal(small.indication, 'TOTAL-PASSED');
  assert.equal(small.signers[0].level, 'CAdES-B-LT');
  const ats = small.signers[0].timestamps.find((t) => t.kind === 'archive');
  assert.equal(ats.indication, 'INDETERMINATE');
  assert.ok(ats.findings.some((f) => f.code === 'cms.archive-timestamp.not-in-this-build'), JSON.stringify(ats.findings));
  // Refusals: no TSA, an unknown level, a TSA answering another query.
  await assert.rejects(kyso.extendCms(cms, options({ content, level: 'b-t' })), (e) => e.code === 'extend.needs-tsa');
  await assert.rejects(kyso.extendCms(cms, options({ content, level: 'b-x', tsa: TSA_URL })), (e) => e.code === 'input.bad-level');
  const stale = reply(openssl(['ts', '-query', '-data', contentPath, '-sha256', '-cert']));
  await assert.rejects(kyso.extendCms(cms, options({ content, tsa: TSA_URL, fetcher: async () => stale })),
    (e) => e.code === 'tsp.not-taken' && typeof e.report.indication === 'string');
  await assert.rejects(kyso.extendCms(cms, options({ content, tsa: TSA_URL, fetcher: async () => { throw Object.assign(new Error('down'), { status: 503 }); } })),
    (e) => e.code === 'tsp.unreachable');
});

test('extendPdf: B-T adds a document time-stamp, B-LTA the DSS and an archive time-stamp; verifyPdf shows them', async () => {
  const pdf = readFileSync(pki.signPdf(pki.person));
  const bt = await kyso.extendPdf(pdf, options({ level: 'b-t', tsa: TSA_URL, fetcher: extendFetcher() }));
  assert.ok(bt.data.length > pdf.length);
  assert.deepEqual(bt.data.subarray(0, pdf.length), new Uint8Array(pdf));
  assert.equal(bt.report.timestamps.length, 1);
  const r = await kyso.verifyPdf(bt.data, options());
  const doc = r.signatures.find((s) => s.kind === 'document-timestamp');
  assert.ok(doc, JSON.stringify(r.signatures.map((s) => s.kind)));
  assert.equal(doc.timestamp.indication, 'TOTAL-PASSED', JSON.stringify(doc.timestamp));
  assert.equal(typeof doc.timestamp.verdict, 'string');
  // scripts/make-signed-pdf.py signs adbe.pkcs7.detached: not PAdES, described by core.
  assert.match(r.signatures[0].level, /time-stamped/);
  const lta = await kyso.extendPdf(pdf, {
    ...options({ level: 'b-lta', tsa: TSA_URL, fetcher: extendFetcher() }),
    crls: [readFileSync(`${tsa}/root.crl`)],
  });
  assert.equal(lta.report.level, 'B-LTA');
  assert.equal(lta.report.complete, true, JSON.stringify(lta.report.validation_data));
  const rl = await kyso.verifyPdf(lta.data, { trust: options().trust });
  assert.equal(rl.indication, 'TOTAL-PASSED', JSON.stringify(rl.findings));
  assert.equal(rl.signatures.filter((s) => s.kind === 'document-timestamp').length, 1, JSON.stringify(rl.signatures.map((s) => [s.kind, s.level])));
  assert.match(rl.signatures[0].level, /LTV data and document time-stamp/);
});

test('finishPdfSignatureTimestamped: the signature gets its time-stamp before embedding; verifyPdf shows it; refusals', async () => {
  const pdf = readFileSync(pki.signPdf(pki.person));
  const key = createPrivateKey(readFileSync(pki.agency.key));
  const prepareFor = (extra = {}) => kyso.preparePdfSignature(pdf, {
    certificate: pki.agency.pem, chain: [pki.sub.pem], scheme: 'ecdsa-sha256', subFilter: 'cades', timestamp: true, ...extra,
  });
  const signOver = (prepared) => new Uint8Array(nodeSign('sha256', prepared.toBeSigned, key));
  const prepared = await prepareFor();
  const signature = signOver(prepared);
  const calls = [];
  const out = await kyso.finishPdfSignatureTimestamped(prepared, signature,
    options({ tsa: TSA_URL, fetcher: extendFetcher(calls), lang: 'en' }));
  assert.equal(calls.filter((c) => c.kind === 'timestamp').length, 1);
  assert.equal(out.report.indication, 'TOTAL-PASSED', JSON.stringify(out.report));
  assert.equal(out.report.lang, 'en');
  assert.ok(out.data.length > pdf.length);
  assert.deepEqual(out.data.subarray(0, pdf.length), new Uint8Array(pdf));
  const r = await kyso.verifyPdf(out.data, options());
  assert.equal(r.signatures.length, 2);
  const ours = r.signatures[1];
  assert.equal(ours.sub_filter, 'ETSI.CAdES.detached');
  assert.equal(ours.cms.signers[0].timestamps.length, 1, JSON.stringify(ours.cms.signers[0]));
  assert.equal(ours.cms.signers[0].timestamps[0].indication, 'TOTAL-PASSED');
  assert.match(ours.level, /B-T/);
  // Refusals: nothing signed without the time-stamp asked for.
  await assert.rejects(kyso.finishPdfSignatureTimestamped(prepared, signature, options({ fetcher: extendFetcher() })),
    (e) => e.code === 'input.missing-tsa');
  await assert.rejects(kyso.finishPdfSignatureTimestamped(prepared, signature,
    options({ tsa: TSA_URL, fetcher: async () => new TextEncoder().encode('garbage') })),
  (e) => e.name === 'KysoError' && e.code.startsWith('tsp.'));
  await assert.rejects(kyso.finishPdfSignatureTimestamped(prepared, signature,
    options({ tsa: TSA_URL, fetcher: async () => { throw Object.assign(new Error('down'), { status: 503 }); } })),
  (e) => e.code === 'tsp.unreachable');
  // Prepared without room for the token: refused, not truncated.
  const tight = await prepareFor({ timestamp: false });
  await assert.rejects(kyso.finishPdfSignatureTimestamped(tight, signOver(tight), options({ tsa: TSA_URL, fetcher: extendFetcher() })),
    (e) => e.code === 'pdf.sign.contents-too-small');
  assert.equal(kysoVerify.finishPdfSignatureTimestamped, undefined);
});
