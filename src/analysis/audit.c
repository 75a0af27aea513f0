#include "config.h"

#include "audit.h"
#include "acpi-load.h"
#include "coverage-acpi.h"
#include "groups.h"
#include "hostinfo.h"
#include "initramfs.h"
#include "kernel.h"
#include "pcitopo.h"
#include "rules.h"
#include "topology.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(HV__COUNT == FINDING_HV_COUNT, "hypervisor profiles and finding columns differ");

bool finding_applies(enum finding_id id, enum hypervisor hv)
{
	return finding_id_applies(id, (int)hv);
}

static bool selected(const struct pci_device *d, const struct audit_options *o)
{
	if (o->slot_selector && !pcitopo_match_slot(d, o->slot_selector))
		return false;
	if (o->id_selector && !pcitopo_match_id(d, o->id_selector))
		return false;
	if (o->all_devices || o->slot_selector || o->id_selector)
		return true;
	return pcitopo_is_gpu(d);
}

static int cmp_finding_layer(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	/* Blocking findings first, then by layer (the order a fix must follow). */
	if (x->severity != y->severity) /* the worst over the profiles */
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
		finding_copy(&merged, h);
	}
	for (size_t i = 0; i < j->findings.n; i++)
		finding_copy(&merged, &j->findings.v[i]);
	finding_list_free(&j->findings);
	if (merged.n > 1)
		qsort(merged.v, merged.n, sizeof(*merged.v), cmp_finding_layer);
	j->findings = merged;
	for (int hv = 0; hv < HV__COUNT; hv++) {
		enum verdict v = VERDICT_READY;
		for (size_t i = 0; i < merged.n; i++) {
			if (!merged.v[i].hv_applies[hv])
				continue;
			enum verdict fv = verdict_of_severity(merged.v[i].hv_severity[hv]);
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
	int loaded = acpi_load_host(set, env);
	/* A table that could not be read (too large, not a file) is said; taken
	 * now, as the decode replaces the set's findings with its cross-checks. */
	for (size_t i = 0; i < set->findings.n; i++)
		finding_copy(&r->findings, &set->findings.v[i]);
	if (loaded > 0) {
		acpi_tables_decode(set);
		/* What the decoder found in the tables bears on every verdict. */
		for (size_t t = 0; t < set->n; t++)
			for (size_t i = 0; i < set->v[t].findings.n; i++)
				finding_copy(&r->findings, &set->v[t].findings.v[i]);
		for (size_t i = 0; i < set->findings.n; i++)
			finding_copy(&r->findings, &set->findings.v[i]);
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
	/* intel_iommu=igfx_off: the kernel ignores a DRHD for graphics alone
	 * (init_no_remapping_devices), so its devices get no group; a GPU under
	 * an INCLUDE_PCI_ALL unit keeps translation. */
	enum tri *covered = NULL;
	if (r->coverage.computed && list_has_word(r->kernel.params.intel_iommu, "igfx_off", ",")) {
		covered = xcalloc(r->n_devices ? r->n_devices : 1, sizeof(*covered));
		for (size_t i = 0; i < r->n_devices; i++)
			covered[i] = r->coverage.dev[i].gfx_dedicated_unit ? TRI_NO : r->coverage.covered[i];
	}
	struct group_inputs in = {
		.devs = r->devices, .n = r->n_devices, .kernel = &r->kernel, .firmware = &r->firmware,
		.covered = covered ? covered : r->coverage.computed ? r->coverage.covered : NULL,
		.firmware_alias_devfn = aliases,
		.kernel_release = r->host.kernel_release,
		.imported = r->host.imported != NULL,
	};
	groups_predict(&in, &r->groups);
	free(aliases);
	free(covered);
	/* Topology findings come first, then coverage's, then the prediction's. */
	const struct finding_list *lists[] = {&r->coverage.findings, &r->groups.findings};
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			const struct finding *f = &lists[l]->v[i];
			finding_copy(&topo, f);
		}
	finding_list_free(&r->groups.findings);
	r->groups.findings = topo;
}

/* While the IOMMU is off: the device's forecast group in one line, for every
 * front end ("a group of its own", "shared with ..."). The card's own
 * functions go with it and do not count as sharing. */
static char *after_fix_text(const struct audit_report *r, size_t self)
{
	const struct group_prediction *gp = &r->groups;
	if (!gp->forecast || !gp->computed || self >= gp->n_devices)
		return NULL;
	if (gp->group_of[self] < 0)
		return xstrdup("no group: no IOMMU unit would translate it");
	const struct predicted_group *pg = &gp->groups[gp->group_of[self]];
	const struct pci_device *d = &r->devices[self];
	struct strbuf own = {0}, ports = {0}, others = {0};
	for (size_t m = 0; m < pg->n_members; m++) {
		const struct pci_device *o = &r->devices[pg->members[m]];
		if (o == d)
			continue;
		bool same_card = o->domain == d->domain && o->bus == d->bus && o->dev == d->dev && !o->physfn && !d->physfn;
		/* Bridges and ports stay with the host, bound to pcieport, as the
		 * group rule treats them. */
		bool port = pci_is_bridge(o);
		struct strbuf *into = same_card ? &own : port ? &ports : &others;
		sb_addf(into, "%s%s", into->len ? ", " : "", o->bdf);
		if (into == &others && o->class_name)
			sb_addf(into, " (%s)", o->class_name);
	}
	struct strbuf t = {0};
	if (others.len)
		sb_addf(&t, "shared with %s", others.s);
	else
		sb_add(&t, "a group of its own");
	if (own.len)
		sb_addf(&t, ", with its functions %s", own.s);
	if (ports.len)
		sb_addf(&t, "%s the bridge%s %s, which stay%s with the host", own.len ? " and" : ", with",
			strchr(ports.s, ',') ? "s" : "", ports.s, strchr(ports.s, ',') ? "" : "s");
	sb_addf(&t, " (predicted group %s)", pg->key);
	sb_free(&own);
	sb_free(&ports);
	sb_free(&others);
	return sb_take(&t);
}

struct audit_report *audit_run(const struct hostenv *env, const struct audit_options *opts)
{
	struct audit_report *r = xcalloc(1, sizeof(*r));
	r->root = xstrdup(env->root[0] ? env->root : "/");
	read_host_facts(env, &r->host);
	read_cpu_facts(env, &r->cpu);
	read_firmware_facts(env, &r->firmware);
	read_kernel_facts(env, &r->kernel);
	read_initramfs_facts(env, &r->initramfs);
	if (r->kernel.cmdline_redacted)
		finding_add(&r->findings, FIND_TOOL_CMDLINE_REDACTED, "proc/cmdline", NULL);
	r->pci_readable = pcitopo_scan_host(env, &r->devices, &r->n_devices, &r->findings, &r->n_pci_unreadable);
	if (!r->pci_readable)
		finding_add(&r->findings, FIND_TOOL_NO_PCI, "sys/bus/pci", NULL);
	audit_analyse_topology(env, r);
	judge_host(r);

	rule_index_build(r);
	for (size_t i = 0; i < r->n_devices; i++) {
		if (!selected(&r->devices[i], opts))
			continue;
		struct judged_device *j = xappend(&r->judged, &r->n_judged, sizeof(*j));
		j->pci_index = i;
		j->after_fix = after_fix_text(r, i);
		judge_device(r, j);
		merge_and_decide(r, j);
	}
	/* After a scan that missed functions, "none found" is not a fact. */
	if (r->n_judged == 0 && (!r->pci_readable || r->n_pci_unreadable))
		finding_add(&r->findings, FIND_TOOL_PCI_SCAN_INCOMPLETE, NULL,
			    r->pci_readable ? "%zu PCI functions could not be read" : "the PCI bus could not be read",
			    r->n_pci_unreadable);
	else if (r->n_judged == 0)
		finding_add(&r->findings, FIND_TOOL_NO_DEVICE_SELECTED, NULL,
			    opts->all_devices ? "no PCI device found" :
			    (opts->slot_selector || opts->id_selector) ? "no PCI device matches the selection" :
									   "no display controller (class 03) found");
	return r;
}

void audit_release(struct audit_report *r)
{
	free(r->root);
	free_host_facts(&r->host);
	free_cpu_facts(&r->cpu);
	free_kernel_facts(&r->kernel);
	free_initramfs_facts(&r->initramfs);
	pcitopo_free_devices(r->devices, r->n_devices);
	group_prediction_free(&r->groups);
	coverage_free(&r->coverage);
	audit_free_acpi(r);
	rule_index_free(r);
	finding_list_free(&r->findings);
	for (size_t i = 0; i < r->n_judged; i++) {
		finding_list_free(&r->judged[i].findings);
		free(r->judged[i].after_fix);
	}
	free(r->judged);
	memset(r, 0, sizeof(*r));
}

void audit_free(struct audit_report *r)
{
	if (!r)
		return;
	audit_release(r);
	free(r);
}
