/* mdhtml.h: Markdown (GFM) to one self-contained, printable HTML page; the only user of cmark-gfm (prefix mdhtml_). */
#ifndef TV_MDHTML_H
#define TV_MDHTML_H

#include <stddef.h>

/*
 * The HTML of GitHub-flavoured Markdown md (len bytes): tables, strikethrough
 * and autolinks, and raw HTML passed through (the report's charts and notes
 * are raw HTML blocks; templates are trusted like the study they report on).
 * On success *out is a new NUL-terminated string the caller frees. Returns 0,
 * or -1 after reporting.
 */
int mdhtml_body(const char *md, size_t len, char **out);

/*
 * A complete page: doctype, lang, viewport for phones, the title, inline CSS
 * (screen: readable column, tables scroll sideways on small screens; print:
 * A4, a page break before every level-2 heading, rows and charts not split)
 * and the body of md. No external resources of any kind. lang is "nl" or
 * "en". Returns 0 and a new string in *out, or -1 after reporting.
 */
int mdhtml_page(const char *md, size_t len, const char *title, const char *lang, char **out);

#endif
