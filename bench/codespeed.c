/* codespeed.c: time automatic coding with the warm stem cache against Hunspell for every token, on one corpus in one run. */
#include "code/autocode.h"
#include "code/codebook.h"
#include "code/stemmer.h"
#include "core/error.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * The corpus has one segment per line. Both runs code the same segments with
 * the same codebook and coder; only the stemmer's cache differs. Hunspell for
 * every token is slow, so by default it codes the first --slice MB; the
 * cached coder codes that slice too (the ratio compares the two on the same
 * bytes) and the whole corpus (the MB/s figure). Times are CPU time of the
 * thread: MB/s per core. Both must give the same codes on the slice: a
 * digest of their output is compared.
 */

static const char usage[] =
	"usage: codespeed [--codebook FILE] [--slice MB] CORPUS\n"
	"  --codebook FILE  codebook (default templates/codebooks/jeugdhulp.json)\n"
	"  --slice MB       bytes coded with Hunspell for every token (default 2; 0 = all)\n"
	"  --repeat N       time the cached coder N times and keep the best (default 3)\n";

#define MAX_CORPUS ((size_t)4 << 30)

/* Seconds of wall time, and of this thread's CPU time (the "per core" figure: the same on a busy machine). */
static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct run {
	size_t bytes, segments, hits;
	uint64_t digest;	/* FNV-1a over every segment's codes and polarities */
	double seconds;		/* wall */
	double cpu;		/* CPU time of the thread */
};

static void digest_add(uint64_t *h, const char *s)
{
	for (; *s; s++)
		*h = (*h ^ (unsigned char)*s) * 1099511628211ull;
	*h = (*h ^ '\n') * 1099511628211ull;
}

/* Code the lines of text[0 .. len). */
static int code_lines(struct autocode *ac, const char *text, size_t len, struct run *out)
{
	struct autocode_result r;
	const char *p = text, *end = text + len;
	double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
	int ret = 0;

	memset(out, 0, sizeof(*out));
	out->digest = 14695981039346656037ull;
	autocode_result_init(&r);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), i;

		if (autocode_text(ac, p, n, &r) < 0) {
			ret = -1;
			break;
		}
		for (i = 0; i < r.nhits; i++) {
			digest_add(&out->digest, r.hits[i].id);
			out->digest = (out->digest ^ (unsigned char)r.hits[i].polarity) * 1099511628211ull;
		}
		out->digest = (out->digest ^ '\n') * 1099511628211ull;
		out->hits += r.nhits;
		out->segments++;
		p += n + 1;
	}
	out->seconds = now(CLOCK_MONOTONIC) - t0;
	out->cpu = now(CLOCK_THREAD_CPUTIME_ID) - c0;
	out->bytes = len;
	autocode_result_release(&r);
	return ret;
}

/* Throughput per core: bytes over CPU seconds. */
static double mbps(const struct run *r)
{
	return (double)r->bytes / 1e6 / r->cpu;
}

/* Length of the first `mb` megabytes of text, cut after a line. */
static size_t slice_len(const char *text, size_t len, double mb)
{
	size_t n = (size_t)(mb * 1e6);
	const char *nl;

	if (mb <= 0 || n >= len)
		return len;
	nl = memchr(text + n, '\n', len - n);
	return nl ? (size_t)(nl - text) + 1 : len;
}

int main(int argc, char **argv)
{
	const char *cbfile = "templates/codebooks/jeugdhulp.json", *corpus = NULL;
	double slice_mb = 2;
	long repeat = 3;
	struct codebook *cb = NULL;
	struct stemmer *st = NULL;
	struct autocode *ac = NULL;
	struct stemmer_stats ss;
	struct run warm, fast = { 0 }, fast_slice = { 0 }, slow;
	char *text = NULL;
	size_t len, slen;
	int i, ret = TV_EXIT_SYSTEM;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--codebook") == 0 && i + 1 < argc) {
			cbfile = argv[++i];
		} else if (strcmp(argv[i], "--slice") == 0 && i + 1 < argc) {
			if (num_parse(argv[++i], 0, &slice_mb) < 0 || slice_mb < 0) {
				fprintf(stderr, "codespeed: --slice '%s' is not a size in MB\n", argv[i]);
				return TV_EXIT_USAGE;
			}
		} else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
			if (num_parse_long(argv[++i], &repeat) < 0 || repeat < 1 || repeat > 100) {
				fprintf(stderr, "codespeed: --repeat '%s' is not 1..100\n", argv[i]);
				return TV_EXIT_USAGE;
			}
		} else if (argv[i][0] != '-' && !corpus) {
			corpus = argv[i];
		} else {
			fputs(usage, stderr);
			return TV_EXIT_USAGE;
		}
	}
	if (!corpus) {
		fputs(usage, stderr);
		return TV_EXIT_USAGE;
	}
	if (file_read(corpus, MAX_CORPUS, &text, &len) < 0 || codebook_load(cbfile, &cb) < 0 ||
	    stemmer_open(&st, NULL, NULL) < 0 || autocode_open(&ac, cb, st) < 0)
		goto out;
	slen = slice_len(text, len, slice_mb);

	/*
	 * Warm the cache with one untimed pass, then time the cached coder: the
	 * best of `repeat` runs, as a busy machine only ever makes a run slower.
	 */
	if (code_lines(ac, text, len, &warm) < 0)
		goto out;
	for (i = 0; i < repeat; i++) {
		struct run r1, r2;

		if (code_lines(ac, text, len, &r1) < 0 || code_lines(ac, text, slen, &r2) < 0)
			goto out;
		if (i == 0 || r1.cpu < fast.cpu)
			fast = r1;
		if (i == 0 || r2.cpu < fast_slice.cpu)
			fast_slice = r2;
	}
	stemmer_stats(st, &ss);
	stemmer_set_cache(st, 0, 0);
	if (code_lines(ac, text, slen, &slow) < 0)
		goto out;
	stemmer_set_cache(st, 1, 0);

	printf("bench/code: corpus %.1f MB, %zu segments, codebook %s %s, %zu distinct tokens, "
	       "%zu form strings\n", (double)len / 1e6, fast.segments, cb->id, cb->version,
	       ss.entries, ss.strings);
	printf("%-26s %8s %8s %9s %10s\n", "", "MB", "CPU s", "wall s", "MB/s/core");
	printf("%-26s %8.1f %8.2f %9.2f %10.1f   (target >= 50)\n", "cached stems (warm)",
	       (double)fast.bytes / 1e6, fast.cpu, fast.seconds, mbps(&fast));
	printf("%-26s %8.1f %8.2f %9.2f %10.1f\n", "cached, the slice", (double)fast_slice.bytes / 1e6,
	       fast_slice.cpu, fast_slice.seconds, mbps(&fast_slice));
	printf("%-26s %8.1f %8.2f %9.2f %10.2f\n", "Hunspell for every token", (double)slow.bytes / 1e6,
	       slow.cpu, slow.seconds, mbps(&slow));
	printf("ratio cached / Hunspell: %.0fx on the same slice (target >= 20x)\n",
	       mbps(&fast_slice) / mbps(&slow));
	if (fast_slice.digest != slow.digest || fast_slice.hits != slow.hits ||
	    warm.digest != fast.digest) {
		printf("MISMATCH: the codes differ between the runs\n");
		ret = TV_EXIT_DATA;
		goto out;
	}
	printf("same codes with and without the cache: yes (%zu codes on the slice)\n", slow.hits);
	ret = file_check(stdout, "standard output") < 0 ? TV_EXIT_SYSTEM : TV_EXIT_OK;
out:
	autocode_free(ac);
	stemmer_free(st);
	codebook_free(cb);
	free(text);
	return ret;
}
