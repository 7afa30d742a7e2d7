/**
 * Launcher settings in the profile editor: what runs after the tunnel is up (RDP client, a database
 * client or URL from a template with {host} {port} {user}, a browser URL, or a command given as one
 * argument per line — spawned without a shell). Plus the profile's group and notes. Validation
 * messages (e.g. "remove the password from the URL") come from the engine, as for every field.
 */
import type { FieldIssue } from '../../shared/contract/api.js';
import type { Launcher, Profile } from '../../shared/model/profile.js';

export interface LauncherDraft {
  kind: Launcher['kind'];
  username: string;
  fetchWindowsPassword: boolean;
  template: string;
  user: string;
  argvText: string;
  group: string;
  notes: string;
}

export function toLauncherDraft(p: Profile | undefined): LauncherDraft {
  const l = p?.launcher ?? { kind: 'none' };
  return {
    kind: l.kind,
    username: l.kind === 'rdp' ? (l.username ?? '') : '',
    fetchWindowsPassword: l.kind === 'rdp' ? l.fetchWindowsPassword === true : false,
    template: l.kind === 'database' || l.kind === 'url' ? l.template : '',
    user: l.kind === 'database' ? (l.user ?? '') : '',
    argvText: l.kind === 'command' ? l.argv.join('\n') : '',
    group: p?.group ?? '',
    notes: p?.notes ?? '',
  };
}

/** The profile fields this draft sets (launcher, group, notes). */
export function fromLauncherDraft(d: LauncherDraft): Pick<Profile, 'launcher'> & {
  group?: string;
  notes?: string;
} {
  const launcher: Launcher =
    d.kind === 'rdp'
      ? {
          kind: 'rdp',
          ...(d.username.trim() ? { username: d.username.trim() } : {}),
          ...(d.fetchWindowsPassword ? { fetchWindowsPassword: true } : {}),
        }
      : d.kind === 'database'
        ? { kind: 'database', template: d.template, ...(d.user.trim() ? { user: d.user.trim() } : {}) }
        : d.kind === 'url'
          ? { kind: 'url', template: d.template }
          : d.kind === 'command'
            ? { kind: 'command', argv: d.argvText.split('\n').filter((a) => a !== '') }
            : { kind: 'none' };
  return {
    launcher,
    ...(d.group.trim() ? { group: d.group.trim() } : {}),
    ...(d.notes.trim() ? { notes: d.notes } : {}),
  };
}

const KIND_LABEL: Record<Launcher['kind'], string> = {
  none: 'nothing',
  rdp: 'Remote Desktop client',
  database: 'database client or connection URL',
  url: 'browser URL',
  command: 'custom command',
};

export function LauncherFields(props: {
  draft: LauncherDraft;
  issues: readonly FieldIssue[];
  onChange: (d: LauncherDraft) => void;
}) {
  const { draft: d, onChange } = props;
  const issue = (prefix: string): string | undefined =>
    props.issues.find((i) => i.path === prefix || i.path.startsWith(`${prefix}.`))?.message;
  const text = (
    label: string,
    key: 'username' | 'template' | 'user' | 'group',
    placeholder: string,
    error?: string,
  ) => (
    <label className="field">
      <span>{label}</span>
      <input
        data-testid={`launcher-${key}`}
        value={d[key]}
        placeholder={placeholder}
        aria-invalid={error !== undefined}
        aria-describedby={error ? `err-launcher-${key}` : undefined}
        onChange={(e) => onChange({ ...d, [key]: e.target.value })}
      />
      {error ? (
        <span className="field-error" id={`err-launcher-${key}`} data-testid={`error-launcher-${key}`}>
          {error}
        </span>
      ) : null}
    </label>
  );
  const templateError = issue('launcher.template');
  const argvError = issue('launcher.argv') ?? issue('launcher');
  const notesError = issue('notes');
  return (
    <fieldset className="launcher grid" data-testid="launcher-fields">
      <legend>After the tunnel is up</legend>
      <label className="field">
        <span>Launch</span>
        <select
          data-testid="launcher-kind"
          value={d.kind}
          onChange={(e) => onChange({ ...d, kind: e.target.value as Launcher['kind'] })}
        >
          {(Object.keys(KIND_LABEL) as Launcher['kind'][]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      {text('Group', 'group', 'production')}
      {d.kind === 'rdp' ? (
        <>
          {text('Windows user', 'username', 'Administrator')}
          <label className="field checkbox">
            <input
              type="checkbox"
              data-testid="launcher-fetchWindowsPassword"
              checked={d.fetchWindowsPassword}
              onChange={(e) => onChange({ ...d, fetchWindowsPassword: e.target.checked })}
            />
            <span>Fetch the Administrator password (asks for your key file at launch; never stored)</span>
          </label>
        </>
      ) : null}
      {d.kind === 'database' || d.kind === 'url' ? (
        <>
          {text(
            'Template ({host} {port} {user})',
            'template',
            d.kind === 'database' ? 'postgres://{user}@{host}:{port}/orders' : 'http://{host}:{port}/',
            templateError,
          )}
          {d.kind === 'database' ? text('Database user', 'user', 'app') : null}
        </>
      ) : null}
      {d.kind === 'command' ? (
        <label className="field wide">
          <span>
            Command, one argument per line (no shell; {'{host}'} {'{port}'} allowed)
          </span>
          <textarea
            data-testid="launcher-argv"
            rows={4}
            value={d.argvText}
            placeholder={'psql\n-h\n{host}\n-p\n{port}'}
            aria-invalid={argvError !== undefined}
            onChange={(e) => onChange({ ...d, argvText: e.target.value })}
          />
          {argvError ? (
            <span className="field-error" data-testid="error-launcher-argv">
              {argvError}
            </span>
          ) : null}
        </label>
      ) : null}
      <label className="field wide">
        <span>Notes</span>
        <textarea
          data-testid="launcher-notes"
          rows={2}
          value={d.notes}
          aria-invalid={notesError !== undefined}
          onChange={(e) => onChange({ ...d, notes: e.target.value })}
        />
        {notesError ? (
          <span className="field-error" data-testid="error-launcher-notes">
            {notesError}
          </span>
        ) : null}
      </label>
    </fieldset>
  );
}
