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

bool cli_open_root(struct hostenv *env, const char *root)
{
	const char *why = NULL;
	if (hostenv_open(env, root, &why) < 0) {
		cli_error("cannot use root %s: %s", root ? root : "/", why);
		return false;
	}
	/* A root other than the running system must look like a host or snapshot:
	 * catching a typo here beats an audit of an empty directory. */
	if (!env->is_live && !host_exists(env, SNAPSHOT_MARKER) && !host_is_dir(env, "sys") &&
	    !host_is_dir(env, "proc")) {
		cli_error("cannot use root %s: not a snapshot (no %s, sys/ or proc/)", env->root, SNAPSHOT_MARKER);
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

void cli_help(FILE *out, const char *usage, const char *about, const struct cli_option *opts)
{
	fprintf(out, "%s\n%s\n\nOptions:\n", usage, about);
	for (const struct cli_option *o = opts; o->spec; o++) {
		if (strlen(o->spec) > 24)
			fprintf(out, "  %s\n  %-24s %s\n", o->spec, "", o->help);
		else
			fprintf(out, "  %-24s %s\n", o->spec, o->help);
	}
}
