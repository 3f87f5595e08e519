import type { ServerResponse } from 'node:http';

/** An answer the fake gives instead of doing the call: Slack rate-limiting (429) or failing (5xx). */
export interface InjectedFault {
  status: number;
  /** seconds, sent as Retry-After (429) */
  retryAfter?: number;
  /** hold the call this long before answering (a Slack that hangs); the call is recorded at once */
  delayMs?: number;
}

interface PlannedFaults {
  method: string;
  matches: (args: Record<string, unknown>) => boolean;
  remaining: InjectedFault[];
}

/**
 * Faults queued for the next calls of a Web API method, for tests of what the app does when Slack
 * misbehaves: each matching call takes the next fault until none are left, then calls succeed again.
 */
export class FaultPlan {
  private readonly planned: PlannedFaults[] = [];

  add(method: string, faults: InjectedFault[], matches: (args: Record<string, unknown>) => boolean): void {
    this.planned.push({ method, matches, remaining: [...faults] });
  }

  /** The fault for this call, if one is planned; taken off the plan. */
  take(method: string, args: Record<string, unknown>): InjectedFault | undefined {
    const plan = this.planned.find((p) => p.method === method && p.remaining.length > 0 && p.matches(args));
    return plan?.remaining.shift();
  }

  get pending(): number {
    return this.planned.reduce((sum, plan) => sum + plan.remaining.length, 0);
  }
}

export async function sendFault(response: ServerResponse, fault: InjectedFault): Promise<void> {
  if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (response.destroyed) return;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  response.writeHead(fault.status, headers);
  response.end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
}
