# lib9p/fcall/local.mk: the fcall part of lib9p
pkginclude_HEADERS += include/planten/fcall.h
