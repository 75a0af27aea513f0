#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-buf.h"
#include "acpi-dmar.h"
#include "acpi-iort.h"
#include "acpi-ivrs.h"
#include "acpi-madt.h"
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
static void report_reserved(struct acpi_table *t)
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

bool acpi_signature_known(const char *sig)
{
	return !strcmp(sig, "DMAR") || !strcmp(sig, "IVRS") || !strcmp(sig, "IORT") ||
	       !strcmp(sig, "APIC");
}

bool acpi_table_name_is(const char *name, const char *sig)
{
	size_t n = strlen(sig);
	return !strncmp(name, sig, n) && strspn(name + n, "0123456789") == strlen(name + n);
}

struct acpi_table *acpi_tables_add(struct acpi_tables *set, uint8_t *bytes, size_t size,
				   const char *source)
{
	struct acpi_table *t = xappend(&set->v, &set->n, sizeof(*t));
	t->bytes = bytes;
	t->size = size;
	t->source = xstrdup(source);
	return t;
}

void acpi_header_fields(struct acpi_table *t)
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

void acpi_table_decode(struct acpi_table *t)
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
		acpi_header_fields(t);
		acpi_finding(t, FIND_ACPI_TABLE_TRUNCATED,
			     "%zu bytes, less than the 36-byte ACPI table header", t->size);
		return;
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

	acpi_header_fields(t);
	if (!h->checksum_ok && h->complete) {
		/* ACPICA's wording, so a field comparison sees the same value. */
		char *s = xasprintf("%02X     /* Incorrect checksum, should be %02X */", h->checksum,
				    (uint8_t)(h->checksum - sum));
		af_label(&t->fields, 9, 1, "Checksum", s);
		free(s);
	}
	if (!strcmp(h->signature, "DMAR"))
		acpi_dmar_decode(t);
	else if (!strcmp(h->signature, "IVRS"))
		acpi_ivrs_decode(t);
	else if (!strcmp(h->signature, "IORT"))
		acpi_iort_decode(t);
	else if (!strcmp(h->signature, "APIC"))
		acpi_madt_decode(t);
	report_reserved(t);
}

static bool dmar_covers_ioapic(const struct acpi_dmar *d, uint8_t id)
{
	for (size_t i = 0; i < d->n_drhd; i++)
		for (size_t k = 0; k < d->drhd[i].scopes.n; k++)
			if (d->drhd[i].scopes.v[k].type == DMAR_SCOPE_IOAPIC &&
			    d->drhd[i].scopes.v[k].enumeration_id == id)
				return true;
	return false;
}

static bool ivrs_covers_ioapic(const struct acpi_ivrs *v, uint8_t id)
{
	for (size_t i = 0; i < v->n_ivhd; i++)
		for (size_t k = 0; k < v->ivhd[i].n_specials; k++)
			if (v->ivhd[i].specials[k].variety == IVHD_VARIETY_IOAPIC &&
			    v->ivhd[i].specials[k].handle == id)
				return true;
	return false;
}

static void cross_checks(struct acpi_tables *set)
{
	const struct acpi_table *madt = acpi_tables_find(set, "APIC");
	const struct acpi_table *dmar = acpi_tables_find(set, "DMAR");
	const struct acpi_table *ivrs = acpi_tables_find(set, "IVRS");
	if (!madt || !madt->madt)
		return;
	const struct acpi_madt *m = madt->madt;
	if (dmar && dmar->dmar && dmar->dmar->n_drhd)
		for (size_t i = 0; i < m->n_ioapics; i++)
			if (!dmar_covers_ioapic(dmar->dmar, m->ioapics[i].id))
				finding_add(&set->findings, FIND_DMAR_IOAPIC_NOT_COVERED, dmar->source,
					    "IOAPIC id %u (address 0x%x, GSI base %u) of the MADT is in no DRHD device scope",
					    m->ioapics[i].id, m->ioapics[i].address, m->ioapics[i].gsi_base);
	if (ivrs && ivrs->ivrs && ivrs->ivrs->n_ivhd) {
		for (size_t i = 0; i < m->n_ioapics; i++) {
			if (ivrs_covers_ioapic(ivrs->ivrs, m->ioapics[i].id))
				continue;
			finding_add(&set->findings,
				    m->ioapics[i].gsi_base == 0 ? FIND_IVRS_NO_SOUTHBRIDGE_IOAPIC
								: FIND_IVRS_IOAPIC_NOT_COVERED,
				    ivrs->source,
				    "IOAPIC id %u (address 0x%x, GSI base %u) of the MADT has no IVHD special device entry",
				    m->ioapics[i].id, m->ioapics[i].address, m->ioapics[i].gsi_base);
		}
	}
}

void acpi_tables_decode(struct acpi_tables *set)
{
	/* The first table of each known signature, so a duplicate is found in one
	 * step (a directory of thousands of tables must not cost n^2 compares). */
	struct {
		char signature[5];
		size_t index;
	} first[16];
	size_t n_first = 0;
	for (size_t i = 0; i < set->n; i++) {
		struct acpi_table *t = &set->v[i];
		if (t->hdr.signature[0])
			continue;
		acpi_table_decode(t);
		if (!acpi_signature_known(t->hdr.signature))
			continue;
		size_t k = 0;
		while (k < n_first && strcmp(first[k].signature, t->hdr.signature) != 0)
			k++;
		if (k < n_first) {
			acpi_finding(t, FIND_ACPI_TABLE_DUPLICATE,
				     "another %s table (%s) was read first; the kernel uses one table per signature",
				     t->hdr.signature, set->v[first[k].index].source);
		} else if (n_first < ARRAY_SIZE(first)) {
			memcpy(first[n_first].signature, t->hdr.signature, sizeof(first[n_first].signature));
			first[n_first].signature[4] = '\0';
			first[n_first].index = i;
			n_first++;
		}
	}
	/* The cross-table findings are recomputed; the loader's (a table it could
	 * not read) stay, or an unreadable table would read as an absent one. */
	struct finding_list kept = {0};
	for (size_t i = 0; i < set->findings.n; i++)
		if (set->findings.v[i].id == FIND_TOOL_UNREADABLE)
			finding_copy(&kept, &set->findings.v[i]);
	finding_list_free(&set->findings);
	set->findings = kept;
	cross_checks(set);
}

const struct acpi_table *acpi_tables_find(const struct acpi_tables *set, const char *sig)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->v[i].hdr.signature, sig))
			return &set->v[i];
	return NULL;
}

void acpi_tables_free(struct acpi_tables *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct acpi_table *t = &set->v[i];
		free(t->source);
		free(t->bytes);
		free(t->hdr.oem_id);
		free(t->hdr.oem_table_id);
		free(t->hdr.creator_id);
		acpi_fields_free(&t->fields);
		finding_list_free(&t->findings);
		free(t->reserved);
		acpi_dmar_free(t->dmar);
		acpi_ivrs_free(t->ivrs);
		acpi_iort_free(t->iort);
		acpi_madt_free(t->madt);
	}
	free(set->v);
	finding_list_free(&set->findings);
	memset(set, 0, sizeof(*set));
}
