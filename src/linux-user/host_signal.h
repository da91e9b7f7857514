/* Asynchronous host signals delivered to the guest (see host_signal.c). */
#ifndef LOUPE_LINUX_USER_HOST_SIGNAL_H
#define LOUPE_LINUX_USER_HOST_SIGNAL_H

#include <signal.h>
#include <stdint.h>

struct lu_process;

/* At start: catch the host signals the guest may see; signals ignored
 * when loupe starts stay ignored for the guest. */
void lu_host_signals_init(struct lu_process *p);

/* The guest set sig's handler (0 SIG_DFL, 1 SIG_IGN, or an address):
 * make the host disposition follow. */
void lu_host_signal_follow(int sig, uint64_t guest_handler);

/* The calling thread's guest mask changed: block the forwarded host
 * signals it blocks.  Returns nothing; cannot fail. */
void lu_host_mask_follow(uint64_t guest_mask);

/* Unblock, on the calling host thread, the forwarded signals of set (a
 * guest sigtimedwait waits for them); *saved gets the host mask to put
 * back with lu_host_mask_restore. */
void lu_host_mask_unblock(uint64_t set, sigset_t *saved);
void lu_host_mask_restore(const sigset_t *saved);

/* Forwarded signals pending on the host for this thread or the process
 * (guest bit layout). */
uint64_t lu_host_pending(void);

/* The signal mask loupe was started with, as the guest's first mask
 * (a mask survives exec). */
uint64_t lu_host_initial_mask(void);

#endif
