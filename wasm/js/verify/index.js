// kyso-wasm/verify, browser and bundler entry: the verify-only build (no signing), the one
// the <kyso-verify> widget uses and whose size is budgeted.
import * as engine from './engine/kyso_wasm.js';
import { createApi } from '../api.js';

const api = createApi(engine, () => new URL('./engine/kyso_wasm_bg.wasm', import.meta.url));

export const { init, verify, verifyPdf, isPdf, validateChain, version, canSign } = api;
export { httpFetcher, isKysoError } from '../api.js';
