/* Reading many reports on every core: worker threads parse files (each with its
 * own libxml2 reader) while the calling thread adds their outcomes to the fleet
 * strictly in the order given, so the summary is byte for byte the one that
 * reading them one by one gives. At most a window of parsed files waits to be
 * added, whatever the number of files. */
#include "config.h"

#include "fleet.h"
#include "fleet-internal.h"
#include "util.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLEET_MAX_THREADS 8
/* Parsed files waiting per thread: enough to keep the threads busy while the
 * caller merges, a few MiB at most. */
#define FLEET_WINDOW_PER_THREAD 32

struct slot {
	enum fleet_read result;
	char *why;
	struct scratch s;
	bool ready;
};

struct batch {
	struct fleet *f;
	const char *const *paths;
	size_t n;
	struct slot *slots;
	size_t window;
	pthread_mutex_t lock;
	pthread_cond_t parsed; /* a slot became ready */
	pthread_cond_t freed;  /* the caller took a slot */
	size_t next;           /* the next file to claim */
	size_t taken;          /* files the caller has added */
};

static void *worker(void *arg)
{
	struct batch *b = arg;
	struct fleet_reader rd;
	fleet_reader_init(&rd, b->f);
	fleet_quiet_errors();
	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (b->next < b->n && b->next >= b->taken + b->window)
			pthread_cond_wait(&b->freed, &b->lock);
		if (b->next >= b->n)
			break;
		size_t i = b->next++;
		pthread_mutex_unlock(&b->lock);
		struct slot *sl = &b->slots[i % b->window];
		sl->result = fleet_read_file(&rd, b->paths[i], &sl->why);
		sl->s = rd.s;
		memset(&rd.s, 0, sizeof(rd.s));
		pthread_mutex_lock(&b->lock);
		sl->ready = true;
		pthread_cond_broadcast(&b->parsed);
	}
	pthread_mutex_unlock(&b->lock);
	fleet_reader_free(&rd);
	return NULL;
}

/* The cores this process may run on. */
static unsigned usable_cpus(void)
{
#ifdef CPU_COUNT
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
#endif
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static void one_by_one(struct fleet *f, const char *const *paths, size_t n, fleet_done_fn done, void *arg)
{
	for (size_t i = 0; i < n; i++) {
		const char *why = NULL;
		enum fleet_read r = fleet_add_file(f, paths[i], &why);
		if (done)
			done(arg, paths[i], r, r == FLEET_READ_OK ? NULL : why);
	}
}

void fleet_add_files(struct fleet *f, const char *const *paths, size_t n, fleet_done_fn done, void *arg)
{
	unsigned threads = usable_cpus();
	if (threads > FLEET_MAX_THREADS)
		threads = FLEET_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	if (threads < 2) {
		one_by_one(f, paths, n, done, arg);
		return;
	}
	struct batch b = {.f = f, .paths = paths, .n = n, .window = threads * FLEET_WINDOW_PER_THREAD};
	b.slots = xcalloc(b.window, sizeof(*b.slots));
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.parsed, NULL);
	pthread_cond_init(&b.freed, NULL);
	pthread_t tid[FLEET_MAX_THREADS];
	unsigned started = 0;
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker, &b) != 0)
			break;
	if (started == 0) {
		/* No thread to be had: the same result, more slowly. */
		one_by_one(f, paths, n, done, arg);
	} else {
		for (size_t i = 0; i < n; i++) {
			struct slot *sl = &b.slots[i % b.window];
			pthread_mutex_lock(&b.lock);
			while (!sl->ready)
				pthread_cond_wait(&b.parsed, &b.lock);
			pthread_mutex_unlock(&b.lock);
			const char *why = fleet_take(f, paths[i], sl->result, sl->why, &sl->s);
			if (done)
				done(arg, paths[i], sl->result, why);
			scratch_clear(&sl->s);
			sl->why = NULL;
			pthread_mutex_lock(&b.lock);
			sl->ready = false;
			b.taken++;
			pthread_cond_broadcast(&b.freed);
			pthread_mutex_unlock(&b.lock);
		}
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_cond_destroy(&b.freed);
	pthread_cond_destroy(&b.parsed);
	pthread_mutex_destroy(&b.lock);
	free(b.slots);
}
