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
#include "xml-acpi.h"

/* Every writer call's status is folded into `bad`, checked once at the end. */
struct xw {
	xmlTextWriterPtr w;
	int bad;
};

static void start(struct xw *x, const char *name)
{
	x->bad |= xmlTextWriterStartElement(x->w, BAD_CAST name) < 0;
}
static void end(struct xw *x)
{
	x->bad |= xmlTextWriterEndElement(x->w) < 0;
}
static void attr(struct xw *x, const char *name, const char *value)
{
	/* The report's one sanitizer: it also removes U+FFFE/U+FFFF, which are
	 * valid UTF-8 but not XML characters (OEM ids are firmware bytes). */
	char *v = xml_clean_string(value ? value : "");
	x->bad |= xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v) < 0;
	free(v);
}
static void attrf(struct xw *x, const char *name, const char *fmt, ...) IA_PRINTF(3, 4);
static void attrf(struct xw *x, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = xvasprintf(fmt, ap);
	va_end(ap);
	attr(x, name, v);
	free(v);
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
		start(x, "scope");
		attrf(x, "offset", "%u", sc->offset);
		attrf(x, "type", "%u", sc->type);
		attr(x, "kind", dmar_scope_name(sc->type));
		attrf(x, "enumeration-id", "%u", sc->enumeration_id);
		attrf(x, "start-bus", "%u", sc->start_bus);
		char *p = dmar_scope_path_string(sc);
		attr(x, "path", p);
		free(p);
		end(x);
	}
}

static void dmar(struct xw *x, const struct acpi_dmar *d)
{
	start(x, "dmar");
	attrf(x, "host-address-width", "%u", d->host_address_bits);
	attrf(x, "flags", "%u", d->flags);
	battr(x, "intr-remap", d->intr_remap);
	battr(x, "x2apic-opt-out", d->x2apic_opt_out);
	battr(x, "dma-ctrl-platform-opt-in", d->dma_ctrl_platform_opt_in);
	for (size_t i = 0; i < d->n_drhd; i++) {
		start(x, "drhd");
		attrf(x, "offset", "%u", d->drhd[i].offset);
		attrf(x, "segment", "%u", d->drhd[i].segment);
		attrf(x, "base", "0x%" PRIx64, d->drhd[i].base);
		attrf(x, "size", "%" PRIu64, d->drhd[i].register_size);
		battr(x, "include-pci-all", d->drhd[i].include_pci_all);
		scopes(x, &d->drhd[i].scopes);
		end(x);
	}
	for (size_t i = 0; i < d->n_rmrr; i++) {
		start(x, "rmrr");
		attrf(x, "offset", "%u", d->rmrr[i].offset);
		attrf(x, "segment", "%u", d->rmrr[i].segment);
		attrf(x, "base", "0x%" PRIx64, d->rmrr[i].base);
		attrf(x, "limit", "0x%" PRIx64, d->rmrr[i].limit);
		scopes(x, &d->rmrr[i].scopes);
		end(x);
	}
	for (size_t i = 0; i < d->n_atsr; i++) {
		start(x, "atsr");
		attrf(x, "offset", "%u", d->atsr[i].offset);
		attrf(x, "segment", "%u", d->atsr[i].segment);
		battr(x, "all-ports", d->atsr[i].all_ports);
		scopes(x, &d->atsr[i].scopes);
		end(x);
	}
	for (size_t i = 0; i < d->n_rhsa; i++) {
		start(x, "rhsa");
		attrf(x, "offset", "%u", d->rhsa[i].offset);
		attrf(x, "base", "0x%" PRIx64, d->rhsa[i].base);
		attrf(x, "proximity-domain", "%u", d->rhsa[i].proximity_domain);
		end(x);
	}
	for (size_t i = 0; i < d->n_andd; i++) {
		start(x, "andd");
		attrf(x, "offset", "%u", d->andd[i].offset);
		attrf(x, "device-number", "%u", d->andd[i].device_number);
		attr(x, "name", d->andd[i].name);
		end(x);
	}
	for (size_t i = 0; i < d->n_satc; i++) {
		start(x, "satc");
		attrf(x, "offset", "%u", d->satc[i].offset);
		attrf(x, "segment", "%u", d->satc[i].segment);
		battr(x, "atc-required", d->satc[i].atc_required);
		scopes(x, &d->satc[i].scopes);
		end(x);
	}
	for (size_t i = 0; i < d->n_sidp; i++) {
		start(x, "sidp");
		attrf(x, "offset", "%u", d->sidp[i].offset);
		attrf(x, "segment", "%u", d->sidp[i].segment);
		scopes(x, &d->sidp[i].scopes);
		end(x);
	}
	end(x);
}

static void ivrs(struct xw *x, const struct acpi_ivrs *v)
{
	start(x, "ivrs");
	attrf(x, "ivinfo", "0x%08x", v->ivinfo);
	battr(x, "efr-sup", v->efr_sup);
	battr(x, "dma-remap", v->dma_remap);
	for (size_t i = 0; i < v->n_ivhd; i++) {
		const struct ivrs_ivhd *h = &v->ivhd[i];
		start(x, "ivhd");
		attrf(x, "offset", "%u", h->offset);
		attrf(x, "type", "0x%02x", h->type);
		attrf(x, "flags", "%u", h->flags);
		attrf(x, "segment", "%u", h->segment);
		bdf_attr(x, "iommu", h->iommu_bdf);
		attrf(x, "capability-offset", "%u", h->capability_offset);
		attrf(x, "base", "0x%" PRIx64, h->base);
		attrf(x, "info", "%u", h->info);
		attrf(x, "attributes", "%u", h->attributes);
		if (h->type != IVRS_IVHD_10)
			attrf(x, "efr", "0x%016" PRIx64, h->efr);
		for (size_t k = 0; k < h->n_ranges; k++) {
			start(x, "devices");
			bdf_attr(x, "first", h->ranges[k].first);
			bdf_attr(x, "last", h->ranges[k].last);
			attrf(x, "dte", "%u", h->ranges[k].dte);
			if (h->ranges[k].has_ext)
				attrf(x, "ext", "%u", h->ranges[k].ext);
			end(x);
		}
		for (size_t k = 0; k < h->n_aliases; k++) {
			start(x, "alias");
			bdf_attr(x, "first", h->aliases[k].first);
			bdf_attr(x, "last", h->aliases[k].last);
			bdf_attr(x, "alias", h->aliases[k].alias);
			end(x);
		}
		for (size_t k = 0; k < h->n_specials; k++) {
			start(x, "special");
			attr(x, "variety", h->specials[k].variety == IVHD_VARIETY_IOAPIC ? "ioapic" :
					   h->specials[k].variety == IVHD_VARIETY_HPET ? "hpet" : "unknown");
			attrf(x, "handle", "%u", h->specials[k].handle);
			bdf_attr(x, "bdf", h->specials[k].devid);
			end(x);
		}
		for (size_t k = 0; k < h->n_hids; k++) {
			start(x, "acpi-device");
			attr(x, "hid", h->hids[k].hid);
			attr(x, "cid", h->hids[k].cid);
			attr(x, "uid", h->hids[k].uid);
			bdf_attr(x, "bdf", h->hids[k].devid);
			end(x);
		}
		end(x);
	}
	for (size_t i = 0; i < v->n_ivmd; i++) {
		const struct ivrs_ivmd *m = &v->ivmd[i];
		start(x, "ivmd");
		attrf(x, "offset", "%u", m->offset);
		attrf(x, "type", "0x%02x", m->type);
		attrf(x, "flags", "%u", m->flags);
		bdf_attr(x, "first", m->first);
		bdf_attr(x, "last", m->last);
		attrf(x, "start", "0x%" PRIx64, m->start);
		attrf(x, "length", "0x%" PRIx64, m->length);
		end(x);
	}
	end(x);
}

static void iort(struct xw *x, const struct acpi_iort *v)
{
	start(x, "iort");
	for (size_t i = 0; i < v->n_nodes; i++) {
		const struct iort_node *n = &v->nodes[i];
		start(x, "node");
		attrf(x, "offset", "%u", n->offset);
		attrf(x, "type", "%u", n->type);
		attr(x, "kind", iort_node_name(n->type));
		attrf(x, "identifier", "%u", n->identifier);
		if (n->base)
			attrf(x, "base", "0x%" PRIx64, n->base);
		if (n->type == IORT_ROOT_COMPLEX)
			attrf(x, "segment", "%u", n->segment);
		if (n->name)
			attr(x, "name", n->name);
		for (size_t k = 0; k < n->n_mappings; k++) {
			start(x, "mapping");
			attrf(x, "input-base", "%u", n->mappings[k].input_base);
			attrf(x, "id-count", "%u", n->mappings[k].id_count);
			attrf(x, "output-base", "%u", n->mappings[k].output_base);
			attrf(x, "output-ref", "%u", n->mappings[k].output_ref);
			attrf(x, "flags", "%u", n->mappings[k].flags);
			end(x);
		}
		end(x);
	}
	end(x);
}

static void findings(struct xw *x, const struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		start(x, "finding");
		attr(x, "id", finding_info(f->id)->id);
		attr(x, "severity", severity_name(f->severity));
		if (f->subject)
			attr(x, "subject", f->subject);
		char *d = xml_clean_string(f->detail ? f->detail : "");
		x->bad |= xmlTextWriterWriteString(x->w, BAD_CAST d) < 0;
		free(d);
		end(x);
	}
}

int xml_write_acpi(xmlTextWriterPtr w, const struct acpi_tables *set)
{
	struct xw x = {w, 0};
	start(&x, "acpi");
	for (size_t i = 0; i < set->n; i++) {
		const struct acpi_table *t = &set->v[i];
		start(&x, "table");
		attr(&x, "signature", t->hdr.signature);
		attr(&x, "source", t->source);
		attrf(&x, "length", "%zu", t->size);
		attrf(&x, "revision", "%u", t->hdr.revision);
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
			start(&x, "madt");
			for (size_t k = 0; k < t->madt->n_ioapics; k++) {
				start(&x, "ioapic");
				attrf(&x, "id", "%u", t->madt->ioapics[k].id);
				attrf(&x, "address", "0x%x", t->madt->ioapics[k].address);
				attrf(&x, "gsi-base", "%u", t->madt->ioapics[k].gsi_base);
				end(&x);
			}
			end(&x);
		}
		findings(&x, &t->findings);
		end(&x);
	}
	findings(&x, &set->findings);
	end(&x);
	return x.bad ? -1 : 0;
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
