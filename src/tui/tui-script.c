/* The key script a test drives the browser with, and the one place input comes
 * from: the keyboard, or that script. */
#include "config.h"

#include "provide-curses.h"
#include "tui.h"
#include "view.h"
#include "tui-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>


/* ---- input ------------------------------------------------------------------ */

/* The script a test drives the browser with, one command per line:
 *   key NAME          a key, named as in the help (j, Enter, PgDn, Tab, F1, ...)
 *   text STRING       the characters of STRING, one key each
 *   resize COLS ROWS  the terminal changes size
 *   save-screen FILE  writes the screen as text
 *   save-attrs FILE   writes the screen's attributes (bold, underline, reverse, colour)
 *   bench-redraw N    times N full redraws of the current view (figure on stderr)
 *   quit              ends the browser (also at the end of the script)
 * Blank lines and lines starting with '#' are skipped. */
struct script {
	FILE *file;
	char *pending; /* rest of a text command */
	size_t pending_at;
	unsigned lineno;
	bool failed;
};


static struct script script;


static int script_fail(const char *fmt, ...) IA_PRINTF(1, 2);
static int script_fail(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "iommu-audit: test script line %u: ", script.lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	script.failed = true;
	return KEY_SCRIPT_END;
}

static int script_next_key(struct tui *tui)
{
	for (;;) {
		if (script.pending) {
			unsigned char c = (unsigned char)script.pending[script.pending_at];
			if (c) {
				script.pending_at++;
				return c;
			}
			free(script.pending);
			script.pending = NULL;
		}
		char buf[1024];
		if (!fgets(buf, sizeof(buf), script.file))
			return KEY_SCRIPT_END;
		script.lineno++;
		buf[strcspn(buf, "\n")] = '\0';
		char *cmd = buf;
		while (*cmd == ' ' || *cmd == '\t')
			cmd++;
		if (!*cmd || *cmd == '#')
			continue;
		char *arg = cmd + strcspn(cmd, " \t");
		if (*arg)
			*arg++ = '\0';
		if (!strcmp(cmd, "key")) {
			int key = key_of_label(arg);
			if (key < 0)
				return script_fail("unknown key '%s'", arg);
			return key;
		} else if (!strcmp(cmd, "text")) {
			script.pending = xstrdup(arg);
			script.pending_at = 0;
		} else if (!strcmp(cmd, "resize")) {
			int cols, rows;
			if (sscanf(arg, "%d %d", &cols, &rows) != 2 || cols < 10 || rows < 3 || cols > 1000 ||
			    rows > 1000)
				return script_fail("resize takes COLS ROWS");
			resizeterm(rows, cols);
			return KEY_RESIZE;
		} else if (!strcmp(cmd, "save-screen")) {
			if (!*arg)
				return script_fail("save-screen needs a file name");
			if (screen_dump(arg) < 0)
				return script_fail("cannot write %s: %s", arg, strerror(errno));
		} else if (!strcmp(cmd, "save-attrs")) {
			if (!*arg)
				return script_fail("save-attrs needs a file name");
			if (screen_dump_attrs(arg) < 0)
				return script_fail("cannot write %s: %s", arg, strerror(errno));
		} else if (!strcmp(cmd, "bench-redraw")) {
			long n = strtol(arg, NULL, 10);
			if (n <= 0)
				return script_fail("bench-redraw takes a count");
			bench_redraw(tui, n);
		} else if (!strcmp(cmd, "quit")) {
			return KEY_SCRIPT_END;
		} else {
			return script_fail("unknown command '%s'", cmd);
		}
	}
}

/* The one place input comes from: the keyboard, or the test script. */
int tui_get_input(struct tui *tui)
{
	if (script.file)
		return script_next_key(tui);
	for (;;) {
		int key = getch();
		if (key != ERR)
			return key;
	}
}

bool script_open(const char *path)
{
	memset(&script, 0, sizeof(script));
	script.file = fopen(path, "r");
	if (!script.file) {
		fprintf(stderr, "iommu-audit: cannot read the test script %s: %s\n", path, strerror(errno));
		return false;
	}
	return true;
}

bool script_close(void)
{
	bool ok = !script.failed;
	if (script.file)
		fclose(script.file);
	free(script.pending);
	memset(&script, 0, sizeof(script));
	return ok;
}
