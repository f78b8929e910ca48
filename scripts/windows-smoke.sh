#!/usr/bin/env bash
# Smoke test of the Windows binary under Wine, headless, before a release is published
# (SPEC §5.5). Every command runs in a throwaway Wine prefix in a temporary folder.
#
# Usage: scripts/windows-smoke.sh [CRIMEPROOF.EXE [LINUX-BINARY]]
#        scripts/windows-smoke.sh --build        (what .ci/run does)
#   CRIMEPROOF.EXE  default: target/x86_64-pc-windows-gnu/release/crimeproof.exe
#   LINUX-BINARY    when given, `list` must print exactly the same bytes on both
#   --build         first cross-build the release .exe (adds the Rust target when missing)
#
# Installs Wine (Debian's wine64) and the mingw-w64 compiler when they are missing. Debian's Wine 8
# lacks bcryptprimitives.dll, which Rust's standard library needs on Windows; the stub in
# scripts/wine/ is built here and copied beside the .exe in the TEST folder only. It is never
# shipped: scripts/release.sh refuses a dist/ that contains it.
#
# Exits non-zero with a message naming the failed check.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/ensure-packages.sh
source "$ROOT/scripts/lib/ensure-packages.sh"
if [ "${1:-}" = --build ]; then
  shift
  ensure_packages x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64
  rustup target list --installed | grep -qx x86_64-pc-windows-gnu ||
    rustup target add x86_64-pc-windows-gnu
  build_start=$(date +%s)
  (cd "$ROOT" && CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    cargo build --release --locked --target x86_64-pc-windows-gnu)
  echo "== built crimeproof.exe in $(( $(date +%s) - build_start )) s"
fi
EXE=${1:-$ROOT/target/x86_64-pc-windows-gnu/release/crimeproof.exe}
LINUX_BIN=${2:-}
[ -f "$EXE" ] || { echo "smoke: no such file: $EXE (build it: scripts/release.sh)" >&2; exit 1; }
EXE=$(cd "$(dirname "$EXE")" && pwd)/$(basename "$EXE")
[ -z "$LINUX_BIN" ] || LINUX_BIN=$(cd "$(dirname "$LINUX_BIN")" && pwd)/$(basename "$LINUX_BIN")

started=$(date +%s)
ensure_packages /usr/lib/wine/wine64:wine64 x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 \
  script:bsdutils
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crimeproof-smoke.XXXXXX")
export WINEPREFIX=$WORK/prefix WINEDEBUG=-all WINEARCH=win64
# Headless: no display, and no offer to install Mono or Gecko.
export WINEDLLOVERRIDES="mscoree=;mshtml=" DISPLAY=
# Messages in Swedish, whatever the calling shell says; a UTF-8 locale for Wine's console.
unset CRIMEPROOF_LANG CRIMEPROOF_CHECKLISTS CRIMEPROOF_MUNICIPALITY
export LANG=C.UTF-8 LC_ALL=C.UTF-8
cleanup() {
  "$WINESERVER" -k >/dev/null 2>&1 || true
  if [ -n "${SMOKE_KEEP:-}" ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

failures=0
pass() { echo "  ok    $*"; }
fail() {
  echo "  FAIL  $*" >&2
  failures=$((failures + 1))
}
die() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}

# The Windows form of a path under $WORK: Wine maps the Unix root to drive Z:.
winpath() { local p=${1//\//\\}; echo "Z:$p"; }

# --- the test folder: the exe plus test-only helpers ------------------------------------------------
T=$WORK/test
mkdir -p "$T"
cp "$EXE" "$T/crimeproof.exe"
x86_64-w64-mingw32-gcc -O2 -s -shared -o "$T/bcryptprimitives.dll" \
  "$ROOT/scripts/wine/bcryptprimitives.c" "$ROOT/scripts/wine/bcryptprimitives.def" -ladvapi32 ||
  die "cannot build the bcryptprimitives stub"
x86_64-w64-mingw32-gcc -O2 -s -municode -o "$T/hold.exe" "$ROOT/scripts/wine/hold.c" ||
  die "cannot build hold.exe"

echo "== Wine prefix (wineboot)"
boot_start=$(date +%s)
"$WINE" wineboot --init >/dev/null 2>&1 || die "wineboot failed"
"$WINESERVER" -w
echo "   $(( $(date +%s) - boot_start )) s"

# run NAME EXPECTED-EXIT-CODE ARGS... : runs crimeproof.exe in $T with stdin from $STDIN (default
# empty); stdout and stderr land in $T/NAME.out and $T/NAME.err.
STDIN=/dev/null
run() {
  local name=$1 want=$2 code=0
  shift 2
  (cd "$T" && "$WINE" "$T/crimeproof.exe" "$@" <"$STDIN" >"$T/$name.out" 2>"$T/$name.err") || code=$?
  STDIN=/dev/null
  if [ "$code" != "$want" ]; then
    fail "$name: exit code $code, expected $want (crimeproof.exe $*)"
    sed 's/^/        | /' "$T/$name.err" | head -20 >&2
    return 1
  fi
}
has() { # has NAME FILE TEXT : FILE contains TEXT, compared as bytes
  if LC_ALL=C grep -qF -- "$3" "$2"; then pass "$1"; else
    fail "$1: $(basename "$2") lacks '$3'"
    head -20 "$2" | sed 's/^/        | /' >&2
  fi
}

echo "== checks"
W=$(winpath "$T")
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)

# 1. --version: name and version.
if run version 0 --version; then
  if [ "$(tr -d '\r' <"$T/version.out")" = "crimeproof $VERSION" ]; then pass "--version"; else
    fail "--version printed '$(cat "$T/version.out")', expected 'crimeproof $VERSION'"
  fi
fi

# 2. list: Swedish letters as UTF-8 bytes (å = c3 a5, ä = c3 a4, ö = c3 b6), nothing replaced.
if run list 0 list; then
  has "list: å" "$T/list.out" $'Ekonomiskt bist\xc3\xa5nd'
  has "list: ä/ö" "$T/list.out" $'F\xc3\xb6reningsbidrag'
  if LC_ALL=C grep -q $'\xef\xbf\xbd' "$T/list.out"; then fail "list: contains U+FFFD"; fi
  if [ -n "$LINUX_BIN" ]; then
    (cd "$WORK" && env -i PATH=/usr/bin:/bin "$LINUX_BIN" list >"$T/list.linux")
    # The hint at the end names the program as it was started; that path differs by platform.
    lin=$(<"$T/list.linux") win=$(<"$T/list.out")
    if [ "${lin//"$LINUX_BIN"/PROGRAM}" = "${win//"$W\\crimeproof.exe"/PROGRAM}" ]; then
      pass "list: same bytes as the Linux binary"
    else
      fail "list: output differs from the Linux binary"
      diff <(od -c "$T/list.linux") <(od -c "$T/list.out") | head -20 >&2
    fi
  fi
fi

# 3. Swedish text in a real (Wine) console: std writes UTF-16 there, Wine turns it into the
# terminal's UTF-8. A pseudo-terminal from `script` gives the program a console.
script -qec "'$WINE' '$T/crimeproof.exe' list" /dev/null </dev/null >"$T/console.out" 2>&1 || true
has "list in a console: å" "$T/console.out" $'Ekonomiskt bist\xc3\xa5nd'

# 4. no arguments from a shell or script: clap's usage, exit code 2 (not the Explorer text).
if run noargs 2; then has "no arguments: usage in Swedish, exit 2" "$T/noargs.err" "Användning:"; fi

# 4b. no arguments as the only process on its console, as when double-clicked in Explorer: the
# Swedish explanation, and the window stays until Enter (sent here after 3 s).
dc_start=$(date +%s)
(sleep 3; printf '\r') | timeout 60 script -qec "'$WINE' '$T/crimeproof.exe'" /dev/null \
  >"$T/doubleclick.out" 2>&1 || fail "double-click: exit code $? (timeout: it did not end on Enter)"
dc_secs=$(( $(date +%s) - dc_start ))
has "double-click: explanation" "$T/doubleclick.out" "Tryck Enter för att stänga fönstret."
has "double-click: PowerShell command" "$T/doubleclick.out" 'crimeproof.exe assess ekonomiskt-bistand'
if [ "$dc_secs" -ge 3 ]; then pass "double-click: waits for Enter"; else
  fail "double-click: ended after $dc_secs s, before Enter was pressed"; fi

# 5. check on the bundled set.
if run check-bundled 0 check; then pass "check (bundled set)"; fi

# 6. init into a folder given with backslashes and a drive letter; then a checklist with CRLF
# line ends and a byte-order mark, as Notepad or Excel on Windows may leave it.
if run init 0 init "$W\\kit"; then
  if [ -f "$T/kit/ekonomiskt-bistand.yaml" ] && [ -f "$T/kit/matrix.yaml" ]; then
    pass "init $W\\kit"
  else fail "init wrote no checklists to $T/kit"; fi
fi
if [ -f "$T/kit/ekonomiskt-bistand.yaml" ]; then
  f=$T/kit/ekonomiskt-bistand.yaml
  { printf '\xef\xbb\xbf'; sed 's/$/\r/' "$f"; } >"$f.new" && mv "$f.new" "$f"
  f=$T/kit/hr.yaml
  [ -f "$f" ] && { sed 's/$/\r/' "$f" >"$f.new" && mv "$f.new" "$f"; }
  if LC_ALL=C grep -q $'\r$' "$T/kit/ekonomiskt-bistand.yaml"; then :; else fail "CRLF conversion"; fi
  if run check-crlf 0 --checklists "$W\\kit" check; then pass "check: CRLF and BOM checklists"; fi
  if run list-crlf 0 --checklists "$W\\kit" list; then
    has "list: CRLF and BOM checklist" "$T/list-crlf.out" $'Ekonomiskt bist\xc3\xa5nd'
  fi
fi

# 7. assess --plain with scripted answers (two answers with comments, one skip, then q), saved to
# a path with backslashes; check must accept the file.
printf '%s\n' "Försörjningsstöd Ö" "Åsa Öberg" 1 "Kontroll görs alltid." 2 "" - q >"$T/answers.txt"
mkdir -p "$T/svar" "$T/ut"
STDIN=$T/answers.txt
if run assess 0 assess ekonomiskt-bistand --plain -o "$W\\svar\\bistand.yaml"; then
  if [ -f "$T/svar/bistand.yaml" ]; then
    pass "assess --plain -o $W\\svar\\bistand.yaml"
    has "assess: unit with å/ö saved" "$T/svar/bistand.yaml" $'F\xc3\xb6rs\xc3\xb6rjningsst\xc3\xb6d \xc3\x96'
    has "assess: comment saved" "$T/svar/bistand.yaml" "Kontroll görs alltid."
    has "assess: says it is not complete" "$T/assess.out" "inte klar"
  else fail "assess wrote no file at $T/svar/bistand.yaml"; fi
  if ls -a "$T/svar" | grep -q '\.tmp$'; then fail "assess left a temporary file"; fi
fi
if [ -f "$T/svar/bistand.yaml" ]; then
  if run check-assessment 0 check "$W\\svar\\bistand.yaml"; then pass "check accepts the assessment"; fi

  # 8. reports and export, output paths with backslashes and a drive letter.
  if run report-html 0 report "$W\\svar\\bistand.yaml" -o "$W\\ut\\rapport.html"; then
    has "report -o ...\\rapport.html" "$T/ut/rapport.html" "<!DOCTYPE html>"
    has "report HTML: Swedish text" "$T/ut/rapport.html" $'F\xc3\xb6rs\xc3\xb6rjningsst\xc3\xb6d'
  fi
  if run report-md 0 report "$W\\svar\\bistand.yaml" -o "$W\\ut\\rapport.md"; then
    has "report -o ...\\rapport.md" "$T/ut/rapport.md" "# "
    has "report Markdown: Swedish text" "$T/ut/rapport.md" $'F\xc3\xb6rs\xc3\xb6rjningsst\xc3\xb6d'
  fi
  if run report-stdout 0 report "$W\\svar\\bistand.yaml" --format md; then
    if cmp -s "$T/report-stdout.out" "$T/ut/rapport.md"; then pass "report to stdout = report to file"
    else fail "report to stdout differs from the file"; fi
  fi
  if run export 0 export "$W\\svar\\bistand.yaml" -o "$W\\ut\\svar.csv"; then
    if [ "$(head -c 3 "$T/ut/svar.csv" | od -An -tx1 | tr -d ' \n')" = efbbbf ]; then
      pass "export -o ...\\svar.csv (BOM for Excel)"
    else fail "export: the CSV does not start with a byte-order mark"; fi
    has "export: ;-separated" "$T/ut/svar.csv" ";"
  fi

  # 9. a file open in another program (as in Excel) cannot be replaced: the message says so.
  printf 'x\n' >"$T/ut/oppen.csv"
  rm -f "$T/release"
  "$WINE" "$T/hold.exe" "$W\\ut\\oppen.csv" "$W\\release" >"$T/hold.out" 2>&1 &
  hold_pid=$!
  for _ in $(seq 100); do grep -q held "$T/hold.out" 2>/dev/null && break; sleep 0.2; done
  if grep -q held "$T/hold.out"; then
    if run held 1 export "$W\\svar\\bistand.yaml" -o "$W\\ut\\oppen.csv"; then
      has "file held open: message" "$T/held.err" "används av ett annat program (till exempel Excel)"
      has "file held open: path as given" "$T/held.err" "$W\\ut\\oppen.csv"
      sed 's/^/        > /' "$T/held.err"
    fi
    [ "$(cat "$T/ut/oppen.csv")" = x ] || fail "file held open: it was changed"
  else
    fail "hold.exe did not open the file: $(cat "$T/hold.out")"
  fi
  touch "$T/release"
  wait "$hold_pid" 2>/dev/null || true
fi

# 10. an error names a Windows path as the user gave it, backslashes and drive letter kept.
if run missing 1 check "$W\\finns-inte\\svar.yaml"; then
  cat "$T/missing.out" "$T/missing.err" >"$T/missing.all"
  has "error message names $W\\finns-inte\\svar.yaml" "$T/missing.all" "$W\\finns-inte\\svar.yaml"
fi
if run missing-dir 1 report "$W\\svar\\bistand.yaml" -o "Q:\\finns-inte\\rapport.html"; then
  has "error for an output on a missing drive" "$T/missing-dir.err" "Q:\\finns-inte"
fi

# 11. the browser form (SPEC §5.4): written to a drive-letter path, the unit with å/ö as UTF-8,
# the same bytes as the Linux binary writes, and pre-filled from an assessment given by a Windows
# path.
if run form 0 form ekonomiskt-bistand --unit $'Försörjningsstöd Ö' -o "$W\\ut\\formular.html"; then
  has "form -o ...\\formular.html" "$T/ut/formular.html" "Content-Security-Policy"
  has "form: unit with å/ö" "$T/ut/formular.html" $'F\xc3\xb6rs\xc3\xb6rjningsst\xc3\xb6d \xc3\x96'
  if [ -n "$LINUX_BIN" ]; then
    (cd "$WORK" && env -i PATH=/usr/bin:/bin "$LINUX_BIN" form ekonomiskt-bistand \
      --unit $'Försörjningsstöd Ö' -o "$T/formular.linux.html" >/dev/null)
    if cmp -s "$T/ut/formular.html" "$T/formular.linux.html"; then
      pass "form: same bytes as the Linux binary"
    else fail "form: differs from the Linux binary's form"; fi
  fi
fi
if [ -f "$T/svar/bistand.yaml" ] &&
  run form-from 0 form ekonomiskt-bistand --from "$W\\svar\\bistand.yaml" -o "$W\\ut\\forra.html"; then
  has "form --from ...\\bistand.yaml: the earlier comment is in the form" "$T/ut/forra.html" "Kontroll görs alltid."
fi

echo "== smoke test took $(( $(date +%s) - started )) s (Wine prefix included)"
if [ "$failures" -gt 0 ]; then
  die "$failures check(s) failed for $EXE"
fi
echo "smoke: all checks passed for $EXE"
