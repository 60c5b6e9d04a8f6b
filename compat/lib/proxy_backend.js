'use strict';

const http = require('node:http');

/**
 * A proxy backend in the test process: an HTTP server on 127.0.0.1 that takes the hub's
 * proxy POSTs (the Centrifugo proxy JSON) at /<kind> and answers each kind with what the
 * test set: a function of the request body returning a reply object, or `{ status }` for a
 * bare HTTP status. Every request is recorded with its headers.
 */
class ProxyBackend {
  constructor() {
    this.handlers = new Map();
    this.received = [];
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const kind = req.url.split('/').pop();
        let body;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = null;
        }
        this.received.push({ kind, body, headers: req.headers });
        const handler = this.handlers.get(kind);
        const answer = handler ? handler(body, req.headers) : { error: { code: 1999, message: `no answer for ${kind}` } };
        if (answer && answer.status) {
          res.writeHead(answer.status).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
  }

  static async start() {
    const backend = new ProxyBackend();
    await new Promise((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
    return backend;
  }

  endpoint(kind) {
    return `http://127.0.0.1:${this.server.address().port}/${kind}`;
  }

  /** How to answer `kind` from now on: `(body, headers) => reply` (or `{ status }`). */
  answer(kind, handler) {
    this.handlers.set(kind, handler);
  }

  requests(kind) {
    return this.received.filter((r) => r.kind === kind);
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

module.exports = { ProxyBackend };
