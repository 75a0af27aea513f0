/* The fleet's state, shared by its reader (fleet-read.c), its aggregation
 * (fleet-aggregate.c) and its writers (fleet-write.c); nothing else includes it. */
#ifndef IA_FLEET_INTERNAL_H
#define IA_FLEET_INTERNAL_H

#include "fleet.h"
#include "strmap.h"

#include <stdint.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

/* A host verdict: the four of enum verdict, and one for "no judged device". */
#define HOST_NONE 4
#define HOST_STATES 5
extern const char *const host_state_names[HOST_STATES];

struct fleet_host {
	char *name;
	char *file;
	char *label;          /* name (the same pointer), or "name (file)" when another report has the name */
	const char *machine;  /* DMI vendor and product (a key of fleet.machines), or NULL */
	char id[16];          /* "dmi-" + 8 hex digits: the machine model, never a serial */
	char *first_blocker;  /* the first blocking finding of the report, or NULL */
	size_t gpus;
	uint8_t state;        /* enum verdict or HOST_NONE */
	bool duplicate;       /* another report has the same hostname */
	char *firmware_ids;   /* space-separated finding ids, or NULL: no change needed */
};

struct fleet_model {
	char *key;  /* "10de:2204" */
	char *name; /* the first name a report gave it */
	size_t count[4];
	size_t total;
};

struct fleet_device {
	uint32_t host, model;
	uint8_t verdict;
	char bdf[16];
};

struct fleet_finding {
	char *id;
	char *title;
	char *layer;
	uint32_t *hosts;
	size_t n_hosts;
};

struct fleet_skip {
	char *path;
	char *why;
	enum fleet_read kind;
};

/* What one file says, kept until the file has parsed to its end. */
struct scratch_device {
	char *bdf, *vendor_id, *device_id, *name;
	bool gpu;
	int verdict; /* for the chosen hypervisor; -1 if the report has none */
};

struct scratch_finding {
	char *id, *layer;
	int severity; /* enum severity, -1 if unknown to this reader */
	bool applies; /* to the chosen hypervisor */
};

struct scratch_title {
	char *id, *title;
};

struct scratch {
	char *hostname;
	char *dmi[4]; /* sys-vendor, product-name, board-vendor, board-name */
	bool have_host;
	struct scratch_device *dev;
	size_t n_dev;
	struct scratch_finding *fnd;
	size_t n_fnd;
	struct scratch_title *titles;
	size_t n_titles;
};

/* What reads one file at a time: one per thread (fleet-batch.c), each with its
 * own libxml2 reader; the fleet itself has one for fleet_add_file. */
struct fleet_reader {
	enum hypervisor hv;
	xmlSchemaPtr schema;     /* shared, read-only; NULL: no validation */
	const char *schema_path;
	char *first_error;       /* of the file being read */
	char *buf;               /* the file being read, whole */
	size_t cap;
	struct scratch s;
};

struct fleet {
	enum hypervisor hv;
	struct fleet_host *hosts;
	size_t n_hosts;
	struct strmap host_names;
	struct strmap machines;   /* owns the hosts' machine names */
	size_t duplicate_names;
	struct fleet_model *models;
	size_t n_models;
	struct strmap model_index;
	struct fleet_device *devices;
	size_t n_devices;
	struct fleet_finding *findings;
	size_t n_findings;
	struct strmap finding_index;
	struct fleet_skip *skipped;
	size_t n_skipped;
	xmlSchemaPtr schema;     /* --validate: compiled once, checked while streaming */
	char *schema_path;
	struct fleet_reader rd;  /* for fleet_add_file */
};


/* Empties the per-file scratch (fleet-read.c). */
void scratch_clear(struct scratch *s);
/* Silences libxml2's own printing in the calling thread (fleet-read.c). */
void fleet_quiet_errors(void);
/* A reader for f's hypervisor and schema, and its end (fleet-read.c). */
void fleet_reader_init(struct fleet_reader *rd, const struct fleet *f);
void fleet_reader_free(struct fleet_reader *rd);
/* Reads the report at PATH into rd->s; on failure *why (malloc'd) says why.
 * Uses no state of f's: safe in any thread with its own rd (fleet-read.c). */
enum fleet_read fleet_read_file(struct fleet_reader *rd, const char *path, char **why);
/* Adds a file's outcome to f: S merged when RESULT is FLEET_READ_OK, else the
 * file remembered as skipped with WHY (taken); returns the reason, owned by f,
 * or NULL (fleet-read.c). */
const char *fleet_take(struct fleet *f, const char *path, enum fleet_read result, char *why,
		       const struct scratch *s);
/* Adds what the file at PATH said, in S, to the aggregate (fleet-aggregate.c). */
void merge(struct fleet *f, const struct scratch *s, const char *path);

#endif
