// The checks of the browser gate, as functions that work on any page or directory: the gate runs
// them on the built site and the negative tests on hand-written fixtures with known faults.
//
// A page check returns a list of failures `{ rule, element, detail }` (empty when the page
// passes); the directory checks return `{ page, rule, element, detail }`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFile } = require('node:child_process');
const { INSTALL } = require('./in-page');
const { DESKTOP } = require('./browser');
const { resolveFile } = require('./server');

const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_SOURCE = fs.readFileSync(AXE_PATH, 'utf8');
const AXE_VERSION = require('axe-core/package.json').version;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

/** The largest first load a page may have, in bytes of gzip (100 kB). */
const WEIGHT_LIMIT = 100 * 1000;

/** WCAG 1.4.12: the text-spacing values a reader may set. */
const TEXT_SPACING_CSS = `
*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }`;

const REFLOW = { width: 320, height: 640 };
/** 200% zoom of the 1280 × 800 desktop window: the layout sees 640 × 400 CSS px. */
const ZOOM = { width: 640, height: 400 };

const fail = (rule, element, detail) => ({ rule, element, detail });

// ---------------------------------------------------------------------------------------------
// Loading and weight

const gzipCache = new Map();

/** The gzip size of a body (cached by URL and length: static files repeat on every page). */
function gzipSize(url, body) {
  const key = `${url}\0${body.length}`;
  let size = gzipCache.get(key);
  if (size === undefined) {
    size = zlib.gzipSync(body).length;
    gzipCache.set(key, size);
  }
  return size;
}

/**
 * Loads `url` in `ctx` at the desktop size in the light scheme, waits until the network is
 * quiet and fonts are ready, and installs the in-page helpers. Returns the main response's
 * status and the first load's weight: `{ bytes, items: [{ url, bytes }] }` (gzip of each
 * response body; with `measure: false` nothing is measured and nothing waited for).
 */
async function loadPage(ctx, url, { measure = true } = {}) {
  const { page } = ctx;
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  const responses = [];
  let inflight = 0;
  let lastActivity = Date.now();
  const onRequest = () => { inflight++; lastActivity = Date.now(); };
  const onDone = () => { inflight = Math.max(0, inflight - 1); lastActivity = Date.now(); };
  const onResponse = (r) => responses.push(r);
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  page.on('response', onResponse);
  let status = 0;
  try {
    const main = await page.goto(url, { waitUntil: 'load' });
    status = main ? main.status() : 0;
    // Scripts may fetch after the load event: wait for 100 ms without traffic (at most 3 s).
    const deadline = Date.now() + 3000;
    while (measure && Date.now() < deadline && (inflight > 0 || Date.now() - lastActivity < 100)) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await page.evaluate(() => document.fonts.ready.then(() => true));
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
    page.off('response', onResponse);
  }
  const items = [];
  for (const response of measure ? responses : []) {
    const status = response.status();
    if (status >= 300 && status < 400) continue;
    const body = await response.body().catch(() => null);
    if (!body) continue;
    items.push({ url: response.url(), bytes: gzipSize(response.url(), body) });
  }
  await page.evaluate(INSTALL);
  return { status, weight: { bytes: items.reduce((sum, i) => sum + i.bytes, 0), items } };
}

/** Check 8: the first load is at most WEIGHT_LIMIT bytes of gzip. */
function weightCheck(weight, limit = WEIGHT_LIMIT) {
  if (weight.bytes <= limit) return [];
  const parts = weight.items.slice().sort((a, b) => b.bytes - a.bytes).slice(0, 4)
    .map((i) => `${new URL(i.url).pathname} ${i.bytes} B`).join(', ');
  return [fail('weight', 'page', `first load is ${weight.bytes} B gzip, over ${limit} B (largest: ${parts})`)];
}

// ---------------------------------------------------------------------------------------------
// Accessibility engine

/**
 * The axe-core rules whose result depends on colours. The dark scheme changes nothing but colours
 * (darkSchemeCheck holds the stylesheets to that), so the dark pass runs these and leaves the
 * structural rules, whose result the light pass already has, alone: it costs a third as much.
 */
const AXE_COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Check 1: axe-core with the WCAG 2.0/2.1/2.2 A and AA rules, in `colorScheme`; with `rules`,
 * only those rules (still only where the WCAG tags include them).
 */
async function axeCheck(page, colorScheme, { rules = null } = {}) {
  await page.emulateMedia({ colorScheme });
  let violations;
  try {
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
    violations = await page.evaluate(async ({ tags, rules }) => {
      const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags };
      const result = await window.axe.run(document, { runOnly, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n) => {
          // axe's selector can be as short as "svg": name the element the way the other checks do.
          let el = null;
          try { el = n.target.length === 1 ? document.querySelector(n.target[0]) : null; } catch { el = null; }
          const target = el && window.__kk ? window.__kk.describe(el) : n.target.join(' ');
          return { target, summary: (n.failureSummary || '').replace(/\s+/g, ' ') };
        }),
      }));
    }, { tags: AXE_TAGS, rules });
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
  const out = [];
  for (const v of violations) {
    for (const n of v.nodes) out.push(fail(v.id, n.target, `${v.help}. ${n.summary}`.slice(0, 400)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keyboard

/**
 * Check 6, on a freshly loaded page (before anything else took focus): the first Tab reaches a
 * skip link to `main` (or, on a page with nothing to bypass, such as an embed card, something
 * inside `main` already), which is visible when focused and moves focus into `main`; no positive
 * tabindex; no CSS reordering of tabbable content; every tabbable element shows a focus
 * indicator (outline or box-shadow) on :focus-visible. With `tabOrder`, Tab is pressed through
 * the page and the focus must move forward in DOM order.
 */
async function keyboardCheck(page, { tabOrder = false } = {}) {
  const out = [];
  await page.evaluate(() => {
    window.__kkFocus = [];
    document.addEventListener('focusin', (e) => window.__kkFocus.push(e.target), true);
  });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const kk = window.__kk;
    const a = document.activeElement;
    window.__kkSkip = a;
    const main = document.querySelector('main');
    const href = a && a.getAttribute ? a.getAttribute('href') || '' : '';
    let target = null;
    if (href.startsWith('#')) {
      try { target = document.getElementById(decodeURIComponent(href.slice(1))); } catch { target = null; }
    }
    const r = a ? a.getBoundingClientRect() : { width: 0, height: 0, top: -1, left: -1, bottom: -1, right: -1 };
    return {
      element: a && a !== document.body ? kk.describe(a) : '(nothing)',
      isSkip: Boolean(a && a.localName === 'a' && target && main && (target === main || main.contains(target))),
      // WCAG 2.4.1 asks for a way past blocks repeated before the content; with none, the
      // first Tab lands in main itself.
      inMain: Boolean(a && main && a !== main && main.contains(a)),
      visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    };
  });
  if (!first.isSkip && !first.inMain) {
    out.push(fail('skip-link-first', first.element, 'the first Tab does not reach a link to main (a skip link)'));
  } else if (!first.visible) {
    out.push(fail('skip-link-visible', first.element, 'the skip link is not visible when focused'));
  }

  if (tabOrder) {
    const count = await page.evaluate(() => window.__kk.tabbables().length);
    for (let i = 0; i < Math.min(count, 150); i++) await page.keyboard.press('Tab');
    const backwards = await page.evaluate(() => {
      const kk = window.__kk;
      const seq = window.__kkFocus.filter((el) => el !== document.body && el.isConnected);
      // After the last element focus leaves the page and comes back to the first: stop there.
      const wrap = seq.indexOf(seq[0], 1);
      if (wrap > 0) seq.length = wrap;
      const bad = [];
      for (let i = 1; i < seq.length; i++) {
        const prev = seq[i - 1];
        const cur = seq[i];
        if (cur === prev) continue;
        // Focus moving into something the previous element contains is still forward.
        const forward = prev.compareDocumentPosition(cur) & Node.DOCUMENT_POSITION_FOLLOWING;
        if (!forward) bad.push(`Tab goes from ${kk.describe(prev)} back to ${kk.describe(cur)}`);
      }
      return bad;
    });
    for (const b of backwards) out.push(fail('tab-order', '', b));
  }

  if (first.isSkip) {
    await page.evaluate(() => window.__kkSkip.focus());
    await page.keyboard.press('Enter');
    const moved = await page.evaluate(() => {
      const main = document.querySelector('main');
      const a = document.activeElement;
      return { ok: Boolean(main && a && (a === main || main.contains(a))), element: a && a !== document.body ? window.__kk.describe(a) : 'body' };
    });
    if (!moved.ok) out.push(fail('skip-link-target', first.element, `activating the skip link leaves focus on ${moved.element}, not in main`));
  }

  const inPage = await page.evaluate(() => {
    const kk = window.__kk;
    const problems = [];
    for (const el of document.querySelectorAll('[tabindex]')) {
      if (el.tabIndex > 0) problems.push({ rule: 'positive-tabindex', element: kk.describe(el), detail: `tabindex="${el.getAttribute('tabindex')}" changes the tab order` });
    }
    const list = kk.tabbables();
    for (const r of kk.reorderedTabbables(list)) problems.push({ rule: 'visual-order', element: '', detail: `${r}: visual order differs from tab order` });
    for (const el of list) {
      el.blur();
      const before = kk.focusStyle(el);
      el.focus();
      if (document.activeElement !== el) {
        problems.push({ rule: 'focusable', element: kk.describe(el), detail: 'cannot take focus' });
        continue;
      }
      const now = kk.focusStyle(el);
      const visible = el.matches(':focus-visible') && (now.outline || (now.boxShadow !== 'none' && now.boxShadow !== before.boxShadow));
      if (!visible) {
        problems.push({ rule: 'focus-visible', element: kk.describe(el), detail: `no focus indicator (outline: ${now.outlineText}; box-shadow: ${now.boxShadow})` });
      }
      const r = kk.box(el);
      if (!(r.width > 0 && r.height > 0)) problems.push({ rule: 'focus-visible', element: kk.describe(el), detail: 'has no visible box when focused' });
    }
    if (document.activeElement) document.activeElement.blur();
    window.scrollTo(0, 0);
    return problems;
  });
  return out.concat(inPage);
}

// ---------------------------------------------------------------------------------------------
// Reflow, text spacing, zoom

/** Resizes the viewport; the next read of a layout value lays the page out at the new size. */
async function setViewport(page, size) {
  await page.setViewportSize(size);
  await page.evaluate(() => document.documentElement.getBoundingClientRect().width);
}

async function withTextSpacing(page, fn) {
  await page.evaluate((css) => {
    const style = document.createElement('style');
    style.id = '__kk-text-spacing';
    style.textContent = css;
    document.head.appendChild(style);
  }, TEXT_SPACING_CSS);
  try {
    return await fn();
  } finally {
    await page.evaluate(() => document.getElementById('__kk-text-spacing').remove());
  }
}

/** The failures of one layout: sideways scroll, text lost since `rememberText`, clipped text. */
async function layoutFailures(page, label, { scroll = true, lost = true } = {}) {
  const r = await page.evaluate(({ scroll, lost }) => ({
    scroll: scroll ? window.__kk.horizontalScroll() : null,
    lost: lost ? window.__kk.lostText() : [],
    clipped: window.__kk.clippedText(),
  }), { scroll, lost });
  const out = [];
  if (r.scroll) {
    const culprits = r.scroll.culprits.length ? r.scroll.culprits : ['(no single element found)'];
    for (const c of culprits) out.push(fail('horizontal-scroll', c, `${label}: the page scrolls sideways (${r.scroll.scrollWidth} px content in ${r.scroll.clientWidth} px)`));
  }
  for (const l of r.lost) out.push(fail('content-lost', l, `${label}: text visible at 1280 px is lost`));
  for (const c of r.clipped) out.push(fail('clipped-text', c, label));
  return out;
}

/** Remembers the text visible now (call at the desktop size before reflow/zoom checks). */
async function rememberText(page) {
  await page.evaluate(() => window.__kk.rememberText());
}

/** Check 5a: at 320 CSS px wide nothing scrolls sideways, nothing is lost or clipped. */
async function reflowCheck(page) {
  await setViewport(page, REFLOW);
  try {
    return await layoutFailures(page, 'at 320 px');
  } finally {
    await setViewport(page, DESKTOP);
  }
}

/**
 * Check 5b: with the WCAG 1.4.12 spacing (line height 1.5, paragraph spacing 2, letter spacing
 * 0.12, word spacing 0.16 em) no box clips its text, at 1280 and at 320 px.
 */
async function textSpacingCheck(page) {
  const out = [];
  await withTextSpacing(page, async () => {
    const only = { scroll: false, lost: false };
    out.push(...await layoutFailures(page, 'text spacing at 1280 px', only));
    await setViewport(page, REFLOW);
    out.push(...await layoutFailures(page, 'text spacing at 320 px', only));
    await setViewport(page, DESKTOP);
  });
  return out;
}

/** Check 5c: at 200% zoom (640 × 400 CSS px) nothing scrolls sideways, is lost or clipped. */
async function zoomCheck(page) {
  await setViewport(page, ZOOM);
  try {
    return await layoutFailures(page, 'at 200% zoom');
  } finally {
    await setViewport(page, DESKTOP);
  }
}

// ---------------------------------------------------------------------------------------------
// Without JavaScript

/** The text of `main` as the reader gets it (for comparing with and without JavaScript). */
function mainText(page) {
  return page.evaluate(() => window.__kk.mainText());
}

/**
 * Check 4, on a page loaded with JavaScript disabled: one `main` with text, one `h1` in it,
 * headings that do not skip a level, no control that only works with JavaScript, and every
 * text of `main` that the page shows with JavaScript (`withJs`, from `mainText`) present.
 */
async function noJsCheck(page, withJs = []) {
  const r = await page.evaluate(() => {
    const kk = window.__kk;
    const mains = Array.from(document.querySelectorAll('main')).filter((m) => !m.hidden);
    const main = mains[0];
    const h1s = Array.from(document.querySelectorAll('h1')).filter(kk.rendered);
    const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]'))
      .filter(kk.rendered)
      .map((h) => ({ level: h.getAttribute('aria-level') ? Number(h.getAttribute('aria-level')) : Number(h.localName.slice(1)) || 2, element: kk.describe(h) }));
    const jsOnly = [];
    for (const a of document.querySelectorAll('a')) {
      const href = a.getAttribute('href');
      if (href === null && a.textContent.trim() && !a.hasAttribute('name') && !a.id) jsOnly.push(`${kk.describe(a)} is a link without href`);
      else if (href !== null && (/^\s*javascript:/i.test(href) || href.trim() === '#')) jsOnly.push(`${kk.describe(a)} has href="${href}"`);
    }
    for (const b of document.querySelectorAll('button')) {
      if (kk.rendered(b) && (b.type === 'button' || !b.form)) jsOnly.push(`${kk.describe(b)} does nothing without JavaScript`);
    }
    for (const el of document.querySelectorAll('[onclick], [onchange], [onsubmit]')) jsOnly.push(`${kk.describe(el)} has an inline event handler`);
    return {
      mains: mains.length,
      mainChars: main ? main.innerText.replace(/\s+/g, '').length : 0,
      h1s: h1s.length,
      h1InMain: Boolean(main && h1s.length && main.contains(h1s[0])),
      headings,
      jsOnly,
      text: kk.mainText(),
    };
  });
  const out = [];
  if (r.mains !== 1) out.push(fail('main', 'main', `${r.mains} main elements (expected 1)`));
  if (r.mains >= 1 && r.mainChars === 0) out.push(fail('main-content', 'main', 'main has no text without JavaScript'));
  if (r.h1s !== 1) out.push(fail('one-h1', 'h1', `${r.h1s} visible h1 elements (expected 1)`));
  else if (!r.h1InMain) out.push(fail('one-h1', 'h1', 'the h1 is outside main'));
  for (let i = 1; i < r.headings.length; i++) {
    const prev = r.headings[i - 1];
    const cur = r.headings[i];
    if (cur.level > prev.level + 1) out.push(fail('heading-levels', cur.element, `h${cur.level} follows h${prev.level}: a heading level is skipped`));
  }
  for (const j of r.jsOnly) out.push(fail('needs-js', j, 'requires JavaScript'));
  const without = new Set(r.text);
  const missing = Array.from(new Set(withJs.filter((t) => !without.has(t))));
  for (const m of missing.slice(0, 10)) out.push(fail('js-only-content', `"${m.slice(0, 60)}"`, 'text in main shown only with JavaScript'));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Links and resources (collected from the DOM, resolved against the built files)

/** Attributes that hold a URL. */
const URL_ATTRS = ['href', 'src', 'srcset', 'action', 'data', 'poster', 'xlink:href', 'cite'];

/**
 * Every URL in the page's markup with the element it is on, whether the browser would load it
 * by itself (`load`), and every id and `a[name]` of the page: `{ links, ids }`.
 */
function collectLinks(page) {
  return page.evaluate((attrs) => {
    const kk = window.__kk;
    const links = [];
    const LOADED_RELS = /\b(stylesheet|icon|preload|prefetch|preconnect|dns-prefetch|modulepreload|manifest|apple-touch-icon)\b/i;
    for (const el of document.querySelectorAll('*')) {
      for (const name of attrs) {
        const value = el.getAttribute(name);
        if (value === null) continue;
        if (name === 'data' && el.localName !== 'object') continue;
        if (name === 'action' && el.localName !== 'form') continue;
        const values = name === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean) : [value];
        const load = name === 'src' || name === 'srcset' || name === 'data' || name === 'poster'
          || (el.localName === 'link' && LOADED_RELS.test(el.getAttribute('rel') || ''))
          || ((el.localName === 'image' || el.localName === 'use' || el.localName === 'feImage') && /href$/.test(name));
        for (const v of values) {
          let url;
          try { url = new URL(v, document.baseURI).href; } catch { url = null; }
          links.push({ attr: name, value: v, url, load, element: kk.selector(el) });
        }
      }
    }
    // URLs in style attributes and <style> elements are loaded too.
    const cssUrls = (css) => Array.from(css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]/g)).map((m) => m[1] || m[2]);
    for (const el of document.querySelectorAll('[style], style')) {
      const css = el.localName === 'style' ? el.textContent : el.getAttribute('style');
      for (const v of cssUrls(css)) {
        if (v.startsWith('data:') || v.startsWith('#')) continue;
        links.push({ attr: 'style', value: v, url: new URL(v, document.baseURI).href, load: true, element: kk.selector(el) });
      }
    }
    const ids = Array.from(document.querySelectorAll('[id]')).map((el) => el.id)
      .concat(Array.from(document.querySelectorAll('a[name]')).map((a) => a.getAttribute('name')));
    return { links, ids };
  }, URL_ATTRS);
}

/** The built file a site path resolves to (as the server maps it), or null. */
function targetFile(dir, pathname) {
  const file = resolveFile(path.resolve(dir), pathname);
  if (!file) return null;
  try {
    const stat = fs.statSync(file);
    if (stat.isFile()) return file;
    if (stat.isDirectory() && fs.existsSync(path.join(file, 'index.html'))) return path.join(file, 'index.html');
  } catch {
    return null;
  }
  return null;
}

const idCache = new Map();
/** The ids in a built file (regex over the markup; used for files no page pass collected). */
function idsInFile(file) {
  let ids = idCache.get(file);
  if (!ids) {
    const text = fs.readFileSync(file, 'utf8');
    ids = new Set(Array.from(text.matchAll(/\s(?:id|name)\s*=\s*["']?([^"'\s>]+)/g), (m) => m[1]));
    idCache.set(file, ids);
  }
  return ids;
}

/**
 * Check 3: every link and resource inside the site resolves to a built file, and every
 * `#fragment` to an id of its target. `records` is `[{ page, links, ids }]` from collectLinks;
 * `origins` are the origins that mean "this site" (the server's and the base URL's).
 */
function checkLinks(records, { dir, origins }) {
  const idsByFile = new Map();
  for (const r of records) {
    const file = targetFile(dir, new URL(r.page, 'http://x').pathname);
    if (file) idsByFile.set(file, new Set(r.ids));
  }
  const out = [];
  let external = 0;
  for (const r of records) {
    for (const link of r.links) {
      const where = { page: r.page, element: link.element };
      if (!link.url) {
        out.push({ ...where, rule: 'bad-url', detail: `${link.attr}="${link.value}" is not a URL` });
        continue;
      }
      const u = new URL(link.url);
      if (u.protocol === 'javascript:') {
        out.push({ ...where, rule: 'javascript-url', detail: `${link.attr}="${link.value}"` });
        continue;
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
      if (!origins.includes(u.origin)) {
        external++;
        continue;
      }
      const file = targetFile(dir, u.pathname);
      if (!file) {
        out.push({ ...where, rule: 'broken-link', detail: `${link.attr}="${link.value}": ${u.pathname} does not exist` });
        continue;
      }
      if (u.hash.length > 1) {
        let fragment;
        try { fragment = decodeURIComponent(u.hash.slice(1)); } catch { fragment = u.hash.slice(1); }
        const ids = idsByFile.get(file) || (/\.(html|svg)$/.test(file) ? idsInFile(file) : null);
        if (ids && !ids.has(fragment) && fragment !== 'top') {
          out.push({ ...where, rule: 'broken-fragment', detail: `${link.attr}="${link.value}": no id "${fragment}" in ${u.pathname}` });
        }
      } else if (u.hash === '#' && link.attr === 'href') {
        out.push({ ...where, rule: 'empty-fragment', detail: 'href="#" goes nowhere' });
      }
    }
  }
  return { failures: out, external };
}

/** Checks the URLs of sitemap.xml and robots.txt like links (page "sitemap.xml"). */
function sitemapRecords(dir) {
  const records = [];
  const sitemap = path.join(dir, 'sitemap.xml');
  if (fs.existsSync(sitemap)) {
    const xml = fs.readFileSync(sitemap, 'utf8');
    const urls = Array.from(xml.matchAll(/<loc>([^<]+)<\/loc>|\shref="([^"]+)"/g), (m) => (m[1] || m[2]).replace(/&amp;/g, '&'));
    records.push({ page: '/sitemap.xml', ids: [], links: urls.map((url) => ({ attr: 'loc', value: url, url, load: false, element: 'loc' })) });
  }
  const robots = path.join(dir, 'robots.txt');
  if (fs.existsSync(robots)) {
    const urls = Array.from(fs.readFileSync(robots, 'utf8').matchAll(/^Sitemap:\s*(\S+)/gim), (m) => m[1]);
    records.push({ page: '/robots.txt', ids: [], links: urls.map((url) => ({ attr: 'Sitemap', value: url, url, load: false, element: 'Sitemap' })) });
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * Check 7: nothing leaves the origin. `offsite` are the requests the browser made (and the
 * context blocked) for this page; `links` the page's markup URLs from collectLinks, of which
 * those the browser loads by itself must be on `origin` (this also catches preconnects, which
 * make no request the router sees).
 */
function requestsCheck(offsite, links, origin) {
  const out = [];
  const seen = new Set();
  for (const o of offsite) {
    if (seen.has(o.url)) continue;
    seen.add(o.url);
    out.push(fail('offsite-request', o.type, `requested ${o.url}`));
  }
  for (const l of links) {
    if (!l.load || !l.url || seen.has(l.url)) continue;
    const u = new URL(l.url);
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && u.origin !== origin) {
      seen.add(l.url);
      out.push(fail('offsite-resource', l.element, `${l.attr}="${l.value}" loads from another origin`));
    }
  }
  return out;
}

/** A colour value in CSS: hex, rgb()/hsl() and friends, or a keyword. */
const CSS_COLOUR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla|hwb|lab|lch|oklab|oklch|color)\([^()]*\)|[a-z]+)$/i;

/**
 * What lets the dark axe pass run only the colour rules: in every stylesheet, SVG and page, a
 * `prefers-color-scheme: dark` block may only set custom properties to colours. A dark block that
 * hid, moved or resized something would need the full rule set again, so it fails here.
 */
function darkSchemeCheck(dir, files) {
  const out = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const media = /@media[^{]*prefers-color-scheme\s*:\s*dark[^{]*\{/gi;
    let m;
    while ((m = media.exec(text))) {
      // The block runs to the brace that closes the @media one.
      let depth = 1;
      let end = media.lastIndex;
      while (end < text.length && depth > 0) {
        if (text[end] === '{') depth++;
        else if (text[end] === '}') depth--;
        end++;
      }
      const body = text.slice(media.lastIndex, end - 1);
      for (const rule of body.matchAll(/\{([^{}]*)\}/g)) {
        for (const decl of rule[1].split(';')) {
          const colon = decl.indexOf(':');
          if (colon < 0) continue;
          const name = decl.slice(0, colon).trim();
          const value = decl.slice(colon + 1).trim();
          if (!name.startsWith('--') || !CSS_COLOUR.test(value)) {
            out.push({
              page: `/${file}`,
              rule: 'dark-scheme-not-colour',
              element: name,
              detail: `the dark colour scheme sets ${name}: ${value}; it may only set custom properties to colours (the dark axe pass checks colour rules only)`,
            });
          }
        }
      }
    }
  }
  return out;
}

/** Check 7 for stylesheets: no `url()` or `@import` to another origin in any .css file. */
function cssOffsite(dir, files) {
  const out = [];
  for (const f of files) {
    const css = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of css.matchAll(/url\(\s*['"]?((?:https?:)?\/\/[^'")]+)|@import\s+(?:url\()?\s*['"]?((?:https?:)?\/\/[^'")\s;]+)/g)) {
      out.push({ page: `/${f}`, rule: 'offsite-resource', element: 'css', detail: `${m[1] || m[2]} is on another origin` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// HTML and SVG

/** Runs the Nu HTML Checker's jar with `args`; resolves with its exit code and output. */
function runVnu(args) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xss16m', '-jar', VNU_JAR, ...args], { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && error.code === 'ENOENT') {
        reject(new Error('no java: the Nu HTML Checker needs Java 17 (apt-get install default-jre-headless)'));
      } else if (error && typeof error.code !== 'number') {
        reject(error);
      } else {
        resolve({ code: error ? error.code : 0, stdout, stderr });
      }
    });
  });
}

/** The Nu HTML Checker's version, e.g. "26.9.27". */
async function vnuVersion() {
  const r = await runVnu(['--version']);
  return r.stdout.trim().split(/\s+/)[0];
}

/**
 * Check 2: the Nu HTML Checker (errors only) over every .html file of `dir` in one run.
 * Returns the failures with `page` the file's site path.
 */
async function vnuCheck(dir) {
  dir = path.resolve(dir);
  const r = await runVnu(['--errors-only', '--format', 'json', '--stdout', '--skip-non-html', dir]);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`vnu gave no JSON (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => {
      const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '';
      const rel = path.relative(dir, file).split(path.sep).join('/');
      return {
        page: `/${rel}`,
        rule: 'html-error',
        element: `line ${m.lastLine || m.firstLine || '?'}:${m.lastColumn || '?'} ${(m.extract || '').replace(/\s+/g, ' ').trim().slice(0, 80)}`,
        detail: m.message,
      };
    });
}

/**
 * Check 2 for SVG: every file is well-formed XML (Chromium's XML parser) with an `svg` root
 * in the SVG namespace. `files` are paths relative to `dir`.
 */
async function svgCheck(page, dir, files) {
  const sources = files.map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const problems = await page.evaluate((list) => list.map(({ file, text }) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    if (error) return { file, detail: `not well-formed: ${error.textContent.replace(/\s+/g, ' ').trim().slice(0, 200)}` };
    const root = doc.documentElement;
    if (root.localName !== 'svg' || root.namespaceURI !== 'http://www.w3.org/2000/svg') {
      return { file, detail: `root element is ${root.namespaceURI} ${root.localName}, not an SVG svg` };
    }
    return null;
  }).filter(Boolean), sources);
  return problems.map((p) => ({ page: `/${p.file}`, rule: 'svg-xml', element: 'svg', detail: p.detail }));
}

// ---------------------------------------------------------------------------------------------
// Charts (issue 5)

/**
 * The chart check: in every `svg.chart` of the document, measured with the fonts Chromium
 * actually uses (getBBox): no text leaves the viewBox; a label inside a bar
 * (`.chart-bar-label`) stays inside its bar; no two texts overlap; no text other than a bar's
 * own label overlaps a bar. Returns the failures and the number of charts.
 */
async function chartCheck(page) {
  return page.evaluate(() => {
    const TOL = 0.5;
    const out = [];
    const charts = Array.from(document.querySelectorAll('svg.chart'));
    const name = (svg, i) => {
      const t = svg.querySelector(':scope > title');
      return `chart ${i + 1} "${t ? t.textContent.trim().slice(0, 50) : svg.getAttribute('class')}"`;
    };
    const label = (t) => `${t.getAttribute('class') || 'text'} "${t.textContent.replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    const inside = (a, b) => a.x >= b.x - TOL && a.y >= b.y - TOL && a.x + a.width <= b.x + b.width + TOL && a.y + a.height <= b.y + b.height + TOL;
    const overlap = (a, b) => a.x < b.x + b.width - TOL && b.x < a.x + a.width - TOL && a.y < b.y + b.height - TOL && b.y < a.y + a.height - TOL;
    const fmt = (b) => `${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}×${b.height.toFixed(1)}`;
    charts.forEach((svg, i) => {
      const vb = svg.viewBox.baseVal && svg.viewBox.baseVal.width
        ? svg.viewBox.baseVal
        : { x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value };
      const texts = Array.from(svg.querySelectorAll('text')).filter((t) => t.textContent.trim() && t.getComputedTextLength() > 0);
      // The em boxes of each line (the glyphs' extent; getBBox adds the font's line gap).
      const lines = [];
      for (const t of texts) {
        const size = parseFloat(getComputedStyle(t).fontSize);
        const parts = t.querySelectorAll('tspan').length ? Array.from(t.querySelectorAll('tspan')) : [t];
        for (const p of parts) {
          const b = p.getBBox();
          const y = p.y && p.y.baseVal.length ? p.y.baseVal[0].value : t.y.baseVal[0].value;
          lines.push({ text: t, box: { x: b.x, width: b.width, y: y - 0.88 * size, height: size } });
        }
      }
      for (const t of texts) {
        const b = t.getBBox();
        if (!inside(b, vb)) out.push({ rule: 'chart-viewbox', element: `${name(svg, i)}: ${label(t)}`, detail: `text box ${fmt(b)} leaves the viewBox ${fmt(vb)}` });
        if (t.classList.contains('chart-bar-label')) {
          const bar = t.parentNode.querySelector(':scope > .chart-bar');
          if (!bar) {
            out.push({ rule: 'chart-bar-label', element: `${name(svg, i)}: ${label(t)}`, detail: 'a bar label without a bar' });
            continue;
          }
          const bb = bar.getBBox();
          const own = lines.filter((l) => l.text === t).map((l) => l.box);
          const horizontal = { x: b.x, width: b.width, y: bb.y, height: bb.height };
          if (!inside(horizontal, bb) || own.some((l) => !inside(l, bb))) {
            out.push({ rule: 'chart-bar-label', element: `${name(svg, i)}: ${label(t)}`, detail: `label ${fmt(b)} overflows its bar ${fmt(bb)}` });
          }
        }
      }
      for (let a = 0; a < lines.length; a++) {
        for (let b = a + 1; b < lines.length; b++) {
          if (lines[a].text === lines[b].text) continue;
          if (overlap(lines[a].box, lines[b].box)) {
            out.push({ rule: 'chart-text-overlap', element: `${name(svg, i)}: ${label(lines[a].text)}`, detail: `overlaps ${label(lines[b].text)}` });
          }
        }
      }
      const bars = Array.from(svg.querySelectorAll('.chart-bar, .chart-target')).filter((el) => el.localName !== 'text');
      for (const l of lines) {
        if (l.text.classList.contains('chart-bar-label') || l.text.closest('.chart-legend')) continue;
        for (const bar of bars) {
          if (bar.closest('.chart-legend')) continue;
          if (overlap(l.box, bar.getBBox())) {
            out.push({ rule: 'chart-text-on-bar', element: `${name(svg, i)}: ${label(l.text)}`, detail: `lies on a bar (${fmt(bar.getBBox())})` });
          }
        }
      }
    });
    const seen = new Set();
    return {
      charts: charts.length,
      failures: out.filter((f) => {
        const key = `${f.rule}|${f.element}|${f.detail}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
    };
  });
}

module.exports = {
  AXE_VERSION, AXE_TAGS, AXE_COLOUR_RULES, VNU_JAR, WEIGHT_LIMIT, TEXT_SPACING_CSS, REFLOW, ZOOM,
  loadPage, weightCheck, axeCheck, keyboardCheck, rememberText, reflowCheck, textSpacingCheck, zoomCheck,
  mainText, noJsCheck, collectLinks, checkLinks, sitemapRecords, requestsCheck, cssOffsite, darkSchemeCheck,
  vnuVersion, vnuCheck, svgCheck, chartCheck, setViewport,
};
