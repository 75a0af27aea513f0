/* Fuzz target for the pci.ids lookup (src/probe/pci-ids.c): any bytes as the
 * text of pci.ids must parse without reading past them or looping, and every
 * name must fit libpci's 512-byte buffer; the text handed in pieces (as
 * pcitopo.c reads the file) must name exactly what it names whole. The IDs asked for are the ones the
 * seeds (tests/fuzz/corpus-pciids) use, so mutations reach the naming paths.
 * Built with libFuzzer it fuzzes; linked with replay-main.c it replays the
 * corpus in make check. */
#include "config.h"

#include "pci-ids.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *name, const char *same)
{
	if (name && (strlen(name) > 511 || !*name))
		abort();
	if (name ? !same || strcmp(name, same) != 0 : same != NULL)
		abort(); /* pieces and whole disagree */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pci_ids_want want[] = {
		{0x1111, 0x0001, 0x0c03}, {0x8086, 0x1234, 0x0200}, {0xabcd, 0xef01, 0x0c0a},
		{0x1af4, 0x1000, 0x0100}, {0x10de, 0x2684, 0x0300}, {0x0000, 0x0000, 0x0000},
		{0xffff, 0xffff, 0xffff}, {0x8086, 0x1234, 0x0c05},
	};
	enum { N = sizeof(want) / sizeof(want[0]) };
	struct pci_ids_names out[N];
	struct pci_ids_error err;
	bool ok = pci_ids_lookup((const char *)data, size, want, N, out, &err);
	if (!ok && (!err.what || !err.line))
		abort(); /* an error must say where and what */
	/* Pieces of 1 to 64 bytes, by the first byte: lines split anywhere. */
	size_t piece = size ? 1 + data[0] % 64 : 1;
	struct pci_ids *ids = pci_ids_new(want, N);
	for (size_t pos = 0; pos < size; pos += piece)
		pci_ids_feed(ids, (const char *)data + pos, size - pos < piece ? size - pos : piece);
	struct pci_ids_names in_pieces[N];
	struct pci_ids_error err2;
	bool ok2 = pci_ids_finish(ids, &err2);
	for (size_t i = 0; i < N; i++)
		pci_ids_names_of(ids, &want[i], &in_pieces[i]);
	pci_ids_free(ids);
	if (ok2 != ok || err2.line != err.line || err2.what != err.what)
		abort();
	for (size_t i = 0; i < N; i++) {
		check_name(out[i].vendor, in_pieces[i].vendor);
		check_name(out[i].device, in_pieces[i].device);
		check_name(out[i].class_name, in_pieces[i].class_name);
	}
	pci_ids_names_free(out, N);
	pci_ids_names_free(in_pieces, N);
	return 0;
}
