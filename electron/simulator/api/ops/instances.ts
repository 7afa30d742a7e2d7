/**
 * DescribeInstanceInformation (§1.2): pagination (MaxResults 5..50, NextToken) and both filter
 * styles — `InstanceInformationFilterList` [{key, valueSet}] and `Filters` [{Key, Values}] (the
 * latter also supports `tag:<k>` and `tag-key`).
 */
import type { SimInstance } from '../../types.js';
import type { SsmContext } from '../context.js';
import { epochSeconds, num, pageOf, SsmError, str } from '../jsonRpc.js';
import { compareVersions } from '../../agent/version.js';

const LATEST_AGENT = '3.3.1142.0';
const KEYS = [
  'InstanceIds',
  'AgentVersion',
  'PingStatus',
  'PlatformTypes',
  'ResourceType',
  'IamRole',
  'ActivationIds',
  'AssociationStatus',
];

function field(i: SimInstance, key: string): string[] {
  switch (key) {
    case 'InstanceIds':
      return [i.instanceId];
    case 'AgentVersion':
      return [i.agentVersion];
    case 'PingStatus':
      return [i.pingStatus];
    case 'PlatformTypes':
      return [i.platformType];
    case 'ResourceType':
      return ['EC2Instance'];
    case 'IamRole':
      return ['SimulatorInstanceRole'];
    case 'AssociationStatus':
      return ['Success'];
    default:
      return [];
  }
}

function matches(i: SimInstance, key: string, values: string[]): boolean {
  if (key.startsWith('tag:')) return values.includes(i.tags?.[key.slice(4)] ?? '\u0000');
  if (key === 'tag-key') return values.some((v) => i.tags?.[v] !== undefined);
  if (!KEYS.includes(key)) throw new SsmError('InvalidFilterKey', `The specified key ${key} is not valid.`);
  if (values.length === 0)
    throw new SsmError('InvalidInstanceInformationFilterValue', `Filter ${key} needs at least one value.`);
  return field(i, key).some((v) => values.includes(v));
}

export function describeInstanceInformation(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const max = num(input, 'MaxResults') ?? 50;
  if (max < 5 || max > 50) throw new SsmError('ValidationException', 'MaxResults must be between 5 and 50');
  let list = ctx.instances();
  const legacy = Array.isArray(input['InstanceInformationFilterList'])
    ? (input['InstanceInformationFilterList'] as Record<string, unknown>[])
    : [];
  for (const f of legacy) {
    const key = str(f, 'key') ?? '';
    const values = Array.isArray(f['valueSet']) ? (f['valueSet'] as string[]) : [];
    list = list.filter((i) => matches(i, key, values));
  }
  const filters = Array.isArray(input['Filters']) ? (input['Filters'] as Record<string, unknown>[]) : [];
  for (const f of filters) {
    const key = str(f, 'Key') ?? '';
    const values = Array.isArray(f['Values']) ? (f['Values'] as string[]) : [];
    list = list.filter((i) => matches(i, key, values));
  }
  const { page, next } = pageOf(list, str(input, 'NextToken'), max);
  const now = epochSeconds(Date.now());
  return {
    InstanceInformationList: page.map((i) => ({
      InstanceId: i.instanceId,
      PingStatus: i.pingStatus,
      LastPingDateTime: i.pingStatus === 'Online' ? now : now - 3600,
      AgentVersion: i.agentVersion,
      IsLatestVersion: compareVersions(i.agentVersion, LATEST_AGENT) >= 0,
      PlatformType: i.platformType,
      ...(i.platformName !== undefined ? { PlatformName: i.platformName } : {}),
      ResourceType: 'EC2Instance',
      ...(i.name !== undefined ? { Name: i.name } : {}),
      ...(i.ipAddress !== undefined ? { IPAddress: i.ipAddress } : {}),
      ...(i.computerName !== undefined ? { ComputerName: i.computerName } : {}),
      IamRole: 'SimulatorInstanceRole',
      AssociationStatus: 'Success',
      SourceId: i.instanceId,
      SourceType: 'AWS::EC2::Instance',
    })),
    ...(next !== undefined ? { NextToken: next } : {}),
  };
}
