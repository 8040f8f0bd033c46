'use strict';
// End-to-end tests of OTLP/gRPC: tests/emit_spans.c and tests/emit_signals.c
// export with OTEL_EXPORTER_OTLP_PROTOCOL=grpc to tests/node/grpc_server.js
// (@grpc/grpc-js; requests decoded with the official definitions). Covers
// delivery field by field over h2c and TLS, metadata and grpc-timeout,
// connection reuse, two calls in flight on one connection, retryable and non-retryable status codes, RetryInfo
// delays, GOAWAY (graceful, and refusing a call), large response header
// blocks (HPACK dynamic table and Huffman), a tiny flow-control window, and
// partial_success. Ends with "# grpc: N passed, N failed".
const { spawnSync, execFileSync } = require('child_process');
const path = require('path'), fs = require('fs'), os = require('os');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const SPANS = path.join(B, 'gcc', 'emit_spans'), SIGNALS = path.join(B, 'gcc', 'emit_signals');
let passed = 0, failed = 0;
function check(name, cond, detail) {
  if (cond) { passed++; if (process.env.TEST_VERBOSE) console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail !== undefined ? ': ' + JSON.stringify(detail).slice(0, 600) : ''}`); }
}
const eq = (name, a, b) => check(name, JSON.stringify(a) === JSON.stringify(b), { got: a, want: b });

const { startGrpcServer: startServer, grpcControl: control } = require('./harness');
const received = async (s) => (await control(s, 'GET', '/_received')).requests;
const stats = (s) => control(s, 'GET', '/_stats');
const fault = (s, f) => control(s, 'POST', '/_fault', f);
const reset = (s) => control(s, 'POST', '/_reset');
function stop(s) { try { s.proc.kill('SIGTERM'); } catch (e) { /* gone */ } }

function run(exe, args, env) {
  const res = spawnSync(exe, args, { env: Object.assign({}, process.env, env), encoding: 'utf8', timeout: 30000 });
  const line = (res.stdout || '').trim().split('\n').pop();
  let out = null;
  try { out = JSON.parse(line); } catch (e) { /* none */ }
  return { out, stderr: res.stderr || '' };
}
const grpcEnv = (s, more) => Object.assign({
  OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${s.port}`,
  OTEL_SERVICE_NAME: 'grpc-test', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '8', OTEL_SPAN_EVENT_COUNT_LIMIT: '2',
  OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '2', OTEL_BLRP_SCHEDULE_DELAY: '20',
}, more || {});
const spansOf = (reqs) => {
  const out = [];
  for (const q of reqs) if (q.path === '/v1/traces' && q.decoded && !q.abandoned)
    for (const rs of q.decoded.resourceSpans || []) for (const ss of rs.scopeSpans || []) for (const sp of ss.spans || []) out.push(sp);
  return out;
};
const attrMap = (list) => Object.fromEntries((list || []).map((a) => [a.key, Object.values(a.value)[0]]));

// ---- spans, field by field ----
async function spansFull(s, P) {
  await reset(s);
  const { out } = run(SPANS, ['full'], grpcEnv(s, { OTEL_EXPORTER_OTLP_HEADERS: 'X-Tenant=acme,authorization=Bearer%20t0k',
                                                    OTEL_EXPORTER_OTLP_TIMEOUT: '7000' }));
  const reqs = await received(s);
  check(`${P} spans: emitter flushed`, out && out.flush === 0, out);
  if (!out) return;
  const tr = reqs.filter((q) => q.path === '/v1/traces');
  check(`${P} spans: the TraceService got them, decoded without errors`,
        tr.length >= 1 && tr.every((q) => q.service === 'opentelemetry.proto.collector.trace.v1.TraceService' && q.errors.length === 0),
        tr.map((q) => q.errors));
  const spans = spansOf(reqs);
  const by = Object.fromEntries(spans.map((x) => [x.name, x]));
  eq(`${P} spans: all 9 arrived`, spans.length, 9);
  eq(`${P} spans: stats say exported`, out.stats.exported, 9);
  const root = by.root, child = by.child;
  check(`${P} spans: root ids and times`, root && root.traceId === out.root.traceId && root.spanId === out.root.spanId &&
        root.startTimeUnixNano === out.t0 && root.endTimeUnixNano === String(BigInt(out.t0) + 9000n) && root.kind === 2, root);
  check(`${P} spans: child parent, kind, times`, child && child.parentSpanId === out.root.spanId && child.kind === 3 &&
        child.startTimeUnixNano === String(BigInt(out.t0) + 100n) && child.endTimeUnixNano === String(BigInt(out.t0) + 5000n), child);
  check(`${P} spans: child event with attributes`, child && child.events[0].name === 'evt' &&
        child.events[0].timeUnixNano === String(BigInt(out.t0) + 1000n) &&
        JSON.stringify(attrMap(child.events[0].attributes)) === JSON.stringify({ 'ev.str': 'v', 'ev.int': '7' }), child && child.events);
  check(`${P} spans: exception event and error status`, child && child.events[1].name === 'exception' &&
        attrMap(child.events[1].attributes)['exception.message'] === 'disk full' && child.status.code === 2 &&
        child.status.message === 'disk full', child && child.status);
  check(`${P} spans: links with tracestate and attributes`, child && child.links.length === 2 &&
        child.links[0].traceId === '0af7651916cd43dd8448eb211c80319c' && child.links[0].spanId === 'b7ad6b7169203331' &&
        child.links[0].traceState === 'vendor=abc,other=x' && attrMap(child.links[0].attributes)['link.bool'] === false &&
        child.links[1].spanId === out.root.spanId, child && child.links);
  const kinds = ['k.internal', 'k.server', 'k.client', 'k.producer', 'k.consumer'].map((n) => by[n] && by[n].kind);
  eq(`${P} spans: every kind`, kinds, [1, 2, 3, 4, 5]);
  const lim = by.limits;
  check(`${P} spans: limits applied`, lim && lim.attributes.length === 8 && lim.droppedAttributesCount === 2 &&
        lim.events.length === 2 && lim.droppedEventsCount === 1, lim && { a: lim.attributes.length, e: lim.events.length });
  const cont = by.continued;
  check(`${P} spans: remote parent and tracestate`, cont && cont.traceId === '4bf92f3577b34da6a3ce929d0e0e4736' &&
        cont.parentSpanId === '00f067aa0ba902b7' && cont.traceState === 'congo=t61rcWkgMzE', cont);
  const q = tr[0] || { metadata: {}, decoded: {} };
  const res = attrMap(((q.decoded.resourceSpans || [])[0] || {}).resource ? q.decoded.resourceSpans[0].resource.attributes : []);
  eq(`${P} spans: resource service.name`, res['service.name'], 'grpc-test');
  check(`${P} metadata: OTEL_EXPORTER_OTLP_HEADERS sent, names lowercase`,
        q.metadata['x-tenant'] === 'acme' && q.metadata.authorization === 'Bearer t0k', q.metadata);
  check(`${P} metadata: user-agent`, /^OTel-OTLP-Exporter-C\//.test(q.metadata['user-agent'] || ''), q.metadata);
  check(`${P} grpc-timeout from OTEL_EXPORTER_OTLP_TIMEOUT`, q.deadlineMs > 3000 && q.deadlineMs <= 7000, q.deadlineMs);
}

// observable instruments and an exponential histogram over gRPC (the
// HTTP tests check their values in detail)
async function newMetrics(s, P) {
  await reset(s);
  const o = run(SIGNALS, ['observe'], grpcEnv(s)).out;
  const oreqs = (await received(s)).filter((q) => q.path === '/v1/metrics');
  const om = {};
  for (const q of oreqs.slice(0, 1)) for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) for (const x of sm.metrics || []) om[x.name] = x;
  check(`${P} observable instruments: decoded without errors`, o && o.flush === 0 && oreqs.length >= 2 && oreqs.every((q) => !q.errors.length), oreqs.map((q) => q.errors));
  const pf = om['proc.page_faults'], ql = om['queue.length'];
  check(`${P} observable counter and gauge`, pf && pf.sum && pf.sum.dataPoints[0].asInt === '10' && pf.sum.isMonotonic === true &&
        ql && ql.gauge && ql.gauge.dataPoints.length === 2, [pf, ql]);
  await reset(s);
  const e = run(SIGNALS, ['exp'], grpcEnv(s)).out;
  const ereqs = (await received(s)).filter((q) => q.path === '/v1/metrics');
  check(`${P} exponential histogram: decoded without errors`, e && e.flush === 0 && ereqs.length >= 1 && ereqs.every((q) => !q.errors.length), ereqs.map((q) => q.errors));
  let eh;
  for (const rm of (ereqs[0] && ereqs[0].decoded.resourceMetrics) || []) for (const sm of rm.scopeMetrics || []) for (const x of sm.metrics || []) if (x.name === 'rpc.latency') eh = x;
  const dp = eh && eh.exponentialHistogram && eh.exponentialHistogram.dataPoints[0];
  check(`${P} exponential histogram: count, zero count, buckets add up`, dp && dp.count === '216' && dp.zeroCount === '2' &&
        [dp.positive, dp.negative].reduce((t, b) => t + b.bucketCounts.reduce((a, x) => a + Number(x), 0), 0) + 2 === 216, dp);
  await reset(s);
  const v = run(SIGNALS, ['views'], grpcEnv(s)).out;
  const vreqs = (await received(s)).filter((q) => q.path === '/v1/metrics');
  const vm = {};
  for (const q of vreqs.slice(0, 1)) for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) for (const x of sm.metrics || []) vm[x.name] = x;
  check(`${P} views: decoded without errors`, v && v.flush === 0 && vreqs.length >= 1 && vreqs.every((q) => !q.errors.length), vreqs.map((q) => q.errors));
  const lat = vm['http.latency'], rq = vm['http.requests'];
  check(`${P} views: renamed and rebucketed, an attribute dropped, an instrument dropped`,
        lat && lat.histogram && String(lat.histogram.dataPoints[0].explicitBounds) === '10,100' && !vm['http.server.request.duration'] &&
        rq && rq.sum.dataPoints.length === 2 && !vm['debug.allocations'], [lat, rq]);
  const qh = vm['queue.waits.histogram'], qs = vm['queue.waits'], bp = vm['http.requests.by_port'];
  check(`${P} views: two views of one instrument, two streams (a histogram beside the sum; other attribute keys)`,
        qh && qh.histogram && qh.histogram.dataPoints[0].count === '2' && qs && qs.sum && bp && bp.sum.dataPoints.length === 6, [qh, qs, bp]);
}

// ---- metrics and logs ----
async function signals(s, P) {
  await reset(s);
  const { out } = run(SIGNALS, ['all'], grpcEnv(s));
  const reqs = await received(s);
  check(`${P} signals: emitter flushed`, out && out.flush === 0, out);
  if (!out) return;
  const m = reqs.filter((q) => q.path === '/v1/metrics'), l = reqs.filter((q) => q.path === '/v1/logs');
  check(`${P} metrics: MetricsService calls decoded without errors`,
        m.length === 2 && m.every((q) => q.service === 'opentelemetry.proto.collector.metrics.v1.MetricsService' && !q.errors.length),
        m.map((q) => q.errors));
  check(`${P} logs: LogsService calls decoded without errors`,
        l.length >= 1 && l.every((q) => q.service === 'opentelemetry.proto.collector.logs.v1.LogsService' && !q.errors.length),
        l.map((q) => q.errors));
  if (!m.length) return;
  const ms = {};
  for (const rm of m[0].decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) for (const x of sm.metrics || []) ms[x.name] = x;
  const pts = (x) => (x && (x.sum || x.gauge || x.histogram).dataPoints) || [];
  const users = pts(ms['http.server.requests']).find((p) => attrMap(p.attributes)['http.route'] === '/users');
  check(`${P} metrics: monotonic cumulative counter, one series for both attribute orders`,
        users && users.asInt === '10' && ms['http.server.requests'].sum.isMonotonic === true &&
        ms['http.server.requests'].sum.aggregationTemporality === 2 && ms['http.server.requests'].unit === '{request}', users);
  const bytes = pts(ms['net.bytes'])[0];
  check(`${P} metrics: double counter`, bytes && bytes.asDouble === 3.75, bytes);
  const act = pts(ms['jobs.active'])[0];
  check(`${P} metrics: up-down counter`, act && act.asInt === '3' && ms['jobs.active'].sum.isMonotonic !== true, act);
  const lat = pts(ms['op.latency'])[0];
  check(`${P} metrics: histogram count, sum, min, max, buckets`, lat && lat.count === '7' && lat.sum === 100166 &&
        lat.min === 0 && lat.max === 99999 && lat.bucketCounts.length === lat.explicitBounds.length + 1 &&
        lat.bucketCounts.reduce((a, b) => a + Number(b), 0) === 7, lat);
  const g = pts(ms['cpu.temperature'])[0];
  check(`${P} metrics: gauge holds the last value`, g && g.asDouble === 42.25, g);
  check(`${P} metrics: invalid instrument name refused`, !ms['9starts.with.digit'], Object.keys(ms));
  const logs = [];
  for (const q of l) for (const rl of q.decoded.resourceLogs || []) for (const sl of rl.scopeLogs || []) for (const x of sl.logRecords || []) logs.push(x);
  const warn = logs.find((x) => x.body && x.body.stringValue === 'disk almost full');
  check(`${P} logs: plain record, severity`, warn && warn.severityNumber === 13 && warn.severityText === 'WARN', warn);
  const ev = logs.find((x) => x.eventName === 'model_selection');
  check(`${P} logs: event in a span carries the span's ids and attributes`, ev && ev.traceId === out.span.traceId &&
        ev.spanId === out.span.spanId && attrMap(ev.attributes)['gen_ai.request.model'] === 'gpt-4o', ev);
  const custom = logs.find((x) => x.eventName === 'custom.time');
  check(`${P} logs: explicit timestamp`, custom && custom.timeUnixNano === '1700000000000000000', custom);
  eq(`${P} logs: stats say every record exported`, out.stats.logsExported, out.stats.logsEmitted);
}

// ---- connection use, faults ----
const loadEnv = (s, more) => grpcEnv(s, Object.assign({ OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50', OTEL_BSP_SCHEDULE_DELAY: '50',
                                                      OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }, more || {}));
async function reuse(s) {
  await reset(s);
  const before = (await stats(s)).sessions;
  const { out } = run(SPANS, ['load', '400'], loadEnv(s));
  const reqs = await received(s), st = await stats(s);
  eq('reuse: all 400 spans delivered', spansOf(reqs).length, 400);
  check('reuse: several calls', reqs.length >= 8, reqs.length);
  eq('reuse: one connection for all of them', st.sessions - before, 1);
  check('reuse: stats', out && out.stats.exported === 400 && out.stats.retries === 0, out);
}

async function statusCodes(s) {
  const cases = [
    { name: 'UNAVAILABLE is retried', f: { code: 14, count: 1 }, calls: 2, exported: 9 },
    { name: 'ABORTED is retried', f: { code: 10, count: 1 }, calls: 2, exported: 9 },
    { name: 'DEADLINE_EXCEEDED is retried', f: { code: 4, count: 1 }, calls: 2, exported: 9 },
    { name: 'INVALID_ARGUMENT is not retried', f: { code: 3, count: 1 }, calls: 1, exported: 0 },
    { name: 'PERMISSION_DENIED is not retried', f: { code: 7, count: 1 }, calls: 1, exported: 0 },
    { name: 'RESOURCE_EXHAUSTED without RetryInfo is not retried', f: { code: 8, count: 1 }, calls: 1, exported: 0 },
    { name: 'RESOURCE_EXHAUSTED with RetryInfo is retried', f: { code: 8, count: 1, retryDelayMs: 300 }, calls: 2, exported: 9 },
  ];
  for (const c of cases) {
    await reset(s);
    await fault(s, c.f);
    const { out, stderr } = run(SPANS, ['full'], grpcEnv(s));
    const reqs = await received(s);
    check(`status: ${c.name}`, out && reqs.length === c.calls && out.stats.exported === c.exported,
          { calls: reqs.length, stats: out && out.stats });
    if (c.f.code === 3) check('status: the warning names the gRPC status and message', /export failed with gRPC status INVALID_ARGUMENT \(3\): fault 3/.test(stderr), stderr.slice(0, 300));
    if (c.f.code === 8 && c.f.retryDelayMs) check('status: RESOURCE_EXHAUSTED is warned as a gRPC status, not HTTP 503', /export got gRPC status RESOURCE_EXHAUSTED \(8\)/.test(stderr) && !/HTTP 503/.test(stderr), stderr.slice(0, 300));
  }
  // the delay of RetryInfo is honoured (the backoff alone would be 0.5..1.5 s)
  await reset(s);
  await fault(s, { code: 14, count: 1, retryDelayMs: 2600 });
  const { out } = run(SPANS, ['full'], grpcEnv(s));
  const reqs = await received(s);
  const gap = reqs.length === 2 ? reqs[1].receivedAtMs - reqs[0].receivedAtMs : -1;
  check('status: RetryInfo delay honoured', out && out.stats.exported === 9 && gap >= 2500 && gap < 4500, { gap, out });
  // partial_success in the response message
  await reset(s);
  await fault(s, { partialSuccess: { rejected: 2, message: 'two bad spans' }, count: 1 });
  const r2 = run(SPANS, ['full'], grpcEnv(s));
  check('partial_success: rejected spans counted as failed', r2.out && r2.out.stats.exportFailed === 2 &&
        r2.out.stats.exported === 7, r2.out);
  check('partial_success: the server\'s message logged', /rejected 2 of \d+ spans: two bad spans/.test(r2.stderr), r2.stderr);
}

async function goaway(s) {
  await reset(s);
  await fault(s, { goaway: 'graceful', count: 1 });
  let before = (await stats(s)).sessions;
  let { out } = run(SPANS, ['load', '400'], loadEnv(s));
  let reqs = await received(s), st = await stats(s);
  eq('goaway graceful: every span delivered once', spansOf(reqs).length, 400);
  eq('goaway graceful: the next call went on a new connection', st.sessions - before, 2);
  check('goaway graceful: no retries, nothing dropped', out && out.stats.exported === 400 && out.stats.retries === 0 &&
        out.stats.exportDropped === 0, out);

  await reset(s);
  await fault(s, { goaway: 'refuse', count: 1, skip: 1 });
  before = (await stats(s)).sessions;
  ({ out } = run(SPANS, ['load', '400'], loadEnv(s)));
  reqs = await received(s); st = await stats(s);
  check('goaway refusing the 2nd call (stream 3, last 1): sent again at once on a new connection',
        reqs.length >= 3 && !reqs[0].abandoned && reqs[1].abandoned && !reqs[2].abandoned && st.sessions - before === 2,
        { n: reqs.length, sessions: st.sessions - before });
  eq('goaway refusing a call: every span delivered once', spansOf(reqs).length, 400);
  check('goaway refusing a call: no retry needed', out && out.stats.exported === 400 && out.stats.retries === 0, out);
}

// two calls in flight on one connection: the server holds the first call's
// answer until the second call's request has come on the same HTTP/2
// session (grpc-js sees the same peer); then the same with the first
// answered UNAVAILABLE: only its batch is sent again
async function overlap(s) {
  await reset(s);
  await fault(s, { hold: true, count: 1 });
  let before = (await stats(s)).sessions;
  let { out } = run(SPANS, ['load', '400'], loadEnv(s));
  let reqs = await received(s), st = await stats(s);
  const first = reqs[0] || {};
  check('concurrent calls: a second call arrived on the same connection while the first was unanswered',
        first.held && !first.holdTimedOut && first.overlappedBy >= 1 && reqs[first.overlappedBy].peer === first.peer,
        { held: first.held, timedOut: first.holdTimedOut, by: first.overlappedBy });
  eq('concurrent calls: one connection', st.sessions - before, 1);
  eq('concurrent calls: every span delivered once', spansOf(reqs).length, 400);
  check('concurrent calls: both succeeded, no retries', out && out.stats.exported === 400 && out.stats.retries === 0 &&
        out.stats.exportDropped === 0, out);

  await reset(s);
  await fault(s, { hold: true, code: 14, count: 1 });
  ({ out } = run(SPANS, ['load', '400'], loadEnv(s)));
  reqs = await received(s);
  const bad = reqs[0] || {}, ok = reqs.filter((q) => !(q.fault && q.fault.code));
  const again = ok.filter((q) => q.rawHex && q.rawHex === bad.rawHex);
  const ids = new Set();
  for (const q of ok) for (const rs of q.decoded.resourceSpans || []) for (const ss of rs.scopeSpans || []) for (const sp of ss.spans || []) ids.add(sp.spanId);
  check('concurrent calls, the first UNAVAILABLE: the second answered OK while the first was held',
        bad.held && !bad.holdTimedOut && bad.overlappedBy >= 1 && !(reqs[bad.overlappedBy].fault), { held: bad.held, by: bad.overlappedBy });
  check('concurrent calls, the first UNAVAILABLE: only its batch sent again, once', again.length === 1 &&
        ok.length === reqs.length - 1 && ids.size === 400 && spansOf(ok).length === 400, { again: again.length, calls: reqs.length, ids: ids.size });
  check('concurrent calls, the first UNAVAILABLE: one retry, every span exported, none dropped', out &&
        out.stats.exported === 400 && out.stats.retries === 1 && out.stats.exportDropped === 0, out);
}

async function bigHeaders(s) {
  await reset(s);
  await fault(s, { bigHeaders: 300, count: 4 });
  const { out } = run(SPANS, ['load', '400'], loadEnv(s));
  const reqs = await received(s);
  eq('big header blocks: every span delivered', spansOf(reqs).length, 400);
  check('big header blocks: the calls with 300 metadata entries succeeded', out && out.stats.exported === 400 &&
        out.stats.retries === 0 && reqs.filter((q) => q.fault && q.fault.bigHeaders).length === 4, out);
  await reset(s);
  await fault(s, { bigHeaders: 300, code: 14, count: 2, retryDelayMs: 100 });
  const r = run(SPANS, ['full'], grpcEnv(s));
  check('big trailers with RetryInfo: retried twice, then delivered', r.out && r.out.stats.exported === 9 &&
        (await received(s)).length === 3, r.out);
}

async function tinyWindow() {
  const s = await startServer(['--window', '16']);
  try {
    const { out } = run(SPANS, ['sizes'], grpcEnv(s, { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '128' }));
    const reqs = await received(s);
    const spans = spansOf(reqs);
    check('tiny window: every span delivered through a 16-byte window', out && out.stats.exported === 6 && spans.length === 6, out);
    const large = spans.filter((x) => x.name === 'large');
    check('tiny window: large spans intact', large.length === 2 &&
          large.every((x) => x.attributes.length === 60 && x.attributes.every((a) => a.value.stringValue === 'v'.repeat(399))));
    check('tiny window: request over 16 KiB', reqs.some((q) => q.rawLength > 16384), reqs.map((q) => q.rawLength));
  } finally { stop(s); }
}

function makeCerts(dir) {
  const ossl = (...a) => execFileSync('openssl', a, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ca',
       '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
  ossl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem',
       '-days', '2', '-extfile', 'server.ext');
}

async function main() {
  const s = await startServer();
  try {
    await spansFull(s, 'h2c:');
    await signals(s, 'h2c:');
    await newMetrics(s, 'h2c:');
    await reuse(s);
    await statusCodes(s);
    await goaway(s);
    await overlap(s);
    await bigHeaders(s);
    // the per-signal variable alone selects gRPC for that signal
    await reset(s);
    const { out } = run(SPANS, ['full'], { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
                                           OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${s.port}` });
    check('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc', out && out.stats.exported === 9 && spansOf(await received(s)).length === 9, out);
  } finally { stop(s); }
  await tinyWindow();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-grpc-tls-'));
  try {
    makeCerts(dir);
    const t = await startServer(['--tls-cert', path.join(dir, 'server.pem'), '--tls-key', path.join(dir, 'server.key')]);
    try {
      const tenv = (more) => Object.assign({ OTEL_EXPORTER_OTLP_ENDPOINT: `https://localhost:${t.port}`,
                                             OTEL_EXPORTER_OTLP_CERTIFICATE: path.join(dir, 'ca.pem') }, more || {});
      const orig = grpcEnv;
      const { out } = run(SPANS, ['full'], Object.assign(orig(t), tenv()));
      const reqs = await received(t);
      check('tls: spans delivered over TLS with ALPN h2', out && out.stats.exported === 9 && spansOf(reqs).length === 9, out);
      const r = run(SPANS, ['full'], Object.assign(orig(t), tenv({ OTEL_EXPORTER_OTLP_CERTIFICATE: path.join(dir, 'server.key') })));
      check('tls: a wrong CA file is refused', r.out && r.out.stats.exported === 0, r.out);
      await reset(t);
      const sg = run(SIGNALS, ['all'], Object.assign(orig(t), tenv()));
      const sreqs = await received(t);
      check('tls: metrics and logs delivered', sg.out && sg.out.flush === 0 && sreqs.some((q) => q.path === '/v1/metrics') &&
            sreqs.some((q) => q.path === '/v1/logs') && sreqs.every((q) => !q.errors.length), sg.out);
    } finally { stop(t); }
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

main().catch((e) => { failed++; console.log(`FAIL exception: ${e.stack}`); }).finally(() => {
  console.log(`# grpc: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
});
