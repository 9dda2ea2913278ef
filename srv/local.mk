# srv/local.mk: the srv part of the build
