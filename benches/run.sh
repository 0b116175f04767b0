#!/usr/bin/env bash
# Whole-process figures: `kam snapshot --screen S` for every screen at 40
# and 5,000 accounts, timed with hyperfine (installed if missing), and
# peak resident memory with /usr/bin/time -v. Prints a Markdown table.
#
#   benches/run.sh            # from the repository root
#   KAM_BENCH_DIR=/tmp/x benches/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${KAM_BENCH_DIR:-${TMPDIR:-/tmp}/kam-bench}
TODAY=2026-11-23
mkdir -p "$DIR"

need() {
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $1 …" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq "$2" >/dev/null
}
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release -q
KAM=$PWD/target/release/kam

for n in 40 5000; do
  db="$DIR/run-$n.sqlite3"
  [ -f "$db" ] || "$KAM" --today $TODAY demo --accounts $n --out "$db" >&2
done

screens="today accounts complaints visits surveys account:20"
echo "| screen | 40 accounts (ms) | 5,000 accounts (ms) | ratio | peak RSS 40 (MB) | peak RSS 5,000 (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
for s in $screens; do
  row=()
  for n in 40 5000; do
    db="$DIR/run-$n.sqlite3"
    cmd="$KAM --today $TODAY --db $db snapshot --screen $s --width 160 --height 45"
    json="$DIR/hf-$n.json"
    hyperfine -N --warmup 5 --runs 30 --export-json "$json" "$cmd" >/dev/null 2>&1
    mean=$(python3 -c "import json,sys; print(round(json.load(open('$json'))['results'][0]['mean']*1000, 1))")
    rss=$( { /usr/bin/time -v $cmd >/dev/null; } 2>&1 | awk '/Maximum resident/ {printf "%.1f", $6/1024}')
    row+=("$mean" "$rss")
  done
  ratio=$(python3 -c "print(round(${row[2]}/${row[0]}, 1))")
  echo "| $s | ${row[0]} | ${row[2]} | ${ratio}× | ${row[1]} | ${row[3]} |"
done
