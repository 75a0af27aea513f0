/* The one root every host file is read from (--root, default "/").
 *
 * No other module builds a host path or opens one: they all ask here with a path
 * relative to the root ("sys/bus/pci/devices", "proc/cmdline"). A live host and a
 * captured snapshot therefore go through exactly the same code. Nothing here
 * writes: the tool only reads the host.
 *
 * A snapshot is untrusted: every lookup resolves inside the root (links too:
 * an absolute target or ".." stops at the root, as if the root were "/"), and
 * only regular files are read (a FIFO would hang the audit, a device node could
 * act on open). */
#ifndef IA_HOSTENV_H
#define IA_HOSTENV_H

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hostenv {
	char *root;     /* as given, without a trailing slash ("" for "/") */
	int rootfd;     /* O_PATH|O_DIRECTORY descriptor of the root */
	bool is_live;   /* root is "/" (the running system, not a snapshot) */
	bool is_root_user;
};

/* Opens ROOT. On failure returns -1 with errno set; *why gets a static reason. */
int hostenv_open(struct hostenv *env, const char *root, const char **why);
void hostenv_close(struct hostenv *env);

/* The absolute path of REL under the root (for messages and for libpci's
 * sysfs.path); the caller frees it. */
char *hostenv_path(const struct hostenv *env, const char *rel);

/* Errors of the readers beyond the usual errno values: the file is not a
 * regular file (EFTYPE_HOST), or larger than the reader's limit (EFBIG). */
#define EFTYPE_HOST EMEDIUMTYPE
/* The reason for a reader's -errno, in words. */
const char *host_error_text(int rc);

/* Reads the whole file REL (at most max bytes, else -EFBIG; sysfs attributes
 * report a size of 4096 whatever they hold, so the size is not trusted).
 * Returns 0, or -errno. *data is NUL-terminated (not counted in *len); free it. */
int host_read_file(const struct hostenv *env, const char *rel, size_t max, uint8_t **data,
		   size_t *len);
/* Reads a one-line attribute, without its trailing newline; NULL if unreadable. */
char *host_read_line(const struct hostenv *env, const char *rel);
/* Reads a number (decimal or 0x-hex) attribute; returns 0 on success, -errno else. */
int host_read_ulong(const struct hostenv *env, const char *rel, unsigned long *out);
/* readlink of REL; NULL if it is not a link. */
char *host_readlink(const struct hostenv *env, const char *rel);
/* Basename of the target of link REL (a driver or group name); NULL if none. */
char *host_link_basename(const struct hostenv *env, const char *rel);
bool host_exists(const struct hostenv *env, const char *rel);
/* The root-relative path a link in directory dir with this target names,
 * ".." resolved textually (never above the root). */
char *host_resolve_link(const char *dir, const char *target);
bool host_is_dir(const struct hostenv *env, const char *rel);
bool host_is_file(const struct hostenv *env, const char *rel); /* a regular file */
/* Sorted entry names of directory REL (without "." and ".."); returns the count,
 * or -errno. Free with host_free_names. */
int host_list_dir(const struct hostenv *env, const char *rel, char ***names);
void host_free_names(char **names, int n);
/* A directory held open, so many files in it are read without resolving its
 * path (and the sysfs links on it) again for each one. Once listed, the
 * listing answers which names exist and of what kind, so a missing attribute
 * costs no failed open and a snapshot's regular file no extra stat. */
struct host_dirent {
	char *name;
	unsigned char type; /* DT_REG, DT_LNK, ...; DT_UNKNOWN where the file system does not say */
};
struct host_dir {
	const struct hostenv *env;
	int fd;
	struct host_dirent *ents; /* sorted by name */
	int n;                    /* entries; < 0: not listed (or not listable), so every name is tried */
	int list_error;           /* why it cannot be listed (held without read permission), or 0 */
};
int host_dir_open(const struct hostenv *env, const char *rel, struct host_dir *dir);
void host_dir_close(struct host_dir *dir);
/* Lists the directory once (later calls return the same count): the count of
 * entries, without "." and names starting with a dot, or -errno. */
int host_dir_list(struct host_dir *dir);
/* Whether NAME may be there: listed, or the directory could not be listed. */
bool host_dir_has(const struct host_dir *dir, const char *name);
/* NAME is one entry of the directory; a link there is not followed. A file
 * the listing named regular ends at its first short read: true of files on
 * disk and of sysfs attributes (one record of at most a page), not of procfs's
 * many-record files, which are read by path (host_read_file). */
int host_dir_read_file(const struct host_dir *dir, const char *name, size_t max, uint8_t **data,
		       size_t *len);
/* Several entries of one held directory, each read as host_dir_read_file
 * would (rc, data, len as it returns them): the ones the listing named regular
 * all at once through the io_uring reader when there is one (NULL: file by
 * file). data is malloc'd, NUL-terminated, NULL when rc < 0. */
struct uring_reader;
struct host_file {
	const char *name; /* in */
	size_t max;       /* in: the largest size accepted (-EFBIG beyond) */
	int rc;           /* out: 0 or -errno */
	uint8_t *data;    /* out */
	size_t len;       /* out */
};
void host_dir_read_files(const struct host_dir *dir, struct uring_reader *ring, struct host_file *files, size_t n);
/* The first line of a file's bytes (in place, so data is the result), without
 * its newline and trailing blanks. */
char *host_first_line(uint8_t *data, size_t len);
char *host_dir_read_line(const struct host_dir *dir, const char *name);
/* The target of link NAME in the directory; NULL if it is not a link. */
char *host_dir_readlink(const struct host_dir *dir, const char *name);
char *host_dir_link_basename(const struct host_dir *dir, const char *name);

/* open(2) of REL for reading, for callers that stream (the capture). */
int host_open_read(const struct hostenv *env, const char *rel, int flags);

#endif
