/* xlsx.h: the report's tables as an Excel workbook; the only user of libxlsxwriter (prefix xlsx_). */
#ifndef TV_XLSX_H
#define TV_XLSX_H

struct report;

/*
 * Write every table of r to a new workbook at path: a first sheet "Inhoud"
 * listing the tables, then one sheet per table (named by the table's
 * `sheet`) with the caption, the generated summary, a header row, per row
 * the label and per column the value as a number (percentages as fractions
 * with a percent format, means with their decimals), the base n as a whole
 * number and the marks as text, then the legend and footnotes. Suppressed
 * values are the text "–"; their base stays. Replaces an existing file.
 * Returns 0, or -1 after reporting.
 */
int xlsx_write(const char *path, const struct report *r);

#endif
