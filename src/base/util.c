#include "config.h"

#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "iommu-audit: out of memory (%zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	/* Most strings are short: format once into the stack, and only format
	 * again when the text did not fit. */
	char small[256];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(small))
		return xstrndup(small, (size_t)n);
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void *xappend(void *array_ptr, size_t *count, size_t elem)
{
	void **array = array_ptr;
	size_t n = *count;
	/* Capacity doubles at powers of two, so the count alone is enough state. */
	if (n == 0 || (n & (n - 1)) == 0)
		*array = xrealloc(*array, (n ? n * 2 : 1) * elem);
	char *slot = (char *)*array + n * elem;
	memset(slot, 0, elem);
	*count = n + 1;
	return slot;
}

static void sb_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->s = xrealloc(sb->s, cap);
	sb->cap = cap;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	sb_add(sb, p);
	free(p);
}

char *sb_take(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : xstrdup("");
	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

char *sanitize_fw_string(const uint8_t *bytes, size_t n)
{
	char *p = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		p[i] = (bytes[i] >= 0x20 && bytes[i] < 0x7f) ? (char)bytes[i] : '.';
	p[n] = '\0';
	/* Trailing padding (spaces, NULs shown as '.') says nothing. */
	size_t len = n;
	while (len > 0 && (p[len - 1] == ' ' || bytes[len - 1] == 0))
		p[--len] = '\0';
	return p;
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n;
	unsigned min;
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		min = 0x80;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		min = 0x800;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		min = 0x10000;
		c &= 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

/* The code point of a valid sequence of n bytes. */
static unsigned utf8_code_point(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	unsigned c = s[0] & lead_mask[n];
	for (size_t i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3f);
	return c;
}

/* C1 controls (a terminal acts on U+009B like on ESC [) and the bidirectional
 * overrides and isolates, which make text read differently from its bytes. */
static bool hidden_control(unsigned c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

char *sanitize_utf8(char *s)
{
	unsigned char *p = (unsigned char *)s;
	while (*p) {
		if (*p < 0x20 && *p != '\t') {
			*p++ = '?';
			continue;
		}
		if (*p == 0x7f) {
			*p++ = '?';
			continue;
		}
		size_t n = utf8_seq_len(p);
		if (n == 0) {
			*p++ = '?';
			continue;
		}
		if (n > 1 && hidden_control(utf8_code_point(p, n))) {
			/* One '?' for the whole sequence. */
			*p = '?';
			memmove(p + 1, p + n, strlen((char *)p + n) + 1);
			p++;
			continue;
		}
		p += n;
	}
	return s;
}

char *strip_trailing(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

bool list_has_word(const char *list, const char *word, const char *seps)
{
	size_t wn = strlen(word);
	for (const char *p = list; p && *p;) {
		p += strspn(p, seps);
		size_t n = strcspn(p, seps);
		if (n && n == wn && !strncmp(p, word, n))
			return true;
		p += n;
	}
	return false;
}

int hex_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *human_size(uint64_t bytes, enum size_style style, char *buf, size_t n)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	unsigned u;
	if (style == SIZE_EXACT)
		for (u = 0; u < 4 && bytes >= ((uint64_t)1024 << (10 * u)) &&
			    bytes % ((uint64_t)1024 << (10 * u)) == 0;)
			u++;
	else if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0)
		u = 3;
	else
		u = bytes >= (1ull << 20) ? 2 : 1;
	uint64_t scale = (uint64_t)1 << (10 * u);
	snprintf(buf, n, "%" PRIu64 " %s", bytes / scale + (bytes % scale != 0), unit[u]);
	return buf;
}

void word_wrap_init(struct word_wrap *w, const char *text, int indent, int width, int col,
		    int (*measure)(const char *word, size_t len))
{
	w->p = text;
	w->indent = indent;
	w->width = width;
	w->col = col;
	w->line_empty = true;
	w->measure = measure;
}

bool word_wrap_next(struct word_wrap *w, const char **word, size_t *len, bool *new_line, bool *space)
{
	while (*w->p == ' ')
		w->p++;
	if (!*w->p)
		return false;
	size_t n = strcspn(w->p, " ");
	int cols = w->measure ? w->measure(w->p, n) : (int)n;
	*new_line = !w->line_empty && w->col + 1 + cols > w->width;
	if (*new_line) {
		w->col = w->indent;
		w->line_empty = true;
	}
	*space = !w->line_empty;
	w->col += cols + (*space ? 1 : 0);
	w->line_empty = false;
	*word = w->p;
	*len = n;
	w->p += n;
	return true;
}
