/* check_pseudo.c: unit tests of collect/pseudo (replacing personal data in free text, the key file). */
#include "tests/testutil.h"
#include "collect/pseudo.h"
#include "core/util.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char tmpdir[64];

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_pseudo.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* ---- capturing what a call prints on fd 2 ---- */


/* ---- helpers ---- */

static void assert_valid_utf8(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);

		ck_assert_msg(r > 0, "output is not valid UTF-8 at byte %zu", i);
		i += (size_t)r;
	}
}

/* Run one text through p; returns the new output (the caller frees it). */
static char *run(struct pseudo *p, const char *in)
{
	char *out = NULL;
	size_t out_len = 0;

	ck_assert_int_eq(pseudo_text(p, in, strlen(in), &out, &out_len), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(out_len, strlen(out));
	assert_valid_utf8(out, out_len);
	return out;
}

/* A fresh state with the names (NULL-terminated), one text, the output compared. */
static void check_case(const char *const *names, const char *in, const char *want)
{
	struct pseudo *p;
	char *out, *again;

	ck_assert_int_eq(pseudo_new(&p), 0);
	for (; names && *names; names++)
		ck_assert_int_eq(pseudo_add_name(p, *names), 0);
	out = run(p, in);
	ck_assert_msg(strcmp(out, want) == 0, "in:   '%s'\nwant: '%s'\ngot:  '%s'", in, want, out);
	/* Placeholders contain nothing detectable: a second pass changes nothing. */
	again = run(p, out);
	ck_assert_msg(strcmp(again, out) == 0, "second pass changed '%s' into '%s'", out, again);
	free(again);
	free(out);
	pseudo_free(p);
}

struct text_case {
	const char *in;
	const char *want;
};

/* ---- e-mail ---- */

static const struct text_case email_cases[] = {
	{ "mail fatima.bakker@gmail.com even", "mail [e-mail] even" },
	{ "<j.de-vries+school@hva.nl>", "<[e-mail]>" },
	{ "Mail: anaïs@exemple.fr.", "Mail: [e-mail]." },
	{ "(F_Bakker1999@Hotmail.COM)", "([e-mail])" },
	{ "mailto:info@jeugdzorg-utrecht.nl", "mailto:[e-mail]" },
	{ "a@b.nl en c@d.nl", "[e-mail] en [e-mail]" },
	/* not addresses */
	{ "ik@home", "ik@home" },
	{ "@fatima_2009 op insta", "@fatima_2009 op insta" },
	{ "a@b.c", "a@b.c" },
	{ "prijs 5@10.00 euro", "prijs 5@10.00 euro" },
	{ "fatima.@x.nl", "fatima.@x.nl" },
	{ "@@@ @.nl x@-x.nl", "@@@ @.nl x@-x.nl" },
};

START_TEST(test_email)
{
	check_case(NULL, email_cases[_i].in, email_cases[_i].want);
}
END_TEST

/* ---- phone numbers ---- */

static const struct text_case phone_cases[] = {
	{ "bel 06-12345678.", "bel [telefoon]." },
	{ "06 1234 5678", "[telefoon]" },
	{ "0612345678", "[telefoon]" },
	{ "06 - 12 34 56 78", "[telefoon]" },
	{ "06.12.34.56.78", "[telefoon]" },
	{ "+31 6 12345678", "[telefoon]" },
	{ "+31612345678", "[telefoon]" },
	{ "0031 6 12345678", "[telefoon]" },
	{ "0031612345678", "[telefoon]" },
	{ "+31 (0)6 12345678", "[telefoon]" },
	{ "+31 (0)20 123 4567", "[telefoon]" },
	{ "+31 06 12345678", "[telefoon]" },
	{ "+31-6-1234-5678", "[telefoon]" },
	{ "010-1234567", "[telefoon]" },
	{ "020 123 4567", "[telefoon]" },
	{ "(010) 123 45 67", "[telefoon]" },
	{ "(010)1234567", "[telefoon]" },
	{ "(06) 12345678", "[telefoon]" },
	{ "0800-0432 is gratis", "[telefoon] is gratis" },
	{ "0900-1234567", "[telefoon]" },
	{ "0800 1234567", "[telefoon]" },
	{ "+32 470 12 34 56 (België)", "[telefoon] (België)" },
	{ "+90 532 123 45 67", "[telefoon]" },
	{ "tel:0612345678, of tel.06-12345678", "tel:[telefoon], of tel.[telefoon]" },
	{ "06\xC2\xA0" "12345678", "[telefoon]" },
	{ "bel 0612345678 12 keer", "bel [telefoon] 12 keer" },
	{ "06 1234 5678 9", "[telefoon] 9" },
	/* not phone numbers */
	{ "in 2016 en 2017", "in 2016 en 2017" },
	{ "het kostte 1500 euro", "het kostte 1500 euro" },
	{ "om 10:30 uur, of 10.30 uur", "om 10:30 uur, of 10.30 uur" },
	{ "12 weken wachten", "12 weken wachten" },
	{ "1.234.567,89 euro", "1.234.567,89 euro" },
	{ "06-1234567", "06-1234567" },
	{ "061234567890", "061234567890" },
	{ "0012345678", "0012345678" },
	{ "cijfers: 0 8 7 6 5 4 3 8 9 9", "cijfers: 0 8 7 6 5 4 3 8 9 9" },
	{ "kamer 0.12, 0,5 procent", "kamer 0.12, 0,5 procent" },
	{ "x0612345678", "x0612345678" },
	{ "0612345678x", "0612345678x" },
	{ "1.0612345678", "1.0612345678" },
	{ "0612345678:30", "0612345678:30" },
	{ "+31 6 1234567", "+31 6 1234567" },
	{ "+12 3456", "+12 3456" },
	{ "0 6 12345678", "0 6 12345678" },
	{ "0800-043", "0800-043" },
	{ "0612345678\xCC\x81", "0612345678\xCC\x81" },
};

START_TEST(test_phone)
{
	check_case(NULL, phone_cases[_i].in, phone_cases[_i].want);
}
END_TEST

/* ---- postcodes ---- */

static const struct text_case postcode_cases[] = {
	{ "1234 AB", "[postcode]" },
	{ "1234AB", "[postcode]" },
	{ "Kerkstraat 1, 2016 EN Haarlem", "Kerkstraat 1, [postcode] Haarlem" },
	{ "postcode 2016 EN.", "postcode [postcode]." },
	{ "9999 ZZ", "[postcode]" },
	{ "3511 SB Utrecht", "[postcode] Utrecht" },
	{ "KERKSTRAAT 12, 3511 AB UTRECHT", "KERKSTRAAT 12, [postcode] UTRECHT" },
	/* not postcodes */
	{ "1234 ab", "1234 ab" },
	{ "in 2016 en 2017", "in 2016 en 2017" },
	{ "IN 2016 EN 2017 WAS HET DRUK", "IN 2016 EN 2017 WAS HET DRUK" },
	{ "VANAF 2016 EN DAARNA", "VANAF 2016 EN DAARNA" },
	{ "1234 SA", "1234 SA" },
	{ "1234 SD", "1234 SD" },
	{ "1234SS", "1234SS" },
	{ "0123 AB", "0123 AB" },
	{ "12345 AB", "12345 AB" },
	{ "1234 ABC", "1234 ABC" },
	{ "1234 A", "1234 A" },
	{ "1234  AB", "1234  AB" },
	{ "X1234 AB", "X1234 AB" },
	{ "1500km, 1234Ab", "1500km, 1234Ab" },
};

START_TEST(test_postcode)
{
	check_case(NULL, postcode_cases[_i].in, postcode_cases[_i].want);
}
END_TEST

/* ---- BSN (elfproef sums computed by hand and with Python) ---- */

static const struct text_case bsn_cases[] = {
	/* 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-3 = 66 = 6*11 */
	{ "bsn 111222333", "bsn [bsn]" },
	/* 156 - 2 = 154 = 14*11 */
	{ "123456782", "[bsn]" },
	{ "BSN: 123.456.782.", "BSN: [bsn]." },
	{ "123 456 782", "[bsn]" },
	{ "123-456-782", "[bsn]" },
	{ "sofinummer 1234.56.782", "sofinummer [bsn]" },
	/* 9*44 - 0 = 396 = 36*11 */
	{ "999999990", "[bsn]" },
	/* 0+8+14+18+20+20+18+14 - 2 = 110 = 10*11 */
	{ "012345672", "[bsn]" },
	/* failing the elfproef: 147 = 13*11 + 4, 66 + 1 */
	{ "123456789", "123456789" },
	{ "111222334", "111222334" },
	{ "123.456.789", "123.456.789" },
	/* all zeros passes the sum but is not a BSN */
	{ "000000000", "000000000" },
	/* not 9 digits, or mixed layouts */
	{ "1234567820", "1234567820" },
	{ "12345678", "12345678" },
	{ "123.456 782", "123.456 782" },
	{ "12.3456.782", "12.3456.782" },
	{ "nr 1.123456782", "nr 1.123456782" },
};

START_TEST(test_bsn)
{
	check_case(NULL, bsn_cases[_i].in, bsn_cases[_i].want);
}
END_TEST

/* ---- IBAN (mod 97 checked with Python: int(rearranged) % 97 == 1) ---- */

static const struct text_case iban_cases[] = {
	{ "NL91ABNA0417164300", "[iban]" },
	{ "rekening NL91 ABNA 0417 1643 00 op naam", "rekening [iban] op naam" },
	{ "nl91abna0417164300", "[iban]" },
	{ "NL 91 ABNA 0417 1643 00.", "[iban]." },
	{ "NL20INGB0001234567, NL18RABO0123459876", "[iban], [iban]" },
	{ "DE89 3704 0044 0532 0130 00", "[iban]" },
	{ "GB82 WEST 1234 5698 7654 32", "[iban]" },
	{ "BE68 5390 0754 7034", "[iban]" },
	{ "BE68539007547034 is Belgisch", "[iban] is Belgisch" },
	/* one digit changed, too short, glued to a word */
	{ "NL91ABNA0417164301", "NL91ABNA0417164301" },
	{ "NL91 ABNA 0417 1643 01", "NL91 ABNA 0417 1643 01" },
	{ "NL91ABNA041716430", "NL91ABNA041716430" },
	{ "XNL91ABNA0417164300", "XNL91ABNA0417164300" },
	{ "NL91ABNA0417164300X", "NL91ABNA0417164300X" },
	{ "GB82 WEST 1234 5698 7654 33", "GB82 WEST 1234 5698 7654 33" },
	/* all of a mistyped IBAN is kept, nothing inside it is a phone number */
	{ "NL91 ABNA 0417 1643 01 en bel 0612345678", "NL91 ABNA 0417 1643 01 en bel [telefoon]" },
	{ "NL 91 ABNA 0417 1643 01, 06 12345678", "NL 91 ABNA 0417 1643 01, [telefoon]" },
};

START_TEST(test_iban)
{
	check_case(NULL, iban_cases[_i].in, iban_cases[_i].want);
}
END_TEST

/* ---- dates ---- */

static const struct text_case date_cases[] = {
	{ "geboren op 12-03-2009 in Utrecht", "geboren op [datum] in Utrecht" },
	{ "12/3/2009", "[datum]" },
	{ "12.03.2009", "[datum]" },
	{ "1-1-2010", "[datum]" },
	{ "2009-03-12", "[datum]" },
	{ "2017-03-14T10:30:00Z", "[datum]T10:30:00Z" },
	{ "12-03-09", "[datum]" },
	{ "29-02-2008", "[datum]" },
	{ "geboren op 12 maart 2009.", "geboren op [datum]." },
	{ "3 mrt 2009", "[datum]" },
	{ "3 mrt. 2009", "[datum]" },
	{ "12 Maart '09", "[datum]" },
	{ "12 MAART 2009", "[datum]" },
	{ "1e januari 2010", "[datum]" },
	{ "12-mrt-2009", "[datum]" },
	{ "31 december 1999, 1 mei 2020", "[datum], [datum]" },
	{ "zitting op 5\xC2\xA0juni\xC2\xA0" "2018", "zitting op [datum]" },
	/* not full dates */
	{ "in maart 2009", "in maart 2009" },
	{ "op 12 maart", "op 12 maart" },
	{ "in 2009", "in 2009" },
	{ "maart", "maart" },
	{ "31-02-2009", "31-02-2009" },
	{ "29-02-2009", "29-02-2009" },
	{ "32-01-2009", "32-01-2009" },
	{ "12-13-2009", "12-13-2009" },
	{ "12/3", "12/3" },
	{ "12-03/2009", "12-03/2009" },
	{ "12 maart 1850", "12 maart 1850" },
	{ "12 maarten 2009", "12 maarten 2009" },
	{ "2017-03-14X", "2017-03-14X" },
	{ "30 februari 2009", "30 februari 2009" },
};

START_TEST(test_date)
{
	check_case(NULL, date_cases[_i].in, date_cases[_i].want);
}
END_TEST

/* ---- names ---- */

static const char *const study_names[] = {
	"Fatima", "Ömer", "Anaïs", "Jan-Willem", "de Vries", "Jan", "'t Hart", "Şeyma",
	"Dĳkstra", "Strauß", NULL,
};

static const struct text_case name_cases[] = {
	{ "Fatima zei nee", "[naam-1] zei nee" },
	{ "FATIMA en fatima", "[naam-1] en [naam-1]" },
	{ "Ömer en ömer en OMER.", "[naam-1] en [naam-1] en [naam-1]." },
	{ "Anaïs", "[naam-1]" },
	{ "Anai\xCC\x88s (decomposed)", "[naam-1] (decomposed)" },
	{ "ANAÏS en Anais", "[naam-1] en [naam-1]" },
	{ "Jan-Willem en Jan", "[naam-1] en [naam-2]" },
	{ "Jan, Jan-Willem, Fatima", "[naam-1], [naam-2], [naam-3]" },
	{ "Jan Willem", "[naam-1]" },
	{ "Jan\xE2\x80\x91Willem", "[naam-1]" },
	{ "de Vries, De  Vries, de\nVries", "[naam-1], [naam-1], [naam-1]" },
	{ "Fatima's moeder", "[naam-1]'s moeder" },
	{ "Fatima\xE2\x80\x99s moeder", "[naam-1]\xE2\x80\x99s moeder" },
	{ "mevrouw 't Hart en \xE2\x80\x99t Hart", "mevrouw [naam-1] en [naam-1]" },
	{ "Seyma en şeyma", "[naam-1] en [naam-1]" },
	{ "Dijkstra", "[naam-1]" },
	{ "STRAUSS", "[naam-1]" },
	{ "(Fatima)", "([naam-1])" },
	{ "[Fatima lacht]", "[[naam-1] lacht]" },
	{ "Jan-Willemsen en Jantje", "[naam-1]-Willemsen en Jantje" },
	/* not names */
	{ "Fatimah, Janssen, Vries, Ömerk, Fatima2, xJan", "Fatimah, Janssen, Vries, Ömerk, Fatima2, xJan" },
	{ "Strau", "Strau" },
	{ "de Vriesje", "de Vriesje" },
	{ "de     Vries", "de     Vries" },
	/* placeholders and remarks already in the text stay */
	{ "[naam] zei [lacht] tegen [naam-2] om [00:03:40] #00:03:40.5#",
	  "[naam] zei [lacht] tegen [naam-2] om [00:03:40] #00:03:40.5#" },
};

START_TEST(test_names)
{
	check_case(study_names, name_cases[_i].in, name_cases[_i].want);
}
END_TEST

/* ---- several types, multibyte text, transcripts ---- */

static const struct text_case mixed_cases[] = {
	{ "Fatima (BSN 111222333, tel. 06-12345678, fatima@x.nl) woont op 1234 AB, "
	  "IBAN NL91ABNA0417164300, geboren 12-03-2009.",
	  "[naam-1] (BSN [bsn], tel. [telefoon], [e-mail]) woont op [postcode], "
	  "IBAN [iban], geboren [datum]." },
	{ "Çok güzel, Fatima! \xF0\x9F\x98\x80 Bel 06-12345678 \xE2\x80\x94 \xE2\x9C\x93 12 maart 2009\xE2\x80\xA6",
	  "Çok güzel, [naam-1]! \xF0\x9F\x98\x80 Bel [telefoon] \xE2\x80\x94 \xE2\x9C\x93 [datum]\xE2\x80\xA6" },
	{ "日本語 Ömer 日本語", "日本語 [naam-1] 日本語" },
	/* a combining accent stays with its letter and is folded away like any accent */
	{ "Ömer\xCC\x81 en Ömer", "[naam-1] en [naam-1]" },
	{ "Ömer\xCC\x81k", "Ömer\xCC\x81k" },
	{ "\xE2\x80\x9C" "Fatima\xE2\x80\x9D", "\xE2\x80\x9C[naam-1]\xE2\x80\x9D" },
	{ "fatima@x.nl", "[e-mail]" },
	{ "", "" },
};

START_TEST(test_mixed)
{
	check_case(study_names, mixed_cases[_i].in, mixed_cases[_i].want);
}
END_TEST

/* Names sharing a beginning: the longest that matches whole words wins. */
static const char *const prefix_names[] = {
	"Jan", "Jana", "Janneke", "Jan-Willem", "Jan Willem de Vries", "de Vries",
	"de Vries-Bakker", NULL,
};

static const struct text_case prefix_cases[] = {
	{ "Jan, Jana, Janneke, Jann", "[naam-1], [naam-2], [naam-3], Jann" },
	{ "Jan Willem de Vries", "[naam-1]" },
	{ "Jan Willem de Vrieskist", "[naam-1] de Vrieskist" },
	{ "Jan Willem de", "[naam-1] de" },
	{ "de Vries-Bakker en de Vries-Bak", "[naam-1] en [naam-2]-Bak" },
	{ "Jan de Vries", "[naam-1] [naam-2]" },
};

START_TEST(test_prefixes)
{
	check_case(prefix_names, prefix_cases[_i].in, prefix_cases[_i].want);
}
END_TEST

START_TEST(test_transcript)
{
	static const char *const speakers[] = { "Kevin", "Dylan", "Ingrid", "Sanne", NULL };

	check_case(speakers,
		   "[00:00:11] Kevin: Ja hoor.\n"
		   "[00:00:29] Dylan: Eh. Welke? [lacht] Eerst had ik Ingrid, toen kwam een jongen.\n"
		   "[00:01:19] Sanne: Ze heet ook Sanne. [lacht]\n"
		   "[00:01:26] Kevin: Net als jij!\n",
		   "[00:00:11] [naam-1]: Ja hoor.\n"
		   "[00:00:29] [naam-2]: Eh. Welke? [lacht] Eerst had ik [naam-3], toen kwam een jongen.\n"
		   "[00:01:19] [naam-4]: Ze heet ook [naam-4]. [lacht]\n"
		   "[00:01:26] [naam-1]: Net als jij!\n");
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char in[] = "a\0b 06-12345678\0";
	static const char want[] = "a\0b [telefoon]\0";
	struct pseudo *p;
	char *out;
	size_t out_len;

	ck_assert_int_eq(pseudo_new(&p), 0);
	ck_assert_int_eq(pseudo_text(p, in, sizeof(in) - 1, &out, &out_len), 0);
	ck_assert_uint_eq(out_len, sizeof(want) - 1);
	ck_assert_mem_eq(out, want, sizeof(want));
	free(out);
	pseudo_free(p);
}
END_TEST

/* ---- numbering, names list, counts ---- */

START_TEST(test_numbering_across_texts)
{
	struct pseudo *p;
	char *out;

	ck_assert_int_eq(pseudo_new(&p), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Fatima"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Jan"), 0);
	out = run(p, "Jan zag Fatima");
	ck_assert_str_eq(out, "[naam-1] zag [naam-2]");
	free(out);
	out = run(p, "Fatima en JAN");
	ck_assert_str_eq(out, "[naam-2] en [naam-1]");
	free(out);
	/* a name added later gets the next number */
	ck_assert_int_eq(pseudo_add_name(p, "Ömer"), 0);
	out = run(p, "Ömer, Jan");
	ck_assert_str_eq(out, "[naam-3], [naam-1]");
	free(out);
	ck_assert_int_eq(pseudo_count(p, PSEUDO_NAME), 6);
	pseudo_free(p);
}
END_TEST

static const struct {
	const char *name;
	int ret;
	const char *err;
} add_cases[] = {
	{ "Fatima", 0, "" },
	{ "  Bo\t", 0, "" },
	{ "J", -1, "tevreden: name 'J' has fewer than 2 letters\n" },
	{ "J.", -1, "tevreden: name 'J.' has fewer than 2 letters\n" },
	{ "", -1, "tevreden: name '' has fewer than 2 letters\n" },
	{ " - ", -1, "tevreden: name '-' has fewer than 2 letters\n" },
	{ "12", -1, "tevreden: name '12' has fewer than 2 letters\n" },
	{ "Ma\xff", -1, "tevreden: name is not valid UTF-8\n" },
};

START_TEST(test_add_name)
{
	struct pseudo *p;
	struct capture c;
	char *err;

	ck_assert_int_eq(pseudo_new(&p), 0);
	capture_start(&c);
	ck_assert_int_eq(pseudo_add_name(p, add_cases[_i].name), add_cases[_i].ret);
	err = capture_end(&c);
	ck_assert_str_eq(err, add_cases[_i].err);
	free(err);
	pseudo_free(p);
}
END_TEST

START_TEST(test_duplicates)
{
	struct pseudo *p;
	char *out, *path, *key;
	size_t len;

	ck_assert_int_eq(pseudo_new(&p), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Anaïs"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "anais"), 0);
	ck_assert_int_eq(pseudo_add_name(p, " ANAI\xCC\x88S "), 0);
	ck_assert_int_eq(pseudo_add_name(p, "de Vries"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "De  vries"), 0);
	out = run(p, "anais en Anaïs en De Vries");
	ck_assert_str_eq(out, "[naam-1] en [naam-1] en [naam-2]");
	free(out);
	path = xasprintf("%s/key.tsv", tmpdir);
	ck_assert_int_eq(pseudo_write_key(p, path), 0);
	ck_assert_int_eq(file_read(path, 1 << 20, &key, &len), 0);
	ck_assert_str_eq(key, "placeholder\toriginal\tcount\n"
			      "[naam-1]\tAnaïs\t2\n"
			      "[naam-2]\tde Vries\t1\n");
	free(key);
	free(path);
	pseudo_free(p);
}
END_TEST

START_TEST(test_counts)
{
	struct pseudo *p;
	char *out;
	int t;
	static const long want[PSEUDO_NTYPES] = { 2, 3, 1, 1, 1, 2, 4 };
	static const char *const type_names[PSEUDO_NTYPES] = {
		"e-mail", "telefoon", "postcode", "bsn", "iban", "datum", "naam",
	};

	ck_assert_int_eq(pseudo_new(&p), 0);
	for (t = 0; t < PSEUDO_NTYPES; t++)
		ck_assert_int_eq(pseudo_count(p, (enum pseudo_type)t), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Fatima"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Kevin"), 0);
	out = run(p, "Fatima (fatima@x.nl, 06-12345678) en Kevin (k@y.nl, 010-1234567), "
		     "1234 AB, 111222333, NL91ABNA0417164300, 1-1-2010.");
	free(out);
	out = run(p, "Fatima belde Kevin op 12 maart 2009 via 0612345678.");
	free(out);
	for (t = 0; t < PSEUDO_NTYPES; t++) {
		ck_assert_int_eq(pseudo_count(p, (enum pseudo_type)t), want[t]);
		ck_assert_str_eq(pseudo_type_name((enum pseudo_type)t), type_names[t]);
	}
	ck_assert_int_eq(pseudo_count(p, PSEUDO_NTYPES), 0);
	ck_assert_ptr_null(pseudo_type_name(PSEUDO_NTYPES));
	pseudo_free(p);
}
END_TEST

START_TEST(test_invalid_utf8)
{
	static const char *const bad[] = {
		"abc\xff", "abc\xc3", "abc\xed\xa0\x80", "abc\xc0\xaf", "abc\xf4\x90\x80\x80",
	};
	struct pseudo *p;
	struct capture c;
	static char sentinel[] = "sentinel";
	char *out = sentinel, *err;
	size_t k;

	ck_assert_int_eq(pseudo_new(&p), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Fatima"), 0);
	for (k = 0; k < N(bad); k++) {
		char *in = xasprintf("Fatima 06-12345678 %s", bad[k]);

		capture_start(&c);
		ck_assert_int_eq(pseudo_text(p, in, strlen(in), &out, NULL), -1);
		err = capture_end(&c);
		ck_assert_str_eq(err, "tevreden: text is not valid UTF-8 at byte 22\n");
		ck_assert_ptr_null(out);
		free(err);
		free(in);
	}
	ck_assert_int_eq(pseudo_count(p, PSEUDO_NAME), 0);
	ck_assert_int_eq(pseudo_count(p, PSEUDO_PHONE), 0);
	pseudo_free(p);
}
END_TEST

/* ---- the key file ---- */

START_TEST(test_key_file)
{
	struct pseudo *p;
	struct capture c;
	struct stat st;
	char *out, *path, *key, *again, *err, *want_err;
	size_t len;

	umask(022);
	ck_assert_int_eq(pseudo_new(&p), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Fatima"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Jan\tde Boer"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Ömer"), 0);
	out = run(p, "Jan de Boer en Fatima (f@x.nl, 06-12345678); Fatima weer, f@x.nl, g@x.nl.");
	ck_assert_str_eq(out, "[naam-1] en [naam-2] ([e-mail], [telefoon]); [naam-2] weer, "
			      "[e-mail], [e-mail].");
	free(out);

	path = xasprintf("%s/key.tsv", tmpdir);
	ck_assert_int_eq(pseudo_write_key(p, path), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(file_read(path, 1 << 20, &key, &len), 0);
	ck_assert_str_eq(key, "placeholder\toriginal\tcount\n"
			      "[naam-1]\tJan\\tde Boer\t1\n"
			      "[naam-2]\tFatima\t2\n"
			      "[e-mail]\tf@x.nl\t2\n"
			      "[telefoon]\t06-12345678\t1\n"
			      "[e-mail]\tg@x.nl\t1\n");

	/* an existing file is never overwritten */
	capture_start(&c);
	ck_assert_int_eq(pseudo_write_key(p, path), -1);
	err = capture_end(&c);
	want_err = xasprintf("tevreden: key file '%s' already exists; a key is never overwritten\n", path);
	ck_assert_str_eq(err, want_err);
	free(err);
	free(want_err);
	ck_assert_int_eq(file_read(path, 1 << 20, &again, &len), 0);
	ck_assert_str_eq(again, key);
	free(again);
	free(key);
	free(path);
	pseudo_free(p);
}
END_TEST

START_TEST(test_key_file_refused)
{
	struct pseudo *p;
	struct capture c;
	struct stat st;
	char *path, *target, *err, *want_err;

	ck_assert_int_eq(pseudo_new(&p), 0);

	/* a link, even to a file that does not exist, is not followed */
	target = xasprintf("%s/target.tsv", tmpdir);
	path = xasprintf("%s/link.tsv", tmpdir);
	ck_assert_int_eq(symlink(target, path), 0);
	capture_start(&c);
	ck_assert_int_eq(pseudo_write_key(p, path), -1);
	err = capture_end(&c);
	want_err = xasprintf("tevreden: key file '%s' already exists; a key is never overwritten\n", path);
	ck_assert_str_eq(err, want_err);
	ck_assert_int_eq(stat(target, &st), -1);
	free(err);
	free(want_err);
	free(path);
	free(target);

	path = xasprintf("%s/nodir/key.tsv", tmpdir);
	capture_start(&c);
	ck_assert_int_eq(pseudo_write_key(p, path), -1);
	err = capture_end(&c);
	want_err = xasprintf("tevreden: cannot create key file '%s': %s\n", path, strerror(ENOENT));
	ck_assert_str_eq(err, want_err);
	free(err);
	free(want_err);
	free(path);

	/* an empty key still has its header */
	path = xasprintf("%s/empty.tsv", tmpdir);
	ck_assert_int_eq(pseudo_write_key(p, path), 0);
	{
		char *key;
		size_t len;

		ck_assert_int_eq(file_read(path, 1 << 20, &key, &len), 0);
		ck_assert_str_eq(key, "placeholder\toriginal\tcount\n");
		free(key);
	}
	free(path);
	pseudo_free(p);
}
END_TEST

/* A write that fails halfway (file size limit) reports once and leaves no partial key. */
START_TEST(test_key_file_write_error)
{
	struct pseudo *p;
	struct capture c;
	struct rlimit old, small;
	struct stat st;
	void (*old_handler)(int);
	char *out, *path, *err, *want_err;
	int k, ret;

	ck_assert_int_eq(pseudo_new(&p), 0);
	for (k = 0; k < 20; k++) {
		char *in = xasprintf("mail iemand%d@voorbeeld.nl", k);

		out = run(p, in);
		free(out);
		free(in);
	}
	path = xasprintf("%s/key.tsv", tmpdir);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 200;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	capture_start(&c);
	ret = pseudo_write_key(p, path);
	err = capture_end(&c);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	ck_assert_int_eq(ret, -1);
	want_err = xasprintf("tevreden: cannot write key file '%s': %s\n", path, strerror(EFBIG));
	ck_assert_str_eq(err, want_err);
	ck_assert_int_eq(stat(path, &st), -1);
	free(err);
	free(want_err);
	free(path);
	pseudo_free(p);
}
END_TEST

/* ---- size and speed ---- */

START_TEST(test_large_text)
{
	static const char unit[] =
		"Fatima en Jan-Willem bespraken op 12 maart 2009 het plan; bel 06-12345678 of "
		"mail f@x.nl. Het kostte 1500 euro in 2016, 12 weken om 10:30 uur. \xC3\x96mer ";
	static const char unit_out[] =
		"[naam-1] en [naam-2] bespraken op [datum] het plan; bel [telefoon] of "
		"mail [e-mail]. Het kostte 1500 euro in 2016, 12 weken om 10:30 uur. [naam-3] ";
	enum { REPEAT = 2500 };
	struct pseudo *p;
	struct buf in, want;
	char *out, *name;
	size_t k, out_len;

	ck_assert_int_eq(pseudo_new(&p), 0);
	for (k = 0; k < 500; k++) {
		name = xasprintf("Naam%zu van Achternaam%zu", k, k);
		ck_assert_int_eq(pseudo_add_name(p, name), 0);
		free(name);
	}
	ck_assert_int_eq(pseudo_add_name(p, "Fatima"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Jan-Willem"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Jan"), 0);
	ck_assert_int_eq(pseudo_add_name(p, "Ömer"), 0);
	buf_init(&in);
	buf_init(&want);
	for (k = 0; k < REPEAT; k++) {
		buf_adds(&in, unit);
		buf_adds(&want, unit_out);
	}
	ck_assert_uint_gt(in.len, 300000);
	ck_assert_int_eq(pseudo_text(p, in.s, in.len, &out, &out_len), 0);
	ck_assert_uint_eq(out_len, want.len);
	ck_assert_msg(memcmp(out, want.s, want.len) == 0, "large text differs");
	ck_assert_int_eq(pseudo_count(p, PSEUDO_NAME), 3 * REPEAT);
	ck_assert_int_eq(pseudo_count(p, PSEUDO_PHONE), REPEAT);
	ck_assert_int_eq(pseudo_count(p, PSEUDO_DATE), REPEAT);
	ck_assert_int_eq(pseudo_count(p, PSEUDO_EMAIL), REPEAT);
	free(out);
	buf_release(&in);
	buf_release(&want);
	pseudo_free(p);
}
END_TEST

/* Inputs that would take quadratic time with a naive scanner. */
START_TEST(test_pathological)
{
	static const char *const units[] = { "a", "0", "0 ", "00 ", "1.", "@", "a@", ".@a.", "de ", " ", "NL91 " };
	struct pseudo *p;
	struct buf in;
	char *out;
	size_t k, r, out_len;

	ck_assert_int_eq(pseudo_new(&p), 0);
	ck_assert_int_eq(pseudo_add_name(p, "de Vries"), 0);
	for (k = 0; k < N(units); k++) {
		buf_init(&in);
		for (r = 0; in.len < 200000; r++)
			buf_adds(&in, units[k]);
		ck_assert_int_eq(pseudo_text(p, in.s, in.len, &out, &out_len), 0);
		ck_assert_uint_eq(out_len, in.len);
		ck_assert_msg(memcmp(out, in.s, in.len) == 0, "'%s' repeated was changed", units[k]);
		free(out);
		buf_release(&in);
	}
	pseudo_free(p);
}
END_TEST

static Suite *pseudo_suite(void)
{
	Suite *s = suite_create("pseudo");
	TCase *tc = tcase_create("types");

	tcase_add_loop_test(tc, test_email, 0, N(email_cases));
	tcase_add_loop_test(tc, test_phone, 0, N(phone_cases));
	tcase_add_loop_test(tc, test_postcode, 0, N(postcode_cases));
	tcase_add_loop_test(tc, test_bsn, 0, N(bsn_cases));
	tcase_add_loop_test(tc, test_iban, 0, N(iban_cases));
	tcase_add_loop_test(tc, test_date, 0, N(date_cases));
	tcase_add_loop_test(tc, test_names, 0, N(name_cases));
	tcase_add_loop_test(tc, test_mixed, 0, N(mixed_cases));
	tcase_add_loop_test(tc, test_prefixes, 0, N(prefix_cases));
	tcase_add_test(tc, test_transcript);
	tcase_add_test(tc, test_nul_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_numbering_across_texts);
	tcase_add_loop_test(tc, test_add_name, 0, N(add_cases));
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_invalid_utf8);
	suite_add_tcase(s, tc);

	tc = tcase_create("key");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_key_file);
	tcase_add_test(tc, test_key_file_refused);
	tcase_add_test(tc, test_key_file_write_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("size");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_large_text);
	tcase_add_test(tc, test_pathological);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pseudo_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
