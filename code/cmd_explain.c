/* cmd_explain.c: `tevreden code explain`: why the automatic coder codes a text as it does (for codebook authors). */
#include "code/autocode.h"
#include "code/codebook.h"
#include "code/stemmer.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT ((size_t)1 << 20)

static const char explain_usage[] =
	"usage: tevreden code explain --codebook FILE [--dictionary AFF,DIC] [TEXT...]\n"
	"\n"
	"Code each TEXT (or, without TEXT, each line of standard input) with the codebook\n"
	"and show the evidence: every rule that marked a code, every cue and valence word\n"
	"that gave its polarity, with its weight and whether a negation reached it.\n"
	"Nothing is stored; no study is needed. For writing and checking codebooks\n"
	"(docs/codebook.md).\n"
	"\n"
	"  --codebook FILE        the codebook (required)\n"
	"  --dictionary AFF,DIC   Hunspell files (default: Debian's hunspell-nl)\n";

static const char *const role_names[] = { "rule", "cue", "valence" };

/* The text of code points [start, end) of s, into b. */
static void span(const char *s, size_t len, uint32_t start, uint32_t end, struct buf *b)
{
	size_t i = 0, a = len, e = len;
	uint32_t cp = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (cp == start)
			a = i;
		if (cp == end) {
			e = i;
			break;
		}
		cp++;
	}
	if (a > e)
		a = e;
	buf_reset(b);
	buf_add(b, s + a, e - a);
}

static int explain_one(struct autocode *ac, const char *text, size_t len, struct autocode_result *r)
{
	struct buf b;
	size_t i, k;

	if (autocode_text(ac, text, len, r) < 0)
		return -1;
	printf("%.*s\n", (int)len, text);
	if (r->nhits == 0) {
		printf("  no codes\n\n");
		return 0;
	}
	buf_init(&b);
	for (i = 0; i < r->nhits; i++) {
		const struct autocode_hit *h = &r->hits[i];
		char pol[2] = { h->polarity, 0 };

		printf("  %s%s  positive %.2f, negative %.2f%s\n", h->id, pol, h->positive, h->negative,
		       h->defaulted ? ", no cues: the code's default polarity" : "");
		for (k = h->evidence; k < h->evidence + h->nevidence; k++) {
			const struct autocode_evidence *e = &r->evidence[k];

			span(text, len, e->start, e->end, &b);
			printf("    %-7s \"%s\"  %s (%s)", role_names[e->role], b.s ? b.s : "",
			       e->pattern->source, e->pattern->path);
			if (e->role != AUTOCODE_TRIGGER)
				printf("  %+.2f", e->weight);
			if (e->negated)
				printf("  negated");
			printf("\n");
		}
	}
	printf("\n");
	buf_release(&b);
	return 0;
}

int cmd_code_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "codebook", required_argument, NULL, 'b' },
		{ "dictionary", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cbfile = NULL, *dict = NULL;
	struct codebook *cb = NULL;
	struct stemmer *sm = NULL;
	struct autocode *ac = NULL;
	struct autocode_result r;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int c, i, ret = TV_EXIT_SYSTEM;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': cbfile = optarg; break;
		case 'd': dict = optarg; break;
		case 'h': return cli_help(explain_usage);
		case ':': return cli_usage(explain_usage, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage(explain_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!cbfile)
		return cli_usage(explain_usage, "--codebook is required");
	if (dict && (!strchr(dict, ',') || *dict == ',' || dict[strlen(dict) - 1] == ','))
		return cli_usage(explain_usage, "--dictionary expects AFF,DIC");
	if (codebook_load(cbfile, &cb) < 0)
		return TV_EXIT_DATA;
	autocode_result_init(&r);
	if (stemmer_open_spec(&sm, dict) < 0 || autocode_open(&ac, cb, sm) < 0)
		goto out;
	printf("codebook %s %s\n\n", cb->id, cb->version);
	if (optind < argc) {
		for (i = optind; i < argc; i++)
			if (explain_one(ac, argv[i], strlen(argv[i]), &r) < 0)
				goto out;
	} else {
		while ((n = getline(&line, &cap, stdin)) > 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				n--;
			if ((size_t)n > MAX_TEXT) {
				tv_error("standard input: a line of more than %zu bytes", MAX_TEXT);
				ret = TV_EXIT_DATA;
				goto out;
			}
			if (explain_one(ac, line, (size_t)n, &r) < 0)
				goto out;
		}
		if (ferror(stdin)) {
			tv_error("standard input: read error");
			goto out;
		}
	}
	ret = cli_done(TV_EXIT_OK);
out:
	free(line);
	autocode_result_release(&r);
	autocode_free(ac);
	stemmer_free(sm);
	codebook_free(cb);
	return ret;
}
