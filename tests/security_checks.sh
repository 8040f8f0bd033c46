#!/usr/bin/env bash
# Static security checks on the headers, each a test case:
#  - no format string is built from data: the implementation compiles with
#    -Wformat=2 -Wformat-security -Werror (gcc and clang), and every warning
#    call passes a string literal as its format;
#  - TLS verification can only be switched off by the config field, never
#    from the environment.
cd "$(dirname "$0")/.."
pass=0; fail=0
ok()  { pass=$((pass+1)); [ -n "${TEST_VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '#define OTEL_IMPLEMENTATION\n#include "otel_export.h"\nint main(void) { return 0; }\n' > "$tmp/f.c"
for cc in gcc clang; do
  if $cc -std=c11 -Wall -Wextra -Wformat=2 -Wformat-security -Werror -I. -c "$tmp/f.c" -o "$tmp/f.o" 2>"$tmp/err"; then
    ok "$cc: -Wformat=2 -Wformat-security clean"; else bad "$cc: format warnings"; head -20 "$tmp/err"; fi
done
nonlit=$(grep -n 'OTEL__WARN(\|otel__warn(' otel.h otel_export.h | grep -v '#define OTEL__WARN' | grep -v 'OTEL__WARN("' |
         grep -v 'otel__warn([^,()]*, "' | grep -v 'static void otel__warn(' || true)
[ -z "$nonlit" ] && ok "every warning has a literal format" || { bad "warnings with a non-literal format:"; echo "$nonlit"; }
setters=$(grep -n 'insecure_skip_verify *=' otel_export.h | grep -v 'e->insecure_skip_verify;' || true)
[ -z "$setters" ] && ok "insecure_skip_verify only from the config field" || { bad "insecure_skip_verify set elsewhere:"; echo "$setters"; }
envs=$(grep -n 'getenv("[A-Z_]*INSECURE' otel.h otel_export.h || true)
[ -z "$envs" ] && ok "no environment variable turns verification off" || { bad "an environment variable reads INSECURE:"; echo "$envs"; }
echo "# security-checks: $pass passed, $fail failed"
[ $fail -eq 0 ]
