'use strict';
// End to end, a metric reader's own options (otel_metric_reader.options):
// tests/emit_signals.c (mode reader_options) exports through two OTLP
// readers, each to a receiver of its own (tests/node/receiver.js, decoding
// with the OpenTelemetry project's protobuf definitions; for gRPC two
// tests/node/grpc_server.js), from the same
// instruments. Reader A has the defaults; reader B its own default
// aggregation by instrument kind (histograms base-2 exponential, gauges
// dropped), a cardinality limit of 2 series a stream, a metric filter
// (one instrument dropped, one produced point dropped by its attributes)
// and a metric producer (a sum of two points and a histogram of its own).
// Ends with "# metric-readers: N passed, N failed".
const path = require('path');
const { check, eq, fail, finish, startReceiver, received, stop, attrMap, startGrpcServer, grpcControl, runJson } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_signals');

const emit = (args, env) => runJson(EMIT, args, env);
// metric name -> the Metric, over every request (the last one wins)
function metricsOf(reqs) {
  const out = {};
  for (const q of reqs) for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || [])
    for (const m of sm.metrics || []) out[m.name] = m;
  return out;
}
// "route=/a" (or "overflow") -> value, for a sum's points
const sumPoints = (m) => Object.fromEntries(((m && m.sum && m.sum.dataPoints) || []).map((p) => {
  const a = attrMap(p.attributes);
  return [a['otel.metric.overflow'] === true ? 'overflow' : `route=${a.route}`, p.asInt];
}).sort());

async function readerOptionsCheck(protocol) {
  const grpc = protocol === 'grpc';
  const ra = grpc ? await startGrpcServer() : await startReceiver(), rb = grpc ? await startGrpcServer() : await startReceiver();
  const url = (r) => `http://127.0.0.1:${r.port}${grpc ? '' : '/v1/metrics'}`;
  const out = emit(['reader_options'], {
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',   // only the readers' own endpoints
    READER_A_URL: url(ra), READER_B_URL: url(rb), OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
  const got = async (r) => (grpc ? (await grpcControl(r, 'GET', '/_received')).requests : await received(r)).filter((q) => q.path === '/v1/metrics');
  const qa = await got(ra), qb = await got(rb);
  stop(ra); stop(rb);
  const T = `reader options ${protocol}:`;
  check(`${T} emitter ran and flushed`, out && out.flush === 0, out);
  check(`${T} both readers exported, decoded without errors`,
        qa.length >= 1 && qb.length >= 1 && qa.concat(qb).every((q) => q.decoded && q.errors.length === 0), [qa.length, qb.length]);
  if (!qa.length || !qb.length) return;
  const A = metricsOf(qa), Bm = metricsOf(qb);
  // default aggregation by instrument kind
  const ha = A['ro.latency'], hb = Bm['ro.latency'];
  const pa = ha && ha.histogram && ha.histogram.dataPoints[0];
  eq(`${T} reader A: the histogram with its explicit buckets`,
     pa && [pa.count, pa.sum, pa.explicitBounds, pa.bucketCounts], ['3', 555, [10, 100], ['1', '1', '1']]);
  const pb = hb && hb.exponentialHistogram && hb.exponentialHistogram.dataPoints[0];
  check(`${T} reader B: the same histogram base-2 exponential (its default for histograms)`,
        !!pb && pb.count === '3' && pb.sum === 555 && pb.min === 5 && pb.max === 500 && !(hb && hb.histogram) &&
        (pb.positive.bucketCounts || []).reduce((s, c) => s + Number(c), 0) === 3, hb);
  eq(`${T} reader A: the gauge`, A['ro.temp'] && A['ro.temp'].gauge && A['ro.temp'].gauge.dataPoints[0].asInt, '21');
  check(`${T} reader B: gauges dropped`, !Bm['ro.temp'], Object.keys(Bm));
  // cardinality limit per reader
  eq(`${T} reader A: every series (the SDK's limit)`, sumPoints(A['ro.requests']),
     { 'route=/a': '1', 'route=/b': '2', 'route=/c': '3', 'route=/d': '4' });
  const sb = sumPoints(Bm['ro.requests']);
  const kept = Object.keys(sb).filter((k) => k !== 'overflow');
  check(`${T} reader B: 2 series, the rest in otel.metric.overflow=true`,
        kept.length === 2 && Number(sb.overflow) + kept.reduce((s, k) => s + Number(sb[k]), 0) === 10, sb);
  // metric filter and producer
  check(`${T} reader A: the instrument reader B's filter drops`, !!A['ro.secret'], Object.keys(A));
  check(`${T} reader B: dropped by its filter`, !Bm['ro.secret'], Object.keys(Bm));
  check(`${T} reader A: no producer, no produced metrics`, !A['ext.queue'] && !A['ext.size'], Object.keys(A));
  const q = Bm['ext.queue'];
  eq(`${T} reader B: the producer's sum, its queue=internal point filtered out`,
     q && q.sum && [q.unit, q.description, q.sum.isMonotonic || false, q.sum.aggregationTemporality,
                    q.sum.dataPoints.map((p) => [attrMap(p.attributes), p.asInt])],
     ['{job}', 'jobs queued', false, 2, [[{ queue: 'jobs' }, '12']]]);
  const z = Bm['ext.size'], zp = z && z.histogram && z.histogram.dataPoints[0];
  eq(`${T} reader B: the producer's histogram`, zp && [z.unit, zp.count, zp.sum, zp.min, zp.max, zp.explicitBounds, zp.bucketCounts],
     ['By', '3', 6.5, 0.5, 3, [1, 2], ['1', '0', '2']]);
  check(`${T} produced points have times`, !!zp && zp.timeUnixNano > 0 && q.sum.dataPoints[0].timeUnixNano > 0, zp);
}

(async () => {
  try {
    await readerOptionsCheck('http/protobuf');
    await readerOptionsCheck('http/json');
    await readerOptionsCheck('grpc');
  } catch (e) {
    fail('exception', e.stack);
  }
  finish('metric-readers');
})();
