/**
 * Fake IAM Identity Center portal (REST-JSON): GET /federation/credentials?role_name=&account_id=
 * with header `x-amz-sso_bearer_token` (GetRoleCredentials). Only tokens the fake OIDC issued or a
 * test registered are accepted; expired or unknown ones get UnauthorizedException like the service.
 */
import type { HttpService, SimulatorContext } from '../http/service.js';
import type { FakeAwsState } from './fakeAwsState.js';
import { pathOf, queryParams, sendJson, sendJsonError } from './wire.js';

export function ssoPortalService(_ctx: SimulatorContext, state: FakeAwsState): HttpService {
  return {
    name: 'sso',
    matches: (req) => req.method === 'GET' && pathOf(req) === '/federation/credentials',
    handle(req, res) {
      state.count('sso:GetRoleCredentials');
      const q = queryParams(req);
      const roleName = q.get('role_name');
      const accountId = q.get('account_id');
      const bearer = String(req.headers['x-amz-sso_bearer_token'] ?? '');
      const tok = state.ssoTokens.get(bearer);
      if (tok === undefined || tok.expiresAt <= Date.now())
        return sendJsonError(res, 401, 'UnauthorizedException', 'Session token not found or invalid');
      if (!roleName || !accountId || !/^\d{12}$/.test(accountId))
        return sendJsonError(
          res,
          400,
          'InvalidRequestException',
          'role_name and a 12-digit account_id are required',
        );
      const arn = `arn:aws:sts::${accountId}:assumed-role/AWSReservedSSO_${roleName}_sim/simuser`;
      const k = state.issueKey(arn);
      return sendJson(res, 200, {
        roleCredentials: {
          accessKeyId: k.accessKeyId,
          secretAccessKey: k.secretAccessKey,
          sessionToken: k.sessionToken,
          expiration: k.expiresAt,
        },
      });
    },
  };
}
