/* The project's pci.ids lookup (src/probe/pci-ids.c) against libpci's
 * pci_lookup_name(), the names iommu-audit printed before and lspci prints:
 * every vendor ID, every class code, and every vendor:device pair in the
 * system's plain pci.ids plus unlisted ones; then small crafted files for the
 * corners of the format (libpci reads them too, through id_file_name). What
 * libpci cannot be compared on (it ends the program on a malformed line or a
 * duplicate entry) is checked against the format's rules directly. */
#include "config.h"

#include "../tap.h"
#include "pci-ids.h"
#include "util.h"

#include <pci/pci.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void IA_PRINTF(1, 2) __attribute__((noreturn)) libpci_died(char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("Bail out! libpci: ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	exit(1);
}

static void IA_PRINTF(1, 2) libpci_quiet(char *fmt, ...)
{
	(void)fmt;
}

/* libpci's name, as pcitopo.c asked for it before (NULL when none). */
static const char *libpci_name(struct pci_access *pacc, char *buf, int flags, int a, int b)
{
	return pci_lookup_name(pacc, buf, 512, flags | PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB, a, b);
}

static bool same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* The whole file in a buffer of exactly its size, so ASan sees a read past it. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb = {0};
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_addn(&sb, chunk, got);
	fclose(f);
	*len = sb.len;
	char *exact = xmalloc(sb.len ? sb.len : 1);
	if (sb.len)
		memcpy(exact, sb.s, sb.len);
	sb_free(&sb);
	return exact;
}

struct pairs {
	struct pci_ids_want *v;
	size_t n;
};

static void add_pair(struct pairs *p, unsigned vendor, unsigned device)
{
	struct pci_ids_want *w = xappend(&p->v, &p->n, sizeof(*p->v));
	w->vendor = (uint16_t)vendor;
	w->device = (uint16_t)device;
}

/* The vendor:device pairs a file lists, found with a scan of its own (four
 * hex digits after one tab, under a four-digit vendor line); for each vendor
 * also device ffff and the first device ID it does not list, as unknown ones. */
static void listed_pairs(const char *text, size_t len, struct pairs *p)
{
	long vendor = -1;
	unsigned first_free = 0;
	size_t pos = 0;
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		unsigned id;
		char c;
		if (n >= 6 && s[0] != '\t' && s[0] != '#' && sscanf(s, "%4x%c", &id, &c) == 2 && (c == ' ' || c == '\t') &&
		    s[1] != ' ') {
			if (vendor >= 0) {
				add_pair(p, (unsigned)vendor, 0xffff);
				add_pair(p, (unsigned)vendor, first_free);
			}
			vendor = id;
			first_free = 0;
		} else if (n && s[0] != '\t' && s[0] != '#') {
			vendor = -1; /* a class or other block */
		} else if (vendor >= 0 && n >= 6 && s[0] == '\t' && s[1] != '\t' &&
			   sscanf(s + 1, "%4x%c", &id, &c) == 2 && (c == ' ' || c == '\t')) {
			add_pair(p, (unsigned)vendor, id);
			if (id == first_free)
				first_free++;
		}
	}
	if (vendor >= 0)
		add_pair(p, (unsigned)vendor, 0xffff);
}

/* Every vendor ID and every class code (both 0000-ffff), and the pairs, named
 * by both; one TAP line per kind of name, with the first mismatches shown. */
static void compare_file(const char *label, const char *path, const char *text, size_t len, const struct pairs *pairs)
{
	size_t n = 65536 + pairs->n;
	struct pci_ids_want *want = xcalloc(n, sizeof(*want));
	for (size_t i = 0; i < 65536; i++)
		want[i] = (struct pci_ids_want){(uint16_t)i, 0, (uint16_t)i};
	for (size_t i = 0; i < pairs->n; i++)
		want[65536 + i] = (struct pci_ids_want){pairs->v[i].vendor, pairs->v[i].device, 0};
	struct pci_ids_names *names = xcalloc(n, sizeof(*names));
	struct pci_ids_error err;
	bool parsed = pci_ids_lookup(text, len, want, n, names, &err);
	tap_ok(parsed, "%s: parsed without error%s%s", label, parsed ? "" : ": ", parsed ? "" : err.what);

	struct pci_access *pacc = pci_alloc();
	pacc->error = libpci_died;
	pacc->warning = libpci_quiet;
	pacc->debug = libpci_quiet;
	pci_set_name_list_path(pacc, (char *)path, 0);
	char buf[512];
	size_t bad[3] = {0}, named[3] = {0}, shown = 0;
	const char *kind[3] = {"vendor", "device", "class"};
	for (size_t i = 0; i < n; i++) {
		const char *ours[3] = {names[i].vendor, names[i].device, names[i].class_name};
		for (int k = 0; k < 3; k++) {
			if (k == 0 && i >= 65536)
				continue; /* the pairs' vendors were all compared already */
			if (k == 1 && i < 65536)
				continue;
			if (k == 2 && i >= 65536)
				continue;
			const char *theirs =
				k == 0	 ? libpci_name(pacc, buf, PCI_LOOKUP_VENDOR, want[i].vendor, 0)
				: k == 1 ? libpci_name(pacc, buf, PCI_LOOKUP_DEVICE, want[i].vendor, want[i].device)
					 : libpci_name(pacc, buf, PCI_LOOKUP_CLASS, want[i].class16, 0);
			if (theirs)
				named[k]++;
			if (!same(ours[k], theirs)) {
				bad[k]++;
				if (shown++ < 5)
					printf("# %s %04x:%04x/%04x: ours '%s', libpci '%s'\n", kind[k], want[i].vendor,
					       want[i].device, want[i].class16, ours[k] ? ours[k] : "(null)",
					       theirs ? theirs : "(null)");
			}
		}
	}
	tap_ok(bad[0] == 0, "%s: 65536 vendor IDs as libpci names them (%zu named, %zu differ)", label, named[0], bad[0]);
	tap_ok(bad[1] == 0, "%s: %zu vendor:device pairs as libpci names them (%zu named, %zu differ)", label, pairs->n,
	       named[1], bad[1]);
	tap_ok(bad[2] == 0, "%s: 65536 class codes as libpci names them (%zu named, %zu differ)", label, named[2], bad[2]);
	pci_cleanup(pacc);
	pci_ids_names_free(names, n);
	free(names);
	free(want);
}

/* The text handed in pieces (pcitopo.c reads the file 64 KiB at a time):
 * lines split anywhere, the same names as the whole text gives. */
static void compare_pieces(const char *label, const char *text, size_t len, const struct pairs *pairs)
{
	size_t n = pairs->n;
	struct pci_ids_want *want = xcalloc(n, sizeof(*want));
	for (size_t i = 0; i < n; i++)
		want[i] = (struct pci_ids_want){pairs->v[i].vendor, pairs->v[i].device, (uint16_t)(i * 7)};
	struct pci_ids_names *whole = xcalloc(n, sizeof(*whole)), *split = xcalloc(n, sizeof(*split));
	struct pci_ids_error err;
	pci_ids_lookup(text, len, want, n, whole, &err);
	static const size_t sizes[] = {1, 2, 1023, 1024, 1025, 65536};
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		struct pci_ids *ids = pci_ids_new(want, n);
		for (size_t pos = 0; pos < len; pos += sizes[k]) {
			/* Each piece in its own buffer of exactly its size, for ASan. */
			size_t m = len - pos < sizes[k] ? len - pos : sizes[k];
			char *piece = xmalloc(m);
			memcpy(piece, text + pos, m);
			pci_ids_feed(ids, piece, m);
			free(piece);
		}
		pci_ids_finish(ids, &err);
		for (size_t i = 0; i < n; i++)
			pci_ids_names_of(ids, &want[i], &split[i]);
		pci_ids_free(ids);
		size_t differ = 0;
		for (size_t i = 0; i < n; i++)
			differ += !same(whole[i].vendor, split[i].vendor) + !same(whole[i].device, split[i].device) +
				  !same(whole[i].class_name, split[i].class_name);
		tap_ok(differ == 0, "%s in pieces of %zu bytes: the names of the whole text (%zu differ)", label, sizes[k],
		       differ);
		pci_ids_names_free(split, n);
	}
	pci_ids_names_free(whole, n);
	free(whole);
	free(split);
	free(want);
}

static void compare_system(void)
{
	struct pci_access *pacc = pci_alloc();
	char *path = xstrdup(pacc->id_file_name);
	pci_cleanup(pacc);
	size_t plen = strlen(path);
	if (plen > 3 && strcmp(path + plen - 3, ".gz") == 0)
		path[plen - 3] = '\0'; /* the plain file libpci falls back to */
	size_t len;
	char *text = slurp(path, &len);
	if (!text || (len >= 2 && (unsigned char)text[0] == 0x1f)) {
		printf("ok %d - system pci.ids # SKIP no plain %s here\n", ++tap_count, path);
	} else {
		struct pairs pairs = {0};
		listed_pairs(text, len, &pairs);
		tap_ok(pairs.n > 1000, "%s: %zu vendor:device pairs found to compare", path, pairs.n);
		compare_file(path, path, text, len, &pairs);
		compare_pieces(path, text, len, &pairs);
		free(pairs.v);
	}
	free(text);
	free(path);
}

/* A crafted file, compared as the system's is. */
static void compare_crafted(const char *label, const char *content)
{
	char path[] = "/tmp/test-pciids-XXXXXX";
	int fd = mkstemp(path);
	size_t len = strlen(content);
	if (fd < 0 || write(fd, content, len) != (ssize_t)len) {
		tap_ok(0, "%s: cannot write %s", label, path);
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	char *text = xmalloc(len ? len : 1);
	memcpy(text, content, len);
	struct pairs pairs = {0};
	listed_pairs(text, len, &pairs);
	compare_file(label, path, text, len, &pairs);
	if (len > 2000)
		compare_pieces(label, text, len, &pairs);
	free(pairs.v);
	free(text);
	unlink(path);
}

static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void crafted_files(void)
{
	compare_crafted("CRLF line ends", "8086  Intel Corporation\r\n\t1234  Some device\r\n\t\t8086 0001  Sub\r\n"
					  "C 03  Display controller\r\n\t00  VGA compatible controller\r\n");
	compare_crafted("trailing blanks (one is stripped)", "1af4  Red Hat, Inc.  \n\t1000  Net  \t\n\t1001  Blk\t\t\n"
							     "\t1002  Tab end\t\n10de  NVIDIA \nC 02  Network  \n\t00  Ethernet \n");
	compare_crafted("upper-case hex", "ABCD  Upper vendor\n\tEF01  Upper device\n\t\tABCD EF01  Sub\n"
					  "C 0C  Serial bus\n\t0A  USB-ish\n\t\tFE  Prog-if\n");
	compare_crafted("C, S and unknown blocks",
			"1234  First\n\t5678  Dev\nS 1234\n\t0001  Generic sub\n"
			"X some unknown block\n\t9999  not a device\n\t\t\t\tdeep lines are skipped\n"
			"2345  Second\n\t0001  Dev two\nC 0c  Serial bus controller\n\t03  USB controller\n"
			"\t\t30  XHCI\nC 06  Bridge\n");
	compare_crafted("comments and blank lines", "# comment\n  # indented comment\n\n   \n\t\n1234  Vendor\n"
						   "\t# nested comment\n\t0001  Dev\n#\n\t0002  Dev two\n \t \n");
	compare_crafted("white between ID and name", "1234\tTab vendor\n\t0001\t\t  Tab device\n1235 One space\n"
						     "\t0002 \t Mixed  inner   spaces\n");
	compare_crafted("carriage return mid-line, no final newline",
			"1234  Vendor\rjunk after CR\n\t0001  Dev\rmore\nC 01  Storage\n\t06  SATA");
	compare_crafted("devices after subsystems and prog-ifs",
			"1234  V\n\t0001  D1\n\t\t1234 0001  S1\n\t0002  D2\nC 01  Mass storage\n\t01  IDE\n"
			"\t\t8a  prog\n\t06  SATA controller\nC 0c  Serial\n\t\t00  prog-if under the class itself\n"
			"\t03  USB\n");
	/* Names around libpci's 512-byte buffer: 511 bytes fit, 512 are cut to
	 * 508 and "..."; the base-class fallback adds " [bbss]" before the cut. */
	char *n511 = repeat('a', 511), *n512 = repeat('b', 512), *n1000 = repeat('c', 1000), *n505 = repeat('d', 505),
	     *n504 = repeat('e', 504), *n1016 = repeat('f', 1016);
	char *text = xasprintf("1111  %s\n\t0001  %s\n\t0002  %s\n1112  %s\nC 0a  %s\nC 0b  %s\n1113  %s\n", n511, n512,
			       n1000, n505, n505, n504, n1016);
	compare_crafted("names around 511 bytes and a 1022-byte line", text);
	free(text);
	free(n511);
	free(n512);
	free(n1000);
	free(n505);
	free(n504);
	free(n1016);
}

/* Our parser alone: what libpci refuses (it ends the program). */
static void parse_errors(void)
{
	struct pci_ids_want want[] = {{0x1111, 0x0001, 0x0c03}, {0x2222, 0x0001, 0x0200}};
	struct pci_ids_names out[2];
	struct pci_ids_error err;
	static const struct {
		const char *text;
		size_t line;
		const char *what;
		size_t len; /* 0: up to the NUL */
	} bad[] = {
		{"1111  One\n\t0001  D\n111x  Bad\n2222  Two\n", 3, "vendor ID not hex", 0},
		{"1111  One\n\t0001  D\n\t\t\t0001  deep\n2222  Two\n", 3, "level 3 nesting", 0},
		{"1111  One\n\t0001  D\n2222\n", 3, "vendor without a name", 0},
		{"1111  One\n\t0001  D\n2222    \n", 3, "vendor with blanks only for a name", 0},
		{"1111  One\n\t0001  D\nS 2222 x\n2222  Two\n", 3, "S line with more after the ID", 0},
		{"1111  One\n\t0001  D\nC 0c\n", 3, "class without a name", 0},
		{"1111  One\n\t0001  D\n\t\t1111  sub with one ID\n", 3, "subsystem line with one ID", 0},
		{"1111  One\n\t0001  D\n2222  T\0o\n", 3, "NUL byte in a line", 29},
	};
	bool ok = pci_ids_lookup("\t0001  D\n1111  One\n", 19, want, 2, out, &err);
	tap_ok(!ok && err.line == 1, "a device before any vendor is an error (line %zu: %s)", err.line,
	       err.what ? err.what : "none");
	tap_ok(!out[0].vendor && !out[0].device, "nothing is named from an error on line 1 on");
	pci_ids_names_free(out, 2);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t len = bad[i].len ? bad[i].len : strlen(bad[i].text);
		ok = pci_ids_lookup(bad[i].text, len, want, 2, out, &err);
		tap_ok(!ok && err.line == bad[i].line && err.what, "%s: an error at line %zu (%zu: %s)", bad[i].what,
		       bad[i].line, err.line, err.what ? err.what : "none");
		tap_is_str(out[0].vendor, "One", "%s: the vendor before it keeps its name", bad[i].what);
		tap_is_str(out[0].device, "D", "%s: the device before it keeps its name", bad[i].what);
		tap_ok(!out[1].vendor, "%s: nothing from the error on", bad[i].what);
		pci_ids_names_free(out, 2);
	}

	/* libpci's 1024-byte line buffer: 1022 bytes and a newline fit, 1023 do not. */
	char *name = repeat('n', 1017);
	char *text = xasprintf("1111  %s\n2222  Two\n", name);
	ok = pci_ids_lookup(text, strlen(text), want, 2, out, &err);
	tap_ok(!ok && err.line == 1, "a 1023-byte line is an error (line %zu: %s)", err.line, err.what ? err.what : "none");
	tap_ok(!out[0].vendor && !out[1].vendor, "nothing is named from a too-long first line on");
	pci_ids_names_free(out, 2);
	free(text);
	free(name);

	/* Duplicates: the first entry counts, the rest of the file is read. */
	const char *dup = "1111  First\n\t0001  First dev\n1111  Second\n\t0001  Second dev\n2222  Two\n"
			  "C 0c  Serial\n\t03  USB\n\t03  USB again\nC 0c  Serial again\n";
	ok = pci_ids_lookup(dup, strlen(dup), want, 2, out, &err);
	tap_ok(ok, "duplicate entries are not an error");
	tap_is_str(out[0].vendor, "First", "duplicate vendor: the first name counts");
	tap_is_str(out[0].device, "First dev", "duplicate device: the first name counts");
	tap_is_str(out[0].class_name, "USB", "duplicate subclass: the first name counts");
	tap_is_str(out[1].vendor, "Two", "the file is read on past duplicates");
	tap_ok(!out[1].class_name, "a class code whose base class is not listed has no name");
	pci_ids_names_free(out, 2);

	/* The length given is the end, wherever the text goes on. */
	const char *longer = "1111  Onerous\n";
	ok = pci_ids_lookup(longer, 9, want, 2, out, &err);
	tap_ok(ok, "text cut mid-name parses");
	tap_is_str(out[0].vendor, "One", "a name ends where the text given ends");
	pci_ids_names_free(out, 2);
	ok = pci_ids_lookup(longer, 0, want, 2, out, &err);
	tap_ok(ok && !out[0].vendor && !out[0].class_name, "empty text: no names, no error");
	pci_ids_names_free(out, 2);

	/* An unwanted vendor's block is skipped unread: its faults go unnoticed. */
	const char *skipped = "3333  Other\n\tzzzz  not hex\n\t\t\t\tdeep\n1111  One\n";
	ok = pci_ids_lookup(skipped, strlen(skipped), want, 2, out, &err);
	tap_ok(ok, "faults inside another vendor's block are not read");
	tap_is_str(out[0].vendor, "One", "the vendor after that block is named");
	pci_ids_names_free(out, 2);
}

int main(void)
{
	compare_system();
	crafted_files();
	parse_errors();
	return tap_done();
}
