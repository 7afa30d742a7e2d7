/**
 * The simulator's HTTP server hosts several fake AWS services on one port (SSM JSON 1.1, STS query,
 * SSO / SSO-OIDC REST, EC2 query…). Each is an HttpService; the server asks each in turn whether it
 * handles a request. Unknown requests are rejected and logged, never silently served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpRequest {
  readonly method: string;
  /** Path plus query, as received. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface HttpService {
  readonly name: string;
  /** True if this service owns the request (decided from method, path and headers only). */
  matches(req: HttpRequest): boolean;
  handle(req: HttpRequest, res: ServerResponse): Promise<void> | void;
}

/** What fake AWS services may read from the running simulator (instances, knobs). */
export interface SimulatorContext {
  /** The simulated managed nodes (the simulator's own SimInstance records). */
  instances(): readonly {
    readonly instanceId: string;
    readonly name?: string | undefined;
    readonly computerName?: string | undefined;
    readonly platformType: string;
    readonly pingStatus: string;
    readonly agentVersion: string;
    readonly ipAddress?: string | undefined;
    readonly tags?: Readonly<Record<string, string>> | undefined;
  }[];
  /** When set, every AWS call is rejected as the service does for bad/expired credentials. */
  credentialsRejection(): 'expired' | 'invalid' | undefined;
}
