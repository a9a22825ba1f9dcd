/* transcripts.c: store transcripts as documents with speakers, turns and sentences, after pseudonymisation. */
#include "collect/transcripts.h"
#include "collect/pseudo.h"
#include "collect/transcript.h"
#include "core/error.h"
#include "core/store.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>


/* The document id: --id, the header's id, or the file name without directory and extension. */
static char *document_id(const char *file, const struct transcripts_options *o,
			 const struct transcript *t)
{
	const char *base = strrchr(file, '/'), *dot;

	if (o->id)
		return xstrdup(o->id);
	if (t->meta.id)
		return xstrdup(t->meta.id);
	base = base ? base + 1 : file;
	dot = strrchr(base, '.');
	return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

static const char *pick(const char *flag, const char *header)
{
	return flag ? flag : header;
}

/* Only a sentence that is more than remarks is coded. */
static int sentence_has_words(const struct transcript *t, const struct transcript_range *s)
{
	size_t nbytes, i, depth = 0;
	const char *p = transcript_span(t, s->start, s->end, &nbytes);

	for (i = 0; i < nbytes; i++) {
		if (p[i] == '[')
			depth++;
		else if (p[i] == ']' && depth)
			depth--;
		else if (!depth && ((unsigned char)p[i] >= 0x80 ||
				    (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z')))
			return 1;
	}
	return 0;
}

static int store_transcript(struct store *st, const struct transcript *t, const char *file,
			    const char *doc_id, const struct transcripts_options *o,
			    int64_t import_id, struct transcripts_result *res)
{
	const char *wave = pick(o->wave, t->meta.wave);
	struct store_document d = {
		.ext_id = doc_id, .kind = "transcript",
		.grp = pick(o->group, t->meta.group), .method = pick(o->method, t->meta.method),
		.held_on = pick(o->date, t->meta.date),
		.interviewer = pick(o->interviewer, t->meta.interviewer),
		.text = t->text, .import_id = import_id,
	};
	int64_t doc, *speaker_ids = NULL, turn_id, sent_id;
	size_t i, j;
	int found, ret = -1;

	if (wave) {
		found = store_wave_find(st, wave, &d.wave_id, NULL, NULL);
		if (found < 0 || (!found && store_wave_add(st, wave, 0, 0, &d.wave_id) < 0))
			return -1;
	}
	if (store_document_add(st, &d, &doc) < 0)
		return -1;
	speaker_ids = xcalloc(t->nspeakers + 1, sizeof(int64_t));
	for (i = 0; i < t->nspeakers; i++)
		if (store_speaker_add(st, doc, t->speakers[i].label,
				      transcript_role_name(t->speakers[i].role), 0,
				      &speaker_ids[i]) < 0)
			goto out;
	for (i = 0; i < t->nturns; i++) {
		const struct transcript_turn *tu = &t->turns[i];
		int coded = o->code_interviewer || t->speakers[tu->speaker].role != TRANSCRIPT_INTERVIEWER;
		struct store_segment sg = {
			.document_id = doc, .speaker_id = speaker_ids[tu->speaker], .kind = "turn",
			.start_cp = (long)tu->start, .end_cp = (long)tu->end,
			.start_ms = tu->start_ms, .end_ms = tu->end_ms, .coded = coded,
		};

		if (store_segment_add(st, &sg, &turn_id) < 0)
			goto out;
		for (j = tu->first_sentence; j < tu->first_sentence + tu->nsentences; j++) {
			const struct transcript_range *s = &t->sentences[j];

			sg.parent_id = turn_id;
			sg.kind = "sentence";
			sg.start_cp = (long)s->start;
			sg.end_cp = (long)s->end;
			sg.start_ms = sg.end_ms = -1;
			sg.coded = coded && sentence_has_words(t, s);
			if (store_segment_add(st, &sg, &sent_id) < 0)
				goto out;
			res->sentences++;
		}
		res->turns++;
	}
	res->documents++;
	res->speakers += (long)t->nspeakers;
	(void)file;
	ret = 0;
out:
	free(speaker_ids);
	return ret;
}

/* Move the metadata of `from` into `to` (the second parse has no header). */
static void take_meta(struct transcript *to, struct transcript *from)
{
	struct transcript_meta tmp = to->meta;

	to->meta = from->meta;
	from->meta = tmp;
}

/*
 * Parse, pseudonymise, parse again. The first parse reads the file with its
 * metadata and finds the speaker labels that are names. Its normalised text
 * (one "Label: content" line per turn, no header: the interview date and
 * other metadata are not personal data and stay as they are) is
 * pseudonymised and parsed again as plain text, refusing any name left, so
 * no original can reach the store. Times and roles are carried over turn by
 * turn.
 */
static int prepare_one(const char *file, struct pseudo *p, const struct transcripts_options *o,
		       struct transcript **out)
{
	struct transcript_options to;
	struct transcript *first = NULL, *second = NULL;
	struct diag d;
	char *clean = NULL;
	size_t clean_len, i;
	int ret = 1;

	transcript_options_init(&to);
	to.format = transcript_format_of(file);
	diag_init(&d, file, o->max_errors);
	if (transcript_read(file, &to, &d, &first) < 0)
		goto out;
	for (i = 0; i < first->nspeakers; i++)
		if (first->speakers[i].is_name && pseudo_add_name(p, first->speakers[i].label) < 0)
			goto out;
	if (pseudo_text(p, first->text, first->text_bytes, &clean, &clean_len) < 0)
		goto out;
	to.format = TRANSCRIPT_TEXT;
	to.refuse_names = 1;
	if (transcript_parse(clean, clean_len, &to, &d, &second) < 0)
		goto out;
	if (second->nturns != first->nturns) {
		tv_error("%s: pseudonymisation changed the turns (%zu, was %zu); please report this",
			 file, second->nturns, first->nturns);
		ret = -1;
		goto out;
	}
	for (i = 0; i < first->nturns; i++) {
		struct transcript_turn *a = &first->turns[i], *b = &second->turns[i];

		b->start_ms = a->start_ms;
		b->end_ms = a->end_ms;
		second->speakers[b->speaker].role = first->speakers[a->speaker].role;
	}
	take_meta(second, first);
	*out = second;
	second = NULL;
	ret = 0;
out:
	transcript_free(first);
	transcript_free(second);
	free(clean);
	return ret;
}

int transcripts_import(struct store *st, char *const *files, size_t nfiles,
		       const struct transcripts_options *o, struct transcripts_result *res)
{
	struct pseudo *p = NULL;
	struct transcript *t = NULL;
	char sum[65], *doc_id = NULL;
	int64_t import_id, existing, replaced = 0;
	size_t i;
	int rc, old_import = 0, ret = -1;

	memset(res, 0, sizeof(*res));
	if (o->id && nfiles > 1)
	{
		tv_error("--id names one transcript; %zu files were given", nfiles);
		return 1;
	}
	pseudo_new(&p);
	if (o->names && pseudo_add_names_file(p, o->names) < 0)
		goto out;
	if (store_begin(st) < 0)
		goto out;
	for (i = 0; i < nfiles; i++) {
		rc = prepare_one(files[i], p, o, &t);
		if (rc != 0) {
			ret = rc;
			goto fail;
		}
		doc_id = document_id(files[i], o, t);
		rc = store_document_find(st, doc_id, &existing);
		if (rc < 0)
			goto fail;
		if (rc == 1 && !o->replace) {
			tv_error("%s: a document '%s' is already in the study; --replace replaces it",
				 files[i], doc_id);
			ret = 1;
			goto fail;
		}
		/* The replaced document's import stays in the log, marked replaced by this one. */
		if (rc == 1 && (old_import = store_document_import(st, doc_id, &replaced)) < 0)
			goto fail;
		if (file_sha256(files[i], sum) < 0 ||
		    store_import_add(st, "transcript", files[i], sum, 0, NULL, &import_id) < 0)
			goto fail;
		if (rc == 1 && (store_document_delete(st, existing) < 0 ||
				(old_import == 1 && store_import_mark_replaced(st, replaced, import_id) < 0)))
			goto fail;
		if (store_transcript(st, t, files[i], doc_id, o, import_id, res) < 0 ||
		    store_import_finish(st, import_id, (long)t->nturns, 0) < 0)
			goto fail;
		transcript_free(t);
		t = NULL;
		free(doc_id);
		doc_id = NULL;
	}
	for (i = 0; i < PSEUDO_NTYPES && i < 8; i++)
		res->replaced[i] = pseudo_count(p, (enum pseudo_type)i);
	/* The key goes to its own file before the commit: no key, no import. */
	if (o->key && pseudo_write_key(p, o->key) < 0)
		goto fail;
	if (store_commit(st) < 0)
		goto out;
	ret = 0;
	goto out;
fail:
	store_rollback(st);
out:
	transcript_free(t);
	free(doc_id);
	pseudo_free(p);
	return ret;
}
