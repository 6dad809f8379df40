#!/usr/bin/env bash
# System packages the app needs from Debian/Ubuntu:
#   run:  fonts-noto-cjk (Chinese in PDFs), libharfbuzz-subset0 (fast font subsetting)
#   test: the above, plus chromium (browser tests), poppler-utils (pdffonts, pdftoppm) and
#         gettext (checking the translation catalogue)
# Installs them when it can (root, or sudo without a password); otherwise prints the command.
set -u
mode=${1:-run}
pkgs=(fonts-noto-cjk libharfbuzz-subset0)
[ "$mode" = test ] && pkgs+=(chromium poppler-utils gettext)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
else
  echo "sysdeps: not a Debian/Ubuntu system; install the equivalents of: ${pkgs[*]}" >&2
  exit 0
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "sysdeps: missing ${missing[*]}. Install with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "sysdeps: installing ${missing[*]}"
$sudo apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
  || echo "sysdeps: apt-get failed; install by hand: apt-get install -y ${missing[*]}" >&2
exit 0
