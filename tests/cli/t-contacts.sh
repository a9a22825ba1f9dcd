# t-contacts.sh: importing fieldwork outcomes (collect contacts) and the AAPOR response table
# (response) in every format, segments in the order of the questionnaire; bad contacts files
# are refused and leave the study alone; --replace keeps the replaced import in the log.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/survey-fixture.sh"	# a small survey file brings the questionnaire

# cases SEGMENT DISPOSITION N: N cases c0001, c0002, ... with that outcome (numbered on from $n)
n=0
cases() {
	local i
	for ((i = 0; i < $3; i++)); do
		n=$((n + 1))
		printf 'c%04d;%s;%s\n' "$n" "$1" "$2"
	done
}

# DOMAIN.md section 7's check: I=400, P=20, R=300, NC=250, O=30, UH=500, UO=0, split over
# two segments; codes of every sub-kind and some of the tool's own labels.
#                basishulp   specialistische hulp
#   I   1.1        200           200
#   P   1.2         10            10
#   R   2.11/2.12  100           200   (10 as the label 'weigering')
#   NC  2.20/2.21  150           100
#   O   2.31/2.32   10            20
#   UH  3.13/3.10  200           300   (10 as the label 'geen gehoor')
F=$TMP/contacts-2016.csv
{
	echo 'case_id;segment;disposition'
	cases basishulp 1.1 200
	cases basishulp 1.2 10
	cases basishulp 2.11 90
	cases basishulp weigering 10
	cases basishulp 2.20 150
	cases basishulp 2.31 10
	cases basishulp 3.13 190
	cases basishulp 'geen gehoor' 10
	cases 'specialistische hulp' 1.1 200
	cases 'specialistische hulp' 1.2 10
	cases 'specialistische hulp' 2.12 200
	cases 'specialistische hulp' 2.21 100
	cases 'specialistische hulp' 2.32 20
	cases 'specialistische hulp' 3.10 300
} > "$F"
S=$(new_study s.sqlite)
run "$T" collect contacts "$S" -w 2016 "$F"
expect_rc 0 "contacts import"
expect_out_line "imported 1500 sampled cases into wave 2016 from $F: I 400 P 20 R 300 NC 250 O 30 UH 500 UO 0 NE 0"
expect_err_count 0
expect_sql "$S" "SELECT count(*) FROM sampled_case" "1500"
expect_sql "$S" "SELECT group_concat(category || '=' || n, ' ') FROM (SELECT category, count(*) AS n
	FROM sampled_case GROUP BY category ORDER BY category)" "I=400 NC=250 O=30 P=20 R=300 UH=500"
expect_sql "$S" "SELECT disposition || ' ' || category || ' ' || segment || ' ' || source_line
	FROM sampled_case WHERE ext_id = 'c0201'" "1.2 P basishulp 202"
expect_sql "$S" "SELECT disposition || ' ' || category FROM sampled_case WHERE ext_id = 'c0301'" "2.11 R"
expect_sql "$S" "SELECT disposition || ' ' || category FROM sampled_case WHERE ext_id = 'c0661'" "3.13 UH"
expect_sql "$S" "SELECT kind || ' ' || rows FROM import_log" "contacts 1500"

# ---- the response table, e = 0.6 ----
# Totals: DOMAIN.md section 7 (RR1 .2667, RR3 .3077, RR5 .4000, COOP1 .5333, REF1 .2000,
# CON1 .5000). Segments: the same formulas worked by hand (and checked in Python):
#   basishulp       RR1 200/670 RR3 200/590 RR5 200/470 COOP1 200/320 REF1 100/670 CON1 320/670
#   specialistische RR1 200/830 RR3 200/710 RR5 200/530 COOP1 200/430 REF1 200/830 CON1 430/830
run "$T" response "$S" --e 0.6
expect_rc 0 "response --e 0.6"
expect_out_line "wave  segment  cases  completes     RR1     RR3     RR5   COOP1    REF1    CON1"
expect_out_line "2016  totaal    1500        400  26.7 %  30.8 %  40.0 %  53.3 %  20.0 %  50.0 %"
expect_out_line "wave 2016: e = 0.600 (given with --e)"
expect_err_count 0

run "$T" response "$S" --e 0.6 --by segment
expect_rc 0 "response --by segment"
expect_out_line "2016  basishulp               670        200  29.9 %  33.9 %  42.6 %  62.5 %  14.9 %  47.8 %"
expect_out_line "2016  specialistische hulp    830        200  24.1 %  28.2 %  37.7 %  46.5 %  24.1 %  51.8 %"
expect_out_line "2016  totaal                 1500        400  26.7 %  30.8 %  40.0 %  53.3 %  20.0 %  50.0 %"

# CSV: the fields of the JSON rows, rates as proportions with full precision (like analyze
# --format csv): the fractions above, e.g. 200/670, 200/(470 + 0.6 * 200), as Python's
# '%.15g' % Fraction(...) prints them. The whole output, in this order.
run "$T" response "$S" --e 0.6 --by segment --format csv
expect_rc 0 "response --format csv"
expected="wave,segment,cases,I,P,R,NC,O,UH,UO,NE,e,rr1,rr3,rr5,coop1,ref1,con1
2016,basishulp,670,200,10,100,150,10,200,0,0,0.6,0.298507462686567,0.338983050847458,0.425531914893617,0.625,0.149253731343284,0.477611940298507
2016,specialistische hulp,830,200,10,200,100,20,300,0,0,0.6,0.240963855421687,0.28169014084507,0.377358490566038,0.465116279069767,0.240963855421687,0.518072289156627
2016,totaal,1500,400,20,300,250,30,500,0,0,0.6,0.266666666666667,0.307692307692308,0.4,0.533333333333333,0.2,0.5"
if [ "$(cat "$TMP/out")" = "$expected" ]; then ok; else not_ok "response --format csv: got
$(cat "$TMP/out")"; fi
expect_err_count 0

run "$T" response "$S" --e 0.6 --by segment --format md
expect_rc 0 "response --format md"
expect_out_line "| wave | segment | cases | completes | RR1 | RR3 | RR5 | COOP1 | REF1 | CON1 |"
expect_out_line "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
expect_out_line "| 2016 | basishulp | 670 | 200 | 29.9 % | 33.9 % | 42.6 % | 62.5 % | 14.9 % | 47.8 % |"
expect_out_line "| 2016 | totaal | 1500 | 400 | 26.7 % | 30.8 % | 40.0 % | 53.3 % | 20.0 % | 50.0 % |"

# JSON: the full-precision rates, read with Python and rounded to 4 decimals
json_rates() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
for w in d["waves"]:
    for r in w["rows"]:
        c = r["counts"]
        print(w["wave"], r["segment"], r["cases"], " ".join("%s=%d" % (k, c[k]) for k in
              ("I", "P", "R", "NC", "O", "UH", "UO", "NE")),
              " ".join("%s=%.4f" % (k, r[k]) for k in ("e", "rr1", "rr3", "rr5", "coop1", "ref1", "con1")))
' < "$TMP/out"
}
run "$T" response "$S" --e 0.6 --by segment --format json
expect_rc 0 "response --format json"
got=$(json_rates 2>&1)
expected="2016 basishulp 670 I=200 P=10 R=100 NC=150 O=10 UH=200 UO=0 NE=0 e=0.6000 rr1=0.2985 rr3=0.3390 rr5=0.4255 coop1=0.6250 ref1=0.1493 con1=0.4776
2016 specialistische hulp 830 I=200 P=10 R=200 NC=100 O=20 UH=300 UO=0 NE=0 e=0.6000 rr1=0.2410 rr3=0.2817 rr5=0.3774 coop1=0.4651 ref1=0.2410 con1=0.5181
2016 totaal 1500 I=400 P=20 R=300 NC=250 O=30 UH=500 UO=0 NE=0 e=0.6000 rr1=0.2667 rr3=0.3077 rr5=0.4000 coop1=0.5333 ref1=0.2000 con1=0.5000"
if [ "$got" = "$expected" ]; then ok; else not_ok "response JSON: got
$got"; fi

# e at its bounds: 0 makes RR3 = RR5, 1 makes RR3 = RR1
run "$T" response "$S" --e 0
expect_out_line "2016  totaal    1500        400  26.7 %  40.0 %  40.0 %  53.3 %  20.0 %  50.0 %"
run "$T" response "$S" --e 1
expect_out_line "2016  totaal    1500        400  26.7 %  26.7 %  40.0 %  53.3 %  20.0 %  50.0 %"
# no --e and no not-eligible cases: every unknown counts as eligible
run "$T" response "$S"
expect_rc 0 "response with the default e"
expect_out_line "2016  totaal    1500        400  26.7 %  26.7 %  40.0 %  53.3 %  20.0 %  50.0 %"
expect_out_line "wave 2016: e = 1.000 (eligible share among cases of known eligibility)"

# ---- a second wave: ',' separated, CRLF, 'id' and 'outcome' headers, no segment column,
# not-eligible cases. I 50, R 20, NC 10, UH 20, NE 20: e = 80 / (80 + 20) = 0.8,
# RR1 50/100, RR3 50/96, RR5 50/80, COOP1 50/70, REF1 20/100, CON1 70/100.
F=$TMP/contacts-2015.csv
{
	printf 'id,outcome\r\n'
	for ((i = 1; i <= 120; i++)); do
		if ((i <= 50)); then d=compleet
		elif ((i <= 70)); then d=2.10
		elif ((i <= 80)); then d=2.20
		elif ((i <= 100)); then d=3.19
		elif ((i <= 110)); then d=4.70
		else d='niet tot doelgroep'; fi
		printf 'k%03d,%s\r\n' "$i" "$d"
	done
} > "$F"
run "$T" collect contacts "$S" -w 2015 "$F"
expect_rc 0 "contacts, second wave"
expect_out_line "imported 120 sampled cases into wave 2015 from $F: I 50 P 0 R 20 NC 10 O 0 UH 20 UO 0 NE 20"
expect_sql "$S" "SELECT count(*) FROM sampled_case WHERE segment IS NULL" "120"
expect_sql "$S" "SELECT disposition FROM sampled_case WHERE ext_id = 'k001'" "1.1"
expect_sql "$S" "SELECT disposition FROM sampled_case WHERE ext_id = 'k120'" "4.70"
run "$T" response "$S" --by segment
expect_rc 0 "response, two waves"
expect_out_line "2015  (geen)                  120         50  50.0 %  52.1 %  62.5 %  71.4 %  20.0 %  70.0 %"
expect_out_line "2015  totaal                  120         50  50.0 %  52.1 %  62.5 %  71.4 %  20.0 %  70.0 %"
expect_out_line "wave 2015: e = 0.800 (eligible share among cases of known eligibility)"
expect_out_line "2016  totaal                 1500        400  26.7 %  26.7 %  40.0 %  53.3 %  20.0 %  50.0 %"
run "$T" response "$S" --wave 2015 --format csv
expect_rc 0 "response --wave 2015"
expect_out_line "2015,totaal,120,50,0,20,10,0,20,0,20,0.8,0.5,0.520833333333333,0.625,0.714285714285714,0.2,0.7"
if grep -q '^2016' "$TMP/out"; then not_ok "--wave 2015 shows wave 2016"; else ok; fi

# ---- agency labels with --map ----
F=$TMP/agency.csv
printf 'case_id;disposition\na1;Voltooid\na2;Geweigerd\na3;1.1\n' > "$F"
printf 'label,aapor\nVoltooid,1.1\nGeweigerd,2.11\n' > "$TMP/agency-map.csv"
run "$T" collect contacts "$S" -w 2017 --map "$TMP/agency-map.csv" "$F"
expect_rc 0 "contacts --map"
expect_out_line "imported 3 sampled cases into wave 2017 from $F: I 2 P 0 R 1 NC 0 O 0 UH 0 UO 0 NE 0"
expect_sql "$S" "SELECT group_concat(disposition, ' ') FROM (SELECT disposition FROM sampled_case
	WHERE ext_id LIKE 'a_' ORDER BY ext_id)" "1.1 2.11 1.1"

# ---- errors: each refused with exit code 1, the study unchanged ----
snapshot "$S"
# refused DESCRIPTION: exit code 1, the summary line for $F, study unchanged
refused() {
	expect_rc 1 "$1"
	expect_err_line "tevreden: $F: nothing imported"
	unchanged "$S" "$1"
}
F=$TMP/bad-code.csv
printf 'case_id;segment;disposition\nd1;basishulp;1.1\nd2;basishulp;5.1\nd3;basishulp;verhuisd\nd4;basishulp;2.4\nd5;;1.3\nd6;;\n' > "$F"
run "$T" collect contacts "$S" -w 2018 "$F"
expect_err_line "$F:3:3: disposition '5.1' is not an AAPOR code (such as 1.1, 2.11, 3.13, 4.10) or a known label (see --map)"
expect_err_line "$F:4:3: disposition 'verhuisd' is not an AAPOR code (such as 1.1, 2.11, 3.13, 4.10) or a known label (see --map)"
expect_err_line "$F:5:3: disposition '2.4' is not an AAPOR code (such as 1.1, 2.11, 3.13, 4.10) or a known label (see --map)"
expect_err_line "$F:6:3: disposition '1.3' is not an AAPOR code (such as 1.1, 2.11, 3.13, 4.10) or a known label (see --map)"
expect_err_line "$F:7:3: disposition '' is not an AAPOR code (such as 1.1, 2.11, 3.13, 4.10) or a known label (see --map)"
expect_err_count 6
refused "unknown disposition codes (in a new wave)"
expect_sql "$S" "SELECT count(*) FROM wave WHERE name = '2018'" "0"

F=$TMP/dup.csv
printf 'case_id;segment;disposition\nd1;basishulp;1.1\nd2;basishulp;1.1\nd1;basishulp;2.11\n;basishulp;1.1\n' > "$F"
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "$F:4:1: case id 'd1' appears twice in this file"
expect_err_line "$F:5:1: empty case id"
refused "a duplicate case id"

F=$TMP/earlier.csv
printf 'case_id;segment;disposition\nd1;basishulp;1.1\nc0001;basishulp;1.1\n' > "$F"
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "$F:3:1: case id 'c0001' is already in wave 2016 (from an earlier import)"
refused "a case id from an earlier import"
# the same id in another wave is another case
run "$T" collect contacts "$S" -w 2019 "$F"
expect_rc 0 "the same case ids in another wave"
snapshot "$S"

F=$TMP/no-disposition.csv
printf 'case_id;segment;uitslag\nd1;basishulp;1.1\n' > "$F"
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "$F:1: no disposition column (expected 'disposition', 'outcome' or 'aapor')"
expect_err_count 2
refused "no disposition column"

F=$TMP/no-id.csv
printf 'nummer;segment;disposition\nd1;basishulp;1.1\n' > "$F"
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "$F:1: no case id column (expected 'case_id', 'id' or 'respnr')"
refused "no case id column"

F=$TMP/contacts-2016.csv
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "tevreden: $F: this file was imported before (import 1, same checksum); --replace imports it again in place of the earlier import"
refused "the same file again"
run "$T" collect contacts "$S" -w 2016 --replace "$F"
expect_rc 0 "contacts --replace"
expect_out_line "imported 1500 sampled cases into wave 2016 from $F: I 400 P 20 R 300 NC 250 O 30 UH 500 UO 0 NE 0"
expect_sql "$S" "SELECT count(*) FROM sampled_case s JOIN wave w ON w.id = s.wave_id WHERE w.name = '2016'" "1500"
run "$T" response "$S" --wave 2016 --e 0.6
expect_out_line "2016  totaal    1500        400  26.7 %  30.8 %  40.0 %  53.3 %  20.0 %  50.0 %"
# the log keeps the replaced import, marked with the import that replaced it (id 5: after
# the imports of waves 2015, 2017 and 2019)
expect_sql "$S" "SELECT group_concat(id || ' ' || ifnull(replaced_by, '-') || ' ' || rows, ', ')
	FROM import_log WHERE file = '$F'" "1 5 1500, 5 - 1500"
expect_sql "$S" "SELECT count(*) FROM sampled_case WHERE import_id = 1" "0"
snapshot "$S"

F=$TMP/empty.csv
: > "$F"
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "$F:1: empty file, expected a header line"
refused "an empty contacts file"

F=$TMP/few.csv
printf 'case_id;segment;disposition\nd1;basishulp;1.1\nd2;basishulp\n' > "$F"
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "$F:3: expected 3 fields, found 2"
refused "a record with too few fields"

F=$TMP/utf8.csv
printf 'case_id;segment;disposition\nd1;cli\353nten;1.1\n' > "$F"
run "$T" collect contacts "$S" -w 2016 "$F"
expect_err_line "$F:2:2: invalid UTF-8 in field 2 (use --encoding windows-1252 for Excel exports)"
refused "invalid UTF-8 in a contacts file"

F=$TMP/bad-map-target.csv
printf 'case_id;disposition\nm1;Voltooid\n' > "$F"
printf 'label,aapor\nVoltooid,7.1\n' > "$TMP/bad-map.csv"
run "$T" collect contacts "$S" -w 2016 --map "$TMP/bad-map.csv" "$F"
expect_err_line "$TMP/bad-map.csv:2:2: '7.1' is not an AAPOR disposition code"
refused "a --map to a code that is not AAPOR"

# a --map file that is not there is a file error (exit code 3), like a missing contacts file
run "$T" collect contacts "$S" -w 2016 --map "$TMP/nothere-map.csv" "$F"
expect_rc 3 "a missing --map file"
expect_err_line "tevreden: cannot open '$TMP/nothere-map.csv': No such file or directory"
unchanged "$S" "a missing --map file"
run "$T" collect contacts "$S" -w 2016 "$TMP/nothere.csv"
expect_rc 3 "a missing contacts file"
expect_err_line "tevreden: cannot open '$TMP/nothere.csv': No such file or directory"
unchanged "$S" "a missing contacts file"

# ---- segments in the order of the questionnaire's segment scale ----
# The study's questionnaire (ceo-jeugd: basishulp, specialistische hulp, JB/JR) orders the
# segments, as in analyze --by segment; segments it does not list, and cases without one,
# follow in order of first appearance. The cases came in the order JB/JR, pleegzorg, (none),
# specialistische hulp, basishulp, verblijf. The order is the same in every wave.
# Rates by hand: basishulp I 1 NC 1; specialistische hulp I 1; JB/JR I 1 UH 1 (e = 1);
# pleegzorg I 1; (geen) R 1; verblijf NE 1 (e = 0, every denominator 0: undefined);
# total I 4 R 1 NC 1 UH 1 NE 1: e = 6/7, RR1 4/7, RR3 4/(6 + 6/7) = 7/12, RR5 4/6,
# COOP1 4/5, REF1 1/7, CON1 5/7.
S3=$(new_study order.sqlite)
{ header; resp r1; resp r2 segment=3 maatregel=1 wachttijd= wacht_tevreden=; resp r3 segment=2; } \
	> "$TMP/survey-2016.csv"
run "$T" collect survey "$S3" -q "$Q" -w 2016 "$TMP/survey-2016.csv"
expect_rc 0 "a survey that brings the questionnaire"
printf 'case_id;segment;disposition\no01;JB/JR;1.1\no02;pleegzorg;1.1\no03;;2.11\no04;specialistische hulp;1.1\no05;basishulp;1.1\no06;basishulp;2.20\no07;verblijf;4.10\no08;JB/JR;3.13\n' \
	> "$TMP/order-2016.csv"
run "$T" collect contacts "$S3" -w 2016 "$TMP/order-2016.csv"
expect_rc 0 "contacts in another order than the scale"
printf 'case_id;segment;disposition\np1;specialistische hulp;1.1\np2;basishulp;2.11\n' > "$TMP/order-2015.csv"
run "$T" collect contacts "$S3" -w 2015 "$TMP/order-2015.csv"
expect_rc 0 "contacts of a wave without a survey"
run "$T" response "$S3" --by segment --format csv
expect_rc 0 "response in scale order"
expected="wave,segment,cases,I,P,R,NC,O,UH,UO,NE,e,rr1,rr3,rr5,coop1,ref1,con1
2015,basishulp,1,0,0,1,0,0,0,0,0,1,0,0,0,0,1,1
2015,specialistische hulp,1,1,0,0,0,0,0,0,0,1,1,1,1,1,0,1
2015,totaal,2,1,0,1,0,0,0,0,0,1,0.5,0.5,0.5,0.5,0.5,1
2016,basishulp,2,1,0,0,1,0,0,0,0,1,0.5,0.5,0.5,1,0,0.5
2016,specialistische hulp,1,1,0,0,0,0,0,0,0,1,1,1,1,1,0,1
2016,JB/JR,2,1,0,0,0,0,1,0,0,1,0.5,0.5,1,1,0,0.5
2016,pleegzorg,1,1,0,0,0,0,0,0,0,1,1,1,1,1,0,1
2016,,1,0,0,1,0,0,0,0,0,1,0,0,0,0,1,1
2016,verblijf,1,0,0,0,0,0,0,0,1,0,,,,,,
2016,totaal,8,4,0,1,1,0,1,0,1,0.857142857142857,0.571428571428571,0.583333333333333,0.666666666666667,0.8,0.142857142857143,0.714285714285714"
if [ "$(cat "$TMP/out")" = "$expected" ]; then ok; else not_ok "response in scale order: got
$(cat "$TMP/out")"; fi
expect_err_count 0
run "$T" response "$S3" --by segment --wave 2016
expect_rc 0 "response in scale order, text"
expected="2016  basishulp                 2          1   50.0 %   50.0 %   50.0 %  100.0 %    0.0 %   50.0 %
2016  specialistische hulp      1          1  100.0 %  100.0 %  100.0 %  100.0 %    0.0 %  100.0 %
2016  JB/JR                     2          1   50.0 %   50.0 %  100.0 %  100.0 %    0.0 %   50.0 %
2016  pleegzorg                 1          1  100.0 %  100.0 %  100.0 %  100.0 %    0.0 %  100.0 %
2016  (geen)                    1          0    0.0 %    0.0 %    0.0 %    0.0 %  100.0 %  100.0 %
2016  verblijf                  1          0        –        –        –        –        –        –
2016  totaal                    8          4   57.1 %   58.3 %   66.7 %   80.0 %   14.3 %   71.4 %"
got=$(grep '^2016' "$TMP/out")
if [ "$got" = "$expected" ]; then ok; else not_ok "response in scale order, text: got
$got"; fi
run "$T" response "$S3" --by segment --wave 2016 --format json
expect_rc 0 "response in scale order, json"
got=$(python3 -c 'import json, sys; print("|".join(r["segment"] for r in json.load(sys.stdin)["waves"][0]["rows"]))' < "$TMP/out" 2>&1)
if [ "$got" = "basishulp|specialistische hulp|JB/JR|pleegzorg||verblijf|totaal" ]; then ok; else
	not_ok "response in scale order, json: got $got"; fi
# analyze --by segment shows the groups in that order
run "$T" analyze "$S3" --wave 2016 --by segment --items tevreden --format csv
expect_rc 0 "analyze --by segment"
got=$(cut -d, -f4 "$TMP/out" | tr '\n' '|')
if [ "$got" = "group|basishulp|specialistische hulp|JB/JR|totaal|" ]; then ok; else
	not_ok "analyze groups: got $got"; fi

# ---- response: usage and empty studies ----
run "$T" response "$S" --e 1.5
expect_rc 2 "--e above 1"
expect_err_line "tevreden: --e expects a number from 0 to 1, not '1.5'"
run "$T" response "$S" --by segmnt
expect_rc 2 "--by something else"
expect_err_line "tevreden: --by expects 'segment' (the fieldwork file's segment column), not 'segmnt'"
run "$T" response "$S" --wave 2099
expect_rc 1 "a wave without cases"
expect_err_line "tevreden: $S: no sampled cases in wave 2099 (import them with 'tevreden collect contacts')"
S2=$(new_study empty.sqlite)
run "$T" response "$S2"
expect_rc 1 "a study without cases"
expect_err_line "tevreden: $S2: no sampled cases (import them with 'tevreden collect contacts')"
unchanged "$S" "response only reads"

finish
