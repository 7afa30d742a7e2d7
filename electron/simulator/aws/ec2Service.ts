/**
 * Fake EC2 (EC2 query protocol, Version 2016-11-15) for what Bastionless needs: DescribeTags and
 * DescribeInstances (Name tags for the target picker; filters `resource-id`/`instance-id`, `key`,
 * `resource-type`), and GetPasswordData (Windows Administrator password for the RDP launcher).
 * Built from the simulator's instances (ctx.instances()); `i-…` ids only (managed `mi-…` nodes have
 * no EC2 record, as in AWS).
 */
import type { HttpService, SimulatorContext } from '../http/service.js';
import type { FakeAwsState } from './fakeAwsState.js';
import { formParams, isFormPost, sendEc2Error, sendXml, toXml, type Xml } from './wire.js';

const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** `Filter.N.Name` / `Filter.N.Value.M` → name → values. */
function filters(p: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of p) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (m === null) continue;
    const values: string[] = [];
    for (const [k2, v2] of p) if (k2.startsWith(`Filter.${m[1]}.Value.`)) values.push(v2);
    out.set(v, values);
  }
  return out;
}

function listParam(p: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (const [k, v] of p) if (k.startsWith(`${prefix}.`)) out.push(v);
  return out;
}

function wrap(action: string, inner: string): string {
  return `<${action}Response xmlns="${NS}"><requestId>00000000-0000-4000-8000-000000000000</requestId>${inner}</${action}Response>`;
}

export function ec2Service(ctx: SimulatorContext, state: FakeAwsState): HttpService {
  const ec2Instances = () =>
    ctx
      .instances()
      .filter((i) => i.instanceId.startsWith('i-'))
      .map((i) => ({
        ...i,
        allTags: { ...(i.name !== undefined ? { Name: i.name } : {}), ...(i.tags ?? {}) },
      }));
  return {
    name: 'ec2',
    matches: (req) => isFormPost(req) && formParams(req).get('Version') === '2016-11-15',
    handle(req, res) {
      const p = formParams(req);
      const action = p.get('Action') ?? '';
      state.count(`ec2:${action}`);
      const rejection = ctx.credentialsRejection();
      if (rejection !== undefined)
        return sendEc2Error(
          res,
          401,
          'AuthFailure',
          'AWS was not able to validate the provided access credentials',
        );
      if (state.options.ec2DeniedActions?.includes(action))
        return sendEc2Error(
          res,
          403,
          'UnauthorizedOperation',
          `You are not authorized to perform this operation. (ec2:${action})`,
        );
      const f = filters(p);
      switch (action) {
        case 'DescribeTags': {
          const ids = f.get('resource-id');
          const keys = f.get('key');
          const items: Xml[] = [];
          for (const i of ec2Instances()) {
            if (ids !== undefined && !ids.includes(i.instanceId)) continue;
            for (const [key, value] of Object.entries(i.allTags)) {
              if (keys !== undefined && !keys.includes(key)) continue;
              items.push({ resourceId: i.instanceId, resourceType: 'instance', key, value });
            }
          }
          return sendXml(res, 200, wrap(action, `<tagSet>${toXml(items)}</tagSet>`));
        }
        case 'DescribeInstances': {
          const ids = [...listParam(p, 'InstanceId'), ...(f.get('instance-id') ?? [])];
          const found = ec2Instances().filter((i) => ids.length === 0 || ids.includes(i.instanceId));
          const missing = ids.find((id) => !found.some((i) => i.instanceId === id));
          if (missing !== undefined)
            return sendEc2Error(
              res,
              400,
              'InvalidInstanceID.NotFound',
              `The instance ID '${missing}' does not exist`,
            );
          const reservations: Xml[] = found.map((i) => ({
            reservationId: `r-${i.instanceId.slice(2)}`,
            ownerId: state.accountId,
            instancesSet: [
              {
                instanceId: i.instanceId,
                instanceState: { code: 16, name: 'running' },
                privateIpAddress: i.ipAddress,
                platform: i.platformType === 'Windows' ? 'windows' : undefined,
                platformDetails: i.platformType === 'Windows' ? 'Windows' : 'Linux/UNIX',
                tagSet: Object.entries(i.allTags).map(([key, value]) => ({ key, value })),
              },
            ],
          }));
          return sendXml(res, 200, wrap(action, `<reservationSet>${toXml(reservations)}</reservationSet>`));
        }
        case 'GetPasswordData': {
          const id = p.get('InstanceId') ?? '';
          const inst = ec2Instances().find((i) => i.instanceId === id);
          if (inst === undefined)
            return sendEc2Error(
              res,
              400,
              'InvalidInstanceID.NotFound',
              `The instance ID '${id}' does not exist`,
            );
          return sendXml(
            res,
            200,
            wrap(
              action,
              toXml({
                instanceId: id,
                timestamp: new Date().toISOString(),
                passwordData: state.encryptedWindowsPassword(id) ?? '',
              }),
            ),
          );
        }
        default:
          return sendEc2Error(
            res,
            400,
            'InvalidAction',
            `The action ${action} is not valid for this web service.`,
          );
      }
    },
  };
}
