/* rc.h: shared declarations of the rc shell (lexer, parser, trees, variables, executor). */
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <planten/p9types.h>

typedef struct Word Word;
typedef struct Tree Tree;
typedef struct Var Var;
typedef struct Lexer Lexer;
typedef struct Input Input;
typedef struct Fn Fn;

/* tree node types; single characters stand for themselves */
enum {
	FOR = 256, IN, WHILE, IF, NOT, TWIDDLE, BANG, SUBSHELL, SWITCH, FN,
	WORD, REDIR, DUP, PIPE, SUB, ANDAND, OROR, COUNT,
	SIMPLE, ARGLIST, WORDS, BRACE, PAREN, PCMD, PIPEFD,
	EOFTOK, ERRTOK,
};

/* redirection kinds (Tree.rtype) */
enum { RAPPEND = 1, RWRITE, RREAD, RHERE, RDUPFD, RCLOSE, RRDWR };

/* marks an unquoted glob metacharacter in a word: GLOB followed by * ? [ or GLOB */
#define GLOB '\001'

struct Word {
	char *s;
	Word *next;
};

struct Tree {
	int type;
	int rtype, fd0, fd1;
	int line;
	char glob;		/* 0 plain, 1 glob the value, 2 a pattern part */
	char eflag;		/* -e applies to this command (decided when parsed) */
	char quoted;
	char *str;
	Tree *c[3];
	Tree *next;		/* allocation list */
};

/* a source of bytes for the lexer: a file descriptor or a memory buffer */
struct Input {
	int fd;			/* -1 for a buffer */
	const char *buf;
	size_t len, pos;
	char rbuf[8192];
	int rn, rp;
	int eof;
	int interactive;	/* read with rcreadline, print prompts */
	char *line;		/* the interactive line being read */
	size_t nline, pline;
};

struct Lexer {
	Input *in;
	const char *file;
	int line;
	int peekc;		/* pushed-back character or -2 */
	int future;		/* lookahead character or -2 */
	int lastc;
	int lastword, lastdol;
	int inquote, incomm;
	int eof;
	int tok;		/* peeked token type or 0 */
	Tree *tokval;
	char *buf;		/* current token text */
	size_t nbuf, abuf;
	Tree *nodes;		/* every node allocated, for freeing */
	Tree *heredocs, *heretail;
	int nerror;
	char err[1024];		/* the syntax errors of the last line, formatted */
	const char *errmsg;	/* the last one's message */
	int depth;
	int qflag;		/* . -q: no -v echo, no -e */
	const char *epilog;	/* read after the end of input: "}\n" closes a wrapped text */
	int doprompt;
	int iflast;
	int intr;		/* an interrupt cut the interactive line being read */
	jmp_buf *jb;		/* parser's error exit */
};

/* a function's body and the file it was defined in, shared with the calls running it */
struct Fn {
	Tree *body;		/* a BRACE */
	char *file;		/* for messages from inside it */
	int ref;
};

struct Var {
	char *name;
	Word *val;
	Fn *fn;			/* the function, or nil */
	char *fnstr;		/* its text, as whatis and the environment show it */
	char *env;		/* cached name=value for the environment, or nil */
	Word *tail;		/* last word of val when known, for appends */
	char *fnenv;
	Var *next;
	int special;
	char noexport;		/* after rfork E: not exported until changed */
	char fnnoexport;
};

/* lex.c */
void	inputfd(Input*, int fd);
void	inputbuf(Input*, const char *buf, size_t len);
/* wrap: read the input as "{" input "}\n", one command parsed whole (eval, . -b) */
Lexer*	lexnew(Input*, const char *file, int wrap);
void	lexfree(Lexer*);
int	wordchr(int c);
int	idchr(int c);
int	lexnext(Lexer*);
void	lexerror(Lexer*, const char *msg);
void	lexskipnl(Lexer*);
void	lexfreenodes(Lexer*);
int	lexreadhere(Lexer*);
extern void (*rcprompt)(Lexer*);

/* parse.c */
int	parseline(Lexer*, Tree **tp);	/* 1 tree (maybe nil), 0 at EOF, -1 error, -2 interrupt */
Tree*	newtree(Lexer*, int type, Tree *c0, Tree *c1, Tree *c2);
Tree*	copytree(Tree*);
void	freetree(Tree*);

/* tree.c */
char*	deparse(Tree*);
void	deglob(char*);
char*	quoteword(const char *s);
int	needquote(const char *s);

/* util */
void*	emalloc(size_t);
void*	erealloc(void*, size_t);
char*	estrdup(const char*);
Word*	newword(const char *s, Word *next);
Word*	wordsdup(Word*);
void	freewords(Word*);
int	countwords(Word*);

/* glob.c */
int	match(const char *s, const char *p, int stop);
Word*	globword(char *w, Word *next);

/* var.c */
Var*	vlook(const char *name);
Var*	vfind(const char *name);
void	setvar(const char *name, Word *val);
void	setvarstr(const char *name, const char *s);
void	setfn(const char *name, Tree *body);
void	delfn(const char *name);
void	fnrelease(Fn*);
char**	mkenv(void);
void	importenv(char **env);
void	pushlocal(const char *name, Word *val);
void	poplocal(void);
int	nlocals(void);
void	unwindlocals(int n);
void	hidelocals(int n);
void	showlocals(int n);
extern int envdirty;
void	cleanenv(void);
void	appendvar(Var*, Word*);

/* exec.c */
extern int flag[256];
extern int mypid;
extern char *argv0;
extern int depth;
extern char *stackbase;
extern size_t stackmax;
void	run(Tree*, int last);
Word*	eval(Tree*);
void	setstatus(const char *s);
const char *getstatus(void);
int	truestatus(void);
void	rcerror(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	rcerrorst(const char *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	pfln(int fd);
int	errfd(void);
int	ownfd(int fd);
/* read and run the commands in fd, named file; both are closed or freed when done */
int	runfile(int fd, char *file, int interactive, Word *args, int bflag, int qflag);
int	runstring(const char *s, size_t n, const char *name, int qflag);
void	rcexit(void) __attribute__((noreturn));
void	xexit(void);
void	runcommand(Word *argv, int last);
void	callfn(Var *v, Word *args);
void	calltrap(Var *v);
void	dotrap(void);
extern volatile int ntrap;
extern volatile int vforker;
extern volatile int trapped[65];
extern const char *srcname;
extern int srcline;
int	execpath(Word *argv, int last);
char*	waitstatus(int st);
int	waitfor(int pid, int set);
void	addwaitpid(int pid);
void	forkreset(void);
void	pushredir(int fd, int newfd);
int	redirmark(void);
void	popredirs(int mark);
void	dropredirs(void);

/* builtin.c */
typedef void Builtin(Word*);
Builtin* builtinlook(const char *name);
Word*	searchpath(const char *w, const char *var);
char*	makepath(const char *dir, const char *file);

/* error unwinding */
typedef struct Catch Catch;
struct Catch {
	jmp_buf jb;
	Catch *prev;
	int locals;		/* local variables to keep */
	int redirs;		/* redirections to keep */
};
extern Catch *catcher;
void	throw(void) __attribute__((noreturn));

void	trapinit(void);
int	rcnsfork(int clean);	/* nsfork.c */
int	rcnsnomnt(void);
/* one interactive line into *line (malloc'd): 1, or 0 at end of input, -1 when interrupted */
int	rcreadline(int fd, char **line, size_t *len);
