/* libFuzzer target for the initramfs configuration readers (initramfs.c):
 * initramfs-tools' modules file, dracut.conf and mkinitcpio.conf, all over
 * (buffer, length). Built as a replay driver too (over tests/fixtures/acpi:
 * arbitrary bytes, which these text parsers must survive). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "initramfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct initramfs_facts f = {.files = NULL};
	parse_initramfs_tools_modules((const char *)data, size, &f);
	parse_dracut_conf((const char *)data, size, &f);
	parse_mkinitcpio_conf((const char *)data, size, &f);
	f.files = (char *)"x"; /* the queries answer only for a configuration read */
	(void)initramfs_has_driver(&f, "nouveau");
	(void)initramfs_vfio_first(&f, "amdgpu");
	f.files = NULL;
	free_initramfs_facts(&f);
	return 0;
}
