#!/usr/bin/env bash
# Builds the release into dist/ (git-ignored):
#
#   dist/crimeproof                              Linux x86_64, static (musl): runs on any distribution
#   dist/crimeproof.exe                          Windows x86_64 (10 and 11)
#   dist/README.md, dist/LICENSE
#   dist/crimeproof-VERSION-x86_64-linux.tar.gz  binary + README + LICENSE
#   dist/crimeproof-VERSION-x86_64-windows.zip   crimeproof.exe + README + LICENSE
#   dist/SHA256SUMS                              sha256sum -c SHA256SUMS / Get-FileHash on Windows
#
# Before anything is left in dist/, the Windows binary passes scripts/windows-smoke.sh under Wine
# and the Linux binary runs with an empty environment from a folder outside the repository.
# On a fresh Debian machine with Rust (rustup) it installs what it lacks: the mingw-w64 linker,
# musl-tools, zip, Wine, and the two Rust targets.
#
# Usage: scripts/release.sh [--skip-smoke]     (--skip-smoke: only for trying the build itself)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SMOKE=1
for arg in "$@"; do
  case $arg in
    --skip-smoke) SMOKE=0 ;;
    *) echo "usage: scripts/release.sh [--skip-smoke]" >&2; exit 2 ;;
  esac
done

fail() { echo "release: FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

LINUX_TARGET=x86_64-unknown-linux-musl
WINDOWS_TARGET=x86_64-pc-windows-gnu

# --- what the build needs ------------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || fail "cargo is missing: install Rust with rustup first"
command -v rustup >/dev/null 2>&1 || fail "rustup is missing: the cross targets are added with rustup"

# shellcheck source=scripts/lib/ensure-packages.sh
source "$ROOT/scripts/lib/ensure-packages.sh"
ensure_packages x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 musl-gcc:musl-tools zip:zip \
  sha256sum:coreutils

installed_targets=$(rustup target list --installed)
for t in "$LINUX_TARGET" "$WINDOWS_TARGET"; do
  if ! grep -qx "$t" <<<"$installed_targets"; then
    step "rustup target add $t"
    rustup target add "$t"
  fi
done

# The linker for Windows is also in .cargo/config.toml; the environment makes this script work
# even when it is run from somewhere that config does not reach.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_unknown_linux_musl=musl-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export CARGO_TERM_COLOR=never
# Archives and binaries carry the time of the last commit, not of the build.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

VERSION=$(cargo metadata --no-deps --format-version 1 --locked |
  sed -n 's/.*"name":"crimeproof","version":"\([^"]*\)".*/\1/p')
[ -n "$VERSION" ] || fail "cannot read the package version from Cargo.toml"

# --- build -----------------------------------------------------------------------------------------
build() {
  local target=$1 start end
  step "cargo build --release --locked --target $target"
  start=$(date +%s)
  cargo build --release --locked --target "$target"
  end=$(date +%s)
  echo "   built $target in $((end - start)) s"
}
build "$LINUX_TARGET"
build "$WINDOWS_TARGET"
LINUX_BIN=target/$LINUX_TARGET/release/crimeproof
WINDOWS_BIN=target/$WINDOWS_TARGET/release/crimeproof.exe

# --- checks before publishing ----------------------------------------------------------------------
step "Linux binary: static, runs without Rust and with an empty environment"
ldd_out=$(ldd "$LINUX_BIN" 2>&1 || true)
echo "   ldd: $ldd_out"
case $ldd_out in
  *"not a dynamic executable"* | *"statically linked"*) ;;
  *) fail "$LINUX_BIN is dynamically linked; the release must be the static musl build" ;;
esac
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$LINUX_BIN" "$scratch/crimeproof"
(
  cd "$scratch"
  out=$(env -i PATH=/usr/bin:/bin ./crimeproof --version) || fail "--version failed: $out"
  [ "$out" = "crimeproof $VERSION" ] || fail "--version printed '$out', expected 'crimeproof $VERSION'"
  env -i PATH=/usr/bin:/bin ./crimeproof list >list.txt || fail "list failed"
  grep -q "Ekonomiskt bistånd" list.txt || fail "list does not show 'Ekonomiskt bistånd'"
  env -i PATH=/usr/bin:/bin ./crimeproof check >/dev/null 2>&1 || fail "check of the bundled set failed"
)
echo "   ok: $(cd "$scratch" && env -i PATH=/usr/bin:/bin ./crimeproof --version)"

if [ "$SMOKE" = 1 ]; then
  step "Windows binary: smoke test under Wine"
  bash scripts/windows-smoke.sh "$WINDOWS_BIN" "$LINUX_BIN"
else
  echo "== WARNING: --skip-smoke: the Windows binary has NOT been tested; do not publish this dist/"
fi

# --- dist/ -----------------------------------------------------------------------------------------
step "dist/"
rm -rf dist
mkdir -p dist
cp "$LINUX_BIN" dist/crimeproof
cp "$WINDOWS_BIN" dist/crimeproof.exe
cp README.md LICENSE dist/
chmod 0755 dist/crimeproof dist/crimeproof.exe
chmod 0644 dist/README.md dist/LICENSE
touch -d "@$SOURCE_DATE_EPOCH" dist/*

linux_dir=crimeproof-$VERSION-x86_64-linux
windows_dir=crimeproof-$VERSION-x86_64-windows
stage=$scratch/stage
mkdir -p "$stage/$linux_dir" "$stage/$windows_dir"
cp -p dist/crimeproof dist/README.md dist/LICENSE "$stage/$linux_dir/"
cp -p dist/crimeproof.exe dist/README.md dist/LICENSE "$stage/$windows_dir/"
touch -d "@$SOURCE_DATE_EPOCH" "$stage/$linux_dir" "$stage/$windows_dir"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$stage" -czf "dist/$linux_dir.tar.gz" "$linux_dir"
(cd "$stage" && TZ=UTC zip -q -X -r "$ROOT/dist/$windows_dir.zip" "$windows_dir")

# Test-only files (the Wine stub DLL) must never be published.
forbidden='bcryptprimitives|hold\.exe|\.dll$'
if find dist -type f | grep -Eiq "$forbidden" ||
  tar -tzf "dist/$linux_dir.tar.gz" | grep -Eiq "$forbidden" ||
  zip -sf "dist/$windows_dir.zip" | grep -Eiq "$forbidden"; then
  fail "a test-only file (the Wine stub DLL?) ended up in dist/; nothing may be published"
fi

(cd dist && sha256sum crimeproof crimeproof.exe "$linux_dir.tar.gz" "$windows_dir.zip" \
  README.md LICENSE >SHA256SUMS && sha256sum --quiet -c SHA256SUMS) ||
  fail "SHA256SUMS does not verify"

step "done: dist/ for crimeproof $VERSION"
ls -l dist
cat dist/SHA256SUMS
