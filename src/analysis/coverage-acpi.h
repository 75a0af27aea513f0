/* Builds coverage's neutral firmware model (struct fw_iommu_model) from the
 * decoded DMAR and IVRS tables. */
#ifndef IA_COVERAGE_ACPI_H
#define IA_COVERAGE_ACPI_H

#include "acpi-tables.h"
#include "coverage.h"

/* Owns everything the model points to. */
struct fw_model_store {
	struct fw_iommu_model model;
	struct fw_unit *units;
	size_t n_units;
	struct fw_region *regions;
	size_t n_regions;
	void **owned;
	size_t n_owned;
};

/* Returns false when the set has neither a DMAR nor an IVRS. */
bool coverage_model_from_acpi(const struct acpi_tables *set, struct fw_model_store *st);
void coverage_model_free(struct fw_model_store *st);

#endif
