#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-buf.h"
#include "acpi-fields.h"
#include "util.h"

/* A new, zeroed field at the end. The list starts at 64 (most tables have
 * fewer fields) and doubles: growing one by one from 1 was a third of the
 * decode of many tables in one process (issue 16). */
static struct acpi_field *slot(struct acpi_fields *f)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	struct acpi_field *fl = &f->v[f->n++];
	memset(fl, 0, sizeof(*fl));
	return fl;
}

static struct acpi_field *add(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off,
			      unsigned width, const char *name, enum acpi_field_kind kind)
{
	if (width == 0 || !acpi_in(len, off, width))
		return NULL;
	struct acpi_field *fl = slot(f);
	fl->offset = (uint32_t)off;
	fl->width = width;
	fl->name = name;
	fl->kind = kind;
	fl->value = acpi_le(buf, len, off, width > 8 ? 8 : width);
	return fl;
}

bool af_uint(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, unsigned width,
	     const char *name)
{
	return add(f, buf, len, off, width > 8 ? 8 : width, name, AF_UINT) != NULL;
}

bool af_string(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, unsigned width,
	       const char *name)
{
	struct acpi_field *fl = add(f, buf, len, off, width, name, AF_STRING);
	if (!fl)
		return false;
	char *s = xmalloc(width + 1);
	size_t i;
	for (i = 0; i < width && buf[off + i]; i++) {
		uint8_t c = buf[off + i];
		/* '"' and '\\' would make the quoted value ambiguous; ACPICA has no
		 * escape for them either, so they are shown as spaces too. */
		s[i] = (c >= 0x20 && c < 0x7f && c != '"') ? (char)c : ' ';
	}
	s[i] = '\0';
	fl->text = s;
	return true;
}

bool af_bytes(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, unsigned width,
	      const char *name)
{
	struct acpi_field *fl = add(f, buf, len, off, width, name, AF_BYTES);
	if (!fl)
		return false;
	/* "aa bb cc": byte i at 3*i, a space before every byte but the first. */
	static const char hex[] = "0123456789abcdef";
	char *s = xmalloc((size_t)width * 3 + 1);
	for (unsigned i = 0; i < width; i++) {
		s[3 * i] = hex[buf[off + i] >> 4];
		s[3 * i + 1] = hex[buf[off + i] & 15];
		s[3 * i + 2] = ' ';
	}
	s[width * 3 - 1] = '\0';
	fl->text = s;
	return true;
}

bool af_path(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, const char *name)
{
	struct acpi_field *fl = add(f, buf, len, off, 2, name, AF_PATH);
	if (!fl)
		return false;
	fl->text = xasprintf("%02x,%02x", buf[off], buf[off + 1]);
	return true;
}

void af_label(struct acpi_fields *f, size_t off, unsigned width, const char *name, const char *text)
{
	struct acpi_field *fl = slot(f);
	fl->offset = (uint32_t)off;
	fl->width = width;
	fl->name = name;
	fl->kind = AF_BYTES;
	fl->text = xstrdup(text);
}

void af_note(struct acpi_fields *f, const char *note)
{
	if (f->n)
		f->v[f->n - 1].note = note;
}

void acpi_fields_print(FILE *out, const struct acpi_fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct acpi_field *fl = &f->v[i];
		fprintf(out, "0x%03" PRIx32 " %" PRIu32 " %s: ", fl->offset, fl->width, fl->name);
		switch (fl->kind) {
		case AF_UINT:
			fprintf(out, "0x%0*" PRIx64, (int)fl->width * 2, fl->value);
			break;
		case AF_STRING:
			fprintf(out, "\"%s\"", fl->text);
			break;
		case AF_BYTES:
		case AF_PATH:
			fputs(fl->text, out);
			break;
		}
		if (fl->note)
			fprintf(out, " [%s]", fl->note);
		fputc('\n', out);
	}
}

void acpi_fields_free(struct acpi_fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}
