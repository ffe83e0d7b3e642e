/*
 * Test-only: a TCP server on loopback that accepts connections and never
 * answers (a hung registry), counting the connections it gets — which also
 * proves a refused host was never dialled.
 */
import net from 'node:net';

export class SilentServer {
  connections = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {
    server.on('connection', socket => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<SilentServer> {
    const silent = new SilentServer(net.createServer());
    await new Promise<void>(resolve =>
      silent.server.listen(0, '127.0.0.1', resolve),
    );
    return silent;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
