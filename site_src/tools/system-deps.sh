#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, only those missing.
set -euo pipefail
need=()
# The engine tests (tests/test_engines_*.py): Firefox ESR, and WebKitGTK (WebKitWebDriver from
# webkit2gtk-driver drives MiniBrowser, shipped in libwebkit2gtk-4.1-0) on an Xvfb display.
for pkg in chromium fonts-ipafont-gothic fonts-ipaexfont-gothic poppler-utils nginx libnginx-mod-http-brotli-static apache2 \
  firefox-esr webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
