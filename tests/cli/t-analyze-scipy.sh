# t-analyze-scipy.sh: every number of `tevreden analyze --format json` on the sample study
# (cells, tests, p values, adjustments, marks and letters) checked against an independent
# pandas + SciPy implementation (bench/analyze_ref.py, compared by bench/analyze_compare.py),
# under several option sets. Needs python3 with pandas and SciPy: Debian's python3-pandas,
# python3-scipy and python3-numpy, which tools/install-deps installs; without them this
# test fails, it does not skip.
. "$(dirname "$0")/lib.sh"

REF=$ROOT/bench/analyze_ref.py
COMPARE=$ROOT/bench/analyze_compare.py

# Debian's python3 has the packages; a python3 earlier in PATH (pyenv, a virtualenv) may not.
PY=${PYTHON:-python3}
if ! "$PY" -c 'import pandas, scipy, numpy' 2>/dev/null && [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
fi
if "$PY" -c 'import pandas, scipy, numpy' 2>"$TMP/err"; then ok; else
	not_ok "$PY cannot import pandas, scipy and numpy (apt-get install python3-pandas python3-scipy python3-numpy)"
	sed 's/^/    /' "$TMP/err" | tail -2 >&2
	finish
	exit 1
fi

S=$(new_study sample.sqlite)
run "$T" collect survey "$S" --questionnaire "$Q" --wave 2015 "$DATA/ceo-2015.csv"
expect_rc 0 "import 2015"
run "$T" collect survey "$S" --questionnaire "$Q" --wave 2016 "$DATA/ceo-2016.sav"
expect_rc 0 "import 2016"

# compare DESCRIPTION OPTION...: tevreden analyze and the reference with these options
# both succeed and agree in every table, cell and comparison.
compare() {
	local what=$1
	shift
	run "$T" analyze "$S" "$@" --format json
	expect_rc 0 "tevreden analyze $what"
	cp "$TMP/out" "$TMP/ours.json"
	run "$PY" "$REF" "$S" "$@"
	expect_rc 0 "analyze_ref.py $what"
	cp "$TMP/out" "$TMP/ref.json"
	run "$PY" "$COMPARE" "$TMP/ours.json" "$TMP/ref.json"
	if [ "$rc" = 0 ] && grep -q ': all equal$' "$TMP/out"; then ok; else
		not_ok "tevreden analyze $what differs from pandas + SciPy (exit $rc)"
		sed 's/^/    /' "$TMP/out" "$TMP/err" | head -20 >&2
	fi
}

compare "(default: two waves)"
compare "--wave 2016 --letters pairwise --adjust bonferroni" \
	--wave 2016 --letters pairwise --adjust bonferroni
compare "--wave 2016 --letters reference --adjust holm" --wave 2016 --letters reference --adjust holm
compare "--total-exclude JB/JR" --total-exclude JB/JR
compare "--year-mark star" --year-mark star
compare "--sided one" --sided one
compare "--mean-test pooled" --mean-test pooled
# Group letters in both waves, one-sided tests and Fisher's exact test on small bases,
# every option table, other groupings.
compare "--letters pairwise --adjust holm --sided one --min-base 10" \
	--letters pairwise --adjust holm --sided one --min-base 10
compare "--distribution --letters pairwise" --distribution --letters pairwise
compare "--by resptype --letters reference --alpha 0.1" --by resptype --letters reference --alpha 0.1
compare "--by none" --by none
compare "--by eerste_keer with background items" --by eerste_keer --letters pairwise \
	--items segment,leeftijd,cijfer,wachttijd,verwijzer

# The comparison itself catches a difference: one changed count fails it.
"$PY" - "$TMP/ref.json" "$TMP/changed.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["tables"][0]["cells"][0]["n"] += 1
json.dump(d, open(sys.argv[2], "w"))
EOF
run "$PY" "$COMPARE" "$TMP/changed.json" "$TMP/ref.json"
expect_rc 1 "a changed count"
expect_out_has "differences (ours vs reference)"

finish
