#!/usr/bin/env bash
# The cost of tracing a real pipeline: examples/pipeline.c with a few ms of
# computation in each model call, built normally (exporting everything to
# examples/sink over OTLP/HTTP) and with -DOTEL_DISABLED, run alternately;
# medians of the pipeline's own elapsed time (before shutdown).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
RUNS=${RUNS:-11}
WORK=${WORK_MS:-5}
CC=${CC:-cc}
FLAGS="-std=c11 -O2 -I. -DNDEBUG"
LIBS="-lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb"
mkdir -p "$B/bench"
$CC $FLAGS examples/pipeline.c -o "$B/bench/pipeline_on" $LIBS
$CC $FLAGS -DOTEL_DISABLED examples/pipeline.c -o "$B/bench/pipeline_off" -lpthread
$CC $FLAGS examples/agent_tool.c -o "$B/bench/agent_tool_on" $LIBS
$CC $FLAGS -DOTEL_DISABLED examples/agent_tool.c -o "$B/bench/agent_tool_off" -lpthread

tmp=$(mktemp -d)
"$B/examples/sink" --port 0 > "$tmp/sink.out" 2>/dev/null &
sink=$!
trap 'kill $sink 2>/dev/null; rm -rf "$tmp"' EXIT
port=
for _ in $(seq 1 100); do port=$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$tmp/sink.out"); [ -n "$port" ] && break; sleep 0.05; done

wall() { sed -n 's/.*failed, \([0-9.]*\) ms,.*/\1/p'; }
cpu() { sed -n 's/.*cpu \([0-9.]*\) ms.*/\1/p'; }
on=(); off=(); con=(); coff=()
for i in $(seq 1 "$RUNS"); do
  o=$(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$port" "$B/bench/pipeline_on" --work-ms "$WORK" --tool "$B/bench/agent_tool_on")
  f=$("$B/bench/pipeline_off" --work-ms "$WORK" --tool "$B/bench/agent_tool_off")
  on+=("$(echo "$o" | wall)"); con+=("$(echo "$o" | cpu)")
  off+=("$(echo "$f" | wall)"); coff+=("$(echo "$f" | cpu)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mon=$(median "${on[@]}"); moff=$(median "${off[@]}"); mcon=$(median "${con[@]}"); mcoff=$(median "${coff[@]}")
echo "pipeline overhead (3 stages x 3 agents on threads, a tool child process, ${WORK} ms of work per model call; median of $RUNS runs each)"
printf '  %-34s %10s %10s %10s\n' "" "disabled" "traced" "overhead"
awk -v a="$mcon" -v b="$mcoff" 'BEGIN { printf "  %-34s %7.2f ms %7.2f ms %8.2f %%  (budget < 5 %%, aim < 0.5 %%)\n", "CPU time (process + tool)", b, a, (a - b) / b * 100 }'
awk -v a="$mon" -v b="$moff" 'BEGIN { printf "  %-34s %7.2f ms %7.2f ms %8.2f %%\n", "wall time", b, a, (a - b) / b * 100 }'
echo "  (wall times move in steps of the scheduler's time slice: 3 busy agents share 2 cores)"
