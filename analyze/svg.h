/* svg.h: accessible inline SVG bar charts for reports, without external assets (prefix svg_). */
#ifndef TV_SVG_H
#define TV_SVG_H

#include <stddef.h>

/* One bar: a series (wave) within a category (group). */
struct svg_bar {
	double value;		/* bar height in axis units; NAN: no bar (no data or suppressed) */
	const char *label;	/* printed above the bar ("77 %", "7,3"), or "–" */
	const char *mark;	/* significance mark printed after the label ("(b)", "*", "[c]"), or "" */
	long n;			/* base printed under the bar; -1: none */
};

/* A grouped bar chart. All strings are borrowed; they are escaped on output. */
struct svg_chart {
	int id;				/* unique in the page: ids "chartN-title", "chartN-desc" */
	const char *title;		/* accessible name (<title>) */
	const char *desc;		/* accessible description (<desc>): the values in words */
	const char *const *groups;	/* categories along the axis */
	size_t ngroups;
	const char *const *series;	/* series within each category (waves) */
	size_t nseries;
	const struct svg_bar *bars;	/* ngroups * nseries, bars[g * nseries + s] */
	double max;			/* top of the value axis (100 for percentages) */
	const char *axis;		/* unit of the axis ("% ja", "gemiddelde"), or NULL */
};

/*
 * The chart as one <svg> element without blank lines (so it can stand in
 * Markdown as a raw HTML block): role="img" with <title> and <desc>, a value
 * axis with gridlines, per category one bar per series, the value and mark
 * above each bar and the series name and base n under it. Sized by viewBox,
 * so it scales to the page. Returns a new string.
 */
char *svg_bar_chart(const struct svg_chart *c);

/* s with &, <, >, " escaped for XML and HTML (new string). */
char *svg_escape(const char *s);

#endif
