# t-analyze.sh: `tevreden analyze` on the sample study: tables, marks, legend, formats, usage and data errors.
. "$(dirname "$0")/lib.sh"

S=$(new_study ceo.sqlite)
"$T" collect survey "$S" --questionnaire "$Q" --wave 2015 "$DATA/ceo-2015.csv" >/dev/null ||
	not_ok "import 2015"
"$T" collect survey "$S" --questionnaire "$Q" --wave 2016 "$DATA/ceo-2016.csv" >/dev/null ||
	not_ok "import 2016"
snapshot "$S"

# The waiting-time table of DOMAIN.md section 3 (data/README.md gives the counts):
# JB/JR was never asked, so the totals hold the same groups and are tested.
run "$T" analyze "$S" --items wacht_tevreden
expect_rc 0 "analyze wacht_tevreden"
expect_out_line "wacht_tevreden: Was u tevreden over de tijd die het duurde voordat de hulp begon? (% ja)"
expect_out_line "                       2015              2016"
expect_out_line "--------------------------------------------------------"
expect_out_line "basishulp              88 % (a)  n=130   74 % (b)  n=255"
expect_out_line "specialistische hulp   70 % (a)  n=108   68 % (a)  n=253"
expect_out_line "JB/JR                              n=0               n=0"
expect_out_line "totaal                 80 % (a)  n=238   71 % (b)  n=508"
expect_out_line "(a), (b): (b) = significant verschil met (a) tussen 2015 en 2016 in dezelfde rij; (a) en (a): geen significant verschil"
expect_out_line "toets: z-toets voor twee proporties met gepoolde variantie (= chi-kwadraat zonder continuïteitscorrectie); Fisher's exacte toets als een verwachte celfrequentie kleiner is dan 5; tweezijdig; α = 0,05; geen correctie voor meervoudig toetsen"
expect_err_count 0

# Report marks: JB/JR only in 2016, so the total is not tested and a warning says why.
run "$T" analyze "$S" --items cijfer
expect_rc 0 "analyze cijfer"
expect_out_line "basishulp              7,9 (a)  n=219   7,3 (b)  n=256"
expect_out_line "specialistische hulp   7,6 (a)  n=286   7,3 (a)  n=257"
expect_out_line "JB/JR                             n=0   6,6      n=101"
expect_out_line "totaal                 7,7      n=505   7,2      n=614"
expect_out_line "toets: t-toets van Welch (ongelijke varianties); tweezijdig; α = 0,05; geen correctie voor meervoudig toetsen"
expect_out_line "totaal niet getoetst tussen 2015 en 2016: de totalen bevatten verschillende groepen"
expect_out_line "let op: totaal 2015 bevat geen JB/JR, totaal 2016 wel; gebruik --total-exclude JB/JR voor een vergelijkbaar totaal"

run "$T" analyze "$S" --items cijfer --total-exclude JB/JR --year-mark star --lang en
expect_rc 0 "--total-exclude, star, en"
expect_out_line "basishulp              7.9  n=219   7.3 *  n=256"
expect_out_line "total excl. JB/JR      7.7  n=505   7.3 *  n=513"
expect_out_line "*: significantly different from 2015 in the same row"

# One wave: reference letters by default; pairwise with Bonferroni.
run "$T" analyze "$S" --wave 2016 --items tevreden
expect_rc 0 "one wave"
expect_out_line "JB/JR                  62 % [c]  n=101"
expect_out_line "[b], [c]: significant verschil met de eerste groep (a, basishulp) in hetzelfde jaar; andere paren niet getoetst; a = basishulp, b = specialistische hulp, c = JB/JR"
run "$T" analyze "$S" --wave 2016 --items tevreden --letters pairwise --format md
expect_rc 0 "pairwise md"
expect_out_line "| basishulp | 77 % [c] n=254 |"
expect_out_line "| specialistische hulp | 78 % [c] n=248 |"

# Skewed waiting time: mean / median, Mann-Whitney.
run "$T" analyze "$S" --items wachttijd
expect_rc 0 "wachttijd"
expect_out_line "wachttijd: Hoeveel maanden zaten er tussen de aanmelding en het begin van de hulp? (gemiddelde / mediaan, maanden)"
expect_out_line "basishulp              1,3 / 1,0 (a)  n=125   2,4 / 1,0 (b)  n=245"
expect_out_has "toets: Mann-Whitney U-toets (normale benadering met correctie voor gelijke waarden en continuïteitscorrectie)"

# CSV: one line per cell.
run "$T" analyze "$S" --items wacht_tevreden --format csv
expect_rc 0 "csv"
expect_out_line "item,measure,label,group,wave,n,missing,not_asked,x,value,share_of_answers,mean,sd,ci_low,ci_high,median,q1,q3,testable,untestable_reason,year_mark,letters"
expect_out_line "wacht_tevreden,top,% ja,basishulp,2016,255,1,0,188,0.737254901960784,,,,,,,,,true,,b,"
n=$(wc -l < "$TMP/out")
if [ "$n" -eq 9 ]; then ok; else not_ok "csv has $n lines, expected 9"; fi

# JSON: valid, with the documented keys.
run "$T" analyze "$S" --format json
expect_rc 0 "json"
if python3 -m json.tool "$TMP/out" >/dev/null 2>&1; then ok; else not_ok "json does not parse"; fi
python3 - "$TMP/out" > "$TMP/keys" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(d))
print(" ".join(d["settings"]))
t = d["tables"][0]
print(" ".join(t))
print(" ".join(t["cells"][0]))
print(" ".join(t["comparisons"][0]))
print(len(d["tables"]), d["by"], d["waves"], [g["label"] for g in d["groups"]], d["total"])
EOF
if diff - "$TMP/keys" >/dev/null <<'EOF'
format waves by groups total settings ungrouped tables
alpha sided letters adjust year_mark min_base mean_test fisher_below
item type measure label option text wording_differs warnings cells comparisons
group wave n missing not_asked x value share_of_answers mean sd ci_low ci_high median q1 q3 testable untestable_reason year_mark letters
kind a b test statistic df p p_adjusted significant
48 segment ['2015', '2016'] ['basishulp', 'specialistische hulp', 'JB/JR'] {'label': 'totaal', 'excludes': []}
EOF
then ok; else not_ok "json keys differ:"; cat "$TMP/keys" >&2; fi

# Data errors: exit 1, one clear line, nothing on stdout.
run "$T" analyze "$S" --items tevreden,onbekend
expect_rc 1 "unknown item"
expect_err_line "tevreden: unknown item 'onbekend' (not in the questionnaire of wave 2015 or 2016)"
expect_err_count 1
run "$T" analyze "$S" --items open_goed
expect_rc 1 "open item"
expect_err_line "tevreden: item 'open_goed' is an open question; analyze makes tables of closed questions only"
run "$T" analyze "$S" --wave 2013
expect_rc 1 "unknown wave"
expect_err_line "tevreden: $S: unknown wave '2013' (the study has 2015, 2016)"
run "$T" analyze "$S" --total-exclude wijkteam
expect_rc 1 "unknown group"
expect_err_line "tevreden: --total-exclude: 'wijkteam' is not a group of 'segment' (1 basishulp, 2 specialistische hulp, 3 JB/JR)"
run "$T" analyze "$S" --by verwijzer
expect_rc 1 "--by multiple"
expect_err_line "tevreden: --by 'verwijzer' is a multiple item; groups come from a single-choice item"
E=$(new_study empty.sqlite)
run "$T" analyze "$E"
expect_rc 1 "empty study"
expect_err_line "tevreden: $E: the study has no respondents (import them with 'tevreden collect survey')"

# Usage errors: exit 2.
run "$T" analyze "$S" --alpha 1.5
expect_rc 2 "bad --alpha"
expect_err_line "tevreden: --alpha expects a number above 0 and below 1, not '1.5'"
run "$T" analyze "$S" --alpha 0,05
expect_rc 2 "--alpha with a comma"
expect_err_line "tevreden: --alpha expects a number above 0 and below 1, not '0,05'"
run "$T" analyze "$S" --waves 2014,2015,2016
expect_rc 2 "three waves"
expect_err_line "tevreden: give at most two waves, in one --waves W1,W2 or one --wave W"
run "$T" analyze "$S" --waves 2015,2015
expect_rc 2 "a wave twice"
expect_err_line "tevreden: --waves names wave '2015' twice"
run "$T" analyze "$S" --letters some
expect_rc 2 "bad --letters"
expect_err_line "tevreden: --letters expects none, reference or pairwise, not 'some'"
run "$T" analyze "$S" --min-base -1
expect_rc 2 "bad --min-base"
expect_err_line "tevreden: --min-base expects a whole number from 0 to 1000000000, not '-1'"
run "$T" analyze "$S" --by none --total-exclude JB/JR
expect_rc 2 "--by none with --total-exclude"
expect_err_line "tevreden: --total-exclude needs groups; it cannot go with --by none"
run "$T" analyze
expect_rc 2 "no study"
expect_err_line "tevreden: expected one STUDY"
run "$T" analyze "$S" --frobnicate
expect_rc 2 "unknown option"
expect_err_line "tevreden: unknown option '--frobnicate'"
run "$T" analyze --help
expect_rc 0 "--help"
expect_out_has "usage: tevreden analyze STUDY"
run "$T" analyze "$TMP/missing.sqlite"
expect_rc 3 "missing study"

# A full disk is an error, not exit 0.
if [ -w /dev/full ]; then
	"$T" analyze "$S" --items tevreden > /dev/full 2>"$TMP/err"
	rc=$?
	expect_rc 3 "write to a full disk"
fi

unchanged "$S" "analyze only reads"
finish
