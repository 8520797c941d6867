// Baseline for the fan-out benchmark: a bare socket.io server that broadcasts one message to every connected
// client when POST /broadcast is called, and nothing else (no auth, no subscriptions, no adapter).
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/broadcast') {
    io.emit('queue.delta', {
      gate: 'HUU_NGHI',
      version: Number(url.searchParams.get('v') ?? 1),
      changes: { upserts: [], removals: [] },
    });
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/health') return void res.writeHead(200).end('ok');
  res.writeHead(404).end();
});
const io = new Server(http, { transports: ['websocket'] });
http.listen(Number(process.env.PORT), '127.0.0.1');
