'use strict';
// End to end, the instrument API: tests/emit_signals.c (mode meters)
// exports over OTLP/HTTP protobuf and JSON to tests/node/receiver.js and
// over OTLP/gRPC to tests/node/grpc_server.js (both decode with the
// OpenTelemetry project's own definitions). What arrives:
// - the attribute keys advice (otel_instrument_create_ex): only the advised
//   key on the points of a counter and of a histogram (with its advised
//   bucket boundaries); a view's attribute keys win over the advice;
// - descriptions: one of 1100 characters cut to 1023 whole characters, one
//   with a byte that is not UTF-8 cut before it, a valid one as it is;
// - a meter without a name: its metric under a scope named "" (warned),
//   not under the default scope;
// - meters disabled at run time (otel_meter_set_enabled): the disabled
//   meter's metrics are not exported at all; the meter disabled and enabled
//   again exports what was recorded while enabled only (1 + 100).
// Ends with "# meters: N passed, N failed".
const { spawnSync } = require('child_process');
const path = require('path');
const { check, eq, finish, startReceiver, control, received, stop, attrMap, startGrpcServer, grpcControl } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_signals');

function run(env) {
  const res = spawnSync(EMIT, ['meters'], { env: Object.assign({}, process.env, env), encoding: 'utf8', timeout: 30000 });
  let out = null;
  try { out = JSON.parse((res.stdout || '').trim().split('\n').pop()); } catch (e) { /* none */ }
  return { out, stderr: res.stderr || '' };
}

// scope name -> metric name -> metric, over every request (the last one wins)
function byScope(reqs) {
  const got = {};
  for (const q of reqs) for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) {
    const name = (sm.scope && sm.scope.name) || '';
    const g = got[name] || (got[name] = {});
    for (const m of sm.metrics || []) g[m.name] = m;
  }
  return got;
}
const points = (m) => (m && (m.sum || m.histogram || m.gauge) || { dataPoints: [] }).dataPoints;
const sorted = (xs) => xs.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

function verify(P, reqs, out, stderr) {
  check(`${P}: emitter flushed; set_enabled gave OTEL_OK`, out && out.flush === 0 && JSON.stringify(out.set) === '[0,0,0]', out);
  const mine = reqs.filter((q) => q.path === '/v1/metrics' && q.decoded);
  check(`${P}: decoded without errors`, mine.length > 0 && mine.every((q) => !q.errors || q.errors.length === 0), mine.map((q) => q.errors));
  if (!mine.length) return;
  const S = byScope(mine), D = S['otel.h'] || {};
  // the attribute keys advice
  eq(`${P}: advice: only http.route kept on the counter's points`,
     sorted(points(D['advised.requests']).map((p) => [attrMap(p.attributes), p.asInt])),
     [[{ 'http.route': '/a' }, '3'], [{ 'http.route': '/b' }, '3']]);
  eq(`${P}: advice: a view's attribute keys win over the advice`,
     sorted(points(D['advised.viewed']).map((p) => [attrMap(p.attributes), p.asInt])),
     [[{ 'client.port': '50000' }, '2'], [{ 'client.port': '50001' }, '2'], [{ 'client.port': '50002' }, '2']]);
  eq(`${P}: advice: the histogram's keys and bucket boundaries`,
     sorted(points(D['advised.duration']).map((p) => [attrMap(p.attributes), p.count, p.explicitBounds, p.bucketCounts])),
     [[{ 'http.route': '/a' }, '3', [1, 2], ['0', '3', '0']], [{ 'http.route': '/b' }, '3', [1, 2], ['0', '3', '0']]]);
  // descriptions
  const long = D['described.long'] && D['described.long'].description;
  check(`${P}: a description of 1100 characters arrives cut to 1023 whole ones`,
        typeof long === 'string' && long.length === 1023 && long === '\u00e9'.repeat(1023), long && long.length);
  eq(`${P}: a description with a byte that is not UTF-8 arrives cut before it`, D['described.bad'] && D['described.bad'].description, 'fine ');
  eq(`${P}: a valid description arrives as it is`, D['described.plain'] && D['described.plain'].description, 'caf\u00e9 \u2013 ok');
  check(`${P}: the cut description was warned about (the next such warning: rate-limited)`,
        /'described.long': description over 1023 characters/.test(stderr), stderr);
  // the meter without a name
  const nameless = S[''] || {};
  eq(`${P}: a meter without a name: its metric under scope "" (version kept), not the default scope`,
     [points(nameless['nameless.requests']).map((p) => p.asInt), !!D['nameless.requests']], [['5'], false]);
  const ns = mine.flatMap((q) => q.decoded.resourceMetrics.flatMap((rm) => rm.scopeMetrics.map((sm) => sm.scope || {})))
    .filter((sc) => !sc.name);
  check(`${P}: the nameless scope's version`, ns.length > 0 && ns.every((sc) => sc.version === '0.1'), ns);
  check(`${P}: the meter without a name was warned about`, /a meter needs a name/.test(stderr), stderr);
  // meters disabled at run time
  check(`${P}: a disabled meter exports nothing`, !S['lib.off'], Object.keys(S['lib.off'] || {}));
  eq(`${P}: disabled, then enabled: only what was recorded while enabled`,
     points((S['lib.toggled'] || {})['toggled.requests']).map((p) => [attrMap(p.attributes), p.asInt]), [[{}, '101']]);
}

(async () => {
  const r = await startReceiver();
  try {
    for (const protocol of ['http/protobuf', 'http/json']) {
      await control(r, 'POST', '/_reset');
      const { out, stderr } = run({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
                                    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'cumulative' });
      verify(protocol, await received(r), out, stderr);
    }
  } finally { stop(r); }
  const g = await startGrpcServer();
  try {
    await grpcControl(g, 'POST', '/_reset');
    const { out, stderr } = run({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${g.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
                                  OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'cumulative' });
    verify('grpc', (await grpcControl(g, 'GET', '/_received')).requests, out, stderr);
  } finally { stop(g); }
  finish('meters');
})().catch((e) => { console.log(`FAIL meters: ${e.stack}`); finish('meters'); });
