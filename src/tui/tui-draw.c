/* Drawing: colour roles and UTF-8 text clipped to a width, for every view. */
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


/* ---- colours ---------------------------------------------------------------- */

attr_t role_attr[ROLE__COUNT];

void setup_roles(void)
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
size_t next_char(const char *s, size_t len, mbstate_t *st, int *w)
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
void put_text(const char *s, size_t len, attr_t attr, int *skip, int *room)
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

