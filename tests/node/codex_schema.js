'use strict';
// The session layer against codex-otel's schema (docs/codex.md):
// examples/codex_session.c plays one codex conversation and exports it to
// tests/node/receiver.js, which decodes with the OpenTelemetry project's
// definitions. Every log record is checked key for key (names, presence,
// value types) against the table below, and the codex.* metrics for their
// names, kinds, units, temporality and attributes; then the spans, the
// links of events to spans, redaction and the opt-ins, and the prefix.
const { spawnSync } = require('child_process');
const path = require('path');
const { check, eq, finish, startReceiver, received, stop, attrMap } = require('./harness');

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'build', 'examples', 'codex_session');

// the schema: key -> OTLP value type
const S = 'stringValue', I = 'intValue', B = 'boolValue', A = 'arrayValue';
const COMMON = { 'event.name': S, 'event.timestamp': S, 'conversation.id': S, 'app.version': S, originator: S,
                 'terminal.type': S, model: S, slug: S };
const COMMON_OPT = { auth_mode: S, 'user.account_id': S, 'user.email': S };
const EVENTS = {
  conversation_starts: { req: { provider_name: S, reasoning_summary: S, approval_policy: S, sandbox_policy: S, mcp_servers: S },
                         opt: { reasoning_effort: S, context_window: I, auto_compact_token_limit: I } },
  api_request: { req: { duration_ms: S, attempt: I, endpoint: S }, opt: { 'http.response.status_code': I, 'error.message': S } },
  sse_event: { req: { 'event.kind': S, duration_ms: S },
               opt: { 'error.message': S, input_token_count: S, output_token_count: S, cached_token_count: I,
                      reasoning_token_count: I, tool_token_count: S } },
  user_prompt: { req: { prompt_length: S, prompt: S }, opt: {} },
  tool_decision: { req: { tool_name: S, call_id: S, decision: S, source: S }, opt: {} },
  tool_result: { req: { tool_name: S, call_id: S, arguments: S, duration_ms: S, success: S, output: S, mcp_server: S,
                        mcp_server_origin: S }, opt: {} },
  sandbox_outcome: { req: { tool_name: S, call_id: S, outcome: S, initial_duration_ms: I }, opt: { escalated_duration_ms: I } },
  agent_response: { req: { 'agent.type': S, 'turn.id': S, 'item.id': S, response: S, response_length: I, response_truncated: B }, opt: {} },
  // ours, under the same prefix
  consensus: { req: { 'consensus.responses': I, 'consensus.conflicts': I, 'consensus.outcome': S },
               opt: { 'consensus.conflict.topics': A, 'consensus.conflict.agents': A, 'consensus.conflict.resolutions': A,
                      'consensus.disagreeing_agents': A } },
};
const COUNTS = { conversation_starts: 1, user_prompt: 1, api_request: 2, sse_event: 6, tool_decision: 1, sandbox_outcome: 1,
                 tool_result: 1, agent_response: 3, consensus: 1 };
const METRICS = {
  'codex.api_request': ['sum', '', ['status', 'success']],
  'codex.sse_event': ['sum', '', ['kind', 'success']],
  'codex.tool.call': ['sum', '', ['tool', 'success']],
  'codex.api_request.duration_ms': ['histogram', 'ms', ['status', 'success']],
  'codex.sse_event.duration_ms': ['histogram', 'ms', ['kind', 'success']],
  'codex.tool.call.duration_ms': ['histogram', 'ms', ['tool', 'success']],
  'codex.turn.ttft.duration_ms': ['histogram', 'ms', []],
};
const POINT_COMMON = { auth_mode: 'ChatGPT', originator: 'codex_cli_rs', model: 'gpt-5-codex', 'app.version': '0.46.0' };
const PROMPT = 'Fix the failing test in parser.c, then run make test';
const RESPONSE = 'The test passes now: parser.c read one byte too far.';

const type = (v) => Object.keys(v || {})[0];
const strs = (v) => ((v && v.arrayValue && v.arrayValue.values) || []).map((x) => x.stringValue);

async function run(label, args, env, prefix, optedIn) {
  const r = await startReceiver();
  const res = spawnSync(EXAMPLE, args, { encoding: 'utf8', timeout: 30000,
    env: Object.assign({}, process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${r.port}`, OTEL_BLRP_SCHEDULE_DELAY: '20' }, env) });
  const reqs = await received(r);
  stop(r);
  const P = `${label}:`;
  check(`${P} the example exits 0`, res.status === 0, [res.status, res.stderr]);
  check(`${P} every request decoded without errors`, reqs.length > 0 && reqs.every((q) => q.errors.length === 0), reqs.map((q) => q.errors));
  const logs = [], spans = [], metrics = {};
  for (const q of reqs) {
    if (!q.decoded) continue;
    for (const rl of q.decoded.resourceLogs || []) for (const sl of rl.scopeLogs || []) logs.push(...(sl.logRecords || []));
    for (const rs of q.decoded.resourceSpans || []) for (const ss of rs.scopeSpans || []) spans.push(...(ss.spans || []));
    for (const rm of q.decoded.resourceMetrics || []) for (const sm of rm.scopeMetrics || []) for (const m of sm.metrics || []) {
      if (!metrics[m.name]) metrics[m.name] = { m, points: [], scopes: new Set() };
      metrics[m.name].scopes.add((sm.scope && sm.scope.name) || '');
      metrics[m.name].points.push(...(m.sum || m.histogram || m.gauge || {}).dataPoints || []);
    }
  }

  // ---- every record, key for key ----
  const seen = {};
  for (const l of logs) {
    const name = l.eventName || '';
    const op = name.startsWith(prefix) ? name.slice(prefix.length) : null;
    const spec = op !== null && EVENTS[op];
    check(`${P} event name ${name} is <prefix>.<a codex operation>`, !!spec);
    if (!spec) continue;
    seen[op] = (seen[op] || 0) + 1;
    const got = {};
    for (const a of l.attributes || []) got[a.key] = a.value;
    const want = Object.assign({}, COMMON, spec.req);
    const allowed = Object.assign({}, want, COMMON_OPT, spec.opt);
    const missing = Object.keys(want).filter((k) => !(k in got));
    const extra = Object.keys(got).filter((k) => !(k in allowed));
    const wrong = Object.keys(got).filter((k) => k in allowed && type(got[k]) !== allowed[k]).map((k) => [k, type(got[k])]);
    eq(`${P} ${name} #${seen[op]}: required keys present`, missing, []);
    eq(`${P} ${name} #${seen[op]}: no keys outside the schema`, extra, []);
    eq(`${P} ${name} #${seen[op]}: value types`, wrong, []);
    eq(`${P} ${name} #${seen[op]}: event.name attribute = LogRecord.event_name`, got['event.name'] && got['event.name'].stringValue, name);
    const ts = got['event.timestamp'] && got['event.timestamp'].stringValue;
    check(`${P} ${name} #${seen[op]}: event.timestamp RFC 3339 with ms, Z, at the record's time`,
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(ts || '') &&
          BigInt(Date.parse(ts)) === BigInt(l.timeUnixNano) / 1000000n, [ts, l.timeUnixNano]);
    eq(`${P} ${name} #${seen[op]}: optional common attributes when known`,
       [got.auth_mode, got['user.account_id'], got['user.email']].map((v) => v && v.stringValue), ['ChatGPT', 'acct-42', 'dev@example.com']);
  }
  eq(`${P} events of each operation`, seen, COUNTS);

  const ev = (op) => logs.filter((l) => l.eventName === prefix + op).map((l) => Object.assign({ a: attrMap(l.attributes) }, l));
  const [conv] = ev('conversation_starts');
  eq(`${P} conversation_starts values`, conv && [conv.a.provider_name, conv.a.reasoning_effort, conv.a.context_window,
     conv.a.auto_compact_token_limit, conv.a.mcp_servers, conv.a['conversation.id']],
     ['openai', 'medium', '272000', '200000', 'docs,github', '0199e3a1-7c2b-7f10-9a55-3d2f4c8b1e07']);
  const [up] = ev('user_prompt');
  eq(`${P} user_prompt: length in characters, text ${optedIn ? 'kept' : 'redacted'}`, up && [up.a.prompt_length, up.a.prompt],
     [String(PROMPT.length), optedIn ? PROMPT : '[REDACTED]']);
  const api = ev('api_request');
  eq(`${P} api_request: the retry`, api.map((e) => [e.a.attempt, e.a['http.response.status_code'], e.a['error.message'], e.a.endpoint]),
     [['1', '429', 'rate limited', '/v1/responses'], ['2', '200', undefined, '/v1/responses']]);
  check(`${P} api_request: duration_ms whole ms`, api.length === 2 && api.every((e) => /^\d+$/.test(e.a.duration_ms) && Number(e.a.duration_ms) >= 3),
        api.map((e) => e.a.duration_ms));
  const sse = ev('sse_event');
  const done = sse.find((e) => e.a['event.kind'] === 'response.completed');
  eq(`${P} response.completed token counts`, done && [done.a.input_token_count, done.a.output_token_count, done.a.cached_token_count,
     done.a.reasoning_token_count, done.a.tool_token_count], ['1834', '211', '1024', '64', '2045']);
  check(`${P} other SSE events carry no token counts`, sse.filter((e) => e !== done).every((e) => !('input_token_count' in e.a)) && sse.length === 6);
  const [dec] = ev('tool_decision');
  eq(`${P} tool_decision values`, dec && [dec.a.tool_name, dec.a.call_id, dec.a.decision, dec.a.source], ['shell', 'call_7Qm2', 'approved', 'User']);
  const [sb] = ev('sandbox_outcome');
  eq(`${P} sandbox_outcome values`, sb && [sb.a.outcome, sb.a.initial_duration_ms, 'escalated_duration_ms' in sb.a], ['success', '4', false]);
  const [tr] = ev('tool_result');
  eq(`${P} tool_result values`, tr && [tr.a.success, tr.a.output, tr.a.mcp_server, tr.a.mcp_server_origin, tr.a.arguments],
     ['true', optedIn ? '# parser: 41 passed, 0 failed' : '[REDACTED]', '', '', '{"command":["make","test"],"workdir":"/src"}']);
  const ar = ev('agent_response');
  const main = ar.find((e) => e.a['agent.type'] === 'main');
  eq(`${P} agent_response (main): response ${optedIn ? 'kept' : 'redacted'}, length in bytes, not truncated`,
     main && [main.a.response, main.a.response_length, main.a.response_truncated], [optedIn ? RESPONSE : '[REDACTED]', String(RESPONSE.length), false]);

  // ---- spans and links ----
  const span = (pred) => spans.find(pred);
  const apiSpans = spans.filter((s) => s.name === 'api_request');
  eq(`${P} two API request spans, client kind; the failed one an error`, apiSpans.map((s) => [s.kind, (s.status || {}).code || 0]), [[3, 2], [3, 0]]);
  const ok = apiSpans[1] ? attrMap(apiSpans[1].attributes) : {};
  eq(`${P} gen_ai.usage.* on the API request span`, [ok['gen_ai.usage.input_tokens'], ok['gen_ai.usage.output_tokens']], ['1834', '211']);
  check(`${P} the SSE events belong to the answered request's span`, apiSpans[1] && sse.every((e) => e.spanId === apiSpans[1].spanId));
  const tool = span((s) => s.name === 'execute_tool shell');
  check(`${P} the tool call's span`, tool && attrMap(tool.attributes)['gen_ai.tool.call.id'] === 'call_7Qm2', tool && tool.name);
  for (const who of ['reviewer-a', 'reviewer-b']) {
    const ag = span((s) => s.name === `invoke_agent ${who}`);
    const resp = ar.find((e) => ag && e.spanId === ag.spanId);
    check(`${P} ${who}'s response is linked to its agent's span`, resp && resp.a['agent.type'] === 'subagent' && resp.traceId === ag.traceId);
  }
  const [cons] = ev('consensus');
  const review = span((s) => s.name === 'review');
  check(`${P} consensus in the review span`, cons && review && cons.spanId === review.spanId);
  const cget = cons ? Object.fromEntries(cons.attributes.map((a) => [a.key, a.value])) : {};
  eq(`${P} consensus names the conflict: topic, agents, resolution, outcome`,
     cons && [cons.a['consensus.responses'], cons.a['consensus.conflicts'], cons.a['consensus.outcome'],
              strs(cget['consensus.conflict.topics']), strs(cget['consensus.conflict.agents']),
              strs(cget['consensus.conflict.resolutions']), strs(cget['consensus.disagreeing_agents'])],
     ['2', '1', 'synthesized', ['type of the bound check'], ['reviewer-a,reviewer-b'], ['use size_t (reviewer-b)'], ['reviewer-a', 'reviewer-b']]);

  // ---- metrics ----
  for (const [name, [kind, unit, keys]] of Object.entries(METRICS)) {
    const got = metrics[name];
    check(`${P} metric ${name} present`, !!got, Object.keys(metrics));
    if (!got) continue;
    const data = got.m[kind];
    eq(`${P} ${name}: kind, unit, delta temporality${kind === 'sum' ? ', monotonic' : ''}`,
       [!!data, got.m.unit || '', data && data.aggregationTemporality, kind === 'sum' ? data && data.isMonotonic : true], [true, unit, 1, true]);
    const want = Object.keys(POINT_COMMON).concat(keys).sort();
    check(`${P} ${name}: every point carries ${want.join(', ')}`, got.points.length > 0 && got.points.every((p) => {
      const a = attrMap(p.attributes);
      return JSON.stringify(Object.keys(a).sort()) === JSON.stringify(want) && Object.entries(POINT_COMMON).every(([k, v]) => a[k] === v);
    }), got.points.map((p) => attrMap(p.attributes)));
  }
  // codex-otel's meter is "codex"; every other metric stays under the SDK's scope
  const codexScopes = Object.entries(metrics).filter(([n]) => n.startsWith('codex.')).map(([n, g]) => [n, [...g.scopes]]);
  const otherScopes = Object.entries(metrics).filter(([n]) => !n.startsWith('codex.')).map(([n, g]) => [n, [...g.scopes]]);
  check(`${P} every codex.* metric under the meter (scope) codex`,
        codexScopes.length === Object.keys(METRICS).length && codexScopes.every(([, s]) => s.length === 1 && s[0] === 'codex'), codexScopes);
  check(`${P} the other metrics (${otherScopes.map(([n]) => n).join(', ')}) under the scope otel.h`,
        otherScopes.length > 0 && otherScopes.every(([, s]) => s.length === 1 && s[0] === 'otel.h'), otherScopes);
  const pt = (name, pred) => ((metrics[name] || { points: [] }).points.find((p) => pred(attrMap(p.attributes))));
  eq(`${P} codex.api_request points by status and success`,
     [pt('codex.api_request', (a) => a.status === '429' && a.success === 'false'), pt('codex.api_request', (a) => a.status === '200' && a.success === 'true')]
       .map((p) => p && p.asInt), ['1', '1']);
  eq(`${P} codex.sse_event: response.completed counted`, (pt('codex.sse_event', (a) => a.kind === 'response.completed') || {}).asInt, '1');
  eq(`${P} codex.tool.call: the shell call`, (pt('codex.tool.call', (a) => a.tool === 'shell' && a.success === 'true') || {}).asInt, '1');
  const ttft = (metrics['codex.turn.ttft.duration_ms'] || { points: [] }).points[0];
  check(`${P} one time to first token, in ms`, ttft && ttft.count === '1' && ttft.sum > 0 && ttft.sum < 5000, ttft);
}

(async () => {
  await run('codex', [], {}, 'codex.', false);
  await run('another namespace, opted in', ['myapp'], { OTEL_H_LOG_PROMPTS: 'true', OTEL_H_LOG_TOOL_OUTPUT: 'true', OTEL_H_LOG_RESPONSES: 'true' },
            'myapp.', true);
  await run('default prefix: the service name, OTLP/JSON', ['default'],
            { OTEL_SERVICE_NAME: 'agentd', CODEX_SESSION_PREFIX: 'ignored', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'agentd.', false);
  finish('codex-schema');
})().catch((e) => { console.log(`FAIL exception ${e.stack}`); process.exit(1); });
