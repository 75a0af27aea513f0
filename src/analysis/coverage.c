#include "config.h"

#include "coverage.h"
#include "topology.h"
#include "util.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

/* A scope path cannot be longer than the bus numbers it crosses. */
#define MAX_HOPS 256

static long find_dev(const struct pci_device *devs, size_t n, uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn)
{
	char bdf[16];
	snprintf(bdf, sizeof(bdf), "%04x:%02x:%02x.%x", seg, bus, dev & 0x1f, fn & 7);
	return topology_find(devs, n, bdf);
}

long coverage_resolve_scope(const struct pci_device *devs, size_t n, uint16_t seg, const struct fw_scope *s)
{
	if (s->path_len == 0 || s->path_len > MAX_HOPS)
		return -1;
	uint8_t bus = s->start_bus;
	long d = -1;
	for (size_t h = 0; h < s->path_len; h++) {
		d = find_dev(devs, n, seg, bus, s->path[h].dev, s->path[h].fn);
		if (d < 0)
			return -1;
		if (h + 1 < s->path_len) {
			if (!topology_is_bridge(&devs[d]))
				return -1;
			bus = devs[d].caps.secondary_bus;
		}
	}
	return d;
}

static bool bus_below(const struct pci_device *bridge, const struct pci_device *d)
{
	return topology_is_bridge(bridge) && bridge->domain == d->domain && d->bus >= bridge->caps.secondary_bus &&
	       d->bus <= bridge->caps.subordinate_bus;
}

static bool in_ranges(const struct fw_range *r, size_t n, uint16_t devid)
{
	for (size_t i = 0; i < n; i++)
		if (devid >= r[i].first && devid <= r[i].last)
			return true;
	return false;
}

static uint16_t devid_of(const struct pci_device *d)
{
	return (uint16_t)(d->bus << 8 | d->dev << 3 | d->func);
}

/* Linux's dmar_insert_dev_scope(): an ENDPOINT scope must name a function
 * with a type-0 header, a BRIDGE scope a bridge header or a device of the
 * bridge class (NTBs, 0680h, have type-0 headers). A scope that does not is
 * dropped ("Device scope type does not match"), for units and RMRRs alike.
 * Without the header (config space unread) nothing is judged. */
static bool scope_type_mismatch(const struct fw_scope *s, const struct pci_device *d)
{
	if (d->caps.config_len <= 0x0e)
		return false;
	bool type0 = d->caps.header_layout == 0;
	return s->bridge ? type0 && (d->class_code >> 16) != 0x06 : !type0;
}

static void report_type_mismatch(struct coverage_result *out, const char *holder,
				 const struct fw_scope *s, const struct pci_device *d)
{
	finding_add(&out->findings, FIND_COVERAGE_SCOPE_TYPE_MISMATCH, d->bdf,
		    "%s scope entry at offset 0x%x is a %s scope, but %s has a type-%u header (class %06x); Linux drops the scope",
		    holder, s->offset, s->bridge ? "BRIDGE" : "ENDPOINT", d->bdf,
		    (unsigned)d->caps.header_layout, (unsigned)d->class_code);
}

/* Linux's init_no_remapping_devices(): a DRHD that is not INCLUDE_PCI_ALL and
 * whose scopes name present devices of the display class only (a bridge scope
 * names the bridge itself; an ACPI namespace device is no PCI one) is
 * gfx_dedicated; with intel_iommu=igfx_off (dmar_map_gfx = 0, in later kernels
 * disable_igfx_iommu = 1) the kernel ignores it, and its devices get no group.
 * A unit whose scopes name no present device is ignored anyway, not for
 * graphics. IVHDs have no scopes. */
static bool graphics_only_unit(const struct pci_device *devs, const struct fw_unit *unit, const long *resolved)
{
	if (unit->include_all || unit->n_ranges || unit->acpi_devices)
		return false;
	size_t present = 0;
	for (size_t s = 0; s < unit->n_scopes; s++) {
		if (resolved[s] < 0)
			continue; /* absent, or dropped for its type */
		if ((devs[resolved[s]].class_code >> 16) != 0x03)
			return false;
		present++;
	}
	return present > 0;
}

void coverage_compute(const struct pci_device *devs, size_t n, const struct fw_iommu_model *m,
		      struct coverage_result *out)
{
	memset(out, 0, sizeof(*out));
	out->computed = true;
	out->n = n;
	out->n_units = m->n_units;
	out->unit_names = xcalloc(m->n_units ? m->n_units : 1, sizeof(char *));
	for (size_t u = 0; u < m->n_units; u++)
		out->unit_names[u] = xstrdup(m->units[u].name);
	out->n_regions = m->n_regions;
	out->region_names = xcalloc(m->n_regions ? m->n_regions : 1, sizeof(char *));
	for (size_t g = 0; g < m->n_regions; g++)
		out->region_names[g] = xasprintf("%s: 0x%llx-0x%llx", m->regions[g].name,
						 (unsigned long long)m->regions[g].base,
						 (unsigned long long)m->regions[g].limit);
	out->dev = xcalloc(n ? n : 1, sizeof(*out->dev));
	out->covered = xcalloc(n ? n : 1, sizeof(*out->covered));
	/* Resolve every unit scope once; report the ones naming nothing. */
	long **resolved = xcalloc(m->n_units ? m->n_units : 1, sizeof(long *));
	for (size_t u = 0; u < m->n_units; u++) {
		const struct fw_unit *unit = &m->units[u];
		resolved[u] = xcalloc(unit->n_scopes ? unit->n_scopes : 1, sizeof(long));
		for (size_t s = 0; s < unit->n_scopes; s++) {
			resolved[u][s] = coverage_resolve_scope(devs, n, unit->segment, &unit->scopes[s]);
			if (resolved[u][s] >= 0 && scope_type_mismatch(&unit->scopes[s], &devs[resolved[u][s]])) {
				report_type_mismatch(out, unit->name, &unit->scopes[s], &devs[resolved[u][s]]);
				resolved[u][s] = -2; /* dropped, as the kernel does */
			}
			if (resolved[u][s] == -1)
				finding_add(&out->findings, FIND_COVERAGE_SCOPE_NO_DEVICE, unit->name,
					    "scope entry at offset 0x%x: start bus %02x, %zu hop(s), first %02x.%x",
					    unit->scopes[s].offset, unit->scopes[s].start_bus, unit->scopes[s].path_len,
					    unit->scopes[s].path_len ? unit->scopes[s].path[0].dev : 0,
					    unit->scopes[s].path_len ? unit->scopes[s].path[0].fn : 0);
		}
	}
	bool *gfx_only = xcalloc(m->n_units ? m->n_units : 1, sizeof(bool));
	for (size_t u = 0; u < m->n_units; u++)
		gfx_only[u] = graphics_only_unit(devs, &m->units[u], resolved[u]);
	for (size_t i = 0; i < n; i++) {
		struct device_coverage *c = &out->dev[i];
		c->unit = -1;
		c->alias_devfn = -1;
		/* A VF is looked up through its PF (device_to_iommu). */
		size_t look = devs[i].physfn_index >= 0 ? (size_t)devs[i].physfn_index : i;
		/* Behind an Intel VMD the endpoint is looked up (pci_real_dma_dev). */
		if (devs[i].dma_device >= 0)
			look = (size_t)devs[i].dma_device;
		const struct pci_device *d = &devs[look];
		/* Explicit scopes and ranges first, include-all units last. */
		for (int pass = 0; pass < 2 && c->unit < 0; pass++)
			for (size_t u = 0; u < m->n_units && c->unit < 0; u++) {
				const struct fw_unit *unit = &m->units[u];
				if (unit->segment != d->domain || unit->include_all != (pass == 1))
					continue;
				if (unit->self_devid >= 0 && unit->self_devid == devid_of(&devs[i]))
					continue;
				for (size_t s = 0; s < unit->n_scopes && c->unit < 0; s++) {
					long r = resolved[u][s];
					if (r == (long)look) {
						c->unit = (long)u;
						c->how = xstrdup("named by a scope entry");
					} else if (r >= 0 && bus_below(&devs[r], d)) {
						c->unit = (long)u;
						c->how = xasprintf("below bridge %s, which a scope entry names", devs[r].bdf);
					}
				}
				if (c->unit < 0 && in_ranges(unit->ranges, unit->n_ranges, devid_of(d))) {
					c->unit = (long)u;
					c->how = xstrdup("in a device-id range");
				}
				if (c->unit < 0 && pass == 1) {
					c->unit = (long)u;
					c->how = xstrdup(unit->n_ranges || unit->n_scopes ? "select-all entry" : "INCLUDE_PCI_ALL");
				}
				for (size_t a = 0; c->unit == (long)u && a < unit->n_aliases; a++) {
					const struct fw_alias *al = &unit->aliases[a];
					uint16_t id = devid_of(&devs[i]);
					/* amd setup_aliases: only an alias on the same bus becomes a DMA alias. */
					if (id >= al->range.first && id <= al->range.last && al->alias != id &&
					    (al->alias >> 8) == devs[i].bus)
						c->alias_devfn = al->alias & 0xff;
				}
			}
		out->covered[i] = c->unit >= 0 ? TRI_YES : TRI_NO;
		c->gfx_dedicated_unit = c->unit >= 0 && gfx_only[c->unit];
		/* Reserved regions: exact scope, a scoped bridge above, a range, or all. */
		for (size_t g = 0; g < m->n_regions; g++) {
			const struct fw_region *reg = &m->regions[g];
			if (reg->segment != devs[i].domain)
				continue;
			bool hit = reg->all_devices || in_ranges(reg->ranges, reg->n_ranges, devid_of(&devs[i]));
			for (size_t s = 0; !hit && s < reg->n_scopes; s++) {
				long r = coverage_resolve_scope(devs, n, reg->segment, &reg->scopes[s]);
				if (r >= 0 && scope_type_mismatch(&reg->scopes[s], &devs[r]))
					continue;
				hit = r == (long)i || (r >= 0 && bus_below(&devs[r], &devs[i]));
			}
			if (!hit)
				continue;
			c->regions = xrealloc(c->regions, (c->n_regions + 1) * sizeof(size_t));
			c->regions[c->n_regions++] = g;
			finding_add(&out->findings, FIND_COVERAGE_RESERVED_REGION, devs[i].bdf,
				    "%s: 0x%llx-0x%llx", reg->name, (unsigned long long)reg->base,
				    (unsigned long long)reg->limit);
		}
	}
	for (size_t g = 0; g < m->n_regions; g++)
		for (size_t s = 0; s < m->regions[g].n_scopes; s++) {
			const struct fw_scope *sc = &m->regions[g].scopes[s];
			long r = coverage_resolve_scope(devs, n, m->regions[g].segment, sc);
			if (r < 0)
				finding_add(&out->findings, FIND_COVERAGE_SCOPE_NO_DEVICE, m->regions[g].name,
					    "scope entry at offset 0x%x names no present device", sc->offset);
			else if (scope_type_mismatch(sc, &devs[r]))
				report_type_mismatch(out, m->regions[g].name, sc, &devs[r]);
		}
	for (size_t u = 0; u < m->n_units; u++)
		free(resolved[u]);
	free(resolved);
	free(gfx_only);
}

void coverage_free(struct coverage_result *c)
{
	for (size_t i = 0; c->dev && i < c->n; i++) {
		free(c->dev[i].how);
		free(c->dev[i].regions);
	}
	free(c->dev);
	free(c->covered);
	for (size_t u = 0; c->unit_names && u < c->n_units; u++)
		free(c->unit_names[u]);
	free(c->unit_names);
	for (size_t g = 0; c->region_names && g < c->n_regions; g++)
		free(c->region_names[g]);
	free(c->region_names);
	finding_list_free(&c->findings);
	memset(c, 0, sizeof(*c));
}
