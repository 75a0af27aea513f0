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

/* A PCI function the running host itself uses (issue 14.1): it holds a
 * mounted filesystem or carries the default route. */
struct host_use {
	char *bdf;
	char *what; /* "holds the mounted filesystem / (nvme0n1p2)", ... */
};

struct host_usage {
	bool mounts_known; /* proc/self/mountinfo was read */
	bool route_known;  /* proc/net/route was read */
	struct host_use *uses;
	size_t n_uses;
};

struct host_facts {
	char *hostname;
	char *kernel_release;
	char *dmi_sys_vendor, *dmi_product_name, *dmi_product_version;
	char *dmi_board_vendor, *dmi_board_name;
	char *dmi_bios_vendor, *dmi_bios_version, *dmi_bios_date;
	bool snapshot;        /* the root holds a capture, not a running system */
	char *snapshot_note;  /* the capture's SNAPSHOT marker, one line */
	char *imported;       /* an imported snapshot: what it was built from, else NULL */
	bool privileged;      /* read (or captured) as root */
	bool lockdown;        /* kernel lockdown in force (live hosts) */
	struct host_usage usage; /* mounts and the default route, mapped to PCI */
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
	enum tri slat;          /* second-level address translation: EPT or NPT */
	const char *slat_name;  /* "EPT", "NPT" or NULL */
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
	bool members_unreadable; /* its devices directory could not be listed */
	char *reserved_regions; /* raw text of reserved_regions, or NULL */
};

/* The kernel command-line parameters that decide IOMMU behaviour; NULL = absent.
 * Every occurrence of a parameter the kernel parses word by word applies: the
 * value holds the words of all of them, comma-separated, a later on/off (sm_on/
 * sm_off, pt/nopt) replacing an earlier one ("pci=nommconf pci=realloc" is
 * "nommconf,realloc"; "intel_iommu=on,igfx_off intel_iommu=off" is
 * "igfx_off,off"). video= keeps every occurrence, space-separated; a module
 * parameter (vfio-pci.ids, iommu.strict) keeps its last value. */
struct kernel_params {
	char *intel_iommu, *amd_iommu, *iommu, *iommu_passthrough, *iommu_strict;
	char *pcie_acs_override, *pci, *vfio_pci_ids, *vfio_unsafe_interrupts;
	char *iommufd_unsafe_interrupts; /* iommufd's switch (Linux 6.2+) */
	char *video, *initcall_blacklist, *modprobe_blacklist, *nomodeset;
	char *intremap, *nointremap; /* interrupt remapping switched off (x86) */
};

/* DMA remapping faults and AMD-Vi events the kernel logged for one PCI
 * function (src/probe/kernel.c parses them). */
struct iommu_fault {
	int segment;            /* -1 when the line does not say (Intel's do not) */
	uint8_t bus, dev, fn;
	unsigned count;         /* lines for this function */
	char *first;            /* the first such line */
};

struct kernel_facts {
	bool cmdline_readable;
	char *cmdline;         /* with secret-looking values redacted */
	unsigned n_redacted;   /* values this read redacted (cmdline and log) */
	bool cmdline_redacted; /* some value is redacted (here or by the capture) */
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
	/* IOMMU fault lines of the log (src/probe/kernel.c reads them): how many,
	 * the first (one of log[]), and those naming a function, one per function. */
	size_t n_fault_lines;
	const char *first_fault_line;
	struct iommu_fault *faults;
	size_t n_faults;
	enum tri iommu_active; /* groups or units exist */
	enum tri intr_remap;   /* from the log: "Enabled IRQ remapping" and kin */
	/* vfio_iommu_type1's allow_unsafe_interrupts as the loaded module has it
	 * (sys/module/.../parameters); unknown when the module is not loaded. */
	enum tri vfio_unsafe_interrupts;
	enum tri iommufd_unsafe_interrupts; /* iommufd's, as its loaded module has it */
	/* From the kernel's build configuration (boot/config-RELEASE), where the
	 * distribution installs it: unknown when it is not there. */
	bool config_readable;
	enum tri cfg_intel_iommu;            /* CONFIG_INTEL_IOMMU */
	enum tri cfg_intel_iommu_default_on; /* CONFIG_INTEL_IOMMU_DEFAULT_ON */
	enum tri cfg_amd_iommu;              /* CONFIG_AMD_IOMMU */
	enum tri cfg_irq_remap;              /* CONFIG_IRQ_REMAP */
	enum tri cfg_simpledrm;              /* CONFIG_SYSFB_SIMPLEFB and CONFIG_DRM_SIMPLEDRM */
	enum tri cfg_fb_efi;                 /* CONFIG_FB_EFI */
	enum tri cfg_iommufd;                /* CONFIG_IOMMUFD (Linux 6.2+) */
	enum tri cfg_iommufd_vfio_container; /* CONFIG_IOMMUFD_VFIO_CONTAINER */
	/* The firmware framebuffer that holds the boot GPU's memory until a driver
	 * takes the GPU: "efifb", "simpledrm", "simplefb", "vesafb" or NULL when
	 * unknown; and what said so (a log line, proc/fb, the build options). */
	const char *firmware_fb;
	const char *firmware_fb_source;
	/* KVM/VFIO plumbing, judged only where the root records the loaded modules
	 * (proc/modules): a capture then also records lib/modules/RELEASE's
	 * modules.dep and modules.builtin lines for kvm/vfio/iommufd and marker
	 * files for the device nodes dev/kvm and dev/vfio/vfio. */
	bool modules_readable;       /* proc/modules */
	bool modinfo_readable;       /* modules.dep or modules.builtin of the release */
	enum tri kvm_node, vfio_node; /* dev/kvm, dev/vfio/vfio present */
	enum tri kvm_module, kvm_intel_module, kvm_amd_module; /* available: loaded, built in or installed */
	enum tri vfio_module, vfio_pci_module, vfio_backend_module;
	enum tri vfio_type1_module, iommufd_module;
	char *missing_vfio;          /* the VFIO modules this kernel lacks, or NULL */
};

/* What the firmware tables say, in brief (the full decode is in the ACPI model). */
struct firmware_facts {
	bool tables_readable; /* the ACPI table directory could be listed */
	bool has_dmar, has_ivrs, has_iort, has_madt;
};

/* ACS Capability / Control register bits (PCIe base spec, ACS extended
 * capability, offsets +4 and +6). */
enum {
	ACS_SV = 0x0001, /* Source Validation */
	ACS_TB = 0x0002, /* Translation Blocking */
	ACS_RR = 0x0004, /* P2P Request Redirect */
	ACS_CR = 0x0008, /* P2P Completion Redirect */
	ACS_UF = 0x0010, /* Upstream Forwarding */
	ACS_EC = 0x0020, /* P2P Egress Control */
	ACS_DT = 0x0040, /* Direct Translated P2P */
};
/* What the kernel's IOMMU core asks of every bridge and multifunction device. */
#define ACS_REQUIRED (ACS_SV | ACS_RR | ACS_CR | ACS_UF)
/* The spec's short name of one ACS bit ("SV"). */
const char *acs_bit_name(uint16_t bit);
/* The ACS bits as words, "SV RR CR UF" ("" for none), written into buf of size n. */
char *acs_bits_text(uint16_t bits, char *buf, size_t n);

/* PCIe Capabilities register, Device/Port Type field (bits 7:4). */
enum pcie_port_type {
	PCIE_TYPE_NONE = -1,   /* no PCIe capability (conventional PCI) or unknown */
	PCIE_TYPE_ENDPOINT = 0,
	PCIE_TYPE_LEGACY_ENDPOINT = 1,
	PCIE_TYPE_ROOT_PORT = 4,
	PCIE_TYPE_UPSTREAM = 5,
	PCIE_TYPE_DOWNSTREAM = 6,
	PCIE_TYPE_PCIE_TO_PCI = 7,   /* PCIe-to-PCI/PCI-X bridge */
	PCIE_TYPE_PCI_TO_PCIE = 8,   /* PCI/PCI-X-to-PCIe bridge */
	PCIE_TYPE_RCIEP = 9,         /* root-complex integrated endpoint */
	PCIE_TYPE_RC_EC = 10,        /* root-complex event collector */
};
const char *pcie_type_name(int type); /* "root port", ...; "PCI" for NONE */

/* One decoded capability's presence: yes, no (the chain was readable and it is
 * not there), unknown (the chain, or the part holding it, was unreadable). The
 * offset is 0 unless present. */
struct cap_presence {
	enum tri present;
	uint16_t offset;
};

/* Everything decoded from a function's configuration space (pci-caps.c). A
 * field inside a capability is meaningful only when that capability is
 * present. config_len says how much was readable: 64 without root. */
struct pci_caps {
	size_t config_len;      /* 64, 256 or 4096 bytes read */
	bool multifunction;     /* header type bit 7 */
	uint8_t header_layout;  /* header type bits 6:0: 0 device, 1 bridge, 2 CardBus */
	uint8_t primary_bus, secondary_bus, subordinate_bus; /* bridges (layout 1, 2) */
	bool chain_broken;      /* the standard list looped or pointed outside */
	bool ext_chain_broken;  /* the extended list looped or pointed outside */

	struct cap_presence pcie, pm, msi, msix;
	int pcie_type;              /* enum pcie_port_type */
	enum tri flr;               /* DevCap bit 28: Function Level Reset */
	uint8_t phantom_functions;  /* DevCap bits 4:3 */
	enum tri slot_implemented;  /* PCIe Capabilities bit 8 (ports) */
	unsigned link_speed, link_width;         /* LnkSta: GT/s code (1 = 2.5), lanes */
	unsigned max_link_speed, max_link_width; /* LnkCap */
	enum tri no_soft_reset;     /* PM: PMCSR bit 3 */
	bool msi_64bit;
	unsigned msi_vectors;       /* MSI Multiple Message Capable, as a count */
	unsigned msix_vectors;      /* MSI-X table size */

	struct cap_presence acs, ari, sriov, ats, pasid, pri, rebar;
	uint16_t acs_cap, acs_ctrl; /* +4, +6 */
	uint32_t acs_dword4, acs_dword8; /* raw, for Intel PCH ports with 32-bit ACS registers */
	bool acs_dword8_unstated;        /* an import's source did not state the dword at +8 */
	uint16_t sriov_total_vfs, sriov_num_vfs, sriov_vf_device_id;
	uint16_t sriov_vf_offset, sriov_vf_stride;
	uint16_t pasid_cap;         /* +4: max PASID width in bits 12:8 */
};

/* One BAR as the kernel assigned it (sysfs resource, through libpci). */
struct pci_bar {
	uint64_t base, size;
	bool io, is_64bit, prefetchable;
	bool above_4g; /* base + size - 1 beyond 4 GiB */
};

/* How much of a function's configuration space pci_device.config keeps. */
#define PCI_CONFIG_KEPT 256

/* One PCI function. Identity and sysfs facts come from pcitopo, capabilities
 * from pci-caps, topology links from topology. Indices refer to
 * audit_report.devices (sorted by BDF); -1 means none. */
struct pci_device {
	char bdf[16];        /* "0000:01:00.0"; VMD domains have five digits: "10000:e1:00.0" */
	uint32_t domain;     /* 32 bits as the kernel has it (VMD domains start at 0x10000) */
	uint8_t bus, dev, func;
	uint16_t vendor_id, device_id, subsys_vendor_id, subsys_id;
	uint32_t class_code; /* base, sub, prog-if: 0x030000 */
	uint8_t revision, header_type;
	char *vendor_name, *device_name, *class_name;
	bool config_full;    /* more than the first 64 bytes of config space readable */
	/* The first PCI_CONFIG_KEPT bytes of the configuration space (zero past
	 * caps.config_len): the header and the standard capabilities. What the
	 * extended space holds is decoded into caps; keeping 4 KiB for each of
	 * 10,000 functions would cost 40 MiB. */
	uint8_t *config;
	struct pci_caps caps;
	struct pci_bar bars[6];
	size_t n_bars;       /* regions with a size */
	enum tri bars_known; /* sysfs resource readable */
	uint64_t rom_size;   /* expansion ROM size, 0 if none */
	char *driver;        /* bound driver or NULL */
	char *iommu_group;   /* from the iommu_group link, or NULL */
	enum tri boot_vga;
	char *reset_method;  /* sysfs reset_method, or NULL if absent/unreadable */
	int numa_node;       /* -1 if unknown */
	long sriov_totalvfs, sriov_numvfs; /* sysfs sriov_*; -1 if absent */
	char *physfn;        /* VFs: the BDF of the physical function (physfn link) */
	char *bus_owner;     /* the device a driver-made root bus hangs below in sysfs (the
	                      * Intel VMD endpoint for its domain's devices), or NULL; read only for
	                      * domains above ffff, the only ones a driver makes */
	size_t n_mdev_types; /* entries of mdev_supported_types */

	/* Topology (topology.c) */
	long parent;         /* the bridge above (the one whose bus range holds this bus); -1 on a root bus */
	bool virtual_bus;    /* the bus has no bridge of its own (SR-IOV VFs past the PF's bus) */
	long root_port;      /* the root port above, or -1 */
	long dma_device;     /* pci_real_dma_dev: the Intel VMD endpoint whose requester ID
	                      * this device's DMA carries, or -1 (its own) */
	long physfn_index;   /* VFs: index of the PF, else -1 */
	unsigned depth;      /* bridges between this function and its root bus */
	bool multifunction;  /* as the kernel sees it: the header bit, or any function
	                      * above 0 found by a slot scan (pci_scan_slot); never a VF */
};

/* A PCI-to-PCI or CardBus bridge (header layout 1 or 2): the one definition the
 * topology, the group rules, the host-critical test and every front end use. */
bool pci_is_bridge(const struct pci_device *d);

/* Whether a function isolates peer-to-peer traffic as the kernel's
 * pci_acs_enabled(dev, SV|RR|CR|UF) would answer, and why. */
struct acs_verdict {
	enum tri ok;
	uint16_t missing;    /* required bits neither enabled nor excused (no capability: all) */
	const char *quirk;   /* the kernel quirk that decided, or NULL */
	const char *quirk_since; /* the kernel release the quirk table gives for that entry */
	char *why;           /* short reason: "no ACS capability", "ACS RR CR not enabled", ... */
	bool ctrl_used;      /* the verdict rests on an ACS control word: */
	uint16_t ctrl;       /* read back, or after the simulated enable step */
};

/* Why a device joined a group (groups.c); kept structured so rules and front
 * ends need not parse the text. */
enum group_reason {
	GROUP_REASON_NEW,              /* it started a group */
	GROUP_REASON_DMA_ALIAS_BRIDGE, /* a PCIe-to-PCI / PCI bridge above issues its DMA */
	GROUP_REASON_DMA_ALIAS_QUIRK,  /* a kernel DMA-alias quirk on the same bus */
	GROUP_REASON_UPSTREAM_NO_ACS,  /* a bridge above does not isolate (ACS path) */
	GROUP_REASON_MULTIFUNCTION,    /* same slot, multifunction, neither has ACS */
	GROUP_REASON_NOT_COVERED,      /* no IOMMU unit translates it: no group */
	GROUP_REASON_VMD,              /* behind an Intel VMD: DMA carries the VMD endpoint's ID */
};
const char *group_reason_name(enum group_reason r);

struct group_merge {
	size_t device;       /* the device that joined */
	size_t joined;       /* the device whose group it found */
	long via;            /* the bridge or function that caused it, -1 if none */
	enum group_reason reason;
	char *text;          /* the reason in words, for --why */
};

struct predicted_group {
	char key[16];        /* the first member's BDF in enumeration order */
	size_t *members;     /* indices, sorted by BDF */
	size_t n_members;
	bool assumed;        /* some ACS fact was unreadable: computed as if absent */
};

/* IOMMU coverage (coverage.c): which firmware unit translates each device. */
/* What covers one device. */
struct device_coverage {
	long unit;          /* index into the model's units, -1 if none */
	char *how;          /* "scope entry", "bridge 0000:00:1c.0 in scope", "INCLUDE_PCI_ALL", "range" */
	size_t *regions;    /* indices of reserved regions that name it */
	size_t n_regions;
	int alias_devfn;    /* an IVHD alias on the same bus (a kernel DMA alias), or -1 */
	/* Its unit is a DRHD for graphics alone (not INCLUDE_PCI_ALL, every present
	 * device its scopes name is of the display class): the unit that
	 * intel_iommu=igfx_off leaves out (init_no_remapping_devices). */
	bool gfx_dedicated_unit;
};

struct coverage_result {
	struct device_coverage *dev; /* per device */
	size_t n;
	enum tri *covered;           /* per device, for group_inputs.covered */
	char **unit_names;           /* "DRHD@0x30", per firmware unit */
	size_t n_units;
	char **region_names;         /* "RMRR@0x80: 0x7c000000-0x7fffffff", per region */
	size_t n_regions;
	bool computed;               /* a DMAR or IVRS model was available */
	struct finding_list findings;
};

/* The group prediction for the whole host (groups.c). */
struct group_prediction {
	bool computed;
	size_t n_devices;        /* length of the per-device arrays */
	struct predicted_group *groups;
	size_t n_groups;
	struct group_merge *merges;  /* one per device, in enumeration order */
	size_t n_merges;
	long *group_of;              /* per device: index into groups, -1 if no group */
	struct acs_verdict *acs;     /* per device */
	enum tri *acs_path_clean;    /* per device: every bridge above isolates */
	long *acs_blocker;           /* per device: the highest bridge above that does not isolate */
	enum tri matches_kernel;     /* unknown when the kernel formed no groups */
	struct finding_list findings; /* TOPO_, ACS_, GROUP_ findings for the host */
	/* The kernel's IOMMU is off: the groups are a forecast of what it would
	 * form after the fix that forecast_why names (one line, the assumption). */
	bool forecast;
	char *forecast_why;
	/* ACS control: the kernel's enable step (pci_enable_acs) simulated on the
	 * value read, as it would run at the next boot; false: read back as the
	 * running kernel left it. */
	bool acs_simulated;
	/* Forecast only, per device (n_devices): the ACS verdict of the running
	 * kernel where it differs from the forecast's, else NULL. */
	char **acs_now_why;
};

enum hypervisor {
	HV_KVM,
	HV_XEN,
	HV_ESXI,
	HV_HYPERV,
	HV__COUNT,
};
const char *hypervisor_name(enum hypervisor hv); /* "kvm", ... */
/* The profile named s ("kvm", "xen", "esxi", "hyperv"); false if none is. */
bool hypervisor_by_name(const char *s, enum hypervisor *hv);

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
	/* While the IOMMU is off: its predicted group after the fix, as one line
	 * ("a group of its own", "shared with ..."); NULL when there is no forecast. */
	char *after_fix;
};

struct acpi_tables; /* acpi/acpi-tables.h: the model only points at the decode */

/* The host's initramfs tool and the kernel modules its configuration puts in
 * the image (src/probe/initramfs.c). */
enum initramfs_tool {
	INITRAMFS_UNKNOWN,
	INITRAMFS_TOOLS,      /* Debian's, Ubuntu's initramfs-tools */
	INITRAMFS_DRACUT,     /* Fedora, RHEL, openSUSE */
	INITRAMFS_MKINITCPIO, /* Arch */
};
struct initramfs_facts {
	enum initramfs_tool tool;
	char *files;       /* the configuration files read, comma-separated; NULL: none */
	char **early;      /* modules loaded explicitly, in this order */
	size_t n_early;
	char **included;   /* in the image, loaded when a device asks (dracut add_drivers) */
	size_t n_included;
	bool kms_hook;     /* mkinitcpio's kms hook adds the in-tree DRM drivers */
};

struct audit_report {
	char *root;   /* the --root it was made from */
	struct host_facts host;
	struct cpu_facts cpu;
	struct kernel_facts kernel;
	struct firmware_facts firmware;
	struct initramfs_facts initramfs;
	bool pci_readable;
	size_t n_pci_unreadable; /* functions left out: their identity was unreadable */
	struct pci_device *devices;
	size_t n_devices;
	struct finding_list findings; /* host-wide findings (CPU, firmware, kernel, tool) */
	struct judged_device *judged;
	size_t n_judged;
	struct group_prediction groups; /* predicted IOMMU groups, ACS and merge reasons */
	struct coverage_result coverage; /* per device: DRHD/IVHD unit, RMRR/IVMD regions */
	/* The decoded DMAR/IVRS/IORT/MADT the coverage was computed from, kept for
	 * the front ends (XML <firmware><acpi>); NULL when no table was read.
	 * Freed by audit_free_acpi(). */
	struct acpi_tables *acpi;
	/* The device rules' lookups (same bus, same ID, display controllers),
	 * built once by audit_run; NULL in a model built by hand. */
	struct rule_index *rule_index;
};

#endif
