#!/bin/bash
# bench/same/encode.sh - are the OTLP requests the working tree's encoders
# write the same, byte for byte, as a git revision's? Builds
# bench/same/encode.c against both (with $CC and $OPT, default cc -O2) and
# compares what they print. Usage: bash bench/same/encode.sh [REV] (main)
set -e
cd "$(dirname "$0")/../.."
REV=${1:-main}
CC=${CC:-cc}
OPT=${OPT:--O2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/rev"
git show "$REV:otel.h" > "$tmp/rev/otel.h"
git show "$REV:otel_export.h" > "$tmp/rev/otel_export.h"
libs="-lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb -lz"
$CC -std=c11 $OPT -I"$tmp/rev" -Ibench -DOTEL_ZLIB bench/same/encode.c -o "$tmp/before" $libs
$CC -std=c11 $OPT -I. -Ibench -DOTEL_ZLIB bench/same/encode.c -o "$tmp/after" $libs
"$tmp/before" > "$tmp/before.txt"
"$tmp/after" > "$tmp/after.txt"
if cmp -s "$tmp/before.txt" "$tmp/after.txt"; then
    echo "same bytes as $REV ($(grep -c '^protobuf\|^JSON' "$tmp/after.txt") requests, $(wc -c < "$tmp/after.txt") bytes of output; $CC $OPT)"
else
    echo "same bytes: DIFFERENT from $REV ($CC $OPT):"
    diff "$tmp/before.txt" "$tmp/after.txt" | head -20
    exit 1
fi
