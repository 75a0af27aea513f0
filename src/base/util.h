/* Small helpers shared by every module: allocation that cannot fail silently,
 * growable strings, and the one sanitizer for strings that come from firmware
 * or hardware (OEM ids, device names) before any renderer sees them. */
#ifndef IA_UTIL_H
#define IA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define IA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define IA_PRINTF(f, a)
#endif

/* Out of memory is the one condition a lower layer may end the program for. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) IA_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap);

/* Grows *array (of *count elements of size elem) by one zeroed element, returns it. */
void *xappend(void *array_ptr, size_t *count, size_t elem);

/* A growable NUL-terminated string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_addf(struct strbuf *sb, const char *fmt, ...) IA_PRINTF(2, 3);
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
char *sb_take(struct strbuf *sb); /* returns the string ("" if empty), resets sb */
void sb_free(struct strbuf *sb);

/* A copy of n bytes of firmware text that is printable ASCII: other bytes become
 * '.', trailing spaces and NULs are dropped. */
char *sanitize_fw_string(const uint8_t *bytes, size_t n);
/* Makes any C string safe for text and XML output in place: control bytes
 * (C0, DEL, C1), bidirectional overrides and isolates, and invalid UTF-8
 * sequences become '?'. Returns s. */
char *sanitize_utf8(char *s);

/* Strips trailing whitespace/newlines in place; returns s. */
char *strip_trailing(char *s);

/* Whether WORD is one of the items of LIST separated by any of SEPS (", " for a
 * kernel parameter's values, " " for sysfs lists); empty items are skipped and
 * a NULL list holds nothing. */
bool list_has_word(const char *list, const char *word, const char *seps);

/* The value of one hexadecimal digit (either case), or -1. */
int hex_digit_value(char c);

/* A size in binary units, written into buf (n bytes); returns buf.
 * SIZE_EXACT: the largest unit that keeps the value whole, up to TiB ("16 B",
 * "1536 KiB", "2 TiB"), for firmware fields that are read as exact ranges.
 * SIZE_ROUNDED: GiB when whole, else MiB from 1 MiB up, else KiB, rounded up
 * ("1 KiB" for 16 bytes, "273 MiB"), for a summary a reader compares by eye. */
enum size_style { SIZE_EXACT, SIZE_ROUNDED };
const char *human_size(uint64_t bytes, enum size_style style, char *buf, size_t n);

/* Word wrapping, for the text report and the browser alike: the words of a
 * text (runs of non-spaces) one at a time, each with where it goes, for lines
 * of at most width columns whose continuation lines are indented by indent.
 * A word wider than a line gets a line of its own. */
struct word_wrap {
	const char *p;
	int indent, width, col;
	bool line_empty;
	/* The columns a word takes; NULL counts one per byte. */
	int (*measure)(const char *word, size_t len);
};
/* col: the column the first word would start at. */
void word_wrap_init(struct word_wrap *w, const char *text, int indent, int width, int col,
		    int (*measure)(const char *word, size_t len));
/* The next word (*word, *len), false after the last. *new_line: start a new
 * line, indented, before it; *space: put one space before it. */
bool word_wrap_next(struct word_wrap *w, const char **word, size_t *len, bool *new_line, bool *space);

#endif
