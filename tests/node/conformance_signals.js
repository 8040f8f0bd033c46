'use strict';
// End-to-end tests of metrics and log records: tests/emit_signals.c exports
// to tests/node/receiver.js, which decodes with the OpenTelemetry project's
// protobufjs definitions and walks the raw bytes against the official field
// table. Checks sums (monotonic or not), temporality, histogram buckets,
// count, sum, min, max, start times, gauges, attribute sets, overflow-free
// redaction, and log records with event names, severities, bodies,
// session attributes and the ids of the span active when they were made.
const { spawnSync } = require('child_process');
const path = require('path');
const { check, eq, fail, finish, startReceiver, control, received, stop, attrMap, rawText } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const EMIT = path.join(ROOT, 'build', 'gcc', 'emit_signals');
function emit(args, env) {
  const res = spawnSync(EMIT, args, { env: Object.assign({}, process.env, env), encoding: 'utf8', timeout: 30000 });
  const line = (res.stdout || '').trim().split('\n').pop();
  try { return JSON.parse(line); } catch (e) { return null; }
}
const attr = (list, key) => { const a = (list || []).find((x) => x.key === key); return a ? a.value : undefined; };
function metricsOf(q) {
  const out = {};
  for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) for (const m of sm.metrics || []) out[m.name] = m;
  return out;
}
function logsOf(reqs) {
  const out = [];
  for (const q of reqs) if (q.path === '/v1/logs' && q.decoded)
    for (const rl of q.decoded.resourceLogs || []) for (const sl of rl.scopeLogs || []) for (const l of sl.logRecords || []) out.push(l);
  return out;
}
const pointWith = (m, pred) => (m && (m.sum || m.gauge || m.histogram).dataPoints || []).find((p) => pred(attrMap(p.attributes)));

async function allCheck(protocol) {
  const r = await startReceiver();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
                OTEL_SERVICE_NAME: 'signals', OTEL_BLRP_SCHEDULE_DELAY: '20' };
  const out = emit(['all'], env);
  const reqs = await received(r);
  stop(r);
  const P = `${protocol}:`;
  check(`${P} emitter ran and flushed`, out && out.flush === 0, out);
  if (!out) return;
  check(`${P} every request decoded without errors`, reqs.length > 0 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  const mreqs = reqs.filter((q) => q.path === '/v1/metrics');
  check(`${P} metrics at the flush and at shutdown`, mreqs.length === 2, mreqs.length);
  if (!mreqs.length) return;
  const ct = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
  check(`${P} content type on every signal`, reqs.every((q) => q.contentType === ct));
  const rm = mreqs[0].decoded.resourceMetrics[0];
  eq(`${P} metrics resource service.name`, attr(rm.resource.attributes, 'service.name'), { stringValue: 'signals' });
  eq(`${P} metrics scope`, [rm.scopeMetrics[0].scope.name, rm.scopeMetrics[0].scope.version], ['otel.h', '0.1.0']);
  const M = metricsOf(mreqs[mreqs.length - 1]), M0 = metricsOf(mreqs[0]);

  const req = M['http.server.requests'];
  check(`${P} counter present`, !!(req && req.sum), Object.keys(M));
  if (req && req.sum) {
    eq(`${P} counter: monotonic cumulative sum`, [req.sum.isMonotonic, req.sum.aggregationTemporality, req.unit, req.description],
       [true, 2, '{request}', 'Requests served']);
    eq(`${P} counter: attributes in any order make one series`,
       pointWith(req, (a) => a['http.route'] === '/users' && a['http.response.status_code'] === '200').asInt, '10');
    eq(`${P} counter: negative increments ignored`, pointWith(req, (a) => a['http.route'] === '/orders').asInt, '3');
    eq(`${P} counter: secret attribute value redacted`, pointWith(req, (a) => 'api_key' in a) &&
       attrMap(pointWith(req, (a) => 'api_key' in a).attributes), { api_key: '[REDACTED]' });
    eq(`${P} counter: three series`, req.sum.dataPoints.length, 3);
  }
  const bytes = M['net.bytes'];
  eq(`${P} double counter`, bytes && [bytes.sum.dataPoints[0].asDouble, bytes.sum.isMonotonic], [3.75, true]);
  const act = M['jobs.active'];
  eq(`${P} up-down counter: not monotonic, cumulative`, act && [act.sum.dataPoints[0].asInt, act.sum.isMonotonic, act.sum.aggregationTemporality],
     ['3', false, 2]);
  const lat = M['op.latency'];
  if (lat && lat.histogram) {
    const p = lat.histogram.dataPoints[0];
    eq(`${P} histogram: cumulative`, lat.histogram.aggregationTemporality, 2);
    eq(`${P} histogram: default boundaries`, p.explicitBounds, [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]);
    eq(`${P} histogram: bucket counts`, p.bucketCounts, ['1', '1', '2', '0', '1', '0', '0', '1', '0', '0', '0', '0', '0', '0', '0', '1']);
    eq(`${P} histogram: buckets add up to the count`, p.bucketCounts.reduce((s, x) => s + Number(x), 0), Number(p.count));
    eq(`${P} histogram: count, sum, min, max`, [p.count, p.sum, p.min, p.max], ['7', 100166, 0, 99999]);
    eq(`${P} histogram: attributes`, attrMap(p.attributes), { op: 'read' });
  } else check(`${P} histogram present`, false, Object.keys(M));
  const qd = M['queue.depth'];
  eq(`${P} int histogram with explicit boundaries`, qd && (({ explicitBounds, bucketCounts, count, sum, min, max }) =>
     ({ explicitBounds, bucketCounts, count, sum, min, max }))(qd.histogram.dataPoints[0]),
     { explicitBounds: [1, 2, 4], bucketCounts: ['2', '1', '2', '1'], count: '6', sum: 15, min: 0, max: 5 });
  const g = M['cpu.temperature'];
  eq(`${P} gauge: last value, no temporality`, g && g.gauge && [g.gauge.dataPoints[0].asDouble, g.gauge.aggregationTemporality], [42.25, undefined]);
  check(`${P} invalid instrument name refused`, out.badInstrument === false && !Object.keys(M).some((n) => /^9/.test(n)));
  const tok = M['gen_ai.client.token.usage'];
  if (tok && tok.histogram) {
    eq(`${P} gen_ai.client.token.usage unit and advice`, [tok.unit, tok.histogram.dataPoints[0].explicitBounds],
       ['{token}', [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864]]);
    const inp = pointWith(tok, (a) => a['gen_ai.token.type'] === 'input'), outp = pointWith(tok, (a) => a['gen_ai.token.type'] === 'output');
    eq(`${P} token usage by type`, [inp && inp.sum, outp && outp.sum], [120, 48]);
    eq(`${P} token usage attributes`, inp && attrMap(inp.attributes),
       { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.token.type': 'input' });
  } else check(`${P} token usage present`, false, Object.keys(M));
  const dur = M['gen_ai.client.operation.duration'];
  check(`${P} operation duration in seconds, error.type on the failure`, dur && dur.unit === 's' &&
        pointWith(dur, (a) => a['error.type'] === 'timeout') && pointWith(dur, (a) => !('error.type' in a)), dur);
  const agent = M['agent.executions'], adur = M['agent.execution.duration'];
  eq(`${P} agent outcome counter`, agent && ['success', 'failure'].map((o) => (pointWith(agent, (a) => a.outcome === o) || {}).asInt), ['1', '1']);
  eq(`${P} agent duration`, adur && (pointWith(adur, (a) => a['gen_ai.agent.name'] === 'coder') || {}).sum, 3.5);
  // cumulative: the same start across collections, and time after start
  const s0 = pointWith(M0['http.server.requests'], (a) => a['http.route'] === '/users');
  const s1 = pointWith(req, (a) => a['http.route'] === '/users');
  check(`${P} cumulative start time stays, time moves on`, s0 && s1 && s0.startTimeUnixNano === s1.startTimeUnixNano &&
        BigInt(s1.timeUnixNano) > BigInt(s0.timeUnixNano) && BigInt(s0.timeUnixNano) >= BigInt(s0.startTimeUnixNano), [s0, s1]);

  // ---- log records ----
  const logs = logsOf(reqs);
  eq(`${P} every log record arrived once`, logs.length, 8);
  eq(`${P} log ledger`, [out.stats.logsEmitted, out.stats.logsExported], [8, 8]);
  const ev = (n) => logs.find((l) => l.eventName === n);
  const plain = logs.find((l) => !l.eventName);
  eq(`${P} plain log: severity, text, body, no context`, plain && [plain.severityNumber, plain.severityText, plain.body, plain.traceId || ''],
     [13, 'WARN', { stringValue: 'disk almost full' }, '']);
  const sel = ev('model_selection');
  eq(`${P} event: name, severity, body, attributes`, sel && [sel.severityNumber, sel.body.stringValue, attrMap(sel.attributes)],
     [9, 'picked the fast model', { 'gen_ai.request.model': 'gpt-4o', count: '3' }]);
  eq(`${P} event carries the active span's ids`, sel && [sel.traceId, sel.spanId, sel.flags], [out.span.traceId, out.span.spanId, 3]);   // sampled, random trace id
  const prompts = logs.filter((l) => l.eventName === 'agent.user_prompt' || l.eventName === 'user_prompt');
  const up = prompts.find((l) => l.eventName === 'agent.user_prompt');
  eq(`${P} session attributes stamped, prefix applied`, up && (({ 'session.id': a, 'app.version': b, 'terminal.type': c }) => [a, b, c])(attrMap(up.attributes)),
     ['s-123', '1.2.3', 'xterm']);
  eq(`${P} prompt redacted unless opted in`, up && attrMap(up.attributes).prompt, '[REDACTED]');
  eq(`${P} prompt length kept`, up && attrMap(up.attributes).prompt_length, String('my password is hunter2, use key sk-abcdefghijklmnopqrstuvwx'.length));
  const upOpt = prompts.find((l) => l.eventName === 'user_prompt');
  eq(`${P} opted-in prompt kept`, upOpt && attrMap(upOpt.attributes).prompt, 'summarise the report');
  const apiErr = ev('agent.api_request');
  eq(`${P} api request helper`, apiErr && (({ attempt, 'http.response.status_code': sc, 'error.message': error, endpoint, 'event.name': en }) =>
     [attempt, sc, error, endpoint, en])(attrMap(apiErr.attributes)), ['2', '429', 'rate limited', '/v1/responses', 'agent.api_request']);
  check(`${P} api request duration, whole ms as text`, apiErr && apiErr.attributes.some((a) => a.key === 'duration_ms' && /^\d+$/.test(a.value.stringValue)));
  const tools = logs.filter((l) => /tool_result$/.test(l.eventName));
  const tr = tools.find((l) => l.eventName === 'agent.tool_result'), trOpt = tools.find((l) => l.eventName === 'tool_result');
  eq(`${P} tool result helper`, tr && (({ tool_name: n, call_id: id, success, output: pv, mcp_server: ms }) =>
     [n, id, success, pv, ms])(attrMap(tr.attributes)), ['grep', 'call-7', 'true', '[REDACTED]', '']);
  eq(`${P} opted-in tool output: kept, secrets in it still redacted`, trOpt && attrMap(trOpt.attributes).output,
     'line one, token=Bearer [REDACTED]');
  const ct2 = ev('custom.time');
  eq(`${P} explicit timestamp, observed time set`, ct2 && [ct2.timeUnixNano, BigInt(ct2.observedTimeUnixNano) > 1700000000000000000n, ct2.severityText],
     ['1700000000000000000', true, 'DEBUG']);
  const arr = (k, vs) => ({ arrayValue: { values: vs.map((v) => ({ [k]: v })) } });
  eq(`${P} log record array attributes`, ct2 && ct2.attributes, [{ key: 'ints', value: arr('intValue', ['3', '-4']) },
     { key: 'doubles', value: arr('doubleValue', [0.25]) }, { key: 'bools', value: arr('boolValue', [false, true]) }]);
  const raw = rawText(reqs);
  for (const secret of ['hunter2', 'sk-abcdefghijklmnopqrstuvwx', 'abc.def.ghi', 'xyz123'])
    check(`${P} no secret in the bytes sent: ${secret.slice(0, 6)}...`, raw.length > 0 && !raw.includes(secret));
}

async function phaseCheck(temporality) {
  const r = await startReceiver();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: temporality };
  const out = emit(['phases'], env);
  const reqs = (await received(r)).filter((q) => q.path === '/v1/metrics');
  stop(r);
  const T = `${temporality}:`;
  check(`${T} emitter ran`, out && out.flush === 0, out);
  check(`${T} decoded without errors`, reqs.length >= 2 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  if (reqs.length < 2) return;
  const [a, b] = [metricsOf(reqs[0]), metricsOf(reqs[1])];
  const delta = temporality === 'delta';
  const pt = (m, n) => m[n] && (m[n].sum || m[n].histogram).dataPoints[0];
  eq(`${T} counter temporality`, [a['phase.count'].sum.aggregationTemporality, a['phase.hist'].histogram.aggregationTemporality], delta ? [1, 1] : [2, 2]);
  eq(`${T} up-down counter stays cumulative`, a['phase.updown'].sum.aggregationTemporality, 2);
  eq(`${T} counter values`, [pt(a, 'phase.count').asInt, pt(b, 'phase.count').asInt], delta ? ['5', '7'] : ['5', '12']);
  eq(`${T} up-down values`, [pt(a, 'phase.updown').asInt, pt(b, 'phase.updown').asInt], ['4', '3']);
  const h1 = pt(a, 'phase.hist'), h2 = pt(b, 'phase.hist');
  eq(`${T} histogram first`, [h1.count, h1.sum, h1.min, h1.max], ['1', 1, 1, 1]);
  eq(`${T} histogram second`, [h2.count, h2.sum, h2.min, h2.max], delta ? ['2', 103, 3, 100] : ['3', 104, 1, 100]);
  if (delta) {
    eq(`${T} a delta point starts where the last one ended`, pt(b, 'phase.count').startTimeUnixNano, pt(a, 'phase.count').timeUnixNano);
    eq(`${T} histogram too`, h2.startTimeUnixNano, h1.timeUnixNano);
    check(`${T} nothing new, nothing sent`, reqs.slice(2).every((q) => !metricsOf(q)['phase.count']), reqs.length);
  } else {
    eq(`${T} start time kept`, pt(b, 'phase.count').startTimeUnixNano, pt(a, 'phase.count').startTimeUnixNano);
  }
}

async function observeCheck(protocol, temporality) {
  // observable instruments: callbacks read at each collection (the flush,
  // then shutdown after the batch callback was unregistered)
  const r = await startReceiver();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
                OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: temporality };
  const out = emit(['observe'], env);
  const reqs = (await received(r)).filter((q) => q.path === '/v1/metrics');
  stop(r);
  const T = `observable ${protocol} ${temporality}:`;
  check(`${T} emitter ran, callback unregistered`, out && out.flush === 0 && out.unregister === 0, out);
  check(`${T} decoded without errors`, reqs.length >= 2 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  if (!out || reqs.length < 2) return;
  const delta = temporality === 'delta';
  const [a, b] = [metricsOf(reqs[0]), metricsOf(reqs[1])];
  eq(`${T} callbacks ran once per collection (two before the output)`, [out.faultsCalls, out.batchCalls], [2, 1]);
  const pf = a['proc.page_faults'], pf2 = b['proc.page_faults'];
  check(`${T} observable counter is a monotonic sum`, pf && pf.sum && pf.sum.isMonotonic === true, pf);
  if (pf && pf.sum && pf2 && pf2.sum) {
    eq(`${T} counter temporality`, pf.sum.aggregationTemporality, delta ? 1 : 2);
    eq(`${T} counter readings (totals 10, 20: deltas computed)`, [pf.sum.dataPoints[0].asInt, pf2.sum.dataPoints[0].asInt],
       delta ? ['10', '10'] : ['10', '20']);
    eq(`${T} negative reading ignored: one point`, [pf.sum.dataPoints.length, attrMap(pf.sum.dataPoints[0].attributes)],
       [1, { 'fault.type': 'minor' }]);
    eq(`${T} unit and description`, [pf.unit, pf.description], ['{fault}', 'Page faults']);
    if (delta) eq(`${T} a delta point starts where the last ended`, pf2.sum.dataPoints[0].startTimeUnixNano, pf.sum.dataPoints[0].timeUnixNano);
    else eq(`${T} cumulative start kept`, pf2.sum.dataPoints[0].startTimeUnixNano, pf.sum.dataPoints[0].startTimeUnixNano);
  }
  const pool = a['pool.connections'];
  eq(`${T} observable up-down counter: double, not monotonic, cumulative`,
     pool && pool.sum && [pool.sum.dataPoints[0].asDouble, pool.sum.isMonotonic, pool.sum.aggregationTemporality], [2.5, false, 2]);
  const q = a['queue.length'];
  eq(`${T} observable gauge: two attribute sets, the last reading wins`, q && q.gauge &&
     ['a', 'b'].map((k) => (pointWith(q, (x) => x.queue === k) || {}).asInt), ['4', '6']);
  eq(`${T} gauge: two points only (the reading outside the callback ignored)`, q && q.gauge && q.gauge.dataPoints.length, 2);
  const mem = a['mem.usage'];
  eq(`${T} double gauge, NaN reading ignored`, mem && mem.gauge && [mem.gauge.dataPoints.length, mem.gauge.dataPoints[0].asDouble],
     [1, 1048576.5]);
  check(`${T} not this callback's instrument: nothing recorded`, !a['plain.count'] && !b['plain.count']);
  eq(`${T} after unregistering: only the other callback's metric`, Object.keys(b).sort(), ['proc.page_faults']);
}

// The bucket of |v| at a scale, after the specification's mapping: bucket i
// holds (2^(i/2^scale), 2^((i+1)/2^scale)], an exact power of two the upper
// end of its bucket. Computed here with Math.log2, apart from the library.
function expIndex(v, scale) {
  const l = Math.log2(v);
  if (Number.isInteger(l) && 2 ** l === v) return scale > 0 ? l * 2 ** scale - 1 : Math.floor((l - 1) / 2 ** -scale);
  return scale > 0 ? Math.floor(l * 2 ** scale) : Math.floor(Math.floor(l) / 2 ** -scale);
}
function expBuckets(values, scale) {
  const pos = new Map(), neg = new Map();
  let zero = 0;
  for (const v of values) {
    if (v === 0) { zero++; continue; }
    const m = v > 0 ? pos : neg, i = expIndex(Math.abs(v), scale);
    m.set(i, (m.get(i) || 0) + 1);
  }
  const dense = (m) => {
    if (!m.size) return undefined;
    const lo = Math.min(...m.keys()), hi = Math.max(...m.keys());
    return { offset: lo, bucketCounts: Array.from({ length: hi - lo + 1 }, (_, k) => String(m.get(lo + k) || 0)) };
  };
  return { zero, positive: dense(pos), negative: dense(neg) };
}
const sameBuckets = (got, want) => (!got && !want) ||
  (got && want && (got.offset || 0) === want.offset && JSON.stringify(got.bucketCounts) === JSON.stringify(want.bucketCounts));

async function expCheck(protocol) {
  const r = await startReceiver();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
                OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'base2_exponential_bucket_histogram' };
  const out = emit(['exp'], env);
  const reqs = (await received(r)).filter((q) => q.path === '/v1/metrics');
  stop(r);
  const T = `exponential histogram ${protocol}:`;
  check(`${T} emitter ran`, out && out.flush === 0, out);
  check(`${T} decoded without errors`, reqs.length >= 1 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  if (!out || !reqs.length) return;
  const M = metricsOf(reqs[0]);
  const vals = [0, 0, 1, 2, 3, 1.5, 10, 100, 1000, 0.001, -5, -0.25, 1048576, 7.25, 65.5, 0.3];
  const all = vals.concat(Array.from({ length: 200 }, (_, i) => i + 1));
  const e = M['rpc.latency'];
  check(`${T} an ExponentialHistogram`, e && e.exponentialHistogram, Object.keys(e || {}));
  if (!e || !e.exponentialHistogram) return;
  eq(`${T} cumulative, unit, description`, [e.exponentialHistogram.aggregationTemporality, e.unit, e.description], [2, 'ms', 'RPC latency']);
  const p = e.exponentialHistogram.dataPoints[0];
  eq(`${T} count, sum, min, max, zero count (the infinite value left out)`, [p.count, p.sum, p.min, p.max, p.zeroCount],
     [String(all.length), all.reduce((a, b) => a + b, 0), -5, 1048576, '2']);
  eq(`${T} attributes`, attrMap(p.attributes), { 'rpc.method': 'get' });
  // the largest scale at which each side fits in 160 buckets
  let fit = 20;
  for (; fit > -10; fit--) {
    const b = expBuckets(all, fit);
    if ((!b.positive || b.positive.bucketCounts.length <= 160) && (!b.negative || b.negative.bucketCounts.length <= 160)) break;
  }
  eq(`${T} scaled down to the largest scale that fits 160 buckets`, p.scale, fit);
  const want = expBuckets(all, p.scale);
  check(`${T} positive buckets as the spec maps the values`, sameBuckets(p.positive, want.positive), [p.positive, want.positive]);
  check(`${T} negative buckets as the spec maps the values`, sameBuckets(p.negative, want.negative), [p.negative, want.negative]);
  const t = M['tiny.hist'] && M['tiny.hist'].exponentialHistogram.dataPoints[0];
  const tv = vals.filter((v) => v > 0);
  check(`${T} max size 4: at most 4 buckets, as the spec maps them`, t && t.positive.bucketCounts.length <= 4 &&
        sameBuckets(t.positive, expBuckets(tv, t.scale).positive) && expBuckets(tv, t.scale + 1).positive.bucketCounts.length > 4, t);
  const d = M['default.hist'];
  const dp = d && d.exponentialHistogram && d.exponentialHistogram.dataPoints[0];
  check(`${T} OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION makes plain histograms exponential`,
        dp && dp.count === '2' && sameBuckets(dp.positive, expBuckets([0.5, 4], dp.scale).positive) &&
        expBuckets([0.5, 4], dp.scale + 1).positive.bucketCounts.length > 160, d);
}

async function exemplarCheck(protocol, filter) {
  const r = await startReceiver();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol };
  if (filter) env.OTEL_METRICS_EXEMPLAR_FILTER = filter;
  const out = emit(['exemplars'], env);
  const reqs = (await received(r)).filter((q) => q.path === '/v1/metrics');
  stop(r);
  const T = `exemplars ${protocol} ${filter || 'default (trace_based)'}:`;
  check(`${T} emitter ran`, out && out.flush === 0, out);
  check(`${T} decoded without errors`, reqs.length >= 1 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  if (!out || !reqs.length) return;
  const M = metricsOf(reqs[0]);
  const ex = (m, where) => ((pointWith(m, (a) => a.where === where) || {}).exemplars || []);
  const ids = (e) => [e.traceId, e.spanId];   // hex after decoding, in both encodings
  const span = [out.span.traceId, out.span.spanId];
  const c = M['ex.requests'];
  if (filter === 'always_off') {
    check(`${T} no exemplars at all`, ['ex.requests', 'ex.latency', 'ex.temp'].every((n) =>
      ['sampled', 'unsampled', 'none'].every((w) => ex(M[n], w).length === 0)), M);
    return;
  }
  const cs = ex(c, 'sampled');
  eq(`${T} counter: the measurement in the sampled span, with its ids`, cs.map((e) => [e.asInt, ...ids(e)]), [['5', ...span]]);
  check(`${T} exemplar time set`, cs.length === 1 && BigInt(cs[0].timeUnixNano) > 1700000000000000000n, cs);
  const h = ex(M['ex.latency'], 'sampled');
  eq(`${T} explicit histogram: one exemplar per bucket (aligned reservoir)`, h.map((e) => e.asDouble).sort((a, b) => a - b), [3, 700]);
  eq(`${T} exponential histogram exemplar`, ex({ sum: M['ex.exp'] && M['ex.exp'].exponentialHistogram }, 'sampled').map((e) => [e.asDouble, ...ids(e)]), [[42.5, ...span]]);
  eq(`${T} gauge exemplar`, ex(M['ex.temp'], 'sampled').map((e) => e.asDouble), [21.5]);
  // a view kept only 'where' (counter) or removed user.id and big (histogram):
  // the exemplar keeps what it left out, within its budget (big: dropped, counted)
  const fc = ex(M['ex.filtered'], 'sampled');
  eq(`${T} exemplar filtered attributes: the keys the view's attribute_keys left out`,
     fc.map((e) => [e.asInt, attrMap(e.filteredAttributes || [])]), [['2', { 'user.id': 'u-42', retry: '3' }]]);
  const fh = ex(M['ex.filtered.latency'], 'sampled');
  eq(`${T} exemplar filtered attributes: the excluded keys, one too long for the budget dropped`,
     fh.map((e) => [e.asDouble, attrMap(e.filteredAttributes || [])]), [[12.5, { 'user.id': 'u-7' }]]);
  eq(`${T} the attribute over the budget counted`, out.stats.exemplarAttrsDropped, 1);
  eq(`${T} a view's simple reservoir of 3: the three measurements`, ex(M['ex.simple'], 'sampled').map((e) => e.asInt).sort(), ['1', '2', '3']);
  eq(`${T} a view's reservoir none: no exemplars`, [M['ex.none'] && M['ex.none'].sum.dataPoints[0].asInt, ex(M['ex.none'], 'sampled').length], ['6', 0]);
  eq(`${T} a reservoir of one's own (the largest offered, with the span's ids)`,
     ex(M['ex.mine'], 'sampled').map((e) => [e.asInt, ...ids(e), attrMap(e.filteredAttributes)]), [['40', ...span, { reservoir: 'largest' }]]);
  eq(`${T} the points themselves without the filtered keys`,
     [M['ex.filtered'] && M['ex.filtered'].sum.dataPoints.map((p) => attrMap(p.attributes)),
      M['ex.filtered.latency'] && M['ex.filtered.latency'].histogram.dataPoints.map((p) => attrMap(p.attributes))],
     [[{ where: 'sampled' }], [{ where: 'sampled' }]]);
  if (filter === 'always_on') {
    eq(`${T} unsampled span and no span: kept too, ids only with a span`,
       [ex(c, 'unsampled').map((e) => e.asInt), ex(c, 'none').map((e) => [e.asInt, e.traceId || '', e.spanId || ''])],
       [['7'], [['9', '', '']]]);
  } else {
    eq(`${T} none from an unsampled span or outside spans`, [ex(c, 'unsampled').length, ex(c, 'none').length], [0, 0]);
  }
}

// views (otel_config.views in the emitter's views mode): what the receiver
// sees is the stream the view made, not the instrument
async function viewCheck(protocol) {
  const r = await startReceiver();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
                OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'cumulative' };
  const out = emit(['views'], env);
  const reqs = (await received(r)).filter((q) => q.path === '/v1/metrics');
  stop(r);
  const T = `views ${protocol}:`;
  check(`${T} emitter ran`, out && out.flush === 0, out);
  check(`${T} decoded without errors`, reqs.length >= 1 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  if (!out || !reqs.length) return;
  const M = metricsOf(reqs[0]);
  check(`${T} the instrument's own name is gone`, !M['http.server.request.duration'], Object.keys(M));
  const lat = M['http.latency'];
  const lp = lat && lat.histogram && lat.histogram.dataPoints[0];
  eq(`${T} renamed, described, rebucketed (10, 100)`, lp && [lat.description, lat.unit, lp.explicitBounds, lp.bucketCounts, lp.count, lp.sum],
     ['renamed by a view', 'ms', [10, 100], ['2', '1', '1'], '4', 562]);
  const req = M['http.requests'];
  const rp = (req && req.sum.dataPoints || []).map((p) => [attrMap(p.attributes), p.asInt]).sort((a, b) => (a[0]['http.route'] < b[0]['http.route'] ? -1 : 1));
  eq(`${T} client.port dropped: one point a route`, rp, [[{ 'http.route': '/a' }, '3'], [{ 'http.route': '/b' }, '3']]);
  check(`${T} a dropped instrument is not exported`, !M['debug.allocations'], Object.keys(M));
  const qw = M['queue.waits'];
  eq(`${T} a histogram aggregated as a monotonic sum`, qw && qw.sum && [qw.sum.isMonotonic, qw.sum.dataPoints[0].asDouble],
     [true, 0.75]);
  const qh = M['queue.waits.histogram'];
  const qhp = qh && qh.histogram && qh.histogram.dataPoints[0];
  eq(`${T} two views of one histogram: a second stream, a histogram beside the sum`,
     qhp && [qh.unit, qhp.count, qhp.sum, qhp.explicitBounds.length], ['s', '2', 0.75, 15]);
  const bp = (M['http.requests.by_port'] && M['http.requests.by_port'].sum.dataPoints || [])
    .map((p) => [attrMap(p.attributes), p.asInt]).sort((a, b) => a[0]['client.port'] - b[0]['client.port']);
  eq(`${T} two views of one counter: the same recordings by other attribute keys`, bp,
     Array.from({ length: 6 }, (_, i) => [{ 'client.port': String(50000 + i) }, '1']));
  const ten = M.tenants;
  const tp = (ten && ten.sum.dataPoints || []).map((p) => attrMap(p.attributes));
  const over = pointWith(ten, (a) => a['otel.metric.overflow'] === true);
  check(`${T} cardinality limit 2: two sets of their own, the rest in the overflow series`,
        tp.length === 3 && tp.filter((a) => a.tenant).length === 2 && over && over.asInt === '30', ten && ten.sum.dataPoints);
  const tr = M['tenants.requests'];
  check(`${T} the selector matched the name exactly (no limit on tenants.requests)`,
        tr && tr.sum.dataPoints.length === 5 && tr.sum.dataPoints.every((p) => attrMap(p.attributes).tenant), tr);
  const byScope = {};
  for (const rm of reqs[0].decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || [])
    for (const m of sm.metrics || []) byScope[`${sm.scope.name}/${m.name}`] = m.sum && m.sum.dataPoints[0].asInt;
  eq(`${T} a meter name and version selector renames only that meter's instrument`,
     [byScope['lib.billing/billing.charges'], byScope['lib.billing/charges'], byScope['otel.h/charges'], byScope['otel.h/billing.charges']],
     ['11', undefined, '12', undefined]);
  const js = M['job.size'];
  const jp = js && js.exponentialHistogram && js.exponentialHistogram.dataPoints[0];
  const jv = Array.from({ length: 10 }, (_, i) => 2 ** i);
  check(`${T} exponential with max size 8 / max scale 4, buckets as the spec maps the values`,
        jp && jp.count === '10' && jp.scale <= 4 && jp.positive.bucketCounts.length <= 8 &&
        sameBuckets(jp.positive, expBuckets(jv, jp.scale).positive) &&
        (jp.scale === 4 || expBuckets(jv, jp.scale + 1).positive.bucketCounts.length > 8), jp);
}

// several metric readers: a cumulative and a delta OTLP reader, each to a
// receiver of its own, and a console reader, on the same instruments
function emitLines(args, env) {
  const res = spawnSync(EMIT, args, { env: Object.assign({}, process.env, env), encoding: 'utf8', timeout: 30000 });
  const lines = (res.stdout || '').split('\n');
  let out = null;
  for (const l of lines) if (l.startsWith('{')) try { out = JSON.parse(l); } catch (e) { /* not it */ }
  return { out, lines };
}
const histOf = (m) => { const p = m && m.histogram && m.histogram.dataPoints[0]; return p && [p.count, p.sum, p.min, p.max, p.bucketCounts]; };
async function readersCheck(protocol) {
  const rc = await startReceiver(), rd = await startReceiver();
  const { out, lines } = emitLines(['readers'], {
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',   // only the readers' own endpoints
    READERS_CUMULATIVE_URL: `http://127.0.0.1:${rc.port}/v1/metrics`, READERS_DELTA_URL: `http://127.0.0.1:${rd.port}/v1/metrics`,
    OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
  const cum = (await received(rc)).filter((q) => q.path === '/v1/metrics');
  const del = (await received(rd)).filter((q) => q.path === '/v1/metrics');
  stop(rc); stop(rd);
  const T = `readers ${protocol}:`;
  check(`${T} emitter ran and flushed`, out && out.flush === 0, out);
  check(`${T} decoded without errors`, cum.length >= 2 && del.length >= 2 && cum.concat(del).every((q) => q.errors.length === 0),
        [cum.length, del.length]);
  if (cum.length < 2 || del.length < 2) return;
  const C1 = metricsOf(cum[0]), C2 = metricsOf(cum[1]), D1 = metricsOf(del[0]), D2 = metricsOf(del[1]);
  const sumOf = (m) => m && m.sum && [m.sum.dataPoints[0].asInt, m.sum.aggregationTemporality];
  eq(`${T} cumulative reader: counter 5 then 8`, [sumOf(C1['rd.requests']), sumOf(C2['rd.requests'])], [['5', 2], ['8', 2]]);
  eq(`${T} delta reader: counter 5 then 3`, [sumOf(D1['rd.requests']), sumOf(D2['rd.requests'])], [['5', 1], ['3', 1]]);
  eq(`${T} up-down counter cumulative on both`, [sumOf(C2['rd.active']), sumOf(D2['rd.active'])], [['1', 2], ['1', 2]]);
  eq(`${T} cumulative histogram`, [histOf(C1['rd.latency']), histOf(C2['rd.latency'])],
     [['2', 55, 5, 50, ['1', '1', '0']], ['3', 555, 5, 500, ['1', '1', '1']]]);
  eq(`${T} delta histogram: each interval's own count, sum, min, max and buckets`, [histOf(D1['rd.latency']), histOf(D2['rd.latency'])],
     [['2', 55, 5, 50, ['1', '1', '0']], ['1', 500, 500, 500, ['0', '0', '1']]]);
  eq(`${T} temporality on the wire`, [C2['rd.latency'].histogram.aggregationTemporality, D2['rd.latency'].histogram.aggregationTemporality], [2, 1]);
  const d1 = D1['rd.requests'].sum.dataPoints[0], d2 = D2['rd.requests'].sum.dataPoints[0];
  const c1 = C1['rd.requests'].sum.dataPoints[0], c2 = C2['rd.requests'].sum.dataPoints[0];
  check(`${T} delta points follow each other; cumulative ones keep their start`,
        d2.startTimeUnixNano === d1.timeUnixNano && c2.startTimeUnixNano === c1.startTimeUnixNano && c2.timeUnixNano > c1.timeUnixNano,
        [d1, d2, c1, c2]);
  const ap = C2['rd.arrays'] && C2['rd.arrays'].sum.dataPoints[0];
  const arr = (k) => { const a = ap && (ap.attributes || []).find((x) => x.key === k); return a && a.value.arrayValue && a.value.arrayValue.values; };
  eq(`${T} int, double, bool and string arrays on a metric point`,
     [ap && ap.asInt, arr('ports'), arr('weights'), arr('flags'), arr('zones')],
     ['4', [{ intValue: '80' }, { intValue: '443' }], [{ doubleValue: 0.25 }, { doubleValue: 1.5 }],
      [{ boolValue: true }, { boolValue: false }], [{ stringValue: 'eu-1' }, { stringValue: 'us-2' }]]);
  check(`${T} the console reader printed the same instruments`,
        lines.filter((l) => /^metric rd\.requests .*route/.test(l)).length >= 2 && lines.some((l) => /^metric rd\.latency .*count=3 sum=555/.test(l)),
        lines);
  check(`${T} every point counted as exported`, out && out.stats.points >= 12 && out.stats.metricFailed === 0, out && out.stats);
}
async function readersEnvCheck() {
  // OTEL_METRICS_EXPORTER=otlp,console: two readers from the environment
  const r = await startReceiver();
  const { out, lines } = emitLines(['readers'], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`,
    OTEL_METRICS_EXPORTER: ' otlp , console,otlp', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' });
  const reqs = (await received(r)).filter((q) => q.path === '/v1/metrics');
  stop(r);
  const T = 'OTEL_METRICS_EXPORTER=otlp,console:';
  check(`${T} emitter ran`, out && out.flush === 0, out);
  check(`${T} OTLP got both collections, delta`, reqs.length >= 2 && metricsOf(reqs[1])['rd.requests'] &&
        metricsOf(reqs[1])['rd.requests'].sum.dataPoints[0].asInt === '3', reqs.map((q) => metricsOf(q)));
  check(`${T} the console printed them too`, lines.filter((l) => /^metric rd\.requests/.test(l)).length >= 2, lines);
}

async function outageCheck() {
  // the backend answers 503 to the first requests: everything still arrives
  const r = await startReceiver();
  await control(r, 'POST', '/_fault', { status: 503, retryAfter: 0, count: 4 });
  const out = emit(['all'], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_BLRP_SCHEDULE_DELAY: '20' });
  const reqs = await received(r);
  stop(r);
  const ok = reqs.filter((q) => q.answeredStatus === 200);
  check('503 then recovery: emitter flushed', out && out.flush === 0, out);
  check('503 then recovery: retried', reqs.some((q) => q.answeredStatus === 503));
  eq('503 then recovery: every log record delivered', logsOf(ok).length, 8);
  check('503 then recovery: metrics delivered', ok.some((q) => q.path === '/v1/metrics'));
}

(async () => {
  try {
    await allCheck('http/protobuf');
    await allCheck('http/json');
    await phaseCheck('delta');
    await phaseCheck('cumulative');
    await observeCheck('http/protobuf', 'cumulative');
    await observeCheck('http/protobuf', 'delta');
    await observeCheck('http/json', 'cumulative');
    await expCheck('http/protobuf');
    await expCheck('http/json');
    await exemplarCheck('http/protobuf');
    await exemplarCheck('http/json');
    await exemplarCheck('http/protobuf', 'always_on');
    await exemplarCheck('http/protobuf', 'always_off');
    await viewCheck('http/protobuf');
    await viewCheck('http/json');
    await readersCheck('http/protobuf');
    await readersCheck('http/json');
    await readersEnvCheck();
    await outageCheck();
  } catch (e) {
    fail('exception', e.stack);
  }
  finish('conformance-signals');
})();
