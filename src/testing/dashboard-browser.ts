/**
 * Browser end-to-end support: Debian's chromium driven by playwright-core (never a downloaded
 * browser), and a fresh dashboard build when its sources are newer than the built files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM_PATH = process.env.DISTILLGUARD_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts', 'dashboard');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

/** Why browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set DISTILLGUARD_CHROMIUM)`;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Builds the dashboard when dist/dashboard/app is missing or older than its sources. */
export function ensureDashboardBuilt(): void {
  const index = join(REPO_ROOT, 'dist', 'dashboard', 'app', 'index.html');
  const sources = [join(REPO_ROOT, 'dashboard'), join(REPO_ROOT, 'src', 'dashboard', 'api-types.ts')];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'dashboard/vite.config.ts'],
    { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the dashboard failed:\n${result.stdout}\n${result.stderr}`);
}

/** A headless chromium with a fresh profile; `close()` removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'dg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Path of a screenshot artifact (the folder is created). */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/** An accessibility rule the page breaks, as axe-core reports it. */
export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is, and returns the violations of
 * serious or critical impact. Evaluated through the DevTools protocol, so the page's CSP stays on.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  const source = readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const violations = await page.evaluate(`(async () => {
    ${source}
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  })()`) as AccessibilityViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Submits the login form with a name and a token (the caller checks what follows). */
export async function submitLogin(page: Page, token: string, name?: string): Promise<void> {
  if (name !== undefined) await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Tries a wrong token: the login form answers with its alert, and no session cookie is set. */
export async function expectBadLoginRefused(page: Page, context: BrowserContext, dashboardUrl: string): Promise<void> {
  await page.goto(dashboardUrl);
  await submitLogin(page, 'not-the-token', 'alice');
  await page.getByRole('alert').filter({ hasText: 'the admin token is wrong' }).waitFor();
  const cookies = (await context.cookies()).filter((c) => c.name === 'dg_dashboard_session');
  if (cookies.length > 0) throw new Error('a refused login set a session cookie');
}

/** Blocks the campaign on screen through its action panel (enforced, with a reason), and waits for the confirmation and the blocked badge. */
export async function blockCampaignFromPanel(page: Page, reason: string): Promise<void> {
  const panel = page.locator('form.actions-panel');
  await panel.getByLabel('Block campaign').check();
  await panel.getByLabel('Enforce now').check();
  await panel.getByLabel('Reason (for the audit log)').fill(reason);
  await panel.getByRole('button', { name: 'Block campaign…' }).click();
  await panel.getByRole('button', { name: 'Confirm block campaign' }).click();
  await panel.getByRole('status').filter({ hasText: 'Block done' }).waitFor();
  await page.locator('h1 .badge-blocked').waitFor();
}
