#include "config.h"

#include "acs-facts.h"

#include <stddef.h>

/* Seen on a Gigabyte B460 HD3 (Intel B460, 400-series PCH) under Debian 12's
 * 6.1.0-27-amd64 with the IOMMU on (public hardware probe, linuxhw/LsPCI
 * Desktop/Gigabyte Technology/B460/B460HD3/22CE32357125/DEBIAN-12/6.1.0-27-AMD64/
 * X86_64/27BFC5F820; copy in tests/fixtures/real/gigabyte-b460-hd3): ACSCap
 * SrcValid+ TransBlk+ ReqRedir+ CmpltRedir+, ACSCtl all off, and the kernel
 * grouped the port with what is below it. 8086:a394 (root port #05) of the
 * same machine is not listed: that probe shows no ACS capability for it, so
 * there is no evidence that it drops written bits. */
static const struct acs_ctrl_not_kept table[] = {
	{0x8086, 0xa393, "Intel 400-series PCH (Comet Lake) PCIe root port",
	 "Gigabyte B460 HD3, Debian 6.1.0-27-amd64, IOMMU on: ACS control reads 0 (linuxhw/LsPCI probe 27BFC5F820)"},
	{0x8086, 0xa398, "Intel 400-series PCH (Comet Lake) PCIe root port #9",
	 "Gigabyte B460 HD3, Debian 6.1.0-27-amd64, IOMMU on: ACS control reads 0 (linuxhw/LsPCI probe 27BFC5F820)"},
};

const struct acs_ctrl_not_kept *acs_ctrl_not_kept_lookup(uint16_t vendor, uint16_t device)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].vendor == vendor && table[i].device == device)
			return &table[i];
	return NULL;
}
