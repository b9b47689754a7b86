// The site under test: build it (or reuse a directory), and list its pages and files.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

/** The repository root. */
const REPO_ROOT = path.join(__dirname, '..', '..', '..');

/** Where the gate writes screenshots, results and its report (gitignored). */
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');

/**
 * The built site to test. `KEIKAKU_SITE=DIR` reuses a directory (e.g. `site/`); otherwise the
 * bundled site is built into a fresh temporary directory, so the gate never races anyone else over
 * `site/`. It builds with `$KEIKAKU_BIN` when set (scripts/test points it at the debug binary
 * `cargo test` has just built: the output does not depend on the build profile, and a release
 * build, or a `cargo run` that recompiles without the dev-dependencies' features, would add a
 * minute or more to every run for a build that takes seconds), else with `cargo run`. Returns
 * `{ dir, cleanup }`.
 */
function prepareSite() {
  if (process.env.KEIKAKU_SITE) {
    const dir = path.resolve(process.env.KEIKAKU_SITE);
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`KEIKAKU_SITE=${dir} holds no built site (no index.html)`);
    }
    return { dir, cleanup() {} };
  }
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'keikaku-gate-'));
  const dir = path.join(parent, 'site');
  const [command, args] = process.env.KEIKAKU_BIN
    ? [process.env.KEIKAKU_BIN, ['build', '--output', dir]]
    : ['cargo', ['run', '--quiet', '--', 'build', '--output', dir]];
  execFileSync(command, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { dir, cleanup() { fs.rmSync(parent, { recursive: true, force: true }); } };
}

/** Every file under `dir` (relative paths with `/`, sorted), skipping dot-files. */
function listFiles(dir, ext) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (!ext || entry.name.endsWith(ext)) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** The URL path a file is served at: `ja/index.html` → `/ja/`, `404.html` → `/404.html`. */
function urlPathOf(file) {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

/**
 * Every HTML page of the site: `{ file, path, lang, type }`, where `type` is the page kind from
 * the body's `page-…` class (landing, home, plan, initiative, term, …) and `lang` the `<html
 * lang>`.
 */
function listPages(dir) {
  return listFiles(dir, '.html').map((file) => {
    const head = fs.readFileSync(path.join(dir, file), 'utf8');
    const lang = (/<html[^>]*\slang="([^"]+)"/.exec(head) || [])[1] || '';
    const bodyClass = (/<body[^>]*\sclass="([^"]*)"/.exec(head) || [])[1] || '';
    const kind = bodyClass.split(/\s+/).find((c) => c.startsWith('page-'));
    const type = kind ? kind.slice('page-'.length) : file.replace(/\.html$/, '');
    const top = file.split('/')[0];
    return { file, path: urlPathOf(file), lang, type, section: top.endsWith('.html') ? '' : top };
  });
}

/**
 * One page of each type in each language section, for the checks that are too slow for every
 * page (tab order, screenshots): the first page of the type in path order.
 */
function samplePages(pages) {
  const seen = new Set();
  const out = [];
  for (const page of pages) {
    const key = `${page.section}|${page.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(page);
  }
  return out;
}

/**
 * The origin of the site's `base_url`, read from the canonical link of the landing page: links
 * to it (canonical, hreflang alternates) are links inside the site.
 */
function baseOrigin(dir) {
  try {
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const href = (/<link rel="canonical" href="([^"]+)"/.exec(html) || [])[1];
    return href ? new URL(href).origin : null;
  } catch {
    return null;
  }
}

module.exports = { REPO_ROOT, OUTPUT_DIR, prepareSite, listFiles, listPages, samplePages, urlPathOf, baseOrigin };
