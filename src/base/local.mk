# src/base/: helpers, the findings table and the report model with its names. No I/O
# beyond what util offers, no libraries; sees only itself.
BASE_CPPFLAGS = -I$(top_srcdir)/src/base
noinst_LIBRARIES += libbase.a
libbase_a_CPPFLAGS = $(BASE_CPPFLAGS)
libbase_a_SOURCES = \
	src/base/util.c src/base/util.h \
	src/base/findings.c src/base/findings.h src/base/findings.def \
	src/base/acpi-findings.def src/base/verdict-policy.def \
	src/base/model.c src/base/model.h \
	src/base/strmap.c src/base/strmap.h
