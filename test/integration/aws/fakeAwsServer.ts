/**
 * Mounts the fake AWS services (electron/simulator/aws) on a loopback node:http server, for tests that
 * exercise them without the full simulator. Unknown requests get 400 UnknownOperationException, like
 * the simulator. Also hosts extra services (a tiny SSM JSON stub) that a test passes in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpService, SimulatorContext } from '../../../electron/simulator/http/service.js';
import {
  createFakeAws,
  type FakeAwsOptions,
  type FakeAwsState,
} from '../../../electron/simulator/aws/index.js';

export type FakeInstance = ReturnType<SimulatorContext['instances']>[number];

export interface FakeAwsServer {
  readonly endpoint: string;
  readonly state: FakeAwsState;
  readonly requests: { method: string; url: string; service: string }[];
  instances: FakeInstance[];
  rejection: 'expired' | 'invalid' | undefined;
  close(): Promise<void>;
}

export async function startFakeAwsServer(
  opts: FakeAwsOptions = {},
  extra: (ctx: SimulatorContext) => HttpService[] = () => [],
): Promise<FakeAwsServer> {
  const self = {
    instances: [] as FakeInstance[],
    rejection: undefined as 'expired' | 'invalid' | undefined,
  };
  const ctx: SimulatorContext = {
    instances: () => self.instances,
    credentialsRejection: () => self.rejection,
  };
  const fake = createFakeAws(ctx, opts);
  const services = [...fake.services, ...extra(ctx)];
  const requests: FakeAwsServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const svc = services.find((s) => s.matches(r));
      requests.push({ method: r.method, url: r.url, service: svc?.name ?? 'none' });
      if (svc === undefined) {
        res.writeHead(400, {
          'x-amzn-errortype': 'UnknownOperationException',
          'content-type': 'application/json',
        });
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `${r.method} ${r.url}` }));
        return;
      }
      Promise.resolve(svc.handle(r, res)).catch((e: unknown) => {
        res.writeHead(500);
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(self, {
    endpoint: `http://127.0.0.1:${port}`,
    state: fake.state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
