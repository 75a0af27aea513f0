/* Fuzz target for the PCI configuration-space decoder: any bytes, any length,
 * must decode without reading out of bounds or looping. Built with libFuzzer
 * (-fsanitize=fuzzer) it fuzzes; linked with pci-replay.c it replays the
 * corpus in make check. */
#include "config.h"

#include "pci-caps.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pci_caps caps;
	char bits[64];
	/* Configuration space is at most 4 KiB; longer inputs test the cap. */
	pci_caps_decode(data, size > 4096 ? 4096 : size, &caps);
	acs_bits_text(caps.acs_cap, bits, sizeof(bits));
	acs_bits_text(caps.acs_ctrl, bits, 3); /* a short buffer must stay terminated */
	return 0;
}
