import type { Locator, Page } from 'playwright-core';

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

/** Opens the thread under a channel message (its "N replies" link) and waits for the thread pane. */
export async function openThread(page: Page, parent: Locator): Promise<Locator> {
  await parent.locator('.wb-replies').click();
  const thread = page.locator('#thread-messages');
  await thread.waitFor(VISIBLE);
  return thread;
}

/**
 * Clicks one of the sidebar's local tools ("watch-cycle", "sandbox-advance") and waits for its line
 * under the buttons; returns that line, which says what the tool did (or that it failed).
 */
export async function runLocalTool(page: Page, testId: 'watch-cycle' | 'sandbox-advance'): Promise<string> {
  const line = page.getByTestId('local-tools-result');
  const button = page.getByTestId(testId);
  await button.click();
  // the line is emptied on click and filled when the server answers; the button is enabled again then
  await page.waitForFunction(
    ([lineId, buttonId]) => {
      const shown = document.querySelector(`[data-testid="${lineId}"]`);
      const pressed = document.querySelector(`[data-testid="${buttonId}"]`);
      return Boolean(shown?.textContent) && pressed instanceof HTMLButtonElement && !pressed.disabled;
    },
    ['local-tools-result', testId],
    { timeout: VISIBLE.timeout },
  );
  return (await line.textContent()) ?? '';
}

/** Opens the app's Home tab from the sidebar and waits until the published view is drawn. */
export async function openHome(page: Page): Promise<Locator> {
  await page.getByTestId('home-tab').click();
  const home = page.getByTestId('home-view');
  await home.locator('.wb-home-body, [data-testid="home-empty"]').first().waitFor(VISIBLE);
  return home;
}

/**
 * Opens the Home tab again and again (each opening is an app_home_opened, and the app publishes the
 * tab anew) until it shows what `shows` accepts; for state the app does not push to the tab by itself.
 */
export async function openHomeUntil(
  page: Page,
  shows: (text: string) => boolean,
  timeoutMs = VISIBLE.timeout,
): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const home = await openHome(page);
    const text = (await home.textContent()) ?? '';
    if (shows(text)) return home;
    if (Date.now() > deadline)
      throw new Error(`the Home tab never showed what was waited for; it shows: ${text}`);
    await page.waitForTimeout(250);
  }
}
