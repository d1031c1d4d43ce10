"""pyHanko in-process verification timing for benches/benches/pdf.rs (same files, same root).

Usage: python pyhanko_verify.py ROOT_PEM ITERATIONS FILE...
Prints one JSON object: {file: milliseconds per whole-document verification}. Every signature
of each file is validated (cryptography, chain to ROOT_PEM without revocation fetching, and
pyHanko's difference analysis), as kyso's verify_pdf does.
"""
import json
import sys
import time
from datetime import datetime, timezone

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def main():
    root = load_cert_from_pemder(sys.argv[1])
    iterations = int(sys.argv[2])
    out = {}
    for path in sys.argv[3:]:
        with open(path, "rb") as fh:
            data = fh.read()
        import io

        def once():
            vc = ValidationContext(
                trust_roots=[root],
                allow_fetching=False,
                revocation_mode="soft-fail",
                moment=datetime(2025, 3, 14, 3, 0, 0, tzinfo=timezone.utc),
            )
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            for sig in reader.embedded_signatures:
                status = validate_pdf_signature(sig, vc)
                if not status.intact:
                    raise SystemExit(f"pyHanko: {path} not intact")

        once()  # warm-up (imports, caches)
        start = time.perf_counter()
        for _ in range(iterations):
            once()
        out[path] = (time.perf_counter() - start) * 1000.0 / iterations
    print(json.dumps(out))


if __name__ == "__main__":
    main()
