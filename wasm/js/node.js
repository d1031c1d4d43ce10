// kyso-wasm, Node entry (full build): the engine is read from the package directory.
import { readFile } from 'node:fs/promises';
import * as engine from './engine/kyso_wasm.js';
import { createApi } from './api.js';
import { createCmsSigning } from './cms-sign.js';
import { createPdfSigning } from './pdf-sign.js';
import { createTimestamps } from './timestamp.js';

const api = createApi(engine, () => readFile(new URL('./engine/kyso_wasm_bg.wasm', import.meta.url)));

export const { init, verify, verifyPdf, isPdf, validateChain, version, canSign } = api;
export const { prepare, finish, signWithWebCrypto } = createCmsSigning(engine, api.init);
export const { preparePdfSignature, finishPdfSignature, signPdfWithWebCrypto } = createPdfSigning(engine, api.init);
export const {
  verifyTimestamp, timestamp, timestampSignature, extendCms, extendPdf, finishPdfSignatureTimestamped,
} = createTimestamps(engine, api);
export { httpFetcher, isKysoError, schemeForKey } from './api.js';
