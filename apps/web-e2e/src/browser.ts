import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium on a fresh profile; each popug then gets a context of its own (its own cookies). */
export class Chromium {
  private constructor(
    private readonly persistent: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<Chromium> {
    const profile = mkdtempSync(join(tmpdir(), 'ates-chromium-'));
    const persistent = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    return new Chromium(persistent, profile);
  }

  private get browser(): Browser {
    const browser = this.persistent.browser();
    if (!browser) throw new Error('Chromium gave no browser handle');
    return browser;
  }

  /** A fresh page in a context of its own, at desktop size. */
  async page(baseURL: string): Promise<Page> {
    const context = await this.browser.newContext({ baseURL, viewport: { width: 1100, height: 800 } });
    context.setDefaultTimeout(20_000);
    return context.newPage();
  }

  async close(): Promise<void> {
    await this.persistent.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
