import type { IncomingMessage, ServerResponse } from 'node:http';

/** Keeps proxies and the browser from treating a quiet stream as dead. */
const HEARTBEAT_MS = 15_000;
/** Bursts of store changes (a post, its call record, an update) become one event. */
const COALESCE_MS = 10;

/**
 * Server-Sent Events telling open pages that the workspace changed; each event carries only the new
 * version number and the page fetches the snapshot it needs (it knows which user it shows).
 */
export class ChangeStream {
  private readonly clients = new Set<ServerResponse>();
  private version = 0;
  private pending: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => this.broadcast(': heartbeat\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get currentVersion(): number {
    return this.version;
  }

  /** Called on every store change. */
  changed(): void {
    this.version += 1;
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.broadcast(`event: change\ndata: ${JSON.stringify({ version: this.version })}\n\n`);
    }, COALESCE_MS);
  }

  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`retry: 1000\nevent: change\ndata: ${JSON.stringify({ version: this.version })}\n\n`);
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  private broadcast(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (this.pending) clearTimeout(this.pending);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
