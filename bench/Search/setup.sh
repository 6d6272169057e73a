#!/bin/sh
# Installs what the Search benchmark needs (idempotent: apt-get skips what is installed).
#   Japanese prose for the corpus: Debian's Japanese documentation packages (HTML and man pages).
#   Anchors: recoll (recollcmd), ripgrep, plocate.
#   poppler-utils: pdftoppm for the scanned PDFs, and pdftotext, which Recoll's PDF filter calls;
#   poppler-data: its CMaps (UniJIS-UCS2-H...), without which pdftotext reads no Japanese PDF that does not embed its font.
#   python3-lxml: Recoll 1.34's pptx filter (rclopxml.py -> rclxslt.py) needs it; docx/xlsx are read by
#     Recoll's built-in XSLT handler (libxslt, no Python).
#   tesseract-ocr-jpn: OCR of the scanned PDFs (optional; without it the scans are recorded as unread).
# Run as root: sh bench/Search/setup.sh
set -eu
packages="manpages-ja debian-reference-ja maint-guide-ja developers-reference-ja aptitude-doc-ja \
recollcmd ripgrep plocate poppler-utils poppler-data python3-lxml tesseract-ocr tesseract-ocr-jpn"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "setup: everything is installed"
  exit 0
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
