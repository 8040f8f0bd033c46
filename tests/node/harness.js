'use strict';
// What the end-to-end test scripts share: counting checks, starting the
// receiver (tests/node/receiver.js), and talking to its control endpoints.
const { spawn, spawnSync } = require('child_process');
const http = require('http'), https = require('https'), path = require('path');

const counts = { passed: 0, failed: 0 };
function check(name, cond, detail) {
  if (cond) { counts.passed++; if (process.env.TEST_VERBOSE) console.log(`ok   ${name}`); }
  else { counts.failed++; console.log(`FAIL ${name}${detail !== undefined ? ': ' + JSON.stringify(detail).slice(0, 600) : ''}`); }
}
const eq = (name, a, b) => check(name, JSON.stringify(a) === JSON.stringify(b), { got: a, want: b });
function fail(name, detail) { check(name, false, detail); }
// the closing line tests/run.sh adds up; exits non-zero on any failure
function finish(suite) {
  console.log(`# ${suite}: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}

function startReceiver(args = []) {
  return new Promise((resolve, reject) => {
    const p = spawn('node', [path.join(__dirname, 'receiver.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /LISTENING (\d+)/.exec(buf);
      if (m) resolve({ proc: p, port: Number(m[1]), tls: args.includes('--tls-cert') });
    });
    p.on('exit', (c) => reject(new Error(`receiver exited ${c}`)));
  });
}
function control(r, method, p, body) {
  return new Promise((resolve, reject) => {
    const mod = r.tls ? https : http;
    const req = mod.request({ host: '127.0.0.1', port: r.port, method, path: p, rejectUnauthorized: false,
                              key: r.clientKey, cert: r.clientCert }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
// tests/node/grpc_server.js (extra: its arguments): { proc, port, control }
function startGrpcServer(extra) {
  return new Promise((resolve, reject) => {
    const p = spawn('node', [path.join(__dirname, 'grpc_server.js')].concat(extra || []), { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /LISTENING (\d+) CONTROL (\d+)/.exec(buf);
      if (m) resolve({ proc: p, port: Number(m[1]), control: Number(m[2]) });
    });
    p.on('exit', (c) => reject(new Error(`grpc server exited ${c}`)));
  });
}
// its control endpoints (GET /_received, /_stats; POST /_reset, /_fault), answers parsed
function grpcControl(s, method, p, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.control, method, path: p, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    });
    req.on('error', reject);
    req.end(body !== undefined ? JSON.stringify(body) : undefined);
  });
}
async function received(r) { return JSON.parse(await control(r, 'GET', '/_received')).requests; }
function stop(r) { try { r.proc.kill('SIGTERM'); } catch (e) { /* gone */ } }
// OTLP attribute lists as plain objects: key -> the value's one field
const attrMap = (list) => Object.fromEntries((list || []).map((a) => [a.key, Object.values(a.value)[0]]));
// the raw bytes of every request, as one string to search for secrets
const rawText = (reqs) => reqs.map((q) => Buffer.from(q.rawHex || '', 'hex').toString('latin1')).join('\n');
// runs a test program (30 s at most) with env over ours: the last JSON line it printed (null: none)
function runJson(exe, args, env) {
  const res = spawnSync(exe, args, { env: Object.assign({}, process.env, env), encoding: 'utf8', timeout: 30000 });
  let out = null;
  for (const l of (res.stdout || '').split('\n')) if (l.startsWith('{')) try { out = JSON.parse(l); } catch (e) { /* not it */ }
  return out;
}

module.exports = { counts, check, eq, fail, finish, startReceiver, control, received, stop, attrMap, rawText,
                   startGrpcServer, grpcControl, runJson };
