/* The snapshot readers (hostenv.c) read every file whole, whatever its size
 * against their one-page first read: a file that ends exactly at the page, one
 * byte past it, far past it, and one past the reader's limit (-EFBIG, never a
 * silent cut), file by file and in one io_uring batch (uring-read.c). The
 * contents are checked byte for byte. The batch reader itself meets what a
 * hostile snapshot could swap in: a link (not followed), a directory, a FIFO
 * (no hang), a missing name. */
#include "config.h"

#include "hostenv.h"
#include "uring-read.h"
#include "../tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

static void write_file(const char *path, size_t size)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(99);
	}
	for (size_t i = 0; i < size; i++)
		fputc('a' + (int)(i % 23), f);
	fclose(f);
}

static bool pattern_ok(const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (data[i] != 'a' + (int)(i % 23))
			return false;
	return data[len] == '\0';
}

int main(void)
{
	char root[] = "/tmp/test-hostenv.XXXXXX";
	if (!mkdtemp(root))
		return 99;
	char path[128];
	snprintf(path, sizeof(path), "%s/d", root);
	mkdir(path, 0700);
	const size_t sizes[] = {0, 7, 4095, 4096, 4097, 4098, 8194, 65536, 65537};
	const size_t max = 65536;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(path, sizeof(path), "%s/d/f%zu", root, sizes[i]);
		write_file(path, sizes[i]);
	}
	struct hostenv env;
	const char *why;
	if (hostenv_open(&env, root, &why) < 0)
		return 99;
	struct host_dir dir;
	tap_ok(host_dir_open(&env, "d", &dir) == 0 && host_dir_list(&dir) == 9, "the directory is listed");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char name[32], rel[40];
		snprintf(name, sizeof(name), "f%zu", sizes[i]);
		snprintf(rel, sizeof(rel), "d/%s", name);
		uint8_t *data;
		size_t len;
		/* Listed: regular by the listing, so it ends at a short read. */
		int rc = host_dir_read_file(&dir, name, max, &data, &len);
		if (sizes[i] > max)
			tap_ok(rc == -EFBIG && !data, "listed file of %zu bytes, limit %zu: -EFBIG (%d)", sizes[i], max, rc);
		else
			tap_ok(rc == 0 && len == sizes[i] && pattern_ok(data, len),
			       "listed file of %zu bytes read whole (%d, %zu)", sizes[i], rc, len);
		free(data);
		/* By path: its size comes from fstat. */
		rc = host_read_file(&env, rel, max, &data, &len);
		if (sizes[i] > max)
			tap_ok(rc == -EFBIG && !data, "file of %zu bytes by path, limit %zu: -EFBIG (%d)", sizes[i], max, rc);
		else
			tap_ok(rc == 0 && len == sizes[i] && pattern_ok(data, len),
			       "file of %zu bytes by path read whole (%d, %zu)", sizes[i], rc, len);
		free(data);
	}
	/* The same files in one batch; host_dir_read_files with no ring is the
	 * file-by-file reader checked above. */
	struct uring_reader *ring = uring_reader_open();
	struct host_file files[9];
	for (size_t i = 0; i < 9; i++) {
		static char names[9][32];
		snprintf(names[i], sizeof(names[i]), "f%zu", sizes[i]);
		files[i] = (struct host_file){.name = names[i], .max = max};
	}
	for (int pass = 0; pass < 2; pass++) {
		host_dir_read_files(&dir, pass ? NULL : ring, files, 9);
		for (size_t i = 0; i < 9; i++) {
			const struct host_file *f = &files[i];
			if (sizes[i] > max)
				tap_ok(f->rc == -EFBIG && !f->data, "%s: %s of %zu bytes: -EFBIG (%d)",
				       pass || !ring ? "file by file" : "batch", f->name, sizes[i], f->rc);
			else
				tap_ok(f->rc == 0 && f->len == sizes[i] && pattern_ok(f->data, f->len),
				       "%s: %s read whole (%d, %zu)", pass || !ring ? "file by file" : "batch", f->name,
				       f->rc, f->len);
			free(f->data);
		}
	}
	/* A limit below a page: what the batch read past it is -EFBIG too. */
	struct host_file small = {.name = "f4095", .max = 4094};
	host_dir_read_files(&dir, ring, &small, 1);
	tap_ok(small.rc == -EFBIG && !small.data, "f4095 with a limit of 4094: -EFBIG (%d)", small.rc);
	if (!ring) {
		tap_skip(5, "io_uring is not usable here");
	} else {
		snprintf(path, sizeof(path), "%s/d/link", root);
		tap_ok(symlink("f7", path) == 0, "a link to a file");
		snprintf(path, sizeof(path), "%s/d/fifo", root);
		mkfifo(path, 0600);
		snprintf(path, sizeof(path), "%s/d/sub", root);
		mkdir(path, 0700);
		const char *const names[] = {"f7", "link", "fifo", "sub", "missing"};
		int res[5];
		alarm(10); /* a FIFO read that blocked would hang here: fail instead */
		bool ran = uring_read_heads(ring, dir.fd, names, 5, res);
		alarm(0);
		tap_ok(ran && res[0] == 7 && !memcmp(uring_head(ring, 0), "abcdefg", 7), "batch: a file (%d)", res[0]);
		tap_ok(ran && res[1] == -ELOOP, "batch: a link is not followed (%d)", res[1]);
		tap_ok(ran && res[2] <= 0, "batch: a FIFO gives nothing and does not block (%d)", res[2]);
		tap_ok(ran && res[3] == -EISDIR, "batch: a directory is refused (%d)", res[3]);
		tap_ok(ran && res[4] == -ENOENT, "batch: a missing name (%d)", res[4]);
		snprintf(path, sizeof(path), "%s/d/link", root);
		unlink(path);
		snprintf(path, sizeof(path), "%s/d/fifo", root);
		unlink(path);
		snprintf(path, sizeof(path), "%s/d/sub", root);
		rmdir(path);
	}
	uring_reader_close(ring);
	host_dir_close(&dir);
	hostenv_close(&env);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(path, sizeof(path), "%s/d/f%zu", root, sizes[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/d", root);
	rmdir(path);
	rmdir(root);
	return tap_done();
}
