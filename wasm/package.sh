#!/usr/bin/env bash
# Build the npm package and install it, packed, as wasm/node_modules/kyso-wasm: what the
# package's tests (run-tests.sh) and the cross-surface test (tests/cross-surface/run.sh)
# import by its public name. Idempotent: installs the toolchain pieces that are missing
# (wasm32 target, wasm-bindgen-cli 0.2.130, the npm tooling of package-lock.json), then
# build.sh and `npm pack` → node_modules/kyso-wasm; out/package.stamp records when.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "== wasm: toolchain"
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target list --installed | grep -q wasm32-unknown-unknown
# The engines build with nightly and a rebuilt std (build.sh says why): its rust-src. The
# machines carry a nightly toolchain (cargo-fuzz); if one lacks it, the one this was measured on.
toolchain=${KYSO_WASM_TOOLCHAIN:-nightly}
if ! rustc "+$toolchain" --version >/dev/null 2>&1; then
    toolchain=nightly-2026-05-19
    rustup toolchain install "$toolchain" --profile minimal
    export KYSO_WASM_TOOLCHAIN=$toolchain
fi
rustup component list --toolchain "$toolchain" --installed 2>/dev/null | grep -q '^rust-src' \
    || rustup component add rust-src --toolchain "$toolchain"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "0.2.130" ]; then
    # Not --locked: the registry mirror lacks one pinned dependency (so Cargo.lock cannot be honoured). ~6 min.
    cargo install wasm-bindgen-cli --version 0.2.130
fi
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # No browser download: playwright-core ships none, and the tests use /usr/bin/chromium.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

echo "== wasm: build"
./build.sh

echo "== wasm: install the packed package as node_modules/kyso-wasm"
rm -rf out/pack node_modules/kyso-wasm && mkdir -p out/pack node_modules/kyso-wasm
tarball=$(cd pkg && npm pack --silent --pack-destination ../out/pack)
tar -xzf "out/pack/$tarball" -C node_modules/kyso-wasm --strip-components=1
echo "packed $tarball: $(tar -tzf "out/pack/$tarball" | wc -l) files"
# When it was installed (npm pack gives the files a fixed 1985 mtime): who reuses the install
# compares its sources with this.
date -u +%Y-%m-%dT%H:%M:%SZ > out/package.stamp
