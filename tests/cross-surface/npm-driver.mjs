// The cross-surface test's npm-package driver: one case of cases.json through kyso-wasm's
// public API (`verify` / `verifyPdf` / `validateChain`), printed as one JSON value:
//   {"report": <the report object>}  or  {"error": {"code": KysoError.code, "vi": …, "en": …}}
// (messages.vi / messages.en of the KysoError; null where the package gives none).
//
// Usage: node npm-driver.mjs PACKAGE_DIR FIXTURE_DIR CASE_NAME
// PACKAGE_DIR is the installed package (wasm/node_modules/kyso-wasm, as wasm/package.sh
// installs it); it is imported through its Node entry, as `import 'kyso-wasm'` would.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, fixtures, caseName] = process.argv.slice(2);
if (!caseName) {
  console.error('usage: node npm-driver.mjs PACKAGE_DIR FIXTURE_DIR CASE_NAME');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const kyso = await import(pathToFileURL(resolve(packageDir, manifest.exports['.'].node)).href);
const c = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8')).cases.find((x) => x.name === caseName);
if (!c) {
  console.error(`npm-driver: no case ${caseName}`);
  process.exit(2);
}
const read = (name) => new Uint8Array(readFileSync(join(fixtures, name)));

const options = {
  trust: { certificates: c.trust.map(read) },
  intermediates: c.untrusted.map(read),
  crls: c.crls.map(read),
  policy: c.policy,
  now: new Date(c.now * 1000),
};
if (c.at !== null) options.time = new Date(c.at * 1000);

let out;
try {
  let report;
  if (c.kind === 'chain') report = await kyso.validateChain([read(c.input)], { ...options, purpose: c.purpose });
  else if (!c.content && await kyso.isPdf(read(c.input))) report = await kyso.verifyPdf(read(c.input), options);
  else report = await kyso.verify(read(c.input), { ...options, content: read(c.content) });
  out = { report };
} catch (e) {
  if (!kyso.isKysoError(e)) throw e;
  out = { error: { code: e.code, vi: e.messages?.vi ?? null, en: e.messages?.en ?? null } };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
