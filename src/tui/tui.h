/* The browser: terminal setup and teardown, input (keyboard or a test script),
 * the event loop and the view stack. It reads the report model and nothing
 * else; every fact on screen comes from audit_run(). */
#ifndef IA_TUI_H
#define IA_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum action {
	ACTION_NONE = 0,
#define ACTION(id, k1, k2, k3, help) ACTION_##id,
#include "actions.def"
#undef ACTION
	ACTION__COUNT
};

struct action_info {
	const char *name; /* "MOVE_UP" */
	int keys[3];      /* curses key codes, 0 = unused */
	const char *help;
};
const struct action_info *action_info(enum action action);
enum action action_of_key(int key);
/* A key's name as the help and the test scripts spell it ("Up", "PgDn", "j"). */
const char *key_label(int key, char *buf, size_t size);
/* The inverse of key_label; returns -1 if the name is unknown. */
int key_of_label(const char *label);

struct tui_options {
	const char *script;  /* IOMMU_AUDIT_TUI_SCRIPT: keys from a file, not the keyboard */
	bool no_display;     /* IOMMU_AUDIT_TUI_NO_DISPLAY: draw to /dev/null (tests) */
};

/* Runs the browser over a finished report until the user quits. Returns the
 * process exit status: 0, or 2 if the terminal could not be used or a test
 * script was wrong (the reason is printed on stderr after the screen is restored). */
struct acpi_tables;
/* acpi: the decoded firmware tables (acpi/acpi-tables.h) for the firmware view,
 * or NULL when they could not be read. */
int tui_run(const struct audit_report *report, const struct acpi_tables *acpi,
	    const struct tui_options *opts);

#endif
