/* Unit tests of the verdict rules on hand-built facts: the config-space and
 * resource decoders, the per-hypervisor policy, and host and device rules on
 * models made here (no host files involved). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "audit.h"
#include "rules.h"

static const struct finding *find(const struct finding_list *l, enum finding_id id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
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
	/* vendor-reset's src/device-db.h lists 0x6FDF under _AMD_POLARIS10 and
	 * 0x73FF as _AMD_NAVI23; amdgpu_drv.c names their families. */
	tap_is_str(amd_reset_bug_family(0x1002, 0x6fdf), "Polaris 20 XL", "1002:6fdf is Polaris 20 XL");
	tap_is_str(amd_reset_bug_family(0x1002, 0x73ff), "Navi 23", "1002:73ff is Navi 23");
	tap_ok(!amd_reset_bug_family(0x1002, 0x73ef), "another Navi 23 ID vendor-reset does not list is not");
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

/* Capabilities as pci-caps would decode them from a full config space. */
static void pcie_caps(struct pci_device *d, int type)
{
	struct pci_caps *c = &d->caps;
	c->config_len = 4096;
	c->pcie.present = TRI_YES, c->pcie_type = type;
	c->flr = TRI_NO;
	c->pm.present = TRI_YES, c->no_soft_reset = TRI_YES;
	c->msi.present = TRI_YES, c->msix.present = TRI_NO;
	c->acs.present = c->sriov.present = c->ats.present = c->pri.present = c->pasid.present = TRI_NO;
	c->ari.present = c->rebar.present = TRI_NO;
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
	pcie_caps(&devs[0], PCIE_TYPE_ROOT_PORT);
	pcie_caps(&devs[1], PCIE_TYPE_ROOT_PORT);
	pcie_caps(&devs[2], PCIE_TYPE_ENDPOINT);
	pcie_caps(&devs[3], PCIE_TYPE_ENDPOINT);
	pcie_caps(&devs[4], PCIE_TYPE_ENDPOINT);
	devs[2].parent = 0;
	devs[3].parent = devs[4].parent = 1;
	devs[3].multifunction = devs[4].multifunction = true;
	devs[3].reset_method = (char *)"bus";
	char *members[] = {(char *)"0000:00:1c.0", (char *)"0000:00:1c.4", (char *)"0000:02:00.0",
			   (char *)"0000:03:00.0", (char *)"0000:03:00.1"};
	struct kernel_group g = {.name = (char *)"7", .members = members, .n_members = 5};
	struct audit_report r = {0};
	r.devices = devs, r.n_devices = 5;
	r.kernel.iommu_active = TRI_YES, r.kernel.groups = &g, r.kernel.n_groups = 1;
	r.host.kernel_release = (char *)"6.8.0";

	struct judged_device j = {.pci_index = 3};
	judge_device(&r, &j);
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
	tap_ok(!find(&j.findings, FIND_DEVICE_INTX_ONLY) && !find(&j.findings, FIND_TOPO_BEHIND_PCI_BRIDGE),
	       "MSI and a PCIe root port: no INTx or bridge finding");
	finding_list_free(&j.findings);

	/* The same device with no group while the IOMMU is on. */
	devs[3].iommu_group = NULL;
	judge_device(&r, &j);
	tap_ok(find(&j.findings, FIND_DEVICE_NO_IOMMU_GROUP) && !find(&j.findings, FIND_GROUP_SHARED_HOST_CRITICAL),
	       "no group: not covered by an IOMMU unit");
	finding_list_free(&j.findings);

	/* A bridge is never assignable. */
	struct judged_device jb = {.pci_index = 1};
	judge_device(&r, &jb);
	tap_ok(find(&jb.findings, FIND_DEVICE_IS_BRIDGE) && jb.findings.n == 1, "a bridge is refused, and only that");
	finding_list_free(&jb.findings);

	/* No reset at all on a 5.15+ kernel, with another device on the bus. */
	devs[3].iommu_group = (char *)"7";
	devs[3].reset_method = NULL;
	devs[2].bus = 3, devs[2].dev = 1; /* pretend the NIC sits on bus 3 too */
	judge_device(&r, &j);
	tap_ok(find(&j.findings, FIND_DEVICE_NO_RESET) != NULL, "no reset_method on 6.8 and a shared bus: no reset");
	finding_list_free(&j.findings);

	/* Older kernel: the reset is predicted from the capabilities. FLR wins. */
	r.host.kernel_release = (char *)"5.10.0";
	devs[3].caps.flr = TRI_YES;
	judge_device(&r, &j);
	tap_ok(!find(&j.findings, FIND_DEVICE_NO_RESET) && !find(&j.findings, FIND_DEVICE_RESET_BUS_ONLY),
	       "5.10 without reset_method: FLR predicted, no reset finding");
	finding_list_free(&j.findings);
	/* PM reset with NoSoftRst clear, but an AMD display device: quirked off. */
	devs[3].caps.flr = TRI_NO, devs[3].caps.no_soft_reset = TRI_NO;
	devs[3].vendor_id = 0x1002, devs[3].device_id = 0x73bf;
	judge_device(&r, &j);
	tap_ok(find(&j.findings, FIND_DEVICE_NO_RESET) != NULL, "AMD display: no PM reset (kernel quirk), no reset");
	finding_list_free(&j.findings);
	devs[3].vendor_id = 0x10de;
	judge_device(&r, &j);
	tap_ok(!find(&j.findings, FIND_DEVICE_NO_RESET), "the same facts on NVIDIA: PM reset predicted");
	finding_list_free(&j.findings);

	/* Without root: 64 bytes, so Hyper-V's forecast is unknown. */
	devs[3].caps.config_len = 64;
	devs[3].caps.pcie.present = devs[3].caps.msi.present = devs[3].caps.msix.present = TRI_UNKNOWN;
	judge_device(&r, &j);
	f = find(&j.findings, FIND_DEVICE_CONFIG_UNREADABLE);
	tap_ok(f && f->hv_severity[HV_HYPERV] == SEV_UNKNOWN && f->hv_severity[HV_KVM] == SEV_INFO &&
		       !find(&j.findings, FIND_DEVICE_INTX_ONLY),
	       "unreadable capabilities: unknown for Hyper-V only, and never 'INTx only'");
	finding_list_free(&j.findings);

	/* A conventional PCI card behind a PCIe-to-PCI bridge, INTx only. */
	struct pci_device legacy[] = {
		mkdev("0000:00:1c.0", 0x8086, 0x8c10, 0x060400, "pcieport", "5"),
		mkdev("0000:05:00.0", 0x104c, 0x8240, 0x060400, NULL, "5"),
		mkdev("0000:06:00.0", 0x1002, 0x5159, 0x030000, NULL, "5"),
	};
	static uint8_t cfg[256];
	cfg[0x3d] = 1;
	pcie_caps(&legacy[0], PCIE_TYPE_ROOT_PORT);
	pcie_caps(&legacy[1], PCIE_TYPE_PCIE_TO_PCI);
	legacy[1].parent = 0, legacy[2].parent = 1;
	legacy[2].caps.config_len = 256, legacy[2].config = cfg;
	legacy[2].caps.pcie.present = legacy[2].caps.msi.present = legacy[2].caps.msix.present = TRI_NO;
	legacy[2].caps.pm.present = TRI_NO;
	legacy[2].reset_method = (char *)"bus";
	struct audit_report lr = {0};
	lr.devices = legacy, lr.n_devices = 3, lr.host.kernel_release = (char *)"6.8.0";
	struct judged_device jl = {.pci_index = 2};
	judge_device(&lr, &jl);
	f = find(&jl.findings, FIND_TOPO_BEHIND_PCI_BRIDGE);
	tap_ok(f && strstr(f->detail, "0000:05:00.0") && f->hv_severity[HV_HYPERV] == SEV_BLOCK &&
		       f->hv_severity[HV_KVM] == SEV_WARN,
	       "behind a PCIe-to-PCI bridge: named; warn for KVM, block for Hyper-V");
	f = find(&jl.findings, FIND_DEVICE_INTX_ONLY);
	tap_ok(f && f->hv_severity[HV_HYPERV] == SEV_BLOCK, "INTx only: block for Hyper-V");
	tap_ok(find(&jl.findings, FIND_DEVICE_CONVENTIONAL_PCI) != NULL, "conventional PCI said");
	finding_list_free(&jl.findings);
}

/* The IOMMU is off: the firmware tables (coverage) speak for the device. */
static void test_firmware_forecast(void)
{
	struct pci_device devs[] = {
		mkdev("0000:00:02.0", 0x8086, 0x3e92, 0x030000, "i915", NULL),
		mkdev("0000:00:14.0", 0x8086, 0xa36d, 0x0c0330, "xhci_hcd", NULL),
		mkdev("0000:00:1f.6", 0x8086, 0x15bc, 0x020000, "e1000e", NULL),
	};
	for (int i = 0; i < 3; i++)
		pcie_caps(&devs[i], PCIE_TYPE_RCIEP);
	struct audit_report r = {0};
	r.devices = devs, r.n_devices = 3, r.host.kernel_release = (char *)"6.8.0";
	r.kernel.iommu_active = TRI_NO;
	size_t rmrr[] = {0};
	struct device_coverage dc[3] = {
		{.unit = 0, .regions = rmrr, .n_regions = 1, .alias_devfn = -1},
		{.unit = 0, .regions = rmrr, .n_regions = 1, .alias_devfn = -1},
		{.unit = -1, .alias_devfn = -1},
	};
	enum tri covered[3] = {TRI_YES, TRI_YES, TRI_NO};
	char *names[] = {(char *)"RMRR@0x80: 0x7c000000-0x7fffffff"};
	r.coverage.computed = true, r.coverage.dev = dc, r.coverage.n = 3, r.coverage.covered = covered;
	r.coverage.region_names = names, r.coverage.n_regions = 1;

	struct judged_device j = {.pci_index = 0};
	judge_device(&r, &j);
	const struct finding *f = find(&j.findings, FIND_DEVICE_RMRR_RELAXABLE);
	tap_ok(f && !find(&j.findings, FIND_DEVICE_RMRR_DIRECT) && f->hv_severity[HV_HYPERV] == SEV_BLOCK,
	       "an RMRR on a display device: relaxable (info for KVM, block for Hyper-V)");
	finding_list_free(&j.findings);

	devs[1].class_code = 0x010802; /* the same RMRR on an NVMe controller */
	j.pci_index = 1;
	judge_device(&r, &j);
	f = find(&j.findings, FIND_DEVICE_RMRR_DIRECT);
	tap_ok(f && f->hv_severity[HV_KVM] == SEV_BLOCK, "an RMRR on a storage controller: not relaxable, blocks");
	finding_list_free(&j.findings);

	j.pci_index = 2;
	judge_device(&r, &j);
	f = find(&j.findings, FIND_FIRMWARE_DEVICE_NOT_COVERED);
	tap_ok(f && f->hv_severity[HV_ESXI] == SEV_BLOCK, "no unit covers the device: blocked everywhere");
	finding_list_free(&j.findings);
}

int main(void)
{
	test_helpers();
	test_policy();
	test_host_rules();
	test_device_rules();
	test_firmware_forecast();
	return tap_done();
}
