#!/usr/bin/env bash
# C-layer overhead bench (timing belongs here, not in the tests): builds libkyso in release
# with the `bench` feature (exports kyso_bench_rust_*, the Rust-API baseline), makes fixtures,
# and runs overhead.c. Prints one line per operation with the C/Rust ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"
cargo build -q --release -p kyso-ffi --features bench
target_dir=${CARGO_TARGET_DIR:-$root/target}
mkdir -p "$work/lib"
cp "$target_dir/release/libkyso.so" "$work/lib/libkyso.so.0"
ln -s libkyso.so.0 "$work/lib/libkyso.so"
bash ffi/tests/make-fixtures.sh "$work/fixtures" >/dev/null
gcc -std=c11 -O2 -Wall -Wextra -Werror -pedantic -I ffi/include ffi/bench/overhead.c \
  -L "$work/lib" -lkyso -Wl,-rpath,"$work/lib" -o "$work/overhead"
"$work/overhead" "$work/fixtures"
