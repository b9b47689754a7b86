// The gate must fail when a check fails: hand-written pages with one known fault each
// (fixtures/faults/) go through the same check functions as the bundled site, and each must
// fail the check it was written for. The fixture without faults must pass them all, so a
// failure here is the fault and not the harness.
'use strict';

const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { listFiles } = require('./lib/site');
const { serve } = require('./lib/server');
const { launch, openContext } = require('./lib/browser');
const checks = require('./lib/checks');
const { CHECKS, PAGE_CHECKS, checkPage, formatFailures } = require('./lib/gate');

const FIXTURES = path.join(__dirname, 'fixtures', 'faults');

/** Each faulty fixture, the check it must fail, and the rule that must say why. */
const EXPECTED = [
  ['/missing-alt.html', 'axe-light', 'image-alt'],
  ['/low-contrast.html', 'axe-light', 'color-contrast'],
  ['/dark-contrast.html', 'axe-dark', 'color-contrast'],
  ['/dark-layout.html', 'axe-dark', 'dark-scheme-not-colour'],
  ['/invalid.html', 'html', 'html-error'],
  ['/broken.svg', 'svg', 'svg-xml'],
  ['/broken-link.html', 'links', 'broken-link'],
  ['/broken-link.html', 'links', 'broken-fragment'],
  ['/skipped-heading.html', 'no-js', 'heading-levels'],
  ['/js-only.html', 'no-js', 'js-only-content'],
  ['/wide.html', 'reflow', 'horizontal-scroll'],
  ['/wide.html', 'zoom', 'horizontal-scroll'],
  ['/hidden-narrow.html', 'reflow', 'content-lost'],
  ['/hidden-narrow.html', 'zoom', 'content-lost'],
  ['/clipped.html', 'text-spacing', 'clipped-text'],
  ['/no-skip-link.html', 'keyboard', 'skip-link-first'],
  ['/no-focus-style.html', 'keyboard', 'focus-visible'],
  ['/positive-tabindex.html', 'keyboard', 'positive-tabindex'],
  ['/external-request.html', 'requests', 'offsite-request'],
  ['/overweight.html', 'weight', 'weight'],
  ['/chart-overflow.html', 'charts', 'chart-bar-label'],
  ['/chart-overflow.html', 'charts', 'chart-viewbox'],
  ['/chart-overflow.html', 'charts', 'chart-text-overlap'],
  ['/chart-overflow.html', 'charts', 'chart-text-on-bar'],
];

/** 200 kB of random base64 in a comment: about 150 kB even after gzip. */
function heavyScript() {
  let seed = 20261122;
  const random = Buffer.alloc(150 * 1024);
  for (let i = 0; i < random.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    random[i] = seed >>> 24;
  }
  return `/* ${random.toString('base64')} */\n`;
}

describe('browser gate: fixtures with known faults fail it', () => {
  const failures = {}; // page → check → failures
  let dir;
  let server;
  let browser;
  let js;
  let nojs;

  const record = (list, check) => {
    for (const f of list) {
      failures[f.page] ||= {};
      (failures[f.page][check] ||= []).push(f);
    }
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keikaku-gate-faults-'));
    fs.cpSync(FIXTURES, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'heavy.js'), heavyScript());
    server = await serve(dir);
    const vnu = checks.vnuCheck(dir);
    browser = await launch();
    js = await openContext(browser, server.origin);
    nojs = await openContext(browser, server.origin, { javaScriptEnabled: false });

    const pages = listFiles(dir, '.html').map((f) => `/${f}`);
    const linkRecords = [];
    for (const p of pages) {
      const r = await checkPage(js, nojs, p, { tabOrder: true, charts: true });
      for (const id of PAGE_CHECKS.concat('charts')) record(r.failures[id] || [], id);
      linkRecords.push(r.links);
    }
    record(checks.checkLinks(linkRecords, { dir, origins: [server.origin] }).failures, 'links');
    record(await checks.svgCheck(js.page, dir, listFiles(dir, '.svg')), 'svg');
    record(checks.darkSchemeCheck(dir, [...listFiles(dir, '.css'), ...listFiles(dir, '.svg'), ...listFiles(dir, '.html')]), 'axe-dark');
    record(await vnu, 'html');
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the fixture without faults passes every check', () => {
    const found = Object.values(failures['/index.html'] || {}).flat();
    const svg = Object.values(failures['/dot.svg'] || {}).flat();
    assert.equal(found.length + svg.length, 0, `unexpected failures:\n${formatFailures(found.concat(svg))}`);
  });

  for (const [page, check, rule] of EXPECTED) {
    test(`${page} fails ${check} (${rule})`, () => {
      assert.ok(CHECKS.some((c) => c.id === check), `unknown check ${check}`);
      const found = (failures[page] && failures[page][check]) || [];
      assert.ok(found.some((f) => f.rule === rule),
        `expected ${check} to fail on ${page} with ${rule}; it reported:\n${formatFailures(found) || '  nothing'}`);
    });
  }

  test('every check of the gate is shown failing by some fixture', () => {
    const shown = new Set(EXPECTED.map(([, check]) => check));
    const missing = CHECKS.map((c) => c.id).filter((id) => !shown.has(id));
    assert.deepEqual(missing, []);
  });
});
