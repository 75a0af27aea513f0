#include "config.h"

#include "devfacts.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool rd8(const uint8_t *b, size_t len, size_t off, uint8_t *out)
{
	if (off >= len)
		return false;
	*out = b[off];
	return true;
}

static bool rd16(const uint8_t *b, size_t len, size_t off, uint16_t *out)
{
	if (off + 2 > len || off + 2 < off)
		return false;
	*out = (uint16_t)(b[off] | b[off + 1] << 8);
	return true;
}

static bool rd32(const uint8_t *b, size_t len, size_t off, uint32_t *out)
{
	if (off + 4 > len || off + 4 < off)
		return false;
	*out = (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 | (uint32_t)b[off + 2] << 16 |
	       (uint32_t)b[off + 3] << 24;
	return true;
}

static void walk_caps(const uint8_t *cfg, size_t len, struct dev_facts *f)
{
	uint8_t ptr;
	if (!rd8(cfg, len, 0x34, &ptr))
		return;
	bool seen[64] = {false};
	/* 48 steps: the list lives in 192 bytes of 4-byte-aligned slots. */
	for (int steps = 0; ptr >= 0x40 && steps < 48; steps++) {
		ptr &= 0xfc;
		if (seen[ptr / 4]) {
			f->cap_loop = true;
			return;
		}
		seen[ptr / 4] = true;
		uint8_t id, next;
		if (!rd8(cfg, len, ptr, &id) || !rd8(cfg, len, ptr + 1u, &next)) {
			f->cap_loop = true;
			return;
		}
		switch (id) {
		case 0x01: { /* power management */
			uint16_t pmcsr;
			f->pm = TRI_YES;
			if (rd16(cfg, len, ptr + 4u, &pmcsr))
				f->pm_no_soft_reset = (pmcsr & 0x0008) ? TRI_YES : TRI_NO;
			break;
		}
		case 0x05:
			f->msi = TRI_YES;
			break;
		case 0x10: { /* PCI Express */
			uint8_t flags;
			uint32_t devcap;
			if (rd8(cfg, len, ptr + 2u, &flags))
				f->pcie_type = (flags >> 4) & 0x0f;
			if (rd32(cfg, len, ptr + 4u, &devcap) && (devcap & (1u << 28)))
				f->flr = TRI_YES;
			break;
		}
		case 0x11:
			f->msix = TRI_YES;
			break;
		case 0x13: { /* Advanced Features: TP and FLR for conventional functions */
			uint8_t afcap;
			if (rd8(cfg, len, ptr + 3u, &afcap) && (afcap & 0x03) == 0x03)
				f->flr = TRI_YES;
			break;
		}
		default:
			break;
		}
		ptr = next;
	}
	if (ptr != 0 && ptr < 0x40)
		f->cap_loop = true; /* a pointer into the header is broken */
}

static void walk_ext_caps(const uint8_t *cfg, size_t len, struct dev_facts *f)
{
	size_t off = 0x100;
	bool seen[1024] = {false};
	for (int steps = 0; off >= 0x100 && steps < 960; steps++) {
		uint32_t hdr;
		if (!rd32(cfg, len, off, &hdr) || hdr == 0 || hdr == 0xffffffffu)
			return;
		if (seen[off / 4]) {
			f->cap_loop = true;
			return;
		}
		seen[off / 4] = true;
		switch (hdr & 0xffff) {
		case 0x000d: /* ACS */
			f->acs = TRI_YES;
			if (!rd16(cfg, len, off + 4, &f->acs_cap) || !rd16(cfg, len, off + 6, &f->acs_ctrl))
				f->cap_loop = true;
			break;
		case 0x000f:
			f->ats = TRI_YES;
			break;
		case 0x0010: /* SR-IOV: TotalVFs at +0x0e */
			f->sriov = TRI_YES;
			rd16(cfg, len, off + 0x0e, &f->sriov_total_vfs);
			break;
		case 0x0013:
			f->pri = TRI_YES;
			break;
		case 0x001b:
			f->pasid = TRI_YES;
			break;
		default:
			break;
		}
		off = (hdr >> 20) & 0xffc;
	}
}

void devfacts_parse_config(const uint8_t *cfg, size_t len, struct dev_facts *f)
{
	f->pcie_type = PCIE_TYPE_UNKNOWN;
	f->flr = f->pm = f->pm_no_soft_reset = f->msi = f->msix = TRI_UNKNOWN;
	f->acs = f->sriov = f->ats = f->pri = f->pasid = TRI_UNKNOWN;
	uint8_t ht = 0, pin = 0;
	if (rd8(cfg, len, 0x0e, &ht)) {
		f->header_type = ht & 0x7f;
		f->multifunction = (ht & 0x80) != 0;
	}
	if (rd8(cfg, len, 0x3d, &pin))
		f->int_pin = pin;
	f->config_read = len > 64;
	if (!f->config_read)
		return;
	/* The whole standard space was read: what the list lacks is absent. */
	f->pcie_type = PCIE_TYPE_NONE;
	f->flr = f->pm = f->msi = f->msix = TRI_NO;
	uint16_t status;
	if (rd16(cfg, len, 0x06, &status) && (status & 0x0010))
		walk_caps(cfg, len, f);
	if (f->pm == TRI_NO)
		f->pm_no_soft_reset = TRI_NO;
	f->ext_config_read = len > 0x100;
	if (f->ext_config_read) {
		f->acs = f->sriov = f->ats = f->pri = f->pasid = TRI_NO;
		walk_ext_caps(cfg, len, f);
	} else if (f->pcie_type == PCIE_TYPE_NONE) {
		/* Conventional PCI has no extended space to read. */
		f->acs = f->sriov = f->ats = f->pri = f->pasid = TRI_NO;
	}
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

static bool looks_like_bdf(const char *s, size_t n)
{
	static const char pat[] = "xxxx:xx:xx.x";
	if (n != sizeof(pat) - 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
		if (pat[i] == 'x' ? !hex : s[i] != pat[i])
			return false;
	}
	return true;
}

size_t devfacts_path_bdfs(const char *path, char (*out)[16], size_t max)
{
	size_t n = 0;
	for (const char *p = path; *p && n < max;) {
		size_t len = strcspn(p, "/");
		if (looks_like_bdf(p, len)) {
			memcpy(out[n], p, len);
			out[n][len] = '\0';
			n++;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	return n;
}

static long find_device(const struct audit_report *r, const char *bdf)
{
	for (size_t i = 0; i < r->n_devices; i++)
		if (!strcmp(r->devices[i].bdf, bdf))
			return (long)i;
	return -1;
}

struct dev_facts *devfacts_read_all(const struct hostenv *env, const struct audit_report *r)
{
	struct dev_facts *all = xcalloc(r->n_devices ? r->n_devices : 1, sizeof(*all));
	for (size_t i = 0; i < r->n_devices; i++) {
		const struct pci_device *d = &r->devices[i];
		struct dev_facts *f = &all[i];
		char *rel = xasprintf("sys/bus/pci/devices/%s/config", d->bdf);
		uint8_t *data;
		size_t len;
		if (host_read_file(env, rel, 4096, &data, &len) == 0) {
			devfacts_parse_config(data, len, f);
			free(data);
		} else {
			devfacts_parse_config(NULL, 0, f);
		}
		free(rel);
		rel = xasprintf("sys/bus/pci/devices/%s/resource", d->bdf);
		if (host_read_file(env, rel, 1u << 16, &data, &len) == 0) {
			devfacts_parse_resource((const char *)data, f);
			free(data);
		}
		free(rel);
		rel = xasprintf("sys/bus/pci/devices/%s", d->bdf);
		char *target = host_readlink(env, rel);
		free(rel);
		if (target) {
			/* A bridge chain deeper than 32 levels is not a real machine. */
			char bdfs[32][16];
			size_t n = devfacts_path_bdfs(target, bdfs, ARRAY_SIZE(bdfs));
			f->upstream_known = n > 0 && !strcmp(bdfs[n - 1], d->bdf);
			for (size_t k = n > 1 ? n - 1 : 0; f->upstream_known && k-- > 0;) {
				long *slot = xappend(&f->upstream, &f->n_upstream, sizeof(*slot));
				*slot = find_device(r, bdfs[k]);
			}
			free(target);
		}
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
