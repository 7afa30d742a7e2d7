/**
 * Fake AWS services beyond SSM (STS, SSO portal, SSO-OIDC, EC2) that the simulator mounts by default
 * on its single HTTP port, before the SSM API. They share one FakeAwsState (issued keys, SSO tokens,
 * device codes), which the SigV4 upgrade verifier can also read (sigv4Verify.ts).
 */
import type { HttpService, SimulatorContext } from '../http/service.js';
import { ec2Service } from './ec2Service.js';
import { FakeAwsState, type FakeAwsOptions } from './fakeAwsState.js';
import { ssoOidcService } from './ssoOidcService.js';
import { ssoPortalService } from './ssoPortalService.js';
import { stsService } from './stsService.js';

export { FakeAwsState, type FakeAwsOptions } from './fakeAwsState.js';
export { createUpgradeAuthenticator, type UpgradeAuthenticatorOptions } from './sigv4Verify.js';

export interface FakeAws {
  readonly state: FakeAwsState;
  readonly services: HttpService[];
}

export function createFakeAws(ctx: SimulatorContext, options: FakeAwsOptions | FakeAwsState = {}): FakeAws {
  const state = options instanceof FakeAwsState ? options : new FakeAwsState(options);
  return {
    state,
    services: [
      stsService(ctx, state),
      ssoPortalService(ctx, state),
      ssoOidcService(ctx, state),
      ec2Service(ctx, state),
    ],
  };
}

export function defaultAwsServices(
  ctx: SimulatorContext,
  options: FakeAwsOptions | FakeAwsState = {},
): HttpService[] {
  return createFakeAws(ctx, options).services;
}
