/**
 * Session documents the simulator knows (§1.3): parameters with defaults, and how StartSession's
 * Parameters resolve into the properties the agent puts in its HandshakeRequest. GetDocument for the
 * Session Manager preferences document `SSM-SessionManagerRunShell` (idle timeout / max duration).
 */
import { PORT_DOCUMENT, REMOTE_PORT_DOCUMENT, SHELL_DOCUMENT, SSH_DOCUMENT } from '../../instances.js';
import { requireStr, SsmError } from '../jsonRpc.js';
import type { SsmContext } from '../context.js';

/** Resolved `properties` for a port document; throws InvalidDocument / ValidationException. */
export function resolvePortProperties(documentName: string, parameters: unknown): Record<string, string> {
  const params = (typeof parameters === 'object' && parameters !== null ? parameters : {}) as Record<
    string,
    unknown
  >;
  const first = (k: string, dflt: string | undefined): string | undefined => {
    const v = params[k];
    return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : dflt;
  };
  if (documentName === SSH_DOCUMENT) {
    // No `type`: the agent uses basic mode with sshd semantics, the plugin standard-stream (§1.3).
    const port = first('portNumber', '22')!;
    if (!/^\d{1,5}$/.test(port))
      throw new SsmError('ValidationException', `portNumber ${port} is not a valid port`);
    return { portNumber: port };
  }
  const base = {
    portNumber: first('portNumber', '80')!,
    localPortNumber: first('localPortNumber', '0')!,
    type: 'LocalPortForwarding',
  };
  if (!/^\d{1,5}$/.test(base.portNumber) || Number(base.portNumber) > 65535)
    throw new SsmError('ValidationException', `portNumber ${base.portNumber} is not a valid port`);
  if (documentName === PORT_DOCUMENT) return base;
  if (documentName === REMOTE_PORT_DOCUMENT) {
    const host = first('host', undefined);
    if (host === undefined || host.length === 0)
      throw new SsmError(
        'ValidationException',
        'Parameter "host" is required by document AWS-StartPortForwardingSessionToRemoteHost',
      );
    return { ...base, host };
  }
  throw new SsmError('InvalidDocument', `Document ${documentName} is not supported by this target.`);
}

function minutes(v: number | undefined): string {
  return v === undefined ? '' : String(v);
}

export function getDocument(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const name = requireStr(input, 'Name');
  const prefs = ctx.sessionPreferences();
  let content: unknown;
  if (name === SHELL_DOCUMENT) {
    content = {
      schemaVersion: '1.0',
      description: 'Document to hold regional settings for Session Manager',
      sessionType: 'Standard_Stream',
      inputs: {
        s3BucketName: '',
        s3KeyPrefix: '',
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: '',
        cloudWatchEncryptionEnabled: true,
        idleSessionTimeout: minutes(prefs.idleTimeoutMinutes ?? 20),
        maxSessionDuration: minutes(prefs.maxSessionDurationMinutes),
        kmsKeyId: '',
        runAsEnabled: false,
        runAsDefaultUser: '',
        shellProfile: { windows: '', linux: '' },
      },
    };
  } else if (name === PORT_DOCUMENT || name === REMOTE_PORT_DOCUMENT) {
    const remote = name === REMOTE_PORT_DOCUMENT;
    content = {
      schemaVersion: '1.0',
      description: remote
        ? 'Document to start port forwarding session over Session Manager to a remote host'
        : 'Document to start port forwarding session over Session Manager',
      sessionType: 'Port',
      parameters: {
        ...(remote
          ? {
              host: {
                type: 'String',
                description: '(Required) The IP address or host name of the remote host',
              },
            }
          : {}),
        portNumber: {
          type: 'String',
          description: '(Optional) Port number of the server on the instance',
          allowedPattern:
            '^([1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$',
          default: '80',
        },
        localPortNumber: {
          type: 'String',
          description: '(Optional) Port number on local machine to forward traffic to',
          allowedPattern:
            '^([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$',
          default: '0',
        },
      },
      properties: {
        ...(remote ? { host: '{{ host }}' } : {}),
        portNumber: '{{ portNumber }}',
        type: 'LocalPortForwarding',
        localPortNumber: '{{ localPortNumber }}',
      },
    };
  } else {
    throw new SsmError('InvalidDocument', 'The specified document does not exist.');
  }
  return {
    Name: name,
    DocumentVersion: '1',
    Status: 'Active',
    Content: JSON.stringify(content),
    DocumentType: 'Session',
    DocumentFormat: 'JSON',
  };
}
