#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) and runs them.
#
#   run.sh --replay   every input of tests/fuzz/corpus/<target>/ once, then
#                     FUZZ_SECONDS (5) of fuzzing per target, built at -O0;
#                     for `make test`
#   run.sh --long     FUZZ_SECONDS (60) per target, then a table of the runs
#
# New inputs found go to build/fuzz/corpus/<target>/, never into the
# committed seed corpus. A crashing input is kept in tests/fuzz/crashes/ and
# makes the script exit non-zero. Targets run FUZZ_JOBS at a time (the number
# of cores). Ends with "# fuzz: N passed, N failed", one count per target.
# Environment: CLANG, FUZZ_SECONDS, FUZZ_JOBS, FUZZ_SEED (replay: 1, long: random),
# FUZZ_TARGETS (names, space-separated: only those).
set -u
cd "$(dirname "$0")/../.."

mode=${1:---replay}
case "$mode" in
  --replay) secs=${FUZZ_SECONDS:-5};  seed=${FUZZ_SEED:-1}; opt=-O0 ;;   # (builds in a third of -O1's time)
  --long)   secs=${FUZZ_SECONDS:-60}; seed=${FUZZ_SEED:-0}; opt=-O1 ;;
  *) echo "usage: $0 [--replay|--long]" >&2; exit 2 ;;
esac
CLANG=${CLANG:-clang}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
out=build/fuzz
crashes=tests/fuzz/crashes
targets=${FUZZ_TARGETS:-$(ls tests/fuzz/fuzz_*.c | xargs -n1 basename | sed 's/\.c$//')}
ntargets=$(printf '%s\n' $targets | wc -l)

summary() { echo "# fuzz: $1 passed, $2 failed"; }

mkdir -p "$out/log" "$out/corpus"
# Without the fuzzer runtime (libclang-rt-dev) nothing can be tested: that
# is a failure of every target, not a silent pass.
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
     $CLANG -x c -fsanitize=fuzzer,address,undefined - -o "$out/probe" 2>"$out/log/probe.txt"; then
  echo "fuzz: $CLANG cannot link -fsanitize=fuzzer (is libclang-rt-dev installed?):"
  sed 's/^/  /' "$out/log/probe.txt" | head -5
  summary 0 "$ntargets"
  exit 1
fi

CFLAGS="-std=c11 -Wall -Wextra -Werror -g $opt -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
LIBS="-lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb"

build() {
  local t=$1
  if $CLANG $CFLAGS -I. "tests/fuzz/$t.c" -o "$out/$t" $LIBS >"$out/log/$t.build" 2>&1; then
    echo ok >"$out/log/$t.status"
  else
    echo "build failed" >"$out/log/$t.status"
  fi
}

# options of a single target
extra() {
  case "$1" in
    fuzz_http_response) echo "-max_len=24576" ;;   # lines past the 16 KiB head buffer
  esac
}

run() {
  local t=$1 work="$out/corpus/$1" seeds="tests/fuzz/corpus/$1"
  [ "$(cat "$out/log/$t.status")" = ok ] || return 0
  mkdir -p "$work" "$crashes"
  # libFuzzer reads every corpus directory (the seeds replay first) and
  # writes what it finds to the first one only
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
  "$out/$t" -max_total_time="$secs" -seed="$seed" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$crashes/$t-" $(extra "$t") \
      "$work" $( [ -d "$seeds" ] && echo "$seeds" ) >"$out/log/$t.run" 2>&1
  local rc=$?
  if [ $rc -eq 0 ]; then echo ok >"$out/log/$t.status"; else echo "crashed (exit $rc)" >"$out/log/$t.status"; fi
}

# a bounded number of jobs at a time
pool() {
  local fn=$1; shift
  local running=0
  for t in "$@"; do
    "$fn" "$t" &
    running=$((running + 1))
    if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  done
  wait
}

pool build $targets
pool run $targets

passed=0; failed=0
[ "$mode" = --long ] && printf '%-22s %14s %12s  %s\n' target executions corpus result
for t in $targets; do
  st=$(cat "$out/log/$t.status")
  log="$out/log/$t.run"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" 2>/dev/null | tail -1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" 2>/dev/null | tail -1)
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' "$log" 2>/dev/null | tail -1)
  if [ "$st" = ok ]; then
    passed=$((passed + 1)); result=ok
  else
    failed=$((failed + 1)); result=$st
  fi
  if [ "$mode" = --long ]; then
    printf '%-22s %14s %12s  %s\n' "$t" "${execs:-0}" "${corp:-0}" "$result"
  elif [ "$st" = ok ]; then
    echo "ok   $t: ${execs:-0} executions, corpus ${corp:-0}"
  fi
  if [ "$st" != ok ]; then
    echo "FAIL $t: $st"
    if [ "$st" = "build failed" ]; then sed 's/^/  /' "$out/log/$t.build" | head -20
    else
      grep -m3 -e 'ERROR:' -e 'property does not hold' -e 'runtime error' "$log" | sed 's/^/  /'
      grep -h 'Test unit written to' "$log" | sed 's/.*written to /  input kept: /'
    fi
  fi
done
rmdir "$crashes" 2>/dev/null || true
summary "$passed" "$failed"
[ "$failed" -eq 0 ]
