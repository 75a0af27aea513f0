/* Names of PCI vendors, devices and classes from the text of a pci.ids file,
 * for just the IDs a scan found: one pass over the text, memory for the
 * requested IDs only (libpci's pci_lookup_name loads and hashes all of it).
 * The names are byte-for-byte those of pci_lookup_name() with
 * PCI_LOOKUP_NO_NUMBERS (tests/unit/test-pciids.c compares the two). */
#ifndef IA_PCI_IDS_H
#define IA_PCI_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one PCI function needs named. class16 is the class code without its
 * programming interface: base << 8 | subclass. */
struct pci_ids_want {
	uint16_t vendor, device, class16;
};

/* Its names, each allocated, or NULL where pci.ids has none. For the class:
 * the subclass's name, else "BaseName [bbss]", else NULL. A name longer than
 * 511 bytes is cut to 508 bytes and "...", as libpci's 512-byte buffer cuts it. */
struct pci_ids_names {
	char *vendor, *device, *class_name;
};

/* Where the text is malformed: its line number (from 1) and what is wrong. */
struct pci_ids_error {
	size_t line;
	const char *what;
};

/* Fills out[i] for want[i] (n of them) from the pci.ids text (text, len),
 * which need not be NUL-terminated and is never read past len. Returns false
 * at the first malformed line it reads, with *err saying where; the names from
 * the lines before it are kept in out. Lines inside the blocks of vendors none
 * of want has are skipped unread, so their faults go unnoticed. When an entry
 * appears twice, the first one counts (libpci refuses such a file). */
bool pci_ids_lookup(const char *text, size_t len, const struct pci_ids_want *want, size_t n,
		    struct pci_ids_names *out, struct pci_ids_error *err);
void pci_ids_names_free(struct pci_ids_names *names, size_t n);

#endif
