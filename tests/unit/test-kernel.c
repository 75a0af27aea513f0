#include "config.h"

#include <stdlib.h>

#include "../tap.h"
#include "kernel.h"

static bool names_device(const char *msg, struct iommu_fault *f)
{
	return parse_iommu_fault_line(msg, f) == FAULT_LINE_DEVICE;
}

int main(void)
{
	struct kernel_params p;
	parse_kernel_cmdline("BOOT_IMAGE=/vmlinuz root=UUID=x ro intel_iommu=on,sm_on iommu=pt "
			     "amd_iommu=off amd_iommu=on pcie_acs_override=downstream,multifunction "
			     "vfio-pci.ids=10de:1b80,10de:10f0 quiet \"video=efifb:off\" -- intel_iommu=off",
			     &p);
	tap_is_str(p.intel_iommu, "on,sm_on", "intel_iommu value kept whole; words after -- ignored");
	tap_is_str(p.iommu, "pt", "iommu=pt");
	/* parse_amd_iommu_options() runs for each occurrence and knows no "on":
	 * the earlier "off" still holds. */
	tap_is_str(p.amd_iommu, "off,on", "every amd_iommu= occurrence applies");
	tap_is_str(p.pcie_acs_override, "downstream,multifunction", "pcie_acs_override");
	tap_is_str(p.vfio_pci_ids, "10de:1b80,10de:10f0", "vfio-pci.ids");
	tap_is_str(p.video, "efifb:off", "quoted parameter");
	tap_is_str(p.iommu_passthrough, NULL, "absent parameter is NULL");
	free_kernel_params(&p);

	/* pci_setup() is called for every pci= occurrence: nommconf stays. */
	parse_kernel_cmdline("pci=nommconf pci=realloc,nommconf vfio-pci.ids=1:2 vfio-pci.ids=3:4", &p);
	tap_is_str(p.pci, "realloc,nommconf", "every pci= occurrence applies (nommconf kept once)");
	tap_is_str(p.vfio_pci_ids, "3:4", "a module parameter keeps its last value");
	free_kernel_params(&p);
	/* intel_iommu_setup(): "on" and "off" set the same variable (dmar_disabled),
	 * sm_on/sm_off another; igfx_off is cleared by nothing. */
	parse_kernel_cmdline("intel_iommu=on,igfx_off,sm_on intel_iommu=off intel_iommu=sm_off", &p);
	tap_is_str(p.intel_iommu, "igfx_off,off,sm_off", "a later intel_iommu= overrides key by key");
	free_kernel_params(&p);
	parse_kernel_cmdline("intel_iommu=off intel_iommu=on iommu=pt iommu=nopt intremap=off intremap=on", &p);
	tap_is_str(p.intel_iommu, "on", "a later intel_iommu=on undoes an earlier off");
	tap_is_str(p.iommu, "nopt", "iommu=nopt after iommu=pt (iommu_setup)");
	tap_is_str(p.intremap, "on", "intremap=on after intremap=off (setup_irqremap)");
	free_kernel_params(&p);
	parse_kernel_cmdline("video=efifb:off video=vesafb:off,mtrr:3 initcall_blacklist=a initcall_blacklist=sysfb_init", &p);
	tap_is_str(p.video, "efifb:off vesafb:off,mtrr:3", "every video= occurrence is kept whole");
	tap_is_str(p.initcall_blacklist, "a,sysfb_init", "initcall_blacklist= entries add up");
	free_kernel_params(&p);

	parse_kernel_cmdline("nomodeset iommu.passthrough=1", &p);
	tap_is_str(p.nomodeset, "", "flag without value is present with an empty value");
	tap_is_str(p.iommu_passthrough, "1", "dotted module parameter");
	free_kernel_params(&p);

	tap_is_str(kmsg_message("6,339,5140900,-;DMAR: IOMMU enabled"), "DMAR: IOMMU enabled",
		   "kmsg record prefix stripped");
	tap_is_str(kmsg_message(" SUBSYSTEM=pci"), NULL, "kmsg continuation line skipped");
	tap_is_str(kmsg_message("plain dmesg text; with a semicolon"), "plain dmesg text; with a semicolon",
		   "text without a record prefix is kept whole");
	tap_ok(kernel_log_line_relevant("AMD-Vi: Interrupt remapping enabled"), "AMD-Vi line is relevant");
	tap_ok(!kernel_log_line_relevant("EXT4-fs (sda1): mounted filesystem"), "filesystem line is not");
	struct kernel_facts k = {0};
	parse_kernel_config("CONFIG_IOMMU_SUPPORT=y\nCONFIG_INTEL_IOMMU=y\n"
			    "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\nCONFIG_AMD_IOMMU=m\n", &k);
	tap_ok(k.config_readable && k.cfg_intel_iommu == TRI_YES, "CONFIG_INTEL_IOMMU=y is yes, not confused with its _DEFAULT_ON sibling");
	tap_ok(k.cfg_intel_iommu_default_on == TRI_NO, "'# ... is not set' is no");
	tap_ok(k.cfg_amd_iommu == TRI_YES, "=m counts as yes");
	tap_ok(k.cfg_irq_remap == TRI_UNKNOWN, "an option the file does not mention is unknown");
	/* Debian 6.1's amd64 config (linux-config-6.1): VT-d on by default but for
	 * the integrated GPU (drivers/iommu/intel/Kconfig of its source). */
	struct kernel_facts deb = {0};
	parse_kernel_config("CONFIG_INTEL_IOMMU=y\n# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
			    "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y\n# CONFIG_INTEL_IOMMU_DEFAULT_OFF is not set\n",
			    &deb);
	tap_ok(deb.cfg_intel_iommu_default_on == TRI_YES, "Debian's DEFAULT_ON_INTGPU_OFF=y turns VT-d on by default");
	parse_kernel_config("CONFIG_INTEL_IOMMU=y\nCONFIG_INTEL_IOMMU_DEFAULT_OFF=y\n", &deb);
	tap_ok(deb.cfg_intel_iommu_default_on == TRI_NO, "DEFAULT_OFF=y leaves it off");
	tap_ok(kernel_config_line_relevant("CONFIG_VFIO_PCI=m") && !kernel_config_line_relevant("CONFIG_EXT4_FS=y"),
	       "capture keeps IOMMU/VFIO lines only");

	/* Fault lines, in the formats of Linux 6.1: intel/dmar.c dmar_fault_do_one()
	 * and amd/iommu.c iommu_print_event() (pr_fmt "DMAR: " / "AMD-Vi: "). */
	struct iommu_fault f;
	tap_ok(names_device("DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x7b000000 "
			    "[fault reason 0x06] PTE Read access is not set", &f) &&
	       f.segment == -1 && f.bus == 0 && f.dev == 2 && f.fn == 0,
	       "Intel DMA fault: bus 00, device 02, function 0, no segment");
	tap_ok(names_device("DMAR: [INTR-REMAP] Request device [f0:1f.7] fault index 0x0 "
			    "[fault reason 0x25] Blocked a compatibility format interrupt request", &f) &&
	       f.bus == 0xf0 && f.dev == 0x1f && f.fn == 7, "Intel interrupt-remapping fault");
	tap_ok(names_device("DMAR:[DMA Write] Request device [03:00.1] fault addr ffe00000", &f) &&
	       f.bus == 3 && f.dev == 0 && f.fn == 1, "older kernels' DMAR:[DMA Write] form");
	tap_ok(names_device("AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:0d:00.0 domain=0x000e "
			    "address=0xfffc0000 flags=0x0020]", &f) &&
	       f.segment == 0 && f.bus == 0x0d && f.dev == 0 && f.fn == 0, "AMD-Vi event with device=");
	tap_ok(names_device("vfio-pci 0001:0d:00.1: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x000e "
			    "address=0xfffc0000 flags=0x0020]", &f) &&
	       f.segment == 1 && f.bus == 0x0d && f.fn == 1, "AMD-Vi event through pci_err(): the prefix names it");
	tap_ok(parse_iommu_fault_line("DMAR: DRHD: handling fault status reg 3", &f) == FAULT_LINE_HOST,
	       "the fault-status line is a fault that names no device");
	tap_ok(parse_iommu_fault_line("arm-smmu 2b400000.iommu: Unhandled context fault: fsr=0x402, iova=0x0",
				      &f) == FAULT_LINE_HOST,
	       "Arm SMMU's context fault is a fault that names no PCI function");
	tap_ok(parse_iommu_fault_line("AMD-Vi: Interrupt remapping enabled", &f) == FAULT_LINE_NONE,
	       "an ordinary AMD-Vi line is not a fault");
	tap_ok(parse_iommu_fault_line("iommu ivhd0: AMD-Vi: Event logged [ILLEGAL_COMMAND_ERROR address=0x1]", &f) ==
		       FAULT_LINE_NONE,
	       "an event naming no PCI function is not tied to one");
	return tap_done();
}
