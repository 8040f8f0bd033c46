'use strict';
// End-to-end tests of otel_export.h against a receiver we did not write the
// decoder of: tests/node/receiver.js decodes with the OpenTelemetry
// project's protobufjs definitions. The traced program is tests/emit_spans.c.
// Covers: every span field over OTLP/protobuf and OTLP/JSON, TLS (right CA,
// wrong CA, wrong host name, mTLS) against Node's TLS stack, and faults
// (503 + Retry-After, 400, reset, slow, garbage, oversized, backend down).
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs'), os = require('os'), path = require('path');
const { check, eq, fail, finish, startReceiver, control, received, stop } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const EMIT = path.join(ROOT, 'build', 'gcc', 'emit_spans');

function emit(args, env, timeoutMs = 30000) {
  const t0 = Date.now();
  const res = spawnSync(EMIT, args, { env: Object.assign({}, process.env, { OTEL_BSP_SCHEDULE_DELAY: '20' }, env),
                                       encoding: 'utf8', timeout: timeoutMs });
  const line = (res.stdout || '').trim().split('\n').pop();
  let out = null;
  try { out = JSON.parse(line); } catch (e) { /* reported below */ }
  return { out, stderr: res.stderr || '', status: res.status, ms: Date.now() - t0 };
}
function allSpans(reqs) {
  const spans = [];
  for (const q of reqs) if (q.decoded) for (const rs of q.decoded.resourceSpans || [])
    for (const ss of rs.scopeSpans || []) for (const s of ss.spans || []) spans.push(s);
  return spans;
}
const attr = (list, key) => { const a = (list || []).find((x) => x.key === key); return a ? a.value : undefined; };

// ---- every field, protobuf and JSON ----
async function fullCheck(protocol) {
  const r = await startReceiver();
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_SERVICE_NAME: 'conformance', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test%20env,team=core',
    OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '8', OTEL_SPAN_EVENT_COUNT_LIMIT: '2', OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '2',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme%20corp',
  };
  const { out } = emit(['full'], env);
  const reqs = await received(r);
  stop(r);
  const P = `${protocol}:`;
  check(`${P} emitter ran and flushed`, out && out.flush === 0, out);
  if (!out) return;
  check(`${P} receiver decoded every request without errors`, reqs.length > 0 && reqs.every((q) => q.errors.length === 0),
        reqs.map((q) => q.errors));
  check(`${P} content type`, reqs.every((q) => q.contentType === (protocol === 'http/json' ? 'application/json' : 'application/x-protobuf')));
  check(`${P} custom header sent`, reqs.every((q) => q.headers['x-tenant'] === 'acme corp'));
  check(`${P} user agent`, reqs.every((q) => /^OTel-OTLP-Exporter-C\//.test(q.headers['user-agent'] || '')));
  const rs = reqs[0].decoded.resourceSpans[0];
  const ra = rs.resource.attributes;
  eq(`${P} service.name`, attr(ra, 'service.name'), { stringValue: 'conformance' });
  eq(`${P} resource attribute percent-decoded`, attr(ra, 'deployment.environment.name'), { stringValue: 'test env' });
  eq(`${P} telemetry.sdk.name`, attr(ra, 'telemetry.sdk.name'), { stringValue: 'otel.h' });
  eq(`${P} telemetry.sdk.language`, attr(ra, 'telemetry.sdk.language'), { stringValue: 'c' });
  check(`${P} process.pid`, attr(ra, 'process.pid') && /^\d+$/.test(attr(ra, 'process.pid').intValue), attr(ra, 'process.pid'));
  eq(`${P} scope`, [rs.scopeSpans[0].scope.name, rs.scopeSpans[0].scope.version], ['otel.h', '0.1.0']);

  const spans = allSpans(reqs);
  const by = (n) => spans.find((s) => s.name === n);
  check(`${P} all 9 spans arrived once`, spans.length === 9, spans.map((s) => s.name));
  const root = by('root'), child = by('child'), lim = by('limits'), cont = by('continued');
  const t0 = BigInt(out.t0);
  if (root) {
    eq(`${P} root ids`, [root.traceId, root.spanId], [out.root.traceId, out.root.spanId]);
    check(`${P} root has no parent`, !root.parentSpanId || root.parentSpanId === '', root.parentSpanId);
    eq(`${P} root kind server`, root.kind, 2);
    eq(`${P} root times`, [root.startTimeUnixNano, root.endTimeUnixNano], [String(t0), String(t0 + 9000n)]);
    eq(`${P} root flags (sampled, random trace id, parent not remote)`, root.flags, 0x103);
    const a = root.attributes;
    eq(`${P} string attribute (UTF-8, quotes, newline)`, attr(a, 'str'), { stringValue: 'h\u00e9llo "quoted"\n' });
    eq(`${P} int attribute`, attr(a, 'int'), { intValue: '-1234567890123' });
    eq(`${P} double attribute`, attr(a, 'double'), { doubleValue: 0.125 });
    eq(`${P} bool attribute`, attr(a, 'bool'), { boolValue: true });
    eq(`${P} string array attribute`, attr(a, 'strs'), { arrayValue: { values: [{ stringValue: 'x' }, { stringValue: 'yz' }, { stringValue: '' }] } });
    eq(`${P} a key set twice is sent once with the last value`, a.filter((x) => x.key === 'replaced').map((x) => x.value), [{ intValue: '2' }]);
    eq(`${P} password redacted`, attr(a, 'password'), { stringValue: '[REDACTED]' });
    eq(`${P} url credentials redacted`, attr(a, 'url.full'), { stringValue: 'https://REDACTED:REDACTED@example.com/x?q=1' });
  } else check(`${P} root span present`, false);
  if (child && root) {
    eq(`${P} child parent`, [child.traceId, child.parentSpanId, child.spanId], [root.traceId, root.spanId, out.child.spanId]);
    eq(`${P} child kind client`, child.kind, 3);
    eq(`${P} child end time`, child.endTimeUnixNano, String(t0 + 5000n));
    const ev = child.events || [];
    eq(`${P} events in order`, ev.map((e) => e.name), ['evt', 'exception']);
    if (ev.length === 2) {
      eq(`${P} event time`, ev[0].timeUnixNano, String(t0 + 1000n));
      eq(`${P} event attributes`, ev[0].attributes, [{ key: 'ev.str', value: { stringValue: 'v' } }, { key: 'ev.int', value: { intValue: '7' } }]);
      eq(`${P} exception event`, [attr(ev[1].attributes, 'exception.type'), attr(ev[1].attributes, 'exception.message')],
         [{ stringValue: 'io_error' }, { stringValue: 'disk full' }]);
    }
    eq(`${P} error status`, child.status, { message: 'disk full', code: 2 });
    const ln = child.links || [];
    check(`${P} two links`, ln.length === 2, ln);
    if (ln.length === 2) {
      eq(`${P} link ids and tracestate`, [ln[0].traceId, ln[0].spanId, ln[0].traceState],
         ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 'vendor=abc,other=x']);
      eq(`${P} link attributes`, ln[0].attributes, [{ key: 'link.bool', value: { boolValue: false } }]);
      eq(`${P} link flags`, ln[0].flags & 0xff, 1);
      eq(`${P} link to root`, [ln[1].traceId, ln[1].spanId], [root.traceId, root.spanId]);
    }
  } else check(`${P} child span present`, false);
  const kinds = ['k.internal', 'k.server', 'k.client', 'k.producer', 'k.consumer'].map((n) => by(n));
  eq(`${P} span kinds`, kinds.map((s) => s && s.kind), [1, 2, 3, 4, 5]);
  eq(`${P} ok status has no message`, kinds.map((s) => s && s.status), kinds.map(() => ({ code: 1 })));
  if (lim) {
    eq(`${P} attribute count limit`, [lim.attributes.map((x) => x.key), lim.droppedAttributesCount],
       [['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'], 2]);
    eq(`${P} event count limit`, [(lim.events || []).length, lim.droppedEventsCount], [2, 1]);
    eq(`${P} event attribute limit`, (lim.events || []).map((e) => [e.attributes.length, e.droppedAttributesCount]), [[2, 1], [2, 1]]);
  } else check(`${P} limits span present`, false);
  if (cont) {
    eq(`${P} remote parent`, [cont.traceId, cont.parentSpanId, cont.traceState],
       ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', 'congo=t61rcWkgMzE']);
    eq(`${P} flags mark the remote parent`, cont.flags, 0x301);
  } else check(`${P} continued span present`, false);
  eq(`${P} ledger`, out.stats.started, out.stats.exported + out.stats.exportDropped + out.stats.exportFailed + out.stats.pending);
}

// ---- int, double and bool arrays; record_exception with a stack trace ----
async function arrayCheck(protocol) {
  const r = await startReceiver();
  const { out } = emit(['arrays'], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
  const reqs = await received(r);
  stop(r);
  const P = `arrays ${protocol}:`;
  check(`${P} emitter ran and flushed`, out && out.flush === 0, out);
  check(`${P} decoded without errors`, reqs.length > 0 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  const spans = allSpans(reqs);
  const s = spans.find((x) => x.name === 'arrays'), c = spans.find((x) => x.name === 'exc');
  const arr = (k, vs) => ({ arrayValue: { values: vs.map((v) => ({ [k]: v })) } });
  if (s) {
    const a = s.attributes;
    eq(`${P} int array (64-bit, as strings)`, attr(a, 'ints'), arr('intValue', ['-1', '0', '9007199254740993', '-9223372036854775808']));
    eq(`${P} double array`, attr(a, 'doubles'), arr('doubleValue', [0.5, -2.25, 1e300]));
    eq(`${P} bool array`, attr(a, 'bools'), arr('boolValue', [true, false, true]));
    eq(`${P} arrays through set_attrs`, [attr(a, 'attrs.ints'), attr(a, 'attrs.strs')],
       [arr('intValue', ['-1', '0']), arr('stringValue', ['a', 'b'])]);
    eq(`${P} an array larger than a block is dropped whole and counted`, [attr(a, 'too.big'), s.droppedAttributesCount], [undefined, 1]);
    const ev = (s.events || [])[0];
    eq(`${P} event arrays`, ev && ev.attributes, [{ key: 'ev.bools', value: arr('boolValue', [true, false]) },
                                                  { key: 'ev.doubles', value: arr('doubleValue', [0.5]) }]);
  } else check(`${P} arrays span present`, false, spans.map((x) => x.name));
  if (c) {
    const ln = (c.links || [])[0];
    eq(`${P} link array`, ln && ln.attributes, [{ key: 'link.ints', value: arr('intValue', ['0', '9007199254740993']) }]);
    const e = (c.events || [])[0];
    eq(`${P} exception event`, e && [e.name, e.attributes], ['exception', [
      { key: 'exception.type', value: { stringValue: 'ValueError' } },
      { key: 'exception.message', value: { stringValue: 'bad value' } },
      { key: 'exception.stacktrace', value: { stringValue: 'parse at x.c:10\nmain at x.c:20' } },
      { key: 'exception.escaped', value: { boolValue: true } },
      { key: 'code.function.name', value: { stringValue: 'parse' } }]]);
    eq(`${P} exception sets error status`, c.status, { message: 'bad value', code: 2 });
  } else check(`${P} exc span present`, false, spans.map((x) => x.name));
}

// ---- every size class of span in one request (length headers of 1, 2, 3 bytes) ----
async function sizeCheck() {
  const r = await startReceiver();
  const { out } = emit(['sizes'], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}` });
  const reqs = await received(r);
  stop(r);
  check('sizes: decoded without errors', reqs.length > 0 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  const spans = allSpans(reqs);
  eq('sizes: spans and attribute counts', spans.map((s) => [s.name, s.attributes.length]),
     [['small', 0], ['medium', 8], ['large', 60], ['small', 0], ['medium', 8], ['large', 60]]);
  const large = spans.find((s) => s.name === 'large');
  check('sizes: large values intact', large && large.attributes.every((a) => a.value.stringValue === 'v'.repeat(399)));
  check('sizes: all exported', out && out.stats.exported === 6, out);
}

// ---- TLS against Node's (OpenSSL) server ----
function makeCerts(dir) {
  const ossl = (...a) => execFileSync('openssl', a, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ca = (name) => {
    ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2',
         '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  };
  const leaf = (name, cn, san, signer, ext, days = '2') => {
    ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n${ext}\n`);
    ossl('x509', '-req', '-in', `${name}.csr`, '-CA', `${signer}.pem`, '-CAkey', `${signer}.key`, '-CAcreateserial',
         '-out', `${name}.pem`, '-days', days, '-extfile', `${name}.ext`);
  };
  ca('ca'); ca('otherca');
  leaf('server', 'localhost', 'DNS:localhost', 'ca', 'extendedKeyUsage=serverAuth');
  leaf('wronghost', 'other.example', 'DNS:other.example', 'ca', 'extendedKeyUsage=serverAuth');
  leaf('client', 'otel-client', 'DNS:otel-client', 'ca', 'extendedKeyUsage=clientAuth');
  leaf('expired', 'localhost', 'DNS:localhost', 'ca', 'extendedKeyUsage=serverAuth', '-1');   /* ended yesterday */
}
async function tlsChecks() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-tls-'));
  try {
    makeCerts(dir);
    const f = (n) => path.join(dir, n);
    const cases = [
      { name: 'tls: delivered with the right CA', server: ['server'], ca: 'ca.pem', ok: true },
      { name: 'tls: refused with a wrong CA', server: ['server'], ca: 'otherca.pem', ok: false, warn: /not correctly signed|trusted CA|refused/i },
      { name: 'tls: refused with a wrong host name', server: ['wronghost'], ca: 'ca.pem', ok: false, warn: /CN|name|refused/i },
      { name: 'tls: refused with an expired certificate', server: ['expired'], ca: 'ca.pem', ok: false, warn: /expired/i },
      { name: 'tls: mTLS with a client certificate', server: ['server'], ca: 'ca.pem', ok: true, mtls: true, client: true },
      { name: 'tls: mTLS refused without a client certificate', server: ['server'], ca: 'ca.pem', ok: false, mtls: true, warn: /TLS|handshake|cannot|I\/O|failed/i },
    ];
    for (const c of cases) {
      const args = ['--tls-cert', f(`${c.server[0]}.pem`), '--tls-key', f(`${c.server[0]}.key`)];
      if (c.mtls) args.push('--tls-ca', f('ca.pem'), '--require-client-cert');
      const r = await startReceiver(args);
      r.clientKey = fs.readFileSync(f('client.key'));
      r.clientCert = fs.readFileSync(f('client.pem'));
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `https://localhost:${r.port}`, OTEL_EXPORTER_OTLP_CERTIFICATE: f(c.ca),
                    EMIT_FLUSH_MS: '1500' };
      if (c.client) { env.OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE = f('client.pem'); env.OTEL_EXPORTER_OTLP_CLIENT_KEY = f('client.key'); }
      const { out, stderr } = emit(['load', '50'], env);
      const reqs = await received(r);
      stop(r);
      const got = allSpans(reqs).length;
      if (c.ok) {
        check(c.name, out && got === 50 && out.stats.exported === 50, { got, out, stderr: stderr.slice(0, 300) });
      } else {
        check(c.name, out && got === 0 && out.stats.exported === 0 && out.stats.exportDropped === 50, { got, out });
        check(`${c.name}: warning says why`, c.warn.test(stderr), stderr.slice(0, 300));
        check(`${c.name}: no key material in warnings`, !/PRIVATE KEY|BEGIN/.test(stderr));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- faults ----
async function faultCase(name, fault, env, check_) {
  const r = await startReceiver();
  if (fault) await control(r, 'POST', '/_fault', fault);
  const res = emit(['load', String(env.N || 400)], Object.assign({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100',
  }, env));
  const reqs = await received(r);
  stop(r);
  const o = res.out;
  check(`${name}: emitter finished`, !!o, res);
  if (!o) return;
  const s = o.stats;
  eq(`${name}: ledger started = exported + dropped + failed + pending`, s.started, s.exported + s.exportDropped + s.exportFailed + s.pending);
  check(`${name}: producers never blocked (worst begin/end under 50 ms)`, o.worstLatencyUs < 50000, o.worstLatencyUs);
  check(`${name}: memory stays bounded (peak RSS under 48 MiB)`, o.maxRssKb > 0 && o.maxRssKb < 48 * 1024, o.maxRssKb);
  check_(o, reqs, res);
}
async function faultChecks() {
  const spansIn = (reqs) => allSpans(reqs.filter((q) => q.answeredStatus === 200)).length;
  await faultCase('503 with Retry-After', { status: 503, retryAfter: '1', count: 1 }, {}, (o, reqs) => {
    eq('503: everything delivered after the retry', [o.stats.exported, spansIn(reqs)], [400, 400]);
    const first = reqs.find((q) => q.answeredStatus === 503), next = reqs.find((q) => q.answeredStatus === 200);
    check('503: Retry-After honoured (waited >= 1 s)', first && next && next.receivedAtMs - first.receivedAtMs >= 950,
          first && next && next.receivedAtMs - first.receivedAtMs);
  });
  await faultCase('429', { status: 429, count: 2 }, {}, (o, reqs) => {
    eq('429: delivered after backoff', [o.stats.exported, o.stats.retries >= 2], [400, true]);
  });
  await faultCase('400', { status: 400, count: 1 }, {}, (o, reqs) => {
    eq('400: one batch dropped, not retried', [o.stats.exportFailed, o.stats.exported, reqs.filter((q) => q.answeredStatus === 400).length], [100, 300, 1]);
  });
  await faultCase('connection reset', { reset: true, count: 1 }, {}, (o, reqs) => {
    eq('reset: retried and delivered', o.stats.exported, 400);
    check('reset: duplicates from the retry are visible, not hidden', spansIn(reqs) >= 400, spansIn(reqs));
  });
  await faultCase('reset mid-body', { resetMidBody: true, count: 1 }, {}, (o) => eq('reset mid-body: delivered', o.stats.exported, 400));
  await faultCase('slower than the timeout', { delayMs: 1500, count: 1 }, { OTEL_EXPORTER_OTLP_TIMEOUT: '300' }, (o) => {
    eq('slow: timed out, retried, delivered', [o.stats.exported, o.stats.retries >= 1], [400, true]);
  });
  await faultCase('garbage response', { garbage: true, count: 1 }, {}, (o) => eq('garbage: retried, delivered', o.stats.exported, 400));
  await faultCase('oversized headers', { oversizeHeaders: true, count: 1 }, {}, (o) => eq('oversized headers: retried, delivered', o.stats.exported, 400));
  await faultCase('oversized body', { oversizeBody: true, count: 1 }, {}, (o) => eq('oversized 200 body: accepted', o.stats.exported, 400));
  await faultCase('partial success', { partialSuccess: { rejected: 3, message: 'too old' }, count: 1 }, {}, (o) => {
    eq('partial success: counted, not retried', [o.stats.exportFailed, o.stats.retries], [3, 0]);
  });
  await faultCase('partial success: the message', { partialSuccess: { rejected: 3, message: 'too old' }, count: 1 }, {}, (o, reqs, res) => {
    check('partial success: the server\'s message logged', /rejected 3 of \d+ spans: too old/.test(res.stderr), res.stderr);
  });
  await faultCase('partial success: a warning', { partialSuccess: { rejected: 0, message: 'slow down' }, count: 1 }, {}, (o, reqs, res) => {
    eq('partial success, none rejected: all delivered', [o.stats.exported, o.stats.exportFailed], [400, 0]);
    check('partial success, none rejected: the warning logged', /with a warning: slow down/.test(res.stderr), res.stderr);
  });
  await faultCase('partial success: json', { partialSuccess: { rejected: 2, message: 'bad "q" \u0007' }, count: 1 },
    { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, (o, reqs, res) => {
      eq('json partial success: counted', o.stats.exportFailed, 2);
      check('json partial success: the message logged as sent (escapes kept)', /rejected 2 of \d+ spans: bad \\"q\\" \\u0007/.test(res.stderr), res.stderr);
    });
  await faultCase('chunked response', { chunked: true, partialSuccess: { rejected: 2, message: 'x' }, count: 1 }, {}, (o) => {
    eq('chunked: read and parsed', [o.stats.exported, o.stats.exportFailed], [398, 2]);
  });

  // backend down at start, then up: every queued span within capacity arrives
  {
    const probe = await startReceiver();
    const port = probe.port;
    await control(probe, 'POST', '/_quit');
    await new Promise((r) => setTimeout(r, 100));
    const child = spawn(EMIT, ['load', '2000'], {
      env: Object.assign({}, process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '20' }),
      stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    await new Promise((r) => setTimeout(r, 1200));
    const r = await startReceiver(['--port', String(port)]);
    await new Promise((res) => child.on('exit', res));
    const reqs = await received(r);
    stop(r);
    let o = null;
    try { o = JSON.parse(out.trim().split('\n').pop()); } catch (e) { /* below */ }
    check('down then up: emitter finished', !!o, out);
    if (o) {
      eq('down then up: all 2000 delivered', [o.stats.exported, allSpans(reqs).length, o.stats.exportDropped], [2000, 2000, 0]);
      check('down then up: retries counted', o.stats.retries >= 1, o.stats);
    }
  }
  // shutdown with a dead backend returns within its deadline
  {
    const probe = await startReceiver();
    const port = probe.port;
    await control(probe, 'POST', '/_quit');
    await new Promise((r) => setTimeout(r, 200));
    const res = emit(['load', '200'], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, EMIT_FLUSH_MS: '500' });
    const o = res.out;
    check('dead backend: shutdown reports a timeout', o && o.shutdown === -5, o);
    check('dead backend: returns within the deadline plus slack', res.ms < 2000 + 500 + 1000, res.ms);
    if (o) eq('dead backend: everything counted as dropped', [o.stats.exported, o.stats.exportDropped], [0, 200]);
  }
}

(async () => {
  if (!fs.existsSync(EMIT)) fail(`${EMIT} not built`);
  else {
    await fullCheck('http/protobuf');
    await fullCheck('http/json');
    await arrayCheck('http/protobuf');
    await arrayCheck('http/json');
    await sizeCheck();
    await tlsChecks();
    await faultChecks();
  }
  finish('conformance');
})().catch((e) => { fail('conformance crashed', e.stack); finish('conformance'); });
