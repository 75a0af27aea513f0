/* Replay driver: runs a fuzz target's LLVMFuzzerTestOneInput over files, so
 * make check (built with gcc, under the sanitizers in CI) re-runs every
 * fixture and every kept crash. With no arguments it takes every file under
 * $top_srcdir/tests/fixtures/acpi (recursively). Prints TAP. */
#include "config.h"

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

int main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			nftw(argv[i], collect, 16, FTW_PHYS);
	} else {
		const char *top = getenv("top_srcdir");
		char *dir = xasprintf("%s/tests/fixtures/acpi", top ? top : ".");
		if (nftw(dir, collect, 16, FTW_PHYS) != 0 || !n_files) {
			printf("1..0 # SKIP no fixtures under %s\n", dir);
			free(dir);
			return 77;
		}
		free(dir);
	}
	qsort(files, n_files, sizeof(*files), cmp);
	printf("1..%zu\n", n_files);
	int bad = 0;
	for (size_t i = 0; i < n_files; i++) {
		FILE *f = fopen(files[i], "rb");
		if (!f) {
			printf("not ok %zu - %s: cannot open\n", i + 1, files[i]);
			bad = 1;
			continue;
		}
		size_t cap = 1 << 16, len = 0, got;
		uint8_t *buf = xmalloc(cap);
		while ((got = fread(buf + len, 1, cap - len, f)) > 0)
			if ((len += got) == cap)
				buf = xrealloc(buf, cap *= 2);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %zu - %s\n", i + 1, files[i]);
		free(files[i]);
	}
	free(files);
	return bad;
}
