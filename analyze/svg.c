/* svg.c: grouped bar charts as inline SVG: bars per group and wave, values, marks and bases, with an accessible title and description. */
#include "analyze/svg.h"
#include "core/table.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Geometry in viewBox units (about CSS pixels at full width). */
#define W 640.0
#define LEFT 46.0
#define RIGHT 8.0
#define TOP 30.0
#define PLOT 190.0

static const char *const fill[] = { "#9ecae1", "#1f5f8b", "#08306b", "#6baed6" };

char *svg_escape(const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(&b, "&amp;"); break;
		case '<': buf_adds(&b, "&lt;"); break;
		case '>': buf_adds(&b, "&gt;"); break;
		case '"': buf_adds(&b, "&quot;"); break;
		case '\n': buf_addc(&b, ' '); break;
		default: buf_addc(&b, *s);
		}
	}
	return buf_detach(&b);
}

static void text_at(struct buf *b, double x, double y, const char *cls, const char *s)
{
	char *e = svg_escape(s);

	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\">%s</text>\n", x, y, cls, e);
	free(e);
}

/* A step of 1, 2, 2.5 or 5 times a power of ten that gives at most 5 gridlines. */
static double tick_step(double max)
{
	static const double mult[] = { 1, 2, 2.5, 5, 10 };
	double p = pow(10, floor(log10(max / 5))), step = max;
	size_t i;

	for (i = 0; i < sizeof(mult) / sizeof(mult[0]); i++) {
		if (max / (mult[i] * p) <= 5) {
			step = mult[i] * p;
			break;
		}
	}
	return step > 0 ? step : 1;
}

/*
 * Category labels wrap at a space into at most two lines of about `width`
 * characters; a longer word is kept whole (the SVG scales down on a phone, it
 * does not reflow).
 */
static void group_label(struct buf *b, double x, double y, const char *label, size_t width)
{
	const char *cut = NULL, *p;
	char *first;

	if (utf8_width(label) > width) {
		for (p = label; *p; p++)
			if (*p == ' ' && (size_t)(p - label) <= width + 2)
				cut = p;
	}
	if (!cut) {
		text_at(b, x, y, "g", label);
		return;
	}
	first = xstrndup(label, (size_t)(cut - label));
	text_at(b, x, y, "g", first);
	text_at(b, x, y + 14, "g", cut + 1);
	free(first);
}

char *svg_bar_chart(const struct svg_chart *c)
{
	double max = c->max > 0 ? c->max : 1, step = tick_step(max), v;
	double cw = (W - LEFT - RIGHT) / (double)(c->ngroups ? c->ngroups : 1);
	double bw = fmin(44, (cw - 16) / (double)(c->nseries ? c->nseries : 1) - 4);
	double base_y = TOP + PLOT, h = TOP + PLOT + 78;
	char *title = svg_escape(c->title), *desc = svg_escape(c->desc);
	struct buf b;
	size_t g, s;

	buf_init(&b);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
		   "role=\"img\" aria-labelledby=\"chart%d-title chart%d-desc\" "
		   "preserveAspectRatio=\"xMidYMid meet\">\n", W, h, c->id, c->id);
	buf_printf(&b, "<title id=\"chart%d-title\">%s</title>\n", c->id, title);
	buf_printf(&b, "<desc id=\"chart%d-desc\">%s</desc>\n", c->id, desc);
	buf_adds(&b, "<style>text{font-family:system-ui,sans-serif;fill:#222}"
		     ".v{font-size:11px;text-anchor:middle;font-weight:600}"
		     ".s,.n{font-size:10px;text-anchor:middle;fill:#444}"
		     ".g{font-size:12px;text-anchor:middle;font-weight:600}"
		     ".a{font-size:10px;text-anchor:end;fill:#555}"
		     ".u{font-size:10px;text-anchor:start;fill:#555}"
		     ".grid{stroke:#ddd;stroke-width:1}.axis{stroke:#888;stroke-width:1}</style>\n");
	if (c->axis)
		text_at(&b, 4, 12, "u", c->axis);
	for (v = 0; v <= max + 1e-9; v += step) {
		double y = base_y - v / max * PLOT;
		char lab[32];

		snprintf(lab, sizeof(lab), "%g", v);
		buf_printf(&b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			   LEFT, y, W - RIGHT, y);
		text_at(&b, LEFT - 4, y + 3.5, "a", lab);
	}
	buf_printf(&b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", LEFT,
		   base_y, W - RIGHT, base_y);
	for (g = 0; g < c->ngroups; g++) {
		double gx = LEFT + cw * (double)g;
		double total = (double)c->nseries * bw + (double)(c->nseries - 1) * 4;
		double x0 = gx + (cw - total) / 2;

		for (s = 0; s < c->nseries; s++) {
			const struct svg_bar *bar = &c->bars[g * c->nseries + s];
			double x = x0 + (double)s * (bw + 4), cx = x + bw / 2, bh = 0;
			char nb[32];
			struct buf lab;

			if (!isnan(bar->value)) {
				bh = fmax(0, fmin(bar->value, max)) / max * PLOT;
				buf_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
					   "fill=\"%s\"/>\n", x, base_y - bh, bw, bh,
					   fill[s % (sizeof(fill) / sizeof(fill[0]))]);
			}
			buf_init(&lab);
			buf_adds(&lab, bar->label ? bar->label : "");
			if (bar->mark && *bar->mark)
				buf_printf(&lab, " %s", bar->mark);
			if (lab.len)
				text_at(&b, cx, base_y - bh - 5, "v", lab.s);
			buf_release(&lab);
			text_at(&b, cx, base_y + 13, "s", c->series[s]);
			if (bar->n >= 0) {
				snprintf(nb, sizeof(nb), "n=%ld", bar->n);
				text_at(&b, cx, base_y + 25, "n", nb);
			}
		}
		group_label(&b, gx + cw / 2, base_y + 44, c->groups[g], (size_t)(cw / 7.5));
	}
	buf_adds(&b, "</svg>");
	free(title);
	free(desc);
	return buf_detach(&b);
}
