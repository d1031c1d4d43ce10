#!/usr/bin/env bash
# Build the npm package `kyso-wasm` into wasm/pkg/ without wasm-pack (it
# downloads binaries at run time): cargo → wasm-bindgen-cli → hand-written JS,
# .d.ts and package.json from wasm/js/. Two engines:
#   pkg/engine/         full build (verify + two-phase signing)      → `kyso-wasm`
#   pkg/verify/engine/  verify-only build (feature `sign` off)        → `kyso-wasm/verify`,
#                                                                        used by the widget
# and pkg/verify/kyso-verify.min.js, the widget with the verify-only glue bundled and minified
# (esbuild) for pages without a bundler: with the verify-only .wasm, what a page loads.
# Then a size report (raw and gzip of every .wasm and .js) in out/size-report.txt; run-tests.sh
# checks the page load against the budget.
#
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen 0.2.130 and node (run-tests.sh
# installs them); runs `npm ci` here itself when binaryen or esbuild is missing.
set -euo pipefail
cd "$(dirname "$0")"
WASM_DIR=$PWD
ROOT=$(cd .. && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$WASM_DIR/pkg
mkdir -p "$WASM_DIR/out"

# The npm tooling (binaryen's wasm-opt, esbuild for the widget bundle) from package-lock.json.
if [ ! -x node_modules/.bin/esbuild ] || [ ! -f node_modules/binaryen/bin/wasm-opt ]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

want=0.2.130
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
    echo "build.sh: wasm-bindgen $want needed (found '${have:-none}'); run wasm/run-tests.sh or" >&2
    echo "          cargo install wasm-bindgen-cli --version $want" >&2
    exit 1
fi

# Size-oriented release profile for this build only (the workspace release profile stays as
# the other crates want it): whole-program LTO, one codegen unit, opt-level z (smaller than s
# here: 339 KB vs 373 KB gzip when measured), abort on panic.
export CARGO_PROFILE_RELEASE_LTO=true
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
export CARGO_PROFILE_RELEASE_PANIC=abort
# The engines are built with the nightly toolchain and the standard library rebuilt for size
# (`-Zbuild-std` with `optimize_for_size`), panics compiled as immediate aborts without panic
# locations: −33 KB gzip on the verify-only engine (issue 11's budget). In WASM a panic was
# already a trap with nothing to print to (panic=abort, no console hook); it still is, without
# the formatting code. Legacy symbol mangling keeps tools/wasm-sizes.py's per-crate breakdown;
# registry and workspace paths are remapped so that no build-machine path reaches the engine.
# sha2's compact software backend (rolled round loops): ~17 KB less code than the unrolled one
# for SHA-256 and SHA-512; hashing is a small part of a verification.
# The toolchain: $KYSO_WASM_TOOLCHAIN, else `nightly` (package.sh adds its rust-src).
TOOLCHAIN=${KYSO_WASM_TOOLCHAIN:-nightly}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Cpanic=immediate-abort -Zunstable-options -Zlocation-detail=none -Csymbol-mangling-version=legacy --cfg sha2_backend_soft=\"compact\" --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/= --remap-path-prefix=$ROOT/="
# Its own target directory: the workspace's stable wasm32 builds would otherwise rebuild it.
NPM_TARGET_DIR="$TARGET_DIR/npm"
export CARGO_TARGET_DIR="$NPM_TARGET_DIR"
BUILD_STD=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)

WASM_OPT="$WASM_DIR/node_modules/binaryen/bin/wasm-opt"

# build_engine FEATURES DEST
build_engine() {
    local features=$1 dest=$2
    echo "== cargo build kyso-wasm ($features) → $dest"
    if [ "$features" = full ]; then
        cargo "+$TOOLCHAIN" build "${BUILD_STD[@]}" -p kyso-wasm --target wasm32-unknown-unknown --release --quiet
    else
        cargo "+$TOOLCHAIN" build "${BUILD_STD[@]}" -p kyso-wasm --target wasm32-unknown-unknown --release --quiet --no-default-features
    fi
    rm -rf "$dest" && mkdir -p "$dest"
    # What dominates (code per crate, from the unstripped output's name section).
    python3 tools/wasm-sizes.py "$NPM_TARGET_DIR/wasm32-unknown-unknown/release/kyso_wasm.wasm" 16 \
        > "$WASM_DIR/out/size-breakdown-$features.txt"
    wasm-bindgen --target web --remove-name-section --remove-producers-section \
        --out-dir "$dest" --out-name kyso_wasm \
        "$NPM_TARGET_DIR/wasm32-unknown-unknown/release/kyso_wasm.wasm"
    # The engine's own .d.ts files describe internals; the package's types are js/*.d.ts.
    rm -f "$dest"/*.d.ts
    # wasm-opt: keep its output only if it is smaller *gzipped* (-Oz can
    # grow the gzip size; with inlining off it shrinks it by a few KB).
    # --low-memory-unused (−1.5 KB gzip, issue 12) lets `load(p + C)` become `load offset=C (p)`
    # for C < 1024: the two differ only when p + C wraps past 4 GiB into the first KiB, i.e.
    # for no valid pointer (rustc lays the shadow stack out first, from 1 MiB down, and the
    # data after it: the first KiB is the bottom of a 1 MiB-deep stack, never reached by a
    # wrapped address of valid code); such an access now traps instead of reading there.
    if [ -x "$WASM_OPT" ] || [ -f "$WASM_OPT" ]; then
        node "$WASM_OPT" --enable-bulk-memory --enable-nontrapping-float-to-int \
            --enable-sign-ext --enable-mutable-globals --enable-reference-types \
            --enable-multivalue --low-memory-unused -Oz -aimfs 0 -fimfs 0 -ocimfs 0 \
            "$dest/kyso_wasm_bg.wasm" -o "$dest/opt.wasm"
        local before after
        before=$(gzip -9c "$dest/kyso_wasm_bg.wasm" | wc -c)
        after=$(gzip -9c "$dest/opt.wasm" | wc -c)
        if [ "$after" -lt "$before" ]; then
            mv "$dest/opt.wasm" "$dest/kyso_wasm_bg.wasm"
            echo "   wasm-opt: gzip $before → $after bytes (kept)"
        else
            rm "$dest/opt.wasm"
            echo "   wasm-opt: gzip $before → $after bytes (discarded)"
        fi
    fi
}

rm -rf "$OUT"
mkdir -p "$OUT/verify"
build_engine verify "$OUT/verify/engine"
build_engine full "$OUT/engine"

# Hand-written layer. The verify-only entry points import the same api.js.
cp js/api.js js/cms-sign.js js/pdf-sign.js js/timestamp.js js/index.js js/node.js js/index.d.ts js/kyso-verify.js js/kyso-verify.d.ts "$OUT/"
cp js/verify/index.js js/verify/node.js js/verify/index.d.ts "$OUT/verify/"
cp js/package.json "$OUT/package.json"
cp README.md "$OUT/README.md"
# The widget bundle sits in verify/ so that the glue's `new URL('./engine/kyso_wasm_bg.wasm',
# import.meta.url)` still points at the verify-only engine.
node_modules/.bin/esbuild "$OUT/kyso-verify.js" --bundle --minify --format=esm \
    --log-level=error --external:'*.wasm' --outfile="$OUT/verify/kyso-verify.min.js" \
    --banner:js='/* kyso-wasm: <kyso-verify> + verify-only glue, minified by esbuild from kyso-verify.js, verify/index.js, api.js (see those for the source) */'

# Size report.
{
    echo "kyso-wasm size report ($(date -u +%Y-%m-%dT%H:%M:%SZ), bytes; gzip -9)"
    printf '%-40s %10s %10s\n' file raw gzip
    ( cd "$OUT" && find . -type f \( -name '*.wasm' -o -name '*.js' \) | sort ) | while read -r f; do
        printf '%-40s %10d %10d\n' "${f#./}" "$(stat -c%s "$OUT/$f")" "$(gzip -9c "$OUT/$f" | wc -c)"
    done
    sum() { local t=0; for f in "$@"; do t=$((t + $(gzip -9c "$OUT/$f" | wc -c))); done; echo $t; }
    sumraw() { local t=0; for f in "$@"; do t=$((t + $(stat -c%s "$OUT/$f"))); done; echo $t; }
    page=(verify/engine/kyso_wasm_bg.wasm verify/kyso-verify.min.js)
    modules=(verify/engine/kyso_wasm_bg.wasm verify/engine/kyso_wasm.js verify/index.js api.js kyso-verify.js)
    f=(engine/kyso_wasm_bg.wasm engine/kyso_wasm.js index.js api.js cms-sign.js pdf-sign.js timestamp.js)
    echo
    echo "verify-only page load (verify/kyso-verify.min.js + engine): raw $(sumraw "${page[@]}"), gzip $(sum "${page[@]}") (budget 340000)"
    echo "  the same from the unbundled modules (kyso-verify.js etc.):  raw $(sumraw "${modules[@]}"), gzip $(sum "${modules[@]}")"
    echo "full build (verify + signing, without the widget):            raw $(sumraw "${f[@]}"), gzip $(sum "${f[@]}")"
    echo
    echo "what dominates the verify-only engine (raw code bytes per crate, before wasm-bindgen):"
    sed -n '/^code by crate/,$p' "$WASM_DIR/out/size-breakdown-verify.txt"
} | tee "$WASM_DIR/out/size-report.txt"
