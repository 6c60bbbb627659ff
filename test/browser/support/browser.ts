import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, errors, type Page } from 'playwright-core';
import type { Account } from './portal';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** The widths every page is checked and photographed at. */
export const VIEWPORTS = [
  { label: '1280', width: 1280, height: 800 },
  { label: '375', width: 375, height: 812 },
] as const;

/** Debian's Chromium, headless, with a fresh profile (never Playwright's own download). */
export const launchChromium = (): Promise<Browser> => {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: run \`source infra/setup.sh\` (it installs Debian's chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
};

export interface PortalPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors in the page; a test expects none. */
  errors: string[];
}

/** A new browser context (its own storage: nobody signed in) and page on the portal, at laptop width. */
export const openPage = async (browser: Browser, baseURL: string): Promise<PortalPage> => {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', locale: 'en-US' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
};

/** Fills the sign-in form and submits it; the caller waits for what should follow. */
export const fillSignIn = async (page: Page, account: Pick<Account, 'email' | 'password'>) => {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export const axeViolations = async (page: Page): Promise<AxeViolation[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
};

const describeViolations = (violations: AxeViolation[]) =>
  violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`).join('\n');

/**
 * A full-page screenshot taken as a viewport screenshot: the viewport is made as tall as the
 * page, captured, and put back. Playwright's `fullPage` asks Chromium for a capture beyond the
 * viewport (`Page.captureScreenshot` with `captureBeyondViewport`), and three CI runs (stop 21,
 * 4d34a61, 5302a02) saw that capture never come back, each time on the applications page at
 * 375 px right after axe-core, and a second try on the same page never came back either: others
 * report the same of that capture path, a hang that then holds up the tab's later captures. A
 * viewport that already holds the whole page makes Playwright capture without it. A capture that
 * still takes over 15 s is tried once more after the page is brought to the front and resized by
 * a pixel and back (which makes Chromium draw a new frame). The screenshot is a record for people,
 * not what the test asserts, but a second timeout still fails the test.
 */
const screenshot = async (page: Page, path: string): Promise<void> => {
  const options = { path, fullPage: true, animations: 'disabled', caret: 'hide' } as const;
  const size = page.viewportSize();
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  const tall = size !== null && height > size.height;
  if (tall) await page.setViewportSize({ width: size.width, height });
  try {
    await page.screenshot({ ...options, timeout: 15_000 });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    const current = page.viewportSize();
    await page.bringToFront();
    if (current) {
      await page.setViewportSize({ width: current.width, height: current.height + 1 });
      await page.setViewportSize(current);
    }
    await page.screenshot({ ...options, timeout: 30_000 });
  } finally {
    if (tall) await page.setViewportSize(size);
  }
};

/**
 * Checks the page as it is at each width: no serious or critical axe-core violation, then a
 * full-page screenshot `test-results/screenshots/{name}-{width}.png`. Returns to 1280 px.
 */
export const checkPage = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.evaluate(() => document.fonts.ready);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe-core on "${name}" at ${viewport.width} px:\n${describeViolations(violations)}`);
    await screenshot(page, join(SCREENSHOT_DIR, `${name}-${viewport.label}.png`));
  }
  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
};

export interface LiveTraffic {
  /** The WebSockets the page opened to /graphql. */
  sockets: string[];
  /** Subscription events the page received (`next` frames), by subscription field, with when they arrived. */
  events: { field: string; at: number }[];
  /** GraphQL operations the page POSTed over HTTP, by operation name, with when. */
  queries: { operationName: string; at: number }[];
  eventsOf(field: string, since?: number): number;
  queriesOf(operationName: string, since?: number): number;
}

/** The field names under `data` of a graphql-ws `next` frame; none for any other frame. */
export const nextFrameFields = (frame: string | Buffer): string[] => {
  try {
    const message = JSON.parse(typeof frame === 'string' ? frame : frame.toString('utf8')) as { type?: string; payload?: { data?: Record<string, unknown> } };
    return message.type === 'next' ? Object.keys(message.payload?.data ?? {}) : [];
  } catch {
    return [];
  }
};

/**
 * Records how a page stays current: its /graphql WebSockets and the subscription events they
 * carry, and its HTTP GraphQL operations. A live page re-runs its query once per event; a page
 * that polls sends queries without events.
 */
export const watchLive = (page: Page): LiveTraffic => {
  const traffic: LiveTraffic = {
    sockets: [],
    events: [],
    queries: [],
    eventsOf: (field, since = 0) => traffic.events.filter((e) => e.field === field && e.at >= since).length,
    queriesOf: (operationName, since = 0) => traffic.queries.filter((q) => q.operationName === operationName && q.at >= since).length,
  };
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).pathname !== '/graphql') return;
    traffic.sockets.push(socket.url());
    socket.on('framereceived', ({ payload }) => {
      for (const field of nextFrameFields(payload)) traffic.events.push({ field, at: Date.now() });
    });
  });
  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return;
    const body = request.postDataJSON() as { operationName?: string } | null;
    if (body?.operationName) traffic.queries.push({ operationName: body.operationName, at: Date.now() });
  });
  return traffic;
};
