/* gencorpus.c: a deterministic synthetic Dutch corpus of client answers and transcript turns, for the coding benchmark. */
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One segment per line: one to six sentences assembled from templates whose
 * slots are filled from word lists (with inflections, compounds made of
 * parts, diacritics, [remarks], the odd typing error). About half the
 * sentences carry a theme, half are about daily life (in the sample
 * transcripts a quarter of the sentences carry a theme). The vocabulary is a
 * few thousand distinct tokens, as in a real study; the same seed and size
 * give the same bytes.
 */

static const char usage[] =
	"usage: gencorpus [--size MB] [--seed N] [-o FILE]\n"
	"  --size MB   stop after about MB megabytes (default 50)\n"
	"  --seed N    random seed (default 1)\n"
	"  -o FILE     output file (default: standard output)\n";

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t pick(struct rng *r, size_t n)
{
	return (size_t)(next(r) % n);
}

#define PICK(r, a) ((a)[pick((r), sizeof(a) / sizeof((a)[0]))])

static const char *const subjects[] = {
	"ik", "wij", "we", "mijn zoon", "mijn dochter", "mijn kind", "ons gezin", "mijn man",
	"mijn vrouw", "de kinderen", "hij", "zij", "mijn moeder", "de oudste", "de jongste",
};
static const char *const role_prefix[] = {
	"jeugd", "gezins", "wijkteam", "school", "jongeren", "groeps", "ouder", "schuld",
	"thuis", "crisis", "zorg", "hulp", "gedrags", "opvoed", "pleeg", "ambulant",
};
static const char *const role_head[] = {
	"hulpverlener", "begeleider", "beschermer", "coach", "voogd", "werker", "consulent",
	"medewerker", "deskundige", "therapeut", "behandelaar", "regisseur", "mentor", "leider",
};
static const char *const role_plain[] = {
	"de hulpverlener", "de begeleider", "de jeugdbeschermer", "de voogd", "de psycholoog",
	"de psychiater", "de mentor", "de gezinscoach", "de behandelaar", "de huisarts",
	"het wijkteam", "de jeugdbescherming", "de kliniek", "de gemeente", "school", "de juf",
	"de cliëntondersteuner", "de orthopedagoog", "de stagiaire", "de groepsleiding",
};
static const char *const theme_phrase[] = {
	"op de wachtlijst", "de wachttijden", "de wachtlijsten", "lang gewacht", "maanden wachten",
	"nooit teruggebeld", "altijd bereikbaar", "de voicemail", "via de app", "teruggebeld",
	"steeds een andere hulpverlener", "weer opnieuw vertellen", "één vast gezicht",
	"van het kastje naar de muur", "langs elkaar heen", "de samenwerking met school",
	"de informatie over de diagnose", "geen uitleg", "duidelijke uitleg", "de rapporten",
	"zelf meebeslissen", "het plan", "geen inspraak", "de juiste hulp", "te kort",
	"specialistische hulp", "veel kennis", "geen ervaring", "die test", "de uitkering",
	"de schulden", "de formulieren", "de zorgtoeslag", "bij ons thuis", "huisbezoeken",
	"anderhalf uur reizen", "de tolk", "onze cultuur", "het geloof", "rustiger",
	"weer naar school", "niks veranderd", "een uithuisplaatsing", "dreigen", "spelen op macht",
	"de ondertoezichtstelling", "respectvol", "serieus genomen", "als een nummer",
	"geluisterd", "doorverwijzingen", "de overdracht", "de intake", "de behandeling",
	"het eerste gesprek", "de huisbezoeken", "het gezinsplan", "de evaluatie",
};
static const char *const verbs[] = {
	"vond", "vonden", "had", "hadden", "kreeg", "kregen", "wilde", "zag", "hoorde",
	"begreep", "snapte", "merkte", "vertelde", "zei", "vroeg", "wachtte", "belde", "mailde",
	"regelde", "besprak", "heb gehad", "heb gevraagd", "hebben gekregen", "is gegaan",
	"heeft geholpen", "heeft uitgelegd", "heeft gebeld", "is gebleven", "is veranderd",
};
static const char *const adjectives[] = {
	"goed", "fijn", "prettig", "slecht", "lastig", "moeilijk", "vervelend", "duidelijk",
	"onduidelijk", "snel", "traag", "lang", "kort", "vriendelijk", "afstandelijk", "aardig",
	"deskundig", "waardevol", "zwaar", "rustig", "jammer", "prima", "super", "teleurstellend",
	"tevreden", "ontevreden", "blij", "boos", "verdrietig", "opgelucht", "gefrustreerd",
};
static const char *const modifiers[] = {
	"", "", "", "heel ", "erg ", "niet ", "niet echt ", "wel ", "best ", "echt ", "te ",
	"helemaal niet ", "een beetje ", "zo ", "nooit ", "niet uitgesproken ",
};
static const char *const times[] = {
	"twee dagen", "een week", "drie weken", "vier maanden", "een half jaar", "een jaar",
	"anderhalf jaar", "negen maanden", "zes weken", "een paar dagen", "dezelfde dag",
};
static const char *const fillers[] = {
	"eigenlijk", "gewoon", "toen", "daarna", "ook", "nog", "al", "natuurlijk", "eerlijk gezegd",
	"achteraf", "uiteindelijk", "in het begin", "op een gegeven moment", "soms", "vaak",
};
static const char *const remarks[] = {
	"[lacht]", "[stilte]", "[naam instelling]", "[naam]", "[onverstaanbaar]", "[00:03:40]",
	"[naam plaats]", "[zucht]",
};
static const char *const typos[] = {
	"wachtlist", "behandleing", "jeugdbescherimg", "hulpverlenr", "teruggebelt", "gebelt",
	"afspaak", "informatei", "samewerking", "deskunidg",
};
static const char *const nouns[] = {
	"school", "huis", "gezin", "kind", "ouder", "jeugd", "zorg", "hulp", "wacht", "tijd",
	"lijst", "plan", "gesprek", "afspraak", "brief", "rapport", "team", "week", "dag", "avond",
	"weekend", "telefoon", "nummer", "kamer", "groep", "klas", "werk", "geld", "huur", "toeslag",
	"schuld", "uitkering", "kantoor", "gebouw", "buurt", "wijk", "stad", "taal", "cultuur",
	"familie", "vader", "moeder", "broer", "zus", "opa", "oma", "vriend", "vriendin", "sport",
	"club", "stage", "opleiding", "toets", "test", "onderzoek", "diagnose", "dossier", "zitting",
	"rechter", "melding", "maatregel", "toezicht", "begeleiding", "behandeling", "therapie",
	"training", "cursus", "ouderavond", "verslag", "overleg", "contact", "vervoer", "reis",
	"trein", "bus", "fiets", "computer", "app", "mail", "bericht", "vraag", "antwoord",
};

static const char *const openers[] = {
	"Ja.", "Nee.", "Eh.", "Nou,", "Kijk,", "Weet je,", "Tja.", "Ja hoor.", "Precies.", "Oké.",
};

/* A role: a plain one, or a compound of a prefix and a head, sometimes plural. */
static void add_role(struct rng *r, struct buf *b)
{
	if (pick(r, 3)) {
		buf_adds(b, PICK(r, role_plain));
		return;
	}
	buf_adds(b, pick(r, 2) ? "de " : "die ");
	buf_adds(b, PICK(r, role_prefix));
	buf_adds(b, PICK(r, role_head));
	if (pick(r, 3) == 0)
		buf_adds(b, "s");
}

static const char *const places[] = {
	"op school", "thuis", "bij oma", "in de stad", "op het werk", "bij de sportclub", "in de klas",
	"op zijn kamer", "bij vrienden", "in het weekend", "na schooltijd", "in de vakantie",
};
static const char *const narrative_verbs[] = {
	"zit", "zat", "woont", "woonde", "speelt", "speelde", "gaat", "ging", "werkt", "werkte",
	"slaapt", "sliep", "eet", "at", "praat", "praatte", "blijft", "bleef", "komt", "kwam",
};

/* A sentence about daily life, as most sentences of an interview are: no theme. */
static void add_narrative(struct rng *r, struct buf *b)
{
	switch (pick(r, 4)) {
	case 0:
		buf_printf(b, "%s %s %s %s", PICK(r, subjects), PICK(r, narrative_verbs), PICK(r, fillers),
			   PICK(r, places));
		break;
	case 1:
		buf_printf(b, "%s is nu %s jaar en zit in de %s%s", PICK(r, subjects),
			   pick(r, 2) ? "twaalf" : "zestien", PICK(r, nouns), PICK(r, nouns));
		break;
	case 2:
		buf_printf(b, "%s %s %s met %s over de %s", PICK(r, fillers), PICK(r, subjects),
			   PICK(r, narrative_verbs), PICK(r, subjects), PICK(r, nouns));
		break;
	default:
		buf_printf(b, "dat was %s, %s %s %s", PICK(r, times), PICK(r, subjects),
			   PICK(r, narrative_verbs), PICK(r, places));
		break;
	}
}

static void add_sentence(struct rng *r, struct buf *b)
{
	size_t start = b->len;

	switch (pick(r, 19)) {
	case 10:
	case 11:
	case 12:
	case 13:
	case 14:
	case 15:
	case 16:
	case 17:
	case 18:
		add_narrative(r, b);
		break;
	case 0:
		buf_printf(b, "%s %s %s%s", PICK(r, subjects), PICK(r, verbs), PICK(r, modifiers),
			   PICK(r, adjectives));
		break;
	case 1:
		add_role(r, b);
		buf_printf(b, " %s %s %s", PICK(r, verbs), PICK(r, fillers), PICK(r, theme_phrase));
		break;
	case 2:
		buf_printf(b, "%s %s %s %s", PICK(r, fillers), PICK(r, subjects), PICK(r, verbs),
			   PICK(r, theme_phrase));
		break;
	case 3:
		buf_printf(b, "we moesten %s wachten op ", PICK(r, times));
		add_role(r, b);
		break;
	case 4:
		buf_printf(b, "%s na %s ", PICK(r, times), PICK(r, theme_phrase));
		buf_printf(b, "%s %s %s", PICK(r, verbs), PICK(r, subjects), PICK(r, adjectives));
		break;
	case 5:
		buf_printf(b, "over %s ben ik %s%s", PICK(r, theme_phrase), PICK(r, modifiers),
			   PICK(r, adjectives));
		break;
	case 6:
		add_role(r, b);
		buf_printf(b, " was %s%s, maar %s was %s%s", PICK(r, modifiers), PICK(r, adjectives),
			   PICK(r, theme_phrase), PICK(r, modifiers), PICK(r, adjectives));
		break;
	case 7:
		buf_printf(b, "%s %s %s %s", PICK(r, subjects), PICK(r, verbs), PICK(r, remarks),
			   PICK(r, theme_phrase));
		break;
	case 8:
		/* a compound of two nouns, sometimes plural: most tokens of a study are rare */
		buf_printf(b, "%s %s de %s%s%s", PICK(r, subjects), PICK(r, verbs), PICK(r, nouns),
			   PICK(r, nouns), pick(r, 3) ? "" : "en");
		buf_printf(b, " %s%s", PICK(r, modifiers), PICK(r, adjectives));
		break;
	default:
		buf_printf(b, "het was %s%s, %s %s %s", PICK(r, modifiers), PICK(r, adjectives),
			   PICK(r, fillers), PICK(r, verbs), pick(r, 8) ? PICK(r, theme_phrase)
									: PICK(r, typos));
		break;
	}
	if (b->s[start] >= 'a' && b->s[start] <= 'z')
		b->s[start] = (char)(b->s[start] - 32);
	buf_adds(b, pick(r, 6) ? "." : pick(r, 2) ? "!" : "?");
}

static int generate(FILE *out, const char *name, double mb, uint64_t seed)
{
	struct rng r = { seed };
	struct buf b;
	size_t limit = (size_t)(mb * 1e6), written = 0, n, i;

	buf_init(&b);
	while (written < limit) {
		buf_reset(&b);
		if (pick(&r, 4) == 0)
			buf_printf(&b, "%s ", PICK(&r, openers));
		n = 1 + pick(&r, 6);
		for (i = 0; i < n; i++) {
			if (i)
				buf_addc(&b, ' ');
			add_sentence(&r, &b);
			if (pick(&r, 10) == 0)
				buf_printf(&b, " %s", PICK(&r, remarks));
		}
		buf_addc(&b, '\n');
		if (fwrite(b.s, 1, b.len, out) != b.len)
			break;
		written += b.len;
	}
	buf_release(&b);
	return file_check(out, name);
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	double mb = 50;
	long seed = 1;
	FILE *out = stdout;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
			if (num_parse(argv[++i], 0, &mb) < 0 || mb <= 0 || mb > 100000) {
				fprintf(stderr, "gencorpus: --size '%s' is not a size in MB\n", argv[i]);
				return TV_EXIT_USAGE;
			}
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			if (num_parse_long(argv[++i], &seed) < 0) {
				fprintf(stderr, "gencorpus: --seed '%s' is not a number\n", argv[i]);
				return TV_EXIT_USAGE;
			}
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			file = argv[++i];
		} else {
			fputs(usage, stderr);
			return TV_EXIT_USAGE;
		}
	}
	if (file && !(out = fopen(file, "wb"))) {
		tv_error("cannot create '%s': %s", file, strerror(errno));
		return TV_EXIT_SYSTEM;
	}
	rc = generate(out, file ? file : "standard output", mb, (uint64_t)seed);
	if (file && fclose(out) != 0 && rc == 0)
		rc = tv_error("cannot write '%s': %s", file, strerror(errno));
	return rc < 0 ? TV_EXIT_SYSTEM : TV_EXIT_OK;
}
