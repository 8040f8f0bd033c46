#!/bin/bash
# bench/encode_same.sh - are the OTLP requests the working tree's encoders
# write the same, byte for byte, as a git revision's? Builds
# bench/encode_same.c against both (with $CC and $OPT, default cc -O2) and
# compares what they print. Usage: bash bench/encode_same.sh [REV] (main)
set -e
cd "$(dirname "$0")/.."
REV=${1:-main}
CC=${CC:-cc}
OPT=${OPT:--O2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/rev"
git show "$REV:otel.h" > "$tmp/rev/otel.h"
git show "$REV:otel_export.h" > "$tmp/rev/otel_export.h"
libs="-lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb -lz"
$CC -std=c11 $OPT -I"$tmp/rev" -DOTEL_ZLIB bench/encode_same.c -o "$tmp/before" $libs
$CC -std=c11 $OPT -I. -DOTEL_ZLIB bench/encode_same.c -o "$tmp/after" $libs
"$tmp/before" > "$tmp/before.txt"
"$tmp/after" > "$tmp/after.txt"
if cmp -s "$tmp/before.txt" "$tmp/after.txt"; then
    echo "encode_same: the same bytes as $REV ($(grep -c '^protobuf\|^JSON' "$tmp/after.txt") requests, $(wc -c < "$tmp/after.txt") bytes of output; $CC $OPT)"
else
    echo "encode_same: DIFFERENT from $REV ($CC $OPT):"
    diff "$tmp/before.txt" "$tmp/after.txt" | head -20
    exit 1
fi
