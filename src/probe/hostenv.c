#include "config.h"

#include "hostenv.h"
#include "uring-read.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

const char *host_error_text(int rc)
{
	switch (-rc) {
	case EFTYPE_HOST:
		return "not a regular file (a FIFO, device or socket is never read)";
	case EFBIG:
		return "larger than this tool reads (refused rather than truncated)";
	case EXDEV:
		return "a link leads outside the root";
	default:
		return strerror(-rc);
	}
}

/* Host paths are relative; a leading slash would escape openat's directory. */
static const char *relative(const char *rel)
{
	while (*rel == '/')
		rel++;
	return *rel ? rel : ".";
}

/* Where openat2(2) is missing (Linux before 5.6, or a seccomp filter that
 * answers ENOSYS), the walk below does its work. IOMMU_AUDIT_NO_OPENAT2=1 forces
 * the walk, so the tests cover both paths on any kernel. */
static int openat2_state; /* 0 untried, 1 works, -1 missing */

static bool use_openat2(void)
{
	if (openat2_state == 0) {
		const char *force = getenv("IOMMU_AUDIT_NO_OPENAT2");
		openat2_state = force && *force && strcmp(force, "0") ? -1 : 1;
	}
	return openat2_state > 0;
}

/* The most links one lookup follows (the kernel's own limit) and the deepest
 * directory it descends. */
enum { WALK_MAX_LINKS = 40, WALK_MAX_DEPTH = 256 };

/* Resolves rel below rootfd as if rootfd were "/": ".." stops at the root and
 * a link's absolute target starts again from the root, so nothing outside is
 * ever reached; each component is opened O_NOFOLLOW and each link read and
 * resolved here. The last component is opened with flags. */
static int walk_in_root(int rootfd, const char *rel, int flags)
{
	int stack[WALK_MAX_DEPTH];
	int depth = 0, links = 0, result = -1, err = 0;
	char *todo = xstrdup(rel);
	for (;;) {
		int cur = depth ? stack[depth - 1] : rootfd;
		char *p = todo;
		while (*p == '/')
			p++;
		if (!*p) {
			/* Nothing left: the answer is the directory reached. */
			result = openat(cur, ".", flags | O_CLOEXEC);
			err = result < 0 ? errno : 0;
			break;
		}
		char *end = strchr(p, '/');
		char *rest = end ? end + 1 : p + strlen(p);
		if (end)
			*end = '\0';
		bool last = true;
		for (const char *q = rest; *q; q++)
			if (*q != '/') {
				last = false;
				break;
			}
		if (!strcmp(p, ".") || !strcmp(p, "..")) {
			if (!strcmp(p, "..") && depth > 0)
				close(stack[--depth]);
			memmove(todo, rest, strlen(rest) + 1);
			continue;
		}
		int fd = openat(cur, p, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0) {
			err = errno;
			if (fd >= 0)
				close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			if (n < 0 || ++links > WALK_MAX_LINKS) {
				err = n < 0 ? errno : ELOOP;
				break;
			}
			target[n] = '\0';
			if (target[0] == '/')
				while (depth > 0)
					close(stack[--depth]);
			char *next = xasprintf("%s/%s", target, rest);
			free(todo);
			todo = next;
			continue;
		}
		if (last) {
			close(fd);
			/* O_NOFOLLOW: a link put there since the check is refused. */
			result = openat(cur, p, flags | O_NOFOLLOW | O_CLOEXEC);
			err = result < 0 ? errno : 0;
			break;
		}
		if (!S_ISDIR(st.st_mode) || depth == WALK_MAX_DEPTH) {
			close(fd);
			err = S_ISDIR(st.st_mode) ? ENAMETOOLONG : ENOTDIR;
			break;
		}
		stack[depth++] = fd;
		memmove(todo, rest, strlen(rest) + 1);
	}
	while (depth > 0)
		close(stack[--depth]);
	free(todo);
	errno = err;
	return result;
}

/* Opens REL under the root with flags, never leaving the root: links resolve
 * as if the root were "/", and /proc's magic links are refused. */
static int resolve(const struct hostenv *env, const char *rel, int flags)
{
	rel = relative(rel);
	if (use_openat2()) {
		struct open_how how = {
			.flags = (uint64_t)(flags | O_CLOEXEC),
			.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
		};
		for (int tries = 0; tries < 8; tries++) {
			long fd = syscall(SYS_openat2, env->rootfd, rel, &how, sizeof(how));
			if (fd >= 0)
				return (int)fd;
			/* EAGAIN: a rename raced the lookup; try again. */
			if (errno != EAGAIN)
				break;
		}
		if (errno != ENOSYS)
			return -1;
		openat2_state = -1;
	}
	/* The running system has nothing outside its root to escape to. */
	if (env->is_live)
		return openat(env->rootfd, rel, flags | O_CLOEXEC);
	return walk_in_root(env->rootfd, rel, flags);
}

/* Splits REL into its directory, opened inside the root, and its last name,
 * for the calls that must not follow that last name (readlink, lstat). */
static int open_parent(const struct hostenv *env, const char *rel, const char **base)
{
	rel = relative(rel);
	const char *slash = strrchr(rel, '/');
	*base = slash ? slash + 1 : rel;
	if (!strcmp(*base, ".") || !strcmp(*base, "..")) {
		*base = ".";
		return resolve(env, rel, O_PATH | O_DIRECTORY);
	}
	if (!slash)
		return resolve(env, ".", O_PATH | O_DIRECTORY);
	char *dir = xstrndup(rel, (size_t)(slash - rel));
	int fd = resolve(env, dir, O_PATH | O_DIRECTORY);
	free(dir);
	return fd;
}

int host_open_read(const struct hostenv *env, const char *rel, int flags)
{
	return resolve(env, rel, O_RDONLY | flags);
}

/* A file the readers may open: a regular file; on the running system also a
 * character device (/dev/kmsg). A FIFO would block, a device in a snapshot
 * could act on open (a watchdog starts counting). */
static bool readable_kind(const struct hostenv *env, mode_t mode)
{
	return S_ISREG(mode) || (env->is_live && S_ISCHR(mode));
}

/* Reads fd to its end and closes it. More than max bytes is -EFBIG: a
 * silently truncated table or log would be judged as if whole. size is the
 * size a snapshot's regular file states, or -1 (sysfs and procfs state none
 * that holds): a read of one byte more that stops at that size is the end,
 * found without a second read, and the buffer is no larger than the file.
 * short_read_ends: fd is a regular file, which read() hands fewer bytes than
 * asked only at its end (POSIX; no signal handler runs during a scan), so a
 * short read is the end as well: a sysfs attribute or a config dump costs one
 * read into the stack and one allocation of its own size. */
static int read_all(int fd, size_t max, off_t size, bool short_read_ends, uint8_t **data, size_t *len)
{
	/* /dev/kmsg hands out one record per read and fails with EINVAL when the
	 * record does not fit, so keep room for the largest record (8 KiB). */
	const size_t room = 8192;
	bool sized = size >= 0 && (uint64_t)size <= max;
	uint8_t head[4097]; /* a page and a byte: a 4 KiB config space is one read */
	size_t cap = 0, n = 0;
	uint8_t *buf = NULL;
	int rc = 0;
	if (short_read_ends && !sized) {
		ssize_t r;
		do
			r = read(fd, head, sizeof(head));
		while (r < 0 && errno == EINTR);
		if (r < 0)
			rc = -errno;
		else if ((n = (size_t)r) > max)
			rc = -EFBIG;
		else if (n < sizeof(head)) {
			close(fd);
			buf = xmalloc(n + 1);
			memcpy(buf, head, n);
			buf[n] = '\0';
			*data = buf;
			*len = n;
			return 0;
		}
		if (rc < 0) {
			close(fd);
			return rc;
		}
	}
	cap = sized ? (size_t)size + 1 : n ? 4 * sizeof(head) : 16384;
	buf = xmalloc(cap + 1);
	memcpy(buf, head, n);
	for (;;) {
		if (cap - n < (sized ? 1 : room)) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
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
			rc = -errno;
			break;
		}
		if (r == 0)
			break;
		bool short_read = (size_t)r < cap - n;
		n += (size_t)r;
		if (n > max) {
			rc = -EFBIG;
			break;
		}
		if ((sized && n == (size_t)size && n < cap) || (short_read_ends && short_read))
			break;
	}
	if (rc < 0) {
		close(fd);
		free(buf);
		return rc;
	}
	/* Kept strings (a reset method, a driver) hold what they say, not 16 KiB. */
	if (cap - n > 64)
		buf = xrealloc(buf, n + 1);
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* Opens name in dir (or REL under the root when dir is -1) for reading, only if
 * it is a file the readers may read. In a snapshot its kind is checked before
 * the open, so a device node there is never opened at all: by the kind its
 * directory's listing gave (type, DT_UNKNOWN when none), else by a stat. A file
 * the listing named regular is not stat'ed again once open: opened without
 * following a link and without blocking, what a swap in between could put
 * there is another regular file, a directory (the read fails), a FIFO (nothing
 * to read) or a device node only root can make. Otherwise the open file's kind
 * is checked again, so a swap can only change which regular file is read.
 * *size: a snapshot's file size, else -1; *regular: a short read is its end. */
static int open_checked(const struct hostenv *env, int dir, const char *name, unsigned char type, off_t *size,
			bool *regular)
{
	struct stat before, st;
	bool snapshot = !env->is_live;
	*size = -1;
	*regular = false;
	if (snapshot && type != DT_UNKNOWN && type != DT_REG)
		return -EFTYPE_HOST;
	if (snapshot && type == DT_UNKNOWN) {
		int r = dir >= 0 ? fstatat(dir, name, &before, AT_SYMLINK_NOFOLLOW) : -1;
		if (dir < 0) {
			int pfd = resolve(env, name, O_PATH);
			if (pfd < 0)
				return -errno;
			r = fstat(pfd, &before);
			close(pfd);
		}
		if (r < 0)
			return -errno;
		if (!S_ISREG(before.st_mode))
			return -EFTYPE_HOST;
	}
	int fd = dir >= 0 ? openat(dir, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC) :
			    resolve(env, name, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (type == DT_REG) {
		*regular = true;
		return fd;
	}
	if (fstat(fd, &st) < 0 || !readable_kind(env, st.st_mode) ||
	    (snapshot && (st.st_dev != before.st_dev || st.st_ino != before.st_ino))) {
		close(fd);
		return -EFTYPE_HOST;
	}
	if (snapshot)
		*size = st.st_size;
	/* procfs hands out whole records, so a short read there is not the end. */
	*regular = snapshot && S_ISREG(st.st_mode);
	return fd;
}

int host_read_file(const struct hostenv *env, const char *rel, size_t max, uint8_t **data,
		   size_t *len)
{
	*data = NULL;
	*len = 0;
	off_t size;
	bool regular;
	int fd = open_checked(env, -1, rel, DT_UNKNOWN, &size, &regular);
	if (fd < 0)
		return fd;
	return read_all(fd, max, size, regular, data, len);
}

char *host_first_line(uint8_t *data, size_t len)
{
	char *s = (char *)data;
	char *nl = memchr(s, '\n', len);
	if (nl)
		*nl = '\0';
	return strip_trailing(s);
}

int host_dir_open(const struct hostenv *env, const char *rel, struct host_dir *dir)
{
	dir->env = env;
	dir->ents = NULL;
	dir->n = -1;
	dir->list_error = 0;
	/* Open for reading, so the one descriptor is also listed; a directory
	 * that may be searched but not read is still held, just not listed. */
	dir->fd = resolve(env, rel, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
	if (dir->fd < 0 && errno == EACCES) {
		dir->list_error = EACCES;
		dir->fd = resolve(env, rel, O_PATH | O_DIRECTORY);
	}
	return dir->fd < 0 ? -errno : 0;
}

void host_dir_close(struct host_dir *dir)
{
	if (dir->fd >= 0)
		close(dir->fd);
	dir->fd = -1;
	for (int i = 0; i < dir->n; i++)
		free(dir->ents[i].name);
	free(dir->ents);
	dir->ents = NULL;
	dir->n = -1;
}

static int cmp_dirent(const void *a, const void *b)
{
	return strcmp(((const struct host_dirent *)a)->name, ((const struct host_dirent *)b)->name);
}

int host_dir_list(struct host_dir *dir)
{
	if (dir->n >= 0)
		return dir->n;
	if (dir->fd < 0 || dir->list_error)
		return dir->fd < 0 ? -EBADF : -dir->list_error;
	/* getdents64 on the held descriptor: no second open, no DIR stream. */
	char buf[32768] __attribute__((aligned(8)));
	size_t n = 0;
	struct host_dirent *list = NULL;
	for (;;) {
		ssize_t got = getdents64(dir->fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			for (size_t i = 0; i < n; i++)
				free(list[i].name);
			free(list);
			return -e;
		}
		if (got == 0)
			break;
		for (ssize_t off = 0; off < got;) {
			const struct dirent64 *de = (const struct dirent64 *)(buf + off);
			off += de->d_reclen;
			/* As list_fd: sysfs names no entry with a leading dot. */
			if (de->d_name[0] == '.')
				continue;
			struct host_dirent *e = xappend(&list, &n, sizeof(*list));
			e->name = xstrdup(de->d_name);
			e->type = de->d_type;
		}
	}
	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_dirent);
	dir->ents = list;
	dir->n = (int)n;
	return dir->n;
}

static const struct host_dirent *dir_entry(const struct host_dir *dir, const char *name)
{
	struct host_dirent key = {.name = (char *)name};
	return dir->n > 0 ? bsearch(&key, dir->ents, (size_t)dir->n, sizeof(key), cmp_dirent) : NULL;
}

bool host_dir_has(const struct host_dir *dir, const char *name)
{
	return dir->n < 0 || dir_entry(dir, name);
}

/* Names inside a held directory are single components, read without following
 * a link: a sysfs attribute is never one, and a link could lead anywhere. */
static bool plain_name(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* The listing's kind for NAME: DT_UNKNOWN when the directory is not listed,
 * or -ENOENT when it is and NAME is not there. */
static int listed_type(const struct host_dir *dir, const char *name)
{
	if (dir->n < 0)
		return DT_UNKNOWN;
	const struct host_dirent *e = dir_entry(dir, name);
	return e ? e->type : -ENOENT;
}

int host_dir_read_file(const struct host_dir *dir, const char *name, size_t max, uint8_t **data,
		       size_t *len)
{
	*data = NULL;
	*len = 0;
	if (!plain_name(name))
		return -EINVAL;
	int type = listed_type(dir, name);
	if (type < 0)
		return type;
	off_t size;
	bool regular;
	int fd = open_checked(dir->env, dir->fd, name, (unsigned char)type, &size, &regular);
	if (fd < 0)
		return fd;
	return read_all(fd, max, size, regular, data, len);
}

void host_dir_read_files(const struct host_dir *dir, struct uring_reader *ring, struct host_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		files[i].rc = 1; /* not read yet */
		files[i].data = NULL;
		files[i].len = 0;
	}
	/* What the ring reads: regular files by the listing, as open_checked
	 * would read them without a stat; the rest file by file below. */
	for (size_t i = 0; ring && dir->fd >= 0 && i < n;) {
		const char *names[URING_MAX_FILES];
		size_t which[URING_MAX_FILES], k = 0;
		for (; i < n && k < URING_MAX_FILES; i++)
			if (plain_name(files[i].name) && listed_type(dir, files[i].name) == DT_REG) {
				names[k] = files[i].name;
				which[k++] = i;
			}
		int res[URING_MAX_FILES];
		if (!uring_read_heads(ring, dir->fd, names, k, res))
			break;
		for (size_t j = 0; j < k; j++) {
			struct host_file *f = &files[which[j]];
			/* A full head may be only the start of the file, and one past
			 * the limit is read again by the plain reader for its -EFBIG. */
			if (res[j] >= URING_HEAD || (res[j] >= 0 && (size_t)res[j] > f->max))
				continue;
			f->rc = res[j] < 0 ? res[j] : 0;
			if (res[j] >= 0) {
				f->len = (size_t)res[j];
				f->data = xmalloc(f->len + 1);
				memcpy(f->data, uring_head(ring, j), f->len);
				f->data[f->len] = '\0';
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (files[i].rc == 1)
			files[i].rc = host_dir_read_file(dir, files[i].name, files[i].max, &files[i].data, &files[i].len);
}

char *host_dir_read_line(const struct host_dir *dir, const char *name)
{
	uint8_t *data;
	size_t len;
	if (host_dir_read_file(dir, name, 65536, &data, &len) < 0)
		return NULL;
	return host_first_line(data, len);
}

/* The target of link NAME in directory fd (up to 4 KiB), or NULL. */
static char *readlink_at(int fd, const char *name)
{
	char buf[4096];
	ssize_t n = readlinkat(fd, name, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* A link target's last component, in place (NULL stays NULL). */
static char *last_component(char *target)
{
	char *slash = target ? strrchr(target, '/') : NULL;
	if (slash)
		memmove(target, slash + 1, strlen(slash + 1) + 1);
	return target;
}

char *host_dir_readlink(const struct host_dir *dir, const char *name)
{
	if (!plain_name(name) || dir->fd < 0)
		return NULL;
	int type = listed_type(dir, name);
	if (type != DT_UNKNOWN && type != DT_LNK)
		return NULL;
	return readlink_at(dir->fd, name);
}

char *host_dir_link_basename(const struct host_dir *dir, const char *name)
{
	return last_component(host_dir_readlink(dir, name));
}

char *host_read_line(const struct hostenv *env, const char *rel)
{
	uint8_t *data;
	size_t len;
	if (host_read_file(env, rel, 65536, &data, &len) < 0)
		return NULL;
	return host_first_line(data, len);
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
	const char *base;
	int dir = open_parent(env, rel, &base);
	if (dir < 0)
		return NULL;
	char *target = readlink_at(dir, base);
	close(dir);
	return target;
}

char *host_link_basename(const struct hostenv *env, const char *rel)
{
	return last_component(host_readlink(env, rel));
}

bool host_exists(const struct hostenv *env, const char *rel)
{
	const char *base;
	int dir = open_parent(env, rel, &base);
	if (dir < 0)
		return false;
	struct stat st;
	bool there = fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0;
	close(dir);
	return there;
}

bool host_is_dir(const struct hostenv *env, const char *rel)
{
	int fd = resolve(env, rel, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

bool host_is_file(const struct hostenv *env, const char *rel)
{
	int fd = resolve(env, rel, O_PATH);
	if (fd < 0)
		return false;
	struct stat st;
	bool file = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	close(fd);
	return file;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_fd(int fd, char ***names);

int host_list_dir(const struct hostenv *env, const char *rel, char ***names)
{
	*names = NULL;
	int fd = resolve(env, rel, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
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
