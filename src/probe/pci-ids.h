/* Names of PCI vendors, devices and classes from the text of a pci.ids file,
 * for just the IDs a scan found: one pass over the text, memory for the
 * requested IDs only (libpci's pci_lookup_name loads and hashes all of it),
 * the file read in pieces.
 * The names are byte-for-byte those of pci_lookup_name() with
 * PCI_LOOKUP_NO_NUMBERS (tests/unit/test-pciids.c compares the two). */
#ifndef IA_PCI_IDS_H
#define IA_PCI_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A lookup in progress. */
struct pci_ids;

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

/* A lookup for n functions' IDs (want[i]), over the text of pci.ids handed
 * in pieces of any size (a line may be split between two): one pass, memory
 * for the requested IDs and one line. No piece is read past its length.
 * Reading stops at the first malformed line; the names from the lines before
 * it are kept. Lines inside the blocks of vendors none of want has are skipped
 * unread, so their faults go unnoticed. When an entry appears twice, the first
 * one counts (libpci refuses such a file). */
struct pci_ids *pci_ids_new(const struct pci_ids_want *want, size_t n);
/* Returns false once a malformed line has stopped the reading. */
bool pci_ids_feed(struct pci_ids *ids, const char *text, size_t len);
/* After the last piece: false when a line was malformed, with *err saying
 * where. */
bool pci_ids_finish(struct pci_ids *ids, struct pci_ids_error *err);
/* Then the names of one of the IDs asked for (others have none). */
void pci_ids_names_of(const struct pci_ids *ids, const struct pci_ids_want *want, struct pci_ids_names *out);
void pci_ids_free(struct pci_ids *ids);
/* All of it for the whole text at once: out[i] for want[i]. */
bool pci_ids_lookup(const char *text, size_t len, const struct pci_ids_want *want, size_t n,
		    struct pci_ids_names *out, struct pci_ids_error *err);
void pci_ids_names_free(struct pci_ids_names *names, size_t n);

#endif
