#!/usr/bin/env bash
# docs/configuration.md must name every configuration macro and environment
# variable the headers know, so that the table cannot drift from the code:
#  - macros the headers test (#ifndef / #ifdef / defined(...) of an OTEL_ name,
#    less the include guards and the private OTEL__ ones);
#  - environment variables the code reads (a quoted OTEL_ name or
#    TRACEPARENT/TRACESTATE, and every per-signal form otel__sig_env builds);
#  - the names listed in the headers' CONFIGURATION MACROS and ENVIRONMENT
#    comment sections.
# Each name is a test case: it must appear in backquotes in the table
# (`NAME` or `NAME(args)`).
# Ends with "# config-doc: N passed, N failed".
cd "$(dirname "$0")/.."
doc=docs/configuration.md
pass=0; fail=0
[ -f "$doc" ] || { echo "FAIL $doc is missing"; echo "# config-doc: 0 passed, 1 failed"; exit 1; }
names() {
  grep -ohE '^\s*#\s*(ifndef|ifdef|if|elif)\b.*' otel.h otel_export.h | grep -oE '\bOTEL_[A-Z0-9_]+' |
    grep -vE '^OTEL__|^OTEL_H$|^OTEL_EXPORT_H$'
  grep -ohE '"(OTEL_[A-Z0-9_]*[A-Z0-9]|TRACEPARENT|TRACESTATE)"' otel.h otel_export.h | tr -d '"'
  for s in $(grep -ohE 'otel__sig_env\([^,]*, *"[A-Z_]+"' otel_export.h | grep -oE '"[A-Z_]+"' | tr -d '"'); do
    for sig in TRACES METRICS LOGS; do echo "OTEL_EXPORTER_OTLP_${sig}_$s"; done
    echo "OTEL_EXPORTER_OTLP_$s"
  done
  # the manual's sections: from the heading to the next heading
  awk '/^\*\//{exit} /^   (CONFIGURATION MACROS|ENVIRONMENT)/{on=1; next} /^   [A-Z][A-Z ]+[A-Z]( \(|$)/{on=0} on' otel.h otel_export.h |
    grep -oE '\b(OTEL_[A-Z0-9_]*[A-Z0-9]|TRACEPARENT|TRACESTATE)\b'
}
for n in $(names | sort -u); do
  if grep -qE "\`$n(\`|\()" "$doc"; then pass=$((pass+1)); [ -n "${TEST_VERBOSE:-}" ] && echo "ok   $n"
  else fail=$((fail+1)); echo "FAIL $n is not in $doc"; fi
done
echo "# config-doc: $pass passed, $fail failed"
[ $fail -eq 0 ]
