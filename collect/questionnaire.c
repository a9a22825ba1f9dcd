/* questionnaire.c: parse a questionnaire definition (JSON), check it, and store it in a study. */
#include "collect/questionnaire.h"
#include "core/error.h"
#include "core/json.h"
#include "core/store.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define Q_MAX_FILE (16 * 1024 * 1024)
#define Q_FORMAT "tevreden-questionnaire-1"

static const char *const type_names[] = {
	[Q_SINGLE] = "single", [Q_MULTIPLE] = "multiple", [Q_NUMBER] = "number",
	[Q_MARK] = "mark", [Q_OPEN] = "open",
};

static const char *const roles[] = {
	"segment", "respondent_type", "age", "first_time", "measure", NULL,
};

const char *q_type_name(enum q_type t)
{
	return type_names[t];
}

/* Parsing state: the file name for messages and the questionnaire being built. */
struct parse {
	const char *file;
	struct questionnaire *q;
	size_t cap_items;
	const cJSON *root;	/* the whole definition, to tell later items from unknown ones */
};

/* Is `id` the id of some item anywhere in the definition? */
static int declared_anywhere(const cJSON *root, const char *id)
{
	const cJSON *bg = cJSON_GetObjectItemCaseSensitive(root, "background");
	const cJSON *mods = cJSON_GetObjectItemCaseSensitive(root, "modules"), *m, *it, *v;

	cJSON_ArrayForEach(it, bg) {
		v = cJSON_GetObjectItemCaseSensitive(it, "id");
		if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
			return 1;
	}
	cJSON_ArrayForEach(m, mods) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, "items")) {
			v = cJSON_GetObjectItemCaseSensitive(it, "id");
			if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
				return 1;
		}
	}
	return 0;
}

static char *path_of(const char *base, const char *key)
{
	return xasprintf("%s.%s", base, key);
}

static char *path_index(const char *base, const char *key, int i)
{
	return xasprintf("%s.%s[%d]", base, key, i);
}

static void strv_free(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- scales ---- */

static int parse_options(struct parse *p, const char *path, const cJSON *arr, const char *key,
			 int missing, struct q_scale *s)
{
	static const char *const keys[] = { "code", "label", "top", NULL };
	const cJSON *o;
	int i = 0;

	cJSON_ArrayForEach(o, arr) {
		char *op = path_index(path, key, i++);
		struct q_option *opt;
		const char *label = NULL;
		long code = 0;
		int top = 0, rc = -1;

		if (!cJSON_IsObject(o)) {
			json_error(p->file, op, "expected an object {\"code\": 1, \"label\": \"...\"}");
			goto next;
		}
		if (json_only_keys(p->file, op, o, keys) < 0 ||
		    json_long(p->file, op, o, "code", 1, &code) < 0 ||
		    json_str(p->file, op, o, "label", 1, &label) < 0 ||
		    json_bool(p->file, op, o, "top", 0, &top) < 0)
			goto next;
		if (missing && top) {
			json_error(p->file, op, "a missing code cannot count as top box");
			goto next;
		}
		if (q_scale_find_code(s, code) >= 0) {
			json_error(p->file, op, "code %ld appears twice in scale '%s'", code, s->name);
			goto next;
		}
		if (q_scale_find_label(s, label) >= 0) {
			json_error(p->file, op, "label '%s' appears twice in scale '%s'", label, s->name);
			goto next;
		}
		s->opt = xrealloc(s->opt, (s->nopt + 1) * sizeof(*s->opt));
		opt = &s->opt[s->nopt++];
		memset(opt, 0, sizeof(*opt));
		opt->code = code;
		opt->label = xstrdup(label);
		opt->missing = missing;
		opt->top = top;
		rc = 0;
next:
		free(op);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static struct q_scale *new_scale(struct questionnaire *q, const char *name)
{
	struct q_scale *s;

	q->scales = xrealloc(q->scales, (q->nscales + 1) * sizeof(*q->scales));
	s = xcalloc(1, sizeof(*s));
	q->scales[q->nscales++] = s;
	s->name = xstrdup(name);
	return s;
}

static int parse_scales(struct parse *p, const cJSON *scales)
{
	static const char *const keys[] = { "options", "missing", "top_label", "ordinal", NULL };
	const cJSON *sc;

	cJSON_ArrayForEach(sc, scales) {
		char *sp = path_of("$.scales", sc->string);
		const cJSON *opts = NULL, *miss = NULL;
		const char *top_label = NULL;
		struct q_scale *s;
		int ordinal = -1, rc = -1;
		size_t nsub;

		if (!json_is_ident(sc->string)) {
			json_error(p->file, sp, "scale name must match [a-z][a-z0-9_]*");
			goto next;
		}
		if (!cJSON_IsObject(sc)) {
			json_error(p->file, sp, "expected an object with \"options\"");
			goto next;
		}
		if (json_only_keys(p->file, sp, sc, keys) < 0 ||
		    json_arr(p->file, sp, sc, "options", 1, &opts) < 0 ||
		    json_arr(p->file, sp, sc, "missing", 0, &miss) < 0 ||
		    json_str(p->file, sp, sc, "top_label", 0, &top_label) < 0 ||
		    json_bool(p->file, sp, sc, "ordinal", 0, &ordinal) < 0)
			goto next;
		s = new_scale(p->q, sc->string);
		if (parse_options(p, sp, opts, "options", 0, s) < 0)
			goto next;
		nsub = s->nopt;
		if (nsub == 0) {
			json_error(p->file, sp, "a scale needs at least one option");
			goto next;
		}
		if (miss && parse_options(p, sp, miss, "missing", 1, s) < 0)
			goto next;
		if (s->nopt > Q_MAX_OPTIONS) {
			json_error(p->file, sp, "more than %d options and missing codes", Q_MAX_OPTIONS);
			goto next;
		}
		s->ordinal = ordinal >= 0 ? ordinal : nsub > 2;
		s->top_label = top_label ? xstrdup(top_label) : NULL;
		rc = 0;
next:
		free(sp);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static struct q_scale *find_scale(struct questionnaire *q, const char *name)
{
	size_t i;

	for (i = 0; i < q->nscales; i++)
		if (strcmp(q->scales[i]->name, name) == 0)
			return q->scales[i];
	return NULL;
}

/* ---- routing conditions ---- */

static int parse_cond(struct parse *p, const char *path, const cJSON *c, size_t self,
		      struct q_cond *out);

static int parse_cond_list(struct parse *p, const char *path, const cJSON *arr, size_t self,
			   struct q_cond *out)
{
	const cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return json_error(p->file, path, "expected a non-empty array of conditions");
	out->nsub = (size_t)cJSON_GetArraySize(arr);
	out->sub = xcalloc(out->nsub, sizeof(*out->sub));
	cJSON_ArrayForEach(e, arr) {
		char *ep = xasprintf("%s[%d]", path, i);
		int rc = parse_cond(p, ep, e, self, &out->sub[i]);

		free(ep);
		if (rc < 0)
			return -1;
		i++;
	}
	return 0;
}

static int parse_cond_codes(struct parse *p, const char *path, const cJSON *arr,
			    const struct q_item *ref, uint64_t *set)
{
	const cJSON *e;
	int idx;

	if (!ref->scale || (ref->type != Q_SINGLE && ref->type != Q_MULTIPLE))
		return json_error(p->file, path, "'%s' is a %s item; use \"min\"/\"max\" or "
				  "\"answered\" instead of a list of codes", ref->id,
				  q_type_name(ref->type));
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return json_error(p->file, path, "expected a non-empty array of codes");
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsNumber(e))
			return json_error(p->file, path, "expected codes (numbers) of scale '%s'",
					  ref->scale->name);
		idx = fabs(e->valuedouble) < 2e9 && e->valuedouble == floor(e->valuedouble) ?
		      q_scale_find_code(ref->scale, (long)e->valuedouble) : -1;
		if (idx < 0)
			return json_error(p->file, path, "%g is not a code of scale '%s'",
					  e->valuedouble, ref->scale->name);
		*set |= (uint64_t)1 << idx;
	}
	return 0;
}

static int parse_cond(struct parse *p, const char *path, const cJSON *c, size_t self,
		      struct q_cond *out)
{
	static const char *const item_keys[] = { "item", "in", "not_in", "min", "max", "answered", NULL };
	const cJSON *v;
	const char *ref_id = NULL;
	int ref, rc = -1;
	char *sub = NULL;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(c))
		return json_error(p->file, path, "expected a condition object");
	if ((v = cJSON_GetObjectItemCaseSensitive(c, "all")) || (v = cJSON_GetObjectItemCaseSensitive(c, "any"))) {
		if (cJSON_GetArraySize(c) != 1)
			return json_error(p->file, path, "\"%s\" stands alone in its condition", v->string);
		out->kind = strcmp(v->string, "all") == 0 ? QC_ALL : QC_ANY;
		sub = path_of(path, v->string);
		rc = parse_cond_list(p, sub, v, self, out);
		free(sub);
		return rc;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(c, "not"))) {
		if (cJSON_GetArraySize(c) != 1)
			return json_error(p->file, path, "\"not\" stands alone in its condition");
		out->kind = QC_NOT;
		out->nsub = 1;
		out->sub = xcalloc(1, sizeof(*out->sub));
		sub = path_of(path, "not");
		rc = parse_cond(p, sub, v, self, out->sub);
		free(sub);
		return rc;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(c, "wave"))) {
		const cJSON *w;

		if (cJSON_GetArraySize(c) != 1 || !cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
			return json_error(p->file, path, "expected {\"wave\": [\"2016\", ...]}");
		out->kind = QC_WAVE;
		out->waves = xcalloc((size_t)cJSON_GetArraySize(v), sizeof(char *));
		cJSON_ArrayForEach(w, v) {
			if (!cJSON_IsString(w))
				return json_error(p->file, path, "wave names are strings");
			out->waves[out->nwaves++] = xstrdup(w->valuestring);
		}
		return 0;
	}
	if (json_only_keys(p->file, path, c, item_keys) < 0 ||
	    json_str(p->file, path, c, "item", 1, &ref_id) < 0)
		return -1;
	ref = questionnaire_item(p->q, ref_id);
	if (ref < 0 && p->root && declared_anywhere(p->root, ref_id))
		ref = (int)self;	/* declared later in the file */
	if (ref < 0)
		return json_error(p->file, path, "unknown item '%s'", ref_id);
	if ((size_t)ref >= self)
		return json_error(p->file, path, "'%s' does not come before this item; routing "
				  "can only depend on background variables and earlier items", ref_id);
	out->item = (size_t)ref;
	if ((v = cJSON_GetObjectItemCaseSensitive(c, "in"))) {
		out->kind = QC_IN;
		sub = path_of(path, "in");
		rc = parse_cond_codes(p, sub, v, &p->q->items[ref], &out->options);
	} else if ((v = cJSON_GetObjectItemCaseSensitive(c, "not_in"))) {
		out->kind = QC_NOT_IN;
		sub = path_of(path, "not_in");
		rc = parse_cond_codes(p, sub, v, &p->q->items[ref], &out->options);
	} else if (cJSON_GetObjectItemCaseSensitive(c, "answered")) {
		out->kind = QC_ANSWERED;
		rc = json_bool(p->file, path, c, "answered", 1, &out->answered) < 0 ? -1 : 0;
	} else {
		const struct q_item *it = &p->q->items[ref];

		out->kind = QC_RANGE;
		if ((out->has_min = json_num(p->file, path, c, "min", 0, &out->min)) < 0 ||
		    (out->has_max = json_num(p->file, path, c, "max", 0, &out->max)) < 0)
			return -1;
		if (!out->has_min && !out->has_max)
			return json_error(p->file, path, "a condition on '%s' needs \"in\", "
					  "\"not_in\", \"min\"/\"max\" or \"answered\"", ref_id);
		if (it->type != Q_NUMBER && it->type != Q_MARK)
			return json_error(p->file, path, "\"min\"/\"max\" need a number or mark "
					  "item, '%s' is %s", ref_id, q_type_name(it->type));
		rc = 0;
	}
	free(sub);
	return rc;
}

static void cond_release(struct q_cond *c)
{
	size_t i;

	for (i = 0; i < c->nsub; i++)
		cond_release(&c->sub[i]);
	free(c->sub);
	strv_free(c->waves, c->nwaves);
}

/* ---- items ---- */

static int parse_text(struct parse *p, const char *path, const cJSON *it, struct q_item *item)
{
	struct questionnaire *q = p->q;
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "text");
	const cJSON *e;
	size_t i;

	item->text = xcalloc(q->nwordings, sizeof(char *));
	if (!t)
		return 0;
	if (cJSON_IsString(t)) {
		for (i = 0; i < q->nwordings; i++)
			item->text[i] = xstrdup(t->valuestring);
		return 0;
	}
	if (!cJSON_IsObject(t))
		return json_error(p->file, path, "'text' must be a string or an object mapping "
				  "wording versions to texts");
	cJSON_ArrayForEach(e, t) {
		for (i = 0; i < q->nwordings; i++)
			if (strcmp(q->wordings[i], e->string) == 0)
				break;
		if (i == q->nwordings)
			return json_error(p->file, path, "text for unknown wording version '%s'", e->string);
		if (!cJSON_IsString(e))
			return json_error(p->file, path, "text for '%s' must be a string", e->string);
		item->text[i] = xstrdup(e->valuestring);
	}
	return 0;
}

static int parse_item(struct parse *p, const char *path, const cJSON *it, int module,
		      int background)
{
	static const char *const keys[] = { "id", "type", "text", "label", "scale", "min", "max",
		"integer", "missing", "skewed", "unit", "waves", "asked_if", "role", NULL };
	struct questionnaire *q = p->q;
	const char *id = NULL, *type = NULL, *label = NULL, *scale = NULL, *unit = NULL,
		   *role = NULL;
	const cJSON *miss = NULL, *waves = NULL, *cond;
	struct q_item *item;
	size_t t, self = q->nitems;
	int integer = -1, skewed = 0;

	if (!cJSON_IsObject(it))
		return json_error(p->file, path, "expected an item object");
	if (json_only_keys(p->file, path, it, keys) < 0 ||
	    json_str(p->file, path, it, "id", 1, &id) < 0 ||
	    json_str(p->file, path, it, "type", 1, &type) < 0 ||
	    json_str(p->file, path, it, "label", 0, &label) < 0 ||
	    json_str(p->file, path, it, "scale", 0, &scale) < 0 ||
	    json_str(p->file, path, it, "unit", 0, &unit) < 0 ||
	    json_str(p->file, path, it, "role", 0, &role) < 0 ||
	    json_bool(p->file, path, it, "integer", 0, &integer) < 0 ||
	    json_bool(p->file, path, it, "skewed", 0, &skewed) < 0 ||
	    json_arr(p->file, path, it, "missing", 0, &miss) < 0 ||
	    json_arr(p->file, path, it, "waves", 0, &waves) < 0)
		return -1;
	if (!json_is_ident(id))
		return json_error(p->file, path, "item id '%s' must match [a-z][a-z0-9_]*", id);
	if (questionnaire_item(q, id) >= 0)
		return json_error(p->file, path, "item id '%s' is used twice", id);
	for (t = 0; t < sizeof(type_names) / sizeof(type_names[0]); t++)
		if (strcmp(type_names[t], type) == 0)
			break;
	if (t == sizeof(type_names) / sizeof(type_names[0]))
		return json_error(p->file, path, "unknown type '%s' (expected single, multiple, "
				  "number, mark or open)", type);
	if (role) {
		size_t r;

		if (!background)
			return json_error(p->file, path, "'role' is for background variables only");
		for (r = 0; roles[r]; r++)
			if (strcmp(roles[r], role) == 0)
				break;
		if (!roles[r])
			return json_error(p->file, path, "unknown role '%s' (expected segment, "
					  "respondent_type, age, first_time or measure)", role);
	}

	if (q->nitems == p->cap_items) {
		p->cap_items = p->cap_items ? 2 * p->cap_items : 64;
		q->items = xrealloc(q->items, p->cap_items * sizeof(*q->items));
	}
	item = &q->items[q->nitems++];
	memset(item, 0, sizeof(*item));
	item->id = xstrdup(id);
	item->label = label ? xstrdup(label) : NULL;
	item->type = (enum q_type)t;
	item->role = role ? xstrdup(role) : NULL;
	item->module = module;
	item->skewed = skewed;
	item->unit = unit ? xstrdup(unit) : NULL;

	if (item->type == Q_SINGLE || item->type == Q_MULTIPLE) {
		if (!scale)
			return json_error(p->file, path, "a %s item needs a 'scale'", type);
		item->scale = find_scale(q, scale);
		if (!item->scale) {
			char *sp = path_of(path, "scale");
			json_error(p->file, sp, "unknown scale '%s'", scale);
			free(sp);
			return -1;
		}
		if (miss)
			return json_error(p->file, path, "missing codes of a %s item belong in its scale", type);
	} else if (scale) {
		return json_error(p->file, path, "a %s item has no 'scale'", type);
	}
	if (item->type == Q_NUMBER || item->type == Q_MARK) {
		if ((item->has_min = json_num(p->file, path, it, "min", 0, &item->min)) < 0 ||
		    (item->has_max = json_num(p->file, path, it, "max", 0, &item->max)) < 0)
			return -1;
		if (item->type == Q_MARK && !item->has_min && !item->has_max) {
			item->has_min = item->has_max = 1;
			item->min = 1;
			item->max = 10;
		}
		if (item->has_min && item->has_max && item->min > item->max)
			return json_error(p->file, path, "'min' %g is above 'max' %g", item->min, item->max);
		item->integer_only = integer >= 0 ? integer : item->type == Q_MARK;
		if (miss) {
			char *name = xasprintf("%s.missing", id);
			struct q_scale *s = new_scale(q, name);
			char *mp = path_of(path, "missing");

			free(name);
			item = &q->items[q->nitems - 1];
			if (parse_options(p, path, miss, "missing", 1, s) < 0) {
				free(mp);
				return -1;
			}
			free(mp);
			item->scale = s;
		}
	} else if (cJSON_GetObjectItemCaseSensitive(it, "min") ||
		   cJSON_GetObjectItemCaseSensitive(it, "max")) {
		return json_error(p->file, path, "'min'/'max' are for number and mark items");
	}
	if (item->skewed && item->type != Q_NUMBER)
		return json_error(p->file, path, "'skewed' is for number items");

	if (waves) {
		const cJSON *w;

		item->waves = xcalloc((size_t)cJSON_GetArraySize(waves) + 1, sizeof(char *));
		cJSON_ArrayForEach(w, waves) {
			if (!cJSON_IsString(w))
				return json_error(p->file, path, "'waves' lists wave names (strings)");
			item->waves[item->nwaves++] = xstrdup(w->valuestring);
		}
		item->waves_json = cJSON_PrintUnformatted(waves);
	}
	if (parse_text(p, path, it, item) < 0)
		return -1;
	cond = cJSON_GetObjectItemCaseSensitive(it, "asked_if");
	if (cond) {
		char *cp = path_of(path, "asked_if");
		int rc;

		item->asked_if = xcalloc(1, sizeof(*item->asked_if));
		rc = parse_cond(p, cp, cond, self, item->asked_if);
		free(cp);
		if (rc < 0)
			return -1;
		item->routing_json = cJSON_PrintUnformatted(cond);
	}
	return 0;
}

static int parse_item_list(struct parse *p, const char *path, const cJSON *arr, int module,
			   int background)
{
	const cJSON *it;
	int i = 0;

	cJSON_ArrayForEach(it, arr) {
		char *ip = xasprintf("%s[%d]", path, i++);
		int rc = parse_item(p, ip, it, module, background);

		free(ip);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int parse_wordings(struct parse *p, const cJSON *root)
{
	struct questionnaire *q = p->q;
	const cJSON *arr = NULL, *map = NULL, *e;
	size_t i;

	if (json_arr(p->file, "$", root, "wordings", 0, &arr) < 0 ||
	    json_obj(p->file, "$", root, "waves", 0, &map) < 0)
		return -1;
	if (!arr || cJSON_GetArraySize(arr) == 0) {
		q->wordings = xcalloc(1, sizeof(char *));
		q->wordings[q->nwordings++] = xstrdup("standaard");
	} else {
		q->wordings = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(char *));
		cJSON_ArrayForEach(e, arr) {
			if (!cJSON_IsString(e) || !*e->valuestring)
				return json_error(p->file, "$.wordings", "expected names (strings)");
			for (i = 0; i < q->nwordings; i++)
				if (strcmp(q->wordings[i], e->valuestring) == 0)
					return json_error(p->file, "$.wordings", "'%s' appears twice",
							  e->valuestring);
			q->wordings[q->nwordings++] = xstrdup(e->valuestring);
		}
	}
	if (!map)
		return 0;
	q->wave_names = xcalloc((size_t)cJSON_GetArraySize(map) + 1, sizeof(char *));
	q->wave_wording = xcalloc((size_t)cJSON_GetArraySize(map) + 1, sizeof(size_t));
	cJSON_ArrayForEach(e, map) {
		if (!cJSON_IsString(e))
			return json_error(p->file, "$.waves", "wave '%s' must name a wording version",
					  e->string);
		for (i = 0; i < q->nwordings; i++)
			if (strcmp(q->wordings[i], e->valuestring) == 0)
				break;
		if (i == q->nwordings)
			return json_error(p->file, "$.waves", "wave '%s' uses unknown wording '%s'",
					  e->string, e->valuestring);
		q->wave_names[q->nwaves] = xstrdup(e->string);
		q->wave_wording[q->nwaves++] = i;
	}
	return 0;
}

static int parse_root(struct parse *p, const cJSON *root)
{
	static const char *const keys[] = { "format", "id", "version", "title", "language",
		"respondent_id", "wordings", "waves", "scales", "background", "modules", NULL };
	static const char *const mod_keys[] = { "id", "title", "items", NULL };
	struct questionnaire *q = p->q;
	const char *format = NULL, *name = NULL, *version = NULL, *title = NULL, *rid = NULL,
		   *lang = NULL;
	const cJSON *scales = NULL, *background = NULL, *modules = NULL, *m;
	size_t i;
	int mi = 0;

	if (!cJSON_IsObject(root))
		return json_error(p->file, "$", "expected a questionnaire object");
	if (json_only_keys(p->file, "$", root, keys) < 0 ||
	    json_str(p->file, "$", root, "format", 1, &format) < 0)
		return -1;
	if (strcmp(format, Q_FORMAT) != 0)
		return json_error(p->file, "$.format", "unknown format '%s', expected '%s'",
				  format, Q_FORMAT);
	if (json_str(p->file, "$", root, "id", 1, &name) < 0 ||
	    json_str(p->file, "$", root, "version", 1, &version) < 0 ||
	    json_str(p->file, "$", root, "title", 0, &title) < 0 ||
	    json_str(p->file, "$", root, "language", 0, &lang) < 0 ||
	    json_str(p->file, "$", root, "respondent_id", 0, &rid) < 0 ||
	    json_obj(p->file, "$", root, "scales", 1, &scales) < 0 ||
	    json_arr(p->file, "$", root, "background", 1, &background) < 0 ||
	    json_arr(p->file, "$", root, "modules", 1, &modules) < 0)
		return -1;
	q->name = xstrdup(name);
	q->version = xstrdup(version);
	q->title = title ? xstrdup(title) : NULL;
	q->respondent_id = xstrdup(rid ? rid : "id");
	if (parse_wordings(p, root) < 0 || parse_scales(p, scales) < 0)
		return -1;
	if (parse_item_list(p, "$.background", background, -1, 1) < 0)
		return -1;
	q->modules = xcalloc((size_t)cJSON_GetArraySize(modules) + 1, sizeof(*q->modules));
	cJSON_ArrayForEach(m, modules) {
		char *mp = xasprintf("$.modules[%d]", mi);
		const char *mid = NULL, *mtitle = NULL;
		const cJSON *items = NULL;
		int rc = -1;

		if (!cJSON_IsObject(m)) {
			json_error(p->file, mp, "expected a module object");
		} else if (json_only_keys(p->file, mp, m, mod_keys) == 0 &&
			   json_str(p->file, mp, m, "id", 1, &mid) >= 0 &&
			   json_str(p->file, mp, m, "title", 0, &mtitle) >= 0 &&
			   json_arr(p->file, mp, m, "items", 1, &items) >= 0) {
			if (!json_is_ident(mid)) {
				json_error(p->file, mp, "module id '%s' must match [a-z][a-z0-9_]*", mid);
			} else {
				char *ip = path_of(mp, "items");

				q->modules[q->nmodules].id = xstrdup(mid);
				q->modules[q->nmodules].title = mtitle ? xstrdup(mtitle) : NULL;
				q->nmodules++;
				rc = parse_item_list(p, ip, items, mi, 0);
				free(ip);
			}
		}
		free(mp);
		if (rc < 0)
			return -1;
		mi++;
	}
	q->segment_item = -1;
	for (i = 0; i < q->nitems; i++) {
		if (q->items[i].role && strcmp(q->items[i].role, "segment") == 0) {
			if (q->segment_item >= 0)
				return json_error(p->file, "$.background", "two variables have role 'segment'");
			if (q->items[i].type != Q_SINGLE)
				return json_error(p->file, "$.background", "the segment variable '%s' "
						  "must be a single-choice item", q->items[i].id);
			q->segment_item = (int)i;
		}
	}
	if (q->segment_item < 0)
		return json_error(p->file, "$.background", "no background variable has "
				  "\"role\": \"segment\"");
	if (questionnaire_item(q, q->respondent_id) >= 0)
		return json_error(p->file, "$.respondent_id", "'%s' is also an item id", q->respondent_id);
	return 0;
}

int questionnaire_parse(const char *file, const char *text, size_t len, struct questionnaire **out)
{
	struct questionnaire *q = xcalloc(1, sizeof(*q));
	struct parse p = { .file = file, .q = q };
	cJSON *root;
	int rc;

	q->file = xstrdup(file);
	q->json = xstrndup(text, len);
	sha256_hex(text, len, q->checksum);
	if (json_parse_text(file, text, len, &root) < 0) {
		questionnaire_free(q);
		return -1;
	}
	p.root = root;
	rc = parse_root(&p, root);
	cJSON_Delete(root);
	if (rc < 0) {
		questionnaire_free(q);
		return -1;
	}
	*out = q;
	return 0;
}

int questionnaire_load(const char *file, struct questionnaire **out)
{
	struct questionnaire *q = xcalloc(1, sizeof(*q));
	struct parse p = { .file = file, .q = q };
	cJSON *root = NULL;
	int rc;

	q->file = xstrdup(file);
	if (file_sha256(file, q->checksum) < 0 ||
	    json_read_file(file, Q_MAX_FILE, &root, &q->json) < 0) {
		questionnaire_free(q);
		return -1;
	}
	p.root = root;
	rc = parse_root(&p, root);
	cJSON_Delete(root);
	if (rc < 0) {
		questionnaire_free(q);
		return -1;
	}
	*out = q;
	return 0;
}

void questionnaire_free(struct questionnaire *q)
{
	size_t i, j;

	if (!q)
		return;
	for (i = 0; i < q->nitems; i++) {
		struct q_item *it = &q->items[i];

		free(it->id);
		free(it->label);
		free(it->role);
		free(it->unit);
		strv_free(it->waves, it->nwaves);
		if (it->asked_if) {
			cond_release(it->asked_if);
			free(it->asked_if);
		}
		cJSON_free(it->routing_json);
		cJSON_free(it->waves_json);
		strv_free(it->text, it->text ? q->nwordings : 0);
	}
	free(q->items);
	for (i = 0; i < q->nscales; i++) {
		for (j = 0; j < q->scales[i]->nopt; j++)
			free(q->scales[i]->opt[j].label);
		free(q->scales[i]->opt);
		free(q->scales[i]->name);
		free(q->scales[i]->top_label);
		free(q->scales[i]);
	}
	free(q->scales);
	for (i = 0; i < q->nmodules; i++) {
		free(q->modules[i].id);
		free(q->modules[i].title);
	}
	free(q->modules);
	strv_free(q->wordings, q->nwordings);
	strv_free(q->wave_names, q->nwaves);
	free(q->wave_wording);
	free(q->wording_db_id);
	free(q->file);
	free(q->name);
	free(q->version);
	free(q->title);
	free(q->respondent_id);
	free(q->json);
	free(q);
}

/* ---- lookups ---- */

int questionnaire_item(const struct questionnaire *q, const char *id)
{
	size_t i;

	for (i = 0; i < q->nitems; i++)
		if (strcmp(q->items[i].id, id) == 0)
			return (int)i;
	return -1;
}

size_t questionnaire_wording_for(const struct questionnaire *q, const char *wave)
{
	size_t i;

	for (i = 0; i < q->nwaves; i++)
		if (strcmp(q->wave_names[i], wave) == 0)
			return q->wave_wording[i];
	return q->nwordings - 1;
}

int questionnaire_item_in_wave(const struct q_item *it, const char *wave)
{
	size_t i;

	if (!it->waves)
		return 1;
	for (i = 0; i < it->nwaves; i++)
		if (strcmp(it->waves[i], wave) == 0)
			return 1;
	return 0;
}

int q_scale_find_code(const struct q_scale *s, long code)
{
	size_t i;

	for (i = 0; i < s->nopt; i++)
		if (s->opt[i].code == code)
			return (int)i;
	return -1;
}

int q_scale_find_label(const struct q_scale *s, const char *text)
{
	size_t i;

	for (i = 0; i < s->nopt; i++)
		if (str_eq_trim_ci(text, s->opt[i].label))
			return (int)i;
	return -1;
}

char *q_scale_describe(const struct q_scale *s)
{
	struct buf b;
	size_t i;
	int first_missing = 1;

	buf_init(&b);
	for (i = 0; i < s->nopt; i++) {
		if (!s->opt[i].missing) {
			buf_printf(&b, "%s%ld %s", i ? ", " : "", s->opt[i].code, s->opt[i].label);
		} else {
			buf_printf(&b, "%s%ld", first_missing ? "; missing " : ", ", s->opt[i].code);
			first_missing = 0;
		}
	}
	return buf_detach(&b);
}

/* ---- storing ---- */

static int save_scales(struct questionnaire *q, struct store *st)
{
	size_t i, j;

	for (i = 0; i < q->nscales; i++) {
		struct q_scale *s = q->scales[i];

		if (store_scale_add(st, q->db_id, s->name, s->ordinal, s->top_label, &s->db_id) < 0)
			return -1;
		for (j = 0; j < s->nopt; j++)
			if (store_option_add(st, s->db_id, s->opt[j].code, s->opt[j].label,
					     s->opt[j].missing, s->opt[j].top, (int)j,
					     &s->opt[j].db_id) < 0)
				return -1;
	}
	return 0;
}

static int save_items(struct questionnaire *q, struct store *st, const int64_t *module_ids)
{
	size_t i, w;

	for (i = 0; i < q->nitems; i++) {
		struct q_item *it = &q->items[i];
		struct store_item si = {
			.name = it->id, .label = it->label, .type = q_type_name(it->type),
			.role = it->role,
			.module_id = it->module >= 0 ? module_ids[it->module] : 0,
			.scale_id = it->scale ? it->scale->db_id : 0,
			.has_min = it->has_min, .has_max = it->has_max,
			.min = it->min, .max = it->max,
			.integer_only = it->integer_only, .skewed = it->skewed,
			.unit = it->unit, .waves = it->waves_json, .routing = it->routing_json,
			.ord = (int)i,
		};

		if (store_item_add(st, q->db_id, &si, &it->db_id) < 0)
			return -1;
		for (w = 0; w < q->nwordings; w++)
			if (it->text[w] && store_item_text_add(st, it->db_id, q->wording_db_id[w],
							       it->text[w]) < 0)
				return -1;
	}
	return 0;
}

/*
 * A questionnaire already in the study (same checksum) has its ids read back
 * through the same names; the definition is immutable once stored.
 */
static int load_ids(struct questionnaire *q, struct store *st);

int questionnaire_store(struct questionnaire *q, struct store *st)
{
	int64_t *module_ids = NULL;
	size_t i;
	int found, ret = -1;

	found = store_questionnaire_find(st, q->checksum, &q->db_id);
	if (found < 0)
		return -1;
	free(q->wording_db_id);
	q->wording_db_id = xcalloc(q->nwordings, sizeof(int64_t));
	if (found)
		return load_ids(q, st);
	if (store_questionnaire_add(st, q->name, q->version, q->title, q->checksum, q->json,
				    &q->db_id) < 0)
		return -1;
	for (i = 0; i < q->nwordings; i++)
		if (store_wording_add(st, q->db_id, q->wordings[i], (int)i, &q->wording_db_id[i]) < 0)
			return -1;
	if (save_scales(q, st) < 0)
		return -1;
	module_ids = xcalloc(q->nmodules + 1, sizeof(int64_t));
	for (i = 0; i < q->nmodules; i++)
		if (store_module_add(st, q->db_id, q->modules[i].id, q->modules[i].title, (int)i,
				     &module_ids[i]) < 0)
			goto out;
	if (save_items(q, st, module_ids) < 0)
		goto out;
	ret = 0;
out:
	free(module_ids);
	return ret;
}

static int load_ids(struct questionnaire *q, struct store *st)
{
	size_t i, j;

	for (i = 0; i < q->nwordings; i++)
		if (store_wording_id(st, q->db_id, q->wordings[i], &q->wording_db_id[i]) < 0)
			return -1;
	for (i = 0; i < q->nscales; i++) {
		struct q_scale *s = q->scales[i];

		if (store_scale_id(st, q->db_id, s->name, &s->db_id) < 0)
			return -1;
		for (j = 0; j < s->nopt; j++)
			if (store_option_id(st, s->db_id, s->opt[j].code, &s->opt[j].db_id) < 0)
				return -1;
	}
	for (i = 0; i < q->nitems; i++)
		if (store_item_id(st, q->db_id, q->items[i].id, &q->items[i].db_id) < 0)
			return -1;
	return 0;
}
