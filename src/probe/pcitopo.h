/* The PCI model of a host, read from ROOT/sys/bus/pci/devices through hostenv
 * (so a snapshot and a live host read the same way, a snapshot strictly inside
 * its root), one function at a time: the same sysfs files, and the same
 * meaning, as libpci's sysfs back end. libpci only names the devices (pci.ids);
 * this is the only module that includes it. */
#ifndef IA_PCITOPO_H
#define IA_PCITOPO_H

#include "hostenv.h"
#include "model.h"

/* Scans every PCI function into *devs (sorted by BDF). Problems (no PCI bus,
 * unreadable config) become findings in *diag; a function whose identity cannot
 * be read is left out, counted in *n_unreadable and named in a finding.
 * Returns false if PCI could not be read at all. */
bool pcitopo_scan_host(const struct hostenv *env, struct pci_device **devs, size_t *n_devs,
		       struct finding_list *diag, size_t *n_unreadable);
void pcitopo_free_devices(struct pci_device *devs, size_t n_devs);

/* Display controllers (class 0x03xx) are what "GPU" means in this tool. */
bool pcitopo_is_gpu(const struct pci_device *d);

/* Looks a device up by "[[dom:]bus:]dev.fn" (lspci -s syntax, parts may be
 * omitted or '*'); returns true if d matches. */
bool pcitopo_match_slot(const struct pci_device *d, const char *selector);
/* "vendor:device" (hex, either part may be empty or '*'). */
bool pcitopo_match_id(const struct pci_device *d, const char *selector);
/* Checks the syntax of the selectors; returns NULL or a reason. */
const char *pcitopo_check_slot_selector(const char *selector);
const char *pcitopo_check_id_selector(const char *selector);

#endif
