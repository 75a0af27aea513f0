#include "config.h"

#include "provide-curses.h"
#include "view.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Reads curses' idea of the screen back, row by row, so tests can compare what
 * a user would see without a terminal. Colours are not kept: every role is also
 * spelt out in words, so the text is what matters. */
int screen_dump(const char *path)
{
	FILE *out = fopen(path, "w");
	if (!out)
		return -1;
	int cols = COLS;
	for (int y = 0; y < LINES; y++) {
		char *row = xmalloc((size_t)cols * MB_LEN_MAX + 1);
		size_t len = 0;
#ifdef HAVE_NCURSESW
		wchar_t *wrow = xcalloc((size_t)cols + 1, sizeof(wchar_t));
		/* winnwstr skips the continuation cells of double-width characters. */
		int n = mvwinnwstr(stdscr, y, 0, wrow, cols);
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		for (int i = 0; i < n && wrow[i]; i++) {
			size_t k = wcrtomb(row + len, wrow[i], &st);
			if (k == (size_t)-1) {
				memset(&st, 0, sizeof(st));
				row[len] = '?';
				k = 1;
			}
			len += k;
		}
		free(wrow);
#else
		int n = mvwinnstr(stdscr, y, 0, row, cols);
		len = n > 0 ? (size_t)n : 0;
#endif
		while (len > 0 && row[len - 1] == ' ')
			len--;
		row[len] = '\0';
		fprintf(out, "%s\n", row);
		free(row);
	}
	int err = ferror(out);
	if (fclose(out) != 0 || err) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* One hex digit per cell: bold 1, underline 2, reverse 4, any colour 8; '.'
 * for none. It lets a test check that a screen reads without colour (verdicts
 * in bold or underline, the cursor in reverse) and where the cursor is. */
int screen_dump_attrs(const char *path)
{
	FILE *out = fopen(path, "w");
	if (!out)
		return -1;
	int cols = COLS;
	char *row = xmalloc((size_t)cols + 1);
	for (int y = 0; y < LINES; y++) {
		int len = 0;
		for (int x = 0; x < cols; x++) {
			attr_t attr;
#ifdef HAVE_NCURSESW
			cchar_t cell;
			wchar_t wch[CCHARW_MAX + 1];
			short pair;
			if (mvwin_wch(stdscr, y, x, &cell) == ERR || getcchar(&cell, wch, &attr, &pair, NULL) == ERR)
				attr = A_NORMAL, pair = 0;
#else
			chtype ch = mvwinch(stdscr, y, x);
			attr = ch & A_ATTRIBUTES;
			short pair = (short)PAIR_NUMBER(attr);
#endif
			int code = ((attr & A_BOLD) ? 1 : 0) | ((attr & A_UNDERLINE) ? 2 : 0) |
				   ((attr & A_REVERSE) ? 4 : 0) | (pair ? 8 : 0);
			row[x] = code ? "0123456789abcdef"[code] : '.';
			if (code)
				len = x + 1;
		}
		row[len] = '\0';
		fprintf(out, "%s\n", row);
	}
	free(row);
	int err = ferror(out);
	if (fclose(out) != 0 || err) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
