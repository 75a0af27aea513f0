#include "config.h"

#include "pcitopo.h"
#include "rules.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool gpu_has_amd_reset_bug(uint16_t vendor, uint16_t device)
{
	static const struct {
		uint16_t lo, hi;
	} families[] = {
		{0x67c0, 0x67df}, /* Polaris 10 */
		{0x67e0, 0x67ff}, /* Polaris 11 */
		{0x6980, 0x699f}, /* Polaris 12 */
		{0x6860, 0x687f}, /* Vega 10 */
		{0x66a0, 0x66af}, /* Vega 20 */
		{0x7310, 0x731f}, /* Navi 10 */
		{0x7340, 0x734f}, /* Navi 14 */
		{0x7360, 0x7362}, /* Navi 12 */
		{0x7388, 0x7390}, /* Arcturus (Instinct MI100) */
	};
	if (vendor != 0x1002)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(families); i++)
		if (device >= families[i].lo && device <= families[i].hi)
			return true;
	return false;
}

/* The facts a rule reads about one function, in one three-valued view built
 * from the model (pci-caps for capabilities, topology for the bridges above). */
struct view {
	bool config_read;      /* more than 64 bytes of config space were readable */
	int pcie_type;         /* enum pcie_port_type, or PCIE_TYPE_UNKNOWN */
	uint8_t int_pin;       /* 0 = uses no INTx line */
	bool multifunction;
	enum tri flr, pm, pm_no_soft_reset, msi, msix, acs, sriov, ats, pri, pasid;
	uint16_t acs_cap, acs_ctrl, sriov_total_vfs;
	long up[32];           /* bridges above, nearest first */
	size_t n_up;
	bool up_known;
};

/* Whether the device is PCIe at all is unknown when its list was unreadable. */
#define PCIE_TYPE_UNKNOWN (-2)

static void view_of(const struct audit_report *r, size_t index, struct view *v)
{
	const struct pci_device *d = &r->devices[index];
	const struct pci_caps *c = &d->caps;
	memset(v, 0, sizeof(*v));
	v->config_read = c->config_len > 64;
	v->multifunction = d->multifunction;
	v->int_pin = (d->config && c->config_len > 0x3d) ? d->config[0x3d] : 0;
	v->pcie_type = c->pcie.present == TRI_YES ? c->pcie_type :
		       c->pcie.present == TRI_NO  ? PCIE_TYPE_NONE : PCIE_TYPE_UNKNOWN;
	v->flr = c->pcie.present == TRI_NO ? TRI_NO : c->flr;
	v->pm = c->pm.present;
	v->pm_no_soft_reset = c->pm.present == TRI_NO ? TRI_NO : c->no_soft_reset;
	v->msi = c->msi.present;
	v->msix = c->msix.present;
	v->acs = c->acs.present;
	v->acs_cap = c->acs_cap;
	v->acs_ctrl = c->acs_ctrl;
	v->sriov = c->sriov.present;
	v->sriov_total_vfs = c->sriov_total_vfs;
	v->ats = c->ats.present;
	v->pri = c->pri.present;
	v->pasid = c->pasid.present;
	v->up_known = true;
	for (long p = d->parent; p >= 0 && (size_t)p < r->n_devices; p = r->devices[p].parent) {
		if (v->n_up == ARRAY_SIZE(v->up)) {
			v->up_known = false; /* a loop; topology reports it */
			break;
		}
		v->up[v->n_up++] = p;
	}
}

struct ctx {
	const struct audit_report *r;
	struct finding_list *out;
	size_t self;                   /* index of the judged device */
	const struct pci_device *d;
	const struct view *f;
};

static bool is_bridge(const struct pci_device *d)
{
	return (d->header_type & 0x7f) == 1 || (d->class_code >> 8) == 0x0604;
}

/* A function of the same card: same domain, bus and device number. SR-IOV
 * virtual functions are not companions: each is assigned on its own. */
static bool same_card(const struct pci_device *a, const struct pci_device *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->dev == b->dev && !a->physfn && !b->physfn;
}

/* b is a virtual function of a. */
static bool vf_of(const struct pci_device *b, const struct pci_device *a)
{
	return b->physfn && !strcmp(b->physfn, a->bdf);
}

static long device_index(const struct audit_report *r, const char *bdf)
{
	for (size_t i = 0; i < r->n_devices; i++)
		if (!strcmp(r->devices[i].bdf, bdf))
			return (long)i;
	return -1;
}

static const char *short_class(uint32_t class_code)
{
	switch (class_code >> 8) {
	case 0x0403:
		return "HD audio";
	case 0x0401:
		return "audio";
	case 0x0c03:
		return "USB controller";
	case 0x0c80:
		return "USB-C UCSI controller";
	case 0x0c05:
		return "SMBus controller";
	case 0x0600:
		return "host bridge";
	case 0x0601:
		return "ISA/LPC bridge";
	case 0x0604:
		return "PCI bridge";
	default:
		break;
	}
	switch (class_code >> 16) {
	case 0x01:
		return "storage controller";
	case 0x02:
		return "network controller";
	case 0x03:
		return "display controller";
	case 0x04:
		return "multimedia controller";
	case 0x05:
		return "memory controller";
	case 0x06:
		return "bridge";
	case 0x0c:
		return "serial bus controller";
	default:
		return "device";
	}
}

/* Drivers that leave a group viable for VFIO (driver_managed_dma or stubs). */
static bool driver_is_vfio_safe(const char *drv)
{
	if (!drv)
		return true;
	size_t n = strlen(drv);
	return !strcmp(drv, "vfio-pci") || !strcmp(drv, "pci-stub") || !strcmp(drv, "pcieport") ||
	       (n > 9 && !strcmp(drv + n - 9, "-vfio-pci")) || !strcmp(drv, "pciback") ||
	       !strcmp(drv, "xen-pciback");
}

static bool driver_is_vfio(const char *drv)
{
	size_t n = drv ? strlen(drv) : 0;
	return n && (!strcmp(drv, "vfio-pci") || (n > 9 && !strcmp(drv + n - 9, "-vfio-pci")));
}

/* Host-critical members: the host cannot give them away without losing itself.
 * The ISA/LPC bridge and the SMBus controller carry the platform (firmware,
 * sensors, the console's legacy devices); storage, network and memory
 * controllers count when a host driver drives them. A host bridge without a
 * driver is not one: VFIO accepts a group whose other members are unbound. */
static bool host_critical(const struct pci_device *m)
{
	uint32_t sub = m->class_code >> 8, base = m->class_code >> 16;
	if (sub == 0x0601 || sub == 0x0c05)
		return true;
	if ((base == 0x01 || base == 0x02 || base == 0x05) && m->driver && !driver_is_vfio_safe(m->driver))
		return true;
	return false;
}

static const char *human_size(uint64_t bytes, char *buf, size_t n)
{
	if (bytes >= (1ull << 30) && !(bytes & ((1ull << 30) - 1)))
		snprintf(buf, n, "%" PRIu64 " GiB", (uint64_t)(bytes >> 30));
	else if (bytes >= (1ull << 20))
		snprintf(buf, n, "%" PRIu64 " MiB", (uint64_t)((bytes + (1ull << 20) - 1) >> 20));
	else
		snprintf(buf, n, "%" PRIu64 " KiB", (uint64_t)((bytes + 1023) >> 10));
	return buf;
}

/* Explains why the group is larger than the card: the first place on the path
 * to the root where the kernel's ACS test fails. */
static void explain_isolation(const struct ctx *c, struct strbuf *sb)
{
	const struct view *f = c->f;
	/* The group engine's answer first: it knows the kernel's ACS quirks. */
	const struct group_prediction *gp = &c->r->groups;
	if (gp->computed && gp->acs_blocker && c->self < gp->n_devices && gp->acs_blocker[c->self] >= 0) {
		long bi = gp->acs_blocker[c->self];
		const struct acs_verdict *av = gp->acs ? &gp->acs[bi] : NULL;
		sb_addf(sb, "; %s (%s) does not isolate the devices below it%s%s", c->r->devices[bi].bdf,
			pcie_type_name(c->r->devices[bi].caps.pcie_type), av && av->why ? ": " : "",
			av && av->why ? av->why : "");
		return;
	}
	if (!f->up_known) {
		sb_add(sb, "; the bridges above it are unknown");
		return;
	}
	for (size_t i = 0; i < f->n_up; i++) {
		long bi = f->up[i];
		const struct pci_device *b = &c->r->devices[bi];
		struct view bv;
		view_of(c->r, (size_t)bi, &bv);
		const struct view *bf = &bv;
		if (bf->pcie_type == PCIE_TYPE_PCIE_TO_PCI || (bf->pcie_type == PCIE_TYPE_NONE && is_bridge(b))) {
			sb_addf(sb, "; %s is a conventional PCI bridge (no isolation behind it)", b->bdf);
			return;
		}
		if (bf->pcie_type != PCIE_TYPE_ROOT_PORT && bf->pcie_type != PCIE_TYPE_DOWNSTREAM &&
		    bf->pcie_type != PCIE_TYPE_UNKNOWN)
			continue; /* only ports that route peer traffic must isolate */
		if (bf->acs == TRI_UNKNOWN) {
			sb_addf(sb, "; the ACS capability of %s could not be read", b->bdf);
			return;
		}
		if (bf->acs == TRI_NO) {
			sb_addf(sb, "; %s (%s) has no ACS capability", b->bdf,
				bf->pcie_type == PCIE_TYPE_ROOT_PORT ? "root port" : "switch downstream port");
			return;
		}
		if ((bf->acs_ctrl & ACS_REQUIRED) != ACS_REQUIRED) {
			static const struct {
				uint16_t bit;
				const char *name;
			} bits[] = {{ACS_SV, "SV"}, {ACS_RR, "RR"}, {ACS_CR, "CR"}, {ACS_UF, "UF"}};
			struct strbuf off = {0}, none = {0};
			for (size_t k = 0; k < ARRAY_SIZE(bits); k++) {
				if (bf->acs_ctrl & bits[k].bit)
					continue;
				struct strbuf *into = (bf->acs_cap & bits[k].bit) ? &off : &none;
				sb_addf(into, "%s%s", into->len ? " " : "", bits[k].name);
			}
			sb_addf(sb, "; %s has ACS, but", b->bdf);
			if (off.len)
				sb_addf(sb, " %s %s implemented and switched off", off.s,
					strchr(off.s, ' ') ? "are" : "is");
			if (none.len)
				sb_addf(sb, "%s %s %s not implemented", off.len ? " and" : "", none.s,
					strchr(none.s, ' ') ? "are" : "is");
			sb_free(&off);
			sb_free(&none);
			sb_addf(sb, " (ACS control 0x%04x)", bf->acs_ctrl);
			return;
		}
	}
	if (f->n_up == 0 && f->multifunction && f->acs != TRI_YES)
		sb_add(sb, "; the device is a multifunction device on the root bus without ACS");
}

static const struct kernel_group *find_group(const struct audit_report *r, const char *name)
{
	for (size_t i = 0; name && i < r->kernel.n_groups; i++)
		if (!strcmp(r->kernel.groups[i].name, name))
			return &r->kernel.groups[i];
	return NULL;
}

/* Reserved regions of the group: "direct" blocks VFIO; "direct-relaxable"
 * (display and USB RMRRs) is dropped when a guest takes the device. */
static void judge_reserved_regions(struct ctx *c, const struct kernel_group *g)
{
	const struct pci_device *d = c->d;
	if (g->reserved_regions) {
		struct strbuf direct = {0}, relax = {0};
		/* Triples of start, end, type; the model's copy is sanitized text, where
		 * the line breaks may have become '?', so any of those separates. */
		char *copy = xstrdup(g->reserved_regions), *save = NULL;
		char *tok[3];
		int nt = 0;
		for (char *t = strtok_r(copy, " \t\n?", &save); t; t = strtok_r(NULL, " \t\n?", &save)) {
			tok[nt++] = t;
			if (nt < 3)
				continue;
			nt = 0;
			if (!strcmp(tok[2], "direct"))
				sb_addf(&direct, "%s%s-%s", direct.len ? ", " : "", tok[0], tok[1]);
			else if (!strcmp(tok[2], "direct-relaxable"))
				sb_addf(&relax, "%s%s-%s", relax.len ? ", " : "", tok[0], tok[1]);
		}
		free(copy);
		if (direct.len)
			finding_add(c->out, FIND_DEVICE_RMRR_DIRECT, d->bdf,
				    "sys/kernel/iommu_groups/%s/reserved_regions: direct %s", g->name, direct.s);
		if (relax.len)
			finding_add(c->out, FIND_DEVICE_RMRR_RELAXABLE, d->bdf,
				    "sys/kernel/iommu_groups/%s/reserved_regions: direct-relaxable %s", g->name,
				    relax.s);
		sb_free(&direct);
		sb_free(&relax);
	}
}

/* Before the kernel formed groups (IOMMU off), the firmware's reserved regions
 * that name the device say the same: an Intel RMRR is relaxed for display and
 * USB devices only; AMD IVMD and Arm RMR ranges are never relaxed by Linux. */
static void judge_firmware_regions(struct ctx *c)
{
	const struct coverage_result *cov = &c->r->coverage;
	if (!cov->computed || !cov->dev || c->self >= cov->n)
		return;
	const struct device_coverage *dc = &cov->dev[c->self];
	uint32_t sub = c->d->class_code >> 8;
	bool relaxable_class = (sub >> 8) == 0x03 || sub == 0x0c03;
	struct strbuf direct = {0}, relax = {0};
	for (size_t i = 0; i < dc->n_regions; i++) {
		const char *name = dc->regions[i] < cov->n_regions ? cov->region_names[dc->regions[i]] : "?";
		bool rmrr = !strncmp(name, "RMRR", 4);
		struct strbuf *into = (rmrr && relaxable_class) ? &relax : &direct;
		sb_addf(into, "%s%s", into->len ? ", " : "", name);
	}
	if (direct.len)
		finding_add(c->out, FIND_DEVICE_RMRR_DIRECT, c->d->bdf, "firmware table: %s", direct.s);
	if (relax.len)
		finding_add(c->out, FIND_DEVICE_RMRR_RELAXABLE, c->d->bdf, "firmware table: %s", relax.s);
	sb_free(&direct);
	sb_free(&relax);
}

static void classify_members(struct ctx *c, const char *const *members, size_t n_members, const char *gname,
			     bool predicted);

static void judge_group(struct ctx *c)
{
	const struct audit_report *r = c->r;
	const struct pci_device *d = c->d;
	if (r->kernel.iommu_active != TRI_YES) {
		/* The kernel formed no groups: forecast from the firmware tables and
		 * the predicted groups, for the hypervisors that bring their own
		 * IOMMU driver (and for KVM once the IOMMU is on). */
		const struct coverage_result *cov = &r->coverage;
		if (cov->computed && cov->covered && c->self < cov->n && cov->covered[c->self] == TRI_NO) {
			finding_add(c->out, FIND_FIRMWARE_DEVICE_NOT_COVERED, d->bdf,
				    "no DRHD scope or IVHD entry names %s, and no unit includes all devices", d->bdf);
			return;
		}
		judge_firmware_regions(c);
		const struct group_prediction *gp = &r->groups;
		if (gp->computed && gp->group_of && c->self < gp->n_devices && gp->group_of[c->self] >= 0) {
			const struct predicted_group *pg = &gp->groups[gp->group_of[c->self]];
			const char **names = xcalloc(pg->n_members + 1, sizeof(*names));
			for (size_t i = 0; i < pg->n_members; i++)
				names[i] = r->devices[pg->members[i]].bdf;
			classify_members(c, names, pg->n_members, pg->key, true);
			free(names);
		}
		return;
	}
	if (!d->iommu_group) {
		const char *igfx = r->kernel.params.intel_iommu;
		bool igfx_off = false;
		for (const char *p = igfx; p && (p = strstr(p, "igfx_off")) != NULL; p += 8)
			igfx_off = true;
		/* igfx_off leaves out the integrated GPU: a display device on the root bus. */
		if (igfx_off && pci_is_gpu(d) && c->f->up_known && c->f->n_up == 0) {
			struct finding *x = finding_add(c->out, FIND_DEVICE_IGFX_IOMMU_OFF, d->bdf,
							"intel_iommu=%s; %s is a display device on the root bus with no "
							"iommu_group link",
							igfx, d->bdf);
			finding_set_action(x, "Change intel_iommu=%s to intel_iommu=on in GRUB_CMDLINE_LINUX_DEFAULT "
					      "(/etc/default/grub), run update-grub and reboot.",
					   igfx);
		} else {
			finding_add(c->out, FIND_DEVICE_NO_IOMMU_GROUP, d->bdf,
				    "no iommu_group link under sys/bus/pci/devices/%s while the IOMMU is on", d->bdf);
		}
		return;
	}
	const struct kernel_group *g = find_group(r, d->iommu_group);
	if (!g)
		return;
	classify_members(c, (const char *const *)g->members, g->n_members, g->name, false);
	/* Without the kernel's list (an import, or a kernel before 4.11) the
	 * firmware's reserved regions say what the kernel would list. */
	if (g->reserved_regions)
		judge_reserved_regions(c, g);
	else
		judge_firmware_regions(c);
}

/* The members of the device's group (the kernel's, or predicted when the
 * kernel formed none), sorted into the card's own functions, ports, devices the
 * host needs and other endpoints. */
static void classify_members(struct ctx *c, const char *const *members, size_t n_members, const char *gname,
			     bool predicted)
{
	const struct audit_report *r = c->r;
	const struct pci_device *d = c->d;
	const char *label = predicted ? "predicted group" : "group";
	struct strbuf critical = {0}, others = {0}, unbound = {0}, actions = {0};
	size_t n_critical = 0, n_others = 0, n_unbound = 0;
	for (size_t i = 0; i < n_members; i++) {
		const char *bdf = members[i];
		if (!strcmp(bdf, d->bdf))
			continue;
		long mi = device_index(r, bdf);
		if (mi < 0) {
			sb_addf(&others, "%s%s (not a PCI function the tool sees)", n_others ? ", " : "", bdf);
			n_others++;
			continue;
		}
		const struct pci_device *m = &r->devices[mi];
		if (same_card(m, d)) {
			/* Companion functions go along. Their binding is part of the
			 * device's own driver finding, unless the device itself is
			 * already handed over and a companion is not. */
			if (driver_is_vfio_safe(d->driver) && !driver_is_vfio_safe(m->driver)) {
				sb_addf(&unbound, "%s%s (%s)", n_unbound ? ", " : "", m->bdf, m->driver);
				sb_addf(&actions, "%sdriverctl set-override %s vfio-pci", n_unbound ? "; " : "", m->bdf);
				n_unbound++;
			}
			continue;
		}
		if (is_bridge(m))
			continue; /* ports stay with the host, bound to pcieport */
		char desc[160];
		snprintf(desc, sizeof(desc), "%s %s [%04x:%04x]%s%s%s", m->bdf, short_class(m->class_code),
			 m->vendor_id, m->device_id, m->driver ? " (driver " : "", m->driver ? m->driver : "",
			 m->driver ? ")" : "");
		if (host_critical(m)) {
			sb_addf(&critical, "%s%s", n_critical ? ", " : "", desc);
			n_critical++;
		} else {
			sb_addf(&others, "%s%s", n_others ? ", " : "", desc);
			n_others++;
		}
		if (!driver_is_vfio_safe(m->driver)) {
			sb_addf(&unbound, "%s%s (%s)", n_unbound ? ", " : "", m->bdf, m->driver);
			sb_addf(&actions, "%sdriverctl set-override %s vfio-pci", n_unbound ? "; " : "", m->bdf);
			n_unbound++;
		}
	}
	if (n_critical) {
		struct strbuf why = {0};
		sb_addf(&why, "%s %s also holds %s", label, gname, critical.s);
		if (n_others)
			sb_addf(&why, ", and %s", others.s);
		explain_isolation(c, &why);
		char *w = sb_take(&why);
		finding_add(c->out, FIND_GROUP_SHARED_HOST_CRITICAL, d->bdf, "%s", w);
		free(w);
	} else if (n_others) {
		struct strbuf why = {0};
		sb_addf(&why, "%s %s also holds %s", label, gname, others.s);
		explain_isolation(c, &why);
		char *w = sb_take(&why);
		finding_add(c->out, FIND_GROUP_SHARED_ENDPOINTS, d->bdf, "%s", w);
		free(w);
	}
	if (n_unbound && !n_critical && !predicted) {
		struct finding *x = finding_add(c->out, FIND_GROUP_NOT_VIABLE, d->bdf, "bound to host drivers: %s",
						unbound.s);
		finding_set_action(x, "%s", actions.s);
	}
	sb_free(&critical);
	sb_free(&others);
	sb_free(&unbound);
	sb_free(&actions);
}

static void judge_topology(struct ctx *c)
{
	const struct view *f = c->f;
	const struct pci_device *d = c->d;
	for (size_t i = 0; f->up_known && i < f->n_up; i++) {
		long bi = f->up[i];
		const struct pci_device *b = &c->r->devices[bi];
		struct view bv;
		view_of(c->r, (size_t)bi, &bv);
		const struct view *bf = &bv;
		bool pci_bridge = bf->pcie_type == PCIE_TYPE_PCIE_TO_PCI ||
				  (bf->pcie_type == PCIE_TYPE_NONE && is_bridge(b));
		if (pci_bridge) {
			finding_add(c->out, FIND_TOPO_BEHIND_PCI_BRIDGE, d->bdf, "%s [%04x:%04x] above it is a %s", b->bdf,
				    b->vendor_id, b->device_id,
				    bf->pcie_type == PCIE_TYPE_PCIE_TO_PCI ? "PCIe-to-PCI/PCI-X bridge" :
									    "conventional PCI-to-PCI bridge");
			break;
		}
	}
	if (f->pcie_type == PCIE_TYPE_NONE)
		finding_add(c->out, FIND_DEVICE_CONVENTIONAL_PCI, d->bdf, "no PCI Express capability in its config space");
	if (!f->config_read)
		finding_add(c->out, FIND_DEVICE_CONFIG_UNREADABLE, d->bdf,
			    "sys/bus/pci/devices/%s/config: only the first 64 bytes were readable", d->bdf);
}

/* Every device on the same bus is a function of this card. */
static bool bus_holds_only_card(const struct ctx *c)
{
	for (size_t i = 0; i < c->r->n_devices; i++) {
		const struct pci_device *o = &c->r->devices[i];
		if (o->domain == c->d->domain && o->bus == c->d->bus && !same_card(o, c->d))
			return false;
	}
	return true;
}

static bool method_listed(const char *methods, const char *m)
{
	size_t n = strlen(m);
	for (const char *p = methods; p && *p;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, m, n))
			return true;
		p += len;
	}
	return false;
}

static void judge_reset(struct ctx *c)
{
	const struct pci_device *d = c->d;
	const struct view *f = c->f;
	bool root_bus = f->up_known && f->n_up == 0;
	bool amd_display = d->vendor_id == 0x1002 && pci_is_gpu(d);

	if (gpu_has_amd_reset_bug(d->vendor_id, d->device_id) && pci_is_gpu(d) &&
	    !method_listed(d->reset_method, "device_specific")) {
		struct finding *x = finding_add(c->out, FIND_GPU_AMD_RESET_BUG, d->bdf,
						"AMD device %04x is of a family with the reset bug; reset_method: %s",
						d->device_id, d->reset_method ? d->reset_method : "(none)");
		finding_set_action(x,
				   "After installing vendor-reset: echo device_specific > "
				   "/sys/bus/pci/devices/%s/reset_method; permanently with the udev rule "
				   "ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
				   "ATTR{reset_method}=\"device_specific\"",
				   d->bdf, d->bdf);
	}

	/* The kernel's own list is the truth (Linux 5.15+, where the attribute
	 * exists only if some method does); before that, predict it as the kernel
	 * would: FLR, PM reset without NoSoftRst (never for AMD/ATI display, a
	 * quirk), bus reset only alone on a non-root bus. */
	char why[200];
	bool strong = false, bus = false;
	if (d->reset_method) {
		static const char *const strong_methods[] = {"device_specific", "acpi", "flr", "af_flr", "pm"};
		for (size_t i = 0; i < ARRAY_SIZE(strong_methods); i++)
			strong = strong || method_listed(d->reset_method, strong_methods[i]);
		bus = method_listed(d->reset_method, "bus") || method_listed(d->reset_method, "cxl_bus");
		snprintf(why, sizeof(why), "reset_method: %s", d->reset_method[0] ? d->reset_method : "(empty)");
	} else if (kernel_at_least(c->r->host.kernel_release, 5, 15) == TRI_YES && !c->r->host.imported) {
		snprintf(why, sizeof(why), "no reset_method attribute (Linux %s shows it only when a method exists)",
			 c->r->host.kernel_release);
	} else {
		if (!f->config_read)
			return; /* unknown; DEVICE_CONFIG_UNREADABLE says so */
		strong = f->flr == TRI_YES || (f->pm == TRI_YES && f->pm_no_soft_reset == TRI_NO && !amd_display);
		/* An import's text may leave FLR or NoSoftRst unstated: no verdict. */
		if (!strong && (f->flr == TRI_UNKNOWN || (f->pm == TRI_YES && f->pm_no_soft_reset == TRI_UNKNOWN)))
			return;
		bus = !root_bus && f->up_known && bus_holds_only_card(c) && !f->multifunction;
		snprintf(why, sizeof(why), "predicted from config space: FLR %s, PM reset %s%s",
			 tri_name(f->flr),
			 f->pm != TRI_YES ? "absent" : f->pm_no_soft_reset == TRI_YES ? "no (NoSoftRst set)" :
			 amd_display ? "no (AMD display quirk)" : "yes",
			 root_bus ? ", on the root bus" : "");
	}
	if (strong)
		return;
	if (bus) {
		finding_add(c->out, FIND_DEVICE_RESET_BUS_ONLY, d->bdf, "%s", why);
		return;
	}
	/* Which bus resets the kernel offers beside other devices on the bus has
	 * changed between releases; an import has no reset_method to say, so it
	 * makes no claim there. */
	if (c->r->host.imported && !root_bus && f->up_known && !bus_holds_only_card(c))
		return;
	/* VFIO can still reset the slot when everything on it goes to one guest. */
	if (!root_bus && f->up_known && bus_holds_only_card(c)) {
		finding_add(c->out, FIND_DEVICE_RESET_BUS_ONLY, d->bdf,
			    "%s; the bus holds only this card's functions, so VFIO can reset the bus when they all go "
			    "to the same guest",
			    why);
		return;
	}
	finding_add(c->out, FIND_DEVICE_NO_RESET, d->bdf, "%s%s", why,
		    root_bus ? "; on the root bus, so no bus reset" :
		    !f->up_known ? "" : "; other devices share its bus, so no bus reset");
}

static void judge_display(struct ctx *c)
{
	const struct pci_device *d = c->d;
	if (!pci_is_gpu(d))
		return;
	const struct pci_device *other = NULL;
	for (size_t i = 0; i < c->r->n_devices && !other; i++) {
		const struct pci_device *o = &c->r->devices[i];
		if (pci_is_gpu(o) && !same_card(o, d))
			other = o;
	}
	if (d->boot_vga == TRI_YES) {
		struct finding *x = finding_add(c->out, FIND_GPU_BOOT_VGA, d->bdf, "boot_vga is 1");
		if (other)
			finding_set_action(x,
					   "Select %s (%s) as the primary display in the firmware setup (often "
					   "'Primary Display' or 'Initiate Graphic Adapter'), and connect the host's "
					   "monitor to it.",
					   other->bdf, other->device_name ? other->device_name : "the other GPU");
	}
	if (!other)
		finding_add(c->out, FIND_GPU_ONLY_HOST_DISPLAY, d->bdf, "no other display controller (class 03) on the host");

	struct strbuf comp = {0};
	size_t n = 0;
	for (size_t i = 0; i < c->r->n_devices; i++) {
		const struct pci_device *o = &c->r->devices[i];
		if (o == d || !same_card(o, d))
			continue;
		sb_addf(&comp, "%s%s %s [%04x:%04x]%s%s%s", n ? ", " : "", o->bdf, short_class(o->class_code),
			o->vendor_id, o->device_id, o->driver ? " (driver " : "", o->driver ? o->driver : "",
			o->driver ? ")" : "");
		n++;
	}
	if (n)
		finding_add(c->out, FIND_GPU_COMPANION_FUNCTIONS, d->bdf, "%s", comp.s);
	sb_free(&comp);
}

/* Other devices with the same IDs that are not functions of this card. */
static const struct pci_device *duplicate_of(const struct ctx *c, const struct pci_device *d)
{
	for (size_t i = 0; i < c->r->n_devices; i++) {
		const struct pci_device *o = &c->r->devices[i];
		if (o != d && !same_card(o, d) && !vf_of(o, d) && !vf_of(d, o) && o->vendor_id == d->vendor_id &&
		    o->device_id == d->device_id)
			return o;
	}
	return NULL;
}

static void judge_driver(struct ctx *c)
{
	const struct pci_device *d = c->d;
	const struct pci_device *dup = duplicate_of(c, d);
	if (dup) {
		struct finding *x = finding_add(c->out, FIND_DEVICE_DUPLICATE_IDS, d->bdf,
						"%s has the same ID %04x:%04x", dup->bdf, d->vendor_id, d->device_id);
		/* Already bound by address: only a note for whoever changes the binding. */
		if (driver_is_vfio(d->driver))
			finding_set_severity(x, SEV_INFO);
	}
	if (driver_is_vfio(d->driver)) {
		finding_add(c->out, FIND_DEVICE_VFIO_BOUND, d->bdf, "driver: %s", d->driver);
		return;
	}
	if (!d->driver)
		return;

	/* The card's functions go to vfio-pci together; by ID unless IDs are shared. */
	struct strbuf ids = {0}, addrs = {0}, mods = {0};
	bool any_dup = dup != NULL;
	for (size_t i = 0; i < c->r->n_devices; i++) {
		const struct pci_device *o = &c->r->devices[i];
		if (!same_card(o, d) || driver_is_vfio(o->driver))
			continue;
		char id[16];
		snprintf(id, sizeof(id), "%04x:%04x", o->vendor_id, o->device_id);
		if (!ids.len || !strstr(ids.s, id))
			sb_addf(&ids, "%s%s", ids.len ? "," : "", id);
		sb_addf(&addrs, "%sdriverctl set-override %s vfio-pci", addrs.len ? "; " : "", o->bdf);
		if (o->driver && !driver_is_vfio_safe(o->driver) && (!mods.len || !strstr(mods.s, o->driver)))
			sb_addf(&mods, "%ssoftdep %s pre: vfio-pci", mods.len ? "; " : "", o->driver);
		if (o != d && duplicate_of(c, o))
			any_dup = true;
	}
	struct finding *x = finding_add(c->out, FIND_DEVICE_DRIVER_BOUND, d->bdf, "driver: %s", d->driver);
	/* A graphics driver that initialised the GPU may not let it go at run time. */
	if (pci_is_gpu(d) && strcmp(d->driver, "pci-stub"))
		finding_set_severity(x, SEV_WARN);
	if (!strcmp(d->driver, "pci-stub"))
		finding_set_severity(x, SEV_INFO);
	if (any_dup) {
		finding_set_action(x, "%s (by address: the IDs are shared with another device). Xen: xl "
				      "pci-assignable-add %s.",
				   addrs.s, d->bdf);
	} else {
		struct strbuf a = {0};
		sb_addf(&a, "Add vfio-pci.ids=%s to the kernel command line (GRUB_CMDLINE_LINUX_DEFAULT in "
			    "/etc/default/grub, then update-grub), put 'options vfio-pci ids=%s'",
			ids.s, ids.s);
		for (const char *m = mods.s; m && *m;) {
			size_t n = strcspn(m, ";");
			sb_addf(&a, " and '%.*s'", (int)n, m);
			m += n;
			m += strspn(m, "; ");
		}
		sb_addf(&a, " in /etc/modprobe.d/vfio.conf, rebuild the initramfs and reboot. At run time "
			    "instead: %s. Xen: xl pci-assignable-add %s.",
			addrs.s, d->bdf);
		char *t = sb_take(&a);
		finding_set_action(x, "%s", t);
		free(t);
	}
	sb_free(&ids);
	sb_free(&addrs);
	sb_free(&mods);
}

static void judge_bars(struct ctx *c)
{
	const struct pci_device *d = c->d;
	if (d->bars_known != TRI_YES)
		return;
	uint64_t total = 0, largest = 0;
	struct strbuf list = {0}, unassigned = {0};
	for (size_t i = 0; i < d->n_bars; i++) {
		const struct pci_bar *b = &d->bars[i];
		char sz[32];
		human_size(b->size, sz, sizeof(sz));
		/* libpci keeps the size of a BAR the kernel could not place, at address
		 * 0 (only the resource flags' low bits remain). */
		if (!b->io && (b->base & ~(uint64_t)0xf) == 0)
			sb_addf(&unassigned, "%s%s%s BAR", unassigned.len ? ", " : "", sz, b->is_64bit ? " 64-bit" : "");
		if (b->io)
			continue;
		total += b->size;
		if (b->size > largest)
			largest = b->size;
		sb_addf(&list, "%s%s%s%s", list.len ? ", " : "", sz, b->is_64bit ? " 64-bit" : "",
			b->prefetchable ? " prefetchable" : "");
	}
	if (unassigned.len)
		finding_add(c->out, FIND_DEVICE_BAR_UNASSIGNED, d->bdf, "no address for the %s", unassigned.s);

	/* Thresholds (decisions, see README): Hyper-V's default high MMIO gap is
	 * 512 MiB; ESXi wants use64bitMMIO from 16 GiB of BARs; a guest needs a
	 * 64-bit window once one BAR reaches 4 GiB. */
	bool hv_needs = total > (512ull << 20);
	bool esxi_needs = total >= (16ull << 30);
	bool guest64 = largest >= (4ull << 30);
	if (hv_needs || esxi_needs || guest64) {
		char tot[32];
		human_size(total, tot, sizeof(tot));
		struct finding *x = finding_add(c->out, FIND_DEVICE_LARGE_BAR, d->bdf, "memory BARs: %s; %s in all",
						list.s, tot);
		finding_set_hv(x, 0, guest64, SEV_INFO);
		finding_set_hv(x, 1, guest64, SEV_INFO);
		finding_set_hv(x, 2, esxi_needs || guest64, esxi_needs ? SEV_WARN : SEV_INFO);
		finding_set_hv(x, 3, true, hv_needs ? SEV_WARN : SEV_INFO);
		/* ESXi: a power of two at least the BAR total; Hyper-V: twice it. */
		uint64_t gib = 1;
		while ((gib << 30) < total && gib < (1ull << 20))
			gib <<= 1;
		uint64_t hv_mb = (uint64_t)(((total * 2) + (1ull << 20) - 1) >> 20);
		finding_set_action(x,
				   "ESXi: pciPassthru.use64bitMMIO = \"TRUE\" and pciPassthru.64bitMMIOSizeGB = "
				   "\"%" PRIu64 "\". Hyper-V: Set-VM VMNAME -HighMemoryMappedIoSpace %" PRIu64
				   "MB -GuestControlledCacheTypes $true.",
				   gib, hv_mb);
	}
	sb_free(&list);
	sb_free(&unassigned);
}

static void judge_interrupts_and_sharing(struct ctx *c)
{
	const struct pci_device *d = c->d;
	const struct view *f = c->f;
	if (f->config_read && f->msi == TRI_NO && f->msix == TRI_NO && f->int_pin != 0)
		finding_add(c->out, FIND_DEVICE_INTX_ONLY, d->bdf, "no MSI or MSI-X capability; interrupt pin INT%c",
			    'A' + (f->int_pin - 1) % 4);
	if (f->sriov == TRI_YES) {
		struct finding *x = finding_add(c->out, FIND_SHARING_SRIOV, d->bdf,
						"SR-IOV capability: %u virtual functions at most, %ld enabled",
						f->sriov_total_vfs, d->sriov_numvfs > 0 ? d->sriov_numvfs : 0);
		if (d->sriov_numvfs > 0)
			finding_set_action(x, "Its %ld virtual functions are enabled: judge them with iommu-audit "
					      "--all-devices and assign a VF instead of the whole device.",
					   d->sriov_numvfs);
	}
	if (f->pasid == TRI_YES) {
		/* Scalable mode: Intel ECAP bit 43 (SMTS) on a unit of the host. */
		const char *sm_unit = NULL;
		for (size_t i = 0; i < c->r->kernel.n_units && !sm_unit; i++) {
			const struct kernel_iommu_unit *u = &c->r->kernel.units[i];
			if (u->ecap && !strcmp(u->kind, "intel-iommu") && (strtoull(u->ecap, NULL, 16) >> 43) & 1)
				sm_unit = u->name;
		}
		finding_add(c->out, FIND_SHARING_PASID, d->bdf, "PASID capability%s%s%s%s%s", f->ats == TRI_YES ? ", ATS" : "",
			    f->pri == TRI_YES ? ", PRI" : "", sm_unit ? "; scalable mode supported by " : "",
			    sm_unit ? sm_unit : "", sm_unit ? " (ECAP bit 43)" : "");
	}
	if (d->n_mdev_types > 0)
		finding_add(c->out, FIND_SHARING_MDEV, d->bdf, "%zu mediated device type%s in mdev_supported_types",
			    d->n_mdev_types, d->n_mdev_types == 1 ? "" : "s");
}

void judge_device(const struct audit_report *r, struct judged_device *j)
{
	struct view v;
	view_of(r, j->pci_index, &v);
	struct ctx c = {
		.r = r,
		.out = &j->findings,
		.self = j->pci_index,
		.d = &r->devices[j->pci_index],
		.f = &v,
	};
	if (is_bridge(c.d)) {
		finding_add(c.out, FIND_DEVICE_IS_BRIDGE, c.d->bdf, "header type %u, class %06x",
			    (unsigned)(c.d->header_type & 0x7f), (unsigned)c.d->class_code);
		return;
	}
	judge_group(&c);
	judge_topology(&c);
	judge_reset(&c);
	judge_display(&c);
	judge_driver(&c);
	judge_bars(&c);
	judge_interrupts_and_sharing(&c);
}
