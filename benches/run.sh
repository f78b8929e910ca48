#!/usr/bin/env bash
# Benchmarks of crimeproof at municipal scale. Not part of CI (timings belong in a benchmark, not
# in a test); run it by hand and copy the table into docs/benchmarks.md:
#
#     bash benches/run.sh            # 1 000 and 10 000 assessments
#     bash benches/run.sh 500        # other sizes
#     CRIMEPROOF_BENCH_BIN=/path/to/old/crimeproof bash benches/run.sh 10000
#                                    # another build of crimeproof (a baseline) in the same setting
#
# Needs GNU time (/usr/bin/time, Debian package `time`) for wall-clock time and peak memory, and
# Python 3 with venv: the Python yardstick (benches/peer/sector_report.py, PyYAML's C loader and
# Jinja2 from PyPI, installed into target/bench-venv) runs beside the sector report.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("${@:-1000 10000}")
[[ $# -gt 0 ]] || sizes=(1000 10000)
[[ -x /usr/bin/time ]] || { echo "install GNU time: apt-get install time" >&2; exit 1; }

cargo build --release --quiet --bin crimeproof --example generate
bin=${CRIMEPROOF_BENCH_BIN:-target/release/crimeproof}
gen=target/release/examples/generate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

venv=target/bench-venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'PyYAML==6.0.3' 'Jinja2==3.1.6'
fi
"$venv/bin/python" -c 'import yaml; assert yaml.__with_libyaml__, "PyYAML without its C loader"'
"$bin" init "$work/set" >/dev/null

# Runs a command N times and prints the median wall time (ms) and the largest peak RSS (MB).
measure() {
  local label=$1 runs=$2; shift 2
  local times=() peak=0
  for _ in $(seq "$runs"); do
    local t0 t1 kb
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    t1=$(date +%s%N)
    kb=$(tail -n 1 "$work/t")
    times+=("$(( (t1 - t0) / 1000000 ))")
    (( kb > peak )) && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  printf '| %s | %s ms | %s MB |\n' "$label" "$median" "$(( peak / 1024 ))"
}

# A shared machine makes every figure slower: the load average is printed with them.
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(date -u +%F)"
echo "binary: $bin, $(stat -c %s "$bin") bytes; load: $(uptime | sed 's/.*load average/load average/')"
echo
echo "| what | median wall time | peak memory |"
echo "|---|---|---|"
measure "check, bundled set" 11 "$bin" check
# Hostile input must be refused at once, not after minutes: the broken corpus, the 6 MB file.
measure "check, hostile corpus (every file)" 5 sh -c "for f in tests/fixtures/broken/*/*.yaml; do \"$bin\" check \"\$f\" >/dev/null 2>&1 || true; done"
"$gen" 1 "$work/one" 2>/dev/null
one=$(ls "$work"/one/*.yaml)
measure "one unit report, HTML" 11 "$bin" report "$one" --format html -o "$work/one.html"
measure "one unit report, Markdown" 11 "$bin" report "$one" --format md -o "$work/one.md"
for n in "${sizes[@]}"; do
  "$gen" "$n" "$work/a$n" 2>/dev/null
  runs=5; (( n >= 10000 )) && runs=3
  measure "sector report, $n assessments, HTML" "$runs" "$bin" report "$work/a$n" --format html -o "$work/s$n.html"
  measure "Python yardstick, $n assessments" "$runs" "$venv/bin/python" benches/peer/sector_report.py "$work/set" "$work/a$n" "$work/p$n.html"
  measure "export actions, $n assessments" "$runs" "$bin" export "$work/a$n"/*.yaml --what actions -o "$work/x$n.csv"
  measure "export answers, $n assessments" "$runs" "$bin" export "$work/a$n"/*.yaml --what answers -o "$work/y$n.csv"
  measure "check, $n assessments" "$runs" "$bin" check "$work/a$n"
done
