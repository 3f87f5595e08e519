import type { SlotStore } from './callQueue.js';

/** 10011/10012 pause every call for this long the first time, twice as long each time after, up to the cap. */
export const FIRST_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 30_000;

/** The pause after `previousMs` (0 = none lately): doubling from FIRST_BACKOFF_MS, capped at MAX_BACKOFF_MS. */
export function nextBackoffMs(previousMs: number): number {
  return previousMs <= 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, previousMs * 2);
}

/** Slots counted in this process: one instance, or several without REDIS_URL (each with its own limit). */
export function createInProcessSlotStore(options: { limit: number; now?: () => number }): SlotStore {
  const now = options.now ?? Date.now;
  const held = new Set<string>();
  let pausedUntil = 0;
  let lastBackoffMs = 0;
  return {
    async take(ids) {
      const pausedMs = Math.max(0, pausedUntil - now());
      if (pausedMs > 0) return { granted: [], ahead: 0, pausedMs };
      const granted: string[] = [];
      for (const id of ids) {
        if (held.size >= options.limit) break;
        held.add(id);
        granted.push(id);
      }
      return { granted, ahead: 0, pausedMs: 0 };
    },
    async give(id) {
      held.delete(id);
    },
    async withdraw() {},
    async backOff() {
      lastBackoffMs = nextBackoffMs(lastBackoffMs);
      pausedUntil = now() + lastBackoffMs;
      return lastBackoffMs;
    },
    async recovered() {
      lastBackoffMs = 0;
    },
    // a release here wakes the queue itself; nothing else frees a slot
    onFreed() {},
    pollMs: 1_000,
    async close() {},
  };
}
