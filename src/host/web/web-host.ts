/**
 * The browser host: serves the built renderer and the WebSocket bridge on 127.0.0.1 only, behind a random
 * per-start token. Plain HTTP requests need `?token=` (which also sets a port-specific HttpOnly cookie, so the
 * page's own asset requests get in) or that cookie; WebSocket upgrades (path `/ws`) need the token and this
 * host's own Origin. Everything is served with the shared strict CSP and security headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../contract/api-wire.js';
import { createAccessGuard, newToken } from './access-guard.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { resolveStaticFile } from './static-files.js';
import { attachBridge, type ServiceEndpoint } from './ws-bridge.js';

export const LOOPBACK = '127.0.0.1';
export const WS_PATH = '/ws';

export interface WebHostOptions {
  service: ServiceEndpoint;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  /** TCP port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Use this token instead of a random one (tests). */
  token?: string;
}

export interface WebHost {
  /** The address the server listens on (always 127.0.0.1). */
  readonly address: string;
  readonly port: number;
  readonly token: string;
  /** `http://127.0.0.1:PORT/?token=TOKEN` */
  readonly url: string;
  close(): Promise<void>;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? newToken();
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const guard = createAccessGuard(port, token);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
      if (!guard.hostAllowed(req)) return refuse(res, 403, 'forbidden: unexpected Host header');
      if (!guard.hasToken(req, url)) return refuse(res, 403, 'forbidden: open the studio with the URL it printed (missing token)');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
      // The raw path, not url.pathname: URL parsing would silently fold `..` segments, hiding the attempt.
      const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
      const file = await resolveStaticFile(opts.rendererDir, rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
      if (file.status !== 200) return refuse(res, file.status, file.reason);
      const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) };
      if (url.searchParams.has('token')) headers['Set-Cookie'] = guard.setCookieHeader();
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch(() => {
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!guard.hostAllowed(req) || !guard.originAllowed(req) || !guard.hasToken(req, url)) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachBridge(ws, opts.service));
  });

  return {
    address,
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
