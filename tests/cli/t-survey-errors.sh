# t-survey-errors.sh: every way a survey import can be refused: the exact exit code, the exact
# FILE:LINE:COL message, and a study left exactly as it was (an earlier import is in it).
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/survey-fixture.sh"


# imp [OPTION...] FILE: import FILE into wave 2016 of $S, checked against $Q
imp() { run "$T" collect survey "$S" -q "$Q" -w 2016 "$@"; }

# refused DESCRIPTION ERRORS: exit code 1, the summary line for ERRORS errors, study unchanged
# (uses $F, the file just imported)
refused() {
	expect_rc 1 "$1"
	if [ "$2" = 1 ]; then
		expect_err_line "tevreden: $F: nothing imported: 1 error"
	else
		expect_err_line "tevreden: $F: nothing imported: $2 errors"
	fi
	unchanged "$S" "$1"
}

# ---- a study with an earlier import of r1..r3 in wave 2016 ----
S=$(new_study s.sqlite)
F=$TMP/base.csv
{ header; resp r1; resp r2 netwerk_steun=1 netwerk_wie=2; resp r3 segment=3 maatregel=1 wachttijd= wacht_tevreden=; } > "$F"
imp "$F"
expect_rc 0 "the earlier import"
expect_out_line "imported 3 respondents with 114 answers into wave 2016 from $F"
snapshot "$S"

# ---- columns ----
F=$TMP/unknown.csv
{ header | sed 's/$/;opmerking/'; resp e1 | sed 's/$/;x/'; } > "$F"
imp "$F"
expect_err_line "$F:1:44: unknown column 'opmerking': not an item of questionnaire 'ceo-jeugd' (map it with --map, or skip it with --ignore opmerking)"
expect_err_count 2
refused "unknown column" 1
# ... which --ignore and --ignore-unknown get past (in a study of its own)
S2=$(new_study ignore.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --ignore opmerking,ook_niet "$F"
expect_rc 0 "--ignore"
expect_err_count 0
expect_sql "$S2" "SELECT count(*) FROM respondent WHERE ext_id = 'e1'" "1"
S2=$(new_study ignore-unknown.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --ignore-unknown "$F"
expect_rc 0 "--ignore-unknown"
expect_err_line "$F:1:44: warning: ignoring unknown column 'opmerking'"
expect_out_line "1 warnings"
expect_sql "$S2" "SELECT count(*) FROM respondent WHERE ext_id = 'e1'" "1"

F=$TMP/missing.csv
{ header | sed 's/;cijfer;/;/'; resp e1 | sed 's/^\(\([^;]*;\)\{7\}\)8;/\1/'; } > "$F"
imp "$F"
expect_err_line "$F:1: no column for item 'cijfer' (asked in wave 2016; --allow-missing leaves it out)"
expect_err_count 2
refused "missing column" 1
# --allow-missing: imported with a warning; the item is not asked, so it has no row
S2=$(new_study allow-missing.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --allow-missing "$F"
expect_rc 0 "--allow-missing"
expect_out_line "imported 1 respondents with 37 answers into wave 2016 from $F"
expect_out_line "1 warnings"
expect_err_line "$F:1: warning: no column for item 'cijfer'; it is left out"
expect_err_count 1
expect_sql "$S2" "SELECT count(*) FROM answer a JOIN item i ON i.id = a.item_id WHERE i.name = 'cijfer'" "0"
expect_sql "$S2" "SELECT count(*) FROM answer a JOIN item i ON i.id = a.item_id WHERE i.name = 'tevreden'" "1"

F=$TMP/twice.csv
{ header | sed 's/$/;tevreden/'; resp e1 | sed 's/$/;1/'; } > "$F"
imp "$F"
expect_err_line "$F:1:44: column 'tevreden' appears twice (also column 7)"
expect_err_line "$F:1:44: a second column for item 'tevreden'"
refused "a column twice" 2

F=$TMP/noid.csv
{ header | sed 's/^respnr;/volgnr;/'; resp e1; } > "$F"
imp "$F"
expect_err_line "$F:1:1: unknown column 'volgnr': not an item of questionnaire 'ceo-jeugd' (map it with --map, or skip it with --ignore volgnr)"
expect_err_line "$F:1: no respondent id column 'respnr' (the questionnaire's \"respondent_id\"; map another column to it with --map)"
refused "no respondent id column" 2

F=$TMP/emptyname.csv
{ header | sed 's/;open_beter$/;/'; resp e1; } > "$F"
imp "$F"
expect_err_line "$F:1:43: empty column name in column 43"
refused "an empty column name" 1

# ---- values ----
F=$TMP/values.csv
{
	header
	resp e1 tevreden=3 toegang_snel=5 verwijzer="2;12" effect_beter=ja
	resp e2 cijfer=11 leeftijd=abc wachttijd=-1 "open_goed=goed"
	resp e3 cijfer=7,5 leeftijd=24 wachttijd=1e400 passende_hulp=" "
	resp e4 cijfer=0x8 leeftijd=NaN wachttijd=4.5 netwerk_steun=1 netwerk_wie="1;9"
} > "$F"
imp "$F"
expect_err_line "$F:2:7: value '3' for 'tevreden' is not a code of scale 'janee' (1 ja, 2 nee; missing 8, 9)"
expect_err_line "$F:2:12: value '5' for 'toegang_snel' is not a code of scale 'frequentie' (1 nooit, 2 soms, 3 vaak, 4 altijd; missing 8, 9)"
expect_err_line "$F:2:15: value '2;12' for 'verwijzer' is not a code of scale 'verwijzers' (1 school/SMW, 2 huisarts, 3 specialist, 4 gemeente/wijkteam, 5 schoolarts/CJG, 6 jeugdbescherming, 7 MEE, 8 overig, 9 weet niet meer)"
expect_err_line "$F:2:29: value 'ja' for 'effect_beter' is not a code of scale 'akkoord' (1 zeer mee eens, 2 mee eens, 3 neutraal, 4 mee oneens, 5 zeer mee oneens; missing 7, 8, 9)"
expect_err_line "$F:3:4: value 'abc' for 'leeftijd' is not a number"
expect_err_line "$F:3:8: value '11' for 'cijfer' is outside 1..10"
expect_err_line "$F:3:9: value '-1' for 'wachttijd' is outside 0..36"
expect_err_line "$F:4:4: value '24' for 'leeftijd' is outside 0..23"
expect_err_line "$F:4:8: value '7,5' for 'cijfer' is not a whole number"
expect_err_line "$F:4:9: value '1e400' for 'wachttijd' is not a number"
expect_err_line "$F:5:4: value 'NaN' for 'leeftijd' is not a number"
expect_err_line "$F:5:8: value '0x8' for 'cijfer' is not a number"
expect_err_line "$F:5:9: value '4.5' for 'wachttijd' is not a whole number"
expect_err_line "$F:5:17: value '1;9' for 'netwerk_wie' is not a code of scale 'netwerkleden' (1 familie, 2 vrienden, 3 buren, 4 vrijwilligers)"
expect_err_count 15
refused "bad values" 14

F=$TMP/flags.csv
MC=flags
{ header; resp e1 netwerk_steun=1 netwerk_wie="2"; } | sed 's/;1;0;1;0;0;2;/;1;0;2;0;0;2;/' > "$F"
MC=list
grep -q ';1;0;2;0;0;2;' "$F" || not_ok "flags.csv lacks the bad flag"
imp "$F"
expect_err_line "$F:2:26: value '2' for option 2 of 'netwerk_wie' is not 0 or 1"
refused "a 0/1 column with 2" 1

# ---- routing ----
F=$TMP/routing.csv
{
	header
	resp e1 maatregel=2
	resp e2 netwerk_wie=1 passend_nodig=2 samenwerking_tevreden=4
	resp e3 segment=3 maatregel=1 wachttijd=2
	resp e4 segment=2 eerste_keer=2 wachttijd=2
} > "$F"
imp "$F"
expect_err_line "$F:2:6: respondent 'e1' answered 'maatregel', which routing says was not asked (--routing warn drops such answers)"
expect_err_line "$F:3:17: respondent 'e2' answered 'netwerk_wie', which routing says was not asked (--routing warn drops such answers)"
expect_err_line "$F:3:19: respondent 'e2' answered 'samenwerking_tevreden', which routing says was not asked (--routing warn drops such answers)"
expect_err_line "$F:3:21: respondent 'e2' answered 'passend_nodig', which routing says was not asked (--routing warn drops such answers)"
expect_err_line "$F:4:9: respondent 'e3' answered 'wachttijd', which routing says was not asked (--routing warn drops such answers)"
expect_err_line "$F:4:10: respondent 'e3' answered 'wacht_tevreden', which routing says was not asked (--routing warn drops such answers)"
expect_err_count 7
refused "answers routing did not ask" 6
# wave 2015 asked the waiting time only of first-time clients; 2016 of everyone outside JB/JR
S2=$(new_study routing-2015.sqlite)
F=$TMP/routing-2015.csv
{ header; resp e4 segment=2 eerste_keer=2 wachttijd=2 wacht_tevreden=; } > "$F"
run "$T" collect survey "$S2" -q "$Q" -w 2015 "$F"
expect_rc 1 "waiting time of a returning client in 2015"
expect_err_line "$F:2:9: respondent 'e4' answered 'wachttijd', which routing says was not asked (--routing warn drops such answers)"
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$F"
expect_rc 0 "waiting time of a returning client in 2016"
expect_sql "$S2" "SELECT count(*) FROM answer a JOIN item i ON i.id = a.item_id WHERE i.name = 'wachttijd' AND a.num = 2" "1"
# --routing warn: imported, with a warning per dropped answer, and the answers dropped
S2=$(new_study routing-warn.sqlite)
F=$TMP/routing.csv
run "$T" collect survey "$S2" -q "$Q" -w 2016 --routing warn "$F"
expect_rc 0 "--routing warn"
expect_out_line "imported 4 respondents with 151 answers into wave 2016 from $F"
expect_out_line "6 warnings"
expect_err_line "$F:2:6: warning: respondent 'e1' answered 'maatregel', which routing says was not asked; the answer is dropped"
expect_err_line "$F:3:17: warning: respondent 'e2' answered 'netwerk_wie', which routing says was not asked; the answer is dropped"
expect_err_line "$F:4:10: warning: respondent 'e3' answered 'wacht_tevreden', which routing says was not asked; the answer is dropped"
expect_err_count 6
expect_sql "$S2" "SELECT count(*) FROM answer a JOIN item i ON i.id = a.item_id WHERE i.name IN
	('maatregel', 'netwerk_wie', 'samenwerking_tevreden', 'passend_nodig')
	AND a.respondent_id IN (SELECT id FROM respondent WHERE ext_id IN ('e1', 'e2'))" "0"
expect_sql "$S2" "SELECT count(*) FROM answer a JOIN item i ON i.id = a.item_id WHERE i.name IN
	('wachttijd', 'wacht_tevreden') AND a.respondent_id = (SELECT id FROM respondent WHERE ext_id = 'e3')" "0"
expect_sql "$S2" "SELECT r.ext_id FROM answer a JOIN item i ON i.id = a.item_id JOIN respondent r
	ON r.id = a.respondent_id WHERE i.name = 'maatregel'" "e3"
expect_sql "$S2" "SELECT rows || ' ' || warnings FROM import_log" "4 6"
run "$T" collect survey "$S2" -q "$Q" -w 2016 --routing maybe "$F"
expect_rc 2 "bad --routing"
expect_err_line "tevreden: --routing expects error or warn, not 'maybe'"

# ---- respondent ids ----
F=$TMP/dup.csv
{ header; resp e1; resp e2; resp e1 cijfer=5; resp ""; } > "$F"
imp "$F"
expect_err_line "$F:4:1: respondent id 'e1' appears twice in this file"
expect_err_line "$F:5:1: empty respondent id"
refused "duplicate and empty respondent ids" 2

F=$TMP/earlier.csv
{ header; resp e1; resp r2; } > "$F"
imp "$F"
expect_err_line "$F:3:1: respondent id 'r2' is already in wave 2016 (from an earlier import)"
refused "a respondent already in the wave" 1
# the same ids in another wave are other respondents
run "$T" collect survey "$S" -q "$Q" -w 2017 "$F"
expect_rc 0 "the same respondent ids in another wave"
expect_sql "$S" "SELECT count(*) FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.name = '2017'" "2"
snapshot "$S"

# ---- the same file twice, --replace ----
F=$TMP/base.csv
imp "$F"
expect_rc 1 "the same file twice"
expect_err_line "tevreden: $F: this file was imported before (import 1, same checksum); --replace imports it again in place of the earlier import"
expect_err_count 1
unchanged "$S" "the same file twice"
cp "$F" "$TMP/base-copy.csv"
run "$T" collect survey "$S" -q "$Q" -w 2016 "$TMP/base-copy.csv"
expect_rc 1 "the same content under another name"
expect_err_line "tevreden: $TMP/base-copy.csv: this file was imported before (import 1, same checksum); --replace imports it again in place of the earlier import"
unchanged "$S" "the same content under another name"
answers "$S" > "$TMP/before-replace"
imp --replace "$F"
expect_rc 0 "--replace"
expect_out_line "imported 3 respondents with 114 answers into wave 2016 from $F (replacing the earlier import)"
expect_sql "$S" "SELECT count(*) FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.name = '2016'" "3"
expect_sql "$S" "SELECT count(*) FROM answer a JOIN respondent r ON r.id = a.respondent_id
	JOIN wave w ON w.id = r.wave_id WHERE w.name = '2016'" "114"
answers "$S" > "$TMP/after-replace"
if cmp -s "$TMP/before-replace" "$TMP/after-replace"; then ok; else not_ok "--replace changed the answers"; fi
imp --replace "$F"
expect_rc 0 "--replace a second time"
expect_sql "$S" "SELECT count(*) FROM respondent" "5"
# The log keeps every import of the file: each replaced one marked with the import that
# replaced it, none of its respondents left; only the last one has respondents.
expect_sql "$S" "SELECT group_concat(l.id || ' ' || ifnull(l.replaced_by, '-') || ' ' || l.rows || ' '
	|| (SELECT count(*) FROM respondent r WHERE r.import_id = l.id), ', ')
	FROM import_log l WHERE l.file = '$F'" "1 3 3 0, 3 4 3 0, 4 - 3 3"
snapshot "$S"
imp "$F"
expect_rc 1 "the same file after --replace"
expect_err_line "tevreden: $F: this file was imported before (import 4, same checksum); --replace imports it again in place of the earlier import"
unchanged "$S" "the same file after --replace"
snapshot "$S"

# ---- --max-errors ----
F=$TMP/max.csv
{ header; resp e1 leeftijd=x tevreden=3 cijfer=11; resp e2 tevreden=5; } > "$F"
imp --max-errors 2 "$F"
expect_rc 1 "--max-errors 2"
expect_err_line "$F:2:4: value 'x' for 'leeftijd' is not a number"
expect_err_line "$F:2:7: value '3' for 'tevreden' is not a code of scale 'janee' (1 ja, 2 nee; missing 8, 9)"
expect_err_line "tevreden: $F: nothing imported: 2 errors (stopped at --max-errors)"
expect_err_count 3
unchanged "$S" "--max-errors 2"
imp --max-errors 3 "$F"
expect_err_line "tevreden: $F: nothing imported: 3 errors (stopped at --max-errors)"
expect_err_count 4
imp --max-errors 10 "$F"
expect_err_line "tevreden: $F: nothing imported: 4 errors"
expect_err_count 5
unchanged "$S" "--max-errors 10"
imp --max-errors 0 "$F"
expect_rc 2 "--max-errors 0"
expect_err_line "tevreden: --max-errors expects a whole number from 1 to 1000000, not '0'"
unchanged "$S" "--max-errors 0"

# ---- damaged files ----
F=$TMP/empty.csv
: > "$F"
imp "$F"
expect_err_line "$F:1: empty file, expected a header line"
refused "an empty file" 1

F=$TMP/blank.csv
printf '\n  \n\n' > "$F"
imp "$F"
expect_err_line "$F:1: empty file, expected a header line"
refused "a file of blank lines" 1

# a header and no records: a valid, empty delivery; nothing but the import is recorded
F=$TMP/header-only.csv
header > "$F"
S2=$(new_study header-only.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 "$F"
expect_rc 0 "header only"
expect_out_line "imported 0 respondents with 0 answers into wave 2016 from $F"
expect_sql "$S2" "SELECT count(*) FROM respondent" "0"
expect_sql "$S2" "SELECT rows FROM import_log" "0"

F=$TMP/unterminated.csv
{ header; resp e1; resp e2 open_goed=begin; resp e3; resp e4; } | sed 's/;begin;/;"begin;/' > "$F"
imp "$F"
expect_err_line "$F:5: unterminated quoted field starting at line 3"
refused "an unterminated quote" 1

F=$TMP/truncated.csv
# cut off after 60 bytes: "e2;1;1;10;1;;1;8;3;1;3;3;3;1;2;2;;2;;1;;4;4;4;4;4;4;4;2;2;2;"
{ header; resp e1; resp e2 | head -c 60; } > "$F"
imp "$F"
expect_err_line "$F:3: expected 43 fields, found 32"
refused "a truncated last record" 1

F=$TMP/quote-in-field.csv
{ header; resp e1 open_goed=xy; } | sed 's/;xy;/;x"y;/' > "$F"
imp "$F"
expect_err_line "$F:2:42: quote inside unquoted field 42"
refused "a quote inside an unquoted field" 1

F=$TMP/after-quote.csv
{ header; resp e1 open_goed=xy; } | sed 's/;xy;/;"x"y;/' > "$F"
imp "$F"
expect_err_line "$F:2:42: text after the closing quote of field 42"
refused "text after a closing quote" 1

F=$TMP/few.csv
{ header; resp e1; resp e2 | cut -d';' -f1-20; resp e3; resp e4 | sed 's/$/;extra/'; } > "$F"
imp "$F"
expect_err_line "$F:3: expected 43 fields, found 20"
expect_err_line "$F:5:44: expected 43 fields, found 44"
refused "too few and too many fields" 2

F=$TMP/utf8.csv
{ header; resp e1 "open_goed=caf$(printf '\351')"; resp e2 "open_beter=$(printf '\303(')"; resp e3 "open_goed=$(printf '\355\240\200')"; } > "$F"
imp "$F"
expect_err_line "$F:2:42: invalid UTF-8 in field 42 (use --encoding windows-1252 for Excel exports)"
expect_err_line "$F:3:43: invalid UTF-8 in field 43 (use --encoding windows-1252 for Excel exports)"
expect_err_line "$F:4:42: invalid UTF-8 in field 42 (use --encoding windows-1252 for Excel exports)"
refused "invalid UTF-8" 3

F=$TMP/nul.csv
{ header; resp e1 open_goed=ab; } | sed 's/;ab;/;a\x00b;/' > "$F"
imp "$F"
expect_err_line "$F:2:42: NUL byte in field 42"
refused "a NUL byte" 1

F=$TMP/utf16.csv
{ printf '\377\376'; header | sed 's/./&\x00/g'; } > "$F"
imp "$F"
expect_err_line "$F:1: file is UTF-16, expected UTF-8 (save it as CSV UTF-8)"
refused "a UTF-16 file" 1

F=$TMP/bom-1252.csv
{ printf '\357\273\277'; header; resp e1; } > "$F"
imp --encoding windows-1252 "$F"
expect_err_line "$F:1: file starts with a UTF-8 byte order mark, so it is not windows-1252"
refused "a byte order mark with --encoding windows-1252" 1

F=$TMP/undefined-1252.csv
{ header; resp e1 "open_goed=a$(printf '\201')b"; } > "$F"
imp --encoding windows-1252 "$F"
expect_err_line "$F:2:42: byte 0x81 in field 42 is not a windows-1252 character"
refused "a byte windows-1252 leaves undefined" 1

# errors after a multi-line answer in a CRLF file still get their physical line
F=$TMP/crlf.csv
EOL=$'\r\n'
{ header; resp e1 "open_goed=een
twee
drie"; resp e2 cijfer=0; } > "$F"
EOL=$'\n'
imp "$F"
expect_err_line "$F:5:8: value '0' for 'cijfer' is outside 1..10"
refused "an error after a multi-line answer, CRLF" 1

# a 10 MB line: one huge answer, one huge header, a line of 10 million delimiters
F=$TMP/big-field.csv
{ header; resp e1; printf 'e2;'; head -c 10485760 /dev/zero | tr '\0' x; printf '\n'; resp e3; } > "$F"
imp "$F"
expect_err_line "$F:3:2: field longer than 1048576 bytes"
refused "a 10 MB field" 1
F=$TMP/big-header.csv
{ head -c 10485760 /dev/zero | tr '\0' x; printf '\n'; resp e1; } > "$F"
imp "$F"
expect_err_line "$F:1:1: field longer than 1048576 bytes"
refused "a 10 MB header" 1
F=$TMP/big-fields.csv
{ header; resp e1; head -c 10485760 /dev/zero | tr '\0' ';'; printf '\n'; resp e2; } > "$F"
imp "$F"
expect_err_line "$F:3:44: expected 43 fields, found 10485761"
refused "a line of 10 million delimiters" 1

# the wrong delimiter forced: the whole header is one unknown column
F=$TMP/semicolon.csv
{ header; resp e1; } > "$F"
imp --delimiter , "$F"
expect_err_line "$F:1: no respondent id column 'respnr' (the questionnaire's \"respondent_id\"; map another column to it with --map)"
expect_err_line "$F:1: no column for item 'segment' (asked in wave 2016; --allow-missing leaves it out)"
expect_rc 1 "--delimiter , on a ';' file"
expect_err_line "tevreden: $F: nothing imported: 20 errors (stopped at --max-errors)"
if head -1 "$TMP/err" | grep -qF "$F:1:1: unknown column 'respnr;segment;resptype;"; then ok; else
	not_ok "the first error does not name the whole header as one column"; fi
unchanged "$S" "--delimiter , on a ';' file"

# missing files
imp "$TMP/nothere.csv"
expect_rc 3 "a missing response file"
expect_err_line "tevreden: cannot open '$TMP/nothere.csv': No such file or directory"
unchanged "$S" "a missing response file"
run "$T" collect survey "$S" -q "$TMP/nothere.json" -w 2016 "$TMP/base.csv"
expect_rc 3 "a missing questionnaire file"
expect_err_line "tevreden: cannot open '$TMP/nothere.json': No such file or directory"
unchanged "$S" "a missing questionnaire file"

# ---- mapping files ----
F=$TMP/mapped.csv
{
	header | sed 's/^respnr;/volgnr;/; s/;cijfer;/;rapportcijfer;/; s/;verwijzer;/;via_huisarts;via_gemeente;/; s/$/;interviewer/'
	resp m1 verwijzer="2;4" | sed 's/;"2;4";/;1;1;/; s/$/;Anna/'
	resp m2 cijfer=6 verwijzer=1 | sed 's/;1;2;;2;;1;;/;0;0;2;;2;;1;;/; s/$/;Piet/'
} > "$F"
printf 'column,item\nvolgnr,respnr\nrapportcijfer,cijfer\nvia_huisarts,verwijzer:2\nvia_gemeente,verwijzer:4\ninterviewer,-\n' > "$TMP/map.csv"
S2=$(new_study mapped.sqlite)
run "$T" collect survey "$S2" -q "$Q" -w 2016 --map "$TMP/map.csv" "$F"
expect_rc 0 "--map"
expect_out_line "imported 2 respondents with 77 answers into wave 2016 from $F"
expect_answer() {
	got=$(answer "$1" "$2" "$3")
	if [ "$got" = "$4" ]; then ok; else not_ok "answer of $2 to $3 is '$got', expected '$4'"; fi
}
expect_answer "$S2" m1 cijfer "-|8.0|-"
expect_answer "$S2" m2 cijfer "-|6.0|-"
expect_answer "$S2" m1 verwijzer "2|-|- 4|-|-"
expect_answer "$S2" m2 verwijzer "-|-|-"

printf 'column,item\nvolgnr,respnr\nrapportcijfer,rapport\ninterviewer,-\n' > "$TMP/map-unknown.csv"
imp --map "$TMP/map-unknown.csv" "$F"
expect_rc 1 "a mapping to an unknown item"
expect_err_line "$TMP/map-unknown.csv:3:2: unknown item 'rapport'"
unchanged "$S" "a mapping to an unknown item"

printf 'column,item\nvolgnr,respnr\nrapportcijfer,tevreden:1\nvia_huisarts,verwijzer:12\nvia_gemeente,verwijzer:4\ninterviewer,-\n' > "$TMP/map-code.csv"
imp --map "$TMP/map-code.csv" "$F"
expect_rc 1 "mappings to a code of a single item and to a code not in the scale"
expect_err_line "$F:1:8: mapping 'rapportcijfer' to 'tevreden:1': 'tevreden' is not a multiple-choice item"
expect_err_line "$F:1:15: mapping 'via_huisarts' to 'verwijzer:12': 12 is not a code of scale 'verwijzers'"
unchanged "$S" "mappings to wrong codes"

printf 'column,item\nvolgnr,respnr\nvia_huisarts,verwijzer:x\n' > "$TMP/map-x.csv"
imp --map "$TMP/map-x.csv" "$F"
expect_rc 1 "a mapping with a non-numeric code"
expect_err_line "$TMP/map-x.csv:3:2: expected 'item:code' with a numeric code, found 'verwijzer:x'"
unchanged "$S" "a mapping with a non-numeric code"

printf 'column,item\nvolgnr,respnr\nrapportcijfer,cijfer\nvolgnr,tevreden\n' > "$TMP/map-twice.csv"
imp --map "$TMP/map-twice.csv" "$F"
expect_rc 1 "a column mapped twice"
expect_err_line "$TMP/map-twice.csv:4:1: column 'volgnr' is mapped twice (also on line 2)"
unchanged "$S" "a column mapped twice"

printf 'kolom;item\nvolgnr;respnr\n' > "$TMP/map-header.csv"
imp --map "$TMP/map-header.csv" "$F"
expect_rc 1 "a mapping file without its header"
expect_err_line "$TMP/map-header.csv:1:1: expected the header 'column,item'"
unchanged "$S" "a mapping file without its header"

imp --map "$TMP/nothere-map.csv" "$F"
expect_rc 3 "a missing mapping file"
expect_err_line "tevreden: cannot open '$TMP/nothere-map.csv': No such file or directory"
unchanged "$S" "a missing mapping file"

# ---- malformed questionnaire definitions ----
F=$TMP/k.csv
{ header; resp k1; } > "$F"
# qimp DEFINITION: import $F checked against DEFINITION; refused with exit code 1, unchanged
qimp() {
	run "$T" collect survey "$S" -q "$1" -w 2016 "$F"
	expect_rc 1 "questionnaire $(basename "$1")"
	unchanged "$S" "questionnaire $(basename "$1")"
}
sed '/"id": "toegang_weten"/,/"scale"/s/"frequentie"/"frequentie2"/' "$Q" > "$TMP/q-scale.json"
qimp "$TMP/q-scale.json"
expect_err_line "tevreden: $TMP/q-scale.json: \$.modules[2].items[0].scale: unknown scale 'frequentie2'"
expect_err_count 1

sed '0,/"version": "2016.1",/s//"version": "2016.1"/' "$Q" > "$TMP/q-comma.json"
qimp "$TMP/q-comma.json"
expect_err_line "tevreden: $TMP/q-comma.json:5:3: invalid JSON near '\"title\": \"Cliëntervari'"
expect_err_count 1

sed '/"id": "cijfer"/,/"max"/s/"type": "mark"/"type": "rapportcijfer"/' "$Q" > "$TMP/q-type.json"
qimp "$TMP/q-type.json"
expect_err_line "tevreden: $TMP/q-type.json: \$.modules[0].items[1]: unknown type 'rapportcijfer' (expected single, multiple, number, mark or open)"

sed '/"id": "netwerk_wie"/,/"asked_if"/s/"item": "netwerk_steun"/"item": "passende_hulp"/' "$Q" > "$TMP/q-route.json"
qimp "$TMP/q-route.json"
expect_err_line "tevreden: $TMP/q-route.json: \$.modules[5].items[1].asked_if: 'passende_hulp' does not come before this item; routing can only depend on background variables and earlier items"

sed '/"id": "netwerk_wie"/,/"asked_if"/s/"in": \[1\]/"in": [3]/' "$Q" > "$TMP/q-code.json"
qimp "$TMP/q-code.json"
expect_err_line "tevreden: $TMP/q-code.json: \$.modules[5].items[1].asked_if.in: 3 is not a code of scale 'janee'"

sed 's/"role": "segment",//' "$Q" > "$TMP/q-segment.json"
qimp "$TMP/q-segment.json"
expect_err_line "tevreden: $TMP/q-segment.json: \$.background: no background variable has \"role\": \"segment\""

sed 's/"tevreden-questionnaire-1"/"tevreden-questionnaire-2"/' "$Q" > "$TMP/q-format.json"
qimp "$TMP/q-format.json"
expect_err_line "tevreden: $TMP/q-format.json: \$.format: unknown format 'tevreden-questionnaire-2', expected 'tevreden-questionnaire-1'"

: > "$TMP/q-empty.json"
qimp "$TMP/q-empty.json"
expect_err_line "tevreden: $TMP/q-empty.json: empty file, expected a JSON object"

# truncated after 300 bytes, in the middle of line 12 ("    ", the indentation of '"janee": {')
head -c 300 "$Q" > "$TMP/q-truncated.json"
[ "$(tail -c 3 "$TMP/q-truncated.json")" = "   " ] || not_ok "q-truncated.json does not end in spaces"
qimp "$TMP/q-truncated.json"
expect_err_line "tevreden: $TMP/q-truncated.json:12:4: invalid JSON: unexpected end of file"

# ---- a changed questionnaire imported into a wave that holds answers to the old one ----
sed 's/"version": "2016.1"/"version": "2016.2"/' "$Q" > "$TMP/q-v2.json"
run "$T" collect survey "$S" -q "$TMP/q-v2.json" -w 2016 "$F"
expect_rc 1 "a changed questionnaire in the same wave"
expect_err_line "tevreden: $F: wave 2016 holds answers to questionnaire 'ceo-jeugd 2016.1'; this file is checked against 'ceo-jeugd 2016.2' (a changed definition is a new version: import it into its own wave)"
expect_err_count 1
unchanged "$S" "a changed questionnaire in the same wave"
# also when only a text changed (the definition's checksum differs, its version does not)
sed 's/"Ik word snel geholpen"/"Ik werd snel geholpen"/' "$Q" > "$TMP/q-text.json"
run "$T" collect survey "$S" -q "$TMP/q-text.json" -w 2016 "$F"
expect_rc 1 "a questionnaire with a changed text in the same wave"
expect_err_line "tevreden: $F: wave 2016 holds answers to questionnaire 'ceo-jeugd 2016.1'; this file is checked against 'ceo-jeugd 2016.1' (a changed definition is a new version: import it into its own wave)"
unchanged "$S" "a questionnaire with a changed text in the same wave"
# into a wave of its own it is accepted
run "$T" collect survey "$S" -q "$TMP/q-v2.json" -w 2018 "$F"
expect_rc 0 "the changed questionnaire into its own wave"
expect_sql "$S" "SELECT group_concat(w.name || ':' || q.version, ' ') FROM (SELECT * FROM wave ORDER BY name) w
	JOIN questionnaire q ON q.id = w.questionnaire_id" "2016:2016.1 2017:2016.1 2018:2016.2"

finish
