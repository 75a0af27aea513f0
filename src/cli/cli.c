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

bool cli_import_option(int c, const char *arg, struct import_sources *src)
{
	switch (c) {
	case CLI_OPT_LSPCI:
		src->lspci = arg;
		return true;
	case CLI_OPT_DMESG:
		src->dmesg = arg;
		return true;
	case CLI_OPT_ACPIDUMP:
		src->acpidump = arg;
		return true;
	case CLI_OPT_CMDLINE:
		src->cmdline = arg;
		return true;
	case CLI_OPT_CPUINFO:
		src->cpuinfo = arg;
		return true;
	default:
		return false;
	}
}

bool cli_open_input(struct cli_input *in, const char *root, bool root_given, bool hand_made,
		    const struct import_sources *src)
{
	in->import_root = NULL;
	if (!import_sources_given(src))
		return cli_open_root(&in->env, root, hand_made);
	if (root_given) {
		cli_error("--root and --lspci/--dmesg/--acpidump/--cmdline/--cpuinfo exclude each other");
		return false;
	}
	char *err = NULL;
	if (import_to_temp(src, &in->import_root, &err) < 0) {
		cli_error("%s", err ? err : "import failed");
		free(err);
		return false;
	}
	if (!cli_open_root(&in->env, in->import_root, false)) {
		import_remove_temp(in->import_root);
		in->import_root = NULL;
		return false;
	}
	return true;
}

void cli_close_input(struct cli_input *in)
{
	hostenv_close(&in->env);
	import_remove_temp(in->import_root);
	in->import_root = NULL;
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
