#include "config.h"

#include "../tap.h"
#include "pcitopo.h"

int main(void)
{
	struct pci_device d = {.domain = 0x0001, .bus = 0x3b, .dev = 0x00, .func = 1,
			       .vendor_id = 0x10de, .device_id = 0x2331, .class_code = 0x040300};
	tap_ok(pcitopo_match_slot(&d, "3b:00.1"), "bus:dev.fn matches");
	tap_ok(pcitopo_match_slot(&d, "0001:3b:00.1"), "dom:bus:dev.fn matches");
	tap_ok(!pcitopo_match_slot(&d, "0000:3b:00.1"), "other domain does not match");
	tap_ok(pcitopo_match_slot(&d, "3b:"), "bus only matches");
	tap_ok(pcitopo_match_slot(&d, ".1"), "function only matches");
	tap_ok(pcitopo_match_slot(&d, "*:00.*"), "wildcards match");
	tap_ok(!pcitopo_match_slot(&d, "3b:01"), "other device does not match");
	tap_ok(pcitopo_check_slot_selector("3b:00.8") != NULL, "function 8 is rejected");
	tap_ok(pcitopo_check_slot_selector("3b:20.0") != NULL, "device 0x20 is rejected");
	tap_ok(pcitopo_check_slot_selector("1:2:3:4.0") != NULL, "too many colons rejected");
	tap_ok(pcitopo_check_slot_selector("zz:00.0") != NULL, "non-hex bus rejected");
	tap_ok(pcitopo_match_id(&d, "10de:"), "vendor only matches");
	tap_ok(pcitopo_match_id(&d, "10de:2331"), "vendor:device matches");
	tap_ok(!pcitopo_match_id(&d, "1002:2331"), "other vendor does not match");
	tap_ok(pcitopo_match_id(&d, ":2331"), "device only matches");
	tap_ok(pcitopo_check_id_selector("10de") != NULL, "id without colon rejected");
	tap_ok(!pcitopo_is_gpu(&d), "audio function is not a GPU");
	d.class_code = 0x030200;
	tap_ok(pcitopo_is_gpu(&d), "3D controller is a GPU");
	return tap_done();
}
