import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP relay in front of a server, counting the connections clients open. The sandbox keeps
 * its sockets to itself, so this is how the bench sees whether a client reuses connections.
 */
export interface SocketCountingProxy {
  /** http://127.0.0.1:port */
  url: string;
  /** connections accepted since start or the last reset */
  readonly connections: number;
  resetCount(): void;
  close(): Promise<void>;
}

export async function startSocketCountingProxy(targetPort: number): Promise<SocketCountingProxy> {
  let connections = 0;
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    connections++;
    const upstream = connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream).pipe(client);
    // Either side failing or ending takes the other one down, as a real proxy would.
    const teardown = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    resetCount() {
      connections = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      });
    },
  };
}
