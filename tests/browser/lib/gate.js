// The gate's page pipeline and its bookkeeping: every page goes through every page check once
// (one load with JavaScript, one without), several pages at a time; the results feed one
// node:test test per check and the accessibility results published on the site.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const checks = require('./checks');
const { pool, DESKTOP, MOBILE } = require('./browser');

/**
 * The checks, in the order of the published results. `criteria` is what the results page
 * shows; `title` names the node:test test.
 */
const CHECKS = [
  { id: 'axe-light', criteria: 'WCAG 2.0/2.1/2.2 A and AA (axe-core rules)', title: 'axe-core: no WCAG 2.x A/AA violation, light colour scheme' },
  { id: 'axe-dark', criteria: 'WCAG 1.4.1, 1.4.3 in the dark colour scheme (axe-core colour rules)', title: 'axe-core: no colour violation in the dark colour scheme, which changes only colours' },
  { id: 'html', criteria: 'WCAG 2.0 4.1.1 (Nu HTML Checker)', title: 'Nu HTML Checker: no error in any page' },
  { id: 'svg', criteria: 'XML 1.0 well-formedness', title: 'every .svg file is well-formed SVG' },
  { id: 'links', criteria: 'Internal links and #fragments resolve', title: 'every link, resource and #fragment inside the site resolves' },
  { id: 'no-js', criteria: 'WCAG 1.3.1, 2.4.6 without JavaScript', title: 'without JavaScript every page has its content' },
  { id: 'reflow', criteria: 'WCAG 1.4.10 (320 CSS px)', title: 'reflow: no sideways scroll or lost content at 320 px' },
  { id: 'text-spacing', criteria: 'WCAG 1.4.12', title: 'text spacing: no clipped text with WCAG 1.4.12 spacing' },
  { id: 'zoom', criteria: 'WCAG 1.4.4 (200%)', title: 'zoom to 200%: no sideways scroll, lost or clipped content' },
  { id: 'keyboard', criteria: 'WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7', title: 'keyboard: skip link first, visible focus, DOM tab order' },
  { id: 'requests', criteria: 'No request to another origin', title: 'no request leaves the origin' },
  { id: 'weight', criteria: 'First load ≤ 100 kB (gzip)', title: 'every page\'s first load is at most 100 kB gzip' },
  { id: 'charts', criteria: 'Chart labels inside bars and viewBox', title: 'chart labels fit their bars and the viewBox (measured in Chromium)' },
];

/** The checks `checkPage` runs (the others work on the whole directory or on chart pages). */
const PAGE_CHECKS = ['axe-light', 'axe-dark', 'no-js', 'reflow', 'text-spacing', 'zoom', 'keyboard', 'requests', 'weight'];

/**
 * The chart check on the page loaded in `ctx` (a page or an .svg file), at the desktop and the
 * mobile width; with `shots`, a screenshot of every chart's figure at both widths goes there.
 * Leaves the page at the desktop width. Returns `{ charts, failures }`, a failure once per rule
 * and element even when both widths find it.
 */
async function chartPass(ctx, pagePath, { shots = null } = {}) {
  const { page } = ctx;
  const failures = [];
  const seen = new Set();
  let charts = 0;
  for (const size of [DESKTOP, MOBILE]) {
    await checks.setViewport(page, size);
    const r = await checks.chartCheck(page);
    charts = r.charts;
    for (const f of r.failures) {
      const key = `${f.rule}|${f.element}`;
      if (seen.has(key)) continue;
      seen.add(key);
      failures.push({ page: pagePath, ...f, detail: `${f.detail} (at ${size.width} px)` });
    }
    if (!shots || charts === 0 || pagePath.endsWith('.svg')) continue;
    const figures = await page.$$('svg.chart');
    const stem = pagePath.replace(/^\/|\/$/g, '').replace(/\//g, '-');
    for (let i = 0; i < figures.length; i++) {
      const target = (await figures[i].evaluateHandle((svg) => svg.closest('figure') || svg)).asElement();
      await target.screenshot({ path: path.join(shots, `${stem}-chart${i + 1}-${size.width}.png`) });
    }
  }
  await checks.setViewport(page, DESKTOP);
  return { charts, failures };
}

/**
 * Runs every page check on one page: `js` and `nojs` are contexts from openContext. With
 * `charts`, the chart check runs on the same load (see chartPass; `shots` is its screenshot
 * directory). Returns `{ path, status, weight, items, charts, failures: { [check]: [...] },
 * links: { page, links, ids } }`, `charts` being the number of charts when they were checked.
 */
async function checkPage(js, nojs, pagePath, { tabOrder = false, charts = false, shots = null } = {}) {
  const url = `${js.origin}${pagePath}`;
  const failures = {};
  js.setLabel(pagePath);
  const load = await checks.loadPage(js, url);
  failures.weight = checks.weightCheck(load.weight);
  // First, on the fresh load: the later checks change the page's styles and sizes.
  let chartCount = 0;
  if (charts) {
    const r = await chartPass(js, pagePath, { shots });
    chartCount = r.charts;
    failures.charts = r.failures;
  }
  failures.keyboard = await checks.keyboardCheck(js.page, { tabOrder });
  failures['axe-light'] = await checks.axeCheck(js.page, 'light');
  failures['axe-dark'] = await checks.axeCheck(js.page, 'dark', { rules: checks.AXE_COLOUR_RULES });
  const withJs = await checks.mainText(js.page);
  await checks.rememberText(js.page);
  failures['text-spacing'] = await checks.textSpacingCheck(js.page);
  failures.reflow = await checks.reflowCheck(js.page);
  failures.zoom = await checks.zoomCheck(js.page);

  nojs.setLabel(pagePath);
  const plain = await checks.loadPage(nojs, url, { measure: false });
  failures['no-js'] = await checks.noJsCheck(nojs.page, withJs);
  const { links, ids } = await checks.collectLinks(nojs.page);
  const offsite = js.state.offsite.filter((o) => o.page === pagePath).concat(nojs.state.offsite.filter((o) => o.page === pagePath));
  failures.requests = checks.requestsCheck(offsite, links, js.origin);
  const errors = js.state.errors.filter((e) => e.page === pagePath).map((e) => e.message);
  for (const list of Object.values(failures)) for (const f of list) f.page = pagePath;
  return {
    path: pagePath,
    status: load.status,
    plainStatus: plain.status,
    errors,
    weight: load.weight.bytes,
    items: load.weight.items,
    charts: chartCount,
    failures,
    links: { page: pagePath, links, ids },
  };
}

/**
 * Runs checkPage on every page path with `contexts` (pairs `{ js, nojs }`, one per worker);
 * `tabOrderPaths` get the full Tab walk, `chartPaths` the chart check (screenshots in `shots`).
 * Calls `progress(done, total)` now and then.
 */
async function checkPages(contexts, paths, { tabOrderPaths = new Set(), chartPaths = new Set(), shots = null, progress = () => {} } = {}) {
  let done = 0;
  return pool(paths, contexts, async (p, worker) => {
    let result;
    try {
      result = await checkPage(worker.js, worker.nojs, p, { tabOrder: tabOrderPaths.has(p), charts: chartPaths.has(p), shots });
    } catch (e) {
      result = { path: p, status: 0, errors: [`the checks crashed: ${e && e.stack || e}`], weight: 0, items: [], charts: 0, failures: {}, links: { page: p, links: [], ids: [] } };
    }
    done++;
    progress(done, paths.length);
    return result;
  });
}

/** One line per failure, for assertion messages and the report. */
function formatFailures(list, max = 60) {
  const lines = list.slice(0, max).map((f) => `  ${f.page || ''} [${f.rule}] ${f.element ? `${f.element}: ` : ''}${f.detail}`);
  if (list.length > max) lines.push(`  … and ${list.length - max} more (all in test-output/browser-report.json)`);
  return lines.join('\n');
}

/**
 * The accessibility results as published on the site (deterministic: no times, no paths).
 * `counts` maps a check id to `{ pages, violations }`.
 */
function accessibilityResults({ tools, languages, pages, counts }) {
  return {
    standard: 'JIS X 8341-3:2016',
    target: 'AA',
    wcag: '2.2',
    tools,
    languages,
    pages,
    checks: CHECKS.map((c) => ({
      id: c.id,
      criteria: c.criteria,
      pages: counts[c.id] ? counts[c.id].pages : 0,
      violations: counts[c.id] ? counts[c.id].violations : 0,
      passed: Boolean(counts[c.id]) && counts[c.id].violations === 0,
    })),
  };
}

/** Writes JSON with two-space indentation and a final newline. */
function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

module.exports = { CHECKS, PAGE_CHECKS, chartPass, checkPage, checkPages, formatFailures, accessibilityResults, writeJson };
