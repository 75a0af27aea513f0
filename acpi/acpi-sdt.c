#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-buf.h"
#include "acpi-sdt.h"
#include "util.h"

void acpi_finding(struct acpi_table *t, enum finding_id id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *detail = xvasprintf(fmt, ap);
	va_end(ap);
	finding_add(&t->findings, id, t->source, "%s", detail);
	free(detail);
}

void acpi_reserved(struct acpi_table *t, size_t off, unsigned width, uint64_t mask,
		   const char *name)
{
	if (width > 8 || !acpi_in(t->len, off, width))
		return;
	uint64_t bits = acpi_le(t->bytes, t->len, off, width) & mask;
	if (!bits)
		return;
	t->n_reserved_seen++;
	if (t->n_reserved >= ACPI_RESERVED_LISTED)
		return;
	struct acpi_reserved_field *r = xappend(&t->reserved, &t->n_reserved, sizeof(*r));
	r->offset = (uint32_t)off;
	r->width = (uint8_t)width;
	r->bits = bits;
	r->name = name;
}

/* One finding for all of them: the kernel reads none of these fields, so a
 * set bit changes nothing today; it does say the firmware was written for
 * another revision of the specification (or fills fields at random), and a
 * later kernel may give the bits a meaning. Listed by offset so the vendor
 * can find them. */
void acpi_reserved_report(struct acpi_table *t)
{
	if (!t->n_reserved)
		return;
	struct strbuf sb = {0};
	for (size_t i = 0; i < t->n_reserved; i++) {
		const struct acpi_reserved_field *r = &t->reserved[i];
		sb_addf(&sb, "%s0x%03x %s = 0x%" PRIx64, i ? "; " : "", r->offset, r->name, r->bits);
	}
	if (t->n_reserved_seen > t->n_reserved)
		sb_addf(&sb, "; and %zu more", t->n_reserved_seen - t->n_reserved);
	acpi_finding(t, FIND_ACPI_RESERVED_NONZERO, "%zu reserved field(s) not zero: %s",
		     t->n_reserved_seen, sb.s);
	sb_free(&sb);
}

bool acpi_table_name_is(const char *name, const char *sig)
{
	size_t n = strlen(sig);
	return !strncmp(name, sig, n) && strspn(name + n, "0123456789") == strlen(name + n);
}

static void header_fields(struct acpi_table *t)
{
	struct acpi_fields *f = &t->fields;
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	af_string(f, b, len, 0, 4, "Signature");
	af_uint(f, b, len, 4, 4, "Table Length");
	af_uint(f, b, len, 8, 1, "Revision");
	af_uint(f, b, len, 9, 1, "Checksum");
	af_string(f, b, len, 10, 6, "Oem ID");
	af_string(f, b, len, 16, 8, "Oem Table ID");
	af_uint(f, b, len, 24, 4, "Oem Revision");
	af_string(f, b, len, 28, 4, "Asl Compiler ID");
	af_uint(f, b, len, 32, 4, "Asl Compiler Revision");
}

bool acpi_header_decode(struct acpi_table *t)
{
	const uint8_t *b = t->bytes;
	struct acpi_header *h = &t->hdr;

	for (int i = 0; i < 4; i++) {
		uint8_t c = i < (int)t->size ? b[i] : '?';
		h->signature[i] = (c >= 0x21 && c < 0x7f) ? (char)c : '?';
	}
	h->signature[4] = '\0';
	if (t->size < ACPI_HEADER_LEN) {
		t->len = t->size;
		header_fields(t);
		acpi_finding(t, FIND_ACPI_TABLE_TRUNCATED,
			     "%zu bytes, less than the 36-byte ACPI table header", t->size);
		return false;
	}
	h->length = acpi_u32(b, t->size, 4);
	h->revision = b[8];
	h->checksum = b[9];
	h->oem_id = sanitize_fw_string(b + 10, 6);
	h->oem_table_id = sanitize_fw_string(b + 16, 8);
	h->oem_revision = acpi_u32(b, t->size, 24);
	h->creator_id = sanitize_fw_string(b + 28, 4);
	h->creator_revision = acpi_u32(b, t->size, 32);

	if (h->length < ACPI_HEADER_LEN) {
		t->len = t->size;
		acpi_finding(t, FIND_ACPI_TABLE_LENGTH,
			     "header length %u is less than the header itself; decoding the %zu bytes present",
			     h->length, t->size);
	} else if (h->length > t->size) {
		t->len = t->size;
		acpi_finding(t, FIND_ACPI_TABLE_TRUNCATED,
			     "header length %u but only %zu bytes present; decoding those", h->length,
			     t->size);
	} else {
		t->len = h->length;
		h->complete = true;
		if (h->length < t->size)
			acpi_finding(t, FIND_ACPI_TABLE_LENGTH,
				     "header length %u but %zu bytes present; the %zu bytes after 0x%x are ignored",
				     h->length, t->size, t->size - h->length, h->length);
	}
	uint8_t sum = 0;
	for (size_t i = 0; i < t->len; i++)
		sum = (uint8_t)(sum + b[i]);
	h->checksum_ok = sum == 0;
	if (!h->checksum_ok && h->complete)
		acpi_finding(t, strcmp(h->signature, "IVRS") ? FIND_ACPI_TABLE_CHECKSUM : FIND_IVRS_CHECKSUM,
			     "bytes sum to 0x%02x, not 0 (checksum byte 0x%02x, 0x%02x would be right)",
			     sum, h->checksum, (uint8_t)(h->checksum - sum));

	header_fields(t);
	if (!h->checksum_ok && h->complete) {
		/* ACPICA's wording, so a field comparison sees the same value. */
		char *s = xasprintf("%02X     /* Incorrect checksum, should be %02X */", h->checksum,
				    (uint8_t)(h->checksum - sum));
		af_label(&t->fields, 9, 1, "Checksum", s);
		free(s);
	}
	return true;
}
