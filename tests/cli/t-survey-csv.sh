# t-survey-csv.sh: importing CSV survey files: what is stored for each kind of answer,
# delimiters, byte order mark, CRLF, windows-1252, labels, both multiple-choice layouts.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/survey-fixture.sh"

# same_answers STUDY REFERENCE DESCRIPTION: both studies hold exactly the same answers
same_answers() {
	answers "$1" > "$TMP/a1"
	answers "$2" > "$TMP/a2"
	if [ -s "$TMP/a2" ] && cmp -s "$TMP/a1" "$TMP/a2"; then ok; else
		not_ok "answers differ: $3"
		diff "$TMP/a2" "$TMP/a1" | head -5 >&2
	fi
}

# The reference file: three respondents.
# r1: all defaults (segment basishulp, so 'maatregel' is routed out; open answers empty).
# r2: JB/JR (maatregel asked, waiting time routed out), 'weet niet' (8) for toegang_weten,
#     support from family and neighbours, an open answer with ';', quotes and a newline.
# r3: empty report mark (asked, no answer), several helpers and not the right help
#     (both follow-ups asked), three referrers, an open answer "sneller".
OPEN_R2='Fijn; ze zeiden "top"
en luisterden'
good() {
	header
	resp r1
	resp r2 segment=3 maatregel=2 wachttijd= wacht_tevreden= toegang_weten=8 netwerk_steun=1 \
		netwerk_wie="1;3" "open_goed=$OPEN_R2"
	resp r3 cijfer= meerdere_hulpverleners=1 samenwerking_tevreden=5 passende_hulp=2 \
		passend_nodig=3 verwijzer="2;4;9" open_beter=sneller
}
good > "$TMP/good.csv"

S=$(new_study ref.sqlite)
run "$T" collect survey "$S" -q "$Q" -w 2016 "$TMP/good.csv"
expect_rc 0 "good import"
# r1 38 items asked; r2 38 asked, netwerk_wie two rows; r3 40 asked, verwijzer three rows
expect_out_line "imported 3 respondents with 119 answers into wave 2016 from $TMP/good.csv"
expect_err_count 0
expect_sql "$S" "SELECT count(*) FROM respondent" "3"
expect_sql "$S" "SELECT count(*) FROM answer" "119"
expect_sql "$S" "SELECT group_concat(ext_id || ':' || source_line, ' ') FROM
	(SELECT * FROM respondent ORDER BY ext_id)" "r1:2 r2:3 r3:5"
expect_sql "$S" "SELECT count(*) FROM respondent r JOIN answer a ON a.respondent_id = r.id
	GROUP BY r.id ORDER BY r.ext_id" "38
39
42"
expect_sql "$S" "SELECT group_concat(name, ' ') FROM (SELECT name FROM item ORDER BY ord)" \
	"${ITEMS//$'\n'/ }"
expect_sql "$S" "SELECT w.name || ' ' || q.name || ' ' || q.version FROM wave w
	JOIN questionnaire q ON q.id = w.questionnaire_id" "2016 ceo-jeugd 2016.1"
expect_sql "$S" "SELECT kind || ' ' || rows || ' ' || warnings FROM import_log" "survey 3 0"
# expect_answer STUDY RESPONDENT ITEM EXPECTED: answer (above) gives EXPECTED
expect_answer() {
	got=$(answer "$1" "$2" "$3")
	if [ "$got" = "$4" ]; then ok; else not_ok "answer of $2 to $3 is '$got', expected '$4'"; fi
}
# routed out: no row at all
expect_sql "$S" "SELECT count(*) FROM answer a JOIN respondent r ON r.id = a.respondent_id
	JOIN item i ON i.id = a.item_id WHERE r.ext_id = 'r1' AND i.name = 'maatregel'" "0"
expect_answer "$S" r1 maatregel ""
expect_answer "$S" r1 netwerk_wie ""
expect_answer "$S" r1 samenwerking_tevreden ""
expect_answer "$S" r2 wachttijd ""
expect_answer "$S" r2 wacht_tevreden ""
expect_answer "$S" r2 maatregel "2|-|-"
expect_answer "$S" r1 wachttijd "-|3.0|-"
expect_answer "$S" r1 cijfer "-|8.0|-"
expect_answer "$S" r1 tevreden "1|-|-"
# a missing code is stored as that option of the scale, marked missing
expect_answer "$S" r2 toegang_weten "8|-|-"
expect_sql "$S" "SELECT o.is_missing || ' ' || o.label FROM answer a JOIN respondent r ON
	r.id = a.respondent_id JOIN item i ON i.id = a.item_id JOIN scale_option o ON
	o.id = a.option_id WHERE r.ext_id = 'r2' AND i.name = 'toegang_weten'" "1 weet niet"
# asked but empty: one row with NULL option, number and text
expect_answer "$S" r3 cijfer "-|-|-"
expect_answer "$S" r1 open_goed "-|-|-"
expect_sql "$S" "SELECT count(*) FROM answer a JOIN respondent r ON r.id = a.respondent_id
	JOIN item i ON i.id = a.item_id WHERE r.ext_id = 'r3' AND i.name = 'cijfer'
	AND a.option_id IS NULL AND a.num IS NULL AND a.text IS NULL" "1"
# multiple choice: one row per chosen option
expect_answer "$S" r2 netwerk_wie "1|-|- 3|-|-"
expect_answer "$S" r3 verwijzer "2|-|- 4|-|- 9|-|-"
expect_answer "$S" r3 samenwerking_tevreden "5|-|-"
expect_answer "$S" r3 passend_nodig "3|-|-"
# the open answer verbatim: ';', doubled quotes undone, the newline kept
expect_answer "$S" r2 open_goed "-|-|$OPEN_R2"
expect_sql "$S" "SELECT hex(a.text) FROM answer a JOIN item i ON i.id = a.item_id
	WHERE i.name = 'open_goed' AND a.text IS NOT NULL" \
	"$(printf '%s' "$OPEN_R2" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
expect_answer "$S" r3 open_beter "-|-|sneller"

# the missing code of a number item (wachttijd 99 'weet niet meer'), an id with leading
# zeros, spaces inside quotes kept, spaces around an unquoted number dropped
{ header; resp 007 wachttijd=99 "open_goed=  twee spaties  " leeftijd=" 9 "; } |
	sed 's/;  twee spaties  ;/;"  twee spaties  ";/' > "$TMP/extra.csv"
grep -q ';"  twee spaties  ";' "$TMP/extra.csv" || not_ok "extra.csv lacks the quoted spaces"
S2=$(new_study extra.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/extra.csv"
expect_rc 0 "missing code of a number item"
expect_answer "$S2" 007 wachttijd "99|-|-"
expect_sql "$S2" "SELECT o.is_missing || ' ' || o.label FROM answer a JOIN item i ON i.id = a.item_id
	JOIN scale_option o ON o.id = a.option_id WHERE i.name = 'wachttijd'" "1 weet niet meer"
expect_answer "$S2" 007 open_goed "-|-|  twee spaties  "
expect_answer "$S2" 007 leeftijd "-|9.0|-"

# ---- delimiters: the same answers from ',' ';' tab and '|' files ----
for d in ',' 'tab'; do
	if [ "$d" = tab ]; then D=$'\t'; else D=$d; fi
	good > "$TMP/good-$d.csv"
	S2=$(new_study "delim-$d.sqlite")
	run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/good-$d.csv"
	expect_rc 0 "delimiter '$d' detected"
	expect_out_line "imported 3 respondents with 119 answers into wave 2016 from $TMP/good-$d.csv"
	same_answers "$S2" "$S" "delimiter '$d' detected"
done
D='|'
good > "$TMP/good-pipe.csv"
S2=$(new_study delim-pipe.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --delimiter '|' "$TMP/good-pipe.csv"
expect_rc 0 "--delimiter '|'"
same_answers "$S2" "$S" "--delimiter '|'"
D=$'\t'
good > "$TMP/good-tab.txt"
S2=$(new_study delim-tab2.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --delimiter tab "$TMP/good-tab.txt"
expect_rc 0 "--delimiter tab"
same_answers "$S2" "$S" "--delimiter tab"
D=';'
run "$T" collect survey "$S" -q "$Q" -w 2016 --delimiter x "$TMP/good.csv"
expect_rc 2 "bad --delimiter"
expect_err_line "tevreden: --delimiter expects ',', ';', '|' or 'tab', not 'x'"

# ---- byte order mark, CRLF ----
{ printf '\357\273\277'; good; } > "$TMP/bom.csv"
S2=$(new_study bom.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/bom.csv"
expect_rc 0 "UTF-8 byte order mark"
same_answers "$S2" "$S" "byte order mark"
# Excel on Windows: CRLF between records, a bare LF inside a cell
EOL=$'\r\n'
good > "$TMP/crlf.csv"
{ printf '\357\273\277'; good; } > "$TMP/bom-crlf.csv"
EOL=$'\n'
[ "$(grep -c $'\r$' "$TMP/crlf.csv")" = 4 ] || not_ok "crlf.csv does not have 4 CRLF line ends"
S2=$(new_study crlf.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/crlf.csv"
expect_rc 0 "CRLF"
same_answers "$S2" "$S" "CRLF"
expect_sql "$S2" "SELECT group_concat(ext_id || ':' || source_line, ' ') FROM
	(SELECT * FROM respondent ORDER BY ext_id)" "r1:2 r2:3 r3:5"
S2=$(new_study bom-crlf.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/bom-crlf.csv"
expect_rc 0 "BOM and CRLF"
same_answers "$S2" "$S" "BOM and CRLF"

# ---- decimal comma ----
# Every number in the template is whole, so a copy lets the waiting time have decimals.
sed '/"id": "wachttijd"/,/"skewed"/s/"integer": true/"integer": false/' "$Q" > "$TMP/q-decimal.json"
grep -q '"integer": false' "$TMP/q-decimal.json" || not_ok "could not make q-decimal.json"
{ header; resp d1 wachttijd=2,5 cijfer=7,0; resp d2 wachttijd=0,25; resp d3 wachttijd=1.5; } \
	> "$TMP/decimal.csv"
S2=$(new_study decimal.sqlite)
run "$T" collect survey "$S2" -q "$TMP/q-decimal.json" -w 2016 "$TMP/decimal.csv"
expect_rc 0 "decimal comma"
expect_answer "$S2" d1 wachttijd "-|2.5|-"
expect_answer "$S2" d2 wachttijd "-|0.25|-"
expect_answer "$S2" d3 wachttijd "-|1.5|-"
expect_answer "$S2" d1 cijfer "-|7.0|-"
# in a ',' file the decimal comma is quoted
D=','
{ header; resp d1 wachttijd=2,5; } > "$TMP/decimal-comma.csv"
D=';'
S2=$(new_study decimal2.sqlite)
run "$T" collect survey "$S2" -q "$TMP/q-decimal.json" -w 2016 "$TMP/decimal-comma.csv"
expect_rc 0 "quoted decimal comma in a ',' file"
expect_answer "$S2" d1 wachttijd "-|2.5|-"

# ---- windows-1252 ----
# "cliënt" with ë as the single byte 0xEB, and "€" as 0x80
{ header; resp w1 "open_goed=De cli$(printf '\353')nt kreeg hulp"; resp w2 "open_beter=kost $(printf '\200') 5"; } \
	> "$TMP/cp1252.csv"
S2=$(new_study cp1252.sqlite)
snapshot "$S2"
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/cp1252.csv"
expect_rc 1 "windows-1252 file read as UTF-8"
expect_err_line "$TMP/cp1252.csv:2:42: invalid UTF-8 in field 42 (use --encoding windows-1252 for Excel exports)"
expect_err_line "$TMP/cp1252.csv:3:43: invalid UTF-8 in field 43 (use --encoding windows-1252 for Excel exports)"
expect_err_line "tevreden: $TMP/cp1252.csv: nothing imported: 2 errors"
unchanged "$S2" "windows-1252 file read as UTF-8"
run "$T" collect survey "$S2" -q "$Q" -w 2016 --encoding windows-1252 "$TMP/cp1252.csv"
expect_rc 0 "--encoding windows-1252"
expect_answer "$S2" w1 open_goed "-|-|De cliënt kreeg hulp"
expect_sql "$S2" "SELECT hex(a.text) FROM answer a JOIN item i ON i.id = a.item_id
	WHERE i.name = 'open_goed' AND a.text IS NOT NULL" "$(printf 'De cli\303\253nt kreeg hulp' |
	od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
expect_answer "$S2" w2 open_beter "-|-|kost € 5"
run "$T" collect survey "$S" -q "$Q" -w 2016 --encoding latin9 "$TMP/cp1252.csv"
expect_rc 2 "bad --encoding"
expect_err_line "tevreden: --encoding expects utf-8 or windows-1252, not 'latin9'"

# ---- labels instead of codes ----
# The same answers as r1..r3 of the reference, written as labels (any case, spaces around).
{
	header
	resp r1 segment=basishulp resptype=ouder eerste_keer=ja tevreden=Ja wacht_tevreden=" ja " \
		toegang_weten=vaak toegang_snel=VAAK contact_gemeente=ja verwijzer=huisarts \
		netwerk_steun=nee meerdere_hulpverleners=nee passende_hulp=ja uitv_respect=altijd \
		effect_beter="mee eens"
	resp r2 segment=JB/JR maatregel=OTS wachttijd= wacht_tevreden= toegang_weten="weet niet" \
		netwerk_steun=1 netwerk_wie="familie;buren" "open_goed=$OPEN_R2"
	resp r3 cijfer= meerdere_hulpverleners=ja samenwerking_tevreden="heel tevreden" \
		passende_hulp=nee passend_nodig=beide verwijzer="huisarts;gemeente/wijkteam;9" \
		open_beter=sneller
} > "$TMP/labels.csv"
S2=$(new_study labels.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/labels.csv"
expect_rc 0 "labels instead of codes"
expect_out_line "imported 3 respondents with 119 answers into wave 2016 from $TMP/labels.csv"
same_answers "$S2" "$S" "labels instead of codes"
expect_answer "$S2" r2 maatregel "2|-|-"
expect_answer "$S2" r3 samenwerking_tevreden "5|-|-"

# ---- multiple choice as ITEM_CODE 0/1 columns ----
MC=flags
good > "$TMP/flags.csv"
MC=list
head -1 "$TMP/flags.csv" | grep -q ';verwijzer_1;verwijzer_2;' || not_ok "flags.csv has no verwijzer_1"
S2=$(new_study flags.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/flags.csv"
expect_rc 0 "multiple choice as 0/1 columns"
expect_out_line "imported 3 respondents with 119 answers into wave 2016 from $TMP/flags.csv"
same_answers "$S2" "$S" "multiple choice as 0/1 columns"
# ITEM[CODE] headers (LimeSurvey style) and other spellings of yes and no
MC=flags YES=Y NO=nee
{ header | sed 's/verwijzer_\([0-9]\)/verwijzer[\1]/g'; good | tail -n +2; } > "$TMP/brackets.csv"
MC=list YES=1 NO=0
head -1 "$TMP/brackets.csv" | grep -q ';verwijzer\[1\];' || not_ok "brackets.csv has no verwijzer[1]"
grep -q '^r3;.*;nee;Y;nee;Y;nee;nee;nee;nee;Y;' "$TMP/brackets.csv" || not_ok "brackets.csv lacks Y/nee"
S2=$(new_study brackets.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/brackets.csv"
expect_rc 0 "multiple choice as ITEM[CODE] columns"
same_answers "$S2" "$S" "multiple choice as ITEM[CODE] columns"
# all boxes of an asked item 0: asked, nothing chosen, one empty row
MC=flags
{ header; resp m1 netwerk_steun=1 netwerk_wie=";"; } > "$TMP/none.csv"
MC=list
grep -q '^m1;.*;1;0;0;0;0;' "$TMP/none.csv" || not_ok "none.csv lacks the 0 boxes"
S2=$(new_study none.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$TMP/none.csv"
expect_rc 0 "multiple choice with no box ticked"
expect_answer "$S2" m1 netwerk_wie "-|-|-"

finish
