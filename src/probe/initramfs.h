/* Which initramfs tool the host uses and which kernel modules its readable
 * configuration puts into the initramfs (issue 14.8): a GPU driver loaded
 * there claims the GPU before anything from the root file system runs, so
 * vfio-pci must be there too, and load first. The image itself cannot be read
 * from a snapshot (lsinitramfs is not run); the configuration says it:
 *   initramfs-tools  etc/initramfs-tools/modules, loaded early in its order
 *                    (initramfs.conf(5));
 *   dracut           force_drivers (loaded early), add_drivers and drivers
 *                    (included) of etc/dracut.conf and etc/dracut.conf.d/ *.conf
 *                    (dracut.conf(5));
 *   mkinitcpio       MODULES (loaded before any hook) and HOOKS (kms adds the
 *                    in-tree DRM drivers) of etc/mkinitcpio.conf and
 *                    etc/mkinitcpio.conf.d/ *.conf (mkinitcpio(8), its kms hook).
 * Everything is read relative to the root. */
#ifndef IA_INITRAMFS_H
#define IA_INITRAMFS_H

#include "hostenv.h"
#include "model.h"

#include <stddef.h>

void read_initramfs_facts(const struct hostenv *env, struct initramfs_facts *f);
void free_initramfs_facts(struct initramfs_facts *f);

/* The files a capture copies (whole: they are small) and the tool programs
 * whose presence it records with an empty marker file. NULL-terminated. */
extern const char *const initramfs_config_files[];
extern const char *const initramfs_config_dirs[];
extern const char *const initramfs_tool_programs[];

/* The parsers, over (buffer, length); each appends module names (with '-'
 * made '_', a mkinitcpio '?' suffix dropped) to the facts' lists.
 * initramfs-tools' modules file: the first word of each line. */
void parse_initramfs_tools_modules(const char *buf, size_t len, struct initramfs_facts *f);
/* A dracut.conf: force_drivers, add_drivers and drivers (= or +=). */
void parse_dracut_conf(const char *buf, size_t len, struct initramfs_facts *f);
/* A mkinitcpio.conf: MODULES and HOOKS, as bash arrays (one or more lines)
 * or quoted strings; = replaces, += appends. */
void parse_mkinitcpio_conf(const char *buf, size_t len, struct initramfs_facts *f);

/* Whether the initramfs holds this driver, and whether vfio_pci is loaded
 * early and before it there (both false when the configuration was not read). */
bool initramfs_has_driver(const struct initramfs_facts *f, const char *driver);
bool initramfs_vfio_first(const struct initramfs_facts *f, const char *driver);

#endif
