#!/bin/bash
# bench/count/export.sh - instructions the exporter's own threads spend, by
# valgrind's callgrind (exact from run to run, unlike times), for the load
# of bench/count/export.c: the background thread's per delivered span, and
# the sender thread's per request over HTTP/1.1 and over gRPC. Usage: B=build bash bench/count/export.sh
set -e
B=${B:-build}
BIN=$B/bench/count_export
N=${N:-100000}
command -v valgrind >/dev/null || { echo "bench-count: needs valgrind" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$tmp/cg" "$BIN" "$N" >/dev/null 2>&1
valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$tmp/gg" "$BIN" "$N" grpc >/dev/null 2>&1
# a thread's total, found by the function it starts in (files $2-*: one run's)
total_of() {
    for f in "$tmp"/${2:-cg}-*; do
        if callgrind_annotate --inclusive=yes "$f" 2>/dev/null | grep -q "[: ]$1 "; then
            awk '/^summary:/ {print $2; exit}' "$f"
            return
        fi
    done
    echo 0
}
w=$(total_of otel__worker_main)
s=$(total_of otel__sender_main)
g=$(total_of otel__sender_main gg)
requests=$(( (N + 511) / 512 ))
echo "instructions of the exporter's threads (callgrind, $N spans over OTLP/HTTP to a loopback sink, batches of 512)"
awk -v w="$w" -v s="$s" -v g="$g" -v n="$N" -v r="$requests" 'BEGIN {
    printf "  %-44s %9.1f\n", "background thread, per delivered span", w / n
    printf "  %-44s %9.0f\n", "HTTP sender thread, per request", s / r
    printf "  %-44s %9.0f\n", "gRPC sender thread, per request (64 KiB win.)", g / r }'
