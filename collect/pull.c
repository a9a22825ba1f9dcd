/* pull.c: incremental pulls from LimeSurvey: pull state, password, session, and the import of the new responses. */
#include "collect/pull.h"
#include "collect/jsonin.h"
#include "collect/limesurvey.h"
#include "core/error.h"
#include "core/store.h"
#include "core/strset.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A credentials file holds one password line; anything bigger is not one. */
#define PULL_MAX_CREDENTIALS 4096

/* LimeSurvey's own columns of every response: never questionnaire items. */
static const char *const pull_metadata[] = {
	"submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "token",
	"refurl", "ipaddr",
};
#define PULL_NMETA (sizeof(pull_metadata) / sizeof(pull_metadata[0]))

/* LimeSurvey's response id: the pull's position, and the respondent id when the questionnaire's is absent. */
#define PULL_ID_COLUMN "id"

struct pull {
	const struct pull_options *o;
	struct store *st;
	char *source;		/* RemoteControl URL */
	char *user;
	char *wave;		/* the wave of the earlier pull, NULL when none */
	char qsum[65];		/* checksum of the questionnaire used */
	char *qtext;		/* the questionnaire stored in the study, when no file is given */
	size_t qlen;
	char *qname;		/* names the stored questionnaire in messages */
	int have_state;
	int64_t since;		/* highest response id pulled before */
	char name[64];		/* "survey 123456": positions are response ids in it */
	char *label;		/* "URL survey 123456": the import log's "file" */

	char *json;		/* the decoded export */
	size_t len;

	/* reading the export */
	struct diag *d;
	const struct src_sink *next;	/* the importer's sink, NULL while scanning */
	long id_col;
	struct src_cell *cells;	/* a copy of a record with positions set to the response id */
	size_t ncols;
	long nth;		/* records seen */
	long records;		/* records with a response */
	int64_t first, last;
	struct strset ids;
};

/* Overwrite memory that held a password; volatile so the stores are not optimised away. */
static void pull_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void pull_password_free(char *password)
{
	if (password)
		pull_wipe(password, strlen(password));
	free(password);
}

/* The first line of an open credentials file, checked to be private. */
static int pull_read_credentials(const char *path, int fd, char **out)
{
	char buf[PULL_MAX_CREDENTIALS + 1];
	struct stat sb;
	ssize_t n;
	size_t len = 0, line;
	int ret = -1;

	if (fstat(fd, &sb) < 0)
		return tv_error("cannot read credentials file '%s': %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return tv_error("credentials file '%s' is not a regular file", path);
	if (sb.st_uid != geteuid())
		return tv_error("credentials file '%s' belongs to another user; use a file of your own "
				"(mode 0600)", path);
	if (sb.st_mode & 077)
		return tv_error("credentials file '%s' can be read or changed by others (mode %04o); "
				"make it private with 'chmod 600 %s'", path,
				(unsigned)(sb.st_mode & 07777), path);
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			tv_error("cannot read credentials file '%s': %s", path, strerror(errno));
			goto out;
		}
		len += (size_t)n;
	}
	if (len > PULL_MAX_CREDENTIALS) {
		tv_error("credentials file '%s' is longer than %d bytes; it should hold only the "
			 "password", path, PULL_MAX_CREDENTIALS);
		goto out;
	}
	line = 0;
	while (line < len && buf[line] != '\n' && buf[line] != '\r')
		line++;
	if (line == 0) {
		tv_error("credentials file '%s' is empty; its first line is the password", path);
		goto out;
	}
	if (memchr(buf, '\0', line)) {
		tv_error("credentials file '%s' holds a NUL byte", path);
		goto out;
	}
	*out = xstrndup(buf, line);
	ret = 0;
out:
	pull_wipe(buf, sizeof(buf));
	return ret;
}

int pull_password(const char *credentials, char **out)
{
	const char *env;
	int fd, ret;

	if (credentials) {
		fd = open(credentials, O_RDONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return tv_error("cannot open credentials file '%s': %s", credentials,
					strerror(errno));
		ret = pull_read_credentials(credentials, fd, out);
		close(fd);
		return ret;
	}
	env = getenv(PULL_PASSWORD_ENV);
	if (!env || !*env)
		return tv_error("no LimeSurvey password: set %s or give --credentials FILE "
				"(a file of mode 0600 holding the password)", PULL_PASSWORD_ENV);
	*out = xstrdup(env);
	return 0;
}

/* ---- the pull state ---- */

struct pull_states {
	struct pull *p;
	int n;
};

static int pull_state_row(void *ctx, const struct store_pull_row *r)
{
	struct pull_states *s = ctx;
	struct pull *p = s->p;

	if (s->n++ > 0)
		return 0;
	p->source = xstrdup(r->source);
	p->user = xstrdup(r->user);
	p->wave = xstrdup(r->wave);
	snprintf(p->qsum, sizeof(p->qsum), "%s", r->questionnaire);
	p->since = r->last_response;
	p->have_state = 1;
	return 0;
}

/* Fill source, user, questionnaire and `since` from the options and the study. Returns 0, 2 or -1. */
static int pull_settle(struct pull *p)
{
	const struct pull_options *o = p->o;
	struct pull_states s = { p, 0 };
	int found;

	if (o->url && http_url_check(o->url, o->allow_http) < 0)
		return 2;
	if (store_pulls(p->st, o->url, o->survey, pull_state_row, &s) < 0)
		return -1;
	if (s.n > 1) {
		tv_error("survey %ld was pulled from more than one server into this study; say which "
			 "with --url", o->survey);
		return 2;
	}
	if (!p->have_state) {
		if (!o->url || !o->user || !o->questionnaire) {
			tv_error("no earlier pull of survey %ld%s%s%s in this study: the first pull needs "
				 "--url, --user and --questionnaire", o->survey, o->url ? " from '" : "",
				 o->url ? o->url : "", o->url ? "'" : "");
			return 2;
		}
		p->source = xstrdup(o->url);
		p->user = xstrdup(o->user);
	} else {
		if (strcmp(p->wave, o->wave) != 0) {
			tv_error("survey %ld from '%s' goes into wave %s (its earlier pulls); it cannot "
				 "also go into wave %s", o->survey, p->source, p->wave, o->wave);
			return 2;
		}
		if (!o->url && http_url_check(p->source, o->allow_http) < 0)
			return 2;
		if (o->user) {
			free(p->user);
			p->user = xstrdup(o->user);
		}
	}
	if (o->questionnaire)
		return file_sha256(o->questionnaire, p->qsum) < 0 ? -1 : 0;
	found = store_questionnaire_definition(p->st, p->qsum, &p->qtext, &p->qlen);
	if (found < 0)
		return -1;
	if (!found) {
		tv_error("%s: the questionnaire of the earlier pull of survey %ld is missing; give "
			 "--questionnaire", store_path(p->st), o->survey);
		return 2;
	}
	p->qname = xasprintf("%s: questionnaire %.12s", store_path(p->st), p->qsum);
	return 0;
}

/* ---- reading the export ---- */

static int pull_columns(void *ctx, const struct src_cell *cells, size_t n)
{
	struct pull *p = ctx;
	size_t i;

	p->id_col = -1;
	for (i = 0; i < n; i++)
		if (strcmp(cells[i].text, PULL_ID_COLUMN) == 0)
			p->id_col = (long)i;
	if (p->id_col < 0 && n > 0)
		return diag_error(p->d, 0, 0, "the export has no '%s' column (the response id)",
				  PULL_ID_COLUMN);
	if (!p->next)
		return 0;
	/* Places in the decoded export mean nothing to the user: names only. */
	free(p->cells);
	p->cells = xcalloc(n, sizeof(*p->cells));
	p->ncols = n;
	for (i = 0; i < n; i++) {
		p->cells[i] = cells[i];
		p->cells[i].line = 0;
		p->cells[i].col = 0;
	}
	return p->next->columns(p->next->ctx, p->cells, n);
}

static int pull_blank(const char *t)
{
	return !t || t[strspn(t, " \t")] == '\0';
}

/*
 * The response id of a record: 1 with *id, 0 for an empty record (some
 * LimeSurvey versions export one when the range holds no response), -1
 * after reporting a bad id.
 */
static int pull_record_id(struct pull *p, const struct src_cell *cells, size_t n, int64_t *id)
{
	const char *t = cells[p->id_col].text;
	long v;
	size_t i;

	p->nth++;
	if (pull_blank(t)) {
		for (i = 0; i < n; i++)
			if (!pull_blank(cells[i].text))
				return diag_error(p->d, 0, 0, "response %ld of the export has no id",
						  p->nth);
		return 0;
	}
	if (num_parse_long(t, &v) < 0 || v <= 0)
		return diag_error(p->d, 0, 0, "response %ld of the export has id '%s', not a "
				  "positive whole number", p->nth, t);
	*id = v;
	return 1;
}

/* First pass: check the ids and count the responses, before the study is touched. */
static int pull_scan_record(void *ctx, const struct src_cell *cells, size_t n, long line)
{
	struct pull *p = ctx;
	char key[32];
	int64_t id;
	int rc = pull_record_id(p, cells, n, &id);

	if (rc <= 0)
		return rc < 0 && diag_full(p->d) ? -1 : 0;
	snprintf(key, sizeof(key), "%lld", (long long)id);
	if (id <= p->since)
		diag_error(p->d, (long)id, 0, "response %lld was pulled before (up to %lld): LimeSurvey "
			   "did not keep to the requested range", (long long)id, (long long)p->since);
	else if (!strset_add(&p->ids, key))
		diag_error(p->d, (long)id, 0, "response %lld appears twice in the export",
			   (long long)id);
	if (p->records == 0 || id < p->first)
		p->first = id;
	if (p->records == 0 || id > p->last)
		p->last = id;
	p->records++;
	return diag_full(p->d) ? -1 : 0;
}

/* Second pass (from survey_import): the record with its response id as position. */
static int pull_import_record(void *ctx, const struct src_cell *cells, size_t n, long line)
{
	struct pull *p = ctx;
	int64_t id = 0;
	size_t i;
	int rc = pull_record_id(p, cells, n, &id);

	if (rc <= 0)
		return rc;
	for (i = 0; i < n && i < p->ncols; i++) {
		p->cells[i] = cells[i];
		p->cells[i].line = (long)id;
		p->cells[i].col = 0;
	}
	return p->next->record(p->next->ctx, p->cells, n < p->ncols ? n : p->ncols, (long)id);
}

/* 0 when the export can be imported, 1 when it is refused (*errors problems listed), -1. */
static int pull_scan(struct pull *p, long max_errors, long *errors)
{
	struct src_sink sink = { pull_columns, NULL, pull_scan_record, p };
	struct diag d;
	int rc;

	diag_init(&d, p->name, max_errors);
	p->d = &d;
	p->next = NULL;
	rc = jsonin_read_buffer(p->json, p->len, NULL, &d, &sink);
	p->d = NULL;
	*errors = d.errors;
	if (d.errors)
		return 1;
	return rc < 0 ? -1 : 0;
}

/* survey_options.read: the export through the importer's sink, positions named "survey N:ID". */
static int pull_read(void *ctx, const struct src_options *opt, struct diag *d,
		     const struct src_sink *sink)
{
	struct pull *p = ctx;
	struct src_sink mine = { pull_columns, sink->label, pull_import_record, p };
	int rc;

	d->file = p->name;
	p->d = d;
	p->next = sink;
	p->nth = 0;
	rc = jsonin_read_buffer(p->json, p->len, opt, d, &mine);
	p->d = NULL;
	return rc;
}

/* survey_options.before_commit: the new pull state, in the import's transaction. */
static int pull_commit(void *ctx, struct store *st, int64_t wave_id, int64_t import_id)
{
	struct pull *p = ctx;
	struct store_pull sp = {
		.source = p->source, .survey = p->o->survey, .wave_id = wave_id, .user = p->user,
		.questionnaire = p->qsum, .last_response = p->last, .import_id = import_id,
	};

	return store_pull_set(st, &sp, p->have_state ? p->since : -1);
}

/* ---- the pull ---- */

/* Log in, export, log out: the session ends on every path. 0, 1 (no responses) or -1. */
static int pull_fetch(struct pull *p, const char *password)
{
	struct limesurvey *ls = NULL;
	int rc = -1;

	if (limesurvey_open(&ls, p->source, &p->o->http) < 0)
		return -1;
	if (limesurvey_login(ls, p->user, password) == 0)
		rc = limesurvey_export(ls, p->o->survey, p->since + 1, &p->json, &p->len);
	limesurvey_close(ls);
	return rc;
}

static void pull_warn_transport(const struct pull *p)
{
	if (p->o->http.insecure)
		tv_warn("--insecure: the TLS certificate of '%s' is NOT checked; anyone in between "
			"can read the password and the responses. Use it only with a test server",
			p->source);
	if (p->o->allow_http && strncmp(p->source, "http://", 7) == 0)
		tv_warn("--allow-http: the password and the responses go UNENCRYPTED to '%s'. Use it "
			"only with a test server", p->source);
}

static int pull_import(struct pull *p, struct pull_result *res)
{
	const struct pull_options *o = p->o;
	struct survey_options so = o->import;
	struct survey_result sr;
	const char **ignore;
	char sum[65];
	size_t i;
	int rc;

	ignore = xcalloc(o->import.nignore + PULL_NMETA, sizeof(*ignore));
	for (i = 0; i < o->import.nignore; i++)
		ignore[i] = o->import.ignore[i];
	for (i = 0; i < PULL_NMETA; i++)
		ignore[o->import.nignore + i] = pull_metadata[i];
	sha256_hex(p->json, p->len, sum);
	so.questionnaire = o->questionnaire ? o->questionnaire : p->qname;
	so.questionnaire_text = o->questionnaire ? NULL : p->qtext;
	so.questionnaire_len = p->qlen;
	so.wave = o->wave;
	so.format = "json";
	so.ignore = ignore;
	so.nignore = o->import.nignore + PULL_NMETA;
	so.read = pull_read;
	so.read_ctx = p;
	so.checksum = sum;
	so.kind = "limesurvey";
	so.id_fallback = PULL_ID_COLUMN;
	so.before_commit = pull_commit;
	so.before_commit_ctx = p;
	rc = survey_import(p->st, p->label, &so, &sr);
	free(ignore);
	res->respondents = sr.respondents;
	res->answers = sr.answers;
	res->warnings = sr.warnings;
	res->errors = sr.errors;
	res->open_answers = sr.open_answers;
	return rc;
}

static void pull_release(struct pull *p)
{
	free(p->source);
	free(p->user);
	free(p->wave);
	free(p->qtext);
	free(p->qname);
	free(p->label);
	free(p->json);
	free(p->cells);
	strset_release(&p->ids);
}

int pull_limesurvey(struct store *st, const struct pull_options *o, struct pull_result *res)
{
	struct pull p = { .o = o, .st = st, .id_col = -1 };
	char *password = NULL;
	int rc, ret = -1;

	memset(res, 0, sizeof(*res));
	strset_init(&p.ids);
	snprintf(p.name, sizeof(p.name), "survey %ld", o->survey);
	rc = pull_settle(&p);
	if (rc != 0) {
		ret = rc;
		goto out;
	}
	res->since = p.since;
	pull_warn_transport(&p);
	if (pull_password(o->credentials, &password) < 0)
		goto out;
	rc = pull_fetch(&p, password);
	pull_password_free(password);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = pull_scan(&p, o->import.max_errors, &res->errors);
		if (rc != 0) {
			ret = rc;
			goto out;
		}
	}
	if (p.records == 0) {
		res->nothing_new = 1;
		ret = 0;
		goto out;
	}
	res->first = p.first;
	res->last = p.last;
	p.label = xasprintf("%s survey %ld responses %lld-%lld", p.source, o->survey,
			    (long long)p.first, (long long)p.last);
	ret = pull_import(&p, res);
out:
	pull_release(&p);
	return ret;
}
