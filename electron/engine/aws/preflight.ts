/**
 * Preflight: everything a tunnel needs, checked before it starts, each failure with its own actionable
 * message. Order matters: later AWS checks are skipped (not failed) when credentials are bad.
 *   credentials     STS GetCallerIdentity
 *   target          DescribeInstanceInformation: a managed node, and Online
 *   agent-version   mux (> 3.0.196.0) and, for remote hosts, ≥ 3.1.1374.0
 *   document        StartSession with the document, then TerminateSession at once (the only way to
 *                   learn whether ssm:StartSession is allowed); skipped when probeSession is false
 *   local-port      a real listen on bind:localPort; names the process holding it
 *   preferences     informational: the account's idle timeout / max duration (never fails)
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { StartSessionCommand, TerminateSessionCommand, type InstanceInformation } from '@aws-sdk/client-ssm';
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import { agentSupportsMux, agentSupportsRemoteHost, REMOTE_HOST_MIN_AGENT } from './agentRequirements.js';
import { awsErrorCode, toEngineError } from './awsErrors.js';
import type { AwsContext } from './clientFactory.js';
import { describeAllInstances } from './discovery.js';
import { checkLocalPort } from './localPortCheck.js';
import { readSessionPreferences } from './sessionPreferences.js';
import { sessionReason } from './sessionReason.js';

export type PreflightCheckId =
  | 'credentials'
  | 'target'
  | 'agent-version'
  | 'document'
  | 'local-port'
  | 'preferences';

export interface PreflightCheck {
  readonly id: PreflightCheckId;
  readonly ok: boolean;
  readonly message: string;
  readonly hint?: string;
  readonly error?: EngineError;
  /** Not run because an earlier check failed (ok is false). */
  readonly skipped?: boolean;
  /** Passed, but with something the user should know (ok is true). */
  readonly warning?: boolean;
}

export interface PreflightInput {
  readonly target: string;
  readonly remotePort: number;
  readonly host?: string | undefined;
  readonly bind: string;
  readonly localPort: number;
  readonly document: string;
  /** Start and immediately terminate a session to prove ssm:StartSession is allowed (default true). */
  readonly probeSession?: boolean;
}

function fail(id: PreflightCheckId, error: EngineError): PreflightCheck {
  return {
    id,
    ok: false,
    message: error.message,
    error,
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
  };
}

function skipped(id: PreflightCheckId, why: string): PreflightCheck {
  return { id, ok: false, skipped: true, message: `Skipped: ${why}.` };
}

async function credentialsCheck(ctx: AwsContext): Promise<{ check: PreflightCheck; arn?: string }> {
  try {
    const id = await ctx.sts().send(new GetCallerIdentityCommand({}));
    return {
      check: {
        id: 'credentials',
        ok: true,
        message: `Signed in as ${id.Arn ?? 'unknown'} (account ${id.Account ?? '?'}).`,
      },
      ...(id.Arn !== undefined ? { arn: id.Arn } : {}),
    };
  } catch (e) {
    return {
      check: fail(
        'credentials',
        toEngineError(e, `Checking credentials of ${ctx.awsProfile ?? 'the default profile'}`),
      ),
    };
  }
}

async function targetChecks(ctx: AwsContext, input: PreflightInput): Promise<PreflightCheck[]> {
  let infos: InstanceInformation[];
  try {
    infos = await describeAllInstances(ctx, { instanceIds: [input.target] });
  } catch (e) {
    const code = awsErrorCode(e);
    if (code !== 'InvalidInstanceId' && code !== 'InvalidInstanceInformationFilterValue')
      return [
        fail('target', toEngineError(e, 'Looking up the target')),
        skipped('agent-version', 'target unknown'),
      ];
    infos = [];
  }
  const info = infos.find((i) => i.InstanceId === input.target);
  if (info === undefined)
    return [
      fail(
        'target',
        engineError('TARGET_NOT_FOUND', `${input.target} is not a managed node in ${ctx.region}.`, {
          hint: 'Check the id and region; the instance needs the SSM Agent running and an instance profile with AmazonSSMManagedInstanceCore.',
        }),
      ),
      skipped('agent-version', 'target not found'),
    ];
  const checks: PreflightCheck[] = [];
  if (info.PingStatus !== 'Online') {
    const last =
      info.LastPingDateTime !== undefined ? ` (last seen ${info.LastPingDateTime.toISOString()})` : '';
    checks.push(
      fail(
        'target',
        engineError('TARGET_NOT_CONNECTED', `${input.target} is ${info.PingStatus ?? 'not online'}${last}.`, {
          hint: 'Start the instance, or check that the SSM Agent runs and can reach ssm/ssmmessages/ec2messages endpoints.',
        }),
      ),
    );
  } else
    checks.push({
      id: 'target',
      ok: true,
      message: `${input.target} is online (${info.PlatformName ?? info.PlatformType ?? 'unknown platform'}).`,
    });
  const v = info.AgentVersion;
  if (v === undefined)
    checks.push({ id: 'agent-version', ok: true, warning: true, message: 'Agent version unknown.' });
  else if (input.host !== undefined && !agentSupportsRemoteHost(v))
    checks.push(
      fail(
        'agent-version',
        engineError(
          'AGENT_TOO_OLD',
          `SSM Agent ${v} on ${input.target} cannot forward to a remote host (needs ${REMOTE_HOST_MIN_AGENT} or later).`,
          {
            hint: 'Update the agent (AWS-UpdateSSMAgent) or forward to a port on the instance itself.',
            detail: { agentVersion: v },
          },
        ),
      ),
    );
  else if (!agentSupportsMux(v))
    checks.push({
      id: 'agent-version',
      ok: true,
      warning: true,
      message: `SSM Agent ${v} is old: one connection at a time (no multiplexing).`,
      hint: 'Update the agent (AWS-UpdateSSMAgent) for concurrent connections.',
    });
  else
    checks.push({
      id: 'agent-version',
      ok: true,
      message: `SSM Agent ${v} supports multiplexed connections.`,
    });
  return checks;
}

async function documentCheck(
  ctx: AwsContext,
  input: PreflightInput,
  arn: string | undefined,
): Promise<PreflightCheck> {
  const parameters: Record<string, string[]> = {
    portNumber: [String(input.remotePort)],
    localPortNumber: ['0'],
  };
  if (input.host !== undefined) parameters['host'] = [input.host];
  try {
    const out = await ctx.ssm.send(
      new StartSessionCommand({
        Target: input.target,
        DocumentName: input.document,
        Parameters: parameters,
        Reason: sessionReason(`${ctx.awsProfile ?? 'default'} preflight`),
      }),
    );
    if (out.SessionId !== undefined)
      await ctx.ssm.send(new TerminateSessionCommand({ SessionId: out.SessionId })).catch(() => undefined);
    return {
      id: 'document',
      ok: true,
      message: `Allowed to start ${input.document} sessions on ${input.target}.`,
    };
  } catch (e) {
    const code = awsErrorCode(e);
    if (code === 'AccessDeniedException' || code === 'AccessDenied')
      return fail(
        'document',
        engineError(
          'ACCESS_DENIED',
          `${arn ?? 'Your identity'} is not allowed ssm:StartSession on ${input.target} with document ${input.document}.`,
          {
            hint:
              `Add ssm:StartSession on arn:aws:ec2:${ctx.region}:<account>:instance/${input.target} and ` +
              `arn:aws:ssm:${ctx.region}::document/${input.document} to your role (and check any condition keys / SCPs).`,
          },
        ),
      );
    return fail('document', toEngineError(e, `Starting a ${input.document} session`));
  }
}

export async function runPreflight(ctx: AwsContext, input: PreflightInput): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = [];
  const creds = await credentialsCheck(ctx);
  checks.push(creds.check);
  if (!creds.check.ok) {
    const why = 'credentials are not valid';
    checks.push(skipped('target', why), skipped('agent-version', why), skipped('document', why));
  } else {
    const targetResults = await targetChecks(ctx, input);
    checks.push(...targetResults);
    const targetOk = targetResults.every((c) => c.ok);
    if (!targetOk) checks.push(skipped('document', 'the target is not ready'));
    else if (input.probeSession === false)
      checks.push({ id: 'document', ok: true, warning: true, message: 'Not checked (probeSession is off).' });
    else checks.push(await documentCheck(ctx, input, creds.arn));
  }
  const port = await checkLocalPort(input.bind, input.localPort);
  checks.push(
    port.ok
      ? {
          id: 'local-port',
          ok: true,
          message:
            input.localPort === 0
              ? `Any free port on ${input.bind}.`
              : `${input.bind}:${input.localPort} is free.`,
        }
      : fail('local-port', port.error),
  );
  if (creds.check.ok) {
    try {
      const p = await readSessionPreferences(ctx);
      const max =
        p.maxSessionDurationMinutes !== undefined
          ? `, sessions end after ${p.maxSessionDurationMinutes} min`
          : '';
      checks.push({
        id: 'preferences',
        ok: true,
        message: `Idle timeout ${p.idleTimeoutMinutes ?? '?'} min${max}.`,
      });
    } catch (e) {
      const err = toEngineError(e);
      checks.push({
        id: 'preferences',
        ok: true,
        warning: true,
        message: `Session preferences unavailable: ${err.message}`,
      });
    }
  }
  return checks;
}
