/**
 * Fake STS (AWS query protocol, Version 2011-06-15): GetCallerIdentity, AssumeRole (checks
 * SerialNumber/TokenCode against the configured MFA codes) and AssumeRoleWithWebIdentity (unsigned;
 * any non-empty token). Issued keys are remembered so later calls and the data-channel SigV4 check
 * know them.
 */
import type { HttpService, SimulatorContext } from '../http/service.js';
import type { FakeAwsState } from './fakeAwsState.js';
import { accessKeyOf, formParams, isFormPost, sendQueryError, sendXml, toXml } from './wire.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function result(action: string, body: Record<string, unknown>): string {
  return (
    `<${action}Response xmlns="${NS}"><${action}Result>${toXml(body as never)}</${action}Result>` +
    `<ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></${action}Response>`
  );
}

function roleName(arn: string): string {
  return arn.split('/').pop() ?? 'role';
}

export function stsService(ctx: SimulatorContext, state: FakeAwsState): HttpService {
  return {
    name: 'sts',
    matches: (req) => isFormPost(req) && formParams(req).get('Version') === '2011-06-15',
    handle(req, res) {
      const p = formParams(req);
      const action = p.get('Action') ?? '';
      state.count(`sts:${action}`);
      const rejection = ctx.credentialsRejection();
      if (action !== 'AssumeRoleWithWebIdentity') {
        if (rejection === 'expired')
          return sendQueryError(
            res,
            403,
            'ExpiredToken',
            'The security token included in the request is expired',
          );
        if (rejection === 'invalid')
          return sendQueryError(
            res,
            403,
            'InvalidClientTokenId',
            'The security token included in the request is invalid.',
          );
      }
      const caller = state.callerArn(accessKeyOf(req));
      if (action !== 'AssumeRoleWithWebIdentity' && caller === undefined)
        return sendQueryError(
          res,
          403,
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
        );
      switch (action) {
        case 'GetCallerIdentity':
          return sendXml(
            res,
            200,
            result(action, {
              Arn: caller,
              UserId: `AIDASIM${(accessKeyOf(req) ?? 'ANON').slice(-8)}`,
              Account: state.accountId,
            }),
          );
        case 'AssumeRole':
        case 'AssumeRoleWithWebIdentity': {
          const roleArn = p.get('RoleArn') ?? '';
          const session = p.get('RoleSessionName') ?? 'session';
          if (!/^arn:aws:iam::\d{12}:role\/.+/.test(roleArn))
            return sendQueryError(res, 400, 'ValidationError', `Invalid RoleArn: ${roleArn}`);
          if (state.options.deniedRoles?.includes(roleArn))
            return sendQueryError(
              res,
              403,
              'AccessDenied',
              `User: ${caller ?? 'web-identity'} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
            );
          if (action === 'AssumeRoleWithWebIdentity' && !p.get('WebIdentityToken'))
            return sendQueryError(res, 400, 'InvalidIdentityToken', 'No web identity token');
          const serial = p.get('SerialNumber');
          if (serial !== null) {
            const code = p.get('TokenCode') ?? '';
            const expected = state.options.mfaCodes?.[serial];
            if (expected !== undefined ? code !== expected : !/^\d{6}$/.test(code))
              return sendQueryError(
                res,
                403,
                'AccessDenied',
                'MultiFactorAuthentication failed with invalid MFA one time pass code.',
              );
          }
          const assumedArn = `arn:aws:sts::${state.accountId}:assumed-role/${roleName(roleArn)}/${session}`;
          const ttl = Number(p.get('DurationSeconds') ?? state.options.credentialTtlSeconds ?? 3600);
          const k = state.issueKey(assumedArn, Math.min(ttl, state.options.credentialTtlSeconds ?? ttl));
          return sendXml(
            res,
            200,
            result(action, {
              Credentials: {
                AccessKeyId: k.accessKeyId,
                SecretAccessKey: k.secretAccessKey,
                SessionToken: k.sessionToken,
                Expiration: new Date(k.expiresAt).toISOString(),
              },
              AssumedRoleUser: { Arn: assumedArn, AssumedRoleId: `AROASIM:${session}` },
            }),
          );
        }
        default:
          return sendQueryError(
            res,
            400,
            'InvalidAction',
            `Could not find operation ${action} for version 2011-06-15`,
          );
      }
    },
  };
}
