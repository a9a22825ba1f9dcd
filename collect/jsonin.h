/* jsonin.h: the JSON response reader on text in memory (the file reader is declared in core/source.h). */
#ifndef TV_JSONIN_H
#define TV_JSONIN_H

#include "core/source.h"

/*
 * Like jsonin_read(), on len bytes of JSON text at data, which must be
 * followed by a NUL byte (data[len] == '\0'); data is borrowed. Positions
 * are line:column in that text.
 */
int jsonin_read_buffer(const char *data, size_t len, const struct src_options *opt, struct diag *d,
		       const struct src_sink *sink);

#endif
