// kyso-wasm, browser and bundler entry (full build: verify + two-phase CMS and PDF signing).
// The engine is fetched from next to this file on first use; `init(source)` overrides that
// (a URL, a Response, the bytes, or a WebAssembly.Module), e.g. for a strict CSP or a cache.
import * as engine from './engine/kyso_wasm.js';
import { createApi } from './api.js';
import { createPdfSigning } from './pdf-sign.js';

const api = createApi(engine, () => new URL('./engine/kyso_wasm_bg.wasm', import.meta.url));

export const { init, verify, verifyPdf, isPdf, validateChain, prepare, finish, signWithWebCrypto, version, canSign } = api;
export const { preparePdfSignature, finishPdfSignature, signPdfWithWebCrypto } = createPdfSigning(engine, api.init);
export { httpFetcher, isKysoError, schemeForKey } from './api.js';
