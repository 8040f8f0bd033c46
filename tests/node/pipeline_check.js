'use strict';
// The pipeline example (examples/pipeline.c, with its instrumented tool
// examples/agent_tool.c) against backends that decode with the official
// protobuf definitions — the OTLP/HTTP receiver, and the OTLP/gRPC server on
// @grpc/grpc-js in cleartext and over TLS: the structure of its one trace
// across threads and processes, its events, metrics and log records, and
// that no secret appears anywhere in the bytes received.
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs'), http = require('http'), os = require('os'), path = require('path');
const harness = require('./harness');
const { fail, finish, startReceiver, received, stop, attrMap: attrs, rawText } = harness;

const ROOT = path.resolve(__dirname, '..', '..');
const B = path.join(ROOT, 'build', 'examples');
const SECRET = 'sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e';

function runPipeline(env) {
  return spawnSync(path.join(B, 'pipeline'), ['--tool', path.join(B, 'agent_tool'), '--work-ms', '1'], {
    env: Object.assign({}, process.env, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' }, env),
    encoding: 'utf8', timeout: 60000 });
}

// the OTLP/gRPC test server: "LISTENING <grpc port> CONTROL <http port>"
function startGrpc(args) {
  return new Promise((resolve, reject) => {
    const p = spawn('node', [path.join(__dirname, 'grpc_server.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => { buf += d; const m = /LISTENING (\d+) CONTROL (\d+)/.exec(buf); if (m) resolve({ proc: p, port: Number(m[1]), control: Number(m[2]) }); });
    p.on('exit', (c) => reject(new Error(`grpc server exited ${c}`)));
  });
}
function grpcReceived(g) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: g.control, path: '/_received', agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()).requests));
    }).on('error', reject);
  });
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

function verify(L, run, reqs) {
  const check = (n, ...a) => harness.check(`${L}: ${n}`, ...a);
  const eq = (n, ...a) => harness.eq(`${L}: ${n}`, ...a);
  check('pipeline ran', run.status === 0 && /pipeline done/.test(run.stdout), [run.status, run.stdout, run.stderr]);
  check('every request decoded without errors', reqs.length > 0 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));

  // spans, with the resource of the process that sent them
  const spans = [];
  for (const q of reqs) if (q.path === '/v1/traces' && q.decoded)
    for (const rs of q.decoded.resourceSpans || []) {
      const res = attrs(rs.resource.attributes);
      for (const ss of rs.scopeSpans || []) for (const s of ss.spans || []) spans.push(Object.assign(s, { res, a: attrs(s.attributes) }));
    }
  const traces = new Set(spans.map((s) => s.traceId));
  eq('exactly one trace', traces.size, 1);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const root = spans.filter((s) => s.name === 'pipeline run');
  eq('one root span', root.length, 1);
  const R = root[0] || {};
  check('the root has no parent', R && !R.parentSpanId);
  const stages = spans.filter((s) => ['plan', 'build', 'review'].includes(s.name));
  eq('three stages, children of the root', ['plan', 'build', 'review'].map((n) => {
    const st = stages.filter((s) => s.name === n);
    return st.length === 1 && st[0].parentSpanId === R.spanId;
  }), [true, true, true]);
  check('stages run in sequence', stages.length === 3 && [...stages].sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)))
    .every((s, i, arr) => i === 0 || BigInt(s.startTimeUnixNano) >= BigInt(arr[i - 1].endTimeUnixNano)));
  const agents = spans.filter((s) => s.a['gen_ai.operation.name'] === 'invoke_agent');
  eq('nine agents', agents.length, 9);
  for (const st of stages) {
    const kids = agents.filter((a) => a.parentSpanId === st.spanId);
    eq(`stage ${st.name}: three agent siblings under it`, kids.length, 3);
    eq(`stage ${st.name}: each agent on a thread of its own`, new Set(kids.map((a) => a.a['thread.id'])).size, 3);
    const ev = (n) => (st.events || []).find((e) => e.name === n);
    const gate = ev('quality_gate'), cons = ev('consensus');
    check(`stage ${st.name}: quality gate event with its attributes`, gate && ['gate.name', 'gate.passed', 'gate.score'].every((k) => k in attrs(gate.attributes)), gate);
    check(`stage ${st.name}: consensus event with its attributes`, cons && attrs(cons.attributes)['consensus.responses'] === '3' &&
          'consensus.conflicts' in attrs(cons.attributes) && 'consensus.resolution' in attrs(cons.attributes), cons);
  }
  for (const ag of agents) {
    check(`agent ${ag.a['gen_ai.agent.name']}: gen_ai attributes`, ag.a['gen_ai.provider.name'] === 'openai' && /^gpt-4o/.test(ag.a['gen_ai.request.model']) &&
          /^\d+$/.test(ag.a['gen_ai.usage.input_tokens']) && /^\d+$/.test(ag.a['gen_ai.usage.output_tokens']), ag.a);
  }
  const chats = spans.filter((s) => s.name === 'chat');
  check('model calls are client spans under their agents', chats.length >= 17 && chats.every((c) => c.kind === 3 && byId.get(c.parentSpanId) &&
        byId.get(c.parentSpanId).a['gen_ai.operation.name'] === 'invoke_agent'), chats.length);
  const sel = (R.events || []).find((e) => e.name === 'model_selection');
  check('model selection event with its attributes', sel && attrs(sel.attributes)['gen_ai.request.model'] === 'gpt-4o-mini' &&
        'selection.reason' in attrs(sel.attributes), sel);
  const tester = agents.find((a) => a.a['gen_ai.agent.name'] === 'tester');
  check('the failing agent has error status', tester && tester.status && tester.status.code === 2, tester && tester.status);
  const exc = tester && (tester.events || []).find((e) => e.name === 'exception');
  eq('and an exception event', exc && attrs(exc.attributes)['exception.type'], 'RateLimitError');
  // across the process boundary
  const exec = spans.find((s) => s.name === 'agent_tool');
  const runner = agents.find((a) => a.a['gen_ai.agent.name'] === 'tool-runner');
  check('the exec span is a child of its agent', exec && runner && exec.parentSpanId === runner.spanId);
  check('the exec span records pid and exit code', exec && /^\d+$/.test(exec.a['process.pid']) && exec.a['process.exit.code'] === '0', exec && exec.a);
  const tool = spans.find((s) => s.name === 'tool search');
  check("the child process's span is a child of the exec span", tool && exec && tool.parentSpanId === exec.spanId && tool.traceId === exec.traceId);
  check('and its resource carries its own pid and service', tool && exec && tool.res['process.pid'] === exec.a['process.pid'] &&
        tool.res['process.pid'] !== R.res['process.pid'] && tool.res['service.name'] === 'agent-tool', tool && tool.res);
  check("the tool's own children follow", spans.filter((s) => tool && s.parentSpanId === tool.spanId).length === 2);
  check('the API key attribute arrives redacted', agents.every((a) => a.a['llm.api_key'] === '[REDACTED]'));
  const args = exec && exec.attributes.find((x) => x.key === 'process.command_args');
  check('the command line arrives with the key redacted', args && JSON.stringify(args.value).includes('--api-key=[REDACTED]'), args);

  // metrics and log records
  const metrics = {};
  for (const q of reqs) if (q.path === '/v1/metrics' && q.decoded)
    for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) for (const m of sm.metrics || []) metrics[m.name] = m;
  for (const n of ['gen_ai.client.token.usage', 'gen_ai.client.operation.duration', 'agent.execution.duration', 'agent.executions', 'process.executions'])
    check(`metric ${n} arrived`, !!metrics[n], Object.keys(metrics));
  const outcomes = metrics['agent.executions'] ? metrics['agent.executions'].sum.dataPoints.reduce((o, p) => {
    const k = attrs(p.attributes).outcome; o[k] = (o[k] || 0) + Number(p.asInt); return o; }, {}) : {};
  eq('agent outcomes: 8 successes, 1 failure', outcomes, { success: 8, failure: 1 });
  const logs = [];
  for (const q of reqs) if (q.path === '/v1/logs' && q.decoded)
    for (const rl of q.decoded.resourceLogs || []) for (const sl of rl.scopeLogs || []) for (const l of sl.logRecords || []) logs.push(l);
  eq('log records: a prompt and three API requests', logs.map((l) => l.eventName).sort(), ['api_request', 'api_request', 'api_request', 'user_prompt']);
  check('log records carry the trace', logs.every((l) => l.traceId === R.traceId));
  check('the prompt is redacted', logs.some((l) => l.eventName === 'user_prompt' && attrs(l.attributes).prompt === '[REDACTED]'));
  const raw = rawText(reqs);
  check('no secret anywhere in the bytes received', raw.length > 1000 && !raw.includes(SECRET) && !raw.includes('sk-proj'));
}

(async () => {
  try {
    const r = await startReceiver();
    const run = runPipeline({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}` });
    verify('http/protobuf', run, await received(r));
    stop(r);

    const g = await startGrpc([]);
    const grun = runPipeline({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${g.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    verify('grpc h2c', grun, await grpcReceived(g));
    stop(g);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-pipeline-'));
    makeCerts(dir);
    const t = await startGrpc(['--tls-cert', path.join(dir, 'server.pem'), '--tls-key', path.join(dir, 'server.key')]);
    const trun = runPipeline({ OTEL_EXPORTER_OTLP_ENDPOINT: `https://localhost:${t.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
                               OTEL_EXPORTER_OTLP_CERTIFICATE: path.join(dir, 'ca.pem') });
    verify('grpc tls', trun, await grpcReceived(t));
    stop(t);
    fs.rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    fail('exception', e.stack);
  }
  finish('pipeline');
})();
