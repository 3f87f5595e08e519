import type { KnownBlock } from '@slack/types';

/** What every formatter returns for a message: blocks plus a `text` fallback that reads well alone. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
