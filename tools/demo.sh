#!/usr/bin/env bash
# make demo: start examples/sink on a free loopback port, run the pipeline
# example exporting to it, stop the sink, and show what it drew.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
tmp=$(mktemp -d)
sink_pid=
cleanup() { [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$B/examples/sink" --port 0 > "$tmp/sink.out" 2> "$tmp/sink.err" &
sink_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$tmp/sink.out" | head -n1)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "demo: the sink did not start"; cat "$tmp/sink.err"; exit 1; }

echo "demo: sink listening on 127.0.0.1:$port; running the pipeline"
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
  OTEL_TRACES_EXPORTER=otlp OTEL_METRICS_EXPORTER=otlp OTEL_LOGS_EXPORTER=otlp \
  "$B/examples/pipeline" --tool "$B/examples/agent_tool"

# ask the sink to print its report and exit
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /quit HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
cat <&3 > /dev/null || true
exec 3>&-
for _ in $(seq 1 100); do kill -0 "$sink_pid" 2>/dev/null || break; sleep 0.05; done
wait "$sink_pid" 2>/dev/null || true
sink_pid=
sed '1d' "$tmp/sink.out"
