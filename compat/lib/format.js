'use strict';

// Which build of the stock SDK the suite drives: the JSON one (`centrifuge`, the default) or
// the protobuf one (`centrifuge/build/protobuf`), chosen with HUB_CLIENT_FORMAT=protobuf.
// Over protobuf the SDK hands payloads over as bytes (publication data, conn_info) and wants
// bytes to publish; the hub carries JSON, so those bytes are UTF-8 JSON text. The helpers
// below turn them into the values the JSON build would give, so every test reads the same
// in both formats.

const FORMAT = process.env.HUB_CLIENT_FORMAT === 'protobuf' ? 'protobuf' : 'json';
const { Centrifuge } = FORMAT === 'protobuf' ? require('centrifuge/build/protobuf') : require('centrifuge');

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A value to publish, as this format's SDK wants it. */
function encodeData(value) {
  return FORMAT === 'protobuf' ? encoder.encode(JSON.stringify(value)) : value;
}

/** A payload the SDK delivered, as the JSON value it carries. */
function decodeData(data) {
  if (FORMAT !== 'protobuf' || data === undefined || data === null) {
    return data;
  }
  if (!(data instanceof Uint8Array)) {
    throw new Error(`protobuf SDK delivered a ${typeof data} payload, expected bytes`);
  }
  return data.length === 0 ? undefined : JSON.parse(decoder.decode(data));
}

/** A publication or join/leave context with its payloads decoded (a copy; the SDK's is left alone). */
function decodeContext(ctx) {
  if (FORMAT !== 'protobuf' || !ctx || typeof ctx !== 'object') {
    return ctx;
  }
  const out = { ...ctx };
  if ('data' in out) {
    out.data = decodeData(out.data);
  }
  if (out.info && typeof out.info === 'object') {
    out.info = { ...out.info };
    for (const key of ['connInfo', 'chanInfo']) {
      if (key in out.info) {
        out.info[key] = decodeData(out.info[key]);
      }
    }
  }
  return out;
}

module.exports = { FORMAT, Centrifuge, encodeData, decodeData, decodeContext };
