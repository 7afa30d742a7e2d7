/**
 * Parameter Store subset: GetParametersByPath (Recursive, WithDecryption, MaxResults 1..10,
 * NextToken; AccessDeniedException under denied prefixes), GetParameter and PutParameter.
 */
import type { SsmContext } from '../context.js';
import { epochSeconds, num, pageOf, requireStr, SsmError, str } from '../jsonRpc.js';

function checkAccess(ctx: SsmContext, name: string, action: string): void {
  if (ctx.deniedParameterPaths().some((p) => name === p || name.startsWith(p.endsWith('/') ? p : `${p}/`)))
    throw new SsmError(
      'AccessDeniedException',
      `User: arn:aws:iam::123456789012:user/simuser is not authorized to perform: ssm:${action} on resource: arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
    );
}

function view(ctx: SsmContext, name: string): Record<string, unknown> {
  const p = ctx.parameters.get(name)!;
  return {
    Name: name,
    Type: p.type,
    Value: p.value,
    Version: p.version,
    LastModifiedDate: epochSeconds(p.modifiedAt),
    ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`,
    DataType: 'text',
  };
}

export function getParametersByPath(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const path = requireStr(input, 'Path');
  if (!path.startsWith('/')) throw new SsmError('ValidationException', 'Path must start with /');
  checkAccess(ctx, path, 'GetParametersByPath');
  const max = num(input, 'MaxResults') ?? 10;
  if (max < 1 || max > 10) throw new SsmError('ValidationException', 'MaxResults must be 1..10');
  const recursive = input['Recursive'] === true;
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const names = [...ctx.parameters.keys()]
    .filter((n) => n.startsWith(prefix) && (recursive || !n.slice(prefix.length).includes('/')))
    .sort();
  const { page, next } = pageOf(names, str(input, 'NextToken'), max);
  return { Parameters: page.map((n) => view(ctx, n)), ...(next !== undefined ? { NextToken: next } : {}) };
}

export function getParameter(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const name = requireStr(input, 'Name');
  checkAccess(ctx, name, 'GetParameter');
  if (!ctx.parameters.has(name)) throw new SsmError('ParameterNotFound', `Parameter ${name} not found.`);
  return { Parameter: view(ctx, name) };
}

export function putParameter(input: Record<string, unknown>, ctx: SsmContext): unknown {
  const name = requireStr(input, 'Name');
  const value = requireStr(input, 'Value');
  checkAccess(ctx, name, 'PutParameter');
  const existing = ctx.parameters.get(name);
  if (existing !== undefined && input['Overwrite'] !== true)
    throw new SsmError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  const version = (existing?.version ?? 0) + 1;
  ctx.parameters.set(name, {
    value,
    version,
    modifiedAt: Date.now(),
    type: str(input, 'Type') ?? existing?.type ?? 'String',
  });
  return { Version: version, Tier: 'Standard' };
}
