/**
 * The simulator's single HTTP server on 127.0.0.1: fake AWS services (first match wins, H3's before
 * SSM), WebSocket upgrades to the gateway, and a request log. Requests no service claims get
 * `400 UnknownOperationException` (POST) or 404, and are logged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../engine/ports/logger.js';
import { sendError } from './api/jsonRpc.js';
import type { HttpRequest, HttpService } from './http/service.js';

export interface RequestLogEntry {
  operation: string;
  status: number;
  at: number;
}

const MAX_BODY = 16 * 1024 * 1024;

export class SimHttpServer {
  readonly server: Server;
  readonly log: RequestLogEntry[] = [];
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly services: () => readonly HttpService[],
    onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
    private readonly logger: Logger,
  ) {
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', onUpgrade);
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const a = this.server.address();
        resolve(typeof a === 'object' && a !== null ? a.port : port);
      });
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const request: HttpRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const target = req.headers['x-amz-target'];
      const service = this.services().find((s) => s.matches(request));
      const operation =
        typeof target === 'string'
          ? target.replace(/^AmazonSSM\./, '')
          : `${service?.name ?? 'none'} ${request.method} ${request.url.split('?')[0] ?? ''}`;
      res.once('finish', () => this.log.push({ operation, status: res.statusCode, at: Date.now() }));
      if (service === undefined) {
        this.logger.log('warn', 'simulator: unhandled request', {
          method: request.method,
          url: request.url,
          target,
        });
        if (request.method === 'POST') sendError(res, 'UnknownOperationException', 'Unknown operation');
        else {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('not found');
        }
        return;
      }
      Promise.resolve(service.handle(request, res)).catch((e: unknown) => {
        this.logger.log('error', 'simulator: service failed', { service: service.name, error: String(e) });
        if (!res.headersSent) sendError(res, 'InternalServerError', 'internal error', 500);
        else res.destroy();
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
