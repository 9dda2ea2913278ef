/* edit.c: rcedit, a small terminal line editor with history for interactive rc. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "edit.h"

enum {
	Nhist = 500,
	Ctl = 0x1f,	/* mask turning a letter into its control character */
	Esc = 0x1b,
	Del = 0x7f,
	Kdelete = 0x100,	/* the Delete key, which has no byte of its own */
};

#define ctl(c)	((c) & Ctl)

typedef struct Line Line;
struct Line {
	char	*buf;		/* the text, NUL-terminated */
	size_t	len;		/* bytes in buf */
	size_t	cap;		/* bytes allocated */
	size_t	pos;		/* cursor, a byte offset at a character boundary */
	size_t	scroll;		/* first character shown when the line is too wide */
	const char	*prompt;
	int	hist;		/* history entry shown; nhist: the line being typed */
	char	*saved;		/* the line being typed, while walking the history */
};

int (*rceditsignal)(void);

static int infd;
static int outfd = 2;
static char *history[Nhist];
static int nhist;

int
rceditinit(int fd)
{
	const char *term;

	infd = fd;
	outfd = isatty(2) ? 2 : fd;
	if(!isatty(fd))
		return 0;
	term = getenv("TERM");
	if(term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		return 0;
	return 1;
}

static void
put(const char *s, size_t n)
{
	ssize_t w;

	while(n > 0){
		w = write(outfd, s, n);
		if(w < 0){
			if(errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= w;
	}
}

static void
puts0(const char *s)
{
	put(s, strlen(s));
}

/* read one byte; -1 at end of file, -2 on error (errno set) */
static int
getbyte(void)
{
	unsigned char c;
	ssize_t n;

	n = read(infd, &c, 1);
	if(n == 1)
		return c;
	if(n == 0)
		return -1;
	return -2;
}

static int
iscont(int c)
{
	return (c & 0xc0) == 0x80;
}

/* columns taken by s[0..n), as the terminal shows them: tabs to multiples of 8 */
static size_t
width(const char *s, size_t n, size_t col)
{
	size_t i;

	for(i = 0; i < n; i++){
		if(s[i] == '\t')
			col = (col + 8) & ~(size_t)7;
		else if(!iscont((unsigned char)s[i]))
			col++;
	}
	return col;
}

/* byte offset of the character after (dir > 0) or before (dir < 0) offset p */
static size_t
step(Line *l, size_t p, int dir)
{
	if(dir > 0){
		if(p < l->len)
			for(p++; p < l->len && iscont((unsigned char)l->buf[p]); p++)
				;
	}else if(p > 0)
		for(p--; p > 0 && iscont((unsigned char)l->buf[p]); p--)
			;
	return p;
}

static int
termcols(void)
{
	struct winsize ws;

	if(ioctl(outfd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* redraw the prompt and as much of the line around the cursor as fits */
static void
refresh(Line *l)
{
	size_t pw, avail, cur, end;
	char mv[32];
	int cols;

	cols = termcols();
	pw = width(l->prompt, strlen(l->prompt), 0) % cols;
	avail = cols > (int)pw + 1 ? cols - pw - 1 : 1;
	if(l->scroll > l->pos)
		l->scroll = l->pos;
	while(width(l->buf + l->scroll, l->pos - l->scroll, 0) > avail - 1 && l->scroll < l->pos)
		l->scroll = step(l, l->scroll, 1);
	end = l->scroll;
	while(end < l->len){
		size_t next = step(l, end, 1);
		if(width(l->buf + l->scroll, next - l->scroll, 0) > avail)
			break;
		end = next;
	}
	cur = pw + width(l->buf + l->scroll, l->pos - l->scroll, 0);
	puts0("\r");
	puts0(l->prompt);
	put(l->buf + l->scroll, end - l->scroll);
	puts0("\x1b[K\r");
	if(cur > 0){
		snprintf(mv, sizeof mv, "\x1b[%zuC", cur);
		puts0(mv);
	}
}

static int
grow(Line *l, size_t n)
{
	char *b;
	size_t cap;

	if(l->len + n + 1 <= l->cap)
		return 0;
	cap = l->cap ? l->cap : 64;
	while(cap < l->len + n + 1)
		cap *= 2;
	b = realloc(l->buf, cap);
	if(b == NULL)
		return -1;
	if(l->cap == 0)
		b[0] = '\0';
	l->buf = b;
	l->cap = cap;
	return 0;
}

static int
insert(Line *l, const char *s, size_t n)
{
	if(grow(l, n) < 0)
		return -1;
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos + 1);
	memmove(l->buf + l->pos, s, n);
	l->len += n;
	l->pos += n;
	return 0;
}

/* delete the bytes [from, to) */
static void
cut(Line *l, size_t from, size_t to)
{
	memmove(l->buf + from, l->buf + to, l->len - to + 1);
	l->len -= to - from;
	if(l->pos >= to)
		l->pos -= to - from;
	else if(l->pos > from)
		l->pos = from;
}

static int
settext(Line *l, const char *s)
{
	size_t n;

	n = strlen(s);
	l->len = l->pos = 0;
	if(grow(l, n) < 0)
		return -1;
	memmove(l->buf, s, n + 1);
	l->len = l->pos = n;
	l->scroll = 0;
	return 0;
}

/* show history entry h (nhist: the line being typed) */
static void
walk(Line *l, int h)
{
	if(h < 0 || h > nhist || h == l->hist)
		return;
	if(l->hist == nhist){
		free(l->saved);
		l->saved = strdup(l->buf);
		if(l->saved == NULL)
			return;
	}
	l->hist = h;
	settext(l, h == nhist ? l->saved : history[h]);
}

/* after ESC: read the rest of a CSI or SS3 sequence and map it to a key */
static int
escape(void)
{
	int c, n;

	c = getbyte();
	if(c != '[' && c != 'O')
		return c < 0 ? c : 0;
	n = 0;
	for(;;){
		c = getbyte();
		if(c < 0)
			return c;
		if(c >= '0' && c <= '9'){
			n = n*10 + c - '0';
			continue;
		}
		if(c == ';')
			continue;
		break;
	}
	switch(c){
	case 'A':	return ctl('P');
	case 'B':	return ctl('N');
	case 'C':	return ctl('F');
	case 'D':	return ctl('B');
	case 'H':	return ctl('A');
	case 'F':	return ctl('E');
	case '~':
		switch(n){
		case 1: case 7:	return ctl('A');
		case 4: case 8:	return ctl('E');
		case 3:		return Kdelete;
		}
	}
	return 0;
}

enum { More, Done, Eof, Intr, Fail };

/* apply key c to the line */
static int
key(Line *l, int c)
{
	char ch;
	size_t p;

	switch(c){
	case '\r':
	case '\n':
		return Done;
	case ctl('C'):
		return Intr;
	case ctl('D'):
		if(l->len == 0)
			return Eof;
		/* fall through */
	case Kdelete:
		if(l->pos < l->len)
			cut(l, l->pos, step(l, l->pos, 1));
		break;
	case ctl('H'):
	case Del:
		if(l->pos > 0)
			cut(l, step(l, l->pos, -1), l->pos);
		break;
	case ctl('A'):
		l->pos = 0;
		break;
	case ctl('E'):
		l->pos = l->len;
		break;
	case ctl('B'):
		l->pos = step(l, l->pos, -1);
		break;
	case ctl('F'):
		l->pos = step(l, l->pos, 1);
		break;
	case ctl('K'):
		cut(l, l->pos, l->len);
		break;
	case ctl('U'):
		cut(l, 0, l->pos);
		break;
	case ctl('W'):
		p = l->pos;
		while(p > 0 && (l->buf[p-1] == ' ' || l->buf[p-1] == '\t'))
			p--;
		while(p > 0 && l->buf[p-1] != ' ' && l->buf[p-1] != '\t')
			p--;
		cut(l, p, l->pos);
		break;
	case ctl('P'):
		walk(l, l->hist - 1);
		break;
	case ctl('N'):
		walk(l, l->hist + 1);
		break;
	case ctl('L'):
		puts0("\x1b[H\x1b[2J");
		break;
	case '\t':
		ch = c;
		if(insert(l, &ch, 1) < 0)
			return Fail;
		break;
	default:
		if(c < ' ')
			break;	/* other control characters are ignored */
		ch = c;
		if(insert(l, &ch, 1) < 0)
			return Fail;
		/* take the rest of a UTF-8 sequence before redrawing */
		if(c >= 0xc0){
			int n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
			while(n-- > 0){
				int d = getbyte();
				if(d < 0)
					break;
				ch = d;
				if(insert(l, &ch, 1) < 0)
					return Fail;
				if(!iscont(d))
					break;
			}
		}
		break;
	}
	return More;
}

static char*
plainline(const char *prompt)
{
	Line l;
	char ch;
	int c;

	puts0(prompt);
	memset(&l, 0, sizeof l);
	for(;;){
		c = getbyte();
		if(c == -2){
			if(errno == EINTR && l.len == 0)
				break;
			if(errno == EINTR)
				continue;
			break;
		}
		if(c == -1 || c == '\n'){
			if(c == -1 && l.len == 0){
				free(l.buf);
				errno = 0;
				return NULL;
			}
			if(l.buf == NULL && grow(&l, 0) < 0)
				return NULL;
			return l.buf;
		}
		l.pos = l.len;
		ch = c;
		if(insert(&l, &ch, 1) < 0)
			break;
	}
	free(l.buf);
	return NULL;
}

char*
rcedit(const char *prompt)
{
	struct termios old, raw;
	Line l;
	int c, r, e, sig;

	if(prompt == NULL)
		prompt = "";
	if(!rceditinit(infd) || tcgetattr(infd, &old) < 0)
		return plainline(prompt);
	raw = old;
	raw.c_iflag &= ~(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
	raw.c_lflag &= ~(ECHO | ICANON | IEXTEN | ISIG);
	raw.c_cflag |= CS8;
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if(tcsetattr(infd, TCSADRAIN, &raw) < 0)
		return plainline(prompt);

	memset(&l, 0, sizeof l);
	l.prompt = prompt;
	l.hist = nhist;
	r = grow(&l, 0) < 0 ? Fail : More;
	e = sig = 0;
	if(r == More)
		refresh(&l);
	while(r == More){
		c = getbyte();
		if(c == Esc)
			c = escape();
		if(c == -1){
			r = l.len == 0 ? Eof : Done;
			break;
		}
		if(c == -2){
			if(errno == EINTR && rceditsignal && !rceditsignal()){
				refresh(&l);
				continue;
			}
			e = errno;
			r = e == EINTR ? Intr : Fail;
			sig = 1;
			break;
		}
		r = key(&l, c);
		if(r == More)
			refresh(&l);
		else if(r == Intr)
			e = EINTR;
		else if(r == Fail)
			e = errno;
	}
	if(r == Done){
		l.pos = l.len;
		refresh(&l);
	}
	puts0(r == Intr && !sig ? "^C\r\n" : "\r\n");
	tcsetattr(infd, TCSADRAIN, &old);
	free(l.saved);
	if(r == Done)
		return l.buf;
	free(l.buf);
	errno = r == Eof ? 0 : e;
	return NULL;
}

void
rceditadd(const char *line)
{
	char *s;

	if(line == NULL || *line == '\0')
		return;
	if(nhist > 0 && strcmp(history[nhist-1], line) == 0)
		return;
	s = strdup(line);
	if(s == NULL)
		return;
	if(nhist == Nhist){
		free(history[0]);
		memmove(history, history + 1, (Nhist - 1) * sizeof history[0]);
		nhist--;
	}
	history[nhist++] = s;
}
