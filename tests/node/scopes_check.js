'use strict';
// End to end, instrumentation scopes: tests/emit_signals.c (mode scopes)
// begins spans on two named tracers and the default one, interleaved
// (inline, from a location record, with a parent), emits log records on a
// named logger and the default one and records metrics on a named meter
// and the default one; scope attributes on the named tracer, logger and
// meter. Exported over OTLP/HTTP protobuf and JSON to tests/node/receiver.js
// and over OTLP/gRPC to tests/node/grpc_server.js (both decode with the
// OpenTelemetry project's own definitions): each request has one
// ScopeSpans / ScopeLogs / ScopeMetrics per scope, with the right name,
// version, schema URL and attributes, holding exactly that scope's records.
// The resource's schema URL (ResourceSpans/ResourceMetrics/ResourceLogs
// schema_url): the configured one (RESOURCE_SCHEMA_URL, into
// otel_config.resource_schema_url), else with the resource detectors on the
// semantic conventions version their attribute names follow, else none.
// Ends with "# scopes: N passed, N failed".
const { spawnSync } = require('child_process');
const path = require('path');
const { check, eq, finish, startReceiver, control, received, stop, attrMap, startGrpcServer, grpcControl } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_signals');
const URL = 'https://opentelemetry.io/schemas/1.26.0';
const RES_URL = 'https://example.com/schemas/resource-7';
const SEMCONV_URL = 'https://opentelemetry.io/schemas/1.31.0';   // the detectors' attribute names (host.name, os.type, ...)

// what each scope must carry: version, schema URL, attributes, and its records' names
const WANT = {
  spans: {
    'otel.h': { records: ['default.child', 'default.root'] },
    'lib.alpha': { version: '1.0.0', schemaUrl: URL, attrs: {}, records: ['alpha.one', 'alpha.two'] },
    'lib.beta': { version: '2.1', attrs: { 'lib.kind': 'beta', 'lib.shard': '7' }, records: ['beta.located', 'beta.parented'] },
  },
  logs: {
    'otel.h': { records: ['default one'] },
    'lib.logger': { version: '3.0', schemaUrl: URL, attrs: { 'log.component': 'parser' }, records: ['named one', 'named two'] },
  },
  metrics: {
    'otel.h': { records: ['default.requests'] },
    'lib.meter': { version: '4.0', schemaUrl: URL, attrs: { 'meter.beta': true }, records: ['lib.requests'] },
  },
};
const LISTS = { spans: ['resourceSpans', 'scopeSpans', 'spans'], logs: ['resourceLogs', 'scopeLogs', 'logRecords'],
                metrics: ['resourceMetrics', 'scopeMetrics', 'metrics'] };
const PATHS = { spans: '/v1/traces', logs: '/v1/logs', metrics: '/v1/metrics' };
const nameOf = (sig, x) => (sig === 'logs' ? x.body && x.body.stringValue : x.name);

function verify(P, reqs, resUrl) {
  for (const sig of Object.keys(WANT)) {
    const [rl, sl, il] = LISTS[sig];
    const got = {};   // scope name -> { scope, schemaUrl, records }
    const mine = reqs.filter((q) => q.path === PATHS[sig] && q.decoded);
    check(`${P} ${sig}: decoded without errors`, mine.length > 0 && mine.every((q) => !q.errors || q.errors.length === 0),
          mine.map((q) => q.errors));
    const urls = [...new Set(mine.flatMap((q) => (q.decoded[rl] || []).map((rs) => rs.schemaUrl || null)))];
    eq(`${P} ${sig}: the resource's schema URL`, urls, [resUrl]);
    let once = true;
    for (const q of mine) for (const rs of q.decoded[rl] || []) {
      const seen = new Set();
      for (const ss of rs[sl] || []) {
        const name = ss.scope && ss.scope.name;
        if (seen.has(name)) once = false;   // two of one scope in one request
        seen.add(name);
        const g = got[name] || (got[name] = { scope: ss.scope, schemaUrl: ss.schemaUrl, records: [] });
        for (const x of ss[il] || []) if (sig !== 'metrics' || (x.name || '').match(/requests$/)) g.records.push(nameOf(sig, x));
      }
    }
    check(`${P} ${sig}: one Scope${sl.slice(5)} per scope in each request`, once);
    for (const [name, w] of Object.entries(WANT[sig])) {
      const g = got[name];
      check(`${P} ${sig}: scope ${name} arrived`, !!g, Object.keys(got));
      if (!g) continue;
      // (metrics: cumulative, exported at the flush and again at shutdown)
      const recs = sig === 'metrics' ? [...new Set(g.records)] : g.records;
      eq(`${P} ${sig}: scope ${name} holds its records, only those`, recs.sort(), w.records);
      if (name === 'otel.h') continue;
      eq(`${P} ${sig}: scope ${name} version`, g.scope.version, w.version);
      eq(`${P} ${sig}: scope ${name} schema URL`, g.schemaUrl, w.schemaUrl);
      eq(`${P} ${sig}: scope ${name} attributes`, attrMap(g.scope.attributes), w.attrs);
    }
  }
}

function run(env) {
  const res = spawnSync(EMIT, ['scopes'], { env: Object.assign({}, process.env, { OTEL_BLRP_SCHEDULE_DELAY: '20' }, env),
                                            encoding: 'utf8', timeout: 30000 });
  let out = null;
  try { out = JSON.parse((res.stdout || '').trim().split('\n').pop()); } catch (e) { /* none */ }
  return { out, stderr: res.stderr || '' };
}

(async () => {
  const r = await startReceiver();
  try {
    // [protocol, extra environment, the resource schema URL expected]
    for (const [protocol, env, resUrl] of [['http/protobuf', { RESOURCE_SCHEMA_URL: RES_URL }, RES_URL],
                                           ['http/json', { RESOURCE_SCHEMA_URL: RES_URL }, RES_URL],
                                           ['http/protobuf', {}, SEMCONV_URL],
                                           ['http/json', {}, SEMCONV_URL],
                                           ['http/protobuf', { OTEL_H_RESOURCE_DETECTORS: 'none' }, null],
                                           ['http/json', { OTEL_H_RESOURCE_DETECTORS: 'none' }, null]]) {
      const P = `${protocol} (resource schema URL ${resUrl})`;
      await control(r, 'POST', '/_reset');
      const { out, stderr } = run(Object.assign({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol }, env));
      check(`${P}: emitter flushed, no warning`, out && out.flush === 0 && !/otel:/.test(stderr), [out, stderr]);
      verify(P, await received(r), resUrl);
    }
  } finally { stop(r); }
  const g = await startGrpcServer();
  try {
    await grpcControl(g, 'POST', '/_reset');
    const { out, stderr } = run({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${g.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
                                  RESOURCE_SCHEMA_URL: RES_URL });
    check('grpc: emitter flushed, no warning', out && out.flush === 0 && !/otel:/.test(stderr), [out, stderr]);
    verify('grpc', (await grpcControl(g, 'GET', '/_received')).requests, RES_URL);
  } finally { stop(g); }
  finish('scopes');
})().catch((e) => { console.log(`FAIL scopes: ${e.stack}`); finish('scopes'); });
