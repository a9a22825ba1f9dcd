/* check_transcript.c: unit tests of the transcript parser (text, Markdown, WebVTT, SRT), offsets in code points. */
#include "collect/transcript.h"
#include "core/error.h"
#include "core/util.h"

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

/* Set once by main before any test runs. */
static char tmpdir[64];

/*
 * The text between code points start and end of s, as a new string. Counted
 * here byte by byte, independently of the parser's own transcript_span.
 */
static char *cp_slice(const char *s, size_t start, size_t end)
{
	size_t i, cp = 0, a = SIZE_MAX, b = SIZE_MAX;

	for (i = 0;; i++) {
		if (s[i] != '\0' && ((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (cp == start)
			a = i;
		if (cp == end) {
			b = i;
			break;
		}
		if (s[i] == '\0')
			break;
		cp++;
	}
	ck_assert_msg(a != SIZE_MAX && b != SIZE_MAX && a <= b, "range %zu..%zu outside the text",
		      start, end);
	return xstrndup(s + a, b - a);
}

static size_t cp_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static const char *diag_name(enum transcript_format f)
{
	return f == TRANSCRIPT_VTT ? "t.vtt" : f == TRANSCRIPT_SRT ? "t.srt" : "t.txt";
}

/* Parse len bytes (0: strlen); *err is a new string with what was reported. */
static int run(const char *in, size_t len, const struct transcript_options *o,
	       struct transcript **t, char **err)
{
	struct diag d;
	size_t errlen;
	int ret;

	diag_init(&d, diag_name(o ? o->format : TRANSCRIPT_AUTO), 10);
	d.out = open_memstream(err, &errlen);
	ck_assert_ptr_nonnull(d.out);
	ret = transcript_parse(in, len ? len : strlen(in), o, &d, t);
	ck_assert_int_eq(fclose(d.out), 0);
	ck_assert_int_eq(d.errors, ret < 0 ? 1 : 0);
	if (ret < 0)
		ck_assert_ptr_null(*t);
	return ret;
}

/*
 * What every parse must satisfy: the text is NFC and counted right, each
 * turn is preceded by "Label: " and followed by a line break, sentences and
 * remarks lie in their turn in order, and transcript_span agrees with
 * cp_slice.
 */
static void check_invariants(const struct transcript *t)
{
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)t->text);
	size_t i, j, n, prev_end;
	const char *span;
	char *want, *got;

	ck_assert_str_eq(nfc, t->text);
	free(nfc);
	ck_assert_uint_eq(t->text_bytes, strlen(t->text));
	ck_assert_uint_eq(t->text_cps, cp_count(t->text));
	prev_end = 0;
	for (i = 0; i < t->nturns; i++) {
		const struct transcript_turn *tu = &t->turns[i];
		const char *label = t->speakers[tu->speaker].label;
		size_t ll = cp_count(label) + 2;

		ck_assert_uint_lt(tu->speaker, t->nspeakers);
		ck_assert_uint_eq(tu->start, prev_end + ll);
		ck_assert_uint_gt(tu->end, tu->start);
		want = xasprintf("%s: ", label);
		got = cp_slice(t->text, tu->start - ll, tu->start);
		ck_assert_str_eq(got, want);
		free(got);
		free(want);
		got = cp_slice(t->text, tu->end, tu->end + 1);
		ck_assert_str_eq(got, "\n");
		free(got);
		prev_end = tu->end + 1;
		ck_assert_uint_ge(tu->nsentences, 1);
		for (j = 0; j < tu->nsentences; j++) {
			const struct transcript_range *r = &t->sentences[tu->first_sentence + j];

			ck_assert_uint_eq(r->turn, i);
			ck_assert_uint_ge(r->start, j ? t->sentences[tu->first_sentence + j - 1].end + 1 : tu->start);
			ck_assert_uint_le(r->end, tu->end);
			ck_assert_uint_gt(r->end, r->start);
		}
		ck_assert_uint_eq(t->sentences[tu->first_sentence].start, tu->start);
		ck_assert_uint_eq(t->sentences[tu->first_sentence + tu->nsentences - 1].end, tu->end);
	}
	ck_assert_uint_eq(prev_end, t->text_cps);
	for (i = 0; i < t->nremarks; i++) {
		const struct transcript_range *r = &t->remarks[i];

		ck_assert_uint_ge(r->start, t->turns[r->turn].start);
		ck_assert_uint_le(r->end, t->turns[r->turn].end);
		got = cp_slice(t->text, r->start, r->end);
		ck_assert_int_eq(got[0], '[');
		ck_assert_int_eq(got[strlen(got) - 1], ']');
		free(got);
	}
	for (i = 0; i <= t->text_cps; i += 1 + i / 3) {
		for (j = i; j <= t->text_cps; j += 1 + j / 2) {
			span = transcript_span(t, i, j, &n);
			got = cp_slice(t->text, i, j);
			ck_assert_uint_eq(n, strlen(got));
			ck_assert(memcmp(span, got, n) == 0);
			free(got);
		}
	}
}

/*
 * The parse as text, one line per turn:
 *   Label[*]@line start..end: {sentence}{sentence} <remark>
 * where * marks an interviewer and sentences and remarks are cut out of the
 * document text by code points.
 */
static char *describe(const struct transcript *t)
{
	struct buf b;
	size_t i, j;
	char *s;

	buf_init(&b);
	for (i = 0; i < t->nturns; i++) {
		const struct transcript_turn *tu = &t->turns[i];
		const struct transcript_speaker *sp = &t->speakers[tu->speaker];

		buf_printf(&b, "%s%s@%ld %ld..%ld:", sp->label,
			   sp->role == TRANSCRIPT_INTERVIEWER ? "*" : "", tu->line, tu->start_ms, tu->end_ms);
		for (j = 0; j < tu->nsentences; j++) {
			const struct transcript_range *r = &t->sentences[tu->first_sentence + j];

			s = cp_slice(t->text, r->start, r->end);
			buf_printf(&b, " {%s}", s);
			free(s);
		}
		for (j = 0; j < t->nremarks; j++) {
			if (t->remarks[j].turn != i)
				continue;
			s = cp_slice(t->text, t->remarks[j].start, t->remarks[j].end);
			buf_printf(&b, " <%s>", s);
			free(s);
		}
		buf_addc(&b, '\n');
	}
	return buf_detach(&b);
}

static char *describe_meta(const struct transcript *t)
{
	const struct transcript_meta *m = &t->meta;
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_printf(&b, "id=%s wave=%s group=%s method=%s date=%s interviewer=%s",
		   m->id ? m->id : "-", m->wave ? m->wave : "-", m->group ? m->group : "-",
		   m->method ? m->method : "-", m->date ? m->date : "-",
		   m->interviewer ? m->interviewer : "-");
	for (i = 0; i < m->nextra; i++)
		buf_printf(&b, " +%s=%s@%ld", m->extra[i].key, m->extra[i].value, m->extra[i].line);
	return buf_detach(&b);
}

/* Parse in (must succeed, nothing reported), check the invariants. */
static struct transcript *parse_ok(const char *in, const struct transcript_options *o)
{
	struct transcript *t = NULL;
	char *err = NULL;

	ck_assert_msg(run(in, 0, o, &t, &err) == 0, "parse failed: %s", err);
	ck_assert_str_eq(err, "");
	free(err);
	check_invariants(t);
	return t;
}

static struct transcript_options opts(enum transcript_format f)
{
	struct transcript_options o;

	transcript_options_init(&o);
	o.format = f;
	return o;
}

/* ---- each format, with metadata: the exact stored text and structure ---- */

struct format_case {
	const char *name;
	enum transcript_format format;
	const char *input;
	const char *meta;
	const char *text;
	const char *turns;
};

static const struct format_case format_cases[] = {
	{ "text with key: value header", TRANSCRIPT_TEXT,
	  "id: T01\n"
	  "golf: 2019\n"
	  "groep: ouders\n"
	  "methode: Focus groep\n"
	  "datum: 5-3-2019\n"
	  "interviewer: Anna\n"
	  "Locatie: Utrecht\n"
	  "\n"
	  "# Interview\n"
	  "[00:00:05] I: Welkom allemaal.\n"
	  "Fijn dat jullie er zijn.\n"
	  "[00:00:09] Ouder 1: Dank je. [lacht]\n"
	  "Anna: Zullen we beginnen?\n",
	  "id=T01 wave=2019 group=ouders method=focusgroep date=2019-03-05 interviewer=Anna"
	  " +Locatie=Utrecht@7",
	  "I: Welkom allemaal. Fijn dat jullie er zijn.\n"
	  "Ouder 1: Dank je. [lacht]\n"
	  "Anna: Zullen we beginnen?\n",
	  "I*@10 5000..-1: {Welkom allemaal.} {Fijn dat jullie er zijn.}\n"
	  "Ouder 1@12 9000..-1: {Dank je.} {[lacht]} <[lacht]>\n"
	  "Anna*@13 -1..-1: {Zullen we beginnen?}\n" },
	{ "markdown with front matter", TRANSCRIPT_TEXT,
	  "---\n"
	  "id: \"T02\"\n"
	  "wave: 2020 # tweede meting\n"
	  "method: telefonisch\n"
	  "date: 2020-01-31\n"
	  "tags:\n"
	  "  - a\n"
	  "---\n"
	  "\n"
	  "# Gesprek met R\n"
	  "\n"
	  "*Inleiding, geen beurt.*\n"
	  "\n"
	  "**I:** Hoe gaat het?\n"
	  "\n"
	  "**R**: Goed hoor.\n"
	  "Echt waar.\n"
	  "\n"
	  "---\n"
	  "\n"
	  "**Jongere 2:** Ja!\n",
	  "id=T02 wave=2020 group=- method=telefonisch date=2020-01-31 interviewer=- +tags=@6",
	  "I: Hoe gaat het?\n"
	  "R: Goed hoor. Echt waar.\n"
	  "Jongere 2: Ja!\n",
	  "I*@14 -1..-1: {Hoe gaat het?}\n"
	  "R@16 -1..-1: {Goed hoor.} {Echt waar.}\n"
	  "Jongere 2@21 -1..-1: {Ja!}\n" },
	{ "text without header, interviewer line first", TRANSCRIPT_TEXT,
	  "Interviewer: Goedemorgen.\n"
	  "R: Hoi.\n",
	  "id=- wave=- group=- method=- date=- interviewer=-",
	  "Interviewer: Goedemorgen.\n"
	  "R: Hoi.\n",
	  "Interviewer*@1 -1..-1: {Goedemorgen.}\n"
	  "R@2 -1..-1: {Hoi.}\n" },
	{ "text with headings and preamble before the header", TRANSCRIPT_TEXT,
	  "# Transcript\n"
	  "[Groepsruimte, vijf deelnemers: R1 tot en met R5.]\n"
	  "**Datum:** 6 april 2017\n"
	  "**Groep:** JB-ouders\n"
	  "Interviewer: M.\n"
	  "\n"
	  "I: Begin.\n",
	  "id=- wave=- group=JB-ouders method=- date=2017-04-06 interviewer=M.",
	  "I: Begin.\n",
	  "I*@7 -1..-1: {Begin.}\n" },
	{ "webvtt with voices, classes, ids, NOTE metadata", TRANSCRIPT_VTT,
	  "WEBVTT - interview\n"
	  "Kind: captions\n"
	  "\n"
	  "NOTE\n"
	  "id: T03\n"
	  "methode: groepsinterview\n"
	  "\n"
	  "STYLE\n"
	  "::cue { color: white }\n"
	  "\n"
	  "1\n"
	  "00:00:01.000 --> 00:00:04.000\n"
	  "<v Interviewer>Hoe was het &amp; wat vond je?</v>\n"
	  "\n"
	  "2\n"
	  "00:00:04.500 --> 00:00:06.000 align:start\n"
	  "<v.loud Ouder 1><i>Zwaar.</i> Heel zwaar.</v>\n"
	  "\n"
	  "00:00:06.000 --> 00:00:08.250\n"
	  "En lang.\n"
	  "\n"
	  "01:08.000 --> 01:10.000\n"
	  "<v Ouder 2>Bij ons ook.\n"
	  "<v Interviewer>Dank je.\n"
	  "\n"
	  "NOTE een opmerking: na de eerste cue telt die niet\n",
	  "id=T03 wave=- group=- method=groepsinterview date=- interviewer=- +Kind=captions@2",
	  "Interviewer: Hoe was het & wat vond je?\n"
	  "Ouder 1: Zwaar. Heel zwaar. En lang.\n"
	  "Ouder 2: Bij ons ook.\n"
	  "Interviewer: Dank je.\n",
	  "Interviewer*@13 1000..4000: {Hoe was het & wat vond je?}\n"
	  "Ouder 1@17 4500..8250: {Zwaar.} {Heel zwaar.} {En lang.}\n"
	  "Ouder 2@23 68000..70000: {Bij ons ook.}\n"
	  "Interviewer*@24 68000..70000: {Dank je.}\n" },
	{ "webvtt: same voice merges, no voice at start is onbekend, Zoom-style names", TRANSCRIPT_VTT,
	  "WEBVTT\n"
	  "\n"
	  "00:00:00.000 --> 00:00:01.000\n"
	  "[muziek]\n"
	  "\n"
	  "00:00:01.000 --> 00:00:02.000\n"
	  "<v Anna de Vries>Hallo.</v>\n"
	  "\n"
	  "00:00:02.000 --> 00:00:03.000\n"
	  "<v anna de  vries>Hoe gaat het?</v>\n"
	  "\n"
	  "00:00:03.000 --> 00:00:04.000\n"
	  "Bas: Goed.\n",
	  "id=- wave=- group=- method=- date=- interviewer=-",
	  "onbekend: [muziek]\n"
	  "Anna de Vries: Hallo. Hoe gaat het?\n"
	  "Bas: Goed.\n",
	  "onbekend@4 0..1000: {[muziek]} <[muziek]>\n"
	  "Anna de Vries@7 1000..3000: {Hallo.} {Hoe gaat het?}\n"
	  "Bas@13 3000..4000: {Goed.}\n" },
	{ "srt with names, dialogue dashes, tags", TRANSCRIPT_SRT,
	  "1\n"
	  "00:00:01,000 --> 00:00:03,000\n"
	  "Interviewer: Hoe oud ben je?\n"
	  "\n"
	  "2\n"
	  "00:00:03,500 --> 00:00:05,000\n"
	  "Fatima: Zestien.\n"
	  "<i>Bijna zeventien.</i>\n"
	  "\n"
	  "3\n"
	  "00:00:05,100 --> 00:00:07,000\n"
	  "- Wie nog meer?\n"
	  "- Ik!\n"
	  "\n"
	  "4\n"
	  "00:00:07,000 --> 00:00:09,000\n"
	  "{\\an8}[gelach]\n"
	  "\n"
	  "5\n"
	  "00:00:09,000 --> 00:00:10,000\n"
	  "- R2: Ik ook.\n",
	  "id=- wave=- group=- method=- date=- interviewer=-",
	  "Interviewer: Hoe oud ben je?\n"
	  "Fatima: Zestien. Bijna zeventien.\n"
	  "onbekend: Wie nog meer?\n"
	  "onbekend: Ik! [gelach]\n"
	  "R2: Ik ook.\n",
	  "Interviewer*@3 1000..3000: {Hoe oud ben je?}\n"
	  "Fatima@7 3500..5000: {Zestien.} {Bijna zeventien.}\n"
	  "onbekend@12 5100..7000: {Wie nog meer?}\n"
	  "onbekend@13 5100..9000: {Ik!} {[gelach]} <[gelach]>\n"
	  "R2@21 9000..10000: {Ik ook.}\n" },
};

START_TEST(test_formats)
{
	const struct format_case *c = &format_cases[_i];
	struct transcript_options o = opts(c->format);
	struct transcript *t = parse_ok(c->input, &o);
	char *s;

	ck_assert_int_eq(t->format, c->format);
	s = describe_meta(t);
	ck_assert_msg(strcmp(s, c->meta) == 0, "%s: meta\n%s\nexpected\n%s", c->name, s, c->meta);
	free(s);
	ck_assert_msg(strcmp(t->text, c->text) == 0, "%s: text\n%s\nexpected\n%s", c->name, t->text,
		      c->text);
	s = describe(t);
	ck_assert_msg(strcmp(s, c->turns) == 0, "%s: turns\n%s\nexpected\n%s", c->name, s, c->turns);
	free(s);
	transcript_free(t);
}
END_TEST

/* ---- speaker prefixes: the line after "I: Eerst." starts a turn of this label, or continues ---- */

struct prefix_case {
	const char *line;
	const char *label;	/* NULL: the line continues the first turn */
	const char *content;	/* the second turn's (or the continued turn's) text */
};

static const struct prefix_case prefix_cases[] = {
	{ "R: x", "R", "x" },
	{ "R2: x", "R2", "x" },
	{ "Interviewer: x", "Interviewer", "x" },
	{ "Ouder 1: x", "Ouder 1", "x" },
	{ "Jongere: x", "Jongere", "x" },
	{ "Fatima: x", "Fatima", "x" },
	{ "[naam-1]: x", "[naam-1]", "x" },
	{ "**I:** x", "I", "x" },
	{ "**Ouder 2**: x", "Ouder 2", "x" },
	{ "Anna de Vries: x", "Anna de Vries", "x" },
	{ "Mevr. Jansen: x", "Mevr. Jansen", "x" },
	{ "J. de Vries: x", "J. de Vries", "x" },
	{ "moeder: x", "moeder", "x" },
	{ "Ouder  1 : x", "Ouder 1", "x" },
	{ "\xc3\x87" "a\xc4\x9f" "la: x", "\xc3\x87" "a\xc4\x9f" "la", "x" },
	{ "  R:   x  y  ", "R", "x y" },
	{ "R:", NULL, "Eerst." },
	{ "Nou ja: x", NULL, "Eerst. Nou ja: x" },
	{ "Dat is: x", NULL, "Eerst. Dat is: x" },
	{ "10:30 begon het", NULL, "Eerst. 10:30 begon het" },
	{ "Let op: x", NULL, "Eerst. Let op: x" },
	{ "Ja. Nee: x", NULL, "Eerst. Ja. Nee: x" },
	{ "R2:x", NULL, "Eerst. R2:x" },
	{ "Opmerking: x", NULL, "Eerst. Opmerking: x" },
	{ "Een Heel Lang Label Hier: x", NULL, "Eerst. Een Heel Lang Label Hier: x" },
	{ "https://example.org", NULL, "Eerst. https://example.org" },
	{ "- R: x", NULL, "Eerst. - R: x" },
	{ "[lacht] en toen: x", NULL, "Eerst. [lacht] en toen: x" },
};

START_TEST(test_prefixes)
{
	const struct prefix_case *c = &prefix_cases[_i];
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	char *in = xasprintf("I: Eerst.\n%s\n", c->line), *s;
	struct transcript *t = parse_ok(in, &o);
	const struct transcript_turn *tu;

	if (c->label) {
		ck_assert_uint_eq(t->nturns, 2);
		tu = &t->turns[1];
		ck_assert_str_eq(t->speakers[tu->speaker].label, c->label);
		ck_assert_int_eq(tu->line, 2);
	} else {
		ck_assert_uint_eq(t->nturns, 1);
		tu = &t->turns[0];
	}
	s = cp_slice(t->text, tu->start, tu->end);
	ck_assert_str_eq(s, c->content);
	free(s);
	free(in);
	transcript_free(t);
}
END_TEST

/* Continuation lines join with one space; blank lines inside a turn are dropped; white space collapses. */
START_TEST(test_continuation)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = parse_ok("I: Eerste regel\n   tweede\tregel  \n\nderde regel\n"
					"\n## Deel 2\n\nvierde\nR: Ja\n", &o);
	char *s = describe(t);

	ck_assert_str_eq(t->text, "I: Eerste regel tweede regel derde regel vierde\nR: Ja\n");
	ck_assert_str_eq(s, "I*@1 -1..-1: {Eerste regel tweede regel derde regel vierde}\n"
			    "R@9 -1..-1: {Ja}\n");
	free(s);
	transcript_free(t);
}
END_TEST

/* Line ends \n, \r\n and \r, and a byte order mark. */
START_TEST(test_line_ends)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = parse_ok("\xEF\xBB\xBFI: a\r\nR: b\rI: c\r\n", &o);
	char *s = describe(t);

	ck_assert_str_eq(t->text, "I: a\nR: b\nI: c\n");
	ck_assert_str_eq(s, "I*@1 -1..-1: {a}\nR@2 -1..-1: {b}\nI*@3 -1..-1: {c}\n");
	free(s);
	transcript_free(t);
}
END_TEST

/* Subtitle markup: tags removed, character references decoded, unknown ones kept. */
START_TEST(test_markup)
{
	struct transcript_options o = opts(TRANSCRIPT_VTT);
	struct transcript *t = parse_ok(
		"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
		"<v R><b>Caf&#233;</b> &lt;3 &#x1F600; &bogus; &#0; a&b <00:00:01.500>ok</v>\n"
		"<v>zonder naam</v> <c.geel>en</c> <ruby>verder<rt>x</rt></ruby>\n", &o);

	ck_assert_str_eq(t->text, "R: Caf\xc3\xa9 <3 \xf0\x9f\x98\x80 &bogus; &#0; a&b ok zonder naam en verderx\n");
	transcript_free(t);

	o = opts(TRANSCRIPT_SRT);
	t = parse_ok("1\n00:00:01,000 --> 00:00:02,000\n"
		     "<font color=\"#ffff00\">Ouder 1:</font> {\\i1}ja{\\i0} &amp; {nee}\n", &o);
	ck_assert_str_eq(t->text, "Ouder 1: ja & {nee}\n");
	transcript_free(t);
}
END_TEST

/* ---- timestamps: three forms, before or after the prefix, and f4's at the end ---- */

struct stamp_case {
	const char *input;
	long start_ms, end_ms;
	const char *content;
};

static const struct stamp_case stamp_cases[] = {
	{ "[00:03:40] I: x", 220000, -1, "x" },
	{ "I: [00:03:40] x", 220000, -1, "x" },
	{ "#00:03:40.5# I: x", 220500, -1, "x" },
	{ "#00:03:40-5# I: x", 220500, -1, "x" },
	{ "(00:03) I: x", 3000, -1, "x" },
	{ "I: (00:03) x", 3000, -1, "x" },
	{ "[1:02:03.25] I: x", 3723250, -1, "x" },
	{ "[00:00:01,125] I: x", 1125, -1, "x" },
	{ "**I:** [00:00:02] x", 2000, -1, "x" },
	{ "I: x #00:00:12-3#", -1, 12300, "x" },
	{ "[00:00:10] I: x [00:00:12]", 10000, 12000, "x" },
	{ "[00:00:10] I: x\ny (00:00:30)", 10000, 30000, "x y" },
	{ "00:01:02 I: x", 62000, -1, "x" },
	{ "[00:00:07]\nI: x", 7000, -1, "x" },
	{ "I: x\n[00:00:09] en verder", -1, -1, "x en verder" },
	{ "I: x [00:3:40] y", -1, -1, "x [00:3:40] y" },
	{ "I: om 10:30 [00:61:00]", -1, -1, "om 10:30 [00:61:00]" },
};

START_TEST(test_timestamps)
{
	const struct stamp_case *c = &stamp_cases[_i];
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = parse_ok(c->input, &o);
	char *s;

	ck_assert_uint_eq(t->nturns, 1);
	ck_assert_int_eq(t->turns[0].start_ms, c->start_ms);
	ck_assert_int_eq(t->turns[0].end_ms, c->end_ms);
	s = cp_slice(t->text, t->turns[0].start, t->turns[0].end);
	ck_assert_str_eq(s, c->content);
	free(s);
	transcript_free(t);
}
END_TEST

/* ---- remarks in square brackets ---- */

START_TEST(test_remarks)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = parse_ok(
		"R: Ik ging [lacht] naar [naam instelling]. [stilte]\n"
		"Daar was het [niet te verstaan [ruis]] oké. Een [open haakje blijft.\n"
		"I: Ach] zo.\n", &o);
	char *s = describe(t);

	ck_assert_str_eq(s,
		"R@1 -1..-1: {Ik ging [lacht] naar [naam instelling].}"
		" {[stilte] Daar was het [niet te verstaan [ruis]] oké.} {Een [open haakje blijft.}"
		" <[lacht]> <[naam instelling]> <[stilte]> <[niet te verstaan [ruis]]>\n"
		"I*@3 -1..-1: {Ach] zo.}\n");
	/* the first remark by number: "R: Ik ging " is 11 code points */
	ck_assert_uint_eq(t->nremarks, 4);
	ck_assert_uint_eq(t->remarks[0].start, 11);
	ck_assert_uint_eq(t->remarks[0].end, 18);
	ck_assert_uint_eq(t->remarks[0].turn, 0);
	free(s);
	transcript_free(t);
}
END_TEST

/* ---- interviewer detection ---- */

START_TEST(test_interviewer_default)
{
	static const char *const labels[] = {
		"I", "Interviewer", "Int", "Moderator", "Gespreksleider", "I2", "Interviewer 2",
		"R", "Ouder 1", "Ingrid", "Onderzoeker", "Intake",
	};
	static const int roles[] = { 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0 };
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t;
	struct buf in;
	size_t i;

	buf_init(&in);
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		buf_printf(&in, "%s: x\n", labels[i]);
	t = parse_ok(in.s, &o);
	ck_assert_uint_eq(t->nspeakers, sizeof(labels) / sizeof(labels[0]));
	for (i = 0; i < t->nspeakers; i++) {
		ck_assert_str_eq(t->speakers[i].label, labels[i]);
		ck_assert_msg((int)t->speakers[i].role == roles[i], "role of %s", labels[i]);
	}
	ck_assert_str_eq(transcript_role_name(TRANSCRIPT_INTERVIEWER), "interviewer");
	ck_assert_str_eq(transcript_role_name(TRANSCRIPT_PARTICIPANT), "participant");
	ck_assert_str_eq(transcript_default_interviewers()[0], "I");
	transcript_free(t);
	buf_release(&in);
}
END_TEST

/* A configured list replaces the default one. */
START_TEST(test_interviewer_configured)
{
	static const char *const mine[] = { "Onderzoeker", "Gespreksleidster", NULL };
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t;

	o.interviewer_labels = mine;
	t = parse_ok("I: a\nOnderzoeker: b\nonderzoeker 2: c\nGespreksleidster: d\n", &o);
	ck_assert_uint_eq(t->nspeakers, 4);
	ck_assert_int_eq(t->speakers[0].role, TRANSCRIPT_PARTICIPANT);
	ck_assert_int_eq(t->speakers[1].role, TRANSCRIPT_INTERVIEWER);
	ck_assert_str_eq(t->speakers[2].label, "onderzoeker 2");
	ck_assert_int_eq(t->speakers[2].role, TRANSCRIPT_INTERVIEWER);
	ck_assert_int_eq(t->speakers[3].role, TRANSCRIPT_INTERVIEWER);
	transcript_free(t);
}
END_TEST

/* Labels differing only in case and spacing are one speaker, spelled as first seen. */
START_TEST(test_speaker_case)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = parse_ok("Interviewer: a\ninterviewer: b\nOuder 1: c\nouder  1: d\n", &o);

	ck_assert_uint_eq(t->nspeakers, 2);
	ck_assert_uint_eq(t->speakers[0].nturns, 2);
	ck_assert_uint_eq(t->speakers[1].nturns, 2);
	ck_assert_str_eq(t->text, "Interviewer: a\nInterviewer: b\nOuder 1: c\nOuder 1: d\n");
	transcript_free(t);
}
END_TEST

/* ---- Dutch sentence splitting ---- */

struct sentence_case {
	const char *content;
	const char *sentences;
};

static const struct sentence_case sentence_cases[] = {
	{ "Ik heb bijv. een hond. Die heet Max.", "{Ik heb bijv. een hond.}{Die heet Max.}" },
	{ "Dat was bv. Amsterdam. Toen niet meer.", "{Dat was bv. Amsterdam.}{Toen niet meer.}" },
	{ "Dus d.w.z. Nee. Laat maar.", "{Dus d.w.z. Nee.}{Laat maar.}" },
	{ "Ik sprak o.a. Mevr. Jansen en dhr. De Vries. Zij wisten het.",
	  "{Ik sprak o.a. Mevr. Jansen en dhr. De Vries.}{Zij wisten het.}" },
	{ "Het kostte ca. 3.5 uur. Dat is lang.", "{Het kostte ca. 3.5 uur.}{Dat is lang.}" },
	{ "Appels, peren enz. Daarna gingen we.", "{Appels, peren enz.}{Daarna gingen we.}" },
	{ "Appels, peren enz. en nog meer.", "{Appels, peren enz. en nog meer.}" },
	{ "Ik weet het niet... misschien. Ja.", "{Ik weet het niet... misschien.}{Ja.}" },
	{ "Ja, eh\xe2\x80\xa6 U mag bellen.", "{Ja, eh\xe2\x80\xa6}{U mag bellen.}" },
	{ "Dan... 3 keer.", "{Dan... 3 keer.}" },
	{ "Echt? Ja! Nou\xe2\x80\xa6", "{Echt?}{Ja!}{Nou\xe2\x80\xa6}" },
	{ "Wat?! Nee.", "{Wat?!}{Nee.}" },
	{ "Ze zei: \"Kom maar.\" Toen ging ik.", "{Ze zei: \"Kom maar.\"}{Toen ging ik.}" },
	{ "Hij vroeg: \xe2\x80\x9e" "Gaat het?\xe2\x80\x9d Ik zei niks.",
	  "{Hij vroeg: \xe2\x80\x9e" "Gaat het?\xe2\x80\x9d}{Ik zei niks.}" },
	{ "'Nee.' (Toen.) Klaar.", "{'Nee.'}{(Toen.)}{Klaar.}" },
	{ "Dat was leuk. [lacht] Maar toen niet.", "{Dat was leuk.}{[lacht] Maar toen niet.}" },
	{ "[stilte. lang] Oké.", "{[stilte. lang] Oké.}" },
	{ "Dank u. Tot ziens.", "{Dank u.}{Tot ziens.}" },
	{ "Ik sprak J. Jansen gisteren.", "{Ik sprak J. Jansen gisteren.}" },
	{ "Groep 8. Daarna de brugklas.", "{Groep 8.}{Daarna de brugklas.}" },
	{ "Zie www.jeugdzorg.nl voor meer.", "{Zie www.jeugdzorg.nl voor meer.}" },
	{ "Hoe gaat het? goed hoor.", "{Hoe gaat het? goed hoor.}" },
	{ "Ik deed het z.s.m. Daarna was het klaar.", "{Ik deed het z.s.m.}{Daarna was het klaar.}" },
	{ "Het was i.v.m. de vakantie.", "{Het was i.v.m. de vakantie.}" },
	{ "Tot 's avonds. 's Morgens weer.", "{Tot 's avonds.}{'s Morgens weer.}" },
	{ "Ja.Nee.", "{Ja.Nee.}" },
	{ "E\xcc\x81\xc3\xa9n.  Twee.", "{\xc3\x89\xc3\xa9n.}{Twee.}" },
	{ "\xc3\x87" "a va. \xc3\x87" "a marche.", "{\xc3\x87" "a va.}{\xc3\x87" "a marche.}" },
	{ "Goed \xf0\x9f\x98\x80. \xf0\x9f\x98\x80 Echt.", "{Goed \xf0\x9f\x98\x80.}{\xf0\x9f\x98\x80 Echt.}" },
	{ "Zonder punt", "{Zonder punt}" },
};

START_TEST(test_sentences)
{
	const struct sentence_case *c = &sentence_cases[_i];
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	char *in = xasprintf("R: %s\n", c->content), *s;
	struct transcript *t = parse_ok(in, &o);
	struct buf b;
	size_t j;

	buf_init(&b);
	ck_assert_uint_eq(t->nturns, 1);
	for (j = 0; j < t->nsentences; j++) {
		s = cp_slice(t->text, t->sentences[j].start, t->sentences[j].end);
		buf_printf(&b, "{%s}", s);
		free(s);
	}
	ck_assert_msg(strcmp(b.s, c->sentences) == 0, "%s\n-> %s\nexpected %s", c->content, b.s,
		      c->sentences);
	buf_release(&b);
	free(in);
	transcript_free(t);
}
END_TEST

/* ---- offsets count code points, not bytes; the text is NFC ---- */

START_TEST(test_code_points)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = parse_ok(
		"I: \xc3\x87" "a va? Ja.\n"				/* Ç: 2 bytes, 1 code point */
		"R: Heel goed \xf0\x9f\x98\x80. Echt \xc3\xab.\n"	/* emoji: 4 bytes; ë */
		"R2: Cafe\xcc\x81 [lacht \xf0\x9f\x98\x80] ok\xc3\xa9.\n",	/* e + combining acute -> é */
		&o);
	static const size_t turns[][2] = { { 3, 13 }, { 17, 37 }, { 42, 61 } };
	static const size_t sentences[][2] = { { 3, 9 }, { 10, 13 }, { 17, 29 }, { 30, 37 }, { 42, 61 } };
	static const char *const sentence_text[] = {
		"\303\207a va?", "Ja.", "Heel goed \xf0\x9f\x98\x80.", "Echt \xc3\xab.",
		"Caf\xc3\xa9 [lacht \xf0\x9f\x98\x80] ok\xc3\xa9.",
	};
	size_t i, n;
	const char *span;
	char *s;

	ck_assert_str_eq(t->text, "I: \xc3\x87" "a va? Ja.\n"
				  "R: Heel goed \xf0\x9f\x98\x80. Echt \xc3\xab.\n"
				  "R2: Caf\xc3\xa9 [lacht \xf0\x9f\x98\x80] ok\xc3\xa9.\n");
	ck_assert_uint_eq(t->text_cps, 62);
	ck_assert_uint_eq(t->text_bytes, 72);
	ck_assert_uint_eq(t->nturns, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(t->turns[i].start, turns[i][0]);
		ck_assert_uint_eq(t->turns[i].end, turns[i][1]);
	}
	ck_assert_uint_eq(t->nsentences, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_uint_eq(t->sentences[i].start, sentences[i][0]);
		ck_assert_uint_eq(t->sentences[i].end, sentences[i][1]);
		s = cp_slice(t->text, sentences[i][0], sentences[i][1]);
		ck_assert_str_eq(s, sentence_text[i]);
		free(s);
	}
	ck_assert_uint_eq(t->nremarks, 1);
	ck_assert_uint_eq(t->remarks[0].start, 47);
	ck_assert_uint_eq(t->remarks[0].end, 56);
	span = transcript_span(t, 47, 56, &n);
	ck_assert_uint_eq(n, 12);
	ck_assert(memcmp(span, "[lacht \xf0\x9f\x98\x80]", 12) == 0);
	transcript_free(t);
}
END_TEST

/* transcript_span across the sparse index (every 64th code point) on a long text. */
START_TEST(test_span_long)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct buf in;
	struct transcript *t;
	size_t i;

	buf_init(&in);
	buf_adds(&in, "R: ");
	for (i = 0; i < 500; i++)
		buf_adds(&in, i % 3 ? "\xc3\xab" : i % 5 ? "a" : "\xf0\x9f\x98\x80");
	t = parse_ok(in.s, &o);
	ck_assert_uint_eq(t->turns[0].end - t->turns[0].start, 500);
	transcript_free(t);
	buf_release(&in);
}
END_TEST

/* ---- speaker labels that are names ---- */

START_TEST(test_names)
{
	static const char raw[] =
		"I: Hoi.\n"
		"Fatima: Hallo.\n"
		"[naam-2]: Hoi.\n"
		"Ouder 1: Ja.\n"
		"R3: Nee.\n"
		"[00:00:09] Anna de Vries: Oké.\n";
	static const int is_name[] = { 0, 1, 0, 0, 0, 1 };
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = parse_ok(raw, &o);
	char *err = NULL;
	size_t i;

	ck_assert_uint_eq(t->nspeakers, 6);
	for (i = 0; i < 6; i++)
		ck_assert_msg(t->speakers[i].is_name == is_name[i], "is_name of %s", t->speakers[i].label);
	ck_assert_int_eq(t->speakers[5].line, 6);
	ck_assert_int_eq(t->speakers[5].col, 12);
	transcript_free(t);

	o.refuse_names = 1;
	ck_assert_int_eq(run(raw, 0, &o, &t, &err), -1);
	ck_assert_str_eq(err, "t.txt:2:1: speaker 'Fatima' looks like a personal name; pseudonymise it "
			      "first (for example '[naam-1]:')\n");
	free(err);

	/* what the caller does: replace the names in the raw text, parse again */
	t = parse_ok("I: Hoi.\n[naam-1]: Hallo.\n[naam-2]: Hoi.\nOuder 1: Ja.\nR3: Nee.\n"
		     "[00:00:09] [naam-3]: Oké.\n", &o);
	ck_assert_uint_eq(t->nspeakers, 6);
	ck_assert_str_eq(t->speakers[1].label, "[naam-1]");
	ck_assert_str_eq(t->speakers[5].label, "[naam-3]");
	ck_assert_int_eq(t->turns[5].start_ms, 9000);
	ck_assert_str_eq(t->text, "I: Hoi.\n[naam-1]: Hallo.\n[naam-2]: Hoi.\nOuder 1: Ja.\nR3: Nee.\n"
				  "[naam-3]: Oké.\n");
	transcript_free(t);
}
END_TEST

/* Refusing names in a WebVTT voice points at the voice's name. */
START_TEST(test_names_vtt)
{
	struct transcript_options o = opts(TRANSCRIPT_VTT);
	struct transcript *t = NULL;
	char *err = NULL;

	o.refuse_names = 1;
	ck_assert_int_eq(run("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hoi</v>\n\n"
			     "00:00:02.000 --> 00:00:03.000\n<v.loud Bas>Hallo</v>\n", 0, &o, &t, &err), -1);
	ck_assert_str_eq(err, "t.vtt:7:9: speaker 'Bas' looks like a personal name; pseudonymise it "
			      "first (for example '[naam-1]:')\n");
	free(err);
}
END_TEST

/* ---- metadata values ---- */

struct meta_case {
	const char *line;
	const char *meta;
};

static const struct meta_case meta_cases[] = {
	{ "datum: 2017-04-06", "date=2017-04-06" },
	{ "datum: 6-4-2017", "date=2017-04-06" },
	{ "datum: 06/04/2017", "date=2017-04-06" },
	{ "datum: 6.4.2017", "date=2017-04-06" },
	{ "datum: 6 april 2017", "date=2017-04-06" },
	{ "datum: 6 apr. 2017", "date=2017-04-06" },
	{ "date: 29-02-2016", "date=2016-02-29" },
	{ "methode: Focusgroep", "method=focusgroep" },
	{ "method: focus group", "method=focusgroep" },
	{ "methode: Groepsinterview", "method=groepsinterview" },
	{ "methode: Face to face", "method=face-to-face" },
	{ "methode: F2F", "method=face-to-face" },
	{ "methode: telefoon", "method=telefonisch" },
	{ "methode: Telefonisch", "method=telefonisch" },
	{ "ID: jb-1", "id=jb-1" },
	{ "Golf: 2017-najaar", "wave=2017-najaar" },
	{ "doelgroep: LVB-jongeren", "group=LVB-jongeren" },
	{ "groep:", "group=-" },
};

START_TEST(test_meta_values)
{
	const struct meta_case *c = &meta_cases[_i];
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	char *in = xasprintf("%s\n\nI: x\n", c->line), *s;
	struct transcript *t = parse_ok(in, &o);

	s = describe_meta(t);
	ck_assert_msg(strstr(s, c->meta) != NULL, "%s -> %s", c->line, s);
	free(s);
	free(in);
	transcript_free(t);
}
END_TEST

/* ---- errors: the exact message and position, nothing returned ---- */

struct error_case {
	enum transcript_format format;
	const char *input;
	size_t len;		/* 0: strlen(input) */
	size_t max_bytes;	/* 0: default */
	const char *error;
};

static const struct error_case error_cases[] = {
	{ TRANSCRIPT_TEXT, "", 0, 0, "t.txt: empty file, expected a transcript\n" },
	{ TRANSCRIPT_TEXT, " \n\t\r\n", 0, 0, "t.txt: empty file, expected a transcript\n" },
	{ TRANSCRIPT_VTT, "\xEF\xBB\xBF\n", 0, 0, "t.vtt: empty file, expected a transcript\n" },
	{ TRANSCRIPT_TEXT, "I: ab\xff\n", 0, 0,
	  "t.txt:1:6: invalid UTF-8 byte 0xff, a transcript must be UTF-8\n" },
	{ TRANSCRIPT_TEXT, "I: x\nR: \xc3\xab\xc3(", 0, 0,
	  "t.txt:2:5: invalid UTF-8 byte 0xc3, a transcript must be UTF-8\n" },
	{ TRANSCRIPT_TEXT, "\xEF\xBB\xBFI: \xc0\x80", 0, 0,
	  "t.txt:1:4: invalid UTF-8 byte 0xc0, a transcript must be UTF-8\n" },
	{ TRANSCRIPT_TEXT, "I: \xed\xa0\x80", 0, 0,
	  "t.txt:1:4: invalid UTF-8 byte 0xed, a transcript must be UTF-8\n" },
	{ TRANSCRIPT_TEXT, "I: a\r\nR: b\0c", 12, 0,
	  "t.txt:2:5: unexpected NUL byte, a transcript must be text\n" },
	{ TRANSCRIPT_TEXT, "\xff\xfeI\0:\0", 6, 0,
	  "t.txt:1: file is UTF-16, expected UTF-8 (save the transcript as UTF-8)\n" },
	{ TRANSCRIPT_TEXT, "Dit is geen transcript.\nNog een regel: met dubbele punt.\n", 0, 0,
	  "t.txt: no speaker turns found (expected lines like 'I: ...' or 'Ouder 1: ...')\n" },
	{ TRANSCRIPT_TEXT, "id: x\n\nI:\nR:   \n", 0, 0,
	  "t.txt: no speaker turns found (expected lines like 'I: ...' or 'Ouder 1: ...')\n" },
	{ TRANSCRIPT_TEXT, "[00:00:20] I: x #00:00:10#\n", 0, 0,
	  "t.txt:1:17: end time '00:00:10.000' is before start time '00:00:20.000'\n" },
	{ TRANSCRIPT_TEXT, "---\nid: x\nI: hallo\n", 0, 0,
	  "t.txt:1:1: front matter is not closed (expected a line '---')\n" },
	{ TRANSCRIPT_TEXT, "---\nid: x\ndit is geen sleutel\n---\nI: a\n", 0, 0,
	  "t.txt:3:1: expected 'key: value' in the front matter\n" },
	{ TRANSCRIPT_TEXT, "id: a\nID: b\n\nI: x\n", 0, 0, "t.txt:2:1: duplicate metadata key 'ID'\n" },
	{ TRANSCRIPT_TEXT, "id: a\nwave: 1\n  golf: 2\n\nI: x\n", 0, 0,
	  "t.txt:3:3: duplicate metadata key 'golf'\n" },
	{ TRANSCRIPT_TEXT, "id: a\nmethode: online\n\nI: x\n", 0, 0,
	  "t.txt:2:10: unknown method 'online' (expected focusgroep, groepsinterview, face-to-face or "
	  "telefonisch)\n" },
	{ TRANSCRIPT_TEXT, "id: \xc3\xab\ndatum: 31-02-2017\n\nI: x\n", 0, 0,
	  "t.txt:2:8: invalid date '31-02-2017' (expected YYYY-MM-DD or DD-MM-YYYY)\n" },
	{ TRANSCRIPT_TEXT, "---\ndatum: 2017-13-01\n---\nI: x\n", 0, 0,
	  "t.txt:2:8: invalid date '2017-13-01' (expected YYYY-MM-DD or DD-MM-YYYY)\n" },
	{ TRANSCRIPT_TEXT, "datum: april 2017\n\nI: x\n", 0, 0,
	  "t.txt:1:8: invalid date 'april 2017' (expected YYYY-MM-DD or DD-MM-YYYY)\n" },
	{ TRANSCRIPT_TEXT, "I: \xc3\xab \xc3\xab \xc3\xab \xc3\xab \xc3\xab", 0, 16,
	  "t.txt: file is larger than 16 bytes, too large to read as a transcript\n" },
	{ TRANSCRIPT_VTT, "00:00:01.000 --> 00:00:02.000\n<v I>x\n", 0, 0,
	  "t.vtt:1:1: missing 'WEBVTT' header (the first line must be 'WEBVTT')\n" },
	{ TRANSCRIPT_VTT, "WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nx\n", 0, 0,
	  "t.vtt:1:1: missing 'WEBVTT' header (the first line must be 'WEBVTT')\n" },
	{ TRANSCRIPT_VTT, "\nWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\n", 0, 0,
	  "t.vtt:1:1: missing 'WEBVTT' header (the first line must be 'WEBVTT')\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n00:01.000 -> 00:02.000\nx\n", 0, 0,
	  "t.vtt:3:11: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nx\n", 0, 0,
	  "t.vtt:3:1: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n00:00:01.000 --> 00:00:02\nx\n", 0, 0,
	  "t.vtt:3:18: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000x\n", 0, 0,
	  "t.vtt:3:30: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nx\n", 0, 0,
	  "t.vtt:3:1: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n  00:00:01.5 --> 00:00:02.000\nx\n", 0, 0,
	  "t.vtt:3:3: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\ncue-1\nHallo\n", 0, 0,
	  "t.vtt:4:1: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\ncue-1\n", 0, 0,
	  "t.vtt:3:1: expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n00:00:02.000 --> 00:00:01.000\n<v I>x\n", 0, 0,
	  "t.vtt:3:18: end time '00:00:01.000' is before start time '00:00:02.000'\n" },
	{ TRANSCRIPT_VTT,
	  "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nx\n\n2\n00:00:03.000 --> 00:00:02.500\ny\n", 0, 0,
	  "t.vtt:8:18: end time '00:00:02.500' is before start time '00:00:03.000'\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", 0, 0,
	  "t.vtt: no cues with text found\n" },
	{ TRANSCRIPT_VTT, "WEBVTT\nmethode: online\n\n00:00:01.000 --> 00:00:02.000\nx\n", 0, 0,
	  "t.vtt:2:10: unknown method 'online' (expected focusgroep, groepsinterview, face-to-face or "
	  "telefonisch)\n" },
	{ TRANSCRIPT_SRT, "1\n00:00:01.000 -> 00:00:02,000\nx\n", 0, 0,
	  "t.srt:2:14: expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'\n" },
	{ TRANSCRIPT_SRT, "1\n01:02,000 --> 00:00:02,000\nx\n", 0, 0,
	  "t.srt:2:1: expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'\n" },
	{ TRANSCRIPT_SRT, "1\n00:00:05,000 --> 00:00:04,999\nR: x\n", 0, 0,
	  "t.srt:2:18: end time '00:00:04,999' is before start time '00:00:05,000'\n" },
	{ TRANSCRIPT_SRT, "1\nHallo\n", 0, 0, "t.srt:2:1: expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'\n" },
	{ TRANSCRIPT_SRT, "1\n00:00:01,000 --> 00:00:02,000\nR: x\n\nnog wat\n", 0, 0,
	  "t.srt:5:1: expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'\n" },
};

START_TEST(test_errors)
{
	const struct error_case *c = &error_cases[_i];
	struct transcript_options o = opts(c->format);
	struct transcript *t = (struct transcript *)&o;	/* must be set to NULL */
	char *err = NULL;

	o.max_bytes = c->max_bytes;
	ck_assert_int_eq(run(c->input, c->len, &o, &t, &err), -1);
	ck_assert_msg(strcmp(err, c->error) == 0, "case %d: got\n%sexpected\n%s", _i, err, c->error);
	free(err);
}
END_TEST

/* The 1001st different speaker is refused: such lines are probably not turns. */
START_TEST(test_too_many_speakers)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = NULL;
	struct buf in;
	char *err = NULL;
	int i;

	buf_init(&in);
	for (i = 1; i <= 1001; i++)
		buf_printf(&in, "P%d: x\n", i);
	ck_assert_int_eq(run(in.s, 0, &o, &t, &err), -1);
	ck_assert_str_eq(err, "t.txt:1001:1: more than 1000 different speakers; are these lines really "
			      "speaker turns?\n");
	free(err);
	buf_release(&in);
}
END_TEST

/* A 10 MB line is one turn; nothing is cut. */
START_TEST(test_long_line)
{
	struct transcript_options o = opts(TRANSCRIPT_TEXT);
	struct transcript *t = NULL;
	struct buf in;
	char *err = NULL;
	size_t i, words = 10u * 1024 * 1024 / 6;

	buf_init(&in);
	buf_adds(&in, "R: ");
	for (i = 0; i < words; i++)
		buf_adds(&in, "woord ");
	buf_adds(&in, "einde.\n");
	ck_assert_int_eq(run(in.s, 0, &o, &t, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(t->nturns, 1);
	ck_assert_uint_eq(t->nsentences, 1);
	ck_assert_uint_eq(t->turns[0].end - t->turns[0].start, words * 6 + 6);
	ck_assert_uint_eq(t->text_bytes, in.len);
	free(err);
	transcript_free(t);
	buf_release(&in);
}
END_TEST

/* ---- formats by extension and by content ---- */

struct format_of_case {
	const char *path;
	enum transcript_format format;
};

static const struct format_of_case format_of_cases[] = {
	{ "a.txt", TRANSCRIPT_TEXT }, { "dir/a.TXT", TRANSCRIPT_TEXT }, { "x.Md", TRANSCRIPT_TEXT },
	{ "x.markdown", TRANSCRIPT_TEXT }, { "b.vtt", TRANSCRIPT_VTT }, { "c.SRT", TRANSCRIPT_SRT },
	{ "d.doc", TRANSCRIPT_AUTO }, { "dir.vtt/file", TRANSCRIPT_AUTO }, { "noext", TRANSCRIPT_AUTO },
	{ "a.vtt.bak", TRANSCRIPT_AUTO },
};

START_TEST(test_format_of)
{
	const struct format_of_case *c = &format_of_cases[_i];

	ck_assert_int_eq(transcript_format_of(c->path), c->format);
}
END_TEST

START_TEST(test_sniff)
{
	static const struct {
		const char *input;
		enum transcript_format format;
	} cases[] = {
		{ "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\n", TRANSCRIPT_VTT },
		{ "\n1\n00:00:01,000 --> 00:00:02,000\nR: x\n", TRANSCRIPT_SRT },
		{ "00:00:01,000 --> 00:00:02,000\nR: x\n", TRANSCRIPT_SRT },
		{ "I: 1\nR: 2\n", TRANSCRIPT_TEXT },
		{ "12\nR: x\n", TRANSCRIPT_TEXT },
	};
	struct transcript *t;
	size_t i;

	ck_assert_str_eq(transcript_format_name(TRANSCRIPT_TEXT), "text");
	ck_assert_str_eq(transcript_format_name(TRANSCRIPT_VTT), "vtt");
	ck_assert_str_eq(transcript_format_name(TRANSCRIPT_SRT), "srt");
	ck_assert_str_eq(transcript_format_name(TRANSCRIPT_AUTO), "auto");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = parse_ok(cases[i].input, NULL);
		ck_assert_msg(t->format == cases[i].format, "case %zu", i);
		transcript_free(t);
	}
}
END_TEST

/* ---- reading files ---- */

static char *write_tmp(const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static int read_path(const char *path, const char *name, const struct transcript_options *o,
		     struct transcript **t, char **err)
{
	struct diag d;
	size_t errlen;
	int ret;

	diag_init(&d, name, 10);
	d.out = open_memstream(err, &errlen);
	ck_assert_ptr_nonnull(d.out);
	ret = transcript_read(path, o, &d, t);
	ck_assert_int_eq(fclose(d.out), 0);
	return ret;
}

START_TEST(test_read)
{
	static const char vtt[] = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v R>x\n";
	char *path, *err = NULL;
	struct transcript *t = NULL;
	struct transcript_options o = opts(TRANSCRIPT_AUTO);

	path = write_tmp("a.vtt", vtt, sizeof(vtt) - 1);
	ck_assert_int_eq(read_path(path, "a.vtt", &o, &t, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(t->format, TRANSCRIPT_VTT);
	ck_assert_str_eq(t->text, "R: x\n");
	transcript_free(t);
	free(err);
	free(path);

	/* by extension a .vtt must have the header, even when the content looks like SRT */
	path = write_tmp("b.vtt", "1\n00:00:01,000 --> 00:00:02,000\nx\n", 34);
	ck_assert_int_eq(read_path(path, "b.vtt", &o, &t, &err), -1);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(err, "b.vtt:1:1: missing 'WEBVTT' header (the first line must be 'WEBVTT')\n");
	free(err);
	free(path);

	/* an unknown extension: by content */
	path = write_tmp("c.transcript", vtt, sizeof(vtt) - 1);
	ck_assert_int_eq(read_path(path, "c.transcript", NULL, &t, &err), 0);
	ck_assert_int_eq(t->format, TRANSCRIPT_VTT);
	transcript_free(t);
	free(err);
	free(path);

	/* a forced format wins over the extension */
	o.format = TRANSCRIPT_TEXT;
	path = write_tmp("d.srt", "I: x\n", 5);
	ck_assert_int_eq(read_path(path, "d.srt", &o, &t, &err), 0);
	ck_assert_int_eq(t->format, TRANSCRIPT_TEXT);
	transcript_free(t);
	free(err);
	free(path);
}
END_TEST

START_TEST(test_read_errors)
{
	char *path, *err = NULL;
	struct transcript *t = NULL;

	path = xasprintf("%s/does-not-exist.txt", tmpdir);
	ck_assert_int_eq(read_path(path, "nope.txt", NULL, &t, &err), -1);
	ck_assert_str_eq(err, "nope.txt: cannot open file: No such file or directory\n");
	free(err);
	free(path);

	ck_assert_int_eq(read_path(tmpdir, "dir.txt", NULL, &t, &err), -1);
	ck_assert_str_eq(err, "dir.txt: cannot read file: Is a directory\n");
	free(err);

	/* a sparse file just over 64 MiB is refused before it is read */
	path = write_tmp("huge.txt", "I: x\n", 5);
	ck_assert_int_eq(truncate(path, ((off_t)64 << 20) + 1), 0);
	ck_assert_int_eq(read_path(path, "huge.txt", NULL, &t, &err), -1);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(err, "huge.txt: file is larger than 64 MiB, too large to read as a transcript\n");
	free(err);
	unlink(path);
	free(path);

	path = write_tmp("empty.md", "", 0);
	ck_assert_int_eq(read_path(path, "empty.md", NULL, &t, &err), -1);
	ck_assert_str_eq(err, "empty.md: empty file, expected a transcript\n");
	free(err);
	free(path);
}
END_TEST

static Suite *transcript_suite(void)
{
	Suite *s = suite_create("transcript");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_formats, 0, (int)(sizeof(format_cases) / sizeof(format_cases[0])));
	tcase_add_loop_test(tc, test_prefixes, 0, (int)(sizeof(prefix_cases) / sizeof(prefix_cases[0])));
	tcase_add_test(tc, test_continuation);
	tcase_add_test(tc, test_line_ends);
	tcase_add_test(tc, test_markup);
	tcase_add_loop_test(tc, test_timestamps, 0, (int)(sizeof(stamp_cases) / sizeof(stamp_cases[0])));
	tcase_add_test(tc, test_remarks);
	tcase_add_test(tc, test_interviewer_default);
	tcase_add_test(tc, test_interviewer_configured);
	tcase_add_test(tc, test_speaker_case);
	tcase_add_loop_test(tc, test_sentences, 0,
			    (int)(sizeof(sentence_cases) / sizeof(sentence_cases[0])));
	tcase_add_test(tc, test_code_points);
	tcase_add_test(tc, test_span_long);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_names_vtt);
	tcase_add_loop_test(tc, test_meta_values, 0, (int)(sizeof(meta_cases) / sizeof(meta_cases[0])));
	tcase_add_loop_test(tc, test_errors, 0, (int)(sizeof(error_cases) / sizeof(error_cases[0])));
	tcase_add_test(tc, test_too_many_speakers);
	tcase_add_test(tc, test_long_line);
	tcase_add_loop_test(tc, test_format_of, 0,
			    (int)(sizeof(format_of_cases) / sizeof(format_of_cases[0])));
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_read_errors);
	suite_add_tcase(s, tc);
	return s;
}

static void remove_tmpdir(void)
{
	struct dirent *e;
	char path[512];
	DIR *dir = opendir(tmpdir);

	if (!dir)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(tmpdir);
}

int main(void)
{
	SRunner *sr;
	int failed;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_transcript.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	sr = srunner_create(transcript_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	remove_tmpdir();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
