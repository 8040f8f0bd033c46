#!/usr/bin/env bash
# Runs test commands given as arguments (each a shell command line), collects the
# "# <suite>: N passed, N failed" lines they print, and ends with the one total line.
# A command that exits non-zero without printing its own summary counts as one failure.
passed=0; failed=0
for cmd in "$@"; do
  out=$(bash -c "$cmd" 2>&1); rc=$?
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
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
