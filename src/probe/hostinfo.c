#include "config.h"

#include "hostinfo.h"
#include "acpi-sdt.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static char *read_clean(const struct hostenv *env, const char *rel)
{
	char *s = host_read_line(env, rel);
	return s ? sanitize_utf8(s) : NULL;
}

void read_host_facts(const struct hostenv *env, struct host_facts *host)
{
	memset(host, 0, sizeof(*host));
	host->hostname = read_clean(env, "proc/sys/kernel/hostname");
	host->kernel_release = read_clean(env, "proc/sys/kernel/osrelease");
	host->dmi_sys_vendor = read_clean(env, "sys/class/dmi/id/sys_vendor");
	host->dmi_product_name = read_clean(env, "sys/class/dmi/id/product_name");
	host->dmi_product_version = read_clean(env, "sys/class/dmi/id/product_version");
	host->dmi_board_vendor = read_clean(env, "sys/class/dmi/id/board_vendor");
	host->dmi_board_name = read_clean(env, "sys/class/dmi/id/board_name");
	host->dmi_bios_vendor = read_clean(env, "sys/class/dmi/id/bios_vendor");
	host->dmi_bios_version = read_clean(env, "sys/class/dmi/id/bios_version");
	host->dmi_bios_date = read_clean(env, "sys/class/dmi/id/bios_date");

	/* A snapshot says whether it was taken as root; a live run asks the kernel. */
	char *marker = read_clean(env, SNAPSHOT_MARKER);
	if (marker) {
		host->snapshot = true;
		host->snapshot_note = marker;
		host->privileged = strstr(marker, "privileged=yes") != NULL;
	} else {
		host->privileged = env->is_root_user;
		char *lock = read_clean(env, "sys/kernel/security/lockdown");
		host->lockdown = lock && !strstr(lock, "[none]");
		free(lock);
	}
}

void free_host_facts(struct host_facts *host)
{
	free(host->hostname);
	free(host->kernel_release);
	free(host->dmi_sys_vendor);
	free(host->dmi_product_name);
	free(host->dmi_product_version);
	free(host->dmi_board_vendor);
	free(host->dmi_board_name);
	free(host->dmi_bios_vendor);
	free(host->dmi_bios_version);
	free(host->dmi_bios_date);
	free(host->snapshot_note);
	memset(host, 0, sizeof(*host));
}

/* True if the space-separated list has the word. */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n) {
		bool start = p == list || p[-1] == ' ' || p[-1] == '\t';
		bool end = p[n] == '\0' || p[n] == ' ' || p[n] == '\t' || p[n] == '\n';
		if (start && end)
			return true;
	}
	return false;
}

/* "key\t: value" -> value, if the line starts with key. */
static const char *cpuinfo_value(const char *line, const char *key)
{
	size_t n = strlen(key);
	if (strncmp(line, key, n) != 0)
		return NULL;
	const char *p = line + n;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != ':')
		return NULL;
	p++;
	while (*p == ' ')
		p++;
	return p;
}

void read_cpu_facts(const struct hostenv *env, struct cpu_facts *cpu)
{
	memset(cpu, 0, sizeof(*cpu));
	uint8_t *data;
	size_t len;
	if (host_read_file(env, "proc/cpuinfo", 64u << 20, &data, &len) < 0)
		return;
	cpu->readable = true;
	char *flags = NULL, *vmx_flags = NULL;
	char *save = NULL;
	for (char *line = strtok_r((char *)data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *v;
		if (cpuinfo_value(line, "processor"))
			cpu->logical_cpus++;
		else if (!cpu->vendor_id && (v = cpuinfo_value(line, "vendor_id")))
			cpu->vendor_id = sanitize_utf8(xstrdup(v));
		else if (!cpu->vendor_id && (v = cpuinfo_value(line, "CPU implementer")))
			cpu->vendor_id = sanitize_utf8(xasprintf("arm-implementer-%s", v));
		else if (!cpu->model_name && (v = cpuinfo_value(line, "model name")))
			cpu->model_name = sanitize_utf8(xstrdup(v));
		else if (!vmx_flags && (v = cpuinfo_value(line, "vmx flags")))
			vmx_flags = xstrdup(v);
		else if (!flags && ((v = cpuinfo_value(line, "flags")) || (v = cpuinfo_value(line, "Features"))))
			flags = xstrdup(v);
	}
	free(data);

	const char *vid = cpu->vendor_id ? cpu->vendor_id : "";
	if (!strcmp(vid, "GenuineIntel"))
		cpu->vendor = CPU_VENDOR_INTEL;
	else if (!strcmp(vid, "AuthenticAMD"))
		cpu->vendor = CPU_VENDOR_AMD;
	else if (!strcmp(vid, "HygonGenuine"))
		cpu->vendor = CPU_VENDOR_HYGON;
	else if (!strncmp(vid, "arm-implementer-", 16))
		cpu->vendor = CPU_VENDOR_ARM;
	else if (*vid)
		cpu->vendor = CPU_VENDOR_OTHER;

	if (flags) {
		/* The kernel drops vmx/svm from the flags when the firmware disabled
		 * (and locked) the feature, so absence covers "off in the BIOS" too. */
		if (has_word(flags, "vmx")) {
			cpu->virt = TRI_YES;
			cpu->virt_name = "VT-x";
		} else if (has_word(flags, "svm")) {
			cpu->virt = TRI_YES;
			cpu->virt_name = "AMD-V";
		} else if (cpu->vendor == CPU_VENDOR_ARM) {
			cpu->virt = TRI_UNKNOWN; /* EL2 is not visible in cpuinfo */
		} else {
			cpu->virt = TRI_NO;
		}
		if (cpu->vendor == CPU_VENDOR_INTEL && !cpu->virt_name)
			cpu->virt_name = "VT-x";
		if ((cpu->vendor == CPU_VENDOR_AMD || cpu->vendor == CPU_VENDOR_HYGON) && !cpu->virt_name)
			cpu->virt_name = "AMD-V";
		cpu->is_guest = has_word(flags, "hypervisor");
		/* EPT is listed in "flags" by older kernels and in "vmx flags" since
		 * 5.9; AMD's NPT is always in "flags". Only judged where VT-x/AMD-V is. */
		if (cpu->virt == TRI_YES && !strcmp(cpu->virt_name, "VT-x")) {
			cpu->slat_name = "EPT";
			cpu->slat = has_word(flags, "ept") || (vmx_flags && has_word(vmx_flags, "ept")) ? TRI_YES : TRI_NO;
		} else if (cpu->virt == TRI_YES) {
			cpu->slat_name = "NPT";
			cpu->slat = has_word(flags, "npt") ? TRI_YES : TRI_NO;
		}
		cpu->x2apic = has_word(flags, "x2apic") ? TRI_YES : TRI_NO;
		free(flags);
	}
	free(vmx_flags);
}

void free_cpu_facts(struct cpu_facts *cpu)
{
	free(cpu->vendor_id);
	free(cpu->model_name);
	memset(cpu, 0, sizeof(*cpu));
}

void read_firmware_facts(const struct hostenv *env, struct firmware_facts *fw)
{
	memset(fw, 0, sizeof(*fw));
	char **names;
	int n = host_list_dir(env, "sys/firmware/acpi/tables", &names);
	if (n < 0)
		return;
	fw->tables_readable = true;
	/* Numbered duplicates (DMAR1, IVRS2) count as the table too. */
	for (int i = 0; i < n; i++) {
		const char *s = names[i];
		if (acpi_table_name_is(s, "DMAR"))
			fw->has_dmar = true;
		else if (acpi_table_name_is(s, "IVRS"))
			fw->has_ivrs = true;
		else if (acpi_table_name_is(s, "IORT"))
			fw->has_iort = true;
		else if (acpi_table_name_is(s, "APIC"))
			fw->has_madt = true;
	}
	host_free_names(names, n);
}
