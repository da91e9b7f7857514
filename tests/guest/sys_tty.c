/* Terminal ioctls on a pseudo-terminal: TIOCGPTN, TIOCSPTLCK (via
 * posix_openpt/grantpt/unlockpt/ptsname), TCGETS, TCSETS, TIOCSWINSZ,
 * TIOCGWINSZ, TCFLSH, FIONREAD on a tty.  Without /dev/ptmx it prints
 * one line that differs from the expected output. */
#include "sys_check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) {
        printf("no /dev/ptmx\n");
        return 0;
    }
    OK("grantpt", grantpt(m));
    OK("unlockpt", unlockpt(m));
    char name[64];
    OK("ptsname_r", ptsname_r(m, name, sizeof name));
    YES("name is /dev/pts/N", !strncmp(name, "/dev/pts/", 9));
    VAL("TIOCGPTN bad pointer", ioctl(m, TIOCGPTN, BAD));
    int s = open(name, O_RDWR | O_NOCTTY);
    YES("open slave", s >= 0);
    VAL("isatty", isatty(s));

    struct termios t;
    OK("tcgetattr", tcgetattr(s, &t));
    t.c_lflag &= ~(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    OK("tcsetattr", tcsetattr(s, TCSANOW, &t));
    struct termios t2;
    tcgetattr(s, &t2);
    YES("lflag round trip", !(t2.c_lflag & (ICANON | ECHO)));
    YES("VMIN round trip", t2.c_cc[VMIN] == 1);
    OK("tcsetattr drain", tcsetattr(s, TCSADRAIN, &t));
    OK("tcsetattr flush", tcsetattr(s, TCSAFLUSH, &t));
    VAL("TCGETS bad pointer", ioctl(s, TCGETS, BAD));
    VAL("TCSETS bad pointer", ioctl(s, TCSETS, BAD));

    struct winsize ws = {.ws_row = 33, .ws_col = 101};
    OK("TIOCSWINSZ", ioctl(m, TIOCSWINSZ, &ws));
    struct winsize w2 = {0};
    OK("TIOCGWINSZ", ioctl(s, TIOCGWINSZ, &w2));
    printf("winsize %d x %d\n", w2.ws_row, w2.ws_col);
    VAL("TIOCGWINSZ bad pointer", ioctl(s, TIOCGWINSZ, BAD));

    VAL("write master", write(m, "hi\n", 3));
    char buf[16] = {0};
    VAL("read slave", read(s, buf, sizeof buf));
    printf("slave read: %s", buf);
    int n = 0;
    OK("FIONREAD slave", ioctl(s, FIONREAD, &n));
    VAL("bytes left", n);
    OK("tcflush", tcflush(m, TCIOFLUSH));
    OK("TIOCGPGRP", ioctl(s, TIOCGPGRP, &n) == 0 || errno == ENOTTY ? 0 : -1);
    close(s);
    close(m);
    return 0;
}
