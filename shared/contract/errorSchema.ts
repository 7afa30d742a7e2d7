import { z } from 'zod';
import { ENGINE_ERROR_CODES } from './errors.js';

export const EngineErrorSchema = z.object({
  code: z.enum(ENGINE_ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  needsLogin: z.boolean(),
  hint: z.string().optional(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
