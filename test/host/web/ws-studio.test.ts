/**
 * The renderer's WebSocket StudioApi against the real browser host and a real StudioService (training children
 * replaced by the fake worker at the transport boundary).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StudioEvent } from '../../../src/contract/api.js';
import { startWebHost, type WebHost } from '../../../src/host/web/web-host.js';
import type { StudioService } from '../../../src/host/service/studio-service.js';
import { createWsStudio, socketUrlFor, type WebSocketLike, type WsStudio } from '../../../renderer/src/bridge/ws-studio.js';
import { fakeWorkerTransport } from '../service/fake-worker.js';
import { makeService } from '../service/helpers.js';

let dir: string;
let host: WebHost;
let service: StudioService;
let studio: WsStudio;

function connectFrom(origin: string) {
  return (url: string) => new WebSocket(url, { origin }) as unknown as WebSocketLike;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-bridge-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html>');
  await mkdir(join(dir, 'runs'));
  ({ service } = await makeService(join(dir, 'runs'), fakeWorkerTransport({ steps: 3 }).transport));
  host = await startWebHost({ service, rendererDir: join(dir, 'dist') });
  studio = createWsStudio({
    url: socketUrlFor({ protocol: 'http:', host: `127.0.0.1:${host.port}`, search: `?token=${host.token}` }),
    connect: connectFrom(`http://127.0.0.1:${host.port}`),
    reconnectMs: 20,
  });
});

afterEach(async () => {
  studio.close();
  await service.close(5_000);
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('socketUrlFor', () => {
  it('builds the socket URL from the page location and its token', () => {
    expect(socketUrlFor({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:5000/ws?token=a%2Bb');
    expect(socketUrlFor({ protocol: 'https:', host: 'h', search: '' })).toBe('wss://h/ws');
  });
});

describe('WebSocket StudioApi', () => {
  it('calls the service, gets typed errors as data, and receives events', async () => {
    const events: StudioEvent[] = [];
    const off = studio.onEvent((e) => events.push(e));
    const info = await studio.getInfo();
    expect(info.ok && info.value.appVersion).toBe('9.9.9-test');

    const bad = await studio.startRun({ config: { train: { lr: 100 } } });
    expect(!bad.ok && bad.error.fields).toEqual([{ field: 'config.train.lr', message: 'expected a finite number > 0 and <= 10' }]);

    const started = await studio.startRun({ config: { data: { dataset: 'task:last-token' } } });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.runId;
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'job' && e.id === runId && e.state === null); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(events.filter((e) => e.type === 'progress' && e.runId === runId)).toHaveLength(3);
    const run = await studio.getRun(runId);
    expect(run.ok && run.value.record.status).toBe('completed');
    off();
  });

  it('answers pending calls with unavailable when the connection drops, then reconnects on the next call', async () => {
    const sockets: WebSocket[] = [];
    const states: string[] = [];
    const client = createWsStudio({
      url: `ws://127.0.0.1:${host.port}/ws?token=${host.token}`,
      connect: (url) => {
        const ws = new WebSocket(url, { origin: `http://127.0.0.1:${host.port}` });
        sockets.push(ws);
        return ws as unknown as WebSocketLike;
      },
    });
    client.onConnection((s) => states.push(s));
    expect((await client.listRuns()).ok).toBe(true);
    const pending = client.listRuns();
    sockets[0].terminate();
    expect(await pending).toEqual({ ok: false, error: { code: 'unavailable', message: 'the connection to the studio closed; try again' } });
    expect(states).toEqual(['connecting', 'open', 'closed']);
    expect((await client.listRuns()).ok).toBe(true);
    expect(sockets).toHaveLength(2);
    client.close();
    const closed = await client.getInfo();
    expect(!closed.ok && closed.error.code).toBe('unavailable');
  });

  it('is refused by the host from a foreign origin', async () => {
    const foreign = createWsStudio({
      url: `ws://127.0.0.1:${host.port}/ws?token=${host.token}`,
      connect: connectFrom('http://evil.example'),
    });
    const reply = await foreign.getInfo();
    expect(reply).toEqual({ ok: false, error: { code: 'unavailable', message: 'the connection to the studio closed; try again' } });
    foreign.close();
  });
});
