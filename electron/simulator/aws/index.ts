/**
 * Fake AWS services beyond SSM (STS, SSO, SSO-OIDC, EC2…) that the simulator mounts by default.
 * Owned by the AWS-integration work; the simulator calls this once at start.
 */
import type { HttpService, SimulatorContext } from '../http/service.js';

export function defaultAwsServices(_ctx: SimulatorContext): HttpService[] {
  return [];
}
