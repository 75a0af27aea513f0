#include "config.h"

#include "groups.h"
#include "acs-facts.h"
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
	uint8_t (*alias_mask)[32]; /* per device: same-bus DMA aliases from kernel quirks */
	struct quirk_hit *alias_hit; /* per device: the alias quirk, name NULL if none */
	struct device_slices bus; /* the devices of each bus, for the same-bus searches */
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

/* The reason groups_iommu_expected gave is a parameter on the command line. */
static bool why_is_param(const char *why)
{
	return why && strstr(why, "kernel command line");
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
		v->why = xstrdup(e->in->imported ? "ACS not stated in the imported text (lspci -vv as root states it)" :
						   "ACS not readable (needs root)");
		return;
	}
	if (c->acs.present != TRI_YES) {
		v->ok = TRI_NO;
		v->missing = ACS_REQUIRED;
		v->why = xstrdup("no ACS capability");
		return;
	}
	uint16_t ctrl = c->acs_ctrl;
	/* Once the kernel ran its enable step at boot, the control read back is
	 * what pci_acs_enabled() saw. Only a forecast simulates the step:
	 * pci_std_enable_acs turns on every implemented SV RR CR UF bit, except on
	 * a device known not to keep them (acs-facts.c). */
	const struct acs_ctrl_not_kept *nk = acs_ctrl_not_kept_lookup(d->vendor_id, d->device_id);
	if (e->qctx.simulate_enable && !nk)
		ctrl |= c->acs_cap & ACS_REQUIRED;
	if (in_acs_redir_list(e, d))
		ctrl &= (uint16_t) ~(ACS_RR | ACS_CR | ACS_EC);
	v->ctrl_used = true;
	v->ctrl = ctrl;
	uint16_t req = ACS_REQUIRED & (c->acs_cap | ACS_EC);
	v->missing = req & (uint16_t)~ctrl;
	v->ok = v->missing ? TRI_NO : TRI_YES;
	if (v->missing && nk && (c->acs_cap & v->missing))
		v->why = xasprintf("ACS %s not enabled: its ACS control does not keep what the kernel writes (%s)",
				   acs_bits_text(v->missing, bits, sizeof(bits)), nk->family);
	else if (v->missing)
		v->why = xasprintf("ACS %s not enabled", acs_bits_text(v->missing, bits, sizeof(bits)));
	else
		v->why = xasprintf("ACS %s enabled", acs_bits_text(req, bits, sizeof(bits)));
}

/* pci_acs_enabled(dev, SV|RR|CR|UF): quirk first, then by port type. */
static void acs_of(struct engine *e, size_t i, struct acs_verdict *v)
{
	const struct pci_device *d = &e->devs[i];
	const struct pci_caps *c = &d->caps;
	struct quirk_hit hit;
	bool unknown;
	int q = quirk_acs_enabled(d, d->parent < 0, ACS_REQUIRED, in_acs_redir_list(e, d), &e->qctx, &hit, &unknown);
	if (q >= 0) {
		v->quirk = hit.name;
		v->quirk_since = hit.since;
		v->ok = unknown ? TRI_UNKNOWN : q ? TRI_YES : TRI_NO;
		v->missing = q ? 0 : ACS_REQUIRED;
		v->why = xasprintf("kernel quirk %s %s%s%s%s%s", hit.name,
				   unknown ? "decides from registers that could not be read" :
				   q	   ? "says it isolates" : "says it does not isolate",
				   hit.before_since ? " (the table has it from Linux " : "",
				   hit.before_since ? hit.since : "",
				   hit.before_since ? ", the earliest release checked; assumed in this older kernel)" : "",
				   hit.caveat ? "; " : "");
		if (hit.caveat) {
			char *t = xasprintf("%s%s", v->why, hit.caveat);
			free(v->why);
			v->why = t;
		}
		return;
	}
	if (c->pcie.present == TRI_UNKNOWN) {
		v->ok = TRI_UNKNOWN;
		v->missing = ACS_REQUIRED;
		v->why = xstrdup(e->in->imported ?
					 "PCIe capability not stated in the imported text (lspci -vv as root states it)" :
					 "PCIe capability not readable (needs root)");
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
	return (e->alias_mask[ia][devfn(b) >> 3] & (1u << (devfn(b) & 7))) ||
	       (e->alias_mask[ib][devfn(a) >> 3] & (1u << (devfn(a) & 7)));
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
	for (size_t k = e->bus.first[x]; k < e->bus.end[x]; k++) {
		size_t t = e->bus.order[k];
		const struct pci_device *o = &e->devs[t];
		if (t == x || s->visited[devfn(o)])
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
	for (size_t k = e->bus.first[x]; k < e->bus.end[x]; k++) {
		size_t t = e->bus.order[k];
		const struct pci_device *o = &e->devs[t];
		if (t == x || o->dev != d->dev || s->visited[devfn(o)])
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
	/* intel_iommu=igfx_off without the DMAR at hand: Intel client platforms
	 * give the integrated GPU (00:02.0) a DRHD of its own, which the kernel
	 * then ignores (init_no_remapping_devices). With the DMAR, the caller
	 * marks exactly the devices of such a unit uncovered. */
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
	/* 0. pci_real_dma_dev (x86): a device behind an Intel VMD issues DMA
	 *    with the VMD endpoint's requester ID, so the walk starts there. */
	size_t p = d;
	long owner = devs[d].dma_device;
	if (owner >= 0) {
		if (e->gp->group_of[owner] >= 0) {
			join(e, d, (size_t)owner, owner, GROUP_REASON_VMD,
			     xasprintf("%s joins %s: it is behind the Intel VMD %s, whose requester ID its DMA carries "
				       "(kernel pci_real_dma_dev)",
				       devs[d].bdf, devs[owner].bdf, devs[owner].bdf));
			return;
		}
		p = (size_t)owner;
	}
	/* 1. The DMA alias walk (pci_for_each_dma_alias): the device, then the
	 *    bridges above that put their own requester ID on its DMA. */
	long b = devs[p].parent;
	for (unsigned steps = 0; b >= 0 && steps < MAX_CHAIN; steps++, b = devs[b].parent) {
		const struct pci_device *br = &devs[b];
		struct quirk_hit bh;
		enum bridge_alias quirk =
			quirk_bridge_alias(br, br->parent >= 0 ? &devs[br->parent] : NULL, &e->qctx, &bh);
		if (quirk == BRIDGE_ALIAS_STOP)
			break;
		bool aliases;
		const char *as;
		if (br->caps.pcie.present == TRI_YES) {
			aliases = (br->caps.pcie_type == PCIE_TYPE_PCIE_TO_PCI && quirk != BRIDGE_ALIAS_NONE) ||
				  br->caps.pcie_type == PCIE_TYPE_PCI_TO_PCIE;
			as = br->caps.pcie_type == PCIE_TYPE_PCIE_TO_PCI ? "its secondary bus, device 0" : "its own ID";
		} else if (br->caps.pcie.present == TRI_NO) {
			aliases = true;
			as = quirk == BRIDGE_ALIAS_SECONDARY ? "its secondary bus, device 0" : "its own ID";
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
			const char *qn = s.via >= 0 ? e->alias_hit[s.via].name : NULL;
			if (!qn)
				qn = e->alias_hit[f].name;
			text = xasprintf("%s joins %s%s: DMA alias on the same bus (kernel %s)", devs[d].bdf, devs[f].bdf,
					 prefix, qn ? qn : "alias quirk");
		}
		free(prefix);
		join(e, d, f, s.via, s.reason == GROUP_REASON_NEW ? GROUP_REASON_DMA_ALIAS_QUIRK : s.reason, text);
		return;
	}
	new_group(e, d);
}

static void note_quirk(struct strbuf *sb, const char *name, const char *since)
{
	if (!name || (sb->s && strstr(sb->s, name)))
		return;
	sb_addf(sb, "%s%s (table: Linux %s and later)", sb->s ? ", " : "", name, since ? since : "?");
}

/* The quirks that decided device i's group: ACS quirks of i and the bridges
 * above it, its DMA-alias quirk. */
static void note_quirks(const struct engine *e, size_t i, struct strbuf *sb)
{
	const struct group_prediction *gp = e->gp;
	note_quirk(sb, gp->acs[i].quirk, gp->acs[i].quirk_since);
	note_quirk(sb, e->alias_hit[i].name, e->alias_hit[i].since);
	long b = e->devs[i].parent;
	for (unsigned steps = 0; b >= 0 && steps < MAX_CHAIN; steps++, b = e->devs[b].parent)
		note_quirk(sb, gp->acs[b].quirk, gp->acs[b].quirk_since);
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
	/* Per actual group: the predicted group all its members share, or -2
	 * when they do not share one. */
	long *shared = xmalloc((k->n_groups ? k->n_groups : 1) * sizeof(long));
	for (size_t g = 0; g < k->n_groups; g++)
		shared[g] = -3; /* no member seen yet */
	for (size_t j = 0; j < e->n; j++) {
		long ag = actual[j];
		if (ag < 0)
			continue;
		if (shared[ag] == -3)
			shared[ag] = gp->group_of[j];
		else if (shared[ag] != gp->group_of[j])
			shared[ag] = -2;
	}
	struct strbuf diff = {0}, involved = {0};
	size_t n_diff = 0;
	for (size_t i = 0; i < e->n; i++) {
		long pg = gp->group_of[i], ag = actual[i];
		bool same;
		if (pg < 0 || ag < 0)
			same = pg < 0 && ag < 0;
		else
			/* Same partition: everyone in my actual group is in my predicted one and
			 * the sizes agree. */
			same = gp->groups[pg].n_members == actual_size[ag] && shared[ag] == pg;
		if (same)
			continue;
		note_quirks(e, i, &involved);
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
			    "%zu device(s) differ: %s%s; %s%s%slikely: %s%s%s%s%s%s", n_diff, diff.s ? diff.s : "",
			    n_diff > 16 ? "; ..." : "", involved.s ? "quirks applied there: " : "",
			    involved.s ? involved.s : "", involved.s ? "; " : "",
			    p->pcie_acs_override ? "the ACS override patch (pcie_acs_override is set), " : "",
			    pci_cfg || e->disable_acs_redir ? "pci=config_acs/disable_acs_redir, " : "",
			    e->in->firmware && e->in->firmware->has_ivrs ? "IVRS alias entries, " : "",
			    "a kernel quirk this tool's table (Linux 6.1 LTS to linux-next) lacks or dates differently for Linux ",
			    e->in->kernel_release ? e->in->kernel_release : "(release unknown)", ", or hotplug order");
		free(pci_cfg);
	}
	sb_free(&diff);
	sb_free(&involved);
	free(actual);
	free(actual_size);
	free(shared);
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
		/* The registers as the kernel reads them: Sunrise/Union Point ports
		 * keep theirs in dwords at +4 and +8, not the words at +4 and +6. */
		uint16_t acs_cap = d->caps.acs_cap, acs_ctrl = d->caps.acs_ctrl;
		quirk_acs_registers(d, &e->qctx, &acs_cap, &acs_ctrl);
		uint16_t off = acs_cap & ACS_REQUIRED & (uint16_t)~acs_ctrl;
		const struct acs_ctrl_not_kept *nk = acs_ctrl_not_kept_lookup(d->vendor_id, d->device_id);
		const char *enabled = acs_ctrl & ACS_REQUIRED ? acs_bits_text(acs_ctrl & ACS_REQUIRED, bits + 20, 20) : "none";
		if (d->caps.acs.present != TRI_YES || !off)
			continue;
		if (nk && !v->quirk)
			finding_add(&gp->findings, FIND_ACS_CONTROL_NOT_KEPT, d->bdf,
				    "%04x:%04x (%s) implements ACS %s; %s; seen on %s", d->vendor_id, d->device_id,
				    nk->family, acs_bits_text(acs_cap & ACS_REQUIRED, bits, 20),
				    gp->forecast ? "the forecast does not count on the kernel enabling it" :
						   "the kernel enabled it at boot, yet the control reads back none of it",
				    nk->evidence);
		else if (!gp->forecast && e->in->kernel && e->in->kernel->iommu_active == TRI_YES)
			finding_add(&gp->findings, FIND_ACS_IMPLEMENTED_NOT_ENABLED, d->bdf, "implemented %s, enabled %s",
				    acs_bits_text(acs_cap & ACS_REQUIRED, bits, 20), enabled);
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

/* The line that names the forecast's assumption: what the user changes, and
 * what the prediction takes for granted. */
static char *forecast_assumption(const struct kernel_facts *k, const struct firmware_facts *fw)
{
	const char *why = NULL;
	bool expected = groups_iommu_expected(k, fw, &why);
	if (!expected && fw && !fw->has_dmar && !fw->has_ivrs && !why_is_param(why))
		return xstrdup("the firmware publishes no DMAR or IVRS table; groups once VT-d / AMD-Vi is enabled in "
			       "the firmware setup, assuming one IOMMU unit that covers every device");
	if (!expected && why_is_param(why))
		return xasprintf("the kernel's IOMMU is off (%s); groups once it is removed", why);
	if (fw && fw->has_dmar && list_has_word(k->params.intel_iommu, "on", ","))
		return xstrdup("the firmware has a DMAR table and intel_iommu=on is given, but the kernel registered no "
			       "IOMMU unit (see its log); groups once it does");
	return xstrdup("the firmware has an IOMMU table but the kernel did not enable it; groups once it does "
		       "(for Intel: intel_iommu=on)");
}

/* Whether the running kernel asked for ACS at boot (pci_request_acs), which is
 * what the PCH quirks' own enable step waits for. The AMD driver asks as soon
 * as it finds an IVRS table (detect_ivrs), before it reads amd_iommu=off; the
 * Intel driver only when it is not disabled (detect_intel_iommu); iommu=off
 * stops both before that (no_iommu). */
static bool acs_requested_now(const struct kernel_facts *k, const struct firmware_facts *fw)
{
	if (k->iommu_active == TRI_YES)
		return true;
	if (list_has_word(k->params.iommu, "off", ","))
		return false;
	return fw && fw->has_ivrs;
}

/* The running kernel's ACS verdicts, kept where they differ from the forecast's:
 * --why shows both, so the reader sees what the enable step changes. */
static void acs_now(struct engine *e)
{
	struct group_prediction *gp = e->gp;
	struct engine now = *e;
	now.qctx.simulate_enable = false;
	now.qctx.iommu_on = acs_requested_now(e->in->kernel, e->in->firmware);
	gp->acs_now_why = xcalloc(e->n ? e->n : 1, sizeof(char *));
	for (size_t i = 0; i < e->n; i++) {
		struct acs_verdict v;
		memset(&v, 0, sizeof(v));
		acs_of(&now, i, &v);
		if (v.ok != gp->acs[i].ok || (v.why && gp->acs[i].why && strcmp(v.why, gp->acs[i].why)))
			gp->acs_now_why[i] = v.why;
		else
			free(v.why);
	}
}

/* The kernel's same-bus alias masks from the DMA-alias quirks, once per device. */
static void dma_quirks(struct engine *e)
{
	size_t n = e->n ? e->n : 1;
	e->alias_mask = xcalloc(n, sizeof(*e->alias_mask));
	e->alias_hit = xcalloc(n, sizeof(*e->alias_hit));
	for (size_t i = 0; i < e->n; i++) {
		bool unknown;
		quirk_dma_aliases(&e->devs[i], &e->qctx, e->alias_mask[i], &e->alias_hit[i], &unknown);
	}
}

void groups_predict(const struct group_inputs *in, struct group_prediction *gp)
{
	memset(gp, 0, sizeof(*gp));
	struct engine e = {.in = in, .devs = in->devs, .n = in->n, .gp = gp};
	size_t n = in->n;
	const struct kernel_facts *k = in->kernel;
	/* With the kernel's IOMMU on, its ACS enable step ran at boot and the
	 * control read back is the truth; with it off, the groups are a forecast
	 * of the next boot after the fix, and the enable step is simulated. */
	gp->forecast = k && k->iommu_active != TRI_YES;
	gp->acs_simulated = !k || gp->forecast;
	if (gp->forecast)
		gp->forecast_why = forecast_assumption(k, in->firmware);
	e.qctx.iommu_on = true;
	e.qctx.simulate_enable = gp->acs_simulated;
	e.qctx.has_ivrs = in->firmware && in->firmware->has_ivrs;
	e.qctx.acs_override = k ? k->params.pcie_acs_override : NULL;
	e.disable_acs_redir = k ? pci_param_value(k->params.pci, "disable_acs_redir") : NULL;
	e.qctx.kernel_release = in->kernel_release;
	e.qctx.devs = in->devs;
	e.qctx.n_devs = n;
	dma_quirks(&e);
	device_slices_build(in->devs, n, DEVICE_KEY_BUS, &e.bus);

	gp->n_devices = n;
	gp->acs = xcalloc(n ? n : 1, sizeof(*gp->acs));
	gp->group_of = xmalloc((n ? n : 1) * sizeof(long));
	gp->acs_path_clean = xcalloc(n ? n : 1, sizeof(enum tri));
	gp->acs_blocker = xmalloc((n ? n : 1) * sizeof(long));
	for (size_t i = 0; i < n; i++) {
		gp->group_of[i] = -1;
		acs_of(&e, i, &gp->acs[i]);
	}
	if (gp->forecast)
		acs_now(&e);
	for (size_t i = 0; i < n; i++)
		gp->acs_path_clean[i] = in->devs[i].parent < 0 ? TRI_YES : acs_path(&e, in->devs[i].parent, &gp->acs_blocker[i]);
	for (size_t i = 0; i < n; i++)
		if (in->devs[i].parent < 0)
			gp->acs_blocker[i] = -1;
	acs_findings(&e);
	gp->computed = true;
	size_t *order = topology_probe_order(in->devs, n);
	bool any_assumed = false;
	for (size_t k2 = 0; k2 < n; k2++) {
		place(&e, order[k2]);
		any_assumed |= e.assumed;
	}
	free(order);
	/* Members in device order: counted, then filled. */
	for (size_t i = 0; i < n; i++)
		if (gp->group_of[i] >= 0)
			gp->groups[gp->group_of[i]].n_members++;
	for (size_t g = 0; g < gp->n_groups; g++) {
		gp->groups[g].members = xmalloc(gp->groups[g].n_members * sizeof(size_t));
		gp->groups[g].n_members = 0;
	}
	for (size_t i = 0; i < n; i++) {
		long g = gp->group_of[i];
		if (g >= 0)
			gp->groups[g].members[gp->groups[g].n_members++] = i;
	}
	if (any_assumed)
		finding_add(&gp->findings, FIND_GROUP_PREDICTION_ASSUMED, NULL,
			    "ACS or PCIe port types unreadable; the prediction assumed no isolation there");
	merge_findings(&e);
	compare_with_kernel(&e);
	device_slices_free(&e.bus);
	free(e.disable_acs_redir);
	free(e.alias_mask);
	free(e.alias_hit);
}

void group_prediction_free(struct group_prediction *gp)
{
	free(gp->forecast_why);
	for (size_t i = 0; gp->acs_now_why && i < gp->n_devices; i++)
		free(gp->acs_now_why[i]);
	free(gp->acs_now_why);
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
