/* error.c: one place that prints problems, so every message has the same shape. */
#include "error.h"

#include <stdarg.h>

static void vreport(FILE *out, const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, out);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
}

int tv_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(stderr, "tevreden: ", fmt, ap);
	va_end(ap);
	return -1;
}

int tv_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(stderr, "tevreden: warning: ", fmt, ap);
	va_end(ap);
	return 0;
}

void diag_init(struct diag *d, const char *file, long max)
{
	d->file = file;
	d->max = max < 1 ? 1 : max;
	d->errors = 0;
	d->warnings = 0;
	d->out = NULL;
}

static void vpositioned(struct diag *d, long line, long col, const char *kind,
			const char *fmt, va_list ap)
{
	FILE *out = d->out ? d->out : stderr;

	if (line > 0 && col > 0)
		fprintf(out, "%s:%ld:%ld: %s", d->file, line, col, kind);
	else if (line > 0)
		fprintf(out, "%s:%ld: %s", d->file, line, kind);
	else
		fprintf(out, "%s: %s", d->file, kind);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
}

int diag_error(struct diag *d, long line, long col, const char *fmt, ...)
{
	va_list ap;

	d->errors++;
	va_start(ap, fmt);
	vpositioned(d, line, col, "", fmt, ap);
	va_end(ap);
	return -1;
}

int diag_warn(struct diag *d, long line, long col, const char *fmt, ...)
{
	va_list ap;

	d->warnings++;
	va_start(ap, fmt);
	vpositioned(d, line, col, "warning: ", fmt, ap);
	va_end(ap);
	return 0;
}

int diag_full(const struct diag *d)
{
	return d->errors >= d->max;
}
