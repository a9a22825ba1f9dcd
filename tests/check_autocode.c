/* check_autocode.c: unit tests of code/autocode: coding example sentences (hard cases of DOMAIN.md 4), negation, evidence, rules. */
#include "code/autocode.h"
#include "code/codebook.h"
#include "code/stemmer.h"
#include "core/util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SHIPPED "templates/codebooks/jeugdhulp.json"

/* The shipped codebook, a stemmer and a coder for the whole run: opened before the tests fork. */
static struct codebook *cb;
static struct stemmer *st;
static struct autocode *ac;

static void open_all(void)
{
	ck_assert_int_eq(codebook_load(SHIPPED, &cb), 0);
	ck_assert_int_eq(stemmer_open(&st, NULL, NULL), 0);
	ck_assert_int_eq(autocode_open(&ac, cb, st), 0);
}

static void close_all(void)
{
	autocode_free(ac);
	stemmer_free(st);
	codebook_free(cb);
	ac = NULL;
	st = NULL;
	cb = NULL;
}

/* "wachttijd+;bejegening-": the codes of text. A new string; the caller frees it. */
static char *code_text(struct autocode *a, const char *text)
{
	struct autocode_result r;
	char *s;

	autocode_result_init(&r);
	ck_assert_int_eq(autocode_text(a, text, strlen(text), &r), 0);
	s = autocode_format(&r);
	autocode_result_release(&r);
	return s;
}

/*
 * Our own example sentences with the codes and polarity a careful human coder
 * would give them under DOMAIN.md section 4, in codebook order. Written for
 * these tests (some after the style of data/transcripts/), never taken from
 * an evaluation set.
 */
struct sentence {
	const char *text;
	const char *want;
};

static const struct sentence sentences[] = {
	/* DOMAIN.md hard cases and waiting time */
	{ "We hoefden niet lang te wachten.",
	  "wachttijd+" },
	{ "Twee dagen na het eerste gesprek werd ze opgenomen.",
	  "wachttijd+" },
	{ "Er was geen wachtlijst.",
	  "wachttijd+" },
	{ "We stonden vier maanden op de wachtlijst.",
	  "wachttijd-" },
	{ "De wachttijden waren veel te lang.",
	  "wachttijd-" },
	{ "Ik heb heel lang gewacht op een plek.",
	  "wachttijd-" },
	{ "Het duurde maanden voordat er iets gebeurde.",
	  "wachttijd-" },
	{ "Binnen een week konden we terecht.",
	  "wachttijd+" },
	{ "Over de wachttijd ben ik niet uitgesproken ontevreden.",
	  "wachttijd+" },
	/* reachability: negation, double negation */
	{ "Ik werd nooit teruggebeld.",
	  "bereikbaarheid-" },
	{ "Ze belt altijd terug als ik heb ingesproken.",
	  "bereikbaarheid+" },
	{ "Ik bel, ik krijg de voicemail.",
	  "bereikbaarheid-" },
	{ "Het is niet zo dat ze nooit terugbellen.",
	  "bereikbaarheid+" },
	{ "Via de app is hij altijd bereikbaar, ook in het weekend.",
	  "bereikbaarheid+" },
	{ "Ze is slecht bereikbaar.",
	  "bereikbaarheid-" },
	/* treatment */
	{ "De hulpverlener luisterde echt naar ons en nam ons serieus.",
	  "bejegening+" },
	{ "Ze luisterde niet.",
	  "bejegening-" },
	{ "We werden niet serieus genomen.",
	  "bejegening-" },
	{ "Ik voelde me behandeld als een nummer.",
	  "bejegening-" },
	{ "Ze praten tegen mij alsof ik dom ben.",
	  "bejegening-" },
	{ "Heel vriendelijke mensen, altijd met respect.",
	  "bejegening+" },
	/* changing caseworkers: compounds and inflection (jeugdbeschermers, wisselingen) */
	{ "Steeds een andere hulpverlener, en dan moet je alles weer opnieuw vertellen.",
	  "wisselende_hulpverleners-" },
	{ "We hebben al vier jeugdbeschermers gehad in twee jaar.",
	  "wisselende_hulpverleners-" },
	{ "Gelukkig hebben we al jaren dezelfde begeleider.",
	  "wisselende_hulpverleners+" },
	{ "Geen wisselingen gehad, steeds hetzelfde gezicht.",
	  "wisselende_hulpverleners+" },
	{ "De wisseling van hulpverleners was lastig.",
	  "wisselende_hulpverleners-" },
	/* information, cooperation, say in decisions, fitting help, expertise */
	{ "Ik kreeg duidelijke uitleg over de diagnose.",
	  "informatievoorziening+;deskundigheid+" },
	{ "We werden nergens van op de hoogte gehouden.",
	  "informatievoorziening-" },
	{ "Ik kreeg de rapporten nooit te zien.",
	  "informatievoorziening-" },
	{ "Ze gebruiken moeilijke woorden en ik snap er niks van.",
	  "informatievoorziening-" },
	{ "Het is echt van het kastje naar de muur geweest.",
	  "samenwerking-" },
	{ "School en de hulpverlener werkten goed samen.",
	  "samenwerking+" },
	{ "De psycholoog zegt dit, de jeugdbeschermer zegt dat.",
	  "samenwerking-" },
	{ "De instanties werken langs elkaar heen.",
	  "samenwerking-" },
	{ "We mochten zelf meebeslissen over het plan.",
	  "regie_inspraak+" },
	{ "Het plan was al klaar voordat ik aan tafel zat.",
	  "regie_inspraak-" },
	{ "Ze beslissen alles over mijn hoofd heen.",
	  "regie_inspraak-" },
	{ "Mijn begeleider zei: jij beslist, en toen heb ik zelf gekozen.",
	  "regie_inspraak+" },
	{ "De hulp was te kort, we hadden meer nodig.",
	  "passende_hulp-" },
	{ "Eindelijk kregen we de juiste hulp.",
	  "wachttijd-;passende_hulp+" },
	{ "Het was niet de juiste hulp voor mijn zoon.",
	  "passende_hulp-" },
	{ "Ze had specialistische hulp nodig en die kwam er niet.",
	  "passende_hulp-" },
	{ "De behandelaar had veel kennis van autisme.",
	  "deskundigheid+" },
	{ "Die hulpverlener had geen ervaring met autisme.",
	  "deskundigheid-" },
	{ "Ze wisten precies wat ze deden.",
	  "deskundigheid+" },
	{ "Mijn begeleider heeft met mij de uitkering aangevraagd.",
	  "praktische_hulp+" },
	/* practical help, low threshold, culture, effect, power */
	/* still nothing heard about arranged help: also a wait (tests/dev, tests/check code it so) */
	{ "Ze zouden mijn schulden regelen, maar ik heb nog steeds niks gehoord.",
	  "wachttijd-;praktische_hulp-" },
	{ "Hulp bij de formulieren en de toeslagen was heel fijn.",
	  "praktische_hulp+" },
	{ "De gesprekken waren gewoon bij ons thuis, dat was laagdrempelig.",
	  "laagdrempeligheid+" },
	{ "We moesten anderhalf uur reizen voor elke afspraak.",
	  "laagdrempeligheid-" },
	{ "Het was heel flexibel, ook na schooltijd.",
	  "laagdrempeligheid+" },
	{ "Er was een tolk, maar die vertrouwde hij niet.",
	  "culturele_sensitiviteit-" },
	{ "Ze hielden geen rekening met onze cultuur.",
	  "culturele_sensitiviteit-" },
	{ "Er was veel aandacht voor onze cultuur en ons geloof.",
	  "culturele_sensitiviteit+" },
	{ "Door de hulp gaat het thuis veel beter.",
	  "effect+" },
	{ "Er is helemaal niks veranderd.",
	  "effect-" },
	{ "Ik ben rustiger en ga weer naar school.",
	  "effect+" },
	{ "Het ging slechter met hem.",
	  "effect-" },
	{ "Ze dreigden met een uithuisplaatsing.",
	  "macht_dwang-" },
	{ "Ik ben hier niet om uw kind weg te halen.",
	  "macht_dwang+" },
	{ "Ze spelen op macht.",
	  "macht_dwang-" },
	{ "We zijn tevreden over de kliniek. Het probleem was alleen dat ze zo vasthielden aan die test.",
	  "passende_hulp+;deskundigheid-" },
	/* several codes, remarks, typing errors, nothing to code */
	{ "De hulpverlener was heel aardig, maar we moesten maanden wachten.",
	  "bejegening+;wachttijd-" },
	{ "[naam instelling] belde nooit terug [lacht]",
	  "bereikbaarheid-" },
	{ "Snel geholpen, fijne mensen.",
	  "wachttijd+" },
	{ "De wachtlist was erg lang.",
	  "wachttijd-" },
	{ "Ik heb dit niet alleen met de jeugdbeschermer besproken, maar ook met school.",
	  "" },
	/* more hard cases: hedges, double negation, 'niet alleen', diacritics */
	{ "Goedemorgen, hoe gaat het met u?",
	  "" },
	{ "Ik ben niet ontevreden over de bereikbaarheid.",
	  "bereikbaarheid+" },
	{ "De uitleg was niet echt duidelijk.",
	  "informatievoorziening-" },
	{ "Niet alleen de wachttijd was lang, ook de gesprekken duurden lang.",
	  "wachttijd-" },
	{ "Mijn zoon hoefde niet lang op de wachtlijst.",
	  "wachttijd+" },
	{ "Eén vaste begeleider, dat zou fijn zijn.",
	  "wisselende_hulpverleners+" },
	{ "Geen idee wat er ging gebeuren, niemand vertelde ons iets.",
	  "informatievoorziening-" },
	{ "De jeugdbeschermers wisselden steeds.",
	  "wisselende_hulpverleners-" },
	{ "De eerste hulpverlener luisterde goed. De tweede luisterde helemaal niet.",
	  "bejegening~" },
	{ "Ik kan hem altijd bellen, dag en nacht.",
	  "bereikbaarheid+" },
	/* after the style of data/transcripts/ */
	{ "Nee, alleen van de wachtkamer net.",
	  "" },
	{ "Als ik boos ben dan wacht ze gewoon even.",
	  "" },
	{ "Dat hebben ze goed uitgelegd, ook aan ons.",
	  "informatievoorziening+" },
	{ "Die leest het voor en legt het uit, in gewone woorden.",
	  "informatievoorziening+" },
	{ "Hij appt altijd terug.",
	  "bereikbaarheid+" },
	{ "In het weekend is er niemand.",
	  "bereikbaarheid-" },
	{ "Ze spelen op macht, het is gewoon een dreigement.",
	  "macht_dwang-" },
	{ "De OTS is in januari afgelopen, niet verlengd.",
	  "macht_dwang+" },
	{ "Ze hebben nooit gevraagd wat ik zelf wilde.",
	  "regie_inspraak-" },
	{ "Mijn begeleider heeft met mij alles aangevraagd, de uitkering en de zorgtoeslag.",
	  "praktische_hulp+" },
	{ "Hij kwam gewoon bij ons thuis, ik hoefde nergens heen.",
	  "laagdrempeligheid+" },
	{ "Bij mij is niks veranderd.",
	  "effect-" },
	{ "Het gaat echt beter met hem en hij is rustiger op school.",
	  "effect+" },
	{ "Ik geef de wachttijd een onvoldoende, maar de hulpverlener was top.",
	  "wachttijd-" },
	{ "Ik kan niet zeggen dat ze nooit luisterde.",
	  "bejegening+" },
	{ "Het is niet zo dat ze niet bereikbaar is.",
	  "bereikbaarheid+" },
	{ "We werden van het kastje naar de muur gestuurd.",
	  "samenwerking-" },
	{ "Hij staat nog op de wachtlyst.",
	  "wachttijd-" },
	{ "De hulpverleners wisselden elke maand.",
	  "wisselende_hulpverleners-" },
	{ "Alle doorverwijzingen gingen mis.",
	  "samenwerking-" },
	{ "Ze zei: ik begrijp uw frustratie.",
	  "" },
	{ "Ik heb geen klachten over de bejegening.",
	  "bejegening+" },
	{ "Ik ben niet echt tevreden over de informatie.",
	  "informatievoorziening-" },
	{ "De informatie was wel duidelijk.",
	  "informatievoorziening+" },
	{ "Niet alleen de psycholoog maar ook de psychiater was deskundig.",
	  "deskundigheid+" },
	{ "We kregen geen uitleg over het plan.",
	  "informatievoorziening-" },
	{ "De hulpverlener luisterde goed, maar de samenwerking met school was slecht.",
	  "bejegening+;samenwerking-" },
	{ "Ik ben niet uitgesproken ontevreden over de hulpverlener, ze luisterde wel.",
	  "bejegening+" },
	{ "Hij vraagt me hoe het in Eritrea is en wat we daar eten op een feest.",
	  "culturele_sensitiviteit+" },
	{ "De school en de hulpverlener praten niet met elkaar.",
	  "samenwerking-" },
	{ "Jij bent nu volwassen, zeiden ze, jij bepaalt wie erbij is.",
	  "regie_inspraak+" },
	{ "Ik weet nog steeds niet waarom ze komt.",
	  "informatievoorziening-" },
	{ "Ik heb de voogd drie keer gebeld en kreeg steeds de voicemail.",
	  "bereikbaarheid-" },
	{ "Er is een melding gedaan bij Veilig Thuis.",
	  "macht_dwang-" },
	{ "Ze hielden zo vast aan die test.",
	  "deskundigheid-" },
	{ "Een aardige vrouw, maar ze wist niks van eetstoornissen.",
	  "bejegening+;deskundigheid-" },
	{ "Ik kreeg het verslag pas de dag ervoor.",
	  "informatievoorziening-" },
	{ "Bij eetstoornissen met een laag gewicht wachten ze niet.",
	  "wachttijd+" },
	{ "Er is geen verandering zichtbaar.",
	  "effect-" },
	{ "Het was een warme overdracht tussen de twee afdelingen.",
	  "samenwerking+" },
};

START_TEST(test_sentence)
{
	const struct sentence *c = &sentences[_i];
	char *got = code_text(ac, c->text);

	ck_assert_msg(strcmp(got, c->want) == 0, "\"%s\":\n got  \"%s\"\n want \"%s\"", c->text, got,
		      c->want);
	free(got);
}
END_TEST

/* Deterministic: a second run, a run without the stem cache and a fresh coder agree. */
START_TEST(test_deterministic)
{
	struct autocode *fresh;
	size_t i;

	ck_assert_int_eq(autocode_open(&fresh, cb, st), 0);
	for (i = 0; i < (size_t)N(sentences); i++) {
		char *a = code_text(ac, sentences[i].text);
		char *b = code_text(ac, sentences[i].text);
		char *c, *d;

		stemmer_set_cache(st, 0, 0);
		c = code_text(ac, sentences[i].text);
		stemmer_set_cache(st, 1, 0);
		d = code_text(fresh, sentences[i].text);
		ck_assert_str_eq(a, b);
		ck_assert_str_eq(a, c);
		ck_assert_str_eq(a, d);
		free(a);
		free(b);
		free(c);
		free(d);
	}
	autocode_free(fresh);
	autocode_free(NULL);
}
END_TEST

/* All sentences as one text: each keeps its codes (sentence scope), nothing leaks across. */
START_TEST(test_one_text)
{
	struct autocode_result r;
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < (size_t)N(sentences); i++)
		buf_printf(&b, "%s\n", sentences[i].text);
	autocode_result_init(&r);
	ck_assert_int_eq(autocode_text(ac, b.s, b.len, &r), 0);
	ck_assert_uint_eq(r.nhits, 14);
	for (i = 0; i < r.nhits; i++) {
		ck_assert_uint_gt(r.hits[i].nevidence, 0);
		ck_assert_int_eq(r.hits[i].polarity, '~');
		if (i)
			ck_assert_uint_gt(r.hits[i].code, r.hits[i - 1].code);
	}
	autocode_result_release(&r);
	buf_release(&b);
}
END_TEST

/* Evidence: code points of the rule and the cues, negation marked. */
START_TEST(test_evidence)
{
	const char *text = "Eén ding: we hoefden niet lang te wachten [lacht].";
	struct autocode_result r;
	const struct autocode_hit *h;
	const struct autocode_evidence *e;
	int seen_trigger = 0, seen_lang = 0, seen_wacht = 0;
	size_t i;

	autocode_result_init(&r);
	ck_assert_int_eq(autocode_text(ac, text, strlen(text), &r), 0);
	ck_assert_uint_eq(r.nhits, 1);
	h = autocode_find(&r, "wachttijd");
	ck_assert_ptr_nonnull(h);
	ck_assert_ptr_eq(h, &r.hits[0]);
	ck_assert_ptr_null(autocode_find(&r, "bejegening"));
	ck_assert_str_eq(h->id, "wachttijd");
	ck_assert_int_eq(h->code, codebook_find(cb, "wachttijd"));
	ck_assert_int_eq(h->polarity, '+');
	ck_assert_int_eq(h->defaulted, 0);
	ck_assert(h->positive > 0 && h->negative == 0);
	for (i = h->evidence; i < h->evidence + h->nevidence; i++) {
		e = &r.evidence[i];
		ck_assert_uint_eq(e->sentence, 0);
		if (e->role == AUTOCODE_TRIGGER && e->start == 34 && e->end == 41) {
			seen_trigger = 1;
			ck_assert(e->weight == 0);
		}
		if (e->role == AUTOCODE_CUE && e->start == 26 && e->end == 30) {
			seen_lang = 1;	/* "lang", negative cue, negated by "niet" */
			ck_assert_int_eq(e->negated, 1);
			ck_assert(e->weight > 0);
			ck_assert_str_eq(e->pattern->source, "lang");
		}
		if (e->role == AUTOCODE_CUE && e->start == 34)
			seen_wacht = e->negated;
	}
	ck_assert(seen_trigger && seen_lang && seen_wacht);
	autocode_result_release(&r);
}
END_TEST

START_TEST(test_empty)
{
	struct autocode_result r;
	char *s;

	autocode_result_init(&r);
	ck_assert_int_eq(autocode_text(ac, "", 0, &r), 0);
	ck_assert_uint_eq(r.nhits, 0);
	ck_assert_int_eq(autocode_text(ac, "[wachtlijst] [maanden]", 22, &r), 0);
	ck_assert_uint_eq(r.nhits, 0);
	/* Only len bytes count. */
	ck_assert_int_eq(autocode_text(ac, "Ja. We stonden op de wachtlijst.", 3, &r), 0);
	ck_assert_uint_eq(r.nhits, 0);
	s = autocode_format(&r);
	ck_assert_str_eq(s, "");
	free(s);
	autocode_result_release(&r);
}
END_TEST

/* Rules of a small codebook of our own. */
static const char mini[] =
	"{\"format\": \"tevreden-codebook-1\", \"id\": \"mini\", \"version\": \"0.1\", \"label\": \"Mini\",\n"
	" \"lexicons\": {\"negation\": \"../lexicon/negatie.txt\", \"valence\": \"../lexicon/valentie.tsv\"},\n"
	" \"codes\": [\n"
	"  {\"id\": \"groep\", \"label\": \"Groep\"},\n"
	"  {\"id\": \"geen_lading\", \"label\": \"Zonder lading\", \"parent\": \"groep\", \"polarities\": \"\",\n"
	"   \"match\": [\"school\"]},\n"
	"  {\"id\": \"standaard\", \"label\": \"Standaard\", \"polarities\": \"+-\", \"default\": \"+\",\n"
	"   \"match\": [\"=tolk\"], \"positive\": [\"vertrouw\"], \"negative\": [\"bang\"]},\n"
	"  {\"id\": \"wacht\", \"label\": \"Wachten\", \"polarities\": \"+-~\",\n"
	"   \"match\": [{\"phrase\": \"wacht\", \"unless\": [\"wacht even\"]}, \"kastje naar de muur\",\n"
	"     {\"near\": [\"steeds\", \"ander\"], \"within\": 2}, \"doorloop*\"],\n"
	"   \"exclude\": [\"wachtkamer\"],\n"
	"   \"positive\": [\"snel\"], \"negative\": [\"lang\", {\"phrase\": \"maand\", \"weight\": 3}]},\n"
	"  {\"id\": \"bereik\", \"label\": \"Bereik\", \"polarities\": \"+-~\",\n"
	"   \"match\": [{\"near\": [\"bel\", \"terug\"], \"within\": 3}], \"negative\": [\"niemand\"]}]}\n";

struct mini_case {
	const char *text;
	const char *want;
};

static const struct mini_case mini_cases[] = {
	{ "Het ging over school.", "geen_lading" },			/* no polarity allowed */
	{ "Het was fijn op school.", "geen_lading" },
	{ "Er was een tolk.", "standaard+" },				/* the default */
	{ "Ik vertrouwde de tolk.", "standaard+" },
	{ "Ik vertrouwde de tolk niet.", "standaard-" },
	{ "Ik vertrouwde de tolk maar was ook heel bang.", "standaard-" },	/* '~' not allowed: the sign of the sums */
	{ "Ik vertrouwde de tolk maar was ook bang.", "standaard+" },	/* ... equal sums: the default */
	{ "De tolken waren er niet.", "standaard+" },			/* "=tolk" reaches the plural */
	{ "Tolkbureau gebeld.", "" },					/* ... but not a compound part */
	{ "We moesten wachten.", "wacht" },				/* no cue, no default: no polarity */
	{ "Wacht even, ik pak mijn agenda.", "" },			/* unless */
	{ "Wacht even. Ik heb gewacht.", "wacht" },			/* unless only in its own sentence */
	{ "In de wachtkamer moesten we wachten.", "" },			/* exclude */
	{ "Van het kastje naar de muur.", "wacht" },
	{ "Van het kastje. Naar de muur.", "" },			/* a phrase stays in its sentence */
	{ "Steeds een ander.", "wacht" },
	{ "Ander dan steeds.", "wacht" },				/* near: any order */
	{ "Steeds was er weer een ander.", "" },			/* near: too far apart */
	{ "De doorlooptijd was lang.", "wacht-" },			/* wildcard */
	{ "Snel geholpen maar lang gewacht.", "wacht~" },
	{ "Snel geholpen maar maanden gewacht.", "wacht-" },		/* weight 3 outweighs */
	{ "We hebben gewacht. Het duurde lang.", "wacht-" },		/* no cue: the next sentence without a rule */
	{ "We hebben gewacht. Het ging snel. Het duurde lang.", "wacht+" },	/* ... only the next one */
	{ "We hebben gewacht. Steeds een ander, lang.", "wacht-" },	/* a sentence with a rule has its own */
	{ "Eerst snel. Toen gewacht.", "wacht+" },			/* ... or the one before */
	{ "Wachten? Nooit lang.", "wacht+" },
	/* Typing errors: an unknown word one edit from a codebook word of five letters or more */
	{ "De doorloptijd was lang.", "wacht-" },			/* a letter dropped, wildcard word */
	{ "De dorolooptijd was lang.", "wacht-" },			/* two letters swapped */
	{ "Op schoool.", "geen_lading" },				/* a letter doubled */
	{ "Op schooltje.", "geen_lading" },				/* a known word: its compound part */
	{ "Op schoolen.", "geen_lading" },				/* ... an inflection on the typo */
	{ "Op schhooll.", "" },						/* two edits: too far */
	{ "Op sgool.", "" },						/* ... two as well */
	{ "Ik vertrouwde de tlok.", "" },				/* short words are never corrected */
	/* A negator that is a cue belongs to that cue only where its code is found */
	{ "Niemand vertrouwde de tolk.", "standaard-" },			/* not bereik's: it flips */
	{ "Niemand belde terug.", "bereik-" },				/* bereik's own cue */
	{ "Niemand vertrouwde de tolk en belde terug.", "standaard-;bereik-" },	/* ... still flips others' cues */
	{ "Het huis was schoon.", "" },					/* a known word is never corrected */
};

START_TEST(test_mini)
{
	const struct mini_case *c = &mini_cases[_i];
	struct codebook *m;
	struct autocode *a;
	char *got;

	ck_assert_int_eq(codebook_parse("templates/codebooks/mini.json", mini, strlen(mini), &m), 0);
	ck_assert_int_eq(autocode_open(&a, m, st), 0);
	got = code_text(a, c->text);
	ck_assert_msg(strcmp(got, c->want) == 0, "\"%s\":\n got  \"%s\"\n want \"%s\"", c->text, got,
		      c->want);
	free(got);
	autocode_free(a);
	codebook_free(m);
}
END_TEST

/* The defaulted flag and the evidence of a mention without cues. */
START_TEST(test_defaulted)
{
	struct autocode_result r;
	const char *text = "Er was een tolk.";
	struct codebook *m;
	struct autocode *a;

	ck_assert_int_eq(codebook_parse("templates/codebooks/mini.json", mini, strlen(mini), &m), 0);
	ck_assert_int_eq(autocode_open(&a, m, st), 0);
	autocode_result_init(&r);
	ck_assert_int_eq(autocode_text(a, text, strlen(text), &r), 0);
	ck_assert_uint_eq(r.nhits, 1);
	ck_assert_int_eq(r.hits[0].polarity, '+');
	ck_assert_int_eq(r.hits[0].defaulted, 1);
	ck_assert_uint_eq(r.hits[0].nevidence, 1);
	ck_assert_int_eq(r.evidence[0].role, AUTOCODE_TRIGGER);
	ck_assert_uint_eq(r.evidence[0].start, 11);
	ck_assert_uint_eq(r.evidence[0].end, 15);
	ck_assert_str_eq(r.evidence[0].pattern->path, "$.codes[2].match[0]");
	autocode_result_release(&r);
	autocode_free(a);
	codebook_free(m);
}
END_TEST

static Suite *autocode_suite(void)
{
	Suite *s = suite_create("autocode");
	TCase *tc = tcase_create("autocode");

	tcase_add_unchecked_fixture(tc, open_all, close_all);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_sentence, 0, N(sentences));
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_one_text);
	tcase_add_test(tc, test_evidence);
	tcase_add_test(tc, test_empty);
	tcase_add_loop_test(tc, test_mini, 0, N(mini_cases));
	tcase_add_test(tc, test_defaulted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(autocode_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
