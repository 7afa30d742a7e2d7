/**
 * Local listeners bind to loopback by default; any other address needs an explicit setting
 * (issue "Reliability and security: local attack surface"). Real sockets on 127.0.0.1 only — the
 * non-loopback cases must be refused before anything is bound.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ProfileInput } from '../../../shared/model/profile.js';
import { isLoopbackAddress, listenLocal } from '../../../electron/engine/tunnel/localListener.js';

describe('tunnel listeners are loopback-only by default', () => {
  it('a profile without a bind address binds 127.0.0.1', () => {
    const p = ProfileInput.parse({
      name: 'db',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 5432,
    });
    expect(p.bind.address).toBe('127.0.0.1');
    expect(p.bind.allowNonLoopback).toBeUndefined();
  });

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.10',
    '10.0.0.1',
    '::ffff:0.0.0.0',
    '127.0.0.1.example.com',
    ' 127.0.0.1',
    '128.0.0.1',
  ])('refuses %j without allowNonLoopback, before binding anything', async (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
    let connections = 0;
    await expect(listenLocal({ address, port: 0 }, () => connections++)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('non-loopback') as unknown,
    });
    await expect(
      listenLocal({ address, port: 0, allowNonLoopback: false }, () => connections++),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('binds loopback and accepts a local connection', async () => {
    const l = await listenLocal({ address: '127.0.0.1', port: 0 }, (s) => s.end('hi'));
    try {
      expect(l.address).toBe('127.0.0.1');
      const got = await new Promise<string>((resolve, reject) => {
        const c = net.connect(l.port, '127.0.0.1');
        let s = '';
        c.setEncoding('utf8').on('data', (d: string) => (s += d));
        c.on('end', () => resolve(s));
        c.on('error', reject);
      });
      expect(got).toBe('hi');
    } finally {
      await l.close();
    }
  });
});
