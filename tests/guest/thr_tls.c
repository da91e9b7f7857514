// cflags: -pthread
/* Thread-local storage: each thread gets its own tp (set by clone's
 * CLONE_SETTLS) and its own copy of the TLS block: initialised data
 * (.tdata) starts at its initial value, not main's current one, and zero
 * data (.tbss) at zero; writes stay private while all threads are alive at
 * once (a barrier holds them); &var - tp is the same in every thread (the
 * local-exec offset); errno is per thread.  Main prints after the joins.
 * thr_tls_dyn.c builds this same source dynamically linked (TLS set up by
 * ld.so). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NT 8
static __thread int tinit = 42;
static __thread long tzero;
static _Thread_local char tbuf[100];

static pthread_barrier_t bar;
struct result {
	int fresh;     /* saw tinit 42, tzero 0, tbuf empty at start */
	int kept;      /* own values intact after every thread wrote */
	int own_errno; /* errno unchanged by other threads' failures */
	void *tp, *addr;
};
static struct result res[NT];

static void *get_tp(void)
{
	void *tp;
	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

static void *worker(void *arg)
{
	int me = (int)(long)arg;
	struct result *r = &res[me];
	r->fresh = tinit == 42 && tzero == 0 && tbuf[0] == 0 && tbuf[99] == 0;
	r->tp = get_tp();
	r->addr = &tinit;
	tinit = 1000 + me;
	tzero = -me;
	memset(tbuf, 'a' + me, sizeof tbuf);
	/* odd threads fail with EBADF, even ones with ENOENT */
	if (me % 2)
		close(-1);
	else
		open("/nonexistent/thr_tls", O_RDONLY);
	int want = me % 2 ? EBADF : ENOENT;
	pthread_barrier_wait(&bar); /* everybody has written */
	pthread_barrier_wait(&bar);
	r->kept = tinit == 1000 + me && tzero == -me && tbuf[0] == 'a' + me &&
		  tbuf[99] == 'a' + me;
	r->own_errno = errno == want;
	return NULL;
}

int main(void)
{
	pthread_t t[NT];
	tinit = 7; /* threads still start from the initial image: 42 */
	tzero = 99;
	errno = 0;
	pthread_barrier_init(&bar, NULL, NT);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);

	void *mtp = get_tp();
	long off = (char *)&tinit - (char *)mtp;
	int fresh = 1, kept = 1, own_errno = 1, distinct = 1, same_off = 1;
	for (int i = 0; i < NT; i++) {
		fresh &= res[i].fresh;
		kept &= res[i].kept;
		own_errno &= res[i].own_errno;
		same_off &= (char *)res[i].addr - (char *)res[i].tp == off;
		distinct &= res[i].tp != mtp && res[i].addr != (void *)&tinit;
		for (int j = 0; j < i; j++)
			distinct &= res[i].tp != res[j].tp &&
				    res[i].addr != res[j].addr;
	}
	printf("threads start from the initial TLS image: %s\n",
	       fresh ? "yes" : "no");
	printf("threads keep their own TLS values: %s\n", kept ? "yes" : "no");
	printf("errno per thread: %s\n", own_errno ? "yes" : "no");
	printf("tp and &tinit distinct per thread: %s\n",
	       distinct ? "yes" : "no");
	printf("&tinit - tp the same in every thread: %s\n",
	       same_off ? "yes" : "no");
	printf("main keeps its own: tinit %d tzero %ld errno %d\n", tinit,
	       tzero, errno);
	return 0;
}
