// Debian's Chromium driven by playwright-core, and the browser contexts the checks run in: each
// blocks and records every request that would leave the site's origin.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const { chromium } = require('playwright-core');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Chromium to drive: $CHROMIUM, else Debian's. */
function chromiumPath() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((c) => c && fs.existsSync(c));
  if (!found) throw new Error('no Chromium found: install Debian\'s (apt-get install chromium) or set CHROMIUM');
  return found;
}

/** Launches headless Chromium (a fresh profile in a temporary directory). */
function launch() {
  return chromium.launch({ executablePath: chromiumPath(), args: ARGS, headless: true });
}

/** Chromium's major version, e.g. "156". */
function majorVersion(browser) {
  return browser.version().split('.')[0];
}

/** The desktop viewport every page is first loaded in. */
const DESKTOP = { width: 1280, height: 800 };

/** The phone-sized viewport the charts are also checked at. */
const MOBILE = { width: 375, height: 812 };

/**
 * A browser context for `origin` with one page. Requests to any other origin are aborted and
 * recorded in `offsite` as `{ page, url, type }`, `page` being whatever `label` was last set to.
 */
async function openContext(browser, origin, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled,
    viewport: DESKTOP,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  });
  const state = { label: '', offsite: [], errors: [] };
  // Routing every request also turns the HTTP cache off, so every load is a first load.
  await context.route('**/*', (route) => {
    const request = route.request();
    const url = request.url();
    if (url === origin || url.startsWith(`${origin}/`)) return route.continue();
    state.offsite.push({ page: state.label, url, type: request.resourceType() });
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => state.offsite.push({ page: state.label, url: ws.url(), type: 'websocket' }));
  page.on('pageerror', (e) => state.errors.push({ page: state.label, message: String(e && e.message || e) }));
  return {
    context,
    page,
    origin,
    state,
    setLabel(label) { state.label = label; },
    close: () => context.close(),
  };
}

/** Runs `fn(item, worker)` for every item with `workers.length` workers; results in input order. */
async function pool(items, workers, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(workers.map(async (worker) => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], worker, i);
    }
  }));
  return results;
}

/** How many pages to check at once: $KEIKAKU_GATE_WORKERS, else one more than the cores (max 4). */
function workerCount() {
  const fromEnv = Number(process.env.KEIKAKU_GATE_WORKERS);
  if (fromEnv > 0) return fromEnv;
  return Math.min(4, Math.max(2, os.availableParallelism() + 1));
}

module.exports = { launch, majorVersion, openContext, pool, workerCount, DESKTOP, MOBILE, chromiumPath };
