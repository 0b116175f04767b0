#!/usr/bin/env bash
# Whole-process figures: `kam snapshot --screen S` for every screen at 40
# and 5,000 accounts, timed with hyperfine (installed if missing), and
# peak resident memory with /usr/bin/time -v; then Today when stored health
# scores are stale; then `kam sync` at 5,000 accounts. Prints Markdown
# tables.
#
#   benches/run.sh            # from the repository root
#   benches/run.sh --sync     # only the `kam sync` figures
#   KAM_BENCH_DIR=/dev/shm/kam-bench benches/run.sh   # the files in memory
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
# Puts back the files a `kam sync` run changes, the preparation of each
# run of the sync figures below: `run.sh --sync-prepare export|apply|join`.
SYNC=$DIR/sync
restore() { # restore SAVED WORK
  rm -f "$2" "$2-wal" "$2-shm"
  cp "$1" "$2"
}
sync_prepare() { # sync_prepare export|apply|join
  case $1 in
    # A as after its week, the folder without A's file
    export)
      a=$(cat "$SYNC/a.device")
      rm -rf "${SYNC:?}/share/${a:?}"
      restore "$SYNC/a-week.sqlite3" "$SYNC/a.sqlite3"
      ;;
    # B before A's file, the folder with it
    apply) restore "$SYNC/b-joined.sqlite3" "$SYNC/b.sqlite3" ;;
    # no laptop C yet
    join) rm -f "$SYNC/c.sqlite3" "$SYNC/c.sqlite3-wal" "$SYNC/c.sqlite3-shm" ;;
  esac
}
if [ "${1:-}" = "--sync-prepare" ]; then
  sync_prepare "$2"
  exit
fi
SYNC_ONLY=""
[ "${1:-}" = "--sync" ] && SYNC_ONLY=1
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

# `kam sync DIR` (issue 18) at 5,000 accounts, each side a whole process.
# Laptop A started the folder with the demo portfolio (the base) and
# laptop B joined it; then A's busy week: 500 recorded changes, each one
# `kam import` of a single row (125 surveys added, 125 contacts' titles,
# 125 accounts' notes, 125 visits planned, on 125 accounts). Timed: A
# writing them out, B applying them, a new laptop C joining the folder
# (the base and A's file), and a sync with nothing new (B again). Every
# run that changes a file starts from the same files (--sync-prepare).
sync_figures() {
  local k="$KAM --today $TODAY --db"
  if [ ! -f "$SYNC/ready" ]; then
    echo "setting up the shared folder and A's week (500 imports) …" >&2
    rm -rf "${SYNC:?}" && mkdir -p "$SYNC/share" "$SYNC/week"
    cp "$DIR/run-5000.sqlite3" "$SYNC/a.sqlite3"
    $k "$SYNC/a.sqlite3" sync "$SYNC/share" --name laptop-a >/dev/null
    $k "$SYNC/b.sqlite3" sync "$SYNC/share" --name laptop-b >/dev/null
    cp "$SYNC/b.sqlite3" "$SYNC/b-joined.sqlite3"
    python3 - "$SYNC/a.sqlite3" "$SYNC/week" <<'PY'
import csv, os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT value FROM local WHERE key = 'device.uid'").fetchone()[0],
      file=open(os.path.join(os.path.dirname(sys.argv[1]), "a.device"), "w"))
rows = c.execute("""SELECT a.uid, a.name, k.uid, k.name FROM accounts a
  JOIN contacts k ON k.id = (SELECT min(id) FROM contacts WHERE account_id = a.id)
  WHERE a.id % 40 = 7 ORDER BY a.id LIMIT 125""").fetchall()
assert len(rows) == 125, len(rows)
n = 0
def write(kind, header, row):
    global n
    n += 1
    with open(os.path.join(sys.argv[2], f"{n:03}-{kind}.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerow(row)
for i, (account, name, contact, contact_name) in enumerate(rows):
    write("surveys", ["account_uid", "taken_at", "channel", "overall", "comment"],
          [account, f"2026-11-{16 + i % 7:02}", "visit", 3 + i % 3, f"week {i}"])
    write("contacts", ["account_uid", "uid", "name", "title"],
          [account, contact, contact_name, f"Title (week {i})"])
    write("accounts", ["uid", "name", "notes"], [account, name, f"Notes after visit {i}"])
    write("visits", ["account_uid", "scheduled_at", "kind", "purpose"],
          [account, f"2026-12-{1 + i % 28:02} {9 + i % 8:02}:{(i % 4) * 15:02}", "visit",
           f"Week {i}"])
PY
    for f in "$SYNC"/week/*.csv; do
      kind=${f##*-}
      $k "$SYNC/a.sqlite3" import "${kind%.csv}" "$f" >/dev/null
    done
    cp "$SYNC/a.sqlite3" "$SYNC/a-week.sqlite3"
    touch "$SYNC/ready"
  fi
  # the files in the page cache (a tmpfs holds them there anyway)
  cat "$SYNC"/share/base.kambase "$SYNC"/*.sqlite3 >/dev/null
  echo
  echo "| \`kam sync\` at 5,000 accounts | target (ms) | median (ms) | min–max (ms) | runs |"
  echo "|---|---:|---:|---:|---:|"
  local json="$DIR/hf-sync.json"
  for case in "A writes out its week (500 changes):export:1000:3:20:a:laptop-a" \
    "B applies them:apply:1000:2:20:b:laptop-b" \
    "a new laptop joins (the base and A's file):join:15000:1:10:c:laptop-c" \
    "nothing new (B again):idle:50:5:30:b:laptop-b"; do
    IFS=: read -r what how target warmup runs who name <<<"$case"
    local prepare=()
    if [ "$how" = idle ]; then
      # B with A's file applied; a sync with nothing new changes nothing
      sync_prepare apply
      $k "$SYNC/b.sqlite3" sync "$SYNC/share" --name laptop-b >/dev/null
    else
      prepare=(--prepare "$PWD/benches/run.sh --sync-prepare $how")
    fi
    hyperfine -N --warmup "$warmup" --runs "$runs" "${prepare[@]}" --export-json "$json" \
      "$k $SYNC/$who.sqlite3 sync $SYNC/share --name $name" >/dev/null 2>&1
    python3 - "$json" "$what" "$target" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = sorted(x * 1000 for x in r["times"])
print(f"| {sys.argv[2]} | ≤ {int(sys.argv[3]):,} | {r['median'] * 1000:.1f} | {t[0]:.1f}–{t[-1]:.1f} | {len(t)} |")
PY
  done
  sync_prepare join
  rss=$({ /usr/bin/time -v $k "$SYNC/c.sqlite3" sync "$SYNC/share" --name laptop-c >/dev/null; } 2>&1 |
    awk '/Maximum resident/ {printf "%.1f", $6/1024}')
  echo
  echo "Peak RSS of the join: $rss MB (the base is copied page by page)"
}
if [ -n "$SYNC_ONLY" ]; then
  sync_figures
  exit
fi

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
sync_figures
