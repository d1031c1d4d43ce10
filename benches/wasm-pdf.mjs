// kyso-wasm PDF verification in Node against kyso native on the same files (issue 11, "Proof
// required" → Bench: "kyso-wasm PDF verify in Node vs native"), as time ratios wasm / native.
// A measurement, not a test: it fails only if a verification does not give the expected
// verdict (then the timing would be meaningless); the figures are printed, never asserted.
//
// The files are those of the native PDF bench (benches/benches/pdf.rs: kyso's own writer, a
// kyso-testpki RSA-2048 chain, adbe.pkcs7.detached, SHA-256): a 100 KB and a 10 MB signed PDF,
// and PDFs with 5 and 20 signatures, each signature its own revision. This script runs that
// bench under `cargo bench` (the optimised bench profile) with KYSO_BENCH_PDF_EXPORT=DIR: it
// writes the files, the root certificate and its own time per `Verifier::verify_pdf` of each
// file to DIR, then exits. Node then verifies the very same bytes with `verifyPdf` of
//   kyso-wasm          the full engine (the package's Node entry, as `import 'kyso-wasm'`),
//   kyso-wasm/verify   the verify-only engine (the one the <kyso-verify> widget loads),
// with the same options: the root as the only trust anchor, vn-gov, no revocation checking
// (`dangerWithoutRevocation`, as the native bench's `danger_without_revocation`), the same "now".
//
// What each side's time covers: native, the Rust API call `verify_pdf(&bytes)`; wasm, the JS
// API call `verifyPdf(bytes, options)`, which also copies the PDF into the WebAssembly memory,
// builds the verifier from the options (the root PEM), and turns the report into JSON and back
// with its texts. That is what a JavaScript caller pays per verification, so it is counted.
// Both engines are built as the package ships them (wasm/build.sh: opt-level z, LTO, for size).
//
// Timing, alike on both sides: one warm-up call, then ROUNDS rounds of ITERATIONS calls, and
// the fastest round's mean (the machine is shared with other work; the fastest round is the
// least disturbed). KYSO_BENCH_ROUNDS (default 5) and KYSO_BENCH_ITERATIONS (default 10) set
// them for both; wasm/run-tests.sh runs it with 3 × 3 (output in wasm/out/bench-pdf.txt).
//
// Needs the npm package installed in wasm/node_modules (wasm/package.sh) and cargo.
// `node benches/wasm-pdf.mjs` from anywhere.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = join(root, 'wasm');
const fromWasm = createRequire(join(wasmDir, 'package.json'));
const load = (name) => import(pathToFileURL(fromWasm.resolve(name)).href);
const full = await load('kyso-wasm');
const verifyOnly = await load('kyso-wasm/verify');

const count = (name, fallback) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer`);
  return n;
};
const ROUNDS = count('KYSO_BENCH_ROUNDS', 5);
const ITERATIONS = count('KYSO_BENCH_ITERATIONS', 10);

async function bestRoundMs(fn) {
  await fn(); // warm-up (engine instantiation, JIT)
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < ITERATIONS; i++) await fn();
    best = Math.min(best, (performance.now() - t0) / ITERATIONS);
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-wasm-pdf-'));
try {
  // Native: make the files and time them (cargo's own progress goes to stderr, shown).
  const t0 = performance.now();
  const cargo = spawnSync('cargo', ['bench', '-q', '-p', 'kyso-benches', '--bench', 'pdf'], {
    cwd: root,
    env: { ...process.env, KYSO_BENCH_PDF_EXPORT: dir, KYSO_BENCH_ROUNDS: String(ROUNDS), KYSO_BENCH_ITERATIONS: String(ITERATIONS) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (cargo.error) throw cargo.error;
  if (cargo.status !== 0) throw new Error(`cargo bench (native export) failed with status ${cargo.status}`);
  const native = JSON.parse(readFileSync(join(dir, 'native.json'), 'utf8'));
  console.log(`native: files made and timed by benches/benches/pdf.rs in ${((performance.now() - t0) / 1000).toFixed(1)} s (cargo bench, build included)`);

  const options = {
    trust: { certificates: [readFileSync(join(dir, 'root.pem'), 'utf8')] },
    policy: 'vn-gov',
    dangerWithoutRevocation: true,
    now: new Date(native.now),
    lang: 'en',
  };
  const engines = [['kyso-wasm', full], ['kyso-wasm/verify', verifyOnly]];

  // Negative control: both engines refuse the 100 KB file with one signed byte changed (else
  // they would not be doing the work being timed).
  const first = new Uint8Array(readFileSync(join(dir, native.cases[0].file)));
  const tampered = first.slice();
  const at = Buffer.from(tampered).indexOf('0 0 m 100 100 l S');
  if (at < 0) throw new Error('no content stream to tamper with');
  tampered[at] ^= 0x01;
  for (const [name, kyso] of engines) {
    const r = await kyso.verifyPdf(tampered, options);
    if (r.indication === 'TOTAL-PASSED') throw new Error(`${name} accepted a PDF whose signed content was changed`);
  }

  console.log(`kyso-wasm ${await full.version()} in Node ${process.version} vs kyso native (cargo bench profile), same files;`);
  console.log(`verifyPdf / verify_pdf, vn-gov, RSA-2048 SHA-256 chain of 3, no revocation; fastest of ${ROUNDS} rounds × ${ITERATIONS} verifications`);
  console.log(`  ${'file'.padEnd(30)} ${'native'.padStart(10)} ${'kyso-wasm'.padStart(10)} ${'ratio'.padStart(7)} ${'wasm/verify'.padStart(12)} ${'ratio'.padStart(7)}`);
  const ratios = [];
  for (const c of native.cases) {
    const pdf = new Uint8Array(readFileSync(join(dir, c.file)));
    const times = [];
    for (const [name, kyso] of engines) {
      const check = async () => {
        const r = await kyso.verifyPdf(pdf, options);
        if (r.indication !== 'TOTAL-PASSED' || r.signatures.length !== c.signatures) {
          throw new Error(`${name}: ${c.name}: ${r.indication} with ${r.signatures.length} signature(s), native gave TOTAL-PASSED with ${c.signatures}`);
        }
      };
      times.push(await bestRoundMs(check));
    }
    const [tFull, tVerify] = times;
    ratios.push(tFull / c.ms);
    const label = `${c.name} (${c.bytes >= 1 << 20 ? `${(c.bytes / (1 << 20)).toFixed(1)} MiB` : `${(c.bytes / 1024).toFixed(0)} KiB`})`;
    console.log(`  ${label.padEnd(30)} ${c.ms.toFixed(3).padStart(7)} ms ${tFull.toFixed(3).padStart(7)} ms ${(tFull / c.ms).toFixed(2).padStart(6)}× ${tVerify.toFixed(3).padStart(9)} ms ${(tVerify / c.ms).toFixed(2).padStart(6)}×`);
  }
  console.log(`ratio time kyso-wasm / native: ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}× (wasm slower above 1)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
