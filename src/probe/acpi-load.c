#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acpi-dump.h"
#include "acpi-load.h"
#include "util.h"

#define TABLE_DIR "sys/firmware/acpi/tables"

/* A table this program decodes, or a numbered duplicate of one. */
static bool wanted_name(const char *name)
{
	if (strlen(name) < 4)
		return false;
	char sig[5];
	memcpy(sig, name, 4);
	sig[4] = '\0';
	return acpi_signature_known(sig) && acpi_table_name_is(name, sig);
}

int acpi_load_host(struct acpi_tables *set, const struct hostenv *env)
{
	char **names;
	int n = host_list_dir(env, TABLE_DIR, &names);
	if (n < 0)
		return n;
	int added = 0;
	for (int i = 0; i < n; i++) {
		if (!wanted_name(names[i]))
			continue;
		char *rel = xasprintf("%s/%s", TABLE_DIR, names[i]);
		uint8_t *data;
		size_t len;
		int rc = host_read_file(env, rel, ACPI_LOAD_MAX, &data, &len);
		if (rc < 0) {
			finding_add(&set->findings, FIND_TOOL_UNREADABLE, rel, "%s", host_error_text(rc));
		} else {
			acpi_tables_add(set, data, len, rel);
			added++;
		}
		free(rel);
	}
	host_free_names(names, n);
	return added;
}

int acpi_load_buffer(struct acpi_tables *set, uint8_t *buf, size_t len, const char *name,
		     char **err)
{
	if (acpi_looks_raw(buf, len)) {
		acpi_tables_add(set, buf, len, name);
		return 1;
	}
	struct acpi_dump_table *tables;
	struct acpi_dump_error bad;
	int n = acpi_dump_parse((const char *)buf, len, &tables, &bad);
	if (n < 0) {
		*err = xasprintf("%s: byte offset %zu: malformed acpidump hex line: %s", name, bad.offset, bad.why);
		free(buf);
		return -1;
	}
	if (n == 0) {
		/* A short or odd raw table still deserves a decode and findings. */
		if (len >= 4 && buf[0] >= 'A' && buf[0] <= 'Z') {
			acpi_tables_add(set, buf, len, name);
			return 1;
		}
		*err = xasprintf("%s: byte offset 0: neither an ACPI table nor acpidump text", name);
		free(buf);
		return -1;
	}
	int added = 0;
	for (int i = 0; i < n; i++) {
		char sig[5] = "";
		if (tables[i].len >= 4) {
			memcpy(sig, tables[i].bytes, 4);
			sig[4] = '\0';
		}
		/* A pasted dump holds every table; keep those this tool decodes,
		 * or the only one when the paste had just one. */
		if (n > 1 && !acpi_signature_known(sig)) {
			free(tables[i].bytes);
			continue;
		}
		char *src = xasprintf("%s (%s at byte %zu)", name, tables[i].name[0] ? tables[i].name : sig,
				      tables[i].text_offset);
		acpi_tables_add(set, tables[i].bytes, tables[i].len, src);
		free(src);
		added++;
	}
	free(tables);
	free(buf);
	return added;
}

static int load_file(struct acpi_tables *set, const char *path, char **err)
{
	/* Non-blocking, and only a regular file: a FIFO would hang the decode. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	/* The size is a hint (pipes and sysfs say 0 or 4096); read to EOF. */
	size_t cap = st.st_size > 0 && (size_t)st.st_size < ACPI_LOAD_MAX ? (size_t)st.st_size + 1 : 4096;
	size_t len = 0;
	uint8_t *buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap >= ACPI_LOAD_MAX) {
				close(fd);
				free(buf);
				*err = xasprintf("%s: byte offset %zu: larger than %u bytes", path, len,
						 ACPI_LOAD_MAX);
				return -1;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*err = xasprintf("%s: byte offset %zu: %s", path, len, strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	return acpi_load_buffer(set, buf, len, path, err);
}

struct entry {
	char *name;
	unsigned char type; /* DT_REG, ...; DT_UNKNOWN: ask stat */
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

int acpi_load_path(struct acpi_tables *set, const char *path, char **err)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(set, path, err);
	DIR *d = opendir(path);
	if (!d) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	struct entry *names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		struct entry *slot = xappend(&names, &n, sizeof(*names));
		slot->name = xstrdup(de->d_name);
		slot->type = de->d_type;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), entry_cmp);
	int added = 0, rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", path, names[i].name);
		struct stat fst;
		/* A regular file by its directory entry needs no stat (load_file
		 * checks the open file again); links and the rest are followed. */
		bool regular = names[i].type == DT_REG ||
			       (names[i].type != DT_DIR && stat(p, &fst) == 0 && S_ISREG(fst.st_mode));
		if (rc >= 0 && regular) {
			int k = load_file(set, p, err);
			if (k < 0)
				rc = -1;
			else
				added += k;
		}
		free(p);
		free(names[i].name);
	}
	free(names);
	return rc < 0 ? -1 : added;
}
