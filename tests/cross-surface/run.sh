#!/usr/bin/env bash
# The cross-surface test (issue 10 item 4): one fixture set through the CLI, through C
# (libkyso) and through the npm package (kyso-wasm), the JSON reports and errors compared
# field by field. Steps:
#   1. build the CLI (`cargo build -p kyso-cli`) and install libkyso into a temporary prefix
#      the way ffi/run-tests.sh does (`make -C ffi install PROFILE=debug`), then compile
#      c-driver.c against it through pkg-config with -std=c11 -Wall -Wextra -Werror -pedantic;
#   2. the npm package as wasm/package.sh builds and installs it (wasm/node_modules/kyso-wasm),
#      reused when installed after its sources last changed (wasm/out/package.stamp), so
#      after the test command's wasm-package step nothing is rebuilt;
#   3. fixtures made now with OpenSSL (make-fixtures.mjs, through wasm/test/pki.mjs), and
#      signed PDFs made with the CLI of step 1 (`kyso sign`);
#   4. compare.mjs runs every case on the three surfaces and compares, and checks the verdicts
#      the kyso-signed PDF cases expect.
# Ends with "cross-surface: N passed, N failed (N cases compared, N differing)"; exits non-zero
# on any difference. Needs gcc, make, pkg-config, openssl and node (installed by
# ffi/run-tests.sh and scripts/test.sh); KYSO_XSURF_KEEP=1 keeps the work directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-xsurf.XXXXXX")
if [ -z "${KYSO_XSURF_KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "cross-surface: work dir $work (kept)"; fi
for tool in gcc make pkg-config openssl node npm; do
    command -v "$tool" >/dev/null || { echo "cross-surface: $tool is required" >&2; exit 1; }
done

echo "== cross-surface: CLI and libkyso (debug)"
cargo build -q -p kyso-cli
make -s -C ffi install PREFIX="$work/prefix" PROFILE=debug >"$work/install.log" 2>&1 \
    || { cat "$work/install.log"; exit 1; }
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
gcc -std=c11 -Wall -Wextra -Werror -pedantic -g "$here/c-driver.c" $(pkg-config --cflags --libs kyso) \
    -Wl,-rpath,"$work/prefix/lib" -o "$work/c-driver"

echo "== cross-surface: npm package"
package="$root/wasm/node_modules/kyso-wasm"
stamp="$root/wasm/out/package.stamp"
newer=""
if [ -f "$stamp" ] && [ -f "$package/package.json" ]; then
    newer=$(find core/src core/Cargo.toml wasm/src wasm/Cargo.toml wasm/js wasm/README.md wasm/build.sh \
        wasm/package.sh Cargo.lock -newer "$stamp" -print -quit)
fi
if [ ! -f "$stamp" ] || [ ! -f "$package/package.json" ] || [ -n "$newer" ]; then
    bash wasm/package.sh
else
    echo "reusing $package (installed $(cat "$stamp"), after its sources last changed)"
fi

echo "== cross-surface: fixtures (OpenSSL, kyso sign)"
node "$here/make-fixtures.mjs" "$work/fixtures" "$target_dir/debug/kyso"

echo "== cross-surface: compare"
node "$here/compare.mjs" "$target_dir/debug/kyso" "$work/c-driver" "$package" "$work/fixtures"
