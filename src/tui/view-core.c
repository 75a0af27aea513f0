/* The view core every view builds on: lines, folds, selection, and the small
 * helpers views share (device names, ACS labels, verdict roles). */
#include "config.h"

#include "provide-curses.h"
#include "tui.h"
#include "view.h"
#include "topology.h"
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

static int word_columns(const char *word, size_t len)
{
	char *s = xstrndup(word, len);
	int w = utf8_width(s);
	free(s);
	return w;
}

void view_add_wrapped(struct view *view, unsigned depth, int indent, int width, const char *label,
		      const char *text, enum role role)
{
	if (width < indent + 20)
		width = indent + 20; /* a very narrow screen scrolls instead of wrapping to nothing */
	struct line_builder b;
	lb_init(&b, -1);
	lb_field(&b, ROLE_LABEL, label ? label : "", indent);
	struct word_wrap w;
	word_wrap_init(&w, text, indent, width, indent, word_columns);
	const char *word;
	size_t n;
	bool new_line, space;
	while (word_wrap_next(&w, &word, &n, &new_line, &space)) {
		if (new_line) {
			lb_finish(view, &b, depth);
			lb_init(&b, -1);
			lb_field(&b, ROLE_NORMAL, "", indent);
		}
		lb_add(&b, role, "%s%.*s", space ? " " : "", (int)n, word);
	}
	lb_finish(view, &b, depth);
}

void view_clear(struct view *view)
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
void view_compute_visible(struct view *view)
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

bool line_has_children(const struct view *view, size_t index)
{
	return index + 1 < view->n_lines && view->lines[index + 1].depth > view->lines[index].depth;
}

static bool heading_at(const struct view *view, size_t pos)
{
	return view->lines[view->visible[pos]].heading;
}

void view_skip_heading(struct view *view, int dir)
{
	if (view->n_visible == 0 || !heading_at(view, view->selected))
		return;
	for (int pass = 0; pass < 2; pass++, dir = -dir) {
		size_t pos = view->selected;
		while (heading_at(view, pos) && (dir > 0 ? pos + 1 < view->n_visible : pos > 0))
			pos = dir > 0 ? pos + 1 : pos - 1;
		if (!heading_at(view, pos)) {
			view->selected = pos;
			return;
		}
	}
}

const struct tui_line *view_selected_line(const struct view *view)
{
	if (view->n_visible == 0)
		return NULL;
	return &view->lines[view->visible[view->selected]];
}

void view_select_index(struct view *view, size_t index)
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

long tui_device_by_bdf(const struct tui *tui, const char *bdf)
{
	return topology_find(tui->report->devices, tui->report->n_devices, bdf);
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
	acs_bits_text(bits, buf, size);
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

