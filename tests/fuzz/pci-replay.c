/* Replay driver for fuzz targets: feeds every file named on the command line
 * (or every file of $top_srcdir/REPLAY_CORPUS when none is) to
 * LLVMFuzzerTestOneInput and prints TAP. A crash or sanitizer report fails. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The corpus a target replays (its build sets it; the PCI one by default). */
#ifndef REPLAY_CORPUS
#define REPLAY_CORPUS "tests/fuzz/corpus-pcicaps"
#endif

static int n_tests;

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("not ok %d - %s: cannot open\n", ++n_tests, path);
		return 1;
	}
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return 1;
			}
			buf = nb;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		if (got == 0)
			break;
		len += got;
	}
	fclose(f);
	/* An exact-size copy, so a sanitizer sees any read past the input. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	printf("ok %d - %s (%zu bytes)\n", ++n_tests, strrchr(path, '/') ? strrchr(path, '/') + 1 : path, len);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int failed = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			failed |= replay(argv[i]);
	} else {
		const char *top = getenv("top_srcdir");
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s/%s", top ? top : ".", REPLAY_CORPUS);
		DIR *d = opendir(dir);
		if (!d) {
			printf("1..0 # SKIP no corpus at %s\n", dir);
			return 0;
		}
		char **names = NULL;
		size_t n = 0;
		for (struct dirent *e; (e = readdir(d));) {
			if (e->d_name[0] == '.')
				continue;
			char **nn = realloc(names, (n + 1) * sizeof(*names));
			if (!nn)
				break;
			names = nn;
			names[n++] = strdup(e->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof(*names), cmp_name);
		for (size_t i = 0; i < n; i++) {
			char path[8192];
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			failed |= replay(path);
			free(names[i]);
		}
		free(names);
	}
	printf("1..%d\n", n_tests);
	return failed;
}
