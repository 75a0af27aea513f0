/* Writes every fixture table into DIR (tests/fixtures/acpi), plus an
 * acpidump-style text of several of them. Usage: tablegen DIR */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tablebuild.h"
#include "util.h"

static int write_file(const char *dir, const char *name, const void *b, size_t n)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	int rc = f && fwrite(b, 1, n, f) == n ? 0 : -1;
	if (f && fclose(f))
		rc = -1;
	if (rc)
		fprintf(stderr, "tablegen: cannot write %s\n", p);
	free(p);
	return rc;
}

/* The layout acpidump prints: heading, 16 bytes a line, ASCII column. */
static void dump_text(struct strbuf *sb, const char *sig, const struct tb *t)
{
	sb_addf(sb, "%s @ 0x0000000000000000\n", sig);
	for (size_t i = 0; i < t->len; i += 16) {
		sb_addf(sb, "    %04zX:", i);
		size_t n = t->len - i < 16 ? t->len - i : 16;
		for (size_t k = 0; k < 16; k++)
			if (k < n)
				sb_addf(sb, " %02X", t->b[i + k]);
			else
				sb_add(sb, "   ");
		sb_add(sb, "  ");
		for (size_t k = 0; k < n; k++)
			sb_addf(sb, "%c", t->b[i + k] >= 0x20 && t->b[i + k] < 0x7f ? t->b[i + k] : '.');
		sb_add(sb, "\n");
	}
	sb_add(sb, "\n");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: tablegen DIR\n");
		return 2;
	}
	int rc = 0;
	struct strbuf text = {0};
	sb_add(&text, "Pasted from a bug report:\n\n");
	for (const struct fixture *f = acpi_fixtures; f->name; f++) {
		struct tb t = {0};
		f->build(&t);
		rc |= write_file(argv[1], f->name, t.b, t.len);
		if (!strcmp(f->name, "dmar-full.bin") || !strcmp(f->name, "madt.bin"))
			dump_text(&text, !strcmp(f->name, "madt.bin") ? "APIC" : "DMAR", &t);
		tb_free(&t);
	}
	rc |= write_file(argv[1], "acpidump-host.txt", text.s, text.len);
	sb_free(&text);
	return rc ? 1 : 0;
}
