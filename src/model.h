/* The report model: plain structs filled by one audit and read by every front
 * end (text, XML, browser). It holds facts and findings only; nothing in here
 * prints. One audit owns all of it and audit_free() releases it at once. */
#ifndef IA_MODEL_H
#define IA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "findings.h"

/* Facts are three-valued: "not readable" is never "no". */
enum tri {
	TRI_UNKNOWN = 0,
	TRI_NO,
	TRI_YES,
};
const char *tri_name(enum tri t); /* "yes", "no", "unknown" */

struct host_facts {
	char *hostname;
	char *kernel_release;
	char *dmi_sys_vendor, *dmi_product_name, *dmi_product_version;
	char *dmi_board_vendor, *dmi_board_name;
	char *dmi_bios_vendor, *dmi_bios_version, *dmi_bios_date;
	bool snapshot;        /* the root holds a capture, not a running system */
	char *snapshot_note;  /* the capture's SNAPSHOT marker, one line */
	bool privileged;      /* read (or captured) as root */
	bool lockdown;        /* kernel lockdown in force (live hosts) */
};

enum cpu_vendor {
	CPU_VENDOR_UNKNOWN,
	CPU_VENDOR_INTEL,
	CPU_VENDOR_AMD,
	CPU_VENDOR_HYGON,
	CPU_VENDOR_ARM,
	CPU_VENDOR_OTHER,
};

struct cpu_facts {
	bool readable;
	enum cpu_vendor vendor;
	char *vendor_id;    /* "GenuineIntel" */
	char *model_name;
	unsigned logical_cpus;
	enum tri virt;       /* vmx (Intel) or svm (AMD) flag present */
	const char *virt_name; /* "VT-x", "AMD-V" or NULL */
	bool is_guest;       /* the "hypervisor" flag: this host is itself a VM */
	enum tri x2apic;
};

/* An IOMMU unit as the running kernel registered it (/sys/class/iommu). */
struct kernel_iommu_unit {
	char *name;   /* "dmar0", "ivhd0" */
	char *kind;   /* "intel-iommu", "amd-iommu", "arm-smmu-v3" or "" */
	char *cap, *ecap, *version, *address, *features; /* raw sysfs values or NULL */
	size_t n_devices;
	char *pci_bdf; /* AMD: the IOMMU's own PCI function, if it is one */
};

struct kernel_group {
	char *name;       /* the group number as a string */
	char *type;       /* "DMA", "DMA-FQ", "identity", "blocked", "unmanaged" or NULL */
	char **members;   /* BDFs (or other device names), sorted */
	size_t n_members;
	char *reserved_regions; /* raw text of reserved_regions, or NULL */
};

/* The kernel command-line parameters that decide IOMMU behaviour; NULL = absent.
 * A repeated parameter keeps its last value, as the kernel's parser does. */
struct kernel_params {
	char *intel_iommu, *amd_iommu, *iommu, *iommu_passthrough, *iommu_strict;
	char *pcie_acs_override, *pci, *vfio_pci_ids, *vfio_unsafe_interrupts;
	char *video, *modprobe_blacklist, *nomodeset;
	char *intremap, *nointremap; /* interrupt remapping switched off (x86) */
};

struct kernel_facts {
	bool cmdline_readable;
	char *cmdline;
	struct kernel_params params;
	bool class_iommu_readable;
	struct kernel_iommu_unit *units;
	size_t n_units;
	bool groups_readable;  /* /sys/kernel/iommu_groups exists */
	struct kernel_group *groups;
	size_t n_groups;
	bool log_readable;
	char **log;            /* kernel log lines about the IOMMU, oldest first */
	size_t n_log;
	enum tri iommu_active; /* groups or units exist */
	enum tri intr_remap;   /* from the log: "Enabled IRQ remapping" and kin */
	/* vfio_iommu_type1's allow_unsafe_interrupts as the loaded module has it
	 * (sys/module/.../parameters); unknown when the module is not loaded. */
	enum tri vfio_unsafe_interrupts;
};

/* What the firmware tables say, in brief (the full decode is in the ACPI model). */
struct firmware_facts {
	bool tables_readable; /* the ACPI table directory could be listed */
	bool has_dmar, has_ivrs, has_iort, has_madt;
};

/* One PCI function. Capabilities and topology are filled by pcitopo. */
struct pci_device {
	char bdf[16];        /* "0000:01:00.0" */
	uint16_t domain;
	uint8_t bus, dev, func;
	uint16_t vendor_id, device_id, subsys_vendor_id, subsys_id;
	uint32_t class_code; /* base, sub, prog-if: 0x030000 */
	uint8_t revision, header_type;
	char *vendor_name, *device_name, *class_name;
	bool config_full;    /* more than the first 64 bytes of config space readable */
	char *driver;        /* bound driver or NULL */
	char *iommu_group;   /* from the iommu_group link, or NULL */
	enum tri boot_vga;
	char *reset_method;  /* sysfs reset_method, or NULL if absent/unreadable */
	int numa_node;       /* -1 if unknown */
	long parent;         /* index of the bridge above, -1 on a root bus */
};

enum hypervisor {
	HV_KVM,
	HV_XEN,
	HV_ESXI,
	HV_HYPERV,
	HV__COUNT,
};
const char *hypervisor_name(enum hypervisor hv); /* "kvm", ... */

enum verdict {
	VERDICT_READY,
	VERDICT_WARN,
	VERDICT_UNKNOWN,
	VERDICT_BLOCKED,
};
const char *verdict_name(enum verdict v);
enum verdict verdict_of_severity(enum severity sev);

/* A device the audit judged (a GPU by default, any device on request). */
struct judged_device {
	size_t pci_index;             /* into audit_report.devices */
	struct finding_list findings; /* ordered: the first thing to fix first */
	enum verdict verdict[HV__COUNT];
};

struct audit_report {
	char *root;   /* the --root it was made from */
	struct host_facts host;
	struct cpu_facts cpu;
	struct kernel_facts kernel;
	struct firmware_facts firmware;
	bool pci_readable;
	struct pci_device *devices;
	size_t n_devices;
	struct finding_list findings; /* host-wide findings (CPU, firmware, kernel, tool) */
	struct judged_device *judged;
	size_t n_judged;
};

#endif
