#!/usr/bin/env bash
# Runs test commands given as arguments (each a shell command line), collects the
# "# <suite>: N passed, N failed" lines they print, and ends with the one total line.
# A command that exits non-zero without printing its own summary counts as one failure.
# TEST_ONLY=name (make test T=name): only the commands with a word that is name,
# ends in /name, or has name as a path component or as its file name without
# the extension (test_w3c, asan/test_w3c, conformance, sink_test, fuzz, node).
only() {
  local w c
  for w in $1; do
    [ "$w" = "$TEST_ONLY" ] && return 0
    case "$w" in */"$TEST_ONLY") return 0 ;; esac
    w=${w%.*}
    IFS=/ read -r -a parts <<< "$w"
    for c in "${parts[@]}"; do [ "$c" = "$TEST_ONLY" ] && return 0; done
  done
  return 1
}
passed=0; failed=0; ran=0; times=
for cmd in "$@"; do
  if [ -n "${TEST_ONLY:-}" ]; then only "$cmd" || continue; fi
  ran=$((ran+1))
  t0=$SECONDS
  out=$(bash -c "$cmd" 2>&1); rc=$?
  times+="$((SECONDS - t0)) $cmd"$'\n'
  printf '%s\n' "$out" | grep -v -e '^ok ' -e '^otel: ' | sed 's/^/  /' | grep -v '^  $' || true
  sums=$(printf '%s\n' "$out" | sed -n 's/^# .*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p')
  if [ -z "$sums" ]; then
    if [ $rc -eq 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); echo "  FAIL (exit $rc, no summary): $cmd"; fi
  else
    while read -r p f; do passed=$((passed+p)); failed=$((failed+f)); done <<< "$sums"
    if [ $rc -ne 0 ] && ! printf '%s\n' "$sums" | awk '$2>0{x=1} END{exit !x}'; then
      failed=$((failed+1)); echo "  FAIL (exit $rc): $cmd"
    fi
  fi
done
if [ -n "${TEST_ONLY:-}" ] && [ $ran -eq 0 ]; then
  echo "no test named '$TEST_ONLY': give a tests/test_*.c name (test_w3c), a script's (conformance), fuzz or node"; failed=1
fi
# the slowest commands, to keep the whole run short (CI's bound)
printf '%s' "${times:-}" | sort -rn | head -5 | awk '{t=$1; $1=""; printf "slowest: %4d s %s\n", t, substr($0, 1, 90)}'
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
