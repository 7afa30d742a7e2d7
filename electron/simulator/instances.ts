/** The managed nodes a fresh simulator knows about. */
import type { SimInstance } from './types.js';

export const PORT_DOCUMENT = 'AWS-StartPortForwardingSession';
export const REMOTE_PORT_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';
/** Opt-in via SimInstance.allowedDocuments: basic mode with "sshd semantics" (§8.4). */
export const SSH_DOCUMENT = 'AWS-StartSSHSession';
export const SHELL_DOCUMENT = 'SSM-SessionManagerRunShell';
export const DEFAULT_ALLOWED_DOCUMENTS: readonly string[] = [PORT_DOCUMENT, REMOTE_PORT_DOCUMENT];

export const DEFAULT_INSTANCES: SimInstance[] = [
  {
    instanceId: 'i-0123456789abcdef0',
    name: 'web-1',
    computerName: 'ip-10-0-1-10.ec2.internal',
    platformType: 'Linux',
    platformName: 'Amazon Linux',
    pingStatus: 'Online',
    agentVersion: '3.3.1142.0',
    ipAddress: '10.0.1.10',
    tags: { Name: 'web-1', env: 'dev', team: 'storefront' },
  },
  {
    // ≤ 3.0.196.0: the plugin and the agent both use basic (non-mux) port forwarding (§8.1).
    instanceId: 'i-0aaaaaaaaaaaaaaa1',
    name: 'legacy-basic',
    computerName: 'ip-10-0-1-11.ec2.internal',
    platformType: 'Linux',
    platformName: 'Amazon Linux',
    pingStatus: 'Online',
    agentVersion: '3.0.196.0',
    ipAddress: '10.0.1.11',
    tags: { Name: 'legacy-basic', env: 'dev', team: 'platform' },
  },
  {
    instanceId: 'i-0bbbbbbbbbbbbbbb2',
    name: 'win-rdp',
    computerName: 'EC2AMAZ-WIN1',
    platformType: 'Windows',
    platformName: 'Microsoft Windows Server 2022 Datacenter',
    pingStatus: 'Online',
    agentVersion: '3.3.1142.0',
    ipAddress: '10.0.1.12',
    tags: { Name: 'win-rdp', env: 'prod', team: 'finance' },
  },
  {
    instanceId: 'i-0ccccccccccccccc3',
    name: 'offline',
    computerName: 'ip-10-0-1-13.ec2.internal',
    platformType: 'Linux',
    platformName: 'Ubuntu',
    pingStatus: 'ConnectionLost',
    agentVersion: '3.3.1142.0',
    ipAddress: '10.0.1.13',
    tags: { Name: 'offline', env: 'dev', team: 'platform' },
  },
];
