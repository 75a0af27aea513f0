/* The report model's names: the words every front end prints for the model's
 * enumerations, kept beside the model so that a renderer links no analysis code. */
#include "config.h"

#include "model.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char *tri_name(enum tri t)
{
	return t == TRI_YES ? "yes" : t == TRI_NO ? "no" : "unknown";
}

const char *hypervisor_name(enum hypervisor hv)
{
	static const char *const names[] = {"kvm", "xen", "esxi", "hyperv"};
	return (unsigned)hv < ARRAY_SIZE(names) ? names[hv] : "?";
}

bool hypervisor_by_name(const char *s, enum hypervisor *hv)
{
	for (int i = 0; i < HV__COUNT; i++)
		if (!strcmp(s, hypervisor_name((enum hypervisor)i))) {
			*hv = (enum hypervisor)i;
			return true;
		}
	return false;
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = {"ready", "warn", "unknown", "blocked"};
	return (unsigned)v < ARRAY_SIZE(names) ? names[v] : "?";
}

enum verdict verdict_of_severity(enum severity sev)
{
	switch (sev) {
	case SEV_INFO:
		return VERDICT_READY;
	case SEV_WARN:
		return VERDICT_WARN;
	case SEV_UNKNOWN:
		return VERDICT_UNKNOWN;
	case SEV_BLOCK:
		return VERDICT_BLOCKED;
	}
	return VERDICT_UNKNOWN;
}

const char *group_reason_name(enum group_reason r)
{
	switch (r) {
	case GROUP_REASON_NEW:
		return "new";
	case GROUP_REASON_DMA_ALIAS_BRIDGE:
		return "dma-alias-bridge";
	case GROUP_REASON_DMA_ALIAS_QUIRK:
		return "dma-alias-quirk";
	case GROUP_REASON_UPSTREAM_NO_ACS:
		return "upstream-no-acs";
	case GROUP_REASON_MULTIFUNCTION:
		return "multifunction-no-acs";
	case GROUP_REASON_NOT_COVERED:
		return "not-covered";
	}
	return "?";
}

const char *pcie_type_name(int type)
{
	switch (type) {
	case PCIE_TYPE_ENDPOINT:
		return "endpoint";
	case PCIE_TYPE_LEGACY_ENDPOINT:
		return "legacy endpoint";
	case PCIE_TYPE_ROOT_PORT:
		return "root port";
	case PCIE_TYPE_UPSTREAM:
		return "switch upstream port";
	case PCIE_TYPE_DOWNSTREAM:
		return "switch downstream port";
	case PCIE_TYPE_PCIE_TO_PCI:
		return "PCIe-to-PCI bridge";
	case PCIE_TYPE_PCI_TO_PCIE:
		return "PCI-to-PCIe bridge";
	case PCIE_TYPE_RCIEP:
		return "root-complex integrated endpoint";
	case PCIE_TYPE_RC_EC:
		return "root-complex event collector";
	case PCIE_TYPE_NONE:
		return "conventional PCI";
	default:
		return "unknown PCIe type";
	}
}

const char *acs_bit_name(uint16_t bit)
{
	static const char *const names[] = {"SV", "TB", "RR", "CR", "UF", "EC", "DT"};
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (bit == (1u << i))
			return names[i];
	return "?";
}

char *acs_bits_text(uint16_t bits, char *buf, size_t n)
{
	size_t used = 0;
	if (n)
		buf[0] = '\0';
	for (unsigned i = 0; i < 7; i++) {
		if (!(bits & (1u << i)))
			continue;
		int w = snprintf(buf + used, n > used ? n - used : 0, "%s%s", used ? " " : "", acs_bit_name((uint16_t)(1u << i)));
		if (w > 0)
			used += (size_t)w;
	}
	return buf;
}

bool pci_is_bridge(const struct pci_device *d)
{
	/* The header layout from the decoded config space, or from the header type
	 * the scan read; the class says it too (PCI-to-PCI, CardBus bridge). */
	unsigned layout = d->caps.header_layout ? d->caps.header_layout : (d->header_type & 0x7fu);
	return layout == 1 || layout == 2 || (d->class_code >> 8) == 0x0604 || (d->class_code >> 8) == 0x0607;
}
