/** Shared fixtures for the simulator integration tests: an SSM SDK client and a TCP echo server. */
import { createServer, type Server, type Socket } from 'node:net';
import { SSMClient } from '@aws-sdk/client-ssm';

export function ssmClient(endpoint: string, maxAttempts = 1): SSMClient {
  return new SSMClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts,
  });
}

export interface EchoServer {
  port: number;
  connections: number;
  sockets: Set<Socket>;
  /** Resolves once no connection to the echo server is open. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP echo server on 127.0.0.1:0 (optionally greeting first, for server-first protocol tests). */
export async function startEcho(greeting?: string): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const waiters: (() => void)[] = [];
  const server: Server = createServer((s) => {
    state.connections++;
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      if (sockets.size === 0) for (const w of waiters.splice(0)) w();
    });
    s.on('error', () => {});
    if (greeting !== undefined) s.write(greeting);
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  return {
    port,
    get connections() {
      return state.connections;
    },
    sockets,
    idle: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port on 127.0.0.1 nobody listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
