// Baseline for the fan-out benchmark: a bare socket.io server whose sockets each join one gate's room on
// connection (as a subscribed console does), and that broadcasts one message to that room when POST /broadcast
// is called, and nothing else (no auth, no subscription handshake, no adapter). The message is a minimal delta,
// or the JSON body posted (a delta the platform sent, to compare frames of the same size).
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const ROOM = 'gate:HUU_NGHI';
const http = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/broadcast') {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const version = Number(url.searchParams.get('v') ?? 1);
      const message = body
        ? { ...JSON.parse(body), version }
        : { gate: 'HUU_NGHI', version, changes: { upserts: [], removals: [] } };
      io.to(ROOM).emit('queue.delta', message);
      res.writeHead(204).end();
    });
    return;
  }
  if (url.pathname === '/health') return void res.writeHead(200).end('ok');
  res.writeHead(404).end();
});
const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => socket.join(ROOM));
http.listen(Number(process.env.PORT), '127.0.0.1');
