# test/local.mk: the test part of the build
