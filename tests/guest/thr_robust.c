// cflags: -pthread
/* Robust mutexes: a thread that dies holding one hands the next locker
 * EOWNERDEAD (the kernel's robust-list cleanup at thread exit); after
 * pthread_mutex_consistent the mutex works again.  A non-robust mutex
 * left locked is not touched.
 *
 * No .out from qemu-riscv64: QEMU 7.2 has no set_robust_list, so glibc
 * cannot use robust lists there (NAME.noqemu); the expected output is
 * what Linux prints. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t robust, plain = PTHREAD_MUTEX_INITIALIZER;

static void *die_holding(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&robust);
	pthread_mutex_lock(&plain);
	return NULL; /* exits with both locked */
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_t t;
	pthread_create(&t, NULL, die_holding, NULL);
	pthread_join(t, NULL);
	int r = pthread_mutex_lock(&robust);
	printf("lock after the owner died: %s\n",
	       r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
	printf("consistent: %d\n", pthread_mutex_consistent(&robust));
	printf("unlock: %d\n", pthread_mutex_unlock(&robust));
	r = pthread_mutex_lock(&robust);
	printf("lock again: %d\n", r);
	pthread_mutex_unlock(&robust);
	printf("plain mutex still locked: %s\n",
	       pthread_mutex_trylock(&plain) == EBUSY ? "yes" : "no");
	return 0;
}
