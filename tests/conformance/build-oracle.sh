#!/usr/bin/env bash
# Builds kplay's conformance oracle (tests/conformance/oracle/*.go) offline from
# Debian's Go, Sprig, yaml.v3 and BurntSushi/toml packages and prints the path
# of the binary. Installs the packages only when missing; rebuilds only when
# the sources or the toolchain/library versions changed. Logs go to stderr.
#
#   tests/conformance/build-oracle.sh            -> prints the binary path
#   OUT=/path/oracle tests/conformance/build-oracle.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/oracle"
CACHE_ROOT="${XDG_CACHE_HOME:-${HOME:?set HOME or XDG_CACHE_HOME}/.cache}/kplay-oracle"
OUT="${OUT:-$CACHE_ROOT/oracle}"
BUILD_DIR="${KPLAY_ORACLE_BUILD_DIR:-$CACHE_ROOT/build}"
PKGS=(golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev golang-github-burntsushi-toml-dev)
GOCODE=/usr/share/gocode
# Pin Debian's Go 1.19: another Go on PATH would change the semantics.
GO_BIN="${GO_BIN:-/usr/lib/go-1.19/bin/go}"

log() { printf 'kplay-oracle: %s\n' "$*" >&2; }
pkg_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]; }

mkdir -p "$CACHE_ROOT"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.build.lock"
  flock 9
fi

missing=()
for p in "${PKGS[@]}"; do pkg_installed "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    SUDO=(sudo)
  fi
  log "installing ${missing[*]} from the Debian archive"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >&2
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
[ -x "$GO_BIN" ] || { log "Go toolchain not found at $GO_BIN (set GO_BIN)"; exit 1; }

stamp="$(
  {
    sha256sum "$SRC"/*.go
    "$GO_BIN" version
    dpkg-query -W -f='${Package} ${Version}\n' "${PKGS[@]}" \
      golang-github-masterminds-semver-dev golang-github-huandu-xstrings-dev \
      golang-github-imdario-mergo-dev golang-github-shopspring-decimal-dev \
      golang-github-mitchellh-copystructure-dev golang-github-spf13-cast-dev \
      golang-github-masterminds-goutils-dev golang-github-google-uuid-dev \
      golang-golang-x-crypto-dev 2>/dev/null || true
  } | sha256sum | cut -d' ' -f1
)"
if [ -x "$OUT" ] && [ -f "$OUT.stamp" ] && [ "$(cat "$OUT.stamp")" = "$stamp" ]; then
  log "up to date"
  printf '%s\n' "$OUT"
  exit 0
fi

# GOPATH mode with a go.mod next to the staged sources: Go's minimal module
# compatibility then resolves Debian's unversioned Sprig/semver directories for
# the .../v3 import paths (Debian ships no module cache and there is no proxy).
PKG_DIR="$BUILD_DIR/gopath/src/kplay-oracle"
rm -rf "$PKG_DIR"
mkdir -p "$PKG_DIR" "$(dirname "$OUT")"
cp "$SRC"/*.go "$PKG_DIR/"
printf 'module kplay-oracle\n\ngo 1.19\n' > "$PKG_DIR/go.mod"

log "building with $("$GO_BIN" version)"
tmp_out="$OUT.tmp.$$"
(
  cd "$PKG_DIR"
  unset GOROOT GOBIN
  env GO111MODULE=off GOFLAGS= GOPROXY=off GONOSUMDB= GOWORK=off CGO_ENABLED=0 \
      GOPATH="$BUILD_DIR/gopath:$GOCODE" GOCACHE="$BUILD_DIR/gocache" \
      "$GO_BIN" build -trimpath -o "$tmp_out" .
) >&2
mv -f "$tmp_out" "$OUT"
printf '%s\n' "$stamp" > "$OUT.stamp"
printf '%s\n' "$OUT"
