# t-survey-formats.sh: JSON (an array of objects, LimeSurvey's {"responses": [...]}) and SPSS
# .sav responses import the same answers as the CSV; their damaged files are refused.
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

# json_str TEXT: TEXT as a JSON string
json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\n'/\\n}
	s=${s//$'\r'/\\r}
	s=${s//$'\t'/\\t}
	printf '"%s"' "$s"
}

# jresp STYLE ID [ITEM=VALUE...]: one respondent as a JSON object on one line.
# plain: {"respnr": ..., "segment": 1, ...}, whole numbers as numbers, empty as null,
#   multiple choice as an array of codes;
# lime: LimeSurvey's export ("code" answers, "short" headings): every value a string, empty
#   as "", the response id in "id" next to submitdate/lastpage/startlanguage, multiple choice
#   as ITEM[CODE] "Y" or "".
jresp() {
	local style=$1 id=$2 it k v out
	shift
	fill "$@"
	if [ "$style" = plain ]; then
		out="{\"respnr\": $(json_str "$id")"
	else
		out="{\"id\": $(json_str "$id"), \"submitdate\": \"2016-05-01 10:00:00\", \"lastpage\": \"12\", \"startlanguage\": \"nl\""
	fi
	for it in $ITEMS; do
		v=${V[$it]:-}
		if [ -n "${NOPT[$it]:-}" ] && [ "$style" = plain ]; then
			if [ -z "$v" ]; then out+=", \"$it\": null"; else out+=", \"$it\": [${v//;/, }]"; fi
		elif [ -n "${NOPT[$it]:-}" ]; then
			for ((k = 1; k <= NOPT[$it]; k++)); do
				if [ -n "$v" ] && [[ ";$v;" == *";$k;"* ]]; then out+=", \"${it}[$k]\": \"Y\""
				else out+=", \"${it}[$k]\": \"\""; fi
			done
		elif [ "$style" = plain ] && [ -z "$v" ]; then
			out+=", \"$it\": null"
		elif [ "$style" = plain ] && [[ $v =~ ^[0-9]+$ ]]; then
			out+=", \"$it\": $v"
		else
			out+=", \"$it\": $(json_str "$v")"
		fi
	done
	printf '%s}' "$out"
}

# The reference: the same three respondents as t-survey-csv.sh.
OPEN_R2='Fijn; ze zeiden "top"
en luisterden \ dus'
R1=(r1)
R2=(r2 segment=3 maatregel=2 wachttijd= wacht_tevreden= toegang_weten=8 netwerk_steun=1
	netwerk_wie="1;3" "open_goed=$OPEN_R2")
R3=(r3 cijfer= meerdere_hulpverleners=1 samenwerking_tevreden=5 passende_hulp=2 passend_nodig=3
	verwijzer="2;4;9" open_beter=sneller)
{ header; resp "${R1[@]}"; resp "${R2[@]}"; resp "${R3[@]}"; } > "$TMP/good.csv"
S=$(new_study ref.sqlite)
run "$T" collect survey "$S" -q "$Q" -w 2016 "$TMP/good.csv"
expect_rc 0 "the CSV reference"
expect_out_line "imported 3 respondents with 119 answers into wave 2016 from $TMP/good.csv"

# ---- a JSON array of objects ----
F=$TMP/plain.json
{
	printf '[\n  '; jresp plain "${R1[@]}"
	printf ',\n  '; jresp plain "${R2[@]}"
	printf ',\n  '; jresp plain "${R3[@]}"
	printf '\n]\n'
} > "$F"
S2=$(new_study plain.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$F"
expect_rc 0 "a JSON array of objects"
expect_out_line "imported 3 respondents with 119 answers into wave 2016 from $F"
expect_err_count 0
same_answers "$S2" "$S" "a JSON array of objects"
expect_sql "$S2" "SELECT group_concat(ext_id || ':' || source_line, ' ') FROM
	(SELECT * FROM respondent ORDER BY ext_id)" "r1:2 r2:3 r3:4"
# the same file under another name is read as JSON with --format json
cp "$F" "$TMP/plain.txt"
S2=$(new_study plain-txt.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --format json "$TMP/plain.txt"
expect_rc 0 "--format json"
same_answers "$S2" "$S" "--format json"
# keys in any order, absent keys as empty cells, a byte order mark
F=$TMP/sparse.json
{
	printf '\357\273\277[\n'
	printf '  {"open_beter": null, "segment": 1, "respnr": "s1"},\n'
	printf '  '; jresp plain "${R1[@]}"; printf '\n]\n'
} > "$F"
S2=$(new_study sparse.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$F"
expect_rc 0 "keys in any order and absent"
# s1: segment answered; 37 items asked and empty (not JB/JR, so the waiting time was asked
# in 2016); maatregel and the three follow-ups not asked
expect_out_line "imported 2 respondents with 76 answers into wave 2016 from $F"
expect_sql "$S2" "SELECT count(*) FROM answer a JOIN respondent r ON r.id = a.respondent_id
	WHERE r.ext_id = 's1' AND a.option_id IS NULL AND a.num IS NULL AND a.text IS NULL" "37"
expect_answer() {
	got=$(answer "$1" "$2" "$3")
	if [ "$got" = "$4" ]; then ok; else not_ok "answer of $2 to $3 is '$got', expected '$4'"; fi
}
expect_answer "$S2" s1 segment "1|-|-"
expect_answer "$S2" s1 maatregel ""

# ---- LimeSurvey: {"responses": [...]}, flat and with each response wrapped in {"<id>": {...}} ----
printf 'column,item\nid,respnr\n' > "$TMP/lime-map.csv"
for shape in flat wrapped; do
	F=$TMP/lime-$shape.json
	{
		printf '{"responses": [\n'
		sep='  '
		for r in R1 R2 R3; do
			declare -n rr=$r
			if [ $shape = flat ]; then
				printf '%s' "$sep"; jresp lime "${rr[@]}"
			else
				printf '%s{"%s": ' "$sep" "${rr[0]}"; jresp lime "${rr[@]}"; printf '}'
			fi
			sep=$',\n  '
		done
		printf '\n]}\n'
	} > "$F"
	S2=$(new_study "lime-$shape.sqlite")
	run "$T" collect survey "$S2" -q "$Q" -w 2016 --map "$TMP/lime-map.csv" \
		--ignore submitdate,lastpage --ignore startlanguage "$F"
	expect_rc 0 "LimeSurvey export, $shape"
	expect_out_line "imported 3 respondents with 119 answers into wave 2016 from $F"
	expect_err_count 0
	same_answers "$S2" "$S" "LimeSurvey export, $shape"
done
# without --ignore the bookkeeping keys are unknown columns, positioned at their first key
S2=$(new_study lime-unknown.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --map "$TMP/lime-map.csv" "$TMP/lime-flat.json"
expect_rc 1 "LimeSurvey export without --ignore"
expect_err_line "$TMP/lime-flat.json:2:16: unknown column 'submitdate': not an item of questionnaire 'ceo-jeugd' (map it with --map, or skip it with --ignore submitdate)"
expect_err_line "tevreden: $TMP/lime-flat.json: nothing imported: 3 errors"
expect_sql "$S2" "SELECT count(*) FROM respondent" "0"

# ---- damaged JSON: refused with line:column, the study left alone ----
snapshot "$S"
# refused FILE DESCRIPTION: exit code 1, nothing imported, study unchanged
refused() {
	expect_rc 1 "$2"
	expect_err_line "tevreden: $1: nothing imported: 1 error"
	unchanged "$S" "$2"
}
F=$TMP/comma.json
{ printf '[\n  '; jresp plain e1; printf '\n  '; jresp plain e2; printf '\n]\n'; } > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:3:3: invalid JSON: expected ',' or ']'"
refused "$F" "a missing comma between responses"

F=$TMP/truncated.json
{ printf '[\n  '; jresp plain e1; printf ',\n  '; jresp plain e2; } | head -c 1000 > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:3:$(( $(tail -1 "$F" | wc -m) + 1 )): invalid JSON: unexpected end of file"
refused "$F" "a truncated JSON file"

F=$TMP/key.json
printf '[\n  {"respnr": "e1",\n   cijfer: 8}\n]\n' > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:3:4: invalid JSON: expected a key in double quotes"
refused "$F" "an unquoted key"

F=$TMP/trailing.json
{ printf '[\n  '; jresp plain e1; printf '\n]\n]\n'; } > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:4:1: invalid JSON: unexpected text after the end of the JSON value"
refused "$F" "text after the JSON value"

F=$TMP/utf8.json
{ printf '[\n  '; jresp plain e1 "open_goed=caf$(printf '\351')"; printf '\n]\n'; } > "$F"
# the column counts characters; everything before "café" is ASCII
col=$(( $(head -2 "$F" | tail -1 | LC_ALL=C grep -ob 'caf' | cut -d: -f1) + 4 ))
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:2:$col: invalid UTF-8 byte 0xe9, JSON must be UTF-8"
refused "$F" "invalid UTF-8 in JSON"

F=$TMP/empty.json
: > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F: empty file, expected JSON"
refused "$F" "an empty JSON file"

F=$TMP/object.json
printf '{"antwoorden": []}\n' > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:1:1: expected an array of objects or {\"responses\": [...]}"
refused "$F" "an object without responses"

F=$TMP/not-objects.json
printf '[\n  ["e1", 1]\n]\n' > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:2:3: expected an object for each response, found an array"
refused "$F" "an array of arrays"

F=$TMP/dupkey.json
printf '[\n  {"respnr": "e1", "cijfer": 8, "cijfer": 9}\n]\n' > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:2:33: duplicate key 'cijfer'"
refused "$F" "a duplicate key"

# an answer error points at the value in the JSON text
F=$TMP/value.json
{ printf '[\n  '; jresp plain e1; printf ',\n  {"respnr": "e2", "segment": 1, "cijfer": 11}\n]\n'; } > "$F"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$F"
expect_err_line "$F:3:44: value '11' for 'cijfer' is outside 1..10"
refused "$F" "a value out of range in JSON"

# ---- SPSS .sav ----
if [ -f "$DATA/ceo-2016.sav" ] && [ -f "$DATA/ceo-2016.csv" ]; then
	Scsv=$(new_study sav-csv.sqlite)
	Ssav=$(new_study sav-sav.sqlite)
	run "$T" collect survey "$Scsv" -q "$Q" -w 2016 "$DATA/ceo-2016.csv"
	expect_rc 0 "data/ceo-2016.csv"
	expect_out_has "imported 614 respondents with "
	run "$T" collect survey "$Ssav" -q "$Q" -w 2016 "$DATA/ceo-2016.sav"
	expect_rc 0 "data/ceo-2016.sav"
	expect_out_has "imported 614 respondents with "
	same_answers "$Ssav" "$Scsv" "data/ceo-2016.sav and data/ceo-2016.csv"
	expect_sql "$Ssav" "SELECT count(*) FROM answer a JOIN item i ON i.id = a.item_id
		WHERE i.type = 'open' AND a.text IS NOT NULL" \
		"$(sqlite3 "$Scsv" "SELECT count(*) FROM answer a JOIN item i ON i.id = a.item_id
		WHERE i.type = 'open' AND a.text IS NOT NULL")"
	expect_sql "$Ssav" "SELECT count(*) > 0 FROM answer a JOIN scale_option o ON o.id = a.option_id
		WHERE o.is_missing = 1" "1"

	# damaged .sav files
	Sv=$(new_study sav-errors.sqlite)
	F=$TMP/ceo-2016.sav
	cp "$DATA/ceo-2016.sav" "$F"
	run "$T" collect survey "$Sv" -q "$Q" -w 2016 "$F"
	expect_rc 0 "a copy of the .sav"
	snapshot "$Sv"
	S=$Sv
	F=$TMP/truncated.sav
	head -c 60000 "$DATA/ceo-2016.sav" > "$F"
	run "$T" collect survey "$Sv" -q "$Q" -w 2017 "$F"
	expect_err_line "$F: not a valid SPSS file: File did not contain the expected number of rows"
	refused "$F" "a truncated .sav"
	F=$TMP/header.sav
	head -c 100 "$DATA/ceo-2016.sav" > "$F"
	run "$T" collect survey "$Sv" -q "$Q" -w 2017 "$F"
	expect_err_line "$F: not a valid SPSS file: Unable to read from file (the file ends too early)"
	refused "$F" "a .sav cut off in its header"
	F=$TMP/csv.sav
	cp "$TMP/good.csv" "$F"
	run "$T" collect survey "$Sv" -q "$Q" -w 2017 "$F"
	expect_err_line "$F: not a valid SPSS file: Invalid file, or file has unsupported features"
	refused "$F" "a CSV file named .sav"
	F=$TMP/empty.sav
	: > "$F"
	run "$T" collect survey "$Sv" -q "$Q" -w 2017 "$F"
	expect_err_line "$F: empty file, expected an SPSS .sav or .zsav file"
	refused "$F" "an empty .sav"
else
	not_ok "data/ceo-2016.sav or data/ceo-2016.csv is missing: the .sav/.csv comparison cannot run"
fi

finish
