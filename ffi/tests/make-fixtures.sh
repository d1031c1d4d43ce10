#!/usr/bin/env bash
# Make the C tests' fixtures in directory $1 with the OpenSSL CLI (nothing is checked in):
# a test CA shaped like a Vietnamese hierarchy (root CA → subscriber certificates with
# Vietnamese names and UID identities, a CRL distribution point), keys in PKCS#12 / PKCS#8 /
# SEC1 form, a CRL revoking one certificate, and CMS signatures made by `openssl cms -sign`
# (attached and detached; RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256 and P-384).
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
cd "$dir"
rm -rf ./*

ossl() { openssl "$@" 2>>openssl.log; }

mkdir -p newcerts
: > index.txt
echo 1000 > serial
echo 01 > crlnumber
cat > ca.cnf <<EOF
[ca]
default_ca = CA_default
[CA_default]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
crlnumber = ./crlnumber
default_md = sha256
default_days = 365
default_crl_days = 30
policy = policy_any
unique_subject = no
# Keep the request's DN as it is (UID, ST, O, emailAddress), in its order.
preserve = yes
copy_extensions = none
utf8 = yes
string_mask = utf8only
[policy_any]
countryName = optional
stateOrProvinceName = optional
organizationName = optional
commonName = supplied
UID = optional
emailAddress = optional
[req]
distinguished_name = dn
utf8 = yes
string_mask = utf8only
[dn]
[v3_ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://crl.kyso.test/ca.crl
EOF

# Root CA (RSA-2048, as the Vietnamese roots are RSA), self-signed through `openssl ca` so that
# its validity can start in the past: the tests sign with claimed times before today.
ossl req -new -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -utf8 -config ca.cnf \
  -subj "/C=VN/O=Ban Cơ yếu Chính phủ (thử nghiệm)/CN=Kyso Test Root CA"
ossl ca -batch -selfsign -config ca.cnf -extensions v3_ca -in ca.csr -keyfile ca.key -out ca.pem \
  -startdate 20250101000000Z -days 3650 -notext

leaf() { # name keyopts subject
  local name=$1 subj=$3
  # shellcheck disable=SC2086
  ossl req -new -newkey $2 -nodes -keyout "$name.key" -out "$name.csr" -utf8 -config ca.cnf -subj "$subj"
  ossl ca -batch -config ca.cnf -extensions leaf -in "$name.csr" -out "$name.pem" -cert ca.pem -keyfile ca.key \
    -startdate 20250601000000Z -days 1095 -notext
}
leaf rsa "rsa:2048" "/C=VN/ST=Bắc Ninh/O=Ủy ban nhân dân tỉnh Bắc Ninh/CN=Nguyễn Văn An/UID=CCCD:001099012345/emailAddress=an@bacninh.gov.vn"
leaf ec "ec -pkeyopt ec_paramgen_curve:P-256" "/C=VN/O=Công ty Cổ phần Kyso/CN=Trần Thị Bình/UID=MST:0100686209-199"
leaf p384 "ec -pkeyopt ec_paramgen_curve:P-384" "/C=VN/CN=Phạm Quốc Dũng/UID=CMND:012345678"
leaf ed25519 "ed25519" "/C=VN/CN=Hoàng Thị Em/UID=HC:C1234567"
leaf revoked "rsa:2048" "/C=VN/CN=Lê Văn Cường (thu hồi)/UID=CCCD:079088001234"

# Revoke one, then the CRL (valid 30 days) in DER and PEM.
ossl ca -batch -config ca.cnf -revoke revoked.pem -crl_reason keyCompromise -cert ca.pem -keyfile ca.key
ossl ca -batch -config ca.cnf -gencrl -out crl.pem -cert ca.pem -keyfile ca.key
ossl crl -in crl.pem -outform DER -out ca.crl

# Key containers: PKCS#12 (OpenSSL 3 default: PBES2 AES-256-CBC, PBKDF2, HMAC-SHA256 MAC), with
# the CA as chain; encrypted PKCS#8 PEM; DER certificate.
ossl pkcs12 -export -inkey rsa.key -in rsa.pem -certfile ca.pem -name "Nguyễn Văn An" \
  -passout pass:Kyso-2026 -out rsa.p12
ossl pkcs12 -export -inkey ec.key -in ec.pem -passout pass:Kyso-2026 -out ec.p12
ossl pkcs8 -topk8 -in rsa.key -v2 aes-256-cbc -passout pass:bi-mat -out rsa-enc.pem
ossl x509 -in ca.pem -outform DER -out ca.der
ossl x509 -in rsa.pem -outform DER -out rsa.der

printf 'QUYẾT ĐỊNH số 123/QĐ-UBND\nVề việc phê duyệt kế hoạch chuyển đổi số năm 2026.\n' > content.txt

# OpenSSL-made signatures (binary mode: the content bytes as they are).
sign() { # out signer key extra...
  local out=$1 cert=$2 key=$3; shift 3
  ossl cms -sign -binary -in content.txt -signer "$cert" -inkey "$key" -outform DER -out "$out" "$@"
}
sign ossl-rsa-attached.p7s rsa.pem rsa.key -nodetach
sign ossl-rsa-detached.p7s rsa.pem rsa.key
sign ossl-rsa-cades.p7s rsa.pem rsa.key -cades -md sha384
sign ossl-pss-detached.p7s rsa.pem rsa.key -keyopt rsa_padding_mode:pss
sign ossl-ec-attached.p7s ec.pem ec.key -nodetach
sign ossl-p384-detached.p7s p384.pem p384.key -md sha384
sign ossl-revoked-detached.p7s revoked.pem revoked.key
ossl cms -sign -binary -in content.txt -signer rsa.pem -inkey rsa.key -outform PEM -out ossl-rsa-detached.pem
# Two signers on one message.
ossl cms -sign -binary -in content.txt -signer rsa.pem -inkey rsa.key -signer ec.pem -inkey ec.key \
  -nodetach -outform DER -out ossl-two-signers.p7s

# Signed PDFs (issue 11): written byte by byte and signed by `openssl cms -sign` over the
# ByteRange (scripts/make-signed-pdf.py), one with an incremental update after the signature
# that adds an annotation, and a copy with one covered byte changed.
mkpdf() { python3 "$here/../../scripts/make-signed-pdf.py" "$@" 2>>openssl.log; }
mkpdf rsa.key rsa.pem signed.pdf --chain ca.pem
mkpdf rsa.key rsa.pem signed-annotated.pdf --chain ca.pem --update annotation
python3 - <<'PY'
b = bytearray(open("signed.pdf", "rb").read())
i = b.index(b"(Kyso PDF test)") + 1
b[i] ^= 0x20  # covered page content: "kyso PDF test"
open("signed-tampered.pdf", "wb").write(b)
PY

# PDFs to sign from C (test_sign_pdf.c): one page, classic xref, no AcroForm; and a copy whose
# trailer says it is encrypted (standard security handler), which signing must refuse.
python3 - <<'PY'
def build(objects, trailer_extra=b""):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)
content = b"BT /F1 18 Tf 72 720 Td (Cong van so 1) Tj ET"
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    b" /Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
open("unsigned.pdf", "wb").write(build(objects))
open("encrypted.pdf", "wb").write(build(objects,
    b" /Encrypt << /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 /Length 128 >>"))
PY

# The local TSA's PKI (tests/tsa/make-pki.sh: root, TSA certificates per profile, CRLs,
# tsa.cnf): test_timestamp.c answers KYSO_FETCH_TIMESTAMP requests with `openssl ts -reply`.
bash "$here/../../tests/tsa/make-pki.sh" "$dir/tsa"

echo "fixtures: $(ls "$dir" | wc -l) files in $dir"
