#include "config.h"

#include "devfacts.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void devfacts_from_device(const struct audit_report *r, size_t index, struct dev_facts *f)
{
	const struct pci_device *d = &r->devices[index];
	const struct pci_caps *c = &d->caps;
	f->config_read = c->config_len > 64;
	f->ext_config_read = c->config_len > 256;
	f->header_type = c->header_layout;
	f->multifunction = d->multifunction;
	f->int_pin = (d->config && c->config_len > 0x3d) ? d->config[0x3d] : 0;
	f->pcie_type = c->pcie.present == TRI_YES ? c->pcie_type :
		       c->pcie.present == TRI_NO  ? PCIE_TYPE_NONE : PCIE_TYPE_UNKNOWN;
	f->flr = c->pcie.present == TRI_NO ? TRI_NO : c->flr;
	f->pm = c->pm.present;
	f->pm_no_soft_reset = c->pm.present == TRI_NO ? TRI_NO : c->no_soft_reset;
	f->msi = c->msi.present;
	f->msix = c->msix.present;
	f->acs = c->acs.present;
	f->acs_cap = c->acs_cap;
	f->acs_ctrl = c->acs_ctrl;
	f->sriov = c->sriov.present;
	f->sriov_total_vfs = c->sriov_total_vfs;
	f->ats = c->ats.present;
	f->pri = c->pri.present;
	f->pasid = c->pasid.present;
	f->cap_loop = c->chain_broken || c->ext_chain_broken;
	/* The bridges above, nearest first, as topology linked them. */
	f->upstream_known = !d->virtual_bus;
	size_t steps = 0;
	for (long p = d->parent; p >= 0 && (size_t)p < r->n_devices && steps < 64; steps++) {
		long *slot = xappend(&f->upstream, &f->n_upstream, sizeof(*slot));
		*slot = p;
		p = r->devices[p].parent;
	}
	if (steps == 64)
		f->upstream_known = false; /* a loop: topology reports it */
}

/* Linux resource flags as sysfs prints them (include/linux/ioport.h). */
#define IORESOURCE_IO 0x00000100u
#define IORESOURCE_MEM 0x00000200u
#define IORESOURCE_PREFETCH 0x00002000u
#define IORESOURCE_MEM_64 0x00100000u
#define IORESOURCE_UNSET 0x20000000u

void devfacts_parse_resource(const char *text, struct dev_facts *f)
{
	f->bars_read = true;
	const char *p = text;
	for (int line = 0; line < 6 && p && *p; line++) {
		unsigned long long start, end, flags;
		if (sscanf(p, "%llx %llx %llx", &start, &end, &flags) == 3 &&
		    (flags & (IORESOURCE_IO | IORESOURCE_MEM)) && f->n_bars < ARRAY_SIZE(f->bars)) {
			struct dev_bar *b = &f->bars[f->n_bars++];
			b->index = line;
			b->start = start;
			b->size = end >= start ? end - start + 1 : 0;
			b->is_io = (flags & IORESOURCE_IO) != 0;
			b->is_64 = (flags & IORESOURCE_MEM_64) != 0;
			b->prefetch = (flags & IORESOURCE_PREFETCH) != 0;
			/* A BAR the kernel could not place keeps its size at address 0. */
			b->unassigned = (flags & IORESOURCE_UNSET) || (start == 0 && end != 0);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
}

struct dev_facts *devfacts_read_all(const struct hostenv *env, const struct audit_report *r)
{
	struct dev_facts *all = xcalloc(r->n_devices ? r->n_devices : 1, sizeof(*all));
	for (size_t i = 0; i < r->n_devices; i++) {
		devfacts_from_device(r, i, &all[i]);
		char *rel = xasprintf("sys/bus/pci/devices/%s/resource", r->devices[i].bdf);
		uint8_t *data;
		size_t len;
		if (host_read_file(env, rel, 1u << 16, &data, &len) == 0) {
			devfacts_parse_resource((const char *)data, &all[i]);
			free(data);
		}
		free(rel);
	}
	return all;
}

void devfacts_free_all(struct dev_facts *facts, size_t n)
{
	if (!facts)
		return;
	for (size_t i = 0; i < n; i++)
		free(facts[i].upstream);
	free(facts);
}
