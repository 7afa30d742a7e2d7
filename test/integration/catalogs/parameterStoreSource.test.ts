/**
 * The Parameter Store reader against the simulator with the real SDK: IAM-style denial of a path
 * (the simulator's deniedParameterPaths, not an injected error), pagination past one page, and
 * SecureString parameters left unread.
 */
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext, type AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { parseCatalogContent } from '../../../electron/engine/catalogs/catalogContent.js';
import { readParameterStore } from '../../../electron/engine/catalogs/sources/parameterStoreSource.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';

let sim: Simulator;
let ctx: AwsContext;

beforeAll(async () => {
  sim = await startSimulator({ deniedParameterPaths: ['/team/restricted'] });
  ctx = createAwsContext({
    region: 'us-east-1',
    env: {},
    simulatorEndpoint: sim.endpoint,
    credentials: () => Promise.resolve({ accessKeyId: 'AKIDCATALOG', secretAccessKey: 's' }),
  });
});
afterAll(async () => {
  ctx?.destroy();
  await sim?.close();
});

const profile = (i: number) =>
  JSON.stringify({
    name: `db ${i}`,
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: 5000 + i,
  });

describe('readParameterStore', () => {
  it('reads every parameter under the path recursively, across pages', async () => {
    for (let i = 0; i < 23; i++)
      sim.setParameter(`/team/many/${i < 12 ? 'a' : 'b/c'}/p${String(i).padStart(2, '0')}`, profile(i));
    const { entries, issues } = await readParameterStore(ctx.ssm, '/team/many');
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(23);
    const { profiles } = parseCatalogContent('c', entries);
    expect(new Set(profiles.map((p) => p.remotePort)).size).toBe(23);
    const pages = sim.requestLog().filter((e) => JSON.stringify(e).includes('GetParametersByPath')).length;
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('turns a denied path into ACCESS_DENIED naming the action and the path', async () => {
    sim.setParameter('/team/restricted/db', profile(1));
    await expect(readParameterStore(ctx.ssm, '/team/restricted')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: 'access denied: ssm:GetParametersByPath on /team/restricted',
      hint: expect.stringContaining('parameter/team/restricted') as string,
    });
  });

  it('does not decrypt SecureString parameters: reported, not read', async () => {
    sim.setParameter('/team/mixed/ok', profile(2));
    await ctx.ssm.send(
      new PutParameterCommand({ Name: '/team/mixed/secret', Value: profile(3), Type: 'SecureString' }),
    );
    const { entries, issues } = await readParameterStore(ctx.ssm, '/team/mixed');
    expect(entries.map((e) => e.origin)).toEqual(['/team/mixed/ok']);
    expect(issues).toEqual([
      { path: '/team/mixed/secret', message: expect.stringContaining('SecureString') as string },
    ]);
  });

  it('an empty path is an empty catalog, not an error', async () => {
    await expect(readParameterStore(ctx.ssm, '/team/nothing-here')).resolves.toEqual({
      entries: [],
      issues: [],
    });
  });
});
