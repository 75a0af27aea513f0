/* Bounded little-endian readers over a table buffer. Every read names the
 * buffer length; a read that would leave the buffer yields 0 instead of
 * touching memory, so a parser that forgot a check decodes zeros, never
 * crashes. Parsers still check lengths first and report what is missing. */
#ifndef IA_ACPI_BUF_H
#define IA_ACPI_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when [off, off+n) lies inside a buffer of len bytes (no overflow). */
static inline bool acpi_in(size_t len, size_t off, size_t n)
{
	return off <= len && n <= len - off;
}

static inline uint64_t acpi_le(const uint8_t *buf, size_t len, size_t off, unsigned width)
{
	uint64_t v = 0;
	if (width > 8 || !acpi_in(len, off, width))
		return 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)buf[off + i] << (8 * i);
	return v;
}

static inline uint8_t acpi_u8(const uint8_t *b, size_t len, size_t off)
{
	return (uint8_t)acpi_le(b, len, off, 1);
}
static inline uint16_t acpi_u16(const uint8_t *b, size_t len, size_t off)
{
	return (uint16_t)acpi_le(b, len, off, 2);
}
static inline uint32_t acpi_u32(const uint8_t *b, size_t len, size_t off)
{
	return (uint32_t)acpi_le(b, len, off, 4);
}
static inline uint64_t acpi_u64(const uint8_t *b, size_t len, size_t off)
{
	return acpi_le(b, len, off, 8);
}

/* Upper bound on the structures any one walk visits: a table of 1 MiB of
 * 4-byte entries stays under it, a loop does not get past it. */
#define ACPI_WALK_LIMIT 300000

#endif
