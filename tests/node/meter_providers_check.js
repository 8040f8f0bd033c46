'use strict';
// End to end, several meter providers (otel_meter_provider_create):
// tests/emit_signals.c (mode providers) exports through two OTLP readers,
// each to a receiver of its own (tests/node/receiver.js, decoding with the
// OpenTelemetry project's protobuf definitions; for gRPC two
// tests/node/grpc_server.js). Provider A has reader A, provider B reader B;
// each has a meter "app" with a counter "mp.jobs" (1 under A, 20 under B),
// and the default provider (every reader) a meter "app" of its own with
// "mp.jobs" (300) and "mp.total" (4000) on its default meter. Each reader
// must get its own provider's points and the default provider's, and none
// of the other provider's; the two meters named "app" stay two scopes.
// Ends with "# meter-providers: N passed, N failed".
const path = require('path');
const { check, eq, fail, finish, startReceiver, received, stop, startGrpcServer, grpcControl, runJson } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_signals');

const emit = (args, env) => runJson(EMIT, args, env);
// "scope/metric" -> the values of its sum points, over every request, each
// ScopeMetrics counted (two scopes of one name: two entries)
function pointsOf(reqs) {
  const out = {};
  for (const q of reqs) for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || [])
    for (const m of sm.metrics || []) {
      const k = `${sm.scope && sm.scope.name}/${m.name}`;
      for (const p of (m.sum && m.sum.dataPoints) || []) (out[k] = out[k] || []).push(Number(p.asInt));
    }
  for (const k of Object.keys(out)) out[k].sort((a, b) => a - b);
  return out;
}

async function providersCheck(protocol) {
  const grpc = protocol === 'grpc';
  const ra = grpc ? await startGrpcServer() : await startReceiver(), rb = grpc ? await startGrpcServer() : await startReceiver();
  const url = (r) => `http://127.0.0.1:${r.port}${grpc ? '' : '/v1/metrics'}`;
  const out = emit(['providers'], {
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',   // only the readers' own endpoints
    OTEL_METRIC_EXPORT_INTERVAL: '60000',   // one export each, at the flush
    READER_A_URL: url(ra), READER_B_URL: url(rb), OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
  const got = async (r) => (grpc ? (await grpcControl(r, 'GET', '/_received')).requests : await received(r)).filter((q) => q.path === '/v1/metrics');
  const qa = await got(ra), qb = await got(rb);
  stop(ra); stop(rb);
  const T = `meter providers ${protocol}:`;
  check(`${T} emitter ran, made two providers and flushed`, out && out.flush === 0 && out.providers === 1, out);
  check(`${T} both readers exported, decoded without errors`,
        qa.length >= 1 && qb.length >= 1 && qa.concat(qb).every((q) => q.decoded && q.errors.length === 0), [qa.length, qb.length]);
  if (!qa.length || !qb.length) return;
  const A = pointsOf(qa.slice(-1)), Bp = pointsOf(qb.slice(-1));
  eq(`${T} reader A: provider A's meter "app" and the default provider's, two scopes`, A['app/mp.jobs'], [1, 300]);
  eq(`${T} reader B: provider B's meter "app" and the default provider's, two scopes`, Bp['app/mp.jobs'], [20, 300]);
  eq(`${T} reader A: the default meter's instrument`, A['otel.h/mp.total'], [4000]);
  eq(`${T} reader B: the default meter's instrument`, Bp['otel.h/mp.total'], [4000]);
}

(async () => {
  try {
    await providersCheck('http/protobuf');
    await providersCheck('grpc');
  } catch (e) {
    fail('exception', e.stack);
  }
  finish('meter-providers');
})();
