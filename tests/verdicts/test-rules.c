/* Unit tests of the verdict rules on hand-built facts: the config-space and
 * resource decoders, the per-hypervisor policy, and host and device rules on
 * models made here (no host files involved). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "audit.h"
#include "devfacts.h"
#include "rules.h"

static const struct finding *find(const struct finding_list *l, enum finding_id id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
}

static void test_adapter(void)
{
	/* The view of the model's facts: readable capabilities, and 64 bytes only. */
	uint8_t cfg[256] = {0};
	cfg[0x3d] = 1;
	struct pci_device devs[2];
	memset(devs, 0, sizeof(devs));
	devs[0].parent = -1;
	devs[1].parent = 0;
	devs[1].config = cfg;
	struct pci_caps *c = &devs[1].caps;
	c->config_len = 4096;
	c->pcie.present = TRI_YES, c->pcie_type = PCIE_TYPE_ENDPOINT, c->flr = TRI_YES;
	c->pm.present = TRI_YES, c->no_soft_reset = TRI_YES;
	c->msi.present = TRI_NO, c->msix.present = TRI_YES;
	c->acs.present = TRI_NO, c->sriov.present = TRI_YES, c->sriov_total_vfs = 7;
	c->ats.present = c->pri.present = c->pasid.present = TRI_NO;
	struct audit_report r = {0};
	r.devices = devs, r.n_devices = 2;
	struct dev_facts f = {0};
	devfacts_from_device(&r, 1, &f);
	tap_ok(f.config_read && f.ext_config_read && f.int_pin == 1, "4096 bytes read; interrupt pin A");
	tap_ok(f.pcie_type == PCIE_TYPE_ENDPOINT && f.flr == TRI_YES, "PCIe endpoint with FLR");
	tap_ok(f.pm == TRI_YES && f.pm_no_soft_reset == TRI_YES, "PM with NoSoftRst");
	tap_ok(f.msi == TRI_NO && f.msix == TRI_YES, "MSI absent, MSI-X present");
	tap_ok(f.sriov == TRI_YES && f.sriov_total_vfs == 7, "SR-IOV with 7 VFs");
	tap_ok(f.upstream_known && f.n_upstream == 1 && f.upstream[0] == 0, "the bridge above");
	free(f.upstream);

	memset(c, 0, sizeof(*c));
	c->config_len = 64; /* not root: every capability unknown */
	struct dev_facts g = {0};
	devfacts_from_device(&r, 1, &g);
	tap_ok(!g.config_read && g.pcie_type == PCIE_TYPE_UNKNOWN && g.msi == TRI_UNKNOWN && g.flr == TRI_UNKNOWN &&
		       g.acs == TRI_UNKNOWN,
	       "64 bytes (not root): capabilities unknown, never 'absent'");
	free(g.upstream);

	c->config_len = 256, c->pcie.present = TRI_NO, c->pm.present = TRI_NO;
	c->msi.present = c->msix.present = TRI_NO;
	struct dev_facts h = {0};
	devfacts_from_device(&r, 1, &h);
	tap_ok(h.pcie_type == PCIE_TYPE_NONE && h.flr == TRI_NO && h.pm_no_soft_reset == TRI_NO,
	       "conventional PCI: no PCIe, no FLR, no PM reset");
	free(h.upstream);
}

static void test_resource(void)
{
	struct dev_facts f = {0};
	devfacts_parse_resource("0x00000000f6000000 0x00000000f6ffffff 0x0000000000040200\n"
				"0x0000000000000000 0x00000007ffffffff 0x000000002014220c\n"
				"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
				"0x000000000000e000 0x000000000000e07f 0x0000000000040101\n",
				&f);
	tap_ok(f.n_bars == 3, "three BARs (got %zu)", f.n_bars);
	tap_ok(f.bars[0].size == (16u << 20) && !f.bars[0].is_64 && !f.bars[0].unassigned, "BAR 0: 16 MiB 32-bit");
	tap_ok(f.bars[1].index == 1 && f.bars[1].size == (32ull << 30) && f.bars[1].is_64 && f.bars[1].prefetch &&
		       f.bars[1].unassigned,
	       "BAR 1: 32 GiB 64-bit prefetchable, unassigned");
	tap_ok(f.bars[2].index == 3 && f.bars[2].is_io, "BAR 3: I/O");
}

static void test_helpers(void)
{
	tap_ok(kernel_at_least("5.15.0-1-generic", 5, 15) == TRI_YES, "5.15 >= 5.15");
	tap_ok(kernel_at_least("5.4.0", 5, 15) == TRI_NO, "5.4 < 5.15");
	tap_ok(kernel_at_least("6.1.0", 5, 15) == TRI_YES, "6.1 >= 5.15");
	tap_ok(kernel_at_least("linux", 5, 15) == TRI_UNKNOWN && kernel_at_least(NULL, 5, 15) == TRI_UNKNOWN,
	       "an unparsable release is unknown");
	tap_ok(gpu_has_amd_reset_bug(0x1002, 0x731f) && gpu_has_amd_reset_bug(0x1002, 0x67df) &&
		       gpu_has_amd_reset_bug(0x1002, 0x687f),
	       "Navi 10, Polaris 10 and Vega 10 have the reset bug");
	tap_ok(!gpu_has_amd_reset_bug(0x1002, 0x73bf) && !gpu_has_amd_reset_bug(0x10de, 0x731f),
	       "Navi 21 and a non-AMD device with the same number do not");
}

static void test_policy(void)
{
	tap_ok(finding_id_applies(FIND_KERNEL_IOMMU_DISABLED, HV_KVM) &&
		       !finding_id_applies(FIND_KERNEL_IOMMU_DISABLED, HV_XEN) &&
		       !finding_id_applies(FIND_KERNEL_IOMMU_DISABLED, HV_HYPERV),
	       "the Linux kernel's IOMMU switch only concerns KVM");
	struct finding_list l = {0};
	struct finding *f = finding_add(&l, FIND_DEVICE_INTX_ONLY, "x", NULL);
	tap_ok(f->hv_severity[HV_KVM] == SEV_WARN && f->hv_severity[HV_HYPERV] == SEV_BLOCK &&
		       f->severity == SEV_BLOCK,
	       "INTx only: warn for KVM, block for Hyper-V, worst is block");
	finding_set_hv(f, HV_HYPERV, false, SEV_INFO);
	tap_ok(f->severity == SEV_WARN, "the worst follows a per-profile change");
	f = finding_add(&l, FIND_CPU_VIRT_ABSENT, "cpu", NULL);
	tap_ok(f->hv_applies[HV_ESXI] && f->hv_severity[HV_ESXI] == SEV_BLOCK, "CPU findings concern every profile");
	finding_list_free(&l);
}

static struct pci_device mkdev(const char *bdf, uint16_t ven, uint16_t dev, uint32_t cls, const char *drv,
			       const char *group)
{
	struct pci_device d = {0};
	unsigned dom, bus, slot, fn;
	sscanf(bdf, "%x:%x:%x.%x", &dom, &bus, &slot, &fn);
	snprintf(d.bdf, sizeof(d.bdf), "%s", bdf);
	d.domain = (uint16_t)dom, d.bus = (uint8_t)bus, d.dev = (uint8_t)slot, d.func = (uint8_t)fn;
	d.vendor_id = ven, d.device_id = dev, d.class_code = cls;
	d.header_type = (cls >> 8) == 0x0604 ? 1 : 0;
	d.driver = (char *)drv;
	d.iommu_group = (char *)group;
	d.boot_vga = TRI_NO;
	d.parent = -1;
	return d;
}

static void test_host_rules(void)
{
	struct audit_report r = {0};
	r.host.privileged = true;
	r.cpu.readable = true, r.cpu.virt = TRI_YES, r.cpu.vendor = CPU_VENDOR_INTEL;
	r.firmware.tables_readable = true, r.firmware.has_dmar = true;
	r.kernel.iommu_active = TRI_NO;
	r.kernel.params.intel_iommu = (char *)"off";
	judge_host(&r);
	tap_ok(find(&r.findings, FIND_KERNEL_IOMMU_DISABLED) != NULL, "intel_iommu=off with a DMAR: disabled");
	tap_ok(!find(&r.findings, FIND_KERNEL_IOMMU_INACTIVE), "... and not also 'inactive'");
	finding_list_free(&r.findings);

	/* The same switch on an AMD host does nothing: the cause must be another. */
	r.firmware.has_dmar = false, r.firmware.has_ivrs = true;
	judge_host(&r);
	tap_ok(!find(&r.findings, FIND_KERNEL_IOMMU_DISABLED) && find(&r.findings, FIND_KERNEL_IOMMU_INACTIVE),
	       "intel_iommu=off on an IVRS host is not the reason");
	tap_ok(!find(&r.findings, FIND_KERNEL_INTR_REMAP_OFF), "no IR verdict while the IOMMU is off");
	finding_list_free(&r.findings);

	/* Interrupt remapping refused by the firmware, then the unsafe switch. */
	char *log[] = {(char *)"DMAR-IR: [Firmware Bug]: ioapic 2 has no mapping iommu, interrupt remapping will be "
				"disabled"};
	r.firmware.has_dmar = true, r.firmware.has_ivrs = false;
	r.kernel.params.intel_iommu = (char *)"on";
	r.kernel.iommu_active = TRI_YES;
	r.kernel.log_readable = true, r.kernel.log = log, r.kernel.n_log = 1;
	judge_host(&r);
	const struct finding *f = find(&r.findings, FIND_FIRMWARE_INTR_REMAP_UNAVAILABLE);
	tap_ok(f && f->hv_severity[HV_KVM] == SEV_BLOCK && f->hv_severity[HV_HYPERV] == SEV_BLOCK &&
		       f->hv_severity[HV_XEN] == SEV_WARN,
	       "IO-APIC not covered: IR unavailable, blocks KVM and Hyper-V, a risk for Xen");
	finding_list_free(&r.findings);
	r.kernel.vfio_unsafe_interrupts = TRI_YES;
	judge_host(&r);
	f = find(&r.findings, FIND_FIRMWARE_INTR_REMAP_UNAVAILABLE);
	tap_ok(f && f->hv_severity[HV_KVM] == SEV_WARN && find(&r.findings, FIND_KERNEL_UNSAFE_INTERRUPTS),
	       "allow_unsafe_interrupts turns the KVM block into a named risk");
	finding_list_free(&r.findings);

	/* amd_iommu=on is flagged, never recommended. */
	r.kernel.log = NULL, r.kernel.n_log = 0, r.kernel.vfio_unsafe_interrupts = TRI_UNKNOWN;
	r.kernel.params.amd_iommu = (char *)"on";
	r.kernel.params.intel_iommu = NULL;
	judge_host(&r);
	f = find(&r.findings, FIND_KERNEL_AMD_IOMMU_ON_INVALID);
	tap_ok(f && f->action && strstr(f->action, "--remove-args=amd_iommu=on"), "amd_iommu=on: remove it");
	tap_ok(find(&r.findings, FIND_KERNEL_INTR_REMAP_UNKNOWN) != NULL,
	       "Intel, log silent, no capability register: IR unknown");
	finding_list_free(&r.findings);
}

static void test_device_rules(void)
{
	/* A GPU and its audio behind chipset port 00:1c.4 without ACS, grouped
	 * with a NIC the host drives behind 00:1c.0. */
	struct pci_device devs[] = {
		mkdev("0000:00:1c.0", 0x8086, 0xa33c, 0x060400, "pcieport", "7"),
		mkdev("0000:00:1c.4", 0x8086, 0xa338, 0x060400, "pcieport", "7"),
		mkdev("0000:02:00.0", 0x10ec, 0x8168, 0x020000, "r8169", "7"),
		mkdev("0000:03:00.0", 0x10de, 0x1c82, 0x030000, "nouveau", "7"),
		mkdev("0000:03:00.1", 0x10de, 0x0fb9, 0x040300, "snd_hda_intel", "7"),
	};
	devs[3].reset_method = (char *)"bus";
	char *members[] = {(char *)"0000:00:1c.0", (char *)"0000:00:1c.4", (char *)"0000:02:00.0",
			   (char *)"0000:03:00.0", (char *)"0000:03:00.1"};
	struct kernel_group g = {.name = (char *)"7", .members = members, .n_members = 5};
	struct audit_report r = {0};
	r.devices = devs, r.n_devices = 5;
	r.kernel.iommu_active = TRI_YES, r.kernel.groups = &g, r.kernel.n_groups = 1;
	r.host.kernel_release = (char *)"6.8.0";
	struct dev_facts facts[5] = {0};
	for (int i = 0; i < 5; i++) {
		facts[i].config_read = true;
		facts[i].pcie_type = PCIE_TYPE_NONE;
		facts[i].flr = facts[i].pm = facts[i].pm_no_soft_reset = facts[i].msi = facts[i].msix = TRI_NO;
		facts[i].acs = facts[i].sriov = facts[i].ats = facts[i].pri = facts[i].pasid = TRI_NO;
	}
	facts[0].pcie_type = facts[1].pcie_type = PCIE_TYPE_ROOT_PORT;
	facts[3].pcie_type = facts[4].pcie_type = PCIE_TYPE_ENDPOINT;
	facts[3].msi = TRI_YES;
	long up_gpu[] = {1};
	facts[3].upstream = up_gpu, facts[3].n_upstream = 1, facts[3].upstream_known = true;

	struct judged_device j = {.pci_index = 3};
	judge_device(&r, facts, &j);
	const struct finding *f = find(&j.findings, FIND_GROUP_SHARED_HOST_CRITICAL);
	tap_ok(f && strstr(f->detail, "0000:02:00.0") && strstr(f->detail, "0000:00:1c.4") &&
		       strstr(f->detail, "no ACS"),
	       "shared with a host NIC: names it and the port without ACS");
	tap_ok(f && !strstr(f->detail, "0000:03:00.1"), "the card's own audio function is not held against it");
	tap_ok(find(&j.findings, FIND_GPU_COMPANION_FUNCTIONS) != NULL, "companion audio function named");
	f = find(&j.findings, FIND_DEVICE_DRIVER_BOUND);
	tap_ok(f && f->hv_severity[HV_KVM] == SEV_WARN && f->action && strstr(f->action, "10de:1c82,10de:0fb9"),
	       "nouveau bound: warn, with vfio-pci.ids for both functions");
	tap_ok(find(&j.findings, FIND_GPU_ONLY_HOST_DISPLAY) != NULL, "no other display controller: said");
	tap_ok(find(&j.findings, FIND_DEVICE_RESET_BUS_ONLY) != NULL, "reset_method 'bus' only");
	finding_list_free(&j.findings);

	/* The same device with no group while the IOMMU is on. */
	devs[3].iommu_group = NULL;
	judge_device(&r, facts, &j);
	tap_ok(find(&j.findings, FIND_DEVICE_NO_IOMMU_GROUP) && !find(&j.findings, FIND_GROUP_SHARED_HOST_CRITICAL),
	       "no group: not covered by an IOMMU unit");
	finding_list_free(&j.findings);

	/* A bridge is never assignable. */
	struct judged_device jb = {.pci_index = 1};
	judge_device(&r, facts, &jb);
	tap_ok(find(&jb.findings, FIND_DEVICE_IS_BRIDGE) && jb.findings.n == 1, "a bridge is refused, and only that");
	finding_list_free(&jb.findings);

	/* No reset at all on a 5.15+ kernel, with another device on the bus. */
	devs[3].iommu_group = (char *)"7";
	devs[3].reset_method = NULL;
	devs[2].bus = 3, devs[2].dev = 1; /* pretend the NIC sits on bus 3 too */
	judge_device(&r, facts, &j);
	tap_ok(find(&j.findings, FIND_DEVICE_NO_RESET) != NULL, "no reset_method on 6.8 and a shared bus: no reset");
	finding_list_free(&j.findings);
}

int main(void)
{
	test_adapter();
	test_resource();
	test_helpers();
	test_policy();
	test_host_rules();
	test_device_rules();
	return tap_done();
}
