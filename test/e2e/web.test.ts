// The repository web page in a real browser: headless Chromium (Debian's `chromium` package) driven by
// playwright-core. Skipped, with a message, when /usr/bin/chromium is absent (apt-get install -y chromium).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/repo/server.js';
import { chartArchive } from '../unit/serve/helpers.js';

const CHROMIUM = process.env.TSHELM_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`test/e2e/web.test.ts skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('repository web page in headless Chromium', () => {
  let dir: string;
  let srv: Awaited<ReturnType<typeof startServer>>;
  let browser: any;
  const shot = join(tmpdir(), `tshelm-web-${process.pid}.png`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tshelm-web-'));
    srv = await startServer({ storage: dir, port: 0, allowUpload: true, repoName: 'edu' });
    const evil = '<script>window.__pwned = 1; document.title = "pwned"</script>';
    const readme = `# Metallb\n\nA **load balancer**.\n\n${evil}\n\n<img src=x onerror="window.__pwned=2">\n\n[click](javascript:window.__pwned=3)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`;
    for (const [name, version, extra, meta] of [
      ['metallb', '0.1.0', { 'README.md': readme }, { description: 'MetalLB <img src=x onerror="window.__pwned=4">' }],
      ['metallb', '0.1.1', { 'README.md': readme }, { description: 'MetalLB <img src=x onerror="window.__pwned=4">', icon: 'javascript:window.__pwned=5' }],
      ['webapp', '1.2.3', {}, { description: 'A web app', appVersion: '2.4.1' }],
    ] as const) {
      const r = await fetch(`${srv.url}/api/charts`, { method: 'POST', body: chartArchive(name, version, extra as any, meta as any) });
      expect(r.status).toBe(201);
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(shot, { force: true });
  });

  it('lists the charts with their latest version and description, and takes a screenshot', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}/`);
    const charts = await page.$$eval('.chart', (els: Element[]) => els.map((e) => [e.getAttribute('data-chart'), e.querySelector('.version')?.textContent, e.querySelector('.description')?.textContent]));
    expect(charts).toEqual([
      ['metallb', '0.1.1', 'MetalLB <img src=x onerror="window.__pwned=4">'],
      ['webapp', '1.2.3', 'A web app'],
    ]);
    expect(await page.textContent('#repo-add')).toBe(`tshelm repo add edu ${srv.url}`);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(2000);
    await page.click('text=metallb');
    await page.waitForSelector('#chart-name');
    expect(page.url()).toBe(`${srv.url}/chart/metallb`);
    await page.close();
  });

  it('chart page: versions, rendered README, values, copy lines; README scripts do not run', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e: Error) => errors.push(e.message));
    await page.goto(`${srv.url}/chart/metallb`);
    expect(await page.textContent('#chart-name')).toBe('metallb');
    expect(await page.$$eval('#versions tbody tr td:first-child', (els: Element[]) => els.map((e) => e.textContent))).toEqual(['0.1.1', '0.1.0']);
    expect(await page.textContent('#readme h1')).toBe('Metallb');
    expect(await page.textContent('#readme strong')).toBe('load balancer');
    expect(await page.$$eval('#readme table td', (els: Element[]) => els.map((e) => e.textContent))).toEqual(['1', '2']);
    // the script is shown as text, never executed
    expect(await page.textContent('#readme')).toContain('<script>window.__pwned = 1');
    expect(await page.$$('#readme script')).toHaveLength(0);
    expect(await page.$$('#readme img')).toHaveLength(0);
    expect(await page.$$eval('a', (els: Element[]) => els.filter((a) => (a.getAttribute('href') ?? '').startsWith('javascript')).length)).toBe(0);
    await page.click('#readme >> text=click').catch(() => undefined);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.title()).not.toBe('pwned');
    expect(await page.textContent('#values')).toBe('replicaCount: 1\n');
    expect(await page.textContent('#install')).toBe(`tshelm repo add edu ${srv.url}\ntshelm install my-metallb edu/metallb --version 0.1.1`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
