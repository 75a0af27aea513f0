#include "config.h"

#include "pci-ids.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* libpci reads pci.ids with a 1024-byte line buffer: a longer line is an error. */
#define LINE_MAX_BYTES 1023
/* libpci formats a name into the caller's buffer; ours was 512 bytes. */
#define NAME_BUF 512

/* One requested ID and the first name pci.ids gives it (a copy: the text
 * comes in pieces that do not outlive a feed). */
struct slot {
	uint32_t key;
	char *name;
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

static int cmp_key(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* A table of the distinct keys among keys[0..n) (sorted in place). */
static void table_build(struct table *t, uint32_t *keys, size_t n)
{
	qsort(keys, n, sizeof(*keys), cmp_key);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || keys[i] != keys[i - 1])
			keys[k++] = keys[i];
	t->v = xcalloc(k ? k : 1, sizeof(*t->v));
	t->n = k;
	for (size_t i = 0; i < k; i++)
		t->v[i].key = keys[i];
}

static struct slot *table_find(const struct table *t, uint32_t key)
{
	struct slot probe = {.key = key};
	return t->n ? bsearch(&probe, t->v, t->n, sizeof(*t->v), cmp_slot) : NULL;
}

/* Keeps the first name an ID gets. */
static void table_name(const struct table *t, uint32_t key, const char *name, size_t len)
{
	struct slot *s = table_find(t, key);
	if (s && !s->name) {
		s->name = xstrndup(name, len);
		s->len = len;
	}
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
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

struct pci_ids {
	struct table vendors, devices, subclasses, bases;
	enum block block;
	long vendor, base; /* the current vendor or class */
	size_t line;	   /* lines read */
	struct pci_ids_error err;
	/* The start of a line split between two pieces of text: as much of it
	 * as decides it (a line is at most LINE_MAX_BYTES long). */
	char carry[LINE_MAX_BYTES + 1];
	size_t carry_len;
	bool carrying;
};

/* One line's content (nest tabs already counted, p..end after them): names
 * what it names. Returns NULL or what is wrong with it. */
static const char *parse_entry(struct pci_ids *ps, int nest, const char *p, const char *end)
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

/* One line (s, phys: without its '\n'); false when it is malformed. */
static bool parse_line(struct pci_ids *ps, const char *s, size_t phys)
{
	ps->line++;
	/* The fast path: a skipped block's nested lines are not looked at. */
	if (ps->block == IN_SKIPPED && phys && s[0] == '\t')
		return true;
	size_t n = 0;
	while (n < phys && s[n] != '\r' && s[n] != '\0')
		n++;
	const char *what = NULL;
	if (n >= LINE_MAX_BYTES)
		what = "line too long";
	else if (n < phys && s[n] == '\0')
		what = "NUL byte in line";
	if (!what) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--; /* one trailing blank only, as libpci */
		const char *end = s + n, *p = s;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p == '#')
			return true;
		int nest = 0;
		for (p = s; p < end && *p == '\t'; p++)
			nest++;
		what = parse_entry(ps, nest, p, end);
	}
	if (what) {
		ps->err.line = ps->line;
		ps->err.what = what;
	}
	return !what;
}

/* Adds up to what the carry holds of a split line's next part. */
static void carry_add(struct pci_ids *ps, const char *s, size_t n)
{
	size_t room = sizeof(ps->carry) - ps->carry_len;
	if (n > room)
		n = room;
	memcpy(ps->carry + ps->carry_len, s, n);
	ps->carry_len += n;
	ps->carrying = true;
}

static void carry_parse(struct pci_ids *ps)
{
	if (ps->carrying)
		parse_line(ps, ps->carry, ps->carry_len);
	ps->carry_len = 0;
	ps->carrying = false;
}

bool pci_ids_feed(struct pci_ids *ps, const char *text, size_t len)
{
	size_t pos = 0;
	while (pos < len && !ps->err.what) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t phys = nl ? (size_t)(nl - s) : len - pos;
		pos += phys + (nl ? 1 : 0);
		if (!nl)
			carry_add(ps, s, phys); /* the rest comes with the next piece */
		else if (ps->carrying) {
			carry_add(ps, s, phys);
			carry_parse(ps);
		} else
			parse_line(ps, s, phys);
	}
	return !ps->err.what;
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

static char *class_name(const struct pci_ids *ps, uint16_t class16)
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

struct pci_ids *pci_ids_new(const struct pci_ids_want *want, size_t n)
{
	struct pci_ids *ps = xcalloc(1, sizeof(*ps));
	ps->block = IN_NOTHING;
	/* One array of keys, reused for each table: the tables hold the
	 * distinct IDs only (a host has thousands of functions, few kinds). */
	uint32_t *keys = xcalloc(n ? n : 1, sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i] = want[i].vendor;
	table_build(&ps->vendors, keys, n);
	for (size_t i = 0; i < n; i++)
		keys[i] = (uint32_t)want[i].vendor << 16 | want[i].device;
	table_build(&ps->devices, keys, n);
	for (size_t i = 0; i < n; i++)
		keys[i] = want[i].class16;
	table_build(&ps->subclasses, keys, n);
	for (size_t i = 0; i < n; i++)
		keys[i] = (uint32_t)(want[i].class16 >> 8);
	table_build(&ps->bases, keys, n);
	free(keys);
	return ps;
}

bool pci_ids_finish(struct pci_ids *ps, struct pci_ids_error *err)
{
	if (!ps->err.what)
		carry_parse(ps); /* a last line without its '\n' */
	*err = ps->err;
	return !err->what;
}

void pci_ids_names_of(const struct pci_ids *ps, const struct pci_ids_want *want, struct pci_ids_names *out)
{
	out->vendor = slot_name(&ps->vendors, want->vendor);
	out->device = slot_name(&ps->devices, (uint32_t)want->vendor << 16 | want->device);
	out->class_name = class_name(ps, want->class16);
}

void pci_ids_free(struct pci_ids *ps)
{
	if (!ps)
		return;
	table_free(&ps->vendors);
	table_free(&ps->devices);
	table_free(&ps->subclasses);
	table_free(&ps->bases);
	free(ps);
}

bool pci_ids_lookup(const char *text, size_t len, const struct pci_ids_want *want, size_t n,
		    struct pci_ids_names *out, struct pci_ids_error *err)
{
	struct pci_ids *ps = pci_ids_new(want, n);
	pci_ids_feed(ps, text, len);
	bool ok = pci_ids_finish(ps, err);
	for (size_t i = 0; i < n; i++)
		pci_ids_names_of(ps, &want[i], &out[i]);
	pci_ids_free(ps);
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
