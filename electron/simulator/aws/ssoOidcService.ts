/**
 * Fake SSO-OIDC (REST-JSON) for the device authorization flow:
 *   POST /client/register       RegisterClient  {clientName, clientType, scopes}
 *   POST /device_authorization  StartDeviceAuthorization {clientId, clientSecret, startUrl}
 *   POST /token                 CreateToken {grantType: device_code | refresh_token, …}
 *   GET  /device?user_code=X    the "browser" page: approves the pending code (simulated user click)
 * Until approved, CreateToken answers AuthorizationPendingException; polling faster than `interval`
 * gets SlowDownException, as the real service does.
 */
import type { HttpRequest, HttpService, SimulatorContext } from '../http/service.js';
import type { FakeAwsState } from './fakeAwsState.js';
import { baseUrlOf, pathOf, queryParams, sendJson, sendJsonError } from './wire.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function body(req: HttpRequest): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8') || '{}');
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function str(b: Record<string, unknown>, k: string): string {
  const v = b[k];
  return typeof v === 'string' ? v : '';
}

export function ssoOidcService(_ctx: SimulatorContext, state: FakeAwsState): HttpService {
  const lastPoll = new Map<string, number>();
  return {
    name: 'sso-oidc',
    matches: (req) =>
      (req.method === 'POST' &&
        ['/client/register', '/device_authorization', '/token'].includes(pathOf(req))) ||
      (req.method === 'GET' && pathOf(req) === '/device'),
    handle(req, res) {
      const path = pathOf(req);
      if (req.method === 'GET') {
        const code = queryParams(req).get('user_code') ?? '';
        const ok = state.approveUserCode(code);
        res.writeHead(ok ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
        res.end(ok ? '<h1>Request approved</h1><p>You can close this window.</p>' : '<h1>Unknown code</h1>');
        return;
      }
      const b = body(req);
      if (path === '/client/register') {
        state.count('oidc:RegisterClient');
        if (!str(b, 'clientName') || str(b, 'clientType') !== 'public')
          return sendJsonError(
            res,
            400,
            'InvalidClientMetadataException',
            'clientName and clientType=public required',
          );
        const c = state.newOidcClient();
        return sendJson(res, 200, {
          clientId: c.clientId,
          clientSecret: c.clientSecret,
          clientIdIssuedAt: Math.floor(Date.now() / 1000),
          clientSecretExpiresAt: Math.floor(c.expiresAt / 1000),
        });
      }
      const client = state.oidcClients.get(str(b, 'clientId'));
      if (client === undefined || client.clientSecret !== str(b, 'clientSecret'))
        return sendJsonError(res, 401, 'InvalidClientException', 'Invalid client', {
          error: 'invalid_client',
        });
      if (path === '/device_authorization') {
        state.count('oidc:StartDeviceAuthorization');
        const d = state.newDevice(str(b, 'clientId'), str(b, 'startUrl'));
        const base = baseUrlOf(req);
        return sendJson(res, 200, {
          deviceCode: d.deviceCode,
          userCode: d.userCode,
          verificationUri: `${base}/device`,
          verificationUriComplete: `${base}/device?user_code=${d.userCode}`,
          expiresIn: Math.round((d.expiresAt - Date.now()) / 1000),
          interval: state.options.deviceIntervalSeconds ?? 1,
        });
      }
      state.count('oidc:CreateToken');
      const grant = str(b, 'grantType');
      if (grant === 'refresh_token') {
        const old = state.refreshTokens.get(str(b, 'refreshToken'));
        if (old === undefined)
          return sendJsonError(res, 400, 'InvalidGrantException', 'Invalid refresh token', {
            error: 'invalid_grant',
          });
        state.refreshTokens.delete(str(b, 'refreshToken'));
        const t = state.issueSsoToken();
        return sendJson(res, 200, {
          accessToken: t.accessToken,
          tokenType: 'Bearer',
          expiresIn: t.expiresIn,
          refreshToken: t.refreshToken,
        });
      }
      if (grant !== DEVICE_GRANT)
        return sendJsonError(res, 400, 'UnsupportedGrantTypeException', `grant ${grant}`, {
          error: 'unsupported_grant_type',
        });
      const d = state.devices.get(str(b, 'deviceCode'));
      if (d === undefined || d.clientId !== str(b, 'clientId'))
        return sendJsonError(res, 400, 'InvalidGrantException', 'Unknown device code', {
          error: 'invalid_grant',
        });
      if (d.expiresAt <= Date.now())
        return sendJsonError(res, 400, 'ExpiredTokenException', 'Device code expired', {
          error: 'expired_token',
        });
      if (!d.approved) {
        const now = Date.now();
        const prev = lastPoll.get(d.deviceCode);
        lastPoll.set(d.deviceCode, now);
        const minGap = (state.options.deviceIntervalSeconds ?? 1) * 1000 * 0.5;
        if (prev !== undefined && now - prev < minGap)
          return sendJsonError(res, 400, 'SlowDownException', 'Slow down', { error: 'slow_down' });
        return sendJsonError(res, 400, 'AuthorizationPendingException', 'Authorization pending', {
          error: 'authorization_pending',
        });
      }
      state.devices.delete(d.deviceCode);
      const t = state.issueSsoToken();
      return sendJson(res, 200, {
        accessToken: t.accessToken,
        tokenType: 'Bearer',
        expiresIn: t.expiresIn,
        refreshToken: t.refreshToken,
      });
    },
  };
}
