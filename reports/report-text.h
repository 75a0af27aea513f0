/* The text report: a short summary (host, CPU, firmware, kernel, one line per
 * judged device), then the details of each device with its reasons and remedies.
 * Fits 80 columns; colour only when asked (a terminal without NO_COLOR). */
#ifndef IA_REPORT_TEXT_H
#define IA_REPORT_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

struct text_options {
	bool color;
	bool verbose;        /* add the evidence of each finding */
	bool hv_all;         /* show every hypervisor, not only hv */
	enum hypervisor hv;  /* the profile the summary line shows */
};

void report_text(FILE *out, const struct audit_report *r, const struct text_options *opt);
/* "Vendor Device" from pci.ids; where it has no name, the ids, as lspci does. */
void report_device_label(const struct pci_device *d, char *out, size_t size);

/* Writes text wrapped at width columns; continuation lines are indented by
 * indent spaces. col is the column the cursor is at now, or -1 at the start of
 * a line that still needs its indent. */
void text_wrap(FILE *out, const char *text, int indent, int width, int col);

#endif
