# bench/local.mk: the bench part of the build
