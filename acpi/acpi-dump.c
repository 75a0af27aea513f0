#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-buf.h"
#include "acpi-dump.h"
#include "util.h"

static bool sig_char(uint8_t c)
{
	return isupper(c) || isdigit(c) || c == '_' || c == '!';
}

bool acpi_looks_raw(const uint8_t *buf, size_t len)
{
	if (len < 36)
		return false;
	for (int i = 0; i < 4; i++)
		if (!sig_char(buf[i]))
			return false;
	uint32_t tl = acpi_u32(buf, len, 4);
	/* acpidump text has " @ 0" here, which reads as a huge length. */
	return tl >= 36 && tl <= len;
}

/* "NAME @ 0x...": returns true and copies NAME (1-4 chars). */
static bool heading(const char *s, const char *end, char name[5])
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	size_t n = 0;
	while (s + n < end && n < 5 && sig_char((uint8_t)s[n]))
		n++;
	if (n == 0 || n > 4)
		return false;
	const char *p = s + n;
	if (end - p < 5 || memcmp(p, " @ 0x", 5) != 0)
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	return true;
}

struct growing {
	struct acpi_dump_table *v;
	size_t n;
	size_t cap_bytes; /* capacity of the current table's buffer */
};

static struct acpi_dump_table *begin(struct growing *g, const char *name, size_t at)
{
	struct acpi_dump_table *t = xappend(&g->v, &g->n, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->text_offset = at;
	g->cap_bytes = 0;
	return t;
}

/* Ends a parse on a malformed hex line: nothing is returned but the error. */
static int refuse(struct growing *g, struct acpi_dump_table **out, struct acpi_dump_error *err, size_t at,
		  const char *why)
{
	err->offset = at;
	err->why = why;
	acpi_dump_free(g->v, (int)g->n);
	*out = NULL;
	return -1;
}

int acpi_dump_parse(const char *text, size_t len, struct acpi_dump_table **out, struct acpi_dump_error *err)
{
	struct growing g = {0};
	struct acpi_dump_table *cur = NULL;
	size_t pos = 0;

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		const char *end = nl ? nl : text + len;
		size_t line_at = pos;
		pos = (size_t)(end - text) + (nl ? 1 : 0);
		char name[5];

		if (heading(line, end, name)) {
			cur = begin(&g, name, line_at);
			continue;
		}
		/* hex line: spaces, offset digits, ':', then bytes "xx" separated by
		 * one space; two spaces start the ASCII column. */
		const char *p = line;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *digits = p;
		uint64_t offset = 0;
		while (p < end && hex_digit_value(*p) >= 0 && p - digits < 9)
			offset = offset * 16 + (uint64_t)hex_digit_value(*p++);
		if (p == digits || p >= end || *p != ':')
			continue;
		p++;
		uint8_t row[16];
		size_t nrow = 0;
		while (nrow < 16 && end - p >= 3 && p[0] == ' ' && hex_digit_value(p[1]) >= 0 &&
		       hex_digit_value(p[2]) >= 0 && (end - p == 3 || p[3] == ' ' || p[3] == '\r')) {
			row[nrow++] = (uint8_t)(hex_digit_value(p[1]) * 16 + hex_digit_value(p[2]));
			p += 3;
			if (p < end && p[0] == ' ' && p + 1 < end && p[1] == ' ')
				break; /* ASCII column follows */
		}
		if (!nrow)
			continue;
		/* Rows at 0 with no heading between them are another table whose
		 * heading the paste lost. */
		if (!cur || (offset == 0 && cur->len))
			cur = begin(&g, "", line_at);
		/* acpidump prints every row in order, so a row must start where the
		 * table's bytes end: a gap means lines lost from the paste (zeros in
		 * their place would be decoded as if real), and a far offset would
		 * have a few bytes of text allocate megabytes. */
		if (offset < cur->len)
			return refuse(&g, out, err, line_at, "the row's offset goes back over bytes already read");
		if (offset > cur->len)
			return refuse(&g, out, err, line_at,
				      "its offset is past the end of the table so far: rows before it are missing");
		if (offset + nrow > ACPI_DUMP_MAX_TABLE)
			return refuse(&g, out, err, line_at, "the table is larger than 16 MiB");
		if (offset + nrow > g.cap_bytes) {
			size_t cap = g.cap_bytes ? g.cap_bytes : 16;
			while (cap < offset + nrow)
				cap *= 2;
			cur->bytes = xrealloc(cur->bytes, cap);
			memset(cur->bytes + g.cap_bytes, 0, cap - g.cap_bytes);
			g.cap_bytes = cap;
		}
		memcpy(cur->bytes + offset, row, nrow);
		if (offset + nrow > cur->len)
			cur->len = (size_t)offset + nrow;
	}
	/* A heading without data is not a table. */
	size_t k = 0;
	for (size_t i = 0; i < g.n; i++) {
		if (g.v[i].len)
			g.v[k++] = g.v[i];
		else
			free(g.v[i].bytes);
	}
	if (!k) {
		free(g.v);
		g.v = NULL;
	}
	*out = g.v;
	return (int)k;
}

void acpi_dump_free(struct acpi_dump_table *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].bytes);
	free(v);
}
