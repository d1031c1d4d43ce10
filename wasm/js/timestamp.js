// Time-stamps for the full build of kyso-wasm (documented in index.d.ts): verifyTimestamp,
// timestamp (a token over data), timestampSignature (CAdES B-T), extendCms / extendPdf
// (core's extend: which steps each level takes), finishPdfSignatureTimestamped (the second phase
// of PDF signing with a signature time-stamp: core's finish_timestamped). Getting a token is two
// engine calls around one `fetch`: the engine makes the TimeStampReq (core's TimestampRequest,
// with a nonce from crypto.getRandomValues), this module POSTs it to the TSA, the engine checks
// the answer against the request (core's accept_timestamp_response) and embeds the token. A
// module of its own, imported only by the full entries (index.js, node.js), like cms-sign.js.
import { bytesOf, httpFetcher, isKysoError, iso, kysoError, readBytes } from './api.js';

/** Verification runs before giving up on the network (the same default as verify's). */
const DEFAULT_FETCH_ROUNDS = 3;

/** The time-stamp functions over the full engine and the API built on it (api.js createApi). */
export function createTimestamps(engine, api) {
  const { init } = api;
  const { answerFetches, checkLang, localize, makeVerifier, runWithFetcher } = api.internal;

  function requireFull() {
    if (typeof engine.timestampRequest !== 'function') {
      throw kysoError('build.verify-only', 'this is the verify-only build of kyso-wasm: import "kyso-wasm" for time-stamps');
    }
  }

  async function verifyTimestamp(token, data, options = {}) {
    await init();
    requireFull();
    const t = await readBytes(token, 'token');
    const d = await readBytes(data, 'data');
    const now = iso(options.now ?? new Date(), 'now');
    const lang = checkLang(options.lang ?? 'vi');
    const v = makeVerifier(options);
    try {
      const run = () => v.verifyTimestamp(t, d, now);
      const json = await runWithFetcher(v, run, options.fetcher, options.maxFetchRounds ?? DEFAULT_FETCH_ROUNDS);
      return localize(JSON.parse(json), lang);
    } finally {
      v.free();
    }
  }

  function random() {
    return globalThis.crypto.getRandomValues(new Uint8Array(32));
  }

  /** POST the TimeStampReq `request` to `options.tsa`: the answer, or core's `tsp.unreachable`. */
  async function post(request, options) {
    if (typeof options.tsa !== 'string' || options.tsa === '') {
      throw kysoError('input.missing-tsa', 'options.tsa (the URL of the time-stamp authority) is required');
    }
    const fetcher = httpFetcher({ fetch: options.fetch, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes ?? 1024 * 1024 });
    try {
      return await fetcher({ kind: 'timestamp', url: options.tsa, body: request });
    } catch (e) {
      // httpFetcher's errors carry the HTTP status; anything else thrown by `fetch` is a network error.
      const status = isKysoError(e) && Number.isInteger(e.status) && e.status >= 0 && e.status < 65536 ? e.status : 0;
      const err = engine.timestampUnreachable(options.tsa, status);
      err.cause = e;
      throw err;
    }
  }

  /**
   * Check the TSA's answer with `accept` (an engine call on a verifier made from `options`);
   * a refused answer's report (JSON from the engine) is handed back localized.
   */
  function accept(options, lang, accept) {
    const v = makeVerifier(options);
    try {
      return accept(v, iso(options.now ?? new Date(), 'now'));
    } catch (e) {
      if (isKysoError(e) && typeof e.report === 'string') e.report = localize(JSON.parse(e.report), lang);
      throw e;
    } finally {
      v.free();
    }
  }

  async function timestamp(data, options = {}) {
    await init();
    requireFull();
    const d = await readBytes(data, 'data');
    const lang = checkLang(options.lang ?? 'vi');
    const request = engine.timestampRequest(d, options.digest ?? 'sha256', random());
    const answer = await post(request, options);
    return accept(options, lang, (v, now) => v.acceptTimestamp(request, answer, now));
  }

  async function timestampSignature(signature, options = {}) {
    await init();
    requireFull();
    const cms = await readBytes(signature, 'signature');
    const lang = checkLang(options.lang ?? 'vi');
    const index = options.signerIndex ?? 0;
    if (!Number.isInteger(index) || index < 0) {
      throw kysoError('input.bad-type', 'options.signerIndex: expected a signer position (0, 1, …)');
    }
    const request = engine.signatureTimestampRequest(cms, index, options.digest ?? 'sha256', random());
    const answer = await post(request, options);
    return accept(options, lang, (v, now) => v.addSignatureTimestamp(cms, index, request, answer, now));
  }

  /**
   * Run one extension (`run(now, random)`, an engine call) until it asks for nothing more: the
   * TSA's answer and revocation data come through `fetcher` between runs, as in verification
   * (api.js runWithFetcher). The random bytes are drawn once, so each run makes the same
   * time-stamp requests and finds their answers.
   */
  async function extendWith(options, run) {
    const lang = checkLang(options.lang ?? 'vi');
    const now = iso(options.now ?? new Date(), 'now');
    const fetcher = options.fetcher ?? httpFetcher({ fetch: options.fetch, timeoutMs: options.timeoutMs });
    const rounds = options.maxFetchRounds ?? 4;
    const randomBytes = globalThis.crypto.getRandomValues(new Uint8Array(1024));
    const v = makeVerifier(options);
    try {
      v.setOnline(true);
      for (let round = 0; ; round++) {
        let result = null;
        let error = null;
        try {
          result = run(v, now, randomBytes);
        } catch (e) {
          error = e;
        }
        const requests = v.takeFetchRequests();
        if (requests.length === 0 || round >= rounds) {
          if (error) {
            if (isKysoError(error) && typeof error.report === 'string') error.report = localize(JSON.parse(error.report), lang);
            throw error;
          }
          return { data: result.data, report: localize(JSON.parse(result.report), lang) };
        }
        await answerFetches(v, requests, fetcher);
      }
    } finally {
      v.free();
    }
  }

  async function extendCms(signature, options = {}) {
    await init();
    requireFull();
    const cms = await readBytes(signature, 'signature');
    const content = options.content === undefined || options.content === null
      ? undefined : await readBytes(options.content, 'content');
    const level = options.level ?? 'b-t';
    return extendWith(options, (v, now, random) =>
      v.extendCms(cms, content, level, options.tsa, options.digest ?? 'sha256', random, now));
  }

  async function extendPdf(input, options = {}) {
    await init();
    requireFull();
    const pdf = await readBytes(input, 'pdf');
    const level = options.level ?? 'b-t';
    return extendWith(options, (v, now, random) =>
      v.extendPdf(pdf, level, options.tsa, options.digest ?? 'sha256', random, now));
  }

  /**
   * Second phase of PDF signing with a signature time-stamp (prepared with `timestamp: true`):
   * the engine checks the signature, asks the TSA through the fetcher (rounds as in
   * extension) and embeds the time-stamped CMS. `{data, report}`: the signed PDF and the
   * token's report.
   */
  async function finishPdfSignatureTimestamped(prepared, signature, options = {}) {
    await init();
    requireFull();
    if (!prepared || prepared.state === undefined || prepared.pdf === undefined) {
      throw kysoError('input.bad-type', 'finishPdfSignatureTimestamped: expected the object preparePdfSignature() returned');
    }
    if (typeof options.tsa !== 'string' || options.tsa === '') {
      throw kysoError('input.missing-tsa', 'options.tsa (the URL of the time-stamp authority) is required');
    }
    const pdf = await readBytes(prepared.pdf, 'prepared.pdf');
    const sig = bytesOf(signature, 'signature');
    const p = engine.PreparedPdfSignature.fromBytes(bytesOf(prepared.state, 'prepared.state'));
    try {
      return await extendWith(options, (v, now, random) =>
        v.finishPdfTimestamped(p, pdf, sig, options.tsa, options.digest ?? 'sha256', random, now));
    } finally {
      p.free();
    }
  }

  return { verifyTimestamp, timestamp, timestampSignature, extendCms, extendPdf, finishPdfSignatureTimestamped };
}
