#!/usr/bin/env bash
# Installs Debian packages the tests need, if a command or path they provide is missing:
#     bash .ci/install.sh COMMAND_OR_PATH PACKAGE [PACKAGE ...]
# e.g. `bash .ci/install.sh go golang-go golang-golang-x-mod-dev`. Exits 0 when the command is on the PATH (or the
# path exists) already or after installing; 1, saying what to install, when it is missing and we are not root.
# Several test processes may ask at once: one apt-get runs at a time (flock), and each re-checks after the lock.
set -euo pipefail

what="$1"; shift
present() { if [[ "$what" == /* ]]; then [ -e "$what" ]; else command -v "$what" >/dev/null 2>&1; fi; }

present && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: '$what' is missing and installing it needs root: apt-get install $*" >&2
  exit 1
fi

exec 9>/tmp/dsc-ci-install.lock
flock 9
present && exit 0
echo "install.sh: installing $* for '$what'" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
present || { echo "install.sh: '$what' is still missing after installing $*" >&2; exit 1; }
