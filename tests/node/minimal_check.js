'use strict';
// The smallest build end to end: bench/size/one_span.c (one span, exported
// at shutdown) built the way bench/size/size.sh measures it, with
// -DOTEL_MINIMAL (linked with -lpthread alone: no nanopb, no mbedtls) and
// with the older toggles only (-DOTEL_NO_TLS -DOTEL_NO_GRPC -DOTEL_NO_METRICS),
// each sending to tests/node/receiver.js (the OpenTelemetry project's
// definitions), which answers with a partial success: the full build counts
// and warns about the rejected span, the minimal one (OTEL_NO_PARTIAL_SUCCESS)
// does not decode the answer.
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs'), os = require('os'), path = require('path');
const { check, eq, finish, startReceiver, control, received, stop } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const CC = process.env.CC || 'cc';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-minimal-'));
const OS = ['-std=c11', '-Os', '-Wall', '-Wextra', '-Werror', '-I' + ROOT, '-ffunction-sections', '-fdata-sections', '-Wl,--gc-sections'];
const SRC = path.join(ROOT, 'bench', 'size', 'one_span.c');

function build(name, flags, libs) {
  const out = path.join(dir, name);
  try { execFileSync(CC, OS.concat(flags, [SRC, '-o', out], libs), { stdio: ['ignore', 'ignore', 'pipe'] }); }
  catch (e) { check(`${name}: builds`, false, String(e.stderr || e.message)); return null; }
  check(`${name}: builds`, true);
  return out;
}

async function run(name, bin, decodes, env) {
  const r = await startReceiver();
  await control(r, 'POST', '/_fault', { partialSuccess: { rejected: 1, message: 'too old' }, count: 1 });
  const res = spawnSync(bin, [], { env: Object.assign({}, process.env, env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_SERVICE_NAME: 'minimal' }), encoding: 'utf8', timeout: 20000 });
  const reqs = await received(r);
  stop(r);
  check(`${name}: exits 0`, res.status === 0, { status: res.status, stderr: res.stderr });
  check(`${name}: one request, decoded without errors`, reqs.length === 1 && reqs[0].errors.length === 0, reqs.map((q) => q.errors));
  if (reqs.length !== 1 || !reqs[0].decoded) return;
  eq(`${name}: protobuf`, reqs[0].contentType, 'application/x-protobuf');
  const rs = reqs[0].decoded.resourceSpans || [];
  const spans = rs.flatMap((x) => x.scopeSpans || []).flatMap((x) => x.spans || []);
  eq(`${name}: the span`, spans.map((s) => [s.name, s.traceId.length, s.spanId.length, s.endTimeUnixNano >= s.startTimeUnixNano]),
     [['one', 32, 16, true]]);
  const svc = rs.length && (rs[0].resource.attributes || []).find((a) => a.key === 'service.name');
  eq(`${name}: service.name`, svc && svc.value, { stringValue: 'minimal' });
  const warned = /rejected 1 of 1 spans/.test(res.stderr || '');
  check(`${name}: partial success ${decodes ? 'decoded and warned' : 'not decoded (OTEL_NO_PARTIAL_SUCCESS)'}`, warned === decodes, res.stderr);
}

(async () => {
  const min = build('minimal', ['-DOTEL_MINIMAL'], ['-lpthread']);
  const old = build('older-toggles', ['-DOTEL_NO_TLS', '-DOTEL_NO_GRPC', '-DOTEL_NO_METRICS'], ['-lpthread', '-lprotobuf-nanopb']);
  if (min) await run('minimal', min, false, {});
  if (min) {   // OTEL_NO_JSON: http/json asked for, warned, protobuf sent
    await run('minimal, http/json asked', min, false, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  }
  if (old) await run('older-toggles', old, true, {});
  fs.rmSync(dir, { recursive: true, force: true });
  finish('minimal');
})().catch((e) => { console.log(`FAIL ${e.stack}`); finish('minimal'); });
