/* Fuzz target for the PCI configuration-space decoder: any bytes, any length,
 * must decode without reading out of bounds or looping. Built with libFuzzer
 * (-fsanitize=fuzzer) it fuzzes; linked with replay-main.c it replays the
 * corpus in make check. */
#include "config.h"

#include "pci-caps.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pci_caps caps;
	char bits[64];
	/* Configuration space is at most 4 KiB; longer inputs test the cap. */
	size_t len = size > 4096 ? 4096 : size;
	pci_caps_decode(data, len, &caps);
	/* The capture's scrubber walks the same lists, writing: on a copy. */
	uint8_t copy[4096];
	if (len)
		memcpy(copy, data, len);
	pci_config_scrub(copy, len);
	acs_bits_text(caps.acs_cap, bits, sizeof(bits));
	acs_bits_text(caps.acs_ctrl, bits, 3); /* a short buffer must stay terminated */
	return 0;
}
