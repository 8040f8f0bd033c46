#!/usr/bin/env bash
# Compile-time checks, each a test case:
#  - OTEL_DISABLED: the whole API compiles warning-free under gcc and clang, the
#    object has no otel symbol, and the same .text/.data/.bss size as the same
#    program with every otel line deleted;
#  - the header compiles as C++ (declarations and implementation);
#  - OTEL_NO_THREADS builds without pthread symbols (otel.h alone, and with the exporter).
cd "$(dirname "$0")/.."
pass=0; fail=0
ok()  { pass=$((pass+1)); [ -n "${TEST_VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
W="-std=c11 -Wall -Wextra -Werror -I."

grep -v -i otel tests/compile/uses_api.c > "$tmp/no_api.c"
for cc in gcc clang; do
  for opt in -O2 -Os; do
    name="disabled-$cc$opt"
    if ! $cc $W $opt -DOTEL_DISABLED -c tests/compile/uses_api.c -o "$tmp/with.o" 2>"$tmp/err"; then
      bad "$name: does not compile"; cat "$tmp/err"; continue; fi
    $cc -std=c11 -w -I. $opt -c "$tmp/no_api.c" -o "$tmp/without.o" || { bad "$name: stripped copy does not compile"; continue; }
    syms=$(nm "$tmp/with.o" | grep -i otel || true)
    [ -z "$syms" ] && ok "$name: no otel symbols" || { bad "$name: otel symbols left:"; echo "$syms"; }
    a=$(size -A "$tmp/with.o" | awk '$1==".text"||$1==".data"||$1==".bss"{print $1,$2}')
    b=$(size -A "$tmp/without.o" | awk '$1==".text"||$1==".data"||$1==".bss"{print $1,$2}')
    [ "$a" = "$b" ] && ok "$name: same section sizes" || { bad "$name: sizes differ"; echo "with: $a"; echo "without: $b"; }
  done
done

cat > "$tmp/cxx.cpp" <<'CXX'
#define OTEL_IMPLEMENTATION
#include "otel.h"
int main() { otel_init(nullptr); otel_span *s = otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL); otel_span_end(s); otel_shutdown(100); return 0; }
CXX
if g++ -std=c++11 -Wall -Wextra -Werror -I. "$tmp/cxx.cpp" -o "$tmp/cxx" -lpthread 2>"$tmp/err" && OTEL_TRACES_EXPORTER=none "$tmp/cxx"; then
  ok "c++: implementation compiles and runs"; else bad "c++ build"; cat "$tmp/err"; fi
if clang++ -std=c++11 -Wall -Wextra -Werror -I. -DOTEL_DISABLED "$tmp/cxx.cpp" -o "$tmp/cxxd" 2>"$tmp/err"; then
  ok "c++: disabled compiles"; else bad "c++ disabled build"; cat "$tmp/err"; fi
if [ -f otel_export.h ]; then
  printf '#define OTEL_IMPLEMENTATION\n#include "otel_export.h"\nint main() { return 0; }\n' > "$tmp/cxe.cpp"
  if g++ -std=c++11 -Wall -Wextra -Werror -I. "$tmp/cxe.cpp" -o "$tmp/cxe" -lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb 2>"$tmp/err"; then
    ok "c++: otel_export.h compiles"; else bad "c++ otel_export.h build"; head -30 "$tmp/err"; fi
fi

printf '#define OTEL_IMPLEMENTATION\n#include "otel.h"\nint main(void) { otel_init(0); otel_span *s = otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL); otel_span_end(s); otel_poll(); otel_shutdown(100); return 0; }\n' > "$tmp/nt.c"
if gcc $W -DOTEL_NO_THREADS "$tmp/nt.c" -o "$tmp/nt" 2>"$tmp/err"; then
  if nm "$tmp/nt" | grep -q 'pthread_create\|sem_timedwait'; then bad "no-threads: pthread symbols linked"; else ok "no-threads: builds without threads"; fi
  OTEL_TRACES_EXPORTER=none "$tmp/nt" && ok "no-threads: runs" || bad "no-threads: run"
else bad "no-threads build"; cat "$tmp/err"; fi
if [ -f otel_export.h ]; then
  printf '#define OTEL_IMPLEMENTATION\n#include "otel_export.h"\nint main(void) { otel_init(0); otel_shutdown(100); return 0; }\n' > "$tmp/ntx.c"
  if gcc $W -DOTEL_NO_THREADS "$tmp/ntx.c" -o "$tmp/ntx" -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb 2>"$tmp/err"; then
    if nm "$tmp/ntx" | grep -q 'pthread_create'; then bad "no-threads exporter: threads started"; else ok "no-threads: the exporter builds without threads"; fi
  else bad "no-threads exporter build"; head -20 "$tmp/err"; fi
fi

# OTEL_DISABLED: otel_exec_run still runs the command (plain posix_spawn + waitpid, inlined)
printf '#include "otel.h"\n#include <stdio.h>\nint main(void) { const char *argv[] = {"/bin/sh", "-c", "exit 7", 0}; otel_exec_result r; int rc = otel_exec_run(argv, 0, &r); printf("%%d %%d\\n", rc, r.exit_code); return 0; }\n' > "$tmp/ex.c"
if gcc $W -O2 -DOTEL_DISABLED "$tmp/ex.c" -o "$tmp/ex" 2>"$tmp/err"; then
  out=$("$tmp/ex")
  [ "$out" = "0 7" ] && ok "disabled: otel_exec_run still runs the command" || bad "disabled exec ran: '$out'"
  nm "$tmp/ex" | grep -qi otel && bad "disabled exec: otel symbols left" || ok "disabled exec: no otel symbols"
else bad "disabled exec build"; cat "$tmp/err"; fi

# OTEL_NO_METRICS: the metrics API compiles to nothing, spans and logs still work
if gcc $W -DOTEL_NO_METRICS -c tests/compile/uses_api.c -o "$tmp/nm.o" 2>"$tmp/err"; then ok "no-metrics: the whole API compiles"; else bad "no-metrics: compile"; cat "$tmp/err"; fi
printf '#define OTEL_IMPLEMENTATION\n#include "otel.h"\nint main(void) { otel_init(0); otel_instrument *c = otel_counter_create("c", "1", ""); otel_counter_add(c, 1, 0, 0); otel_log(OTEL_SEVERITY_INFO, "x", 0, 0); otel_shutdown(100); return 0; }\n' > "$tmp/nm.c"
if gcc $W -DOTEL_NO_METRICS "$tmp/nm.c" -o "$tmp/nm" -lpthread 2>"$tmp/err"; then
  if nm "$tmp/nm" | grep -q 'otel_metrics_collect\|otel__series\|otel_counter_add'; then bad "no-metrics: metric code linked"; else ok "no-metrics: no metric code"; fi
  OTEL_TRACES_EXPORTER=none "$tmp/nm" && ok "no-metrics: runs" || bad "no-metrics: run"
else bad "no-metrics build"; cat "$tmp/err"; fi
# named tracers and loggers (the scope table) need no metrics: their test, built without
if gcc $W -Itests -DOTEL_NO_METRICS tests/test_scopes.c -o "$tmp/nms" -lpthread 2>"$tmp/err"; then
  "$tmp/nms" >"$tmp/out" 2>&1 && ok "no-metrics: named tracers and loggers work" || { bad "no-metrics: test_scopes"; cat "$tmp/out"; }
else bad "no-metrics: test_scopes build"; head -20 "$tmp/err"; fi
if [ -f otel_export.h ]; then
  printf '#define OTEL_IMPLEMENTATION\n#include "otel_export.h"\nint main(void) { return 0; }\n' > "$tmp/nme.c"
  if gcc $W -DOTEL_NO_METRICS "$tmp/nme.c" -o "$tmp/nme" -lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb 2>"$tmp/err"; then
    ok "no-metrics: otel_export.h compiles"; else bad "no-metrics: otel_export.h"; head -20 "$tmp/err"; fi
fi

# the size toggles (otel.h's manual): each compiles warning-free at -O0
# (every reference left must link), core alone and with the exporter, and
# runs, and asking for what it takes out is warned about. OTEL_MINIMAL (all
# of them) also under clang, links with -lpthread alone, and at -Os (gcc, as
# bench/size/size.sh builds it) none of it is linked (tests/node/minimal_check.js
# sends its span to a receiver).
LIBS="-lpthread -lprotobuf-nanopb -lmbedtls -lmbedx509 -lmbedcrypto"
# tog MACRO ENV...: the one-span program built with MACRO at -O0, run with ENV
# against a closed port; stderr in $tmp/err, symbols in $tmp/syms
tog() {
  local t=$1; shift
  if ! gcc $W -O0 -D$t "$tmp/nt.c" -o "$tmp/tc" -lpthread 2>"$tmp/err" ||
     ! gcc $W -O0 -D$t bench/size/one_span.c -o "$tmp/p" $LIBS 2>>"$tmp/err"; then
    bad "$t: build"; head -20 "$tmp/err"; return 1; fi
  OTEL_TRACES_EXPORTER=none "$tmp/tc" || { bad "$t: core run"; return 1; }
  nm "$tmp/p" > "$tmp/syms"
  env "$@" OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:1 "$tmp/p" >"$tmp/out" 2>"$tmp/err" || { bad "$t: run"; cat "$tmp/err"; return 1; }
  ok "$t: builds and runs"
}
gcc $W -DOTEL_NO_CONSOLE -DOTEL_NO_TAIL_SAMPLING -DOTEL_NO_B3 -c tests/compile/uses_api.c -o "$tmp/t.o" 2>"$tmp/err" &&
  ok "size toggles: the whole API compiles" || { bad "size toggles: the API"; head -20 "$tmp/err"; }
if tog OTEL_NO_CONSOLE OTEL_TRACES_EXPORTER=console; then
  grep -q "unknown exporter 'console'" "$tmp/err" && [ ! -s "$tmp/out" ] && ok "no-console: console warned, nothing printed" || bad "no-console: $(cat "$tmp/err" "$tmp/out")"
fi
if tog OTEL_NO_TAIL_SAMPLING OTEL_TRACES_SAMPLER=tail OTEL_TRACES_EXPORTER=none; then
  grep -q "OTEL_NO_TAIL_SAMPLING" "$tmp/err" && ok "no-tail: tail warned" || bad "no-tail: $(cat "$tmp/err")"
fi
if tog OTEL_NO_B3 OTEL_PROPAGATORS=b3,tracecontext OTEL_TRACES_EXPORTER=none; then
  grep -q "unknown propagator 'b3'" "$tmp/err" && ok "no-b3: b3 warned" || bad "no-b3: $(cat "$tmp/err")"
fi
if tog OTEL_NO_JSON OTEL_EXPORTER_OTLP_PROTOCOL=http/json OTEL_BSP_EXPORT_TIMEOUT=100; then
  grep -q "OTEL_NO_JSON; using http/protobuf" "$tmp/err" && ok "no-json: http/json warned" || bad "no-json: $(cat "$tmp/err")"
fi
if tog OTEL_NO_JSON OTEL_TRACES_EXPORTER=file; then
  grep -q "unknown exporter 'file'" "$tmp/err" && ok "no-json: file warned" || bad "no-json: $(cat "$tmp/err")"
fi
if tog OTEL_NO_SPOOL OTEL_H_SPOOL_DIR="$tmp/spool" OTEL_TRACES_EXPORTER=none; then
  grep -q "OTEL_NO_SPOOL; no spool" "$tmp/err" && [ ! -e "$tmp/spool" ] && ok "no-spool: spool directory warned, not made" || bad "no-spool: $(cat "$tmp/err")"
fi
if tog OTEL_NO_PARTIAL_SUCCESS OTEL_TRACES_EXPORTER=none; then
  grep -q ' pb_decode' "$tmp/syms" && bad "no-partial-success: nanopb decoder linked" || ok "no-partial-success: no decoder"
fi
for cc in "gcc -O0" "clang -O0" "gcc -Os"; do
  if $cc $W -DOTEL_MINIMAL bench/size/one_span.c -o "$tmp/m" -lpthread 2>"$tmp/err"; then
    OTEL_TRACES_EXPORTER=none "$tmp/m" && ok "minimal: $cc builds (-lpthread alone) and runs" || bad "minimal: $cc run"
    syms=$(nm "$tmp/m" | grep -E 'otel__console_poll|otel__con_print_attr|otel__tail_(decide|hold)|otel__b3_|otel__exec|otel__json_|otel__spool_|pb_decode' || true)
    [ "$cc" != "gcc -Os" ] || { [ -z "$syms" ] && ok "minimal: $cc: no printer, tail sampler, b3, exec, JSON, spool, decoder" || bad "minimal: $cc: linked: $syms"; }
  else bad "minimal: $cc build"; head -20 "$tmp/err"; fi
done

echo "# compile-checks: $pass passed, $fail failed"
[ $fail -eq 0 ]
