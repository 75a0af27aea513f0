/* IVRS (AMD I/O Virtualization Reporting Structure): the model.
 *
 * IVHD device entries are normalised into what they mean: device ranges with
 * their DTE setting (select, start..end, ALL, extended), aliases (requests of
 * devices first..last appear as `alias`), special devices (IOAPIC/HPET handle
 * and the BDF it uses) and ACPI HID devices. Device ids are 16-bit BDFs
 * (bus << 8 | dev << 3 | fn) within the IVHD's PCI segment. */
#ifndef IA_ACPI_IVRS_H
#define IA_ACPI_IVRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acpi_table;

#define IVINFO_EFR_SUP 0x01
#define IVINFO_DMA_REMAP 0x02

enum ivrs_block_type {
	IVRS_IVHD_10 = 0x10,
	IVRS_IVHD_11 = 0x11,
	IVRS_IVHD_40 = 0x40,
	IVRS_IVMD_ALL = 0x20,
	IVRS_IVMD_ONE = 0x21,
	IVRS_IVMD_RANGE = 0x22,
};

enum ivhd_entry_type {
	IVHD_PAD4 = 0x00,
	IVHD_ALL = 0x01,
	IVHD_SELECT = 0x02,
	IVHD_START = 0x03,
	IVHD_END = 0x04,
	IVHD_PAD8 = 0x40,
	IVHD_ALIAS_SELECT = 0x42,
	IVHD_ALIAS_START = 0x43,
	IVHD_EXT_SELECT = 0x46,
	IVHD_EXT_START = 0x47,
	IVHD_SPECIAL = 0x48,
	IVHD_ACPI_HID = 0xf0,
};

/* Devices first..last (inclusive) translated by this IOMMU with this DTE
 * setting (bit 0 INITPass, 1 EIntPass, 2 NMIPass, 5:4 SysMgt, 6 Lint0Pass,
 * 7 Lint1Pass). Covers select (first == last), ranges and ALL (0..0xffff). */
struct ivhd_range {
	uint32_t offset; /* of the entry that opened it */
	uint16_t first, last;
	uint8_t dte;
	bool has_ext;    /* from an extended entry (0x46/0x47) */
	uint32_t ext;    /* extended data; bit 31 = ATS disabled */
	bool all;        /* from an ALL entry */
};

/* Requests from devices first..last are seen by the IOMMU as from alias. */
struct ivhd_alias {
	uint32_t offset;
	uint16_t first, last;
	uint16_t alias;
	uint8_t dte;
};

enum ivhd_variety { IVHD_VARIETY_IOAPIC = 1, IVHD_VARIETY_HPET = 2 };

struct ivhd_special {
	uint32_t offset;
	uint8_t handle;   /* IOAPIC id or HPET number */
	uint16_t devid;   /* the BDF it uses for interrupts */
	uint8_t variety;  /* enum ivhd_variety, or an unknown number */
	uint8_t dte;
};

struct ivhd_acpihid {
	uint32_t offset;
	uint16_t devid;
	uint8_t dte;
	char *hid;        /* "AMDI0020", or "0x..." when an integer id */
	char *cid;        /* "" when absent (0) */
	uint8_t uid_format; /* 0 none, 1 integer, 2 string */
	uint8_t uid_length;
	char *uid;        /* string, or the integer in decimal; "" when none */
};

struct ivrs_ivhd {
	uint32_t offset;
	uint8_t type;          /* 0x10, 0x11, 0x40 */
	uint8_t flags;         /* HtTunEn, PassPW, ResPassPW, Isoc, IotlbSup, Coherent, PrefSup, PPRSup */
	uint16_t length;
	uint16_t iommu_bdf;    /* the IOMMU's own device id */
	uint16_t capability_offset;
	uint64_t base;
	uint16_t segment;
	uint16_t info;         /* bits 4:0 MSI number, 12:8 UnitID */
	uint32_t attributes;   /* 0x10: IOMMU feature reporting; 0x11/0x40: attributes */
	uint64_t efr;          /* 0x11/0x40 only: EFR register image */
	uint64_t efr2;         /* 0x11/0x40 only (ACPICA: Reserved) */
	struct ivhd_range *ranges; size_t n_ranges;
	struct ivhd_alias *aliases; size_t n_aliases;
	struct ivhd_special *specials; size_t n_specials;
	struct ivhd_acpihid *hids; size_t n_hids;
	/* Entries of types 80h and above other than F0h: their length is not
	 * one Linux knows (see acpi-ivrs.c). The first one, and how many. */
	uint32_t unsteppable_offset;
	uint8_t unsteppable_type;
	size_t n_unsteppable;
};

struct ivrs_ivmd {
	uint32_t offset;
	uint8_t type;        /* 0x20 all devices, 0x21 one, 0x22 range */
	uint8_t flags;       /* bit 0 unity, 1 IR, 2 IW, 3 exclusion range */
	uint16_t devid;
	uint16_t aux;        /* 0x22: last device id */
	uint16_t first, last; /* resolved device range (0..0xffff for 0x20) */
	uint64_t reserved;   /* bytes 8-15 (Linux reads a segment from 8) */
	uint64_t start;
	uint64_t length;
};

struct acpi_ivrs {
	uint32_t ivinfo;
	bool efr_sup, dma_remap;
	unsigned gva_size_field, pa_size, va_size;
	struct ivrs_ivhd *ivhd; size_t n_ivhd;
	struct ivrs_ivmd *ivmd; size_t n_ivmd;
	/* The IVHD type Linux uses (get_highest_supported_ivhd_type): of the
	 * blocks up to the first one above type 40h, the last whose device id
	 * is the first block's. 0 when there is no block. */
	uint8_t kernel_ivhd_type;
};

void acpi_ivrs_decode(struct acpi_table *t);
void acpi_ivrs_free(struct acpi_ivrs *v);
const char *ivhd_entry_name(unsigned type);
/* "00:14.0" */
void ivrs_bdf_string(uint16_t devid, char out[8]);

#endif
