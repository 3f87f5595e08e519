import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';

/** Git-ignored; one numbered PNG per step so a failing run can be read like a comic strip. */
export const SCREENSHOT_DIR = join(process.cwd(), 'artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
  return path;
}
