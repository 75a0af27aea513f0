#include "config.h"

#include "kernel.h"
#include "hostinfo.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a repeated parameter combines: the kernel calls a __setup handler once per
 * occurrence, and each call applies its comma-separated words on top of what the
 * earlier ones set (intel_iommu_setup, iommu_setup, setup_irqremap, pci_setup);
 * a module parameter (vfio-pci.ids, iommu.strict) is simply set again. */
enum param_join {
	KEEP_LAST,   /* the last occurrence wins */
	JOIN_WORDS,  /* every occurrence applies: words joined by ',' */
	JOIN_SWITCH, /* the same, and a later word undoes its opposite (on/off) */
	JOIN_SPACE,  /* every occurrence applies as a whole (video=: fbdev keeps each) */
};

/* Words the handlers set and clear by key (intel_iommu_setup: on/off, sm_on/
 * sm_off; iommu_setup: pt/nopt; setup_irqremap: on/off). */
static const char *opposite(const char *word, size_t n)
{
	static const char *const pairs[][2] = {{"on", "off"}, {"sm_on", "sm_off"}, {"pt", "nopt"}};
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		for (int k = 0; k < 2; k++)
			if (strlen(pairs[i][k]) == n && !strncmp(word, pairs[i][k], n))
				return pairs[i][1 - k];
	return NULL;
}

/* Appends each word of value to the list in *slot, first dropping an earlier
 * copy of the word and, for switches, an earlier opposite. */
static void join_words(char **slot, const char *value, bool switches)
{
	struct strbuf out = {0};
	if (*slot)
		sb_add(&out, *slot);
	for (const char *w = value; *w;) {
		size_t n = strcspn(w, ",");
		const char *opp = switches ? opposite(w, n) : NULL;
		struct strbuf kept = {0};
		for (const char *o = out.s ? out.s : ""; *o;) {
			size_t m = strcspn(o, ",");
			bool same = m == n && !strncmp(o, w, n);
			bool undone = opp && m == strlen(opp) && !strncmp(o, opp, m);
			if (m && !same && !undone)
				sb_addf(&kept, "%s%.*s", kept.len ? "," : "", (int)m, o);
			o += m;
			o += *o == ',';
		}
		if (n)
			sb_addf(&kept, "%s%.*s", kept.len ? "," : "", (int)n, w);
		sb_free(&out);
		out = kept;
		w += n;
		w += *w == ',';
	}
	free(*slot);
	*slot = sb_take(&out);
}

static void set_param(char **slot, const char *value, enum param_join join)
{
	if (join == JOIN_WORDS || join == JOIN_SWITCH) {
		join_words(slot, value, join == JOIN_SWITCH);
		return;
	}
	char *v = (join == JOIN_SPACE && *slot) ? xasprintf("%s %s", *slot, value) : xstrdup(value);
	free(*slot);
	*slot = v;
}

void parse_kernel_cmdline(const char *cmdline, struct kernel_params *p)
{
	static const struct {
		const char *key;
		size_t offset;
		enum param_join join;
	} keys[] = {
		{"intel_iommu", offsetof(struct kernel_params, intel_iommu), JOIN_SWITCH},
		{"amd_iommu", offsetof(struct kernel_params, amd_iommu), JOIN_WORDS},
		{"iommu", offsetof(struct kernel_params, iommu), JOIN_SWITCH},
		{"iommu.passthrough", offsetof(struct kernel_params, iommu_passthrough), KEEP_LAST},
		{"iommu.strict", offsetof(struct kernel_params, iommu_strict), KEEP_LAST},
		{"pcie_acs_override", offsetof(struct kernel_params, pcie_acs_override), JOIN_WORDS},
		{"pci", offsetof(struct kernel_params, pci), JOIN_WORDS},
		{"vfio-pci.ids", offsetof(struct kernel_params, vfio_pci_ids), KEEP_LAST},
		{"vfio_pci.ids", offsetof(struct kernel_params, vfio_pci_ids), KEEP_LAST},
		{"vfio_iommu_type1.allow_unsafe_interrupts", offsetof(struct kernel_params, vfio_unsafe_interrupts),
		 KEEP_LAST},
		{"iommufd.allow_unsafe_interrupts", offsetof(struct kernel_params, iommufd_unsafe_interrupts),
		 KEEP_LAST},
		{"video", offsetof(struct kernel_params, video), JOIN_SPACE},
		{"initcall_blacklist", offsetof(struct kernel_params, initcall_blacklist), JOIN_WORDS},
		{"modprobe.blacklist", offsetof(struct kernel_params, modprobe_blacklist), JOIN_WORDS},
		{"nomodeset", offsetof(struct kernel_params, nomodeset), KEEP_LAST},
		{"intremap", offsetof(struct kernel_params, intremap), JOIN_SWITCH},
		{"nointremap", offsetof(struct kernel_params, nointremap), KEEP_LAST},
	};
	memset(p, 0, sizeof(*p));
	if (!cmdline)
		return;
	const char *s = cmdline;
	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		/* A word ends at unquoted white space; quotes may wrap values. */
		struct strbuf word = {0};
		bool quoted = false;
		for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
			if (*s == '"')
				quoted = !quoted;
			else
				sb_addn(&word, s, 1);
		}
		char *w = sb_take(&word);
		if (!strcmp(w, "--")) { /* the rest goes to init */
			free(w);
			break;
		}
		char *eq = strchr(w, '=');
		if (eq)
			*eq = '\0';
		const char *value = eq ? eq + 1 : "";
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			if (!strcmp(w, keys[i].key)) {
				set_param((char **)((char *)p + keys[i].offset), value, keys[i].join);
				break;
			}
		}
		free(w);
	}
}

/* Whether a parameter's name looks like it carries a secret: one of its parts
 * (split at . _ -) is, or ends in, a word for a key, password or token
 * (rd.luks.key, cryptkey, password, auth_token, secret). */
static bool secret_name(const char *name, size_t n)
{
	static const char *const words[] = {"key", "password", "passwd", "passphrase", "secret", "token",
					    "credential", "credentials", "psk"};
	static const char *const exact[] = {"pass", "pw", "pwd", "auth", "cred"};
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && name[i] != '.' && name[i] != '_' && name[i] != '-')
			continue;
		size_t plen = i - start;
		char part[64];
		if (plen > 0 && plen < sizeof(part)) {
			for (size_t k = 0; k < plen; k++)
				part[k] = (char)tolower((unsigned char)name[start + k]);
			part[plen] = '\0';
			for (size_t w = 0; w < ARRAY_SIZE(words); w++) {
				size_t wl = strlen(words[w]);
				if (plen >= wl && !strcmp(part + plen - wl, words[w]))
					return true;
			}
			for (size_t w = 0; w < ARRAY_SIZE(exact); w++)
				if (!strcmp(part, exact[w]))
					return true;
		}
		start = i + 1;
	}
	return false;
}

char *cmdline_redact(const char *cmdline, unsigned *n_redacted)
{
	struct strbuf out = {0};
	const char *s = cmdline;
	while (*s) {
		if (isspace((unsigned char)*s)) {
			sb_addn(&out, s++, 1);
			continue;
		}
		/* One word, as parse_kernel_cmdline splits them (quotes may wrap
		 * values); the name ends at the first '='. */
		const char *w = s, *eq = NULL;
		bool quoted = false;
		for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
			if (*s == '"')
				quoted = !quoted;
			else if (*s == '=' && !eq)
				eq = s;
		}
		if (eq && secret_name(w, (size_t)(eq - w))) {
			sb_addn(&out, w, (size_t)(eq - w) + 1);
			sb_add(&out, CMDLINE_REDACTED);
			(*n_redacted)++;
		} else {
			sb_addn(&out, w, (size_t)(s - w));
		}
	}
	char *r = sb_take(&out);
	return r ? r : xstrdup("");
}

char *kernel_log_redact(const char *line, unsigned *n_redacted)
{
	static const char marker[] = "Kernel command line:";
	const char *at = strstr(line, marker);
	if (!at)
		return xstrdup(line);
	size_t head = (size_t)(at - line) + sizeof(marker) - 1;
	char *rest = cmdline_redact(line + head, n_redacted);
	char *r = xasprintf("%.*s%s", (int)head, line, rest);
	free(rest);
	return r;
}

void free_kernel_params(struct kernel_params *p)
{
	char **fields[] = {&p->intel_iommu, &p->amd_iommu, &p->iommu, &p->iommu_passthrough,
			   &p->iommu_strict, &p->pcie_acs_override, &p->pci, &p->vfio_pci_ids,
			   &p->vfio_unsafe_interrupts, &p->iommufd_unsafe_interrupts, &p->video,
			   &p->initcall_blacklist, &p->modprobe_blacklist, &p->nomodeset,
			   &p->intremap, &p->nointremap};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

const char *kmsg_message(const char *record)
{
	if (record[0] == ' ')
		return NULL;
	const char *semi = strchr(record, ';');
	/* A line without the prefix (plain dmesg text) is the message itself. */
	if (!semi || strspn(record, "0123456789,-+cA") != (size_t)(semi - record))
		return record;
	return semi + 1;
}

bool kernel_log_line_relevant(const char *msg)
{
	static const char *const needles[] = {
		"DMAR", "IOMMU", "iommu", "AMD-Vi", "AMD IOMMUv2", "IVRS", "IORT", "SMMU",
		"VT-d", "remapping", "x2apic", "x2APIC", "ACS", "vfio", "VFIO", "PCI-DMA",
		"Interrupt remapping", "IRQ remapping", "RMRR", "IVMD", "DRHD", "ivhd", "ATSR",
		"VMX", "SVM", "kvm:", "ACPI: DMAR", "ACPI: IVRS", "pci=", "Kernel command line",
		"reset", "BAR ", "resource sanity",
		/* the firmware framebuffer on the boot GPU */
		"efifb", "simpledrm", "simple-framebuffer", "vesafb",
	};
	for (size_t i = 0; i < ARRAY_SIZE(needles); i++)
		if (strstr(msg, needles[i]))
			return true;
	return false;
}

/* "[SSSS:]BB:DD.F" at p; the segment is -1 when absent. */
static bool parse_bdf(const char *p, struct iommu_fault *f)
{
	unsigned a, b, c, d;
	char end;
	if (sscanf(p, "%4x:%2x:%2x.%1u%c", &a, &b, &c, &d, &end) >= 4 && b < 256 && c < 32 && d < 8) {
		f->segment = (int)a, f->bus = (uint8_t)b, f->dev = (uint8_t)c, f->fn = (uint8_t)d;
		return a <= 0xffff;
	}
	if (sscanf(p, "%2x:%2x.%1u", &b, &c, &d) == 3 && c < 32 && d < 8) {
		f->segment = -1, f->bus = (uint8_t)b, f->dev = (uint8_t)c, f->fn = (uint8_t)d;
		return true;
	}
	return false;
}

/* The line's PCI function, when it is a fault line that names one. */
static bool fault_device(const char *msg, struct iommu_fault *f)
{
	const char *p;
	/* intel/dmar.c dmar_fault_do_one(), pr_fmt "DMAR: " */
	if (strstr(msg, "DMAR:") && (p = strstr(msg, "Request device [")) && strstr(msg, "fault"))
		return parse_bdf(p + strlen("Request device ["), f);
	/* amd/iommu.c iommu_print_event() and kin, pr_fmt "AMD-Vi: " */
	const char *ev = strstr(msg, "AMD-Vi: Event logged [");
	if (!ev)
		return false;
	if ((p = strstr(ev, "device=")) && parse_bdf(p + strlen("device="), f))
		return true;
	/* pci_err(pdev, ...): "vfio-pci 0000:01:00.0: AMD-Vi: Event logged [...]" */
	const char *sp = strchr(msg, ' ');
	return sp && sp < ev && parse_bdf(sp + 1, f) && f->segment >= 0;
}

enum fault_line parse_iommu_fault_line(const char *msg, struct iommu_fault *f)
{
	memset(f, 0, sizeof(*f));
	if (fault_device(msg, f))
		return FAULT_LINE_DEVICE;
	memset(f, 0, sizeof(*f));
	/* DMAR: "[DMA Read NO_PASID] Request device [01:00.0] fault addr ...";
	 * AMD-Vi: "Event logged [IO_PAGE_FAULT ..."; Arm: "Unhandled context fault". */
	static const char *const faults[] = {"fault addr", "IO_PAGE_FAULT", "Unhandled context fault",
					     "DRHD: handling fault"};
	for (size_t j = 0; j < ARRAY_SIZE(faults); j++)
		if (strstr(msg, faults[j]))
			return FAULT_LINE_HOST;
	return FAULT_LINE_NONE;
}

static void note_fault(struct kernel_facts *k, const char *msg)
{
	struct iommu_fault f;
	enum fault_line kind = parse_iommu_fault_line(msg, &f);
	if (kind == FAULT_LINE_NONE)
		return;
	if (!k->n_fault_lines++)
		k->first_fault_line = msg;
	if (kind != FAULT_LINE_DEVICE)
		return;
	for (size_t i = 0; i < k->n_faults; i++) {
		struct iommu_fault *o = &k->faults[i];
		if (o->segment == f.segment && o->bus == f.bus && o->dev == f.dev && o->fn == f.fn) {
			o->count++;
			return;
		}
	}
	struct iommu_fault *slot = xappend(&k->faults, &k->n_faults, sizeof(*slot));
	*slot = f;
	slot->count = 1;
	slot->first = xstrdup(msg);
}

static void read_log(const struct hostenv *env, struct kernel_facts *k)
{
	uint8_t *data;
	size_t len;
	if (host_read_file(env, "dev/kmsg", 16u << 20, &data, &len) < 0)
		return;
	k->log_readable = true;
	char *save = NULL;
	for (char *line = strtok_r((char *)data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *msg = kmsg_message(line);
		if (!msg || !kernel_log_line_relevant(msg))
			continue;
		char **slot = xappend(&k->log, &k->n_log, sizeof(*k->log));
		*slot = sanitize_utf8(kernel_log_redact(msg, &k->n_redacted));
		note_fault(k, *slot);
	}
	free(data);
}

static char *attr(const struct hostenv *env, const char *dir, const char *name)
{
	char *rel = xasprintf("%s/%s", dir, name);
	char *v = host_read_line(env, rel);
	free(rel);
	return v ? sanitize_utf8(v) : NULL;
}

static void read_units(const struct hostenv *env, struct kernel_facts *k)
{
	char **names;
	int n = host_list_dir(env, "sys/class/iommu", &names);
	if (n < 0)
		return;
	k->class_iommu_readable = true;
	for (int i = 0; i < n; i++) {
		struct kernel_iommu_unit *u = xappend(&k->units, &k->n_units, sizeof(*u));
		u->name = xstrdup(names[i]);
		char *base = xasprintf("sys/class/iommu/%s", names[i]);
		static const char *const kinds[] = {"intel-iommu", "amd-iommu", "arm-smmu-v3", "arm-smmu"};
		u->kind = xstrdup("");
		for (size_t j = 0; j < ARRAY_SIZE(kinds); j++) {
			char *sub = xasprintf("%s/%s", base, kinds[j]);
			bool present = host_is_dir(env, sub);
			if (present) {
				free(u->kind);
				u->kind = xstrdup(kinds[j]);
				u->cap = attr(env, sub, "cap");
				u->ecap = attr(env, sub, "ecap");
				u->version = attr(env, sub, "version");
				u->address = attr(env, sub, "address");
				u->features = attr(env, sub, "features");
			}
			free(sub);
			if (present)
				break;
		}
		char *devs = xasprintf("%s/devices", base);
		char **dn;
		int nd = host_list_dir(env, devs, &dn);
		if (nd > 0) {
			u->n_devices = (size_t)nd;
			host_free_names(dn, nd);
		}
		free(devs);
		/* AMD's unit hangs off its own PCI function: .../0000:00:00.2/iommu/ivhd0 */
		char *target = host_readlink(env, base);
		if (target) {
			char *iommu = strstr(target, "/iommu/");
			if (iommu) {
				*iommu = '\0';
				char *slash = strrchr(target, '/');
				const char *last = slash ? slash + 1 : target;
				if (strlen(last) == 12 && last[4] == ':' && last[7] == ':' && last[10] == '.')
					u->pci_bdf = xstrdup(last);
			}
			free(target);
		}
		free(base);
	}
	host_free_names(names, n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_group(const void *a, const void *b)
{
	const struct kernel_group *x = a, *y = b;
	long nx = strtol(x->name, NULL, 10), ny = strtol(y->name, NULL, 10);
	if (nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void read_groups(const struct hostenv *env, struct kernel_facts *k)
{
	char **names;
	int n = host_list_dir(env, "sys/kernel/iommu_groups", &names);
	if (n < 0)
		return;
	k->groups_readable = true;
	for (int i = 0; i < n; i++) {
		struct kernel_group *g = xappend(&k->groups, &k->n_groups, sizeof(*g));
		g->name = xstrdup(names[i]);
		char *base = xasprintf("sys/kernel/iommu_groups/%s", names[i]);
		g->type = attr(env, base, "type");
		char *rr = xasprintf("%s/reserved_regions", base);
		uint8_t *data;
		size_t len;
		if (host_read_file(env, rr, 1u << 20, &data, &len) == 0)
			g->reserved_regions = sanitize_utf8((char *)data);
		free(rr);
		char *devs = xasprintf("%s/devices", base);
		int nd = host_list_dir(env, devs, &g->members);
		g->n_members = nd > 0 ? (size_t)nd : 0;
		g->members_unreadable = nd < 0;
		if (nd > 1)
			qsort(g->members, g->n_members, sizeof(char *), cmp_str);
		free(devs);
		free(base);
	}
	host_free_names(names, n);
	if (k->n_groups > 1)
		qsort(k->groups, k->n_groups, sizeof(*k->groups), cmp_group);
}

static void judge_intr_remap(struct kernel_facts *k)
{
	if (!k->log_readable)
		return;
	for (size_t i = 0; i < k->n_log; i++) {
		const char *m = k->log[i];
		if (strstr(m, "Enabled IRQ remapping") || strstr(m, "Interrupt remapping enabled"))
			k->intr_remap = TRI_YES;
		else if (k->intr_remap != TRI_YES &&
			 (strstr(m, "IRQ remapping was enabled") || strstr(m, "Not enabling interrupt remapping") ||
			  strstr(m, "Failed to enable irq remapping") || strstr(m, "disable irq remapping")))
			k->intr_remap = TRI_NO;
	}
}

bool kernel_config_line_relevant(const char *line)
{
	/* The IOMMU drivers and their defaults, VFIO and KVM, and the firmware
	 * framebuffer (sysfb, simpledrm, efifb, vesafb) that holds a boot GPU. */
	static const char *const needles[] = {"IOMMU", "IRQ_REMAP", "VFIO", "CONFIG_KVM", "SYSFB",
					      "SIMPLEDRM", "CONFIG_FB_EFI", "CONFIG_FB_VESA"};
	for (size_t i = 0; i < ARRAY_SIZE(needles); i++)
		if (strstr(line, needles[i]))
			return true;
	return false;
}

/* "CONFIG_X=y" or "=m" is yes, "# CONFIG_X is not set" is no. */
static enum tri config_value(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = text; (p = strstr(p, name)) != NULL; p += n) {
		bool line_start = p == text || p[-1] == '\n' || (p >= text + 2 && p[-1] == ' ' && p[-2] == '#');
		if (!line_start)
			continue;
		if (p[n] == '=')
			return (p[n + 1] == 'y' || p[n + 1] == 'm') ? TRI_YES : TRI_NO;
		if (!strncmp(p + n, " is not set", 11))
			return TRI_NO;
	}
	return TRI_UNKNOWN;
}

void parse_kernel_config(const char *text, struct kernel_facts *k)
{
	k->config_readable = true;
	k->cfg_intel_iommu = config_value(text, "CONFIG_INTEL_IOMMU");
	/* Upstream: dmar_disabled = !CONFIG_INTEL_IOMMU_DEFAULT_ON. Debian's kernels
	 * make it a choice of DEFAULT_ON, DEFAULT_ON_INTGPU_OFF (on, but not for the
	 * integrated GPU) and DEFAULT_OFF (dmar_disabled = DEFAULT_OFF). */
	enum tri on = config_value(text, "CONFIG_INTEL_IOMMU_DEFAULT_ON");
	enum tri on_but_igpu = config_value(text, "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF");
	enum tri off = config_value(text, "CONFIG_INTEL_IOMMU_DEFAULT_OFF");
	k->cfg_intel_iommu_default_on = (on == TRI_YES || on_but_igpu == TRI_YES) ? TRI_YES :
					(off == TRI_YES || on == TRI_NO) ? TRI_NO : TRI_UNKNOWN;
	k->cfg_amd_iommu = config_value(text, "CONFIG_AMD_IOMMU");
	k->cfg_irq_remap = config_value(text, "CONFIG_IRQ_REMAP");
	/* sysfb registers a simple-framebuffer device only with SYSFB_SIMPLEFB
	 * (drivers/firmware/sysfb.c), which simpledrm then drives; otherwise it
	 * registers efi-framebuffer / vesa-framebuffer for efifb / vesafb. */
	enum tri simplefb = config_value(text, "CONFIG_SYSFB_SIMPLEFB");
	enum tri simpledrm = config_value(text, "CONFIG_DRM_SIMPLEDRM");
	k->cfg_simpledrm = (simplefb == TRI_YES && simpledrm == TRI_YES) ? TRI_YES :
			   (simplefb == TRI_NO || simpledrm == TRI_NO) ? TRI_NO : TRI_UNKNOWN;
	k->cfg_fb_efi = config_value(text, "CONFIG_FB_EFI");
	k->cfg_iommufd = config_value(text, "CONFIG_IOMMUFD");
	k->cfg_iommufd_vfio_container = config_value(text, "CONFIG_IOMMUFD_VFIO_CONTAINER");
}

/* Which firmware framebuffer the boot GPU carries: the boot log says it best,
 * then proc/fb (while no GPU driver replaced it), then the build options. */
static void judge_firmware_fb(const struct hostenv *env, struct kernel_facts *k)
{
	for (size_t i = 0; i < k->n_log && !k->firmware_fb; i++) {
		const char *m = k->log[i];
		if (strstr(m, "simpledrm"))
			k->firmware_fb = "simpledrm";
		else if (strstr(m, "efifb:") || strstr(m, "EFI VGA frame buffer"))
			k->firmware_fb = "efifb";
		else if (strstr(m, "vesafb:") || strstr(m, "VESA VGA frame buffer"))
			k->firmware_fb = "vesafb";
		else if (strstr(m, "simple-framebuffer") && strstr(m, "fb0: simple"))
			k->firmware_fb = "simplefb";
		if (k->firmware_fb)
			k->firmware_fb_source = "the kernel log";
	}
	if (!k->firmware_fb) {
		uint8_t *data;
		size_t len;
		if (host_read_file(env, "proc/fb", 64u << 10, &data, &len) == 0) {
			const char *t = (const char *)data;
			k->firmware_fb = strstr(t, "simpledrm") ? "simpledrm" :
					 strstr(t, "EFI VGA")   ? "efifb" :
					 strstr(t, "VESA VGA")  ? "vesafb" :
					 strstr(t, " simple")   ? "simplefb" : NULL;
			if (k->firmware_fb)
				k->firmware_fb_source = "proc/fb";
			free(data);
		}
	}
	if (!k->firmware_fb && k->config_readable) {
		k->firmware_fb = k->cfg_simpledrm == TRI_YES ? "simpledrm" :
				 (k->cfg_simpledrm == TRI_NO && k->cfg_fb_efi == TRI_YES) ? "efifb" : NULL;
		if (k->firmware_fb)
			k->firmware_fb_source = "the build options";
	}
}

static void read_config(const struct hostenv *env, struct kernel_facts *k)
{
	char *release = host_read_line(env, "proc/sys/kernel/osrelease");
	if (!release)
		return;
	char *rel = xasprintf("boot/config-%s", release);
	free(release);
	uint8_t *data;
	size_t len;
	if (host_read_file(env, rel, 4u << 20, &data, &len) == 0) {
		parse_kernel_config((const char *)data, k);
		free(data);
	}
	free(rel);
}

static bool imported_snapshot(const struct hostenv *env)
{
	char *marker = host_read_line(env, SNAPSHOT_MARKER);
	bool imported = marker && strstr(marker, "; imported=");
	free(marker);
	return imported;
}

/* A module is available when loaded (proc/modules), built in (modules.builtin
 * lists kernel/.../NAME.ko) or installed (a modules.dep line starts with its
 * path, maybe compressed). Module names use '_', file names may use '-'. */
static bool module_in_list(const char *text, const char *name, bool paths)
{
	size_t n = strlen(name);
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *w = line;
		size_t wlen = strcspn(line, paths ? ":\n" : " \n");
		if (paths) { /* the basename up to ".ko" */
			const char *slash = memrchr(line, '/', wlen);
			const char *base = slash ? slash + 1 : line;
			const char *ko = strstr(base, ".ko");
			if (ko && ko < line + wlen) {
				w = base;
				wlen = (size_t)(ko - base);
			} else {
				wlen = 0;
			}
		}
		if (wlen == n) {
			bool same = true;
			for (size_t i = 0; i < n && same; i++)
				same = (w[i] == '-' ? '_' : w[i]) == name[i];
			if (same)
				return true;
		}
		line = end ? end + 1 : line + len;
	}
	return false;
}

bool kernel_module_line_relevant(const char *line)
{
	return strstr(line, "/kvm/") || strstr(line, "/vfio/") || strstr(line, "iommufd");
}

static void read_plumbing(const struct hostenv *env, struct kernel_facts *k)
{
	uint8_t *mods = NULL, *dep = NULL, *builtin = NULL;
	size_t len;
	if (host_read_file(env, "proc/modules", 4u << 20, &mods, &len) < 0)
		return;
	k->modules_readable = true;
	char *release = host_read_line(env, "proc/sys/kernel/osrelease");
	if (release) {
		char *rel = xasprintf("lib/modules/%s/modules.dep", release);
		if (host_read_file(env, rel, 16u << 20, &dep, &len) < 0)
			dep = NULL;
		free(rel);
		rel = xasprintf("lib/modules/%s/modules.builtin", release);
		if (host_read_file(env, rel, 4u << 20, &builtin, &len) < 0)
			builtin = NULL;
		free(rel);
		free(release);
	}
	k->modinfo_readable = dep || builtin;
	const char *m = (const char *)mods, *d = (const char *)dep, *b = (const char *)builtin;
#define AVAILABLE(name)                                                                          \
	(module_in_list(m, name, false) || (b && module_in_list(b, name, true)) ||                  \
	 (d && module_in_list(d, name, true)) ? TRI_YES : k->modinfo_readable ? TRI_NO : TRI_UNKNOWN)
	k->kvm_module = AVAILABLE("kvm");
	k->kvm_intel_module = AVAILABLE("kvm_intel");
	k->kvm_amd_module = AVAILABLE("kvm_amd");
	k->vfio_module = AVAILABLE("vfio");
	k->vfio_pci_module = AVAILABLE("vfio_pci");
	enum tri type1 = k->vfio_type1_module = AVAILABLE("vfio_iommu_type1");
	enum tri iommufd = k->iommufd_module = AVAILABLE("iommufd");
	k->vfio_backend_module = (type1 == TRI_YES || iommufd == TRI_YES) ? TRI_YES :
				 (type1 == TRI_NO && iommufd == TRI_NO) ? TRI_NO : TRI_UNKNOWN;
#undef AVAILABLE
	struct strbuf miss = {0};
	if (k->vfio_module == TRI_NO)
		sb_add(&miss, "vfio");
	if (k->vfio_pci_module == TRI_NO)
		sb_addf(&miss, "%svfio-pci", miss.len ? ", " : "");
	if (k->vfio_backend_module == TRI_NO)
		sb_addf(&miss, "%svfio_iommu_type1 (or iommufd)", miss.len ? ", " : "");
	k->missing_vfio = miss.len ? sb_take(&miss) : NULL;
	k->kvm_node = host_exists(env, "dev/kvm") ? TRI_YES : TRI_NO;
	k->vfio_node = host_exists(env, "dev/vfio/vfio") ? TRI_YES : TRI_NO;
	free(mods);
	free(dep);
	free(builtin);
}

/* A loaded module's bool parameter: Y or N; unknown when it is not loaded. */
static enum tri module_switch(const struct hostenv *env, const char *path)
{
	char *v = host_read_line(env, path);
	enum tri t = !v ? TRI_UNKNOWN : (v[0] == 'Y' || v[0] == '1') ? TRI_YES : TRI_NO;
	free(v);
	return t;
}

void read_kernel_facts(const struct hostenv *env, struct kernel_facts *k)
{
	memset(k, 0, sizeof(*k));
	k->cmdline = host_read_line(env, "proc/cmdline");
	if (k->cmdline) {
		sanitize_utf8(k->cmdline);
		k->cmdline_readable = true;
		parse_kernel_cmdline(k->cmdline, &k->params);
		char *shown = cmdline_redact(k->cmdline, &k->n_redacted);
		free(k->cmdline);
		k->cmdline = shown;
	}
	read_units(env, k);
	read_groups(env, k);
	read_log(env, k);
	/* A capture redacts too; either way the report says so. */
	bool redacted = k->n_redacted || (k->cmdline && strstr(k->cmdline, "=" CMDLINE_REDACTED));
	for (size_t i = 0; i < k->n_log && !redacted; i++)
		redacted = strstr(k->log[i], "=" CMDLINE_REDACTED) != NULL;
	k->cmdline_redacted = redacted;
	judge_intr_remap(k);
	read_config(env, k);
	judge_firmware_fb(env, k);
	read_plumbing(env, k);
	k->vfio_unsafe_interrupts = module_switch(env, "sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts");
	k->iommufd_unsafe_interrupts = module_switch(env, "sys/module/iommufd/parameters/allow_unsafe_interrupts");
	if (k->n_groups > 0 || k->n_units > 0)
		k->iommu_active = TRI_YES;
	else if (k->groups_readable || k->class_iommu_readable)
		k->iommu_active = TRI_NO;
	else if (imported_snapshot(env))
		/* An import whose sources did not say (no groups in the lspci text,
		 * no dmesg from boot): nothing is known about the IOMMU. */
		k->iommu_active = TRI_UNKNOWN;
	else
		/* Both directories are missing: sysfs not mounted, or a kernel without
		 * IOMMU support; the groups directory exists whenever the core is built in. */
		k->iommu_active = TRI_NO;
}

void free_kernel_facts(struct kernel_facts *k)
{
	free(k->cmdline);
	free_kernel_params(&k->params);
	for (size_t i = 0; i < k->n_units; i++) {
		struct kernel_iommu_unit *u = &k->units[i];
		free(u->name);
		free(u->kind);
		free(u->cap);
		free(u->ecap);
		free(u->version);
		free(u->address);
		free(u->features);
		free(u->pci_bdf);
	}
	free(k->units);
	for (size_t i = 0; i < k->n_groups; i++) {
		struct kernel_group *g = &k->groups[i];
		free(g->name);
		free(g->type);
		free(g->reserved_regions);
		host_free_names(g->members, (int)g->n_members);
	}
	free(k->groups);
	for (size_t i = 0; i < k->n_log; i++)
		free(k->log[i]);
	free(k->log);
	for (size_t i = 0; i < k->n_faults; i++)
		free(k->faults[i].first);
	free(k->faults);
	free(k->missing_vfio);
	memset(k, 0, sizeof(*k));
}
