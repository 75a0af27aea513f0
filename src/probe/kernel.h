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

/* True if a kernel log message (without its kmsg prefix) is about the IOMMU, its
 * interrupt remapping, ACS, or device assignment. The capture keeps only those. */
bool kernel_log_line_relevant(const char *msg);

/* Strips the "PRI,SEQ,TIME,FLAGS;" prefix of a /dev/kmsg record; returns the
 * message, or NULL for a continuation line (" KEY=VALUE"). */
const char *kmsg_message(const char *record);

#endif
