/* check_store.c: unit tests of core/store: creating, opening, refusing, transactions, imports, cases. */
#include "tests/testutil.h"
#include "core/store.h"
#include "core/util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

/* One directory per run (removed at the end even when a test fails), one below it per test. */
static char topdir[64];
static char tmpdir[128];

/* ---- capturing what a call prints on fd 2 ---- */


/* Assert that the captured text equals `want` (a printf format), then free both. */
static void assert_err(char *got, const char *fmt, const char *arg)
{
	char *want = xasprintf(fmt, arg);

	ck_assert_str_eq(got, want);
	free(want);
	free(got);
}

static void rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void setup_run(void)
{
	snprintf(topdir, sizeof(topdir), "/tmp/check_store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(topdir));
}

static void teardown_run(void)
{
	rm_rf(topdir);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/t.XXXXXX", topdir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	rm_rf(tmpdir);
}

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* The whole file as a new string (caller frees); *len its size. */
static char *slurp(const char *path, size_t *len)
{
	char *text = NULL;

	ck_assert_int_eq(file_read(path, 1 << 24, &text, len), 0);
	return text;
}

/* ---- a second, independent SQLite connection to look at the file ---- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
			 SQLITE_OK);
	return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

/* First column of the first row of sql as text (new string) or NULL when no row. */
static char *raw_text(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *s;
	char *out = NULL;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		out = xstrdup(sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "NULL");
	sqlite3_finalize(s);
	sqlite3_close(db);
	return out;
}

static long raw_long(const char *path, const char *sql)
{
	char *t = raw_text(path, sql);
	long v;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(num_parse_long(t, &v), 0);
	free(t);
	return v;
}

/* ---- fixtures in the store ---- */

/* A questionnaire with one open item; *item receives its id. */
static int64_t add_questionnaire(struct store *st, int64_t *item)
{
	struct store_item it = { .name = "opmerking", .type = "open", .ord = 0 };
	int64_t qid;

	ck_assert_int_eq(store_questionnaire_add(st, "ceo-test", "1", NULL, "cafe", "{}", &qid), 0);
	ck_assert_int_eq(store_item_add(st, qid, &it, item), 0);
	return qid;
}

/* ---- creating ---- */

START_TEST(test_create)
{
	char *path = tmp_path("study.tev"), *t;
	struct store *st = NULL;
	struct capture cap;
	int64_t id = 0;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(store_path(st), path);

	/* Foreign keys are enforced on the store's connection (a per-connection setting,
	 * so it is checked through the API): a respondent of a wave that does not exist. */
	capture_start(&cap);
	ck_assert_int_eq(store_respondent_add(st, 999, "r1", 999, 1, &id), -1);
	assert_err(capture_end(&cap),
		   "tevreden: %s: cannot store a respondent: FOREIGN KEY constraint failed\n", path);
	ck_assert_int_eq(store_count(st, "respondent"), 0);
	store_close(st);

	ck_assert_int_eq(raw_long(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(STORE_SCHEMA_VERSION, 3);
	t = raw_text(path, "PRAGMA journal_mode");
	ck_assert_str_eq(t, "wal");
	free(t);
	t = raw_text(path, "SELECT value FROM study_info WHERE key = 'created_by'");
	ck_assert_str_eq(t, "tevreden " TV_VERSION);
	free(t);
	ck_assert_int_eq(raw_long(path, "SELECT count(*) FROM study_info WHERE key = 'created_at' "
				  "AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'"), 1);
	free(path);
}
END_TEST

START_TEST(test_create_existing)
{
	char *path = tmp_path("study.tev"), *before, *after;
	struct store *st = NULL;
	struct capture cap;
	size_t n1, n2;

	ck_assert_int_eq(store_create(path, &st), 0);
	store_close(st);
	before = slurp(path, &n1);
	st = NULL;
	capture_start(&cap);
	ck_assert_int_eq(store_create(path, &st), -1);
	assert_err(capture_end(&cap),
		   "tevreden: '%s' already exists; a study is created in a new file\n", path);
	ck_assert_ptr_null(st);
	after = slurp(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	free(before);
	free(after);
	free(path);

	/* any existing file, also one that is not a study */
	path = tmp_path("notes.txt");
	write_file(path, "x\n", 2);
	capture_start(&cap);
	ck_assert_int_eq(store_create(path, &st), -1);
	assert_err(capture_end(&cap),
		   "tevreden: '%s' already exists; a study is created in a new file\n", path);
	after = slurp(path, &n2);
	ck_assert_str_eq(after, "x\n");
	free(after);
	free(path);
}
END_TEST

START_TEST(test_create_no_dir)
{
	char *path = tmp_path("missing-dir/study.tev");
	struct store *st = NULL;
	struct capture cap;
	char *err;

	capture_start(&cap);
	ck_assert_int_eq(store_create(path, &st), -1);
	err = capture_end(&cap);
	ck_assert_ptr_null(st);
	ck_assert_msg(strncmp(err, "tevreden: ", 10) == 0 && strstr(err, path) && strchr(err, '\n'),
		      "unexpected message: %s", err);
	free(err);
	free(path);
}
END_TEST

/* ---- opening and refusing ---- */

START_TEST(test_open_reopen)
{
	char *path = tmp_path("study.tev");
	struct store *st = NULL;
	int64_t id = 0, id2 = 0, qid = -1, wid = -1;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &id), 0);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);

	st = NULL;
	ck_assert_int_eq(store_open(path, &st), 0);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(store_wave_find(st, "2016", &id2, &qid, &wid), 1);
	ck_assert_int_eq(id2, id);
	ck_assert_int_eq(qid, 0);
	ck_assert_int_eq(wid, 0);
	ck_assert_int_eq(store_count(st, "wave"), 1);
	store_close(st);
	ck_assert_int_eq(raw_long(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	free(path);
}
END_TEST

START_TEST(test_open_newer)
{
	char *path = tmp_path("newer.tev"), *before, *after;
	struct store *st = NULL;
	struct capture cap;
	sqlite3 *db;
	size_t n1, n2;

	/* A study from a future tevreden: WAL like ours, schema version 99. */
	db = raw_open(path);
	raw_exec(db, "PRAGMA journal_mode = WAL; CREATE TABLE future(x); PRAGMA user_version = 99");
	sqlite3_close(db);
	before = slurp(path, &n1);

	capture_start(&cap);
	ck_assert_int_eq(store_open(path, &st), -1);
	assert_err(capture_end(&cap), "tevreden: %s: study has schema version 99, this tevreden "
		   "knows up to 3; use a newer tevreden\n", path);
	ck_assert_ptr_null(st);

	/* refused means untouched */
	after = slurp(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	ck_assert_int_eq(raw_long(path, "PRAGMA user_version"), 99);
	ck_assert_int_eq(raw_long(path, "SELECT count(*) FROM sqlite_master WHERE name = 'study_info'"), 0);
	free(before);
	free(after);
	free(path);
}
END_TEST

START_TEST(test_open_not_sqlite)
{
	char *path = tmp_path("ceo-2016.csv"), *after;
	struct store *st = NULL;
	struct capture cap;
	size_t n;

	write_file(path, "respnr,segment\n1,2\n", 19);
	capture_start(&cap);
	ck_assert_int_eq(store_open(path, &st), -1);
	assert_err(capture_end(&cap), "tevreden: '%s' is not a tevreden study (not an SQLite file)\n",
		   path);
	ck_assert_ptr_null(st);
	after = slurp(path, &n);
	ck_assert_str_eq(after, "respnr,segment\n1,2\n");
	free(after);
	free(path);

	/* shorter than the SQLite header */
	path = tmp_path("short.tev");
	write_file(path, "SQLite", 6);
	capture_start(&cap);
	ck_assert_int_eq(store_open(path, &st), -1);
	assert_err(capture_end(&cap), "tevreden: '%s' is not a tevreden study (not an SQLite file)\n",
		   path);
	free(path);

	path = tmp_path("empty.tev");
	write_file(path, "", 0);
	capture_start(&cap);
	ck_assert_int_eq(store_open(path, &st), -1);
	assert_err(capture_end(&cap), "tevreden: '%s' is an empty file, not a tevreden study\n", path);
	ck_assert_int_eq(access(path, F_OK), 0);
	{
		struct stat sb;

		ck_assert_int_eq(stat(path, &sb), 0);
		ck_assert_int_eq(sb.st_size, 0);
	}
	free(path);

	/* a directory */
	capture_start(&cap);
	ck_assert_int_eq(store_open(tmpdir, &st), -1);
	assert_err(capture_end(&cap), "tevreden: '%s' is not a tevreden study (not an SQLite file)\n",
		   tmpdir);

	path = tmp_path("nope.tev");
	capture_start(&cap);
	ck_assert_int_eq(store_open(path, &st), -1);
	assert_err(capture_end(&cap), "tevreden: cannot open study '%s': No such file or directory "
		   "(create one with 'tevreden init')\n", path);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_ptr_null(st);
	free(path);
}
END_TEST

/*
 * An SQLite database of another program (schema version 0, tables of its own)
 * is not a study: opening it must not run migration 0 -> 1 and add the
 * tevreden schema to somebody else's file.
 */
START_TEST(test_open_foreign_sqlite)
{
	char *path = tmp_path("crm.sqlite"), *err;
	struct store *st = NULL;
	struct capture cap;
	sqlite3 *db;
	long version, tables;
	int rc, said;

	db = raw_open(path);
	raw_exec(db, "CREATE TABLE client(id INTEGER PRIMARY KEY, name TEXT); "
		 "INSERT INTO client(name) VALUES ('a')");
	sqlite3_close(db);

	capture_start(&cap);
	rc = store_open(path, &st);
	err = capture_end(&cap);
	if (rc == 0)
		store_close(st);
	version = raw_long(path, "PRAGMA user_version");
	tables = raw_long(path, "SELECT count(*) FROM sqlite_master WHERE name = 'study_info'");
	said = strncmp(err, "tevreden: ", 10) == 0 && strstr(err, path) != NULL;
	free(err);
	free(path);
	ck_assert_msg(rc == -1, "store_open accepted a foreign SQLite database (and set its "
		      "user_version to %ld)", version);
	ck_assert_msg(said, "the refusal names the file");
	ck_assert_int_eq(version, 0);
	ck_assert_int_eq(tables, 0);
}
END_TEST

/* ---- transactions ---- */

START_TEST(test_rollback)
{
	char *path = tmp_path("study.tev");
	struct store *st = NULL;
	int64_t id = 0;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &id), 0);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(store_wave_find(st, "2016", NULL, NULL, NULL), 1);
	store_rollback(st);
	ck_assert_int_eq(store_wave_find(st, "2016", NULL, NULL, NULL), 0);
	ck_assert_int_eq(store_count(st, "wave"), 0);
	store_rollback(st);	/* no transaction open: harmless */

	/* closing with an open transaction rolls it back */
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2015", 0, 0, &id), 0);
	store_close(st);
	ck_assert_int_eq(store_open(path, &st), 0);
	ck_assert_int_eq(store_wave_find(st, "2015", NULL, NULL, NULL), 0);

	/* and a commit keeps it */
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2015", 0, 0, &id), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_wave_find(st, "2015", NULL, NULL, NULL), 1);
	store_close(st);
	free(path);
}
END_TEST

/* A bulk transaction switches foreign keys off only while it lasts. */
START_TEST(test_bulk_restores_fk)
{
	char *path = tmp_path("study.tev");
	struct store *st = NULL;
	struct capture cap;
	int64_t id;
	int round;

	ck_assert_int_eq(store_create(path, &st), 0);
	for (round = 0; round < 2; round++) {
		ck_assert_int_eq(store_begin_bulk(st), 0);
		if (round == 0)
			ck_assert_int_eq(store_commit(st), 0);
		else
			store_rollback(st);
		capture_start(&cap);
		ck_assert_int_eq(store_respondent_add(st, 999, "r1", 999, 1, &id), -1);
		assert_err(capture_end(&cap), "tevreden: %s: cannot store a respondent: FOREIGN KEY "
			   "constraint failed\n", path);
	}
	store_close(st);
	free(path);
}
END_TEST

/* ---- waves ---- */

START_TEST(test_waves)
{
	char *path = tmp_path("study.tev");
	struct store *st = NULL;
	struct capture cap;
	int64_t w = 0, w2 = 0, item, qid, wording, got_q = -1, got_w = -1;
	char *label;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	qid = add_questionnaire(st, &item);
	ck_assert_int_eq(store_wording_add(st, qid, "standaard", 0, &wording), 0);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &w), 0);
	ck_assert_int_eq(store_wave_find(st, "2016", &w2, &got_q, &got_w), 1);
	ck_assert_int_eq(w2, w);
	ck_assert_int_eq(got_q, 0);
	ck_assert_int_eq(got_w, 0);
	ck_assert_int_eq(store_wave_set_questionnaire(st, w, qid, wording), 0);
	ck_assert_int_eq(store_wave_find(st, "2016", NULL, &got_q, &got_w), 1);
	ck_assert_int_eq(got_q, qid);
	ck_assert_int_eq(got_w, wording);
	ck_assert_int_eq(store_wave_find(st, "2017", &w2, NULL, NULL), 0);

	capture_start(&cap);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &w2), -1);
	assert_err(capture_end(&cap),
		   "tevreden: %s: cannot store the wave: UNIQUE constraint failed: wave.name\n", path);
	ck_assert_int_eq(store_commit(st), 0);

	label = store_questionnaire_label(st, qid);
	ck_assert_str_eq(label, "ceo-test 1");
	free(label);
	ck_assert_ptr_null(store_questionnaire_label(st, qid + 100));
	ck_assert_int_eq(store_questionnaire_find(st, "cafe", &got_q), 1);
	ck_assert_int_eq(got_q, qid);
	ck_assert_int_eq(store_questionnaire_find(st, "beef", &got_q), 0);
	ck_assert_int_eq(store_item_id(st, qid, "opmerking", &got_w), 0);
	ck_assert_int_eq(got_w, item);
	capture_start(&cap);
	ck_assert_int_eq(store_item_id(st, qid, "zz", &got_w), -1);
	assert_err(capture_end(&cap),
		   "tevreden: %s: stored questionnaire lacks 'zz'; the study is damaged\n", path);
	store_close(st);
	free(path);
}
END_TEST

/* ---- import log ---- */

/* One import of n respondents with k answers each; returns the import id. */
static int64_t import_some(struct store *st, int64_t wave, int64_t item, const char *sum,
			   const char *prefix, int n, int k)
{
	int64_t imp = 0, r;
	char ext[32];
	int i, j;

	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_import_add(st, "survey", "ceo-2016.csv", sum, wave, NULL, &imp), 0);
	/* not finished yet: not found */
	ck_assert_int_eq(store_import_find(st, "survey", sum, &r), 0);
	for (i = 0; i < n; i++) {
		snprintf(ext, sizeof(ext), "%s%d", prefix, i);
		ck_assert_int_eq(store_respondent_add(st, wave, ext, imp, i + 2, &r), 0);
		for (j = 0; j < k; j++)
			ck_assert_int_eq(store_answer_add(st, r, item, 0, j % 2, j, j % 2 ? NULL : "tekst"), 0);
	}
	ck_assert_int_eq(store_import_finish(st, imp, n, 0), 0);
	ck_assert_int_eq(store_commit(st), 0);
	return imp;
}

static int collect_ids(void *ctx, const char *ext_id)
{
	struct buf *b = ctx;

	buf_printf(b, "%s%s", b->len ? "," : "", ext_id);
	return 0;
}

START_TEST(test_import_log)
{
	char *path = tmp_path("study.tev");
	struct store *st = NULL;
	int64_t wave, item, imp1, imp2, imp3, imp4, found = 0;
	struct capture cap;
	struct buf ids;
	char *t, want[128];

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	add_questionnaire(st, &item);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &wave), 0);
	ck_assert_int_eq(store_commit(st), 0);

	imp1 = import_some(st, wave, item, "sum1", "a", 3, 4);
	imp2 = import_some(st, wave, item, "sum2", "b", 2, 3);
	ck_assert_int_ne(imp1, imp2);
	ck_assert_int_eq(store_count(st, "respondent"), 5);
	ck_assert_int_eq(store_count(st, "answer"), 3 * 4 + 2 * 3);
	ck_assert_int_eq(store_count(st, "import_log"), 2);

	ck_assert_int_eq(store_import_find(st, "survey", "sum1", &found), 1);
	ck_assert_int_eq(found, imp1);
	ck_assert_int_eq(store_import_find(st, "survey", "sum2", &found), 1);
	ck_assert_int_eq(found, imp2);
	ck_assert_int_eq(store_import_find(st, "contacts", "sum1", &found), 0);
	ck_assert_int_eq(store_import_find(st, "survey", "sum3", &found), 0);

	buf_init(&ids);
	ck_assert_int_eq(store_respondent_ids(st, wave, collect_ids, &ids), 0);
	ck_assert_str_eq(ids.s, "a0,a1,a2,b0,b1");
	buf_release(&ids);

	/* replacing the first import takes its respondents and their answers, nothing else;
	 * its log entry stays, marked with the import that replaced it */
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_import_add(st, "survey", "ceo-2016.csv", "sum1", wave, NULL, &imp3), 0);
	ck_assert_int_eq(store_import_replace(st, imp1, imp3), 0);
	ck_assert_int_eq(store_import_finish(st, imp3, 0, 0), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_count(st, "respondent"), 2);
	ck_assert_int_eq(store_count(st, "answer"), 2 * 3);
	buf_init(&ids);
	ck_assert_int_eq(store_respondent_ids(st, wave, collect_ids, &ids), 0);
	ck_assert_str_eq(ids.s, "b0,b1");
	buf_release(&ids);
	ck_assert_int_eq(store_count(st, "import_log"), 3);
	t = raw_text(path, "SELECT group_concat(id || ':' || ifnull(replaced_by, '-') || ':' || rows, ' ') "
		     "FROM import_log");
	snprintf(want, sizeof(want), "%lld:%lld:3 %lld:-:2 %lld:-:0", (long long)imp1,
		 (long long)imp3, (long long)imp2, (long long)imp3);
	ck_assert_str_eq(t, want);
	free(t);
	/* the file's import is now the replacement */
	ck_assert_int_eq(store_import_find(st, "survey", "sum1", &found), 1);
	ck_assert_int_eq(found, imp3);

	/* a replaced import is not found by its checksum, even without a newer one */
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_import_add(st, "survey", "ceo-2016b.csv", "sum4", wave, NULL, &imp4), 0);
	ck_assert_int_eq(store_import_replace(st, imp2, imp4), 0);
	ck_assert_int_eq(store_import_finish(st, imp4, 0, 0), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_import_find(st, "survey", "sum2", &found), 0);
	ck_assert_int_eq(store_count(st, "respondent"), 0);
	ck_assert_int_eq(store_count(st, "answer"), 0);
	ck_assert_int_eq(store_count(st, "item"), 1);	/* the questionnaire stays */
	ck_assert_int_eq(store_count(st, "wave"), 1);
	ck_assert_int_eq(store_count(st, "import_log"), 4);

	/* an import is replaced once, by another import that is in the log */
	ck_assert_int_eq(store_begin(st), 0);
	capture_start(&cap);
	ck_assert_int_eq(store_import_replace(st, imp1, imp4), -1);
	assert_err(capture_end(&cap), "tevreden: %s: import 1 is not in the log, or was replaced "
		   "before\n", path);
	capture_start(&cap);
	ck_assert_int_eq(store_import_replace(st, imp4, imp4), -1);
	assert_err(capture_end(&cap), "tevreden: %s: import 4 cannot replace itself\n", path);
	capture_start(&cap);
	ck_assert_int_eq(store_import_replace(st, 99, imp4), -1);
	assert_err(capture_end(&cap), "tevreden: %s: import 99 is not in the log, or was replaced "
		   "before\n", path);
	capture_start(&cap);
	ck_assert_int_eq(store_import_replace(st, imp3, 99), -1);
	assert_err(capture_end(&cap), "tevreden: %s: cannot mark the earlier import as replaced: "
		   "FOREIGN KEY constraint failed\n", path);
	store_rollback(st);
	ck_assert_int_eq(raw_long(path, "SELECT count(*) FROM import_log WHERE replaced_by IS NULL"), 2);
	store_close(st);

	/* the answers were really gone from the file, not just from this handle */
	ck_assert_int_eq(raw_long(path, "SELECT count(*) FROM answer"), 0);
	free(path);
}
END_TEST

/*
 * Answers of several respondents may arrive interleaved (a long-format file,
 * or a second pass over earlier respondents); the header sets no order.
 */
START_TEST(test_answers_interleaved)
{
	char *path = tmp_path("study.tev"), *err;
	struct store *st = NULL;
	struct capture cap;
	int64_t wave, item, imp, r1, r2;
	char msg[512];
	long n;
	int rc;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	add_questionnaire(st, &item);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &wave), 0);
	ck_assert_int_eq(store_import_add(st, "survey", "lang.json", "s", wave, NULL, &imp), 0);
	ck_assert_int_eq(store_respondent_add(st, wave, "r1", imp, 2, &r1), 0);
	ck_assert_int_eq(store_respondent_add(st, wave, "r2", imp, 3, &r2), 0);
	/* Answers follow their respondent: r1's answers after r2 was added are refused. */
	capture_start(&cap);
	rc = store_answer_add(st, r1, item, 0, 0, 0, "a");
	err = capture_end(&cap);
	snprintf(msg, sizeof(msg), "tevreden: %s: answers of respondent %lld must follow its "
		 "store_respondent_add\n", path, (long long)r1);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err, msg);
	free(err);
	ck_assert_int_eq(store_answer_add(st, r2, item, 0, 0, 0, "b"), 0);
	ck_assert_int_eq(store_answer_add(st, r2, item, 0, 0, 0, "c"), 0);
	ck_assert_int_eq(store_import_finish(st, imp, 2, 0), 0);
	ck_assert_int_eq(store_commit(st), 0);
	n = store_count(st, "answer");
	store_close(st);
	free(path);
	ck_assert_int_eq(n, 2);
}
END_TEST

/*
 * An answer accepted outside a transaction must not vanish: either
 * store_answer_add refuses it, or it is in the file after store_close.
 */
START_TEST(test_answer_outside_tx)
{
	char *path = tmp_path("study.tev"), *err;
	struct store *st = NULL;
	struct capture cap;
	int64_t wave, item, imp, r;
	long n;
	int rc, said;

	ck_assert_int_eq(store_create(path, &st), 0);
	add_questionnaire(st, &item);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &wave), 0);
	ck_assert_int_eq(store_import_add(st, "survey", "f.csv", "s", wave, NULL, &imp), 0);
	ck_assert_int_eq(store_respondent_add(st, wave, "r1", imp, 2, &r), 0);
	capture_start(&cap);
	rc = store_answer_add(st, r, item, 0, 1, 7, NULL);
	store_close(st);
	err = capture_end(&cap);
	n = raw_long(path, "SELECT count(*) FROM answer");
	said = *err != '\0';
	free(path);
	free(err);
	if (rc == 0)
		ck_assert_msg(n == 1, "store_answer_add returned 0 outside a transaction, "
			      "but the answer is not in the file after store_close (%ld rows)", n);
	else
		ck_assert_msg(said, "refused without a message");
}
END_TEST

START_TEST(test_import_replace_cases)
{
	char *path = tmp_path("study.tev"), *t;
	struct store *st = NULL;
	int64_t wave, imp1, imp2, imp3;
	struct buf ids;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &wave), 0);
	ck_assert_int_eq(store_import_add(st, "contacts", "veldwerk.csv", "s1", wave, NULL, &imp1), 0);
	ck_assert_int_eq(store_case_add(st, wave, "c1", "basishulp", "20", "I", imp1, 2), 0);
	ck_assert_int_eq(store_case_add(st, wave, "c2", "basishulp", "31", "R", imp1, 3), 0);
	ck_assert_int_eq(store_import_finish(st, imp1, 2, 0), 0);
	ck_assert_int_eq(store_import_add(st, "contacts", "extra.csv", "s2", wave, NULL, &imp2), 0);
	ck_assert_int_eq(store_case_add(st, wave, "c3", NULL, "20", "I", imp2, 2), 0);
	ck_assert_int_eq(store_import_finish(st, imp2, 1, 0), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_count(st, "sampled_case"), 3);

	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_import_add(st, "contacts", "veldwerk.csv", "s1", wave, NULL, &imp3), 0);
	ck_assert_int_eq(store_import_replace(st, imp1, imp3), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_count(st, "sampled_case"), 1);
	buf_init(&ids);
	ck_assert_int_eq(store_case_ids(st, wave, collect_ids, &ids), 0);
	ck_assert_str_eq(ids.s, "c3");
	buf_release(&ids);
	store_close(st);
	t = raw_text(path, "SELECT group_concat(ifnull(replaced_by, '-'), ' ') FROM import_log");
	ck_assert_str_eq(t, "3 - -");
	free(t);
	free(path);
}
END_TEST

/* ---- sampled cases ---- */

static int collect_counts(void *ctx, const char *wave, const char *segment, const char *category,
			  long count)
{
	struct buf *b = ctx;

	buf_printf(b, "%s%s/%s/%s=%ld", b->len ? " " : "", wave, segment, category, count);
	return 0;
}

static int stop_after_one(void *ctx, const char *wave, const char *segment, const char *category,
			  long count)
{
	collect_counts(ctx, wave, segment, category, count);
	return 1;
}

START_TEST(test_case_counts)
{
	static const struct {
		const char *wave, *ext, *segment, *disp, *cat;
	} cases[] = {
		{ "2016", "c1", "specialistisch", "20", "I" },
		{ "2016", "c2", "basishulp", "20", "I" },
		{ "2016", "c3", "specialistisch", "31", "R" },
		{ "2016", "c4", NULL, "32", "NC" },
		{ "2016", "c5", "basishulp", "20", "I" },
		{ "2016", "c6", "specialistisch", "20", "I" },
		{ "2015", "d1", "JB/JR", "20", "I" },
		{ "2015", "d2", "JB/JR", "41", "UH" },
	};
	char *path = tmp_path("study.tev");
	struct store *st = NULL;
	int64_t w2016, w2015, imp, wave;
	struct buf b;
	size_t i;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &w2016), 0);
	ck_assert_int_eq(store_wave_add(st, "2015", 0, 0, &w2015), 0);
	ck_assert_int_eq(store_import_add(st, "contacts", "veldwerk.csv", "s", 0, NULL, &imp), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wave = strcmp(cases[i].wave, "2016") == 0 ? w2016 : w2015;
		ck_assert_int_eq(store_case_add(st, wave, cases[i].ext, cases[i].segment,
						cases[i].disp, cases[i].cat, imp, (long)i + 2), 0);
	}
	ck_assert_int_eq(store_import_finish(st, imp, 8, 0), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_count(st, "sampled_case"), 8);

	/*
	 * Waves by name; within a wave the segments in order of first appearance
	 * (specialistisch at c1, basishulp at c2, no segment at c4), every segment's
	 * categories together: `tevreden response` merges adjacent rows of a segment.
	 */
	buf_init(&b);
	ck_assert_int_eq(store_case_counts(st, NULL, collect_counts, &b), 0);
	ck_assert_str_eq(b.s, "2015/JB/JR/I=1 2015/JB/JR/UH=1 "
			 "2016/specialistisch/I=2 2016/specialistisch/R=1 "
			 "2016/basishulp/I=2 2016//NC=1");
	buf_reset(&b);
	ck_assert_int_eq(store_case_counts(st, "2015", collect_counts, &b), 0);
	ck_assert_str_eq(b.s, "2015/JB/JR/I=1 2015/JB/JR/UH=1");
	buf_reset(&b);
	ck_assert_int_eq(store_case_counts(st, "2014", collect_counts, &b), 0);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(store_case_counts(st, NULL, stop_after_one, &b), 0);
	ck_assert_str_eq(b.s, "2015/JB/JR/I=1");
	buf_release(&b);

	/* the same case twice in a wave is refused */
	{
		struct capture cap;

		ck_assert_int_eq(store_begin(st), 0);
		capture_start(&cap);
		ck_assert_int_eq(store_case_add(st, w2016, "c1", NULL, "20", "I", imp, 99), -1);
		assert_err(capture_end(&cap), "tevreden: %s: cannot store a sampled case: UNIQUE "
			   "constraint failed: sampled_case.wave_id, sampled_case.ext_id\n", path);
		capture_start(&cap);
		ck_assert_int_eq(store_case_add(st, w2016, "c9", NULL, "20", "X", imp, 99), -1);
		assert_err(capture_end(&cap), "tevreden: %s: cannot store a sampled case: CHECK "
			   "constraint failed: category IN ('I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE')\n",
			   path);
		store_rollback(st);
	}
	ck_assert_int_eq(store_count(st, "sampled_case"), 8);
	store_close(st);
	free(path);
}
END_TEST

START_TEST(test_count_unknown_table)
{
	char *path = tmp_path("study.tev");
	struct store *st = NULL;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_count(st, "study_info"), -1);
	ck_assert_int_eq(store_count(st, "answer; DROP TABLE answer"), -1);
	ck_assert_int_eq(store_count(st, ""), -1);
	ck_assert_int_eq(store_count(st, "coding"), 0);
	store_close(st);
	store_close(NULL);
	free(path);
}
END_TEST

/* ---- schema version 2: pull state ---- */

/* A study of schema version 1 (as tevreden 0.1 wrote it) is brought forward when opened. */
START_TEST(test_migrate_v1)
{
	char *path = tmp_path("v1.tev");
	struct store *st = NULL;
	int64_t wid = 0, found = 0;
	sqlite3 *db;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &wid), 0);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
	/* Version 1 is version 3 without the pull state and without import_log.replaced_by. */
	db = raw_open(path);
	raw_exec(db, "ALTER TABLE import_log DROP COLUMN replaced_by; DROP TABLE pull_state; "
		 "PRAGMA user_version = 1");
	sqlite3_close(db);
	ck_assert_int_eq(raw_long(path, "SELECT count(*) FROM sqlite_master WHERE name = 'pull_state'"), 0);

	st = NULL;
	ck_assert_int_eq(store_open(path, &st), 0);
	ck_assert_int_eq(store_count(st, "pull_state"), 0);
	ck_assert_int_eq(store_wave_find(st, "2016", &found, NULL, NULL), 1);
	ck_assert_int_eq(found, wid);
	store_close(st);
	ck_assert_int_eq(raw_long(path, "PRAGMA user_version"), 3);
	ck_assert_int_eq(raw_long(path, "SELECT count(*) FROM sqlite_master WHERE name = 'pull_state'"), 1);
	ck_assert_int_eq(raw_long(path, "SELECT count(*) FROM pragma_table_info('import_log') "
				  "WHERE name = 'replaced_by'"), 1);
	free(path);
}
END_TEST

/* ---- schema version 3: replaced imports ---- */

/* One finished import with n sampled cases (kind contacts) or n respondents (survey). */
static int64_t log_import(struct store *st, int64_t wave, const char *kind, const char *sum, int n)
{
	static int next;
	int64_t imp = 0, r;
	char ext[32];
	int i;

	ck_assert_int_eq(store_import_add(st, kind, "f.csv", sum, wave, NULL, &imp), 0);
	for (i = 0; i < n; i++) {
		snprintf(ext, sizeof(ext), "x%d", next++);
		if (strcmp(kind, "contacts") == 0)
			ck_assert_int_eq(store_case_add(st, wave, ext, NULL, "1.1", "I", imp, i + 2), 0);
		else
			ck_assert_int_eq(store_respondent_add(st, wave, ext, imp, i + 2, &r), 0);
	}
	ck_assert_int_eq(store_import_finish(st, imp, n ? n : 2, 0), 0);
	return imp;
}

/*
 * A study of schema version 2 whose log still has the entries of imports that
 * --replace emptied gets them marked when opened: an emptied survey or
 * contacts import followed by one of the same kind and checksum was replaced
 * by the first such; an import with data left, or of another kind, was not.
 */
START_TEST(test_migrate_v2)
{
	char *path = tmp_path("v2.tev"), *t;
	struct store *st = NULL;
	int64_t wave;
	sqlite3 *db;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(store_wave_add(st, "2016", 0, 0, &wave), 0);
	log_import(st, wave, "contacts", "c", 0);	/* 1: replaced by 2 */
	log_import(st, wave, "contacts", "c", 0);	/* 2: replaced by 4 */
	log_import(st, wave, "survey", "c", 3);		/* 3: another kind, data left */
	log_import(st, wave, "contacts", "c", 2);	/* 4: the one in the study */
	log_import(st, wave, "survey", "s", 0);		/* 5: replaced by 7 */
	log_import(st, wave, "transcript", "t", 0);	/* 6: transcripts are not replaced by checksum */
	log_import(st, wave, "survey", "s", 1);		/* 7 */
	log_import(st, wave, "transcript", "t", 0);	/* 8 */
	log_import(st, wave, "survey", "d", 1);		/* 9: data left: not replaced */
	log_import(st, wave, "survey", "d", 1);		/* 10 */
	log_import(st, wave, "contacts", "e", 0);	/* 11: nothing after it */
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
	db = raw_open(path);
	raw_exec(db, "ALTER TABLE import_log DROP COLUMN replaced_by; PRAGMA user_version = 2");
	sqlite3_close(db);

	st = NULL;
	ck_assert_int_eq(store_open(path, &st), 0);
	store_close(st);
	ck_assert_int_eq(raw_long(path, "PRAGMA user_version"), 3);
	t = raw_text(path, "SELECT group_concat(id || ':' || ifnull(replaced_by, '-'), ' ') "
		     "FROM import_log");
	ck_assert_str_eq(t, "1:2 2:4 3:- 4:- 5:7 6:- 7:- 8:- 9:- 10:- 11:-");
	free(t);
	free(path);
}
END_TEST

struct pull_seen {
	int n;
	char text[256];
};

static int pull_seen_row(void *ctx, const struct store_pull_row *r)
{
	struct pull_seen *ps = ctx;
	size_t len = strlen(ps->text);

	snprintf(ps->text + len, sizeof(ps->text) - len, "%s%s %ld %s %s %.4s %lld",
		 ps->n++ ? "; " : "", r->source, r->survey, r->wave, r->user, r->questionnaire,
		 (long long)r->last_response);
	return 0;
}

START_TEST(test_pull_state)
{
	char *path = tmp_path("pull.tev"), *def = NULL;
	struct store *st = NULL;
	struct pull_seen ps = { 0, "" };
	struct capture cap;
	struct store_pull p = { .source = "https://ls.example/rc", .survey = 123456, .user = "onderzoek",
		.questionnaire = "cafe" };
	int64_t item, qid;
	size_t len = 0;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	qid = add_questionnaire(st, &item);
	ck_assert_int_eq(store_wave_add(st, "2017", qid, 0, &p.wave_id), 0);
	p.last_response = 5;
	ck_assert_int_eq(store_pull_set(st, &p, -1), 0);
	p.source = "https://other.example/rc";
	p.last_response = 2;
	ck_assert_int_eq(store_pull_set(st, &p, -1), 0);
	ck_assert_int_eq(store_commit(st), 0);

	ck_assert_int_eq(store_pulls(st, NULL, 123456, pull_seen_row, &ps), 0);
	ck_assert_str_eq(ps.text, "https://ls.example/rc 123456 2017 onderzoek cafe 5; "
			 "https://other.example/rc 123456 2017 onderzoek cafe 2");
	ps.n = 0;
	ps.text[0] = '\0';
	ck_assert_int_eq(store_pulls(st, "https://ls.example/rc", 123456, pull_seen_row, &ps), 0);
	ck_assert_str_eq(ps.text, "https://ls.example/rc 123456 2017 onderzoek cafe 5");
	ps.n = 0;
	ps.text[0] = '\0';
	ck_assert_int_eq(store_pulls(st, NULL, 654321, pull_seen_row, &ps), 0);
	ck_assert_int_eq(ps.n, 0);

	/* An update only follows the state it read: a pull in between is refused. */
	p.source = "https://ls.example/rc";
	p.last_response = 9;
	ck_assert_int_eq(store_begin(st), 0);
	capture_start(&cap);
	ck_assert_int_eq(store_pull_set(st, &p, 4), -1);
	assert_err(capture_end(&cap), "tevreden: %s: survey 123456 was pulled from "
		   "'https://ls.example/rc' by another run meanwhile; nothing was stored\n", path);
	ck_assert_int_eq(store_pull_set(st, &p, 5), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(raw_long(path, "SELECT last_response FROM pull_state WHERE source = "
				  "'https://ls.example/rc'"), 9);
	ck_assert_int_eq(store_count(st, "pull_state"), 2);

	ck_assert_int_eq(store_questionnaire_definition(st, "cafe", &def, &len), 1);
	ck_assert_str_eq(def, "{}");
	ck_assert_uint_eq(len, 2);
	free(def);
	ck_assert_int_eq(store_questionnaire_definition(st, "beef", &def, &len), 0);
	store_close(st);
	free(path);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("files");

	tcase_add_unchecked_fixture(tc, setup_run, teardown_run);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create);
	tcase_add_test(tc, test_create_existing);
	tcase_add_test(tc, test_create_no_dir);
	tcase_add_test(tc, test_open_reopen);
	tcase_add_test(tc, test_open_newer);
	tcase_add_test(tc, test_open_not_sqlite);
	tcase_add_test(tc, test_open_foreign_sqlite);
	suite_add_tcase(s, tc);

	tc = tcase_create("contents");
	tcase_add_unchecked_fixture(tc, setup_run, teardown_run);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rollback);
	tcase_add_test(tc, test_bulk_restores_fk);
	tcase_add_test(tc, test_waves);
	tcase_add_test(tc, test_import_log);
	tcase_add_test(tc, test_import_replace_cases);
	tcase_add_test(tc, test_answers_interleaved);
	tcase_add_test(tc, test_answer_outside_tx);
	tcase_add_test(tc, test_case_counts);
	tcase_add_test(tc, test_count_unknown_table);
	tcase_add_test(tc, test_migrate_v1);
	tcase_add_test(tc, test_migrate_v2);
	tcase_add_test(tc, test_pull_state);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
