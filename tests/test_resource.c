/* Resource detectors: what each detector sets, the switch that turns them
   off (resource_detectors, OTEL_H_RESOURCE_DETECTORS), opt-in
   process.command_args, configured attributes winning over detected
   ones, and the resource's schema URL. End to end against the receiver: tests/node/resource_check.js. */
#define OTEL_IMPLEMENTATION
#include "otel.h"
#include "test.h"
#include "test_core_util.h"

static int init_with(const char *detectors) {
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    c.resource_detectors = detectors;
    return tu_init_cfg(&c);
}
static const char *res_str(const char *key) {
    const otel_attr *a = tu_resource(key);
    return a && a->type == OTEL_TYPE_STRING ? a->v.str.ptr : NULL;
}

TEST(defaults) {
    tu_clear_env();
    CHECK_EQ_INT(init_with(NULL), OTEL_OK);
    char host[256];
    CHECK(gethostname(host, sizeof host) == 0);
    CHECK_STR(res_str("host.name"), host);
    CHECK(res_str("host.arch") && res_str("os.type") && res_str("os.description") && res_str("os.version"));
    const otel_attr *pp = tu_resource("process.parent_pid");
    CHECK(pp && pp->type == OTEL_TYPE_INT && pp->v.i == (int64_t)getppid());
    CHECK_STR(res_str("process.executable.name"), "test_resource");
    CHECK(res_str("process.executable.path") && strstr(res_str("process.executable.path"), "/test_resource"));
    CHECK(res_str("process.owner") != NULL);
    const char *id = res_str("service.instance.id");
    CHECK(id && strlen(id) == 36 && id[8] == '-' && id[14] == '4' && strchr("89ab", id[19]));
    CHECK(tu_resource("process.command_args") == NULL);
    char first[37];
    snprintf(first, sizeof first, "%s", id ? id : "");
    tu_shutdown();
    CHECK_EQ_INT(init_with(NULL), OTEL_OK);
    CHECK(res_str("service.instance.id") && strcmp(res_str("service.instance.id"), first) != 0);
    tu_shutdown();
}

TEST(switches) {
    tu_clear_env();
    CHECK_EQ_INT(init_with("none"), OTEL_OK);
    CHECK(!tu_resource("host.name") && !tu_resource("os.type") && !tu_resource("process.parent_pid") &&
          !tu_resource("service.instance.id"));
    CHECK(tu_resource("process.pid") && tu_resource("service.name") && tu_resource("telemetry.sdk.name"));
    tu_shutdown();
    setenv("OTEL_H_RESOURCE_DETECTORS", "os", 1);
    CHECK_EQ_INT(init_with(NULL), OTEL_OK);
    CHECK(tu_resource("os.type") && !tu_resource("host.name"));
    tu_shutdown();
    CHECK_EQ_INT(init_with("Service, command_args, bogus"), OTEL_OK);   /* the field wins over the variable */
    CHECK(tu_resource("service.instance.id") && !tu_resource("os.type"));
    const otel_attr *args = tu_resource("process.command_args");
    CHECK(args && args->type == OTEL_TYPE_STRING_ARRAY && args->v.strs.count >= 1);
    if (args && args->v.strs.count) {
        uint32_t n;
        memcpy(&n, args->v.strs.packed, 4);
        CHECK(n > 0 && strstr(args->v.strs.packed + 4, "test_resource") != NULL);
    }
    tu_shutdown();
    unsetenv("OTEL_H_RESOURCE_DETECTORS");
    setenv("OTEL_RESOURCE_ATTRIBUTES", "host.name=set,service.instance.id=i-1", 1);
    CHECK_EQ_INT(init_with(NULL), OTEL_OK);
    CHECK_STR(res_str("host.name"), "set");
    CHECK_STR(res_str("service.instance.id"), "i-1");
    tu_shutdown();
    unsetenv("OTEL_RESOURCE_ATTRIBUTES");
}

/* the resource's schema URL: the detectors' conventions, a configured one
   (copied), "" for none, none without detectors */
TEST(schema_url) {
    tu_clear_env();
    CHECK_EQ_INT(init_with(NULL), OTEL_OK);
    CHECK_STR(otel_resource_schema_url(), OTEL_SEMCONV_SCHEMA_URL);
    CHECK_STR(otel_resource_schema_url(), "https://opentelemetry.io/schemas/1.31.0");
    tu_shutdown();
    CHECK_EQ_INT(init_with("none"), OTEL_OK);
    CHECK(otel_resource_schema_url() == NULL);
    tu_shutdown();
    char url[64];
    snprintf(url, sizeof url, "https://example.com/s/2");
    otel_config c;
    memset(&c, 0, sizeof c);
    c.processor = &tu_null_processor;
    c.resource_detectors = "none";
    c.resource_schema_url = url;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    url[0] = 'X';   /* copied at otel_init */
    CHECK_STR(otel_resource_schema_url(), "https://example.com/s/2");
    tu_shutdown();
    c.resource_detectors = NULL;
    c.resource_schema_url = "";
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    CHECK(otel_resource_schema_url() == NULL && tu_resource("host.name"));
    tu_shutdown();
    static char big[5000];   /* more than the resource's storage: warned, none sent */
    memset(big, 'u', sizeof big - 1);
    c.resource_schema_url = big;
    tu_capture_begin();
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
    const char *err = tu_capture_end();
    CHECK(otel_resource_schema_url() == NULL && strstr(err, "resource_schema_url: no room") != NULL);
    tu_shutdown();
}

int main(void) {
    RUN(defaults);
    RUN(switches);
    RUN(schema_url);
    return test_summary("resource");
}
