#!/usr/bin/env bash
# Installs the PDF peers the issue 11 tests run against, idempotently (prints what it installs,
# does nothing when everything is present):
#   - Debian poppler-utils (`pdfsig`) and qpdf (`qpdf --check`);
#   - a Python venv at ${KYSO_PDF_VENV:-$HOME/.cache/kyso/pdf-venv} with pyHanko 0.38.0,
#     pyhanko-certvalidator 0.33.0 and pyhanko-cli 0.6.0 (the `pyhanko` command; the CLI left
#     the pyHanko package in 0.2x), every dependency pinned below so that a run is reproducible.
# The venv is rebuilt only when the pin list changes (it is stored in the venv as
# kyso-requirements.txt and compared).
# Note for callers: pyHanko reads hybrid-reference files (MS Office exports) only with
# `--no-strict-syntax` (strict=False in its Python API).
# Usage: bash scripts/pdf-peers.sh   (scripts/test.sh calls it in its installs section)
set -euo pipefail

log() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- Debian packages
need_apt=()
command -v pdfsig >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
# The venv module is a separate Debian package when python3 comes from Debian.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    need_apt+=(python3-venv)
fi
if ((${#need_apt[@]})); then
    log "pdf peers: installing ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" \
        || { echo "could not install ${need_apt[*]}" >&2; exit 1; }
fi

# ---------------------------------------------------------------- pyHanko venv
venv="${KYSO_PDF_VENV:-$HOME/.cache/kyso/pdf-venv}"
# pip freeze of a venv made from the three pins (versions checked on PyPI 2026-12: newest of
# each, mutually compatible: pyhanko-cli 0.6.0 requires pyHanko 0.38 and certvalidator 0.33).
requirements='# Written by kyso scripts/pdf-peers.sh: the pinned pyHanko peer (issue 11).
aiohappyeyeballs==2.7.1
aiohttp==3.14.5
aiosignal==1.4.0
asn1crypto==1.5.1
attrs==26.1.0
certifi==2026.10.19.post1
cffi==2.1.1
click==8.5.1
cryptography==50.0.2
fonttools==4.68.0
frozenlist==1.8.0
idna==3.20
lxml==6.2.0
multidict==7.2.1
oscrypto==1.3.0
platformdirs==4.14.9
propcache==0.5.4
pycparser==3.12
pyHanko==0.38.0
pyhanko-certvalidator==0.33.0
pyhanko-cli==0.6.0
PyYAML==6.0.4
typing_extensions==4.16.0
tzlocal==5.4.5
uharfbuzz==0.55.0
uritools==7.0.1
yarl==1.25.1'

stamp="$venv/kyso-requirements.txt"
if [ -x "$venv/bin/pyhanko" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$requirements" ] \
    && "$venv/bin/pyhanko" --version >/dev/null 2>&1; then
    exit 0
fi
log "pdf peers: building the pyHanko venv at $venv (pyHanko 0.38.0, certvalidator 0.33.0, cli 0.6.0)"
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv" || { echo "could not create the venv $venv" >&2; exit 1; }
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
printf '%s\n' "$requirements" >"$tmp"
"$venv/bin/pip" install -q --disable-pip-version-check -r "$tmp" \
    || { echo "could not install pyHanko into $venv" >&2; exit 1; }
"$venv/bin/pyhanko" --version || { echo "pyhanko does not run from $venv" >&2; exit 1; }
printf '%s' "$requirements" >"$stamp"
