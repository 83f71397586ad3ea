// What each role may do at the web shell: which commands it may call, how many of it may be
// connected, how far behind it may fall before it is dropped, and where it may come from.
// Runs in the Node web server (server.ts and fanout.ts ask it).

import { isIPv4 } from 'node:net';
import { VIEWER_MAY_CALL, type Result, type Role } from '../core/contract';
import { err } from '../core/validate';

/**
 * Operators: more windows than a projector and a few desks need. Viewers: a large class, each on
 * their own screen. Each client costs a copy of every event batch on the wire, so an unbounded
 * number would let one sender exhaust memory and CPU; the two are counted apart, so a full class
 * never locks the presenter out.
 */
export const MAX_CLIENTS: Readonly<Record<Role, number>> = { operator: 32, viewer: 100 };

/**
 * A client this far behind is too slow to follow a live run: it is dropped rather than buffered
 * for. A viewer's bound is smaller because there may be a hundred of them (100 × 2 MiB at worst):
 * at the nominal load of 200 events/s it is over a minute of the run, during a 10,000 events/s
 * burst about two seconds. A dropped page reconnects and catches up from the engine's record.
 */
export const MAX_BUFFERED_BYTES: Readonly<Record<Role, number>> = {
  operator: 16 * 1024 * 1024,
  viewer: 2 * 1024 * 1024,
};

/** The commands that change the engine: the ones a viewer may not call. */
type AnyCommand = keyof typeof VIEWER_MAY_CALL;
type ChangingCommand = { [K in AnyCommand]: (typeof VIEWER_MAY_CALL)[K] extends false ? K : never }[AnyCommand];

const WHAT_IT_DOES: Readonly<Record<ChangingCommand, string>> = {
  run: 'start a run or send code',
  stop: 'stop a run',
  launchTrace: "open the presenter's trace file",
};

/**
 * Why `role` may not call `command`, or null when it may. Checked before the payload is even
 * read, so a viewer learns nothing about what the engine would have accepted.
 */
export function refusal(role: Role, command: AnyCommand): Result<never> | null {
  if (role === 'operator' || VIEWER_MAY_CALL[command]) return null;
  return err(
    `Forbidden (403): this page only follows the presenter's runs, so it cannot ${WHAT_IT_DOES[command as ChangingCommand]}.`,
  );
}

/** Whether a peer's address is this machine's loopback (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || (isIPv4(v4) && v4.startsWith('127.'));
}
