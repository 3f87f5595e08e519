import { z } from 'zod';

/**
 * What a modal remembers about where it was opened, as its private_metadata. Typed and checked
 * on the way back in; holds no 身份证 or mobile, only where to deliver the results.
 */
export interface ViewOrigin {
  /** channel the command or shortcut came from */
  channelId: string;
  /** response_url of the command or shortcut, for private replies */
  responseUrl?: string;
  /** thread to reply in (message shortcut) */
  threadTs?: string;
  /** the surface that opened the modal, when it is not a slash command: the query is audited as asked there */
  openedBy?: 'shortcut';
  /** the watch modal: records per source the result showed, for the cost of a check */
  counts?: Partial<Record<'1' | '2' | '3', number>>;
}

const countSchema = z.number().int().min(0).max(1_000_000).optional();

const originSchema = z.object({
  c: z.string().min(1).max(40),
  r: z.url().max(1000).optional(),
  t: z.string().max(40).optional(),
  o: z.literal('shortcut').optional(),
  n: z.object({ 1: countSchema, 2: countSchema, 3: countSchema }).strict().optional(),
});

export function encodeViewOrigin(origin: ViewOrigin): string {
  return JSON.stringify({
    c: origin.channelId,
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
    ...(origin.threadTs ? { t: origin.threadTs } : {}),
    ...(origin.openedBy ? { o: origin.openedBy } : {}),
    ...(origin.counts && Object.keys(origin.counts).length > 0 ? { n: origin.counts } : {}),
  });
}

export function decodeViewOrigin(metadata: string | undefined): ViewOrigin | undefined {
  if (!metadata) return undefined;
  try {
    const parsed = originSchema.safeParse(JSON.parse(metadata));
    if (!parsed.success) return undefined;
    return {
      channelId: parsed.data.c,
      ...(parsed.data.r ? { responseUrl: parsed.data.r } : {}),
      ...(parsed.data.t ? { threadTs: parsed.data.t } : {}),
      ...(parsed.data.o ? { openedBy: parsed.data.o } : {}),
      ...(parsed.data.n ? { counts: definedCounts(parsed.data.n) } : {}),
    };
  } catch {
    return undefined;
  }
}

function definedCounts(counts: Partial<Record<'1' | '2' | '3', number | undefined>>): ViewOrigin['counts'] {
  const defined: NonNullable<ViewOrigin['counts']> = {};
  for (const key of ['1', '2', '3'] as const) {
    const count = counts[key];
    if (count !== undefined) defined[key] = count;
  }
  return defined;
}
