/* What the device rule families (rules-facts.c, rules-isolation.c, rules-reset.c,
 * rules-device.c) share; nothing outside them includes it. */
#ifndef IA_RULES_DEVICE_H
#define IA_RULES_DEVICE_H

#include "model.h"
#include "util.h"

/* The facts a rule reads about one function, in one three-valued view built
 * from the model (pci-caps for capabilities, topology for the bridges above). */
struct device_facts {
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

struct ctx {
	const struct audit_report *r;
	struct finding_list *out;
	size_t self;                   /* index of the judged device */
	const struct pci_device *d;
	const struct device_facts *f;
};

void facts_of(const struct audit_report *r, size_t index, struct device_facts *v);

/* Devices a rule looks through: device_at(g, k) for k from g.first up to
 * g.end, in device order. Without r->rule_index, every device. */
struct device_range {
	const size_t *order;
	size_t first, end;
};
static inline size_t device_at(const struct device_range *g, size_t k)
{
	return g->order ? g->order[k] : k;
}
struct device_range devices_on_bus(const struct audit_report *r, const struct pci_device *d);
struct device_range devices_with_id(const struct audit_report *r, const struct pci_device *d);
struct device_range display_devices(const struct audit_report *r); /* class 03 */
bool same_card(const struct pci_device *a, const struct pci_device *b);
bool vf_of(const struct pci_device *b, const struct pci_device *a);
const char *short_class(uint32_t class_code);
bool driver_is_vfio_safe(const char *drv);
bool driver_is_vfio(const char *drv);
/* What the host loses if m goes to a guest (written into buf), or NULL: the
 * one definition for the device rule (as_member false) and the group rule. */
const char *host_critical(const struct audit_report *r, const struct pci_device *m, bool as_member, char *buf,
			  size_t n);
bool driver_is_pciback(const char *drv);

/* The rule families, each adding its findings for c->d. */
void judge_group(struct ctx *c);
void judge_topology(struct ctx *c);
void judge_firmware_regions(struct ctx *c);
void judge_reset(struct ctx *c);

#endif
