/* otel.h - OpenTelemetry for C in one header, with a fixed arena.            v0.1.0

   WHAT IT IS
     Spans (attributes, span events, links, status), context propagation (W3C
     Trace Context Level 2, W3C Baggage and B3, in HTTP headers and the
     TRACEPARENT/TRACESTATE/BAGGAGE environment variables),
     samplers, attribute limits and redaction of secrets; metric instruments
     (counters, up-down counters, histograms, gauges); log records and log
     events with sessions. Every span, attribute, span event, log record and metric series
     lives in one fixed arena sized at init: after otel_init() the hot paths
     never call malloc, never take a global lock and never block. When the
     arena is full, new data is dropped and counted.
     The exporter (OTLP over HTTP/1.1 and TLS) lives in otel_export.h.

   HOW TO USE
     In every file that records spans:
         #include "otel.h"
     In exactly one .c file, before the include:
         #define OTEL_IMPLEMENTATION
         #include "otel_export.h"     (includes otel.h; or just otel.h for no exporter)
     Link with -lpthread (and, with otel_export.h, the libraries it lists).
     Installed (make install): pkg-config otel-core (core) / otel (exporter),
     or CMake find_package(otelh CONFIG) with otelh::otel / otelh::export.
     Every file that includes it needs C11 or C++11 (thread-local storage)
     and GCC or Clang (their atomic builtins), unless OTEL_DISABLED.

         otel_init(NULL);                               // defaults + OTEL_* environment
         otel_span *s = otel_span_begin("load config", OTEL_SPAN_KIND_INTERNAL);
         otel_span_set_str(s, "config.path", path);      // value copied, key not
         otel_span_set_int(s, "config.entries", n);
         if (err) otel_span_record_error(s, "io_error", strerror(errno));
         otel_span_end(s);
         otel_shutdown(2000);                           // flush, at most 2 s

   STRING LIFETIMES
     Span names, attribute keys and event names are NOT copied: pass string
     literals (or strings that live until otel_shutdown). String VALUES,
     status descriptions and otel_span_set_name() names are copied into the
     arena, except a value that is a string literal under a key that is one
     too, at the call site (GCC, Clang): it is recorded by address, like a
     key, after the same secret checks (once per thread and pair). A span
     handle is valid until otel_span_end(); a span_context's
     tracestate pointer is borrowed from wherever the context came from.

   INLINE CALLS
     otel_span_begin, _begin_loc, _end and _set_str/_strn/_int/_double/_bool
     are static inline: a span that is not sampled costs a few instructions
     at the call site, and on a recording span an integer, double or bool
     attribute, or a literal value under a literal key, is a 24-byte record
     stored at the call site (the span's write cursor; its room also holds
     the attribute count limit). The header therefore declares some private
     state (otel__tls, otel__hot, otel_span's fields, the record layout);
     none of it is API. A span may be written from several threads in turn,
     not at the same time.

   CONFIGURATION MACROS (define before including, in every file alike)
     OTEL_DISABLED        compile every call out: no code, no symbols, no data.
                          Arguments are not evaluated (as with assert).
     OTEL_NO_THREADS      single-threaded build: no pthreads, no atomics, no
                          background thread; call otel_poll() from your loop.
     OTEL_ARENA_SIZE      bytes of the built-in static arena (4 MiB)
     OTEL_BLOCK_SIZE      arena block size in bytes (512). One block holds a
                          span with ~8 attributes; more attributes chain more
                          blocks. A string value is at most a block payload long.
     OTEL_MAGAZINE_SIZE   blocks a thread takes from the shared free list at once
                          (32; their indices must fit in one block); only the
                          implementation's file reads it
     OTEL_MAX_THREADS     threads with their own completion list (128); more
                          threads still work, through one shared list
     OTEL_PUBLISH_RINGS   threads whose completion list is also a ring of block
                          indices (4), which the consumer reads without
                          following one record to the next; carved off the arena
     OTEL_PUBLISH_RING    most entries of one such ring (1048576; a power of 2,
                          0: no rings): 4 bytes each, no more than the arena's
                          blocks need (then the ring never laps the consumer):
                          8192 for the default arena
     OTEL_MAX_DEPTH       nested current spans per thread (64; 1 to 1023): the
                          same value in every file (files that differ do not
                          link), written any way (32, 32u, (0x20)).
     OTEL_ASSERT(x)       assertion (assert)
     OTEL_CLOCK_NS()      wall clock in ns since the Unix epoch (CLOCK_REALTIME;
                          on 64-bit targets the default is read straight into
                          span headers)
     OTEL_MONO_NS()       monotonic clock in ns (CLOCK_MONOTONIC)
     OTEL_RANDOM_SEED(p,n) fill n bytes of seed (getrandom, /dev/urandom, clock)
     OTEL_LOG(msg)        sink for warnings, one line without newline (stderr)
     OTEL_WARN_INTERVAL_MS  minimum time between two warnings of one kind (5000)
     OTEL_MAX_PROCESSORS  processors at once (4; more: counted, warned, unused)
     OTEL_PROCESSOR_QUEUE with several processors, records one may hold, taken
                          or not (2048, at most a 1/(2n) share of the arena's
                          blocks); past it, records are dropped for it alone
     OTEL_MEMORY_EXPORTER_CAP  records the in-memory exporter keeps (1024)
     OTEL_HAVE_ATFORK     with OTEL_NO_THREADS: still reseed ids in a forked
                          child through pthread_atfork
     OTEL_NO_METRICS      compile the metrics API out (calls become no-ops)
     OTEL_NO_EXEC         leave the traced command execution helpers out
     OTEL_NO_CONSOLE      no console printer: console in OTEL_*_EXPORTER is
                          warned about as unknown; otel_console_processor() NULL
     OTEL_NO_TAIL_SAMPLING  no tail sampler: OTEL_TRACES_SAMPLER=tail (or
                          OTEL_SAMPLER_TAIL) warned, parentbased_always_on used
     OTEL_NO_B3           no B3 propagators: b3, b3multi warned as unknown
     OTEL_MINIMAL         all of the OTEL_NO_* above and otel_export.h's
                          (threads stay): a one-span OTLP/HTTP program is about
                          59 KB of .text with -Os and --gc-sections (bench/README.md)
     OTEL_MAX_INSTRUMENTS metric instruments, at most (64)
     OTEL_MAX_SCOPES      instrumentation scopes (named tracers, meters and
                          loggers together), the default one included, at
                          most (8; up to 256)
     OTEL_MAX_SCOPE_ATTRS attributes of one scope, at most (8)
     OTEL_MAX_BUCKETS     explicit bucket boundaries per histogram, at most (32)
     OTEL_MAX_CALLBACKS   observable instrument callbacks registered at once (64)
     OTEL_MAX_METRIC_READERS  metric readers, each with its own temporality and
                          state in every series (4; at most 8)
     OTEL_MAX_METER_PROVIDERS meter providers, the default one included (8;
                          up to 256)
     OTEL_PRODUCER_BUFFER bytes for the points metric producers report in one
                          collection (16384, static)

   ENVIRONMENT (read by otel_init; a field set in otel_config wins)
     OTEL_SDK_DISABLED=true           every call a no-op at run time
     OTEL_SERVICE_NAME                service.name (default unknown_service:<exe>)
     OTEL_LOG_LEVEL                   the library's warnings: written at trace, debug,
                                      info, warn (default); not at error, fatal, none
     OTEL_RESOURCE_ATTRIBUTES         k=v,k2=v2 (values percent-decoded)
     OTEL_H_RESOURCE_DETECTORS        what the resource says of where it runs:
                                      all (default: host, os, process, runtime,
                                      service) | none | a comma list of those,
                                      plus command_args (process.command_args,
                                      secrets redacted; off unless named).
                                      OTEL_RESOURCE_ATTRIBUTES, resource_attributes
                                      and OTEL_SERVICE_NAME win over what is detected.
                                      With a detector on, the resource's schema URL
                                      is OTEL_SEMCONV_SCHEMA_URL (the conventions of
                                      their names), unless otel_config.resource_schema_url
                                      sets one ("": none); read back with
                                      otel_resource_schema_url()
     OTEL_TRACES_SAMPLER              always_on, always_off, traceidratio,
                                      parentbased_always_on (default),
                                      parentbased_always_off,
                                      parentbased_traceidratio, and ours:
                                      ratelimiting, parentbased_ratelimiting,
                                      tail (every span recorded, whole traces
                                      kept or dropped at their local root:
                                      docs/tail-sampling.md)
     OTEL_TRACES_SAMPLER_ARG          ratio in [0,1], or traces per second
                                      (tail: the baseline ratio, 0.1)
     OTEL_H_TAIL_KEEP_ERRORS          tail, unless otel_config has policies:
                                      keep traces with an error (true),
     OTEL_H_TAIL_LATENCY_MS           with a span longer than this,
     OTEL_H_TAIL_ATTRIBUTE            with a span with attribute key[=value],
     OTEL_H_TAIL_RATE                 and up to N other traces a second
     OTEL_H_TAIL_DECISION_WAIT_MS     tail: a trace whose local root has not
                                      ended is decided after (30000)
     OTEL_H_TAIL_MEMORY_FRACTION      tail: of the arena held undecided (0.5)
     OTEL_H_SPAN_METRICS=true         traces.span.metrics.calls / .duration
                                      from every span that reaches the
                                      background thread
     OTEL_H_SPAN_METRICS_DIMENSIONS   span attribute keys added to them (4 at most)
     OTEL_TRACES_EXPORTER,            comma lists of console | none (| otlp, file
     OTEL_LOGS_EXPORTER               with otel_export.h), each signal on its own:
                                      otlp,console sends and prints; unknown names
                                      warned, the rest kept (console alone, the
                                      other variables unset: all three printed)
     OTEL_ATTRIBUTE_COUNT_LIMIT, OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT,
     OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT, OTEL_SPAN_EVENT_COUNT_LIMIT,
     OTEL_SPAN_LINK_COUNT_LIMIT, OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT,
     OTEL_LINK_ATTRIBUTE_COUNT_LIMIT  limits (defaults 128; value length unlimited,
                                      but never more than a block payload)
     TRACEPARENT, TRACESTATE          parent context handed down by a parent process
     BAGGAGE                          its baggage (W3C Baggage header syntax)
     OTEL_PROPAGATORS                 tracecontext, baggage, b3, b3multi, none
                                      (default tracecontext,baggage)
     OTEL_H_BAGGAGE_SPAN_KEYS         baggage keys copied onto every span begun
                                      while they are in the current baggage
     OTEL_H_REDACT                    deny (default) | allow | off
     OTEL_H_REDACT_KEYS               more key patterns to redact, comma-separated
     OTEL_H_ALLOW_KEYS                with allow: the keys whose values are kept
     OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT  attributes per log record (128)
     OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT  log record attribute values
                                      (OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, no limit)
     OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE  cumulative (default),
                                      delta, lowmemory (the spec's table by kind)
     OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION  explicit_bucket_histogram
                                      (default) | base2_exponential_bucket_histogram
                                      (not for a Prometheus reader, nor a reader
                                      whose options set histograms' aggregation)
     OTEL_METRICS_EXEMPLAR_FILTER     trace_based (default: measurements in a sampled
                                      span) | always_on | always_off
     OTEL_H_METRIC_SERIES             metric series table entries (512; at
                                      most an eighth of the arena)
     OTEL_H_METRIC_ATTRIBUTE_LIMIT    attributes per metric recording (8, max 16)
     OTEL_H_LOG_PROMPTS, OTEL_H_LOG_TOOL_OUTPUT, OTEL_H_LOG_RESPONSES  true:
                                      sessions keep prompt / tool output /
                                      agent response text (else [REDACTED])
   Invalid values are warned about once and ignored.

   SPAN EVENTS AND LOG EVENTS
     Two things are called events. A span event is a timestamped annotation
     with attributes inside one span (otel_span_add_event, _record_error's
     "exception", otel_span_event_*), exported with that span. A log event is
     a log record with an event name (otel_log_event, otel_session_event and
     the session helpers), exported as OTLP logs, with the ids of the span
     current when it was recorded. The older names otel_event (= otel_log_event)
     and otel_event_quality_gate/_consensus/_model_selection (=
     otel_span_event_*) stay.

   API (see the declarations below for the details)
     otel_init / otel_shutdown / otel_flush / otel_poll / otel_stats_get
     otel_span_begin, _begin_loc, _begin_with_parent, _begin_ex
     otel_span_set_str/_strn/_int/_double/_bool/_str_array/_attrs, _set_name
     otel_span_set_int_array/_double_array/_bool_array; OTEL_ATTR_*_ARRAY
                (whole in one block, else dropped and counted)
     otel_span_add_event/_add_event_at/_add_link, _set_status, _record_error,
     _record_exception (stack trace, extra attributes)
     otel_span_end/_end_at, otel_span_get_context, otel_current_span
     OTEL_SPAN_SCOPE(name), OTEL_SPAN_SCOPE_VAR(var, name)   (GCC/Clang)
     OTEL_SPAN_BEGIN(var, name), OTEL_SPAN_END(var)          (location records)
     scopes:    otel_tracer_get / otel_logger_get / otel_meter_get (name,
                version, schema_url), otel_scope_get (the same with scope
                attributes; any of the three): one table of OTEL_MAX_SCOPES,
                text borrowed (literals), no allocation; over it, or before
                otel_init: the default scope "otel.h" (counted in
                otel_stats.scopes_dropped, warned); no name (NULL, ""):
                warned, a working scope named "". Spans on a tracer:
                otel_tracer_span_begin (inline, as fast as otel_span_begin),
                _with_parent, _with_context, otel_span_args.tracer,
                OTEL_TRACER_SPAN_BEGIN/_SCOPE/_SCOPE_VAR(tracer, ...) (the
                tracer a static variable). Logs on a logger: otel_logger_log,
                otel_logger_event, otel_log_args.logger. The exporter writes
                one ScopeSpans/ScopeLogs/ScopeMetrics per scope, with its
                name, version, schema URL and attributes; processors read
                otel_span_info.scope / otel_log_info.scope.
     otel_traceparent_parse/_format, otel_tracestate_validate
     otel_headers_extract/_inject, otel_env_extract, otel_context_inject_env,
     otel_context_setenv
     context:   otel_context_current/_attach/_detach, otel_span_begin_with_context;
                otel_baggage_set/_get/_remove/_clear/_count/_entry_at/_parse/
                _format, otel_baggage_span_keys; otel_propagation_extract/
                _inject/_fields into an otel_extracted, otel_propagators_set,
                otel_propagator_add, otel_env_extract_context (docs/propagation.md)
     consumers: otel_collect / otel_release / otel_span_data_info / _next,
                an otel_processor (poll on the background thread) in otel_config
                or OTEL_TRACES_EXPORTER; otel_console_processor() prints trees.
                Several processors (otel_config.processors; otel_env_processor()
                stands for the environment's): each sees every record, in a
                queue of its own; a record is freed when the last releases it
                and its on_start sees recording spans begin (adds attributes);
                otel_memory_processor() keeps records for your tests to read:
                otel_memory_records / _reset / _dropped (docs/processors.md)
     hooks:     otel_config.sampler_fn, a user sampler (otel_sampling_params:
                name, kind, parent, trace id, creation attributes; may set the
                tracestate); trace_id_fn / span_id_fn, a user ID generator
                (docs/api.md). Either sends every span through the call path;
                without them the built-in samplers cost what they did.
     metrics:   otel_counter_create(_double), otel_updown_counter_create(_double),
                otel_histogram_create(_int) (bounds, NULL: the spec's default),
                otel_histogram_create_exponential (base-2, max size and scale),
                otel_gauge_create(_double); otel_counter_add(_double),
                otel_histogram_record(_int), otel_gauge_set(_double), each with
                attributes in any order. Series per attribute set live in a
                table carved off the arena; when it (or an instrument's
                cardinality limit, 2000) is full, recordings go to the series
                with otel.metric.overflow=true. Observable instruments:
                otel_observable_counter/_updown_counter/_gauge_create(_double)
                with a callback, or otel_callback_register for several;
                callbacks run in otel_metrics_collect (the background
                thread) and report with otel_observe(_double);
                otel_callback_unregister. Exemplars: one per explicit
                bucket, else one per series, with the span's ids and the
                attributes a view left out (otel_metric_point.exemplars,
                filtered_attributes: OTEL_EXEMPLAR_ATTRS,
                OTEL_EXEMPLAR_ATTR_BYTES); a view may choose the reservoir
                (exemplar_reservoir: OTEL_EXEMPLAR_RESERVOIR_NONE/_SIMPLE
                with exemplar_reservoir_size/_ALIGNED) or give its own
                (exemplar_reservoir_impl: otel_exemplar_reservoir, offer
                and collect). Views: otel_config.views,
                an array of otel_view selecting instruments (name with *
                and ?, kind, unit, meter name, version, schema URL) and setting the stream's name,
                description, attribute keys kept or excluded, aggregation
                (OTEL_AGGREGATION_DROP/_SUM/_LAST_VALUE/_EXPLICIT/
                _EXPONENTIAL) and cardinality limit, at creation; each
                view selecting an instrument makes a stream of its own
                (at most OTEL_MAX_VIEW_STREAMS). Ready-made: otel_genai_record_
                tokens/_duration, otel_agent_record, otel_api_call_record.
                Consumers: otel_metrics_collect, otel_metrics_next,
                otel_metric_point_attrs. Several readers (each its own
                temporality and state, docs/metrics.md):
                otel_config.metric_readers, otel_metrics_collect_reader(i).
                A reader's own options (otel_metric_reader_options, in
                otel_config.metric_reader_options or otel_metric_reader.
                options): a default aggregation by instrument kind and a
                cardinality limit where no view sets them; a metric
                filter (otel_metric_filter: test_metric, test_attributes)
                on its points, and metric producers (otel_metric_producer)
                whose produce reports points with otel_produce (filtered;
                otel_metric_sink_test asks the filter first).
                Named meters (scopes, above): otel_meter_get or otel_scope_get,
                then otel_meter_instrument_create (meter, kind, is_double,
                name, unit, description, bounds, n); the exporter writes one
                ScopeMetrics per meter. Every other instrument is under the
                default scope "otel.h". otel_instrument_create_ex(&args):
                the same from an otel_instrument_args, with the advice
                (bounds, attribute_keys: the keys kept unless a view sets
                its own). Descriptions: up to 1023 characters of UTF-8,
                else warned and cut. otel_meter_set_enabled(meter, on):
                a disabled meter records and exports nothing, at run time
                (docs/metrics.md). Meter providers, any number at run time:
                otel_meter_provider_create(reader_mask) (a set of the
                configured readers, bit k: reader k), then
                otel_meter_provider_meter_get(provider, name, version,
                schema_url): its meters are its own, their instruments
                reported by its readers only; NULL and otel_meter_get: the
                default provider, every reader.
     commands:  otel_exec_run(argv, &opt, &result): posix_spawn in a span named
                after the executable, TRACEPARENT in the child's environment,
                exit code / signal / spawn failure recorded (error status and
                an exception event), process.execution.duration and
                process.executions. For fork/exec: otel_exec_begin,
                OTEL_EXEC_ENVP(&x) for execve, otel_exec_started/_failed/_end.
                With OTEL_DISABLED, otel_exec_run still runs the command.
     pipelines: otel_stage_begin, otel_agent_begin, otel_agent_tokens,
                otel_span_event_quality_gate, _consensus, _model_selection
                (span events).
     logs:      otel_log, otel_log_event, otel_log_emit: a log record (with an
                event name: a log event), severity, body, attributes, and the
                active span's ids; on a named logger: otel_logger_log/_event.
                otel_logger_enabled(logger, severity): 0 when the record
                would go nowhere (SDK off, OTEL_LOGS_EXPORTER=none).
     sessions:  codex-otel's events, key for key (docs/codex.md):
                otel_session_start (codex's common attributes) or _init,
                _set, _event; one call per codex operation, each a log
                record <prefix>.<operation> with event.name and
                event.timestamp: _conversation_starts, _user_prompt,
                _api_request (and its span), _sse_event, _sse_completed
                (token counts, gen_ai.usage.* on the request's span),
                _tool_decision, _tool_result (and its span),
                _sandbox_outcome, _agent_response, _consensus, _end; the
                codex.* metrics (delta). Prompts, tool output and responses
                are [REDACTED] unless the session opts in. otel_collect()
                hands log records out too: otel_record_type, otel_log_data_info.

   THREADS AND HANDOFF
     A span is current on the thread that began it until it ends. To continue
     work on another thread, copy otel_span_get_context(span) and begin there
     with otel_span_begin_with_parent(), or copy otel_context_current() (the
     span context and the baggage) and attach it there. A handle is a frame of its thread's
     span stack, used again once the span ends: another thread may use it
     (ask its context, write to it, end it) while the span is open, never
     once its end has begun. Ended spans are handed to one
     consumer (the background thread) without locks; when the arena is full,
     new spans are dropped and counted, never waited for.

   CONTENTS (each section opens with a marker line: grep for '>> name')
     >> types
     >> api: lifecycle
     >> api: spans
     >> api: context propagation
     >> api: metrics
     >> api: logs
     >> api: consumers
     >> api: domain conventions (gen_ai, pipelines, sessions, commands)
     >> private inline helpers: NOT API (what the inline span calls need)
     >> disabled: the stubs of -DOTEL_DISABLED and OTEL_NO_METRICS
     >> impl: configuration hooks, clock, warnings, strings, environment
     >> impl: arena and per-thread state
     >> impl: context propagation
     >> impl: sampling, limits, redaction
     >> impl: spans (ids, begin, attributes, end)
     >> impl: context values, the baggage span processor, propagators, the environment carrier
     >> impl: metrics
     >> impl: logs
     >> impl: consumers
     >> impl: tail sampling and span-derived metrics (consumer side)
     >> impl: console printer
     >> impl: background thread, resource, configuration, init and shutdown
     >> impl: domain conventions (gen_ai, pipelines, sessions, commands)

   LICENSE: MIT, see the end of this file.
*/
#ifndef OTEL_H
#define OTEL_H

/* OTEL_MINIMAL: every part that can be compiled out is (the manual) */
#ifdef OTEL_MINIMAL
#ifndef OTEL_NO_METRICS
#define OTEL_NO_METRICS
#endif
#ifndef OTEL_NO_EXEC
#define OTEL_NO_EXEC
#endif
#ifndef OTEL_NO_CONSOLE
#define OTEL_NO_CONSOLE
#endif
#ifndef OTEL_NO_TAIL_SAMPLING
#define OTEL_NO_TAIL_SAMPLING
#endif
#ifndef OTEL_NO_B3
#define OTEL_NO_B3
#endif
#ifndef OTEL_NO_TLS
#define OTEL_NO_TLS
#endif
#ifndef OTEL_NO_GRPC
#define OTEL_NO_GRPC
#endif
#ifndef OTEL_NO_PARTIAL_SUCCESS
#define OTEL_NO_PARTIAL_SUCCESS
#endif
#ifndef OTEL_NO_JSON
#define OTEL_NO_JSON
#endif
#ifndef OTEL_NO_SPOOL
#define OTEL_NO_SPOOL
#endif
#endif

/* The implementation needs POSIX and GNU declarations (clock_gettime,
   getrandom, setenv). They only take effect when otel.h comes before every
   system header in the implementation file; otherwise compile that file
   with -D_GNU_SOURCE. */
#if defined(OTEL_IMPLEMENTATION) && !defined(_GNU_SOURCE) && !defined(__cplusplus)
#define _GNU_SOURCE
#endif

#include <stddef.h>
#include <stdint.h>

#define OTEL_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* >> types */
/* ======================================================================== */
/* types                                                                     */
/* ======================================================================== */

/* Errors. A call that sets up, hands over or runs something (otel_init,
   otel_flush, otel_shutdown, the inject and setenv calls, otel_exec_run)
   also says why in a one-line warning (OTEL_LOG, rate-limited); the parsers
   and validators (traceparent, tracestate, headers, environment) only
   return it: their answer is the result, and their input comes from outside. */
enum {
    OTEL_OK = 0,
    OTEL_ERR_INVALID = -1,   /* malformed input or argument */
    OTEL_ERR_FULL = -2,      /* arena, buffer or table full */
    OTEL_ERR_DISABLED = -3,  /* compiled out or disabled at run time */
    OTEL_ERR_CONNECT = -4,
    OTEL_ERR_TIMEOUT = -5,
    OTEL_ERR_TLS = -6,
    OTEL_ERR_PROTOCOL = -7,
    OTEL_ERR_IO = -8,
    OTEL_ERR_TOO_LARGE = -9
};

typedef enum otel_span_kind {
    OTEL_SPAN_KIND_UNSPECIFIED = 0, /* exported as INTERNAL */
    OTEL_SPAN_KIND_INTERNAL = 1,
    OTEL_SPAN_KIND_SERVER = 2,
    OTEL_SPAN_KIND_CLIENT = 3,
    OTEL_SPAN_KIND_PRODUCER = 4,
    OTEL_SPAN_KIND_CONSUMER = 5
} otel_span_kind;

typedef enum otel_status_code {
    OTEL_STATUS_UNSET = 0,
    OTEL_STATUS_OK = 1,
    OTEL_STATUS_ERROR = 2
} otel_status_code;

typedef enum otel_value_type {
    OTEL_TYPE_NONE = 0,
    OTEL_TYPE_STRING,
    OTEL_TYPE_BOOL,
    OTEL_TYPE_INT,
    OTEL_TYPE_DOUBLE,
    OTEL_TYPE_STRING_ARRAY,
    OTEL_TYPE_INT_ARRAY,      /* v.ints:    int64_t values */
    OTEL_TYPE_DOUBLE_ARRAY,   /* v.doubles: double values */
    OTEL_TYPE_BOOL_ARRAY      /* v.bools:   int values, 0 false, else true (read back as 0/1) */
} otel_value_type;

/* An attribute: the input of otel_span_set_attrs/add_event/add_link and the
   output of the consumer iterator. For input strings, len == (size_t)-1
   means NUL-terminated. A string array read back from the arena is packed:
   strs.packed holds count entries of [uint32 length][bytes][NUL]. Int,
   double and bool arrays read back point into the arena, like they were
   given (items, count). */
typedef struct otel_attr {
    const char *key;
    otel_value_type type;
    union {
        struct { const char *ptr; size_t len; } str;
        int64_t i;
        double d;
        int b;
        struct { const char *const *items; size_t count; const char *packed; } strs;
        struct { const int64_t *items; size_t count; } ints;
        struct { const double *items; size_t count; } doubles;
        struct { const int *items; size_t count; } bools;
    } v;
} otel_attr;

/* In C the attribute macros build the struct in place (no call); in C++
   they call the otel_attr_* functions. */
#if defined(__cplusplus) || defined(OTEL_DISABLED)
#define OTEL_ATTR_STR(k, s)    otel_attr_str(k, s)
#define OTEL_ATTR_INT(k, n)    otel_attr_int(k, n)
#define OTEL_ATTR_DOUBLE(k, x) otel_attr_double(k, x)
#define OTEL_ATTR_BOOL(k, b)   otel_attr_bool(k, b)
#define OTEL_ATTR_STR_ARRAY(k, v, n)    otel_attr_str_array(k, v, n)
#define OTEL_ATTR_INT_ARRAY(k, v, n)    otel_attr_int_array(k, v, n)
#define OTEL_ATTR_DOUBLE_ARRAY(k, v, n) otel_attr_double_array(k, v, n)
#define OTEL_ATTR_BOOL_ARRAY(k, v, n)   otel_attr_bool_array(k, v, n)
#else
#define OTEL_ATTR_STR(k, s)    ((otel_attr){ (k), OTEL_TYPE_STRING, { .str = { (s), (size_t)-1 } } })
#define OTEL_ATTR_INT(k, n)    ((otel_attr){ (k), OTEL_TYPE_INT, { .i = (int64_t)(n) } })
#define OTEL_ATTR_DOUBLE(k, x) ((otel_attr){ (k), OTEL_TYPE_DOUBLE, { .d = (double)(x) } })
#define OTEL_ATTR_BOOL(k, v)   ((otel_attr){ (k), OTEL_TYPE_BOOL, { .b = (v) != 0 } })
/* arrays: the values are copied when the attribute is recorded */
#define OTEL_ATTR_STR_ARRAY(k, v, n)    ((otel_attr){ (k), OTEL_TYPE_STRING_ARRAY, { .strs = { (v), (size_t)(n), 0 } } })
#define OTEL_ATTR_INT_ARRAY(k, v, n)    ((otel_attr){ (k), OTEL_TYPE_INT_ARRAY, { .ints = { (v), (size_t)(n) } } })
#define OTEL_ATTR_DOUBLE_ARRAY(k, v, n) ((otel_attr){ (k), OTEL_TYPE_DOUBLE_ARRAY, { .doubles = { (v), (size_t)(n) } } })
#define OTEL_ATTR_BOOL_ARRAY(k, v, n)   ((otel_attr){ (k), OTEL_TYPE_BOOL_ARRAY, { .bools = { (v), (size_t)(n) } } })
#endif

#define OTEL_FLAG_SAMPLED 0x01u
#define OTEL_FLAG_RANDOM  0x02u   /* W3C Trace Context Level 2: the trace id is random */

typedef struct otel_span_context {
    uint8_t trace_id[16];
    uint8_t span_id[8];
    uint8_t flags;            /* W3C trace-flags; bit 0 = sampled */
    uint8_t remote;           /* came from another process */
    uint16_t tracestate_len;
    const char *tracestate;   /* borrowed, not NUL-terminated necessarily */
} otel_span_context;

/* A span handle: a frame of the beginning thread's span stack. NULL is a
   valid no-op handle (disabled, or nothing left). The fields are private;
   they are declared here only so that calls on a span that records
   nothing (unsampled, dropped) compile to one test at the call site. */
typedef struct otel_span {
    struct otel_span_data *rec;   /* NULL: not recording */
    uint32_t ended;
    uint32_t ids;                 /* ids of ctx not made yet (made when asked for) */
    unsigned char *wp;            /* where the next attribute record goes in the span's last block */
    unsigned char *wend;          /* the inline calls may write [wp, wend) (wend == wp: they call instead); read only while rec is set */
    struct otel__tls *owner;
    uint32_t level;               /* this frame's place in its thread's stack, 1 for the bottom one */
    otel_span_context ctx;
} otel_span;

/* Call-site record for OTEL_SPAN_BEGIN / OTEL_SPAN_SCOPE: one static const
   per call site, so begin passes one pointer. */
typedef struct otel_location {
    const char *name;
    const char *function;
    const char *file;
    uint32_t line;
    otel_span_kind kind;
    /* NULL: the default tracer; else the variable (static storage) that
       holds the tracer its spans are begun on, read when they are exported
       (OTEL_TRACER_SPAN_BEGIN) */
    const struct otel_scope *const *tracer;
} otel_location;

/* Redaction filter: called for every attribute recorded (spans, events,
   links). Return OTEL_FILTER_KEEP, _REDACT (value becomes "[REDACTED]") or
   _DROP (not recorded, counted as dropped). */
enum { OTEL_FILTER_KEEP = 0, OTEL_FILTER_REDACT = 1, OTEL_FILTER_DROP = 2 };
typedef int (*otel_filter_fn)(void *user, const otel_attr *attr);

enum { OTEL_REDACT_DEFAULT = 0 /* environment, else deny */, OTEL_REDACT_DENY, OTEL_REDACT_ALLOW, OTEL_REDACT_OFF };

typedef enum otel_sampler_kind {
    OTEL_SAMPLER_DEFAULT = 0,  /* from OTEL_TRACES_SAMPLER, else parentbased_always_on */
    OTEL_SAMPLER_ALWAYS_ON,
    OTEL_SAMPLER_ALWAYS_OFF,
    OTEL_SAMPLER_TRACEIDRATIO,
    OTEL_SAMPLER_RATELIMITING,
    OTEL_SAMPLER_PARENTBASED_ALWAYS_ON,
    OTEL_SAMPLER_PARENTBASED_ALWAYS_OFF,
    OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO,
    OTEL_SAMPLER_PARENTBASED_RATELIMITING,
    OTEL_SAMPLER_TAIL          /* record every span; keep or drop whole traces at their local root
                                  (tail_policies; sampler_arg: the baseline ratio) */
} otel_sampler_kind;

/* A user sampler (otel_config.sampler_fn): replaces the built-in one
   (sampler is then ignored) and decides every span at its beginning, from
   what otel_sampling_params says. It returns OTEL_SAMPLING_DROP (nothing
   recorded, counted in spans_sampled_out), _RECORD_ONLY (recorded: its
   attributes can be set, but neither exported nor marked sampled; its
   children see it unsampled) or _RECORD_AND_SAMPLE. It may change the new
   span's tracestate: tracestate holds the parent's (tracestate_len bytes,
   NUL-terminated, room for OTEL_SAMPLER_TRACESTATE_MAX); what it leaves
   there must pass otel_tracestate_validate, else a warning and the
   parent's is kept (a dropped span always keeps its parent's). It runs on
   the thread beginning the span, with no lock held. */
enum { OTEL_SAMPLING_DROP = 0, OTEL_SAMPLING_RECORD_ONLY = 1, OTEL_SAMPLING_RECORD_AND_SAMPLE = 2 };
#define OTEL_SAMPLER_TRACESTATE_MAX 512
typedef struct otel_sampling_params {
    const char *name;
    otel_span_kind kind;
    const otel_span_context *parent;  /* NULL: a new trace; parent->remote: from another process */
    const uint8_t *trace_id;          /* 16 bytes: the parent's, or the new trace's */
    const otel_attr *attrs; size_t attr_count;          /* otel_span_begin_ex's, else none */
    const otel_span_context *links; size_t link_count;  /* the same */
    char *tracestate; size_t tracestate_len;            /* in: the parent's; out: the new span's */
} otel_sampling_params;
typedef int (*otel_sampler_fn)(void *user, otel_sampling_params *p);
/* A user ID generator (otel_config.trace_id_fn / span_id_fn, each
   optional): fills the id. An all-zero id is invalid: warned, and the
   built-in generator's is used. Its trace ids are not known to be random,
   so new traces do not set the W3C random flag (OTEL_FLAG_RANDOM). */
typedef void (*otel_trace_id_fn)(void *user, uint8_t trace_id[16]);
typedef void (*otel_span_id_fn)(void *user, uint8_t span_id[8]);

/* Tail sampling: a trace is kept when any policy says keep. Policies are
   judged on each span as it reaches the background thread; the decision is
   made when the trace's local root ends (or its wait runs out). */
typedef enum otel_tail_policy_type {
    OTEL_TAIL_NONE = 0,        /* an unused entry */
    OTEL_TAIL_ERROR,           /* a span with error status */
    OTEL_TAIL_LATENCY,         /* a span longer than value ms (named span_name, or any) */
    OTEL_TAIL_ATTRIBUTE,       /* a span (named span_name, or any) with attribute key, equal to match
                                  (its text, or a number's or bool's) unless match is NULL */
    OTEL_TAIL_PROBABILITY,     /* baseline: value = the ratio of other traces kept, by trace id */
    OTEL_TAIL_RATE             /* baseline: at most value other traces a second */
} otel_tail_policy_type;
#define OTEL_TAIL_MAX_POLICIES 8
typedef struct otel_tail_policy {
    otel_tail_policy_type type;
    double value;
    const char *span_name;
    const char *key, *match;
} otel_tail_policy;

/* A consumer of completed spans (the exporter, the console printer, your
   own). poll() runs on the background thread (or inside otel_poll() with
   OTEL_NO_THREADS) and takes spans with otel_collect(), releasing them with
   otel_release() when done. reason: why it was called. It returns the number
   of spans it still holds (0 = everything it took has gone out). */
enum { OTEL_POLL_TIMER = 0, OTEL_POLL_FLUSH = 1, OTEL_POLL_SHUTDOWN = 2 };
typedef struct otel_processor {
    size_t (*poll)(void *user, int reason, uint64_t deadline_mono_ns);
    void (*stop)(void *user);      /* may be NULL; called once at shutdown */
    void *user;
    uint32_t interval_ms;          /* how often poll runs without a wake-up (0: 1000) */
    /* may be NULL: called on the thread that begins a recording span, as it
       begins (after its creation attributes), to add attributes or events
       (the spec's OnStart; the end is poll's otel_collect). parent: the
       parent's context (its ids and remote flag; trace flags and tracestate
       as the span inherited them), NULL for a root. It must not end the
       span. With none, spans begin as fast as without processors. */
    void (*on_start)(void *user, otel_span *span, const otel_span_context *parent);
} otel_processor;

/* Views (otel_config.views): each selects instruments and configures the
   stream they produce. Selectors left NULL / 0 match any instrument; a view
   matching nothing does nothing; each view selecting an instrument makes a
   stream of its own (none: the instrument's own stream). */
enum {
    OTEL_AGGREGATION_DEFAULT = 0,     /* the instrument's own */
    OTEL_AGGREGATION_DROP = 1,        /* recordings ignored, nothing exported */
    OTEL_AGGREGATION_SUM = 2,         /* monotonic for counters and histograms */
    OTEL_AGGREGATION_LAST_VALUE = 3,
    OTEL_AGGREGATION_EXPLICIT = 4,    /* explicit buckets: bounds (NULL: the spec's default) */
    OTEL_AGGREGATION_EXPONENTIAL = 5  /* base 2: exp_max_size (0: 160 and max scale 20), exp_max_scale */
};
/* exemplar reservoirs (otel_view.exemplar_reservoir): the aggregation's
   default (aligned to the buckets of an explicit histogram, else simple
   with one exemplar), none, simple fixed-size (exemplar_reservoir_size
   exemplars, each measurement equally likely to be kept), or aligned (one
   exemplar a bucket; explicit histograms only) */
enum { OTEL_EXEMPLAR_RESERVOIR_DEFAULT = 0, OTEL_EXEMPLAR_RESERVOIR_NONE = 1, OTEL_EXEMPLAR_RESERVOIR_SIMPLE = 2,
       OTEL_EXEMPLAR_RESERVOIR_ALIGNED = 3 };
/* A reservoir of one's own (otel_view.exemplar_reservoir_impl): offer is
   called on the recording thread (any thread, concurrently) for each
   measurement the exemplar filter lets through: its value, time and span
   ids in m, all its attributes (attrs, n; valid during the call only), the
   current span's context (NULL outside a span). collect is called on the
   collecting thread for each point of the stream: it writes at most max
   exemplars of that series into out (their filtered_attributes, if any,
   must stay valid until the next point is read) and returns how many.
   series identifies the series: otel_metric_point.series of its points. */
struct otel_exemplar;
typedef struct otel_exemplar_reservoir {
    void (*offer)(void *user, const void *series, const struct otel_exemplar *m, const otel_attr *attrs, size_t n,
                  const otel_span_context *ctx);
    size_t (*collect)(void *user, const void *series, struct otel_exemplar *out, size_t max);
    void *user;
} otel_exemplar_reservoir;
typedef struct otel_view {
    const char *instrument_name;      /* '*' any run, '?' one character; case-insensitive */
    int instrument_kind;              /* OTEL_INSTRUMENT_*, 0: any */
    const char *instrument_unit;      /* exact */
    const char *name;                 /* the stream's name (not with a wildcard selector); NULL: the instrument's */
    const char *description;          /* NULL: the instrument's */
    const char *const *attribute_keys; /* non-NULL: only these keys are kept */
    size_t attribute_key_count;
    int aggregation;                  /* OTEL_AGGREGATION_* */
    const double *bounds; size_t bound_count;  /* OTEL_AGGREGATION_EXPLICIT */
    uint32_t exp_max_size; int exp_max_scale;  /* OTEL_AGGREGATION_EXPONENTIAL */
    uint32_t cardinality_limit;       /* series of the stream before overflow; 0: metric_cardinality_limit */
    const char *meter_name;           /* the instrument's meter (otel_meter_get; "otel.h" the default one); exact; NULL: any */
    const char *meter_version;        /* exact; NULL: any */
    const char *meter_schema_url;     /* exact; NULL: any */
    const char *const *excluded_attribute_keys; /* non-NULL: these keys are removed (after attribute_keys) */
    size_t excluded_attribute_key_count;
    int exemplar_reservoir;           /* OTEL_EXEMPLAR_RESERVOIR_* (synchronous instruments) */
    uint32_t exemplar_reservoir_size; /* _SIMPLE: exemplars kept a point (0: 1; at most OTEL_MAX_BUCKETS + 1) */
    const otel_exemplar_reservoir *exemplar_reservoir_impl; /* non-NULL: this one (kept, not copied) */
} otel_view;

/* A metric filter (the spec's MetricFilter), for one reader: test_metric
   says of a metric (its scope, name, kind, unit: otel_metric_info) whether
   its points are kept (OTEL_METRIC_ACCEPT), all dropped (_DROP) or judged
   one by one (_ACCEPT_PARTIAL: test_attributes on each point's attributes,
   OTEL_METRIC_ACCEPT or _DROP). Either function may be NULL (accept). They
   run on the collecting thread; a dropped point is not encoded. */
enum { OTEL_METRIC_ACCEPT = 0, OTEL_METRIC_DROP = 1, OTEL_METRIC_ACCEPT_PARTIAL = 2 };
struct otel_metric_info;
typedef struct otel_metric_filter {
    int (*test_metric)(void *user, const struct otel_metric_info *mi);
    int (*test_attributes)(void *user, const struct otel_metric_info *mi, const otel_attr *attrs, size_t n);
    void *user;
} otel_metric_filter;
/* A metric producer (the spec's MetricProducer): a source of metric data
   outside the SDK's instruments (a bridge, another library's counters),
   which a reader asks for its points at each collection, after the
   instruments' callbacks. produce reports them with otel_produce into the
   sink it is handed, which applies the reader's filter. */
typedef struct otel_metric_sink otel_metric_sink;
typedef struct otel_metric_producer {
    void (*produce)(otel_metric_sink *sink, void *user);
    void *user;
} otel_metric_producer;
/* What one metric reader does besides its temporality
   (otel_config.metric_reader_options; otel_metric_reader.options in
   otel_export.h). Zero: the defaults. */
typedef struct otel_metric_reader_options {
    /* the aggregation of each instrument kind's streams when no view sets
       one (OTEL_AGGREGATION_*; 0: the kind's default, and for histograms
       OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION); observable
       kinds: default, drop, sum or last value */
    struct {
        int counter, updown_counter, histogram, gauge;
        int observable_counter, observable_updown_counter, observable_gauge;
    } aggregation;
    uint32_t cardinality_limit;   /* series of a stream before overflow, unless a view sets one
                                     (0: otel_config.metric_cardinality_limit, 2000) */
    const otel_metric_filter *filter;            /* NULL: every point */
    const otel_metric_producer *producers;       /* asked at every collection of this reader */
    size_t producer_count;
} otel_metric_reader_options;

/* The semantic conventions version whose names the resource detectors write
   (host.*, os.*, process.*, service.instance.id): the resource's schema URL
   when a detector is on and otel_config.resource_schema_url is NULL. */
#define OTEL_SEMCONV_SCHEMA_URL "https://opentelemetry.io/schemas/1.31.0"

typedef struct otel_config {
    const char *service_name;     /* NULL: OTEL_SERVICE_NAME, else unknown_service:<exe> */
    const char *service_version;  /* NULL: none */
    const char *resource_attributes; /* "k=v,..." added before OTEL_RESOURCE_ATTRIBUTES */
    void *arena;                  /* NULL: the built-in static arena */
    size_t arena_size;
    otel_sampler_kind sampler;    /* OTEL_SAMPLER_DEFAULT: environment */
    double sampler_arg;           /* used when sampler is set here */
    /* limits; 0 = environment or default (128; value length: no limit) */
    uint32_t attribute_count_limit, attribute_value_length_limit;
    uint32_t span_attribute_count_limit, span_event_count_limit, span_link_count_limit;
    uint32_t event_attribute_count_limit, link_attribute_count_limit;
    int redact_mode;              /* OTEL_REDACT_DEFAULT (env, else deny), _DENY, _ALLOW, _OFF */
    const char *redact_keys;      /* extra key patterns, comma-separated */
    const char *allow_keys;       /* keys kept in allow mode, comma-separated */
    otel_filter_fn filter;        /* optional, after the pattern checks */
    void *filter_user;
    const otel_processor *processor; /* NULL (and no processors): from OTEL_TRACES_EXPORTER */
    const otel_processor *const *processors; /* more processors, after processor; each sees every
                                  span and log record (otel_env_processor(): the environment's) */
    size_t processor_count;       /* at most OTEL_MAX_PROCESSORS in all (more: counted, warned) */
    int ignore_env;               /* 1: read no OTEL_* variables (tests, embedding) */
    int no_env_parent;            /* 1: do not adopt TRACEPARENT as the parent of root spans */
    void *console_stream;         /* FILE* for the console printer (stdout) */
    const struct otel_export_config *exporter; /* otel_export.h settings; NULL: environment */
    /* metrics and log records; 0 = environment or default */
    uint32_t metric_series;       /* series table entries (OTEL_H_METRIC_SERIES, 512) */
    uint32_t metric_attribute_limit;   /* attributes per recording (OTEL_H_METRIC_ATTRIBUTE_LIMIT, 8) */
    uint32_t metric_cardinality_limit; /* series per instrument before overflow (2000) */
    int metric_temporality;       /* OTEL_TEMPORALITY_* (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE) */
    int metric_histogram_aggregation;  /* OTEL_HISTOGRAM_EXPLICIT / _EXPONENTIAL: what otel_histogram_create
                                          makes (OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION) */
    int metric_exemplar_filter;   /* OTEL_EXEMPLAR_* (OTEL_METRICS_EXEMPLAR_FILTER, trace_based) */
    const otel_view *views;       /* views applied when instruments are created (kept, not copied) */
    size_t view_count;
    uint32_t log_attribute_count_limit; /* OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT (128) */
    /* tail sampling (sampler OTEL_SAMPLER_TAIL) and span-derived metrics; 0 = environment or default */
    otel_tail_policy tail_policies[OTEL_TAIL_MAX_POLICIES]; /* none: OTEL_H_TAIL_* (errors kept) */
    uint32_t tail_decision_wait_ms; /* a trace without an ended local root is decided after (30000) */
    double tail_memory_fraction;    /* of the arena's blocks, held undecided at most (0.5) */
    int span_metrics;               /* 1 on, -1 off, 0: OTEL_H_SPAN_METRICS (off) */
    const char *span_metrics_dimensions; /* span attribute keys added to their attributes, comma-separated */
    const char *resource_detectors; /* "all" | "none" | "host,os,process,runtime,service,command_args"
                                       (NULL: OTEL_H_RESOURCE_DETECTORS, else all; command_args only when named) */
    otel_sampler_fn sampler_fn;     /* a user sampler: replaces sampler (see otel_sampling_params) */
    void *sampler_user;
    otel_trace_id_fn trace_id_fn;   /* a user ID generator (NULL: the built-in one) */
    otel_span_id_fn span_id_fn;
    void *id_user;
    const int *metric_readers;    /* several metric readers, each its temporality preference (OTEL_TEMPORALITY_*),
                                     collected with otel_metrics_collect_reader(i); NULL: one (metric_temporality),
                                     or the exporter's (otel_export_config.metric_readers, OTEL_METRICS_EXPORTER) */
    size_t metric_reader_count;   /* at most OTEL_MAX_METRIC_READERS */
    const char *resource_schema_url; /* the resource's schema URL (copied); NULL: OTEL_SEMCONV_SCHEMA_URL
                                     when a resource detector is on, else none; "": none */
    const otel_metric_reader_options *metric_reader_options; /* reader i's: [i], for i below the count
                                     (kept, not copied; an otel_metric_reader's own options win) */
    size_t metric_reader_option_count;
} otel_config;

typedef struct otel_stats {
    uint64_t spans_started;       /* begun and recording */
    uint64_t spans_ended;         /* recording spans ended */
    uint64_t spans_sampled_out;   /* begun, not sampled: nothing recorded */
    uint64_t spans_dropped;       /* sampled but no arena block free (or too deep) */
    uint64_t spans_released;      /* handed back by the consumer */
    uint64_t attributes_dropped;  /* over a count limit, or no room in the arena */
    uint64_t events_dropped, links_dropped;
    uint64_t values_truncated;    /* shortened to the value length limit or block */
    uint64_t values_redacted;
    uint64_t arena_blocks, arena_blocks_free;  /* free: on the shared list only */
    /* filled in by otel_export.h */
    uint64_t spans_exported, spans_export_dropped, spans_export_failed;
    uint64_t export_retries, export_bytes;
    uint64_t spool_written;       /* spans and log records written to the disk spool */
    uint64_t spool_replayed;      /* delivered from the spool (also files of earlier runs) */
    uint64_t spool_dropped;       /* deleted from the spool: over its cap, corrupted, or refused */
    /* log records */
    uint64_t logs_emitted, logs_dropped;          /* dropped: no arena block free */
    uint64_t logs_exported, logs_export_dropped, logs_export_failed;
    /* metrics */
    uint64_t metric_instruments, metric_series;
    uint64_t metric_overflow_recordings;          /* went to the otel.metric.overflow series */
    uint64_t metric_recordings_dropped;           /* no-op handle or invalid value */
    uint64_t metric_points_exported, metric_export_failed;
    /* sent, outcome unknown: still unanswered at shutdown after the whole
       request was written (the backend may have kept it; at-least-once) */
    uint64_t spans_export_unknown, logs_export_unknown, metric_export_unknown;
    /* tail sampling: a recorded span is exported (or export-dropped/failed),
       sampled out here, or still held */
    uint64_t spans_tail_sampled_out;   /* released unexported: their trace was not kept */
    uint64_t spans_tail_held;          /* held now, their trace undecided */
    uint64_t tail_traces_kept, tail_traces_sampled_out;
    uint64_t tail_decided_early;       /* held blocks over their share or no trace entry free: decided before the root ended */
    uint64_t tail_decided_by_deadline; /* no local root ended within the wait (or shutdown) */
    /* propagation */
    uint64_t propagation_invalid; /* malformed tracestate, baggage members, B3 headers dropped on extraction */
    uint64_t baggage_dropped;     /* baggage members over the limits (64 members, 8192 bytes), or invalid to set */
    uint64_t meters_dropped;                      /* (the older name of scopes_dropped, the same count) */
    uint64_t scopes_dropped;      /* a tracer, meter or logger over OTEL_MAX_SCOPES: the default one instead */
    uint64_t processors_dropped;  /* processors past OTEL_MAX_PROCESSORS: not used (their records: otel_processor_dropped) */
    uint64_t exemplar_attributes_dropped; /* filtered attributes an exemplar had no room for (OTEL_EXEMPLAR_ATTRS, _ATTR_BYTES) */
} otel_stats;

/* Read-only view of a completed span for consumers. */
typedef struct otel_span_data otel_span_data;
typedef struct otel_span_info {
    const char *name; size_t name_len;
    otel_span_context context;    /* tracestate points into the arena */
    uint8_t parent_span_id[8];
    int has_parent, parent_remote;
    otel_span_kind kind;
    uint64_t start_ns, end_ns;
    otel_status_code status; const char *status_message; size_t status_len;
    uint32_t attribute_count, event_count, link_count;
    uint32_t dropped_attributes, dropped_events, dropped_links;
    const otel_location *location; /* NULL unless begun from a location record */
    const struct otel_scope *scope; /* its tracer's instrumentation scope; NULL: the default one */
} otel_span_info;

enum { OTEL_ITEM_ATTR = 1, OTEL_ITEM_EVENT, OTEL_ITEM_EVENT_ATTR, OTEL_ITEM_LINK, OTEL_ITEM_LINK_ATTR };
/* One record of a span, in the order recorded; only the fields of its type
   are set (the others keep what an earlier call left there). */
typedef struct otel_item {
    int type;                     /* OTEL_ITEM_* */
    otel_attr attr;               /* *_ATTR */
    const char *event_name; uint64_t event_ns;        /* EVENT */
    otel_span_context link;       /* LINK */
    uint32_t attribute_count, dropped_attributes;     /* EVENT, LINK */
} otel_item;
typedef struct otel_iter { const void *blk; uint32_t off; } otel_iter;

/* Everything about a new span, for otel_span_begin_ex. */
typedef struct otel_span_args {
    const char *name;             /* not copied */
    const otel_location *location;
    otel_span_kind kind;
    const otel_span_context *parent;  /* used when use_parent is set */
    int use_parent;               /* 0: current span of this thread */
    uint64_t start_ns;            /* 0: now */
    const otel_span_context *links; size_t link_count;
    const otel_attr *attrs; size_t attr_count;
    const struct otel_scope *tracer;  /* NULL: the default tracer (with a location: the location's) */
} otel_span_args;

typedef struct otel_header { const char *name; const char *value; } otel_header;

/* ---- context, baggage and propagators ---- */
/* W3C Baggage: name/value pairs with properties (metadata), carried along
   the trace (the baggage header, the BAGGAGE variable), never copied into
   telemetry on their own. Fixed storage, the W3C minimums: 64 members and
   8192 bytes. A zeroed otel_baggage is empty. Fields are private: use the
   otel_baggage_* calls. */
#define OTEL_BAGGAGE_MAX_MEMBERS 64
#define OTEL_BAGGAGE_MAX_BYTES 8192
typedef struct otel_baggage {
    uint16_t count, used;         /* members; bytes of text used */
    uint32_t dropped;             /* members dropped from it: invalid, or over the limits */
    struct { uint16_t key, val, meta, klen, vlen, mlen; } m[OTEL_BAGGAGE_MAX_MEMBERS];
    char text[OTEL_BAGGAGE_MAX_BYTES + 3 * OTEL_BAGGAGE_MAX_MEMBERS];   /* key, value, metadata, each NUL-terminated */
} otel_baggage;
/* one member, as otel_baggage_entry_at reads it (pointers into the baggage) */
typedef struct otel_baggage_entry {
    const char *key; size_t key_len;
    const char *value; size_t value_len;         /* decoded */
    const char *metadata; size_t metadata_len;   /* properties as text ("p1;p2=v"), "" when none */
} otel_baggage_entry;

/* A context (the specification's Context): the span context new spans
   take as their parent, the baggage, and values of your own under keys
   from otel_context_key_create. Small and by value: copy it to another
   thread and attach it there (or begin a span with it). The baggage and
   the values are borrowed, as the tracestate is: they must outlive the
   context's use; an attached context (the struct itself too) must stay
   as it is until detached. */
#define OTEL_CONTEXT_MAX_VALUES 4
typedef struct otel_context {
    otel_span_context span;       /* invalid (zero): no span */
    const otel_baggage *baggage;  /* NULL: none */
    const void *values[OTEL_CONTEXT_MAX_VALUES];   /* by key - 1 */
} otel_context;
/* what otel_context_attach returns and otel_context_detach takes back */
typedef struct otel_context_token {   /* (private) */
    const otel_context *prev;     /* the context attached before (NULL: none) */
    uint32_t level;               /* its frame on the span stack (0: none) */
    uint32_t seq;                 /* the thread's count of attached contexts, with it (0: not attached) */
} otel_context_token;

/* What an extraction fills in: the context, and the storage it borrows
   (the tracestate, joined from several lines; the baggage). It points into
   itself: extract into the variable you use, do not copy it. */
#define OTEL_TRACESTATE_MAX 8192
typedef struct otel_extracted {
    otel_context ctx;
    char tracestate[OTEL_TRACESTATE_MAX];
    otel_baggage baggage;
} otel_extracted;

/* A propagator of the composite (OTEL_PROPAGATORS, or your own added with
   otel_propagator_add). extract reads the carrier's headers (names in any
   case, repeated names in order) into out, which holds what the
   propagators before it found: a span context found replaces the one
   there. inject appends headers for ctx to out[0..cap) with their text in
   buf[0..bufsz) and returns how many it wrote (or an OTEL_ERR_*). fields
   writes the header names it uses (at most cap) and returns their number. */
typedef struct otel_propagator {
    const char *name;
    int (*extract)(void *user, const otel_header *headers, size_t n, otel_extracted *out);
    int (*inject)(void *user, const otel_context *ctx, otel_header *out, size_t cap, char *buf, size_t bufsz);
    size_t (*fields)(void *user, const char **out, size_t cap);
    void *user;
} otel_propagator;

/* ---- metrics (compiled out by OTEL_NO_METRICS) ---- */
typedef enum otel_instrument_kind {
    OTEL_INSTRUMENT_COUNTER = 1,        /* monotonic sum */
    OTEL_INSTRUMENT_UPDOWN_COUNTER = 2, /* sum that may go down */
    OTEL_INSTRUMENT_HISTOGRAM = 3,      /* explicit buckets, count, sum, min, max */
    OTEL_INSTRUMENT_GAUGE = 4           /* last value */
} otel_instrument_kind;
/* OTLP's AggregationTemporality values; LOWMEMORY is a preference only
   (delta for synchronous counters and histograms, cumulative otherwise) */
enum { OTEL_TEMPORALITY_DELTA = 1, OTEL_TEMPORALITY_CUMULATIVE = 2, OTEL_TEMPORALITY_LOWMEMORY = 3 };
/* exemplar filters (OTEL_METRICS_EXEMPLAR_FILTER) */
enum { OTEL_EXEMPLAR_TRACE_BASED = 1, OTEL_EXEMPLAR_ALWAYS_ON = 2, OTEL_EXEMPLAR_ALWAYS_OFF = 3 };
/* a measurement kept with a point: its time, value and the span it was made in */
typedef struct otel_exemplar {
    uint64_t time_ns;
    double as_double; int64_t as_int;           /* as the instrument records (histograms: double) */
    uint8_t trace_id[16], span_id[8];           /* zero outside a span (always_on) */
    /* the measurement's attributes that the stream's attribute keys left
       out (a view's attribute_keys / excluded_attribute_keys): at most
       OTEL_EXEMPLAR_ATTRS, string values OTEL_EXEMPLAR_ATTR_BYTES in all;
       the others dropped (counted in otel_stats.exemplar_attributes_dropped) */
    const otel_attr *filtered_attributes; size_t filtered_attribute_count;
} otel_exemplar;
/* histogram aggregations; the exponential one's defaults (the spec's) */
enum { OTEL_HISTOGRAM_EXPLICIT = 1, OTEL_HISTOGRAM_EXPONENTIAL = 2 };
enum { OTEL_EXP_HISTOGRAM_MAX_SIZE = 160, OTEL_EXP_HISTOGRAM_MAX_SCALE = 20 };

/* An instrument handle. NULL is a valid no-op handle (invalid name,
   disabled, or the instrument table is full). */
typedef struct otel_instrument otel_instrument;
/* Observable instruments: a callback reports readings through the
   observer it is handed, at collection time (otel_observe). */
typedef struct otel_observer otel_observer;
typedef struct otel_callback otel_callback;
typedef void (*otel_observe_fn)(otel_observer *obs, void *user);

/* An instrumentation scope (the OTLP InstrumentationScope and its
   schema URL): a tracer, a meter or a logger (one table for the three;
   index 0 is the default scope "otel.h"). Text and attributes are
   borrowed (literals, or storage that outlives otel_shutdown); the
   attribute array itself is copied into the table. Read-only. */
#ifndef OTEL_MAX_SCOPE_ATTRS
#define OTEL_MAX_SCOPE_ATTRS 8
#endif
typedef struct otel_scope {
    otel_location otel__loc;      /* (private: what a span begun on this tracer records as its location) */
    const char *name, *version, *schema_url;
    unsigned index;
    otel_attr attrs[OTEL_MAX_SCOPE_ATTRS];   /* scope attributes: attr_count of them */
    uint32_t attr_count, dropped_attributes;
} otel_scope;
typedef const otel_scope *otel_meter;   /* NULL: the default meter */
typedef struct otel_meter_provider otel_meter_provider;   /* NULL: the default one (every metric reader) */
typedef const otel_scope *otel_tracer;  /* NULL: the default tracer */
typedef const otel_scope *otel_logger;  /* NULL: the default logger */
/* Everything about a new (synchronous) instrument, for
   otel_instrument_create_ex; zeroed fields are "none". The advice is the
   specification's advisory parameters: a view that sets the same thing wins. */
typedef struct otel_instrument_args {
    otel_meter meter;                 /* NULL: the default meter */
    otel_instrument_kind kind;        /* OTEL_INSTRUMENT_COUNTER, _UPDOWN_COUNTER, _HISTOGRAM, _GAUGE */
    int is_double;                    /* values are doubles (else int64) */
    const char *name, *unit, *description;   /* not copied (literals) */
    const double *bounds; size_t bound_count;       /* advice, histograms: explicit bucket boundaries */
    const char *const *attribute_keys;              /* advice: non-NULL: only these keys are kept */
    size_t attribute_key_count;
} otel_instrument_args;

/* What a consumer reads of a metric and of one of its points. */
typedef struct otel_metric_info {
    const char *name, *unit, *description;
    otel_instrument_kind kind;
    int is_double;                /* values recorded as double (else int64) */
    int temporality;              /* OTEL_TEMPORALITY_*; gauges: 0 */
    int monotonic;                /* counters */
    const double *bounds; size_t bound_count;   /* histograms */
    const otel_scope *scope;      /* the instrument's meter */
    int observable;               /* an observable (asynchronous) instrument */
    int exponential;              /* a base-2 exponential histogram (no bounds, no bucket_counts) */
} otel_metric_info;
typedef struct otel_metric_point {
    uint64_t start_ns, time_ns;
    int64_t as_int; double as_double;           /* sums and gauges */
    uint64_t count; double sum, min, max;       /* histograms */
    const uint64_t *bucket_counts; size_t bucket_count;  /* bound_count + 1 */
    uint32_t attribute_count;
    const void *series;           /* private: where the attributes are */
    /* exponential histograms: bucket i of a side counts values in
       (2^((offset + i) / 2^scale), 2^((offset + i + 1) / 2^scale)] */
    int32_t scale;
    uint64_t zero_count; double zero_threshold;
    int32_t positive_offset, negative_offset;
    const uint64_t *positive, *negative; size_t positive_count, negative_count;
    /* exemplars offered since the last walk, valid until the next otel_metrics_next */
    const otel_exemplar *exemplars; size_t exemplar_count;
} otel_metric_point;
typedef struct otel_metric_iter { uint32_t inst, series, started; } otel_metric_iter;

/* ---- log records and log events ---- */
enum {
    OTEL_SEVERITY_UNSPECIFIED = 0, OTEL_SEVERITY_TRACE = 1, OTEL_SEVERITY_DEBUG = 5,
    OTEL_SEVERITY_INFO = 9, OTEL_SEVERITY_WARN = 13, OTEL_SEVERITY_ERROR = 17, OTEL_SEVERITY_FATAL = 21
};
/* A record handed to consumers: a span or a log record. */
enum { OTEL_RECORD_SPAN = 1, OTEL_RECORD_LOG = 2 };
typedef struct otel_log_args {
    const char *event_name;       /* NULL: a plain log record; copied */
    int severity;                 /* OTEL_SEVERITY_* (1..24) */
    const char *severity_text;    /* NULL: from the number (INFO, ERROR, ...) */
    const char *body; size_t body_len;  /* copied; body_len (size_t)-1: NUL-terminated */
    const otel_attr *attrs; size_t attr_count;
    uint64_t time_ns;             /* 0: now */
    const otel_span_context *context;   /* NULL: the current span, if any */
    const struct otel_scope *logger;    /* NULL: the default logger (otel_logger_get) */
} otel_log_args;
typedef struct otel_log_info {
    const char *event_name; size_t event_name_len;   /* NULL: none */
    int severity; const char *severity_text;
    const char *body; size_t body_len;               /* NULL: none */
    uint64_t time_ns, observed_ns;
    int has_context; otel_span_context context;      /* the span active when recorded */
    uint32_t attribute_count, dropped_attributes;
    const struct otel_scope *scope;                  /* its logger's scope; NULL: the default one */
} otel_log_info;

/* A session: attributes stamped on every event it records, and the event
   schema of codex-otel (docs/codex.md): every event is a log record whose
   name (LogRecord.event_name and the attribute event.name) is the prefix,
   a dot and the operation (<prefix>.user_prompt), with event.timestamp
   (RFC 3339, milliseconds, Z) and the session's attributes. The attribute
   keys and string values are borrowed: they must outlive the session. A
   session is used by one thread at a time. */
#define OTEL_SESSION_MAX_ATTRS 16
enum { OTEL_SESSION_LOG_PROMPTS = 1, OTEL_SESSION_LOG_TOOL_OUTPUT = 2, OTEL_SESSION_LOG_RESPONSES = 4 };
typedef struct otel_session {
    otel_attr attrs[OTEL_SESSION_MAX_ATTRS];
    size_t attr_count;
    int flags;                    /* OTEL_SESSION_LOG_*: keep prompt / tool output / response text */
    /* prepended to event names, with a dot unless it ends in one: "codex"
       gives codex.user_prompt. NULL: the service name; "": none */
    const char *event_prefix;
    /* private: the prefix resolved (for event_prefix, in epoch), the open
       API request span, the turn's start and whether its first token came */
    const char *otel__prefix_of; uint32_t otel__prefix_epoch, otel__prefix_len;
    char otel__prefix[64];
    int otel__prefix_plain;       /* holds nothing the redaction would touch */
    uint64_t otel__ts_sec; char otel__ts[25];   /* the last event.timestamp */
    otel_span *otel__request;
    uint64_t otel__turn_mono; int otel__turn_first;
    /* private: attrs as the arena records an event copies (for the epoch) */
    uint32_t otel__tmpl_epoch, otel__tmpl_len, otel__tmpl_n;
    uint64_t otel__tmpl[96];
} otel_session;
/* The common attributes of codex's events (NULL: unknown, left out) */
typedef struct otel_session_info {
    const char *conversation_id, *app_version, *originator, *terminal_type, *model, *slug;
    const char *auth_mode, *account_id, *account_email;   /* optional */
} otel_session_info;
/* codex.conversation_starts */
typedef struct otel_conversation_info {
    const char *provider_name;
    const char *reasoning_effort;         /* NULL: not set */
    const char *reasoning_summary;
    int64_t context_window;               /* <= 0: unknown */
    int64_t auto_compact_token_limit;     /* <= 0: not set */
    const char *approval_policy, *sandbox_policy;
    const char *const *mcp_servers; size_t mcp_server_count;   /* sent comma-separated */
} otel_conversation_info;
/* the token counts of a response.completed SSE event (OTEL_TOKENS_UNKNOWN: not known) */
#define OTEL_TOKENS_UNKNOWN (-1)
typedef struct otel_token_counts { int64_t input, output, cached, reasoning, tool; } otel_token_counts;
/* codex.tool_result */
typedef struct otel_tool_call {
    const char *tool_name, *call_id, *arguments;
    int success;
    const char *output;                   /* [REDACTED] unless OTEL_SESSION_LOG_TOOL_OUTPUT */
    const char *mcp_server, *mcp_server_origin;   /* NULL: "" (a built-in tool) */
} otel_tool_call;
/* The outcome of several agents' answers: who disagreed, on what, how the
   synthesis settled it (for otel_session_consensus) */
typedef struct otel_consensus_conflict {
    const char *topic;                    /* what they disagreed on */
    const char *const *agents; size_t agent_count;   /* who disagreed */
    const char *resolution;               /* how the synthesis settled it */
} otel_consensus_conflict;
typedef struct otel_consensus_info {
    int responses;                        /* agents that answered */
    const otel_consensus_conflict *conflicts; size_t conflict_count;
    const char *outcome;                  /* unanimous, majority, synthesized, ... */
} otel_consensus_info;
/* Times an operation for the session helpers. */
typedef struct otel_timer { uint64_t start_ns, start_mono_ns; } otel_timer;

/* ---- traced command execution (compiled out by OTEL_NO_EXEC) ---- */
#define OTEL_EXEC_MAX_ENV 1024      /* environment entries a child can get */
enum { OTEL_EXEC_ERROR_ON_NONZERO = 0, OTEL_EXEC_NONZERO_IS_OK = 1 };
typedef struct otel_exec_options {
    const char *span_name;        /* NULL: the executable's base name (not copied) */
    int record_args;              /* 1: process.command_args (secrets redacted); off by default */
    int exit_mode;                /* OTEL_EXEC_ERROR_ON_NONZERO (default) or OTEL_EXEC_NONZERO_IS_OK */
    int search_path;              /* 1: look the command up in PATH (posix_spawnp) */
    char *const *envp;            /* NULL: this process's environment */
    const void *file_actions;     /* a posix_spawn_file_actions_t *, or NULL */
} otel_exec_options;
typedef struct otel_exec_result {
    int pid;                      /* 0 when it could not start */
    int exit_code;                /* 128 + signal when killed; -1 when it could not start */
    int signal;                   /* the signal that killed it, or 0 */
    int spawn_error;              /* errno of a failed spawn, or 0 */
    double seconds;
} otel_exec_result;
/* For programs that fork and exec themselves: begin before fork(), pass
   x.envp to execve() in the child (it carries TRACEPARENT/TRACESTATE; no
   allocation after fork), end after waitpid(). */
typedef struct otel_exec {
    otel_span *span;
    otel_timer timer;
    const char *name;
    int record_args, exit_mode;
    char *envp[OTEL_EXEC_MAX_ENV];
    char env_buf[1024 + OTEL_BAGGAGE_MAX_BYTES];   /* TRACEPARENT, TRACESTATE, BAGGAGE */
} otel_exec;

/* >> api: lifecycle */
/* ======================================================================== */
/* API                                                                       */
/* ======================================================================== */

#if defined(OTEL_DISABLED) || defined(OTEL_NO_METRICS)
/* compiled-out calls: arguments are type-checked but never evaluated */
#define OTEL__U(x) ((void)sizeof(x))
#if defined(__GNUC__) || defined(__clang__)
#define OTEL__RET(val, uses) (__extension__({ uses; (val); }))
#else
#define OTEL__RET(val, uses) (val)
#endif
#endif

#ifndef OTEL_DISABLED

int  otel_init(const otel_config *cfg);       /* cfg NULL: defaults + environment */
int  otel_flush(int timeout_ms);              /* OTEL_OK when everything pending went out */
int  otel_shutdown(int timeout_ms);           /* flush, stop, release; re-init allowed */
void otel_poll(void);                         /* drive the processor (OTEL_NO_THREADS) */
void otel_stats_get(otel_stats *out);
int  otel_is_enabled(void);
const char *otel_strerror(int code);

/* >> api: spans */
/* otel_span_begin, otel_span_begin_loc and otel_span_end are inline: see below */
/* parent NULL: a new root trace, whatever is current on this thread */
otel_span *otel_span_begin_with_parent(const char *name, otel_span_kind kind,
                                       const otel_span_context *parent);
otel_span *otel_span_begin_ex(const otel_span_args *args);
/* Named tracers (instrumentation scopes): the same one for the same name,
   version and schema URL (version, schema_url may be NULL; text not
   copied: literals). Get them after otel_init (before it, or disabled:
   NULL, the default tracer); valid until otel_shutdown. Over
   OTEL_MAX_SCOPES (tracers, meters and loggers together) the default one,
   counted in otel_stats.scopes_dropped and warned. A NULL or empty name is
   warned about and gives a working one named "" (the specification's
   fallback keeps the invalid name). otel_scope_get is the
   same with scope attributes (the array copied, at most
   OTEL_MAX_SCOPE_ATTRS, keys and values borrowed), for a tracer, a meter
   or a logger alike. A span is begun on a tracer by each way of beginning
   one: otel_tracer_span_begin (inline, the cost of otel_span_begin),
   _with_parent, _with_context, otel_span_args.tracer, and the location
   record's tracer (OTEL_TRACER_SPAN_BEGIN/_SCOPE/_SCOPE_VAR). */
otel_tracer otel_tracer_get(const char *name, const char *version, const char *schema_url);
const otel_scope *otel_scope_get(const char *name, const char *version, const char *schema_url,
                                 const otel_attr *attrs, size_t n);
otel_span *otel_tracer_span_begin_with_parent(otel_tracer tracer, const char *name, otel_span_kind kind,
                                              const otel_span_context *parent);
otel_span *otel_tracer_span_begin_with_context(otel_tracer tracer, const char *name, otel_span_kind kind,
                                               const otel_context *ctx);

void otel_span_set_str_array(otel_span *s, const char *key, const char *const *values, size_t n);
/* Arrays of numbers or bools (values copied). One that does not fit in a
   block (OTEL_BLOCK_SIZE) is dropped and counted, never cut. */
void otel_span_set_int_array(otel_span *s, const char *key, const int64_t *values, size_t n);
void otel_span_set_double_array(otel_span *s, const char *key, const double *values, size_t n);
void otel_span_set_bool_array(otel_span *s, const char *key, const int *values, size_t n);
void otel_span_set_attrs(otel_span *s, const otel_attr *attrs, size_t n);
void otel_span_set_name(otel_span *s, const char *name);   /* copied */
void otel_span_add_event(otel_span *s, const char *name, const otel_attr *attrs, size_t n);
void otel_span_add_event_at(otel_span *s, const char *name, uint64_t time_ns,
                            const otel_attr *attrs, size_t n);
void otel_span_add_link(otel_span *s, const otel_span_context *ctx, const otel_attr *attrs, size_t n);
void otel_span_set_status(otel_span *s, otel_status_code code, const char *description);
/* error status + an "exception" event with exception.type and exception.message */
void otel_span_record_error(otel_span *s, const char *type, const char *message);
/* the same, with exception.stacktrace (NULL: none) and more attributes on
   the event (semantic conventions: exception.escaped, code.*, ...) */
void otel_span_record_exception(otel_span *s, const char *type, const char *message, const char *stacktrace,
                                const otel_attr *attrs, size_t n);
void otel_span_end_at(otel_span *s, uint64_t end_ns);
int  otel_span_is_recording(const otel_span *s);
otel_span_context otel_span_get_context(const otel_span *s);
otel_span *otel_current_span(void);           /* NULL when none */
otel_span_context otel_current_context(void); /* span, else TRACEPARENT parent, else invalid */
int  otel_span_context_is_valid(const otel_span_context *ctx);

otel_attr otel_attr_str(const char *key, const char *value);
otel_attr otel_attr_int(const char *key, int64_t value);
otel_attr otel_attr_double(const char *key, double value);
otel_attr otel_attr_bool(const char *key, int value);
otel_attr otel_attr_str_array(const char *key, const char *const *values, size_t n);
otel_attr otel_attr_int_array(const char *key, const int64_t *values, size_t n);
otel_attr otel_attr_double_array(const char *key, const double *values, size_t n);
otel_attr otel_attr_bool_array(const char *key, const int *values, size_t n);

/* Scoped and location-record macros */
#define OTEL__CAT2(a, b) a##b
#define OTEL__CAT(a, b) OTEL__CAT2(a, b)
#ifdef __cplusplus
#define OTEL__LOC(id, nm) static const otel_location id = { nm, __func__, __FILE__, __LINE__, OTEL_SPAN_KIND_INTERNAL, NULL }
#else
#define OTEL__LOC(id, nm) static const otel_location id = { (nm), __func__, __FILE__, __LINE__, OTEL_SPAN_KIND_INTERNAL, NULL }
#endif
#define OTEL_SPAN_BEGIN(var, nm) \
    OTEL__LOC(OTEL__CAT(otel__loc_, __LINE__), nm); \
    otel_span *var = otel_span_begin_loc(&OTEL__CAT(otel__loc_, __LINE__))
#define OTEL_SPAN_END(var) otel_span_end(var)
#if defined(__GNUC__) || defined(__clang__)
void otel__scope_end(otel_span **s);
#define OTEL_SPAN_SCOPE_VAR(var, nm) \
    OTEL__LOC(OTEL__CAT(otel__loc_, __LINE__), nm); \
    otel_span *var __attribute__((cleanup(otel__scope_end), unused)) = otel_span_begin_loc(&OTEL__CAT(otel__loc_, __LINE__))
#define OTEL_SPAN_SCOPE(nm) OTEL_SPAN_SCOPE_VAR(OTEL__CAT(otel__scope_, __LINE__), nm)
#endif
/* The same on a named tracer: tr is a variable of static storage duration
   (a global or a static otel_tracer) set by otel_tracer_get before the
   first span; the location record keeps its address, so the span's
   beginning passes one pointer as OTEL_SPAN_BEGIN does. */
#define OTEL__TLOC(id, tr, nm) \
    static const otel_location id = { (nm), __func__, __FILE__, __LINE__, OTEL_SPAN_KIND_INTERNAL, &(tr) }
#define OTEL_TRACER_SPAN_BEGIN(tr, var, nm) \
    OTEL__TLOC(OTEL__CAT(otel__loc_, __LINE__), tr, nm); \
    otel_span *var = otel_span_begin_loc(&OTEL__CAT(otel__loc_, __LINE__))
#if defined(__GNUC__) || defined(__clang__)
#define OTEL_TRACER_SPAN_SCOPE_VAR(tr, var, nm) \
    OTEL__TLOC(OTEL__CAT(otel__loc_, __LINE__), tr, nm); \
    otel_span *var __attribute__((cleanup(otel__scope_end), unused)) = otel_span_begin_loc(&OTEL__CAT(otel__loc_, __LINE__))
#define OTEL_TRACER_SPAN_SCOPE(tr, nm) OTEL_TRACER_SPAN_SCOPE_VAR(tr, OTEL__CAT(otel__scope_, __LINE__), nm)
#endif

/* >> api: context propagation */
/* W3C Trace Context. parse: OTEL_OK or OTEL_ERR_INVALID; out->tracestate NULL. */
int    otel_traceparent_parse(const char *text, size_t len, otel_span_context *out);
size_t otel_traceparent_format(const otel_span_context *ctx, char out[56]); /* 55 + NUL; 0 if invalid */
int    otel_tracestate_validate(const char *text, size_t len); /* members (0..32) or OTEL_ERR_INVALID */
/* Both headers at once: tracestate is kept (borrowed) only if valid and the
   traceparent is valid. len (size_t)-1 = NUL-terminated. */
int    otel_context_extract(const char *traceparent, const char *tracestate, otel_span_context *out);

/* names compared case-insensitively */
int otel_headers_extract(const otel_header *headers, size_t n, otel_span_context *out);
/* writes traceparent (and tracestate if any) into out[]; strings in buf;
   returns the number of headers written or an error */
int otel_headers_inject(const otel_span_context *ctx, otel_header *out, size_t cap, char *buf, size_t bufsz);
/* TRACEPARENT/TRACESTATE from an environment block (NULL: this process's) */
int otel_env_extract(char *const *envp, otel_span_context *out);
/* A copy of envp (NULL: environ) with TRACEPARENT/TRACESTATE set to ctx,
   and BAGGAGE to this thread's current baggage (otel_context_current)
   (removed if ctx is invalid), for posix_spawn/execve: pointers in out[]
   (NULL-terminated, cap entries), new strings in buf. Returns the count. */
int otel_context_inject_env(const otel_span_context *ctx, char *const *envp,
                            char **out, size_t cap, char *buf, size_t bufsz);
/* setenv() TRACEPARENT/TRACESTATE in this process (for system()/popen()),
   and BAGGAGE from the current baggage. */
int otel_context_setenv(const otel_span_context *ctx);

/* Context. current: the current span's context (else the TRACEPARENT
   parent) and the baggage attached on this thread (else BAGGAGE's). attach
   makes ctx current on this thread until the token is detached (in the
   reverse order of attaching): spans begun meanwhile are its span's
   children (a context without a span leaves the current span as it is),
   and its baggage is the current one. Attach after otel_init. */
otel_context otel_context_current(void);
otel_context_token otel_context_attach(const otel_context *ctx);   /* ctx borrowed until detached */
int  otel_context_detach(otel_context_token token);   /* OTEL_ERR_INVALID: not the last one attached */
/* a span whose parent is ctx's span (invalid: a new trace); the baggage
   span processor reads ctx's baggage */
otel_span *otel_span_begin_with_context(const char *name, otel_span_kind kind, const otel_context *ctx);
/* Values of your own: a key (1..OTEL_CONTEXT_MAX_VALUES, or OTEL_ERR_FULL;
   create keys once, at start-up), a copy of ctx with the value set under
   it, the value under it (NULL: none). */
int  otel_context_key_create(const char *name);
otel_context otel_context_set_value(const otel_context *ctx, int key, const void *value);
const void *otel_context_get_value(const otel_context *ctx, int key);

/* Baggage. set: key a token (RFC 9110), value any text (percent-encoded
   on the wire), metadata NULL or properties "p1;p2=v"; replaces a member of
   the same key. OTEL_ERR_INVALID: not a token / bad properties;
   OTEL_ERR_FULL: over 64 members or 8192 bytes (counted, the baggage
   unchanged). get: the value (NUL-terminated) or NULL. */
int  otel_baggage_set(otel_baggage *b, const char *key, const char *value, const char *metadata);
const char *otel_baggage_get(const otel_baggage *b, const char *key);
int  otel_baggage_remove(otel_baggage *b, const char *key);   /* OTEL_OK, or OTEL_ERR_INVALID: no such key */
void otel_baggage_clear(otel_baggage *b);
size_t otel_baggage_count(const otel_baggage *b);
int  otel_baggage_entry_at(const otel_baggage *b, size_t i, otel_baggage_entry *out);   /* 1, or 0 past the end */
/* The baggage header: parse adds the members of one header line (call it
   for each line; len (size_t)-1: NUL-terminated), each invalid member
   dropped on its own and counted; returns the members added. format
   writes the header (NUL-terminated) and returns its length; a member that
   does not fit (cap, 8192 bytes) is left out whole. */
int  otel_baggage_parse(otel_baggage *b, const char *header, size_t len);
size_t otel_baggage_format(const otel_baggage *b, char *out, size_t cap);
/* The baggage span processor (off by default): the members under these
   keys (comma-separated, exact; NULL or "": off) are set as attributes of
   every span begun while they are in the current baggage (redaction
   applies). Also OTEL_H_BAGGAGE_SPAN_KEYS; call before otel_init. */
int  otel_baggage_span_keys(const char *keys);

/* Propagators. set: names as in OTEL_PROPAGATORS (tracecontext, baggage,
   b3, b3multi, none; unknown ones warned about and left out); NULL: the
   environment, else tracecontext,baggage (what otel_init does). add: your
   own, after those (borrowed; at most 8). Both at start-up, before the
   threads that propagate. extract: every propagator in
   turn, into out; OTEL_OK when a valid span context was found. inject: ctx
   (NULL: the current context) through every propagator; returns the
   headers written. fields: the header names of all of them. */
int  otel_propagators_set(const char *names);
int  otel_propagator_add(const otel_propagator *p);
int  otel_propagation_extract(const otel_header *headers, size_t n, otel_extracted *out);
int  otel_propagation_inject(const otel_context *ctx, otel_header *out, size_t cap, char *buf, size_t bufsz);
size_t otel_propagation_fields(const char **out, size_t cap);
/* The whole context from an environment block (NULL: this process's):
   TRACEPARENT, TRACESTATE, BAGGAGE. */
int  otel_env_extract_context(char *const *envp, otel_extracted *out);

/* >> api: metrics */
/* ---- metrics: instruments are created once (names and units are not
   copied: literals), then recorded from any thread without locks ---- */
#ifndef OTEL_NO_METRICS
otel_instrument *otel_counter_create(const char *name, const char *unit, const char *description);
otel_instrument *otel_counter_create_double(const char *name, const char *unit, const char *description);
otel_instrument *otel_updown_counter_create(const char *name, const char *unit, const char *description);
otel_instrument *otel_updown_counter_create_double(const char *name, const char *unit, const char *description);
/* bounds: increasing bucket boundaries (NULL: the specification's default
   0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000) */
otel_instrument *otel_histogram_create(const char *name, const char *unit, const char *description,
                                       const double *bounds, size_t bound_count);
otel_instrument *otel_histogram_create_int(const char *name, const char *unit, const char *description,
                                           const double *bounds, size_t bound_count);
/* a base-2 exponential histogram: at most max_size buckets a side (0: 160),
   starting at max_scale (-10..20, the spec's default 20) and scaling down
   to fit the values' range */
otel_instrument *otel_histogram_create_exponential(const char *name, const char *unit, const char *description,
                                                   size_t max_size, int max_scale);
otel_instrument *otel_gauge_create(const char *name, const char *unit, const char *description);
otel_instrument *otel_gauge_create_double(const char *name, const char *unit, const char *description);
/* A named meter (text not copied: literals; version, schema_url may be NULL):
   the same one for the same three; over OTEL_MAX_SCOPES the default meter
   (counted, warned). An instrument of any kind under it (meter NULL: the
   default meter; bounds as above, histograms only). */
otel_meter otel_meter_get(const char *name, const char *version, const char *schema_url);
otel_instrument *otel_meter_instrument_create(otel_meter meter, otel_instrument_kind kind, int is_double,
                                              const char *name, const char *unit, const char *description,
                                              const double *bounds, size_t bound_count);
/* the same from an otel_instrument_args, with the attribute keys advice:
   recordings keep only those keys (unless a view sets attribute_keys) */
otel_instrument *otel_instrument_create_ex(const otel_instrument_args *args);
/* The meter configurator: a disabled meter's instruments (those it has and
   those created under it later) record nothing and export nothing, their
   callbacks are not run; enabled again, they resume (a cumulative sum goes
   on from its total before). Any thread, any time; meter NULL: the default
   meter. OTEL_OK, OTEL_ERR_INVALID (not a meter of this init), _DISABLED. */
int otel_meter_set_enabled(otel_meter meter, int enabled);
/* Meter providers, any number at run time (after otel_init): a provider
   is a set of the configured metric readers (bit k of reader_mask: reader
   k of otel_config.metric_readers or of the exporter's metric_readers);
   the instruments of its meters are reported by those readers only. Its
   meters are its own: the same name under two providers gives two meters
   (two instrument sets, two scopes in the export). The default provider
   (NULL; otel_meter_get) has every reader. Views, temporality and the
   rest stay the readers' and the SDK's. NULL, warned: no configured
   reader in the mask, more than OTEL_MAX_METER_PROVIDERS (the default one
   counts), or disabled; its meters are then the default provider's. */
otel_meter_provider *otel_meter_provider_create(uint32_t reader_mask);
otel_meter otel_meter_provider_meter_get(otel_meter_provider *provider, const char *name, const char *version,
                                         const char *schema_url);
/* recording: attributes in any order, at most the metric attribute limit */
void otel_counter_add(otel_instrument *m, int64_t value, const otel_attr *attrs, size_t n);
void otel_counter_add_double(otel_instrument *m, double value, const otel_attr *attrs, size_t n);
void otel_histogram_record(otel_instrument *m, double value, const otel_attr *attrs, size_t n);
void otel_histogram_record_int(otel_instrument *m, int64_t value, const otel_attr *attrs, size_t n);
void otel_gauge_set(otel_instrument *m, int64_t value, const otel_attr *attrs, size_t n);
void otel_gauge_set_double(otel_instrument *m, double value, const otel_attr *attrs, size_t n);
int  otel_instrument_name_valid(const char *name);  /* the specification's syntax */
/* Observable instruments: readings taken at collection time, on the
   collecting thread (the background thread), by callbacks. A counter's
   reading is its total so far (the SDK computes deltas), an up-down
   counter's its current sum, a gauge's its current value. fn may be NULL;
   otherwise it is registered for this instrument for good, and observes
   with otel_observe(obs, NULL or the handle, ...). */
otel_instrument *otel_observable_counter_create(const char *name, const char *unit, const char *description,
                                                otel_observe_fn fn, void *user);
otel_instrument *otel_observable_counter_create_double(const char *name, const char *unit, const char *description,
                                                       otel_observe_fn fn, void *user);
otel_instrument *otel_observable_updown_counter_create(const char *name, const char *unit, const char *description,
                                                       otel_observe_fn fn, void *user);
otel_instrument *otel_observable_updown_counter_create_double(const char *name, const char *unit, const char *description,
                                                              otel_observe_fn fn, void *user);
otel_instrument *otel_observable_gauge_create(const char *name, const char *unit, const char *description,
                                              otel_observe_fn fn, void *user);
otel_instrument *otel_observable_gauge_create_double(const char *name, const char *unit, const char *description,
                                                     otel_observe_fn fn, void *user);
/* One callback for several observable instruments (at most 16); NULL when
   the callback table (OTEL_MAX_CALLBACKS) is full or an instrument is not
   observable. After otel_callback_unregister returns, the callback is not
   running and never runs again (it may unregister itself); the handle is
   then invalid. */
otel_callback *otel_callback_register(otel_observe_fn fn, void *user, otel_instrument *const *instruments, size_t n);
int otel_callback_unregister(otel_callback *cb);
/* inside a callback only: the reading of one attribute set (the last
   reading of a set in one collection wins). Outside its callback, on an
   instrument the callback was not registered for, NaN or infinity, or a
   negative counter reading: ignored, counted as dropped, warned about. */
void otel_observe(otel_observer *obs, otel_instrument *m, int64_t value, const otel_attr *attrs, size_t n);
void otel_observe_double(otel_observer *obs, otel_instrument *m, double value, const otel_attr *attrs, size_t n);

#endif
#ifndef OTEL_NO_METRICS
/* Metric consumers (the exporter): take a snapshot of every series, then walk it. */
size_t otel_metrics_collect(void);            /* returns the number of points */
/* the same for one of several readers (otel_config.metric_readers; 0 is
   otel_metrics_collect's): each has its own temporality and its own delta
   state, so a cumulative and a delta reader both see correct values; the
   walk that follows reads the reader collected last */
size_t otel_metrics_collect_reader(unsigned reader);
int    otel_metrics_next(otel_metric_iter *it, otel_metric_info *mi, otel_metric_point *p); /* 1 while points */
size_t otel_metric_point_attrs(const otel_metric_point *p, otel_attr *out, size_t max);
/* Inside a metric producer's produce only (otel_metric_producer): one point
   of a metric, reported to the reader collecting. mi: name, unit,
   description, kind, is_double, temporality, monotonic, scope (a meter of
   otel_meter_get / otel_scope_get; NULL: the default), exponential, and a
   histogram's bounds; p: its values (time_ns 0: the collection's;
   start_ns 0: time_ns), a histogram's bucket_counts (bound_count + 1) or
   an exponential one's buckets; attrs: at most 16, not arrays. Everything
   is copied, into OTEL_PRODUCER_BUFFER bytes for one collection; the
   points of one metric follow each other. Returns OTEL_OK, OTEL_METRIC_DROP
   when the reader's filter drops it, OTEL_ERR_FULL (the buffer; counted,
   warned) or OTEL_ERR_INVALID. */
int otel_produce(otel_metric_sink *sink, const otel_metric_info *mi, const otel_metric_point *p,
                 const otel_attr *attrs, size_t n);
/* the reader's filter's word on a metric (OTEL_METRIC_ACCEPT, _DROP or
   _ACCEPT_PARTIAL), for a producer that would rather not build points
   the reader drops */
int otel_metric_sink_test(otel_metric_sink *sink, const otel_metric_info *mi);
#endif

/* >> api: logs */
/* ---- log records and log events (OTLP logs) ---- */
void otel_log(int severity, const char *body, const otel_attr *attrs, size_t n);
/* a log event: a log record with an event name (otel_log_event is its name
   that says so; for an event inside a span: otel_span_add_event) */
void otel_event(const char *event_name, int severity, const char *body, const otel_attr *attrs, size_t n);
void otel_log_emit(const otel_log_args *args);
/* Named loggers (instrumentation scopes), as named tracers: the same one
   for the same three, NULL before otel_init (the default), over
   OTEL_MAX_SCOPES the default (counted, warned); otel_scope_get gives one
   with scope attributes. Emit on one with otel_log_args.logger, or: */
otel_logger otel_logger_get(const char *name, const char *version, const char *schema_url);
void otel_logger_log(otel_logger logger, int severity, const char *body, const otel_attr *attrs, size_t n);
void otel_logger_event(otel_logger logger, const char *event_name, int severity, const char *body,
                       const otel_attr *attrs, size_t n);
/* Logger.Enabled: 0 when a record of this severity on this logger (NULL:
   the default) would be thrown away (before otel_init or after
   otel_shutdown, OTEL_SDK_DISABLED, or logs going nowhere: OTEL_LOGS_EXPORTER
   =none with only the environment's processors, or no processor at all), so
   a caller can skip building it; 1 otherwise (a processor set in code may
   want any record; there is no minimum severity). Cheap: two loads. */
int otel_logger_enabled(otel_logger logger, int severity);

/* >> api: consumers */
/* Consumers (one at a time; normally the background thread). */
size_t otel_collect(otel_span_data **out, size_t max);
void   otel_release(otel_span_data *const *spans, size_t n);
void   otel_span_data_info(const otel_span_data *d, otel_span_info *out);
int    otel_span_data_next(const otel_span_data *d, otel_iter *it, otel_item *out); /* 1 while items */
/* The resource and the instrumentation scope for exporters. */
size_t otel_resource_attrs(const otel_attr **out);
const char *otel_resource_schema_url(void);   /* NULL: none */
const char *otel_scope_name(void);
void  otel_wake(void);                        /* wake the background thread */
uint64_t otel_pending(void);                  /* ended and not yet released */

/* Console printer (OTEL_TRACES_EXPORTER=console): an otel_processor */
const otel_processor *otel_console_processor(void);
/* The processors the environment names (OTEL_TRACES_EXPORTER, _LOGS_ and
   _METRICS_EXPORTER: the exporter, the console), as an entry of
   otel_config.processors beside your own. */
const otel_processor *otel_env_processor(void);
/* Records the processor at index (in the order they run) could not take
   because its queue was full, with several processors (each is dropped
   for that processor alone). */
uint64_t otel_processor_dropped(size_t index);


/* consumers: otel_collect() hands out log records too */
int  otel_record_type(const otel_span_data *d);   /* OTEL_RECORD_SPAN or OTEL_RECORD_LOG */
void otel_log_data_info(const otel_span_data *d, otel_log_info *out);

/* In-memory exporter (the spec's InMemorySpanExporter and
   InMemoryLogRecordExporter), for your own tests: a processor (add it to
   otel_config.processors) that keeps the spans and log records it takes,
   OTEL_MEMORY_EXPORTER_CAP at most (more: dropped and counted). Records
   reach it at its poll: call otel_flush() first. otel_memory_records
   copies out up to max of one type (OTEL_RECORD_SPAN / OTEL_RECORD_LOG),
   oldest first, and returns how many; read them with otel_span_data_info /
   _next or otel_log_data_info until otel_memory_reset, which forgets them
   (their blocks return to the arena at its next poll). At shutdown it
   lets go of everything. */
const otel_processor *otel_memory_processor(void);
size_t   otel_memory_records(int type, const otel_span_data **out, size_t max);
void     otel_memory_reset(void);
uint64_t otel_memory_dropped(void);   /* not kept: over the cap */

/* >> api: domain conventions (gen_ai, pipelines, sessions, commands) */

/* Ready-made instruments after the semantic conventions (created on first use) */
#ifndef OTEL_NO_METRICS
/* gen_ai.client.token.usage {token}: one point per token type (input, output) */
void otel_genai_record_tokens(const char *provider, const char *model, const char *operation,
                              int64_t input_tokens, int64_t output_tokens);
/* gen_ai.client.operation.duration (s); error_type NULL on success */
void otel_genai_record_duration(const char *provider, const char *model, const char *operation,
                                double seconds, const char *error_type);
/* agent.execution.duration (s) and agent.executions {execution}, by agent, stage, outcome */
void otel_agent_record(const char *agent, const char *stage, const char *outcome, double seconds);
/* http.client.request.duration (s): an API call's latency */
void otel_api_call_record(const char *server, const char *method, int status_code, double seconds,
                          const char *error_type);

#endif

void otel_session_init(otel_session *s, const otel_attr *attrs, size_t n, int flags);
/* codex's common attributes from info (conversation.id, app.version,
   originator, terminal.type, model, slug; auth_mode, user.account_id,
   user.email when known), then attrs as otel_session_init */
void otel_session_start(otel_session *s, const otel_session_info *info, const otel_attr *attrs, size_t n, int flags);
void otel_session_set(otel_session *s, otel_attr a);     /* adds or replaces by key */
/* any event under the session's prefix, with its common attributes */
void otel_session_event(otel_session *s, const char *event_name, int severity, const char *body,
                        const otel_attr *attrs, size_t n);
otel_timer otel_timer_start(void);
double     otel_timer_seconds(const otel_timer *t);
/* One call per codex operation; each writes <prefix>.<operation> with
   codex's keys and value types (docs/codex.md). Those given a timer (NULL:
   0 ms) measure duration_ms from its start to the call. */
void otel_session_conversation_starts(otel_session *s, const otel_conversation_info *c);
/* user_prompt: prompt_length (characters), prompt ([REDACTED] unless
   OTEL_SESSION_LOG_PROMPTS); starts the turn codex.turn.ttft.duration_ms is timed from */
void otel_session_user_prompt(otel_session *s, const char *prompt);
/* api_request: attempt, duration_ms, http.response.status_code (0: none),
   error.message (NULL: none), endpoint; the codex.api_request metrics. Also
   a CLIENT span "api_request" from the timer's start: ended at once on
   failure, else left open (and current) until the response's
   response.completed or failed SSE event, the next request or otel_session_end. */
void otel_session_api_request(otel_session *s, const otel_timer *t, int attempt, int status_code,
                              const char *error, const char *endpoint);
/* sse_event: event.kind, duration_ms, error.message (NULL: none); the
   codex.sse_event metrics; the turn's first output event records the ttft */
void otel_session_sse_event(otel_session *s, const otel_timer *t, const char *kind, const char *error);
/* sse_event of kind response.completed with the token counts; they also go
   onto the open API request span (gen_ai.usage.*), which ends */
void otel_session_sse_completed(otel_session *s, const otel_timer *t, const otel_token_counts *tokens);
/* tool_decision: decision (approved, approved_for_session, denied, abort), source (Config, User) */
void otel_session_tool_decision(otel_session *s, const char *tool_name, const char *call_id,
                                const char *decision, const char *source);
/* tool_result, the codex.tool.call metrics and a span "execute_tool <name>" from the timer's start */
void otel_session_tool_result(otel_session *s, const otel_timer *t, const otel_tool_call *call);
/* sandbox_outcome; escalated_duration_ms < 0: not escalated */
void otel_session_sandbox_outcome(otel_session *s, const char *tool_name, const char *call_id, const char *outcome,
                                  int64_t initial_duration_ms, int64_t escalated_duration_ms);
/* agent_response: agent.type (main, subagent), turn.id, item.id, response
   ([REDACTED] unless OTEL_SESSION_LOG_RESPONSES), response_length (bytes),
   response_truncated; in the agent's span (NULL: the current span) */
void otel_session_agent_response(otel_session *s, otel_span *agent, const char *agent_type, const char *turn_id,
                                 const char *item_id, const char *response);
/* consensus: the agents' answers and their conflicts (docs/codex.md), in span (NULL: current) */
void otel_session_consensus(otel_session *s, otel_span *span, const otel_consensus_info *c);
/* ends the open API request span, if any */
void otel_session_end(otel_session *s);

/* ---- traced command execution and pipeline helpers ---- */
#ifndef OTEL_NO_EXEC
/* Runs argv (posix_spawn) in a span named after the command and waits for
   it; the child's environment carries the span's context. Returns OTEL_OK
   when the command ran (its exit status is in *out), or an error when it
   could not be started. */
int  otel_exec_run(const char *const argv[], const otel_exec_options *opt, otel_exec_result *out);
#define OTEL_EXEC_ENVP(x) ((x)->envp)   /* the child's environment, for execve */
otel_span *otel_exec_begin(otel_exec *x, const char *const argv[], const otel_exec_options *opt);
void otel_exec_started(otel_exec *x, int pid);              /* after a successful fork/spawn */
void otel_exec_failed(otel_exec *x, int err);               /* the spawn failed with errno err */
void otel_exec_end(otel_exec *x, int wait_status, otel_exec_result *out);  /* status from waitpid */
#endif
/* A pipeline stage: a span named after the stage (a literal), pipeline.stage set. */
otel_span *otel_stage_begin(const char *stage);
/* An agent: span "invoke_agent <agent>" (gen_ai.operation.name invoke_agent,
   gen_ai.agent.name, gen_ai.provider.name, gen_ai.request.model); parent
   NULL: the thread's current span. */
otel_span *otel_agent_begin(const char *agent, const char *provider, const char *model, const otel_span_context *parent);
/* gen_ai.usage.input_tokens / output_tokens on the span, and the token histogram */
void otel_agent_tokens(otel_span *agent, const char *provider, const char *model, int64_t input_tokens, int64_t output_tokens);
/* Span events (NULL: the current span); otel_span_event_* are the same calls */
void otel_event_quality_gate(otel_span *s, const char *gate, int passed, double score, const char *reason);
void otel_event_consensus(otel_span *s, int responses, int conflicts, const char *resolution);
void otel_event_model_selection(otel_span *s, const char *provider, const char *model, const char *reason);

/* >> private inline helpers: NOT API (what the inline span calls need) */
/* otel_span_set_str/_strn/_int/_double/_bool are inline, so that a span
   that records nothing costs one test; the work is in otel__span_set_*. */
void otel__span_set_str(otel_span *s, const char *key, const char *value);
void otel__span_set_strn(otel_span *s, const char *key, const char *value, size_t len);
void otel__span_set_int(otel_span *s, const char *key, int64_t value);
void otel__span_set_double(otel_span *s, const char *key, double value);
void otel__span_set_bool(otel_span *s, const char *key, int value);
void otel__span_set_literal(otel_span *s, const char *key, const char *value, size_t len);
#if defined(__GNUC__) || defined(__clang__)
#define OTEL__LIKELY(x) __builtin_expect(!!(x), 1)
#define OTEL__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define OTEL__UNUSED __attribute__((unused))
#define OTEL__INLINE static inline __attribute__((always_inline))
#define OTEL__COLD __attribute__((noinline, cold))
#define OTEL__NOINLINE __attribute__((noinline))
#else
#define OTEL__COLD
#define OTEL__NOINLINE
#define OTEL__INLINE static inline
#define OTEL__LIKELY(x) (x)
#define OTEL__UNLIKELY(x) (x)
#define OTEL__UNUSED
#endif

/* Two 8-byte words stored by one instruction where the compiler can: on
   the recording path a store costs two or three other instructions
   (bench/bench_clockwork.c; bench/README.md). */
#if defined(__x86_64__) && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
OTEL__INLINE void otel__store2(void *p, uint64_t a, uint64_t b) {
    /* (the pair built in registers: a vector initializer may go through the stack) */
    _mm_storeu_si128((__m128i *)p, _mm_unpacklo_epi64(_mm_cvtsi64_si128((long long)a), _mm_cvtsi64_si128((long long)b)));
}
#elif defined(__GNUC__) || defined(__clang__)
typedef uint64_t otel__w2 __attribute__((vector_size(16), aligned(1), may_alias));
OTEL__INLINE void otel__store2(void *p, uint64_t a, uint64_t b) {
    otel__w2 v = {a, b};
    *(otel__w2 *)p = v;
}
#else
OTEL__INLINE void otel__store2(void *p, uint64_t a, uint64_t b) {
    unsigned char *q = (unsigned char *)p;   /* (no alignment or aliasing assumed) */
    const unsigned char *pa = (const unsigned char *)&a, *pb = (const unsigned char *)&b;
    for (int i = 0; i < 8; i++) { q[i] = pa[i]; q[8 + i] = pb[i]; }
}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define OTEL__LE 1
#else
#define OTEL__LE 0
#endif
/* little-endian with 8-byte pointers: neighbouring fields (a pointer and
   two 32-bit words, two pointers) are stored as one 16-byte unit */
#ifndef OTEL__WIDE   /* (the tests build the other way too: -DOTEL__WIDE=0) */
#if OTEL__LE && UINTPTR_MAX == 0xffffffffffffffffu
#define OTEL__WIDE 1
#else
#define OTEL__WIDE 0
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define OTEL__TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define OTEL__TSAN 1
#endif
#endif
#ifndef OTEL__TSAN
#define OTEL__TSAN 0
#endif

/* ---- private: what the inline span calls read ---------------------------
   The thread's span stack and the little of the SDK's state that beginning
   or ending a span needs when nothing is recorded, declared here so that
   those calls compile inline at the call site. None of this is API. */
#ifndef OTEL_MAGAZINE_SIZE
#define OTEL_MAGAZINE_SIZE 32u
#endif
#ifndef OTEL_MAX_DEPTH
#define OTEL_MAX_DEPTH 64
#endif

#ifdef OTEL_NO_THREADS
#define OTEL__TLS
#elif defined(__cplusplus)
#define OTEL__TLS thread_local
#else
#define OTEL__TLS _Thread_local
#endif

/* Atomics: the GCC/Clang builtins work in C and C++ alike and TSan knows
   them. With OTEL_NO_THREADS they are plain loads and stores. */
#ifdef OTEL_NO_THREADS
#define OTEL__LOAD(p) (*(p))
#define OTEL__LOAD_ACQ(p) (*(p))
#define OTEL__STORE(p, v) (*(p) = (v))
#define OTEL__STORE_REL(p, v) (*(p) = (v))
#define OTEL__ADD(p, v) (*(p) += (v))
#define OTEL__XCHG_ACQ(p, v) otel__xchg_plain((void **)(p), (void *)(v))
#define OTEL__CAS(p, expp, v) (*(p) == *(expp) ? (*(p) = (v), 1) : (*(expp) = *(p), 0))
OTEL__UNUSED static void *otel__xchg_plain(void **p, void *v) { void *o = *p; *p = v; return o; }
OTEL__UNUSED static uint64_t otel__fadd64(uint64_t *p, uint64_t v) { uint64_t o = *p; *p += v; return o; }
OTEL__UNUSED static uint32_t otel__fadd32(uint32_t *p, uint32_t v) { uint32_t o = *p; *p += v; return o; }
OTEL__UNUSED static uint64_t otel__xchg64(uint64_t *p, uint64_t v) { uint64_t o = *p; *p = v; return o; }
#define OTEL__FADD64(p, v) otel__fadd64(p, v)
#define OTEL__FADD32(p, v) otel__fadd32(p, v)
#define OTEL__XCHG64(p, v) otel__xchg64(p, v)
#else
#define OTEL__FADD64(p, v) __atomic_fetch_add(p, (uint64_t)(v), __ATOMIC_RELAXED)
#define OTEL__FADD32(p, v) __atomic_fetch_add(p, (uint32_t)(v), __ATOMIC_RELAXED)
#define OTEL__XCHG64(p, v) __atomic_exchange_n(p, (uint64_t)(v), __ATOMIC_RELAXED)
#define OTEL__LOAD(p) __atomic_load_n(p, __ATOMIC_RELAXED)
#define OTEL__LOAD_ACQ(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define OTEL__STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELAXED)
#define OTEL__STORE_REL(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define OTEL__ADD(p, v) __atomic_fetch_add(p, v, __ATOMIC_RELAXED)
#define OTEL__XCHG_ACQ(p, v) __atomic_exchange_n(p, v, __ATOMIC_ACQ_REL)
#define OTEL__CAS(p, expp, v) __atomic_compare_exchange_n(p, expp, v, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
#endif
/* single-writer counter: no read-modify-write instruction needed */
#define OTEL__BUMP(p) OTEL__STORE(p, OTEL__LOAD(p) + 1)

typedef struct otel__slot {  /* one per thread, padded to its own cache lines */
    uint64_t head;           /* the owner's completion stream: (newest record's block << 32) | records published */
    struct otel_span_data *done;  /* the shared slot's completion list: pushed by its threads, swapped out by the consumer */
    uint32_t in_use;
    uint32_t shared;         /* slot 0: used by threads that found no free slot */
    uint64_t started, sampled_out, logs;
    uint64_t ended;          /* the shared slot's; an owned slot's is what its head counted, less its logs */
    uint64_t wraps;          /* times the head's 32-bit count wrapped */
    /* the owner's stream again, as block indices: ring[count & ring_mask]
       (carved off the arena for the first OTEL_PUBLISH_RINGS slots; the
       others' ring is ring_none, mask 0, which the consumer never reads) */
    uint32_t *ring;
    uint32_t ring_mask, ring_none;
    char pad[128 - 3 * sizeof(void *) - 7 * sizeof(uint64_t)];
} otel__slot;

/* what a thread learned of one attribute key (by pointer); emptied when
   the thread attaches to a new epoch, so configuration changes reach it */
typedef struct otel__keycache {
    const char *key;
    uint64_t text_hash;
    uint8_t verdict;
    uint8_t text_as_is;      /* a text value under this key needs no key-based redaction (verdict and mode) */
} otel__keycache;

/* a string literal used as a value under a literal key, both checked (the
   key's verdict, the value patterns, the length limit): recorded by address */
typedef struct otel__litcache {
    const char *key, *val;
} otel__litcache;

/* A record appended to a span: 24 bytes, then inline bytes (strings). */
enum { OTEL__R_DEAD = 0, OTEL__R_ATTR, OTEL__R_EVENT, OTEL__R_EVENT_ATTR, OTEL__R_LINK, OTEL__R_LINK_ATTR, OTEL__R_TEXT };
/* vtype of a string attribute that refers to a literal (v.u: its address,
   aux: its length) instead of holding a copy; readers see OTEL_TYPE_STRING */
enum { OTEL__VT_LITERAL = 0x40 };
typedef struct otel__r {
    uint8_t tag, vtype;
    uint16_t size;          /* whole record, aligned to 8 */
    uint32_t aux;           /* string length, or attr count | dropped << 16 */
    const char *key;        /* attribute key, event name */
    union { int64_t i; double d; uint64_t u; } v;
} otel__r;

typedef struct otel__tls {
    uint32_t epoch;          /* the SDK's epoch when this state is current */
    uint32_t depth;
    uint32_t inline_epoch;   /* the epoch when the inline begin may serve this thread (its slot is its own),
                                else never a live value: one compare tells it both */
    uint32_t mag_count;      /* local magazine of free blocks: mag[0..mag_count) */
    otel__slot *slot;
    uint64_t rng;
    uint32_t pending_fork_reseed;
    uint32_t spare_off, spare_size;  /* a metric series this thread allocated but did not need */
    otel__keycache keys[64];
    otel__litcache lits[64];
    struct otel_span frames[OTEL_MAX_DEPTH];
    uint32_t mag[OTEL_MAGAZINE_SIZE];   /* (last: the inline calls never read it, so its size is not in the name below) */
} otel__tls;

/* what the inline span calls read of the SDK (the rest is private to the
   implementation) */
typedef struct otel__hot_state {
    uint32_t live;           /* the epoch while enabled, else OTEL__EPOCH_NONE: one compare with the
                                thread's epoch (never that value) tells a thread it may go on */
    int root;                /* what the inline begin does for a root span (OTEL__ROOT_*) */
    int child;               /* and for a child of the current span (OTEL__CHILD_*) */
    int sampler_root, parent_based;        /* (the general path's: root and child say it all inline) */
    const otel_span_context *env_parent;   /* the TRACEPARENT parent, or NULL */
} otel__hot_state;
#define OTEL__EPOCH_NONE 0xffffffffu
#define OTEL__EPOCH_SHARED 0xfffffffeu   /* a thread's inline_epoch when its slot is shared */
/* the inline begin's case for a root span, from the sampler and TRACEPARENT:
   sampled, not sampled, a child of the TRACEPARENT parent (parent-based),
   decided by its trace id (traceidratio: a call that does only that), or a
   call (anything else) */
enum { OTEL__ROOT_CALL = 0, OTEL__ROOT_ON, OTEL__ROOT_OFF, OTEL__ROOT_ENV, OTEL__ROOT_RATIO };
/* and for a child of the current span: its parent's decision
   (parent-based), always sampled, never, or a call (traceidratio and rate
   limiting when not parent-based) */
enum { OTEL__CHILD_CALL = 0, OTEL__CHILD_PARENT, OTEL__CHILD_ON, OTEL__CHILD_OFF };
extern otel__hot_state otel__hot;
/* The part of the thread state the inline calls read depends on
   OTEL_MAX_DEPTH (the magazine comes after it), and inline code in every file
   reads it: its name carries that value, and the version of the layout (of
   it and of the span handle), so files built with another depth, or with
   another version of this header, do not link. The depth is named by its
   value in binary, worked out by the preprocessor, so that however it is
   written (64, 64u, (64), 0x40) the name is the same. */
#if (OTEL_MAX_DEPTH) < 1 || (OTEL_MAX_DEPTH) > 1023
#error "OTEL_MAX_DEPTH must be between 1 and 1023"
#endif
#define OTEL__DBIT(b) (((OTEL_MAX_DEPTH) >> (b)) & 1)
#if OTEL__DBIT(9)
#define OTEL__D9 1
#else
#define OTEL__D9 0
#endif
#if OTEL__DBIT(8)
#define OTEL__D8 1
#else
#define OTEL__D8 0
#endif
#if OTEL__DBIT(7)
#define OTEL__D7 1
#else
#define OTEL__D7 0
#endif
#if OTEL__DBIT(6)
#define OTEL__D6 1
#else
#define OTEL__D6 0
#endif
#if OTEL__DBIT(5)
#define OTEL__D5 1
#else
#define OTEL__D5 0
#endif
#if OTEL__DBIT(4)
#define OTEL__D4 1
#else
#define OTEL__D4 0
#endif
#if OTEL__DBIT(3)
#define OTEL__D3 1
#else
#define OTEL__D3 0
#endif
#if OTEL__DBIT(2)
#define OTEL__D2 1
#else
#define OTEL__D2 0
#endif
#if OTEL__DBIT(1)
#define OTEL__D1 1
#else
#define OTEL__D1 0
#endif
#if OTEL__DBIT(0)
#define OTEL__D0 1
#else
#define OTEL__D0 0
#endif
#define OTEL__TLS_NAME2(a, b, c, d, e, f, g, h, i, j) otel__t_v7_depth_##a##b##c##d##e##f##g##h##i##j
#define OTEL__TLS_NAME(a, b, c, d, e, f, g, h, i, j) OTEL__TLS_NAME2(a, b, c, d, e, f, g, h, i, j)
#define otel__t OTEL__TLS_NAME(OTEL__D9, OTEL__D8, OTEL__D7, OTEL__D6, OTEL__D5, OTEL__D4, OTEL__D3, OTEL__D2, OTEL__D1, OTEL__D0)
extern OTEL__TLS otel__tls otel__t;

/* the state of a frame's ids (made when something asks for them): ready,
   the span id to make, the trace id too, being made by some thread, or the
   trace id, the span id and the rest of a root's context that records
   nothing (flags random only, no tracestate: one store fewer at its beginning) */
/* (in this order: the inline begin tests "ids > OTEL__IDS_SPAN") */
enum { OTEL__IDS_READY = 0, OTEL__IDS_SPAN = 1, OTEL__IDS_ALL = 2, OTEL__IDS_BUSY = 3, OTEL__IDS_ROOT_UNSAMPLED = 4 };
/* A recording span's header has eight small fields in a row (its type,
   kind, status, trace flags, whether it has a parent, whether that is
   remote, the tracestate's length): the inline begin makes them as one
   word (for a root span, a constant). The general path marks a span that
   starts a new trace where the status goes (0 when stored); the inline
   path's roots all do. */
#define OTEL__W_NEW_TRACE ((uint64_t)1 << 16)
OTEL__INLINE uint64_t otel__small_word(int kind, unsigned flags, int has_parent, unsigned remote) {
    return 1u /* OTEL__REC_SPAN */ | (uint64_t)(kind & 0xff) << 8 | (uint64_t)(flags & 0xffu) << 24 |
           (uint64_t)(has_parent != 0) << 32 | (uint64_t)(remote & 0xffu) << 40;
}
otel_span *otel__span_begin_general(const char *name, const otel_location *loc, otel_span_kind kind);
otel_span *otel__span_begin_ratio_root(const char *name, const otel_location *loc, otel_span_kind kind);
void otel__span_begin_recording(otel_span *f, const otel_span_context *parent, uint64_t w,
                                const char *name, const otel_location *loc);
void otel__span_end_general(otel_span *s);
void otel__span_end_recording(otel_span *s);

/* A new frame's context: from its parent's (the trace, the random-id flag,
   the tracestate, the sampling decision), or as the root of a new trace. */
/* the context's flags, remote mark (0), tracestate length and tracestate,
   in one store */
OTEL__INLINE void otel__ctx_tail(otel_span_context *c, unsigned flags, uint16_t ts_len, const char *ts) {
#if OTEL__WIDE
    otel__store2(&c->flags, (flags & 0xffu) | (uint64_t)ts_len << 16, (uint64_t)(uintptr_t)ts);
#else
    c->flags = (uint8_t)flags; c->remote = 0; c->tracestate_len = ts_len;
    c->tracestate = ts;
#endif
}
/* a frame's record, ended mark and ids' state, in one store (the frame
   is its thread's, and not handed out yet) */
OTEL__INLINE void otel__frame_head(otel_span *f, struct otel_span_data *rec, uint32_t ids) {
#if OTEL__WIDE
    otel__store2(f, (uint64_t)(uintptr_t)rec, (uint64_t)ids << 32);   /* (ended 0) */
#else
    f->rec = rec;
    OTEL__STORE(&f->ended, 0u);
    OTEL__STORE(&f->ids, ids);
#endif
}
OTEL__INLINE void otel__frame_child_of(otel_span *f, const otel_span_context *parent, int sampled) {
    for (int i = 0; i < 16; i++) f->ctx.trace_id[i] = parent->trace_id[i];   /* (no <string.h> here) */
    otel__ctx_tail(&f->ctx, (parent->flags & 0x02u) | (sampled ? 1u : 0u), parent->tracestate_len, parent->tracestate);
}
/* (a new trace's ids are random: the flag says so, and children keep it) */
OTEL__INLINE void otel__frame_root(otel_span *f, int sampled) {
    otel__ctx_tail(&f->ctx, OTEL_FLAG_RANDOM | (sampled ? 1u : 0u), 0, NULL);
}
/* the rest of an unsampled span's beginning: nothing recorded, the ids made
   when asked for, counted */
OTEL__INLINE otel_span *otel__frame_unsampled(otel__tls *t, otel_span *f, uint32_t ids) {
    otel__slot *sl = t->slot;
    /* (the inline attribute calls test rec first: the cursor is not read) */
    otel__frame_head(f, NULL, ids);
    if (OTEL__LIKELY(!sl->shared)) OTEL__BUMP(&sl->sampled_out);
    else OTEL__ADD(&sl->sampled_out, 1);
    return f;
}
/* the same from the inline begin, which serves only threads whose slot is
   their own (inline_epoch) */
OTEL__INLINE otel_span *otel__frame_unsampled_own(otel__tls *t, otel_span *f, uint32_t ids) {
    otel__frame_head(f, NULL, ids);
    OTEL__BUMP(&t->slot->sampled_out);
    return f;
}

/* The common case of a span's beginning, inline: a thread attached with a
   slot of its own, a current span with the ids its child needs (or none),
   and a decision known here (otel__hot.root, .child; a root under
   traceidratio is one call, otel__span_begin_ratio_root). An unsampled span
   is a frame filled here; a sampled one, and anything else, is a call
   (otel__span_begin_recording/_general). */
OTEL__INLINE otel_span *otel__begin_fast(const char *name, const otel_location *loc, otel_span_kind kind) {
    otel__tls *t = &otel__t;
    uint32_t live = OTEL__LOAD(&otel__hot.live), d = t->depth;
    const otel_span_context *parent;
    otel_span *f;
    int sampled;
    uint64_t w;
    if (OTEL__UNLIKELY(t->inline_epoch != live)) goto general;
    if (d) {
        otel_span *p = &t->frames[d - 1];
        int rule = otel__hot.child;
        uint32_t ids;
        if (OTEL__UNLIKELY(d >= OTEL_MAX_DEPTH || rule == OTEL__CHILD_CALL)) goto general;
        /* The parent's ids made, or all but its span id (its trace id and
           flags written by this thread at its beginning; another thread
           asking for its context writes only the span id then). That is
           enough for a child that is not sampled, so a trace sampled out
           by its trace id, or below a remote parent that was, stays on
           this path all the way down. The flags are read only once the
           state says they are written: an unsampled root's are written
           with its ids, maybe by another thread. */
        ids = OTEL__LOAD_ACQ(&p->ids);
        if (OTEL__UNLIKELY(ids > OTEL__IDS_SPAN || OTEL__LOAD_ACQ(&p->ended))) goto general;
        sampled = rule == OTEL__CHILD_PARENT ? (int)(p->ctx.flags & OTEL_FLAG_SAMPLED) : rule == OTEL__CHILD_ON;
        if (OTEL__UNLIKELY(ids == OTEL__IDS_SPAN && sampled)) goto general;   /* (it needs the parent's span id) */
        parent = &p->ctx;
    } else {
        int root = otel__hot.root;
        if (root == OTEL__ROOT_ON) sampled = 1;
        else if (root == OTEL__ROOT_OFF) sampled = 0;
        else if (root == OTEL__ROOT_ENV) goto child;
        else if (root == OTEL__ROOT_RATIO) return otel__span_begin_ratio_root(name, loc, kind);
        else goto general;
        f = &t->frames[0];
#if defined(__GNUC__) || defined(__clang__)
        __asm__("" : "+r"(f));   /* (f one register kept across the call, not rebuilt from the thread pointer) */
#endif
        t->depth = 1;
        if (sampled) {
            otel__frame_root(f, 1);
            otel__span_begin_recording(f, NULL, otel__small_word((int)kind, OTEL_FLAG_RANDOM | 1u, 0, 0), name, loc);
            return f;
        }
        return otel__frame_unsampled_own(t, f, OTEL__IDS_ROOT_UNSAMPLED);
    child:
        parent = otel__hot.env_parent;
        if (OTEL__UNLIKELY(!parent)) goto general;   /* (an init in between: root is read before it) */
        sampled = parent->flags & OTEL_FLAG_SAMPLED;
    }
    f = &t->frames[d];
    otel__frame_child_of(f, parent, sampled);
    w = otel__small_word((int)kind, f->ctx.flags, 1, parent->remote);
    t->depth = d + 1;
    /* (f->ended is cleared by either half; the recording half returns
       nothing, so that its last step can be a tail call: f stays the
       handle, whatever it records) */
    if (OTEL__LIKELY(sampled)) {
        otel__span_begin_recording(f, parent, w, name, loc);
        return f;
    }
    return otel__frame_unsampled_own(t, f, OTEL__IDS_SPAN);
general:
    return otel__span_begin_general(name, loc, kind);
}

OTEL__INLINE otel_span *otel_span_begin(const char *name, otel_span_kind kind) {
    return otel__begin_fast(name, NULL, kind);
}
OTEL__INLINE otel_span *otel_span_begin_loc(const otel_location *loc) {
    return otel__begin_fast(loc->name, loc, loc->kind);
}
/* on a named tracer: the tracer's own location record is the span's (see
   otel_scope), so this costs what otel_span_begin does */
OTEL__INLINE otel_span *otel_tracer_span_begin(otel_tracer tracer, const char *name, otel_span_kind kind) {
    return otel__begin_fast(name, (const otel_location *)(const void *)tracer, kind);
}
/* A span that recorded nothing, on top of its own thread's stack, is
   popped here; a recording one is a call. */
OTEL__INLINE void otel_span_end(otel_span *s) {
    if (OTEL__LIKELY(s != NULL)) {
        if (s->rec) { otel__span_end_recording(s); return; }
        otel__tls *t = &otel__t;
        uint32_t d = t->depth;
        /* the top frame of this thread's stack (stale or ended twice, it is
           still right to pop it) */
        if (OTEL__LIKELY(s->owner == t && s->level == d)) {
            OTEL__STORE(&s->ended, 1u);
            t->depth = d - 1;
            return;
        }
    }
    otel__span_end_general(s);
}

/* Attributes. A recording span keeps a write cursor into its last block
   (wp, and wend where the inline calls must stop): a scalar, or a literal
   value under a literal key this thread has checked, is a 24-byte record
   stored there at the call site. A span that records nothing (unsampled,
   ended, dropped) has no record: one test. The room between wp and wend
   also counts the attribute limit (it never holds more records than the
   limit allows), and it is none when every attribute must take the call (a
   filter callback). Anything else is a call (otel__span_set_*), which
   stores the same thing the general way. */
OTEL__INLINE size_t otel__room(const otel_span *s) { return (size_t)(s->wend - s->wp); }
OTEL__INLINE int otel__attr_inline_ok(const otel_span *s) {
    return otel__room(s) >= 24u && s->owner->epoch == OTEL__LOAD(&otel__hot.live);
}
/* an attribute record of `size` bytes at the cursor (its bytes after the
   24-byte head already written), the cursor moved past it */
OTEL__INLINE void otel__attr_cursor_put(otel_span *s, const char *key, uint8_t vtype, uint32_t size, uint32_t aux, uint64_t bits) {
    otel__r *x = (otel__r *)(void *)s->wp;
#if OTEL__WIDE
    /* the head (tag, vtype, size, aux) and the key in one store */
    otel__store2(x, (uint64_t)OTEL__R_ATTR | (uint64_t)vtype << 8 | (uint64_t)(uint16_t)size << 16 | (uint64_t)aux << 32,
                 (uint64_t)(uintptr_t)key);
#else
    x->tag = OTEL__R_ATTR; x->vtype = vtype; x->size = (uint16_t)size; x->aux = aux;
    x->key = key;
#endif
    x->v.u = bits;
    s->wp += size;
}
OTEL__INLINE void otel__attr_inline_put(otel_span *s, const char *key, uint8_t vtype, uint32_t aux, uint64_t bits) {
    otel__attr_cursor_put(s, key, vtype, 24u, aux, bits);
}
OTEL__INLINE void otel_span_set_int(otel_span *s, const char *key, int64_t value) {
    if (!s || !s->rec) return;   /* (not recording: the one test) */
    if (key && otel__attr_inline_ok(s)) otel__attr_inline_put(s, key, OTEL_TYPE_INT, 0, (uint64_t)value);
    else otel__span_set_int(s, key, value);
}
OTEL__INLINE void otel_span_set_double(otel_span *s, const char *key, double value) {
    uint64_t bits;
    __builtin_memcpy(&bits, &value, 8);
    if (!s || !s->rec) return;
    if (key && otel__attr_inline_ok(s)) otel__attr_inline_put(s, key, OTEL_TYPE_DOUBLE, 0, bits);
    else otel__span_set_double(s, key, value);
}
OTEL__INLINE void otel_span_set_bool(otel_span *s, const char *key, int value) {
    if (!s || !s->rec) return;   /* (not recording: the one test) */
    if (key && otel__attr_inline_ok(s)) otel__attr_inline_put(s, key, OTEL_TYPE_BOOL, 0, value != 0);
    else otel__span_set_bool(s, key, value);
}
OTEL__INLINE void otel_span_set_str(otel_span *s, const char *key, const char *value) {
    if (s && s->rec) otel__span_set_str(s, key, value);
}
OTEL__INLINE void otel_span_set_strn(otel_span *s, const char *key, const char *value, size_t len) {
    if (s && s->rec) otel__span_set_strn(s, key, value, len);
}
/* A string literal as the value under a literal key (both known to the
   compiler) is not copied: it lives as long as the program, like keys and
   span names. The pair is checked once per thread (otel__litcache). */
OTEL__INLINE otel__litcache *otel__lit_slot(otel__tls *t, const char *key, const char *v) {
    /* Direct-mapped by a multiplicative hash of both addresses (the top
       six bits of the product). Not their plain xor: a call site's key
       and value literals usually sit side by side in the read-only data,
       so that their xor is small for every pair and most pairs would
       share one entry, evicting each other on every span. The entry's
       size is a power of 2: the shift lands on its offset. */
    uint64_t h = ((uint64_t)(uintptr_t)v + 2u * (uint64_t)(uintptr_t)key) * 0x9e3779b97f4a7c15ull;   /* (one lea) */
    uintptr_t off = (uintptr_t)(h >> 58) * sizeof(otel__litcache);
    return (otel__litcache *)(void *)((char *)t->lits + off);
}
OTEL__INLINE void otel__span_set_lit(otel_span *s, const char *key, const char *v, size_t len) {
    if (!s || !s->rec) return;
    if (key && v && otel__room(s) >= 24u) {
        otel__tls *t = &otel__t;
        if (OTEL__LIKELY(s->owner == t && t->epoch == OTEL__LOAD(&otel__hot.live))) {
            const otel__litcache *c = otel__lit_slot(t, key, v);
            if (OTEL__LIKELY(c->key == key && c->val == v)) {
                otel__attr_inline_put(s, key, OTEL__VT_LITERAL, (uint32_t)len, (uint64_t)(uintptr_t)v);
                return;
            }
        }
    }
    otel__span_set_literal(s, key, v, len);
}
#if defined(__GNUC__) || defined(__clang__)
OTEL__INLINE size_t otel__literal_len(const char *v) { return v ? __builtin_strlen(v) : 0; }
#define otel_span_set_str(s, k, v)                                                          \
    (__builtin_constant_p(v) && __builtin_constant_p(k) ? otel__span_set_lit((s), (k), (v), otel__literal_len(v)) \
                                                        : otel_span_set_str((s), (k), (v)))
#endif
/* >> disabled: the stubs of -DOTEL_DISABLED and OTEL_NO_METRICS */
#else /* OTEL_DISABLED: every call compiles to nothing; arguments are not evaluated */
#ifndef OTEL_NO_EXEC
#include <errno.h>
#include <spawn.h>
#include <sys/wait.h>
extern char **environ;
#endif

#ifdef __cplusplus
#define OTEL__ZERO_CTX otel_span_context()
#else
#define OTEL__ZERO_CTX ((otel_span_context){{0}, {0}, 0, 0, 0, 0})
#endif
#define otel_init(cfg)                      OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(cfg))
#define otel_flush(t)                       OTEL__RET(OTEL_OK, OTEL__U(t))
#define otel_shutdown(t)                    OTEL__RET(OTEL_OK, OTEL__U(t))
#define otel_poll()                         ((void)0)
#ifdef __cplusplus
#define otel_stats_get(o)                   ((void)(*(o) = otel_stats()))
#else
#define otel_stats_get(o)                   ((void)(*(o) = (otel_stats){0}))
#endif
#define otel_console_processor()            ((const otel_processor *)0)
#define otel_env_processor()                ((const otel_processor *)0)
#define otel_memory_processor()             ((const otel_processor *)0)
#define otel_memory_records(t, o, m)        OTEL__RET((size_t)0, (OTEL__U(t), OTEL__U(o), OTEL__U(m)))
#define otel_memory_reset()                 ((void)0)
#define otel_memory_dropped()               ((uint64_t)0)
#define otel_processor_dropped(i)           OTEL__RET((uint64_t)0, OTEL__U(i))
#define otel_collect(o, m)                  OTEL__RET((size_t)0, (OTEL__U(o), OTEL__U(m)))
#define otel_release(s, n)                  (OTEL__U(s), OTEL__U(n))
#define otel_pending()                      ((uint64_t)0)
#define otel_is_enabled()                   0
#define otel_strerror(c)                    OTEL__RET("disabled", OTEL__U(c))
#define otel_span_begin(n, k)               OTEL__RET((otel_span *)0, (OTEL__U(n), OTEL__U(k)))
#define otel_span_begin_loc(l)              OTEL__RET((otel_span *)0, OTEL__U(l))
#define otel_span_begin_with_parent(n, k, p) OTEL__RET((otel_span *)0, (OTEL__U(n), OTEL__U(k), OTEL__U(p)))
#define otel_span_begin_ex(a)               OTEL__RET((otel_span *)0, OTEL__U(a))
#define otel_tracer_get(n, v, s)            OTEL__RET((otel_tracer)0, (OTEL__U(n), OTEL__U(v), OTEL__U(s)))
#define otel_scope_get(n, v, s, a, c)       OTEL__RET((const otel_scope *)0, (OTEL__U(n), OTEL__U(v), OTEL__U(s), OTEL__U(a), OTEL__U(c)))
#define otel_tracer_span_begin(t, n, k)     OTEL__RET((otel_span *)0, (OTEL__U(t), OTEL__U(n), OTEL__U(k)))
#define otel_tracer_span_begin_with_parent(t, n, k, p) OTEL__RET((otel_span *)0, (OTEL__U(t), OTEL__U(n), OTEL__U(k), OTEL__U(p)))
#define otel_tracer_span_begin_with_context(t, n, k, c) OTEL__RET((otel_span *)0, (OTEL__U(t), OTEL__U(n), OTEL__U(k), OTEL__U(c)))
#define otel_span_set_str(s, k, v)          (OTEL__U(s), OTEL__U(k), OTEL__U(v))
#define otel_span_set_strn(s, k, v, n)      (OTEL__U(s), OTEL__U(k), OTEL__U(v), OTEL__U(n))
#define otel_span_set_int(s, k, v)          (OTEL__U(s), OTEL__U(k), OTEL__U(v))
#define otel_span_set_double(s, k, v)       (OTEL__U(s), OTEL__U(k), OTEL__U(v))
#define otel_span_set_bool(s, k, v)         (OTEL__U(s), OTEL__U(k), OTEL__U(v))
#define otel_span_set_str_array(s, k, v, n) (OTEL__U(s), OTEL__U(k), OTEL__U(v), OTEL__U(n))
#define otel_span_set_int_array(s, k, v, n) (OTEL__U(s), OTEL__U(k), OTEL__U(v), OTEL__U(n))
#define otel_span_set_double_array(s, k, v, n) (OTEL__U(s), OTEL__U(k), OTEL__U(v), OTEL__U(n))
#define otel_span_set_bool_array(s, k, v, n) (OTEL__U(s), OTEL__U(k), OTEL__U(v), OTEL__U(n))
#define otel_span_set_attrs(s, a, n)        (OTEL__U(s), OTEL__U(a), OTEL__U(n))
#define otel_span_set_name(s, n)            (OTEL__U(s), OTEL__U(n))
#define otel_span_add_event(s, n, a, c)     (OTEL__U(s), OTEL__U(n), OTEL__U(a), OTEL__U(c))
#define otel_span_add_event_at(s, n, t, a, c) (OTEL__U(s), OTEL__U(n), OTEL__U(t), OTEL__U(a), OTEL__U(c))
#define otel_span_add_link(s, x, a, n)      (OTEL__U(s), OTEL__U(x), OTEL__U(a), OTEL__U(n))
#define otel_span_set_status(s, c, d)       (OTEL__U(s), OTEL__U(c), OTEL__U(d))
#define otel_span_record_error(s, t, m)     (OTEL__U(s), OTEL__U(t), OTEL__U(m))
#define otel_span_record_exception(s, t, m, st, a, n) (OTEL__U(s), OTEL__U(t), OTEL__U(m), OTEL__U(st), OTEL__U(a), OTEL__U(n))
#define otel_span_end(s)                    OTEL__U(s)
#define otel_span_end_at(s, t)              (OTEL__U(s), OTEL__U(t))
#define otel_span_is_recording(s)           OTEL__RET(0, OTEL__U(s))
#define otel_span_get_context(s)            OTEL__RET(OTEL__ZERO_CTX, OTEL__U(s))
#define otel_current_span()                 ((otel_span *)0)
#define otel_current_context()              OTEL__ZERO_CTX
#define otel_span_context_is_valid(c)       OTEL__RET(0, OTEL__U(c))
#define otel_traceparent_parse(t, l, o)     OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(t), OTEL__U(l), OTEL__U(o)))
#define otel_traceparent_format(c, o)       OTEL__RET((size_t)0, (OTEL__U(c), OTEL__U(o)))
#define otel_tracestate_validate(t, l)      OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(t), OTEL__U(l)))
#define otel_context_extract(p, s, o)       OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(p), OTEL__U(s), OTEL__U(o)))
#define otel_headers_extract(h, n, o)       OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(h), OTEL__U(n), OTEL__U(o)))
#define otel_headers_inject(c, o, n, b, z)  OTEL__RET(0, (OTEL__U(c), OTEL__U(o), OTEL__U(n), OTEL__U(b), OTEL__U(z)))
#define otel_env_extract(e, o)              OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(e), OTEL__U(o)))
#define otel_context_inject_env(c, e, o, n, b, z) OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(c), OTEL__U(e), OTEL__U(o), OTEL__U(n), OTEL__U(b), OTEL__U(z)))
#define otel_context_setenv(c)              OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(c))
#ifdef __cplusplus
#define OTEL__ZERO_CONTEXT otel_context()
#define OTEL__ZERO_TOKEN otel_context_token()
#else
#define OTEL__ZERO_CONTEXT ((otel_context){OTEL__ZERO_CTX, 0, {0}})
#define OTEL__ZERO_TOKEN ((otel_context_token){0, 0, 0})
#endif
#define otel_context_current()              OTEL__ZERO_CONTEXT
#define otel_context_attach(c)              OTEL__RET(OTEL__ZERO_TOKEN, OTEL__U(c))
#define otel_context_detach(t)              OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(t))
#define otel_span_begin_with_context(n, k, c) OTEL__RET((otel_span *)0, (OTEL__U(n), OTEL__U(k), OTEL__U(c)))
#define otel_context_key_create(n)          OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(n))
#define otel_context_set_value(c, k, v)     OTEL__RET(OTEL__ZERO_CONTEXT, (OTEL__U(c), OTEL__U(k), OTEL__U(v)))
#define otel_context_get_value(c, k)        OTEL__RET((const void *)0, (OTEL__U(c), OTEL__U(k)))
#define otel_baggage_set(b, k, v, m)        OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(b), OTEL__U(k), OTEL__U(v), OTEL__U(m)))
#define otel_baggage_get(b, k)              OTEL__RET((const char *)0, (OTEL__U(b), OTEL__U(k)))
#define otel_baggage_remove(b, k)           OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(b), OTEL__U(k)))
#define otel_baggage_clear(b)               OTEL__U(b)
#define otel_baggage_count(b)               OTEL__RET((size_t)0, OTEL__U(b))
#define otel_baggage_entry_at(b, i, o)      OTEL__RET(0, (OTEL__U(b), OTEL__U(i), OTEL__U(o)))
#define otel_baggage_parse(b, h, l)         OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(b), OTEL__U(h), OTEL__U(l)))
#define otel_baggage_format(b, o, c)        OTEL__RET((size_t)0, (OTEL__U(b), OTEL__U(o), OTEL__U(c)))
#define otel_baggage_span_keys(k)           OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(k))
#define otel_propagators_set(n)             OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(n))
#define otel_propagator_add(p)              OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(p))
#define otel_propagation_extract(h, n, o)   OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(h), OTEL__U(n), OTEL__U(o)))
#define otel_propagation_inject(c, o, n, b, z) OTEL__RET(0, (OTEL__U(c), OTEL__U(o), OTEL__U(n), OTEL__U(b), OTEL__U(z)))
#define otel_propagation_fields(o, c)       OTEL__RET((size_t)0, (OTEL__U(o), OTEL__U(c)))
#define otel_env_extract_context(e, o)      OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(e), OTEL__U(o)))
#define otel_wake()                         ((void)0)
#ifdef __cplusplus
#define OTEL__ZERO_ATTR otel_attr()
#else
#define OTEL__ZERO_ATTR ((otel_attr){0, OTEL_TYPE_NONE, {{0, 0}}})
#endif
#define otel_attr_str(k, v)                 OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v)))
#define otel_attr_int(k, v)                 OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v)))
#define otel_attr_double(k, v)              OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v)))
#define otel_attr_bool(k, v)                OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v)))
#define otel_attr_str_array(k, v, n)        OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v), OTEL__U(n)))
#define otel_attr_int_array(k, v, n)        OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v), OTEL__U(n)))
#define otel_attr_double_array(k, v, n)     OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v), OTEL__U(n)))
#define otel_attr_bool_array(k, v, n)       OTEL__RET(OTEL__ZERO_ATTR, (OTEL__U(k), OTEL__U(v), OTEL__U(n)))
#define otel_log(v, b, a, n)                (OTEL__U(v), OTEL__U(b), OTEL__U(a), OTEL__U(n))
#define otel_event(e, v, b, a, n)           (OTEL__U(e), OTEL__U(v), OTEL__U(b), OTEL__U(a), OTEL__U(n))
#define otel_log_emit(a)                    OTEL__U(a)
#define otel_logger_get(n, v, s)            OTEL__RET((otel_logger)0, (OTEL__U(n), OTEL__U(v), OTEL__U(s)))
#define otel_logger_log(l, v, b, a, n)      (OTEL__U(l), OTEL__U(v), OTEL__U(b), OTEL__U(a), OTEL__U(n))
#define otel_logger_event(l, e, v, b, a, n) (OTEL__U(l), OTEL__U(e), OTEL__U(v), OTEL__U(b), OTEL__U(a), OTEL__U(n))
#define otel_logger_enabled(l, v)           OTEL__RET(0, (OTEL__U(l), OTEL__U(v)))
#define otel_session_init(s, a, n, f)       (OTEL__U(s), OTEL__U(a), OTEL__U(n), OTEL__U(f))
#define otel_session_start(s, i, a, n, f)   (OTEL__U(s), OTEL__U(i), OTEL__U(a), OTEL__U(n), OTEL__U(f))
#define otel_session_set(s, a)              (OTEL__U(s), OTEL__U(a))
#define otel_session_event(s, e, v, b, a, n) (OTEL__U(s), OTEL__U(e), OTEL__U(v), OTEL__U(b), OTEL__U(a), OTEL__U(n))
#ifdef __cplusplus
#define otel_timer_start()                  otel_timer()
#else
#define otel_timer_start()                  ((otel_timer){0, 0})
#endif
#define otel_timer_seconds(t)               OTEL__RET(0.0, OTEL__U(t))
#define otel_session_conversation_starts(s, c) (OTEL__U(s), OTEL__U(c))
#define otel_session_user_prompt(s, p)      (OTEL__U(s), OTEL__U(p))
#define otel_session_api_request(s, t, a, c, e, p) (OTEL__U(s), OTEL__U(t), OTEL__U(a), OTEL__U(c), OTEL__U(e), OTEL__U(p))
#define otel_session_sse_event(s, t, k, e)  (OTEL__U(s), OTEL__U(t), OTEL__U(k), OTEL__U(e))
#define otel_session_sse_completed(s, t, k) (OTEL__U(s), OTEL__U(t), OTEL__U(k))
#define otel_session_tool_decision(s, n, i, d, o) (OTEL__U(s), OTEL__U(n), OTEL__U(i), OTEL__U(d), OTEL__U(o))
#define otel_session_tool_result(s, t, c)   (OTEL__U(s), OTEL__U(t), OTEL__U(c))
#define otel_session_sandbox_outcome(s, n, i, o, a, b) (OTEL__U(s), OTEL__U(n), OTEL__U(i), OTEL__U(o), OTEL__U(a), OTEL__U(b))
#define otel_session_agent_response(s, g, y, t, i, r) (OTEL__U(s), OTEL__U(g), OTEL__U(y), OTEL__U(t), OTEL__U(i), OTEL__U(r))
#define otel_session_consensus(s, p, c)     (OTEL__U(s), OTEL__U(p), OTEL__U(c))
#define otel_session_end(s)                 OTEL__U(s)
#define otel_stage_begin(s)                 OTEL__RET((otel_span *)0, OTEL__U(s))
#define otel_agent_begin(a, p, m, c)        OTEL__RET((otel_span *)0, (OTEL__U(a), OTEL__U(p), OTEL__U(m), OTEL__U(c)))
#define otel_agent_tokens(s, p, m, i, o)    (OTEL__U(s), OTEL__U(p), OTEL__U(m), OTEL__U(i), OTEL__U(o))
#define otel_event_quality_gate(s, g, p, x, r) (OTEL__U(s), OTEL__U(g), OTEL__U(p), OTEL__U(x), OTEL__U(r))
#define otel_event_consensus(s, n, c, r)    (OTEL__U(s), OTEL__U(n), OTEL__U(c), OTEL__U(r))
#define otel_event_model_selection(s, p, m, r) (OTEL__U(s), OTEL__U(p), OTEL__U(m), OTEL__U(r))
#ifndef OTEL_NO_EXEC
/* Compiled out, the command still runs: posix_spawn and waitpid, inlined. */
#define otel_exec_begin(x, a, o)            OTEL__RET((otel_span *)0, (OTEL__U(x), OTEL__U(a), OTEL__U(o)))
#define otel_exec_started(x, p)             (OTEL__U(x), OTEL__U(p))
#define otel_exec_failed(x, e)              (OTEL__U(x), OTEL__U(e))
#define otel_exec_end(x, w, o)              (OTEL__U(x), OTEL__U(w), OTEL__U(o))
#define OTEL_EXEC_ENVP(x)                   (OTEL__U(x), environ)
#define otel_exec_run(a, o, r)              otel__exec_plain(a, o, r)
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline, unused))
#endif
static inline int otel__exec_plain(const char *const argv[], const otel_exec_options *opt, otel_exec_result *out) {
    extern char **environ;
    pid_t pid = 0;
    int st = 0, rc;
    char *const *envp = opt && opt->envp ? opt->envp : environ;
    const posix_spawn_file_actions_t *fa = opt ? (const posix_spawn_file_actions_t *)opt->file_actions : 0;
    if (opt && opt->search_path) rc = posix_spawnp(&pid, argv[0], fa, 0, (char *const *)argv, envp);
    else rc = posix_spawn(&pid, argv[0], fa, 0, (char *const *)argv, envp);
    if (out) { out->pid = rc ? 0 : pid; out->exit_code = -1; out->signal = 0; out->spawn_error = rc; out->seconds = 0; }
    if (rc) return -8;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (out) {
        out->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
        out->exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + out->signal;
    }
    return 0;
}
#endif
#define otel_record_type(d)                 OTEL__RET(0, OTEL__U(d))
#define otel_span_data_info(d, o)           (OTEL__U(d), OTEL__U(o))
#define otel_span_data_next(d, i, o)        OTEL__RET(0, (OTEL__U(d), OTEL__U(i), OTEL__U(o)))
#define otel_resource_attrs(o)              ((void)(*(o) = (const otel_attr *)0), (size_t)0)
#define otel_resource_schema_url()          ((const char *)0)
#define otel_scope_name()                   ((const char *)"otel.h")
#define otel_log_data_info(d, o)            (OTEL__U(d), OTEL__U(o))
#define OTEL_SPAN_BEGIN(var, nm)            otel_span *var __attribute__((unused)) = (OTEL__U(nm), (otel_span *)0)
#define OTEL_SPAN_END(var)                  OTEL__U(var)
#define OTEL_SPAN_SCOPE_VAR(var, nm)        OTEL_SPAN_BEGIN(var, nm)
#define OTEL_SPAN_SCOPE(nm)                 OTEL__U(nm)
#define OTEL_TRACER_SPAN_BEGIN(t, var, nm)  otel_span *var __attribute__((unused)) = (OTEL__U(t), OTEL__U(nm), (otel_span *)0)
#define OTEL_TRACER_SPAN_SCOPE_VAR(t, var, nm) OTEL_TRACER_SPAN_BEGIN(t, var, nm)
#define OTEL_TRACER_SPAN_SCOPE(t, nm)       (OTEL__U(t), OTEL__U(nm))

#endif /* OTEL_DISABLED */

/* The names that say which kind of event (the older names stay) */
#define otel_log_event otel_event
#define otel_span_event_quality_gate otel_event_quality_gate
#define otel_span_event_consensus otel_event_consensus
#define otel_span_event_model_selection otel_event_model_selection

/* Metrics compiled out (OTEL_DISABLED or OTEL_NO_METRICS): no-ops, arguments not evaluated */
#if defined(OTEL_DISABLED) || defined(OTEL_NO_METRICS)
#define OTEL__NOINST(a, b, c) OTEL__RET((otel_instrument *)0, (OTEL__U(a), OTEL__U(b), OTEL__U(c)))
#define otel_counter_create(n, u, d)        OTEL__NOINST(n, u, d)
#define otel_counter_create_double(n, u, d) OTEL__NOINST(n, u, d)
#define otel_updown_counter_create(n, u, d) OTEL__NOINST(n, u, d)
#define otel_updown_counter_create_double(n, u, d) OTEL__NOINST(n, u, d)
#define otel_histogram_create(n, u, d, b, c) OTEL__RET((otel_instrument *)0, (OTEL__U(n), OTEL__U(u), OTEL__U(d), OTEL__U(b), OTEL__U(c)))
#define otel_histogram_create_int(n, u, d, b, c) OTEL__RET((otel_instrument *)0, (OTEL__U(n), OTEL__U(u), OTEL__U(d), OTEL__U(b), OTEL__U(c)))
#define otel_histogram_create_exponential(n, u, d, m, s) OTEL__RET((otel_instrument *)0, (OTEL__U(n), OTEL__U(u), OTEL__U(d), OTEL__U(m), OTEL__U(s)))
#define otel_gauge_create(n, u, d)          OTEL__NOINST(n, u, d)
#define otel_gauge_create_double(n, u, d)   OTEL__NOINST(n, u, d)
#define otel_meter_get(n, v, s)             OTEL__RET((otel_meter)0, (OTEL__U(n), OTEL__U(v), OTEL__U(s)))
#define otel_meter_instrument_create(m, k, i, n, u, d, b, c) \
    OTEL__RET((otel_instrument *)0, (OTEL__U(m), OTEL__U(k), OTEL__U(i), OTEL__U(n), OTEL__U(u), OTEL__U(d), OTEL__U(b), OTEL__U(c)))
#define otel_instrument_create_ex(a)        OTEL__RET((otel_instrument *)0, OTEL__U(a))
#define otel_meter_set_enabled(m, e)        OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(m), OTEL__U(e)))
#define otel_meter_provider_create(r)       OTEL__RET((otel_meter_provider *)0, OTEL__U(r))
#define otel_meter_provider_meter_get(p, n, v, s) OTEL__RET((otel_meter)0, (OTEL__U(p), OTEL__U(n), OTEL__U(v), OTEL__U(s)))
#define otel_counter_add(m, v, a, n)        (OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_counter_add_double(m, v, a, n) (OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_histogram_record(m, v, a, n)   (OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_histogram_record_int(m, v, a, n) (OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_gauge_set(m, v, a, n)          (OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_gauge_set_double(m, v, a, n)   (OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_instrument_name_valid(n)       OTEL__RET(0, OTEL__U(n))
/* a callback named in dead code, not only under sizeof: no warning that it is unused, no code */
#define OTEL__UF(f) ((void)(0 ? (otel_observe_fn)(f) : (otel_observe_fn)0))
#define OTEL__NOOBS(a, b, c, f, x) OTEL__RET((otel_instrument *)0, (OTEL__U(a), OTEL__U(b), OTEL__U(c), OTEL__UF(f), OTEL__U(x)))
#define otel_observable_counter_create(n, u, d, f, x)        OTEL__NOOBS(n, u, d, f, x)
#define otel_observable_counter_create_double(n, u, d, f, x) OTEL__NOOBS(n, u, d, f, x)
#define otel_observable_updown_counter_create(n, u, d, f, x) OTEL__NOOBS(n, u, d, f, x)
#define otel_observable_updown_counter_create_double(n, u, d, f, x) OTEL__NOOBS(n, u, d, f, x)
#define otel_observable_gauge_create(n, u, d, f, x)          OTEL__NOOBS(n, u, d, f, x)
#define otel_observable_gauge_create_double(n, u, d, f, x)   OTEL__NOOBS(n, u, d, f, x)
#define otel_callback_register(f, x, i, n)  OTEL__RET((otel_callback *)0, (OTEL__UF(f), OTEL__U(x), OTEL__U(i), OTEL__U(n)))
#define otel_callback_unregister(c)         OTEL__RET(OTEL_ERR_DISABLED, OTEL__U(c))
#define otel_observe(o, m, v, a, n)         (OTEL__U(o), OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_observe_double(o, m, v, a, n)  (OTEL__U(o), OTEL__U(m), OTEL__U(v), OTEL__U(a), OTEL__U(n))
#define otel_genai_record_tokens(p, m, o, i, x) (OTEL__U(p), OTEL__U(m), OTEL__U(o), OTEL__U(i), OTEL__U(x))
#define otel_genai_record_duration(p, m, o, s, e) (OTEL__U(p), OTEL__U(m), OTEL__U(o), OTEL__U(s), OTEL__U(e))
#define otel_agent_record(a, s, o, d)       (OTEL__U(a), OTEL__U(s), OTEL__U(o), OTEL__U(d))
#define otel_api_call_record(s, m, c, d, e) (OTEL__U(s), OTEL__U(m), OTEL__U(c), OTEL__U(d), OTEL__U(e))
#define otel_metrics_collect()              OTEL__RET((size_t)0, (void)0)
#define otel_metrics_collect_reader(r)      OTEL__RET((size_t)0, OTEL__U(r))
#define otel_metrics_next(i, m, p)          OTEL__RET(0, (OTEL__U(i), OTEL__U(m), OTEL__U(p)))
#define otel_metric_point_attrs(p, o, m)    OTEL__RET((size_t)0, (OTEL__U(p), OTEL__U(o), OTEL__U(m)))
#define otel_produce(s, m, p, a, n)         OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(s), OTEL__U(m), OTEL__U(p), OTEL__U(a), OTEL__U(n)))
#define otel_metric_sink_test(s, m)         OTEL__RET(OTEL_ERR_DISABLED, (OTEL__U(s), OTEL__U(m)))
#endif

#ifdef __cplusplus
}
#endif
#endif /* OTEL_H */

/* >> impl: configuration hooks, clock, warnings, strings, environment */
/* ======================================================================== */
/* ======================================================================== */
/*                             IMPLEMENTATION                               */
/* ======================================================================== */
/* ======================================================================== */
#if defined(OTEL_IMPLEMENTATION) && !defined(OTEL_DISABLED) && !defined(OTEL__IMPLEMENTATION_DONE)
#define OTEL__IMPLEMENTATION_DONE
#ifndef OTEL_EXPORT_H
#define OTEL__IMPLEMENTED_WITHOUT_EXPORT  /* otel_export.h checks this */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <stdarg.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/types.h>
#ifndef OTEL_NO_EXEC
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#endif
#ifdef __linux__
#include <sys/random.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>   /* the attribute value scan, 16 bytes at a time */
#endif
#ifndef OTEL_NO_THREADS
#include <pthread.h>
#include <semaphore.h>
#endif
#if !defined(OTEL_NO_THREADS) || defined(OTEL_HAVE_ATFORK)
#include <pthread.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifdef OTEL_EXPORT_H
/* defined in otel_export.h's implementation, compiled in this same file */
static int otel__export_setup(const otel_config *cfg, const char *exporter, otel_processor *out);
static void otel__export_stats(otel_stats *o);
static void otel__export_after_fork(void);
static const char *otel__export_list_set(const otel_config *cfg, int sig);
#endif

/* ---- config: hooks and sizes ------------------------------------------- */
#ifndef OTEL_ARENA_SIZE
#define OTEL_ARENA_SIZE (4u * 1024u * 1024u)
#endif
#ifndef OTEL_BLOCK_SIZE
#define OTEL_BLOCK_SIZE 512u
#endif
#ifndef OTEL_MAX_THREADS
#define OTEL_MAX_THREADS 128
#endif
#ifndef OTEL_PUBLISH_RING
#define OTEL_PUBLISH_RING (1u << 20)
#endif
#ifndef OTEL_PUBLISH_RINGS
#define OTEL_PUBLISH_RINGS 4
#endif
#ifndef OTEL_WARN_INTERVAL_MS
#define OTEL_WARN_INTERVAL_MS 5000
#endif
#ifndef OTEL_MAX_PROCESSORS
#define OTEL_MAX_PROCESSORS 4
#endif
#ifndef OTEL_PROCESSOR_QUEUE
#define OTEL_PROCESSOR_QUEUE 2048
#endif
#ifndef OTEL_MEMORY_EXPORTER_CAP
#define OTEL_MEMORY_EXPORTER_CAP 1024
#endif
#ifndef OTEL_ASSERT
#include <assert.h>
#define OTEL_ASSERT(x) assert(x)
#endif
#ifndef OTEL_CLOCK_NS
#define OTEL_CLOCK_NS() otel__clock_ns(CLOCK_REALTIME)
#define OTEL__CLOCK_DEFAULT 1
#endif
#ifndef OTEL_MONO_NS
#define OTEL_MONO_NS() otel__clock_ns(CLOCK_MONOTONIC)
#endif
#ifndef OTEL_RANDOM_SEED
#define OTEL_RANDOM_SEED(p, n) otel__random_seed(p, n)
#endif
#ifndef OTEL_LOG
#define OTEL_LOG(msg) otel__log_stderr(msg)
#endif
#if OTEL_BLOCK_SIZE < 256 || OTEL_BLOCK_SIZE > 65536 || (OTEL_BLOCK_SIZE % 64) != 0
#error "OTEL_BLOCK_SIZE must be a multiple of 64 between 256 and 65536"
#endif
#if OTEL_MAGAZINE_SIZE < 1 || OTEL_MAGAZINE_SIZE * 4 + 16 > OTEL_BLOCK_SIZE
#error "OTEL_MAGAZINE_SIZE must be at least 1, and its block indices must fit in one block"
#endif


static uint64_t otel__clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
OTEL__UNUSED static uint64_t otel__now_ns(void) { return OTEL_CLOCK_NS(); }

/* A span's start and end, as its thread stores them in the header. With
   the default clock on LP64 targets, the timespec clock_gettime writes,
   straight into the header: the recording path's clock reads then need no
   stack, no conversion, and the start's is a tail call (readers convert:
   otel__stamp_ns). Otherwise OTEL_CLOCK_NS's value. */
#ifndef OTEL__RAW_STAMP
#if defined(OTEL__CLOCK_DEFAULT) && (defined(__LP64__) || defined(_LP64))
#define OTEL__RAW_STAMP 1
#else
#define OTEL__RAW_STAMP 0
#endif
#endif
#if OTEL__RAW_STAMP
typedef struct timespec otel__stamp;
typedef char otel__stamp_check[sizeof(otel__stamp) == 16 && sizeof(long) == 8 ? 1 : -1];
#define otel__stamp_now(p) clock_gettime(CLOCK_REALTIME, (p))
OTEL__INLINE uint64_t otel__stamp_ns(const otel__stamp *p) {
    return (uint64_t)p->tv_sec * 1000000000ull + (uint64_t)p->tv_nsec;
}
/* a time given in ns (an explicit start or end, a log record's; not on the
   fast path): split as the clock would, so that it reads back exactly */
OTEL__INLINE void otel__stamp_set(otel__stamp *p, uint64_t ns) {
    p->tv_sec = (time_t)(ns / 1000000000u);
    p->tv_nsec = (long)(ns % 1000000000u);
}
#else
typedef struct { uint64_t ns; } otel__stamp;
OTEL__INLINE int otel__stamp_now(otel__stamp *p) { p->ns = OTEL_CLOCK_NS(); return 0; }
OTEL__INLINE uint64_t otel__stamp_ns(const otel__stamp *p) { return p->ns; }
OTEL__INLINE void otel__stamp_set(otel__stamp *p, uint64_t ns) { p->ns = ns; }
#endif
static uint64_t otel__mono_ns(void) { return OTEL_MONO_NS(); }

/* (unused when OTEL_RANDOM_SEED is the user's) */
OTEL__UNUSED static void otel__random_seed(void *p, size_t n) {
    size_t got = 0;
#ifdef __linux__
    while (got < n) {
        ssize_t r = getrandom((char *)p + got, n - got, GRND_NONBLOCK);
        if (r <= 0) break;
        got += (size_t)r;
    }
#endif
    if (got < n) {
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            while (got < n) {
                ssize_t r = read(fd, (char *)p + got, n - got);
                if (r <= 0) break;
                got += (size_t)r;
            }
            close(fd);
        }
    }
    if (got < n) { /* last resort: clocks and pid, mixed by the PRNG later */
        uint64_t x = otel__clock_ns(CLOCK_REALTIME) ^ (otel__clock_ns(CLOCK_MONOTONIC) << 17) ^ (uint64_t)getpid();
        for (; got < n; got++) { x = x * 6364136223846793005ull + 1442695040888963407ull; ((unsigned char *)p)[got] = (unsigned char)(x >> 56); }
    }
}

/* ---- warnings: rate limited per call site ------------------------------ */
/* (unused when OTEL_LOG is the user's) */
OTEL__UNUSED static void otel__log_stderr(const char *msg) { fprintf(stderr, "otel: %s\n", msg); }

typedef struct otel__ratelimit { uint64_t last_ns; uint32_t suppressed; } otel__ratelimit;
static int otel__log_quiet;   /* OTEL_LOG_LEVEL error, fatal or none: our warnings are not written */

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void otel__warn(otel__ratelimit *rl, const char *fmt, ...) {
    if (OTEL__LOAD(&otel__log_quiet)) return;
    uint64_t now = otel__mono_ns(), last = OTEL__LOAD(&rl->last_ns);
    if (last && now - last < (uint64_t)OTEL_WARN_INTERVAL_MS * 1000000ull) {
        OTEL__ADD(&rl->suppressed, 1);
        return;
    }
    if (!OTEL__CAS(&rl->last_ns, &last, now)) { OTEL__ADD(&rl->suppressed, 1); return; }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    uint32_t sup = OTEL__LOAD(&rl->suppressed);
    OTEL__STORE(&rl->suppressed, 0u);
    if (sup && n >= 0 && (size_t)n < sizeof buf)
        snprintf(buf + n, sizeof buf - (size_t)n, " (%u similar suppressed)", sup);
    OTEL_LOG(buf);
}
/* Format strings are always literals here; user data only ever goes in as %s. */
#define OTEL__WARN(...) do { static otel__ratelimit otel__rl_; otel__warn(&otel__rl_, __VA_ARGS__); } while (0)

const char *otel_strerror(int code) {
    switch (code) {
    case OTEL_OK: return "ok";
    case OTEL_ERR_INVALID: return "invalid input";
    case OTEL_ERR_FULL: return "no room left";
    case OTEL_ERR_DISABLED: return "disabled";
    case OTEL_ERR_CONNECT: return "cannot connect";
    case OTEL_ERR_TIMEOUT: return "timed out";
    case OTEL_ERR_TLS: return "TLS failure";
    case OTEL_ERR_PROTOCOL: return "protocol error";
    case OTEL_ERR_IO: return "I/O error";
    case OTEL_ERR_TOO_LARGE: return "too large";
    default: return "unknown error";
    }
}

/* ---- small string helpers ---------------------------------------------- */
static int otel__lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static int otel__ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) if (otel__lower((unsigned char)*a) != otel__lower((unsigned char)*b)) return 0;
    return *a == *b;
}
/* case-insensitive substring of s[0..n) */
static int otel__icontains(const char *s, size_t n, const char *pat, size_t m) {
    if (m == 0) return 1;
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && otel__lower((unsigned char)s[i + j]) == otel__lower((unsigned char)pat[j])) j++;
        if (j == m) return 1;
    }
    return 0;
}
static int otel__hexval(int c) {  /* lowercase only, as W3C requires */
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}
static int otel__hex_decode(const char *s, uint8_t *out, size_t nbytes) {
    for (size_t i = 0; i < nbytes; i++) {
        int h = otel__hexval((unsigned char)s[2 * i]), l = otel__hexval((unsigned char)s[2 * i + 1]);
        if (h < 0 || l < 0) return 0;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 1;
}
static void otel__hex_encode(const uint8_t *in, size_t n, char *out) {
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) { out[2 * i] = hx[in[i] >> 4]; out[2 * i + 1] = hx[in[i] & 15]; }
}
static int otel__all_zero(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}
/* percent-decode s[0..n) into out (cap bytes, NUL added); returns length or -1 */
static long otel__percent_decode(const char *s, size_t n, char *out, size_t cap) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n) {
            int h = otel__hexval(otel__lower((unsigned char)s[i + 1])), l = otel__hexval(otel__lower((unsigned char)s[i + 2]));
            if (h >= 0 && l >= 0) { c = h << 4 | l; i += 2; }
        }
        if (o + 1 >= cap) return -1;
        out[o++] = (char)c;
    }
    if (cap) out[o] = 0;
    return (long)o;
}
static const char *otel__trim(const char *s, size_t *n) {
    while (*n && (s[0] == ' ' || s[0] == '\t')) { s++; (*n)--; }
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t')) (*n)--;
    return s;
}
/* Comma-separated lists ("a, b" and "k=v,k2=v2", as in OTEL_RESOURCE_ATTRIBUTES
   and OTEL_EXPORTER_OTLP_HEADERS). list_next yields each member trimmed,
   empty ones included, and 0 at the end; split_kv cuts a member at its first
   '=' and trims both sides, returning 0 when there is no '='. */
static int otel__list_next(const char **cursor, const char **item, size_t *len) {
    const char *p = *cursor;
    if (!p) return 0;
    const char *e = strchr(p, ',');
    *len = e ? (size_t)(e - p) : strlen(p);
    *item = otel__trim(p, len);
    *cursor = e ? e + 1 : NULL;
    return 1;
}
static int otel__split_kv(const char *m, size_t n, const char **k, size_t *kn, const char **v, size_t *vn) {
    const char *eq = (const char *)memchr(m, '=', n);
    if (!eq) return 0;
    *kn = (size_t)(eq - m);
    *vn = n - *kn - 1;
    *k = otel__trim(m, kn);
    *v = otel__trim(eq + 1, vn);
    return 1;
}

/* An exporter list (OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER,
   OTEL_LOGS_EXPORTER; var names it in warnings, NULL: none): its comma-separated names
   as OTEL__EXPL_* bits, each signal on its own. Names not in allowed are
   warned about once each and skipped, the rest kept; NULL or nothing: dflt;
   none beside other names: the others; only unknown names: OTEL__EXPL_BAD. */
enum { OTEL__EXPL_OTLP = 1, OTEL__EXPL_CONSOLE = 2, OTEL__EXPL_FILE = 4, OTEL__EXPL_NONE = 8,
       OTEL__EXPL_PROMETHEUS = 16, OTEL__EXPL_BAD = 32 };
static OTEL__UNUSED unsigned otel__exporter_list(const char *var, const char *v, unsigned allowed, unsigned dflt) {
    static const char *const names[] = {"otlp", "console", "file", "none", "prometheus"};
    const char *cur = v, *t;
    size_t len;
    unsigned bits = 0;
    char bad[128];
    size_t nbad = 0;
    while (otel__list_next(&cur, &t, &len)) {
        if (!len) continue;
        unsigned b = 0;
        for (unsigned i = 0; i < sizeof names / sizeof *names && !b; i++) {
            size_t k = 0;
            while (k < len && names[i][k] && otel__lower((unsigned char)t[k]) == names[i][k]) k++;
            if (k == len && !names[i][k]) b = 1u << i;
        }
#ifdef OTEL_NO_CONSOLE
        b &= ~(unsigned)OTEL__EXPL_CONSOLE;   /* (not in this build: warned as unknown) */
#endif
#ifdef OTEL_NO_JSON
        b &= ~(unsigned)OTEL__EXPL_FILE;      /* (JSON lines) */
#endif
        if (b & allowed) { bits |= b; continue; }
        int w = snprintf(bad + nbad, sizeof bad - nbad, "%s'%.*s'", nbad ? ", " : "", (int)(len < 32 ? len : 32), t);
        if (w > 0) nbad += (size_t)w < sizeof bad - nbad ? (size_t)w : sizeof bad - nbad - 1;
    }
    static otel__ratelimit rl[3];   /* (one per variable: traces, metrics, logs) */
    otel__ratelimit *lim = &rl[var && var[5] == 'T' ? 0 : var && var[5] == 'M' ? 1 : 2];
    if (nbad && var) otel__warn(lim, "%s: unknown exporter %s ignored%s", var, bad, bits ? "; the others are used" : "; nothing else named: dropped and counted (otel_stats)");
    if (bits & ~(unsigned)OTEL__EXPL_NONE) bits &= ~(unsigned)OTEL__EXPL_NONE;
    return bits ? bits : nbad ? (unsigned)OTEL__EXPL_BAD : dflt;
}

/* ---- environment parsing (all values validated; invalid: warn, ignore) -- */
static const char *otel__getenv(const char *name, int ignore_env) {
    if (ignore_env) return NULL;
    const char *v = getenv(name);
    return (v && *v) ? v : NULL;
}
/* OpenTelemetry booleans: "true" (any case) is true, "false" is false,
   anything else is false with a warning. */
static int otel__parse_bool(const char *name, const char *v) {
    if (!v) return 0;
    if (otel__ieq(v, "true")) return 1;
    if (!otel__ieq(v, "false")) OTEL__WARN("%s: invalid boolean '%.64s', using false", name, v);
    return 0;
}
/* non-negative integer that fits in 32 bits; returns 1 and sets *out when valid */
static int otel__parse_u32(const char *v, uint32_t *out) {
    if (!v || !*v) return 0;
    uint64_t x = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9') return 0;
        x = x * 10 + (uint64_t)(*p - '0');
        if (x > 0xffffffffull) return 0;
    }
    *out = (uint32_t)x;
    return 1;
}
static uint32_t otel__env_u32(const char *name, uint32_t dflt, int ignore_env) {
    const char *v = otel__getenv(name, ignore_env);
    uint32_t x;
    if (!v) return dflt;
    if (otel__parse_u32(v, &x)) return x;
    OTEL__WARN("%s: invalid value '%.64s' (want a non-negative integer), using %u", name, v, dflt);
    return dflt;
}
static int otel__parse_double(const char *v, double *out) {
    if (!v || !*v) return 0;
    char *end = NULL;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || !end || *end || x != x) return 0;
    *out = x;
    return 1;
}

/* >> impl: arena and per-thread state */
/* ======================================================================== */
/* arena: fixed-size blocks, free list of magazines, per-thread state        */
/* ======================================================================== */
/* The arena is an array of OTEL_BLOCK_SIZE blocks. Free blocks are grouped
   in "magazines" (chains of up to OTEL_MAGAZINE_SIZE blocks) on one
   lock-free stack, so a thread touches shared memory once per magazine, not
   once per span. A recording span is a chain of blocks: a header, then
   records (attributes, events, links, copied strings) appended in order.
   Ended spans go on the ending thread's own completion stream (only that
   thread writes it: otel__publish); the single consumer takes what was
   published since it last looked and frees blocks into magazines of its
   own. */

#define OTEL__NIL 0xffffffffu
#define OTEL__ALIGN8(n) (((n) + 7u) & ~(size_t)7u)

typedef struct otel__blk {
    uint32_t next;        /* next block of the same span (OTEL__NIL: last) */
    uint32_t used;        /* bytes used in this block, header included */
    uint32_t mag_count;   /* free, first block of a magazine: blocks in it (their indices follow) */
    uint32_t stack_next;  /* free, first block of a magazine: next magazine */
} otel__blk;

enum { OTEL__REC_SPAN = 1, OTEL__REC_LOG = 2 };
#define OTEL__RTYPE(r) ((r)->rtype & 0x0fu)

struct otel_span_data {     /* a span's header, at the start of its first block */
    otel__blk blk;
    struct otel_span_data *next_done;  /* completion list, then the consumer's */
    uint8_t rtype, kind, status, flags;
    uint8_t has_parent, parent_remote;
    uint16_t ts_len;
    uint32_t cur;           /* last block of the chain: where records go */
    uint32_t name_len;      /* 0: strlen(name) when read */
    uint8_t trace_id[16], span_id[8], parent_id[8];
    otel__stamp start, end;  /* read through otel__stamp_ns */
    const char *name;
    const otel_location *loc;
    /* from here to frame zero when a span begins (two 16-byte stores) */
    uint32_t n_attrs, n_events, n_links;
    uint32_t d_attrs, d_events, d_links;
    uint32_t dups;          /* OTEL__DUPS_*: a key set twice? (found out when first asked) */
    struct otel_span *frame; /* while recording: the frame whose write cursor is in this span's last block */
    /* a span's: stored with its status (read only when it is not unset), and
       with a tracestate (read only when ts_len says there is one); a log
       record's: its body and severity text */
    const char *status_msg; size_t status_len;
    const char *ts;
};
typedef struct otel_span_data otel__rec;

typedef struct otel__r_link {
    otel__r h;              /* h.aux: attr count | dropped << 16; h.v.u: tracestate length */
    uint8_t trace_id[16], span_id[8];
    uint8_t flags, pad[7];
} otel__r_link;

#define OTEL__BLK_PAYLOAD (OTEL_BLOCK_SIZE - sizeof(otel__blk))
#define OTEL__MAX_STR ((uint32_t)(OTEL_BLOCK_SIZE - sizeof(otel__blk) - sizeof(otel__r) - 8u))

/* A frame of a thread's current-span stack is a struct otel_span (declared
   in the API part, for the inline no-op tests); a span handle points at one. */


typedef struct otel__kv { const char *key; const char *val; } otel__kv;

#define OTEL__MAX_PATTERNS 48
#define OTEL__RESOURCE_BYTES 4096
#define OTEL__RESOURCE_MAX 64

static struct otel__global {
    int enabled;
    uint32_t epoch;
    unsigned char *arena;
    uint32_t nblocks;
    /* written by every producer (once a magazine) and the consumer: a cache
       line of their own, so the read-mostly fields around stay shared */
    char pad_free_before[64];
    uint64_t free_stack;     /* (tag << 32) | first block of the top magazine */
    uint32_t fresh;          /* blocks from here on were never handed out (nor touched) */
    char pad_free_after[64 - sizeof(uint64_t) - sizeof(uint32_t)];
    otel__slot slots[OTEL_MAX_THREADS];
    /* slots [0, slots_hi) were claimed since the last reset: the consumer
       looks no further (each slot it reads is a cache line a producer writes) */
    uint32_t slots_hi;
    /* limits */
    uint32_t fast_attr_limit;  /* the span attribute limit, or 0 with a filter callback (every attribute goes the general way) */
    uint32_t first_room;       /* a new span's cursor room (otel__cursor_place with nothing written yet) */
    uint32_t lim_span_attrs, lim_events, lim_links, lim_event_attrs, lim_link_attrs, lim_value_len, lim_log_attrs;
    uint32_t lim_log_value_len;   /* OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT (lim_value_len: spans and the rest) */
    int logs_off;                 /* log records go nowhere (otel_logger_enabled) */
    /* metrics: a region carved off the end of the arena */
    unsigned char *mregion;
    uint32_t msize, mused, mslots, ninst;
    uint32_t lim_metric_attrs, lim_cardinality;
    int mtemporality;
    int mhistogram;           /* OTEL_HISTOGRAM_*: what otel_histogram_create makes */
    int mexfilter;            /* OTEL_EXEMPLAR_* */
    const otel_view *views;   /* otel_config.views */
    size_t nviews;
    uint64_t mlast;           /* time of the last collection */
    uint64_t mseries, moverflow, mdropped, logs_dropped, logs_released;
    /* sampler (the rule for roots and parent_based: otel__hot) */
    uint64_t ratio_threshold; /* sampled when the trace id's low 56 bits >= this */
    uint64_t rate_interval_ns, rate_tat;
    /* a user sampler or ID generator (otel_config): every span begins on
       otel__begin_hooked (otel__hot.sampler_root OTEL__SAMPLER_HOOKED), the
       built-in rule kept here for an ID generator alone */
    otel_sampler_fn sampler_fn; void *sampler_user;
    otel_trace_id_fn trace_id_fn; otel_span_id_fn span_id_fn; void *id_user;
    int builtin_root, builtin_parent_based;
    /* redaction */
    int redact_mode;
    int session_opt_in;       /* OTEL_SESSION_LOG_* the operator turned on for every session */
    otel_filter_fn filter; void *filter_user;
    char pattern_buf[1024];
    const char *patterns[OTEL__MAX_PATTERNS]; uint32_t npatterns;
    char allow_buf[1024];
    const char *allow[OTEL__MAX_PATTERNS]; uint32_t nallow;
    /* parent from TRACEPARENT */
    otel_span_context env_parent; int has_env_parent;
    char env_tracestate[512];
    /* resource */
    char res_buf[OTEL__RESOURCE_BYTES]; size_t res_used;
    otel_attr resource[OTEL__RESOURCE_MAX]; size_t nresource;
    const char *res_schema_url;    /* in res_buf, or OTEL_SEMCONV_SCHEMA_URL; NULL: none */
    uint32_t res_gen;              /* resources built so far: what was made of the last one is good while it is the same */
    char scope_name[64];
    /* counters updated off the hot path */
    uint64_t attrs_dropped, events_dropped, links_dropped, truncated, redacted, released;
    uint64_t rng_seed_counter;
    /* spans dropped: while the arena is full a producer adds to it for every
       span, so it has a cache line of its own, apart from the consumer's
       fields below (which it would otherwise take from the consumer's core) */
    char pad_dropped_before[64];
    uint64_t dropped;
    char pad_dropped_after[64 - sizeof(uint64_t)];
    /* consumer side */
    uint32_t cons_mag_count;  /* blocks the consumer freed, not yet a magazine on the stack */
    uint32_t cons_mag[OTEL_MAGAZINE_SIZE];
    uint32_t cons_seen[OTEL_MAX_THREADS];  /* records taken from each slot's stream (otel__take_published) */
    otel__rec *cons_ready;   /* collected but not yet handed out, oldest first */
    int consumer_busy;
    /* processing */
    void *console_stream;
    int sdk_disabled;
#ifndef OTEL_NO_THREADS
    pthread_t worker; int worker_running, worker_stop, worker_needed;
    sem_t wake, done;
    int flush_reason; uint64_t flush_deadline; size_t flush_left;
    uint64_t stop_deadline;   /* of an otel_shutdown under way (0: none): the exporter ends what it does by then */
    pthread_key_t tls_key; int tls_key_made;
#endif
} otel__g;

OTEL__TLS otel__tls otel__t;
otel__hot_state otel__hot = { OTEL__EPOCH_NONE, 0, 0, 0, 0, NULL };
#if defined(__GNUC__) || defined(__clang__)
__attribute__((aligned(64)))
#endif
static unsigned char otel__static_arena[OTEL_ARENA_SIZE];

static otel__blk *otel__block(uint32_t i) { return (otel__blk *)(otel__g.arena + (size_t)i * OTEL_BLOCK_SIZE); }
static uint32_t otel__block_index(const void *p) {
    return (uint32_t)((size_t)((const unsigned char *)p - otel__g.arena) / OTEL_BLOCK_SIZE);
}

/* The shared stack of magazines (tagged head against ABA). A magazine on
   the stack is its first block, which holds the count and the indices of
   all its blocks (itself included) after its block header; a thread copies
   them out when it takes the magazine, so it knows the blocks it will
   write next and can fetch them early. */
#define OTEL__MAG_LIST(first) ((uint32_t *)(void *)((unsigned char *)otel__block(first) + sizeof(otel__blk)))
/* idx[0..n) as a magazine (n > 0): its first block holds the list; returns that block */
static uint32_t otel__mag_seal(const uint32_t *idx, uint32_t n) {
    uint32_t first = idx[0];
    memcpy(OTEL__MAG_LIST(first), idx, n * sizeof *idx);
    OTEL__STORE(&otel__block(first)->mag_count, n);   /* otel_stats_get may be reading it */
    return first;
}
/* sealed magazines linked from top to last (through stack_next) onto the
   stack, in one step: a chain costs one compare-and-swap on the line every
   producer reads when it needs blocks */
static void otel__mag_push_chain(uint32_t top, uint32_t last) {
    otel__blk *l = otel__block(last);
    uint64_t old = OTEL__LOAD(&otel__g.free_stack), nw;
    do {
        OTEL__STORE(&l->stack_next, (uint32_t)old);
        nw = ((old >> 32) + 1) << 32 | top;
    } while (!OTEL__CAS(&otel__g.free_stack, &old, nw));
}
static void otel__mag_push(const uint32_t *idx, uint32_t n) {
    if (!n) return;
    uint32_t first = otel__mag_seal(idx, n);
    otel__mag_push_chain(first, first);
}
/* a magazine of blocks never used before, into out[]: carved on demand, so
   init does not touch (or fault in) the whole arena */
static uint32_t otel__mag_carve(uint32_t *out) {
    if (OTEL__LOAD(&otel__g.fresh) >= otel__g.nblocks) return 0;
    uint32_t first = OTEL__FADD32(&otel__g.fresh, (uint32_t)OTEL_MAGAZINE_SIZE);
    if (first >= otel__g.nblocks) return 0;
    uint32_t last = first + OTEL_MAGAZINE_SIZE;
    if (last > otel__g.nblocks) last = otel__g.nblocks;
    /* handed out from the end of out[]: lowest block first */
    for (uint32_t b = first; b < last; b++) out[last - 1 - b] = b;
    return last - first;
}
/* a magazine into out[]; the number of blocks (0: none left) */
static uint32_t otel__mag_pop(uint32_t *out) {
    uint64_t old = OTEL__LOAD_ACQ(&otel__g.free_stack), nw;
    uint32_t top;
    do {
        top = (uint32_t)old;
        if (top == OTEL__NIL) return otel__mag_carve(out);
        /* may read a block another thread just took: the tag makes the CAS fail then */
        nw = ((old >> 32) + 1) << 32 | OTEL__LOAD(&otel__block(top)->stack_next);
    } while (!OTEL__CAS(&otel__g.free_stack, &old, nw));
    uint32_t n = OTEL__LOAD(&otel__block(top)->mag_count);
    if (n > OTEL_MAGAZINE_SIZE) n = OTEL_MAGAZINE_SIZE;   /* never: a corrupted arena */
    memcpy(out, OTEL__MAG_LIST(top), n * sizeof *out);
    return n;
}

static void otel__arena_build(void *mem, size_t size) {
    otel__g.arena = (unsigned char *)mem;
    size_t n = size / OTEL_BLOCK_SIZE;
    if (n > 0xfffffff0u) n = 0xfffffff0u;
    otel__g.nblocks = (uint32_t)n;
    otel__g.free_stack = (uint64_t)OTEL__NIL;
    otel__g.fresh = 0;   /* magazines are carved from the start as they are needed */
}

/* ---- per-thread state ---- */
static uint64_t otel__rng_next(uint64_t *s) { /* wyrand: fast, passes BigCrush */
    *s += 0xa0761d6478bd642full;
#if defined(__SIZEOF_INT128__)
    __uint128_t m = (__uint128_t)*s * (*s ^ 0xe7037ed1a0b428dbull);
    return (uint64_t)(m >> 64) ^ (uint64_t)m;
#else
    uint64_t a = *s, b = *s ^ 0xe7037ed1a0b428dbull;
    uint64_t hi = (a >> 32) * (b >> 32), lo = (a & 0xffffffffu) * (b & 0xffffffffu);
    return hi ^ lo ^ ((a >> 32) * (b & 0xffffffffu)) ^ ((a & 0xffffffffu) * (b >> 32));
#endif
}
static void otel__thread_seed(otel__tls *t) {
    uint64_t seed[2];
    OTEL_RANDOM_SEED(seed, sizeof seed);
    uint64_t n = OTEL__ADD(&otel__g.rng_seed_counter, 1);
    t->rng = seed[0] ^ (seed[1] << 1) ^ (n * 0x9e3779b97f4a7c15ull) ^ otel__clock_ns(CLOCK_MONOTONIC);
}

OTEL__UNUSED static void otel__thread_release(otel__tls *t) {
    if (t->epoch != OTEL__LOAD(&otel__g.epoch)) return;
    otel__mag_push(t->mag, t->mag_count);
    t->mag_count = 0;
    if (t->slot && !t->slot->shared) OTEL__STORE_REL(&t->slot->in_use, 0u);
    t->slot = NULL;
    t->epoch = t->inline_epoch = 0;
}
#ifndef OTEL_NO_THREADS
static void otel__thread_exit(void *p) { otel__thread_release((otel__tls *)p); }
#endif

static void otel__thread_attach(otel__tls *t) {
    t->epoch = OTEL__LOAD_ACQ(&otel__g.epoch);
    t->depth = 0;
    t->mag_count = 0;
    t->spare_off = 0;            /* a series of the previous epoch's region */
    memset(t->keys, 0, sizeof t->keys);
    memset(t->lits, 0, sizeof t->lits);
    /* handles of an earlier run of the SDK stop recording (their rec is
       NULL), whatever is done with them now */
    for (int i = 0; i < OTEL_MAX_DEPTH; i++) {
        t->frames[i].owner = t;
        t->frames[i].rec = NULL;
        t->frames[i].level = (uint32_t)i + 1;
    }
    otel__thread_seed(t);
    t->slot = &otel__g.slots[0];
    for (int i = 1; i < OTEL_MAX_THREADS; i++) {
        uint32_t z = 0;
        if (OTEL__LOAD(&otel__g.slots[i].in_use) == 0 && OTEL__CAS(&otel__g.slots[i].in_use, &z, 1u)) {
            t->slot = &otel__g.slots[i];
            /* (before the slot's first record is published: see otel__gather) */
            uint32_t hi = OTEL__LOAD(&otel__g.slots_hi);
            while (hi < (uint32_t)i + 1 && !OTEL__CAS(&otel__g.slots_hi, &hi, (uint32_t)i + 1)) {}
            break;
        }
    }
    t->inline_epoch = t->slot->shared ? OTEL__EPOCH_SHARED : t->epoch;
#ifndef OTEL_NO_THREADS
    if (otel__g.tls_key_made) pthread_setspecific(otel__g.tls_key, t);
#endif
}

OTEL__INLINE otel__tls *otel__thread(void) {
    otel__tls *t = &otel__t;
    if (OTEL__UNLIKELY(t->epoch != OTEL__LOAD(&otel__g.epoch))) otel__thread_attach(t);
    return t;
}

/* a prefetch for reading (a record the consumer is about to look at) */
#if defined(__GNUC__) || defined(__clang__)
#define OTEL__PREFETCH_R(p) __builtin_prefetch((const void *)(p))
#else
#define OTEL__PREFETCH_R(p) ((void)0)
#endif
/* A prefetch for writing: the line comes exclusive, so the stores that
   follow do not wait for it to be taken from the other core's cache (on
   x86 the compilers' own prefetch builtin only reads, without -mprfchw). */
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define OTEL__PREFETCH_W(p) __asm__ volatile("prefetchw %0" : : "m"(*(const volatile char *)(p)))
#elif defined(__GNUC__) || defined(__clang__)
#define OTEL__PREFETCH_W(p) __builtin_prefetch((p), 1)
#else
#define OTEL__PREFETCH_W(p) ((void)0)
#endif
/* The header of the span after next (the magazine already popped for this
   one): last written on the consumer's core, so it is fetched two spans
   ahead. */
OTEL__INLINE void otel__prefetch_ahead(const otel__tls *t) {
#if defined(__GNUC__) || defined(__clang__)
    uint32_t n = t->mag_count;
    if (OTEL__LIKELY(n >= 2)) {
        unsigned char *nx = (unsigned char *)otel__block(t->mag[n - 2]);
        OTEL__PREFETCH_W(nx); OTEL__PREFETCH_W(nx + 64); OTEL__PREFETCH_W(nx + 128); OTEL__PREFETCH_W(nx + 192);
    }
#else
    (void)t;
#endif
}
/* take a free block from this thread's magazine, which holds n > 0 of
   them (the recording path's caller fetches ahead itself, later, when
   fewer values are live) */
OTEL__INLINE otel__blk *otel__blk_take_nofetch(otel__tls *t, uint32_t n, uint32_t *idx) {
    t->mag_count = --n;
    *idx = t->mag[n];
    return otel__block(*idx);
}
/* the same, and the fetch ahead */
OTEL__INLINE otel__blk *otel__blk_take_from(otel__tls *t, uint32_t n, uint32_t *idx) {
    otel__blk *b = otel__blk_take_nofetch(t, n, idx);
    otel__prefetch_ahead(t);
    return b;
}
/* take a free block: from this thread's magazine, refilled from the shared
   stack; the caller sets blk.next and blk.used */
OTEL__INLINE otel__blk *otel__blk_take(otel__tls *t, uint32_t *idx) {
    uint32_t n = t->mag_count;
    if (OTEL__UNLIKELY(n == 0)) {
        n = otel__mag_pop(t->mag);
        if (n == 0) return NULL;
    }
    return otel__blk_take_from(t, n, idx);
}
static otel__blk *otel__blk_alloc(otel__tls *t) {
    uint32_t idx;
    otel__blk *b = otel__blk_take(t, &idx);
    if (!b) return NULL;
    b->next = OTEL__NIL;
    b->used = sizeof(otel__blk);
    return b;
}

/* counters: an owned slot is written by one thread only */
static void otel__count(otel__tls *t, uint64_t *field) {
    if (OTEL__LIKELY(!t->slot->shared)) OTEL__BUMP(field);
    else OTEL__ADD(field, 1);
}

/* The write cursor of a recording span (its frame's wp and wend) runs
   ahead of its last block's `used` and of n_attrs: the inline calls only
   store records there. Whatever else writes to the span first takes those
   records into account (sync), and after it writes, puts the cursor at the
   block's new end (place). */
static void otel__cursor_sync(otel__rec *r) {
    otel_span *f = r->frame;
    if (!f) return;
    otel__blk *b = otel__block(r->cur);
    unsigned char *p = (unsigned char *)b + b->used;
    uint32_t n = 0;
    while (p < f->wp) { n++; p += ((const otel__r *)(const void *)p)->size; }   /* attribute records, each >= 24 bytes */
    b->used = (uint32_t)(f->wp - (unsigned char *)b);
    r->n_attrs += n;
}
/* room: what is left of the block, and no more records than the attribute
   limit leaves (one kept back for a record the caller is adding now) */
static void otel__cursor_place(otel__rec *r) {
    otel_span *f = r->frame;
    if (!f) return;
    otel__blk *b = otel__block(r->cur);
    uint64_t room = OTEL_BLOCK_SIZE - b->used, lim = otel__g.fast_attr_limit;
    uint64_t left = lim > (uint64_t)r->n_attrs + 1 ? lim - r->n_attrs - 1 : 0;
    if (room > left * 24) room = left * 24;
    f->wp = (unsigned char *)b + b->used;
    f->wend = f->wp + room;
}
/* give back the unused end of the record just appended */
static void otel__give_back(otel__rec *r, uint32_t bytes) {
    otel__block(r->cur)->used -= bytes;
    otel__cursor_place(r);
}

/* append space for a record of `size` bytes to a span; NULL when no room */
static void *otel__append(otel__tls *t, otel__rec *r, size_t size) {
    size = OTEL__ALIGN8(size);
    otel__cursor_sync(r);
    otel__blk *b = otel__block(r->cur);
    void *p;
    if (b->used + size <= OTEL_BLOCK_SIZE) {
        p = (unsigned char *)b + b->used;
        b->used += (uint32_t)size;
    } else {
        if (size > OTEL__BLK_PAYLOAD) return NULL;
        otel__blk *nb = otel__blk_alloc(t);
        if (!nb) return NULL;
        b->next = otel__block_index(nb);
        r->cur = b->next;
        p = (unsigned char *)nb + nb->used;
        nb->used += (uint32_t)size;
    }
    otel__cursor_place(r);
    return p;
}

/* walk the records of a span in order */
OTEL__INLINE otel__r *otel__rec_next(const otel__rec *r, otel_iter *it) {
    const otel__blk *b = (const otel__blk *)it->blk;
    if (!b) { b = &r->blk; it->off = (uint32_t)OTEL__ALIGN8(sizeof(otel__rec)); }
    while (it->off >= b->used) {
        if (b->next == OTEL__NIL) { it->blk = b; return NULL; }
        b = otel__block(b->next);
        it->off = sizeof(otel__blk);
    }
    otel__r *rr = (otel__r *)((unsigned char *)b + it->off);
    it->off += rr->size;
    it->blk = b;
    return rr;
}

/* a fast 64-bit hash of bytes (series identities, key texts) */
static uint64_t otel__mix64(uint64_t x) {
    x ^= x >> 32; x *= 0xd6e8feb86659fd93ull;
    x ^= x >> 32; x *= 0xd6e8feb86659fd93ull;
    return x ^ (x >> 32);
}
static uint64_t otel__hash_bytes(const void *p, size_t n, uint64_t seed) {
    const unsigned char *b = (const unsigned char *)p;
    uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ull);
    while (n >= 8) { uint64_t w; memcpy(&w, b, 8); h = (h ^ otel__mix64(w)) * 0x9fb21c651e98df25ull; b += 8; n -= 8; }
    if (n) { uint64_t w = 0; memcpy(&w, b, n); h = (h ^ otel__mix64(w ^ n)) * 0x9fb21c651e98df25ull; }
    return otel__mix64(h);
}

OTEL__INLINE void otel__attr_from_record(const otel__r *x, otel_attr *a) {
    a->key = x->key;
    a->type = (otel_value_type)x->vtype;
    switch (x->vtype) {
    case OTEL_TYPE_STRING: a->v.str.ptr = (const char *)(x + 1); a->v.str.len = x->aux; break;
    case OTEL_TYPE_STRING_ARRAY: a->v.strs.packed = (const char *)(x + 1); a->v.strs.count = x->aux; break;
    case OTEL_TYPE_INT_ARRAY: case OTEL_TYPE_DOUBLE_ARRAY: case OTEL_TYPE_BOOL_ARRAY:
        a->v.ints.items = (const int64_t *)(const void *)(x + 1); a->v.ints.count = x->aux; break;
    case OTEL__VT_LITERAL: a->type = OTEL_TYPE_STRING; a->v.str.ptr = (const char *)(uintptr_t)x->v.u; a->v.str.len = x->aux; break;
    case OTEL_TYPE_DOUBLE: a->v.d = x->v.d; break;
    case OTEL_TYPE_BOOL: a->v.b = x->v.i != 0; break;
    default: a->v.i = x->v.i; break;
    }
}

/* >> impl: context propagation */
/* ======================================================================== */
/* context propagation: W3C Trace Context, HTTP headers, environment        */
/* ======================================================================== */
/* traceparent = version "-" trace-id "-" parent-id "-" trace-flags, lowercase
   hex. Version ff is invalid; a higher version may append "-" and more
   fields, of which only the first four are read. */
int otel_traceparent_parse(const char *s, size_t len, otel_span_context *out) {
    if (!s || !out) return OTEL_ERR_INVALID;
    if (len == (size_t)-1) len = strlen(s);
    /* surrounding optional whitespace is allowed in HTTP header values */
    while (len && (s[0] == ' ' || s[0] == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (len < 55) return OTEL_ERR_INVALID;
    uint8_t ver;
    if (!otel__hex_decode(s, &ver, 1) || ver == 0xff) return OTEL_ERR_INVALID;
    if (ver == 0 && len != 55) return OTEL_ERR_INVALID;
    if (ver > 0 && len > 55 && s[55] != '-') return OTEL_ERR_INVALID;
    if (s[2] != '-' || s[35] != '-' || s[52] != '-') return OTEL_ERR_INVALID;
    otel_span_context c;
    memset(&c, 0, sizeof c);
    uint8_t flags;
    if (!otel__hex_decode(s + 3, c.trace_id, 16) || !otel__hex_decode(s + 36, c.span_id, 8) ||
        !otel__hex_decode(s + 53, &flags, 1))
        return OTEL_ERR_INVALID;
    if (otel__all_zero(c.trace_id, 16) || otel__all_zero(c.span_id, 8)) return OTEL_ERR_INVALID;
    /* keep the flags we understand: sampled (and random, from level 2) */
    c.flags = (uint8_t)(flags & 0x03u);
    c.remote = 1;
    *out = c;
    return OTEL_OK;
}

size_t otel_traceparent_format(const otel_span_context *c, char out[56]) {
    if (!otel_span_context_is_valid(c)) { if (out) out[0] = 0; return 0; }
    memcpy(out, "00-", 3);
    otel__hex_encode(c->trace_id, 16, out + 3);
    out[35] = '-';
    otel__hex_encode(c->span_id, 8, out + 36);
    out[52] = '-';
    uint8_t f = (uint8_t)(c->flags & 0x03u);
    otel__hex_encode(&f, 1, out + 53);
    out[55] = 0;
    return 55;
}

/* tracestate: up to 32 comma-separated members key=value. key is
   simple-key (lcalpha then lcalpha/digit/_-* / up to 256) or
   tenant@system (tenant up to 241, system up to 14 chars); value up to 256
   printable ASCII chars except ',' and '=', not ending in a space. Empty
   members (extra commas, OWS) are allowed; duplicate keys are not. */
/* classes of ASCII characters (c < 256), by the bits of a table: 1 token
   (RFC 9110: visible but the separators "(),/:;<=>?@[\]{}), 2 W3C
   baggage-octet (%x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E), 4 tracestate
   key character (lcalpha, DIGIT, "_", "-", "*", "/") */
static const unsigned char otel__cclass[128] = {
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,3,0,3,3,3,3,3,2,2,7,3,0,7,3,6,7,7,7,7,7,7,7,7,7,7,2,0,2,2,2,2,
    2,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,2,0,2,3,7,
    3,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,2,3,2,3,0};
static int otel__in_class(int c, int bit) { return c < 128 && (otel__cclass[c] & bit); }
static int otel__ts_keychar(int c) { return otel__in_class(c, 4); }
static int otel__ts_key_ok(const char *k, size_t n) {
    const char *at = (const char *)memchr(k, '@', n);
    if (!at) {
        if (n < 1 || n > 256 || !(k[0] >= 'a' && k[0] <= 'z')) return 0;
        for (size_t i = 1; i < n; i++) if (!otel__ts_keychar((unsigned char)k[i])) return 0;
        return 1;
    }
    size_t tn = (size_t)(at - k), sn = n - tn - 1;
    if (tn < 1 || tn > 241 || sn < 1 || sn > 14) return 0;
    if (!((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= '0' && k[0] <= '9'))) return 0;
    for (size_t i = 1; i < tn; i++) if (!otel__ts_keychar((unsigned char)k[i])) return 0;
    if (!(at[1] >= 'a' && at[1] <= 'z')) return 0;
    for (size_t i = 2; i <= sn; i++) if (!otel__ts_keychar((unsigned char)at[i])) return 0;
    return 1;
}
int otel_tracestate_validate(const char *s, size_t len) {
    if (!s) return 0;
    if (len == (size_t)-1) len = strlen(s);
    const char *keys[32]; size_t klen[32];
    int members = 0;
    size_t i = 0;
    while (i <= len) {
        const char *comma = (const char *)memchr(s + i, ',', len - i);
        size_t j = comma ? (size_t)(comma - s) : len;
        size_t n = j - i;
        const char *m = otel__trim(s + i, &n);
        if (n) {
            const char *eq = (const char *)memchr(m, '=', n);
            if (!eq) return OTEL_ERR_INVALID;
            size_t kn = (size_t)(eq - m), vn = n - kn - 1;
            if (!otel__ts_key_ok(m, kn) || vn < 1 || vn > 256) return OTEL_ERR_INVALID;
            for (size_t v = 0; v < vn; v++) {
                int c = (unsigned char)eq[1 + v];
                if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return OTEL_ERR_INVALID;
            }
            if (eq[vn] == ' ') return OTEL_ERR_INVALID;
            if (members == 32) return OTEL_ERR_INVALID;
            for (int d = 0; d < members; d++)
                if (klen[d] == kn && memcmp(keys[d], m, kn) == 0) return OTEL_ERR_INVALID;
            keys[members] = m; klen[members] = kn;
            members++;
        }
        i = j + 1;
    }
    return members;
}

/* malformed pieces of propagated context (a tracestate, a baggage member,
   a B3 header) dropped on extraction, each on its own */
static uint64_t otel__prop_invalid, otel__baggage_dropped;
OTEL__COLD static void otel__prop_drop(const char *what, const char *text, size_t n) {
    OTEL__ADD(&otel__prop_invalid, 1);
    OTEL__WARN("%s: invalid value '%.*s' dropped (see otel_stats.propagation_invalid)", what, (int)(n < 64 ? n : 64), text);
}

/* a header's name against a lowercase one (its first character a letter) */
static int otel__hname_is(const char *name, const char *lower) {
    for (; *lower; name++, lower++) {
        unsigned c = (unsigned char)*name;
        if (c - 'A' < 26u) c += 32;
        if (c != (unsigned char)*lower) return 0;
    }
    return *name == 0;
}

/* a tracestate (already trimmed) kept in out only when valid */
static void otel__ts_adopt(const char *t, size_t n, otel_span_context *out) {
    if (!n) return;
    if (n <= 8192 && otel_tracestate_validate(t, n) > 0) {
        out->tracestate = t;
        out->tracestate_len = (uint16_t)n;
    } else {
        otel__prop_drop("tracestate", t, n);   /* (the traceparent is kept) */
    }
}

int otel_context_extract(const char *traceparent, const char *tracestate, otel_span_context *out) {
    if (!out) return OTEL_ERR_INVALID;
    memset(out, 0, sizeof *out);
    if (!traceparent || otel_traceparent_parse(traceparent, (size_t)-1, out) != OTEL_OK) {
        memset(out, 0, sizeof *out);
        return OTEL_ERR_INVALID;
    }
    if (tracestate) {
        size_t n = strlen(tracestate);
        const char *t = otel__trim(tracestate, &n);
        otel__ts_adopt(t, n, out);
    }
    return OTEL_OK;
}

/* The tracestate of a carrier: one header line borrowed as it is, several
   joined in order with commas into buf (a list split over lines is one
   list: RFC 9110 field lines). Returns 0 when it does not fit. */
static int otel__ts_join(const otel_header *h, size_t n, char *buf, size_t cap, const char **ts, size_t *len) {
    size_t lines = 0, used = 0;
    *ts = NULL; *len = 0;
    for (size_t i = 0; h && i < n; i++) {
        if (!h[i].name || !h[i].value || !otel__hname_is(h[i].name, "tracestate")) continue;
        size_t m = strlen(h[i].value);
        const char *v = otel__trim(h[i].value, &m);
        if (++lines == 1) { *ts = v; *len = m; continue; }
        if (lines == 2) {   /* the first line moves into buf */
            if (*len >= cap) return 0;
            memmove(buf, *ts, *len);
            used = *len;
            *ts = buf;
        }
        if (used + 1 + m >= cap) return 0;
        buf[used++] = ',';
        memcpy(buf + used, v, m);
        used += m;
        *len = used;
    }
    return 1;
}
static int otel__headers_extract_buf(const otel_header *h, size_t n, otel_span_context *out, char *buf, size_t cap) {
    const char *tp = NULL, *ts;
    size_t tsn;
    for (size_t i = 0; h && i < n; i++) {
        if (!h[i].name || !h[i].value) continue;
        if (otel__hname_is(h[i].name, "traceparent")) { if (tp) return otel_context_extract(NULL, NULL, out); tp = h[i].value; }
    }
    int rc = otel_context_extract(tp, NULL, out);
    if (rc != OTEL_OK) return rc;
    if (otel__ts_join(h, n, buf, cap, &ts, &tsn)) otel__ts_adopt(ts, tsn, out);
    else otel__prop_drop("tracestate (too long)", ts, tsn);
    return OTEL_OK;
}
/* (several tracestate lines are joined here: valid until this thread's next call) */
static OTEL__TLS char otel__ts_joined[1024];
int otel_headers_extract(const otel_header *h, size_t n, otel_span_context *out) {
    return otel__headers_extract_buf(h, n, out, otel__ts_joined, sizeof otel__ts_joined);
}

/* the injecting calls' OTEL_ERR_FULL, said */
static int otel__inject_full(const char *call, const char *what, size_t have, size_t need) {
    OTEL__WARN("%s: %s too small (%zu, need at least %zu); nothing injected", call, what, have, need);
    return OTEL_ERR_FULL;
}
/* A tracestate cut to fit cap bytes by whole members, as Trace Context
   says: members longer than 128 characters go first (the rightmost first),
   then members from the end. Writes the rest, in order, to out; returns
   its length (0: none fits). */
static size_t otel__ts_fit(const char *ts, size_t n, char *out, size_t cap) {
    const char *m[32]; size_t ml[32]; int k = 0;
    size_t total = 0, i = 0;
    while (i < n && k < 32) {
        size_t j = i;
        while (j < n && ts[j] != ',') j++;
        size_t len = j - i;
        const char *p = otel__trim(ts + i, &len);
        if (len) { m[k] = p; ml[k] = len; total += len + (k ? 1 : 0); k++; }
        i = j + 1;
    }
    while (k && total > cap) {
        int drop = k - 1;
        for (int d = k - 1; d >= 0; d--) if (ml[d] > 128) { drop = d; break; }
        total -= ml[drop] + (k > 1 ? 1 : 0);
        for (int d = drop; d + 1 < k; d++) { m[d] = m[d + 1]; ml[d] = ml[d + 1]; }
        k--;
    }
    size_t o = 0;
    for (int d = 0; d < k; d++) {
        if (d) out[o++] = ',';
        memmove(out + o, m[d], ml[d]);   /* (out may be ts itself: it only moves left) */
        o += ml[d];
    }
    return o;
}

/* traceparent and tracestate, each after its prefix, NUL-terminated, into
   buf; a tracestate that does not fit is cut by whole members (the
   traceparent is never given up for it) */
static int otel__put_context(const otel_span_context *c, char *buf, size_t bufsz,
                             const char **tp, const char **ts, const char *tp_prefix, const char *ts_prefix) {
    size_t p1 = strlen(tp_prefix), p2 = strlen(ts_prefix);
    if (!buf || bufsz < p1 + 56)
        return otel__inject_full(*tp_prefix ? "otel_context_inject_env" : "otel_headers_inject", "buffer", buf ? bufsz : 0, p1 + 56);
    memcpy(buf, tp_prefix, p1);
    otel_traceparent_format(c, buf + p1);
    *tp = buf;
    *ts = NULL;
    size_t room = bufsz - p1 - 56;
    if (c->tracestate_len && c->tracestate && room > p2 + 1) {
        char *q = buf + p1 + 56;
        size_t n = c->tracestate_len;
        memcpy(q, ts_prefix, p2);
        if (n <= room - p2 - 1) memcpy(q + p2, c->tracestate, n);
        else n = otel__ts_fit(c->tracestate, n, q + p2, room - p2 - 1);   /* (c->tracestate is not in buf) */
        q[p2 + n] = 0;
        if (n) *ts = q;
    }
    return OTEL_OK;
}
int otel_headers_inject(const otel_span_context *c, otel_header *out, size_t cap, char *buf, size_t bufsz) {
    if (!otel_span_context_is_valid(c)) return 0;
    const char *tp, *ts;
    int rc = otel__put_context(c, buf, bufsz, &tp, &ts, "", "");
    if (rc) return rc;
    size_t need = ts ? 2 : 1;
    if (cap < need) return otel__inject_full("otel_headers_inject", "header array", cap, need);
    out[0].name = "traceparent"; out[0].value = tp;
    if (ts) { out[1].name = "tracestate"; out[1].value = ts; }
    return (int)need;
}

extern char **environ;
static const char *otel__env_lookup(char *const *envp, const char *name) {
    size_t n = strlen(name);
    for (; envp && *envp; envp++)
        if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=') return *envp + n + 1;
    return NULL;
}
int otel_env_extract(char *const *envp, otel_span_context *out) {
    if (!envp) envp = environ;
    return otel_context_extract(otel__env_lookup(envp, "TRACEPARENT"), otel__env_lookup(envp, "TRACESTATE"), out);
}

/* ---- W3C Baggage ------------------------------------------------------- */
/* baggage-string = list-member *( OWS "," OWS list-member ), list-member =
   key OWS "=" OWS value *( OWS ";" OWS property ), property = key [ OWS
   "=" OWS value ]; key a token, value baggage-octets (printable ASCII but
   space, DQUOTE, comma, semicolon, backslash), percent-encoded UTF-8. */
static int otel__tchar(int c) { return otel__in_class(c, 1); }
static int otel__bag_octet(int c) { return otel__in_class(c, 2); }
static int otel__ows(int c) { return c == ' ' || c == '\t'; }
/* a token, then OWS; returns its length (0: none) and moves *i past the OWS */
static size_t otel__bag_token(const char *s, size_t n, size_t *i) {
    size_t k = *i;
    while (k < n && otel__tchar((unsigned char)s[k])) k++;
    size_t len = k - *i;
    while (k < n && otel__ows((unsigned char)s[k])) k++;
    *i = k;
    return len;
}
/* properties ("p1;p2=v", trimmed): each a token, with an optional value */
static int otel__bag_props_ok(const char *s, size_t n) {
    size_t i = 0;
    for (;;) {
        while (i < n && otel__ows((unsigned char)s[i])) i++;
        if (!otel__bag_token(s, n, &i)) return 0;
        if (i < n && s[i] == '=') {
            i++;
            while (i < n && otel__ows((unsigned char)s[i])) i++;
            while (i < n && otel__bag_octet((unsigned char)s[i])) i++;
            while (i < n && otel__ows((unsigned char)s[i])) i++;
        }
        if (i == n) return 1;
        if (s[i++] != ';') return 0;
    }
}
static int otel__bag_find(const otel_baggage *b, const char *k, size_t kn) {
    for (int i = 0; i < b->count; i++)
        if (b->m[i].klen == kn && memcmp(b->text + b->m[i].key, k, kn) == 0) return i;
    return -1;
}
static size_t otel__bag_size(const otel_baggage *b, int i) { return (size_t)b->m[i].klen + b->m[i].vlen + b->m[i].mlen + 3; }
static void otel__bag_erase(otel_baggage *b, int i) {
    size_t off = b->m[i].key, n = otel__bag_size(b, i);
    memmove(b->text + off, b->text + off + n, b->used - off - n);
    b->used = (uint16_t)(b->used - n);
    memmove(&b->m[i], &b->m[i + 1], (size_t)(b->count - i - 1) * sizeof b->m[0]);
    b->count--;
    for (int j = i; j < b->count; j++) {   /* (members lie in the text in their order) */
        b->m[j].key = (uint16_t)(b->m[j].key - n); b->m[j].val = (uint16_t)(b->m[j].val - n);
        b->m[j].meta = (uint16_t)(b->m[j].meta - n);
    }
}
OTEL__COLD static int otel__bag_full(otel_baggage *b, const char *k, size_t kn) {
    b->dropped++;
    OTEL__ADD(&otel__baggage_dropped, 1);
    OTEL__WARN("baggage: member '%.*s' dropped: over %d members or %d bytes (see otel_stats.baggage_dropped)",
               (int)(kn < 64 ? kn : 64), k, OTEL_BAGGAGE_MAX_MEMBERS, OTEL_BAGGAGE_MAX_BYTES);
    return OTEL_ERR_FULL;
}
/* a member added (or replacing the one of its key); the value
   percent-decoded when decode is set. Whole or not at all. */
static int otel__bag_put(otel_baggage *b, const char *k, size_t kn, const char *v, size_t vn, int decode,
                         const char *meta, size_t mn) {
    /* (a member's text less one of its NULs is at least its length in the
       header with a separator: the sum of those, less one, is kept within
       OTEL_BAGGAGE_MAX_BYTES) */
    int old = otel__bag_find(b, k, kn);
    size_t count = (size_t)b->count + (old < 0), need = kn + vn + mn + 3;
    size_t after = b->used - (old >= 0 ? otel__bag_size(b, old) : 0) + need;
    if (count > OTEL_BAGGAGE_MAX_MEMBERS || after - count > OTEL_BAGGAGE_MAX_BYTES + 1) return otel__bag_full(b, k, kn);
    if (old >= 0) otel__bag_erase(b, old);
    char *t = b->text;
    size_t o = b->used;
    int i = b->count++;
    b->m[i].key = (uint16_t)o; b->m[i].klen = (uint16_t)kn;
    memmove(t + o, k, kn); o += kn; t[o++] = 0;
    b->m[i].val = (uint16_t)o;
    size_t w = 0;
    for (size_t j = 0; j < vn; j++) {
        int c = (unsigned char)v[j], h, l;
        if (decode && c == '%' && j + 2 < vn &&
            (h = otel__hexval(otel__lower((unsigned char)v[j + 1]))) >= 0 && (l = otel__hexval(otel__lower((unsigned char)v[j + 2]))) >= 0) {
            c = h << 4 | l;
            j += 2;
        }
        t[o + w++] = (char)c;
    }
    o += w; t[o++] = 0;
    b->m[i].vlen = (uint16_t)w;
    b->m[i].meta = (uint16_t)o; b->m[i].mlen = (uint16_t)mn;
    memmove(t + o, meta, mn); o += mn; t[o++] = 0;
    b->used = (uint16_t)o;
    return OTEL_OK;
}
int otel_baggage_set(otel_baggage *b, const char *key, const char *value, const char *metadata) {
    if (!b || !key) return OTEL_ERR_INVALID;
    size_t kn = strlen(key), i = 0, mn = metadata ? strlen(metadata) : 0;
    const char *m = metadata ? otel__trim(metadata, &mn) : "";
    if (!kn || otel__bag_token(key, kn, &i) != kn || (mn && !otel__bag_props_ok(m, mn))) {
        b->dropped++;
        OTEL__ADD(&otel__baggage_dropped, 1);
        return OTEL_ERR_INVALID;
    }
    return otel__bag_put(b, key, kn, value ? value : "", value ? strlen(value) : 0, 0, m, mn);
}
const char *otel_baggage_get(const otel_baggage *b, const char *key) {
    int i = b && key ? otel__bag_find(b, key, strlen(key)) : -1;
    return i >= 0 ? b->text + b->m[i].val : NULL;
}
int otel_baggage_remove(otel_baggage *b, const char *key) {
    int i = b && key ? otel__bag_find(b, key, strlen(key)) : -1;
    if (i < 0) return OTEL_ERR_INVALID;
    otel__bag_erase(b, i);
    return OTEL_OK;
}
void otel_baggage_clear(otel_baggage *b) { if (b) { b->count = 0; b->used = 0; b->dropped = 0; } }
size_t otel_baggage_count(const otel_baggage *b) { return b ? b->count : 0; }
int otel_baggage_entry_at(const otel_baggage *b, size_t i, otel_baggage_entry *o) {
    if (!b || !o || i >= b->count) return 0;
    o->key = b->text + b->m[i].key; o->key_len = b->m[i].klen;
    o->value = b->text + b->m[i].val; o->value_len = b->m[i].vlen;
    o->metadata = b->text + b->m[i].meta; o->metadata_len = b->m[i].mlen;
    return 1;
}
/* one member (trimmed, not empty) into b; 0 when it is invalid */
static int otel__bag_member(otel_baggage *b, const char *m, size_t n, int *added) {
    size_t k = 0, kn = otel__bag_token(m, n, &k);
    if (!kn || k >= n || m[k] != '=') return 0;
    k++;
    while (k < n && otel__ows((unsigned char)m[k])) k++;
    size_t v0 = k;
    while (k < n && otel__bag_octet((unsigned char)m[k])) k++;
    size_t vn = k - v0, mn = 0;
    while (k < n && otel__ows((unsigned char)m[k])) k++;
    const char *meta = "";
    if (k < n) {
        if (m[k] != ';') return 0;
        mn = n - k - 1;
        meta = otel__trim(m + k + 1, &mn);
        if (mn && !otel__bag_props_ok(meta, mn)) return 0;
    }
    if (otel__bag_put(b, m, kn, m + v0, vn, 1, meta, mn) == OTEL_OK) (*added)++;
    return 1;
}
int otel_baggage_parse(otel_baggage *b, const char *s, size_t len) {
    if (!b || !s) return OTEL_ERR_INVALID;
    if (len == (size_t)-1) len = strlen(s);
    int added = 0;
    for (size_t i = 0; i <= len;) {
        const char *comma = (const char *)memchr(s + i, ',', len - i);
        size_t j = comma ? (size_t)(comma - s) : len;
        size_t n = j - i;
        const char *m = otel__trim(s + i, &n);
        i = j + 1;
        if (n && !otel__bag_member(b, m, n, &added)) {   /* (an empty member, as in "a=1,,b=2", is skipped) */
            b->dropped++;
            otel__prop_drop("baggage member", m, n);
        }
    }
    return added;
}
size_t otel_baggage_format(const otel_baggage *b, char *out, size_t cap) {
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0, lim;
    if (!out || !cap) return 0;
    lim = cap - 1 < OTEL_BAGGAGE_MAX_BYTES ? cap - 1 : OTEL_BAGGAGE_MAX_BYTES;
    for (int i = 0; b && i < b->count; i++) {
        const char *k = b->text + b->m[i].key, *v = b->text + b->m[i].val, *m = b->text + b->m[i].meta;
        size_t vl = b->m[i].vlen, need = (o ? 1u : 0u) + b->m[i].klen + 1 + (b->m[i].mlen ? 1u + b->m[i].mlen : 0u);
        for (size_t j = 0; j < vl; j++) {
            int c = (unsigned char)v[j];
            need += otel__bag_octet(c) && c != '%' ? 1 : 3;
        }
        if (o + need > lim) continue;   /* (left out whole) */
        if (o) out[o++] = ',';
        memcpy(out + o, k, b->m[i].klen); o += b->m[i].klen;
        out[o++] = '=';
        for (size_t j = 0; j < vl; j++) {
            int c = (unsigned char)v[j];
            if (otel__bag_octet(c) && c != '%') { out[o++] = (char)c; continue; }
            out[o++] = '%'; out[o++] = hex[c >> 4]; out[o++] = hex[c & 15];
        }
        if (b->m[i].mlen) { out[o++] = ';'; memcpy(out + o, m, b->m[i].mlen); o += b->m[i].mlen; }
    }
    out[o] = 0;
    return o;
}

/* >> impl: sampling, limits, redaction */
/* ======================================================================== */
/* sampler and filter                                                        */
/* ======================================================================== */
/* traceidratio: consistent across processes, a function of the trace id
   alone, using its 56 random low bits as the spec's threshold sampling does */
OTEL__INLINE uint64_t otel__id_randomness(const uint8_t *trace_id) {
    uint64_t r = 0;
#if (defined(__GNUC__) || defined(__clang__)) && OTEL__LE
    memcpy(&r, trace_id + 8, 8);   /* (bytes 8-15, big-endian: one load and a swap) */
    r = __builtin_bswap64(r) & 0x00ffffffffffffffull;
#else
    for (int i = 9; i < 16; i++) r = r << 8 | trace_id[i];
#endif
    return r;
}
OTEL__INLINE int otel__ratio_keeps(const uint8_t *trace_id) {
    return otel__id_randomness(trace_id) >= otel__g.ratio_threshold;
}
/* generic cell rate: at most N new traces in any one second */
OTEL__INLINE int otel__rate_admits(void) {
    uint64_t iv = otel__g.rate_interval_ns, old = OTEL__LOAD(&otel__g.rate_tat), base, nw;
    uint64_t now = otel__mono_ns();
    do {
        base = old > now ? old : now;
        nw = base + iv;
        if (nw - now > 1000000000ull) return 0;
    } while (!OTEL__CAS(&otel__g.rate_tat, &old, nw));
    return 1;
}
/* (a user sampler or ID generator: otel__begin_hooked) */
#define OTEL__SAMPLER_HOOKED 100
static OTEL__NOINLINE int otel__sample_root(const uint8_t *trace_id) {
    switch (otel__hot.sampler_root) {
    case OTEL_SAMPLER_ALWAYS_OFF: return 0;
    case OTEL_SAMPLER_TRACEIDRATIO: return otel__ratio_keeps(trace_id);
    case OTEL_SAMPLER_RATELIMITING: return otel__rate_admits();
    default: return 1;
    }
}

/* Key patterns match whole words of a key: words are split at '.', '_', '-',
   ' ', '/' and lower-to-upper case changes, and a pattern (separators
   removed) must equal a run of consecutive words. So "api_key" matches
   "x-api-key" and "apiKey", "token" matches "access_token" and
   "sessionToken", but not "input_tokens". */
static const char *const otel__default_patterns[] = {
    "authorization", "cookie", "cookies", "password", "passwd", "pwd", "secret", "token",
    "api_key", "apikey", "private_key", "credential", "credentials", "session_key", "x-api-key"
};

static int otel__is_sep(int c) { return c == '.' || c == '_' || c == '-' || c == ' ' || c == '/' || c == ':'; }

static int otel__pattern_matches(const char *key, size_t klen, const char *pat) {
    size_t starts[32], ends[32], nw = 0, i = 0;
    while (i < klen && nw < 32) {
        while (i < klen && otel__is_sep((unsigned char)key[i])) i++;
        if (i >= klen) break;
        starts[nw] = i++;
        while (i < klen && !otel__is_sep((unsigned char)key[i]) &&
               !(key[i] >= 'A' && key[i] <= 'Z' && key[i - 1] >= 'a' && key[i - 1] <= 'z')) i++;
        ends[nw++] = i;
    }
    for (size_t w = 0; w < nw; w++) {
        const char *p = pat;
        for (size_t x = w; x < nw; x++) {
            size_t j = starts[x];
            while (*p && otel__is_sep((unsigned char)*p)) p++;
            while (j < ends[x] && *p && otel__lower((unsigned char)key[j]) == otel__lower((unsigned char)*p)) {
                j++; p++;
                while (*p && otel__is_sep((unsigned char)*p)) p++;
            }
            if (j < ends[x]) break;          /* word differs */
            if (!*p) return 1;               /* pattern used up exactly at a word end */
        }
    }
    return 0;
}

enum { OTEL__KEY_KEEP = 1, OTEL__KEY_REDACT = 2 };
static int otel__key_verdict_slow(const char *key) {
    size_t klen = strlen(key);
    if (otel__g.redact_mode == OTEL_REDACT_ALLOW) {
        for (uint32_t i = 0; i < otel__g.nallow; i++)
            if (otel__ieq(otel__g.allow[i], key)) return OTEL__KEY_KEEP;
        return OTEL__KEY_REDACT;
    }
    /* semantic-convention keys that name a kind of token, not a secret (and
       codex's token counts, docs/codex.md) */
    static const char *const conventions[] = {"gen_ai.token.type", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
                                              "input_token_count", "output_token_count", "cached_token_count",
                                              "reasoning_token_count", "tool_token_count"};
    for (size_t i = 0; i < sizeof conventions / sizeof *conventions; i++)
        if (strcmp(key, conventions[i]) == 0) return OTEL__KEY_KEEP;
    for (uint32_t i = 0; i < otel__g.npatterns; i++)
        if (otel__pattern_matches(key, klen, otel__g.patterns[i])) return OTEL__KEY_REDACT;
    return OTEL__KEY_KEEP;
}
/* Keys are static strings, so what we learn of one (its redaction verdict,
   a hash of its text) is cached by pointer, per thread. */
static OTEL__NOINLINE otel__keycache *otel__key_learn(otel__keycache *c, const char *key) {
    c->key = key;
    c->verdict = (uint8_t)otel__key_verdict_slow(key);
    c->text_as_is = c->verdict != OTEL__KEY_REDACT || otel__g.redact_mode == OTEL_REDACT_OFF;
    c->text_hash = otel__hash_bytes(key, strlen(key), 0x6b6579u);
    return c;
}
OTEL__INLINE otel__keycache *otel__key_slot(otel__tls *t, const char *key) {
    return &t->keys[((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ull) >> 58];  /* literals sit bytes apart */
}
OTEL__INLINE otel__keycache *otel__key_info(otel__tls *t, const char *key) {
    otel__keycache *c = otel__key_slot(t, key);
    return OTEL__LIKELY(c->key == key) ? c : otel__key_learn(c, key);
}
static int otel__key_verdict(otel__tls *t, const char *key) { return otel__key_info(t, key)->verdict; }

static const char otel__redacted[] = "[REDACTED]";

static int otel__tokchar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}
static size_t otel__put(char *out, size_t o, size_t cap, const char *s, size_t n) {
    if (o < cap) { size_t k = cap - o < n ? cap - o : n; memcpy(out + o, s, k); }
    return o + n;
}
/* Copies in[0..n) to out (at most cap bytes), replacing secrets found in
   the value: "Bearer <token>" / "Basic <credentials>", sk-/sk_ style API
   keys of 16+ characters, and user:password@ in URLs. Returns the length the
   full result would have (may exceed cap); *hits counts replacements. */
/* bytes that may start a secret, as a bitmap: ':' '=' 'B' 'S' 'b' 's' */
static const uint64_t otel__trigger[4] = {
    1ull << ':' | 1ull << '=', 1ull << ('B' - 64) | 1ull << ('S' - 64) | 1ull << ('b' - 64) | 1ull << ('s' - 64), 0, 0
};
static int otel__keychar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}
/* "password=...", "--api-key=...", "?token=...": a key the deny-list names,
   then '=' at in[i]; returns the end of the value to redact, or 0 */
static size_t otel__keyed_value_end(const char *in, size_t n, size_t i) {
    size_t j = i;
    while (j > 0 && i - j < 48 && otel__keychar((unsigned char)in[j - 1])) j--;
    if (i - j < 3 || i + 1 >= n) return 0;
    int named = 0;
    for (uint32_t p = 0; p < otel__g.npatterns && !named; p++) named = otel__pattern_matches(in + j, i - j, otel__g.patterns[p]);
    if (!named) return 0;
    size_t k = i + 1;
    /* "token=Bearer xyz": the scheme rule takes it, keeping the scheme */
    if ((n - k > 7 && otel__icontains(in + k, 7, "bearer ", 7)) || (n - k > 6 && otel__icontains(in + k, 6, "basic ", 6))) return 0;
    while (k < n && in[k] != ' ' && in[k] != '\t' && in[k] != '\r' && in[k] != '\n' && in[k] != '&' && in[k] != ',' &&
           in[k] != ';' && in[k] != '"' && in[k] != '\'') k++;
    return k > i + 1 ? k : 0;
}
#define OTEL__IS_TRIGGER(c) ((otel__trigger[(c) >> 6] >> ((c) & 63)) & 1u)
/* Word-at-a-time test over the 7 byte pairs starting in p[0..6]: is there
   "sk", "be", "ba" (case-folded), ":/" or an '=' ? Only then is a closer
   look needed. */
OTEL__INLINE int otel__word_may_trigger(const char *p) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);     /* p[k] in byte k, so ">> 8" below brings p[k+1] next to p[k] */
#endif
    w |= 0x2020202020202020ull;   /* case-fold letters; ':' and '/' keep their value */
#define OTEL__ZB(ch) ((((w ^ (ones * (ch))) - ones) & ~(w ^ (ones * (ch))) & highs))
    /* most words hold none of the bytes a secret can start with */
    uint64_t s = OTEL__ZB('s'), b = OTEL__ZB('b'), c = OTEL__ZB(':'), e = OTEL__ZB('=');
    if (!(s | b | c | e)) return 0;
    uint64_t pairs = (s & (OTEL__ZB('k') >> 8)) | (b & ((OTEL__ZB('e') | OTEL__ZB('a')) >> 8)) | (c & (OTEL__ZB('/') >> 8)) | e;
#undef OTEL__ZB
    return pairs != 0;
}
static size_t otel__redact_copy(const char *in, size_t n, char *out, size_t cap, int *hits) {
    size_t o = 0, i = 0, lit = 0, stop = 0;   /* in[lit..i) is pending plain text */
    while (i < n) {
        if (i >= stop) {   /* skip 7 bytes at a time while no pair may start a secret */
            while (i + 8 <= n && !otel__word_may_trigger(in + i)) i += 7;
            if (i + 8 > n) {   /* the tail, padded with zeros */
                char tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
                memcpy(tail, in + i, n - i);
                if (!otel__word_may_trigger(tail)) { i = n; break; }
            }
            stop = i + 7;
        }
        int c = (unsigned char)in[i];
        if (OTEL__LIKELY(!OTEL__IS_TRIGGER(c))) { i++; continue; }
        size_t skip = 0, keep = 0; const char *rep = NULL;
        if ((c == 'b' || c == 'B') && (i == 0 || !otel__tokchar((unsigned char)in[i - 1]) || in[i - 1] == '=')) {
            size_t w = 0;
            if (n - i > 7 && otel__icontains(in + i, 7, "bearer ", 7)) w = 7;
            else if (n - i > 6 && otel__icontains(in + i, 6, "basic ", 6)) w = 6;
            if (w) {
                size_t j = i + w;
                while (j < n && in[j] == ' ') j++;
                size_t k = j;
                while (k < n && otel__tokchar((unsigned char)in[k])) k++;
                if (k > j) { keep = j - i; skip = k - i; rep = otel__redacted; }
            }
        } else if ((c == 's' || c == 'S') && n - i > 3 && (in[i + 1] == 'k' || in[i + 1] == 'K') &&
                   (in[i + 2] == '-' || in[i + 2] == '_') && (i == 0 || !otel__tokchar((unsigned char)in[i - 1]) || in[i - 1] == '=')) {
            size_t k = i + 3;
            while (k < n && otel__tokchar((unsigned char)in[k])) k++;
            if (k - i >= 19) { skip = k - i; rep = otel__redacted; }
        } else if (c == '=') {
            size_t k = otel__keyed_value_end(in, n, i);
            if (k && !(k - i - 1 == sizeof otel__redacted - 1 && memcmp(in + i + 1, otel__redacted, k - i - 1) == 0)) {
                keep = 1; skip = k - i; rep = otel__redacted;
            }
        } else if (c == ':' && n - i > 3 && in[i + 1] == '/' && in[i + 2] == '/') {
            size_t j = i + 3, k = j;
            while (k < n && in[k] != '@' && in[k] != '/' && in[k] != '?' && in[k] != '#' &&
                   in[k] != ' ' && in[k] != '"' && in[k] != '\'' && in[k] != '\n') k++;
            if (k < n && in[k] == '@' && k > j) { keep = 3; skip = k - i; rep = "REDACTED:REDACTED"; }
        }
        if (rep) {
            o = otel__put(out, o, cap, in + lit, i - lit + keep);
            o = otel__put(out, o, cap, rep, strlen(rep));
            i += skip;
            lit = i;
            (*hits)++;
        } else {
            i++;
        }
    }
    return otel__put(out, o, cap, in + lit, n - lit);
}

/* drop a UTF-8 sequence left incomplete at the end of s[0..n) by a cut */
static size_t otel__utf8_trim_incomplete(const char *s, size_t n) {
    size_t i = n, back = 0;
    while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) { i--; back++; }
    if (i == 0) return n;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return (want > back + 1) ? i - 1 : n;
}
/* s[0..n) copied into out[0..cap): with the value patterns' redaction when
   patterns is set (else as it is), the secrets replaced and a cut counted;
   returns the length kept (a cut never splits a UTF-8 character) */
static size_t otel__copy_redacted(const char *s, size_t n, char *out, size_t cap, int patterns) {
    size_t full = n;
    if (patterns) {
        int hits = 0;
        full = otel__redact_copy(s, n, out, cap, &hits);
        if (hits) OTEL__ADD(&otel__g.redacted, (uint64_t)hits);
    } else {
        memcpy(out, s, n < cap ? n : cap);
    }
    if (full <= cap) return full;
    OTEL__ADD(&otel__g.truncated, 1);
    return otel__utf8_trim_incomplete(out, cap);
}
/* cut a UTF-8 string to at most max bytes without splitting a character */
static size_t otel__utf8_cut(const char *s, size_t n, size_t max) {
    if (n <= max) return n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80) k--;
    return k;
}

/* >> impl: spans (ids, begin, attributes, end) */
/* ======================================================================== */
/* spans                                                                     */
/* ======================================================================== */
/* Ids from the thread's generator state st. An all-zero id is invalid:
   a span id's one draw in 2^64 that would give it gives 1 instead (no
   loop, which would hold every value of the recording path across it). A
   trace id's second word is mixed from its first by a bijection that
   takes 0 elsewhere, so the pair is never all zero; the id carries the
   generator's 64 bits of state either way, as two draws would. */
OTEL__INLINE uint64_t otel__span_id_next(uint64_t *st) {
    uint64_t x = otel__rng_next(st);
    if (OTEL__UNLIKELY(x == 0)) x = 1;   /* (a branch: as x | (x == 0) the compiler compared the product's halves) */
    return x;
}
OTEL__INLINE void otel__trace_id_next(uint64_t *st, uint64_t *a, uint64_t *b) {
    *a = otel__rng_next(st);
    *b = (*a ^ (*a >> 29) ^ 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;   /* (a = 0: b != 0) */
}
OTEL__INLINE void otel__new_span_id(otel__tls *t, uint8_t *out) {
    uint64_t x = otel__span_id_next(&t->rng);
    memcpy(out, &x, 8);
}
OTEL__INLINE void otel__new_trace_id(otel__tls *t, uint8_t *out) {
    uint64_t w[2];
    otel__trace_id_next(&t->rng, &w[0], &w[1]);
    memcpy(out, w, 16);
}

/* A thread wakes the consumer every 2^k records it publishes (its counter
   masked: no division on the hot path); the exporter asks for its batch
   size, rounded down to a power of 2. */
static uint64_t otel__wake_mask = 511;
OTEL__UNUSED static void otel__set_wake_every(uint32_t n) {
    uint64_t p = 1;
    while (p * 2 <= n) p *= 2;
    otel__wake_mask = p - 1;
}

/* An ended span or a log record onto the thread's completion stream: the
   record links to the one published before it and the slot's head names
   it and counts it, in one store; the consumer takes as many as the count
   grew since it last looked (otel__gather), so neither side waits for the
   other or needs an atomic read-modify-write. The record's block index also
   goes into the slot's ring (if it has one), where the consumer finds the
   oldest records without following the links (otel__take_ring). Threads
   that share slot 0 push onto its list instead. */
OTEL__INLINE int otel__publish(otel__tls *me, otel__rec *r, int is_log) {
    otel__slot *sl = me->slot;
    uint64_t count;
    if (OTEL__LIKELY(!sl->shared)) {
        uint64_t h = OTEL__LOAD(&sl->head);   /* (only the slot's owner stores here) */
        uint32_t c = (uint32_t)h + 1;
        r->next_done = (otel__rec *)(void *)otel__block((uint32_t)(h >> 32));
        /* (the count of spans ended is the head's, less the log records:
           no counter of its own to store; the wrap is counted before the
           head that shows it, so a reader that sees that head sees it) */
        if (OTEL__UNLIKELY(c == 0)) OTEL__BUMP(&sl->wraps);
        uint32_t b = otel__block_index(r);
        /* (release: a consumer that reads this entry sees the head before it, see otel__take_ring) */
        OTEL__STORE_REL(&sl->ring[c & sl->ring_mask], b);
        OTEL__STORE_REL(&sl->head, (uint64_t)b << 32 | c);
        if (is_log) OTEL__BUMP(&sl->logs);
        count = c;
    } else {
        otel__rec *old = OTEL__LOAD(&sl->done);
        do { r->next_done = old; } while (!OTEL__CAS(&sl->done, &old, r));
        count = OTEL__FADD64(is_log ? &sl->logs : &sl->ended, 1) + 1;
    }
    return (count & otel__wake_mask) == 0;   /* time to wake the consumer (the caller does, last) */
}
/* spans ended and log records published through a slot (the head first:
   across a wrap the total can be 2^32 too high for a moment, never too low) */
static uint64_t otel__slot_published(const otel__slot *sl) {
    if (OTEL__LOAD(&sl->shared)) return OTEL__LOAD(&sl->ended) + OTEL__LOAD(&sl->logs);
    uint32_t count = (uint32_t)OTEL__LOAD_ACQ(&sl->head);
    uint64_t wraps = OTEL__LOAD(&sl->wraps);
    return wraps << 32 | count;
}
static uint64_t otel__slot_ended(const otel__slot *sl) {
    uint64_t p = otel__slot_published(sl), l = OTEL__LOAD(&sl->logs);
    return p > l ? p - l : 0;
}

static otel__r *otel__append_text(otel__tls *t, otel__rec *r, const char *s, size_t n) {
    if (n > OTEL__MAX_STR) { n = otel__utf8_cut(s, n, OTEL__MAX_STR); OTEL__ADD(&otel__g.truncated, 1); }
    otel__r *x = (otel__r *)otel__append(t, r, sizeof(otel__r) + n + 1);
    if (!x) return NULL;
    x->tag = OTEL__R_TEXT; x->vtype = 0;
    x->size = (uint16_t)OTEL__ALIGN8(sizeof(otel__r) + n + 1);
    x->aux = (uint32_t)n; x->key = NULL; x->v.u = 0;
    memcpy(x + 1, s, n);
    ((char *)(x + 1))[n] = 0;
    return x;
}

/* A span that is not recorded gets its ids only when someone asks for its
   context (a child, otel_span_get_context, injection), so dropping one
   costs a few instructions. Whichever thread asks first makes them, with
   its own generator; the state word makes that safe across threads. */
OTEL__COLD static void otel__frame_ids_make(otel_span *f) {
    uint32_t st = OTEL__LOAD_ACQ(&f->ids);
    while (st != OTEL__IDS_READY) {
        if (st != OTEL__IDS_BUSY && OTEL__CAS(&f->ids, &st, (uint32_t)OTEL__IDS_BUSY)) {
            otel__tls *me = &otel__t;
            if (OTEL__UNLIKELY(!me->rng)) otel__thread_seed(me);
            if (st == OTEL__IDS_ALL || st == OTEL__IDS_ROOT_UNSAMPLED) otel__new_trace_id(me, f->ctx.trace_id);
            if (st == OTEL__IDS_ROOT_UNSAMPLED) otel__frame_root(f, 0);
            otel__new_span_id(me, f->ctx.span_id);
            OTEL__STORE_REL(&f->ids, (uint32_t)OTEL__IDS_READY);
            return;
        }
        st = OTEL__LOAD_ACQ(&f->ids);   /* another thread is making them */
    }
}
OTEL__INLINE const otel_span_context *otel__frame_ctx(const otel_span *f) {
    if (OTEL__UNLIKELY(OTEL__LOAD_ACQ(&f->ids) != OTEL__IDS_READY)) otel__frame_ids_make((otel_span *)(uintptr_t)f);
    return &f->ctx;
}

/* a root span under traceidratio, decided by its trace id: the id first
   (the general path and otel__span_begin_ratio_root) */
OTEL__INLINE int otel__sample_new_trace(otel__tls *t, otel_span *f) {
    otel__new_trace_id(t, f->ctx.trace_id);
    return otel__ratio_keeps(f->ctx.trace_id);
}
/* this thread is not attached to the running SDK yet, or the SDK is off */
OTEL__COLD static int otel__thread_enter(otel__tls *t) {
    if (!OTEL__LOAD_ACQ(&otel__g.enabled)) return 0;
    /* (live is published after enabled and withdrawn before it: in between
       an attached thread comes here too, and must keep its state) */
    if (t->epoch != OTEL__LOAD_ACQ(&otel__g.epoch)) otel__thread_attach(t);
    return 1;
}
OTEL__COLD static otel_span *otel__too_deep(otel__tls *t, uint32_t d, const char *name) {
    t->depth = d;
    OTEL__ADD(&otel__g.dropped, 1);
    OTEL__WARN("span '%.64s' not recorded: more than %d nested spans on one thread", name, OTEL_MAX_DEPTH);
    return NULL;
}
OTEL__COLD static otel_span *otel__arena_full(otel_span *f) {
    f->rec = NULL;
    OTEL__ADD(&otel__g.dropped, 1);
    OTEL__WARN("arena full: spans are being dropped (see otel_stats.spans_dropped)");
    return f;
}
OTEL__COLD static void otel__copy_tracestate(otel__tls *t, otel_span *f, otel__rec *r, const otel_span_context *parent) {
    otel__r *x = otel__append_text(t, r, parent->tracestate, parent->tracestate_len);
    if (x) {
        r->ts = (const char *)(x + 1); r->ts_len = (uint16_t)x->aux;
        f->ctx.tracestate = r->ts; f->ctx.tracestate_len = r->ts_len;
    }
}

/* The recording half of a span's beginning, in pieces shared by its two
   versions below, which store the header and the frame sixteen bytes at a
   time where the fields allow (otel__store2). The header in the span's
   first block (index idx), but for the ids and the start time: */
OTEL__INLINE void otel__rec_init(otel__rec *r, uint32_t idx, otel_span *f, uint64_t w,
                                 const char *name, const otel_location *loc, const otel_span_context *parent) {
    if (parent) memcpy(r->parent_id, parent->span_id, 8);   /* (a root's is left: read only when has_parent) */
    /* (a NULL name is read as "": otel_span_data_info) */
#if OTEL__WIDE
    /* blk.next and .used; not the two words after them, which a thread
       popping the free stack may still read (its tag tells it they moved) */
    uint64_t nu = OTEL__NIL | (uint64_t)OTEL__ALIGN8(sizeof(otel__rec)) << 32;
    memcpy(&r->blk, &nu, 8);
    otel__store2(&r->rtype, w, idx);   /* the small fields; cur, name_len 0 */
    r->name = name;   /* (two stores: pairing them took a trip through the stack) */
    r->loc = loc;
    memset(&r->n_attrs, 0, offsetof(otel__rec, frame) - offsetof(otel__rec, n_attrs));
    r->frame = f;
    /* (status_msg, status_len and ts are left: read only once the status
       or the tracestate length says they were set) */
#else
    r->blk.next = OTEL__NIL;
    r->blk.used = (uint32_t)OTEL__ALIGN8(sizeof(otel__rec));
    r->rtype = (uint8_t)w; r->kind = (uint8_t)(w >> 8); r->status = 0; r->flags = (uint8_t)(w >> 24);
    r->has_parent = (uint8_t)(w >> 32); r->parent_remote = (uint8_t)(w >> 40); r->ts_len = 0;
    r->cur = idx; r->name_len = 0;
    r->name = name; r->loc = loc;
    memset(&r->n_attrs, 0, sizeof(otel__rec) - offsetof(otel__rec, n_attrs));
    r->frame = f;
#endif
}
/* (the layout those stores assume) */
typedef char otel__rec_layout_check[(!OTEL__WIDE ||
                                     (offsetof(otel__rec, rtype) == 24 && offsetof(otel__rec, cur) == 32 &&
                                      offsetof(otel__rec, name_len) == 36 && offsetof(otel__rec, ts_len) == 30 &&
                                      offsetof(otel__rec, flags) == 27 && offsetof(otel__rec, parent_remote) == 29)) &&
                                    OTEL__REC_SPAN == 1 ? 1 : -1];
/* The ids, into the frame and the header: a new trace's id, or the
   parent's trace (already in the frame), and a span id (the parent's id
   beside it is otel__rec_init's). The generator's state is read and
   written once. */
OTEL__INLINE void otel__ids_make(otel__tls *t, otel_span *f, otel__rec *r, int new_trace) {
    uint64_t st = t->rng, a, b, sid;
    if (new_trace) {
        otel__trace_id_next(&st, &a, &b);
        otel__store2(f->ctx.trace_id, a, b);
    }
    sid = otel__span_id_next(&st);
    t->rng = st;
    memcpy(r->trace_id, f->ctx.trace_id, 16);   /* (one 16-byte load and store, either way) */
    memcpy(r->span_id, &sid, 8);   /* (the parent's id beside it: otel__rec_init) */
    memcpy(f->ctx.span_id, &sid, 8);
}
/* the frame records into r (ended 0, its ids ready), its cursor just
   past the header */
OTEL__INLINE void otel__frame_cursor(otel_span *f, otel__rec *r) {
    unsigned char *wp = (unsigned char *)r + OTEL__ALIGN8(sizeof(otel__rec));
    otel__frame_head(f, r, OTEL__IDS_READY);
#if OTEL__WIDE
    otel__store2(&f->wp, (uint64_t)(uintptr_t)wp, (uint64_t)(uintptr_t)(wp + otel__g.first_room));
#else
    f->wp = wp; f->wend = wp + otel__g.first_room;
#endif
}
/* (the layout those paired stores assume) */
typedef char otel__frame_layout_check[!OTEL__WIDE || (offsetof(otel_span, ended) == 8 && offsetof(otel_span, ids) == 12 &&
                                                      offsetof(otel_span, wend) == offsetof(otel_span, wp) + 8 &&
                                                      offsetof(otel_span_context, tracestate) == offsetof(otel_span_context, flags) + 8 &&
                                                      offsetof(otel__r, key) == 8 && offsetof(otel__r, v) == 16)
                                      ? 1 : -1];
/* (otel__lit_slot masks an address to an entry's offset) */
typedef char otel__litcache_size_check[(sizeof(otel__litcache) & (sizeof(otel__litcache) - 1)) == 0 ? 1 : -1];

/* Every case: an explicit start time, a full arena, a shared slot, a
   tracestate to copy. */
static OTEL__NOINLINE otel_span *otel__begin_recording_general(otel_span *f, const otel_span_context *parent, uint64_t w,
                                                               const char *name, const otel_location *loc, uint64_t start_ns) {
    otel__tls *t = f->owner;
    if (!start_ns) start_ns = OTEL_CLOCK_NS();
    OTEL__STORE(&f->ended, 0u);
    uint32_t idx = 0;
    otel__rec *r = (otel__rec *)otel__blk_take(t, &idx);
    if (OTEL__UNLIKELY(!r)) {
        /* its ids made when asked for, as an unsampled span's: children
           and injection carry them all the same */
        OTEL__STORE(&f->ids, (w & OTEL__W_NEW_TRACE) ? (uint32_t)OTEL__IDS_ALL : (uint32_t)OTEL__IDS_SPAN);
        return otel__arena_full(f);
    }
    otel__rec_init(r, idx, f, w & ~OTEL__W_NEW_TRACE, name, loc, parent);   /* (status 0) */
    otel__ids_make(t, f, r, (w & OTEL__W_NEW_TRACE) != 0);
    otel__frame_cursor(f, r);   /* (first: appending the tracestate syncs it) */
    if (parent && parent->tracestate_len) otel__copy_tracestate(t, f, r, parent);
    if (r->cur != idx || r->blk.used != OTEL__ALIGN8(sizeof(otel__rec))) otel__cursor_place(r);
    otel__count(t, &t->slot->started);
    otel__stamp_set(&r->start, start_ns);
    return f;
}
/* The common case: a block in the magazine, a slot of the thread's own, no
   tracestate. Its parts are tail calls, each holding few enough values at
   once that nothing is saved on the stack (every push is a store, and a
   store costs two or three other instructions: bench/bench_clockwork.c):
   the header, then the ids and the frame, then (with the default clock)
   clock_gettime itself, writing the start time into the header. */
static OTEL__NOINLINE void otel__begin_ids(otel_span *f, otel__rec *r, int new_trace) {
    otel__tls *t = f->owner;
    otel__ids_make(t, f, r, new_trace);
    otel__frame_cursor(f, r);
    otel__prefetch_ahead(t);
    otel__stamp_now(&r->start);   /* (last: with the default clock, a tail call) */
}
static void otel__begin_refill(otel_span *f, const otel_span_context *parent, uint64_t w,
                               const char *name, const otel_location *loc);
OTEL__NOINLINE void otel__span_begin_recording(otel_span *f, const otel_span_context *parent, uint64_t w,
                                               const char *name, const otel_location *loc) {
    otel__tls *t = f->owner;
    uint32_t n = t->mag_count;
    if (OTEL__UNLIKELY(n == 0)) {
        otel__begin_refill(f, parent, w, name, loc);
        return;
    }
    if (OTEL__UNLIKELY(parent && parent->tracestate_len)) {   /* (the slot is the thread's own: inline_epoch) */
        otel__begin_recording_general(f, parent, w | (parent ? 0 : OTEL__W_NEW_TRACE), name, loc, 0);
        return;
    }
    uint32_t idx;
    otel__rec *r = (otel__rec *)otel__blk_take_nofetch(t, n, &idx);
    otel__rec_init(r, idx, f, w, name, loc, parent);
    OTEL__BUMP(&t->slot->started);   /* (t->slot read again: one value fewer held) */
    otel__begin_ids(f, r, parent == NULL);
}
/* the thread's magazine is empty: refilled from the shared stack, and
   back to the common case (a call apart, so that it holds no registers) */
static OTEL__NOINLINE void otel__begin_refill(otel_span *f, const otel_span_context *parent, uint64_t w,
                                             const char *name, const otel_location *loc) {
    otel__tls *t = f->owner;
    t->mag_count = otel__mag_pop(t->mag);
    if (t->mag_count) otel__span_begin_recording(f, parent, w, name, loc);
    else otel__begin_recording_general(f, parent, w | (parent ? 0 : OTEL__W_NEW_TRACE), name, loc, 0);   /* (the arena is full) */
}

/* A span's beginning under a user sampler or ID generator (otel_config):
   its trace id first (the parent's, or a new one), then the decision (the
   user's, or the built-in rule's), the tracestate the sampler set, and the
   span id. otel_span_begin_ex's arguments, for the sampler: */
static OTEL__TLS const otel_span_args *otel__begin_args;
static void otel__hooked_trace_id(otel__tls *t, uint8_t *out) {
    static const uint8_t zero[16] = {0};
    if (otel__g.trace_id_fn) {
        memset(out, 0, 16);
        otel__g.trace_id_fn(otel__g.id_user, out);
        if (memcmp(out, zero, 16) != 0) return;
        OTEL__WARN("trace_id_fn gave an all-zero trace id: the built-in generator's used");
    }
    otel__new_trace_id(t, out);
}
static void otel__hooked_span_id(otel__tls *t, uint8_t *out) {
    static const uint8_t zero[8] = {0};
    memset(out, 0, 8);
    otel__g.span_id_fn(otel__g.id_user, out);
    if (memcmp(out, zero, 8) != 0) return;
    OTEL__WARN("span_id_fn gave an all-zero span id: the built-in generator's used");
    otel__new_span_id(t, out);
}
/* the user sampler's decision: recorded (1: sampled too, 2: record only)
   or not (0); pc's tracestate the one it set (in ts), else the parent's */
static int otel__user_decision(const otel_span_context *parent, const uint8_t *trace_id, const char *name,
                               otel_span_kind kind, otel_span_context *pc, char *ts) {
    const otel_span_args *a = otel__begin_args;
    otel_sampling_params p;
    size_t plen = parent && parent->tracestate ? parent->tracestate_len : 0;
    if (plen > OTEL_SAMPLER_TRACESTATE_MAX) plen = 0;
    if (plen) memcpy(ts, parent->tracestate, plen);
    ts[plen] = 0;
    memset(&p, 0, sizeof p);
    p.name = name; p.kind = kind; p.parent = parent; p.trace_id = trace_id;
    if (a) { p.attrs = a->attrs; p.attr_count = a->attr_count; p.links = a->links; p.link_count = a->link_count; }
    p.tracestate = ts; p.tracestate_len = plen;
    int d = otel__g.sampler_fn(otel__g.sampler_user, &p);
    if (d != OTEL_SAMPLING_DROP && d != OTEL_SAMPLING_RECORD_ONLY && d != OTEL_SAMPLING_RECORD_AND_SAMPLE) {
        OTEL__WARN("sampler_fn returned %d, not an OTEL_SAMPLING_* decision: span '%.64s' dropped", d, name);
        d = OTEL_SAMPLING_DROP;
    }
    if (d == OTEL_SAMPLING_DROP) return 0;
    if (p.tracestate_len != plen || (plen && memcmp(ts, parent->tracestate, plen) != 0)) {
        if (p.tracestate_len <= OTEL_SAMPLER_TRACESTATE_MAX && otel_tracestate_validate(ts, p.tracestate_len) >= 0) {
            pc->tracestate = p.tracestate_len ? ts : NULL;
            pc->tracestate_len = (uint16_t)p.tracestate_len;
        } else {
            OTEL__WARN("sampler_fn set an invalid tracestate (span '%.64s'): the parent's kept", name);
        }
    }
    return d == OTEL_SAMPLING_RECORD_AND_SAMPLE ? 1 : 2;
}
static OTEL__NOINLINE otel_span *otel__begin_hooked(otel__tls *t, otel_span *f, const char *name, const otel_location *loc,
                                                    otel_span_kind kind, const otel_span_context *parent, uint64_t start_ns) {
    otel_span_context pc;
    char ts[OTEL_SAMPLER_TRACESTATE_MAX + 1];
    unsigned random;
    int d;
    memset(&pc, 0, sizeof pc);
    if (parent) {
        pc = *parent;
        memcpy(f->ctx.trace_id, parent->trace_id, 16);
        random = parent->flags & OTEL_FLAG_RANDOM;
    } else {
        otel__hooked_trace_id(t, f->ctx.trace_id);
        random = otel__g.trace_id_fn ? 0u : OTEL_FLAG_RANDOM;   /* (the user's ids are not known to be random) */
    }
    if (otel__g.sampler_fn) d = otel__user_decision(parent, f->ctx.trace_id, name, kind, &pc, ts);
    else if (parent && otel__g.builtin_parent_based) d = parent->flags & OTEL_FLAG_SAMPLED;
    else if (otel__g.builtin_root == OTEL_SAMPLER_TRACEIDRATIO) d = otel__ratio_keeps(f->ctx.trace_id);
    else if (otel__g.builtin_root == OTEL_SAMPLER_RATELIMITING) d = otel__rate_admits();
    else d = otel__g.builtin_root != OTEL_SAMPLER_ALWAYS_OFF;
    unsigned flags = random | (d == 1 ? OTEL_FLAG_SAMPLED : 0u);
    /* (the parent's tracestate, borrowed as an unsampled span's; a
       recording span's is copied into its record) */
    const otel_span_context *tsrc = d && pc.tracestate != ts ? &pc : parent;
    otel__ctx_tail(&f->ctx, flags, tsrc ? tsrc->tracestate_len : 0, tsrc ? tsrc->tracestate : NULL);
    if (!d) {
        uint32_t ids = OTEL__IDS_SPAN;
        if (otel__g.span_id_fn) { otel__hooked_span_id(t, f->ctx.span_id); ids = OTEL__IDS_READY; }
        return otel__frame_unsampled(t, f, ids);
    }
    f = otel__begin_recording_general(f, parent ? &pc : NULL,
                                      otel__small_word((int)kind, flags, parent != NULL, parent ? parent->remote : 0),
                                      name, loc, start_ns);
    otel__rec *r = (otel__rec *)f->rec;
    if (r && !parent && pc.tracestate_len) {   /* a new trace's tracestate, from the sampler */
        otel__copy_tracestate(t, f, r, &pc);
        otel__cursor_place(r);
    }
    if (otel__g.span_id_fn) {
        otel__hooked_span_id(t, f->ctx.span_id);
        if (r) memcpy(r->span_id, f->ctx.span_id, 8);
        else OTEL__STORE_REL(&f->ids, (uint32_t)OTEL__IDS_READY);
    }
    return f;
}

/* The front of a span's beginning, every case: the thread's state, the
   parent, the sampling decision. An unsampled span only fills a frame. */
static OTEL__NOINLINE otel_span *otel__begin(const char *name, const otel_location *loc, otel_span_kind kind,
                                    const otel_span_context *parent, int explicit_parent, uint64_t start_ns) {
    otel__tls *t = &otel__t;
    uint32_t live = OTEL__LOAD(&otel__hot.live);
    if (OTEL__UNLIKELY(t->epoch != live) && !otel__thread_enter(t)) return NULL;
    uint32_t d = t->depth;
    while (d && OTEL__LOAD_ACQ(&t->frames[d - 1].ended)) d--;   /* (released by the thread that ended it) */
    if (OTEL__UNLIKELY(d >= OTEL_MAX_DEPTH)) return otel__too_deep(t, d, name);
    if (!explicit_parent)
        parent = d ? otel__frame_ctx(&t->frames[d - 1]) : otel__hot.env_parent;
    else if (parent && !otel_span_context_is_valid(parent))
        parent = NULL;
    otel_span *f = &t->frames[d];
    t->depth = d + 1;
    OTEL__STORE(&f->ended, 0u);
    int sampled, new_trace = 0;
    if (parent) {
        if (otel__hot.parent_based) {
            if (OTEL__UNLIKELY(otel__hot.sampler_root == OTEL__SAMPLER_HOOKED))
                return otel__begin_hooked(t, f, name, loc, kind, parent, start_ns);
            sampled = (int)(parent->flags & OTEL_FLAG_SAMPLED);
        } else sampled = otel__sample_root(parent->trace_id);
        otel__frame_child_of(f, parent, sampled);
    } else {
        int rule = otel__hot.sampler_root;
        new_trace = 1;
        if (OTEL__LIKELY(rule == OTEL_SAMPLER_ALWAYS_ON)) sampled = 1;
        else if (rule == OTEL_SAMPLER_ALWAYS_OFF) sampled = 0;
        else if (OTEL__UNLIKELY(rule == OTEL__SAMPLER_HOOKED)) return otel__begin_hooked(t, f, name, loc, kind, NULL, start_ns);
        else if (rule != OTEL_SAMPLER_TRACEIDRATIO) sampled = otel__sample_root(NULL);
        else {   /* decided by the trace id */
            sampled = otel__sample_new_trace(t, f);
            new_trace = 0;
        }
        otel__frame_root(f, sampled);
    }
    if (OTEL__LIKELY(sampled))
        return otel__begin_recording_general(f, parent,
                                             otel__small_word((int)kind, f->ctx.flags, parent != NULL, parent ? parent->remote : 0) |
                                                 (new_trace ? OTEL__W_NEW_TRACE : 0),
                                             name, loc, start_ns);
    return otel__frame_unsampled(t, f, new_trace ? OTEL__IDS_ALL : OTEL__IDS_SPAN);
}

/* the baggage span processor (context propagation, below): when it is
   on, every span begins here (otel_init sends the inline begin here) */
static uint32_t otel__bsp_n;
static void otel__bsp_current(otel_span *s);
/* the processors' on_start callbacks (OTEL__UNLIKELY: none, and then the
   inline begin does not come here for them) */
static uint32_t otel__on_start_n;
static void otel__on_start(otel_span *s);
otel_span *otel__span_begin_general(const char *name, const otel_location *loc, otel_span_kind kind) {
    otel_span *s = otel__begin(name, loc, kind, NULL, 0, 0);
    if (OTEL__UNLIKELY(otel__bsp_n)) otel__bsp_current(s);
    if (OTEL__UNLIKELY(otel__on_start_n)) otel__on_start(s);
    return s;
}
/* A root span under traceidratio, from the inline begin (which has checked
   the thread: attached, its slot its own, no span open): the trace id
   first, then the decision. Most such spans are not sampled, and then this
   is all there is; a sampled one takes the general recording path, which
   keeps the trace id made here. */
otel_span *otel__span_begin_ratio_root(const char *name, const otel_location *loc, otel_span_kind kind) {
    otel__tls *t = &otel__t;
    otel_span *f = &t->frames[0];
    t->depth = 1;
    if (otel__sample_new_trace(t, f)) {
        otel__frame_root(f, 1);
        return otel__begin_recording_general(f, NULL, otel__small_word((int)kind, OTEL_FLAG_RANDOM | 1u, 0, 0), name, loc, 0);
    }
    otel__frame_root(f, 0);
    return otel__frame_unsampled_own(t, f, OTEL__IDS_SPAN);
}
otel_span *otel_span_begin_with_parent(const char *name, otel_span_kind kind, const otel_span_context *parent) {
    return otel_tracer_span_begin_with_parent(NULL, name, kind, parent);
}
otel_span *otel_tracer_span_begin_with_parent(otel_tracer tracer, const char *name, otel_span_kind kind,
                                              const otel_span_context *parent) {
    otel_span *s = otel__begin(name, (const otel_location *)(const void *)tracer, kind, parent, 1, 0);
    if (OTEL__UNLIKELY(otel__bsp_n)) otel__bsp_current(s);
    if (OTEL__UNLIKELY(otel__on_start_n)) otel__on_start(s);
    return s;
}
otel_span *otel_span_begin_ex(const otel_span_args *a) {
    if (OTEL__UNLIKELY(otel__g.sampler_fn != NULL)) otel__begin_args = a;
    otel_span *s = otel__begin(a->name ? a->name : (a->location ? a->location->name : ""),
                               a->location ? a->location : (const otel_location *)(const void *)a->tracer,
                               a->kind, a->parent, a->use_parent, a->start_ns);
    otel__begin_args = NULL;
    if (OTEL__UNLIKELY(otel__bsp_n)) otel__bsp_current(s);
    for (size_t i = 0; i < a->link_count; i++) otel_span_add_link(s, &a->links[i], NULL, 0);
    if (a->attr_count) otel_span_set_attrs(s, a->attrs, a->attr_count);
    if (OTEL__UNLIKELY(otel__on_start_n)) otel__on_start(s);
    return s;
}

OTEL__INLINE otel__rec *otel__live(const otel_span *s) {
    if (!s || !s->rec || s->owner->epoch != OTEL__LOAD(&otel__g.epoch) || OTEL__LOAD(&s->ended)) return NULL;
    return s->rec;
}

static int otel__same_key(const char *a, const char *b) { return a == b || (a[0] == b[0] && strcmp(a, b) == 0); }

/* the value length limit of a record's attributes: a log record's (rtype 2,
   OTEL__REC_LOG) or the span's */
static uint32_t otel__value_limit(const otel__rec *r) {
    return OTEL__RTYPE(r) == OTEL__REC_LOG ? otel__g.lim_log_value_len : otel__g.lim_value_len;
}
/* Writes one attribute record with filter, redaction and truncation.
   Returns 1 when written, 0 when dropped. */
static int otel__write_attr(otel__tls *t, otel__rec *r, uint8_t tag, const otel_attr *a, const otel__keycache *ki) {
    int redact = 0;
    uint32_t vmax = otel__value_limit(r);
    if (!a->key) return 0;
    if (otel__g.filter) {
        int f = otel__g.filter(otel__g.filter_user, a);
        if (f == OTEL_FILTER_DROP) return 0;
        redact = f == OTEL_FILTER_REDACT;
    }
    otel__r *x;
    otel_attr as_text;
    if (redact && a->type != OTEL_TYPE_STRING && a->type != OTEL_TYPE_STRING_ARRAY) {
        as_text = otel_attr_str(a->key, otel__redacted);   /* the filter asked: "[REDACTED]" whatever the type */
        a = &as_text;
    }
    if (a->type == OTEL_TYPE_STRING) {
        const char *v = a->v.str.ptr ? a->v.str.ptr : "";
        size_t n = a->v.str.len == (size_t)-1 ? strlen(v) : (a->v.str.ptr ? a->v.str.len : 0);
        if (!redact && otel__g.redact_mode != OTEL_REDACT_OFF &&
            (ki ? ki->verdict : otel__key_verdict(t, a->key)) == OTEL__KEY_REDACT)
            redact = 1;
        if (redact) { v = otel__redacted; n = sizeof otel__redacted - 1; OTEL__ADD(&otel__g.redacted, 1); }
        int hits = 0;
        size_t redacted_len = n;
        if (!redact && otel__g.redact_mode != OTEL_REDACT_OFF) redacted_len = otel__redact_copy(v, n, NULL, 0, &hits);
        if (OTEL__LIKELY(!hits)) {   /* nothing to replace: one exact copy */
            size_t len = n;
            if (len > vmax) { len = otel__utf8_cut(v, n, vmax); OTEL__ADD(&otel__g.truncated, 1); }
            x = (otel__r *)otel__append(t, r, sizeof(otel__r) + len + 1);
            if (!x) return 0;
            memcpy(x + 1, v, len);
            ((char *)(x + 1))[len] = 0;
            x->size = (uint16_t)OTEL__ALIGN8(sizeof(otel__r) + len + 1);
            x->aux = (uint32_t)len;
            x->tag = tag;
            x->vtype = OTEL_TYPE_STRING;
            x->key = a->key;
            return 1;
        }
        size_t cap = redacted_len < vmax ? redacted_len : vmax;
        x = (otel__r *)otel__append(t, r, sizeof(otel__r) + cap + 1);
        if (!x) return 0;
        char *out = (char *)(x + 1);
        size_t len = otel__copy_redacted(v, n, out, cap, !redact && otel__g.redact_mode != OTEL_REDACT_OFF);
        out[len] = 0;
        /* give back what the record did not use: it is the last thing in its block */
        size_t want = OTEL__ALIGN8(sizeof(otel__r) + len + 1), got = OTEL__ALIGN8(sizeof(otel__r) + cap + 1);
        otel__give_back(r, (uint32_t)(got - want));
        x->size = (uint16_t)want;
        x->aux = (uint32_t)len;
    } else if (a->type == OTEL_TYPE_STRING_ARRAY) {
        if (!redact && otel__g.redact_mode != OTEL_REDACT_OFF && otel__key_verdict(t, a->key) == OTEL__KEY_REDACT)
            redact = 1;
        size_t cap = OTEL__MAX_STR;
        x = (otel__r *)otel__append(t, r, sizeof(otel__r) + cap);
        if (!x) return 0;
        char *out = (char *)(x + 1);
        size_t o = 0, count = 0;
        for (size_t i = 0; a->v.strs.items && i < a->v.strs.count; i++) {   /* (OTEL_ATTR_STR_ARRAY may pass NULL) */
            const char *v = a->v.strs.items[i] ? a->v.strs.items[i] : "";
            size_t n = strlen(v);
            if (redact) { v = otel__redacted; n = sizeof otel__redacted - 1; OTEL__ADD(&otel__g.redacted, 1); }
            if (o + 4 + 1 >= cap) { OTEL__ADD(&otel__g.truncated, 1); break; }
            size_t room = cap - o - 5, lim = vmax < room ? vmax : room;
            char *dst = out + o + 4;
            uint32_t len = (uint32_t)otel__copy_redacted(v, n, dst, lim, !redact && otel__g.redact_mode != OTEL_REDACT_OFF);
            memcpy(out + o, &len, 4);
            dst[len] = 0;
            o += 4 + len + 1;
            count++;
        }
        size_t want = OTEL__ALIGN8(sizeof(otel__r) + o), got = OTEL__ALIGN8(sizeof(otel__r) + cap);
        otel__give_back(r, (uint32_t)(got - want));
        x->size = (uint16_t)want;
        x->aux = (uint32_t)count;
    } else if (a->type == OTEL_TYPE_INT_ARRAY || a->type == OTEL_TYPE_DOUBLE_ARRAY || a->type == OTEL_TYPE_BOOL_ARRAY) {
        /* whole or not at all: an array that does not fit in a block is dropped (counted by the caller) */
        size_t es = a->type == OTEL_TYPE_BOOL_ARRAY ? sizeof(int) : 8, count = a->v.ints.items ? a->v.ints.count : 0;
        if (count > OTEL__MAX_STR / es) return 0;
        x = (otel__r *)otel__append(t, r, sizeof(otel__r) + count * es);
        if (!x) return 0;
        if (a->type == OTEL_TYPE_BOOL_ARRAY) {
            int *out = (int *)(void *)(x + 1);
            for (size_t i = 0; i < count; i++) out[i] = a->v.bools.items[i] != 0;
        } else if (count) {
            memcpy(x + 1, a->v.ints.items, count * es);
        }
        x->size = (uint16_t)OTEL__ALIGN8(sizeof(otel__r) + count * es);
        x->aux = (uint32_t)count;
    } else {
        x = (otel__r *)otel__append(t, r, sizeof(otel__r));
        if (!x) return 0;
        x->size = (uint16_t)sizeof(otel__r);
        x->aux = 0;
        if (a->type == OTEL_TYPE_DOUBLE) x->v.d = a->v.d;
        else if (a->type == OTEL_TYPE_BOOL) x->v.i = a->v.b ? 1 : 0;
        else x->v.i = a->v.i;
    }
    x->tag = tag;
    x->vtype = (uint8_t)a->type;
    x->key = a->key;
    return 1;
}

/* Was some key set twice on this span? Spans record attributes by
   appending them, without looking back, so this is found out when first
   asked (a reader, or the attribute limit): a bit per key text, by its
   hash. The walk also counts the attribute records: a span's end leaves
   n_attrs short of those its inline calls stored. Both answers are kept in
   the header. */
enum { OTEL__DUPS_UNKNOWN = 0, OTEL__DUPS_NONE, OTEL__DUPS_MAYBE };
/* a hash of a key's text: from this thread's key cache when it is attached
   (the consumer's, as a rule), else computed */
static uint64_t otel__key_text_hash(const char *key) {
    otel__tls *t = &otel__t;
    if (OTEL__LIKELY(t->epoch == OTEL__LOAD(&otel__g.epoch))) return otel__key_info(t, key)->text_hash;
    return otel__hash_bytes(key, strlen(key), 0x6b6579u);
}
static int otel__maybe_dups(const otel__rec *r) {
    uint32_t st = OTEL__LOAD_ACQ(&r->dups);
    if (OTEL__LIKELY(st != OTEL__DUPS_UNKNOWN)) return st == OTEL__DUPS_MAYBE;
    uint64_t seen = 0;
    uint32_t n = 0;
    st = OTEL__DUPS_NONE;
    otel_iter it = {NULL, 0};
    for (otel__r *x; (x = otel__rec_next(r, &it));) {
        if (x->tag != OTEL__R_ATTR) continue;
        n++;
        uint64_t bit = 1ull << (otel__key_text_hash(x->key) & 63u);
        if (seen & bit) st = OTEL__DUPS_MAYBE;
        seen |= bit;
    }
    /* (readers of one record may ask from different threads: the same answers) */
    otel__rec *w = (otel__rec *)(uintptr_t)r;
    OTEL__STORE(&w->n_attrs, n);
    OTEL__STORE_REL(&w->dups, st);
    return st == OTEL__DUPS_MAYBE;
}

/* an attribute set again later on the same span is replaced by the later one */
static int otel__superseded(const otel__rec *r, const otel_iter *at, const otel__r *x) {
    if (!otel__maybe_dups(r)) return 0;
    otel_iter it = *at;
    for (otel__r *y; (y = otel__rec_next(r, &it));)
        if (y->tag == OTEL__R_ATTR && otel__same_key(y->key, x->key)) return 1;
    return 0;
}

/* Setting a key again replaces its value, as the specification asks. The
   hot path only appends; readers skip a record whose key is set again later
   (otel_span_data_next). Only at the count limit is the list searched, so a
   replacement is still accepted there. */
static int otel__replace_at_limit(otel__rec *r, const char *key, uint32_t limit) {
    otel_iter it = {NULL, 0};
    for (otel__r *x; (x = otel__rec_next(r, &it));)
        if (x->tag == OTEL__R_ATTR && otel__same_key(x->key, key)) { x->tag = OTEL__R_DEAD; r->n_attrs--; return 1; }
    /* a new key: make room by retiring values that were replaced since */
    it.blk = NULL; it.off = 0;
    for (otel__r *x; (x = otel__rec_next(r, &it));)
        if (x->tag == OTEL__R_ATTR && otel__superseded(r, &it, x)) { x->tag = OTEL__R_DEAD; r->n_attrs--; }
    return r->n_attrs < limit;
}
static void otel__set_attr_lim(otel__rec *r, const otel_attr *a, uint32_t limit) {
    otel__tls *t = otel__thread();
    const otel__keycache *ki = a->key ? otel__key_info(t, a->key) : NULL;
    otel__cursor_sync(r);   /* n_attrs and the records, with those stored inline */
    if (OTEL__UNLIKELY(r->n_attrs >= limit)) {
        int made_room = otel__replace_at_limit(r, a->key, limit);
        /* (that asked whether keys repeat: more may be written after it) */
        OTEL__STORE(&r->dups, (uint32_t)OTEL__DUPS_UNKNOWN);
        if (!made_room) {
            r->d_attrs++;
            OTEL__ADD(&otel__g.attrs_dropped, 1);
            return;
        }
    }
    if (!otel__write_attr(t, r, OTEL__R_ATTR, a, ki)) {
        r->d_attrs++;
        OTEL__ADD(&otel__g.attrs_dropped, 1);
        return;
    }
    r->n_attrs++;
}
static void otel__set_attr_live(otel__rec *r, const otel_attr *a) { otel__set_attr_lim(r, a, otel__g.lim_span_attrs); }
static void otel__set_attr(otel_span *s, const otel_attr *a) {
    otel__rec *r = otel__live(s);
    if (r) otel__set_attr_live(r, a);
}

otel_attr otel_attr_str(const char *key, const char *value) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_STRING; a.v.str.ptr = value; a.v.str.len = (size_t)-1;
    return a;
}
otel_attr otel_attr_int(const char *key, int64_t value) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_INT; a.v.i = value;
    return a;
}
otel_attr otel_attr_double(const char *key, double value) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_DOUBLE; a.v.d = value;
    return a;
}
otel_attr otel_attr_bool(const char *key, int value) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_BOOL; a.v.b = value != 0;
    return a;
}
otel_attr otel_attr_str_array(const char *key, const char *const *values, size_t n) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_STRING_ARRAY; a.v.strs.items = values; a.v.strs.count = values ? n : 0;
    return a;
}
otel_attr otel_attr_int_array(const char *key, const int64_t *values, size_t n) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_INT_ARRAY; a.v.ints.items = values; a.v.ints.count = values ? n : 0;
    return a;
}
otel_attr otel_attr_double_array(const char *key, const double *values, size_t n) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_DOUBLE_ARRAY; a.v.doubles.items = values; a.v.doubles.count = values ? n : 0;
    return a;
}
otel_attr otel_attr_bool_array(const char *key, const int *values, size_t n) {
    otel_attr a; memset(&a, 0, sizeof a);
    a.key = key; a.type = OTEL_TYPE_BOOL_ARRAY; a.v.bools.items = values; a.v.bools.count = values ? n : 0;
    return a;
}

/* ---- what the inline attribute calls leave to a call ----
   (see "Attributes" in the header: a scalar or a checked literal is stored
   at the call site.) A text value is copied at the write cursor here when
   its key needs no redaction and the copy cannot hold a secret and needs no
   cut; anything else goes the general way above, which stores the same. */
static OTEL__NOINLINE void otel__set_scalar_general(otel_span *s, const char *key, uint8_t vtype, uint64_t bits) {
    otel__rec *r = otel__live(s);
    if (!r) return;
    double d;
    memcpy(&d, &bits, 8);
    otel_attr a = vtype == OTEL_TYPE_DOUBLE ? otel_attr_double(key, d)
                : vtype == OTEL_TYPE_BOOL   ? otel_attr_bool(key, bits != 0)
                                            : otel_attr_int(key, (int64_t)bits);
    otel__set_attr_live(r, &a);
}

/* Could text[0..n) hold a secret the value patterns replace? Looks for the
   pairs a secret starts with ("sk", "be", "ba" case-folded, ":/") and '=',
   16 bytes at a time (7 without SSE2). text must be readable and zero from
   n up to OTEL__SCAN_PAD(n) bytes (otel__set_text pads its copy so). May
   say yes wrongly (the general path then decides), never no wrongly. */
#define OTEL__SCAN_PAD(n) (((n) + 16u) / 16u * 16u + 16u)
OTEL__INLINE int otel__text_may_hold_secret(const char *text, size_t n) {
#if defined(__SSE2__)
    const __m128i fold = _mm_set1_epi8(0x20);   /* letters case-folded; ':' '/' '=' keep their value */
    const __m128i s = _mm_set1_epi8('s'), k = _mm_set1_epi8('k'), b = _mm_set1_epi8('b'), e = _mm_set1_epi8('e');
    const __m128i a = _mm_set1_epi8('a'), colon = _mm_set1_epi8(':'), slash = _mm_set1_epi8('/'), eq = _mm_set1_epi8('=');
    for (size_t i = 0; i <= n; i += 16) {
        __m128i w = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(text + i)), fold);
        __m128i after = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(text + i + 1)), fold);
        __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(w, s), _mm_cmpeq_epi8(after, k)),
                         _mm_and_si128(_mm_cmpeq_epi8(w, b), _mm_or_si128(_mm_cmpeq_epi8(after, e), _mm_cmpeq_epi8(after, a)))),
            _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(w, colon), _mm_cmpeq_epi8(after, slash)), _mm_cmpeq_epi8(w, eq)));
        if (_mm_movemask_epi8(hit)) return 1;
    }
    return 0;
#else
    for (size_t i = 0; i <= n; i += 7)   /* each step tests the pairs starting in text[i..i+6] */
        if (otel__word_may_trigger(text + i)) return 1;
    return 0;
#endif
}
/* copies n bytes; short texts (most attribute values) without a call */
OTEL__INLINE void otel__copy_text(char *dst, const char *src, size_t n) {
    if (n > 16) { memcpy(dst, src, n); return; }
    if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, src, 8); memcpy(&b, src + n - 8, 8);
        memcpy(dst, &a, 8); memcpy(dst + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, src, 4); memcpy(&b, src + n - 4, 4);
        memcpy(dst, &a, 4); memcpy(dst + n - 4, &b, 4);
    } else {
        for (size_t i = 0; i < n; i++) dst[i] = src[i];
    }
}
static OTEL__NOINLINE void otel__set_text_general(otel_span *s, const char *key, const char *v, size_t n) {
    otel__rec *r = otel__live(s);
    if (!r) return;
    otel_attr a = otel_attr_str(key, v);
    a.v.str.len = n;
    otel__set_attr_live(r, &a);
}
/* (this thread's key cache: attached to the span's epoch, as the span) */
OTEL__INLINE otel__tls *otel__cursor_thread(const otel_span *s) {
    otel__tls *t = &otel__t;
    return OTEL__LIKELY(otel__attr_inline_ok(s) && t->epoch == s->owner->epoch) ? t : NULL;
}
OTEL__INLINE void otel__set_text(otel_span *s, const char *key, const char *v, size_t n) {
    otel__tls *t = otel__cursor_thread(s);
    /* room for the record and for the scan's zero padding after it, which
       is scratch space in the same block */
    if (OTEL__LIKELY(t && key && n <= otel__g.lim_value_len && otel__room(s) >= sizeof(otel__r) + OTEL__SCAN_PAD(n)) &&
        otel__key_info(t, key)->text_as_is) {
        otel__r *x = (otel__r *)(void *)s->wp;
        char *text = (char *)(x + 1);
        memset(text + OTEL__SCAN_PAD(n) - 32, 0, 32);
        otel__copy_text(text, v, n);
        if (otel__g.redact_mode == OTEL_REDACT_OFF || !otel__text_may_hold_secret(text, n)) {
            otel__attr_cursor_put(s, key, OTEL_TYPE_STRING, (uint32_t)OTEL__ALIGN8(sizeof(otel__r) + n + 1), (uint32_t)n, 0);
            return;
        }
    }
    otel__set_text_general(s, key, v, n);
}

void otel__span_set_str(otel_span *s, const char *key, const char *value) {
    if (!s || !s->rec) return;
    if (!value) value = "";
    otel__set_text(s, key, value, strlen(value));
}
void otel__span_set_strn(otel_span *s, const char *key, const char *value, size_t len) {
    if (!s || !s->rec) return;
    otel__set_text(s, key, value ? value : "", value ? len : 0);
}
/* A literal value under a literal key, the first time on this thread (or
   after its cache entry was taken): the key's verdict, the exact value
   patterns and the length limit (all fixed while the SDK runs, like the
   cache). A pair that needs nothing replaced or cut is then recorded by
   address, at the call site from then on. */
static int otel__literal_learn(otel__tls *t, const char *key, const char *v, size_t n) {
    int hits = 0;
    if (!otel__key_info(t, key)->text_as_is || n > otel__g.lim_value_len) return 0;   /* redacted, or cut: a copy */
    if (otel__g.redact_mode != OTEL_REDACT_OFF) otel__redact_copy(v, n, NULL, 0, &hits);
    if (hits) return 0;
    otel__litcache *c = otel__lit_slot(t, key, v);
    c->key = key; c->val = v;
    return 1;
}
void otel__span_set_literal(otel_span *s, const char *key, const char *v, size_t n) {
    if (!s || !s->rec) return;
    if (!v) { v = ""; n = 0; }   /* NULL is a constant too */
    otel__tls *t = otel__cursor_thread(s);
    if (t && key && otel__literal_learn(t, key, v, n)) {
        otel__attr_inline_put(s, key, OTEL__VT_LITERAL, (uint32_t)n, (uint64_t)(uintptr_t)v);
        return;
    }
    otel__set_text_general(s, key, v, n);
}
void otel__span_set_int(otel_span *s, const char *key, int64_t value) {
    otel__set_scalar_general(s, key, OTEL_TYPE_INT, (uint64_t)value);
}
void otel__span_set_double(otel_span *s, const char *key, double value) {
    uint64_t bits;
    memcpy(&bits, &value, 8);
    otel__set_scalar_general(s, key, OTEL_TYPE_DOUBLE, bits);
}
void otel__span_set_bool(otel_span *s, const char *key, int value) {
    otel__set_scalar_general(s, key, OTEL_TYPE_BOOL, value != 0);
}
void otel_span_set_str_array(otel_span *s, const char *key, const char *const *values, size_t n) {
    if (!otel__live(s)) return;
    otel_attr a = otel_attr_str_array(key, values, n);
    otel__set_attr(s, &a);
}
void otel_span_set_int_array(otel_span *s, const char *key, const int64_t *values, size_t n) {
    if (otel__live(s)) { otel_attr a = otel_attr_int_array(key, values, n); otel__set_attr(s, &a); }
}
void otel_span_set_double_array(otel_span *s, const char *key, const double *values, size_t n) {
    if (otel__live(s)) { otel_attr a = otel_attr_double_array(key, values, n); otel__set_attr(s, &a); }
}
void otel_span_set_bool_array(otel_span *s, const char *key, const int *values, size_t n) {
    if (otel__live(s)) { otel_attr a = otel_attr_bool_array(key, values, n); otel__set_attr(s, &a); }
}
void otel_span_set_attrs(otel_span *s, const otel_attr *attrs, size_t n) {
    for (size_t i = 0; i < n && otel__live(s); i++) otel__set_attr(s, &attrs[i]);
}
void otel_span_set_name(otel_span *s, const char *name) {
    otel__rec *r = otel__live(s);
    if (!r || !name) return;
    otel__r *x = otel__append_text(otel__thread(), r, name, strlen(name));
    if (x) { r->name = (const char *)(x + 1); r->name_len = x->aux; }
}

/* writes up to `limit` attributes after an event or link record */
static uint32_t otel__write_attr_list(otel__tls *t, otel__rec *r, uint8_t tag, const otel_attr *attrs,
                                      size_t n, uint32_t limit) {
    uint32_t kept = 0, dropped = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept < limit && otel__write_attr(t, r, tag, &attrs[i], NULL)) kept++;
        else dropped++;
    }
    if (dropped) OTEL__ADD(&otel__g.attrs_dropped, dropped);
    if (kept > 0xffff) kept = 0xffff;
    if (dropped > 0xffff) dropped = 0xffff;
    return kept | dropped << 16;
}

void otel_span_add_event_at(otel_span *s, const char *name, uint64_t time_ns, const otel_attr *attrs, size_t n) {
    otel__rec *r = otel__live(s);
    if (!r) return;
    otel__tls *t = otel__thread();
    otel__r *e = r->n_events < otel__g.lim_events ? (otel__r *)otel__append(t, r, sizeof(otel__r)) : NULL;
    if (!e) { r->d_events++; OTEL__ADD(&otel__g.events_dropped, 1); return; }
    e->tag = OTEL__R_EVENT; e->vtype = 0; e->size = sizeof(otel__r);
    e->key = name ? name : "";
    e->v.u = time_ns ? time_ns : OTEL_CLOCK_NS();
    e->aux = 0;
    r->n_events++;
    if (attrs && n) e->aux = otel__write_attr_list(t, r, OTEL__R_EVENT_ATTR, attrs, n, otel__g.lim_event_attrs);
}
void otel_span_add_event(otel_span *s, const char *name, const otel_attr *attrs, size_t n) {
    otel_span_add_event_at(s, name, 0, attrs, n);
}

void otel_span_add_link(otel_span *s, const otel_span_context *ctx, const otel_attr *attrs, size_t n) {
    otel__rec *r = otel__live(s);
    if (!r || !ctx || !otel_span_context_is_valid(ctx)) return;
    otel__tls *t = otel__thread();
    size_t tsn = ctx->tracestate ? ctx->tracestate_len : 0;
    if (tsn > 512) tsn = 0;
    otel__r_link *l = r->n_links < otel__g.lim_links
        ? (otel__r_link *)otel__append(t, r, sizeof(otel__r_link) + tsn + 1) : NULL;
    if (!l) { r->d_links++; OTEL__ADD(&otel__g.links_dropped, 1); return; }
    l->h.tag = OTEL__R_LINK; l->h.vtype = 0;
    l->h.size = (uint16_t)OTEL__ALIGN8(sizeof(otel__r_link) + tsn + 1);
    l->h.key = NULL; l->h.v.u = tsn; l->h.aux = 0;
    memcpy(l->trace_id, ctx->trace_id, 16);
    memcpy(l->span_id, ctx->span_id, 8);
    l->flags = ctx->flags;
    if (tsn) memcpy(l + 1, ctx->tracestate, tsn);
    ((char *)(l + 1))[tsn] = 0;
    r->n_links++;
    if (attrs && n) l->h.aux = otel__write_attr_list(t, r, OTEL__R_LINK_ATTR, attrs, n, otel__g.lim_link_attrs);
}

/* copies text with value-pattern redaction and the value length limit */
static otel__r *otel__append_redacted(otel__tls *t, otel__rec *r, const char *s, size_t n) {
    char tmp[OTEL_BLOCK_SIZE];
    size_t full = otel__copy_redacted(s, n, tmp, sizeof tmp - 1, otel__g.redact_mode != OTEL_REDACT_OFF);
    if (full > otel__g.lim_value_len) { full = otel__utf8_cut(tmp, full, otel__g.lim_value_len); OTEL__ADD(&otel__g.truncated, 1); }
    return otel__append_text(t, r, tmp, full);
}

void otel_span_set_status(otel_span *s, otel_status_code code, const char *description) {
    otel__rec *r = otel__live(s);
    if (!r || code == OTEL_STATUS_UNSET || r->status == OTEL_STATUS_OK) return; /* Ok is final */
    r->status = (uint8_t)code;
    r->status_msg = NULL; r->status_len = 0;
    if (code == OTEL_STATUS_ERROR && description && *description) {
        /* a description can carry a secret as easily as an attribute */
        otel__r *x = otel__append_redacted(otel__thread(), r, description, strlen(description));
        if (x) { r->status_msg = (const char *)(x + 1); r->status_len = x->aux; }
    }
}

void otel_span_record_error(otel_span *s, const char *type, const char *message) {
    if (!otel__live(s)) return;
    otel_attr a[2];
    size_t n = 0;
    if (type) a[n++] = otel_attr_str("exception.type", type);
    if (message) a[n++] = otel_attr_str("exception.message", message);
    otel_span_add_event(s, "exception", a, n);
    otel_span_set_status(s, OTEL_STATUS_ERROR, message ? message : type);
}
void otel_span_record_exception(otel_span *s, const char *type, const char *message, const char *stacktrace,
                                const otel_attr *attrs, size_t n) {
    if (!otel__live(s)) return;
    otel_attr a[3 + 16];   /* the extra attributes after the first 16 are dropped and counted */
    size_t k = 0, extra = attrs ? (n < 16 ? n : 16) : 0;
    if (type) a[k++] = otel_attr_str("exception.type", type);
    if (message) a[k++] = otel_attr_str("exception.message", message);
    if (stacktrace) a[k++] = otel_attr_str("exception.stacktrace", stacktrace);
    if (extra) memcpy(a + k, attrs, extra * sizeof *attrs);
    k += extra;
    if (attrs && n > extra) OTEL__ADD(&otel__g.attrs_dropped, (uint64_t)(n - extra));
    otel_span_add_event(s, "exception", a, k);
    otel_span_set_status(s, OTEL_STATUS_ERROR, message ? message : type);
}

int otel_span_is_recording(const otel_span *s) { return otel__live(s) != NULL; }

/* Ends a span. On its own thread (the common case) it is popped at once;
   one ended from another thread is popped by its own at its next begin. */
OTEL__INLINE void otel__pop_ended(otel__tls *t) {
    uint32_t d = t->depth;
    while (d && OTEL__LOAD_ACQ(&t->frames[d - 1].ended)) d--;   /* (released by the thread that ended it) */
    t->depth = d;
}
/* The recorded half of an end: the block's end, with what the inline
   calls stored (n_attrs is left short of those: readers count,
   otel__maybe_dups), and the hand-off to the consumer. Returns whether to
   wake the consumer. */
OTEL__INLINE int otel__end_publish(otel_span *s, otel__rec *r, otel__tls *me) {
    otel__blk *b = otel__block(r->cur);
    b->used = (uint32_t)(s->wp - (unsigned char *)b);
    /* (r->frame and the cursor are left: nothing writes to an ended span,
       its rec is NULL) */
    return otel__publish(me, r, 0);
}
/* a span ended on another thread than its own: this one publishes it, its
   own pops it at its next begin. The ended mark goes last, with release:
   the owner reuses the frame once it sees it. */
static OTEL__NOINLINE void otel__end_foreign(otel_span *s, otel__rec *r) {
    int wake = otel__end_publish(s, r, otel__thread());
    s->rec = NULL;
    OTEL__STORE_REL(&s->ended, 1u);
    if (wake) otel_wake();
}
/* the rest of a recorded span's end, its end time stored (readers see at
   least the start: otel_span_data_info) */
OTEL__INLINE void otel__end_recorded(otel_span *s, otel__rec *r) {
    otel__tls *t = s->owner;
    if (OTEL__UNLIKELY(t != &otel__t)) { otel__end_foreign(s, r); return; }
    int wake = otel__end_publish(s, r, t);
    /* rec NULL (the inline tests now skip it) and the ended mark: on its
       own thread nobody else waits on them, so on x86-64 they go as one
       store (the ids stay ready); one by one elsewhere and for
       ThreadSanitizer */
#if OTEL__WIDE && defined(__x86_64__) && !OTEL__TSAN
    otel__store2(s, 0, 1u);
#else
    s->rec = NULL;
    OTEL__STORE_REL(&s->ended, 1u);
#endif
    uint32_t d = t->depth;
    /* the top frame, as a rule; frames under it that other threads ended
       are popped by the next begin */
    if (OTEL__LIKELY(s->level == d)) t->depth = d - 1;
    else otel__pop_ended(t);
    if (OTEL__UNLIKELY(wake)) otel_wake();   /* last: a tail call */
}
/* a span of the running SDK, not ended yet */
OTEL__INLINE int otel__end_ok(const otel_span *s) {
    return s->owner->epoch == OTEL__LOAD(&otel__g.epoch) && !OTEL__LOAD(&s->ended);
}
OTEL__INLINE void otel__end(otel_span *s, uint64_t end_ns) {
    if (OTEL__UNLIKELY(!s || !otel__end_ok(s))) return;
    otel__tls *t = s->owner;
    otel__rec *r = s->rec;
    if (r) {
        if (end_ns) otel__stamp_set(&r->end, end_ns);
        else otel__stamp_now(&r->end);
        otel__end_recorded(s, r);
        return;
    }
    OTEL__STORE_REL(&s->ended, 1u);
    if (OTEL__LIKELY(t == &otel__t)) otel__pop_ended(t);
}
void otel_span_end_at(otel_span *s, uint64_t end_ns) { otel__end(s, end_ns); }
void otel__span_end_general(otel_span *s) { otel__end(s, 0); }
static OTEL__NOINLINE void otel__end_other(otel_span *s) { otel__end(s, 0); }
/* The inline end found a record. The clock writes the end time into the
   header; then the record is read again rather than held across the call,
   so that only s is kept in a saved register. (It can only have changed if
   another thread ended the span at the same time, which the API does not
   allow; the test just keeps that case from following a NULL.) */
void otel__span_end_recording(otel_span *s) {
    otel__rec *r = s->rec;
    /* (a frame that still records is not ended: the end clears rec) */
    if (OTEL__UNLIKELY(r == NULL || s->owner->epoch != OTEL__LOAD(&otel__g.epoch))) {
        otel__end_other(s);   /* (a tail call: no registers held for it) */
        return;
    }
    otel__stamp_now(&r->end);
    r = s->rec;
    if (OTEL__LIKELY(r != NULL)) otel__end_recorded(s, r);
}
void otel__scope_end(otel_span **s) { otel_span_end(*s); }

otel_span_context otel_span_get_context(const otel_span *s) {
    otel_span_context c;
    if (s) return *otel__frame_ctx(s);
    memset(&c, 0, sizeof c);
    return c;
}
otel_span *otel_current_span(void) {
    if (!OTEL__LOAD(&otel__g.enabled)) return NULL;
    otel__tls *t = otel__thread();
    for (uint32_t d = t->depth; d > 0; d--)
        if (!OTEL__LOAD(&t->frames[d - 1].ended)) return &t->frames[d - 1];
    return NULL;
}
otel_span_context otel_current_context(void) {
    otel_span *s = otel_current_span();
    if (s) return *otel__frame_ctx(s);
    if (OTEL__LOAD(&otel__g.enabled) && otel__g.has_env_parent) return otel__g.env_parent;
    return otel_span_get_context(NULL);
}
int otel_span_context_is_valid(const otel_span_context *c) {
    return c && !otel__all_zero(c->trace_id, 16) && !otel__all_zero(c->span_id, 8);
}

/* >> impl: context values, the baggage span processor, propagators, the environment carrier */
/* ---- Context ----------------------------------------------------------- */
/* The context attached last on a thread (borrowed until detached): its
   baggage is the current one, and its values; with none attached, the
   process's baggage (BAGGAGE, read by otel_init). A context's span,
   attached, is a frame of the thread's span stack that records nothing:
   spans begun under it are its children, on the inline path as under any
   span. */
static otel_context otel__ctx_none;   /* (attached for "nothing"; never written) */
static otel_baggage otel__bag_env;
static OTEL__TLS struct {
    const otel_context *ctx;   /* attached (NULL: none) */
    uint32_t seq;              /* contexts attached and not detached */
} otel__ctx_tls;

static const otel_baggage *otel__bag_current(void) {
    const otel_context *c = otel__ctx_tls.ctx;
    const otel_baggage *b = c ? c->baggage : &otel__bag_env;
    return b && b->count ? b : NULL;
}
otel_context otel_context_current(void) {
    otel_context c = otel__ctx_tls.ctx ? *otel__ctx_tls.ctx : otel__ctx_none;
    c.span = otel_current_context();
    c.baggage = otel__bag_current();
    return c;
}
static uint32_t otel__ctx_keys;
int otel_context_key_create(const char *name) {
    (void)name;
    if (otel__ctx_keys >= OTEL_CONTEXT_MAX_VALUES) return OTEL_ERR_FULL;
    return (int)++otel__ctx_keys;
}
otel_context otel_context_set_value(const otel_context *ctx, int key, const void *value) {
    otel_context c = ctx ? *ctx : otel__ctx_none;
    if (key >= 1 && key <= OTEL_CONTEXT_MAX_VALUES) c.values[key - 1] = value;
    return c;
}
const void *otel_context_get_value(const otel_context *ctx, int key) {
    return ctx && key >= 1 && key <= OTEL_CONTEXT_MAX_VALUES ? ctx->values[key - 1] : NULL;
}
otel_context_token otel_context_attach(const otel_context *ctx) {
    otel_context_token tok;
    tok.prev = otel__ctx_tls.ctx; tok.level = 0; tok.seq = ++otel__ctx_tls.seq;
    otel__ctx_tls.ctx = ctx ? ctx : &otel__ctx_none;
    uint64_t t0, t1, sid;   /* (the ids are valid: not all zero) */
    if (!ctx) return tok;
    memcpy(&t0, ctx->span.trace_id, 8); memcpy(&t1, ctx->span.trace_id + 8, 8); memcpy(&sid, ctx->span.span_id, 8);
    otel__tls *t = &otel__t;
    /* (live is the epoch while enabled, never a thread's epoch otherwise) */
    if ((t0 | t1) && sid && (OTEL__LIKELY(t->epoch == OTEL__LOAD(&otel__hot.live)) || otel__thread_enter(t))) {
        uint32_t d = t->depth;
        while (d && OTEL__LOAD_ACQ(&t->frames[d - 1].ended)) d--;   /* (ended by another thread) */
        if (OTEL__UNLIKELY(d >= OTEL_MAX_DEPTH)) {
            OTEL__WARN("context not attached: more than %d nested spans on one thread", OTEL_MAX_DEPTH);
            return tok;
        }
        otel_span *f = &t->frames[d];
        f->ctx = ctx->span;
        otel__frame_head(f, NULL, OTEL__IDS_READY);
        t->depth = d + 1;
        tok.level = d + 1;
    }
    return tok;
}
OTEL__COLD static int otel__detach_order(void) {
    OTEL__WARN("context detached out of order: spans or contexts begun after it are still open");
    return OTEL_ERR_INVALID;
}
int otel_context_detach(otel_context_token tok) {
    if (!tok.seq) return OTEL_ERR_INVALID;
    int in_order = otel__ctx_tls.seq == tok.seq;
    otel__ctx_tls.seq = tok.seq - 1;
    otel__ctx_tls.ctx = tok.prev;
    if (!tok.level) return in_order ? OTEL_OK : otel__detach_order();
    otel__tls *t = &otel__t;
    uint32_t d = t->depth;
    if (t->epoch != OTEL__LOAD(&otel__g.epoch) || tok.level > d) return OTEL_OK;   /* (an init since: nothing left) */
    OTEL__STORE(&t->frames[tok.level - 1].ended, 1u);
    if (OTEL__LIKELY(d == tok.level && in_order)) { t->depth = d - 1; return OTEL_OK; }
    while (d > tok.level && OTEL__LOAD_ACQ(&t->frames[d - 1].ended)) d--;
    if (d == tok.level) { t->depth = d - 1; return in_order ? OTEL_OK : otel__detach_order(); }
    return otel__detach_order();
}

/* the baggage span processor: configured keys, copied here (they are the
   attribute keys, which must outlive the spans) */
#define OTEL__BSP_MAX 16
static char otel__bsp_buf[512];
static const char *otel__bsp_keys[OTEL__BSP_MAX];
static int otel__bsp_by_call;
static void otel__bsp_config(const char *keys) {
    const char *t;
    size_t len, used = 0;
    otel__bsp_n = 0;
    while (otel__bsp_n < OTEL__BSP_MAX && otel__list_next(&keys, &t, &len)) {
        if (!len || used + len + 1 > sizeof otel__bsp_buf) continue;
        memcpy(otel__bsp_buf + used, t, len);
        otel__bsp_buf[used + len] = 0;
        otel__bsp_keys[otel__bsp_n++] = otel__bsp_buf + used;
        used += len + 1;
    }
}
int otel_baggage_span_keys(const char *keys) {
    otel__bsp_config(keys);
    otel__bsp_by_call = 1;
    return OTEL_OK;
}
static void otel__bsp_apply(otel_span *s, const otel_baggage *b) {
    if (!s || !s->rec || !b) return;
    for (uint32_t i = 0; i < otel__bsp_n; i++) {
        int m = otel__bag_find(b, otel__bsp_keys[i], strlen(otel__bsp_keys[i]));
        if (m >= 0) otel__span_set_strn(s, otel__bsp_keys[i], b->text + b->m[m].val, b->m[m].vlen);
    }
}
static void otel__bsp_current(otel_span *s) { otel__bsp_apply(s, otel__bag_current()); }

otel_span *otel_span_begin_with_context(const char *name, otel_span_kind kind, const otel_context *ctx) {
    return otel_tracer_span_begin_with_context(NULL, name, kind, ctx);
}
otel_span *otel_tracer_span_begin_with_context(otel_tracer tracer, const char *name, otel_span_kind kind,
                                               const otel_context *ctx) {
    const otel_span_context *p = ctx && otel_span_context_is_valid(&ctx->span) ? &ctx->span : NULL;
    otel_span *s = otel__begin(name, (const otel_location *)(const void *)tracer, kind, p, 1, 0);
    if (OTEL__UNLIKELY(otel__bsp_n) && ctx) otel__bsp_apply(s, ctx->baggage);
    if (OTEL__UNLIKELY(otel__on_start_n)) otel__on_start(s);
    return s;
}

/* ---- propagators ------------------------------------------------------- */
static int otel__tc_extract(void *u, const otel_header *h, size_t n, otel_extracted *o) {
    otel_span_context c;
    (void)u;
    if (otel__headers_extract_buf(h, n, &c, o->tracestate, sizeof o->tracestate) != OTEL_OK) return OTEL_ERR_INVALID;
    if (c.tracestate && c.tracestate != o->tracestate) {   /* (one line: borrowed from the carrier until now) */
        memcpy(o->tracestate, c.tracestate, c.tracestate_len);
        c.tracestate = o->tracestate;
    }
    o->ctx.span = c;
    return OTEL_OK;
}
static int otel__tc_inject(void *u, const otel_context *ctx, otel_header *out, size_t cap, char *buf, size_t bufsz) {
    (void)u;
    return otel_headers_inject(&ctx->span, out, cap, buf, bufsz);
}
static size_t otel__fields_of(const char *const *names, size_t k, const char **out, size_t cap) {
    size_t i = 0;
    for (; i < k && i < cap; i++) out[i] = names[i];
    return i;
}
static size_t otel__tc_fields(void *u, const char **out, size_t cap) {
    static const char *const f[] = {"traceparent", "tracestate"};
    (void)u;
    return otel__fields_of(f, 2, out, cap);
}
static int otel__bag_extract(void *u, const otel_header *h, size_t n, otel_extracted *o) {
    (void)u;
    for (size_t i = 0; h && i < n; i++)
        if (h[i].name && h[i].value && otel__hname_is(h[i].name, "baggage")) otel_baggage_parse(&o->baggage, h[i].value, (size_t)-1);
    if (o->baggage.count) o->ctx.baggage = &o->baggage;
    return OTEL_OK;
}
static int otel__bag_inject(void *u, const otel_context *ctx, otel_header *out, size_t cap, char *buf, size_t bufsz) {
    (void)u;
    if (!ctx->baggage || !ctx->baggage->count) return 0;
    if (!cap || !bufsz) return OTEL_ERR_FULL;
    if (!otel_baggage_format(ctx->baggage, buf, bufsz)) return 0;
    out[0].name = "baggage"; out[0].value = buf;
    return 1;
}
static size_t otel__bag_fields(void *u, const char **out, size_t cap) {
    static const char *const f[] = {"baggage"};
    (void)u;
    return otel__fields_of(f, 1, out, cap);
}

/* B3 (openzipkin/b3-propagation): single header "b3: {trace id}-{span
   id}[-{sampling}[-{parent span id}]]" (a trace id of 16 or 32 lowercase
   hex digits; sampling 1, 0 or d, debug), or the x-b3-* headers. Either is
   read, the single one first; injected as the propagator's name says. */
#ifndef OTEL_NO_B3
static const char *otel__hdr(const otel_header *h, size_t n, const char *name) {
    for (size_t i = 0; h && i < n; i++)
        if (h[i].name && h[i].value && otel__hname_is(h[i].name, name)) return h[i].value;
    return NULL;
}
static int otel__b3_ids(const char *t, size_t tn, const char *s, size_t sn, otel_span_context *c) {
    memset(c, 0, sizeof *c);
    if ((tn != 16 && tn != 32) || sn != 16) return 0;
    if (!otel__hex_decode(t, c->trace_id + (32 - tn) / 2, tn / 2) || !otel__hex_decode(s, c->span_id, 8)) return 0;
    c->remote = 1;
    return !otel__all_zero(c->trace_id, 16) && !otel__all_zero(c->span_id, 8);
}
static int otel__b3_single(const char *v, size_t n, otel_span_context *c) {
    size_t f[4], fl[4], k = 0, i = 0;
    for (;;) {   /* the fields between dashes, four at most */
        size_t j = i;
        while (j < n && v[j] != '-') j++;
        if (k == 4) return 0;
        f[k] = i; fl[k++] = j - i;
        if (j >= n) break;
        i = j + 1;
    }
    if (k < 2 || !otel__b3_ids(v + f[0], fl[0], v + f[1], fl[1], c)) return 0;
    if (k >= 3) {
        if (fl[2] != 1 || !strchr("01d", v[f[2]])) return 0;
        c->flags = v[f[2]] != '0' ? OTEL_FLAG_SAMPLED : 0;   /* (debug is sampled) */
    }
    uint8_t p[8];
    return k < 4 || (fl[3] == 16 && otel__hex_decode(v + f[3], p, 8));
}
static int otel__b3_extract(void *u, const otel_header *h, size_t n, otel_extracted *o) {
    otel_span_context c;
    (void)u;
    const char *single = otel__hdr(h, n, "b3");
    if (single) {
        size_t sl = strlen(single);
        const char *st = otel__trim(single, &sl);
        if (otel__b3_single(st, sl, &c)) { o->ctx.span = c; return OTEL_OK; }
        if (!(sl == 1 && st[0] && strchr("01d", st[0]))) otel__prop_drop("b3", st, sl);   /* (a sampling decision alone: no context) */
    }
    const char *t = otel__hdr(h, n, "x-b3-traceid"), *s = otel__hdr(h, n, "x-b3-spanid");
    if (!t && !s) return OTEL_ERR_INVALID;
    const char *sampled = otel__hdr(h, n, "x-b3-sampled"), *flags = otel__hdr(h, n, "x-b3-flags");
    size_t tn = t ? strlen(t) : 0, sn = s ? strlen(s) : 0;
    t = t ? otel__trim(t, &tn) : ""; s = s ? otel__trim(s, &sn) : "";
    int ok = otel__b3_ids(t, tn, s, sn, &c);
    if (ok && flags && strcmp(flags, "1") == 0) c.flags = OTEL_FLAG_SAMPLED;
    else if (ok && sampled) {
        if (strcmp(sampled, "1") == 0 || otel__ieq(sampled, "true")) c.flags = OTEL_FLAG_SAMPLED;
        else if (!(strcmp(sampled, "0") == 0 || otel__ieq(sampled, "false"))) ok = 0;
    }
    if (!ok) { otel__prop_drop("x-b3-traceid/spanid/sampled", t, tn); return OTEL_ERR_INVALID; }
    o->ctx.span = c;
    return OTEL_OK;
}
static int otel__b3_inject(void *u, const otel_context *ctx, otel_header *out, size_t cap, char *buf, size_t bufsz) {
    const otel_span_context *c = &ctx->span;
    const char *sampled = c->flags & OTEL_FLAG_SAMPLED ? "1" : "0";
    if (!otel_span_context_is_valid(c)) return 0;
    if (!u) {   /* single */
        if (!cap || bufsz < 53) return OTEL_ERR_FULL;
        otel__hex_encode(c->trace_id, 16, buf);
        buf[32] = '-';
        otel__hex_encode(c->span_id, 8, buf + 33);
        buf[49] = '-'; buf[50] = sampled[0]; buf[51] = 0;
        out[0].name = "b3"; out[0].value = buf;
        return 1;
    }
    if (cap < 3 || bufsz < 33 + 17) return OTEL_ERR_FULL;
    otel__hex_encode(c->trace_id, 16, buf);
    buf[32] = 0;
    otel__hex_encode(c->span_id, 8, buf + 33);
    buf[49] = 0;
    out[0].name = "x-b3-traceid"; out[0].value = buf;
    out[1].name = "x-b3-spanid"; out[1].value = buf + 33;
    out[2].name = "x-b3-sampled"; out[2].value = sampled;
    return 3;
}
static size_t otel__b3_fields(void *u, const char **out, size_t cap) {
    static const char *const f[] = {"b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags", "x-b3-parentspanid"};
    return u ? otel__fields_of(f + 1, 5, out, cap) : otel__fields_of(f, 1, out, cap);
}

static char otel__b3_multi_mark;   /* (the user pointer of b3multi) */
static const otel_propagator otel__p_b3 = {"b3", otel__b3_extract, otel__b3_inject, otel__b3_fields, NULL};
static const otel_propagator otel__p_b3multi = {"b3multi", otel__b3_extract, otel__b3_inject, otel__b3_fields, &otel__b3_multi_mark};
#endif
static const otel_propagator otel__p_tracecontext = {"tracecontext", otel__tc_extract, otel__tc_inject, otel__tc_fields, NULL};
static const otel_propagator otel__p_baggage = {"baggage", otel__bag_extract, otel__bag_inject, otel__bag_fields, NULL};

/* the composite: the named ones (OTEL_PROPAGATORS; -1: not configured yet,
   the default), then the user's */
#define OTEL__MAX_PROPAGATORS 8
static const otel_propagator *otel__props[2 * OTEL__MAX_PROPAGATORS];
static int otel__nprops = -1, otel__nuser, otel__props_by_call;
static const otel_propagator *otel__user_props[OTEL__MAX_PROPAGATORS];

static void otel__props_config(const char *names) {
    static const otel_propagator *const known[] = {&otel__p_tracecontext, &otel__p_baggage,
#ifndef OTEL_NO_B3
                                                   &otel__p_b3, &otel__p_b3multi
#endif
    };
    const size_t nknown = sizeof known / sizeof *known;   /* (OTEL_NO_B3: b3 and b3multi warned as unknown) */
    const char *t;
    size_t len;
    int n = 0, none = 0;
    size_t all = names ? strlen(names) : 0;
    if (!otel__trim(names ? names : "", &all) || !all) names = "tracecontext,baggage";   /* (unset or empty: the default) */
    while (otel__list_next(&names, &t, &len)) {
        size_t k = 0;
        if (!len) continue;
        if (len == 4 && strncmp(t, "none", 4) == 0) { none = 1; continue; }
        while (k < nknown && !(strlen(known[k]->name) == len && strncmp(known[k]->name, t, len) == 0)) k++;
        if (k == nknown) {
            OTEL__WARN("OTEL_PROPAGATORS: unknown propagator '%.*s' left out", (int)(len < 64 ? len : 64), t);
            continue;
        }
        int dup = 0;
        for (int i = 0; i < n; i++) dup |= otel__props[i] == known[k];
        if (!dup) otel__props[n++] = known[k];
    }
    otel__nprops = none ? 0 : n;
}
int otel_propagators_set(const char *names) {
    otel__props_config(names ? names : getenv("OTEL_PROPAGATORS"));
    otel__props_by_call = 1;
    return OTEL_OK;
}
int otel_propagator_add(const otel_propagator *p) {
    if (!p) return OTEL_ERR_INVALID;
    if (otel__nuser >= OTEL__MAX_PROPAGATORS) return OTEL_ERR_FULL;
    otel__user_props[otel__nuser++] = p;
    return OTEL_OK;
}
static int otel__props_list(const otel_propagator **l) {
    int n = 0;
    if (otel__nprops < 0) { l[n++] = &otel__p_tracecontext; l[n++] = &otel__p_baggage; }   /* (the default, before otel_init) */
    for (int i = 0; i < otel__nprops; i++) l[n++] = otel__props[i];
    for (int i = 0; i < otel__nuser; i++) l[n++] = otel__user_props[i];
    return n;
}
int otel_propagation_extract(const otel_header *h, size_t n, otel_extracted *out) {
    const otel_propagator *l[2 * OTEL__MAX_PROPAGATORS];
    if (!out) return OTEL_ERR_INVALID;
    memset(&out->ctx, 0, sizeof out->ctx);
    otel_baggage_clear(&out->baggage);
    for (int i = 0, k = otel__props_list(l); i < k; i++)
        if (l[i]->extract) l[i]->extract(l[i]->user, h, n, out);
    return otel_span_context_is_valid(&out->ctx.span) ? OTEL_OK : OTEL_ERR_INVALID;
}
/* the bytes of buf a header's string takes, counted up to its NUL */
static size_t otel__buf_used(const char *p, const char *buf, size_t bufsz, size_t used) {
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)buf;
    if (p && a >= b && a < b + bufsz) {
        size_t e = (size_t)(a - b) + strlen(p) + 1;
        if (e > used) return e;
    }
    return used;
}
int otel_propagation_inject(const otel_context *ctx, otel_header *out, size_t cap, char *buf, size_t bufsz) {
    const otel_propagator *l[2 * OTEL__MAX_PROPAGATORS];
    otel_context cur;
    size_t k = 0, used = 0;
    if (!ctx) { cur = otel_context_current(); ctx = &cur; }
    if (!out || !buf) return OTEL_ERR_INVALID;
    for (int i = 0, np = otel__props_list(l); i < np; i++) {
        if (!l[i]->inject || k >= cap || used >= bufsz) continue;
        int r = l[i]->inject(l[i]->user, ctx, out + k, cap - k, buf + used, bufsz - used);
        if (r <= 0) continue;   /* (nothing, or no room: the others still go) */
        for (size_t j = k; j < k + (size_t)r && j < cap; j++)
            used = otel__buf_used(out[j].value, buf, bufsz, otel__buf_used(out[j].name, buf, bufsz, used));
        k += (size_t)r;
    }
    return (int)k;
}
size_t otel_propagation_fields(const char **out, size_t cap) {
    const otel_propagator *l[2 * OTEL__MAX_PROPAGATORS];
    size_t k = 0;
    for (int i = 0, np = otel__props_list(l); i < np; i++)
        if (l[i]->fields && k < cap) k += l[i]->fields(l[i]->user, out + k, cap - k);
    return k;
}

/* what otel_init reads: BAGGAGE (as TRACEPARENT), OTEL_PROPAGATORS and the
   baggage span processor's keys, unless set by a call */
static void otel__propagation_init(int ie, int no_env_parent) {
    otel_baggage_clear(&otel__bag_env);
    const char *bg = ie || no_env_parent ? NULL : getenv("BAGGAGE");
    if (bg && *bg) otel_baggage_parse(&otel__bag_env, bg, (size_t)-1);
    if (!otel__props_by_call) otel__props_config(otel__getenv("OTEL_PROPAGATORS", ie));
    if (!otel__bsp_by_call) otel__bsp_config(otel__getenv("OTEL_H_BAGGAGE_SPAN_KEYS", ie));
}

/* ---- the environment carrier: TRACEPARENT, TRACESTATE, BAGGAGE ---------- */
int otel_env_extract_context(char *const *envp, otel_extracted *out) {
    if (!envp) envp = environ;
    otel_header h[3] = {{"traceparent", otel__env_lookup(envp, "TRACEPARENT")},
                        {"tracestate", otel__env_lookup(envp, "TRACESTATE")},
                        {"baggage", otel__env_lookup(envp, "BAGGAGE")}};
    if (!out) return OTEL_ERR_INVALID;
    memset(&out->ctx, 0, sizeof out->ctx);
    otel_baggage_clear(&out->baggage);
    otel__bag_extract(NULL, h, 3, out);
    return otel__tc_extract(NULL, h, 3, out);
}

int otel_context_inject_env(const otel_span_context *c, char *const *envp, char **out, size_t cap,
                            char *buf, size_t bufsz) {
    if (!envp) envp = environ;
    if (!out || cap == 0) return otel__inject_full("otel_context_inject_env", "environment array", 0, 1);
    size_t n = 0;
    for (char *const *e = envp; *e; e++) {
        if (strncmp(*e, "TRACEPARENT=", 12) == 0 || strncmp(*e, "TRACESTATE=", 11) == 0 ||
            strncmp(*e, "BAGGAGE=", 8) == 0)
            continue;
        if (n + 1 >= cap) return otel__inject_full("otel_context_inject_env", "environment array", cap, n + 2);
        out[n++] = *e;
    }
    size_t used = 0;
    if (otel_span_context_is_valid(c)) {
        const char *tp, *ts;
        int rc = otel__put_context(c, buf, bufsz, &tp, &ts, "TRACEPARENT=", "TRACESTATE=");
        if (rc) return rc;
        if (n + 1 + (ts ? 1 : 0) >= cap) return otel__inject_full("otel_context_inject_env", "environment array", cap, n + 2 + (ts ? 1 : 0));
        out[n++] = (char *)(uintptr_t)tp;
        if (ts) out[n++] = (char *)(uintptr_t)ts;
        used = otel__buf_used(ts ? ts : tp, buf, bufsz, 0);
    }
    /* the current baggage, as much of it as fits, whole members */
    const otel_baggage *bg = otel__bag_current();
    if (bg && n + 1 < cap && bufsz > used + 9) {
        memcpy(buf + used, "BAGGAGE=", 8);
        if (otel_baggage_format(bg, buf + used + 8, bufsz - used - 8)) out[n++] = buf + used;
    }
    out[n] = NULL;
    return (int)n;
}

static int otel__setenv_failed(const char *name) {
    OTEL__WARN("otel_context_setenv: setenv %s failed: %s", name, strerror(errno));
    return OTEL_ERR_IO;
}
int otel_context_setenv(const otel_span_context *c) {
    char tp[56];
    if (!otel_traceparent_format(c, tp)) {
        unsetenv("TRACEPARENT"); unsetenv("TRACESTATE");
        OTEL__WARN("otel_context_setenv: invalid context; TRACEPARENT and TRACESTATE removed");
        return OTEL_ERR_INVALID;
    }
    if (setenv("TRACEPARENT", tp, 1) != 0) return otel__setenv_failed("TRACEPARENT");
    if (c->tracestate_len && c->tracestate) {
        char ts[520];
        size_t n = otel__ts_fit(c->tracestate, c->tracestate_len, ts, sizeof ts - 1);
        ts[n] = 0;
        if (setenv("TRACESTATE", ts, 1) != 0) return otel__setenv_failed("TRACESTATE");
    } else {
        unsetenv("TRACESTATE");
    }
    const otel_baggage *bg = otel__bag_current();
    char bs[OTEL_BAGGAGE_MAX_BYTES + 1];
    if (bg && otel_baggage_format(bg, bs, sizeof bs)) return setenv("BAGGAGE", bs, 1) == 0 ? OTEL_OK : OTEL_ERR_IO;
    unsetenv("BAGGAGE");
    return OTEL_OK;
}

/* ---- instrumentation scopes: [0] the default, then named tracers,
   meters and loggers (one table: a scope is the same whatever it serves).
   An entry is written under the lock before its index is published, and
   never changed until the next otel_init, which empties the table. A span
   on a named tracer records the entry's otel__loc as its location, a log
   record on a named logger too: the header does not grow, and the span's
   beginning passes one pointer as it did (otel__rec_scope reads it back).
   Scope attributes: the otel_attr array is copied into the entry (at most
   OTEL_MAX_SCOPE_ATTRS; more, or string arrays, dropped and counted in
   dropped_attributes); their keys and string values are borrowed, as the
   name is: static storage only, nothing allocated. ---- */
#ifndef OTEL_MAX_SCOPES
#define OTEL_MAX_SCOPES 8
#endif
typedef char otel__scopes_fit[OTEL_MAX_SCOPES >= 1 && OTEL_MAX_SCOPES <= 256 ? 1 : -1];   /* (indices fit a byte) */
#ifndef OTEL_NO_THREADS
static pthread_mutex_t otel__scope_lock = PTHREAD_MUTEX_INITIALIZER;
#endif
static otel_scope otel__scopes[OTEL_MAX_SCOPES] = {{{NULL, NULL, NULL, 0, OTEL_SPAN_KIND_UNSPECIFIED, NULL},
                                                    otel__g.scope_name, OTEL_VERSION_STRING, NULL, 0, {{NULL, OTEL_TYPE_NONE, {.i = 0}}}, 0, 0}};
static uint32_t otel__nscopes = 1, otel__scopes_dropped;
static uint8_t otel__meter_off[OTEL_MAX_SCOPES];   /* meters disabled (otel_meter_set_enabled) */
static uint8_t otel__scope_prov[OTEL_MAX_SCOPES];  /* a meter's provider (otel_meter_provider_meter_get; 0: the default) */
static int otel__streq0(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }
/* the attributes an entry keeps of attrs[0..n) (string lengths resolved) */
static uint32_t otel__scope_attrs_take(const otel_attr *attrs, size_t n, otel_attr *out, uint32_t *dropped) {
    uint32_t k = 0;
    *dropped = 0;
    for (size_t i = 0; attrs && i < n; i++) {
        otel_attr a = attrs[i];
        if (!a.key || !*a.key || a.type == OTEL_TYPE_NONE || a.type == OTEL_TYPE_STRING_ARRAY || k == OTEL_MAX_SCOPE_ATTRS) {
            (*dropped)++;
            continue;
        }
        if (a.type == OTEL_TYPE_STRING) {
            if (!a.v.str.ptr) { a.v.str.ptr = ""; a.v.str.len = 0; }
            else if (a.v.str.len == (size_t)-1) a.v.str.len = strlen(a.v.str.ptr);
        }
        out[k++] = a;
    }
    return k;
}
static int otel__attr_same(const otel_attr *a, const otel_attr *b) {
    if (strcmp(a->key, b->key) != 0 || a->type != b->type) return 0;
    switch (a->type) {
    case OTEL_TYPE_STRING: return a->v.str.len == b->v.str.len && memcmp(a->v.str.ptr, b->v.str.ptr, a->v.str.len) == 0;
    case OTEL_TYPE_BOOL: return (a->v.b != 0) == (b->v.b != 0);
    case OTEL_TYPE_INT: return a->v.i == b->v.i;
    case OTEL_TYPE_DOUBLE: return memcmp(&a->v.d, &b->v.d, sizeof a->v.d) == 0;
    case OTEL_TYPE_INT_ARRAY: return a->v.ints.count == b->v.ints.count && !memcmp(a->v.ints.items, b->v.ints.items, a->v.ints.count * 8);
    case OTEL_TYPE_DOUBLE_ARRAY: return a->v.doubles.count == b->v.doubles.count && !memcmp(a->v.doubles.items, b->v.doubles.items, a->v.doubles.count * 8);
    case OTEL_TYPE_BOOL_ARRAY: return a->v.bools.count == b->v.bools.count && !memcmp(a->v.bools.items, b->v.bools.items, a->v.bools.count * sizeof(int));
    default: return 0;
    }
}
/* The entry of a scope (the same name, version, schema URL and
   attributes, and the same meter provider prov, 0 but for meters of
   otel_meter_provider_meter_get: the same entry); the default one (0)
   when the table is full (counted, warned). Without a name (NULL or ""): warned, and an entry
   named "" (the specification's fallback keeps the invalid name). */
static unsigned otel__scope_get(const char *what, unsigned prov, const char *name, const char *version, const char *schema_url,
                                const otel_attr *attrs, size_t nattrs) {
    if (!name || !*name) {
        OTEL__WARN("a %s needs a name; it works, named \"\"", what);
        name = "";
    }
    otel_attr kept[OTEL_MAX_SCOPE_ATTRS];
    uint32_t dropped, nk = otel__scope_attrs_take(attrs, nattrs, kept, &dropped);
#ifndef OTEL_NO_THREADS
    pthread_mutex_lock(&otel__scope_lock);
#endif
    unsigned out = 0, n = otel__nscopes, i;
    for (i = 1; i < n; i++) {
        const otel_scope *e = &otel__scopes[i];
        if (otel__scope_prov[i] != prov || strcmp(e->name, name) != 0 || !otel__streq0(e->version, version) ||
            !otel__streq0(e->schema_url, schema_url) || e->attr_count != nk || e->dropped_attributes != dropped)
            continue;
        uint32_t k = 0;
        while (k < nk && otel__attr_same(&e->attrs[k], &kept[k])) k++;
        if (k == nk) break;
    }
    if (i < n) out = i;
    else if (n >= OTEL_MAX_SCOPES) {
        OTEL__ADD(&otel__scopes_dropped, 1u);
        OTEL__WARN("more than %d instrumentation scopes; %s '%.64s' is the default one (see otel_stats.scopes_dropped)",
                   OTEL_MAX_SCOPES, what, name);
    } else {
        otel_scope *e = &otel__scopes[n];
        memset(e, 0, sizeof *e);
        e->name = name; e->version = version; e->schema_url = schema_url; e->index = n;
        memcpy(e->attrs, kept, nk * sizeof *kept);
        e->attr_count = nk; e->dropped_attributes = dropped;
        otel__scope_prov[n] = (uint8_t)prov;
        OTEL__STORE_REL(&otel__nscopes, n + 1);
        out = n;
    }
#ifndef OTEL_NO_THREADS
    pthread_mutex_unlock(&otel__scope_lock);
#endif
    if (dropped) OTEL__WARN("%s '%.64s': %u scope attributes dropped (no key, a string array, or over %d)", what, name,
                            (unsigned)dropped, OTEL_MAX_SCOPE_ATTRS);
    return out;
}
static const otel_scope *otel__scope_handle(const char *what, const char *name, const char *version, const char *schema_url,
                                            const otel_attr *attrs, size_t n) {
    if (!OTEL__LOAD(&otel__g.enabled)) return NULL;
    return &otel__scopes[otel__scope_get(what, 0, name, version, schema_url, attrs, n)];
}
const otel_scope *otel_scope_get(const char *name, const char *version, const char *schema_url, const otel_attr *attrs, size_t n) {
    return otel__scope_handle("scope", name, version, schema_url, attrs, n);
}
otel_tracer otel_tracer_get(const char *name, const char *version, const char *schema_url) {
    return otel__scope_handle("tracer", name, version, schema_url, NULL, 0);
}
otel_logger otel_logger_get(const char *name, const char *version, const char *schema_url) {
    return otel__scope_handle("logger", name, version, schema_url, NULL, 0);
}
/* a handle of the table (of this init) by its index; 0 for anything else */
static unsigned otel__scope_index(const otel_scope *sc) {
    uintptr_t p = (uintptr_t)sc, b = (uintptr_t)otel__scopes;
    if (p < b || p >= b + OTEL__LOAD_ACQ(&otel__nscopes) * sizeof(otel_scope) || (p - b) % sizeof(otel_scope)) return 0;
    return sc->index;
}

/* >> impl: metrics */
/* ======================================================================== */
/* metrics: instruments, series, lock-free recording, collection             */
/* ======================================================================== */
/* Instruments live in a fixed table. Each distinct attribute set of an
   instrument is a series, allocated once from a region carved off the
   arena at init and found through an open-addressing hash table (a slot
   is claimed with one CAS; nothing is ever removed). Recording into a
   series is a handful of atomic adds; the consumer thread reads and resets
   them when it collects. When the table or an instrument's cardinality
   limit is full, recordings go to the instrument's overflow series
   (attribute otel.metric.overflow=true), which exists from the start. */
#ifndef OTEL_NO_METRICS
#ifndef OTEL_MAX_INSTRUMENTS
#define OTEL_MAX_INSTRUMENTS 64
#endif
#ifndef OTEL_MAX_BUCKETS
#define OTEL_MAX_BUCKETS 32      /* explicit boundaries per histogram, at most */
#endif
#define OTEL__MAX_METRIC_ATTRS 16
#ifndef OTEL_MAX_CALLBACKS
#define OTEL_MAX_CALLBACKS 64    /* observable instrument callbacks registered at once, at most */
#endif
#define OTEL__CB_INSTS 16        /* instruments per callback */
#define OTEL__ASYNC 0x10         /* in kind: an observable instrument */
#define OTEL__VIEWED 0x20        /* in kind: a view changed the aggregation, filters attributes or drops */
#define OTEL__KIND(m) ((m)->kind & 0x0f)
/* sequentially consistent, for the store-then-load pairs of
   otel_meter_set_enabled and otel__recording on m->off and m->nil */
#ifdef OTEL_NO_THREADS
#define OTEL__STORE_SC(p, v) (*(p) = (v))
#define OTEL__LOAD_SC(p) (*(p))
#else
#define OTEL__STORE_SC(p, v) __atomic_store_n(p, v, __ATOMIC_SEQ_CST)
#define OTEL__LOAD_SC(p) __atomic_load_n(p, __ATOMIC_SEQ_CST)
#endif
#ifndef OTEL_MAX_METRIC_READERS
#define OTEL_MAX_METRIC_READERS 4   /* metric readers (otel_metrics_collect_reader), at most */
#endif
#if OTEL_MAX_METRIC_READERS > 8
#error "OTEL_MAX_METRIC_READERS: at most 8"
#endif

struct otel_instrument {
    uint32_t epoch;
    uint16_t index;
    uint8_t kind, is_double, temporality;
    const char *name, *unit, *description;   /* name, description: the stream's (a view's) */
    double bounds[OTEL_MAX_BUCKETS]; uint32_t nbounds;
    uint8_t ikind, drop;          /* the kind as created (kind: the aggregation); a view's drop */
    const char *iname;            /* the name as created */
    const char *const *keep;      /* a view's attribute keys (nkeep of them), NULL: all */
    uint32_t nkeep, card_limit;   /* card_limit: series before overflow */
    const char *const *excl;      /* a view's excluded attribute keys (nexcl of them), NULL: none */
    uint32_t nexcl;
    uint16_t exp_size;            /* exponential histograms: buckets a side, 0 for others */
    uint16_t ex_cells;            /* exemplar cells of a series: one per bucket, else 1; 0: none */
    int8_t exp_scale;             /* and the scale they start at */
    uint32_t head;                /* newest series (offset in the region), 0: none */
    uint32_t nseries;             /* series created, for the cardinality limit */
    uint32_t overflow;            /* the overflow series */
    uint8_t scope;                /* its meter: an index in otel__scopes */
    uint8_t off;                  /* its meter disabled: records nothing, exports nothing */
    uint32_t nil;                 /* the series of no attributes, once a recording found it (0: not yet) */
    uint8_t readers;              /* the metric readers that report this entry (bit k: reader k) */
    uint16_t more;                /* another stream of this instrument (several views): its index + 1, 0: none */
    uint8_t extra;                /* this entry is such a stream (not a handle the instrument's creation gives) */
    uint8_t ex_attrs;             /* its exemplar cells keep filtered attributes (a view filters its keys) */
    uint8_t ex_chosen;            /* a view's reservoir: simple fixed-size of ex_cells, or ex_impl (else one cell a bucket, or one) */
    const otel_exemplar_reservoir *ex_impl;   /* a view's own reservoir (then no cells) */
};

/* What one metric reader has of a series, on the collecting thread: the
   sum or histogram since its last report (delta) or since the start
   (cumulative), or the last reading (gauges, observable instruments).
   Followed by its buckets: [nbounds + 1], or an otel__exph and its. */
typedef struct otel__rstate {
    uint64_t acc, acc_min, acc_max;   /* sums: total (int64 or double bits); histograms: sum, min, max; observable: acc_min the last reading */
    uint64_t start_ns, seen_sets;
    uint32_t report, ever;        /* ever: something to report (delta: since the last report) */
    uint32_t taken, pad;          /* taken: reported as a delta, emptied before the next recordings join */
} otel__rstate;
typedef struct otel__series {
    uint32_t inst, next;          /* instrument index; next series of the instrument */
    uint64_t hash;                /* of the attribute set, 0 for the overflow series */
    uint16_t nattrs;
    uint32_t attr_off;            /* where the attribute records start */
    uint64_t created_ns;
    /* written by recording threads */
    uint64_t value;               /* sums: int64 or double bits; gauges: last value; histograms: sum bits */
    uint64_t min_bits, max_bits;  /* histograms */
    uint64_t sets;                /* gauges: times set; others: 1 once recorded */
    uint32_t lock;                /* explicit histograms: bucket, sum, min and max change under it */
    /* read and written by the collecting thread only */
    uint64_t seen_sets;           /* observable: sets at the last collection (by any reader) */
    otel__rstate r0;              /* reader 0's state (the others': after the exemplar cells) */
    /* then: buckets written by recorders [nbounds + 1], reader 0's
       buckets [nbounds + 1], the exemplar cells, readers 1.. (each an
       otel__rstate and its buckets), the attribute records */
} otel__series;

#define OTEL__SERIES_AT(off) ((otel__series *)(otel__g.mregion + (off)))
#define OTEL__HOT_BUCKETS(s) ((uint64_t *)((s) + 1))

/* An exponential histogram series: two of these follow the series, each
   followed by its buckets [2][exp_size] (positive, negative): the one
   recorders write, under its lock, and the collector's copy. Bucket b[i]
   of a side is index off + i. */
typedef struct otel__exph {
    uint32_t lock;
    int32_t scale;
    uint64_t count, zero;
    double sum, min, max;
    int32_t off[2];
    uint32_t len[2];
} otel__exph;
/* An exemplar cell, written by one recorder at a time: seq odd while one
   writes (a recorder that finds it odd does not offer), the consumer takes
   it the same way; every field an atomic word. time 0: empty. seen: the
   measurements offered since it was last taken (uniform sampling). */
typedef struct otel__excell { uint64_t seq, seen, time, value, t0, t1, span; } otel__excell;
/* The measurement attributes a stream's view filtered out, kept with each
   exemplar cell of such a stream (after the cells, one a cell), written
   and read only by the one holding the cell's seq. */
#ifndef OTEL_EXEMPLAR_ATTRS
#define OTEL_EXEMPLAR_ATTRS 4         /* filtered attributes kept with an exemplar, at most */
#endif
#ifndef OTEL_EXEMPLAR_ATTR_BYTES
#define OTEL_EXEMPLAR_ATTR_BYTES 64   /* bytes of their string values, in all */
#endif
typedef struct otel__exattrs {
    uint32_t n, used;                 /* attributes, text bytes used */
    otel_attr a[OTEL_EXEMPLAR_ATTRS]; /* strings: their text in text */
    char text[OTEL_EXEMPLAR_ATTR_BYTES];
} otel__exattrs;
static uint64_t otel__exattr_dropped;
#define OTEL__EXPH(s) ((otel__exph *)((s) + 1))
#define OTEL__EXPH_B(h) ((uint64_t *)((h) + 1))
#define OTEL__EXPH_SNAP(m, s) ((otel__exph *)(OTEL__EXPH_B(OTEL__EXPH(s)) + 2u * (m)->exp_size))

static struct otel_instrument otel__instruments[OTEL_MAX_INSTRUMENTS];

static uint64_t otel__dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double otel__bitsd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

int otel_instrument_name_valid(const char *name) {
    if (!name) return 0;
    size_t n = strlen(name);
    if (n < 1 || n > 255) return 0;
    if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'))) return 0;
    for (size_t i = 1; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-' || c == '/'))
            return 0;
    }
    return 1;
}
static int otel__unit_valid(const char *u) {
    if (!u) return 1;
    size_t n = strlen(u);
    if (n > 63) return 0;
    for (size_t i = 0; i < n; i++) if ((unsigned char)u[i] > 127) return 0;
    return 1;
}

/* bytes of the longest prefix of s that is valid UTF-8 (no overlong form,
   no surrogate, nothing past U+10FFFF) of at most max characters */
static size_t otel__utf8_prefix(const char *s, size_t max) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (size_t chars = 0; p[i] && chars < max; chars++) {
        unsigned c = p[i], len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (!len) break;
        unsigned lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80, hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf, k = 2;
        if (len > 1 && (p[i + 1] < lo || p[i + 1] > hi)) break;
        while (k < len && (p[i + k] & 0xc0) == 0x80) k++;
        if (k < len) break;
        i += len;
    }
    return i;
}
/* ---- the region: [hash table of uint32 offsets][series, bump-allocated] ---- */
static uint32_t otel__series_alloc(otel__tls *t, uint32_t size) {
    if (t->spare_off && t->spare_size == size) { uint32_t o = t->spare_off; t->spare_off = 0; return o; }
    uint32_t off = OTEL__FADD32(&otel__g.mused, size);
    if (off > otel__g.msize || otel__g.msize - off < size) return 0;
    return off;
}
/* the series, its buckets, then its exemplar cells (then the attributes) */
static size_t otel__series_cells_at(const struct otel_instrument *m) {
    if (m->exp_size) return sizeof(otel__series) + 2 * (sizeof(otel__exph) + 2u * m->exp_size * sizeof(uint64_t));
    size_t nb = OTEL__KIND(m) == OTEL_INSTRUMENT_HISTOGRAM ? m->nbounds + 1 : 0;
    return sizeof(otel__series) + 2 * nb * sizeof(uint64_t);
}
#define OTEL__EXCELLS(m, s) ((otel__excell *)((unsigned char *)(s) + otel__series_cells_at(m)))
/* A description as the specification has it: any text of up to 1023
   characters (valid UTF-8). Longer, or with a byte that is not UTF-8:
   warned and cut (at the 1023rd character, or before the bad byte) into a
   copy taken from the series region (NULL when that is full). */
#define OTEL__MAX_DESCRIPTION 1023
static const char *otel__desc_checked(const char *name, const char *d) {
    if (!d) return d;
    size_t ok = otel__utf8_prefix(d, OTEL__MAX_DESCRIPTION);
    if (!d[ok]) return d;
    int bad = ok == otel__utf8_prefix(d, OTEL__MAX_DESCRIPTION + 1);   /* (else: more characters follow) */
    OTEL__WARN("instrument '%.64s': description %s; cut to %u bytes", name,
               bad ? "not valid UTF-8" : "over 1023 characters", (unsigned)ok);
    uint32_t off = otel__series_alloc(otel__thread(), (uint32_t)OTEL__ALIGN8(ok + 1));
    if (!off) return NULL;
    char *c = (char *)OTEL__SERIES_AT(off);
    memcpy(c, d, ok); c[ok] = 0;
    return c;
}
/* metric readers: each one's temporality preference and last collection
   (set at init, before any instrument: a series' size depends on them) */
static int otel__rpref[OTEL_MAX_METRIC_READERS];
/* each reader's metric filter and producers (otel_metric_reader_options) */
static const otel_metric_filter *otel__rfilter[OTEL_MAX_METRIC_READERS];
static const otel_metric_producer *otel__rprod[OTEL_MAX_METRIC_READERS];
static size_t otel__nrprod[OTEL_MAX_METRIC_READERS];
static uint64_t otel__rlast[OTEL_MAX_METRIC_READERS];
static uint32_t otel__nreaders = 1, otel__rcur;
/* the state of readers 1.. : an otel__rstate and its buckets each */
static size_t otel__rstate_size(const struct otel_instrument *m) {
    if (m->exp_size) return sizeof(otel__rstate) + sizeof(otel__exph) + 2u * m->exp_size * sizeof(uint64_t);
    return sizeof(otel__rstate) + (OTEL__KIND(m) == OTEL_INSTRUMENT_HISTOGRAM ? m->nbounds + 1 : 0) * sizeof(uint64_t);
}
/* the exemplar cells, and their filtered attributes when kept */
static size_t otel__excells_size(const struct otel_instrument *m) {
    if (m->ex_impl) return 0;
    return (size_t)m->ex_cells * (sizeof(otel__excell) + (m->ex_attrs ? sizeof(otel__exattrs) : 0));
}
#define OTEL__EXATTRS(m, s) ((otel__exattrs *)(OTEL__EXCELLS(m, s) + (m)->ex_cells))
static size_t otel__series_fixed_size(const struct otel_instrument *m) {
    return otel__series_cells_at(m) + otel__excells_size(m) + (otel__nreaders - 1) * otel__rstate_size(m);
}
static otel__rstate *otel__rs(const struct otel_instrument *m, otel__series *s, uint32_t k) {
    if (!k) return &s->r0;
    return (otel__rstate *)((unsigned char *)s + otel__series_cells_at(m) + otel__excells_size(m) + (k - 1) * otel__rstate_size(m));
}
#define OTEL__RS_BUCKETS(m, s, k, rs) ((k) ? (uint64_t *)((rs) + 1) : OTEL__HOT_BUCKETS(s) + (m)->nbounds + 1)
#define OTEL__RS_EXPH(m, s, k, rs) ((k) ? (otel__exph *)((rs) + 1) : OTEL__EXPH_SNAP(m, s))
static void otel__exph_reset(otel__exph *h, int scale) {
    OTEL__STORE(&h->scale, scale);   /* (recorders read it before taking the lock) */
    h->count = h->zero = 0;
    h->sum = 0; h->min = (double)HUGE_VAL; h->max = -(double)HUGE_VAL;
    h->len[0] = h->len[1] = 0;
}
/* a reader's state of a series emptied (an exponential histogram at scale) */
static void otel__rstate_clear(const struct otel_instrument *m, otel__series *s, uint32_t k, int scale) {
    otel__rstate *rs = otel__rs(m, s, k);
    memset(rs, 0, sizeof *rs);
    rs->acc_min = otel__dbits((double)HUGE_VAL);
    rs->acc_max = otel__dbits(-(double)HUGE_VAL);
    if (m->exp_size) otel__exph_reset(OTEL__RS_EXPH(m, s, k, rs), scale);
    else if (OTEL__KIND(m) == OTEL_INSTRUMENT_HISTOGRAM) memset(OTEL__RS_BUCKETS(m, s, k, rs), 0, (m->nbounds + 1) * sizeof(uint64_t));
}
/* a reader's temporality for an instrument (its aggregation's kind, and
   OTEL__ASYNC), after the specification's table for each preference */
static int otel__temporality(int pref, int kind) {
    int k = kind & 0x0f;
    if (k == OTEL_INSTRUMENT_GAUGE) return 0;
    if ((pref != OTEL_TEMPORALITY_DELTA && pref != OTEL_TEMPORALITY_LOWMEMORY) || k == OTEL_INSTRUMENT_UPDOWN_COUNTER ||
        (pref == OTEL_TEMPORALITY_LOWMEMORY && (kind & OTEL__ASYNC)))
        return OTEL_TEMPORALITY_CUMULATIVE;
    return OTEL_TEMPORALITY_DELTA;
}
static void otel__series_init(otel__series *s, const struct otel_instrument *m, uint64_t hash) {
    memset(s, 0, otel__series_fixed_size(m));
    s->inst = m->index;
    s->hash = hash;
    s->attr_off = (uint32_t)otel__series_fixed_size(m);
    s->created_ns = OTEL_CLOCK_NS();
    s->min_bits = otel__dbits((double)HUGE_VAL);
    s->max_bits = otel__dbits(-(double)HUGE_VAL);
    if (m->exp_size) otel__exph_reset(OTEL__EXPH(s), m->exp_scale);
    for (uint32_t k = 0; k < otel__nreaders; k++) otel__rstate_clear(m, s, k, m->exp_scale);
}
static void otel__series_link(struct otel_instrument *m, uint32_t off) {
    otel__series *s = OTEL__SERIES_AT(off);
    uint32_t old = OTEL__LOAD(&m->head);
    do { s->next = old; } while (!OTEL__CAS(&m->head, &old, off));
}

/* ---- instruments ---- */
#ifndef OTEL_NO_THREADS
static pthread_mutex_t otel__inst_lock = PTHREAD_MUTEX_INITIALIZER;
#endif
static const double otel__default_bounds[] = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};

otel_meter otel_meter_get(const char *name, const char *version, const char *schema_url) {
    return otel__scope_handle("meter", name, version, schema_url, NULL, 0);
}
/* meter providers: [0] the default (every reader), then those made by
   otel_meter_provider_create (written under otel__inst_lock before the
   count is published; emptied by otel_init). A meter's provider is in
   otel__scope_prov; its mask is applied when an instrument is created
   (the entries' readers), so recording does not change. */
#ifndef OTEL_MAX_METER_PROVIDERS
#define OTEL_MAX_METER_PROVIDERS 8
#endif
typedef char otel__providers_fit[OTEL_MAX_METER_PROVIDERS >= 1 && OTEL_MAX_METER_PROVIDERS <= 256 ? 1 : -1];
struct otel_meter_provider { uint8_t readers, index; };
static struct otel_meter_provider otel__providers[OTEL_MAX_METER_PROVIDERS] = {{0xff, 0}};
static uint32_t otel__nproviders = 1;
otel_meter_provider *otel_meter_provider_create(uint32_t reader_mask) {
    if (!OTEL__LOAD(&otel__g.enabled)) return NULL;
    uint32_t all = (1u << otel__nreaders) - 1, n;
    otel_meter_provider *out = NULL;
    if (!(reader_mask & all)) {
        OTEL__WARN("otel_meter_provider_create: mask 0x%x has none of the %u metric readers; the default provider",
                   (unsigned)reader_mask, (unsigned)otel__nreaders);
        return NULL;
    }
    if (reader_mask & ~all) OTEL__WARN("otel_meter_provider_create: mask 0x%x: only %u metric readers; the others ignored",
                                       (unsigned)reader_mask, (unsigned)otel__nreaders);
#ifndef OTEL_NO_THREADS
    pthread_mutex_lock(&otel__inst_lock);
#endif
    if ((n = OTEL__LOAD(&otel__nproviders)) < OTEL_MAX_METER_PROVIDERS) {
        out = &otel__providers[n];
        out->readers = (uint8_t)(reader_mask & all); out->index = (uint8_t)n;
        OTEL__STORE_REL(&otel__nproviders, n + 1);
    }
#ifndef OTEL_NO_THREADS
    pthread_mutex_unlock(&otel__inst_lock);
#endif
    if (!out) OTEL__WARN("more than %d meter providers; the default one", OTEL_MAX_METER_PROVIDERS);
    return out;
}
otel_meter otel_meter_provider_meter_get(otel_meter_provider *p, const char *name, const char *version, const char *schema_url) {
    if (!OTEL__LOAD(&otel__g.enabled)) return NULL;
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)otel__providers;
    if (p && (a < b || a >= b + OTEL__LOAD_ACQ(&otel__nproviders) * sizeof *p || (a - b) % sizeof *p)) {
        OTEL__WARN("otel_meter_provider_meter_get: not a provider of this otel_init; the default one");
        p = NULL;
    }
    return &otel__scopes[otel__scope_get("meter", p ? p->index : 0, name, version, schema_url, NULL, 0)];
}
static otel_instrument *otel__instrument_create_ex(unsigned scope, otel_instrument_kind kind, int is_double, const char *name,
                                                   const char *unit, const char *desc, const double *bounds, size_t nb,
                                                   uint32_t exp_size, int exp_scale, const char *const *keys, size_t nkeys);
/* keys: the attribute keys advice (NULL: none) */
static otel_instrument *otel__instrument_create_in(unsigned scope, otel_instrument_kind kind, int is_double, const char *name,
                                                   const char *unit, const char *desc, const double *bounds, size_t nb,
                                                   const char *const *keys, size_t nkeys) {
    /* histograms are exponential when so configured (their boundaries then unused) */
    if (kind == OTEL_INSTRUMENT_HISTOGRAM && otel__g.mhistogram == OTEL_HISTOGRAM_EXPONENTIAL)
        return otel__instrument_create_ex(scope, kind, is_double, name, unit, desc, bounds, nb, OTEL_EXP_HISTOGRAM_MAX_SIZE,
                                          OTEL_EXP_HISTOGRAM_MAX_SCALE, keys, nkeys);   /* (bounds: for a reader that asks explicit ones) */
    return otel__instrument_create_ex(scope, kind, is_double, name, unit, desc, bounds, nb, 0, 0, keys, nkeys);
}
/* '*' any run of characters, '?' one; case-insensitive (instrument names are) */
static int otel__glob(const char *p, const char *s) {
    const char *star = NULL, *back = NULL;
    while (*s) {
        if (*p == '*') { star = ++p; back = s; continue; }
        char a = *p, b = *s;
        if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
        if (*p && (*p == '?' || a == b)) { p++; s++; continue; }
        if (!star) return 0;
        p = star; s = ++back;
    }
    while (*p == '*') p++;
    return !*p;
}
/* A stream an instrument produces: one for each view that selects it. */
typedef struct otel__stream {
    const char *name, *desc;
    int kind, drop;                   /* kind: the aggregation's (OTEL_INSTRUMENT_*) */
    const double *bounds; size_t nb;
    uint32_t exp_size; int exp_scale;
    const char *const *keep; size_t nkeep;
    uint32_t card_limit;
    const char *const *excl; size_t nexcl;
    int agg_set, card_set;            /* a view set the aggregation / the cardinality limit */
    int res; uint32_t res_size;       /* the exemplar reservoir (OTEL_EXEMPLAR_RESERVOIR_*), its size */
    const otel_exemplar_reservoir *res_impl;
} otel__stream;
/* views that selected an instrument (the first 64), for the warning about
   those that selected none (otel__views_check) */
static uint64_t otel__views_used;
/* at shutdown: the views that selected no instrument, each warned about */
static void otel__views_check(void) {
    uint64_t used = OTEL__LOAD(&otel__views_used);
    for (size_t i = 0; i < otel__g.nviews && i < 64; i++)
        if (!(used & (1ull << i)))
            OTEL__WARN("view %u (instrument '%.64s', meter '%.64s') selected no instrument", (unsigned)i,
                       otel__g.views[i].instrument_name ? otel__g.views[i].instrument_name : "*",
                       otel__g.views[i].meter_name ? otel__g.views[i].meter_name : "*");
}
#ifndef OTEL_MAX_VIEW_STREAMS
#define OTEL_MAX_VIEW_STREAMS 4   /* streams of one instrument (views selecting it), at most */
#endif
static void otel__view_apply(otel__stream *st, const otel_view *v, int kind, const char *name);
/* the streams of an instrument: one for each view selecting it (at most
   OTEL_MAX_VIEW_STREAMS, the rest warned about), st[0] as given when none
   does; returns how many (0: no view selects it, st[0] untouched) */
static size_t otel__view_streams(otel__stream *st, unsigned scope, int kind, const char *name, const char *unit) {
    int ik = kind & 0x0f;
    size_t k = 0;
    const otel_scope *sc = &otel__scopes[scope];
    otel__stream base = st[0];
    for (size_t i = 0; i < otel__g.nviews; i++) {
        const otel_view *w = &otel__g.views[i];
        if ((w->instrument_name && !otel__glob(w->instrument_name, name)) || (w->instrument_kind && w->instrument_kind != ik) ||
            (w->instrument_unit && strcmp(w->instrument_unit, unit ? unit : "") != 0) ||
            (w->meter_name && strcmp(w->meter_name, sc->name) != 0) ||
            (w->meter_version && !otel__streq0(w->meter_version, sc->version)) ||
            (w->meter_schema_url && !otel__streq0(w->meter_schema_url, sc->schema_url)))
            continue;
        uint64_t used = OTEL__LOAD(&otel__views_used), bit = i < 64 ? 1ull << i : 0;
        while (!(used & bit) && !OTEL__CAS(&otel__views_used, &used, used | bit)) {}
        if (k == OTEL_MAX_VIEW_STREAMS) {
            OTEL__WARN("instrument '%.64s': more than %d views select it; view %u ignored", name, OTEL_MAX_VIEW_STREAMS, (unsigned)i);
            continue;
        }
        st[k] = base;
        otel__view_apply(&st[k++], w, kind, name);
    }
    return k;
}
static void otel__view_apply(otel__stream *st, const otel_view *v, int kind, const char *name) {
    int ik = kind & 0x0f, async = (kind & OTEL__ASYNC) != 0;
    if (v->name && (!v->instrument_name || strpbrk(v->instrument_name, "*?")))
        OTEL__WARN("view %u: a stream name with a wildcard selector would give several instruments one name; name ignored",
                   (unsigned)(v - otel__g.views));
    else if (v->name && !otel_instrument_name_valid(v->name))
        OTEL__WARN("view %u: stream name '%.64s' is invalid; ignored", (unsigned)(v - otel__g.views), v->name);
    else if (v->name)
        st->name = v->name;
    if (v->description) st->desc = v->description;
    if (v->cardinality_limit) { st->card_limit = v->cardinality_limit; st->card_set = 1; }
    int agg = v->aggregation;
    if (async && ((agg && agg != OTEL_AGGREGATION_DROP) || v->attribute_keys || v->excluded_attribute_keys)) {
        OTEL__WARN("observable instrument '%.64s': views may rename, describe, drop or limit it; aggregation and attribute keys ignored", name);
        agg = agg == OTEL_AGGREGATION_DROP ? agg : 0;
    } else {
        if (v->attribute_keys) { st->keep = v->attribute_keys; st->nkeep = v->attribute_key_count; }
        if (v->excluded_attribute_keys) { st->excl = v->excluded_attribute_keys; st->nexcl = v->excluded_attribute_key_count; }
    }
    st->agg_set = agg != OTEL_AGGREGATION_DEFAULT;
    if (async && (v->exemplar_reservoir || v->exemplar_reservoir_impl))
        OTEL__WARN("observable instrument '%.64s': no exemplars; the view's exemplar reservoir ignored", name);
    else if (v->exemplar_reservoir_impl && (!v->exemplar_reservoir_impl->offer || !v->exemplar_reservoir_impl->collect))
        OTEL__WARN("view %u: an exemplar reservoir needs offer and collect; ignored", (unsigned)(v - otel__g.views));
    else if (v->exemplar_reservoir < 0 || v->exemplar_reservoir > OTEL_EXEMPLAR_RESERVOIR_ALIGNED)
        OTEL__WARN("view %u: unknown exemplar reservoir %d; the default kept", (unsigned)(v - otel__g.views), v->exemplar_reservoir);
    else {
        st->res = v->exemplar_reservoir; st->res_size = v->exemplar_reservoir_size; st->res_impl = v->exemplar_reservoir_impl;
    }
    switch (agg) {
    case OTEL_AGGREGATION_DEFAULT: break;
    case OTEL_AGGREGATION_DROP: st->drop = 1; break;
    case OTEL_AGGREGATION_SUM:
        st->kind = ik == OTEL_INSTRUMENT_COUNTER || ik == OTEL_INSTRUMENT_HISTOGRAM ? OTEL_INSTRUMENT_COUNTER : OTEL_INSTRUMENT_UPDOWN_COUNTER;
        st->exp_size = 0; st->nb = 0;
        break;
    case OTEL_AGGREGATION_LAST_VALUE: st->kind = OTEL_INSTRUMENT_GAUGE; st->exp_size = 0; st->nb = 0; break;
    case OTEL_AGGREGATION_EXPLICIT:
        st->kind = OTEL_INSTRUMENT_HISTOGRAM; st->exp_size = 0; st->bounds = v->bounds; st->nb = v->bound_count;
        break;
    case OTEL_AGGREGATION_EXPONENTIAL:
        if (v->exp_max_size && (v->exp_max_size < 2 || v->exp_max_size > 1024 || v->exp_max_scale < -10 || v->exp_max_scale > 20)) {
            OTEL__WARN("view %u: max size must be 2..1024 and max scale -10..20; the instrument's aggregation kept",
                       (unsigned)(v - otel__g.views));
            break;
        }
        st->kind = OTEL_INSTRUMENT_HISTOGRAM; st->nb = 0;
        st->exp_size = v->exp_max_size ? v->exp_max_size : (uint32_t)OTEL_EXP_HISTOGRAM_MAX_SIZE;
        st->exp_scale = v->exp_max_size ? v->exp_max_scale : (int)OTEL_EXP_HISTOGRAM_MAX_SCALE;
        break;
    default:
        OTEL__WARN("view %u: unknown aggregation %d; the instrument's kept", (unsigned)(v - otel__g.views), agg);
    }
}
/* a stream's bucket boundaries checked (the default ones when it has
   none); 0: not valid (warned) */
static int otel__stream_bounds(otel__stream *st, const char *name) {
    if (st->exp_size || st->kind != OTEL_INSTRUMENT_HISTOGRAM) { st->nb = 0; return 1; }
    if (!st->bounds) { st->bounds = otel__default_bounds; st->nb = sizeof otel__default_bounds / sizeof *otel__default_bounds; }
    if (st->nb > OTEL_MAX_BUCKETS) {
        OTEL__WARN("histogram '%.64s': more than %d bucket boundaries; not created", name, OTEL_MAX_BUCKETS);
        return 0;
    }
    for (size_t i = 0; i < st->nb; i++)
        if (st->bounds[i] != st->bounds[i] || (i && !(st->bounds[i] > st->bounds[i - 1]))) {
            OTEL__WARN("histogram '%.64s': bucket boundaries must increase; not created", name);
            return 0;
        }
    return 1;
}
/* the readers' own default aggregations ([k][kind | 4 when observable]) and
   cardinality limits (0: none), set at init; otel__rdiffer: some reader has one */
static uint8_t otel__ragg[OTEL_MAX_METRIC_READERS][9];
static uint32_t otel__rcard[OTEL_MAX_METRIC_READERS];
static int otel__rdiffer;
/* The streams of an instrument for the readers: st[0] as the view left it;
   a reader's own aggregation (of the instrument's kind) and cardinality
   limit apply where the view set none; readers that end up with the same
   stream share it. mask[i]: the readers of st[i]. Returns how many (0:
   every reader drops the instrument). */
static size_t otel__reader_streams(otel__stream *st, uint8_t *mask, int kind, const double *ibounds, size_t inb) {
    otel__stream base = st[0];
    int ik = kind & 0x0f;
    size_t ns = 0;
    for (uint32_t k = 0; k < otel__nreaders; k++) {
        otel__stream x = base;
        if (!base.card_set && otel__rcard[k]) x.card_limit = otel__rcard[k];
        switch (base.agg_set ? 0 : otel__ragg[k][ik + ((kind & OTEL__ASYNC) ? 4 : 0)]) {
        case OTEL_AGGREGATION_DROP: x.drop = 1; break;
        case OTEL_AGGREGATION_SUM:
            x.kind = ik == OTEL_INSTRUMENT_COUNTER || ik == OTEL_INSTRUMENT_HISTOGRAM ? OTEL_INSTRUMENT_COUNTER : OTEL_INSTRUMENT_UPDOWN_COUNTER;
            x.exp_size = 0; x.nb = 0;
            break;
        case OTEL_AGGREGATION_LAST_VALUE: x.kind = OTEL_INSTRUMENT_GAUGE; x.exp_size = 0; x.nb = 0; break;
        case OTEL_AGGREGATION_EXPLICIT: x.kind = OTEL_INSTRUMENT_HISTOGRAM; x.exp_size = 0; x.bounds = ibounds; x.nb = inb; break;
        case OTEL_AGGREGATION_EXPONENTIAL:   /* (an exponential histogram already: its own size and scale) */
            if (!x.exp_size) { x.exp_size = OTEL_EXP_HISTOGRAM_MAX_SIZE; x.exp_scale = OTEL_EXP_HISTOGRAM_MAX_SCALE; }
            x.kind = OTEL_INSTRUMENT_HISTOGRAM; x.nb = 0;
            break;
        default: break;
        }
        if (x.drop) continue;
        size_t i = 0;
        while (i < ns && !(st[i].kind == x.kind && st[i].exp_size == x.exp_size && st[i].exp_scale == x.exp_scale &&
                           st[i].bounds == x.bounds && st[i].nb == x.nb && st[i].card_limit == x.card_limit)) i++;
        if (i == ns) { st[ns] = x; mask[ns++] = 0; }
        mask[i] = (uint8_t)(mask[i] | 1u << k);
    }
    return ns;
}
/* table entry n made for the instrument's stream st, with its overflow
   series (NULL: the series table is full); under otel__inst_lock,
   published by the caller */
static struct otel_instrument *otel__instrument_entry(uint32_t n, unsigned scope, otel_instrument_kind kind, int is_double,
                                                      const char *name, const char *unit, const otel__stream *st) {
    struct otel_instrument *m = &otel__instruments[n];
    int akind = st->kind;                    /* the aggregation's kind */
    memset(m, 0, sizeof *m);
    m->index = (uint16_t)n;
    m->scope = (uint8_t)scope;
    m->off = otel__meter_off[scope];
    m->ikind = (uint8_t)kind; m->is_double = (uint8_t)is_double;
    m->kind = (uint8_t)(akind | (kind & OTEL__ASYNC));
    /* recordings pass through otel__record_viewed only when a view (or a
       reader) changed what they do: the others' path is untouched */
    if (akind != (int)(kind & 0x0f) || st->keep || st->excl || st->drop) m->kind |= OTEL__VIEWED;
    m->drop = (uint8_t)st->drop;
    m->keep = st->keep; m->nkeep = (uint32_t)st->nkeep; m->card_limit = st->card_limit;
    m->excl = st->excl; m->nexcl = (uint32_t)st->nexcl;
    m->iname = name; m->name = st->name; m->unit = unit; m->description = st->desc;
    m->nbounds = (uint32_t)st->nb;
    if (st->nb) memcpy(m->bounds, st->bounds, st->nb * sizeof *st->bounds);
    m->exp_size = (uint16_t)st->exp_size; m->exp_scale = (int8_t)st->exp_scale;
    /* exemplars (not for observable ones: a callback has no span): by
       default one per explicit bucket (the aligned reservoir), else one */
    if (otel__g.mexfilter != OTEL_EXEMPLAR_ALWAYS_OFF && !(kind & OTEL__ASYNC)) {
        int aligned = akind == OTEL_INSTRUMENT_HISTOGRAM && !st->exp_size, res = st->res;
        if (res == OTEL_EXEMPLAR_RESERVOIR_ALIGNED && !aligned) {
            OTEL__WARN("stream '%.64s': the aligned exemplar reservoir needs explicit buckets; the default one instead", st->name);
            res = OTEL_EXEMPLAR_RESERVOIR_DEFAULT;
        }
        if (st->res_impl) {
            m->ex_impl = st->res_impl; m->ex_cells = 1; m->ex_chosen = 1;
        } else if (res == OTEL_EXEMPLAR_RESERVOIR_SIMPLE) {
            uint32_t k = st->res_size ? st->res_size : 1;
            if (k > OTEL_MAX_BUCKETS + 1) {
                OTEL__WARN("stream '%.64s': exemplar reservoir size %u over %d; %d", st->name, (unsigned)k, OTEL_MAX_BUCKETS + 1, OTEL_MAX_BUCKETS + 1);
                k = OTEL_MAX_BUCKETS + 1;
            }
            m->ex_cells = (uint16_t)k; m->ex_chosen = 1;
        } else if (res != OTEL_EXEMPLAR_RESERVOIR_NONE) {
            m->ex_cells = (uint16_t)(aligned ? st->nb + 1 : 1);
        }
    }
    m->ex_attrs = m->ex_cells && !m->ex_impl && (st->keep || st->excl);
    if (m->ex_chosen) m->kind |= OTEL__VIEWED;   /* (a view's reservoir is offered to on the viewed path only) */
    m->temporality = (uint8_t)otel__temporality(otel__rpref[0], m->kind);   /* reader 0's */
    /* the overflow series exists from the start, so it is never missing */
    size_t attr_bytes = OTEL__ALIGN8(sizeof(otel__r));
    uint32_t size = (uint32_t)OTEL__ALIGN8(otel__series_fixed_size(m) + attr_bytes);
    uint32_t off = otel__series_alloc(otel__thread(), size);
    if (!off) {
        OTEL__WARN("metric series table full: instrument '%.64s' not created", name);
        return NULL;
    }
    otel__series *s = OTEL__SERIES_AT(off);
    otel__series_init(s, m, 0);
    otel__r *x = (otel__r *)((unsigned char *)s + s->attr_off);
    memset(x, 0, sizeof *x);
    x->tag = OTEL__R_ATTR; x->vtype = OTEL_TYPE_BOOL; x->size = sizeof(otel__r);
    x->key = "otel.metric.overflow"; x->v.i = 1;
    s->nattrs = 1;
    m->overflow = off;
    m->epoch = OTEL__LOAD(&otel__g.epoch);
    return m;
}
static otel_instrument *otel__instrument_create_ex(unsigned scope, otel_instrument_kind kind, int is_double, const char *name,
                                                   const char *unit, const char *desc, const double *bounds, size_t nb,
                                                   uint32_t exp_size, int exp_scale, const char *const *keys, size_t nkeys) {
    if (!OTEL__LOAD(&otel__g.enabled)) return NULL;
    if (!otel__g.mregion) {
        OTEL__WARN("no metric series table (OTEL_H_METRIC_SERIES=0, or the arena is too small): '%.64s' is a no-op", name ? name : "");
        return NULL;
    }
    if (!otel_instrument_name_valid(name)) {
        OTEL__WARN("instrument name '%.64s' is invalid (a letter, then up to 254 of [A-Za-z0-9_./-]); not created", name ? name : "(null)");
        return NULL;
    }
    if (!otel__unit_valid(unit)) {
        OTEL__WARN("instrument '%.64s': unit must be at most 63 ASCII characters; not created", name);
        return NULL;
    }
    /* keys: the attribute keys advice, unless a view sets attribute keys */
    otel__stream vs[OTEL_MAX_VIEW_STREAMS] = {{name, desc, (int)(kind & 0x0f), 0, bounds, nb, exp_size, exp_scale, keys, keys ? nkeys : 0,
                                               otel__g.lim_cardinality, NULL, 0, 0, 0, 0, 0, NULL}};
    size_t nv = otel__g.nviews ? otel__view_streams(vs, scope, (int)kind, name, unit) : 0, k = 0;
    if (!nv) nv = 1;                         /* no view: the instrument's own stream */
    for (size_t i = 0; i < nv; i++)          /* (a stream with invalid boundaries is left out) */
        if (otel__stream_bounds(&vs[i], name)) vs[k++] = vs[i];
    if (!(nv = k)) return NULL;
    for (size_t i = 1; i < nv; i++)
        for (size_t j = 0; j < i; j++)
            if (otel__ieq(vs[i].name, vs[j].name))
                OTEL__WARN("instrument '%.64s': two views make streams named '%.64s'; both are exported", name, vs[i].name);
    /* each view's stream as the readers take it: readers whose own
       aggregation or limit differ get entries of their own (readers that
       drop it: none); mask[i]: the readers of st[i] */
    otel__stream st[OTEL_MAX_VIEW_STREAMS * OTEL_MAX_METRIC_READERS];
    uint8_t mask[OTEL_MAX_VIEW_STREAMS * OTEL_MAX_METRIC_READERS];
    size_t ns = 0;
    uint8_t pm = otel__providers[otel__scope_prov[scope]].readers;   /* its meter provider's readers */
    for (size_t v = 0; v < nv; v++) {
        st[ns] = vs[v]; mask[ns] = (uint8_t)((1u << otel__nreaders) - 1);
        size_t r = otel__rdiffer ? otel__reader_streams(&st[ns], &mask[ns], (int)kind, bounds, nb) : 1;
        for (size_t g = ns, e = ns + r; g < e; g++)
            if ((mask[g] &= pm) && otel__stream_bounds(&st[g], name)) { st[ns] = st[g]; mask[ns++] = mask[g]; }
    }
    if (!ns) { st[0] = vs[0]; st[0].drop = 1; mask[0] = 0; ns = 1; }   /* every reader drops it: a handle that records nothing */
#ifndef OTEL_NO_THREADS
    pthread_mutex_lock(&otel__inst_lock);
#endif
    otel_instrument *out = NULL;
    uint32_t n = OTEL__LOAD(&otel__g.ninst);
    for (uint32_t i = 0; i < n && !out; i++) {   /* the same instrument again: the same handle */
        struct otel_instrument *m = &otel__instruments[i];
        if (m->scope != scope) continue;
        if (!m->extra && otel__ieq(m->iname, name) && m->ikind == (uint8_t)kind && m->is_double == (uint8_t)is_double &&
            strcmp(m->unit ? m->unit : "", unit ? unit : "") == 0)
            out = m;
        else if (otel__ieq(m->iname, name)) {
            if (m->extra) continue;
            OTEL__WARN("instrument '%.64s' registered again with another kind or unit; both are exported", name);
            for (size_t j = 0; j < ns; j++)
                if (st[j].name == name) st[j].name = m->iname;   /* the stream keeps the first-seen spelling */
        }
        else for (size_t j = 0; j < ns; j++)
            if (otel__ieq(m->name, st[j].name))   /* a view gave two instruments one stream name */
                OTEL__WARN("instruments '%.64s' and '%.64s' both make stream '%.64s' (a view renamed one); both are exported",
                           m->iname, name, st[j].name);
    }
    if (!out && n >= OTEL_MAX_INSTRUMENTS) {
        OTEL__WARN("more than %d instruments; '%.64s' not created", OTEL_MAX_INSTRUMENTS, name);
    } else if (!out) {
        if (n + ns > OTEL_MAX_INSTRUMENTS) {
            OTEL__WARN("more than %d instruments (streams of views count): %u of the streams of '%.64s' not made", OTEL_MAX_INSTRUMENTS,
                       (unsigned)(n + ns - OTEL_MAX_INSTRUMENTS), name);
            ns = OTEL_MAX_INSTRUMENTS - n;
        }
        /* the descriptions checked (and cut) once, for every entry of the instrument */
        for (size_t i = 0; i < ns; i++) {
            const char *d0 = st[i].desc, *d = otel__desc_checked(name, d0);
            for (size_t j = i; j < ns; j++)
                if (st[j].desc == d0) st[j].desc = d;
        }
        /* one entry a stream: the first is the handle, the others follow
           it through more (recordings into it reach them all) */
        struct otel_instrument *prev = NULL, *m;
        for (size_t i = 0; i < ns && (m = otel__instrument_entry(n, scope, kind, is_double, name, unit, &st[i])); i++, n++) {
            m->readers = mask[i];
            if (prev) { m->extra = 1; prev->more = (uint16_t)(n + 1); }
            else out = m;
            prev = m;
        }
        if (out && out->more) out->kind |= OTEL__VIEWED;
        OTEL__STORE_REL(&otel__g.ninst, n);
    }
#ifndef OTEL_NO_THREADS
    pthread_mutex_unlock(&otel__inst_lock);
#endif
    return out;
}
static otel_instrument *otel__instrument_create(otel_instrument_kind kind, int is_double, const char *name,
                                                const char *unit, const char *desc, const double *bounds, size_t nb) {
    return otel__instrument_create_in(0, kind, is_double, name, unit, desc, bounds, nb, NULL, 0);
}
otel_instrument *otel_meter_instrument_create(otel_meter meter, otel_instrument_kind kind, int is_double,
                                              const char *name, const char *unit, const char *desc,
                                              const double *bounds, size_t nb) {
    otel_instrument_args a = {meter, kind, is_double, name, unit, desc, bounds, nb, NULL, 0};
    return otel_instrument_create_ex(&a);
}
otel_instrument *otel_instrument_create_ex(const otel_instrument_args *a) {
    if (!a) return NULL;
    if (a->kind < OTEL_INSTRUMENT_COUNTER || a->kind > OTEL_INSTRUMENT_GAUGE) {
        OTEL__WARN("instrument '%.64s': unknown kind %d; not created", a->name ? a->name : "(null)", (int)a->kind);
        return NULL;
    }
    return otel__instrument_create_in(otel__scope_index(a->meter), a->kind, a->is_double != 0, a->name, a->unit, a->description,
                                      a->bounds, a->bound_count, a->attribute_keys, a->attribute_key_count);
}
/* Each instrument of the meter gets the flag; a disabled one's fast path
   is shut by emptying m->nil (the full path checks the flag), in an order
   (SC) that a recording setting m->nil at the same time cannot undo. */
int otel_meter_set_enabled(otel_meter meter, int enabled) {
    if (!OTEL__LOAD(&otel__g.enabled)) return OTEL_ERR_DISABLED;
    unsigned scope = otel__scope_index(meter);
    if (meter && !scope && meter != &otel__scopes[0]) {
        OTEL__WARN("otel_meter_set_enabled: not a meter of this otel_init; ignored");
        return OTEL_ERR_INVALID;
    }
    uint8_t off = !enabled;
#ifndef OTEL_NO_THREADS
    pthread_mutex_lock(&otel__inst_lock);
#endif
    otel__meter_off[scope] = off;
    uint32_t n = OTEL__LOAD(&otel__g.ninst);
    for (uint32_t i = 0; i < n; i++) {
        struct otel_instrument *m = &otel__instruments[i];
        if (m->scope != scope) continue;
        OTEL__STORE_SC(&m->off, off);
        if (off) OTEL__STORE_SC(&m->nil, 0u);
    }
#ifndef OTEL_NO_THREADS
    pthread_mutex_unlock(&otel__inst_lock);
#endif
    return OTEL_OK;
}
otel_instrument *otel_counter_create(const char *n, const char *u, const char *d) { return otel__instrument_create(OTEL_INSTRUMENT_COUNTER, 0, n, u, d, NULL, 0); }
otel_instrument *otel_counter_create_double(const char *n, const char *u, const char *d) { return otel__instrument_create(OTEL_INSTRUMENT_COUNTER, 1, n, u, d, NULL, 0); }
otel_instrument *otel_updown_counter_create(const char *n, const char *u, const char *d) { return otel__instrument_create(OTEL_INSTRUMENT_UPDOWN_COUNTER, 0, n, u, d, NULL, 0); }
otel_instrument *otel_updown_counter_create_double(const char *n, const char *u, const char *d) { return otel__instrument_create(OTEL_INSTRUMENT_UPDOWN_COUNTER, 1, n, u, d, NULL, 0); }
otel_instrument *otel_histogram_create(const char *n, const char *u, const char *d, const double *b, size_t nb) { return otel__instrument_create(OTEL_INSTRUMENT_HISTOGRAM, 1, n, u, d, b, nb); }
otel_instrument *otel_histogram_create_int(const char *n, const char *u, const char *d, const double *b, size_t nb) { return otel__instrument_create(OTEL_INSTRUMENT_HISTOGRAM, 0, n, u, d, b, nb); }
otel_instrument *otel_histogram_create_exponential(const char *n, const char *u, const char *d, size_t max_size, int max_scale) {
    if (max_size == 0) max_size = OTEL_EXP_HISTOGRAM_MAX_SIZE;
    if (max_size < 2 || max_size > 1024 || max_scale < -10 || max_scale > 20) {
        OTEL__WARN("exponential histogram '%.64s': max size must be 2..1024 and max scale -10..20; not created", n ? n : "");
        return NULL;
    }
    return otel__instrument_create_ex(0, OTEL_INSTRUMENT_HISTOGRAM, 1, n, u, d, NULL, 0, (uint32_t)max_size, max_scale, NULL, 0);
}
otel_instrument *otel_gauge_create(const char *n, const char *u, const char *d) { return otel__instrument_create(OTEL_INSTRUMENT_GAUGE, 0, n, u, d, NULL, 0); }
otel_instrument *otel_gauge_create_double(const char *n, const char *u, const char *d) { return otel__instrument_create(OTEL_INSTRUMENT_GAUGE, 1, n, u, d, NULL, 0); }

/* ---- observable instruments: callbacks run by otel_metrics_collect ---- */
struct otel_callback {
    otel_observe_fn fn;
    void *user;
    uint32_t epoch, n, active;
    otel_instrument *inst[OTEL__CB_INSTS];
};
struct otel_observer { struct otel_callback *cb; };
static struct otel_callback otel__callbacks[OTEL_MAX_CALLBACKS];
static uint32_t otel__ncb;                  /* slots used so far */
static struct otel_observer otel__observer; /* cb set while a callback runs */
static OTEL__TLS int otel__observing;       /* this thread runs the callbacks */
#ifndef OTEL_NO_THREADS
/* held while callbacks run, so that unregistering waits for a running one */
static pthread_mutex_t otel__cb_lock = PTHREAD_MUTEX_INITIALIZER;
#define OTEL__CB_LOCK() do { if (!otel__observing) pthread_mutex_lock(&otel__cb_lock); } while (0)
#define OTEL__CB_UNLOCK() do { if (!otel__observing) pthread_mutex_unlock(&otel__cb_lock); } while (0)
#else
#define OTEL__CB_LOCK() ((void)0)
#define OTEL__CB_UNLOCK() ((void)0)
#endif

otel_callback *otel_callback_register(otel_observe_fn fn, void *user, otel_instrument *const *insts, size_t n) {
    if (!fn || !insts || n == 0 || n > OTEL__CB_INSTS) {
        if (fn && n > OTEL__CB_INSTS) OTEL__WARN("otel_callback_register: more than %d instruments; not registered", OTEL__CB_INSTS);
        return NULL;
    }
    uint32_t epoch = OTEL__LOAD(&otel__g.epoch);
    for (size_t i = 0; i < n; i++)
        if (!insts[i] || !(insts[i]->kind & OTEL__ASYNC) || insts[i]->epoch != epoch) {
            if (insts[i]) OTEL__WARN("otel_callback_register: '%.64s' is not an observable instrument; not registered", insts[i]->name);
            return NULL;
        }
    OTEL__CB_LOCK();
    struct otel_callback *cb = NULL;
    for (uint32_t i = 0; i < otel__ncb && !cb; i++)   /* a slot given up by an unregistered callback */
        if (!otel__callbacks[i].active) cb = &otel__callbacks[i];
    if (!cb && otel__ncb < OTEL_MAX_CALLBACKS) cb = &otel__callbacks[otel__ncb++];
    if (cb) {
        cb->fn = fn; cb->user = user; cb->epoch = epoch; cb->n = (uint32_t)n;
        memcpy(cb->inst, insts, n * sizeof *insts);
        cb->active = 1;
    }
    OTEL__CB_UNLOCK();
    if (!cb) OTEL__WARN("more than %d metric callbacks; not registered", OTEL_MAX_CALLBACKS);
    return cb;
}
int otel_callback_unregister(otel_callback *cb) {
    if (!cb || cb < otel__callbacks || cb >= otel__callbacks + OTEL_MAX_CALLBACKS) return OTEL_ERR_INVALID;
    OTEL__CB_LOCK();
    int was = (int)cb->active;
    cb->active = 0;
    OTEL__CB_UNLOCK();
    return was ? OTEL_OK : OTEL_ERR_INVALID;
}
static otel_instrument *otel__observable_create(otel_instrument_kind kind, int is_double, const char *n, const char *u,
                                                const char *d, otel_observe_fn fn, void *user) {
    otel_instrument *m = otel__instrument_create((otel_instrument_kind)(kind | OTEL__ASYNC), is_double, n, u, d, NULL, 0);
    if (m && fn) otel_callback_register(fn, user, &m, 1);
    return m;
}
otel_instrument *otel_observable_counter_create(const char *n, const char *u, const char *d, otel_observe_fn f, void *x) { return otel__observable_create(OTEL_INSTRUMENT_COUNTER, 0, n, u, d, f, x); }
otel_instrument *otel_observable_counter_create_double(const char *n, const char *u, const char *d, otel_observe_fn f, void *x) { return otel__observable_create(OTEL_INSTRUMENT_COUNTER, 1, n, u, d, f, x); }
otel_instrument *otel_observable_updown_counter_create(const char *n, const char *u, const char *d, otel_observe_fn f, void *x) { return otel__observable_create(OTEL_INSTRUMENT_UPDOWN_COUNTER, 0, n, u, d, f, x); }
otel_instrument *otel_observable_updown_counter_create_double(const char *n, const char *u, const char *d, otel_observe_fn f, void *x) { return otel__observable_create(OTEL_INSTRUMENT_UPDOWN_COUNTER, 1, n, u, d, f, x); }
otel_instrument *otel_observable_gauge_create(const char *n, const char *u, const char *d, otel_observe_fn f, void *x) { return otel__observable_create(OTEL_INSTRUMENT_GAUGE, 0, n, u, d, f, x); }
otel_instrument *otel_observable_gauge_create_double(const char *n, const char *u, const char *d, otel_observe_fn f, void *x) { return otel__observable_create(OTEL_INSTRUMENT_GAUGE, 1, n, u, d, f, x); }

/* ---- attribute sets ---- */
/* The identity of a series is its normalised attribute set: keys unique,
   at most the limit, filtered and redacted, in key order. The hash is a
   sum over the attributes, so the order they come in does not matter. */
/* strings of up to 16 bytes (most attribute values) in two loads */
OTEL__INLINE uint64_t otel__hash_short(const char *p, size_t n) {
    uint64_t a = 0, b = 0;
    if (n > 16) return otel__hash_bytes(p, n, 1);
    if (n >= 8) { memcpy(&a, p, 8); memcpy(&b, p + n - 8, 8); }
    else if (n >= 4) { uint32_t x, y; memcpy(&x, p, 4); memcpy(&y, p + n - 4, 4); a = x; b = y; }
    else if (n) a = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 | (uint64_t)(unsigned char)p[n - 1] << 16;
    return otel__mix64((a * 0x9e3779b97f4a7c15ull) ^ (b + n) * 0xc2b2ae3d27d4eb4full);
}
/* Array values of metric attributes: as given (strs.items) or as stored
   and normalised (strs.packed: [u32 length][bytes][NUL] each; bool arrays
   as ints 0/1). Hash and comparison read both forms alike. */
static size_t otel__arr_count(const otel_attr *a) {
    if (a->type == OTEL_TYPE_STRING_ARRAY) return a->v.strs.items || a->v.strs.packed ? a->v.strs.count : 0;
    return a->v.ints.items ? a->v.ints.count : 0;
}
/* element i: a string array's text (*len), else the value's word (bools 0/1) */
static const char *otel__arr_elem(const otel_attr *a, size_t i, const char **packed, uint32_t *len, uint64_t *word) {
    if (a->type == OTEL_TYPE_STRING_ARRAY) {
        const char *p;
        if (a->v.strs.items) {
            p = a->v.strs.items[i] ? a->v.strs.items[i] : "";
            *len = (uint32_t)strlen(p);
        } else {
            memcpy(len, *packed, 4);
            p = *packed + 4;
            *packed = p + *len + 1;
        }
        return p;
    }
    if (a->type == OTEL_TYPE_BOOL_ARRAY) *word = a->v.bools.items[i] != 0;
    else memcpy(word, &a->v.ints.items[i], 8);
    return NULL;
}
static uint64_t otel__arr_hash(const otel_attr *a) {
    uint64_t h = otel__mix64((uint64_t)a->type * 0x51ed27u);
    const char *packed = a->v.strs.packed;
    for (size_t i = 0, n = otel__arr_count(a); i < n; i++) {
        uint32_t len = 0;
        uint64_t w = 0;
        const char *p = otel__arr_elem(a, i, &packed, &len, &w);
        h = otel__mix64(h ^ (p ? otel__hash_short(p, len) : otel__mix64(w ^ 5)));
    }
    return h;
}
/* does the stored array record x hold a's values? */
static int otel__arr_equal(const otel__r *x, const otel_attr *a) {
    size_t n = otel__arr_count(a);
    if (x->aux != n) return 0;
    const unsigned char *q = (const unsigned char *)(x + 1);
    const char *packed = a->v.strs.packed;
    for (size_t i = 0; i < n; i++) {
        uint32_t len = 0, sl;
        uint64_t w = 0, sw = 0;
        const char *p = otel__arr_elem(a, i, &packed, &len, &w);
        if (p) {
            memcpy(&sl, q, 4);
            if (sl != len || memcmp(q + 4, p, len) != 0) return 0;
            q += 4 + sl + 1;
        } else if (a->type == OTEL_TYPE_BOOL_ARRAY) {
            int b;
            memcpy(&b, q, sizeof b);
            if ((uint64_t)b != w) return 0;
            q += sizeof b;
        } else {
            memcpy(&sw, q, 8);
            if (sw != w) return 0;
            q += 8;
        }
    }
    return 1;
}
/* the bytes a stored (normalised) array takes after its record header */
static size_t otel__arr_bytes(const otel_attr *a) {
    size_t n = otel__arr_count(a);
    if (a->type == OTEL_TYPE_BOOL_ARRAY) return n * sizeof(int);
    if (a->type != OTEL_TYPE_STRING_ARRAY) return n * 8;
    const char *p = a->v.strs.packed;
    for (size_t i = 0; i < n; i++) { uint32_t len; memcpy(&len, p, 4); p += 4 + len + 1; }
    return (size_t)(p - a->v.strs.packed);
}
static uint64_t otel__attr_value_hash(const otel_attr *a, size_t len) {
    switch (a->type) {
    case OTEL_TYPE_STRING: return otel__hash_short(a->v.str.ptr, len);
    case OTEL_TYPE_DOUBLE: return otel__mix64(otel__dbits(a->v.d) ^ 2);
    case OTEL_TYPE_BOOL: return otel__mix64((uint64_t)(a->v.b != 0) ^ 3);
    case OTEL_TYPE_STRING_ARRAY: case OTEL_TYPE_INT_ARRAY: case OTEL_TYPE_DOUBLE_ARRAY: case OTEL_TYPE_BOOL_ARRAY:
        return otel__arr_hash(a);
    default: return otel__mix64((uint64_t)a->v.i ^ 4);
    }
}
OTEL__INLINE size_t otel__attr_len(const otel_attr *a) {
    if (a->type != OTEL_TYPE_STRING) return 0;
    if (!a->v.str.ptr) return 0;
    return a->v.str.len == (size_t)-1 ? strlen(a->v.str.ptr) : a->v.str.len;
}
/* lens[i]: the length of string value i, measured once for hash and compare */
static uint64_t otel__set_hash(otel__tls *t, const struct otel_instrument *m, const otel_attr *attrs, size_t n, size_t *lens) {
    uint64_t h = otel__mix64((uint64_t)m->index + 0x51ed27u);
    for (size_t i = 0; i < n; i++) {
        uint64_t kh = otel__key_info(t, attrs[i].key)->text_hash;
        lens[i] = otel__attr_len(&attrs[i]);
        h += otel__mix64(kh ^ (otel__attr_value_hash(&attrs[i], lens[i]) * 0x9e3779b97f4a7c15ull));
    }
    return h ? h : 1;
}
/* the stored attribute with this key: the same pointer first (keys are
   literals), then the same text */
OTEL__INLINE const otel__r *otel__series_attr(const otel__series *s, const char *key) {
    const unsigned char *base = (const unsigned char *)s + s->attr_off;
    const otel__r *x = (const otel__r *)base;
    for (size_t j = 0; j < s->nattrs; j++, x = (const otel__r *)((const unsigned char *)x + x->size))
        if (x->key == key) return x;
    x = (const otel__r *)base;
    for (size_t j = 0; j < s->nattrs; j++, x = (const otel__r *)((const unsigned char *)x + x->size))
        if (otel__same_key(x->key, key)) return x;
    return NULL;
}
/* does stored series s hold exactly the attribute set attrs[0..n)? */
static int otel__series_matches(const otel__series *s, const otel_attr *attrs, size_t n, const size_t *lens) {
    if (s->nattrs != n) return 0;
    for (size_t i = 0; i < n; i++) {
        const otel_attr *a = &attrs[i];
        const otel__r *x = otel__series_attr(s, a->key);
        if (!x || x->vtype != (uint8_t)a->type) return 0;
        {
            switch (a->type) {
            case OTEL_TYPE_STRING: {
                size_t len = lens[i];
                if (x->aux != len || (len && memcmp(x + 1, a->v.str.ptr, len) != 0)) return 0;
                break;
            }
            case OTEL_TYPE_DOUBLE: if (x->v.u != otel__dbits(a->v.d)) return 0; break;
            case OTEL_TYPE_BOOL: if ((x->v.i != 0) != (a->v.b != 0)) return 0; break;
            case OTEL_TYPE_STRING_ARRAY: case OTEL_TYPE_INT_ARRAY: case OTEL_TYPE_DOUBLE_ARRAY: case OTEL_TYPE_BOOL_ARRAY:
                if (!otel__arr_equal(x, a)) return 0;
                break;
            default: if (x->v.i != a->v.i) return 0; break;
            }
        }
    }
    return 1;
}
static uint32_t otel__table_find(const struct otel_instrument *m, uint64_t h, const otel_attr *attrs, size_t n,
                                 const size_t *lens) {
    uint32_t mask = otel__g.mslots - 1;
    const uint32_t *tab = (const uint32_t *)otel__g.mregion;
    for (uint32_t i = (uint32_t)h & mask, k = 0; k <= mask; i = (i + 1) & mask, k++) {
        uint32_t off = OTEL__LOAD_ACQ(&tab[i]);
        if (!off) return 0;
        const otel__series *s = OTEL__SERIES_AT(off);
        if (s->hash == h && s->inst == m->index && otel__series_matches(s, attrs, n, lens)) return off;
    }
    return 0;
}

/* The normalised form of a recording's attributes, in caller memory:
   strings point into text[], which holds redacted copies, and arrays
   too, in their stored form (an array that does not fit is dropped and
   counted). */
typedef struct otel__norm {
    otel_attr a[OTEL__MAX_METRIC_ATTRS];
    size_t n;
    char text[OTEL__MAX_METRIC_ATTRS * 128];
    size_t used;
} otel__norm;

/* an array value copied into out->text in its stored form; 0: no room */
static int otel__normalise_array(const otel_attr *a, otel__norm *out, otel_attr *v) {
    size_t n = otel__arr_count(a), at = OTEL__ALIGN8(out->used), o = at;
    if (at > sizeof out->text) return 0;
    char *base = out->text;
    const char *packed = a->v.strs.packed;
    for (size_t i = 0; i < n; i++) {
        uint32_t len = 0;
        uint64_t w = 0;
        const char *p = otel__arr_elem(a, i, &packed, &len, &w);
        size_t room = sizeof out->text - o;
        if (p) {
            size_t lim = otel__g.lim_value_len < 128 ? otel__g.lim_value_len : 128;
            if (room < 5 + (len < lim ? len : lim)) return 0;
            uint32_t l = (uint32_t)otel__copy_redacted(p, len, base + o + 4, lim, otel__g.redact_mode != OTEL_REDACT_OFF);
            memcpy(base + o, &l, 4);
            base[o + 4 + l] = 0;
            o += 4 + l + 1;
        } else if (a->type == OTEL_TYPE_BOOL_ARRAY) {
            int b = (int)w;
            if (room < sizeof b) return 0;
            memcpy(base + o, &b, sizeof b);
            o += sizeof b;
        } else {
            if (room < 8) return 0;
            memcpy(base + o, &w, 8);
            o += 8;
        }
    }
    if (a->type == OTEL_TYPE_STRING_ARRAY) { v->v.strs.items = NULL; v->v.strs.packed = base + at; v->v.strs.count = n; }
    else { v->v.ints.items = (const int64_t *)(const void *)(base + at); v->v.ints.count = n; }
    out->used = o;
    return 1;
}
static void otel__normalise(otel__tls *t, const otel_attr *in, size_t n, otel__norm *out) {
    out->n = 0; out->used = 0;
    uint32_t limit = otel__g.lim_metric_attrs;
    for (size_t i = 0; i < n; i++) {
        const otel_attr *a = &in[i];
        if (!a->key || a->type == OTEL_TYPE_NONE || a->type > OTEL_TYPE_BOOL_ARRAY) { OTEL__ADD(&otel__g.attrs_dropped, 1); continue; }
        int redact = 0;
        if (otel__g.filter) {
            int f = otel__g.filter(otel__g.filter_user, a);
            if (f == OTEL_FILTER_DROP) { OTEL__ADD(&otel__g.attrs_dropped, 1); continue; }
            redact = f == OTEL_FILTER_REDACT;
        }
        if (!redact && otel__g.redact_mode != OTEL_REDACT_OFF && (a->type == OTEL_TYPE_STRING || a->type == OTEL_TYPE_STRING_ARRAY) &&
            otel__key_verdict(t, a->key) == OTEL__KEY_REDACT)
            redact = 1;
        otel_attr v = *a;
        if (redact) {
            v = otel_attr_str(a->key, otel__redacted);
            v.v.str.len = sizeof otel__redacted - 1;
            OTEL__ADD(&otel__g.redacted, 1);
        } else if (a->type == OTEL_TYPE_STRING) {
            const char *p = a->v.str.ptr ? a->v.str.ptr : "";
            size_t len = otel__attr_len(a), room = sizeof out->text - out->used, cap = room < 128 ? room : 128;
            if (cap > otel__g.lim_value_len) cap = otel__g.lim_value_len;
            char *dst = out->text + out->used;
            size_t full = otel__copy_redacted(p, len, dst, cap, otel__g.redact_mode != OTEL_REDACT_OFF);
            v.v.str.ptr = dst; v.v.str.len = full;
            out->used += full;
        } else if (a->type >= OTEL_TYPE_STRING_ARRAY && !otel__normalise_array(a, out, &v)) {
            OTEL__ADD(&otel__g.attrs_dropped, 1);
            continue;
        }
        /* a key given twice: the later value wins */
        size_t j = 0;
        while (j < out->n && strcmp(out->a[j].key, v.key) != 0) j++;
        if (j < out->n) { out->a[j] = v; continue; }
        if (out->n >= limit) { OTEL__ADD(&otel__g.attrs_dropped, 1); continue; }
        /* insertion in key order */
        size_t k = out->n++;
        while (k > 0 && strcmp(out->a[k - 1].key, v.key) > 0) { out->a[k] = out->a[k - 1]; k--; }
        out->a[k] = v;
    }
}

/* a new series, or the one another thread just made for the same set */
static uint32_t otel__series_insert(otel__tls *t, struct otel_instrument *m, uint64_t h, const otel__norm *nm,
                                    const size_t *lens) {
    if (OTEL__FADD32(&m->nseries, 1) >= m->card_limit) return 0;
    size_t bytes = otel__series_fixed_size(m);
    size_t extra[OTEL__MAX_METRIC_ATTRS];   /* what follows each record: a string's text, an array's values */
    for (size_t i = 0; i < nm->n; i++) {
        const otel_attr *a = &nm->a[i];
        extra[i] = a->type == OTEL_TYPE_STRING ? a->v.str.len + 1 : a->type >= OTEL_TYPE_STRING_ARRAY ? otel__arr_bytes(a) : 0;
        bytes += OTEL__ALIGN8(sizeof(otel__r) + extra[i]);
    }
    uint32_t size = (uint32_t)OTEL__ALIGN8(bytes);
    if (size > 0xffff * 8u) return 0;
    uint32_t off = otel__series_alloc(t, size);
    if (!off) return 0;
    otel__series *s = OTEL__SERIES_AT(off);
    otel__series_init(s, m, h);
    unsigned char *p = (unsigned char *)s + s->attr_off;
    for (size_t i = 0; i < nm->n; i++) {
        const otel_attr *a = &nm->a[i];
        otel__r *x = (otel__r *)p;
        memset(x, 0, sizeof *x);
        x->tag = OTEL__R_ATTR; x->vtype = (uint8_t)a->type; x->key = a->key;
        if (a->type == OTEL_TYPE_STRING) {
            x->aux = (uint32_t)a->v.str.len;
            memcpy(x + 1, a->v.str.ptr, a->v.str.len);
            ((char *)(x + 1))[a->v.str.len] = 0;
        } else if (a->type >= OTEL_TYPE_STRING_ARRAY) {
            x->aux = (uint32_t)otel__arr_count(a);
            memcpy(x + 1, a->type == OTEL_TYPE_STRING_ARRAY ? (const void *)a->v.strs.packed : (const void *)a->v.ints.items, extra[i]);
        } else if (a->type == OTEL_TYPE_DOUBLE) x->v.d = a->v.d;
        else if (a->type == OTEL_TYPE_BOOL) x->v.i = a->v.b != 0;
        else x->v.i = a->v.i;
        x->size = (uint16_t)OTEL__ALIGN8(sizeof(otel__r) + extra[i]);
        p += x->size;
    }
    s->nattrs = (uint16_t)nm->n;
    uint32_t mask = otel__g.mslots - 1, *tab = (uint32_t *)otel__g.mregion;
    for (uint32_t i = (uint32_t)h & mask, k = 0; k <= mask && k < 4096; i = (i + 1) & mask, k++) {
        uint32_t cur = OTEL__LOAD_ACQ(&tab[i]);
        if (!cur) {
            if (OTEL__CAS(&tab[i], &cur, off)) { otel__series_link(m, off); OTEL__ADD(&otel__g.mseries, 1); return off; }
        }
        const otel__series *o = OTEL__SERIES_AT(cur);
        if (o->hash == h && o->inst == m->index && otel__series_matches(o, nm->a, nm->n, lens)) {
            t->spare_off = off; t->spare_size = size;   /* lost a race: keep ours for next time */
            return cur;
        }
    }
    t->spare_off = off; t->spare_size = size;
    return 0;
}

/* A per-thread cache of recent recordings: the same call site records the
   same keys (literals) with values that repeat, so the series is found by
   comparing pointers and words, then the bytes of string values against
   the stored copy (a reused buffer may hold new text). No hashing of text. */
#define OTEL__MCACHE_WAYS 32
#define OTEL__MCACHE_ATTRS 4
typedef struct otel__mcache {
    const struct otel_instrument *inst;
    uint32_t epoch, off;              /* the series */
    uint32_t n;
    uint32_t rec[OTEL__MCACHE_ATTRS]; /* each attribute's stored record (offset in the region) */
    const char *key[OTEL__MCACHE_ATTRS];
    uint64_t val[OTEL__MCACHE_ATTRS]; /* ints, doubles, bools: the value; strings: the pointer */
    uint8_t type[OTEL__MCACHE_ATTRS];
    size_t len[OTEL__MCACHE_ATTRS];   /* strings: the length as given ((size_t)-1: NUL-terminated) */
} otel__mcache;
static OTEL__TLS otel__mcache otel__mcache_ways[OTEL__MCACHE_WAYS];

/* short strings compared a word at a time, without a call: the last
   word (or two 4-byte halves) overlapping the ones before */
OTEL__INLINE int otel__bytes_equal(const char *a, const char *b, size_t n) {
    uint64_t x, y;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8); memcpy(&y, b + i, 8);
            if (x != y) return 0;
        }
        memcpy(&x, a + n - 8, 8); memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t p, q, r, t;
        memcpy(&p, a, 4); memcpy(&q, b, 4); memcpy(&r, a + n - 4, 4); memcpy(&t, b + n - 4, 4);
        return p == q && r == t;
    }
    while (n--) if (*a++ != *b++) return 0;
    return 1;
}
OTEL__INLINE uint64_t otel__attr_word(const otel_attr *a) {
    switch (a->type) {
    case OTEL_TYPE_STRING: return (uint64_t)(uintptr_t)a->v.str.ptr;
    case OTEL_TYPE_BOOL: return (uint64_t)(a->v.b != 0);
    default: return (uint64_t)a->v.i;   /* ints, and the bits of doubles */
    }
}
OTEL__INLINE uint64_t otel__mcache_hash(const struct otel_instrument *m, const otel_attr *attrs, size_t n) {
    uint64_t h = (uint64_t)(uintptr_t)m;
    for (size_t i = 0; i < n; i++) h = (h ^ (uint64_t)(uintptr_t)attrs[i].key ^ otel__attr_word(&attrs[i])) * 0x9e3779b97f4a7c15ull;
    return h;
}
OTEL__INLINE otel__mcache *otel__mcache_way(const struct otel_instrument *m, const otel_attr *attrs, size_t n) {
    return &otel__mcache_ways[otel__mcache_hash(m, attrs, n) >> 59];
}
static otel__series *otel__mcache_hit(const otel__mcache *c, const struct otel_instrument *m, const otel_attr *attrs, size_t n,
                                      uint32_t epoch) {
    if (c->inst != m || c->epoch != epoch || c->n != n) return NULL;
    for (size_t i = 0; i < n; i++) {
        const otel_attr *a = &attrs[i];
        if (c->key[i] != a->key || c->val[i] != otel__attr_word(a) || c->type[i] != (uint8_t)a->type) return NULL;
        if (a->type == OTEL_TYPE_STRING) {
            const otel__r *x = (const otel__r *)(otel__g.mregion + c->rec[i]);
            if (x->vtype != OTEL_TYPE_STRING || !a->v.str.ptr) return NULL;
            size_t len = x->aux;
            if (a->v.str.len == (size_t)-1) {
                if (c->len[i] != (size_t)-1) return NULL;
                len++;                          /* the NUL too: the text has not grown */
            } else if (a->v.str.len != len) {
                return NULL;
            }
            if (!otel__bytes_equal((const char *)(x + 1), a->v.str.ptr, len)) return NULL;
        }
    }
    return OTEL__SERIES_AT(c->off);
}
static void otel__mcache_fill(otel__mcache *c, const struct otel_instrument *m, const otel_attr *attrs, size_t n,
                              uint32_t off, uint32_t epoch) {
    const otel__series *s = OTEL__SERIES_AT(off);
    for (size_t i = 0; i < n; i++) {
        const otel__r *x = otel__series_attr(s, attrs[i].key);
        if (!x || attrs[i].type >= OTEL_TYPE_STRING_ARRAY) { c->inst = NULL; return; }   /* (an array's items may change in place) */
        c->rec[i] = (uint32_t)((const unsigned char *)x - otel__g.mregion);
        c->key[i] = attrs[i].key;
        c->val[i] = otel__attr_word(&attrs[i]);
        c->len[i] = attrs[i].type == OTEL_TYPE_STRING ? attrs[i].v.str.len : 0;
        c->type[i] = (uint8_t)attrs[i].type;
        if (x->vtype != c->type[i]) { c->inst = NULL; return; }
    }
    c->inst = m; c->epoch = epoch; c->off = off; c->n = (uint32_t)n;
}

/* the series a recording goes to; never fails (the overflow series) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static otel__series *otel__series_lookup(otel__tls *t, otel_instrument *m, const otel_attr *attrs, size_t n, otel__mcache *c) {
    size_t lens[OTEL__MAX_METRIC_ATTRS];
    if (n <= OTEL__MAX_METRIC_ATTRS) {   /* the attributes as given are the identity */
        uint64_t h = otel__set_hash(t, m, attrs, n, lens);
        uint32_t off = otel__table_find(m, h, attrs, n, lens);
        if (OTEL__LIKELY(off)) {
            if (c) otel__mcache_fill(c, m, attrs, n, off, t->epoch);
            return OTEL__SERIES_AT(off);
        }
    }
    otel__norm nm;
    otel__normalise(t, attrs, n, &nm);
    uint64_t h = otel__set_hash(t, m, nm.a, nm.n, lens);
    uint32_t off = otel__table_find(m, h, nm.a, nm.n, lens);
    if (!off) off = otel__series_insert(t, m, h, &nm, lens);
    if (!off) {
        OTEL__ADD(&otel__g.moverflow, 1);
        OTEL__WARN("metric '%.64s': series limit reached; recordings go to the otel.metric.overflow series", m->name);
        off = m->overflow;
    }
    return OTEL__SERIES_AT(off);
}
OTEL__INLINE otel__series *otel__series_for(otel_instrument *m, const otel_attr *attrs, size_t n) {
    otel__mcache *c = n <= OTEL__MCACHE_ATTRS ? otel__mcache_way(m, attrs, n) : NULL;
    if (c) {   /* an entry of this epoch: instruments and series of another one never match */
        otel__series *hit = otel__mcache_hit(c, m, attrs, n, m->epoch);
        if (OTEL__LIKELY(hit != NULL)) return hit;
    }
    otel__tls *t = otel__thread();
    return otel__series_lookup(t, m, attrs, n, c);
}

static void otel__record_viewed(otel_instrument *m, int kind, const otel_attr *attrs, size_t n, int64_t iv, double dv);
/* iv, dv: the value as an integer and as a double, for otel__record_viewed */
OTEL__INLINE otel__series *otel__recording(otel_instrument *m, int kind, const otel_attr *attrs, size_t n, int64_t iv, double dv) {
    if (OTEL__UNLIKELY(!m || m->epoch != OTEL__LOAD(&otel__g.epoch) || !OTEL__LOAD(&otel__g.enabled) || OTEL__LOAD(&m->off))) {
        if (m && !OTEL__LOAD(&m->off)) OTEL__ADD(&otel__g.mdropped, 1);   /* (a disabled meter's: not dropped, a no-op) */
        return NULL;
    }
    if (OTEL__UNLIKELY(kind && m->kind != kind && !(kind == OTEL_INSTRUMENT_COUNTER && m->kind == OTEL_INSTRUMENT_UPDOWN_COUNTER))) {
        if (m->kind & OTEL__VIEWED) { otel__record_viewed(m, kind, attrs, n, iv, dv); return NULL; }
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("instrument '%.64s' recorded with the wrong function; ignored", m->name);
        return NULL;
    }
    otel__series *s = otel__series_for(m, attrs, n);
    if (OTEL__UNLIKELY(!OTEL__LOAD(&s->sets))) OTEL__STORE(&s->sets, 1u);
    /* the next recordings without attributes go straight to it (unless
       its meter was disabled meanwhile: see otel_meter_set_enabled) */
    if (!n && !OTEL__LOAD(&m->nil) && s != OTEL__SERIES_AT(m->overflow)) {
        OTEL__STORE_SC(&m->nil, (uint32_t)((unsigned char *)s - otel__g.mregion));
        if (OTEL__LOAD_SC(&m->off)) OTEL__STORE_SC(&m->nil, 0u);
    }
    return s;
}
/* The fast path: a recording without attributes into an instrument of
   one of these kinds (bits 1 << kind; not viewed, not observable) whose
   series of no attributes exists; is_double -1: either. NULL: the full path. */
#define OTEL__KBIT(k) (1u << (k))
OTEL__INLINE otel__series *otel__nil_series(const struct otel_instrument *m, size_t n, uint32_t kinds, int is_double) {
    if (n || !m || m->kind > 0x0f || !(OTEL__KBIT(m->kind) & kinds) || (is_double >= 0 && m->is_double != is_double))
        return NULL;
    uint32_t off = OTEL__LOAD_ACQ(&m->nil);
    if (!off || m->epoch != OTEL__LOAD(&otel__g.epoch) || !OTEL__LOAD(&otel__g.enabled)) return NULL;
    return OTEL__SERIES_AT(off);
}
static void otel__add_double(uint64_t *p, double v) {
    uint64_t old = OTEL__LOAD(p), nw;
    do nw = otel__dbits(otel__bitsd(old) + v); while (!OTEL__CAS(p, &old, nw));
}

/* ---- exponential histograms ---- */
/* The bucket of |v| > 0 at a scale: index i holds (2^(i/2^scale), 2^((i+1)/2^scale)];
   an exact power of two is the upper end of its bucket. frexp: a = f * 2^e, f in [0.5, 1). */
/* log2(m) for m in [1, 2) without libm: m's top 6 fraction bits pick a
   centre c (the middle of its 64th), log2(m) = log2(c) + 2 atanh(t) / ln 2
   with t = (m - c) / (m + c), |t| < 1/256: three terms of the series (the
   next is below 1e-18) */
static const double otel__log2_mid[64] = {
    0.01122725542325412, 0.03342300153745028, 0.0552824355011896, 0.0768155970508309,
    0.09803208296052672, 0.11894107272350743, 0.13955135239879354, 0.1598713367783894,
    0.17990909001493446, 0.1996723448363644, 0.21916852046216156, 0.2384047393250789,
    0.25738784269265175, 0.27612440527423754, 0.294620748891627, 0.31288295528435534,
    0.33091687811461695, 0.34872815423107756, 0.3663222142458158, 0.38370429247405224,
    0.4008794362821843, 0.41785251488589786, 0.43462822763672465, 0.4512111118323288,
    0.4676055500829974, 0.4838157772642564, 0.4998458870832054, 0.5156998382840424,
    0.5313814605163121, 0.5468944598876366, 0.5622424242210726, 0.5774288280357487,
    0.5924570372680804, 0.6073303137496107, 0.6220518194563762, 0.6366246205436489,
    0.6510516911789286, 0.6653359171851763, 0.6794800995054461, 0.6934869574993252,
    0.7073591320808827, 0.7210991887071851, 0.7347096202258382, 0.7481928495894603,
    0.7615512324444793, 0.7747870596011734, 0.7879025593914316, 0.8008998999203047,
    0.8137811912170371, 0.826548487290915, 0.839203788096944, 0.8517490414160576,
    0.8641861446542802, 0.8765169465649997, 0.8887432488982591, 0.9008668079807486,
    0.9128893362299616, 0.9248125036057809, 0.9366379390025705, 0.9483672315846776,
    0.9600019320680809, 0.971543553950772, 0.9829935746943101, 0.9943534368588579};
OTEL__INLINE double otel__log2_1to2(double m, uint32_t j) {
    double c = 1.0 + ((double)j + 0.5) * 0.015625;
    double t = (m - c) / (m + c), u = t * t;
    double p = 1.0 + u * (1.0 / 3 + u * (1.0 / 5));
    return otel__log2_mid[j] + 2.0 * t * p * 1.4426950408889634;   /* log2(e) */
}
/* bits of a double: biased exponent e (0: subnormal), fraction f; a = (1 + f/2^52) 2^(e - 1023) */
OTEL__INLINE int32_t otel__exp_index(double a, int scale) {
    uint64_t u;
    memcpy(&u, &a, 8);
    int32_t e = (int32_t)(u >> 52 & 0x7ff);
    uint64_t f = u & 0xfffffffffffffull;
    if (OTEL__UNLIKELY(e == 0)) {               /* subnormal: normalise the fraction */
        int lz = 0;
        while (!(f & 0x10000000000000ull)) { f <<= 1; lz++; }
        f &= 0xfffffffffffffull;
        e = 1 - lz;
    }
    int32_t x = e - 1023;                       /* floor(log2(a)) */
    if (f == 0) {                               /* a = 2^x exactly: the bucket below */
        if (scale <= 0) return (x - 1) >> -scale;
        return (int32_t)((int64_t)x * ((int64_t)1 << scale) - 1);
    }
    if (scale <= 0) return x >> -scale;
    uint64_t mb = f | 0x3ff0000000000000ull;    /* m = 1.f in [1, 2) */
    double m;
    memcpy(&m, &mb, 8);
    /* floor((x + log2 m) * 2^scale) = x * 2^scale + floor(log2(m) * 2^scale) */
    double y = otel__log2_1to2(m, (uint32_t)(f >> 46)) * (double)((int64_t)1 << scale);
    int64_t fy = (int64_t)y;                    /* y >= 0: truncation is floor */
    return (int32_t)((int64_t)x * ((int64_t)1 << scale) + fy);
}
OTEL__INLINE void otel__spin_lock(uint32_t *l) {
#ifndef OTEL_NO_THREADS
    uint32_t z = 0;
    while (!__atomic_compare_exchange_n(l, &z, 1u, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        z = 0;
        while (__atomic_load_n(l, __ATOMIC_RELAXED)) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        }
    }
#else
    (void)l;
#endif
}
OTEL__INLINE void otel__spin_unlock(uint32_t *l) { OTEL__STORE_REL(l, 0u); }
/* both sides' buckets merged by 2^c: index i becomes i >> c (in place: i >> c <= i) */
static void otel__exph_downscale(otel__exph *h, uint32_t cap, int c) {
    for (int side = 0; side < 2; side++) {
        uint64_t *b = OTEL__EXPH_B(h) + side * cap;
        if (!h->len[side]) continue;
        int32_t off = h->off[side], noff = off >> c;
        for (uint32_t i = 0; i < h->len[side]; i++) {
            uint64_t x = b[i];
            uint32_t j = (uint32_t)(((off + (int32_t)i) >> c) - noff);
            b[i] = 0;
            b[j] += x;
        }
        h->len[side] = (uint32_t)(((off + (int32_t)h->len[side] - 1) >> c) - noff + 1);
        h->off[side] = noff;
    }
    OTEL__STORE(&h->scale, h->scale - c);
}
/* a count at index idx of a side that has no bucket for it yet: the
   first, or a wider range (at a coarser scale when it does not fit) */
static OTEL__NOINLINE void otel__exph_place(otel__exph *h, uint32_t cap, int side, int32_t idx) {
    uint64_t *b = OTEL__EXPH_B(h) + side * cap;
    uint32_t len = h->len[side];
    if (!len) { h->off[side] = idx; h->len[side] = 1; b[0] = 1; return; }
    int32_t off = h->off[side];
    int32_t lo = idx < off ? idx : off, hi = idx > off + (int32_t)len - 1 ? idx : off + (int32_t)len - 1;
    if ((uint32_t)(hi - lo) >= cap) {           /* out of room: a coarser scale, until the range fits */
        int c = 1;
        while ((uint32_t)((hi >> c) - (lo >> c)) >= cap) c++;
        otel__exph_downscale(h, cap, c);
        idx >>= c;
        off = h->off[side]; len = h->len[side];
    }
    if (idx < off) {
        uint32_t shift = (uint32_t)(off - idx);
        memmove(b + shift, b, len * sizeof *b);
        memset(b, 0, shift * sizeof *b);
        h->off[side] = off = idx;
        h->len[side] = len += shift;
    } else if (idx >= off + (int32_t)len) {
        uint32_t nl = (uint32_t)(idx - off) + 1;
        memset(b + len, 0, (nl - len) * sizeof *b);
        h->len[side] = nl;
    }
    b[idx - off]++;
}
/* idx: v's index at scale, worked out before the lock was taken; again
   when the scale changed meanwhile */
OTEL__INLINE void otel__exph_add(otel__exph *h, uint32_t cap, double v, int32_t scale, int32_t idx) {
    h->count++;
    h->sum += v;
    if (v < h->min) h->min = v;
    if (v > h->max) h->max = v;
    if (v == 0) { h->zero++; return; }
    int side = v < 0;
    if (OTEL__UNLIKELY(h->scale != scale)) idx = otel__exp_index(side ? -v : v, h->scale);
    uint32_t i = (uint32_t)idx - (uint32_t)h->off[side];   /* in the side's range: below its length */
    if (OTEL__LIKELY(i < h->len[side])) OTEL__EXPH_B(h)[side * cap + i]++;
    else otel__exph_place(h, cap, side, idx);
}
OTEL__INLINE void otel__exph_record(const struct otel_instrument *m, otel__exph *h, double v) {
    if (OTEL__UNLIKELY(v - v != 0)) {           /* infinite: no bucket holds it */
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("exponential histogram '%.64s': infinite value ignored", m->name);
        return;
    }
    /* the index outside the lock, at the scale read without it (the lock
       then is held for a few adds and compares) */
    int32_t scale = OTEL__LOAD(&h->scale), idx = v != 0 ? otel__exp_index(v < 0 ? -v : v, scale) : 0;
    otel__spin_lock(&h->lock);
    otel__exph_add(h, m->exp_size, v, scale, idx);
    otel__spin_unlock(&h->lock);
}

/* ---- exemplars: a measurement of a cell, with the span it was made in;
   the n-th offered since the cell was taken replaces it with probability
   1/n (each one equally likely to be the one kept) ---- */
static int otel__stream_keeps(const struct otel_instrument *m, const char *key);
/* an exemplar's value as the stream records it (histograms: double) */
static void otel__exemplar_value(const struct otel_instrument *m, uint64_t bits, otel_exemplar *e) {
    e->as_int = (int64_t)bits;
    e->as_double = m->is_double || OTEL__KIND(m) == OTEL_INSTRUMENT_HISTOGRAM ? otel__bitsd(bits) : (double)(int64_t)bits;
}
/* the measurement's attributes that stream m leaves out, into an exemplar
   cell's (those with no room, and arrays: dropped, counted) */
static void otel__exattrs_put(const struct otel_instrument *m, otel__exattrs *x, const otel_attr *attrs, size_t n) {
    uint32_t k = 0, used = 0, dropped = 0;
    for (size_t i = 0; i < n; i++) {
        const otel_attr *a = &attrs[i];
        if (!a->key || otel__stream_keeps(m, a->key)) continue;
        int str = a->type == OTEL_TYPE_STRING;
        size_t len = str && a->v.str.ptr ? (a->v.str.len == (size_t)-1 ? strlen(a->v.str.ptr) : a->v.str.len) : 0;
        if (k == OTEL_EXEMPLAR_ATTRS || a->type == OTEL_TYPE_NONE || a->type >= OTEL_TYPE_STRING_ARRAY ||
            (str && (!a->v.str.ptr || len > OTEL_EXEMPLAR_ATTR_BYTES - used))) { dropped++; continue; }
        x->a[k] = *a;
        if (str) {
            memcpy(x->text + used, a->v.str.ptr, len);
            x->a[k].v.str.ptr = x->text + used; x->a[k].v.str.len = len;
            used += (uint32_t)len;
        }
        k++;
    }
    x->n = k; x->used = used;
    if (dropped) OTEL__ADD(&otel__exattr_dropped, (uint64_t)dropped);
}
/* a measurement into cell `cell`, claimed as a writer (another one
   writing it: this one is not kept); viewed: as otel__exemplar_offer_in's
   (a stream that keeps filtered attributes records through the view) */
OTEL__INLINE void otel__excell_put(const struct otel_instrument *m, otel__series *s, otel__excell *x, uint32_t cell, uint64_t bits,
                                   const otel_span_context *c, const otel_attr *attrs, size_t nattrs, int viewed) {
    uint64_t q = OTEL__LOAD(&x->seq), t0 = 0, t1 = 0, sid = 0;
    if ((q & 1) || !OTEL__CAS(&x->seq, &q, q + 1)) return;
    if (c) { memcpy(&t0, c->trace_id, 8); memcpy(&t1, c->trace_id + 8, 8); memcpy(&sid, c->span_id, 8); }
    OTEL__STORE(&x->time, (uint64_t)OTEL_CLOCK_NS());
    OTEL__STORE(&x->value, bits);
    OTEL__STORE(&x->t0, t0); OTEL__STORE(&x->t1, t1); OTEL__STORE(&x->span, sid);
    if (viewed && m->ex_attrs) otel__exattrs_put(m, OTEL__EXATTRS(m, s) + cell, attrs, nattrs);
    OTEL__STORE_REL(&x->seq, q + 2);
}
/* a view's reservoir: simple fixed-size, or the user's own */
static OTEL__NOINLINE void otel__exemplar_chosen(const struct otel_instrument *m, otel__series *s, uint64_t bits,
                                                 const otel_span_context *c, const otel_attr *attrs, size_t nattrs) {
    if (m->ex_impl) {
        otel_exemplar e;
        memset(&e, 0, sizeof e);
        e.time_ns = (uint64_t)OTEL_CLOCK_NS();
        otel__exemplar_value(m, bits, &e);
        if (c) { memcpy(e.trace_id, c->trace_id, 16); memcpy(e.span_id, c->span_id, 8); }
        m->ex_impl->offer(m->ex_impl->user, s, &e, attrs, nattrs, c);
        return;
    }
    /* reservoir sampling: the first k fill the cells, the n-th then
       replaces a random one with probability k/n (cell 0's seen counts
       for the whole reservoir) */
    otel__excell *x = OTEL__EXCELLS(m, s);
    uint64_t n = OTEL__LOAD(&x->seen) + 1;
    OTEL__STORE(&x->seen, n);
    uint64_t r = n <= m->ex_cells ? n - 1 : (uint64_t)(((__uint128_t)otel__rng_next(&otel__t.rng) * n) >> 64);
    if (r < m->ex_cells) otel__excell_put(m, s, x + r, (uint32_t)r, bits, c, attrs, nattrs, 1);
}
/* viewed: from otel__record_stream (a view's reservoir only there: such
   streams record through it) */
OTEL__INLINE void otel__exemplar_offer_in(const struct otel_instrument *m, otel__series *s, uint32_t cell, uint64_t bits,
                                          const otel_attr *attrs, size_t nattrs, int viewed) {
    const otel_span_context *c = NULL;
    otel__tls *t = &otel__t;            /* attached: the recording went through otel__thread() or its cache */
    uint32_t d = t->depth;
    while (d && OTEL__LOAD(&t->frames[d - 1].ended)) d--;   /* the current span, as otel_current_span */
    if (d) c = otel__frame_ctx(&t->frames[d - 1]);
    if (otel__g.mexfilter == OTEL_EXEMPLAR_TRACE_BASED && !(c && (c->flags & 1))) return;
    if (viewed && OTEL__UNLIKELY(m->ex_chosen)) { otel__exemplar_chosen(m, s, bits, c, attrs, nattrs); return; }
    otel__excell *x = OTEL__EXCELLS(m, s) + cell;
    uint64_t n = OTEL__LOAD(&x->seen) + 1;   /* not a locked add: two threads may count one, the odds barely move */
    OTEL__STORE(&x->seen, n);
    /* kept with probability 1/n: a random 64-bit r below 2^64 / n */
    if (n > 1 && (uint64_t)(((__uint128_t)otel__rng_next(&t->rng) * n) >> 64) != 0) return;
    otel__excell_put(m, s, x, cell, bits, c, attrs, nattrs, viewed);
}
/* the recording functions' (no attributes needed), and the viewed path's */
static OTEL__NOINLINE void otel__exemplar_offer(const struct otel_instrument *m, otel__series *s, uint32_t cell, uint64_t bits) {
    otel__exemplar_offer_in(m, s, cell, bits, NULL, 0, 0);
}
static OTEL__NOINLINE void otel__exemplar_offer_a(const struct otel_instrument *m, otel__series *s, uint32_t cell, uint64_t bits,
                                                  const otel_attr *attrs, size_t nattrs) {
    otel__exemplar_offer_in(m, s, cell, bits, attrs, nattrs, 1);
}
/* the filter's cheap part inline: trace_based needs a span on this thread
   (viewed: from otel__record_stream, attrs the measurement's) */
OTEL__INLINE void otel__exemplar(const struct otel_instrument *m, otel__series *s, uint32_t cell, uint64_t bits,
                                 const otel_attr *attrs, size_t n, int viewed) {
    if (OTEL__UNLIKELY(m->ex_cells != 0) && (otel__t.depth || otel__g.mexfilter == OTEL_EXEMPLAR_ALWAYS_ON)) {
        if (viewed) otel__exemplar_offer_a(m, s, cell, bits, attrs, n);
        else otel__exemplar_offer(m, s, cell, bits);   /* (the recording functions' own: one call as before) */
    }
}

OTEL__INLINE void otel__histogram_into(otel_instrument *m, otel__series *s, double v, const otel_attr *attrs, size_t n, int viewed) {
    if (m->exp_size) { otel__exph_record(m, OTEL__EXPH(s), v); otel__exemplar(m, s, 0, otel__dbits(v), attrs, n, viewed); return; }
    /* bucket i holds (bounds[i-1], bounds[i]]: lo = how many bounds are
       below v, by a binary search whose steps are conditional moves (the
       loop runs log2(nbounds) times whatever v is: no mispredicted branch) */
    const double *b = m->bounds;
    uint32_t lo = 0, len = m->nbounds;
    while (len > 1) { uint32_t half = len / 2; lo += b[lo + half - 1] < v ? half : 0; len -= half; }
    lo += len && b[lo] < v;
    /* one recording is wholly in a collection or wholly in the next: its
       bucket, sum, min and max change together under the series' lock
       (one atomic instruction, where the bucket's add and the sum's CAS
       were two) */
    otel__spin_lock(&s->lock);
    OTEL__HOT_BUCKETS(s)[lo]++;
    s->value = otel__dbits(otel__bitsd(s->value) + v);
    if (v < otel__bitsd(s->min_bits)) s->min_bits = otel__dbits(v);
    if (v > otel__bitsd(s->max_bits)) s->max_bits = otel__dbits(v);
    otel__spin_unlock(&s->lock);
    otel__exemplar(m, s, lo, otel__dbits(v), attrs, n, viewed);
}
/* A recording into an instrument a view changed: its attributes reduced
   to the view's keys, its value aggregated as the stream's kind says. */
/* key among the n of keys (NULL entries match nothing) */
static int otel__key_in(const char *key, const char *const *keys, uint32_t n) {
    for (uint32_t j = 0; j < n; j++)
        if (keys[j] && strcmp(key, keys[j]) == 0) return 1;
    return 0;
}
/* in attribute_keys (if given), not in excluded_attribute_keys */
static int otel__stream_keeps(const struct otel_instrument *m, const char *key) {
    return (!m->keep || otel__key_in(key, m->keep, m->nkeep)) && !otel__key_in(key, m->excl, m->nexcl);
}
/* the recording into one stream: its attribute keys, its aggregation */
static void otel__record_stream(otel_instrument *m, const otel_attr *attrs, size_t n, int64_t iv, double dv) {
    if (m->drop) return;
    const otel_attr *given = attrs;   /* (for the exemplars' filtered attributes) */
    size_t ngiven = n;
    otel_attr kept[OTEL__MAX_METRIC_ATTRS];
    if (m->keep || m->excl) {
        size_t k = 0;
        for (size_t i = 0; i < n && k < OTEL__MAX_METRIC_ATTRS; i++)
            if (attrs[i].key && otel__stream_keeps(m, attrs[i].key)) kept[k++] = attrs[i];
        attrs = kept; n = k;
    }
    /* (no attributes: the series kept in nil, as otel__recording keeps it;
       the per-thread cache has one way for every such recording) */
    uint32_t nil = n ? 0 : OTEL__LOAD_ACQ(&m->nil);
    otel__series *s = nil ? OTEL__SERIES_AT(nil) : otel__series_for(m, attrs, n);
    if (OTEL__UNLIKELY(!OTEL__LOAD(&s->sets))) OTEL__STORE(&s->sets, 1u);
    if (!n && !nil && s != OTEL__SERIES_AT(m->overflow))
        OTEL__STORE_REL(&m->nil, (uint32_t)((unsigned char *)s - otel__g.mregion));
    uint64_t bits = m->is_double ? otel__dbits(dv) : (uint64_t)iv;
    switch (OTEL__KIND(m)) {
    case OTEL_INSTRUMENT_HISTOGRAM: otel__histogram_into(m, s, dv, given, ngiven, 1); return;
    case OTEL_INSTRUMENT_GAUGE: OTEL__STORE(&s->value, bits); OTEL__ADD(&s->sets, 1u); break;
    default:
        if (m->is_double) otel__add_double(&s->value, dv);
        else OTEL__ADD(&s->value, (uint64_t)iv);
    }
    otel__exemplar(m, s, 0, bits, given, ngiven, 1);
}
/* checked once, then into each stream of the instrument (several when
   several views select it) */
static void otel__record_viewed(otel_instrument *m, int kind, const otel_attr *attrs, size_t n, int64_t iv, double dv) {
    int ik = m->ikind;
    if (ik != kind && !(kind == OTEL_INSTRUMENT_COUNTER && ik == OTEL_INSTRUMENT_UPDOWN_COUNTER)) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("instrument '%.64s' recorded with the wrong function; ignored", m->iname);
        return;
    }
    if (m->drop && !m->more) return;
    if (ik == OTEL_INSTRUMENT_COUNTER && (m->is_double ? dv < 0 : iv < 0)) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("counter '%.64s': negative increment ignored (use an up-down counter)", m->iname);
        return;
    }
    if (kind == OTEL_INSTRUMENT_HISTOGRAM)      /* a double (an int histogram's too): as an integer, clamped */
        iv = dv >= 9223372036854775807.0 ? INT64_MAX : dv <= -9223372036854775808.0 ? INT64_MIN : (int64_t)dv;
    for (;;) {
        otel__record_stream(m, attrs, n, iv, dv);
        if (!m->more) return;
        m = &otel__instruments[m->more - 1];
    }
}

/* Each recording function: the fast path (otel__nil_series) inline, the
   rest in a function of its own (a tail call), so that the fast path
   saves no registers. */
static OTEL__NOINLINE void otel__counter_add_full(otel_instrument *m, int64_t v, const otel_attr *attrs, size_t n) {
    otel__series *s;
    if (m && m->is_double) { otel_counter_add_double(m, (double)v, attrs, n); return; }
    if (OTEL__UNLIKELY(v < 0) && m && m->kind == OTEL_INSTRUMENT_COUNTER) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("counter '%.64s': negative increment ignored (use an up-down counter)", m->name);
        return;
    }
    s = otel__recording(m, OTEL_INSTRUMENT_COUNTER, attrs, n, v, (double)v);
    if (!s) return;
    OTEL__ADD(&s->value, (uint64_t)v);
    otel__exemplar(m, s, 0, (uint64_t)v, NULL, 0, 0);
}
void otel_counter_add(otel_instrument *m, int64_t v, const otel_attr *attrs, size_t n) {
    otel__series *s = otel__nil_series(m, n, OTEL__KBIT(OTEL_INSTRUMENT_COUNTER) | OTEL__KBIT(OTEL_INSTRUMENT_UPDOWN_COUNTER), 0);
    if (OTEL__LIKELY(s && (v >= 0 || m->kind == OTEL_INSTRUMENT_UPDOWN_COUNTER))) {
        OTEL__ADD(&s->value, (uint64_t)v);
        otel__exemplar(m, s, 0, (uint64_t)v, NULL, 0, 0);
        return;
    }
    otel__counter_add_full(m, v, attrs, n);
}
static OTEL__NOINLINE void otel__counter_add_double_full(otel_instrument *m, double v, const otel_attr *attrs, size_t n) {
    otel__series *s;
    if (m && !m->is_double) { otel_counter_add(m, (int64_t)v, attrs, n); return; }
    if (OTEL__UNLIKELY(v != v || (v < 0 && m && m->kind == OTEL_INSTRUMENT_COUNTER))) {
        if (m) OTEL__ADD(&otel__g.mdropped, 1);
        return;
    }
    s = otel__recording(m, OTEL_INSTRUMENT_COUNTER, attrs, n, 0, v);
    if (!s) return;
    otel__add_double(&s->value, v);
    otel__exemplar(m, s, 0, otel__dbits(v), NULL, 0, 0);
}
void otel_counter_add_double(otel_instrument *m, double v, const otel_attr *attrs, size_t n) {
    otel__series *s = otel__nil_series(m, n, OTEL__KBIT(OTEL_INSTRUMENT_COUNTER) | OTEL__KBIT(OTEL_INSTRUMENT_UPDOWN_COUNTER), 1);
    if (OTEL__LIKELY(s && v == v && (v >= 0 || m->kind == OTEL_INSTRUMENT_UPDOWN_COUNTER))) {
        otel__add_double(&s->value, v);
        otel__exemplar(m, s, 0, otel__dbits(v), NULL, 0, 0);
        return;
    }
    otel__counter_add_double_full(m, v, attrs, n);
}
static OTEL__NOINLINE void otel__histogram_record_full(otel_instrument *m, double v, const otel_attr *attrs, size_t n) {
    if (OTEL__UNLIKELY(v != v)) { if (m) OTEL__ADD(&otel__g.mdropped, 1); return; }
    otel__series *s = otel__recording(m, OTEL_INSTRUMENT_HISTOGRAM, attrs, n, 0, v);   /* iv: otel__record_viewed */
    if (!s) return;
    otel__histogram_into(m, s, v, NULL, 0, 0);
}
void otel_histogram_record(otel_instrument *m, double v, const otel_attr *attrs, size_t n) {
    otel__series *s = otel__nil_series(m, n, OTEL__KBIT(OTEL_INSTRUMENT_HISTOGRAM), -1);
    if (OTEL__LIKELY(s && v == v)) { otel__histogram_into(m, s, v, NULL, 0, 0); return; }
    otel__histogram_record_full(m, v, attrs, n);
}
void otel_histogram_record_int(otel_instrument *m, int64_t v, const otel_attr *attrs, size_t n) {
    otel_histogram_record(m, (double)v, attrs, n);
}
void otel_gauge_set(otel_instrument *m, int64_t v, const otel_attr *attrs, size_t n) {
    otel__series *s = otel__nil_series(m, n, OTEL__KBIT(OTEL_INSTRUMENT_GAUGE), 0);
    if (!s) {
        if (m && m->is_double) { otel_gauge_set_double(m, (double)v, attrs, n); return; }
        s = otel__recording(m, OTEL_INSTRUMENT_GAUGE, attrs, n, v, (double)v);
        if (!s) return;
    }
    OTEL__STORE(&s->value, (uint64_t)v);
    OTEL__ADD(&s->sets, 1u);
    otel__exemplar(m, s, 0, (uint64_t)v, NULL, 0, 0);
}
void otel_gauge_set_double(otel_instrument *m, double v, const otel_attr *attrs, size_t n) {
    otel__series *s = otel__nil_series(m, n, OTEL__KBIT(OTEL_INSTRUMENT_GAUGE), 1);
    if (!s) {
        if (m && !m->is_double) { otel_gauge_set(m, (int64_t)v, attrs, n); return; }
        s = otel__recording(m, OTEL_INSTRUMENT_GAUGE, attrs, n, 0, v);
        if (!s) return;
    }
    OTEL__STORE(&s->value, otel__dbits(v));
    OTEL__ADD(&s->sets, 1u);
    otel__exemplar(m, s, 0, otel__dbits(v), NULL, 0, 0);
}

/* an observation: the running callback's own instrument, a finite value,
   not negative on a counter; the series keeps the last reading and counts
   readings (the collection reports the series observed since the last) */
static otel_instrument *otel__observed(otel_observer *o, otel_instrument *m, double v) {
    struct otel_callback *cb = o == &otel__observer && otel__observing ? o->cb : NULL;
    if (!cb) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("otel_observe outside the callback it was handed to; ignored");
        return NULL;
    }
    if (!m && cb->n == 1) m = cb->inst[0];
    if (m && ((m->drop && !m->more) || OTEL__LOAD(&m->off))) return NULL;   /* a view dropped it, or its meter is disabled */
    uint32_t i = 0;
    while (i < cb->n && cb->inst[i] != m) i++;
    if (i == cb->n) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("otel_observe: instrument '%.64s' is not one of this callback's; ignored", m ? m->name : "(null)");
        return NULL;
    }
    if (OTEL__UNLIKELY(v != v || v - v != 0 || (v < 0 && OTEL__KIND(m) == OTEL_INSTRUMENT_COUNTER))) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("metric '%.64s': observed %s value ignored", m->name, v != v || v - v != 0 ? "a NaN or infinite" : "a negative counter");
        return NULL;
    }
    return m;
}
/* bits: the reading as the instrument keeps it. The overflow series of a
   sum adds up the readings of the sets that did not get their own. */
/* Observations have a cache of their own, larger than a recording
   thread's: callbacks read the same sets at every collection, often more
   than the 32 ways. Used by one thread at a time (the callback lock). */
#define OTEL__OBS_WAYS_BITS 10
static otel__mcache otel__obs_ways[1u << OTEL__OBS_WAYS_BITS];
static otel__series *otel__observe_series(otel_instrument *m, const otel_attr *attrs, size_t n) {
    otel__mcache *c = NULL;
    if (n <= OTEL__MCACHE_ATTRS) {
        c = &otel__obs_ways[otel__mcache_hash(m, attrs, n) >> (64 - OTEL__OBS_WAYS_BITS)];
        otel__series *hit = otel__mcache_hit(c, m, attrs, n, m->epoch);
        if (hit) return hit;
    }
    return otel__series_lookup(otel__thread(), m, attrs, n, c);
}
static void otel__observe_put(otel_instrument *m, const otel_attr *attrs, size_t n, uint64_t bits) {
    otel__series *s = otel__observe_series(m, attrs, n);
    if (s == OTEL__SERIES_AT(m->overflow) && OTEL__KIND(m) != OTEL_INSTRUMENT_GAUGE && s->sets != s->seen_sets)
        bits = m->is_double ? otel__dbits(otel__bitsd(s->value) + otel__bitsd(bits)) : s->value + bits;
    OTEL__STORE(&s->value, bits);
    OTEL__ADD(&s->sets, 1u);
}
/* into each stream of the instrument (several views: several) */
static void otel__observe_streams(otel_instrument *m, const otel_attr *attrs, size_t n, uint64_t bits) {
    for (;;) {
        if (!m->drop) otel__observe_put(m, attrs, n, bits);
        if (!m->more) return;
        m = &otel__instruments[m->more - 1];
    }
}
void otel_observe(otel_observer *o, otel_instrument *m, int64_t v, const otel_attr *attrs, size_t n) {
    if ((m = otel__observed(o, m, (double)v))) otel__observe_streams(m, attrs, n, m->is_double ? otel__dbits((double)v) : (uint64_t)v);
}
void otel_observe_double(otel_observer *o, otel_instrument *m, double v, const otel_attr *attrs, size_t n) {
    if ((m = otel__observed(o, m, v))) otel__observe_streams(m, attrs, n, m->is_double ? otel__dbits(v) : (uint64_t)(int64_t)v);
}

#endif /* OTEL_NO_METRICS */


#ifndef OTEL_NO_METRICS
/* ---- collection: on the consumer thread ---- */
/* reader k's temporality of an instrument (reader 0's is the instrument's own) */
static int otel__mtemp(const struct otel_instrument *m, uint32_t k) {
    return k ? otel__temporality(otel__rpref[k], m->kind) : m->temporality;
}
/* src's recordings added into dst (scales aligned, coarser while the
   range does not fit); src is a drained copy, dst a reader's state */
static void otel__exph_merge(otel__exph *d, const otel__exph *src, uint32_t cap) {
    if (!src->count) return;
    d->count += src->count; d->zero += src->zero; d->sum += src->sum;
    if (src->min < d->min) d->min = src->min;
    if (src->max > d->max) d->max = src->max;
    if (d->scale > src->scale) otel__exph_downscale(d, cap, d->scale - src->scale);
    for (int side = 0; side < 2; side++) {
        if (!src->len[side]) continue;
        int c = src->scale - d->scale;
        int32_t lo = src->off[side] >> c, hi = (src->off[side] + (int32_t)src->len[side] - 1) >> c;
        uint32_t len = d->len[side];
        if (len) {
            if (d->off[side] < lo) lo = d->off[side];
            if (d->off[side] + (int32_t)len - 1 > hi) hi = d->off[side] + (int32_t)len - 1;
        }
        int k = 0;
        while ((uint32_t)((hi >> k) - (lo >> k)) >= cap) k++;
        if (k) { otel__exph_downscale(d, cap, k); c += k; lo >>= k; hi >>= k; len = d->len[side]; }
        uint64_t *b = OTEL__EXPH_B(d) + side * cap;
        if (!len) {
            memset(b, 0, (size_t)(hi - lo + 1) * sizeof *b);
        } else {
            uint32_t shift = (uint32_t)(d->off[side] - lo);
            if (shift) { memmove(b + shift, b, len * sizeof *b); memset(b, 0, shift * sizeof *b); }
            len += shift;
            if ((uint32_t)(hi - lo + 1) > len) memset(b + len, 0, ((uint32_t)(hi - lo + 1) - len) * sizeof *b);
        }
        d->off[side] = lo; d->len[side] = (uint32_t)(hi - lo + 1);
        const uint64_t *sb = OTEL__EXPH_B(src) + side * cap;
        for (uint32_t i = 0; i < src->len[side]; i++) b[((src->off[side] + (int32_t)i) >> c) - lo] += sb[i];
    }
}
/* the recorders' part of an exponential histogram, taken under its lock */
static uint64_t otel__exph_drained[(sizeof(otel__exph) + 2u * 1024u * sizeof(uint64_t)) / sizeof(uint64_t)];

/* One series for reader r. Sums and histograms: what the recorders added
   since the last collection (by any reader) is taken once and added to
   every reader's state; a delta reader's state is emptied after it was
   reported, so each reader's points are its own. Gauges and observable
   instruments: the reader compares the reading with the one it saw. */
static void otel__collect_series(const struct otel_instrument *m, otel__series *s, uint64_t now, uint32_t r) {
    otel__rstate *rs = otel__rs(m, s, r);
    int pref = otel__rpref[r];
    /* gauges have no temporality of their own: the preference decides
       whether an unchanged one is reported again */
    int delta = OTEL__KIND(m) == OTEL_INSTRUMENT_GAUGE ? pref != OTEL_TEMPORALITY_CUMULATIVE
                                                        : otel__mtemp(m, r) == OTEL_TEMPORALITY_DELTA;
    uint32_t nr = otel__nreaders;
    rs->report = 0;
    /* cumulative points start when the series did; delta points at the
       reader's previous collection (or later, when the series is newer) */
    uint64_t start = delta && otel__rlast[r] > s->created_ns ? otel__rlast[r] : s->created_ns;
    rs->start_ns = start;
    if (m->kind & OTEL__ASYNC) {
        /* reported when observed in this collection; a delta sum is this
           reading less the reader's last one (kept in acc_min), or the
           whole reading after a counter went down (a reset) */
        uint64_t sets = OTEL__LOAD(&s->sets), v = OTEL__LOAD(&s->value);
        rs->report = sets != rs->seen_sets;
        rs->seen_sets = sets;
        s->seen_sets = sets;
        if (!rs->report) return;
        rs->acc = v;
        if (delta && OTEL__KIND(m) != OTEL_INSTRUMENT_GAUGE && rs->ever) {
            int mono = OTEL__KIND(m) == OTEL_INSTRUMENT_COUNTER;
            if (m->is_double) {
                double d = otel__bitsd(v) - otel__bitsd(rs->acc_min);
                rs->acc = mono && d < 0 ? v : otel__dbits(d);
            } else {
                int64_t d = (int64_t)(v - rs->acc_min);
                rs->acc = mono && d < 0 ? v : (uint64_t)d;
            }
        }
        rs->acc_min = v;
        rs->ever = 1;
        return;
    }
    if (OTEL__KIND(m) == OTEL_INSTRUMENT_GAUGE) {
        uint64_t sets = OTEL__LOAD(&s->sets);
        rs->acc = OTEL__LOAD(&s->value);
        rs->report = delta ? sets != rs->seen_sets : sets != 0;
        rs->seen_sets = sets;
        return;
    }
    uint64_t touched = OTEL__LOAD(&s->sets);
    if (m->exp_size) {
        /* one copy under the lock: count, sum, min, max and buckets of one moment */
        otel__exph *h = OTEL__EXPH(s), *dr = (otel__exph *)otel__exph_drained;
        uint32_t cap = m->exp_size;
        otel__spin_lock(&h->lock);
        dr->scale = h->scale; dr->count = h->count; dr->zero = h->zero;   /* not the lock */
        dr->sum = h->sum; dr->min = h->min; dr->max = h->max;
        memcpy(dr->off, h->off, sizeof h->off);
        memcpy(dr->len, h->len, sizeof h->len);
        for (int side = 0; side < 2; side++)
            memcpy(OTEL__EXPH_B(dr) + side * cap, OTEL__EXPH_B(h) + side * cap, h->len[side] * sizeof(uint64_t));
        otel__exph_reset(h, h->scale);
        otel__spin_unlock(&h->lock);
        for (uint32_t k = 0; k < nr; k++) {
            otel__rstate *ks = otel__rs(m, s, k);
            otel__exph *kh = OTEL__RS_EXPH(m, s, k, ks);
            if (ks->taken) otel__rstate_clear(m, s, k, kh->scale);   /* a delta reader's last report */
            otel__exph_merge(kh, dr, cap);
            ks->ever |= kh->count != 0;
        }
    } else if (OTEL__KIND(m) == OTEL_INSTRUMENT_HISTOGRAM) {
        uint64_t *hot = OTEL__HOT_BUCKETS(s), d[OTEL_MAX_BUCKETS + 1], count = 0;
        /* taken and reset under the lock the recorders hold: count, sum,
           min, max and buckets of the same recordings */
        otel__spin_lock(&s->lock);
        for (uint32_t i = 0; i <= m->nbounds; i++) { d[i] = hot[i]; hot[i] = 0; count += d[i]; }
        double sum = otel__bitsd(s->value), mn = otel__bitsd(s->min_bits), mx = otel__bitsd(s->max_bits);
        s->value = 0;
        s->min_bits = otel__dbits((double)HUGE_VAL);
        s->max_bits = otel__dbits(-(double)HUGE_VAL);
        otel__spin_unlock(&s->lock);
        for (uint32_t k = 0; k < nr; k++) {
            otel__rstate *ks = otel__rs(m, s, k);
            if (ks->taken) otel__rstate_clear(m, s, k, 0);
            if (!count) continue;
            uint64_t *acc = OTEL__RS_BUCKETS(m, s, k, ks);
            for (uint32_t i = 0; i <= m->nbounds; i++) acc[i] += d[i];
            ks->acc = otel__dbits(otel__bitsd(ks->acc) + sum);
            if (mn < otel__bitsd(ks->acc_min)) ks->acc_min = otel__dbits(mn);
            if (mx > otel__bitsd(ks->acc_max)) ks->acc_max = otel__dbits(mx);
            ks->ever = 1;
        }
    } else {
        uint64_t d = OTEL__XCHG64(&s->value, 0);
        for (uint32_t k = 0; k < nr; k++) {
            otel__rstate *ks = otel__rs(m, s, k);
            if (ks->taken) otel__rstate_clear(m, s, k, 0);
            if (m->is_double) ks->acc = otel__dbits(otel__bitsd(ks->acc) + otel__bitsd(d));
            else ks->acc += d;
            /* cumulative: reported once recorded; delta: when something came */
            ks->ever |= otel__mtemp(m, k) == OTEL_TEMPORALITY_DELTA ? d != 0 : touched != 0;
        }
    }
    rs->report = rs->ever;
    rs->taken = delta;
    rs->start_ns = start;   /* (after the state was emptied) */
    (void)now;
}

/* the observable instruments' callbacks, in registration order */
static void otel__run_callbacks(void) {
    OTEL__CB_LOCK();
    otel__observing = 1;
    uint32_t n = otel__ncb, epoch = OTEL__LOAD(&otel__g.epoch);
    for (uint32_t i = 0; i < n; i++) {
        struct otel_callback *cb = &otel__callbacks[i];
        if (!cb->active || cb->epoch != epoch) continue;
        uint32_t k = 0;
        while (k < cb->n && OTEL__LOAD(&cb->inst[k]->off)) k++;
        if (k == cb->n) continue;   /* each of its instruments' meters disabled */
        otel__observer.cb = cb;
        uint64_t t0 = OTEL_MONO_NS();
        cb->fn(&otel__observer, cb->user);
        uint64_t ms = (OTEL_MONO_NS() - t0) / 1000000u;
        if (ms >= 100)
            OTEL__WARN("a metric callback (for '%.64s') took %llu ms: every collection waits for it",
                       cb->inst[0]->name, (unsigned long long)ms);
    }
    otel__observer.cb = NULL;
    otel__observing = 0;
    OTEL__CB_UNLOCK();
}

static void otel__metric_info(const struct otel_instrument *m, otel_metric_info *mi);
/* one series for reader r, then the reader's filter: the verdict of its
   metric, and for OTEL_METRIC_ACCEPT_PARTIAL test_attributes on the
   series' attributes; 1 when it is reported */
static uint32_t otel__collect_filtered(const struct otel_instrument *m, otel__series *s, uint64_t now, uint32_t r, int verdict,
                                       const otel_metric_info *mi) {
    otel__collect_series(m, s, now, r);
    otel__rstate *rs = otel__rs(m, s, r);
    if (verdict == OTEL_METRIC_ACCEPT || !rs->report) return rs->report;
    const otel_metric_filter *flt = otel__rfilter[r];
    if (verdict == OTEL_METRIC_ACCEPT_PARTIAL && flt->test_attributes) {
        otel_attr a[OTEL__MAX_METRIC_ATTRS];
        otel_metric_point p;
        p.series = s;
        size_t na = otel_metric_point_attrs(&p, a, OTEL__MAX_METRIC_ATTRS);
        if (flt->test_attributes(flt->user, mi, a, na) != OTEL_METRIC_DROP) return 1;
    } else if (verdict != OTEL_METRIC_DROP) {
        return 1;
    }
    rs->report = 0;   /* filtered out: not walked, not encoded */
    return 0;
}

/* ---- metric producers: their points in a buffer of the last collection ---- */
#ifndef OTEL_PRODUCER_BUFFER
#define OTEL_PRODUCER_BUFFER 16384   /* bytes for the points metric producers report in one collection */
#endif
struct otel_metric_sink { uint32_t reader, active; };
static otel_metric_sink otel__sink;
/* a produced point: its metric and point (texts and arrays in the buffer
   after it), then a series header and its attribute records, as the
   SDK's own series have them (otel_metric_point_attrs, the encoders) */
typedef struct otel__pentry {
    uint32_t size, first;             /* bytes of the entry; offset of its metric's first entry */
    otel_metric_info mi;
    otel_metric_point p;
} otel__pentry;
static uint64_t otel__pbuf[OTEL_PRODUCER_BUFFER / 8];
static uint32_t otel__pused, otel__plast = UINT32_MAX;   /* plast: the last entry (UINT32_MAX: none) */
/* n bytes (aligned to 8) of the buffer, NULL when it is full */
static void *otel__ptake(uint32_t *at, size_t n) {
    n = OTEL__ALIGN8(n);
    if (n > sizeof otel__pbuf - *at) return NULL;
    void *q = (unsigned char *)otel__pbuf + *at;
    *at += (uint32_t)n;
    return q;
}
static const void *otel__pcopy(uint32_t *at, const void *src, size_t n) {
    void *q = n ? otel__ptake(at, n) : (unsigned char *)otel__pbuf + *at;
    if (q && n) memcpy(q, src, n);
    return q;
}
static const char *otel__pstr(uint32_t *at, const char *str) {
    if (!str) str = "";
    return (const char *)otel__pcopy(at, str, strlen(str) + 1);
}
int otel_metric_sink_test(otel_metric_sink *sink, const otel_metric_info *mi) {
    if (!sink || sink != &otel__sink || !sink->active || !mi) return OTEL_ERR_INVALID;
    const otel_metric_filter *flt = otel__rfilter[sink->reader];
    return flt && flt->test_metric ? flt->test_metric(flt->user, mi) : OTEL_METRIC_ACCEPT;
}
static int otel__same_metric(const otel_metric_info *a, const otel_metric_info *b) {
    return strcmp(a->name, b->name) == 0 && strcmp(a->unit ? a->unit : "", b->unit ? b->unit : "") == 0 && a->kind == b->kind &&
           a->is_double == b->is_double && a->temporality == b->temporality && a->monotonic == b->monotonic &&
           a->scope == b->scope && a->exponential == b->exponential && a->bound_count == b->bound_count &&
           (!a->bound_count || memcmp(a->bounds, b->bounds, a->bound_count * sizeof *a->bounds) == 0);
}
int otel_produce(otel_metric_sink *sink, const otel_metric_info *mi_in, const otel_metric_point *p_in,
                 const otel_attr *attrs, size_t n) {
    if (!sink || sink != &otel__sink || !sink->active) {
        OTEL__WARN("otel_produce outside the producer it was handed to; ignored");
        return OTEL_ERR_INVALID;
    }
    if (!mi_in || !p_in || !otel_instrument_name_valid(mi_in->name) || !otel__unit_valid(mi_in->unit) ||
        mi_in->kind < OTEL_INSTRUMENT_COUNTER || mi_in->kind > OTEL_INSTRUMENT_GAUGE || n > OTEL__MAX_METRIC_ATTRS || (n && !attrs) ||
        (mi_in->kind == OTEL_INSTRUMENT_HISTOGRAM && !mi_in->exponential &&
         (mi_in->bound_count > OTEL_MAX_BUCKETS || (mi_in->bound_count && !mi_in->bounds) || !p_in->bucket_counts)) ||
        (mi_in->exponential && (mi_in->kind != OTEL_INSTRUMENT_HISTOGRAM || p_in->positive_count > 1024 || p_in->negative_count > 1024 ||
                                (p_in->positive_count && !p_in->positive) || (p_in->negative_count && !p_in->negative)))) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("otel_produce: metric '%.64s' invalid (name, unit, kind, attributes or buckets); ignored",
                   mi_in && mi_in->name ? mi_in->name : "(null)");
        return OTEL_ERR_INVALID;
    }
    otel_metric_info mi = *mi_in;
    if (!mi.scope) mi.scope = &otel__scopes[0];
    if (mi.kind != OTEL_INSTRUMENT_HISTOGRAM || mi.exponential) mi.bound_count = 0;
    int verdict = otel_metric_sink_test(sink, &mi);
    const otel_metric_filter *flt = otel__rfilter[sink->reader];
    if (verdict == OTEL_METRIC_DROP ||
        (verdict == OTEL_METRIC_ACCEPT_PARTIAL && flt->test_attributes && flt->test_attributes(flt->user, &mi, attrs, n) == OTEL_METRIC_DROP))
        return OTEL_METRIC_DROP;
    uint32_t at = otel__pused;
    otel__pentry *e = (otel__pentry *)otel__ptake(&at, sizeof *e);
    const otel__pentry *prev = otel__plast != UINT32_MAX ? (const otel__pentry *)(void *)((unsigned char *)otel__pbuf + otel__plast) : NULL;
    int ok = e != NULL;
    if (ok) {
        e->first = prev && otel__same_metric(&prev->mi, &mi) ? prev->first : (uint32_t)((unsigned char *)e - (unsigned char *)otel__pbuf);
        e->p = *p_in;
        if (prev && e->first == prev->first) {   /* the same metric: its texts and its bounds' address (the encoders' "new metric" test) */
            mi.name = prev->mi.name; mi.unit = prev->mi.unit; mi.description = prev->mi.description; mi.bounds = prev->mi.bounds;
        } else {
            mi.name = otel__pstr(&at, mi.name); mi.unit = otel__pstr(&at, mi.unit); mi.description = otel__pstr(&at, mi.description);
            mi.bounds = (const double *)otel__pcopy(&at, mi.bounds, mi.bound_count * sizeof(double));
            ok = mi.name && mi.unit && mi.description && mi.bounds;
        }
    }
    if (ok && mi.kind == OTEL_INSTRUMENT_HISTOGRAM && !mi.exponential) {
        e->p.bucket_count = mi.bound_count + 1;
        ok = (e->p.bucket_counts = (const uint64_t *)otel__pcopy(&at, p_in->bucket_counts, e->p.bucket_count * 8)) != NULL;
    } else if (ok) {
        e->p.bucket_counts = NULL; e->p.bucket_count = 0;
    }
    if (ok && mi.exponential) {
        e->p.positive = (const uint64_t *)otel__pcopy(&at, p_in->positive, p_in->positive_count * 8);
        e->p.negative = (const uint64_t *)otel__pcopy(&at, p_in->negative, p_in->negative_count * 8);
        ok = e->p.positive && e->p.negative;
    }
    e = ok ? e : NULL;
    otel__series *se = ok ? (otel__series *)otel__ptake(&at, sizeof *se) : NULL;
    if (se) {   /* the attributes: records after a series header, texts copied */
        memset(se, 0, sizeof *se);
        se->attr_off = (uint32_t)sizeof *se;
        for (size_t i = 0; i < n && se; i++) {
            const otel_attr *a = &attrs[i];
            size_t len = a->type == OTEL_TYPE_STRING ? (a->v.str.len == (size_t)-1 ? strlen(a->v.str.ptr ? a->v.str.ptr : "") : a->v.str.len) : 0;
            if (!a->key || a->type >= OTEL_TYPE_STRING_ARRAY) continue;   /* (arrays: not kept) */
            otel__r *x = (otel__r *)otel__ptake(&at, sizeof *x + (a->type == OTEL_TYPE_STRING ? len + 1 : 0));
            if (!x) { se = NULL; break; }
            memset(x, 0, sizeof *x);
            x->tag = OTEL__R_ATTR; x->vtype = (uint8_t)a->type;
            x->size = (uint16_t)OTEL__ALIGN8(sizeof *x + (a->type == OTEL_TYPE_STRING ? len + 1 : 0));
            if (a->type == OTEL_TYPE_STRING) {
                x->aux = (uint32_t)len;
                if (len) memcpy(x + 1, a->v.str.ptr, len);
                ((char *)(x + 1))[len] = 0;
            } else if (a->type == OTEL_TYPE_DOUBLE) x->v.d = a->v.d;
            else if (a->type == OTEL_TYPE_BOOL) x->v.i = a->v.b != 0;
            else x->v.i = a->v.i;
            se->nattrs++;
        }
        /* the keys last: the records stay one after the other */
        unsigned char *q = (unsigned char *)se + se->attr_off;
        for (uint32_t k = 0; se && k < se->nattrs; k++) {
            otel__r *x = (otel__r *)(void *)q;
            size_t i = 0;
            for (uint32_t seen = 0; i < n; i++)
                if (attrs[i].key && attrs[i].type < OTEL_TYPE_STRING_ARRAY && seen++ == k) break;
            if (!(x->key = otel__pstr(&at, attrs[i].key))) se = NULL;
            q += x->size;
        }
    }
    if (!se) {
        OTEL__ADD(&otel__g.mdropped, 1);
        OTEL__WARN("metric producers: more than OTEL_PRODUCER_BUFFER (%u bytes) of points in one collection; '%.64s' dropped",
                   (unsigned)OTEL_PRODUCER_BUFFER, mi_in->name);
        return OTEL_ERR_FULL;
    }
    e->mi = mi;
    e->p.series = se;
    e->p.attribute_count = se->nattrs;
    e->p.exemplars = NULL; e->p.exemplar_count = 0;
    if (!e->p.time_ns) e->p.time_ns = otel__g.mlast;
    if (!e->p.start_ns) e->p.start_ns = e->p.time_ns;
    otel__plast = otel__pused;
    e->size = at - otel__pused;
    otel__pused = at;
    return OTEL_OK;
}
/* reader r's producers, each asked for its points (after the instruments
   were collected); returns how many it reported */
static int otel__producing;
static size_t otel__run_producers(uint32_t r) {
    otel__pused = 0; otel__plast = UINT32_MAX;
    if (!otel__nrprod[r]) return 0;
    size_t points = 0;
    otel__sink.reader = r; otel__sink.active = 1;
    otel__producing = 1;
    for (size_t i = 0; i < otel__nrprod[r]; i++) {
        const otel_metric_producer *pr = &otel__rprod[r][i];
        uint32_t before = otel__pused;
        if (pr->produce) pr->produce(&otel__sink, pr->user);
        for (uint32_t o = before; o < otel__pused; o += ((const otel__pentry *)(const void *)((unsigned char *)otel__pbuf + o))->size) points++;
    }
    otel__producing = 0;
    otel__sink.active = 0;
    return points;
}
/* the walk's produced points, after the instruments' (it->inst UINT32_MAX, it->series the next entry's offset) */
static int otel__produced_next(otel_metric_iter *it, otel_metric_info *mi, otel_metric_point *p) {
    if (it->inst != UINT32_MAX) { it->inst = UINT32_MAX; it->series = 0; }
    if (it->series >= otel__pused) return 0;
    const otel__pentry *e = (const otel__pentry *)(const void *)((unsigned char *)otel__pbuf + it->series);
    it->series += e->size;
    *mi = e->mi;
    *p = e->p;
    return 1;
}

size_t otel_metrics_collect(void) { return otel_metrics_collect_reader(0); }
size_t otel_metrics_collect_reader(unsigned r) {
    if (!otel__g.mregion) return 0;
    if (otel__observing || otel__producing) {
        OTEL__WARN("otel_metrics_collect called from a metric callback or producer; ignored");
        return 0;
    }
    if (r >= otel__nreaders) {
        OTEL__WARN("otel_metrics_collect_reader: no reader %u (%u configured)", r, (unsigned)otel__nreaders);
        return 0;
    }
    otel__run_callbacks();
    uint64_t now = OTEL_CLOCK_NS();
    size_t points = 0;
    uint32_t n = OTEL__LOAD_ACQ(&otel__g.ninst);
    const otel_metric_filter *flt = otel__rfilter[r];
    otel__rcur = r;   /* (the temporality the filter's otel_metric_info gives) */
    for (uint32_t i = 0; i < n; i++) {
        struct otel_instrument *m = &otel__instruments[i];
        if (!(m->readers >> r & 1u)) continue;   /* (its stream for this reader is another entry, or none) */
        otel_metric_info mi;
        /* its meter disabled: collected, not reported */
        int verdict = OTEL__LOAD(&m->off) ? OTEL_METRIC_DROP : OTEL_METRIC_ACCEPT;
        if (verdict == OTEL_METRIC_ACCEPT && flt && flt->test_metric) { otel__metric_info(m, &mi); verdict = flt->test_metric(flt->user, &mi); }
        for (uint32_t off = OTEL__LOAD_ACQ(&m->head); off; off = OTEL__SERIES_AT(off)->next)
            points += otel__collect_filtered(m, OTEL__SERIES_AT(off), now, r, verdict, &mi);
        points += otel__collect_filtered(m, OTEL__SERIES_AT(m->overflow), now, r, verdict, &mi);
    }
    otel__g.mlast = otel__rlast[r] = now;
    otel__rcur = r;
    return points + otel__run_producers(r);
}

static void otel__metric_info(const struct otel_instrument *m, otel_metric_info *mi) {
    mi->name = m->name; mi->unit = m->unit ? m->unit : ""; mi->description = m->description ? m->description : "";
    mi->kind = (otel_instrument_kind)OTEL__KIND(m);
    mi->is_double = m->is_double;
    mi->temporality = otel__mtemp(m, otel__rcur);
    mi->monotonic = mi->kind == OTEL_INSTRUMENT_COUNTER;
    mi->observable = (m->kind & OTEL__ASYNC) != 0;
    mi->exponential = m->exp_size != 0;
    mi->bounds = m->bounds; mi->bound_count = m->nbounds;
    mi->scope = &otel__scopes[m->scope];
}

/* the filtered attributes of the exemplars handed out (their strings in text) */
static otel__exattrs otel__exattrs_out[OTEL_MAX_BUCKETS + 1];
/* the series' exemplars into out, each cell emptied (taken as a writer) */
static size_t otel__exemplars_take(const struct otel_instrument *m, otel__series *s, otel_exemplar *out) {
    size_t k = 0;
    if (m->ex_impl) {   /* a view's own reservoir */
        k = m->ex_impl->collect(m->ex_impl->user, s, out, OTEL_MAX_BUCKETS + 1);
        return k > OTEL_MAX_BUCKETS + 1 ? OTEL_MAX_BUCKETS + 1 : k;
    }
    otel__excell *x = OTEL__EXCELLS(m, s);
    for (uint32_t i = 0; i < m->ex_cells; i++, x++) {
        uint64_t q = OTEL__LOAD(&x->seq);
        if ((q & 1) || !OTEL__LOAD(&x->time) || !OTEL__CAS(&x->seq, &q, q + 1)) continue;
        otel_exemplar *e = &out[k++];
        uint64_t v = OTEL__LOAD(&x->value), t0 = OTEL__LOAD(&x->t0), t1 = OTEL__LOAD(&x->t1), sid = OTEL__LOAD(&x->span);
        e->time_ns = OTEL__LOAD(&x->time);
        otel__exemplar_value(m, v, e);
        memcpy(e->trace_id, &t0, 8); memcpy(e->trace_id + 8, &t1, 8); memcpy(e->span_id, &sid, 8);
        e->filtered_attributes = NULL; e->filtered_attribute_count = 0;
        if (m->ex_attrs) {   /* copied out, the strings pointed at the copy */
            const otel__exattrs *a = OTEL__EXATTRS(m, s) + i;
            otel__exattrs *o = &otel__exattrs_out[k - 1];
            memcpy(o, a, sizeof *o);
            for (uint32_t j = 0; j < o->n; j++)
                if (o->a[j].type == OTEL_TYPE_STRING) o->a[j].v.str.ptr = o->text + (a->a[j].v.str.ptr - a->text);
            e->filtered_attributes = o->a; e->filtered_attribute_count = o->n;
        }
        OTEL__STORE(&x->time, 0u);
        OTEL__STORE(&x->seen, 0u);
        OTEL__STORE_REL(&x->seq, q + 2);
    }
    return k;
}
static otel_exemplar otel__exemplars_out[OTEL_MAX_BUCKETS + 1];

/* the points of the last collection, instrument by instrument (it->inst
   changes when a new metric starts) */
int otel_metrics_next(otel_metric_iter *it, otel_metric_info *mi, otel_metric_point *p) {
    if (!otel__g.mregion) return 0;
    uint32_t n = OTEL__LOAD_ACQ(&otel__g.ninst);
    while (it->inst < n) {
        struct otel_instrument *m = &otel__instruments[it->inst];
        uint32_t off;
        if (!(m->readers >> otel__rcur & 1u)) { it->inst++; continue; }
        if (!it->started) { off = OTEL__LOAD_ACQ(&m->head); it->started = 1; if (!off) off = m->overflow; }
        else if (it->series == m->overflow) off = 0;
        else { off = OTEL__SERIES_AT(it->series)->next; if (!off) off = m->overflow; }
        if (!off) { it->inst++; it->started = 0; it->series = 0; continue; }
        it->series = off;
        otel__series *s = OTEL__SERIES_AT(off);
        uint32_t r = otel__rcur;
        otel__rstate *rs = otel__rs(m, s, r);
        if (!rs->report) continue;
        otel__metric_info(m, mi);
        memset(p, 0, sizeof *p);
        p->start_ns = rs->start_ns ? rs->start_ns : s->created_ns;
        p->time_ns = otel__g.mlast;
        p->attribute_count = s->nattrs;
        p->series = s;
        if (m->ex_cells) {
            p->exemplar_count = otel__exemplars_take(m, s, otel__exemplars_out);
            p->exemplars = otel__exemplars_out;
        }
        if (m->exp_size) {
            const otel__exph *h = OTEL__RS_EXPH(m, s, r, rs);
            p->count = h->count; p->sum = h->sum; p->min = h->min; p->max = h->max;
            p->scale = h->scale; p->zero_count = h->zero;
            p->positive_offset = h->off[0]; p->positive = OTEL__EXPH_B(h); p->positive_count = h->len[0];
            p->negative_offset = h->off[1]; p->negative = OTEL__EXPH_B(h) + m->exp_size; p->negative_count = h->len[1];
        } else if (OTEL__KIND(m) == OTEL_INSTRUMENT_HISTOGRAM) {
            const uint64_t *acc = OTEL__RS_BUCKETS(m, s, r, rs);
            p->bucket_counts = acc; p->bucket_count = m->nbounds + 1;
            for (uint32_t i = 0; i <= m->nbounds; i++) p->count += acc[i];
            p->sum = otel__bitsd(rs->acc); p->min = otel__bitsd(rs->acc_min); p->max = otel__bitsd(rs->acc_max);
        } else if (m->is_double) {
            p->as_double = otel__bitsd(rs->acc);
        } else {
            p->as_int = (int64_t)rs->acc;
        }
        return 1;
    }
    return otel__produced_next(it, mi, p);
}

size_t otel_metric_point_attrs(const otel_metric_point *p, otel_attr *out, size_t max) {
    const otel__series *s = (const otel__series *)p->series;
    if (!s) return 0;
    const unsigned char *q = (const unsigned char *)s + s->attr_off;
    size_t k = 0;
    for (; k < s->nattrs && k < max; k++) {
        const otel__r *x = (const otel__r *)q;
        otel__attr_from_record(x, &out[k]);
        q += x->size;
    }
    return k;
}
#endif /* OTEL_NO_METRICS */

/* >> impl: logs */
/* ======================================================================== */
/* log records and events                                                    */
/* ======================================================================== */
/* A log record is a single arena record like a span that has already
   ended: its header carries the time, the severity, the active span's ids
   and copies of the event name and body; attributes follow as records. It
   goes straight onto the thread's completion list, so consumers take spans
   and log records from the same stream (otel_record_type tells them apart). */

static const char *otel__severity_text(int sev) {
    static const char *const names[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    static const char *const numbered[][3] = {
        {"TRACE2", "TRACE3", "TRACE4"}, {"DEBUG2", "DEBUG3", "DEBUG4"}, {"INFO2", "INFO3", "INFO4"},
        {"WARN2", "WARN3", "WARN4"}, {"ERROR2", "ERROR3", "ERROR4"}, {"FATAL2", "FATAL3", "FATAL4"}};
    if (sev < 1 || sev > 24) return NULL;
    int group = (sev - 1) / 4, step = (sev - 1) % 4;
    return step ? numbered[group][step - 1] : names[group];
}


/* A log record's header, event name, severity text and body; its
   attributes come next, then otel__log_close publishes it */
static otel__rec *otel__log_open(otel__tls *t, const otel_log_args *a, uint64_t observed) {
    otel__rec *r = (otel__rec *)otel__blk_alloc(t);
    if (OTEL__UNLIKELY(!r)) {
        OTEL__ADD(&otel__g.logs_dropped, 1);
        OTEL__WARN("arena full: log records are being dropped (see otel_stats.logs_dropped)");
        return NULL;
    }
    memset((unsigned char *)r + sizeof(otel__blk), 0, sizeof(otel__rec) - sizeof(otel__blk));
    r->blk.used = (uint32_t)OTEL__ALIGN8(sizeof(otel__rec));
    r->rtype = OTEL__REC_LOG;
    r->cur = otel__block_index(r);
    r->kind = (uint8_t)(a->severity >= 0 && a->severity <= 24 ? a->severity : 0);
    r->loc = (const otel_location *)(const void *)a->logger;   /* (its scope: otel__rec_scope) */
    if (!observed) observed = OTEL_CLOCK_NS();
    otel__stamp_set(&r->end, observed);                             /* observed */
    otel__stamp_set(&r->start, a->time_ns ? a->time_ns : observed); /* when it happened */
    otel_span_context ctx;
    if (a->context) ctx = *a->context;
    else ctx = otel_current_context();
    if (otel_span_context_is_valid(&ctx)) {
        r->has_parent = 1;
        memcpy(r->trace_id, ctx.trace_id, 16);
        memcpy(r->span_id, ctx.span_id, 8);
        r->flags = ctx.flags;
    }
    r->name = NULL;
    if (a->event_name && *a->event_name) {
        otel__r *x = otel__append_text(t, r, a->event_name, strlen(a->event_name));
        if (x) { r->name = (const char *)(x + 1); r->name_len = x->aux; }
    }
    r->ts = a->severity_text ? NULL : otel__severity_text(r->kind);
    if (r->ts) r->ts_len = (uint16_t)strlen(r->ts);
    if (a->severity_text) {
        otel__r *x = otel__append_text(t, r, a->severity_text, strlen(a->severity_text));
        if (x) { r->ts = (const char *)(x + 1); r->ts_len = (uint16_t)x->aux; }
    }
    if (a->body) {
        size_t n = a->body_len == (size_t)-1 ? strlen(a->body) : a->body_len;
        otel__r *x = otel__append_redacted(t, r, a->body, n);
        if (x) { r->status_msg = (const char *)(x + 1); r->status_len = x->aux; }
    }
    return r;
}
/* the call's own attributes (they replace earlier ones by key), then publish */
static void otel__log_close(otel__tls *t, otel__rec *r, const otel_log_args *a) {
    for (size_t i = 0; i < a->attr_count; i++) otel__set_attr_lim(r, &a->attrs[i], otel__g.lim_log_attrs);
    if (otel__publish(t, r, 1)) otel_wake();
}
static void otel__log_write(const otel_log_args *a) {
    if (OTEL__UNLIKELY(!OTEL__LOAD(&otel__g.enabled))) return;
    otel__tls *t = otel__thread();
    otel__rec *r = otel__log_open(t, a, 0);
    if (r) otel__log_close(t, r, a);
}

void otel_log_emit(const otel_log_args *a) { if (a) otel__log_write(a); }
void otel_log(int severity, const char *body, const otel_attr *attrs, size_t n) {
    otel_logger_event(NULL, NULL, severity, body, attrs, n);
}
void otel_event(const char *event_name, int severity, const char *body, const otel_attr *attrs, size_t n) {
    otel_logger_event(NULL, event_name, severity, body, attrs, n);
}
void otel_logger_log(otel_logger logger, int severity, const char *body, const otel_attr *attrs, size_t n) {
    otel_logger_event(logger, NULL, severity, body, attrs, n);
}
int otel_logger_enabled(otel_logger logger, int severity) {
    (void)logger; (void)severity;
    return OTEL__LOAD(&otel__g.enabled) && !otel__g.logs_off;
}
void otel_logger_event(otel_logger logger, const char *event_name, int severity, const char *body,
                       const otel_attr *attrs, size_t n) {
    otel_log_args a;
    memset(&a, 0, sizeof a);
    a.event_name = event_name; a.severity = severity; a.body = body; a.body_len = (size_t)-1;
    a.attrs = attrs; a.attr_count = n; a.logger = logger;
    otel__log_write(&a);
}

/* >> impl: consumers */
/* ======================================================================== */
/* consumers: collect, read, release                                         */
/* ======================================================================== */
/* the instrumentation scope a span or log record was made on (a named
   tracer or logger); NULL: the default scope. Encoders group records by it. */
static OTEL__UNUSED const otel_scope *otel__rec_scope(const otel_span_data *d) {
    const otel_location *l = d->loc;
    if (!l) return NULL;
    const otel_scope *sc = (const otel_scope *)(const void *)l;   /* a tracer's or logger's own record, */
    if (!otel__scope_index(sc)) {
        if ((uintptr_t)l - (uintptr_t)otel__scopes < sizeof otel__scopes) return NULL;   /* (the default one's) */
        if (!l->tracer) return NULL;
        sc = *l->tracer;                                          /* or a location record's tracer */
    }
    return otel__scope_index(sc) ? sc : NULL;
}
/* the location record a span was begun from (not a tracer's own) */
static const otel_location *otel__rec_location(const otel__rec *r) {
    uintptr_t l = (uintptr_t)r->loc;
    return l - (uintptr_t)otel__scopes < sizeof otel__scopes ? NULL : r->loc;
}
static otel__rec *otel__cons_tail;

/* a list of records newest first (through next_done) onto the end of the
   consumer's, oldest first */
static void otel__cons_append_rev(otel__rec *list) {
    otel__rec *rev = NULL, *newest = list;
    if (!list) return;
    while (list) { otel__rec *nx = list->next_done; list->next_done = rev; rev = list; list = nx; }
    if (otel__cons_tail) otel__cons_tail->next_done = rev; else otel__g.cons_ready = rev;
    otel__cons_tail = newest;   /* (the list's head, last once reversed) */
}
/* n records of a stream, newest first from x, cut from those taken before:
   one record's link read after another's (the slow way, see otel__take_ring) */
static otel__rec *otel__chase(otel__rec *x, uint32_t n) {
    otel__rec *list = x;
    while (--n) x = x->next_done;
    x->next_done = NULL;   /* (it named a record taken before) */
    return list;
}
/* The records counted seen+1..c on a slot with a ring, oldest first onto the
   consumer's list: their indices are read from the ring a chunk at a time,
   loads that do not wait for each other. An entry is good until the owner
   writes the one a ring later, which it begins only once its head counts
   one ring less one: so a chunk's entries are checked against the head read
   after them (each entry's store is a release, its load an acquire). What
   the owner overwrote meanwhile (a consumer more than a ring behind) comes
   from the records' links, chased back from the oldest good entry. */
#ifndef OTEL__RING_CHUNK
#define OTEL__RING_CHUNK 256u
#endif
#ifndef OTEL__RING_READ_HOOK
#define OTEL__RING_READ_HOOK() ((void)0)   /* (a test widens the window here) */
#endif
/* records of ring slots taken through the links, and chunks the owner
   overwrote while they were read (the tests read them) */
static uint64_t otel__ring_chased, otel__ring_lapped;
static void otel__take_ring(otel__slot *sl, uint32_t seen, uint64_t h) {
    const uint32_t *ring = sl->ring;
    uint32_t m = sl->ring_mask, c = (uint32_t)h, buf[OTEL__RING_CHUNK];
    uint32_t pend = seen + 1;   /* the oldest record not yet on the list */
    uint32_t pos = c - seen > m ? c - m + 1 : pend;   /* (those before were good when the head was read) */
    otel__rec **link = otel__cons_tail ? &otel__cons_tail->next_done : &otel__g.cons_ready, *r = NULL;
    while ((int32_t)(c - pos) >= 0) {
        uint32_t len = c - pos + 1 < OTEL__RING_CHUNK ? c - pos + 1 : OTEL__RING_CHUNK, j;
        for (j = 0; j < len; j++) buf[j] = OTEL__LOAD_ACQ(&ring[(pos + j) & m]);
        OTEL__RING_READ_HOOK();
        uint32_t lo = (uint32_t)OTEL__LOAD(&sl->head) - m + 1;   /* the oldest entry still good */
        uint32_t j0 = (int32_t)(lo - pos) > 0 ? lo - pos : 0;
        pos += len;
        otel__ring_lapped += j0 != 0;
        if (j0 >= len) continue;   /* overwritten while read: from the links, with a later chunk's */
        if (pos - len + j0 != pend) {
            *link = NULL;
            otel__cons_tail = r ? r : otel__cons_tail;
            otel__ring_chased += pos - len + j0 - pend;
            otel__cons_append_rev(otel__chase(((otel__rec *)(void *)otel__block(buf[j0]))->next_done, pos - len + j0 - pend));
            link = &otel__cons_tail->next_done;
        }
        for (j = j0; j < len; j++) {
            if (j + 16 < len) OTEL__PREFETCH_W(otel__block(buf[j + 16]));
            r = (otel__rec *)(void *)otel__block(buf[j]);
            *link = r; link = &r->next_done;
        }
        pend = pos;
    }
    *link = NULL;
    if (r) otel__cons_tail = r;
    if (pend != c + 1) {   /* (the last chunk overwritten too) */
        otel__ring_chased += c + 1 - pend;
        otel__cons_append_rev(otel__chase((otel__rec *)(void *)otel__block((uint32_t)(h >> 32)), c + 1 - pend));
    }
}
/* the records published on one slot since the consumer last looked, onto
   the consumer's list, oldest first (see otel__publish) */
static void otel__take_published(int i) {
    otel__slot *sl = &otel__g.slots[i];
    uint64_t h = OTEL__LOAD_ACQ(&sl->head);
    uint32_t seen = otel__g.cons_seen[i], n = (uint32_t)h - seen;
    if (n) {
        otel__g.cons_seen[i] = (uint32_t)h;
        if (sl->ring_mask) otel__take_ring(sl, seen, h);
        else otel__cons_append_rev(otel__chase((otel__rec *)(void *)otel__block((uint32_t)(h >> 32)), n));
    }
    if (OTEL__LOAD(&sl->done))   /* threads sharing the slot */
        otel__cons_append_rev((otel__rec *)OTEL__XCHG_ACQ(&sl->done, (otel__rec *)NULL));
}
/* Records of the owned slots with a ring straight into out[] (the
   consumer's list empty and nothing looking at them on the way): no link
   is written into them, so a record's first line is only read on this
   core, not taken from the producer's. A slot's records past max stay in
   its ring, counted unread (cons_seen), for the next call. A slot that
   lapped its ring, or shares its stream, goes the list's way
   (otel__take_published); the caller then hands out the list after these.
   Returns how many are in out[]. */
static size_t otel__take_direct(otel_span_data **out, size_t max) {
    uint32_t hi = OTEL__LOAD_ACQ(&otel__g.slots_hi);
    size_t got = 0;
    for (uint32_t i = 0; i < hi && i < OTEL_MAX_THREADS && got < max; i++) {
        otel__slot *sl = &otel__g.slots[i];
        uint64_t h = OTEL__LOAD_ACQ(&sl->head);
        uint32_t seen = otel__g.cons_seen[i], c = (uint32_t)h, m = sl->ring_mask;
        if (c == seen && !OTEL__LOAD(&sl->done)) continue;
        if (!m || OTEL__LOAD(&sl->done) || c - seen > m) { otel__take_published((int)i); continue; }
        uint32_t n = c - seen < max - got ? c - seen : (uint32_t)(max - got);
        for (uint32_t j = 0; j < n; j++) {
            if (j + 16 < n) OTEL__PREFETCH_R(otel__block(OTEL__LOAD_ACQ(&sl->ring[(seen + 17 + j) & m])));
            out[got + j] = (otel_span_data *)(void *)otel__block(OTEL__LOAD_ACQ(&sl->ring[(seen + 1 + j) & m]));
        }
        OTEL__RING_READ_HOOK();
        /* (the oldest entry still good, as in otel__take_ring: read after them) */
        if ((int32_t)((uint32_t)OTEL__LOAD(&sl->head) - m + 1 - (seen + 1)) > 0) {
            otel__ring_lapped++;
            otel__take_published((int)i);
            continue;
        }
        otel__g.cons_seen[i] = seen + n;
        got += n;
    }
    return got;
}
static void otel__gather(void) {
    /* (a slot claimed after this load is read at the next gathering: its
       claim came before anything it published) */
    uint32_t hi = OTEL__LOAD_ACQ(&otel__g.slots_hi);
    for (uint32_t i = 0; i < hi && i < OTEL_MAX_THREADS; i++) otel__take_published((int)i);
}

/* >> impl: tail sampling and span-derived metrics (consumer side) */
/* ---- tail sampling and span-derived metrics (on the consumer side) -------
   With either on, otel_collect() takes what was published into an intake
   list and looks at each span before any consumer sees it: span metrics
   count it, and tail sampling holds it with the other spans of its trace
   until the trace's local root ends (a span without a parent, or with a
   remote one), when every policy has seen every span so far. A kept trace's
   spans go to the consumers, the others are released unexported. Late
   spans of a decided trace follow its decision while the trace's entry
   lasts (the decision wait). Held spans stay in their arena blocks; the
   trace table is carved off the arena at init. The producers do nothing
   more than without it. */
typedef struct otel__tt {    /* one trace seen by the consumer */
    uint8_t id[16];
    otel__rec *spans;        /* undecided: its held spans (through next_done) */
    uint64_t t0;             /* undecided: when its first span came; decided: when */
    uint32_t hnext, prev, next;   /* hash chain; its age list (undecided or decided) */
    uint32_t nblocks, nspans;
    uint32_t pass;           /* due: the intake that saw its local root */
    uint8_t state, keep, pad[2];
} otel__tt;
/* open: no local root ended yet; due: its local root seen, decided at the
   next gathering (which sees every span published before the root, from
   any thread); then kept or dropped, remembered for late spans */
enum { OTEL__TT_FREE = 0, OTEL__TT_OPEN, OTEL__TT_DUE, OTEL__TT_KEPT, OTEL__TT_DROPPED };
/* rtype bits of a span the tail kept: by a policy (adjusted count 1), by the
   probability baseline, or by the rate-limited one (count unknown) */
#define OTEL__TAIL_BY_POLICY 0x10u
#define OTEL__TAIL_BY_RATIO 0x20u
#define OTEL__TAIL_BY_RATE 0x40u
typedef struct otel__tlist { uint32_t head, tail; } otel__tlist;
typedef struct otel__tpol {  /* a policy, checked */
    int type;
    uint64_t ns;             /* latency */
    const char *name; size_t name_len;
    const char *key, *match;
} otel__tpol;
/* span metrics: summed per span name (a string that lives outside the
   arena), kind and status, and added to the instruments when the stream is
   drained, at least every 100 ms */
typedef struct otel__smagg {
    const char *name; uint32_t len; uint8_t kind, status, used, pad;
    uint64_t count; double sum, min, max;
    uint64_t buckets[17];     /* (otel__span_ms_bounds) */
} otel__smagg;
static struct otel__tail_state {
    int on, final;           /* final: shutdown, every trace decided now */
    int record_only;         /* a user sampler: spans recorded but not sampled are released unexported here */
    int flushing;            /* a flush or shutdown: span metrics added to the instruments at every intake */
    double baseline;         /* the probability baseline (sampler_arg) */
    int baseline_dflt;       /* no sampler_arg: 0.1, unless an OTEL_TAIL_PROBABILITY policy says */
    otel__tpol pol[OTEL_TAIL_MAX_POLICIES]; uint32_t npol;
    uint64_t threshold;      /* baseline: kept when the trace id's low 56 bits >= this (2^56: never) */
    uint64_t rate_iv, rate_tat;   /* rate-limited baseline (0: none) */
    uint64_t wait_ns;
    double frac;
    uint32_t max_blocks;     /* held blocks at most: frac of the arena's */
    otel__tt *tt; uint32_t ntt, mask, *buckets, free;
    otel__tlist open, due, decided;
    uint32_t pass;
    uint32_t held_blocks;
    uint64_t held_spans;     /* read by otel_pending on any thread */
    char th_keep[8], th_ratio[24];   /* the "ot" tracestate entries recorded on kept spans */
    uint64_t spans_out, traces_kept, traces_out, early, by_deadline;
    otel_span_data *rel[64]; uint32_t nrel;
    otel__smagg agg[64];
    uint64_t agg_at;
    int metrics;
    otel_instrument *calls, *duration;
    const char *dims[OTEL__MAX_PATTERNS]; uint32_t ndims;   /* (4 used at most) */
    char dims_buf[256];
    const otel_attr *service;
} otel__tail;
#ifdef OTEL_NO_TAIL_SAMPLING
#define OTEL__TAIL_ON 0   /* (the policies and the trace table compile out) */
#else
#define OTEL__TAIL_ON otel__tail.on
#endif

static uint32_t otel__tt_hash(const uint8_t *id) {
    uint64_t a, b;
    memcpy(&a, id, 8); memcpy(&b, id + 8, 8);
    return (uint32_t)(((a ^ b) * 0x9e3779b97f4a7c15ull) >> 32) & otel__tail.mask;
}
static void otel__tl_push(otel__tlist *l, uint32_t i) {
    otel__tt *e = &otel__tail.tt[i];
    e->next = OTEL__NIL; e->prev = l->tail;
    if (l->tail != OTEL__NIL) otel__tail.tt[l->tail].next = i; else l->head = i;
    l->tail = i;
}
static void otel__tl_remove(otel__tlist *l, uint32_t i) {
    otel__tt *e = &otel__tail.tt[i];
    if (e->prev != OTEL__NIL) otel__tail.tt[e->prev].next = e->next; else l->head = e->next;
    if (e->next != OTEL__NIL) otel__tail.tt[e->next].prev = e->prev; else l->tail = e->prev;
}
static uint32_t otel__tt_find(const uint8_t *id) {
    uint32_t i = otel__tail.buckets[otel__tt_hash(id)];
    while (i != OTEL__NIL && memcmp(otel__tail.tt[i].id, id, 16) != 0) i = otel__tail.tt[i].hnext;
    return i;
}
/* a decided trace forgotten: its late spans will start a new entry */
static void otel__tt_forget(uint32_t i) {
    otel__tt *e = &otel__tail.tt[i];
    uint32_t *pp = &otel__tail.buckets[otel__tt_hash(e->id)];
    while (*pp != i) pp = &otel__tail.tt[*pp].hnext;
    *pp = e->hnext;
    otel__tl_remove(&otel__tail.decided, i);
    e->state = OTEL__TT_FREE;
    e->hnext = otel__tail.free; otel__tail.free = i;
}

static void otel__tail_release(otel__rec *r) {
    otel__tail.rel[otel__tail.nrel++] = r;
    OTEL__BUMP(&otel__tail.spans_out);
    if (otel__tail.nrel == sizeof otel__tail.rel / sizeof *otel__tail.rel) { otel_release(otel__tail.rel, otel__tail.nrel); otel__tail.nrel = 0; }
}
/* "ot=th:X" merged into the span's tracestate (the spec's threshold
   sampling: the trace was kept with probability (2^56 - X) / 2^56); kept by
   the rate limit, whose adjusted count is unknown, an earlier th is erased
   (as the spec asks). A span without a tracestate points at ours; one with
   one gets the merged text in the free end of its last block (the consumer
   owns the span now), or, when that is too short, in a free block of the
   consumer's chained to the span (released with it); with neither, it
   keeps its tracestate as it is. */
static void otel__tail_mark(otel__rec *r, uint8_t how) {
    r->rtype = (uint8_t)(r->rtype | how);
    const char *th = how == OTEL__TAIL_BY_POLICY ? otel__tail.th_keep : how == OTEL__TAIL_BY_RATIO ? otel__tail.th_ratio : NULL;
    size_t tl = th ? strlen(th) : 0;
    if (!r->ts_len) { if (th) { r->ts = th; r->ts_len = (uint16_t)tl; } return; }
    otel__blk *b = otel__block(r->cur);
    size_t room = OTEL_BLOCK_SIZE - b->used, n = r->ts_len;
    if (room < tl + n + 4 && tl + n + 4 <= OTEL__BLK_PAYLOAD) {   /* (the most the merged text can take) */
        if (!otel__g.cons_mag_count) otel__g.cons_mag_count = otel__mag_pop(otel__g.cons_mag);
        if (otel__g.cons_mag_count) {
            uint32_t x = otel__g.cons_mag[--otel__g.cons_mag_count];
            b->next = x; r->cur = x;
            b = otel__block(x);
            b->next = OTEL__NIL; b->used = sizeof(otel__blk);
            room = OTEL__BLK_PAYLOAD;
        }
    }
    char *out = (char *)b + b->used;
    const char *p = r->ts, *end = p + n;
    /* our entry first (ot=th:X, then the other subkeys of an earlier ot entry), then the rest */
    if (tl + 1 > room) return;
    if (th) memcpy(out, th, tl);
    size_t w = tl;
    for (int pass = 0; pass < 2; pass++, p = r->ts)   /* the ot entry's subkeys, then the other entries */
    while (p < end) {
        const char *e = (const char *)memchr(p, ',', (size_t)(end - p));
        if (!e) e = end;
        const char *m = p; size_t ml = (size_t)(e - p);
        while (ml && (*m == ' ' || *m == '\t')) { m++; ml--; }
        int ot = ml >= 3 && memcmp(m, "ot=", 3) == 0;
        if (ot != !pass) { p = e + 1; continue; }
        if (ot) {
            const char *q = m + 3, *qe = m + ml;
            while (q < qe) {   /* its subkeys but th */
                const char *se = (const char *)memchr(q, ';', (size_t)(qe - q));
                if (!se) se = qe;
                if (!(se - q >= 3 && memcmp(q, "th:", 3) == 0) && se > q) {
                    if (w + 3 + (size_t)(se - q) > room) return;
                    if (w) out[w++] = ';'; else { memcpy(out, "ot=", 3); w = 3; }
                    memcpy(out + w, q, (size_t)(se - q)); w += (size_t)(se - q);
                }
                q = se + 1;
            }
        } else if (ml) {
            if (w + 1 + ml > room) return;
            if (w) out[w++] = ',';
            memcpy(out + w, m, ml); w += ml;
        }
        p = e + 1;
    }
    if (w > 512) return;   /* (the W3C limit) */
    r->ts = out; r->ts_len = (uint16_t)w;
}
/* the explicit randomness of a trace (the rv subkey of its "ot" tracestate
   entry, 14 hex digits), which the spec puts before the trace id's */
static int otel__ts_rv(const char *ts, size_t n, uint64_t *out) {
    for (const char *p = ts, *end = ts + n; p < end;) {
        const char *e = (const char *)memchr(p, ',', (size_t)(end - p));
        if (!e) e = end;
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        if (e - p > 3 && memcmp(p, "ot=", 3) == 0) {
            for (const char *q = p + 3; q < e;) {
                const char *se = (const char *)memchr(q, ';', (size_t)(e - q));
                if (!se) se = e;
                if (se - q == 17 && memcmp(q, "rv:", 3) == 0) {
                    uint64_t v = 0;
                    const char *h = q + 3;
                    for (; h < se && otel__hexval(*h) >= 0; h++) v = v << 4 | (uint64_t)otel__hexval(*h);
                    if (h == se) { *out = v; return 1; }
                }
                q = se + 1;
            }
            return 0;
        }
        p = e + 1;
    }
    return 0;
}
static void otel__tail_ready(otel__rec *r) {
    r->next_done = NULL;
    if (otel__cons_tail) otel__cons_tail->next_done = r; else otel__g.cons_ready = r;
    otel__cons_tail = r;
}
static uint8_t otel__tail_verdict(otel__tt *e, uint64_t now) {
    if (e->keep) return OTEL__TAIL_BY_POLICY;
    uint64_t rnd = otel__id_randomness(e->id);
    if (e->spans && e->spans->ts_len) otel__ts_rv(e->spans->ts, e->spans->ts_len, &rnd);   /* (a remote parent's, inherited) */
    if (rnd >= otel__tail.threshold) return OTEL__TAIL_BY_RATIO;
    if (otel__tail.rate_iv) {   /* at most N a second, in any one second */
        uint64_t base = otel__tail.rate_tat > now ? otel__tail.rate_tat : now;
        if (base + otel__tail.rate_iv - now <= 1000000000ull) { otel__tail.rate_tat = base + otel__tail.rate_iv; return OTEL__TAIL_BY_RATE; }
    }
    return 0;
}
static void otel__tail_decide(uint32_t i, uint64_t now) {
    otel__tt *e = &otel__tail.tt[i];
    uint8_t how = otel__tail_verdict(e, now);
    for (otel__rec *r = e->spans, *nx; r; r = nx) {
        nx = r->next_done;
        if (how) { otel__tail_mark(r, how); otel__tail_ready(r); } else otel__tail_release(r);
    }
    if (how) OTEL__BUMP(&otel__tail.traces_kept); else OTEL__BUMP(&otel__tail.traces_out);
    otel__tail.held_blocks -= e->nblocks;
    OTEL__STORE(&otel__tail.held_spans, otel__tail.held_spans - e->nspans);
    e->spans = NULL; e->nblocks = e->nspans = 0;
    otel__tl_remove(e->state == OTEL__TT_DUE ? &otel__tail.due : &otel__tail.open, i);
    e->state = how ? OTEL__TT_KEPT : OTEL__TT_DROPPED;
    e->keep = how;
    e->t0 = now;
    otel__tl_push(&otel__tail.decided, i);
}
static int otel__tail_name_is(const otel__rec *r, const otel__tpol *p) {
    if (!p->name || r->name == p->name) return 1;
    if (!r->name) return 0;
    size_t n = r->name_len ? r->name_len : strlen(r->name);
    return n == p->name_len && memcmp(r->name, p->name, n) == 0;
}
static int otel__tail_attr_is(const otel_span_data *r, const otel__tpol *p) {
    otel_iter it = {NULL, 0};
    otel_item item;
    while (otel_span_data_next(r, &it, &item)) {
        if (item.type != OTEL_ITEM_ATTR || strcmp(item.attr.key, p->key) != 0) continue;
        if (!p->match) return 1;
        char num[32];
        const char *v = num; size_t n;
        switch (item.attr.type) {
        case OTEL_TYPE_STRING: v = item.attr.v.str.ptr; n = item.attr.v.str.len; break;
        case OTEL_TYPE_INT: n = (size_t)snprintf(num, sizeof num, "%lld", (long long)item.attr.v.i); break;
        case OTEL_TYPE_DOUBLE: n = (size_t)snprintf(num, sizeof num, "%g", item.attr.v.d); break;
        case OTEL_TYPE_BOOL: v = item.attr.v.b ? "true" : "false"; n = strlen(v); break;
        default: return 0;
        }
        return strlen(p->match) == n && memcmp(p->match, v, n) == 0;
    }
    return 0;
}
/* does a policy keep the trace, from this span? */
static uint8_t otel__tail_judge(const otel__rec *r) {
    for (uint32_t k = 0; k < otel__tail.npol; k++) {
        const otel__tpol *p = &otel__tail.pol[k];
        switch (p->type) {
        case OTEL_TAIL_ERROR: if (r->status == OTEL_STATUS_ERROR) return 1; break;
        case OTEL_TAIL_LATENCY:
            if (otel__tail_name_is(r, p)) {
                uint64_t s = otel__stamp_ns(&r->start), e = otel__stamp_ns(&r->end);
                if (e > s && e - s > p->ns) return 1;
            }
            break;
        case OTEL_TAIL_ATTRIBUTE: if (otel__tail_name_is(r, p) && otel__tail_attr_is(r, p)) return 1; break;
        default: break;
        }
    }
    return 0;
}
/* a free trace entry: the oldest decided one forgotten, else the oldest
   undecided trace decided now */
static uint32_t otel__tt_take(uint64_t now) {
    if (otel__tail.free == OTEL__NIL) {
        if (otel__tail.decided.head == OTEL__NIL) {
            otel__tail_decide(otel__tail.due.head != OTEL__NIL ? otel__tail.due.head : otel__tail.open.head, now);
            OTEL__BUMP(&otel__tail.early);
        }
        otel__tt_forget(otel__tail.decided.head);
    }
    uint32_t i = otel__tail.free;
    otel__tail.free = otel__tail.tt[i].hnext;
    return i;
}
static void otel__tail_hold(otel__rec *r, uint64_t now) {
    uint32_t i = otel__tt_find(r->trace_id);
    if (i == OTEL__NIL) {
        i = otel__tt_take(now);
        otel__tt *e = &otel__tail.tt[i];
        memcpy(e->id, r->trace_id, 16);
        uint32_t hb = otel__tt_hash(r->trace_id);
        e->hnext = otel__tail.buckets[hb]; otel__tail.buckets[hb] = i;
        e->spans = NULL; e->t0 = now; e->nblocks = e->nspans = 0;
        e->state = OTEL__TT_OPEN; e->keep = 0;
        otel__tl_push(&otel__tail.open, i);
    }
    otel__tt *e = &otel__tail.tt[i];
    if (e->state >= OTEL__TT_KEPT) {   /* a late span of a decided trace */
        if (e->state == OTEL__TT_KEPT) { otel__tail_mark(r, e->keep); otel__tail_ready(r); }
        else otel__tail_release(r);
        return;
    }
    if (!e->keep) e->keep = otel__tail_judge(r);
    uint32_t nb = 1;
    for (uint32_t b = otel__block_index(r); otel__block(b)->next != OTEL__NIL; b = otel__block(b)->next) nb++;
    r->next_done = e->spans; e->spans = r;
    e->nspans++; e->nblocks += nb;
    otel__tail.held_blocks += nb;
    OTEL__STORE(&otel__tail.held_spans, otel__tail.held_spans + 1);
    if ((!r->has_parent || r->parent_remote) && e->state == OTEL__TT_OPEN) {
        otel__tl_remove(&otel__tail.open, i);
        e->state = OTEL__TT_DUE; e->pass = otel__tail.pass;
        otel__tl_push(&otel__tail.due, i);
    }
}

#ifndef OTEL_NO_METRICS
/* the connector's default buckets, in ms */
static const double otel__span_ms_bounds[16] = {2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000};
static size_t otel__span_metric_attrs(otel_attr *a, const char *name, size_t len, int kind, int status) {
    static const char *const kinds[] = {"SPAN_KIND_INTERNAL" /* (unspecified: exported as internal) */, "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
                                        "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
    static const char *const codes[] = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};
    size_t n = 0;
    if (otel__tail.service) a[n++] = *otel__tail.service;
    a[n] = otel_attr_str("span.name", name);
    a[n++].v.str.len = len;
    a[n++] = otel_attr_str("span.kind", kinds[kind < 6 ? kind : 0]);
    a[n++] = otel_attr_str("status.code", codes[status < 3 ? status : 0]);
    return n;
}
static void otel__span_metrics_flush(otel__smagg *g) {
    otel_attr a[4];
    size_t n = otel__span_metric_attrs(a, g->name, g->len, g->kind, g->status);
    otel_counter_add(otel__tail.calls, (int64_t)g->count, a, n);
    otel__series *s = otel__recording(otel__tail.duration, OTEL_INSTRUMENT_HISTOGRAM, a, n, 0, g->sum);
    if (s) {   /* as otel_histogram_record does (under the series' lock), many values at once */
        otel__spin_lock(&s->lock);
        for (uint32_t i = 0; i <= 16; i++) OTEL__HOT_BUCKETS(s)[i] += g->buckets[i];
        s->value = otel__dbits(otel__bitsd(s->value) + g->sum);
        if (g->min < otel__bitsd(s->min_bits)) s->min_bits = otel__dbits(g->min);
        if (g->max > otel__bitsd(s->max_bits)) s->max_bits = otel__dbits(g->max);
        otel__spin_unlock(&s->lock);
    }
    g->used = 0;
}
static void otel__span_metrics_flush_all(uint64_t now) {
    for (size_t i = 0; i < sizeof otel__tail.agg / sizeof *otel__tail.agg; i++)
        if (otel__tail.agg[i].used) otel__span_metrics_flush(&otel__tail.agg[i]);
    otel__tail.agg_at = now;
}
static void otel__span_metrics(const otel__rec *r) {
    const char *name = r->name ? r->name : "";
    size_t len = r->name ? (r->name_len ? r->name_len : strlen(r->name)) : 0;
    uint64_t s = otel__stamp_ns(&r->start), e = otel__stamp_ns(&r->end);
    double ms = e > s ? (double)(e - s) / 1e6 : 0.0;
    uint32_t lo = 0, hi = 16;
    while (lo < hi) { uint32_t mid = (lo + hi) / 2; if (ms <= otel__span_ms_bounds[mid]) hi = mid; else lo = mid + 1; }
    int in_arena = (const unsigned char *)name >= otel__g.arena &&
                   (const unsigned char *)name < otel__g.arena + (size_t)otel__g.nblocks * OTEL_BLOCK_SIZE;
    if (!otel__tail.ndims && !in_arena) {   /* (a name copied into the span's blocks goes the general way) */
        uint64_t h = ((uint64_t)(uintptr_t)name ^ (uint64_t)len << 40 ^ (uint64_t)r->kind << 56 ^ (uint64_t)r->status << 60) * 0x9e3779b97f4a7c15ull;
        otel__smagg *g = &otel__tail.agg[h >> 58];
        if (!g->used || g->name != name || g->len != len || g->kind != r->kind || g->status != r->status) {
            if (g->used) otel__span_metrics_flush(g);
            memset(g, 0, sizeof *g);
            g->name = name; g->len = (uint32_t)len; g->kind = r->kind; g->status = r->status; g->used = 1;
            g->min = ms; g->max = ms;
        }
        g->count++; g->sum += ms; g->buckets[lo]++;
        if (ms < g->min) g->min = ms;
        if (ms > g->max) g->max = ms;
        return;
    }
    otel_attr a[4 + 4];
    size_t n = otel__span_metric_attrs(a, name, len, r->kind, r->status), base = n;
    if (otel__tail.ndims) {
        otel_iter it = {NULL, 0};
        otel_item item;
        while (n < base + otel__tail.ndims && otel_span_data_next(r, &it, &item)) {
            if (item.type != OTEL_ITEM_ATTR) continue;
            for (uint32_t k = 0; k < otel__tail.ndims; k++)
                if (strcmp(item.attr.key, otel__tail.dims[k]) == 0 && item.attr.type < OTEL_TYPE_STRING_ARRAY) {
                    a[n] = item.attr; a[n++].key = otel__tail.dims[k];
                    break;
                }
        }
    }
    otel_counter_add(otel__tail.calls, 1, a, n);
    otel_histogram_record(otel__tail.duration, ms, a, n);
}
#endif

/* no trace held, none remembered, no span metrics summed (init; a forked
   child, whose arena starts empty) */
static void otel__tail_clear(void) {
    otel__tail.final = 0; otel__tail.nrel = 0;
    otel__tail.held_blocks = 0; otel__tail.held_spans = 0;
    otel__tail.spans_out = otel__tail.traces_kept = otel__tail.traces_out = otel__tail.early = otel__tail.by_deadline = 0;
    memset(otel__tail.agg, 0, sizeof otel__tail.agg);
    otel__tail.open.head = otel__tail.open.tail = otel__tail.decided.head = otel__tail.decided.tail = OTEL__NIL;
    otel__tail.due.head = otel__tail.due.tail = OTEL__NIL;
    if (!otel__tail.tt) return;
    for (uint32_t i = 0; i <= otel__tail.mask; i++) otel__tail.buckets[i] = OTEL__NIL;
    for (uint32_t i = 0; i < otel__tail.ntt; i++) {
        otel__tail.tt[i].state = OTEL__TT_FREE;
        otel__tail.tt[i].hnext = i + 1 < otel__tail.ntt ? i + 1 : OTEL__NIL;
    }
    otel__tail.free = 0;
}

/* what was published, through span metrics and the tail, onto the ready list */
static void otel__intake_pass(uint64_t now) {
    otel__rec *ready = otel__g.cons_ready, *rtail = otel__cons_tail;
    otel__g.cons_ready = NULL; otel__cons_tail = NULL;
    otel__gather();
    otel__rec *in = otel__g.cons_ready;
#ifndef OTEL_NO_METRICS
    if (otel__tail.metrics && (!in || now - otel__tail.agg_at >= 100000000ull)) otel__span_metrics_flush_all(now);
#endif
    otel__g.cons_ready = ready; otel__cons_tail = rtail;
    otel__tail.pass++;
    for (otel__rec *r = in, *nx; r; r = nx) {
        nx = r->next_done;
        if (OTEL__RTYPE(r) != OTEL__REC_SPAN) { otel__tail_ready(r); continue; }
        if (otel__tail.record_only && !(r->flags & OTEL_FLAG_SAMPLED)) { otel_release(&r, 1); continue; }
#ifndef OTEL_NO_METRICS
        if (otel__tail.metrics) otel__span_metrics(r);
#endif
        if (OTEL__TAIL_ON) otel__tail_hold(r, now); else otel__tail_ready(r);
    }
}
static void otel__intake(void) {
    uint64_t now = otel__mono_ns();
    otel__intake_pass(now);
#ifndef OTEL_NO_METRICS
    if (otel__tail.metrics && OTEL__LOAD(&otel__tail.flushing)) otel__span_metrics_flush_all(now);
#endif
    if (!OTEL__TAIL_ON) return;
    for (int round = 0;; round++) {
        /* traces whose root an earlier pass saw */
        while (otel__tail.due.head != OTEL__NIL && otel__tail.tt[otel__tail.due.head].pass != otel__tail.pass)
            otel__tail_decide(otel__tail.due.head, now);
        if (otel__g.cons_ready || otel__tail.due.head == OTEL__NIL || round == 8) break;
        otel__intake_pass(now);   /* (nothing ready yet: gather again, so the roots just seen are decided now) */
    }
    int final = OTEL__LOAD(&otel__tail.final);
    while (final && otel__tail.due.head != OTEL__NIL) otel__tail_decide(otel__tail.due.head, now);
    while (otel__tail.open.head != OTEL__NIL &&
           (final || now - otel__tail.tt[otel__tail.open.head].t0 >= otel__tail.wait_ns)) {
        otel__tail_decide(otel__tail.open.head, now);
        OTEL__BUMP(&otel__tail.by_deadline);
    }
    while (otel__tail.open.head != OTEL__NIL && otel__tail.held_blocks > otel__tail.max_blocks) {
        otel__tail_decide(otel__tail.open.head, now);
        OTEL__BUMP(&otel__tail.early);
    }
    while (otel__tail.decided.head != OTEL__NIL && now - otel__tail.tt[otel__tail.decided.head].t0 >= otel__tail.wait_ns)
        otel__tt_forget(otel__tail.decided.head);
    if (otel__tail.nrel) { otel_release(otel__tail.rel, otel__tail.nrel); otel__tail.nrel = 0; }
}

/* the records ready, to the one consumer (with several processors: to the fan-out, below) */
static size_t otel__collect_one(otel_span_data **out, size_t max) {
    int looks = otel__tail.on | otel__tail.metrics | otel__tail.record_only;   /* tail sampling, span metrics, a user sampler */
    size_t n = 0;
    if (!otel__g.cons_ready) { if (looks) otel__intake(); else n = otel__take_direct(out, max); }
    while (n < max && otel__g.cons_ready) {
        out[n++] = otel__g.cons_ready;
        otel__g.cons_ready = otel__g.cons_ready->next_done;
        if (!otel__g.cons_ready) { otel__cons_tail = NULL; if (n < max) { if (looks) otel__intake(); else otel__gather(); } }
    }
    return n;
}

/* Full magazines the consumer freed, chained (top: the newest) to go onto
   the stack together, 16 at most at a time */
typedef struct otel__mchain { uint32_t top, last, n; } otel__mchain;
static OTEL__NOINLINE void otel__mchain_add(otel__mchain *ch, const uint32_t *idx, uint32_t n) {
    uint32_t m = otel__mag_seal(idx, n);
    if (ch->top == OTEL__NIL) ch->last = m;
    else OTEL__STORE(&otel__block(m)->stack_next, ch->top);
    ch->top = m;
    if (++ch->n == 16) { otel__mag_push_chain(ch->top, ch->last); ch->top = OTEL__NIL; ch->n = 0; }
}
/* records' blocks back to the arena */
static void otel__free_recs(otel_span_data *const *spans, size_t n) {
    uint64_t logs = 0;
    /* (the arena, the magazine and its count in locals: the compiler cannot
       keep them in registers across the stores into the magazine) */
    unsigned char *arena = otel__g.arena;
    uint32_t *mag = otel__g.cons_mag, k = otel__g.cons_mag_count;
    otel__mchain ch = {OTEL__NIL, OTEL__NIL, 0};
    for (size_t i = 0; i < n; i++) {
        logs += OTEL__RTYPE(spans[i]) == OTEL__REC_LOG;   /* read before its blocks are free */
        uint32_t b = otel__block_index(spans[i]);
        while (b != OTEL__NIL) {
            uint32_t next = ((const otel__blk *)(const void *)(arena + (size_t)b * OTEL_BLOCK_SIZE))->next;
            mag[k++] = b;
            if (OTEL__UNLIKELY(k >= OTEL_MAGAZINE_SIZE)) { otel__mchain_add(&ch, mag, k); k = 0; }
            b = next;
        }
    }
    if (ch.top != OTEL__NIL) otel__mag_push_chain(ch.top, ch.last);
    otel__g.cons_mag_count = k;
    OTEL__ADD(&otel__g.released, (uint64_t)n - logs);
    if (logs) OTEL__ADD(&otel__g.logs_released, logs);
    /* a partial magazine goes back at once only when producers are starved */
    if (otel__g.cons_mag_count && (uint32_t)OTEL__LOAD(&otel__g.free_stack) == OTEL__NIL &&
        OTEL__LOAD(&otel__g.fresh) >= otel__g.nblocks) {
        otel__mag_push(otel__g.cons_mag, otel__g.cons_mag_count);
        otel__g.cons_mag_count = 0;
    }
}

/* ---- several processors: each record to every one -------------------------
   With one processor (the usual case) it takes records straight from the
   consumer list above. With several, a record is handed to each through a
   ring of its own (block indices), and its first block's stack_next field
   (unused while a record lives) counts the processors still holding it: the
   last otel_release frees it. A processor holding OTEL_PROCESSOR_QUEUE
   records (at most a 1/(2n) share of the arena's blocks), taken or not, gets
   no more until it releases some: what comes meanwhile is dropped for it
   alone and counted, so a slow or stuck processor cannot starve the others
   of arena blocks. Everything runs on the consumer (one at a time); which
   processor calls is otel__px.cur, set around its poll and stop. */
static struct otel__procs {
    otel_processor p[OTEL_MAX_PROCESSORS];
    uint32_t n, cur, cap;    /* cap: records one processor may hold */
    int filling;             /* records released while filling the rings are not yet handed out */
    uint32_t at[OTEL_MAX_PROCESSORS], len[OTEL_MAX_PROCESSORS];   /* its ring: the oldest, how many */
    uint32_t held[OTEL_MAX_PROCESSORS];     /* handed to it (in its ring or taken), not released */
    uint64_t dropped[OTEL_MAX_PROCESSORS];
    uint64_t over;           /* processors configured past OTEL_MAX_PROCESSORS */
} otel__px;
static uint32_t otel__px_ring[OTEL_MAX_PROCESSORS][OTEL_PROCESSOR_QUEUE];
/* the in-memory exporter's records (see otel__mem_poll) */
static struct otel__mem_state {
    uint32_t rec[OTEL_MEMORY_EXPORTER_CAP], n;      /* block indices, oldest first */
    uint32_t gone[OTEL_MEMORY_EXPORTER_CAP], ngone;
    uint64_t dropped;
    uint64_t held;           /* n + ngone, for otel_pending (these are delivered) */
} otel__mem;
#ifndef OTEL_NO_THREADS
static pthread_mutex_t otel__mem_lock = PTHREAD_MUTEX_INITIALIZER;
#define OTEL__MEM_LOCK() pthread_mutex_lock(&otel__mem_lock)
#define OTEL__MEM_UNLOCK() pthread_mutex_unlock(&otel__mem_lock)
#else
#define OTEL__MEM_LOCK() ((void)0)
#define OTEL__MEM_UNLOCK() ((void)0)
#endif

/* what the consumer list holds, into the rings while the calling
   processor's has room */
static void otel__px_fill(void) {
    otel_span_data *got[64], *none[64];
    uint32_t me = otel__px.cur, nnone = 0, lost[OTEL_MAX_PROCESSORS] = {0};
    size_t k;
    otel__px.filling = 1;
    while (otel__px.held[me] < otel__px.cap &&
           (k = otel__collect_one(got, otel__px.cap - otel__px.held[me] < 64 ? otel__px.cap - otel__px.held[me] : 64)) > 0) {
        for (size_t i = 0; i < k; i++) {
            uint32_t holders = 0, b = otel__block_index(got[i]);
            for (uint32_t j = 0; j < otel__px.n; j++) {
                if (otel__px.held[j] >= otel__px.cap) { lost[j]++; continue; }
                otel__px_ring[j][(otel__px.at[j] + otel__px.len[j]++) % OTEL_PROCESSOR_QUEUE] = b;
                otel__px.held[j]++;
                holders++;
            }
            if (holders) OTEL__STORE(&got[i]->blk.stack_next, holders);
            else if ((none[nnone++] = got[i]), nnone == 64) { otel__free_recs(none, nnone); nnone = 0; }
        }
    }
    if (nnone) otel__free_recs(none, nnone);
    otel__px.filling = 0;
    for (uint32_t j = 0; j < otel__px.n; j++)
        if (lost[j]) {
            OTEL__ADD(&otel__px.dropped[j], (uint64_t)lost[j]);
            OTEL__WARN("processor %u: its queue is full (%u records); %u records dropped for it (otel_processor_dropped)", j, otel__px.cap, lost[j]);
        }
}
/* up to max of processor i's ring */
static size_t otel__px_take(uint32_t i, otel_span_data **out, size_t max) {
    size_t n = 0;
    for (; n < max && otel__px.len[i]; otel__px.len[i]--) {
        out[n++] = (otel_span_data *)(void *)otel__block(otel__px_ring[i][otel__px.at[i]]);
        otel__px.at[i] = (otel__px.at[i] + 1) % OTEL_PROCESSOR_QUEUE;
    }
    return n;
}
static size_t otel__px_collect(otel_span_data **out, size_t max) {
    if (!otel__px.len[otel__px.cur]) otel__px_fill();
    return otel__px_take(otel__px.cur, out, max);
}
static void otel__px_release(otel_span_data *const *spans, size_t n) {
    otel_span_data *last[64];
    size_t nl = 0;
    uint32_t me = otel__px.cur;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = OTEL__LOAD(&spans[i]->blk.stack_next);
        if (otel__px.held[me]) otel__px.held[me]--;
        if (h > 1) { OTEL__STORE(&spans[i]->blk.stack_next, h - 1); continue; }
        last[nl++] = spans[i];
        if (nl == 64) { otel__free_recs(last, nl); nl = 0; }
    }
    if (nl) otel__free_recs(last, nl);
}
/* processor i's records not taken yet (at its stop): released for it */
static void otel__px_drain(uint32_t i) {
    otel_span_data *got[64];
    uint32_t was = otel__px.cur;
    otel__px.cur = i;
    size_t k;
    while ((k = otel__px_take(i, got, 64)) > 0) otel__px_release(got, k);
    otel__px.cur = was;
}

size_t otel_collect(otel_span_data **out, size_t max) {
    if (!otel__g.arena) return 0;
    if (OTEL__UNLIKELY(otel__px.n > 1)) return otel__px_collect(out, max);
    return otel__collect_one(out, max);
}
void otel_release(otel_span_data *const *spans, size_t n) {
    if (OTEL__UNLIKELY(otel__px.n > 1) && !otel__px.filling) otel__px_release(spans, n);
    else otel__free_recs(spans, n);
}
static void otel__on_start(otel_span *s) {
    if (!s || !s->rec) return;
    otel_span_context pc;
    if (s->rec->has_parent) {
        pc = otel_span_get_context(s);
        memcpy(pc.span_id, s->rec->parent_id, 8);
        pc.remote = s->rec->parent_remote;
    }
    for (uint32_t i = 0; i < otel__px.n; i++)
        if (otel__px.p[i].on_start) otel__px.p[i].on_start(otel__px.p[i].user, s, s->rec->has_parent ? &pc : NULL);
}
uint64_t otel_processor_dropped(size_t index) { return index < otel__px.n ? OTEL__LOAD(&otel__px.dropped[index]) : 0; }

/* attributes a reader will see: a key set twice counts once */
static uint32_t otel__attr_count(const otel__rec *r) {
    if (!otel__maybe_dups(r)) return OTEL__LOAD(&r->n_attrs);
    uint32_t n = 0;
    otel_iter it = {NULL, 0};
    for (otel__r *x; (x = otel__rec_next(r, &it));)
        if (x->tag == OTEL__R_ATTR && !otel__superseded(r, &it, x)) n++;
    return n;
}

/* what otel_span_data_info gives; the attribute count only when asked
   (the exporter's encoders do not need it, and on a span read for the
   first time it is a pass over the record, hashing every key) */
static void otel__span_info(const otel_span_data *r, otel_span_info *o, int count_attrs) {
    o->name = r->name ? r->name : "";
    o->name_len = r->name_len ? r->name_len : strlen(o->name);
    memcpy(o->context.trace_id, r->trace_id, 16);
    memcpy(o->context.span_id, r->span_id, 8);
    o->context.flags = r->flags;
    o->context.remote = 0;
    o->context.tracestate = r->ts_len ? r->ts : NULL;   /* (ts is not stored for a span without one) */
    o->context.tracestate_len = r->ts_len;
    if (r->has_parent) memcpy(o->parent_span_id, r->parent_id, 8);
    else memset(o->parent_span_id, 0, 8);
    o->has_parent = r->has_parent;
    o->parent_remote = r->parent_remote;
    o->kind = (otel_span_kind)r->kind;
    o->start_ns = otel__stamp_ns(&r->start);
    o->end_ns = otel__stamp_ns(&r->end);
    if (o->end_ns < o->start_ns) o->end_ns = o->start_ns;   /* (the clock stepped back) */
    o->status = (otel_status_code)r->status;
    /* (status_msg is stored with the status: not for a span whose status is unset) */
    o->status_message = r->status ? r->status_msg : NULL;
    o->status_len = r->status ? r->status_len : 0;
    o->attribute_count = count_attrs ? otel__attr_count(r) : 0;
    o->event_count = r->n_events; o->link_count = r->n_links;
    o->dropped_attributes = r->d_attrs; o->dropped_events = r->d_events; o->dropped_links = r->d_links;
    o->location = otel__rec_location(r);
    o->scope = otel__rec_scope(r);
}
void otel_span_data_info(const otel_span_data *r, otel_span_info *o) { otel__span_info(r, o, 1); }


int otel_span_data_next(const otel_span_data *r, otel_iter *it, otel_item *o) {
    for (otel__r *x; (x = otel__rec_next(r, it));) {
        if (x->tag == OTEL__R_ATTR && otel__superseded(r, it, x)) continue;
        switch (x->tag) {
        case OTEL__R_ATTR: case OTEL__R_EVENT_ATTR: case OTEL__R_LINK_ATTR:
            o->type = x->tag == OTEL__R_ATTR ? OTEL_ITEM_ATTR : x->tag == OTEL__R_EVENT_ATTR ? OTEL_ITEM_EVENT_ATTR : OTEL_ITEM_LINK_ATTR;
            otel__attr_from_record(x, &o->attr);
            return 1;
        case OTEL__R_EVENT:
            o->type = OTEL_ITEM_EVENT;
            o->attr.key = NULL; o->attr.type = OTEL_TYPE_NONE;
            o->event_name = x->key; o->event_ns = x->v.u;
            o->attribute_count = x->aux & 0xffff; o->dropped_attributes = x->aux >> 16;
            return 1;
        case OTEL__R_LINK: {
            const otel__r_link *l = (const otel__r_link *)x;
            o->type = OTEL_ITEM_LINK;
            o->attr.key = NULL; o->attr.type = OTEL_TYPE_NONE;
            o->event_name = NULL; o->event_ns = 0;
            o->link.remote = 0;
            memcpy(o->link.trace_id, l->trace_id, 16);
            memcpy(o->link.span_id, l->span_id, 8);
            o->link.flags = l->flags;
            o->link.tracestate_len = (uint16_t)x->v.u;
            o->link.tracestate = x->v.u ? (const char *)(l + 1) : NULL;
            o->attribute_count = x->aux & 0xffff; o->dropped_attributes = x->aux >> 16;
            return 1;
        }
        default: continue;   /* dead or text records */
        }
    }
    return 0;
}

int otel_record_type(const otel_span_data *d) { return d ? OTEL__RTYPE(d) : 0; }

void otel_log_data_info(const otel_span_data *r, otel_log_info *o) {
    o->event_name = r->name;
    o->event_name_len = r->name ? (r->name_len ? r->name_len : strlen(r->name)) : 0;
    o->severity = r->kind;
    o->severity_text = r->ts;
    o->body = r->status_msg; o->body_len = r->status_len;
    o->time_ns = otel__stamp_ns(&r->start); o->observed_ns = otel__stamp_ns(&r->end);
    o->has_context = r->has_parent;
    memset(&o->context, 0, sizeof o->context);
    if (r->has_parent) {
        memcpy(o->context.trace_id, r->trace_id, 16);
        memcpy(o->context.span_id, r->span_id, 8);
        o->context.flags = r->flags;
    }
    o->attribute_count = otel__attr_count(r);
    o->dropped_attributes = r->d_attrs;
    o->scope = otel__rec_scope(r);
}

uint64_t otel_pending(void) {
    uint64_t ended = 0;
    for (int i = 0; i < OTEL_MAX_THREADS; i++) ended += otel__slot_published(&otel__g.slots[i]);
    uint64_t rel = OTEL__LOAD(&otel__g.released) + OTEL__LOAD(&otel__g.logs_released);
    rel += OTEL__LOAD(&otel__tail.held_spans);   /* (held for a tail decision: not waiting for a consumer) */
    rel += OTEL__LOAD(&otel__mem.held);          /* (kept by the in-memory exporter: delivered) */
    return ended > rel ? ended - rel : 0;
}

void otel_stats_get(otel_stats *o) {
    memset(o, 0, sizeof *o);
    for (int i = 0; i < OTEL_MAX_THREADS; i++) {
        o->spans_started += OTEL__LOAD(&otel__g.slots[i].started);
        o->spans_ended += otel__slot_ended(&otel__g.slots[i]);
        o->spans_sampled_out += OTEL__LOAD(&otel__g.slots[i].sampled_out);
        o->logs_emitted += OTEL__LOAD(&otel__g.slots[i].logs);
    }
    o->logs_dropped = OTEL__LOAD(&otel__g.logs_dropped);
    o->metric_instruments = OTEL__LOAD(&otel__g.ninst);
    o->metric_series = OTEL__LOAD(&otel__g.mseries);
    o->metric_overflow_recordings = OTEL__LOAD(&otel__g.moverflow);
    o->metric_recordings_dropped = OTEL__LOAD(&otel__g.mdropped);
    o->meters_dropped = o->scopes_dropped = OTEL__LOAD(&otel__scopes_dropped);
    o->processors_dropped = OTEL__LOAD(&otel__px.over);
#ifndef OTEL_NO_METRICS
    o->exemplar_attributes_dropped = OTEL__LOAD(&otel__exattr_dropped);
#endif
    o->spans_dropped = OTEL__LOAD(&otel__g.dropped);
    o->spans_released = OTEL__LOAD(&otel__g.released);
    o->attributes_dropped = OTEL__LOAD(&otel__g.attrs_dropped);
    o->events_dropped = OTEL__LOAD(&otel__g.events_dropped);
    o->links_dropped = OTEL__LOAD(&otel__g.links_dropped);
    o->values_truncated = OTEL__LOAD(&otel__g.truncated);
    o->values_redacted = OTEL__LOAD(&otel__g.redacted);
    o->arena_blocks = otel__g.nblocks;
    o->spans_tail_held = OTEL__LOAD(&otel__tail.held_spans);
    o->spans_tail_sampled_out = OTEL__LOAD(&otel__tail.spans_out);
    o->tail_traces_kept = OTEL__LOAD(&otel__tail.traces_kept);
    o->tail_traces_sampled_out = OTEL__LOAD(&otel__tail.traces_out);
    o->tail_decided_early = OTEL__LOAD(&otel__tail.early);
    o->tail_decided_by_deadline = OTEL__LOAD(&otel__tail.by_deadline);
    uint64_t free_blocks = 0;
    /* only exact when producers are quiet; a view for tests and diagnostics */
    for (uint32_t m = (uint32_t)OTEL__LOAD_ACQ(&otel__g.free_stack), guard = 0; m != OTEL__NIL && guard < otel__g.nblocks;
         m = OTEL__LOAD_ACQ(&otel__block(m)->stack_next), guard++)
        free_blocks += OTEL__LOAD(&otel__block(m)->mag_count);
    uint32_t fresh = OTEL__LOAD(&otel__g.fresh);
    if (fresh < otel__g.nblocks) free_blocks += otel__g.nblocks - fresh;   /* never used yet */
    o->arena_blocks_free = free_blocks;
    o->propagation_invalid = OTEL__LOAD(&otel__prop_invalid);
    o->baggage_dropped = OTEL__LOAD(&otel__baggage_dropped);
#ifdef OTEL_EXPORT_H
    otel__export_stats(o);
#endif
}

size_t otel_resource_attrs(const otel_attr **out) { *out = otel__g.resource; return otel__g.nresource; }
const char *otel_resource_schema_url(void) { return otel__g.res_schema_url; }
const char *otel_scope_name(void) { return otel__g.scope_name; }

/* >> impl: console printer */
/* ---- console printer: a trace tree once its local root has ended -------- */
static otel__rec *otel__con_held;
/* what the console printer prints: all three signals, unless the
   environment gives it only some (the exporter sends the others) */
enum { OTEL__CON_SPANS = 1, OTEL__CON_LOGS = 2, OTEL__CON_METRICS = 4, OTEL__CON_ALL = 7 };
static unsigned otel__con_mask = OTEL__CON_ALL;
#define OTEL__PRINTED 0x80u
#ifndef OTEL_NO_CONSOLE

static void otel__con_print_attr(FILE *f, const otel_attr *a) {
    switch (a->type) {
    case OTEL_TYPE_STRING: fprintf(f, " %s=\"%.*s\"", a->key, (int)a->v.str.len, a->v.str.ptr); break;
    case OTEL_TYPE_INT: fprintf(f, " %s=%lld", a->key, (long long)a->v.i); break;
    case OTEL_TYPE_DOUBLE: fprintf(f, " %s=%g", a->key, a->v.d); break;
    case OTEL_TYPE_BOOL: fprintf(f, " %s=%s", a->key, a->v.b ? "true" : "false"); break;
    case OTEL_TYPE_STRING_ARRAY: {
        fprintf(f, " %s=[", a->key);
        const char *p = a->v.strs.packed;
        for (size_t i = 0; i < a->v.strs.count; i++) {
            uint32_t n; memcpy(&n, p, 4);
            fprintf(f, "%s\"%.*s\"", i ? "," : "", (int)n, p + 4);
            p += 4 + n + 1;
        }
        fputc(']', f);
        break;
    }
    case OTEL_TYPE_INT_ARRAY: case OTEL_TYPE_DOUBLE_ARRAY: case OTEL_TYPE_BOOL_ARRAY:
        fprintf(f, " %s=[", a->key);
        for (size_t i = 0; i < a->v.ints.count; i++) {
            if (i) fputc(',', f);
            if (a->type == OTEL_TYPE_INT_ARRAY) fprintf(f, "%lld", (long long)a->v.ints.items[i]);
            else if (a->type == OTEL_TYPE_DOUBLE_ARRAY) fprintf(f, "%g", a->v.doubles.items[i]);
            else fputs(a->v.bools.items[i] ? "true" : "false", f);
        }
        fputc(']', f);
        break;
    default: break;
    }
}

/* a named tracer's, logger's or meter's scope: "  {name version}" (the default: nothing) */
static void otel__con_scope(FILE *f, const otel_scope *sc) {
    if (sc && sc->index) fprintf(f, "  {%s%s%s}", sc->name, sc->version ? " " : "", sc->version ? sc->version : "");
}
static void otel__con_print(FILE *f, otel__rec *r, int depth) {
    static const char *const kinds[] = {"", "", " server", " client", " producer", " consumer"};
    otel_span_info in;
    otel_span_data_info(r, &in);
    char sid[17];
    otel__hex_encode(r->span_id, 8, sid); sid[16] = 0;
    fprintf(f, "%*s%.*s%s  %.3f ms  [%s]", 2 + depth * 2, "", (int)in.name_len, in.name, kinds[r->kind % 6],
            (double)(in.end_ns - in.start_ns) / 1e6, sid);
    if (r->status == OTEL_STATUS_ERROR)
        fprintf(f, "  ERROR%s%.*s", r->status_len ? ": " : "", (int)r->status_len, r->status_msg ? r->status_msg : "");
    else if (r->status == OTEL_STATUS_OK)
        fputs("  OK", f);
    otel__con_scope(f, otel__rec_scope(r));
    otel_iter it = {NULL, 0};
    otel_item item;
    int in_event = 0;
    while (otel_span_data_next(r, &it, &item)) {
        if (item.type == OTEL_ITEM_ATTR) otel__con_print_attr(f, &item.attr);
        else if (item.type == OTEL_ITEM_EVENT) {
            fprintf(f, "\n%*s* %s  +%.3f ms", 4 + depth * 2, "", item.event_name,
                    (double)(int64_t)(item.event_ns - in.start_ns) / 1e6);
            in_event = 1;
        } else if (item.type == OTEL_ITEM_EVENT_ATTR && in_event) otel__con_print_attr(f, &item.attr);
        else if (item.type == OTEL_ITEM_LINK) {
            char tid[33]; otel__hex_encode(item.link.trace_id, 16, tid); tid[32] = 0;
            fprintf(f, "\n%*s-> link %s", 4 + depth * 2, "", tid);
            in_event = 0;
        }
    }
    fputc('\n', f);
    r->rtype |= OTEL__PRINTED;
    if (depth >= OTEL_MAX_DEPTH) return;
    /* children, in start order */
    for (;;) {
        otel__rec *best = NULL;
        for (otel__rec *c = otel__con_held; c; c = c->next_done)
            if (!(c->rtype & OTEL__PRINTED) && c->has_parent && !c->parent_remote &&
                memcmp(c->parent_id, r->span_id, 8) == 0 && memcmp(c->trace_id, r->trace_id, 16) == 0 &&
                (!best || otel__stamp_ns(&c->start) < otel__stamp_ns(&best->start)))
                best = c;
        if (!best) break;
        otel__con_print(f, best, depth + 1);
    }
}

#ifndef OTEL_NO_METRICS
/* one line a point, after otel_metrics_collect() */
static void otel__metrics_print(FILE *f) {
    otel_metric_iter it = {0, 0, 0};
    otel_metric_info mi;
    otel_metric_point p;
    while (otel_metrics_next(&it, &mi, &p)) {
        otel_attr attrs[16];
        size_t na = otel_metric_point_attrs(&p, attrs, 16);
        fprintf(f, "metric %s", mi.name);
        otel__con_scope(f, mi.scope);
        for (size_t i = 0; i < na; i++) otel__con_print_attr(f, &attrs[i]);
        if (mi.kind == OTEL_INSTRUMENT_HISTOGRAM)
            fprintf(f, "  count=%llu sum=%g min=%g max=%g %s\n", (unsigned long long)p.count, p.sum, p.min, p.max, mi.unit);
        else if (mi.is_double) fprintf(f, "  %g %s\n", p.as_double, mi.unit);
        else fprintf(f, "  %lld %s\n", (long long)p.as_int, mi.unit);
    }
    fflush(f);
}
#endif

static void otel__con_print_log(FILE *f, const otel__rec *r) {
    otel_log_info in;
    otel_log_data_info(r, &in);
    fprintf(f, "log %s%s%.*s", in.severity_text ? in.severity_text : "-", in.event_name ? " " : "",
            (int)in.event_name_len, in.event_name ? in.event_name : "");
    if (in.body) fprintf(f, ": %.*s", (int)in.body_len, in.body);
    otel__con_scope(f, otel__rec_scope(r));
    otel_iter it = {NULL, 0};
    otel_item item;
    while (otel_span_data_next(r, &it, &item))
        if (item.type == OTEL_ITEM_ATTR) otel__con_print_attr(f, &item.attr);
    if (in.has_context) {
        char sid[17];
        otel__hex_encode(in.context.span_id, 8, sid); sid[16] = 0;
        fprintf(f, "  [in %s]", sid);
    }
    fputc('\n', f);
}

static void otel__con_print_trace(FILE *f, otel__rec *root) {
    char tid[33];
    otel__hex_encode(root->trace_id, 16, tid); tid[32] = 0;
    fprintf(f, "trace %s%s\n", tid, root->parent_remote ? "  (continues a remote parent)" : "");
    otel__con_print(f, root, 0);
}

static void otel__con_release_printed(void) {
    otel__rec **pp = &otel__con_held;
    otel_span_data *batch[64];
    size_t n = 0;
    while (*pp) {
        otel__rec *r = *pp;
        if (r->rtype & OTEL__PRINTED) {
            *pp = r->next_done;
            batch[n++] = r;
            if (n == 64) { otel_release(batch, n); n = 0; }
        } else {
            pp = &r->next_done;
        }
    }
    if (n) otel_release(batch, n);
}

static size_t otel__console_poll(void *user, int reason, uint64_t deadline) {
    (void)deadline;
    FILE *f = user ? (FILE *)user : stdout;
    otel_span_data *got[64];
    size_t n, held = 0;
    while ((n = otel_collect(got, 64)) > 0) {
        size_t logs = 0;
        for (size_t i = 0; i < n; i++) {
            int log = OTEL__RTYPE(got[i]) == OTEL__REC_LOG;
            if (!(otel__con_mask & (log ? OTEL__CON_LOGS : OTEL__CON_SPANS))) { got[logs++] = got[i]; continue; }
            if (log) { otel__con_print_log(f, got[i]); got[logs++] = got[i]; continue; }
            got[i]->next_done = otel__con_held; otel__con_held = got[i];
        }
        if (logs) otel_release(got, logs);
    }
    for (otel__rec *r = otel__con_held; r; r = r->next_done) held++;
    int all = reason != OTEL_POLL_TIMER || held > otel__g.nblocks / 2;
    for (otel__rec *r = otel__con_held; r; r = r->next_done)
        if (!(r->rtype & OTEL__PRINTED) && (!r->has_parent || r->parent_remote)) otel__con_print_trace(f, r);
    if (all) {  /* spans whose root has not ended (or was not recorded) */
        for (otel__rec *r = otel__con_held; r; r = r->next_done) {
            if (r->rtype & OTEL__PRINTED) continue;
            otel__rec *top = r;   /* climb to the highest ancestor still held */
            for (int guard = 0; guard < OTEL_MAX_DEPTH; guard++) {
                otel__rec *p = NULL;
                for (otel__rec *c = otel__con_held; c; c = c->next_done)
                    if (!(c->rtype & OTEL__PRINTED) && top->has_parent && memcmp(c->span_id, top->parent_id, 8) == 0 &&
                        memcmp(c->trace_id, top->trace_id, 16) == 0) { p = c; break; }
                if (!p) break;
                top = p;
            }
            otel__con_print_trace(f, top);
        }
    }
#ifndef OTEL_NO_METRICS
    if (reason != OTEL_POLL_TIMER && (otel__con_mask & OTEL__CON_METRICS) && otel_metrics_collect()) otel__metrics_print(f);
#endif
    fflush(f);
    otel__con_release_printed();
    return 0;
}
static void otel__console_stop(void *user) { (void)user; }

static const otel_processor otel__console = { otel__console_poll, otel__console_stop, NULL, 1000, NULL };
const otel_processor *otel_console_processor(void) { return &otel__console; }
#else
/* OTEL_NO_CONSOLE: "console" is no exporter name (otel__exporter_list), so
   what follows is never reached; it only keeps those references linked */
static OTEL__UNUSED void otel__con_print_log(FILE *f, const otel__rec *r) { (void)f; (void)r; }
#ifndef OTEL_NO_METRICS
static OTEL__UNUSED void otel__metrics_print(FILE *f) { (void)f; }
#endif
static const otel_processor otel__console = { NULL, NULL, NULL, 0, NULL };
const otel_processor *otel_console_processor(void) { return NULL; }
#endif

static size_t otel__discard_poll(void *user, int reason, uint64_t deadline) {
    (void)user; (void)reason; (void)deadline;
    otel_span_data *got[256];
    size_t n;
    while ((n = otel_collect(got, 256)) > 0) otel_release(got, n);
    return 0;
}

/* ---- the in-memory exporter -----------------------------------------------
   Its poll (the consumer) appends what it takes; a test's thread reads and
   resets under the lock. Reset records wait in gone[] for the next poll,
   which releases them (only the consumer releases). n + ngone <= the cap. */
/* records of the arena by block index, released (n at a time) */
static void otel__release_idx(const uint32_t *idx, size_t n) {
    otel_span_data *got[64];
    for (size_t at = 0; at < n;) {
        size_t k = 0;
        while (k < 64 && at < n) got[k++] = (otel_span_data *)(void *)otel__block(idx[at++]);
        otel_release(got, k);
    }
}
static size_t otel__mem_poll(void *user, int reason, uint64_t deadline) {
    (void)user; (void)reason; (void)deadline;
    otel_span_data *got[64], *over[64];
    size_t n, nover;
    OTEL__MEM_LOCK();
    otel__release_idx(otel__mem.gone, otel__mem.ngone);
    otel__mem.ngone = 0;
    OTEL__STORE(&otel__mem.held, (uint64_t)otel__mem.n);
    OTEL__MEM_UNLOCK();
    while ((n = otel_collect(got, 64)) > 0) {
        nover = 0;
        OTEL__MEM_LOCK();
        for (size_t i = 0; i < n; i++) {
            if (otel__mem.n + otel__mem.ngone < OTEL_MEMORY_EXPORTER_CAP) otel__mem.rec[otel__mem.n++] = otel__block_index(got[i]);
            else over[nover++] = got[i];
        }
        OTEL__STORE(&otel__mem.held, (uint64_t)otel__mem.n + otel__mem.ngone);
        OTEL__MEM_UNLOCK();
        if (nover) {
            OTEL__ADD(&otel__mem.dropped, (uint64_t)nover);
            OTEL__WARN("in-memory exporter: full (%d records, OTEL_MEMORY_EXPORTER_CAP); records dropped (otel_memory_dropped)", OTEL_MEMORY_EXPORTER_CAP);
            otel_release(over, nover);
        }
    }
    return 0;
}
static void otel__mem_stop(void *user) {
    (void)user;
    OTEL__MEM_LOCK();
    otel__release_idx(otel__mem.gone, otel__mem.ngone);
    otel__release_idx(otel__mem.rec, otel__mem.n);
    otel__mem.n = otel__mem.ngone = 0;
    OTEL__STORE(&otel__mem.held, (uint64_t)0);
    OTEL__MEM_UNLOCK();
}
static const otel_processor otel__memory = { otel__mem_poll, otel__mem_stop, NULL, 1000, NULL };
const otel_processor *otel_memory_processor(void) { return &otel__memory; }
size_t otel_memory_records(int type, const otel_span_data **out, size_t max) {
    size_t k = 0;
    OTEL__MEM_LOCK();
    for (uint32_t i = 0; i < otel__mem.n && k < max; i++) {
        const otel_span_data *d = (const otel_span_data *)(const void *)otel__block(otel__mem.rec[i]);
        if (otel_record_type(d) == type) out[k++] = d;
    }
    OTEL__MEM_UNLOCK();
    return k;
}
void otel_memory_reset(void) {
    OTEL__MEM_LOCK();
    memcpy(otel__mem.gone + otel__mem.ngone, otel__mem.rec, otel__mem.n * sizeof *otel__mem.rec);
    otel__mem.ngone += otel__mem.n;
    otel__mem.n = 0;
    OTEL__MEM_UNLOCK();
    otel_wake();
}
uint64_t otel_memory_dropped(void) { return OTEL__LOAD(&otel__mem.dropped); }

/* >> impl: background thread, resource, configuration, init and shutdown */
/* ======================================================================== */
/* processing: the background thread (or otel_poll), init and shutdown      */
/* ======================================================================== */

static size_t otel__run_processor(int reason, uint64_t deadline) {
    if (!otel__px.n) return 0;
    if (reason == OTEL_POLL_SHUTDOWN) OTEL__STORE(&otel__tail.final, 1);   /* every held trace decided */
    OTEL__STORE(&otel__tail.flushing, reason != OTEL_POLL_TIMER);   /* (atomic: a test may consume on another thread) */
    if (OTEL__LIKELY(otel__px.n == 1)) return otel__px.p[0].poll(otel__px.p[0].user, reason, deadline);
    size_t left = 0;
    for (uint32_t i = 0; i < otel__px.n; i++) {
        otel__px.cur = i;
        left += otel__px.p[i].poll(otel__px.p[i].user, reason, deadline);
    }
    otel__px.cur = 0;
    return left;
}

#ifndef OTEL_NO_THREADS
static void otel__abs_deadline(struct timespec *ts, uint64_t ms) {
    clock_gettime(CLOCK_REALTIME, ts);
    uint64_t ns = (uint64_t)ts->tv_nsec + (ms % 1000u) * 1000000u;
    ts->tv_sec += (time_t)(ms / 1000u + ns / 1000000000u);
    ts->tv_nsec = (long)(ns % 1000000000u);
}

static void *otel__worker_main(void *arg) {
    (void)arg;
    uint32_t interval = 0;   /* the shortest of the processors' */
    for (uint32_t i = 0; i < otel__px.n; i++)
        if (otel__px.p[i].interval_ms && (!interval || otel__px.p[i].interval_ms < interval)) interval = otel__px.p[i].interval_ms;
    if (!interval) interval = 1000;
    for (;;) {
        struct timespec ts;
        otel__abs_deadline(&ts, interval);
        while (sem_timedwait(&otel__g.wake, &ts) != 0 && errno == EINTR) {}
        int reason = OTEL__XCHG_ACQ(&otel__g.flush_reason, 0);
        int stop = OTEL__LOAD_ACQ(&otel__g.worker_stop);
        if (reason) {
            size_t left = otel__run_processor(reason, OTEL__LOAD(&otel__g.flush_deadline));
            OTEL__STORE(&otel__g.flush_left, left + (size_t)otel_pending());
            sem_post(&otel__g.done);
        } else if (!stop) {
            otel__run_processor(OTEL_POLL_TIMER, otel__mono_ns() + (uint64_t)interval * 1000000ull);
        }
        if (stop) break;
    }
    return NULL;
}
#endif

#ifndef OTEL_NO_THREADS
/* after fork(): the child's background thread, started once, on demand */
static void otel__start_worker_after_fork(void) {
    int one = 1;
    if (!OTEL__LOAD(&otel__g.worker_needed) || !OTEL__CAS(&otel__g.worker_needed, &one, 0)) return;
    if (pthread_create(&otel__g.worker, NULL, otel__worker_main, NULL) == 0) OTEL__STORE_REL(&otel__g.worker_running, 1);
    else OTEL__WARN("cannot start the background thread after fork; call otel_poll() to export");
}
#endif
void otel_wake(void) {
#ifndef OTEL_NO_THREADS
    if (OTEL__UNLIKELY(OTEL__LOAD(&otel__g.worker_needed))) otel__start_worker_after_fork();
    if (OTEL__LOAD(&otel__g.worker_running)) {
        int v = 0;
        if (sem_getvalue(&otel__g.wake, &v) == 0 && v > 0) return;  /* already signalled */
        sem_post(&otel__g.wake);
    }
#endif
}

void otel_poll(void) {
    if (!OTEL__LOAD(&otel__g.enabled)) return;
#ifndef OTEL_NO_THREADS
    if (OTEL__LOAD(&otel__g.worker_running)) { otel_wake(); return; }
#endif
    otel__run_processor(OTEL_POLL_TIMER, otel__mono_ns() + 1000000000ull);
}

#ifndef OTEL_NO_THREADS
static pthread_mutex_t otel__flush_lock = PTHREAD_MUTEX_INITIALIZER;   /* one flush at a time */
#endif
static int otel__flush_reason(int reason, int timeout_ms) {
    if (!otel__g.arena || !otel__px.n) return OTEL_OK;
    if (timeout_ms < 0) timeout_ms = 0;
    uint64_t deadline = otel__mono_ns() + (uint64_t)timeout_ms * 1000000ull;
#ifndef OTEL_NO_THREADS
    if (OTEL__UNLIKELY(OTEL__LOAD(&otel__g.worker_needed))) otel__start_worker_after_fork();
    if (OTEL__LOAD(&otel__g.worker_running)) {
        /* one flush at a time: the worker answers them in turn; waiting for
           an earlier one counts against this one's deadline */
        struct timespec ts;
        otel__abs_deadline(&ts, (uint64_t)timeout_ms);
        int lk;
        while ((lk = pthread_mutex_timedlock(&otel__flush_lock, &ts)) == EINTR) {}
        if (lk != 0) return OTEL_ERR_TIMEOUT;
        while (sem_trywait(&otel__g.done) == 0) {}   /* a late answer to an earlier flush */
        OTEL__STORE(&otel__g.flush_deadline, deadline);
        OTEL__STORE_REL(&otel__g.flush_reason, reason);
        sem_post(&otel__g.wake);
        uint64_t now = otel__mono_ns(), left_ms = deadline > now ? (deadline - now) / 1000000u : 0;
        otel__abs_deadline(&ts, left_ms + 20u);  /* the processor ends at its deadline */
        int rc;
        while ((rc = sem_timedwait(&otel__g.done, &ts)) != 0 && errno == EINTR) {}
        int out = rc != 0 ? OTEL_ERR_TIMEOUT : OTEL__LOAD(&otel__g.flush_left) == 0 ? OTEL_OK : OTEL_ERR_TIMEOUT;
        pthread_mutex_unlock(&otel__flush_lock);
        return out;
    }
#endif
    size_t left = otel__run_processor(reason, deadline);
    return left == 0 && otel_pending() == 0 ? OTEL_OK : OTEL_ERR_TIMEOUT;
}

/* otel_flush's and otel_shutdown's errors, said */
static int otel__not_running(const char *call) {
    OTEL__WARN("%s: the SDK is not running (%s)", call,
               otel__g.sdk_disabled ? "OTEL_SDK_DISABLED" : "otel_init not called, failed, or shut down");
    return OTEL_ERR_DISABLED;
}
static int otel__flush_said(const char *call, int rc, int timeout_ms) {
    if (rc != OTEL_OK)
        OTEL__WARN("%s: not everything went out within %d ms (%llu spans and log records not released)", call,
                   timeout_ms, (unsigned long long)otel_pending());
    return rc;
}
int otel_flush(int timeout_ms) {
    if (!OTEL__LOAD(&otel__g.enabled)) return otel__not_running("otel_flush");
    return otel__flush_said("otel_flush", otel__flush_reason(OTEL_POLL_FLUSH, timeout_ms), timeout_ms);
}

int otel_is_enabled(void) { return OTEL__LOAD(&otel__g.enabled); }

/* ---- resource ---- */
static const char *otel__res_str(const char *s, size_t n) {
    if (otel__g.res_used + n + 1 > sizeof otel__g.res_buf) return NULL;
    char *p = otel__g.res_buf + otel__g.res_used;
    memcpy(p, s, n);
    p[n] = 0;
    otel__g.res_used += n + 1;
    return p;
}
static void otel__res_set(const char *key, size_t kn, const char *val, size_t vn) {
    char tmp[512];
    if (kn == 0 || kn >= sizeof tmp) return;
    memcpy(tmp, key, kn); tmp[kn] = 0;
    if (otel__g.redact_mode != OTEL_REDACT_OFF && otel__key_verdict_slow(tmp) == OTEL__KEY_REDACT) {
        val = otel__redacted; vn = sizeof otel__redacted - 1;
        OTEL__ADD(&otel__g.redacted, 1);
    }
    size_t i;
    for (i = 0; i < otel__g.nresource; i++) if (strcmp(otel__g.resource[i].key, tmp) == 0) break;
    if (i == OTEL__RESOURCE_MAX) { OTEL__WARN("too many resource attributes; '%.64s' dropped", tmp); return; }
    const char *k = i < otel__g.nresource ? otel__g.resource[i].key : otel__res_str(tmp, kn);
    char vb[512];
    int hits = 0;
    size_t full = otel__redact_copy(val, vn, vb, sizeof vb - 1, &hits);
    if (full > sizeof vb - 1) full = otel__utf8_trim_incomplete(vb, sizeof vb - 1);
    const char *v = otel__res_str(vb, full);
    if (!k || !v) { OTEL__WARN("resource attributes too long; '%.64s' dropped", tmp); return; }
    otel__g.resource[i] = otel_attr_str(k, v);
    otel__g.resource[i].v.str.len = full;
    if (i == otel__g.nresource) otel__g.nresource++;
}
static void otel__res_set_int(const char *key, int64_t v) {
    size_t i;
    for (i = 0; i < otel__g.nresource; i++) if (strcmp(otel__g.resource[i].key, key) == 0) break;
    if (i == OTEL__RESOURCE_MAX) { OTEL__WARN("too many resource attributes; '%.64s' dropped", key); return; }
    if (i == otel__g.nresource) otel__g.nresource++;
    otel__g.resource[i] = otel_attr_int(key, v);
}
/* "k=v,k2=v2" with percent-encoded values; a malformed list is rejected whole */
static int otel__res_parse(const char *what, const char *s) {
    char key[256], val[512];
    for (int pass = 0; pass < 2; pass++) {
        const char *cur = s, *m, *k, *v;
        size_t n, kn, vn;
        unsigned entry = 0;
        while (otel__list_next(&cur, &m, &n)) {
            entry++;
            if (!n) continue;
            int has = otel__split_kv(m, n, &k, &kn, &v, &vn);
            long kl = has && kn ? otel__percent_decode(k, kn, key, sizeof key) : -1;
            long vl = has ? otel__percent_decode(v, vn, val, sizeof val) : -1;
            /* a NUL decoded from %00 would cut the key short (and could name another key) */
            if (kl <= 0 || vl < 0 || memchr(key, 0, (size_t)kl) || memchr(val, 0, (size_t)vl)) {
                /* no text of the entry: it may hold a secret */
                OTEL__WARN("%s: entry %u is malformed; the whole value is ignored", what, entry);
                return OTEL_ERR_INVALID;
            }
            if (pass == 1) otel__res_set(key, (size_t)kl, val, (size_t)vl);
        }
    }
    return OTEL_OK;
}
static void otel__exe_name(char *out, size_t cap) {
    char path[512];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) { snprintf(out, cap, "unknown"); return; }
    path[n] = 0;
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n2 = strlen(b) < cap - 1 ? strlen(b) : cap - 1;
    memcpy(out, b, n2);
    out[n2] = 0;
}
static unsigned otel__detect_resource(const otel_config *c);
static void otel__build_resource(const otel_config *c) {
    otel__g.res_gen++;
    otel__g.nresource = 0; otel__g.res_used = 0;
    otel__res_set("telemetry.sdk.name", 18, "otel.h", 6);
    otel__res_set("telemetry.sdk.language", 22, "c", 1);
    otel__res_set("telemetry.sdk.version", 21, OTEL_VERSION_STRING, strlen(OTEL_VERSION_STRING));
    unsigned det = otel__detect_resource(c);   /* first: what is configured below overrides it */
    const char *su = c->resource_schema_url;
    otel__g.res_schema_url = su ? NULL : det ? OTEL_SEMCONV_SCHEMA_URL : NULL;
    if (su && *su && !(otel__g.res_schema_url = otel__res_str(su, strlen(su))))
        OTEL__WARN("resource_schema_url: no room in the resource; none is sent");
    const char *ra = otel__getenv("OTEL_RESOURCE_ATTRIBUTES", c->ignore_env);
    if (c->resource_attributes) otel__res_parse("resource_attributes", c->resource_attributes);
    if (ra) otel__res_parse("OTEL_RESOURCE_ATTRIBUTES", ra);
    const char *sn = c->service_name ? c->service_name : otel__getenv("OTEL_SERVICE_NAME", c->ignore_env);
    int have = 0;
    for (size_t i = 0; i < otel__g.nresource; i++) if (strcmp(otel__g.resource[i].key, "service.name") == 0) have = 1;
    if (sn) otel__res_set("service.name", 12, sn, strlen(sn));
    else if (!have) {
        char exe[256], v[300];
        otel__exe_name(exe, sizeof exe);
        int n = snprintf(v, sizeof v, "unknown_service:%s", exe);
        otel__res_set("service.name", 12, v, n > 0 ? (size_t)n : 0);
    }
    if (c->service_version) otel__res_set("service.version", 15, c->service_version, strlen(c->service_version));
    otel__res_set_int("process.pid", (int64_t)getpid());
    snprintf(otel__g.scope_name, sizeof otel__g.scope_name, "otel.h");
}

/* ---- resource detectors (semantic conventions: host, os, process) ---- */
#include <sys/utsname.h>
#include <pwd.h>
#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif
enum { OTEL__DET_HOST = 1, OTEL__DET_OS = 2, OTEL__DET_PROCESS = 4, OTEL__DET_RUNTIME = 8, OTEL__DET_SERVICE = 16,
       OTEL__DET_ALL = 31, OTEL__DET_ARGS = 32 };
static const char *const otel__det_names[] = {"host", "os", "process", "runtime", "service", "command_args"};

static int otel__ieqn(const char *m, size_t n, const char *word) {
    if (strlen(word) != n) return 0;
    for (size_t i = 0; i < n; i++) if (otel__lower((unsigned char)m[i]) != word[i]) return 0;
    return 1;
}
/* "all", "none" or a comma list of detector names; an unknown name is warned, the rest kept */
static unsigned otel__detectors_parse(const char *s) {
    const char *cur = s, *m;
    size_t n;
    unsigned d = 0;
    while (otel__list_next(&cur, &m, &n)) {
        if (!n) continue;
        if (otel__ieqn(m, n, "all")) { d |= OTEL__DET_ALL; continue; }
        if (otel__ieqn(m, n, "none")) continue;
        unsigned k = 0;
        while (k < 6 && !otel__ieqn(m, n, otel__det_names[k])) k++;
        if (k < 6) d |= 1u << k;
        else OTEL__WARN("OTEL_H_RESOURCE_DETECTORS: unknown detector '%.*s' ignored", (int)(n < 32 ? n : 32), m);
    }
    return d;
}
static void otel__res_set_s(const char *key, const char *v) { if (v && *v) otel__res_set(key, strlen(key), v, strlen(v)); }

/* uname's machine as host.arch's well-known values */
static const char *otel__host_arch(const char *m) {
    static const char *const map[][2] = {{"x86_64", "amd64"}, {"amd64", "amd64"}, {"aarch64", "arm64"}, {"arm64", "arm64"},
                                         {"i386", "x86"}, {"i486", "x86"}, {"i586", "x86"}, {"i686", "x86"},
                                         {"ppc64", "ppc64"}, {"ppc64le", "ppc64"}, {"ppc", "ppc32"}, {"s390x", "s390x"},
                                         {"ia64", "ia64"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) if (strcmp(m, map[i][0]) == 0) return map[i][1];
    return strncmp(m, "arm", 3) == 0 ? "arm32" : m;
}

/* PRETTY_NAME from /etc/os-release, unquoted; "" when none */
static void otel__os_pretty_name(char *out, size_t cap) {
    out[0] = 0;
    FILE *f = fopen("/etc/os-release", "r");
    if (!f) f = fopen("/usr/lib/os-release", "r");
    if (!f) return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "PRETTY_NAME=", 12) != 0) continue;
        char *v = line + 12;
        v[strcspn(v, "\r\n")] = 0;
        size_t n = strlen(v);
        if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) { v[n - 1] = 0; v++; }
        n = strlen(v) < cap - 1 ? strlen(v) : cap - 1;
        memcpy(out, v, n);
        out[n] = 0;
        break;
    }
    fclose(f);
}

/* process.command_args from /proc/self/cmdline as a string array packed in
   the resource's buffer, each argument through the secret scan */
static void otel__res_command_args(void) {
    static char cmd[4096];
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t n = read(fd, cmd, sizeof cmd - 1);
    close(fd);
    if (n <= 0 || otel__g.nresource == OTEL__RESOURCE_MAX) return;
    cmd[n] = 0;
    size_t start = otel__g.res_used, count = 0;
    for (const char *a = cmd; a < cmd + n; a += strlen(a) + 1) {
        char vb[512];
        int hits = 0;
        size_t full = otel__redact_copy(a, strlen(a), vb, sizeof vb - 1, &hits);
        if (full > sizeof vb - 1) full = otel__utf8_trim_incomplete(vb, sizeof vb - 1);
        uint32_t l = (uint32_t)full;
        if (otel__g.res_used + 4 + full + 1 > sizeof otel__g.res_buf) {
            OTEL__WARN("resource attributes too long; process.command_args cut at %zu arguments", count);
            break;
        }
        memcpy(otel__g.res_buf + otel__g.res_used, &l, 4);
        memcpy(otel__g.res_buf + otel__g.res_used + 4, vb, full);
        otel__g.res_buf[otel__g.res_used + 4 + full] = 0;
        otel__g.res_used += 4 + full + 1;
        count++;
    }
    otel_attr a;
    memset(&a, 0, sizeof a);
    a.key = "process.command_args";
    a.type = OTEL_TYPE_STRING_ARRAY;
    a.v.strs.packed = otel__g.res_buf + start;
    a.v.strs.count = count;
    otel__g.resource[otel__g.nresource++] = a;
}

/* a random UUID (version 4, RFC 9562) */
static void otel__uuid4(char out[37]) {
    unsigned char b[16];
    otel__random_seed(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    static const char hx[] = "0123456789abcdef";
    for (int i = 0, o = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hx[b[i] >> 4];
        out[o++] = hx[b[i] & 15];
    }
    out[36] = 0;
}

/* Attributes of the host, the OS and this process, set before what the
   configuration gives (which overrides them). Off for embedded targets with
   resource_detectors / OTEL_H_RESOURCE_DETECTORS = none. Returns the
   detectors that ran (their names: semantic conventions OTEL_SEMCONV_SCHEMA_URL). */
static unsigned otel__detect_resource(const otel_config *c) {
    const char *spec = c->resource_detectors ? c->resource_detectors : otel__getenv("OTEL_H_RESOURCE_DETECTORS", c->ignore_env);
    unsigned d = spec ? otel__detectors_parse(spec) : (unsigned)OTEL__DET_ALL;
    struct utsname u;
    int have_u = uname(&u) == 0;
    if (d & OTEL__DET_HOST) {
        char host[256];
        if (gethostname(host, sizeof host) == 0) { host[sizeof host - 1] = 0; otel__res_set_s("host.name", host); }
        if (have_u) otel__res_set_s("host.arch", otel__host_arch(u.machine));
    }
    if ((d & OTEL__DET_OS) && have_u) {
        char t[65], pretty[200], desc[512];
        size_t i = 0;
        for (; u.sysname[i] && i < sizeof t - 1; i++) t[i] = (char)otel__lower((unsigned char)u.sysname[i]);
        t[i] = 0;
        otel__res_set_s("os.type", t);
        otel__os_pretty_name(pretty, sizeof pretty);
        snprintf(desc, sizeof desc, "%s%s%s %s%s", pretty, pretty[0] ? " (" : "", u.sysname, u.release, pretty[0] ? ")" : "");
        otel__res_set_s("os.description", desc);
        otel__res_set_s("os.version", u.release);
    }
    if (d & OTEL__DET_PROCESS) {
        otel__res_set_int("process.parent_pid", (int64_t)getppid());
        char path[512];
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n > 0) {
            path[n] = 0;
            const char *b = strrchr(path, '/');
            otel__res_set_s("process.executable.name", b ? b + 1 : path);
            otel__res_set_s("process.executable.path", path);
        }
        struct passwd pw, *res = NULL;
        char pwbuf[1024];
        if (getpwuid_r(geteuid(), &pw, pwbuf, sizeof pwbuf, &res) == 0 && res) otel__res_set_s("process.owner", pw.pw_name);
    }
    if (d & OTEL__DET_RUNTIME) {
#if defined(__GLIBC__)
        otel__res_set_s("process.runtime.name", "glibc");
        otel__res_set_s("process.runtime.version", gnu_get_libc_version());
#endif
    }
    if (d & OTEL__DET_SERVICE) {
        char id[37];
        otel__uuid4(id);
        otel__res_set_s("service.instance.id", id);
    }
    if (d & OTEL__DET_ARGS) otel__res_command_args();
    return d;
}

/* ---- configuration from otel_config and the environment ---- */
static uint32_t otel__limit(uint32_t cfgv, const char *name, uint32_t dflt, int ie) {
    uint32_t v = cfgv ? cfgv : otel__env_u32(name, dflt, ie);
    return v > 65535u ? 65535u : v;
}
static void otel__split_list(const char *s, char *buf, size_t bufsz, const char **out, uint32_t *n) {
    size_t used = 0, len;
    const char *t;
    while (*n < OTEL__MAX_PATTERNS && otel__list_next(&s, &t, &len)) {
        if (!len || used + len + 1 > bufsz) continue;
        memcpy(buf + used, t, len);
        buf[used + len] = 0;
        out[(*n)++] = buf + used;
        used += len + 1;
    }
}
/* the spec's rejection threshold for a ratio p: 2^56 - round(p * 2^56), as
   the Collector's sampling package computes it (p * 2^56 is exact in a
   double; (1 - p) * 2^56 would round twice) */
static uint64_t otel__ratio_threshold(double p) {
    return p >= 1.0 ? 0 : p <= 0.0 ? (1ull << 56) : (1ull << 56) - (uint64_t)(p * 72057594037927936.0 + 0.5);
}
static void otel__config_sampler(const otel_config *c) {
    int kind = c->sampler;
    double arg = c->sampler_arg;
    int have_arg = kind != OTEL_SAMPLER_DEFAULT;
    if (kind == OTEL_SAMPLER_DEFAULT) {
        const char *v = otel__getenv("OTEL_TRACES_SAMPLER", c->ignore_env);
        kind = OTEL_SAMPLER_PARENTBASED_ALWAYS_ON;
        if (v) {
            static const struct { const char *name; int kind; } names[] = {
                {"always_on", OTEL_SAMPLER_ALWAYS_ON}, {"always_off", OTEL_SAMPLER_ALWAYS_OFF},
                {"traceidratio", OTEL_SAMPLER_TRACEIDRATIO}, {"ratelimiting", OTEL_SAMPLER_RATELIMITING},
                {"parentbased_always_on", OTEL_SAMPLER_PARENTBASED_ALWAYS_ON},
                {"parentbased_always_off", OTEL_SAMPLER_PARENTBASED_ALWAYS_OFF},
                {"parentbased_traceidratio", OTEL_SAMPLER_PARENTBASED_TRACEIDRATIO},
                {"parentbased_ratelimiting", OTEL_SAMPLER_PARENTBASED_RATELIMITING}, {"tail", OTEL_SAMPLER_TAIL}};
            size_t i;
            for (i = 0; i < sizeof names / sizeof names[0]; i++)
                if (otel__ieq(v, names[i].name)) { kind = names[i].kind; break; }
            if (i == sizeof names / sizeof names[0])
                OTEL__WARN("OTEL_TRACES_SAMPLER: unknown sampler '%.64s', using parentbased_always_on", v);
        }
        const char *a = otel__getenv("OTEL_TRACES_SAMPLER_ARG", c->ignore_env);
        if (a) {
            if (otel__parse_double(a, &arg)) have_arg = 1;
            else OTEL__WARN("OTEL_TRACES_SAMPLER_ARG: invalid number '%.64s', ignored", a);
        }
    }
#ifdef OTEL_NO_TAIL_SAMPLING
    if (kind == OTEL_SAMPLER_TAIL) OTEL__WARN("tail sampling is not in this build (OTEL_NO_TAIL_SAMPLING); using parentbased_always_on");
    if (kind == OTEL_SAMPLER_TAIL) kind = OTEL_SAMPLER_PARENTBASED_ALWAYS_ON;
#endif
    if (kind < OTEL_SAMPLER_DEFAULT || kind > OTEL_SAMPLER_TAIL) kind = OTEL_SAMPLER_PARENTBASED_ALWAYS_ON;
    /* tail: every span recorded, whatever a remote parent decided */
    otel__hot.parent_based = kind >= OTEL_SAMPLER_PARENTBASED_ALWAYS_ON && kind != OTEL_SAMPLER_TAIL;
    static const int root_of[] = {0, OTEL_SAMPLER_ALWAYS_ON, OTEL_SAMPLER_ALWAYS_OFF, OTEL_SAMPLER_TRACEIDRATIO,
                                  OTEL_SAMPLER_RATELIMITING, OTEL_SAMPLER_ALWAYS_ON, OTEL_SAMPLER_ALWAYS_OFF,
                                  OTEL_SAMPLER_TRACEIDRATIO, OTEL_SAMPLER_RATELIMITING, OTEL_SAMPLER_ALWAYS_ON};
    otel__hot.sampler_root = root_of[kind];
    otel__tail.on = kind == OTEL_SAMPLER_TAIL;
    otel__tail.baseline = !otel__tail.on || !have_arg ? 0.0 : arg;
    otel__tail.baseline_dflt = otel__tail.on && !have_arg;
    if (otel__hot.sampler_root == OTEL_SAMPLER_TRACEIDRATIO) {
        if (!have_arg) arg = 1.0;
        if (!(arg >= 0.0 && arg <= 1.0)) {
            OTEL__WARN("sampler ratio %g is outside [0,1], using 1.0", arg);
            arg = 1.0;
        }
        otel__g.ratio_threshold = otel__ratio_threshold(arg);
    } else if (otel__hot.sampler_root == OTEL_SAMPLER_RATELIMITING) {
        if (!have_arg) arg = 100.0;
        if (!(arg > 0.0 && arg <= 1e9)) { OTEL__WARN("ratelimiting sampler: %g traces/s is invalid, using 100", arg); arg = 100.0; }
        otel__g.rate_interval_ns = (uint64_t)(1e9 / arg);
        otel__g.rate_tat = 0;
    }
}

/* a user sampler or ID generator: every span on otel__begin_hooked */
static void otel__config_hooks(const otel_config *c) {
    otel__g.sampler_fn = c->sampler_fn; otel__g.sampler_user = c->sampler_user;
    otel__g.trace_id_fn = c->trace_id_fn; otel__g.span_id_fn = c->span_id_fn; otel__g.id_user = c->id_user;
    otel__g.builtin_root = otel__hot.sampler_root;
    otel__g.builtin_parent_based = otel__hot.parent_based;
    otel__tail.record_only = c->sampler_fn != NULL;
    if (c->sampler_fn || c->trace_id_fn || c->span_id_fn) {
        otel__hot.sampler_root = OTEL__SAMPLER_HOOKED;
        otel__hot.parent_based = 1;   /* (children come to the hook through the parent-based branch) */
    }
}

static void otel__config_redaction(const otel_config *c) {
    int mode = c->redact_mode;
    if (mode == OTEL_REDACT_DEFAULT) {
        const char *v = otel__getenv("OTEL_H_REDACT", c->ignore_env);
        mode = OTEL_REDACT_DENY;
        if (v) {
            if (otel__ieq(v, "allow")) mode = OTEL_REDACT_ALLOW;
            else if (otel__ieq(v, "off")) mode = OTEL_REDACT_OFF;
            else if (!otel__ieq(v, "deny")) OTEL__WARN("OTEL_H_REDACT: unknown mode '%.32s', using deny", v);
        }
    }
    otel__g.redact_mode = mode;
    otel__g.session_opt_in =
        (otel__parse_bool("OTEL_H_LOG_PROMPTS", otel__getenv("OTEL_H_LOG_PROMPTS", c->ignore_env)) ? OTEL_SESSION_LOG_PROMPTS : 0) |
        (otel__parse_bool("OTEL_H_LOG_TOOL_OUTPUT", otel__getenv("OTEL_H_LOG_TOOL_OUTPUT", c->ignore_env)) ? OTEL_SESSION_LOG_TOOL_OUTPUT : 0) |
        (otel__parse_bool("OTEL_H_LOG_RESPONSES", otel__getenv("OTEL_H_LOG_RESPONSES", c->ignore_env)) ? OTEL_SESSION_LOG_RESPONSES : 0);
    otel__g.npatterns = 0;
    otel__g.nallow = 0;
    for (size_t i = 0; i < sizeof otel__default_patterns / sizeof otel__default_patterns[0]; i++)
        otel__g.patterns[otel__g.npatterns++] = otel__default_patterns[i];
    char *pb = otel__g.pattern_buf;
    size_t half = sizeof otel__g.pattern_buf / 2;
    otel__split_list(c->redact_keys, pb, half, otel__g.patterns, &otel__g.npatterns);
    otel__split_list(otel__getenv("OTEL_H_REDACT_KEYS", c->ignore_env), pb + half, half, otel__g.patterns, &otel__g.npatterns);
    otel__split_list(c->allow_keys ? c->allow_keys : otel__getenv("OTEL_H_ALLOW_KEYS", c->ignore_env),
                     otel__g.allow_buf, sizeof otel__g.allow_buf, otel__g.allow, &otel__g.nallow);
    otel__g.filter = c->filter;
    otel__g.filter_user = c->filter_user;
}

static const otel_processor otel__env_marker = { otel__discard_poll, NULL, NULL, 0, NULL };
const otel_processor *otel_env_processor(void) { return &otel__env_marker; }

static void otel__px_add(const otel_processor *p, void *user) {
    for (uint32_t i = 0; i < otel__px.n; i++)
        if (otel__px.p[i].poll == p->poll && otel__px.p[i].user == user) {
            OTEL__WARN("otel_init: a processor given twice runs once");
            return;
        }
    if (otel__px.n == OTEL_MAX_PROCESSORS) {
        OTEL__ADD(&otel__px.over, 1);
        OTEL__WARN("otel_init: more than %d processors (OTEL_MAX_PROCESSORS); the others are not used", OTEL_MAX_PROCESSORS);
        return;
    }
    otel__px.p[otel__px.n] = *p;
    otel__px.p[otel__px.n++].user = user;
}
/* the processors the environment names: the console printer for the
   signals whose list has console, the exporter for the rest */
static void otel__config_env_processors(const otel_config *c) {
    int ie = c->ignore_env;
    const char *v = otel__getenv("OTEL_TRACES_EXPORTER", ie);
    const char *mv = otel__getenv("OTEL_METRICS_EXPORTER", ie), *lv = otel__getenv("OTEL_LOGS_EXPORTER", ie);
#ifdef OTEL_EXPORT_H
    if (otel__export_list_set(c, 1)) mv = otel__export_list_set(c, 1);   /* (set in code: wins) */
    if (otel__export_list_set(c, 2)) lv = otel__export_list_set(c, 2);
#endif
    const unsigned any = OTEL__EXPL_OTLP | OTEL__EXPL_CONSOLE | OTEL__EXPL_FILE | OTEL__EXPL_NONE, out = OTEL__EXPL_OTLP | OTEL__EXPL_FILE;
    unsigned tr = otel__exporter_list("OTEL_TRACES_EXPORTER", v, any, OTEL__EXPL_OTLP);
    unsigned lg = otel__exporter_list("OTEL_LOGS_EXPORTER", lv, any, OTEL__EXPL_OTLP);
    unsigned mt = otel__exporter_list(NULL, mv, any | OTEL__EXPL_PROMETHEUS, OTEL__EXPL_OTLP);   /* (the exporter warns) */
    otel__g.logs_off = lg == OTEL__EXPL_NONE;   /* (unless other processors: otel__config_processor) */
    /* console alone for traces, the other two unset: the console printer
       shows all three signals (as it always did) */
    if (tr == OTEL__EXPL_CONSOLE && !mv && !lv) {
        otel__px_add(&otel__console, c->console_stream);
        return;
    }
    unsigned mask = ((tr & OTEL__EXPL_CONSOLE) ? (unsigned)OTEL__CON_SPANS : 0u) | ((lg & OTEL__EXPL_CONSOLE) ? (unsigned)OTEL__CON_LOGS : 0u);
    if (mask) {
        otel__con_mask = mask;
        otel__px_add(&otel__console, c->console_stream);
    }
    if (((tr | lg) & (out | OTEL__EXPL_BAD)) || mt != OTEL__EXPL_NONE) {
#ifdef OTEL_EXPORT_H
        /* otlp (the default), file, or a custom transport set in code */
        otel_processor x;
        memset(&x, 0, sizeof x);
        if (otel__export_setup(c, v, &x) == OTEL_OK) otel__px_add(&x, x.user);
#else
        if ((v && (tr & out)) || (lv && (lg & out)))   /* (named, not the default) */
            OTEL__WARN("OTEL_TRACES_EXPORTER / OTEL_LOGS_EXPORTER: otlp and file need otel_export.h; those signals are discarded");
#endif
    }
}
static void otel__config_processor(const otel_config *c) {
    memset(&otel__px, 0, sizeof otel__px);
    otel__con_mask = OTEL__CON_ALL;
    OTEL__STORE(&otel__mem.dropped, (uint64_t)0);
    int env = !c->processor && !c->processor_count, own = 0;
    otel__g.logs_off = 0;
    for (size_t i = 0; i <= c->processor_count; i++) {
        const otel_processor *p = i ? c->processors[i - 1] : c->processor;
        if (p == &otel__env_marker) env = 1;
        else if (p) { otel__px_add(p, p == &otel__console ? c->console_stream : p->user); own = 1; }
        if (env == 1) { otel__config_env_processors(c); env = 2; }   /* (once) */
    }
    if (own) otel__g.logs_off = 0;   /* a processor set in code may want any record */
    if (!otel__px.n) {
        otel__g.logs_off = 1;
        static const otel_processor discard = { otel__discard_poll, NULL, NULL, 1000, NULL };
        otel__px_add(&discard, NULL);
    }
    otel__on_start_n = 0;
    for (uint32_t i = 0; i < otel__px.n; i++) otel__on_start_n += otel__px.p[i].on_start != NULL;
    uint32_t share = otel__g.nblocks / (2u * otel__px.n);
    otel__px.cap = share < OTEL_PROCESSOR_QUEUE ? share : OTEL_PROCESSOR_QUEUE;
    if (!otel__px.cap) otel__px.cap = 1;
}

/* tail sampling: the policies (otel_config's table, else OTEL_H_TAIL_*), and
   the trace table carved off the end of the arena; returns its bytes */
static void otel__tail_policy_add(const otel_tail_policy *p) {
    otel__tpol *q = &otel__tail.pol[otel__tail.npol];
    memset(q, 0, sizeof *q);
    switch (p->type) {
    case OTEL_TAIL_ERROR: break;
    case OTEL_TAIL_LATENCY:
        if (!(p->value >= 0.0 && p->value < 1e12)) { OTEL__WARN("tail sampling: latency threshold %g ms is invalid; policy ignored", p->value); return; }
        q->ns = (uint64_t)(p->value * 1e6);
        break;
    case OTEL_TAIL_ATTRIBUTE:
        if (!p->key || !*p->key) { OTEL__WARN("tail sampling: attribute policy without a key; ignored"); return; }
        q->key = p->key; q->match = p->match;
        break;
    case OTEL_TAIL_PROBABILITY:
        if (!(p->value >= 0.0 && p->value <= 1.0)) { OTEL__WARN("tail sampling: probability %g is outside [0,1]; policy ignored", p->value); return; }
        if (p->value > otel__tail.baseline || otel__tail.baseline_dflt) otel__tail.baseline = p->value;
        otel__tail.baseline_dflt = 0;
        return;
    case OTEL_TAIL_RATE:
        if (!(p->value > 0.0 && p->value <= 1e9)) { OTEL__WARN("tail sampling: rate %g traces/s is invalid; policy ignored", p->value); return; }
        otel__tail.rate_iv = (uint64_t)(1e9 / p->value);
        return;
    case OTEL_TAIL_NONE: return;
    default: OTEL__WARN("tail sampling: unknown policy type %d; ignored", (int)p->type); return;
    }
    q->type = p->type;
    q->name = p->span_name; q->name_len = p->span_name ? strlen(p->span_name) : 0;
    otel__tail.npol++;
}
static size_t otel__config_tail(const otel_config *c, void *mem, size_t size) {
    static char attr_buf[256];
    int ie = c->ignore_env;
    otel__tail.npol = 0; otel__tail.rate_iv = otel__tail.rate_tat = 0;
    otel__tail.tt = NULL;
    otel__tail_clear();
    if (!OTEL__TAIL_ON) return 0;
    int from_table = 0;
    for (int i = 0; i < OTEL_TAIL_MAX_POLICIES; i++)
        if (c->tail_policies[i].type != OTEL_TAIL_NONE) { from_table = 1; otel__tail_policy_add(&c->tail_policies[i]); }
    if (!from_table) {
        otel_tail_policy p;
        const char *v;
        double x;
        memset(&p, 0, sizeof p);
        v = otel__getenv("OTEL_H_TAIL_KEEP_ERRORS", ie);
        if (!v || otel__parse_bool("OTEL_H_TAIL_KEEP_ERRORS", v)) { p.type = OTEL_TAIL_ERROR; otel__tail_policy_add(&p); }
        if ((v = otel__getenv("OTEL_H_TAIL_LATENCY_MS", ie))) {
            if (otel__parse_double(v, &x)) { p.type = OTEL_TAIL_LATENCY; p.value = x; otel__tail_policy_add(&p); }
            else OTEL__WARN("OTEL_H_TAIL_LATENCY_MS: invalid number '%.64s', ignored", v);
        }
        if ((v = otel__getenv("OTEL_H_TAIL_RATE", ie))) {
            if (otel__parse_double(v, &x)) { p.type = OTEL_TAIL_RATE; p.value = x; otel__tail_policy_add(&p); }
            else OTEL__WARN("OTEL_H_TAIL_RATE: invalid number '%.64s', ignored", v);
        }
        if ((v = otel__getenv("OTEL_H_TAIL_ATTRIBUTE", ie))) {   /* key or key=value */
            const char *k = v, *m = NULL; size_t kn = strlen(v), mn = 0;
            if (strchr(v, '=')) otel__split_kv(v, strlen(v), &k, &kn, &m, &mn);
            if (kn && kn + mn + 2 <= sizeof attr_buf) {
                memcpy(attr_buf, k, kn); attr_buf[kn] = 0;
                p.type = OTEL_TAIL_ATTRIBUTE; p.key = attr_buf; p.match = NULL;
                if (m) { memcpy(attr_buf + kn + 1, m, mn); attr_buf[kn + 1 + mn] = 0; p.match = attr_buf + kn + 1; }
                otel__tail_policy_add(&p);
            } else {
                OTEL__WARN("OTEL_H_TAIL_ATTRIBUTE: want key or key=value; ignored");
            }
        }
    }
    if (otel__tail.baseline_dflt) otel__tail.baseline = 0.1;
    if (!(otel__tail.baseline >= 0.0 && otel__tail.baseline <= 1.0)) {
        OTEL__WARN("tail sampling: baseline ratio %g is outside [0,1], using 0.1", otel__tail.baseline);
        otel__tail.baseline = 0.1;
    }
    double p = otel__tail.baseline;
    otel__tail.threshold = otel__ratio_threshold(p);
    snprintf(otel__tail.th_keep, sizeof otel__tail.th_keep, "ot=th:0");
    {   /* the threshold in 14 hex digits, trailing zeros dropped */
        char hex[15];
        snprintf(hex, sizeof hex, "%014llx", (unsigned long long)(otel__tail.threshold & 0x00ffffffffffffffull));
        int n = 14;
        while (n > 1 && hex[n - 1] == '0') n--;
        hex[n] = 0;
        snprintf(otel__tail.th_ratio, sizeof otel__tail.th_ratio, "ot=th:%s", hex);
    }
    uint32_t wait = c->tail_decision_wait_ms ? c->tail_decision_wait_ms : otel__env_u32("OTEL_H_TAIL_DECISION_WAIT_MS", 30000, ie);
    otel__tail.wait_ns = (uint64_t)(wait ? wait : 30000) * 1000000ull;
    double frac = c->tail_memory_fraction;
    const char *fv = frac == 0.0 ? otel__getenv("OTEL_H_TAIL_MEMORY_FRACTION", ie) : NULL;
    if (fv && !otel__parse_double(fv, &frac)) frac = -1.0;
    if (frac == 0.0 && !fv) frac = 0.5;
    if (!(frac > 0.0 && frac <= 1.0)) { OTEL__WARN("tail sampling: memory fraction %g is outside (0,1], using 0.5", frac); frac = 0.5; }
    /* the trace table: an entry for every fourth block, about 3% of the arena */
    uint32_t blocks = (uint32_t)(size / OTEL_BLOCK_SIZE);
    uint32_t ntt = blocks / 4 < 16 ? 16 : blocks / 4, nb = 16;
    while (nb < ntt) nb *= 2;
    size_t bytes = ((size_t)ntt * sizeof(otel__tt) + (size_t)nb * 4u + 63u) & ~(size_t)63u;
    if (bytes >= size / 4) { OTEL__WARN("tail sampling: the arena is too small; every trace kept"); otel__tail.on = 0; return 0; }
    size_t start = (size - bytes) & ~(size_t)63u;
    otel__tail.tt = (otel__tt *)(void *)((unsigned char *)mem + start);
    otel__tail.buckets = (uint32_t *)(void *)(otel__tail.tt + ntt);
    otel__tail.ntt = ntt; otel__tail.mask = nb - 1;
    otel__tail_clear();
    otel__tail.frac = frac;   /* (of the blocks left: max_blocks is set once the arena is built) */
    return size - start;
}
/* span-derived metrics: named as the Collector's spanmetrics connector
   names them; made once the SDK is enabled (instruments need that) */
static void otel__config_span_metrics(const otel_config *c) {
    otel__tail.metrics = 0; otel__tail.ndims = 0; otel__tail.service = NULL;
    int on = c->span_metrics > 0 || (c->span_metrics == 0 && otel__parse_bool("OTEL_H_SPAN_METRICS", otel__getenv("OTEL_H_SPAN_METRICS", c->ignore_env)));
    if (!on) return;
#ifdef OTEL_NO_METRICS
    OTEL__WARN("span metrics: built with OTEL_NO_METRICS; off");
#else
    otel__tail.calls = otel_counter_create("traces.span.metrics.calls", NULL, "spans ended, by name, kind and status");
    /* explicit buckets whatever the default histogram aggregation: the
       consumer adds whole buckets at once */
    otel__tail.duration = otel__instrument_create_ex(0, OTEL_INSTRUMENT_HISTOGRAM, 1, "traces.span.metrics.duration", "ms",
                                                     "span durations, by name, kind and status", otel__span_ms_bounds, 16, 0, 0, NULL, 0);
    if (!otel__tail.calls || !otel__tail.duration) return;
    for (size_t i = 0; i < otel__g.nresource; i++)
        if (strcmp(otel__g.resource[i].key, "service.name") == 0) otel__tail.service = &otel__g.resource[i];
    const char *d = c->span_metrics_dimensions ? c->span_metrics_dimensions : otel__getenv("OTEL_H_SPAN_METRICS_DIMENSIONS", c->ignore_env);
    if (d) {
        otel__split_list(d, otel__tail.dims_buf, sizeof otel__tail.dims_buf, otel__tail.dims, &otel__tail.ndims);
        if (otel__tail.ndims > 4) { OTEL__WARN("span metrics: more than 4 dimensions; the first 4 used"); otel__tail.ndims = 4; }
    }
    otel__tail.metrics = 1;
#endif
}
#ifndef OTEL_NO_METRICS
/* an environment variable naming one of names (any case): its value; unset
   or unknown (warned about): values[dflt] */
static int otel__env_choice(const char *var, const char *const *names, const int *values, int dflt, int ie) {
    const char *v = otel__getenv(var, ie);
    if (!v) return values[dflt];
    for (int i = 0; names[i]; i++) if (otel__ieq(v, names[i])) return values[i];
    OTEL__WARN("%s: unknown value '%.40s'; using %s", var, v, names[dflt]);
    return values[dflt];
}
#endif
#ifndef OTEL_NO_METRICS
/* otel_config.metric_reader_options (for the readers otel_metric_reader.options leaves alone) */
static const otel_metric_reader_options *otel__cfg_ropts;
static size_t otel__cfg_nropts;
/* a reader's options, checked: aggregations kept by kind, cardinality limit, filter, producers */
static void otel__reader_options_set(uint32_t k, const otel_metric_reader_options *o) {
    memset(otel__ragg[k], 0, sizeof otel__ragg[k]);
    otel__rcard[k] = 0;
    otel__rfilter[k] = NULL; otel__rprod[k] = NULL; otel__nrprod[k] = 0;
    if (!o) return;
    const int a[9] = {0, o->aggregation.counter, o->aggregation.updown_counter, o->aggregation.histogram, o->aggregation.gauge,
                      o->aggregation.observable_counter, o->aggregation.observable_updown_counter, 0, o->aggregation.observable_gauge};
    for (int i = 1; i < 9; i++) {
        int top = i > 4 ? OTEL_AGGREGATION_LAST_VALUE : OTEL_AGGREGATION_EXPONENTIAL;
        if (a[i] < 0 || a[i] > top)
            OTEL__WARN("metric reader %u: aggregation %d is not one for %s instruments; their default kept",
                       (unsigned)k, a[i], i > 4 ? "observable" : "these");
        else
            otel__ragg[k][i] = (uint8_t)a[i];
        otel__rdiffer |= otel__ragg[k][i] != 0;
    }
    otel__rcard[k] = o->cardinality_limit;
    otel__rdiffer |= o->cardinality_limit != 0;
    otel__rfilter[k] = o->filter;
    if (o->producers && o->producer_count) { otel__rprod[k] = o->producers; otel__nrprod[k] = o->producer_count; }
}
/* the metric readers, each its temporality preference and options (at
   init, before any instrument; the exporter sets its own; opts may be
   NULL, and so may its entries: otel_config.metric_reader_options) */
OTEL__UNUSED static void otel__metric_readers_set(size_t n, const int *pref, const otel_metric_reader_options *const *opts) {
    if (!n) { n = 1; pref = &otel__g.mtemporality; }
    if (n > OTEL_MAX_METRIC_READERS) {
        OTEL__WARN("more than %d metric readers; the first %d kept", OTEL_MAX_METRIC_READERS, OTEL_MAX_METRIC_READERS);
        n = OTEL_MAX_METRIC_READERS;
    }
    otel__nreaders = (uint32_t)n;
    otel__rdiffer = 0;
    for (size_t k = 0; k < n; k++) {
        otel__rpref[k] = pref[k] == OTEL_TEMPORALITY_DELTA || pref[k] == OTEL_TEMPORALITY_LOWMEMORY ? pref[k] : OTEL_TEMPORALITY_CUMULATIVE;
        otel__reader_options_set((uint32_t)k, opts && opts[k] ? opts[k] : k < otel__cfg_nropts ? &otel__cfg_ropts[k] : NULL);
    }
    otel__g.mtemporality = otel__rpref[0];
    otel__rcur = 0;
    memset(otel__rlast, 0, sizeof otel__rlast);
}
#endif
/* Carves the publish rings off the end of the arena (see otel__take_ring);
   returns their size. A ring is the smallest power of 2 above the arena's
   blocks, no larger than OTEL_PUBLISH_RING: the records a consumer has not
   taken hold a block each, so it is never a ring behind. The rings take at
   most a sixteenth of the arena (fewer rings then); an arena of fewer than
   1024 blocks has none (all it has is for records). */
static size_t otel__config_rings(void *mem, size_t size) {
    uint64_t max = OTEL_PUBLISH_RING, entries = 2;
    size_t per = 0, start = size;
    uint32_t k = 0;
    if (max >= 2 && size / OTEL_BLOCK_SIZE >= 1024) {
        while (entries * 2 <= max && entries <= size / OTEL_BLOCK_SIZE) entries *= 2;
        per = (size_t)entries * sizeof(uint32_t);
        k = OTEL_PUBLISH_RINGS < OTEL_MAX_THREADS ? OTEL_PUBLISH_RINGS : OTEL_MAX_THREADS - 1;
        while (k && (size_t)k * per > size / 16) k--;
        if (k) start = (size - (size_t)k * per) & ~(size_t)63u;
    }
    for (uint32_t i = 0; i < OTEL_MAX_THREADS; i++) {   /* (slot 0 is the shared one) */
        otel__slot *sl = &otel__g.slots[i];
        uint32_t *ring = i >= 1 && i <= k ? (uint32_t *)(void *)((unsigned char *)mem + start + (i - 1) * per) : &sl->ring_none;
        uint32_t mask = ring != &sl->ring_none ? (uint32_t)entries - 1 : 0;
        /* (left as they are on a re-init with the same arena, so an end
           from the last run that comes late finds them as they were) */
        if (sl->ring != ring || sl->ring_mask != mask) { sl->ring = ring; sl->ring_mask = mask; }
    }
    return size - start;
}
/* Carves the metrics region off the end of the arena; returns its size. */
static size_t otel__config_metrics(const otel_config *c, void *mem, size_t size) {
    otel__g.mregion = NULL;
    otel__g.msize = otel__g.mused = otel__g.mslots = 0;
    OTEL__STORE(&otel__g.ninst, 0u);
    OTEL__STORE(&otel__nscopes, 1u);
    memset(otel__meter_off, 0, sizeof otel__meter_off);
    OTEL__STORE(&otel__scopes_dropped, 0u);
#ifndef OTEL_NO_METRICS
    OTEL__STORE(&otel__nproviders, 1u);
#endif
    otel__g.mlast = 0;
#ifdef OTEL_NO_METRICS
    (void)c; (void)mem; (void)size;
    return 0;
#else
    int ie = c->ignore_env;
    otel__ncb = 0;   /* callbacks of an earlier init are gone with its instruments */
    uint32_t series = c->metric_series ? c->metric_series : otel__env_u32("OTEL_H_METRIC_SERIES", 512, ie);
    uint32_t al = c->metric_attribute_limit ? c->metric_attribute_limit : otel__env_u32("OTEL_H_METRIC_ATTRIBUTE_LIMIT", 8, ie);
    otel__g.lim_metric_attrs = al > OTEL__MAX_METRIC_ATTRS ? OTEL__MAX_METRIC_ATTRS : al;
    otel__g.lim_cardinality = c->metric_cardinality_limit ? c->metric_cardinality_limit : 2000;
    static const char *const temporality[] = {"delta", "cumulative", "lowmemory", NULL};
    static const int temporality_v[] = {OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_LOWMEMORY};
    static const char *const filter[] = {"trace_based", "always_on", "always_off", NULL};
    static const int filter_v[] = {OTEL_EXEMPLAR_TRACE_BASED, OTEL_EXEMPLAR_ALWAYS_ON, OTEL_EXEMPLAR_ALWAYS_OFF};
    static const char *const hist[] = {"explicit_bucket_histogram", "base2_exponential_bucket_histogram", NULL};
    static const int hist_v[] = {OTEL_HISTOGRAM_EXPLICIT, OTEL_HISTOGRAM_EXPONENTIAL};
    otel__g.mtemporality = c->metric_temporality ? c->metric_temporality
        : otel__env_choice("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", temporality, temporality_v, 1, ie);
    otel__g.mexfilter = c->metric_exemplar_filter ? c->metric_exemplar_filter
        : otel__env_choice("OTEL_METRICS_EXEMPLAR_FILTER", filter, filter_v, 0, ie);
    otel__g.mhistogram = c->metric_histogram_aggregation ? c->metric_histogram_aggregation
        : otel__env_choice("OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION", hist, hist_v, 0, ie);
    otel__g.views = c->views; otel__g.nviews = c->views ? c->view_count : 0;
    OTEL__STORE(&otel__views_used, 0ull);
    otel__cfg_ropts = c->metric_reader_options;
    otel__cfg_nropts = c->metric_reader_options ? c->metric_reader_option_count : 0;
    OTEL__STORE(&otel__exattr_dropped, 0ull);
    otel__metric_readers_set(c->metric_readers ? c->metric_reader_count : 1,
                             c->metric_readers ? c->metric_readers : &otel__g.mtemporality, NULL);
    if (series == 0) return 0;
    /* the series table gets at most an eighth of the arena */
    uint64_t per = 256 + 8, total = (uint64_t)series * per;
    if (total > size / 8) { series = (uint32_t)(size / 8 / per); total = (uint64_t)series * per; }
    if (series < 16) return 0;   /* too small an arena: instruments will be no-ops (warned at creation) */
    uint32_t slots = 16;
    while (slots < series * 2u && slots < (1u << 28)) slots *= 2;
    size_t table = OTEL__ALIGN8((size_t)slots * 4u);
    size_t bytes = table + (size_t)series * 256u;
    bytes = (bytes + 63u) & ~(size_t)63u;
    if (bytes >= size / 2 || bytes > 0x7fffffffu) return 0;
    size_t start = (size - bytes) & ~(size_t)63u;
    otel__g.mregion = (unsigned char *)mem + start;
    otel__g.msize = (uint32_t)(size - start);
    otel__g.mslots = slots;
    otel__g.mused = (uint32_t)((table + 63u) & ~(size_t)63u);
    memset(otel__g.mregion, 0, table);
    return size - start;
#endif
}

/* The completion slots and the counters, zeroed (at init, and in a child
   after fork: keep is the forking thread's slot, which stays in use). */
static void otel__reset_counters(const otel__slot *keep) {
    for (int i = 0; i < OTEL_MAX_THREADS; i++) {
        otel__slot *sl = &otel__g.slots[i];
        sl->done = NULL; sl->head = 0; otel__g.cons_seen[i] = 0;
        sl->started = sl->ended = sl->sampled_out = sl->logs = sl->wraps = 0;
        sl->in_use = i == 0 || sl == keep;
        sl->shared = i == 0;
    }
    otel__g.slots_hi = keep ? (uint32_t)(keep - otel__g.slots) + 1 : 1;
    otel__g.dropped = otel__g.attrs_dropped = otel__g.events_dropped = otel__g.links_dropped = 0;
    otel__g.truncated = otel__g.redacted = otel__g.released = otel__g.logs_released = 0;
    otel__g.moverflow = otel__g.mdropped = otel__g.logs_dropped = 0;
    otel__g.cons_mag_count = 0;
    otel__g.cons_ready = NULL; otel__cons_tail = NULL; otel__con_held = NULL;
}
#ifndef OTEL_NO_THREADS
/* the background thread's semaphores and flags, fresh (at init, and in a
   child after fork, whose copies may be in any state) */
static void otel__worker_state_init(int needed) {
    sem_init(&otel__g.wake, 0, 0);
    sem_init(&otel__g.done, 0, 0);
    otel__g.flush_reason = 0;
    otel__g.stop_deadline = 0;
    otel__g.worker_stop = 0;
    OTEL__STORE(&otel__g.worker_needed, needed);
}
#endif

/* the child's state after fork(): see otel__atfork_child */
OTEL__UNUSED static void otel__fork_reset_state(otel__tls *t) {
    /* spans still open on this thread stay usable as parents (their context
       propagates) but are no longer recorded: the parent records them */
    for (uint32_t d = 0; d < t->depth; d++) t->frames[d].rec = NULL;
    t->mag_count = 0;
    t->spare_off = 0;
    otel__reset_counters(t->slot);
    otel__arena_build(otel__g.arena, (size_t)otel__g.nblocks * OTEL_BLOCK_SIZE);
    otel__tail_clear();   /* (the parent's held traces are the parent's) */
    otel__mem.n = otel__mem.ngone = 0; otel__mem.held = 0;
    for (uint32_t i = 0; i < otel__px.n; i++) otel__px.len[i] = otel__px.held[i] = 0;   /* (so are the records handed to processors) */
#ifndef OTEL_NO_METRICS
    /* the parent's measurements are the parent's: the child's series start at zero */
    uint64_t now = OTEL_CLOCK_NS();
    uint32_t n = otel__g.ninst;
    for (uint32_t i = 0; i < n; i++) {
        struct otel_instrument *m = &otel__instruments[i];
        size_t nb = OTEL__KIND(m) == OTEL_INSTRUMENT_HISTOGRAM ? m->nbounds + 1 : 0;
        for (uint32_t off = m->head; ; off = OTEL__SERIES_AT(off)->next) {
            uint32_t at = off ? off : m->overflow;
            otel__series *s = OTEL__SERIES_AT(at);
            s->value = 0; s->sets = 0; s->seen_sets = 0;
            s->lock = 0;   /* a parent's thread may have held it */
            if (m->exp_size) OTEL__EXPH(s)->lock = 0;
            s->min_bits = otel__dbits((double)HUGE_VAL);
            s->max_bits = otel__dbits(-(double)HUGE_VAL);
            s->created_ns = now;
            if (m->exp_size) otel__exph_reset(OTEL__EXPH(s), m->exp_scale);
            else memset(OTEL__HOT_BUCKETS(s), 0, nb * sizeof(uint64_t));
            for (uint32_t k = 0; k < otel__nreaders; k++) otel__rstate_clear(m, s, k, m->exp_scale);
            if (!off) break;
        }
    }
    otel__g.mlast = 0;
    memset(otel__rlast, 0, sizeof otel__rlast);
#endif
    /* the resource names this process */
    for (size_t i = 0; i < otel__g.nresource; i++)
        if (strcmp(otel__g.resource[i].key, "process.pid") == 0) otel__g.resource[i].v.i = (int64_t)getpid();
        else if (strcmp(otel__g.resource[i].key, "process.parent_pid") == 0) otel__g.resource[i].v.i = (int64_t)getppid();
}

#if !defined(OTEL_NO_THREADS) || defined(OTEL_HAVE_ATFORK)
static void otel__atfork_child(void) {
    /* Only the forking thread lives on in the child. The child keeps a
       working SDK of its own: fresh ids, an empty arena (the parent's
       pending spans are the parent's to export, not the child's), metric
       series zeroed, its own pid in the resource, unlocked locks, a new
       background thread, and an exporter with no connection of the
       parent's. */
    otel__tls *t = &otel__t;
    otel__thread_seed(t);
    if (!OTEL__LOAD(&otel__g.enabled)) return;
#ifndef OTEL_NO_THREADS
    int had_worker = OTEL__LOAD(&otel__g.worker_running);
    OTEL__STORE(&otel__g.worker_running, 0);  /* the worker did not survive the fork */
    pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
    otel__flush_lock = fresh;                 /* may have been held by a thread that is gone */
    otel__mem_lock = fresh;
#ifndef OTEL_NO_METRICS
    otel__inst_lock = fresh;
    otel__cb_lock = fresh;
#endif
#endif
    otel__fork_reset_state(t);
#ifdef OTEL_EXPORT_H
    otel__export_after_fork();
#endif
#ifndef OTEL_NO_THREADS
    /* the new background thread starts on the child's first wake-up or
       flush, outside the fork handler */
    otel__worker_state_init(had_worker);
#endif
}
static int otel__atfork_done;
#endif

/* the next epoch, stored: never 0 (a thread state never attached) nor the
   values a thread's inline_epoch or otel__hot.live take to mean "never"
   (OTEL__EPOCH_SHARED, OTEL__EPOCH_NONE) */
static uint32_t otel__epoch_advance(void) {
    uint32_t e = OTEL__LOAD(&otel__g.epoch) + 1;
    if (e == 0 || e >= OTEL__EPOCH_SHARED) e = 1;
    OTEL__STORE_REL(&otel__g.epoch, e);
    return e;
}
/* OTEL_LOG_LEVEL for the library's own messages, all of which are warnings:
   trace, debug, info, warn (default) write them; error, fatal, none (off) do not */
static void otel__log_level_setup(int ie) {
    const char *v = otel__getenv("OTEL_LOG_LEVEL", ie);
    int quiet = v && (otel__ieq(v, "error") || otel__ieq(v, "fatal") || otel__ieq(v, "none") || otel__ieq(v, "off"));
    OTEL__STORE(&otel__log_quiet, quiet);
    if (v && !quiet && !otel__ieq(v, "warn") && !otel__ieq(v, "warning") && !otel__ieq(v, "info") &&
        !otel__ieq(v, "debug") && !otel__ieq(v, "trace"))
        OTEL__WARN("OTEL_LOG_LEVEL: unknown level '%.16s'; using warn", v);
}

/* ---- otel_init, in steps ---- */
/* the arena to use: the caller's (8-byte aligned, at least two blocks) or
   the built-in one; OTEL_ERR_INVALID, said why, when it cannot be used */
static int otel__init_arena(const otel_config *c, void **mem, size_t *size) {
    *mem = c->arena ? c->arena : otel__static_arena;
    *size = c->arena ? c->arena_size : sizeof otel__static_arena;
    if ((uintptr_t)*mem & 7u) {
        OTEL__WARN("otel_init: the arena is not 8-byte aligned; not started");
        return OTEL_ERR_INVALID;
    }
    if (*size / OTEL_BLOCK_SIZE < 2) {
        OTEL__WARN("otel_init: an arena of %zu bytes holds fewer than 2 blocks of %d; not started", *size, OTEL_BLOCK_SIZE);
        return OTEL_ERR_INVALID;
    }
    return OTEL_OK;
}
/* the attribute, event, link and value length limits */
static void otel__config_limits(const otel_config *c) {
    int ie = c->ignore_env;
    uint32_t general = otel__limit(c->attribute_count_limit, "OTEL_ATTRIBUTE_COUNT_LIMIT", 128, ie);
    otel__g.lim_span_attrs = otel__limit(c->span_attribute_count_limit, "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", general, ie);
    otel__g.lim_events = otel__limit(c->span_event_count_limit, "OTEL_SPAN_EVENT_COUNT_LIMIT", 128, ie);
    otel__g.lim_links = otel__limit(c->span_link_count_limit, "OTEL_SPAN_LINK_COUNT_LIMIT", 128, ie);
    otel__g.lim_event_attrs = otel__limit(c->event_attribute_count_limit, "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", 128, ie);
    otel__g.lim_link_attrs = otel__limit(c->link_attribute_count_limit, "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", 128, ie);
    otel__g.lim_log_attrs = otel__limit(c->log_attribute_count_limit, "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", general, ie);
    uint32_t vl = c->attribute_value_length_limit ? c->attribute_value_length_limit
                : otel__env_u32("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", OTEL__MAX_STR, ie);
    uint32_t lvl = vl;
    if (!c->attribute_value_length_limit) {
        vl = otel__env_u32("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", lvl, ie);
        lvl = otel__env_u32("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", lvl, ie);
    }
    otel__g.lim_value_len = vl < OTEL__MAX_STR ? vl : OTEL__MAX_STR;
    otel__g.lim_log_value_len = lvl < OTEL__MAX_STR ? lvl : OTEL__MAX_STR;
}
/* what the inline attribute calls may store at the call site: as many
   records as the span attribute limit allows in a span's first block (none
   with a filter callback: every attribute goes through it) */
static void otel__config_inline_attrs(void) {
    otel__g.fast_attr_limit = otel__g.filter ? 0 : otel__g.lim_span_attrs;
    uint64_t room = OTEL_BLOCK_SIZE - OTEL__ALIGN8(sizeof(otel__rec)), lim = otel__g.fast_attr_limit;
    otel__g.first_room = (uint32_t)(room < lim * 24 ? room : lim * 24);
}
/* TRACEPARENT/TRACESTATE of this process: the parent of its root spans */
static void otel__config_env_parent(const otel_config *c) {
    otel__g.has_env_parent = 0;
    otel__hot.env_parent = NULL;
    if (c->no_env_parent || c->ignore_env) return;
    const char *tp = getenv("TRACEPARENT"), *ts = getenv("TRACESTATE");
    if (!tp || !*tp) return;
    otel_span_context pc;
    if (otel_context_extract(tp, ts, &pc) != OTEL_OK) {
        OTEL__WARN("TRACEPARENT: invalid value '%.64s', ignored", tp);
        return;
    }
    size_t n = pc.tracestate_len ? otel__ts_fit(pc.tracestate, pc.tracestate_len, otel__g.env_tracestate,
                                                sizeof otel__g.env_tracestate) : 0;
    pc.tracestate = n ? otel__g.env_tracestate : NULL;
    pc.tracestate_len = (uint16_t)n;
    otel__g.env_parent = pc;
    otel__g.has_env_parent = 1;
    otel__hot.env_parent = &otel__g.env_parent;
}
/* what the inline begin decides by itself (otel__hot.root, .child), from
   the sampler and the TRACEPARENT parent */
static void otel__config_inline_rules(void) {
    otel__hot.root = otel__hot.env_parent ? (otel__hot.parent_based ? OTEL__ROOT_ENV : OTEL__ROOT_CALL)
                     : otel__hot.sampler_root == OTEL_SAMPLER_ALWAYS_ON  ? OTEL__ROOT_ON
                     : otel__hot.sampler_root == OTEL_SAMPLER_ALWAYS_OFF ? OTEL__ROOT_OFF
                     : otel__hot.sampler_root == OTEL_SAMPLER_TRACEIDRATIO ? OTEL__ROOT_RATIO
                                                                          : OTEL__ROOT_CALL;
    otel__hot.child = otel__hot.parent_based                               ? OTEL__CHILD_PARENT
                      : otel__hot.sampler_root == OTEL_SAMPLER_ALWAYS_ON  ? OTEL__CHILD_ON
                      : otel__hot.sampler_root == OTEL_SAMPLER_ALWAYS_OFF ? OTEL__CHILD_OFF
                                                                           : OTEL__CHILD_CALL;
    if (otel__bsp_n || otel__on_start_n) otel__hot.root = OTEL__ROOT_CALL, otel__hot.child = OTEL__CHILD_CALL;   /* (the baggage span processor, on_start) */
    if (otel__hot.sampler_root == OTEL__SAMPLER_HOOKED) otel__hot.root = OTEL__ROOT_CALL, otel__hot.child = OTEL__CHILD_CALL;
}
/* once per process: the fork handler and the thread-exit key */
static void otel__init_process_hooks(void) {
#if !defined(OTEL_NO_THREADS) || defined(OTEL_HAVE_ATFORK)
    if (!otel__atfork_done) { pthread_atfork(NULL, NULL, otel__atfork_child); otel__atfork_done = 1; }
#endif
#ifndef OTEL_NO_THREADS
    if (!otel__g.tls_key_made) {
        if (pthread_key_create(&otel__g.tls_key, otel__thread_exit) == 0) otel__g.tls_key_made = 1;
    }
#endif
}
/* publish: threads see the new epoch and re-attach; then the background thread */
static void otel__init_start(const otel_config *c) {
    uint32_t e = otel__epoch_advance();
    OTEL__STORE_REL(&otel__g.enabled, 1);
    OTEL__STORE_REL(&otel__hot.live, e);
    otel__config_span_metrics(c);
#ifndef OTEL_NO_THREADS
    otel__worker_state_init(0);
    if (pthread_create(&otel__g.worker, NULL, otel__worker_main, NULL) == 0) OTEL__STORE(&otel__g.worker_running, 1);
    else OTEL__WARN("cannot start the background thread; call otel_poll() to export");
#endif
}
int otel_init(const otel_config *cfg) {
    otel_config dflt;
    memset(&dflt, 0, sizeof dflt);
    const otel_config *c = cfg ? cfg : &dflt;
    if (OTEL__LOAD(&otel__g.enabled)) {
        OTEL__WARN("otel_init: the SDK is already running (call otel_shutdown first); nothing changed");
        return OTEL_ERR_INVALID;
    }
    if (otel__parse_bool("OTEL_SDK_DISABLED", otel__getenv("OTEL_SDK_DISABLED", c->ignore_env))) {
        otel__g.sdk_disabled = 1;
        return OTEL_OK;
    }
    otel__g.sdk_disabled = 0;
    otel__log_level_setup(c->ignore_env);
    void *mem;
    size_t size;
    int rc = otel__init_arena(c, &mem, &size);
    if (rc != OTEL_OK) return rc;
    otel__g.mseries = 0;
    otel__reset_counters(NULL);
    otel__config_sampler(c);   /* (before the arena: the tail sampler takes a share of it) */
    otel__config_hooks(c);
    size -= otel__config_tail(c, mem, size);
    size -= otel__config_metrics(c, mem, size);
    size -= otel__config_rings(mem, size);
    otel__arena_build(mem, size);
    otel__tail.max_blocks = (uint32_t)((double)otel__g.nblocks * otel__tail.frac);
    otel__config_limits(c);
    otel__config_redaction(c);
    otel__config_inline_attrs();
    otel__build_resource(c);
    otel__config_env_parent(c);
    otel__propagation_init(c->ignore_env, c->no_env_parent);
    otel__g.console_stream = c->console_stream;
    otel__config_processor(c);
    otel__config_inline_rules();
    otel__init_process_hooks();
    otel__init_start(c);
    return OTEL_OK;
}

int otel_shutdown(int timeout_ms) {
    if (!OTEL__LOAD(&otel__g.enabled)) return otel__g.sdk_disabled ? OTEL_OK : otel__not_running("otel_shutdown");
    uint64_t t0 = otel__mono_ns();
#ifndef OTEL_NO_THREADS
    OTEL__STORE(&otel__g.stop_deadline, t0 + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000000ull);
#endif
    int rc = otel__flush_said("otel_shutdown", otel__flush_reason(OTEL_POLL_SHUTDOWN, timeout_ms), timeout_ms);
#ifndef OTEL_NO_THREADS
    if (OTEL__LOAD(&otel__g.worker_running)) {
        OTEL__STORE_REL(&otel__g.worker_stop, 1);
        sem_post(&otel__g.wake);
        pthread_join(otel__g.worker, NULL);
        OTEL__STORE(&otel__g.worker_running, 0);
    }
    sem_destroy(&otel__g.wake);
    sem_destroy(&otel__g.done);
#endif
    OTEL__STORE_REL(&otel__hot.live, OTEL__EPOCH_NONE);
    OTEL__STORE_REL(&otel__g.enabled, 0);
    for (uint32_t i = 0; i < otel__px.n; i++) {
        otel__px.cur = i;
        if (otel__px.p[i].stop) otel__px.p[i].stop(otel__px.p[i].user);
        if (otel__px.n > 1) otel__px_drain(i);
    }
    otel__px.cur = 0;
#ifndef OTEL_NO_METRICS
    otel__views_check();
#endif
    (void)t0;
    /* end of this epoch: handles and thread states from it become inert */
    otel__epoch_advance();
    return rc;
}

/* >> impl: domain conventions (gen_ai, pipelines, sessions, commands) */
/* ---- sessions: codex-otel's event schema, and helpers that time an operation ---- */
enum { OTEL__CODEX_API, OTEL__CODEX_SSE, OTEL__CODEX_TOOL, OTEL__CODEX_TTFT };
#ifndef OTEL_NO_METRICS
static void otel__codex_record(const otel_session *s, int which, double ms, const char *key, const char *value, int success);
#else
static void otel__codex_record(const otel_session *s, int which, double ms, const char *key, const char *value, int success) {
    (void)s; (void)which; (void)ms; (void)key; (void)value; (void)success;
}
#endif
/* a field the schema has but the caller gave no value for: left out,
   counted (otel_stats.attributes_dropped), warned about */
static void otel__session_missing(const char *key) {
    OTEL__ADD(&otel__g.attrs_dropped, 1);
    OTEL__WARN("session: no value for '%.64s'; left out (see otel_stats.attributes_dropped)", key);
}
static void otel__sfield(otel_attr *a, size_t *n, const char *key, const char *v) {
    if (v) a[(*n)++] = otel_attr_str(key, v);
    else otel__session_missing(key);
}
void otel_session_init(otel_session *s, const otel_attr *attrs, size_t n, int flags) {
    if (!s) return;
    memset(s, 0, sizeof *s);
    s->flags = flags;
    for (size_t i = 0; attrs && i < n; i++) otel_session_set(s, attrs[i]);
}
void otel_session_start(otel_session *s, const otel_session_info *in, const otel_attr *attrs, size_t n, int flags) {
    otel_session_init(s, NULL, 0, flags);
    if (!s) return;
    if (in) {
        otel_attr a[9];
        size_t k = 0;
        otel__sfield(a, &k, "conversation.id", in->conversation_id);
        otel__sfield(a, &k, "app.version", in->app_version);
        otel__sfield(a, &k, "originator", in->originator);
        otel__sfield(a, &k, "terminal.type", in->terminal_type);
        otel__sfield(a, &k, "model", in->model);
        otel__sfield(a, &k, "slug", in->slug);
        if (in->auth_mode) a[k++] = otel_attr_str("auth_mode", in->auth_mode);
        if (in->account_id) a[k++] = otel_attr_str("user.account_id", in->account_id);
        if (in->account_email) a[k++] = otel_attr_str("user.email", in->account_email);
        for (size_t i = 0; i < k; i++) otel_session_set(s, a[i]);
    }
    for (size_t i = 0; attrs && i < n; i++) otel_session_set(s, attrs[i]);
}
void otel_session_set(otel_session *s, otel_attr a) {
    if (!s || !a.key) return;
    s->otel__tmpl_epoch = 0;   /* the copy is made again */
    for (size_t i = 0; i < s->attr_count; i++)
        if (strcmp(s->attrs[i].key, a.key) == 0) { s->attrs[i] = a; return; }
    if (s->attr_count < OTEL_SESSION_MAX_ATTRS) s->attrs[s->attr_count++] = a;
    else OTEL__WARN("session: more than %d attributes; '%.64s' not kept", OTEL_SESSION_MAX_ATTRS, a.key);
}
/* Whether the value scan finds nothing in s. A text of up to 47 bytes
   (most values) is first copied into a zero-padded buffer and tested by
   the span attributes' pre-scan, 16 bytes at a time: where that finds no
   byte pair a secret starts with, the scan would find nothing either. */
static int otel__no_secret(const char *s, size_t n) {
    int hits = 0;
    if (n + 16u < 64u) {
        char w[64];   /* OTEL__SCAN_PAD(47) */
        memset(w, 0, sizeof w);
        otel__copy_text(w, s, n);
        if (!otel__text_may_hold_secret(w, n)) return 1;
    }
    otel__redact_copy(s, n, NULL, 0, &hits);
    return !hits;
}
/* The event-name prefix with its dot, resolved again when event_prefix or
   the SDK's epoch (and with it the service name) changed */
static size_t otel__session_prefix(otel_session *s) {
    uint32_t ep = OTEL__LOAD(&otel__g.epoch);
    if (s->otel__prefix_epoch == ep && s->otel__prefix_of == s->event_prefix) return s->otel__prefix_len;
    const char *p = s->event_prefix;
    size_t n = 0;
    if (!p) {
        for (size_t i = 0; i < otel__g.nresource; i++)
            if (strcmp(otel__g.resource[i].key, "service.name") == 0) {
                p = otel__g.resource[i].v.str.ptr;
                n = otel__g.resource[i].v.str.len;
            }
    } else {
        n = strlen(p);
    }
    if (n > sizeof s->otel__prefix - 2) {
        n = otel__utf8_cut(p, n, sizeof s->otel__prefix - 2);
        OTEL__ADD(&otel__g.truncated, 1);
        OTEL__WARN("session: event prefix longer than %d bytes; cut", (int)sizeof s->otel__prefix - 2);
    }
    if (n) memcpy(s->otel__prefix, p, n);
    if (n && s->otel__prefix[n - 1] != '.') s->otel__prefix[n++] = '.';
    s->otel__prefix_len = (uint32_t)n;
    s->otel__prefix_plain = otel__g.redact_mode == OTEL_REDACT_OFF || otel__no_secret(s->otel__prefix, n);
    s->otel__prefix_of = s->event_prefix;
    s->otel__prefix_epoch = ep;
    return n;
}
/* RFC 3339 in UTC with milliseconds: 2025-01-31T12:34:56.789Z (24 bytes) */
static void otel__rfc3339_ms(uint64_t ns, char out[25]) {
    uint64_t ms = ns / 1000000u, secs = ms / 1000u;
    unsigned sod = (unsigned)(secs % 86400u);
    /* the civil date of a day count (days since 1970-01-01; eras of 400 years) */
    uint64_t z = secs / 86400u + 719468u, era = z / 146097u, doe = z - era * 146097u;
    uint64_t yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
    uint64_t doy = doe - (365u * yoe + yoe / 4u - yoe / 100u), mp = (5u * doy + 2u) / 153u;
    unsigned d = (unsigned)(doy - (153u * mp + 2u) / 5u + 1u), m = (unsigned)(mp < 10u ? mp + 3u : mp - 9u);
    unsigned y = (unsigned)(yoe + era * 400u + (m <= 2u));
    unsigned v[7] = {y, m, d, sod / 3600u, sod / 60u % 60u, sod % 60u, (unsigned)(ms % 1000u)};
    static const char sep[] = "--T::.Z";
    char *o = out;
    for (int i = 0; i < 7; i++) {
        int w = i == 0 ? 4 : i == 6 ? 3 : 2;
        for (int j = w - 1; j >= 0; j--) { o[j] = (char)('0' + v[i] % 10u); v[i] /= 10u; }
        o += w;
        *o++ = sep[i];
    }
    *o = 0;
}
/* Whether the attribute writer would store a as it is (nothing redacted,
   found in it or cut; the caller knows there is no filter): then the size
   of its record, and its text in *v, *n; else 0 */
static size_t otel__plain_size(otel__tls *t, const otel_attr *a, const char **v, size_t *n) {
    *v = NULL;
    *n = 0;
    if (!a->key) return 0;
    if (a->type == OTEL_TYPE_INT || a->type == OTEL_TYPE_DOUBLE || a->type == OTEL_TYPE_BOOL) return sizeof(otel__r);
    if (a->type != OTEL_TYPE_STRING) return 0;
    const char *s = a->v.str.ptr ? a->v.str.ptr : "";
    size_t len = a->v.str.len == (size_t)-1 ? strlen(s) : (a->v.str.ptr ? a->v.str.len : 0);
    if (otel__g.redact_mode != OTEL_REDACT_OFF &&
        (otel__key_verdict(t, a->key) == OTEL__KEY_REDACT || (s != otel__redacted && !otel__no_secret(s, len))))
        return 0;
    if (len > otel__g.lim_log_value_len) return 0;
    *v = s;
    *n = len;
    return OTEL__ALIGN8(sizeof(otel__r) + len + 1);
}
/* that record, at x */
static void otel__plain_fill(otel__r *x, const otel_attr *a, const char *v, size_t n, size_t size) {
    x->tag = OTEL__R_ATTR; x->vtype = (uint8_t)a->type; x->size = (uint16_t)size; x->key = a->key;
    x->aux = 0; x->v.u = 0;
    if (v) { x->aux = (uint32_t)n; memcpy(x + 1, v, n); ((char *)(x + 1))[n] = 0; }
    else if (a->type == OTEL_TYPE_DOUBLE) x->v.d = a->v.d;
    else if (a->type == OTEL_TYPE_BOOL) x->v.i = a->v.b ? 1 : 0;
    else x->v.i = a->v.i;
}
/* the record at the end of r (NULL: no room, dropped and counted) */
static otel__r *otel__put_plain(otel__tls *t, otel__rec *r, const otel_attr *a, const char *v, size_t n, size_t size) {
    otel__r *x = (otel__r *)otel__append(t, r, size);
    if (OTEL__UNLIKELY(!x)) { r->d_attrs++; OTEL__ADD(&otel__g.attrs_dropped, 1); return NULL; }
    otel__plain_fill(x, a, v, n, size);
    r->n_attrs++;
    return x;
}
/* The session's attributes as the records the attribute writer would make
   of them, made once (per epoch and otel_session_set) and copied into each
   event; only where the copy is exact: no filter, no value redacted, found
   to hold a secret or cut (such sessions take the writer every time, so
   that its counters stay right). */
#define OTEL__TMPL_NONE 0xffffffffu
static int otel__session_tmpl(otel__tls *t, otel_session *s, uint32_t ep) {
    if (s->otel__tmpl_epoch == ep) return s->otel__tmpl_len != OTEL__TMPL_NONE;
    s->otel__tmpl_epoch = ep;
    s->otel__tmpl_len = OTEL__TMPL_NONE;
    s->otel__tmpl_n = 0;
    if (otel__g.filter || otel__g.lim_log_value_len < 64 ||
        (otel__g.redact_mode != OTEL_REDACT_OFF && (otel__key_verdict(t, "event.name") == OTEL__KEY_REDACT ||
                                                    otel__key_verdict(t, "event.timestamp") == OTEL__KEY_REDACT)))
        return 0;
    unsigned char *out = (unsigned char *)s->otel__tmpl;
    size_t len = 0;
    for (size_t i = 0; i < s->attr_count; i++) {
        const char *v;
        size_t n, size = otel__plain_size(t, &s->attrs[i], &v, &n);
        if (!size || len + size > sizeof s->otel__tmpl) return 0;
        otel__plain_fill((otel__r *)(out + len), &s->attrs[i], v, n, size);
        len += size;
    }
    s->otel__tmpl_len = (uint32_t)len;
    s->otel__tmpl_n = (uint32_t)s->attr_count;
    return 1;
}
/* records copied as they are, as many at once as the record's last block
   (or a new one) holds */
static void otel__put_records(otel__tls *t, otel__rec *r, const unsigned char *p, size_t len, uint32_t count) {
    const unsigned char *end = p + len;
    while (p < end) {
        otel__cursor_sync(r);
        size_t room = OTEL_BLOCK_SIZE - otel__block(r->cur)->used, chunk = 0;
        uint32_t k = 0;
        if (((const otel__r *)p)->size > room) room = OTEL__BLK_PAYLOAD;   /* (the append takes a new block) */
        while (p + chunk < end && chunk + ((const otel__r *)(p + chunk))->size <= room) {
            chunk += ((const otel__r *)(p + chunk))->size;
            k++;
        }
        void *dst = otel__append(t, r, chunk);
        if (OTEL__UNLIKELY(!dst)) { r->d_attrs += count; OTEL__ADD(&otel__g.attrs_dropped, count); return; }
        memcpy(dst, p, chunk);
        r->n_attrs += k;
        count -= k;
        p += chunk;
    }
}
/* Writes <prefix><op>: event.name and event.timestamp, the session's
   attributes, then the call's own (which replace those by key). op_is_ours:
   op is one of the literals here, with nothing for the redaction to find. */
static void otel__session_write(otel_session *s, const char *op, int op_is_ours, int severity, const char *body,
                                const otel_attr *attrs, size_t n, const otel_span_context *ctx) {
    if (OTEL__UNLIKELY(!OTEL__LOAD(&otel__g.enabled))) return;
    if (!op) op = "";
    if (!attrs) n = 0;
    char name[192], ts[25];
    size_t pl = s ? otel__session_prefix(s) : 0, ol = strlen(op);
    if (ol > sizeof name - 1 - pl) { ol = otel__utf8_cut(op, ol, sizeof name - 1 - pl); OTEL__ADD(&otel__g.truncated, 1); }
    if (pl) memcpy(name, s->otel__prefix, pl);
    memcpy(name + pl, op, ol);
    name[pl + ol] = 0;
    uint64_t now = OTEL_CLOCK_NS(), sec = now / 1000000000u;
    if (s && s->otel__ts_sec == sec) {   /* the same second: only the milliseconds change */
        unsigned ms = (unsigned)(now / 1000000u % 1000u);
        memcpy(ts, s->otel__ts, 20);
        ts[20] = (char)('0' + ms / 100u); ts[21] = (char)('0' + ms / 10u % 10u); ts[22] = (char)('0' + ms % 10u);
        ts[23] = 'Z'; ts[24] = 0;
    } else {
        otel__rfc3339_ms(now, ts);
        if (s) { s->otel__ts_sec = sec; memcpy(s->otel__ts, ts, sizeof ts); }
    }
    otel_log_args la;
    memset(&la, 0, sizeof la);
    la.event_name = name; la.severity = severity ? severity : OTEL_SEVERITY_INFO;
    la.body = body; la.body_len = (size_t)-1; la.attrs = attrs; la.attr_count = n;
    la.time_ns = now; la.context = ctx;
    otel__tls *t = otel__thread();
    int fast = s && otel__session_tmpl(t, s, OTEL__LOAD(&otel__g.epoch));
    if (fast) la.event_name = NULL;   /* the event.name attribute's text serves (below) */
    otel__rec *r = otel__log_open(t, &la, now);   /* observed as it happened */
    if (!r) return;
    otel_attr pre[2] = {otel_attr_str("event.name", name), otel_attr_str("event.timestamp", ts)};
    pre[0].v.str.len = pl + ol;
    pre[1].v.str.len = 24;
    if (fast && 2 + s->otel__tmpl_n + n <= otel__g.lim_log_attrs &&
        pl + ol <= otel__g.lim_log_value_len &&
        (otel__g.redact_mode == OTEL_REDACT_OFF ||
         (s->otel__prefix_plain && (op_is_ours || otel__no_secret(name + pl, ol))))) {
        /* the records the writer would make, made here */
        for (int i = 0; i < 2; i++) {
            size_t vl = pre[i].v.str.len;
            otel__r *x = otel__put_plain(t, r, &pre[i], pre[i].v.str.ptr, vl, OTEL__ALIGN8(sizeof(otel__r) + vl + 1));
            if (x && i == 0) { r->name = (const char *)(x + 1); r->name_len = x->aux; }
        }
        otel__put_records(t, r, (const unsigned char *)s->otel__tmpl, s->otel__tmpl_len, s->otel__tmpl_n);
        for (size_t i = 0; i < n; i++) {
            const char *v;
            size_t vl, size = otel__plain_size(t, &attrs[i], &v, &vl);
            if (size) otel__put_plain(t, r, &attrs[i], v, vl, size);
            else otel__set_attr_lim(r, &attrs[i], otel__g.lim_log_attrs);
        }
        la.attr_count = 0;   /* (written) */
    } else {
        if (fast) {   /* the name after all */
            otel__r *x = otel__append_text(t, r, name, pl + ol);
            if (x) { r->name = (const char *)(x + 1); r->name_len = x->aux; }
        }
        for (int i = 0; i < 2; i++) otel__set_attr_lim(r, &pre[i], otel__g.lim_log_attrs);
        for (size_t i = 0; s && i < s->attr_count; i++) otel__set_attr_lim(r, &s->attrs[i], otel__g.lim_log_attrs);
    }
    otel__log_close(t, r, &la);
}
void otel_session_event(otel_session *s, const char *event_name, int severity, const char *body,
                        const otel_attr *attrs, size_t n) {
    otel__session_write(s, event_name, 0, severity, body, attrs, n, NULL);
}
otel_timer otel_timer_start(void) {
    otel_timer t;
    t.start_ns = OTEL_CLOCK_NS();
    t.start_mono_ns = otel__mono_ns();
    return t;
}
double otel_timer_seconds(const otel_timer *t) {
    if (!t || !t->start_mono_ns) return 0.0;
    return (double)(otel__mono_ns() - t->start_mono_ns) / 1e9;
}
static int otel__session_flag(const otel_session *s, int flag) {
    return (s && (s->flags & flag)) || (otel__g.session_opt_in & flag);
}
/* a whole number as text (codex sends some numbers as strings) */
static otel_attr otel__num_text(const char *key, uint64_t v, char buf[24]) {
    char *p = buf + 23;
    *p = 0;
    do { *--p = (char)('0' + v % 10u); v /= 10u; } while (v);
    otel_attr a = otel_attr_str(key, p);
    a.v.str.len = (size_t)(buf + 23 - p);
    return a;
}
static uint64_t otel__timer_ms(const otel_timer *t) { return (uint64_t)(otel_timer_seconds(t) * 1000.0); }
static const char *otel__tf(int b) { return b ? "true" : "false"; }
/* text the session keeps only when opted in, else [REDACTED]; cut to what
   one attribute value can hold (on a UTF-8 boundary, counted) */
static otel_attr otel__session_text(const otel_session *s, int flag, const char *key, const char *v, int *truncated) {
    size_t n = strlen(v), max = otel__g.lim_value_len < OTEL__MAX_STR ? otel__g.lim_value_len : OTEL__MAX_STR;
    otel_attr a = otel_attr_str(key, otel__redacted);
    if (truncated) *truncated = 0;
    if (!otel__session_flag(s, flag)) return a;
    a.v.str.ptr = v;
    a.v.str.len = n;
    if (n > max) {
        a.v.str.len = otel__utf8_cut(v, n, max);
        OTEL__ADD(&otel__g.truncated, 1);
        if (truncated) *truncated = 1;
    }
    return a;
}

void otel_session_conversation_starts(otel_session *s, const otel_conversation_info *c) {
    otel_conversation_info none;
    if (!c) { memset(&none, 0, sizeof none); c = &none; }
    char mcp[512];
    size_t m = 0;
    for (size_t i = 0; i < c->mcp_server_count && c->mcp_servers; i++) {
        const char *v = c->mcp_servers[i] ? c->mcp_servers[i] : "";
        size_t l = strlen(v), room = sizeof mcp - 1 - m - (i > 0);
        if (l > room) { l = otel__utf8_cut(v, l, room); OTEL__ADD(&otel__g.truncated, 1); }
        if (i > 0 && m < sizeof mcp - 1) mcp[m++] = ',';
        memcpy(mcp + m, v, l);
        m += l;
    }
    mcp[m] = 0;
    otel_attr a[8];
    size_t n = 0;
    otel__sfield(a, &n, "provider_name", c->provider_name);
    if (c->reasoning_effort) a[n++] = otel_attr_str("reasoning_effort", c->reasoning_effort);
    otel__sfield(a, &n, "reasoning_summary", c->reasoning_summary);
    if (c->context_window > 0) a[n++] = otel_attr_int("context_window", c->context_window);
    if (c->auto_compact_token_limit > 0) a[n++] = otel_attr_int("auto_compact_token_limit", c->auto_compact_token_limit);
    otel__sfield(a, &n, "approval_policy", c->approval_policy);
    otel__sfield(a, &n, "sandbox_policy", c->sandbox_policy);
    a[n] = otel_attr_str("mcp_servers", mcp); a[n++].v.str.len = m;
    otel__session_write(s, "conversation_starts", 1, OTEL_SEVERITY_INFO, NULL, a, n, NULL);
}
void otel_session_user_prompt(otel_session *s, const char *prompt) {
    if (!prompt) { otel__session_missing("prompt"); prompt = ""; }
    uint64_t chars = 0;   /* characters, as codex counts them: UTF-8 sequences */
    for (const unsigned char *p = (const unsigned char *)prompt; *p; p++) chars += (*p & 0xc0u) != 0x80u;
    char buf[24];
    otel_attr a[2];
    a[0] = otel__num_text("prompt_length", chars, buf);
    /* prompts are the user's words: kept only when the session opts in */
    a[1] = otel__session_text(s, OTEL_SESSION_LOG_PROMPTS, "prompt", prompt, NULL);
    if (s) { s->otel__turn_mono = otel__mono_ns(); s->otel__turn_first = 0; }
    otel__session_write(s, "user_prompt", 1, OTEL_SEVERITY_INFO, NULL, a, 2, NULL);
}
void otel_session_end(otel_session *s) {
    if (s && s->otel__request) { otel_span_end(s->otel__request); s->otel__request = NULL; }
}
void otel_session_api_request(otel_session *s, const otel_timer *t, int attempt, int status_code,
                              const char *error, const char *endpoint) {
    uint64_t ms = otel__timer_ms(t);
    int ok = !error && (status_code == 0 || (status_code >= 200 && status_code < 300));
    otel_session_end(s);
    /* the request's span, from the timer's start */
    otel_span_args sa;
    memset(&sa, 0, sizeof sa);
    sa.name = "api_request"; sa.kind = OTEL_SPAN_KIND_CLIENT; sa.start_ns = t ? t->start_ns : 0;
    otel_span *sp = otel_span_begin_ex(&sa);
    otel_span_set_int(sp, "attempt", attempt);
    if (endpoint) otel_span_set_str(sp, "endpoint", endpoint);
    if (status_code > 0) otel_span_set_int(sp, "http.response.status_code", status_code);
    char buf[24];
    otel_attr a[5];
    size_t n = 0;
    a[n++] = otel__num_text("duration_ms", ms, buf);
    if (status_code > 0) a[n++] = otel_attr_int("http.response.status_code", status_code);
    if (error) a[n++] = otel_attr_str("error.message", error);
    a[n++] = otel_attr_int("attempt", attempt);
    otel__sfield(a, &n, "endpoint", endpoint);
    otel__session_write(s, "api_request", 1, OTEL_SEVERITY_INFO, NULL, a, n, NULL);
    char st[24];
    otel_attr sv = otel__num_text("status", (uint64_t)(status_code > 0 ? status_code : 0), st);
    otel__codex_record(s, OTEL__CODEX_API, (double)ms, "status", status_code > 0 ? sv.v.str.ptr : "none", ok);
    if (!ok) {
        otel_span_record_error(sp, "api_error", error ? error : "request failed");
        otel_span_end(sp);
    } else if (s) {
        s->otel__request = sp;   /* ended by the response's last SSE event */
    } else {
        otel_span_end(sp);
    }
}
/* the first output of the turn since its prompt: codex.turn.ttft.duration_ms */
static void otel__session_ttft(otel_session *s, const char *kind) {
    if (!s || !s->otel__turn_mono || s->otel__turn_first) return;
    if (!strstr(kind, ".delta") && strcmp(kind, "response.output_item.added") != 0 && strcmp(kind, "response.completed") != 0)
        return;
    s->otel__turn_first = 1;
    otel__codex_record(s, OTEL__CODEX_TTFT, (double)(otel__mono_ns() - s->otel__turn_mono) / 1e6, NULL, NULL, 1);
}
void otel_session_sse_event(otel_session *s, const otel_timer *t, const char *kind, const char *error) {
    uint64_t ms = otel__timer_ms(t);
    if (!kind) { otel__session_missing("event.kind"); kind = ""; }
    char buf[24];
    otel_attr a[3];
    size_t n = 0;
    a[n++] = otel_attr_str("event.kind", kind);
    a[n++] = otel__num_text("duration_ms", ms, buf);
    if (error) a[n++] = otel_attr_str("error.message", error);
    otel__session_write(s, "sse_event", 1, OTEL_SEVERITY_INFO, NULL, a, n, NULL);
    otel__codex_record(s, OTEL__CODEX_SSE, (double)ms, "kind", kind, !error);
    otel__session_ttft(s, kind);
    if (error && s && s->otel__request) {
        otel_span_record_error(s->otel__request, "sse_error", error);
        otel_session_end(s);
    }
}
void otel_session_sse_completed(otel_session *s, const otel_timer *t, const otel_token_counts *k) {
    static const otel_token_counts unknown = {OTEL_TOKENS_UNKNOWN, OTEL_TOKENS_UNKNOWN, OTEL_TOKENS_UNKNOWN,
                                              OTEL_TOKENS_UNKNOWN, OTEL_TOKENS_UNKNOWN};
    if (!k) k = &unknown;
    uint64_t ms = otel__timer_ms(t);
    char b[4][24];
    otel_attr a[7];
    size_t n = 0;
    a[n++] = otel_attr_str("event.kind", "response.completed");
    a[n++] = otel__num_text("duration_ms", ms, b[0]);
    if (k->input >= 0) a[n++] = otel__num_text("input_token_count", (uint64_t)k->input, b[1]);
    else otel__session_missing("input_token_count");
    if (k->output >= 0) a[n++] = otel__num_text("output_token_count", (uint64_t)k->output, b[2]);
    else otel__session_missing("output_token_count");
    if (k->cached >= 0) a[n++] = otel_attr_int("cached_token_count", k->cached);
    if (k->reasoning >= 0) a[n++] = otel_attr_int("reasoning_token_count", k->reasoning);
    if (k->tool >= 0) a[n++] = otel__num_text("tool_token_count", (uint64_t)k->tool, b[3]);
    else otel__session_missing("tool_token_count");
    otel__session_write(s, "sse_event", 1, OTEL_SEVERITY_INFO, NULL, a, n, NULL);
    otel__codex_record(s, OTEL__CODEX_SSE, (double)ms, "kind", "response.completed", 1);
    otel__session_ttft(s, "response.completed");
    if (s && s->otel__request) {
        otel_span *sp = s->otel__request;
        if (k->input >= 0) otel_span_set_int(sp, "gen_ai.usage.input_tokens", k->input);
        if (k->output >= 0) otel_span_set_int(sp, "gen_ai.usage.output_tokens", k->output);
        if (k->cached >= 0) otel_span_set_int(sp, "gen_ai.usage.cache_read.input_tokens", k->cached);
        if (k->reasoning >= 0) otel_span_set_int(sp, "gen_ai.usage.reasoning.output_tokens", k->reasoning);
        otel_session_end(s);
    }
}
void otel_session_tool_decision(otel_session *s, const char *tool_name, const char *call_id,
                                const char *decision, const char *source) {
    otel_attr a[4];
    size_t n = 0;
    otel__sfield(a, &n, "tool_name", tool_name);
    otel__sfield(a, &n, "call_id", call_id);
    otel__sfield(a, &n, "decision", decision);
    otel__sfield(a, &n, "source", source);
    otel__session_write(s, "tool_decision", 1, OTEL_SEVERITY_INFO, NULL, a, n, NULL);
}
void otel_session_tool_result(otel_session *s, const otel_timer *t, const otel_tool_call *c) {
    otel_tool_call none;
    if (!c) { memset(&none, 0, sizeof none); c = &none; }
    uint64_t ms = otel__timer_ms(t);
    /* the call's span, from the timer's start */
    otel_span_args sa;
    memset(&sa, 0, sizeof sa);
    sa.name = "execute_tool"; sa.kind = OTEL_SPAN_KIND_INTERNAL; sa.start_ns = t ? t->start_ns : 0;
    otel_span *sp = otel_span_begin_ex(&sa);
    if (otel_span_is_recording(sp)) {
        char nm[128];
        size_t l = c->tool_name ? otel__utf8_cut(c->tool_name, strlen(c->tool_name), sizeof nm - 14) : 0;
        memcpy(nm, "execute_tool ", 13);
        if (l) memcpy(nm + 13, c->tool_name, l);
        nm[13 + l] = 0;
        if (l) otel_span_set_name(sp, nm);
        otel_span_set_str(sp, "gen_ai.operation.name", "execute_tool");
        if (c->tool_name) otel_span_set_str(sp, "gen_ai.tool.name", c->tool_name);
        if (c->call_id) otel_span_set_str(sp, "gen_ai.tool.call.id", c->call_id);
        if (!c->success) otel_span_set_status(sp, OTEL_STATUS_ERROR, "tool failed");
    }
    char buf[24];
    otel_attr a[8];
    size_t n = 0;
    otel__sfield(a, &n, "tool_name", c->tool_name);
    otel__sfield(a, &n, "call_id", c->call_id);
    otel__sfield(a, &n, "arguments", c->arguments);
    a[n++] = otel__num_text("duration_ms", ms, buf);
    a[n++] = otel_attr_str("success", otel__tf(c->success));
    if (c->output) a[n++] = otel__session_text(s, OTEL_SESSION_LOG_TOOL_OUTPUT, "output", c->output, NULL);
    else otel__session_missing("output");
    a[n++] = otel_attr_str("mcp_server", c->mcp_server ? c->mcp_server : "");
    a[n++] = otel_attr_str("mcp_server_origin", c->mcp_server_origin ? c->mcp_server_origin : "");
    otel__session_write(s, "tool_result", 1, OTEL_SEVERITY_INFO, NULL, a, n, NULL);
    otel_span_end(sp);
    otel__codex_record(s, OTEL__CODEX_TOOL, (double)ms, "tool", c->tool_name ? c->tool_name : "", c->success);
}
void otel_session_sandbox_outcome(otel_session *s, const char *tool_name, const char *call_id, const char *outcome,
                                  int64_t initial_duration_ms, int64_t escalated_duration_ms) {
    otel_attr a[5];
    size_t n = 0;
    otel__sfield(a, &n, "tool_name", tool_name);
    otel__sfield(a, &n, "call_id", call_id);
    otel__sfield(a, &n, "outcome", outcome);
    a[n++] = otel_attr_int("initial_duration_ms", initial_duration_ms);
    if (escalated_duration_ms >= 0) a[n++] = otel_attr_int("escalated_duration_ms", escalated_duration_ms);
    otel__session_write(s, "sandbox_outcome", 1, OTEL_SEVERITY_INFO, NULL, a, n, NULL);
}
void otel_session_agent_response(otel_session *s, otel_span *agent, const char *agent_type, const char *turn_id,
                                 const char *item_id, const char *response) {
    if (!response) { otel__session_missing("response"); response = ""; }
    int cut = 0;
    otel_attr a[6];
    size_t n = 0;
    otel__sfield(a, &n, "agent.type", agent_type);
    otel__sfield(a, &n, "turn.id", turn_id);
    otel__sfield(a, &n, "item.id", item_id);
    a[n++] = otel__session_text(s, OTEL_SESSION_LOG_RESPONSES, "response", response, &cut);
    a[n++] = otel_attr_int("response_length", (int64_t)strlen(response));
    a[n++] = otel_attr_bool("response_truncated", cut);
    otel_span_context ctx = otel_span_get_context(agent);
    otel__session_write(s, "agent_response", 1, OTEL_SEVERITY_INFO, NULL, a, n, agent ? &ctx : NULL);
}
/* One record: how many answered, the outcome, and per conflict (up to
   OTEL__MAX_CONFLICTS; more are counted as dropped attributes) its topic,
   the agents that disagreed (comma-separated) and its resolution, as three
   string arrays of one order, with every agent that disagreed once. */
#define OTEL__MAX_CONFLICTS 16
void otel_session_consensus(otel_session *s, otel_span *span, const otel_consensus_info *c) {
    if (!c) { otel__session_missing("consensus"); return; }
    size_t nc = c->conflicts ? c->conflict_count : 0;
    if (nc > OTEL__MAX_CONFLICTS) {
        OTEL__ADD(&otel__g.attrs_dropped, nc - OTEL__MAX_CONFLICTS);
        OTEL__WARN("session: more than %d conflicts in one consensus; the rest left out", OTEL__MAX_CONFLICTS);
        nc = OTEL__MAX_CONFLICTS;
    }
    const char *topics[OTEL__MAX_CONFLICTS], *who[OTEL__MAX_CONFLICTS], *how[OTEL__MAX_CONFLICTS];
    const char *agents[OTEL__MAX_CONFLICTS * 4];
    size_t nagents = 0;
    char joined[OTEL__MAX_CONFLICTS][96];
    for (size_t i = 0; i < nc; i++) {
        const otel_consensus_conflict *k = &c->conflicts[i];
        topics[i] = k->topic ? k->topic : "";
        how[i] = k->resolution ? k->resolution : "";
        size_t m = 0;
        for (size_t j = 0; k->agents && j < k->agent_count; j++) {
            const char *ag = k->agents[j] ? k->agents[j] : "";
            size_t l = strlen(ag), room = sizeof joined[i] - 1 - m - (j > 0);
            if (l > room) { l = otel__utf8_cut(ag, l, room); OTEL__ADD(&otel__g.truncated, 1); }
            if (j > 0 && m < sizeof joined[i] - 1) joined[i][m++] = ',';
            memcpy(joined[i] + m, ag, l);
            m += l;
            size_t u = 0;
            while (u < nagents && strcmp(agents[u], ag) != 0) u++;
            if (u == nagents && nagents < sizeof agents / sizeof agents[0]) agents[nagents++] = ag;
        }
        joined[i][m] = 0;
        who[i] = joined[i];
    }
    otel_attr a[7];
    size_t n = 0;
    a[n++] = otel_attr_int("consensus.responses", c->responses);
    a[n++] = otel_attr_int("consensus.conflicts", (int64_t)nc);
    a[n++] = otel_attr_str("consensus.outcome", c->outcome ? c->outcome : "");
    if (nc) {
        otel_attr t = {"consensus.conflict.topics", OTEL_TYPE_STRING_ARRAY, {{0, 0}}};
        t.v.strs.items = topics; t.v.strs.count = nc;
        a[n++] = t;
        t.key = "consensus.conflict.agents"; t.v.strs.items = who;
        a[n++] = t;
        t.key = "consensus.conflict.resolutions"; t.v.strs.items = how;
        a[n++] = t;
        t.key = "consensus.disagreeing_agents"; t.v.strs.items = agents; t.v.strs.count = nagents;
        a[n++] = t;
    }
    otel_span_context ctx = otel_span_get_context(span);
    otel__session_write(s, "consensus", 1, OTEL_SEVERITY_INFO, NULL, a, n, span ? &ctx : NULL);
}

/* ---- ready-made instruments (semantic conventions) ---- */
#ifndef OTEL_NO_METRICS
static const double otel__token_bounds[] = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};
static const double otel__duration_bounds[] = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
static const double otel__http_bounds[] = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};

/* created on first use; a handle from an earlier init is made again */
static otel_instrument *otel__builtin(otel_instrument **slot, otel_instrument_kind kind, int is_double, const char *name,
                                      const char *unit, const char *desc, const double *b, size_t nb) {
    otel_instrument *m = OTEL__LOAD_ACQ(slot);
    if (m && m->epoch == OTEL__LOAD(&otel__g.epoch) && m->iname == name) return m;
    m = otel__instrument_create(kind, is_double, name, unit, desc, b, nb);
    OTEL__STORE_REL(slot, m);
    return m;
}
static otel_instrument *otel__i_tokens, *otel__i_opdur, *otel__i_agentdur, *otel__i_agentn, *otel__i_http;
/* the GenAI metrics' provider, model and operation attributes (those given) after a[0..n) */
static size_t otel__genai_attrs(otel_attr *a, size_t n, const char *provider, const char *model, const char *operation) {
    if (provider) a[n++] = otel_attr_str("gen_ai.provider.name", provider);
    if (model) a[n++] = otel_attr_str("gen_ai.request.model", model);
    if (operation) a[n++] = otel_attr_str("gen_ai.operation.name", operation);
    return n;
}

void otel_genai_record_tokens(const char *provider, const char *model, const char *operation,
                              int64_t input_tokens, int64_t output_tokens) {
    otel_instrument *m = otel__builtin(&otel__i_tokens, OTEL_INSTRUMENT_HISTOGRAM, 0, "gen_ai.client.token.usage", "{token}",
                                       "Number of input and output tokens used", otel__token_bounds, 14);
    otel_attr a[4];
    a[0] = otel_attr_str("gen_ai.token.type", "input");
    size_t n = otel__genai_attrs(a, 1, provider, model, operation);
    if (input_tokens >= 0) otel_histogram_record_int(m, input_tokens, a, n);
    a[0] = otel_attr_str("gen_ai.token.type", "output");
    if (output_tokens >= 0) otel_histogram_record_int(m, output_tokens, a, n);
}
void otel_genai_record_duration(const char *provider, const char *model, const char *operation,
                                double seconds, const char *error_type) {
    otel_instrument *m = otel__builtin(&otel__i_opdur, OTEL_INSTRUMENT_HISTOGRAM, 1, "gen_ai.client.operation.duration", "s",
                                       "GenAI operation duration", otel__duration_bounds, 14);
    otel_attr a[4];
    size_t n = otel__genai_attrs(a, 0, provider, model, operation);
    if (error_type) a[n++] = otel_attr_str("error.type", error_type);
    otel_histogram_record(m, seconds, a, n);
}
void otel_agent_record(const char *agent, const char *stage, const char *outcome, double seconds) {
    otel_instrument *d = otel__builtin(&otel__i_agentdur, OTEL_INSTRUMENT_HISTOGRAM, 1, "agent.execution.duration", "s",
                                       "Duration of an agent's execution", otel__duration_bounds, 14);
    otel_instrument *c = otel__builtin(&otel__i_agentn, OTEL_INSTRUMENT_COUNTER, 0, "agent.executions", "{execution}",
                                       "Agent executions by outcome", NULL, 0);
    otel_attr a[3];
    size_t n = 0;
    if (agent) a[n++] = otel_attr_str("gen_ai.agent.name", agent);
    if (stage) a[n++] = otel_attr_str("pipeline.stage", stage);
    a[n++] = otel_attr_str("outcome", outcome ? outcome : "unknown");
    otel_histogram_record(d, seconds, a, n);
    otel_counter_add(c, 1, a, n);
}
void otel_api_call_record(const char *server, const char *method, int status_code, double seconds, const char *error_type) {
    otel_instrument *m = otel__builtin(&otel__i_http, OTEL_INSTRUMENT_HISTOGRAM, 1, "http.client.request.duration", "s",
                                       "Duration of HTTP client requests", otel__http_bounds, 14);
    otel_attr a[4];
    size_t n = 0;
    if (server) a[n++] = otel_attr_str("server.address", server);
    a[n++] = otel_attr_str("http.request.method", method ? method : "POST");
    if (status_code) a[n++] = otel_attr_int("http.response.status_code", status_code);
    if (error_type) a[n++] = otel_attr_str("error.type", error_type);
    else if (status_code >= 400) {
        static const char *const codes[] = {"400", "401", "402", "403", "404", "405", "406", "407", "408", "409", "410",
                                            "411", "412", "413", "414", "415", "416", "417", "418", "419", "420", "421",
                                            "422", "423", "424", "425", "426", "427", "428", "429"};
        a[n++] = otel_attr_str("error.type", status_code < 430 ? codes[status_code - 400] : status_code < 500 ? "4xx" : "5xx");
    }
    otel_histogram_record(m, seconds, a, n);
}

/* codex's instruments (created on first use) under the meter "codex", as
   codex-otel's: delta temporality, as codex-otel asks of its exporter,
   whatever the SDK's preference. */
static otel_instrument *otel__i_codex[7];
static otel_instrument *otel__codex_inst(int i) {
    static const char *const names[7] = {"codex.api_request", "codex.sse_event", "codex.tool.call",
                                         "codex.api_request.duration_ms", "codex.sse_event.duration_ms",
                                         "codex.tool.call.duration_ms", "codex.turn.ttft.duration_ms"};
    static const char *const desc[7] = {"API requests", "SSE events", "Tool calls", "API request duration",
                                        "SSE event duration", "Tool call duration", "Time to the turn's first token"};
    otel_instrument *m = OTEL__LOAD_ACQ(&otel__i_codex[i]);
    if (m && m->epoch == OTEL__LOAD(&otel__g.epoch) && m->name == names[i]) return m;
    m = otel__instrument_create_in(otel__scope_get("meter", 0, "codex", NULL, NULL, NULL, 0), i < 3 ? OTEL_INSTRUMENT_COUNTER : OTEL_INSTRUMENT_HISTOGRAM,
                                   i >= 3, names[i], i < 3 ? "" : "ms", desc[i], NULL, 0, NULL, 0);
    OTEL__STORE_REL(&otel__i_codex[i], m);
    if (m) OTEL__STORE(&m->temporality, (uint8_t)OTEL_TEMPORALITY_DELTA);
    return m;
}
/* a counter point and a duration (ms) for one operation: the operation's
   attribute, success, and the session's auth_mode, originator, model and
   app.version where known */
static void otel__codex_record(const otel_session *s, int which, double ms, const char *key, const char *value, int success) {
    static const char *const common[4] = {"auth_mode", "originator", "model", "app.version"};
    otel_attr a[6];
    size_t n = 0;
    for (size_t i = 0; s && i < s->attr_count; i++)
        for (int j = 0; j < 4; j++)
            if (s->attrs[i].type == OTEL_TYPE_STRING && strcmp(s->attrs[i].key, common[j]) == 0) a[n++] = s->attrs[i];
    if (which == OTEL__CODEX_TTFT) {
        otel_histogram_record(otel__codex_inst(6), ms, a, n);
        return;
    }
    a[n++] = otel_attr_str(key, value);
    a[n++] = otel_attr_str("success", success ? "true" : "false");
    otel_counter_add(otel__codex_inst(which), 1, a, n);
    otel_histogram_record(otel__codex_inst(which + 3), ms, a, n);
}

#endif /* OTEL_NO_METRICS */
/* ======================================================================== */
/* processes and pipelines: traced command execution, stage and agent spans  */
/* ======================================================================== */
#ifndef OTEL_NO_EXEC
/* A command runs inside a span named after its executable (the semantic
   conventions' CLI span); the child's environment gets TRACEPARENT and
   TRACESTATE, so an instrumented child continues the trace. */
static const char *otel__base_name(const char *path) {
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}
static const char *otel__signal_name(int sig) {
    switch (sig) {
    case SIGHUP: return "SIGHUP"; case SIGINT: return "SIGINT"; case SIGQUIT: return "SIGQUIT";
    case SIGILL: return "SIGILL"; case SIGABRT: return "SIGABRT"; case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL"; case SIGSEGV: return "SIGSEGV"; case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM"; case SIGTERM: return "SIGTERM"; case SIGBUS: return "SIGBUS";
    default: return "signal";
    }
}
#ifndef OTEL_NO_METRICS
static otel_instrument *otel__i_execdur, *otel__i_execn;
#endif
static void otel__exec_metrics(const otel_exec *x, const char *outcome, double seconds) {
#ifndef OTEL_NO_METRICS
    otel_instrument *d = otel__builtin(&otel__i_execdur, OTEL_INSTRUMENT_HISTOGRAM, 1, "process.execution.duration", "s",
                                       "Duration of commands run through otel_exec", otel__duration_bounds, 14);
    otel_instrument *c = otel__builtin(&otel__i_execn, OTEL_INSTRUMENT_COUNTER, 0, "process.executions", "{execution}",
                                       "Commands run through otel_exec, by outcome", NULL, 0);
    otel_attr a[2] = {OTEL_ATTR_STR("process.executable.name", x->name), OTEL_ATTR_STR("outcome", outcome)};
    otel_histogram_record(d, seconds, a, 2);
    otel_counter_add(c, 1, a, 2);
#else
    (void)x; (void)outcome; (void)seconds;
#endif
}

otel_span *otel_exec_begin(otel_exec *x, const char *const argv[], const otel_exec_options *opt) {
    extern char **environ;
    memset(x, 0, offsetof(otel_exec, envp));
    x->name = argv && argv[0] ? otel__base_name(argv[0]) : "exec";
    x->record_args = opt ? opt->record_args : 0;
    x->exit_mode = opt ? opt->exit_mode : OTEL_EXEC_ERROR_ON_NONZERO;
    x->timer = otel_timer_start();
    x->span = otel_span_begin(opt && opt->span_name ? opt->span_name : x->name, OTEL_SPAN_KIND_INTERNAL);
    if (argv && argv[0]) {
        otel_span_set_str(x->span, "process.executable.name", x->name);
        otel_span_set_str(x->span, "process.command", argv[0]);
        size_t n = 0;
        while (argv[n]) n++;
        otel_span_set_int(x->span, "process.args_count", (int64_t)n);
        if (x->record_args) otel_span_set_str_array(x->span, "process.command_args", argv, n);   /* values pass the secret scan */
    }
    /* the child's environment: this process's, with the span's context */
    otel_span_context ctx = x->span ? otel_span_get_context(x->span) : otel_current_context();
    char *const *envp = opt && opt->envp ? opt->envp : environ;
    if (otel_context_inject_env(&ctx, envp, x->envp, OTEL_EXEC_MAX_ENV, x->env_buf, sizeof x->env_buf) < 0) {
        OTEL__WARN("exec '%.64s': environment too large to add TRACEPARENT; the child starts a new trace", x->name);
        size_t i = 0;
        for (; envp && envp[i] && i + 1 < OTEL_EXEC_MAX_ENV; i++) x->envp[i] = envp[i];
        x->envp[i] = NULL;
    }
    return x->span;
}
void otel_exec_started(otel_exec *x, int pid) { otel_span_set_int(x->span, "process.pid", pid); }
void otel_exec_failed(otel_exec *x, int err) {
    otel_span_record_error(x->span, "spawn_error", strerror(err));
    otel_span_set_str(x->span, "error.type", "spawn_error");
    otel__exec_metrics(x, "spawn_error", otel_timer_seconds(&x->timer));
    otel_span_end(x->span);
    x->span = NULL;
}
void otel_exec_end(otel_exec *x, int st, otel_exec_result *out) {
    int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + sig;
    double secs = otel_timer_seconds(&x->timer);
    otel_span_set_int(x->span, "process.exit.code", code);
    const char *outcome = "success";
    if (sig) {
        const char *name = otel__signal_name(sig);
        otel_span_set_str(x->span, "process.exit.signal", name);
        otel_span_set_str(x->span, "error.type", name);
        otel_span_record_error(x->span, name, "the command was killed by a signal");
        outcome = "signal";
    } else if (code != 0) {
        outcome = "failure";
        if (x->exit_mode == OTEL_EXEC_ERROR_ON_NONZERO) {
            char msg[48];
            snprintf(msg, sizeof msg, "exited with status %d", code);
            otel_span_set_str(x->span, "error.type", "nonzero_exit");
            otel_span_record_error(x->span, "nonzero_exit", msg);
        }
    }
    otel__exec_metrics(x, outcome, secs);
    otel_span_end(x->span);
    x->span = NULL;
    if (out) { out->exit_code = code; out->signal = sig; out->seconds = secs; }
}

int otel_exec_run(const char *const argv[], const otel_exec_options *opt, otel_exec_result *out) {
    static otel__ratelimit rl;
    otel_exec_result r;
    memset(&r, 0, sizeof r);
    r.exit_code = -1;
    if (!argv || !argv[0]) {
        otel__warn(&rl, "otel_exec_run: no command (argv or argv[0] is NULL)");
        if (out) *out = r;
        return OTEL_ERR_INVALID;
    }
    otel_exec x0, *x = &x0;
    otel_exec_begin(x, argv, opt);
    const posix_spawn_file_actions_t *fa = opt ? (const posix_spawn_file_actions_t *)opt->file_actions : NULL;
    pid_t pid = 0;
    int rc = opt && opt->search_path ? posix_spawnp(&pid, argv[0], fa, NULL, (char *const *)argv, x->envp)
                                     : posix_spawn(&pid, argv[0], fa, NULL, (char *const *)argv, x->envp);
    if (rc != 0) {
        otel__warn(&rl, "exec '%.64s' could not start: %s", x->name, strerror(rc));
        r.spawn_error = rc;
        r.seconds = otel_timer_seconds(&x->timer);
        otel_exec_failed(x, rc);
        if (out) *out = r;
        return OTEL_ERR_IO;
    }
    r.pid = pid;
    otel_exec_started(x, pid);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    otel_exec_end(x, st, &r);
    if (out) *out = r;
    return OTEL_OK;
}
#endif /* OTEL_NO_EXEC */

otel_span *otel_stage_begin(const char *stage) {
    otel_span *s = otel_span_begin(stage, OTEL_SPAN_KIND_INTERNAL);
    otel_span_set_str(s, "pipeline.stage", stage);
    return s;
}
otel_span *otel_agent_begin(const char *agent, const char *provider, const char *model, const otel_span_context *parent) {
    otel_span *s = parent ? otel_span_begin_with_parent("invoke_agent", OTEL_SPAN_KIND_INTERNAL, parent)
                          : otel_span_begin("invoke_agent", OTEL_SPAN_KIND_INTERNAL);
    if (!otel_span_is_recording(s)) return s;
    if (agent) {
        char name[128];
        size_t n = strlen(agent);
        if (n > sizeof name - 14) n = sizeof name - 14;
        memcpy(name, "invoke_agent ", 13);
        memcpy(name + 13, agent, n);
        name[13 + n] = 0;
        otel_span_set_name(s, name);
        otel_span_set_str(s, "gen_ai.agent.name", agent);
    }
    otel_span_set_str(s, "gen_ai.operation.name", "invoke_agent");
    if (provider) otel_span_set_str(s, "gen_ai.provider.name", provider);
    if (model) otel_span_set_str(s, "gen_ai.request.model", model);
    return s;
}
void otel_agent_tokens(otel_span *s, const char *provider, const char *model, int64_t in, int64_t out) {
    otel_span_set_int(s, "gen_ai.usage.input_tokens", in);
    otel_span_set_int(s, "gen_ai.usage.output_tokens", out);
#ifndef OTEL_NO_METRICS
    otel_genai_record_tokens(provider, model, "invoke_agent", in, out);
#else
    (void)provider; (void)model;
#endif
}
static otel_span *otel__span_or_current(otel_span *s) { return s ? s : otel_current_span(); }
void otel_event_quality_gate(otel_span *s, const char *gate, int passed, double score, const char *reason) {
    otel_attr a[4];
    size_t n = 0;
    a[n++] = OTEL_ATTR_STR("gate.name", gate ? gate : "");
    a[n++] = OTEL_ATTR_BOOL("gate.passed", passed);
    if (score == score) a[n++] = OTEL_ATTR_DOUBLE("gate.score", score);
    if (reason) a[n++] = OTEL_ATTR_STR("gate.reason", reason);
    otel_span_add_event(otel__span_or_current(s), "quality_gate", a, n);
}
void otel_event_consensus(otel_span *s, int responses, int conflicts, const char *resolution) {
    otel_attr a[3] = {OTEL_ATTR_INT("consensus.responses", responses), OTEL_ATTR_INT("consensus.conflicts", conflicts),
                      OTEL_ATTR_STR("consensus.resolution", resolution ? resolution : "")};
    otel_span_add_event(otel__span_or_current(s), "consensus", a, 3);
}
void otel_event_model_selection(otel_span *s, const char *provider, const char *model, const char *reason) {
    otel_attr a[3];
    size_t n = 0;
    if (provider) a[n++] = OTEL_ATTR_STR("gen_ai.provider.name", provider);
    if (model) a[n++] = OTEL_ATTR_STR("gen_ai.request.model", model);
    if (reason) a[n++] = OTEL_ATTR_STR("selection.reason", reason);
    otel_span_add_event(otel__span_or_current(s), "model_selection", a, n);
}

#ifdef __cplusplus
}
#endif
#endif /* OTEL_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
MIT License

Copyright (c) 2026 The otel.h authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
*/
