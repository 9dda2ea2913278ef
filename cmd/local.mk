# cmd/local.mk: the cmd part of the build
