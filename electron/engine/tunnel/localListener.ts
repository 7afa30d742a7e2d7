/**
 * The local TCP listener of a tunnel. Binds 127.0.0.1 by default; a non-loopback address must be
 * allowed explicitly (the caller warns). Port 0 means any free port. Bind errors become EngineErrors
 * with an actionable message (PORT_IN_USE, BIND_FAILED).
 */
import net from 'node:net';
import { failure } from '../aws/engineFailure.js';

export function isLoopbackAddress(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1' || address === 'localhost';
}

export interface LocalListener {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function listenLocal(
  o: { address: string; port: number; allowNonLoopback?: boolean | undefined },
  onConnection: (socket: net.Socket) => void,
): Promise<LocalListener> {
  if (!isLoopbackAddress(o.address) && o.allowNonLoopback !== true)
    throw failure('INVALID_ARGUMENT', `refusing to listen on non-loopback address ${o.address}`, {
      hint: 'Other machines could use this tunnel. Allow non-loopback binding explicitly if you really want that.',
    });
  const server = net.createServer(onConnection);
  server.maxConnections = 1024;
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.close();
      if (e.code === 'EADDRINUSE')
        reject(
          failure('PORT_IN_USE', `local port ${o.address}:${o.port} is already in use`, {
            hint: 'Pick another local port, or stop the program holding it (bastionless preflight names it).',
            detail: { address: o.address, port: o.port },
          }),
        );
      else if (e.code === 'EACCES')
        reject(
          failure('BIND_FAILED', `not allowed to listen on ${o.address}:${o.port}`, {
            hint: 'Ports below 1024 need privileges; use a higher port.',
          }),
        );
      else reject(failure('BIND_FAILED', `cannot listen on ${o.address}:${o.port}: ${e.message}`));
    };
    server.once('error', onError);
    server.listen({ host: o.address, port: o.port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', () => {});
  const addr = server.address() as net.AddressInfo;
  return {
    address: addr.address,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
