// A real SMTP server for the mail tests (built on npm smtp-server): loopback only, no TLS, no
// authentication; it accepts every message and reports it, decoded independently of the portal's
// encoder, so a test can check what a mail reader would show.
//   node tests/support/smtp-sink.js [--port N]      (0 or absent: a free port)
// prints "SMTP_SINK_READY <port>" once listening, then one JSON line per message:
//   {"ehlo", "mail_from", "rcpt_to": [...], "headers": {name: decoded value},
//    "body": decoded text, "raw": the message as received}
// SIGTERM ends it at once.
import { parseArgs } from 'node:util';

import { SMTPServer } from 'smtp-server';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: '0' } } });

// RFC 2047 encoded words, B and Q; whitespace between two encoded words is not part of the text.
function decodeWords(value) {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(word, (_, charset, encoding, text) => {
      const bytes = encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g,
          (m, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      return new TextDecoder(charset).decode(bytes);
    });
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'latin1'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parse(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = {};
  for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeWords(line.slice(colon + 1).trim());
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
  let text = body;
  if (encoding === 'quoted-printable') text = decodeQuotedPrintable(body);
  else if (encoding === 'base64') text = Buffer.from(body, 'base64').toString('utf8');
  return { headers, body: text.replace(/\r\n/g, '\n') };
}

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  banner: 'PASS test SMTP sink',
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const { headers, body } = parse(raw);
      process.stdout.write(`${JSON.stringify({
        ehlo: session.hostNameAppearsAs,
        mail_from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        rcpt_to: session.envelope.rcptTo.map((r) => r.address),
        headers,
        body,
        raw,
      })}\n`);
      callback();
    });
  },
});
server.on('error', (err) => {
  process.stderr.write(`smtp-sink: ${err.message}\n`);
  process.exit(1);
});
server.listen(Number(args.port), '127.0.0.1', () => {
  process.stdout.write(`SMTP_SINK_READY ${server.server.address().port}\n`);
});
