#!/usr/bin/env bash
# One list of the public API, taken from the headers themselves (so it cannot
# drift): every public function (otel_*, not otel__*) and every public
# function-like macro (OTEL_*(...), not OTEL__*) that otel.h and otel_export.h
# declare in the default build, each a test case:
#  - it has a -DOTEL_DISABLED stub (a macro: no code, no symbol), and one with
#    -DOTEL_NO_METRICS (a function or a macro);
#  - tests/compile/uses_api.c exercises it (outside comments).
# Then a custom processor (otel_collect, otel_span_data_info/_next,
# otel_resource_attrs, otel_scope_name) builds with -DOTEL_DISABLED and links
# with no library at all.
# A public name added to a header without its stub or its use fails here.
# And the configuration macros' values may be written any way: a file built
# with -DOTEL_MAGAZINE_SIZE=(32), =32, =16 or -DOTEL_MAX_DEPTH=64u links with
# the implementation built with the defaults; one with another depth does not;
# -DOTEL_MAX_DEPTH=32u and =(0x20) link with an implementation built with =32.
# A program with the exporter has no global opentelemetry_proto_* symbol.
cd "$(dirname "$0")/.."
export LC_ALL=C
pass=0; fail=0
ok()  { pass=$((pass+1)); [ -n "${TEST_VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
W="-std=c11 -Wall -Wextra -Werror -I."

printf '#include "otel_export.h"\n' > "$tmp/all.c"
# functions a build declares (gcc's -aux-info lists every prototype, inline ones too)
funcs() { gcc -std=c11 -I. "$@" -fsyntax-only -aux-info "$tmp/aux" "$tmp/all.c" &&
          grep -o '\botel_[a-z0-9_]* *(' "$tmp/aux" | tr -d ' (' | grep -v '^otel__' | sort -u; }
# macros a build defines, public names only: "f NAME" function-like, "o NAME" object-like
macros() { gcc -std=c11 -I. "$@" -dM -E "$tmp/all.c" |
           sed -n 's/^#define \([A-Za-z_][A-Za-z0-9_]*\)\((*\).*/\1 \2/p' |
           grep -E '^(otel_|OTEL_)' | grep -v -E '^(otel__|OTEL__)' |
           awk '{ print ($2 == "(" ? "f " : "o ") $1 }' | sort -u; }

funcs > "$tmp/f" || { bad "headers do not compile"; echo "# api-list: $pass passed, $fail failed"; exit 1; }
macros > "$tmp/m"
# the API: functions, function-like macros and lowercase aliases (otel_export_poll)
{ cat "$tmp/f"; awk '$1 == "f" || $2 ~ /^otel_/ { print $2 }' "$tmp/m"; } | sort -u > "$tmp/api"
n=$(wc -l < "$tmp/api")
[ "$n" -gt 100 ] && ok "found $n public names" || bad "only $n public names found: the extraction is broken"

macros -DOTEL_DISABLED | awk '{ print $2 }' | sort -u > "$tmp/dis"
{ funcs -DOTEL_NO_METRICS; macros -DOTEL_NO_METRICS | awk '{ print $2 }'; } | sort -u > "$tmp/nom"
# the compile test's identifiers, comments removed
gcc -fpreprocessed -dD -E -P tests/compile/uses_api.c 2>/dev/null | grep -o '[A-Za-z_][A-Za-z0-9_]*' | sort -u > "$tmp/used"

missing_dis=$(comm -23 "$tmp/api" "$tmp/dis")
[ -z "$missing_dis" ] && ok "every public name has an OTEL_DISABLED stub" ||
  { bad "no -DOTEL_DISABLED stub for:"; echo "$missing_dis" | sed 's/^/     /'; }
missing_nom=$(comm -23 "$tmp/api" "$tmp/nom")
[ -z "$missing_nom" ] && ok "every public name exists with OTEL_NO_METRICS" ||
  { bad "missing with -DOTEL_NO_METRICS:"; echo "$missing_nom" | sed 's/^/     /'; }
missing_use=$(comm -23 "$tmp/api" "$tmp/used")
[ -z "$missing_use" ] && ok "tests/compile/uses_api.c uses every public name" ||
  { bad "not used in tests/compile/uses_api.c:"; echo "$missing_use" | sed 's/^/     /'; }

# a custom processor, compiled out: builds and links with no library
cat > "$tmp/proc.c" <<'C'
#include <stdio.h>
#include "otel.h"
static size_t my_poll(void *user, int reason, uint64_t deadline) {
    otel_span_data *batch[64];
    size_t n = otel_collect(batch, 64);
    const otel_attr *res; size_t nres = otel_resource_attrs(&res);
    (void)user; (void)reason; (void)deadline;
    printf("%s %zu\n", otel_scope_name(), nres);
    for (size_t i = 0; i < n; i++) {
        otel_span_info si; otel_iter it = {0, 0}; otel_item item;
        if (otel_record_type(batch[i]) == OTEL_RECORD_LOG) { otel_log_info li; otel_log_data_info(batch[i], &li); continue; }
        otel_span_data_info(batch[i], &si);
        while (otel_span_data_next(batch[i], &it, &item)) printf("%d\n", item.type);
    }
    otel_release(batch, n);
    return 0;
}
int main(void) {
    otel_processor p = { my_poll, NULL, NULL, 0, NULL };
    otel_config cfg = {0};
    cfg.processor = &p;
    otel_init(&cfg);
    otel_span_end(otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL));
    return otel_shutdown(100);
}
C
for cc in gcc clang; do
  if $cc $W -DOTEL_DISABLED "$tmp/proc.c" -o "$tmp/proc" 2>"$tmp/err"; then
    nm "$tmp/proc" | grep -qi otel && bad "$cc: disabled custom processor: otel symbols left" ||
      ok "$cc: disabled custom processor builds and links with no library"
  else bad "$cc: disabled custom processor does not build"; head -20 "$tmp/err"; fi
done

# configuration values written any way: same symbols
printf '#define OTEL_IMPLEMENTATION\n#include "otel.h"\nint user(void);\nint main(void) { otel_init(0); int r = user(); otel_shutdown(100); return r; }\n' > "$tmp/impl.c"
printf '#include "otel.h"\nint user(void) { otel_span *s = otel_span_begin("u", OTEL_SPAN_KIND_INTERNAL); otel_span_set_int(s, "n", 1); otel_span_end(s); return 0; }\n' > "$tmp/user.c"
if gcc $W -c "$tmp/impl.c" -o "$tmp/impl.o" 2>"$tmp/err"; then
  for d in -DOTEL_MAGAZINE_SIZE=32 "-DOTEL_MAGAZINE_SIZE=(32)" -DOTEL_MAGAZINE_SIZE=16u -DOTEL_MAX_DEPTH=64u "-DOTEL_MAX_DEPTH=(64)"; do
    if gcc $W "$d" -c "$tmp/user.c" -o "$tmp/user.o" 2>"$tmp/err" && gcc "$tmp/impl.o" "$tmp/user.o" -o "$tmp/linked" -lpthread 2>"$tmp/err" &&
       OTEL_TRACES_EXPORTER=none "$tmp/linked"; then ok "a file built with $d links with the defaults"
    else bad "a file built with $d does not link with the defaults"; head -5 "$tmp/err"; fi
  done
  gcc $W -DOTEL_MAX_DEPTH=32 -c "$tmp/user.c" -o "$tmp/user.o" && ! gcc "$tmp/impl.o" "$tmp/user.o" -o "$tmp/linked" -lpthread 2>/dev/null &&
    ok "a file built with another OTEL_MAX_DEPTH does not link" || bad "a file built with -DOTEL_MAX_DEPTH=32 links with the default 64"
  # another depth, written otherwise in each file: the same symbols
  if gcc $W -DOTEL_MAX_DEPTH=32 -c "$tmp/impl.c" -o "$tmp/impl32.o" 2>"$tmp/err"; then
    for d in -DOTEL_MAX_DEPTH=32u "-DOTEL_MAX_DEPTH=(0x20)"; do
      if gcc $W "$d" -c "$tmp/user.c" -o "$tmp/user.o" 2>"$tmp/err" && gcc "$tmp/impl32.o" "$tmp/user.o" -o "$tmp/linked" -lpthread 2>"$tmp/err" &&
         OTEL_TRACES_EXPORTER=none "$tmp/linked"; then ok "a file built with $d links with one built with -DOTEL_MAX_DEPTH=32"
      else bad "a file built with $d does not link with one built with -DOTEL_MAX_DEPTH=32"; head -5 "$tmp/err"; fi
    done
  else bad "implementation file with -DOTEL_MAX_DEPTH=32 does not compile"; head -5 "$tmp/err"; fi
else bad "implementation file does not compile"; cat "$tmp/err"; fi

# the nanopb descriptors are private to otel_export.h: a program with the
# exporter exports no opentelemetry_proto_* symbol (C and C++)
printf '#define OTEL_IMPLEMENTATION\n#include "otel_export.h"\nint main(void) { otel_init(0); otel_span_end(otel_span_begin("one", OTEL_SPAN_KIND_INTERNAL)); otel_shutdown(100); return 0; }\n' > "$tmp/exp.c"
cp "$tmp/exp.c" "$tmp/exp.cpp"
for build in "gcc -std=c11 $tmp/exp.c" "g++ -std=c++11 $tmp/exp.cpp"; do
  if $build -Wall -Wextra -Werror -I. -O1 -o "$tmp/exp" -lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb 2>"$tmp/err"; then
    if nm "$tmp/exp" | grep -E ' [A-TV-Z] .*opentelemetry_proto_' > "$tmp/glob"; then
      bad "${build%% *}: global opentelemetry_proto_ symbols in a program with the exporter: $(head -3 "$tmp/glob" | tr '\n' ' ')"
    else ok "${build%% *}: no global opentelemetry_proto_ symbol in a program with the exporter"; fi
  else bad "${build%% *}: a one-span exporter program does not build"; head -10 "$tmp/err"; fi
done

echo "# api-list: $pass passed, $fail failed"
[ $fail -eq 0 ]
