/** Agent port-forwarding behaviour: dial failures, denied hosts, remote host document, basic mode. */
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { closedPort, ssmClient, startEcho, type EchoServer } from './helpers.js';
import { RawClient } from './rawClient.js';
import { sendStream, smux } from './rawSmux.js';

let sim: Simulator;
let echo: EchoServer;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
  await echo.close();
});

async function session(opts: {
  target?: string;
  document?: string;
  parameters: Record<string, string[]>;
  clientVersion?: string;
  handshake?: boolean;
}): Promise<RawClient> {
  const out = await ssmClient(sim.endpoint).send(
    new StartSessionCommand({
      Target: opts.target ?? 'i-0123456789abcdef0',
      DocumentName: opts.document ?? 'AWS-StartPortForwardingSession',
      Parameters: opts.parameters,
    }),
  );
  const c = new RawClient(opts.clientVersion);
  clients.push(c);
  await c.connect(out.StreamUrl!, out.TokenValue!);
  if (opts.handshake !== false) await c.waitFor(() => c.handshakeComplete, 'handshake');
  return c;
}

describe('simulator agent port modes', () => {
  it('mux: a refused dial sends ConnectToPortError (PT 10, flag 3) then FIN; the session stays up', async () => {
    sim = await startSimulator();
    echo = await startEcho();
    const c = await session({ parameters: { portNumber: [String(await closedPort())] } });
    const flags: number[] = [];
    c.on('flag', (f: number) => flags.push(f));
    sendStream(c, smux.syn(3));
    await c.waitFor(() => smux.hasFin(c.output, 3), 'FIN for stream 3');
    expect(flags).toEqual([3]);
    expect(sim.sessions()[0]!.status).toBe('Connected');
  });

  it('mux: refuseTarget fails every stream even when the target listens', async () => {
    sim = await startSimulator({ faults: { refuseTarget: true } });
    echo = await startEcho();
    const c = await session({ parameters: { portNumber: [String(echo.port)] } });
    const flags: number[] = [];
    c.on('flag', (f: number) => flags.push(f));
    sendStream(c, Buffer.concat([smux.syn(3), smux.syn(5)]));
    await c.waitFor(() => smux.hasFin(c.output, 3) && smux.hasFin(c.output, 5), 'two FINs');
    expect(flags).toEqual([3, 3]);
    expect(echo.connections).toBe(0);
    sim.setFaults({ refuseTarget: false });
    sendStream(c, Buffer.concat([smux.syn(7), smux.psh(7, Buffer.from('ok'))]));
    await c.waitFor(() => smux.streamData(c.output, 7).toString() === 'ok', 'echo on stream 7');
  });

  it('mux: blackholeTarget never connects, no data and no FIN come back', async () => {
    sim = await startSimulator({ faults: { blackholeTarget: true } });
    echo = await startEcho();
    const c = await session({ parameters: { portNumber: [String(echo.port)] } });
    sendStream(c, Buffer.concat([smux.syn(3), smux.psh(3, Buffer.from('x'))]));
    await c.waitFor(() => c.unackedCount === 0, 'input acked');
    expect(smux.parse(c.output)).toEqual([]);
    expect(echo.connections).toBe(0);
  });

  it('remote-host document: the handshake carries host and the agent dials it', async () => {
    sim = await startSimulator();
    echo = await startEcho();
    const c = await session({
      document: 'AWS-StartPortForwardingSessionToRemoteHost',
      parameters: { host: ['127.0.0.1'], portNumber: [String(echo.port)], localPortNumber: ['5555'] },
    });
    const props = (
      c.handshakeRequest as { RequestedClientActions: { ActionParameters: { Properties: unknown } }[] }
    ).RequestedClientActions[0]!.ActionParameters.Properties;
    expect(props).toEqual({
      portNumber: String(echo.port),
      localPortNumber: '5555',
      type: 'LocalPortForwarding',
      host: '127.0.0.1',
    });
    sendStream(c, Buffer.concat([smux.syn(3), smux.psh(3, Buffer.from('remote'))]));
    await c.waitFor(() => smux.streamData(c.output, 3).toString() === 'remote', 'echo via host');
  });

  it('forwarding to IMDS is forbidden and ends the session with the agent text', async () => {
    sim = await startSimulator();
    echo = await startEcho();
    const c = await session({
      document: 'AWS-StartPortForwardingSessionToRemoteHost',
      parameters: { host: ['169.254.169.254'], portNumber: ['80'] },
    });
    sendStream(c, smux.syn(3));
    await c.waitFor(() => c.channelClosed !== undefined, 'channel_closed');
    expect(c.channelClosed!['Output']).toBe('Forwarding to IP address 169.254.169.254 is forbidden.');
    expect(sim.sessions()[0]!.status).toBe('Failed');
  });

  it('basic mode (agent 3.0.196.0): raw bytes, DisconnectToPort closes, next input re-dials', async () => {
    sim = await startSimulator();
    echo = await startEcho('hello-');
    const c = await session({
      target: 'i-0aaaaaaaaaaaaaaa1',
      parameters: { portNumber: [String(echo.port)] },
    });
    expect((c.handshakeRequest as { AgentVersion: string }).AgentVersion).toBe('3.0.196.0');
    await c.waitFor(() => c.output.toString() === 'hello-', 'greeting (dialled right after the handshake)');
    sendStream(c, Buffer.from('one'));
    await c.waitFor(() => c.output.toString() === 'hello-one', 'echo one');
    c.sendInput(10, Buffer.from([0, 0, 0, 1])); // DisconnectToPort
    await echo.idle();
    expect(echo.connections).toBe(1);
    sendStream(c, Buffer.from('two'));
    await c.waitFor(() => c.output.toString() === 'hello-onehello-two', 're-dial on the next input');
    expect(echo.connections).toBe(2);
  });

  it('basic mode: a failed initial dial ends the session with "Unable to connect…"', async () => {
    sim = await startSimulator();
    echo = await startEcho();
    const port = await closedPort();
    const c = await session({
      target: 'i-0aaaaaaaaaaaaaaa1',
      parameters: { portNumber: [String(port)] },
      handshake: false,
    });
    await c.waitFor(() => c.channelClosed !== undefined, 'channel_closed');
    expect(c.channelClosed!['Output']).toBe(
      `Unable to connect to specified port: dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
  });

  it('AWS-StartSSHSession (opt-in): no type ⇒ basic mode; target EOF ends the session', async () => {
    sim = await startSimulator();
    echo = await startEcho('SSH-2.0-sim\r\n');
    sim.setInstance({ ...sim.instances()[0]!, allowedDocuments: ['AWS-StartSSHSession'] });
    const c = await session({
      document: 'AWS-StartSSHSession',
      parameters: { portNumber: [String(echo.port)] },
    });
    const props = (
      c.handshakeRequest as { RequestedClientActions: { ActionParameters: { Properties: unknown } }[] }
    ).RequestedClientActions[0]!.ActionParameters.Properties;
    expect(props).toEqual({ portNumber: String(echo.port) });
    await c.waitFor(() => c.output.toString() === 'SSH-2.0-sim\r\n', 'server banner');
    for (const s of echo.sockets) s.end();
    await c.waitFor(() => c.channelClosed !== undefined, 'channel_closed after target EOF');
    expect(sim.sessions()[0]!.status).toBe('Terminated');
  });

  it('an old client version (< 1.1.70) gets basic mode from a new agent', async () => {
    sim = await startSimulator();
    echo = await startEcho();
    const c = await session({ parameters: { portNumber: [String(echo.port)] }, clientVersion: '1.1.0.0' });
    sendStream(c, Buffer.from('raw-bytes'));
    await c.waitFor(() => c.output.toString() === 'raw-bytes', 'raw echo (no smux)');
  });
});
