#!/bin/sh
# ingest.sh: time `tevreden collect survey` (fully validated) against the sqlite3 shell's
# .import of the same answers into the same table layout (no validation), in one run.
set -eu
N=${N:-200000}
OUT=${BENCH_DIR:-bench/out}
mkdir -p "$OUT"
Q=templates/questionnaires/ceo-jeugd.json
now() { date +%s.%N; }

echo "bench/ingest: generating $N respondents (wave 2016, seed 7)"
bench/genstudy --wave 2016 --respondents "$N" --seed 7 -o "$OUT/wide.csv"
bench/genstudy --wave 2016 --respondents "$N" --seed 7 --format long -o "$OUT/long.csv"

# The reference gets the answers already in the answer table's layout
# (respondent_id, seq, item_id, option_id, num, text): this conversion is not timed.
awk -F, -v OFS=, '
	NR == 1 { next }
	!($1 in resp) { resp[$1] = ++nr; seq = 0 }
	!($2 in item) { item[$2] = ++ni }
	{
		opt = ""; num = ""; txt = ""
		if ($2 == "cijfer" || $2 == "wachttijd" || $2 == "leeftijd") num = $3
		else if ($2 ~ /^open_/) { txt = substr($0, length($1) + length($2) + 3) }
		else opt = $3
		print resp[$1], seq++, item[$2], opt, num, txt
	}' "$OUT/long.csv" > "$OUT/answers.csv"

S=$OUT/tevreden.sqlite
R=$OUT/reference.sqlite
rm -f "$S" "$S-wal" "$S-shm" "$R" "$R-wal" "$R-shm"
./tevreden init "$S" >/dev/null
# Same table layout, index and settings as the study's answer table (core/store.c).
sqlite3 "$R" "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
CREATE TABLE answer(respondent_id INTEGER NOT NULL, seq INTEGER NOT NULL,
  item_id INTEGER NOT NULL, option_id INTEGER, num REAL, text TEXT,
  PRIMARY KEY (respondent_id, seq)) WITHOUT ROWID;" >/dev/null

sync
t0=$(now)
./tevreden collect survey "$S" --questionnaire "$Q" --wave 2016 "$OUT/wide.csv"
t1=$(now)
sqlite3 "$R" "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;" ".mode csv" \
	".import $OUT/answers.csv answer"
t2=$(now)

ours=$(sqlite3 "$S" "SELECT count(*) FROM answer")
nonempty=$(sqlite3 "$S" "SELECT count(*) FROM answer WHERE option_id IS NOT NULL OR num IS NOT NULL OR text IS NOT NULL")
theirs=$(sqlite3 "$R" "SELECT count(*) FROM answer")
awk -v a="$t0" -v b="$t1" -v c="$t2" -v ours="$ours" -v ne="$nonempty" -v theirs="$theirs" 'BEGIN {
	tv = b - a; ref = c - b
	printf "tevreden collect survey: %.2f s, %d answer rows (%d given answers), %.0f answers/s (validated)\n", tv, ours, ne, ours / tv
	printf "sqlite3 .import:         %.2f s, %d answer rows, %.0f answers/s (no validation)\n", ref, theirs, theirs / ref
	printf "ratio tevreden / .import: %.2f (target <= 1.5); target >= 1000000 answers/s\n", tv / ref
	if (ne != theirs) { printf "bench/ingest: answer counts differ: %d given answers vs %d imported\n", ne, theirs; exit 1 }
}'
