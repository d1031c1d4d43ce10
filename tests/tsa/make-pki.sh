#!/usr/bin/env bash
# make-pki.sh OUTDIR — a small test PKI for the local RFC 3161 time-stamp authority
# (tests/tsa/serve.py), made with the OpenSSL command line only (3.0 or later).
#
# OUTDIR receives (PEM unless said otherwise):
#   root.key root.pem                  root CA (RSA-2048), 2020-01-01 .. 2049-12-31
#   tsa-PROFILE.key tsa-PROFILE.pem    one TSA certificate and key per profile below
#   root.crl root.crl.pem              the root's CRL (DER / PEM), nothing revoked, next update
#                                      7000 days ahead (still a UTCTime, RFC 5280 §5.1.2.5)
#   root-revoked.crl root-revoked.crl.pem
#                                      the root's later CRL revoking tsa-revoked (keyCompromise,
#                                      revocation date 2025-01-01 00:00:00 UTC)
#   tsa.cnf                            `openssl ts -reply` configuration: section tsa_PROFILE
#                                      per profile (hyphens become underscores), tsa_good default
#   tsaserial-PROFILE                  the TSA serial files tsa.cnf names
#
# TSA profiles (RFC 3161 §2.3: the TSA certificate has exactly one extended key usage,
# id-kp-timeStamping, and it is critical):
#   good             EKU timeStamping (critical), KU digitalSignature (critical), RSA-2048,
#                    2024-01-01 .. 2049-12-31
#   good-ec          the same profile with a P-256 key
#   noncritical-eku  EKU timeStamping, not critical (P-256)
#   extra-eku        EKU timeStamping + clientAuth, critical (P-256)
#   expired          the good profile, 2020-01-01 .. 2021-01-01 (P-256)
#   no-eku           no EKU at all, KU digitalSignature (P-256)
#   revoked          the good profile (RSA-2048), revoked in root-revoked.crl
#
# Idempotent: a finished OUTDIR carries a stamp (.kyso-tsa-pki) and is left as it is; runs on
# one OUTDIR at the same time are serialised with flock. Quiet unless something fails.
set -euo pipefail

VERSION=1
if [ $# -ne 1 ]; then
    echo "usage: make-pki.sh OUTDIR" >&2
    exit 2
fi
mkdir -p "$1"
OUT="$(cd "$1" && pwd)"
STAMP="$OUT/.kyso-tsa-pki"
OPENSSL="${OPENSSL:-openssl}"

exec 8>"$OUT/.lock"
flock 8
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION $OUT" ]; then
    exit 0
fi

WORK="$(mktemp -d "$OUT/.work.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
LOG="$WORK/log"
run() { # run CMD...: quiet unless it fails
    if ! "$@" >>"$LOG" 2>&1; then
        echo "make-pki.sh: this command failed: $*" >&2
        cat "$LOG" >&2
        exit 1
    fi
}

# ---------------------------------------------------------------- the CA (openssl ca)
mkdir -p "$WORK/ca/newcerts"
: >"$WORK/ca/index.txt"
echo 1000 >"$WORK/ca/serial"
echo 01 >"$WORK/ca/crlnumber"
cat >"$WORK/ca.cnf" <<EOF
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = $WORK/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
preserve = yes
utf8 = yes
string_mask = utf8only
default_crl_days = 7000
crl_extensions = crl_ext

[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no
[ req_dn ]
CN = unused

[ crl_ext ]
authorityKeyIdentifier = keyid:always

# RFC 5280 §4.2.1.9, §4.2.1.3: a CA that signs certificates and CRLs.
[ ext_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

# RFC 3161 §2.3: "The corresponding certificate MUST contain only one instance of the extended
# key usage field extension ... with KeyPurposeID having value: id-kp-timeStamping. This
# extension MUST be critical."
[ ext_good ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ ext_noncritical_eku ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ ext_extra_eku ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ ext_no_eku ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
CA=("$OPENSSL" ca -batch -notext -config "$WORK/ca.cnf")

key() { # key FILE rsa|ec
    case "$2" in
        rsa) run "$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" ;;
        ec) run "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" ;;
    esac
}

# Root: self-signed through `openssl ca -selfsign` so that its dates are fixed.
key "$WORK/root.key" rsa
run "$OPENSSL" req -new -config "$WORK/ca.cnf" -key "$WORK/root.key" \
    -subj "/C=VN/O=Kyso thử nghiệm/CN=Kyso Test TSA Root" -utf8 -out "$WORK/root.csr"
run "${CA[@]}" -selfsign -keyfile "$WORK/root.key" -in "$WORK/root.csr" -extensions ext_root \
    -startdate 200101000000Z -enddate 491231235959Z -out "$WORK/root.pem"

# tsa PROFILE KEYTYPE EXTENSIONS START END
tsa() {
    local p="$1"
    key "$WORK/tsa-$p.key" "$2"
    run "$OPENSSL" req -new -config "$WORK/ca.cnf" -key "$WORK/tsa-$p.key" \
        -subj "/C=VN/O=Kyso thử nghiệm/CN=Kyso Test TSA $p" -utf8 -out "$WORK/tsa-$p.csr"
    run "${CA[@]}" -cert "$WORK/root.pem" -keyfile "$WORK/root.key" -in "$WORK/tsa-$p.csr" \
        -extensions "$3" -startdate "$4" -enddate "$5" -out "$WORK/tsa-$p.pem"
}
tsa good rsa ext_good 240101000000Z 491231235959Z
tsa good-ec ec ext_good 240101000000Z 491231235959Z
tsa noncritical-eku ec ext_noncritical_eku 240101000000Z 491231235959Z
tsa extra-eku ec ext_extra_eku 240101000000Z 491231235959Z
tsa expired ec ext_good 200101000000Z 210101000000Z
tsa no-eku ec ext_no_eku 240101000000Z 491231235959Z
tsa revoked rsa ext_good 240101000000Z 491231235959Z

ROOTSIGN=(-cert "$WORK/root.pem" -keyfile "$WORK/root.key")
# The root's CRL before anything is revoked (RFC 5280 §5: nextUpdate 7000 days ahead).
run "${CA[@]}" "${ROOTSIGN[@]}" -gencrl -out "$WORK/root.crl.pem"
# Then revoke tsa-revoked, with a fixed revocation date (index.txt column 3, the date
# `openssl ca -revoke` wrote, set back to 2025-01-01) so tests can place time-stamps before
# and after it.
run "${CA[@]}" "${ROOTSIGN[@]}" -revoke "$WORK/tsa-revoked.pem" -crl_reason keyCompromise
awk -F'\t' 'BEGIN { OFS = "\t" } $1 == "R" { split($3, r, ","); $3 = "250101000000Z," r[2] } { print }' \
    "$WORK/ca/index.txt" >"$WORK/ca/index.new"
mv "$WORK/ca/index.new" "$WORK/ca/index.txt"
run "${CA[@]}" "${ROOTSIGN[@]}" -gencrl -out "$WORK/root-revoked.crl.pem"
for c in root root-revoked; do
    run "$OPENSSL" crl -in "$WORK/$c.crl.pem" -outform DER -out "$WORK/$c.crl"
done

# ---------------------------------------------------------------- tsa.cnf (openssl ts -reply)
PROFILES=(good good-ec noncritical-eku extra-eku expired no-eku revoked)
{
    cat <<EOF
# openssl ts -reply configuration for the kyso test TSAs (made by tests/tsa/make-pki.sh).
# One section per TSA profile; \`openssl ts -reply -config tsa.cnf -section tsa_good ...\`.
[ tsa ]
default_tsa = tsa_good
EOF
    for p in "${PROFILES[@]}"; do
        s="${p//-/_}"
        cat <<EOF

[ tsa_$s ]
dir = $OUT
serial = \$dir/tsaserial-$p
crypto_device = builtin
signer_cert = \$dir/tsa-$p.pem
# Added to the token's certificates when the request asks for them (RFC 3161 §2.4.1 certReq).
certs = \$dir/root.pem
signer_key = \$dir/tsa-$p.key
signer_digest = sha256
# Test policy OIDs under the private-enterprise arc 99999 (not assigned to anyone).
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2, 1.3.6.1.4.1.99999.3
digests = sha256, sha384, sha512, sha1
accuracy = secs:1
clock_precision_digits = 0
ordering = no
tsa_name = yes
ess_cert_id_chain = no
# ESS signing-certificate-v2 with SHA-256 (RFC 5816 §2.2.1).
ess_cert_id_alg = sha256
EOF
    done
} >"$WORK/tsa.cnf"

# ---------------------------------------------------------------- install into OUTDIR
files=(root.key root.pem root.crl root.crl.pem root-revoked.crl root-revoked.crl.pem tsa.cnf)
for p in "${PROFILES[@]}"; do
    files+=("tsa-$p.key" "tsa-$p.pem")
done
for f in "${files[@]}"; do
    mv -f "$WORK/$f" "$OUT/$f"
done
for p in "${PROFILES[@]}"; do
    [ -f "$OUT/tsaserial-$p" ] || echo 01 >"$OUT/tsaserial-$p"
done
echo "$VERSION $OUT" >"$STAMP"
