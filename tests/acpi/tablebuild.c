#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tablebuild.h"
#include "util.h"

static uint8_t *grow(struct tb *t, size_t n)
{
	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2 + 64;
		t->b = xrealloc(t->b, t->cap);
	}
	uint8_t *p = t->b + t->len;
	t->len += n;
	return p;
}

static void le(struct tb *t, uint64_t v, int n)
{
	uint8_t *p = grow(t, (size_t)n);
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void tb_u8(struct tb *t, uint8_t v) { le(t, v, 1); }
void tb_u16(struct tb *t, uint16_t v) { le(t, v, 2); }
void tb_u32(struct tb *t, uint32_t v) { le(t, v, 4); }
void tb_u64(struct tb *t, uint64_t v) { le(t, v, 8); }

void tb_str(struct tb *t, const char *s, size_t width)
{
	uint8_t *p = grow(t, width);
	memset(p, 0, width);
	memcpy(p, s, strnlen(s, width));
}

void tb_zero(struct tb *t, size_t n)
{
	memset(grow(t, n), 0, n);
}

void tb_put16(struct tb *t, size_t at, uint16_t v)
{
	t->b[at] = (uint8_t)v;
	t->b[at + 1] = (uint8_t)(v >> 8);
}

void tb_put32(struct tb *t, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		t->b[at + i] = (uint8_t)(v >> (8 * i));
}

void tb_header(struct tb *t, const char *sig, uint8_t revision)
{
	tb_str(t, sig, 4);
	tb_u32(t, 0);
	tb_u8(t, revision);
	tb_u8(t, 0);
	tb_str(t, "IAUDIT", 6);
	tb_str(t, "FIXTURE", 8);
	tb_u32(t, 1);
	tb_str(t, "IAUD", 4);
	tb_u32(t, 0x20240101);
}

void tb_finish(struct tb *t)
{
	tb_put32(t, 4, (uint32_t)t->len);
	t->b[9] = 0;
	uint8_t sum = 0;
	for (size_t i = 0; i < t->len; i++)
		sum = (uint8_t)(sum + t->b[i]);
	t->b[9] = (uint8_t)-sum;
}

void tb_free(struct tb *t)
{
	free(t->b);
	memset(t, 0, sizeof(*t));
}
