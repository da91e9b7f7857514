// cflags: -pthread
/* Blocking synchronisation, all of it futex wait/wake underneath:
 *   - ping-pong: two threads strictly alternate through a mutex and a
 *     condition variable 2000 times; the first rounds print from both
 *     threads, in an order the alternation fixes;
 *   - a semaphore relay: thread k waits on sem[k], prints, posts sem[k+1];
 *   - a barrier: 8 threads x 100 rounds publish a value, wait, check every
 *     other thread's value, wait again; one serial thread per round;
 *   - a bounded queue: 3 producers and 3 consumers, not_full/not_empty
 *     condition variables and a broadcast at the end;
 *   - a rwlock: readers check a two-word invariant writers keep.
 * Output is printed either after joins or by a thread whose turn is forced. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

/* ---- ping-pong ---- */
static pthread_mutex_t pp_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cv = PTHREAD_COND_INITIALIZER;
static int turn; /* 0: ping's turn, 1: pong's */
#define ROUNDS 2000

static void *player(void *arg)
{
	int me = (int)(long)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&pp_mu);
		while (turn != me)
			pthread_cond_wait(&pp_cv, &pp_mu);
		if (i < 3)
			printf("%s %d\n", me ? "pong" : "ping", i);
		turn = !me;
		pthread_cond_signal(&pp_cv);
		pthread_mutex_unlock(&pp_mu);
	}
	return NULL;
}

/* ---- semaphore relay ---- */
#define RELAY 6
static sem_t relay[RELAY + 1];
static void *relay_runner(void *arg)
{
	int k = (int)(long)arg;
	sem_wait(&relay[k]);
	printf("relay %d\n", k);
	sem_post(&relay[k + 1]);
	return NULL;
}

/* ---- barrier ---- */
#define BT 8
#define BROUNDS 100
static pthread_barrier_t bar;
static long slot[BT];
static int bad, serial;
static void *bar_worker(void *arg)
{
	int me = (int)(long)arg;
	for (long r = 0; r < BROUNDS; r++) {
		slot[me] = r * 100 + me;
		if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&serial, 1, __ATOMIC_RELAXED);
		for (int j = 0; j < BT; j++)
			if (slot[j] != r * 100 + j)
				__atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
		/* nobody overwrites a slot being checked */
		pthread_barrier_wait(&bar);
	}
	return NULL;
}

/* ---- bounded queue ---- */
#define QN 4
#define PER 1000
static pthread_mutex_t q_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long q[QN];
static int q_head, q_len, producers_left = 3;
static long q_total, q_count;

static void *producer(void *arg)
{
	long base = (long)arg * 100000;
	for (long i = 1; i <= PER; i++) {
		pthread_mutex_lock(&q_mu);
		while (q_len == QN)
			pthread_cond_wait(&not_full, &q_mu);
		q[(q_head + q_len++) % QN] = base + i;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&q_mu);
	}
	pthread_mutex_lock(&q_mu);
	if (--producers_left == 0)
		/* wake every consumer to finish */
		pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&q_mu);
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0, n = 0;
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&q_mu);
		while (q_len == 0 && producers_left > 0)
			pthread_cond_wait(&not_empty, &q_mu);
		if (q_len == 0) {
			pthread_mutex_unlock(&q_mu);
			break;
		}
		sum += q[q_head];
		q_head = (q_head + 1) % QN;
		q_len--;
		n++;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&q_mu);
	}
	__atomic_fetch_add(&q_total, sum, __ATOMIC_RELAXED);
	__atomic_fetch_add(&q_count, n, __ATOMIC_RELAXED);
	return NULL;
}

/* ---- rwlock ---- */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long pair[2]; /* writers keep pair[1] == 2 * pair[0] */
static int torn;
static void *rw_worker(void *arg)
{
	long me = (long)arg;
	for (int i = 0; i < 1000; i++) {
		if (me < 2 && i % 4 == 0) {
			pthread_rwlock_wrlock(&rw);
			pair[0]++;
			pair[1] = 2 * pair[0];
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			if (pair[1] != 2 * pair[0])
				__atomic_fetch_add(&torn, 1, __ATOMIC_RELAXED);
			pthread_rwlock_unlock(&rw);
		}
	}
	return NULL;
}

int main(void)
{
	pthread_t t[8];

	pthread_create(&t[0], NULL, player, (void *)0);
	pthread_create(&t[1], NULL, player, (void *)1);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	printf("ping-pong: %d rounds, turn %d\n", ROUNDS, turn);

	for (int k = 0; k <= RELAY; k++)
		sem_init(&relay[k], 0, 0);
	pthread_t rt[RELAY];
	/* created in reverse: the order comes from the semaphores */
	for (long k = RELAY - 1; k >= 0; k--)
		pthread_create(&rt[k], NULL, relay_runner, (void *)k);
	sem_post(&relay[0]);
	sem_wait(&relay[RELAY]);
	for (int k = 0; k < RELAY; k++)
		pthread_join(rt[k], NULL);

	pthread_barrier_init(&bar, NULL, BT);
	for (long i = 0; i < BT; i++)
		pthread_create(&t[i], NULL, bar_worker, (void *)i);
	for (int i = 0; i < BT; i++)
		pthread_join(t[i], NULL);
	printf("barrier: %d rounds, serial threads %d, mismatches %d\n",
	       BROUNDS, serial, bad);

	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, producer, (void *)(i + 1));
	for (long i = 0; i < 3; i++)
		pthread_create(&t[3 + i], NULL, consumer, (void *)i);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	printf("queue: %ld items, sum %ld\n", q_count, q_total);

	for (long i = 0; i < 6; i++)
		pthread_create(&t[i], NULL, rw_worker, (void *)i);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	printf("rwlock: pair %ld %ld, torn reads %d\n", pair[0], pair[1], torn);
	return 0;
}
