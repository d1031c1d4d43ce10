// Two-phase CMS signing for the full build of kyso-wasm (documented in index.d.ts): `prepare`
// (the engine builds the signed attributes and the bytes to sign), the caller's signer
// (WebCrypto, a token bridge, a remote service) signs them, `finish` (the engine assembles the
// SignedData). A module of its own, imported only by the full entries (index.js, node.js), so
// the verify-only bundle and the widget do not carry it (issue 11's size budget), like
// pdf-sign.js. All CMS logic is in the Rust core.
import {
  bytesOf, digestStream, iso, kysoError, list, normalizeScheme, readBytes, schemeForKey, streamed,
  webCryptoParams,
} from './api.js';

/** The signing functions over the full engine; `init` is the API's (loads the engine once). */
export function createCmsSigning(engine, init) {
  function requireSigning() {
    if (typeof engine.SignRequest !== 'function') {
      throw kysoError('build.verify-only', 'this is the verify-only build of kyso-wasm: import "kyso-wasm" to sign');
    }
  }

  async function prepare(request) {
    await init();
    requireSigning();
    if (!request || request.certificate === undefined) {
      throw kysoError('input.missing-certificate', 'request.certificate is required');
    }
    const scheme = normalizeScheme(engine, request.scheme);
    const webCrypto = webCryptoParams(scheme);
    const r = new engine.SignRequest();
    let digests = null;
    try {
      r.setCertificate(bytesOf(request.certificate, 'certificate'));
      for (const c of list(request.chain)) r.addChain(bytesOf(c, 'chain'));
      for (const c of list(request.crls)) r.addCrl(bytesOf(c, 'crls'));
      r.setScheme(scheme.kind, scheme.digest, scheme.saltLength);
      if (request.signingTime !== null) r.setSigningTime(iso(request.signingTime ?? new Date(), 'signingTime'));
      const content = request.content;
      if (content === undefined || content === null) {
        throw kysoError('input.missing-content', 'request.content is required');
      } else if (streamed(content)) {
        digests = await digestStream(engine, content, [scheme.digest]);
        r.setContentDigest(scheme.digest, digests.digest(scheme.digest));
      } else {
        r.setContent(await readBytes(content, 'content'));
        r.setDetached(request.detached === true);
      }
      const p = r.prepare();
      try {
        return {
          toBeSigned: p.toBeSigned,
          digest: p.digest,
          digestInfo: p.digestInfo,
          scheme: p.scheme,
          digestAlgorithm: p.digestAlgorithm,
          webCrypto,
          state: p.toBytes(),
        };
      } finally {
        p.free();
      }
    } finally {
      if (digests) digests.free();
      r.free();
    }
  }

  async function finish(prepared, signature) {
    await init();
    requireSigning();
    if (!prepared || prepared.state === undefined) {
      throw kysoError('input.bad-type', 'finish: expected the object prepare() returned');
    }
    const p = engine.PreparedSignature.fromBytes(bytesOf(prepared.state, 'prepared.state'));
    try {
      return engine.finish(p, bytesOf(signature, 'signature'));
    } finally {
      p.free();
    }
  }

  async function signWithWebCrypto(key, request) {
    await init();
    requireSigning();
    const scheme = request.scheme ?? schemeForKey(key);
    const described = normalizeScheme(engine, scheme);
    if (webCryptoParams(described) === null) {
      throw kysoError('input.webcrypto-unsupported-digest',
        `WebCrypto cannot sign with ${described.digest}: it has no SHA-3; sign SHA-3 schemes with prepare() and finish() and another signer`);
    }
    const prepared = await prepare({ ...request, scheme });
    const subtle = request.subtle ?? globalThis.crypto.subtle;
    const signature = await subtle.sign(prepared.webCrypto, key, prepared.toBeSigned);
    return finish(prepared, new Uint8Array(signature));
  }

  return { prepare, finish, signWithWebCrypto };
}
