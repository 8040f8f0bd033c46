#!/bin/bash
# bench/size/size.sh - the .text of a stripped one-span OTLP/HTTP program
# (bench/size/one_span.c) built with -Os, -DOTEL_NO_TLS, -DOTEL_NO_GRPC and
# -DOTEL_NO_METRICS, and its largest functions. Usage: bash bench/size/size.sh
set -e
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$CC -std=c11 -Os -DOTEL_NO_TLS -DOTEL_NO_GRPC -DOTEL_NO_METRICS -I. bench/size/one_span.c -o "$tmp/one" \
    -lpthread -lprotobuf-nanopb
cp "$tmp/one" "$tmp/one.stripped"
strip "$tmp/one.stripped"
text=$(size -A "$tmp/one.stripped" | awk '$1 == ".text" { print $2 }')
echo "Size: a stripped one-span OTLP/HTTP program, -Os, without TLS, gRPC and metrics"
printf '  %-40s %8.1f KB  (120.9 KB on main before the single writer; aim 64 KB)\n' ".text" "$(echo "$text / 1024" | bc -l)"
printf '  %-40s %s\n' "largest functions (bytes):" "$(nm --size-sort -S "$tmp/one" | awk '$3 ~ /^[tT]$/' | tail -6 |
    while read -r _ s _ n; do printf '%s %d, ' "$n" "$((16#$s))"; done | sed 's/, $//')"
