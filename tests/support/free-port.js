// Prints a TCP port on 127.0.0.1 that is free right now (the kernel picks it).
import net from 'node:net';

const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  server.close(() => process.stdout.write(`${port}\n`));
});
