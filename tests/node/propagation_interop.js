'use strict';
// otel.h's propagators against the OpenTelemetry JavaScript ones, from npm:
// @opentelemetry/core's W3CTraceContextPropagator and W3CBaggagePropagator,
// @opentelemetry/propagator-b3 (single and multi header), contexts built
// with @opentelemetry/api. Both ways: headers the JS side injects are
// extracted by otel.h (tests/prop_driver.c, which prints what it found),
// and headers otel.h injects are extracted by the JS side. Then several
// processes: the JS side's baggage reaches a C parent, goes through
// otel_exec_run into a child, and comes back in the child's headers.
const { spawnSync } = require('child_process');
const path = require('path');
const api = require('@opentelemetry/api');
const core = require('@opentelemetry/core');
const { B3Propagator, B3InjectEncoding } = require('@opentelemetry/propagator-b3');
const { check, eq, finish } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const DRIVER = path.join(ROOT, 'build', 'gcc', 'prop_driver');

const T = '4bf92f3577b34da6a3ce929d0e0e4736', S = '00f067aa0ba902b7';
const T64 = '0000000000000000a3ce929d0e0e4736';
const BAG = [
  { key: 'user.id', value: 'u-42', metadata: '' },
  { key: 'tenant', value: 'a b,c;d%e=f \u2713 "q"\\', metadata: 'ttl=60;internal' },
  { key: 'empty', value: '', metadata: '' },
  { key: 'Mixed_Case-key', value: '100%', metadata: 'p' },
];
const PROPAGATORS = {
  'tracecontext,baggage': () => new core.CompositePropagator({
    propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] }),
  b3: () => new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER }),
  b3multi: () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
};

function driver(mode, input, propagators) {
  const env = Object.assign({}, process.env, { OTEL_TRACES_EXPORTER: 'none', OTEL_PROPAGATORS: propagators });
  for (const k of ['TRACEPARENT', 'TRACESTATE', 'BAGGAGE']) delete env[k];
  const r = spawnSync(DRIVER, [mode], { input, env, encoding: 'utf8', timeout: 20000 });
  if (r.status !== 0) console.log(`  prop_driver ${mode} exited ${r.status}: ${r.stderr}`);
  return r;
}
const headerLines = (carrier) => Object.entries(carrier).map(([k, v]) => `${k}: ${v}\n`).join('') + '\n';
function parseHeaders(text) {
  const carrier = {};
  for (const l of text.split('\n')) {
    const i = l.indexOf(': ');
    if (i > 0) carrier[l.slice(0, i).toLowerCase()] = l.slice(i + 2);   // (the JS getter reads plain objects by exact name)
  }
  return carrier;
}
function jsContext(c) {
  let ctx = api.trace.setSpanContext(api.ROOT_CONTEXT, {
    traceId: c.traceId, spanId: c.spanId, traceFlags: c.flags, isRemote: false,
    traceState: c.tracestate ? new core.TraceState(c.tracestate) : undefined });
  if (c.baggage) {
    const entries = {};
    for (const e of c.baggage)
      entries[e.key] = { value: e.value, metadata: e.metadata ? api.baggageEntryMetadataFromString(e.metadata) : undefined };
    ctx = api.propagation.setBaggage(ctx, api.propagation.createBaggage(entries));
  }
  return ctx;
}
const jsBaggage = (ctx) => {
  const b = api.propagation.getBaggage(ctx);
  return b ? b.getAllEntries().map(([key, e]) => ({ key, value: e.value, metadata: e.metadata ? e.metadata.toString() : '' })) : [];
};
const sorted = (list) => [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
// (the W3C grammar allows an empty value, and otel.h sends it; the JS
// extractor leaves such a member out)
const jsKeeps = (list) => (list || []).filter((e) => e.value !== '');

const CASES = [
  { name: 'tracecontext,baggage', traceId: T, spanId: S, flags: 1, tracestate: 'congo=t61rcWkgMzE,b@t=2,x=a b', baggage: BAG },
  { name: 'tracecontext,baggage', traceId: T, spanId: S, flags: 0, tracestate: '', baggage: BAG.slice(0, 1) },
  { name: 'tracecontext,baggage', traceId: T, spanId: S, flags: 3, tracestate: '', baggage: null },   // random flag
  { name: 'b3', traceId: T, spanId: S, flags: 1 },
  { name: 'b3', traceId: T, spanId: S, flags: 0 },
  { name: 'b3multi', traceId: T, spanId: S, flags: 1 },
  { name: 'b3multi', traceId: T, spanId: S, flags: 0 },
];

// ---- JS injects, otel.h extracts ----
for (const c of CASES) {
  const P = `js->c ${c.name} flags ${c.flags}:`;
  const carrier = {};
  PROPAGATORS[c.name]().inject(jsContext(c), carrier, api.defaultTextMapSetter);
  const r = driver('extract', headerLines(carrier), c.name);
  let got = null;
  try { got = JSON.parse(r.stdout); } catch (e) { check(`${P} driver output is JSON`, false, r.stdout); continue; }
  eq(`${P} span context`, [got.valid, got.traceId, got.spanId, got.remote], [1, c.traceId, c.spanId, 1]);
  // (B3 carries only the sampled bit; tracecontext all the flags Level 2 defines)
  eq(`${P} flags`, got.flags, c.name.startsWith('b3') ? c.flags & 1 : c.flags);
  if (c.tracestate !== undefined) eq(`${P} tracestate`, got.tracestate, c.tracestate);
  if (c.baggage !== undefined) eq(`${P} baggage (values decoded, properties kept)`, sorted(got.baggage), sorted(c.baggage || []));
}
// a 64-bit B3 trace id, the JS side padding it as otel.h does
{
  const r = driver('extract', `b3: a3ce929d0e0e4736-${S}-1\n\n`, 'b3');
  const js = api.trace.getSpanContext(PROPAGATORS.b3().extract(api.ROOT_CONTEXT, { b3: `a3ce929d0e0e4736-${S}-1` }, api.defaultTextMapGetter));
  let got = {};
  try { got = JSON.parse(r.stdout); } catch (e) { /* reported below */ }
  eq('b3 64-bit trace id: both sides pad it alike', [got.traceId, js && js.traceId], [T64, T64]);
}

// ---- otel.h injects, JS extracts ----
for (const c of CASES) {
  const P = `c->js ${c.name} flags ${c.flags}:`;
  let input = `trace ${c.traceId}\nspan ${c.spanId}\nflags ${c.flags}\n`;
  if (c.tracestate) input += `tracestate ${c.tracestate}\n`;
  for (const e of c.baggage || []) input += `bag ${e.key}\t${encodeURIComponent(e.value)}\t${e.metadata}\n`;
  const r = driver('inject', input, c.name);
  const carrier = parseHeaders(r.stdout);
  const ctx = PROPAGATORS[c.name]().extract(api.ROOT_CONTEXT, carrier, api.defaultTextMapGetter);
  const sc = api.trace.getSpanContext(ctx);
  check(`${P} JS found a span context`, !!sc, r.stdout);
  if (!sc) continue;
  eq(`${P} ids, remote`, [sc.traceId, sc.spanId, sc.isRemote], [c.traceId, c.spanId, true]);
  eq(`${P} flags`, sc.traceFlags, c.name.startsWith('b3') ? c.flags & 1 : c.flags);
  if (c.tracestate !== undefined) eq(`${P} tracestate`, sc.traceState ? sc.traceState.serialize() : '', c.tracestate);
  if (c.baggage !== undefined) eq(`${P} baggage`, sorted(jsBaggage(ctx)), sorted(jsKeeps(c.baggage)));
}

// ---- several processes: JS -> C parent -> otel_exec_run -> C child -> JS ----
{
  const P = 'parent->child:';
  const carrier = {};
  const ctx = jsContext({ traceId: T, spanId: S, flags: 1, tracestate: 'congo=t61rcWkgMzE', baggage: BAG });
  PROPAGATORS['tracecontext,baggage']().inject(ctx, carrier, api.defaultTextMapSetter);
  const r = driver('parent', headerLines(carrier), 'tracecontext,baggage');
  const back = parseHeaders(r.stdout);
  const out = PROPAGATORS['tracecontext,baggage']().extract(api.ROOT_CONTEXT, back, api.defaultTextMapGetter);
  const sc = api.trace.getSpanContext(out);
  check(`${P} the child sent a traceparent`, !!sc, r.stdout);
  if (sc) {
    eq(`${P} same trace, sampled`, [sc.traceId, sc.traceFlags & 1], [T, 1]);
    check(`${P} the child's own span`, sc.spanId !== S, sc.spanId);
    eq(`${P} tracestate carried`, sc.traceState ? sc.traceState.serialize() : '', 'congo=t61rcWkgMzE');
  }
  eq(`${P} the parent's baggage came back from the child`, sorted(jsBaggage(out)), sorted(jsKeeps(BAG)));
  check(`${P} with the empty value`, /(^|,)empty=(,|$)/.test(back.baggage || ''), back.baggage);
}

finish('propagation-interop');
