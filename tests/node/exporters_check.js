'use strict';
// Several exporters at once, against the receiver (tests/node/receiver.js,
// decoding with the OpenTelemetry project's protobuf definitions):
// tests/emit_spans.c procs N runs the processors OTEL_TRACES_EXPORTER names
// beside the in-memory exporter.
//  - otlp,console: the receiver, the console output and the in-memory
//    exporter each see every span;
//  - otlp to a port where nothing listens, console: the console and the
//    in-memory exporter still see every span, none lost for them;
//  - console traces, OTLP metrics, no log records: each signal on its own.
const { spawnSync } = require('child_process');
const path = require('path');
const harness = require('./harness');
const { check, eq, finish, startReceiver, received, stop } = harness;

const ROOT = path.resolve(__dirname, '..', '..');
const EMIT = path.join(ROOT, 'build', 'gcc', 'emit_spans');
const N = 300;

function run(env) {
  const r = spawnSync(EMIT, ['procs', String(N)], {
    env: Object.assign({}, process.env, { OTEL_BSP_SCHEDULE_DELAY: '50', EMIT_FLUSH_MS: '3000' }, env),
    encoding: 'utf8', timeout: 60000 });
  const line = (r.stdout || '').split('\n').find((l) => l.startsWith('RESULT '));
  let res = null;
  try { res = JSON.parse(line.slice(7)); } catch (e) { /* checked below */ }
  // the console printer's span lines: "  procs span  0.012 ms  [<span id>] i=7"
  const consoleIds = [...(r.stdout || '').matchAll(/procs span .*\[([0-9a-f]{16})\]/g)].map((m) => m[1]);
  return { r, res, consoleIds, logLines: ((r.stdout || '').match(/procs log line/g) || []).length };
}
const sorted = (a) => [...a].sort();
function spansOf(reqs) {
  const ids = [];
  for (const q of reqs) if (q.path === '/v1/traces' && q.decoded)
    for (const rs of q.decoded.resourceSpans || []) for (const ss of rs.scopeSpans || []) for (const s of ss.spans || []) ids.push(s.spanId);
  return ids;
}

(async () => {
  const rcv = await startReceiver();
  try {
    // 1. otlp and console: both, and the in-memory exporter
    {
      const L = 'otlp,console';
      const x = run({ OTEL_TRACES_EXPORTER: 'otlp,console', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none',
                      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${rcv.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
      check(`${L}: ran`, x.r.status === 0 && x.res, [x.r.status, x.r.stderr]);
      const made = x.res ? x.res.made : [];
      eq(`${L}: ${N} spans made`, made.length, N);
      const reqs = await received(rcv);
      check(`${L}: every request decoded`, reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
      eq(`${L}: the receiver got every span, once`, sorted(spansOf(reqs)), sorted(made));
      eq(`${L}: the console printed every span, once`, sorted(x.consoleIds), sorted(made));
      eq(`${L}: the in-memory exporter kept every span`, sorted(x.res ? x.res.memory : []), sorted(made));
      eq(`${L}: flush ok`, x.res && x.res.flush, 0);
      check(`${L}: no log or metrics request (none)`, reqs.every((q) => q.path === '/v1/traces'), reqs.map((q) => q.path));
    }
    // 2. the OTLP destination down: the others lose nothing
    {
      const L = 'otlp down,console';
      const dead = await startReceiver();
      const port = dead.port;
      stop(dead);
      await new Promise((r) => setTimeout(r, 200));
      const x = run({ OTEL_TRACES_EXPORTER: 'otlp,console', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none',
                      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, EMIT_FLUSH_MS: '1500' });
      check(`${L}: ran`, x.r.status === 0 && x.res, [x.r.status, x.r.stderr]);
      const made = x.res ? x.res.made : [];
      eq(`${L}: the console printed every span`, sorted(x.consoleIds), sorted(made));
      eq(`${L}: the in-memory exporter kept every span`, sorted(x.res ? x.res.memory : []), sorted(made));
      eq(`${L}: nothing exported`, x.res && x.res.stats.exported, 0);
      check(`${L}: the exporter said it cannot connect`, /cannot connect/.test(x.r.stderr), x.r.stderr);
      eq(`${L}: no span dropped for want of arena`, x.res && x.res.stats.arenaDropped, 0);
    }
    // 3. console traces, OTLP metrics, no log records
    {
      const L = 'console traces, otlp metrics, no logs';
      await harness.control(rcv, 'POST', '/_reset');
      const x = run({ OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'none',
                      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${rcv.port}` });
      check(`${L}: ran`, x.r.status === 0 && x.res, [x.r.status, x.r.stderr]);
      const made = x.res ? x.res.made : [];
      eq(`${L}: the console printed every span`, sorted(x.consoleIds), sorted(made));
      eq(`${L}: no log record printed`, x.logLines, 0);
      const reqs = await received(rcv);
      eq(`${L}: no traces or logs request`, reqs.filter((q) => q.path !== '/v1/metrics').map((q) => q.path), []);
      const names = [];
      for (const q of reqs) if (q.path === '/v1/metrics' && q.decoded)
        for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) for (const m of sm.metrics || []) names.push(m.name);
      check(`${L}: the counter reached the receiver`, names.includes('procs.count'), names);
    }
  } catch (e) {
    harness.fail('exception', String(e && e.stack));
  } finally {
    stop(rcv);
  }
  finish('exporters');
})();
