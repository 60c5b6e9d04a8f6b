'use strict';
// The HTTP side both Node peers share: POST /publish {"channel","data"} hands the publication to
// the peer's broadcast function; GET /stats forces a full GC (node --expose-gc) and reports memory,
// so the harness reads Node's heap the way it reads a JVM's heap after a forced full GC.

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function stats(connections) {
  if (typeof global.gc === 'function') {
    // two passes: the first can leave weak or finalizable objects for the second
    global.gc();
    global.gc();
  }
  const m = process.memoryUsage();
  return { connections: connections(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal,
    external: m.external, arrayBuffers: m.arrayBuffers, gcExposed: typeof global.gc === 'function' };
}

function handler(broadcast, connections) {
  return async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/publish') {
        const pub = JSON.parse(await readBody(req));
        broadcast(pub.channel, pub.data);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"result":{}}');
      } else if (req.url === '/stats') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(stats(connections)));
      } else if (req.url === '/health') {
        res.end('ok');
      } else {
        res.writeHead(404);
        res.end();
      }
    } catch (e) {
      res.writeHead(400);
      res.end(String(e));
    }
  };
}

function portFromArgs() {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0) {
    console.error('usage: node --expose-gc <server>.js PORT');
    process.exit(2);
  }
  return port;
}

module.exports = { handler, portFromArgs };
