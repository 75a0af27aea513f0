# reports/: renderers of the report model (text, XML) and the published schema.
libaudit_a_SOURCES += reports/report-text.c reports/report-text.h
