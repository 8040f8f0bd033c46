#!/bin/bash
# bench/count/metrics.sh - instructions per metric recording, counted by
# valgrind's callgrind (exact from run to run, unlike times), for the load
# of bench/count/metrics.c. Usage: B=build bash bench/count/metrics.sh
set -e
B=${B:-build}
BIN=$B/bench/count_metrics
N=${N:-100000}
command -v valgrind >/dev/null || { echo "bench-count: needs valgrind" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "instructions per metric recording (callgrind, $N each; make bench-count)"
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$BIN" "$N" >/dev/null 2>&1
callgrind_annotate --inclusive=yes "$tmp/cg" 2>/dev/null > "$tmp/an"
for f in counter_add0:"counter add, no attributes" histogram_record0:"histogram record, no attributes" \
         counter_add2:"counter add, 2 attributes (one varying)" histogram_record2:"histogram record, 2 attributes (one varying)"; do
    fn=${f%%:*}; what=${f#*:}
    c=$(awk -v f="$fn" '$0 ~ ("[: ]" f "( |$)") {gsub(",","",$1); print $1; exit}' "$tmp/an")
    awk -v c="${c:-0}" -v n="$N" -v w="$what" 'BEGIN { printf "  %-46s %9.1f\n", w, c / n }'
done
