#!/bin/sh
# Installs the Debian packages given as arguments when any is missing. Needs root
# (or passwordless sudo) only when something is actually missing.
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "plateau: installing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else
    echo "plateau: please install:$missing (apt-get install$missing)" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q $missing >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q $missing >/dev/null; } || {
    echo "plateau: could not install:$missing" >&2; exit 1; }
