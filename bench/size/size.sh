#!/bin/bash
# bench/size/size.sh - the .text of a stripped one-span OTLP/HTTP program
# (bench/size/one_span.c) built with -Os, -DOTEL_NO_TLS, -DOTEL_NO_GRPC and
# -DOTEL_NO_METRICS, three ways: as it always was (the figure comparable with
# the earlier ones); with unreferenced functions and data dropped at link time
# (-ffunction-sections -fdata-sections -Wl,--gc-sections); and with that and
# -DOTEL_MINIMAL (every part the program does not use compiled out: otel.h's
# manual). The largest functions are those of the last.
# Usage: bash bench/size/size.sh
set -e
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base="-std=c11 -Os -DOTEL_NO_TLS -DOTEL_NO_GRPC -DOTEL_NO_METRICS -I."
gc="-ffunction-sections -fdata-sections -Wl,--gc-sections"
text() {   # name, flags...: builds, strips, prints the .text in KB
    local n=$1; shift
    $CC "$@" bench/size/one_span.c -o "$tmp/$n" -lpthread -lprotobuf-nanopb
    cp "$tmp/$n" "$tmp/$n.stripped"
    strip "$tmp/$n.stripped"
    size -A "$tmp/$n.stripped" | awk '$1 == ".text" { printf "%.1f", $2 / 1024 }'
}
echo "Size: a stripped one-span OTLP/HTTP program, -Os, without TLS, gRPC and metrics (aim 64 KB)"
printf '  %-44s %6s KB  (114.3 KB before the size toggles; 120.9 KB before the single writer)\n' ".text" "$(text plain $base)"
printf '  %-44s %6s KB\n' ".text, --gc-sections" "$(text gc $base $gc)"
printf '  %-44s %6s KB\n' ".text, --gc-sections, -DOTEL_MINIMAL" "$(text min $base $gc -DOTEL_MINIMAL)"
printf '  %-44s %s\n' "largest functions (bytes):" "$(nm --size-sort -S "$tmp/min" | awk '$3 ~ /^[tT]$/' | tail -6 |
    while read -r _ s _ n; do printf '%s %d, ' "$n" "$((16#$s))"; done | sed 's/, $//')"
