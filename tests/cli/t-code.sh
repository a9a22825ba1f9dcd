# t-code.sh: automatic and manual coding, review, audit trail, agreement, themes and quotes.
. "$(dirname "$0")/lib.sh"

PY=python3
for p in "${PYTHON:-}" python3 /usr/bin/python3; do
	[ -n "$p" ] && "$p" -c 'import json' 2>/dev/null && { PY=$p; break; }
done
CB=$ROOT/templates/codebooks/jeugdhulp.json
S=$(new_study s.sqlite)
TR=$DATA/transcripts
"$T" collect transcript "$S" "$TR/jb-ouders-1.txt" "$TR/ggz-ouders-2.txt" >/dev/null || not_ok "transcripts"

run "$T" code auto "$S" --codebook "$CB"
expect_rc 0 "code auto"
expect_out_has "with codebook jeugdhulp 2017.3:"
expect_sql "$S" "SELECT count(*) > 20 FROM coding" "1"
expect_sql "$S" "SELECT count(*) FROM coding g JOIN segment s ON s.id = g.segment_id WHERE s.coded = 0" "0"
expect_sql "$S" "SELECT DISTINCT b.version FROM coding g JOIN codebook b ON b.id = g.codebook_id" "2017.3"
# The same codebook version again changes nothing.
snapshot "$S"
run "$T" code auto "$S" --codebook "$CB"
expect_rc 0 "code auto again"
expect_out_has "(0 new or changed)"
unchanged "$S" "re-running the same codebook version"

# A changed codebook under the same version is refused.
# (the codebook finds its lexicons relative to itself: ../lexicon/)
mkdir -p "$TMP/codebooks"
ln -s "$ROOT/templates/lexicon" "$TMP/lexicon"
sed 's/"label": "Wachttijd"/"label": "Wachttijden"/' "$CB" > "$TMP/codebooks/cb-changed.json"
if cmp -s "$CB" "$TMP/codebooks/cb-changed.json"; then
	not_ok "the changed codebook is not changed"
else
	run "$T" code auto "$S" --codebook "$TMP/codebooks/cb-changed.json"
	expect_rc 1 "changed codebook, same version"
	expect_err_line "tevreden: $TMP/codebooks/cb-changed.json: codebook 'jeugdhulp' version 2017.3 is already in the study with other contents; give the changed codebook a new version"
	unchanged "$S" "changed codebook refused"
fi

SEG=$(sql "$S" "SELECT min(id) FROM segment WHERE kind = 'sentence' AND coded = 1")
SEG2=$(sql "$S" "SELECT min(id) FROM segment WHERE kind = 'sentence' AND coded = 1 AND id > $SEG")
run "$T" code assign "$S" --coder coder-a "$SEG" wisselende_hulpverleners-
expect_rc 0 "assign"
expect_out_line "segment $SEG: wisselende_hulpverleners- coded by coder-a"
expect_sql "$S" "SELECT coder || ' ' || action || ' ' || code || polarity FROM coding_audit" "coder-a assign wisselende_hulpverleners-"
snapshot "$S"
run "$T" code assign "$S" --coder coder-a "$SEG" onbekend+
expect_rc 1 "unknown code"
expect_err_line "tevreden: unknown code 'onbekend' (load a codebook with 'tevreden code codebook')"
run "$T" code assign "$S" --coder coder-a "$SEG" wachttijd
expect_rc 1 "missing polarity"
expect_err_line "tevreden: code 'wachttijd' needs a polarity: wachttijd+ (one of +-~)"
run "$T" code assign "$S" --coder coder-a 999999 wachttijd+
expect_rc 1 "unknown segment"
expect_err_line "tevreden: no segment 999999 in the study"
run "$T" code assign "$S" --coder auto "$SEG" wachttijd+
expect_rc 2 "the automatic coder is not a person"
unchanged "$S" "refused manual codings"
run "$T" code remove "$S" --coder coder-a "$SEG" wisselende_hulpverleners
expect_rc 0 "remove"
expect_sql "$S" "SELECT group_concat(action, ',') FROM coding_audit" "assign,remove"
run "$T" code remove "$S" --coder coder-a "$SEG" wisselende_hulpverleners
expect_rc 1 "remove what is not there"

# Import: every row checked first; one bad row stores nothing.
printf 'segment,code,polarity\n%s,wachttijd,-\n%s,bestaat_niet,+\n' "$SEG" "$SEG2" > "$TMP/bad.csv"
snapshot "$S"
run "$T" code import "$S" --coder coder-b "$TMP/bad.csv"
expect_rc 1 "import with a bad row"
expect_err_line "tevreden: $TMP/bad.csv:3: unknown code 'bestaat_niet' (load a codebook with 'tevreden code codebook')"
unchanged "$S" "bad import"

# Review: accept makes it the reviewer's coding, reject marks it; both audited.
A1=$(sql "$S" "SELECT g.segment_id || ':' || c.name FROM coding g JOIN code c ON c.id = g.code_id JOIN coder k ON k.id = g.coder_id WHERE k.name = 'auto' ORDER BY g.segment_id, c.name LIMIT 1")
A2=$(sql "$S" "SELECT g.segment_id || ':' || c.name FROM coding g JOIN code c ON c.id = g.code_id JOIN coder k ON k.id = g.coder_id WHERE k.name = 'auto' ORDER BY g.segment_id, c.name LIMIT 1 OFFSET 1")
run "$T" code review "$S" --coder coder-c --accept "$A1" --reject "$A2"
expect_rc 0 "review"
expect_sql "$S" "SELECT group_concat(g.status, ',') FROM (SELECT g.status FROM coding g JOIN coder k ON k.id = g.coder_id WHERE k.name = 'auto' AND g.status != 'active' ORDER BY g.segment_id, g.code_id) g" "accepted,rejected"
expect_sql "$S" "SELECT count(*) FROM coding g JOIN coder k ON k.id = g.coder_id WHERE k.name = 'coder-c'" "1"
expect_sql "$S" "SELECT count(*) FROM coding_audit WHERE coder = 'coder-c'" "2"
# Re-running the automatic coder keeps the review decisions.
run "$T" code auto "$S" --codebook "$CB"
expect_sql "$S" "SELECT count(*) FROM coding g JOIN coder k ON k.id = g.coder_id WHERE k.name = 'auto' AND g.status != 'active'" "2"

# Agreement: two coders on one document; the expected kappa is computed here from
# the 2x2 counts (both 3, only A 1, only B 1, neither N-5).
DOC=$(sql "$S" "SELECT id FROM document WHERE ext_id = 'ggz-ouders-2'")
sql "$S" "SELECT id FROM segment WHERE document_id = $DOC AND kind = 'sentence' AND coded = 1 ORDER BY id LIMIT 5" > "$TMP/segs"
N=$(sql "$S" "SELECT count(*) FROM segment WHERE document_id = $DOC AND kind = 'sentence' AND coded = 1")
{
	echo "segment,code,polarity,coder"
	sed -n 1,4p "$TMP/segs" | while read -r s; do echo "$s,wachttijd,-,coder-a"; done
	sed -n 1,3p "$TMP/segs" | while read -r s; do echo "$s,wachttijd,-,coder-b"; done
	sed -n 5p "$TMP/segs" | while read -r s; do echo "$s,wachttijd,+,coder-b"; done
} > "$TMP/two.csv"
run "$T" code import "$S" "$TMP/two.csv"
expect_rc 0 "import two coders"
expect_out_line "imported 8 codings (8 new or changed) from $TMP/two.csv"
run "$T" code agreement "$S" --coders coder-a,coder-b --format json
expect_rc 0 "agreement json"
want=$("$PY" -c "
n = $N; a, b, c = 3, 1, 1; d = n - 5
po = (a + d) / n; pa = (a + b) / n; pb = (a + c) / n
pe = pa * pb + (1 - pa) * (1 - pb)
print('%.6f %.6f' % (po, (po - pe) / (1 - pe)))")
got=$("$PY" -c "
import json, sys
r = json.load(open('$TMP/out'))
c = [c for c in r['codes'] if c['code'] == 'wachttijd'][0]
print('%.6f %.6f' % (c['percent_agreement'], c['kappa']))")
if [ "$got" = "$want" ]; then ok; else not_ok "agreement: got '$got', expected '$want'"; fi
run "$T" code agreement "$S" --coders coder-a,coder-b,auto --reference coder-a
expect_rc 0 "agreement with a reference"
expect_out_has "precision"
run "$T" code agreement "$S" --coders coder-a,niemand
expect_rc 1 "unknown coder"
expect_err_line "tevreden: $S: no coder 'niemand' in the study"

run "$T" code themes "$S" --by group
expect_rc 0 "themes"
expect_out_has "JB-ouders (a) n=3"
run "$T" code themes "$S" --format json
expect_rc 0 "themes json"
if "$PY" -m json.tool "$TMP/out" >/dev/null; then ok; else not_ok "themes json does not parse"; fi
run "$T" code quotes "$S" wachttijd --polarity - --limit 3 --format json
expect_rc 0 "quotes"
n=$("$PY" -c "import json; r = json.load(open('$TMP/out')); print(len(r), all(q['role'] == 'participant' for q in r))")
case "$n" in
	[1-3]" True") ok ;;
	*) not_ok "quotes: $n" ;;
esac
# code explain: the evidence for one text, without a study.
run "$T" code explain --codebook "$CB" "Niemand luisterde echt naar ons."
expect_rc 0 "explain"
expect_out_line "  bejegening-  positive 0.00, negative 0.80"
expect_out_has '    rule    "luisterde"  luister ($.codes['
expect_out_has '  -0.80  negated'
# the cue is the same pattern as the rule, matched once, but named as the cue it is
expect_out_has '    cue     "luisterde"  luister ($.codes[5].positive['
run sh -c 'printf "%s\n" "We stonden maanden op de wachtlijst." "Goed." | "$0" code explain --codebook "$1"' "$T" "$CB"
expect_rc 0 "explain from standard input"
expect_out_line "  wachttijd-  positive 0.00, negative 2.00"
expect_out_line "  no codes"
run "$T" code explain --codebook "$CB" --dictionary nl.aff "Goed."
expect_rc 2 "explain with a malformed --dictionary"
expect_err_line "tevreden: --dictionary expects AFF,DIC"
run "$T" code explain --codebook "$CB" --dictionary /usr/share/hunspell/nl.aff,/usr/share/hunspell/nl.dic "Goed."
expect_rc 0 "explain with --dictionary"
expect_out_line "  no codes"
run "$T" code explain "Goed."
expect_rc 2 "explain without a codebook"
expect_err_line "tevreden: --codebook is required"
printf '{"format": "tevreden-codebook-1"}' > "$TMP/bad.json"
run "$T" code explain --codebook "$TMP/bad.json" "Goed."
expect_rc 1 "explain with a bad codebook"
expect_err_line "tevreden: $TMP/bad.json: \$: missing 'id', expected a string"

finish
