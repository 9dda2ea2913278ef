/*
 * dir.c: fuzz target for what lib9pfuse makes of a server's bytes: the input is an error
 * string, a NUL, then a directory read (stat entries back to back). Every error gets an
 * errno of the table's; every entry becomes attributes that agree with it, and the good
 * names make paths of the right length.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uchar *buf, *p;
	char *err, *path;
	size_t n, elen;
	uint m;
	Dir d;
	struct stat st;
	Node root, nodes[64], *dir;
	NfSrv s;
	NfMember mem;
	int e, k;
	size_t want;

	if((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	err = (char*)buf;
	elen = strlen(err);
	e = nferrno(err);
	if(e <= 0 || e >= 4096 || e == ENOSYS)
		abort();

	memset(&s, 0, sizeof s);
	memset(&root, 0, sizeof root);
	memset(&mem, 0, sizeof mem);
	root.srv = &s;
	s.root = &root;
	dir = &root;
	want = 0;
	k = 0;
	p = buf + elen + 1;
	n = elen < size ? size - elen - 1 : 0;
	while(n >= 2){
		m = (p[0] | p[1]<<8) + 2;
		if(m > n || npconvM2D(p, m, &d) != m)
			break;
		_nfd2st(&d, "u", 7, 8, 8192, &st);
		if(S_ISDIR(st.st_mode) != ((d.mode & DMDIR) != 0) || st.st_size < 0
		|| (st.st_uid != 7 && st.st_uid != Nogid) || (st.st_gid != 8 && st.st_gid != Nogid)
		|| st.st_ino != d.qid.path || (S_ISDIR(st.st_mode) && st.st_size != 0))
			abort();
		if(_nfgoodname(d.name) && k < 64){
			if(strchr(d.name, '/') != NULL || strcmp(d.name, "..") == 0)
				abort();
			memset(&nodes[k], 0, sizeof nodes[k]);
			nodes[k].srv = &s;
			nodes[k].m = &mem;
			nodes[k].parent = dir;
			nodes[k].name = d.name;
			want += strlen(d.name) + (k > 0);
			dir = &nodes[k++];
			if((path = _nfpath(dir, &root, NULL)) != NULL){
				if(strlen(path) != want)
					abort();
				free(path);
			}
		}
		p += m;
		n -= m;
	}
	free(buf);
	return 0;
}
