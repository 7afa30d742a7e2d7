/**
 * The local SSM simulator (ssm-protocol.md §13): the SSM JSON 1.1 API, the data-channel gateway
 * (MGS) and an emulated agent per session, on ONE 127.0.0.1 port. The fake AWS services of
 * `./aws` (STS, SSO, EC2…) are mounted first on the same server.
 *
 *   const sim = await startSimulator();
 *   new SSMClient({ region: 'us-east-1', endpoint: sim.endpoint, credentials: … });
 */
import { randomBytes } from 'node:crypto';
import { nullLogger } from '../engine/ports/logger.js';
import type { SsmContext } from './api/context.js';
import { createSsmService } from './api/ssmService.js';
import { defaultAwsServices } from './aws/index.js';
import { DEFAULT_FAULTS, mergeFaults, SeededRandom } from './faults.js';
import { Gateway } from './gateway/gateway.js';
import type { HttpService, SimulatorContext } from './http/service.js';
import { SimHttpServer } from './httpServer.js';
import { DEFAULT_INSTANCES } from './instances.js';
import { SimSession } from './service/simSession.js';
import type { FaultConfig, SimInstance, Simulator, StartSimulatorOptions } from './types.js';

export type { FaultConfig, SimInstance, SimSessionInfo, Simulator, StartSimulatorOptions } from './types.js';
export { DEFAULT_INSTANCES } from './instances.js';
export { DEFAULT_FAULTS } from './faults.js';

const DEFAULT_IDLE_MINUTES = 20;
const AGENT_RESTART_TEXT = 'The SSM Agent on the target restarted; the session has been terminated.';

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<Simulator> {
  const logger = (options.logger ?? nullLogger).child({ component: 'simulator' });
  let faults: FaultConfig = mergeFaults(DEFAULT_FAULTS, options.faults ?? {});
  const random = new SeededRandom(options.seed ?? 1);
  const instances = new Map<string, SimInstance>(
    (options.instances ?? DEFAULT_INSTANCES).map((i) => [i.instanceId, structuredClone(i)]),
  );
  const sessions = new Map<string, SimSession>();
  const parameters: SsmContext['parameters'] = new Map(
    Object.entries(options.parameters ?? {}).map(([k, v]) => [
      k,
      { value: v, version: 1, modifiedAt: Date.now(), type: 'String' },
    ]),
  );
  const prefs = options.sessionPreferences ?? {};
  let port = 0;
  const injected = new Map<string, { code: string; message: string; status: number }[]>();

  const ctx: SsmContext = {
    logger,
    wsBase: () => `ws://127.0.0.1:${port}`,
    faults: () => faults,
    instance: (id) => instances.get(id),
    instances: () => [...instances.values()],
    session: (id) => sessions.get(id),
    sessions: () => [...sessions.values()],
    sessionPreferences: () => prefs,
    endedResume: () => options.endedResume ?? 'error',
    parameters,
    deniedParameterPaths: () => options.deniedParameterPaths ?? [],
    takeInjectedError: (operation) => injected.get(operation)?.shift(),
    createSession(args) {
      const sessionId = `${options.callerName ?? 'simuser'}-${randomBytes(9).toString('hex').slice(0, 17)}`;
      const idleMinutes = prefs.idleTimeoutMinutes ?? DEFAULT_IDLE_MINUTES;
      const s = new SimSession({
        sessionId,
        target: args.target,
        documentName: args.documentName,
        owner: `arn:aws:iam::123456789012:user/${options.callerName ?? 'simuser'}`,
        reason: args.reason,
        agentVersion: args.agentVersion,
        properties: args.properties,
        faults: () => faults,
        random,
        logger: logger.child({ sessionId }),
        tokenTtlMs: options.tokenTtlMs ?? 60_000,
        handshakeTimeoutMs: options.handshakeTimeoutMs ?? 15_000,
        resend: options.agentResend ?? 'oldest',
        idleTimeoutMs: idleMinutes * 60_000,
        maxSessionMs:
          prefs.maxSessionDurationMinutes !== undefined
            ? prefs.maxSessionDurationMinutes * 60_000
            : undefined,
      });
      sessions.set(sessionId, s);
      logger.log('info', 'session started', { sessionId, target: args.target, document: args.documentName });
      return s;
    },
  };

  const awsCtx: SimulatorContext = {
    instances: () => [...instances.values()],
    credentialsRejection: () => faults.rejectCredentials,
  };
  const services: HttpService[] = [
    ...(options.awsServices ?? defaultAwsServices)(awsCtx),
    createSsmService(ctx),
  ];
  const gateway = new Gateway({
    findSession: (id) => sessions.get(id),
    upgradeAuthenticator: options.upgradeAuthenticator,
    logger,
  });
  const http = new SimHttpServer(
    () => services,
    (req, socket, head) => gateway.handleUpgrade(req, socket, head),
    logger,
  );
  port = await http.listen(options.port ?? 0);

  let dropTimer: NodeJS.Timeout | undefined;
  const dropDataChannels = (opts?: { code?: number; reason?: string }): number => {
    let n = 0;
    for (const s of sessions.values()) if (s.drop(opts?.code ?? 1000, opts?.reason ?? 'Bye')) n++;
    if (n > 0) logger.log('info', 'dropped client data channels', { count: n });
    return n;
  };
  const armDrops = (): void => {
    if (dropTimer !== undefined) clearInterval(dropTimer);
    dropTimer = undefined;
    const every = faults.dropEverySeconds;
    if (every !== undefined && every > 0) dropTimer = setInterval(() => dropDataChannels(), every * 1000);
  };
  armDrops();
  let closed = false;
  const restartTimers = new Set<NodeJS.Timeout>();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    get faults() {
      return faults;
    },
    setFaults(patch) {
      const before = faults;
      faults = mergeFaults(faults, patch);
      if (before.dropEverySeconds !== faults.dropEverySeconds) armDrops();
      for (const s of sessions.values()) {
        if (s.ended) continue;
        if (
          before.idleTimeoutSeconds !== faults.idleTimeoutSeconds ||
          before.maxSessionSeconds !== faults.maxSessionSeconds
        )
          s.armTimers();
        if (before.pausePublication !== faults.pausePublication) s.applyPublication();
      }
    },
    dropDataChannels,
    endSession(sessionId, output = '') {
      const s = sessions.get(sessionId);
      if (s === undefined) throw new Error(`unknown session ${sessionId}`);
      s.end(output);
    },
    restartAgent(instanceId, opts = {}) {
      const instance = instances.get(instanceId);
      if (instance === undefined) throw new Error(`unknown instance ${instanceId}`);
      const before = instance.pingStatus;
      instance.pingStatus = 'ConnectionLost';
      let ended = 0;
      for (const s of sessions.values()) {
        if (s.o.target !== instanceId || s.ended) continue;
        s.end(AGENT_RESTART_TEXT, 'Failed');
        ended++;
      }
      logger.log('info', 'agent restarting', { instanceId, sessionsEnded: ended });
      const t = setTimeout(() => {
        restartTimers.delete(t);
        const now = instances.get(instanceId);
        if (now?.pingStatus === 'ConnectionLost') now.pingStatus = before;
        logger.log('info', 'agent back online', { instanceId });
      }, opts.downMs ?? 1000);
      restartTimers.add(t);
      return ended;
    },
    sessions: () => [...sessions.values()].map((s) => s.info()),
    instances: () => [...instances.values()].map((i) => structuredClone(i)),
    setInstance(instance) {
      instances.set(instance.instanceId, structuredClone(instance));
    },
    setParameter(name, value) {
      const old = parameters.get(name);
      parameters.set(name, {
        value,
        version: (old?.version ?? 0) + 1,
        modifiedAt: Date.now(),
        type: old?.type ?? 'String',
      });
    },
    requestLog: () => http.log.map((e) => ({ ...e })),
    injectApiError(operation, error, times = 1) {
      const queue = injected.get(operation) ?? [];
      const entry = {
        code: error.code,
        message: error.message ?? `${error.code} (injected)`,
        status: error.status ?? 400,
      };
      for (let i = 0; i < times; i++) queue.push(entry);
      injected.set(operation, queue);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (dropTimer !== undefined) clearInterval(dropTimer);
      for (const t of restartTimers) clearTimeout(t);
      for (const s of sessions.values()) s.dispose();
      gateway.close();
      await http.close();
    },
  };
}
