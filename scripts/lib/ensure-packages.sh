# Sourced by scripts/release.sh and scripts/windows-smoke.sh (and .ci/run through them).
#
# ensure_packages COMMAND:DEBIAN-PACKAGE ... installs, with apt-get, the packages whose command is
# missing: apt-get update at most once per run, then one apt-get install for all of them. It waits
# for another apt-get that holds the lock instead of failing.
_apt_updated=${_apt_updated:-0}
ensure_packages() {
  local want=() pair cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*}
    pkg=${pair#*:}
    if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "$cmd" ]; then
      want+=("$pkg")
    fi
  done
  [ ${#want[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing: ${want[*]}; install these packages (Debian names) and run again" >&2
    return 1
  fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "== installing ${want[*]}"
  if [ "$_apt_updated" = 0 ]; then
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 \
    install -y -qq "${want[@]}" >/dev/null
}
