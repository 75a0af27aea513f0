/* Unit tests of IOMMU coverage on a hand-built topology and firmware model. */
#include "config.h"

#include "../tap.h"
#include "coverage.h"
#include "topology.h"

#include <stdlib.h>
#include <string.h>

static struct pci_device devs[8];
static size_t n_devs;

static void add(uint8_t bus, uint8_t dev, uint8_t fn, int sec, int sub)
{
	struct pci_device *d = &devs[n_devs++];
	memset(d, 0, sizeof(*d));
	snprintf(d->bdf, sizeof(d->bdf), "0000:%02x:%02x.%x", bus, dev, fn);
	d->bus = bus, d->dev = dev, d->func = fn;
	d->physfn_index = -1;
	if (sec >= 0) {
		d->caps.header_layout = 1;
		d->caps.secondary_bus = (uint8_t)sec;
		d->caps.subordinate_bus = (uint8_t)sub;
	}
}

int main(void)
{
	/* 00:00.0 host bridge, 00:02.0 iGPU, 00:1c.0 port -> 01:00.0, 00:1d.0 port -> 02:00.0 */
	add(0, 0, 0, -1, -1);
	add(0, 2, 0, -1, -1);
	add(0, 0x1c, 0, 1, 1);
	add(0, 0x1d, 0, 2, 2);
	add(1, 0, 0, -1, -1);
	add(2, 0, 0, -1, -1);
	struct finding_list diag = {0};
	topology_link(devs, n_devs, &diag);

	static const struct fw_hop igpu[] = {{2, 0}}, port[] = {{0x1c, 0}}, ghost[] = {{0x1f, 6}},
				   below[] = {{0x1d, 0}, {0, 0}};
	const struct fw_scope gfx_scopes[] = {{0, igpu, 1, false, 0x40}, {0, ghost, 1, false, 0x48}};
	const struct fw_scope port_scope[] = {{0, port, 1, true, 0x80}};
	const struct fw_scope rmrr_scope[] = {{0, below, 2, false, 0xc0}};
	struct fw_unit units[] = {
		{"DRHD@0x30", 0, true, NULL, 0, NULL, 0, NULL, 0, -1},
		{"DRHD@0x38", 0, false, gfx_scopes, 2, NULL, 0, NULL, 0, -1},
		{"DRHD@0x70", 0, false, port_scope, 1, NULL, 0, NULL, 0, -1},
	};
	struct fw_region regions[] = {{"RMRR@0xb0", 0, 0x7c000000, 0x7fffffff, false, rmrr_scope, 1, NULL, 0}};
	struct fw_iommu_model m = {units, 3, regions, 1};
	struct coverage_result c;
	coverage_compute(devs, n_devs, &m, &c);

	tap_ok(c.dev[1].unit == 1, "iGPU: its own DRHD by exact scope");
	tap_ok(c.dev[4].unit == 2, "device below a scoped bridge: that bridge's DRHD");
	tap_ok(c.dev[4].how && strstr(c.dev[4].how, "0000:00:1c.0"), "says which bridge (%s)", c.dev[4].how);
	tap_ok(c.dev[0].unit == 0 && c.dev[5].unit == 0, "the rest: the INCLUDE_PCI_ALL unit, even though it comes first");
	tap_ok(finding_list_has(&c.findings, FIND_COVERAGE_SCOPE_NO_DEVICE), "a scope naming 00:1f.6 (absent) is reported");
	tap_ok(c.dev[5].n_regions == 1 && c.dev[4].n_regions == 0, "RMRR names 02:00.0 through a two-hop path");
	coverage_free(&c);

	/* AMD: a range, the IOMMU's own function excluded, and an alias. */
	const struct fw_range ranges[] = {{0x0000, 0x00ff}};
	const struct fw_alias aliases[] = {{{0x0100, 0x0100}, 0x0108}};
	const struct fw_range r2[] = {{0x0100, 0x01ff}};
	struct fw_unit ivhd[] = {
		{"IVHD@0x28", 0, false, NULL, 0, ranges, 1, NULL, 0, 0x0010},
		{"IVHD@0x60", 0, false, NULL, 0, r2, 1, aliases, 1, -1},
	};
	struct fw_iommu_model am = {ivhd, 2, NULL, 0};
	devs[1].dev = 2; /* 00:02.0 = devid 0x0010: the IOMMU itself */
	coverage_compute(devs, n_devs, &am, &c);
	tap_ok(c.covered[1] == TRI_NO, "the IOMMU's own function is not covered");
	tap_ok(c.dev[0].unit == 0 && c.dev[4].unit == 1, "device-id ranges pick the unit");
	tap_ok(c.dev[5].unit == -1 && c.covered[5] == TRI_NO, "outside every range: not covered");
	tap_ok(c.dev[4].alias_devfn == 0x08, "alias entry on the same bus becomes a DMA alias");
	coverage_free(&c);
	finding_list_free(&diag);
	return tap_done();
}
