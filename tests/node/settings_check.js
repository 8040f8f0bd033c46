'use strict';
// End-to-end tests of exporter settings and diagnostics with real servers:
// an OTLP/HTTP exporter pointed at a gRPC server (grpc-js) and an OTLP/gRPC
// exporter pointed at an HTTP/1.1 server (Node's http, tests/node/receiver.js)
// each warn what to set; OTEL_LOG_LEVEL=error silences that;
// OTEL_EXPORTER_OTLP_INSECURE (and per signal) makes a scheme-less gRPC
// endpoint plain h2c, TLS otherwise. Ends with "# settings: N passed, N failed".
const { spawnSync } = require('child_process');
const path = require('path');
const { check, eq, finish, startReceiver, stop, startGrpcServer, grpcControl } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_spans');
function emit(env) {
  // 20 spans from two threads, then a shutdown of at most 1.5 s
  const res = spawnSync(EMIT, ['load', '10'], { env: Object.assign({}, process.env, { OTEL_SERVICE_NAME: 'settings', EMIT_FLUSH_MS: '1500' }, env),
                                          encoding: 'utf8', timeout: 30000 });
  return res.stderr || '';
}
// what the gRPC server got (or, with reset, forget it)
const grpcReceived = async (s, reset) => (await grpcControl(s, reset ? 'POST' : 'GET', reset ? '/_reset' : '/_received')).requests;
const lines = (err, re) => err.split('\n').filter((l) => re.test(l));

(async () => {
  const g = await startGrpcServer();
  const r = await startReceiver();
  try {
    // OTLP/HTTP into a gRPC port
    const quick = { OTEL_EXPORTER_OTLP_TIMEOUT: '2000' };
    let err = emit(Object.assign({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${g.port}` }, quick));
    const h2 = lines(err, /answered in HTTP\/2/);
    check('http/protobuf at a gRPC server: a warning that says to set OTEL_EXPORTER_OTLP_PROTOCOL=grpc',
          h2.length >= 1 && h2.every((l) => l.includes('OTEL_EXPORTER_OTLP_PROTOCOL=grpc')), err);
    err = emit(Object.assign({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${g.port}`, OTEL_LOG_LEVEL: 'error' }, quick));
    eq('OTEL_LOG_LEVEL=error: no warnings', err.trim(), '');

    // OTLP/gRPC into an HTTP/1.1 port
    err = emit(Object.assign({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}` }, quick));
    const h1 = lines(err, /answered in HTTP\/1/);
    check('grpc at an HTTP/1.1 server: a warning that says to set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
          h1.length >= 1 && h1.every((l) => l.includes('OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf')), err);
    check('no such warning when the protocols match', !/answered in HTTP/.test(
      emit({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}` })));

    // INSECURE: a gRPC endpoint without a scheme
    const grpcEnv = { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `127.0.0.1:${g.port}` };
    await grpcReceived(g, true);
    emit(Object.assign({ OTEL_EXPORTER_OTLP_INSECURE: 'true' }, grpcEnv));
    let got = (await grpcReceived(g)).filter((q) => q.path === '/v1/traces' && q.errors.length === 0);
    check('INSECURE=true: host:port is plain h2c, and the spans arrive', got.length > 0, got.length);
    await grpcReceived(g, true);
    emit(Object.assign({ OTEL_EXPORTER_OTLP_TRACES_INSECURE: 'true', OTEL_EXPORTER_OTLP_INSECURE: 'false' }, grpcEnv));
    got = (await grpcReceived(g)).filter((q) => q.path === '/v1/traces');
    check('OTEL_EXPORTER_OTLP_TRACES_INSECURE over the general one', got.length > 0, got.length);
    await grpcReceived(g, true);
    err = emit(Object.assign({}, grpcEnv, quick));
    got = await grpcReceived(g);
    check('INSECURE unset: host:port means TLS, which a plain server cannot answer', got.length === 0 && /failed/.test(err), [got.length, err]);
  } finally { stop(g); stop(r); }
  finish('settings');
})().catch((e) => { console.log(`FAIL settings: ${e.stack}`); finish('settings'); });
