#!/usr/bin/env bash
# Installs everything migcc needs on a fresh Debian 12 machine (run as root).
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  clang-22 lld-22 llvm-22 llvm-22-dev libpolly-22-dev libzstd-dev zlib1g-dev libxml2-dev
  qemu-user
  gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu
  musl-tools make autoconf automake cmake dpkg-dev tcl curl
  csmith libcsmith-dev
  rustc-web cargo-web rust-web-src
)

# musl's and gcc's sources come from Debian's source packages: deb-src is needed.
srclist=/etc/apt/sources.list.d/migcc-deb-src.sources
if [ ! -f "$srclist" ]; then
  cat >"$srclist" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ] || [ -n "${need_update:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  [ "${#missing[@]}" -gt 0 ] && apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "migcc: toolchain packages are installed"
