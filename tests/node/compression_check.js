'use strict';
// End-to-end tests of OTEL_EXPORTER_OTLP_COMPRESSION: tests/emit_signals.c
// exports spans, metrics and log records with gzip to tests/node/receiver.js
// (OTLP/HTTP: Node's zlib inflates by Content-Encoding, the official
// definitions decode) and to tests/node/grpc_server.js (OTLP/gRPC: grpc-js
// inflates by grpc-encoding and the message's compressed flag). Also: the
// per-signal variable overriding the general one, an unknown value, and a
// build without OTEL_ZLIB (one warning, sent uncompressed).
// Ends with "# compression: N passed, N failed".
const { spawnSync } = require('child_process');
const path = require('path'), fs = require('fs'), os = require('os');
const { check, eq, finish, startReceiver, control, received, stop, startGrpcServer, grpcControl } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_signals');
function emit(exe, env) {
  const res = spawnSync(exe, ['all'], { env: Object.assign({}, process.env, env), encoding: 'utf8', timeout: 30000 });
  const line = (res.stdout || '').trim().split('\n').pop();
  let out = null;
  try { out = JSON.parse(line); } catch (e) { /* none */ }
  return { out, stderr: res.stderr || '' };
}
const SIGNALS = ['/v1/traces', '/v1/metrics', '/v1/logs'];
// what arrived, per signal path: item counts as decoded
function items(reqs) {
  const n = { '/v1/traces': 0, '/v1/metrics': 0, '/v1/logs': 0 };
  for (const q of reqs) {
    const d = q.decoded || {};
    for (const r of d.resourceSpans || []) for (const s of r.scopeSpans || []) n[q.path] += (s.spans || []).length;
    for (const r of d.resourceMetrics || []) for (const s of r.scopeMetrics || []) n[q.path] += (s.metrics || []).length;
    for (const r of d.resourceLogs || []) for (const s of r.scopeLogs || []) n[q.path] += (s.logRecords || []).length;
  }
  return n;
}
const httpEnv = (r, more) => Object.assign({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_SERVICE_NAME: 'gz',
                                             OTEL_BLRP_SCHEDULE_DELAY: '20' }, more);

async function overHttp() {
  const r = await startReceiver();
  try {
    const plain = emit(EMIT, httpEnv(r, {}));
    const preqs = await received(r);
    await control(r, 'POST', '/_reset');
    const gz = emit(EMIT, httpEnv(r, { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }));
    const greqs = await received(r);
    check('http: both runs flushed', plain.out && plain.out.flush === 0 && gz.out && gz.out.flush === 0, [plain.out, gz.out]);
    for (const s of SIGNALS) {
      const g = greqs.filter((q) => q.path === s), p = preqs.filter((q) => q.path === s);
      check(`http ${s}: gzip requests arrived`, g.length > 0 && g.every((q) => q.headers['content-encoding'] === 'gzip'),
            g.map((q) => q.headers['content-encoding']));
      check(`http ${s}: decoded without errors`, g.every((q) => q.errors.length === 0 && q.answeredStatus === 200), g.map((q) => q.errors));
      check(`http ${s}: smaller on the wire than decoded`, g.every((q) => q.wireLength < q.rawLength),
            g.map((q) => [q.wireLength, q.rawLength]));
      check(`http ${s}: uncompressed run sent no Content-Encoding`, p.length > 0 && p.every((q) => !q.headers['content-encoding']));
    }
    eq('http: the same items arrive with and without gzip', items(greqs), items(preqs));
    check('http: no warning with gzip', !/compression|gzip/i.test(gz.stderr), gz.stderr);

    // per signal: the logs variable wins over the general one
    await control(r, 'POST', '/_reset');
    emit(EMIT, httpEnv(r, { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'none' }));
    let reqs = await received(r);
    const enc = (p) => [...new Set(reqs.filter((q) => q.path === p).map((q) => q.headers['content-encoding'] || 'none'))];
    eq('http: per-signal COMPRESSION overrides the general one', SIGNALS.map(enc), [['gzip'], ['gzip'], ['none']]);

    // an unknown value: warned, sent uncompressed, the rest kept
    await control(r, 'POST', '/_reset');
    const bad = emit(EMIT, httpEnv(r, { OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' }));
    reqs = await received(r);
    check('http: unknown compression warned', /unknown OTLP compression 'brotli'/.test(bad.stderr), bad.stderr);
    eq('http: unknown compression: everything arrives uncompressed', items(reqs), items(preqs));

    // a build without zlib: one warning, uncompressed, delivered
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-nozlib-'));
    const exe = path.join(tmp, 'emit_signals');
    const cc = spawnSync('cc', ['-std=c11', '-O0', '-I', ROOT, '-I', path.join(ROOT, 'tests'), path.join(ROOT, 'tests', 'emit_signals.c'),
                                '-o', exe, '-lpthread', '-lmbedtls', '-lmbedx509', '-lmbedcrypto', '-lprotobuf-nanopb'], { encoding: 'utf8' });
    check('no zlib: builds without OTEL_ZLIB and -lz', cc.status === 0, cc.stderr);
    if (cc.status === 0) {
      await control(r, 'POST', '/_reset');
      const nz = emit(exe, httpEnv(r, { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }));
      reqs = await received(r);
      const warns = nz.stderr.split('\n').filter((l) => /gzip/.test(l));
      check('no zlib: gzip asked for: one warning naming OTEL_ZLIB', warns.length === 1 && /OTEL_ZLIB/.test(warns[0]), nz.stderr);
      check('no zlib: sent uncompressed', reqs.length > 0 && reqs.every((q) => !q.headers['content-encoding'] && q.errors.length === 0));
      eq('no zlib: everything arrives', items(reqs), items(preqs));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  } finally { stop(r); }
}

const grpcReceived = async (s) => (await grpcControl(s, 'GET', '/_received')).requests;

async function overGrpc() {
  const s = await startGrpcServer();
  try {
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${s.port}`,
                  OTEL_SERVICE_NAME: 'gz', OTEL_BLRP_SCHEDULE_DELAY: '20' };
    const plain = emit(EMIT, env);
    const preqs = await grpcReceived(s);
    const pstats = await grpcControl(s, 'GET', '/_stats');
    await grpcControl(s, 'POST', '/_reset');
    const gz = emit(EMIT, Object.assign({ OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, env));
    const greqs = await grpcReceived(s);
    const gstats = await grpcControl(s, 'GET', '/_stats');
    check('grpc: both runs flushed', plain.out && plain.out.flush === 0 && gz.out && gz.out.flush === 0, [plain.out, gz.out, gz.stderr]);
    eq('grpc: uncompressed calls: identity, flag 0', Object.keys(pstats.encodings || {}), ['identity/0']);
    const gzipCalls = (gstats.encodings || {})['gzip/1'] || 0;
    check('grpc: gzip calls: grpc-encoding gzip and the compressed flag, nothing else',
          gzipCalls > 0 && Object.keys(gstats.encodings).length === 2 && gstats.encodings['identity/0'] === pstats.encodings['identity/0'],
          [gstats.encodings, pstats.encodings]);
    for (const p of SIGNALS) {
      const g = greqs.filter((q) => q.path === p);
      check(`grpc ${p}: gzip calls decoded without errors`, g.length > 0 && g.every((q) => q.errors.length === 0), g.map((q) => q.errors));
    }
    eq('grpc: the same items arrive with and without gzip', items(greqs), items(preqs));
  } finally { stop(s); }
}

(async () => {
  await overHttp();
  await overGrpc();
  finish('compression');
})().catch((e) => { console.log(`FAIL compression: ${e.stack}`); finish('compression'); });
