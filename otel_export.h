/* otel_export.h - OTLP exporter for otel.h: traces, metrics and logs as
   protobuf or JSON (one writer; nanopb decodes the responses), a built-in
   HTTP/1.1 client with TLS through mbedtls, OTLP/gRPC over a built-in
   HTTP/2 client, batching on the background thread.                   v0.1.0

   HOW TO USE
     In exactly one .c file:
         #define OTEL_IMPLEMENTATION
         #include "otel_export.h"        (it includes otel.h first)
     Include otel_export.h before otel.h in that file (or only it): otel.h's
     implementation looks for the exporter when it is compiled.
     Link with: -lpthread -lprotobuf-nanopb -lmbedtls -lmbedx509 -lmbedcrypto
     (without the last three when built with OTEL_NO_TLS).

     otel_init(NULL) then exports spans to OTEL_EXPORTER_OTLP_ENDPOINT
     (http://localhost:4318 by default) from the background thread. The
     instrumented threads never wait on the network: when the backend is slow
     or down, ended spans wait in the arena, and what the arena cannot hold is
     dropped and counted (otel_stats).

   CONFIGURATION MACROS
     OTEL_NO_TLS               no mbedtls: http only (https endpoints fail with a warning)
     OTEL_EXPORT_BUFFER_SIZE   send buffers of a signal, together, allocated at init (4 MiB)
     OTEL_EXPORT_BUFFERS       send buffers per signal (2): one request on the wire
                               while the next is encoded; each holds one request
                               of at most OTEL_EXPORT_BUFFER_SIZE / OTEL_EXPORT_BUFFERS
                               (a batch larger than that is split)
     OTEL_HTTP_MAX_RESPONSE    response body kept for parsing (64 KiB)
     OTEL_NO_GRPC              no OTLP/gRPC (HTTP/2, HPACK): protocol grpc falls back to http/protobuf
     OTEL_NO_JSON              no OTLP/JSON: protocol http/json falls back to
                               http/protobuf; the file exporter (JSON lines) is
                               an unknown exporter name
     OTEL_NO_SPOOL             no disk spool: OTEL_H_SPOOL_DIR (spool_dir) warned, ignored
     OTEL_NO_PARTIAL_SUCCESS   protobuf responses not decoded: rejected items of a
                               partial success neither counted nor warned (no
                               nanopb decoder linked; -lprotobuf-nanopb not needed)
     OTEL_GRPC_MAX_HEADER_BLOCK  largest gRPC response header block (64 KiB)
     OTEL_GRPC_CALLS           gRPC calls of a signal in flight at once, each on
                               its own HTTP/2 stream of one connection
                               (OTEL_EXPORT_BUFFERS; gzip: one at a time)
     OTEL_ZLIB                 gzip compression through zlib (off unless defined;
                               link with -lz, Debian zlib1g-dev). Without it,
                               asking for gzip warns once and sends uncompressed
     OTEL_ZLIB_LEVEL           deflate level for gzip (1: about the size of 6
                               for half the CPU time, bench_export)

   ENVIRONMENT (a field of otel_export_config set in code wins)
     OTEL_TRACES_EXPORTER                   otlp (default) | file | console | none, or a
     OTEL_METRICS_EXPORTER, OTEL_LOGS_EXPORTER  comma list (otlp,console), each signal on
                                            its own; unknown names warned, the rest
                                            kept; one of otlp/file per signal
     OTEL_METRICS_EXPORTER=prometheus       a thread serves GET /metrics (text format
                                            0.0.4; cumulative; one client at a time,
                                            5 s and 8 KiB each) on
     OTEL_EXPORTER_PROMETHEUS_HOST, _PORT   (localhost, 9464); each scrape collects
     OTEL_METRICS_EXPORTER=otlp,console     a comma list: a metric reader each (at most
                                            OTEL_MAX_METRIC_READERS), with its own
                                            state, channel and buffer; or in code
                                            otel_export_config.metric_readers (an
                                            endpoint, protocol, interval, timeout and
                                            temporality each; a prometheus one also
                                            without_scope_info, without_type_suffix,
                                            without_units)
     Every OTEL_EXPORTER_OTLP_TRACES_* variable below has METRICS_ and LOGS_
     forms too (endpoint /v1/metrics, /v1/logs).
     OTEL_METRIC_EXPORT_INTERVAL (60000), OTEL_METRIC_EXPORT_TIMEOUT (30000)
     OTEL_BLRP_SCHEDULE_DELAY (1000), OTEL_BLRP_MAX_EXPORT_BATCH_SIZE (512),
     OTEL_BLRP_MAX_QUEUE_SIZE (2048), OTEL_BLRP_EXPORT_TIMEOUT (30000)
     OTEL_EXPORTER_OTLP_ENDPOINT            base URL; /v1/traces is appended
     OTEL_EXPORTER_OTLP_TRACES_ENDPOINT     full URL, used as is
     OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL   http/protobuf (default) | http/json | grpc
       grpc: unary Export calls over HTTP/2 (up to OTEL_GRPC_CALLS at once,
       each on its own stream of one connection), h2c for http:// and TLS with
       ALPN h2 for https://; the endpoint (http://localhost:4317 by default)
       gives host and port only; headers are sent as metadata (lowercase),
       the timeout as grpc-timeout
     OTEL_EXPORTER_OTLP_(TRACES_)INSECURE   true: a gRPC endpoint given as host:port
       (no scheme) is plain h2c; otherwise (default false) TLS. An endpoint
       with http:// or https:// says it itself
     OTEL_EXPORTER_OTLP_(TRACES_)HEADERS    k=v,k2=v2 (values percent-decoded; names the
                                            exporter sets itself are refused with a
                                            warning: host, content-length,
                                            transfer-encoding, content-type,
                                            connection, te, keep-alive, upgrade,
                                            proxy-connection, content-encoding,
                                            grpc-encoding, :pseudo-headers)
     OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT    ms per request (10000); 0: no limit of the
                                            request's own (the export's still holds)
     OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION  none (default) | gzip: the request
       body as Content-Encoding: gzip (OTLP/HTTP), or grpc-encoding: gzip with
       the message's compressed flag set (OTLP/gRPC); needs OTEL_ZLIB
     OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE  CA bundle for https (system bundle)
     OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_CERTIFICATE, _CLIENT_KEY   mTLS
     OTEL_BSP_SCHEDULE_DELAY (5000), OTEL_BSP_EXPORT_TIMEOUT (30000),
     OTEL_BSP_MAX_EXPORT_BATCH_SIZE (512; at most half the arena's blocks),
     OTEL_BSP_MAX_QUEUE_SIZE (arena)
     OTEL_H_EXPORTER_FILE                   path for OTEL_TRACES_EXPORTER=file
     OTEL_H_SPOOL_DIR, OTEL_H_SPOOL_MAX_BYTES  the disk spool (off by default;
                                            64 MiB cap): while the backend is
                                            down, what a full queue cannot hold
                                            goes to disk, and is sent later, also
                                            by the next run

   DIAGNOSTICS
     Requests carry User-Agent: OTel-OTLP-Exporter-C/<version>. An OTLP/HTTP
     exporter that meets an HTTP/2 (gRPC) server, or an OTLP/gRPC one that
     meets an HTTP/1.x server, warns what to set (OTEL_EXPORTER_OTLP_PROTOCOL,
     or the other port). OTEL_LOG_LEVEL=error (or none) silences warnings.

   FAILURES
     429, 502, 503, 504 and connection errors are retried with exponential
     backoff and jitter (1 s doubling to 5 s), honouring Retry-After (capped at
     60 s); other statuses drop the batch with a warning. gRPC: CANCELLED,
     DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and
     RESOURCE_EXHAUSTED carrying RetryInfo are retried (the RetryInfo delay
     as Retry-After); the others drop the batch. partial_success is
     counted in spans_export_failed, not retried; its error_message is
     logged (also when nothing was rejected: the server's warning).
     An invalid endpoint or an unknown exporter: nothing is sent, and every
     span, log record and metric point is counted as dropped.

   DEADLINES
     otel_flush and otel_shutdown return within their deadline (+ a few ms)
     whatever the backend does (slow, silent, stalling the TLS handshake,
     reading slowly, withholding HTTP/2 window): every blocking step of the
     exporter (connect, TLS handshake, write, read, HTTP/2 flow control,
     retry backoff) ends by the earlier of its own timeout and the deadline
     of a flush or shutdown asked for meanwhile, which also interrupts an
     export under way. A host name is resolved on a short-lived thread
     of its own, waited for until that deadline (a resolver that does not
     answer is left to its own timeouts; past about 4 such lookups a connect
     fails at once). Not
     bounded: resolving a name in an OTEL_NO_THREADS build, and a custom
     transport that ignores its timeout_ms.
     What is left at shutdown goes to the spool if there is one (written
     without fsync once the deadline has passed), else is counted in
     spans_export_dropped; a request written whole that got no answer in
     time is counted in spans_export_unknown instead (sent, outcome
     unknown: the backend may have kept it). Ledger, per signal, after
     shutdown: started = exported + dropped + failed + unknown + spooled.
     See docs/reliability.md.

   CONTENTS (each section opens with a marker line: grep for '>> name')
     >> config: otel_export_config
     >> generated: nanopb message types (tools/regen.sh; do not edit; first: C wants the types before the encoder)
     >> encode: OTLP/JSON, OTLP/protobuf, metrics and logs
     >> transport: URL, header lists
     >> transport: TCP connection with deadlines
     >> transport: TLS
     >> transport: HTTP/1.1
     >> transport: HTTP/2 and gRPC
     >> exporter: queues and state
     >> spool
     >> exporter loop: take, deliver, retry
     >> metrics reader
     >> exporter loop: poll and stop
     >> environment: otel_export_config and OTEL_EXPORTER_OTLP_*
     >> generated: nanopb descriptors (tools/regen.sh; do not edit; last: private, declared ahead; only the decoders use them)

   LICENSE: MIT, see the end of otel.h.
*/
/* >> config: otel_export_config */
#ifndef OTEL_EXPORT_H
#define OTEL_EXPORT_H
#include "otel.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OTEL_EXPORT_VERSION_STRING OTEL_VERSION_STRING
#define otel_export_poll otel_poll   /* with OTEL_NO_THREADS: call it from your loop */

enum { OTEL_PROTOCOL_DEFAULT = 0, OTEL_PROTOCOL_HTTP_PROTOBUF = 1, OTEL_PROTOCOL_HTTP_JSON = 2, OTEL_PROTOCOL_GRPC = 3 };

/* What a custom transport reports back. */
typedef struct otel_transport_result {
    int http_status;              /* 2xx: delivered; 429/502/503/504: retried; others: dropped */
    int64_t retry_after_ms;       /* -1: none */
    const void *body;             /* response body (for partial_success), may be NULL */
    size_t body_len;
} otel_transport_result;
/* Send one encoded request; return OTEL_OK when a status was obtained, or an
   error code (OTEL_ERR_CONNECT, _TIMEOUT, _IO: retried). Runs on the
   exporter's thread; must honour timeout_ms. */
typedef int (*otel_transport_fn)(void *user, const char *path, const char *content_type,
                                 const void *body, size_t len, int timeout_ms, otel_transport_result *res);

/* One metric reader of the exporter (otel_export_config.metric_readers):
   its own exporter, destination, interval, timeout and temporality. */
typedef struct otel_metric_reader {
    const char *exporter;         /* otlp (NULL) | console | prometheus | file | none */
    const char *endpoint;         /* otlp: full URL, used as is (NULL: the metrics endpoint) */
    int protocol;                 /* OTEL_PROTOCOL_* (0: the exporter's) */
    int temporality;              /* OTEL_TEMPORALITY_* (0: OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE);
                                     prometheus: cumulative */
    uint32_t interval_ms, timeout_ms;  /* 0: metric_interval_ms / metric_timeout_ms */
    const otel_metric_reader_options *options;  /* default aggregations, cardinality limit, filter, producers
                                     (NULL: otel_config.metric_reader_options[i], else none) */
    /* prometheus, the specification's exporter options (0: as the rules say) */
    int without_scope_info;       /* no otel_scope_* labels */
    int without_type_suffix;      /* counters without _total */
    int without_units;            /* no unit suffixes (_seconds, _bytes, _ratio) */
} otel_metric_reader;

/* Everything the exporter reads from OTEL_EXPORTER_OTLP_* and OTEL_BSP_*,
   settable in code (otel_config.exporter). Zero/NULL fields: environment,
   then the defaults. */
typedef struct otel_export_config {
    const char *endpoint;         /* base URL; "/v1/traces" is appended (http://localhost:4318) */
    const char *traces_endpoint;  /* full URL, used as is */
    int protocol;                 /* OTEL_PROTOCOL_* (http/protobuf); _GRPC: endpoint http://localhost:4317 */
    const char *headers;          /* "k=v,k2=v2", values percent-decoded */
    int timeout_ms;               /* per request (10000) */
    const char *certificate;      /* CA bundle for https (system bundle) */
    const char *client_certificate, *client_key;  /* mTLS */
    int insecure_skip_verify;     /* 1: no TLS verification (loud warning; never from env) */
    uint32_t schedule_delay_ms;   /* OTEL_BSP_SCHEDULE_DELAY (5000) */
    uint32_t export_timeout_ms;   /* OTEL_BSP_EXPORT_TIMEOUT (30000) */
    uint32_t max_export_batch_size; /* OTEL_BSP_MAX_EXPORT_BATCH_SIZE (512) */
    uint32_t max_queue_size;      /* OTEL_BSP_MAX_QUEUE_SIZE (what the arena holds) */
    uint32_t retry_initial_ms, retry_max_ms;  /* backoff (1000, 5000) */
    size_t buffer_size;           /* send buffers of a signal, together, allocated at init (4 MiB) */
    const char *file_path;        /* exporter "file": JSON lines, one request a line (OTEL_H_EXPORTER_FILE) */
    /* metrics and log records */
    const char *metrics_endpoint, *logs_endpoint;   /* full URLs, used as is */
    const char *metrics_exporter, *logs_exporter;   /* otlp | file | console | none (OTEL_METRICS_EXPORTER, OTEL_LOGS_EXPORTER) */
    uint32_t metric_interval_ms;  /* OTEL_METRIC_EXPORT_INTERVAL (60000) */
    uint32_t metric_timeout_ms;   /* OTEL_METRIC_EXPORT_TIMEOUT (30000) */
    uint32_t logs_schedule_delay_ms, logs_max_export_batch_size, logs_max_queue_size;  /* OTEL_BLRP_* (1000, 512, 2048) */
    /* the disk spool: what a full queue cannot hold while the backend is
       down is written here and sent later, also by the next run */
    const char *spool_dir;        /* OTEL_H_SPOOL_DIR (none: off) */
    uint64_t spool_max_bytes;     /* OTEL_H_SPOOL_MAX_BYTES (64 MiB); beyond it the oldest files go */
    otel_transport_fn transport;  /* your own transport instead of HTTP */
    void *transport_user;
    const char *compression;      /* "gzip" | "none" (OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION); needs OTEL_ZLIB */
    int insecure;                 /* gRPC endpoint given without a scheme: 1 h2c, 0 TLS (OTEL_EXPORTER_OTLP_(TRACES_)INSECURE) */
    uint32_t logs_export_timeout_ms; /* OTEL_BLRP_EXPORT_TIMEOUT (30000) */
    /* several metric readers (at most OTEL_MAX_METRIC_READERS), instead of
       the one of metrics_exporter / OTEL_METRICS_EXPORTER (a comma list,
       one reader each); NULL: those */
    const otel_metric_reader *metric_readers;
    size_t metric_reader_count;
} otel_export_config;

#ifdef __cplusplus
}
#endif
#endif /* OTEL_EXPORT_H */

#if defined(OTEL_IMPLEMENTATION) && !defined(OTEL_DISABLED) && !defined(OTEL__EXPORT_IMPLEMENTATION_DONE)
#define OTEL__EXPORT_IMPLEMENTATION_DONE
#ifdef OTEL__IMPLEMENTED_WITHOUT_EXPORT
#error "include otel_export.h before otel.h in the file that defines OTEL_IMPLEMENTATION"
#endif
#include <stdbool.h>
#include <strings.h>
#include <poll.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <dirent.h>
#include <signal.h>   /* kill(): is a stale spool file's writer alive */
#include <limits.h>
#include <pb.h>
#include <pb_encode.h>
#include <pb_decode.h>
#ifdef OTEL_ZLIB
#include <zlib.h>
#endif
#ifndef OTEL_NO_TLS
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* >> generated: nanopb message types (tools/regen.sh; do not edit; first: C wants the types before the encoder) */
/* The generated descriptors are private to this file (tools/regen.sh
   writes these two where nanopb writes "extern const" and PB_BIND): declared
   ahead here, defined at the end; static in C, in an unnamed namespace in
   C++. Only those a decoder uses are kept by the compiler. */
#ifdef __cplusplus
/* (C++ linkage: names of C linkage in an unnamed namespace are still global) */
#define OTEL__PB_DESC(name) extern "C++" { namespace { extern const pb_msgdesc_t name; } }
#define OTEL__PB_OPEN extern "C++" { namespace {
#define OTEL__PB_CLOSE } }
#else
#define OTEL__PB_DESC(name) static const pb_msgdesc_t name;
#define OTEL__PB_OPEN static
#define OTEL__PB_CLOSE
#endif
/* nanopb's PB_BIND (pb.h, nanopb 0.4), each definition private */
#define OTEL__PB_BIND(msgname, structname, width)                                                                 \
    static const uint32_t structname##_field_info[] PB_PROGMEM = {                                                \
        msgname##_FIELDLIST(PB_GEN_FIELD_INFO_##width, structname) 0};                                          \
    static const pb_msgdesc_t *const structname##_submsg_info[] = {msgname##_FIELDLIST(PB_GEN_SUBMSG_INFO, structname) NULL}; \
    OTEL__PB_OPEN const pb_msgdesc_t structname##_msg = {                                                         \
        structname##_field_info, structname##_submsg_info, msgname##_DEFAULT, msgname##_CALLBACK,                 \
        0 msgname##_FIELDLIST(PB_GEN_FIELD_COUNT, structname), 0 msgname##_FIELDLIST(PB_GEN_REQ_FIELD_COUNT, structname), \
        0 msgname##_FIELDLIST(PB_GEN_LARGEST_TAG, structname),                                                    \
    }; OTEL__PB_CLOSE                                                                                             \
    msgname##_FIELDLIST(PB_GEN_FIELD_INFO_ASSERT_##width, structname)
/* BEGIN GENERATED NANOPB TYPES (make regen) */
/* GENERATED by tools/regen.sh from proto/ -- do not edit */
/* nanopb nanopb-0.4.7 */
/* ---- opentelemetry/proto/common/v1/common.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_COMMON_V1_OPENTELEMETRY_PROTO_COMMON_V1_COMMON_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_COMMON_V1_OPENTELEMETRY_PROTO_COMMON_V1_COMMON_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Struct definitions */
typedef struct _opentelemetry_proto_common_v1_AnyValue {
    pb_size_t which_value;
    union {
        pb_callback_t string_value;
        bool bool_value;
        int64_t int_value;
        double double_value;
        pb_callback_t array_value;
        pb_callback_t kvlist_value;
        pb_callback_t bytes_value;
    } value;
} opentelemetry_proto_common_v1_AnyValue;

typedef struct _opentelemetry_proto_common_v1_ArrayValue {
    pb_callback_t values;
} opentelemetry_proto_common_v1_ArrayValue;

typedef struct _opentelemetry_proto_common_v1_KeyValueList {
    pb_callback_t values;
} opentelemetry_proto_common_v1_KeyValueList;

typedef struct _opentelemetry_proto_common_v1_KeyValue {
    pb_callback_t key;
    pb_callback_t value;
} opentelemetry_proto_common_v1_KeyValue;

typedef struct _opentelemetry_proto_common_v1_InstrumentationScope {
    pb_callback_t name;
    pb_callback_t version;
    pb_callback_t attributes;
    uint32_t dropped_attributes_count;
} opentelemetry_proto_common_v1_InstrumentationScope;


#ifdef __cplusplus
extern "C" {
#endif

/* Initializer values for message structs */
#define opentelemetry_proto_common_v1_AnyValue_init_default {0, {{{NULL}, NULL}}}
#define opentelemetry_proto_common_v1_ArrayValue_init_default {{{NULL}, NULL}}
#define opentelemetry_proto_common_v1_KeyValueList_init_default {{{NULL}, NULL}}
#define opentelemetry_proto_common_v1_KeyValue_init_default {{{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_common_v1_InstrumentationScope_init_default {{{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, 0}
#define opentelemetry_proto_common_v1_AnyValue_init_zero {0, {{{NULL}, NULL}}}
#define opentelemetry_proto_common_v1_ArrayValue_init_zero {{{NULL}, NULL}}
#define opentelemetry_proto_common_v1_KeyValueList_init_zero {{{NULL}, NULL}}
#define opentelemetry_proto_common_v1_KeyValue_init_zero {{{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_common_v1_InstrumentationScope_init_zero {{{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, 0}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_common_v1_AnyValue_string_value_tag 1
#define opentelemetry_proto_common_v1_AnyValue_bool_value_tag 2
#define opentelemetry_proto_common_v1_AnyValue_int_value_tag 3
#define opentelemetry_proto_common_v1_AnyValue_double_value_tag 4
#define opentelemetry_proto_common_v1_AnyValue_array_value_tag 5
#define opentelemetry_proto_common_v1_AnyValue_kvlist_value_tag 6
#define opentelemetry_proto_common_v1_AnyValue_bytes_value_tag 7
#define opentelemetry_proto_common_v1_ArrayValue_values_tag 1
#define opentelemetry_proto_common_v1_KeyValueList_values_tag 1
#define opentelemetry_proto_common_v1_KeyValue_key_tag 1
#define opentelemetry_proto_common_v1_KeyValue_value_tag 2
#define opentelemetry_proto_common_v1_InstrumentationScope_name_tag 1
#define opentelemetry_proto_common_v1_InstrumentationScope_version_tag 2
#define opentelemetry_proto_common_v1_InstrumentationScope_attributes_tag 3
#define opentelemetry_proto_common_v1_InstrumentationScope_dropped_attributes_count_tag 4

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_common_v1_AnyValue_FIELDLIST(X, a) \
X(a, CALLBACK, ONEOF,    STRING,   (value,string_value,value.string_value),   1) \
X(a, STATIC,   ONEOF,    BOOL,     (value,bool_value,value.bool_value),   2) \
X(a, STATIC,   ONEOF,    INT64,    (value,int_value,value.int_value),   3) \
X(a, STATIC,   ONEOF,    DOUBLE,   (value,double_value,value.double_value),   4) \
X(a, CALLBACK, ONEOF,    MESSAGE,  (value,array_value,value.array_value),   5) \
X(a, CALLBACK, ONEOF,    MESSAGE,  (value,kvlist_value,value.kvlist_value),   6) \
X(a, CALLBACK, ONEOF,    BYTES,    (value,bytes_value,value.bytes_value),   7)
#define opentelemetry_proto_common_v1_AnyValue_CALLBACK pb_default_field_callback
#define opentelemetry_proto_common_v1_AnyValue_DEFAULT NULL
#define opentelemetry_proto_common_v1_AnyValue_value_array_value_MSGTYPE opentelemetry_proto_common_v1_ArrayValue
#define opentelemetry_proto_common_v1_AnyValue_value_kvlist_value_MSGTYPE opentelemetry_proto_common_v1_KeyValueList

#define opentelemetry_proto_common_v1_ArrayValue_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  values,            1)
#define opentelemetry_proto_common_v1_ArrayValue_CALLBACK pb_default_field_callback
#define opentelemetry_proto_common_v1_ArrayValue_DEFAULT NULL
#define opentelemetry_proto_common_v1_ArrayValue_values_MSGTYPE opentelemetry_proto_common_v1_AnyValue

#define opentelemetry_proto_common_v1_KeyValueList_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  values,            1)
#define opentelemetry_proto_common_v1_KeyValueList_CALLBACK pb_default_field_callback
#define opentelemetry_proto_common_v1_KeyValueList_DEFAULT NULL
#define opentelemetry_proto_common_v1_KeyValueList_values_MSGTYPE opentelemetry_proto_common_v1_KeyValue

#define opentelemetry_proto_common_v1_KeyValue_FIELDLIST(X, a) \
X(a, CALLBACK, SINGULAR, STRING,   key,               1) \
X(a, CALLBACK, OPTIONAL, MESSAGE,  value,             2)
#define opentelemetry_proto_common_v1_KeyValue_CALLBACK pb_default_field_callback
#define opentelemetry_proto_common_v1_KeyValue_DEFAULT NULL
#define opentelemetry_proto_common_v1_KeyValue_value_MSGTYPE opentelemetry_proto_common_v1_AnyValue

#define opentelemetry_proto_common_v1_InstrumentationScope_FIELDLIST(X, a) \
X(a, CALLBACK, SINGULAR, STRING,   name,              1) \
X(a, CALLBACK, SINGULAR, STRING,   version,           2) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        3) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_attributes_count,   4)
#define opentelemetry_proto_common_v1_InstrumentationScope_CALLBACK pb_default_field_callback
#define opentelemetry_proto_common_v1_InstrumentationScope_DEFAULT NULL
#define opentelemetry_proto_common_v1_InstrumentationScope_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

OTEL__PB_DESC(opentelemetry_proto_common_v1_AnyValue_msg)
OTEL__PB_DESC(opentelemetry_proto_common_v1_ArrayValue_msg)
OTEL__PB_DESC(opentelemetry_proto_common_v1_KeyValueList_msg)
OTEL__PB_DESC(opentelemetry_proto_common_v1_KeyValue_msg)
OTEL__PB_DESC(opentelemetry_proto_common_v1_InstrumentationScope_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_common_v1_AnyValue_fields &opentelemetry_proto_common_v1_AnyValue_msg
#define opentelemetry_proto_common_v1_ArrayValue_fields &opentelemetry_proto_common_v1_ArrayValue_msg
#define opentelemetry_proto_common_v1_KeyValueList_fields &opentelemetry_proto_common_v1_KeyValueList_msg
#define opentelemetry_proto_common_v1_KeyValue_fields &opentelemetry_proto_common_v1_KeyValue_msg
#define opentelemetry_proto_common_v1_InstrumentationScope_fields &opentelemetry_proto_common_v1_InstrumentationScope_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_common_v1_AnyValue_size depends on runtime parameters */
/* opentelemetry_proto_common_v1_ArrayValue_size depends on runtime parameters */
/* opentelemetry_proto_common_v1_KeyValueList_size depends on runtime parameters */
/* opentelemetry_proto_common_v1_KeyValue_size depends on runtime parameters */
/* opentelemetry_proto_common_v1_InstrumentationScope_size depends on runtime parameters */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* ---- opentelemetry/proto/resource/v1/resource.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_RESOURCE_V1_OPENTELEMETRY_PROTO_RESOURCE_V1_RESOURCE_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_RESOURCE_V1_OPENTELEMETRY_PROTO_RESOURCE_V1_RESOURCE_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Struct definitions */
typedef struct _opentelemetry_proto_resource_v1_Resource {
    pb_callback_t attributes;
    uint32_t dropped_attributes_count;
} opentelemetry_proto_resource_v1_Resource;


#ifdef __cplusplus
extern "C" {
#endif

/* Initializer values for message structs */
#define opentelemetry_proto_resource_v1_Resource_init_default {{{NULL}, NULL}, 0}
#define opentelemetry_proto_resource_v1_Resource_init_zero {{{NULL}, NULL}, 0}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_resource_v1_Resource_attributes_tag 1
#define opentelemetry_proto_resource_v1_Resource_dropped_attributes_count_tag 2

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_resource_v1_Resource_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        1) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_attributes_count,   2)
#define opentelemetry_proto_resource_v1_Resource_CALLBACK pb_default_field_callback
#define opentelemetry_proto_resource_v1_Resource_DEFAULT NULL
#define opentelemetry_proto_resource_v1_Resource_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

OTEL__PB_DESC(opentelemetry_proto_resource_v1_Resource_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_resource_v1_Resource_fields &opentelemetry_proto_resource_v1_Resource_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_resource_v1_Resource_size depends on runtime parameters */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* ---- opentelemetry/proto/trace/v1/trace.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_TRACE_V1_OPENTELEMETRY_PROTO_TRACE_V1_TRACE_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_TRACE_V1_OPENTELEMETRY_PROTO_TRACE_V1_TRACE_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Enum definitions */
typedef enum _opentelemetry_proto_trace_v1_Span_SpanKind {
    opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_UNSPECIFIED = 0,
    opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_INTERNAL = 1,
    opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_SERVER = 2,
    opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_CLIENT = 3,
    opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_PRODUCER = 4,
    opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_CONSUMER = 5
} opentelemetry_proto_trace_v1_Span_SpanKind;

typedef enum _opentelemetry_proto_trace_v1_Status_StatusCode {
    opentelemetry_proto_trace_v1_Status_StatusCode_STATUS_CODE_UNSET = 0,
    opentelemetry_proto_trace_v1_Status_StatusCode_STATUS_CODE_OK = 1,
    opentelemetry_proto_trace_v1_Status_StatusCode_STATUS_CODE_ERROR = 2
} opentelemetry_proto_trace_v1_Status_StatusCode;

/* Struct definitions */
typedef struct _opentelemetry_proto_trace_v1_ResourceSpans {
    bool has_resource;
    opentelemetry_proto_resource_v1_Resource resource;
    pb_callback_t scope_spans;
    pb_callback_t schema_url;
} opentelemetry_proto_trace_v1_ResourceSpans;

typedef struct _opentelemetry_proto_trace_v1_ScopeSpans {
    bool has_scope;
    opentelemetry_proto_common_v1_InstrumentationScope scope;
    pb_callback_t spans;
    pb_callback_t schema_url;
} opentelemetry_proto_trace_v1_ScopeSpans;

typedef struct _opentelemetry_proto_trace_v1_Span_Event {
    uint64_t time_unix_nano;
    pb_callback_t name;
    pb_callback_t attributes;
    uint32_t dropped_attributes_count;
} opentelemetry_proto_trace_v1_Span_Event;

typedef struct _opentelemetry_proto_trace_v1_Span_Link {
    pb_byte_t trace_id[16];
    pb_byte_t span_id[8];
    pb_callback_t trace_state;
    pb_callback_t attributes;
    uint32_t dropped_attributes_count;
    uint32_t flags;
} opentelemetry_proto_trace_v1_Span_Link;

typedef struct _opentelemetry_proto_trace_v1_Status {
    pb_callback_t message;
    opentelemetry_proto_trace_v1_Status_StatusCode code;
} opentelemetry_proto_trace_v1_Status;

typedef struct _opentelemetry_proto_trace_v1_Span {
    pb_byte_t trace_id[16];
    pb_byte_t span_id[8];
    pb_callback_t trace_state;
    pb_callback_t parent_span_id;
    pb_callback_t name;
    opentelemetry_proto_trace_v1_Span_SpanKind kind;
    uint64_t start_time_unix_nano;
    uint64_t end_time_unix_nano;
    pb_callback_t attributes;
    uint32_t dropped_attributes_count;
    pb_callback_t events;
    uint32_t dropped_events_count;
    pb_callback_t links;
    uint32_t dropped_links_count;
    bool has_status;
    opentelemetry_proto_trace_v1_Status status;
    uint32_t flags;
} opentelemetry_proto_trace_v1_Span;


#ifdef __cplusplus
extern "C" {
#endif

/* Helper constants for enums */
#define _opentelemetry_proto_trace_v1_Span_SpanKind_MIN opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_UNSPECIFIED
#define _opentelemetry_proto_trace_v1_Span_SpanKind_MAX opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_CONSUMER
#define _opentelemetry_proto_trace_v1_Span_SpanKind_ARRAYSIZE ((opentelemetry_proto_trace_v1_Span_SpanKind)(opentelemetry_proto_trace_v1_Span_SpanKind_SPAN_KIND_CONSUMER+1))

#define _opentelemetry_proto_trace_v1_Status_StatusCode_MIN opentelemetry_proto_trace_v1_Status_StatusCode_STATUS_CODE_UNSET
#define _opentelemetry_proto_trace_v1_Status_StatusCode_MAX opentelemetry_proto_trace_v1_Status_StatusCode_STATUS_CODE_ERROR
#define _opentelemetry_proto_trace_v1_Status_StatusCode_ARRAYSIZE ((opentelemetry_proto_trace_v1_Status_StatusCode)(opentelemetry_proto_trace_v1_Status_StatusCode_STATUS_CODE_ERROR+1))



#define opentelemetry_proto_trace_v1_Span_kind_ENUMTYPE opentelemetry_proto_trace_v1_Span_SpanKind



#define opentelemetry_proto_trace_v1_Status_code_ENUMTYPE opentelemetry_proto_trace_v1_Status_StatusCode


/* Initializer values for message structs */
#define opentelemetry_proto_trace_v1_ResourceSpans_init_default {false, opentelemetry_proto_resource_v1_Resource_init_default, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_trace_v1_ScopeSpans_init_default {false, opentelemetry_proto_common_v1_InstrumentationScope_init_default, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_trace_v1_Span_init_default {{0}, {0}, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, _opentelemetry_proto_trace_v1_Span_SpanKind_MIN, 0, 0, {{NULL}, NULL}, 0, {{NULL}, NULL}, 0, {{NULL}, NULL}, 0, false, opentelemetry_proto_trace_v1_Status_init_default, 0}
#define opentelemetry_proto_trace_v1_Span_Event_init_default {0, {{NULL}, NULL}, {{NULL}, NULL}, 0}
#define opentelemetry_proto_trace_v1_Span_Link_init_default {{0}, {0}, {{NULL}, NULL}, {{NULL}, NULL}, 0, 0}
#define opentelemetry_proto_trace_v1_Status_init_default {{{NULL}, NULL}, _opentelemetry_proto_trace_v1_Status_StatusCode_MIN}
#define opentelemetry_proto_trace_v1_ResourceSpans_init_zero {false, opentelemetry_proto_resource_v1_Resource_init_zero, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_trace_v1_ScopeSpans_init_zero {false, opentelemetry_proto_common_v1_InstrumentationScope_init_zero, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_trace_v1_Span_init_zero {{0}, {0}, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, _opentelemetry_proto_trace_v1_Span_SpanKind_MIN, 0, 0, {{NULL}, NULL}, 0, {{NULL}, NULL}, 0, {{NULL}, NULL}, 0, false, opentelemetry_proto_trace_v1_Status_init_zero, 0}
#define opentelemetry_proto_trace_v1_Span_Event_init_zero {0, {{NULL}, NULL}, {{NULL}, NULL}, 0}
#define opentelemetry_proto_trace_v1_Span_Link_init_zero {{0}, {0}, {{NULL}, NULL}, {{NULL}, NULL}, 0, 0}
#define opentelemetry_proto_trace_v1_Status_init_zero {{{NULL}, NULL}, _opentelemetry_proto_trace_v1_Status_StatusCode_MIN}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_trace_v1_ResourceSpans_resource_tag 1
#define opentelemetry_proto_trace_v1_ResourceSpans_scope_spans_tag 2
#define opentelemetry_proto_trace_v1_ResourceSpans_schema_url_tag 3
#define opentelemetry_proto_trace_v1_ScopeSpans_scope_tag 1
#define opentelemetry_proto_trace_v1_ScopeSpans_spans_tag 2
#define opentelemetry_proto_trace_v1_ScopeSpans_schema_url_tag 3
#define opentelemetry_proto_trace_v1_Span_Event_time_unix_nano_tag 1
#define opentelemetry_proto_trace_v1_Span_Event_name_tag 2
#define opentelemetry_proto_trace_v1_Span_Event_attributes_tag 3
#define opentelemetry_proto_trace_v1_Span_Event_dropped_attributes_count_tag 4
#define opentelemetry_proto_trace_v1_Span_Link_trace_id_tag 1
#define opentelemetry_proto_trace_v1_Span_Link_span_id_tag 2
#define opentelemetry_proto_trace_v1_Span_Link_trace_state_tag 3
#define opentelemetry_proto_trace_v1_Span_Link_attributes_tag 4
#define opentelemetry_proto_trace_v1_Span_Link_dropped_attributes_count_tag 5
#define opentelemetry_proto_trace_v1_Span_Link_flags_tag 6
#define opentelemetry_proto_trace_v1_Status_message_tag 2
#define opentelemetry_proto_trace_v1_Status_code_tag 3
#define opentelemetry_proto_trace_v1_Span_trace_id_tag 1
#define opentelemetry_proto_trace_v1_Span_span_id_tag 2
#define opentelemetry_proto_trace_v1_Span_trace_state_tag 3
#define opentelemetry_proto_trace_v1_Span_parent_span_id_tag 4
#define opentelemetry_proto_trace_v1_Span_name_tag 5
#define opentelemetry_proto_trace_v1_Span_kind_tag 6
#define opentelemetry_proto_trace_v1_Span_start_time_unix_nano_tag 7
#define opentelemetry_proto_trace_v1_Span_end_time_unix_nano_tag 8
#define opentelemetry_proto_trace_v1_Span_attributes_tag 9
#define opentelemetry_proto_trace_v1_Span_dropped_attributes_count_tag 10
#define opentelemetry_proto_trace_v1_Span_events_tag 11
#define opentelemetry_proto_trace_v1_Span_dropped_events_count_tag 12
#define opentelemetry_proto_trace_v1_Span_links_tag 13
#define opentelemetry_proto_trace_v1_Span_dropped_links_count_tag 14
#define opentelemetry_proto_trace_v1_Span_status_tag 15
#define opentelemetry_proto_trace_v1_Span_flags_tag 16

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_trace_v1_ResourceSpans_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  resource,          1) \
X(a, CALLBACK, REPEATED, MESSAGE,  scope_spans,       2) \
X(a, CALLBACK, SINGULAR, STRING,   schema_url,        3)
#define opentelemetry_proto_trace_v1_ResourceSpans_CALLBACK pb_default_field_callback
#define opentelemetry_proto_trace_v1_ResourceSpans_DEFAULT NULL
#define opentelemetry_proto_trace_v1_ResourceSpans_resource_MSGTYPE opentelemetry_proto_resource_v1_Resource
#define opentelemetry_proto_trace_v1_ResourceSpans_scope_spans_MSGTYPE opentelemetry_proto_trace_v1_ScopeSpans

#define opentelemetry_proto_trace_v1_ScopeSpans_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  scope,             1) \
X(a, CALLBACK, REPEATED, MESSAGE,  spans,             2) \
X(a, CALLBACK, SINGULAR, STRING,   schema_url,        3)
#define opentelemetry_proto_trace_v1_ScopeSpans_CALLBACK pb_default_field_callback
#define opentelemetry_proto_trace_v1_ScopeSpans_DEFAULT NULL
#define opentelemetry_proto_trace_v1_ScopeSpans_scope_MSGTYPE opentelemetry_proto_common_v1_InstrumentationScope
#define opentelemetry_proto_trace_v1_ScopeSpans_spans_MSGTYPE opentelemetry_proto_trace_v1_Span

#define opentelemetry_proto_trace_v1_Span_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, FIXED_LENGTH_BYTES, trace_id,          1) \
X(a, STATIC,   SINGULAR, FIXED_LENGTH_BYTES, span_id,           2) \
X(a, CALLBACK, SINGULAR, STRING,   trace_state,       3) \
X(a, CALLBACK, SINGULAR, BYTES,    parent_span_id,    4) \
X(a, CALLBACK, SINGULAR, STRING,   name,              5) \
X(a, STATIC,   SINGULAR, UENUM,    kind,              6) \
X(a, STATIC,   SINGULAR, FIXED64,  start_time_unix_nano,   7) \
X(a, STATIC,   SINGULAR, FIXED64,  end_time_unix_nano,   8) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        9) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_attributes_count,  10) \
X(a, CALLBACK, REPEATED, MESSAGE,  events,           11) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_events_count,  12) \
X(a, CALLBACK, REPEATED, MESSAGE,  links,            13) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_links_count,  14) \
X(a, STATIC,   OPTIONAL, MESSAGE,  status,           15) \
X(a, STATIC,   SINGULAR, FIXED32,  flags,            16)
#define opentelemetry_proto_trace_v1_Span_CALLBACK pb_default_field_callback
#define opentelemetry_proto_trace_v1_Span_DEFAULT NULL
#define opentelemetry_proto_trace_v1_Span_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue
#define opentelemetry_proto_trace_v1_Span_events_MSGTYPE opentelemetry_proto_trace_v1_Span_Event
#define opentelemetry_proto_trace_v1_Span_links_MSGTYPE opentelemetry_proto_trace_v1_Span_Link
#define opentelemetry_proto_trace_v1_Span_status_MSGTYPE opentelemetry_proto_trace_v1_Status

#define opentelemetry_proto_trace_v1_Span_Event_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, FIXED64,  time_unix_nano,    1) \
X(a, CALLBACK, SINGULAR, STRING,   name,              2) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        3) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_attributes_count,   4)
#define opentelemetry_proto_trace_v1_Span_Event_CALLBACK pb_default_field_callback
#define opentelemetry_proto_trace_v1_Span_Event_DEFAULT NULL
#define opentelemetry_proto_trace_v1_Span_Event_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

#define opentelemetry_proto_trace_v1_Span_Link_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, FIXED_LENGTH_BYTES, trace_id,          1) \
X(a, STATIC,   SINGULAR, FIXED_LENGTH_BYTES, span_id,           2) \
X(a, CALLBACK, SINGULAR, STRING,   trace_state,       3) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        4) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_attributes_count,   5) \
X(a, STATIC,   SINGULAR, FIXED32,  flags,             6)
#define opentelemetry_proto_trace_v1_Span_Link_CALLBACK pb_default_field_callback
#define opentelemetry_proto_trace_v1_Span_Link_DEFAULT NULL
#define opentelemetry_proto_trace_v1_Span_Link_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

#define opentelemetry_proto_trace_v1_Status_FIELDLIST(X, a) \
X(a, CALLBACK, SINGULAR, STRING,   message,           2) \
X(a, STATIC,   SINGULAR, UENUM,    code,              3)
#define opentelemetry_proto_trace_v1_Status_CALLBACK pb_default_field_callback
#define opentelemetry_proto_trace_v1_Status_DEFAULT NULL

OTEL__PB_DESC(opentelemetry_proto_trace_v1_ResourceSpans_msg)
OTEL__PB_DESC(opentelemetry_proto_trace_v1_ScopeSpans_msg)
OTEL__PB_DESC(opentelemetry_proto_trace_v1_Span_msg)
OTEL__PB_DESC(opentelemetry_proto_trace_v1_Span_Event_msg)
OTEL__PB_DESC(opentelemetry_proto_trace_v1_Span_Link_msg)
OTEL__PB_DESC(opentelemetry_proto_trace_v1_Status_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_trace_v1_ResourceSpans_fields &opentelemetry_proto_trace_v1_ResourceSpans_msg
#define opentelemetry_proto_trace_v1_ScopeSpans_fields &opentelemetry_proto_trace_v1_ScopeSpans_msg
#define opentelemetry_proto_trace_v1_Span_fields &opentelemetry_proto_trace_v1_Span_msg
#define opentelemetry_proto_trace_v1_Span_Event_fields &opentelemetry_proto_trace_v1_Span_Event_msg
#define opentelemetry_proto_trace_v1_Span_Link_fields &opentelemetry_proto_trace_v1_Span_Link_msg
#define opentelemetry_proto_trace_v1_Status_fields &opentelemetry_proto_trace_v1_Status_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_trace_v1_ResourceSpans_size depends on runtime parameters */
/* opentelemetry_proto_trace_v1_ScopeSpans_size depends on runtime parameters */
/* opentelemetry_proto_trace_v1_Span_size depends on runtime parameters */
/* opentelemetry_proto_trace_v1_Span_Event_size depends on runtime parameters */
/* opentelemetry_proto_trace_v1_Span_Link_size depends on runtime parameters */
/* opentelemetry_proto_trace_v1_Status_size depends on runtime parameters */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* ---- opentelemetry/proto/collector/trace/v1/trace_service.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_COLLECTOR_TRACE_V1_OPENTELEMETRY_PROTO_COLLECTOR_TRACE_V1_TRACE_SERVICE_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_COLLECTOR_TRACE_V1_OPENTELEMETRY_PROTO_COLLECTOR_TRACE_V1_TRACE_SERVICE_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Struct definitions */
typedef struct _opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest {
    pb_callback_t resource_spans;
} opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest;

typedef struct _opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess {
    int64_t rejected_spans;
    char error_message[256];
} opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess;

typedef struct _opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse {
    bool has_partial_success;
    opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess partial_success;
} opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse;


#ifdef __cplusplus
extern "C" {
#endif

/* Initializer values for message structs */
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_init_default {{{NULL}, NULL}}
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_init_default {false, opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_init_default}
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_init_default {0, ""}
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_init_zero {{{NULL}, NULL}}
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_init_zero {false, opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_init_zero}
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_init_zero {0, ""}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_resource_spans_tag 1
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_rejected_spans_tag 1
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_error_message_tag 2
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_partial_success_tag 1

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  resource_spans,    1)
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_CALLBACK pb_default_field_callback
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_DEFAULT NULL
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_resource_spans_MSGTYPE opentelemetry_proto_trace_v1_ResourceSpans

#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  partial_success,   1)
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_CALLBACK NULL
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_DEFAULT NULL
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_partial_success_MSGTYPE opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess

#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, INT64,    rejected_spans,    1) \
X(a, STATIC,   SINGULAR, STRING,   error_message,     2)
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_CALLBACK NULL
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_DEFAULT NULL

OTEL__PB_DESC(opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_msg)
OTEL__PB_DESC(opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_msg)
OTEL__PB_DESC(opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_fields &opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_msg
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_fields &opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_msg
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_fields &opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_size depends on runtime parameters */
#define opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess_size 269
#define opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_size 272

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* ---- opentelemetry/proto/metrics/v1/metrics.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_METRICS_V1_OPENTELEMETRY_PROTO_METRICS_V1_METRICS_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_METRICS_V1_OPENTELEMETRY_PROTO_METRICS_V1_METRICS_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Enum definitions */
typedef enum _opentelemetry_proto_metrics_v1_AggregationTemporality {
    opentelemetry_proto_metrics_v1_AggregationTemporality_AGGREGATION_TEMPORALITY_UNSPECIFIED = 0,
    opentelemetry_proto_metrics_v1_AggregationTemporality_AGGREGATION_TEMPORALITY_DELTA = 1,
    opentelemetry_proto_metrics_v1_AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE = 2
} opentelemetry_proto_metrics_v1_AggregationTemporality;

/* Struct definitions */
typedef struct _opentelemetry_proto_metrics_v1_ResourceMetrics {
    bool has_resource;
    opentelemetry_proto_resource_v1_Resource resource;
    pb_callback_t scope_metrics;
    pb_callback_t schema_url;
} opentelemetry_proto_metrics_v1_ResourceMetrics;

typedef struct _opentelemetry_proto_metrics_v1_ScopeMetrics {
    bool has_scope;
    opentelemetry_proto_common_v1_InstrumentationScope scope;
    pb_callback_t metrics;
    pb_callback_t schema_url;
} opentelemetry_proto_metrics_v1_ScopeMetrics;

typedef struct _opentelemetry_proto_metrics_v1_Gauge {
    pb_callback_t data_points;
} opentelemetry_proto_metrics_v1_Gauge;

typedef struct _opentelemetry_proto_metrics_v1_Sum {
    pb_callback_t data_points;
    opentelemetry_proto_metrics_v1_AggregationTemporality aggregation_temporality;
    bool is_monotonic;
} opentelemetry_proto_metrics_v1_Sum;

typedef struct _opentelemetry_proto_metrics_v1_Histogram {
    pb_callback_t data_points;
    opentelemetry_proto_metrics_v1_AggregationTemporality aggregation_temporality;
} opentelemetry_proto_metrics_v1_Histogram;

typedef struct _opentelemetry_proto_metrics_v1_ExponentialHistogram {
    pb_callback_t data_points;
    opentelemetry_proto_metrics_v1_AggregationTemporality aggregation_temporality;
} opentelemetry_proto_metrics_v1_ExponentialHistogram;

typedef struct _opentelemetry_proto_metrics_v1_Metric {
    pb_callback_t name;
    pb_callback_t description;
    pb_callback_t unit;
    pb_size_t which_data;
    union {
        opentelemetry_proto_metrics_v1_Gauge gauge;
        opentelemetry_proto_metrics_v1_Sum sum;
        opentelemetry_proto_metrics_v1_Histogram histogram;
        opentelemetry_proto_metrics_v1_ExponentialHistogram exponential_histogram;
    } data;
} opentelemetry_proto_metrics_v1_Metric;

typedef struct _opentelemetry_proto_metrics_v1_NumberDataPoint {
    uint64_t start_time_unix_nano;
    uint64_t time_unix_nano;
    pb_size_t which_value;
    union {
        double as_double;
        int64_t as_int;
    } value;
    pb_callback_t exemplars;
    pb_callback_t attributes;
    uint32_t flags;
} opentelemetry_proto_metrics_v1_NumberDataPoint;

typedef struct _opentelemetry_proto_metrics_v1_HistogramDataPoint {
    uint64_t start_time_unix_nano;
    uint64_t time_unix_nano;
    uint64_t count;
    bool has_sum;
    double sum;
    pb_callback_t bucket_counts;
    pb_callback_t explicit_bounds;
    pb_callback_t exemplars;
    pb_callback_t attributes;
    uint32_t flags;
    bool has_min;
    double min;
    bool has_max;
    double max;
} opentelemetry_proto_metrics_v1_HistogramDataPoint;

typedef struct _opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets {
    int32_t offset;
    pb_callback_t bucket_counts;
} opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets;

typedef struct _opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint {
    pb_callback_t attributes;
    uint64_t start_time_unix_nano;
    uint64_t time_unix_nano;
    uint64_t count;
    bool has_sum;
    double sum;
    int32_t scale;
    uint64_t zero_count;
    bool has_positive;
    opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets positive;
    bool has_negative;
    opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets negative;
    uint32_t flags;
    pb_callback_t exemplars;
    bool has_min;
    double min;
    bool has_max;
    double max;
    double zero_threshold;
} opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint;

typedef struct _opentelemetry_proto_metrics_v1_Exemplar {
    uint64_t time_unix_nano;
    pb_size_t which_value;
    union {
        double as_double;
        int64_t as_int;
    } value;
    pb_callback_t span_id;
    pb_callback_t trace_id;
    pb_callback_t filtered_attributes;
} opentelemetry_proto_metrics_v1_Exemplar;


#ifdef __cplusplus
extern "C" {
#endif

/* Helper constants for enums */
#define _opentelemetry_proto_metrics_v1_AggregationTemporality_MIN opentelemetry_proto_metrics_v1_AggregationTemporality_AGGREGATION_TEMPORALITY_UNSPECIFIED
#define _opentelemetry_proto_metrics_v1_AggregationTemporality_MAX opentelemetry_proto_metrics_v1_AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE
#define _opentelemetry_proto_metrics_v1_AggregationTemporality_ARRAYSIZE ((opentelemetry_proto_metrics_v1_AggregationTemporality)(opentelemetry_proto_metrics_v1_AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE+1))





#define opentelemetry_proto_metrics_v1_Sum_aggregation_temporality_ENUMTYPE opentelemetry_proto_metrics_v1_AggregationTemporality

#define opentelemetry_proto_metrics_v1_Histogram_aggregation_temporality_ENUMTYPE opentelemetry_proto_metrics_v1_AggregationTemporality

#define opentelemetry_proto_metrics_v1_ExponentialHistogram_aggregation_temporality_ENUMTYPE opentelemetry_proto_metrics_v1_AggregationTemporality







/* Initializer values for message structs */
#define opentelemetry_proto_metrics_v1_ResourceMetrics_init_default {false, opentelemetry_proto_resource_v1_Resource_init_default, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_ScopeMetrics_init_default {false, opentelemetry_proto_common_v1_InstrumentationScope_init_default, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_Metric_init_default {{{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, 0, {opentelemetry_proto_metrics_v1_Gauge_init_default}}
#define opentelemetry_proto_metrics_v1_Gauge_init_default {{{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_Sum_init_default {{{NULL}, NULL}, _opentelemetry_proto_metrics_v1_AggregationTemporality_MIN, 0}
#define opentelemetry_proto_metrics_v1_Histogram_init_default {{{NULL}, NULL}, _opentelemetry_proto_metrics_v1_AggregationTemporality_MIN}
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_init_default {{{NULL}, NULL}, _opentelemetry_proto_metrics_v1_AggregationTemporality_MIN}
#define opentelemetry_proto_metrics_v1_NumberDataPoint_init_default {0, 0, 0, {0}, {{NULL}, NULL}, {{NULL}, NULL}, 0}
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_init_default {0, 0, 0, false, 0, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, 0, false, 0, false, 0}
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_init_default {{{NULL}, NULL}, 0, 0, 0, false, 0, 0, 0, false, opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_init_default, false, opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_init_default, 0, {{NULL}, NULL}, false, 0, false, 0, 0}
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_init_default {0, {{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_Exemplar_init_default {0, 0, {0}, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_ResourceMetrics_init_zero {false, opentelemetry_proto_resource_v1_Resource_init_zero, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_ScopeMetrics_init_zero {false, opentelemetry_proto_common_v1_InstrumentationScope_init_zero, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_Metric_init_zero {{{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, 0, {opentelemetry_proto_metrics_v1_Gauge_init_zero}}
#define opentelemetry_proto_metrics_v1_Gauge_init_zero {{{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_Sum_init_zero {{{NULL}, NULL}, _opentelemetry_proto_metrics_v1_AggregationTemporality_MIN, 0}
#define opentelemetry_proto_metrics_v1_Histogram_init_zero {{{NULL}, NULL}, _opentelemetry_proto_metrics_v1_AggregationTemporality_MIN}
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_init_zero {{{NULL}, NULL}, _opentelemetry_proto_metrics_v1_AggregationTemporality_MIN}
#define opentelemetry_proto_metrics_v1_NumberDataPoint_init_zero {0, 0, 0, {0}, {{NULL}, NULL}, {{NULL}, NULL}, 0}
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_init_zero {0, 0, 0, false, 0, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}, 0, false, 0, false, 0}
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_init_zero {{{NULL}, NULL}, 0, 0, 0, false, 0, 0, 0, false, opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_init_zero, false, opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_init_zero, 0, {{NULL}, NULL}, false, 0, false, 0, 0}
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_init_zero {0, {{NULL}, NULL}}
#define opentelemetry_proto_metrics_v1_Exemplar_init_zero {0, 0, {0}, {{NULL}, NULL}, {{NULL}, NULL}, {{NULL}, NULL}}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_metrics_v1_ResourceMetrics_resource_tag 1
#define opentelemetry_proto_metrics_v1_ResourceMetrics_scope_metrics_tag 2
#define opentelemetry_proto_metrics_v1_ResourceMetrics_schema_url_tag 3
#define opentelemetry_proto_metrics_v1_ScopeMetrics_scope_tag 1
#define opentelemetry_proto_metrics_v1_ScopeMetrics_metrics_tag 2
#define opentelemetry_proto_metrics_v1_ScopeMetrics_schema_url_tag 3
#define opentelemetry_proto_metrics_v1_Gauge_data_points_tag 1
#define opentelemetry_proto_metrics_v1_Sum_data_points_tag 1
#define opentelemetry_proto_metrics_v1_Sum_aggregation_temporality_tag 2
#define opentelemetry_proto_metrics_v1_Sum_is_monotonic_tag 3
#define opentelemetry_proto_metrics_v1_Histogram_data_points_tag 1
#define opentelemetry_proto_metrics_v1_Histogram_aggregation_temporality_tag 2
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_data_points_tag 1
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_aggregation_temporality_tag 2
#define opentelemetry_proto_metrics_v1_Metric_name_tag 1
#define opentelemetry_proto_metrics_v1_Metric_description_tag 2
#define opentelemetry_proto_metrics_v1_Metric_unit_tag 3
#define opentelemetry_proto_metrics_v1_Metric_gauge_tag 5
#define opentelemetry_proto_metrics_v1_Metric_sum_tag 7
#define opentelemetry_proto_metrics_v1_Metric_histogram_tag 9
#define opentelemetry_proto_metrics_v1_Metric_exponential_histogram_tag 10
#define opentelemetry_proto_metrics_v1_NumberDataPoint_start_time_unix_nano_tag 2
#define opentelemetry_proto_metrics_v1_NumberDataPoint_time_unix_nano_tag 3
#define opentelemetry_proto_metrics_v1_NumberDataPoint_as_double_tag 4
#define opentelemetry_proto_metrics_v1_NumberDataPoint_as_int_tag 6
#define opentelemetry_proto_metrics_v1_NumberDataPoint_exemplars_tag 5
#define opentelemetry_proto_metrics_v1_NumberDataPoint_attributes_tag 7
#define opentelemetry_proto_metrics_v1_NumberDataPoint_flags_tag 8
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_start_time_unix_nano_tag 2
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_time_unix_nano_tag 3
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_count_tag 4
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_sum_tag 5
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_bucket_counts_tag 6
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_explicit_bounds_tag 7
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_exemplars_tag 8
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_attributes_tag 9
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_flags_tag 10
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_min_tag 11
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_max_tag 12
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_offset_tag 1
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_bucket_counts_tag 2
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_attributes_tag 1
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_start_time_unix_nano_tag 2
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_time_unix_nano_tag 3
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_count_tag 4
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_sum_tag 5
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_scale_tag 6
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_zero_count_tag 7
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_positive_tag 8
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_negative_tag 9
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_flags_tag 10
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_exemplars_tag 11
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_min_tag 12
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_max_tag 13
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_zero_threshold_tag 14
#define opentelemetry_proto_metrics_v1_Exemplar_time_unix_nano_tag 2
#define opentelemetry_proto_metrics_v1_Exemplar_as_double_tag 3
#define opentelemetry_proto_metrics_v1_Exemplar_as_int_tag 6
#define opentelemetry_proto_metrics_v1_Exemplar_span_id_tag 4
#define opentelemetry_proto_metrics_v1_Exemplar_trace_id_tag 5
#define opentelemetry_proto_metrics_v1_Exemplar_filtered_attributes_tag 7

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_metrics_v1_ResourceMetrics_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  resource,          1) \
X(a, CALLBACK, REPEATED, MESSAGE,  scope_metrics,     2) \
X(a, CALLBACK, SINGULAR, STRING,   schema_url,        3)
#define opentelemetry_proto_metrics_v1_ResourceMetrics_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_ResourceMetrics_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_ResourceMetrics_resource_MSGTYPE opentelemetry_proto_resource_v1_Resource
#define opentelemetry_proto_metrics_v1_ResourceMetrics_scope_metrics_MSGTYPE opentelemetry_proto_metrics_v1_ScopeMetrics

#define opentelemetry_proto_metrics_v1_ScopeMetrics_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  scope,             1) \
X(a, CALLBACK, REPEATED, MESSAGE,  metrics,           2) \
X(a, CALLBACK, SINGULAR, STRING,   schema_url,        3)
#define opentelemetry_proto_metrics_v1_ScopeMetrics_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_ScopeMetrics_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_ScopeMetrics_scope_MSGTYPE opentelemetry_proto_common_v1_InstrumentationScope
#define opentelemetry_proto_metrics_v1_ScopeMetrics_metrics_MSGTYPE opentelemetry_proto_metrics_v1_Metric

#define opentelemetry_proto_metrics_v1_Metric_FIELDLIST(X, a) \
X(a, CALLBACK, SINGULAR, STRING,   name,              1) \
X(a, CALLBACK, SINGULAR, STRING,   description,       2) \
X(a, CALLBACK, SINGULAR, STRING,   unit,              3) \
X(a, STATIC,   ONEOF,    MESSAGE,  (data,gauge,data.gauge),   5) \
X(a, STATIC,   ONEOF,    MESSAGE,  (data,sum,data.sum),   7) \
X(a, STATIC,   ONEOF,    MESSAGE,  (data,histogram,data.histogram),   9) \
X(a, STATIC,   ONEOF,    MESSAGE,  (data,exponential_histogram,data.exponential_histogram),  10)
#define opentelemetry_proto_metrics_v1_Metric_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_Metric_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_Metric_data_gauge_MSGTYPE opentelemetry_proto_metrics_v1_Gauge
#define opentelemetry_proto_metrics_v1_Metric_data_sum_MSGTYPE opentelemetry_proto_metrics_v1_Sum
#define opentelemetry_proto_metrics_v1_Metric_data_histogram_MSGTYPE opentelemetry_proto_metrics_v1_Histogram
#define opentelemetry_proto_metrics_v1_Metric_data_exponential_histogram_MSGTYPE opentelemetry_proto_metrics_v1_ExponentialHistogram

#define opentelemetry_proto_metrics_v1_Gauge_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  data_points,       1)
#define opentelemetry_proto_metrics_v1_Gauge_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_Gauge_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_Gauge_data_points_MSGTYPE opentelemetry_proto_metrics_v1_NumberDataPoint

#define opentelemetry_proto_metrics_v1_Sum_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  data_points,       1) \
X(a, STATIC,   SINGULAR, UENUM,    aggregation_temporality,   2) \
X(a, STATIC,   SINGULAR, BOOL,     is_monotonic,      3)
#define opentelemetry_proto_metrics_v1_Sum_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_Sum_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_Sum_data_points_MSGTYPE opentelemetry_proto_metrics_v1_NumberDataPoint

#define opentelemetry_proto_metrics_v1_Histogram_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  data_points,       1) \
X(a, STATIC,   SINGULAR, UENUM,    aggregation_temporality,   2)
#define opentelemetry_proto_metrics_v1_Histogram_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_Histogram_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_Histogram_data_points_MSGTYPE opentelemetry_proto_metrics_v1_HistogramDataPoint

#define opentelemetry_proto_metrics_v1_ExponentialHistogram_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  data_points,       1) \
X(a, STATIC,   SINGULAR, UENUM,    aggregation_temporality,   2)
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_data_points_MSGTYPE opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint

#define opentelemetry_proto_metrics_v1_NumberDataPoint_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, FIXED64,  start_time_unix_nano,   2) \
X(a, STATIC,   SINGULAR, FIXED64,  time_unix_nano,    3) \
X(a, STATIC,   ONEOF,    DOUBLE,   (value,as_double,value.as_double),   4) \
X(a, CALLBACK, REPEATED, MESSAGE,  exemplars,         5) \
X(a, STATIC,   ONEOF,    SFIXED64, (value,as_int,value.as_int),   6) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        7) \
X(a, STATIC,   SINGULAR, UINT32,   flags,             8)
#define opentelemetry_proto_metrics_v1_NumberDataPoint_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_NumberDataPoint_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_NumberDataPoint_exemplars_MSGTYPE opentelemetry_proto_metrics_v1_Exemplar
#define opentelemetry_proto_metrics_v1_NumberDataPoint_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

#define opentelemetry_proto_metrics_v1_HistogramDataPoint_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, FIXED64,  start_time_unix_nano,   2) \
X(a, STATIC,   SINGULAR, FIXED64,  time_unix_nano,    3) \
X(a, STATIC,   SINGULAR, FIXED64,  count,             4) \
X(a, STATIC,   OPTIONAL, DOUBLE,   sum,               5) \
X(a, CALLBACK, REPEATED, FIXED64,  bucket_counts,     6) \
X(a, CALLBACK, REPEATED, DOUBLE,   explicit_bounds,   7) \
X(a, CALLBACK, REPEATED, MESSAGE,  exemplars,         8) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        9) \
X(a, STATIC,   SINGULAR, UINT32,   flags,            10) \
X(a, STATIC,   OPTIONAL, DOUBLE,   min,              11) \
X(a, STATIC,   OPTIONAL, DOUBLE,   max,              12)
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_exemplars_MSGTYPE opentelemetry_proto_metrics_v1_Exemplar
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        1) \
X(a, STATIC,   SINGULAR, FIXED64,  start_time_unix_nano,   2) \
X(a, STATIC,   SINGULAR, FIXED64,  time_unix_nano,    3) \
X(a, STATIC,   SINGULAR, FIXED64,  count,             4) \
X(a, STATIC,   OPTIONAL, DOUBLE,   sum,               5) \
X(a, STATIC,   SINGULAR, SINT32,   scale,             6) \
X(a, STATIC,   SINGULAR, FIXED64,  zero_count,        7) \
X(a, STATIC,   OPTIONAL, MESSAGE,  positive,          8) \
X(a, STATIC,   OPTIONAL, MESSAGE,  negative,          9) \
X(a, STATIC,   SINGULAR, UINT32,   flags,            10) \
X(a, CALLBACK, REPEATED, MESSAGE,  exemplars,        11) \
X(a, STATIC,   OPTIONAL, DOUBLE,   min,              12) \
X(a, STATIC,   OPTIONAL, DOUBLE,   max,              13) \
X(a, STATIC,   SINGULAR, DOUBLE,   zero_threshold,   14)
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_positive_MSGTYPE opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_negative_MSGTYPE opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_exemplars_MSGTYPE opentelemetry_proto_metrics_v1_Exemplar

#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, SINT32,   offset,            1) \
X(a, CALLBACK, REPEATED, UINT64,   bucket_counts,     2)
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_DEFAULT NULL

#define opentelemetry_proto_metrics_v1_Exemplar_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, FIXED64,  time_unix_nano,    2) \
X(a, STATIC,   ONEOF,    DOUBLE,   (value,as_double,value.as_double),   3) \
X(a, CALLBACK, SINGULAR, BYTES,    span_id,           4) \
X(a, CALLBACK, SINGULAR, BYTES,    trace_id,          5) \
X(a, STATIC,   ONEOF,    SFIXED64, (value,as_int,value.as_int),   6) \
X(a, CALLBACK, REPEATED, MESSAGE,  filtered_attributes,   7)
#define opentelemetry_proto_metrics_v1_Exemplar_CALLBACK pb_default_field_callback
#define opentelemetry_proto_metrics_v1_Exemplar_DEFAULT NULL
#define opentelemetry_proto_metrics_v1_Exemplar_filtered_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

OTEL__PB_DESC(opentelemetry_proto_metrics_v1_ResourceMetrics_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_ScopeMetrics_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_Metric_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_Gauge_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_Sum_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_Histogram_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_ExponentialHistogram_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_NumberDataPoint_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_HistogramDataPoint_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_msg)
OTEL__PB_DESC(opentelemetry_proto_metrics_v1_Exemplar_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_metrics_v1_ResourceMetrics_fields &opentelemetry_proto_metrics_v1_ResourceMetrics_msg
#define opentelemetry_proto_metrics_v1_ScopeMetrics_fields &opentelemetry_proto_metrics_v1_ScopeMetrics_msg
#define opentelemetry_proto_metrics_v1_Metric_fields &opentelemetry_proto_metrics_v1_Metric_msg
#define opentelemetry_proto_metrics_v1_Gauge_fields &opentelemetry_proto_metrics_v1_Gauge_msg
#define opentelemetry_proto_metrics_v1_Sum_fields &opentelemetry_proto_metrics_v1_Sum_msg
#define opentelemetry_proto_metrics_v1_Histogram_fields &opentelemetry_proto_metrics_v1_Histogram_msg
#define opentelemetry_proto_metrics_v1_ExponentialHistogram_fields &opentelemetry_proto_metrics_v1_ExponentialHistogram_msg
#define opentelemetry_proto_metrics_v1_NumberDataPoint_fields &opentelemetry_proto_metrics_v1_NumberDataPoint_msg
#define opentelemetry_proto_metrics_v1_HistogramDataPoint_fields &opentelemetry_proto_metrics_v1_HistogramDataPoint_msg
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_fields &opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_msg
#define opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_fields &opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_msg
#define opentelemetry_proto_metrics_v1_Exemplar_fields &opentelemetry_proto_metrics_v1_Exemplar_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_metrics_v1_ResourceMetrics_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_ScopeMetrics_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_Metric_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_Gauge_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_Sum_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_Histogram_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_ExponentialHistogram_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_NumberDataPoint_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_HistogramDataPoint_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_size depends on runtime parameters */
/* opentelemetry_proto_metrics_v1_Exemplar_size depends on runtime parameters */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* ---- opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_COLLECTOR_METRICS_V1_OPENTELEMETRY_PROTO_COLLECTOR_METRICS_V1_METRICS_SERVICE_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_COLLECTOR_METRICS_V1_OPENTELEMETRY_PROTO_COLLECTOR_METRICS_V1_METRICS_SERVICE_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Struct definitions */
typedef struct _opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest {
    pb_callback_t resource_metrics;
} opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest;

typedef struct _opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess {
    int64_t rejected_data_points;
    char error_message[256];
} opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess;

typedef struct _opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse {
    bool has_partial_success;
    opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess partial_success;
} opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse;


#ifdef __cplusplus
extern "C" {
#endif

/* Initializer values for message structs */
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_init_default {{{NULL}, NULL}}
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_init_default {false, opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_init_default}
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_init_default {0, ""}
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_init_zero {{{NULL}, NULL}}
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_init_zero {false, opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_init_zero}
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_init_zero {0, ""}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_resource_metrics_tag 1
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_rejected_data_points_tag 1
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_error_message_tag 2
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_partial_success_tag 1

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  resource_metrics,   1)
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_CALLBACK pb_default_field_callback
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_DEFAULT NULL
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_resource_metrics_MSGTYPE opentelemetry_proto_metrics_v1_ResourceMetrics

#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  partial_success,   1)
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_CALLBACK NULL
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_DEFAULT NULL
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_partial_success_MSGTYPE opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess

#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, INT64,    rejected_data_points,   1) \
X(a, STATIC,   SINGULAR, STRING,   error_message,     2)
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_CALLBACK NULL
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_DEFAULT NULL

OTEL__PB_DESC(opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_msg)
OTEL__PB_DESC(opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_msg)
OTEL__PB_DESC(opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_fields &opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_msg
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_fields &opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_msg
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_fields &opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest_size depends on runtime parameters */
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess_size 269
#define opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_size 272

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* ---- opentelemetry/proto/logs/v1/logs.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_LOGS_V1_OPENTELEMETRY_PROTO_LOGS_V1_LOGS_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_LOGS_V1_OPENTELEMETRY_PROTO_LOGS_V1_LOGS_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Enum definitions */
typedef enum _opentelemetry_proto_logs_v1_SeverityNumber {
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_UNSPECIFIED = 0,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_TRACE = 1,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_TRACE2 = 2,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_TRACE3 = 3,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_TRACE4 = 4,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_DEBUG = 5,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_DEBUG2 = 6,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_DEBUG3 = 7,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_DEBUG4 = 8,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_INFO = 9,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_INFO2 = 10,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_INFO3 = 11,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_INFO4 = 12,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_WARN = 13,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_WARN2 = 14,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_WARN3 = 15,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_WARN4 = 16,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_ERROR = 17,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_ERROR2 = 18,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_ERROR3 = 19,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_ERROR4 = 20,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_FATAL = 21,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_FATAL2 = 22,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_FATAL3 = 23,
    opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_FATAL4 = 24
} opentelemetry_proto_logs_v1_SeverityNumber;

/* Struct definitions */
typedef struct _opentelemetry_proto_logs_v1_ResourceLogs {
    bool has_resource;
    opentelemetry_proto_resource_v1_Resource resource;
    pb_callback_t scope_logs;
    pb_callback_t schema_url;
} opentelemetry_proto_logs_v1_ResourceLogs;

typedef struct _opentelemetry_proto_logs_v1_ScopeLogs {
    bool has_scope;
    opentelemetry_proto_common_v1_InstrumentationScope scope;
    pb_callback_t log_records;
    pb_callback_t schema_url;
} opentelemetry_proto_logs_v1_ScopeLogs;

typedef struct _opentelemetry_proto_logs_v1_LogRecord {
    uint64_t time_unix_nano;
    opentelemetry_proto_logs_v1_SeverityNumber severity_number;
    pb_callback_t severity_text;
    bool has_body;
    opentelemetry_proto_common_v1_AnyValue body;
    pb_callback_t attributes;
    uint32_t dropped_attributes_count;
    uint32_t flags;
    pb_callback_t trace_id;
    pb_callback_t span_id;
    uint64_t observed_time_unix_nano;
    pb_callback_t event_name;
} opentelemetry_proto_logs_v1_LogRecord;


#ifdef __cplusplus
extern "C" {
#endif

/* Helper constants for enums */
#define _opentelemetry_proto_logs_v1_SeverityNumber_MIN opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_UNSPECIFIED
#define _opentelemetry_proto_logs_v1_SeverityNumber_MAX opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_FATAL4
#define _opentelemetry_proto_logs_v1_SeverityNumber_ARRAYSIZE ((opentelemetry_proto_logs_v1_SeverityNumber)(opentelemetry_proto_logs_v1_SeverityNumber_SEVERITY_NUMBER_FATAL4+1))



#define opentelemetry_proto_logs_v1_LogRecord_severity_number_ENUMTYPE opentelemetry_proto_logs_v1_SeverityNumber


/* Initializer values for message structs */
#define opentelemetry_proto_logs_v1_ResourceLogs_init_default {false, opentelemetry_proto_resource_v1_Resource_init_default, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_logs_v1_ScopeLogs_init_default {false, opentelemetry_proto_common_v1_InstrumentationScope_init_default, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_logs_v1_LogRecord_init_default {0, _opentelemetry_proto_logs_v1_SeverityNumber_MIN, {{NULL}, NULL}, false, opentelemetry_proto_common_v1_AnyValue_init_default, {{NULL}, NULL}, 0, 0, {{NULL}, NULL}, {{NULL}, NULL}, 0, {{NULL}, NULL}}
#define opentelemetry_proto_logs_v1_ResourceLogs_init_zero {false, opentelemetry_proto_resource_v1_Resource_init_zero, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_logs_v1_ScopeLogs_init_zero {false, opentelemetry_proto_common_v1_InstrumentationScope_init_zero, {{NULL}, NULL}, {{NULL}, NULL}}
#define opentelemetry_proto_logs_v1_LogRecord_init_zero {0, _opentelemetry_proto_logs_v1_SeverityNumber_MIN, {{NULL}, NULL}, false, opentelemetry_proto_common_v1_AnyValue_init_zero, {{NULL}, NULL}, 0, 0, {{NULL}, NULL}, {{NULL}, NULL}, 0, {{NULL}, NULL}}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_logs_v1_ResourceLogs_resource_tag 1
#define opentelemetry_proto_logs_v1_ResourceLogs_scope_logs_tag 2
#define opentelemetry_proto_logs_v1_ResourceLogs_schema_url_tag 3
#define opentelemetry_proto_logs_v1_ScopeLogs_scope_tag 1
#define opentelemetry_proto_logs_v1_ScopeLogs_log_records_tag 2
#define opentelemetry_proto_logs_v1_ScopeLogs_schema_url_tag 3
#define opentelemetry_proto_logs_v1_LogRecord_time_unix_nano_tag 1
#define opentelemetry_proto_logs_v1_LogRecord_severity_number_tag 2
#define opentelemetry_proto_logs_v1_LogRecord_severity_text_tag 3
#define opentelemetry_proto_logs_v1_LogRecord_body_tag 5
#define opentelemetry_proto_logs_v1_LogRecord_attributes_tag 6
#define opentelemetry_proto_logs_v1_LogRecord_dropped_attributes_count_tag 7
#define opentelemetry_proto_logs_v1_LogRecord_flags_tag 8
#define opentelemetry_proto_logs_v1_LogRecord_trace_id_tag 9
#define opentelemetry_proto_logs_v1_LogRecord_span_id_tag 10
#define opentelemetry_proto_logs_v1_LogRecord_observed_time_unix_nano_tag 11
#define opentelemetry_proto_logs_v1_LogRecord_event_name_tag 12

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_logs_v1_ResourceLogs_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  resource,          1) \
X(a, CALLBACK, REPEATED, MESSAGE,  scope_logs,        2) \
X(a, CALLBACK, SINGULAR, STRING,   schema_url,        3)
#define opentelemetry_proto_logs_v1_ResourceLogs_CALLBACK pb_default_field_callback
#define opentelemetry_proto_logs_v1_ResourceLogs_DEFAULT NULL
#define opentelemetry_proto_logs_v1_ResourceLogs_resource_MSGTYPE opentelemetry_proto_resource_v1_Resource
#define opentelemetry_proto_logs_v1_ResourceLogs_scope_logs_MSGTYPE opentelemetry_proto_logs_v1_ScopeLogs

#define opentelemetry_proto_logs_v1_ScopeLogs_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  scope,             1) \
X(a, CALLBACK, REPEATED, MESSAGE,  log_records,       2) \
X(a, CALLBACK, SINGULAR, STRING,   schema_url,        3)
#define opentelemetry_proto_logs_v1_ScopeLogs_CALLBACK pb_default_field_callback
#define opentelemetry_proto_logs_v1_ScopeLogs_DEFAULT NULL
#define opentelemetry_proto_logs_v1_ScopeLogs_scope_MSGTYPE opentelemetry_proto_common_v1_InstrumentationScope
#define opentelemetry_proto_logs_v1_ScopeLogs_log_records_MSGTYPE opentelemetry_proto_logs_v1_LogRecord

#define opentelemetry_proto_logs_v1_LogRecord_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, FIXED64,  time_unix_nano,    1) \
X(a, STATIC,   SINGULAR, UENUM,    severity_number,   2) \
X(a, CALLBACK, SINGULAR, STRING,   severity_text,     3) \
X(a, STATIC,   OPTIONAL, MESSAGE,  body,              5) \
X(a, CALLBACK, REPEATED, MESSAGE,  attributes,        6) \
X(a, STATIC,   SINGULAR, UINT32,   dropped_attributes_count,   7) \
X(a, STATIC,   SINGULAR, FIXED32,  flags,             8) \
X(a, CALLBACK, SINGULAR, BYTES,    trace_id,          9) \
X(a, CALLBACK, SINGULAR, BYTES,    span_id,          10) \
X(a, STATIC,   SINGULAR, FIXED64,  observed_time_unix_nano,  11) \
X(a, CALLBACK, SINGULAR, STRING,   event_name,       12)
#define opentelemetry_proto_logs_v1_LogRecord_CALLBACK pb_default_field_callback
#define opentelemetry_proto_logs_v1_LogRecord_DEFAULT NULL
#define opentelemetry_proto_logs_v1_LogRecord_body_MSGTYPE opentelemetry_proto_common_v1_AnyValue
#define opentelemetry_proto_logs_v1_LogRecord_attributes_MSGTYPE opentelemetry_proto_common_v1_KeyValue

OTEL__PB_DESC(opentelemetry_proto_logs_v1_ResourceLogs_msg)
OTEL__PB_DESC(opentelemetry_proto_logs_v1_ScopeLogs_msg)
OTEL__PB_DESC(opentelemetry_proto_logs_v1_LogRecord_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_logs_v1_ResourceLogs_fields &opentelemetry_proto_logs_v1_ResourceLogs_msg
#define opentelemetry_proto_logs_v1_ScopeLogs_fields &opentelemetry_proto_logs_v1_ScopeLogs_msg
#define opentelemetry_proto_logs_v1_LogRecord_fields &opentelemetry_proto_logs_v1_LogRecord_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_logs_v1_ResourceLogs_size depends on runtime parameters */
/* opentelemetry_proto_logs_v1_ScopeLogs_size depends on runtime parameters */
/* opentelemetry_proto_logs_v1_LogRecord_size depends on runtime parameters */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* ---- opentelemetry/proto/collector/logs/v1/logs_service.pb.h ---- */

#ifndef PB_OPENTELEMETRY_PROTO_COLLECTOR_LOGS_V1_OPENTELEMETRY_PROTO_COLLECTOR_LOGS_V1_LOGS_SERVICE_PB_H_INCLUDED
#define PB_OPENTELEMETRY_PROTO_COLLECTOR_LOGS_V1_OPENTELEMETRY_PROTO_COLLECTOR_LOGS_V1_LOGS_SERVICE_PB_H_INCLUDED

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

/* Struct definitions */
typedef struct _opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest {
    pb_callback_t resource_logs;
} opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest;

typedef struct _opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess {
    int64_t rejected_log_records;
    char error_message[256];
} opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess;

typedef struct _opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse {
    bool has_partial_success;
    opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess partial_success;
} opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse;


#ifdef __cplusplus
extern "C" {
#endif

/* Initializer values for message structs */
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_init_default {{{NULL}, NULL}}
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_init_default {false, opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_init_default}
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_init_default {0, ""}
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_init_zero {{{NULL}, NULL}}
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_init_zero {false, opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_init_zero}
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_init_zero {0, ""}

/* Field tags (for use in manual encoding/decoding) */
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_resource_logs_tag 1
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_rejected_log_records_tag 1
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_error_message_tag 2
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_partial_success_tag 1

/* Struct field encoding specification for nanopb */
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_FIELDLIST(X, a) \
X(a, CALLBACK, REPEATED, MESSAGE,  resource_logs,     1)
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_CALLBACK pb_default_field_callback
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_DEFAULT NULL
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_resource_logs_MSGTYPE opentelemetry_proto_logs_v1_ResourceLogs

#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_FIELDLIST(X, a) \
X(a, STATIC,   OPTIONAL, MESSAGE,  partial_success,   1)
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_CALLBACK NULL
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_DEFAULT NULL
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_partial_success_MSGTYPE opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess

#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_FIELDLIST(X, a) \
X(a, STATIC,   SINGULAR, INT64,    rejected_log_records,   1) \
X(a, STATIC,   SINGULAR, STRING,   error_message,     2)
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_CALLBACK NULL
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_DEFAULT NULL

OTEL__PB_DESC(opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_msg)
OTEL__PB_DESC(opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_msg)
OTEL__PB_DESC(opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_msg)

/* Defines for backwards compatibility with code written before nanopb-0.4.0 */
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_fields &opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_msg
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_fields &opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_msg
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_fields &opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_msg

/* Maximum encoded size of messages (where known) */
/* opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest_size depends on runtime parameters */
#define opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess_size 269
#define opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_size 272

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
/* END GENERATED NANOPB TYPES */

/* >> encode: OTLP/JSON, OTLP/protobuf, metrics and logs */
/* ==== encode: OTLP/JSON ==== */
/* The OTLP JSON mapping: lowerCamelCase names, trace and span ids as hex,
   enums as integers, 64-bit integers as decimal strings. */
typedef struct otel__wbuf { char *p; size_t len, cap; int full; } otel__wbuf;

static void otel__w(otel__wbuf *b, const char *s, size_t n) {
    if (b->len + n > b->cap) { b->full = 1; return; }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}
static void otel__ws(otel__wbuf *b, const char *s) { otel__w(b, s, strlen(s)); }
static void otel__wu64(otel__wbuf *b, uint64_t v, int quoted) {
    char t[24]; int i = 23;
    t[i] = 0;
    do { t[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    if (quoted) otel__w(b, "\"", 1);
    otel__w(b, t + i, (size_t)(23 - i));
    if (quoted) otel__w(b, "\"", 1);
}
static void otel__wi64(otel__wbuf *b, int64_t v) {
    if (v >= 0) { otel__wu64(b, (uint64_t)v, 1); return; }
    otel__w(b, "\"-", 2);
    otel__wu64(b, (uint64_t)0 - (uint64_t)v, 0);
    otel__w(b, "\"", 1);
}
static void otel__wdouble(otel__wbuf *b, double d) {
    char t[40];
    int n;
    if (d != d) n = snprintf(t, sizeof t, "\"NaN\"");
    else if (d > 1.7976931348623157e308) n = snprintf(t, sizeof t, "\"Infinity\"");
    else if (d < -1.7976931348623157e308) n = snprintf(t, sizeof t, "\"-Infinity\"");
    else n = snprintf(t, sizeof t, "%.17g", d);
    otel__w(b, t, (size_t)n);
}
/* an id as hex, in quotes: two characters a byte from a table of the pairs */
static void otel__whex(otel__wbuf *b, const uint8_t *id, size_t n) {
    static const char pairs[513] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
    "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
    "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
    if (b->len + 2 * n + 2 > b->cap) { b->full = 1; return; }
    char *t = b->p + b->len;
    t[0] = '"';
    for (size_t i = 0; i < n; i++) memcpy(t + 1 + 2 * i, pairs + 2 * id[i], 2);
    t[2 * n + 1] = '"';
    b->len += 2 * n + 2;
}
/* a JSON string: escapes quotes, backslashes and control characters; bytes
   that are not valid UTF-8 become U+FFFD so the document stays valid */
static void otel__wstr(otel__wbuf *b, const char *s, size_t n) {
    static const char hx[] = "0123456789abcdef";
    otel__w(b, "\"", 1);
    size_t i = 0, lit = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { i++; continue; }
        if (c >= 0x80) {
            size_t len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
            size_t k = 1;
            if (len && i + len <= n)
                for (; k < len; k++) if (((unsigned char)s[i + k] & 0xc0) != 0x80) break;
            if (len && k == len) { i += len; continue; }
            otel__w(b, s + lit, i - lit);
            otel__w(b, "\xef\xbf\xbd", 3);
            i++; lit = i;
            continue;
        }
        otel__w(b, s + lit, i - lit);
        char e[6] = {'\\', 'u', '0', '0', hx[c >> 4], hx[c & 15]};
        if (c == '"' || c == '\\') { e[1] = (char)c; otel__w(b, e, 2); }
        else if (c == '\n') otel__w(b, "\\n", 2);
        else if (c == '\t') otel__w(b, "\\t", 2);
        else if (c == '\r') otel__w(b, "\\r", 2);
        else otel__w(b, e, 6);
        i++; lit = i;
    }
    otel__w(b, s + lit, n - lit);
    otel__w(b, "\"", 1);
}
/* element i of an int, double or bool array, as a scalar attribute */
static const otel_attr *otel__array_elem(const otel_attr *a, size_t i, otel_attr *e) {
    memset(e, 0, sizeof *e);
    e->key = a->key;
    if (a->type == OTEL_TYPE_INT_ARRAY) { e->type = OTEL_TYPE_INT; e->v.i = a->v.ints.items[i]; }
    else if (a->type == OTEL_TYPE_DOUBLE_ARRAY) { e->type = OTEL_TYPE_DOUBLE; e->v.d = a->v.doubles.items[i]; }
    else { e->type = OTEL_TYPE_BOOL; e->v.b = a->v.bools.items[i] != 0; }
    return e;
}
static void otel__json_anyvalue(otel__wbuf *b, const otel_attr *a) {
    switch (a->type) {
    case OTEL_TYPE_STRING: otel__ws(b, "{\"stringValue\":"); otel__wstr(b, a->v.str.ptr, a->v.str.len); break;
    case OTEL_TYPE_BOOL: otel__ws(b, a->v.b ? "{\"boolValue\":true" : "{\"boolValue\":false"); break;
    case OTEL_TYPE_INT: otel__ws(b, "{\"intValue\":"); otel__wi64(b, a->v.i); break;
    case OTEL_TYPE_DOUBLE: otel__ws(b, "{\"doubleValue\":"); otel__wdouble(b, a->v.d); break;
    case OTEL_TYPE_STRING_ARRAY: {
        otel__ws(b, "{\"arrayValue\":{\"values\":[");
        const char *p = a->v.strs.packed;
        for (size_t i = 0; i < a->v.strs.count; i++) {
            uint32_t n;
            memcpy(&n, p, 4);
            otel__ws(b, i ? ",{\"stringValue\":" : "{\"stringValue\":");
            otel__wstr(b, p + 4, n);
            otel__w(b, "}", 1);
            p += 4 + n + 1;
        }
        otel__ws(b, "]}");
        break;
    }
    case OTEL_TYPE_INT_ARRAY: case OTEL_TYPE_DOUBLE_ARRAY: case OTEL_TYPE_BOOL_ARRAY:
        otel__ws(b, "{\"arrayValue\":{\"values\":[");
        for (size_t i = 0; i < a->v.ints.count; i++) {
            otel_attr e;
            if (i) otel__w(b, ",", 1);
            otel__json_anyvalue(b, otel__array_elem(a, i, &e));
        }
        otel__ws(b, "]}");
        break;
    default: otel__w(b, "{", 1); break;
    }
    otel__w(b, "}", 1);
}
static void otel__json_kv(otel__wbuf *b, const otel_attr *a, int first) {
    otel__ws(b, first ? "{\"key\":" : ",{\"key\":");
    otel__wstr(b, a->key, strlen(a->key));
    otel__ws(b, ",\"value\":");
    otel__json_anyvalue(b, a);
    otel__w(b, "}", 1);
}
/* the scope's name, version (NULL: the default scope) */
static const char *otel__scope_nm(const otel_scope *sc) { return sc ? sc->name : otel_scope_name(); }
static const char *otel__scope_ver(const otel_scope *sc) { return sc ? sc->version : OTEL_VERSION_STRING; }
/* span flags in OTLP: the W3C trace flags, plus "has is_remote" (0x100) and
   "is_remote" (0x200) for the parent, or for a link's span context */
static uint32_t otel__otlp_flags(uint8_t trace_flags, int known, int remote) {
    return (uint32_t)(trace_flags & 0xffu) | (known ? 0x100u : 0u) | (remote ? 0x200u : 0u);
}
static void otel__json_span(otel__wbuf *b, const otel_span_data *d, int first) {
    otel_span_info in;
    otel__span_info(d, &in, 0);   /* (no attribute count: not written) */
    otel__ws(b, first ? "{\"traceId\":" : ",{\"traceId\":");
    otel__whex(b, in.context.trace_id, 16);
    otel__ws(b, ",\"spanId\":");
    otel__whex(b, in.context.span_id, 8);
    if (in.context.tracestate_len) {
        otel__ws(b, ",\"traceState\":");
        otel__wstr(b, in.context.tracestate, in.context.tracestate_len);
    }
    if (in.has_parent) { otel__ws(b, ",\"parentSpanId\":"); otel__whex(b, in.parent_span_id, 8); }
    otel__ws(b, ",\"flags\":");
    otel__wu64(b, otel__otlp_flags(in.context.flags, 1, in.has_parent && in.parent_remote), 0);
    otel__ws(b, ",\"name\":");
    otel__wstr(b, in.name, in.name_len);
    otel__ws(b, ",\"kind\":");
    otel__wu64(b, in.kind ? (uint64_t)in.kind : 1u, 0);
    otel__ws(b, ",\"startTimeUnixNano\":");
    otel__wu64(b, in.start_ns, 1);
    otel__ws(b, ",\"endTimeUnixNano\":");
    otel__wu64(b, in.end_ns, 1);
    /* attributes, then events and links, each with their own attributes */
    otel_iter it = {NULL, 0};
    otel_item item;
    int na = 0;
    otel__ws(b, ",\"attributes\":[");
    while (otel_span_data_next(d, &it, &item))
        if (item.type == OTEL_ITEM_ATTR) otel__json_kv(b, &item.attr, na++ == 0);
    otel__ws(b, "],\"droppedAttributesCount\":");
    otel__wu64(b, in.dropped_attributes, 0);
    for (int pass = 0; pass < 2; pass++) {
        int want = pass == 0 ? OTEL_ITEM_EVENT : OTEL_ITEM_LINK, wattr = pass == 0 ? OTEL_ITEM_EVENT_ATTR : OTEL_ITEM_LINK_ATTR;
        int open = 0, nitems = 0, nattrs = 0;
        uint32_t dropped = 0;
        otel__ws(b, pass == 0 ? ",\"events\":[" : ",\"links\":[");
        it.blk = NULL; it.off = 0;
        while (otel_span_data_next(d, &it, &item)) {
            if (item.type == OTEL_ITEM_EVENT || item.type == OTEL_ITEM_LINK) {
                if (open) { otel__ws(b, "],\"droppedAttributesCount\":"); otel__wu64(b, dropped, 0); otel__w(b, "}", 1); open = 0; }
                if (item.type != want) continue;
                otel__ws(b, nitems++ ? ",{" : "{");
                if (want == OTEL_ITEM_EVENT) {
                    otel__ws(b, "\"timeUnixNano\":");
                    otel__wu64(b, item.event_ns, 1);
                    otel__ws(b, ",\"name\":");
                    otel__wstr(b, item.event_name, strlen(item.event_name));
                } else {
                    otel__ws(b, "\"traceId\":");
                    otel__whex(b, item.link.trace_id, 16);
                    otel__ws(b, ",\"spanId\":");
                    otel__whex(b, item.link.span_id, 8);
                    if (item.link.tracestate_len) {
                        otel__ws(b, ",\"traceState\":");
                        otel__wstr(b, item.link.tracestate, item.link.tracestate_len);
                    }
                    otel__ws(b, ",\"flags\":");
                    otel__wu64(b, otel__otlp_flags(item.link.flags, 0, 0), 0);
                }
                otel__ws(b, ",\"attributes\":[");
                dropped = item.dropped_attributes;
                nattrs = 0;
                open = 1;
            } else if (item.type == wattr && open) {
                otel__json_kv(b, &item.attr, nattrs++ == 0);
            }
        }
        if (open) { otel__ws(b, "],\"droppedAttributesCount\":"); otel__wu64(b, dropped, 0); otel__w(b, "}", 1); }
        otel__ws(b, pass == 0 ? "],\"droppedEventsCount\":" : "],\"droppedLinksCount\":");
        otel__wu64(b, pass == 0 ? in.dropped_events : in.dropped_links, 0);
    }
    otel__ws(b, ",\"status\":{");
    if (in.status == OTEL_STATUS_ERROR && in.status_len) {
        otel__ws(b, "\"message\":");
        otel__wstr(b, in.status_message, in.status_len);
        otel__w(b, ",", 1);
    }
    otel__ws(b, "\"code\":");
    otel__wu64(b, (uint64_t)in.status, 0);
    otel__ws(b, "}}");
}

/* ==== encode: OTLP/protobuf ==== */
/* One protobuf writer for spans, log records and metrics, straight into the
   send buffer (an otel__wbuf, as JSON): each record is read once and each
   byte written once. Field numbers are the `*_tag` macros nanopb generates
   from proto/ (tools/regen.sh); wire types are the proto's. Lengths:
   - a KeyValue's and an AnyValue's are known before they are written (the
     key's and the value's sizes), so they are written exactly;
   - a span, event, link, log record, metric or data point gets a length
     prefix as wide as the last one of its kind, filled in when it closes;
     only when the width was wrong (rare) is its content moved by a byte;
   - the few messages around the records (a ScopeSpans, ScopeLogs or
     ScopeMetrics per scope, and the ResourceX) get a 5-byte gap with the
     length written at its end; once the batch is written, what sits before
     each gap moves up over its spare bytes (the resource and scope
     headers when there is one scope), and the request starts at *off. */
#define OTEL__KEY(tag, wt) ((uint32_t)(tag) << 3 | (uint32_t)(wt))
#define OTEL__KLEN(tag, wt) OTEL__KEY(tag, PB_WT_##wt)
OTEL__INLINE size_t otel__varint_len(uint64_t v) { size_t n = 1; while (v >= 0x80) { v >>= 7; n++; } return n; }
OTEL__INLINE size_t otel__pb_len_field(size_t payload) { return 1 + otel__varint_len(payload) + payload; }
OTEL__INLINE unsigned char *otel__pb_put(unsigned char *t, uint64_t v) {
    while (v >= 0x80) { *t++ = (unsigned char)(v | 0x80); v >>= 7; }
    *t++ = (unsigned char)v;
    return t;
}
OTEL__INLINE unsigned char *otel__pb_put_le(unsigned char *t, uint64_t v, int n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(t, &v, (size_t)n);   /* (n is a constant: one store) */
#else
    for (int i = 0; i < n; i++) t[i] = (unsigned char)(v >> (8 * i));
#endif
    return t + n;
}
/* the next n bytes of the buffer, or NULL (and full) when they do not fit */
OTEL__INLINE unsigned char *otel__pb_room(otel__wbuf *b, size_t n) {
    if (OTEL__UNLIKELY(b->full || b->len + n > b->cap)) { b->full = 1; return NULL; }
    return (unsigned char *)b->p + b->len;
}
OTEL__INLINE void otel__pb_done(otel__wbuf *b, const unsigned char *t) { b->len = (size_t)(t - (const unsigned char *)b->p); }
static void otel__pb_varint(otel__wbuf *b, uint32_t key, uint64_t v) {
    unsigned char *t = otel__pb_room(b, 15);
    if (t) otel__pb_done(b, otel__pb_put(otel__pb_put(t, key), v));
}
static void otel__pb_fixed(otel__wbuf *b, uint32_t key, uint64_t v, int n) {
    unsigned char *t = otel__pb_room(b, 13);
    if (!t) return;
    t = otel__pb_put(t, key);
    otel__pb_done(b, n == 8 ? otel__pb_put_le(t, v, 8) : otel__pb_put_le(t, v, 4));
}
static void otel__pb_bytes(otel__wbuf *b, uint32_t key, const void *p, size_t n) {
    unsigned char *t = otel__pb_room(b, 15 + n);
    if (!t) return;
    t = otel__pb_put(otel__pb_put(t, key), n);
    memcpy(t, p, n);
    otel__pb_done(b, t + n);
}
/* a nested message: its key, then *width bytes for its length; returns
   where its content starts */
static size_t otel__pb_open(otel__wbuf *b, uint32_t key, size_t width) {
    unsigned char *t = otel__pb_room(b, 5 + width);
    if (!t) return b->len;
    otel__pb_done(b, otel__pb_put(t, key) + width);
    return b->len;
}
/* closes it: the length in the *width bytes before start (the content
   moved when it needs another width, which is the next one's guess) */
static void otel__pb_close(otel__wbuf *b, size_t start, size_t *width) {
    if (b->full) return;
    size_t n = b->len - start, hl = otel__varint_len(n);
    unsigned char *p = (unsigned char *)b->p;
    if (hl != *width) {
        if (hl > *width && !otel__pb_room(b, hl - *width)) return;
        memmove(p + start - *width + hl, p + start, n);
        b->len = b->len + hl - *width;
        start = start - *width + hl;
        *width = hl;
    }
    otel__pb_put(p + start - hl, n);
}
/* a message around the records: a 5-byte gap, the length at its end;
   the spare bytes before it are noted in holes[] */
typedef struct otel__pb_hole { size_t at, n; } otel__pb_hole;
static void otel__pb_close_gap(otel__wbuf *b, size_t start, otel__pb_hole *h) {
    size_t n = b->len - start, hl = otel__varint_len(n);
    otel__pb_put((unsigned char *)b->p + start - hl, n);
    h->at = start - 5; h->n = 5 - hl;
}
/* moves what sits before the holes up over them; returns the new start */
static size_t otel__pb_squeeze(otel__wbuf *b, size_t from, const otel__pb_hole *h, size_t nh) {
    size_t shift = 0;
    for (size_t k = nh; k-- > 0;) {
        size_t seg = k ? h[k - 1].at + h[k - 1].n : from;
        shift += h[k].n;
        if (shift) memmove(b->p + seg + shift, b->p + seg, h[k].at - seg);
    }
    return from + shift;
}

static size_t otel__pb_strarray_inner(const otel_attr *a) {
    size_t inner = 0;
    const char *p = a->v.strs.packed;
    for (size_t i = 0; i < a->v.strs.count; i++) {
        uint32_t n; memcpy(&n, p, 4);
        inner += otel__pb_len_field(otel__pb_len_field(n));
        p += 4 + n + 1;
    }
    return inner;
}
static size_t otel__pb_numarray_inner(const otel_attr *a);
#define OTEL__AV(f) opentelemetry_proto_common_v1_AnyValue_##f##_tag
/* an AnyValue's size, and its fields written at t (room checked by the caller) */
OTEL__INLINE size_t otel__pb_anyvalue_len(const otel_attr *a) {
    switch (a->type) {
    case OTEL_TYPE_STRING: return otel__pb_len_field(a->v.str.len);
    case OTEL_TYPE_BOOL: return 2;
    case OTEL_TYPE_INT: return 1 + otel__varint_len((uint64_t)a->v.i);
    case OTEL_TYPE_DOUBLE: return 9;
    case OTEL_TYPE_STRING_ARRAY: return otel__pb_len_field(otel__pb_strarray_inner(a));
    case OTEL_TYPE_INT_ARRAY: case OTEL_TYPE_DOUBLE_ARRAY: case OTEL_TYPE_BOOL_ARRAY:
        return otel__pb_len_field(otel__pb_numarray_inner(a));
    default: return 0;
    }
}
/* ArrayValue: repeated AnyValue values */
static size_t otel__pb_numarray_inner(const otel_attr *a) {
    size_t inner = 0;
    otel_attr e;
    for (size_t i = 0; i < a->v.ints.count; i++) inner += otel__pb_len_field(otel__pb_anyvalue_len(otel__array_elem(a, i, &e)));
    return inner;
}
static unsigned char *otel__pb_anyvalue(unsigned char *t, const otel_attr *a) {
    switch (a->type) {
    case OTEL_TYPE_STRING:
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__AV(string_value), STRING)), a->v.str.len);
        memcpy(t, a->v.str.ptr, a->v.str.len);
        return t + a->v.str.len;
    case OTEL_TYPE_BOOL: *t++ = OTEL__KLEN(OTEL__AV(bool_value), VARINT); *t++ = a->v.b ? 1 : 0; return t;
    case OTEL_TYPE_INT: return otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__AV(int_value), VARINT)), (uint64_t)a->v.i);
    case OTEL_TYPE_DOUBLE: { uint64_t u; memcpy(&u, &a->v.d, 8); return otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__AV(double_value), 64BIT)), u, 8); }
    case OTEL_TYPE_STRING_ARRAY: {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__AV(array_value), STRING)), otel__pb_strarray_inner(a));
        const char *p = a->v.strs.packed;
        for (size_t i = 0; i < a->v.strs.count; i++) {
            uint32_t n; memcpy(&n, p, 4);
            t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_common_v1_ArrayValue_values_tag, STRING)), otel__pb_len_field(n));
            t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__AV(string_value), STRING)), n);
            memcpy(t, p + 4, n);
            t += n;
            p += 4 + n + 1;
        }
        return t;
    }
    case OTEL_TYPE_INT_ARRAY: case OTEL_TYPE_DOUBLE_ARRAY: case OTEL_TYPE_BOOL_ARRAY:
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__AV(array_value), STRING)), otel__pb_numarray_inner(a));
        for (size_t i = 0; i < a->v.ints.count; i++) {
            otel_attr e;
            otel__array_elem(a, i, &e);
            t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_common_v1_ArrayValue_values_tag, STRING)), otel__pb_anyvalue_len(&e));
            t = otel__pb_anyvalue(t, &e);
        }
        return t;
    default: return t;
    }
}
#undef OTEL__AV
/* a KeyValue as field `key` of the enclosing message (an attribute), or an
   AnyValue alone when a has no key (a log record's body) */
static void otel__pb_kv(otel__wbuf *b, uint32_t key, const otel_attr *a) {
    size_t av = otel__pb_anyvalue_len(a), kl = a->key ? strlen(a->key) : 0;
    size_t len = a->key ? otel__pb_len_field(kl) + otel__pb_len_field(av) : av;
    unsigned char *t = otel__pb_room(b, 6 + len);
    if (!t) return;
    t = otel__pb_put(otel__pb_put(t, key), len);
    if (a->key) {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_common_v1_KeyValue_key_tag, STRING)), kl);
        memcpy(t, a->key, kl);
        t = otel__pb_put(otel__pb_put(t + kl, OTEL__KLEN(opentelemetry_proto_common_v1_KeyValue_value_tag, STRING)), av);
    }
    otel__pb_done(b, otel__pb_anyvalue(t, a));
}

/* What a batch's encoder learned of a key or name, by address: its length
   and, for keys, their bit of the duplicate filter (by text, so a key
   repeated from another address falls on the same one). Keys, span and
   event names are not copied but live until otel_shutdown, so within one
   batch an address has one text; learned once per batch (strlen, hash).
   A short one (under OTEL__STRENC bytes) is also kept encoded, its length
   (one byte) then its bytes, so that writing it is one copy of a fixed
   size (otel__pb_enc); string literals given as values are learned alike. */
enum { OTEL__STRINFO = 64, OTEL__STRENC = 32 };
typedef struct otel__strinfo { const char *s; uint64_t bit; size_t len; unsigned char enc[OTEL__STRENC]; } otel__strinfo;
static OTEL__NOINLINE const otel__strinfo *otel__str_learn(otel__strinfo *e, const char *s) {
    e->s = s;
    e->len = strlen(s);
    e->bit = 1ull << (otel__hash_bytes(s, e->len, 0x6b6579u) & 63u);
    if (e->len < OTEL__STRENC) { e->enc[0] = (unsigned char)e->len; memcpy(e->enc + 1, s, e->len); }
    return e;
}
/* Two places an address may be cached at, by two parts of its hash: two
   strings of a batch that fall on one place (as two of the benchmark
   span's did, in one build, relearning each other at every span) keep one
   each. A string learned may take the place of another whose entry a
   caller still holds: callers read what they need of an entry before
   asking for the next string. */
static OTEL__NOINLINE const otel__strinfo *otel__str_second(otel__strinfo *c, const char *s, uint64_t h) {
    otel__strinfo *e = &c[h >> 58], *f = &c[(h >> 52) & (OTEL__STRINFO - 1)];
    if (f->s == s) return f;
    return otel__str_learn(e->s && !f->s ? f : e, s);
}
OTEL__INLINE const otel__strinfo *otel__str_info(otel__strinfo *c, const char *s) {
    uint64_t h = (uint64_t)(uintptr_t)s * 0x9e3779b97f4a7c15ull;
    otel__strinfo *e = &c[h >> 58];
    return OTEL__LIKELY(e->s == s) ? e : otel__str_second(c, s, h);
}
/* (a build for size, -Os, keeps the writer's fast paths out: they are
   what it is made of otherwise) */
#ifdef __OPTIMIZE_SIZE__
#define OTEL__PB_FAST 0
#define OTEL__PB_INLINE static
#else
#define OTEL__PB_FAST 1
#define OTEL__PB_INLINE OTEL__INLINE
#endif
/* n bytes of a short string (keys, names, values) without a call: moves
   of 4 or 8 that overlap for 4 to 32 bytes, the library's memcpy otherwise */
OTEL__INLINE unsigned char *otel__pb_copy(unsigned char *t, const void *s, size_t n) {
    const unsigned char *f = (const unsigned char *)s;
    if (!OTEL__PB_FAST) return (unsigned char *)memcpy(t, f, n) + n;
    uint64_t a, z;
    if (n - 4 < 4) {
        uint32_t a4, z4;
        memcpy(&a4, f, 4); memcpy(&z4, f + n - 4, 4);
        memcpy(t, &a4, 4); memcpy(t + n - 4, &z4, 4);
    } else if (n - 8 <= 24) {
        if (n > 16) {
            uint64_t m, y;
            memcpy(&m, f + 8, 8); memcpy(&y, f + n - 16, 8);
            memcpy(t + 8, &m, 8); memcpy(t + n - 16, &y, 8);
        }
        memcpy(&a, f, 8); memcpy(&z, f + n - 8, 8);
        memcpy(t, &a, 8); memcpy(t + n - 8, &z, 8);
    } else {
        memcpy(t, f, n);
    }
    return t + n;
}
/* an attribute record of the arena (kl: its key's length) as a KeyValue,
   field `key`: strings and integers straight from it, the rest through an
   otel_attr (the bytes and the room asked are otel__pb_kv's) */
OTEL__PB_INLINE void otel__pb_rattr(otel__wbuf *b, uint32_t key, const otel__r *x, size_t kl) {
    int vt = x->vtype;
    if (vt != OTEL_TYPE_STRING && vt != OTEL__VT_LITERAL && vt != OTEL_TYPE_INT) {
        otel_attr a;
        otel__attr_from_record(x, &a);
        otel__pb_kv(b, key, &a);
        return;
    }
    size_t av = vt == OTEL_TYPE_INT ? 1 + otel__varint_len((uint64_t)x->v.i) : otel__pb_len_field(x->aux);
    /* (every length one byte, the common case: the key's, the value's and the whole's) */
    int short_kv = OTEL__PB_FAST && OTEL__LIKELY(kl + av < 0x80 - 4 && key < 0x80);
    size_t len = short_kv ? 4 + kl + av : otel__pb_len_field(kl) + otel__pb_len_field(av);
    unsigned char *t = otel__pb_room(b, 6 + len);
    if (!t) return;
    const char *s = vt == OTEL__VT_LITERAL ? (const char *)(uintptr_t)x->v.u : (const char *)(x + 1);
    if (short_kv) {
        t[0] = (unsigned char)key; t[1] = (unsigned char)len;
        t[2] = OTEL__KLEN(opentelemetry_proto_common_v1_KeyValue_key_tag, STRING); t[3] = (unsigned char)kl;
        t = otel__pb_copy(t + 4, x->key, kl);
        t[0] = OTEL__KLEN(opentelemetry_proto_common_v1_KeyValue_value_tag, STRING); t[1] = (unsigned char)av;
        if (vt == OTEL_TYPE_INT) {
            t[2] = OTEL__KLEN(opentelemetry_proto_common_v1_AnyValue_int_value_tag, VARINT);
            t = otel__pb_put(t + 3, (uint64_t)x->v.i);
        } else {
            t[2] = OTEL__KLEN(opentelemetry_proto_common_v1_AnyValue_string_value_tag, STRING); t[3] = (unsigned char)x->aux;
            t = otel__pb_copy(t + 4, s, x->aux);
        }
        otel__pb_done(b, t);
        return;
    }
    t = otel__pb_put(otel__pb_put(t, key), len);
    t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_common_v1_KeyValue_key_tag, STRING)), kl);
    memcpy(t, x->key, kl);
    t = otel__pb_put(otel__pb_put(t + kl, OTEL__KLEN(opentelemetry_proto_common_v1_KeyValue_value_tag, STRING)), av);
    if (vt == OTEL_TYPE_INT) {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_common_v1_AnyValue_int_value_tag, VARINT)), (uint64_t)x->v.i);
    } else {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_common_v1_AnyValue_string_value_tag, STRING)), x->aux);
        memcpy(t, s, x->aux);
        t += x->aux;
    }
    otel__pb_done(b, t);
}
/* a cached string as a field: its tag, then the length and bytes copied as
   one block of OTEL__STRENC (the room has them to spare) */
OTEL__INLINE unsigned char *otel__pb_enc(unsigned char *t, unsigned tag, const otel__strinfo *e) {
    t[0] = (unsigned char)tag;
    memcpy(t + 1, e->enc, OTEL__STRENC);
    return t + 2 + e->len;
}
/* the room the fast writer asks for: an attribute of at most 4 + 31 + 4 + 63
   bytes, and what its fixed copies write past a string's end */
enum { OTEL__PB_FAST_ROOM = 2 * OTEL__STRENC + 96 };
/* an attribute record as a KeyValue, field `key`, at t (end: the buffer's)
   in few instructions: when its key is cached (k), its value a scalar, a
   cached literal or a short string, so that every length is one byte
   (written once the bytes are, from where they end), and the room ample.
   NULL otherwise, nothing written: otel__pb_rattr writes it. */
#define OTEL__KV(f) opentelemetry_proto_common_v1_KeyValue_##f##_tag
#define OTEL__AV(f) opentelemetry_proto_common_v1_AnyValue_##f##_tag
OTEL__INLINE unsigned char *otel__pb_rattr_fast(unsigned char *t, const unsigned char *end, uint32_t key, const otel__r *x,
                                                const otel__strinfo *k, otel__strinfo *ks) {
    size_t vl = x->aux;
    int vt = x->vtype;
    if (!OTEL__PB_FAST || k->len >= OTEL__STRENC || key >= 0x80 || (size_t)(end - t) < OTEL__PB_FAST_ROOM) return NULL;
    unsigned char *v = otel__pb_enc(t + 2, OTEL__KLEN(OTEL__KV(key), STRING), k), *w;
    v[0] = OTEL__KLEN(OTEL__KV(value), STRING);
    if (vt == OTEL_TYPE_INT) {
        v[2] = OTEL__KLEN(OTEL__AV(int_value), VARINT);
        w = otel__pb_put(v + 3, (uint64_t)x->v.i);
    } else if (vt == OTEL__VT_LITERAL && vl < OTEL__STRENC) {
        const otel__strinfo *e = otel__str_info(ks, (const char *)(uintptr_t)x->v.u);
        if (e->len != vl) return NULL;   /* (it is its C string, as a rule: else the general way) */
        w = otel__pb_enc(v + 2, OTEL__KLEN(OTEL__AV(string_value), STRING), e);
    } else if (vt == OTEL_TYPE_STRING && vl < 64) {
        v[2] = OTEL__KLEN(OTEL__AV(string_value), STRING); v[3] = (unsigned char)vl;
        w = otel__pb_copy(v + 4, x + 1, vl);
    } else if (vt == OTEL_TYPE_BOOL) {
        v[2] = OTEL__KLEN(OTEL__AV(bool_value), VARINT); v[3] = x->v.i ? 1 : 0;
        w = v + 4;
    } else if (vt == OTEL_TYPE_DOUBLE) {
        v[2] = OTEL__KLEN(OTEL__AV(double_value), 64BIT);
        w = otel__pb_put_le(v + 3, x->v.u, 8);
    } else {
        return NULL;
    }
    v[1] = (unsigned char)(w - v - 2);
    t[0] = (unsigned char)key; t[1] = (unsigned char)(w - t - 2);
    return w;
}
#undef OTEL__KV
#undef OTEL__AV
/* (kept out of the fast writers' loops, whose registers it would take) */
static OTEL__NOINLINE void otel__pb_rattr_slow(otel__wbuf *b, uint32_t key, const otel__r *x, size_t kl) { otel__pb_rattr(b, key, x, kl); }
/* an attribute record as a KeyValue at the end of b: the fast way, else the general one */
OTEL__INLINE void otel__pb_rattr_at(otel__wbuf *b, uint32_t key, const otel__r *x, const otel__strinfo *k, otel__strinfo *ks) {
    unsigned char *w = otel__pb_rattr_fast((unsigned char *)b->p + b->len, (unsigned char *)b->p + b->cap, key, x, k, ks);
    if (w) otel__pb_done(b, w);
    else otel__pb_rattr_slow(b, key, x, otel__str_info(ks, x->key)->len);   /* (asked again: the value's lookup may have taken k's place) */
}
/* otel__pb_rec_attrs for a record with no key set twice (as far as is
   known): walks its blocks with the write position t in a register (b->len
   is not kept meanwhile, but for an attribute written the general way).
   Returns where they end, or NULL when it turns out the record may have
   such a key (what was written does not count). */
OTEL__INLINE unsigned char *otel__pb_rec_attrs_fast(otel__wbuf *b, unsigned char *t, uint32_t key, const otel_span_data *d, otel__strinfo *ks) {
    const unsigned char *end = (const unsigned char *)b->p + b->cap;
    uint64_t seen = 0;
    const otel__blk *bk = &d->blk;
    const unsigned char *r = (const unsigned char *)bk + OTEL__ALIGN8(sizeof(otel__rec));   /* (as otel__rec_next) */
    for (;;) {
        for (const unsigned char *e = (const unsigned char *)bk + bk->used; r < e; r += ((const otel__r *)(const void *)r)->size) {
            const otel__r *x = (const otel__r *)(const void *)r;
            if (x->tag != OTEL__R_ATTR) continue;
            const otel__strinfo *k = otel__str_info(ks, x->key);
            if (OTEL__UNLIKELY(seen & k->bit) && otel__maybe_dups(d)) return NULL;
            seen |= k->bit;
            unsigned char *w = otel__pb_rattr_fast(t, end, key, x, k, ks);
            if (OTEL__LIKELY(w != NULL)) { t = w; continue; }
            otel__pb_done(b, t);
            otel__pb_rattr_slow(b, key, x, otel__str_info(ks, x->key)->len);   /* (as in otel__pb_rattr_at) */
            t = (unsigned char *)b->p + b->len;
        }
        if (bk->next == OTEL__NIL) break;
        bk = otel__block(bk->next);
        r = (const unsigned char *)bk + sizeof(otel__blk);
    }
    return t;
}
/* a span's or log record's own attributes, read from its arena records; a
   key set again later is written once, with its last value
   (otel__superseded). Whether a record may hold such a key is asked
   (otel__maybe_dups: a pass over it the first time) only when two of its
   keys fall on one bit of a filter made of their texts' hashes (learned
   once a batch, ks); then what was written is written again with the check. */
static OTEL__NOINLINE void otel__pb_rec_attrs_all(otel__wbuf *b, uint32_t key, const otel_span_data *d, otel__strinfo *ks) {
    size_t mark = b->len;
    uint64_t seen = 0;
    int dups = OTEL__LOAD_ACQ(&d->dups) == OTEL__DUPS_MAYBE;
    for (;;) {
        otel_iter at = {NULL, 0};
        int again = 0;
        for (otel__r *x; (x = otel__rec_next(d, &at));) {
            if (x->tag != OTEL__R_ATTR || (dups && otel__superseded(d, &at, x))) continue;
            const otel__strinfo *k = otel__str_info(ks, x->key);
            uint64_t bit = k->bit;
            if (!dups && (seen & bit) && otel__maybe_dups(d)) { again = 1; break; }
            seen |= bit;
            otel__pb_rattr_at(b, key, x, k, ks);
        }
        if (!again) return;
        b->len = mark;
        dups = 1;
    }
}
/* (the attributes written at t, the end of what b holds: returns where they end, b->len not kept) */
OTEL__PB_INLINE unsigned char *otel__pb_rec_attrs(otel__wbuf *b, unsigned char *t, uint32_t key, const otel_span_data *d, otel__strinfo *ks) {
    unsigned char *e;
    if (OTEL__PB_FAST && OTEL__LOAD_ACQ(&d->dups) != OTEL__DUPS_MAYBE && !b->full) {
        if ((e = otel__pb_rec_attrs_fast(b, t, key, d, ks))) return e;
        b->full = 0;   /* (written again below from t, with the check) */
    }
    otel__pb_done(b, t);
    otel__pb_rec_attrs_all(b, key, d, ks);
    return (unsigned char *)b->p + b->len;
}
/* do n bytes fit at t (where what b holds ends)? If not, b is full */
OTEL__INLINE int otel__pb_fits(otel__wbuf *b, const unsigned char *t, size_t n) {
    if (OTEL__UNLIKELY(b->full || (size_t)((unsigned char *)b->p + b->cap - t) < n)) { b->full = 1; return 0; }
    return 1;
}

/* (the JSON writers of log records, the resource and scopes are below) */
static void otel__json_log(otel__wbuf *b, const otel_span_data *d, int first);
static void otel__json_resource(otel__wbuf *b, const char *list, const char *scope_list);
static void otel__json_scope(otel__wbuf *b, const otel_scope *sc, const char *items, int first);
/* closes a record's message, its content from p to t, once all of it fit
   (otel__pb_close): when its length fits the width kept for it, the common
   case, in a few instructions */
OTEL__INLINE void otel__pb_end(otel__wbuf *b, unsigned char *p, unsigned char *t, size_t *width) {
    size_t n = (size_t)(t - p), w = *width;
    otel__pb_done(b, t);
    if (OTEL__PB_FAST && w == 1 && n < 0x80) { p[-1] = (unsigned char)n; return; }
    if (OTEL__PB_FAST && w == 2 && n - 0x80 < 0x4000 - 0x80) { p[-2] = (unsigned char)(n | 0x80); p[-1] = (unsigned char)(n >> 7); return; }
    otel__pb_close(b, (size_t)(p - (unsigned char *)b->p), width);
}
/* otel__pb_close, the common case (the width kept was right) in a few instructions */
OTEL__INLINE void otel__pb_close_quick(otel__wbuf *b, size_t start, size_t *width) {
    if (!b->full) otel__pb_end(b, (unsigned char *)b->p + start, (unsigned char *)b->p + b->len, width);
}
/* the attributes of the event or link at it (they follow it: records of
   tag OTEL__R_EVENT_ATTR or OTEL__R_LINK_ATTR, which are never superseded),
   read from the arena as the span's are */
static void otel__pb_items(otel__wbuf *b, uint32_t key, const otel_span_data *d, otel_iter *it, int tag, otel__strinfo *ks) {
    otel_iter at = *it;
    for (otel__r *x; (x = otel__rec_next(d, &at));) {
        if (x->tag == OTEL__R_DEAD || x->tag == OTEL__R_TEXT) continue;
        if (x->tag != tag) break;   /* an event's or a link's attributes end at the next item */
        otel__pb_rattr_at(b, key, x, otel__str_info(ks, x->key), ks);
        *it = at;
    }
}
#define OTEL__SP(f) opentelemetry_proto_trace_v1_Span_##f##_tag
#define OTEL__EV(f) opentelemetry_proto_trace_v1_Span_Event_##f##_tag
#define OTEL__LK(f) opentelemetry_proto_trace_v1_Span_Link_##f##_tag
/* Span.events or Span.links (want: OTEL__R_EVENT or OTEL__R_LINK), each
   with its attributes, read from the span's records */
static void otel__pb_events_links(otel__wbuf *b, const otel_span_data *d, int want, otel__strinfo *ks) {
    otel_iter it = {NULL, 0};
    size_t width = 1;
    for (otel__r *x; (x = otel__rec_next(d, &it));) {
        if (x->tag != want) continue;
        uint32_t dropped = x->aux >> 16;
        if (want == OTEL__R_EVENT) {
            const otel__strinfo *ne = otel__str_info(ks, x->key);
            size_t s, nl = ne->len;
            if (OTEL__PB_FAST && nl < OTEL__STRENC && !b->full && b->cap - b->len >= 5 + width + 13 + 15 + OTEL__STRENC) {
                /* (the room each of the three calls below asks, and the name's copy: the same bytes, written at once) */
                unsigned char *t = (unsigned char *)b->p + b->len;
                *t = OTEL__KLEN(OTEL__SP(events), STRING);
                t += 1 + width;
                s = (size_t)(t - (unsigned char *)b->p);
                *t++ = OTEL__KLEN(OTEL__EV(time_unix_nano), 64BIT);
                t = otel__pb_put_le(t, x->v.u, 8);
                if (nl) t = otel__pb_enc(t, OTEL__KLEN(OTEL__EV(name), STRING), ne);
                otel__pb_done(b, t);
            } else {
                s = otel__pb_open(b, OTEL__KLEN(OTEL__SP(events), STRING), width);
                otel__pb_fixed(b, OTEL__KLEN(OTEL__EV(time_unix_nano), 64BIT), x->v.u, 8);
                if (nl) otel__pb_bytes(b, OTEL__KLEN(OTEL__EV(name), STRING), x->key, nl);
            }
            otel__pb_items(b, OTEL__KLEN(OTEL__EV(attributes), STRING), d, &it, OTEL__R_EVENT_ATTR, ks);
            if (dropped) otel__pb_varint(b, OTEL__KLEN(OTEL__EV(dropped_attributes_count), VARINT), dropped);
            otel__pb_close_quick(b, s, &width);
        } else {
            const otel__r_link *l = (const otel__r_link *)x;
            uint32_t flags = otel__otlp_flags(l->flags, 0, 0);
            size_t tl = (uint16_t)x->v.u;
            size_t s = otel__pb_open(b, OTEL__KLEN(OTEL__SP(links), STRING), width);
            otel__pb_bytes(b, OTEL__KLEN(OTEL__LK(trace_id), STRING), l->trace_id, 16);
            otel__pb_bytes(b, OTEL__KLEN(OTEL__LK(span_id), STRING), l->span_id, 8);
            if (tl) otel__pb_bytes(b, OTEL__KLEN(OTEL__LK(trace_state), STRING), (const char *)(l + 1), tl);
            otel__pb_items(b, OTEL__KLEN(OTEL__LK(attributes), STRING), d, &it, OTEL__R_LINK_ATTR, ks);
            if (dropped) otel__pb_varint(b, OTEL__KLEN(OTEL__LK(dropped_attributes_count), VARINT), dropped);
            if (flags) otel__pb_fixed(b, OTEL__KLEN(OTEL__LK(flags), 32BIT), flags, 4);
            otel__pb_close_quick(b, s, &width);
        }
    }
}
/* a Span, as ScopeSpans.spans; width: its length prefix's (the last
   span's). Read from the record itself (what otel_span_data_info gives). */
static void otel__pb_span(otel__wbuf *b, const otel_span_data *d, size_t *width, otel__strinfo *ks) {
    const char *name = d->name ? d->name : "";
    const otel__strinfo *ne = !d->name_len && d->name ? otel__str_info(ks, d->name) : NULL;   /* (a name not copied) */
    size_t nl = ne ? ne->len : d->name_len, tl = d->ts_len, w = *width;
    unsigned char *t = otel__pb_room(b, 1 + w + 96 + nl + tl);   /* (its key and length, then the fields up to the attributes) */
    if (!t) return;
    t = otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_trace_v1_ScopeSpans_spans_tag, STRING)) + w;
    unsigned char *s = t;   /* (where its content starts) */
    *t++ = OTEL__KLEN(OTEL__SP(trace_id), STRING); *t++ = 16;
    memcpy(t, d->trace_id, 16); t += 16;
    *t++ = OTEL__KLEN(OTEL__SP(span_id), STRING); *t++ = 8;
    memcpy(t, d->span_id, 8); t += 8;
    if (tl) {   /* (ts is not stored for a span without one) */
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__SP(trace_state), STRING)), tl);
        t = otel__pb_copy(t, d->ts, tl);
    }
    if (d->has_parent) {
        *t++ = OTEL__KLEN(OTEL__SP(parent_span_id), STRING); *t++ = 8;
        memcpy(t, d->parent_id, 8); t += 8;
    }
    if (OTEL__PB_FAST && ne && nl && nl < OTEL__STRENC) {   /* (the room asked has the copy's spare bytes) */
        t = otel__pb_enc(t, OTEL__KLEN(OTEL__SP(name), STRING), ne);
    } else if (nl) {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__SP(name), STRING)), nl);
        t = otel__pb_copy(t, name, nl);
    }
    unsigned kind = d->kind ? d->kind : (unsigned)OTEL_SPAN_KIND_INTERNAL;
    *t++ = OTEL__KLEN(OTEL__SP(kind), VARINT);
    if (OTEL__LIKELY(kind < 0x80)) *t++ = (unsigned char)kind;   /* (one byte, unless it is not a kind) */
    else t = otel__pb_put(t, kind);
    uint64_t start_ns = otel__stamp_ns(&d->start), end_ns = otel__stamp_ns(&d->end);
    if (OTEL__LIKELY(start_ns && end_ns >= start_ns)) {   /* (both, the common case, without branches) */
        t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__SP(start_time_unix_nano), 64BIT)), start_ns, 8);
        t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__SP(end_time_unix_nano), 64BIT)), end_ns, 8);
    } else {
        if (end_ns < start_ns) end_ns = start_ns;   /* (the clock stepped back) */
        if (start_ns) t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__SP(start_time_unix_nano), 64BIT)), start_ns, 8);
        if (end_ns) t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__SP(end_time_unix_nano), 64BIT)), end_ns, 8);
    }
    t = otel__pb_rec_attrs(b, t, OTEL__KLEN(OTEL__SP(attributes), STRING), d, ks);
    if (OTEL__UNLIKELY(d->d_attrs | d->n_events | d->d_events | d->n_links | d->d_links)) {
        otel__pb_done(b, t);
        if (d->d_attrs) otel__pb_varint(b, OTEL__KLEN(OTEL__SP(dropped_attributes_count), VARINT), d->d_attrs);
        if (d->n_events) otel__pb_events_links(b, d, OTEL__R_EVENT, ks);
        if (d->d_events) otel__pb_varint(b, OTEL__KLEN(OTEL__SP(dropped_events_count), VARINT), d->d_events);
        if (d->n_links) otel__pb_events_links(b, d, OTEL__R_LINK, ks);
        if (d->d_links) otel__pb_varint(b, OTEL__KLEN(OTEL__SP(dropped_links_count), VARINT), d->d_links);
        t = (unsigned char *)b->p + b->len;
    }
    uint32_t flags = otel__otlp_flags(d->flags, 1, d->has_parent && d->parent_remote);
    if (OTEL__LIKELY(d->status == OTEL_STATUS_UNSET)) {
        if (!otel__pb_fits(b, t, 32)) return;
    } else {
        if (!otel__pb_fits(b, t, 32 + d->status_len)) return;
        /* (status_msg is stored with the status: not for a span whose status is unset) */
        size_t ml = d->status == OTEL_STATUS_ERROR ? d->status_len : 0;
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__SP(status), STRING)), (ml ? otel__pb_len_field(ml) : 0) + 2);
        if (ml) {
            t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_trace_v1_Status_message_tag, STRING)), ml);
            memcpy(t, d->status_msg, ml);
            t += ml;
        }
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_trace_v1_Status_code_tag, VARINT)), (uint64_t)d->status);
    }
    if (flags) t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__SP(flags), 32BIT)), flags, 4);
    otel__pb_end(b, s, t, width);
}
#undef OTEL__SP
#undef OTEL__EV
#undef OTEL__LK

#define OTEL__LOG(f) opentelemetry_proto_logs_v1_LogRecord_##f##_tag
/* a LogRecord, as ScopeLogs.log_records */
static void otel__pb_log(otel__wbuf *b, const otel_span_data *d, size_t *width, otel__strinfo *ks) {
    /* (what otel_log_data_info gives, read from the record itself) */
    const char *text = d->ts, *ev = d->name;
    size_t tl = text ? otel__str_info(ks, text)->len : 0, el = ev ? (d->name_len ? d->name_len : otel__str_info(ks, ev)->len) : 0;
    unsigned sev = d->kind;
    /* (the room asked is exact: a batch splits where it would field by field;
       the first is the key's and the length's, then the fields up to the body) */
    unsigned char *t = otel__pb_room(b, 1 + *width + 9 + (sev ? 1 + otel__varint_len(sev) : 0) + (text ? otel__pb_len_field(tl) : 0));
    if (!t) return;
    t = otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_logs_v1_ScopeLogs_log_records_tag, STRING)) + *width;
    unsigned char *s = t;   /* (where its content starts) */
    t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(time_unix_nano), 64BIT)), otel__stamp_ns(&d->start), 8);
    if (sev) t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(severity_number), VARINT)), sev);
    if (text) {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(severity_text), STRING)), tl);
        t = otel__pb_copy(t, text, tl);
    }
    if (d->status_msg) {   /* the body: an AnyValue (the room asked is otel__pb_kv's) */
        size_t bl = d->status_len, av = otel__pb_len_field(bl);
        if (otel__pb_fits(b, t, 6 + av)) {
            t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(body), STRING)), av);
            t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_common_v1_AnyValue_string_value_tag, STRING)), bl);
            t = otel__pb_copy(t, d->status_msg, bl);
        }
    }
    t = otel__pb_rec_attrs(b, t, OTEL__KLEN(OTEL__LOG(attributes), STRING), d, ks);
    uint32_t dropped = d->d_attrs;
    if (!otel__pb_fits(b, t, (dropped ? 1 + otel__varint_len(dropped) : 0) + (d->has_parent ? 33 : 0) + 9 + (ev ? otel__pb_len_field(el) : 0))) return;
    if (dropped) t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(dropped_attributes_count), VARINT)), dropped);
    if (d->has_parent) {
        t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(flags), 32BIT)), d->flags, 4);
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(trace_id), STRING)), 16);
        memcpy(t, d->trace_id, 16);
        t = otel__pb_put(otel__pb_put(t + 16, OTEL__KLEN(OTEL__LOG(span_id), STRING)), 8);
        memcpy(t, d->span_id, 8);
        t += 8;
    }
    t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(observed_time_unix_nano), 64BIT)), otel__stamp_ns(&d->end), 8);
    if (ev) {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(OTEL__LOG(event_name), STRING)), el);
        t = otel__pb_copy(t, ev, el);
    }
    otel__pb_end(b, s, t, width);
}
#undef OTEL__LOG

/* ==== encode: one walk of a batch, two formats ==== */
/* A request of one signal: the resource, then one ScopeSpans / ScopeLogs /
   ScopeMetrics per scope, each with its records; the same walk writes
   protobuf or JSON (json), the record writers differing by format. */
#ifndef OTEL__REC_SCOPE
#define OTEL__REC_SCOPE(d) otel__rec_scope(d)   /* (tests/test_encode_decode.c groups records its own way) */
#define OTEL__SAME_LOC(a, b) ((a)->loc == (b)->loc)   /* (records begun at one place: one scope) */
#else
#define OTEL__SAME_LOC(a, b) 0
#endif
#ifdef OTEL_MAX_SCOPES
#define OTEL__SCOPES OTEL_MAX_SCOPES
#else
#define OTEL__SCOPES 8             /* (without metrics: the named tracers' and loggers') */
#endif
typedef struct otel__batch {
    otel__wbuf w;
    int json, sig;                 /* sig: 0 spans, 1 metrics, 2 logs (the exporter's OTEL__SIG_*) */
    size_t scope_at, scopes, cap;  /* the open scope's content (protobuf), scopes written */
    otel__strinfo ks[OTEL__STRINFO];   /* (protobuf: keys' and names' lengths, learned in this batch) */
    otel__pb_hole holes[OTEL__SCOPES + 1];
} otel__batch;
enum { OTEL__BATCH_HEAD = 6 };     /* protobuf: room for the ResourceX's key and length, written last */

#ifdef OTEL_NO_JSON
#define OTEL__JSON(json) 0   /* (never asked for: the JSON writer compiles out) */
#else
#define OTEL__JSON(json) (json)
#endif
/* the resource: the ResourceX's fields before its scopes */
static void otel__batch_resource(otel__wbuf *w, const otel_attr *res, size_t n) {
    /* (its length is written where a guess of its width left room: a resource is 128 bytes to 16 KiB as a rule,
       otherwise otel__pb_close moves it; the ResourceX's field numbers are alike in the three signals) */
    size_t width = 2;
    size_t s = otel__pb_open(w, OTEL__KLEN(opentelemetry_proto_trace_v1_ResourceSpans_resource_tag, STRING), width);
    for (size_t i = 0; i < n; i++) otel__pb_kv(w, OTEL__KLEN(opentelemetry_proto_resource_v1_Resource_attributes_tag, STRING), &res[i]);
    otel__pb_close(w, s, &width);
    const char *su = otel_resource_schema_url();   /* (field 3 in the three ResourceX) */
    if (su) otel__pb_bytes(w, OTEL__KLEN(opentelemetry_proto_trace_v1_ResourceSpans_schema_url_tag, STRING), su, strlen(su));
}
static struct { unsigned char b[2048]; size_t len; uint32_t gen; } otel__res_pb;
static void otel__batch_begin(otel__batch *B, int sig, int json, unsigned char *buf, size_t cap) {
    static const char *const lists[3][2] = {{"resourceSpans", "scopeSpans"}, {"resourceMetrics", "scopeMetrics"}, {"resourceLogs", "scopeLogs"}};
    const otel_attr *res;
    size_t n = otel_resource_attrs(&res);
    memset(B, 0, sizeof *B - sizeof B->holes);
    B->w.p = (char *)buf; B->w.cap = B->cap = cap; B->json = json; B->sig = sig;
    if (OTEL__JSON(json)) { otel__json_resource(&B->w, lists[sig][0], lists[sig][1]); return; }
    if (cap < OTEL__BATCH_HEAD) { B->w.full = 1; return; }
    B->w.len = OTEL__BATCH_HEAD;
    if (otel__res_pb.len && otel__res_pb.gen == otel__g.res_gen) otel__w(&B->w, (const char *)otel__res_pb.b, otel__res_pb.len);
    else otel__batch_resource(&B->w, res, n);
}
/* made at export setup (the resource is built by then, and stays until
   the next otel_init): the resource's bytes, the same at the head of every
   request of the three signals, copied rather than written again (a
   forked child, whose pid differs, writes it per request) */
static void otel__res_pb_make(void) {
    const otel_attr *res;
    size_t n = otel_resource_attrs(&res);
    otel__wbuf w;
    memset(&w, 0, sizeof w);
    w.p = (char *)otel__res_pb.b;
    w.cap = sizeof otel__res_pb.b;
    otel__batch_resource(&w, res, n);
    otel__res_pb.len = w.full ? 0 : w.len;   /* (a resource too large for it is written per request) */
    otel__res_pb.gen = otel__g.res_gen;
}
/* opens the ScopeX of scope sc (NULL: the default scope): the
   InstrumentationScope (name, version, attributes, their dropped count),
   then the schema URL (written ahead of the records, as before); the JSON
   room for closing it and the request is kept back */
static void otel__batch_scope_open(otel__batch *B, const otel_scope *sc) {
    static const char *const items[3] = {"spans", "metrics", "logRecords"};
    const char *name = otel__scope_nm(sc), *version = otel__scope_ver(sc);
    otel__wbuf *w = &B->w;
    w->cap = B->cap;
    if (OTEL__JSON(B->json)) {
        otel__json_scope(w, sc, items[B->sig], B->scopes == 0);
        w->cap = B->cap > 8 ? B->cap - 8 : 0;   /* "]}]}]}" */
        return;
    }
    size_t nl = strlen(name), vl = version ? strlen(version) : 0, width = 1;
    B->scope_at = otel__pb_open(w, OTEL__KLEN(opentelemetry_proto_trace_v1_ResourceSpans_scope_spans_tag, STRING), 5);
    size_t s = otel__pb_open(w, OTEL__KLEN(opentelemetry_proto_trace_v1_ScopeSpans_scope_tag, STRING), width);
    otel__pb_bytes(w, OTEL__KLEN(opentelemetry_proto_common_v1_InstrumentationScope_name_tag, STRING), name, nl);
    if (version) otel__pb_bytes(w, OTEL__KLEN(opentelemetry_proto_common_v1_InstrumentationScope_version_tag, STRING), version, vl);
    for (uint32_t i = 0; sc && i < sc->attr_count; i++)
        otel__pb_kv(w, OTEL__KLEN(opentelemetry_proto_common_v1_InstrumentationScope_attributes_tag, STRING), &sc->attrs[i]);
    if (sc && sc->dropped_attributes)
        otel__pb_varint(w, OTEL__KLEN(opentelemetry_proto_common_v1_InstrumentationScope_dropped_attributes_count_tag, VARINT), sc->dropped_attributes);
    otel__pb_close(w, s, &width);
    if (sc && sc->schema_url)
        otel__pb_bytes(w, OTEL__KLEN(opentelemetry_proto_trace_v1_ScopeSpans_schema_url_tag, STRING), sc->schema_url, strlen(sc->schema_url));
}
static void otel__batch_scope_close(otel__batch *B) {
    B->w.cap = B->cap;
    if (OTEL__JSON(B->json)) otel__ws(&B->w, "]}");
    else otel__pb_close_gap(&B->w, B->scope_at, &B->holes[B->scopes]);
    B->scopes++;
}
/* closes the request: it is buf[*off .. *off + *len) (*len 0: it did not fit) */
static void otel__batch_end(otel__batch *B, size_t *off, size_t *len) {
    otel__wbuf *w = &B->w;
    w->cap = B->cap;
    *off = 0; *len = 0;
    if (OTEL__JSON(B->json)) {
        otel__ws(w, "]}]}");
        if (!w->full) *len = w->len;
        return;
    }
    if (w->full) return;
    size_t start = otel__pb_squeeze(w, OTEL__BATCH_HEAD, B->holes, B->scopes), n = w->len - start;
    size_t at = start - 1 - otel__varint_len(n);
    otel__pb_put(otel__pb_put((unsigned char *)w->p + at, OTEL__KLEN(opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest_resource_spans_tag, STRING)), n);
    *off = at; *len = w->len - at;
}

/* a record's header and first records (256 bytes) on their way into the
   cache while an earlier one is written: the producer's core wrote them */
#if defined(__GNUC__) || defined(__clang__)
#define OTEL__PREFETCH_REC(p) \
    (__builtin_prefetch((const char *)(p)), __builtin_prefetch((const char *)(p) + 64), \
     __builtin_prefetch((const char *)(p) + 128), __builtin_prefetch((const char *)(p) + 192))
#else
#define OTEL__PREFETCH_REC(p) ((void)0)
#endif
/* writes recs[i..n) (those of scope sc, when there are several) into the
   open scope while they fit; returns where it stopped (n: all written),
   *wrote counting those written */
OTEL__PB_INLINE size_t otel__batch_recs(otel__batch *B, int sig, int json, otel_span_data *const *recs, size_t i, size_t n,
                                        const otel_scope *sc, int several, size_t *width, size_t *wrote) {
    (void)json;   /* (with OTEL_NO_JSON) */
    for (; i < n; i++) {
        if (i + 4 < n) OTEL__PREFETCH_REC(recs[i + 4]);
        if (several && OTEL__REC_SCOPE(recs[i]) != sc) continue;
        size_t m = B->w.len;
        if (OTEL__JSON(json)) { if (sig == 2) otel__json_log(&B->w, recs[i], *wrote == 0); else otel__json_span(&B->w, recs[i], *wrote == 0); }
        else if (sig == 2) otel__pb_log(&B->w, recs[i], width, B->ks);
        else otel__pb_span(&B->w, recs[i], width, B->ks);
        if (B->w.full) { B->w.len = m; return i; }
        ++*wrote;
    }
    return n;
}
/* Encodes recs[0..n) (spans, or log records when sig is 2) as one request
   into buf: one ScopeSpans / ScopeLogs per scope, in the order the scopes
   first appear. Returns how many records fit: always recs[0..k), the rest
   is for the next request; the request is buf[*off .. *off + *len). */
static size_t otel__encode_batch(int sig, int json, otel_span_data *const *recs, size_t n, unsigned char *buf, size_t cap,
                                 size_t *off, size_t *len) {
    const otel_scope *sc[OTEL__SCOPES];
    size_t first[OTEL__SCOPES + 1], ns = 0, width = 2;
    *off = 0; *len = 0;
    for (size_t i = 0; i < n; i++) {   /* the scopes; one in the common case */
        if (i && OTEL__SAME_LOC(recs[i], recs[i - 1])) continue;
        const otel_scope *s = OTEL__REC_SCOPE(recs[i]);
        if (ns && s == sc[ns - 1]) continue;
        size_t j = 0;
        while (j < ns && sc[j] != s) j++;
        if (j < ns) continue;
        if (ns == OTEL__SCOPES) { n = i; break; }   /* (more scopes than there can be: the rest in the next request) */
        sc[ns] = s; first[ns++] = i;
    }
    if (!ns) return 0;
    first[ns] = n;
    for (;;) {
        otel__batch B;
        size_t done = 0, stop = n;
        otel__batch_begin(&B, sig, json, buf, cap);
        for (size_t j = 0; j < ns && stop == n && !B.w.full; j++) {
            size_t mark = B.w.len, wrote = 0;
            otel__batch_scope_open(&B, sc[j]);
            size_t i = B.w.full ? n : first[j];
            /* (one loop per format and signal: the choice made once) */
            if (OTEL__JSON(json)) i = otel__batch_recs(&B, sig, 1, recs, i, n, sc[j], ns > 1, &width, &wrote);
            else if (sig == 2) i = otel__batch_recs(&B, 2, 0, recs, i, n, sc[j], ns > 1, &width, &wrote);
            else i = otel__batch_recs(&B, 0, 0, recs, i, n, sc[j], ns > 1, &width, &wrote);
            if (i < n) stop = i < first[j + 1] ? i : first[j + 1];
            B.w.full = 0;
            if (wrote) otel__batch_scope_close(&B);
            else { B.w.len = mark; if (stop == n) stop = first[j]; }
            done += wrote;
        }
        if (done != stop && stop < n) { n = stop; continue; }   /* (several scopes: what fit was not the first records) */
        if (!done) return 0;
        otel__batch_end(&B, off, len);
        return *len ? done : 0;
    }
}

#ifndef OTEL_NO_PARTIAL_SUCCESS
/* ExportTraceServiceResponse.partial_success */
static void otel__partial_msg(char *msg, size_t cap, const char *from, size_t k);
static int otel__pb_decode_partial(const void *body, size_t n, int64_t *rejected, char *msg, size_t cap) {
    opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse r;
    memset(&r, 0, sizeof r);
    pb_istream_t s = pb_istream_from_buffer((const pb_byte_t *)body, n);
    if (!pb_decode(&s, opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse_fields, &r)) return OTEL_ERR_PROTOCOL;
    if (!r.has_partial_success) return OTEL_OK;
    *rejected = r.partial_success.rejected_spans;
    otel__partial_msg(msg, cap, r.partial_success.error_message, strlen(r.partial_success.error_message));
    return OTEL_OK;
}
#endif

/* ---- metrics ---- */
#ifndef OTEL_NO_METRICS
#define OTEL__NDP(f) opentelemetry_proto_metrics_v1_NumberDataPoint_##f##_tag
#define OTEL__HDP(f) opentelemetry_proto_metrics_v1_HistogramDataPoint_##f##_tag
#define OTEL__EDP(f) opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_##f##_tag
#define OTEL__EXM(f) opentelemetry_proto_metrics_v1_Exemplar_##f##_tag
/* the widths of the length prefixes of a metric, its data, a point and an
   exemplar or bucket list (the last ones of each kind) */
typedef struct otel__pb_widths { size_t metric, data, point, sub; size_t at[2]; } otel__pb_widths;
static void otel__pb_double(otel__wbuf *b, uint32_t key, double d) { uint64_t u; memcpy(&u, &d, 8); otel__pb_fixed(b, key, u, 8); }
static uint64_t otel__zigzag32(int32_t v) { return (uint64_t)(((uint32_t)v << 1) ^ (uint32_t)(v >> 31)); }
static void otel__pb_exp_buckets(otel__wbuf *b, uint32_t key, int32_t offset, const uint64_t *c, size_t n, size_t *width) {
    if (!n) return;
    size_t m = otel__pb_open(b, key, *width), bytes = 0;
    otel__pb_varint(b, OTEL__KLEN(opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_offset_tag, VARINT), otel__zigzag32(offset));
    for (size_t i = 0; i < n; i++) bytes += otel__varint_len(c[i]);
    unsigned char *t = otel__pb_room(b, 10 + bytes);
    if (t) {
        t = otel__pb_put(otel__pb_put(t, OTEL__KLEN(opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets_bucket_counts_tag, STRING)), bytes);
        for (size_t i = 0; i < n; i++) t = otel__pb_put(t, c[i]);
        otel__pb_done(b, t);
    }
    otel__pb_close(b, m, width);
}
/* an exemplar's filtered attribute j as the encoders take it (a reservoir
   of the user's may give NUL-terminated strings); 0: none (no key) */
static int otel__exemplar_attr(const otel_exemplar *e, size_t j, otel_attr *a) {
    *a = e->filtered_attributes[j];
    if (!a->key) return 0;
    if (a->type == OTEL_TYPE_STRING && !a->v.str.ptr) { a->v.str.ptr = ""; a->v.str.len = 0; }
    if (a->type == OTEL_TYPE_STRING && a->v.str.len == (size_t)-1) a->v.str.len = strlen(a->v.str.ptr);
    return 1;
}
static void otel__pb_exemplars(otel__wbuf *b, uint32_t key, const otel_metric_info *mi, const otel_metric_point *p, size_t *width) {
    for (size_t i = 0; i < p->exemplar_count; i++) {
        const otel_exemplar *e = &p->exemplars[i];
        size_t m = otel__pb_open(b, key, *width);
        otel__pb_fixed(b, OTEL__KLEN(OTEL__EXM(time_unix_nano), 64BIT), e->time_ns, 8);
        if (mi->is_double || mi->kind == OTEL_INSTRUMENT_HISTOGRAM) otel__pb_double(b, OTEL__KLEN(OTEL__EXM(as_double), 64BIT), e->as_double);
        else otel__pb_fixed(b, OTEL__KLEN(OTEL__EXM(as_int), 64BIT), (uint64_t)e->as_int, 8);
        if (!otel__all_zero(e->trace_id, 16)) {
            otel__pb_bytes(b, OTEL__KLEN(OTEL__EXM(span_id), STRING), e->span_id, 8);
            otel__pb_bytes(b, OTEL__KLEN(OTEL__EXM(trace_id), STRING), e->trace_id, 16);
        }
        otel_attr fa;
        for (size_t j = 0; j < e->filtered_attribute_count; j++)
            if (otel__exemplar_attr(e, j, &fa)) otel__pb_kv(b, OTEL__KLEN(OTEL__EXM(filtered_attributes), STRING), &fa);
        otel__pb_close(b, m, width);
    }
}
static void otel__pb_packed_fixed(otel__wbuf *b, uint32_t key, const void *v, size_t n) {
    unsigned char *t = otel__pb_room(b, 15 + 8 * n);
    if (!t) return;
    t = otel__pb_put(otel__pb_put(t, key), 8 * n);
    for (size_t i = 0; i < n; i++) { uint64_t u; memcpy(&u, (const char *)v + 8 * i, 8); t = otel__pb_put_le(t, u, 8); }
    otel__pb_done(b, t);
}
/* a point's attributes, from its series' records (the first 16, as
   otel_metric_point_attrs gives them) */
static void otel__pb_point_attrs(otel__wbuf *b, uint32_t key, const otel_metric_point *p) {
    const otel__series *se = (const otel__series *)p->series;
    if (!se) return;
    const unsigned char *q = (const unsigned char *)se + se->attr_off;
    for (uint32_t k = 0; k < se->nattrs && k < 16; k++) {
        const otel__r *x = (const otel__r *)(const void *)q;
        otel__pb_rattr(b, key, x, strlen(x->key));
        q += x->size;
    }
}
static void otel__pb_point(otel__wbuf *b, const otel_metric_info *mi, const otel_metric_point *p, otel__pb_widths *wd) {
    if (mi->exponential) {
        size_t m = otel__pb_open(b, OTEL__KLEN(opentelemetry_proto_metrics_v1_ExponentialHistogram_data_points_tag, STRING), wd->point);
        otel__pb_point_attrs(b, OTEL__KLEN(OTEL__EDP(attributes), STRING), p);
        otel__pb_fixed(b, OTEL__KLEN(OTEL__EDP(start_time_unix_nano), 64BIT), p->start_ns, 8);
        otel__pb_fixed(b, OTEL__KLEN(OTEL__EDP(time_unix_nano), 64BIT), p->time_ns, 8);
        otel__pb_fixed(b, OTEL__KLEN(OTEL__EDP(count), 64BIT), p->count, 8);
        otel__pb_double(b, OTEL__KLEN(OTEL__EDP(sum), 64BIT), p->sum);
        otel__pb_varint(b, OTEL__KLEN(OTEL__EDP(scale), VARINT), otel__zigzag32(p->scale));
        otel__pb_fixed(b, OTEL__KLEN(OTEL__EDP(zero_count), 64BIT), p->zero_count, 8);
        otel__pb_exp_buckets(b, OTEL__KLEN(OTEL__EDP(positive), STRING), p->positive_offset, p->positive, p->positive_count, &wd->sub);
        otel__pb_exp_buckets(b, OTEL__KLEN(OTEL__EDP(negative), STRING), p->negative_offset, p->negative, p->negative_count, &wd->sub);
        if (p->count) {
            otel__pb_double(b, OTEL__KLEN(OTEL__EDP(min), 64BIT), p->min);
            otel__pb_double(b, OTEL__KLEN(OTEL__EDP(max), 64BIT), p->max);
        }
        if (p->zero_threshold != 0) otel__pb_double(b, OTEL__KLEN(OTEL__EDP(zero_threshold), 64BIT), p->zero_threshold);
        otel__pb_exemplars(b, OTEL__KLEN(OTEL__EDP(exemplars), STRING), mi, p, &wd->sub);
        otel__pb_close(b, m, &wd->point);
    } else if (mi->kind == OTEL_INSTRUMENT_HISTOGRAM) {
        size_t m = otel__pb_open(b, OTEL__KLEN(opentelemetry_proto_metrics_v1_Histogram_data_points_tag, STRING), wd->point);
        otel__pb_point_attrs(b, OTEL__KLEN(OTEL__HDP(attributes), STRING), p);
        otel__pb_fixed(b, OTEL__KLEN(OTEL__HDP(start_time_unix_nano), 64BIT), p->start_ns, 8);
        otel__pb_fixed(b, OTEL__KLEN(OTEL__HDP(time_unix_nano), 64BIT), p->time_ns, 8);
        otel__pb_fixed(b, OTEL__KLEN(OTEL__HDP(count), 64BIT), p->count, 8);
        otel__pb_double(b, OTEL__KLEN(OTEL__HDP(sum), 64BIT), p->sum);
        otel__pb_packed_fixed(b, OTEL__KLEN(OTEL__HDP(bucket_counts), STRING), p->bucket_counts, p->bucket_count);
        if (mi->bound_count) otel__pb_packed_fixed(b, OTEL__KLEN(OTEL__HDP(explicit_bounds), STRING), mi->bounds, mi->bound_count);
        if (p->count) {
            otel__pb_double(b, OTEL__KLEN(OTEL__HDP(min), 64BIT), p->min);
            otel__pb_double(b, OTEL__KLEN(OTEL__HDP(max), 64BIT), p->max);
        }
        otel__pb_exemplars(b, OTEL__KLEN(OTEL__HDP(exemplars), STRING), mi, p, &wd->sub);
        otel__pb_close(b, m, &wd->point);
    } else {
        size_t m = otel__pb_open(b, OTEL__KLEN(opentelemetry_proto_metrics_v1_Sum_data_points_tag, STRING), wd->point);
        otel__pb_point_attrs(b, OTEL__KLEN(OTEL__NDP(attributes), STRING), p);
        unsigned char *t = otel__pb_room(b, 18 + 13);   /* (the room the last of three otel__pb_fixed would ask) */
        if (t) {
            uint64_t v = (uint64_t)p->as_int;
            if (mi->is_double) memcpy(&v, &p->as_double, 8);
            t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__NDP(start_time_unix_nano), 64BIT)), p->start_ns, 8);
            t = otel__pb_put_le(otel__pb_put(t, OTEL__KLEN(OTEL__NDP(time_unix_nano), 64BIT)), p->time_ns, 8);
            t = otel__pb_put_le(otel__pb_put(t, mi->is_double ? OTEL__KLEN(OTEL__NDP(as_double), 64BIT) : OTEL__KLEN(OTEL__NDP(as_int), 64BIT)), v, 8);
            otel__pb_done(b, t);
        }
        otel__pb_exemplars(b, OTEL__KLEN(OTEL__NDP(exemplars), STRING), mi, p, &wd->sub);
        otel__pb_close(b, m, &wd->point);
    }
}
#undef OTEL__NDP
#undef OTEL__HDP
#undef OTEL__EDP
#undef OTEL__EXM
#define OTEL__MET(f) opentelemetry_proto_metrics_v1_Metric_##f##_tag
static void otel__pb_metric_open(otel__wbuf *b, const otel_metric_info *mi, otel__pb_widths *wd) {
    wd->at[0] = otel__pb_open(b, OTEL__KLEN(opentelemetry_proto_metrics_v1_ScopeMetrics_metrics_tag, STRING), wd->metric);
    otel__pb_bytes(b, OTEL__KLEN(OTEL__MET(name), STRING), mi->name, strlen(mi->name));
    if (*mi->description) otel__pb_bytes(b, OTEL__KLEN(OTEL__MET(description), STRING), mi->description, strlen(mi->description));
    if (*mi->unit) otel__pb_bytes(b, OTEL__KLEN(OTEL__MET(unit), STRING), mi->unit, strlen(mi->unit));
    uint32_t data = mi->exponential ? OTEL__MET(exponential_histogram)
                  : mi->kind == OTEL_INSTRUMENT_HISTOGRAM ? OTEL__MET(histogram)
                  : mi->kind == OTEL_INSTRUMENT_GAUGE ? OTEL__MET(gauge) : OTEL__MET(sum);
    wd->at[1] = otel__pb_open(b, OTEL__KLEN(data, STRING), wd->data);
}
#undef OTEL__MET
static void otel__pb_metric_close(otel__wbuf *b, const otel_metric_info *mi, otel__pb_widths *wd) {
    if (mi->kind != OTEL_INSTRUMENT_GAUGE)   /* Sum and the histograms: temporality is field 2 of each */
        otel__pb_varint(b, OTEL__KLEN(opentelemetry_proto_metrics_v1_Sum_aggregation_temporality_tag, VARINT), (uint64_t)mi->temporality);
    if (mi->kind == OTEL_INSTRUMENT_COUNTER || mi->kind == OTEL_INSTRUMENT_UPDOWN_COUNTER)
        otel__pb_varint(b, OTEL__KLEN(opentelemetry_proto_metrics_v1_Sum_is_monotonic_tag, VARINT), mi->monotonic ? 1u : 0u);
    otel__pb_close(b, wd->at[1], &wd->data);
    otel__pb_close(b, wd->at[0], &wd->metric);
}

/* JSON and protobuf walk the points alike: a metric opens when its first
   point comes. Returns the number of points written (what did not fit is
   left out and counted by the caller). */
static size_t otel__json_metric_open(otel__wbuf *w, const otel_metric_info *mi, int first);
static void otel__json_point(otel__wbuf *w, const otel_metric_info *mi, const otel_metric_point *p, int first);
static void otel__json_metric_close(otel__wbuf *w, const otel_metric_info *mi);
static void otel__metric_close(otel__batch *B, const otel_metric_info *mi, otel__pb_widths *wd) {
    if (B->json) otel__json_metric_close(&B->w, mi); else otel__pb_metric_close(&B->w, mi, wd);
}

/* One ScopeMetrics per meter with points (the default scope's when none
   has): a pass over the points per meter, in the order of the meters. The
   request is buf[*off .. *off + *len), as otel__encode_batch leaves it. */
static size_t otel__encode_metrics(int json, unsigned char *buf, size_t cap, size_t *off, size_t *len, size_t *left_out) {
    otel_metric_info mi, last;
    otel_metric_point p;
    otel__pb_widths wd = {2, 2, 1, 1, {0, 0}};
    size_t points = 0, skipped = 0, room = json ? 80 : 32, keep = cap > room ? cap - room : 0;   /* room kept for the closes */
    otel__batch B;
    otel__batch_begin(&B, 1, json, buf, cap);
    int no_room = B.w.full, stopped = no_room;   /* not even the resource: nothing is sent */
    for (unsigned k = 0, more = 1; more; k++) {
        otel_metric_iter it = {0, 0, 0};
        size_t metrics = 0;
        int open = 0, scope_open = 0;
        more = 0;
        memset(&last, 0, sizeof last);
        while (otel_metrics_next(&it, &mi, &p)) {
            unsigned sk = mi.scope ? mi.scope->index : 0;
            if (sk != k) { more |= sk > k; continue; }
            if (stopped) { skipped++; continue; }
            int fresh = !open || mi.bounds != last.bounds;   /* bounds: the address is the instrument's own */
            size_t mark = B.w.len, before_open = mark;
            if (fresh) {
                if (open) { B.w.cap = B.cap; otel__metric_close(&B, &last, &wd); open = 0; }
                before_open = B.w.len;
                if (!scope_open) otel__batch_scope_open(&B, mi.scope);
                B.w.cap = keep;
                if (json) otel__json_metric_open(&B.w, &mi, metrics == 0);
                else otel__pb_metric_open(&B.w, &mi, &wd);
            }
            if (json) otel__json_point(&B.w, &mi, &p, fresh);
            else otel__pb_point(&B.w, &mi, &p, &wd);
            if (B.w.full) {   /* no room: stop here, count the rest */
                B.w.len = fresh ? before_open : mark;
                B.w.full = 0;
                stopped = 1;
                skipped++;
                continue;
            }
            points++;
            scope_open = 1;
            if (fresh) { open = 1; last = mi; metrics++; }
        }
        B.w.cap = B.cap;
        if (open) otel__metric_close(&B, &last, &wd);
        if (scope_open) otel__batch_scope_close(&B);
    }
    if (!B.scopes) {   /* no points: the default scope, empty */
        otel__batch_scope_open(&B, NULL);
        otel__batch_scope_close(&B);
    }
    otel__batch_end(&B, off, len);
    if (no_room) *len = 0;
    *left_out = skipped;
    return points;
}
#endif

/* ---- JSON ---- */
static void otel__json_resource(otel__wbuf *b, const char *list, const char *scope_list) {
    const otel_attr *res;
    size_t n = otel_resource_attrs(&res);
    otel__ws(b, "{\""); otel__ws(b, list); otel__ws(b, "\":[{\"resource\":{\"attributes\":[");
    for (size_t i = 0; i < n; i++) otel__json_kv(b, &res[i], i == 0);
    otel__ws(b, "]}");
    const char *su = otel_resource_schema_url();
    if (su) { otel__ws(b, ",\"schemaUrl\":"); otel__wstr(b, su, strlen(su)); }
    otel__ws(b, ",\""); otel__ws(b, scope_list); otel__ws(b, "\":[");
}
/* {"scope":{"name":..,"version":..,"attributes":[..],"droppedAttributesCount":..},"schemaUrl":..,"<items>":[
   (sc NULL: the default scope) */
static void otel__json_scope(otel__wbuf *b, const otel_scope *sc, const char *items, int first) {
    const char *name = otel__scope_nm(sc), *version = otel__scope_ver(sc);
    otel__ws(b, first ? "{\"scope\":{\"name\":" : ",{\"scope\":{\"name\":");
    otel__wstr(b, name, strlen(name));
    if (version) { otel__ws(b, ",\"version\":"); otel__wstr(b, version, strlen(version)); }
    if (sc && sc->attr_count) {
        otel__ws(b, ",\"attributes\":[");
        for (uint32_t i = 0; i < sc->attr_count; i++) otel__json_kv(b, &sc->attrs[i], i == 0);
        otel__w(b, "]", 1);
    }
    if (sc && sc->dropped_attributes) { otel__ws(b, ",\"droppedAttributesCount\":"); otel__wu64(b, sc->dropped_attributes, 0); }
    otel__w(b, "}", 1);
    if (sc && sc->schema_url) { otel__ws(b, ",\"schemaUrl\":"); otel__wstr(b, sc->schema_url, strlen(sc->schema_url)); }
    otel__ws(b, ",\""); otel__ws(b, items); otel__ws(b, "\":[");
}
static void otel__json_record_attrs(otel__wbuf *b, const otel_span_data *d) {
    otel_iter it = {NULL, 0};
    otel_item item;
    int n = 0;
    otel__ws(b, ",\"attributes\":[");
    while (otel_span_data_next(d, &it, &item))
        if (item.type == OTEL_ITEM_ATTR) otel__json_kv(b, &item.attr, n++ == 0);
    otel__w(b, "]", 1);
}
static void otel__json_log(otel__wbuf *b, const otel_span_data *d, int first) {
    otel_log_info in;
    otel_log_data_info(d, &in);
    otel__ws(b, first ? "{\"timeUnixNano\":" : ",{\"timeUnixNano\":");
    otel__wu64(b, in.time_ns, 1);
    otel__ws(b, ",\"observedTimeUnixNano\":");
    otel__wu64(b, in.observed_ns, 1);
    if (in.severity) { otel__ws(b, ",\"severityNumber\":"); otel__wu64(b, (uint64_t)in.severity, 0); }
    if (in.severity_text) { otel__ws(b, ",\"severityText\":"); otel__wstr(b, in.severity_text, strlen(in.severity_text)); }
    if (in.body) {
        otel__ws(b, ",\"body\":{\"stringValue\":");
        otel__wstr(b, in.body, in.body_len);
        otel__w(b, "}", 1);
    }
    otel__json_record_attrs(b, d);
    otel__ws(b, ",\"droppedAttributesCount\":");
    otel__wu64(b, in.dropped_attributes, 0);
    if (in.has_context) {
        otel__ws(b, ",\"flags\":");
        otel__wu64(b, in.context.flags, 0);
        otel__ws(b, ",\"traceId\":");
        otel__whex(b, in.context.trace_id, 16);
        otel__ws(b, ",\"spanId\":");
        otel__whex(b, in.context.span_id, 8);
    }
    if (in.event_name) { otel__ws(b, ",\"eventName\":"); otel__wstr(b, in.event_name, in.event_name_len); }
    otel__w(b, "}", 1);
}
#ifndef OTEL_NO_METRICS
static size_t otel__json_metric_open(otel__wbuf *w, const otel_metric_info *mi, int first) {
    otel__ws(w, first ? "{\"name\":" : ",{\"name\":");
    otel__wstr(w, mi->name, strlen(mi->name));
    if (*mi->description) { otel__ws(w, ",\"description\":"); otel__wstr(w, mi->description, strlen(mi->description)); }
    if (*mi->unit) { otel__ws(w, ",\"unit\":"); otel__wstr(w, mi->unit, strlen(mi->unit)); }
    otel__ws(w, mi->exponential ? ",\"exponentialHistogram\":{\"dataPoints\":["
              : mi->kind == OTEL_INSTRUMENT_HISTOGRAM ? ",\"histogram\":{\"dataPoints\":["
              : mi->kind == OTEL_INSTRUMENT_GAUGE ? ",\"gauge\":{\"dataPoints\":[" : ",\"sum\":{\"dataPoints\":[");
    return 0;
}
static void otel__wi32(otel__wbuf *w, int32_t v) {
    if (v < 0) otel__w(w, "-", 1);
    otel__wu64(w, v < 0 ? (uint64_t)0 - (uint64_t)(int64_t)v : (uint64_t)v, 0);
}
static void otel__json_exp_buckets(otel__wbuf *w, const char *name, int32_t offset, const uint64_t *c, size_t n) {
    if (!n) return;
    otel__ws(w, name);
    otel__ws(w, "{\"offset\":"); otel__wi32(w, offset);
    otel__ws(w, ",\"bucketCounts\":[");
    for (size_t i = 0; i < n; i++) { if (i) otel__w(w, ",", 1); otel__wu64(w, c[i], 1); }
    otel__ws(w, "]}");
}
static void otel__json_exemplars(otel__wbuf *w, const otel_metric_info *mi, const otel_metric_point *p) {
    if (!p->exemplar_count) return;
    otel__ws(w, ",\"exemplars\":[");
    for (size_t i = 0; i < p->exemplar_count; i++) {
        const otel_exemplar *e = &p->exemplars[i];
        otel__ws(w, i ? ",{\"timeUnixNano\":" : "{\"timeUnixNano\":");
        otel__wu64(w, e->time_ns, 1);
        if (mi->is_double || mi->kind == OTEL_INSTRUMENT_HISTOGRAM) { otel__ws(w, ",\"asDouble\":"); otel__wdouble(w, e->as_double); }
        else { otel__ws(w, ",\"asInt\":"); otel__wi64(w, e->as_int); }
        if (!otel__all_zero(e->trace_id, 16)) {
            otel__ws(w, ",\"spanId\":"); otel__whex(w, e->span_id, 8);
            otel__ws(w, ",\"traceId\":"); otel__whex(w, e->trace_id, 16);
        }
        if (e->filtered_attribute_count) {
            otel_attr fa;
            int first = 1;
            otel__ws(w, ",\"filteredAttributes\":[");
            for (size_t j = 0; j < e->filtered_attribute_count; j++)
                if (otel__exemplar_attr(e, j, &fa)) { otel__json_kv(w, &fa, first); first = 0; }
            otel__w(w, "]", 1);
        }
        otel__w(w, "}", 1);
    }
    otel__w(w, "]", 1);
}
static void otel__json_point(otel__wbuf *w, const otel_metric_info *mi, const otel_metric_point *p, int first) {
    otel_attr attrs[16];
    size_t na = otel_metric_point_attrs(p, attrs, 16);
    otel__ws(w, first ? "{\"attributes\":[" : ",{\"attributes\":[");
    for (size_t i = 0; i < na; i++) otel__json_kv(w, &attrs[i], i == 0);
    otel__ws(w, "],\"startTimeUnixNano\":");
    otel__wu64(w, p->start_ns, 1);
    otel__ws(w, ",\"timeUnixNano\":");
    otel__wu64(w, p->time_ns, 1);
    if (mi->exponential) {
        otel__ws(w, ",\"count\":"); otel__wu64(w, p->count, 1);
        otel__ws(w, ",\"sum\":"); otel__wdouble(w, p->sum);
        otel__ws(w, ",\"scale\":"); otel__wi32(w, p->scale);
        otel__ws(w, ",\"zeroCount\":"); otel__wu64(w, p->zero_count, 1);
        otel__json_exp_buckets(w, ",\"positive\":", p->positive_offset, p->positive, p->positive_count);
        otel__json_exp_buckets(w, ",\"negative\":", p->negative_offset, p->negative, p->negative_count);
        if (p->count) { otel__ws(w, ",\"min\":"); otel__wdouble(w, p->min); otel__ws(w, ",\"max\":"); otel__wdouble(w, p->max); }
    } else if (mi->kind == OTEL_INSTRUMENT_HISTOGRAM) {
        otel__ws(w, ",\"count\":"); otel__wu64(w, p->count, 1);
        otel__ws(w, ",\"sum\":"); otel__wdouble(w, p->sum);
        otel__ws(w, ",\"bucketCounts\":[");
        for (size_t i = 0; i < p->bucket_count; i++) { if (i) otel__w(w, ",", 1); otel__wu64(w, p->bucket_counts[i], 1); }
        otel__ws(w, "],\"explicitBounds\":[");
        for (size_t i = 0; i < mi->bound_count; i++) { if (i) otel__w(w, ",", 1); otel__wdouble(w, mi->bounds[i]); }
        otel__w(w, "]", 1);
        if (p->count) { otel__ws(w, ",\"min\":"); otel__wdouble(w, p->min); otel__ws(w, ",\"max\":"); otel__wdouble(w, p->max); }
    } else if (mi->is_double) {
        otel__ws(w, ",\"asDouble\":"); otel__wdouble(w, p->as_double);
    } else {
        otel__ws(w, ",\"asInt\":"); otel__wi64(w, p->as_int);
    }
    otel__json_exemplars(w, mi, p);
    otel__w(w, "}", 1);
}
static void otel__json_metric_close(otel__wbuf *w, const otel_metric_info *mi) {
    otel__w(w, "]", 1);
    if (mi->kind != OTEL_INSTRUMENT_GAUGE) { otel__ws(w, ",\"aggregationTemporality\":"); otel__wu64(w, (uint64_t)mi->temporality, 0); }
    if (mi->kind == OTEL_INSTRUMENT_COUNTER || mi->kind == OTEL_INSTRUMENT_UPDOWN_COUNTER)
        otel__ws(w, mi->monotonic ? ",\"isMonotonic\":true" : ",\"isMonotonic\":false");
    otel__ws(w, "}}");
}
#endif

#ifndef OTEL_NO_PARTIAL_SUCCESS
/* partial_success of the logs and metrics responses */
static int otel__pb_decode_partial_signal(int sig, const void *body, size_t n, int64_t *rejected, char *msg, size_t cap) {
    pb_istream_t s = pb_istream_from_buffer((const pb_byte_t *)body, n);
    if (sig == 1) {
        opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse r;
        memset(&r, 0, sizeof r);
        if (!pb_decode(&s, opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse_fields, &r)) return OTEL_ERR_PROTOCOL;
        if (!r.has_partial_success) return OTEL_OK;
        *rejected = r.partial_success.rejected_data_points;
        otel__partial_msg(msg, cap, r.partial_success.error_message, strlen(r.partial_success.error_message));
    } else {
        opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse r;
        memset(&r, 0, sizeof r);
        if (!pb_decode(&s, opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse_fields, &r)) return OTEL_ERR_PROTOCOL;
        if (!r.has_partial_success) return OTEL_OK;
        *rejected = r.partial_success.rejected_log_records;
        otel__partial_msg(msg, cap, r.partial_success.error_message, strlen(r.partial_success.error_message));
    }
    return OTEL_OK;
}
#endif

/* >> transport: URL, header lists */
/* ==== transport: URL parsing ==== */
typedef struct otel__url { int https; char host[256]; char port[8]; char path[1024]; int ipv6_literal; } otel__url;

/* http://host[:port][/path], https://..., IPv4, [IPv6], names. No user
   info (credentials belong in OTEL_EXPORTER_OTLP_HEADERS), no spaces or
   control characters. */
static int otel__url_parse(const char *t, otel__url *u) {
    memset(u, 0, sizeof *u);
    if (!t) return OTEL_ERR_INVALID;
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++) if ((unsigned char)t[i] <= 0x20 || (unsigned char)t[i] >= 0x7f) return OTEL_ERR_INVALID;
    const char *p;
    if (n >= 7 && otel__icontains(t, 7, "http://", 7) && t[4] == ':') { p = t + 7; u->https = 0; }
    else if (n >= 8 && otel__icontains(t, 8, "https://", 8) && t[5] == ':') { p = t + 8; u->https = 1; }
    else return OTEL_ERR_INVALID;
    const char *end = p + strcspn(p, "/?#");
    const char *at = (const char *)memchr(p, '@', (size_t)(end - p));
    if (at) return OTEL_ERR_INVALID;
    const char *hs = p, *he, *port = NULL;
    if (*p == '[') {
        const char *rb = (const char *)memchr(p, ']', (size_t)(end - p));
        if (!rb || rb == p + 1) return OTEL_ERR_INVALID;
        hs = p + 1; he = rb;
        for (const char *q = hs; q < he; q++)
            if (!(otel__hexval(otel__lower((unsigned char)*q)) >= 0 || *q == ':' || *q == '.' || *q == '%')) return OTEL_ERR_INVALID;
        u->ipv6_literal = 1;
        if (rb + 1 < end) { if (rb[1] != ':') return OTEL_ERR_INVALID; port = rb + 2; }
    } else {
        const char *colon = (const char *)memchr(p, ':', (size_t)(end - p));
        he = colon ? colon : end;
        if (colon) port = colon + 1;
        for (const char *q = hs; q < he; q++) {
            int c = (unsigned char)*q;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
                return OTEL_ERR_INVALID;
        }
    }
    if (he == hs || (size_t)(he - hs) >= sizeof u->host) return OTEL_ERR_INVALID;
    memcpy(u->host, hs, (size_t)(he - hs));
    if (port) {
        size_t pl = (size_t)(end - port);
        unsigned long v = 0;
        if (pl == 0 || pl > 5) return OTEL_ERR_INVALID;
        for (size_t i = 0; i < pl; i++) {
            if (port[i] < '0' || port[i] > '9') return OTEL_ERR_INVALID;
            v = v * 10 + (unsigned long)(port[i] - '0');
        }
        if (v == 0 || v > 65535) return OTEL_ERR_INVALID;
        snprintf(u->port, sizeof u->port, "%lu", v);
    } else {
        memcpy(u->port, u->https ? "443" : "80", u->https ? 4 : 3);
    }
    const char *path = end;
    size_t pl = strcspn(path, "#");
    if (pl + 2 > sizeof u->path) return OTEL_ERR_INVALID;
    if (pl == 0 || path[0] != '/') { u->path[0] = '/'; memcpy(u->path + 1, path, pl); }
    else memcpy(u->path, path, pl);
    return OTEL_OK;
}

/* ==== transport: header lists and Retry-After ==== */
typedef struct otel__http_header { const char *name; const char *value; } otel__http_header;

/* "k1=v1,k2=v2" (OTEL_EXPORTER_OTLP_HEADERS): keys and values trimmed,
   values percent-decoded; malformed pairs are skipped with a warning that
   never shows a value. Returns the number of headers. */
static int otel__header_name_ok(const char *k, size_t n) {
    static const char seps[] = "()<>@,;:\\\"/[]?={}";
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)k[i];
        if (c <= 0x20 || c >= 0x7f || strchr(seps, c)) return 0;
    }
    return 1;
}
/* headers the exporter writes itself, or that would change how the request
   is framed (HTTP/1.1) or are not allowed (HTTP/2: pseudo-headers, te,
   connection-specific ones): refused in OTEL_EXPORTER_OTLP_HEADERS */
static int otel__header_reserved(const char *k, size_t n) {
    static const char *const names[] = {"host", "content-length", "transfer-encoding", "content-type", "connection",
                                        "te", "keep-alive", "upgrade", "proxy-connection", "content-encoding",
                                        "grpc-encoding"};
    if (n && k[0] == ':') return 1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && strncasecmp(k, names[i], n) == 0) return 1;
    return 0;
}
static int otel__parse_header_list(const char *text, otel__http_header *out, size_t cap, char *buf, size_t bufsz) {
    size_t used = 0, len, kn, vn;
    int n = 0, bad = 0;
    char refused[128] = "", escapes[128] = "";
    const char *cur = text, *m, *k, *v;
    while (otel__list_next(&cur, &m, &len)) {
        if (!len) continue;
        if (otel__split_kv(m, len, &k, &kn, &v, &vn) && otel__header_reserved(k, kn)) {
            size_t r = strlen(refused);
            if (r + kn + 3 < sizeof refused) snprintf(refused + r, sizeof refused - r, "%s%.*s", r ? ", " : "", (int)kn, k);
            continue;
        }
        if (!otel__split_kv(m, len, &k, &kn, &v, &vn) || !otel__header_name_ok(k, kn) || (size_t)n >= cap ||
            used + kn + 1 + vn + 1 > bufsz) {
            bad++;
            continue;
        }
        char *name = buf + used, *value = buf + used + kn + 1;
        memcpy(name, k, kn);
        name[kn] = 0;
        for (size_t i = 0; i < vn; i++)   /* a '%' that starts no escape is sent as it is */
            if (v[i] == '%' && (i + 2 >= vn || otel__hexval(otel__lower((unsigned char)v[i + 1])) < 0 ||
                                otel__hexval(otel__lower((unsigned char)v[i + 2])) < 0)) {
                size_t r = strlen(escapes);
                if (r + kn + 3 < sizeof escapes) snprintf(escapes + r, sizeof escapes - r, "%s%s", r ? ", " : "", name);
                break;
            }
        long dl = otel__percent_decode(v, vn, value, bufsz - used - kn - 1);
        int clean = dl >= 0;
        for (long i = 0; clean && i < dl; i++)
            if (value[i] == '\r' || value[i] == '\n' || value[i] == 0) clean = 0;   /* no header injection */
        if (!clean) { bad++; continue; }
        out[n].name = name;
        out[n].value = value;
        used += kn + 1 + (size_t)dl + 1;
        n++;
    }
    if (bad) OTEL__WARN("OTEL_EXPORTER_OTLP_HEADERS: %d malformed entries skipped", bad);
    if (refused[0]) OTEL__WARN("OTEL_EXPORTER_OTLP_HEADERS: %s set by the exporter itself; refused, the other headers kept", refused);
    if (escapes[0]) OTEL__WARN("OTEL_EXPORTER_OTLP_HEADERS: a '%%' in the value of %s starts no %%XX escape; sent as it is", escapes);
    return n;
}

/* Retry-After: delta-seconds or an HTTP-date (IMF-fixdate, RFC 850, asctime).
   Returns milliseconds from now (0 for a date in the past), -1 when invalid. */
static int64_t otel__parse_retry_after(const char *v, int64_t now_unix_s) {
    if (!v) return -1;
    while (*v == ' ' || *v == '\t') v++;
    if (*v >= '0' && *v <= '9') {
        int64_t s = 0;
        for (; *v >= '0' && *v <= '9'; v++) { s = s * 10 + (*v - '0'); if (s > 86400 * 365) return -1; }
        while (*v == ' ' || *v == '\t') v++;
        return *v ? -1 : s * 1000;
    }
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int day = 0, year = 0, hh = 0, mm = 0, ss = 0, mon = -1;
    char mname[4] = {0}, wd[16] = {0};
    int ok = 0;
    if (sscanf(v, "%15[A-Za-z], %2d %3s %4d %2d:%2d:%2d GMT", wd, &day, mname, &year, &hh, &mm, &ss) == 7) ok = 1;
    else if (sscanf(v, "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d GMT", wd, &day, mname, &year, &hh, &mm, &ss) == 7) { year += year < 70 ? 2000 : 1900; ok = 1; }
    else if (sscanf(v, "%15[A-Za-z] %3s %2d %2d:%2d:%2d %4d", wd, mname, &day, &hh, &mm, &ss, &year) == 7) ok = 1;
    if (!ok) return -1;
    for (int i = 0; i < 12; i++) if (memcmp(months + 3 * i, mname, 3) == 0) mon = i;
    if (mon < 0 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || year < 1970 || year > 9999) return -1;
    /* days since the epoch, proleptic Gregorian */
    int y = year - (mon < 2), m = mon < 2 ? mon + 13 : mon + 1;
    int64_t days = 365LL * y + y / 4 - y / 100 + y / 400 + (153 * (m + 1)) / 5 + day - 719591;
    int64_t t = days * 86400 + hh * 3600 + mm * 60 + ss;
    return t <= now_unix_s ? 0 : (t - now_unix_s) * 1000;
}

/* >> transport: TCP connection with deadlines */
/* ==== transport: HTTP/1.1 client ==== */
#ifndef OTEL_HTTP_MAX_RESPONSE
#define OTEL_HTTP_MAX_RESPONSE (64u * 1024u)   /* response body kept (longer ones are cut) */
#endif
#define OTEL__HTTP_MAX_HEAD (16u * 1024u)     /* response status line + headers */

typedef struct otel__tls_options {
    const char *ca_file, *client_cert_file, *client_key_file;
    int insecure_skip_verify;
    int alpn_h2;                /* offer "h2" (gRPC) */
} otel__tls_options;

typedef struct otel__http_response {
    int status;
    int64_t retry_after_ms;     /* -1: none */
    char content_type[128];
    size_t body_len;
    const unsigned char *body;  /* into the client's buffer, valid until the next call */
    int body_truncated;
    int sent;                   /* no answer, but the peer acknowledged the whole request: it may have kept it */
    int closed;                 /* the server closed the connection before its answer was whole */
    int is_grpc, grpc_status;   /* gRPC: the call's status (status above is what the exporter acts on) */
    char message[160];          /* gRPC: grpc-message, redacted */
} otel__http_response;

typedef struct otel__http_client {
    otel__url url;
    otel__tls_options tls;
    int fd;
    uint64_t deadline;          /* monotonic ns of the call under way */
    int eof;                    /* a read met the end of the connection */
#ifndef OTEL_NO_TLS
    int tls_init, ssl_live;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca, own;
    mbedtls_pk_context key;
    mbedtls_ssl_context ssl;
#endif
    size_t in_len;              /* bytes buffered in in[] */
    unsigned char in[OTEL__HTTP_MAX_HEAD];
    unsigned char body[OTEL_HTTP_MAX_RESPONSE];
    char head[8192];
    /* head[0..head_pre) is the request head up to its Content-Length, for
       these content type, encoding and extra headers (otel__http_head) */
    size_t head_pre;
    const char *head_ct, *head_ce;
    const void *head_extra;
    size_t head_nextra;
} otel__http_client;

static int otel__remaining_ms(uint64_t deadline) {
    uint64_t now = otel__mono_ns();
    if (now >= deadline) return 0;
    uint64_t ms = (deadline - now + 999999u) / 1000000u;
    return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}
/* A flush or shutdown waiting for the background thread: its deadline
   (UINT64_MAX when none is pending). Every blocking step of the exporter
   ends by the earlier of its own deadline and this one. */
static uint64_t otel__pending_deadline(void) {
    uint64_t d = UINT64_MAX;
#ifndef OTEL_NO_THREADS
    if (OTEL__LOAD_ACQ(&otel__g.flush_reason)) d = OTEL__LOAD(&otel__g.flush_deadline);
    uint64_t stop = OTEL__LOAD(&otel__g.stop_deadline);
    if (stop && stop < d) d = stop;
#endif
    return d;
}
static uint64_t otel__cut_deadline(uint64_t deadline) {
    uint64_t f = otel__pending_deadline();
    return f < deadline ? f : deadline;
}
/* 1: ready, 0: deadline passed, -1: error. Waits in slices of at most
   OTEL__WAIT_SLICE_MS so that a flush or shutdown asked for meanwhile cuts
   the wait short at its own deadline. */
#define OTEL__WAIT_SLICE_MS 10
static int otel__wait_fd(int fd, short events, uint64_t deadline) {
    for (;;) {
        int ms = otel__remaining_ms(otel__cut_deadline(deadline));
        if (ms == 0) return 0;
        struct pollfd p;
        p.fd = fd; p.events = events; p.revents = 0;
        int r = poll(&p, 1, ms < OTEL__WAIT_SLICE_MS ? ms : OTEL__WAIT_SLICE_MS);
        if (r > 0) return 1;
        if (r < 0 && errno != EINTR) return -1;
    }
}

/* 1 when the peer acknowledged every byte written on the connection (or
   when this system cannot tell): a request cut off after that may have been
   kept by the backend; one still partly in our send queue was not */
static int otel__peer_has_all(const otel__http_client *c) {
#ifdef TIOCOUTQ
    int n = 0;
    if (c->fd >= 0 && ioctl(c->fd, TIOCOUTQ, &n) == 0) return n == 0;
#endif
    return c->fd >= 0;
}

static void otel__http_disconnect(otel__http_client *c) {
#ifndef OTEL_NO_TLS
    if (c->ssl_live) { mbedtls_ssl_free(&c->ssl); c->ssl_live = 0; }
#endif
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    c->in_len = 0;
}

/* Name resolution by the connection's deadline. getaddrinfo cannot be
   interrupted, and a resolver that does not answer holds it for its own
   timeouts (seconds, per server and attempt). A numeric address is
   resolved at once; a name on a short-lived thread of its own, waited for
   until the deadline (cut short by a flush's or shutdown's, as every wait
   is). Past it the lookup is left to end by itself (it frees its job) and
   the connect fails; with OTEL__DNS_LEFT_MAX lookups left so, a connect
   fails at once instead of starting another. Without threads, getaddrinfo
   is called as it is. 0, an EAI_* code, or OTEL__DNS_LATE past the deadline. */
#define OTEL__DNS_LATE 0x7fff0000   /* (EAI_* codes are small: negative in glibc, positive elsewhere) */
#ifndef OTEL_NO_THREADS
#define OTEL__DNS_LEFT_MAX 4
typedef struct otel__dns_job {
    char host[256], port[16];
    struct addrinfo hints, *res;
    int rc, done, left;          /* under otel__dns_lock */
} otel__dns_job;
static pthread_mutex_t otel__dns_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t otel__dns_done = PTHREAD_COND_INITIALIZER;
static unsigned otel__dns_left;   /* lookups left running past their deadline */
static void *otel__dns_main(void *arg) {
    otel__dns_job *j = (otel__dns_job *)arg;
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(j->host, j->port, &j->hints, &res);
    pthread_mutex_lock(&otel__dns_lock);
    int left = j->left;
    if (left) otel__dns_left--;
    else { j->rc = rc; j->res = res; j->done = 1; }
    pthread_mutex_unlock(&otel__dns_lock);
    pthread_cond_broadcast(&otel__dns_done);
    if (left) {   /* nobody waits for it any more */
        if (rc == 0 && res) freeaddrinfo(res);
        free(j);
    }
    return NULL;
}
#endif
static int otel__resolve(otel__http_client *c, const struct addrinfo *hints, struct addrinfo **res) {
    struct addrinfo num = *hints;
    num.ai_flags |= AI_NUMERICHOST;
    int rc = getaddrinfo(c->url.host, c->url.port, &num, res);
    if (rc == 0 || (hints->ai_flags & AI_NUMERICHOST)) return rc;
#ifndef OTEL_NO_THREADS
    pthread_mutex_lock(&otel__dns_lock);
    unsigned left = otel__dns_left;
    pthread_mutex_unlock(&otel__dns_lock);
    if (left >= OTEL__DNS_LEFT_MAX) return OTEL__DNS_LATE;   /* the resolver is stuck: do not pile up more */
    otel__dns_job *j = strlen(c->url.host) < sizeof j->host && strlen(c->url.port) < sizeof j->port
                           ? (otel__dns_job *)calloc(1, sizeof *j) : NULL;
    pthread_attr_t a;
    pthread_t t;
    int started = 0;
    if (j) {
        strcpy(j->host, c->url.host);
        strcpy(j->port, c->url.port);
        j->hints = *hints;
        if (pthread_attr_init(&a) == 0) {
            pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
            started = pthread_create(&t, &a, otel__dns_main, j) == 0;
            pthread_attr_destroy(&a);
        }
    }
    if (!started) { free(j); return getaddrinfo(c->url.host, c->url.port, hints, res); }
    pthread_mutex_lock(&otel__dns_lock);
    while (!j->done) {
        int ms = otel__remaining_ms(otel__cut_deadline(c->deadline));
        if (ms == 0) break;
        struct timespec ts;
        otel__abs_deadline(&ts, (uint64_t)(ms < OTEL__WAIT_SLICE_MS ? ms : OTEL__WAIT_SLICE_MS));
        pthread_cond_timedwait(&otel__dns_done, &otel__dns_lock, &ts);
    }
    int done = j->done;
    if (!done) { j->left = 1; otel__dns_left++; }
    pthread_mutex_unlock(&otel__dns_lock);
    if (!done) return OTEL__DNS_LATE;
    rc = j->rc;
    *res = j->res;
    free(j);
    return rc;
#else
    return getaddrinfo(c->url.host, c->url.port, hints, res);
#endif
}

static int otel__tcp_connect(otel__http_client *c) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (c->url.ipv6_literal) hints.ai_flags = AI_NUMERICHOST;
    int g = otel__resolve(c, &hints, &res);
    if (g == OTEL__DNS_LATE) {
        OTEL__WARN("%.200s: resolving the name took longer than the deadline", c->url.host);
        return OTEL_ERR_TIMEOUT;
    }
    if (g != 0 || !res) return OTEL_ERR_CONNECT;
    int rc = OTEL_ERR_CONNECT;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) { c->fd = fd; rc = OTEL_OK; break; }
        if (errno == EINPROGRESS) {
            int w = otel__wait_fd(fd, POLLOUT, c->deadline);
            int err = 0;
            socklen_t el = sizeof err;
            if (w == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0) { c->fd = fd; rc = OTEL_OK; break; }
            if (w == 0) { close(fd); rc = OTEL_ERR_TIMEOUT; break; }
        }
        close(fd);
    }
    freeaddrinfo(res);
    return rc;
}

/* raw socket I/O with the deadline: bytes moved, 0 at EOF, or an error code */
/* more: more bytes follow at once (a request head, a frame header), so the
   kernel may hold them for the next send instead of a segment of their own */
#ifndef MSG_MORE
#define MSG_MORE 0
#endif
static long otel__sock_send(otel__http_client *c, const unsigned char *p, size_t n, int more) {
    for (;;) {
        ssize_t r = send(c->fd, p, n, MSG_NOSIGNAL | (more ? MSG_MORE : 0));
        if (r >= 0) return (long)r;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return OTEL_ERR_IO;
        int w = otel__wait_fd(c->fd, POLLOUT, c->deadline);
        if (w <= 0) return w == 0 ? OTEL_ERR_TIMEOUT : OTEL_ERR_IO;
    }
}
/* the pieces v[0..n) in order, with as few sendmsg calls as the socket
   buffer allows (v is advanced past what went out): OTEL_OK or an error */
static long otel__sock_sendv(otel__http_client *c, struct iovec *v, int n) {
    while (n > 0) {
        struct msghdr m;
        memset(&m, 0, sizeof m);
        m.msg_iov = v;
        m.msg_iovlen = (size_t)n;
        ssize_t r = sendmsg(c->fd, &m, MSG_NOSIGNAL);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return OTEL_ERR_IO;
            int w = otel__wait_fd(c->fd, POLLOUT, c->deadline);
            if (w <= 0) return w == 0 ? OTEL_ERR_TIMEOUT : OTEL_ERR_IO;
            continue;
        }
        size_t done = (size_t)r;
        while (n > 0 && done >= v->iov_len) { done -= v->iov_len; v++; n--; }
        if (n > 0) { v->iov_base = (unsigned char *)v->iov_base + done; v->iov_len -= done; }
    }
    return OTEL_OK;
}
static long otel__sock_recv(otel__http_client *c, unsigned char *p, size_t n) {
    for (;;) {
        ssize_t r = recv(c->fd, p, n, 0);
        if (r >= 0) return (long)r;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return OTEL_ERR_IO;
        int w = otel__wait_fd(c->fd, POLLIN, c->deadline);
        if (w <= 0) return w == 0 ? OTEL_ERR_TIMEOUT : OTEL_ERR_IO;
    }
}

/* >> transport: TLS */
/* ==== transport: TLS (mbedtls) ==== */
#ifndef OTEL_NO_TLS
static OTEL__TLS int otel__tls_last_io;   /* why the last TLS I/O callback failed (on this thread: each signal sends on its own) */

static int otel__tls_send_cb(void *ctx, const unsigned char *p, size_t n) {
    long r = otel__sock_send((otel__http_client *)ctx, p, n, 0);
    if (r >= 0) return (int)r;
    otel__tls_last_io = (int)r;
    return r == OTEL_ERR_TIMEOUT ? MBEDTLS_ERR_SSL_TIMEOUT : MBEDTLS_ERR_NET_SEND_FAILED;
}
static int otel__tls_recv_cb(void *ctx, unsigned char *p, size_t n) {
    long r = otel__sock_recv((otel__http_client *)ctx, p, n);
    if (r >= 0) return (int)r;
    otel__tls_last_io = (int)r;
    return r == OTEL_ERR_TIMEOUT ? MBEDTLS_ERR_SSL_TIMEOUT : MBEDTLS_ERR_NET_RECV_FAILED;
}

static const char *const otel__ca_bundles[] = {
    "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem", "/usr/local/etc/openssl/cert.pem"
};

/* Loads the CA bundle and the client certificate once, at the first https
   connection. mbedtls allocates here, on the exporter's thread. */
static int otel__tls_setup(otel__http_client *c) {
    if (c->tls_init) return OTEL_OK;
    mbedtls_entropy_init(&c->entropy);
    mbedtls_ctr_drbg_init(&c->drbg);
    mbedtls_ssl_config_init(&c->conf);
    mbedtls_x509_crt_init(&c->ca);
    mbedtls_x509_crt_init(&c->own);
    mbedtls_pk_init(&c->key);
    c->tls_init = 1;
    static const unsigned char pers[] = "otel.h";
    if (mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy, pers, sizeof pers - 1) != 0 ||
        mbedtls_ssl_config_defaults(&c->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        OTEL__WARN("TLS: cannot initialise the random generator or the configuration");
        return OTEL_ERR_TLS;
    }
    mbedtls_ssl_conf_rng(&c->conf, mbedtls_ctr_drbg_random, &c->drbg);
    mbedtls_ssl_conf_min_version(&c->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);  /* TLS 1.2+ */
#if !defined(OTEL_NO_GRPC) && defined(MBEDTLS_SSL_ALPN)
    static const char *otel__alpn_h2[] = {"h2", NULL};   /* gRPC servers refuse a TLS client that does not offer it */
    if (c->tls.alpn_h2 && mbedtls_ssl_conf_alpn_protocols(&c->conf, otel__alpn_h2) != 0) return OTEL_ERR_TLS;
#endif
    if (c->tls.insecure_skip_verify) {
        OTEL__WARN("TLS: certificate verification is OFF (insecure_skip_verify): anyone on the path can read and alter telemetry");
        mbedtls_ssl_conf_authmode(&c->conf, MBEDTLS_SSL_VERIFY_NONE);
    } else {
        int loaded = -1;
        if (c->tls.ca_file) {
            loaded = mbedtls_x509_crt_parse_file(&c->ca, c->tls.ca_file);
            if (loaded < 0) { OTEL__WARN("TLS: cannot read the CA certificate file %.200s", c->tls.ca_file); return OTEL_ERR_TLS; }
        } else {
            for (size_t i = 0; i < sizeof otel__ca_bundles / sizeof otel__ca_bundles[0] && loaded < 0; i++)
                if (access(otel__ca_bundles[i], R_OK) == 0) loaded = mbedtls_x509_crt_parse_file(&c->ca, otel__ca_bundles[i]);
            if (loaded < 0) { OTEL__WARN("TLS: no system CA bundle found; set OTEL_EXPORTER_OTLP_CERTIFICATE"); return OTEL_ERR_TLS; }
        }
        mbedtls_ssl_conf_authmode(&c->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&c->conf, &c->ca, NULL);
    }
    if (c->tls.client_cert_file || c->tls.client_key_file) {
        if (!c->tls.client_cert_file || !c->tls.client_key_file ||
            mbedtls_x509_crt_parse_file(&c->own, c->tls.client_cert_file) != 0 ||
            mbedtls_pk_parse_keyfile(&c->key, c->tls.client_key_file, NULL) != 0 ||
            mbedtls_ssl_conf_own_cert(&c->conf, &c->own, &c->key) != 0) {
            OTEL__WARN("TLS: cannot load the client certificate and key (both files are needed)");
            return OTEL_ERR_TLS;
        }
    }
    return OTEL_OK;
}

static int otel__tls_handshake(otel__http_client *c) {
    int rc = otel__tls_setup(c);
    if (rc != OTEL_OK) return rc;
    mbedtls_ssl_init(&c->ssl);
    c->ssl_live = 1;
    if (mbedtls_ssl_setup(&c->ssl, &c->conf) != 0 || mbedtls_ssl_set_hostname(&c->ssl, c->url.host) != 0)
        return OTEL_ERR_TLS;
    mbedtls_ssl_set_bio(&c->ssl, c, otel__tls_send_cb, otel__tls_recv_cb, NULL);
    otel__tls_last_io = 0;
    int r = mbedtls_ssl_handshake(&c->ssl);
    if (r == 0) return OTEL_OK;
    if (otel__tls_last_io == OTEL_ERR_TIMEOUT) return OTEL_ERR_TIMEOUT;
    uint32_t flags = mbedtls_ssl_get_verify_result(&c->ssl);
    if (r == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED && flags) {
        char why[512];
        mbedtls_x509_crt_verify_info(why, sizeof why, "", flags);
        for (char *p = why; *p; p++) if (*p == '\n') *p = ';';
        OTEL__WARN("TLS: the certificate of %.200s was refused: %s", c->url.host, why);
    } else {
        char err[160];
        mbedtls_strerror(r, err, sizeof err);
        OTEL__WARN("TLS: handshake with %.200s failed: %s", c->url.host, err);
    }
    return OTEL_ERR_TLS;
}
#endif

/* >> transport: HTTP/1.1 */
static int otel__http_client_init(otel__http_client *c, const otel__url *url, const otel__tls_options *tls) {
    memset(c, 0, offsetof(otel__http_client, in));
    c->head_pre = 0;
    c->fd = -1;
    c->url = *url;
    if (tls) c->tls = *tls;
#ifdef OTEL_NO_TLS
    if (url->https) { OTEL__WARN("https needs TLS, and this build has OTEL_NO_TLS"); return OTEL_ERR_TLS; }
#endif
    return OTEL_OK;
}

static void otel__http_client_close(otel__http_client *c) {
    otel__http_disconnect(c);
#ifndef OTEL_NO_TLS
    if (c->tls_init) {
        mbedtls_pk_free(&c->key);
        mbedtls_x509_crt_free(&c->own);
        mbedtls_x509_crt_free(&c->ca);
        mbedtls_ssl_config_free(&c->conf);
        mbedtls_ctr_drbg_free(&c->drbg);
        mbedtls_entropy_free(&c->entropy);
        c->tls_init = 0;
    }
#endif
}

/* connection-level I/O: TLS or plain */
static int otel__tls_live(const otel__http_client *c) {
#ifndef OTEL_NO_TLS
    return c->ssl_live;
#else
    (void)c;
    return 0;
#endif
}
static long otel__conn_write_more(otel__http_client *c, const void *p, size_t n, int more) {
    const unsigned char *b = (const unsigned char *)p;
    size_t done = 0;
    while (done < n) {
        long r;
#ifndef OTEL_NO_TLS
        if (c->ssl_live) {
            otel__tls_last_io = 0;
            int t = mbedtls_ssl_write(&c->ssl, b + done, n - done);
            r = t >= 0 ? t : (otel__tls_last_io ? otel__tls_last_io : OTEL_ERR_IO);
        } else
#endif
            r = otel__sock_send(c, b + done, n - done, more);
        if (r < 0) return r;
        done += (size_t)r;
    }
    return (long)done;
}
static long otel__conn_write(otel__http_client *c, const void *p, size_t n) { return otel__conn_write_more(c, p, n, 0); }
static long otel__conn_read(otel__http_client *c, unsigned char *p, size_t n) {
#ifndef OTEL_NO_TLS
    if (c->ssl_live) {
        for (;;) {
            otel__tls_last_io = 0;
            int t = mbedtls_ssl_read(&c->ssl, p, n);
            if (t >= 0) return t;
            if (t == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || t == MBEDTLS_ERR_SSL_CONN_EOF) return 0;
            if (t == MBEDTLS_ERR_SSL_WANT_READ || t == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
            return otel__tls_last_io ? otel__tls_last_io : OTEL_ERR_IO;
        }
    }
#endif
    return otel__sock_recv(c, p, n);
}

/* a buffered line-oriented reader over in[] */
static long otel__fill(otel__http_client *c) {
    if (c->in_len >= sizeof c->in) return OTEL_ERR_TOO_LARGE;
    long r = otel__conn_read(c, c->in + c->in_len, sizeof c->in - c->in_len);
    if (r > 0) c->in_len += (size_t)r;
    if (r == 0) c->eof = 1;
    return r;
}
static void otel__consume(otel__http_client *c, size_t n) {
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}
/* index just past the first "\r\n" (or "\n") at or after `from`, 0 if none */
static size_t otel__find_eol(const otel__http_client *c, size_t from) {
    for (size_t i = from; i < c->in_len; i++) if (c->in[i] == '\n') return i + 1;
    return 0;
}
/* reads one line (without its end) into out; returns its length or an error */
static long otel__read_line(otel__http_client *c, char *out, size_t cap) {
    size_t e;
    while ((e = otel__find_eol(c, 0)) == 0) {
        long r = otel__fill(c);
        if (r == 0) return OTEL_ERR_IO;   /* the connection was closed */
        if (r < 0) return r;
    }
    size_t n = e - 1;
    if (n && c->in[n - 1] == '\r') n--;
    if (n >= cap) return OTEL_ERR_TOO_LARGE;
    memcpy(out, c->in, n);
    out[n] = 0;
    otel__consume(c, e);
    return (long)n;
}
/* moves body bytes into resp (up to the buffer), discarding the rest */
static long otel__read_body(otel__http_client *c, otel__http_response *resp, uint64_t n, int until_eof) {
    while (n > 0 || until_eof) {
        if (c->in_len == 0) {
            long r = otel__fill(c);
            if (r == 0) return until_eof ? OTEL_OK : OTEL_ERR_IO;
            if (r < 0) return r;
        }
        size_t k = c->in_len;
        if (!until_eof && k > n) k = (size_t)n;
        size_t room = sizeof c->body - resp->body_len, keep = k < room ? k : room;
        memcpy(c->body + resp->body_len, c->in, keep);
        resp->body_len += keep;
        if (keep < k) resp->body_truncated = 1;
        otel__consume(c, k);
        if (!until_eof) n -= k;
    }
    return OTEL_OK;
}

static int otel__hdr_is(const char *line, const char *name, const char **value) {
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0 || line[n] != ':') return 0;
    const char *v = line + n + 1;
    while (*v == ' ' || *v == '\t') v++;
    *value = v;
    return 1;
}

/* "HTTP/1.<minor> <code>", then a space and the reason or nothing: the
   code (100 - 599), or -1 for anything else, another HTTP version too */
static int otel__http_status_line(const char *l, int *minor) {
    if (strncmp(l, "HTTP/1.", 7) != 0 || l[7] < '0' || l[7] > '9' || l[8] != ' ') return -1;
    int code = 0;
    for (int i = 9; i < 12; i++) {
        if (l[i] < '0' || l[i] > '9') return -1;
        code = code * 10 + (l[i] - '0');
    }
    if (l[12] != ' ' && l[12] != 0) return -1;
    *minor = l[7] - '0';
    return code >= 100 && code <= 599 ? code : -1;
}
/* reads a whole response; a status other than 2xx is not an error here */
static int otel__http_read_response(otel__http_client *c, otel__http_response *resp, int *keep_alive) {
    char line[OTEL__HTTP_MAX_HEAD];
    for (;;) {   /* 1xx interim responses are skipped */
        long n = otel__read_line(c, line, sizeof line);
        if (n < 0) return (int)n;
        int minor = 0, status = otel__http_status_line(line, &minor);
        if (status < 0) return OTEL_ERR_PROTOCOL;
        *keep_alive = minor >= 1;
        uint64_t content_length = 0;
        int have_length = 0, chunked = 0;
        size_t head_bytes = (size_t)n;
        resp->status = status;
        resp->retry_after_ms = -1;
        resp->content_type[0] = 0;
        for (;;) {
            n = otel__read_line(c, line, sizeof line);
            if (n < 0) return (int)n;
            head_bytes += (size_t)n + 2;
            if (head_bytes > OTEL__HTTP_MAX_HEAD) return OTEL_ERR_TOO_LARGE;
            if (n == 0) break;
            const char *v;
            if (otel__hdr_is(line, "content-length", &v)) {
                char *end;
                errno = 0;
                unsigned long long x = strtoull(v, &end, 10);
                if (errno || end == v || (have_length && x != content_length)) return OTEL_ERR_PROTOCOL;
                content_length = x; have_length = 1;
            } else if (otel__hdr_is(line, "transfer-encoding", &v)) {
                chunked = otel__icontains(v, strlen(v), "chunked", 7);
            } else if (otel__hdr_is(line, "connection", &v)) {
                if (otel__icontains(v, strlen(v), "close", 5)) *keep_alive = 0;
                else if (otel__icontains(v, strlen(v), "keep-alive", 10)) *keep_alive = 1;
            } else if (otel__hdr_is(line, "retry-after", &v)) {
                resp->retry_after_ms = otel__parse_retry_after(v, (int64_t)(otel__now_ns() / 1000000000u));
            } else if (otel__hdr_is(line, "content-type", &v)) {
                size_t k = strlen(v) < sizeof resp->content_type - 1 ? strlen(v) : sizeof resp->content_type - 1;
                memcpy(resp->content_type, v, k);
                resp->content_type[k] = 0;
            }
        }
        if (status < 200) continue;
        resp->body_len = 0;
        resp->body_truncated = 0;
        resp->body = c->body;
        long r = OTEL_OK;
        if (status == 204 || status == 304) {
            /* no body */
        } else if (chunked) {
            for (;;) {
                n = otel__read_line(c, line, sizeof line);
                if (n < 0) return (int)n;
                char *end;
                errno = 0;
                unsigned long long sz = strtoull(line, &end, 16);
                if (errno || end == line || (*end && *end != ';' && *end != ' ' && *end != '\t')) return OTEL_ERR_PROTOCOL;
                if (sz == 0) break;
                if (sz > (1ull << 32)) return OTEL_ERR_TOO_LARGE;
                r = otel__read_body(c, resp, sz, 0);
                if (r < 0) return (int)r;
                n = otel__read_line(c, line, sizeof line);
                if (n != 0) return n < 0 ? (int)n : OTEL_ERR_PROTOCOL;
            }
            do {   /* trailers */
                n = otel__read_line(c, line, sizeof line);
                if (n < 0) return (int)n;
            } while (n > 0);
        } else if (have_length) {
            if (content_length > 64ull * 1024 * 1024) return OTEL_ERR_TOO_LARGE;
            r = otel__read_body(c, resp, content_length, 0);
        } else {
            *keep_alive = 0;
            r = otel__read_body(c, resp, 0, 1);
        }
        if (r < 0) return (int)r;
        return OTEL_OK;
    }
}

/* the exporter's User-Agent, in the form the OTLP exporter specification gives */
#define OTEL__USER_AGENT "OTel-OTLP-Exporter-C/" OTEL_VERSION_STRING

/* Bytes a server sent that are an HTTP/2 server's first frame (SETTINGS on
   stream 0), where an HTTP/1.1 status line was expected: an OTLP/HTTP
   exporter pointed at a gRPC port. Warns once in a while, saying what to set. */
static void otel__http_wrong_protocol(const otel__http_client *c) {
    const unsigned char *p = c->in;
    if (c->in_len >= 9 && p[0] == 0 && p[3] == 0x04 && (p[4] & 0xfe) == 0 && !(p[5] | p[6] | p[7] | p[8]))
        OTEL__WARN("%.200s:%s answered in HTTP/2, as a gRPC server does: set OTEL_EXPORTER_OTLP_PROTOCOL=grpc, "
                   "or use the server's OTLP/HTTP port (4318)", c->url.host, c->url.port);
}

/* The request head into c->head; its length, or 0 when it does not fit.
   Every request of a client has the same head but for the body's length,
   which goes last: the rest is formatted once, and again only when the
   content type, encoding or extra headers (the channel's, fixed at init)
   are others. */
static int otel__http_head(otel__http_client *c, const char *content_type, const char *content_encoding,
                           const otel__http_header *extra, size_t n_extra, size_t body_len) {
    if (!c->head_pre || c->head_ct != content_type || c->head_ce != content_encoding || c->head_extra != (const void *)extra ||
        c->head_nextra != n_extra) {
        c->head_pre = 0;
        int default_port = strcmp(c->url.port, c->url.https ? "443" : "80") == 0;
        int hn = snprintf(c->head, sizeof c->head,
                          "POST %s HTTP/1.1\r\nHost: %s%s%s%s%s\r\nUser-Agent: " OTEL__USER_AGENT "\r\nContent-Type: %s\r\n%s%s%s",
                          c->url.path, c->url.ipv6_literal ? "[" : "", c->url.host, c->url.ipv6_literal ? "]" : "",
                          default_port ? "" : ":", default_port ? "" : c->url.port, content_type,
                          content_encoding ? "Content-Encoding: " : "", content_encoding ? content_encoding : "",
                          content_encoding ? "\r\n" : "");
        for (size_t i = 0; i < n_extra && hn > 0 && (size_t)hn < sizeof c->head; i++)
            hn += snprintf(c->head + hn, sizeof c->head - (size_t)hn, "%s: %s\r\n", extra[i].name, extra[i].value);
        if (hn <= 0 || (size_t)hn >= sizeof c->head) return 0;
        c->head_pre = (size_t)hn;
        c->head_ct = content_type; c->head_ce = content_encoding; c->head_extra = extra; c->head_nextra = n_extra;
    }
    char digits[24];
    size_t nd = 0;
    do { digits[nd++] = (char)('0' + body_len % 10); body_len /= 10; } while (body_len);
    static const char cl[] = "Content-Length: ";
    size_t at = c->head_pre;
    if (at + sizeof cl - 1 + nd + 4 >= sizeof c->head) return 0;
    memcpy(c->head + at, cl, sizeof cl - 1);
    at += sizeof cl - 1;
    while (nd) c->head[at++] = digits[--nd];
    memcpy(c->head + at, "\r\n\r\n", 4);
    return (int)(at + 4);
}

static int otel__http_post(otel__http_client *c, const char *content_type, const char *content_encoding,
                           const otel__http_header *extra, size_t n_extra, const void *body, size_t body_len,
                           int timeout_ms, otel__http_response *resp) {
    memset(resp, 0, sizeof *resp);
    resp->retry_after_ms = -1;
    c->deadline = otel__mono_ns() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1) * 1000000u;
    c->eof = 0;
    int hn = otel__http_head(c, content_type, content_encoding, extra, n_extra, body_len);
    if (hn <= 0) return OTEL_ERR_TOO_LARGE;

    for (int attempt = 0; attempt < 2; attempt++) {
        int fresh = c->fd < 0;
        resp->sent = 0;
        if (fresh) {
            int rc = otel__tcp_connect(c);
#ifndef OTEL_NO_TLS
            if (rc == OTEL_OK && c->url.https) rc = otel__tls_handshake(c);
#endif
            if (rc != OTEL_OK) { otel__http_disconnect(c); return rc; }
        }
        long w;
        if (otel__tls_live(c)) {
            w = otel__conn_write_more(c, c->head, (size_t)hn, body_len > 0);
            if (w >= 0) w = otel__conn_write(c, body, body_len);
        } else {   /* head and body in one system call */
            struct iovec v[2] = {{c->head, (size_t)hn}, {(void *)(uintptr_t)body, body_len}};
            w = otel__sock_sendv(c, v, body_len ? 2 : 1);
        }
        /* the answer takes a round trip: wait for it before the first read,
           rather than after a read that finds nothing */
        if (w >= 0 && c->in_len == 0 && !otel__tls_live(c)) (void)otel__wait_fd(c->fd, POLLIN, c->deadline);
        if (w < 0) {
            otel__http_disconnect(c);
            if (!fresh && w != OTEL_ERR_TIMEOUT) continue;   /* the server closed an idle connection */
            return (int)w;
        }
        int keep = 0;
        size_t before = c->in_len;
        int rc = otel__http_read_response(c, resp, &keep);
        if (rc != OTEL_OK) {
            int nothing_came = before == 0 && c->in_len == 0 && resp->status == 0;
            if (resp->status == 0) otel__http_wrong_protocol(c);
            resp->sent = otel__peer_has_all(c);
            resp->closed = c->eof;
            otel__http_disconnect(c);
            if (!fresh && nothing_came && rc != OTEL_ERR_TIMEOUT) continue;
            resp->status = 0;
            return rc;
        }
        if (!keep) otel__http_disconnect(c);
        return OTEL_OK;
    }
    return OTEL_ERR_IO;
}

/* >> transport: HTTP/2 and gRPC */
/* ==== transport: HTTP/2 and HPACK ==== */
#ifndef OTEL_NO_GRPC
/* Just enough HTTP/2 (RFC 9113) for unary gRPC calls, several at a time on
   streams of one kept connection (a signal's sender thread). Requests use
   literal header fields only, so there is no encoder state to keep in step
   with the peer;
   responses are decoded in full (RFC 7541), since servers use all of HPACK.
   Every buffer is sized here or allocated with the channel, never per call. */
#define OTEL__HPACK_TABLE 4096u     /* our SETTINGS_HEADER_TABLE_SIZE: the default, so nothing to announce */
#define OTEL__HPACK_ENTRIES (OTEL__HPACK_TABLE / 32u)   /* each entry counts at least 32 */
#define OTEL__HPACK_STR 8192u       /* longest decoded name or value */
#define OTEL__H2_MAX_FRAME 16384u   /* the SETTINGS_MAX_FRAME_SIZE we accept: the default */
#define OTEL__H2_WINDOW 65535       /* initial windows before any SETTINGS */
#define OTEL__H2_GATHER 32          /* DATA frames per gathered write (512 KiB at 16 KiB frames) */
#define OTEL__H2_GOAWAY_GRACE_MS 1000   /* after a GOAWAY, a call that has heard nothing goes again after this */
#ifndef OTEL_GRPC_MAX_HEADER_BLOCK
#define OTEL_GRPC_MAX_HEADER_BLOCK (64u * 1024u)   /* response header block, announced as MAX_HEADER_LIST_SIZE */
#endif
/* a frame's payload is read into the HTTP/1.1 client's input buffer */
typedef char otel__h2_frame_fits[OTEL__HTTP_MAX_HEAD >= OTEL__H2_MAX_FRAME ? 1 : -1];

enum { OTEL__H2_DATA = 0, OTEL__H2_HEADERS = 1, OTEL__H2_PRIORITY = 2, OTEL__H2_RST_STREAM = 3, OTEL__H2_SETTINGS = 4,
       OTEL__H2_PUSH_PROMISE = 5, OTEL__H2_PING = 6, OTEL__H2_GOAWAY = 7, OTEL__H2_WINDOW_UPDATE = 8,
       OTEL__H2_CONTINUATION = 9 };
enum { OTEL__H2_END_STREAM = 0x1, OTEL__H2_ACK = 0x1, OTEL__H2_END_HEADERS = 0x4, OTEL__H2_PADDED = 0x8,
       OTEL__H2_PRIO = 0x20 };

typedef void (*otel__hpack_fn)(void *user, const unsigned char *name, size_t nl, const unsigned char *value, size_t vl);

typedef struct otel__hpack {
    uint32_t limit;                 /* the table size the encoder last set (<= OTEL__HPACK_TABLE) */
    uint32_t size;                  /* as RFC 7541 counts it: lengths + 32 per entry */
    uint32_t n, used;               /* entries; bytes of data[] in use */
    uint16_t nlen[OTEL__HPACK_ENTRIES], vlen[OTEL__HPACK_ENTRIES];   /* oldest first */
    unsigned char data[OTEL__HPACK_TABLE];
    uint16_t hcount[31], hsym[257]; /* canonical Huffman code: symbols per length, symbols in code order */
    unsigned char name[OTEL__HPACK_STR], value[OTEL__HPACK_STR];
} otel__hpack;

/* RFC 7541 Appendix A */
static const char *const otel__hpack_static[61][2] = {
    {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
    {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
    {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
    {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""}, {"cache-control", ""},
    {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""}, {"content-length", ""},
    {"content-location", ""}, {"content-range", ""}, {"content-type", ""}, {"cookie", ""}, {"date", ""},
    {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""}, {"if-match", ""},
    {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""}, {"if-unmodified-since", ""},
    {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""}, {"proxy-authenticate", ""},
    {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""}, {"retry-after", ""},
    {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""}, {"transfer-encoding", ""},
    {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""}};

/* The Huffman code of RFC 7541 Appendix B is canonical, so the code
   length of each symbol (0..255, then EOS) defines it: 'a' = 5 bits ... 'z' = 30. */
static const char otel__huff_len[] =
    "isxxxxxxxtzxxzxxxxxxxxzxxxxxxxxxbffhibdgffdgdbbbaaabbbbbbbcdkbhfibccccccccccccccccccccccdcdioijbkababab"
    "bbaccbbbabcbaabccccckgjixprpprrrsrssssststtrstssssqrsrsstrqprrssqsrrtqrssqqrqsrssprrrsrrsvvporsruvvvwwv"
    "tuoqvwwvwtqqvvxwwwptpqrqqsrruuttvsvwvvwwwwwxwwwwwvz";
typedef char otel__huff_len_complete[sizeof otel__huff_len == 258 ? 1 : -1];

static void otel__hpack_init(otel__hpack *h) {
    uint16_t at[31];
    memset(h->hcount, 0, sizeof h->hcount);
    for (int s = 0; s < 257; s++) h->hcount[otel__huff_len[s] - 'a' + 5]++;
    at[0] = 0;
    for (int l = 1; l < 31; l++) at[l] = (uint16_t)(at[l - 1] + h->hcount[l - 1]);
    for (int s = 0; s < 257; s++) h->hsym[at[otel__huff_len[s] - 'a' + 5]++] = (uint16_t)s;
    h->limit = OTEL__HPACK_TABLE;
    h->size = h->n = h->used = 0;
}

/* returns the decoded length, or an error for a bad code, EOS inside the
   string, or padding that is longer than 7 bits or not all ones */
static long otel__huff_decode(const otel__hpack *h, const unsigned char *p, size_t n, unsigned char *out, size_t cap) {
    size_t o = 0;
    int32_t code = 0, first = 0, index = 0;
    int len = 1, bits = 0, ones = 1;
    for (size_t i = 0; i < n; i++) {
        for (int k = 7; k >= 0; k--) {
            int b = (p[i] >> k) & 1;
            code |= b;
            bits++;
            ones &= b;
            int32_t count = h->hcount[len];
            if (code - first < count && code >= first) {
                uint16_t sym = h->hsym[index + (code - first)];
                if (sym == 256) return OTEL_ERR_PROTOCOL;
                if (o >= cap) return OTEL_ERR_TOO_LARGE;
                out[o++] = (unsigned char)sym;
                code = first = index = 0;
                len = 1; bits = 0; ones = 1;
                continue;
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
            if (++len > 30) return OTEL_ERR_PROTOCOL;
        }
    }
    if (bits > 7 || !ones) return OTEL_ERR_PROTOCOL;
    return (long)o;
}

/* an integer with an N-bit prefix; values past 2^28 are refused */
static int otel__hpack_int(const unsigned char **pp, const unsigned char *end, int prefix, uint32_t *out) {
    const unsigned char *p = *pp;
    if (p >= end) return OTEL_ERR_PROTOCOL;
    uint32_t max = (1u << prefix) - 1, v = *p++ & max;
    if (v == max) {
        for (int shift = 0;; shift += 7) {
            if (p >= end || shift > 21) return OTEL_ERR_PROTOCOL;
            uint32_t b = *p++;
            v += (b & 0x7fu) << shift;
            if (!(b & 0x80)) break;
        }
    }
    *pp = p;
    *out = v;
    return OTEL_OK;
}

static int otel__hpack_str(const otel__hpack *h, const unsigned char **pp, const unsigned char *end, unsigned char *out,
                           size_t *outlen) {
    if (*pp >= end) return OTEL_ERR_PROTOCOL;
    int huff = **pp & 0x80;
    uint32_t n;
    int rc = otel__hpack_int(pp, end, 7, &n);
    if (rc != OTEL_OK) return rc;
    if (n > (size_t)(end - *pp)) return OTEL_ERR_PROTOCOL;
    if (huff) {
        long r = otel__huff_decode(h, *pp, n, out, OTEL__HPACK_STR);
        if (r < 0) return (int)r;
        *outlen = (size_t)r;
    } else {
        if (n > OTEL__HPACK_STR) return OTEL_ERR_TOO_LARGE;
        memcpy(out, *pp, n);
        *outlen = n;
    }
    *pp += n;
    return OTEL_OK;
}

static int otel__hpack_get(const otel__hpack *h, uint32_t idx, const unsigned char **name, size_t *nl,
                           const unsigned char **value, size_t *vl) {
    if (idx == 0) return OTEL_ERR_PROTOCOL;
    if (idx <= 61) {
        *name = (const unsigned char *)otel__hpack_static[idx - 1][0];
        *nl = strlen(otel__hpack_static[idx - 1][0]);
        *value = (const unsigned char *)otel__hpack_static[idx - 1][1];
        *vl = strlen(otel__hpack_static[idx - 1][1]);
        return OTEL_OK;
    }
    if (idx - 62 >= h->n) return OTEL_ERR_PROTOCOL;
    uint32_t j = h->n - 1 - (idx - 62);   /* 62 is the newest */
    size_t off = 0;
    for (uint32_t i = 0; i < j; i++) off += (size_t)h->nlen[i] + h->vlen[i];
    *name = h->data + off;
    *nl = h->nlen[j];
    *value = h->data + off + h->nlen[j];
    *vl = h->vlen[j];
    return OTEL_OK;
}

/* drops the oldest entries until `room` more fits under the limit */
static void otel__hpack_evict(otel__hpack *h, uint32_t room) {
    while (h->n && h->size + room > h->limit) {
        size_t e = (size_t)h->nlen[0] + h->vlen[0];
        memmove(h->data, h->data + e, h->used - e);
        memmove(h->nlen, h->nlen + 1, (h->n - 1) * sizeof h->nlen[0]);
        memmove(h->vlen, h->vlen + 1, (h->n - 1) * sizeof h->vlen[0]);
        h->used -= (uint32_t)e;
        h->size -= (uint32_t)e + 32u;
        h->n--;
    }
}

/* name and value must not point into the table: eviction moves it */
static void otel__hpack_add(otel__hpack *h, const unsigned char *name, size_t nl, const unsigned char *value, size_t vl) {
    size_t s = nl + vl + 32u;
    if (s > h->limit) { h->n = h->size = h->used = 0; return; }   /* RFC 7541 4.4: an empty table */
    otel__hpack_evict(h, (uint32_t)s);
    memcpy(h->data + h->used, name, nl);
    memcpy(h->data + h->used + nl, value, vl);
    h->nlen[h->n] = (uint16_t)nl;
    h->vlen[h->n] = (uint16_t)vl;
    h->n++;
    h->used += (uint32_t)(nl + vl);
    h->size += (uint32_t)s;
}

/* Decodes one complete header block, calling fn for each field. An error
   leaves the table out of step with the peer's: the connection must go. */
static int otel__hpack_decode(otel__hpack *h, const unsigned char *p, size_t len, otel__hpack_fn fn, void *user) {
    const unsigned char *end = p + len;
    int fields = 0, rc;
    while (p < end) {
        unsigned b = *p;
        uint32_t v;
        const unsigned char *name, *value;
        size_t nl, vl;
        if (b & 0x80) {                          /* indexed field */
            if ((rc = otel__hpack_int(&p, end, 7, &v)) != OTEL_OK) return rc;
            if ((rc = otel__hpack_get(h, v, &name, &nl, &value, &vl)) != OTEL_OK) return rc;
            fn(user, name, nl, value, vl);
            fields++;
        } else if ((b & 0xe0) == 0x20) {         /* table size update: only before the first field */
            if ((rc = otel__hpack_int(&p, end, 5, &v)) != OTEL_OK) return rc;
            if (fields || v > OTEL__HPACK_TABLE) return OTEL_ERR_PROTOCOL;
            h->limit = v;
            otel__hpack_evict(h, 0);
        } else {                                 /* literal: indexed (01), without (0000) or never (0001) */
            int indexing = (b & 0x40) != 0;
            if ((rc = otel__hpack_int(&p, end, indexing ? 6 : 4, &v)) != OTEL_OK) return rc;
            if (v) {
                const unsigned char *tv;
                size_t tvl;
                if ((rc = otel__hpack_get(h, v, &name, &nl, &tv, &tvl)) != OTEL_OK) return rc;
                memcpy(h->name, name, nl);   /* fits: table entries are shorter than OTEL__HPACK_STR */
            } else if ((rc = otel__hpack_str(h, &p, end, h->name, &nl)) != OTEL_OK) {
                return rc;
            }
            if ((rc = otel__hpack_str(h, &p, end, h->value, &vl)) != OTEL_OK) return rc;
            if (indexing) otel__hpack_add(h, h->name, nl, h->value, vl);
            fn(user, h->name, nl, h->value, vl);
            fields++;
        }
    }
    return OTEL_OK;
}

static size_t otel__hpack_put_int(unsigned char *o, unsigned first, int prefix, uint32_t v) {
    uint32_t max = (1u << prefix) - 1;
    if (v < max) { o[0] = (unsigned char)(first | v); return 1; }
    size_t n = 1;
    o[0] = (unsigned char)(first | max);
    for (v -= max; v >= 128; v >>= 7) o[n++] = (unsigned char)((v & 0x7f) | 0x80);
    o[n++] = (unsigned char)v;
    return n;
}

/* a literal field without indexing: the name from the static table
   (name_idx > 0) or spelled out; 0 when it does not fit */
static size_t otel__hpack_put_field(unsigned char *o, size_t cap, uint32_t name_idx, const char *name, const char *value,
                                    size_t vl) {
    size_t nl = name_idx ? 0 : strlen(name), n;
    if (nl + vl + 16 > cap) return 0;
    n = otel__hpack_put_int(o, 0x00, 4, name_idx);
    if (!name_idx) {
        n += otel__hpack_put_int(o + n, 0x00, 7, (uint32_t)nl);
        for (size_t i = 0; i < nl; i++) o[n++] = (unsigned char)otel__lower((unsigned char)name[i]);   /* HTTP/2 names are lowercase */
    }
    n += otel__hpack_put_int(o + n, 0x00, 7, (uint32_t)vl);
    memcpy(o + n, value, vl);
    return n + vl;
}

/* one call: its stream, what is left to send, and its outcome */
enum { OTEL__H2C_FREE = 0, OTEL__H2C_QUEUED, OTEL__H2C_SENDING, OTEL__H2C_WAITING, OTEL__H2C_DONE };
#define OTEL__H2_CALLS 16           /* calls in flight at most (OTEL_GRPC_CALLS <= OTEL_EXPORT_BUFFERS <= 16) */
typedef struct otel__h2_call {
    int state;                      /* OTEL__H2C_* */
    uint32_t sid;                   /* its stream (QUEUED: none yet) */
    const unsigned char *body;      /* the message; total = the 5-byte prefix + it */
    size_t total, sent;
    unsigned char prefix[5];
    int sig, gzip, timeout_ms, tries, fresh;
    uint64_t deadline, seq;         /* seq: calls get their streams in this order */
    int64_t win;                    /* what we may still send on the stream */
    uint32_t in_stream;             /* DATA bytes received and not yet handed back by WINDOW_UPDATE */
    int rc;                         /* DONE: OTEL_OK (an outcome below) or the transport error */
    int done, reset, blocks, got_data, sent_end, body_truncated;   /* ended; by RST_STREAM; header blocks seen */
    int closed;                     /* the server closed the connection before the answer */
    uint32_t reset_code;
    int http_status, grpc_status;   /* -1: none */
    int64_t retry_ms;               /* RetryInfo delay, -1: none */
    char message[256];              /* grpc-message, percent-decoded */
    unsigned char *rbuf;            /* its share of io->body: the response message */
    size_t rcap, body_len;
    struct otel__h2 *h;
} otel__h2_call;

/* the connection, and the calls on it */
typedef struct otel__h2 {
    otel__http_client *io;          /* the socket, TLS and read buffer (the channel's) */
    int ready;                      /* preface sent on io's current connection */
    int settings_seen, goaway;
    uint32_t goaway_last, next_sid;
    uint64_t goaway_ns;             /* when the first GOAWAY came */
    uint32_t peer_streams;          /* the peer's MAX_CONCURRENT_STREAMS */
    unsigned ncall;                 /* calls in flight at most (<= OTEL__H2_CALLS) */
    unsigned completed;             /* calls answered on this connection */
    int wake;                       /* readable when the sender has a new call (-1: none) */
    int wake_armed;                 /* (atomic) the sender waits with wake among its descriptors: a new call writes it a byte */
    unsigned posts, taken;          /* calls handed to the sender (atomic: the poster's) and taken by it */
    const otel__http_header *extra; size_t n_extra;   /* the metadata of every call */
    int64_t conn_win;               /* what we may still send on the connection */
    uint32_t peer_win, peer_frame;  /* the peer's INITIAL_WINDOW_SIZE, MAX_FRAME_SIZE */
    uint32_t in_conn;               /* DATA bytes received and not yet handed back */
    size_t hlen;
    otel__h2_call call[OTEL__H2_CALLS];
    unsigned char hblock[OTEL_GRPC_MAX_HEADER_BLOCK];
    unsigned char out[9 + 8192];    /* a request's HEADERS frame: its 9-byte header, then the block */
    unsigned char hc[8192];         /* the block's fields but grpc-timeout, for the calls like the last (otel__grpc_headers) */
    size_t hc_len, hc_before, hc_n_extra;
    int hc_sig, hc_gzip;
    const otel__http_header *hc_extra;
    const otel__http_client *hc_io;
    unsigned char fh[OTEL__H2_GATHER][9 + 5];   /* the DATA frames' headers (the first with the gRPC prefix) */
    struct iovec gv[1 + 2 * OTEL__H2_GATHER];   /* the round's frames gathered: gn pieces, gf of fh[] used, */
    int gn, gf, gh;                             /* gh: h->out's HEADERS frame among them */
    unsigned char stage[OTEL__H2_MAX_FRAME];    /* TLS: small pieces joined into full records */
    unsigned char details[4096];    /* grpc-status-details-bin, decoded */
    otel__hpack hp;
} otel__h2;

/* a frame's 9-byte header */
static void otel__h2_put_fh(unsigned char *b, size_t n, int type, int flags, uint32_t sid) {
    b[0] = (unsigned char)(n >> 16); b[1] = (unsigned char)(n >> 8); b[2] = (unsigned char)n;
    b[3] = (unsigned char)type; b[4] = (unsigned char)flags;
    b[5] = (unsigned char)((sid >> 24) & 0x7f); b[6] = (unsigned char)(sid >> 16);
    b[7] = (unsigned char)(sid >> 8); b[8] = (unsigned char)sid;
}

/* a control frame (payload <= 64 bytes) in one write: one TLS record */
static int otel__h2_frame(otel__h2 *h, int type, int flags, uint32_t sid, const void *p, size_t n) {
    unsigned char b[9 + 64];
    if (n > 64) return OTEL_ERR_TOO_LARGE;
    otel__h2_put_fh(b, n, type, flags, sid);
    if (n) memcpy(b + 9, p, n);
    long w = otel__conn_write(h->io, b, 9 + n);
    return w < 0 ? (int)w : OTEL_OK;
}

/* The pieces v[0..n) written in order, as one: on a plain socket with as
   few sendmsg calls as the socket buffer allows, over TLS joined into
   records of up to a frame (h->stage) rather than a record per piece. */
static long otel__h2_writev(otel__h2 *h, struct iovec *v, int n) {
    otel__http_client *c = h->io;
#ifndef OTEL_NO_TLS
    if (c->ssl_live) {
        size_t st = 0;
        for (int i = 0; i < n; i++) {
            const unsigned char *p = (const unsigned char *)v[i].iov_base;
            size_t len = v[i].iov_len;
            while (len > 0) {
                size_t k = sizeof h->stage - st < len ? sizeof h->stage - st : len;
                memcpy(h->stage + st, p, k);
                st += k; p += k; len -= k;
                if (st == sizeof h->stage) {
                    long w = otel__conn_write(c, h->stage, st);
                    if (w < 0) return w;
                    st = 0;
                }
            }
        }
        long w = st ? otel__conn_write(c, h->stage, st) : 0;
        return w < 0 ? w : (long)OTEL_OK;
    }
#endif
    return otel__sock_sendv(c, v, n);
}

static int otel__h2_window_update(otel__h2 *h, uint32_t sid, uint32_t inc) {
    unsigned char b[4] = {(unsigned char)((inc >> 24) & 0x7f), (unsigned char)(inc >> 16), (unsigned char)(inc >> 8),
                          (unsigned char)inc};
    return otel__h2_frame(h, OTEL__H2_WINDOW_UPDATE, 0, sid, b, 4);
}

static int otel__h2_need(otel__http_client *c, size_t n) {
    while (c->in_len < n) {
        long r = otel__fill(c);
        if (r == 0) return OTEL_ERR_IO;   /* the peer closed the connection */
        if (r < 0) return (int)r;
    }
    return OTEL_OK;
}

typedef struct otel__h2_fh { uint32_t len, sid; int type, flags; } otel__h2_fh;

/* the next frame: its payload is io->in[0..len) until otel__consume */
static int otel__h2_read_frame(otel__h2 *h, otel__h2_fh *f) {
    otel__http_client *c = h->io;
    int rc = otel__h2_need(c, 9);
    if (rc != OTEL_OK) return rc;
    f->len = (uint32_t)c->in[0] << 16 | (uint32_t)c->in[1] << 8 | c->in[2];
    f->type = c->in[3];
    f->flags = c->in[4];
    f->sid = ((uint32_t)c->in[5] << 24 | (uint32_t)c->in[6] << 16 | (uint32_t)c->in[7] << 8 | c->in[8]) & 0x7fffffffu;
    if (f->len > OTEL__H2_MAX_FRAME) return OTEL_ERR_PROTOCOL;   /* FRAME_SIZE_ERROR */
    otel__consume(c, 9);
    return otel__h2_need(c, f->len);
}

/* 1 when a whole frame is already in io->in (reading it will not wait) */
static int otel__h2_buffered(const otel__http_client *c) {
    return c->in_len >= 9 && c->in_len - 9 >= ((size_t)c->in[0] << 16 | (size_t)c->in[1] << 8 | c->in[2]);
}

/* padding (and priority) removed; 0 or a protocol error */
static int otel__h2_unpad(const otel__h2_fh *f, const unsigned char *p, size_t *off, size_t *len) {
    size_t o = 0, n = f->len, pad = 0;
    if (f->flags & OTEL__H2_PADDED) {
        if (n < 1) return OTEL_ERR_PROTOCOL;
        pad = p[0];
        o = 1;
    }
    if (f->type == OTEL__H2_HEADERS && (f->flags & OTEL__H2_PRIO)) o += 5;
    if (o + pad > n) return OTEL_ERR_PROTOCOL;
    *off = o;
    *len = n - o - pad;
    return OTEL_OK;
}

static void otel__h2_ignore_field(void *user, const unsigned char *n, size_t nl, const unsigned char *v, size_t vl) {
    (void)user; (void)n; (void)nl; (void)v; (void)vl;
}
static void otel__grpc_field(void *user, const unsigned char *n, size_t nl, const unsigned char *v, size_t vl);

static int otel__h2_settings(otel__h2 *h, const unsigned char *p, size_t n) {
    if (n % 6) return OTEL_ERR_PROTOCOL;
    for (size_t i = 0; i < n; i += 6) {
        unsigned id = (unsigned)p[i] << 8 | p[i + 1];
        uint32_t v = (uint32_t)p[i + 2] << 24 | (uint32_t)p[i + 3] << 16 | (uint32_t)p[i + 4] << 8 | p[i + 5];
        if (id == 2 && v > 1) return OTEL_ERR_PROTOCOL;                        /* ENABLE_PUSH */
        if (id == 3) h->peer_streams = v;                                    /* MAX_CONCURRENT_STREAMS */
        if (id == 4) {                                                       /* INITIAL_WINDOW_SIZE */
            if (v > 0x7fffffffu) return OTEL_ERR_PROTOCOL;                   /* FLOW_CONTROL_ERROR */
            for (unsigned k = 0; k < h->ncall; k++)
                if (h->call[k].state == OTEL__H2C_SENDING || h->call[k].state == OTEL__H2C_WAITING)
                    h->call[k].win += (int64_t)v - (int64_t)h->peer_win;
            h->peer_win = v;
        }
        if (id == 5) {                                                       /* MAX_FRAME_SIZE */
            if (v < 16384 || v > 16777215) return OTEL_ERR_PROTOCOL;
            h->peer_frame = v;
        }
        /* HEADER_TABLE_SIZE concerns an encoder's table, and ours has none */
    }
    h->settings_seen = 1;
    return otel__h2_frame(h, OTEL__H2_SETTINGS, OTEL__H2_ACK, 0, NULL, 0);
}

/* the open call on stream sid that has not ended, or NULL */
static otel__h2_call *otel__h2_find(otel__h2 *h, uint32_t sid) {
    for (unsigned k = 0; sid && k < h->ncall; k++) {
        otel__h2_call *s = &h->call[k];
        if (s->sid == sid && !s->done && (s->state == OTEL__H2C_SENDING || s->state == OTEL__H2C_WAITING)) return s;
    }
    return NULL;
}

/* Reads and handles one frame (with its CONTINUATIONs), for the call whose
   stream it names. Any error is a connection error: the caller drops the
   connection. */
static int otel__h2_pump(otel__h2 *h) {
    otel__http_client *c = h->io;
    otel__h2_fh f;
    int rc = otel__h2_read_frame(h, &f);
    if (rc != OTEL_OK) return rc;
    const unsigned char *p = c->in;
    otel__h2_call *s = otel__h2_find(h, f.sid);
    size_t off = 0, len = 0;
    switch (f.type) {
    case OTEL__H2_DATA:
        if (f.sid == 0 || (rc = otel__h2_unpad(&f, p, &off, &len)) != OTEL_OK) return OTEL_ERR_PROTOCOL;
        if (s) {
            size_t room = s->rcap - s->body_len, keep = len < room ? len : room;
            memcpy(s->rbuf + s->body_len, p + off, keep);
            s->body_len += keep;
            if (keep < len) s->body_truncated = 1;
            s->got_data = 1;
            if (f.flags & OTEL__H2_END_STREAM) s->done = 1;
        }
        otel__consume(c, f.len);
        /* what was received is handed back once it is half the window, so
           the peer always has half a window to send in, and a small answer
           costs no WINDOW_UPDATE (we announce no window of our own: 65535) */
        h->in_conn += f.len;
        if (s && !s->done) s->in_stream += f.len;
        if (h->in_conn >= OTEL__H2_WINDOW / 2) {
            rc = otel__h2_window_update(h, 0, h->in_conn);
            h->in_conn = 0;
        }
        if (rc == OTEL_OK && s && !s->done && s->in_stream >= OTEL__H2_WINDOW / 2) {
            rc = otel__h2_window_update(h, f.sid, s->in_stream);
            s->in_stream = 0;
        }
        return rc;
    case OTEL__H2_HEADERS: {
        if (f.sid == 0 || (rc = otel__h2_unpad(&f, p, &off, &len)) != OTEL_OK) return OTEL_ERR_PROTOCOL;
        int flags = f.flags;
        uint32_t sid = f.sid;
        if (len > sizeof h->hblock) return OTEL_ERR_TOO_LARGE;
        memcpy(h->hblock, p + off, len);
        h->hlen = len;
        otel__consume(c, f.len);
        while (!(f.flags & OTEL__H2_END_HEADERS)) {
            if ((rc = otel__h2_read_frame(h, &f)) != OTEL_OK) return rc;
            if (f.type != OTEL__H2_CONTINUATION || f.sid != sid) return OTEL_ERR_PROTOCOL;
            if (f.len > sizeof h->hblock - h->hlen) return OTEL_ERR_TOO_LARGE;
            memcpy(h->hblock + h->hlen, c->in, f.len);
            h->hlen += f.len;
            otel__consume(c, f.len);
        }
        /* (a stream we gave up on still updates the decoder's table) */
        rc = otel__hpack_decode(&h->hp, h->hblock, h->hlen, s ? otel__grpc_field : otel__h2_ignore_field, s);
        if (rc != OTEL_OK) return rc;
        if (s) {
            s->blocks++;
            if (flags & OTEL__H2_END_STREAM) s->done = 1;
        }
        return OTEL_OK;
    }
    case OTEL__H2_RST_STREAM:
        if (f.len != 4 || f.sid == 0) return OTEL_ERR_PROTOCOL;
        if (s) {
            s->reset = s->done = 1;
            s->reset_code = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        }
        break;
    case OTEL__H2_SETTINGS:
        if (f.sid != 0 || ((f.flags & OTEL__H2_ACK) && f.len)) return OTEL_ERR_PROTOCOL;
        if (!(f.flags & OTEL__H2_ACK)) rc = otel__h2_settings(h, p, f.len);   /* writing leaves io->in alone */
        otel__consume(c, f.len);
        return rc;
    case OTEL__H2_PING:
        if (f.len != 8 || f.sid != 0) return OTEL_ERR_PROTOCOL;
        if (!(f.flags & OTEL__H2_ACK)) rc = otel__h2_frame(h, OTEL__H2_PING, OTEL__H2_ACK, 0, p, 8);
        otel__consume(c, f.len);
        return rc;
    case OTEL__H2_GOAWAY:
        if (f.len < 8 || f.sid != 0) return OTEL_ERR_PROTOCOL;
        if (!h->goaway) h->goaway_ns = otel__mono_ns();
        h->goaway = 1;
        h->goaway_last = ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]) & 0x7fffffffu;
        break;
    case OTEL__H2_WINDOW_UPDATE: {
        if (f.len != 4) return OTEL_ERR_PROTOCOL;
        uint32_t inc = ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]) & 0x7fffffffu;
        if (f.sid == 0) {
            if (inc == 0 || h->conn_win + inc > 0x7fffffff) return OTEL_ERR_PROTOCOL;
            h->conn_win += inc;
        } else if (s) {
            if (inc == 0 || s->win + inc > 0x7fffffff) return OTEL_ERR_PROTOCOL;
            s->win += inc;
        }
        break;
    }
    case OTEL__H2_PUSH_PROMISE:    /* we announced ENABLE_PUSH 0 */
    case OTEL__H2_CONTINUATION:    /* only right after HEADERS */
        return OTEL_ERR_PROTOCOL;
    default:                       /* PRIORITY and unknown types are ignored */
        break;
    }
    otel__consume(c, f.len);
    return OTEL_OK;
}

/* handles what the peer sent while the connection was idle (SETTINGS, PING,
   GOAWAY, a close), without waiting */
static int otel__h2_drain(otel__h2 *h) {
    for (int i = 0; i < 64; i++) {
        int pending = h->io->in_len > 0;
#ifndef OTEL_NO_TLS
        if (h->io->ssl_live && mbedtls_ssl_get_bytes_avail(&h->io->ssl) > 0) pending = 1;
#endif
        if (!pending) {
            struct pollfd pf;
            pf.fd = h->io->fd; pf.events = POLLIN; pf.revents = 0;
            if (poll(&pf, 1, 0) <= 0) return OTEL_OK;
        }
        int rc = otel__h2_pump(h);
        if (rc != OTEL_OK) return rc;
    }
    return OTEL_OK;
}

/* TCP (and TLS with ALPN h2), the preface and our SETTINGS, then the peer's
   SETTINGS: flow control needs its initial window before DATA goes out */
static int otel__h2_start(otel__h2 *h);
static int otel__h2_connect(otel__h2 *h) {
    otel__http_client *c = h->io;
    otel__http_disconnect(c);
    h->ready = 0;
    int rc = otel__tcp_connect(c);
#ifndef OTEL_NO_TLS
    if (rc == OTEL_OK && c->url.https) {
        rc = otel__tls_handshake(c);
        const char *alpn = rc == OTEL_OK ? mbedtls_ssl_get_alpn_protocol(&c->ssl) : NULL;
        if (rc == OTEL_OK && alpn && strcmp(alpn, "h2") != 0) {
            OTEL__WARN("gRPC: %.200s offers %.16s, not HTTP/2", c->url.host, alpn);
            rc = OTEL_ERR_PROTOCOL;
        }
    }
#endif
    if (rc != OTEL_OK) return rc;
    return otel__h2_start(h);
}

/* on a connection just made: the preface, SETTINGS both ways */
static int otel__h2_start(otel__h2 *h) {
    otel__http_client *c = h->io;
    int rc;
    otel__hpack_init(&h->hp);
    h->settings_seen = h->goaway = 0;
    h->goaway_last = 0;
    h->next_sid = 1;
    h->completed = 0;
    h->peer_streams = 0xffffffffu;
    h->conn_win = OTEL__H2_WINDOW;
    h->peer_win = OTEL__H2_WINDOW;
    h->in_conn = 0;
    h->peer_frame = 16384;
    static const unsigned char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    static const unsigned char settings[] = {0, 2, 0, 0, 0, 0,   /* ENABLE_PUSH 0 */
                                             0, 6, (unsigned char)(OTEL_GRPC_MAX_HEADER_BLOCK >> 24),
                                             (unsigned char)(OTEL_GRPC_MAX_HEADER_BLOCK >> 16),
                                             (unsigned char)(OTEL_GRPC_MAX_HEADER_BLOCK >> 8),
                                             (unsigned char)OTEL_GRPC_MAX_HEADER_BLOCK};   /* MAX_HEADER_LIST_SIZE */
    long w = otel__conn_write(c, preface, sizeof preface - 1);
    if (w < 0) return (int)w;
    if ((rc = otel__h2_frame(h, OTEL__H2_SETTINGS, 0, 0, settings, sizeof settings)) != OTEL_OK) return rc;
    while (!h->settings_seen && !h->goaway)
        if ((rc = otel__h2_pump(h)) != OTEL_OK) {
            if (c->in_len >= 5 && memcmp(c->in, "HTTP/", 5) == 0)
                OTEL__WARN("%.200s:%s answered in HTTP/1.x, not HTTP/2: it is no gRPC server; set "
                           "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, or use the server's OTLP/gRPC port (4317)",
                           c->url.host, c->url.port);
            return rc;
        }
    if (h->goaway) return OTEL_ERR_CONNECT;
    h->ready = 1;
    return OTEL_OK;
}

/* The round's frames gathered into one write (h->gv): every call's DATA
   and at most one HEADERS frame (h->out) at a time, so that the sink of a
   round (the end of one request, the start of the next) reads them at
   once. A call's sent_end is set only once its last frame is written. */
static int otel__h2_flush(otel__h2 *h) {
    if (!h->gn) return OTEL_OK;
    long w = otel__h2_writev(h, h->gv, h->gn);
    h->gn = h->gf = h->gh = 0;
    if (w < 0) return (int)w;
    for (unsigned k = 0; k < h->ncall; k++) {
        otel__h2_call *s = &h->call[k];
        if (s->state == OTEL__H2C_SENDING && s->sent == s->total) s->sent_end = 1;
    }
    return OTEL_OK;
}

/* Gathers what the windows allow of a call's request, without waiting:
   with hn > 0 first its HEADERS frame (already in h->out, a block of hn
   bytes), then the 5-byte gRPC prefix and the message as DATA frames.
   Written by otel__h2_flush (here too when the gathering is full). */
static int otel__h2_send(otel__h2 *h, otel__h2_call *s, size_t hn) {
    if (hn) {
        otel__h2_put_fh(h->out, hn, OTEL__H2_HEADERS, OTEL__H2_END_HEADERS, s->sid);   /* hn < the least frame size */
        h->gv[h->gn].iov_base = h->out;
        h->gv[h->gn++].iov_len = 9 + hn;
        h->gh = 1;
    }
    int64_t win = h->conn_win < s->win ? h->conn_win : s->win;
    while (s->sent < s->total && win > 0) {
        if (h->gf == OTEL__H2_GATHER) {
            int rc = otel__h2_flush(h);
            if (rc != OTEL_OK) return rc;
        }
        size_t n = s->total - s->sent, from_prefix = 0;
        if ((int64_t)n > win) n = (size_t)win;
        if (n > h->peer_frame) n = h->peer_frame;
        unsigned char *fh = h->fh[h->gf++];
        otel__h2_put_fh(fh, n, OTEL__H2_DATA, s->sent + n == s->total ? OTEL__H2_END_STREAM : 0, s->sid);
        if (s->sent < 5) {
            from_prefix = 5 - s->sent < n ? 5 - s->sent : n;
            memcpy(fh + 9, s->prefix + s->sent, from_prefix);
        }
        h->gv[h->gn].iov_base = fh;
        h->gv[h->gn++].iov_len = 9 + from_prefix;
        if (n > from_prefix) {
            h->gv[h->gn].iov_base = (void *)(uintptr_t)(s->body + (s->sent + from_prefix - 5));
            h->gv[h->gn++].iov_len = n - from_prefix;
        }
        win -= (int64_t)n;
        h->conn_win -= (int64_t)n;
        s->win -= (int64_t)n;
        s->sent += n;
    }
    return OTEL_OK;
}
#endif /* OTEL_NO_GRPC */

/* ==== transport: gRPC ==== */
#ifndef OTEL_NO_GRPC
/* OTLP/gRPC: one unary Export call per request over otel__h2, the request
   being the protobuf the exporter already encoded, with the 5-byte gRPC
   prefix. The outcome is translated into the HTTP status the exporter loop
   acts on: 200 for OK, 503 (with the RetryInfo delay as Retry-After) for a
   retryable status, 400 for the others. */
static const char *const otel__grpc_path[3] = {"/opentelemetry.proto.collector.trace.v1.TraceService/Export",
                                               "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
                                               "/opentelemetry.proto.collector.logs.v1.LogsService/Export"};
enum { OTEL__GRPC_OK = 0, OTEL__GRPC_CANCELLED = 1, OTEL__GRPC_UNKNOWN = 2, OTEL__GRPC_DEADLINE_EXCEEDED = 4,
       OTEL__GRPC_PERMISSION_DENIED = 7, OTEL__GRPC_RESOURCE_EXHAUSTED = 8, OTEL__GRPC_ABORTED = 10,
       OTEL__GRPC_OUT_OF_RANGE = 11, OTEL__GRPC_UNIMPLEMENTED = 12, OTEL__GRPC_INTERNAL = 13,
       OTEL__GRPC_UNAVAILABLE = 14, OTEL__GRPC_DATA_LOSS = 15, OTEL__GRPC_UNAUTHENTICATED = 16 };

/* the OTLP specification's list; RESOURCE_EXHAUSTED only when the server
   said when to come back */
static int otel__grpc_retryable(int code, int has_retry_info) {
    switch (code) {
    case OTEL__GRPC_CANCELLED: case OTEL__GRPC_DEADLINE_EXCEEDED: case OTEL__GRPC_ABORTED:
    case OTEL__GRPC_OUT_OF_RANGE: case OTEL__GRPC_UNAVAILABLE: case OTEL__GRPC_DATA_LOSS:
        return 1;
    case OTEL__GRPC_RESOURCE_EXHAUSTED:
        return has_retry_info;
    default:
        return 0;
    }
}

/* gRPC's HTTP-to-status mapping, for a response that is not gRPC at all */
static int otel__grpc_from_http(int st) {
    switch (st) {
    case 400: return OTEL__GRPC_INTERNAL;
    case 401: return OTEL__GRPC_UNAUTHENTICATED;
    case 403: return OTEL__GRPC_PERMISSION_DENIED;
    case 404: return OTEL__GRPC_UNIMPLEMENTED;
    case 429: case 502: case 503: case 504: return OTEL__GRPC_UNAVAILABLE;
    default: return OTEL__GRPC_UNKNOWN;
    }
}
static int otel__grpc_from_rst(uint32_t code) {
    switch (code) {
    case 7: return OTEL__GRPC_UNAVAILABLE;           /* REFUSED_STREAM */
    case 8: return OTEL__GRPC_CANCELLED;             /* CANCEL */
    case 11: return OTEL__GRPC_RESOURCE_EXHAUSTED;   /* ENHANCE_YOUR_CALM */
    case 12: return OTEL__GRPC_PERMISSION_DENIED;    /* INADEQUATE_SECURITY */
    default: return OTEL__GRPC_INTERNAL;
    }
}

static int otel__grpc_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v) {
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*pp >= end) return OTEL_ERR_PROTOCOL;
        unsigned b = *(*pp)++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) { *v = x; return OTEL_OK; }
    }
    return OTEL_ERR_PROTOCOL;
}
/* one protobuf field: varints in v, length-delimited ones in d and dl */
static int otel__grpc_pb_next(const unsigned char **pp, const unsigned char *end, uint32_t *field, uint64_t *v,
                              const unsigned char **d, size_t *dl) {
    uint64_t key, n;
    if (otel__grpc_varint(pp, end, &key) != OTEL_OK || (key >> 3) == 0 || (key >> 3) > 0x1fffffff) return OTEL_ERR_PROTOCOL;
    *field = (uint32_t)(key >> 3);
    *dl = 0;
    *d = NULL;
    *v = 0;
    switch (key & 7) {
    case 0: return otel__grpc_varint(pp, end, v);
    case 1: n = 8; break;
    case 5: n = 4; break;
    case 2:
        if (otel__grpc_varint(pp, end, &n) != OTEL_OK) return OTEL_ERR_PROTOCOL;
        if (n > (uint64_t)(end - *pp)) return OTEL_ERR_PROTOCOL;
        *d = *pp;
        *dl = (size_t)n;
        *pp += n;
        return OTEL_OK;
    default: return OTEL_ERR_PROTOCOL;
    }
    if (n > (uint64_t)(end - *pp)) return OTEL_ERR_PROTOCOL;
    *pp += n;
    return OTEL_OK;
}

/* google.rpc.Status -> details (Any) -> google.rpc.RetryInfo -> retry_delay
   (Duration), in ms; -1 when there is none */
static int64_t otel__grpc_retry_info(const unsigned char *p, size_t n) {
    static const char want[] = "/google.rpc.RetryInfo";
    const size_t wl = sizeof want - 1;
    const unsigned char *end = p + n, *d, *any, *aend;
    size_t dl;
    uint32_t f;
    uint64_t v;
    while (p < end) {
        if (otel__grpc_pb_next(&p, end, &f, &v, &d, &dl) != OTEL_OK) return -1;
        if (f != 3 || !d) continue;
        const unsigned char *type = NULL, *val = NULL;
        size_t tl = 0, vl = 0;
        for (any = d, aend = d + dl; any < aend;) {
            if (otel__grpc_pb_next(&any, aend, &f, &v, &d, &dl) != OTEL_OK) return -1;
            if (f == 1 && d) { type = d; tl = dl; }
            if (f == 2 && d) { val = d; vl = dl; }
        }
        if (!type || tl < wl || memcmp(type + tl - wl, want, wl) != 0) continue;
        int64_t secs = 0, nanos = 0;
        const unsigned char *r = val, *rend = val ? val + vl : NULL;
        while (r && r < rend) {
            if (otel__grpc_pb_next(&r, rend, &f, &v, &d, &dl) != OTEL_OK) return -1;
            if (f != 1 || !d) continue;
            for (const unsigned char *q = d, *qend = d + dl; q < qend;) {
                const unsigned char *dd;
                size_t ddl;
                if (otel__grpc_pb_next(&q, qend, &f, &v, &dd, &ddl) != OTEL_OK) return -1;
                if (f == 1) secs = (int64_t)v;
                if (f == 2) nanos = (int32_t)(uint32_t)v;
            }
        }
        if (secs < 0 || nanos < 0) return 0;
        if (secs > 86400) secs = 86400;
        return secs * 1000 + nanos / 1000000;
    }
    return -1;
}

/* base64 with or without padding (gRPC sends -bin values unpadded) */
static long otel__b64_decode(const unsigned char *s, size_t n, unsigned char *out, size_t cap) {
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n && s[i] != '='; i++) {
        int c = s[i], x;
        if (c >= 'A' && c <= 'Z') x = c - 'A';
        else if (c >= 'a' && c <= 'z') x = c - 'a' + 26;
        else if (c >= '0' && c <= '9') x = c - '0' + 52;
        else if (c == '+' || c == '-') x = 62;
        else if (c == '/' || c == '_') x = 63;
        else return -1;
        acc = ((acc << 6) | (uint32_t)x) & 0xffffffu;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o >= cap) return -1;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    return (long)o;
}

static int otel__grpc_name_is(const unsigned char *n, size_t nl, const char *want) {
    return nl == strlen(want) && memcmp(n, want, nl) == 0;
}
static int otel__grpc_small_int(const unsigned char *v, size_t vl) {
    int x = 0;
    if (vl == 0 || vl > 4) return -1;
    for (size_t i = 0; i < vl; i++) {
        if (v[i] < '0' || v[i] > '9') return -1;
        x = x * 10 + (v[i] - '0');
    }
    return x;
}

/* a response header or trailer of a call (user: its otel__h2_call) */
static void otel__grpc_field(void *user, const unsigned char *n, size_t nl, const unsigned char *v, size_t vl) {
    otel__h2_call *s = (otel__h2_call *)user;
    if (otel__grpc_name_is(n, nl, ":status")) {
        s->http_status = otel__grpc_small_int(v, vl);
    } else if (otel__grpc_name_is(n, nl, "grpc-status")) {
        s->grpc_status = otel__grpc_small_int(v, vl);
        if (s->grpc_status < 0) s->grpc_status = OTEL__GRPC_UNKNOWN;
    } else if (otel__grpc_name_is(n, nl, "grpc-message")) {
        size_t o = 0;   /* percent-encoded; shown in warnings, so printable only */
        for (size_t i = 0; i < vl && o + 1 < sizeof s->message; i++) {
            int c = v[i];
            if (c == '%' && i + 2 < vl && otel__hexval(v[i + 1]) >= 0 && otel__hexval(v[i + 2]) >= 0) {
                c = otel__hexval(v[i + 1]) * 16 + otel__hexval(v[i + 2]);
                i += 2;
            }
            s->message[o++] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
        }
        s->message[o] = 0;
    } else if (otel__grpc_name_is(n, nl, "grpc-status-details-bin")) {
        long dn = otel__b64_decode(v, vl, s->h->details, sizeof s->h->details);
        int64_t ms = dn > 0 ? otel__grpc_retry_info(s->h->details, (size_t)dn) : -1;
        if (ms >= 0) s->retry_ms = ms;
    }
}

/* grpc-timeout's value: milliseconds, or seconds past 8 digits */
static size_t otel__grpc_timeout_str(char *o, size_t cap, int ms) {
    int secs = ms > 99999999;
    otel__wbuf w = {o, 0, cap, 0};
    otel__wu64(&w, secs ? (uint64_t)ms / 1000u : ms > 0 ? (uint64_t)ms : 1u, 0);
    otel__w(&w, secs ? "S" : "m", 1);
    return w.len;
}

/* the header block's fixed fields into h->hc: those before grpc-timeout
   (hc[0..*before)), then those after it (to *len); 0 when too large */
static int otel__grpc_headers_fmt(otel__h2 *h, int sig, const otel__http_header *extra, size_t n_extra, int gzip,
                                  size_t *before, size_t *len) {
    static const char *const reserved[] = {"content-type", "te", "grpc-timeout", "grpc-encoding", "user-agent", "host", "connection",
                                           "keep-alive", "proxy-connection", "transfer-encoding", "upgrade",
                                           "content-length"};
    const otel__url *u = &h->io->url;
    unsigned char *o = h->hc;
    size_t cap = sizeof h->hc - 24, n = 0, k;   /* (room kept for the timeout between the two parts) */
    char auth[300];
    o[n++] = 0x83;                              /* :method POST */
    o[n++] = u->https ? 0x87 : 0x86;            /* :scheme https / http */
    snprintf(auth, sizeof auth, "%s%s%s:%s", u->ipv6_literal ? "[" : "", u->host, u->ipv6_literal ? "]" : "", u->port);
    const char *path = otel__grpc_path[sig];
    static const char ua[] = OTEL__USER_AGENT;
#define OTEL__PUT(idx, name, value, vlen)                                           \
    do {                                                                            \
        k = otel__hpack_put_field(o + n, cap - n, idx, name, value, vlen);          \
        if (!k) return 0;                                                           \
        n += k;                                                                     \
    } while (0)
    OTEL__PUT(4, NULL, path, strlen(path));               /* :path */
    OTEL__PUT(1, NULL, auth, strlen(auth));               /* :authority */
    OTEL__PUT(31, NULL, "application/grpc", 16);          /* content-type */
    OTEL__PUT(0, "te", "trailers", 8);
    *before = n;                                          /* (grpc-timeout here, per call) */
    OTEL__PUT(58, NULL, ua, sizeof ua - 1);               /* user-agent */
    if (gzip) OTEL__PUT(0, "grpc-encoding", "gzip", 4);
    for (size_t i = 0; i < n_extra; i++) {
        int skip = 0;
        for (size_t r = 0; r < sizeof reserved / sizeof reserved[0]; r++) skip |= strcasecmp(extra[i].name, reserved[r]) == 0;
        if (!skip) OTEL__PUT(0, extra[i].name, extra[i].value, strlen(extra[i].value));
    }
#undef OTEL__PUT
    *len = n;
    return 1;
}

/* The request's header block into h->out after room for its frame
   header; its length, 0 when too large. Only grpc-timeout changes from
   call to call of a channel, so the fields before it and after it are
   formatted once and kept (h->hc), and copied around a fresh timeout. */
static size_t otel__grpc_headers(otel__h2 *h, int sig, const otel__http_header *extra, size_t n_extra, int timeout_ms,
                                 int gzip) {
    if (!h->hc_len || h->hc_sig != sig || h->hc_gzip != gzip || h->hc_extra != extra || h->hc_n_extra != n_extra ||
        h->hc_io != h->io) {
        size_t a = 0, b = 0;
        h->hc_len = 0;
        if (!otel__grpc_headers_fmt(h, sig, extra, n_extra, gzip, &a, &b)) return 0;
        h->hc_sig = sig; h->hc_gzip = gzip; h->hc_extra = extra; h->hc_n_extra = n_extra; h->hc_io = h->io;
        h->hc_before = a;
        h->hc_len = b;
    }
    unsigned char *o = h->out + 9;
    size_t cap = sizeof h->out - 9, n = h->hc_before, after = h->hc_len - h->hc_before;
    char tmo[16];
    size_t tl = otel__grpc_timeout_str(tmo, sizeof tmo, timeout_ms);
    memcpy(o, h->hc, n);
    size_t k = otel__hpack_put_field(o + n, cap - n, 0, "grpc-timeout", tmo, tl);
    if (!k || cap - n - k < after) return 0;
    n += k;
    memcpy(o + n, h->hc + h->hc_before, after);
    return n + after;
}

/* a call's stream and outcome cleared, for its (next) stream */
static void otel__grpc_call_clear(otel__h2_call *s) {
    s->sid = 0;
    s->sent = 0;
    s->done = s->reset = s->blocks = s->got_data = s->body_truncated = s->sent_end = s->closed = 0;
    s->reset_code = 0;
    s->http_status = s->grpc_status = -1;
    s->retry_ms = -1;
    s->message[0] = 0;
    s->body_len = 0;
    s->in_stream = 0;
    s->rc = OTEL_OK;
}

/* Queues call k: body[0..len) (gzip: compressed) to the signal's Export
   method, to end by deadline (timeout_ms as grpc-timeout). h->io is bound. */
static int otel__grpc_queue(otel__h2 *h, unsigned k, int sig, const void *body, size_t len, int gzip, int timeout_ms,
                            uint64_t deadline) {
    otel__h2_call *s = &h->call[k];
    if (len > 0xffffffffu - 5) return OTEL_ERR_TOO_LARGE;
    otel__grpc_call_clear(s);
    s->h = h;
    s->sig = sig;
    s->gzip = gzip;
    s->timeout_ms = timeout_ms;
    s->deadline = deadline;
    s->body = (const unsigned char *)body;
    s->total = len + 5;
    s->prefix[0] = (unsigned char)(gzip != 0);
    s->prefix[1] = (unsigned char)(len >> 24); s->prefix[2] = (unsigned char)(len >> 16);
    s->prefix[3] = (unsigned char)(len >> 8); s->prefix[4] = (unsigned char)len;
    s->tries = 0;
    s->rcap = sizeof h->io->body / h->ncall;   /* each call answers into its share of the client's body buffer */
    s->rbuf = h->io->body + k * s->rcap;
    s->state = OTEL__H2C_QUEUED;
    return OTEL_OK;
}

static int otel__grpc_open(const otel__h2_call *s) { return s->state == OTEL__H2C_SENDING || s->state == OTEL__H2C_WAITING; }

/* the call has its outcome: rc, and (OTEL_OK) its status fields */
static void otel__grpc_end(otel__h2 *h, otel__h2_call *s, int rc) {
    /* an early answer while the request was still going: close our side */
    if (rc == OTEL_OK && s->done && !s->reset && !s->sent_end && h->io->fd >= 0)
        (void)otel__h2_frame(h, OTEL__H2_RST_STREAM, 0, s->sid, "\0\0\0\0", 4);
    s->rc = rc;
    s->state = OTEL__H2C_DONE;
}

/* A call the server did not process (GOAWAY below its stream,
   REFUSED_STREAM), or one that met a kept connection closed, is queued
   again once, for a new stream (on a new connection when this one is
   going away); the second time it ends. */
static void otel__grpc_again(otel__h2 *h, otel__h2_call *s, int rc, int unprocessed) {
    if (s->tries == 0) {
        otel__grpc_call_clear(s);
        s->tries = 1;
        s->state = OTEL__H2C_QUEUED;
        return;
    }
    if (unprocessed) {
        s->grpc_status = OTEL__GRPC_UNAVAILABLE;
        s->reset = 0;
        rc = OTEL_OK;
    }
    otel__grpc_end(h, s, rc);
}

/* The connection failed (rc): every call on it ends, or is queued again
   when it met a kept connection that turned out closed before any answer */
static void otel__grpc_lost(otel__h2 *h, int rc) {
    otel__http_client *c = h->io;
    int all = otel__peer_has_all(c);
    for (unsigned k = 0; k < h->ncall; k++) {
        otel__h2_call *s = &h->call[k];
        if (!otel__grpc_open(s)) continue;
        if (s->sent_end && !all) s->sent_end = 0;
        s->closed = c->eof;
        if (!s->fresh && s->blocks == 0 && !s->got_data && rc != OTEL_ERR_TIMEOUT) otel__grpc_again(h, s, rc, 0);
        else otel__grpc_end(h, s, rc);
    }
    otel__http_disconnect(c);
    h->ready = 0;
}

/* calls that ended (an answer, a reset), or that the server will not
   process (GOAWAY below their stream, REFUSED_STREAM) */
static void otel__grpc_settle(otel__h2 *h) {
    for (unsigned k = 0; k < h->ncall; k++) {
        otel__h2_call *s = &h->call[k];
        if (!otel__grpc_open(s)) continue;
        if ((!s->done && h->goaway && s->sid > h->goaway_last) || (s->reset && s->reset_code == 7)) {
            otel__grpc_again(h, s, OTEL_OK, 1);
        } else if (s->done) {
            h->completed++;
            otel__grpc_end(h, s, OTEL_OK);
        }
    }
}

/* The sender's wake-up by a new call. It is wanted only while the sender
   waits for frames and a new call could send at once (the connection has
   window and a stream to spare); then wake_armed is 1 and the poster writes
   a byte; otherwise the call waits for the next frame, and the poster saves
   a write and the sender a wake-up and a read. The sender arms, then looks
   for calls posted and not taken; the poster counts its call, then
   disarms: sequentially consistent, so one of the two sees the other.
   The descriptor to wait on (-1: none), or -2 when a call waits to be taken. */
static int otel__h2_arm(otel__h2 *h, unsigned active) {
    if (h->wake < 0 || h->conn_win <= 0 || active >= h->peer_streams || h->goaway) return -1;
#ifndef OTEL_NO_THREADS
    __atomic_store_n(&h->wake_armed, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&h->posts, __ATOMIC_SEQ_CST) != h->taken) {
        __atomic_store_n(&h->wake_armed, 0, __ATOMIC_SEQ_CST);
        return -2;
    }
#endif
    return h->wake;
}
static void otel__h2_disarm(otel__h2 *h, int wake) {
#ifndef OTEL_NO_THREADS
    if (wake >= 0) __atomic_store_n(&h->wake_armed, 0, __ATOMIC_SEQ_CST);
#else
    (void)h; (void)wake;
#endif
}
/* the poster's side: a call handed over (under otel__snd_lock); 1 when the
   sender waits for it and wants a byte */
#ifndef OTEL_NO_THREADS
static void otel__h2_posted(otel__h2 *h) { __atomic_fetch_add(&h->posts, 1u, __ATOMIC_SEQ_CST); }
static int otel__h2_wanted(otel__h2 *h) { return __atomic_exchange_n(&h->wake_armed, 0, __ATOMIC_SEQ_CST); }
#endif

/* One round of the calls on h: calls past their deadline (or a flush's or
   shutdown's) end; a queued call gets a connection when there is no usable
   one, and a stream when the peer allows one more; every open call writes
   what the windows allow; then one wait for a frame, the wake descriptor or
   the earliest deadline, and the frames that came are handled. Calls that
   ended are left DONE for the caller. */
static void otel__grpc_run(otel__h2 *h) {
    otel__http_client *c = h->io;
    unsigned active = 0, queued = 0;
    uint64_t first = UINT64_MAX, until = UINT64_MAX;   /* the earliest deadline; the GOAWAY grace's end */
    for (unsigned k = 0; k < h->ncall; k++) {
        otel__h2_call *s = &h->call[k];
        if (s->state != OTEL__H2C_QUEUED && !otel__grpc_open(s)) continue;
        if (otel__remaining_ms(otel__cut_deadline(s->deadline)) == 0) {
            if (s->sent_end && !otel__peer_has_all(c)) s->sent_end = 0;
            if (otel__grpc_open(s)) (void)otel__h2_frame(h, OTEL__H2_RST_STREAM, 0, s->sid, "\0\0\0\x08", 4);   /* CANCEL */
            otel__grpc_end(h, s, OTEL_ERR_TIMEOUT);
            continue;
        }
        if (h->goaway && otel__grpc_open(s) && !s->blocks && !s->got_data) {
            /* A server may ignore streams that began after it sent GOAWAY,
               whatever last stream it named (nghttp2 does, so Node's and
               grpc-js's servers too), and keep the connection open: a call
               that has heard nothing a while after the GOAWAY is cancelled
               and goes again on a new connection (at least once: the
               server may have taken it after all) */
            uint64_t cut = h->goaway_ns + (uint64_t)OTEL__H2_GOAWAY_GRACE_MS * 1000000u;
            if (otel__mono_ns() >= cut) {
                (void)otel__h2_frame(h, OTEL__H2_RST_STREAM, 0, s->sid, "\0\0\0\x08", 4);   /* CANCEL */
                otel__grpc_again(h, s, OTEL_OK, 1);
                if (s->state == OTEL__H2C_QUEUED) queued++;
                continue;
            }
            if (cut < until) until = cut;
        }
        if (s->deadline < first) first = s->deadline;
        if (s->state == OTEL__H2C_QUEUED) queued++;
        else active++;
    }
    c->deadline = first;
    if (queued && !active && c->fd >= 0) {
        /* what the peer sent while the connection was idle (SETTINGS,
           PING, GOAWAY, a close); a connection going away is left */
        int rc = h->ready && !h->goaway && h->next_sid < 0x7fff0000u ? otel__h2_drain(h) : OTEL_ERR_IO;
        if (rc != OTEL_OK) { otel__http_disconnect(c); h->ready = 0; }
    }
    if (queued && (c->fd < 0 || !h->ready)) {
        c->eof = 0;
        int rc = otel__h2_connect(h);
        if (rc != OTEL_OK) {
            otel__http_disconnect(c);
            h->ready = 0;
            for (unsigned k = 0; k < h->ncall; k++)
                if (h->call[k].state == OTEL__H2C_QUEUED) { h->call[k].closed = c->eof; otel__grpc_end(h, &h->call[k], rc); }
            return;
        }
    }
    /* DATA of the calls already open, oldest first, as the windows allow:
       before new streams, so that a call nearly sent ends (and is
       answered) before a newer one takes the windows */
    for (uint32_t seen = 0;;) {
        otel__h2_call *s = NULL;
        for (unsigned k = 0; k < h->ncall; k++)
            if (h->call[k].state == OTEL__H2C_SENDING && !(seen >> k & 1u) && (!s || h->call[k].seq < s->seq)) s = &h->call[k];
        if (!s) break;
        seen |= 1u << (s - h->call);
        int rc = s->sent_end ? OTEL_OK : otel__h2_send(h, s, 0);
        if (rc != OTEL_OK) { otel__grpc_lost(h, rc); return; }
    }
    /* new streams, oldest call first, as many as the peer allows */
    while (queued && c->fd >= 0 && !h->goaway && active < h->peer_streams && h->next_sid < 0x7fff0000u) {
        otel__h2_call *s = NULL;
        for (unsigned k = 0; k < h->ncall; k++)
            if (h->call[k].state == OTEL__H2C_QUEUED && (!s || h->call[k].seq < s->seq)) s = &h->call[k];
        queued--;
        int rc = h->gh ? otel__h2_flush(h) : OTEL_OK;   /* (h->out holds one HEADERS frame at a time) */
        if (rc != OTEL_OK) { otel__grpc_lost(h, rc); return; }
        size_t hn = otel__grpc_headers(h, s->sig, h->extra, h->n_extra, s->timeout_ms, s->gzip);
        if (!hn) { otel__grpc_end(h, s, OTEL_ERR_TOO_LARGE); continue; }
        s->sid = h->next_sid;
        h->next_sid += 2;
        s->win = h->peer_win;
        s->fresh = h->completed == 0;
        s->state = OTEL__H2C_SENDING;
        active++;
        if ((rc = otel__h2_send(h, s, hn)) != OTEL_OK) { otel__grpc_lost(h, rc); return; }
    }
    int wrc = otel__h2_flush(h);
    if (wrc != OTEL_OK) { otel__grpc_lost(h, wrc); return; }
    for (unsigned k = 0; k < h->ncall; k++)
        if (h->call[k].state == OTEL__H2C_SENDING && h->call[k].sent_end) h->call[k].state = OTEL__H2C_WAITING;
    if (c->fd < 0 || (!active && (!queued || h->goaway))) return;   /* (queued: waiting for the peer to allow a stream) */
    int pending = otel__h2_buffered(c);
#ifndef OTEL_NO_TLS
    if (c->ssl_live && mbedtls_ssl_get_bytes_avail(&c->ssl) > 0) pending = 1;
#endif
    if (!pending) {
        int ms = otel__remaining_ms(otel__cut_deadline(first < until ? first : until));
        int wake = otel__h2_arm(h, active);
        if (wake == -2) return;   /* a new call waits to be taken */
        struct pollfd pf[2];
        pf[0].fd = c->fd; pf[0].events = POLLIN; pf[0].revents = 0;
        pf[1].fd = wake; pf[1].events = POLLIN; pf[1].revents = 0;
        int n = ms == 0 ? 0 : poll(pf, wake >= 0 ? 2 : 1, ms < OTEL__WAIT_SLICE_MS ? ms : OTEL__WAIT_SLICE_MS);
        otel__h2_disarm(h, wake);
        if (n <= 0) return;
        if (wake >= 0 && pf[1].revents) {   /* a new call: taken before reading on (a byte left over wakes once more) */
            unsigned char b[64];
            ssize_t r = read(wake, b, sizeof b);
            (void)r;
        }
        if (!pf[0].revents) return;
    }
    int rc = otel__h2_pump(h);
    while (rc == OTEL_OK && otel__h2_buffered(c)) rc = otel__h2_pump(h);
    if (rc != OTEL_OK) { otel__grpc_lost(h, rc); return; }
    otel__grpc_settle(h);
    active = 0;
    for (unsigned k = 0; k < h->ncall; k++) active += otel__grpc_open(&h->call[k]);
    if (h->goaway && !active) { otel__http_disconnect(c); h->ready = 0; }
}

/* a DONE call's outcome as the HTTP/1.1 client reports it (the call is free again) */
static int otel__grpc_result(otel__h2_call *s, otel__http_response *resp) {
    memset(resp, 0, sizeof *resp);
    resp->retry_after_ms = -1;
    resp->sent = s->sent_end;
    resp->closed = s->closed;
    s->state = OTEL__H2C_FREE;
    if (s->rc != OTEL_OK) return s->rc;
    int code = s->grpc_status;
    if (s->reset) code = otel__grpc_from_rst(s->reset_code);
    else if (s->http_status != 200 && s->http_status >= 0 && code < 0) code = otel__grpc_from_http(s->http_status);
    else if (code < 0) code = OTEL__GRPC_UNKNOWN;
    if (code == OTEL__GRPC_OK) {
        resp->status = 200;
        /* the response message, for partial_success; a compressed one was not asked for */
        if (s->body_len >= 5 && s->rbuf[0] == 0) {
            size_t m = (size_t)s->rbuf[1] << 24 | (size_t)s->rbuf[2] << 16 | (size_t)s->rbuf[3] << 8 | s->rbuf[4];
            resp->body = s->rbuf + 5;
            resp->body_len = m < s->body_len - 5 ? m : s->body_len - 5;
            resp->body_truncated = s->body_truncated;
        }
        return OTEL_OK;
    }
    int retry = otel__grpc_retryable(code, s->retry_ms >= 0);
    resp->status = retry ? 503 : 400;
    if (retry) resp->retry_after_ms = s->retry_ms;
    resp->is_grpc = 1;
    resp->grpc_status = code;
    int hits = 0;   /* the server's words may quote what it was sent: warned redacted */
    size_t sl = otel__redact_copy(s->message, strlen(s->message), resp->message, sizeof resp->message - 1, &hits);
    resp->message[sl < sizeof resp->message - 1 ? sl : sizeof resp->message - 1] = 0;
    return OTEL_OK;
}

/* binds the channel's client and metadata to h */
static void otel__grpc_bind(otel__h2 *h, otel__http_client *io, const otel__http_header *extra, size_t n_extra) {
    h->io = io;
    h->extra = extra;
    h->n_extra = n_extra;
}

/* One call, waited for (the exporter's thread without a sender, the spool,
   metrics): an outcome as the HTTP/1.1 client reports it */
static int otel__grpc_export(otel__h2 *h, otel__http_client *io, int sig, const otel__http_header *extra, size_t n_extra,
                             const void *body, size_t len, int gzip, int timeout_ms, otel__http_response *resp) {
    otel__grpc_bind(h, io, extra, n_extra);
    otel__h2_call *s = &h->call[0];
    int rc = otel__grpc_queue(h, 0, sig, body, len, gzip, timeout_ms,
                              otel__mono_ns() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1) * 1000000u);
    if (rc != OTEL_OK) { memset(resp, 0, sizeof *resp); resp->retry_after_ms = -1; return rc; }
    while (s->state != OTEL__H2C_DONE) otel__grpc_run(h);
    return otel__grpc_result(s, resp);
}
#endif /* OTEL_NO_GRPC */

/* >> exporter: queues and state */
/* ==== exporter loop ==== */
/* The exporter is an otel_processor: the background thread calls
   otel__exp_poll, which takes ended spans and log records into bounded
   queues (arrays of pointers into the arena: the records themselves are
   not copied), encodes batches into send buffers allocated at init, and
   posts them; every metric export interval it collects the metrics and
   posts them too. Each signal has its own destination, connection and retry
   state, and (with threads, over HTTP and gRPC) a sender thread of its own
   that does the writing and the waiting for the answer, so a slow or
   failing endpoint of one signal never delays another, and the next batch
   is encoded while the previous one is on the wire (OTEL_EXPORT_BUFFERS
   per signal). A batch's records stay in the arena until its request is
   settled (delivered, refused, or given up at shutdown), so every record
   is counted once; failures are retried with backoff, and nothing here
   ever runs on an instrumented thread. docs/exporter.md has the design. */
#ifndef OTEL_EXPORT_BUFFER_SIZE
#define OTEL_EXPORT_BUFFER_SIZE (4u * 1024u * 1024u)
#endif
#ifndef OTEL_EXPORT_BUFFERS
#define OTEL_EXPORT_BUFFERS 2   /* send buffers per signal (spans, log records): one on the wire, one being encoded */
#endif
#if OTEL_EXPORT_BUFFERS < 1 || OTEL_EXPORT_BUFFERS > 16
#error "OTEL_EXPORT_BUFFERS must be between 1 and 16"
#endif
#ifndef OTEL_GRPC_CALLS
#define OTEL_GRPC_CALLS OTEL_EXPORT_BUFFERS   /* gRPC calls of a signal in flight at once, each on its own stream */
#endif
#if OTEL_GRPC_CALLS < 1 || OTEL_GRPC_CALLS > OTEL_EXPORT_BUFFERS
#error "OTEL_GRPC_CALLS must be between 1 and OTEL_EXPORT_BUFFERS"
#endif
#define OTEL__MAX_HEADERS 32

enum { OTEL__SIG_TRACES = 0, OTEL__SIG_METRICS = 1, OTEL__SIG_LOGS = 2 };
enum { OTEL__EXP_NONE = 0, OTEL__EXP_HTTP = 1, OTEL__EXP_FILE, OTEL__EXP_CUSTOM, OTEL__EXP_CONSOLE, OTEL__EXP_PROMETHEUS };
static const char *const otel__sig_path[3] = {"/v1/traces", "/v1/metrics", "/v1/logs"};
static const char *const otel__sig_what[3] = {"spans", "metric points", "log records"};

#ifndef OTEL_NO_THREADS
/* a request handed to a sender thread */
typedef struct otel__post {
    int state;                        /* OTEL__SND_* */
    const void *body; size_t len, k, queued; uint64_t deadline, seq;
    int settled, sent;                /* HTTP: the outcome (otel__exp_deliver's), and c->last_sent with it */
    int rc; size_t wire_len; otel__http_response resp;   /* gRPC: the answer, judged by the exporter's thread */
} otel__post;
#endif

/* where one signal goes, and its retry state */
typedef struct otel__chan {
    int kind, json, sig;
    int gzip;                         /* bodies go out gzip-compressed (OTEL_ZLIB builds) */
    int broken;                       /* not exported for a configuration error: what comes is dropped and counted */
    char url_text[1100];
    char url_show[256];               /* for warnings: no query string, credentials redacted */
    otel__url url;
    otel__http_client http;
    int http_ready;
    struct otel__h2 *h2;              /* OTLP/gRPC: the HTTP/2 state, allocated at setup */
    otel__tls_options tls;
    char cert[512], client_cert[512], client_key[512];
    otel__http_header headers[OTEL__MAX_HEADERS]; int nheaders;
    char header_buf[4096];
    int timeout_ms;
    uint32_t attempt;
    uint64_t next_attempt_ns;
    uint64_t exported, dropped, failed;    /* in items of the signal */
    uint64_t unknown;                 /* sent, outcome unknown: given up at shutdown after a request the server may have taken */
    size_t unsure;                    /* the first `unsure` queued items went out whole in an attempt that got no answer */
    int last_sent;                    /* the last failed attempt had been written whole */
    uint64_t jitter;                  /* the backoff's random state */
#ifdef OTEL_ZLIB
    /* gzip: one deflate stream set up at init and reset per request (its
       window and tables allocated once), and the compressed body's buffer */
    z_stream z; int z_ready;
    unsigned char *zbuf; size_t zbuf_cap;
#endif
#ifndef OTEL_NO_THREADS
    /* the signal's sender thread (HTTP and gRPC): requests handed over and
       back under otel__snd_lock, p[i] for send buffer i (metrics: p[0]);
       over HTTP one at a time, over gRPC up to OTEL_GRPC_CALLS at once,
       each a call on a stream of its own */
    struct {
        pthread_t thread;
        pthread_cond_t work;          /* a request posted, or stop: this sender's alone, so a post wakes one thread */
        int started, stop;
        int piped, wake[2];           /* gRPC: a byte in wake[1] wakes the sender waiting for frames */
        uint64_t seq;                 /* posts so far: the sender takes them in order */
        otel__post p[OTEL_EXPORT_BUFFERS];
    } snd;
#endif
} otel__chan;
enum { OTEL__SND_IDLE = 0, OTEL__SND_POSTED, OTEL__SND_DONE };

/* requests of the channel on the wire at once: OTEL_GRPC_CALLS over gRPC
   (but one when gzip-compressed: they share the channel's deflate buffer),
   else one */
OTEL__UNUSED static unsigned otel__chan_calls(const otel__chan *c) { return c->h2 && !c->gzip ? OTEL_GRPC_CALLS : 1; }

/* a send buffer: one encoded request of k records; st: to send, on the
   wire, or settled while an older one is not (its records released in
   order); unsure: an attempt went out whole and got no answer */
enum { OTEL__SL_READY = 0, OTEL__SL_WIRE, OTEL__SL_DONE };
typedef struct otel__sendbuf { unsigned char *buf; size_t off, len, k; int st, unsure; } otel__sendbuf;

/* ended records waiting to go out (spans or log records): held[first ..
   first + nheld), oldest first; the first nenc of them are encoded, in
   nfull send buffers from slot[head] on, in order */
typedef struct otel__queue {
    otel_span_data **held; size_t first, nheld, cap;
    size_t room;   /* held[]'s entries: twice cap, so the held records move to its front at most once in cap records taken */
    uint32_t batch, delay_ms;
    uint64_t first_held_ns;
    otel__sendbuf slot[OTEL_EXPORT_BUFFERS];
    unsigned head, nfull;
    size_t nenc;
} otel__queue;
/* the oldest held record */
static otel_span_data **otel__q_at(otel__queue *q) { return q->held + q->first; }

static struct otel__exporter {
    otel__chan ch[3];
    otel__queue q[3];                 /* traces and logs; q[1] unused */
    otel_transport_fn transport; void *transport_user;
    FILE *file; char file_path[512];
    uint32_t export_timeout_ms, logs_export_timeout_ms, retry_initial_ms, retry_max_ms;
    unsigned char *buf; size_t buf_cap;   /* the spool's (only with a spool) */
    size_t slot_cap;                      /* each send buffer: buf_cap / OTEL_EXPORT_BUFFERS */
    uint64_t retries, bytes, rejected;
    /* the disk spool (spool_dir empty: off) */
    char spool_dir[512];
    uint64_t spool_max, spool_seq;
    uint32_t spool_files;             /* files seen at the last look */
    otel_span_data **spill; size_t nspill[3], spill_cap;
    uint64_t spool_written, spool_replayed, spool_dropped;   /* records */
} otel__x;

/* metric readers (>> metrics reader): reader 0 sends on ch[1], the others on channels of their own */
#ifdef OTEL_NO_METRICS
#define OTEL_MAX_METRIC_READERS 1
#endif
typedef struct otel__mreader {
    otel__chan *c;
    int kind;
    uint32_t interval_ms, timeout_ms;
    uint64_t next_ns;
    int flush;                        /* a flush asked for a collection */
    /* one encoded request at a time; while it waits for a retry this
       reader does not collect, its series keep accumulating */
    unsigned char *buf; size_t cap, off, len, points;   /* the request: buf[off .. off + len) */
} otel__mreader;
static otel__mreader otel__mr[OTEL_MAX_METRIC_READERS];
static otel__chan otel__mch[OTEL_MAX_METRIC_READERS];   /* readers 1..'s channels */
static unsigned otel__nmr;
/* every channel: the three signals', then metric readers 1..'s */
#define OTEL__NCHAN (3u + otel__nmr)
static otel__chan *otel__chan_at(unsigned s) { return s < 3 ? &otel__x.ch[s] : &otel__mch[s - 3]; }

static void otel__export_stats(otel_stats *o) {
    o->spans_exported = OTEL__LOAD(&otel__x.ch[0].exported);
    o->spans_export_dropped = OTEL__LOAD(&otel__x.ch[0].dropped);
    o->spans_export_failed = OTEL__LOAD(&otel__x.ch[0].failed);
    o->metric_points_exported = o->metric_export_failed = o->metric_export_unknown = 0;
    for (unsigned r = 0; r < (otel__nmr ? otel__nmr : 1); r++) {
        const otel__chan *c = r ? &otel__mch[r] : &otel__x.ch[1];
        o->metric_points_exported += OTEL__LOAD(&c->exported);
        o->metric_export_failed += OTEL__LOAD(&c->failed) + OTEL__LOAD(&c->dropped);
        o->metric_export_unknown += OTEL__LOAD(&c->unknown);
    }
    o->logs_exported = OTEL__LOAD(&otel__x.ch[2].exported);
    o->logs_export_dropped = OTEL__LOAD(&otel__x.ch[2].dropped);
    o->logs_export_failed = OTEL__LOAD(&otel__x.ch[2].failed);
    o->spool_written = OTEL__LOAD(&otel__x.spool_written);
    o->spool_replayed = OTEL__LOAD(&otel__x.spool_replayed);
    o->spool_dropped = OTEL__LOAD(&otel__x.spool_dropped);
    o->spans_export_unknown = OTEL__LOAD(&otel__x.ch[0].unknown);
    o->logs_export_unknown = OTEL__LOAD(&otel__x.ch[2].unknown);
    o->export_retries = OTEL__LOAD(&otel__x.retries);
    o->export_bytes = OTEL__LOAD(&otel__x.bytes);
}

/* The consumer's time split into collect, encode, send (write and wait for
   the answer) and release, in nanoseconds: only in builds with
   OTEL__EXPORT_PROFILE (bench/bench_e2e.c), nothing otherwise. */
enum { OTEL__PROF_COLLECT, OTEL__PROF_ENCODE, OTEL__PROF_SEND, OTEL__PROF_RELEASE };
#ifdef OTEL__EXPORT_PROFILE
static uint64_t otel__prof[4];
#define OTEL__PROF_START(v) uint64_t v = otel__mono_ns()
#define OTEL__PROF_END(i, v) OTEL__ADD(&otel__prof[i], otel__mono_ns() - (v))
#else
#define OTEL__PROF_START(v) ((void)0)
#define OTEL__PROF_END(i, v) ((void)0)
#endif

/* drop the first n queued records (after a send, or a failure) */
static void otel__exp_shift(otel__queue *q, size_t n) {
    OTEL__PROF_START(t0);
    otel_release(otel__q_at(q), n);
    OTEL__PROF_END(OTEL__PROF_RELEASE, t0);
    q->first += n;
    q->nheld -= n;
    if (q->nheld) q->first_held_ns = otel__mono_ns();
    else q->first = 0;
}
/* one more record at the end (the caller checked nheld < cap); the held
   records move to the front only when the end is reached */
static void otel__q_push(otel__queue *q, otel_span_data *d) {
    if (q->first + q->nheld == q->room) {
        memmove(q->held, q->held + q->first, q->nheld * sizeof *q->held);
        q->first = 0;
    }
    q->held[q->first + q->nheld++] = d;
}

/* a record for a queue that is full, or whose signal is not exported */
/* records done with, released 128 at a time */
static void otel__exp_pile(otel_span_data *d, otel_span_data **pile, size_t *npile) {
    pile[(*npile)++] = d;
    if (*npile == 128) {
        OTEL__PROF_START(t0);
        otel_release(pile, *npile);
        OTEL__PROF_END(OTEL__PROF_RELEASE, t0);
        *npile = 0;
    }
}
static void otel__exp_discard(int sig, otel_span_data *d, otel_span_data **pile, size_t *npile) {
    if (otel__x.ch[sig].kind != OTEL__EXP_NONE || otel__x.ch[sig].broken) OTEL__ADD(&otel__x.ch[sig].dropped, 1);
    otel__exp_pile(d, pile, npile);
}

/* records[0..n) of a signal as one request (JSON for json, else protobuf)
   into buf; returns how many fit, the request is buf[*off .. *off + *len) */
static size_t otel__encode_records(int sig, int json, otel_span_data *const *recs, size_t n, unsigned char *buf,
                                   size_t cap, size_t *off, size_t *len) {
    return otel__encode_batch(sig, json, recs, n, buf, cap, off, len);
}

/* forward: the spool replays through the exporter's delivery */
static int otel__exp_deliver_to(otel__chan *c, const void *body, size_t len, size_t k, uint64_t deadline, size_t queued,
                                uint64_t *delivered, uint64_t *refused);
/* >> spool */
/* ---- the disk spool (opt-in): batches that do not fit the queue ---- */
/* When the backend is unavailable and a queue is full, what would be
   dropped is encoded as one request and written to the spool directory
   instead: a temporary file, fsync, rename, so a crash leaves either a
   whole file or none. Files are replayed oldest first (also by the next run
   of the program) and deleted after a 2xx; beyond the size cap the oldest
   are deleted and their records counted as dropped. A file that fails its
   checks (magic, length, CRC) is skipped with a warning and deleted, its
   records counted in spool_dropped (the count is in the file's name too,
   for when the header is what was damaged). A temporary file left by a
   process that died while writing is deleted, and counted, at the next
   start.
   File: "OTSP" | version | signal | json | 0 | count u32 | length u32 |
   payload | CRC-32 of the payload, little-endian.
   Name: otel-<ns>-<pid>-<seq>-<count>.spool (earlier: without -<count>). */
#ifndef OTEL_NO_SPOOL
#define OTEL__SPOOL_HEADER 16
static uint32_t otel__crc32(const unsigned char *p, size_t n) {
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}
static void otel__le32(unsigned char *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static uint32_t otel__rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* spool file names sort by age: otel-<ns>-<pid>-<seq>-<count>.spool */
static int otel__spool_name_ok(const char *n) {
    size_t l = strlen(n);
    return l > 11 && strncmp(n, "otel-", 5) == 0 && strcmp(n + l - 6, ".spool") == 0;
}
/* the oldest spool file (name into out), its size; counts what is there */
static int otel__spool_scan(char *oldest, size_t cap, uint64_t *bytes, uint32_t *files) {
    DIR *d = opendir(otel__x.spool_dir);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    *bytes = 0; *files = 0;
    while ((e = readdir(d)) != NULL) {
        if (!otel__spool_name_ok(e->d_name)) continue;
        char path[800];
        snprintf(path, sizeof path, "%s/%s", otel__x.spool_dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        *bytes += (uint64_t)st.st_size;
        (*files)++;
        if (!found || strcmp(e->d_name, oldest) < 0) {
            snprintf(oldest, cap, "%s", e->d_name);
            found = 1;
        }
    }
    closedir(d);
    return found;
}
/* the record count a spool file's name carries (its fifth field), -1 when
   the name has none */
static int64_t otel__spool_name_count(const char *name) {
    const char *dot = strrchr(name, '.'), *p = name;
    int dashes = 0;
    const char *last = NULL;
    for (; p < dot; p++) if (*p == '-') { dashes++; last = p + 1; }
    if (dashes != 4 || !last || last == dot) return -1;
    int64_t n = 0;
    for (p = last; p < dot; p++) {
        if (*p < '0' || *p > '9' || n > 0xffffffffll) return -1;
        n = n * 10 + (*p - '0');
    }
    return n;
}
/* how many records a spool file holds: by its name, else its header (0
   when neither tells) */
static uint32_t otel__spool_count_of(const char *path) {
    const char *base = strrchr(path, '/');
    int64_t named = otel__spool_name_count(base ? base + 1 : path);
    if (named >= 0) return (uint32_t)named;
    unsigned char h[OTEL__SPOOL_HEADER];
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t got = fread(h, 1, sizeof h, f);
    fclose(f);
    return got == sizeof h && memcmp(h, "OTSP", 4) == 0 ? otel__rd32(h + 8) : 0;
}
/* temporary files of processes that died while writing (killed between
   open and rename): deleted, their records counted as dropped */
static void otel__spool_clean_tmp(void) {
    DIR *d = opendir(otel__x.spool_dir);
    if (!d) return;
    struct dirent *e;
    uint64_t files = 0, records = 0;
    while ((e = readdir(d)) != NULL) {
        int pid = 0;
        if (strncmp(e->d_name, ".tmp-", 5) != 0 || sscanf(e->d_name + 5, "%d", &pid) != 1 || pid <= 0) continue;
        if (pid != (int)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)) continue;   /* its writer may be alive */
        char path[800];
        snprintf(path, sizeof path, "%s/%s", otel__x.spool_dir, e->d_name);
        uint32_t n = otel__spool_count_of(path);
        if (unlink(path) != 0) continue;
        files++;
        records += n;
    }
    closedir(d);
    if (!files) return;
    OTEL__ADD(&otel__x.spool_dropped, records);
    OTEL__WARN("spool: %llu unfinished files of ended processes deleted (%llu records)", (unsigned long long)files,
               (unsigned long long)records);
}
/* makes room for `need` bytes under the cap: the oldest files go first */
static void otel__spool_make_room(uint64_t need) {
    for (int guard = 0; guard < 100000; guard++) {
        char oldest[256];
        uint64_t bytes;
        uint32_t files;
        if (!otel__spool_scan(oldest, sizeof oldest, &bytes, &files) || bytes + need <= otel__x.spool_max) return;
        char path[800];
        snprintf(path, sizeof path, "%s/%s", otel__x.spool_dir, oldest);
        uint32_t n = otel__spool_count_of(path);
        if (unlink(path) != 0) return;
        OTEL__ADD(&otel__x.spool_dropped, (uint64_t)n);
        OTEL__WARN("spool over its cap (%llu bytes): the oldest file, %u records, deleted", (unsigned long long)otel__x.spool_max, n);
    }
}
/* writes records[0..n) of a signal as one spool file; returns how many went in */
static size_t otel__spool_write(int sig, otel_span_data **recs, size_t n) {
    otel__chan *c = &otel__x.ch[sig];
    int json = c->json || c->kind == OTEL__EXP_FILE;
    unsigned char *buf = otel__x.buf + OTEL__SPOOL_HEADER;
    size_t cap = otel__x.buf_cap - OTEL__SPOOL_HEADER - 4, len, off;
    size_t k = otel__encode_records(sig, json, recs, n, buf, cap, &off, &len);
    if (!k) return 0;
    if (off) memmove(buf, buf + off, len);
    unsigned char *h = otel__x.buf;
    memcpy(h, "OTSP", 4);
    h[4] = 1; h[5] = (unsigned char)sig; h[6] = (unsigned char)json; h[7] = 0;
    otel__le32(h + 8, (uint32_t)k);
    otel__le32(h + 12, (uint32_t)len);
    otel__le32(buf + len, otel__crc32(buf, len));
    size_t total = OTEL__SPOOL_HEADER + len + 4;
    otel__spool_make_room(total);
    char tmp[800], path[800];
    uint64_t seq = OTEL__FADD64(&otel__x.spool_seq, 1);
    snprintf(path, sizeof path, "%s/otel-%020llu-%08d-%06llu-%zu.spool", otel__x.spool_dir,
             (unsigned long long)otel__now_ns(), (int)getpid(), (unsigned long long)(seq % 1000000u), k);
    snprintf(tmp, sizeof tmp, "%s/.tmp-%08d-%06llu", otel__x.spool_dir, (int)getpid(), (unsigned long long)(seq % 1000000u));
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        OTEL__WARN("spool: cannot write to %.200s (%s); records dropped", otel__x.spool_dir, strerror(errno));
        return 0;
    }
    size_t done = 0;
    while (done < total) {
        ssize_t w = write(fd, otel__x.buf + done, total - done);
        if (w <= 0) { if (w < 0 && errno == EINTR) continue; break; }
        done += (size_t)w;
    }
    /* past a flush or shutdown deadline the file is written without fsync
       (the rename keeps it whole should the process die; a power cut may not) */
    int ok = done == total && (otel__mono_ns() >= otel__pending_deadline() || fsync(fd) == 0);
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        OTEL__WARN("spool: cannot write to %.200s (%s); records dropped", otel__x.spool_dir, strerror(errno ? errno : EIO));
        return 0;
    }
    OTEL__ADD(&otel__x.spool_written, (uint64_t)k);
    return k;
}
/* spills records to the spool; what cannot be written is dropped and counted */
static void otel__spool_spill(int sig, otel_span_data **recs, size_t n) {
    size_t at = 0;
    while (at < n) {
        size_t k = otel__spool_write(sig, recs + at, n - at);
        if (!k) {
            OTEL__ADD(&otel__x.ch[sig].dropped, (uint64_t)(n - at));
            break;
        }
        at += k;
    }
    otel_release(recs, n);
}
/* sends the oldest spool file; returns 1 when something was attempted */
static int otel__spool_replay(uint64_t deadline) {
    char oldest[256], path[800];
    uint64_t bytes;
    uint32_t files;
    if (!otel__spool_scan(oldest, sizeof oldest, &bytes, &files)) { otel__x.spool_files = 0; return 0; }
    otel__x.spool_files = files;
    snprintf(path, sizeof path, "%s/%s", otel__x.spool_dir, oldest);
    FILE *f = fopen(path, "rb");
    size_t got = 0;
    if (f) { got = fread(otel__x.buf, 1, otel__x.buf_cap, f); fclose(f); }
    const unsigned char *h = otel__x.buf;
    int magic = got >= OTEL__SPOOL_HEADER && memcmp(h, "OTSP", 4) == 0;
    int64_t named = otel__spool_name_count(oldest);   /* the name's count survives a damaged header */
    uint32_t count = named >= 0 ? (uint32_t)named : magic ? otel__rd32(h + 8) : 0, len = magic ? otel__rd32(h + 12) : 0;
    int sig = got >= OTEL__SPOOL_HEADER ? h[5] : -1;
    if (got < OTEL__SPOOL_HEADER + 4 || memcmp(h, "OTSP", 4) != 0 || h[4] != 1 || (sig != OTEL__SIG_TRACES && sig != OTEL__SIG_LOGS) ||
        (size_t)len + OTEL__SPOOL_HEADER + 4 != got || otel__rd32(h + OTEL__SPOOL_HEADER + len) != otel__crc32(h + OTEL__SPOOL_HEADER, len)) {
        OTEL__WARN("spool: %.200s is corrupted or truncated; skipped and deleted (%u records dropped)", oldest, count);
        unlink(path);
        OTEL__ADD(&otel__x.spool_dropped, (uint64_t)count);
        return 1;
    }
    otel__chan *c = &otel__x.ch[sig];
    if (c->kind == OTEL__EXP_NONE) return 0;
    int json = c->json;
    c->json = h[6];                    /* as it was encoded */
    int settled = otel__exp_deliver_to(c, otel__x.buf + OTEL__SPOOL_HEADER, len, count, deadline, count,
                                       &otel__x.spool_replayed, &otel__x.spool_dropped);
    c->json = json;
    if (settled) unlink(path);
    return 1;
}
#else
/* OTEL_NO_SPOOL: the spool directory is never set (otel__export_setup), so
   these are never reached */
static void otel__spool_spill(int sig, otel_span_data **recs, size_t n) { (void)sig; (void)recs; (void)n; }
static int otel__spool_replay(uint64_t deadline) { (void)deadline; return 0; }
static void otel__spool_clean_tmp(void) {}
static int otel__spool_scan(char *oldest, size_t cap, uint64_t *bytes, uint32_t *files) { (void)oldest; (void)cap; (void)bytes; (void)files; return 0; }
#endif

/* >> exporter loop: take, deliver, retry */
static void otel__exp_take(void) {
    otel_span_data *got[128], *pile[128];
    size_t n, npile = 0;
    uint64_t full[3] = {0, 0, 0};
    for (int s = 0; s < 3; s += 2)
        if (otel__x.q[s].nheld == 0) otel__x.q[s].first_held_ns = otel__mono_ns();
    otel__queue *sq = &otel__x.q[OTEL__SIG_TRACES];
    for (;;) {
        /* spans go straight onto the end of their queue when it has room for
           a whole take, the common case; from the first record that is not
           a span on, each one's way is chosen below */
        otel_span_data **into = got;
        int direct = sq->cap - sq->nheld >= 128 && otel__x.ch[OTEL__SIG_TRACES].kind != OTEL__EXP_NONE;
        if (direct) {
            if (sq->first + sq->nheld + 128 > sq->room) {
                memmove(sq->held, otel__q_at(sq), sq->nheld * sizeof *sq->held);
                sq->first = 0;
            }
            into = otel__q_at(sq) + sq->nheld;
        }
        OTEL__PROF_START(t0);
        n = otel_collect(into, 128);
        OTEL__PROF_END(OTEL__PROF_COLLECT, t0);
        if (!n) break;
        if (direct) {
            size_t k = 0;
            while (k < n && otel_record_type(into[k]) == OTEL_RECORD_SPAN) k++;
            sq->nheld += k;
            n -= k;
            memcpy(got, into + k, n * sizeof *got);   /* (the queue's next pushes write where they were) */
        }
        for (size_t i = 0; i < n; i++) {
            int sig = otel_record_type(got[i]) == OTEL_RECORD_LOG ? OTEL__SIG_LOGS : OTEL__SIG_TRACES;
            otel__queue *q = &otel__x.q[sig];
            if (otel__x.ch[sig].kind == OTEL__EXP_CONSOLE && sig == OTEL__SIG_LOGS) {
                otel__con_print_log(stdout, got[i]);
                otel__exp_pile(got[i], pile, &npile);
            } else if (q->nheld == q->cap && otel__x.spill && otel__x.ch[sig].kind != OTEL__EXP_NONE) {
                /* full queue, spool on: to disk instead of dropped */
                otel_span_data **sp = otel__x.spill + (size_t)sig * otel__x.spill_cap;
                sp[otel__x.nspill[sig]++] = got[i];
                if (otel__x.nspill[sig] == otel__x.spill_cap) { otel__spool_spill(sig, sp, otel__x.nspill[sig]); otel__x.nspill[sig] = 0; }
            } else if (otel__x.ch[sig].kind == OTEL__EXP_NONE || q->nheld == q->cap) {
                /* the queue is full (the backend is slow or down): what else
                   has ended is dropped and counted, so producers get their
                   arena back */
                if (otel__x.ch[sig].kind != OTEL__EXP_NONE) full[sig]++;
                otel__exp_discard(sig, got[i], pile, &npile);
            } else {
                otel__q_push(q, got[i]);
            }
        }
    }
    if (npile) {
        OTEL__PROF_START(t0);
        otel_release(pile, npile);
        OTEL__PROF_END(OTEL__PROF_RELEASE, t0);
    }
    for (int s = 0; s < 3; s += 2)
        if (otel__x.spill && otel__x.nspill[s]) {
            otel__spool_spill(s, otel__x.spill + (size_t)s * otel__x.spill_cap, otel__x.nspill[s]);
            otel__x.nspill[s] = 0;
            otel__x.spool_files++;
        }
    for (int s = 0; s < 3; s += 2)
        if (full[s]) OTEL__WARN("export queue full (%zu %s): %llu dropped", otel__x.q[s].cap, otel__sig_what[s], (unsigned long long)full[s]);
}

/* the delay before a retry: Retry-After when given (capped), else
   exponential backoff with jitter */
static uint64_t otel__exp_backoff_ms(otel__chan *c, int64_t retry_after_ms) {
    if (retry_after_ms >= 0) {
        uint64_t cap = 60000u;
        return (uint64_t)retry_after_ms < cap ? (uint64_t)retry_after_ms : cap;
    }
    uint64_t base = otel__x.retry_initial_ms;
    for (uint32_t i = 1; i < c->attempt && base < otel__x.retry_max_ms; i++) base *= 2;
    if (base > otel__x.retry_max_ms) base = otel__x.retry_max_ms;
    uint64_t r = otel__rng_next(&c->jitter) % 1000u;   /* jitter: 50%..150%, never past the cap */
    uint64_t wait = base / 2 + base * r / 1000u;
    return wait < otel__x.retry_max_ms ? wait : otel__x.retry_max_ms;
}

/* how a failed answer is shown: "HTTP 503", or "gRPC status UNAVAILABLE (14): <message>" */
static const char *otel__status_text(const otel__http_response *r, char *buf, size_t cap) {
    static const char *const grpc_names[17] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
    if (r->is_grpc)
        snprintf(buf, cap, "gRPC status %s (%d)%s%s", r->grpc_status >= 0 && r->grpc_status < 17 ? grpc_names[r->grpc_status] : "?",
                 r->grpc_status, r->message[0] ? ": " : "", r->message);
    else
        snprintf(buf, cap, "HTTP %d", r->status);
    return buf;
}
/* why a request got no answer */
static const char *otel__failure_text(int rc, const otel__http_response *r) {
    return r->closed && rc != OTEL_ERR_TIMEOUT ? "the server closed the connection" : otel_strerror(rc);
}

static int otel__is_retryable_status(int st) { return st == 429 || st == 502 || st == 503 || st == 504; }

/* partial_success in the response: the rejected items are counted as
   failed (never retried); returns how many of the batch's k were rejected */
/* a partial success's error message into msg (cap bytes, cut), printable
   ASCII only: it is the server's text, bound for our log */
static void otel__partial_msg(char *msg, size_t cap, const char *from, size_t k) {
    if (!cap) return;
    if (k >= cap) k = cap - 1;
    for (size_t i = 0; i < k; i++) msg[i] = from[i] >= 0x20 && from[i] < 0x7f ? from[i] : '?';
    msg[k] = 0;
}
static uint64_t otel__exp_partial(otel__chan *c, const otel__http_response *resp, size_t k) {
    static const char *const json_keys[3] = {"\"rejectedSpans\"", "\"rejectedDataPoints\"", "\"rejectedLogRecords\""};
    int64_t rejected = 0;
    char msg[160] = "";
    if (!resp->body || !resp->body_len) return 0;
    if (c->json) {
        const char *p = (const char *)resp->body, *end = p + resp->body_len, *jk = json_keys[c->sig];
        size_t kl = strlen(jk);
        const char *key = NULL;
        for (const char *q = p; q + kl <= end; q++) if (memcmp(q, jk, kl) == 0) { key = q + kl; break; }
        for (const char *q = p; q + 14 <= end; q++)   /* "errorMessage": "..." (escapes left as they are) */
            if (memcmp(q, "\"errorMessage\"", 14) == 0) {
                const char *m = q + 14, *e;
                while (m < end && (*m == ' ' || *m == ':')) m++;
                if (m < end && *m == '"') {
                    for (e = ++m; e < end && *e != '"'; e++) if (*e == '\\' && e + 1 < end) e++;
                    otel__partial_msg(msg, sizeof msg, m, (size_t)(e - m));
                }
                break;
            }
        if (!key) key = end;   /* (none rejected: perhaps a warning) */
        while (key < end && (*key == ' ' || *key == ':' || *key == '"')) key++;
        while (key < end && *key >= '0' && *key <= '9' && rejected < (int64_t)1 << 40) rejected = rejected * 10 + (*key++ - '0');
#ifdef OTEL_NO_PARTIAL_SUCCESS
    } else {
        (void)msg;
        return 0;   /* (protobuf responses are not decoded in this build) */
#else
    } else if (c->sig == OTEL__SIG_TRACES) {
        if (otel__pb_decode_partial(resp->body, resp->body_len, &rejected, msg, sizeof msg) != OTEL_OK) return 0;
    } else if (otel__pb_decode_partial_signal(c->sig, resp->body, resp->body_len, &rejected, msg, sizeof msg) != OTEL_OK) {
        return 0;
#endif
    }
    /* (the spec: a partial success with nothing rejected and a message is
       the server's warning; either way the message is logged) */
    if (rejected <= 0) {
        if (msg[0]) OTEL__WARN("the backend accepted %zu %s, with a warning: %s", k, otel__sig_what[c->sig], msg);
        return 0;
    }
    if ((uint64_t)rejected > k) rejected = (int64_t)k;
    OTEL__ADD(&otel__x.rejected, (uint64_t)rejected);
    OTEL__ADD(&c->failed, (uint64_t)rejected);
    OTEL__WARN("the backend rejected %lld of %zu %s%s%s", (long long)rejected, k, otel__sig_what[c->sig], msg[0] ? ": " : "", msg);
    return (uint64_t)rejected;
}

/* the body as it goes on the wire: gzip-compressed into the channel's zbuf
   when it asks for it (*gzip set), else as it is */
static const void *otel__exp_compress(otel__chan *c, const void *body, size_t *len, int *gzip) {
    *gzip = 0;
#ifdef OTEL_ZLIB
    if (!c->gzip || !c->z_ready || *len > 0xffffffffu) return body;
    z_stream *z = &c->z;
    if (deflateReset(z) != Z_OK) return body;
    z->next_in = (Bytef *)(uintptr_t)body;
    z->avail_in = (uInt)*len;
    z->next_out = c->zbuf;
    z->avail_out = (uInt)c->zbuf_cap;
    if (deflate(z, Z_FINISH) != Z_STREAM_END) {
        OTEL__WARN("gzip: a %zu-byte request did not compress into its buffer; sent uncompressed", *len);
        return body;
    }
    *len = (size_t)z->total_out;
    *gzip = 1;
    return c->zbuf;
#else
    (void)c; (void)len;
    return body;
#endif
}

static int otel__exp_send(otel__chan *c, const void *body, size_t len, int gzip, int timeout_ms, otel__http_response *resp) {
    const char *ct = c->json ? "application/json" : "application/x-protobuf";
    memset(resp, 0, sizeof *resp);
    resp->retry_after_ms = -1;
    if (c->kind == OTEL__EXP_CUSTOM) {
        otel_transport_result tr;
        memset(&tr, 0, sizeof tr);
        tr.retry_after_ms = -1;
        int rc = otel__x.transport(otel__x.transport_user, otel__sig_path[c->sig], ct, body, len, timeout_ms, &tr);
        resp->status = tr.http_status;
        resp->retry_after_ms = tr.retry_after_ms;
        resp->body = (const unsigned char *)tr.body;
        resp->body_len = tr.body_len;
        return rc;
    }
    if (c->kind == OTEL__EXP_FILE) {
        if (!otel__x.file) return OTEL_ERR_IO;
        if (fwrite(body, 1, len, otel__x.file) != len || fputc('\n', otel__x.file) == EOF || fflush(otel__x.file) != 0)
            return OTEL_ERR_IO;
        resp->status = 200;
        return OTEL_OK;
    }
    if (!c->http_ready) {
        int rc = otel__http_client_init(&c->http, &c->url, &c->tls);
        if (rc != OTEL_OK) return rc;
        c->http_ready = 1;
    }
#ifndef OTEL_NO_GRPC
    if (c->h2) return otel__grpc_export(c->h2, &c->http, c->sig, c->headers, (size_t)c->nheaders, body, len, gzip, timeout_ms, resp);
#endif
    return otel__http_post(&c->http, ct, gzip ? "gzip" : NULL, c->headers, (size_t)c->nheaders, body, len, timeout_ms, resp);
}

/* Sends one encoded request of k items; returns 1 when it is settled
   (delivered, or dropped as not retryable), 0 when it is to be retried. */
/* a request's own timeout: the channel's, cut to what is left before deadline */
static int otel__exp_timeout(const otel__chan *c, uint64_t deadline) {
    uint64_t now = otel__mono_ns();
    int64_t left_ms = deadline > now ? (int64_t)((deadline - now) / 1000000u) : 0;
    int timeout = c->timeout_ms > 0 ? c->timeout_ms : INT_MAX;   /* 0: no limit of its own */
    if (left_ms < timeout) timeout = (int)left_ms;
    return timeout < 1 ? 1 : timeout;
}

static int otel__exp_outcome(otel__chan *c, int rc, const otel__http_response *r, size_t len, size_t k, size_t queued,
                             uint64_t *delivered, uint64_t *refused);
static int otel__exp_deliver_to(otel__chan *c, const void *body, size_t len, size_t k, uint64_t deadline, size_t queued,
                                uint64_t *delivered, uint64_t *refused) {
    int timeout = otel__exp_timeout(c, deadline);
    otel__http_response resp;
    int gzip;
    body = otel__exp_compress(c, body, &len, &gzip);
    int rc = otel__exp_send(c, body, len, gzip, timeout, &resp);
    return otel__exp_outcome(c, rc, &resp, len, k, queued, delivered, refused);
}

/* what the answer to a request of k items (len bytes on the wire), or the
   failure rc, means: 1 settled (delivered, or dropped as not retryable), 0
   to be retried (the backoff set) */
static int otel__exp_outcome(otel__chan *c, int rc, const otel__http_response *r, size_t len, size_t k, size_t queued,
                             uint64_t *delivered, uint64_t *refused) {
    c->last_sent = rc != OTEL_OK && r->sent;
    if (rc == OTEL_OK && r->status >= 200 && r->status < 300) {
        OTEL__ADD(&otel__x.bytes, (uint64_t)len);
        uint64_t rejected = otel__exp_partial(c, r, k);
        OTEL__ADD(delivered, (uint64_t)k - rejected);
        c->attempt = 0;
        /* (another call's retry still waits out its backoff: gRPC calls in flight at once) */
        if (c->next_attempt_ns <= otel__mono_ns()) c->next_attempt_ns = 0;
        return 1;
    }
    char why[224];
    if (rc == OTEL_OK && !otel__is_retryable_status(r->status)) {
        OTEL__ADD(refused, (uint64_t)k);
        OTEL__WARN("export failed with %s; %zu %s dropped (not retryable)", otel__status_text(r, why, sizeof why), k,
                   otel__sig_what[c->sig]);
        c->attempt = 0;
        return 1;
    }
    c->attempt++;
    OTEL__ADD(&otel__x.retries, 1);
    uint64_t wait = otel__exp_backoff_ms(c, rc == OTEL_OK ? r->retry_after_ms : -1);
    c->next_attempt_ns = otel__mono_ns() + wait * 1000000u;
    if (rc == OTEL_OK)
        OTEL__WARN("export got %s; retrying in %llu ms (%zu %s queued)", otel__status_text(r, why, sizeof why),
                   (unsigned long long)wait, queued, otel__sig_what[c->sig]);
    else
        OTEL__WARN("export to %s failed: %s; retrying in %llu ms (%zu %s queued)", c->url_show,
                   otel__failure_text(rc, r), (unsigned long long)wait, queued, otel__sig_what[c->sig]);
    return 0;
}

static int otel__exp_deliver(otel__chan *c, const void *body, size_t len, size_t k, uint64_t deadline, size_t queued) {
    return otel__exp_deliver_to(c, body, len, k, deadline, queued, &c->exported, &c->failed);
}

/* ---- the sender threads: a signal's requests on the wire ---- */
#ifndef OTEL_NO_THREADS
static pthread_mutex_t otel__snd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t otel__snd_done = PTHREAD_COND_INITIALIZER;   /* a request settled or put back */

/* the oldest posted request the sender has not taken (taken: a bit per
   request), or NULL; under otel__snd_lock */
static otel__post *otel__sender_next(otel__chan *c, unsigned taken) {
    otel__post *best = NULL;
    for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) {
        otel__post *p = &c->snd.p[i];
        if (p->state == OTEL__SND_POSTED && !(taken >> i & 1u) && (!best || p->seq < best->seq)) best = p;
    }
    return best;
}
/* a request's outcome handed back, and the exporter's thread woken */
static void otel__sender_done(otel__post *p) {
    pthread_mutex_lock(&otel__snd_lock);
    p->state = OTEL__SND_DONE;
    pthread_mutex_unlock(&otel__snd_lock);
    pthread_cond_broadcast(&otel__snd_done);   /* (after the unlock: a waiter woken on this core does not block on the lock) */
    /* the background thread takes the outcome, and posts the next (not
       during a shutdown: it waits for the senders itself, and its
       semaphore goes away) */
    if (!OTEL__LOAD(&otel__g.stop_deadline)) otel_wake();
}

#ifndef OTEL_NO_GRPC
/* A gRPC channel's sender: each posted request a call of its own (call
   slot i for post i), up to OTEL_GRPC_CALLS at once on one HTTP/2
   connection; the answers go back as they come, judged by the exporter's
   thread. h is touched only while a call of the sender's own is live: the
   exporter's thread makes a call of its own (the spool) only when this
   signal has none posted. */
static void otel__grpc_sender(otel__chan *c) {
    otel__h2 *h = c->h2;
    unsigned mine = 0;   /* the calls taken and not handed back: a bit per call slot */
    pthread_mutex_lock(&otel__snd_lock);
    for (;;) {
        otel__post *p = otel__sender_next(c, mine);
        if (!p && !mine) {
            if (c->snd.stop) break;
            pthread_cond_wait(&c->snd.work, &otel__snd_lock);
            continue;
        }
        pthread_mutex_unlock(&otel__snd_lock);
        if (p) {   /* (its fields are the sender's while it is posted) */
            unsigned i = (unsigned)(p - c->snd.p);
            h->taken++;
            if (!c->http_ready && otel__http_client_init(&c->http, &c->url, &c->tls) == OTEL_OK) c->http_ready = 1;
            otel__grpc_bind(h, &c->http, c->headers, (size_t)c->nheaders);
            h->wake = c->snd.piped ? c->snd.wake[0] : -1;
            int gzip, timeout = otel__exp_timeout(c, p->deadline);
            p->wire_len = p->len;
            const void *body = otel__exp_compress(c, p->body, &p->wire_len, &gzip);   /* (gzip: one call at a time) */
            p->rc = c->http_ready ? otel__grpc_queue(h, i, c->sig, body, p->wire_len, gzip, timeout,
                                                     otel__mono_ns() + (uint64_t)timeout * 1000000u)
                                  : OTEL_ERR_TLS;
            h->call[i].seq = p->seq;
            if (p->rc != OTEL_OK) {
                memset(&p->resp, 0, sizeof p->resp);
                otel__sender_done(p);
            } else {
                mine |= 1u << i;
            }
        } else {
            OTEL__PROF_START(t0);
            otel__grpc_run(h);
            OTEL__PROF_END(OTEL__PROF_SEND, t0);
            for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) {
                if (!(mine >> i & 1u) || h->call[i].state != OTEL__H2C_DONE) continue;
                mine &= ~(1u << i);
                c->snd.p[i].rc = otel__grpc_result(&h->call[i], &c->snd.p[i].resp);
                otel__sender_done(&c->snd.p[i]);
            }
        }
        pthread_mutex_lock(&otel__snd_lock);
    }
    pthread_mutex_unlock(&otel__snd_lock);
}
#endif

static void *otel__sender_main(void *arg) {
    otel__chan *c = (otel__chan *)arg;
#ifndef OTEL_NO_GRPC
    if (c->h2) { otel__grpc_sender(c); return NULL; }
#endif
    pthread_mutex_lock(&otel__snd_lock);
    for (;;) {
        otel__post *p;
        while (!(p = otel__sender_next(c, 0)) && !c->snd.stop) pthread_cond_wait(&c->snd.work, &otel__snd_lock);
        if (!p) break;
        const void *body = p->body;
        size_t len = p->len, k = p->k, queued = p->queued;
        uint64_t deadline = p->deadline;
        pthread_mutex_unlock(&otel__snd_lock);
        OTEL__PROF_START(t0);
        int settled = otel__exp_deliver(c, body, len, k, deadline, queued);
        OTEL__PROF_END(OTEL__PROF_SEND, t0);
        p->settled = settled;
        p->sent = c->last_sent;
        otel__sender_done(p);
        pthread_mutex_lock(&otel__snd_lock);
    }
    pthread_mutex_unlock(&otel__snd_lock);
    return NULL;
}
/* starts the channel's sender thread (HTTP and gRPC only): at init, and in
   a forked child at its first request; 0 when it has none */
static int otel__sender_start(otel__chan *c) {
    if (c->kind != OTEL__EXP_HTTP) return 0;
    if (c->snd.started) return 1;
    c->snd.stop = 0;
    for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) c->snd.p[i].state = OTEL__SND_IDLE;
#ifndef OTEL_NO_GRPC
    if (c->h2) {
        for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) c->h2->call[i].state = OTEL__H2C_FREE;
        c->h2->posts = c->h2->taken = 0;
        c->h2->wake_armed = 0;
        if (pipe(c->snd.wake) != 0) return 0;
        c->snd.piped = 1;
        for (int e = 0; e < 2; e++) {
            fcntl(c->snd.wake[e], F_SETFL, fcntl(c->snd.wake[e], F_GETFL) | O_NONBLOCK);
            fcntl(c->snd.wake[e], F_SETFD, FD_CLOEXEC);
        }
    }
#endif
    if (pthread_cond_init(&c->snd.work, NULL) != 0) return 0;
    if (pthread_create(&c->snd.thread, NULL, otel__sender_main, c) != 0) { pthread_cond_destroy(&c->snd.work); return 0; }
    c->snd.started = 1;
    return 1;
}
/* closes the sender's wake-up pipe */
static void otel__sender_unpipe(otel__chan *c) {
    if (c->snd.piped) { close(c->snd.wake[0]); close(c->snd.wake[1]); }
    c->snd.piped = 0;
}
/* hands request i (the send buffer's; metrics: 0) to the channel's sender
   thread; 0 when the channel has none (not HTTP, or no thread): the caller
   sends it itself */
static int otel__sender_post(otel__chan *c, unsigned i, const void *body, size_t len, size_t k, uint64_t deadline, size_t queued) {
    if (!otel__sender_start(c)) return 0;
    otel__post *p = &c->snd.p[i];
    pthread_mutex_lock(&otel__snd_lock);
    p->body = body; p->len = len; p->k = k; p->queued = queued; p->deadline = deadline;
    p->seq = ++c->snd.seq;
    p->state = OTEL__SND_POSTED;
#ifndef OTEL_NO_GRPC
    if (c->h2) otel__h2_posted(c->h2);
#endif
    pthread_mutex_unlock(&otel__snd_lock);
    pthread_cond_signal(&c->snd.work);   /* (after the unlock, as above) */
#ifndef OTEL_NO_GRPC
    if (c->snd.piped && otel__h2_wanted(c->h2)) { ssize_t w = write(c->snd.wake[1], "", 1); (void)w; }   /* a sender waiting for frames */
#endif
    return 1;
}
/* request i's state: OTEL__SND_IDLE, _POSTED (on the wire) or _DONE
   (*settled, *sent: its outcome, judged here for gRPC; the state back to
   idle) */
static int otel__sender_take(otel__chan *c, unsigned i, int *settled, int *sent) {
    otel__post *p = &c->snd.p[i];
    int live = c->snd.started;   /* (without a sender thread, nothing to lock against) */
    if (live) pthread_mutex_lock(&otel__snd_lock);
    int st = p->state;
    if (st == OTEL__SND_DONE) p->state = OTEL__SND_IDLE;
    if (live) pthread_mutex_unlock(&otel__snd_lock);
    if (st != OTEL__SND_DONE) return st;
#ifndef OTEL_NO_GRPC
    if (c->h2) {
        p->settled = otel__exp_outcome(c, p->rc, &p->resp, p->wire_len, p->k, p->queued, &c->exported, &c->failed);
        p->sent = c->last_sent;
    }
#endif
    *settled = p->settled;
    *sent = p->sent;
    return st;
}
/* waits until a sender is done, or until t */
static void otel__sender_wait(uint64_t t) {
    uint64_t now = otel__mono_ns();
    if (t <= now) return;
    struct timespec ts;
    otel__abs_deadline(&ts, (t - now) / 1000000u + 1u);
    pthread_mutex_lock(&otel__snd_lock);
    int any = 0;
    for (unsigned s = 0; s < OTEL__NCHAN; s++)
        for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) any |= otel__chan_at(s)->snd.p[i].state == OTEL__SND_DONE;
    if (!any) pthread_cond_timedwait(&otel__snd_done, &otel__snd_lock, &ts);
    pthread_mutex_unlock(&otel__snd_lock);
}
/* stops the sender threads (requests on the wire end at the shutdown's deadline) */
static void otel__sender_stop_all(void) {
    pthread_mutex_lock(&otel__snd_lock);
    for (unsigned s = 0; s < OTEL__NCHAN; s++) {
        otel__chan *c = otel__chan_at(s);
        c->snd.stop = 1;
        if (c->snd.started) pthread_cond_signal(&c->snd.work);
    }
    pthread_mutex_unlock(&otel__snd_lock);
    for (unsigned s = 0; s < OTEL__NCHAN; s++) {
        otel__chan *c = otel__chan_at(s);
        if (c->snd.started) { pthread_join(c->snd.thread, NULL); pthread_cond_destroy(&c->snd.work); c->snd.started = 0; }
        otel__sender_unpipe(c);
    }
}
#endif

/* send buffer i's request was settled (delivered, or dropped as not
   retryable) or is to be retried (sent: its attempt went out whole without
   an answer); settled requests give their records back to the arena
   oldest first, so one settled while an older one is not waits for it */
static void otel__exp_settled(int sig, unsigned i, int settled, int sent) {
    otel__queue *q = &otel__x.q[sig];
    otel__sendbuf *sl = &q->slot[i];
    sl->st = settled ? OTEL__SL_DONE : OTEL__SL_READY;
    sl->unsure |= !settled && sent;
    while (q->nfull && q->slot[q->head].st == OTEL__SL_DONE) {
        sl = &q->slot[q->head];
        otel__exp_shift(q, sl->k);
        q->nenc -= sl->k;
        sl->st = OTEL__SL_READY;
        sl->unsure = 0;
        q->head = (q->head + 1) % OTEL_EXPORT_BUFFERS;
        q->nfull--;
    }
}
/* the first send buffer, oldest first, encoded and not on the wire: its index + 1, 0 if none */
static unsigned otel__exp_ready(const otel__queue *q) {
    for (unsigned n = 0; n < q->nfull; n++) {
        unsigned i = (q->head + n) % OTEL_EXPORT_BUFFERS;
        if (q->slot[i].st == OTEL__SL_READY) return i + 1;
    }
    return 0;
}
/* at shutdown: the records of requests settled behind an older one not
   settled go back to the arena (they are counted), the others stay held,
   none encoded; returns how many of them went out whole without an answer */
static size_t otel__exp_unwind(otel__queue *q) {
    size_t at = 0, unsure = 0;
    for (unsigned n = 0; n < q->nfull; n++) {
        otel__sendbuf *sl = &q->slot[(q->head + n) % OTEL_EXPORT_BUFFERS];
        otel_span_data **r = otel__q_at(q) + at;
        if (sl->st == OTEL__SL_DONE) {
            otel_release(r, sl->k);
            memmove(r, r + sl->k, (q->nheld - at - sl->k) * sizeof *r);
            q->nheld -= sl->k;
        } else {
            unsure += sl->unsure ? sl->k : 0;
            at += sl->k;
        }
        sl->st = OTEL__SL_READY;
        sl->unsure = 0;
    }
    q->nfull = 0; q->nenc = 0; q->head = 0;
    return unsure;
}

/* encodes the next batch of held records into a free send buffer; returns
   1 when something changed (a buffer filled, or a record too large for any
   buffer dropped) */
static int otel__exp_encode_next(int sig) {
    otel__queue *q = &otel__x.q[sig];
    otel__chan *c = &otel__x.ch[sig];
    if (q->nfull == OTEL_EXPORT_BUFFERS || q->nenc == q->nheld) return 0;
    otel__sendbuf *sl = &q->slot[(q->head + q->nfull) % OTEL_EXPORT_BUFFERS];
    size_t left = q->nheld - q->nenc, n = left < q->batch ? left : q->batch;
    OTEL__PROF_START(t0);
    sl->k = otel__encode_records(sig, c->json || c->kind == OTEL__EXP_FILE, otel__q_at(q) + q->nenc, n, sl->buf,
                                 otel__x.slot_cap, &sl->off, &sl->len);
    OTEL__PROF_END(OTEL__PROF_ENCODE, t0);
    if (sl->k == 0) {   /* one record larger than the whole buffer: dropped once it is the oldest */
        if (q->nenc) return 0;
        OTEL__ADD(&c->failed, 1);
        OTEL__WARN("a record does not fit in the %zu-byte export buffer; dropped", otel__x.slot_cap);
        otel__exp_shift(q, 1);
        return 1;
    }
    q->nenc += sl->k;
    q->nfull++;
    return 1;
}

/* sends the oldest encoded batch not on the wire (encoding one first if
   none is): on the signal's sender thread when it has one, else here */
static void otel__exp_export_batch(int sig, uint64_t deadline) {
    otel__queue *q = &otel__x.q[sig];
    otel__chan *c = &otel__x.ch[sig];
    unsigned i = otel__exp_ready(q);
    if (!i && otel__exp_encode_next(sig)) i = otel__exp_ready(q);
    if (!i--) return;
    otel__sendbuf *sl = &q->slot[i];
#ifndef OTEL_NO_THREADS
    if (otel__sender_post(c, i, sl->buf + sl->off, sl->len, sl->k, deadline, q->nheld)) { sl->st = OTEL__SL_WIRE; return; }
#endif
    OTEL__PROF_START(t1);
    int settled = otel__exp_deliver(c, sl->buf + sl->off, sl->len, sl->k, deadline, q->nheld);
    OTEL__PROF_END(OTEL__PROF_SEND, t1);
    otel__exp_settled(sig, i, settled, c->last_sent);
}

static void otel__sleep_until(uint64_t t) {
    uint64_t now = otel__mono_ns();
    if (t <= now) return;
    uint64_t d = t - now;
    struct timespec ts;
    ts.tv_sec = (time_t)(d / 1000000000u);
    ts.tv_nsec = (long)(d % 1000000000u);
    nanosleep(&ts, NULL);
}

/* ---- metrics: the Prometheus exporter (OTEL_METRICS_EXPORTER=prometheus) ----
   A thread of its own serves GET /metrics on OTEL_EXPORTER_PROMETHEUS_HOST /
   _PORT (localhost:9464), one connection at a time, each with a deadline
   for the whole exchange (a slow or silent client only delays the next
   scrape) and a request of at most 8 KiB. A scrape asks the background
   thread for a collection (callbacks run there, as for OTLP) and waits for
   it at most a second; the background thread renders the text exposition
   format into a buffer of its own and swaps it in under a lock that is
   never held while a socket is written. */
#if !defined(OTEL_NO_METRICS) && !defined(OTEL_NO_THREADS)
#define OTEL__PROM_REQ_MAX 8192
#define OTEL__PROM_IO_MS 5000
static struct {
    int fd, running, stop, wanted;
    int started;                    /* the thread: started by the background thread's first poll */
    pid_t pid;                      /* the process that listens (a forked child does not serve) */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    uint64_t gen;                   /* renderings swapped in */
    char *back, *front, *send;      /* the worker's, the latest, the server thread's */
    size_t back_len, front_len, cap;
    unsigned reader;                /* its metric reader */
} otel__prom;
/* the reader's without_scope_info, _type_suffix, _units (bits 1, 2, 4) */
static unsigned otel__prom_without;

/* a metric or label name: [a-zA-Z0-9_:] (labels without ':'), a digit
   first gets an underscore, runs of underscores one */
static void otel__prom_name(otel__wbuf *w, const char *s, int label) {
    size_t start = w->len;
    int last_us = 0;
    if (*s >= '0' && *s <= '9') { otel__w(w, "_", 1); last_us = 1; }
    for (; *s; s++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (!label && c == ':');
        if (!ok) c = '_';
        if (c == '_' && last_us) continue;
        last_us = c == '_';
        otel__w(w, &c, 1);
    }
    if (w->len == start) otel__w(w, "_", 1);
}
/* UCUM unit to the name's suffix, after the specification's table; units
   in braces are annotations and give none */
static const char *otel__prom_unit_word(const char *u, size_t n, int per) {
    static const char *const map[][3] = {
        {"d", "days", "day"}, {"h", "hours", "hour"}, {"min", "minutes", "minute"}, {"s", "seconds", "second"},
        {"ms", "milliseconds", NULL}, {"us", "microseconds", NULL}, {"ns", "nanoseconds", NULL},
        {"By", "bytes", NULL}, {"KiBy", "kibibytes", NULL}, {"MiBy", "mebibytes", NULL}, {"GiBy", "gibibytes", NULL},
        {"TiBy", "tibibytes", NULL}, {"KBy", "kilobytes", NULL}, {"MBy", "megabytes", NULL}, {"GBy", "gigabytes", NULL},
        {"TBy", "terabytes", NULL}, {"m", "meters", "minute"}, {"V", "volts", NULL}, {"A", "amperes", NULL},
        {"J", "joules", NULL}, {"W", "watts", NULL}, {"g", "grams", NULL}, {"Cel", "celsius", NULL}, {"Hz", "hertz", NULL},
        {"%", "percent", NULL}, {"w", NULL, "week"}, {"mo", NULL, "month"}, {"y", NULL, "year"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strlen(map[i][0]) == n && memcmp(map[i][0], u, n) == 0 && map[i][per ? 2 : 1]) return map[i][per ? 2 : 1];
    return NULL;
}
/* the suffix for a unit into out ("" for none): "ms" -> "milliseconds", "By/s" -> "bytes_per_second" */
static void otel__prom_unit(const char *unit, int gauge_ratio, char *out, size_t cap) {
    otel__wbuf w = {out, 0, cap - 1, 0};
    if (unit && strcmp(unit, "1") == 0) { if (gauge_ratio) otel__ws(&w, "ratio"); }
    else if (unit && *unit && *unit != '{') {
        const char *slash = strchr(unit, '/');
        size_t n = slash ? (size_t)(slash - unit) : strlen(unit);
        const char *a = otel__prom_unit_word(unit, n, 0);
        char raw[72];
        if (!a && n < sizeof raw && memchr(unit, '{', n) == NULL) { memcpy(raw, unit, n); raw[n] = 0; a = raw; }
        if (a && n) otel__prom_name(&w, a, 1);
        if (slash && slash[1] && slash[1] != '{') {
            const char *b = otel__prom_unit_word(slash + 1, strlen(slash + 1), 1);
            if (a && n) otel__ws(&w, "_");
            otel__ws(&w, "per_");
            otel__prom_name(&w, b ? b : slash + 1, 1);
        }
    }
    out[w.full ? 0 : w.len] = 0;
}
/* the shortest of %.15g, %.16g, %.17g that reads back as d */
static void otel__prom_value(otel__wbuf *w, double d) {
    char t[40];
    int n = 0;
    if (d != d) { otel__ws(w, "NaN"); return; }
    if (d > 1.7976931348623157e308) { otel__ws(w, "+Inf"); return; }
    if (d < -1.7976931348623157e308) { otel__ws(w, "-Inf"); return; }
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(t, sizeof t, "%.*g", prec, d);
        if (strtod(t, NULL) == d) break;
    }
    otel__w(w, t, (size_t)n);
}
/* an array attribute as plain JSON: [1,2], [0.5], [true], ["a","b"] */
static void otel__json_anyvalue_plain(otel__wbuf *b, const otel_attr *a) {
    otel__w(b, "[", 1);
    const char *p = a->v.strs.packed;
    for (size_t i = 0; i < a->v.ints.count; i++) {
        if (i) otel__w(b, ",", 1);
        if (a->type == OTEL_TYPE_STRING_ARRAY) {
            uint32_t n;
            memcpy(&n, p, 4);
            otel__wstr(b, p + 4, n);
            p += 4 + n + 1;
        } else if (a->type == OTEL_TYPE_INT_ARRAY) {
            char t[24];
            otel__w(b, t, (size_t)snprintf(t, sizeof t, "%lld", (long long)a->v.ints.items[i]));
        } else if (a->type == OTEL_TYPE_DOUBLE_ARRAY) {
            otel__prom_value(b, a->v.doubles.items[i]);
        } else {
            otel__ws(b, a->v.bools.items[i] ? "true" : "false");
        }
    }
    otel__w(b, "]", 1);
}
static void otel__prom_escape(otel__wbuf *w, const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\') otel__w(w, "\\\\", 2);
        else if (c == '"') otel__w(w, "\\\"", 2);
        else if (c == '\n') otel__w(w, "\\n", 2);
        else otel__w(w, &c, 1);
    }
}
static void otel__prom_label_text(otel__wbuf *w, const otel_attr *a) {
    char t[40];
    if (a->type == OTEL_TYPE_STRING) {
        otel__prom_escape(w, a->v.str.ptr, a->v.str.len == (size_t)-1 ? strlen(a->v.str.ptr) : a->v.str.len);
    } else if (a->type >= OTEL_TYPE_STRING_ARRAY && a->type <= OTEL_TYPE_BOOL_ARRAY) {
        /* an array: its JSON text, as the specification says (escaped as a label value) */
        char j[512];
        otel__wbuf jw = {j, 0, sizeof j, 0};
        otel__json_anyvalue_plain(&jw, a);
        otel__prom_escape(w, j, jw.len < sizeof j ? jw.len : sizeof j);
    } else if (a->type == OTEL_TYPE_BOOL) {
        otel__ws(w, a->v.b ? "true" : "false");
    } else if (a->type == OTEL_TYPE_DOUBLE) {
        otel__prom_value(w, a->v.d);
    } else {
        otel__w(w, t, (size_t)snprintf(t, sizeof t, "%lld", (long long)a->v.i));
    }
}
static void otel__prom_label_value(otel__wbuf *w, const otel_attr *a) {
    otel__w(w, "\"", 1);
    otel__prom_label_text(w, a);
    otel__w(w, "\"", 1);
}
/* {attributes,otel_scope_name=..,otel_scope_version=..[,otel_scope_schema_url=..]
   [,otel_scope_<attribute>=..][,le=..]}: the metric's meter (the default
   one: otel.h and its version); a scope attribute named like one of the
   three is left out. Attribute keys that sanitize to one label name
   (http.route, http_route) give one label: the values joined with ";" in
   the order of the original keys, sorted. */
static void otel__prom_labels(otel__wbuf *w, const otel_attr *a, size_t n, const otel_scope *sc, const char *le) {
    char lab[16][256];
    otel__w(w, "{", 1);
    if (n > 16) n = 16;
    for (size_t i = 0; i < n; i++) {
        otel__wbuf lw = {lab[i], 0, sizeof lab[i] - 1, 0};
        otel__prom_name(&lw, a[i].key, 1);
        lab[i][lw.len] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        size_t j = 0, k, m = 0, grp[16];
        while (j < i && strcmp(lab[j], lab[i]) != 0) j++;
        if (j < i) continue;   /* merged into an earlier label */
        for (k = i; k < n; k++) {   /* the keys of this label, sorted */
            if (k > i && strcmp(lab[k], lab[i]) != 0) continue;
            size_t at = m++;
            while (at && strcmp(a[grp[at - 1]].key, a[k].key) > 0) { grp[at] = grp[at - 1]; at--; }
            grp[at] = k;
        }
        otel__ws(w, lab[i]);
        otel__ws(w, "=\"");
        for (k = 0; k < m; k++) {
            if (k) otel__w(w, ";", 1);
            otel__prom_label_text(w, &a[grp[k]]);
        }
        otel__ws(w, "\",");
    }
    if (otel__prom_without & 1) {   /* without_scope_info */
        if (le) { otel__ws(w, "le=\""); otel__ws(w, le); otel__ws(w, "\"}"); }
        else if (!w->full && w->len && w->p[w->len - 1] == ',') w->p[w->len - 1] = '}';
        else otel__w(w, "}", 1);
        return;
    }
    int named = sc && sc->index;
    otel__ws(w, "otel_scope_name=\"");
    const char *nm = named ? sc->name : otel_scope_name(), *ver = named ? sc->version : OTEL_VERSION_STRING;
    otel__prom_escape(w, nm, strlen(nm));
    otel__ws(w, "\",otel_scope_version=\"");
    if (ver) otel__prom_escape(w, ver, strlen(ver));
    otel__w(w, "\"", 1);
    if (named && sc->schema_url && *sc->schema_url) {
        otel__ws(w, ",otel_scope_schema_url=\"");
        otel__prom_escape(w, sc->schema_url, strlen(sc->schema_url));
        otel__w(w, "\"", 1);
    }
    for (uint32_t i = 0; named && i < sc->attr_count; i++) {
        const char *k = sc->attrs[i].key;
        char key[160];
        if (!strcmp(k, "name") || !strcmp(k, "version") || !strcmp(k, "schema_url")) continue;
        snprintf(key, sizeof key, "otel_scope_%s", k);
        otel__w(w, ",", 1);
        otel__prom_name(w, key, 1);
        otel__w(w, "=", 1);
        otel__prom_label_value(w, &sc->attrs[i]);
    }
    if (le) { otel__ws(w, ",le=\""); otel__ws(w, le); otel__w(w, "\"", 1); }
    otel__w(w, "}", 1);
}
/* a metric's family name into name, and its TYPE ('c'ounter, 'h'istogram,
   'g'auge; 0 for an exponential histogram, which is left out) */
static char otel__prom_family(const otel_metric_info *mi, char *name, size_t cap) {
    int counter = mi->kind == OTEL_INSTRUMENT_COUNTER, hist = mi->kind == OTEL_INSTRUMENT_HISTOGRAM;
    char unit[96];
    otel__wbuf nw = {name, 0, cap - 1, 0};
    otel__prom_name(&nw, mi->name, 0);
    if (otel__prom_without & 4) unit[0] = 0;   /* without_units */
    else otel__prom_unit(mi->unit, !counter && !hist, unit, sizeof unit);
    size_t ul = strlen(unit);
    if (ul && !(nw.len > ul && memcmp(name + nw.len - ul, unit, ul) == 0 && name[nw.len - ul - 1] == '_')) {
        otel__ws(&nw, "_");
        otel__ws(&nw, unit);
    }
    if (counter && !(otel__prom_without & 2) && !(nw.len >= 6 && memcmp(name + nw.len - 6, "_total", 6) == 0)) otel__ws(&nw, "_total");
    name[nw.full ? 0 : nw.len] = 0;
    return mi->exponential ? 0 : counter ? 'c' : hist ? 'h' : 'g';
}
/* one point's lines */
static void otel__prom_point(otel__wbuf *w, const char *name, const otel_metric_info *mi, const otel_metric_point *p) {
    otel_attr a[16];
    size_t na = otel_metric_point_attrs(p, a, 16);
    if (mi->kind == OTEL_INSTRUMENT_HISTOGRAM) {
        uint64_t cum = 0;
        for (size_t i = 0; i <= mi->bound_count; i++) {
            char le[40];
            cum += p->bucket_counts[i];
            if (i < mi->bound_count) {
                otel__wbuf lw = {le, 0, sizeof le - 1, 0};
                otel__prom_value(&lw, mi->bounds[i]);
                le[lw.len] = 0;
            } else {
                memcpy(le, "+Inf", 5);
            }
            otel__ws(w, name); otel__ws(w, "_bucket");
            otel__prom_labels(w, a, na, mi->scope, le);
            otel__w(w, " ", 1); otel__wu64(w, cum, 0); otel__w(w, "\n", 1);
        }
        otel__ws(w, name); otel__ws(w, "_sum"); otel__prom_labels(w, a, na, mi->scope, NULL);
        otel__w(w, " ", 1); otel__prom_value(w, p->sum); otel__w(w, "\n", 1);
        otel__ws(w, name); otel__ws(w, "_count"); otel__prom_labels(w, a, na, mi->scope, NULL);
        otel__w(w, " ", 1); otel__wu64(w, p->count, 0); otel__w(w, "\n", 1);
    } else {
        char t[32];
        otel__ws(w, name);
        otel__prom_labels(w, a, na, mi->scope, NULL);
        otel__w(w, " ", 1);
        if (mi->is_double) otel__prom_value(w, p->as_double);
        else otel__w(w, t, (size_t)snprintf(t, sizeof t, "%lld", (long long)p->as_int));
        otel__w(w, "\n", 1);
    }
}
/* Metadata deduplication: streams whose names meet (one instrument name in
   two meters, a view renaming into another) are one family, its HELP and
   TYPE (the first stream's) once, the points of all of them under it; a
   stream whose TYPE differs from the family's is left out with a warning.
   fam[i]: a hash of instrument i's family name (0: no points this
   collection), ftype[i] its TYPE. */
static uint64_t otel__prom_fam[OTEL_MAX_INSTRUMENTS];
static char otel__prom_ftype[OTEL_MAX_INSTRUMENTS];
static uint64_t otel__prom_hash(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h | 1;
}
/* the points of the streams after instrument i in its family */
static void otel__prom_rest(otel__wbuf *w, uint32_t i, const char *name) {
    otel_metric_info mi;
    otel_metric_point p;
    for (uint32_t k = i + 1; k < OTEL_MAX_INSTRUMENTS; k++) {
        if (otel__prom_fam[k] != otel__prom_fam[i]) continue;
        otel_metric_iter j = {k, 0, 0};
        if (otel__prom_ftype[k] != otel__prom_ftype[i]) {
            if (otel_metrics_next(&j, &mi, &p))
                OTEL__WARN("prometheus: '%.64s' left out: its name meets another metric's of another type", mi.name);
            continue;
        }
        while (otel_metrics_next(&j, &mi, &p) && j.inst == k) otel__prom_point(w, name, &mi, &p);
    }
}
/* the last collection in the text exposition format 0.0.4; 0 when it did not fit */
static size_t otel__prom_render(char *buf, size_t cap) {
    otel__wbuf w = {buf, 0, cap, 0};
    const otel_attr *res;
    size_t nres = otel_resource_attrs(&res);
    otel__ws(&w, "# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{");
    for (size_t i = 0; i < nres; i++) {
        if (i) otel__w(&w, ",", 1);
        otel__prom_name(&w, res[i].key, 1);
        otel__w(&w, "=", 1);
        otel__prom_label_value(&w, &res[i]);
    }
    otel__ws(&w, "} 1\n");
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    const double *last = NULL;
    char name[320];
    int skip = 0;
    uint32_t cur = UINT32_MAX, owner = UINT32_MAX;   /* the instrument walked, the family's first */
    memset(otel__prom_fam, 0, sizeof otel__prom_fam);
    for (uint32_t k = 0; k < OTEL_MAX_INSTRUMENTS; k = it.inst + 1) {   /* each instrument's family */
        it.inst = k; it.series = 0; it.started = 0;
        if (!otel_metrics_next(&it, &mi, &p) || it.inst >= OTEL_MAX_INSTRUMENTS) break;
        otel__prom_ftype[it.inst] = otel__prom_family(&mi, name, sizeof name);
        if (otel__prom_ftype[it.inst]) otel__prom_fam[it.inst] = otel__prom_hash(name);
    }
    memset(&it, 0, sizeof it);
    while (otel_metrics_next(&it, &mi, &p)) {
        if (mi.bounds != last || it.inst != cur) {   /* a new metric: its name, HELP and TYPE */
            if (owner != UINT32_MAX) otel__prom_rest(&w, owner, name);
            last = mi.bounds;
            cur = it.inst;
            owner = UINT32_MAX;
            char type = otel__prom_family(&mi, name, sizeof name);
            skip = !type;
            if (skip) { OTEL__WARN("prometheus: exponential histogram '%.64s' left out (the text format has no native histograms)", mi.name); continue; }
            if (cur < OTEL_MAX_INSTRUMENTS) {
                uint32_t j = 0;
                while (j < cur && otel__prom_fam[j] != otel__prom_fam[cur]) j++;
                skip = j < cur;   /* written with the family's first stream */
                if (skip) continue;
                owner = cur;
            }
            if (*mi.description) {
                otel__ws(&w, "# HELP "); otel__ws(&w, name); otel__w(&w, " ", 1);
                for (const char *d = mi.description; *d; d++) {
                    if (*d == '\\') otel__w(&w, "\\\\", 2);
                    else if (*d == '\n') otel__w(&w, "\\n", 2);
                    else otel__w(&w, d, 1);
                }
                otel__w(&w, "\n", 1);
            }
            otel__ws(&w, "# TYPE "); otel__ws(&w, name);
            otel__ws(&w, type == 'c' ? " counter\n" : type == 'h' ? " histogram\n" : " gauge\n");
        }
        if (skip) continue;
        otel__prom_point(&w, name, &mi, &p);
    }
    if (owner != UINT32_MAX) otel__prom_rest(&w, owner, name);
    if (w.full) {
        OTEL__WARN("prometheus: the metrics do not fit in the %zu-byte buffer; the scrape gets the previous ones", cap);
        return 0;
    }
    return w.len;
}
static void *otel__prom_main(void *arg);
static void otel__prom_release(void) {
    close(otel__prom.fd);
    free(otel__prom.back); free(otel__prom.front); free(otel__prom.send);
    pthread_mutex_destroy(&otel__prom.lock);
    pthread_cond_destroy(&otel__prom.cond);
    memset(&otel__prom, 0, sizeof otel__prom);
    otel__prom.fd = -1;
}
/* on the background thread: start the server once (after otel_init has
   finished), collect and render when a scrape asked */
static void otel__prom_collect(void) {
    if (!otel__prom.running) return;
    if (otel__prom.pid != getpid()) { otel__prom_release(); return; }   /* a forked child: the parent serves */
    if (!otel__prom.started) {
        if (pthread_create(&otel__prom.thread, NULL, otel__prom_main, NULL) != 0) {
            OTEL__WARN("prometheus: cannot start the server thread; metrics are not served");
            otel__prom_release();
            return;
        }
        otel__prom.started = 1;
    }
    if (!__atomic_exchange_n(&otel__prom.wanted, 0, __ATOMIC_ACQ_REL)) return;
    otel_metrics_collect_reader(otel__prom.reader);
    size_t n = otel__prom_render(otel__prom.back, otel__prom.cap);
    pthread_mutex_lock(&otel__prom.lock);
    if (n) {
        char *t = otel__prom.front;
        otel__prom.front = otel__prom.back; otel__prom.front_len = n;
        otel__prom.back = t;
    }
    otel__prom.gen++;
    pthread_cond_broadcast(&otel__prom.cond);
    pthread_mutex_unlock(&otel__prom.lock);
}
/* wait for fd to be ready until the deadline (monotonic ns); 1 ready */
static int otel__prom_wait(int fd, short ev, uint64_t deadline) {
    for (;;) {
        uint64_t now = otel__mono_ns();
        if (now >= deadline) return 0;
        struct pollfd pf = {fd, ev, 0};
        int r = poll(&pf, 1, (int)((deadline - now) / 1000000u) + 1);
        if (r > 0) return 1;
        if (r < 0 && errno != EINTR) return 0;
    }
}
static void otel__prom_reply(int fd, const char *status, const char *type, const char *body, size_t n, int head, uint64_t deadline) {
    char h[256];
    int hn = snprintf(h, sizeof h, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status, type, n);
    const char *parts[2] = {h, body};
    size_t lens[2] = {(size_t)hn, head ? 0 : n};
    for (int i = 0; i < 2; i++)
        for (size_t off = 0; off < lens[i];) {
            if (!otel__prom_wait(fd, POLLOUT, deadline)) return;
            ssize_t k = send(fd, parts[i] + off, lens[i] - off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
            if (k <= 0) return;
            off += (size_t)k;
        }
}
static void otel__prom_serve(int fd) {
    uint64_t deadline = otel__mono_ns() + (uint64_t)OTEL__PROM_IO_MS * 1000000u;
    char req[OTEL__PROM_REQ_MAX + 1];
    size_t n = 0;
    while (n < OTEL__PROM_REQ_MAX) {   /* the request head; a body is not expected */
        if (!otel__prom_wait(fd, POLLIN, deadline)) return;
        ssize_t k = recv(fd, req + n, OTEL__PROM_REQ_MAX - n, MSG_DONTWAIT);
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (k <= 0) return;
        n += (size_t)k;
        req[n] = 0;
        if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n")) break;
    }
    req[n] = 0;
    if (n >= OTEL__PROM_REQ_MAX) { otel__prom_reply(fd, "431 Request Header Fields Too Large", "text/plain", "", 0, 0, deadline); return; }
    int head = strncmp(req, "HEAD ", 5) == 0;
    if (strncmp(req, "GET ", 4) != 0 && !head) { otel__prom_reply(fd, "405 Method Not Allowed", "text/plain", "", 0, 0, deadline); return; }
    const char *path = req + (head ? 5 : 4);
    size_t pl = strcspn(path, " ?\r\n");
    if (!(pl == 8 && memcmp(path, "/metrics", 8) == 0) && !(pl == 1 && *path == '/')) {
        otel__prom_reply(fd, "404 Not Found", "text/plain", "not found\n", 10, head, deadline);
        return;
    }
    /* a fresh collection from the background thread, a second at most */
    pthread_mutex_lock(&otel__prom.lock);
    uint64_t gen = otel__prom.gen;
    pthread_mutex_unlock(&otel__prom.lock);
    __atomic_store_n(&otel__prom.wanted, 1, __ATOMIC_RELEASE);
    otel_wake();
    struct timespec ts;
    otel__abs_deadline(&ts, 1000);
    pthread_mutex_lock(&otel__prom.lock);
    while (otel__prom.gen == gen && !otel__prom.stop)
        if (pthread_cond_timedwait(&otel__prom.cond, &otel__prom.lock, &ts) == ETIMEDOUT) break;
    size_t len = otel__prom.front_len;
    memcpy(otel__prom.send, otel__prom.front, len);
    pthread_mutex_unlock(&otel__prom.lock);
    otel__prom_reply(fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8", otel__prom.send, len, head, deadline);
}
static void *otel__prom_main(void *arg) {
    (void)arg;
    while (!__atomic_load_n(&otel__prom.stop, __ATOMIC_ACQUIRE)) {
        struct pollfd pf = {otel__prom.fd, POLLIN, 0};
        if (poll(&pf, 1, 100) <= 0) continue;
        int c = accept(otel__prom.fd, NULL, NULL);
        if (c < 0) continue;
        otel__prom_serve(c);
        close(c);
    }
    return NULL;
}
static int otel__prom_start(int ie, unsigned reader, size_t cap) {
    const char *host = otel__getenv("OTEL_EXPORTER_PROMETHEUS_HOST", ie);
    uint32_t port = otel__env_u32("OTEL_EXPORTER_PROMETHEUS_PORT", 9464, ie);
    if (!host || !*host) host = "localhost";
    if (port > 65535) { OTEL__WARN("OTEL_EXPORTER_PROMETHEUS_PORT: %u is not a port; using 9464", port); port = 9464; }
    memset(&otel__prom, 0, sizeof otel__prom);
    otel__prom.fd = -1;
    char ps[8];
    snprintf(ps, sizeof ps, "%u", port);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(host, ps, &hints, &ai) != 0 || !ai) {
        OTEL__WARN("prometheus: cannot resolve %.100s", host);
        return OTEL_ERR_CONNECT;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 8) != 0) {
        OTEL__WARN("prometheus: cannot listen on %.100s:%u (%s)", host, port, strerror(errno));
        if (fd >= 0) close(fd);
        freeaddrinfo(ai);
        return OTEL_ERR_CONNECT;
    }
    freeaddrinfo(ai);
    otel__prom.cap = cap;
    otel__prom.reader = reader;
    otel__prom.back = (char *)malloc(otel__prom.cap);
    otel__prom.front = (char *)malloc(otel__prom.cap);
    otel__prom.send = (char *)malloc(otel__prom.cap);
    pthread_mutex_init(&otel__prom.lock, NULL);
    pthread_cond_init(&otel__prom.cond, NULL);   /* otel__abs_deadline: CLOCK_REALTIME */
    otel__prom.fd = fd;
    otel__prom.pid = getpid();
    otel__prom.running = 1;
    if (!otel__prom.back || !otel__prom.front || !otel__prom.send) {
        otel__prom_release();
        return OTEL_ERR_FULL;
    }
    return OTEL_OK;
}
static void otel__prom_stop(void) {
    if (!otel__prom.running) return;
    if (otel__prom.started && otel__prom.pid == getpid()) {
        pthread_mutex_lock(&otel__prom.lock);
        __atomic_store_n(&otel__prom.stop, 1, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&otel__prom.cond);
        pthread_mutex_unlock(&otel__prom.lock);
        pthread_join(otel__prom.thread, NULL);
    }
    otel__prom_release();
}
#endif

/* >> metrics reader */
/* ---- metrics: the readers, each periodic (pushed) or pulled (prometheus) ---- */
#ifndef OTEL_NO_METRICS
/* reader r: collect and encode when its interval is due (or at a flush);
   returns 1 while a request waits to be sent */
static int otel__metrics_prepare(unsigned r, int reason) {
    otel__mreader *m = &otel__mr[r];
    otel__chan *c = m->c;
    if (c->kind == OTEL__EXP_NONE && !c->broken) return 0;
#ifndef OTEL_NO_THREADS
    if (c->kind == OTEL__EXP_PROMETHEUS) { otel__prom_collect(); return 0; }   /* pulled, never pushed */
#endif
    if (m->len) return 1;
    uint64_t now = otel__mono_ns();
    /* due on the interval, and once in each flush or shutdown */
    if (reason == OTEL_POLL_TIMER ? now < m->next_ns : !m->flush) return 0;
    m->flush = 0;
    m->next_ns = now + (uint64_t)m->interval_ms * 1000000u;
    if (otel_metrics_collect_reader(r) == 0) return 0;
    if (c->kind == OTEL__EXP_CONSOLE) { otel__metrics_print(stdout); return 0; }
    size_t left = 0, off = 0, len = 0;
    int json = c->json || c->kind == OTEL__EXP_FILE;
    size_t k = otel__encode_metrics(json, m->buf, m->cap, &off, &len, &left);
    if (left) {
        OTEL__ADD(&c->dropped, (uint64_t)left);
        OTEL__WARN("%zu metric points do not fit in the %zu-byte metrics buffer; dropped", left, m->cap);
    }
    if (!k || !len) return 0;
    if (c->broken) { OTEL__ADD(&c->dropped, (uint64_t)k); return 0; }   /* counted, as the spans are */
    m->off = off;
    m->len = len;
    m->points = k;
    return 1;
}
/* 0 nothing to send, 1 send, 2 wait for a retry */
static int otel__metrics_due(unsigned r, int reason, uint64_t now) {
    if (!otel__metrics_prepare(r, reason)) return 0;
    return now < otel__mr[r].c->next_attempt_ns ? 2 : 1;
}
/* reader r's request was settled (delivered or dropped), or is to be retried */
static void otel__metrics_settled(unsigned r, int settled) {
    otel__mreader *m = &otel__mr[r];
    if (settled) m->len = 0;
    m->c->unsure = m->len && (m->c->unsure || m->c->last_sent) ? m->points : 0;
}
static void otel__metrics_send(unsigned r, uint64_t deadline) {
    otel__mreader *m = &otel__mr[r];
    otel__chan *c = m->c;
    uint64_t own = otel__mono_ns() + (uint64_t)m->timeout_ms * 1000000u;
    if (own < deadline) deadline = own;
#ifndef OTEL_NO_THREADS
    if (otel__sender_post(c, 0, m->buf + m->off, m->len, m->points, deadline, m->points)) return;
#endif
    otel__metrics_settled(r, otel__exp_deliver(c, m->buf + m->off, m->len, m->points, deadline, m->points));
}
#endif

/* what is left to do for one signal right now: 0 nothing, 1 send, 2 wait for a retry */
/* >> exporter loop: poll and stop */
/* while a request of the signal is on the wire: the next batches encoded
   into the free send buffers, when they are due (full, their delay passed,
   or a flush) */
OTEL__UNUSED static void otel__exp_encode_ahead(int sig, int reason, uint64_t now) {
    otel__queue *q = &otel__x.q[sig];
    for (;;) {
        size_t left = q->nheld - q->nenc;
        if (!left || (reason == OTEL_POLL_TIMER && left < q->batch && now - q->first_held_ns < (uint64_t)q->delay_ms * 1000000u))
            return;
        if (!otel__exp_encode_next(sig)) return;
    }
}
static int otel__exp_due(int sig, int reason, uint64_t now) {
    otel__chan *c = &otel__x.ch[sig];
    otel__queue *q = &otel__x.q[sig];   /* (metrics: otel__metrics_due) */
    if (q->nheld == 0) return 0;
    if (!q->nfull && now >= c->next_attempt_ns && reason == OTEL_POLL_TIMER && q->nheld < q->batch &&
        now - q->first_held_ns < (uint64_t)q->delay_ms * 1000000u)
        return 0;
    return now < c->next_attempt_ns ? 2 : 1;
}

static size_t otel__exp_left(void) {
    size_t left = otel__x.q[0].nheld + otel__x.q[2].nheld + (otel__x.spool_dir[0] ? otel__x.spool_files : 0);
    for (unsigned r = 0; r < otel__nmr; r++) left += otel__mr[r].len ? otel__mr[r].points : 0;
    return left;
}

static size_t otel__exp_poll(void *user, int reason, uint64_t deadline) {
    (void)user;
    /* on the timer, an export may take its full timeout; a flush or a
       shutdown brings its own deadline */
    uint32_t longest = otel__x.export_timeout_ms > otel__x.logs_export_timeout_ms ? otel__x.export_timeout_ms : otel__x.logs_export_timeout_ms;
    if (reason == OTEL_POLL_TIMER) deadline = otel__mono_ns() + (uint64_t)longest * 1000000u;
    else for (unsigned r = 0; r < otel__nmr; r++) otel__mr[r].flush = 1;
    for (;;) {
        /* a flush or shutdown asked for meanwhile: the regular export yields
           to it at once (the thread then runs it with its deadline) */
        if (reason == OTEL_POLL_TIMER && otel__pending_deadline() != UINT64_MAX) return otel__exp_left();
        otel__exp_take();
        uint64_t now = otel__mono_ns(), wake = UINT64_MAX;
        int sent = 0, busy = 0;
        /* spans, each metric reader, log records */
        for (unsigned j = 0; j < 2 + otel__nmr; j++) {
            int sig = j == 0 ? OTEL__SIG_TRACES : j <= otel__nmr ? OTEL__SIG_METRICS : OTEL__SIG_LOGS;
            otel__chan *ch = sig == OTEL__SIG_METRICS ? otel__mr[j - 1].c : &otel__x.ch[sig];
#ifndef OTEL_NO_THREADS
            /* requests on the wire: their outcomes taken as they come, the
               next batches encoded meanwhile; over gRPC the next goes out
               while the others are answered, up to OTEL_GRPC_CALLS */
            if (sig == OTEL__SIG_METRICS) {
                int settled = 0, snt = 0, st = otel__sender_take(ch, 0, &settled, &snt);
#ifndef OTEL_NO_METRICS
                if (st == OTEL__SND_DONE) otel__metrics_settled(j - 1, settled);
#endif
                if (st == OTEL__SND_POSTED) { busy |= 1 << sig; continue; }
            } else {
                unsigned wire = 0;
                for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) {
                    int settled = 0, snt = 0, st = otel__sender_take(ch, i, &settled, &snt);
                    if (st == OTEL__SND_DONE) otel__exp_settled(sig, i, settled, snt);
                    wire += st == OTEL__SND_POSTED;
                }
                if (wire) {
                    busy |= 1 << sig;
                    otel__exp_encode_ahead(sig, reason, now);
                    if (wire >= otel__chan_calls(ch) || !otel__exp_ready(&otel__x.q[sig])) continue;
                }
            }
#endif
#ifndef OTEL_NO_METRICS
            int d = sig == OTEL__SIG_METRICS ? otel__metrics_due(j - 1, reason, now) : otel__exp_due(sig, reason, now);
#else
            int d = otel__exp_due(sig, reason, now);
#endif
            if (d == 2 && ch->next_attempt_ns < wake) wake = ch->next_attempt_ns;
            if (d != 1) continue;
            if (now >= deadline || (reason == OTEL_POLL_TIMER && otel__pending_deadline() != UINT64_MAX)) return otel__exp_left();
            if (sig == OTEL__SIG_METRICS) {
#ifndef OTEL_NO_METRICS
                otel__metrics_send(j - 1, deadline);
#endif
            } else {
                /* on the timer, spans and log records each have their own export timeout */
                uint64_t own = now + (uint64_t)(sig == OTEL__SIG_LOGS ? otel__x.logs_export_timeout_ms : otel__x.export_timeout_ms) * 1000000u;
                otel__exp_export_batch(sig, reason == OTEL_POLL_TIMER && own < deadline ? own : deadline);
            }
            sent = 1;
            now = otel__mono_ns();
        }
        /* spooled requests, oldest first, while neither signal is backing off or sending */
        if (!sent && !(busy & 5) && otel__x.spool_dir[0] && otel__x.spool_files && now < deadline &&
            now >= otel__x.ch[0].next_attempt_ns && now >= otel__x.ch[2].next_attempt_ns) {
            if (otel__spool_replay(deadline)) continue;
        }
        if (otel__x.spool_dir[0] && otel__x.spool_files && !(busy & 5)) {
            uint64_t w = otel__x.ch[0].next_attempt_ns > otel__x.ch[2].next_attempt_ns ? otel__x.ch[0].next_attempt_ns : otel__x.ch[2].next_attempt_ns;
            if (w > now && w < wake) wake = w;
        }
        if (sent) continue;
        size_t left = otel__exp_left();
        if (!left || reason == OTEL_POLL_TIMER || (wake == UINT64_MAX && !busy)) return left;
        if (otel__mono_ns() >= deadline) return left;
#ifndef OTEL_NO_THREADS
        if (busy) { otel__sender_wait(wake < deadline ? wake : deadline); continue; }   /* a flush waits for the senders */
#endif
        otel__sleep_until(wake < deadline ? wake : deadline);   /* a flush waits out a backoff */
    }
}

#ifdef OTEL_ZLIB
static void otel__gzip_end(void) {
    for (unsigned s = 0; s < OTEL__NCHAN; s++) {
        otel__chan *c = otel__chan_at(s);
        if (c->z_ready) deflateEnd(&c->z);
        c->z_ready = 0;
        free(c->zbuf); c->zbuf = NULL;
    }
}
#endif

/* at shutdown, n items of a signal were not delivered: those of a request
   the server may have taken (written whole, no answer) are counted as sent
   with outcome unknown, the others as dropped */
static void otel__exp_give_up(otel__chan *c, size_t n) {
    int sig = c->sig;
    size_t unsure = c->unsure < n ? c->unsure : n;
    OTEL__ADD(&c->unknown, (uint64_t)unsure);
    OTEL__ADD(&c->dropped, (uint64_t)(n - unsure));
    c->unsure = 0;
    if (n > unsure)
        OTEL__WARN("shutdown: %zu %s could not be exported in time", n - unsure, otel__sig_what[sig]);
    if (unsure)
        OTEL__WARN("shutdown: %zu %s were sent but got no answer in time: outcome unknown", unsure, otel__sig_what[sig]);
}

static void otel__exp_stop(void *user) {
    (void)user;
#if !defined(OTEL_NO_METRICS) && !defined(OTEL_NO_THREADS)
    otel__prom_stop();
#endif
#ifndef OTEL_NO_THREADS
    /* the senders end (a request on the wire ends at the shutdown's
       deadline); their last outcomes are taken */
    otel__sender_stop_all();
    for (unsigned j = 0; j < 2 + otel__nmr; j++) {   /* spans, each metric reader, log records */
        int sig = j == 0 ? OTEL__SIG_TRACES : j <= otel__nmr ? OTEL__SIG_METRICS : OTEL__SIG_LOGS;
        otel__chan *c = sig == OTEL__SIG_METRICS ? otel__mr[j - 1].c : &otel__x.ch[sig];
        for (unsigned i = 0; i < (sig == OTEL__SIG_METRICS ? 1u : (unsigned)OTEL_EXPORT_BUFFERS); i++) {
            int settled = 0, snt = 0;
            if (otel__sender_take(c, i, &settled, &snt) != OTEL__SND_DONE) continue;
#ifndef OTEL_NO_METRICS
            if (sig == OTEL__SIG_METRICS) { otel__metrics_settled(j - 1, settled); continue; }
#endif
            otel__exp_settled(sig, i, settled, snt);
        }
    }
#endif
    /* whatever could not be sent by the shutdown deadline */
    otel__exp_take();
    for (int s = 0; s < 3; s += 2) {
        otel__queue *q = &otel__x.q[s];
        otel__x.ch[s].unsure = otel__exp_unwind(q);   /* the records not settled are still held: spooled or given up below */
        if (q->nheld && otel__x.spill && otel__x.buf) {
            /* the next run of the program sends them */
            uint64_t before = otel__x.spool_written;
            otel__spool_spill(s, otel__q_at(q), q->nheld);
            if (otel__x.spool_written > before)
                OTEL__WARN("shutdown: %llu %s kept in the spool for the next run", (unsigned long long)(otel__x.spool_written - before), otel__sig_what[s]);
            q->nheld = 0;
            q->first = 0;
            otel__x.ch[s].unsure = 0;
        }
        if (q->nheld) {
            otel__exp_give_up(&otel__x.ch[s], q->nheld);
            otel__exp_shift(q, q->nheld);
        }
    }
    for (unsigned r = 0; r < otel__nmr; r++) {
        otel__mreader *m = &otel__mr[r];
        if (m->len) otel__exp_give_up(m->c, m->points);
        m->len = 0;
        free(m->buf); m->buf = NULL;
    }
    /* the channels: the three signals', and metric readers 1..'s */
    for (unsigned s = 0; s < OTEL__NCHAN; s++) {
        otel__chan *c = otel__chan_at(s);
        if (c->http_ready) { otel__http_client_close(&c->http); c->http_ready = 0; }
        free(c->h2); c->h2 = NULL;
    }
    if (otel__x.file) { fclose(otel__x.file); otel__x.file = NULL; }
    free(otel__x.buf); otel__x.buf = NULL;
    free(otel__x.spill); otel__x.spill = NULL;
    for (int s = 0; s < 3; s++) {
        otel__queue *q = &otel__x.q[s];
        free(q->held); q->held = NULL;
        for (int i = 0; i < OTEL_EXPORT_BUFFERS; i++) { free(q->slot[i].buf); q->slot[i].buf = NULL; }
    }
#ifdef OTEL_ZLIB
    otel__gzip_end();
#endif
}

/* In a forked child (otel.h's atfork handler, after it emptied the arena):
   the parent's queued records are gone with the arena, its connections are
   the parent's (the child closes its copies without a word on the wire and
   connects afresh, with new TLS random state), and the counters start over. */
OTEL__UNUSED static void otel__export_after_fork(void) {
#ifndef OTEL_NO_THREADS
    /* the parent's sender threads are not in the child (nor is whoever held the lock) */
    pthread_mutex_init(&otel__snd_lock, NULL);
    pthread_cond_init(&otel__snd_done, NULL);
    pthread_mutex_init(&otel__dns_lock, NULL);   /* (nor its name lookups) */
    pthread_cond_init(&otel__dns_done, NULL);
    otel__dns_left = 0;
#endif
    otel__res_pb.len = 0;   /* (the child's resource has its own pid: written per request from now on) */
    for (unsigned s = 0; s < OTEL__NCHAN; s++) {
        otel__chan *c = otel__chan_at(s);
#ifndef OTEL_NO_THREADS
        c->snd.started = 0; c->snd.stop = 0;
        for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) c->snd.p[i].state = OTEL__SND_IDLE;
        otel__sender_unpipe(c);   /* (the parent's, shared: the child makes its own) */
#endif
        if (c->http_ready) { otel__http_client_close(&c->http); c->http_ready = 0; }
#ifndef OTEL_NO_GRPC
        if (c->h2) {   /* the parent's calls in flight are not the child's */
            for (unsigned k = 0; k < OTEL__H2_CALLS; k++) c->h2->call[k].state = OTEL__H2C_FREE;
            c->h2->ready = 0;
        }
#endif
        c->attempt = 0; c->next_attempt_ns = 0;
        c->exported = c->dropped = c->failed = c->unknown = 0;
        c->unsure = 0;
        c->jitter ^= otel__mono_ns() * 0x9e3779b97f4a7c15ull;
        if (s >= 3) continue;
        otel__queue *q = &otel__x.q[s];
        q->nheld = q->first = q->nenc = 0;
        q->head = q->nfull = 0;
        for (unsigned i = 0; i < OTEL_EXPORT_BUFFERS; i++) q->slot[i].st = q->slot[i].unsure = 0;
    }
    for (unsigned r = 0; r < otel__nmr; r++) {
        otel__mr[r].len = 0;
        otel__mr[r].next_ns = otel__mono_ns() + (uint64_t)otel__mr[r].interval_ms * 1000000u;
    }
    otel__x.retries = otel__x.bytes = otel__x.rejected = 0;
}

/* >> environment: otel_export_config and OTEL_EXPORTER_OTLP_* */
/* ---- configuration: otel_export_config, then the OTEL_EXPORTER_OTLP_* environment ---- */
static const char *otel__env2(const char *signal_var, const char *general_var, int ie) {
    const char *v = otel__getenv(signal_var, ie);
    return v ? v : otel__getenv(general_var, ie);
}
static void otel__copy_str(char *dst, size_t cap, const char *src) {
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) n = cap - 1;
    if (n) memcpy(dst, src, n);
    dst[n] = 0;
}

/* OTEL_EXPORTER_OTLP_<SIGNAL>_<name>, falling back to OTEL_EXPORTER_OTLP_<name> */
static const char *otel__sig_env(int sig, const char *name, int ie) {
    static const char *const up[3] = {"TRACES", "METRICS", "LOGS"};
    char a[96], b[96];
    snprintf(a, sizeof a, "OTEL_EXPORTER_OTLP_%s_%s", up[sig], name);
    snprintf(b, sizeof b, "OTEL_EXPORTER_OTLP_%s", name);
    return otel__env2(a, b, ie);
}

/* an endpoint as warnings may show it: user:password@ redacted, and no
   query string or fragment (where tokens are sometimes passed) */
static void otel__url_for_display(const char *url, char *out, size_t cap) {
    size_t n = strcspn(url, "?#");
    int hits = 0;
    size_t full = otel__redact_copy(url, n, out, cap - 1, &hits);
    if (full > cap - 1) full = cap - 1;
    out[full] = 0;
    if (url[n] && full + 4 < cap) memcpy(out + full, "?...", 5);
}

static int otel__chan_setup(otel__chan *c, int sig, int kind, const otel_export_config *e, int ie) {
    memset(c, 0, sizeof *c);
    c->sig = sig;
    c->kind = kind;
    if (kind == OTEL__EXP_NONE || kind == OTEL__EXP_CONSOLE || kind == OTEL__EXP_PROMETHEUS) return OTEL_OK;
    /* endpoint: the per-signal one is used as is; the general one is a base */
    static const char *const full_env[3] = {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
                                            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"};
    int proto = e->protocol;
    if (!proto) {
        const char *p = otel__sig_env(sig, "PROTOCOL", ie);
        proto = OTEL_PROTOCOL_HTTP_PROTOBUF;
        if (p && otel__ieq(p, "http/json")) proto = OTEL_PROTOCOL_HTTP_JSON;
#ifndef OTEL_NO_GRPC
        else if (p && otel__ieq(p, "grpc")) proto = OTEL_PROTOCOL_GRPC;
#else
        else if (p && otel__ieq(p, "grpc")) OTEL__WARN("OTEL_EXPORTER_OTLP_PROTOCOL=grpc: this build has OTEL_NO_GRPC; using http/protobuf");
#endif
        else if (p && !otel__ieq(p, "http/protobuf")) OTEL__WARN("unknown OTLP protocol '%.32s'; using http/protobuf", p);
    }
#ifdef OTEL_NO_GRPC
    if (proto == OTEL_PROTOCOL_GRPC) proto = OTEL_PROTOCOL_HTTP_PROTOBUF;
#endif
#ifdef OTEL_NO_JSON
    if (proto == OTEL_PROTOCOL_HTTP_JSON) OTEL__WARN("OTLP protocol http/json: this build has OTEL_NO_JSON; using http/protobuf");
    if (proto == OTEL_PROTOCOL_HTTP_JSON) proto = OTEL_PROTOCOL_HTTP_PROTOBUF;
#endif
    int grpc = proto == OTEL_PROTOCOL_GRPC && kind == OTEL__EXP_HTTP;
    const char *full = sig == 0 ? e->traces_endpoint : sig == 1 ? e->metrics_endpoint : e->logs_endpoint;
    if (!full) full = otel__getenv(full_env[sig], ie);
    if (full) {
        otel__copy_str(c->url_text, sizeof c->url_text, full);
    } else {
        const char *base = e->endpoint ? e->endpoint : otel__getenv("OTEL_EXPORTER_OTLP_ENDPOINT", ie);
        if (!base) base = grpc ? "http://localhost:4317" : "http://localhost:4318";
        size_t n = strlen(base);
        while (n && base[n - 1] == '/') n--;
        if (n > sizeof c->url_text - 12) n = sizeof c->url_text - 12;
        memcpy(c->url_text, base, n);
        /* gRPC names the service in :path; the endpoint is only where to connect */
        if (!grpc) memcpy(c->url_text + n, otel__sig_path[sig], strlen(otel__sig_path[sig]) + 1);
    }
    if (grpc && !strstr(c->url_text, "://")) {
        /* a gRPC endpoint as host:port: TLS, unless INSECURE says plain h2c */
        const char *ins = otel__sig_env(sig, "INSECURE", ie);
        int insecure = e->insecure || (ins && otel__ieq(ins, "true"));
        size_t n = strlen(c->url_text), k = insecure ? 7 : 8;
        if (n + k >= sizeof c->url_text) n = sizeof c->url_text - k - 1;
        memmove(c->url_text + k, c->url_text, n);
        memcpy(c->url_text, insecure ? "http://" : "https://", k);
        c->url_text[n + k] = 0;
    }
    if (kind == OTEL__EXP_CUSTOM) otel__copy_str(c->url_text, sizeof c->url_text, "the custom transport");
    if (kind == OTEL__EXP_FILE) otel__copy_str(c->url_text, sizeof c->url_text, otel__x.file_path);
    otel__url_for_display(c->url_text, c->url_show, sizeof c->url_show);
    if (kind == OTEL__EXP_HTTP && otel__url_parse(c->url_text, &c->url) != OTEL_OK) {
        c->kind = OTEL__EXP_NONE;   /* warned by otel__export_setup, once for all signals */
        c->broken = 1;
        return OTEL_ERR_INVALID;
    }

    c->json = proto == OTEL_PROTOCOL_HTTP_JSON;
#ifndef OTEL_NO_GRPC
    if (grpc) {
        c->h2 = (struct otel__h2 *)calloc(1, sizeof *c->h2);
        if (!c->h2) { c->kind = OTEL__EXP_NONE; return OTEL_ERR_FULL; }
        c->h2->ncall = OTEL_EXPORT_BUFFERS;   /* a call slot for each send buffer */
        c->h2->wake = -1;
    }
#endif

    const char *hs = e->headers ? e->headers : otel__sig_env(sig, "HEADERS", ie);
    if (hs) {
        int n = otel__parse_header_list(hs, c->headers, OTEL__MAX_HEADERS, c->header_buf, sizeof c->header_buf);
        c->nheaders = n > 0 ? n : 0;
    }
    const char *comp = e->compression ? e->compression : otel__sig_env(sig, "COMPRESSION", ie);
    if (comp && otel__ieq(comp, "gzip")) {
#ifdef OTEL_ZLIB
        c->gzip = kind == OTEL__EXP_HTTP;   /* not for a file or a custom transport */
#else
        OTEL__WARN("OTLP compression gzip: this build has no zlib (define OTEL_ZLIB, link -lz); sending uncompressed");
#endif
    } else if (comp && *comp && !otel__ieq(comp, "none")) {
        OTEL__WARN("unknown OTLP compression '%.16s' (gzip or none); sending uncompressed", comp);
    }

    uint32_t t = otel__env_u32("OTEL_EXPORTER_OTLP_TIMEOUT", 10000, ie);
    static const char *const tmo_env[3] = {"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT",
                                           "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT"};
    t = otel__env_u32(tmo_env[sig], t, ie);
    /* 0 (from the environment): no limit of the request's own; it still
       ends with the export it belongs to (OTEL_BSP_EXPORT_TIMEOUT,
       OTEL_METRIC_EXPORT_TIMEOUT) and with a flush or shutdown */
    if (e->timeout_ms < 0) OTEL__WARN("otel_export_config.timeout_ms %d is negative; using 10000", e->timeout_ms);
    c->timeout_ms = e->timeout_ms > 0 ? e->timeout_ms : e->timeout_ms < 0 ? 10000 : t > INT_MAX ? INT_MAX : (int)t;

    otel__copy_str(c->cert, sizeof c->cert, e->certificate ? e->certificate : otel__sig_env(sig, "CERTIFICATE", ie));
    otel__copy_str(c->client_cert, sizeof c->client_cert,
                   e->client_certificate ? e->client_certificate : otel__sig_env(sig, "CLIENT_CERTIFICATE", ie));
    otel__copy_str(c->client_key, sizeof c->client_key, e->client_key ? e->client_key : otel__sig_env(sig, "CLIENT_KEY", ie));
    c->tls.ca_file = c->cert[0] ? c->cert : NULL;
    c->tls.client_cert_file = c->client_cert[0] ? c->client_cert : NULL;
    c->tls.client_key_file = c->client_key[0] ? c->client_key : NULL;
    c->tls.insecure_skip_verify = e->insecure_skip_verify;
    c->tls.alpn_h2 = grpc;
    if (c->tls.insecure_skip_verify && c->url.https)
        OTEL__WARN("INSECURE: TLS certificate verification is OFF for %s (otel_export_config.insecure_skip_verify): "
                   "anyone on the path can read and alter telemetry", c->url_show);
    return OTEL_OK;
}

/* the metrics (1) or logs (2) exporter list otel_export_config sets, NULL: none */
static const char *otel__export_list_set(const otel_config *c, int sig) {
    if (!c->exporter) return NULL;
    return sig == 1 ? c->exporter->metrics_exporter : c->exporter->logs_exporter;
}

/* otlp (the default), file, console or none, for one signal, from its
   list (otel__exporter_list; otel.h warned about the traces' and the logs'
   unknown names). One exporter per signal here: console spans and log
   records are the console printer's, a processor beside this one. */
static int otel__exporter_kind(const char *v, const otel_export_config *e, int sig) {
    unsigned b = otel__exporter_list(sig == 1 ? "OTEL_METRICS_EXPORTER" : NULL, v,
                                     OTEL__EXPL_OTLP | OTEL__EXPL_CONSOLE | OTEL__EXPL_FILE | OTEL__EXPL_NONE |
                                         (sig == 1 ? (unsigned)OTEL__EXPL_PROMETHEUS : 0u), OTEL__EXPL_OTLP);
    if (b & OTEL__EXPL_BAD) return -1;   /* nothing sent, all counted */
    if (sig != 1) b &= ~(unsigned)OTEL__EXPL_CONSOLE;
    if ((b & (b - 1)) && !(b & OTEL__EXPL_NONE))
        OTEL__WARN("%s: one exporter at a time for %s here; %s is used", sig == 1 ? "OTEL_METRICS_EXPORTER" : sig ? "OTEL_LOGS_EXPORTER" : "OTEL_TRACES_EXPORTER",
                   otel__sig_what[sig], (b & OTEL__EXPL_PROMETHEUS) ? "prometheus" : (b & OTEL__EXPL_OTLP) ? "otlp" : "file");
    if (b & OTEL__EXPL_PROMETHEUS) {
#if !defined(OTEL_NO_METRICS) && !defined(OTEL_NO_THREADS)
        return OTEL__EXP_PROMETHEUS;
#else
        OTEL__WARN("the prometheus exporter needs threads and metrics; metrics are discarded");
        return OTEL__EXP_NONE;
#endif
    }
    if (!(b & (OTEL__EXPL_OTLP | OTEL__EXPL_FILE))) return (b & OTEL__EXPL_CONSOLE) ? OTEL__EXP_CONSOLE : OTEL__EXP_NONE;
    if (e->transport) return OTEL__EXP_CUSTOM;
    return (b & OTEL__EXPL_OTLP) ? OTEL__EXP_HTTP : OTEL__EXP_FILE;
}

/* asked: the batch size was set (field or variable), so cutting it is worth a warning */
static int otel__queue_setup(otel__queue *q, uint32_t batch, int asked, uint32_t cap, uint32_t delay) {
    q->cap = cap ? cap : otel__g.nblocks;
    q->batch = batch ? batch : 512;
    if (q->batch > q->cap) q->batch = (uint32_t)q->cap;
    /* a batch must be able to fill: producers keep spare blocks and records
       may take several, so a batch the size of the arena never comes and
       the export would wait for its delay with the arena full */
    uint32_t fill = otel__g.nblocks / 2 ? otel__g.nblocks / 2 : 1;
    if (q->batch > fill) {
        if (asked) OTEL__WARN("batch size %u: more than half the arena's %u blocks; batches of %u records", (unsigned)q->batch,
                   (unsigned)otel__g.nblocks, (unsigned)fill);
        q->batch = fill;
    }
    q->delay_ms = delay;
    q->nheld = q->first = q->nenc = 0;
    q->head = q->nfull = 0;
    q->first_held_ns = otel__mono_ns();
    q->room = 2 * q->cap;
    q->held = (otel_span_data **)malloc(q->room * sizeof *q->held);
    return q->held ? OTEL_OK : OTEL_ERR_FULL;
}

#ifdef OTEL_ZLIB
#ifndef OTEL_ZLIB_LEVEL
#define OTEL_ZLIB_LEVEL 1
#endif
/* the deflate stream (gzip wrapper: windowBits 15 + 16) and a buffer for
   the largest body compressed; on failure the channels send uncompressed */
static void otel__gzip_setup(void) {
    for (unsigned s = 0; s < OTEL__NCHAN; s++) {   /* one per channel that compresses: each sends on a thread of its own */
        otel__chan *c = otel__chan_at(s);
        if (!c->gzip) continue;
        memset(&c->z, 0, sizeof c->z);
        if (deflateInit2(&c->z, OTEL_ZLIB_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
            c->z_ready = 1;
            c->zbuf_cap = (size_t)deflateBound(&c->z, (uLong)otel__x.buf_cap);
            c->zbuf = (unsigned char *)malloc(c->zbuf_cap);
        }
        if (!c->zbuf) {
            OTEL__WARN("gzip: cannot allocate the compression buffers; sending uncompressed");
            otel__gzip_end();
            return;
        }
    }
}
#endif

/* an export timeout: the field, else the variable, else 30000; 0 would leave no time to export at all */
static uint32_t otel__export_timeout(uint32_t set, const char *env, int ie) {
    uint32_t v = set ? set : otel__env_u32(env, 30000, ie);
    if (!v) OTEL__WARN("%s: 0 leaves no time to export; using 30000", env);
    return v ? v : 30000;
}

/* A comma-separated exporter list (OTEL_*_EXPORTER): its names, trimmed,
   one metric reader each (otel__exporter_list in otel.h: the names as
   bits, for the other signals), into names[cap] (none and repeats left out, with a warning for a repeat
   and for names past cap); NULL: the default, otlp. Returns the count. */
typedef char otel__exporter_name[24];
OTEL__UNUSED static size_t otel__exporter_names(const char *v, const char *var, otel__exporter_name *names, size_t cap) {
    if (!v) { otel__copy_str(names[0], sizeof names[0], "otlp"); return 1; }
    size_t n = 0;
    for (const char *p = v; *p;) {
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        const char *a = p, *b = end;
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
        p = *end ? end + 1 : end;
        char name[sizeof names[0]];
        size_t len = (size_t)(b - a) < sizeof name - 1 ? (size_t)(b - a) : sizeof name - 1;
        memcpy(name, a, len);
        name[len] = 0;
        if (!len || otel__ieq(name, "none")) continue;
        size_t i = 0;
        while (i < n && !otel__ieq(names[i], name)) i++;
        if (i < n) { OTEL__WARN("%s: '%s' named twice; once is used", var, name); continue; }
        if (n == cap) { OTEL__WARN("%s: more than %zu exporters; '%s' left out", var, cap, name); continue; }
        memcpy(names[n++], name, len + 1);
    }
    return n;
}

#ifndef OTEL_NO_METRICS
/* the metric readers: otel_export_config.metric_readers, else one for each
   name of metrics_exporter / OTEL_METRICS_EXPORTER (at least one, of kind
   none when the list is empty); reader 0's channel is ch[1], set up with
   the other signals' */
static int otel__metric_readers_setup(const otel_export_config *e, int ie, otel_metric_reader *rd, int *kinds) {
    otel__exporter_name names[OTEL_MAX_METRIC_READERS];
    size_t n;
    if (e->metric_readers && e->metric_reader_count) {
        n = e->metric_reader_count;
        if (n > OTEL_MAX_METRIC_READERS) {
            OTEL__WARN("more than %d metric readers; the first %d kept", OTEL_MAX_METRIC_READERS, OTEL_MAX_METRIC_READERS);
            n = OTEL_MAX_METRIC_READERS;
        }
        memcpy(rd, e->metric_readers, n * sizeof *rd);
    } else {
        const char *v = e->metrics_exporter ? e->metrics_exporter : otel__getenv("OTEL_METRICS_EXPORTER", ie);
        n = otel__exporter_names(v, "OTEL_METRICS_EXPORTER", names, OTEL_MAX_METRIC_READERS);
        memset(rd, 0, OTEL_MAX_METRIC_READERS * sizeof *rd);
        for (size_t r = 0; r < n; r++) rd[r].exporter = names[r];
        if (!n) { rd[0].exporter = "none"; n = 1; }
    }
    uint32_t interval = e->metric_interval_ms ? e->metric_interval_ms : otel__env_u32("OTEL_METRIC_EXPORT_INTERVAL", 60000, ie);
    uint32_t timeout = e->metric_timeout_ms ? e->metric_timeout_ms : otel__env_u32("OTEL_METRIC_EXPORT_TIMEOUT", 30000, ie);
    if (!interval) { OTEL__WARN("OTEL_METRIC_EXPORT_INTERVAL: 0 is no interval; using 60000"); interval = 60000; }
    if (!timeout) { OTEL__WARN("OTEL_METRIC_EXPORT_TIMEOUT: 0 leaves no time to export; using 30000"); timeout = 30000; }
    int prefs[OTEL_MAX_METRIC_READERS], prom = 0;
    const otel_metric_reader_options *opts[OTEL_MAX_METRIC_READERS];
    for (size_t r = 0; r < n; r++) {
        otel__mreader *m = &otel__mr[r];
        memset(m, 0, sizeof *m);
        kinds[r] = otel__exporter_kind(rd[r].exporter, e, 1);
        m->interval_ms = rd[r].interval_ms ? rd[r].interval_ms : interval;
        m->timeout_ms = rd[r].timeout_ms ? rd[r].timeout_ms : timeout;
        m->next_ns = otel__mono_ns() + (uint64_t)m->interval_ms * 1000000u;
        prefs[r] = rd[r].temporality ? rd[r].temporality : otel__g.mtemporality;
        opts[r] = rd[r].options;
        if (kinds[r] == OTEL__EXP_PROMETHEUS) {
            /* Prometheus reads cumulative sums and histograms; one server */
            if (prom++) { OTEL__WARN("more than one prometheus metric reader; the first is used"); kinds[r] = OTEL__EXP_NONE; }
            if (rd[r].temporality && rd[r].temporality != OTEL_TEMPORALITY_CUMULATIVE)
                OTEL__WARN("prometheus: metrics are cumulative (the reader's temporality is ignored)");
            prefs[r] = OTEL_TEMPORALITY_CUMULATIVE;
#if !defined(OTEL_NO_METRICS) && !defined(OTEL_NO_THREADS)
            otel__prom_without = (rd[r].without_scope_info ? 1u : 0u) | (rd[r].without_type_suffix ? 2u : 0u) |
                                 (rd[r].without_units ? 4u : 0u);
#endif
            /* OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION is the OTLP
               readers': the text format has no native histograms, so explicit
               buckets here unless the reader's options say otherwise */
            static otel_metric_reader_options prom_opts;
            const otel_metric_reader_options *o = opts[r] ? opts[r] : r < otel__cfg_nropts ? &otel__cfg_ropts[r] : NULL;
            if (kinds[r] == OTEL__EXP_PROMETHEUS && otel__g.mhistogram == OTEL_HISTOGRAM_EXPONENTIAL &&
                !(o && o->aggregation.histogram)) {
                if (o) prom_opts = *o; else memset(&prom_opts, 0, sizeof prom_opts);
                prom_opts.aggregation.histogram = OTEL_AGGREGATION_EXPLICIT;
                opts[r] = &prom_opts;
            }
        }
    }
    if (!e->metric_readers || !e->metric_reader_count)
        for (size_t r = 0; r < n; r++) rd[r].exporter = NULL;   /* (names[] ends here) */
    otel__nmr = (unsigned)n;
    otel__metric_readers_set(n, prefs, opts);
    return (int)n;
}
#endif

static int otel__export_setup(const otel_config *c, const char *exporter, otel_processor *out) {
    const otel_export_config *e = c->exporter;
    otel_export_config none;
    memset(&none, 0, sizeof none);
    if (!e) e = &none;
    int ie = c->ignore_env;
    memset(&otel__x, 0, sizeof otel__x);
    otel__res_pb_make();
    otel__x.transport = e->transport;
    otel__x.transport_user = e->transport_user;
    int kind[3], broken[3], mkind[OTEL_MAX_METRIC_READERS], mbroken[OTEL_MAX_METRIC_READERS];
    otel_metric_reader rd[OTEL_MAX_METRIC_READERS];
    memset(rd, 0, sizeof rd);
    kind[0] = otel__exporter_kind(exporter, e, 0);
#ifndef OTEL_NO_METRICS
    int nmr = otel__metric_readers_setup(e, ie, rd, mkind);
#else
    int nmr = 1;
    mkind[0] = OTEL__EXP_NONE;
#endif
    kind[1] = mkind[0];
    kind[2] = otel__exporter_kind(e->logs_exporter ? e->logs_exporter : otel__getenv("OTEL_LOGS_EXPORTER", ie), e, 2);
    int any_file = 0;
    for (int s = 0; s < 3; s++) {   /* an unknown exporter: nothing sent, all counted */
        broken[s] = kind[s] < 0;
        if (broken[s]) kind[s] = OTEL__EXP_NONE;
    }
    for (int r = 0; r < nmr; r++) {
        mbroken[r] = mkind[r] < 0;
        if (mbroken[r]) mkind[r] = OTEL__EXP_NONE;
        any_file |= mkind[r] == OTEL__EXP_FILE;
    }
    /* a reader's own endpoint and protocol (reader 0's on ch[1]) */
    otel_export_config em[OTEL_MAX_METRIC_READERS];
    for (int r = 0; r < nmr; r++) {
        em[r] = *e;
        if (rd[r].endpoint) em[r].metrics_endpoint = rd[r].endpoint;
        if (rd[r].protocol) em[r].protocol = rd[r].protocol;
    }
    if (kind[0] == OTEL__EXP_FILE || any_file || kind[2] == OTEL__EXP_FILE) {
        otel__copy_str(otel__x.file_path, sizeof otel__x.file_path,
                       e->file_path ? e->file_path : otel__getenv("OTEL_H_EXPORTER_FILE", ie));
        if (!otel__x.file_path[0]) otel__copy_str(otel__x.file_path, sizeof otel__x.file_path, "otel-traces.jsonl");
        otel__x.file = fopen(otel__x.file_path, "a");
        if (!otel__x.file) { OTEL__WARN("file exporter: cannot open %.200s", otel__x.file_path); return OTEL_ERR_IO; }
    }
    int usable = 0;
    char bad_what[64] = "", bad_url[256] = "";
    for (int s = 0; s < 3; s++) {
        int rc = otel__chan_setup(&otel__x.ch[s], s, kind[s], s == 1 ? &em[0] : e, ie);
        if (rc == OTEL_ERR_INVALID && otel__x.ch[s].broken) {
            size_t bl = strlen(bad_what);
            snprintf(bad_what + bl, sizeof bad_what - bl, "%s%s", bl ? ", " : "", otel__sig_what[s]);
            if (!bad_url[0]) otel__copy_str(bad_url, sizeof bad_url, otel__x.ch[s].url_show);
        } else if (rc != OTEL_OK && s == 0) {
            if (otel__x.file) fclose(otel__x.file);
            otel__x.file = NULL;
            return rc;
        }
        otel__x.ch[s].broken |= broken[s];
        usable |= otel__x.ch[s].kind != OTEL__EXP_NONE || otel__x.ch[s].broken;
    }
    otel__mr[0].c = &otel__x.ch[1];
    otel__x.ch[1].broken |= mbroken[0];
    for (int r = 1; r < nmr; r++) {
        otel__chan *mc = &otel__mch[r];
        otel__mr[r].c = mc;
        if (otel__chan_setup(mc, 1, mkind[r], &em[r], ie) == OTEL_ERR_INVALID && mc->broken)
            OTEL__WARN("metric reader %d: invalid OTLP endpoint '%s'; its metric points are dropped and counted", r, mc->url_show);
        mc->broken |= mbroken[r];
        usable |= mc->kind != OTEL__EXP_NONE || mc->broken;
    }
    if (bad_what[0]) OTEL__WARN("invalid OTLP endpoint '%s'; %s are not exported (dropped and counted in otel_stats)", bad_url, bad_what);
    if (!usable) { if (otel__x.file) fclose(otel__x.file); otel__x.file = NULL; return OTEL_ERR_INVALID; }

    /* the span queue defaults to what the arena can hold, not the spec's
       2048: while the backend is down, everything the arena holds is kept */
    uint32_t delay = e->schedule_delay_ms ? e->schedule_delay_ms : otel__env_u32("OTEL_BSP_SCHEDULE_DELAY", 5000, ie);
    uint32_t batch = e->max_export_batch_size ? e->max_export_batch_size : otel__env_u32("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512, ie);
    uint32_t q = e->max_queue_size;
    const char *qv = q ? NULL : otel__getenv("OTEL_BSP_MAX_QUEUE_SIZE", ie);
    if (qv && !otel__parse_u32(qv, &q)) {
        OTEL__WARN("OTEL_BSP_MAX_QUEUE_SIZE: invalid value '%.64s' (want a non-negative integer), using the default "
                   "(what the arena holds)", qv);
        q = 0;
    }
    const char *sd = e->spool_dir ? e->spool_dir : otel__getenv("OTEL_H_SPOOL_DIR", ie);
    /* with a spool, the queue stops at a quarter of the arena, so a long
       outage spills to disk while producers still find free blocks */
#ifdef OTEL_NO_SPOOL
    if (sd && *sd) OTEL__WARN("OTEL_H_SPOOL_DIR: this build has OTEL_NO_SPOOL; no spool");
#else
    if (sd && *sd && !q) q = otel__g.nblocks / 4 > 64 ? otel__g.nblocks / 4 : 64;
#endif
    int rc = otel__queue_setup(&otel__x.q[0], batch, e->max_export_batch_size || otel__getenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", ie),
                               q, delay);
    uint32_t ldelay = e->logs_schedule_delay_ms ? e->logs_schedule_delay_ms : otel__env_u32("OTEL_BLRP_SCHEDULE_DELAY", 1000, ie);
    uint32_t lbatch = e->logs_max_export_batch_size ? e->logs_max_export_batch_size : otel__env_u32("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", 512, ie);
    uint32_t lq = e->logs_max_queue_size ? e->logs_max_queue_size : otel__env_u32("OTEL_BLRP_MAX_QUEUE_SIZE", 2048, ie);
    if (rc == OTEL_OK)
        rc = otel__queue_setup(&otel__x.q[2], lbatch, e->logs_max_export_batch_size || otel__getenv("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", ie),
                               lq, ldelay);
    otel__x.export_timeout_ms = otel__export_timeout(e->export_timeout_ms, "OTEL_BSP_EXPORT_TIMEOUT", ie);
    otel__x.logs_export_timeout_ms = otel__export_timeout(e->logs_export_timeout_ms, "OTEL_BLRP_EXPORT_TIMEOUT", ie);
    otel__x.retry_initial_ms = e->retry_initial_ms ? e->retry_initial_ms : 1000;
    otel__x.retry_max_ms = e->retry_max_ms ? e->retry_max_ms : 5000;
    otel__x.buf_cap = e->buffer_size ? e->buffer_size : OTEL_EXPORT_BUFFER_SIZE;
    otel__x.slot_cap = otel__x.buf_cap / OTEL_EXPORT_BUFFERS;
    size_t mcap = otel__x.buf_cap / 4 > 4096 ? otel__x.buf_cap / 4 : 4096;
    int mbufs_ok = 1, gzip = otel__x.ch[0].gzip || otel__x.ch[2].gzip;
    for (int s = 0; s < 3 && rc == OTEL_OK; s += 2)   /* the send buffers of the signals exported */
        for (int i = 0; i < OTEL_EXPORT_BUFFERS && otel__x.ch[s].kind != OTEL__EXP_NONE; i++)
            if (!(otel__x.q[s].slot[i].buf = (unsigned char *)malloc(otel__x.slot_cap))) rc = OTEL_ERR_FULL;
    for (unsigned r = 0; r < otel__nmr; r++) {   /* a send buffer for each reader that pushes */
        otel__mreader *m = &otel__mr[r];
        gzip |= m->c->gzip;
        if (m->c->kind == OTEL__EXP_CONSOLE || m->c->kind == OTEL__EXP_PROMETHEUS || (m->c->kind == OTEL__EXP_NONE && !m->c->broken)) continue;
        m->cap = mcap;
        m->buf = (unsigned char *)malloc(mcap);
        mbufs_ok &= m->buf != NULL;
    }
    if (rc != OTEL_OK || !mbufs_ok) {
        otel__exp_stop(NULL);
        return OTEL_ERR_FULL;
    }
#ifdef OTEL_ZLIB
    if (gzip) otel__gzip_setup();
#else
    (void)gzip;
#endif
#if !defined(OTEL_NO_METRICS) && !defined(OTEL_NO_THREADS)
    for (unsigned r = 0; r < otel__nmr; r++)
        if (otel__mr[r].c->kind == OTEL__EXP_PROMETHEUS && otel__prom_start(ie, r, mcap) != OTEL_OK) otel__mr[r].c->kind = OTEL__EXP_NONE;
#endif
    for (unsigned s = 0; s < OTEL__NCHAN; s++) otel__chan_at(s)->jitter = otel__mono_ns() + (uint64_t)s;
#ifndef OTEL_NO_SPOOL
    otel__copy_str(otel__x.spool_dir, sizeof otel__x.spool_dir, e->spool_dir ? e->spool_dir : otel__getenv("OTEL_H_SPOOL_DIR", ie));
#endif
    if (otel__x.spool_dir[0]) {
        const char *mx = otel__getenv("OTEL_H_SPOOL_MAX_BYTES", ie);
        otel__x.spool_max = e->spool_max_bytes ? e->spool_max_bytes : 64ull << 20;
        if (!e->spool_max_bytes && mx) {
            uint64_t v = 0;
            const char *p = mx;
            while (*p >= '0' && *p <= '9' && v < (1ull << 50)) v = v * 10 + (uint64_t)(*p++ - '0');
            if (*p || p == mx) OTEL__WARN("OTEL_H_SPOOL_MAX_BYTES: invalid value; using 64 MiB");
            else otel__x.spool_max = v;
        }
        mkdir(otel__x.spool_dir, 0700);
        struct stat st;
        otel__x.spill_cap = otel__x.q[0].batch > otel__x.q[2].batch ? otel__x.q[0].batch : otel__x.q[2].batch;
        otel__x.spill = (otel_span_data **)malloc(3 * otel__x.spill_cap * sizeof *otel__x.spill);
        otel__x.buf = (unsigned char *)malloc(otel__x.buf_cap);   /* a spool file is encoded and read back here */
        if (stat(otel__x.spool_dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(otel__x.spool_dir, W_OK) != 0 ||
            !otel__x.spill || !otel__x.buf) {
            OTEL__WARN("spool: %.200s is not a writable directory; the spool is off", otel__x.spool_dir);
            otel__x.spool_dir[0] = 0;
            free(otel__x.spill); otel__x.spill = NULL;
            free(otel__x.buf); otel__x.buf = NULL;
        } else {
            char oldest[256];
            uint64_t bytes = 0;
            uint32_t files = 0;
            otel__spool_clean_tmp();
            otel__spool_scan(oldest, sizeof oldest, &bytes, &files);
            otel__x.spool_files = files;   /* left by an earlier run: replayed first */
        }
    }
    otel__set_wake_every(otel__x.q[0].batch < otel__x.q[2].batch ? otel__x.q[0].batch : otel__x.q[2].batch);
    uint32_t tick = delay < ldelay ? delay : ldelay;
    for (unsigned r = 0; r < otel__nmr; r++)
        if (otel__mr[r].interval_ms < tick) tick = otel__mr[r].interval_ms;
    out->poll = otel__exp_poll;
    out->stop = otel__exp_stop;
    out->user = NULL;
    out->interval_ms = tick < 100 ? (tick ? tick : 1) : 100;
#ifndef OTEL_NO_THREADS
    for (unsigned s = 0; s < OTEL__NCHAN; s++) otel__sender_start(otel__chan_at(s));   /* now: nothing is allocated after init */
#endif
    return OTEL_OK;
}

/* >> generated: nanopb descriptors (tools/regen.sh; do not edit; last: private, declared ahead; only the decoders use them) */
#ifndef OTEL_NO_PARTIAL_SUCCESS   /* (nothing decodes: no descriptors, nothing of nanopb linked) */
/* BEGIN GENERATED NANOPB DESCRIPTORS (make regen) */
/* ---- opentelemetry/proto/common/v1/common.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_common_v1_AnyValue, opentelemetry_proto_common_v1_AnyValue, AUTO)

OTEL__PB_BIND(opentelemetry_proto_common_v1_ArrayValue, opentelemetry_proto_common_v1_ArrayValue, AUTO)

OTEL__PB_BIND(opentelemetry_proto_common_v1_KeyValueList, opentelemetry_proto_common_v1_KeyValueList, AUTO)

OTEL__PB_BIND(opentelemetry_proto_common_v1_KeyValue, opentelemetry_proto_common_v1_KeyValue, AUTO)

OTEL__PB_BIND(opentelemetry_proto_common_v1_InstrumentationScope, opentelemetry_proto_common_v1_InstrumentationScope, AUTO)

#ifndef PB_CONVERT_DOUBLE_FLOAT
/* On some platforms (such as AVR), double is really float.
 * To be able to encode/decode double on these platforms, you need.
 * to define PB_CONVERT_DOUBLE_FLOAT in pb.h or compiler command line.
 */
PB_STATIC_ASSERT(sizeof(double) == 8, DOUBLE_MUST_BE_8_BYTES)
#endif

/* ---- opentelemetry/proto/resource/v1/resource.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_resource_v1_Resource, opentelemetry_proto_resource_v1_Resource, AUTO)

/* ---- opentelemetry/proto/trace/v1/trace.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_trace_v1_ResourceSpans, opentelemetry_proto_trace_v1_ResourceSpans, AUTO)

OTEL__PB_BIND(opentelemetry_proto_trace_v1_ScopeSpans, opentelemetry_proto_trace_v1_ScopeSpans, AUTO)

OTEL__PB_BIND(opentelemetry_proto_trace_v1_Span, opentelemetry_proto_trace_v1_Span, AUTO)

OTEL__PB_BIND(opentelemetry_proto_trace_v1_Span_Event, opentelemetry_proto_trace_v1_Span_Event, AUTO)

OTEL__PB_BIND(opentelemetry_proto_trace_v1_Span_Link, opentelemetry_proto_trace_v1_Span_Link, AUTO)

OTEL__PB_BIND(opentelemetry_proto_trace_v1_Status, opentelemetry_proto_trace_v1_Status, AUTO)

/* ---- opentelemetry/proto/collector/trace/v1/trace_service.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest, opentelemetry_proto_collector_trace_v1_ExportTraceServiceRequest, AUTO)

OTEL__PB_BIND(opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse, opentelemetry_proto_collector_trace_v1_ExportTraceServiceResponse, 2)

OTEL__PB_BIND(opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess, opentelemetry_proto_collector_trace_v1_ExportTracePartialSuccess, 2)

/* ---- opentelemetry/proto/metrics/v1/metrics.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_ResourceMetrics, opentelemetry_proto_metrics_v1_ResourceMetrics, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_ScopeMetrics, opentelemetry_proto_metrics_v1_ScopeMetrics, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_Metric, opentelemetry_proto_metrics_v1_Metric, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_Gauge, opentelemetry_proto_metrics_v1_Gauge, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_Sum, opentelemetry_proto_metrics_v1_Sum, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_Histogram, opentelemetry_proto_metrics_v1_Histogram, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_ExponentialHistogram, opentelemetry_proto_metrics_v1_ExponentialHistogram, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_NumberDataPoint, opentelemetry_proto_metrics_v1_NumberDataPoint, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_HistogramDataPoint, opentelemetry_proto_metrics_v1_HistogramDataPoint, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint, opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets, opentelemetry_proto_metrics_v1_ExponentialHistogramDataPoint_Buckets, AUTO)

OTEL__PB_BIND(opentelemetry_proto_metrics_v1_Exemplar, opentelemetry_proto_metrics_v1_Exemplar, AUTO)

#ifndef PB_CONVERT_DOUBLE_FLOAT
/* On some platforms (such as AVR), double is really float.
 * To be able to encode/decode double on these platforms, you need.
 * to define PB_CONVERT_DOUBLE_FLOAT in pb.h or compiler command line.
 */
PB_STATIC_ASSERT(sizeof(double) == 8, DOUBLE_MUST_BE_8_BYTES)
#endif

/* ---- opentelemetry/proto/collector/metrics/v1/metrics_service.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest, opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceRequest, AUTO)

OTEL__PB_BIND(opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse, opentelemetry_proto_collector_metrics_v1_ExportMetricsServiceResponse, 2)

OTEL__PB_BIND(opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess, opentelemetry_proto_collector_metrics_v1_ExportMetricsPartialSuccess, 2)

/* ---- opentelemetry/proto/logs/v1/logs.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_logs_v1_ResourceLogs, opentelemetry_proto_logs_v1_ResourceLogs, AUTO)

OTEL__PB_BIND(opentelemetry_proto_logs_v1_ScopeLogs, opentelemetry_proto_logs_v1_ScopeLogs, AUTO)

OTEL__PB_BIND(opentelemetry_proto_logs_v1_LogRecord, opentelemetry_proto_logs_v1_LogRecord, AUTO)

/* ---- opentelemetry/proto/collector/logs/v1/logs_service.pb.c ---- */

#if PB_PROTO_HEADER_VERSION != 40
#error Regenerate this file with the current version of nanopb generator.
#endif

OTEL__PB_BIND(opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest, opentelemetry_proto_collector_logs_v1_ExportLogsServiceRequest, AUTO)

OTEL__PB_BIND(opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse, opentelemetry_proto_collector_logs_v1_ExportLogsServiceResponse, 2)

OTEL__PB_BIND(opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess, opentelemetry_proto_collector_logs_v1_ExportLogsPartialSuccess, 2)

/* END GENERATED NANOPB DESCRIPTORS */
#endif

#ifdef __cplusplus
}
#endif
#endif /* OTEL_IMPLEMENTATION */
