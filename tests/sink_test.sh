#!/usr/bin/env bash
# tests/sink_test.sh - the OTLP/HTTP sink (examples/sink.c): a real export
# from the demo, malformed and hostile requests, the ways it stops, and the
# malformed cases again under ASan+UBSan when clang is there.
# Needs build/examples/sink and build/examples/demo (`make examples`).
# Ends with "# sink: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
SINK=build/examples/sink
DEMO=build/examples/demo
LIBS="-lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb"
TMP=$(mktemp -d)
SINK_PID=
PORT=
OUT=
pass=0
fail=0

cleanup() {
    if [ -n "$SINK_PID" ] && kill -0 "$SINK_PID" 2>/dev/null; then kill "$SINK_PID" 2>/dev/null; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

ok()  { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi; }
expect_grep() { if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1 ('$2' not in output)"; fi; }

# start_sink BINARY [ARGS...]: sets SINK_PID, PORT and OUT (its stdout).
start_sink() {
    local bin=$1; shift
    OUT=$TMP/sink.$RANDOM.out
    "$bin" "$@" >"$OUT" 2>"$OUT.err" &
    SINK_PID=$!
    PORT=
    for _ in $(seq 100); do
        PORT=$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$OUT" | head -1)
        [ -n "$PORT" ] && return 0
        sleep 0.05
    done
    return 1
}

# wait_exit SECONDS: the sink's exit status, or 124 (and killed) on timeout.
wait_exit() {
    local i
    for ((i = 0; i < $1 * 20; i++)); do
        kill -0 "$SINK_PID" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$SINK_PID" 2>/dev/null; then kill -9 "$SINK_PID"; wait "$SINK_PID" 2>/dev/null; SINK_PID=; return 124; fi
    wait "$SINK_PID"
    local rc=$?
    SINK_PID=
    return $rc
}

# hex_to_file HEX FILE
hex_to_file() { printf "$(printf '%s' "$1" | sed 's/../\\x&/g')" >"$2"; }

# ldv VAR TAG_HEX PAYLOAD_HEX: sets VAR to a length-delimited protobuf field
# (no subshell: the bodies below are built in loops, and a fork each costs
# seconds on a loaded machine)
ldv() {
    local n=$((${#3} / 2)) len= b
    while [ $n -ge 128 ]; do printf -v b '%02x' $(((n & 127) | 128)); len=$len$b; n=$((n >> 7)); done
    printf -v "$1" '%s%s%02x%s' "$2" "$len" $n "$3"
}
# ld TAG_HEX PAYLOAD_HEX: prints the same field
ld() { local f; ldv f "$1" "$2"; printf '%s' "$f"; }

# read_response FD: prints the status code of one response and reads its body.
read_response() {
    local fd=$1 line status=closed len=0
    if IFS= read -r -t 5 line <&"$fd"; then
        status=$(printf '%s' "$line" | awk '{print $2}')
        while IFS= read -r -t 5 line <&"$fd"; do
            line=${line%$'\r'}
            [ -z "$line" ] && break
            case "${line,,}" in content-length:*) len=$(printf '%s' "${line#*:}" | tr -d ' ');; esac
        done
        [ "$len" -gt 0 ] 2>/dev/null && read -r -t 5 -N "$len" _ <&"$fd"
    fi
    printf '%s\n' "$status"
}

# exchange HEAD [BODY_FILE]: one request on a new connection; prints the status.
exchange() {
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || { echo refused; return; }
    { printf '%b' "$1"; [ -n "${2:-}" ] && cat "$2"; } >&3 2>/dev/null
    read_response 3
    exec 3<&-
}

post_head() { # PATH LENGTH [CONTENT_TYPE]
    printf 'POST %s HTTP/1.1\\r\\nHost: t\\r\\nContent-Type: %s\\r\\nContent-Length: %s\\r\\n\\r\\n' \
        "$1" "${3:-application/x-protobuf}" "$2"
}

post_file() { # PATH FILE [CONTENT_TYPE]: prints the status
    exchange "$(post_head "$1" "$(wc -c <"$2")" "${3:-}")" "$2"
}

quit_sink() { exchange 'GET /quit HTTP/1.1\r\nHost: t\r\n\r\n' >/dev/null; wait_exit 10; }

# ---- protobuf bodies ----
TRACE_ID=0102030405060708090a0b0c0d0e0f10
span_hex() { # NAME_HEX SPAN_ID_HEX [EXTRA_FIELDS_HEX]
    # start 1000 ns, end 10000 ns (fixed64, little-endian)
    printf '%s' "$(ld 0a $TRACE_ID)$(ld 12 "$2")$(ld 2a "$1")39e803000000000000411027000000000000${3:-}"
}
request_hex() { ld 0a "$(ld 12 "$(ld 12 "$1")")"; }   # ExportTraceServiceRequest around one span
kv_hex() { printf '%s%s' "$(ld 0a "$1")" "$(ld 12 "$2")"; }   # KeyValue from KEY_HEX and AnyValue hex
str_hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

make_bodies() {
    local any v arr i
    hex_to_file "$(request_hex "$(span_hex "$(str_hex hand-made)" 1111111111111111)")" "$TMP/valid.pb"
    hex_to_file "0a100a05" "$TMP/truncated.pb"
    hex_to_file "0801" "$TMP/wire_top.pb"                          # resource_spans as a varint
    hex_to_file "0a06120412020801" "$TMP/wire_nested.pb"           # Span.trace_id as a varint
    # AnyValue carrying an int and then a string: both in one union
    any=1805$(ld 0a "$(str_hex x)")
    hex_to_file "$(request_hex "$(span_hex "$(str_hex union)" 2222222222222222 "$(ld 4a "$(kv_hex "$(str_hex k)" "$any")")")")" "$TMP/union.pb"
    # arrays nested 400 deep
    v=$(ld 0a "$(str_hex x)")
    for ((i = 0; i < 400; i++)); do ldv arr 0a "$v"; ldv v 2a "$arr"; done
    hex_to_file "$(request_hex "$(span_hex "$(str_hex deep)" 3333333333333333 "$(ld 4a "$(kv_hex "$(str_hex deep)" "$v")")")")" "$TMP/deep.pb"
    local attr sum hist
    attr=$(kv_hex "$(str_hex route)" "$(ld 0a "$(str_hex /a)")")
    sum=$(ld 0a "$(ld 3a "$attr")310500000000000000")1801
    hist=$(ld 0a "21030000000000000029000000000000f83f59000000000000e03f61000000000000f03f")
    hex_to_file "$(ld 0a "$(ld 12 "$(ld 12 "$(ld 0a "$(str_hex requests)")$(ld 1a 31)$(ld 3a "$sum")")$(ld 12 "$(ld 0a "$(str_hex latency)")$(ld 1a "$(str_hex ms)")$(ld 4a "$hist")")")")" "$TMP/metrics.pb"
    hex_to_file "$(ld 0a "$(ld 12 "$(ld 12 "1011$(ld 2a "$(ld 0a "$(str_hex 'disk full')")")$(ld 32 "$attr")$(ld 4a $TRACE_ID)$(ld 62 "$(str_hex app.failure)")")")")" "$TMP/logs.pb"
    # 600 spans in one request: more than a connection's own buffer holds
    local many= bulk tid sid name span
    bulk=$(str_hex bulk)
    ldv tid 0a $TRACE_ID; ldv name 2a "$bulk"
    for ((i = 0; i < 600; i++)); do
        printf -v sid '%016x' $((i + 1)); ldv sid 12 "$sid"
        ldv span 12 "$tid$sid${name}39e803000000000000411027000000000000"; many=$many$span
    done
    hex_to_file "$(ld 0a "$(ld 12 "$many")")" "$TMP/large.pb"
    printf '{"resourceSpans":[]}' >"$TMP/body.json"
    : >"$TMP/empty.pb"
}

# ---- the cases ----

malformed_cases() { # LABEL
    local t=$1 st
    expect_eq "$t: valid hand-made span" "$(post_file /v1/traces "$TMP/valid.pb")" 200
    expect_eq "$t: empty body" "$(post_file /v1/traces "$TMP/empty.pb")" 200
    expect_eq "$t: 600 spans in a large body" "$(post_file /v1/traces "$TMP/large.pb")" 200
    expect_eq "$t: metrics body" "$(post_file /v1/metrics "$TMP/metrics.pb")" 200
    expect_eq "$t: logs body" "$(post_file /v1/logs "$TMP/logs.pb")" 200
    expect_eq "$t: garbage request line" "$(exchange 'HELLO\r\n\r\n')" 400
    expect_eq "$t: header without colon" "$(exchange 'POST /v1/traces HTTP/1.1\r\nHost t\r\n\r\n')" 400
    expect_eq "$t: non-numeric Content-Length" "$(exchange 'POST /v1/traces HTTP/1.1\r\nContent-Length: 1x\r\n\r\n')" 400
    expect_eq "$t: bad HTTP version" "$(exchange 'GET /quit HTTP/9\r\n\r\n')" 400
    expect_eq "$t: truncated protobuf" "$(post_file /v1/traces "$TMP/truncated.pb")" 400
    expect_eq "$t: wrong wire type (callback field)" "$(post_file /v1/traces "$TMP/wire_top.pb")" 400
    expect_eq "$t: wrong wire type (static field)" "$(post_file /v1/traces "$TMP/wire_nested.pb")" 400
    expect_eq "$t: same body on /v1/logs" "$(post_file /v1/logs "$TMP/truncated.pb")" 400
    expect_eq "$t: same body on /v1/metrics" "$(post_file /v1/metrics "$TMP/wire_top.pb")" 400
    expect_eq "$t: int then string in one AnyValue" "$(post_file /v1/traces "$TMP/union.pb")" 200
    expect_eq "$t: arrays nested 400 deep" "$(post_file /v1/traces "$TMP/deep.pb")" 200
    expect_eq "$t: JSON body" "$(post_file /v1/traces "$TMP/body.json" application/json)" 415
    expect_eq "$t: oversized Content-Length" "$(exchange 'POST /v1/traces HTTP/1.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: 999999999999\r\n\r\n')" 413
    expect_eq "$t: chunked body" "$(exchange 'POST /v1/traces HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')" 413
    expect_eq "$t: unknown path" "$(exchange 'GET /nothing HTTP/1.1\r\n\r\n')" 404
    expect_eq "$t: GET on /v1/traces" "$(exchange 'GET /v1/traces HTTP/1.1\r\n\r\n')" 405

    # Content-Length larger than what is sent, then close
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'POST /v1/traces HTTP/1.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100\r\n\r\n0123456789' >&3
    exec 3<&-
    # the same for a body too large for the connection's own buffer
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'POST /v1/traces HTTP/1.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\n0123456789' >&3
    exec 3<&-
    expect_eq "$t: alive after short bodies and close" "$(post_file /v1/traces "$TMP/valid.pb")" 200

    # a peer stalled half-way through its head does not hold up others
    exec 4<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'POST /v1/traces HTTP/1.1\r\nContent-Le' >&4
    expect_eq "$t: served beside a stalled peer" "$(post_file /v1/traces "$TMP/valid.pb")" 200
    exec 4<&-

    # keep-alive: two pipelined requests in one write, two answers
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    { printf '%b' "$(post_head /v1/traces "$(wc -c <"$TMP/valid.pb")")"; cat "$TMP/valid.pb"
      printf '%b' "$(post_head /v1/traces "$(wc -c <"$TMP/valid.pb")")"; cat "$TMP/valid.pb"; } >&3
    st="$(read_response 3) $(read_response 3)"
    exec 3<&-
    expect_eq "$t: pipelined keep-alive requests" "$st" "200 200"

    # raw garbage bytes, NULs included
    head -c 3000 /dev/urandom >"$TMP/noise"
    st=$(exchange "" "$TMP/noise")
    case "$st" in 400|closed) ok "$t: random bytes get 400 or a close";; *) bad "$t: random bytes got $st";; esac
    expect_eq "$t: still answers at the end" "$(post_file /v1/traces "$TMP/valid.pb")" 200
}

demo_case() { # BINARY
    local bin=$1 tp rc
    start_sink "$bin" || { bad "sink starts and prints LISTENING"; return; }
    ok "sink starts and prints LISTENING"
    OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$PORT OTEL_TRACES_EXPORTER=otlp OTEL_SERVICE_NAME=parent \
        "$DEMO" >"$TMP/demo.out" 2>&1
    expect_eq "demo exports to the sink" "$?" 0
    tp=$(sed -n 's/.*TRACEPARENT=//p' "$TMP/demo.out")
    TRACEPARENT=$tp OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$PORT OTEL_SERVICE_NAME=child \
        "$DEMO" >/dev/null 2>&1
    quit_sink; rc=$?
    expect_eq "GET /quit exits 0" "$rc" 0
    expect_grep "waterfall: root span" '^handle request ' "$OUT"
    expect_grep "waterfall: child indented" '^  parse input ' "$OUT"
    expect_grep "waterfall: grandchild indented" '^    model call ' "$OUT"
    expect_grep "waterfall: error status" 'ERROR: model did not answer in time' "$OUT"
    expect_grep "waterfall: exception event" '\* exception .*exception.type=timeout' "$OUT"
    expect_grep "waterfall: span event" '\* validated' "$OUT"
    expect_grep "waterfall: attributes" 'agent.id=2' "$OUT"
    expect_grep "waterfall: bar" '|  *=' "$OUT"
    expect_eq "two processes, one trace" "$(grep -c '^trace ' "$OUT")" 1
    expect_grep "child process nested under the parent's root" '^  handle request .*@child pid' "$OUT"
    expect_grep "report totals" '^== sink: 2 requests, 2 accepted' "$OUT"
}

stop_cases() {
    local rc
    start_sink "$SINK" --idle-exit 300 || { bad "start with --idle-exit"; return; }
    wait_exit 5; rc=$?
    expect_eq "--idle-exit: exits 0 by itself" "$rc" 0
    expect_grep "--idle-exit: prints the report" '^== sink: ' "$OUT"

    start_sink "$SINK" || { bad "start for SIGTERM"; return; }
    kill -TERM "$SINK_PID"; wait_exit 5; rc=$?
    expect_eq "SIGTERM: exits 0" "$rc" 0
    expect_grep "SIGTERM: prints the report" '^== sink: ' "$OUT"

    start_sink "$SINK" --expect-traces 1 || { bad "start with --expect-traces"; return; }
    OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$PORT "$DEMO" >/dev/null 2>&1
    wait_exit 5; rc=$?
    expect_eq "--expect-traces 1: exits 0 after the demo" "$rc" 0
    expect_grep "--expect-traces 1: the trace is in the report" '^handle request ' "$OUT"

    start_sink "$SINK" --port "$(( (RANDOM % 20000) + 30000 ))" --print-each || { bad "start with --port"; return; }
    ok "--port N"
    post_file /v1/traces "$TMP/valid.pb" >/dev/null
    sleep 0.2
    expect_grep "--print-each: report after a request" '^hand-made ' "$OUT"
    quit_sink
}

malformed_run() { # BINARY LABEL
    local rc
    start_sink "$1" || { bad "$2: sink starts"; return; }
    malformed_cases "$2"
    quit_sink; rc=$?
    expect_eq "$2: exits 0 after the malformed cases" "$rc" 0
    expect_grep "$2: report shows the accepted spans" '^hand-made ' "$OUT"
    expect_grep "$2: hostile AnyValue kept its last value" 'union .*k=x' "$OUT"
    expect_grep "$2: deep array elided" 'deep=\[\[\[\[\.\.\.\]\]\]\]' "$OUT"
    expect_eq "$2: all 600 large-body spans kept" "$(grep -c '^bulk ' "$OUT")" 600
    expect_grep "$2: sum metric point" '^    { route=/a } 5$' "$OUT"
    expect_grep "$2: histogram point" 'count=3 sum=1.5 min=0.5 max=1$' "$OUT"
    expect_grep "$2: log record" '^\[ERROR\] app.failure "disk full" route=/a trace=01020304' "$OUT"
    if grep -q -e 'AddressSanitizer' -e 'runtime error' "$OUT.err"; then bad "$2: sanitizer report"; cat "$OUT.err"; fi
}

if [ ! -x "$SINK" ] || [ ! -x "$DEMO" ]; then
    echo "FAIL $SINK or $DEMO missing: run make examples"
    echo "# sink: 0 passed, 1 failed"
    exit 1
fi
make_bodies
demo_case "$SINK"
malformed_run "$SINK" plain
stop_cases
if command -v clang >/dev/null 2>&1; then
    mkdir -p build/asan
    if clang -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=all -I. examples/sink.c -o build/asan/sink $LIBS; then
        malformed_run build/asan/sink asan
        SINK_SAVED=$SINK; SINK=build/asan/sink; demo_case "$SINK"; SINK=$SINK_SAVED
    else
        bad "sanitizer build of the sink"
    fi
else
    echo "skip: no clang, no sanitizer run"
fi
echo "# sink: $pass passed, $fail failed"
[ $fail -eq 0 ]
