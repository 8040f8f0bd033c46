'use strict';
// An OTLP/gRPC server for tests, on @grpc/grpc-js. The three Export services
// are defined with grpc-js's generic service definitions: the request bytes
// are decoded by otlp.js (the OpenTelemetry project's protobufjs root plus
// a walk of the raw wire format against the official field table), and the
// responses are encoded with the same root.
//   node tests/node/grpc_server.js [--port N] [--tls-cert F --tls-key F] [--window N]
// First stdout line: "LISTENING <grpc port> CONTROL <http port>". The control
// port (plain HTTP/1.1): GET /_received, GET /_stats, POST /_reset,
// POST /_fault {code, message, retryDelayMs, count, goaway, bigHeaders, partialSuccess, delayMs}.
//   goaway: "graceful"  GOAWAY(last stream = all) then an OK answer
//           "refuse"    GOAWAY(last stream = lastStreamId, 1 by default) and no answer:
//                       a later call on the connection was not processed
//   skip: N             the fault applies from the (N+1)th call on
//   bigHeaders: N       N metadata entries in the response headers and trailers
//   hold: true          the answer waits until another call arrives on the same
//                       connection (at most 5 s): the client had two calls in flight
// --window N sets SETTINGS_INITIAL_WINDOW_SIZE for new connections.
const grpc = require('@grpc/grpc-js');
const http = require('http'), fs = require('fs');
const otlp = require('./otlp');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };

const SERVICES = {
  traces: ['opentelemetry.proto.collector.trace.v1.TraceService', '/v1/traces'],
  metrics: ['opentelemetry.proto.collector.metrics.v1.MetricsService', '/v1/metrics'],
  logs: ['opentelemetry.proto.collector.logs.v1.LogsService', '/v1/logs'],
};

let received = [], fault = null, holding = [];
const stats = { calls: 0, sessions: 0, statuses: {} };

function takeFault() {
  if (!fault) return null;
  const f = fault;
  if (f.skip > 0) { f.skip--; return null; }
  if (typeof f.count === 'number') { f.count--; if (f.count <= 0) fault = null; }
  return f;
}

// protobuf by hand for google.rpc.Status { code, message, details: [Any(RetryInfo)] }:
// the packages at hand ship no google.rpc definitions
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do { let b = Number(v & 0x7fn); v >>= 7n; if (v) b |= 0x80; out.push(b); } while (v);
  return Buffer.from(out);
}
const field = (num, wt, payload) => Buffer.concat([varint(num * 8 + wt), wt === 2 ? varint(payload.length) : Buffer.alloc(0), payload]);
function statusWithRetryInfo(code, message, delayMs) {
  const duration = Buffer.concat([field(1, 0, varint(Math.floor(delayMs / 1000))), field(2, 0, varint((delayMs % 1000) * 1e6))]);
  const retryInfo = field(1, 2, duration);
  const any = Buffer.concat([field(1, 2, Buffer.from('type.googleapis.com/google.rpc.RetryInfo')), field(2, 2, retryInfo)]);
  return Buffer.concat([field(1, 0, varint(code)), field(2, 2, Buffer.from(message)), field(3, 2, any)]);
}

function bigMetadata(n, tag) {
  const md = new grpc.Metadata();
  // repeated names and values: the encoder indexes them (dynamic table) and Huffman-codes them
  for (let i = 0; i < n; i++) md.set(`x-filler-${i % 50}`, `value ${tag} ${i % 7} ${'abcdefghij'.repeat(1 + (i % 5))}`);
  return md;
}

let server;
function sessions() { return server && server.sessions ? [...server.sessions.keys()] : []; }

function handler(signal) {
  return (call, callback) => {
    stats.calls++;
    const body = call.request;
    const { decoded, errors } = otlp.decode(signal, 'application/x-protobuf', body);
    const md = call.metadata.getMap();
    const f = takeFault();
    const entry = { path: SERVICES[signal][1], service: SERVICES[signal][0], metadata: md, rawLength: body.length,
                    rawHex: body.length <= 65536 ? Buffer.from(body).toString("hex") : null,
                    decoded, errors, receivedAtMs: Date.now(), fault: f || null, deadlineMs: null };
    const dl = call.getDeadline();
    if (dl instanceof Date) entry.deadlineMs = dl.getTime() - Date.now();
    else if (typeof dl === 'number' && Number.isFinite(dl)) entry.deadlineMs = dl - Date.now();
    received.push(entry);
    // a call held for this one: answered now that the two overlap on one connection
    entry.peer = call.getPeer();
    for (const w of holding.filter((x) => x.entry.peer === entry.peer)) {
      holding = holding.filter((x) => x !== w);
      w.entry.overlappedBy = received.length - 1;
      w.release();
    }
    const finish = () => {
      if (f && f.goaway === 'refuse') {
        entry.abandoned = true;
        // Node sends "the last stream processed" for 0: name an earlier one
        for (const s of sessions()) { try { s.goaway(0, f.lastStreamId || 1); } catch (e) { /* closed */ } }
        return;   // never answered: the client must not count on this call
      }
      if (f && f.goaway === 'graceful') {
        for (const s of sessions()) { try { s.goaway(0, 2147483647); } catch (e) { /* closed */ } }
      }
      if (f && f.bigHeaders) call.sendMetadata(bigMetadata(f.bigHeaders, 'h'));
      if (errors.length && !(f && f.code)) {
        stats.statuses[3] = (stats.statuses[3] || 0) + 1;
        return callback({ code: 3, details: errors.join('; ').slice(0, 200) });
      }
      if (f && f.code) {
        stats.statuses[f.code] = (stats.statuses[f.code] || 0) + 1;
        const trailers = f.bigHeaders ? bigMetadata(f.bigHeaders, 't') : new grpc.Metadata();
        if (f.retryDelayMs !== undefined)
          trailers.set('grpc-status-details-bin', statusWithRetryInfo(f.code, f.message || 'slow down', f.retryDelayMs));
        return callback({ code: f.code, details: f.message || `fault ${f.code}`, metadata: trailers });
      }
      stats.statuses[0] = (stats.statuses[0] || 0) + 1;
      const resp = otlp.encodeResponse(signal, false, f && f.partialSuccess);
      const trailers = f && f.bigHeaders ? bigMetadata(f.bigHeaders, 't') : undefined;
      if (trailers) callback(null, resp, trailers); else callback(null, resp);
    };
    if (f && f.hold) {
      entry.held = true;
      const t = setTimeout(() => { holding = holding.filter((x) => x.entry !== entry); entry.holdTimedOut = true; finish(); }, 5000);
      holding.push({ entry, release: () => { clearTimeout(t); entry.answeredAtMs = Date.now(); finish(); } });
    } else if (f && f.delayMs) setTimeout(finish, f.delayMs); else finish();
  };
}

const raw = (b) => b;
server = new grpc.Server();
for (const signal of Object.keys(SERVICES)) {
  const [svc] = SERVICES[signal];
  server.addService({
    Export: {
      path: `/${svc}/Export`, requestStream: false, responseStream: false,
      requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw,
    },
  }, { Export: handler(signal) });
}

function control(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const send = (code, obj) => { const b = Buffer.from(JSON.stringify(obj)); res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': b.length }); res.end(b); };
    if (req.url === '/_received') return send(200, { requests: received });
    if (req.url === '/_stats') return send(200, stats);
    if (req.url === '/_reset') { received = []; fault = null; holding = []; return send(200, { ok: true }); }
    if (req.url === '/_fault') {
      try { fault = JSON.parse(Buffer.concat(chunks).toString() || 'null'); } catch (e) { return send(400, { error: 'bad fault' }); }
      return send(200, { ok: true });
    }
    send(404, { error: 'not found' });
  });
}

const creds = opt('--tls-cert')
  ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: fs.readFileSync(opt('--tls-cert')), private_key: fs.readFileSync(opt('--tls-key')) }], false)
  : grpc.ServerCredentials.createInsecure();
server.bindAsync(`127.0.0.1:${opt('--port', '0')}`, creds, (err, port) => {
  if (err) { console.error(err.message); process.exit(1); }
  // the Node http2 servers under grpc-js: count sessions, and shrink the window on request
  for (const h2 of server.http2Servers ? server.http2Servers.keys() : []) {
    h2.on('session', () => { stats.sessions++; });
    // what each call said of its message's encoding: the grpc-encoding header
    // and the first message's compressed flag, as "gzip/1" (grpc-js decodes)
    h2.on('stream', (stream, headers) => {
      stream.once('data', (chunk) => {
        const k = `${headers['grpc-encoding'] || 'identity'}/${chunk[0]}`;
        stats.encodings = stats.encodings || {};
        stats.encodings[k] = (stats.encodings[k] || 0) + 1;
      });
    });
    if (opt('--window')) h2.updateSettings({ initialWindowSize: Number(opt('--window')) });
  }
  const ctl = http.createServer(control);
  ctl.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${port} CONTROL ${ctl.address().port}\n`));
});
process.on('SIGTERM', () => process.exit(0));
