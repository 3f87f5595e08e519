import type { KnownBlock, ModalView } from '@slack/types';

/** What every formatter returns for a message: blocks plus a `text` fallback that reads well alone. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * A message or view that shows what Juhe answered (records, counts, a rating, a Juhe error). The
 * formatter says so; the presenter, the one place that knows the app runs on the sandbox, marks exactly
 * these and strips the flag before Slack sees it. Help, usage errors, refusals and forms carry no Juhe
 * data and are never marked.
 */
export interface JuheDataMessage extends SlackMessage {
  carriesJuheData: true;
}

export type JuheDataView = ModalView & { carriesJuheData: true };

export function asJuheData<M extends SlackMessage>(message: M): M & JuheDataMessage;
export function asJuheData(view: ModalView): JuheDataView;
export function asJuheData(value: SlackMessage | ModalView): JuheDataMessage | JuheDataView {
  return { ...value, carriesJuheData: true } as JuheDataMessage | JuheDataView;
}

/**
 * Room the presenter may need in a message or view: one context block for the sandbox marker. Formatters
 * that fill Slack's block budget leave this much free.
 */
export const PRESENTER_RESERVED_BLOCKS = 1;
