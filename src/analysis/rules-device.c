/* Device rules: display, driver, BARs, interrupts and sharing; and judge_device,
 * which runs every rule family on one function. */
#include "config.h"

#include "initramfs.h"
#include "pcitopo.h"
#include "rules.h"
#include "rules-device.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How to keep the firmware framebuffer off a boot GPU that goes to a guest,
 * for this kernel release and framebuffer driver. Since Linux 6.0 vfio-pci
 * removes it itself ("vfio/pci: Remove console drivers": vfio_pci_core's
 * register step calls aperture_remove_conflicting_pci_devices()). Before,
 * video=efifb:off stops efifb only (fbdev's option for that driver);
 * simpledrm's device is registered by sysfb_init (drivers/firmware/sysfb.c),
 * which initcall_blacklist=sysfb_init keeps from running. */
static char *firmware_fb_advice(const struct audit_report *r)
{
	const struct kernel_facts *k = &r->kernel;
	const struct kernel_params *p = &k->params;
	const char *fb = k->firmware_fb;
	char *fb_said = fb ? xasprintf("%s (per %s)", fb, k->firmware_fb_source) : xstrdup("not known");
	enum tri since_6_0 = kernel_at_least(r->host.kernel_release, 6, 0);
	bool sysfb_off = list_has_word(p->initcall_blacklist, "sysfb_init", ",");
	bool efifb_off = list_has_word(p->video, "efifb:off", " ");
	char *a;
	if (since_6_0 == TRI_YES) {
		a = xasprintf("Run the host headless (manage it over the network). Linux %s needs no boot "
			      "parameter for the framebuffer: since 6.0 vfio-pci removes the firmware framebuffer "
			      "itself when it claims the GPU%s%s.%s",
			      r->host.kernel_release, fb ? "; here that is " : "", fb ? fb_said : "",
			      efifb_off || sysfb_off ? " The video=efifb:off / initcall_blacklist=sysfb_init "
						       "on the command line can go." : "");
	} else if (fb && (!strcmp(fb, "simpledrm") || !strcmp(fb, "simplefb"))) {
		a = sysfb_off ? xasprintf("Run the host headless; initcall_blacklist=sysfb_init on the command line "
					  "already keeps the framebuffer off the GPU; it is %s.", fb_said) :
				xasprintf("Run the host headless and add initcall_blacklist=sysfb_init to the kernel "
					  "command line: the firmware framebuffer here is %s, which video=efifb:off does "
					  "not stop%s.",
					  fb_said, efifb_off ? " (the video=efifb:off there does nothing)" : "");
	} else if (fb && !strcmp(fb, "efifb")) {
		a = efifb_off || sysfb_off ?
			    xasprintf("Run the host headless; the command line already keeps the framebuffer off "
				      "the GPU; it is %s.", fb_said) :
			    xasprintf("Run the host headless and add video=efifb:off to the kernel command line: "
				      "the firmware framebuffer here is %s.", fb_said);
	} else if (fb && !strcmp(fb, "vesafb")) {
		a = xasprintf("Run the host headless and add video=vesafb:off to the kernel command line: the "
			      "firmware framebuffer here is %s.", fb_said);
	} else {
		a = xasprintf("Run the host headless and keep the firmware framebuffer off the GPU%s: "
			      "video=efifb:off where efifb drives it, initcall_blacklist=sysfb_init where "
			      "simpledrm does (video=efifb:off does nothing there); the framebuffer driver is %s.",
			      since_6_0 == TRI_UNKNOWN ? " (not needed on Linux 6.0 and later, whose vfio-pci "
							 "removes it itself)" : "",
			      fb_said);
	}
	free(fb_said);
	return a;
}

static void judge_display(struct ctx *c)
{
	const struct pci_device *d = c->d;
	if (!pcitopo_is_gpu(d))
		return;
	const struct pci_device *other = NULL;
	struct device_range displays = display_devices(c->r);
	for (size_t k = displays.first; k < displays.end && !other; k++) {
		const struct pci_device *o = &c->r->devices[device_at(&displays, k)];
		if (pcitopo_is_gpu(o) && !same_card(o, d))
			other = o;
	}
	if (d->boot_vga == TRI_YES) {
		struct finding *x = finding_add(c->out, FIND_GPU_BOOT_VGA, d->bdf, "boot_vga is 1%s%s",
						c->r->kernel.firmware_fb ? "; firmware framebuffer: " : "",
						c->r->kernel.firmware_fb ? c->r->kernel.firmware_fb : "");
		if (!other) {
			char *a = firmware_fb_advice(c->r);
			finding_set_action(x, "%s", a);
			free(a);
		} else
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
	struct device_range bus = devices_on_bus(c->r, d);
	for (size_t k = bus.first; k < bus.end; k++) {
		const struct pci_device *o = &c->r->devices[device_at(&bus, k)];
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
	struct device_range same_id = devices_with_id(c->r, d);
	for (size_t k = same_id.first; k < same_id.end; k++) {
		const struct pci_device *o = &c->r->devices[device_at(&same_id, k)];
		if (o != d && !same_card(o, d) && !vf_of(o, d) && !vf_of(d, o) && o->vendor_id == d->vendor_id &&
		    o->device_id == d->device_id)
			return o;
	}
	return NULL;
}

/* DMA remapping faults / AMD-Vi events the kernel logged for this function
 * (fwts's dmar test fails on any such line; here they are tied to the
 * device). Intel's lines carry no segment: they are taken as segment 0. */
static void judge_iommu_faults(struct ctx *c)
{
	const struct kernel_facts *k = &c->r->kernel;
	for (size_t i = 0; i < k->n_faults; i++) {
		const struct iommu_fault *f = &k->faults[i];
		int seg = f->segment < 0 ? 0 : f->segment;
		if (seg != c->d->domain || f->bus != c->d->bus || f->dev != c->d->dev || f->fn != c->d->func)
			continue;
		finding_add(c->out, FIND_DEVICE_IOMMU_FAULTS, c->d->bdf, "%u kernel log line%s; first: %s",
			    f->count, f->count == 1 ? "" : "s", f->first);
	}
}

/* A GPU driver in the initramfs claims the GPU before anything from the root
 * file system runs, so vfio-pci must be there too and load first (issue 14.8).
 * How each tool puts modules there, and in which order it loads them:
 * initramfs.conf(5) (/etc/initramfs-tools/modules: "always included in the
 * initramfs, and are loaded early", in the file's order); dracut.conf(5)
 * (force_drivers: "tried to be loaded early via modprobe"; lists need the
 * spaces inside the quotes); mkinitcpio (MODULES load "before any boot hooks
 * are run"; the modconf hook carries /etc/modprobe.d). vfio_virqfd was folded
 * into vfio in Linux 6.2 (commit e2d55709398e). */
static void judge_initramfs(struct ctx *c)
{
	const struct initramfs_facts *f = &c->r->initramfs;
	const char *drv = c->d->driver;
	if (!pcitopo_is_gpu(c->d) || !initramfs_has_driver(f, drv) || initramfs_vfio_first(f, drv))
		return;
	bool listed = false;
	for (size_t i = 0; i < f->n_early + f->n_included && !listed; i++) {
		const char *m = i < f->n_early ? f->early[i] : f->included[i - f->n_early];
		listed = !strcmp(m, drv);
	}
	bool has_vfio = false;
	for (size_t i = 0; i < f->n_early; i++)
		has_vfio |= !strcmp(f->early[i], "vfio_pci");
	struct finding *x = finding_add(c->out, FIND_GPU_DRIVER_IN_INITRAMFS, c->d->bdf,
					"%s is in the initramfs (%s%s); vfio_pci %s", drv,
					listed ? "listed in " : "the kms hook of ", f->files,
					has_vfio ? "comes after it" : "is not loaded there");
	bool virqfd = kernel_at_least(c->r->host.kernel_release, 6, 2) == TRI_NO;
	switch (f->tool) {
	case INITRAMFS_TOOLS:
		finding_set_action(x, "List vfio, vfio_iommu_type1, %svfio_pci in /etc/initramfs-tools/modules, one a "
				      "line and above %s (they load in the file's order), run update-initramfs -u "
				      "and reboot.",
				   virqfd ? "vfio_virqfd, " : "", drv);
		break;
	case INITRAMFS_DRACUT:
		finding_set_action(x, "Put force_drivers+=\" vfio vfio_iommu_type1 %svfio_pci \" in "
				      "/etc/dracut.conf.d/vfio.conf (keep the spaces inside the quotes; "
				      "force_drivers load early, before %s), run dracut -f --regenerate-all and "
				      "reboot.",
				   virqfd ? "vfio_virqfd " : "", drv);
		break;
	case INITRAMFS_MKINITCPIO:
		finding_set_action(x, "Put vfio_pci vfio vfio_iommu_type1 %sat the start of MODULES=(...) in "
				      "/etc/mkinitcpio.conf, before %s (MODULES load before any hook), keep modconf "
				      "in HOOKS (it carries /etc/modprobe.d/vfio.conf along), run mkinitcpio -P and "
				      "reboot.",
				   virqfd ? "vfio_virqfd " : "", drv);
		break;
	case INITRAMFS_UNKNOWN:
		break;
	}
}

static void judge_driver(struct ctx *c)
{
	const struct pci_device *d = c->d;
	/* Never a binding finding or command for a device the host needs, or for
	 * one whose slot holds such a function (issue 14.1): DEVICE_HOST_CRITICAL
	 * or GROUP_SHARED_HOST_CRITICAL says why it stays with the host. */
	char loses[200];
	struct device_range bus = devices_on_bus(c->r, d);
	for (size_t k = bus.first; k < bus.end; k++) {
		const struct pci_device *o = &c->r->devices[device_at(&bus, k)];
		if ((o == d || (same_card(o, d) && (o->class_code >> 16) != 0x03)) &&
		    host_critical(c->r, o, o != d, loses, sizeof(loses)))
			return;
	}
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
	for (size_t k = bus.first; k < bus.end; k++) {
		const struct pci_device *o = &c->r->devices[device_at(&bus, k)];
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
	judge_initramfs(c);
	struct finding *x = finding_add(c->out, FIND_DEVICE_DRIVER_BOUND, d->bdf, "driver: %s", d->driver);
	/* A graphics driver that initialised the GPU may not let it go at run time. */
	if (pcitopo_is_gpu(d) && strcmp(d->driver, "pci-stub"))
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
		human_size(b->size, SIZE_ROUNDED, sz, sizeof(sz));
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
		human_size(total, SIZE_ROUNDED, tot, sizeof(tot));
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
	const struct device_facts *f = c->f;
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
	struct device_facts v;
	facts_of(r, j->pci_index, &v);
	struct ctx c = {
		.r = r,
		.out = &j->findings,
		.self = j->pci_index,
		.d = &r->devices[j->pci_index],
		.f = &v,
	};
	if (pci_is_bridge(c.d)) {
		finding_add(c.out, FIND_DEVICE_IS_BRIDGE, c.d->bdf, "header type %u, class %06x",
			    (unsigned)(c.d->header_type & 0x7f), (unsigned)c.d->class_code);
		return;
	}
	char loses[200];
	if (host_critical(r, c.d, false, loses, sizeof(loses))) {
		struct finding *x = finding_add(c.out, FIND_DEVICE_HOST_CRITICAL, c.d->bdf, "the host would lose %s", loses);
		finding_set_action(x, "Leave %s with the host, which would otherwise lose %s; give the guest a device of "
				      "its own.",
				   c.d->bdf, loses);
	}
	judge_group(&c);
	judge_topology(&c);
	judge_reset(&c);
	judge_display(&c);
	judge_driver(&c);
	judge_bars(&c);
	judge_interrupts_and_sharing(&c);
	judge_iommu_faults(&c);
}

