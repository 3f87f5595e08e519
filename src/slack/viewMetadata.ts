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
}

const originSchema = z.object({
  c: z.string().min(1).max(40),
  r: z.url().max(1000).optional(),
  t: z.string().max(40).optional(),
  o: z.literal('shortcut').optional(),
});

export function encodeViewOrigin(origin: ViewOrigin): string {
  return JSON.stringify({
    c: origin.channelId,
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
    ...(origin.threadTs ? { t: origin.threadTs } : {}),
    ...(origin.openedBy ? { o: origin.openedBy } : {}),
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
    };
  } catch {
    return undefined;
  }
}
