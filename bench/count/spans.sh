#!/bin/bash
# bench/count/spans.sh - instructions per span on the hot path, counted by
# valgrind's callgrind (they repeat exactly from run to run, unlike times):
# the producer's side (begin, attributes, end, with the call around them,
# and libc's clock_gettime wrappers) and the consumer's (collect and release), for the load
# of bench/count/spans.c. Usage: B=build bash bench/count/spans.sh
set -e
B=${B:-build}
BIN=$B/bench/count_spans
N=${N:-100000}
command -v valgrind >/dev/null || { echo "bench-count: needs valgrind" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "instructions per span (callgrind, $N spans; make bench-count)"
printf '  %-44s %9s %9s\n' "" producer consumer
for mode in literal tracer copied unsampled ratio nested attrs8 full; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$mode" "$BIN" "$mode" "$N" 2>/dev/null
    callgrind_annotate --inclusive=yes "$tmp/cg.$mode" 2>/dev/null > "$tmp/an.$mode"
    # inclusive counts of the two functions of the driver
    f=produce_$mode; case $mode in unsampled|ratio|full) f=produce_literal ;; esac
    p=$(awk -v f="$f" '$0 ~ ("[: ]" f "( |$)") {gsub(",","",$1); print $1; exit}' "$tmp/an.$mode")
    c=$(awk '/[: ]consume( |$)/ {gsub(",","",$1); print $1; exit}' "$tmp/an.$mode")
    case $mode in
    literal) what="sampled, string value a literal" ;;
    tracer) what="  the same, on a named tracer" ;;
    copied) what="sampled, string value copied" ;;
    unsampled) what="unsampled (always_off)" ;;
    ratio) what="unsampled by its trace id (traceidratio)" ;;
    nested) what="  the same, a trace of 3 (per trace)" ;;
    attrs8) what="sampled, 8 attributes" ;;
    full) what="dropped: the arena full" ;;
    esac
    awk -v p="${p:-0}" -v c="${c:-0}" -v n="$N" -v w="$what" 'BEGIN { printf "  %-44s %9.1f %9.1f\n", w, p / n, c / n }'
done
