/* A view is a list of lines plus the ops that make and draw them. Views only
 * describe the report in lines; scrolling, folding, search and drawing are
 * shared (tui.c, view-core.c, tui-draw.c), as tig's views describe data and
 * one renderer lays it out. */
#ifndef IA_VIEW_H
#define IA_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "tui.h"
#include "util.h"

/* What a piece of text is; tui-draw.c turns roles into colours, or into bold and
 * underline on a monochrome terminal. Verdicts are always spelt out as words,
 * so nothing depends on colour alone. */
enum role {
	ROLE_NORMAL,
	ROLE_HEADING,
	ROLE_LABEL,
	ROLE_DIM,
	ROLE_READY,
	ROLE_WARN,
	ROLE_UNKNOWN,
	ROLE_BLOCKED,
	ROLE_MARK,     /* shares a group with the selected device */
	ROLE_TITLE,    /* the tab bar */
	ROLE_TAB,      /* the current tab */
	ROLE_STATUS,   /* the status line */
	ROLE_MATCH,    /* search match */
	ROLE__COUNT
};

struct span {
	unsigned short start, len; /* bytes of tui_line.text */
	unsigned char role;
};

#define LINE_MAX_SPANS 8

struct tui_line {
	char *text;                /* UTF-8; what search matches */
	unsigned char role;        /* of the text outside any span */
	unsigned char n_spans;
	struct span spans[LINE_MAX_SPANS];
	unsigned char depth;       /* a line folds the deeper lines that follow it */
	bool folded;
	bool heading;              /* column heads: the cursor passes over them */
	long device;               /* index into report->devices, or -1 */
	long ref;                  /* view-specific (group, finding), or -1 */
};

enum view_id {
	VIEW_SUMMARY,
	VIEW_TREE,
	VIEW_GROUPS,
	VIEW_DEVICE,
	VIEW_ACPI,
	VIEW_HELP,
	VIEW__COUNT
};
#define VIEW_TABS VIEW_HELP /* the views on the tab bar; help is opened with '?' */

struct tui;
struct view;

enum handled {
	KEY_IGNORED, /* the shared handling applies */
	KEY_HANDLED,
};

struct view_ops {
	const char *name;  /* on the tab bar and the status line */
	/* Fills view->lines from the report; width is the screen's, for wrapping. */
	void (*build)(struct view *view, int width);
	/* Draws one line at a screen row (NULL: the shared drawing). */
	void (*draw_line)(struct view *view, const struct tui_line *line, int row, int width,
			  bool selected);
	/* Acts on a key before the shared handling (NULL: nothing special). */
	enum handled (*on_key)(struct view *view, enum action action);
};

struct view {
	const struct view_ops *ops;
	struct tui *tui;
	struct tui_line *lines;
	size_t n_lines;
	size_t *visible;    /* indices into lines of those not folded away */
	size_t n_visible;
	size_t selected;    /* position in visible */
	size_t top;         /* first visible position on screen */
	int hscroll;        /* columns scrolled to the right */
	bool stale;         /* build again before the next draw */
	bool start_on_device; /* first build: put the cursor on tui->device */
};

struct tui {
	const struct audit_report *report;
	const struct acpi_tables *acpi;  /* decoded firmware tables, or NULL */
	struct view views[VIEW__COUNT];
	enum view_id stack[VIEW__COUNT]; /* back history; the top is on screen */
	int depth;
	long device;                     /* the device the detail view shows, or -1 */
	const struct judged_device **judged_of; /* per device: its judgement or NULL */
	bool utf8;                       /* box-drawing characters are safe */
	char *search;                    /* the last search text, or NULL */
};

extern const struct view_ops summary_view_ops, tree_view_ops, groups_view_ops, device_view_ops,
	acpi_view_ops, help_view_ops;

/* Building lines. A line is made piece by piece, each piece with its role. */
struct line_builder {
	struct strbuf sb;
	struct tui_line line;
};
void lb_init(struct line_builder *b, long device);
void lb_add(struct line_builder *b, enum role role, const char *fmt, ...) IA_PRINTF(3, 4);
/* Adds s cut or padded to exactly cols screen columns. */
void lb_field(struct line_builder *b, enum role role, const char *s, int cols);
struct tui_line *lb_finish(struct view *view, struct line_builder *b, unsigned depth);

/* A one-piece line. */
struct tui_line *view_addf(struct view *view, unsigned depth, enum role role, const char *fmt, ...)
	IA_PRINTF(4, 5);
/* Adds text wrapped to width, every line indented by indent columns; the first
 * line starts with label (padded to indent). */
void view_add_wrapped(struct view *view, unsigned depth, int indent, int width, const char *label,
		      const char *text, enum role role);
void view_add_blank(struct view *view, unsigned depth);
/* "  LABEL     value": a fact line with its label padded to label_cols. */
void view_add_fact(struct view *view, const char *label, int label_cols, enum role role, const char *fmt,
		   ...) IA_PRINTF(5, 6);

/* The shared drawing of a line (views may call it and add to it). */
void view_draw_line_default(struct view *view, const struct tui_line *line, int row, int width,
			    bool selected);
/* The line under the cursor, or NULL. */
const struct tui_line *view_selected_line(const struct view *view);
/* Moves the cursor off a column heading, in direction dir (+1/-1), or the other
 * way when there is nothing selectable that way. */
void view_skip_heading(struct view *view, int dir);
/* Selects the first line of the device (false if it has none). */
bool view_select_device(struct view *view, long device);

/* Puts the '*' mark at the start of a screen row. */
void tui_put_mark(int row);

/* Helpers the views share. */
enum role role_of_verdict(enum verdict v);
enum role role_of_severity(enum severity s);
const struct judged_device *tui_judged(const struct tui *tui, long device);
long tui_device_by_bdf(const struct tui *tui, const char *bdf);
const char *tui_or_unknown(const char *s);
/* "NVIDIA GA102 [GeForce RTX 3090]": the vendor's short name and the device's. */
const char *tui_device_name(const struct pci_device *d, char *buf, size_t size);
/* Opens the detail view on a device (pushes it on the view stack). */
void tui_open_device(struct tui *tui, long device);
/* ACS as the report judged it, for a bridge or multifunction function: "ok",
 * "none" (no capability), "partial" (bits missing), "?" (unreadable); NULL
 * when ACS does not bear on this function or the report has no verdict. */
const char *tui_acs_short(const struct tui *tui, long device, enum role *role);
/* "SV RR CR UF" for the bits of an ACS register; "none" when 0. */
const char *tui_acs_bits(uint16_t bits, char *buf, size_t size);

/* Number of screen columns of a UTF-8 string. */
int utf8_width(const char *s);

/* screen-dump.c: writes the screen as text, one row per line, right-trimmed. */
int screen_dump(const char *path);
/* Writes the screen's attributes, one hex digit per cell (see screen-dump.c). */
int screen_dump_attrs(const char *path);

#endif
