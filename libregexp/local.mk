# libregexp/local.mk: libregexp, Plan 9 regular expressions.
