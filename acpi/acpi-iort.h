/* IORT (Arm I/O Remapping Table, spec E.x): the model. Nodes keep their
 * offset in the table; an ID mapping's output_ref is the offset of the node
 * it maps to, resolved into output_node (index into nodes, or -1). */
#ifndef IA_ACPI_IORT_H
#define IA_ACPI_IORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acpi_table;

enum iort_node_type {
	IORT_ITS_GROUP = 0,
	IORT_NAMED_COMPONENT = 1,
	IORT_ROOT_COMPLEX = 2,
	IORT_SMMU = 3,     /* SMMUv1/v2 */
	IORT_SMMU_V3 = 4,
	IORT_PMCG = 5,
	IORT_RMR = 6,
	IORT_IWB = 7,
};

struct iort_id_mapping {
	uint32_t offset;
	uint32_t input_base, id_count; /* id_count is "number of IDs minus one" */
	uint32_t output_base, output_ref;
	uint32_t flags;               /* bit 0: single mapping */
	int output_node;              /* index of the node at output_ref, or -1 */
};

struct iort_rmr_desc {
	uint64_t base, length;
};

struct iort_node {
	uint32_t offset;
	uint8_t type;
	uint16_t length;
	uint8_t revision;
	uint32_t identifier;   /* revision >= 3 tables; else reserved */
	uint32_t n_mappings_declared;
	uint32_t mapping_offset;
	struct iort_id_mapping *mappings; size_t n_mappings;
	/* type-specific data, zero when not applicable */
	uint64_t base;         /* SMMU, SMMUv3, PMCG page 0 */
	uint32_t flags;        /* SMMU, SMMUv3, RMR, named component node flags */
	uint32_t model;        /* SMMU, SMMUv3 */
	uint32_t segment;      /* root complex */
	uint32_t ats_attribute; /* root complex: bit 0 ATS, 1 PRI, 2 PASID forwarding */
	char *name;            /* named component or IWB device name */
	uint16_t iwb_index;    /* IWB: its frame id in the GICv5 interrupt namespace */
	uint32_t *its_ids; size_t n_its_ids;
	struct iort_rmr_desc *rmrs; size_t n_rmrs;
};

struct acpi_iort {
	uint32_t node_count, node_offset;
	struct iort_node *nodes; size_t n_nodes;
};

void acpi_iort_decode(struct acpi_table *t);
void acpi_iort_free(struct acpi_iort *v);
const char *iort_node_name(unsigned type);

#endif
