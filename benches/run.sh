#!/usr/bin/env bash
# Whole-process figures: `kam snapshot --screen S` for every screen at 40
# and 5,000 accounts, timed with hyperfine (installed if missing), and
# peak resident memory with /usr/bin/time -v; then Today when stored health
# scores are stale. Prints Markdown tables.
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

# Health scores are stored with the moment they go stale (migration 7):
# the first Today of a day recomputes those the night made stale, and a
# file from before migration 7 recomputes every score once. Each run on a
# fresh copy of the file.
for n in 40 5000; do
  cp "$DIR/run-$n.sqlite3" "$DIR/base-$n.sqlite3"
  "$KAM" --db "$DIR/base-$n.sqlite3" --today $TODAY snapshot --screen today >/dev/null
  python3 - "$DIR/all-stale-$n.sqlite3" "$DIR/base-$n.sqlite3" <<'PY'
import shutil, sqlite3, sys
shutil.copy(sys.argv[2], sys.argv[1])
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE account_health SET until = ''")
c.commit()
PY
done
echo
echo "| Today | 40 accounts (ms) | 5,000 accounts (ms) | ratio | scores computed at 5,000 |"
echo "|---|---:|---:|---:|---:|"
for case in "every score stale:all-stale:2026-11-23" "the next morning:base:2026-11-24" "nothing stale:base:2026-11-23"; do
  IFS=: read -r what from day <<<"$case"
  row=()
  for n in 40 5000; do
    work="$DIR/stale-$n.sqlite3"
    prep="cp $DIR/$from-$n.sqlite3 $work; rm -f $work-wal $work-shm"
    json="$DIR/hf-stale.json"
    hyperfine -N --warmup 2 --runs 15 --prepare "sh -c '$prep'" --export-json "$json" \
      "$KAM --db $work --today $day snapshot --screen today --width 160 --height 45" >/dev/null 2>&1
    row+=("$(python3 -c "import json; print(round(json.load(open('$json'))['results'][0]['mean']*1000, 1))")")
  done
  sh -c "$prep"
  stale=$(python3 - "$work" "$day 09:00:00" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM account_health WHERE until <= ?", (sys.argv[2],)).fetchone()[0])
PY
)
  ratio=$(python3 -c "print(round(${row[1]}/${row[0]}, 1))")
  echo "| $what | ${row[0]} | ${row[1]} | ${ratio}× | $stale |"
done
rm -f "$DIR"/stale-*.sqlite3*
