#include "config.h"

#include "coverage-acpi.h"
#include "acpi-dmar.h"
#include "acpi-ivrs.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *own(struct fw_model_store *st, void *p)
{
	void **slot = xappend(&st->owned, &st->n_owned, sizeof(void *));
	*slot = p;
	return p;
}

/* DMAR scopes that name PCI devices (endpoints and bridges); IOAPIC, HPET and
 * ACPI namespace scopes are not PCI functions. */
static const struct fw_scope *convert_scopes(struct fw_model_store *st, const struct dmar_scopes *in, size_t *n_out)
{
	struct fw_scope *out = own(st, xcalloc(in->n ? in->n : 1, sizeof(*out)));
	size_t n = 0;
	for (size_t i = 0; i < in->n; i++) {
		const struct dmar_scope *s = &in->v[i];
		if (s->type != DMAR_SCOPE_ENDPOINT && s->type != DMAR_SCOPE_BRIDGE)
			continue;
		struct fw_hop *hops = own(st, xcalloc(s->path_len ? s->path_len : 1, sizeof(*hops)));
		for (size_t h = 0; h < s->path_len; h++) {
			hops[h].dev = s->path[h].dev;
			hops[h].fn = s->path[h].fn;
		}
		out[n++] = (struct fw_scope){s->start_bus, hops, s->path_len, s->type == DMAR_SCOPE_BRIDGE, s->offset};
	}
	*n_out = n;
	return out;
}

static void from_dmar(struct fw_model_store *st, const struct acpi_dmar *d)
{
	for (size_t i = 0; i < d->n_drhd; i++) {
		const struct dmar_drhd *h = &d->drhd[i];
		struct fw_unit *u = xappend(&st->units, &st->n_units, sizeof(*u));
		snprintf(u->name, sizeof(u->name), "DRHD@0x%x", h->offset);
		u->segment = h->segment;
		u->include_all = h->include_pci_all;
		u->scopes = convert_scopes(st, &h->scopes, &u->n_scopes);
		u->self_devid = -1;
		for (size_t k = 0; k < h->scopes.n; k++)
			u->acpi_devices |= h->scopes.v[k].type == DMAR_SCOPE_NAMESPACE;
	}
	for (size_t i = 0; i < d->n_rmrr; i++) {
		const struct dmar_rmrr *r = &d->rmrr[i];
		struct fw_region *g = xappend(&st->regions, &st->n_regions, sizeof(*g));
		snprintf(g->name, sizeof(g->name), "RMRR@0x%x", r->offset);
		g->segment = r->segment;
		g->base = r->base;
		g->limit = r->limit;
		g->scopes = convert_scopes(st, &r->scopes, &g->n_scopes);
	}
}

static void from_ivrs(struct fw_model_store *st, const struct acpi_ivrs *v)
{
	/* The kernel uses the IVHDs of the highest type it supports (0x40 > 0x11
	 * > 0x10); the others describe the same IOMMUs again. */
	uint8_t best = 0;
	for (size_t i = 0; i < v->n_ivhd; i++)
		if ((v->ivhd[i].type == 0x10 || v->ivhd[i].type == 0x11 || v->ivhd[i].type == 0x40) &&
		    v->ivhd[i].type > best)
			best = v->ivhd[i].type;
	for (size_t i = 0; i < v->n_ivhd; i++) {
		const struct ivrs_ivhd *h = &v->ivhd[i];
		if (h->type != best)
			continue;
		struct fw_unit *u = xappend(&st->units, &st->n_units, sizeof(*u));
		snprintf(u->name, sizeof(u->name), "IVHD@0x%x", h->offset);
		u->segment = h->segment;
		u->self_devid = h->iommu_bdf;
		size_t nr = h->n_ranges + h->n_aliases;
		struct fw_range *r = own(st, xcalloc(nr ? nr : 1, sizeof(*r)));
		struct fw_alias *a = own(st, xcalloc(h->n_aliases ? h->n_aliases : 1, sizeof(*a)));
		for (size_t k = 0; k < h->n_ranges; k++)
			r[k] = (struct fw_range){h->ranges[k].first, h->ranges[k].last};
		for (size_t k = 0; k < h->n_aliases; k++) {
			/* Aliased devices are translated too (their alias's entry). */
			r[h->n_ranges + k] = (struct fw_range){h->aliases[k].first, h->aliases[k].last};
			a[k] = (struct fw_alias){{h->aliases[k].first, h->aliases[k].last}, h->aliases[k].alias};
		}
		u->ranges = r;
		u->n_ranges = nr;
		u->aliases = a;
		u->n_aliases = h->n_aliases;
	}
	for (size_t i = 0; i < v->n_ivmd; i++) {
		const struct ivrs_ivmd *m = &v->ivmd[i];
		struct fw_region *g = xappend(&st->regions, &st->n_regions, sizeof(*g));
		snprintf(g->name, sizeof(g->name), "IVMD@0x%x", m->offset);
		g->base = m->start;
		g->limit = m->length ? m->start + m->length - 1 : m->start;
		g->all_devices = m->type == 0x20;
		struct fw_range *r = own(st, xcalloc(1, sizeof(*r)));
		*r = (struct fw_range){m->first, m->last};
		g->ranges = r;
		g->n_ranges = 1;
	}
}

bool coverage_model_from_acpi(const struct acpi_tables *set, struct fw_model_store *st)
{
	memset(st, 0, sizeof(*st));
	bool any = false;
	for (size_t i = 0; i < set->n; i++) {
		if (set->v[i].dmar) {
			from_dmar(st, set->v[i].dmar);
			any = true;
		} else if (set->v[i].ivrs) {
			from_ivrs(st, set->v[i].ivrs);
			any = true;
		}
	}
	st->model = (struct fw_iommu_model){st->units, st->n_units, st->regions, st->n_regions};
	return any;
}

void coverage_model_free(struct fw_model_store *st)
{
	for (size_t i = 0; i < st->n_owned; i++)
		free(st->owned[i]);
	free(st->owned);
	free(st->units);
	free(st->regions);
	memset(st, 0, sizeof(*st));
}
