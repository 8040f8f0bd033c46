'use strict';
// Tail sampling and span-derived metrics end to end (docs/tail-sampling.md):
// the pipeline example run 20 times (a trace each, the tester failing in
// runs 0 and 10) with OTEL_TRACES_SAMPLER=tail at a 1% baseline and
// OTEL_H_SPAN_METRICS=true, exporting OTLP/HTTP to the receiver, which
// decodes with the OpenTelemetry protobuf definitions. Checked: every
// failing run's trace arrives whole from the pipeline process, marked
// ot=th:0; any other trace only when its id passes the 1% threshold, marked
// with that threshold; the tool child process (its own tail decision, same
// policy) keeps its part exactly when the baseline does; the span metrics
// count all 20 runs and both failures.
const { spawnSync } = require('child_process');
const path = require('path');
const harness = require('./harness');
const { check, eq, fail, finish, startReceiver, received, stop, attrMap: attrs } = harness;

const ROOT = path.resolve(__dirname, '..', '..');
const B = path.join(ROOT, 'build', 'examples');
const RUNS = 20;

// the rejection threshold for a 1% ratio, 2^56 - round(2^56 / 100) (the Collector's
// pkg/sampling ProbabilityToThreshold), in exact integer arithmetic, not otel.h's doubles
const T = 2n ** 56n - (2n ** 56n + 50n) / 100n;
const thHex = (t) => t.toString(16).padStart(14, '0').replace(/0+$/, '') || '0';
check('the 1% threshold is the reference value', thHex(T) === 'fd70a3d70a3d71', thHex(T));
const randomness = (traceIdHex) => BigInt('0x' + traceIdHex.slice(18));   // the low 56 bits
const hex = (b64) => Buffer.from(b64, 'base64').toString('hex');

async function pipeline(runs, ratio) {
  const r = await startReceiver();
  const run = spawnSync(path.join(B, 'pipeline'), ['--tool', path.join(B, 'agent_tool'), '--work-ms', '1', '--runs', String(runs)], {
    env: Object.assign({}, process.env, {
      OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`,
      OTEL_TRACES_SAMPLER: 'tail', OTEL_TRACES_SAMPLER_ARG: String(ratio), OTEL_H_SPAN_METRICS: 'true' }),
    encoding: 'utf8', timeout: 120000 });
  check(`pipeline ran ${runs} times`, run.status === 0 && new RegExp(`pipeline done: ${runs} runs`).test(run.stdout), [run.status, run.stdout.slice(-300), run.stderr]);
  const reqs = await received(r);
  stop(r);
  check('every request decoded without errors', reqs.length > 0 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  const spans = [];
  for (const q of reqs) if (q.path === '/v1/traces' && q.decoded)
    for (const rs of q.decoded.resourceSpans || []) {
      const res = attrs(rs.resource.attributes);
      for (const ss of rs.scopeSpans || []) for (const s of ss.spans || [])
        spans.push(Object.assign(s, { res, a: attrs(s.attributes), tid: /^[0-9a-f]{32}$/.test(s.traceId) ? s.traceId : hex(s.traceId) }));
    }
  return { run, reqs, spans };
}

(async () => {
  try {
    // a baseline of 100%: every trace kept in both processes, the tool's part under its exec span
    {
      const { spans } = await pipeline(3, 1);
      const execs = spans.filter((s) => s.name === 'agent_tool'), tools = spans.filter((s) => s.name === 'tool search');
      eq('baseline 1: 3 traces, each with its exec span and the tool process\'s span', [new Set(spans.map((s) => s.tid)).size, execs.length, tools.length], [3, 3, 3]);
      check('baseline 1: the tool span is the exec span\'s child, across the process boundary',
            tools.every((t) => execs.some((e) => e.spanId === t.parentSpanId && e.tid === t.tid)));
      check('baseline 1: every span says ot=th:0', spans.every((s) => s.traceState === 'ot=th:0'));
    }

    const { run, reqs, spans } = await pipeline(RUNS, 0.01);
    check('two of the runs failed', /pipeline done: 20 runs, .* 2 failed/.test(run.stdout), run.stdout.slice(-200));
    const parent = spans.filter((s) => s.res['service.name'] === 'agent-pipeline');
    const child = spans.filter((s) => s.res['service.name'] === 'agent-tool');
    const byTrace = (list) => list.reduce((m, s) => m.set(s.tid, (m.get(s.tid) || []).concat([s])), new Map());
    const P = byTrace(parent), C = byTrace(child);

    // the failing runs: whole, th:0
    const failing = [...P.entries()].filter(([, ss]) => ss.some((s) => s.status && s.status.code === 2));
    eq('both failing runs kept', failing.length, 2);
    for (const [tid, ss] of failing) {
      const n = (f) => ss.filter(f).length;
      eq(`failing trace ${tid}: whole (root, 3 stages, 9 agents, 17 model calls, the exec span, 3 session API requests)`,
         [n((s) => s.name === 'pipeline run' && !s.parentSpanId), n((s) => ['plan', 'build', 'review'].includes(s.name)),
          n((s) => s.a['gen_ai.operation.name'] === 'invoke_agent'), n((s) => s.name === 'chat'), n((s) => s.name === 'agent_tool'),
          n((s) => s.name === 'api_request'), ss.length],
         [1, 3, 9, 17, 1, 3, 34]);
      const ids = new Set(ss.map((s) => s.spanId));
      check(`failing trace ${tid}: every parent is in it`, ss.every((s) => !s.parentSpanId || ids.has(s.parentSpanId)));
      check(`failing trace ${tid}: every span says ot=th:0 (adjusted count 1)`, ss.every((s) => s.traceState === 'ot=th:0'), ss.map((s) => s.traceState));
    }
    // the others: only by the baseline, which is a function of the trace id
    const others = [...P.entries()].filter(([, ss]) => !ss.some((s) => s.status && s.status.code === 2));
    for (const [tid, ss] of others) {
      check(`baseline trace ${tid}: its id passes the 1% threshold`, randomness(tid) >= T, [tid, T.toString(16)]);
      // whole: root, 3 stages, 9 agents, 18 model calls (none failed), the exec span, 3 session API requests
      check(`baseline trace ${tid}: whole and marked with the threshold`, ss.length === 35 && ss.every((s) => s.traceState === `ot=th:${thHex(T)}`),
            [ss.length, ss[0].traceState]);
    }
    check('no more traces than failures and what 1% can explain', P.size <= 2 + 3, P.size);
    // the child process decides its part alone: with no error of its own, only the baseline keeps it
    for (const [tid, ss] of C)
      check(`tool part of ${tid}: kept only by the baseline, which the parent agrees with`, randomness(tid) >= T && P.has(tid) && ss.length === 3,
            [tid, ss.length]);
    for (const [tid] of others) check(`baseline trace ${tid}: the tool's part came too (same decision in both processes)`, C.has(tid));
    for (const [tid] of failing)
      check(`failing trace ${tid}: the tool's part only if the baseline kept it (the failure came after the tool exited)`,
            C.has(tid) === (randomness(tid) >= T));

    // span metrics: every run counted, kept or not (the last cumulative point of each series)
    const last = new Map();
    for (const q of reqs) if (q.path === '/v1/metrics' && q.decoded)
      for (const rm of q.decoded.resourceMetrics || []) {
        const res = attrs(rm.resource.attributes);
        for (const sm of rm.scopeMetrics || []) for (const m of sm.metrics || []) {
          if (!m.name.startsWith('traces.span.metrics.')) continue;
          const pts = (m.sum || m.histogram || {}).dataPoints || [];
          for (const p of pts) {
            const a = attrs(p.attributes);
            const key = JSON.stringify([m.name, res['process.pid'], a]);
            const v = m.sum ? Number(p.asInt) : Number(p.count);
            const prev = last.get(key);
            if (!prev || BigInt(p.timeUnixNano) >= BigInt(prev.t)) last.set(key, { t: p.timeUnixNano, v, a, name: m.name, m });
          }
        }
      }
    const total = (name, f) => [...last.values()].filter((x) => x.name === name && f(x.a)).reduce((s, x) => s + x.v, 0);
    eq('calls: pipeline run counted 20 times', total('traces.span.metrics.calls', (a) => a['span.name'] === 'pipeline run'), RUNS);
    eq('calls: 180 agents', total('traces.span.metrics.calls', (a) => /^invoke_agent /.test(a['span.name'])), 9 * RUNS);
    eq('calls: 2 errors, both the tester', [total('traces.span.metrics.calls', (a) => a['status.code'] === 'STATUS_CODE_ERROR'),
      total('traces.span.metrics.calls', (a) => a['status.code'] === 'STATUS_CODE_ERROR' && a['span.name'] === 'invoke_agent tester')], [2, 2]);
    eq('calls: the tool ran 20 times (its processes count too)', total('traces.span.metrics.calls', (a) => a['span.name'] === 'tool search'), RUNS);
    eq('duration: 20 pipeline runs in the histogram', total('traces.span.metrics.duration', (a) => a['span.name'] === 'pipeline run'), RUNS);
    const anyCalls = [...last.values()].find((x) => x.name === 'traces.span.metrics.calls');
    check('calls is a monotonic sum without a unit, with the connector\'s attributes', anyCalls && anyCalls.m.sum.isMonotonic && !anyCalls.m.unit &&
          ['service.name', 'span.name', 'span.kind', 'status.code'].every((k) => k in anyCalls.a) && /^SPAN_KIND_/.test(anyCalls.a['span.kind']),
          anyCalls && anyCalls.a);
    const dur = [...last.values()].find((x) => x.name === 'traces.span.metrics.duration');
    check('duration is a histogram in ms', dur && dur.m.unit === 'ms' && dur.m.histogram, dur && dur.m.unit);
  } catch (e) {
    fail('exception', e.stack);
  }
  finish('tail');
})();
