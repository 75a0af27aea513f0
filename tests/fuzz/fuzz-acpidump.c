/* libFuzzer target for the acpidump text reader and what it feeds. */
#include "config.h"

#include "acpi-dump.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_dump_table *tables;
	struct acpi_dump_error bad;
	int n = acpi_dump_parse((const char *)data, size, &tables, &bad);
	if (n <= 0)
		return 0;
	struct acpi_tables set = {0};
	for (int i = 0; i < n; i++)
		acpi_tables_add(&set, tables[i].bytes, tables[i].len, "fuzz");
	free(tables);
	acpi_tables_decode(&set);
	acpi_tables_free(&set);
	return 0;
}
