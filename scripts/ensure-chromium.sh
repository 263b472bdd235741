#!/usr/bin/env bash
# Make sure the browser tests' Debian packages are here, and install them when we may:
# chromium (the browser), speech-dispatcher with espeak-ng (the on-device voices the
# read-aloud tests use), and npm (which installs scorm-again, the SCORM tests' runtime).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v speech-dispatcher >/dev/null 2>&1 || missing+=(speech-dispatcher)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v npm >/dev/null 2>&1 || missing+=(npm)
dpkg -s speech-dispatcher-espeak-ng >/dev/null 2>&1 || missing+=(speech-dispatcher-espeak-ng)
if [ ${#missing[@]} = 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "The browser tests need Debian's ${missing[*]}, and this user cannot install them." >&2
  echo "Ask an administrator to run: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian's ${missing[*]} for the browser tests..."
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium >/dev/null && command -v espeak-ng >/dev/null && command -v npm >/dev/null
