/* report_method.c: the fieldwork directives: the response table and the method section. */
#include "analyze/report_int.h"
#include "analyze/aapor.h"
#include "core/store.h"
#include "core/strset.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fieldwork: the counts of the response table ---- */

struct resp_row {
	char *wave, *segment;
	struct aapor_counts n;
};

struct resp {
	struct resp_row *v;
	size_t n;
};

static int resp_cb(void *ctx, const char *wave, const char *segment, const char *cat, long count)
{
	struct resp *r = ctx;
	struct resp_row *row = NULL;
	size_t i;

	for (i = 0; i < r->n && !row; i++)
		if (strcmp(r->v[i].wave, wave) == 0 && strcmp(r->v[i].segment, segment) == 0)
			row = &r->v[i];
	if (!row) {
		r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
		row = &r->v[r->n++];
		memset(row, 0, sizeof(*row));
		row->wave = xstrdup(wave);
		row->segment = xstrdup(segment);
	}
	aapor_add(&row->n, cat, count);	/* the store only holds known categories */
	return 0;
}

static void resp_release(struct resp *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].wave);
		free(r->v[i].segment);
	}
	free(r->v);
}

static void counts_add(struct aapor_counts *a, const struct aapor_counts *b)
{
	a->i += b->i;
	a->p += b->p;
	a->r += b->r;
	a->nc += b->nc;
	a->o += b->o;
	a->uh += b->uh;
	a->uo += b->uo;
	a->ne += b->ne;
}

/* Segments of the fieldwork in the order of the survey's segment scale, then as they came. */
static void resp_segments(const struct rp_ctx *c, const struct resp *rs, struct rp_strlist *out)
{
	const struct rp_cat_item *seg = rp_cat_role(&c->cat, "segment");
	size_t i, k;

	for (i = 0; seg && i < c->cat.nopts; i++) {
		const struct rp_cat_opt *o = &c->cat.opts[i];

		if (o->qid != seg->qid || o->scale_id != seg->scale_id || o->is_missing)
			continue;
		for (k = 0; k < rs->n; k++) {
			if (strcmp(rs->v[k].segment, o->label) == 0 && !rp_strlist_has(out, o->label)) {
				rp_strlist_add(out, xstrdup(o->label));
				break;
			}
		}
	}
	for (k = 0; k < rs->n; k++)
		if (!rp_strlist_has(out, rs->v[k].segment))
			rp_strlist_add(out, xstrdup(rs->v[k].segment));
}

/* The counts of one wave and segment (NULL: all segments) into *out; 0 when there are none. */
static int resp_counts(const struct resp *rs, const char *wave, const char *segment,
	struct aapor_counts *out)
{
	size_t k;
	int any = 0;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < rs->n; k++) {
		if (strcmp(rs->v[k].wave, wave) != 0 || (segment && strcmp(rs->v[k].segment, segment) != 0))
			continue;
		counts_add(out, &rs->v[k].n);
		any = 1;
	}
	return any;
}

static int load_response(struct rp_ctx *c, struct resp *rs)
{
	return store_case_counts(c->st, NULL, resp_cb, rs) < 0 ? REPORT_ESTORE : 0;
}

/* ---- the response table ---- */

int rp_do_response(struct rp_ctx *c, const struct report_directive *d)
{
	struct resp rs = { 0 };
	struct rp_strlist waves = { 0 }, segs = { 0 };
	struct report_table rt;
	size_t i, w, nw = 0;
	int ret;

	if (rp_opt(d, "waves"))
		rp_split_commas(rp_opt(d, "waves"), &waves);
	else
		for (i = 0; i < c->nwaves; i++)
			rp_strlist_add(&waves, xstrdup(c->waves[i]));
	ret = load_response(c, &rs);
	if (ret < 0)
		goto out;
	resp_segments(c, &rs, &segs);
	for (w = 0; w < waves.n; w++) {
		struct aapor_counts tot;

		nw += resp_counts(&rs, waves.v[w], NULL, &tot);
	}
	if (nw == 0) {
		rp_md_gap(c);
		rp_md_line(c, "*Geen veldwerkgegevens (steekproef en respons) in de studie voor %s.*",
			waves.n ? waves.v[0] : "deze metingen");
		rp_md_line(c, "%s", "");
		goto out;
	}
	rp_table_init(&rt, rp_opt(d, "title") ? rp_opt(d, "title") :
		      "Steekproef en respons per meting en segment", "meting en segment", 3,
		      waves.n * (segs.n + 1));
	rt.cols[0].head = xstrdup("benaderd");
	rt.cols[1].head = xstrdup("deelgenomen");
	rt.cols[2].head = xstrdup("respons");
	for (w = 0; w < waves.n; w++) {
		for (i = 0; i <= segs.n; i++) {
			size_t row = w * (segs.n + 1) + i;
			struct report_cell *cell = &rt.cells[row * rt.ncols];
			struct aapor_counts n;
			struct aapor_rates rates;

			rt.row_labels[row] = xasprintf("%s: %s", waves.v[w], i < segs.n ? segs.v[i] : "totaal");
			if (!resp_counts(&rs, waves.v[w], i < segs.n ? segs.v[i] : NULL, &n)) {
				rp_cell_set(&cell[0], NULL, NAN, REPORT_NUM_COUNT, 0, -1, NULL);
				rp_cell_set(&cell[1], NULL, NAN, REPORT_NUM_COUNT, 0, -1, NULL);
				rp_cell_set(&cell[2], NULL, NAN, REPORT_NUM_PERCENT, 0, -1, NULL);
				continue;
			}
			aapor_compute(&n, -1, &rates);
			rp_cell_set(&cell[0], xasprintf("%ld", aapor_total(&n)), (double)aapor_total(&n),
				    REPORT_NUM_COUNT, 0, -1, NULL);
			rp_cell_set(&cell[1], xasprintf("%ld", n.i), (double)n.i, REPORT_NUM_COUNT, 0, -1, NULL);
			rp_cell_set(&cell[2], isnan(rates.rr1) ? xstrdup(RP_DASH) : rp_pct_str(rates.rr1),
				    rates.rr1, REPORT_NUM_PERCENT, 0, -1, NULL);
		}
	}
	rp_table_note(&rt, xstrdup("benaderd: alle cliënten in de steekproef; deelgenomen: volledige "
				   "interviews (AAPOR I); respons: AAPOR RR1 = "
				   "I / (I + P + R + NC + O + UH + UO), "
				   "dus zonder wie niet tot de doelgroep bleek te horen (NE)"));
	for (w = 0; w < waves.n; w++) {
		struct aapor_counts n;

		if (!resp_counts(&rs, waves.v[w], NULL, &n))
			rp_table_note(&rt, xasprintf("%s: geen veldwerkgegevens in de studie", waves.v[w]));
		else if (n.ne)
			rp_table_note(&rt, xasprintf("%s: %ld benaderde cliënten hoorden niet tot de doelgroep "
						     "(NE)", waves.v[w], n.ne));
	}
	{
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", "response");
		rp_json_strs(o, "waves", &waves);
		rt.check = rp_json_done(o);
	}
	rp_table_add(c, &rt, "respons", 0);
out:
	rp_strlist_release(&waves);
	rp_strlist_release(&segs);
	resp_release(&rs);
	return ret;
}

/* ---- the method section ---- */

struct qual {
	struct strset docs, speakers, respondents;
	struct rp_strlist groups, methods, waves;
	long *group_n, *method_n;
	long ndocs, nspeakers, nanswers, nrespondents;
};

static void count_into(struct rp_strlist *names, long **counts, const char *name)
{
	size_t i;

	for (i = 0; i < names->n && strcmp(names->v[i], name) != 0; i++)
		;
	if (i == names->n) {
		rp_strlist_add(names, xstrdup(name));
		*counts = xrealloc(*counts, names->n * sizeof(long));
		(*counts)[i] = 0;
	}
	(*counts)[i]++;
}

static int qual_cb(void *ctx, const struct store_segment_row *sg)
{
	struct qual *q = ctx;
	char key[64];

	snprintf(key, sizeof(key), "%lld", (long long)sg->document_id);
	if (strcmp(sg->doc_kind, "transcript") == 0) {
		if (strset_add(&q->docs, key)) {
			q->ndocs++;
			count_into(&q->groups, &q->group_n, sg->grp ? sg->grp : "(onbekend)");
			count_into(&q->methods, &q->method_n, sg->method ? sg->method : "(onbekend)");
			if (sg->wave && !rp_strlist_has(&q->waves, sg->wave))
				rp_strlist_add(&q->waves, xstrdup(sg->wave));
		}
		snprintf(key, sizeof(key), "%lld/%s", (long long)sg->document_id,
			 sg->speaker ? sg->speaker : "");
		if (sg->speaker_role && strcmp(sg->speaker_role, "participant") == 0 &&
		    strset_add(&q->speakers, key))
			q->nspeakers++;
	} else {
		q->nanswers++;
		snprintf(key, sizeof(key), "%lld", (long long)sg->respondent_id);
		if (strset_add(&q->respondents, key))
			q->nrespondents++;
	}
	return 0;
}

struct coder_count {
	struct rp_strlist names, kinds, books;
	long *n;
};

static int coder_count_cb(void *ctx, const struct store_coding_row *c)
{
	struct coder_count *cc = ctx;
	size_t before = cc->names.n;

	count_into(&cc->names, &cc->n, c->coder);
	if (cc->names.n > before)
		rp_strlist_add(&cc->kinds, xstrdup(c->coder_kind));
	if (c->codebook) {
		char *b = xasprintf("%s versie %s", c->codebook, c->codebook_version);

		if (!rp_strlist_has(&cc->books, b))
			rp_strlist_add(&cc->books, b);
		else
			free(b);
	}
	return 0;
}

static void method_fieldwork(struct rp_ctx *c, struct buf *b)
{
	struct resp rs = { 0 };
	struct rp_strlist segs = { 0 };
	size_t w, i;

	if (load_response(c, &rs) < 0) {
		resp_release(&rs);
		return;
	}
	resp_segments(c, &rs, &segs);
	for (w = 0; w < c->nwaves; w++) {
		const struct rp_cat_wave *cw = rp_cat_wave(&c->cat, c->waves[w]);
		struct aapor_counts n;
		struct aapor_rates rates;

		if (!resp_counts(&rs, c->waves[w], NULL, &n)) {
			buf_printf(b, " Voor %s zijn geen veldwerkgegevens in de studie; er zijn %ld "
				   "respondenten.", c->waves[w], cw ? cw->respondents : 0);
			continue;
		}
		aapor_compute(&n, -1, &rates);
		{
			char *p = rp_pct_str(rates.rr1);

			buf_printf(b, " In %s zijn %ld cliënten benaderd; %ld deden volledig mee (respons %s, "
				   "AAPOR RR1)", c->waves[w], aapor_total(&n), n.i, p);
			free(p);
		}
		for (i = 0; i < segs.n; i++) {
			struct aapor_counts s;
			struct aapor_rates sr;
			char *p;

			if (!resp_counts(&rs, c->waves[w], segs.v[i], &s))
				continue;
			aapor_compute(&s, -1, &sr);
			p = isnan(sr.rr1) ? xstrdup(RP_DASH) : rp_pct_str(sr.rr1);
			buf_printf(b, "%s%s %ld van %ld (%s)", i ? ", " : ": ", segs.v[i], s.i, aapor_total(&s),
				   p);
			free(p);
		}
		buf_printf(b, ". In de tabellen tellen %ld respondenten van %s mee.",
			   cw ? cw->respondents : 0, c->waves[w]);
	}
	rp_strlist_release(&segs);
	resp_release(&rs);
}

/* Who answered: the options of the item with role respondent_type, per wave. */
static int method_respondents(struct rp_ctx *c, struct buf *b)
{
	const struct rp_cat_item *rt = rp_cat_role(&c->cat, "respondent_type");
	struct an_request rq;
	struct an_result *r = NULL;
	const char *items[1];
	size_t w, i;

	if (!rt || c->nwaves == 0)
		return 0;
	an_request_init(&rq);
	for (w = 0; w < c->nwaves; w++)
		rq.waves[w] = c->waves[w];
	rq.nwaves = c->nwaves;
	rq.by = "none";
	items[0] = rt->name;
	rq.items = items;
	rq.nitems = 1;
	rq.set.distribution = 1;
	rq.set.min_base = c->o->min_base;
	if (an_run(c->st, &rq, &r) < 0)
		return REPORT_ESTORE;
	buf_printf(b, " Wie de vragen beantwoordde (%s): ", rt->label ? rt->label : rt->name);
	for (w = 0; w < r->nwaves; w++) {
		int first = 1;

		buf_printf(b, "%s%s: ", w ? "; " : "", r->waves[w]);
		for (i = 0; i < r->ntables; i++) {
			const struct an_table *t = &r->tables[i];
			const struct an_cell *ac = an_cell_at(r, t, 0, w);
			const struct rp_cat_opt *o;

			if (t->measure != AN_OPTION)
				continue;
			o = rp_cat_option(&c->cat, rt, t->option);
			buf_printf(b, "%s%s %ld", first ? "" : ", ", o ? o->label : t->label, ac->x);
			first = 0;
		}
	}
	buf_adds(b, ".");
	an_result_free(r);
	return 0;
}

static void method_bases(struct rp_ctx *c, struct buf *b)
{
	struct rp_strlist missing = { 0 }, wordings = { 0 }, skewed = { 0 };
	size_t i, w;

	for (i = 0; i < c->cat.nopts; i++) {
		char *q = xasprintf("'%s'", c->cat.opts[i].label);

		if (c->cat.opts[i].is_missing && !rp_strlist_has(&missing, q))
			rp_strlist_add(&missing, q);
		else
			free(q);
	}
	for (w = 0; w < c->nwaves; w++) {
		const struct rp_cat_wave *cw = rp_cat_wave(&c->cat, c->waves[w]);

		if (cw && cw->wording && !rp_strlist_has(&wordings, cw->wording))
			rp_strlist_add(&wordings, xstrdup(cw->wording));
	}
	for (i = 0; i < c->cat.nitems; i++)
		if (c->cat.items[i].skewed && !rp_strlist_has(&skewed, c->cat.items[i].label ?
							c->cat.items[i].label : c->cat.items[i].name))
			rp_strlist_add(&skewed, xstrdup(c->cat.items[i].label ? c->cat.items[i].label :
							c->cat.items[i].name));
	buf_adds(b, "\n\nDe basis (n) van een cel telt alleen geldige antwoorden");
	if (missing.n) {
		buf_adds(b, ": ");
		rp_join(b, &missing, ", ", " en ");
		buf_adds(b, " tellen niet mee");
	}
	buf_adds(b, ", en wie een vraag volgens de routing niet kreeg evenmin. Daardoor verschilt n per "
		 "vraag en per cel; elke tabel vermeldt n in elke cel.");
	if (wordings.n > 1)
		buf_printf(b, " De vraagstelling verschilt tussen de metingen (versies %s en %s); een tabel "
			   "zegt het als een vraag anders gesteld was.", wordings.v[0], wordings.v[1]);
	buf_adds(b, "\n\n");
	if (c->nwaves == 2)
		buf_printf(b, "Verschillen tussen %s en %s zijn per groep getoetst: ", c->waves[0], c->waves[1]);
	else
		buf_adds(b, "Verschillen tussen groepen zijn getoetst waar een tabel letters toont: ");
	buf_adds(b, "percentages met de z-toets voor twee proporties met gepoolde variantie (Fisher's "
		 "exacte toets als een verwachte celfrequentie kleiner is dan 5), gemiddelden met de "
		 "t-toets van Welch");
	if (skewed.n) {
		buf_adds(b, " en scheef verdeelde getallen (");
		rp_join(b, &skewed, ", ", " en ");
		buf_adds(b, ") met de Mann-Whitney-toets");
	}
	{
		char a[32];

		buf_printf(b, ". De toetsen zijn tweezijdig met α = %s. ", rp_alpha_str(c->o->alpha, a));
	}
	if (c->nwaves == 2)
		buf_adds(b, "De vergelijking tussen jaren is één toets per rij, zonder correctie voor "
			 "meervoudig toetsen; ");
	buf_printf(b, "bij letters tussen groepen binnen een jaar staat de correctie (Bonferroni of Holm) "
		   "onder de tabel. Cellen met minder dan %ld antwoorden, of met 0 of 100 %%, zijn niet "
		   "getoetst (" RP_DASH " achter de waarde). Waarden op minder dan %ld antwoorden worden niet "
		   "getoond (" RP_DASH " in plaats van de waarde). Een totaal dat in de twee jaren uit "
		   "verschillende groepen bestaat (bijvoorbeeld met en zonder JB/JR) wordt niet getoetst. "
		   "De zinnen bij de tabellen noemen een verschil alleen hoger of lager als de toets "
		   "significant is.", c->o->min_base, c->o->suppress);
	rp_strlist_release(&missing);
	rp_strlist_release(&wordings);
	rp_strlist_release(&skewed);
}

static void list_counts(struct buf *b, const struct rp_strlist *names, const long *n)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		buf_printf(b, "%s%s %ld", i ? ", " : "", names->v[i], n[i]);
}

static int method_qualitative(struct rp_ctx *c, struct buf *b)
{
	struct qual q = { 0 };
	struct coder_count cc = { 0 };
	size_t i;
	int ret = REPORT_ESTORE;

	strset_init(&q.docs);
	strset_init(&q.speakers);
	strset_init(&q.respondents);
	if (store_segments(c->st, 0, qual_cb, &q) < 0 || store_codings(c->st, 0, coder_count_cb, &cc) < 0)
		goto out;
	ret = 0;
	if (q.ndocs == 0 && q.nanswers == 0)
		goto out;
	buf_adds(b, "\n\n");
	if (q.ndocs) {
		buf_printf(b, "Naast de enquête zijn %ld interviews en groepsgesprekken geanalyseerd", q.ndocs);
		if (q.waves.n) {
			buf_adds(b, " (");
			rp_join(b, &q.waves, ", ", " en ");
			buf_adds(b, ")");
		}
		buf_printf(b, " met %ld deelnemers. Doelgroepen (aantal gesprekken): ", q.nspeakers);
		list_counts(b, &q.groups, q.group_n);
		buf_adds(b, "; methoden: ");
		list_counts(b, &q.methods, q.method_n);
		buf_adds(b, ". ");
	}
	if (q.nanswers)
		buf_printf(b, "%s %ld antwoorden op open vragen van %ld respondenten zijn gecodeerd. ",
			   q.ndocs ? "Ook" : "De", q.nanswers, q.nrespondents);
	if (cc.names.n) {
		buf_adds(b, "De codering gebruikt ");
		if (cc.books.n) {
			buf_adds(b, "codeboek ");
			rp_join(b, &cc.books, ", ", " en ");
		} else {
			buf_adds(b, "een codeboek");
		}
		buf_adds(b, "; codeurs: ");
		for (i = 0; i < cc.names.n; i++)
			buf_printf(b, "%s%s (%s, %ld coderingen)", i ? ", " : "", cc.names.v[i],
				   strcmp(cc.kinds.v[i], "auto") == 0 ? "automatisch" : "handmatig", cc.n[i]);
		buf_adds(b, ". ");
	}
	if (cc.names.n >= 2) {
		double mean;
		long k;

		ret = rp_agreement_mean(c, &cc.names, &mean, &k);
		if (ret < 0)
			goto out;
		if (k) {
			char *m = rp_fixed_str(mean, 2);

			buf_printf(b, "De overeenstemming tussen de codeurs (Krippendorff's alpha, nominaal, per "
				   "thema op de segmenten die meer dan één codeur codeerde) is gemiddeld %s over "
				   "%ld thema's. ", m, k);
			free(m);
		} else {
			buf_adds(b, "De codeurs hebben geen gemeenschappelijk materiaal gecodeerd; hun "
				 "overeenstemming is niet te berekenen. ");
		}
	} else if (cc.names.n == 1) {
		buf_adds(b, "De codering is niet door een tweede codeur nagekeken; de overeenstemming is "
			 "daarom niet bekend. ");
	}
	buf_adds(b, "Citaten zijn letterlijk, maar gepseudonimiseerd: namen, telefoonnummers, adressen en "
		 "andere herleidbare gegevens zijn bij het inlezen vervangen door bijvoorbeeld [naam-1] of "
		 "[telefoon]. Citaten met zo'n vervanging naast een herkenbaar detail zijn weggelaten.");
out:
	strset_release(&q.docs);
	strset_release(&q.speakers);
	strset_release(&q.respondents);
	rp_strlist_release(&q.groups);
	rp_strlist_release(&q.methods);
	rp_strlist_release(&q.waves);
	free(q.group_n);
	free(q.method_n);
	rp_strlist_release(&cc.names);
	rp_strlist_release(&cc.kinds);
	rp_strlist_release(&cc.books);
	free(cc.n);
	return ret;
}

int rp_do_method(struct rp_ctx *c, const struct report_directive *d)
{
	struct buf b;
	struct rp_strlist qs = { 0 };
	size_t w;
	int ret;
	char *e;

	buf_init(&b);
	if (c->nwaves) {
		buf_printf(&b, "Dit rapport beschrijft de meting%s ", c->nwaves > 1 ? "en" : "");
		for (w = 0; w < c->nwaves; w++) {
			const struct rp_cat_wave *cw = rp_cat_wave(&c->cat, c->waves[w]);
			char *label = cw && cw->qid ? store_questionnaire_label(c->st, cw->qid) : NULL;

			buf_printf(&b, "%s%s", w ? " en " : "", c->waves[w]);
			if (label && !rp_strlist_has(&qs, label))
				rp_strlist_add(&qs, label);
			else
				free(label);
		}
		if (qs.n) {
			buf_printf(&b, " (vragenlijst%s ", qs.n > 1 ? "en" : "");
			rp_join(&b, &qs, ", ", " en ");
			buf_adds(&b, ")");
		}
		buf_adds(&b, ".");
		method_fieldwork(c, &b);
		ret = method_respondents(c, &b);
		if (ret < 0)
			goto out;
		method_bases(c, &b);
	}
	ret = method_qualitative(c, &b);
	if (ret < 0)
		goto out;
	rp_md_gap(c);
	{
		/* Paragraphs are separated by blank lines; each is escaped on its own. */
		const char *p = b.s ? b.s : "";

		while (*p == ' ' || *p == '\n')
			p++;
		while (*p) {
			const char *q = strstr(p, "\n\n");
			size_t n = q ? (size_t)(q - p) : strlen(p);
			char *para = xstrndup(p, n);

			e = rp_md_esc(para, 1);
			rp_md_line(c, "%s", e);
			rp_md_line(c, "%s", "");
			free(e);
			free(para);
			p += n;
			while (*p == '\n' || *p == ' ')
				p++;
		}
	}
out:
	rp_strlist_release(&qs);
	buf_release(&b);
	return ret;
}
