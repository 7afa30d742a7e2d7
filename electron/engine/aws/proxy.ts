/**
 * Proxy selection from the environment, curl-style: HTTPS_PROXY / https_proxy for https:// and wss://
 * URLs, HTTP_PROXY / http_proxy for http:// and ws://, NO_PROXY / no_proxy (comma list of hosts,
 * `.suffix`, `*`) excludes. The agent tunnels with CONNECT (https-proxy-agent), which serves both the
 * SDK's HTTP requests and the data-channel WebSocket upgrade.
 */
import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';

function pick(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

export function proxyUrlFor(targetUrl: string, env: NodeJS.ProcessEnv): string | undefined {
  let target: URL;
  try {
    target = new URL(targetUrl);
  } catch {
    return undefined;
  }
  const secure = target.protocol === 'https:' || target.protocol === 'wss:';
  const proxy = secure ? pick(env, 'HTTPS_PROXY', 'https_proxy') : pick(env, 'HTTP_PROXY', 'http_proxy');
  if (proxy === undefined) return undefined;
  const noProxy = pick(env, 'NO_PROXY', 'no_proxy');
  if (noProxy !== undefined) {
    const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    for (const raw of noProxy.split(',')) {
      const entry = raw.trim().toLowerCase().replace(/:\d+$/, '');
      if (entry === '') continue;
      if (entry === '*') return undefined;
      const bare = entry.replace(/^\*?\./, '');
      if (host === bare || host.endsWith(`.${bare}`)) return undefined;
    }
  }
  return /^[a-z]+:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

const agents = new Map<string, Agent>();

/** One shared agent per proxy URL (keep-alive connections to the proxy are reused). */
export function proxyAgentFor(targetUrl: string, env: NodeJS.ProcessEnv): Agent | undefined {
  const proxy = proxyUrlFor(targetUrl, env);
  if (proxy === undefined) return undefined;
  let agent = agents.get(proxy);
  if (agent === undefined) {
    agent = new HttpsProxyAgent(proxy);
    agents.set(proxy, agent);
  }
  return agent;
}
