/**
 * "Copy to my profiles": a catalog profile becomes an ordinary personal profile the user can edit.
 * New id (the store assigns one), source personal, no remembered port; the name gets " (copy)",
 * " (copy 2)", … when a personal profile already uses it, and a fixed local port another personal
 * profile binds becomes auto (0), so the copy always saves and never silently shadows anything.
 */
import type { Profile, ProfileInput } from '../../../shared/model/profile.js';

const NAME_MAX = 100;

export function uniqueName(name: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = `${name.slice(0, NAME_MAX - suffix.length)}${suffix}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

export function personalCopy(p: Profile, personal: readonly Profile[]): ProfileInput {
  const { id: _id, source: _source, bind, ...rest } = p;
  const { rememberedPort: _remembered, ...keptBind } = bind;
  const portTaken =
    keptBind.port !== 0 &&
    personal.some((o) => o.bind.port === keptBind.port && o.bind.address === keptBind.address);
  return {
    ...rest,
    name: uniqueName(
      p.name,
      personal.map((o) => o.name),
    ),
    bind: portTaken ? { ...keptBind, port: 0 } : keptBind,
  };
}
