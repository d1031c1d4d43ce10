// PKI.js vs kyso-wasm verifying the same SignedData in one run (issue 5): time per
// verification and bundle size, as ratios. A measurement, not a test: it fails only if either
// library does not verify the signature (then the timing would be meaningless).
//
// The SignedData: OpenSSL `cms -sign -cades`, RSA-2048 / SHA-256, detached, 64 KiB content,
// signer → sub-CA → root (test/pki.mjs). Both libraries get the same trust anchor and the two
// CRLs and validate the chain with revocation:
//   PKI.js  SignedData.verify({checkChain: true, trustedCerts, extendedMode}) with the CRLs put in
//           SignedData.crls (where its chain engine looks for them), WebCrypto for the RSA work
//           (Node's native OpenSSL underneath);
//   kyso    verify(sig, {content, trust, crls}) in WASM (pure-Rust RSA, no WebCrypto).
// Bundle sizes: esbuild --bundle --minify of what a page imports, gzip -9; kyso adds its .wasm.
//
// Run by wasm/run-tests.sh after the package is built and installed in wasm/node_modules
// (`node benches/wasm-pkijs.mjs` from the repository root works then too): PKI.js, esbuild and
// kyso-wasm (by its public name) are resolved from wasm/, where the npm tooling lives.
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { webcrypto } from 'node:crypto';

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), '../wasm');
const fromWasm = createRequire(join(wasmDir, 'package.json'));
const load = (name) => import(pathToFileURL(fromWasm.resolve(name)).href);
const esbuild = await load('esbuild');
const pkijs = await load('pkijs');
const kyso = await load('kyso-wasm/verify');
const { TestPki } = await import(pathToFileURL(join(wasmDir, 'test/pki.mjs')).href);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

function ab(u8) {
  return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
}

async function timeIt(label, fn) {
  for (let i = 0; i < 10; i++) await fn(); // warm-up (JIT, engine init)
  const t0 = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await fn();
  const per = (performance.now() - t0) / ITERATIONS;
  console.log(`${label.padEnd(44)} ${per.toFixed(3)} ms/verify (${ITERATIONS} runs)`);
  return per;
}

async function bundleGzip(entryCode, resolveDir) {
  const out = await esbuild.build({
    stdin: { contents: entryCode, resolveDir, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false,
    external: ['*.wasm', 'node:*'], logLevel: 'error',
  });
  const code = out.outputFiles[0].contents;
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const pki = new TestPki();
try {
  const content = new Uint8Array(64 * 1024).map((_, i) => (i * 7) & 0xff);
  const contentPath = pki.write('bench.bin', content);
  const sig = pki.sign(pki.person, contentPath);

  // PKI.js setup (parsing is part of each verification, as for kyso).
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto }));
  const root = pkijs.Certificate.fromBER(ab(Buffer.from(pki.root.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')));
  const crls = [pki.rootCrl, pki.subCrl].map((c) => pkijs.CertificateRevocationList.fromBER(ab(c)));
  const checkDate = new Date();
  const pkijsVerify = async () => {
    const ci = pkijs.ContentInfo.fromBER(ab(sig));
    const sd = new pkijs.SignedData({ schema: ci.content });
    sd.crls = crls;
    const r = await sd.verify({ signer: 0, data: ab(content), trustedCerts: [root], checkChain: true, checkDate, extendedMode: true });
    if (!r.signatureVerified || !r.signerCertificateVerified) throw new Error(`PKI.js did not verify: ${JSON.stringify(r.message ?? r)}`);
  };
  const options = pki.options({ content });
  const kysoVerify = async () => {
    const r = await kyso.verify(sig, options);
    if (r.indication !== 'TOTAL-PASSED') throw new Error(`kyso did not verify: ${r.indication}`);
  };
  // Negative control: both refuse tampered content (otherwise they would not be doing the work).
  const tampered = content.slice(); tampered[0] ^= 1;
  const pkTampered = await new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(sig)).content })
    .verify({ signer: 0, data: ab(tampered), trustedCerts: [root], checkChain: true, extendedMode: true }).catch((e) => e);
  const kyTampered = await kyso.verify(sig, pki.options({ content: tampered }));
  // (PKI.js throws a SignedDataVerifyError with signatureVerified null for a digest mismatch.)
  if (pkTampered.signatureVerified === true || kyTampered.indication !== 'TOTAL-FAILED') {
    throw new Error('a library accepted tampered content');
  }

  console.log(`PKI.js ${JSON.parse(readFileSync(join(wasmDir, 'node_modules/pkijs/package.json'), 'utf8')).version} vs kyso-wasm ${await kyso.version()}: RSA-2048/SHA-256 CAdES, detached 64 KiB, chain of 3 with CRLs; Node ${process.version}`);
  const tPk = await timeIt('PKI.js (checkChain, CRLs, WebCrypto)', pkijsVerify);
  const tKy = await timeIt('kyso-wasm/verify (chain, CRLs, pure WASM)', kysoVerify);

  const pkSize = await bundleGzip("export { ContentInfo, SignedData, Certificate, CertificateRevocationList, CryptoEngine, setEngine } from 'pkijs';", wasmDir);
  const kyJs = await bundleGzip("export { verify } from './pkg/verify/index.js';", wasmDir);
  const wasm = readFileSync(join(wasmDir, 'pkg/verify/engine/kyso_wasm_bg.wasm'));
  const kyWasmGz = gzipSync(wasm, { level: 9 }).length;
  const kyTotal = kyJs.gzip + kyWasmGz;
  console.log(`bundle, minified + gzip -9: PKI.js ${pkSize.gzip} B (raw ${pkSize.raw}); kyso-wasm/verify ${kyTotal} B (JS ${kyJs.gzip} + wasm ${kyWasmGz}; raw ${kyJs.raw + wasm.length})`);
  console.log(`ratio time   kyso / PKI.js = ${(tKy / tPk).toFixed(2)}  (${tKy < tPk ? 'kyso faster' : 'PKI.js faster'})`);
  console.log(`ratio bundle kyso / PKI.js = ${(kyTotal / pkSize.gzip).toFixed(2)}`);
} finally {
  pki.cleanup();
}
