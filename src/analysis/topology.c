#include "config.h"

#include "quirks.h"
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

/* The VMD endpoint whose requester ID device i's DMA carries, or -1. The
 * vmd driver puts its devices in a PCI domain of their own above 0xffff,
 * below the endpoint in sysfs; without that link (an imported listing) the
 * domains are matched in order, as vmd_find_free_domain hands them out:
 * 10000 to the first VMD endpoint probed, 10001 to the next. */
static long vmd_owner(const struct pci_device *devs, size_t n, size_t i)
{
	const struct pci_device *d = &devs[i];
	if (d->domain <= 0xffff)
		return -1;
	if (d->bus_owner) {
		long o = topology_find(devs, n, d->bus_owner);
		return o >= 0 && quirk_is_vmd(&devs[o], NULL) ? o : -1;
	}
	uint32_t nth = 0;
	for (size_t k = 0; k < n; k++) {
		if (devs[k].domain > 0xffff || !quirk_is_vmd(&devs[k], NULL))
			continue;
		if (nth == d->domain - 0x10000)
			return (long)k;
		nth++;
	}
	return -1;
}

struct bus_parents {
	uint32_t domain;
	long parent[256]; /* per bus number: the device index of its parent bridge, or -1 */
};

/* The table of DOMAIN; with add, made when missing (else NULL then). */
static long *bus_parents_of(struct bus_parents **tables, size_t *n, uint32_t domain, bool add)
{
	for (size_t t = 0; t < *n; t++)
		if ((*tables)[t].domain == domain)
			return (*tables)[t].parent;
	if (!add)
		return NULL;
	struct bus_parents *t = xappend(tables, n, sizeof(**tables));
	t->domain = domain;
	for (size_t bus = 0; bus < 256; bus++)
		t->parent[bus] = -1;
	return t->parent;
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
	/* The innermost bridge whose range holds a bus is the parent of the
	 * devices on it: per domain and bus, the bridge with the highest secondary
	 * bus among those whose range holds it (the first such in device order),
	 * found once for every bus rather than once for every device. */
	struct bus_parents *tables = NULL;
	size_t n_tables = 0;
	for (size_t b = 0; b < n; b++) {
		const struct pci_device *br = &devs[b];
		if (!topology_is_bridge(br))
			continue;
		uint8_t sec = br->caps.secondary_bus, sub = br->caps.subordinate_bus;
		if (sec <= br->bus || sub < sec)
			continue;
		long *best = bus_parents_of(&tables, &n_tables, br->domain, true);
		for (unsigned bus = sec; bus <= sub; bus++)
			if (best[bus] < 0 || sec > devs[best[bus]].caps.secondary_bus)
				best[bus] = (long)b;
	}
	for (size_t i = 0; i < n; i++) {
		struct pci_device *d = &devs[i];
		/* A valid bridge's range lies above its own bus, so it is never its
		 * own parent. */
		long *parents = bus_parents_of(&tables, &n_tables, d->domain, false);
		long best = parents ? parents[d->bus] : -1;
		d->parent = best;
		d->dma_device = vmd_owner(devs, n, i);
		d->multifunction = !d->physfn && (d->caps.multifunction || d->func > 0);
		d->virtual_bus = best >= 0 && devs[best].caps.secondary_bus != d->bus;
		if (d->physfn)
			d->physfn_index = topology_find(devs, n, d->physfn);
	}
	free(tables);
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
	/* Each bridge's devices (children[first[b + 1]] up to first[b + 2]), the
	 * root devices (parent -1) first, sorted by domain and bus; all in device
	 * order otherwise, so a bus's devices are found without a pass over all. */
	size_t *children;
	size_t *first;
};

static int cmp_root_bus(const void *a, const void *b, void *arg)
{
	const struct pci_device *devs = arg;
	const struct pci_device *x = &devs[*(const size_t *)a], *y = &devs[*(const size_t *)b];
	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : *(const size_t *)a > *(const size_t *)b;
}

static void index_children(struct order_state *st)
{
	size_t n = st->n;
	st->first = xcalloc(n + 2, sizeof(size_t));
	st->children = xcalloc(n ? n : 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		st->first[(size_t)(st->devs[i].parent + 1) + 1]++;
	for (size_t b = 1; b < n + 2; b++)
		st->first[b] += st->first[b - 1];
	size_t *fill = xmalloc((n + 1) * sizeof(size_t));
	memcpy(fill, st->first, (n + 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		st->children[fill[st->devs[i].parent + 1]++] = i;
	free(fill);
	qsort_r(st->children, st->first[1], sizeof(size_t), cmp_root_bus, (void *)st->devs);
}

/* Adds every non-VF device that sits directly on the bus below `bridge` (-1:
 * the root bus `bus` of `domain`), then descends into their bridges. */
static void add_bus(struct order_state *st, long bridge, uint32_t domain, uint8_t bus, unsigned depth)
{
	if (depth > MAX_DEPTH)
		return;
	size_t first = st->n_out;
	size_t k = st->first[bridge + 1], end = st->first[bridge + 2];
	if (bridge < 0) {
		/* The root devices are sorted by domain and bus: start at this bus. */
		size_t lo = k, hi = end;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct pci_device *m = &st->devs[st->children[mid]];
			if (m->domain < domain || (m->domain == domain && m->bus < bus))
				lo = mid + 1;
			else
				hi = mid;
		}
		k = lo;
	}
	for (; k < end; k++) {
		size_t i = st->children[k];
		const struct pci_device *d = &st->devs[i];
		if (bridge < 0 && (d->domain != domain || d->bus != bus))
			break;
		if (st->done[i] || d->physfn || d->domain != domain || d->bus != bus)
			continue;
		st->done[i] = true;
		st->out[st->n_out++] = i;
	}
	size_t last = st->n_out;
	for (size_t k2 = first; k2 < last; k2++) {
		const struct pci_device *d = &st->devs[st->out[k2]];
		if (topology_is_bridge(d))
			add_bus(st, (long)st->out[k2], d->domain, d->caps.secondary_bus, depth + 1);
	}
}

size_t *topology_probe_order(const struct pci_device *devs, size_t n)
{
	struct order_state st = {devs, n, xcalloc(n ? n : 1, sizeof(size_t)), 0, xcalloc(n ? n : 1, sizeof(bool)),
				 NULL, NULL};
	index_children(&st);
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
	free(st.children);
	free(st.first);
	return st.out;
}

struct slice_sort {
	const struct pci_device *devs;
	enum device_key key;
};

static uint64_t key_of(const struct pci_device *d, enum device_key key)
{
	return key == DEVICE_KEY_BUS ? (uint64_t)d->domain << 8 | d->bus : (uint64_t)d->vendor_id << 16 | d->device_id;
}

static int cmp_key(const void *a, const void *b, void *arg)
{
	const struct slice_sort *s = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	uint64_t x = key_of(&s->devs[i], s->key), y = key_of(&s->devs[j], s->key);
	if (x != y)
		return x < y ? -1 : 1;
	return i < j ? -1 : i > j;
}

void device_slices_build(const struct pci_device *devs, size_t n, enum device_key key, struct device_slices *out)
{
	size_t room = n ? n : 1;
	out->order = xmalloc(room * sizeof(size_t));
	out->first = xmalloc(room * sizeof(size_t));
	out->end = xmalloc(room * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		out->order[i] = i;
	struct slice_sort s = {devs, key};
	qsort_r(out->order, n, sizeof(size_t), cmp_key, &s);
	for (size_t k = 0; k < n;) {
		uint64_t v = key_of(&devs[out->order[k]], key);
		size_t end = k + 1;
		while (end < n && key_of(&devs[out->order[end]], key) == v)
			end++;
		for (size_t m = k; m < end; m++) {
			out->first[out->order[m]] = k;
			out->end[out->order[m]] = end;
		}
		k = end;
	}
}

void device_slices_free(struct device_slices *s)
{
	free(s->order);
	free(s->first);
	free(s->end);
	memset(s, 0, sizeof(*s));
}
