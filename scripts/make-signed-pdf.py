#!/usr/bin/env python3
"""Make a signed PDF test fixture with the OpenSSL CLI (no PDF library: the bytes are written
here so that nothing of kyso's own is used to make what kyso verifies).

Usage: make-signed-pdf.py KEY CERT OUT.pdf [--chain CHAIN.pem] [--update annotation|none]
                          [--openssl /usr/bin/openssl]

The file: one page with a content stream, an AcroForm with one signature field "Signature1"
(ISO 32000-2 §12.7.5.5) whose signature dictionary (§12.8.1) has /SubFilter
/adbe.pkcs7.detached, a /ByteRange over the whole file but the /Contents hex string, and in
/Contents a detached CMS SignedData made by `openssl cms -sign -binary` over those bytes
(signed attributes, SHA-256). With `--update annotation`, an incremental update (§7.5.6)
after the signature adds a text annotation to the page: a change at the "annotations" level
(ISO 32000-2 §12.8.2.2.2, P = 3 territory) that an approval signature allows.
"""
import argparse
import datetime
import subprocess
import sys
import tempfile
import os

CONTENTS_HEX = 16384  # hex digits reserved for the CMS (8 KiB of DER)


def build(objects, root, info=None):
    """A classic-xref PDF of `objects` (list of bytes, object i+1 is objects[i])."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return out, xref


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("key")
    ap.add_argument("cert")
    ap.add_argument("out")
    ap.add_argument("--chain")
    ap.add_argument("--update", default="none", choices=["none", "annotation"])
    ap.add_argument("--openssl", default=os.environ.get("OPENSSL", "openssl"))
    a = ap.parse_args()

    # /M, the claimed signing time (§12.8.1 Table 255), as close as can be to the CMS
    # signing-time attribute OpenSSL adds.
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S").encode()
    content = b"BT /F1 18 Tf 72 720 Td (Kyso PDF test) Tj ET"
    placeholder = b"<" + b"0" * CONTENTS_HEX + b">"
    byterange_slot = b"[0 0000000000 0000000000 0000000000]"
    objects = [
        # 1 catalog
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>",
        # 2 pages
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        # 3 page
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> /Annots [5 0 R] >>",
        # 4 content
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        # 5 signature field + widget (merged, §12.7.4.1)
        b"<< /FT /Sig /T (Signature1) /V 6 0 R /Type /Annot /Subtype /Widget "
        b"/Rect [0 0 0 0] /F 132 /P 3 0 R >>",
        # 6 signature dictionary
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        b"/ByteRange " + byterange_slot + b" /M (D:" + now + b"Z) "
        b"/Reason (kyso test) /Contents " + placeholder + b" >>",
        # 7 font
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, _ = build(objects, 1)
    start = pdf.index(placeholder)
    end = start + len(placeholder)
    br = b"[0 %010d %010d %010d]" % (start, end, len(pdf) - end)
    assert len(br) == len(byterange_slot)
    slot = pdf.index(byterange_slot)
    pdf[slot:slot + len(br)] = br
    signed_bytes = bytes(pdf[:start]) + bytes(pdf[end:])

    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        sig = os.path.join(tmp, "sig.der")
        with open(data, "wb") as f:
            f.write(signed_bytes)
        cmd = [a.openssl, "cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER",
               "-nosmimecap", "-signer", a.cert, "-inkey", a.key, "-in", data, "-out", sig]
        if a.chain:
            cmd += ["-certfile", a.chain]
        subprocess.run(cmd, check=True, stderr=subprocess.PIPE)
        with open(sig, "rb") as f:
            der = f.read()
    hexed = der.hex().encode()
    if len(hexed) > CONTENTS_HEX:
        sys.exit("signature larger than the /Contents placeholder")
    pdf[start + 1:start + 1 + len(hexed)] = hexed

    if a.update == "annotation":
        # Incremental update: page 3 gets a second annotation (object 8), a new xref section
        # with /Prev (ISO 32000-2 §7.5.6).
        prev = int(pdf[pdf.rindex(b"startxref") + 10:].split()[0])
        page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 7 0 R >> >> /Annots [5 0 R 8 0 R] >>")
        annot = (b"<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] "
                 b"/Contents (a comment after signing) /P 3 0 R >>")
        o3 = len(pdf)
        pdf += b"3 0 obj\n" + page + b"\nendobj\n"
        o8 = len(pdf)
        pdf += b"8 0 obj\n" + annot + b"\nendobj\n"
        xref = len(pdf)
        pdf += b"xref\n0 1\n0000000000 65535 f \n3 1\n%010d 00000 n \n8 1\n%010d 00000 n \n" % (o3, o8)
        pdf += b"trailer\n<< /Size 9 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref)

    with open(a.out, "wb") as f:
        f.write(pdf)


if __name__ == "__main__":
    main()
