/* libFuzzer target for the IVRS parser (also built as a replay driver). */
#include "config.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one_table("IVRS", data, size);
	return 0;
}
