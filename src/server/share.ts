// Sharing with a class (`lanes web --share`): the web shell listens on every interface as well as
// loopback, hands out a viewer's secret beside the presenter's, and names the address learners
// open. Viewers only ever view (roles.ts); the presenter's page stays on this machine. The
// desktop shell can start the same server (its own window being the presenter, over IPC).
// Runs in Node (`lanes web --share`; reusable from Electron main).

import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { Endpoint } from '../node/endpoint';
import { lockedAccess } from './auth';
import { qrSvg } from './qr';
import { startWebServer, type WebServer } from './server';

export interface LanAddress {
  /** The interface's name (eth0, wlan0, en0…). */
  name: string;
  address: string;
}

export interface ShareOptions {
  engine: Endpoint;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Whose runs the class follows, as viewers' pages name them. */
  presenter: string;
  /**
   * Whether the presenter uses a page of this server too (`lanes web`: yes, from this machine
   * only). The desktop window drives its engine over IPC, so its server hands out no operator secret.
   */
  operatorPage: boolean;
  /** Where to listen; by default every interface. Tests and the bench pass 127.0.0.1. */
  listenHost?: string;
  /** This machine's interfaces (injected in tests). */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  onClient?: (localPort: number, remotePort: number) => (() => void) | null;
}

export interface ShareServer extends WebServer {
  /** What learners open: the viewer's secret on this machine's network address. */
  viewerUrl: string;
  /** That address as a QR code (SVG text), for a presenter whose window is not this server's page. */
  qrSvg: string;
  /** The network address in viewerUrl and where it came from; null when there is none but loopback. */
  lan: LanAddress | null;
  /** The other candidates, for a machine on several networks (the presenter may pick another). */
  otherAddresses: LanAddress[];
}

/** Interfaces that are seldom the classroom's network: containers, virtual machines, VPN tunnels. */
const VIRTUAL_INTERFACE =
  /^(docker|br-|veth|virbr|vboxnet|vmnet|lxcbr|lxdbr|cni|flannel|podman|tun|tap|wg|tailscale|zt|utun)/i;

/** RFC 1918 private ranges: where a school's or a home's network usually is. */
function isPrivate(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * This machine's IPv4 addresses that others on its network can reach, the likeliest first:
 * physical interfaces before virtual ones, private ranges before others. Loopback and link-local
 * (169.254/16: no network handed out an address) are left out.
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): LanAddress[] {
  const found: LanAddress[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal || info.address.startsWith('169.254.')) continue;
      found.push({ name, address: info.address });
    }
  }
  const rank = (each: LanAddress): number =>
    (VIRTUAL_INTERFACE.test(each.name) ? 2 : 0) + (isPrivate(each.address) ? 0 : 1);
  // Array.prototype.sort is stable: equal ranks keep the system's order.
  return found.sort((a, b) => rank(a) - rank(b));
}

/** Listening on `::` failed because this machine has no IPv6: every IPv4 interface will do. */
function noIpv6(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EAFNOSUPPORT' || code === 'EADDRNOTAVAIL';
}

/**
 * Starts the web shell for a class: locked by a presenter's secret (unless `operatorPage` is
 * false) and a viewers' secret, presenters accepted from loopback only, viewers from anywhere.
 */
export async function startShareServer(options: ShareOptions): Promise<ShareServer> {
  const candidates = lanAddresses((options.interfaces ?? networkInterfaces)());
  const lan = candidates[0] ?? null;
  const listen = (host: string): Promise<WebServer> =>
    startWebServer({
      engine: options.engine,
      rendererDir: options.rendererDir,
      host,
      port: options.port,
      access: lockedAccess(options.operatorPage ? ['operator', 'viewer'] : ['viewer']),
      operatorsFrom: 'loopback',
      // With no network, the address still works on this machine, and the CLI says why it is loopback.
      share: { presenter: options.presenter, viewerHost: lan?.address ?? '127.0.0.1' },
      onClient: options.onClient,
    });
  let server: WebServer;
  if (options.listenHost !== undefined) server = await listen(options.listenHost);
  else {
    // `::` takes IPv4 too (Node turns IPV6_V6ONLY off); without IPv6, the IPv4 wildcard.
    try {
      server = await listen('::');
    } catch (error) {
      if (!noIpv6(error)) throw error;
      server = await listen('0.0.0.0');
    }
  }
  const viewerUrl = server.viewerUrl!;
  return { ...server, viewerUrl, qrSvg: await qrSvg(viewerUrl), lan, otherAddresses: candidates.slice(1) };
}
