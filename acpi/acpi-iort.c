#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-buf.h"
#include "acpi-iort.h"
#include "acpi-sdt.h"
#include "util.h"

#define IORT_HEADER_LEN 48
#define IORT_NODE_HEADER_LEN 16
#define IORT_MAPPING_LEN 20

const char *iort_node_name(unsigned type)
{
	switch (type) {
	case IORT_ITS_GROUP: return "ITS Group";
	case IORT_NAMED_COMPONENT: return "Named Component";
	case IORT_ROOT_COMPLEX: return "PCI Root Complex";
	case IORT_SMMU: return "SMMUv1/v2";
	case IORT_SMMU_V3: return "SMMUv3";
	case IORT_PMCG: return "PMCG";
	case IORT_RMR: return "RMR";
	case IORT_IWB: return "IWB";
	default: return "Unknown Node Type";
	}
}

/* Fields of nodes whose decode ACPICA bounds by the node's own length. */
static void nf(struct acpi_table *t, size_t end, size_t at, unsigned w, const char *name)
{
	if (at + w <= end)
		af_uint(&t->fields, t->bytes, t->len, at, w, name);
}

/* Reserved bits of a field that lies inside the node. */
static void nres(struct acpi_table *t, size_t end, size_t at, unsigned w, uint64_t mask,
		 const char *name)
{
	if (at + w <= end)
		acpi_reserved(t, at, w, mask, name);
}

/* The memory access properties of a named component or root complex, with
 * the checks the IORT specification (memory access properties table) makes:
 * CCA is 0 or 1; CCA 1 needs CPM; CPM with DACS needs CCA 1. `end` bounds
 * the checks (the node); `fend` the fields, as ACPICA prints them. */
static void mem_props(struct acpi_table *t, size_t fend, size_t end, size_t at, size_t node)
{
	if (at + 8 <= fend && at + 8 <= t->len)
		af_label(&t->fields, at, 8, "Memory Properties", "[IORT Memory Access Properties]");
	nf(t, fend, at, 4, "Cache Coherency");
	nf(t, fend, at + 4, 1, "Hints");
	nf(t, fend, at + 5, 2, "Reserved");
	nf(t, fend, at + 7, 1, "Memory Flags");
	if (at + 8 > end || !acpi_in(t->len, at, 8))
		return;
	/* Allocation hints bits 7:4, two reserved bytes, memory access flags
	 * bits 7:3 (bit 2 is CANWBS since issue E.e). */
	acpi_reserved(t, at + 4, 1, 0xf0, "Allocation Hints");
	acpi_reserved(t, at + 5, 2, 0xffff, "Memory Access Reserved");
	acpi_reserved(t, at + 7, 1, 0xf8, "Memory Access Flags");
	uint32_t cca = acpi_u32(t->bytes, t->len, at);
	uint8_t mf = acpi_u8(t->bytes, t->len, at + 7);
	bool cpm = mf & 1, dacs = mf & 2;
	if (cca > 1)
		acpi_finding(t, FIND_IORT_COHERENCY,
			     "node at 0x%zx: cache coherency attribute %u (0 or 1 allowed)", node, cca);
	else if (cca == 1 && !cpm)
		acpi_finding(t, FIND_IORT_COHERENCY,
			     "node at 0x%zx: CCA 1 (coherent) without CPM (memory flags 0x%02x)", node, mf);
	else if (cca == 0 && cpm && dacs)
		acpi_finding(t, FIND_IORT_COHERENCY,
			     "node at 0x%zx: CPM and DACS set (memory flags 0x%02x) but CCA 0", node, mf);
}

/* The newest node revision of each type: IORT specification DEN0049 issue
 * E.e (EDK2's IoRemappingTable.h agrees), IWB from the issue that added it. */
static int iort_max_revision(unsigned type)
{
	switch (type) {
	case IORT_ITS_GROUP: return 1;
	case IORT_NAMED_COMPONENT: return 4;
	case IORT_ROOT_COMPLEX: return 4;
	case IORT_SMMU: return 3;
	case IORT_SMMU_V3: return 5;
	case IORT_PMCG: return 2;
	case IORT_RMR: return 3;
	case IORT_IWB: return 0;
	default: return -1;
	}
}

static void decode_node(struct acpi_table *t, struct iort_node *n, size_t off, size_t end)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	size_t tend = len; /* most node data is printed up to the table end */

	switch (n->type) {
	case IORT_ITS_GROUP: {
		if (n->n_mappings_declared || n->mapping_offset)
			acpi_finding(t, FIND_IORT_ITS_MAPPINGS,
				     "ITS group at 0x%zx: mapping count %u, mapping offset 0x%x (both must be 0)",
				     off, n->n_mappings_declared, n->mapping_offset);
		nf(t, tend, off + 16, 4, "ItsCount");
		uint32_t count = acpi_u32(b, len, off + 16);
		/* ACPICA prints all `count` identifiers, past the node if need be
		 * (up to the table's end); the model keeps those inside the node. */
		for (uint32_t i = 0; i < count && i < ACPI_WALK_LIMIT; i++) {
			size_t at = off + 20 + 4 * (size_t)i;
			if (at + 4 > end && at + 4 - end <= 4) /* the first one outside */
				acpi_finding(t, FIND_IORT_NODE_LENGTH,
					     "ITS group at 0x%zx: %u identifiers do not fit in its %u bytes",
					     off, count, n->length);
			if (at + 4 > tend)
				break;
			nf(t, tend, at, 4, "Identifiers");
			if (at + 4 > end)
				continue;
			uint32_t *id = xappend(&n->its_ids, &n->n_its_ids, sizeof(*id));
			*id = acpi_u32(b, len, at);
		}
		break;
	}
	case IORT_NAMED_COMPONENT: {
		nf(t, tend, off + 16, 4, "Node Flags");
		mem_props(t, tend, end, off + 20, off);
		nf(t, tend, off + 28, 1, "Memory Size Limit");
		n->flags = acpi_u32(b, len, off + 16);
		/* bit 0 stall supported, bits 5:1 PASID bits (ACPICA actbl2.h) */
		nres(t, end, off + 16, 4, 0xffffffc0u, "Named Component Flags");
		if (off + 29 < end) {
			size_t room = end - (off + 29);
			size_t sl = strnlen((const char *)b + off + 29, room);
			if (sl == room)
				acpi_finding(t, FIND_IORT_NAME_UNTERMINATED,
					     "named component at 0x%zx: no NUL in the %zu name bytes before the node ends",
					     off, room);
			af_string(&t->fields, b, len, off + 29, (unsigned)(sl < room ? sl + 1 : sl),
				  "Device Name");
			n->name = sanitize_fw_string(b + off + 29, sl);
			/* ACPICA shows the bytes between the name and the mappings. */
			size_t name_end = off + 29 + (sl < room ? sl + 1 : sl);
			size_t maps = (size_t)n->n_mappings_declared * 20;
			if (name_end + maps < end && maps < end)
				af_bytes(&t->fields, b, len, name_end, (unsigned)(end - maps - name_end),
					 "Padding");
		} else {
			n->name = xstrdup("");
			acpi_finding(t, FIND_IORT_NAME_UNTERMINATED,
				     "named component at 0x%zx: the node ends before its device name", off);
		}
		break;
	}
	case IORT_ROOT_COMPLEX:
		mem_props(t, end, end, off + 16, off);
		/* ATS attribute: bits 0-2 ATS, PRI, PASID forwarding; PASID
		 * capabilities: bits 4:0 max width; flags: bits 1:0 defined. */
		nres(t, end, off + 24, 4, 0xfffffff8u, "ATS Attribute");
		nres(t, end, off + 33, 2, 0xffe0, "PASID Capabilities");
		nres(t, end, off + 35, 1, 0xff, "Root Complex Reserved");
		nres(t, end, off + 36, 4, 0xfffffffcu, "Root Complex Flags");
		nf(t, end, off + 24, 4, "ATS Attribute");
		nf(t, end, off + 28, 4, "PCI Segment Number");
		nf(t, end, off + 32, 1, "Memory Size Limit");
		nf(t, end, off + 33, 2, "PASID Capabilities");
		nf(t, end, off + 35, 1, "Reserved");
		nf(t, end, off + 36, 4, "Flags");
		n->ats_attribute = acpi_u32(b, len, off + 24);
		n->segment = acpi_u32(b, len, off + 28);
		break;
	case IORT_SMMU: {
		nf(t, tend, off + 16, 8, "Base Address");
		nf(t, tend, off + 24, 8, "Span");
		nf(t, tend, off + 32, 4, "Model");
		nf(t, tend, off + 36, 4, "Flags");
		nf(t, tend, off + 40, 4, "Global Interrupt Offset");
		nf(t, tend, off + 44, 4, "Context Interrupt Count");
		nf(t, tend, off + 48, 4, "Context Interrupt Offset");
		nf(t, tend, off + 52, 4, "PMU Interrupt Count");
		nf(t, tend, off + 56, 4, "PMU Interrupt Offset");
		n->base = acpi_u64(b, len, off + 16);
		n->model = acpi_u32(b, len, off + 32);
		n->flags = acpi_u32(b, len, off + 36);
		if (off + 36 <= end && n->model > 5)
			acpi_finding(t, FIND_IORT_SMMU_MODEL,
				     "SMMUv1/v2 node at 0x%zx: model %u (0-5 defined)", off, n->model);
		/* flags: bit 0 DVM, bit 1 coherent walk; interrupt flags: bit 0 edge */
		nres(t, end, off + 36, 4, 0xfffffffcu, "SMMU Flags");
		size_t g = acpi_u32(b, len, off + 40);
		if (g) {
			nf(t, tend, off + g, 4, "NSgIrpt");
			nf(t, tend, off + g + 4, 4, "NSgIrpt Flags");
			nf(t, tend, off + g + 8, 4, "NSgCfgIrpt");
			nf(t, tend, off + g + 12, 4, "NSgCfgIrpt Flags");
			nres(t, end, off + g + 4, 4, 0xfffffffeu, "NSgIrpt Flags");
			nres(t, end, off + g + 12, 4, 0xfffffffeu, "NSgCfgIrpt Flags");
		}
		uint32_t cc = acpi_u32(b, len, off + 44), co = acpi_u32(b, len, off + 48);
		/* As for ITS identifiers: ACPICA prints the arrays to their count,
		 * within the table; the checks stay inside the node. */
		for (uint32_t i = 0; i < cc && off + co + 8 * (size_t)i + 8 <= tend; i++) {
			size_t at = off + co + 8 * (size_t)i;
			nf(t, tend, at, 8, "Context Interrupt");
			if (at + 8 <= end)
				acpi_reserved(t, at + 4, 4, 0xfffffffeu, "Context Interrupt Flags");
		}
		uint32_t pc = acpi_u32(b, len, off + 52), po = acpi_u32(b, len, off + 56);
		for (uint32_t i = 0; i < pc && off + po + 8 * (size_t)i + 8 <= tend; i++) {
			size_t at = off + po + 8 * (size_t)i;
			nf(t, tend, at, 8, "PMU Interrupt");
			if (at + 8 <= end)
				acpi_reserved(t, at + 4, 4, 0xfffffffeu, "PMU Interrupt Flags");
		}
		if ((size_t)co + 8 * (size_t)cc > n->length || (size_t)po + 8 * (size_t)pc > n->length ||
		    g + 16 > n->length)
			acpi_finding(t, FIND_IORT_NODE_LENGTH,
				     "SMMU node at 0x%zx: its interrupt arrays reach past its %u bytes", off,
				     n->length);
		break;
	}
	case IORT_SMMU_V3:
		nf(t, end, off + 16, 8, "Base Address");
		nf(t, end, off + 24, 4, "Flags");
		nf(t, end, off + 28, 4, "Reserved");
		nf(t, end, off + 32, 8, "VATOS Address");
		nf(t, end, off + 40, 4, "Model");
		nf(t, end, off + 44, 4, "Event GSIV");
		nf(t, end, off + 48, 4, "PRI GSIV");
		nf(t, end, off + 52, 4, "GERR GSIV");
		nf(t, end, off + 56, 4, "Sync GSIV");
		nf(t, end, off + 60, 4, "Proximity Domain");
		nf(t, end, off + 64, 4, "Device ID Mapping Index");
		n->base = acpi_u64(b, len, off + 16);
		n->flags = acpi_u32(b, len, off + 24);
		n->model = acpi_u32(b, len, off + 40);
		if (off + 44 <= end && n->model > 2)
			acpi_finding(t, FIND_IORT_SMMUV3_MODEL,
				     "SMMUv3 node at 0x%zx: model %u (0-2 defined)", off, n->model);
		/* flags: bit 0 COHACC override, 2:1 HTTU override, 3 proximity
		 * domain valid, 4 DeviceID mapping index valid */
		nres(t, end, off + 24, 4, 0xffffffe0u, "SMMUv3 Flags");
		nres(t, end, off + 28, 4, ~0ull, "SMMUv3 Reserved");
		break;
	case IORT_PMCG:
		nf(t, end, off + 16, 8, "Page 0 Base Address");
		nf(t, end, off + 24, 4, "Overflow Interrupt GSIV");
		nf(t, end, off + 28, 4, "Node Reference");
		nf(t, end, off + 32, 8, "Page 1 Base Address");
		n->base = acpi_u64(b, len, off + 16);
		break;
	case IORT_RMR: {
		nf(t, end, off + 16, 4, "Flags");
		nf(t, end, off + 20, 4, "Number of RMR Descriptors");
		nf(t, end, off + 24, 4, "RMR Descriptor Offset");
		n->flags = acpi_u32(b, len, off + 16);
		/* bit 0 remap permitted, bit 1 privileged, bits 9:2 access attributes */
		nres(t, end, off + 16, 4, 0xfffffc00u, "RMR Flags");
		uint32_t count = acpi_u32(b, len, off + 20), doff = acpi_u32(b, len, off + 24);
		for (uint32_t i = 0; i < count && i < ACPI_WALK_LIMIT; i++) {
			size_t at = off + doff + 20 * (size_t)i;
			if (at + 20 > end) {
				acpi_finding(t, FIND_IORT_NODE_LENGTH,
					     "RMR node at 0x%zx: descriptor %u lies outside the node", off, i);
				break;
			}
			nf(t, tend, at, 8, "Base Address of RMR");
			nf(t, tend, at + 8, 8, "Length of RMR");
			nf(t, tend, at + 16, 4, "Reserved");
			acpi_reserved(t, at + 16, 4, ~0ull, "RMR Descriptor Reserved");
			struct iort_rmr_desc *d = xappend(&n->rmrs, &n->n_rmrs, sizeof(*d));
			d->base = acpi_u64(b, len, at);
			d->length = acpi_u64(b, len, at + 8);
			if (!d->length || (d->base & 0xfff) || (d->length & 0xfff))
				acpi_finding(t, FIND_IORT_RMR_BAD,
					     "RMR node at 0x%zx: range [0x%" PRIx64 " +0x%" PRIx64 "] is empty or not in 4 KiB pages",
					     off, d->base, d->length);
		}
		break;
	}
	case IORT_IWB: {
		/* Interrupt wire bridge (GICv5): ACPICA's struct acpi_iort_iwb. */
		nf(t, end, off + 16, 8, "Base Address");
		nf(t, end, off + 24, 2, "IWB Index");
		n->base = acpi_u64(b, len, off + 16);
		n->iwb_index = acpi_u16(b, len, off + 24);
		if (off + 26 < end) {
			size_t room = end - (off + 26);
			size_t sl = strnlen((const char *)b + off + 26, room);
			af_string(&t->fields, b, len, off + 26, (unsigned)(sl < room ? sl + 1 : sl),
				  "Device Name");
			n->name = sanitize_fw_string(b + off + 26, sl);
			if (sl == room)
				acpi_finding(t, FIND_IORT_NAME_UNTERMINATED,
					     "IWB at 0x%zx: no NUL in the %zu name bytes before the node ends",
					     off, room);
		} else {
			n->name = xstrdup("");
		}
		break;
	}
	default:
		acpi_finding(t, FIND_ACPI_UNKNOWN_SUBTABLE,
			     "IORT node type %u at 0x%zx is not one this tool knows; skipped", n->type, off);
		return;
	}

	/* ID mappings */
	for (uint32_t i = 0; i < n->n_mappings_declared && i < ACPI_WALK_LIMIT; i++) {
		size_t at = off + n->mapping_offset + (size_t)IORT_MAPPING_LEN * i;
		if (n->mapping_offset < IORT_NODE_HEADER_LEN || at + IORT_MAPPING_LEN > end) {
			acpi_finding(t, FIND_IORT_MAPPING_OUTSIDE,
				     "%s node at 0x%zx: ID mapping %u (at node offset 0x%x) lies outside the node's %u bytes",
				     iort_node_name(n->type), off, i, n->mapping_offset, n->length);
			break;
		}
		af_uint(&t->fields, b, len, at, 4, "Input base");
		af_uint(&t->fields, b, len, at + 4, 4, "ID Count");
		af_uint(&t->fields, b, len, at + 8, 4, "Output Base");
		af_uint(&t->fields, b, len, at + 12, 4, "Output Reference");
		af_uint(&t->fields, b, len, at + 16, 4, "Flags");
		acpi_reserved(t, at + 16, 4, 0xfffffffeu, "ID Mapping Flags"); /* bit 0 single */
		struct iort_id_mapping *m = xappend(&n->mappings, &n->n_mappings, sizeof(*m));
		m->offset = (uint32_t)at;
		m->input_base = acpi_u32(b, len, at);
		m->id_count = acpi_u32(b, len, at + 4);
		m->output_base = acpi_u32(b, len, at + 8);
		m->output_ref = acpi_u32(b, len, at + 12);
		m->flags = acpi_u32(b, len, at + 16);
		m->output_node = -1;
	}
}

static void iort_check(struct acpi_table *t, struct acpi_iort *v)
{
	bool smmu = false;
	for (size_t i = 0; i < v->n_nodes; i++)
		smmu |= v->nodes[i].type == IORT_SMMU || v->nodes[i].type == IORT_SMMU_V3;
	for (size_t i = 0; i < v->n_nodes; i++) {
		struct iort_node *n = &v->nodes[i];
		for (size_t k = 0; k < n->n_mappings; k++) {
			struct iort_id_mapping *m = &n->mappings[k];
			for (size_t j = 0; j < v->n_nodes; j++)
				if (v->nodes[j].offset == m->output_ref)
					m->output_node = (int)j;
			if (m->output_node < 0)
				acpi_finding(t, FIND_IORT_MAPPING_BAD_REF,
					     "%s node at 0x%x: ID mapping at 0x%x points to 0x%x, where no node starts",
					     iort_node_name(n->type), n->offset, m->offset, m->output_ref);
			else if ((size_t)m->output_node == i)
				acpi_finding(t, FIND_IORT_MAPPING_BAD_REF,
					     "%s node at 0x%x: ID mapping at 0x%x points to its own node",
					     iort_node_name(n->type), n->offset, m->offset);
		}
		if (n->type == IORT_ROOT_COMPLEX) {
			bool to_smmu = false;
			for (size_t k = 0; k < n->n_mappings; k++) {
				int o = n->mappings[k].output_node;
				to_smmu |= o >= 0 && (v->nodes[o].type == IORT_SMMU ||
						      v->nodes[o].type == IORT_SMMU_V3);
			}
			if (!to_smmu)
				acpi_finding(t, FIND_IORT_RC_NO_SMMU,
					     "PCI root complex node at 0x%x (segment %u) maps to no SMMU",
					     n->offset, n->segment);
		}
		if (n->type == IORT_RMR && !(n->flags & 1) && n->n_rmrs)
			acpi_finding(t, FIND_IORT_RMR_STRICT,
				     "RMR node at 0x%x: %zu range(s) without REMAP_PERMITTED (flags 0x%x)",
				     n->offset, n->n_rmrs, n->flags);
	}
	if (!smmu)
		acpi_finding(t, FIND_IORT_NO_SMMU, "the IORT has no SMMUv1/v2 or SMMUv3 node");
}

void acpi_iort_decode(struct acpi_table *t)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_iort *v = xcalloc(1, sizeof(*v));
	t->iort = v;
	af_uint(&t->fields, b, len, 36, 4, "Node Count");
	af_uint(&t->fields, b, len, 40, 4, "Node Offset");
	af_uint(&t->fields, b, len, 44, 4, "Reserved");
	v->node_count = acpi_u32(b, len, 36);
	v->node_offset = acpi_u32(b, len, 40);
	if (len < IORT_HEADER_LEN) {
		acpi_finding(t, FIND_ACPI_TABLE_TRUNCATED, "%zu bytes, less than the 48-byte IORT header", len);
		return;
	}
	acpi_reserved(t, 44, 4, ~0ull, "IORT Reserved");
	size_t off = v->node_offset;
	if (off < IORT_HEADER_LEN) {
		acpi_finding(t, FIND_IORT_NODE_LENGTH, "node offset 0x%zx points into the header", off);
		return;
	}
	if (off >= len && v->node_count) {
		acpi_finding(t, FIND_IORT_NODE_OFFSET,
			     "node offset 0x%zx lies past the table's %zu bytes; none of its %u nodes can be read",
			     off, len, v->node_count);
		iort_check(t, v);
		return;
	}
	unsigned steps = 0;
	while (off < len) {
		if (++steps > ACPI_WALK_LIMIT) {
			acpi_finding(t, FIND_ACPI_WALK_LIMIT, "more than %u nodes", ACPI_WALK_LIMIT);
			break;
		}
		af_uint(&t->fields, b, len, off, 1, "Type");
		af_note(&t->fields, iort_node_name(acpi_u8(b, len, off)));
		af_uint(&t->fields, b, len, off + 1, 2, "Length");
		af_uint(&t->fields, b, len, off + 3, 1, "Revision");
		af_uint(&t->fields, b, len, off + 4, 4, t->hdr.revision >= 3 ? "Identifier" : "Reserved");
		af_uint(&t->fields, b, len, off + 8, 4, "Mapping Count");
		af_uint(&t->fields, b, len, off + 12, 4, "Mapping Offset");
		if (len - off < IORT_NODE_HEADER_LEN) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "%zu bytes at 0x%zx, too few for a node header", len - off, off);
			break;
		}
		size_t nlen = acpi_u16(b, len, off + 1);
		if (!nlen) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_ZERO_LENGTH,
				     "node at 0x%zx has length 0; parsing stops here", off);
			break;
		}
		bool passes_end = nlen > len - off;
		if (passes_end)
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "node at 0x%zx claims %zu bytes but only %zu remain", off, nlen, len - off);
		if (nlen < IORT_NODE_HEADER_LEN)
			acpi_finding(t, FIND_IORT_NODE_LENGTH,
				     "node at 0x%zx has length %zu, less than its 16-byte header", off, nlen);
		struct iort_node *n = xappend(&v->nodes, &v->n_nodes, sizeof(*n));
		n->offset = (uint32_t)off;
		n->type = b[off];
		n->length = (uint16_t)nlen;
		n->revision = b[off + 3];
		n->identifier = acpi_u32(b, len, off + 4);
		n->n_mappings_declared = acpi_u32(b, len, off + 8);
		n->mapping_offset = acpi_u32(b, len, off + 12);
		if ((int)n->revision > iort_max_revision(n->type) && iort_max_revision(n->type) >= 0)
			acpi_finding(t, FIND_IORT_NODE_REVISION,
				     "%s node at 0x%zx: revision %u, the newest defined is %d",
				     iort_node_name(n->type), off, n->revision, iort_max_revision(n->type));
		/* Bytes 4-7 are the node identifier from table revision 3 on. */
		if (t->hdr.revision < 3)
			acpi_reserved(t, off + 4, 4, ~0ull, "Node Reserved");
		decode_node(t, n, off, passes_end ? len : off + nlen);
		if (passes_end)
			break;
		off += nlen;
	}
	if (v->n_nodes != v->node_count)
		acpi_finding(t, FIND_IORT_NODE_LENGTH, "the header counts %u nodes, the table holds %zu",
			     v->node_count, v->n_nodes);
	iort_check(t, v);
}

void acpi_iort_free(struct acpi_iort *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_nodes; i++) {
		free(v->nodes[i].mappings);
		free(v->nodes[i].name);
		free(v->nodes[i].its_ids);
		free(v->nodes[i].rmrs);
	}
	free(v->nodes);
	free(v);
}
