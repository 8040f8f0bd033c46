'use strict';
// End to end, a user sampler and ID generator (otel_config.sampler_fn,
// trace_id_fn, span_id_fn): tests/emit_spans.c hooks exports to
// tests/node/receiver.js (decoded with the official definitions). Only the
// spans the sampler sampled arrive (not the dropped one, the record-only
// one, or the one dropped by an attribute given at creation), with the
// generator's ids, the tracestate the sampler set, and trace flags sampled
// without the W3C random flag. Ends with "# sampler_hooks: N passed, N failed".
const { spawnSync } = require('child_process');
const path = require('path');
const { eq, check, finish, startReceiver, control, received, stop } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const B = process.env.B || path.join(ROOT, 'build');
const EMIT = path.join(B, 'gcc', 'emit_spans');

(async () => {
  const r = await startReceiver();
  try {
    await control(r, 'POST', '/_reset');
    const res = spawnSync(EMIT, ['hooks'], {
      env: Object.assign({}, process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }),
      encoding: 'utf8', timeout: 30000 });
    eq('emitter exit status', res.status, 0);
    let out = {};
    try { out = JSON.parse(res.stdout.trim().split('\n').pop()); } catch (e) { check('emitter output is JSON', false, res.stdout); }
    const spans = [];
    for (const q of (await received(r)).filter((x) => x.path === '/v1/traces' && x.decoded))
      for (const rs of q.decoded.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
    const by = Object.fromEntries(spans.map((s) => [s.name, s]));
    eq('only the sampled spans exported', spans.map((s) => s.name).sort(), ['kept', 'root']);
    const root = by.root || {}, kept = by.kept || {};
    eq('root ids from the generator', [root.traceId, root.spanId], ['ababababababababababababababab01', 'cdcdcdcdcdcdcd01']);
    eq('root ids as the program saw them', [root.traceId, root.spanId], [out.root && out.root.traceId, out.root && out.root.spanId]);
    eq('child of the root, its id from the generator', [kept.traceId, kept.parentSpanId, kept.spanId],
       [root.traceId, root.spanId, 'cdcdcdcdcdcdcd02']);
    eq('root tracestate set by the sampler', root.traceState, 'hooks=root');
    eq('child tracestate: the sampler\'s, on the parent\'s', kept.traceState, 'kid=1,hooks=root');
    eq('the program saw the same', out.keptTracestate, 'kid=1,hooks=root');
    eq('flags: sampled, no random flag (a user generator), parent not remote', [root.flags, kept.flags], [0x101, 0x101]);
    check('no warning', !/otel:/.test(res.stderr || ''), res.stderr);
  } finally {
    stop(r);
  }
  finish('sampler_hooks');
})();
