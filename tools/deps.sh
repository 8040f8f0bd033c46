#!/usr/bin/env bash
# tools/deps.sh demo|check|test [--list]: make sure the Debian packages a goal
# needs (tools/deps.txt, the one list) are installed. As root, installs the
# missing ones with apt-get; otherwise stops with the one command to run.
# --list prints the goal's packages and exits. DEPS=skip: check nothing.
set -eu
cd "$(dirname "$0")/.."
goal=${1:-test}
case "$goal" in
  demo) want=" demo " ;;
  check) want=" demo check " ;;
  test) want=" demo check test " ;;
  *) echo "usage: tools/deps.sh demo|check|test [--list]" >&2; exit 2 ;;
esac
# package [command] for every line of the goal
list=$(awk -v want="$want" '!/^#/ && NF >= 2 && index(want, " " $2 " ") { print $1, $3 }' tools/deps.txt)
if [ "${2:-}" = "--list" ]; then printf '%s\n' "$list" | awk '{print $1}' | tr '\n' ' '; echo; exit 0; fi
# The TLS tests connect to https://localhost (their certificates name it).
# A root without /etc/hosts (a bare container) resolves no localhost: as
# root it gets the standard entries; otherwise the goal says what to add.
if [ "$goal" != demo ] && ! getent hosts localhost >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && [ ! -e /etc/hosts ]; then
    printf '127.0.0.1\tlocalhost\n::1\tip6-localhost ip6-loopback\n' >/etc/hosts
    echo "make $goal: no /etc/hosts: wrote the standard localhost entries (the TLS tests connect to https://localhost)" >&2
  else
    echo "make $goal: the name localhost does not resolve; the TLS tests need it (add '127.0.0.1 localhost' to /etc/hosts)" >&2
  fi
fi
[ "${DEPS:-}" = skip ] && exit 0
if ! command -v dpkg >/dev/null 2>&1; then
  # not Debian: nothing to ask; the build says what is missing, if anything is
  exit 0
fi
missing=""
while read -r pkg cmd; do
  [ -n "$pkg" ] || continue
  if [ -n "$cmd" ]; then command -v "$cmd" >/dev/null 2>&1 && continue; fi
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done <<< "$list"
[ -z "$missing" ] && exit 0
missing=${missing# }
if [ "$(id -u)" != 0 ]; then
  echo "make $goal: missing Debian packages; run: sudo apt-get install -y --no-install-recommends $missing" >&2
  exit 1
fi
echo "make $goal: installing $missing" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >/tmp/otel-deps.$$ 2>&1; then
  tail -n 20 /tmp/otel-deps.$$ >&2; rm -f /tmp/otel-deps.$$
  echo "make $goal: apt-get could not install $missing; install them, then run make $goal again" >&2
  exit 1
fi
rm -f /tmp/otel-deps.$$
