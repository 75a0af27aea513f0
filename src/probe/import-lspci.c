#include "config.h"

#include "import-lspci.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line of the input, copied bounded and NUL-terminated (longer lines are
 * cut: nothing lspci prints that we read is that long). */
#define LINE_MAX_KEPT 1024

struct parser {
	struct lspci_dump *out;
	struct lspci_function *cur;
	size_t line_no;
	char *err;
	size_t err_size;
	size_t *err_line;
	/* verbose-text state of the current function */
	size_t level1_indent;   /* indentation of its first -v line */
	int cap_id;             /* the capability whose lines follow: std id, 0x100 + ext id, or -1 */
	size_t cap_pos;
	size_t prev_std, prev_ext; /* offset of the last capability seen, 0 = none */
	bool seen_cap[LSPCI_CONFIG_SIZE / 4]; /* capability offsets listed so far */
	char reg[16];           /* the register keyword continuation lines belong to */
	size_t reg_indent;
	size_t hex_next;        /* the offset the next hex line must have */
	bool saw_caps_line;
	bool saw_status;        /* "Control:"/"Status:" (-vv) or "Flags:" (-v) */
};

static int fail(struct parser *p, const char *fmt, ...) IA_PRINTF(2, 3);
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err, p->err_size, fmt, ap);
	va_end(ap);
	*p->err_line = p->line_no;
	return -1;
}

/* Reads exactly n hex digits at s; false if any is not one. */
static bool hex_n(const char *s, size_t n, unsigned long *v)
{
	unsigned long x = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hex_digit_value(s[i]);
		if (d < 0)
			return false;
		x = x * 16 + (unsigned)d;
	}
	*v = x;
	return true;
}

/* A device heading: "[DOMAIN:]BB:DD.F " at column 0. Returns the length of the
 * address (the text after it follows a space), 0 if the line is not one. */
static size_t parse_address(const char *s, uint32_t *dom, uint8_t *bus, uint8_t *dev, uint8_t *fn)
{
	size_t dl = 0;
	while (dl < 9 && hex_digit_value(s[dl]) >= 0)
		dl++;
	size_t at = 0;
	unsigned long d = 0, b, v, f;
	if (dl >= 4 && dl <= 8 && s[dl] == ':' && hex_digit_value(s[dl + 1]) >= 0 && s[dl + 3] == ':') {
		if (!hex_n(s, dl, &d))
			return 0;
		at = dl + 1;
	}
	if (!hex_n(s + at, 2, &b) || s[at + 2] != ':' || !hex_n(s + at + 3, 2, &v) || s[at + 5] != '.' ||
	    !hex_n(s + at + 6, 1, &f) || s[at + 7] != ' ')
		return 0;
	if (v > 0x1f || f > 7)
		return 0;
	*dom = (uint32_t)d;
	*bus = (uint8_t)b;
	*dev = (uint8_t)v;
	*fn = (uint8_t)f;
	return at + 7;
}

/* A hex dump line: "OFF: xx xx ... xx" (16 bytes; OFF of 2 or 3 digits). */
static bool parse_hex_line(const char *s, unsigned long *off, uint8_t bytes[16], size_t *count)
{
	size_t ol = 0;
	while (ol < 4 && hex_digit_value(s[ol]) >= 0)
		ol++;
	if ((ol != 2 && ol != 3) || s[ol] != ':' || !hex_n(s, ol, off))
		return false;
	const char *q = s + ol + 1;
	size_t n = 0;
	while (n < 16 && q[0] == ' ' && hex_digit_value(q[1]) >= 0 && hex_digit_value(q[2]) >= 0 &&
	       (q[3] == ' ' || q[3] == '\0' || q[3] == '\r')) {
		unsigned long v = 0;
		hex_n(q + 1, 2, &v);
		bytes[n++] = (uint8_t)v;
		q += 3;
	}
	while (*q == ' ' || *q == '\r')
		q++;
	if (n == 0 || *q != '\0')
		return false;
	*count = n;
	return true;
}

static void set_bits(struct lspci_function *f, size_t off, unsigned width, uint32_t value, uint32_t mask)
{
	for (unsigned i = 0; i < width && off + i < LSPCI_CONFIG_SIZE; i++) {
		uint8_t m = (uint8_t)(mask >> (8 * i));
		uint8_t v = (uint8_t)(value >> (8 * i));
		f->config[off + i] = (uint8_t)((f->config[off + i] & ~m) | (v & m));
		f->known[off + i] |= m;
	}
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* "Word+" / "Word-" anywhere in s: 1, 0, or -1 if the flag is not there. */
static int flag(const char *s, const char *name)
{
	size_t n = strlen(name);
	for (const char *q = s; (q = strstr(q, name)) != NULL; q += n) {
		bool start = q == s || q[-1] == ' ' || q[-1] == '\t' || q[-1] == ':' || q[-1] == ',';
		if (start && (q[n] == '+' || q[n] == '-'))
			return q[n] == '+';
	}
	return -1;
}

/* The number after "key" in s (decimal, or hex when base is 16); false if absent. */
static bool number_after(const char *s, const char *key, int base, unsigned long *v)
{
	const char *q = strstr(s, key);
	if (!q)
		return false;
	q += strlen(key);
	char *end;
	unsigned long x = strtoul(q, &end, base);
	if (end == q)
		return false;
	*v = x;
	return true;
}

/* The last "[vvvv:dddd]" in [s, end): names may hold brackets of their own. */
static bool bracket_ids(const char *s, const char *end, unsigned long *a, unsigned long *b)
{
	bool found = false;
	for (const char *q = s; q + 10 < end; q++) {
		unsigned long x, y;
		if (q[0] == '[' && q[5] == ':' && q[10] == ']' && hex_n(q + 1, 4, &x) && hex_n(q + 6, 4, &y)) {
			*a = x;
			*b = y;
			found = true;
		}
	}
	return found;
}

static int start_function(struct parser *p, const char *line, size_t alen, uint32_t dom, uint8_t bus,
			  uint8_t dev, uint8_t fn)
{
	for (size_t i = 0; i < p->out->n; i++) {
		struct lspci_function *o = &p->out->fn[i];
		if (o->domain == dom && o->bus == bus && o->dev == dev && o->func == fn)
			return fail(p, "%04x:%02x:%02x.%x is listed twice (first on line %zu): two pastes mixed?", dom,
				    bus, dev, fn, o->line);
	}
	/* Real machines list a few hundred; each record holds 8 KiB of config
	 * space and its mask, so the count is bounded well below memory. */
	if (p->out->n >= 8192)
		return fail(p, "more than 8192 PCI functions: not one machine's lspci output");
	struct lspci_function *f = xappend(&p->out->fn, &p->out->n, sizeof(*f));
	p->cur = f;
	f->domain = dom;
	f->bus = bus;
	f->dev = dev;
	f->func = fn;
	f->line = p->line_no;
	f->iommu_group = -1;
	f->numa_node = -1;
	p->level1_indent = 0;
	p->cap_id = -1;
	p->prev_std = p->prev_ext = 0;
	memset(p->seen_cap, 0, sizeof(p->seen_cap));
	p->reg[0] = '\0';
	p->hex_next = 0;
	p->saw_caps_line = false;
	p->saw_status = false;

	/* "Class name [cccc]: Vendor Device [vvvv:dddd] (rev xx) (prog-if xx [...])",
	 * or with -n only "cccc: vvvv:dddd (rev xx)". */
	const char *t = line + alen + 1;
	const char *colon = strstr(t, ": ");
	unsigned long cls = 0, v = 0, d = 0;
	if (colon && colon - t >= 6 && colon[-1] == ']' && colon[-6] == '[' && hex_n(colon - 5, 4, &cls)) {
		f->class_known = true;
	} else if (colon && colon - t == 4 && hex_n(t, 4, &cls)) {
		f->class_known = true;
	}
	const char *end = t + strlen(t);
	const char *rev = strstr(t, "(rev ");
	const char *ids_end = rev ? rev : end;
	if (colon && bracket_ids(colon, ids_end, &v, &d)) {
		f->ids_known = true;
	} else if (colon && strlen(colon + 2) >= 9 && colon[6] == ':' && hex_n(colon + 2, 4, &v) && hex_n(colon + 7, 4, &d)) {
		f->ids_known = true;
	}
	unsigned long r = 0, pi = 0;
	if (rev)
		hex_n(rev + 5, 2, &r);
	const char *pif = strstr(t, "(prog-if ");
	if (pif)
		hex_n(pif + 9, 2, &pi);
	if (f->ids_known) {
		f->vendor = (uint16_t)v;
		f->device = (uint16_t)d;
		set_bits(f, 0x00, 4, (uint32_t)(v | (d << 16)), 0xffffffffu);
	}
	if (f->class_known) {
		/* lspci prints the revision and the programming interface only when
		 * they are not zero, so their absence states zero. */
		f->class_code = (uint32_t)((cls << 8) | pi);
		f->revision = (uint8_t)r;
		set_bits(f, 0x08, 4, (uint32_t)(r | (f->class_code << 8)), 0xffffffffu);
	}
	return 0;
}

static int hex_line(struct parser *p, unsigned long off, const uint8_t *bytes, size_t n)
{
	struct lspci_function *f = p->cur;
	if (!f)
		return fail(p, "a hex dump line before any device heading");
	if (off != p->hex_next)
		return fail(p, "hex dump offset %03lx where %03zx was expected: the dump is cut or mixed", off,
			    p->hex_next);
	if (n != 16)
		return fail(p, "hex dump line with %zu bytes instead of 16: the dump is cut", n);
	if (off + 16 > LSPCI_CONFIG_SIZE)
		return fail(p, "hex dump past 4096 bytes");
	if (!f->hex) {
		/* -vv text and a dump of the same function: the dump is exact, so
		 * the registers rebuilt from the text give way to it. */
		memset(f->config, 0, sizeof(f->config));
		memset(f->known, 0, sizeof(f->known));
	}
	f->hex = true;
	memcpy(f->config + off, bytes, 16);
	memset(f->known + off, 0xff, 16);
	p->hex_next = off + 16;
	f->config_len = p->hex_next;
	return 0;
}

static const struct {
	const char *prefix;
	uint8_t id;
} std_caps[] = {
	{"Power Management", 0x01}, {"AGP", 0x02}, {"Vital Product Data", 0x03}, {"Slot ID", 0x04},
	{"MSI:", 0x05}, {"CompactPCI hot-swap", 0x06}, {"PCI-X", 0x07}, {"HyperTransport", 0x08},
	{"Vendor Specific", 0x09}, {"Debug port", 0x0a}, {"CompactPCI central", 0x0b}, {"Hot-plug", 0x0c},
	{"Subsystem", 0x0d}, {"Secure device", 0x0f}, {"Express", 0x10}, {"MSI-X:", 0x11},
	{"SATA HBA", 0x12}, {"PCI Advanced Features", 0x13}, {"Enhanced Allocation", 0x14},
	{"Flattening Portal Bridge", 0x15},
};

static const struct {
	const char *prefix;
	uint16_t id;
} ext_caps[] = {
	{"Advanced Error Reporting", 0x01}, {"Virtual Channel", 0x02}, {"Device Serial Number", 0x03},
	{"Power Budgeting", 0x04}, {"Root Complex Link", 0x05}, {"Root Complex Internal Link", 0x06},
	{"Root Complex Event Collector", 0x07}, {"Multi-Function Virtual Channel", 0x08},
	{"Vendor Specific Information", 0x0b}, {"Access Control Services", 0x0d},
	{"Alternative Routing-ID Interpretation", 0x0e}, {"Address Translation Service", 0x0f},
	{"Single Root I/O Virtualization", 0x10}, {"Multi-Root I/O Virtualization", 0x11}, {"Multicast", 0x12},
	{"Page Request Interface", 0x13}, {"Physical Resizable BAR", 0x15}, {"Dynamic Power Allocation", 0x16},
	{"Latency Tolerance Reporting", 0x18}, {"Secondary PCI Express", 0x19},
	{"Process Address Space ID", 0x1b}, {"Downstream Port Containment", 0x1d},
	{"L1 PM Substates", 0x1e}, {"Precision Time Measurement", 0x1f},
};

/* The PCIe Device/Port Type names lspci prints (ls-caps.c, cap_express). */
static const struct {
	const char *name;
	uint8_t type;
	bool slot;
} pcie_types[] = {
	{"Legacy Endpoint", 1, false}, {"Endpoint", 0, false}, {"Root Port", 4, true},
	{"Upstream Port", 5, false}, {"Downstream Port", 6, true},
	{"PCI-Express to PCI/PCI-X Bridge", 7, false}, {"PCI/PCI-X to PCI-Express Bridge", 8, false},
	{"Root Complex Integrated Endpoint", 9, false}, {"Root Complex Event Collector", 10, false},
};

/* Chains a capability after the previous one (or from the list head). */
static void link_cap(struct lspci_function *f, bool ext, size_t prev, size_t pos)
{
	if (!ext) {
		if (prev)
			set_bits(f, prev + 1, 1, (uint32_t)pos, 0xff);
		else
			set_bits(f, 0x34, 1, (uint32_t)pos, 0xfc);
		set_bits(f, pos + 1, 1, 0, 0xff); /* the end, until another follows */
	} else if (prev) {
		uint32_t hdr = (uint32_t)f->config[prev + 2] | ((uint32_t)f->config[prev + 3] << 8);
		hdr = (hdr & 0x000f) | (uint32_t)(pos << 4);
		set_bits(f, prev + 2, 2, hdr, 0xfff0);
		set_bits(f, pos + 2, 2, 0, 0xfff0);
	} else {
		set_bits(f, pos + 2, 2, 0, 0xfff0);
	}
}

static int capability_heading(struct parser *p, const char *s)
{
	struct lspci_function *f = p->cur;
	p->saw_caps_line = true;
	p->cap_id = -1;
	p->reg[0] = '\0';
	if (!strncmp(s, "<access denied>", 15)) {
		f->access_denied = true;
		p->out->access_denied = true;
		return 0;
	}
	if (*s != '[')
		return 0; /* "<chain broken>" and kin: nothing more is stated */
	const char *close = strchr(s, ']');
	unsigned long pos;
	char *end;
	pos = strtoul(s + 1, &end, 16);
	if (!close || end == s + 1 || pos >= LSPCI_CONFIG_SIZE)
		return fail(p, "malformed capability heading");
	const char *name = skip_ws(close + 1);
	if (f->hex)
		return 0; /* the dump already holds the registers */
	bool ext = pos >= 0x100;
	if ((!ext && (pos < 0x40 || (pos & 3))) || (ext && (pos & 3)))
		return fail(p, "capability at impossible offset %lx", pos);
	if (!ext) {
		if (p->seen_cap[pos / 4])
			return fail(p, "capability [%lx] listed twice", pos);
		p->seen_cap[pos / 4] = true;
		int id = -1;
		for (size_t i = 0; i < ARRAY_SIZE(std_caps); i++)
			if (!strncmp(name, std_caps[i].prefix, strlen(std_caps[i].prefix)))
				id = std_caps[i].id;
		unsigned long n;
		if (id < 0 && name[0] == '#' && hex_n(name + 1, 2, &n))
			id = (int)n;
		/* Status bit 4 (capability list) is stated by listing them. */
		set_bits(f, 0x06, 1, 0x10, 0x10);
		link_cap(f, false, p->prev_std, pos);
		if (id >= 0)
			set_bits(f, pos, 1, (uint32_t)id, 0xff);
		else
			f->config[pos] = 0xff; /* a capability no reader decodes; its id stays unknown */
		p->prev_std = pos;
		p->cap_id = id;
		p->cap_pos = pos;
		if (id == 0x10) {
			uint32_t flags = 0, mask = 0;
			unsigned long ver;
			if (number_after(name, "(v", 10, &ver)) {
				flags |= (uint32_t)(ver & 0xf);
				mask |= 0xf;
			}
			/* The port type follows "Express"; a heading that names the
			 * capability by its number ("#10") states none. */
			const char *tn = strncmp(name, "Express", 7) ? name + strlen(name) : name + 7;
			tn = skip_ws(tn);
			if (*tn == '(') {
				tn = strchr(tn, ')');
				tn = tn ? skip_ws(tn + 1) : "";
			}
			bool typed = false;
			for (size_t i = 0; i < ARRAY_SIZE(pcie_types) && !typed; i++) {
				size_t l = strlen(pcie_types[i].name);
				if (strncmp(tn, pcie_types[i].name, l))
					continue;
				typed = true;
				flags |= (uint32_t)pcie_types[i].type << 4;
				mask |= 0xf0;
				int sl = pcie_types[i].slot ? flag(tn + l, "(Slot") : -1;
				if (sl >= 0) {
					flags |= sl ? 0x100u : 0;
					mask |= 0x100;
				}
			}
			unsigned long ty;
			if (!typed && number_after(tn, "Unknown type ", 10, &ty)) {
				flags |= (uint32_t)(ty & 0xf) << 4;
				mask |= 0xf0;
			}
			if (!typed && !(mask & 0xf0))
				return fail(p, "PCI Express capability without a port type");
			set_bits(f, pos + 2, 2, flags, mask);
		}
	} else {
		if (p->seen_cap[pos / 4])
			return fail(p, "extended capability [%lx] listed twice", pos);
		p->seen_cap[pos / 4] = true;
		int id = -1;
		for (size_t i = 0; i < ARRAY_SIZE(ext_caps); i++)
			if (!strncmp(name, ext_caps[i].prefix, strlen(ext_caps[i].prefix)))
				id = ext_caps[i].id;
		unsigned long n;
		if (id < 0 && name[0] == '#' && hex_n(name + 1, 2, &n))
			id = (int)n;
		if (!p->prev_ext && pos != 0x100)
			return fail(p, "the extended capability list must start at [100], not [%lx]", pos);
		link_cap(f, true, p->prev_ext, pos);
		unsigned long ver = 0;
		const char *v = strstr(s, " v");
		if (v && v < close)
			ver = strtoul(v + 2, NULL, 10);
		set_bits(f, pos + 2, 1, (uint32_t)(ver & 0xf), 0x0f);
		/* An id no reader decodes stays unknown (0xffff is none of ours). */
		set_bits(f, pos, 2, id >= 0 ? (uint32_t)id : 0xffffu, id >= 0 ? 0xffffu : 0);
		p->prev_ext = pos;
		p->cap_id = id >= 0 ? 0x100 + id : -1;
		p->cap_pos = pos;
	}
	return 0;
}

static unsigned link_speed_code(const char *s)
{
	static const struct {
		const char *t;
		unsigned code;
	} speeds[] = {{"2.5GT/s", 1}, {"5GT/s", 2}, {"8GT/s", 3}, {"16GT/s", 4}, {"32GT/s", 5}, {"64GT/s", 6}};
	const char *q = strstr(s, "Speed ");
	if (!q)
		return 0;
	q += 6;
	for (size_t i = 0; i < ARRAY_SIZE(speeds); i++)
		if (!strncmp(q, speeds[i].t, strlen(speeds[i].t)))
			return speeds[i].code;
	return 0;
}

/* One line of register detail under a capability: "DevCap: ..." or its
 * continuation (reg names the register it continues). */
static void capability_detail(struct parser *p, const char *reg, const char *s)
{
	struct lspci_function *f = p->cur;
	size_t pos = p->cap_pos;
	int fl;
	unsigned long n;
	switch (p->cap_id) {
	case 0x10: /* PCI Express */
		if (!strcmp(reg, "DevCap:")) {
			if (number_after(s, "PhantFunc ", 10, &n))
				set_bits(f, pos + 4, 1, (uint32_t)(n & 3) << 3, 0x18);
			if ((fl = flag(s, "FLReset")) >= 0)
				set_bits(f, pos + 4, 4, fl ? 1u << 28 : 0, 1u << 28);
		} else if (!strcmp(reg, "LnkCap:") || !strcmp(reg, "LnkSta:")) {
			size_t at = pos + (reg[3] == 'C' ? 0x0c : 0x12);
			unsigned sp = link_speed_code(s);
			if (sp)
				set_bits(f, at, 1, sp, 0x0f);
			if (number_after(s, "Width x", 10, &n))
				set_bits(f, at, 2, (uint32_t)(n & 0x3f) << 4, 0x3f0);
		}
		break;
	case 0x01: /* Power Management */
		if (!strcmp(reg, "Status:") && (fl = flag(s, "NoSoftRst")) >= 0)
			set_bits(f, pos + 4, 1, fl ? 0x08 : 0, 0x08);
		break;
	case 0x100 + 0x0d: /* ACS */
		if (!strcmp(reg, "ACSCap:") || !strcmp(reg, "ACSCtl:")) {
			static const char *const bits[] = {"SrcValid", "TransBlk", "ReqRedir", "CmpltRedir",
							   "UpstreamFwd", "EgressCtrl", "DirectTrans"};
			size_t at = pos + (reg[3] == 'C' && reg[4] == 'a' ? 4 : 6);
			for (unsigned i = 0; i < ARRAY_SIZE(bits); i++)
				if ((fl = flag(s, bits[i])) >= 0)
					set_bits(f, at, 1, fl ? 1u << i : 0, 1u << i);
		}
		break;
	case 0x100 + 0x10: /* SR-IOV */
		f->sriov = true;
		if (number_after(s, "Total VFs: ", 10, &n)) {
			f->sriov_total = (uint16_t)n;
			set_bits(f, pos + 0x0e, 2, (uint32_t)n, 0xffff);
		}
		if (number_after(s, "Number of VFs: ", 10, &n)) {
			f->sriov_num = (uint16_t)n;
			set_bits(f, pos + 0x10, 2, (uint32_t)n, 0xffff);
		}
		if (number_after(s, "VF offset: ", 10, &n)) {
			f->sriov_offset = (uint16_t)n;
			set_bits(f, pos + 0x14, 2, (uint32_t)n, 0xffff);
		}
		if (number_after(s, "stride: ", 10, &n)) {
			f->sriov_stride = (uint16_t)n;
			set_bits(f, pos + 0x16, 2, (uint32_t)n, 0xffff);
		}
		if (number_after(s, "Device ID: ", 16, &n)) {
			f->sriov_vf_device = (uint16_t)n;
			set_bits(f, pos + 0x1a, 2, (uint32_t)n, 0xffff);
		}
		break;
	case 0x100 + 0x1b: /* PASID */
		if (number_after(s, "Max PASID Width: ", 16, &n))
			set_bits(f, pos + 4, 2, (uint32_t)(n & 0x1f) << 8, 0x1f00);
		break;
	default:
		break;
	}
}

/* The MSI / MSI-X heading states its control register. */
static void msi_heading(struct lspci_function *f, int id, size_t pos, const char *name)
{
	unsigned long a, b;
	if (id == 0x05) {
		const char *c = strstr(name, "Count=");
		if (c && sscanf(c, "Count=%lu/%lu", &a, &b) == 2 && b >= 1 && b <= 32) {
			unsigned log2 = 0;
			while ((1ul << log2) < b)
				log2++;
			set_bits(f, pos + 2, 1, log2 << 1, 0x0e);
		}
		int fl = flag(name, "64bit");
		if (fl >= 0)
			set_bits(f, pos + 2, 1, fl ? 0x80 : 0, 0x80);
	} else if (id == 0x11) {
		const char *c = strstr(name, "Count=");
		if (c && sscanf(c, "Count=%lu", &a) == 1 && a >= 1 && a <= 2048)
			set_bits(f, pos + 2, 2, (uint32_t)(a - 1), 0x7ff);
	}
}

static uint64_t size_value(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	switch (*end) {
	case 'K':
		return v << 10;
	case 'M':
		return v << 20;
	case 'G':
		return v << 30;
	case 'T':
		return v << 40;
	default:
		return v;
	}
}

static void region_line(struct lspci_function *f, const char *s)
{
	unsigned long idx = 6;
	const char *at;
	if (!strncmp(s, "Region ", 7)) {
		char *end;
		idx = strtoul(s + 7, &end, 10);
		if (idx > 5)
			return;
		at = end;
	} else {
		at = s; /* "Expansion ROM at ..." */
	}
	struct lspci_region *r = &f->regions[idx];
	const char *sz = strstr(at, "[size=");
	if (!sz)
		return;
	r->size = size_value(sz + 6);
	r->io = strstr(at, "I/O ports at") != NULL;
	const char *a = strstr(at, " at ");
	if (a && hex_digit_value(a[4]) >= 0)
		r->base = strtoull(a + 4, NULL, 16);
	r->mem64 = strstr(at, "64-bit") != NULL;
	r->prefetch = strstr(at, "non-prefetchable") == NULL && strstr(at, "prefetchable") != NULL;
}

static int verbose_line(struct parser *p, const char *raw)
{
	struct lspci_function *f = p->cur;
	if (!f)
		return 0; /* indented prose before any heading */
	size_t indent = 0;
	for (const char *q = raw; *q == ' ' || *q == '\t'; q++)
		indent += *q == '\t' ? 8 - indent % 8 : 1;
	const char *s = skip_ws(raw);
	if (!*s)
		return 0;
	if (!f->verbose) {
		f->verbose = true;
		f->regions_known = true;
		p->level1_indent = indent;
		p->out->any_verbose = true;
	}
	if (indent <= p->level1_indent) {
		p->cap_id = -1;
		p->reg[0] = '\0';
		unsigned long n, a, b;
		if (!strncmp(s, "Capabilities: ", 14)) {
			if (capability_heading(p, s + 14) < 0)
				return -1;
			if (!f->hex && (p->cap_id == 0x05 || p->cap_id == 0x11))
				msi_heading(f, p->cap_id, p->cap_pos, s);
			return 0;
		}
		if (!strncmp(s, "Flags: ", 7) || !strncmp(s, "Status: ", 8) || !strncmp(s, "Control: ", 9))
			p->saw_status = true;
		if (!strncmp(s, "Flags: ", 7)) {
			/* lspci -v (one v) folds the IRQ, group and node into one line. */
			if (number_after(s, "IOMMU group ", 10, &n))
				f->iommu_group = (long)(n & 0xffffff);
			if (number_after(s, "NUMA node ", 10, &n))
				f->numa_node = (long)(n & 0xffff);
			if (number_after(s, "IRQ ", 10, &n))
				f->irq = (unsigned)n;
		} else if (!strncmp(s, "Subsystem: ", 11) && bracket_ids(s, s + strlen(s), &a, &b)) {
			f->subsys_known = true;
			f->subsys_vendor = (uint16_t)a;
			f->subsys_device = (uint16_t)b;
		} else if (!strncmp(s, "Status: ", 8) && !f->hex) {
			int c = flag(s, "Cap");
			if (c >= 0)
				set_bits(f, 0x06, 1, c ? 0x10 : 0, 0x10);
		} else if (!strncmp(s, "Interrupt: pin ", 15)) {
			char pin = s[15];
			if (!f->hex)
				set_bits(f, 0x3d, 1, pin >= 'A' && pin <= 'D' ? (uint32_t)(pin - 'A' + 1) : 0, 0xff);
			if (number_after(s, "IRQ ", 10, &n))
				f->irq = (unsigned)n;
		} else if (!strncmp(s, "IOMMU group: ", 13) && number_after(s, "IOMMU group: ", 10, &n)) {
			f->iommu_group = (long)(n & 0xffffff);
		} else if (!strncmp(s, "NUMA node: ", 11) && number_after(s, "NUMA node: ", 10, &n)) {
			f->numa_node = (long)(n & 0xffff);
		} else if (!strncmp(s, "Kernel driver in use: ", 22)) {
			snprintf(f->driver, sizeof(f->driver), "%s", s + 22);
			strip_trailing(f->driver);
			for (char *c = f->driver; *c; c++)
				if (*c == '/' || *c == ' ')
					*c = '_';
		} else if (!strncmp(s, "Region ", 7) || !strncmp(s, "Expansion ROM at ", 17)) {
			region_line(f, s);
		} else if (!strncmp(s, "Bus: primary=", 13) && !f->hex) {
			unsigned long pri, sec, sub;
			if (sscanf(s, "Bus: primary=%lx, secondary=%lx, subordinate=%lx", &pri, &sec, &sub) != 3 ||
			    pri > 0xff || sec > 0xff || sub > 0xff)
				return fail(p, "malformed bus numbers");
			/* The line is printed for bridge headers (layout 1), and CardBus (2). */
			uint8_t layout = (f->config[0x0e] & 0x7f) == 2 ? 2 : 1;
			set_bits(f, 0x0e, 1, layout, 0x7f);
			set_bits(f, 0x18, 3, (uint32_t)(pri | (sec << 8) | (sub << 16)), 0xffffff);
		} else if ((!strncmp(s, "Memory window ", 14) || !strncmp(s, "I/O window ", 11)) && !f->hex) {
			set_bits(f, 0x0e, 1, 2, 0x7f); /* CardBus bridge */
		}
		return 0;
	}
	/* Deeper: the detail of the capability above. */
	if (p->cap_id < 0 || f->hex)
		return 0;
	const char *sp = s;
	while (*sp && *sp != ' ' && *sp != '\t')
		sp++;
	bool new_reg = sp > s && sp[-1] == ':' && (size_t)(sp - s) < sizeof(p->reg) &&
		       (!p->reg[0] || indent <= p->reg_indent);
	/* "Initial VFs: ..." and "VF offset: ..." are SR-IOV lines of their own. */
	if (!new_reg && (!p->reg[0] || indent <= p->reg_indent)) {
		snprintf(p->reg, sizeof(p->reg), "-");
		p->reg_indent = indent;
	} else if (new_reg) {
		memcpy(p->reg, s, (size_t)(sp - s));
		p->reg[sp - s] = '\0';
		p->reg_indent = indent;
	}
	capability_detail(p, p->reg, s);
	return 0;
}

/* After a function's lines: what the text stated becomes its config space. */
static int finish_function(struct parser *p)
{
	struct lspci_function *f = p->cur;
	if (!f)
		return 0;
	p->cur = NULL;
	if (f->hex) {
		if (f->config_len != 64 && f->config_len != 256 && f->config_len != 4096) {
			p->line_no = f->line;
			return fail(p, "hex dump of %04x:%02x:%02x.%x ends after %zu bytes: the dump is cut", f->domain,
				    f->bus, f->dev, f->func, f->config_len);
		}
		/* The heading's [vvvv:dddd] is what sysfs reports; an SR-IOV VF's own
		 * ID registers read all ones (SR-IOV spec), so they come second. */
		if (!f->ids_known) {
			f->vendor = (uint16_t)(f->config[0] | f->config[1] << 8);
			f->device = (uint16_t)(f->config[2] | f->config[3] << 8);
		}
		f->class_code = (uint32_t)(f->config[9] | f->config[10] << 8 | f->config[11] << 16);
		f->revision = f->config[8];
		f->ids_known = f->class_known = true;
		if (f->config_len > p->out->max_hex)
			p->out->max_hex = f->config_len;
		p->out->any_hex = true;
		if (f->config_len >= 256 && f->config[0x34] && (f->config[6] & 0x10)) {
			/* SR-IOV counts for the sysfs files, from the dump itself. */
			for (size_t pos = 0x100, steps = 0; f->config_len == 4096 && pos && pos + 0x1c <= 4096 && steps < 960;
			     steps++) {
				uint32_t hdr = (uint32_t)f->config[pos] | (uint32_t)f->config[pos + 1] << 8 |
					       (uint32_t)f->config[pos + 2] << 16 | (uint32_t)f->config[pos + 3] << 24;
				if (hdr == 0 || hdr == 0xffffffffu)
					break;
				if ((hdr & 0xffff) == 0x10) {
					f->sriov = true;
					f->sriov_total = (uint16_t)(f->config[pos + 0x0e] | f->config[pos + 0x0f] << 8);
					f->sriov_num = (uint16_t)(f->config[pos + 0x10] | f->config[pos + 0x11] << 8);
					f->sriov_offset = (uint16_t)(f->config[pos + 0x14] | f->config[pos + 0x15] << 8);
					f->sriov_stride = (uint16_t)(f->config[pos + 0x16] | f->config[pos + 0x17] << 8);
					f->sriov_vf_device = (uint16_t)(f->config[pos + 0x1a] | f->config[pos + 0x1b] << 8);
					break;
				}
				size_t next = (hdr >> 20) & 0xffc;
				if (next <= pos)
					break;
				pos = next;
			}
		}
		return 0;
	}
	if (!f->ids_known) {
		p->line_no = f->line;
		return fail(p, "no [vendor:device] numbers for %04x:%02x:%02x.%x: ask for `lspci -vvnn` (with -nn)",
			    f->domain, f->bus, f->dev, f->func);
	}
	if (!f->class_known) {
		p->line_no = f->line;
		return fail(p, "no [class] number for %04x:%02x:%02x.%x: ask for `lspci -vvnn`", f->domain, f->bus,
			    f->dev, f->func);
	}
	if (!f->verbose) {
		/* A bare listing states the IDs and class only. */
		f->config_len = 64;
		return 0;
	}
	/* Header layout 0 unless the text printed a bridge's bus numbers. */
	if (!(f->known[0x0e] & 0x7f))
		set_bits(f, 0x0e, 1, 0, 0x7f);
	/* lspci prints Control/Status (-vv) or Flags (-v) for every function: a
	 * text without them was cut down by hand, so what it does not show is
	 * unknown rather than absent (regions, the interrupt pin). */
	if (!p->saw_status)
		f->regions_known = false;
	else if (!(f->known[0x3d]))
		set_bits(f, 0x3d, 1, 0, 0xff); /* lspci prints the pin whenever it is set */
	if (f->access_denied) {
		f->config_len = 64; /* as a capture without root: the rest is unknown */
		return 0;
	}
	f->config_len = LSPCI_CONFIG_SIZE;
	if (p->saw_caps_line || (f->known[0x06] & 0x10)) {
		if (!p->prev_std) {
			/* "Status: Cap-" or no list: the list is empty. */
			set_bits(f, 0x34, 1, 0, 0xff);
		}
		/* lspci shows the extended list whenever it could read it; a PCIe
		 * function with none shown has none the kernel could find either. */
		if (!p->prev_ext)
			set_bits(f, 0x100, 4, 0, 0xffffffffu);
	}
	return 0;
}

/* Multifunction: the kernel enumerates functions 1-7 of a slot only when
 * function 0's header says multifunction (pci_scan_slot), so another function
 * of the same slot in the listing states that bit. */
static void mark_multifunction(struct lspci_dump *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct lspci_function *f = &d->fn[i];
		if (f->hex || f->func != 0)
			continue;
		for (size_t j = 0; j < d->n; j++) {
			const struct lspci_function *g = &d->fn[j];
			if (g->domain == f->domain && g->bus == f->bus && g->dev == f->dev && g->func != 0)
				set_bits(f, 0x0e, 1, 0x80, 0x80);
		}
	}
}

bool lspci_looks_like(const char *text, size_t len)
{
	char line[LINE_MAX_KEPT];
	size_t pos = 0;
	for (unsigned lines = 0; pos < len && lines < 200; lines++) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;
		size_t k = l < sizeof(line) - 1 ? l : sizeof(line) - 1;
		memcpy(line, text + pos, k);
		line[k] = '\0';
		uint32_t dom;
		uint8_t b, dv, fn;
		if (parse_address(line, &dom, &b, &dv, &fn))
			return true;
		pos += l + 1;
	}
	return false;
}

/* lspci run with stdout and stderr into one file: a pcilib warning ("pcilib:
 * sysfs_read_vpd: read failed: No such device", pciutils lib/sysfs.c) lands in
 * the middle of a line of stdout. The message runs to the end of that line and
 * the interrupted line goes on at the start of the next one, even inside a
 * device heading ("0f:" + message + "00.0 Ethernet controller ..."). The
 * message is cut out of line[] and the interrupted line joined again from
 * text[*pos..]; returns how many further lines were joined, or SIZE_MAX if one
 * holds a NUL byte. A line that was only the message comes back empty. */
static size_t splice_stderr(const char *text, size_t len, size_t *pos, char *line)
{
	size_t joined = 0;
	char *msg;
	while ((msg = strstr(line, "pcilib: ")) != NULL) {
		size_t k = (size_t)(msg - line);
		*msg = '\0';
		if (k == 0 || *pos >= len)
			break;
		const char *nl = memchr(text + *pos, '\n', len - *pos);
		size_t l = nl ? (size_t)(nl - (text + *pos)) : len - *pos;
		size_t room = LINE_MAX_KEPT - 1 - k;
		size_t n = l < room ? l : room;
		if (memchr(text + *pos, '\0', n))
			return SIZE_MAX;
		memcpy(line + k, text + *pos, n);
		line[k + n] = '\0';
		*pos += l + 1;
		joined++;
	}
	return joined;
}

int lspci_parse(const char *text, size_t len, struct lspci_dump *out, char *err, size_t err_size,
		size_t *err_line)
{
	memset(out, 0, sizeof(*out));
	struct parser p = {.out = out, .err = err, .err_size = err_size, .err_line = err_line};
	if (err_size)
		err[0] = '\0';
	*err_line = 0;
	char *line = xmalloc(LINE_MAX_KEPT);
	size_t pos = 0;
	int r = 0;
	while (pos < len && r == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;
		size_t k = l < LINE_MAX_KEPT - 1 ? l : LINE_MAX_KEPT - 1;
		memcpy(line, text + pos, k);
		line[k] = '\0';
		/* NUL bytes in the middle make this a binary file, not lspci text. */
		if (memchr(line, '\0', k)) {
			p.line_no++;
			r = fail(&p, "binary data: not lspci output");
			break;
		}
		pos += l + 1;
		p.line_no++;
		size_t joined = splice_stderr(text, len, &pos, line);
		if (joined == SIZE_MAX) {
			r = fail(&p, "binary data: not lspci output");
			break;
		}
		if (k != 0 && line[0] == '\0')
			continue; /* the whole line was pcilib's message */
		size_t cut = strlen(line);
		while (cut && (line[cut - 1] == '\r' || line[cut - 1] == ' '))
			line[--cut] = '\0';
		uint32_t dom;
		uint8_t bus, dev, fn;
		unsigned long off;
		uint8_t bytes[16];
		size_t nb;
		size_t alen;
		if (line[0] == '\0') {
			r = finish_function(&p);
		} else if (line[0] == ' ' || line[0] == '\t') {
			r = verbose_line(&p, line);
		} else if ((alen = parse_address(line, &dom, &bus, &dev, &fn)) != 0) {
			r = finish_function(&p);
			if (r == 0)
				r = start_function(&p, line, alen, dom, bus, dev, fn);
		} else if (parse_hex_line(line, &off, bytes, &nb)) {
			r = hex_line(&p, off, bytes, nb);
		} else if (p.cur && p.cur->hex && p.hex_next % 16 == 0 && hex_digit_value(line[0]) >= 0 && strchr(line, ':') &&
			   strchr(line, ':') - line <= 3) {
			r = fail(&p, "malformed hex dump line: the dump is cut or edited");
		} else {
			/* Prose around a paste (a prompt, a note): ends the function. */
			r = finish_function(&p);
		}
		p.line_no += joined;
	}
	free(line);
	if (r == 0)
		r = finish_function(&p);
	if (r == 0 && out->n == 0) {
		p.line_no = 1;
		r = fail(&p, "no lspci device heading (\"00:1f.3 ...\"): not lspci output");
	}
	if (r == 0 && out->any_hex) {
		for (size_t i = 0; i < out->n && r == 0; i++)
			if (!out->fn[i].hex) {
				p.line_no = out->fn[i].line;
				r = fail(&p, "%04x:%02x:%02x.%x has no hex dump while others have one: two pastes mixed?",
					 out->fn[i].domain, out->fn[i].bus, out->fn[i].dev, out->fn[i].func);
			}
	}
	if (r == 0)
		mark_multifunction(out);
	if (r < 0)
		lspci_dump_free(out);
	return r;
}

void lspci_dump_free(struct lspci_dump *d)
{
	free(d->fn);
	memset(d, 0, sizeof(*d));
}
