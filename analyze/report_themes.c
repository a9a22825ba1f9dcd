/* report_themes.c: the qualitative directives: theme tables and quotes, and whether a quote may identify someone. */
#include "analyze/report_int.h"
#include "analyze/themes.h"
#include "core/strset.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the material ---- */

static void filter_from(const struct rp_ctx *c, const struct report_directive *d, struct th_filter *f,
	const char *unit)
{
	f->by = rp_opt(d, "by") ? rp_opt(d, "by") : "group";
	f->unit = rp_opt(d, "unit") ? rp_opt(d, "unit") : unit;
	f->only_group = rp_opt(d, "group");
	f->only_wave = rp_wave_name(c, rp_opt(d, "wave"));
}

/* Keep only interview material (source=interviews) or open survey answers (answers). */
static void material_source(struct th_material *m, const char *source)
{
	size_t i, k = 0;

	if (!source || strcmp(source, "all") == 0)
		return;
	for (i = 0; i < m->nsegs; i++) {
		int answer = strcmp(m->segs[i].method, "open antwoord") == 0;

		if (answer == (strcmp(source, "answers") == 0)) {
			m->segs[k++] = m->segs[i];
			continue;
		}
		free(m->segs[i].unit);
		free(m->segs[i].group);
		free(m->segs[i].text);
		free(m->segs[i].document);
		free(m->segs[i].wave);
		free(m->segs[i].grp);
		free(m->segs[i].method);
		free(m->segs[i].role);
		free(m->segs[i].speaker);
	}
	m->nsegs = k;
}

/* ---- themes ---- */

int rp_do_themes(struct rp_ctx *c, const struct report_directive *d)
{
	struct th_filter f;
	struct th_material m = { 0 };
	struct th_result tr = { 0 };
	struct rp_strlist codes = { 0 };
	struct report_table rt;
	const char *coder = rp_opt(d, "coder") ? rp_opt(d, "coder") : "auto";
	double min_base = 10;
	size_t i, k, nrows = 0, row;
	int ret, sup = 0;
	char a[32];
	struct buf b;

	filter_from(c, d, &f, "speakers");
	if (rp_opt(d, "min-base"))
		num_parse(rp_opt(d, "min-base"), 0, &min_base);
	if (rp_opt(d, "codes"))
		rp_split_commas(rp_opt(d, "codes"), &codes);
	ret = th_material_load(c->st, &f, &m) < 0 ? REPORT_ESTORE : 0;
	material_source(&m, rp_opt(d, "source"));
	if (ret == 0) {
		int rc = th_themes(c->st, &m, coder, min_base, c->o->alpha, &tr);

		if (rc < 0) {
			rp_at(c, d, NULL, 0, "the theme table cannot be made");
			ret = rc == TH_EDATA ? REPORT_EDATA : REPORT_ESTORE;
		}
	}
	if (ret < 0)
		goto out;
	for (i = 0; i < tr.nrows; i++)
		nrows += !codes.n || rp_strlist_has(&codes, tr.rows[i].code);
	if (tr.ncodings == 0 || nrows == 0) {
		rp_md_gap(c);
		rp_md_line(c, "*Geen gecodeerd materiaal van codeur %s voor deze selectie.*", coder);
		rp_md_line(c, "%s", "");
		goto out;
	}
	rp_table_init(&rt, rp_opt(d, "title") ? rp_opt(d, "title") :
		      "Thema's: aandeel dat het thema noemt (+ positief / - negatief)", "thema", tr.ngroups,
		      nrows);
	for (k = 0; k < tr.ngroups; k++) {
		rt.cols[k].head = xasprintf("%s (%c) n=%ld", tr.group[k], (int)('a' + k), tr.base[k]);
		rt.cols[k].has_n = rt.cols[k].has_marks = rt.cols[k].n_in_head = 1;
	}
	for (i = 0, row = 0; i < tr.nrows; i++) {
		const struct th_row *tw = &tr.rows[i];

		if (codes.n && !rp_strlist_has(&codes, tw->code))
			continue;
		rt.row_labels[row] = xstrdup(rp_code_label(c, tw->code));
		for (k = 0; k < tr.ngroups; k++) {
			const struct th_cell *tc = &tw->cells[k];
			struct report_cell *cell = &rt.cells[row * rt.ncols + k];

			if (tr.base[k] < c->o->suppress) {
				rp_cell_set(cell, xstrdup(RP_DASH), NAN, REPORT_NUM_PERCENT, 0, tr.base[k], NULL);
				cell->suppressed = sup = 1;
				continue;
			}
			rp_cell_set(cell, isnan(tc->value) ? xstrdup("") : rp_pct_str(tc->value), tc->value,
				    REPORT_NUM_PERCENT, 0, tr.base[k],
				    xasprintf("(+%ld/-%ld)%s%s%s", tc->positive, tc->negative,
					      *tc->letters ? " [" : "", tc->letters, *tc->letters ? "]" : ""));
		}
		row++;
	}
	buf_init(&b);
	buf_printf(&b, "n = %s in de groep met gecodeerd materiaal; codeur: %s",
		   strcmp(f.unit, "speakers") == 0 ? "sprekers (deelnemers, respondenten)" :
		   strcmp(f.unit, "documents") == 0 ? "documenten" :
		   strcmp(f.unit, "respondents") == 0 ? "respondenten (transcripten als geheel)" :
		   "segmenten", coder);
	if (f.only_wave)
		buf_printf(&b, "; meting %s", f.only_wave);
	rp_table_note(&rt, buf_detach(&b));
	rp_table_note(&rt, xasprintf("(+x/-y): met een positieve / negatieve vermelding; [b] = "
				     "significant vaker genoemd dan groep b (z-toets voor twee proporties "
				     "of Fisher's exacte toets, tweezijdig, α = %s, Bonferroni over de "
				     "paren; groepen met n < %g niet getoetst)",
				     rp_alpha_str(c->o->alpha, a), min_base));
	if (sup)
		rp_table_note(&rt, xasprintf(RP_DASH ": niet getoond, minder dan %ld in de groep (privacy)",
						c->o->suppress));
	{
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", "themes");
		cJSON_AddStringToObject(o, "by", f.by);
		cJSON_AddStringToObject(o, "unit", f.unit);
		cJSON_AddStringToObject(o, "coder", coder);
		if (f.only_wave)
			cJSON_AddStringToObject(o, "wave", f.only_wave);
		if (rp_opt(d, "source"))
			cJSON_AddStringToObject(o, "source", rp_opt(d, "source"));
		cJSON_AddNumberToObject(o, "min_base", min_base);
		cJSON_AddNumberToObject(o, "suppress", (double)c->o->suppress);
		rt.check = rp_json_done(o);
	}
	rp_table_add(c, &rt, "themas", 0);
out:
	rp_strlist_release(&codes);
	th_result_release(&tr);
	th_material_release(&m);
	return ret;
}

/* ---- quotes ---- */

struct quote_keep {
	char mode;
	struct rp_strlist skip;
	struct strset texts;	/* a text quoted once is not quoted again */
};

static int quote_keep_cb(void *ctx, const struct th_segment *s)
{
	struct quote_keep *k = ctx;
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	return !rp_strlist_has(&k->skip, id) && !report_quote_identifying(s->text, k->mode) &&
	       strset_add(&k->texts, s->text);
}

static const char *role_nl(const char *role)
{
	if (strcmp(role, "participant") == 0)
		return "deelnemer";
	if (strcmp(role, "interviewer") == 0)
		return "interviewer";
	if (strcmp(role, "other") == 0)
		return "ander";
	return role;
}

int rp_do_quotes(struct rp_ctx *c, const struct report_directive *d)
{
	struct th_filter f;
	struct th_material m = { 0 };
	struct quote_keep keep = { 'a', { 0 }, { 0 } };
	struct th_quote_opts q = { .coder = "auto", .min_len = 30, .max_len = 300, .limit = 3 };
	const struct th_segment **found = NULL;
	const char *v;
	size_t n = 0, i;
	int ret = 0;

	filter_from(c, d, &f, "segments");
	f.by = "group";
	q.code = rp_target(d)->value;
	if ((v = rp_opt(d, "coder")))
		q.coder = v;
	if ((v = rp_opt(d, "polarity")))
		q.polarity = *v;
	if ((v = rp_opt(d, "limit")))
		num_parse_long(v, &q.limit);
	if ((v = rp_opt(d, "min-length")))
		num_parse_long(v, &q.min_len);
	if ((v = rp_opt(d, "max-length")))
		num_parse_long(v, &q.max_len);
	if ((v = rp_opt(d, "placeholders")))
		keep.mode = *v;
	if ((v = rp_opt(d, "skip")))
		rp_split_commas(v, &keep.skip);
	q.keep = quote_keep_cb;
	q.keep_ctx = &keep;
	strset_init(&keep.texts);
	if (th_material_load(c->st, &f, &m) < 0) {
		ret = REPORT_ESTORE;
		goto out;
	}
	material_source(&m, rp_opt(d, "source"));
	if (th_quotes(c->st, &m, &q, &found, &n) < 0) {
		ret = REPORT_ESTORE;
		goto out;
	}
	rp_md_gap(c);
	if (n == 0) {
		rp_md_line(c, "*Geen citaten die aan de selectie voldoen.*");
		rp_md_line(c, "%s", "");
	}
	for (i = 0; i < n; i++) {
		const struct th_segment *s = found[i];
		char *text = rp_md_esc(s->text, 1), *grp = rp_md_esc(s->grp, 1);
		char *method = rp_md_esc(s->method, 1);

		rp_md_line(c, "> %s", text);
		rp_md_line(c, "%s", ">");
		rp_md_line(c, "> — %s, %s, %s%s%s <!-- segment %lld -->", role_nl(s->role), grp, method,
			*s->wave ? ", " : "", s->wave, (long long)s->id);
		rp_md_line(c, "%s", "");
		free(text);
		free(grp);
		free(method);
	}
	c->r->nquotes += n;
out:
	free(found);
	rp_strlist_release(&keep.skip);
	strset_release(&keep.texts);
	th_material_release(&m);
	return ret;
}

/* ---- whether a quote may identify someone ---- */

/* A typed placeholder of collect/pseudo.c, or a name placeholder such as "[naam instelling]". */
static int is_placeholder(const char *p, size_t len)
{
	static const char *const typed[] = { "e-mail", "telefoon", "postcode", "bsn", "iban", "datum",
		"adres", "naam" };
	size_t i;

	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
		if (len >= strlen(typed[i]) && strncmp(p, typed[i], strlen(typed[i])) == 0)
			return 1;
	return 0;
}

struct word {
	const char *p;
	size_t len;
	int placeholder, after_stop;
};

int report_quote_identifying(const char *text, char mode)
{
	struct word w[512];
	size_t nw = 0, i, j, digits = 0;
	const char *p = text;
	int stop = 1;

	if (mode == 'k')
		return 0;
	/* Whatever pseudonymisation missed: an e-mail sign or a long run of digits. */
	for (p = text; *p; p++) {
		digits = isdigit((unsigned char)*p) ? digits + 1 : *p == ' ' || *p == '-' ? digits : 0;
		if (*p == '@' || digits >= 6)
			return 1;
	}
	for (p = text; *p && nw < sizeof(w) / sizeof(w[0]);) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		w[nw].p = p;
		w[nw].after_stop = stop;
		if (*p == '[') {
			const char *close = strchr(p, ']');

			if (close) {
				w[nw].placeholder = is_placeholder(p + 1, (size_t)(close - p - 1));
				p = close + 1;
				while (*p && *p != ' ' && *p != '\t' && *p != '\n')
					p++;
				w[nw].len = (size_t)(p - w[nw].p);
				stop = strchr(".!?", p[-1]) != NULL;
				nw++;
				continue;
			}
		}
		w[nw].placeholder = 0;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		w[nw].len = (size_t)(p - w[nw].p);
		stop = strchr(".!?:", p[-1]) != NULL;
		nw++;
	}
	for (i = 0; i < nw; i++) {
		if (!w[i].placeholder)
			continue;
		if (mode == 'd')
			return 1;
		for (j = i >= 4 ? i - 4 : 0; j < nw && j <= i + 4; j++) {
			const char *s = w[j].p;
			size_t k;

			if (j == i || w[j].placeholder)
				continue;
			while (*s == '(' || *s == '"' || *s == '\'')
				s++;
			if (isupper((unsigned char)*s) && !w[j].after_stop)
				return 1;
			for (k = 0; k < w[j].len; k++)
				if (isdigit((unsigned char)w[j].p[k]))
					return 1;
		}
	}
	return 0;
}
