#include "config.h"

#include <stdlib.h>

#include "../tap.h"
#include "util.h"

int main(void)
{
	char *s = sanitize_fw_string((const uint8_t *)"AB\x01" "C  \0\0", 7);
	tap_is_str(s, "AB.C", "firmware string: control byte shown as '.', padding dropped");
	free(s);

	char bad[] = "ok\xff\xc3\xa9\x07\xe2\x82";
	sanitize_utf8(bad);
	tap_is_str(bad, "ok?\xc3\xa9???", "utf8: invalid byte and control replaced, valid kept, truncated sequence replaced");

	char overlong[] = "\xc0\xaf";
	sanitize_utf8(overlong);
	tap_is_str(overlong, "??", "utf8: overlong encoding rejected");

	int *v = NULL;
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		*(int *)xappend(&v, &n, sizeof(int)) = i;
	int sum_ok = n == 1000;
	for (int i = 0; i < 1000; i++)
		sum_ok &= v[i] == i;
	tap_ok(sum_ok, "xappend keeps 1000 elements in order");
	free(v);

	struct strbuf sb = {0};
	sb_add(&sb, "a");
	sb_addf(&sb, "%d-%s", 42, "x");
	char *t = sb_take(&sb);
	tap_is_str(t, "a42-x", "strbuf appends formatted text");
	free(t);
	t = sb_take(&sb);
	tap_is_str(t, "", "strbuf taken twice gives an empty string");
	free(t);

	char trail[] = "value \n\n";
	tap_is_str(strip_trailing(trail), "value", "strip_trailing drops newlines and spaces");

	/* Sizes: exact ones keep every byte, rounded ones round up (the BAR
	 * summary), so neither reads smaller than the truth. */
	char sz[32];
	tap_is_str(human_size(16, SIZE_EXACT, sz, sizeof(sz)), "16 B", "exact size below 1 KiB in bytes");
	tap_is_str(human_size(1536u << 10, SIZE_EXACT, sz, sizeof(sz)), "1536 KiB", "exact size: 1.5 MiB stays in KiB");
	tap_is_str(human_size(2ull << 40, SIZE_EXACT, sz, sizeof(sz)), "2 TiB", "exact size up to TiB");
	tap_is_str(human_size(0, SIZE_EXACT, sz, sizeof(sz)), "0 B", "exact size zero");
	tap_is_str(human_size(16, SIZE_ROUNDED, sz, sizeof(sz)), "1 KiB", "rounded size: 16 bytes round up to 1 KiB");
	tap_is_str(human_size((256u << 20) + 1, SIZE_ROUNDED, sz, sizeof(sz)), "257 MiB", "rounded size rounds MiB up");
	tap_is_str(human_size(2ull << 40, SIZE_ROUNDED, sz, sizeof(sz)), "2048 GiB", "rounded size: whole GiB");
	tap_is_str(human_size((1ull << 30) + 4096, SIZE_ROUNDED, sz, sizeof(sz)), "1025 MiB",
		   "rounded size: not whole GiB falls back to MiB");
	tap_is_str(human_size(UINT64_MAX, SIZE_ROUNDED, sz, sizeof(sz)), "17592186044416 MiB",
		   "rounded size of the largest value does not wrap");

	/* Word wrapping: a line holds what fits in width columns, continuation
	 * lines start at indent, and an over-long word gets a line of its own. */
	struct word_wrap w;
	word_wrap_init(&w, "  aa bbb  cccccccccc d", 2, 8, 4, NULL);
	struct strbuf out = {0};
	const char *word;
	size_t len;
	bool new_line, space;
	while (word_wrap_next(&w, &word, &len, &new_line, &space))
		sb_addf(&out, "%s%s%.*s", new_line ? "|" : "", space ? " " : "", (int)len, word);
	t = sb_take(&out);
	tap_is_str(t, "aa|bbb|cccccccccc|d", "word wrap: breaks before a word that would pass the width");
	free(t);
	word_wrap_init(&w, "ab cd ef", 0, 5, 0, NULL);
	while (word_wrap_next(&w, &word, &len, &new_line, &space))
		sb_addf(&out, "%s%s%.*s", new_line ? "|" : "", space ? " " : "", (int)len, word);
	t = sb_take(&out);
	tap_is_str(t, "ab cd|ef", "word wrap: a word that ends exactly at the width stays");
	free(t);
	return tap_done();
}
