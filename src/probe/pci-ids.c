#include "config.h"

#include "pci-ids.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* libpci reads pci.ids with a 1024-byte line buffer: a longer line is an error. */
#define LINE_MAX_BYTES 1023
/* libpci formats a name into the caller's buffer; ours was 512 bytes. */
#define NAME_BUF 512

/* One requested ID and the first name pci.ids gives it. */
struct slot {
	uint32_t key;
	const char *name;
	size_t len;
};

struct table {
	struct slot *v;
	size_t n;
};

static int cmp_slot(const void *a, const void *b)
{
	uint32_t x = ((const struct slot *)a)->key, y = ((const struct slot *)b)->key;
	return x < y ? -1 : x > y;
}

/* Sorts the keys and drops repeats: a table of the distinct IDs wanted. */
static void table_seal(struct table *t)
{
	if (t->n < 2)
		return;
	qsort(t->v, t->n, sizeof(*t->v), cmp_slot);
	size_t k = 1;
	for (size_t i = 1; i < t->n; i++)
		if (t->v[i].key != t->v[k - 1].key)
			t->v[k++] = t->v[i];
	t->n = k;
}

static struct slot *table_find(const struct table *t, uint32_t key)
{
	struct slot probe = {.key = key};
	return t->n ? bsearch(&probe, t->v, t->n, sizeof(*t->v), cmp_slot) : NULL;
}

/* Keeps the first name an ID gets; names point into the text. */
static void table_name(const struct table *t, uint32_t key, const char *name, size_t len)
{
	struct slot *s = table_find(t, key);
	if (s && !s->name) {
		s->name = name;
		s->len = len;
	}
}

/* The value of n hex digits at p (before end), or -1. */
static long hex_at(const char *p, const char *end, int n)
{
	if (end - p < n)
		return -1;
	long v = 0;
	for (int i = 0; i < n; i++) {
		int d = hex_digit_value(p[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

static bool white_at(const char *p, const char *end)
{
	return p < end && (*p == ' ' || *p == '\t');
}

/* What the lines that follow belong to (libpci's categories). */
enum block {
	IN_NOTHING,
	IN_VENDOR,    /* a vendor line, */
	IN_DEVICE,    /* then its devices, */
	IN_SUBSYSTEM, /* and their subsystems */
	IN_GENERIC,   /* "S vvvv": subsystem IDs used by many devices */
	IN_CLASS,     /* "C bb", */
	IN_SUBCLASS,  /* its subclasses, */
	IN_PROGIF,    /* and their programming interfaces */
	IN_SKIPPED,   /* an unknown "X " block or a vendor nobody asked for */
};

struct parser {
	struct table vendors, devices, subclasses, bases;
	enum block block;
	long vendor, base; /* the current vendor or class */
};

/* One line's content (nest tabs already counted, p..end after them): names
 * what it names. Returns NULL or what is wrong with it. */
static const char *parse_entry(struct parser *ps, int nest, const char *p, const char *end)
{
	const char *name;
	long id = 0;
	if (nest == 0) {
		if (end - p >= 2 && p[0] == 'C' && p[1] == ' ') {
			if ((id = hex_at(p + 2, end, 2)) < 0 || !white_at(p + 4, end))
				return "malformed class line";
			ps->block = IN_CLASS;
			ps->base = id;
			name = p + 5;
		} else if (end - p >= 2 && p[0] == 'S' && p[1] == ' ') {
			if (hex_at(p + 2, end, 4) < 0 || end - p != 6)
				return "malformed subsystem block line";
			ps->block = IN_GENERIC;
			return NULL;
		} else if (end - p >= 2 && p[0] >= 'A' && p[0] <= 'Z' && p[1] == ' ') {
			ps->block = IN_SKIPPED; /* a block kind this parser does not know */
			return NULL;
		} else {
			if ((id = hex_at(p, end, 4)) < 0 || !white_at(p + 4, end))
				return "malformed vendor line";
			ps->vendor = id;
			ps->block = table_find(&ps->vendors, (uint32_t)id) ? IN_VENDOR : IN_SKIPPED;
			name = p + 5;
		}
	} else if (nest == 1) {
		switch (ps->block) {
		case IN_VENDOR:
		case IN_DEVICE:
		case IN_SUBSYSTEM:
		case IN_GENERIC:
			if ((id = hex_at(p, end, 4)) < 0 || !white_at(p + 4, end))
				return "malformed device line";
			if (ps->block != IN_GENERIC)
				ps->block = IN_DEVICE;
			name = p + 5;
			break;
		case IN_CLASS:
		case IN_SUBCLASS:
		case IN_PROGIF:
			if ((id = hex_at(p, end, 2)) < 0 || !white_at(p + 2, end))
				return "malformed subclass line";
			ps->block = IN_SUBCLASS;
			name = p + 3;
			break;
		default:
			return "entry outside any vendor or class";
		}
	} else if (nest == 2) {
		switch (ps->block) {
		case IN_DEVICE:
		case IN_SUBSYSTEM:
			if (hex_at(p, end, 4) < 0 || !white_at(p + 4, end) || hex_at(p + 5, end, 4) < 0 ||
			    !white_at(p + 9, end))
				return "malformed subsystem line";
			ps->block = IN_SUBSYSTEM;
			name = p + 10;
			break;
		case IN_CLASS:
		case IN_SUBCLASS:
		case IN_PROGIF:
			if (hex_at(p, end, 2) < 0 || !white_at(p + 2, end))
				return "malformed programming interface line";
			ps->block = IN_PROGIF;
			name = p + 3;
			break;
		default:
			return "entry outside any device or subclass";
		}
	} else {
		return "entry nested too deeply";
	}
	while (white_at(name, end))
		name++;
	if (name == end)
		return "entry without a name";
	size_t len = (size_t)(end - name);
	if (nest == 0 && ps->block == IN_CLASS)
		table_name(&ps->bases, (uint32_t)ps->base, name, len);
	else if (nest == 0 && ps->block == IN_VENDOR)
		table_name(&ps->vendors, (uint32_t)ps->vendor, name, len);
	else if (nest == 1 && ps->block == IN_DEVICE)
		table_name(&ps->devices, (uint32_t)ps->vendor << 16 | (uint32_t)id, name, len);
	else if (nest == 1 && ps->block == IN_SUBCLASS)
		table_name(&ps->subclasses, (uint32_t)ps->base << 8 | (uint32_t)id, name, len);
	return NULL;
}

/* Reads the text line by line, up to its end or its first malformed line. */
static bool parse_text(struct parser *ps, const char *text, size_t len, struct pci_ids_error *err)
{
	size_t pos = 0, line = 0;
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t phys = nl ? (size_t)(nl - s) : len - pos;
		pos += phys + (nl ? 1 : 0);
		line++;
		/* The fast path: a skipped block's nested lines are not looked at. */
		if (ps->block == IN_SKIPPED && phys && s[0] == '\t')
			continue;
		size_t n = 0;
		while (n < phys && s[n] != '\r' && s[n] != '\0')
			n++;
		const char *what = NULL;
		if (n >= LINE_MAX_BYTES)
			what = "line too long";
		else if (n < phys && s[n] == '\0')
			what = "NUL byte in line";
		if (what) {
			err->line = line;
			err->what = what;
			return false;
		}
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--; /* one trailing blank only, as libpci */
		const char *end = s + n, *p = s;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p == '#')
			continue;
		int nest = 0;
		for (p = s; p < end && *p == '\t'; p++)
			nest++;
		what = parse_entry(ps, nest, p, end);
		if (what) {
			err->line = line;
			err->what = what;
			return false;
		}
	}
	return true;
}

/* A copy of the name as libpci's 512-byte buffer holds it. */
static char *libpci_sized(const char *name, size_t len)
{
	if (len < NAME_BUF)
		return xstrndup(name, len);
	char *s = xmalloc(NAME_BUF);
	memcpy(s, name, NAME_BUF - 4);
	memcpy(s + NAME_BUF - 4, "...", 4);
	return s;
}

static char *slot_name(const struct table *t, uint32_t key)
{
	const struct slot *s = table_find(t, key);
	return s && s->name ? libpci_sized(s->name, s->len) : NULL;
}

static char *class_name(const struct parser *ps, uint16_t class16)
{
	char *sub = slot_name(&ps->subclasses, class16);
	if (sub)
		return sub;
	const struct slot *base = table_find(&ps->bases, (uint32_t)(class16 >> 8));
	if (!base || !base->name)
		return NULL;
	/* The base class's name and the class code in brackets (libpci's fallback). */
	char *s = xasprintf("%.*s [%04x]", (int)base->len, base->name, (unsigned)class16);
	char *cut = libpci_sized(s, strlen(s));
	free(s);
	return cut;
}

static void table_add(struct table *t, uint32_t key)
{
	struct slot *s = xappend(&t->v, &t->n, sizeof(*t->v));
	s->key = key;
}

bool pci_ids_lookup(const char *text, size_t len, const struct pci_ids_want *want, size_t n,
		    struct pci_ids_names *out, struct pci_ids_error *err)
{
	struct parser ps = {.block = IN_NOTHING};
	for (size_t i = 0; i < n; i++) {
		table_add(&ps.vendors, want[i].vendor);
		table_add(&ps.devices, (uint32_t)want[i].vendor << 16 | want[i].device);
		table_add(&ps.subclasses, want[i].class16);
		table_add(&ps.bases, (uint32_t)(want[i].class16 >> 8));
	}
	table_seal(&ps.vendors);
	table_seal(&ps.devices);
	table_seal(&ps.subclasses);
	table_seal(&ps.bases);
	err->line = 0;
	err->what = NULL;
	bool ok = n == 0 || parse_text(&ps, text, len, err);
	for (size_t i = 0; i < n; i++) {
		out[i].vendor = slot_name(&ps.vendors, want[i].vendor);
		out[i].device = slot_name(&ps.devices, (uint32_t)want[i].vendor << 16 | want[i].device);
		out[i].class_name = class_name(&ps, want[i].class16);
	}
	free(ps.vendors.v);
	free(ps.devices.v);
	free(ps.subclasses.v);
	free(ps.bases.v);
	return ok;
}

void pci_ids_names_free(struct pci_ids_names *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(names[i].vendor);
		free(names[i].device);
		free(names[i].class_name);
	}
}
