#!/usr/bin/env bash
# Runs every kyso test: rustfmt, the wasm32 build of core, clippy with warnings as errors (also
# on core without default features), rustdoc with warnings as errors, the local TSA's
# self-check, the whole workspace's tests (conformance suites print their counts), a quick run
# of the benches, the C ABI suite and the npm package suite (Node, headless Chromium, size
# budget, PKI.js bench), then the cross-surface test (the same fixtures through the CLI, C and
# the npm package, compared) and the time-stamp interop proof (OpenSSL, pdfsig, pyHanko).
# Installs what it needs first, idempotently (nothing is re-installed when already present).
# Usage: bash scripts/test.sh        (CI: .ci/run calls exactly this)
set -uo pipefail

cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# Test data lives beside the repository (../shared/testdata) unless KYSO_TESTDATA says otherwise.
export KYSO_TESTDATA="${KYSO_TESTDATA:-$(cd .. && pwd)/shared/testdata}"

log() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- installs (idempotent)
need_apt=()
# fonts-texgyre: an OpenType font with CFF outlines (TeX Gyre Termes) for the visible-signature
# test (cli/tests/cli_pdf_appearance.rs; the default TrueType font is in assets/fonts/);
# tesseract-ocr with its Vietnamese model reads the rendered stamps back (cli_pdf_decree30.rs).
for pkg in openssl libssl-dev pkg-config python3 curl fonts-texgyre tesseract-ocr tesseract-ocr-vie; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# Node.js (≥ 20) and npm run the npm package's tests; Debian's packages when the machine has none.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if ((${#need_apt[@]})); then
    log "installing ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" \
        || { echo "could not install ${need_apt[*]}" >&2; exit 1; }
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || { echo "could not add the wasm32 target" >&2; exit 1; }
fi
if ! cargo fmt --version >/dev/null 2>&1; then
    log "adding rustfmt"
    rustup component add rustfmt || { echo "could not add rustfmt" >&2; exit 1; }
fi
if ! cargo clippy --version >/dev/null 2>&1; then
    log "adding clippy"
    rustup component add clippy || { echo "could not add clippy" >&2; exit 1; }
fi

# Issue 11: the PDF peers (poppler pdfsig, qpdf, pyHanko in a pinned venv) for the PDF tests.
bash scripts/pdf-peers.sh || { echo "could not install the PDF peers" >&2; exit 1; }
export KYSO_PDF_VENV="${KYSO_PDF_VENV:-$HOME/.cache/kyso/pdf-venv}"

# ---------------------------------------------------------------- steps
failed=()
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

step() { # step NAME CMD...: run, record a failure, go on (so one run shows every problem)
    local name="$1"; shift
    log "$name: $*"
    local start=$SECONDS
    if "$@" 2>&1 | tee -a "$LOG"; then
        echo "--> $name ok ($((SECONDS - start)) s)"
    else
        echo "--> $name FAILED ($((SECONDS - start)) s)"
        failed+=("$name")
    fi
}

step fmt cargo fmt --all --check
step wasm cargo build -p kyso --target wasm32-unknown-unknown
step clippy cargo clippy --workspace --all-targets -- -D warnings
# core without its default features (oid-db, dsa) is what the WASM verify-only build uses.
step clippy-minimal cargo clippy -p kyso --no-default-features --all-targets -- -D warnings
step docs env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p kyso
# Issue 12: the local RFC 3161 TSA the time-stamp tests use (openssl ts -reply behind
# tests/tsa/serve.py), checked against `openssl ts -verify` (a few seconds).
step tsa-harness bash tests/tsa/selfcheck.sh
step unit cargo test --no-fail-fast --workspace --exclude kyso-tests
# Conformance and interop suites print their counts (pass/fail/skipped-with-reason): show them.
step conformance cargo test --no-fail-fast -p kyso-tests -- --nocapture
# Issue 11: 50,000 seeded random mutations and every truncation of the PDF corpora (release
# build: about a minute of work on 2 cores; the debug conformance step above runs a sample).
step pdf-hostile cargo test --release --no-fail-fast -p kyso-tests --test pdf_hostile -- --nocapture
# Benches compile and run once each in test mode (fast); real figures: cargo bench -p kyso-benches.
step benches cargo test --no-fail-fast -p kyso-benches --benches
# The C ABI from C: ASan/UBSan, valgrind, OpenSSL interop, pkg-config examples, Java (JNA).
step ffi bash ffi/run-tests.sh
# The npm package: tsc on the .d.ts, Node tests, the widget in headless Chromium, PKI.js bench.
step wasm-package bash wasm/run-tests.sh
# Issue 10: the CLI, C and the npm package give the same JSON reports and errors for one
# fixture set (reuses the package the step above installed).
step cross-surface bash tests/cross-surface/run.sh
# Issue 12: the interop proof for time-stamps and CAdES/PAdES B-T, B-LT: kyso against
# `openssl ts`/`openssl cms`, pdfsig and pyHanko with the local TSA (about 15 s; reuses the
# debug CLI the step above built).
step tsa-interop bash tests/tsa/interop.sh

# ---------------------------------------------------------------- summary
passed=0; fail=0; ignored=0
while read -r p f i; do
    passed=$((passed + p)); fail=$((fail + f)); ignored=$((ignored + i))
done < <(
    sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed; \([0-9]*\) ignored.*/\1 \2 \3/p' "$LOG"
    # The C and JS runners close with "ffi: N passed, N failed" / "wasm: N passed, N failed".
    sed -n 's/^\(ffi\|wasm\): \([0-9]*\) passed, \([0-9]*\) failed.*/\2 \3 0/p' "$LOG"
    # The cross-surface test closes with "cross-surface: N passed, N failed (…)": one per case.
    sed -n 's/^cross-surface: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2 0/p' "$LOG"
    # The local TSA's self-check closes with "tsa-harness: N passed, N failed".
    sed -n 's/^tsa-harness: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2 0/p' "$LOG"
    # The time-stamp interop proof closes with "tsa-interop: N passed, N failed".
    sed -n 's/^tsa-interop: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2 0/p' "$LOG"
)
# Conformance cases, from the suites' "cases: SUITE: P passed, E excepted, F failed, S skipped"
# lines (excepted cases are listed with reasons in tests/exceptions, skipped ones printed with
# theirs above).
read -r c_pass c_exc c_fail c_skip suites < <(
    sed -n 's/^cases: .*: \([0-9]*\) passed, \([0-9]*\) excepted, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3 \4/p' "$LOG" |
        awk '{p+=$1; e+=$2; f+=$3; s+=$4; n++} END {print p+0, e+0, f+0, s+0, n+0}'
)
echo
if ((${#failed[@]})); then
    echo "failed steps: ${failed[*]}"
fi
echo "conformance cases ($suites suite runs): $c_pass passed, $c_exc excepted, $c_fail failed, $c_skip skipped"
echo "total: $passed passed, $fail failed, $ignored skipped"
((${#failed[@]} == 0 && fail == 0))
