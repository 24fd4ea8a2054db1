#!/usr/bin/env bash
# Regenerates engine/go/unicode-tables.ts from the Unicode tables of the Go the oracle uses
# (Debian's Go 1.19, see ../build-oracle.sh): the \p{…} classes of kplay's Go regexp are Go's.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO_BIN="${GO_BIN:-/usr/lib/go-1.19/bin/go}"
OUT="$HERE/../../../engine/go/unicode-tables.ts"
cd "$HERE"
GOFLAGS=-mod=mod GO111MODULE=off "$GO_BIN" run main.go > "$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
echo "wrote $OUT" >&2
