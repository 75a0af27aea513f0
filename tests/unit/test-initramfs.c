/* The initramfs configuration readers (initramfs.c) on the files' own
 * syntax: initramfs-tools' modules file ("module_name [args ...]", '#'
 * comments: the file's header and initramfs.conf(5)), dracut.conf(5)
 * (name+=" list " assignments) and mkinitcpio.conf (bash arrays, '?' marks an
 * optional module: mkinitcpio.conf(5); HOOKS with kms). */
#include "config.h"

#include "initramfs.h"
#include "../tap.h"

#include <string.h>

static const char *joined(char **list, size_t n)
{
	static char buf[256];
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strncat(buf, list[i], sizeof(buf) - strlen(buf) - 2);
		if (i + 1 < n)
			strcat(buf, " ");
	}
	return buf;
}

int main(void)
{
	struct initramfs_facts f = {0};
	const char tools[] = "# List of modules that you want to include in your initramfs.\n"
			     "#\n"
			     "vfio-pci ids=10de:2484\n"
			     "  amdgpu   # for early KMS\n"
			     "\n"
			     "nouveau modeset=1";
	parse_initramfs_tools_modules(tools, strlen(tools), &f);
	tap_is_str(joined(f.early, f.n_early), "vfio_pci amdgpu nouveau",
		   "initramfs-tools: first words in order, '-' made '_', comments and arguments skipped");
	f.files = (char *)"etc/initramfs-tools/modules";
	tap_ok(initramfs_has_driver(&f, "amdgpu") && !initramfs_has_driver(&f, "i915"), "amdgpu is there, i915 not");
	tap_ok(initramfs_vfio_first(&f, "amdgpu"), "vfio_pci comes before amdgpu");
	f.files = NULL;
	free_initramfs_facts(&f);

	const char dracut[] = "# force_drivers+=\" ignored \"\n"
			      "add_drivers+=\" nouveau \"\n"
			      "force_drivers+=\" amdgpu \"\n"
			      "force_drivers=\"vfio vfio_iommu_type1\"\n"
			      "force_drivers+=\" vfio-pci \"\n"
			      "omit_drivers+=\" i915 \"\n";
	parse_dracut_conf(dracut, strlen(dracut), &f);
	tap_is_str(joined(f.early, f.n_early), "vfio vfio_iommu_type1 vfio_pci",
		   "dracut: force_drivers= replaces, += appends; a comment is not read");
	tap_is_str(joined(f.included, f.n_included), "nouveau", "dracut: add_drivers are included, omit_drivers not");
	f.files = (char *)"etc/dracut.conf.d/x.conf";
	tap_ok(initramfs_has_driver(&f, "nouveau") && initramfs_vfio_first(&f, "nouveau"),
	       "nouveau is included and vfio_pci loads early");
	f.files = NULL;
	free_initramfs_facts(&f);

	const char mkinitcpio[] = "MODULES=(nvidia\n"
				  "  # vfio below\n"
				  "  vfio_pci vfio? \"vfio_iommu_type1\")\n"
				  "HOOKS=(base udev kms)\n"
				  "HOOKS=(base udev autodetect modconf block filesystems)\n"
				  "MODULES+=(btrfs)\n";
	parse_mkinitcpio_conf(mkinitcpio, strlen(mkinitcpio), &f);
	tap_is_str(joined(f.early, f.n_early), "nvidia vfio_pci vfio vfio_iommu_type1 btrfs",
		   "mkinitcpio: an array over lines, its comment skipped, '?' and quotes dropped, += appends");
	tap_ok(!f.kms_hook, "a later HOOKS= without kms replaces the one with it");
	f.files = (char *)"etc/mkinitcpio.conf";
	tap_ok(initramfs_has_driver(&f, "nvidia") && !initramfs_vfio_first(&f, "nvidia"),
	       "nvidia is in MODULES ahead of vfio_pci");
	tap_ok(!initramfs_has_driver(&f, "nouveau"), "nouveau is not there without the kms hook");
	f.files = NULL;
	free_initramfs_facts(&f);

	const char kms[] = "MODULES=\"\"\nHOOKS=\"base udev kms\"\nHOOKS+=(fsck)";
	parse_mkinitcpio_conf(kms, strlen(kms), &f);
	f.files = (char *)"etc/mkinitcpio.conf";
	tap_ok(f.kms_hook && initramfs_has_driver(&f, "nouveau") && !initramfs_has_driver(&f, "nvidia"),
	       "the kms hook (quoted-string form, kept by +=) adds in-tree DRM drivers, not NVIDIA's");
	f.files = NULL;
	free_initramfs_facts(&f);

	/* Cut short: an array never closed, a quote never closed. */
	const char cut[] = "MODULES=(vfio_pci amdgpu";
	parse_mkinitcpio_conf(cut, strlen(cut), &f);
	tap_is_str(joined(f.early, f.n_early), "vfio_pci amdgpu", "an unclosed array ends with the buffer");
	free_initramfs_facts(&f);
	const char cut2[] = "force_drivers+=\" vfio";
	parse_dracut_conf(cut2, 15, &f); /* the length stops inside the name's value */
	tap_ok(f.n_early == 0, "a value cut by the length is not read past it");
	free_initramfs_facts(&f);
	return tap_done();
}
