/* tests/test.h - the tiny test framework every C test in tests/ uses.
 *
 *   TEST(name) { CHECK(cond); CHECK_EQ_INT(a, b); CHECK_STR(a, b); }
 *   int main(void) { RUN(name); ...; return test_summary("suite"); }
 *
 * Each test binary prints one line per failed check, then
 * "# <suite>: N passed, N failed" (counting TEST cases). tests/run.sh adds
 * the lines of every binary into the single closing "N passed, N failed". */
#ifndef OTEL_TEST_H
#define OTEL_TEST_H
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static int test__passed, test__failed, test__case_failed;
static const char *test__case;

#define TEST(name) static void name(void)
#define RUN(name) do { test__case = #name; test__case_failed = 0; name(); \
    if (test__case_failed) { test__failed++; printf("FAIL %s\n", #name); } \
    else { test__passed++; if (getenv("TEST_VERBOSE")) printf("ok   %s\n", #name); } \
    fflush(stdout); } while (0)
#define CHECK(cond) do { if (!(cond)) { test__case_failed = 1; \
    printf("  %s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, test__case, #cond); } } while (0)
#define CHECK_EQ_INT(a, b) do { long long test__a = (long long)(a), test__b = (long long)(b); \
    if (test__a != test__b) { test__case_failed = 1; \
    printf("  %s:%d: %s: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, test__case, \
           #a, test__a, #b, test__b); } } while (0)
#define CHECK_STR(a, b) do { const char *test__sa = (a), *test__sb = (b); \
    if (!test__sa || !test__sb || strcmp(test__sa, test__sb) != 0) { test__case_failed = 1; \
    printf("  %s:%d: %s: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, test__case, \
           #a, test__sa ? test__sa : "(null)", test__sb ? test__sb : "(null)"); } } while (0)

static int test_summary(const char *suite) {
    printf("# %s: %d passed, %d failed\n", suite, test__passed, test__failed);
    return test__failed ? 1 : 0;
}
#endif
