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
#include <sys/mman.h>
#include <unistd.h>
#include <wchar.h>


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
	/* In memory: the browser writes no file anywhere. */
	int fd = memfd_create("iommu-audit-stderr", MFD_CLOEXEC);
	if (fd < 0)
		return; /* not fatal: messages then go to the screen */
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
	else if (view->start_on_device && view->tui->device >= 0)
		view_select_device(view, view->tui->device);
	view->start_on_device = false;
	view_skip_heading(view, 1);
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

void draw_screen(struct tui *tui, const char *prompt)
{
	draw_title(tui);
	draw_body(tui);
	draw_status(tui, prompt);
	if (!prompt)
		move(LINES - 1, COLS - 1);
	wnoutrefresh(stdscr);
	doupdate();
}


void on_resize(struct tui *tui)
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
		if (!view->lines[i].heading && strcasestr(view->lines[i].text, tui->search)) {
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
	view_skip_heading(view, delta < 0 ? -1 : 1);
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
		view_skip_heading(view, 1);
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
void bench_redraw(struct tui *tui, long count)
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
	/* The browser opens on the first GPU: what the user came to look at. */
	tui.views[VIEW_SUMMARY].start_on_device = true;

	setlocale(LC_ALL, "");
	tui.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (opts->script && !script_open(opts->script)) {
		free(tui.judged_of);
		return 2;
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
	if (!script_close())
		status = 2;
	for (int v = 0; v < VIEW__COUNT; v++)
		view_clear(&tui.views[v]);
	free(tui.judged_of);
	free(tui.search);
	return status;
}
