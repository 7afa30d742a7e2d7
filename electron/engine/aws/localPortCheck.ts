/**
 * Can we listen on bind:port? Tries a real listen (the only reliable answer) and closes at once.
 * PORT_IN_USE names the holding process when the OS tells (portHolder.ts).
 */
import { createServer } from 'node:net';
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import { findPortHolder } from './portHolder.js';

export async function checkLocalPort(
  bind: string,
  port: number,
): Promise<{ ok: true } | { ok: false; error: EngineError }> {
  if (port === 0) return { ok: true };
  const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    srv.listen({ host: bind, port, exclusive: true }, () => srv.close(() => resolve(undefined)));
  });
  if (err === undefined) return { ok: true };
  if (err.code === 'EADDRINUSE') {
    const holder = await findPortHolder(port);
    const who = holder !== undefined ? ` by ${holder.command} (pid ${holder.pid})` : '';
    return {
      ok: false,
      error: engineError('PORT_IN_USE', `Local port ${bind}:${port} is already in use${who}.`, {
        hint:
          holder !== undefined
            ? `Stop ${holder.command} (pid ${holder.pid}) or pick another local port (0 = any free port).`
            : 'Pick another local port (0 = any free port), or stop the program using it.',
        detail: { port, bind, ...(holder !== undefined ? { pid: holder.pid, process: holder.command } : {}) },
      }),
    };
  }
  if (err.code === 'EACCES')
    return {
      ok: false,
      error: engineError('BIND_FAILED', `Not allowed to listen on ${bind}:${port}.`, {
        hint: 'Ports below 1024 need administrator rights; use a port above 1024.',
        detail: { port, bind },
      }),
    };
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
    return {
      ok: false,
      error: engineError('BIND_FAILED', `${bind} is not an address of this machine.`, {
        hint: 'Use 127.0.0.1 (or ::1), or an address of one of your network interfaces.',
        detail: { port, bind },
      }),
    };
  return { ok: false, error: engineError('BIND_FAILED', `Cannot listen on ${bind}:${port}: ${err.message}`) };
}
