/*
 * p9main.c: main for programs built through the compatibility headers, in its own static
 * library, libp9main.a, which 9l links. libc.h renames a program's main to p9main: main
 * calls it, and returning from it ends the process as Plan 9's exits(nil). A libthread
 * program defines threadmain instead: main starts it with t9main (and the program's
 * mainstacksize, if it has one). Before either, libns's nsinstall makes Plan 9's bind,
 * mount, unmount and rfork's name space flags work in a name space of 9 ns.
 */
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>
#include <planten/lib9.h>
#include <planten/ns.h>

void	p9main(int argc, char **argv) __attribute__((weak));
void	threadmain(int argc, char **argv) __attribute__((weak));
void	t9main(int argc, char **argv, void (*fn)(int, char**), uint stacksize)
	__attribute__((weak, noreturn));
extern int mainstacksize __attribute__((weak));

/*
 * Plan 9's C compilers put string literals in writable memory, and Plan 9 programs write
 * into them (ls cleans the name "." in place). Make the program's read-only data writable,
 * as it was there: the segments of the executable (the first object listed) that are
 * neither writable nor executable.
 */
static int
writable(struct dl_phdr_info *info, size_t size, void *arg)
{
	const ElfW(Phdr) *ph;
	uintptr_t start, end, page;
	int i;

	(void)size;
	(void)arg;
	page = sysconf(_SC_PAGESIZE);
	for(i = 0; i < info->dlpi_phnum; i++){
		ph = &info->dlpi_phdr[i];
		if(ph->p_type != PT_LOAD || (ph->p_flags & (PF_W|PF_X)) != 0)
			continue;
		start = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
		end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		mprotect((void*)start, end - start, PROT_READ|PROT_WRITE);
	}
	return 1;	/* the executable only */
}

int
main(int argc, char **argv)
{
	dl_iterate_phdr(writable, nil);
	nsinstall();
	if(p9main != nil){
		p9main(argc, argv);
		p9exits(nil);
	}
	if(threadmain != nil && t9main != nil)
		t9main(argc, argv, threadmain, &mainstacksize != nil ? (uint)mainstacksize : 0);
	p9argv0 = argv[0];
	p9sysfatal("no main or threadmain (link libthread for threadmain)");
}
