/* Runs `acpi` the way the main program will dispatch it ("acpi-cli acpi ARGS"),
 * so the subcommand can be tested on its own. */
#include "config.h"

#include <string.h>

#include "cmd-acpi.h"

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "acpi"))
		return cmd_acpi(argc - 1, argv + 1);
	return cmd_acpi(argc, argv);
}
