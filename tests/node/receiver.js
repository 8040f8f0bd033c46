'use strict';
// An OTLP/HTTP receiver for tests: decodes with the official definitions
// (otlp.js), stores what it got, and misbehaves on request (POST /_fault).
//   node tests/node/receiver.js [--port N] [--host H] [--tls-cert F --tls-key F]
//        [--tls-ca F --require-client-cert] [--discard]
// First stdout line: "LISTENING <port>". Control: GET /_received, POST /_reset,
// POST /_fault {status, retryAfter, count, delayMs, reset, resetMidBody,
// garbage, oversizeHeaders, oversizeBody, chunked, partialSuccess, store},
// GET /_stats, POST /_quit.
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
  if (req.url === '/_reset') { received = []; fault = null; return reply(res, 200, 'text/plain', Buffer.from('ok')); }
  if (req.url === '/_fault') {
    try { fault = JSON.parse(body.toString() || '{}'); } catch (e) { return reply(res, 400, 'text/plain', Buffer.from('bad fault')); }
    return reply(res, 200, 'text/plain', Buffer.from('ok'));
  }
  if (req.url === '/_quit') { reply(res, 200, 'text/plain', Buffer.from('bye')); setTimeout(() => process.exit(0), 10); return; }
  reply(res, 404, 'text/plain', Buffer.from('not found'));
}
function takeFault() {
  if (!fault) return null;
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
    const { decoded, errors } = otlp.decode(signal, ct, body);
    const f = takeFault();
    const entry = { path: req.url, contentType: ct, headers: req.headers, rawLength: body.length, decoded, errors,
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
if (opt('--tls-cert')) {
  const o = { cert: fs.readFileSync(opt('--tls-cert')), key: fs.readFileSync(opt('--tls-key')) };
  if (opt('--tls-ca')) o.ca = fs.readFileSync(opt('--tls-ca'));
  if (flag('--require-client-cert')) { o.requestCert = true; o.rejectUnauthorized = true; }
  server = https.createServer(o, handle);
  server.on('tlsClientError', () => {});
} else {
  server = http.createServer(handle);
}
server.keepAliveTimeout = 30000;
server.on('connection', () => { stats.connections++; });
server.listen(Number(opt('--port', 0)), opt('--host', '127.0.0.1'), () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
