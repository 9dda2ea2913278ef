/* table.c: cmocka tests for libns's mount table: bind(2)'s rules, unmount, copies, printing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <planten/lib9.h>
#include <planten/ns.h>

/* The table as one string: "from=to,to;from=to" in table order, for compact asserts. */
static char*
members(Nstable *t, const char *from)
{
	static char buf[1024];
	Nsmhead *h;
	Nsmount *m;
	char *p, *e;

	p = buf;
	e = buf + sizeof buf;
	*p = 0;
	if((h = nslookmhead(t, from)) == nil)
		return "none";
	for(m = h->mount; m != nil; m = m->next){
		p = p9seprint(p, e, "%s%s", p == buf ? "" : ",", m->to);
		if(m->flag & NSMCREATE)
			p = p9seprint(p, e, "+c");
	}
	return buf;
}

static char*
errstr(void)
{
	static char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return buf;
}

static void
test_repl(void **state)
{
	Nstable *t;

	t = nsalloctable(nil);
	assert_non_null(nsaddmount(t, "/x", 0, "/a", nil, NSMREPL));
	assert_string_equal(members(t, "/x"), "/a");
	assert_non_null(nsaddmount(t, "/x", 0, "/b", nil, NSMREPL));
	assert_string_equal(members(t, "/x"), "/b");
	assert_string_equal(members(t, "/y"), "none");
	nsfreetable(t);
}

static void
test_union(void **state)
{
	Nstable *t;

	t = nsalloctable(nil);
	/* a new union starts with the directory it covers */
	assert_non_null(nsaddmount(t, "/bin", 0, "/a", nil, NSMAFTER));
	assert_string_equal(members(t, "/bin"), "/bin,/a");
	assert_non_null(nsaddmount(t, "/bin", 0, "/b", nil, NSMBEFORE | NSMCREATE));
	assert_string_equal(members(t, "/bin"), "/b+c,/bin,/a");
	assert_non_null(nsaddmount(t, "/bin", 0, "/c", nil, NSMAFTER));
	assert_string_equal(members(t, "/bin"), "/b+c,/bin,/a,/c");
	/* duplicates are kept, as in Plan 9 */
	assert_non_null(nsaddmount(t, "/bin", 0, "/a", nil, NSMAFTER));
	assert_string_equal(members(t, "/bin"), "/b+c,/bin,/a,/c,/a");
	/* a plain bind replaces the whole union */
	assert_non_null(nsaddmount(t, "/bin", 0, "/d", nil, NSMREPL));
	assert_string_equal(members(t, "/bin"), "/d");
	/* after a replace, -b adds before what is there, not before the covered directory */
	assert_non_null(nsaddmount(t, "/bin", 0, "/e", nil, NSMBEFORE));
	assert_string_equal(members(t, "/bin"), "/e,/d");
	nsfreetable(t);
}

static void
test_copyunion(void **state)
{
	Nstable *t;

	t = nsalloctable(nil);
	assert_non_null(nsaddmount(t, "/bin", 0, "/a", nil, NSMREPL));
	assert_non_null(nsaddmount(t, "/bin", 0, "/b", nil, NSMAFTER | NSMCREATE));
	/* binding a union copies it; later members take the bind's order */
	assert_non_null(nsaddmount(t, "/x", 0, "/bin", nil, NSMREPL));
	assert_string_equal(members(t, "/x"), "/a,/b");
	/* changing the original leaves the copy */
	assert_int_equal(nsdelmount(t, "/bin", "/a"), 0);
	assert_string_equal(members(t, "/bin"), "/b+c");
	assert_string_equal(members(t, "/x"), "/a,/b");
	/* -c with a union of several is inconsistent */
	assert_null(nsaddmount(t, "/y", 0, "/x", nil, NSMCREATE));
	assert_string_equal(errstr(), "inconsistent mount");
	assert_string_equal(members(t, "/y"), "none");
	/* a single -c member may be bound with -c */
	assert_non_null(nsaddmount(t, "/y", 0, "/bin", nil, NSMCREATE));
	assert_string_equal(members(t, "/y"), "/b+c");
	/* mounts name services, never copy */
	assert_non_null(nsaddmount(t, "/z", 1, "/bin", "spec", NSMREPL));
	assert_string_equal(members(t, "/z"), "/bin");
	nsfreetable(t);
}

static void
test_unmount(void **state)
{
	Nstable *t;

	t = nsalloctable(nil);
	assert_int_equal(nsdelmount(t, "/x", nil), -1);
	assert_string_equal(errstr(), "not mounted");
	assert_non_null(nsaddmount(t, "/x", 0, "/a", nil, NSMAFTER));
	assert_non_null(nsaddmount(t, "/x", 0, "/b", nil, NSMAFTER));
	assert_int_equal(nsdelmount(t, "/x", "/c"), -1);
	assert_string_equal(errstr(), "not in union");
	assert_int_equal(nsdelmount(t, "/x", "/a"), 0);
	assert_string_equal(members(t, "/x"), "/x,/b");
	assert_int_equal(nsdelmount(t, "/x", "/x"), 0);
	assert_int_equal(nsdelmount(t, "/x", "/b"), 0);
	/* the last member gone takes the mount point with it */
	assert_string_equal(members(t, "/x"), "none");
	assert_non_null(nsaddmount(t, "/x", 0, "/a", nil, NSMAFTER));
	assert_int_equal(nsdelmount(t, "/x", nil), 0);
	assert_string_equal(members(t, "/x"), "none");
	nsfreetable(t);
}

/*
 * unmount new old where new is a mount point: the member its bind brought is the mount's
 * file, so it is found by what new brings, not by the name new (Plan 9 compares channels).
 */
static void
test_unmountmountpoint(void **state)
{
	Nstable *t;

	t = nsalloctable(nil);
	assert_non_null(nsaddmount(t, "/n/x", 1, "/srv/x", "", NSMREPL));
	assert_non_null(nsaddmount(t, "/n/y", 1, "/srv/x", "other", NSMREPL));
	assert_non_null(nsaddmount(t, "/tmp", 0, "/n/x", nil, NSMAFTER));
	assert_string_equal(members(t, "/tmp"), "/tmp,/srv/x");
	/* the same service with another attach name is another file */
	assert_int_equal(nsdelmount(t, "/tmp", "/n/y"), -1);
	assert_string_equal(errstr(), "not in union");
	assert_non_null(nsfindmember(t, nslookmhead(t, "/tmp"), "/n/x"));
	assert_int_equal(nsdelmount(t, "/tmp", "/n/x"), 0);
	assert_string_equal(members(t, "/tmp"), "/tmp");
	/* a plain bind is still found by its path */
	assert_non_null(nsaddmount(t, "/tmp", 0, "/usr", nil, NSMBEFORE));
	assert_int_equal(nsdelmount(t, "/tmp", "/usr"), 0);
	assert_string_equal(members(t, "/tmp"), "/tmp");
	nsfreetable(t);
}

static void
test_flags(void **state)
{
	Nstable *t;

	t = nsalloctable(nil);
	assert_null(nsaddmount(t, "/x", 0, "/a", nil, NSMAFTER | NSMBEFORE));
	assert_string_equal(errstr(), "bad flags");
	assert_null(nsaddmount(t, "/x", 0, "/a", nil, 0x100));
	assert_string_equal(members(t, "/x"), "none");
	nsfreetable(t);
}

static int ndup, nfree;

static void*
dup(void *aux)
{
	ndup++;
	return aux;
}

static void
release(void *aux)
{
	nfree++;
}

static const Nsauxops ops = {dup, release};

static void
test_copy(void **state)
{
	Nstable *t, *c;
	Nsmount *m;
	char *s;

	t = nsalloctable(&ops);
	m = nsaddmount(t, "/x", 0, "/a", nil, NSMAFTER);
	m->aux = &ndup;
	nslookmhead(t, "/x")->aux = &nfree;
	c = nscopytable(t);
	assert_int_equal(ndup, 2);
	assert_string_equal(members(c, "/x"), "/x,/a");
	/* the copy changes alone */
	assert_non_null(nsaddmount(c, "/x", 0, "/b", nil, NSMAFTER));
	assert_string_equal(members(t, "/x"), "/x,/a");
	assert_string_equal(members(c, "/x"), "/x,/a,/b");
	s = nstablestr(c);
	assert_string_equal(s, "bind /x /x\nbind -a /a /x\nbind -a /b /x\n");
	free(s);
	nsfreetable(c);
	assert_int_equal(nfree, 2);
	nsfreetable(t);
	assert_int_equal(nfree, 4);
}

static void
test_print(void **state)
{
	Nstable *t;
	char *s;

	t = nsalloctable(nil);
	s = nstablestr(t);
	assert_string_equal(s, "");
	free(s);
	assert_non_null(nsaddmount(t, "/srv", 0, "#s", nil, NSMCREATE));
	assert_non_null(nsaddmount(t, "/n/a b", 1, "/srv/ramfs", "", NSMREPL));
	assert_non_null(nsaddmount(t, "/dev", 0, "#c", nil, NSMAFTER));
	assert_non_null(nsaddmount(t, "/n/x", 1, "tcp!127.0.0.1!564", "it's", NSMBEFORE|NSMCACHE));
	s = nstablestr(t);
	assert_string_equal(s,
		"bind -c '#s' /srv\n"
		"mount /srv/ramfs '/n/a b'\n"
		"bind /dev /dev\n"
		"bind -a '#c' /dev\n"
		"bind /n/x /n/x\n"
		"mount -bC tcp!127.0.0.1!564 /n/x 'it''s'\n");
	free(s);
	nsfreetable(t);
}

/* mount -n and -N are printed, with the other flags */
static void
test_printnoauth(void **state)
{
	Nstable *t;
	Nsmount *m;
	char *s;

	t = nsalloctable(nil);
	m = nsaddmount(t, "/n/a", 1, "/srv/x", "", NSMREPL);
	m->noauth = 1;
	m = nsaddmount(t, "/n/b", 1, "/srv/x", "$spec", NSMCREATE|NSMCACHE);
	m->noauth = 2;
	s = nstablestr(t);
	assert_string_equal(s,
		"mount -n /srv/x /n/a\n"
		"mount -cCN /srv/x /n/b '$spec'\n");
	free(s);
	nsfreetable(t);
}

/*
 * A union copied by binding its mount point is printed as that bind, so it is made again
 * the same; once the copy or its source lost a member, member by member.
 */
static void
test_printcopy(void **state)
{
	Nstable *t;
	char *s;

	t = nsalloctable(nil);
	assert_non_null(nsaddmount(t, "/b", 0, "/a", nil, NSMAFTER));
	assert_non_null(nsaddmount(t, "/b", 0, "/c", nil, NSMBEFORE));
	assert_non_null(nsaddmount(t, "/d", 0, "/b", nil, NSMREPL));
	assert_null(nsaddmount(t, "/e", 0, "/b", nil, NSMAFTER|NSMCREATE));
	assert_non_null(nsaddmount(t, "/e", 0, "/b", nil, NSMAFTER));
	assert_non_null(nsaddmount(t, "/b", 0, "/x", nil, NSMAFTER));
	assert_string_equal(members(t, "/d"), "/c,/b,/a");
	s = nstablestr(t);
	assert_string_equal(s,
		"bind /b /b\n"
		"bind -a /a /b\n"
		"bind -b /c /b\n"
		"bind /b /d\n"
		"bind /e /e\n"
		"bind -a /b /e\n"
		"bind -a /x /b\n");
	free(s);
	/* /b lost a member the copy has: the copy's own members */
	assert_int_equal(nsdelmount(t, "/b", "/a"), 0);
	s = nstablestr(t);
	assert_string_equal(s,
		"bind /b /b\n"
		"bind -b /c /b\n"
		"bind /c /d\n"
		"bind -a /b /d\n"
		"bind -a /a /d\n"
		"bind /e /e\n"
		"bind -a /c /e\n"
		"bind -a /b /e\n"
		"bind -a /a /e\n"
		"bind -a /x /b\n");
	free(s);
	/* a copy survives rfork n */
	assert_int_equal(nsdelmount(t, "/b", nil), 0);
	assert_non_null(nsaddmount(t, "/b", 0, "/y", nil, NSMREPL));
	assert_non_null(nsaddmount(t, "/f", 0, "/b", nil, NSMREPL));
	{
		Nstable *c = nscopytable(t);
		char *cs = nstablestr(c);

		s = nstablestr(t);
		assert_string_equal(cs, s);
		assert_non_null(strstr(s, "bind /y /b\nbind /b /f\n"));
		free(cs);
		free(s);
		nsfreetable(c);
	}
	nsfreetable(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repl),
		cmocka_unit_test(test_union),
		cmocka_unit_test(test_copyunion),
		cmocka_unit_test(test_unmount),
		cmocka_unit_test(test_unmountmountpoint),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_printnoauth),
		cmocka_unit_test(test_printcopy),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
