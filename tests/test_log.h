/* test_log.h - the library's warnings kept in g_log for a test to search
   (included before otel.h, so that OTEL_LOG is the hook) */
#ifndef TEST_LOG_H
#define TEST_LOG_H
#include <string.h>
static char g_log[8192];
static void hook_log(const char *msg) {
    size_t n = strlen(g_log);
    if (n + strlen(msg) + 2 < sizeof g_log) { strcat(g_log, msg); strcat(g_log, "\n"); }
}
#define OTEL_LOG(msg) hook_log(msg)
#endif
