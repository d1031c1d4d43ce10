#!/usr/bin/env bash
# selfcheck.sh — the local TSA (make-pki.sh + serve.py) against OpenSSL's own verifier: a token
# from /good verifies with `openssl ts -verify`, every misbehaving path is refused (or answers
# the HTTP status it promises). Closes with "tsa-harness: N passed, N failed".
# Usage: bash tests/tsa/selfcheck.sh   (scripts/test.sh runs it; needs openssl, python3, curl)
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
T="$(mktemp -d "${TMPDIR:-/tmp}/kyso-tsa-check.XXXXXX")"
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "tsa-harness: FAILED: $*"; }
check() { # check NAME CMD...: the command must succeed
    local name="$1"; shift
    if "$@" >"$T/out" 2>&1; then ok; else bad "$name"; sed 's/^/    /' "$T/out"; fi
}
refused() { # refused NAME CMD...: the command must fail
    local name="$1"; shift
    if "$@" >"$T/out" 2>&1; then bad "$name (openssl accepted it)"; else ok; fi
}

if ! bash "$HERE/make-pki.sh" "$T/pki"; then
    echo "tsa-harness: 0 passed, 1 failed (make-pki.sh)"
    exit 1
fi
P="$T/pki"

python3 "$HERE/serve.py" --pki "$P" --port-file "$T/port" --max-seconds 120 2>"$T/server.log" &
SERVER=$!
for _ in $(seq 100); do
    [ -s "$T/port" ] && break
    sleep 0.05
done
if ! [ -s "$T/port" ]; then
    cat "$T/server.log"
    echo "tsa-harness: 0 passed, 1 failed (the server did not start)"
    exit 1
fi
URL="http://127.0.0.1:$(cat "$T/port")"

head -c 5000 /dev/urandom >"$T/data"
openssl ts -query -data "$T/data" -sha256 -cert -out "$T/q.tsq" 2>/dev/null
post() { # post PATH OUT [curl options]: prints the HTTP status
    local path="$1" out="$2"; shift 2
    curl -s -o "$out" -w '%{http_code}' -H 'Content-Type: application/timestamp-query' \
        --data-binary @"$T/q.tsq" "$@" "$URL/$path"
}
status() { # status NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok; else bad "$1: HTTP $3, expected $2"; fi
}
VERIFY=(openssl ts -verify -CAfile "$P/root.pem")

# /good: a real token, verified against the data and against the query (imprint, nonce).
status good 200 "$(post good "$T/good.tsr")"
check "good verifies against the data" "${VERIFY[@]}" -data "$T/data" -in "$T/good.tsr" -untrusted "$P/tsa-good.pem"
check "good verifies against the query" "${VERIFY[@]}" -queryfile "$T/q.tsq" -in "$T/good.tsr"
status good-ec 200 "$(post good-ec "$T/ec.tsr")"
check "good-ec verifies" "${VERIFY[@]}" -queryfile "$T/q.tsq" -in "$T/ec.tsr"
# The CRLs: tsa-good passes a CRL check, tsa-revoked fails it (its profile is good otherwise).
cat "$P/root.pem" "$P/root.crl.pem" >"$T/ca-crl.pem"
cat "$P/root.pem" "$P/root-revoked.crl.pem" >"$T/ca-crl-revoked.pem"
check "good passes the CRL check" openssl ts -verify -CAfile "$T/ca-crl-revoked.pem" -crl_check -queryfile "$T/q.tsq" -in "$T/good.tsr"
status revoked 200 "$(post revoked "$T/revoked.tsr")"
check "revoked verifies without revocation data" "${VERIFY[@]}" -queryfile "$T/q.tsq" -in "$T/revoked.tsr"
check "revoked passes the empty CRL" openssl ts -verify -CAfile "$T/ca-crl.pem" -crl_check -queryfile "$T/q.tsq" -in "$T/revoked.tsr"
refused "revoked fails the revoking CRL" openssl ts -verify -CAfile "$T/ca-crl-revoked.pem" -crl_check -queryfile "$T/q.tsq" -in "$T/revoked.tsr"

# Misbehaving TSAs: a 200 answer OpenSSL refuses.
for path in wrong-nonce wrong-imprint no-nonce error-status garbage expired noncritical-eku extra-eku no-eku; do
    status "$path" 200 "$(post "$path" "$T/$path.tsr")"
    refused "$path" "${VERIFY[@]}" -queryfile "$T/q.tsq" -in "$T/$path.tsr"
done
# The hand-signed EKU profiles are otherwise sound tokens: the CMS signature and the ESS
# signing-certificate-v2 binding verify when the purpose is not checked.
for path in noncritical-eku extra-eku no-eku; do
    openssl ts -reply -in "$T/$path.tsr" -token_out -out "$T/$path.tok" 2>/dev/null
    check "$path token signature" openssl cms -verify -cades -purpose any -inform DER -in "$T/$path.tok" \
        -CAfile "$P/root.pem" -out /dev/null
done
if openssl ts -reply -in "$T/error-status.tsr" -text 2>/dev/null | grep -q 'Status: Rejected'; then ok; else bad "error-status is not a rejection"; fi

# HTTP behaviours.
status http-500 500 "$(post http-500 /dev/null)"
status flaky-first 503 "$(post flaky /dev/null)"
status flaky-retry 200 "$(post flaky "$T/flaky.tsr")"
check "flaky's retry verifies" "${VERIFY[@]}" -queryfile "$T/q.tsq" -in "$T/flaky.tsr"
status auth-none 401 "$(post auth /dev/null)"
status auth-wrong 401 "$(post auth /dev/null -u kyso:wrong)"
status auth-right 200 "$(post auth "$T/auth.tsr" -u kyso:test-secret)"
start=$(date +%s%N)
status slow 200 "$(post 'slow?s=1' "$T/slow.tsr")"
if (( ($(date +%s%N) - start) >= 1000000000 )); then ok; else bad "slow answered in under a second"; fi
status get 405 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/good")"
status content-type 415 "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$T/q.tsq" "$URL/good")"
head -c 70000 /dev/zero >"$T/big"
status too-large 413 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/timestamp-query' --data-binary @"$T/big" "$URL/good")"
status not-a-query 400 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/timestamp-query' --data-binary @"$T/data" "$URL/good")"
status unknown-path 404 "$(post nowhere /dev/null)"

if ((fail)); then
    echo "server log:"
    sed 's/^/    /' "$T/server.log"
fi
echo "tsa-harness: $pass passed, $fail failed"
((fail == 0))
