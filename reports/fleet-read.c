/* Reading reports: libxml2's streaming reader over one file at a time, the
 * optional schema pass, and skipping what cannot be read. */
#include "config.h"

#include "fleet.h"
#include "report-xml.h"
#include "fleet-internal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fleet_add_file: the path is not a regular file. */
#define EFTYPE_FLEET EMEDIUMTYPE

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

const char *const host_state_names[HOST_STATES] = {"ready", "warn", "unknown", "blocked", "none"};

/* libxml2 messages that reach no handler of ours: dropped, never printed by
 * libxml2's default handler (which would quote the offending file's lines). */
static void xml_quiet(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

/* libxml2 prints some warnings ("I/O warning: failed to load external
 * entity") itself, past every context's handler; the fleet reports each problem
 * once, in its own words, so those are dropped. */
static void quiet(void *ctx, const char *fmt, ...) IA_PRINTF(2, 3);
static void quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

struct fleet *fleet_new(enum hypervisor hv)
{
	struct fleet *f = xcalloc(1, sizeof(*f));
	f->hv = hv;
	/* Reports and schemas are data: nothing they name is fetched from the
	 * network (a DOCTYPE or xs:import URL) while fleet reads them. */
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	fleet_quiet_errors();
	/* Before any thread: libxml2 sets up its globals here. */
	xmlInitParser();
	fleet_reader_init(&f->rd, f);
	return f;
}

void fleet_quiet_errors(void)
{
	/* Per thread in libxml2: each reading thread calls this. */
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, xml_quiet);
}

void fleet_reader_init(struct fleet_reader *rd, const struct fleet *f)
{
	memset(rd, 0, sizeof(*rd));
	rd->hv = f->hv;
	rd->schema = f->schema;
	rd->schema_path = f->schema_path;
}

void fleet_reader_free(struct fleet_reader *rd)
{
	free(rd->first_error);
	free(rd->buf);
	scratch_clear(&rd->s);
	memset(rd, 0, sizeof(*rd));
}

void scratch_clear(struct scratch *s)
{
	free(s->hostname);
	for (size_t i = 0; i < ARRAY_SIZE(s->dmi); i++)
		free(s->dmi[i]);
	for (size_t i = 0; i < s->n_dev; i++) {
		free(s->dev[i].bdf);
		free(s->dev[i].vendor_id);
		free(s->dev[i].device_id);
		free(s->dev[i].name);
	}
	free(s->dev);
	for (size_t i = 0; i < s->n_fnd; i++) {
		free(s->fnd[i].id);
		free(s->fnd[i].layer);
	}
	free(s->fnd);
	for (size_t i = 0; i < s->n_titles; i++) {
		free(s->titles[i].id);
		free(s->titles[i].title);
	}
	free(s->titles);
	memset(s, 0, sizeof(*s));
}

void fleet_free(struct fleet *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_hosts; i++) {
		free(f->hosts[i].name);
		free(f->hosts[i].file);
		if (f->hosts[i].label != f->hosts[i].name)
			free(f->hosts[i].label);
		free(f->hosts[i].first_blocker);
		free(f->hosts[i].firmware_ids);
	}
	free(f->hosts);
	strmap_free(&f->host_names);
	strmap_free(&f->machines);
	for (size_t i = 0; i < f->n_models; i++) {
		free(f->models[i].key);
		free(f->models[i].name);
	}
	free(f->models);
	strmap_free(&f->model_index);
	free(f->devices);
	for (size_t i = 0; i < f->n_findings; i++) {
		free(f->findings[i].id);
		free(f->findings[i].title);
		free(f->findings[i].layer);
		free(f->findings[i].hosts);
	}
	free(f->findings);
	strmap_free(&f->finding_index);
	for (size_t i = 0; i < f->n_skipped; i++) {
		free(f->skipped[i].path);
		free(f->skipped[i].why);
	}
	free(f->skipped);
	fleet_reader_free(&f->rd);
	if (f->schema)
		xmlSchemaFree(f->schema);
	free(f->schema_path);
	free(f);
}

size_t fleet_reports(const struct fleet *f)
{
	return f->n_hosts;
}

size_t fleet_skipped(const struct fleet *f)
{
	return f->n_skipped;
}

static int parse_severity(const char *s)
{
	static const char *const names[] = {"info", "warn", "unknown", "block"};
	for (size_t i = 0; s && i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

static int parse_verdict(const char *s)
{
	for (int v = 0; s && v < 4; v++)
		if (!strcmp(s, host_state_names[v]))
			return v;
	return -1;
}

/* An attribute as a clean, owned C string (the one sanitizer), or NULL. */
static char *get_attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST name);
	if (!v)
		return NULL;
	char *c = xml_clean_string((const char *)v);
	xmlFree(v);
	return c;
}

/* Whether a space-separated list holds word. */
static void add_finding(struct fleet_reader *f, xmlTextReaderPtr r)
{
	struct scratch_finding *sf = xappend(&f->s.fnd, &f->s.n_fnd, sizeof(*sf));
	sf->id = get_attr(r, "id");
	sf->layer = get_attr(r, "layer");
	/* The weight for the chosen hypervisor when it differs between them
	 * (severity-kvm, ...), else the one severity. */
	char *name = xasprintf("severity-%s", hypervisor_name(f->hv));
	char *sev = get_attr(r, name);
	free(name);
	if (!sev)
		sev = get_attr(r, "severity");
	sf->severity = parse_severity(sev);
	free(sev);
	char *hvs = get_attr(r, "hypervisors");
	sf->applies = !hvs || list_has_word(hvs, hypervisor_name(f->hv), " ");
	free(hvs);
}

static void reader_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
	struct fleet_reader *f = arg;
	if (f->first_error || (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR))
		return;
	/* Trim libxml2's newline before cleaning, which would make it a '?'. */
	char *raw = xstrdup(msg);
	strip_trailing(raw);
	char *m = xml_clean_string(raw);
	free(raw);
	/* Validity errors come without a line (-1): a schema names the element. */
	int line = xmlTextReaderLocatorLineNumber(loc);
	f->first_error = line > 0 ? xasprintf("line %d: %s", line, m) : xstrdup(m);
	free(m);
}

enum element {
	E_OTHER,
	E_HOST,
	E_DMI,
	E_FINDINGS,
	E_FINDING,
	E_DEVICES,
	E_DEVICE,
	E_VERDICT,
	E_CATALOGUE,
	E_ENTRY,
	E_TITLE,
};

static enum element element_of(const char *name)
{
	static const struct {
		const char *name;
		enum element e;
	} names[] = {
		{"host", E_HOST},       {"dmi", E_DMI},                 {"findings", E_FINDINGS},       {"finding", E_FINDING},
		{"devices", E_DEVICES}, {"device", E_DEVICE},           {"verdict", E_VERDICT},
		{"finding-catalogue", E_CATALOGUE}, {"entry", E_ENTRY}, {"title", E_TITLE},
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i].name))
			return names[i].e;
	return E_OTHER;
}

/* Checks the root element; returns NULL if it is a report this reader takes, or
 * why not (static or from xasprintf into *owned). */
static const char *check_root(xmlTextReaderPtr r, char **owned)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	static const char prefix[] = "urn:iommu-audit:report:";
	if (ns && !strcmp(ns, REPORT_XML_NS) && !strcmp(name, "fleet-summary"))
		return "a fleet summary, not a host report";
	if (ns && !strncmp(ns, prefix, sizeof(prefix) - 1) && strcmp(ns, REPORT_XML_NS)) {
		*owned = xml_clean_string(ns);
		char *why = xasprintf("report schema %s is newer than this reader (%s)", *owned, REPORT_XML_NS);
		free(*owned);
		return *owned = why;
	}
	if (!ns || strcmp(ns, REPORT_XML_NS) || strcmp(name, "report")) {
		char *n = xml_clean_string(name), *u = xml_clean_string(ns ? ns : "no namespace");
		*owned = xasprintf("not an iommu-audit report (root <%s>, %s)", n, u);
		free(n);
		free(u);
		return *owned;
	}
	char *version = get_attr(r, "schema-version");
	bool ok = version && !strncmp(version, "1.", 2);
	free(version);
	return ok ? NULL : "report without a 1.x schema-version";
}

/* Streams one open file into f->s. Returns the outcome; *why on failure. */
static enum fleet_read read_stream(struct fleet_reader *f, xmlTextReaderPtr r, char **why)
{
	enum element path[8] = {E_OTHER};
	int rc;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		int depth = xmlTextReaderDepth(r);
		if (depth == 0) {
			char *owned = NULL;
			const char *bad = check_root(r, &owned);
			if (bad) {
				*why = owned ? owned : xstrdup(bad);
				return FLEET_READ_FOREIGN;
			}
			continue;
		}
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
		if (depth >= (int)ARRAY_SIZE(path) || !ns || strcmp(ns, REPORT_XML_NS))
			continue; /* deeper than anything read here, or another vocabulary */
		enum element e = element_of((const char *)xmlTextReaderConstLocalName(r));
		path[depth] = e;
		enum element parent = path[depth - 1];
		if (depth == 1 && e == E_HOST) {
			f->s.have_host = true;
			free(f->s.hostname);
			f->s.hostname = get_attr(r, "hostname");
		} else if (depth == 2 && e == E_DMI && parent == E_HOST) {
			static const char *const dmi[] = {"sys-vendor", "product-name", "board-vendor", "board-name"};
			for (size_t i = 0; i < ARRAY_SIZE(dmi); i++) {
				free(f->s.dmi[i]);
				f->s.dmi[i] = get_attr(r, dmi[i]);
			}
		} else if (depth == 2 && e == E_FINDING && parent == E_FINDINGS) {
			add_finding(f, r);
		} else if (depth == 2 && e == E_DEVICE && parent == E_DEVICES) {
			struct scratch_device *d = xappend(&f->s.dev, &f->s.n_dev, sizeof(*d));
			d->bdf = get_attr(r, "bdf");
			d->vendor_id = get_attr(r, "vendor-id");
			d->device_id = get_attr(r, "device-id");
			char *vn = get_attr(r, "vendor-name"), *dn = get_attr(r, "device-name");
			d->name = vn || dn ? xasprintf("%s%s%s", vn ? vn : "", vn && dn ? " " : "", dn ? dn : "")
					   : xstrdup("(not in pci.ids)");
			free(vn);
			free(dn);
			char *gpu = get_attr(r, "gpu");
			d->gpu = gpu && !strcmp(gpu, "yes");
			free(gpu);
			d->verdict = -1;
		} else if (depth == 3 && e == E_VERDICT && parent == E_DEVICE && f->s.n_dev) {
			char *hv = get_attr(r, "hypervisor");
			if (hv && !strcmp(hv, hypervisor_name(f->hv))) {
				char *status = get_attr(r, "status");
				f->s.dev[f->s.n_dev - 1].verdict = parse_verdict(status);
				free(status);
			}
			free(hv);
		} else if (depth == 3 && e == E_FINDING && parent == E_DEVICE) {
			add_finding(f, r);
		} else if (depth == 2 && e == E_ENTRY && parent == E_CATALOGUE) {
			struct scratch_title *t = xappend(&f->s.titles, &f->s.n_titles, sizeof(*t));
			t->id = get_attr(r, "id");
		} else if (depth == 3 && e == E_TITLE && parent == E_ENTRY && f->s.n_titles) {
			xmlChar *text = xmlTextReaderReadString(r);
			struct scratch_title *t = &f->s.titles[f->s.n_titles - 1];
			free(t->title);
			t->title = text ? xml_clean_string((const char *)text) : NULL;
			xmlFree(text);
		}
	}
	if (rc < 0) {
		*why = f->first_error ? xstrdup(f->first_error) : xstrdup("not well-formed XML");
		return FLEET_READ_BROKEN;
	}
	if (!f->s.have_host) {
		*why = xstrdup("report without a <host> element");
		return FLEET_READ_BROKEN;
	}
	return FLEET_READ_OK;
}

static void skip(struct fleet *f, const char *path, enum fleet_read kind, char *why)
{
	struct fleet_skip *sk = xappend(&f->skipped, &f->n_skipped, sizeof(*sk));
	sk->path = xml_clean_string(path);
	sk->why = why;
	sk->kind = kind;
}

/* Errors of the schema parser, gathered into one line for the caller. */
static void schema_error(void *arg, const char *fmt, ...) IA_PRINTF(2, 3);
static void schema_error(void *arg, const char *fmt, ...)
{
	char **err = arg;
	if (*err)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	strip_trailing(m);
	*err = m;
}

/* The same for libxml2's structured errors, through the text sanitiser. */
static void schema_structured_error(void *arg, xmlErrorPtr e)
{
	char **err = arg;
	if (*err || !e || !e->message || e->level < XML_ERR_ERROR)
		return;
	char *raw = xstrdup(e->message);
	strip_trailing(raw);
	char *m = xml_clean_string(raw);
	free(raw);
	*err = e->line > 0 ? xasprintf("line %d: %s", e->line, m) : xstrdup(m);
	free(m);
}

int fleet_set_schema(struct fleet *f, const char *xsd, char **err)
{
	*err = NULL;
	/* A FIFO would hang the parser, a URL would go to the network. */
	struct stat st;
	if (stat(xsd, &st) < 0) {
		*err = xasprintf("%s: %s", xsd, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", xsd);
		return -1;
	}
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	if (!pc) {
		*err = xasprintf("%s: cannot read the schema", xsd);
		return -1;
	}
	char *msg = NULL;
	xmlSchemaSetParserErrors(pc, schema_error, schema_error, &msg);
	xmlSchemaSetParserStructuredErrors(pc, schema_structured_error, &msg);
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!schema) {
		*err = xasprintf("%s: not a usable schema%s%s", xsd, msg ? ": " : "", msg ? msg : "");
		free(msg);
		return -1;
	}
	free(msg);
	if (f->schema)
		xmlSchemaFree(f->schema);
	free(f->schema_path);
	f->schema = schema;
	f->schema_path = xstrdup(xsd);
	fleet_reader_free(&f->rd);
	fleet_reader_init(&f->rd, f);
	return 0;
}

static void validity_error(void *arg, xmlErrorPtr e)
{
	struct fleet_reader *f = arg;
	if (f->first_error || !e || !e->message || e->level < XML_ERR_ERROR)
		return;
	char *raw = xstrdup(e->message);
	strip_trailing(raw);
	char *m = xml_clean_string(raw);
	free(raw);
	f->first_error = e->line > 0 ? xasprintf("line %d: %s", e->line, m) : xstrdup(m);
	free(m);
}

/* The second, validating pass over a file the first pass found to be a
 * well-formed report: libxml2's SAX-streaming validator (no tree). Apart from
 * the first pass because the reader with a schema plugged in leaks inside
 * libxml2 when a document ends early; here the document is known complete. */
static enum fleet_read validate_file(struct fleet_reader *f, const char *path, char **why)
{
	free(f->first_error);
	f->first_error = NULL;
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(f->schema);
	if (!vc) {
		*why = xstrdup("cannot start schema validation");
		return FLEET_READ_BROKEN;
	}
	xmlSchemaSetValidStructuredErrors(vc, validity_error, f);
	int rc = xmlSchemaValidateFile(vc, path, 0);
	xmlSchemaFreeValidCtxt(vc);
	if (rc == 0)
		return FLEET_READ_OK;
	*why = xasprintf("not valid against %s: %s", f->schema_path,
			 f->first_error ? f->first_error : "invalid");
	return FLEET_READ_INVALID;
}

/* Reads the regular file open at FD whole into rd->buf. Returns its length,
 * or -1 when it is larger than FLEET_FILE_MAX or a read fails: the caller then
 * streams it from the descriptor instead. */
#define FLEET_FILE_MAX (16u << 20)
static ssize_t slurp(struct fleet_reader *rd, int fd, const struct stat *st)
{
	if (st->st_size < 0 || (uintmax_t)st->st_size >= FLEET_FILE_MAX)
		return -1;
	/* One read for a file that keeps its size; one more sees the end. */
	size_t want = (size_t)st->st_size + 1;
	size_t len = 0;
	for (;;) {
		if (len + 1 > rd->cap || want > rd->cap) {
			size_t cap = rd->cap ? rd->cap : 64 * 1024;
			while (cap < want || cap < len + 1)
				cap *= 2;
			rd->buf = xrealloc(rd->buf, cap);
			rd->cap = cap;
		}
		ssize_t got = read(fd, rd->buf + len, rd->cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			return (ssize_t)len;
		len += (size_t)got;
		if (len >= FLEET_FILE_MAX)
			return -1;
		if (len < want)
			return (ssize_t)len; /* a short read of a regular file: its end */
		want = len + 1;
	}
}

enum fleet_read fleet_read_file(struct fleet_reader *rd, const char *path, char **reason)
{
	/* No network, no entity substitution, no DTD loading: reports are data. */
	const int options = XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA;
	scratch_clear(&rd->s);
	free(rd->first_error);
	rd->first_error = NULL;
	*reason = NULL;

	enum fleet_read result;
	/* Non-blocking, and only a regular file: a FIFO named as a report would
	 * otherwise hang the whole summary. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
		errno = EFTYPE_FLEET;
	}
	if (fd < 0) {
		*reason = xasprintf("cannot open: %s", errno == EFTYPE_FLEET ? "not a regular file" : strerror(errno));
		return FLEET_READ_BROKEN;
	}
	/* A fresh reader for every file: one reused across files keeps the
	 * previous file's encoding (a UTF-16 or BOM-marked report read after
	 * another was refused), and each file must read the same in any thread. */
	xmlTextReaderPtr r;
	ssize_t len = slurp(rd, fd, &st);
	if (len >= 0)
		r = xmlReaderForMemory(len ? rd->buf : "", (int)len, path, NULL, options);
	else if (lseek(fd, 0, SEEK_SET) == 0)
		r = xmlReaderForFd(fd, path, NULL, options);
	else
		r = NULL;
	if (!r) {
		*reason = xstrdup("cannot start the XML reader");
		result = FLEET_READ_BROKEN;
	} else {
		xmlTextReaderSetErrorHandler(r, reader_error, rd);
		result = read_stream(rd, r, reason);
		xmlFreeTextReader(r);
		if (result == FLEET_READ_OK && rd->schema)
			result = validate_file(rd, path, reason);
	}
	close(fd);
	return result;
}

const char *fleet_take(struct fleet *f, const char *path, enum fleet_read result, char *why,
		       const struct scratch *s)
{
	if (result == FLEET_READ_OK) {
		merge(f, s, path);
		free(why);
		return NULL;
	}
	skip(f, path, result, why);
	return why;
}

enum fleet_read fleet_add_file(struct fleet *f, const char *path, const char **why)
{
	char *reason;
	enum fleet_read result = fleet_read_file(&f->rd, path, &reason);
	const char *kept = fleet_take(f, path, result, reason, &f->rd.s);
	if (kept && why)
		*why = kept;
	scratch_clear(&f->rd.s);
	return result;
}
