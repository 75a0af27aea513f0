#include "config.h"

#include "groups.h"
#include "pci-caps.h"
#include "quirks.h"
#include "topology.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A bridge chain cannot be longer than the bus numbers under it. */
#define MAX_CHAIN 256

struct engine {
	const struct group_inputs *in;
	const struct pci_device *devs;
	size_t n;
	struct quirk_context qctx;
	char *disable_acs_redir; /* the pci=disable_acs_redir= list, or NULL */
	struct group_prediction *gp;
	size_t *first_of_group;  /* per group: the device that started it */
	bool assumed;            /* an unknown fact was taken as "not isolated" */
};

bool groups_iommu_expected(const struct kernel_facts *k, const struct firmware_facts *fw, const char **why)
{
	const struct kernel_params *p = &k->params;
	*why = NULL;
	if (list_has_word(p->iommu, "off", ",")) {
		*why = "iommu=off is on the kernel command line";
		return false;
	}
	if (fw->has_dmar && !fw->has_ivrs && list_has_word(p->intel_iommu, "off", ",")) {
		*why = "intel_iommu=off is on the kernel command line";
		return false;
	}
	if (fw->has_ivrs && !fw->has_dmar && list_has_word(p->amd_iommu, "off", ",")) {
		*why = "amd_iommu=off is on the kernel command line";
		return false;
	}
	if (k->iommu_active == TRI_YES)
		return true;
	if (fw->has_dmar || fw->has_ivrs)
		return true;
	*why = k->iommu_active == TRI_NO ? "the kernel formed no IOMMU groups and the firmware has no DMAR or IVRS" :
					  "no IOMMU table (DMAR or IVRS) in the firmware";
	return false;
}

/* pci=disable_acs_redir=DEV;DEV...: each DEV "[dom:]bus:dev.fn". */
static char *pci_param_value(const char *pci, const char *key)
{
	if (!pci)
		return NULL;
	size_t kl = strlen(key);
	for (const char *p = pci; *p;) {
		size_t n = strcspn(p, ",");
		if (n > kl && !strncmp(p, key, kl) && p[kl] == '=')
			return xstrndup(p + kl + 1, n - kl - 1);
		p += n;
		if (*p == ',')
			p++;
	}
	return NULL;
}

static bool in_acs_redir_list(const struct engine *e, const struct pci_device *d)
{
	if (!e->disable_acs_redir)
		return false;
	for (const char *p = e->disable_acs_redir; *p;) {
		size_t n = strcspn(p, ";");
		unsigned dom = 0, bus, dev, fn;
		char item[64];
		if (n < sizeof(item)) {
			memcpy(item, p, n);
			item[n] = '\0';
			char *at = strchr(item, '@'); /* "flags@dev" form: the device follows '@' */
			const char *spec = at ? at + 1 : item;
			if ((sscanf(spec, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) == 4 ||
			     (dom = 0, sscanf(spec, "%x:%x.%x", &bus, &dev, &fn) == 3)) &&
			    dom == d->domain && bus == d->bus && dev == d->dev && fn == d->func)
				return true;
		}
		p += n;
		if (*p == ';')
			p++;
	}
	return false;
}

/* pci_acs_flags_enabled: bits the capability does not implement are excused
 * (Egress Control excepted); the control word must hold the rest. */
static void flags_ok(struct engine *e, const struct pci_device *d, struct acs_verdict *v)
{
	const struct pci_caps *c = &d->caps;
	char bits[40];
	if (c->acs.present == TRI_UNKNOWN) {
		v->ok = TRI_UNKNOWN;
		v->missing = ACS_REQUIRED;
		v->why = xstrdup("ACS not readable (needs root)");
		return;
	}
	if (c->acs.present != TRI_YES) {
		v->ok = TRI_NO;
		v->missing = ACS_REQUIRED;
		v->why = xstrdup("no ACS capability");
		return;
	}
	uint16_t ctrl = c->acs_ctrl;
	/* pci_std_enable_acs: the kernel turns on every implemented SV RR CR UF
	 * bit when an IOMMU driver asked for ACS at boot. */
	if (e->qctx.iommu_on)
		ctrl |= c->acs_cap & ACS_REQUIRED;
	if (in_acs_redir_list(e, d))
		ctrl &= (uint16_t) ~(ACS_RR | ACS_CR | ACS_EC);
	uint16_t req = ACS_REQUIRED & (c->acs_cap | ACS_EC);
	v->missing = req & (uint16_t)~ctrl;
	v->ok = v->missing ? TRI_NO : TRI_YES;
	if (v->missing)
		v->why = xasprintf("ACS %s not enabled", acs_bits_text(v->missing, bits, sizeof(bits)));
	else
		v->why = xasprintf("ACS %s enabled", acs_bits_text(req, bits, sizeof(bits)));
}

/* pci_acs_enabled(dev, SV|RR|CR|UF): quirk first, then by port type. */
static void acs_of(struct engine *e, size_t i, struct acs_verdict *v)
{
	const struct pci_device *d = &e->devs[i];
	const struct pci_caps *c = &d->caps;
	const char *qname;
	bool unknown;
	int q = quirk_acs_enabled(d, d->parent < 0, ACS_REQUIRED, &e->qctx, &qname, &unknown);
	if (q >= 0) {
		v->quirk = qname;
		v->ok = unknown ? TRI_UNKNOWN : q ? TRI_YES : TRI_NO;
		v->missing = q ? 0 : ACS_REQUIRED;
		v->why = xasprintf("kernel quirk %s says it %s", qname, q ? "isolates" : "does not isolate");
		return;
	}
	if (c->pcie.present == TRI_UNKNOWN) {
		v->ok = TRI_UNKNOWN;
		v->missing = ACS_REQUIRED;
		v->why = xstrdup("PCIe capability not readable (needs root)");
		return;
	}
	if (c->pcie.present != TRI_YES) {
		v->ok = TRI_NO;
		v->missing = ACS_REQUIRED;
		v->why = xstrdup("conventional PCI function (no PCIe capability)");
		return;
	}
	switch (c->pcie_type) {
	case PCIE_TYPE_PCIE_TO_PCI:
	case PCIE_TYPE_PCI_TO_PCIE:
	case PCIE_TYPE_RC_EC:
		v->ok = TRI_NO;
		v->missing = ACS_REQUIRED;
		v->why = xasprintf("a %s never isolates", pcie_type_name(c->pcie_type));
		return;
	case PCIE_TYPE_ROOT_PORT:
	case PCIE_TYPE_DOWNSTREAM:
		flags_ok(e, d, v);
		return;
	case PCIE_TYPE_ENDPOINT:
	case PCIE_TYPE_LEGACY_ENDPOINT:
	case PCIE_TYPE_UPSTREAM:
	case PCIE_TYPE_RCIEP:
		if (d->multifunction) {
			flags_ok(e, d, v);
			return;
		}
		break;
	default:
		break;
	}
	v->ok = TRI_YES;
	v->why = xstrdup("single function: no peer inside it to isolate from");
}

/* pci_acs_path_enabled(bridge, NULL, flags): the bridge and every bridge above
 * it up to its root bus isolate. *blocker gets the highest one that does not. */
static enum tri acs_path(struct engine *e, long b, long *blocker)
{
	enum tri r = TRI_YES;
	*blocker = -1;
	for (unsigned steps = 0; b >= 0 && steps < MAX_CHAIN; steps++) {
		enum tri ok = e->gp->acs[b].ok;
		if (ok == TRI_NO) {
			r = TRI_NO;
			*blocker = b;
		} else if (ok == TRI_UNKNOWN && r == TRI_YES) {
			r = TRI_UNKNOWN;
			*blocker = b;
		} else if (ok == TRI_UNKNOWN) {
			*blocker = b;
		}
		b = e->devs[b].parent;
	}
	return r;
}

static struct group_merge *record(struct engine *e, size_t dev, size_t joined, long via, enum group_reason reason,
				  char *text)
{
	struct group_merge *m = xappend(&e->gp->merges, &e->gp->n_merges, sizeof(*m));
	m->device = dev;
	m->joined = joined;
	m->via = via;
	m->reason = reason;
	m->text = text;
	return m;
}

static void join(struct engine *e, size_t dev, size_t joined, long via, enum group_reason reason, char *text)
{
	e->gp->group_of[dev] = e->gp->group_of[joined];
	if (e->assumed)
		e->gp->groups[e->gp->group_of[dev]].assumed = true;
	record(e, dev, joined, via, reason, text);
}

static bool same_bus(const struct pci_device *a, const struct pci_device *b)
{
	return a->domain == b->domain && a->bus == b->bus;
}

static uint8_t devfn(const struct pci_device *d)
{
	return (uint8_t)((d->dev << 3) | d->func);
}

/* pci_devs_are_dma_aliases: either names the other in its alias mask (kernel
 * quirks, and firmware aliases the IOMMU driver added). */
static bool are_dma_aliases(const struct engine *e, size_t ia, size_t ib)
{
	const struct pci_device *a = &e->devs[ia], *b = &e->devs[ib];
	const int *fw = e->in->firmware_alias_devfn;
	if (fw && (fw[ia] == devfn(b) || fw[ib] == devfn(a)))
		return true;
	uint8_t fns[8];
	const char *name;
	unsigned n = quirk_dma_alias_devfns(a, fns, 8, &name);
	for (unsigned i = 0; i < n; i++)
		if (fns[i] == devfn(b))
			return true;
	n = quirk_dma_alias_devfns(b, fns, 8, &name);
	for (unsigned i = 0; i < n; i++)
		if (fns[i] == devfn(a))
			return true;
	return false;
}

struct search {
	bool visited[256]; /* devfns of the bus searched */
	long found;        /* the device whose group was found */
	enum group_reason reason;
	long via;
};

static bool function_alias_group(struct engine *e, size_t x, struct search *s);

/* get_pci_alias_group: x's own group, or that of a same-bus DMA alias of x. */
static bool alias_group(struct engine *e, size_t x, struct search *s, enum group_reason how, long via)
{
	const struct pci_device *d = &e->devs[x];
	if (s->visited[devfn(d)])
		return false;
	s->visited[devfn(d)] = true;
	if (e->gp->group_of[x] >= 0) {
		s->found = (long)x;
		s->reason = how;
		s->via = via;
		return true;
	}
	for (size_t t = 0; t < e->n; t++) {
		const struct pci_device *o = &e->devs[t];
		if (t == x || !same_bus(o, d) || s->visited[devfn(o)])
			continue;
		if (!are_dma_aliases(e, x, t))
			continue;
		if (alias_group(e, t, s, GROUP_REASON_DMA_ALIAS_QUIRK, (long)x))
			return true;
		if (function_alias_group(e, t, s))
			return true;
	}
	return false;
}

/* get_pci_function_alias_group: a multifunction device without ACS shares the
 * group of any function in its slot that also lacks ACS. */
static bool function_alias_group(struct engine *e, size_t x, struct search *s)
{
	const struct pci_device *d = &e->devs[x];
	enum tri ok = e->gp->acs[x].ok;
	if (!d->multifunction || ok == TRI_YES)
		return false;
	for (size_t t = 0; t < e->n; t++) {
		const struct pci_device *o = &e->devs[t];
		if (t == x || !same_bus(o, d) || o->dev != d->dev || s->visited[devfn(o)])
			continue;
		if (e->gp->acs[t].ok == TRI_YES)
			continue;
		if (e->gp->acs[t].ok == TRI_UNKNOWN || ok == TRI_UNKNOWN)
			e->assumed = true;
		if (alias_group(e, t, s, GROUP_REASON_MULTIFUNCTION, (long)x))
			return true;
	}
	return false;
}

static bool covered(const struct engine *e, size_t i)
{
	if (e->in->covered)
		return e->in->covered[i] != TRI_NO;
	const struct pci_device *d = &e->devs[i];
	/* The AMD IOMMU does not translate its own function (amd_iommu init
	 * clears its entry in the lookup table), so it gets no group. */
	if ((d->vendor_id == 0x1022 || d->vendor_id == 0x1d94) && (d->class_code >> 8) == 0x0806)
		return false;
	/* intel_iommu=igfx_off leaves the integrated GPU untranslated. */
	if (e->in->kernel && list_has_word(e->in->kernel->params.intel_iommu, "igfx_off", ",") && d->vendor_id == 0x8086 &&
	    (d->class_code >> 16) == 0x03 && d->parent < 0 && d->bus == 0 && d->dev == 2)
		return false;
	return true;
}

static void new_group(struct engine *e, size_t dev)
{
	struct group_prediction *gp = e->gp;
	struct predicted_group *g = xappend(&gp->groups, &gp->n_groups, sizeof(*g));
	snprintf(g->key, sizeof(g->key), "%s", e->devs[dev].bdf);
	e->first_of_group = xrealloc(e->first_of_group, gp->n_groups * sizeof(size_t));
	e->first_of_group[gp->n_groups - 1] = dev;
	gp->group_of[dev] = (long)gp->n_groups - 1;
	g->assumed = e->assumed;
	record(e, dev, dev, -1, GROUP_REASON_NEW, xasprintf("%s starts the group", e->devs[dev].bdf));
}

static const char *bdf(const struct engine *e, long i)
{
	return i >= 0 ? e->devs[i].bdf : "?";
}

/* pci_device_group for one device. */
static void place(struct engine *e, size_t d)
{
	const struct pci_device *devs = e->devs;
	e->assumed = false;
	if (!covered(e, d)) {
		record(e, d, d, -1, GROUP_REASON_NOT_COVERED,
		       xasprintf("%s has no group: no IOMMU unit translates it", devs[d].bdf));
		return;
	}
	/* 1. The DMA alias walk (pci_for_each_dma_alias): the device, then the
	 *    bridges above that put their own requester ID on its DMA. */
	size_t p = d;
	long b = devs[d].parent;
	for (unsigned steps = 0; b >= 0 && steps < MAX_CHAIN; steps++, b = devs[b].parent) {
		const struct pci_device *br = &devs[b];
		if (quirk_bridge_translates_at_root(br))
			break;
		bool aliases;
		const char *as;
		if (br->caps.pcie.present == TRI_YES) {
			aliases = br->caps.pcie_type == PCIE_TYPE_PCIE_TO_PCI || br->caps.pcie_type == PCIE_TYPE_PCI_TO_PCIE;
			as = br->caps.pcie_type == PCIE_TYPE_PCIE_TO_PCI ? "its secondary bus, device 0" : "its own ID";
		} else if (br->caps.pcie.present == TRI_NO) {
			aliases = true;
			as = quirk_bridge_uses_secondary_alias(br) ? "its secondary bus, device 0" : "its own ID";
		} else {
			/* Unreadable: most bridges of today are PCIe ports, which add no alias. */
			e->assumed = true;
			continue;
		}
		if (!aliases)
			continue;
		p = (size_t)b;
		if (e->gp->group_of[b] >= 0) {
			join(e, d, (size_t)b, b, GROUP_REASON_DMA_ALIAS_BRIDGE,
			     xasprintf("%s joins %s: its DMA reaches the IOMMU with the requester ID of %s (%s, as %s)",
				       devs[d].bdf, br->bdf, br->bdf, pcie_type_name(br->caps.pcie_type), as));
			return;
		}
	}
	/* 2. Upstream ACS: while the bridge above does not isolate on its whole
	 *    path to the root, the device belongs with that bridge. */
	b = devs[p].parent;
	for (unsigned steps = 0; b >= 0 && steps < MAX_CHAIN; steps++, b = devs[b].parent) {
		long blocker;
		enum tri path = acs_path(e, b, &blocker);
		if (path == TRI_YES)
			break;
		if (path == TRI_UNKNOWN)
			e->assumed = true;
		p = (size_t)b;
		if (e->gp->group_of[b] >= 0) {
			const struct acs_verdict *v = &e->gp->acs[blocker];
			if (blocker == b)
				join(e, d, (size_t)b, blocker, GROUP_REASON_UPSTREAM_NO_ACS,
				     xasprintf("%s joins %s: %s (%s) does not isolate the devices below it: %s", devs[d].bdf,
					       devs[b].bdf, devs[b].bdf, pcie_type_name(devs[b].caps.pcie_type), v->why));
			else
				join(e, d, (size_t)b, blocker, GROUP_REASON_UPSTREAM_NO_ACS,
				     xasprintf("%s joins %s: %s (%s) above it does not isolate: %s", devs[d].bdf, devs[b].bdf,
					       devs[blocker].bdf, pcie_type_name(devs[blocker].caps.pcie_type), v->why));
			return;
		}
	}
	/* 3 and 4. Same-bus DMA aliases of p, then functions of p's slot. */
	struct search s;
	memset(&s, 0, sizeof(s));
	s.found = -1;
	if (alias_group(e, p, &s, GROUP_REASON_NEW, -1) || function_alias_group(e, p, &s)) {
		size_t f = (size_t)s.found;
		const char *through = p != d ? " (through the bridge above it, " : "";
		char *prefix = p != d ? xasprintf("%s%s)", through, devs[p].bdf) : xstrdup("");
		char *text;
		if (s.reason == GROUP_REASON_MULTIFUNCTION)
			text = xasprintf("%s joins %s%s: same slot, multifunction device without ACS (%s: %s; %s: %s)",
					 devs[d].bdf, devs[f].bdf, prefix, bdf(e, s.via), e->gp->acs[s.via].why,
					 devs[f].bdf, e->gp->acs[f].why);
		else {
			const char *qn = NULL;
			uint8_t fns[8];
			if (s.via < 0 || quirk_dma_alias_devfns(&devs[s.via], fns, 8, &qn) == 0)
				quirk_dma_alias_devfns(&devs[f], fns, 8, &qn);
			text = xasprintf("%s joins %s%s: DMA alias on the same bus (kernel %s)", devs[d].bdf, devs[f].bdf,
					 prefix, qn ? qn : "alias quirk");
		}
		free(prefix);
		join(e, d, f, s.via, s.reason == GROUP_REASON_NEW ? GROUP_REASON_DMA_ALIAS_QUIRK : s.reason, text);
		return;
	}
	new_group(e, d);
}

static int cmp_index_bdf(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y; /* devices are sorted by BDF, so indices are */
}

/* Compares with the kernel's groups (by membership; group numbers differ). */
static void compare_with_kernel(struct engine *e)
{
	struct group_prediction *gp = e->gp;
	const struct kernel_facts *k = e->in->kernel;
	if (!k || !k->groups_readable || k->n_groups == 0) {
		gp->matches_kernel = TRI_UNKNOWN;
		return;
	}
	long *actual = xmalloc((e->n ? e->n : 1) * sizeof(long));
	size_t *actual_size = xcalloc(k->n_groups ? k->n_groups : 1, sizeof(size_t));
	for (size_t i = 0; i < e->n; i++)
		actual[i] = -1;
	for (size_t g = 0; g < k->n_groups; g++)
		for (size_t m = 0; m < k->groups[g].n_members; m++) {
			long i = topology_find(e->devs, e->n, k->groups[g].members[m]);
			if (i >= 0) {
				actual[i] = (long)g;
				actual_size[g]++;
			}
		}
	struct strbuf diff = {0};
	size_t n_diff = 0;
	for (size_t i = 0; i < e->n; i++) {
		long pg = gp->group_of[i], ag = actual[i];
		bool same;
		if (pg < 0 || ag < 0)
			same = pg < 0 && ag < 0;
		else {
			/* Same partition: everyone in my actual group is in my predicted one and
			 * the sizes agree. */
			same = gp->groups[pg].n_members == actual_size[ag];
			for (size_t j = 0; same && j < e->n; j++)
				if (actual[j] == ag && gp->group_of[j] != pg)
					same = false;
		}
		if (same)
			continue;
		if (n_diff++ < 16) {
			sb_addf(&diff, "%s%s: kernel ", n_diff > 1 ? "; " : "", e->devs[i].bdf);
			if (ag < 0)
				sb_add(&diff, "no group");
			else
				sb_addf(&diff, "group %s (%zu)", k->groups[ag].name, actual_size[ag]);
			if (pg < 0)
				sb_add(&diff, ", predicted no group");
			else
				sb_addf(&diff, ", predicted %s (%zu)", gp->groups[pg].key, gp->groups[pg].n_members);
		}
	}
	gp->matches_kernel = n_diff ? TRI_NO : TRI_YES;
	if (n_diff) {
		const struct kernel_params *p = &k->params;
		char *pci_cfg = pci_param_value(p->pci, "config_acs");
		finding_add(&gp->findings, FIND_GROUP_PREDICTION_MISMATCH, "iommu_groups",
			    "%zu device(s) differ: %s%s; likely: %s%s%s%s", n_diff, diff.s ? diff.s : "",
			    n_diff > 16 ? "; ..." : "",
			    p->pcie_acs_override ? "the ACS override patch (pcie_acs_override is set), " : "",
			    pci_cfg || e->disable_acs_redir ? "pci=config_acs/disable_acs_redir, " : "",
			    e->in->firmware && e->in->firmware->has_ivrs ? "IVRS alias entries, " : "",
			    "a kernel quirk newer than this tool's table, or hotplug order");
		free(pci_cfg);
	}
	sb_free(&diff);
	free(actual);
	free(actual_size);
}

static void acs_findings(struct engine *e)
{
	struct group_prediction *gp = e->gp;
	char bits[40];
	bool *has_child = xcalloc(e->n ? e->n : 1, sizeof(bool));
	for (size_t i = 0; i < e->n; i++)
		if (e->devs[i].parent >= 0)
			has_child[e->devs[i].parent] = true;
	for (size_t i = 0; i < e->n; i++) {
		const struct pci_device *d = &e->devs[i];
		const struct acs_verdict *v = &gp->acs[i];
		bool port = d->caps.pcie_type == PCIE_TYPE_ROOT_PORT || d->caps.pcie_type == PCIE_TYPE_DOWNSTREAM;
		if (d->caps.chain_broken || d->caps.ext_chain_broken)
			finding_add(&gp->findings, FIND_TOPO_CAP_CHAIN_BROKEN, d->bdf, "%s capability list",
				    d->caps.chain_broken ? "standard" : "extended");
		if (v->quirk && strstr(v->quirk, "override"))
			finding_add(&gp->findings, FIND_ACS_OVERRIDE_ASSERTED, d->bdf, "%s", v->why);
		else if (v->quirk)
			finding_add(&gp->findings, FIND_ACS_QUIRK_APPLIED, d->bdf, "%s", v->why);
		if (topology_is_bridge(d) && v->ok == TRI_UNKNOWN && (port || d->caps.pcie.present == TRI_UNKNOWN))
			finding_add(&gp->findings, FIND_ACS_UNREADABLE, d->bdf, "%s", v->why);
		if (topology_is_bridge(d) && has_child[i] && v->ok == TRI_NO)
			finding_add(&gp->findings, FIND_ACS_PATH_NOT_ISOLATED, d->bdf, "%s: %s",
				    pcie_type_name(d->caps.pcie_type), v->why);
		if (d->caps.acs.present == TRI_YES && (d->caps.acs_cap & ACS_REQUIRED & ~d->caps.acs_ctrl) && e->qctx.iommu_on &&
		    e->in->kernel && e->in->kernel->iommu_active == TRI_YES)
			finding_add(&gp->findings, FIND_ACS_IMPLEMENTED_NOT_ENABLED, d->bdf, "implemented %s, enabled %s",
				    acs_bits_text(d->caps.acs_cap & ACS_REQUIRED, bits, sizeof(bits)),
				    d->caps.acs_ctrl & ACS_REQUIRED ? acs_bits_text(d->caps.acs_ctrl & ACS_REQUIRED, bits + 20, 20) :
								      "none");
	}
	free(has_child);
}

static void merge_findings(struct engine *e)
{
	struct group_prediction *gp = e->gp;
	for (size_t m = 0; m < gp->n_merges; m++) {
		const struct group_merge *g = &gp->merges[m];
		if (g->reason == GROUP_REASON_DMA_ALIAS_BRIDGE)
			finding_add(&gp->findings, FIND_GROUP_PCI_BRIDGE_ALIAS, e->devs[g->device].bdf, "%s", g->text);
		else if (g->reason == GROUP_REASON_DMA_ALIAS_QUIRK)
			finding_add(&gp->findings, FIND_GROUP_DMA_ALIAS_QUIRK, e->devs[g->device].bdf, "%s", g->text);
	}
}

void groups_predict(const struct group_inputs *in, struct group_prediction *gp)
{
	memset(gp, 0, sizeof(*gp));
	struct engine e = {.in = in, .devs = in->devs, .n = in->n, .gp = gp};
	size_t n = in->n;
	const char *why = NULL;
	bool expected = in->kernel && in->firmware ? groups_iommu_expected(in->kernel, in->firmware, &why) : true;
	e.qctx.iommu_on = expected;
	e.qctx.has_ivrs = in->firmware && in->firmware->has_ivrs;
	e.qctx.acs_override = in->kernel ? in->kernel->params.pcie_acs_override : NULL;
	e.disable_acs_redir = in->kernel ? pci_param_value(in->kernel->params.pci, "disable_acs_redir") : NULL;

	gp->n_devices = n;
	gp->acs = xcalloc(n ? n : 1, sizeof(*gp->acs));
	gp->group_of = xmalloc((n ? n : 1) * sizeof(long));
	gp->acs_path_clean = xcalloc(n ? n : 1, sizeof(enum tri));
	gp->acs_blocker = xmalloc((n ? n : 1) * sizeof(long));
	for (size_t i = 0; i < n; i++) {
		gp->group_of[i] = -1;
		acs_of(&e, i, &gp->acs[i]);
	}
	for (size_t i = 0; i < n; i++)
		gp->acs_path_clean[i] = in->devs[i].parent < 0 ? TRI_YES : acs_path(&e, in->devs[i].parent, &gp->acs_blocker[i]);
	for (size_t i = 0; i < n; i++)
		if (in->devs[i].parent < 0)
			gp->acs_blocker[i] = -1;
	acs_findings(&e);
	if (!expected) {
		gp->not_computed_why = xstrdup(why);
		gp->matches_kernel = TRI_UNKNOWN;
		free(e.disable_acs_redir);
		return;
	}
	gp->computed = true;
	size_t *order = topology_probe_order(in->devs, n);
	bool any_assumed = false;
	for (size_t k = 0; k < n; k++) {
		place(&e, order[k]);
		any_assumed |= e.assumed;
	}
	free(order);
	for (size_t i = 0; i < n; i++) {
		long g = gp->group_of[i];
		if (g < 0)
			continue;
		struct predicted_group *pg = &gp->groups[g];
		pg->members = xrealloc(pg->members, (pg->n_members + 1) * sizeof(size_t));
		pg->members[pg->n_members++] = i;
	}
	for (size_t g = 0; g < gp->n_groups; g++)
		qsort(gp->groups[g].members, gp->groups[g].n_members, sizeof(size_t), cmp_index_bdf);
	if (any_assumed)
		finding_add(&gp->findings, FIND_GROUP_PREDICTION_ASSUMED, NULL,
			    "ACS or PCIe port types unreadable; the prediction assumed no isolation there");
	merge_findings(&e);
	compare_with_kernel(&e);
	free(e.first_of_group);
	free(e.disable_acs_redir);
}

void group_prediction_free(struct group_prediction *gp)
{
	free(gp->not_computed_why);
	for (size_t g = 0; g < gp->n_groups; g++)
		free(gp->groups[g].members);
	free(gp->groups);
	for (size_t m = 0; m < gp->n_merges; m++)
		free(gp->merges[m].text);
	free(gp->merges);
	free(gp->group_of);
	for (size_t i = 0; gp->acs && i < gp->n_devices; i++)
		free(gp->acs[i].why);
	free(gp->acs);
	free(gp->acs_path_clean);
	free(gp->acs_blocker);
	finding_list_free(&gp->findings);
	memset(gp, 0, sizeof(*gp));
}
