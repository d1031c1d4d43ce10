// kyso-wasm, browser and bundler entry (full build: verify + two-phase CMS and PDF signing, time-stamps).
// The engine is fetched from next to this file on first use; `init(source)` overrides that
// (a URL, a Response, the bytes, or a WebAssembly.Module), e.g. for a strict CSP or a cache.
import * as engine from './engine/kyso_wasm.js';
import { createApi } from './api.js';
import { createCmsSigning } from './cms-sign.js';
import { createPdfSigning } from './pdf-sign.js';
import { createTimestamps } from './timestamp.js';

const api = createApi(engine, () => new URL('./engine/kyso_wasm_bg.wasm', import.meta.url));

export const { init, verify, verifyPdf, isPdf, validateChain, version, canSign } = api;
export const { prepare, finish, signWithWebCrypto } = createCmsSigning(engine, api.init);
export const { preparePdfSignature, finishPdfSignature, signPdfWithWebCrypto } = createPdfSigning(engine, api.init);
export const {
  verifyTimestamp, timestamp, timestampSignature, extendCms, extendPdf, finishPdfSignatureTimestamped,
} = createTimestamps(engine, api);
export { httpFetcher, isKysoError, schemeForKey } from './api.js';
