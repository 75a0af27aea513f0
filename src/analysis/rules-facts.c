/* The facts a device rule reads about one function, and the small helpers the
 * rule families share. */
#include "config.h"

#include "pcitopo.h"
#include "rules.h"
#include "rules-device.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *amd_reset_bug_family(uint16_t vendor, uint16_t device)
{
	static const struct {
		uint16_t device;
		const char *family;
	} ids[] = {
#define AMD_RESET(dev, fam) {dev, fam},
#include "amd-reset.def"
#undef AMD_RESET
	};
	if (vendor != 0x1002)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (ids[i].device == device)
			return ids[i].family;
	return NULL;
}

bool gpu_has_amd_reset_bug(uint16_t vendor, uint16_t device)
{
	return amd_reset_bug_family(vendor, device) != NULL;
}

void facts_of(const struct audit_report *r, size_t index, struct device_facts *v)
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


/* A function of the same card: same domain, bus and device number. SR-IOV
 * virtual functions are not companions: each is assigned on its own. */
bool same_card(const struct pci_device *a, const struct pci_device *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->dev == b->dev && !a->physfn && !b->physfn;
}

/* b is a virtual function of a. */
bool vf_of(const struct pci_device *b, const struct pci_device *a)
{
	return b->physfn && !strcmp(b->physfn, a->bdf);
}

const char *short_class(uint32_t class_code)
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

/* Drivers that leave a group viable for VFIO: those that set driver_managed_dma
 * (vfio-pci and its variants, pci-stub, pcieport; the DMA ownership check of
 * iommu_device_use_default_domain(), Linux 5.19+; before, vfio's own list held
 * pci-stub only), or none. Xen's pciback does not set it (drivers/xen/
 * xen-pciback/pci_stub.c): a member bound to it keeps the group from VFIO. */
bool driver_is_vfio_safe(const char *drv)
{
	if (!drv)
		return true;
	size_t n = strlen(drv);
	return !strcmp(drv, "vfio-pci") || !strcmp(drv, "pci-stub") || !strcmp(drv, "pcieport") ||
	       (n > 9 && !strcmp(drv + n - 9, "-vfio-pci"));
}

/* xen-pciback (driver name "pciback"): the device is set aside for Xen guests. */
bool driver_is_pciback(const char *drv)
{
	return drv && (!strcmp(drv, "pciback") || !strcmp(drv, "xen-pciback"));
}

bool driver_is_vfio(const char *drv)
{
	size_t n = drv ? strlen(drv) : 0;
	return n && (!strcmp(drv, "vfio-pci") || (n > 9 && !strcmp(drv + n - 9, "-vfio-pci")));
}

/* Host-critical members: the host cannot give them away without losing itself.
 * The ISA/LPC bridge and the SMBus controller carry the platform (firmware,
 * sensors, the console's legacy devices); storage, network and memory
 * controllers count when a host driver drives them. A host bridge without a
 * driver is not one: VFIO accepts a group whose other members are unbound. */
bool host_critical(const struct pci_device *m)
{
	uint32_t sub = m->class_code >> 8, base = m->class_code >> 16;
	if (sub == 0x0601 || sub == 0x0c05)
		return true;
	if ((base == 0x01 || base == 0x02 || base == 0x05) && m->driver && !driver_is_vfio_safe(m->driver) &&
	    !driver_is_pciback(m->driver))
		return true;
	return false;
}

const char *human_size(uint64_t bytes, char *buf, size_t n)
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
