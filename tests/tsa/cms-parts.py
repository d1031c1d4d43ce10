#!/usr/bin/env python3
"""cms-parts.py — the parts of a CMS SignedData that tests/tsa/interop.sh compares, read with a
small BER reader of its own (standard library only, so no peer's parser is trusted twice).

  cms-parts.py signed FILE
      one line per SignerInfo: the SHA-256 of everything in it but the unsigned attributes
      (version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature), then a line
      `content SHA256` over encapContentInfo: what extending a signature must never change.
  cms-parts.py tokens FILE PREFIX
      writes PREFIX-sigN.bin (signer N's signature value) and PREFIX-tstN-M.der (its M-th
      id-aa-signatureTimeStampToken, a ContentInfo) and prints `signer N: K token(s)`, so that
      `openssl ts -verify -data PREFIX-sigN.bin -in PREFIX-tstN-M.der -token_in` can check that
      the token is over the signature value (ETSI EN 319 122-1 §5.3).
"""
import hashlib
import sys

TST_ATTR = bytes.fromhex("060b2a864886f70d010910020e")  # OID 1.2.840.113549.1.9.16.2.14


def read_tlv(buf, pos):
    """(tag byte, header end, value end, element end) of the element at pos; BER lengths."""
    tag = buf[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # high tag number: skip its bytes
        while buf[pos] & 0x80:
            pos += 1
        pos += 1
    first = buf[pos]
    pos += 1
    if first == 0x80:  # indefinite: children up to the end-of-contents octets
        inner = pos
        while buf[inner:inner + 2] != b"\x00\x00":
            inner = read_tlv(buf, inner)[3]
        return tag, pos, inner, inner + 2
    if first & 0x80:
        n = first & 0x7F
        length = int.from_bytes(buf[pos:pos + n], "big")
        pos += n
    else:
        length = first
    return tag, pos, pos + length, pos + length


def children(buf, start, end):
    out = []
    pos = start
    while pos < end:
        tlv = read_tlv(buf, pos)
        out.append((pos,) + tlv)
        pos = tlv[3]
    return out


def signed_data(buf):
    _, _, hdr, vend, _ = (0,) + read_tlv(buf, 0)
    content_info = children(buf, hdr, vend)
    explicit = content_info[1]  # [0] EXPLICIT
    sd = children(buf, explicit[2], explicit[3])[0]
    return children(buf, sd[2], sd[3])


def signer_infos(buf):
    sd = signed_data(buf)
    encap = sd[2]
    infos = sd[-1]
    return encap, [children(buf, s[2], s[3]) for s in children(buf, infos[2], infos[3])]


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    buf = open(path, "rb").read()
    encap, signers = signer_infos(buf)
    if cmd == "signed":
        for i, fields in enumerate(signers):
            parts = b"".join(buf[f[0]:f[4]] for f in fields if f[1] != 0xA1)
            print(f"signer {i} {hashlib.sha256(parts).hexdigest()}")
        print(f"content {hashlib.sha256(buf[encap[0]:encap[4]]).hexdigest()}")
    elif cmd == "tokens":
        prefix = sys.argv[3]
        for i, fields in enumerate(signers):
            unsigned = [f for f in fields if f[1] == 0xA1]
            signature = [f for f in fields if f[1] == 0x04][-1]
            open(f"{prefix}-sig{i}.bin", "wb").write(buf[signature[2]:signature[3]])
            count = 0
            for attr in (children(buf, unsigned[0][2], unsigned[0][3]) if unsigned else []):
                oid, values = children(buf, attr[2], attr[3])
                if buf[oid[0]:oid[4]] != TST_ATTR:
                    continue
                for value in children(buf, values[2], values[3]):
                    open(f"{prefix}-tst{i}-{count}.der", "wb").write(buf[value[0]:value[4]])
                    count += 1
            print(f"signer {i}: {count} token(s)")
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
