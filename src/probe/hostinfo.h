/* Readers of host-wide facts, all through the root: identity (DMI, hostname,
 * kernel release, snapshot marker), CPU virtualisation support, and which
 * IOMMU tables the firmware published. */
#ifndef IA_HOSTINFO_H
#define IA_HOSTINFO_H

#include "hostenv.h"
#include "model.h"

void read_host_facts(const struct hostenv *env, struct host_facts *host);
void read_cpu_facts(const struct hostenv *env, struct cpu_facts *cpu);
void read_firmware_facts(const struct hostenv *env, struct firmware_facts *fw);
void free_host_facts(struct host_facts *host);
void free_cpu_facts(struct cpu_facts *cpu);

/* The marker file a capture writes at the top of a snapshot. */
#define SNAPSHOT_MARKER "IOMMU-AUDIT-SNAPSHOT"

#endif
