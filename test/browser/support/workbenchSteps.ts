import type { Page } from 'playwright-core';

/** Waits a person would wait: until the thing is on screen. */
export const VISIBLE = { state: 'visible', timeout: 10_000 } as const;

/** Clicks a channel in the sidebar and waits until it is the open one. */
export async function openChannel(page: Page, id: string): Promise<void> {
  await page.locator(`.wb-channel-link[data-channel="${id}"]`).click();
  await page.locator(`.wb-channel-link.is-active[data-channel="${id}"]`).waitFor(VISIBLE);
}

/** Types a line into the composer and sends it, as Enter does in Slack. */
export async function typeInComposer(page: Page, line: string): Promise<void> {
  const composer = page.locator('#composer-input');
  await composer.fill(line);
  await composer.press('Enter');
}
