/* The one place the browser gets curses from. ncursesw is preferred (device
 * and vendor names are UTF-8); plain ncurses is a fallback that draws ASCII. */
#ifndef IA_PROVIDE_CURSES_H
#define IA_PROVIDE_CURSES_H

#ifdef HAVE_NCURSESW
/* Ask for the wide-character API (cchar_t, wadd_wch, winnwstr). */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#else
#include <curses.h>
#endif

#endif
