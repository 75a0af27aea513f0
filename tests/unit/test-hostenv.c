/* The snapshot readers (hostenv.c) read every file whole, whatever its size
 * against their one-page first read: a file that ends exactly at the page, one
 * byte past it, far past it, and one past the reader's limit (-EFBIG, never a
 * silent cut). The contents are checked byte for byte. */
#include "config.h"

#include "hostenv.h"
#include "../tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
