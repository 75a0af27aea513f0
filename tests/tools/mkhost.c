/* mkhost: the one builder of synthetic hosts. It writes a fake root (the layout
 * `iommu-audit check --root` and a snapshot use) from a spec; every synthetic
 * host of the test suite is a spec under tests/hosts/.
 *
 * Usage: mkhost SPEC OUTDIR     (OUTDIR is created; SPEC may be '-' for stdin)
 *
 * One statement per line; a line whose first non-blank is '#' is a comment (the
 * tests keep their expectations there). TEXT is the rest of the line, with the
 * escapes \\ \t \n \xHH; a value may be "quoted" (same escapes) to hold blanks.
 * Paths are relative to OUTDIR and may not hold "..".
 *
 * Host
 *   hostname TEXT | osrelease TEXT | cmdline TEXT      proc/sys/kernel/..., proc/cmdline
 *   marker TEXT                 IOMMU-AUDIT-SNAPSHOT (a snapshot's marker line)
 *   log TEXT                    a dev/kmsg record "6,SEQ,SEQ*1000,-;TEXT" (SEQ from 0)
 *   kmsg TEXT                   a raw dev/kmsg line
 *   nolog                       no dev/kmsg at all (the log was not readable)
 *   config LINE                 a line of boot/config-RELEASE (the last osrelease)
 *   module NAME                 a line of proc/modules
 *   moddep LINE | builtin LINE  a line of lib/modules/RELEASE/modules.dep | .builtin
 *   fb TEXT                     a line of proc/fb
 *   unsafe Y|N                  vfio_iommu_type1 allow_unsafe_interrupts
 *   dmi FIELD TEXT              sys/class/dmi/id/FIELD
 *   cpu intel|amd [novirt] [guest] [count=N] [vendor=ID] [model=TEXT] [family=N]
 *       [model-number=N] [flags=TEXT]   proc/cpuinfo: N processors (default 2)
 *   unit NAME [KIND] [cap=HEX] [ecap=HEX] [version=V] [address=HEX] [in-class]
 *       an IOMMU unit: sys/class/iommu/NAME, a link to the unit's device
 *       (KIND intel-iommu: devices/virtual/iommu/NAME; amd-iommu: below
 *       0000:00:00.2) holding KIND/{cap,ecap,version[,address]}; in-class: a
 *       plain directory there instead of the link; no KIND: an empty directory
 *   group N [type=T|type=none] [noregions] [START-END-TYPE...]
 *       sys/kernel/iommu_groups/N: its type (default DMA) and reserved regions
 *       (the MSI window, then these; noregions: no file). A group only named by
 *       a function's group= gets type DMA and the MSI window.
 * ACPI tables (sys/firmware/acpi/tables/SIG)
 *   table SIG FILE              the bytes of FILE (relative to the spec)
 *   acpi SIG [rev=N] [oem=ID] [table-id=ID] [oem-rev=N] [creator=ID]
 *       [creator-rev=N] [haw=N] [flags=HEX] [ivinfo=HEX]
 *       a table with a valid header and checksum; DMAR's body starts with the
 *       host address width (haw, default 38 = 39 bits) and flags (default 1,
 *       INTR_REMAP); IVRS's with IVinfo. The lines below add to the last one:
 *   drhd base=HEX [flags=HEX] [segment=HEX] [scope=S...]       a DMAR DRHD
 *   rmrr base=HEX limit=HEX [segment=HEX] [scope=S...]         a DMAR RMRR
 *   atsr [flags=HEX] [segment=HEX] [scope=S...]                a DMAR ATSR
 *       S = endpoint|bridge:BB:DD.F[/DD.F...] or ioapic|hpet|acpi:ID:BB:DD.F[/...]
 *   ivhd [type=HEX] [flags=HEX] devid=BB:DD.F [cap=HEX] base=HEX [segment=HEX]
 *       [info=HEX] [feature=HEX] entries: all[=DATA] select=BB:DD.F[:DATA]
 *       range=BB:DD.F-BB:DD.F special=ioapic|hpet:HANDLE:BB:DD.F[:DATA]
 *   ivmd [type=HEX] [flags=HEX] [devid=BB:DD.F] [aux=HEX] start=HEX length=HEX
 *   bytes HEX...                raw bytes
 * Plain files
 *   file PATH TEXT  (append TEXT and a newline)   data PATH TEXT  (write TEXT as is)
 *   hex PATH HEX... (write bytes)   empty PATH   dir PATH   link PATH TARGET
 * PCI functions
 *   defaults KEY...             keys applied to every later dev line (its own win)
 *   dev DDDD:BB:DD.F KEY...     one function (domains may have 5 digits). Keys:
 *     id=VVVV:DDDD (default 1b36:0001)  class=CCSSPP (default 000000, 060400 for
 *     a bridge)  rev=RR  subsys=VVVV:DDDD (attributes; config space unless a bridge)
 *     type=endpoint|legacy|rootport|upstream|downstream|pcie2pci|pci2pcie|rciep|
 *       rcec|pci (pci: no PCIe capability, 256 bytes of config)
 *     bus=SEC-SUB  a bridge forwarding these buses (hex); bridge: a bridge whose
 *       buses are those of the functions below it (0-0 if none)
 *     parent=BDF   the bridge above (default: the bridge whose bus= range holds
 *       the function's bus, else a root bus)     mf  multifunction
 *     root-bus=BB  without a parent: the bus of its pciDDDD:BB directory
 *       (default its own bus)
 *     vmd=BDF      a function of a VMD domain: its host bridge sits below BDF
 *     pm[=nosoftrst] msi[=32] msix=N flr pin=N   capabilities and DevCap FLR
 *     speed=S width=W (default 1/1; 0/0: no link fields)  slot=0|1 (Slot
 *       Implemented; default 1 on root and downstream ports)
 *     extended capabilities, chained in the order written: acs=CAP/CTRL
 *       acs32=CAP/CTRL (Intel Sunrise Point layout: 32-bit registers at +4, +8)
 *       ari ats pri rebar pasid=W sriov=TOTAL | sriov=TOTAL/NUM/VFID
 *     layout=packed|slots  capabilities packed from 0x40 and 0x100 (default), or
 *       in slots: PM 0x40, MSI 0x50, PCIe 0x60, MSI-X 0xa0, extended every 0x40
 *     poke=OFF:HEX (repeatable)  cfg=N (only N bytes readable)  loop (the last
 *       standard capability points back to the first)
 *     barN=SIZE[,64][,pref][,unset][@BASE] (N 0-5, 6 = ROM; SIZE takes k/M/G)
 *     rom=SIZE[@BASE]  resource-lines=N (default 13)  bar-flags=kernel|plain
 *       (kernel: as sysfs prints them; plain: only IORESOURCE_MEM/MEM_64/PREFETCH)
 *       BARs without @BASE are given addresses in order, aligned to their size
 *     physfn=BDF driver=NAME group=N boot_vga=0|1 (default 0 on a display)
 *     numa=N reset=METHOD[,METHOD] mdev=N enable=1|no irq=N (default 16 with pin)
 *     links=relative|absolute (driver and iommu_group links)  driver-dir=yes|no
 *       (create sys/bus/pci/drivers/NAME for a relative driver link)
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEVS 16384
#define MAX_EXT 8
#define MAX_POKES 8
#define MAX_TABLES 16
#define MAX_GROUPS 1024

static const char *out, *spec_name;
static char spec_dir[4096];
static int lineno;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (lineno)
		fprintf(stderr, "mkhost: %s:%d: ", spec_name, lineno);
	else if (spec_name)
		fprintf(stderr, "mkhost: %s: ", spec_name);
	else
		fputs("mkhost: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die("out of memory");
	return p;
}

/* ---- files below OUTDIR ---- */

static void check_rel(const char *rel)
{
	if (!*rel || rel[0] == '/' || strstr(rel, ".."))
		die("bad path '%s' (relative, without '..')", rel);
}

static void full_path(char *buf, size_t n, const char *rel)
{
	if ((size_t)snprintf(buf, n, "%s/%s", out, rel) >= n)
		die("path too long: %s", rel);
}

/* snprintf into a path buffer; a path that does not fit is an error. */
static void pathf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= n)
		die("path too long: %s", buf);
}

/* Copies a word into a fixed field; a word that does not fit is an error. */
#define SETSTR(dst, src) pathf((dst), sizeof(dst), "%s", (src))

static void mkdirs(const char *rel)
{
	char path[4096];
	full_path(path, sizeof(path), rel);
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return; /* the parent exists: the common case, one call */
	for (char *p = path + strlen(out) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0755) < 0 && errno != EEXIST)
				die("mkdir %s: %s", path, strerror(errno));
			*p = '/';
		}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die("mkdir %s: %s", path, strerror(errno));
}

static void mkparent(const char *rel)
{
	char dir[4096];
	pathf(dir, sizeof(dir), "%s", rel);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		mkdirs(dir);
	}
}

static void put(const char *rel, const void *data, size_t len, int append)
{
	char path[4096];
	full_path(path, sizeof(path), rel);
	FILE *f = fopen(path, append ? "ab" : "wb");
	if (!f && errno == ENOENT) {
		mkparent(rel);
		f = fopen(path, append ? "ab" : "wb");
	}
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		die("write %s: %s", path, strerror(errno));
}

static void putf(const char *rel, int append, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		die("line too long for %s", rel);
	put(rel, buf, (size_t)n, append);
}

static void link_to(const char *rel, const char *target)
{
	mkparent(rel);
	char path[4096];
	full_path(path, sizeof(path), rel);
	unlink(path);
	if (symlink(target, path) < 0)
		die("symlink %s: %s", path, strerror(errno));
}

/* The relative link target from directory from_dir to path to (both relative
 * to OUTDIR), the shortest one, as `ln -r` and os.path.relpath make it. */
static void rel_target(char *buf, size_t n, const char *from_dir, const char *to)
{
	size_t common = 0, i = 0;
	for (; from_dir[i] && from_dir[i] == to[i]; i++)
		if (from_dir[i] == '/')
			common = i + 1;
	if (!from_dir[i] && (to[i] == '/' || !to[i]))
		common = to[i] ? i + 1 : i;
	buf[0] = '\0';
	size_t len = 0;
	if (from_dir[common]) {
		for (const char *p = from_dir + common; p; p = strchr(p + 1, '/'))
			len += (size_t)snprintf(buf + len, n > len ? n - len : 0, "../");
	}
	if (len + strlen(to + common) >= n)
		die("link target too long: %s", to);
	strcat(buf, to + common);
}

/* ---- words and values ---- */

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes the escapes of s into buf; returns the length (text may hold NULs). */
static size_t unescape(const char *s, size_t slen, char *buf, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < slen; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < slen) {
			char e = s[++i];
			if (e == 'n')
				c = '\n';
			else if (e == 't')
				c = '\t';
			else if (e == 'x' && i + 2 < slen && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
				c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
				i += 2;
			} else
				c = e;
		}
		if (o + 1 >= n)
			die("text too long");
		buf[o++] = c;
	}
	buf[o] = '\0';
	return o;
}

/* The next blank-separated word of *p, or NULL. A quoted part ("...") may hold
 * blanks; its escapes are decoded. The word is copied into buf. */
static char *next_word(char **p, char *buf, size_t n)
{
	char *s = *p + strspn(*p, " \t");
	if (!*s)
		return NULL;
	size_t o = 0;
	while (*s && *s != ' ' && *s != '\t') {
		if (*s == '"') {
			char *end = strchr(s + 1, '"');
			while (end && end[-1] == '\\')
				end = strchr(end + 1, '"');
			if (!end)
				die("unterminated quote");
			o += unescape(s + 1, (size_t)(end - s - 1), buf + o, n - o);
			s = end + 1;
		} else {
			if (o + 1 >= n)
				die("word too long");
			buf[o++] = *s++;
		}
	}
	buf[o] = '\0';
	*p = s;
	return buf;
}

static unsigned long long hexnum(const char *s, const char *what)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 16);
	if (!*s || *end || errno)
		die("bad %s '%s' (hex)", what, s);
	return v;
}

static long decnum(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno)
		die("bad %s '%s'", what, s);
	return v;
}

static unsigned long long size_of(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	if (end == s)
		die("bad size '%s'", s);
	int shift = *end == 'k' || *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : -1;
	if (*end && (shift < 0 || end[1]))
		die("bad size '%s'", s);
	return shift > 0 ? v << shift : v;
}

static void le(uint8_t *b, size_t off, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* "BB:DD.F" as a 16-bit requester ID. */
static unsigned devid_of(const char *s)
{
	unsigned bus, dev, fn;
	char tail;
	if (sscanf(s, "%x:%x.%x%c", &bus, &dev, &fn, &tail) != 3 || bus > 0xff || dev > 0x1f || fn > 7)
		die("bad device '%s' (BB:DD.F)", s);
	return bus << 8 | dev << 3 | fn;
}

/* ---- ACPI tables ---- */

struct table {
	char sig[5];
	uint8_t *buf;
	size_t len, cap;
	size_t sub_start; /* the open IVHD, whose length grows with its entries */
};

static struct table tables[MAX_TABLES];
static int n_tables;

static void tb_grow(struct table *t, size_t add)
{
	if (t->len + add > t->cap) {
		t->cap = (t->len + add) * 2;
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf)
			die("out of memory");
	}
	memset(t->buf + t->len, 0, add);
	t->len += add;
}

static struct table *cur_table(const char *what)
{
	if (!n_tables)
		die("%s before any 'acpi' line", what);
	return &tables[n_tables - 1];
}

static void put_id(uint8_t *dst, const char *s, size_t n)
{
	memset(dst, ' ', n);
	memcpy(dst, s, strlen(s) < n ? strlen(s) : n);
}

static void acpi_begin(char *rest)
{
	char w[256], sig[64];
	if (!next_word(&rest, sig, sizeof(sig)) || strlen(sig) != 4)
		die("acpi SIG [KEY=VALUE...]");
	if (n_tables == MAX_TABLES)
		die("too many tables");
	struct table *t = &tables[n_tables++];
	memset(t, 0, sizeof(*t));
	memcpy(t->sig, sig, 5);
	tb_grow(t, 36);
	memcpy(t->buf, sig, 4);
	unsigned rev = 1, oem_rev = 1, creator_rev = 1, haw = 38, flags = 1;
	unsigned long long ivinfo = 0;
	char oem[7] = "IATEST", table_id[9] = "SYNTHOST", creator[5] = "IATB";
	while (next_word(&rest, w, sizeof(w))) {
		char *v = strchr(w, '=');
		if (!v)
			die("acpi: bad key '%s'", w);
		*v++ = '\0';
		if (!strcmp(w, "rev"))
			rev = (unsigned)decnum(v, "rev");
		else if (!strcmp(w, "oem"))
			SETSTR(oem, v);
		else if (!strcmp(w, "table-id"))
			SETSTR(table_id, v);
		else if (!strcmp(w, "oem-rev"))
			oem_rev = (unsigned)decnum(v, "oem-rev");
		else if (!strcmp(w, "creator"))
			SETSTR(creator, v);
		else if (!strcmp(w, "creator-rev"))
			creator_rev = (unsigned)decnum(v, "creator-rev");
		else if (!strcmp(w, "haw"))
			haw = (unsigned)decnum(v, "haw");
		else if (!strcmp(w, "flags"))
			flags = (unsigned)hexnum(v, "flags");
		else if (!strcmp(w, "ivinfo"))
			ivinfo = hexnum(v, "ivinfo");
		else
			die("acpi: unknown key '%s'", w);
	}
	t->buf[8] = (uint8_t)rev;
	put_id(t->buf + 10, oem, 6);
	put_id(t->buf + 16, table_id, 8);
	le(t->buf, 24, oem_rev, 4);
	put_id(t->buf + 28, creator, 4);
	le(t->buf, 32, creator_rev, 4);
	if (!strcmp(sig, "DMAR")) {
		tb_grow(t, 12);
		t->buf[36] = (uint8_t)haw;
		t->buf[37] = (uint8_t)flags;
	} else if (!strcmp(sig, "IVRS")) {
		tb_grow(t, 12);
		le(t->buf, 36, ivinfo, 4);
	}
}

/* A DMAR device scope: KIND[:ID]:BB:DD.F[/DD.F...]. */
static void dmar_scope(struct table *t, char *s)
{
	static const char *const kinds[] = {"", "endpoint", "bridge", "ioapic", "hpet", "acpi"};
	char *save, *kind = strtok_r(s, ":", &save);
	unsigned type = 0, enum_id = 0;
	for (unsigned i = 1; i < 6; i++)
		if (kind && !strcmp(kind, kinds[i]))
			type = i;
	if (!type)
		die("scope=KIND[:ID]:BB:DD.F with KIND endpoint, bridge, ioapic, hpet or acpi");
	if (type >= 3) {
		char *id = strtok_r(NULL, ":", &save);
		if (!id)
			die("scope=%s:ID:BB:DD.F", kind);
		enum_id = (unsigned)hexnum(id, "enumeration ID");
	}
	char *bus = strtok_r(NULL, ":", &save), *path = strtok_r(NULL, "", &save);
	if (!bus || !path)
		die("scope: BB:DD.F missing");
	size_t at = t->len;
	tb_grow(t, 6);
	t->buf[at] = (uint8_t)type;
	t->buf[at + 4] = (uint8_t)enum_id;
	t->buf[at + 5] = (uint8_t)hexnum(bus, "bus");
	for (char *hop = strtok_r(path, "/", &save); hop; hop = strtok_r(NULL, "/", &save)) {
		unsigned dev, fn;
		if (sscanf(hop, "%x.%x", &dev, &fn) != 2)
			die("scope path '%s' (DD.F)", hop);
		tb_grow(t, 2);
		t->buf[t->len - 2] = (uint8_t)dev;
		t->buf[t->len - 1] = (uint8_t)fn;
	}
	t->buf[at + 1] = (uint8_t)(t->len - at);
}

static void dmar_struct(const char *what, char *rest)
{
	struct table *t = cur_table(what);
	if (strcmp(t->sig, "DMAR"))
		die("%s belongs in a DMAR", what);
	unsigned type = !strcmp(what, "drhd") ? 0 : !strcmp(what, "rmrr") ? 1 : 2;
	size_t at = t->len, hdr = type == 0 ? 16 : type == 1 ? 24 : 8;
	tb_grow(t, hdr);
	uint8_t *b = t->buf;
	le(b, at, type, 2);
	char w[256], *scopes[64];
	int n_scopes = 0, have_base = 0, have_limit = type != 1;
	while (next_word(&rest, w, sizeof(w))) {
		char *v = strchr(w, '=');
		if (!v)
			die("%s: bad key '%s'", what, w);
		*v++ = '\0';
		b = t->buf;
		if (!strcmp(w, "base") && type < 2)
			le(b, at + 8, hexnum(v, "base"), 8), have_base = 1;
		else if (!strcmp(w, "limit") && type == 1)
			le(b, at + 16, hexnum(v, "limit"), 8), have_limit = 1;
		else if (!strcmp(w, "flags") && type != 1)
			b[at + 4] = (uint8_t)hexnum(v, "flags");
		else if (!strcmp(w, "segment"))
			le(b, at + 6, hexnum(v, "segment"), 2); /* the same place in all three */
		else if (!strcmp(w, "scope") && n_scopes < 64)
			scopes[n_scopes++] = xstrdup(v);
		else
			die("%s: unknown key '%s'", what, w);
	}
	if ((type < 2 && !have_base) || !have_limit)
		die("%s needs base=%s", what, type == 1 ? " and limit=" : "");
	for (int i = 0; i < n_scopes; i++) {
		dmar_scope(t, scopes[i]);
		free(scopes[i]);
	}
	le(t->buf, at + 2, t->len - at, 2);
}

static void ivrs_struct(const char *what, char *rest)
{
	struct table *t = cur_table(what);
	if (strcmp(t->sig, "IVRS"))
		die("%s belongs in an IVRS", what);
	int ivhd = !strcmp(what, "ivhd");
	char w[256];
	size_t at = t->len;
	unsigned type = ivhd ? 0x10 : 0x21;
	/* The type decides the header's length, so read it first. */
	for (char *p = rest; next_word(&p, w, sizeof(w));)
		if (!strncmp(w, "type=", 5))
			type = (unsigned)hexnum(w + 5, "type");
	size_t hdr = ivhd ? (type == 0x10 ? 24 : 40) : 32;
	tb_grow(t, hdr);
	t->buf[at] = (uint8_t)type;
	while (next_word(&rest, w, sizeof(w))) {
		char *v = strchr(w, '=');
		if (v)
			*v++ = '\0';
		uint8_t *b = t->buf;
		if (!strcmp(w, "type"))
			continue;
		else if (v && !strcmp(w, "flags"))
			b[at + 1] = (uint8_t)hexnum(v, "flags");
		else if (v && !strcmp(w, "devid"))
			le(b, at + 4, devid_of(v), 2);
		else if (ivhd && v && !strcmp(w, "cap"))
			le(b, at + 6, hexnum(v, "cap"), 2);
		else if (ivhd && v && !strcmp(w, "base"))
			le(b, at + 8, hexnum(v, "base"), 8);
		else if (ivhd && v && !strcmp(w, "segment"))
			le(b, at + 16, hexnum(v, "segment"), 2);
		else if (ivhd && v && !strcmp(w, "info"))
			le(b, at + 18, hexnum(v, "info"), 2);
		else if (ivhd && v && !strcmp(w, "feature"))
			le(b, at + 20, hexnum(v, "feature"), 4);
		else if (ivhd && v && !strcmp(w, "efr") && hdr == 40)
			le(b, at + 24, hexnum(v, "efr"), 8);
		else if (!ivhd && v && !strcmp(w, "aux"))
			le(b, at + 6, hexnum(v, "aux"), 2);
		else if (!ivhd && v && !strcmp(w, "start"))
			le(b, at + 16, hexnum(v, "start"), 8);
		else if (!ivhd && v && !strcmp(w, "length"))
			le(b, at + 24, hexnum(v, "length"), 8);
		else if (ivhd && !strcmp(w, "all")) {
			tb_grow(t, 4);
			t->buf[t->len - 4] = 1;
			t->buf[t->len - 1] = (uint8_t)(v ? hexnum(v, "data") : 0);
		} else if (ivhd && v && !strcmp(w, "select")) {
			char *data = strchr(strchr(v, '.') ? strchr(v, '.') : v, ':');
			if (data)
				*data++ = '\0';
			tb_grow(t, 4);
			t->buf[t->len - 4] = 2;
			le(t->buf, t->len - 3, devid_of(v), 2);
			t->buf[t->len - 1] = (uint8_t)(data ? hexnum(data, "data") : 0);
		} else if (ivhd && v && !strcmp(w, "range")) {
			char *end = strchr(v, '-');
			if (!end)
				die("range=BB:DD.F-BB:DD.F");
			*end++ = '\0';
			tb_grow(t, 8);
			t->buf[t->len - 8] = 3;
			le(t->buf, t->len - 7, devid_of(v), 2);
			t->buf[t->len - 4] = 4;
			le(t->buf, t->len - 3, devid_of(end), 2);
		} else if (ivhd && v && !strcmp(w, "special")) {
			char *save, *kind = strtok_r(v, ":", &save), *handle = strtok_r(NULL, ":", &save);
			char *bus = strtok_r(NULL, ":", &save), *df = strtok_r(NULL, ":", &save);
			char *data = strtok_r(NULL, ":", &save), bdf[32];
			unsigned variety = kind && !strcmp(kind, "ioapic") ? 1 : kind && !strcmp(kind, "hpet") ? 2 : 0;
			if (!variety || !handle || !bus || !df)
				die("special=ioapic|hpet:HANDLE:BB:DD.F[:DATA]");
			snprintf(bdf, sizeof(bdf), "%s:%s", bus, df);
			tb_grow(t, 8);
			uint8_t *e = t->buf + t->len - 8;
			e[0] = 0x48;
			e[3] = (uint8_t)(data ? hexnum(data, "data") : 0);
			e[4] = (uint8_t)hexnum(handle, "handle");
			le(e, 5, devid_of(bdf), 2);
			e[7] = (uint8_t)variety;
		} else
			die("%s: unknown key '%s'", what, w);
	}
	le(t->buf, at + 2, t->len - at, 2);
}

static size_t hex_bytes(char *rest, uint8_t *buf, size_t n)
{
	size_t len = 0;
	for (char *p = rest; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if (hexval(p[0]) < 0 || hexval(p[1]) < 0)
			die("bad hex bytes at '%s'", p);
		if (len == n)
			die("too many bytes");
		buf[len++] = (uint8_t)(hexval(p[0]) * 16 + hexval(p[1]));
		p++;
	}
	return len;
}

static void write_tables(void)
{
	for (int i = 0; i < n_tables; i++) {
		struct table *t = &tables[i];
		le(t->buf, 4, t->len, 4);
		uint8_t sum = 0;
		for (size_t k = 0; k < t->len; k++)
			sum = (uint8_t)(sum + t->buf[k]);
		t->buf[9] = (uint8_t)(t->buf[9] - sum);
		char rel[64];
		pathf(rel, sizeof(rel), "sys/firmware/acpi/tables/%s", t->sig);
		put(rel, t->buf, t->len, 0);
		free(t->buf);
	}
}

/* ---- PCI functions ---- */

enum { EXT_ACS, EXT_ACS32, EXT_ARI, EXT_ATS, EXT_SRIOV, EXT_PRI, EXT_REBAR, EXT_PASID };

struct bar {
	int set, is64, pref, unset, has_base;
	unsigned long long size, base;
};

struct dev {
	char bdf[24], parent[24], vmd[24], physfn[24];
	unsigned dom, bus, slot, fn;
	unsigned vendor, device, class_code, rev, sub_vendor, sub_device;
	int has_class, has_subsys, type, bridge, has_bus, sec, sub, mf;
	int pm, msi, msix, flr, pin, speed, width, slot_impl, slots_layout, loop, cfg_len;
	int ext[MAX_EXT], n_ext;
	unsigned acs_cap, acs_ctrl, acs32_cap, acs32_ctrl, pasid, sriov_total, sriov_num;
	int sriov_full;
	char sriov_vfid[16];
	struct bar bars[7];
	int resource_lines, plain_flags;
	char pokes[MAX_POKES][128];
	int n_pokes;
	char driver[64], group[32], reset[128], numa[16];
	int has_reset, boot_vga, mdev, enable, irq, abs_links, driver_dir;
	int root_bus; /* of its sysfs root-bus directory when it has no parent */
	struct dev *up; /* resolved parent */
	char path[1024];
};

static struct dev *devs;
static int n_devs;
static char defaults[4096];

static struct dev *find_dev(const char *bdf)
{
	for (int i = 0; i < n_devs; i++)
		if (!strcmp(devs[i].bdf, bdf))
			return &devs[i];
	return NULL;
}

static int port_type(const char *v)
{
	static const char *const names[] = {"endpoint", "legacy", "", "", "rootport", "upstream",
					    "downstream", "pcie2pci", "pci2pcie", "rciep", "rcec"};
	if (!strcmp(v, "pci"))
		return -1;
	for (int i = 0; i < 11; i++)
		if (*names[i] && !strcmp(v, names[i]))
			return i;
	die("unknown type '%s'", v);
	return -1;
}

static void add_ext(struct dev *d, int kind)
{
	for (int i = 0; i < d->n_ext; i++)
		if (d->ext[i] == kind)
			return;
	if (d->n_ext == MAX_EXT)
		die("too many extended capabilities");
	d->ext[d->n_ext++] = kind;
}

static void bdf_norm(const char *s, char *buf, size_t n)
{
	unsigned dom, bus, dev, fn;
	char tail;
	if (sscanf(s, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) != 4 || bus > 0xff || dev > 0x1f || fn > 7)
		die("bad BDF '%s' (DDDD:BB:DD.F)", s);
	snprintf(buf, n, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
}

static void dev_key(struct dev *d, char *k)
{
	char *eq = strchr(k, '=');
	const char *v = eq ? eq + 1 : NULL;
	if (eq)
		*eq = '\0';
#define NEED_V()                                              \
	do {                                                  \
		if (!v)                                       \
			die("%s: %s needs a value", d->bdf, k); \
	} while (0)
	if (!strcmp(k, "id")) {
		NEED_V();
		if (sscanf(v, "%x:%x", &d->vendor, &d->device) != 2)
			die("id=VVVV:DDDD");
	} else if (!strcmp(k, "class")) {
		NEED_V();
		d->class_code = (unsigned)hexnum(v, "class"), d->has_class = 1;
	} else if (!strcmp(k, "rev")) {
		NEED_V();
		d->rev = (unsigned)hexnum(v, "rev");
	} else if (!strcmp(k, "subsys")) {
		NEED_V();
		if (sscanf(v, "%x:%x", &d->sub_vendor, &d->sub_device) != 2)
			die("subsys=VVVV:DDDD");
		d->has_subsys = 1;
	} else if (!strcmp(k, "type")) {
		NEED_V();
		d->type = port_type(v);
	} else if (!strcmp(k, "bus")) {
		NEED_V();
		unsigned a, b;
		if (sscanf(v, "%x-%x", &a, &b) != 2 || a > 0xff || b > 0xff)
			die("bus=SEC-SUB");
		d->sec = (int)a, d->sub = (int)b, d->has_bus = d->bridge = 1;
	} else if (!strcmp(k, "bridge"))
		d->bridge = 1;
	else if (!strcmp(k, "parent")) {
		NEED_V();
		bdf_norm(v, d->parent, sizeof(d->parent));
	} else if (!strcmp(k, "vmd")) {
		NEED_V();
		bdf_norm(v, d->vmd, sizeof(d->vmd));
	} else if (!strcmp(k, "physfn")) {
		NEED_V();
		bdf_norm(v, d->physfn, sizeof(d->physfn));
	} else if (!strcmp(k, "mf"))
		d->mf = 1;
	else if (!strcmp(k, "pm"))
		d->pm = v && !strcmp(v, "nosoftrst") ? 2 : 1;
	else if (!strcmp(k, "msi"))
		d->msi = v && !strcmp(v, "32") ? 32 : 64;
	else if (!strcmp(k, "msix")) {
		NEED_V();
		d->msix = (int)decnum(v, "msix");
		if (d->msix < 1 || d->msix > 2048)
			die("msix=N with N 1-2048");
	} else if (!strcmp(k, "flr"))
		d->flr = 1;
	else if (!strcmp(k, "pin")) {
		NEED_V();
		d->pin = (int)decnum(v, "pin");
	} else if (!strcmp(k, "speed")) {
		NEED_V();
		d->speed = (int)decnum(v, "speed");
	} else if (!strcmp(k, "width")) {
		NEED_V();
		d->width = (int)decnum(v, "width");
	} else if (!strcmp(k, "slot")) {
		NEED_V();
		d->slot_impl = (int)decnum(v, "slot");
	} else if (!strcmp(k, "layout")) {
		NEED_V();
		if (strcmp(v, "packed") && strcmp(v, "slots"))
			die("layout=packed|slots");
		d->slots_layout = !strcmp(v, "slots");
	} else if (!strcmp(k, "acs") || !strcmp(k, "acs32")) {
		NEED_V();
		unsigned cap, ctrl;
		if (sscanf(v, "%x/%x", &cap, &ctrl) != 2)
			die("%s=CAP/CTRL", k);
		if (k[3]) {
			d->acs32_cap = cap, d->acs32_ctrl = ctrl;
			add_ext(d, EXT_ACS32);
		} else {
			d->acs_cap = cap, d->acs_ctrl = ctrl;
			add_ext(d, EXT_ACS);
		}
	} else if (!strcmp(k, "ari"))
		add_ext(d, EXT_ARI);
	else if (!strcmp(k, "ats"))
		add_ext(d, EXT_ATS);
	else if (!strcmp(k, "pri"))
		add_ext(d, EXT_PRI);
	else if (!strcmp(k, "rebar"))
		add_ext(d, EXT_REBAR);
	else if (!strcmp(k, "pasid")) {
		NEED_V();
		d->pasid = (unsigned)decnum(v, "pasid");
		add_ext(d, EXT_PASID);
	} else if (!strcmp(k, "sriov")) {
		NEED_V();
		char vfid[16] = "";
		int n = sscanf(v, "%u/%u/%15s", &d->sriov_total, &d->sriov_num, vfid);
		if (n != 1 && n != 3)
			die("sriov=TOTAL or sriov=TOTAL/NUM/VFID");
		d->sriov_full = n == 3;
		SETSTR(d->sriov_vfid, vfid);
		add_ext(d, EXT_SRIOV);
	} else if (!strcmp(k, "poke")) {
		NEED_V();
		if (d->n_pokes == MAX_POKES)
			die("too many pokes");
		snprintf(d->pokes[d->n_pokes++], sizeof(d->pokes[0]), "%s", v);
	} else if (!strcmp(k, "cfg")) {
		NEED_V();
		d->cfg_len = (int)decnum(v, "cfg");
	} else if (!strcmp(k, "loop"))
		d->loop = 1;
	else if ((!strncmp(k, "bar", 3) && k[3] >= '0' && k[3] <= '6' && !k[4]) || !strcmp(k, "rom")) {
		NEED_V();
		struct bar *b = &d->bars[k[0] == 'r' ? 6 : k[3] - '0'];
		char spec[128], *save;
		SETSTR(spec, v);
		memset(b, 0, sizeof(*b));
		b->set = 1;
		char *at = strchr(spec, '@');
		if (at) {
			*at = '\0';
			b->base = hexnum(at + 1, "BAR base"), b->has_base = 1;
		}
		for (char *part = strtok_r(spec, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
			if (part == spec)
				b->size = size_of(part);
			else if (!strcmp(part, "64"))
				b->is64 = 1;
			else if (!strcmp(part, "pref"))
				b->pref = 1;
			else if (!strcmp(part, "unset"))
				b->unset = 1;
			else
				die("%s: unknown BAR flag '%s'", k, part);
		}
		if (!b->size || (b->size & (b->size - 1)))
			die("%s: the size must be a power of two", k);
	} else if (!strcmp(k, "resource-lines")) {
		NEED_V();
		d->resource_lines = (int)decnum(v, "resource-lines");
		if (d->resource_lines < 7 || d->resource_lines > 17)
			die("resource-lines=7..17");
	} else if (!strcmp(k, "bar-flags")) {
		NEED_V();
		d->plain_flags = !strcmp(v, "plain");
	} else if (!strcmp(k, "root-bus")) {
		NEED_V();
		d->root_bus = (int)hexnum(v, "root-bus");
	} else if (!strcmp(k, "driver")) {
		NEED_V();
		SETSTR(d->driver, v);
	} else if (!strcmp(k, "group")) {
		NEED_V();
		SETSTR(d->group, v);
	} else if (!strcmp(k, "boot_vga")) {
		NEED_V();
		d->boot_vga = (int)decnum(v, "boot_vga");
	} else if (!strcmp(k, "numa")) {
		NEED_V();
		SETSTR(d->numa, v);
	} else if (!strcmp(k, "reset")) {
		d->has_reset = 1;
		SETSTR(d->reset, v ? v : "");
		for (char *p = d->reset; *p; p++)
			if (*p == ',')
				*p = ' ';
	} else if (!strcmp(k, "mdev")) {
		NEED_V();
		d->mdev = (int)decnum(v, "mdev");
	} else if (!strcmp(k, "enable")) {
		NEED_V();
		d->enable = strcmp(v, "no") != 0;
	} else if (!strcmp(k, "irq")) {
		NEED_V();
		d->irq = (int)decnum(v, "irq");
	} else if (!strcmp(k, "links")) {
		NEED_V();
		d->abs_links = !strcmp(v, "absolute");
	} else if (!strcmp(k, "driver-dir")) {
		NEED_V();
		d->driver_dir = strcmp(v, "no") != 0;
	} else
		die("%s: unknown key '%s'", d->bdf, k);
#undef NEED_V
}

static void parse_dev(char *rest)
{
	char w[512];
	if (n_devs == MAX_DEVS)
		die("too many functions");
	struct dev *d = &devs[n_devs++];
	memset(d, 0, sizeof(*d));
	if (!next_word(&rest, w, sizeof(w)))
		die("dev BDF KEY...");
	bdf_norm(w, d->bdf, sizeof(d->bdf));
	sscanf(d->bdf, "%x:%x:%x.%x", &d->dom, &d->bus, &d->slot, &d->fn);
	if (find_dev(d->bdf) != d)
		die("%s is listed twice", d->bdf);
	d->vendor = 0x1b36, d->device = 0x0001;
	d->speed = d->width = 1;
	d->slot_impl = -1, d->cfg_len = -1, d->root_bus = -1, d->boot_vga = -1, d->irq = -1;
	d->resource_lines = 13, d->enable = 1, d->driver_dir = 1;
	snprintf(d->numa, sizeof(d->numa), "-1");
	char copy[sizeof(defaults)], *p = copy; /* next_word consumes its input */
	SETSTR(copy, defaults);
	while (next_word(&p, w, sizeof(w)))
		dev_key(d, w);
	while (next_word(&rest, w, sizeof(w)))
		dev_key(d, w);
	if (!d->has_class && d->bridge)
		d->class_code = 0x060400;
}

/* The bridge above d: its parent=, else the bridge with the narrowest bus=
 * range (highest secondary bus) that holds d's bus. */
static struct dev *resolve_parent(struct dev *d)
{
	if (d->parent[0]) {
		struct dev *p = find_dev(d->parent);
		if (!p)
			die("%s: parent %s is not listed", d->bdf, d->parent);
		return p;
	}
	struct dev *best = NULL;
	for (int i = 0; i < n_devs; i++) {
		struct dev *b = &devs[i];
		if (b == d || !b->has_bus || b->dom != d->dom)
			continue;
		if (b->sec <= (int)d->bus && (int)d->bus <= b->sub && b->sec > (int)b->bus && (!best || b->sec > best->sec))
			best = b;
	}
	return best;
}

static const char *dev_path(struct dev *d, int depth)
{
	if (d->path[0])
		return d->path;
	if (depth > 256)
		die("bridge loop at %s", d->bdf);
	char buf[sizeof(d->path)];
	if (d->up)
		pathf(buf, sizeof(buf), "%s/%s", dev_path(d->up, depth + 1), d->bdf);
	else if (d->vmd[0]) {
		struct dev *owner = find_dev(d->vmd);
		if (!owner)
			die("%s: vmd %s is not listed", d->bdf, d->vmd);
		pathf(buf, sizeof(buf), "%s/pci%04x:%02x/%s", dev_path(owner, depth + 1), d->dom, d->bus, d->bdf);
	} else
		pathf(buf, sizeof(buf), "sys/devices/pci%04x:%02x/%s", d->dom, d->root_bus >= 0 ? (unsigned)d->root_bus : d->bus, d->bdf);
	if (strlen(buf) >= sizeof(d->path) - 1)
		die("%s: path too deep", d->bdf);
	memcpy(d->path, buf, sizeof(d->path));
	return d->path;
}

struct cap {
	unsigned id;
	uint8_t body[64];
	size_t len;
};

static void build_config(struct dev *d, uint8_t *c, size_t *cfg_len)
{
	int pcie = d->type >= 0;
	size_t size = pcie ? 4096 : 256;
	memset(c, 0, 4096);
	le(c, 0, d->vendor, 2);
	le(c, 2, d->device, 2);
	le(c, 4, 0x0006, 2);
	c[8] = (uint8_t)d->rev;
	le(c, 9, d->class_code, 3);
	c[0x0e] = (uint8_t)((d->bridge ? 1 : 0) | (d->mf ? 0x80 : 0));
	if (d->bridge) {
		c[0x18] = (uint8_t)d->bus;
		c[0x19] = (uint8_t)d->sec;
		c[0x1a] = (uint8_t)d->sub;
	} else if (d->has_subsys) {
		le(c, 0x2c, d->sub_vendor, 2);
		le(c, 0x2e, d->sub_device, 2);
	}
	c[0x3d] = (uint8_t)d->pin;
	/* Standard capabilities, always in this order: PM, MSI, PCIe, MSI-X. */
	struct cap caps[4];
	int n = 0;
	static const size_t slot_of[] = {0x40, 0x50, 0x60, 0xa0};
	size_t slot[4];
	if (d->pm) {
		caps[n] = (struct cap){.id = 0x01, .len = 6};
		le(caps[n].body, 0, 0x0003, 2);
		le(caps[n].body, 2, d->pm == 2 ? 0x0008 : 0, 2);
		slot[n++] = slot_of[0];
	}
	if (d->msi) {
		caps[n] = (struct cap){.id = 0x05, .len = 12};
		le(caps[n].body, 0, d->msi == 64 ? 0x0080 : 0, 2);
		slot[n++] = slot_of[1];
	}
	if (pcie) {
		int slot_bit = d->slot_impl >= 0 ? d->slot_impl : d->type == 4 || d->type == 6;
		caps[n] = (struct cap){.id = 0x10, .len = 0x3c - 2};
		uint8_t *b = caps[n].body;
		le(b, 0, 0x2 | (unsigned)d->type << 4 | (slot_bit ? 0x100u : 0), 2);
		le(b, 2, d->flr ? 1u << 28 : 0, 4);
		unsigned lnk = (unsigned)d->speed | (unsigned)d->width << 4;
		le(b, 10, lnk, 4);
		le(b, 16, lnk, 2);
		slot[n++] = slot_of[2];
	}
	if (d->msix) {
		caps[n] = (struct cap){.id = 0x11, .len = 10};
		le(caps[n].body, 0, (unsigned)d->msix - 1, 2);
		slot[n++] = slot_of[3];
	}
	if (n) {
		c[6] |= 0x10;
		size_t pos = 0x40;
		for (int i = 0; i < n; i++) {
			size_t at = d->slots_layout ? slot[i] : pos;
			size_t next = d->slots_layout ? (i + 1 < n ? slot[i + 1] : 0) : (pos + ((2 + caps[i].len + 3) & ~(size_t)3));
			if (i == 0)
				c[0x34] = (uint8_t)at;
			c[at] = (uint8_t)caps[i].id;
			c[at + 1] = (uint8_t)(i + 1 < n ? next : d->loop ? 0x40 : 0);
			memcpy(c + at + 2, caps[i].body, caps[i].len);
			pos = next;
		}
	}
	/* Extended capabilities, chained from 0x100 in the order written. */
	size_t pos = 0x100;
	for (int i = 0; pcie && i < d->n_ext; i++) {
		struct cap e = {0};
		switch (d->ext[i]) {
		case EXT_ACS:
			e.id = 0x0d, e.len = 4;
			le(e.body, 0, d->acs_cap, 2);
			le(e.body, 2, d->acs_ctrl, 2);
			break;
		case EXT_ACS32:
			e.id = 0x0d, e.len = 8;
			le(e.body, 0, d->acs32_cap, 4);
			le(e.body, 4, d->acs32_ctrl, 4);
			break;
		case EXT_ARI:
			e.id = 0x0e, e.len = 4;
			break;
		case EXT_ATS:
			e.id = 0x0f, e.len = 4;
			break;
		case EXT_SRIOV:
			e.id = 0x10, e.len = 0x3c;
			le(e.body, 0x0c - 4, d->sriov_total, 2); /* InitialVFs */
			le(e.body, 0x0e - 4, d->sriov_total, 2); /* TotalVFs */
			if (d->sriov_full) {
				le(e.body, 0x10 - 4, d->sriov_num, 2);
				le(e.body, 0x14 - 4, 1, 2); /* First VF Offset */
				le(e.body, 0x16 - 4, 1, 2); /* VF Stride */
				le(e.body, 0x1a - 4, hexnum(d->sriov_vfid, "VF device ID"), 2);
			}
			break;
		case EXT_PRI:
			e.id = 0x13, e.len = 12;
			break;
		case EXT_REBAR:
			e.id = 0x15, e.len = 8;
			break;
		case EXT_PASID:
			e.id = 0x1b, e.len = 4;
			le(e.body, 0, d->pasid << 8, 2);
			break;
		}
		size_t next = d->slots_layout ? pos + 0x40 : pos + ((4 + e.len + 7) & ~(size_t)7);
		le(c, pos, e.id | 1u << 16 | (uint32_t)(i + 1 < d->n_ext ? next : 0) << 20, 4);
		memcpy(c + pos + 4, e.body, e.len);
		pos = next;
	}
	for (int i = 0; i < d->n_pokes; i++) {
		char *colon = strchr(d->pokes[i], ':');
		if (!colon)
			die("%s: poke=OFF:HEX", d->bdf);
		*colon = '\0';
		unsigned long long off = hexnum(d->pokes[i], "poke offset");
		uint8_t bytes[64];
		size_t len = hex_bytes(colon + 1, bytes, sizeof(bytes));
		if (off + len > size)
			die("%s: poke past the end of config space", d->bdf);
		memcpy(c + off, bytes, len);
	}
	if (d->cfg_len >= 0 && (size_t)d->cfg_len < size)
		size = (size_t)d->cfg_len;
	*cfg_len = size;
}

/* The resource file: BARs 0-5, the ROM, then empty lines as sysfs prints them.
 * BARs without @BASE get addresses in spec order, aligned to their size. */
static void write_resource(struct dev *d, const char *dir)
{
	static unsigned long long next32 = 0xe0000000ull, next64 = 0x4000000000ull;
	char res[4096], rel[1200];
	size_t rl = 0;
	for (int i = 0; i < d->resource_lines; i++) {
		unsigned long long start = 0, end = 0, flags = 0;
		const struct bar *b = i < 7 ? &d->bars[i] : NULL;
		if (b && b->set) {
			if (b->has_base)
				start = b->base;
			else {
				unsigned long long *next = b->is64 ? &next64 : &next32;
				*next = (*next + b->size - 1) & ~(b->size - 1);
				start = b->unset ? 0 : *next;
				if (!b->unset)
					*next += b->size;
			}
			end = start + b->size - 1;
			if (d->plain_flags)
				flags = 0x200 | (b->is64 ? 0x100000ull : 0) | (b->pref ? 0x2000ull : 0);
			else
				flags = 0x200 | 0x40000 | (b->is64 ? 0x100004ull : 0) | (b->pref ? 0x2008ull : 0) |
					(b->unset ? 0x20000000ull : 0);
		}
		rl += (size_t)snprintf(res + rl, sizeof(res) - rl, "0x%016llx 0x%016llx 0x%016llx\n", start, end, flags);
	}
	pathf(rel, sizeof(rel), "%s/resource", dir);
	put(rel, res, rl, 0);
}

struct group {
	char name[32];
	int type_none, noregions;
	char type[32];
	char regions[1024];
};

static struct group groups[MAX_GROUPS];
static int n_groups;

static struct group *find_group(const char *name, int create)
{
	for (int i = 0; i < n_groups; i++)
		if (!strcmp(groups[i].name, name))
			return &groups[i];
	if (!create)
		return NULL;
	if (n_groups == MAX_GROUPS)
		die("too many groups");
	struct group *g = &groups[n_groups++];
	memset(g, 0, sizeof(*g));
	SETSTR(g->name, name);
	snprintf(g->type, sizeof(g->type), "DMA");
	return g;
}

static void write_dev(struct dev *d)
{
	static uint8_t c[4096];
	size_t cfg_len;
	build_config(d, c, &cfg_len);
	const char *dir = dev_path(d, 0);
	char rel[1400], target[1400], up[1200]; /* up: a link's destination */
	pathf(rel, sizeof(rel), "%s/config", dir);
	put(rel, c, cfg_len, 0);
#define ATTR(name, ...)                                        \
	do {                                                   \
		pathf(rel, sizeof(rel), "%s/%s", dir, name); \
		putf(rel, 0, __VA_ARGS__);                     \
	} while (0)
	ATTR("vendor", "0x%04x\n", d->vendor);
	ATTR("device", "0x%04x\n", d->device);
	ATTR("class", "0x%06x\n", d->class_code);
	ATTR("subsystem_vendor", "0x%04x\n", d->has_subsys ? d->sub_vendor : 0);
	ATTR("subsystem_device", "0x%04x\n", d->has_subsys ? d->sub_device : 0);
	ATTR("revision", "0x%02x\n", d->rev);
	ATTR("irq", "%d\n", d->irq >= 0 ? d->irq : d->pin ? 16 : 0);
	ATTR("numa_node", "%s\n", d->numa);
	if (d->enable)
		ATTR("enable", "1\n");
	if (d->boot_vga >= 0 || (d->class_code >> 8) == 0x0300)
		ATTR("boot_vga", "%d\n", d->boot_vga > 0 ? d->boot_vga : 0);
	if (d->has_reset)
		ATTR("reset_method", "%s\n", d->reset);
	if (d->n_ext) {
		for (int i = 0; i < d->n_ext; i++)
			if (d->ext[i] == EXT_SRIOV) {
				ATTR("sriov_totalvfs", "%u\n", d->sriov_total);
				if (d->sriov_full) {
					ATTR("sriov_numvfs", "%u\n", d->sriov_num);
					ATTR("sriov_vf_device", "%s\n", d->sriov_vfid);
				}
			}
	}
	for (int t = 0; t < d->mdev && t < 8; t++) {
		char name[64];
		pathf(name, sizeof(name), "mdev_supported_types/i915-GVTg_V5_%d/name", 1 << t);
		ATTR(name, "GVTg_V5_%d\n", 1 << t);
	}
#undef ATTR
	write_resource(d, dir);
	if (d->driver[0]) {
		pathf(rel, sizeof(rel), "%s/driver", dir);
		if (d->abs_links)
			pathf(target, sizeof(target), "/sys/bus/pci/drivers/%s", d->driver);
		else {
			pathf(up, sizeof(up), "sys/bus/pci/drivers/%s", d->driver);
			rel_target(target, sizeof(target), dir, up);
		}
		link_to(rel, target);
		if (!d->abs_links && d->driver_dir) {
			pathf(rel, sizeof(rel), "sys/bus/pci/drivers/%s", d->driver);
			mkdirs(rel);
		}
	}
	if (d->physfn[0]) {
		struct dev *pf = find_dev(d->physfn);
		if (!pf)
			die("%s: physfn %s is not listed", d->bdf, d->physfn);
		pathf(rel, sizeof(rel), "%s/physfn", dir);
		rel_target(target, sizeof(target), dir, dev_path(pf, 0));
		link_to(rel, target);
	}
	if (d->group[0]) {
		find_group(d->group, 1);
		pathf(rel, sizeof(rel), "%s/iommu_group", dir);
		if (d->abs_links)
			pathf(target, sizeof(target), "/sys/kernel/iommu_groups/%s", d->group);
		else
		{
			pathf(up, sizeof(up), "sys/kernel/iommu_groups/%s", d->group);
			rel_target(target, sizeof(target), dir, up);
		}
		link_to(rel, target);
		pathf(rel, sizeof(rel), "sys/kernel/iommu_groups/%s/devices/%s", d->group, d->bdf);
		pathf(up, sizeof(up), "sys/kernel/iommu_groups/%s/devices", d->group);
		rel_target(target, sizeof(target), up, dir);
		link_to(rel, target);
	}
	pathf(rel, sizeof(rel), "sys/bus/pci/devices/%s", d->bdf);
	rel_target(target, sizeof(target), "sys/bus/pci/devices", dir);
	link_to(rel, target);
}

static void write_devs(void)
{
	for (int i = 0; i < n_devs; i++)
		devs[i].up = resolve_parent(&devs[i]);
	/* A bridge without bus=: the buses of the functions below it. */
	for (int i = 0; i < n_devs; i++) {
		struct dev *d = &devs[i];
		if (!d->bridge || d->has_bus)
			continue;
		int sec = 0xff, sub = 0;
		for (int k = 0; k < n_devs; k++) {
			int depth = 0;
			for (struct dev *p = devs[k].up; p && depth < 256; p = p->up, depth++)
				if (p == d) {
					if ((int)devs[k].bus < sec)
						sec = (int)devs[k].bus;
					if ((int)devs[k].bus > sub)
						sub = (int)devs[k].bus;
					break;
				}
		}
		d->sec = sec == 0xff ? 0 : sec, d->sub = sub;
	}
	for (int i = 0; i < n_devs; i++)
		write_dev(&devs[i]);
}

static void write_groups(void)
{
	for (int i = 0; i < n_groups; i++) {
		struct group *g = &groups[i];
		char rel[256];
		pathf(rel, sizeof(rel), "sys/kernel/iommu_groups/%s/devices", g->name);
		mkdirs(rel);
		if (!g->type_none) {
			pathf(rel, sizeof(rel), "sys/kernel/iommu_groups/%s/type", g->name);
			putf(rel, 0, "%s\n", g->type);
		}
		if (!g->noregions) {
			pathf(rel, sizeof(rel), "sys/kernel/iommu_groups/%s/reserved_regions", g->name);
			putf(rel, 0, "0x00000000fee00000 0x00000000feefffff msi\n%s", g->regions);
		}
	}
}

static void parse_group(char *rest)
{
	char w[256];
	if (!next_word(&rest, w, sizeof(w)))
		die("group N ...");
	struct group *g = find_group(w, 1);
	size_t rl = strlen(g->regions);
	while (next_word(&rest, w, sizeof(w))) {
		unsigned long long s, e;
		char type[32];
		if (!strncmp(w, "type=", 5)) {
			g->type_none = !strcmp(w + 5, "none");
			SETSTR(g->type, w + 5);
		} else if (!strcmp(w, "noregions"))
			g->noregions = 1;
		else if (sscanf(w, "%llx-%llx-%31s", &s, &e, type) == 3) {
			int n = snprintf(g->regions + rl, sizeof(g->regions) - rl, "0x%016llx 0x%016llx %s\n", s, e, type);
			if (n < 0 || (size_t)n >= sizeof(g->regions) - rl)
				die("too many regions");
			rl += (size_t)n;
		} else
			die("group: bad word '%s' (type=T, noregions or START-END-TYPE)", w);
	}
}

/* ---- host statements ---- */

static void cpu(char *rest)
{
	char w[512], vendor[64] = "", model[256] = "", flags[1024] = "", family[16] = "", model_no[16] = "";
	int amd = 0, virt = 1, guest = 0, count = 2;
	while (next_word(&rest, w, sizeof(w))) {
		if (!strcmp(w, "intel"))
			amd = 0;
		else if (!strcmp(w, "amd"))
			amd = 1;
		else if (!strcmp(w, "novirt"))
			virt = 0;
		else if (!strcmp(w, "guest"))
			guest = 1;
		else if (!strncmp(w, "count=", 6))
			count = (int)decnum(w + 6, "count");
		else if (!strncmp(w, "vendor=", 7))
			SETSTR(vendor, w + 7);
		else if (!strncmp(w, "model=", 6))
			SETSTR(model, w + 6);
		else if (!strncmp(w, "flags=", 6))
			SETSTR(flags, w + 6);
		else if (!strncmp(w, "family=", 7))
			SETSTR(family, w + 7);
		else if (!strncmp(w, "model-number=", 13))
			SETSTR(model_no, w + 13);
		else
			die("cpu: unknown word '%s'", w);
	}
	if (!vendor[0])
		SETSTR(vendor, amd ? "AuthenticAMD" : "GenuineIntel");
	if (!model[0])
		snprintf(model, sizeof(model), "%s",
			 amd ? "AMD Ryzen 9 7950X 16-Core Processor" : "Intel(R) Core(TM) i7-12700K");
	if (!flags[0])
		snprintf(flags, sizeof(flags), "fpu pae msr apic x2apic%s%s",
			 virt ? (amd ? " svm npt" : " vmx ept") : "", guest ? " hypervisor" : "");
	for (int n = 0; n < count; n++) {
		putf("proc/cpuinfo", n > 0, "processor\t: %d\nvendor_id\t: %s\n", n, vendor);
		if (family[0])
			putf("proc/cpuinfo", 1, "cpu family\t: %s\n", family);
		if (model_no[0])
			putf("proc/cpuinfo", 1, "model\t\t: %s\n", model_no);
		putf("proc/cpuinfo", 1, "model name\t: %s\nflags\t\t: %s\n\n", model, flags);
	}
}

static void unit(char *rest)
{
	char name[128], kind[128] = "", w[256];
	char cap[64] = "d2008c40660462", ecap[64] = "f0205e", version[32] = "1:0", address[64] = "";
	int in_class = 0;
	if (!next_word(&rest, name, sizeof(name)))
		die("unit NAME [KIND] ...");
	while (next_word(&rest, w, sizeof(w))) {
		if (!strncmp(w, "cap=", 4))
			SETSTR(cap, w + 4);
		else if (!strncmp(w, "ecap=", 5))
			SETSTR(ecap, w + 5);
		else if (!strncmp(w, "version=", 8))
			SETSTR(version, w + 8);
		else if (!strncmp(w, "address=", 8))
			SETSTR(address, w + 8);
		else if (!strcmp(w, "in-class"))
			in_class = 1;
		else if (!kind[0] && !strchr(w, '='))
			SETSTR(kind, w);
		else
			die("unit: unknown word '%s'", w);
	}
	char rel[512], dir[400], target[512];
	if (!kind[0]) { /* a registered unit whose attributes are not modelled */
		pathf(rel, sizeof(rel), "sys/class/iommu/%s", name);
		mkdirs(rel);
		return;
	}
	if (in_class)
		pathf(dir, sizeof(dir), "sys/class/iommu/%s/%s", name, kind);
	else {
		/* As sysfs has it: a class link to the unit's device (Intel: a
		 * virtual device; AMD: below the IOMMU's PCI function). */
		char unit_dir[300];
		if (!strcmp(kind, "amd-iommu"))
			pathf(unit_dir, sizeof(unit_dir), "devices/pci0000:00/0000:00:00.2/iommu/%s", name);
		else
			pathf(unit_dir, sizeof(unit_dir), "devices/virtual/iommu/%s", name);
		pathf(rel, sizeof(rel), "sys/class/iommu/%s", name);
		pathf(target, sizeof(target), "../../%s", unit_dir);
		link_to(rel, target);
		pathf(dir, sizeof(dir), "sys/%s/%s", unit_dir, kind);
	}
	mkdirs(dir);
	pathf(rel, sizeof(rel), "%s/ecap", dir);
	putf(rel, 0, "%s\n", ecap);
	pathf(rel, sizeof(rel), "%s/cap", dir);
	putf(rel, 0, "%s\n", cap);
	pathf(rel, sizeof(rel), "%s/version", dir);
	putf(rel, 0, "%s\n", version);
	if (address[0]) {
		pathf(rel, sizeof(rel), "%s/address", dir);
		putf(rel, 0, "%s\n", address);
	}
}

/* Splits "PATH TEXT" into the checked path and the rest. */
static char *path_arg(char *rest, char *path, size_t n)
{
	if (!next_word(&rest, path, n))
		die("a PATH is needed");
	check_rel(path);
	if (*rest == ' ' || *rest == '\t')
		rest++;
	return rest;
}

static void copy_table(char *rest)
{
	char sig[64], file[1024], src[5200];
	if (!next_word(&rest, sig, sizeof(sig)) || strlen(sig) != 4 || !next_word(&rest, file, sizeof(file)))
		die("table SIG FILE");
	if (file[0] == '/')
		pathf(src, sizeof(src), "%s", file);
	else
		pathf(src, sizeof(src), "%s/%s", spec_dir, file);
	FILE *f = fopen(src, "rb");
	if (!f)
		die("%s: %s", src, strerror(errno));
	static uint8_t buf[1 << 20];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	char rel[64];
	pathf(rel, sizeof(rel), "sys/firmware/acpi/tables/%s", sig);
	put(rel, buf, len, 0);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		die("usage: mkhost SPEC OUTDIR");
	spec_name = argv[1];
	out = argv[2];
	FILE *spec = strcmp(spec_name, "-") ? fopen(spec_name, "r") : stdin;
	if (!spec)
		die("%s: %s", spec_name, strerror(errno));
	if (strcmp(spec_name, "-") && strrchr(spec_name, '/'))
		snprintf(spec_dir, sizeof(spec_dir), "%.*s", (int)(strrchr(spec_name, '/') - spec_name), spec_name);
	else
		snprintf(spec_dir, sizeof(spec_dir), ".");
	if (mkdir(out, 0755) < 0 && errno != EEXIST)
		die("mkdir %s: %s", out, strerror(errno));
	devs = xcalloc(MAX_DEVS, sizeof(*devs));
	mkdirs("sys/bus/pci/devices");
	int kmsg_seq = 0, nolog = 0;
	char release[256] = "";
	static char config[65536];
	size_t config_len = 0;
	static char line[65536];
	while (fgets(line, sizeof(line), spec)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		char *rest = p + strcspn(p, " \t");
		if (*rest)
			*rest++ = '\0';
		rest += strspn(rest, " \t");
		static char text[65536], path[4096];
		size_t tlen;
#define TEXT() (tlen = unescape(rest, strlen(rest), text, sizeof(text)), text)
		if (!strcmp(p, "dev"))
			parse_dev(rest);
		else if (!strcmp(p, "defaults"))
			SETSTR(defaults, rest);
		else if (!strcmp(p, "hostname"))
			putf("proc/sys/kernel/hostname", 0, "%s\n", TEXT());
		else if (!strcmp(p, "osrelease")) {
			SETSTR(release, TEXT());
			putf("proc/sys/kernel/osrelease", 0, "%s\n", release);
		} else if (!strcmp(p, "cmdline"))
			putf("proc/cmdline", 0, "%s\n", TEXT());
		else if (!strcmp(p, "marker"))
			putf("IOMMU-AUDIT-SNAPSHOT", 0, "%s\n", TEXT());
		else if (!strcmp(p, "log"))
			putf("dev/kmsg", 1, "6,%d,%d,-;%s\n", kmsg_seq, kmsg_seq * 1000, TEXT()), kmsg_seq++;
		else if (!strcmp(p, "kmsg"))
			putf("dev/kmsg", 1, "%s\n", TEXT());
		else if (!strcmp(p, "nolog"))
			nolog = 1;
		else if (!strcmp(p, "module"))
			putf("proc/modules", 1, "%s 16384 0 - Live 0x0000000000000000\n", TEXT());
		else if (!strcmp(p, "moddep") || !strcmp(p, "builtin")) {
			if (!release[0])
				die("%s before osrelease", p);
			char rel[400];
			pathf(rel, sizeof(rel), "lib/modules/%s/modules.%s", release, p[0] == 'm' ? "dep" : "builtin");
			putf(rel, 1, "%s\n", TEXT());
		} else if (!strcmp(p, "fb"))
			putf("proc/fb", 1, "%s\n", TEXT());
		else if (!strcmp(p, "config")) {
			int n = snprintf(config + config_len, sizeof(config) - config_len, "%s\n", TEXT());
			if (n < 0 || (size_t)n >= sizeof(config) - config_len)
				die("too many config lines");
			config_len += (size_t)n;
		} else if (!strcmp(p, "unsafe"))
			putf("sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", 0, "%s\n", TEXT());
		else if (!strcmp(p, "dmi")) {
			char field[128], rel[256];
			rest = path_arg(rest, field, sizeof(field));
			pathf(rel, sizeof(rel), "sys/class/dmi/id/%s", field);
			TEXT();
			put(rel, text, tlen, 0);
			put(rel, "\n", 1, 1);
		} else if (!strcmp(p, "cpu"))
			cpu(rest);
		else if (!strcmp(p, "unit"))
			unit(rest);
		else if (!strcmp(p, "group"))
			parse_group(rest);
		else if (!strcmp(p, "table"))
			copy_table(rest);
		else if (!strcmp(p, "acpi"))
			acpi_begin(rest);
		else if (!strcmp(p, "drhd") || !strcmp(p, "rmrr") || !strcmp(p, "atsr"))
			dmar_struct(p, rest);
		else if (!strcmp(p, "ivhd") || !strcmp(p, "ivmd"))
			ivrs_struct(p, rest);
		else if (!strcmp(p, "bytes")) {
			struct table *t = cur_table("bytes");
			static uint8_t b[65536];
			size_t n = hex_bytes(rest, b, sizeof(b));
			tb_grow(t, n);
			memcpy(t->buf + t->len - n, b, n);
		} else if (!strcmp(p, "file") || !strcmp(p, "data")) {
			rest = path_arg(rest, path, sizeof(path));
			TEXT();
			put(path, text, tlen, p[0] == 'f');
			if (p[0] == 'f')
				put(path, "\n", 1, 1);
		} else if (!strcmp(p, "hex")) {
			rest = path_arg(rest, path, sizeof(path));
			static uint8_t b[65536];
			put(path, b, hex_bytes(rest, b, sizeof(b)), 0);
		} else if (!strcmp(p, "empty")) {
			path_arg(rest, path, sizeof(path));
			put(path, "", 0, 0);
		} else if (!strcmp(p, "dir")) {
			path_arg(rest, path, sizeof(path));
			mkdirs(path);
		} else if (!strcmp(p, "link")) {
			char target[4096];
			rest = path_arg(rest, path, sizeof(path));
			if (!next_word(&rest, target, sizeof(target)))
				die("link PATH TARGET");
			link_to(path, target);
		} else
			die("unknown statement '%s'", p);
#undef TEXT
	}
	if (ferror(spec))
		die("read error");
	if (spec != stdin)
		fclose(spec);
	lineno = 0;
	if (config_len) {
		char rel[300];
		pathf(rel, sizeof(rel), "boot/config-%s", release[0] ? release : "unknown");
		put(rel, config, config_len, 0);
	}
	write_tables();
	write_devs();
	write_groups();
	if (nolog) {
		char path[4096];
		full_path(path, sizeof(path), "dev/kmsg");
		unlink(path);
	}
	free(devs);
	return 0;
}
