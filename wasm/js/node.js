// kyso-wasm, Node entry (full build): the engine is read from the package directory.
import { readFile } from 'node:fs/promises';
import * as engine from './engine/kyso_wasm.js';
import { createApi } from './api.js';
import { createPdfSigning } from './pdf-sign.js';

const api = createApi(engine, () => readFile(new URL('./engine/kyso_wasm_bg.wasm', import.meta.url)));

export const { init, verify, verifyPdf, isPdf, validateChain, prepare, finish, signWithWebCrypto, version, canSign } = api;
export const { preparePdfSignature, finishPdfSignature, signPdfWithWebCrypto } = createPdfSigning(engine, api.init);
export { httpFetcher, isKysoError, schemeForKey } from './api.js';
