import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerCertificate } from '../tls/CertificateAuthority';

/**
 * The HTTPS listener of one cluster. It can go down (close the listener and
 * destroy every connection) and come back up on the same port.
 */
export class ClusterServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private boundPort: number;
  private listening = false;

  constructor(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    cert: ServerCertificate,
    private readonly host: string,
    port: number,
  ) {
    this.boundPort = port;
    this.server = createServer(
      { cert: cert.certPem, key: cert.keyPem },
      handler,
    );
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('tlsClientError', () => undefined);
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  get port(): number {
    return this.boundPort;
  }

  get isListening(): boolean {
    return this.listening;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.boundPort, this.host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        if (addr && typeof addr === 'object') this.boundPort = addr.port;
        this.listening = true;
        resolve(this.boundPort);
      });
    });
  }

  /** Stops listening and destroys every open connection. */
  close(): Promise<void> {
    this.listening = false;
    return new Promise(resolve => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
      this.server.closeAllConnections?.();
    });
  }
}
