#!/bin/sh
# analyze.sh: time `tevreden analyze` (the full table set, all tests) against the same
# analysis in Python with pandas and SciPy (bench/analyze_ref.py), in one run, on a study
# of N respondents per wave (two waves), and check that both give the same numbers.
set -eu
N=${N:-200000}
OUT=${BENCH_DIR:-bench/out}
mkdir -p "$OUT"
Q=templates/questionnaires/ceo-jeugd.json
# Debian's python3 has pandas and SciPy (tools/install-deps installs them); another
# python3 earlier in PATH (pyenv, a virtualenv) may not.
PY=${PYTHON:-python3}
if ! "$PY" -c 'import pandas, scipy' 2>/dev/null && [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
fi
"$PY" -c 'import pandas, scipy' || {
	echo "bench/analyze: $PY has no pandas/scipy (apt-get install python3-pandas python3-scipy)" >&2
	exit 1
}
now() { date +%s.%N; }

S=$OUT/analyze.sqlite
echo "bench/analyze: generating $N respondents per wave (2015 seed 3, 2016 seed 4)"
bench/genstudy --wave 2015 --respondents "$N" --seed 3 -o "$OUT/analyze-2015.csv"
bench/genstudy --wave 2016 --respondents "$N" --seed 4 -o "$OUT/analyze-2016.csv"
rm -f "$S" "$S-wal" "$S-shm"
./tevreden init "$S" >/dev/null
./tevreden collect survey "$S" --questionnaire "$Q" --wave 2015 "$OUT/analyze-2015.csv" >/dev/null
./tevreden collect survey "$S" --questionnaire "$Q" --wave 2016 "$OUT/analyze-2016.csv" >/dev/null
answers=$(sqlite3 "$S" "SELECT count(*) FROM answer")

# Both read the study from the page cache: warm it once, untimed.
cat "$S" > /dev/null
sync
t0=$(now)
./tevreden analyze "$S" --waves 2015,2016 --by segment --letters pairwise --format json \
	> "$OUT/analyze-ours.json"
t1=$(now)
"$PY" bench/analyze_ref.py "$S" --waves 2015,2016 --by segment --letters pairwise \
	> "$OUT/analyze-ref.json"
t2=$(now)

status=0
"$PY" bench/analyze_compare.py "$OUT/analyze-ours.json" "$OUT/analyze-ref.json" || status=1
tables=$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["tables"]))' \
	"$OUT/analyze-ours.json")
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$N" -v ans="$answers" -v tables="$tables" 'BEGIN {
	tv = b - a; ref = c - b
	printf "tevreden analyze:         %.2f s, %d tables, %d respondents per wave, %d answer rows\n", tv, tables, n, ans
	printf "pandas + SciPy reference: %.2f s\n", ref
	printf "ratio reference / tevreden: %.1f (target >= 5)\n", ref / tv
}'
exit $status
