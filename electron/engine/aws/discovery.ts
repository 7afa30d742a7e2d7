/**
 * Managed-node discovery for the target picker and `bastionless targets`: DescribeInstanceInformation
 * (all pages), then EC2 Name tags for the `i-…` nodes where the caller may read them (DescribeTags;
 * UnauthorizedOperation just means "no names", never a failure), else the agent's computer name.
 * Filtering is local and case-insensitive over id, name, computer name, IP, platform and tags.
 */
import { DescribeTagsCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, type InstanceInformation } from '@aws-sdk/client-ssm';
import type { ManagedNode } from '../../../shared/contract/api.js';
import { awsErrorCode, toEngineError } from './awsErrors.js';
import type { AwsContext } from './clientFactory.js';
import { EngineFailure } from './engineFailure.js';

/** DescribeInstanceInformation's MaxResults upper bound (5..50). */
const PAGE_SIZE = 50;
/** Hard stop against a service that keeps returning NextToken (50 × 200 = 10 000 nodes). */
const MAX_PAGES = 200;
/** DescribeTags accepts up to 200 filter values; stay well below. */
const TAG_BATCH = 100;
/** Names are a nicety: a VPC without an EC2 endpoint must not stall the target list. */
const TAG_TIMEOUT_MS = 5000;

type DiscoveryContext = Pick<AwsContext, 'ssm' | 'ec2' | 'logger'>;

export async function describeAllInstances(
  ctx: Pick<AwsContext, 'ssm'>,
  filter?: { instanceIds?: string[] },
): Promise<InstanceInformation[]> {
  const out: InstanceInformation[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await ctx.ssm.send(
      new DescribeInstanceInformationCommand({
        MaxResults: PAGE_SIZE,
        ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
        ...(filter?.instanceIds !== undefined
          ? { Filters: [{ Key: 'InstanceIds', Values: filter.instanceIds }] }
          : {}),
      }),
    );
    out.push(...(res.InstanceInformationList ?? []));
    nextToken = res.NextToken || undefined;
    if (nextToken === undefined) break;
  }
  return out;
}

/** Name tags by instance id; empty when EC2 says we may not look. */
export async function nameTags(
  ctx: DiscoveryContext,
  ids: string[],
): Promise<Map<string, Map<string, string>>> {
  const tags = new Map<string, Map<string, string>>();
  const ec2Ids = ids.filter((id) => id.startsWith('i-'));
  for (let i = 0; i < ec2Ids.length; i += TAG_BATCH) {
    const batch = ec2Ids.slice(i, i + TAG_BATCH);
    try {
      let nextToken: string | undefined;
      do {
        const res = await ctx.ec2().send(
          new DescribeTagsCommand({
            Filters: [
              { Name: 'resource-id', Values: batch },
              { Name: 'resource-type', Values: ['instance'] },
            ],
            ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
          }),
          { abortSignal: AbortSignal.timeout(TAG_TIMEOUT_MS) },
        );
        for (const t of res.Tags ?? []) {
          if (t.ResourceId === undefined || t.Key === undefined) continue;
          const m = tags.get(t.ResourceId) ?? new Map<string, string>();
          m.set(t.Key, t.Value ?? '');
          tags.set(t.ResourceId, m);
        }
        nextToken = res.NextToken || undefined;
      } while (nextToken !== undefined);
    } catch (e) {
      ctx.logger.log('info', 'EC2 tags unavailable; showing computer names', {
        code: awsErrorCode(e) ?? 'unknown',
      });
      return tags;
    }
  }
  return tags;
}

export function toManagedNode(i: InstanceInformation, tags: Map<string, string> | undefined): ManagedNode {
  const name = tags?.get('Name') || i.Name || undefined;
  return {
    instanceId: i.InstanceId ?? '',
    pingStatus: i.PingStatus ?? 'Unknown',
    ...(name !== undefined ? { name } : {}),
    ...(i.ComputerName ? { computerName: i.ComputerName } : {}),
    ...(i.PlatformType ? { platformType: i.PlatformType } : {}),
    ...(i.PlatformName ? { platformName: i.PlatformName } : {}),
    ...(i.AgentVersion ? { agentVersion: i.AgentVersion } : {}),
    ...(i.IPAddress ? { ipAddress: i.IPAddress } : {}),
    ...(tags !== undefined && tags.size > 0 ? { tags: Object.fromEntries(tags) } : {}),
  };
}

export function matchesQuery(n: ManagedNode, query: string | undefined): boolean {
  const q = query?.trim().toLowerCase();
  if (!q) return true;
  const hay = [
    n.instanceId,
    n.name,
    n.computerName,
    n.ipAddress,
    n.platformType,
    n.platformName,
    n.pingStatus,
    ...Object.entries(n.tags ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  return q.split(/\s+/).every((word) => hay.some((h) => h?.toLowerCase().includes(word)));
}

/** Online nodes first, then by display name. Rejects with an EngineError. */
export async function listManagedNodes(
  ctx: DiscoveryContext,
  opts: { query?: string } = {},
): Promise<ManagedNode[]> {
  try {
    const infos = await describeAllInstances(ctx);
    const tags = await nameTags(
      ctx,
      infos.map((i) => i.InstanceId ?? ''),
    );
    return infos
      .filter((i) => i.InstanceId)
      .map((i) => toManagedNode(i, tags.get(i.InstanceId ?? '')))
      .filter((n) => matchesQuery(n, opts.query))
      .sort(
        (a, b) =>
          Number(b.pingStatus === 'Online') - Number(a.pingStatus === 'Online') ||
          (a.name ?? a.computerName ?? a.instanceId).localeCompare(b.name ?? b.computerName ?? b.instanceId),
      );
  } catch (e) {
    throw EngineFailure.of(toEngineError(e, 'Listing managed nodes'));
  }
}
