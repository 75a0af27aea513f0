#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include <libxml/xmlwriter.h>

#include "acpi-dmar.h"
#include "acpi-iort.h"
#include "acpi-ivrs.h"
#include "acpi-madt.h"
#include "report-xml.h"
#include "util.h"
#include "xml-writer.h"
#include "xml-acpi.h"

/* The decode's attributes are always written, empty when a value is missing
 * (the schema requires them). */
static void attr(struct xw *x, const char *name, const char *value)
{
	xw_attr(x, name, value ? value : "");
}
static void battr(struct xw *x, const char *name, bool v)
{
	attr(x, name, v ? "true" : "false");
}
static void bdf_attr(struct xw *x, const char *name, uint16_t id)
{
	char b[8];
	ivrs_bdf_string(id, b);
	attr(x, name, b);
}

static void scopes(struct xw *x, const struct dmar_scopes *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct dmar_scope *sc = &s->v[i];
		xw_start(x, "scope");
		xw_attrf(x, "offset", "%u", sc->offset);
		xw_attrf(x, "type", "%u", sc->type);
		attr(x, "kind", dmar_scope_name(sc->type));
		xw_attrf(x, "enumeration-id", "%u", sc->enumeration_id);
		xw_attrf(x, "start-bus", "%u", sc->start_bus);
		char *p = dmar_scope_path_string(sc);
		attr(x, "path", p);
		free(p);
		xw_end(x);
	}
}

static void dmar(struct xw *x, const struct acpi_dmar *d)
{
	xw_start(x, "dmar");
	xw_attrf(x, "host-address-width", "%u", d->host_address_bits);
	xw_attrf(x, "flags", "%u", d->flags);
	battr(x, "intr-remap", d->intr_remap);
	battr(x, "x2apic-opt-out", d->x2apic_opt_out);
	battr(x, "dma-ctrl-platform-opt-in", d->dma_ctrl_platform_opt_in);
	for (size_t i = 0; i < d->n_drhd; i++) {
		xw_start(x, "drhd");
		xw_attrf(x, "offset", "%u", d->drhd[i].offset);
		xw_attrf(x, "segment", "%u", d->drhd[i].segment);
		xw_attrf(x, "base", "0x%" PRIx64, d->drhd[i].base);
		xw_attrf(x, "size", "%" PRIu64, d->drhd[i].register_size);
		battr(x, "include-pci-all", d->drhd[i].include_pci_all);
		scopes(x, &d->drhd[i].scopes);
		xw_end(x);
	}
	for (size_t i = 0; i < d->n_rmrr; i++) {
		xw_start(x, "rmrr");
		xw_attrf(x, "offset", "%u", d->rmrr[i].offset);
		xw_attrf(x, "segment", "%u", d->rmrr[i].segment);
		xw_attrf(x, "base", "0x%" PRIx64, d->rmrr[i].base);
		xw_attrf(x, "limit", "0x%" PRIx64, d->rmrr[i].limit);
		scopes(x, &d->rmrr[i].scopes);
		xw_end(x);
	}
	for (size_t i = 0; i < d->n_atsr; i++) {
		xw_start(x, "atsr");
		xw_attrf(x, "offset", "%u", d->atsr[i].offset);
		xw_attrf(x, "segment", "%u", d->atsr[i].segment);
		battr(x, "all-ports", d->atsr[i].all_ports);
		scopes(x, &d->atsr[i].scopes);
		xw_end(x);
	}
	for (size_t i = 0; i < d->n_rhsa; i++) {
		xw_start(x, "rhsa");
		xw_attrf(x, "offset", "%u", d->rhsa[i].offset);
		xw_attrf(x, "base", "0x%" PRIx64, d->rhsa[i].base);
		xw_attrf(x, "proximity-domain", "%u", d->rhsa[i].proximity_domain);
		xw_end(x);
	}
	for (size_t i = 0; i < d->n_andd; i++) {
		xw_start(x, "andd");
		xw_attrf(x, "offset", "%u", d->andd[i].offset);
		xw_attrf(x, "device-number", "%u", d->andd[i].device_number);
		attr(x, "name", d->andd[i].name);
		xw_end(x);
	}
	for (size_t i = 0; i < d->n_satc; i++) {
		xw_start(x, "satc");
		xw_attrf(x, "offset", "%u", d->satc[i].offset);
		xw_attrf(x, "segment", "%u", d->satc[i].segment);
		battr(x, "atc-required", d->satc[i].atc_required);
		scopes(x, &d->satc[i].scopes);
		xw_end(x);
	}
	for (size_t i = 0; i < d->n_sidp; i++) {
		xw_start(x, "sidp");
		xw_attrf(x, "offset", "%u", d->sidp[i].offset);
		xw_attrf(x, "segment", "%u", d->sidp[i].segment);
		scopes(x, &d->sidp[i].scopes);
		xw_end(x);
	}
	xw_end(x);
}

static void ivrs(struct xw *x, const struct acpi_ivrs *v)
{
	xw_start(x, "ivrs");
	xw_attrf(x, "ivinfo", "0x%08x", v->ivinfo);
	battr(x, "efr-sup", v->efr_sup);
	battr(x, "dma-remap", v->dma_remap);
	for (size_t i = 0; i < v->n_ivhd; i++) {
		const struct ivrs_ivhd *h = &v->ivhd[i];
		xw_start(x, "ivhd");
		xw_attrf(x, "offset", "%u", h->offset);
		xw_attrf(x, "type", "0x%02x", h->type);
		xw_attrf(x, "flags", "%u", h->flags);
		xw_attrf(x, "segment", "%u", h->segment);
		bdf_attr(x, "iommu", h->iommu_bdf);
		xw_attrf(x, "capability-offset", "%u", h->capability_offset);
		xw_attrf(x, "base", "0x%" PRIx64, h->base);
		xw_attrf(x, "info", "%u", h->info);
		xw_attrf(x, "attributes", "%u", h->attributes);
		if (h->type != IVRS_IVHD_10)
			xw_attrf(x, "efr", "0x%016" PRIx64, h->efr);
		for (size_t k = 0; k < h->n_ranges; k++) {
			xw_start(x, "devices");
			bdf_attr(x, "first", h->ranges[k].first);
			bdf_attr(x, "last", h->ranges[k].last);
			xw_attrf(x, "dte", "%u", h->ranges[k].dte);
			if (h->ranges[k].has_ext)
				xw_attrf(x, "ext", "%u", h->ranges[k].ext);
			xw_end(x);
		}
		for (size_t k = 0; k < h->n_aliases; k++) {
			xw_start(x, "alias");
			bdf_attr(x, "first", h->aliases[k].first);
			bdf_attr(x, "last", h->aliases[k].last);
			bdf_attr(x, "alias", h->aliases[k].alias);
			xw_end(x);
		}
		for (size_t k = 0; k < h->n_specials; k++) {
			xw_start(x, "special");
			attr(x, "variety", h->specials[k].variety == IVHD_VARIETY_IOAPIC ? "ioapic" :
					   h->specials[k].variety == IVHD_VARIETY_HPET ? "hpet" : "unknown");
			xw_attrf(x, "handle", "%u", h->specials[k].handle);
			bdf_attr(x, "bdf", h->specials[k].devid);
			xw_end(x);
		}
		for (size_t k = 0; k < h->n_hids; k++) {
			xw_start(x, "acpi-device");
			attr(x, "hid", h->hids[k].hid);
			attr(x, "cid", h->hids[k].cid);
			attr(x, "uid", h->hids[k].uid);
			bdf_attr(x, "bdf", h->hids[k].devid);
			xw_end(x);
		}
		xw_end(x);
	}
	for (size_t i = 0; i < v->n_ivmd; i++) {
		const struct ivrs_ivmd *m = &v->ivmd[i];
		xw_start(x, "ivmd");
		xw_attrf(x, "offset", "%u", m->offset);
		xw_attrf(x, "type", "0x%02x", m->type);
		xw_attrf(x, "flags", "%u", m->flags);
		bdf_attr(x, "first", m->first);
		bdf_attr(x, "last", m->last);
		xw_attrf(x, "start", "0x%" PRIx64, m->start);
		xw_attrf(x, "length", "0x%" PRIx64, m->length);
		xw_end(x);
	}
	xw_end(x);
}

static void iort(struct xw *x, const struct acpi_iort *v)
{
	xw_start(x, "iort");
	for (size_t i = 0; i < v->n_nodes; i++) {
		const struct iort_node *n = &v->nodes[i];
		xw_start(x, "node");
		xw_attrf(x, "offset", "%u", n->offset);
		xw_attrf(x, "type", "%u", n->type);
		attr(x, "kind", iort_node_name(n->type));
		xw_attrf(x, "identifier", "%u", n->identifier);
		if (n->base)
			xw_attrf(x, "base", "0x%" PRIx64, n->base);
		if (n->type == IORT_ROOT_COMPLEX)
			xw_attrf(x, "segment", "%u", n->segment);
		if (n->name)
			attr(x, "name", n->name);
		for (size_t k = 0; k < n->n_mappings; k++) {
			xw_start(x, "mapping");
			xw_attrf(x, "input-base", "%u", n->mappings[k].input_base);
			xw_attrf(x, "id-count", "%u", n->mappings[k].id_count);
			xw_attrf(x, "output-base", "%u", n->mappings[k].output_base);
			xw_attrf(x, "output-ref", "%u", n->mappings[k].output_ref);
			xw_attrf(x, "flags", "%u", n->mappings[k].flags);
			xw_end(x);
		}
		xw_end(x);
	}
	xw_end(x);
}

static void findings(struct xw *x, const struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		xw_start(x, "finding");
		attr(x, "id", finding_info(f->id)->id);
		attr(x, "severity", severity_name(f->severity));
		if (f->subject)
			attr(x, "subject", f->subject);
		xw_text(x, f->detail ? f->detail : "");
		xw_end(x);
	}
}

int xml_write_acpi(xmlTextWriterPtr w, const struct acpi_tables *set)
{
	struct xw x = {w, 0};
	xw_start(&x, "acpi");
	for (size_t i = 0; i < set->n; i++) {
		const struct acpi_table *t = &set->v[i];
		xw_start(&x, "table");
		attr(&x, "signature", t->hdr.signature);
		attr(&x, "source", t->source);
		xw_attrf(&x, "length", "%zu", t->size);
		xw_attrf(&x, "revision", "%u", t->hdr.revision);
		battr(&x, "checksum-ok", t->hdr.checksum_ok);
		attr(&x, "oem-id", t->hdr.oem_id);
		attr(&x, "oem-table-id", t->hdr.oem_table_id);
		if (t->dmar)
			dmar(&x, t->dmar);
		if (t->ivrs)
			ivrs(&x, t->ivrs);
		if (t->iort)
			iort(&x, t->iort);
		if (t->madt) {
			xw_start(&x, "madt");
			for (size_t k = 0; k < t->madt->n_ioapics; k++) {
				xw_start(&x, "ioapic");
				xw_attrf(&x, "id", "%u", t->madt->ioapics[k].id);
				xw_attrf(&x, "address", "0x%x", t->madt->ioapics[k].address);
				xw_attrf(&x, "gsi-base", "%u", t->madt->ioapics[k].gsi_base);
				xw_end(&x);
			}
			xw_end(&x);
		}
		findings(&x, &t->findings);
		xw_end(&x);
	}
	findings(&x, &set->findings);
	xw_end(&x);
	return x.failed ? -1 : 0;
}

int xml_acpi_document(FILE *out, const struct acpi_tables *set)
{
	xmlBufferPtr buf = xmlBufferCreate();
	if (!buf)
		return -1;
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
	if (!w) {
		xmlBufferFree(buf);
		return -1;
	}
	int bad = xmlTextWriterSetIndent(w, 1) < 0;
	bad |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	/* The root carries the namespace; children inherit it. */
	bad |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "acpi-report", BAD_CAST IA_REPORT_NS) < 0;
	bad |= xml_write_acpi(w, set) < 0;
	bad |= xmlTextWriterEndElement(w) < 0;
	bad |= xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w);
	if (!bad)
		fputs((const char *)xmlBufferContent(buf), out);
	xmlBufferFree(buf);
	return bad ? -1 : 0;
}
