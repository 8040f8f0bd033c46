'use strict';
// Decodes OTLP request bodies with the OpenTelemetry project's own protobuf
// definitions (the protobufjs code compiled into @opentelemetry/otlp-transformer)
// and checks the raw wire format against the official field table below,
// because protobufjs skips unknown fields and does not check wire types.
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root');

const VARINT = 0, I64 = 1, LEN = 2, I32 = 5;
// message -> field number -> [name, wire type, nested message or null]
const F = {
  'collector.trace.v1.ExportTraceServiceRequest': { 1: ['resourceSpans', LEN, 'trace.v1.ResourceSpans'] },
  'collector.trace.v1.ExportTraceServiceResponse': { 1: ['partialSuccess', LEN, 'collector.trace.v1.ExportTracePartialSuccess'] },
  'collector.trace.v1.ExportTracePartialSuccess': { 1: ['rejectedSpans', VARINT], 2: ['errorMessage', LEN] },
  'trace.v1.ResourceSpans': { 1: ['resource', LEN, 'resource.v1.Resource'], 2: ['scopeSpans', LEN, 'trace.v1.ScopeSpans'], 3: ['schemaUrl', LEN] },
  'trace.v1.ScopeSpans': { 1: ['scope', LEN, 'common.v1.InstrumentationScope'], 2: ['spans', LEN, 'trace.v1.Span'], 3: ['schemaUrl', LEN] },
  'trace.v1.Span': {
    1: ['traceId', LEN], 2: ['spanId', LEN], 3: ['traceState', LEN], 4: ['parentSpanId', LEN], 5: ['name', LEN],
    6: ['kind', VARINT], 7: ['startTimeUnixNano', I64], 8: ['endTimeUnixNano', I64],
    9: ['attributes', LEN, 'common.v1.KeyValue'], 10: ['droppedAttributesCount', VARINT],
    11: ['events', LEN, 'trace.v1.Span.Event'], 12: ['droppedEventsCount', VARINT],
    13: ['links', LEN, 'trace.v1.Span.Link'], 14: ['droppedLinksCount', VARINT],
    15: ['status', LEN, 'trace.v1.Status'], 16: ['flags', I32],
  },
  'trace.v1.Span.Event': { 1: ['timeUnixNano', I64], 2: ['name', LEN], 3: ['attributes', LEN, 'common.v1.KeyValue'], 4: ['droppedAttributesCount', VARINT] },
  'trace.v1.Span.Link': {
    1: ['traceId', LEN], 2: ['spanId', LEN], 3: ['traceState', LEN], 4: ['attributes', LEN, 'common.v1.KeyValue'],
    5: ['droppedAttributesCount', VARINT], 6: ['flags', I32],
  },
  'trace.v1.Status': { 2: ['message', LEN], 3: ['code', VARINT] },
  'resource.v1.Resource': { 1: ['attributes', LEN, 'common.v1.KeyValue'], 2: ['droppedAttributesCount', VARINT], 3: ['entityRefs', LEN, null] },
  'common.v1.InstrumentationScope': { 1: ['name', LEN], 2: ['version', LEN], 3: ['attributes', LEN, 'common.v1.KeyValue'], 4: ['droppedAttributesCount', VARINT] },
  'common.v1.KeyValue': { 1: ['key', LEN], 2: ['value', LEN, 'common.v1.AnyValue'] },
  'common.v1.AnyValue': {
    1: ['stringValue', LEN], 2: ['boolValue', VARINT], 3: ['intValue', VARINT], 4: ['doubleValue', I64],
    5: ['arrayValue', LEN, 'common.v1.ArrayValue'], 6: ['kvlistValue', LEN, 'common.v1.KeyValueList'], 7: ['bytesValue', LEN],
  },
  'common.v1.ArrayValue': { 1: ['values', LEN, 'common.v1.AnyValue'] },
  'collector.metrics.v1.ExportMetricsServiceRequest': { 1: ['resourceMetrics', LEN, 'metrics.v1.ResourceMetrics'] },
  'collector.metrics.v1.ExportMetricsServiceResponse': { 1: ['partialSuccess', LEN, 'collector.metrics.v1.ExportMetricsPartialSuccess'] },
  'collector.metrics.v1.ExportMetricsPartialSuccess': { 1: ['rejectedDataPoints', VARINT], 2: ['errorMessage', LEN] },
  'metrics.v1.ResourceMetrics': { 1: ['resource', LEN, 'resource.v1.Resource'], 2: ['scopeMetrics', LEN, 'metrics.v1.ScopeMetrics'], 3: ['schemaUrl', LEN] },
  'metrics.v1.ScopeMetrics': { 1: ['scope', LEN, 'common.v1.InstrumentationScope'], 2: ['metrics', LEN, 'metrics.v1.Metric'], 3: ['schemaUrl', LEN] },
  'metrics.v1.Metric': {
    1: ['name', LEN], 2: ['description', LEN], 3: ['unit', LEN], 5: ['gauge', LEN, 'metrics.v1.Gauge'], 7: ['sum', LEN, 'metrics.v1.Sum'],
    9: ['histogram', LEN, 'metrics.v1.Histogram'], 10: ['exponentialHistogram', LEN, 'metrics.v1.ExponentialHistogram'], 11: ['summary', LEN, null],
    12: ['metadata', LEN, 'common.v1.KeyValue'],
  },
  'metrics.v1.Gauge': { 1: ['dataPoints', LEN, 'metrics.v1.NumberDataPoint'] },
  'metrics.v1.Sum': { 1: ['dataPoints', LEN, 'metrics.v1.NumberDataPoint'], 2: ['aggregationTemporality', VARINT], 3: ['isMonotonic', VARINT] },
  'metrics.v1.Histogram': { 1: ['dataPoints', LEN, 'metrics.v1.HistogramDataPoint'], 2: ['aggregationTemporality', VARINT] },
  'metrics.v1.NumberDataPoint': {
    7: ['attributes', LEN, 'common.v1.KeyValue'], 2: ['startTimeUnixNano', I64], 3: ['timeUnixNano', I64],
    4: ['asDouble', I64], 6: ['asInt', I64], 5: ['exemplars', LEN, 'metrics.v1.Exemplar'], 8: ['flags', VARINT],
  },
  // bucketCounts and explicitBounds are packed (proto3's default for repeated scalars)
  'metrics.v1.HistogramDataPoint': {
    9: ['attributes', LEN, 'common.v1.KeyValue'], 2: ['startTimeUnixNano', I64], 3: ['timeUnixNano', I64], 4: ['count', I64],
    5: ['sum', I64], 6: ['bucketCounts', LEN, 'packed64'], 7: ['explicitBounds', LEN, 'packed64'], 8: ['exemplars', LEN, 'metrics.v1.Exemplar'],
    10: ['flags', VARINT], 11: ['min', I64], 12: ['max', I64],
  },
  'metrics.v1.Exemplar': {
    7: ['filteredAttributes', LEN, 'common.v1.KeyValue'], 2: ['timeUnixNano', I64], 3: ['asDouble', I64], 6: ['asInt', I64],
    4: ['spanId', LEN], 5: ['traceId', LEN],
  },
  'metrics.v1.ExponentialHistogram': { 1: ['dataPoints', LEN, 'metrics.v1.ExponentialHistogramDataPoint'], 2: ['aggregationTemporality', VARINT] },
  'metrics.v1.ExponentialHistogramDataPoint': {
    1: ['attributes', LEN, 'common.v1.KeyValue'], 2: ['startTimeUnixNano', I64], 3: ['timeUnixNano', I64], 4: ['count', I64],
    5: ['sum', I64], 6: ['scale', VARINT], 7: ['zeroCount', I64], 8: ['positive', LEN, 'metrics.v1.ExponentialHistogramDataPoint.Buckets'],
    9: ['negative', LEN, 'metrics.v1.ExponentialHistogramDataPoint.Buckets'], 10: ['flags', VARINT], 11: ['exemplars', LEN, 'metrics.v1.Exemplar'],
    12: ['min', I64], 13: ['max', I64], 14: ['zeroThreshold', I64],
  },
  // bucketCounts: packed varints (repeated uint64)
  'metrics.v1.ExponentialHistogramDataPoint.Buckets': { 1: ['offset', VARINT], 2: ['bucketCounts', LEN, 'packedVarint'] },
  'collector.logs.v1.ExportLogsServiceRequest': { 1: ['resourceLogs', LEN, 'logs.v1.ResourceLogs'] },
  'collector.logs.v1.ExportLogsServiceResponse': { 1: ['partialSuccess', LEN, 'collector.logs.v1.ExportLogsPartialSuccess'] },
  'collector.logs.v1.ExportLogsPartialSuccess': { 1: ['rejectedLogRecords', VARINT], 2: ['errorMessage', LEN] },
  'logs.v1.ResourceLogs': { 1: ['resource', LEN, 'resource.v1.Resource'], 2: ['scopeLogs', LEN, 'logs.v1.ScopeLogs'], 3: ['schemaUrl', LEN] },
  'logs.v1.ScopeLogs': { 1: ['scope', LEN, 'common.v1.InstrumentationScope'], 2: ['logRecords', LEN, 'logs.v1.LogRecord'], 3: ['schemaUrl', LEN] },
  'logs.v1.LogRecord': {
    1: ['timeUnixNano', I64], 11: ['observedTimeUnixNano', I64], 2: ['severityNumber', VARINT], 3: ['severityText', LEN],
    5: ['body', LEN, 'common.v1.AnyValue'], 6: ['attributes', LEN, 'common.v1.KeyValue'], 7: ['droppedAttributesCount', VARINT],
    8: ['flags', I32], 9: ['traceId', LEN], 10: ['spanId', LEN], 12: ['eventName', LEN],
  },
  'common.v1.KeyValueList': { 1: ['values', LEN, 'common.v1.KeyValue'] },
};
const REQUEST = {
  traces: 'collector.trace.v1.ExportTraceServiceRequest',
  metrics: 'collector.metrics.v1.ExportMetricsServiceRequest',
  logs: 'collector.logs.v1.ExportLogsServiceRequest',
};
const RESPONSE = {
  traces: 'collector.trace.v1.ExportTraceServiceResponse',
  metrics: 'collector.metrics.v1.ExportMetricsServiceResponse',
  logs: 'collector.logs.v1.ExportLogsServiceResponse',
};
const REJECTED = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' };
const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

function type(name) {
  return name.split('.').reduce((o, k) => o && o[k], root.opentelemetry.proto);
}

// Walk the raw bytes: every field number must be in the table with its wire type.
function walk(buf, msg, path, errors) {
  const table = F[msg];
  let i = 0;
  const varint = () => {
    let v = 0n, shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  try {
    while (i < buf.length) {
      const key = varint();
      const num = Number(key >> 3n), wt = Number(key & 7n);
      const f = table && table[num];
      if (!f) errors.push(`${path}: unknown field ${num} in ${msg}`);
      else if (f[1] !== wt) errors.push(`${path}.${f[0]}: wire type ${wt}, expected ${f[1]}`);
      if (wt === VARINT) varint();
      else if (wt === I64) { i += 8; }
      else if (wt === I32) { i += 4; }
      else if (wt === LEN) {
        const n = Number(varint());
        if (i + n > buf.length) throw new Error('length past the end');
        if (f && f[1] === LEN && f[2] === 'packed64') { if (n % 8) errors.push(`${path}.${f[0]}: packed length ${n} is not a multiple of 8`); }
        else if (f && f[1] === LEN && f[2] === 'packedVarint') {
          const end = i + n;
          while (i < end) varint();
          if (i !== end) errors.push(`${path}.${f[0]}: packed varints run past their length`);
          i -= n;
        }
        else if (f && f[1] === LEN && f[2]) walk(buf.subarray(i, i + n), f[2], `${path}.${f[0]}`, errors);
        i += n;
      } else throw new Error(`wire type ${wt}`);
      if (i > buf.length) throw new Error('field past the end');
    }
  } catch (e) {
    errors.push(`${path}: ${e.message}`);
  }
}

function b64ToHex(s) { return Buffer.from(s, 'base64').toString('hex'); }
function hexToB64(s) { return Buffer.from(s, 'hex').toString('base64'); }

// ids as hex, everywhere in the tree
function idsToHex(o) {
  if (Array.isArray(o)) return o.forEach(idsToHex);
  if (!o || typeof o !== 'object') return;
  for (const k of Object.keys(o)) {
    if (ID_FIELDS.has(k) && typeof o[k] === 'string') o[k] = b64ToHex(o[k]);
    else idsToHex(o[k]);
  }
}

const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: true };

// OTLP/JSON: lowerCamelCase keys only, known to the table; ids hex.
function checkJson(o, msg, path, errors) {
  const table = F[msg];
  if (!o || typeof o !== 'object' || Array.isArray(o)) { errors.push(`${path}: not an object`); return; }
  const byName = {};
  for (const n of Object.keys(table || {})) byName[table[n][0]] = table[n];
  for (const k of Object.keys(o)) {
    const f = byName[k];
    if (!f) { errors.push(`${path}: unknown key "${k}" in ${msg}`); continue; }
    const v = o[k];
    if (ID_FIELDS.has(k)) {
      if (typeof v !== 'string' || !/^[0-9a-f]*$/.test(v)) errors.push(`${path}.${k}: ids are lowercase hex strings in OTLP/JSON`);
      else o[k] = hexToB64(v);
    } else if (f[2] === 'packed64' || f[2] === 'packedVarint') {
      const ok = Array.isArray(v) && v.every((x) => k === 'explicitBounds' ? typeof x === 'number' : (typeof x === 'string' && /^[0-9]+$/.test(x)) || Number.isInteger(x));
      if (!ok) errors.push(`${path}.${k}: ${JSON.stringify(v)} is not a valid repeated ${k === 'explicitBounds' ? 'double' : 'fixed64'}`);
    } else if (f[2]) {
      const items = Array.isArray(v) ? v : [v];
      items.forEach((it, j) => checkJson(it, f[2], `${path}.${k}[${j}]`, errors));
    } else if (!jsonScalarOk(k, f[1], v)) {
      errors.push(`${path}.${k}: ${JSON.stringify(v)} is not a valid ${['varint', 'fixed64/double', 'string', '', '', 'fixed32'][f[1]]} in OTLP/JSON`);
    }
  }
}

// OTLP/JSON scalars: strings; 64-bit integers as decimal strings (numbers
// accepted); enums and 32-bit integers as numbers; doubles as numbers or
// "NaN"/"Infinity"/"-Infinity"; booleans as true/false.
function jsonScalarOk(name, wt, v) {
  if (name === 'boolValue') return typeof v === 'boolean';
  if (['doubleValue', 'asDouble', 'sum', 'min', 'max'].includes(name)) return typeof v === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(v);
  if (name === 'isMonotonic') return typeof v === 'boolean';
  if (wt === LEN) return typeof v === 'string';
  if (wt === VARINT || wt === I64 || wt === I32) return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?[0-9]+$/.test(v));
  return false;
}

// -> { decoded, errors }
function decode(signal, contentType, body) {
  const errors = [];
  const T = type(REQUEST[signal]);
  if (!T) return { decoded: null, errors: [`unknown signal ${signal}`] };
  let decoded = null;
  if (/^application\/json/i.test(contentType || '')) {
    let obj;
    try { obj = JSON.parse(body.toString('utf8')); } catch (e) { return { decoded: null, errors: [`JSON: ${e.message}`] }; }
    checkJson(obj, REQUEST[signal], '$', errors);
    try { decoded = T.toObject(T.fromObject(obj), TO_OBJECT); } catch (e) { errors.push(`fromObject: ${e.message}`); }
  } else {
    walk(body, REQUEST[signal], '$', errors);
    try { decoded = T.toObject(T.decode(body), TO_OBJECT); } catch (e) { errors.push(`decode: ${e.message}`); }
  }
  if (decoded) idsToHex(decoded);
  return { decoded, errors };
}

function encodeResponse(signal, json, partial) {
  const T = type(RESPONSE[signal]);
  const o = {};
  const rk = REJECTED[signal];
  if (partial) o.partialSuccess = { [rk]: partial.rejected || 0, errorMessage: partial.message || '' };
  if (json) return Buffer.from(JSON.stringify(o.partialSuccess ? { partialSuccess: { [rk]: String(o.partialSuccess[rk]), errorMessage: o.partialSuccess.errorMessage } } : {}));
  return Buffer.from(T.encode(T.fromObject(o)).finish());
}

module.exports = { decode, walk, encodeResponse, type, FIELDS: F, REQUEST };
