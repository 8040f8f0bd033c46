'use strict';
// An OTLP/HTTP receiver for tests: decodes with the official definitions
// (otlp.js), stores what it got, and misbehaves on request (POST /_fault).
//   node tests/node/receiver.js [--port N] [--host H] [--tls-cert F --tls-key F]
//        [--tls-ca F --require-client-cert] [--discard] [--ids-only]
//        [--ids-capacity N] [--control-port N]
// First stdout line: "LISTENING <port>". Control: GET /_received, POST /_reset,
// POST /_fault {status, retryAfter, count, forMs, delayMs, reset, resetMidBody,
// garbage, oversizeHeaders, oversizeBody, chunked, partialSuccess, store},
// GET /_stats, POST /_quit.
// forMs: the fault ends that many ms after it was set (with or without count).
// --ids-only (for runs of a million spans, tests/faults/run.js): trace
//   requests are walked for their span ids only, and a count per span id is
//   kept instead of the decoded requests. An id counts once its request is
//   answered with a 2xx status line, even when the client has stopped
//   listening (a timed-out request, a response cut short): a real backend
//   would have kept those spans, and the client's retry makes a duplicate.
//   GET /_ids: totals; POST /_ids {file}: matched against a file of raw 8-byte
//   span ids (the ones the traced program produced): delivered (known ids
//   received at least once), duplicates (extra copies of them), unknown ids.
//   --ids-capacity N sizes the table for N ids up front: growing it rehashes
//   every id, a pause long enough to back the client up.
// --control-port N: a second, plain HTTP server with the same control routes,
//   so a test can drive the data port while it is down or speaks TLS; its
//   port follows on a second line, "CONTROL <port>". Routes for outages:
//   POST /_down (stop listening and cut open connections: connection refused),
//   POST /_up (listen again on the same port), POST /_tls {cert, key} (present
//   another certificate from now on).
const http = require('http'), https = require('https'), fs = require('fs'), zlib = require('zlib');
const otlp = require('./otlp');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const flag = (name) => args.includes(name);
const MAX_BODY = 64 * 1024 * 1024;
const PATHS = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

let received = [], fault = null, stats = { requests: {}, statuses: {}, bytes: 0, connections: 0 };

function reply(res, status, type, body, extra) {
  res.writeHead(status, Object.assign({ 'Content-Type': type, 'Content-Length': body.length }, extra || {}));
  res.end(body);
}
function control(req, res, body) {
  if (req.url === '/_received') return reply(res, 200, 'application/json', Buffer.from(JSON.stringify({ requests: received })));
  if (req.url === '/_stats') return reply(res, 200, 'application/json', Buffer.from(JSON.stringify(stats)));
  if (req.url === '/_reset') { received = []; fault = null; if (IDS_ONLY) { ids = new IdTable(idBits()); acceptedAtMs = []; } return reply(res, 200, 'text/plain', Buffer.from('ok')); }
  if (req.url === '/_fault') {
    try { fault = JSON.parse(body.toString() || '{}'); } catch (e) { return reply(res, 400, 'text/plain', Buffer.from('bad fault')); }
    if (fault) fault.setAtMs = Date.now();
    return reply(res, 200, 'text/plain', Buffer.from('ok'));
  }
  if (req.url === '/_quit') { reply(res, 200, 'text/plain', Buffer.from('bye')); setTimeout(() => process.exit(0), 10); return; }
  if (req.url === '/_down' || req.url === '/_up') {
    const want = req.url === '/_up';
    reply(res, 200, 'text/plain', Buffer.from('ok'));
    setImmediate(() => (want ? dataUp() : dataDown()));   // after this answer left, when asked on the data port
    return;
  }
  if (req.url === '/_ids') {
    let file = null;
    try { file = body.length ? JSON.parse(body.toString()).file : null; } catch (e) { return reply(res, 400, 'text/plain', Buffer.from('bad json')); }
    let report;
    try { report = idReport(file); } catch (e) { return reply(res, 400, 'text/plain', Buffer.from(String(e.message))); }
    return reply(res, 200, 'application/json', Buffer.from(JSON.stringify(report)));
  }
  if (req.url === '/_tls') {
    try {
      const o = JSON.parse(body.toString());
      tlsOptions.cert = fs.readFileSync(o.cert);
      tlsOptions.key = fs.readFileSync(o.key);
      if (server && server.setSecureContext) server.setSecureContext(tlsOptions);
    } catch (e) { return reply(res, 400, 'text/plain', Buffer.from(String(e.message))); }
    return reply(res, 200, 'text/plain', Buffer.from('ok'));
  }
  reply(res, 404, 'text/plain', Buffer.from('not found'));
}
function takeFault() {
  if (!fault) return null;
  if (fault.forMs !== undefined) {
    if (fault.untilMs === undefined) fault.untilMs = fault.setAtMs + fault.forMs;
    if (Date.now() >= fault.untilMs) { fault = null; return null; }
  }
  const f = fault;
  if (typeof f.count === 'number') { f.count--; if (f.count <= 0) fault = null; }
  return f;
}
function answer(req, res, signal, json, f) {
  const status = f && f.status ? f.status : 200;
  stats.statuses[status] = (stats.statuses[status] || 0) + 1;
  const sock = req.socket;
  if (f && f.garbage) { sock.write('this is not HTTP\r\n\r\n\x00\x01\x02'); sock.destroy(); return status; }
  if (f && f.reset) { sock.destroy(); return status; }
  if (f && f.oversizeHeaders) {
    sock.write('HTTP/1.1 200 OK\r\n');
    for (let i = 0; i < 4096; i++) sock.write(`X-Filler-${i}: ${'x'.repeat(1000)}\r\n`);
    sock.end('Content-Length: 0\r\n\r\n');
    return status;
  }
  if (f && (f.oversizeBody || f.resetMidBody)) {
    const size = f.oversizeBody ? 8 * 1024 * 1024 : 1000;
    sock.write(`HTTP/1.1 ${status} X\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${size}\r\n\r\n`);
    if (f.resetMidBody) { sock.write(Buffer.alloc(size / 2)); sock.destroy(); return status; }
    sock.end(Buffer.alloc(size));
    return status;
  }
  const type = json ? 'application/json' : 'application/x-protobuf';
  const body = status === 200 ? otlp.encodeResponse(signal, json, f && f.partialSuccess) : Buffer.from(`status ${status}`);
  const extra = {};
  if (f && f.retryAfter !== undefined) extra['Retry-After'] = String(f.retryAfter);
  if (f && f.chunked) {
    res.writeHead(status, Object.assign({ 'Content-Type': type, 'Transfer-Encoding': 'chunked' }, extra));
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    res.end(body.subarray(Math.floor(body.length / 2)));
  } else {
    reply(res, status, status === 200 ? type : 'text/plain', body, extra);
  }
  return status;
}
function handle(req, res) {
  const chunks = [];
  let size = 0, tooBig = false;
  req.on('data', (c) => { size += c.length; if (size > MAX_BODY) tooBig = true; else chunks.push(c); });
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    if (req.url.startsWith('/_')) return control(req, res, body);
    const signal = PATHS[req.url];
    if (!signal || req.method !== 'POST') return reply(res, 404, 'text/plain', Buffer.from('not found'));
    stats.requests[req.url] = (stats.requests[req.url] || 0) + 1;
    stats.bytes += size;
    if (tooBig) return reply(res, 413, 'text/plain', Buffer.from('too large'));
    if (flag('--discard')) return reply(res, 200, 'application/x-protobuf', Buffer.alloc(0));
    if (/gzip/i.test(req.headers['content-encoding'] || '')) {
      try { body = zlib.gunzipSync(body); } catch (e) { return reply(res, 400, 'text/plain', Buffer.from('bad gzip')); }
    }
    const ct = req.headers['content-type'] || '';
    const json = /json/i.test(ct);
    if (IDS_ONLY) return handleIds(req, res, signal, json, body);
    const { decoded, errors } = otlp.decode(signal, ct, body);
    const f = takeFault();
    const entry = { path: req.url, contentType: ct, headers: req.headers, rawLength: body.length, wireLength: size, decoded, errors,
                    receivedAtMs: Date.now(), rawHex: body.length <= 65536 ? body.toString('hex') : null };
    const go = () => {
      if (errors.length && !f) {
        entry.answeredStatus = 400;
        received.push(entry);
        return reply(res, 400, 'text/plain', Buffer.from(errors.join('\n')));
      }
      entry.answeredStatus = answer(req, res, signal, json, f);
      if (!f || f.store !== false) received.push(entry);
    };
    if (f && f.delayMs) setTimeout(go, f.delayMs); else go();
  });
}

let server;
const tlsOptions = {};
if (opt('--tls-cert')) {
  tlsOptions.cert = fs.readFileSync(opt('--tls-cert'));
  tlsOptions.key = fs.readFileSync(opt('--tls-key'));
  if (opt('--tls-ca')) tlsOptions.ca = fs.readFileSync(opt('--tls-ca'));
  if (flag('--require-client-cert')) { tlsOptions.requestCert = true; tlsOptions.rejectUnauthorized = true; }
}
const CONTROL = opt('--control-port') !== undefined;
let dataPort = Number(opt('--port', 0)), isDown = false;
const sockets = new Set();
function makeServer() {
  let s;
  if (opt('--tls-cert')) {
    s = https.createServer(tlsOptions, handle);
    s.on('tlsClientError', () => {});
  } else {
    s = http.createServer(handle);
  }
  s.keepAliveTimeout = 30000;
  s.on('connection', (sock) => {
    stats.connections++;
    if (CONTROL) {
      // a delayed answer may be written to a socket that an outage already cut
      sock.on('error', () => {});
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    }
  });
  return s;
}
function dataDown() {
  if (isDown) return;
  isDown = true;
  stats.outages = (stats.outages || 0) + 1;
  server.close();
  for (const sock of sockets) sock.destroy();
  sockets.clear();
}
function dataUp() {
  if (!isDown) return;
  isDown = false;
  server = makeServer();
  server.listen(dataPort, opt('--host', '127.0.0.1'));
}
server = makeServer();
server.listen(dataPort, opt('--host', '127.0.0.1'), () => {
  dataPort = server.address().port;
  process.stdout.write(`LISTENING ${dataPort}\n`);
  if (CONTROL) {
    const cs = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => control(req, res, Buffer.concat(chunks)));
    });
    cs.listen(Number(opt('--control-port')), '127.0.0.1', () => process.stdout.write(`CONTROL ${cs.address().port}\n`));
  }
});
process.on('SIGTERM', () => process.exit(0));

// ---- --ids-only: a count per span id ----
// Open addressing over typed arrays: a million ids take about 16 MB here,
// where a Map of strings would take several times that.
class IdTable {
  constructor(bits = 16) {
    this.bits = bits;
    this.lo = new Uint32Array(1 << bits);
    this.hi = new Uint32Array(1 << bits);
    this.cnt = new Uint32Array(1 << bits);
    this.size = 0;
    this.copies = 0;
  }
  find(lo, hi) {
    const mask = (1 << this.bits) - 1;
    let i = (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.bits)) & mask;
    while (this.cnt[i] !== 0 && (this.lo[i] !== lo || this.hi[i] !== hi)) i = (i + 1) & mask;
    return i;
  }
  add(lo, hi) {
    let i = this.find(lo, hi);
    if (this.cnt[i] === 0) {
      if ((this.size + 1) * 2 > this.lo.length) { this.grow(); i = this.find(lo, hi); }
      this.lo[i] = lo; this.hi[i] = hi; this.size++;
    }
    this.cnt[i]++;
    this.copies++;
  }
  grow() {
    const { lo, hi, cnt } = this;
    this.bits++;
    this.lo = new Uint32Array(1 << this.bits);
    this.hi = new Uint32Array(1 << this.bits);
    this.cnt = new Uint32Array(1 << this.bits);
    for (let j = 0; j < cnt.length; j++) {
      if (cnt[j] === 0) continue;
      const i = this.find(lo[j], hi[j]);
      this.lo[i] = lo[j]; this.hi[i] = hi[j]; this.cnt[i] = cnt[j];
    }
  }
}
const IDS_ONLY = flag('--ids-only');
const idBits = () => Math.max(16, Math.ceil(Math.log2(2 * Number(opt('--ids-capacity', 0)) + 1)));
let ids = new IdTable(idBits());
const idStats = { accepted: 0, refused: 0, late: 0, malformed: 0, inflight: 0 };
let acceptedAtMs = [];   // when each accepted request was answered: how soon a client came back

function varint(b, p, end) {
  let x = 0, mul = 1, c;
  do {
    if (p.i >= end) throw new Error('truncated varint');
    c = b[p.i++];
    x += (c & 0x7f) * mul;
    mul *= 128;
  } while (c & 0x80 && mul < 2 ** 70);
  return x;
}
// calls cb(start, end) for every length-delimited field `want` in b[start, end)
function eachLen(b, start, end, want, cb) {
  const p = { i: start };
  while (p.i < end) {
    const key = varint(b, p, end), no = Math.floor(key / 8), wt = key % 8;
    if (wt === 0) varint(b, p, end);
    else if (wt === 1) p.i += 8;
    else if (wt === 5) p.i += 4;
    else if (wt === 2) {
      const len = varint(b, p, end), s = p.i;
      p.i += len;
      if (p.i <= end && no === want) cb(s, p.i);
    } else throw new Error(`wire type ${wt} at ${p.i}`);
    if (p.i > end) throw new Error('field runs past its message');
  }
}
// ExportTraceServiceRequest.resource_spans(1).scope_spans(2).spans(2).span_id(2)
function idsFromProto(b) {
  const offs = [];
  eachLen(b, 0, b.length, 1, (a, z) => eachLen(b, a, z, 2, (c, y) => eachLen(b, c, y, 2, (d, x) => {
    let at = -1;
    eachLen(b, d, x, 2, (e, w) => { if (w - e !== 8) throw new Error('span id not 8 bytes'); at = e; });
    if (at < 0) throw new Error('span without an id');
    offs.push(at);
  })));
  return { buf: b, offs };
}
function idsFromJson(body) {
  const o = JSON.parse(body.toString());
  const hex = [];
  for (const rs of o.resourceSpans || []) for (const ss of rs.scopeSpans || []) for (const sp of ss.spans || []) {
    if (typeof sp.spanId !== 'string' || !/^[0-9a-fA-F]{16}$/.test(sp.spanId)) throw new Error('bad spanId');
    hex.push(sp.spanId);
  }
  return { buf: Buffer.from(hex.join(''), 'hex'), offs: hex.map((_, i) => i * 8) };
}
function handleIds(req, res, signal, json, body) {
  let got = null, error = null;
  if (signal === 'traces') {
    try { got = json ? idsFromJson(body) : idsFromProto(body); } catch (e) { error = e.message; }
  }
  const f = takeFault();
  if (error && !f) {
    idStats.malformed++;
    return reply(res, 400, 'text/plain', Buffer.from(error));
  }
  idStats.inflight++;
  const go = () => {
    idStats.inflight--;
    const late = req.socket.destroyed;
    const status = answer(req, res, signal, json, f);
    const accepted = status >= 200 && status < 300 && !(f && (f.garbage || f.reset));
    if (!accepted || !got) { if (got) idStats.refused++; return; }
    idStats.accepted++;
    acceptedAtMs.push(Date.now());
    if (late) idStats.late++;
    for (const o of got.offs) ids.add(got.buf.readUInt32LE(o), got.buf.readUInt32LE(o + 4));
  };
  if (f && f.delayMs) setTimeout(go, f.delayMs); else go();
}
function idReport(file) {
  const out = Object.assign({ uniqueReceived: ids.size, copiesReceived: ids.copies, acceptedAtMs }, idStats);
  if (!file) return out;
  const b = fs.readFileSync(file);
  if (b.length % 8) throw new Error(`${file}: ${b.length} bytes, not a whole number of 8-byte ids`);
  const seen = new Uint8Array(ids.cnt.length);
  let delivered = 0, duplicates = 0, missing = 0, repeatedByEmitter = 0;
  for (let o = 0; o < b.length; o += 8) {
    const i = ids.find(b.readUInt32LE(o), b.readUInt32LE(o + 4));
    if (ids.cnt[i] === 0) { missing++; continue; }
    if (seen[i]) { repeatedByEmitter++; continue; }
    seen[i] = 1;
    delivered++;
    duplicates += ids.cnt[i] - 1;
  }
  let unknown = 0, unknownCopies = 0;
  for (let i = 0; i < ids.cnt.length; i++) if (ids.cnt[i] && !seen[i]) { unknown++; unknownCopies += ids.cnt[i]; }
  return Object.assign(out, { produced: b.length / 8, delivered, duplicates, missing, repeatedByEmitter, unknown, unknownCopies });
}
