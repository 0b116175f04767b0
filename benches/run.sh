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
# Puts back the health scores saved beside FILE (saved), or marks them all
# stale (stale); `run.sh --reset FILE HOW` is hyperfine's preparation below.
reset() { # reset FILE stale|saved
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
if sys.argv[2] == "stale":
    c.execute("UPDATE account_health SET until = ''")
else:
    c.execute("ATTACH ? AS saved", (sys.argv[1] + ".health",))
    c.execute("DELETE FROM main.account_health")
    c.execute("INSERT INTO main.account_health SELECT * FROM saved.account_health")
c.commit()
PY
}
if [ "${1:-}" = "--reset" ]; then
  reset "$2" "$3"
  exit
fi
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
# file from before migration 7 recomputes every score once. Before each
# run the stored scores are put back as they were after a Today on
# $TODAY (or all marked stale); the rest of the file stays as it is.
for n in 40 5000; do
  work="$DIR/stale-$n.sqlite3"
  rm -f "$work"* && cp "$DIR/run-$n.sqlite3" "$work"
  "$KAM" --db "$work" --today $TODAY snapshot --screen today >/dev/null
  python3 - "$work" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("ATTACH ? AS saved", (sys.argv[1] + ".health",))
c.execute("CREATE TABLE saved.account_health AS SELECT * FROM main.account_health")
c.commit()
PY
done
echo
echo "| Today | 40 accounts (ms) | 5,000 accounts (ms) | ratio | scores computed at 5,000 |"
echo "|---|---:|---:|---:|---:|"
for case in "every score stale:stale:2026-11-23" "the next morning:saved:2026-11-24" "nothing stale:saved:2026-11-23"; do
  IFS=: read -r what how day <<<"$case"
  row=()
  for n in 40 5000; do
    work="$DIR/stale-$n.sqlite3"
    json="$DIR/hf-stale.json"
    hyperfine -N --warmup 2 --runs 20 --prepare "$PWD/benches/run.sh --reset $work $how" --export-json "$json" \
      "$KAM --db $work --today $day snapshot --screen today --width 160 --height 45" >/dev/null 2>&1
    row+=("$(python3 -c "import json; print(round(json.load(open('$json'))['results'][0]['mean']*1000, 1))")")
  done
  reset "$work" "$how"
  stale=$(python3 - "$work" "$day 09:00:00" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM account_health WHERE until <= ?", (sys.argv[2],)).fetchone()[0])
PY
)
  ratio=$(python3 -c "print(round(${row[1]}/${row[0]}, 1))")
  echo "| $what | ${row[0]} | ${row[1]} | ${ratio}× | $stale |"
done
rm -f "$DIR"/stale-*
