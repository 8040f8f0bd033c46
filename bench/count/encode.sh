#!/bin/bash
# bench/count/encode.sh - instructions per record of the OTLP encoders,
# counted by valgrind's callgrind (exact from run to run, unlike times), for
# the loads of bench/count/encode.c. Usage: B=build bash bench/count/encode.sh
set -e
B=${B:-build}
BIN=$B/bench/count_encode
command -v valgrind >/dev/null || { echo "bench-count: needs valgrind" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "instructions per record, encode alone (callgrind; 10 batches of 512 records, metrics 10 x 184 points)"
printf '  %-34s %10s %10s\n' "" protobuf JSON
for fmt in pb json; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$fmt" "$BIN" "$fmt" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$tmp/cg.$fmt" 2>/dev/null > "$tmp/an.$fmt"
done
for f in encode_span2:5120:"span (name + 2 attributes)" encode_span_event:5120:"span (4 attributes, 1 event)" \
         encode_logs:5120:"log record (body + 2 attributes)" encode_metrics:1840:"metric point"; do
    fn=${f%%:*}; rest=${f#*:}; n=${rest%%:*}; what=${rest#*:}
    p=$(awk -v f="$fn" '$0 ~ ("[: ]" f "( |$)") {gsub(",","",$1); print $1; exit}' "$tmp/an.pb")
    j=$(awk -v f="$fn" '$0 ~ ("[: ]" f "( |$)") {gsub(",","",$1); print $1; exit}' "$tmp/an.json")
    awk -v p="${p:-0}" -v j="${j:-0}" -v n="$n" -v w="$what" 'BEGIN { printf "  %-34s %10.1f %10.1f\n", w, p / n, j / n }'
done
