#!/usr/bin/env bash
# tests/prometheus_test.sh - the Prometheus exporter (OTEL_METRICS_EXPORTER=
# prometheus) of examples/prometheus.c: its page passes `promtool check
# metrics`, names follow the specification (unit suffixes, _total,
# target_info, scope labels of each metric's meter, histograms), hostile requests are refused, a
# silent client only delays the next scrape, and a real Prometheus server
# scrapes it and answers queries about the series. With
# OTEL_METRICS_EXPORTER=prometheus,otlp a second reader pushes delta OTLP/JSON
# (to a sink written with node's own http module) while Prometheus scrapes
# cumulative values: the deltas add up to every recording exactly. Colliding
# sanitized attribute keys are merged, a name in two meters is one family
# (promtool rejects a second HELP/TYPE), and `prometheus 3 plain` (a reader
# set in code: without_scope_info, _type_suffix, _units, a delta
# preference) stays cumulative across three scrapes.
# Needs build/examples/prometheus (`make examples`), curl, and the Debian
# package prometheus (prometheus, promtool). Ends with "# prometheus: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
EX=build/examples/prometheus
TMP=$(mktemp -d)
EX_PID=
PROM_PID=
SINK_PID=
pass=0
fail=0
cleanup() {
    for p in $EX_PID $PROM_PID $SINK_PID; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
ok()  { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
expect_grep() { if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1 ('$2' not in output)"; fi; }
finish() { echo "# prometheus: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
free_port() {   # a loopback port nothing listens on
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
}
for tool in prometheus promtool curl node; do
    command -v "$tool" >/dev/null || { bad "$tool is not installed (Debian: prometheus, curl, nodejs)"; finish; }
done
[ -x "$EX" ] || { bad "$EX not built (make examples)"; finish; }

# an OTLP/HTTP sink: each request body into a file (node's http module only)
mkdir -p "$TMP/otlp"
node -e '
const http = require("http"), fs = require("fs"), dir = process.argv[1];
let n = 0;
const s = http.createServer((q, r) => {
  const c = [];
  q.on("data", (d) => c.push(d));
  q.on("end", () => { fs.writeFileSync(`${dir}/${String(++n).padStart(5, "0")}.json`, Buffer.concat(c));
                      r.writeHead(200, { "Content-Type": "application/json" }); r.end("{}"); });
});
s.listen(0, "127.0.0.1", () => fs.writeFileSync(`${dir}/port`, String(s.address().port)));' "$TMP/otlp" &
SINK_PID=$!
for _ in $(seq 50); do [ -s "$TMP/otlp/port" ] && break; sleep 0.1; done
SINK="http://127.0.0.1:$(cat "$TMP/otlp/port")"
# requests a service sent, the sum of their http.server.requests points,
# and whether every one of those was delta
otlp_requests() {
    node -e '
const fs = require("fs"), dir = process.argv[1], svc = process.argv[2];
let sum = 0, delta = true, reqs = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  for (const rm of JSON.parse(fs.readFileSync(`${dir}/${f}`)).resourceMetrics || []) {
    if (!(rm.resource.attributes || []).some((a) => a.key === "service.name" && a.value.stringValue === svc)) continue;
    reqs++;
    for (const sm of rm.scopeMetrics || []) for (const m of sm.metrics || []) if (m.name === "http.server.requests") {
      delta = delta && m.sum.aggregationTemporality === 1;
      for (const p of m.sum.dataPoints) sum += Number(p.asInt);
    }
  }
}
console.log(`${reqs} ${sum} ${delta}`);' "$TMP/otlp" "$1"
}
page_total() { sed -n 's/^http_server_requests_total{.* \([0-9]*\)$/\1/p' "$1" | awk '{s += $1} END {print s + 0}'; }

# ---- prometheus and otlp at once: the program runs 3 s (300 requests) ----
P=$(free_port)
OTEL_METRICS_EXPORTER=prometheus,otlp OTEL_EXPORTER_PROMETHEUS_HOST=127.0.0.1 OTEL_EXPORTER_PROMETHEUS_PORT=$P \
OTEL_EXPORTER_OTLP_ENDPOINT=$SINK OTEL_EXPORTER_OTLP_PROTOCOL=http/json OTEL_METRIC_EXPORT_INTERVAL=500 \
OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta \
OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION=base2_exponential_bucket_histogram \
OTEL_TRACES_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_SERVICE_NAME=prom-and-otlp "$EX" 3 2>"$TMP/both.err" &
EX_PID=$!
sleep 1
curl -s -o "$TMP/b1.txt" "http://127.0.0.1:$P/metrics"
sleep 1
curl -s -o "$TMP/b2.txt" "http://127.0.0.1:$P/metrics"
wait "$EX_PID"; rc=$?; EX_PID=
t1=$(page_total "$TMP/b1.txt"); t2=$(page_total "$TMP/b2.txt")
read -r oreqs osum odelta <<< "$(otlp_requests prom-and-otlp)"
[ "$rc" = 0 ] && ok "prometheus,otlp: the program flushed at exit" || { bad "prometheus,otlp: exit $rc"; cat "$TMP/both.err"; }
[ "$t1" -gt 0 ] && [ "$t2" -gt "$t1" ] && ok "prometheus,otlp: scrapes are cumulative ($t1 -> $t2)" || bad "prometheus,otlp: scrapes $t1 -> $t2"
[ "${oreqs:-0}" -ge 3 ] && [ "$odelta" = true ] && ok "prometheus,otlp: $oreqs OTLP requests, every counter point delta" \
    || bad "prometheus,otlp: OTLP requests $oreqs, all delta: $odelta"
[ "$osum" = 300 ] && ok "prometheus,otlp: the OTLP deltas add up to the 300 requests" || bad "prometheus,otlp: OTLP deltas add up to $osum, not 300"
# OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION is the OTLP reader's: the
# Prometheus reader keeps explicit buckets (a reader's own default aggregation)
expect_grep "prometheus,otlp: exponential OTLP histograms, explicit buckets scraped" \
    '^http_server_request_duration_seconds_bucket{.*le="+Inf"} [0-9]' "$TMP/b2.txt"
if grep -l '"prom-and-otlp"' "$TMP"/otlp/*.json | xargs grep -q '"name":"http.server.request.duration"[^]]*"exponentialHistogram"'; then
    ok "prometheus,otlp: the OTLP reader's histogram exponential"; else bad "prometheus,otlp: no exponential OTLP histogram"; fi

# ---- a reader set in code: without_scope_info, _type_suffix, _units, and
# a delta preference, which the Prometheus reader ignores (two scrapes:
# counter, histogram and up-down counter cumulative) ----
P=$(free_port)
OTEL_METRICS_EXPORTER=prometheus OTEL_EXPORTER_PROMETHEUS_HOST=127.0.0.1 OTEL_EXPORTER_PROMETHEUS_PORT=$P \
OTEL_TRACES_EXPORTER=none OTEL_LOGS_EXPORTER=none "$EX" 3 plain 2>"$TMP/plain.err" &
EX_PID=$!
for _ in $(seq 50); do curl -s -o "$TMP/p1.txt" "http://127.0.0.1:$P/metrics" && break; sleep 0.1; done
sleep 1
curl -s -o "$TMP/p2.txt" "http://127.0.0.1:$P/metrics"
sleep 1
curl -s -o "$TMP/p3.txt" "http://127.0.0.1:$P/metrics"
wait "$EX_PID"; EX_PID=
# promtool's lint wants _total on counters: here only the format is checked
if promtool check metrics < "$TMP/p2.txt" 2>&1 | grep -v 'counter metrics should have "_total" suffix' | grep -q .; then
    bad "without_*: promtool check metrics:"; promtool check metrics < "$TMP/p2.txt"
else ok "without_*: promtool finds nothing but the _total lint"; fi
expect_grep "without_type_suffix: a counter without _total" '^# TYPE http_server_requests counter' "$TMP/p2.txt"
expect_grep "without_scope_info: no otel_scope labels" '^http_server_requests{http_response_status_code="200",http_route="/users"} [0-9]' "$TMP/p2.txt"
expect_grep "without_units, without_scope_info: no _seconds; histogram buckets keep le" '^http_server_request_duration_bucket{http_response_status_code="200",http_route="/users",le="+Inf"} [0-9]' "$TMP/p2.txt"
expect_grep "without_scope_info: a point without attributes" '^jobs_backlog{} [0-9]' "$TMP/p2.txt"
grep -q otel_scope_ "$TMP/p2.txt" && bad "without_scope_info: otel_scope_ labels remain" || ok "without_scope_info: no otel_scope_ label anywhere"
# a second apart (about 100 recordings a second): cumulative values grow by
# about 100 each time; deltas would stay near 100
grows() {
    local a b c
    a=$(grep "^$1" "$TMP/p1.txt" | awk '{s += $NF} END {print s + 0}')
    b=$(grep "^$1" "$TMP/p2.txt" | awk '{s += $NF} END {print s + 0}')
    c=$(grep "^$1" "$TMP/p3.txt" | awk '{s += $NF} END {print s + 0}')
    awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN {exit !(b > a && c > b + 50)}' && ok "$2 ($a -> $b -> $c)" || bad "$2 ($a -> $b -> $c)"
}
grows 'http_server_requests{' "delta preference: the counter is cumulative across scrapes"
grows 'http_server_request_duration_count{' "delta preference: the histogram is cumulative across scrapes"
grows 'jobs_backlog{' "delta preference: the up-down counter is cumulative across scrapes"
expect_grep "delta preference: warned about and ignored" 'prometheus: metrics are cumulative' "$TMP/plain.err"
n=$(grep -c '^# TYPE jobs_done ' "$TMP/p2.txt")
[ "$n" = 1 ] && grep -q '^# TYPE jobs_done counter$' "$TMP/p2.txt" && ! grep -q '^jobs_done{} 7$' "$TMP/p2.txt" \
    && ok "metadata deduplication: a gauge under a counter's name left out" || bad "a gauge under a counter's name: $n TYPE lines"
expect_grep "metadata deduplication: the conflict warned about" "'jobs.done' left out: its name meets another metric's of another type" "$TMP/plain.err"

# ---- the scrape page (OTLP pushed at the same time) ----
P=$(free_port)
OTEL_METRICS_EXPORTER=prometheus,otlp OTEL_EXPORTER_PROMETHEUS_HOST=127.0.0.1 OTEL_EXPORTER_PROMETHEUS_PORT=$P \
OTEL_EXPORTER_OTLP_ENDPOINT=$SINK OTEL_EXPORTER_OTLP_PROTOCOL=http/json OTEL_METRIC_EXPORT_INTERVAL=1000 \
OTEL_TRACES_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_SERVICE_NAME=prom-example "$EX" 40 2>"$TMP/ex.err" &
EX_PID=$!
URL="http://127.0.0.1:$P/metrics"
for _ in $(seq 50); do curl -s -o /dev/null "$URL" && break; sleep 0.1; done

# ---- the page ----
code=$(curl -s -o "$TMP/m.txt" -D "$TMP/h.txt" -w '%{http_code}' "$URL")
[ "$code" = 200 ] && ok "GET /metrics: 200" || bad "GET /metrics: $code"
expect_grep "content type of the text format 0.0.4" 'text/plain; version=0.0.4' "$TMP/h.txt"
if promtool check metrics < "$TMP/m.txt" > "$TMP/lint.txt" 2>&1; then ok "promtool check metrics: no problems"
else bad "promtool check metrics:"; cat "$TMP/lint.txt"; fi
expect_grep "counter: _total, TYPE counter, HELP" '^# TYPE http_server_requests_total counter' "$TMP/m.txt"
expect_grep "counter points with attributes and scope labels" \
    '^http_server_requests_total{http_response_status_code="200",http_route="/users",otel_scope_name="otel.h",otel_scope_version="0.1.0"} [0-9]' "$TMP/m.txt"
expect_grep "unit s: _seconds; histogram buckets up to +Inf" \
    '^http_server_request_duration_seconds_bucket{.*le="+Inf"} [0-9]' "$TMP/m.txt"
expect_grep "histogram boundary written as given" 'le="0.005"' "$TMP/m.txt"
expect_grep "histogram _sum and _count" '^http_server_request_duration_seconds_count{' "$TMP/m.txt"
expect_grep "up-down counter: a gauge, annotation unit left out" '^# TYPE http_server_active_requests gauge' "$TMP/m.txt"
expect_grep "observable counter (s): _seconds_total" '^process_cpu_time_seconds_total{' "$TMP/m.txt"
expect_grep "observable gauge with its attribute" '^queue_length{queue="jobs",' "$TMP/m.txt"
expect_grep "gauge: TYPE gauge" '^# TYPE db_pool_connections gauge' "$TMP/m.txt"
expect_grep "a named meter's scope: name, version, schema URL and scope attributes as otel_scope_ labels" \
    '^db_pool_connections{pool_name="main",otel_scope_name="example.db",otel_scope_version="1.2.0",otel_scope_schema_url="https://opentelemetry.io/schemas/1.26.0",otel_scope_library_tier="storage"} [0-4]$' "$TMP/m.txt"
expect_grep "array attributes: JSON label values" 'shards="\[1,2\]",zones="\[\\"eu-1\\"\]"' "$TMP/m.txt"
expect_grep "colliding sanitized attribute keys merged: values joined with ; in the order of the keys" \
    '^jobs_done_total{job_kind="b;a",otel_scope_name=' "$TMP/m.txt"
n=$(grep -c '^# TYPE jobs_done_total counter$' "$TMP/m.txt")
if [ "$n" = 1 ] && grep -A3 '^# TYPE jobs_done_total' "$TMP/m.txt" | grep -q '^jobs_done_total{otel_scope_name="example.db",.* 2$'; then
    ok "metadata deduplication: one name in two meters, one HELP and TYPE, the points of both"
else bad "metadata deduplication: $n TYPE lines for jobs_done_total"; grep jobs_done "$TMP/m.txt"; fi
expect_grep "target_info with the resource" '^target_info{.*service_name="prom-example"' "$TMP/m.txt"
n1=$(sed -n 's/^http_server_requests_total{http_response_status_code="200",http_route="\/users".* \([0-9]*\)$/\1/p' "$TMP/m.txt")

# ---- what is refused ----
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P/other")
[ "$code" = 404 ] && ok "another path: 404" || bad "another path: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data x "$URL")
[ "$code" = 405 ] && ok "POST: 405" || bad "POST: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)" "$URL")
[ "$code" = 431 ] && ok "a request over 8 KiB: 431" || bad "a request over 8 KiB: $code"

# ---- a client that connects and says nothing: the next scrape waits for
# its deadline (5 s), the program records meanwhile ----
exec 3<>"/dev/tcp/127.0.0.1/$P"
start=$(date +%s%N)
code=$(curl -s -o "$TMP/m2.txt" -w '%{http_code}' --max-time 15 "$URL")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
exec 3>&-
[ "$code" = 200 ] && [ "$ms" -lt 9000 ] && ok "scrape after a silent client: 200 in ${ms} ms" || bad "scrape after a silent client: $code in $ms ms"
n2=$(sed -n 's/^http_server_requests_total{http_response_status_code="200",http_route="\/users".* \([0-9]*\)$/\1/p' "$TMP/m2.txt")
[ -n "$n1" ] && [ -n "$n2" ] && [ "$n2" -gt "$((n1 + 50))" ] && ok "recording went on meanwhile ($n1 -> $n2)" || bad "recording went on meanwhile ($n1 -> $n2)"

# ---- a real Prometheus server scrapes it ----
Q=$(free_port)
cat > "$TMP/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: otelh
    static_configs:
      - targets: ['127.0.0.1:$P']
YML
# the port was free when picked, but an outgoing connection of the example
# (its OTLP pushes) may take it as its local port meanwhile: then
# Prometheus exits, and starts again on another port
start_prometheus() {
    for _ in 1 2 3; do
        prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
            --web.listen-address="127.0.0.1:$Q" > "$TMP/prom.log" 2>&1 &
        PROM_PID=$!
        for _ in $(seq 150); do
            curl -sf -o /dev/null "http://127.0.0.1:$Q/-/ready" && return 0
            kill -0 "$PROM_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill "$PROM_PID" 2>/dev/null; wait "$PROM_PID" 2>/dev/null
        echo "# Prometheus did not start on port $Q:"; tail -5 "$TMP/prom.log"
        Q=$(free_port)
    done
    return 1
}
start_prometheus
query() { curl -s -G --data-urlencode "query=$1" "http://127.0.0.1:$Q/api/v1/query"; }
up=
for _ in $(seq 150); do
    up=$(query 'up{job="otelh"}' 2>/dev/null)
    case "$up" in *',"1"]'*) break ;; esac
    sleep 0.2
done
case "$up" in *',"1"]'*) ok "Prometheus scrapes the target: up == 1" ;; *) bad "Prometheus target not up: $up"; curl -s "http://127.0.0.1:$Q/api/v1/targets"; echo ;; esac
for _ in $(seq 20); do   # a second scrape, for a rate
    r=$(query 'sum(rate(http_server_requests_total[5s])) > 0')
    case "$r" in *'"result":[{'*) break ;; esac
    sleep 0.5
done
case "$r" in *'"result":[{'*) ok "Prometheus: the counter goes up between scrapes" ;; *) bad "Prometheus: no rate for the counter: $r" ;; esac
r=$(query 'histogram_quantile(0.5, sum by (le) (http_server_request_duration_seconds_bucket))')
case "$r" in *'"result":[{'*'"value":'*) ok "Prometheus: a quantile from the histogram's buckets" ;; *) bad "Prometheus: histogram_quantile: $r" ;; esac
r=$(query 'target_info{service_name="prom-example"}')
case "$r" in *'"result":[{'*) ok "Prometheus: target_info with the service name" ;; *) bad "Prometheus: target_info: $r" ;; esac
r=$(query 'queue_length{queue="jobs",otel_scope_name="otel.h"}')
case "$r" in *'"result":[{'*) ok "Prometheus: the observable gauge with its labels" ;; *) bad "Prometheus: observable gauge: $r" ;; esac
r=$(query 'db_pool_connections{otel_scope_name="example.db",otel_scope_library_tier="storage"}')
case "$r" in *'"result":[{'*) ok "Prometheus: the named meter's gauge with its scope labels" ;; *) bad "Prometheus: named meter's gauge: $r" ;; esac
r=$(query 'jobs_done_total{job_kind="b;a"}')
case "$r" in *'"result":[{'*) ok "Prometheus: the merged label of colliding keys" ;; *) bad "Prometheus: merged label: $r" ;; esac
r=$(query 'jobs_done_total{otel_scope_name="example.db"}')
case "$r" in *'"result":[{'*) ok "Prometheus: the second meter's point of a deduplicated family" ;; *) bad "Prometheus: deduplicated family: $r" ;; esac
r=$(curl -s "http://127.0.0.1:$Q/api/v1/targets")
case "$r" in *'"lastError":""'*) ok "Prometheus: no scrape error" ;; *) bad "Prometheus: scrape error: $r" ;; esac
read -r oreqs osum odelta <<< "$(otlp_requests prom-example)"
[ "${oreqs:-0}" -ge 2 ] && [ "$osum" -gt 0 ] && ok "the OTLP reader pushed meanwhile ($oreqs requests)" || bad "the OTLP reader pushed $oreqs requests"
kill "$EX_PID" 2>/dev/null; wait "$EX_PID" 2>/dev/null; EX_PID=
grep -q 'prometheus' "$TMP/ex.err" && { bad "the example warned:"; cat "$TMP/ex.err"; } || ok "the example ran without warnings"
finish
