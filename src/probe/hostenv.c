#include "config.h"

#include "hostenv.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int hostenv_open(struct hostenv *env, const char *root, const char **why)
{
	memset(env, 0, sizeof(*env));
	env->rootfd = -1;
	if (!root || !*root)
		root = "/";
	struct stat st;
	if (stat(root, &st) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*why = "not a directory";
		errno = ENOTDIR;
		return -1;
	}
	int fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	char *copy = xstrdup(root);
	size_t n = strlen(copy);
	while (n > 0 && copy[n - 1] == '/')
		copy[--n] = '\0';
	env->root = copy;
	env->rootfd = fd;
	/* "/" and any spelling of it ("//", "/.") is the running system. */
	struct stat slash;
	env->is_live = stat("/", &slash) == 0 && slash.st_dev == st.st_dev && slash.st_ino == st.st_ino;
	env->is_root_user = geteuid() == 0;
	return 0;
}

void hostenv_close(struct hostenv *env)
{
	if (env->rootfd >= 0)
		close(env->rootfd);
	free(env->root);
	env->root = NULL;
	env->rootfd = -1;
}

char *hostenv_path(const struct hostenv *env, const char *rel)
{
	while (*rel == '/')
		rel++;
	return xasprintf("%s/%s", env->root, rel);
}

/* Host paths are relative; a leading slash would escape openat's directory. */
static const char *relative(const char *rel)
{
	while (*rel == '/')
		rel++;
	return *rel ? rel : ".";
}

int host_open_read(const struct hostenv *env, const char *rel, int flags)
{
	return openat(env->rootfd, relative(rel), O_RDONLY | O_CLOEXEC | flags);
}

/* Reads fd to its end (at most max bytes) and closes it. */
static int read_all(int fd, size_t max, uint8_t **data, size_t *len)
{
	/* /dev/kmsg hands out one record per read and fails with EINVAL when the
	 * record does not fit, so keep room for the largest record (8 KiB). */
	const size_t room = 8192;
	size_t cap = 16384, n = 0;
	uint8_t *buf = xmalloc(cap + 1);
	for (;;) {
		if (cap - n < room && cap < max) {
			cap = cap * 2 > max ? max : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		if (n == cap)
			break;
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			/* EAGAIN: a character device such as /dev/kmsg has nothing more. */
			if (errno == EAGAIN)
				break;
			/* kmsg reports a record overwritten while reading; keep going. */
			if (errno == EPIPE)
				continue;
			int e = errno;
			close(fd);
			free(buf);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int host_read_file(const struct hostenv *env, const char *rel, size_t max, uint8_t **data,
		   size_t *len)
{
	*data = NULL;
	*len = 0;
	int fd = host_open_read(env, rel, O_NONBLOCK);
	if (fd < 0)
		return -errno;
	return read_all(fd, max, data, len);
}

/* The first line of a file's bytes, without its newline and trailing blanks. */
static char *first_line(uint8_t *data, size_t len)
{
	char *s = (char *)data;
	char *nl = memchr(s, '\n', len);
	if (nl)
		*nl = '\0';
	return strip_trailing(s);
}

int host_dir_open(const struct hostenv *env, const char *rel, struct host_dir *dir)
{
	dir->fd = openat(env->rootfd, relative(rel), O_PATH | O_DIRECTORY | O_CLOEXEC);
	return dir->fd < 0 ? -errno : 0;
}

void host_dir_close(struct host_dir *dir)
{
	if (dir->fd >= 0)
		close(dir->fd);
	dir->fd = -1;
}

char *host_dir_read_line(const struct host_dir *dir, const char *name)
{
	int fd = openat(dir->fd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	uint8_t *data;
	size_t len;
	if (read_all(fd, 65536, &data, &len) < 0)
		return NULL;
	return first_line(data, len);
}

char *host_dir_link_basename(const struct host_dir *dir, const char *name)
{
	char buf[4096];
	ssize_t n = readlinkat(dir->fd, name, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	return xstrdup(slash ? slash + 1 : buf);
}

char *host_read_line(const struct hostenv *env, const char *rel)
{
	uint8_t *data;
	size_t len;
	if (host_read_file(env, rel, 65536, &data, &len) < 0)
		return NULL;
	return first_line(data, len);
}

int host_read_ulong(const struct hostenv *env, const char *rel, unsigned long *out)
{
	char *s = host_read_line(env, rel);
	if (!s)
		return -ENOENT;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 0);
	int bad = errno || end == s;
	free(s);
	if (bad)
		return -EINVAL;
	*out = v;
	return 0;
}

char *host_readlink(const struct hostenv *env, const char *rel)
{
	char buf[4096];
	ssize_t n = readlinkat(env->rootfd, relative(rel), buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

char *host_link_basename(const struct hostenv *env, const char *rel)
{
	char *target = host_readlink(env, rel);
	if (!target)
		return NULL;
	char *slash = strrchr(target, '/');
	char *base = xstrdup(slash ? slash + 1 : target);
	free(target);
	return base;
}

bool host_exists(const struct hostenv *env, const char *rel)
{
	struct stat st;
	return fstatat(env->rootfd, relative(rel), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool host_is_dir(const struct hostenv *env, const char *rel)
{
	struct stat st;
	return fstatat(env->rootfd, relative(rel), &st, 0) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_fd(int fd, char ***names);

int host_list_dir(const struct hostenv *env, const char *rel, char ***names)
{
	*names = NULL;
	int fd = openat(env->rootfd, relative(rel), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return list_fd(fd, names);
}

int host_dir_list(const struct host_dir *dir, char ***names)
{
	*names = NULL;
	int fd = openat(dir->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return list_fd(fd, names);
}

/* Sorted entry names of the open directory fd, which it closes. */
static int list_fd(int fd, char ***names)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		return -e;
	}
	size_t n = 0;
	char **list = NULL;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		/* sysfs and procfs never name an entry with a leading dot; in a
		 * snapshot such a file (.keep) only holds an empty directory in git. */
		if (de->d_name[0] == '.')
			continue;
		char **slot = xappend(&list, &n, sizeof(*list));
		*slot = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_names);
	*names = list;
	return (int)n;
}

void host_free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

char *host_resolve_link(const char *dir, const char *target)
{
	char *joined = target[0] == '/' ? xstrdup(target + 1) : xasprintf("%s/%s", dir, target);
	char **parts = NULL;
	size_t n = 0;
	char *save = NULL;
	for (char *t = strtok_r(joined, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..")) {
			if (n > 0)
				n--;
			continue;
		}
		char **slot = xappend(&parts, &n, sizeof(*parts));
		*slot = t;
	}
	struct strbuf sb = {0};
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_add(&sb, "/");
		sb_add(&sb, parts[i]);
	}
	free(parts);
	char *out = sb_take(&sb);
	free(joined);
	return out;
}
