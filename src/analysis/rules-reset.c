/* Reset rules: which reset the kernel can use on the device between guests. */
#include "config.h"

#include "pcitopo.h"
#include "rules.h"
#include "rules-device.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool bus_holds_only_card(const struct ctx *c)
{
	for (size_t i = 0; i < c->r->n_devices; i++) {
		const struct pci_device *o = &c->r->devices[i];
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
	bool amd_display = d->vendor_id == 0x1002 && pci_is_gpu(d);

	const char *family = amd_reset_bug_family(d->vendor_id, d->device_id);
	if (family && pci_is_gpu(d) && !list_has_word(d->reset_method, "device_specific", " ")) {
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
	 * would: FLR, PM reset without NoSoftRst (never for AMD/ATI display, a
	 * quirk), bus reset only alone on a non-root bus. */
	char why[200];
	bool strong = false, bus = false;
	if (d->reset_method) {
		static const char *const strong_methods[] = {"device_specific", "acpi", "flr", "af_flr", "pm"};
		for (size_t i = 0; i < ARRAY_SIZE(strong_methods); i++)
			strong = strong || list_has_word(d->reset_method, strong_methods[i], " ");
		bus = list_has_word(d->reset_method, "bus", " ") || list_has_word(d->reset_method, "cxl_bus", " ");
		snprintf(why, sizeof(why), "reset_method: %s", d->reset_method[0] ? d->reset_method : "(empty)");
	} else if (kernel_at_least(c->r->host.kernel_release, 5, 15) == TRI_YES) {
		snprintf(why, sizeof(why), "no reset_method attribute (Linux %s shows it only when a method exists)",
			 c->r->host.kernel_release);
	} else {
		if (!f->config_read)
			return; /* unknown; DEVICE_CONFIG_UNREADABLE says so */
		strong = f->flr == TRI_YES || (f->pm == TRI_YES && f->pm_no_soft_reset == TRI_NO && !amd_display);
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

