/* util.c: checked memory, number parsing, growing buffers and file helpers. */
#include "util.h"
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>

static void *check_alloc(void *p)
{
	if (!p) {
		fputs("tevreden: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xmalloc(size_t n)
{
	return check_alloc(malloc(n ? n : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return check_alloc(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return check_alloc(realloc(p, n ? n : 1));
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
	return check_alloc(strndup(s, n));
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_init(&b);
	if (n < 0)
		return buf_detach(&b);
	b.cap = (size_t)n + 1;
	b.s = xmalloc(b.cap);
	va_start(ap, fmt);
	vsnprintf(b.s, b.cap, fmt, ap);
	va_end(ap);
	return b.s;
}

int num_parse(const char *s, int allow_comma, double *out)
{
	char tmp[64];
	const char *p = s, *e;
	char *end;
	size_t n, i;
	double v;

	while (*p == ' ' || *p == '\t')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	n = (size_t)(e - p);
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tmp[i];
		if (c == ',' && allow_comma) {
			if (memchr(tmp, '.', n) || strchr(tmp + i + 1, ','))
				return -1;
			tmp[i] = '.';
		} else if (!isdigit(c) && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
			return -1;	/* rejects "nan", "inf", hex and spaces inside */
		}
	}
	errno = 0;
	v = strtod(tmp, &end);
	if (end == tmp || *end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int num_parse_long(const char *s, long *out)
{
	char *end;
	long v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || !(isdigit((unsigned char)*s) || *s == '-' || *s == '+'))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno == ERANGE)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

char *num_format(double v, char *buf)
{
	if (v == 0)
		v = 0;	/* no "-0" */
	snprintf(buf, 32, "%.15g", v);
	return buf;
}

void buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

static void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap * 2 > need)
		need = b->cap * 2;
	if (need < 64)
		need = 64;
	b->s = xrealloc(b->s, need);
	b->cap = need;
	b->s[b->len] = '\0';
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	buf_init(b);
	return s;
}

int file_read(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f;
	struct buf b;
	char chunk[65536];
	size_t n;
	int ret = -1;

	f = fopen(path, "rb");
	if (!f)
		return tv_error("cannot open '%s': %s", path, strerror(errno));
	buf_init(&b);
	buf_grow(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > max) {
			tv_error("'%s' is larger than %zu bytes", path, max);
			goto out;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		tv_error("cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	*len = b.len;
	*out = buf_detach(&b);
	ret = 0;
out:
	buf_release(&b);
	fclose(f);
	return ret;
}

int file_check(FILE *f, const char *name)
{
	if (fflush(f) != 0 || ferror(f))
		return tv_error("cannot write %s: %s", name, strerror(errno ? errno : EIO));
	return 0;
}

static void to_hex(const unsigned char *md, unsigned int n, char hex[65])
{
	unsigned int i;

	for (i = 0; i < n && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}

void sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	to_hex(md, mdlen, hex);
}

int file_sha256(const char *path, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE], chunk[65536];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = NULL;
	FILE *f;
	size_t n;
	int ret = -1;

	f = fopen(path, "rb");
	if (!f)
		return tv_error("cannot open '%s': %s", path, strerror(errno));
	ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		tv_error("cannot compute a checksum of '%s'", path);
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		EVP_DigestUpdate(ctx, chunk, n);
	if (ferror(f)) {
		tv_error("cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	to_hex(md, mdlen, hex);
	ret = 0;
out:
	EVP_MD_CTX_free(ctx);
	fclose(f);
	return ret;
}

int str_eq_trim_ci(const char *a, const char *b)
{
	size_t n;

	while (*a == ' ' || *a == '\t')
		a++;
	n = strlen(a);
	while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t'))
		n--;
	return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

char *time_now_iso(char *buf)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}
