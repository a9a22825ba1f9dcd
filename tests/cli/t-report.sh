# t-report.sh: `tevreden report`: template errors, the golden report of the sample study with its numbers recomputed by the other commands, HTML in Chromium, the workbook read back, privacy.
. "$(dirname "$0")/lib.sh"

PY=python3
for p in "${PYTHON:-}" python3 /usr/bin/python3; do
	[ -n "$p" ] && "$p" -c 'import json, zipfile, xml.etree.ElementTree, sqlite3' 2>/dev/null && { PY=$p; break; }
done
RT=$ROOT/tests/report
TPL=$ROOT/templates/reports/ceo-jeugd.md

# The sample study, built as tools/demo builds it, plus a second (human) coder who coded
# one interview: every automatic coding of it except every fourth, and bejegening+ on
# every fifth sentence, so the agreement table has something to show.
S=$(new_study ceo.sqlite)
{
	"$T" collect survey "$S" --questionnaire "$Q" --wave 2015 "$DATA/ceo-2015.csv" &&
	"$T" collect survey "$S" --questionnaire "$Q" --wave 2016 "$DATA/ceo-2016.sav" &&
	"$T" collect contacts "$S" --wave 2015 "$DATA/contacts-2015.csv" &&
	"$T" collect contacts "$S" --wave 2016 "$DATA/contacts-2016.csv" &&
	"$T" collect transcript "$S" "$DATA"/transcripts/*-[0-9].txt "$DATA"/transcripts/*-[0-9].md \
		"$DATA"/transcripts/*-[0-9].vtt &&
	"$T" collect transcript "$S" --wave 2017 --group GGZ-ouders --method groepsinterview \
		"$DATA/transcripts/ggz-ouders-1.srt" &&
	"$T" code auto "$S" --codebook "$ROOT/templates/codebooks/jeugdhulp.json"
} >/dev/null || not_ok "building the sample study"
DOC=$(sql "$S" "SELECT id FROM document WHERE ext_id = 'jb-ouders-1'")
{
	echo "segment,code,polarity,coder"
	sql "$S" "SELECT g.segment_id || ',' || c.name || ',' || coalesce(g.polarity, '') || ',onderzoeker'
		FROM coding g JOIN code c ON c.id = g.code_id JOIN segment s ON s.id = g.segment_id
		WHERE s.document_id = $DOC ORDER BY g.segment_id, c.name" | awk 'NR % 4 != 0'
	sql "$S" "SELECT id || ',bejegening,+,onderzoeker' FROM segment WHERE document_id = $DOC
		AND kind = 'sentence' AND coded = 1 AND id NOT IN (SELECT g.segment_id FROM coding g
		JOIN code c ON c.id = g.code_id WHERE c.name = 'bejegening') ORDER BY id" | awk 'NR % 5 == 0'
} > "$TMP/onderzoeker.csv"
"$T" code import "$S" "$TMP/onderzoeker.csv" >/dev/null || not_ok "second coder"

# ---- the golden report ----

run "$T" report "$S" --template "$TPL" --waves 2015,2016 -o "$TMP/rapport.md"
expect_rc 0 "report md"
expect_out_line "wrote $TMP/rapport.md: 22 tables, 5 charts, 19 quotes"
# The golden file follows the automatic coder too: after a change to the codebook, the
# stemmer or the transcript reader, tests/report/update-golden rewrites it; review its diff.
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	cp "$TMP/rapport.md" "$RT/ceo-jeugd.golden.md" && ok
elif diff -u "$RT/ceo-jeugd.golden.md" "$TMP/rapport.md" > "$TMP/golden.diff"; then ok; else
	not_ok "the report differs from tests/report/ceo-jeugd.golden.md line by line (diff below); if the change is intended, run tests/report/update-golden and review the diff"
	head -20 "$TMP/golden.diff" >&2
fi
# Every number in it recomputed by analyze, response, code themes and code agreement.
if "$PY" "$RT/check-numbers" "$T" "$S" "$TMP/rapport.md" > "$TMP/numbers" 2>&1; then ok; else
	not_ok "report numbers differ from the other commands"
	grep -v '^ok' "$TMP/numbers" | head -20 >&2
fi
grep -q "check-numbers: 22 tables; [0-9]* passed, 0 failed" "$TMP/numbers" || not_ok "check-numbers did not check 22 tables"
# The generated sentences: what the tests say, and nothing else.
expect_file_line() {
	if grep -qxF -- "$2" "$1"; then ok; else not_ok "$(basename "$1") lacks line: $2"; fi
}
R=$TMP/rapport.md
expect_file_line "$R" "75 % is tevreden over de jeugdhulp (totaal 2016); de totalen van 2015 en 2016 bevatten niet dezelfde groepen (2015 zonder JB/JR), dus is het verschil niet getoetst. Per groep, 2016 tegen 2015: basishulp significant lager (77 % tegen 88 %); specialistische hulp niet significant verschillend (78 % tegen 80 %); JB/JR alleen in 2016 (62 %)."
expect_file_line "$R" "71 % is tevreden over de wachttijd (totaal 2016); dat is significant lager dan in 2015 (80 %). Per groep, 2016 tegen 2015: basishulp significant lager (74 % tegen 88 %); specialistische hulp niet significant verschillend (68 % tegen 70 %). Let op: de basis verschilt: in 2015 kreeg 48 % van de respondenten deze vraag, in 2016 84 % (routing)."
if grep -E 'niet significant (hoger|lager)|niet significant gestegen|niet significant gedaald' "$R" >/dev/null; then
	not_ok "a non-significant difference is called a rise or a fall"
else ok; fi
n_wording=$(grep -c "Let op: de vraagstelling verschilde tussen 2015 en 2016" "$R")
[ "$n_wording" -ge 5 ] && ok || not_ok "wording changes are not mentioned ($n_wording)"

# ---- HTML: one self-contained file that Chromium renders with every table ----

run "$T" report "$S" --template "$TPL" --waves 2015,2016 -o "$TMP/rapport.html"
expect_rc 0 "report html"
H=$TMP/rapport.html
if grep -Eiq '<script|<link|<img|<iframe|@import|url\(' "$H"; then not_ok "the HTML loads or runs something"; else ok; fi
if grep -o 'https\?://[^"]*' "$H" | grep -v '^http://www.w3.org/2000/svg$' | grep -q .; then
	not_ok "the HTML refers to the network"
else ok; fi
grep -q '@media print{' "$H" && grep -q 'h2{break-before:page' "$H" && ok || not_ok "no print CSS with page breaks"
grep -q '<meta name="viewport" content="width=device-width, initial-scale=1">' "$H" && ok || not_ok "no viewport for phones"
if ! command -v chromium >/dev/null 2>&1; then
	not_ok "chromium is missing (Debian package 'chromium'): the HTML render test cannot run"
else
	PROFILE=$(mktemp -d)
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$PROFILE" --dump-dom "file://$H" > "$TMP/dom.html" 2> "$TMP/chromium.err"
	rc=$?
	rm -rf "$PROFILE"
	expect_rc 0 "chromium --dump-dom"
	if "$PY" - "$TMP/dom.html" "$R" > "$TMP/dom.check" 2>&1 <<'EOF'
import re, sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = self.svgs = self.titles = self.figcaptions = 0
        self.text = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table": self.tables += 1
        if tag == "svg" and a.get("role") == "img" and a.get("aria-labelledby"): self.svgs += 1
        if tag == "figcaption": self.figcaptions += 1
    def handle_data(self, d):
        self.text.append(d)

dom = open(sys.argv[1], encoding="utf-8").read()
md = open(sys.argv[2], encoding="utf-8").read()
p = P(); p.feed(dom)
text = " ".join(p.text)
captions = re.findall(r"^\*\*Tabel (\d+)\.\*\*", md, re.M)
charts = len(re.findall(r"^<svg ", md, re.M))
bad = []
if p.tables != len(captions): bad.append("%d tables rendered, %d in the report" % (p.tables, len(captions)))
for n in captions:
    if "Tabel %s." % n not in text: bad.append("Tabel %s missing" % n)
if p.svgs != charts or p.figcaptions != charts: bad.append("%d charts rendered, %d in the report" % (p.svgs, charts))
for h in re.findall(r"^## (.*)$", md, re.M):
    if h not in text: bad.append("chapter '%s' missing" % h)
if "significant" not in text: bad.append("no generated sentences")
print("\n".join(bad) if bad else "rendered %d tables and %d charts" % (p.tables, p.svgs))
sys.exit(1 if bad else 0)
EOF
	then ok; else
		not_ok "the rendered HTML lacks content"
		head -10 "$TMP/dom.check" >&2
	fi
fi

# ---- the workbook, read back cell by cell ----

run "$T" report "$S" --template "$TPL" --waves 2015,2016 -o "$TMP/tabellen.xlsx"
expect_rc 0 "report xlsx"
if "$PY" "$RT/check-xlsx" "$TMP/tabellen.xlsx" "$R" > "$TMP/xlsx.check" 2>&1; then ok; else
	not_ok "the workbook differs from the report"
	head -10 "$TMP/xlsx.check" >&2
fi
grep -q "check-xlsx: 22 tables; [0-9]* passed, 0 failed" "$TMP/xlsx.check" || not_ok "check-xlsx did not check 22 tables"

# The same report to standard output, and --format instead of the extension.
run "$T" report "$S" --template "$TPL" --waves 2015,2016 -o - --format md
expect_rc 0 "report to stdout"
cmp -s "$TMP/out" "$R" && ok || not_ok "md on standard output differs from the file"

# ---- template errors: positioned, all listed, nothing written ----

cat > "$TMP/bad.md" <<'EOF'
# Fouten

{{ table tevredn }}
{{ tabel tevreden }}
Tekst {{ chart cijfer }}
{{ chart cijfer kleur=rood }}
{{ table tevreden letters=alle }}
{{ quotes wachttijd polarity=x }}
{{ quotes onbekend }}
{{ table tevreden waves=2015,2014 }}
{{ table module:nergens }}
{{ response
{{ themes coder=niemand }}
{{ table open_goed }}
{{ chart module:uitvoering }}
{{ table cijfer measure=top }}
{{ table tevreden total-exclude=JBJR }}
{{ quotes wachttijd say="x" }}
```
{{ table hier_mag_alles }}
```
EOF
rm -f "$TMP/bad.html"
run "$T" report "$S" --template "$TMP/bad.md" -o "$TMP/bad.html"
expect_rc 1 "syntax errors"
B=$TMP/bad.md
expect_err_line "$B:4:4: unknown directive 'tabel' (known: table, chart, response, themes, quotes, agreement, method)"
expect_err_line "$B:5:7: a directive must stand alone on its line"
expect_err_line "$B:6:17: unknown option 'kleur' for 'chart' (known: waves, wave, by, letters, adjust, year-mark, total-exclude, measure, total, title)"
expect_err_line "$B:7:27: 'letters' expects none|reference|pairwise, not 'alle'"
expect_err_line "$B:8:30: 'polarity' expects +|-|~, not 'x'"
expect_err_line "$B:12:1: directive not closed: '}}' missing (a directive is one line)"
expect_err_line "$B:18:21: unknown option 'say' for 'quotes' (known: polarity, limit, wave, group, source, coder, min-length, max-length, placeholders, skip)"
expect_err_count 7
[ -e "$TMP/bad.html" ] && not_ok "a report was written despite errors" || ok
# Without the syntax errors, the study is asked: every unknown name with its position.
sed -i -e '4,8d' -e '/^{{ response$/d' -e '/say="x"/d' "$B"
run "$T" report "$S" --template "$B" -o "$TMP/bad.html"
expect_rc 1 "unknown names"
expect_err_line "$B:3:10: unknown item 'tevredn' (not in a questionnaire of the study)"
expect_err_line "$B:4:11: unknown code 'onbekend' (not in a codebook of the study)"
expect_err_line "$B:5:25: unknown wave '2014' (the study has 2015, 2016, 2017)"
expect_err_line "$B:6:10: unknown module 'nergens'"
expect_err_line "$B:7:17: unknown coder 'niemand'"
expect_err_line "$B:8:10: item 'open_goed' is an open question: use 'themes' and 'quotes'"
expect_err_line "$B:9:10: a chart shows one item, not 'module:uitvoering'"
expect_err_line "$B:10:25: item 'cijfer' has no top options: it has no 'top' measure"
expect_err_line "$B:11:33: 'JBJR' is not a group of 'segment'"
expect_err_count 9
[ -e "$TMP/bad.html" ] && not_ok "a report was written despite errors" || ok
printf '{{ quotes wachttijd polarity=+ wave=2019 }}\n' > "$TMP/bad2.md"
run "$T" report "$S" --template "$TMP/bad2.md" -o "$TMP/bad2.md.out" --format md
expect_rc 1 "unknown wave for quotes"
expect_err_line "$TMP/bad2.md:1:37: unknown wave '2019' (the study has 2015, 2016, 2017)"

# ---- the command line ----

run "$T" report "$S" --template "$TPL"
expect_rc 2 "no -o"
expect_err_line "tevreden: -o is required"
run "$T" report "$S" --template "$TPL" -o "$TMP/rapport.pdf"
expect_rc 2 "unknown extension"
expect_err_line "tevreden: cannot tell the format from '$TMP/rapport.pdf': end it in .html, .md or .xlsx, or give --format"
run "$T" report "$S" --template "$TPL" -o - --format xlsx
expect_rc 2 "workbook to stdout"
run "$T" report "$S" --template "$TPL" -o "$TMP/x.md" --waves 2015
expect_rc 2 "one wave in --waves"
run "$T" report "$S" --template "$TPL" -o "$TMP/x.md" --lang en
expect_rc 2 "only Dutch"
run "$T" report "$S" --template "$TMP/missing.md" -o "$TMP/x.md"
expect_rc 3 "missing template"
run "$T" report "$TMP/missing.sqlite" --template "$TPL" -o "$TMP/x.md"
expect_rc 3 "missing study"
run "$T" report "$S" --template "$TPL" -o "$TMP/no/such/dir/x.md"
expect_rc 3 "unwritable output"
run "$T" report "$S" --template "$TPL" -o "$TMP/x.md" --wave 2017
expect_rc 1 "a wave without respondents"
expect_err_line "tevreden: $S: wave '2017' has no respondents"

# ---- privacy: suppressed cells, quotes ----

cat > "$TMP/small.md" <<'EOF'
# Klein

{{ table tevreden say="{value} is tevreden over de jeugdhulp" }}

{{ chart tevreden }}

{{ quotes bejegening limit=50 placeholders=drop source=interviews }}
EOF
run "$T" report "$S" --template "$TMP/small.md" -o "$TMP/small.md.out" --format md --suppress 250
expect_rc 0 "suppress 250"
SM=$TMP/small.md.out
expect_file_line "$SM" "| basishulp | – n=216 | 77 % n=254 |"
expect_file_line "$SM" "| specialistische hulp | 80 % n=282 | – n=248 |"
expect_file_line "$SM" "– als waarde: niet getoond, minder dan 250 antwoorden (privacy)"
grep -qF "basishulp te weinig antwoorden om te vergelijken" "$SM" && ok || not_ok "sentence quotes a suppressed value"
if grep -F "88 %" "$SM" >/dev/null; then not_ok "a suppressed value (88 %) is in the report"; else ok; fi
grep -qF "basishulp: 2015 niet getoond (n=216) 2016 77 % (n=254)" "$SM" && ok || not_ok "chart description shows a suppressed value"
if grep '^> ' "$SM" | grep -E '\\\[(naam|telefoon|e-mail|postcode|bsn|iban|datum)' >/dev/null; then
	not_ok "placeholders=drop kept a quote with a placeholder"
else ok; fi
grep -q '^> — deelnemer, ' "$SM" && ok || not_ok "no interview quotes"

finish
