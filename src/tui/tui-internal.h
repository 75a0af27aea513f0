/* What the browser's own modules share and nothing outside src/tui sees: the loop
 * (tui.c), drawing (tui-draw.c), the view core (view-core.c) and the key script
 * (tui-script.c). */
#ifndef IA_TUI_INTERNAL_H
#define IA_TUI_INTERNAL_H

#include "provide-curses.h"
#include "view.h"

#include <wchar.h>

/* The key a script returns when it ends or fails: the loop quits. */
#define KEY_SCRIPT_END (KEY_MAX + 1)

/* tui-draw.c */
extern attr_t role_attr[ROLE__COUNT];
void setup_roles(void);
/* The next character of S (LEN bytes left): its length in bytes (0 at the end) and
 * its width in columns in *w. */
size_t next_char(const char *s, size_t len, mbstate_t *st, int *w);
/* Draws LEN bytes of S with ATTR, first skipping *skip columns, within *room. */
void put_text(const char *s, size_t len, attr_t attr, int *skip, int *room);

/* view-core.c */
void view_clear(struct view *view);
void view_compute_visible(struct view *view);
bool line_has_children(const struct view *view, size_t index);
void view_select_index(struct view *view, size_t index);

/* tui-script.c: opens the test script (false, with a message, if it cannot);
 * closes it, returning whether every command succeeded. */
bool script_open(const char *path);
bool script_close(void);
int tui_get_input(struct tui *tui);

/* tui.c, for the script */
void draw_screen(struct tui *tui, const char *prompt);
void on_resize(struct tui *tui);
void bench_redraw(struct tui *tui, long count);

#endif
