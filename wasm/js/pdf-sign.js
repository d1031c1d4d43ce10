// PDF signing for the full build of kyso-wasm (documented in index.d.ts): two-phase like CMS
// `prepare`/`finish` — the engine makes the incremental update and the bytes to sign, the
// caller's signer (WebCrypto, a token bridge, a remote service) signs them, the engine puts the
// signature in and returns the signed PDF (the input followed by the update). A module of its
// own, imported only by the full entries (index.js, node.js), so the verify-only bundle and the
// widget do not carry it. All PDF and signature logic is in the Rust core.
import {
  bytesOf, iso, kysoError, list, normalizeScheme, readBytes, schemeForKey, webCryptoParams,
} from './api.js';

/** The signing functions over the full engine; `init` is the API's (loads the engine once). */
export function createPdfSigning(engine, init) {
  function requireSigning() {
    if (typeof engine.PdfSignRequest !== 'function') {
      throw kysoError('build.verify-only', 'this is the verify-only build of kyso-wasm: import "kyso-wasm" to sign');
    }
  }

  function text(value, what) {
    if (typeof value !== 'string') throw kysoError('input.bad-type', `${what}: expected a string`);
    return value;
  }

  function number(value, what) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw kysoError('input.bad-type', `${what}: expected a finite number`);
    }
    return value;
  }

  /** The request's PDF options onto the engine's request (the engine checks the values). */
  function setOptions(r, request) {
    if (request.subFilter !== undefined) r.setSubFilter(text(request.subFilter, 'subFilter'));
    if (request.certify !== undefined && request.certify !== null) {
      if (!Number.isInteger(request.certify)) throw kysoError('input.bad-type', 'certify: expected 1, 2 or 3');
      r.setCertification(BigInt(request.certify));
    }
    if (request.field !== undefined) r.setField(text(request.field, 'field'));
    if (request.page !== undefined && request.rect === undefined) {
      // As the CLI's `--page` requires `--rect`: a page is where a visible field goes.
      throw kysoError('input.bad-type', 'page: give rect too (the page is where a visible field goes)');
    }
    if (request.rect !== undefined) {
      const page = request.page ?? 1;
      if (!Number.isInteger(page) || page < 1 || page > 0xffffffff) {
        throw kysoError('input.bad-type', 'page: expected a page number from 1');
      }
      const { x, y, width, height } = request.rect ?? {};
      r.setRect(page, number(x, 'rect.x'), number(y, 'rect.y'), number(width, 'rect.width'),
        number(height, 'rect.height'));
    }
    if (request.reason !== undefined) r.setReason(text(request.reason, 'reason'));
    if (request.location !== undefined) r.setLocation(text(request.location, 'location'));
    if (request.contact !== undefined) r.setContact(text(request.contact, 'contact'));
  }

  async function preparePdfSignature(pdf, request) {
    await init();
    requireSigning();
    if (!request || request.certificate === undefined) {
      throw kysoError('input.missing-certificate', 'request.certificate is required');
    }
    const bytes = await readBytes(pdf, 'pdf');
    const scheme = normalizeScheme(engine, request.scheme);
    const webCrypto = webCryptoParams(scheme);
    const r = new engine.PdfSignRequest();
    try {
      r.setCertificate(bytesOf(request.certificate, 'certificate'));
      for (const c of list(request.chain)) r.addChain(bytesOf(c, 'chain'));
      r.setScheme(scheme.kind, scheme.digest, scheme.saltLength);
      r.setSigningTime(iso(request.signingTime ?? new Date(), 'signingTime'));
      setOptions(r, request);
      // Room for a signature time-stamp added by finishPdfSignatureTimestamped (core's size).
      if (request.timestamp === true) r.reserveTimestamp();
      const p = r.prepare(bytes);
      try {
        return {
          toBeSigned: p.toBeSigned,
          digest: p.digest,
          digestInfo: p.digestInfo,
          scheme: p.scheme,
          digestAlgorithm: p.digestAlgorithm,
          webCrypto,
          state: p.toBytes(),
          pdf: bytes,
        };
      } finally {
        p.free();
      }
    } finally {
      r.free();
    }
  }

  async function finishPdfSignature(prepared, signature) {
    await init();
    requireSigning();
    if (!prepared || prepared.state === undefined || prepared.pdf === undefined) {
      throw kysoError('input.bad-type', 'finishPdfSignature: expected the object preparePdfSignature() returned');
    }
    const pdf = await readBytes(prepared.pdf, 'prepared.pdf');
    const p = engine.PreparedPdfSignature.fromBytes(bytesOf(prepared.state, 'prepared.state'));
    try {
      return engine.finishPdf(p, pdf, bytesOf(signature, 'signature'));
    } finally {
      p.free();
    }
  }

  async function signPdfWithWebCrypto(key, pdf, request) {
    await init();
    requireSigning();
    const scheme = request.scheme ?? schemeForKey(key);
    const described = normalizeScheme(engine, scheme);
    if (webCryptoParams(described) === null) {
      throw kysoError('input.webcrypto-unsupported-digest',
        `WebCrypto cannot sign with ${described.digest}: it has no SHA-3; sign SHA-3 schemes with preparePdfSignature() and finishPdfSignature() and another signer`);
    }
    const prepared = await preparePdfSignature(pdf, { ...request, scheme });
    const subtle = request.subtle ?? globalThis.crypto.subtle;
    const signature = await subtle.sign(prepared.webCrypto, key, prepared.toBeSigned);
    return finishPdfSignature(prepared, new Uint8Array(signature));
  }

  return { preparePdfSignature, finishPdfSignature, signPdfWithWebCrypto };
}
