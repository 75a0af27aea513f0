#ifndef IOMMU_AUDIT_URING_READ_H
#define IOMMU_AUDIT_URING_READ_H
/* Small files of one directory read with one system call: io_uring's open,
 * read and close, chained per file through a fixed-file slot. A PCI function's
 * attributes are a dozen files of a few bytes each, so on a host or snapshot of
 * thousands of functions the cost is in entering the kernel, not in the work;
 * this reads them all at once. Where io_uring cannot be used (an old kernel,
 * kernel.io_uring_disabled, a seccomp filter, IOMMU_AUDIT_IO_URING=0), the
 * reader is NULL and hostenv reads file by file. One thread at a time. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most files one call reads, and the bytes read of each: a page and one
 * byte, so that a file of up to a page (a sysfs attribute, a 4 KiB config
 * space) is known to be whole. */
#define URING_MAX_FILES 16
#define URING_HEAD 4097

struct uring_reader;

/* NULL when io_uring is not usable here (or IOMMU_AUDIT_IO_URING=0). */
struct uring_reader *uring_reader_open(void);
void uring_reader_close(struct uring_reader *r);

/* Opens each of names[0..n-1] (n <= URING_MAX_FILES, single components of
 * dirfd) without following a link and without blocking, reads its first
 * URING_HEAD bytes into the reader's buffer i, and closes it. res[i]: the
 * bytes read, or -errno of the open or the read. false: the ring failed as a
 * whole (it is then not used again); nothing is known and the caller reads the
 * plain way. */
bool uring_read_heads(struct uring_reader *r, int dirfd, const char *const names[], size_t n, int res[]);
/* Buffer i of the last uring_read_heads. */
const uint8_t *uring_head(const struct uring_reader *r, size_t i);

#endif
