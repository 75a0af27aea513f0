#include "config.h"

#include "provide-curses.h"
#include "view.h"

#include <stdio.h>
#include <string.h>

/* Made from actions.def, so the help always matches the keymap. */
static void help_build(struct view *view, int width)
{
	view_addf(view, 0, ROLE_HEADING, "Keys");
	for (int a = 1; a < ACTION__COUNT; a++) {
		const struct action_info *info = action_info((enum action)a);
		char keys[64] = "", buf[16];
		for (int k = 0; k < 3; k++) {
			if (!info->keys[k])
				continue;
			/* Return and the keypad's Enter do what Enter does; say it once. */
			if (info->keys[k] == '\r' || info->keys[k] == KEY_ENTER)
				continue;
			if (keys[0])
				strncat(keys, " ", sizeof(keys) - strlen(keys) - 1);
			strncat(keys, key_label(info->keys[k], buf, sizeof(buf)), sizeof(keys) - strlen(keys) - 1);
		}
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_NORMAL, "  ");
		lb_field(&b, ROLE_LABEL, keys, 16);
		lb_add(&b, ROLE_NORMAL, "%s", info->help);
		lb_finish(view, &b, 1);
	}
	view_add_blank(view, 0);
	view_addf(view, 0, ROLE_HEADING, "Verdicts (words and colours)");
	static const struct {
		enum verdict v;
		const char *meaning;
	} verdicts[] = {
		{VERDICT_READY, "it will work"},
		{VERDICT_WARN, "it should work, with a named risk or manual step"},
		{VERDICT_UNKNOWN, "the tool could not see enough (the finding says what)"},
		{VERDICT_BLOCKED, "it will not work until the named thing changes"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(verdicts); i++) {
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_NORMAL, "  ");
		lb_field(&b, role_of_verdict(verdicts[i].v), verdict_name(verdicts[i].v), 16);
		lb_add(&b, ROLE_NORMAL, "%s", verdicts[i].meaning);
		lb_finish(view, &b, 1);
	}
	view_add_blank(view, 0);
	view_addf(view, 0, ROLE_HEADING, "Marks");
	view_add_wrapped(view, 1, 18, width, "  *",
			 "in the tree: the device shares an IOMMU group with the device under the cursor", ROLE_NORMAL);
	view_add_wrapped(view, 1, 18, width, "  gN",
			 "the IOMMU group the kernel put the device in (- when it has none)", ROLE_NORMAL);
	view_add_wrapped(view, 1, 18, width, "  ACS",
			 "for bridges and multifunction devices: ok (isolates), partial (bits missing), none (no ACS capability), quirk (the kernel trusts it), ? (unreadable)",
			 ROLE_NORMAL);
}

const struct view_ops help_view_ops = {
	.name = "Help",
	.build = help_build,
};
