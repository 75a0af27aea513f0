/* Fuzz target for the kernel log reader of pasted dmesg text. Built with
 * libFuzzer it fuzzes (make fuzz); linked with replay-main.c it replays
 * tests/fuzz/corpus-dmesg in make check. */
#include "config.h"

#include "import-dmesg.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmesg_facts f;
	char err[256];
	size_t line;
	if (dmesg_parse((const char *)data, size, &f, err, sizeof(err), &line) == 0)
		dmesg_facts_free(&f);
	return 0;
}
