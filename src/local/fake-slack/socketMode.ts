import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ApiResult } from './webApiMethods.js';

/** Slack keeps at most this many Socket Mode connections open per app; one more is disconnected. */
export const SOCKET_MODE_MAX_CONNECTIONS = 10;
/** Slack waits this long for an envelope's ack before it sends the envelope again. */
export const SOCKET_MODE_ACK_TIMEOUT_MS = 3000;
/** Slack sends an unacknowledged event up to three more times (the Events API's retry policy). */
export const SOCKET_MODE_MAX_RETRIES = 3;

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What Slack sends down a Socket Mode connection for each request it would POST in HTTP mode. */
export interface SocketModeEnvelope {
  envelope_id: string;
  type: SocketEnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

export interface SocketConnectionInfo {
  /** `link-1`, `link-2`, … in the order the connections were opened */
  id: string;
}

export interface SocketAttempt {
  connectionId: string;
  retryAttempt: number;
  /** 'ack_lost': the app acked but the fake was told to lose it (see loseNextAcks) */
  outcome: 'acked' | 'ack_lost' | 'timeout';
}

export interface SocketDelivery {
  envelopeId: string;
  type: SocketEnvelopeType;
  payload: Record<string, unknown>;
  attempts: SocketAttempt[];
  /** the ack Slack took; undefined when none came in time on any attempt */
  ack?: { connectionId: string; payload: Record<string, unknown>; ms: number };
}

export interface FakeSocketModeOptions {
  /** the app-level token apps.connections.open takes */
  appToken: string;
  /** the bot token: presented to apps.connections.open it is the wrong kind of token */
  botToken: string;
  appId: string;
  /** default SOCKET_MODE_ACK_TIMEOUT_MS */
  ackTimeoutMs?: number;
  /** default SOCKET_MODE_MAX_RETRIES */
  maxRetries?: number;
}

interface Link {
  info: SocketConnectionInfo;
  socket: WebSocket;
}

interface PendingAck {
  link: Link;
  lose: boolean;
  resolve(payload: Record<string, unknown> | undefined): void;
}

/** Slack's applink hosts name themselves in debug_info; the fake has one. */
const DEBUG_INFO = { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 } as const;

/**
 * Slack's side of Socket Mode: apps.connections.open hands out single-use WebSocket URLs, each
 * connection is greeted with `hello`, and requests go out as envelopes spread round-robin over the
 * open connections — so several instances of one app share the work, as Slack shares it. An envelope
 * not acked within the ack timeout goes out again on another connection with retry_attempt + 1.
 */
export class FakeSocketMode {
  readonly appToken: string;
  readonly ackTimeoutMs: number;
  /** every envelope delivered, oldest first, with each attempt and the ack Slack took */
  readonly deliveries: SocketDelivery[] = [];
  /** ws://host:port of the fake, set once it listens */
  baseUrl = '';
  private readonly options: FakeSocketModeOptions;
  private readonly maxRetries: number;
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly links: Link[] = [];
  private readonly pending = new Map<string, PendingAck>();
  private linkCount = 0;
  private turn = 0;
  private acksToLose = 0;

  constructor(options: FakeSocketModeOptions) {
    this.options = options;
    this.appToken = options.appToken;
    this.ackTimeoutMs = options.ackTimeoutMs ?? SOCKET_MODE_ACK_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? SOCKET_MODE_MAX_RETRIES;
  }

  /** The connections open now, oldest first. */
  get connections(): SocketConnectionInfo[] {
    return this.links.map((link) => link.info);
  }

  /** apps.connections.open: a WebSocket URL whose ticket is good for one connection. */
  openConnection(token: string | undefined): ApiResult {
    if (token === undefined) return { ok: false, error: 'not_authed' };
    if (token === this.options.botToken) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomBytes(16).toString('hex');
    this.tickets.add(ticket);
    return { ok: true, url: `${this.baseUrl}/link/?ticket=${ticket}&app_id=${this.options.appId}` };
  }

  /** The HTTP server's `upgrade` event: only a URL from apps.connections.open, once, becomes a connection. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake-slack.invalid');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  /**
   * The first attempt's ack of each of the next `count` envelopes is lost on its way to Slack: the app
   * did the work and acked, Slack never saw it and redelivers.
   */
  loseNextAcks(count = 1): void {
    this.acksToLose += count;
  }

  /**
   * Sends `payload` as an envelope of `type` and resolves once Slack would be done with it: acked (on
   * whichever attempt), or unacked after the last retry. Rejects when no connection is open.
   */
  async deliver(type: SocketEnvelopeType, payload: Record<string, unknown>): Promise<SocketDelivery> {
    const delivery: SocketDelivery = {
      envelopeId: randomBytes(16).toString('hex'),
      type,
      payload,
      attempts: [],
    };
    this.deliveries.push(delivery);
    let lose = false;
    if (this.acksToLose > 0) {
      this.acksToLose -= 1;
      lose = true;
    }
    let previous: Link | undefined;
    for (let retry = 0; retry <= this.maxRetries; retry += 1) {
      const link = this.pick(previous);
      const envelope: SocketModeEnvelope = {
        envelope_id: delivery.envelopeId,
        type,
        payload,
        accepts_response_payload: acceptsResponsePayload(type, payload),
        retry_attempt: retry,
        retry_reason: retry === 0 ? '' : 'timeout',
      };
      const started = performance.now();
      const ack = await this.send(link, envelope, lose && retry === 0);
      const attempt: SocketAttempt = { connectionId: link.info.id, retryAttempt: retry, outcome: 'timeout' };
      delivery.attempts.push(attempt);
      if (ack === 'lost') attempt.outcome = 'ack_lost';
      else if (ack !== undefined) {
        attempt.outcome = 'acked';
        delivery.ack = { connectionId: link.info.id, payload: ack, ms: performance.now() - started };
        return delivery;
      }
      previous = link;
    }
    return delivery;
  }

  close(): void {
    for (const link of this.links) link.socket.terminate();
    this.server.close();
  }

  private accept(socket: WebSocket): void {
    this.linkCount += 1;
    if (this.links.length >= SOCKET_MODE_MAX_CONNECTIONS) {
      // What Slack does with an eleventh connection; the SDKs reconnect on any disconnect message.
      socket.send(
        JSON.stringify({ type: 'disconnect', reason: 'too_many_websockets', debug_info: DEBUG_INFO }),
      );
      socket.close(1000);
      return;
    }
    const link: Link = { info: { id: `link-${this.linkCount}` }, socket };
    this.links.push(link);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(link, data.toString());
    });
    socket.on('close', () => {
      const index = this.links.indexOf(link);
      if (index >= 0) this.links.splice(index, 1);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.links.length,
        debug_info: DEBUG_INFO,
        connection_info: { app_id: this.options.appId },
      }),
    );
  }

  /** An ack is `{ envelope_id, payload? }`; anything else from the app is ignored, as Slack ignores it. */
  private onMessage(link: Link, text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message.envelope_id !== 'string') return;
    const pending = this.pending.get(message.envelope_id);
    // an ack on another connection than the envelope went down, or after the timeout, counts for nothing
    if (pending?.link !== link) return;
    const payload =
      typeof message.payload === 'object' && message.payload !== null
        ? (message.payload as Record<string, unknown>)
        : {};
    pending.resolve(payload);
  }

  /** Round robin over the open connections; a retry goes to another connection when there is one. */
  private pick(previous: Link | undefined): Link {
    if (this.links.length === 0) throw new Error('fake Slack: no Socket Mode connection open');
    let link = this.links[this.turn % this.links.length] as Link;
    this.turn += 1;
    if (link === previous && this.links.length > 1) {
      link = this.links[this.turn % this.links.length] as Link;
      this.turn += 1;
    }
    return link;
  }

  /** The ack's payload; 'lost' when the app acked but the ack is to be lost; undefined on a timeout. */
  private send(
    link: Link,
    envelope: SocketModeEnvelope,
    lose: boolean,
  ): Promise<Record<string, unknown> | 'lost' | undefined> {
    return new Promise((resolve) => {
      let acked = false;
      const timer = setTimeout(() => {
        this.pending.delete(envelope.envelope_id);
        resolve(acked ? 'lost' : undefined);
      }, this.ackTimeoutMs);
      this.pending.set(envelope.envelope_id, {
        link,
        lose,
        resolve: (payload) => {
          if (lose) {
            // Slack never sees it: it waits out the timeout and redelivers
            acked = true;
            return;
          }
          clearTimeout(timer);
          this.pending.delete(envelope.envelope_id);
          resolve(payload);
        },
      });
      link.socket.send(JSON.stringify(envelope));
    });
  }
}

/**
 * Slack takes a response payload in the ack where an HTTP ack could carry a body: slash commands (a
 * message), view submissions (response_action) and options requests; not block actions or events.
 */
function acceptsResponsePayload(type: SocketEnvelopeType, payload: Record<string, unknown>): boolean {
  if (type === 'slash_commands') return true;
  if (type === 'events_api') return false;
  return payload.type === 'view_submission' || payload.type === 'block_suggestion';
}

/**
 * The envelope for a request Slack would POST in HTTP mode (the bodies payloads.ts builds): a form
 * with `payload` is an interaction, a form with `command` a slash command, JSON an Events API callback.
 */
export function socketEnvelopeOfBody(body: string): {
  type: SocketEnvelopeType;
  payload: Record<string, unknown>;
} {
  if (body.trimStart().startsWith('{')) return { type: 'events_api', payload: JSON.parse(body) };
  const form = new URLSearchParams(body);
  const interaction = form.get('payload');
  if (interaction !== null) return { type: 'interactive', payload: JSON.parse(interaction) };
  return { type: 'slash_commands', payload: Object.fromEntries(form) };
}
