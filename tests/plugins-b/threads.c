/* Four threads that each sum a private array: exercises the plugins with
 * several vCPUs (bbv writes one file per vCPU; cache and drcov share state
 * between them). */
#include <pthread.h>
#include <stdio.h>

#define N 4
#define LEN 4096

static long data[N][LEN];
static long result[N];

static void *work(void *arg)
{
    long id = (long)arg, s = 0;
    for (int rep = 0; rep < 8; rep++)
        for (int i = 0; i < LEN; i++)
            s += data[id][i] += i ^ id;
    result[id] = s;
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, work, (void *)i);
    long total = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        total += result[i];
    }
    printf("total %ld\n", total);
    return 0;
}
