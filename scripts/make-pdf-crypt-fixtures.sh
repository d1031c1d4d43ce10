#!/usr/bin/env bash
# Makes the encrypted PDF fixtures of core/src/pdf/crypt.rs's tests (ISO 32000-2 §7.6, the
# standard security handler) with qpdf, an independent implementation, and records the file
# encryption key qpdf derives for each (keys.txt) so that the tests check kyso's key derivation
# against qpdf's, not against itself. Run once; the outputs are committed (a few KB each).
# Usage: bash scripts/make-pdf-crypt-fixtures.sh   (needs qpdf ≥ 11: apt-get install qpdf)
set -euo pipefail
cd "$(dirname "$0")/.."
out=core/testdata/pdf/crypt
mkdir -p "$out"
command -v qpdf >/dev/null || { echo "qpdf is missing: apt-get install qpdf" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The plain file: a page whose content stream, an /Info title, an XMP metadata stream and a
# signature dictionary (not a real signature: only its /Contents exemption is tested, §7.6.2)
# hold known text. It has no cross-reference table: qpdf rebuilds it (exit status 3, warnings).
cat > "$tmp/plain.pdf" <<'PDF'
%PDF-1.7
1 0 obj
<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>
endobj
2 0 obj
<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>
endobj
3 0 obj
<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> /Annots [6 0 R] >>
endobj
4 0 obj
<< /Length 0 >>
stream
BT /F1 12 Tf 10 50 Td (kyso page text) Tj ET
endstream
endobj
5 0 obj
<< /Type /Metadata /Subtype /XML /Length 0 >>
stream
<x:xmpmeta xmlns:x="adobe:ns:meta/">kyso metadata</x:xmpmeta>
endstream
endobj
6 0 obj
<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /P 3 0 R /F 132 /V 7 0 R >>
endobj
7 0 obj
<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 30]
   /Contents <30800102030405060708090a0b0c0d0e0f> /M (D:20261204120000Z) /Reason (kyso reason) >>
endobj
8 0 obj
<< /Title (kyso title) /Producer (kyso fixtures) >>
endobj
trailer
<< /Size 9 /Root 1 0 R /Info 8 0 R /ID [<6b79736f2d63727970742d746573742d69> <6b79736f2d63727970742d746573742d69>] >>
%%EOF
PDF
qpdf --object-streams=disable "$tmp/plain.pdf" "$tmp/base.pdf" 2>/dev/null || [ $? -eq 3 ]
qpdf --check "$tmp/base.pdf" >/dev/null

user=kyso-user
owner=kyso-owner
# name | qpdf encryption arguments (what §7.6 case each covers)
make() {
    local name=$1 upw=$2; shift 2
    # RC4 and R5 are "weak" to qpdf 11: allowed for reading tests only.
    qpdf --static-id --allow-weak-crypto --object-streams="${OBJSTM:-disable}" \
        --encrypt "$upw" "$owner" "$@" -- \
        "$tmp/base.pdf" "$out/$name.pdf"
    local key
    key=$(qpdf --show-encryption-key --show-encryption --password="$owner" "$out/$name.pdf" \
        | sed -n 's/^.*[Ee]ncryption key = //p' | head -1)
    [ -n "$key" ] || { echo "no key shown for $name" >&2; exit 1; }
    echo "$name $key" >> "$out/keys.txt"
}
: > "$out/keys.txt"
make rc4-40 "$user" 40  # V1 R2, RC4 40-bit
make rc4-128 "$user" 128 --use-aes=n  # V2 R3, RC4 128-bit
make rc4-128-v4 "$user" 128 --use-aes=n --force-V4  # V4 R4, /CFM /V2
make aes-128 "$user" 128 --use-aes=y  # V4 R4, /CFM /AESV2
make aes-128-clear-meta "$user" 128 --use-aes=y --cleartext-metadata  # /EncryptMetadata false
OBJSTM=generate make aes-128-objstm "$user" 128 --use-aes=y         # strings inside object streams
make aes-256 "$user" 256  # V5 R6, /AESV3, Algorithm 2.B
make aes-256-r5 "$user" 256 --force-R5  # V5 R5 (Adobe extension level 3)
make aes-256-empty "" 256  # empty user password
make aes-256-utf8 "mật-khẩu" 256  # a UTF-8 (Vietnamese) password
ls -l "$out"
