// Who may use the web shell. A secret made at each start goes into the address `lanes web`
// prints; a page presenting it gets a session cookie, and only a request carrying that cookie
// (or the secret itself, once, to log in) is served. Runs in the Node web server.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../core/contract';

/** What a client may do: an `operator` drives the engine, a `viewer` only follows it (roles.ts). */
export type { Role };

/** 24 random bytes: 192 bits, far beyond guessing over a socket; 48 hex characters fit a URL. */
const SECRET_BYTES = 24;

interface Grant {
  role: Role;
  /** Shown once, in the printed URL; traded for the session. */
  token: string;
  /** The cookie's value: a second secret, so the URL's token never sits in a cookie jar. */
  session: string;
}

export interface Access {
  /** False for `--no-token`: every client is an operator. */
  readonly locked: boolean;
  /** The login token for a role (what the URL carries); null when not locked. */
  tokenFor(role: Role): string | null;
  /** The cookie value that proves a role; null when not locked. */
  sessionFor(role: Role): string | null;
  /** The role a presented login token grants, or null. */
  byToken(presented: string): Role | null;
  /** The role a presented session cookie proves, or null. */
  bySession(presented: string | undefined): Role | null;
}

/** Equal-length digests compared in constant time: neither length nor content leaks by timing. */
function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Checks every grant, without stopping at a match, so the time taken names no role. */
function find(grants: Grant[], presented: string, field: 'token' | 'session'): Role | null {
  let found: Role | null = null;
  for (const grant of grants) if (sameSecret(presented, grant[field]) && found === null) found = grant.role;
  return found;
}

/**
 * Fresh secrets for each role, made at each start and never stored; each role has its own, so a
 * viewer's address never grants more than viewing.
 */
export function lockedAccess(roles: readonly Role[] = ['operator']): Access {
  const grants: Grant[] = roles.map((role) => ({
    role,
    token: randomBytes(SECRET_BYTES).toString('hex'),
    session: randomBytes(SECRET_BYTES).toString('base64url'),
  }));
  const grant = (role: Role): Grant | undefined => grants.find((g) => g.role === role);
  return {
    locked: true,
    tokenFor: (role) => grant(role)?.token ?? null,
    sessionFor: (role) => grant(role)?.session ?? null,
    byToken: (presented) => find(grants, presented, 'token'),
    bySession: (presented) => (presented === undefined ? null : find(grants, presented, 'session')),
  };
}

/** `lanes web --no-token`: anyone who reaches the port is an operator. Unsafe; the CLI says so. */
export function openAccess(): Access {
  return {
    locked: false,
    tokenFor: () => null,
    sessionFor: () => null,
    byToken: () => 'operator',
    bySession: () => 'operator',
  };
}
