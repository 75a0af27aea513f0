#include "config.h"

#include "cli.h"
#include "hostinfo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("iommu-audit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool cli_open_root(struct hostenv *env, const char *root, bool hand_made)
{
	const char *why = NULL;
	if (hostenv_open(env, root, &why) < 0) {
		cli_error("cannot use root %s: %s", root ? root : "/", why);
		return false;
	}
	if (env->is_live)
		return true;
	/* A root must look like a host: catching a typo here beats an audit of an
	 * empty directory. */
	bool marker = host_is_file(env, SNAPSHOT_MARKER);
	if (!marker && !host_is_dir(env, "sys") && !host_is_dir(env, "proc")) {
		cli_error("cannot use root %s: not a snapshot (no %s, sys/ or proc/)", env->root, SNAPSHOT_MARKER);
		hostenv_close(env);
		return false;
	}
	/* capture writes its marker last: without it, the capture was interrupted
	 * (SIGINT, a full disk) and an audit of what is there would call every
	 * missing file an absent feature. */
	if (!marker && !hand_made) {
		cli_error("cannot use root %s: PARTIAL SNAPSHOT: it has no %s marker, which a capture writes "
			  "last, so the capture did not finish; capture the host again (or, for a root built "
			  "by hand, say so with --hand-made-root)",
			  env->root, SNAPSHOT_MARKER);
		hostenv_close(env);
		return false;
	}
	return true;
}

bool cli_want_color(FILE *stream, const char *mode)
{
	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	const char *no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	const char *term = getenv("TERM");
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(stream));
}
