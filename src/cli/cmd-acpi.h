/* `iommu-audit acpi [--root DIR | FILE...] [--fields] [--format text|xml]`
 *
 * Decodes and judges the DMAR, IVRS, IORT and MADT tables of a host (--root,
 * default "/") or of the files given (raw tables, acpidump text, or
 * directories of them). Exit status: 0 decoded, no BLOCK finding; 1 at least
 * one BLOCK finding (a table problem that disables the IOMMU or interrupt
 * remapping; WARN and INFO findings do not change the status, because most
 * real firmware has some); 2 usage or input error, with a one-line message
 * on stderr naming the file and byte offset. */
#ifndef IA_CMD_ACPI_H
#define IA_CMD_ACPI_H

/* argv[0] is "acpi". */
int cmd_acpi(int argc, char **argv);

#endif
