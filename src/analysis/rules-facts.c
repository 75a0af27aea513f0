/* The facts a device rule reads about one function, and the small helpers the
 * rule families share. */
#include "config.h"

#include "pcitopo.h"
#include "rules.h"
#include "topology.h"
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


struct rule_index {
	struct device_slices bus, id;
	size_t *displays;
	size_t n_displays;
};

void rule_index_build(struct audit_report *r)
{
	rule_index_free(r);
	struct rule_index *x = xcalloc(1, sizeof(*x));
	device_slices_build(r->devices, r->n_devices, DEVICE_KEY_BUS, &x->bus);
	device_slices_build(r->devices, r->n_devices, DEVICE_KEY_ID, &x->id);
	for (size_t i = 0; i < r->n_devices; i++)
		if ((r->devices[i].class_code >> 16) == 0x03) {
			size_t *slot = xappend(&x->displays, &x->n_displays, sizeof(size_t));
			*slot = i;
		}
	r->rule_index = x;
}

void rule_index_free(struct audit_report *r)
{
	struct rule_index *x = r->rule_index;
	if (!x)
		return;
	device_slices_free(&x->bus);
	device_slices_free(&x->id);
	free(x->displays);
	free(x);
	r->rule_index = NULL;
}

static struct device_range slice_of(const struct audit_report *r, const struct device_slices *s,
				    const struct pci_device *d)
{
	size_t i = (size_t)(d - r->devices);
	return (struct device_range){s->order, s->first[i], s->end[i]};
}

struct device_range devices_on_bus(const struct audit_report *r, const struct pci_device *d)
{
	if (!r->rule_index)
		return (struct device_range){NULL, 0, r->n_devices};
	return slice_of(r, &r->rule_index->bus, d);
}

struct device_range devices_with_id(const struct audit_report *r, const struct pci_device *d)
{
	if (!r->rule_index)
		return (struct device_range){NULL, 0, r->n_devices};
	return slice_of(r, &r->rule_index->id, d);
}

struct device_range display_devices(const struct audit_report *r)
{
	if (!r->rule_index)
		return (struct device_range){NULL, 0, r->n_devices};
	return (struct device_range){r->rule_index->displays, 0, r->rule_index->n_displays};
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

/* m is the only display controller (class 03) of the host, its own card's
 * functions aside. */
static bool only_display(const struct audit_report *r, const struct pci_device *m)
{
	struct device_range g = display_devices(r);
	for (size_t k = g.first; k < g.end; k++) {
		const struct pci_device *o = &r->devices[device_at(&g, k)];
		if (o != m && (o->class_code >> 16) == 0x03 && !same_card(o, m))
			return false;
	}
	return true;
}

static const struct host_use *host_use_of(const struct audit_report *r, const struct pci_device *m)
{
	for (size_t i = 0; i < r->host.usage.n_uses; i++)
		if (!strcmp(r->host.usage.uses[i].bdf, m->bdf))
			return &r->host.usage.uses[i];
	return NULL;
}

/* The one definition of a device the host needs (issue 14.1), shared by the
 * device rule (judging m itself: as_member false) and the group rule (m shares
 * the judged device's group: as_member true). Writes what the host loses
 * into buf and returns it, or returns NULL.
 * - ISA/LPC bridge and SMBus controller: always (the platform's firmware
 *   interface, TPM, embedded controller, sensors; the memory SPD and sensors).
 * - Host bridge: always when judged itself (the CPU's own root complex); as a
 *   member only with a host driver: VFIO accepts a group whose other members
 *   are unbound (vfio_dev_driver_allowed), so an idle host bridge goes along.
 * - Memory controller: judged itself always; as a member with a host driver.
 * - Storage: the controller holding a mounted filesystem, and network: the NIC
 *   carrying the default route (hostuse.c, from the mount table and the route
 *   table); when the snapshot lacks those, as a member any that a host driver
 *   drives (as before), judged itself none (unknown is not "needed").
 * - The only display controller of the host, as a member (judged itself, a
 *   GPU gets GPU_ONLY_HOST_DISPLAY: single-GPU passthrough is a choice).
 * PCI bridges and ports are not judged here: DEVICE_IS_BRIDGE blocks them, and
 * the group rule leaves them with the host. */
const char *host_critical(const struct audit_report *r, const struct pci_device *m, bool as_member, char *buf,
			  size_t n)
{
	uint32_t sub = m->class_code >> 8, base = m->class_code >> 16;
	/* A device bound to vfio-pci or xen-pciback is already given away. */
	bool in_use = m->driver && !driver_is_vfio_safe(m->driver) && !driver_is_pciback(m->driver);
	const struct host_use *use = host_use_of(r, m);
	if (sub == 0x0601)
		snprintf(buf, n, "the ISA/LPC bridge (firmware interface, TPM, embedded controller, keyboard and sensors)");
	else if (sub == 0x0c05)
		snprintf(buf, n, "the SMBus controller (memory SPD, sensors, the board's management bus)");
	else if (sub == 0x0600 && (!as_member || in_use))
		snprintf(buf, n, "the host bridge (the CPU's root complex, through which every other device is reached)");
	else if (base == 0x05 && (!as_member || in_use))
		snprintf(buf, n, "a memory controller%s%s%s", m->driver ? " (driver " : "", m->driver ? m->driver : "",
			 m->driver ? ")" : "");
	else if (base == 0x01 && use)
		snprintf(buf, n, "the storage controller that %s", use->what);
	else if (base == 0x01 && as_member && !r->host.usage.mounts_known && in_use)
		snprintf(buf, n, "a storage controller in use (driver %s)", m->driver);
	else if (base == 0x02 && use)
		snprintf(buf, n, "the network controller that %s", use->what);
	else if (base == 0x02 && as_member && !r->host.usage.route_known && in_use)
		snprintf(buf, n, "a network controller in use (driver %s)", m->driver);
	else if (base == 0x03 && as_member && only_display(r, m))
		snprintf(buf, n, "the host's only display controller");
	else
		return NULL;
	return buf;
}

/* Explains why the group is larger than the card: the first place on the path
 * to the root where the kernel's ACS test fails. */
