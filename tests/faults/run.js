'use strict';
// The fault matrix: tests/faults/emit_load.c (producer threads at a steady
// rate, exporting with the OTEL_* environment) against tests/node/receiver.js
// in --ids-only mode, once healthy and once per fault. Each row is a ledger:
// every span id the emitter produced is either delivered (seen by the
// receiver, matched by id), counted as dropped by the SDK (spans_dropped +
// spans_export_dropped + spans_export_failed), or still pending. A row fails
// when that does not add up, or when an id arrives that the emitter never
// produced. Duplicates (a batch the backend kept but the exporter did not
// hear back about, sent again) are shown, not folded into the count.
//
//   node tests/faults/run.js            (make faults)
// Environment: FAULT_SPANS (1000000, over 4 threads), FAULT_RATE (spans/s in
// all; FAULT_SPANS / 6.25 s, 160000 by default), FAULT_THREADS (4), FAULT_ARENA_MB (built-in 4 MiB arena),
// FAULT_ONLY (comma-separated row names), FAULT_EMIT (the emitter binary),
// FAULT_KEEP=1 (keep the work directory: ids files, emitter stderr),
// FAULT_SLACK_MS (0: added to the deadline rows' allowance of deadline + 50 ms).
//
// The deadline rows (D...) put 5000 spans (3000 before the first export: a
// batch is at most half the arena, 3964 blocks) from one thread against a backend
// that is slow (the receiver answering after 3 s) or one of
// tests/faults/bad_server.c's (silent, TLS stalling mid-handshake, reading
// 1 byte/s, gRPC never answering nor opening a window), and shut down
// (deadline 2 s) before the first export, during it (after a flush with
// deadline 1 s), or after it (timed out at 1 s, in backoff or retrying). A
// row fails unless flush and shutdown each return by their deadline + 50 ms.
// In every row the SDK's counts add up: started = exported + dropped +
// pending + sent-outcome-unknown, and the receiver's delivered ids lie
// between the exporter's exported count and that plus the unknown ones.
// The ledger rows (L ...) check the same for configuration errors (invalid
// endpoints, an unknown exporter) and for a spool that starts with a
// damaged file and a dead process's unfinished one.
const { spawn, execFileSync } = require('child_process');
const http = require('http'), fs = require('fs'), os = require('os'), path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const EMIT = process.env.FAULT_EMIT || path.join(ROOT, 'build', 'faults', 'emit_load');
const RECEIVER = path.join(ROOT, 'tests', 'node', 'receiver.js');
const BAD_SERVER = process.env.FAULT_BAD_SERVER || path.join(path.dirname(EMIT), 'bad_server');
const SLACK_MS = Number(process.env.FAULT_SLACK_MS || 0);
const D_SHUTDOWN_MS = 2000, D_FLUSH_MS = 1000;
const THREADS = Number(process.env.FAULT_THREADS || 4);
const SPANS = Number(process.env.FAULT_SPANS || 1000000);
// the faults play out over the first seconds: production lasts about 6 s
// whatever FAULT_SPANS is, unless FAULT_RATE says otherwise
const RATE = Number(process.env.FAULT_RATE || Math.max(1, Math.round(SPANS / 6.25)));
const PER_THREAD = Math.max(1, Math.floor(SPANS / THREADS));
const SHUTDOWN_MS = 15000;
const PRODUCE_MS = (PER_THREAD * THREADS * 1000) / RATE;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startReceiver(args) {
  return new Promise((resolve, reject) => {
    const p = spawn('node', [RECEIVER, '--ids-only', '--ids-capacity', String(PER_THREAD * THREADS), '--control-port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /LISTENING (\d+)/.exec(buf), c = /CONTROL (\d+)/.exec(buf);
      if (m && c) resolve({ proc: p, port: Number(m[1]), control: Number(c[1]) });
    });
    p.on('exit', (code) => reject(new Error(`receiver exited ${code}`)));
  });
}
function control(r, method, p, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: r.control, method, path: p }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) reject(new Error(`${p}: ${res.statusCode} ${text}`)); else resolve(text);
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
const post = (r, p, body) => control(r, 'POST', p, body);

// a CA the exporter is given, another it is not, and a localhost certificate from each
function makeCerts(dir) {
  const ossl = (...a) => execFileSync('openssl', a, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  for (const ca of ['ca', 'otherca'])
    ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '2',
         '-subj', `/CN=${ca}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  for (const [name, signer] of [['good', 'ca'], ['bad', 'otherca']]) {
    ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=localhost');
    fs.writeFileSync(path.join(dir, `${name}.ext`), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
    ossl('x509', '-req', '-in', `${name}.csr`, '-CA', `${signer}.pem`, '-CAkey', `${signer}.key`,
         '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
}

// Each fault: receiver arguments, emitter environment, and a timeline of
// actions (ms after the emitter starts). `produced` runs when the producers
// are done, so an outage still on then ends and delivery can complete.
// The ops note when the backend became healthy again, for the recovery time.
const WINDOW = { at: 1000, forMs: 3000 };
const windowed = (fault) => ({ timeline: [[WINDOW.at, (op) => op.fault(Object.assign({ forMs: WINDOW.forMs }, fault))]] });
function cases() {
  return [
    { name: 'healthy', timeline: [] },
    { name: '1 down at start, up at 2 s', before: (op) => op.down(), timeline: [[2000, (op) => op.up()]] },
    { name: '2 down 1.5-4.5 s mid-run', timeline: [[1500, (op) => op.down()], [4500, (op) => op.up()]] },
    { name: '3 flapping every 1 s', flap: { from: 500, every: 1000 }, produced: (op) => op.up() },
    Object.assign({ name: '4 503 Retry-After: 1 (3 s)' }, windowed({ status: 503, retryAfter: '1' })),
    Object.assign({ name: '5 429 (3 s)' }, windowed({ status: 429 })),
    Object.assign({ name: '6 answers 1.5 s > timeout 0.5 s (3 s)', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '500' } },
                  windowed({ delayMs: 1500 })),
    Object.assign({ name: '7 reset mid-body (3 s)' }, windowed({ resetMidBody: true })),
    Object.assign({ name: '8 garbage response (3 s)' }, windowed({ garbage: true })),
    { name: '9 TLS unknown CA until 3 s', tls: true, timeline: [[3000, (op) => op.goodCert()]] },
    { name: '10 down 1.5-4.5 s, spool on', spool: true, timeline: [[1500, (op) => op.down()], [4500, (op) => op.up()]] },
    { name: '11 down 1.5-4.5 s, spool cap 4 MiB', spool: true, env: { OTEL_H_SPOOL_MAX_BYTES: String(4 << 20) },
      timeline: [[1500, (op) => op.down()], [4500, (op) => op.up()]] },
    { name: 'healthy, again', timeline: [] },
    ...deadlineCases(),
    ...ledgerCases(),
  ];
}

// configuration errors and damaged state: nothing may go uncounted
function ledgerCases() {
  const small = { EMIT_THREADS: '1', EMIT_SPANS: '5000', EMIT_RATE: '0', EMIT_SHUTDOWN_MS: String(D_SHUTDOWN_MS) };
  const endpoint = (url) => ({ name: `L endpoint ${url}`, ledger: true, env: Object.assign({ OTEL_EXPORTER_OTLP_ENDPOINT: url }, small), timeline: [] });
  return [
    endpoint('htp://x'), endpoint('http://[::1'), endpoint('http://127.0.0.1:99999'),
    { name: 'L exporter bogus', ledger: true, env: Object.assign({ OTEL_TRACES_EXPORTER: 'bogus' }, small), timeline: [] },
    // spool files of an earlier run: one whose header is damaged (18
    // records, by its name), the unfinished file of a process that died (66)
    { name: 'L spool damaged + stale tmp', spool: true, preseed: { damaged: 18, tmp: 66 }, env: small, timeline: [] },
  ];
}

// the damaged files a row's spool starts with; returns how many records they hold
function preseedSpool(dir, p) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `otel-00000000000000000001-00000001-000001-${p.damaged}.spool`), Buffer.alloc(100, 'Z'));
  const h = Buffer.alloc(24);
  h.write('OTSP'); h[4] = 1; h.writeUInt32LE(p.tmp, 8); h.writeUInt32LE(4, 12);
  // a process id that is not running: the largest pid_t value
  fs.writeFileSync(path.join(dir, '.tmp-2147483646-000001'), h);
  return p.damaged + p.tmp;
}

// backends x when shutdown comes; see the opening comment
function deadlineCases() {
  const backends = [
    { tag: 'slow 3 s', slow: true },
    { tag: 'silent', server: 'silent' },
    { tag: 'TLS stalls in handshake', server: 'tls-stall', https: true },
    { tag: 'reads 1 B/s', server: 'slow-reader', env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '5000' } },
    { tag: 'gRPC silent', server: 'grpc-silent', grpc: true },
    { tag: 'gRPC no window', server: 'grpc-silent', grpc: true, env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '5000' } },
  ];
  const whens = [
    { tag: 'before 1st export', env: { OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '8192', EMIT_SPANS: '3000' } },
    { tag: 'during 1st export', flush: true, env: { EMIT_SHUTDOWN_AT_MS: '500' } },
    { tag: 'after 1st export', env: { EMIT_SHUTDOWN_AT_MS: '2500', OTEL_EXPORTER_OTLP_TIMEOUT: '1000' } },
  ];
  const out = [];
  let n = 1;
  for (const b of backends) for (const w of whens) {
    const env = Object.assign({ EMIT_THREADS: '1', EMIT_SPANS: '5000', EMIT_RATE: '0', EMIT_SHUTDOWN_MS: String(D_SHUTDOWN_MS),
                                EMIT_FLUSH_MS: w.flush ? String(D_FLUSH_MS) : '0' },
                              b.grpc ? { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } : {}, b.env || {}, w.env);
    out.push({ name: `D${n++} ${b.tag}, ${w.tag}`, deadline: true, server: b.server, https: b.https, env,
               before: b.slow ? (op) => op.fault({ delayMs: 3000 }) : undefined, timeline: [] });
  }
  return out;
}

// one of bad_server's servers; resolves with its port
function startBadServer(kind) {
  return new Promise((resolve, reject) => {
    const p = spawn(BAD_SERVER, [kind], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /LISTENING (\d+)/.exec(buf);
      if (m) resolve({ proc: p, port: Number(m[1]) });
    });
    p.on('error', reject);
    p.on('exit', (code) => reject(new Error(`bad_server exited ${code}`)));
  });
}

function runEmitter(env, onProduced) {
  return new Promise((resolve) => {
    const child = spawn(EMIT, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', produced = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!produced && /^PRODUCED$/m.test(out)) { produced = true; onProduced(); }
    });
    child.stderr.on('data', (d) => { err += d; });
    const killer = setTimeout(() => child.kill('SIGKILL'), PRODUCE_MS * 3 + SHUTDOWN_MS + 30000);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      let o = null;
      try { o = JSON.parse(out.trim().split('\n').pop()); } catch (e) { /* reported by the caller */ }
      resolve({ out: o, code, signal, stderr: err });
    });
  });
}

async function runCase(c, dir) {
  if (c.server) return runBadServerCase(c, dir);
  const args = c.tls ? ['--tls-cert', path.join(dir, 'bad.pem'), '--tls-key', path.join(dir, 'bad.key')] : [];
  const r = await startReceiver(args);
  const idsFile = path.join(dir, `ids-${c.name.split(' ')[0]}.bin`);
  const env = Object.assign({}, process.env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: c.tls ? `https://localhost:${r.port}` : `http://127.0.0.1:${r.port}`,
    OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_SERVICE_NAME: 'faults',
    EMIT_THREADS: String(THREADS), EMIT_SPANS: String(PER_THREAD), EMIT_RATE: String(RATE),
    EMIT_IDS_FILE: idsFile, EMIT_SHUTDOWN_MS: String(SHUTDOWN_MS),
  }, c.env || {});
  if (c.tls) env.OTEL_EXPORTER_OTLP_CERTIFICATE = path.join(dir, 'ca.pem');
  if (c.spool) env.OTEL_H_SPOOL_DIR = path.join(dir, `spool-${c.name.split(' ')[0]}`);
  const preseeded = c.preseed ? preseedSpool(env.OTEL_H_SPOOL_DIR, c.preseed) : 0;
  if (process.env.FAULT_ARENA_MB) env.EMIT_ARENA_MB = process.env.FAULT_ARENA_MB;
  const errors = [], timers = [];
  let isDown = false, healthyAt = null;
  const op = {
    down: () => { isDown = true; return post(r, '/_down'); },
    up: () => { if (!isDown) return Promise.resolve(); isDown = false; healthyAt = Date.now(); return post(r, '/_up'); },
    fault: (f) => { healthyAt = Date.now() + (f.forMs || 0); return post(r, '/_fault', f); },
    goodCert: () => { healthyAt = Date.now(); return post(r, '/_tls', { cert: path.join(dir, 'good.pem'), key: path.join(dir, 'good.key') }); },
  };
  const act = (fn) => fn(op).catch((e) => errors.push(e.message));
  if (c.before) await c.before(op);
  let producedNow = false, flapTimer = null;
  for (const [at, fn] of c.timeline || []) timers.push(setTimeout(() => act(fn), at));
  if (c.flap) {
    const toggle = () => {
      if (producedNow) return;
      act((o) => (isDown ? o.up() : o.down()));
      flapTimer = setTimeout(toggle, c.flap.every);
    };
    flapTimer = setTimeout(toggle, c.flap.from);
  }
  const t0 = Date.now();
  const res = await runEmitter(env, () => {
    producedNow = true;
    if (flapTimer) clearTimeout(flapTimer);
    if (c.produced) act(c.produced);
  });
  const ms = Date.now() - t0;
  for (const t of timers) clearTimeout(t);

  // answers the receiver still holds back (a slow fault) settle before the count
  let report = null;
  for (let i = 0; i < 50; i++) {
    try { report = JSON.parse(await control(r, 'GET', '/_ids')); } catch (e) { errors.push(e.message); break; }
    if (report.inflight === 0) break;
    await sleep(100);
  }
  try { report = JSON.parse(await post(r, '/_ids', { file: idsFile })); } catch (e) { errors.push(e.message); report = null; }
  const rstats = JSON.parse(await control(r, 'GET', '/_stats').catch(() => '{}'));
  await post(r, '/_quit').catch(() => {});
  let recoveryMs = null;
  if (healthyAt !== null && report) {
    const next = report.acceptedAtMs.find((t) => t >= healthyAt);
    if (next !== undefined) recoveryMs = next - healthyAt;
  }
  return { name: c.name, ms, res, report, rstats, errors, idsFile, recoveryMs, deadline: c.deadline, single: Boolean(c.env && c.env.EMIT_THREADS === '1'), preseeded };
}

// a backend that never accepts a batch: nothing is delivered, and the row's
// ledger is the SDK's own
async function runBadServerCase(c, dir) {
  const b = await startBadServer(c.server);
  const idsFile = path.join(dir, `ids-${c.name.split(' ')[0]}.bin`);
  const env = Object.assign({}, process.env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: `${c.https ? 'https://localhost' : 'http://127.0.0.1'}:${b.port}`,
    OTEL_SERVICE_NAME: 'faults', EMIT_IDS_FILE: idsFile,
  }, c.env || {});
  if (c.https) env.OTEL_EXPORTER_OTLP_CERTIFICATE = path.join(dir, 'ca.pem');
  const t0 = Date.now();
  const res = await runEmitter(env, () => {});
  const ms = Date.now() - t0;
  b.proc.stdin.end();
  const produced = res.out ? res.out.produced : 0;
  const report = { produced, delivered: 0, duplicates: 0, unknown: 0, late: 0, acceptedAtMs: [] };
  return { name: c.name, ms, res, report, rstats: { statuses: {} }, errors: [], idsFile, recoveryMs: null, deadline: true, single: true };
}

function row(x, healthy) {
  const o = x.res.out, rep = x.report;
  const notes = [];
  if (!o) notes.push(`emitter failed (exit ${x.res.code}${x.res.signal ? ' ' + x.res.signal : ''})`);
  if (!rep) notes.push('no id report');
  for (const e of x.errors) notes.push(`control: ${e}`);
  if (!o || !rep) return { name: x.name, ok: false, notes };
  const s = o.stats;
  /* records a row's spool started with count as started too */
  const started = o.produced + (x.preseeded || 0);
  const delivered = rep.delivered;
  /* with the spool on: what it dropped counts as dropped, what is still on
     disk as pending (the next run sends it) */
  const spooled = (s.spoolWritten || 0) - (s.spoolReplayed || 0) - (s.spoolDropped || 0);
  const dropped = s.dropped + s.exportDropped + s.exportFailed + (s.spoolDropped || 0);
  const pending = s.pending + Math.max(0, spooled);
  /* sent, outcome unknown: batches cut off by the deadline after they were
     written whole; the backend may or may not have kept them */
  const unknown = s.unknown || 0;
  const gap = started - (delivered + dropped + pending);
  const balanced = gap >= 0 && gap <= unknown;
  if (rep.produced !== o.produced) notes.push(`ids file holds ${rep.produced} ids, emitter says ${o.produced}`);
  if (s.started + s.dropped !== o.produced) notes.push(`spans_started ${s.started} + spans_dropped ${s.dropped} != ${o.produced} begun`);
  if (rep.unknown) notes.push(`${rep.unknown} unknown ids arrived (${rep.unknownCopies} copies)`);
  if (rep.repeatedByEmitter) notes.push(`${rep.repeatedByEmitter} ids produced twice`);
  if (!balanced) notes.push(`ledger off by ${-gap} (delivered + dropped + pending - started), ${unknown} sent with outcome unknown`);
  const sent = s.exported + (s.spoolReplayed || 0);
  const sdkBalanced = sent + dropped + pending + unknown === started;
  if (!sdkBalanced) notes.push(`SDK ledger: exported ${sent} + dropped ${dropped} + pending ${pending} + unknown ${unknown} != started ${started}`);
  if (delivered < sent || delivered > sent + unknown)
    notes.push(`exporter counted ${s.exported} exported + ${s.spoolReplayed || 0} from the spool (+ ${unknown} outcome unknown), receiver has ${delivered} unique`);
  let inTime = true;
  if (x.deadline) {
    if (o.shutdownMs > D_SHUTDOWN_MS + 50 + SLACK_MS) { inTime = false; notes.push(`shutdown took ${o.shutdownMs} ms, deadline ${D_SHUTDOWN_MS} ms`); }
    if (o.flushMs > D_FLUSH_MS + 50 + SLACK_MS) { inTime = false; notes.push(`flush took ${o.flushMs} ms, deadline ${D_FLUSH_MS} ms`); }
  }
  if (o.idsWriteError) notes.push('ids file write error');
  /* the deadline and ledger rows produce from one thread flat out: no comparison */
  const thr = !x.single && healthy && healthy.res.out ? (100 * o.producerSpansPerSec) / healthy.res.out.producerSpansPerSec : 100;
  if (thr < 95) notes.push(`warning: producer throughput ${thr.toFixed(1)} % of healthy`);
  const ok = balanced && sdkBalanced && inTime && !rep.unknown && rep.produced === o.produced && !o.idsWriteError;
  return {
    name: x.name, ok, notes, thr, worstMs: o.worstLatencyUs / 1000, rssMiB: o.maxRssKb / 1024, started, delivered,
    duplicates: rep.duplicates, dropped, arenaDropped: s.dropped, exportDropped: s.exportDropped, exportFailed: s.exportFailed,
    pending, unknown, retries: s.retries, over1ms: o.over1ms, shutdown: o.shutdown, shutdownMs: o.shutdownMs, flushMs: o.flushMs, runMs: x.ms,
    producerSpansPerSec: o.producerSpansPerSec, producerSpansPerSecWall: o.producerSpansPerSecWall, achievedSpansPerSec: o.achievedSpansPerSec,
    late: rep.late, recoveryMs: x.recoveryMs, outages: x.rstats.outages || 0, statuses: x.rstats.statuses,
  };
}

const pad = (v, n) => String(v).padStart(n);
function printTable(rows) {
  console.log(`${'fault'.padEnd(38)} ${pad('thr %', 6)} ${pad('worst ms', 8)} ${pad('RSS MiB', 7)} ${pad('started', 8)} ` +
              `${pad('delivered', 9)} ${pad('dups', 6)} ${pad('dropped', 8)} ${pad('pending', 7)} ${pad('unknown', 7)} ${pad('back s', 6)}  ledger`);
  for (const w of rows) {
    if (w.started === undefined) { console.log(`${w.name.padEnd(38)} ${'-'.padStart(6)}  FAIL`); continue; }
    console.log(`${w.name.padEnd(38)} ${pad(w.thr.toFixed(1) + (w.thr < 95 ? '!' : ' '), 6)} ${pad(w.worstMs.toFixed(2), 8)} ` +
                `${pad(w.rssMiB.toFixed(1), 7)} ${pad(w.started, 8)} ${pad(w.delivered, 9)} ${pad(w.duplicates, 6)} ` +
                `${pad(w.dropped, 8)} ${pad(w.pending, 7)} ${pad(w.unknown, 7)} ${pad(w.recoveryMs === null ? '-' : (w.recoveryMs / 1000).toFixed(2), 6)}  ${w.ok ? 'OK' : 'FAIL'}`);
  }
}

(async () => {
  if (!fs.existsSync(EMIT)) { console.log(`FAIL ${EMIT} not built`); console.log('# faults: 0 passed, 1 failed'); process.exit(1); }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-faults-'));
  const only = process.env.FAULT_ONLY ? process.env.FAULT_ONLY.split(',').map((x) => x.trim()) : null;
  console.log(`# ${THREADS} producer threads x ${PER_THREAD} spans at ${RATE} spans/s in all (about ${(PRODUCE_MS / 1000).toFixed(1)} s ` +
              `of production a row), bursts of 500; shutdown deadline ${SHUTDOWN_MS / 1000} s; ` +
              `${process.env.FAULT_ARENA_MB ? process.env.FAULT_ARENA_MB + ' MiB' : 'built-in 4 MiB'} arena`);
  const rows = [], raw = [];
  let healthy = null;
  try {
    const all = cases();
    if (all.some((c) => (c.tls || c.https) && (!only || only.some((n) => c.name.startsWith(n))))) makeCerts(dir);
    for (const c of all) {
      if (only && c.name !== 'healthy' && !only.some((n) => c.name.startsWith(n))) continue;
      const x = await runCase(c, dir);
      if (c.name === 'healthy') healthy = x;
      raw.push(x);
      const w = row(x, healthy);
      rows.push(w);
      if (process.env.FAULT_VERBOSE) console.log(JSON.stringify(w));
    }
  } finally {
    if (!process.env.FAULT_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`# kept ${dir}`);
  }
  console.log('');
  printTable(rows);
  console.log('');
  console.log('# thr %: producer spans/s (spans over each thread\'s CPU time spent producing, summed over threads) against');
  console.log('#   the healthy row; ! below 95 %, a warning only (a shared 2-core machine). Spans the arena has no room for');
  console.log('#   cost less, so rows with outages run above 100 %. worst: the slowest single begin+end a producer saw (wall).');
  console.log('#   dropped: spans_dropped (arena full) + spans_export_dropped + spans_export_failed. dups: extra copies of');
  console.log('#   delivered ids (at-least-once retries). back: from the backend being healthy again to the first batch');
  console.log('#   it accepted (the exporter\'s backoff). unknown: sent, outcome unknown (cut off by the shutdown deadline');
  console.log('#   after the backend acknowledged every byte). ledger OK: delivered + dropped + pending = started, give or');
  console.log('#   take the unknown ones, no unknown ids; the SDK\'s own counts add up; deadline rows kept their deadlines.');
  for (const w of rows) {
    const detail = w.started === undefined ? '' :
      `arena ${w.arenaDropped}, export dropped ${w.exportDropped}, failed ${w.exportFailed}; retries ${w.retries}; ` +
      `${w.over1ms} spans over 1 ms; ${w.flushMs ? `flush after ${w.flushMs} ms; ` : ''}shutdown ${w.shutdown} after ${w.shutdownMs} ms; ` +
      `${w.unknown ? `${w.unknown} sent, outcome unknown; ` : ''}` +
      `statuses ${JSON.stringify(w.statuses)}${w.outages ? `; ${w.outages} outages` : ''}${w.late ? `; ${w.late} answers after the client gave up` : ''}`;
    console.log(`# ${w.name}: ${detail}`);
    for (const n of w.notes) console.log(`#   ${n}`);
  }
  const outDir = path.join(ROOT, 'build', 'faults');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ threads: THREADS, perThread: PER_THREAD, rate: RATE, rows,
    stderr: Object.fromEntries(raw.map((x) => [x.name, x.res.stderr.split('\n').slice(0, 40)])) }, null, 1));
  const passed = rows.filter((w) => w.ok).length, failed = rows.length - passed;
  console.log(`# faults: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log(`FAIL faults crashed: ${e.stack}`); console.log('# faults: 0 passed, 1 failed'); process.exit(1); });
