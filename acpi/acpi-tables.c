#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acpi-dmar.h"
#include "acpi-iort.h"
#include "acpi-ivrs.h"
#include "acpi-madt.h"
#include "acpi-tables.h"
#include "util.h"

bool acpi_signature_known(const char *sig)
{
	return !strcmp(sig, "DMAR") || !strcmp(sig, "IVRS") || !strcmp(sig, "IORT") ||
	       !strcmp(sig, "APIC");
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

void acpi_table_decode(struct acpi_table *t)
{
	if (!acpi_header_decode(t))
		return;
	const char *sig = t->hdr.signature;
	if (!strcmp(sig, "DMAR"))
		acpi_dmar_decode(t);
	else if (!strcmp(sig, "IVRS"))
		acpi_ivrs_decode(t);
	else if (!strcmp(sig, "IORT"))
		acpi_iort_decode(t);
	else if (!strcmp(sig, "APIC"))
		acpi_madt_decode(t);
	acpi_reserved_report(t);
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
