/* The browser's actions and the keys bound to them: one table, from actions.def,
 * read by the loop, the help view and the test script. */
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

