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
	devs[1].class_code = 0x030000; /* the iGPU is a VGA controller */
	struct finding_list diag = {0};
	topology_link(devs, n_devs, &diag);

	static const struct fw_hop igpu[] = {{2, 0}}, port[] = {{0x1c, 0}}, ghost[] = {{0x1f, 6}},
				   below[] = {{0x1d, 0}, {0, 0}};
	const struct fw_scope gfx_scopes[] = {{0, igpu, 1, false, 0x40}, {0, ghost, 1, false, 0x48}};
	const struct fw_scope port_scope[] = {{0, port, 1, true, 0x80}};
	const struct fw_scope rmrr_scope[] = {{0, below, 2, false, 0xc0}};
	struct fw_unit units[] = {
		{"DRHD@0x30", 0, true, NULL, 0, NULL, 0, NULL, 0, -1, false},
		{"DRHD@0x38", 0, false, gfx_scopes, 2, NULL, 0, NULL, 0, -1, false},
		{"DRHD@0x70", 0, false, port_scope, 1, NULL, 0, NULL, 0, -1, false},
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
	/* init_no_remapping_devices (drivers/iommu/intel/iommu.c): a unit that
	 * is not INCLUDE_PCI_ALL and whose present scope devices are all of the
	 * display class is gfx_dedicated (the absent 00:1f.6 does not count). */
	tap_ok(c.dev[1].gfx_dedicated_unit, "iGPU's DRHD names display devices only: graphics alone");
	tap_ok(!c.dev[0].gfx_dedicated_unit && !c.dev[5].gfx_dedicated_unit, "an INCLUDE_PCI_ALL unit never is");
	tap_ok(!c.dev[4].gfx_dedicated_unit, "a bridge scope names the bridge, not a display device");
	coverage_free(&c);
	/* The same unit also naming the host bridge holds more than graphics. */
	static const struct fw_hop host[] = {{0, 0}};
	const struct fw_scope mixed_scopes[] = {{0, igpu, 1, false, 0x40}, {0, host, 1, false, 0x48}};
	units[1].scopes = mixed_scopes;
	coverage_compute(devs, n_devs, &m, &c);
	tap_ok(c.dev[1].unit == 1 && !c.dev[1].gfx_dedicated_unit, "iGPU and host bridge in one DRHD: not graphics alone");
	coverage_free(&c);
	units[1].scopes = gfx_scopes;

	/* AMD: a range, the IOMMU's own function excluded, and an alias. */
	const struct fw_range ranges[] = {{0x0000, 0x00ff}};
	const struct fw_alias aliases[] = {{{0x0100, 0x0100}, 0x0108}};
	const struct fw_range r2[] = {{0x0100, 0x01ff}};
	struct fw_unit ivhd[] = {
		{"IVHD@0x28", 0, false, NULL, 0, ranges, 1, NULL, 0, 0x0010, false},
		{"IVHD@0x60", 0, false, NULL, 0, r2, 1, aliases, 1, -1, false},
	};
	struct fw_iommu_model am = {ivhd, 2, NULL, 0};
	devs[1].dev = 2; /* 00:02.0 = devid 0x0010: the IOMMU itself */
	coverage_compute(devs, n_devs, &am, &c);
	tap_ok(c.covered[1] == TRI_NO, "the IOMMU's own function is not covered");
	tap_ok(c.dev[0].unit == 0 && c.dev[4].unit == 1, "device-id ranges pick the unit");
	tap_ok(c.dev[5].unit == -1 && c.covered[5] == TRI_NO, "outside every range: not covered");
	tap_ok(c.dev[4].alias_devfn == 0x08, "alias entry on the same bus becomes a DMA alias");
	coverage_free(&c);

	/* Scope type against the device's header (Linux dmar_insert_dev_scope():
	 * ENDPOINT needs a type-0 header; BRIDGE a bridge header or the bridge
	 * class, as NTBs (0680h) have; a scope failing that is dropped). */
	devs[1].dev = 2;
	for (size_t i = 0; i < n_devs; i++) {
		devs[i].caps.config_len = 64;
		devs[i].class_code = devs[i].caps.header_layout == 1 ? 0x060400 : 0x030000;
	}
	static const struct fw_hop to_port[] = {{0x1c, 0}}, to_igpu[] = {{2, 0}}, to_ntb[] = {{0, 0}};
	const struct fw_scope ep_on_bridge[] = {{0, to_port, 1, false, 0x40}};
	const struct fw_scope br_on_gpu[] = {{0, to_igpu, 1, true, 0x60}};
	const struct fw_scope br_on_ntb[] = {{1, to_ntb, 1, true, 0x80}};
	struct fw_unit typed[] = {
		{"DRHD@0x30", 0, false, ep_on_bridge, 1, NULL, 0, NULL, 0, -1, false},
		{"DRHD@0x50", 0, false, br_on_gpu, 1, NULL, 0, NULL, 0, -1, false},
		{"DRHD@0x70", 0, false, br_on_ntb, 1, NULL, 0, NULL, 0, -1, false},
		{"DRHD@0x90", 0, true, NULL, 0, NULL, 0, NULL, 0, -1, false},
	};
	devs[4].class_code = 0x068000; /* 01:00.0 as an NTB: type-0 header, bridge class */
	struct fw_iommu_model tm = {typed, 4, NULL, 0};
	coverage_compute(devs, n_devs, &tm, &c);
	size_t mismatches = 0;
	bool port_named = false, gpu_named = false;
	for (size_t i = 0; i < c.findings.n; i++)
		if (c.findings.v[i].id == FIND_COVERAGE_SCOPE_TYPE_MISMATCH) {
			mismatches++;
			port_named |= !strcmp(c.findings.v[i].subject, "0000:00:1c.0");
			gpu_named |= !strcmp(c.findings.v[i].subject, "0000:00:02.0");
		}
	tap_ok(port_named, "an ENDPOINT scope naming a bridge is reported on that bridge");
	tap_ok(gpu_named, "a BRIDGE scope naming a type-0 GPU is reported on the GPU");
	tap_ok(mismatches == 2, "a BRIDGE scope naming an NTB (class 0680h) is accepted (%zu findings)", mismatches);
	tap_ok(c.dev[2].unit == 3 && c.dev[1].unit == 3,
	       "the dropped scopes do not place their devices: both fall to the INCLUDE_PCI_ALL unit");
	tap_ok(c.dev[4].unit == 2, "the NTB stays under the unit that names it");
	coverage_free(&c);
	devs[2].caps.config_len = 0;
	coverage_compute(devs, n_devs, &tm, &c);
	tap_ok(c.dev[2].unit == 0, "header unread: the scope is taken as the firmware gives it");
	coverage_free(&c);

	finding_list_free(&diag);
	return tap_done();
}
