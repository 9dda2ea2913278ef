# rc/local.mk: the rc part of the build
