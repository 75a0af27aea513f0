/* A minimal TAP producer for the C unit drivers (the harness reads TAP). */
#ifndef IA_TAP_H
#define IA_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline void tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#define tap_is_str(got, want, ...)                                                              \
	do {                                                                                    \
		const char *g_ = (got), *w_ = (want);                                           \
		int ok_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;                          \
		tap_ok(ok_, __VA_ARGS__);                                                       \
		if (!ok_)                                                                       \
			printf("#   got:  '%s'\n#   want: '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)

/* N checks that cannot run here, with the reason. */
static inline void tap_skip(int n, const char *why)
{
	for (int i = 0; i < n; i++)
		printf("ok %d - # SKIP %s\n", ++tap_count, why);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
