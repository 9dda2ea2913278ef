# lib9p/client/local.mk: the client part of lib9p
