/* context.c: switching between thread stacks without a system call (x86-64, AArch64 assembly). */
#include <string.h>
#include "threadimpl.h"

#ifdef T9ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#if defined(__x86_64__) && !defined(T9UCONTEXT)
/*
 * _t9ctxswap(void **save, void *to): push the callee-saved registers of the System V ABI on
 * the current stack, store the stack pointer in *save, load to and pop the registers
 * saved there; the ret returns into the thread that saved them. Everything else is
 * caller-saved, so the C compiler has already spilled what it needs. The x87 control word
 * and MXCSR are not switched: threads share one floating-point environment per proc.
 */
void _t9ctxswap(void **save, void *to);
__asm__(
	".text\n"
	".p2align 4\n"
	".globl _t9ctxswap\n"
	".hidden _t9ctxswap\n"
	".type _t9ctxswap,@function\n"
	"_t9ctxswap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size _t9ctxswap, .-_t9ctxswap\n"
);

/*
 * A new thread's stack ends with six zeroed register slots and the address of entry, which
 * the first swap to it "returns" into; above that a zero return address ends backtraces.
 * The ABI wants rsp+8 aligned to 16 on a function's entry.
 */
void
_t9ctxinit(Thread *t, void (*entry)(void))
{
	uintptr_t top;
	void **sp;

	top = ((uintptr_t)t->stk + t->stksize) & ~(uintptr_t)15;
	sp = (void**)top;
	*--sp = 0;
	*--sp = (void*)entry;	/* at a multiple of 16: after the ret, rsp+8 is one */
	sp -= 6;
	memset(sp, 0, 6 * sizeof *sp);
	t->sp = sp;
}

static inline void
ctxswap(Thread *from, Thread *to)
{
	_t9ctxswap(&from->sp, to->sp);
}
#elif defined(__aarch64__) && !defined(T9UCONTEXT)
/*
 * The same for AArch64: x19-x28, the frame pointer x29, the link register x30 (where the
 * ret goes) and the low halves of v8-v15 (d8-d15) are callee-saved; sp stays 16-aligned.
 */
void _t9ctxswap(void **save, void *to);
__asm__(
	".text\n"
	".p2align 4\n"
	".globl _t9ctxswap\n"
	".hidden _t9ctxswap\n"
	".type _t9ctxswap,%function\n"
	"_t9ctxswap:\n"
	"	sub sp, sp, #160\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x2, sp\n"
	"	str x2, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #160\n"
	"	ret\n"
	".size _t9ctxswap, .-_t9ctxswap\n"
);

/* A new thread's first swap loads zeroed registers and "returns" to entry (x30). */
void
_t9ctxinit(Thread *t, void (*entry)(void))
{
	uintptr_t top;
	void **sp;

	top = ((uintptr_t)t->stk + t->stksize) & ~(uintptr_t)15;
	sp = (void**)(top - 160);
	memset(sp, 0, 160);
	sp[11] = (void*)entry;	/* x30, at offset 88 */
	t->sp = sp;
}

static inline void
ctxswap(Thread *from, Thread *to)
{
	_t9ctxswap(&from->sp, to->sp);
}
#else
/* Elsewhere, portable but slower: ucontext (swapcontext also sets the signal mask). */
void
_t9ctxinit(Thread *t, void (*entry)(void))
{
	getcontext(&t->uc);
	t->uc.uc_stack.ss_sp = t->stk + t->guard;
	t->uc.uc_stack.ss_size = t->stksize - t->guard;
	t->uc.uc_link = nil;
	makecontext(&t->uc, entry, 0);
}

static inline void
ctxswap(Thread *from, Thread *to)
{
	swapcontext(&from->uc, &to->uc);
}
#endif

/*
 * Switch from the running thread to another of the same proc. Under AddressSanitizer the
 * switch is announced, so that it follows the stacks (a dead thread's stack is forgotten).
 */
void
_t9switch(Thread *from, Thread *to)
{
#ifdef T9ASAN
	__sanitizer_start_switch_fiber(from->state == Dead ? nil : &from->fakestack,
		to->stk + to->guard, to->stksize - to->guard);
#endif
	ctxswap(from, to);
#ifdef T9ASAN
	__sanitizer_finish_switch_fiber(from->fakestack, nil, nil);
#endif
}

/* The first code a new thread runs (see _t9ctxinit). */
void
_t9threadentry(void)
{
	Proc *p;
	Thread *t;

#ifdef T9ASAN
	__sanitizer_finish_switch_fiber(nil, nil, nil);
#endif
	p = _t9proc();
	if(p->zombie != nil){
		_t9freestack(p, p->zombie);
		p->zombie = nil;
	}
	t = p->cur;
	t->fn(t->arg);
	t9threadexits(nil);
}
