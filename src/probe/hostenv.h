/* The one root every host file is read from (--root, default "/").
 *
 * No other module builds a host path or opens one: they all ask here with a path
 * relative to the root ("sys/bus/pci/devices", "proc/cmdline"). A live host and a
 * captured snapshot therefore go through exactly the same code. Nothing here
 * writes: the tool only reads the host. */
#ifndef IA_HOSTENV_H
#define IA_HOSTENV_H

#include <dirent.h>
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

/* Reads the whole file REL (at most max bytes; sysfs attributes report a size of
 * 4096 whatever they hold, so the size is not trusted). Returns 0, or -errno.
 * *data is NUL-terminated (not counted in *len); free it. */
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
/* Sorted entry names of directory REL (without "." and ".."); returns the count,
 * or -errno. Free with host_free_names. */
int host_list_dir(const struct hostenv *env, const char *rel, char ***names);
void host_free_names(char **names, int n);
/* A directory held open, so many files in it are read without resolving its
 * path (and the sysfs links on it) again for each one. */
struct host_dir {
	int fd;
};
int host_dir_open(const struct hostenv *env, const char *rel, struct host_dir *dir);
void host_dir_close(struct host_dir *dir);
char *host_dir_read_line(const struct host_dir *dir, const char *name);
char *host_dir_link_basename(const struct host_dir *dir, const char *name);
int host_dir_list(const struct host_dir *dir, char ***names);

/* open(2) of REL for reading, for callers that stream (the capture). */
int host_open_read(const struct hostenv *env, const char *rel, int flags);

#endif
