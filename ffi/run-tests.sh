#!/usr/bin/env bash
# libkyso test runner (the `ffi` section of the project's test command). Idempotent: installs
# the Debian packages it needs when missing (gcc/make, valgrind, pkg-config, OpenSSL headers,
# Java 17 + JNA), then
#   1. builds libkyso (debug) and checks its SONAME and that kyso.h declares exactly the
#      exported kyso_* symbols; runs the header drift test (cbindgen 0.29.4 as a dev-dependency
#      library, see ffi/tests/header.rs) and the crate's Rust unit tests;
#   2. installs into a temporary prefix with `make install PREFIX=...`;
#   3. makes fixtures with the OpenSSL CLI (ffi/tests/make-fixtures.sh);
#   4. compiles every ffi/tests/*.c with -std=c11 -Wall -Wextra -Werror -pedantic against the
#      installed prefix through pkg-config, and runs each under ASan+UBSan and under valgrind
#      (--error-exitcode, full leak check), plus one static link against libkyso.a;
#   5. verifies every C-made signature with `openssl cms -verify` (and a tampered control), and
#      every C-signed PDF with poppler's `pdfsig`;
#   6. builds ffi/examples/*.c from the installed prefix with pkg-config and runs them;
#   7. runs the Java 17 JNA test.
# Ends with "ffi: N passed, N failed" and exits non-zero on any failure. Nothing is skipped: a
# missing tool is installed or the run fails.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-ffi.XXXXXX")
if [ -z "${KYSO_FFI_KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "ffi: work dir $work (kept)"; fi

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok   $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL $*"; }
die() { echo "ffi: $*" >&2; echo "ffi: $passed passed, $((failed + 1)) failed"; exit 1; }

# ---- 0. Tools (Debian packages; installed only when missing) ---------------------------------
missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v make >/dev/null || missing+=(make)
command -v valgrind >/dev/null || missing+=(valgrind)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v openssl >/dev/null || missing+=(openssl)
command -v readelf >/dev/null || missing+=(binutils)
command -v pdfsig >/dev/null || missing+=(poppler-utils)
[ -f /usr/include/openssl/evp.h ] || missing+=(libssl-dev)
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
[ -f /usr/share/java/jna.jar ] || missing+=(libjna-java)
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "ffi: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}"; } >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; die "could not install ${missing[*]}"; }
fi
# gcc's own sanitizer runtimes (libasan, libubsan) come with gcc on Debian; check they link.
echo 'int main(void){return 0;}' >"$work/san.c"
gcc -fsanitize=address,undefined "$work/san.c" -o "$work/san" 2>/dev/null || {
  $SUDO apt-get install -y -qq libasan8 libubsan1 >/dev/null 2>&1
  gcc -fsanitize=address,undefined "$work/san.c" -o "$work/san" || die "no ASan/UBSan runtime"
}

cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}

# ---- 1. Build, SONAME, exported symbols, header drift, Rust unit tests -----------------------
echo "ffi: building libkyso (debug)"
cargo build -q -p kyso-ffi || die "cargo build -p kyso-ffi failed"
so="$target_dir/debug/libkyso.so"
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libkyso.so.0" ] && ok "SONAME is $soname" || bad "SONAME is '$soname', expected libkyso.so.0"

nm -D --defined-only "$so" | awk '$3 ~ /^kyso_/ {print $3}' | sort >"$work/exported.txt"
grep -oE '\bkyso_[a-z0-9_]+\(' ffi/include/kyso.h | tr -d '(' | sort -u >"$work/declared.txt"
if diff -u "$work/declared.txt" "$work/exported.txt" >"$work/symdiff.txt"; then
  ok "kyso.h declares exactly the $(wc -l <"$work/exported.txt") exported kyso_* functions"
else
  cat "$work/symdiff.txt"; bad "kyso.h and libkyso.so exports differ"
fi

if cargo test -q -p kyso-ffi --test header -- --nocapture >"$work/header.log" 2>&1; then
  ok "header drift: $(grep -ho 'header: .*' "$work/header.log")"
else
  cat "$work/header.log"; bad "header drift test (regenerate: KYSO_BLESS_HEADER=1 cargo test -p kyso-ffi --test header)"
fi
if cargo test -q -p kyso-ffi --lib >"$work/unit.log" 2>&1; then
  ok "rust unit tests: $(grep -h 'test result' "$work/unit.log" | head -1)"
else
  cat "$work/unit.log"; bad "rust unit tests"
fi

# ---- 2. make install into a prefix -------------------------------------------------------------
prefix="$work/prefix"
make -s -C ffi install PREFIX="$prefix" PROFILE=debug >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; die "make install failed"; }
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists kyso && ok "make install PREFIX=… → pkg-config kyso $(pkg-config --modversion kyso)" \
  || bad "pkg-config does not find kyso in $prefix"
cflags=$(pkg-config --cflags kyso)
libs=$(pkg-config --libs kyso)
rpath="-Wl,-rpath,$prefix/lib"

# ---- 3. Fixtures -----------------------------------------------------------------------------
export KYSO_FFI_FIXTURES="$work/fixtures"
bash ffi/tests/make-fixtures.sh "$KYSO_FFI_FIXTURES" || die "fixtures (openssl) failed"

# ---- 4. C tests under ASan+UBSan and valgrind ------------------------------------------------
strict=(-std=c11 -Wall -Wextra -Werror -pedantic -g)
extra_libs() { case "$1" in test_sign | test_sign_pdf | test_timestamp) echo "-lcrypto" ;; test_verify) echo "-lpthread" ;; esac; }
# Count the suite's closing line "<suite>: N passed, M failed" into the totals.
run_suite() { # label log-file command...
  local label=$1 log=$2; shift 2
  "$@" >"$log" 2>&1
  local rc=$?
  local line
  line=$(grep -E '^[A-Za-z0-9_ ()]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ $rc -eq 0 ] && [ -n "$line" ] && echo "$line" | grep -q ' 0 failed'; then
    ok "$label: $line"
  else
    tail -40 "$log"; bad "$label: exit $rc${line:+, $line}"
  fi
}
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for src in ffi/tests/test_*.c; do
  name=$(basename "$src" .c)
  # shellcheck disable=SC2046
  gcc "${strict[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
    "$src" $cflags $libs $(extra_libs "$name") $rpath -o "$work/$name.asan" \
    || { bad "$name: does not compile with ${strict[*]} + sanitizers"; continue; }
  gcc "${strict[@]}" "$src" $cflags $libs $(extra_libs "$name") $rpath -o "$work/$name" \
    || { bad "$name: does not compile with ${strict[*]}"; continue; }
  run_suite "$name [ASan+UBSan]" "$work/$name.asan.log" "$work/$name.asan"
  # ASan/UBSan print only on a problem (and then halt: exit != 0); say what ran.
  if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$work/$name.asan.log"; then
    echo "         sanitizers: reports above"
  else
    echo "         sanitizers: no AddressSanitizer/LeakSanitizer/UBSan report"
  fi
  run_suite "$name [valgrind]" "$work/$name.vg.log" \
    valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=definite,indirect --track-origins=yes "$work/$name"
  # Print valgrind's own verdict lines (errors, leaks) so the run shows it was clean.
  grep -hE 'ERROR SUMMARY|definitely lost|indirectly lost|All heap blocks were freed' "$work/$name.vg.log" \
    | sed 's/^==[0-9]*== */         valgrind: /'
done
# Static linking against libkyso.a with pkg-config --static.
# shellcheck disable=SC2046
if gcc "${strict[@]}" ffi/tests/test_basics.c $cflags "$prefix/lib/libkyso.a" \
     $(pkg-config --static --libs-only-l kyso | sed 's/-lkyso//') -o "$work/test_basics.static"; then
  run_suite "test_basics [static libkyso.a]" "$work/static.log" "$work/test_basics.static"
else
  bad "static link against libkyso.a"
fi

# ---- 5. C-made signatures verified by OpenSSL ------------------------------------------------
fx="$KYSO_FFI_FIXTURES"
n_ossl=0
# `openssl cms` has no -CRLfile: the CRL rides in the CAfile (X509_load_cert_crl_file).
cat "$fx/ca.pem" "$fx/crl.pem" >"$work/ca+crl.pem"
if [ -s "$fx/c-made.txt" ]; then
  n_made=$(wc -l <"$fx/c-made.txt")
  while read -r file content; do
    args=(cms -verify -binary -inform DER -in "$fx/$file" -CAfile "$work/ca+crl.pem" -purpose any
          -crl_check -out /dev/null)
    [ "$content" != "-" ] && args+=(-content "$fx/$content")
    if openssl "${args[@]}" >"$work/ossl.log" 2>&1; then
      n_ossl=$((n_ossl + 1))
    else
      cat "$work/ossl.log"; bad "openssl cms -verify $file"
    fi
  done <"$fx/c-made.txt"
  [ "$n_ossl" -eq "$n_made" ] && ok "openssl cms -verify -crl_check accepted all $n_ossl C-made signatures" \
    || bad "openssl accepted $n_ossl of $n_made C-made signatures"
  # Control: the revoked certificate is rejected by the same -crl_check set-up.
  if openssl cms -verify -binary -inform DER -in "$fx/ossl-revoked-detached.p7s" -content "$fx/content.txt" \
       -CAfile "$work/ca+crl.pem" -purpose any -crl_check -out /dev/null >/dev/null 2>&1; then
    bad "openssl -crl_check accepted the revoked signer (control)"
  else
    ok "openssl -crl_check rejects the revoked signer (control: the CRL is in effect)"
  fi
  # Control: the same check must reject wrong content, or the loop above proves nothing.
  printf 'tampered' >"$work/other.txt"
  if openssl cms -verify -binary -inform DER -in "$fx/c-p12-detached.p7s" -content "$work/other.txt" \
       -CAfile "$fx/ca.pem" -purpose any -out /dev/null >/dev/null 2>&1; then
    bad "openssl accepted a C-made signature over other content (control)"
  else
    ok "openssl rejects a C-made signature over other content (control)"
  fi
else
  bad "no C-made signatures listed (test_sign did not run?)"
fi

# Time-stamps and extended signatures made through C (test_timestamp.c, listed in ts-made.txt):
# CAdES B-T/B-LT CMS still pass `openssl cms -verify -crl_check`, tokens `openssl ts -verify`
# against the local TSA's root, PDFs signed with a signature time-stamp poppler's `pdfsig`.
if [ -s "$fx/ts-made.txt" ]; then
  n_made=$(wc -l <"$fx/ts-made.txt")
  n_ts=0
  while read -r kind file; do
    case "$kind" in
      cms) openssl cms -verify -binary -inform DER -in "$fx/$file" -CAfile "$work/ca+crl.pem" \
             -purpose any -crl_check -out /dev/null >"$work/ossl.log" 2>&1 ;;
      token) openssl ts -verify -data "$fx/content.txt" -in "$fx/$file" -token_in \
               -CAfile "$fx/tsa/root.pem" >"$work/ossl.log" 2>&1 ;;
      # A PDF signed with a signature time-stamp: poppler finds its one signature valid.
      pdf) pdfsig -nocert -no-ocsp "$fx/$file" >"$work/ossl.log" 2>&1 \
             && [ "$(grep -c 'Signature is Valid\.' "$work/ossl.log")" -eq 1 ] ;;
      *) echo "unknown kind $kind" >"$work/ossl.log"; false ;;
    esac
    if [ $? -eq 0 ]; then
      n_ts=$((n_ts + 1))
    else
      cat "$work/ossl.log"; bad "openssl on C-made $kind $file"
    fi
  done <"$fx/ts-made.txt"
  [ "$n_ts" -eq "$n_made" ] && ok "openssl cms -verify / ts -verify accepted all $n_ts C-made time-stamped signatures and tokens" \
    || bad "openssl accepted $n_ts of $n_made C-made time-stamped signatures and tokens"
else
  bad "no C-made time-stamps listed (test_timestamp did not run?)"
fi

# C-signed PDFs (test_sign_pdf.c, listed with their signature count) accepted by poppler:
# "Signature is Valid." for every signature (`-nocert`: the test CA is not in NSS's store).
if [ -s "$fx/pdf-made.txt" ]; then
  n_made=$(wc -l <"$fx/pdf-made.txt")
  n_pdfsig=0
  while read -r file count; do
    pdfsig -nocert -no-ocsp "$fx/$file" >"$work/pdfsig.log" 2>&1
    valid=$(grep -c 'Signature is Valid\.' "$work/pdfsig.log")
    if [ "$valid" -eq "$count" ]; then
      n_pdfsig=$((n_pdfsig + 1))
    else
      cat "$work/pdfsig.log"; bad "pdfsig $file: $valid of $count signatures valid"
    fi
  done <"$fx/pdf-made.txt"
  [ "$n_pdfsig" -eq "$n_made" ] && ok "poppler pdfsig: every signature valid in all $n_pdfsig C-signed PDFs" \
    || bad "pdfsig accepted $n_pdfsig of $n_made C-signed PDFs"
else
  bad "no C-signed PDFs listed (test_sign_pdf did not run?)"
fi

# ---- 6. Examples, built from the installed prefix with pkg-config ------------------------------
for ex in verify sign; do
  # shellcheck disable=SC2046
  gcc "${strict[@]}" "ffi/examples/$ex.c" $(pkg-config --cflags --libs kyso) $rpath -o "$work/kyso-$ex" \
    && ok "examples/$ex.c builds with \`cc $ex.c \$(pkg-config --cflags --libs kyso)\`" \
    || bad "examples/$ex.c does not build"
done
if [ -x "$work/kyso-sign" ] && [ -x "$work/kyso-verify" ]; then
  KYSO_PASSWORD=Kyso-2026 "$work/kyso-sign" --p12 "$fx/rsa.p12" --detached -o "$work/ex.p7s" "$fx/big.bin" >/dev/null \
    && "$work/kyso-verify" --trust "$fx/ca.pem" --crl "$fx/ca.crl" --content "$fx/big.bin" "$work/ex.p7s" >"$work/ex.log" \
    && grep -q 'TOTAL-PASSED' "$work/ex.log" \
    && openssl cms -verify -binary -inform DER -in "$work/ex.p7s" -content "$fx/big.bin" -CAfile "$fx/ca.pem" \
         -purpose any -out /dev/null 2>/dev/null \
    && ok "kyso-sign --detached (streamed 4 MiB) → kyso-verify TOTAL-PASSED → openssl accepts" \
    || bad "example sign → verify round trip"
  KYSO_PASSWORD=wrong "$work/kyso-sign" --p12 "$fx/rsa.p12" "$fx/content.txt" >/dev/null 2>"$work/ex.err"
  [ $? -eq 1 ] && grep -q 'wrong password' "$work/ex.err" && ok "kyso-sign reports a wrong password" \
    || bad "kyso-sign with a wrong password"
  "$work/kyso-verify" --trust "$fx/ca.pem" --crl "$fx/ca.crl" --lang en "$fx/ossl-ec-attached.p7s" >/dev/null
  [ $? -eq 0 ] && ok "kyso-verify accepts an OpenSSL ECDSA signature (exit 0)" || bad "kyso-verify on OpenSSL ECDSA"
  "$work/kyso-verify" --trust "$fx/ca.pem" --crl "$fx/ca.crl" --content "$fx/big.bin" "$fx/ossl-rsa-detached.p7s" >/dev/null
  [ $? -eq 1 ] && ok "kyso-verify fails wrong content (exit 1)" || bad "kyso-verify on wrong content"
  "$work/kyso-verify" --bundle vn "$fx/ossl-rsa-attached.p7s" >/dev/null
  [ $? -eq 2 ] && ok "kyso-verify: untrusted CA is INDETERMINATE (exit 2)" || bad "kyso-verify untrusted"
fi

# ---- 7. Java 17 through JNA --------------------------------------------------------------------
jna=/usr/share/java/jna.jar
mkdir -p "$work/java"
if javac -encoding UTF-8 -d "$work/java" -cp "$jna" ffi/java/KysoVerifyTest.java 2>"$work/javac.log"; then
  run_suite "Java 17 (JNA)" "$work/java.log" \
    java -cp "$jna:$work/java" -Djna.library.path="$prefix/lib" KysoVerifyTest "$fx"
else
  cat "$work/javac.log"; bad "javac KysoVerifyTest.java"
fi

# Totals: steps above, counted once each (the suites' own assertion counts are in their lines).
echo "ffi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
