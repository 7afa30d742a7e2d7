/**
 * A saved profile: what a user clicks ("prod orders DB"). Validated at every boundary with these
 * schemas. Never holds secrets (no keys, no tokens, no passwords).
 */
import { z } from 'zod';
import { secretProblem } from './secretCheck.js';

/** A text field that refuses secrets (see secretCheck.ts). */
function noSecret<T extends z.ZodString>(schema: T, context: 'text' | 'argv' = 'text') {
  return schema.superRefine((value, ctx) => {
    const problem = secretProblem(value, context);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export const INSTANCE_ID_PATTERN = /^(i-[0-9a-f]{8}([0-9a-f]{9})?|mi-[0-9a-f]{17})$/;

export const PortNumber = z.number().int().min(1, 'port must be 1–65535').max(65535, 'port must be 1–65535');

export const TargetRef = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('instance'),
    instanceId: z
      .string()
      .regex(INSTANCE_ID_PATTERN, 'instance id must look like i-0123456789abcdef0 or mi-…'),
  }),
  /** Resolved at start with DescribeInstanceInformation / EC2 tags; must match exactly one online node. */
  z.object({ kind: z.literal('tag'), key: z.string().min(1).max(128), value: z.string().min(1).max(256) }),
]);
export type TargetRef = z.infer<typeof TargetRef>;

export const PORT_DOCUMENTS = [
  'AWS-StartPortForwardingSession',
  'AWS-StartPortForwardingSessionToRemoteHost',
] as const;
export const PortDocument = z.enum(PORT_DOCUMENTS);
export type PortDocument = z.infer<typeof PortDocument>;

export const Launcher = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('rdp'),
    username: z.string().max(256).optional(),
    fetchWindowsPassword: z.boolean().optional(),
  }),
  /** `{host}` `{port}` `{user}` placeholders; a URL (postgres://, jdbc:, http) or a client command line. */
  z.object({
    kind: z.literal('database'),
    template: noSecret(z.string().min(1).max(2048)),
    user: z.string().max(256).optional(),
  }),
  z.object({ kind: z.literal('url'), template: noSecret(z.string().min(1).max(2048)) }),
  /** argv as a list, spawned without a shell; placeholders allowed in each element. */
  z.object({
    kind: z.literal('command'),
    argv: z
      .array(noSecret(z.string().max(4096), 'argv'))
      .min(1)
      .max(64),
  }),
]);
export type Launcher = z.infer<typeof Launcher>;

/** What the tunnel is for; the tray lists database tunnels first. */
export const ProfileKind = z.enum(['database', 'rdp', 'web', 'ssh', 'other']);
export type ProfileKind = z.infer<typeof ProfileKind>;

export const BindSpec = z.object({
  /** Loopback by default; anything else needs allowNonLoopback and shows a warning. */
  address: z.string().min(1).default('127.0.0.1'),
  /** 0 = auto: any free port, remembered once chosen (rememberedPort). */
  port: z.number().int().min(0).max(65535).default(0),
  rememberedPort: PortNumber.optional(),
  allowNonLoopback: z.boolean().optional(),
});
export type BindSpec = z.infer<typeof BindSpec>;

export const ProfileFields = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  kind: ProfileKind.default('other'),
  group: z.string().max(100).optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).default([]),
  aws: z
    .object({
      profile: z.string().max(256).optional(),
      region: z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region must look like eu-west-1')
        .optional(),
      /** VPC interface endpoint override for the data channel host (ssmmessages). */
      ssmMessagesHost: z.string().max(253).optional(),
    })
    .default({}),
  target: TargetRef,
  document: PortDocument.default('AWS-StartPortForwardingSession'),
  remoteHost: z.string().min(1).max(253).optional(),
  remotePort: PortNumber,
  bind: BindSpec.default({ address: '127.0.0.1', port: 0 }),
  startMode: z.enum(['on-demand', 'eager']).default('on-demand'),
  /** End an idle session after this many seconds without local traffic; restarted on the next connection. */
  idleCloseSeconds: z.number().int().min(10).max(86_400).optional(),
  launcher: Launcher.default({ kind: 'none' }),
  notes: noSecret(z.string().max(10_000)).optional(),
});

export const ProfileInput = ProfileFields.extend({ id: z.string().min(1).max(64).optional() });
export type ProfileInput = z.input<typeof ProfileInput>;

export const Profile = ProfileFields.extend({
  id: z.string().min(1).max(64),
  /** 'catalog:<catalogId>' for read-only profiles from a team catalog. */
  source: z.string().default('personal'),
});
export type Profile = z.infer<typeof Profile>;
