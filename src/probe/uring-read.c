#include "config.h"

#include "uring-read.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Three operations per file (open, read, close), and room to spare. */
#define RING_ENTRIES 64

struct uring_reader {
	int fd;
	bool dead;
	void *sq_map, *cq_map, *sqe_map;
	size_t sq_len, cq_len, sqe_len;
	unsigned *sq_head, *sq_tail, *sq_mask, *sq_array;
	unsigned *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	/* The kernel writes here; owned by the reader so that no read can land
	 * in memory the caller has reused. */
	uint8_t (*heads)[URING_HEAD];
};

static unsigned load_acquire(const unsigned *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(unsigned *p, unsigned v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static void unmap_all(struct uring_reader *r)
{
	if (r->sqe_map && r->sqe_map != MAP_FAILED)
		munmap(r->sqe_map, r->sqe_len);
	if (r->cq_map && r->cq_map != MAP_FAILED && r->cq_map != r->sq_map)
		munmap(r->cq_map, r->cq_len);
	if (r->sq_map && r->sq_map != MAP_FAILED)
		munmap(r->sq_map, r->sq_len);
	r->sqe_map = r->cq_map = r->sq_map = NULL;
}

struct uring_reader *uring_reader_open(void)
{
	const char *want = getenv("IOMMU_AUDIT_IO_URING");
	if (want && !strcmp(want, "0"))
		return NULL;
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	int fd = (int)syscall(__NR_io_uring_setup, RING_ENTRIES, &p);
	if (fd < 0)
		return NULL;
	struct uring_reader *r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	r->cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if (p.features & IORING_FEAT_SINGLE_MMAP) {
		if (r->cq_len > r->sq_len)
			r->sq_len = r->cq_len;
		r->cq_len = r->sq_len;
	}
	r->sq_map = mmap(NULL, r->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
	r->cq_map = (p.features & IORING_FEAT_SINGLE_MMAP) ?
			    r->sq_map :
			    mmap(NULL, r->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
	r->sqe_len = p.sq_entries * sizeof(struct io_uring_sqe);
	r->sqe_map = mmap(NULL, r->sqe_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	/* Empty fixed-file slots for the opens to fill (-1: sparse). */
	int slots[URING_MAX_FILES];
	for (size_t i = 0; i < URING_MAX_FILES; i++)
		slots[i] = -1;
	if (r->sq_map == MAP_FAILED || r->cq_map == MAP_FAILED || r->sqe_map == MAP_FAILED ||
	    syscall(__NR_io_uring_register, fd, IORING_REGISTER_FILES, slots, URING_MAX_FILES) < 0) {
		unmap_all(r);
		close(fd);
		free(r);
		return NULL;
	}
	char *sq = r->sq_map, *cq = r->cq_map;
	r->sq_head = (unsigned *)(sq + p.sq_off.head);
	r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(sq + p.sq_off.array);
	r->cq_head = (unsigned *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	r->sqes = r->sqe_map;
	r->heads = xmalloc(URING_MAX_FILES * sizeof(*r->heads));
	return r;
}

void uring_reader_close(struct uring_reader *r)
{
	if (!r)
		return;
	/* Every batch waits for all its completions, so nothing is in flight
	 * unless the ring died in the middle of one: then the kernel may still
	 * write the buffers, and they are left to the end of the process. */
	close(r->fd);
	unmap_all(r);
	if (!r->dead)
		free(r->heads);
	free(r);
}

static struct io_uring_sqe *next_sqe(struct uring_reader *r, unsigned *tail)
{
	unsigned idx = *tail & *r->sq_mask;
	struct io_uring_sqe *s = &r->sqes[idx];
	memset(s, 0, sizeof(*s));
	r->sq_array[idx] = idx;
	(*tail)++;
	return s;
}

enum { OP_OPEN, OP_READ, OP_CLOSE };

bool uring_read_heads(struct uring_reader *r, int dirfd, const char *const names[], size_t n, int res[])
{
	if (!r || r->dead || n > URING_MAX_FILES)
		return false;
	if (n == 0)
		return true;
	unsigned tail = *r->sq_tail;
	for (size_t i = 0; i < n; i++) {
		/* Hard links: the read and the close run even when the open failed
		 * (they then fail on the empty slot), so every slot ends empty. */
		struct io_uring_sqe *s = next_sqe(r, &tail);
		s->opcode = IORING_OP_OPENAT;
		s->fd = dirfd;
		s->addr = (uint64_t)(uintptr_t)names[i];
		s->open_flags = O_RDONLY | O_NONBLOCK | O_NOFOLLOW;
		s->file_index = (uint32_t)i + 1; /* into fixed slot i */
		s->flags = IOSQE_IO_HARDLINK;
		s->user_data = i << 2 | OP_OPEN;
		s = next_sqe(r, &tail);
		s->opcode = IORING_OP_READ;
		s->fd = (int)i;
		s->addr = (uint64_t)(uintptr_t)r->heads[i];
		s->len = URING_HEAD;
		s->off = 0;
		s->flags = IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
		s->user_data = i << 2 | OP_READ;
		s = next_sqe(r, &tail);
		s->opcode = IORING_OP_CLOSE;
		s->file_index = (uint32_t)i + 1;
		s->user_data = i << 2 | OP_CLOSE;
	}
	store_release(r->sq_tail, tail);
	unsigned want = (unsigned)(3 * n), submitted = 0, seen = 0;
	int open_rc[URING_MAX_FILES], read_rc[URING_MAX_FILES];
	bool unsupported = false;
	while (seen < want) {
		long got = syscall(__NR_io_uring_enter, r->fd, want - submitted, want - seen, IORING_ENTER_GETEVENTS,
				   NULL, 0);
		if (got < 0 && errno != EINTR && errno != EAGAIN && errno != EBUSY) {
			/* Operations may still be in flight: the buffers stay theirs. */
			r->dead = true;
			return false;
		}
		if (got > 0)
			submitted += (unsigned)got;
		unsigned head = *r->cq_head;
		for (unsigned end = load_acquire(r->cq_tail); head != end; head++, seen++) {
			const struct io_uring_cqe *c = &r->cqes[head & *r->cq_mask];
			size_t i = (size_t)(c->user_data >> 2);
			if (i >= n)
				continue;
			switch (c->user_data & 3) {
			case OP_OPEN:
				open_rc[i] = c->res;
				/* A kernel without opens into fixed slots (before 5.15)
				 * refuses the field that names the slot. */
				if (c->res == -EINVAL || c->res == -EOPNOTSUPP)
					unsupported = true;
				break;
			case OP_READ:
				read_rc[i] = c->res;
				if (c->res == -EINVAL || c->res == -EOPNOTSUPP)
					unsupported = true;
				break;
			default:
				break;
			}
		}
		store_release(r->cq_head, head);
	}
	if (unsupported) {
		r->dead = true; /* every operation completed: the buffers are free */
		free(r->heads);
		r->heads = NULL;
		return false;
	}
	for (size_t i = 0; i < n; i++)
		res[i] = open_rc[i] < 0 ? open_rc[i] : read_rc[i];
	return true;
}

const uint8_t *uring_head(const struct uring_reader *r, size_t i)
{
	return r->heads[i];
}
