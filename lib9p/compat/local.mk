# lib9p/compat/local.mk: lib9p's server in Plan 9's shape and Plan 9's helpers, for ported
# programs (compat 9p.h and fcall.h).
lib9p_lib9p_la_SOURCES += lib9p/compat/srv9.c lib9p/compat/plan9.c
pkginclude_HEADERS += include/planten/srv9.h
dist_man_MANS += man/man3/srv9.3
