import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../../../../shared/contract/events.js';
import { createEngine, type Engine } from '../../../../../electron/engine/api/engine.js';

let engine: Engine;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-notice-'));
  engine = await createEngine({ dataDir: dir, env: { HOME: dir } });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('engine.notice', () => {
  it('tells the user once when a tunnel fails for good', async () => {
    // A permission error on StartSession is not retryable: the tunnel fails and the user is told.
    engine.simulator?.injectApiError('StartSession', { code: 'AccessDeniedException', status: 400 }, 5);
    const notices: Notice[] = [];
    const got = new Promise<Notice>((resolve) =>
      engine.subscribe('engine.notice', (n) => {
        notices.push(n);
        resolve(n);
      }),
    );
    const saved = await engine.call('profiles.save', {
      name: 'ghost',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 22,
    });
    const id = saved.ok ? (saved.value as { id: string }).id : '';
    const started = await engine.call('tunnels.start', { profileId: id });
    const port = started.ok ? (started.value as { localPort: number }).localPort : 0;
    const sock = connect(port, '127.0.0.1');
    sock.on('error', () => {});
    const n = await got;
    sock.destroy();
    expect(n).toMatchObject({ level: 'error', profileId: id });
    expect(n.message).toContain('ghost');
    expect(notices).toHaveLength(1);
  });
});
