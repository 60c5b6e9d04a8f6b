'use strict';
// Socket.IO 4 broadcast peer: websocket transport only, one room per channel. A client joins a
// room with the acknowledged event "subscribe"; a publication is io.to(channel).emit('pub', data).
// Engine.IO keeps its default heartbeat (25 s ping, 20 s timeout), the closest match to the hub's.
const http = require('http');
const { Server } = require('socket.io');
const { handler, portFromArgs } = require('./http-endpoints');

const port = portFromArgs();
let io;
const server = http.createServer(handler(
  (channel, data) => io.to(channel).emit('pub', data),
  () => io.engine.clientsCount));
io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('subscribe', (channel, ack) => {
    socket.join(String(channel));
    if (typeof ack === 'function') ack();
  });
});
server.listen(port, '127.0.0.1', 4096, () => console.log(`socket.io peer listening on ${port}`));
