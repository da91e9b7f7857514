// cflags: -dynamic -pthread
/* thr_tls.c dynamically linked: ld.so lays out the static TLS block and
 * allocates each new thread's copy (and the static tp offset).  Note: the
 * build only rebuilds this when thr_tls_dyn.c itself changes, so touch it
 * after editing thr_tls.c. */
#include "thr_tls.c"
