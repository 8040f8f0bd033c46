/* Security: secrets are redacted on every path that reaches the wire
   (span attributes, events, links, status, resource, log records, metric
   attributes, command arguments); header values, URL credentials and key
   material never appear in warnings; TLS verification is off only by
   explicit configuration, with a loud warning. */
#define OTEL_IMPLEMENTATION
#include "otel_export.h"
#include "test.h"
#include "test_core_util.h"

#define SECRET_KEY "sk-SECRETSECRETSECRET0123"
#define PASSWORD "hunter2hunter2"
static char sent[1 << 20];
static size_t sent_len;
static int capture(void *user, const char *path, const char *ct, const void *body, size_t len, int timeout_ms,
                   otel_transport_result *res) {
    (void)user; (void)path; (void)ct; (void)timeout_ms;
    if (sent_len + len + 1 < sizeof sent) { memcpy(sent + sent_len, body, len); sent_len += len; sent[sent_len++] = '\n'; }
    res->http_status = 200;
    return OTEL_OK;
}
static int sent_contains(const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= sent_len; i++) if (memcmp(sent + i, needle, k) == 0) return 1;
    return 0;
}

TEST(secrets_redacted_on_every_path) {
    for (int json = 0; json < 2; json++) {
        sent_len = 0;
        otel_export_config ec;
        memset(&ec, 0, sizeof ec);
        ec.transport = capture;
        ec.protocol = json ? OTEL_PROTOCOL_HTTP_JSON : OTEL_PROTOCOL_HTTP_PROTOBUF;
        otel_config c;
        memset(&c, 0, sizeof c);
        c.ignore_env = 1;
        c.exporter = &ec;
        c.resource_attributes = "deploy.password=" PASSWORD ",deploy.url=https://bob:" PASSWORD "@example.com/x,deploy.note=key%20" SECRET_KEY;
        CHECK_EQ_INT(otel_init(&c), OTEL_OK);
        otel_span *s = otel_span_begin("secrets", OTEL_SPAN_KIND_INTERNAL);
        otel_span_set_str(s, "password", PASSWORD);
        otel_span_set_str(s, "note", "use " SECRET_KEY " here");
        otel_attr ea[2] = {OTEL_ATTR_STR("authorization", "Bearer " PASSWORD), OTEL_ATTR_STR("msg", "token " SECRET_KEY)};
        otel_span_add_event(s, "event", ea, 2);
        otel_span_context other = otel_span_get_context(s);
        otel_span_add_link(s, &other, ea, 2);
        otel_span_set_status(s, OTEL_STATUS_ERROR, "failed with " SECRET_KEY);
        const char *argv[] = {"/bin/true", "--password=" PASSWORD, "--key=" SECRET_KEY, NULL};
        otel_exec_options opt;
        memset(&opt, 0, sizeof opt);
        opt.record_args = 1;
        otel_exec_result r;
        otel_exec_run(argv, &opt, &r);
        otel_event("login", OTEL_SEVERITY_INFO, "user logged in with Bearer " PASSWORD, ea, 2);
        otel_log(OTEL_SEVERITY_WARN, "key " SECRET_KEY " leaked?", NULL, 0);
        otel_instrument *m = otel_counter_create("sec.count", "1", "");
        otel_counter_add(m, 1, ea, 2);
        otel_span_end(s);
        CHECK_EQ_INT(otel_flush(3000), OTEL_OK);
        CHECK_EQ_INT(otel_shutdown(2000), OTEL_OK);
        CHECK(sent_len > 500);
        CHECK(!sent_contains(PASSWORD));
        CHECK(!sent_contains("SECRETSECRET"));
        CHECK(sent_contains("[REDACTED]"));
        CHECK(sent_contains("REDACTED:REDACTED@example.com"));
    }
}

TEST(no_header_values_or_credentials_in_warnings) {
    otel_export_config ec;
    memset(&ec, 0, sizeof ec);
    ec.endpoint = "http://127.0.0.1:1/base?token=" PASSWORD;
    ec.headers = "authorization=Bearer%20" PASSWORD ",x-api-key=" PASSWORD ",bad entry";
    ec.timeout_ms = 200;
    ec.retry_initial_ms = 50;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.ignore_env = 1;
    c.exporter = &ec;
    tu_capture_begin();
    CHECK_EQ_INT(otel_init(&c), OTEL_OK);
    otel_span_end(otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL));
    otel_flush(500);
    otel_shutdown(300);
    /* an endpoint with credentials is refused, and not printed with them */
    ec.endpoint = "https://alice:" PASSWORD "@127.0.0.1:1";
    otel_init(&c);
    otel_shutdown(100);
    c.resource_attributes = "ok=1,db.password" PASSWORD;   /* malformed: no '=' */
    otel_init(&c);
    otel_shutdown(100);
    const char *err = tu_capture_end();
    CHECK(strstr(err, "failed") != NULL);                   /* the warnings were there */
    CHECK(strstr(err, PASSWORD) == NULL);
    if (strstr(err, PASSWORD)) printf("  leaked in: %s\n", err);
}

TEST(tls_verification_off_only_by_explicit_config) {
    static const char key_pem[] = "-----BEGIN PRIVATE KEY-----\nPRIVATEKEYMATERIAL0123456789\n-----END PRIVATE KEY-----\n";
    char kpath[] = "/tmp/otel-key-XXXXXX";
    int fd = mkstemp(kpath);
    CHECK(fd >= 0 && write(fd, key_pem, sizeof key_pem - 1) == (ssize_t)(sizeof key_pem - 1));
    close(fd);
    setenv("OTEL_EXPORTER_OTLP_INSECURE", "true", 1);   /* the gRPC variable: no effect on verification here */
    otel_export_config ec;
    memset(&ec, 0, sizeof ec);
    ec.endpoint = "https://127.0.0.1:1";
    ec.timeout_ms = 200;
    ec.client_certificate = kpath;
    ec.client_key = kpath;
    otel_config c;
    memset(&c, 0, sizeof c);
    c.exporter = &ec;
    c.ignore_env = 0;
    setenv("OTEL_TRACES_EXPORTER", "otlp", 1);
    tu_capture_begin();
    otel_init(&c);
    otel_span_end(otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL));
    otel_flush(400);
    otel_shutdown(200);
    const char *err1 = tu_capture_end();
    static char first[65536];
    snprintf(first, sizeof first, "%s", err1);
    CHECK(strstr(first, "verification is OFF") == NULL);
    CHECK(strstr(first, "PRIVATEKEYMATERIAL") == NULL);
    ec.insecure_skip_verify = 1;
    tu_capture_begin();
    otel_init(&c);
    otel_span_end(otel_span_begin("x", OTEL_SPAN_KIND_INTERNAL));
    otel_flush(400);
    otel_shutdown(200);
    const char *err2 = tu_capture_end();
    CHECK(strstr(err2, "INSECURE: TLS certificate verification is OFF") != NULL);
    CHECK(strstr(err2, "PRIVATEKEYMATERIAL") == NULL);
    unsetenv("OTEL_EXPORTER_OTLP_INSECURE");
    unsetenv("OTEL_TRACES_EXPORTER");
    unlink(kpath);
}

int main(void) {
    tu_clear_env();
    RUN(secrets_redacted_on_every_path);
    RUN(no_header_values_or_credentials_in_warnings);
    RUN(tls_verification_off_only_by_explicit_config);
    return test_summary("security");
}
