/* Replay driver for every fuzz target: runs its LLVMFuzzerTestOneInput over
 * files, so make check (built with gcc, under the sanitizers in CI) re-runs
 * every seed and every kept crash. The files are those named on the command
 * line (directories recursively) or, with none, every file under
 * $top_srcdir/REPLAY_CORPUS (the build sets it per target; the ACPI fixtures
 * and their kept crashes by default). Each input is passed as an exact-size
 * copy, so a sanitizer sees any read past its end. Prints TAP (tests/tap.h). */
#include "config.h"

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef REPLAY_CORPUS
#define REPLAY_CORPUS "tests/fixtures/acpi"
#endif

static char **files;
static size_t n_files;

static int collect(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F) {
		char **slot = xappend(&files, &n_files, sizeof(*files));
		*slot = xstrdup(path);
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The whole file in a buffer of exactly its size; false when unreadable. */
static bool read_exact(const char *path, uint8_t **out, size_t *out_len)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t cap = 1 << 16, len = 0, got;
	uint8_t *buf = xmalloc(cap);
	while ((got = fread(buf + len, 1, cap - len, f)) > 0)
		if ((len += got) == cap)
			buf = xrealloc(buf, cap *= 2);
	bool ok = !ferror(f);
	fclose(f);
	*out = xmalloc(len ? len : 1);
	memcpy(*out, buf, len);
	*out_len = len;
	free(buf);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (nftw(argv[i], collect, 16, FTW_PHYS) != 0)
				tap_ok(0, "%s: cannot be read", argv[i]);
	} else {
		const char *top = getenv("top_srcdir");
		char *dir = xasprintf("%s/%s", top ? top : ".", REPLAY_CORPUS);
		if (nftw(dir, collect, 16, FTW_PHYS) != 0 || !n_files) {
			printf("1..0 # SKIP no inputs under %s\n", dir);
			free(dir);
			return 77;
		}
		free(dir);
	}
	qsort(files, n_files, sizeof(*files), cmp);
	for (size_t i = 0; i < n_files; i++) {
		uint8_t *buf;
		size_t len;
		if (read_exact(files[i], &buf, &len)) {
			LLVMFuzzerTestOneInput(buf, len);
			tap_ok(1, "%s (%zu bytes)", files[i], len);
		} else {
			tap_ok(0, "%s: cannot be read", files[i]);
		}
		free(buf);
		free(files[i]);
	}
	free(files);
	return tap_done();
}
