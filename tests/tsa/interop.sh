#!/usr/bin/env bash
# interop.sh — issue 12's interop proof: kyso's time-stamps and CAdES/PAdES B-T, B-LT and B-LTA against
# OpenSSL (`openssl ts`, `openssl cms`), poppler `pdfsig` and pyHanko, with the local TSA
# (make-pki.sh + serve.py) and the PKI `kyso demo` writes. Every check prints `ok NAME` or
# `FAIL NAME: reason`; the costs (sizes, milliseconds) are printed, not checked. Closes with
# "tsa-interop: N passed, N failed" and exits non-zero on any failure.
# Usage: bash tests/tsa/interop.sh   (scripts/test.sh step `tsa-interop`; needs what the test
# command installs: openssl, python3, curl, pdfsig, the pyHanko venv of scripts/pdf-peers.sh)
# KYSO_INTEROP_KEEP=1 keeps the work directory.
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
T="$(mktemp -d "${TMPDIR:-/tmp}/kyso-tsa-interop.XXXXXX")"
SERVER=""
BG=""
cleanup() {
    [ -n "$BG" ] && kill "$BG" 2>/dev/null && wait "$BG" 2>/dev/null
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    if [ -n "${KYSO_INTEROP_KEEP:-}" ]; then echo "tsa-interop: work dir $T (kept)"; else rm -rf "$T"; fi
}
trap cleanup EXIT
START_NS=$(date +%s%N)

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
give_up() { bad "$1" "$2"; echo "tsa-interop: $pass passed, $fail failed"; exit 1; }
# expect NAME REASON CMD...: the command must succeed (its output is shown on failure).
expect() {
    local name="$1" reason="$2"; shift 2
    if "$@" >"$T/out" 2>&1; then ok "$name"; else bad "$name" "$reason"; sed 's/^/       /' "$T/out" | head -20; fi
}
# refuse NAME REASON CMD...: the command must fail.
refuse() {
    local name="$1" reason="$2"; shift 2
    if "$@" >"$T/out" 2>&1; then bad "$name" "$reason"; else ok "$name"; fi
}
# jq-less JSON: `j FILE EXPR` prints the Python expression EXPR over the document `d`.
j() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

# ---------------------------------------------------------------- tools, PKI, TSA
for tool in openssl python3 curl pdfsig cargo; do
    command -v "$tool" >/dev/null || give_up setup "$tool is required (scripts/test.sh installs it)"
done
PYHANKO="${KYSO_PDF_VENV:-$HOME/.cache/kyso/pdf-venv}/bin/pyhanko"
[ -x "$PYHANKO" ] || give_up setup "no pyHanko at $PYHANKO (scripts/pdf-peers.sh builds it)"
(cd "$ROOT" && cargo build -q -p kyso-cli) || give_up setup "cargo build -p kyso-cli failed"
KYSO="${CARGO_TARGET_DIR:-$ROOT/target}/debug/kyso"
[ -x "$KYSO" ] || give_up setup "no binary at $KYSO"
k() { "$KYSO" --lang en "$@"; }
PARTS=(python3 "$HERE/cms-parts.py")

bash "$HERE/make-pki.sh" "$T/pki" >"$T/pki.log" 2>&1 || give_up setup "make-pki.sh failed: $(tail -3 "$T/pki.log")"
P="$T/pki"
python3 "$HERE/serve.py" --pki "$P" --port-file "$T/port" --max-seconds 300 2>"$T/server.log" &
SERVER=$!
k demo --out "$T/demo" >"$T/demo.log" 2>&1 || give_up setup "kyso demo failed: $(tail -3 "$T/demo.log")"
D="$T/demo"
for _ in $(seq 200); do [ -s "$T/port" ] && break; sleep 0.05; done
[ -s "$T/port" ] || give_up setup "the TSA did not start: $(cat "$T/server.log")"
URL="http://127.0.0.1:$(cat "$T/port")"

cd "$T"
head -c 5000 /dev/urandom >data.bin
head -c 5000 /dev/urandom >other.bin
cat "$D/root-ca.pem" "$P/root.pem" >trust.pem # the signer's root and the TSA's root
SIGNER=(--key "$D/person.key" --cert "$D/person.pem" --chain "$D/sub-ca.pem")
CRLS=(--crl "$D/sub-ca.crl" --crl "$D/root-ca.crl" --crl "$P/root.crl")
LATER=2031-12-05T00:00:00Z # five years on: the demo signer's certificate (two years) has expired
openssl_cms_verify() { # FILE [CONTENT]: OpenSSL's CMS verification against the demo root
    local content=()
    [ -n "${2:-}" ] && content=(-content "$2")
    openssl cms -verify -binary -inform DER -in "$1" "${content[@]}" -CAfile "$D/root-ca.pem" -purpose any -out "$T/cms-out"
}

# /http-500 costs the CLI's retries (2 s + 8 s back-off): run it beside everything else.
(
    rc=0
    k timestamp data.bin --tsa "$URL/http-500" --tsa-trust "$P/root.pem" --out bg-500.tst >/dev/null 2>bg-500.err || rc=$?
    echo "$rc" >bg-500.rc
) &
BG=$!

# ---------------------------------------------------------------- 1. kyso's tokens in OpenSSL
echo "== 1. kyso timestamp -> openssl ts -verify"
for path in good good-ec; do
    if k timestamp data.bin --tsa "$URL/$path" --tsa-trust "$P/root.pem" --out "$path.tst" >/dev/null 2>"$path.err"; then
        expect "1 $path: openssl ts -verify accepts kyso's token" "openssl ts -verify refused it" \
            openssl ts -verify -data data.bin -in "$path.tst" -token_in -CAfile "$P/root.pem"
        refuse "1 $path: openssl ts -verify refuses it for other data" "openssl accepted the token for other data" \
            openssl ts -verify -data other.bin -in "$path.tst" -token_in -CAfile "$P/root.pem"
    else
        bad "1 $path: kyso timestamp" "$(tr '\n' ' ' <"$path.err")"
    fi
done

# ---------------------------------------------------------------- 2. OpenSSL's tokens in kyso
echo "== 2. openssl ts -reply -> kyso verify"
openssl ts -query -data data.bin -sha256 -cert -out ossl.tsq 2>/dev/null &&
    openssl ts -reply -config "$P/tsa.cnf" -section tsa_good -queryfile ossl.tsq -out ossl.tsr 2>/dev/null &&
    openssl ts -reply -in ossl.tsr -token_out -out ossl.tok 2>/dev/null ||
    bad "2 openssl ts -reply" "OpenSSL made no token"
for input in ossl.tok ossl.tsr; do
    k verify "$input" --content data.bin --trust "$P/root.pem" --crl "$P/root.crl" --json >"$input.json" 2>/dev/null
    v=$(j "$input.json" "d['kind'], d['indication']")
    if [ "$v" = "('token', 'TOTAL-PASSED')" ]; then ok "2 OpenSSL's $input verifies in kyso: TOTAL-PASSED"; else bad "2 OpenSSL's $input" "kyso says $v"; fi
done
k verify ossl.tok --content other.bin --trust "$P/root.pem" --crl "$P/root.crl" --json >ossl-other.json 2>/dev/null
v=$(j ossl-other.json "d['indication'], d.get('sub_indication')")
if [ "$v" = "('TOTAL-FAILED', 'HASH_FAILURE')" ]; then ok "2 OpenSSL's token over other data: TOTAL-FAILED HASH_FAILURE"; else bad "2 OpenSSL's token over other data" "kyso says $v"; fi

# ---------------------------------------------------------------- 3. misbehaving TSAs at signing
echo "== 3. misbehaving TSAs refused at signing"
# PATH => what the English message must say (a regular expression).
declare -A CAUSE=(
    [wrong-imprint]="imprint does not match"
    [wrong-nonce]="nonce differs"
    [no-nonce]="nonce but the time-stamp does not|nonce.*(missing|absent)"
    [error-status]="refused the request.*rejection"
    [garbage]="not a TimeStampResp"
    [extra-eku]="other extended key usages besides timeStamping"
    [no-eku]="timeStamping.*extendedKeyUsage|extended key usage"
    [expired]="expired at 2021-01-01"
)
refused_cleanly() { # NAME OUTFILE ERRFILE CAUSE-REGEX RC
    local name="$1" out="$2" err="$3" cause="$4" rc="$5"
    if [ "$rc" -eq 0 ]; then
        bad "$name" "kyso accepted the answer (exit 0)"
    elif [ -e "$out" ]; then
        bad "$name" "exit $rc but $out was written"
    elif ! grep -Eq "$cause" "$err"; then
        bad "$name" "exit $rc, the message does not name the cause /$cause/: $(tr '\n' ' ' <"$err")"
    else
        ok "$name: exit $rc, nothing written, \"$(sed -e 's/.*not taken: //' -e 's/^kyso: //' "$err" | head -1 | cut -c1-100)\""
    fi
}
for path in wrong-imprint wrong-nonce no-nonce error-status garbage extra-eku no-eku expired; do
    rc=0
    k timestamp data.bin --tsa "$URL/$path" --tsa-trust "$P/root.pem" --out "bad-$path.tst" >/dev/null 2>"bad-$path.err" || rc=$?
    refused_cleanly "3 timestamp /$path" "bad-$path.tst" "bad-$path.err" "${CAUSE[$path]}" "$rc"
done
# Graded (RFC 3161 §2.3, T9): a sole timeStamping EKU that is not critical is taken under vn-gov
# with a warning (verification below refuses it under strict).
rc=0
k timestamp data.bin --tsa "$URL/noncritical-eku" --tsa-trust "$P/root.pem" --out nc.tst >/dev/null 2>nc.err || rc=$?
if [ "$rc" -eq 0 ] && [ -s nc.tst ]; then ok "3 timestamp /noncritical-eku: taken under vn-gov (graded)"; else bad "3 timestamp /noncritical-eku" "exit $rc: $(tr '\n' ' ' <nc.err)"; fi
# The same through `kyso sign --tsa` (CMS and PDF): no signature without its time-stamp.
for path in wrong-imprint no-eku garbage; do
    rc=0
    k sign "${SIGNER[@]}" --in data.bin --out "bad-$path.p7s" --tsa "$URL/$path" --tsa-trust "$P/root.pem" >/dev/null 2>"bad-sign-$path.err" || rc=$?
    refused_cleanly "3 sign --tsa /$path" "bad-$path.p7s" "bad-sign-$path.err" "${CAUSE[$path]}" "$rc"
done
rc=0
k sign "${SIGNER[@]}" --in "$D/cong-van.pdf" --out bad-nonce.pdf --subfilter cades --tsa "$URL/wrong-nonce" --tsa-trust "$P/root.pem" >/dev/null 2>bad-pdf.err || rc=$?
refused_cleanly "3 sign doc.pdf --tsa /wrong-nonce" bad-nonce.pdf bad-pdf.err "${CAUSE[wrong-nonce]}" "$rc"

# ---------------------------------------------------------------- 4. misbehaving TSA certificates at verification
echo "== 4. tokens from misbehaving TSA certificates (curl + openssl ts -query) in kyso verify"
openssl ts -query -data data.bin -sha256 -cert -out curl.tsq 2>/dev/null
fetch_token() { # PATH: curl the TSA, keep the token
    curl -s -o "d-$1.tsr" -H 'Content-Type: application/timestamp-query' --data-binary @curl.tsq "$URL/$1" &&
        openssl ts -reply -in "d-$1.tsr" -token_out -out "d-$1.tok" 2>/dev/null
}
verdict() { # TOKEN CRL: "INDICATION SUB_INDICATION"
    k verify "$1" --content data.bin --trust "$P/root.pem" --crl "$2" --json >"$1.json" 2>/dev/null
    j "$1.json" "d['indication'] + ' ' + str(d.get('sub_indication'))"
}
# PATH CRL => expected "INDICATION SUB_INDICATION" (never TOTAL-PASSED for a faulty TSA).
for row in "noncritical-eku root.crl TOTAL-PASSED None" \
    "extra-eku root.crl INDETERMINATE CHAIN_CONSTRAINTS_FAILURE" \
    "no-eku root.crl INDETERMINATE CHAIN_CONSTRAINTS_FAILURE" \
    "expired root.crl INDETERMINATE OUT_OF_BOUNDS_NO_POE" \
    "revoked root-revoked.crl TOTAL-FAILED REVOKED" \
    "revoked root.crl TOTAL-PASSED None" \
    "good root-revoked.crl TOTAL-PASSED None"; do
    read -r path crl want_i want_s <<<"$row"
    [ -s "d-$path.tok" ] || fetch_token "$path" || { bad "4 /$path" "no token from the TSA"; continue; }
    got=$(verdict "d-$path.tok" "$P/$crl")
    if [ "$got" = "$want_i $want_s" ]; then ok "4 /$path with $crl: $got"; else bad "4 /$path with $crl" "kyso says '$got', expected '$want_i $want_s'"; fi
done
# EKU deviations are graded findings (RFC 3161 §2.3, T9): an extra purpose and a missing
# timeStamping are errors; a sole timeStamping not marked critical is a warning under vn-gov and
# an error under strict.
for row in "extra-eku error chain.tsa-eku-not-sole" "no-eku error chain.extended-key-usage" \
    "noncritical-eku warning chain.tsa-eku-not-critical"; do
    read -r path severity want <<<"$row"
    # (A finding about a certificate is listed under it and among the chain's: counted once.)
    code=$(j "d-$path.tok.json" "sorted({f['code'] for f in d['tsa']['chain']['findings'] + [g for c in d['tsa']['chain']['certificates'] for g in c.get('findings', [])] if f['severity']=='$severity'})")
    if [ "$code" = "['$want']" ]; then ok "4 /$path: $severity $want"; else bad "4 /$path: finding" "$severity findings $code"; fi
done
k verify d-noncritical-eku.tok --content data.bin --trust "$P/root.pem" --crl "$P/root.crl" --policy strict --json >nc-strict.json 2>/dev/null
v=$(j nc-strict.json "d['indication'] + ' ' + str(d.get('sub_indication'))")
if [ "$v" = "INDETERMINATE CHAIN_CONSTRAINTS_FAILURE" ]; then ok "4 /noncritical-eku under strict: $v"; else bad "4 /noncritical-eku under strict" "kyso says '$v'"; fi

# ---------------------------------------------------------------- 5. CAdES B-T
echo "== 5. CAdES B-T"
t0=$(date +%s%N)
k sign "${SIGNER[@]}" --in data.bin --out bb.p7s >/dev/null 2>bb.err || bad "5 kyso sign (B-B)" "$(tr '\n' ' ' <bb.err)"
SIGN_BB_MS=$(ms "$t0")
t0=$(date +%s%N)
if k sign "${SIGNER[@]}" --in data.bin --out bt.p7s --tsa "$URL/good" --tsa-trust "$P/root.pem" >/dev/null 2>bt.err; then
    SIGN_BT_MS=$(ms "$t0")
    expect "5 B-T: openssl cms -verify" "OpenSSL refused kyso's B-T" openssl_cms_verify bt.p7s data.bin
    k verify bt.p7s --content data.bin --trust trust.pem "${CRLS[@]}" --json >bt.json 2>/dev/null
    v=$(j bt.json "d['indication'], d['signers'][0]['chain']['time_used']['source'], [(t['kind'], t['indication']) for t in d['signers'][0]['timestamps']]")
    if [ "$v" = "('TOTAL-PASSED', 'timestamp', [('signature', 'TOTAL-PASSED')])" ]; then
        ok "5 B-T: kyso verify TOTAL-PASSED, time_used.source timestamp, one signature time-stamp passed"
    else bad "5 B-T: kyso verify" "$v"; fi
    # The token is over the signature value (EN 319 122-1 §5.3), as OpenSSL sees it.
    n=$("${PARTS[@]}" tokens bt.p7s bt)
    python3 -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-1]^=1; open(sys.argv[2],"wb").write(b)' bt-sig0.bin bt-sig0-flipped.bin
    if [ "$n" = "signer 0: 1 token(s)" ] &&
        openssl ts -verify -data bt-sig0.bin -in bt-tst0-0.der -token_in -CAfile "$P/root.pem" >/dev/null 2>&1 &&
        ! openssl ts -verify -data bt-sig0-flipped.bin -in bt-tst0-0.der -token_in -CAfile "$P/root.pem" >/dev/null 2>&1; then
        ok "5 B-T: openssl ts -verify: the embedded token is over this SignerInfo's signature value (and not over one bit flipped)"
    else bad "5 B-T: embedded token" "$n; openssl ts -verify over the signature value did not hold"; fi
    # Offline five years on, a B-T without validation data is not a pass (the control for 6).
    k verify bt.p7s --content data.bin --trust trust.pem --now "$LATER" --json >bt-later.json 2>/dev/null
    v=$(j bt-later.json "d['indication']")
    if [ -n "$v" ] && [ "$v" != TOTAL-PASSED ]; then ok "5 B-T offline at $LATER without validation data: $v (not a pass)"; else bad "5 B-T offline later" "kyso says '$v'"; fi
else
    bad "5 kyso sign --tsa" "$(tr '\n' ' ' <bt.err)"
fi

# ---------------------------------------------------------------- 6. CAdES B-LT
echo "== 6. CAdES B-LT (kyso's B-B and OpenSSL-made signatures)"
openssl cms -sign -binary -outform DER -in data.bin -signer "$D/person.pem" -inkey "$D/person.key" \
    -certfile "$D/sub-ca.pem" -out peer.p7s 2>/dev/null || bad "6 openssl cms -sign" "no detached signature"
openssl cms -sign -binary -outform DER -nodetach -in data.bin -signer "$D/person.pem" -inkey "$D/person.key" \
    -certfile "$D/sub-ca.pem" -out peer-att.p7s 2>/dev/null || bad "6 openssl cms -sign -nodetach" "no attached signature"
for row in "bb data.bin" "peer data.bin" "peer-att -"; do
    read -r name content <<<"$row"
    c=()
    [ "$content" != - ] && c=(--content "$content")
    label="6 B-LT of $name.p7s ($([ "$name" = bb ] && echo kyso || echo OpenSSL), $([ "$content" = - ] && echo attached || echo detached))"
    rc=0
    k extend "$name.p7s" "${c[@]}" --to b-lt --tsa "$URL/good" --tsa-trust "$P/root.pem" --trust trust.pem "${CRLS[@]}" \
        --out "$name-lt.p7s" >/dev/null 2>"$name-lt.err" || rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s "$name-lt.p7s" ]; then
        bad "$label: kyso extend" "exit $rc: $(tr '\n' ' ' <"$name-lt.err")"
        continue
    fi
    ok "$label: kyso extend exit 0 ($(grep -o '[0-9]* certificates, [0-9]* CRL, [0-9]* OCSP' "$name-lt.err"))"
    expect "$label: openssl cms -verify" "OpenSSL refused the extended signature" openssl_cms_verify "$name-lt.p7s" "${c[1]:-}"
    if [ "$content" = - ] && ! cmp -s "$T/cms-out" data.bin; then bad "$label: attached content" "OpenSSL reads other content"; fi
    before=$("${PARTS[@]}" signed "$name.p7s")
    after=$("${PARTS[@]}" signed "$name-lt.p7s")
    if [ -n "$before" ] && [ "$before" = "$after" ]; then
        ok "$label: signed bytes untouched (SignerInfo but unsigned attributes, encapContentInfo: same DER)"
    else bad "$label: signed bytes" "changed: before [$before] after [$after]"; fi
    k verify "$name-lt.p7s" "${c[@]}" --trust trust.pem --now "$LATER" --json >"$name-lt.json" 2>/dev/null
    v=$(j "$name-lt.json" "d['indication'], d['signers'][0]['chain']['time_used']['source']")
    if [ "$v" = "('TOTAL-PASSED', 'timestamp')" ]; then
        ok "$label: offline at $LATER, --trust only: TOTAL-PASSED, time source timestamp"
    else bad "$label: offline at $LATER" "kyso says $v"; fi
    # The control: the same signature before extension, same options, is not a pass.
    k verify "$name.p7s" "${c[@]}" --trust trust.pem --now "$LATER" --json >"$name-later.json" 2>/dev/null
    v=$(j "$name-later.json" "d['indication']")
    if [ -n "$v" ] && [ "$v" != TOTAL-PASSED ]; then ok "$label: control, unextended at $LATER: $v"; else bad "$label: control" "unextended signature says '$v'"; fi
done
# B-T -> B-LT needs no TSA: the existing time-stamp is kept.
if [ -s bt.p7s ]; then
    rc=0
    k extend bt.p7s --content data.bin --to b-lt --trust trust.pem "${CRLS[@]}" --out bt-lt.p7s >/dev/null 2>bt-lt.err || rc=$?
    n=$("${PARTS[@]}" tokens bt-lt.p7s btlt 2>/dev/null)
    if [ "$rc" -eq 0 ] && [ "$n" = "signer 0: 1 token(s)" ] && cmp -s bt-tst0-0.der btlt-tst0-0.der; then
        ok "6 B-T -> B-LT without --tsa: exit 0, the one time-stamp kept byte for byte"
    else bad "6 B-T -> B-LT" "exit $rc, $n: $(tr '\n' ' ' <bt-lt.err)"; fi
fi

# ---------------------------------------------------------------- 6c. CAdES B-LTA
echo "== 6c. CAdES B-LTA (archive-time-stamp-v3 over the B-LT signatures of 6)"
for row in "bb data.bin" "peer data.bin" "peer-att -"; do
    read -r name content <<<"$row"
    [ -s "$name-lt.p7s" ] || { bad "6c B-LTA of $name" "no B-LT signature from 6"; continue; }
    c=()
    [ "$content" != - ] && c=(--content "$content")
    label="6c B-LTA of $name-lt.p7s"
    rc=0
    k extend "$name-lt.p7s" "${c[@]}" --to b-lta --tsa "$URL/good" --tsa-trust "$P/root.pem" --trust trust.pem "${CRLS[@]}" \
        --out "$name-lta.p7s" >/dev/null 2>"$name-lta.err" || rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s "$name-lta.p7s" ]; then
        bad "$label: kyso extend" "exit $rc: $(tr '\n' ' ' <"$name-lta.err")"
        continue
    fi
    ok "$label: kyso extend exit 0"
    expect "$label: openssl cms -verify" "OpenSSL refused the archived signature" openssl_cms_verify "$name-lta.p7s" "${c[1]:-}"
    before=$("${PARTS[@]}" signed "$name.p7s")
    after=$("${PARTS[@]}" signed "$name-lta.p7s")
    if [ -n "$before" ] && [ "$before" = "$after" ]; then ok "$label: signed bytes untouched"; else bad "$label: signed bytes" "changed"; fi
    k verify "$name-lta.p7s" "${c[@]}" --trust trust.pem --now "$LATER" --json >"$name-lta.json" 2>/dev/null
    # OpenSSL's signatures carry no ESS signing-certificate: not CAdES, so no CAdES level.
    level=CAdES-B-LTA
    [ "$name" != bb ] && level=None
    v=$(j "$name-lta.json" "d['indication'], d['signers'][0].get('level'), [(t['kind'], t['indication']) for t in d['signers'][0]['timestamps']]")
    if [ "$v" = "('TOTAL-PASSED', '$level', [('signature', 'TOTAL-PASSED'), ('archive', 'TOTAL-PASSED')])" ] ||
        [ "$v" = "('TOTAL-PASSED', $level, [('signature', 'TOTAL-PASSED'), ('archive', 'TOTAL-PASSED')])" ]; then
        ok "$label: offline at $LATER: TOTAL-PASSED, level $level, both time-stamps passed"
    else bad "$label: offline at $LATER" "kyso says $v"; fi
done
# The archive time-stamp covers the content: other content fails it.
if [ -s bb-lta.p7s ]; then
    printf 'other' >other.bin
    k verify bb-lta.p7s --content other.bin --trust trust.pem --now "$LATER" --json >bb-lta-other.json 2>/dev/null
    v=$(j bb-lta-other.json "[t['indication'] for t in d['signers'][0]['timestamps'] if t['kind'] == 'archive']")
    if [ "$v" = "['TOTAL-FAILED']" ]; then ok "6c B-LTA with other content: the archive time-stamp is TOTAL-FAILED"; else bad "6c B-LTA other content" "archive time-stamps: $v"; fi
fi

# ---------------------------------------------------------------- 7. B-LT with missing data
echo "== 7. B-LT with missing revocation data"
rc=0
k extend bb.p7s --content data.bin --to b-lt --tsa "$URL/good" --tsa-trust "$P/root.pem" --trust trust.pem \
    --crl "$D/root-ca.crl" --crl "$P/root.crl" --out missing.p7s >/dev/null 2>missing.err || rc=$?
if [ "$rc" -eq 2 ] && [ -s missing.p7s ] && grep -q "No revocation data.*Nguyễn Thị Thu Hương.*missing" missing.err &&
    grep -q "data missing" missing.err; then
    ok "7 no CRL for the signer's CA: exit 2, output written, stderr names the signer's missing revocation data"
else bad "7 missing data" "exit $rc, output $([ -s missing.p7s ] && echo written || echo absent): $(tr '\n' ' ' <missing.err)"; fi
expect "7 the incomplete B-LT still passes openssl cms -verify" "OpenSSL refused it" openssl_cms_verify missing.p7s data.bin
k verify missing.p7s --content data.bin --trust trust.pem --now "$LATER" --json >missing.json 2>/dev/null
v=$(j missing.json "d['indication']")
if [ -n "$v" ] && [ "$v" != TOTAL-PASSED ]; then ok "7 the incomplete B-LT offline at $LATER: $v (not a pass)"; else bad "7 incomplete B-LT later" "kyso says '$v'"; fi

# ---------------------------------------------------------------- 8. PDF: pdfsig, pyHanko, kyso
echo "== 8. PDF with a signature time-stamp"
PYH_LEVELS=()
for sf in cades pkcs7; do
    want_type=$([ "$sf" = cades ] && echo ETSI.CAdES.detached || echo adbe.pkcs7.detached)
    sub=()
    [ "$sf" = cades ] && sub=(--subfilter cades) # pkcs7 is the default
    if ! k sign "${SIGNER[@]}" --in "$D/cong-van.pdf" --out "t-$sf.pdf" "${sub[@]}" --tsa "$URL/good" --tsa-trust "$P/root.pem" >/dev/null 2>"t-$sf.err"; then
        bad "8 $sf: kyso sign doc.pdf --tsa" "$(tr '\n' ' ' <"t-$sf.err")"
        continue
    fi
    pdfsig -nocert -no-ocsp "t-$sf.pdf" >"t-$sf.pdfsig" 2>&1
    if [ "$(grep -c 'Signature is Valid.' "t-$sf.pdfsig")" = 1 ] && grep -q "Signature Type: $want_type" "t-$sf.pdfsig"; then
        ok "8 $sf: pdfsig: $want_type, Signature is Valid."
    else bad "8 $sf: pdfsig" "$(tr '\n' ' ' <"t-$sf.pdfsig")"; fi
    "$PYHANKO" sign validate --trust "$D/root-ca.pem" --trust "$P/root.pem" --trust-replace --no-revocation-check \
        "t-$sf.pdf" >"t-$sf.pyh" 2>"t-$sf.pyh.err"
    summary=$(grep '^Signature1:' "t-$sf.pyh")
    PYH_LEVELS+=("$sf: ${summary#Signature1:*:}")
    if [[ "$summary" == *":INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,UNTOUCHED" ]]; then
        ok "8 $sf: pyHanko: ${summary#Signature1:*:}"
    else bad "8 $sf: pyHanko sign validate" "summary '$summary' $(tr '\n' ' ' <"t-$sf.pyh.err" | cut -c1-300)"; fi
    # pyHanko's AdES validation (with-time, EN 319 102-1 §5.5) and its account of the token.
    "$PYHANKO" sign adesverify --trust "$D/root-ca.pem" --trust "$P/root.pem" --trust-replace --no-revocation-check \
        --pretty-print "t-$sf.pdf" >"t-$sf.ades" 2>"t-$sf.ades.err"
    if grep -q "judged VALID" "t-$sf.ades" && grep -q "The TSA certificate is trusted." "t-$sf.ades" &&
        grep -q "Signature timestamp token:" "t-$sf.ades"; then
        ok "8 $sf: pyHanko adesverify: signature time-stamp trusted, judged VALID"
    else bad "8 $sf: pyHanko adesverify" "$(grep -E 'judged|TSA|timestamp' "t-$sf.ades" | tr '\n' ' ')"; fi
    k verify "t-$sf.pdf" --trust trust.pem "${CRLS[@]}" --json >"t-$sf.json" 2>/dev/null
    v=$(j "t-$sf.json" "d['indication'], d['signatures'][0]['sub_filter'], d['signatures'][0]['cms']['signers'][0]['chain']['time_used']['source'], [(t['kind'], t['indication']) for t in d['signatures'][0]['cms']['signers'][0]['timestamps']]")
    if [ "$v" = "('TOTAL-PASSED', '$want_type', 'timestamp', [('signature', 'TOTAL-PASSED')])" ]; then
        ok "8 $sf: kyso verify: TOTAL-PASSED, time-stamp passed, time source timestamp"
    else bad "8 $sf: kyso verify" "$v"; fi
done
# The control: without --tsa pyHanko sees no time-stamp (so the summaries above can fail).
if k sign "${SIGNER[@]}" --in "$D/cong-van.pdf" --out plain.pdf --subfilter cades >/dev/null 2>plain.err; then
    "$PYHANKO" sign validate --trust "$D/root-ca.pem" --trust-replace --no-revocation-check plain.pdf >plain.pyh 2>/dev/null
    summary=$(grep '^Signature1:' plain.pyh)
    if [[ "$summary" == *":INTACT:TRUSTED,UNTOUCHED" ]]; then ok "8 control: pyHanko on a PDF signed without --tsa: ${summary#Signature1:*:}"
    else bad "8 control" "pyHanko summary '$summary'"; fi
fi

# ---------------------------------------------------------------- 8b. PAdES B-LT / B-LTA by extend
echo "== 8b. kyso extend on PDFs: kyso's and pyHanko's signatures to B-LT and B-LTA"
# A PDF signed by another tool (pyHanko, PAdES B-B with the demo key) and kyso's own B-T.
"$PYHANKO" sign addsig --field Sig1 --use-pades pemder --key "$D/person.key" --cert "$D/person.pem" \
    --chain "$D/sub-ca.pem" --no-pass "$D/cong-van.pdf" pyh-bb.pdf >/dev/null 2>pyh-bb.err ||
    bad "8b pyHanko signs a PDF" "$(tr '\n' ' ' <pyh-bb.err | cut -c1-200)"
for row in "pyh-bb.pdf b-lt PAdES-B-LT" "pyh-bb.pdf b-lta PAdES-B-LTA" "t-cades.pdf b-lta PAdES-B-LTA" \
    "t-pkcs7.pdf b-lt PKCS#7, time-stamped, LTV data (not PAdES)"; do
    read -r in level want <<<"$row"
    out="x-${in%.pdf}-$level.pdf"
    [ -s "$in" ] || { bad "8b $in to $level" "no input"; continue; }
    if ! k extend "$in" --to "$level" --tsa "$URL/good" --tsa-trust "$P/root.pem" --trust trust.pem \
        "${CRLS[@]}" --out "$out" >/dev/null 2>"$out.err"; then
        bad "8b kyso extend $in --to $level" "$(tr '\n' ' ' <"$out.err" | cut -c1-300)"
        continue
    fi
    # The input is a byte-identical prefix (incremental updates only).
    if cmp -s -n "$(stat -c %s "$in")" "$in" "$out"; then ok "8b $in → $level: the input is a prefix"; else bad "8b $in → $level" "the input bytes changed"; fi
    # Five years on, offline, from the document's own data: every signature passes at its time-stamp.
    k verify "$out" --trust trust.pem --now 2031-12-05T00:00:00Z --json >"$out.json" 2>/dev/null
    v=$(j "$out.json" "d['indication'], d['signatures'][0]['level']")
    if [ "$v" = "('TOTAL-PASSED', '$want')" ]; then ok "8b $in → $level offline in 2031: TOTAL-PASSED, $want"; else bad "8b $in → $level offline in 2031" "kyso says $v"; fi
    pdfsig -nocert -no-ocsp "$out" >"$out.pdfsig" 2>&1
    if grep -q 'Signature is Valid.' "$out.pdfsig"; then ok "8b $in → $level: pdfsig: the signature is valid"; else bad "8b $in → $level: pdfsig" "$(tr '\n' ' ' <"$out.pdfsig" | cut -c1-300)"; fi
    # pyHanko's AdES validation with revocation from the document (today: its past-signature
    # validation of CA certificates wants CRLs fresh at the validation time, so a date after
    # the CRLs' nextUpdate is not compared with pyHanko).
    "$PYHANKO" sign adesverify --trust "$D/root-ca.pem" --trust "$P/root.pem" --trust-replace \
        --executive-summary "$out" >"$out.ades" 2>"$out.ades.err"
    if grep -q ':VALID' "$out.ades"; then ok "8b $in → $level: pyHanko adesverify with revocation: $(head -1 "$out.ades" | cut -d: -f3-)"
    else bad "8b $in → $level: pyHanko adesverify" "$(tr '\n' ' ' <"$out.ades" | cut -c1-200) $(tr '\n' ' ' <"$out.ades.err" | cut -c1-300)"; fi
done
# pyHanko's own B-B, before kyso extends it, is not valid offline five years on (the control).
k verify pyh-bb.pdf --trust trust.pem --now 2031-12-05T00:00:00Z --json >pyh-bb.json 2>/dev/null
v=$(j pyh-bb.json "d['indication']")
if [ "$v" != TOTAL-PASSED ]; then ok "8b control: pyHanko's B-B offline in 2031 is $v"; else bad "8b control" "pyHanko's B-B passes offline in 2031"; fi
# A document certified with DocMDP P=1 is refused (T1: Acrobat invalidates it after any byte).
k sign "${SIGNER[@]}" --in "$D/cong-van.pdf" --out p1.pdf --certify 1 >/dev/null 2>&1
rc=0
k extend p1.pdf --to b-lta --tsa "$URL/good" --tsa-trust "$P/root.pem" --trust trust.pem "${CRLS[@]}" --out p1-lta.pdf >/dev/null 2>p1.err || rc=$?
if [ "$rc" -ne 0 ] && [ ! -e p1-lta.pdf ]; then ok "8b DocMDP P=1: extend refused (exit $rc)"; else bad "8b DocMDP P=1" "exit $rc"; fi

# ---------------------------------------------------------------- 3 (cont.): /http-500
wait "$BG"
BG=""
rc=$(cat bg-500.rc 2>/dev/null || echo 0)
refused_cleanly "3 timestamp /http-500 (after the CLI's retries)" bg-500.tst bg-500.err "HTTP status 500" "$rc"

# ---------------------------------------------------------------- 9. costs (printed, not checked)
echo "== 9. costs (debug build of kyso, local TSA on 127.0.0.1)"
size() { if [ -s "$1" ]; then stat -c %s "$1"; else echo "?"; fi; }
echo "   CMS, RSA-2048 signer with its CA certificate, 5000-byte detached file: B-B $(size bb.p7s) B, B-T $(size bt.p7s) B, B-LT $(size bb-lt.p7s) B, B-LTA $(size bb-lta.p7s) B (B-LT from B-B: token + $(grep -o '[0-9]* certificates, [0-9]* CRL' bb-lt.err 2>/dev/null))"
echo "   PDF: input $(size "$D/cong-van.pdf") B, signed with --tsa: cades $(size t-cades.pdf) B, pkcs7 $(size t-pkcs7.pdf) B; without --tsa (cades) $(size plain.pdf) B"
for f in t-cades.pdf t-pkcs7.pdf plain.pdf; do
    [ -s "$f" ] && python3 - "$f" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
a, l, c, _ = map(int, re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", b).groups())
raw = bytes.fromhex(b[a + l + 1:c - 1].decode())
n = raw[1] & 0x7F
print(f"   {sys.argv[1]}: /Contents reserves {len(raw)} B, the CMS uses {int.from_bytes(raw[2:2 + n], 'big') + 2 + n} B")
PY
done
runs() { # N CMD...: the median wall ms of N runs
    local n="$1"; shift
    local times=()
    for _ in $(seq "$n"); do
        local t0
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        times+=("$(ms "$t0")")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((n + 1) / 2))p"
}
echo "   kyso sign wall ms (median of 5): without --tsa $(runs 5 k sign "${SIGNER[@]}" --in data.bin --out cost.p7s)," \
    "with --tsa $(runs 5 k sign "${SIGNER[@]}" --in data.bin --out cost.p7s --tsa "$URL/good" --tsa-trust "$P/root.pem")" \
    "(first runs above: ${SIGN_BB_MS:-?} / ${SIGN_BT_MS:-?})"
echo "   kyso extend --to b-lt wall ms (median of 3): $(runs 3 k extend bb.p7s --content data.bin --to b-lt --tsa "$URL/good" --tsa-trust "$P/root.pem" --trust trust.pem "${CRLS[@]}" --out cost-lt.p7s)," \
    "B-LT -> B-LTA: $(runs 3 k extend bb-lt.p7s --content data.bin --to b-lta --tsa "$URL/good" --tsa-trust "$P/root.pem" --trust trust.pem "${CRLS[@]}" --out cost-lta.p7s)"
echo "   pyHanko levels (sign validate summary; pyHanko 0.38 names no PAdES level): ${PYH_LEVELS[*]}"

if ((fail)); then
    echo "server log (tail):"
    tail -20 "$T/server.log" | sed 's/^/    /'
fi
echo "tsa-interop: wall $(ms "$START_NS") ms"
echo "tsa-interop: $pass passed, $fail failed"
((fail == 0))
