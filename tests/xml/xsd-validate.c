/* Validates XML files against a W3C XML Schema with libxml2's validator (the
 * same library the tool uses), as a second opinion beside xmllint --schema.
 * Usage: xsd-validate SCHEMA.xsd FILE...; exit 0 if every file is valid. */
#include "config.h"

#include <stdio.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: xsd-validate SCHEMA.xsd FILE...\n");
		return 2;
	}
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(argv[1]);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaFreeParserCtxt(pc);
	if (!schema) {
		fprintf(stderr, "xsd-validate: %s: not a usable schema\n", argv[1]);
		xmlCleanupParser();
		return 2;
	}
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int invalid = 0;
	for (int i = 2; i < argc; i++) {
		int rc = xmlSchemaValidateFile(vc, argv[i], XML_PARSE_NONET);
		if (rc != 0) {
			fprintf(stderr, "xsd-validate: %s: %s\n", argv[i], rc > 0 ? "invalid" : "unreadable");
			invalid++;
		}
	}
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlCleanupParser();
	return invalid ? 1 : 0;
}
