/* testutil.h: helpers shared by the Check unit tests: capturing what a function prints on stderr. */
#ifndef TV_TESTUTIL_H
#define TV_TESTUTIL_H

#include <stdio.h>

struct capture {
	FILE *f;
	int saved;
};

/* Send fd 2 to a temporary file until capture_end. */
void capture_start(struct capture *c);
/* Restore fd 2 and return what was written to it: a new string, the caller frees it. */
char *capture_end(struct capture *c);

#endif
