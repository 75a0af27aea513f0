#include "config.h"

#include "topology.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* No PCI hierarchy is deeper than its 256 bus numbers. */
#define MAX_DEPTH 256

bool topology_is_bridge(const struct pci_device *d)
{
	return pci_is_bridge(d) && d->caps.secondary_bus != 0;
}

long topology_find(const struct pci_device *devs, size_t n, const char *bdf)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(devs[mid].bdf, bdf);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

void topology_link(struct pci_device *devs, size_t n, struct finding_list *diag)
{
	/* A bridge whose secondary bus is not above its own bus cannot be part of a
	 * tree; using it could make a loop, so it is reported and left out. */
	for (size_t b = 0; b < n; b++) {
		const struct pci_device *br = &devs[b];
		if (!topology_is_bridge(br))
			continue;
		if (br->caps.secondary_bus <= br->bus || br->caps.subordinate_bus < br->caps.secondary_bus)
			finding_add(diag, FIND_TOPO_BAD_BUS_RANGE, br->bdf,
				    "bridge on bus %02x forwards buses %02x-%02x", br->bus, br->caps.secondary_bus,
				    br->caps.subordinate_bus);
	}
	for (size_t i = 0; i < n; i++) {
		struct pci_device *d = &devs[i];
		long best = -1;
		for (size_t b = 0; b < n; b++) {
			const struct pci_device *br = &devs[b];
			if (b == i || br->domain != d->domain || !topology_is_bridge(br))
				continue;
			uint8_t sec = br->caps.secondary_bus, sub = br->caps.subordinate_bus;
			if (sec <= br->bus || sub < sec || d->bus < sec || d->bus > sub)
				continue;
			/* The innermost bridge whose range holds the bus is the parent. */
			if (best < 0 || sec > devs[best].caps.secondary_bus)
				best = (long)b;
		}
		d->parent = best;
		d->multifunction = !d->physfn && (d->caps.multifunction || d->func > 0);
		d->virtual_bus = best >= 0 && devs[best].caps.secondary_bus != d->bus;
		if (d->physfn)
			d->physfn_index = topology_find(devs, n, d->physfn);
	}
	for (size_t i = 0; i < n; i++) {
		struct pci_device *d = &devs[i];
		unsigned depth = 0;
		d->root_port = -1;
		for (long p = d->parent; p >= 0; p = devs[p].parent) {
			if (++depth > MAX_DEPTH) {
				finding_add(diag, FIND_TOPO_BRIDGE_LOOP, d->bdf, "more than %d bridges above it",
					    MAX_DEPTH);
				break;
			}
			if (d->root_port < 0 && devs[p].caps.pcie_type == PCIE_TYPE_ROOT_PORT)
				d->root_port = p;
		}
		d->depth = depth;
	}
}

struct order_state {
	const struct pci_device *devs;
	size_t n;
	size_t *out;
	size_t n_out;
	bool *done;
};

/* Adds every non-VF device that sits directly on the bus below `bridge` (-1:
 * the root bus `bus` of `domain`), then descends into their bridges. */
static void add_bus(struct order_state *st, long bridge, uint16_t domain, uint8_t bus, unsigned depth)
{
	if (depth > MAX_DEPTH)
		return;
	size_t first = st->n_out;
	for (size_t i = 0; i < st->n; i++) {
		const struct pci_device *d = &st->devs[i];
		if (st->done[i] || d->physfn || d->domain != domain || d->bus != bus || d->parent != bridge)
			continue;
		st->done[i] = true;
		st->out[st->n_out++] = i;
	}
	size_t last = st->n_out;
	for (size_t k = first; k < last; k++) {
		const struct pci_device *d = &st->devs[st->out[k]];
		if (topology_is_bridge(d))
			add_bus(st, (long)st->out[k], d->domain, d->caps.secondary_bus, depth + 1);
	}
}

size_t *topology_probe_order(const struct pci_device *devs, size_t n)
{
	struct order_state st = {devs, n, xcalloc(n ? n : 1, sizeof(size_t)), 0, xcalloc(n ? n : 1, sizeof(bool))};
	for (size_t i = 0; i < n; i++)
		if (!st.done[i] && devs[i].parent < 0 && !devs[i].physfn)
			add_bus(&st, -1, devs[i].domain, devs[i].bus, 0);
	/* VFs, then anything a malformed tree left out, in BDF order. */
	for (size_t i = 0; i < n; i++)
		if (!st.done[i] && devs[i].physfn) {
			st.done[i] = true;
			st.out[st.n_out++] = i;
		}
	for (size_t i = 0; i < n; i++)
		if (!st.done[i]) {
			st.done[i] = true;
			st.out[st.n_out++] = i;
		}
	free(st.done);
	return st.out;
}
