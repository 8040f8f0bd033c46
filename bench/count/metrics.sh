#!/bin/bash
# bench/count/metrics.sh - instructions per metric recording, counted by
# valgrind's callgrind (exact from run to run, unlike times), for the loads
# of bench/count/metrics.c (loop included). Usage: B=build bash bench/count/metrics.sh
set -e
B=${B:-build}
BIN=$B/bench/count_metrics
command -v valgrind >/dev/null || { echo "bench-count: needs valgrind" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$BIN" >/dev/null 2>&1
callgrind_annotate --inclusive=yes "$tmp/cg" 2>/dev/null > "$tmp/an"
echo "instructions per metric recording (callgrind, 100000 each, loop included)"
for f in load_counter0:"counter add, no attributes" load_hist0:"histogram record, no attributes" \
         load_counter2:"counter add, 2 attributes" load_hist2:"histogram record, 2 attributes" \
         load_counter0_span:"counter add in a sampled span (exemplar)" load_hist2_span:"histogram record, 2 attributes, sampled span" \
         load_two_streams:"histogram record, 2 attributes, two views (2 streams)"; do
    fn=${f%%:*}; what=${f#*:}
    n=$(awk -v f="$fn" '$0 ~ ("[: ]" f "( |$)") {gsub(",","",$1); print $1; exit}' "$tmp/an")
    awk -v n="${n:-0}" -v w="$what" 'BEGIN { printf "  %-56s %8.1f\n", w, n / 100000 }'
done
