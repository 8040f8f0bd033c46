#!/usr/bin/env bash
# tests/install_test.sh - make install into a temporary DESTDIR, then small
# programs built against the installed tree the ways a user would:
#  - pkg-config: otel-core (the core, pthreads only) and otel (the exporter);
#    -DOTEL_DISABLED with the include flags alone and no library at all;
#  - CMake: find_package(otelh CONFIG) with otelh::otel and otelh::export,
#    and the source tree through add_subdirectory and FetchContent;
#  - bad input: an unwritable prefix, as another user, and a prefix under a
#    file: one line, nothing installed; make uninstall removes everything.
# Each program runs and must print or export its span. Needs pkg-config,
# cmake (tools/deps.txt). Ends with "# install: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
top=$PWD
unset MAKEFLAGS MFLAGS MAKELEVEL   # the make calls below are ours, not the outer make's
CC=${CC:-cc}
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
D=$tmp/dest; P=/opt/otelh
run() { "$@" >"$tmp/log" 2>&1 || { sed 's/^/    /' "$tmp/log" | tail -n 15; return 1; }; }

cat > "$tmp/core.c" <<'C'
#define OTEL_IMPLEMENTATION
#include <otel.h>
int main(void) {
    otel_init(NULL);
    otel_span *s = otel_span_begin("installed core", OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_int(s, "answer", 42);
    otel_span_end(s);
    return otel_shutdown(2000);
}
C
sed 's/#include <otel.h>/#include <otel_export.h>/; s/installed core/installed export/' "$tmp/core.c" > "$tmp/export.c"
# check NAME BINARY: the core prints its span on the console, the exporter writes it as OTLP JSON
check_core() {
  if OTEL_TRACES_EXPORTER=console "$2" 2>&1 | grep -q 'installed core'; then ok "$1"; else bad "$1: no span printed"; fi
}
check_export() {
  rm -f "$tmp/out.jsonl"
  if OTEL_TRACES_EXPORTER=file OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_H_EXPORTER_FILE="$tmp/out.jsonl" "$2" &&
     grep -q '"installed export"' "$tmp/out.jsonl" 2>/dev/null; then ok "$1"; else bad "$1: the span was not exported"; fi
}

if run make -s install PREFIX=$P DESTDIR="$D"; then ok "make install into a DESTDIR"; else bad "make install into a DESTDIR"; fi
for f in include/otel.h include/otel_export.h lib/pkgconfig/otel.pc lib/pkgconfig/otel-core.pc lib/cmake/otelh/otelhConfig.cmake; do
  [ -f "$D$P/$f" ] || bad "$f not installed"
done
cmp -s otel.h "$D$P/include/otel.h" && cmp -s otel_export.h "$D$P/include/otel_export.h" && ok "headers installed as they are" || bad "installed headers differ"

# pkg-config, with the tree seen through a sysroot as it would be once unpacked in /
export PKG_CONFIG_PATH="$D$P/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
if [ "$(pkg-config --modversion otel)" = "$(sed -n '1s/.*v\([0-9][0-9.]*\).*/\1/p' otel.h)" ]; then ok "pkg-config: otel's version"; else bad "pkg-config: otel's version"; fi
if ! pkg-config --libs otel-core | grep -q 'mbedtls\|nanopb'; then ok "pkg-config: otel-core needs neither nanopb nor mbedtls"; else bad "otel-core lists the exporter's libraries"; fi
if run $CC -std=c11 -Wall -Werror "$tmp/core.c" -o "$tmp/pc_core" $(pkg-config --cflags --libs otel-core); then check_core "pkg-config otel-core: builds and runs" "$tmp/pc_core"; else bad "pkg-config otel-core: build"; fi
if run $CC -std=c11 -Wall -Werror "$tmp/export.c" -o "$tmp/pc_export" $(pkg-config --cflags --libs otel); then check_export "pkg-config otel: builds, runs, exports" "$tmp/pc_export"; else bad "pkg-config otel: build"; fi
for h in core export; do
  if run $CC -std=c11 -Wall -Werror -DOTEL_DISABLED "$tmp/$h.c" -o "$tmp/pc_off_$h" $(pkg-config --cflags otel) && "$tmp/pc_off_$h" &&
     ! nm "$tmp/pc_off_$h" | grep -qi 'otel\|pthread_create\|mbedtls\|pb_encode'; then
    ok "-DOTEL_DISABLED ($h): include flags only, no library, no otel symbol"
  else bad "-DOTEL_DISABLED ($h) with no library"; fi
done
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# CMake: the installed package, then the source tree
cat > "$tmp/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.13)
project(consumer C)
if(MODE STREQUAL "package")
  find_package(otelh 0.1 CONFIG REQUIRED COMPONENTS otel export)
elseif(MODE STREQUAL "subdirectory")
  add_subdirectory(${OTELH_SOURCE} otelh)
else()
  include(FetchContent)
  FetchContent_Declare(otelh SOURCE_DIR ${OTELH_SOURCE})
  FetchContent_MakeAvailable(otelh)
endif()
add_executable(core core.c)
target_link_libraries(core PRIVATE otelh::otel)
add_executable(export export.c)
target_link_libraries(export PRIVATE otelh::export)
add_executable(off core.c)
target_compile_definitions(off PRIVATE OTEL_DISABLED)
target_include_directories(off PRIVATE $<TARGET_PROPERTY:otelh::otel,INTERFACE_INCLUDE_DIRECTORIES>)
CM
for mode in package subdirectory fetchcontent; do
  b=$tmp/build-$mode
  if run cmake -S "$tmp" -B "$b" -DMODE=$mode -DOTELH_SOURCE="$top" -DCMAKE_PREFIX_PATH="$D$P" -DCMAKE_C_COMPILER="$CC" &&
     run cmake --build "$b" -j2; then
    check_core "cmake $mode: otelh::otel builds and runs" "$b/core"
    check_export "cmake $mode: otelh::export builds, runs, exports" "$b/export"
    if "$b/off" && ! nm "$b/off" | grep -qi 'otel\|pthread_create'; then ok "cmake $mode: -DOTEL_DISABLED with no library"; else bad "cmake $mode: -DOTEL_DISABLED"; fi
  else bad "cmake $mode: configure and build"; fi
done
# bad input: nothing half-installed, one line saying what to do
mkdir -p "$tmp/file_parent" && : > "$tmp/file_parent/f"
out=$(make -s install PREFIX=/opt/x DESTDIR="$tmp/file_parent/f" 2>&1); rc=$?
if [ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | grep -c .)" -le 2 ] && printf '%s' "$out" | grep -q 'cannot write' &&
   [ -z "$(find "$tmp/file_parent" -mindepth 1 ! -name f)" ]; then ok "a prefix under a file: one line, nothing installed"
else bad "a prefix under a file (rc $rc): $out"; fi
# a compiler that cannot see nanopb and mbedtls (as on a machine without them)
out=$(make -s install PREFIX=$P DESTDIR="$tmp/nodeps" CC="$CC -nostdinc" 2>&1); rc=$?
if [ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | grep -c .)" -le 2 ] && printf '%s' "$out" | grep -q 'needs nanopb and mbedtls' && [ ! -e "$tmp/nodeps" ]; then
  ok "nanopb and mbedtls missing: one line naming them, nothing installed"
else bad "missing dependencies (rc $rc): $out"; fi
# as another user (nobody), when this machine lets that user run programs at all
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
  mkdir -p "$tmp/ro" && chmod 755 "$tmp/ro" "$tmp" && mkdir -p "$tmp/src" &&
    cp -r Makefile otel.h otel_export.h tools cmake "$tmp/src/" && chmod -R a+rX "$tmp/src"
  out=$(cd "$tmp/src" && setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/nonexistent TMPDIR=/tmp make -s install PREFIX=/usr/local DESTDIR="$tmp/ro" 2>&1); rc=$?
  if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q 'sudo make install' && [ -z "$(ls -A "$tmp/ro")" ]; then
    ok "another user, unwritable prefix: says to run as root or choose a PREFIX; nothing installed"
  else bad "unwritable prefix (rc $rc): $out"; fi
fi

if run make -s uninstall PREFIX=$P DESTDIR="$D" && [ -z "$(find "$D" -type f)" ] && [ ! -d "$D$P/lib/cmake/otelh" ]; then
  ok "make uninstall removes every file"; else bad "make uninstall left: $(find "$D" -type f)"; fi
echo "# install: $pass passed, $fail failed"
[ $fail -eq 0 ]
