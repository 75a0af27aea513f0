/* Fuzz target for the lspci text reader (dumps and -vv text) and what its
 * result feeds: the configuration-space decoder with the known-bits mask.
 * Built with libFuzzer it fuzzes (make fuzz); linked with replay-main.c it
 * replays tests/fuzz/corpus-lspci in make check. */
#include "config.h"

#include "import-lspci.h"
#include "pci-caps.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lspci_dump d;
	char err[256];
	size_t line;
	lspci_looks_like((const char *)data, size);
	if (lspci_parse((const char *)data, size, &d, err, sizeof(err), &line) < 0)
		return 0;
	for (size_t i = 0; i < d.n; i++) {
		struct pci_caps caps;
		pci_caps_decode(d.fn[i].config, d.fn[i].config_len, &caps);
		pci_caps_apply_known(d.fn[i].known, d.fn[i].config_len, &caps);
	}
	lspci_dump_free(&d);
	return 0;
}
