'use strict';
// End-to-end tests of resource detection: tests/emit_spans.c exports to
// tests/node/receiver.js (decoded with the official definitions), and the
// resource is compared with what Node itself says of the host and of the
// process it started: host.name, host.arch, os.type, process.pid,
// process.parent_pid, process.executable.*, process.owner, the C library,
// service.instance.id (a UUID v4, new per run); process.command_args only
// when asked for, secrets redacted; OTEL_RESOURCE_ATTRIBUTES and
// OTEL_SERVICE_NAME over what is detected; OTEL_H_RESOURCE_DETECTORS=none.
// Ends with "# resource: N passed, N failed".
const { spawnSync } = require('child_process');
const path = require('path'), fs = require('fs'), os = require('os');
const { check, eq, finish, startReceiver, control, received, stop, attrMap } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_spans');

// runs the emitter; the resource of its first span request, as a plain object, and its pid
async function resourceOf(r, env, args) {
  await control(r, 'POST', '/_reset');
  const res = spawnSync(EMIT, ['full'].concat(args || []), {
    env: Object.assign({}, process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}` }, env),
    encoding: 'utf8', timeout: 30000 });
  const reqs = (await received(r)).filter((q) => q.path === '/v1/traces' && q.decoded);
  const rs = reqs.length ? reqs[0].decoded.resourceSpans[0] : null;
  return { res: rs ? attrMap(rs.resource.attributes) : {}, raw: rs ? rs.resource.attributes : [], pid: res.pid, stderr: res.stderr || '' };
}
const ARCH = { x64: 'amd64', arm64: 'arm64', ia32: 'x86', arm: 'arm32', ppc64: 'ppc64', s390x: 's390x' };
const num = (v) => (v === undefined ? undefined : Number(v));

(async () => {
  const r = await startReceiver();
  try {
    const a = await resourceOf(r, { OTEL_SERVICE_NAME: 'res' });
    const x = a.res;
    eq('host.name is the host name', x['host.name'], os.hostname());
    eq('host.arch in the conventions\' values', x['host.arch'], ARCH[process.arch] || process.arch);
    eq('os.type', x['os.type'], os.platform());
    check('os.description names the kernel release', typeof x['os.description'] === 'string' && x['os.description'].includes(os.release()), x['os.description']);
    eq('os.version is the kernel release', x['os.version'], os.release());
    eq('process.pid is the emitter\'s', num(x['process.pid']), a.pid);
    eq('process.parent_pid is this test\'s', num(x['process.parent_pid']), process.pid);
    eq('process.executable.name', x['process.executable.name'], 'emit_spans');
    eq('process.executable.path', x['process.executable.path'], fs.realpathSync(EMIT));
    eq('process.owner', x['process.owner'], os.userInfo().username);
    const glibc = process.report.getReport().header.glibcVersionRuntime;
    if (glibc) eq('process.runtime: the C library', [x['process.runtime.name'], x['process.runtime.version']], ['glibc', glibc]);
    check('service.instance.id is a UUID v4', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(x['service.instance.id'] || ''), x['service.instance.id']);
    eq('service.name from OTEL_SERVICE_NAME', x['service.name'], 'res');
    check('no process.command_args unless asked for', !('process.command_args' in x), x['process.command_args']);
    const keys = a.raw.map((k) => k.key);
    eq('each key once', keys.length, new Set(keys).size);

    const b = await resourceOf(r, { OTEL_SERVICE_NAME: 'res' });
    check('service.instance.id new per process start', b.res['service.instance.id'] && b.res['service.instance.id'] !== x['service.instance.id']);

    const c = await resourceOf(r, { OTEL_RESOURCE_ATTRIBUTES: 'host.name=configured,service.instance.id=pod-7,service.name=from-attrs',
                                    OTEL_SERVICE_NAME: 'wins' });
    eq('OTEL_RESOURCE_ATTRIBUTES over detected, OTEL_SERVICE_NAME over both',
       [c.res['host.name'], c.res['service.instance.id'], c.res['service.name']], ['configured', 'pod-7', 'wins']);

    const d = await resourceOf(r, { OTEL_H_RESOURCE_DETECTORS: 'host,process,command_args' },
                               ['--password=hunter2', 'Authorization: Bearer abcdefghijklmnopqrstu', 'plain']);
    const args = d.res['process.command_args'];
    const vals = args && args.values ? args.values.map((v) => v.stringValue) : null;
    check('process.command_args when asked for: argv as a string array', vals && vals.length === 5 && vals[0] === EMIT &&
          vals[1] === 'full' && vals[4] === 'plain', vals);
    check('process.command_args: secrets redacted', vals && !JSON.stringify(vals).includes('hunter2') &&
          !JSON.stringify(vals).includes('abcdefghijklmnopqrstu') && JSON.stringify(vals).includes('[REDACTED]'), vals);
    check('a list of detectors: only those', d.res['host.name'] && d.res['process.owner'] && !d.res['os.type'] &&
          !d.res['service.instance.id'] && !d.res['process.runtime.name'], Object.keys(d.res));

    const e = await resourceOf(r, { OTEL_H_RESOURCE_DETECTORS: 'none' });
    eq('detectors off: the SDK\'s, the service and the pid only', Object.keys(e.res).sort(),
       ['process.pid', 'service.name', 'telemetry.sdk.language', 'telemetry.sdk.name', 'telemetry.sdk.version']);

    const f = await resourceOf(r, { OTEL_H_RESOURCE_DETECTORS: 'host,nonsense' });
    check('an unknown detector: warned, the rest kept', /unknown detector 'nonsense'/.test(f.stderr) && f.res['host.name'] === os.hostname() &&
          !f.res['os.type'], [f.stderr, Object.keys(f.res)]);
  } finally { stop(r); }
  finish('resource');
})().catch((e) => { console.log(`FAIL resource: ${e.stack}`); finish('resource'); });
