/* store.c: the study store: schema, migrations, transactions and every SQL statement. */
#include "store.h"
#include "error.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

/*
 * Prepared statements used in loops are kept for the life of the handle;
 * one-off statements are prepared where they are used.
 */
enum stmt_id {
	S_RESPONDENT_ADD,
	S_ANSWER_ADD,
	S_CASE_ADD,
	S_OPTION_ADD,
	S_ITEM_ADD,
	S_ANSWER_BATCH,
	S_SEGMENT_ADD,
	S_DOCUMENT_ADD,
	S_CODING_SET,
	S_AUDIT_ADD,
	S_COUNT
};

/* Answers are written ANSWER_BATCH at a time with one multi-row INSERT. */
#define ANSWER_BATCH 100

struct pending_answer {
	int64_t respondent_id, seq, item_id, option_id;
	int has_num;
	double num;
	char *text;	/* owned copy or NULL */
};

static const char *const stmt_sql[S_COUNT] = {
	[S_RESPONDENT_ADD] = "INSERT INTO respondent(wave_id, ext_id, import_id, source_line) "
			     "VALUES (?1, ?2, ?3, ?4)",
	[S_ANSWER_ADD] = "INSERT INTO answer(respondent_id, seq, item_id, option_id, num, text) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_CASE_ADD] = "INSERT INTO sampled_case(wave_id, ext_id, segment, disposition, category, "
		       "import_id, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_OPTION_ADD] = "INSERT INTO scale_option(scale_id, code, label, is_missing, is_top, ord) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_ANSWER_BATCH] = NULL,	/* built by answers_flush() */
	[S_SEGMENT_ADD] = "INSERT INTO segment(document_id, parent_id, kind, speaker_id, respondent_id, "
			  "item_id, start_cp, end_cp, start_ms, end_ms, coded) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_DOCUMENT_ADD] = "INSERT INTO document(ext_id, kind, wave_id, grp, method, held_on, "
			   "interviewer, text, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	/* A coder has one coding per code and segment: a new polarity or status updates it. */
	[S_CODING_SET] = "INSERT INTO coding(segment_id, code_id, polarity, coder_id, automatic, "
			 "codebook_id, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
			 "ON CONFLICT(segment_id, code_id, coder_id) DO UPDATE SET "
			 "polarity = excluded.polarity, status = excluded.status "
			 "WHERE polarity IS NOT excluded.polarity OR status IS NOT excluded.status",
	/* (a reviewed automatic coding is re-set with its status: callers pass it) */
	[S_AUDIT_ADD] = "INSERT INTO coding_audit(segment_id, code, polarity, coder, action, at, detail) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_ITEM_ADD] = "INSERT INTO item(questionnaire_id, module_id, name, label, type, role, "
		       "scale_id, min, max, integer_only, skewed, unit, waves, routing, ord) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
};

struct store {
	sqlite3 *db;
	char *path;
	int in_tx;
	int bulk;		/* foreign-key enforcement is off for this transaction */
	struct pending_answer pending[ANSWER_BATCH];
	size_t npending;
	int64_t last_respondent, next_seq;	/* numbering of a respondent's answers */
	sqlite3_stmt *stmt[S_COUNT];
};

/*
 * Schema version 1. Every later change is a new entry in `migrations`, never
 * an edit of an earlier one: studies in the field were created by them.
 */
static const char schema_v1[] =
	"CREATE TABLE study_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE questionnaire(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL, version TEXT NOT NULL, title TEXT,\n"
	"  checksum TEXT NOT NULL UNIQUE, definition TEXT NOT NULL, added_at TEXT NOT NULL);\n"
	"CREATE TABLE wording(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL, ord INTEGER NOT NULL, UNIQUE(questionnaire_id, name));\n"
	"CREATE TABLE scale(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL, ordinal INTEGER NOT NULL, top_label TEXT,\n"
	"  UNIQUE(questionnaire_id, name));\n"
	"CREATE TABLE scale_option(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  scale_id INTEGER NOT NULL REFERENCES scale(id) ON DELETE CASCADE,\n"
	"  code INTEGER NOT NULL, label TEXT NOT NULL,\n"
	"  is_missing INTEGER NOT NULL CHECK (is_missing IN (0, 1)),\n"
	"  is_top INTEGER NOT NULL CHECK (is_top IN (0, 1)),\n"
	"  ord INTEGER NOT NULL, UNIQUE(scale_id, code));\n"
	"CREATE TABLE module(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL, title TEXT, ord INTEGER NOT NULL, UNIQUE(questionnaire_id, name));\n"
	"CREATE TABLE item(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id) ON DELETE CASCADE,\n"
	"  module_id INTEGER REFERENCES module(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL, label TEXT,\n"
	"  type TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'number', 'mark', 'open')),\n"
	"  role TEXT CHECK (role IN ('segment', 'respondent_type', 'age', 'first_time', 'measure')),\n"
	"  scale_id INTEGER REFERENCES scale(id),\n"
	"  min REAL, max REAL,\n"
	"  integer_only INTEGER NOT NULL DEFAULT 0, skewed INTEGER NOT NULL DEFAULT 0,\n"
	"  unit TEXT, waves TEXT, routing TEXT, ord INTEGER NOT NULL,\n"
	"  UNIQUE(questionnaire_id, name));\n"
	"CREATE TABLE item_text(\n"
	"  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,\n"
	"  wording_id INTEGER NOT NULL REFERENCES wording(id) ON DELETE CASCADE,\n"
	"  text TEXT NOT NULL, PRIMARY KEY (item_id, wording_id));\n"
	"CREATE TABLE wave(\n"
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,\n"
	"  questionnaire_id INTEGER REFERENCES questionnaire(id),\n"
	"  wording_id INTEGER REFERENCES wording(id));\n"
	"CREATE TABLE import_log(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('survey', 'contacts', 'transcript', 'codebook',\n"
	"    'codings', 'limesurvey')),\n"
	"  file TEXT NOT NULL, checksum TEXT NOT NULL,\n"
	"  wave_id INTEGER REFERENCES wave(id),\n"
	"  options TEXT, rows INTEGER, warnings INTEGER,\n"
	"  started_at TEXT NOT NULL, finished_at TEXT);\n"
	"CREATE INDEX import_log_checksum ON import_log(kind, checksum);\n"
	"CREATE TABLE respondent(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  wave_id INTEGER NOT NULL REFERENCES wave(id),\n"
	"  ext_id TEXT NOT NULL,\n"
	"  import_id INTEGER NOT NULL REFERENCES import_log(id) ON DELETE CASCADE,\n"
	"  source_line INTEGER, UNIQUE(wave_id, ext_id));\n"
	"CREATE INDEX respondent_import ON respondent(import_id);\n"
	/* One row per answer; a multiple-choice item has a row per chosen option.
	 * option_id, num and text all NULL: asked, not answered. Clustered by
	 * respondent (seq numbers a respondent's answers): imports append in key
	 * order, and one B-tree serves both the rows and the lookups by respondent. */
	"CREATE TABLE answer(\n"
	"  respondent_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  item_id INTEGER NOT NULL REFERENCES item(id),\n"
	"  option_id INTEGER REFERENCES scale_option(id),\n"
	"  num REAL, text TEXT,\n"
	"  PRIMARY KEY (respondent_id, seq)) WITHOUT ROWID;\n"
	"CREATE TABLE sampled_case(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  wave_id INTEGER NOT NULL REFERENCES wave(id),\n"
	"  ext_id TEXT NOT NULL, segment TEXT,\n"
	"  disposition TEXT NOT NULL,\n"
	"  category TEXT NOT NULL CHECK (category IN ('I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE')),\n"
	"  import_id INTEGER NOT NULL REFERENCES import_log(id) ON DELETE CASCADE,\n"
	"  source_line INTEGER, UNIQUE(wave_id, ext_id));\n"
	"CREATE INDEX sampled_case_import ON sampled_case(import_id);\n"
	/* Qualitative material: documents (transcripts, or the open answers of a
	 * survey wave), their speakers and segments. Offsets count code points. */
	"CREATE TABLE document(\n"
	"  id INTEGER PRIMARY KEY, ext_id TEXT NOT NULL UNIQUE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('transcript', 'open_answers')),\n"
	"  wave_id INTEGER REFERENCES wave(id),\n"
	"  grp TEXT, method TEXT, held_on TEXT, interviewer TEXT,\n"
	"  text TEXT NOT NULL,\n"
	"  import_id INTEGER REFERENCES import_log(id) ON DELETE CASCADE);\n"
	"CREATE TABLE speaker(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,\n"
	"  label TEXT NOT NULL,\n"
	"  role TEXT NOT NULL CHECK (role IN ('interviewer', 'participant', 'other')),\n"
	"  respondent_id INTEGER REFERENCES respondent(id) ON DELETE CASCADE,\n"
	"  UNIQUE(document_id, label));\n"
	"CREATE TABLE segment(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,\n"
	"  parent_id INTEGER REFERENCES segment(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('turn', 'sentence', 'answer')),\n"
	"  speaker_id INTEGER REFERENCES speaker(id) ON DELETE CASCADE,\n"
	"  respondent_id INTEGER REFERENCES respondent(id) ON DELETE CASCADE,\n"
	"  item_id INTEGER REFERENCES item(id),\n"
	"  start_cp INTEGER NOT NULL, end_cp INTEGER NOT NULL,\n"
	"  start_ms INTEGER, end_ms INTEGER,\n"
	"  coded INTEGER NOT NULL DEFAULT 1,\n"
	"  CHECK (end_cp >= start_cp));\n"
	"CREATE INDEX segment_document ON segment(document_id);\n"
	"CREATE TABLE codebook(\n"
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL,\n"
	"  checksum TEXT NOT NULL, definition TEXT NOT NULL, added_at TEXT NOT NULL,\n"
	"  UNIQUE(name, version));\n"
	"CREATE TABLE code(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  codebook_id INTEGER NOT NULL REFERENCES codebook(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL, label TEXT NOT NULL, description TEXT,\n"
	"  parent_id INTEGER REFERENCES code(id),\n"
	"  polarities TEXT NOT NULL DEFAULT '+-~',\n"
	"  UNIQUE(codebook_id, name));\n"
	"CREATE TABLE coder(\n"
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('human', 'auto')));\n"
	"CREATE TABLE coding(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  segment_id INTEGER NOT NULL REFERENCES segment(id) ON DELETE CASCADE,\n"
	"  code_id INTEGER NOT NULL REFERENCES code(id),\n"
	"  polarity TEXT CHECK (polarity IN ('+', '-', '~')),\n"
	"  coder_id INTEGER NOT NULL REFERENCES coder(id),\n"
	"  automatic INTEGER NOT NULL CHECK (automatic IN (0, 1)),\n"
	"  codebook_id INTEGER REFERENCES codebook(id),\n"
	"  status TEXT NOT NULL DEFAULT 'active'\n"
	"    CHECK (status IN ('active', 'accepted', 'rejected')),\n"
	"  created_at TEXT NOT NULL,\n"
	"  UNIQUE(segment_id, code_id, coder_id));\n"
	"CREATE INDEX coding_segment ON coding(segment_id);\n"
	/* The audit trail keeps names, not ids: it must outlive what it describes. */
	"CREATE TABLE coding_audit(\n"
	"  id INTEGER PRIMARY KEY, segment_id INTEGER NOT NULL, code TEXT NOT NULL,\n"
	"  polarity TEXT, coder TEXT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL,\n"
	"  detail TEXT);\n";

/*
 * Schema version 2: the state of incremental pulls from survey platforms
 * (collect limesurvey). Per source (the platform's URL, never with
 * credentials) and survey: the wave it feeds, the user and questionnaire
 * (checksum) of the last pull, and the highest response id pulled.
 */
static const char schema_v2[] =
	"CREATE TABLE pull_state(\n"
	"  source TEXT NOT NULL,\n"
	"  survey INTEGER NOT NULL,\n"
	"  wave_id INTEGER NOT NULL REFERENCES wave(id),\n"
	"  username TEXT NOT NULL,\n"
	"  questionnaire_checksum TEXT NOT NULL,\n"
	"  last_response INTEGER NOT NULL CHECK (last_response >= 0),\n"
	"  import_id INTEGER REFERENCES import_log(id) ON DELETE SET NULL,\n"
	"  updated_at TEXT NOT NULL,\n"
	"  PRIMARY KEY (source, survey));\n";

/*
 * Schema version 3: an import replaced with --replace keeps its log entry,
 * marked with the import that replaced it (its respondents, answers, cases
 * and documents are gone), so the log tells the whole history of the study
 * and no entry claims data that is no longer there. Studies of version 2 get
 * the marks of their earlier replacements: a survey or contacts import of
 * which nothing is left, followed by a finished import of the same kind and
 * checksum, was replaced by the first such import (only --replace lets a file
 * in twice).
 */
static const char schema_v3[] =
	"ALTER TABLE import_log ADD COLUMN replaced_by INTEGER REFERENCES import_log(id);\n"
	"UPDATE import_log SET replaced_by = (SELECT min(n.id) FROM import_log n\n"
	"    WHERE n.kind = import_log.kind AND n.checksum = import_log.checksum\n"
	"      AND n.id > import_log.id AND n.finished_at IS NOT NULL)\n"
	"  WHERE kind IN ('survey', 'contacts') AND finished_at IS NOT NULL\n"
	"    AND NOT EXISTS (SELECT 1 FROM respondent r WHERE r.import_id = import_log.id)\n"
	"    AND NOT EXISTS (SELECT 1 FROM sampled_case c WHERE c.import_id = import_log.id);\n";

/* migrations[i] brings a study from user_version i to i + 1. */
static const char *const migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
};

#define N_MIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

static void pending_clear(struct store *st);
static int answers_flush(struct store *st);

static int db_error(struct store *st, const char *what)
{
	return tv_error("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		tv_error("%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int prepare_raw(struct store *st, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return db_error(st, "cannot prepare statement");
	return 0;
}

/* One-off statements see every answer added so far: pending ones are written first. */
static int prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
	if (st->npending && answers_flush(st) < 0)
		return -1;
	return prepare_raw(st, sql, out);
}

/* A cached statement, reset and ready for binding. */
static sqlite3_stmt *cached(struct store *st, enum stmt_id id)
{
	if (!st->stmt[id] && prepare_raw(st, stmt_sql[id], &st->stmt[id]) < 0)
		return NULL;
	sqlite3_reset(st->stmt[id]);
	sqlite3_clear_bindings(st->stmt[id]);
	return st->stmt[id];
}

/* Step a statement that returns no rows; reports a failure as `what`. */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(st, what);
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_id_or_null(sqlite3_stmt *s, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

static int user_version(struct store *st, long *v)
{
	sqlite3_stmt *s;
	int ret = -1;

	if (prepare(st, "PRAGMA user_version", &s) < 0)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*v = (long)sqlite3_column_int64(s, 0);
		ret = 0;
	} else {
		db_error(st, "cannot read the schema version");
	}
	sqlite3_finalize(s);
	return ret;
}

static int migrate(struct store *st)
{
	long v;
	char sql[64];

	if (user_version(st, &v) < 0)
		return -1;
	if (v > (long)N_MIGRATIONS)
		return tv_error("%s: study has schema version %ld, this tevreden knows up to %d; "
				"use a newer tevreden", st->path, v, STORE_SCHEMA_VERSION);
	for (; v < (long)N_MIGRATIONS; v++) {
		if (store_begin(st) < 0)
			return -1;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %ld", v + 1);
		if (exec(st, migrations[v]) < 0 || exec(st, sql) < 0) {
			store_rollback(st);
			return tv_error("%s: cannot migrate the study to schema version %ld",
					st->path, v + 1);
		}
		if (store_commit(st) < 0)
			return -1;
	}
	return 0;
}

static int is_sqlite_file(const char *path)
{
	char head[16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return n == 0 || (n == sizeof(head) && memcmp(head, "SQLite format 3", 16) == 0);
}

static int store_connect(const char *path, int create, struct store **out)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);

	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		tv_error("cannot open study '%s': %s", path,
			 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (!create) {
		long v;

		/* Another program's database has user_version 0: leave it untouched. */
		if (user_version(st, &v) < 0)
			goto fail;
		if (v == 0) {
			tv_error("'%s' is an SQLite file but not a tevreden study", path);
			goto fail;
		}
	}
	if (exec(st, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
		     "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; "
		     "PRAGMA cache_size = -65536") < 0)
		goto fail;
	if (migrate(st) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_create(const char *path, struct store **out)
{
	struct stat sb;
	char now[32];
	struct store *st;
	sqlite3_stmt *s;

	if (stat(path, &sb) == 0)
		return tv_error("'%s' already exists; a study is created in a new file", path);
	if (errno != ENOENT)
		return tv_error("cannot create study '%s': %s", path, strerror(errno));
	if (store_connect(path, 1, &st) < 0)
		return -1;
	if (prepare(st, "INSERT INTO study_info(key, value) VALUES "
			"('created_at', ?1), ('created_by', 'tevreden ' || ?2)", &s) < 0)
		goto fail;
	sqlite3_bind_text(s, 1, time_now_iso(now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, TV_VERSION, -1, SQLITE_STATIC);
	if (step_done(st, s, "cannot write study information") < 0) {
		sqlite3_finalize(s);
		goto fail;
	}
	sqlite3_finalize(s);
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_open(const char *path, struct store **out)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return tv_error("cannot open study '%s': %s (create one with 'tevreden init')",
				path, strerror(errno));
	if (!S_ISREG(sb.st_mode) || !is_sqlite_file(path))
		return tv_error("'%s' is not a tevreden study (not an SQLite file)", path);
	if (sb.st_size == 0)
		return tv_error("'%s' is an empty file, not a tevreden study", path);
	return store_connect(path, 0, out);
}

void store_close(struct store *st)
{
	int i;

	if (!st)
		return;
	pending_clear(st);
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db) {
		if (st->in_tx)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(st->db);
	}
	free(st->path);
	free(st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_begin(struct store *st)
{
	if (exec(st, "BEGIN IMMEDIATE") < 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

/*
 * Imports insert millions of answers whose respondent, item and option ids
 * the importer has just created or read back from the stored questionnaire
 * in the same transaction; checking each reference again costs three B-tree
 * lookups per answer and halves the import speed. PRAGMA foreign_keys cannot
 * change inside a transaction, so it is switched off before BEGIN and on again
 * after COMMIT or ROLLBACK.
 */
int store_begin_bulk(struct store *st)
{
	if (exec(st, "PRAGMA foreign_keys = OFF") < 0)
		return -1;
	st->bulk = 1;
	if (store_begin(st) < 0) {
		exec(st, "PRAGMA foreign_keys = ON");
		st->bulk = 0;
		return -1;
	}
	return 0;
}

static void end_bulk(struct store *st)
{
	if (st->bulk)
		sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	st->bulk = 0;
}

int store_commit(struct store *st)
{
	if (st->npending && answers_flush(st) < 0) {
		store_rollback(st);
		return -1;
	}
	if (exec(st, "COMMIT") < 0) {
		store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	end_bulk(st);
	return 0;
}

void store_rollback(struct store *st)
{
	pending_clear(st);
	if (st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
	end_bulk(st);
}

/* ---- small shared helpers for one-off statements ---- */

/* Run an INSERT prepared from sql with the binder; *id receives the row id. */
static int insert_id(struct store *st, sqlite3_stmt *s, const char *what, int64_t *id)
{
	if (step_done(st, s, what) < 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* Run a query with one text parameter returning one integer; 1 found, 0 not. */
static int find_id(struct store *st, const char *sql, const char *a, const char *b, int64_t *id)
{
	sqlite3_stmt *s;
	int rc, ret;

	if (prepare(st, sql, &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		ret = db_error(st, "query failed");
	}
	sqlite3_finalize(s);
	return ret;
}

/* ---- import log ---- */

int store_import_find(struct store *st, const char *kind, const char *checksum, int64_t *id)
{
	return find_id(st, "SELECT id FROM import_log WHERE kind = ?1 AND checksum = ?2 "
			   "AND finished_at IS NOT NULL AND replaced_by IS NULL "
			   "ORDER BY id DESC LIMIT 1",
		       kind, checksum, id);
}

int store_import_add(struct store *st, const char *kind, const char *file,
		     const char *checksum, int64_t wave_id, const char *options, int64_t *id)
{
	sqlite3_stmt *s;
	char now[32];
	int ret;

	if (prepare(st, "INSERT INTO import_log(kind, file, checksum, wave_id, options, started_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, checksum, -1, SQLITE_STATIC);
	bind_id_or_null(s, 4, wave_id);
	bind_text_or_null(s, 5, options);
	sqlite3_bind_text(s, 6, time_now_iso(now), -1, SQLITE_TRANSIENT);
	ret = insert_id(st, s, "cannot log the import", id);
	sqlite3_finalize(s);
	return ret;
}

int store_import_finish(struct store *st, int64_t id, long rows, long warnings)
{
	sqlite3_stmt *s;
	char now[32];
	int ret;

	if (prepare(st, "UPDATE import_log SET rows = ?2, warnings = ?3, finished_at = ?4 "
			"WHERE id = ?1", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, rows);
	sqlite3_bind_int64(s, 3, warnings);
	sqlite3_bind_text(s, 4, time_now_iso(now), -1, SQLITE_TRANSIENT);
	ret = step_done(st, s, "cannot log the import");
	sqlite3_finalize(s);
	return ret;
}

int store_import_mark_replaced(struct store *st, int64_t id, int64_t by)
{
	sqlite3_stmt *s;
	int ret;

	if (id == by)
		return tv_error("%s: import %lld cannot replace itself", st->path, (long long)id);
	if (prepare(st, "UPDATE import_log SET replaced_by = ?2 WHERE id = ?1 AND replaced_by IS NULL",
		    &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, by);
	ret = step_done(st, s, "cannot mark the earlier import as replaced");
	sqlite3_finalize(s);
	if (ret < 0)
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return tv_error("%s: import %lld is not in the log, or was replaced before",
				st->path, (long long)id);
	return 0;
}

int store_import_replace(struct store *st, int64_t id, int64_t by)
{
	static const char *const sql[] = {
		"DELETE FROM answer WHERE respondent_id IN "
		"(SELECT id FROM respondent WHERE import_id = ?1)",
		"DELETE FROM respondent WHERE import_id = ?1",
		"DELETE FROM sampled_case WHERE import_id = ?1",
		"DELETE FROM document WHERE import_id = ?1",
	};
	sqlite3_stmt *s;
	size_t i;

	if (store_import_mark_replaced(st, id, by) < 0)
		return -1;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (prepare(st, sql[i], &s) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (step_done(st, s, "cannot remove the earlier import") < 0) {
			sqlite3_finalize(s);
			return -1;
		}
		sqlite3_finalize(s);
	}
	return 0;
}

/* ---- questionnaires ---- */

int store_questionnaire_find(struct store *st, const char *checksum, int64_t *id)
{
	return find_id(st, "SELECT id FROM questionnaire WHERE checksum = ?1", checksum, NULL, id);
}

int store_questionnaire_add(struct store *st, const char *name, const char *version,
			    const char *title, const char *checksum, const char *definition,
			    int64_t *id)
{
	sqlite3_stmt *s;
	char now[32];
	int ret;

	if (prepare(st, "INSERT INTO questionnaire(name, version, title, checksum, definition, "
			"added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, version, -1, SQLITE_STATIC);
	bind_text_or_null(s, 3, title);
	sqlite3_bind_text(s, 4, checksum, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, definition, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, time_now_iso(now), -1, SQLITE_TRANSIENT);
	ret = insert_id(st, s, "cannot store the questionnaire", id);
	sqlite3_finalize(s);
	return ret;
}

char *store_questionnaire_label(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	char *label = NULL;

	if (prepare(st, "SELECT name || ' ' || version FROM questionnaire WHERE id = ?1", &s) < 0)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		label = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return label;
}

int store_wording_add(struct store *st, int64_t qid, const char *name, int ord, int64_t *id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "INSERT INTO wording(questionnaire_id, name, ord) VALUES (?1, ?2, ?3)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, qid);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, ord);
	ret = insert_id(st, s, "cannot store a wording version", id);
	sqlite3_finalize(s);
	return ret;
}

int store_scale_add(struct store *st, int64_t qid, const char *name, int ordinal,
		    const char *top_label, int64_t *id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "INSERT INTO scale(questionnaire_id, name, ordinal, top_label) "
			"VALUES (?1, ?2, ?3, ?4)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, qid);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, ordinal);
	bind_text_or_null(s, 4, top_label);
	ret = insert_id(st, s, "cannot store a scale", id);
	sqlite3_finalize(s);
	return ret;
}

int store_option_add(struct store *st, int64_t scale_id, long code, const char *label,
		     int is_missing, int is_top, int ord, int64_t *id)
{
	sqlite3_stmt *s = cached(st, S_OPTION_ADD);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, scale_id);
	sqlite3_bind_int64(s, 2, code);
	sqlite3_bind_text(s, 3, label, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, is_missing);
	sqlite3_bind_int(s, 5, is_top);
	sqlite3_bind_int(s, 6, ord);
	return insert_id(st, s, "cannot store a scale option", id);
}

int store_module_add(struct store *st, int64_t qid, const char *name, const char *title,
		     int ord, int64_t *id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "INSERT INTO module(questionnaire_id, name, title, ord) "
			"VALUES (?1, ?2, ?3, ?4)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, qid);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	bind_text_or_null(s, 3, title);
	sqlite3_bind_int(s, 4, ord);
	ret = insert_id(st, s, "cannot store a module", id);
	sqlite3_finalize(s);
	return ret;
}

int store_item_add(struct store *st, int64_t qid, const struct store_item *it, int64_t *id)
{
	sqlite3_stmt *s = cached(st, S_ITEM_ADD);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, qid);
	bind_id_or_null(s, 2, it->module_id);
	sqlite3_bind_text(s, 3, it->name, -1, SQLITE_STATIC);
	bind_text_or_null(s, 4, it->label);
	sqlite3_bind_text(s, 5, it->type, -1, SQLITE_STATIC);
	bind_text_or_null(s, 6, it->role);
	bind_id_or_null(s, 7, it->scale_id);
	if (it->has_min)
		sqlite3_bind_double(s, 8, it->min);
	if (it->has_max)
		sqlite3_bind_double(s, 9, it->max);
	sqlite3_bind_int(s, 10, it->integer_only);
	sqlite3_bind_int(s, 11, it->skewed);
	bind_text_or_null(s, 12, it->unit);
	bind_text_or_null(s, 13, it->waves);
	bind_text_or_null(s, 14, it->routing);
	sqlite3_bind_int(s, 15, it->ord);
	return insert_id(st, s, "cannot store an item", id);
}

int store_item_text_add(struct store *st, int64_t item_id, int64_t wording_id, const char *text)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "INSERT INTO item_text(item_id, wording_id, text) VALUES (?1, ?2, ?3)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, item_id);
	sqlite3_bind_int64(s, 2, wording_id);
	sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
	ret = step_done(st, s, "cannot store an item text");
	sqlite3_finalize(s);
	return ret;
}

/* Look up one id by an integer parent and a text or integer key; absent is an error. */
static int lookup_id(struct store *st, const char *sql, int64_t parent, const char *name,
		     long code, int64_t *id)
{
	sqlite3_stmt *s;
	int rc, ret = -1;

	if (prepare(st, sql, &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	if (name)
		sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 2, code);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		ret = 0;
	} else if (rc == SQLITE_DONE) {
		tv_error("%s: stored questionnaire lacks '%s'; the study is damaged", st->path,
			 name ? name : "an option");
	} else {
		db_error(st, "query failed");
	}
	sqlite3_finalize(s);
	return ret;
}

int store_wording_id(struct store *st, int64_t qid, const char *name, int64_t *id)
{
	return lookup_id(st, "SELECT id FROM wording WHERE questionnaire_id = ?1 AND name = ?2",
			 qid, name, 0, id);
}

int store_scale_id(struct store *st, int64_t qid, const char *name, int64_t *id)
{
	return lookup_id(st, "SELECT id FROM scale WHERE questionnaire_id = ?1 AND name = ?2",
			 qid, name, 0, id);
}

int store_option_id(struct store *st, int64_t scale_id, long code, int64_t *id)
{
	return lookup_id(st, "SELECT id FROM scale_option WHERE scale_id = ?1 AND code = ?2",
			 scale_id, NULL, code, id);
}

int store_item_id(struct store *st, int64_t qid, const char *name, int64_t *id)
{
	return lookup_id(st, "SELECT id FROM item WHERE questionnaire_id = ?1 AND name = ?2",
			 qid, name, 0, id);
}

/* ---- waves ---- */

int store_wave_find(struct store *st, const char *name, int64_t *id, int64_t *qid,
		    int64_t *wording_id)
{
	sqlite3_stmt *s;
	int rc, ret;

	if (prepare(st, "SELECT id, questionnaire_id, wording_id FROM wave WHERE name = ?1", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(s, 0);
		if (qid)
			*qid = sqlite3_column_int64(s, 1);
		if (wording_id)
			*wording_id = sqlite3_column_int64(s, 2);
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : db_error(st, "cannot read waves");
	}
	sqlite3_finalize(s);
	return ret;
}

int store_wave_add(struct store *st, const char *name, int64_t qid, int64_t wording_id, int64_t *id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "INSERT INTO wave(name, questionnaire_id, wording_id) VALUES (?1, ?2, ?3)", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	bind_id_or_null(s, 2, qid);
	bind_id_or_null(s, 3, wording_id);
	ret = insert_id(st, s, "cannot store the wave", id);
	sqlite3_finalize(s);
	return ret;
}

int store_wave_set_questionnaire(struct store *st, int64_t wave_id, int64_t qid, int64_t wording_id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "UPDATE wave SET questionnaire_id = ?2, wording_id = ?3 WHERE id = ?1", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, wave_id);
	bind_id_or_null(s, 2, qid);
	bind_id_or_null(s, 3, wording_id);
	ret = step_done(st, s, "cannot update the wave");
	sqlite3_finalize(s);
	return ret;
}

/* ---- respondents and answers ---- */

static int each_text(struct store *st, const char *sql, int64_t param,
		     int (*fn)(void *ctx, const char *text), void *ctx)
{
	sqlite3_stmt *s;
	int rc, ret = 0;

	if (prepare(st, sql, &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, param);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0)))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(st, "query failed");
	sqlite3_finalize(s);
	return ret;
}

int store_respondent_ids(struct store *st, int64_t wave_id,
			 int (*fn)(void *ctx, const char *ext_id), void *ctx)
{
	return each_text(st, "SELECT ext_id FROM respondent WHERE wave_id = ?1", wave_id, fn, ctx);
}

int store_respondent_add(struct store *st, int64_t wave_id, const char *ext_id,
			 int64_t import_id, long line, int64_t *id)
{
	sqlite3_stmt *s = cached(st, S_RESPONDENT_ADD);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, wave_id);
	sqlite3_bind_text(s, 2, ext_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, import_id);
	sqlite3_bind_int64(s, 4, line);
	if (insert_id(st, s, "cannot store a respondent", id) < 0)
		return -1;
	st->last_respondent = *id;
	st->next_seq = 0;
	return 0;
}

static void pending_clear(struct store *st)
{
	size_t i;

	for (i = 0; i < st->npending; i++)
		free(st->pending[i].text);
	st->npending = 0;
}

static void bind_answer(sqlite3_stmt *s, int base, const struct pending_answer *a)
{
	sqlite3_bind_int64(s, base + 1, a->respondent_id);
	sqlite3_bind_int64(s, base + 2, a->seq);
	sqlite3_bind_int64(s, base + 3, a->item_id);
	if (a->option_id > 0)
		sqlite3_bind_int64(s, base + 4, a->option_id);
	else
		sqlite3_bind_null(s, base + 4);
	if (a->has_num)
		sqlite3_bind_double(s, base + 5, a->num);
	else
		sqlite3_bind_null(s, base + 5);
	if (a->text)
		sqlite3_bind_text(s, base + 6, a->text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, base + 6);
}

/* Write the pending answers: a full batch with the cached multi-row INSERT, a rest row by row. */
static int answers_flush(struct store *st)
{
	sqlite3_stmt *s;
	size_t i;
	int rc, ret = 0;

	if (st->npending == ANSWER_BATCH) {
		if (!st->stmt[S_ANSWER_BATCH]) {
			struct buf b;

			buf_init(&b);
			buf_adds(&b, "INSERT INTO answer(respondent_id, seq, item_id, option_id, num, "
				"text) VALUES ");
			for (i = 0; i < ANSWER_BATCH; i++)
				buf_adds(&b, i ? ",(?,?,?,?,?,?)" : "(?,?,?,?,?,?)");
			rc = sqlite3_prepare_v2(st->db, b.s, -1, &st->stmt[S_ANSWER_BATCH], NULL);
			buf_release(&b);
			if (rc != SQLITE_OK) {
				pending_clear(st);
				return db_error(st, "cannot prepare statement");
			}
		}
		s = st->stmt[S_ANSWER_BATCH];
		for (i = 0; i < ANSWER_BATCH; i++)
			bind_answer(s, (int)(6 * i), &st->pending[i]);
		ret = step_done(st, s, "cannot store answers");
	} else {
		for (i = 0; i < st->npending && ret == 0; i++) {
			s = cached(st, S_ANSWER_ADD);
			if (!s) {
				ret = -1;
				break;
			}
			bind_answer(s, 0, &st->pending[i]);
			ret = step_done(st, s, "cannot store an answer");
		}
	}
	pending_clear(st);
	return ret;
}

int store_answer_add(struct store *st, int64_t respondent_id, int64_t item_id,
		     int64_t option_id, int has_num, double num, const char *text)
{
	struct pending_answer *a;

	if (!st->in_tx)
		return tv_error("%s: answers are only stored inside an import transaction", st->path);
	if (respondent_id != st->last_respondent)
		return tv_error("%s: answers of respondent %lld must follow its store_respondent_add",
				st->path, (long long)respondent_id);
	a = &st->pending[st->npending++];
	a->respondent_id = respondent_id;
	a->seq = st->next_seq++;
	a->item_id = item_id;
	a->option_id = option_id;
	a->has_num = has_num;
	a->num = num;
	a->text = text ? xstrdup(text) : NULL;
	if (st->npending == ANSWER_BATCH)
		return answers_flush(st);
	return 0;
}

/* ---- sampled cases ---- */

int store_case_ids(struct store *st, int64_t wave_id,
		   int (*fn)(void *ctx, const char *ext_id), void *ctx)
{
	return each_text(st, "SELECT ext_id FROM sampled_case WHERE wave_id = ?1", wave_id, fn, ctx);
}

int store_case_add(struct store *st, int64_t wave_id, const char *ext_id, const char *segment,
		   const char *disposition, const char *category, int64_t import_id, long line)
{
	sqlite3_stmt *s = cached(st, S_CASE_ADD);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, wave_id);
	sqlite3_bind_text(s, 2, ext_id, -1, SQLITE_STATIC);
	bind_text_or_null(s, 3, segment);
	sqlite3_bind_text(s, 4, disposition, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, category, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, import_id);
	sqlite3_bind_int64(s, 7, line);
	return step_done(st, s, "cannot store a sampled case");
}

int store_case_counts(struct store *st, const char *wave,
		      int (*fn)(void *ctx, const char *wave, const char *segment,
				const char *category, long count),
		      void *ctx)
{
	sqlite3_stmt *s;
	int rc, ret = 0;

	/* Segments in order of their first case in the file, categories within. */
	if (prepare(st, "SELECT w.name, COALESCE(c.segment, ''), c.category, count(*), "
			"min(min(c.id)) OVER (PARTITION BY w.id, c.segment) AS first "
			"FROM sampled_case c JOIN wave w ON w.id = c.wave_id "
			"WHERE ?1 IS NULL OR w.name = ?1 "
			"GROUP BY w.id, c.segment, c.category "
			"ORDER BY w.name, first, c.category", &s) < 0)
		return -1;
	bind_text_or_null(s, 1, wave);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0),
		       (const char *)sqlite3_column_text(s, 1),
		       (const char *)sqlite3_column_text(s, 2),
		       (long)sqlite3_column_int64(s, 3)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(st, "cannot count sampled cases");
	sqlite3_finalize(s);
	return ret;
}

/* ---- reading for analysis ---- */

static const char *col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Step through a prepared query, calling row(s) for each; stops when row returns nonzero. */
static int each_row(struct store *st, sqlite3_stmt *s, int (*row)(sqlite3_stmt *s, void *ctx),
		    void *ctx)
{
	int rc, ret = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (row(s, ctx))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(st, "query failed");
	sqlite3_finalize(s);
	return ret;
}

struct row_cb {
	void *fn;
	void *ctx;
};

static int wave_row(sqlite3_stmt *s, void *ctx)
{
	struct row_cb *cb = ctx;
	struct store_wave_row w = {
		.id = sqlite3_column_int64(s, 0), .name = col_text(s, 1),
		.questionnaire_id = sqlite3_column_int64(s, 2), .wording = col_text(s, 3),
		.respondents = (long)sqlite3_column_int64(s, 4),
	};

	return ((int (*)(void *, const struct store_wave_row *))cb->fn)(cb->ctx, &w);
}

int store_waves(struct store *st, int (*fn)(void *ctx, const struct store_wave_row *w), void *ctx)
{
	struct row_cb cb = { (void *)fn, ctx };
	sqlite3_stmt *s;

	if (prepare(st, "SELECT w.id, w.name, COALESCE(w.questionnaire_id, 0), wd.name, "
			"(SELECT count(*) FROM respondent r WHERE r.wave_id = w.id) "
			"FROM wave w LEFT JOIN wording wd ON wd.id = w.wording_id ORDER BY w.name", &s) < 0)
		return -1;
	return each_row(st, s, wave_row, &cb);
}

static int item_row(sqlite3_stmt *s, void *ctx)
{
	struct row_cb *cb = ctx;
	struct store_item_row it = {
		.id = sqlite3_column_int64(s, 0), .name = col_text(s, 1), .label = col_text(s, 2),
		.type = col_text(s, 3), .role = col_text(s, 4), .module = col_text(s, 5),
		.module_title = col_text(s, 6), .scale_id = sqlite3_column_int64(s, 7),
		.scale_name = col_text(s, 8), .top_label = col_text(s, 9),
		.has_min = sqlite3_column_type(s, 10) != SQLITE_NULL,
		.min = sqlite3_column_double(s, 10),
		.has_max = sqlite3_column_type(s, 11) != SQLITE_NULL,
		.max = sqlite3_column_double(s, 11),
		.integer_only = sqlite3_column_int(s, 12), .skewed = sqlite3_column_int(s, 13),
		.ordinal = sqlite3_column_int(s, 14), .unit = col_text(s, 15),
		.text = col_text(s, 16), .ord = sqlite3_column_int(s, 17),
	};

	return ((int (*)(void *, const struct store_item_row *))cb->fn)(cb->ctx, &it);
}

int store_items(struct store *st, int64_t qid, const char *wording_name,
		int (*fn)(void *ctx, const struct store_item_row *it), void *ctx)
{
	struct row_cb cb = { (void *)fn, ctx };
	sqlite3_stmt *s;

	if (prepare(st, "SELECT i.id, i.name, i.label, i.type, i.role, m.name, m.title, "
			"COALESCE(i.scale_id, 0), sc.name, sc.top_label, i.min, i.max, i.integer_only, "
			"i.skewed, COALESCE(sc.ordinal, 0), i.unit, "
			"(SELECT t.text FROM item_text t JOIN wording w ON w.id = t.wording_id "
			" WHERE t.item_id = i.id AND w.name = ?2), i.ord "
			"FROM item i LEFT JOIN module m ON m.id = i.module_id "
			"LEFT JOIN scale sc ON sc.id = i.scale_id "
			"WHERE i.questionnaire_id = ?1 ORDER BY i.ord", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, qid);
	bind_text_or_null(s, 2, wording_name);
	return each_row(st, s, item_row, &cb);
}

static int option_row(sqlite3_stmt *s, void *ctx)
{
	struct row_cb *cb = ctx;
	struct store_option_row o = {
		.id = sqlite3_column_int64(s, 0), .scale_id = sqlite3_column_int64(s, 1),
		.code = (long)sqlite3_column_int64(s, 2), .label = col_text(s, 3),
		.is_missing = sqlite3_column_int(s, 4), .is_top = sqlite3_column_int(s, 5),
		.ord = sqlite3_column_int(s, 6),
	};

	return ((int (*)(void *, const struct store_option_row *))cb->fn)(cb->ctx, &o);
}

int store_options(struct store *st, int64_t qid,
		  int (*fn)(void *ctx, const struct store_option_row *o), void *ctx)
{
	struct row_cb cb = { (void *)fn, ctx };
	sqlite3_stmt *s;

	if (prepare(st, "SELECT o.id, o.scale_id, o.code, o.label, o.is_missing, o.is_top, o.ord "
			"FROM scale_option o JOIN scale sc ON sc.id = o.scale_id "
			"WHERE sc.questionnaire_id = ?1 ORDER BY o.scale_id, o.ord", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, qid);
	return each_row(st, s, option_row, &cb);
}

struct answer_cb {
	int (*fn)(void *ctx, const struct store_answer_row *a);
	void *ctx;
	int want_text;
};

static int answer_row(sqlite3_stmt *s, void *ctx)
{
	struct answer_cb *cb = ctx;
	struct store_answer_row a = {
		.respondent_id = sqlite3_column_int64(s, 0), .item_id = sqlite3_column_int64(s, 1),
		.option_id = sqlite3_column_int64(s, 2),
		.has_num = sqlite3_column_type(s, 3) != SQLITE_NULL,
		.num = sqlite3_column_double(s, 3),
		.text = cb->want_text ? col_text(s, 4) : NULL,
	};

	return cb->fn(cb->ctx, &a);
}

int store_answers(struct store *st, int64_t wave_id, int want_text,
		  int (*fn)(void *ctx, const struct store_answer_row *a), void *ctx)
{
	struct answer_cb cb = { fn, ctx, want_text };
	sqlite3_stmt *s;

	/* The answer table is clustered by (respondent_id, seq). The IN list is an
	 * ordered set of the wave's respondent ids, so SQLite walks the primary key
	 * in order and streams the rows; a JOIN on respondent instead reads them in
	 * ext_id order through UNIQUE(wave_id, ext_id) and sorts the whole wave in a
	 * temporary B-tree (9 s and 450 MB at 200 000 respondents). */
	if (prepare(st, want_text ?
			"SELECT a.respondent_id, a.item_id, COALESCE(a.option_id, 0), a.num, a.text "
			"FROM answer a WHERE a.respondent_id IN "
			"(SELECT r.id FROM respondent r WHERE r.wave_id = ?1) "
			"ORDER BY a.respondent_id, a.seq" :
			"SELECT a.respondent_id, a.item_id, COALESCE(a.option_id, 0), a.num, NULL "
			"FROM answer a WHERE a.respondent_id IN "
			"(SELECT r.id FROM respondent r WHERE r.wave_id = ?1) "
			"ORDER BY a.respondent_id, a.seq", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, wave_id);
	return each_row(st, s, answer_row, &cb);
}

long store_count(struct store *st, const char *table)
{
	static const char *const known[] = {
		"questionnaire", "item", "wave", "respondent", "answer", "sampled_case",
		"import_log", "document", "speaker", "segment", "codebook", "code", "coder",
		"coding", "coding_audit", "pull_state",
	};
	sqlite3_stmt *s;
	char sql[64];
	long n = -1;
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i], table) == 0)
			break;
	if (i == sizeof(known) / sizeof(known[0]))
		return -1;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", known[i]);
	if (prepare(st, sql, &s) < 0)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* ---- qualitative material ---- */

int store_document_find(struct store *st, const char *ext_id, int64_t *id)
{
	return find_id(st, "SELECT id FROM document WHERE ext_id = ?1", ext_id, NULL, id);
}

int store_document_import(struct store *st, const char *ext_id, int64_t *import_id)
{
	return find_id(st, "SELECT import_id FROM document WHERE ext_id = ?1 AND import_id IS NOT NULL",
		       ext_id, NULL, import_id);
}

int store_document_add(struct store *st, const struct store_document *d, int64_t *id)
{
	sqlite3_stmt *s = cached(st, S_DOCUMENT_ADD);

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, d->ext_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->kind, -1, SQLITE_STATIC);
	bind_id_or_null(s, 3, d->wave_id);
	bind_text_or_null(s, 4, d->grp);
	bind_text_or_null(s, 5, d->method);
	bind_text_or_null(s, 6, d->held_on);
	bind_text_or_null(s, 7, d->interviewer);
	sqlite3_bind_text(s, 8, d->text, -1, SQLITE_STATIC);
	bind_id_or_null(s, 9, d->import_id);
	return insert_id(st, s, "cannot store a document", id);
}

int store_document_delete(struct store *st, int64_t id)
{
	static const char *const sql[] = {
		"DELETE FROM coding WHERE segment_id IN (SELECT id FROM segment WHERE document_id = ?1)",
		"DELETE FROM segment WHERE document_id = ?1",
		"DELETE FROM speaker WHERE document_id = ?1",
		"DELETE FROM document WHERE id = ?1",
	};
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (prepare(st, sql[i], &s) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (step_done(st, s, "cannot remove the document") < 0) {
			sqlite3_finalize(s);
			return -1;
		}
		sqlite3_finalize(s);
	}
	return 0;
}

int store_speaker_add(struct store *st, int64_t document_id, const char *label, const char *role,
		      int64_t respondent_id, int64_t *id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "INSERT INTO speaker(document_id, label, role, respondent_id) "
			"VALUES (?1, ?2, ?3, ?4)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, document_id);
	sqlite3_bind_text(s, 2, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
	bind_id_or_null(s, 4, respondent_id);
	ret = insert_id(st, s, "cannot store a speaker", id);
	sqlite3_finalize(s);
	return ret;
}

int store_segment_add(struct store *st, const struct store_segment *sg, int64_t *id)
{
	sqlite3_stmt *s = cached(st, S_SEGMENT_ADD);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, sg->document_id);
	bind_id_or_null(s, 2, sg->parent_id);
	sqlite3_bind_text(s, 3, sg->kind, -1, SQLITE_STATIC);
	bind_id_or_null(s, 4, sg->speaker_id);
	bind_id_or_null(s, 5, sg->respondent_id);
	bind_id_or_null(s, 6, sg->item_id);
	sqlite3_bind_int64(s, 7, sg->start_cp);
	sqlite3_bind_int64(s, 8, sg->end_cp);
	if (sg->start_ms >= 0)
		sqlite3_bind_int64(s, 9, sg->start_ms);
	if (sg->end_ms >= 0)
		sqlite3_bind_int64(s, 10, sg->end_ms);
	sqlite3_bind_int(s, 11, sg->coded);
	return insert_id(st, s, "cannot store a segment", id);
}

/*
 * SQLite's substr() counts characters (code points) in UTF-8 text, which is
 * what segment offsets count. The respondent's segment label comes from the
 * answer to the item with role 'segment'.
 */
#define SEGMENT_SELECT \
	"SELECT s.id, s.document_id, s.kind, " \
	"substr(d.text, s.start_cp + 1, s.end_cp - s.start_cp), d.ext_id, d.kind, w.name, " \
	"d.grp, d.method, sp.label, sp.role, " \
	"(SELECT o.label FROM answer a JOIN item i ON i.id = a.item_id AND i.role = 'segment' " \
	" JOIN scale_option o ON o.id = a.option_id WHERE a.respondent_id = s.respondent_id), " \
	"COALESCE(s.respondent_id, 0), it.name, s.coded " \
	"FROM segment s JOIN document d ON d.id = s.document_id " \
	"LEFT JOIN wave w ON w.id = d.wave_id LEFT JOIN speaker sp ON sp.id = s.speaker_id " \
	"LEFT JOIN item it ON it.id = s.item_id "

static int segment_row(sqlite3_stmt *s, void *ctx)
{
	struct row_cb *cb = ctx;
	struct store_segment_row r = {
		.id = sqlite3_column_int64(s, 0), .document_id = sqlite3_column_int64(s, 1),
		.kind = col_text(s, 2), .text = col_text(s, 3), .document = col_text(s, 4),
		.doc_kind = col_text(s, 5), .wave = col_text(s, 6), .grp = col_text(s, 7),
		.method = col_text(s, 8), .speaker = col_text(s, 9), .speaker_role = col_text(s, 10),
		.segment_label = col_text(s, 11), .respondent_id = sqlite3_column_int64(s, 12),
		.item = col_text(s, 13), .coded = sqlite3_column_int(s, 14),
	};

	if (!r.text)
		r.text = "";
	return ((int (*)(void *, const struct store_segment_row *))cb->fn)(cb->ctx, &r);
}

int store_segments(struct store *st, int only_coded,
		   int (*fn)(void *ctx, const struct store_segment_row *sg), void *ctx)
{
	struct row_cb cb = { (void *)fn, ctx };
	sqlite3_stmt *s;

	if (prepare(st, SEGMENT_SELECT "WHERE s.kind IN ('sentence', 'answer') "
			"AND (?1 = 0 OR s.coded = 1) ORDER BY s.document_id, s.start_cp, s.id", &s) < 0)
		return -1;
	sqlite3_bind_int(s, 1, only_coded);
	return each_row(st, s, segment_row, &cb);
}

struct found_cb {
	struct row_cb cb;
	int found;
};

static int segment_found(sqlite3_stmt *s, void *ctx)
{
	struct found_cb *f = ctx;

	f->found = 1;
	return segment_row(s, &f->cb);
}

int store_segment_get(struct store *st, int64_t id,
		      int (*fn)(void *ctx, const struct store_segment_row *sg), void *ctx)
{
	struct found_cb f = { { (void *)fn, ctx }, 0 };
	sqlite3_stmt *s;

	if (prepare(st, SEGMENT_SELECT "WHERE s.id = ?1", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (each_row(st, s, segment_found, &f) < 0)
		return -1;
	return f.found;
}

/* ---- codebooks, coders, codings ---- */

int store_codebook_find(struct store *st, const char *name, const char *version, int64_t *id,
			char sum[65])
{
	sqlite3_stmt *s;
	int rc, ret;

	if (prepare(st, "SELECT id, checksum FROM codebook WHERE name = ?1 AND version = ?2", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, version, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		if (sum)
			snprintf(sum, 65, "%s", col_text(s, 1));
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : db_error(st, "cannot read codebooks");
	}
	sqlite3_finalize(s);
	return ret;
}

int store_codebook_add(struct store *st, const char *name, const char *version,
		       const char *checksum, const char *definition, int64_t *id)
{
	sqlite3_stmt *s;
	char now[32];
	int ret;

	if (prepare(st, "INSERT INTO codebook(name, version, checksum, definition, added_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5)", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, checksum, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, definition, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, time_now_iso(now), -1, SQLITE_TRANSIENT);
	ret = insert_id(st, s, "cannot store the codebook", id);
	sqlite3_finalize(s);
	return ret;
}

int store_code_add(struct store *st, int64_t codebook_id, const char *name, const char *label,
		   const char *description, int64_t parent_id, const char *polarities, int64_t *id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "INSERT INTO code(codebook_id, name, label, description, parent_id, "
			"polarities) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, codebook_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, label, -1, SQLITE_STATIC);
	bind_text_or_null(s, 4, description);
	bind_id_or_null(s, 5, parent_id);
	sqlite3_bind_text(s, 6, polarities, -1, SQLITE_STATIC);
	ret = insert_id(st, s, "cannot store a code", id);
	sqlite3_finalize(s);
	return ret;
}

int store_code_find(struct store *st, const char *name, int64_t *id, char pol[4])
{
	sqlite3_stmt *s;
	int rc, ret;

	if (prepare(st, "SELECT c.id, c.polarities FROM code c JOIN codebook b ON b.id = c.codebook_id "
			"WHERE c.name = ?1 ORDER BY b.id DESC LIMIT 1", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		if (pol)
			snprintf(pol, 4, "%s", col_text(s, 1));
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : db_error(st, "cannot read codes");
	}
	sqlite3_finalize(s);
	return ret;
}

int store_coder_find(struct store *st, const char *name, int64_t *id)
{
	return find_id(st, "SELECT id FROM coder WHERE name = ?1", name, NULL, id);
}

int store_coder_get(struct store *st, const char *name, const char *kind, int64_t *id)
{
	sqlite3_stmt *s;
	int rc = store_coder_find(st, name, id);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (prepare(st, "INSERT INTO coder(name, kind) VALUES (?1, ?2)", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	rc = insert_id(st, s, "cannot store a coder", id);
	sqlite3_finalize(s);
	return rc;
}

int store_coding_set(struct store *st, int64_t segment_id, int64_t code_id, const char *polarity,
		     int64_t coder_id, int automatic, int64_t codebook_id, const char *status,
		     int *changed)
{
	sqlite3_stmt *s = cached(st, S_CODING_SET);
	char now[32];
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, segment_id);
	sqlite3_bind_int64(s, 2, code_id);
	bind_text_or_null(s, 3, polarity);
	sqlite3_bind_int64(s, 4, coder_id);
	sqlite3_bind_int(s, 5, automatic);
	bind_id_or_null(s, 6, codebook_id);
	sqlite3_bind_text(s, 7, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, time_now_iso(now), -1, SQLITE_TRANSIENT);
	rc = step_done(st, s, "cannot store a coding");
	if (rc == 0 && changed)
		*changed = sqlite3_changes(st->db) > 0;
	return rc;
}

int store_coding_get(struct store *st, int64_t segment_id, const char *code, int64_t coder_id,
		     char pol[4], char status[16], int *automatic, int64_t *code_id)
{
	sqlite3_stmt *s;
	int rc, ret;

	if (prepare(st, "SELECT COALESCE(g.polarity, ''), g.status, g.automatic, g.code_id "
			"FROM coding g JOIN code c ON c.id = g.code_id "
			"WHERE g.segment_id = ?1 AND c.name = ?2 AND g.coder_id = ?3", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, segment_id);
	sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, coder_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(pol, 4, "%s", col_text(s, 0));
		snprintf(status, 16, "%s", col_text(s, 1));
		*automatic = sqlite3_column_int(s, 2);
		*code_id = sqlite3_column_int64(s, 3);
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : db_error(st, "cannot read codings");
	}
	sqlite3_finalize(s);
	return ret;
}

int store_coding_status(struct store *st, int64_t segment_id, const char *code, int64_t coder_id,
			const char *status)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "UPDATE coding SET status = ?4 WHERE segment_id = ?1 AND coder_id = ?3 AND "
			"code_id IN (SELECT id FROM code WHERE name = ?2)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, segment_id);
	sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, coder_id);
	sqlite3_bind_text(s, 4, status, -1, SQLITE_STATIC);
	ret = step_done(st, s, "cannot update a coding");
	if (ret == 0)
		ret = sqlite3_changes(st->db) > 0;
	sqlite3_finalize(s);
	return ret;
}

int store_coding_remove(struct store *st, int64_t segment_id, int64_t code_id, int64_t coder_id)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "DELETE FROM coding WHERE segment_id = ?1 AND code_id IN "
			"(SELECT id FROM code WHERE name = (SELECT name FROM code WHERE id = ?2)) "
			"AND coder_id = ?3", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, segment_id);
	sqlite3_bind_int64(s, 2, code_id);
	sqlite3_bind_int64(s, 3, coder_id);
	ret = step_done(st, s, "cannot remove a coding");
	if (ret == 0)
		ret = sqlite3_changes(st->db) > 0;
	sqlite3_finalize(s);
	return ret;
}

int store_codings_replace_auto(struct store *st, int64_t coder_id, const char *codebook_name,
			       int64_t codebook_id, long *removed)
{
	sqlite3_stmt *s;
	int ret;

	if (prepare(st, "DELETE FROM coding WHERE coder_id = ?1 AND automatic = 1 AND codebook_id IN "
			"(SELECT id FROM codebook WHERE name = ?2 AND id != ?3)", &s) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, coder_id);
	sqlite3_bind_text(s, 2, codebook_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, codebook_id);
	ret = step_done(st, s, "cannot replace automatic codings");
	if (ret == 0 && removed)
		*removed = sqlite3_changes(st->db);
	sqlite3_finalize(s);
	return ret;
}

int store_audit_add(struct store *st, int64_t segment_id, const char *code, const char *polarity,
		    const char *coder, const char *action, const char *detail)
{
	sqlite3_stmt *s = cached(st, S_AUDIT_ADD);
	char now[32];

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, segment_id);
	sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
	bind_text_or_null(s, 3, polarity);
	sqlite3_bind_text(s, 4, coder, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, time_now_iso(now), -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, 7, detail);
	return step_done(st, s, "cannot write the audit trail");
}

static int coding_row(sqlite3_stmt *s, void *ctx)
{
	struct row_cb *cb = ctx;
	struct store_coding_row r = {
		.segment_id = sqlite3_column_int64(s, 0), .code = col_text(s, 1),
		.polarity = col_text(s, 2), .coder = col_text(s, 3), .coder_kind = col_text(s, 4),
		.status = col_text(s, 5), .automatic = sqlite3_column_int(s, 6),
		.codebook = col_text(s, 7), .codebook_version = col_text(s, 8),
	};

	return ((int (*)(void *, const struct store_coding_row *))cb->fn)(cb->ctx, &r);
}

int store_codings(struct store *st, int with_rejected,
		  int (*fn)(void *ctx, const struct store_coding_row *c), void *ctx)
{
	struct row_cb cb = { (void *)fn, ctx };
	sqlite3_stmt *s;

	if (prepare(st, "SELECT g.segment_id, c.name, g.polarity, k.name, k.kind, g.status, "
			"g.automatic, b.name, b.version FROM coding g JOIN code c ON c.id = g.code_id "
			"JOIN coder k ON k.id = g.coder_id LEFT JOIN codebook b ON b.id = g.codebook_id "
			"WHERE ?1 = 1 OR g.status != 'rejected' ORDER BY g.segment_id, c.name, k.name", &s) < 0)
		return -1;
	sqlite3_bind_int(s, 1, with_rejected);
	return each_row(st, s, coding_row, &cb);
}

/* ---- pull state (schema version 2) ---- */

static int pull_row(sqlite3_stmt *s, void *ctx)
{
	struct row_cb *cb = ctx;
	struct store_pull_row r = {
		.source = col_text(s, 0), .survey = (long)sqlite3_column_int64(s, 1),
		.wave = col_text(s, 2), .user = col_text(s, 3), .questionnaire = col_text(s, 4),
		.last_response = sqlite3_column_int64(s, 5), .updated_at = col_text(s, 6),
	};

	return ((int (*)(void *, const struct store_pull_row *))cb->fn)(cb->ctx, &r);
}

int store_pulls(struct store *st, const char *source, long survey,
		int (*fn)(void *ctx, const struct store_pull_row *p), void *ctx)
{
	struct row_cb cb = { (void *)fn, ctx };
	sqlite3_stmt *s;

	if (prepare(st, "SELECT p.source, p.survey, w.name, p.username, p.questionnaire_checksum, "
			"p.last_response, p.updated_at FROM pull_state p JOIN wave w ON w.id = p.wave_id "
			"WHERE p.survey = ?2 AND (?1 IS NULL OR p.source = ?1) ORDER BY p.source", &s) < 0)
		return -1;
	bind_text_or_null(s, 1, source);
	sqlite3_bind_int64(s, 2, survey);
	return each_row(st, s, pull_row, &cb);
}

int store_pull_set(struct store *st, const struct store_pull *p, int64_t expected_last)
{
	sqlite3_stmt *s;
	char now[32];
	int ret;

	if (prepare(st, expected_last < 0 ?
			"INSERT INTO pull_state(source, survey, wave_id, username, "
			"questionnaire_checksum, last_response, import_id, updated_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" :
			"UPDATE pull_state SET wave_id = ?3, username = ?4, questionnaire_checksum = ?5, "
			"last_response = ?6, import_id = ?7, updated_at = ?8 "
			"WHERE source = ?1 AND survey = ?2 AND last_response = ?9", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, p->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, p->survey);
	sqlite3_bind_int64(s, 3, p->wave_id);
	sqlite3_bind_text(s, 4, p->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->questionnaire, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, p->last_response);
	bind_id_or_null(s, 7, p->import_id);
	sqlite3_bind_text(s, 8, time_now_iso(now), -1, SQLITE_TRANSIENT);
	if (expected_last >= 0)
		sqlite3_bind_int64(s, 9, expected_last);
	ret = step_done(st, s, "cannot record the pull");
	if (ret == 0 && sqlite3_changes(st->db) != 1)
		ret = tv_error("%s: survey %ld was pulled from '%s' by another run meanwhile; "
			       "nothing was stored", st->path, p->survey, p->source);
	sqlite3_finalize(s);
	return ret;
}

int store_questionnaire_definition(struct store *st, const char *checksum, char **text, size_t *len)
{
	sqlite3_stmt *s;
	int rc, ret;

	if (prepare(st, "SELECT definition FROM questionnaire WHERE checksum = ?1", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, checksum, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(s, 0);
		*text = xstrndup(col_text(s, 0), *len);
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : db_error(st, "cannot read questionnaires");
	}
	sqlite3_finalize(s);
	return ret;
}

/* ---- reports (analyze/report.c) ---- */

static int code_label_row(sqlite3_stmt *s, void *ctx)
{
	struct row_cb *cb = ctx;

	return ((int (*)(void *, const char *, const char *, const char *, const char *))cb->fn)(
		cb->ctx, col_text(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3));
}

int store_code_labels(struct store *st,
		      int (*fn)(void *ctx, const char *codebook, const char *version,
				const char *name, const char *label),
		      void *ctx)
{
	struct row_cb cb = { (void *)fn, ctx };
	sqlite3_stmt *s;

	if (prepare(st, "SELECT b.name, b.version, c.name, c.label FROM code c "
			"JOIN codebook b ON b.id = c.codebook_id ORDER BY b.id, c.id", &s) < 0)
		return -1;
	return each_row(st, s, code_label_row, &cb);
}
