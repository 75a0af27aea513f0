/* Shared by the fuzz targets: decode a buffer as a table of one signature. */
#ifndef IA_FUZZ_COMMON_H
#define IA_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-tables.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input with its first four bytes forced to sig, so every input reaches
 * that table's parser; the fields are rendered too (to /dev/null). */
static inline void fuzz_one_table(const char *sig, const uint8_t *data, size_t size)
{
	uint8_t *copy = xmalloc(size ? size : 1);
	if (size)
		memcpy(copy, data, size);
	if (size >= 4)
		memcpy(copy, sig, 4);
	struct acpi_tables set = {0};
	acpi_tables_add(&set, copy, size, "fuzz");
	acpi_tables_decode(&set);
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (devnull)
		acpi_fields_print(devnull, &set.v[0].fields);
	acpi_tables_free(&set);
}

#endif
