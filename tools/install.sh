#!/usr/bin/env bash
# tools/install.sh install|uninstall (make install / make uninstall): the two
# headers, otel.pc and otel-core.pc (pkg-config), and the CMake package otelh
# (find_package(otelh CONFIG): otelh::otel, otelh::export).
# Environment: PREFIX (/usr/local), DESTDIR, INCLUDEDIR ($PREFIX/include),
# LIBDIR ($PREFIX/lib). The files are made in a staging directory first and
# the destination checked for writing; a copy that still fails takes back
# what it copied, so a failure leaves no half-installed tree. Every failure
# is one line saying what to do.
set -u
cd "$(dirname "$0")/.."
mode=${1:-install}
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
INCLUDEDIR=${INCLUDEDIR:-$PREFIX/include}
LIBDIR=${LIBDIR:-$PREFIX/lib}
me="make $mode"
die() { echo "$me: $*" >&2; exit 1; }
case "$PREFIX$INCLUDEDIR$LIBDIR" in *[[:space:]]*) die "PREFIX, INCLUDEDIR and LIBDIR must not contain spaces";; esac
case "$PREFIX" in /*) ;; *) die "PREFIX must be an absolute path (got '$PREFIX')";; esac
version=$(sed -n '1s/.*v\([0-9][0-9.]*\).*/\1/p' otel.h)
[ -n "$version" ] || die "no version on otel.h's first line"

# destination path (in DESTDIR) of every installed file, beside its source in the stage
files="$INCLUDEDIR/otel.h $INCLUDEDIR/otel_export.h $LIBDIR/pkgconfig/otel.pc $LIBDIR/pkgconfig/otel-core.pc
$LIBDIR/cmake/otelh/otelhConfig.cmake $LIBDIR/cmake/otelh/otelhConfigVersion.cmake $LIBDIR/cmake/otelh/otelh-targets.cmake"

if [ "$mode" = uninstall ]; then
  for f in $files; do
    [ -e "$DESTDIR$f" ] || continue
    rm -f "$DESTDIR$f" 2>/dev/null || die "cannot remove $DESTDIR$f; run it as root (sudo make uninstall) or with the PREFIX and DESTDIR you installed with"
  done
  rmdir "$DESTDIR$LIBDIR/cmake/otelh" 2>/dev/null || true
  echo "uninstalled otel.h $version from $DESTDIR$PREFIX"
  exit 0
fi
[ "$mode" = install ] || die "usage: tools/install.sh install|uninstall"

# the exporter's libraries must be there for otel.pc and otelh::export to work
if ! printf '#include <pb.h>\n#include <mbedtls/ssl.h>\n' | ${CC:-cc} -E -x c - >/dev/null 2>&1; then
  if command -v dpkg >/dev/null 2>&1; then
    die "the exporter needs nanopb and mbedtls; run: sudo apt-get install -y libnanopb-dev libmbedtls-dev, then make install again"
  fi
  die "the exporter needs the nanopb and mbedtls (2.28 or later) development files; install them, then make install again"
fi

stage=$(mktemp -d) || die "cannot make a staging directory (is TMPDIR writable?)"
copied=""
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage$INCLUDEDIR" "$stage$LIBDIR/pkgconfig" "$stage$LIBDIR/cmake/otelh"
cp otel.h otel_export.h "$stage$INCLUDEDIR/"
libs="-lprotobuf-nanopb -lmbedtls -lmbedx509 -lmbedcrypto -pthread"
pc() { # name description libs
  cat > "$stage$LIBDIR/pkgconfig/$1.pc" <<PC
# $1.pc - otel.h $version: OpenTelemetry for C as single headers (stb style).
# Header-only: the program compiles the implementation (OTEL_IMPLEMENTATION
# in one .c file), so the libraries it needs are in Libs, not Libs.private;
# nanopb and mbedtls ship no pkg-config files on Debian, hence flags.
prefix=$PREFIX
includedir=${INCLUDEDIR/#$PREFIX/\${prefix\}}

Name: $1
Description: $2
Version: $version
Cflags: -I\${includedir}
Libs: $3
PC
}
pc otel "OpenTelemetry for C: the API and core (otel.h) with the OTLP exporter (otel_export.h)" "$libs"
pc otel-core "OpenTelemetry for C: the API and core alone (otel.h; console, file or your own consumer)" "-pthread"
rel=$(realpath -m --relative-to="$LIBDIR/cmake/otelh" "$INCLUDEDIR")
sed "s|@REL_INCLUDE@|$rel|" cmake/otelhConfig.cmake.in > "$stage$LIBDIR/cmake/otelh/otelhConfig.cmake"
sed -e "s|@VERSION@|$version|g" -e "s|@VERSION_MAJOR@|${version%%.*}|g" \
    -e "s|@VERSION_MINOR@|$(echo "$version" | cut -d. -f2)|g" \
    cmake/otelhConfigVersion.cmake.in > "$stage$LIBDIR/cmake/otelh/otelhConfigVersion.cmake"
cp cmake/otelh-targets.cmake "$stage$LIBDIR/cmake/otelh/"

# can every destination directory be made and written? (the nearest existing
# ancestor of each must be writable)
for d in "$INCLUDEDIR" "$LIBDIR/pkgconfig" "$LIBDIR/cmake/otelh"; do
  a="$DESTDIR$d"
  while [ ! -e "$a" ]; do a=$(dirname "$a"); done
  if [ ! -d "$a" ] || [ ! -w "$a" ]; then
    die "cannot write to $DESTDIR$d ($a is not a writable directory); run it as root (sudo make install) or choose another PREFIX, e.g. make install PREFIX=\$HOME/.local"
  fi
done
undo() { for f in $copied; do rm -f "$DESTDIR$f"; done; rmdir "$DESTDIR$LIBDIR/cmake/otelh" 2>/dev/null; }
for f in $files; do
  if ! { mkdir -p "$(dirname "$DESTDIR$f")" && cp "$stage$f" "$DESTDIR$f.tmp$$" && chmod 644 "$DESTDIR$f.tmp$$" &&
         mv -f "$DESTDIR$f.tmp$$" "$DESTDIR$f"; } 2>/dev/null; then
    rm -f "$DESTDIR$f.tmp$$"; undo
    die "could not write $DESTDIR$f (nothing was installed); check the space and permissions there"
  fi
  copied="$copied $f"
done
echo "installed otel.h $version in $DESTDIR$PREFIX: $INCLUDEDIR/otel.h, otel_export.h; $LIBDIR/pkgconfig/otel.pc, otel-core.pc; $LIBDIR/cmake/otelh"
