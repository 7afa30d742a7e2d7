import { useEffect, useRef, useState } from 'react';
import type { FieldIssue, ManagedNode } from '../../shared/contract/api.js';
import type { Profile, ProfileInput } from '../../shared/model/profile.js';
import type { EngineClient } from '../api/engineClient.js';
import { fromLauncherDraft, LauncherFields, toLauncherDraft, type LauncherDraft } from './LauncherFields.js';
import { TargetPicker } from './TargetPicker.js';
import { WindowsPassword } from './WindowsPassword.js';

interface Form {
  name: string;
  kind: string;
  instanceId: string;
  remoteHost: string;
  remotePort: string;
  bindAddress: string;
  bindPort: string;
  startMode: string;
  awsProfile: string;
  region: string;
}

function toForm(p: Profile | undefined): Form {
  return {
    name: p?.name ?? '',
    kind: p?.kind ?? 'database',
    instanceId: p?.target.kind === 'instance' ? p.target.instanceId : '',
    remoteHost: p?.remoteHost ?? '',
    remotePort: p ? String(p.remotePort) : '',
    bindAddress: p?.bind.address ?? '127.0.0.1',
    bindPort: p ? String(p.bind.port) : '0',
    startMode: p?.startMode ?? 'on-demand',
    awsProfile: p?.aws.profile ?? '',
    region: p?.aws.region ?? '',
  };
}

/**
 * The form over the saved profile: fields this dialog does not show (tags, idle timeout…) are kept,
 * not reset, when an existing profile is edited.
 */
function toInput(f: Form, launcher: LauncherDraft, existing: Profile | undefined): ProfileInput {
  const {
    source: _source,
    remoteHost: _remoteHost,
    group: _group,
    notes: _notes,
    ...kept
  } = existing ?? { source: undefined, remoteHost: undefined, group: undefined, notes: undefined };
  return {
    ...kept,
    ...fromLauncherDraft(launcher),
    name: f.name,
    kind: f.kind as Profile['kind'],
    target: { kind: 'instance', instanceId: f.instanceId.trim() },
    document: f.remoteHost.trim()
      ? 'AWS-StartPortForwardingSessionToRemoteHost'
      : 'AWS-StartPortForwardingSession',
    ...(f.remoteHost.trim() ? { remoteHost: f.remoteHost.trim() } : {}),
    remotePort: Number(f.remotePort),
    bind: { address: f.bindAddress.trim(), port: Number(f.bindPort || '0') },
    startMode: f.startMode as Profile['startMode'],
    aws: { ...(f.awsProfile ? { profile: f.awsProfile } : {}), ...(f.region ? { region: f.region } : {}) },
  };
}

const FIELD_OF: Record<string, keyof Form> = {
  name: 'name',
  'target.instanceId': 'instanceId',
  remotePort: 'remotePort',
  remoteHost: 'remoteHost',
  'bind.port': 'bindPort',
  'bind.address': 'bindAddress',
  'aws.region': 'region',
};

export function ProfileDialog(props: {
  client: EngineClient;
  profile: Profile | undefined;
  onClose: () => void;
}) {
  const { client } = props;
  const [form, setForm] = useState<Form>(() => toForm(props.profile));
  const [launcher, setLauncher] = useState<LauncherDraft>(() => toLauncherDraft(props.profile));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [nodes, setNodes] = useState<ManagedNode[]>([]);
  const [saveError, setSaveError] = useState<string | undefined>();
  const [login, setLogin] = useState<
    { state: 'waiting' } | { state: 'done' } | { state: 'failed'; message: string } | undefined
  >();
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    first.current?.focus();
    void client.call('targets.list', {}).then((r) => r.ok && setNodes(r.value));
  }, [client]);

  useEffect(() => {
    let live = true;
    void client.call('profiles.validate', toInput(form, launcher, props.profile)).then((r) => {
      if (live && r.ok) setIssues(r.value.issues);
    });
    return () => {
      live = false;
    };
  }, [client, form, launcher, props.profile]);

  // "Get password" for Windows targets: an RDP profile, or a target discovery reports as Windows.
  const windowsTarget =
    form.kind === 'rdp' ||
    props.profile?.launcher.kind === 'rdp' ||
    nodes.some((n) => n.instanceId === form.instanceId.trim() && n.platformType === 'Windows');

  const issueFor = (field: keyof Form): string | undefined =>
    issues.find((i) => FIELD_OF[i.path] === field || (field === 'instanceId' && i.path.startsWith('target')))
      ?.message;
  const set = (field: keyof Form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [field]: e.target.value });

  const field = (
    label: string,
    name: keyof Form,
    extra: { type?: string; list?: string; placeholder?: string } = {},
  ) => {
    const msg = form[name] !== '' || name === 'bindPort' ? issueFor(name) : undefined;
    return (
      <label className="field">
        <span>{label}</span>
        <input
          ref={name === 'name' ? first : undefined}
          data-testid={`field-${name}`}
          value={form[name]}
          onChange={set(name)}
          aria-invalid={msg !== undefined}
          aria-describedby={msg ? `err-${name}` : undefined}
          {...extra}
        />
        {msg ? (
          <span className="field-error" id={`err-${name}`} data-testid={`error-${name}`}>
            {msg}
          </span>
        ) : null}
      </label>
    );
  };

  // SSO sign-in for the profile's AWS profile: the engine shows the device code as a prompt
  // (PromptDialog) and resolves once the user approved it in the browser.
  const signIn = async (): Promise<void> => {
    setLogin({ state: 'waiting' });
    const r = await client.call(
      'aws.login',
      form.awsProfile.trim() ? { awsProfile: form.awsProfile.trim() } : {},
    );
    setLogin(r.ok ? { state: 'done' } : { state: 'failed', message: r.error.message });
  };

  const save = async (): Promise<void> => {
    const r = await client.call('profiles.save', toInput(form, launcher, props.profile));
    if (r.ok) props.onClose();
    else setSaveError(r.error.message);
  };

  return (
    <div className="backdrop" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="profile-dialog-title"
        data-testid="profile-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="profile-dialog-title">
          {props.profile ? `Edit ${props.profile.name}` : 'New tunnel profile'}
        </h2>
        <div className="grid">
          {field('Name', 'name', { placeholder: 'prod orders DB' })}
          <label className="field">
            <span>Kind</span>
            <select data-testid="field-kind" value={form.kind} onChange={set('kind')}>
              {['database', 'rdp', 'web', 'ssh', 'other'].map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <TargetPicker
            nodes={nodes}
            selected={form.instanceId.trim()}
            onPick={(n) => setForm({ ...form, instanceId: n.instanceId })}
          />
          {field('Target instance', 'instanceId', { placeholder: 'i-0123456789abcdef0' })}
          {field('Remote host (optional)', 'remoteHost', { placeholder: 'db.internal' })}
          {field('Remote port', 'remotePort', { type: 'number' })}
          {field('Local address', 'bindAddress')}
          <div className="field-row">
            {field('Local port (0 = auto)', 'bindPort', { type: 'number' })}
            <button
              type="button"
              data-testid="suggest-port"
              onClick={() =>
                void client
                  .call('ports.suggest', { address: form.bindAddress })
                  .then((r) => r.ok && setForm({ ...form, bindPort: String(r.value.port) }))
              }
            >
              Suggest free port
            </button>
          </div>
          <label className="field">
            <span>Start</span>
            <select data-testid="field-startMode" value={form.startMode} onChange={set('startMode')}>
              <option value="on-demand">on first connection</option>
              <option value="eager">immediately</option>
            </select>
          </label>
          <div className="field-row">
            {field('AWS profile', 'awsProfile', { placeholder: 'default' })}
            <button
              type="button"
              data-testid="aws-login"
              title="Sign in to AWS IAM Identity Center (SSO) for this AWS profile"
              disabled={login?.state === 'waiting'}
              onClick={() => void signIn()}
            >
              {login?.state === 'waiting' ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
          {field('Region', 'region', { placeholder: 'eu-west-1' })}
        </div>
        <LauncherFields draft={launcher} issues={issues} onChange={setLauncher} />
        {login !== undefined && login.state !== 'waiting' ? (
          <p
            className={login.state === 'done' ? 'hint' : 'error'}
            role="status"
            data-testid="aws-login-status"
          >
            {login.state === 'done' ? 'Signed in to AWS.' : login.message}
          </p>
        ) : null}
        {props.profile && windowsTarget ? (
          <WindowsPassword client={client} profileId={props.profile.id} />
        ) : null}
        {saveError ? (
          <p className="error" role="alert">
            {saveError}
          </p>
        ) : null}
        <div className="buttons">
          {props.profile ? (
            <button
              type="button"
              className="danger"
              onClick={() =>
                void client.call('profiles.delete', { profileId: props.profile!.id }).then(props.onClose)
              }
            >
              Delete
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="save-profile" disabled={issues.length > 0}>
            Save
          </button>
        </div>
      </form>
    </div>
  );
}
