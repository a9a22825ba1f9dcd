/* testutil.c: helpers shared by the Check unit tests. */
#include "tests/testutil.h"
#include "core/util.h"

#include <check.h>
#include <stdio.h>
#include <unistd.h>

void capture_start(struct capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	ck_assert_ptr_nonnull(c->f);
	c->saved = dup(2);
	ck_assert_int_ge(c->saved, 0);
	ck_assert_int_ge(dup2(fileno(c->f), 2), 0);
}

/* Restore fd 2 and return what was written to it: a new string, the caller frees it. */
char *capture_end(struct capture *c)
{
	struct buf b;
	char chunk[4096];
	size_t n;

	fflush(stderr);
	ck_assert_int_ge(dup2(c->saved, 2), 0);
	close(c->saved);
	rewind(c->f);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), c->f)) > 0)
		buf_add(&b, chunk, n);
	fclose(c->f);
	return buf_detach(&b);
}
