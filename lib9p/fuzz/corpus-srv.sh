#!/bin/bash
# corpus-srv.sh: the fuzz-srv seeds in lib9p/fuzz/corpus-srv are what mksrvcorpus writes.
exec bash "${top_srcdir:-.}/lib9p/fuzz/corpus.sh" mksrvcorpus corpus-srv 13
