#include "config.h"

#include "acpi-text.h"

#include "acpi-dmar.h"
#include "acpi-iort.h"
#include "acpi-ivrs.h"
#include "acpi-madt.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>

static void print_scopes(FILE *o, const struct dmar_scopes *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct dmar_scope *sc = &s->v[i];
		char *path = dmar_scope_path_string(sc);
		switch (sc->type) {
		case DMAR_SCOPE_ENDPOINT:
			fprintf(o, "      endpoint %s\n", path);
			break;
		case DMAR_SCOPE_BRIDGE:
			fprintf(o, "      bridge %s and everything below it\n", path);
			break;
		case DMAR_SCOPE_IOAPIC:
		case DMAR_SCOPE_HPET:
		case DMAR_SCOPE_NAMESPACE:
			fprintf(o, "      %s %u at %s\n",
				sc->type == DMAR_SCOPE_IOAPIC ? "IOAPIC id" :
				sc->type == DMAR_SCOPE_HPET ? "HPET" : "ACPI device",
				sc->enumeration_id, path);
			break;
		default:
			fprintf(o, "      scope type %u at %s\n", sc->type, path);
		}
		free(path);
	}
}

static void print_dmar(FILE *o, const struct acpi_dmar *d)
{
	fprintf(o, "  host address width %u bits; flags 0x%02x%s%s%s\n", d->host_address_bits,
		d->flags, d->intr_remap ? " INTR_REMAP" : "", d->x2apic_opt_out ? " X2APIC_OPT_OUT" : "",
		d->dma_ctrl_platform_opt_in ? " DMA_CTRL_PLATFORM_OPT_IN" : "");
	for (size_t i = 0; i < d->n_drhd; i++) {
		const struct dmar_drhd *u = &d->drhd[i];
		char sz[32];
		fprintf(o, "  DRHD @0x%x: segment %04x, registers 0x%" PRIx64 " (%s)%s\n", u->offset,
			u->segment, u->base, human_size(u->register_size, SIZE_EXACT, sz, sizeof(sz)),
			u->include_pci_all ? ", INCLUDE_PCI_ALL" : "");
		print_scopes(o, &u->scopes);
	}
	for (size_t i = 0; i < d->n_rmrr; i++) {
		const struct dmar_rmrr *r = &d->rmrr[i];
		char sz[32] = "empty";
		if (r->limit >= r->base)
			human_size(r->limit - r->base + 1, SIZE_EXACT, sz, sizeof(sz));
		fprintf(o, "  RMRR @0x%x: segment %04x, [0x%" PRIx64 "-0x%" PRIx64 "] (%s)\n", r->offset,
			r->segment, r->base, r->limit, sz);
		print_scopes(o, &r->scopes);
	}
	for (size_t i = 0; i < d->n_atsr; i++) {
		fprintf(o, "  ATSR @0x%x: segment %04x%s\n", d->atsr[i].offset, d->atsr[i].segment,
			d->atsr[i].all_ports ? ", ALL_PORTS" : "");
		print_scopes(o, &d->atsr[i].scopes);
	}
	for (size_t i = 0; i < d->n_rhsa; i++)
		fprintf(o, "  RHSA @0x%x: unit 0x%" PRIx64 " in proximity domain %u\n", d->rhsa[i].offset,
			d->rhsa[i].base, d->rhsa[i].proximity_domain);
	for (size_t i = 0; i < d->n_andd; i++)
		fprintf(o, "  ANDD @0x%x: ACPI device %u = %s\n", d->andd[i].offset,
			d->andd[i].device_number, d->andd[i].name);
	for (size_t i = 0; i < d->n_satc; i++) {
		fprintf(o, "  SATC @0x%x: segment %04x%s\n", d->satc[i].offset, d->satc[i].segment,
			d->satc[i].atc_required ? ", ATC_REQUIRED" : "");
		print_scopes(o, &d->satc[i].scopes);
	}
	for (size_t i = 0; i < d->n_sidp; i++) {
		fprintf(o, "  SIDP @0x%x: segment %04x\n", d->sidp[i].offset, d->sidp[i].segment);
		print_scopes(o, &d->sidp[i].scopes);
	}
	for (size_t i = 0; i < d->n_unknown; i++)
		fprintf(o, "  structure type %u @0x%x (%u bytes), not decoded\n", d->unknown[i].type,
			d->unknown[i].offset, d->unknown[i].length);
}

static void print_ivrs(FILE *o, const struct acpi_ivrs *v)
{
	fprintf(o, "  IVinfo 0x%08x: EFRSup %u, DMA remap %u, PA %u bits, VA %u bits\n", v->ivinfo,
		v->efr_sup, v->dma_remap, v->pa_size, v->va_size);
	for (size_t i = 0; i < v->n_ivhd; i++) {
		const struct ivrs_ivhd *h = &v->ivhd[i];
		char bdf[8];
		ivrs_bdf_string(h->iommu_bdf, bdf);
		fprintf(o, "  IVHD %02xh @0x%x: IOMMU %04x:%s, base 0x%" PRIx64 ", cap 0x%x, flags 0x%02x",
			h->type, h->offset, h->segment, bdf, h->base, h->capability_offset, h->flags);
		if (h->type != IVRS_IVHD_10)
			fprintf(o, ", EFR 0x%016" PRIx64, h->efr);
		fputc('\n', o);
		for (size_t k = 0; k < h->n_ranges; k++) {
			const struct ivhd_range *r = &h->ranges[k];
			char a[8], b[8];
			ivrs_bdf_string(r->first, a);
			ivrs_bdf_string(r->last, b);
			if (r->all)
				fprintf(o, "      all devices, DTE 0x%02x\n", r->dte);
			else if (r->first == r->last)
				fprintf(o, "      device %s, DTE 0x%02x", a, r->dte);
			else
				fprintf(o, "      devices %s-%s, DTE 0x%02x", a, b, r->dte);
			if (!r->all) {
				if (r->has_ext)
					fprintf(o, ", ext 0x%08x%s", r->ext,
						r->ext & 0x80000000u ? " (ATS disabled)" : "");
				fputc('\n', o);
			}
		}
		for (size_t k = 0; k < h->n_aliases; k++) {
			char a[8], b[8], c[8];
			ivrs_bdf_string(h->aliases[k].first, a);
			ivrs_bdf_string(h->aliases[k].last, b);
			ivrs_bdf_string(h->aliases[k].alias, c);
			fprintf(o, "      alias %s-%s -> requester %s\n", a, b, c);
		}
		for (size_t k = 0; k < h->n_specials; k++) {
			char a[8];
			ivrs_bdf_string(h->specials[k].devid, a);
			fprintf(o, "      %s %u at %s\n",
				h->specials[k].variety == IVHD_VARIETY_IOAPIC ? "IOAPIC id" :
				h->specials[k].variety == IVHD_VARIETY_HPET ? "HPET" : "special device",
				h->specials[k].handle, a);
		}
		for (size_t k = 0; k < h->n_hids; k++) {
			char a[8];
			ivrs_bdf_string(h->hids[k].devid, a);
			fprintf(o, "      ACPI %s%s%s uid %s at %s\n", h->hids[k].hid,
				h->hids[k].cid[0] ? " cid " : "", h->hids[k].cid,
				h->hids[k].uid[0] ? h->hids[k].uid : "-", a);
		}
	}
	for (size_t i = 0; i < v->n_ivmd; i++) {
		const struct ivrs_ivmd *m = &v->ivmd[i];
		char a[8], b[8];
		ivrs_bdf_string(m->first, a);
		ivrs_bdf_string(m->last, b);
		fprintf(o, "  IVMD %02xh @0x%x: [0x%" PRIx64 " +0x%" PRIx64 "] flags 0x%02x%s%s%s%s%s\n",
			m->type, m->offset, m->start, m->length, m->flags, m->flags & 1 ? " unity" : "",
			m->flags & 2 ? " read" : "", m->flags & 4 ? " write" : "",
			m->flags & 8 ? " exclusion" : "", "");
		if (m->type == IVRS_IVMD_ALL)
			fprintf(o, "      all devices\n");
		else
			fprintf(o, "      devices %s-%s\n", a, b);
	}
}

static void print_iort(FILE *o, const struct acpi_iort *v)
{
	for (size_t i = 0; i < v->n_nodes; i++) {
		const struct iort_node *n = &v->nodes[i];
		fprintf(o, "  %s node @0x%x", iort_node_name(n->type), n->offset);
		if (n->type == IORT_SMMU || n->type == IORT_SMMU_V3 || n->type == IORT_PMCG)
			fprintf(o, ": base 0x%" PRIx64 ", model %u", n->base, n->model);
		if (n->type == IORT_ROOT_COMPLEX)
			fprintf(o, ": segment %u, ATS attribute 0x%x", n->segment, n->ats_attribute);
		if (n->type == IORT_NAMED_COMPONENT)
			fprintf(o, ": %s", n->name);
		if (n->type == IORT_IWB)
			fprintf(o, ": base 0x%" PRIx64 ", IWB index %u, %s", n->base, n->iwb_index, n->name);
		if (n->type == IORT_RMR)
			fprintf(o, ": flags 0x%x%s", n->flags, n->flags & 1 ? " REMAP_PERMITTED" : "");
		fputc('\n', o);
		for (size_t k = 0; k < n->n_its_ids; k++)
			fprintf(o, "      ITS id %u\n", n->its_ids[k]);
		for (size_t k = 0; k < n->n_rmrs; k++)
			fprintf(o, "      range [0x%" PRIx64 " +0x%" PRIx64 "]\n", n->rmrs[k].base,
				n->rmrs[k].length);
		for (size_t k = 0; k < n->n_mappings; k++) {
			const struct iort_id_mapping *m = &n->mappings[k];
			fprintf(o, "      ids 0x%x..0x%x -> 0x%x at node 0x%x%s\n", m->input_base,
				m->input_base + m->id_count, m->output_base, m->output_ref,
				m->flags & 1 ? " (single)" : "");
		}
	}
}

void acpi_text_decoded(FILE *o, const struct acpi_table *t)
{
	if (t->dmar)
		print_dmar(o, t->dmar);
	if (t->ivrs)
		print_ivrs(o, t->ivrs);
	if (t->iort)
		print_iort(o, t->iort);
	if (t->madt)
		for (size_t k = 0; k < t->madt->n_ioapics; k++)
			fprintf(o, "  IOAPIC id %u at 0x%x, GSI base %u\n", t->madt->ioapics[k].id,
				t->madt->ioapics[k].address, t->madt->ioapics[k].gsi_base);
}
