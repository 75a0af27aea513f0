/* libFuzzer target for the IORT parser (also built as a replay driver). */
#include "config.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one_table("IORT", data, size);
	return 0;
}
