// Comparison peer for the Kennislab benchmark: a plain broadcast server. Every text
// frame any client sends is sent to all connected clients, over TLS like Kennislab,
// with no protocol, authentication or persistence. The bench tool drives it with the
// same fan-out load so both servers are measured in one run.
//
//   node server.js --port PORT --cert FILE --key FILE
// Prints "listening on PORT" once it accepts connections.
'use strict';
const fs = require('fs');
const https = require('https');
const { WebSocketServer, WebSocket } = require('ws');

function option(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing ${name}`);
  return process.argv[i + 1];
}

const server = https.createServer({ cert: fs.readFileSync(option('--cert')), key: fs.readFileSync(option('--key')) });
// permessage-deflate off, as on Kennislab: the comparison is about the same bytes.
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
    }
  });
  ws.on('error', () => {});
});

server.listen(Number(option('--port')), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
