#!/usr/bin/env bash
# Debian's tesseract-ocr (engine + English data) for reading label photos through
# tesserocr/pytesseract. Installs it when missing and we are root; otherwise says what to do.
set -euo pipefail
if command -v tesseract >/dev/null && ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's tesseract-ocr for label photos..."
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-eng > /dev/null
else
  echo "Reading label photos needs Debian's tesseract-ocr: sudo apt-get install tesseract-ocr tesseract-ocr-eng" >&2
  exit 1
fi
