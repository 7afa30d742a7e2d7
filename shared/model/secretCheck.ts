/**
 * Profiles never hold secrets (they are exported, shared through catalogs and shown in the UI), so
 * text fields refuse what is plainly one: a password inside a URL (`scheme://user:pass@host`, or a
 * `password=` query parameter), a password flag in a command line, an AWS access key id, or a
 * PEM private key. The message says where the secret belongs instead. Placeholders such as
 * `{user}` are never secrets.
 */

const URL_USERINFO_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:?#]+:[^\s/@?#]+@/i;
const QUERY_PASSWORD = /[?&;](password|passwd|pwd|secret|token|access_token)=(?!\{)[^&;#\s]+/i;
const PASSWORD_FLAG = /^--?(password|passwd|pwd|secret|token)(=.*)?$/i;
const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

const WHERE =
  'Profiles are shared and exported, so they never hold secrets: let the client ask for the password (or use ~/.pgpass, a credential manager or your AWS config).';

/** Why `text` looks like it holds a secret, or undefined. */
export function secretProblem(text: string, context: 'text' | 'argv' = 'text'): string | undefined {
  if (URL_USERINFO_PASSWORD.test(text)) return `remove the password from the URL. ${WHERE}`;
  if (QUERY_PASSWORD.test(text)) return `remove the password parameter. ${WHERE}`;
  if (context === 'argv' && PASSWORD_FLAG.test(text)) return `remove the password argument. ${WHERE}`;
  if (AWS_ACCESS_KEY_ID.test(text)) return `remove the AWS access key. ${WHERE}`;
  if (PEM_PRIVATE_KEY.test(text)) return `remove the private key. ${WHERE}`;
  return undefined;
}
