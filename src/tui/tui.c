#include "config.h"

#include "provide-curses.h"
#include "tui.h"
#include "view.h"

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

/* ---- actions and keys ------------------------------------------------------ */

static const struct action_info actions[ACTION__COUNT] = {
	[ACTION_NONE] = {"NONE", {0, 0, 0}, ""},
#define ACTION(id, k1, k2, k3, help) [ACTION_##id] = {#id, {k1, k2, k3}, help},
#include "actions.def"
#undef ACTION
};

const struct action_info *action_info(enum action action)
{
	return (unsigned)action < ACTION__COUNT ? &actions[action] : &actions[ACTION_NONE];
}

enum action action_of_key(int key)
{
	if (key == 0)
		return ACTION_NONE;
	for (int a = 1; a < ACTION__COUNT; a++)
		for (int k = 0; k < 3; k++)
			if (actions[a].keys[k] == key)
				return (enum action)a;
	return ACTION_NONE;
}

static const struct {
	int key;
	const char *label;
} key_names[] = {
	{KEY_UP, "Up"},       {KEY_DOWN, "Down"},   {KEY_LEFT, "Left"},    {KEY_RIGHT, "Right"},
	{KEY_PPAGE, "PgUp"},  {KEY_NPAGE, "PgDn"},  {KEY_HOME, "Home"},    {KEY_END, "End"},
	{'\n', "Enter"},      {'\r', "Return"},     {KEY_ENTER, "KpEnter"}, {'\t', "Tab"},
	{KEY_BTAB, "S-Tab"},  {' ', "Space"},       {0x1b, "Esc"},         {KEY_BACKSPACE, "Backspace"},
	{0x7f, "Del"},        {0x0c, "^L"},         {KEY_RESIZE, "Resize"},
};

const char *key_label(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (key_names[i].key == key)
			return key_names[i].label;
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F(0));
	else if (key > ' ' && key < 0x7f)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "#%d", key);
	return buf;
}

int key_of_label(const char *label)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (!strcmp(key_names[i].label, label))
			return key_names[i].key;
	if (label[0] == 'F' && label[1] >= '1' && label[1] <= '9') {
		int n = atoi(label + 1);
		if (n >= 1 && n <= 12)
			return KEY_F(n);
	}
	if (label[0] && !label[1] && (unsigned char)label[0] > ' ' && (unsigned char)label[0] < 0x7f)
		return (unsigned char)label[0];
	return -1;
}

/* ---- terminal ownership ----------------------------------------------------- */

/* State the signal handlers need: they run outside the event loop. */
static volatile sig_atomic_t curses_active;
static SCREEN *screen;
static FILE *screen_out, *screen_in;
static int saved_stderr = -1; /* the real stderr while ours goes to held_stderr */
static int held_stderr = -1;  /* a temporary file holding what was written meanwhile */

/* Copies what was held back to the real stderr; only async-signal-safe calls,
 * since a fatal signal ends up here too. */
static void release_stderr(void)
{
	if (saved_stderr < 0)
		return;
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	if (held_stderr >= 0) {
		char buf[4096];
		ssize_t n;
		lseek(held_stderr, 0, SEEK_SET);
		while ((n = read(held_stderr, buf, sizeof(buf))) > 0)
			if (write(STDERR_FILENO, buf, (size_t)n) < 0)
				break;
		close(held_stderr);
		held_stderr = -1;
	}
}

/* Anything printed on stderr while curses owns the screen (libraries, our own
 * diagnostics) would scribble over it; hold it in a file and print it after. */
static void hold_stderr(void)
{
	char path[] = "/tmp/iommu-audit-stderr.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return; /* not fatal: messages then go to the screen */
	unlink(path);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	if (saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
		if (saved_stderr >= 0)
			close(saved_stderr);
		saved_stderr = -1;
		close(fd);
		return;
	}
	held_stderr = fd;
}

/* Idempotent: called from the loop's end, atexit and the signal handlers. */
static void restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
	fflush(stderr);
	release_stderr();
}

static void free_screen(void)
{
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
	if (screen_out) {
		fclose(screen_out);
		screen_out = NULL;
	}
	if (screen_in) {
		fclose(screen_in);
		screen_in = NULL;
	}
}

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGPIPE};

static void on_fatal_signal(int sig)
{
	restore_terminal();
	/* Die of the same signal, so the parent sees what happened. */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(bool on)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_fatal_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

static void restore_at_exit(void)
{
	restore_terminal();
}

/* ---- colours ---------------------------------------------------------------- */

static attr_t role_attr[ROLE__COUNT];

static void setup_roles(void)
{
	const char *no_color = getenv("NO_COLOR");
	bool color = has_colors() && !(no_color && *no_color);
	/* Monochrome first: every role must read without colour. */
	role_attr[ROLE_NORMAL] = A_NORMAL;
	role_attr[ROLE_HEADING] = A_BOLD;
	role_attr[ROLE_LABEL] = A_NORMAL;
	role_attr[ROLE_DIM] = A_NORMAL;
	role_attr[ROLE_READY] = A_NORMAL;
	role_attr[ROLE_WARN] = A_UNDERLINE;
	role_attr[ROLE_UNKNOWN] = A_UNDERLINE;
	role_attr[ROLE_BLOCKED] = A_BOLD;
	role_attr[ROLE_MARK] = A_BOLD;
	role_attr[ROLE_TITLE] = A_REVERSE;
	role_attr[ROLE_TAB] = A_BOLD;
	role_attr[ROLE_STATUS] = A_REVERSE;
	role_attr[ROLE_MATCH] = A_UNDERLINE | A_BOLD;
	if (!color)
		return;
	start_color();
	use_default_colors();
	static const struct {
		enum role role;
		short fg, bg;
		attr_t extra;
	} pairs[] = {
		{ROLE_HEADING, COLOR_CYAN, -1, A_BOLD},  {ROLE_LABEL, COLOR_CYAN, -1, 0},
		{ROLE_DIM, COLOR_BLUE, -1, A_BOLD},      {ROLE_READY, COLOR_GREEN, -1, 0},
		{ROLE_WARN, COLOR_YELLOW, -1, 0},        {ROLE_UNKNOWN, COLOR_MAGENTA, -1, 0},
		{ROLE_BLOCKED, COLOR_RED, -1, A_BOLD},   {ROLE_MARK, COLOR_YELLOW, -1, A_BOLD},
		{ROLE_TITLE, COLOR_BLACK, COLOR_CYAN, 0}, {ROLE_TAB, COLOR_WHITE, COLOR_BLUE, A_BOLD},
		{ROLE_STATUS, COLOR_BLACK, COLOR_CYAN, 0}, {ROLE_MATCH, COLOR_BLACK, COLOR_YELLOW, 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		short pair = (short)(i + 1);
		if (pair >= COLOR_PAIRS)
			break;
		init_pair(pair, pairs[i].fg, pairs[i].bg);
		role_attr[pairs[i].role] = COLOR_PAIR(pair) | pairs[i].extra;
	}
}

/* The byte length of the next character of s and its screen width (*w); an
 * invalid byte counts as one column, as it is drawn as '?'. */
static size_t next_char(const char *s, size_t len, mbstate_t *st, int *w)
{
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, len, st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(st, 0, sizeof(*st));
		n = 1;
		wc = '?';
	}
	*w = wcwidth(wc);
	if (*w < 0)
		*w = 1;
	return n;
}

/* ---- drawing text ------------------------------------------------------------ */

int utf8_width(const char *s)
{
	int cols = 0;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t len = strlen(s);
	while (len > 0) {
		int w;
		size_t n = next_char(s, len, &st, &w);
		cols += w;
		s += n;
		len -= n;
	}
	return cols;
}

/* Puts bytes [s, s+len) at the cursor, skipping the first *skip columns and
 * stopping at *room columns; both are updated. */
static void put_text(const char *s, size_t len, attr_t attr, int *skip, int *room)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	while (len > 0 && *room > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			n = 1;
			wc = '?';
		}
		int w = wcwidth(wc);
		if (w < 0) {
			wc = '?';
			w = 1;
		}
		s += n;
		len -= n;
		if (*skip > 0) {
			*skip -= w;
			continue;
		}
		if (w > *room)
			break;
#ifdef HAVE_NCURSESW
		cchar_t cc;
		wchar_t wstr[2] = {wc, 0};
		setcchar(&cc, wstr, attr, PAIR_NUMBER(attr), NULL);
		wadd_wch(stdscr, &cc);
#else
		waddch(stdscr, (chtype)((wc < 0x80 ? wc : '?') | attr));
#endif
		*room -= w;
	}
}

static bool span_role(const struct tui_line *line, size_t at, enum role *role)
{
	for (size_t i = 0; i < line->n_spans; i++)
		if (at >= line->spans[i].start && at < (size_t)line->spans[i].start + line->spans[i].len) {
			*role = (enum role)line->spans[i].role;
			return true;
		}
	return false;
}

void view_draw_line_default(struct view *view, const struct tui_line *line, int row, int width,
			    bool selected)
{
	struct tui *tui = view->tui;
	const char *text = line->text;
	size_t len = strlen(text);
	/* The current search match is shown on the line, case-insensitively. */
	size_t match_at = len, match_len = 0;
	if (tui->search && *tui->search) {
		const char *m = strcasestr(text, tui->search);
		if (m) {
			match_at = (size_t)(m - text);
			match_len = strlen(tui->search);
		}
	}
	move(row, 0);
	int skip = view->hscroll, room = width;
	size_t at = 0;
	while (at < len && room > 0) {
		/* Runs of one role: cut at span edges and match edges. */
		enum role role = (enum role)line->role;
		span_role(line, at, &role);
		bool in_match = at >= match_at && at < match_at + match_len;
		size_t end = at + 1;
		while (end < len) {
			enum role r2 = (enum role)line->role;
			span_role(line, end, &r2);
			bool m2 = end >= match_at && end < match_at + match_len;
			if (r2 != role || m2 != in_match)
				break;
			end++;
		}
		attr_t attr = in_match ? role_attr[ROLE_MATCH] : role_attr[role];
		if (selected)
			attr = (attr & ~(attr_t)A_COLOR) | A_REVERSE;
		put_text(text + at, end - at, attr, &skip, &room);
		at = end;
	}
	attr_t fill = selected ? A_REVERSE : A_NORMAL;
	attrset(fill);
	while (room-- > 0)
		addch(' ' | fill);
	attrset(A_NORMAL);
}

void tui_put_mark(int row)
{
	mvaddch(row, 0, '*' | role_attr[ROLE_MARK]);
}

/* ---- lines ------------------------------------------------------------------ */

void lb_init(struct line_builder *b, long device)
{
	memset(b, 0, sizeof(*b));
	b->line.device = device;
	b->line.ref = -1;
}

static void lb_mark(struct line_builder *b, size_t start, enum role role)
{
	size_t len = b->sb.len - start;
	if (role == ROLE_NORMAL || len == 0 || b->line.n_spans >= LINE_MAX_SPANS || b->sb.len > 0xffff)
		return;
	struct span *s = &b->line.spans[b->line.n_spans++];
	s->start = (unsigned short)start;
	s->len = (unsigned short)len;
	s->role = (unsigned char)role;
}

void lb_add(struct line_builder *b, enum role role, const char *fmt, ...)
{
	size_t start = b->sb.len;
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_add(&b->sb, s);
	free(s);
	lb_mark(b, start, role);
}

void lb_field(struct line_builder *b, enum role role, const char *s, int cols)
{
	size_t start = b->sb.len;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t len = strlen(s);
	int used = 0;
	while (len > 0) {
		int w;
		size_t n = next_char(s, len, &st, &w);
		if (used + w > cols)
			break;
		sb_addn(&b->sb, s, n);
		used += w;
		s += n;
		len -= n;
	}
	/* The padding is not part of the text: an underline must not run on. */
	lb_mark(b, start, role);
	for (; used < cols; used++)
		sb_add(&b->sb, " ");
}

struct tui_line *lb_finish(struct view *view, struct line_builder *b, unsigned depth)
{
	struct tui_line *l = xappend(&view->lines, &view->n_lines, sizeof(*l));
	*l = b->line;
	l->text = sb_take(&b->sb);
	l->depth = (unsigned char)(depth > 255 ? 255 : depth);
	sb_free(&b->sb);
	return l;
}

struct tui_line *view_addf(struct view *view, unsigned depth, enum role role, const char *fmt, ...)
{
	struct line_builder b;
	lb_init(&b, -1);
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_add(&b.sb, s);
	free(s);
	b.line.role = (unsigned char)role;
	return lb_finish(view, &b, depth);
}

void view_add_blank(struct view *view, unsigned depth)
{
	view_addf(view, depth, ROLE_NORMAL, "%s", "");
}

void view_add_fact(struct view *view, const char *label, int label_cols, enum role role, const char *fmt,
		   ...)
{
	struct line_builder b;
	lb_init(&b, -1);
	lb_add(&b, ROLE_NORMAL, "  ");
	lb_field(&b, ROLE_LABEL, label, label_cols);
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	lb_add(&b, role, "%s", s);
	free(s);
	lb_finish(view, &b, 1);
}

void view_add_wrapped(struct view *view, unsigned depth, int indent, int width, const char *label,
		      const char *text, enum role role)
{
	if (width < indent + 20)
		width = indent + 20; /* a very narrow screen scrolls instead of wrapping to nothing */
	struct line_builder b;
	lb_init(&b, -1);
	lb_field(&b, ROLE_LABEL, label ? label : "", indent);
	int col = indent;
	bool empty = true;
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " ");
		char *word = xstrndup(p, n);
		int w = utf8_width(word);
		if (!empty && col + 1 + w > width) {
			lb_finish(view, &b, depth);
			lb_init(&b, -1);
			lb_field(&b, ROLE_NORMAL, "", indent);
			col = indent;
			empty = true;
		}
		lb_add(&b, role, "%s%s", empty ? "" : " ", word);
		col += w + (empty ? 0 : 1);
		empty = false;
		free(word);
		p += n;
	}
	lb_finish(view, &b, depth);
}

static void view_clear(struct view *view)
{
	for (size_t i = 0; i < view->n_lines; i++)
		free(view->lines[i].text);
	free(view->lines);
	free(view->visible);
	view->lines = NULL;
	view->visible = NULL;
	view->n_lines = view->n_visible = 0;
}

/* Which lines show, given the folds. */
static void view_compute_visible(struct view *view)
{
	free(view->visible);
	view->visible = xcalloc(view->n_lines ? view->n_lines : 1, sizeof(*view->visible));
	view->n_visible = 0;
	unsigned hide_below = 256; /* depth of an open fold, 256 = none */
	for (size_t i = 0; i < view->n_lines; i++) {
		const struct tui_line *l = &view->lines[i];
		if (hide_below != 256 && l->depth > hide_below)
			continue;
		hide_below = l->folded ? l->depth : 256;
		view->visible[view->n_visible++] = i;
	}
	if (view->selected >= view->n_visible)
		view->selected = view->n_visible ? view->n_visible - 1 : 0;
}

static bool line_has_children(const struct view *view, size_t index)
{
	return index + 1 < view->n_lines && view->lines[index + 1].depth > view->lines[index].depth;
}

const struct tui_line *view_selected_line(const struct view *view)
{
	if (view->n_visible == 0)
		return NULL;
	return &view->lines[view->visible[view->selected]];
}

static void view_select_index(struct view *view, size_t index)
{
	/* Unfold whatever hides the line, then put the cursor on it. */
	unsigned depth = view->lines[index].depth;
	for (size_t i = index; i-- > 0 && depth > 0;)
		if (view->lines[i].depth < depth) {
			view->lines[i].folded = false;
			depth = view->lines[i].depth;
		}
	view_compute_visible(view);
	for (size_t v = 0; v < view->n_visible; v++)
		if (view->visible[v] == index) {
			view->selected = v;
			break;
		}
}

bool view_select_device(struct view *view, long device)
{
	for (size_t i = 0; i < view->n_lines; i++)
		if (view->lines[i].device == device) {
			view_select_index(view, i);
			return true;
		}
	return false;
}

/* ---- shared helpers for views ---------------------------------------------- */

enum role role_of_verdict(enum verdict v)
{
	switch (v) {
	case VERDICT_READY:
		return ROLE_READY;
	case VERDICT_WARN:
		return ROLE_WARN;
	case VERDICT_UNKNOWN:
		return ROLE_UNKNOWN;
	case VERDICT_BLOCKED:
		return ROLE_BLOCKED;
	}
	return ROLE_NORMAL;
}

enum role role_of_severity(enum severity s)
{
	return role_of_verdict(verdict_of_severity(s));
}

const struct judged_device *tui_judged(const struct tui *tui, long device)
{
	if (device < 0 || (size_t)device >= tui->report->n_devices)
		return NULL;
	return tui->judged_of[device];
}

static int cmp_bdf(const void *key, const void *elem)
{
	return strcmp(key, ((const struct pci_device *)elem)->bdf);
}

long tui_device_by_bdf(const struct tui *tui, const char *bdf)
{
	const struct audit_report *r = tui->report;
	/* Devices are sorted by BDF, and fixed-width lower-case hex sorts as text. */
	const struct pci_device *d = bsearch(bdf, r->devices, r->n_devices, sizeof(*r->devices), cmp_bdf);
	return d ? (long)(d - r->devices) : -1;
}

/* pci.ids vendor names carry company suffixes ("NVIDIA Corporation") or a
 * short name in brackets ("Advanced Micro Devices, Inc. [AMD/ATI]"); a line
 * of 80 columns is better spent on the device's own name. Display only. */
static void short_vendor(const char *vendor, char *out, size_t size)
{
	const char *open = strrchr(vendor, '[');
	const char *close = open ? strchr(open, ']') : NULL;
	if (open && close && close > open + 1 && close[1] == '\0') {
		snprintf(out, size, "%.*s", (int)(close - open - 1), open + 1);
		return;
	}
	snprintf(out, size, "%s", vendor);
	static const char *const suffixes[] = {" Corporation", " Corp.", ", Inc.", " Inc.", " Co., Ltd.",
					       " Co., Ltd", " Limited", " Ltd.", " GmbH", " AG"};
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t n = strlen(out), k = strlen(suffixes[i]);
		if (n > k && !strcmp(out + n - k, suffixes[i])) {
			out[n - k] = '\0';
			break;
		}
	}
}

const char *tui_device_name(const struct pci_device *d, char *buf, size_t size)
{
	char vendor[128];
	if (!d->vendor_name)
		snprintf(vendor, sizeof(vendor), "[%04x]", d->vendor_id);
	else
		short_vendor(d->vendor_name, vendor, sizeof(vendor));
	/* Not in pci.ids: the numbers are the name lspci -nn would print. */
	if (!d->device_name && !d->vendor_name)
		snprintf(buf, size, "[%04x:%04x]", d->vendor_id, d->device_id);
	else if (!d->device_name)
		snprintf(buf, size, "%s [%04x:%04x]", vendor, d->vendor_id, d->device_id);
	else
		snprintf(buf, size, "%s %s", vendor, d->device_name);
	return buf;
}

const char *tui_acs_bits(uint16_t bits, char *buf, size_t size)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} names[] = {{ACS_SV, "SV"}, {ACS_TB, "TB"}, {ACS_RR, "RR"}, {ACS_CR, "CR"},
		     {ACS_UF, "UF"}, {ACS_EC, "EC"}, {ACS_DT, "DT"}};
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (bits & names[i].bit) {
			size_t used = strlen(buf);
			snprintf(buf + used, size - used, "%s%s", used ? " " : "", names[i].name);
		}
	if (!buf[0])
		snprintf(buf, size, "none");
	return buf;
}

const char *tui_acs_short(const struct tui *tui, long device, enum role *role)
{
	const struct audit_report *r = tui->report;
	const struct group_prediction *g = &r->groups;
	if (device < 0 || (size_t)device >= r->n_devices || !g->acs || (size_t)device >= g->n_devices)
		return NULL;
	const struct pci_device *d = &r->devices[device];
	/* ACS decides isolation below bridges and between functions of one slot. */
	if (d->caps.header_layout != 1 && !d->multifunction)
		return NULL;
	const struct acs_verdict *v = &g->acs[device];
	*role = v->ok == TRI_YES ? ROLE_READY : v->ok == TRI_NO ? ROLE_WARN : ROLE_UNKNOWN;
	if (v->ok == TRI_YES)
		return v->quirk ? "quirk" : "ok";
	if (v->ok == TRI_UNKNOWN)
		return "?";
	return d->caps.acs.present == TRI_YES ? "partial" : "none";
}

const char *tui_or_unknown(const char *s)
{
	return s && *s ? s : "unknown";
}

/* ---- the screen ------------------------------------------------------------- */

static struct view *current_view(struct tui *tui)
{
	return &tui->views[tui->stack[tui->depth - 1]];
}

static int body_rows(void)
{
	return LINES > 2 ? LINES - 2 : 1;
}

static void ensure_built(struct view *view)
{
	if (!view->stale)
		return;
	const struct tui_line *sel = view_selected_line(view);
	long keep_device = sel ? sel->device : -1;
	size_t keep_pos = view->selected;
	/* Folds survive a rebuild (a resize re-wraps text) when the lines are the same. */
	size_t n_old = view->n_lines;
	bool *old_folds = xcalloc(n_old ? n_old : 1, sizeof(bool));
	for (size_t i = 0; i < n_old; i++)
		old_folds[i] = view->lines[i].folded;
	view_clear(view);
	view->ops->build(view, COLS);
	if (view->n_lines == n_old)
		for (size_t i = 0; i < n_old; i++)
			view->lines[i].folded = old_folds[i];
	free(old_folds);
	view->stale = false;
	view->selected = keep_pos;
	view_compute_visible(view);
	if (keep_device >= 0)
		view_select_device(view, keep_device);
}

static void clamp_scroll(struct view *view)
{
	int rows = body_rows();
	if (view->selected < view->top)
		view->top = view->selected;
	if (view->selected >= view->top + (size_t)rows)
		view->top = view->selected - (size_t)rows + 1;
	if (view->n_visible > (size_t)rows && view->top > view->n_visible - (size_t)rows)
		view->top = view->n_visible - (size_t)rows;
	if (view->n_visible <= (size_t)rows)
		view->top = 0;
}

static void draw_title(struct tui *tui)
{
	enum view_id shown = tui->stack[tui->depth - 1];
	move(0, 0);
	attrset(role_attr[ROLE_TITLE]);
	int col = 0;
	for (int v = 0; v < VIEW_TABS && col < COLS; v++) {
		char tab[32];
		int n = snprintf(tab, sizeof(tab), " %d %s ", v + 1, tui->views[v].ops->name);
		attrset(v == (int)shown ? role_attr[ROLE_TAB] : role_attr[ROLE_TITLE]);
		addnstr(tab, COLS - col);
		col += n;
	}
	attrset(role_attr[ROLE_TITLE]);
	while (col++ < COLS)
		addch(' ');
	attrset(A_NORMAL);
}

static char status_message[256];

static void set_message(const char *fmt, ...) IA_PRINTF(1, 2);
static void set_message(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(status_message, sizeof(status_message), fmt, ap);
	va_end(ap);
}

static void draw_status(struct tui *tui, const char *prompt)
{
	struct view *view = current_view(tui);
	char left[300], right[64];
	if (prompt)
		snprintf(left, sizeof(left), "%s", prompt);
	else if (status_message[0])
		snprintf(left, sizeof(left), "%s", status_message);
	else
		snprintf(left, sizeof(left), "[%s]", view->ops->name);
	snprintf(right, sizeof(right), "%zu/%zu  ?:help q:%s", view->n_visible ? view->selected + 1 : 0,
		 view->n_visible, tui->depth > 1 ? "back" : "quit");
	move(LINES - 1, 0);
	attrset(role_attr[ROLE_STATUS]);
	int skip = 0, room = COLS;
	put_text(left, strlen(left), role_attr[ROLE_STATUS], &skip, &room);
	int rlen = (int)strlen(right);
	int pad = room - rlen;
	if (prompt) {
		/* The cursor stays at the end of what is typed. */
		int y, x;
		getyx(stdscr, y, x);
		while (room-- > 0)
			addch(' ' | role_attr[ROLE_STATUS]);
		move(y, x);
		attrset(A_NORMAL);
		return;
	}
	while (pad-- > 1 && room > 0) {
		addch(' ' | role_attr[ROLE_STATUS]);
		room--;
	}
	if (room > rlen) {
		addch(' ' | role_attr[ROLE_STATUS]);
		room--;
	}
	if (room >= rlen)
		addstr(right);
	else
		while (room-- > 0)
			addch(' ' | role_attr[ROLE_STATUS]);
	attrset(A_NORMAL);
}

static void draw_body(struct tui *tui)
{
	struct view *view = current_view(tui);
	ensure_built(view);
	clamp_scroll(view);
	int rows = body_rows();
	for (int r = 0; r < rows; r++) {
		size_t v = view->top + (size_t)r;
		if (v >= view->n_visible) {
			move(r + 1, 0);
			clrtoeol();
			continue;
		}
		const struct tui_line *line = &view->lines[view->visible[v]];
		bool selected = v == view->selected;
		if (view->ops->draw_line)
			view->ops->draw_line(view, line, r + 1, COLS, selected);
		else
			view_draw_line_default(view, line, r + 1, COLS, selected);
	}
}

static void draw_screen(struct tui *tui, const char *prompt)
{
	draw_title(tui);
	draw_body(tui);
	draw_status(tui, prompt);
	if (!prompt)
		move(LINES - 1, COLS - 1);
	wnoutrefresh(stdscr);
	doupdate();
}

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

#define KEY_SCRIPT_END (KEY_MAX + 1)

static struct script script;

static void bench_redraw(struct tui *tui, long count);

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
static int tui_get_input(struct tui *tui)
{
	if (script.file)
		return script_next_key(tui);
	for (;;) {
		int key = getch();
		if (key != ERR)
			return key;
	}
}

static void on_resize(struct tui *tui)
{
	for (int v = 0; v < VIEW__COUNT; v++)
		tui->views[v].stale = true;
	clear();
}

/* Reads a line on the status row (search text). NULL if cancelled. */
static char *prompt_read(struct tui *tui, const char *prefix)
{
	struct strbuf sb = {0};
	sb_add(&sb, "");
	for (;;) {
		char *shown = xasprintf("%s%s", prefix, sb.s);
		draw_screen(tui, shown);
		free(shown);
		int key = tui_get_input(tui);
		if (key == '\n' || key == '\r' || key == KEY_ENTER)
			return sb_take(&sb);
		if (key == 0x1b || key == KEY_SCRIPT_END) {
			sb_free(&sb);
			return NULL;
		}
		if (key == KEY_RESIZE) {
			on_resize(tui);
		} else if (key == KEY_BACKSPACE || key == 0x7f || key == 0x08) {
			/* Back over one whole UTF-8 character. */
			while (sb.len > 0 && ((unsigned char)sb.s[sb.len - 1] & 0xc0) == 0x80)
				sb.s[--sb.len] = '\0';
			if (sb.len > 0)
				sb.s[--sb.len] = '\0';
		} else if (key >= ' ' && key < 0x100 && key != 0x7f) {
			char c = (char)key;
			sb_addn(&sb, &c, 1);
		}
	}
}

static void find(struct tui *tui, bool forward)
{
	struct view *view = current_view(tui);
	if (!tui->search || !*tui->search) {
		set_message("no search yet: press / to search");
		return;
	}
	ensure_built(view);
	if (view->n_lines == 0)
		return;
	size_t from = view->n_visible ? view->visible[view->selected] : 0;
	/* Searches every line, folded ones too: a match unfolds what hides it. */
	for (size_t step = 1; step <= view->n_lines; step++) {
		size_t i = forward ? (from + step) % view->n_lines : (from + view->n_lines - step) % view->n_lines;
		if (strcasestr(view->lines[i].text, tui->search)) {
			view_select_index(view, i);
			bool wrapped = forward ? i <= from : i >= from;
			if (wrapped)
				set_message("search wrapped: %s", tui->search);
			return;
		}
	}
	set_message("not found: %s", tui->search);
}

/* ---- views ------------------------------------------------------------------ */

static void push_view(struct tui *tui, enum view_id id)
{
	/* Going to a view already in the history goes back to it, so the history
	 * stays short and 'q' retraces the way. */
	for (int i = 0; i < tui->depth; i++)
		if (tui->stack[i] == id) {
			tui->depth = i + 1;
			return;
		}
	tui->stack[tui->depth++] = id;
}

void tui_open_device(struct tui *tui, long device)
{
	tui->device = device;
	tui->views[VIEW_DEVICE].stale = true;
	tui->views[VIEW_DEVICE].selected = 0;
	tui->views[VIEW_DEVICE].top = 0;
	tui->views[VIEW_DEVICE].hscroll = 0;
	/* A new device starts unfolded. */
	view_clear(&tui->views[VIEW_DEVICE]);
	push_view(tui, VIEW_DEVICE);
}

static void move_selection(struct view *view, long delta)
{
	if (view->n_visible == 0)
		return;
	long pos = (long)view->selected + delta;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)view->n_visible)
		pos = (long)view->n_visible - 1;
	view->selected = (size_t)pos;
}

static void set_fold(struct view *view, bool fold)
{
	if (view->n_visible == 0)
		return;
	size_t index = view->visible[view->selected];
	struct tui_line *l = &view->lines[index];
	if (line_has_children(view, index) && l->folded != fold) {
		l->folded = fold;
		view_compute_visible(view);
		return;
	}
	/* Left on a line that is not an open fold goes to the line it belongs to. */
	if (fold)
		for (size_t i = index; i-- > 0;)
			if (view->lines[i].depth < l->depth) {
				view_select_index(view, i);
				return;
			}
}

/* Returns false to quit. */
static bool handle_action(struct tui *tui, enum action action)
{
	struct view *view = current_view(tui);
	ensure_built(view);
	if (view->ops->on_key && view->ops->on_key(view, action) == KEY_HANDLED)
		return true;
	int page = body_rows();
	switch (action) {
	case ACTION_NONE:
		break;
	case ACTION_MOVE_UP:
		move_selection(view, -1);
		break;
	case ACTION_MOVE_DOWN:
		move_selection(view, 1);
		break;
	case ACTION_PAGE_UP:
		move_selection(view, -page);
		view->top = view->top > (size_t)page ? view->top - (size_t)page : 0;
		break;
	case ACTION_PAGE_DOWN:
		move_selection(view, page);
		view->top += (size_t)page;
		break;
	case ACTION_MOVE_FIRST:
		view->selected = 0;
		break;
	case ACTION_MOVE_LAST:
		move_selection(view, (long)view->n_visible);
		break;
	case ACTION_ENTER: {
		const struct tui_line *l = view_selected_line(view);
		if (!l)
			break;
		size_t index = view->visible[view->selected];
		if (l->device >= 0 && tui->stack[tui->depth - 1] != VIEW_DEVICE)
			tui_open_device(tui, l->device);
		else if (line_has_children(view, index))
			set_fold(view, !l->folded);
		else if (l->device >= 0 && l->device != tui->device)
			tui_open_device(tui, l->device);
		break;
	}
	case ACTION_FOLD:
		set_fold(view, true);
		break;
	case ACTION_UNFOLD:
		set_fold(view, false);
		break;
	case ACTION_SCROLL_LEFT:
		view->hscroll = view->hscroll > 8 ? view->hscroll - 8 : 0;
		break;
	case ACTION_SCROLL_RIGHT:
		if (view->hscroll < 4000)
			view->hscroll += 8;
		break;
	case ACTION_NEXT_VIEW:
	case ACTION_PREV_VIEW: {
		enum view_id cur = tui->stack[tui->depth - 1];
		if (cur >= VIEW_TABS)
			cur = VIEW_SUMMARY;
		int step = action == ACTION_NEXT_VIEW ? 1 : VIEW_TABS - 1;
		push_view(tui, (enum view_id)((cur + step) % VIEW_TABS));
		break;
	}
	case ACTION_VIEW_SUMMARY:
	case ACTION_VIEW_TREE:
	case ACTION_VIEW_GROUPS:
	case ACTION_VIEW_DEVICE:
	case ACTION_VIEW_ACPI:
		push_view(tui, (enum view_id)(VIEW_SUMMARY + (action - ACTION_VIEW_SUMMARY)));
		break;
	case ACTION_SEARCH: {
		char *text = prompt_read(tui, "/");
		if (text && *text) {
			free(tui->search);
			tui->search = text;
			find(tui, true);
		} else {
			free(text);
		}
		break;
	}
	case ACTION_FIND_NEXT:
		find(tui, true);
		break;
	case ACTION_FIND_PREV:
		find(tui, false);
		break;
	case ACTION_HELP:
		push_view(tui, VIEW_HELP);
		break;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACTION_BACK:
		if (tui->depth <= 1)
			return false;
		tui->depth--;
		break;
	case ACTION_QUIT:
		return false;
	case ACTION__COUNT:
		break;
	}
	return true;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* For make bench: a full redraw is what a key press costs at worst: every row
 * drawn again and the whole screen sent to the terminal. */
static void bench_redraw(struct tui *tui, long count)
{
	struct view *view = current_view(tui);
	double t0 = now_seconds();
	view->stale = true;
	ensure_built(view);
	double t1 = now_seconds();
	for (long i = 0; i < count; i++) {
		/* Move the cursor so each pass draws different rows, as scrolling does. */
		move_selection(view, (i / (long)view->n_visible) % 2 ? -1 : 1);
		clearok(curscr, TRUE);
		draw_screen(tui, NULL);
	}
	double t2 = now_seconds();
	fprintf(stderr, "bench: %zu lines, %dx%d; build %.1f us; redraw %.1f us each over %ld\n",
		view->n_lines, COLS, LINES, (t1 - t0) * 1e6, (t2 - t1) * 1e6 / (double)count, count);
}

/* ---- setup and the loop ----------------------------------------------------- */

static bool start_curses(const struct tui_options *opts)
{
	const char *term = getenv("TERM");
	if (opts->no_display) {
		/* Tests: curses keeps its virtual screen, the output goes nowhere, and
		 * the size comes from LINES and COLUMNS. */
		screen_out = fopen("/dev/null", "w");
		screen_in = fopen("/dev/null", "r");
		if (!screen_out || !screen_in)
			return false;
		screen = newterm(term, screen_out, screen_in);
	} else {
		screen = newterm(term, stdout, stdin);
	}
	if (!screen)
		return false;
	set_term(screen);
	curses_active = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Esc alone (cancel a search) should not wait a second for a sequence. */
	set_escdelay(50);
	curs_set(0);
	setup_roles();
	return true;
}

static const struct view_ops *const all_view_ops[VIEW__COUNT] = {
	[VIEW_SUMMARY] = &summary_view_ops, [VIEW_TREE] = &tree_view_ops,
	[VIEW_GROUPS] = &groups_view_ops,   [VIEW_DEVICE] = &device_view_ops,
	[VIEW_ACPI] = &acpi_view_ops,       [VIEW_HELP] = &help_view_ops,
};

int tui_run(const struct audit_report *report, const struct acpi_tables *acpi,
	    const struct tui_options *opts)
{
	struct tui tui;
	memset(&tui, 0, sizeof(tui));
	tui.report = report;
	tui.acpi = acpi;
	tui.device = report->n_judged ? (long)report->judged[0].pci_index : -1;
	tui.judged_of = xcalloc(report->n_devices ? report->n_devices : 1, sizeof(*tui.judged_of));
	for (size_t i = 0; i < report->n_judged; i++)
		if (report->judged[i].pci_index < report->n_devices)
			tui.judged_of[report->judged[i].pci_index] = &report->judged[i];
	for (int v = 0; v < VIEW__COUNT; v++) {
		tui.views[v].ops = all_view_ops[v];
		tui.views[v].tui = &tui;
		tui.views[v].stale = true;
	}
	tui.stack[0] = VIEW_SUMMARY;
	tui.depth = 1;

	setlocale(LC_ALL, "");
	tui.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	memset(&script, 0, sizeof(script));
	if (opts->script) {
		script.file = fopen(opts->script, "r");
		if (!script.file) {
			fprintf(stderr, "iommu-audit: cannot read the test script %s: %s\n", opts->script,
				strerror(errno));
			free(tui.judged_of);
			return 2;
		}
	}

	install_handlers(true);
	atexit(restore_at_exit);
	hold_stderr();
	int status = 0;
	if (!start_curses(opts)) {
		restore_terminal();
		fprintf(stderr, "iommu-audit: cannot start the browser on this terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		status = 2;
	} else {
		bool running = true;
		while (running) {
			draw_screen(&tui, NULL);
			int key = tui_get_input(&tui);
			status_message[0] = '\0';
			if (key == KEY_SCRIPT_END)
				break;
			if (key == KEY_RESIZE) {
				on_resize(&tui);
				continue;
			}
			running = handle_action(&tui, action_of_key(key));
		}
		restore_terminal();
	}
	install_handlers(false);
	free_screen();
	if (script.failed)
		status = 2;
	if (script.file)
		fclose(script.file);
	free(script.pending);
	memset(&script, 0, sizeof(script));
	for (int v = 0; v < VIEW__COUNT; v++)
		view_clear(&tui.views[v]);
	free(tui.judged_of);
	free(tui.search);
	return status;
}
