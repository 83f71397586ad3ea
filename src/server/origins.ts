// Which Host headers and page origins the web shell accepts. A page from another origin must
// not drive the engine (it starts processes on this machine), and a Host header naming some
// other domain is a DNS-rebinding attempt. Runs in the Node web server.

import { isIP } from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::']);

/** Whether `host` means every interface of this machine. */
export function isWildcard(host: string): boolean {
  return WILDCARD.has(host);
}

/** Splits "name:port" / "[v6]:port" into its parts; null when malformed. */
function parseHostHeader(value: string): { name: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return null;
  return { name: match[1]!.replace(/^\[|\]$/g, '').toLowerCase(), port: Number(match[2]) };
}

/**
 * A Host header is accepted when it carries our port and names loopback, the address we bound,
 * or (bound to every interface) a literal IP address: rebinding needs a domain name.
 */
export function isAllowedHost(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  const parsed = hostHeader ? parseHostHeader(hostHeader) : null;
  if (!parsed || parsed.port !== port) return false;
  if (LOOPBACK.has(parsed.name)) return true;
  if (parsed.name === boundHost.toLowerCase()) return true;
  return WILDCARD.has(boundHost) && isIP(parsed.name) !== 0;
}

/** A WebSocket is accepted only from a page this server served: Origin = http://<Host>. */
export function isAllowedOrigin(
  origin: string | undefined,
  hostHeader: string | undefined,
  boundHost: string,
  port: number,
): boolean {
  if (!origin || !isAllowedHost(hostHeader, boundHost, port)) return false;
  return origin.toLowerCase() === `http://${hostHeader!.toLowerCase()}`;
}
