/* A small builder of ACPI table bytes for fixtures and unit tests: append
 * little-endian fields, remember where a structure starts, patch its length,
 * and finish the table (length and checksum). */
#ifndef IA_TABLEBUILD_H
#define IA_TABLEBUILD_H

#include <stddef.h>
#include <stdint.h>

struct tb {
	uint8_t *b;
	size_t len, cap;
};

void tb_u8(struct tb *t, uint8_t v);
void tb_u16(struct tb *t, uint16_t v);
void tb_u32(struct tb *t, uint32_t v);
void tb_u64(struct tb *t, uint64_t v);
void tb_str(struct tb *t, const char *s, size_t width); /* NUL padded */
void tb_zero(struct tb *t, size_t n);
void tb_put16(struct tb *t, size_t at, uint16_t v);
void tb_put32(struct tb *t, size_t at, uint32_t v);
/* The 36-byte header; tb_finish fills length and checksum. */
void tb_header(struct tb *t, const char *sig, uint8_t revision);
void tb_finish(struct tb *t);
void tb_free(struct tb *t);

/* The fixture tables (tests/acpi/fixtures.c): each builds one table. */
struct fixture {
	const char *name; /* file name under tests/fixtures/acpi */
	void (*build)(struct tb *t);
};
extern const struct fixture acpi_fixtures[];

#endif
