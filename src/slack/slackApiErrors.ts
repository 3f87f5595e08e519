/** The `error` string of a Web API platform error (`not_in_channel`, …), or undefined for anything else. */
export function slackPlatformError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const code = (data as { error?: unknown }).error;
  return typeof code === 'string' ? code : undefined;
}

/** Errors that mean the bot cannot post in the channel until someone invites it. */
export function isNotInChannel(error: unknown): boolean {
  const code = slackPlatformError(error);
  return code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived';
}
