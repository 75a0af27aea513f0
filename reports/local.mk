# reports/: renderers of the report model (text, XML) and the published schema.
libaudit_a_SOURCES +=
