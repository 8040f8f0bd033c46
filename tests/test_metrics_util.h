/* tests/test_metrics_util.h - helpers shared by the metrics tests.
 * Include after otel.h (with OTEL_IMPLEMENTATION) and test_core_util.h. */
#ifndef OTEL_TEST_METRICS_UTIL_H
#define OTEL_TEST_METRICS_UTIL_H

/* points of stream `name` in the last collection */
static TU_UNUSED size_t tm_points_of(const char *name) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    size_t n = 0;
    while (otel_metrics_next(&it, &mi, &p)) n += strcmp(mi.name, name) == 0;
    return n;
}
/* otel_init with these views (cumulative, no environment) */
static TU_UNUSED void tm_init_views(const otel_view *v, size_t n) {
    otel_config c;
    tu_config(&c);
    c.metric_temporality = OTEL_TEMPORALITY_CUMULATIVE;
    c.views = v; c.view_count = n;
    CHECK_EQ_INT(tu_init_cfg(&c), OTEL_OK);
}
/* otel_stats.metric_recordings_dropped */
static TU_UNUSED uint64_t tm_dropped(void) {
    otel_stats st;
    otel_stats_get(&st);
    return st.metric_recordings_dropped;
}
#endif
