import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, 'docs', 'screenshots');
const AXE = require.resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

// Page-side code as strings: this project's TypeScript knows Node, not the DOM.
const RUN_AXE = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`;
type PageGlobals = {
  document: { querySelectorAll(selector: string): Iterable<{ textContent: string | null }> };
};
/** A function, not a string: the dashboards' CSP forbids eval, which a polled string predicate needs. */
const SETTLED = () =>
  [...(globalThis as unknown as PageGlobals).document.querySelectorAll('[role=status]')].every(
    (e) => !['Loading…', 'Working…'].includes(e.textContent ?? ''),
  );

/** axe-core in the page: the serious and critical violations of what is on screen now. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(`'axe' in window`))) await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(RUN_AXE)) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The screens checked so far (reported at the end of the run). */
export const checked: string[] = [];

/** Waits (polling in the page) until no region says "Loading…" or "Working…" any more. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(SETTLED);
}

/**
 * Every screen, once its content is there: no serious or critical axe violation at desktop size and at 360 px
 * (where nothing may overflow sideways), and its screenshot (docs/screenshots/<role>-<screen>.png) when
 * UPDATE_SCREENSHOTS=1.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await settled(page);
  expect(await axeViolations(page)).toEqual([]);
  const shots = process.env['UPDATE_SCREENSHOTS'] === '1';
  if (shots) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    if (shots && name.endsWith('-tasks'))
      await page.screenshot({ path: join(SHOTS, `${name}-360px.png`), fullPage: true });
  } finally {
    if (size) await page.setViewportSize(size);
  }
  checked.push(name);
}
