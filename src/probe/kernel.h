/* Readers of the running kernel's IOMMU state through the root: the command
 * line, the registered IOMMU units, the IOMMU groups, and the kernel log lines
 * about the IOMMU (from dev/kmsg, which a snapshot stores as text). */
#ifndef IA_KERNEL_H
#define IA_KERNEL_H

#include "hostenv.h"
#include "model.h"

void read_kernel_facts(const struct hostenv *env, struct kernel_facts *k);
void free_kernel_facts(struct kernel_facts *k);

/* Reads the CONFIG_ options that decide IOMMU defaults from a kernel
 * configuration file's text (exposed for tests). */
void parse_kernel_config(const char *text, struct kernel_facts *k);
/* True for the configuration lines the capture keeps (IOMMU, IRQ_REMAP, VFIO). */
bool kernel_config_line_relevant(const char *line);
/* True for the modules.dep / modules.builtin lines the capture keeps (kvm,
 * vfio, iommufd). */
bool kernel_module_line_relevant(const char *line);

/* Parses a command line into the parameters that matter (exposed for tests). */
void parse_kernel_cmdline(const char *cmdline, struct kernel_params *p);
void free_kernel_params(struct kernel_params *p);

/* What replaces the value of a secret-looking parameter. */
#define CMDLINE_REDACTED "<redacted>"
/* The command line with the value of every parameter whose name looks like a
 * secret (rd.luks.key=, password=, token=, secret=, ...) replaced by
 * CMDLINE_REDACTED; adds their number to *n_redacted. Snapshots and reports
 * travel; the audit needs none of those values. Free the result. */
char *cmdline_redact(const char *cmdline, unsigned *n_redacted);
/* The same for a kernel log line that quotes the command line. */
char *kernel_log_redact(const char *line, unsigned *n_redacted);

/* True if a kernel log message (without its kmsg prefix) is about the IOMMU, its
 * interrupt remapping, ACS, or device assignment. The capture keeps only those. */
bool kernel_log_line_relevant(const char *msg);

/* The one reader of IOMMU fault lines, for the host-wide count and the
 * per-device findings alike. FAULT_LINE_DEVICE: the line names the PCI
 * function, read into *f: Intel's "DMAR: [DMA Read NO_PASID] Request device
 * [00:02.0] fault addr ... [fault reason 0x06] ..." (and "[INTR-REMAP]", and
 * older "DMAR:[DMA Write] Request device [..]"), or an AMD-Vi event "AMD-Vi:
 * Event logged [IO_PAGE_FAULT device=0000:01:00.0 ...]" (the device in
 * device=, or in the "driver 0000:01:00.0: " prefix the kernel puts before
 * pci_err()). FAULT_LINE_HOST: a fault line that names no function (Intel's
 * "DRHD: handling fault status", Arm SMMU's "Unhandled context fault", an
 * IO_PAGE_FAULT without a device). FAULT_LINE_NONE for any other line. */
enum fault_line { FAULT_LINE_NONE, FAULT_LINE_HOST, FAULT_LINE_DEVICE };
enum fault_line parse_iommu_fault_line(const char *msg, struct iommu_fault *f);

/* Strips the "PRI,SEQ,TIME,FLAGS;" prefix of a /dev/kmsg record; returns the
 * message, or NULL for a continuation line (" KEY=VALUE"). */
const char *kmsg_message(const char *record);

#endif
