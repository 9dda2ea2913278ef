/* edit.h: rcedit, the small line editor interactive rc reads its commands with. */

/*
 * Note for rc: add rc/edit.c to bin_rc_SOURCES. When rc is interactive (-i, or no
 * arguments and fd 0 a terminal) call rceditinit(0) once, then read each command line
 * with rcedit(prompt) instead of printing $prompt and reading fd 0 yourself; pass every
 * line worth remembering to rceditadd. Scripts never go through here.
 *
 * The editor reads fd one byte at a time, so programs that rc starts see the rest of
 * the input untouched. It puts the terminal in raw mode only while a line is being read
 * and restores it before returning, whatever the reason for returning. When fd is not
 * a terminal, or $TERM is unset or "dumb", it prints the prompt on fd 2 and reads a
 * plain line.
 *
 * Keys: left/right and ^B/^F move by one character (UTF-8 aware); ^A/Home and ^E/End
 * go to the ends; backspace/^H delete before the cursor, ^D/Delete under it; ^K kills
 * to the end, ^U to the start, ^W the word before the cursor; up/down and ^P/^N walk
 * the history; ^L clears the screen; ^C abandons the line; return ends it. A line
 * wider than the terminal scrolls sideways.
 */

/*
 * Prepare to edit lines read from fd. Returns 1 when lines will be edited (fd is a
 * terminal that is not dumb), 0 when rcedit will read plain lines. Calling it again
 * with another fd switches to that fd. Without a call, fd 0 is used.
 */
int	rceditinit(int fd);

/*
 * Print prompt and read one line. Returns the line, without its newline, in memory
 * the caller frees; nil when there is no line, with errno telling why: 0 at end of
 * input (^D on an empty line, or end of file), EINTR when the user typed ^C or a
 * signal interrupted the read (rc should then run its note handlers, or behave as for
 * an interrupt, and prompt again), anything else for a read error.
 */
char*	rcedit(const char *prompt);

/* Append line to the history (empty lines and repeats of the last line are skipped). */
void	rceditadd(const char *line);

/*
 * When set, called when a signal interrupts the reading of a line: non-zero abandons
 * the line (rcedit returns nil with errno EINTR), zero goes on editing it, redrawn
 * (the signal may have been a change of the window's size). Unset, every signal
 * abandons the line.
 */
extern int (*rceditsignal)(void);
