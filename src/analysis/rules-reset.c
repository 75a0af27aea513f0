/* Reset rules: which reset the kernel can use on the device between guests. */
#include "config.h"

#include "pcitopo.h"
#include "quirks.h"
#include "rules.h"
#include "rules-device.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool bus_holds_only_card(const struct ctx *c)
{
	struct device_range g = devices_on_bus(c->r, c->d);
	for (size_t k = g.first; k < g.end; k++) {
		const struct pci_device *o = &c->r->devices[device_at(&g, k)];
		if (o->domain == c->d->domain && o->bus == c->d->bus && !same_card(o, c->d))
			return false;
	}
	return true;
}

void judge_reset(struct ctx *c)
{
	const struct pci_device *d = c->d;
	const struct device_facts *f = c->f;
	bool root_bus = f->up_known && f->n_up == 0;
	const struct quirk_context qctx = {.kernel_release = c->r->host.kernel_release};
	unsigned quirks = quirk_reset_flags(d, root_bus, &qctx);
	/* pci_bus_resetable (VFIO's bus reset) also refuses below a bridge with
	 * the no-bus-reset quirk (Cavium a100, NVIDIA GB10 root ports). */
	const struct pci_device *up = d->parent >= 0 ? &c->r->devices[d->parent] : NULL;
	bool up_no_bus_reset = up && (quirk_reset_flags(up, up->parent < 0, &qctx) & QUIRK_NO_BUS_RESET);

	const char *family = amd_reset_bug_family(d->vendor_id, d->device_id);
	if (family && pcitopo_is_gpu(d) && !list_has_word(d->reset_method, "device_specific", " ")) {
		struct finding *x = finding_add(c->out, FIND_GPU_AMD_RESET_BUG, d->bdf,
						"AMD device %04x is %s, a family with the reset bug; reset_method: %s",
						d->device_id, family, d->reset_method ? d->reset_method : "(none)");
		finding_set_action(x,
				   "%s is in vendor-reset's device table. After installing vendor-reset: "
				   "echo device_specific > "
				   "/sys/bus/pci/devices/%s/reset_method; permanently with the udev rule "
				   "ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
				   "ATTR{reset_method}=\"device_specific\"",
				   family, d->bdf, d->bdf);
	}

	/* The kernel's own list is the truth (Linux 5.15+, where the attribute
	 * exists only if some method does); before that, predict it as the kernel
	 * would: a device-specific reset, FLR, PM reset without NoSoftRst, bus
	 * reset only alone on a non-root bus, each unless a reset quirk
	 * (kernel-quirks.def: no FLR, no PM reset such as AMD/ATI VGA, no bus
	 * reset) rules it out. */
	char why[200];
	bool strong = false, bus = false;
	if (d->reset_method) {
		static const char *const strong_methods[] = {"device_specific", "acpi", "flr", "af_flr", "pm"};
		for (size_t i = 0; i < ARRAY_SIZE(strong_methods); i++)
			strong = strong || list_has_word(d->reset_method, strong_methods[i], " ");
		bus = list_has_word(d->reset_method, "bus", " ") || list_has_word(d->reset_method, "cxl_bus", " ");
		snprintf(why, sizeof(why), "reset_method: %s", d->reset_method[0] ? d->reset_method : "(empty)");
	} else if (kernel_at_least(c->r->host.kernel_release, 5, 15) == TRI_YES && !c->r->host.imported) {
		snprintf(why, sizeof(why), "no reset_method attribute (Linux %s shows it only when a method exists)",
			 c->r->host.kernel_release);
	} else {
		if (!f->config_read)
			return; /* unknown; DEVICE_CONFIG_UNREADABLE says so */
		bool no_pm = quirks & QUIRK_NO_PM_RESET;
		strong = (quirks & QUIRK_DEVICE_RESET) || (f->flr == TRI_YES && !(quirks & QUIRK_NO_FLR)) ||
			 (f->pm == TRI_YES && f->pm_no_soft_reset == TRI_NO && !no_pm);
		/* An import's text may leave FLR or NoSoftRst unstated: no verdict. */
		if (!strong && (f->flr == TRI_UNKNOWN || (f->pm == TRI_YES && f->pm_no_soft_reset == TRI_UNKNOWN)))
			return;
		bus = !root_bus && f->up_known && bus_holds_only_card(c) && !f->multifunction &&
		      !(quirks & QUIRK_NO_BUS_RESET);
		snprintf(why, sizeof(why), "predicted from config space: FLR %s, PM reset %s%s%s",
			 f->flr == TRI_YES && (quirks & QUIRK_NO_FLR) ? "no (kernel quirk_no_flr)" : tri_name(f->flr),
			 f->pm != TRI_YES ? "absent" : f->pm_no_soft_reset == TRI_YES ? "no (NoSoftRst set)" :
			 no_pm ? "no (kernel quirk_no_pm_reset)" : "yes",
			 root_bus ? ", on the root bus" : "",
			 quirks & QUIRK_NO_BUS_RESET ? ", no bus reset (kernel quirk_no_bus_reset)" : "");
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
	/* VFIO can still reset the slot when everything on it goes to one guest,
	 * unless a quirk forbids bus reset (pci_bus_resettable checks the flag). */
	if (!root_bus && f->up_known && bus_holds_only_card(c) && !(quirks & QUIRK_NO_BUS_RESET) &&
	    !up_no_bus_reset) {
		finding_add(c->out, FIND_DEVICE_RESET_BUS_ONLY, d->bdf,
			    "%s; the bus holds only this card's functions, so VFIO can reset the bus when they all go "
			    "to the same guest",
			    why);
		return;
	}
	finding_add(c->out, FIND_DEVICE_NO_RESET, d->bdf, "%s%s", why,
		    root_bus ? "; on the root bus, so no bus reset" :
		    quirks & QUIRK_NO_BUS_RESET ? "; the kernel's quirk_no_bus_reset forbids resetting its bus" :
		    up_no_bus_reset ? "; the kernel's quirk_no_bus_reset on the bridge above forbids resetting its bus" :
		    !f->up_known ? "" : "; other devices share its bus, so no bus reset");
}

