/* Asynchronous host signals delivered to the guest (see host_signal.c). */
#ifndef LOUPE_LINUX_USER_HOST_SIGNAL_H
#define LOUPE_LINUX_USER_HOST_SIGNAL_H

#include <stdint.h>

struct lu_process;

/* At start: catch the host signals the guest may see; signals ignored
 * when loupe starts stay ignored for the guest. */
void lu_host_signals_init(struct lu_process *p);

/* The guest set sig's handler (0 SIG_DFL, 1 SIG_IGN, or an address):
 * make the host disposition follow. */
void lu_host_signal_follow(int sig, uint64_t guest_handler);

#endif
