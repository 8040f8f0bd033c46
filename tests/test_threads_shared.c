/* The thread tests again with three completion slots: two threads publish
   on streams of their own, every other thread shares slot 0 (its list,
   pushed with compare-and-swap). Every span must still arrive once, with
   its parent, under ThreadSanitizer too. */
#define OTEL_MAX_THREADS 3
#define TEST_THREADS_NAME "threads-shared"
#include "test_threads.c"
