// The cross-surface test's runner and comparer: every case of cases.json goes through the CLI
// (`kyso verify|chain --json`), through C (c-driver, libkyso) and through the npm package
// (npm-driver.mjs, kyso-wasm); the three JSON values are parsed and compared whole, field by
// field (issue 10 item 4: same inputs, same JSON report on all three surfaces). Prints the
// differing fields of each case and the counts; exits 1 on any difference or unmet expectation.
//
// Usage: node compare.mjs CLI_BINARY C_DRIVER PACKAGE_DIR FIXTURE_DIR
//
// What each surface gives, and how it is read:
//   report  the surface's JSON report, parsed ({"report": …}).
//   error   {"error": {code, vi, en}}: CLI — with --json, its error JSON on stdout
//           ({"error":{"code","messages":{"vi","en"}}}, exit status ≥ 64); C —
//           kyso_last_error_code() and kyso_last_error_text(VI/EN); npm — KysoError.code and
//           .messages. The codes are core's (its catalogue), compared strictly.
// The CLI's stdout is read as JSON whatever its exit status (unreadable signed data exits 65
// with core's FORMAT_FAILURE report on stdout); an answer that is not JSON, or an exit status
// that does not fit it (a report with status ≥ 64 other than that case's 65, an error with
// status < 64), counts as no answer.
// A case may also say what it expects (`expect` in cases.json: the document's indication, each
// PDF signature's modification level in order, a finding code somewhere in the report): checked
// on every surface's answer, so that three surfaces agreeing on a wrong verdict still fail.
// Two things are set aside before comparing, each a documented part of one surface only:
//   - the npm package's localisation (index.d.ts: `lang` at the top, `verdict` beside every
//     `indication`, `message` on every finding, `modification` and `kind_text` on every PDF
//     signature): texts the CLI and C render on request
//     (text output, kyso_report_text) rather than put in the JSON;
//   - the CLI's naming of the file it read before an error's reason ("Tệp X …: <reason>"):
//     its error text counts as equal when it ends with ": " + the other surface's text.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [cliBinary, cDriver, packageDir, fixtures] = process.argv.slice(2);
if (!fixtures) {
  console.error('usage: node compare.mjs CLI_BINARY C_DRIVER PACKAGE_DIR FIXTURE_DIR');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const { cases } = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8'));
const SURFACES = ['cli', 'c', 'npm'];
const MAX_LINES_PER_CASE = 40;

function run(command, args) {
  const r = spawnSync(command, args, { cwd: fixtures, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

/** A surface that did not answer with JSON: kept as a value, so it shows as a difference. */
function crashed(r) {
  return { crashed: { status: r.status, signal: r.signal, stderr: r.stderr.trim().slice(0, 500) } };
}

function parsed(r) {
  try {
    return JSON.parse(r.stdout);
  } catch {
    return crashed(r);
  }
}

const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

// A flag for the current time, should the CLI grow one; today `--at` (validation time) is all
// it takes, and its "now" is the system clock.
const cliNowFlag = /\s--now\b/.test(run(cliBinary, ['verify', '--help']).stdout) ? '--now' : null;

function cliArgs(c, lang) {
  const args = [c.kind, c.input];
  if (c.kind === 'verify') { if (c.content) args.push('--content', c.content); }
  else args.push('--purpose', c.purpose);
  for (const f of c.trust) args.push('--trust', f);
  for (const f of c.untrusted) args.push('--untrusted', f);
  for (const f of c.crls) args.push('--crl', f);
  args.push('--policy', c.policy);
  if (c.at !== null) args.push('--at', iso(c.at));
  if (cliNowFlag) args.push(cliNowFlag, iso(c.now));
  args.push('--json', '--lang', lang);
  return args;
}

function viaCli(c) {
  const r = run(cliBinary, cliArgs(c, 'en'));
  const v = parsed(r);
  if (v.crashed || r.status === null) return crashed(r);
  // Exit 0/1/2: TOTAL-PASSED / TOTAL-FAILED / INDETERMINATE, the report on stdout; exit 65
  // (unreadable input, sysexits EX_DATAERR): core's FORMAT_FAILURE report on stdout.
  if (!v.error && (r.status <= 2 || r.status === 65)) return { report: v };
  if (!v.error || r.status < 64) return crashed(r);
  const vi = parsed(run(cliBinary, cliArgs(c, 'vi')));
  // The messages do not depend on --lang: both languages are in either answer.
  if (vi.crashed || JSON.stringify(vi) !== JSON.stringify(v)) return crashed(r);
  const { code, messages } = v.error;
  return { error: { code, vi: messages?.vi ?? null, en: messages?.en ?? null } };
}

function viaC(c) {
  const args = [c.kind, c.input];
  if (c.kind === 'verify') { if (c.content) args.push('--content', c.content); }
  else args.push('--purpose', c.purpose);
  for (const f of c.trust) args.push('--trust', f);
  for (const f of c.untrusted) args.push('--untrusted', f);
  for (const f of c.crls) args.push('--crl', f);
  args.push('--policy', c.policy, '--now', String(c.now));
  if (c.at !== null) args.push('--at', String(c.at));
  const r = run(cDriver, args);
  return r.status === 0 || r.status === 3 ? parsed(r) : crashed(r);
}

function viaNpm(c) {
  const r = run(process.execPath, [join(here, 'npm-driver.mjs'), packageDir, fixtures, c.name]);
  return r.status === 0 ? parsed(r) : crashed(r);
}

/** The npm package's localisation fields, removed (see the header). */
function withoutLocalisation(value) {
  const walk = (node, top) => {
    if (Array.isArray(node)) return node.map((x) => walk(x, false));
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (top && k === 'lang') continue;
      if (k === 'verdict' && typeof node.indication === 'string') continue;
      if (k === 'message' && typeof node.code === 'string' && typeof node.severity === 'string') continue;
      // A PDF signature's level and kind in words (index.d.ts `modification`, `kind_text`).
      if ((k === 'modification' || k === 'kind_text') && typeof node.modification_level === 'string') continue;
      out[k] = walk(v, false);
    }
    return out;
  };
  return value.report ? { report: walk(value.report, true) } : value;
}

/** The CLI's error text without its file-naming prefix, where the rest is another surface's text. */
function withoutCliContext(cli, others) {
  if (!cli.error) return cli;
  const error = { ...cli.error };
  for (const lang of ['vi', 'en']) {
    for (const o of others) {
      const t = o.error?.[lang];
      if (typeof t === 'string' && typeof error[lang] === 'string' && error[lang].endsWith(`: ${t}`)) {
        error[lang] = t;
      }
    }
  }
  return { error };
}

const ABSENT = Symbol('absent');
// A surface whose answer is of another kind (a report where others gave an error): left out
// of the field comparison of that kind.
const OTHER = Symbol('other kind');
const show = (v) => {
  if (v === ABSENT) return '(absent)';
  if (v === OTHER) return '(answered with another kind, above)';
  const s = JSON.stringify(v);
  return s.length > 320 ? `${s.slice(0, 317)}...` : s;
};
const isObject = (v) => v !== null && typeof v === 'object';

/**
 * Differing fields of the three values: [path, [cli, c, npm]] for each leaf that differs. It
 * goes down only where all compared surfaces have an object (or all an array) there; elsewhere
 * the whole value at that path is shown (a field or element missing on a surface shows as
 * absent). Surfaces marked OTHER are not compared.
 */
function diff(values, path = '') {
  const compared = values.filter((v) => v !== OTHER);
  const first = JSON.stringify(compared[0]);
  if (compared.every((v) => v !== ABSENT && JSON.stringify(v) === first)) return [];
  const where = (sub) => (path ? `${path}${sub}` : sub.replace(/^\./, ''));
  const down = (pick) => values.map((v) => (v === OTHER ? OTHER : pick(v)));
  if (compared.every(Array.isArray)) {
    const n = Math.max(...compared.map((v) => v.length));
    const out = [];
    for (let i = 0; i < n; i++) out.push(...diff(down((v) => (i < v.length ? v[i] : ABSENT)), where(`[${i}]`)));
    return out;
  }
  if (compared.every((v) => isObject(v) && !Array.isArray(v))) {
    const keys = [...new Set(compared.flatMap((v) => Object.keys(v)))];
    return keys.flatMap((k) => diff(down((v) => (k in v ? v[k] : ABSENT)), where(`.${k}`)));
  }
  return [[path || '(whole value)', values]];
}

/** What kind of answer: report, error or crashed. */
const kindOf = (v) => Object.keys(v)[0];

/**
 * All fields that differ: when the surfaces answer with different kinds (one a report, another
 * an error), that first, then the fields of each kind among the surfaces that gave it.
 */
function differences(values) {
  const kinds = values.map(kindOf);
  if (kinds.every((k) => k === kinds[0])) return diff(values);
  const out = [['(kind of answer)', kinds]];
  for (const kind of new Set(kinds)) {
    const only = values.map((v, i) => (kinds[i] === kind ? v : OTHER));
    // A kind one surface alone gave is shown whole; a shared one is compared field by field.
    if (kinds.filter((k) => k === kind).length < 2) out.push([kind, only.map((v) => (v === OTHER ? v : v[kind]))]);
    else out.push(...diff(only));
  }
  return out;
}

function summary(v) {
  if (v.report) return `${v.report.indication}${v.report.sub_indication ? `/${v.report.sub_indication}` : ''}`;
  if (v.error) return `error ${v.error.code}`;
  return 'no answer';
}

/** Whether a finding with this code is anywhere in the report. */
function hasFinding(node, code) {
  if (Array.isArray(node)) return node.some((x) => hasFinding(x, code));
  if (!isObject(node)) return false;
  if (node.code === code && typeof node.severity === 'string') return true;
  return Object.values(node).some((x) => hasFinding(x, code));
}

/** What of the case's `expect` one surface's answer does not meet (empty when all is met). */
function unmet(expect, v) {
  if (!expect) return [];
  if (!v.report) return [`a report expected, got ${summary(v)}`];
  const r = v.report;
  const out = [];
  if (r.indication !== expect.indication) out.push(`indication ${r.indication}, expected ${expect.indication}`);
  const levels = JSON.stringify((r.signatures ?? []).map((x) => x.modification_level));
  if (expect.levels && levels !== JSON.stringify(expect.levels)) {
    out.push(`modification levels ${levels}, expected ${JSON.stringify(expect.levels)}`);
  }
  if (expect.finding && !hasFinding(r, expect.finding)) out.push(`no finding ${expect.finding}`);
  return out;
}

console.log(`cross-surface: ${cases.length} cases; CLI ${cliNowFlag ? `with ${cliNowFlag}` : 'without a current-time flag (system clock)'}`);
let differing = 0;
for (const c of cases) {
  const answers = { cli: viaCli(c), c: viaC(c), npm: viaNpm(c) };
  const npm = withoutLocalisation(answers.npm);
  const cli = withoutCliContext(answers.cli, [answers.c, npm]);
  const values = [cli, answers.c, npm];
  const fields = differences(values);
  const outcome = SURFACES.map((s, i) => `${s} ${summary(values[i])}`).join(', ');
  const missed = SURFACES.flatMap((s, i) => unmet(c.expect, values[i]).map((m) => `${s}: ${m}`));
  if (fields.length === 0 && missed.length === 0) {
    const levels = c.expect?.levels ? ` (${c.expect.levels.join(', ')})` : '';
    console.log(`  same  ${c.name}: ${summary(cli)}${levels}${c.expect ? ', as expected' : ''}`);
    continue;
  }
  differing++;
  if (missed.length > 0) {
    console.log(`  UNMET ${c.name}: not what the case expects (${outcome})`);
    for (const m of missed) console.log(`        ${m}`);
    if (fields.length === 0) continue;
  }
  console.log(`  DIFF  ${c.name}: ${fields.length} field(s) differ (${outcome})`);
  for (const [path, [x, y, z]] of fields.slice(0, MAX_LINES_PER_CASE)) {
    console.log(`        ${path}\n          cli: ${show(x)}\n          c:   ${show(y)}\n          npm: ${show(z)}`);
  }
  if (fields.length > MAX_LINES_PER_CASE) console.log(`        … and ${fields.length - MAX_LINES_PER_CASE} more`);
}
console.log(`cross-surface: ${cases.length - differing} passed, ${differing} failed (${cases.length} cases compared, ${differing} differing)`);
process.exit(differing === 0 ? 0 : 1);
