/* pull.h: pulling the new responses of a LimeSurvey survey into a wave, incrementally, through the survey importer. */
#ifndef TV_PULL_H
#define TV_PULL_H

#include "collect/http.h"
#include "collect/survey.h"

#include <stdint.h>

struct store;

/* The environment variable holding the LimeSurvey password. */
#define PULL_PASSWORD_ENV "TEVREDEN_LIMESURVEY_PASSWORD"

struct pull_options {
	long survey;			/* LimeSurvey survey id (required) */
	const char *wave;		/* wave the responses go into (required) */
	const char *url;		/* RemoteControl URL; NULL: the one of the earlier pull */
	const char *user;		/* NULL: the user of the earlier pull */
	const char *questionnaire;	/* definition file; NULL: the one of the earlier pull */
	const char *credentials;	/* file (mode 0600) holding the password; NULL: PULL_PASSWORD_ENV */
	int allow_http;			/* plain http:// to another host than this machine */
	struct http_options http;
	/*
	 * Passed on to survey_import (map, names, ignore, ignore_unknown,
	 * allow_missing, routing_warn, max_errors); questionnaire, wave, format
	 * and the reader fields are set by the pull.
	 */
	struct survey_options import;
};

struct pull_result {
	int nothing_new;		/* LimeSurvey had no responses after `since` */
	int64_t since;			/* highest response id pulled before (0: none) */
	int64_t first, last;		/* response ids pulled this time */
	long respondents, answers, warnings, errors, open_answers;
};

/*
 * Pull the completed responses of o->survey newer than the last pull of
 * this source and survey (all of them the first time), check them like
 * `collect survey` and store them in one transaction together with the new
 * pull state. The LimeSurvey session is always ended before the study is
 * written. Nothing is written when there are no new responses or on any
 * problem. Returns 0 on success (res->nothing_new tells whether there was
 * anything), 1 when the responses were refused (bad data), 2 when the
 * options do not fit the study's pull state (a first pull without --url,
 * another wave), -1 on a system, network, LimeSurvey or store error.
 * Every problem is reported once.
 */
int pull_limesurvey(struct store *st, const struct pull_options *o, struct pull_result *res);

/*
 * Read the password: the first line of `credentials` (which must be a
 * regular file of yours that no one else may read, e.g. mode 0600), or
 * PULL_PASSWORD_ENV when credentials is NULL. *out is new (the caller wipes
 * and frees it with pull_password_free). Reports and returns -1.
 */
int pull_password(const char *credentials, char **out);
void pull_password_free(char *password);

#endif
