/* pseudo.h: replace personal data in Dutch free text (transcripts, open answers) by typed placeholders before anything is stored. */
#ifndef TV_PSEUDO_H
#define TV_PSEUDO_H

#include <stddef.h>

/*
 * What is replaced, and by what (DOMAIN.md section 9):
 *
 *   PSEUDO_EMAIL     "[e-mail]"    fatima.b@voorbeeld.nl
 *   PSEUDO_PHONE     "[telefoon]"  06-12345678, 06 1234 5678, +31 6 12345678, 0031 6...,
 *                                  +31 (0)6..., 010-1234567, (010) 123 45 67, 0800-0432,
 *                                  0900 1234567, and foreign numbers written with '+'
 *                                  (+32 470 12 34 56: 8 to 15 digits)
 *   PSEUDO_POSTCODE  "[postcode]"  1234 AB, 1234AB (uppercase letters only; never SA, SD, SS)
 *   PSEUDO_BSN       "[bsn]"       9 digits, 123456782, 123.456.782, 123 456 782,
 *                                  1234.56.782, passing the elfproef
 *   PSEUDO_IBAN      "[iban]"      NL91 ABNA 0417 1643 00, any country, mod 97 (ISO 13616)
 *   PSEUDO_DATE      "[datum]"     every full date (day, month and year): 12-03-2009,
 *                                  12/3/2009, 12.03.09, 2009-03-12, 12 maart 2009,
 *                                  3 mrt. 2009, 1e januari 2010. In youth care a full
 *                                  date (birth, placement, court hearing) is enough to
 *                                  identify a child, so no date is kept; a year or a
 *                                  month on its own ("maart 2009", "12 maart") is kept.
 *   PSEUDO_NAME      "[naam-N]"    names from the caller's list, see pseudo_add_name()
 *
 * Everything else is copied byte for byte, including placeholders already in the
 * text ("[naam]", "[lacht]", "[00:03:40]"): they contain nothing that is detected.
 * Remarks in square brackets are not skipped: "[Fatima lacht]" becomes
 * "[[naam-1] lacht]". The known false positives and negatives of each rule are
 * listed in pseudo.c next to the rule.
 */
enum pseudo_type {
	PSEUDO_EMAIL,
	PSEUDO_PHONE,
	PSEUDO_POSTCODE,
	PSEUDO_BSN,
	PSEUDO_IBAN,
	PSEUDO_DATE,
	PSEUDO_NAME,
	PSEUDO_NTYPES
};

/*
 * The state of one pseudonymisation run: the name list, the numbering of names
 * ("[naam-1]" is the first listed name met in the text), the counts, and the key
 * linking placeholders to originals. The key lives only in this struct and in the
 * file pseudo_write_key() creates. Use one struct for all texts of one study run,
 * so that a name gets the same number in every transcript of the run.
 */
struct pseudo;

/* A new, empty state in *out; free it with pseudo_free(). Returns 0. */
int pseudo_new(struct pseudo **out);
/* Free the state and the key it holds (the memory is cleared first). NULL-safe. */
void pseudo_free(struct pseudo *p);

/*
 * Add a name (UTF-8, borrowed: a copy is kept) to replace: a first name, surname,
 * "Jan-Willem", "de Vries", "'t Hart", or a transcript's speaker name.
 * Matching is on whole words, case-insensitive and accent-insensitive (Unicode
 * NFKC case folding without marks: "Anaïs" also matches "ANAIS" and "Anaïs" in
 * decomposed form, "Şeyma" matches "Seyma", "Dĳkstra" matches "Dijkstra"); a space
 * or hyphen in a name matches a run of 1 to 4 spaces, line breaks or hyphens
 * ("Jan-Willem" matches "Jan Willem"). Where two names start at the same place the
 * longer wins ("Jan-Willem" over "Jan"). "Fatima's" becomes "[naam-1]'s".
 * Returns 0 when added or when the name was already in the list (same folded
 * form; the first spelling is kept for the key); reports and returns -1 when the
 * name is not valid UTF-8 or has fewer than 2 letters.
 */
int pseudo_add_name(struct pseudo *p, const char *name);
/*
 * Add the names in a file (UTF-8, one per line; blank lines and lines starting
 * with '#' are skipped; at most 4 MiB). Reports and returns -1 on a read error
 * or a name pseudo_add_name refuses.
 */
int pseudo_add_names_file(struct pseudo *p, const char *path);

/*
 * Replace personal data in text[0..len) (UTF-8; NUL bytes are copied). On success
 * *out is a new NUL-terminated string the caller frees, *out_len (when not NULL)
 * its length, and counts and key are updated. Reports and returns -1 when the text
 * is not valid UTF-8 ("text is not valid UTF-8 at byte N"); then *out is NULL and
 * the state is unchanged. Runs in time linear in len.
 */
int pseudo_text(struct pseudo *p, const char *text, size_t len, char **out, size_t *out_len);

/* Replacements of one type made so far by all pseudo_text() calls (0 for a bad type). */
long pseudo_count(const struct pseudo *p, enum pseudo_type type);
/* Name of a type as in its placeholder ("e-mail", "telefoon", ... "naam"); a static string, NULL for a bad type. */
const char *pseudo_type_name(enum pseudo_type type);

/*
 * Write the key to a NEW file at path, created with mode 0600 (O_EXCL: an existing
 * file or link is never overwritten). Tab-separated, UTF-8, with a header line
 *   placeholder<TAB>original<TAB>count
 * and then one line per distinct original in the order first met: "[naam-1]" with
 * the name as it was added, "[e-mail]", "[bsn]" ... with the text that was replaced.
 * Tab, newline, carriage return and backslash in an original are written as \t, \n,
 * \r and \\. Reports once and returns -1 on any failure (also when the file exists),
 * removing a file it created but could not finish; returns 0 on success.
 */
int pseudo_write_key(const struct pseudo *p, const char *path);

#endif
