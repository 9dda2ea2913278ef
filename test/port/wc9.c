/* wc9: count lines, words, runes and bytes, as a Plan 9 program would (bio, runes, ARGBEGIN). */
#include <u.h>
#include <libc.h>
#include <bio.h>

typedef struct Count Count;
struct Count {
	vlong lines;
	vlong words;
	vlong runes;
	vlong bytes;
};

Biobuf bout;
int longest;

void
usage(void)
{
	fprint(2, "usage: %s [-L] [file ...]\n", argv0);
	exits("usage");
}

void
count(Biobuf *b, Count *c)
{
	long r;
	int inword, len;

	inword = 0;
	len = 0;
	while((r = Bgetrune(b)) >= 0){
		c->runes++;
		c->bytes += runelen(r);
		if(r == '\n'){
			c->lines++;
			if(len > longest)
				longest = len;
			len = 0;
		}else
			len++;
		if(isspacerune(r))
			inword = 0;
		else if(!inword){
			inword = 1;
			c->words++;
		}
	}
}

void
show(Count *c, char *name)
{
	Bprint(&bout, "%7lld %7lld %7lld %7lld", c->lines, c->words, c->runes, c->bytes);
	if(name != nil)
		Bprint(&bout, " %s", name);
	Bputc(&bout, '\n');
}

void
main(int argc, char *argv[])
{
	Count c, total;
	Biobuf *b;
	char *status;
	int i, lflag;

	lflag = 0;
	ARGBEGIN{
	case 'L':
		lflag = 1;
		break;
	default:
		usage();
	}ARGEND

	Binit(&bout, 1, OWRITE);
	status = nil;
	memset(&total, 0, sizeof total);
	if(argc == 0){
		b = Bfdopen(0, OREAD);
		memset(&c, 0, sizeof c);
		count(b, &c);
		show(&c, nil);
		Bterm(b);
	}
	for(i = 0; i < argc; i++){
		if((b = Bopen(argv[i], OREAD)) == nil){
			fprint(2, "%s: %r\n", argv0);
			status = "open";
			continue;
		}
		memset(&c, 0, sizeof c);
		count(b, &c);
		show(&c, argv[i]);
		total.lines += c.lines;
		total.words += c.words;
		total.runes += c.runes;
		total.bytes += c.bytes;
		Bterm(b);
	}
	if(argc > 1)
		show(&total, "total");
	if(lflag)
		Bprint(&bout, "longest line: %d runes\n", longest);
	exits(status);		/* bout is flushed on the way out */
}
