/* Reader of pasted kernel log text (`dmesg`, `dmesg -T`, `dmesg -r`, `dmesg -x`,
 * `journalctl -k`): the kernel release, command line, DMI line, the IOMMU
 * units the drivers announce, the "Adding to iommu group" lines, and every line
 * the audit reads from the kernel log. Pure: (buffer, length) in. */
#ifndef IA_IMPORT_DMESG_H
#define IA_IMPORT_DMESG_H

#include <stdbool.h>
#include <stddef.h>

struct dmesg_unit {
	char name[16];    /* "dmar0", "ivhd0" */
	char kind[16];    /* "intel-iommu", "amd-iommu" */
	char address[24], version[16], cap[24], ecap[24];
	char bdf[16];     /* AMD: the IOMMU's own PCI function */
};

struct dmesg_group_member {
	char bdf[16];     /* "0000:00:1f.3" */
	long group;
	size_t line;
};

struct dmesg_facts {
	char *release;           /* "Linux version X ..." */
	char *cmdline;           /* "Command line:" / "Kernel command line:" */
	char *dmi_machine;       /* "VENDOR PRODUCT" as the kernel joins them */
	char *dmi_board, *dmi_bios_version, *dmi_bios_date;
	bool from_boot;          /* the log starts at boot (its first lines are there) */
	char **log;              /* the IOMMU-related messages, prefixes removed */
	size_t n_log;
	struct dmesg_unit *units;
	size_t n_units;
	struct dmesg_group_member *members;
	size_t n_members;
	char boot_vga[16];       /* "vgaarb: setting as boot VGA device": its BDF, or "" */
};

/* Returns 0, or -1 with a message and 1-based line in err/err_line (binary
 * data, or no line a kernel log would hold). */
int dmesg_parse(const char *text, size_t len, struct dmesg_facts *out, char *err, size_t err_size,
		size_t *err_line);
void dmesg_facts_free(struct dmesg_facts *f);

#endif
