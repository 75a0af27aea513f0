#include "config.h"

#include "import-dmesg.h"
#include "kernel.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_KEPT 4096

/* The message of one log line without what dmesg and journalctl put before
 * it: "<6>", "kern  :info  : ", "[    1.234567] ", "[Mon Dec  1 ...] ",
 * "Dec 01 10:00:00 host kernel: ". Returns NULL when the line carries the
 * marks of no kernel log format (then it counts as prose only). */
static const char *strip_prefix(const char *s, bool *marked)
{
	*marked = false;
	if (s[0] == '<') {
		const char *q = s + 1;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '>' && q > s + 1) {
			s = q + 1;
			*marked = true;
		}
	}
	/* dmesg -x: "kern  :info  : " */
	const char *c1 = strchr(s, ':');
	if (c1 && c1 - s <= 8 && c1[1] && strchr(c1 + 1, ':')) {
		const char *c2 = strchr(c1 + 1, ':');
		bool word = true;
		for (const char *q = s; q < c2 && word; q++)
			word = isalpha((unsigned char)*q) || *q == ' ' || *q == ':';
		if (word && c2 - c1 <= 8 && c2[1] == ' ') {
			s = c2 + 2;
			*marked = true;
		}
	}
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (close && close - s < 40) {
			s = close + 1;
			if (*s == ' ')
				s++;
			*marked = true;
		}
	} else {
		/* journalctl -k: "Dec 01 10:00:00 host kernel: msg" */
		const char *k = strstr(s, " kernel: ");
		if (k && k - s < 80 && isalpha((unsigned char)s[0]) && isdigit((unsigned char)s[4])) {
			s = k + 9;
			*marked = true;
		}
	}
	return s;
}

static void set_once(char **slot, const char *v)
{
	if (!*slot)
		*slot = sanitize_utf8(strip_trailing(xstrdup(v)));
}

/* "DMI: VENDOR PRODUCT[/BOARD], BIOS VERSION DATE" (dmi_format_ids). */
static void dmi_line(struct dmesg_facts *f, const char *s)
{
	if (f->dmi_machine)
		return;
	const char *bios = NULL;
	for (const char *q = s; (q = strstr(q, ", BIOS ")) != NULL; q++)
		bios = q;
	if (!bios)
		return;
	char *machine = xstrndup(s, (size_t)(bios - s));
	char *slash = strrchr(machine, '/');
	if (slash) {
		*slash = '\0';
		set_once(&f->dmi_board, slash + 1);
	}
	set_once(&f->dmi_machine, machine);
	free(machine);
	char *rest = strip_trailing(xstrdup(bios + 7));
	char *sp = strrchr(rest, ' ');
	if (sp) {
		*sp = '\0';
		set_once(&f->dmi_bios_date, sp + 1);
	}
	set_once(&f->dmi_bios_version, rest);
	free(rest);
}

static bool word_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != ':' && s[i] != '.')
			return false;
	return n > 0;
}

/* The word after key in s, at most size-1 characters of [0-9a-zA-Z:.]. */
static bool word_after(const char *s, const char *key, char *out, size_t size)
{
	const char *q = strstr(s, key);
	if (!q)
		return false;
	q += strlen(key);
	size_t n = strcspn(q, " ,\t");
	if (n == 0 || n >= size || !word_ok(q, n))
		return false;
	memcpy(out, q, n);
	out[n] = '\0';
	return true;
}

static bool is_bdf(const char *s)
{
	return strlen(s) == 12 && s[4] == ':' && s[7] == ':' && s[10] == '.' && isxdigit((unsigned char)s[0]) &&
	       isxdigit((unsigned char)s[5]) && isxdigit((unsigned char)s[8]) && s[11] >= '0' && s[11] <= '7';
}

static void unit_lines(struct dmesg_facts *f, const char *s)
{
	/* Intel: "DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap c9de008cee690462 ecap ..." */
	const char *d = strstr(s, "dmar");
	if (d && strstr(s, "reg_base_addr ")) {
		struct dmesg_unit u = {0};
		size_t n = strspn(d + 4, "0123456789");
		if (n == 0 || n > 6 || d[4 + n] != ':')
			return;
		memcpy(u.name, d, 4 + n);
		snprintf(u.kind, sizeof(u.kind), "intel-iommu");
		if (!word_after(s, "reg_base_addr ", u.address, sizeof(u.address)) ||
		    !word_after(s, " ver ", u.version, sizeof(u.version)) || !word_after(s, " cap ", u.cap, sizeof(u.cap)) ||
		    !word_after(s, " ecap ", u.ecap, sizeof(u.ecap)))
			return;
		for (size_t i = 0; i < f->n_units; i++)
			if (!strcmp(f->units[i].name, u.name))
				return;
		*(struct dmesg_unit *)xappend(&f->units, &f->n_units, sizeof(u)) = u;
		return;
	}
	/* AMD: "AMD-Vi: Found IOMMU at 0000:00:00.2 cap 0x40" (before 5.x) or
	 * "pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40". */
	const char *found = strstr(s, "AMD-Vi: Found IOMMU");
	if (found) {
		struct dmesg_unit u = {0};
		char bdf[16] = "";
		if (!word_after(found, "Found IOMMU at ", bdf, sizeof(bdf)) && !strncmp(s, "pci ", 4))
			word_after(s, "pci ", bdf, 13);
		if (!is_bdf(bdf))
			return;
		snprintf(u.bdf, sizeof(u.bdf), "%s", bdf);
		snprintf(u.kind, sizeof(u.kind), "amd-iommu");
		snprintf(u.name, sizeof(u.name), "ivhd%zu", f->n_units);
		word_after(found, " cap ", u.cap, sizeof(u.cap));
		*(struct dmesg_unit *)xappend(&f->units, &f->n_units, sizeof(u)) = u;
	}
}

static void group_line(struct dmesg_facts *f, const char *s, size_t line)
{
	char bdf[16] = "";
	const char *g;
	/* "pci 0000:00:1f.3: Adding to iommu group 5" (4.20 and later) */
	if ((g = strstr(s, ": Adding to iommu group ")) != NULL && !strncmp(s, "pci ", 4)) {
		size_t n = (size_t)(g - (s + 4));
		if (n != 12)
			return;
		memcpy(bdf, s + 4, 12);
		g += 24;
	} else if ((g = strstr(s, "iommu: Adding device ")) != NULL) {
		/* "iommu: Adding device 0000:00:1f.3 to group 5" (older kernels) */
		g += 21;
		if (strlen(g) < 12)
			return;
		memcpy(bdf, g, 12);
		g = strstr(g, " to group ");
		if (!g)
			return;
		g += 10;
	} else {
		return;
	}
	if (!is_bdf(bdf) || !isdigit((unsigned char)*g))
		return;
	struct dmesg_group_member *m = NULL;
	for (size_t i = 0; i < f->n_members; i++)
		if (!strcmp(f->members[i].bdf, bdf))
			m = &f->members[i];
	if (!m)
		m = xappend(&f->members, &f->n_members, sizeof(*m));
	snprintf(m->bdf, sizeof(m->bdf), "%s", bdf);
	m->group = strtol(g, NULL, 10) & 0xffffff;
	m->line = line;
}

int dmesg_parse(const char *text, size_t len, struct dmesg_facts *out, char *err, size_t err_size,
		size_t *err_line)
{
	memset(out, 0, sizeof(*out));
	if (err_size)
		err[0] = '\0';
	*err_line = 0;
	char *line = xmalloc(LINE_MAX_KEPT);
	size_t pos = 0, line_no = 0, marked_lines = 0;
	bool intel_on = false;
	int r = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;
		size_t k = l < LINE_MAX_KEPT - 1 ? l : LINE_MAX_KEPT - 1;
		memcpy(line, text + pos, k);
		line[k] = '\0';
		pos += l + 1;
		line_no++;
		if (memchr(line, '\0', k)) {
			snprintf(err, err_size, "binary data: not kernel log text");
			*err_line = line_no;
			r = -1;
			break;
		}
		strip_trailing(line);
		bool marked;
		const char *msg = strip_prefix(line, &marked);
		if (marked)
			marked_lines++;
		if (!strncmp(msg, "Linux version ", 14)) {
			char v[128];
			if (word_after(msg, "Linux version ", v, sizeof(v)) || sscanf(msg + 14, "%127s", v) == 1)
				set_once(&out->release, v);
			if (out->n_log == 0 && out->n_members == 0)
				out->from_boot = true;
		} else if (!strncmp(msg, "Command line: ", 14)) {
			set_once(&out->cmdline, msg + 14);
		} else if (!strncmp(msg, "Kernel command line: ", 21)) {
			set_once(&out->cmdline, msg + 21);
		} else if (!strncmp(msg, "DMI: ", 5)) {
			dmi_line(out, msg + 5);
		}
		/* "pci 0000:00:02.0: vgaarb: setting as boot VGA device" */
		if (!strncmp(msg, "pci ", 4) && strstr(msg, ": vgaarb: setting as boot VGA device") == msg + 16) {
			char bdf[16];
			memcpy(bdf, msg + 4, 12);
			bdf[12] = '\0';
			if (is_bdf(bdf))
				memcpy(out->boot_vga, bdf, 13);
		}
		if (strstr(msg, "Intel(R) Virtualization Technology for Directed I/O"))
			intel_on = true;
		unit_lines(out, msg);
		group_line(out, msg, line_no);
		if (kernel_log_line_relevant(msg)) {
			char **slot = xappend(&out->log, &out->n_log, sizeof(*out->log));
			*slot = sanitize_utf8(xstrdup(msg));
		}
	}
	free(line);
	/* The Intel driver logs each DRHD even when it stays off; it registers
	 * the units (sysfs) only once it is on, and then says so. */
	if (!intel_on) {
		size_t k = 0;
		for (size_t i = 0; i < out->n_units; i++)
			if (strcmp(out->units[i].kind, "intel-iommu"))
				out->units[k++] = out->units[i];
		out->n_units = k;
	}
	if (r == 0 && marked_lines == 0 && !out->release && !out->cmdline && out->n_members == 0) {
		snprintf(err, err_size, "no line of a kernel log (no [timestamp], no \"Linux version\"): not dmesg output");
		*err_line = 1;
		r = -1;
	}
	if (r < 0)
		dmesg_facts_free(out);
	return r;
}

void dmesg_facts_free(struct dmesg_facts *f)
{
	free(f->release);
	free(f->cmdline);
	free(f->dmi_machine);
	free(f->dmi_board);
	free(f->dmi_bios_version);
	free(f->dmi_bios_date);
	for (size_t i = 0; i < f->n_log; i++)
		free(f->log[i]);
	free(f->log);
	free(f->units);
	free(f->members);
	memset(f, 0, sizeof(*f));
}
