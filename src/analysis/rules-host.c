#include "config.h"

#include "rules.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum tri kernel_at_least(const char *release, int major, int minor)
{
	if (!release)
		return TRI_UNKNOWN;
	char *end;
	long ma = strtol(release, &end, 10);
	if (end == release || *end != '.')
		return TRI_UNKNOWN;
	const char *p = end + 1;
	long mi = strtol(p, &end, 10);
	if (end == p)
		return TRI_UNKNOWN;
	return (ma > major || (ma == major && mi >= minor)) ? TRI_YES : TRI_NO;
}

/* A parameter value turns the IOMMU off if it is "off" or a list holding it. */
/* The first kernel log line holding any of the needles (case-insensitive). */
static const char *log_find(const struct kernel_facts *k, const char *const *needles, size_t n)
{
	for (size_t i = 0; i < k->n_log; i++)
		for (size_t j = 0; j < n; j++)
			if (strcasestr(k->log[i], needles[j]))
				return k->log[i];
	return NULL;
}

/* How to change the kernel command line, for the usual boot loaders. */
static char *cmdline_action(const char *verb, const char *param)
{
	bool add = !strcmp(verb, "add");
	return xasprintf("%s '%s' %s GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then run "
			 "update-grub (Debian, Ubuntu) or grub2-mkconfig -o /boot/grub2/grub.cfg (Fedora, "
			 "RHEL), and reboot; or in one step: grubby --update-kernel=ALL --%s=%s. "
			 "systemd-boot: edit /etc/kernel/cmdline, then kernel-install or "
			 "proxmox-boot-tool refresh.",
			 add ? "Add" : "Remove", param, add ? "to" : "from", add ? "args" : "remove-args",
			 param);
}

static void judge_cpu(struct audit_report *r)
{
	struct finding_list *f = &r->findings;
	static const char *const bios_off[] = {"disabled by bios", "not enabled (by bios)",
					       "disabled (by bios)"};
	const char *off_line = log_find(&r->kernel, bios_off, ARRAY_SIZE(bios_off));
	if (!r->cpu.readable) {
		finding_add(f, FIND_CPU_INFO_UNREADABLE, "proc/cpuinfo", NULL);
	} else if (off_line && r->cpu.virt != TRI_YES) {
		finding_add(f, FIND_CPU_VIRT_DISABLED_BY_FIRMWARE, "cpu", "kernel log: %s", off_line);
	} else if (r->cpu.virt == TRI_NO) {
		finding_add(f, FIND_CPU_VIRT_ABSENT, "cpu", "%s CPU (%s) without the %s flag in proc/cpuinfo",
			    r->cpu.vendor_id ? r->cpu.vendor_id : "unknown",
			    r->cpu.model_name ? r->cpu.model_name : "unknown model",
			    r->cpu.vendor == CPU_VENDOR_INTEL ? "vmx" :
			    (r->cpu.vendor == CPU_VENDOR_AMD || r->cpu.vendor == CPU_VENDOR_HYGON) ? "svm" :
												       "vmx or svm");
	} else if (off_line) {
		/* Older kernels keep the flag and only kvm says the firmware locked it. */
		finding_add(f, FIND_CPU_VIRT_DISABLED_BY_FIRMWARE, "cpu", "kernel log: %s", off_line);
	}
	if (r->cpu.readable && r->cpu.is_guest)
		finding_add(f, FIND_CPU_HOST_IS_GUEST, "cpu", "proc/cpuinfo has the 'hypervisor' flag");
	if (r->cpu.slat == TRI_NO)
		finding_add(f, FIND_CPU_NO_SLAT, "cpu", "%s present but no '%s' flag in proc/cpuinfo", r->cpu.virt_name,
			    !strcmp(r->cpu.slat_name, "EPT") ? "ept" : "npt");
}

/* iommufd provides /dev/vfio/vfio in place of vfio_iommu_type1
 * (CONFIG_IOMMUFD_VFIO_CONTAINER, drivers/iommu/iommufd/Kconfig). */
static bool iommufd_container(const struct kernel_facts *k)
{
	return k->cfg_iommufd_vfio_container == TRI_YES ||
	       (k->vfio_type1_module == TRI_NO && k->iommufd_module == TRI_YES);
}

/* A bool module parameter on the command line: every occurrence's value. */
static bool switch_on(const char *values)
{
	return list_has_word(values, "1", ",") || list_has_word(values, "Y", ",") || list_has_word(values, "y", ",");
}

/* Interrupt remapping: on, off because of the command line, off because the
 * firmware or hardware cannot, or unknown. */
static void judge_intr_remap(struct audit_report *r)
{
	struct finding_list *f = &r->findings;
	const struct kernel_facts *k = &r->kernel;
	const struct kernel_params *p = &k->params;
	if (k->intr_remap == TRI_YES)
		return;

	const char *cmd_off = p->nointremap ? "nointremap" :
			      list_has_word(p->intremap, "off", ",") ? "intremap=off" : NULL;
	/* Messages of the Intel and AMD drivers that name a firmware cause. */
	static const char *const fw_causes[] = {
		"has no mapping iommu", "not in IVRS table", "No southbridge IOAPIC",
		"Not enabling interrupt remapping", "Disabling interrupt remapping",
	};
	const char *fw_line = log_find(k, fw_causes, ARRAY_SIZE(fw_causes));
	/* AMD-Vi says "Disabling interrupt remapping" after a firmware check fails. */
	enum tri ir = k->intr_remap;
	if (ir != TRI_YES && fw_line)
		ir = TRI_NO;
	/* Intel: ECAP bit 3 (IR) of every unit; a unit without it disables IR. */
	const char *unit_no_ir = NULL;
	bool intel_units = false, all_ir = true;
	for (size_t i = 0; i < k->n_units; i++) {
		const struct kernel_iommu_unit *u = &k->units[i];
		if (strcmp(u->kind, "intel-iommu") || !u->ecap)
			continue;
		intel_units = true;
		unsigned long long ecap = strtoull(u->ecap, NULL, 16);
		if (!(ecap & 0x8)) {
			all_ir = false;
			if (!unit_no_ir)
				unit_no_ir = u->name;
		}
	}

	struct finding *x = NULL;
	if (cmd_off) {
		x = finding_add(f, FIND_KERNEL_INTR_REMAP_OFF, "cmdline", "%s is on the kernel command line",
				cmd_off);
		char *a = cmdline_action("remove", cmd_off);
		finding_set_action(x, "%s", a);
		free(a);
	} else if (unit_no_ir) {
		x = finding_add(f, FIND_FIRMWARE_INTR_REMAP_UNAVAILABLE, unit_no_ir,
				"the ecap register of %s lacks bit 3 (interrupt remapping)", unit_no_ir);
	} else if (fw_line && ir == TRI_NO) {
		x = finding_add(f, FIND_FIRMWARE_INTR_REMAP_UNAVAILABLE, "kernel log", "kernel log: %s", fw_line);
	} else if (ir == TRI_NO) {
		x = finding_add(f, FIND_KERNEL_INTR_REMAP_OFF, "kernel log",
				"the kernel log says interrupt remapping is off");
	} else if (intel_units && all_ir) {
		/* Log silent, hardware capable, nothing switched it off: the kernel
		 * enables it by itself. Not proof, but not a reason for "unknown". */
		return;
	} else if (r->cpu.vendor == CPU_VENDOR_AMD || r->cpu.vendor == CPU_VENDOR_HYGON) {
		if (k->log_readable)
			return; /* AMD-Vi always has IR and the log names a failure */
		x = finding_add(f, FIND_KERNEL_INTR_REMAP_UNKNOWN, "kernel log", "the kernel log is not readable");
	} else {
		x = finding_add(f, FIND_KERNEL_INTR_REMAP_UNKNOWN, "kernel log",
				k->log_readable ? "the kernel log has no line about interrupt remapping" :
						  "the kernel log is not readable");
	}

	/* The unsafe switch turns the refusal into a risk. vfio_iommu_type1's
	 * guards the VFIO container; iommufd's (drivers/iommu/iommufd/device.c,
	 * Linux 6.2+) guards what binds through iommufd: VFIO's device files
	 * (/dev/vfio/devices), and /dev/vfio/vfio itself where iommufd provides
	 * the container (CONFIG_IOMMUFD_VFIO_CONTAINER, no vfio_iommu_type1). */
	bool type1 = switch_on(p->vfio_unsafe_interrupts) || k->vfio_unsafe_interrupts == TRI_YES;
	bool ifd = switch_on(p->iommufd_unsafe_interrupts) || k->iommufd_unsafe_interrupts == TRI_YES;
	bool ifd_container = iommufd_container(k);
	if (!x || x->id == FIND_KERNEL_INTR_REMAP_UNKNOWN || !(type1 || ifd))
		return;
	const char *ifd_where = k->iommufd_unsafe_interrupts == TRI_YES ? "Y in the loaded module" :
									  "1 on the kernel command line";
	if (type1 || ifd_container)
		finding_set_hv(x, 0, true, SEV_WARN);
	if (type1)
		finding_add(f, FIND_KERNEL_UNSAFE_INTERRUPTS, "vfio_iommu_type1", "allow_unsafe_interrupts is %s",
			    k->vfio_unsafe_interrupts == TRI_YES ? "Y in the loaded module" :
								   "1 on the kernel command line");
	else if (ifd_container)
		finding_add(f, FIND_KERNEL_UNSAFE_INTERRUPTS, "iommufd",
			    "allow_unsafe_interrupts is %s, and iommufd provides the VFIO container", ifd_where);
	else
		finding_add(f, FIND_KERNEL_UNSAFE_INTERRUPTS, "iommufd",
			    "allow_unsafe_interrupts is %s: a VMM that binds devices through iommufd accepts them, "
			    "the VFIO container (vfio_iommu_type1) still refuses them", ifd_where);
}

/* Whether this kernel has iommufd (Linux 6.2+, CONFIG_IOMMUFD): its build
 * options say best, then its modules, then its release. */
static enum tri kernel_has_iommufd(const struct audit_report *r)
{
	const struct kernel_facts *k = &r->kernel;
	if (k->cfg_iommufd != TRI_UNKNOWN)
		return k->cfg_iommufd;
	if (k->iommufd_module != TRI_UNKNOWN)
		return k->iommufd_module;
	return kernel_at_least(r->host.kernel_release, 6, 2);
}

/* Where a remedy names vfio_iommu_type1's unsafe switch and the kernel has
 * iommufd, it names iommufd's next to it (a VMM that uses iommufd checks that
 * one instead), or in its place where iommufd provides the container. */
static void name_iommufd_switch(struct audit_report *r)
{
	static const char type1[] = "vfio_iommu_type1.allow_unsafe_interrupts=1";
	if (kernel_has_iommufd(r) != TRI_YES)
		return;
	for (size_t i = 0; i < r->findings.n; i++) {
		struct finding *x = &r->findings.v[i];
		const char *text = x->action ? x->action : finding_info(x->id)->remedy;
		const char *at = text ? strstr(text, type1) : NULL;
		if (!at)
			continue;
		size_t before = (size_t)(at - text), head = before + sizeof(type1) - 1;
		char *both = iommufd_container(&r->kernel) ?
			xasprintf("%.*siommufd.allow_unsafe_interrupts=1 (iommufd provides this kernel's VFIO "
				  "container)%s", (int)before, text, text + head) :
			xasprintf("%.*s (and iommufd.allow_unsafe_interrupts=1, which a VMM that uses iommufd "
				  "checks instead)%s", (int)head, text, text + head);
		finding_set_action(x, "%s", both);
		free(both);
	}
}

/* Firmware-table findings against what the running kernel did: where the
 * kernel shows the opposite (interrupt remapping on, the IOMMU running), its
 * evidence wins for KVM, the one hypervisor that uses this kernel. */
static void weigh_table_findings(struct audit_report *r)
{
	const struct kernel_facts *k = &r->kernel;
	for (size_t i = 0; i < r->findings.n; i++) {
		struct finding *x = &r->findings.v[i];
		const struct finding_info *info = finding_info(x->id);
		if (info->layer != LAYER_FIRMWARE)
			continue;
		bool ir = x->id == FIND_DMAR_NO_INTR_REMAP || x->id == FIND_DMAR_IOAPIC_NOT_COVERED ||
			  x->id == FIND_IVRS_NO_IOAPIC || x->id == FIND_IVRS_IOAPIC_NOT_COVERED ||
			  x->id == FIND_IVRS_NO_SOUTHBRIDGE_IOAPIC;
		if (ir && k->intr_remap == TRI_YES)
			finding_set_hv(x, 0, false, x->hv_severity[0]);
		else if (!ir && k->iommu_active == TRI_YES && x->hv_severity[0] == SEV_BLOCK)
			finding_set_hv(x, 0, true, SEV_WARN); /* the kernel coped with it */
	}
}

/* KVM/VFIO plumbing, as virt-host-validate checks it, from what the root
 * records (nothing is judged where proc/modules is not recorded). */
static void judge_plumbing(struct audit_report *r)
{
	struct finding_list *f = &r->findings;
	const struct kernel_facts *k = &r->kernel;
	bool amd = r->cpu.vendor == CPU_VENDOR_AMD || r->cpu.vendor == CPU_VENDOR_HYGON;
	/* Without VT-x/AMD-V there is no /dev/kvm: the CPU finding says why. */
	if (k->modules_readable && k->kvm_node == TRI_NO && r->cpu.virt == TRI_YES) {
		enum tri vendor = amd ? k->kvm_amd_module : k->kvm_intel_module;
		const char *mod = amd ? "kvm_amd" : "kvm_intel";
		struct finding *x = finding_add(f, FIND_KVM_UNAVAILABLE, "dev/kvm", "dev/kvm is missing; kvm %s, %s %s",
						k->kvm_module == TRI_YES ? "available" : k->kvm_module == TRI_NO ? "absent" : "unknown",
						mod, vendor == TRI_YES ? "available" : vendor == TRI_NO ? "absent" : "unknown");
		if (k->kvm_module == TRI_NO || vendor == TRI_NO)
			finding_set_action(x, "This kernel (%s) has no %s module (not built in, not in modules.dep): "
					      "install its modules package, or boot a kernel built with CONFIG_KVM and %s.",
					   r->host.kernel_release ? r->host.kernel_release : "this release",
					   k->kvm_module == TRI_NO ? "kvm" : mod, amd ? "CONFIG_KVM_AMD" : "CONFIG_KVM_INTEL");
		else
			finding_set_action(x, "modprobe %s (to load it at every boot: echo %s > "
					      "/etc/modules-load.d/kvm.conf); if it fails, dmesg says why.",
					   mod, mod);
	}
	if (k->modules_readable && k->missing_vfio)
		finding_add(f, FIND_VFIO_MODULES_MISSING, "lib/modules", "not loaded, not built in, not in modules.dep: %s",
			    k->missing_vfio);
	if (k->modules_readable && k->vfio_node == TRI_NO && k->vfio_module == TRI_YES) {
		/* Loaded or built in: the node should be there (modprobe creates it). */
		finding_add(f, FIND_VFIO_NODE_MISSING, "dev/vfio/vfio", "vfio is available but dev/vfio/vfio is missing");
	}
	/* Every fault line the kernel reader found; DEVICE_IOMMU_FAULTS ties
	 * those that name a function to it. */
	size_t n = k->n_fault_lines;
	if (n)
		finding_add(f, FIND_IOMMU_FAULTS_LOGGED, "kernel log", "%zu line%s; the first: %s", n, n == 1 ? "" : "s",
			    k->first_fault_line);
}

void judge_host(struct audit_report *r)
{
	struct finding_list *f = &r->findings;
	weigh_table_findings(r);

	if (!r->host.privileged)
		finding_add(f, FIND_TOOL_NOT_ROOT, NULL,
			    r->host.snapshot ? "the snapshot was captured without root" :
					       "the audit runs without root");
	judge_cpu(r);
	judge_plumbing(r);

	const struct firmware_facts *fw = &r->firmware;
	bool have_table = fw->has_dmar || fw->has_ivrs || fw->has_iort;
	if (!fw->tables_readable)
		finding_add(f, FIND_FIRMWARE_TABLES_UNREADABLE, "sys/firmware/acpi/tables", NULL);
	else if (!have_table)
		finding_add(f, FIND_FIRMWARE_NO_IOMMU_TABLE, "ACPI",
			    "sys/firmware/acpi/tables has no DMAR, IVRS or IORT%s",
			    fw->has_madt ? "" : " (and no MADT either: is this an ACPI system?)");

	const struct kernel_facts *k = &r->kernel;
	const struct kernel_params *p = &k->params;
	if (list_has_word(p->amd_iommu, "on", ",")) {
		struct finding *x = finding_add(f, FIND_KERNEL_AMD_IOMMU_ON_INVALID, "cmdline", "amd_iommu=on");
		char *a = cmdline_action("remove", "amd_iommu=on");
		finding_set_action(x, "%s", a);
		free(a);
	}

	const char *off_param = list_has_word(p->intel_iommu, "off", ",") ? "intel_iommu=off" :
				list_has_word(p->amd_iommu, "off", ",") ? "amd_iommu=off" :
				list_has_word(p->iommu, "off", ",")     ? "iommu=off" : NULL;
	/* intel_iommu=off only matters on Intel (DMAR), amd_iommu=off on AMD (IVRS). */
	if (off_param && !strncmp(off_param, "intel", 5) && !fw->has_dmar && fw->tables_readable)
		off_param = NULL;
	if (off_param && !strncmp(off_param, "amd", 3) && !fw->has_ivrs && fw->tables_readable)
		off_param = NULL;

	if (k->iommu_active == TRI_YES) {
		if (list_has_word(p->iommu, "pt", ",") || (p->iommu_passthrough && !strcmp(p->iommu_passthrough, "1")))
			finding_add(f, FIND_KERNEL_IOMMU_PASSTHROUGH, "cmdline", "%s",
				    list_has_word(p->iommu, "pt", ",") ? "iommu=pt" : "iommu.passthrough=1");
		judge_intr_remap(r);
	} else if (off_param) {
		struct finding *x = finding_add(f, FIND_KERNEL_IOMMU_DISABLED, "cmdline",
						"%s is on the kernel command line", off_param);
		char *a = cmdline_action("remove", off_param);
		finding_set_action(x, "%s", a);
		free(a);
	} else if (have_table && k->iommu_active == TRI_NO) {
		static const char *const why[] = {"[Firmware Bug]", "invalid checksum", "Your BIOS is broken",
						  "not currently supported when SME", "disabl"};
		const char *line = log_find(k, why, ARRAY_SIZE(why));
		bool intel_default_off = fw->has_dmar && !p->intel_iommu;
		/* Without the driver no parameter helps (intel_iommu= is parsed by
		 * the driver itself, drivers/iommu/intel/iommu.c intel_iommu_setup). */
		bool intel_no_driver = fw->has_dmar && k->cfg_intel_iommu == TRI_NO;
		bool amd_no_driver = fw->has_ivrs && !fw->has_dmar && k->cfg_amd_iommu == TRI_NO;
		/* The kernel's own build options say which default applied. */
		const char *why_default = "";
		if (intel_no_driver) {
			why_default = p->intel_iommu ?
				"; this kernel is built without the VT-d driver (CONFIG_INTEL_IOMMU is not set), so "
				"the intel_iommu= on its command line has no effect" :
				"; this kernel is built without Intel IOMMU support (CONFIG_INTEL_IOMMU is not set)";
		} else if (intel_default_off) {
			if (k->cfg_intel_iommu_default_on == TRI_NO)
				why_default = "; intel_iommu= is not on the command line and this kernel leaves VT-d off by "
					      "default (CONFIG_INTEL_IOMMU_DEFAULT_ON is not set)";
			else if (k->cfg_intel_iommu_default_on == TRI_YES)
				why_default = "; this kernel turns VT-d on by default (CONFIG_INTEL_IOMMU_DEFAULT_ON=y, or Debian's "
					      "_DEFAULT_ON_INTGPU_OFF=y), so "
					      "something else stopped it: read the kernel log";
			else
				why_default = "; intel_iommu= is not on the command line (whether VT-d is on by default "
					      "depends on the kernel's CONFIG_INTEL_IOMMU_DEFAULT_ON, and "
					      "boot/config-RELEASE is not there to say)";
		} else if (amd_no_driver) {
			why_default = "; this kernel is built without AMD IOMMU support (CONFIG_AMD_IOMMU is not set)";
		}
		struct finding *x = finding_add(
			f, FIND_KERNEL_IOMMU_INACTIVE, "kernel",
			"%s present, but no unit in sys/class/iommu and no group in sys/kernel/iommu_groups%s%s%s",
			fw->has_dmar ? "DMAR" : fw->has_ivrs ? "IVRS" : "IORT", why_default,
			line ? "; kernel log: " : "", line ? line : "");
		const char *release = r->host.kernel_release ? r->host.kernel_release : "this release";
		if (intel_no_driver || amd_no_driver) {
			finding_set_action(x,
					   "This kernel (%s) cannot use the IOMMU: it is built without %s, and no boot "
					   "parameter adds a driver. Boot a kernel built with %s=y (the stock kernels of "
					   "Debian, Ubuntu, Fedora, RHEL, Arch and Proxmox VE are)%s.",
					   release, intel_no_driver ? "the VT-d driver (CONFIG_INTEL_IOMMU)" :
								      "the AMD-Vi driver (CONFIG_AMD_IOMMU)",
					   intel_no_driver ? "CONFIG_INTEL_IOMMU" : "CONFIG_AMD_IOMMU",
					   intel_no_driver ? ", then add intel_iommu=on to its command line unless it "
							     "is built with CONFIG_INTEL_IOMMU_DEFAULT_ON=y" :
							   "");
		} else if (intel_default_off && k->cfg_intel_iommu_default_on == TRI_YES) {
			finding_set_action(x, "VT-d is on by default in this kernel, so intel_iommu=on would change "
					      "nothing: read the kernel log (dmesg | grep -i -e DMAR -e IOMMU) for what "
					      "stopped it, and update the firmware if it names a firmware bug.");
		} else if (intel_default_off) {
			char *a = cmdline_action("add", "intel_iommu=on");
			finding_set_action(x, "%s", a);
			free(a);
		}
	} else if (k->iommu_active == TRI_UNKNOWN) {
		finding_add(f, FIND_KERNEL_IOMMU_STATE_UNKNOWN, "kernel", NULL);
	}
	if (p->pcie_acs_override)
		finding_add(f, FIND_KERNEL_ACS_OVERRIDE, "cmdline", "pcie_acs_override=%s", p->pcie_acs_override);
	if (list_has_word(p->pci, "nommconf", ",")) {
		struct finding *x = finding_add(f, FIND_KERNEL_PCI_NOMMCONF, "cmdline", "pci=%s", p->pci);
		char *a = cmdline_action("remove", "pci=nommconf");
		finding_set_action(x, "%s", a);
		free(a);
	}
	if (p->pci && strstr(p->pci, "disable_acs_redir="))
		finding_add(f, FIND_KERNEL_ACS_REDIR_DISABLED, "cmdline", "pci=%s", p->pci);
	name_iommufd_switch(r);
}
