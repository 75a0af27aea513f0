/* IOMMU groups predicted the way the Linux kernel forms them
 * (drivers/iommu/iommu.c pci_device_group and its helpers), with the reason of
 * every merge, the ACS verdict of every function and of its path to the root,
 * and a comparison with the groups the running kernel formed.
 *
 * Devices are processed in the kernel's probe order (topology_probe_order);
 * a predicted group's KEY is the BDF of its first device in that order, which
 * is stable for a given topology. */
#ifndef IA_GROUPS_H
#define IA_GROUPS_H

#include "model.h"

struct group_inputs {
	const struct pci_device *devs; /* sorted by BDF, topology linked */
	size_t n;
	const struct kernel_facts *kernel;
	const struct firmware_facts *firmware;
	/* Per device: whether an IOMMU unit covers it (firmware scope). NULL:
	 * every PCI function is covered except an AMD IOMMU's own function. */
	const enum tri *covered;
	/* Per device: an extra same-bus DMA alias devfn from firmware (AMD IVHD
	 * alias entries, as the AMD driver adds them), or -1. NULL: none. */
	const int *firmware_alias_devfn;
	/* The running kernel's release (osrelease): the quirk tables of that
	 * release apply. NULL: unknown, the newest tables apply. */
	const char *kernel_release;
	/* Built from pasted text (import): what it does not state is unknown
	 * because the text leaves it out, not for want of root. */
	bool imported;
};

void groups_predict(const struct group_inputs *in, struct group_prediction *out);
void group_prediction_free(struct group_prediction *gp);

/* Whether the kernel is expected to form groups at all, and if not why. */
bool groups_iommu_expected(const struct kernel_facts *k, const struct firmware_facts *fw, const char **why);

#endif
