# lib9p/server/local.mk: the server part of lib9p
