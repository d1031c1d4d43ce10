#!/usr/bin/env python3
"""A local RFC 3161 time-stamp authority for kyso's tests: `openssl ts -reply` behind HTTP.

    python3 serve.py --pki OUTDIR --port-file FILE [--max-seconds 600]

OUTDIR is made by make-pki.sh. The server listens on 127.0.0.1 on a free port, writes the
port number (then a newline) to FILE once it accepts connections, and stops by itself after
--max-seconds. Python 3 standard library and the OpenSSL command line only.

Requests are RFC 3161 §3.4 "TSA using HTTP": POST with Content-Type
application/timestamp-query, answered with application/timestamp-reply. The URL path chooses
how the TSA behaves (see ROUTES below and tests/tsa/README.md); `?s=N` sets /slow's delay.
"""

import argparse
import base64
import datetime
import hashlib
import http.server
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

MAX_REQUEST = 64 * 1024
SLOW_CAP = 30

# ---------------------------------------------------------------- DER (X.690 §8, §10)


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(n):
    """INTEGER (X.690 §8.3): two's complement, minimal length."""
    return tlv(0x02, n.to_bytes(n.bit_length() // 8 + 1, "big", signed=True))


def der_items(buf):
    """The elements of a constructed value's contents: [(tag, whole element, contents)]."""
    out, pos = [], 0
    while pos < len(buf):
        tag = buf[pos]
        first = buf[pos + 1]
        if first < 0x80:
            length, start = first, pos + 2
        else:
            k = first & 0x7F
            if k == 0 or k > 4:
                raise ValueError("unsupported DER length")
            length = int.from_bytes(buf[pos + 2:pos + 2 + k], "big")
            start = pos + 2 + k
        end = start + length
        if end > len(buf):
            raise ValueError("truncated DER")
        out.append((tag, buf[pos:end], buf[start:end]))
        pos = end
    return out


def der_one(buf):
    items = der_items(buf)
    if len(items) != 1:
        raise ValueError("expected one DER element")
    return items[0]


OID_SHA224 = bytes.fromhex("0609608648016503040204")
OID_TSTINFO = "1.2.840.113549.1.9.16.1.4"
TEST_POLICY = bytes.fromhex("06092b06010401868d1f01")  # 1.3.6.1.4.1.99999.1


class Query:
    """RFC 3161 §2.4.1 TimeStampReq, kept as its encoded parts so it can be re-encoded with
    one field changed:

        TimeStampReq ::= SEQUENCE {
           version        INTEGER { v1(1) },
           messageImprint MessageImprint,
           reqPolicy      TSAPolicyId              OPTIONAL,
           nonce          INTEGER                  OPTIONAL,
           certReq        BOOLEAN                  DEFAULT FALSE,
           extensions     [0] IMPLICIT Extensions  OPTIONAL }
        MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
    """

    def __init__(self, der):
        tag, _, body = der_one(der)
        if tag != 0x30:
            raise ValueError("a TimeStampReq is a SEQUENCE")
        items = der_items(body)
        if len(items) < 2 or items[0][0] != 0x02 or items[1][0] != 0x30:
            raise ValueError("not a TimeStampReq")
        self.version = items[0][1]
        mi = der_items(items[1][2])
        if len(mi) != 2 or mi[0][0] != 0x30 or mi[1][0] != 0x04:
            raise ValueError("not a MessageImprint")
        self.alg, self.imprint = mi[0][1], mi[1][2]
        self.policy = self.nonce = self.ext = None
        self.cert_req = False
        for tag, whole, content in items[2:]:
            if tag == 0x06:
                self.policy = whole
            elif tag == 0x02:
                self.nonce = int.from_bytes(content, "big", signed=True)
            elif tag == 0x01:
                self.cert_req = content != b"\x00"
            elif tag == 0xA0:
                self.ext = whole
            else:
                raise ValueError("unexpected field in TimeStampReq")

    def encode(self):
        body = self.version + tlv(0x30, self.alg + tlv(0x04, self.imprint))
        if self.policy is not None:
            body += self.policy
        if self.nonce is not None:
            body += der_int(self.nonce)
        if self.cert_req:
            body += b"\x01\x01\xff"
        if self.ext is not None:
            body += self.ext
        return tlv(0x30, body)


def cert_der(pem_path):
    with open(pem_path, "rb") as f:
        text = f.read().decode("ascii")
    b64 = text.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
    return base64.b64decode("".join(b64.split()))


def cert_subject(der):
    """RFC 5280 §4.1: Certificate → tbsCertificate → subject (the sixth field with a
    version, counting serialNumber, signature, issuer, validity)."""
    tbs = der_items(der_one(der)[2])[0][2]
    fields = der_items(tbs)
    if fields[0][0] == 0xA0:
        fields = fields[1:]
    return fields[4][1]


# ---------------------------------------------------------------- the TSA


class Tsa:
    def __init__(self, pki):
        self.pki = os.path.abspath(pki)
        self.cnf = os.path.join(self.pki, "tsa.cnf")
        if not os.path.isfile(self.cnf):
            raise SystemExit(f"serve.py: {self.cnf} is missing; run make-pki.sh {pki} first.")
        self.lock = threading.Lock()  # openssl ts -reply rewrites the serial file
        self.flaky_seen = set()
        self.flaky_lock = threading.Lock()

    def openssl(self, args, stdin=None):
        r = subprocess.run(["openssl"] + args, input=stdin, capture_output=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"openssl {args[0]} failed: {r.stderr.decode(errors='replace').strip()}")
        return r.stdout

    def reply(self, query_der, profile="good"):
        """A real `openssl ts -reply` answer from the TSA section of this profile."""
        with tempfile.TemporaryDirectory(prefix="kyso-tsa-") as d:
            q = os.path.join(d, "q.tsq")
            with open(q, "wb") as f:
                f.write(query_der)
            with self.lock:
                return self.openssl(["ts", "-reply", "-config", self.cnf, "-section",
                                     "tsa_" + profile.replace("-", "_"), "-queryfile", q])

    def hand_signed(self, query_der, profile):
        """A granted TimeStampResp for a TSA certificate `openssl ts -reply` refuses to sign
        with (it insists on the RFC 3161 §2.3 EKU, as a TSA should): the TSTInfo built here,
        signed with `openssl cms -sign -cades` (ESS signing-certificate-v2, RFC 5816)."""
        q = Query(query_der)
        pem = os.path.join(self.pki, f"tsa-{profile}.pem")
        key = os.path.join(self.pki, f"tsa-{profile}.key")
        now = datetime.datetime.now(datetime.timezone.utc)
        # RFC 3161 §2.4.2 TSTInfo.
        tst = der_int(1)
        tst += q.policy if q.policy is not None else TEST_POLICY
        tst += tlv(0x30, q.alg + tlv(0x04, q.imprint))
        tst += der_int(secrets.randbits(63) | 1)
        tst += tlv(0x18, now.strftime("%Y%m%d%H%M%SZ").encode())
        tst += tlv(0x30, der_int(1))  # accuracy: seconds 1
        if q.nonce is not None:
            tst += der_int(q.nonce)
        # tsa [0] GeneralName (explicit: a CHOICE) → directoryName [4] Name (explicit too).
        tst += tlv(0xA0, tlv(0xA4, cert_subject(cert_der(pem))))
        tst = tlv(0x30, tst)
        with tempfile.TemporaryDirectory(prefix="kyso-tsa-") as d:
            t = os.path.join(d, "tst.der")
            with open(t, "wb") as f:
                f.write(tst)
            args = ["cms", "-sign", "-binary", "-nodetach", "-in", t, "-econtent_type",
                    OID_TSTINFO, "-md", "sha256", "-cades", "-nosmimecap", "-outform", "DER",
                    "-signer", pem, "-inkey", key]
            if q.cert_req:
                args += ["-certfile", os.path.join(self.pki, "root.pem")]
            else:
                args += ["-nocerts"]
            token = self.openssl(args)
        # RFC 3161 §2.4.2 TimeStampResp: status granted (0), then the token.
        return tlv(0x30, tlv(0x30, der_int(0)) + token)

    def good_once_more(self, body):
        """/flaky: True the first time a body is seen (answer 503), then False."""
        digest = hashlib.sha256(body).digest()
        with self.flaky_lock:
            if digest in self.flaky_seen:
                return False
            self.flaky_seen.add(digest)
            return True


# Paths answered by openssl ts -reply from the profile's own section.
OPENSSL_PROFILES = {"good", "good-ec", "expired", "revoked"}
# Paths whose TSA certificate openssl refuses to sign with: hand-built TSTInfo.
HAND_PROFILES = {"noncritical-eku", "extra-eku", "no-eku"}
ROUTES = OPENSSL_PROFILES | HAND_PROFILES | {
    "wrong-imprint", "wrong-nonce", "no-nonce", "error-status", "garbage", "http-500",
    "slow", "flaky", "auth",
}
AUTH = "Basic " + base64.b64encode(b"kyso:test-secret").decode()


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "kyso-test-tsa"
    tsa = None  # set in main

    def log_message(self, fmt, *args):  # one line per request, written in answer()
        pass

    def answer(self, code, body=b"", ctype="text/plain; charset=utf-8", note="", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        ms = (time.monotonic() - self.started) * 1000
        sys.stderr.write(f"tsa: {self.command} {self.path} -> {code}, {len(body)} bytes, "
                         f"{ms:.0f} ms{', ' + note if note else ''}\n")
        sys.stderr.flush()

    def do_GET(self):
        self.started = time.monotonic()
        self.answer(405, b"Only POST is served (RFC 3161 section 3.4).\n", headers=[("Allow", "POST")])

    do_HEAD = do_PUT = do_DELETE = do_GET

    def do_POST(self):
        self.started = time.monotonic()
        url = urllib.parse.urlsplit(self.path)
        route = url.path.strip("/")
        if route not in ROUTES:
            return self.answer(404, b"No such test TSA.\n")
        if route == "auth" and self.headers.get("Authorization") != AUTH:
            return self.answer(401, b"Credentials are required.\n", note="no or wrong credentials",
                               headers=[("WWW-Authenticate", 'Basic realm="kyso test TSA"')])
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/timestamp-query":
            return self.answer(415, b"The body must be application/timestamp-query.\n",
                               note=f"content type {ctype or 'missing'}")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self.answer(411, b"A Content-Length is required.\n")
        if length < 0 or length > MAX_REQUEST:
            return self.answer(413, b"The request is larger than 64 KiB.\n")
        body = self.rfile.read(length)
        try:
            self.route(route, url, body)
        except (ValueError, IndexError) as e:
            self.answer(400, f"The request is not a TimeStampReq: {e}.\n".encode(), note=str(e))
        except Exception as e:  # openssl failed: say so, as a 500
            self.answer(500, f"The test TSA failed: {e}.\n".encode(), note=str(e))

    def reply(self, der, note=""):
        self.answer(200, der, ctype="application/timestamp-reply", note=note)

    def route(self, route, url, body):
        tsa = self.tsa
        if route in OPENSSL_PROFILES:
            Query(body)  # a 400 for what is not a TimeStampReq
            return self.reply(tsa.reply(body, route))
        if route in HAND_PROFILES:
            return self.reply(tsa.hand_signed(body, route), note="hand-built TSTInfo")
        if route == "wrong-imprint":
            q = Query(body)
            q.imprint = bytes(b ^ 0xFF for b in q.imprint)  # same length, every bit different
            return self.reply(tsa.reply(q.encode()), note="imprint replaced")
        if route == "wrong-nonce":
            q = Query(body)
            q.nonce = (q.nonce + 1) if q.nonce is not None else secrets.randbits(63)
            return self.reply(tsa.reply(q.encode()), note="nonce changed")
        if route == "no-nonce":
            q = Query(body)
            q.nonce = None
            return self.reply(tsa.reply(q.encode()), note="nonce dropped")
        if route == "error-status":
            # Asked again with SHA-224, which tsa.cnf does not accept: OpenSSL's own
            # rejection (PKIStatus rejection, PKIFailureInfo badAlg; RFC 3161 §2.4.2).
            q = Query(body)
            q.alg = tlv(0x30, OID_SHA224)
            q.imprint = hashlib.sha224(q.imprint).digest()
            return self.reply(tsa.reply(q.encode()), note="rejection")
        if route == "garbage":
            return self.reply(secrets.token_bytes(200), note="random bytes")
        if route == "http-500":
            return self.answer(500, b"Internal error (on purpose).\n")
        if route == "slow":
            try:
                s = float(urllib.parse.parse_qs(url.query).get("s", ["5"])[0])
            except ValueError:
                s = 5.0
            time.sleep(max(0.0, min(s, SLOW_CAP)))
            return self.reply(tsa.reply(body), note=f"after {min(s, SLOW_CAP):g} s")
        if route == "flaky":
            if tsa.good_once_more(body):
                return self.answer(503, b"Try again (on purpose).\n",
                                   headers=[("Retry-After", "1")], note="first attempt")
            return self.reply(tsa.reply(body), note="retry")
        if route == "auth":
            return self.reply(tsa.reply(body), note="authenticated")
        raise ValueError("no such route")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


def main():
    ap = argparse.ArgumentParser(description="A local RFC 3161 TSA for kyso's tests.")
    ap.add_argument("--pki", required=True, help="the directory make-pki.sh made")
    ap.add_argument("--port-file", required=True, help="where to write the port number")
    ap.add_argument("--max-seconds", type=float, default=600, help="stop after this long")
    a = ap.parse_args()
    Handler.tsa = Tsa(a.pki)
    srv = Server(("127.0.0.1", 0), Handler)
    port = srv.server_address[1]
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{port}\n")
    os.replace(tmp, a.port_file)  # readers never see a half-written file
    sys.stderr.write(f"tsa: listening on http://127.0.0.1:{port}/ for {a.max_seconds:g} s\n")
    sys.stderr.flush()
    timer = threading.Timer(a.max_seconds, srv.shutdown)
    timer.daemon = True
    timer.start()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    sys.stderr.write("tsa: stopped\n")


if __name__ == "__main__":
    main()
