/** IPC channel names are derived from the contract, never typed by hand (architecture §9.3). */
import type { MethodName } from './api.js';
import type { EventName } from './events.js';

export const CHANNEL_PREFIX = 'bl:';
export const methodChannel = (m: MethodName): string => `${CHANNEL_PREFIX}call:${m}`;
export const eventChannel = (e: EventName): string => `${CHANNEL_PREFIX}event:${e}`;
export const SUBSCRIBE_CHANNEL = `${CHANNEL_PREFIX}subscribe`;
