/* File descriptors: dup/dup2/dup3, fcntl, pipe2, ioctl (FIONREAD; a
 * pty's termios and window size, FIONBIO, FIOCLEX), close, and the errors
 * of each on a bad descriptor. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <sys/syscall.h>
#include "golden.h"

int main(int argc, char **argv)
{
	const char *dir = golden_dir(argc, argv);
	char path[4096], buf[16];
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int p[2], fd, n, pt, tty, zero = 0, one = 1;
	struct termios tio;

	golden_begin();
	fd = open(golden_path(path, sizeof(path), dir, "f"),
		  O_CREAT | O_WRONLY | O_APPEND, 0600);
	MUST(fd == 3);
	MUST(dup(fd) == 4);
	MUST(dup2(fd, 10) == 10);
	MUST(dup3(fd, 11, O_CLOEXEC) == 11);
	MUST(dup2(42, 12) == -1);
	MUST(fcntl(fd, F_GETFD) == 0);
	MUST(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
	MUST(fcntl(11, F_GETFD) == FD_CLOEXEC);
	MUST(fcntl(fd, F_GETFL) >= 0);
	MUST(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK) == 0);
	MUST(fcntl(fd, F_DUPFD, 20) == 20);
	MUST(fcntl(fd, F_DUPFD_CLOEXEC, 30) == 30);
	MUST(fcntl(fd, F_GETLK, NULL) == -1);

	MUST(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	MUST(read(p[0], buf, sizeof(buf)) == -1);
	MUST(write(p[1], "abc", 3) == 3);
	MUST(ioctl(p[0], FIONREAD, &n) == 0 && n == 3);
	MUST(ioctl(fd, TCGETS, buf) == -1);
	MUST(read(p[0], buf, sizeof(buf)) == 3);

	/* a pty, its other end by TIOCGPTPEER: no /dev/pts/N path, which differs between runs */
	MUST((pt = open("/dev/ptmx", O_RDWR | O_NOCTTY)) >= 0);
	MUST(ioctl(pt, TIOCSPTLCK, &zero) == 0);
	MUST((tty = ioctl(pt, TIOCGPTPEER, O_RDWR | O_NOCTTY)) >= 0);
	MUST(ioctl(tty, TCGETS, &tio) == 0);
	tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	MUST(ioctl(tty, TCSETSW, &tio) == 0);
	MUST(ioctl(tty, TCGETS, &tio) == 0);
	MUST(ioctl(tty, TIOCSWINSZ, &ws) == 0);
	MUST(ioctl(tty, TIOCGWINSZ, &ws) == 0 && ws.ws_col == 80);
	MUST(ioctl(tty, FIONBIO, &one) == 0);
	MUST(ioctl(tty, FIOCLEX) == 0);
	MUST(ioctl(tty, FIONCLEX) == 0);
	MUST(close(tty) == 0);
	MUST(close(pt) == 0);

	MUST(close(p[0]) == 0);
	MUST(close(p[1]) == 0);
	MUST(close(30) == 0);
	MUST(close(20) == 0);
	MUST(close(11) == 0);
	MUST(close(10) == 0);
	MUST(close(4) == 0);
	MUST(close(fd) == 0);
	MUST(close(fd) == -1);
	return 0;
}
