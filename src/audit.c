#include "config.h"

#include "audit.h"
#include "acpi-load.h"
#include "coverage-acpi.h"
#include "groups.h"
#include "hostinfo.h"
#include "kernel.h"
#include "pcitopo.h"
#include "topology.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const char *tri_name(enum tri t)
{
	return t == TRI_YES ? "yes" : t == TRI_NO ? "no" : "unknown";
}

const char *hypervisor_name(enum hypervisor hv)
{
	static const char *const names[] = {"kvm", "xen", "esxi", "hyperv"};
	return (unsigned)hv < ARRAY_SIZE(names) ? names[hv] : "?";
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = {"ready", "warn", "unknown", "blocked"};
	return (unsigned)v < ARRAY_SIZE(names) ? names[v] : "?";
}

enum verdict verdict_of_severity(enum severity sev)
{
	switch (sev) {
	case SEV_INFO:
		return VERDICT_READY;
	case SEV_WARN:
		return VERDICT_WARN;
	case SEV_UNKNOWN:
		return VERDICT_UNKNOWN;
	case SEV_BLOCK:
		return VERDICT_BLOCKED;
	}
	return VERDICT_UNKNOWN;
}

bool finding_applies(enum finding_id id, enum hypervisor hv)
{
	const struct finding_info *info = finding_info(id);
	if (info->layer == LAYER_KERNEL)
		return hv == HV_KVM;
	return true;
}

/* A parameter value turns the IOMMU off if it is "off" or a list holding it. */
static bool param_says_off(const char *value)
{
	if (!value)
		return false;
	const char *p = value;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n == 3 && !strncmp(p, "off", 3))
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

static void judge_host(struct audit_report *r)
{
	struct finding_list *f = &r->findings;

	if (!r->host.privileged)
		finding_add(f, FIND_TOOL_NOT_ROOT, NULL,
			    r->host.snapshot ? "the snapshot was captured without root" :
					       "the audit runs without root");

	if (!r->cpu.readable)
		finding_add(f, FIND_CPU_INFO_UNREADABLE, "proc/cpuinfo", NULL);
	else if (r->cpu.virt == TRI_NO)
		finding_add(f, FIND_CPU_VIRT_ABSENT, "cpu", "%s CPU (%s) without the %s flag in proc/cpuinfo",
			    r->cpu.vendor_id ? r->cpu.vendor_id : "unknown",
			    r->cpu.model_name ? r->cpu.model_name : "unknown model",
			    r->cpu.vendor == CPU_VENDOR_INTEL ? "vmx" :
			    (r->cpu.vendor == CPU_VENDOR_AMD || r->cpu.vendor == CPU_VENDOR_HYGON) ? "svm" :
												       "vmx or svm");
	if (r->cpu.readable && r->cpu.is_guest)
		finding_add(f, FIND_CPU_HOST_IS_GUEST, "cpu", "proc/cpuinfo has the 'hypervisor' flag");

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
	if (p->amd_iommu && !strcmp(p->amd_iommu, "on"))
		finding_add(f, FIND_KERNEL_AMD_IOMMU_ON_INVALID, "cmdline", "amd_iommu=on");

	const char *off_param = param_says_off(p->intel_iommu) ? "intel_iommu=off" :
				param_says_off(p->amd_iommu)   ? "amd_iommu=off" :
				(p->iommu && !strcmp(p->iommu, "off")) ? "iommu=off" : NULL;
	/* intel_iommu=off only matters on Intel (DMAR), amd_iommu=off on AMD (IVRS). */
	if (off_param && !strncmp(off_param, "intel", 5) && !fw->has_dmar && fw->tables_readable)
		off_param = NULL;
	if (off_param && !strncmp(off_param, "amd", 3) && !fw->has_ivrs && fw->tables_readable)
		off_param = NULL;

	if (k->iommu_active == TRI_YES) {
		if ((p->iommu && !strcmp(p->iommu, "pt")) ||
		    (p->iommu_passthrough && !strcmp(p->iommu_passthrough, "1")))
			finding_add(f, FIND_KERNEL_IOMMU_PASSTHROUGH, "cmdline", "%s",
				    p->iommu ? "iommu=pt" : "iommu.passthrough=1");
		if (k->intr_remap == TRI_NO)
			finding_add(f, FIND_KERNEL_INTR_REMAP_OFF, "kernel log",
				    "the kernel log says interrupt remapping is off");
	} else if (off_param) {
		finding_add(f, FIND_KERNEL_IOMMU_DISABLED, "cmdline", "%s is on the kernel command line",
			    off_param);
	} else if (have_table && k->iommu_active == TRI_NO) {
		finding_add(f, FIND_KERNEL_IOMMU_INACTIVE, "kernel",
			    "%s present, but no unit in sys/class/iommu and no group in sys/kernel/iommu_groups%s",
			    fw->has_dmar ? "DMAR" : fw->has_ivrs ? "IVRS" : "IORT",
			    fw->has_dmar && !p->intel_iommu ? "; intel_iommu= is not on the command line" : "");
	} else if (k->iommu_active == TRI_UNKNOWN) {
		finding_add(f, FIND_KERNEL_IOMMU_STATE_UNKNOWN, "kernel", NULL);
	}
	if (p->pcie_acs_override)
		finding_add(f, FIND_KERNEL_ACS_OVERRIDE, "cmdline", "pcie_acs_override=%s", p->pcie_acs_override);
}

static bool selected(const struct pci_device *d, const struct audit_options *o)
{
	if (o->slot_selector && !pci_match_slot(d, o->slot_selector))
		return false;
	if (o->id_selector && !pci_match_id(d, o->id_selector))
		return false;
	if (o->all_devices || o->slot_selector || o->id_selector)
		return true;
	return pci_is_gpu(d);
}

static void judge_device(struct audit_report *r, struct judged_device *j)
{
	const struct pci_device *d = &r->devices[j->pci_index];
	struct finding_list *f = &j->findings;

	if (r->kernel.iommu_active == TRI_YES && !d->iommu_group)
		finding_add(f, FIND_DEVICE_NO_IOMMU_GROUP, d->bdf, "no iommu_group link under sys/bus/pci/devices/%s",
			    d->bdf);
	if (pci_is_gpu(d) && d->boot_vga == TRI_YES)
		finding_add(f, FIND_GPU_BOOT_VGA, d->bdf, "boot_vga is 1");
	if (d->driver && !strcmp(d->driver, "vfio-pci"))
		finding_add(f, FIND_DEVICE_VFIO_BOUND, d->bdf, "driver: vfio-pci");
	else if (d->driver)
		finding_add(f, FIND_DEVICE_DRIVER_BOUND, d->bdf, "driver: %s (use vfio-pci.ids=%04x:%04x)",
			    d->driver, d->vendor_id, d->device_id);
}

static int cmp_finding_layer(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	/* Blocking findings first, then by layer (the order a fix must follow). */
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	enum layer lx = finding_info(x->id)->layer, ly = finding_info(y->id)->layer;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Host findings that bear on devices are copied into each judged device, so a
 * device's list is its whole story in the order to fix it. */
static void merge_and_decide(struct audit_report *r, struct judged_device *j)
{
	struct finding_list merged = {0};
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *h = &r->findings.v[i];
		if (finding_info(h->id)->layer == LAYER_TOOL && h->id != FIND_TOOL_NO_PCI)
			continue; /* tool notes explain "unknown"; they do not judge */
		struct finding *c = finding_add(&merged, h->id, h->subject, h->detail ? "%s" : NULL, h->detail);
		c->severity = h->severity;
	}
	for (size_t i = 0; i < j->findings.n; i++) {
		const struct finding *h = &j->findings.v[i];
		struct finding *c = finding_add(&merged, h->id, h->subject, h->detail ? "%s" : NULL, h->detail);
		c->severity = h->severity;
	}
	finding_list_free(&j->findings);
	if (merged.n > 1)
		qsort(merged.v, merged.n, sizeof(*merged.v), cmp_finding_layer);
	j->findings = merged;
	for (int hv = 0; hv < HV__COUNT; hv++) {
		enum verdict v = VERDICT_READY;
		for (size_t i = 0; i < merged.n; i++) {
			if (!finding_applies(merged.v[i].id, (enum hypervisor)hv))
				continue;
			enum verdict fv = verdict_of_severity(merged.v[i].severity);
			if (fv > v)
				v = fv;
		}
		j->verdict[hv] = v;
	}
}

/* Firmware coverage of each device, when the DMAR/IVRS tables decode. */
static void analyse_coverage(const struct hostenv *env, struct audit_report *r)
{
	struct acpi_tables *set = xcalloc(1, sizeof(*set));
	if (acpi_load_host(set, env) > 0) {
		acpi_tables_decode(set);
		struct fw_model_store st;
		if (coverage_model_from_acpi(set, &st))
			coverage_compute(r->devices, r->n_devices, &st.model, &r->coverage);
		coverage_model_free(&st);
	}
	/* Kept (with the loader's findings about unreadable tables) so the
	 * report shows the decode the coverage rests on. */
	audit_free_acpi(r);
	if (set->n || set->findings.n) {
		r->acpi = set;
	} else {
		acpi_tables_free(set);
		free(set);
	}
}

void audit_free_acpi(struct audit_report *r)
{
	if (r->acpi) {
		acpi_tables_free(r->acpi);
		free(r->acpi);
		r->acpi = NULL;
	}
}

void audit_analyse_topology(const struct hostenv *env, struct audit_report *r)
{
	topology_link(r->devices, r->n_devices, &r->groups.findings);
	struct finding_list topo = r->groups.findings;
	analyse_coverage(env, r);
	int *aliases = NULL;
	if (r->coverage.computed) {
		aliases = xcalloc(r->n_devices ? r->n_devices : 1, sizeof(int));
		for (size_t i = 0; i < r->n_devices; i++)
			aliases[i] = r->coverage.dev[i].alias_devfn;
	}
	struct group_inputs in = {
		.devs = r->devices, .n = r->n_devices, .kernel = &r->kernel, .firmware = &r->firmware,
		.covered = r->coverage.computed ? r->coverage.covered : NULL, .firmware_alias_devfn = aliases,
	};
	groups_predict(&in, &r->groups);
	free(aliases);
	/* Topology findings come first, then coverage's, then the prediction's. */
	const struct finding_list *lists[] = {&r->coverage.findings, &r->groups.findings};
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			const struct finding *f = &lists[l]->v[i];
			struct finding *c = finding_add(&topo, f->id, f->subject, f->detail ? "%s" : NULL, f->detail);
			c->severity = f->severity;
		}
	finding_list_free(&r->groups.findings);
	r->groups.findings = topo;
}

struct audit_report *audit_run(const struct hostenv *env, const struct audit_options *opts)
{
	struct audit_report *r = xcalloc(1, sizeof(*r));
	r->root = xstrdup(env->root[0] ? env->root : "/");
	read_host_facts(env, &r->host);
	read_cpu_facts(env, &r->cpu);
	read_firmware_facts(env, &r->firmware);
	read_kernel_facts(env, &r->kernel);
	r->pci_readable = pci_scan_host(env, &r->devices, &r->n_devices, &r->findings);
	if (!r->pci_readable)
		finding_add(&r->findings, FIND_TOOL_NO_PCI, "sys/bus/pci", NULL);
	audit_analyse_topology(env, r);
	judge_host(r);

	for (size_t i = 0; i < r->n_devices; i++) {
		if (!selected(&r->devices[i], opts))
			continue;
		struct judged_device *j = xappend(&r->judged, &r->n_judged, sizeof(*j));
		j->pci_index = i;
		judge_device(r, j);
		merge_and_decide(r, j);
	}
	if (r->n_judged == 0)
		finding_add(&r->findings, FIND_TOOL_NO_DEVICE_SELECTED, NULL,
			    opts->all_devices ? "no PCI device found" :
			    (opts->slot_selector || opts->id_selector) ? "no PCI device matches the selection" :
									   "no display controller (class 03) found");
	return r;
}

void audit_free(struct audit_report *r)
{
	if (!r)
		return;
	free(r->root);
	free_host_facts(&r->host);
	free_cpu_facts(&r->cpu);
	free_kernel_facts(&r->kernel);
	pci_free_devices(r->devices, r->n_devices);
	group_prediction_free(&r->groups);
	coverage_free(&r->coverage);
	audit_free_acpi(r);
	finding_list_free(&r->findings);
	for (size_t i = 0; i < r->n_judged; i++)
		finding_list_free(&r->judged[i].findings);
	free(r->judged);
	free(r);
}
