#!/usr/bin/env bash
# Makes the tiny fixture of the crate-level doc example and the session's unit tests
# (core/src/lib.rs, core/src/verifier/tests.rs): a P-256 root CA, a signer certificate it
# issued, the root's (empty) CRL, and a CAdES-BES attached signature and a detached one over
# the same short Vietnamese text (`Công văn số 123/UBND-VP`), made with OpenSSL 3
# (`openssl cms -sign -cades`). The files are committed; run this again only to change them
# (tests pin `now` to 2026-12-05, inside every validity period; the signatures' signing time
# is when this ran, 2026-12-03).
#
#   bash core/testdata/session/make.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = root
[root]
database = $work/index.txt
crlnumber = $work/crlnumber
default_md = sha256
default_crl_days = 3650
[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[signer_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
touch "$work/index.txt"
echo 01 > "$work/crlnumber"

openssl ecparam -name prime256v1 -genkey -noout -out "$work/root.key"
openssl req -new -x509 -key "$work/root.key" -sha256 -days 3650 \
  -subj "/C=VN/O=kyso doc example/CN=kyso Doc Root" -set_serial 1 \
  -config "$work/ca.cnf" -extensions root_ext -out "$work/root.pem"
openssl ecparam -name prime256v1 -genkey -noout -out "$work/signer.key"
openssl req -new -key "$work/signer.key" -subj "/C=VN/O=kyso doc example/CN=Nguyễn Văn A" \
  -utf8 -out "$work/signer.csr"
openssl x509 -req -in "$work/signer.csr" -CA "$work/root.pem" -CAkey "$work/root.key" \
  -set_serial 2 -days 3650 -sha256 -extfile "$work/ca.cnf" -extensions signer_ext \
  -out "$work/signer.pem"
openssl ca -config "$work/ca.cnf" -gencrl -keyfile "$work/root.key" -cert "$work/root.pem" \
  -out "$work/root.crl.pem"

printf 'Công văn số 123/UBND-VP' > "$work/content.txt"
openssl cms -sign -cades -binary -nodetach -md sha256 -in "$work/content.txt" \
  -signer "$work/signer.pem" -inkey "$work/signer.key" -outform DER -out signed.p7s
openssl cms -sign -cades -binary -md sha256 -in "$work/content.txt" \
  -signer "$work/signer.pem" -inkey "$work/signer.key" -outform DER -out detached.p7s

openssl x509 -in "$work/root.pem" -outform DER -out root.der
openssl crl -in "$work/root.crl.pem" -outform DER -out root.crl
ls -l signed.p7s detached.p7s root.der root.crl
