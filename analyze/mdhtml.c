/* mdhtml.c: Markdown to HTML with cmark-gfm and its GFM extensions, wrapped in a page with inline CSS. */
#include "analyze/mdhtml.h"
#include "analyze/svg.h"
#include "core/error.h"
#include "core/util.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

static const char *const extensions[] = { "table", "strikethrough", "autolink" };

int mdhtml_body(const char *md, size_t len, char **out)
{
	int opts = CMARK_OPT_UNSAFE;
	cmark_parser *p = NULL;
	cmark_node *doc = NULL;
	char *html = NULL;
	size_t i;
	int ret = -1;

	*out = NULL;
	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(opts);
	if (!p)
		return tv_error("out of memory starting the Markdown parser");
	for (i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);

		if (!e || !cmark_parser_attach_syntax_extension(p, e)) {
			tv_error("the Markdown extension '%s' of cmark-gfm is missing", extensions[i]);
			goto out;
		}
	}
	cmark_parser_feed(p, md, len);
	doc = cmark_parser_finish(p);
	if (!doc) {
		tv_error("cannot parse the report's Markdown");
		goto out;
	}
	html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
	if (!html) {
		tv_error("cannot render the report's Markdown as HTML");
		goto out;
	}
	*out = xstrdup(html);
	ret = 0;
out:
	free(html);
	if (doc)
		cmark_node_free(doc);
	cmark_parser_free(p);
	return ret;
}

static const char css[] =
	":root{color-scheme:light}\n"
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;"
	"color:#1a1a1a;background:#fff;max-width:52rem;margin:0 auto;padding:1rem 1.25rem 3rem}\n"
	"h1{font-size:1.9rem;line-height:1.2;margin:1.5rem 0 1rem;color:#08306b}\n"
	"h2{font-size:1.45rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:3px solid #1f5f8b;"
	"color:#08306b}\n"
	"h3{font-size:1.15rem;margin:1.75rem 0 .5rem}\n"
	"p.caption{margin:1.5rem 0 .35rem}\n"
	"table{border-collapse:collapse;margin:.25rem 0 .5rem;font-size:.92rem;"
	"font-variant-numeric:tabular-nums;display:block;overflow-x:auto;max-width:100%}\n"
	"th,td{padding:.3rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}\n"
	"th{background:#eef3f8;text-align:left;border-bottom:2px solid #1f5f8b}\n"
	"td[align=right],th[align=right]{text-align:right;white-space:nowrap}\n"
	"div.notes{font-size:.8rem;color:#444;margin:.25rem 0 1rem}\n"
	"div.notes p{margin:.1rem 0}\n"
	"p.summary{background:#f3f7fb;border-left:4px solid #1f5f8b;padding:.5rem .75rem}\n"
	"figure.chart{margin:1rem 0 1.5rem}\n"
	"figure.chart svg{width:100%;height:auto;max-width:44rem;display:block}\n"
	"figure.chart figcaption{font-size:.8rem;color:#444}\n"
	"blockquote{margin:.75rem 0;padding:.25rem 1rem;border-left:4px solid #9ecae1;color:#333;"
	"font-style:italic}\n"
	"blockquote p:last-child{font-style:normal;font-size:.85rem;color:#555}\n"
	"@media (max-width:40rem){body{padding:.5rem .75rem 2rem;font-size:.95rem}"
	"h1{font-size:1.5rem}h2{font-size:1.25rem}table{font-size:.82rem}}\n"
	"@page{size:A4;margin:18mm 16mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	"h2{break-before:page;border-top:none}"
	"table{display:table;overflow:visible}tr,figure,blockquote{break-inside:avoid}"
	"p.caption,h2,h3{break-after:avoid}}\n";

int mdhtml_page(const char *md, size_t len, const char *title, const char *lang, char **out)
{
	char *body = NULL, *t;
	struct buf b;

	*out = NULL;
	if (mdhtml_body(md, len, &body) < 0)
		return -1;
	t = svg_escape(title);
	buf_init(&b);
	buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<meta name=\"generator\" content=\"tevreden %s\">\n<title>%s</title>\n"
		   "<style>\n%s</style>\n</head>\n<body>\n<main>\n%s</main>\n</body>\n</html>\n",
		   lang, TV_VERSION, t, css, body);
	free(t);
	free(body);
	*out = buf_detach(&b);
	return 0;
}
