// Code that runs inside the page under test (installed as `window.__kk`). It only reads the DOM
// and computed styles; the checks in checks.js decide what is a failure.
'use strict';

/* eslint-env browser */
/* global window, document, getComputedStyle, innerWidth, innerHeight, Node, NodeFilter */

/** Builds the helper object; serialised with toString(), so it must not close over anything. */
function inPageHelpers() {
  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** A short, stable CSS path to `el`: from the nearest ancestor with an id, nth-of-type steps. */
  function selector(el) {
    if (!el || el.nodeType !== 1) return String(el);
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && parts.length < 8) {
      const tag = node.localName;
      if (node.id && document.querySelectorAll(`#${CSS.escape(node.id)}`).length === 1) {
        parts.unshift(`${tag}#${node.id}`);
        break;
      }
      let step = tag;
      const cls = (node.getAttribute('class') || '').trim().split(/\s+/)[0];
      if (cls) step += `.${cls}`;
      const parent = node.parentElement;
      if (parent) {
        const same = Array.from(parent.children).filter((c) => c.localName === tag);
        if (same.length > 1) step += `:nth-of-type(${same.indexOf(node) + 1})`;
      }
      parts.unshift(step);
      if (tag === 'body' || tag === 'html') break;
      node = parent;
    }
    return parts.join(' > ');
  }

  /** `selector` plus the start of the element's text, for reports. */
  function describe(el) {
    if (!el || el.nodeType !== 1) return String(el);
    const text = (el.textContent || el.getAttribute('aria-label') || el.getAttribute('alt') || '')
      .replace(/\s+/g, ' ').trim().slice(0, 40);
    return text ? `${selector(el)} "${text}"` : selector(el);
  }

  /** Whether `el` generates boxes and is not visibility:hidden. */
  function rendered(el) {
    // checkVisibility also sees through closed <details> (content-visibility: hidden).
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) return false;
    if (!el.getClientRects().length) return false;
    return getComputedStyle(el).visibility === 'visible';
  }

  /** Whether `el` sits in a visually-hidden box (the 1×1 px clip pattern for screen readers). */
  function inVisuallyHidden(el) {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n.namespaceURI !== SVG_NS && n.clientWidth <= 1 && n.clientHeight <= 1 && getComputedStyle(n).overflow !== 'visible') {
        return true;
      }
    }
    return false;
  }

  /** Elements reachable with Tab, by the HTML rules (DOM order), rendered and enabled. */
  function tabbables() {
    const candidates = document.querySelectorAll(
      'a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable], audio[controls], video[controls]',
    );
    return Array.from(candidates).filter((el) => {
      if (el.disabled || el.closest('[inert]')) return false;
      if (el.localName === 'input' && el.type === 'hidden') return false;
      if (el.tabIndex < 0) return false;
      return rendered(el);
    });
  }

  /** The union of the boxes of `el` and its descendants (inline links may wrap blocks). */
  function box(el) {
    let r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) return r;
    for (const child of el.querySelectorAll('*')) {
      const c = child.getBoundingClientRect();
      if (c.width > 0 && c.height > 0) return c;
    }
    return r;
  }

  /** The focus indicator of `el` as computed now: outline or box-shadow. */
  function focusStyle(el) {
    const s = getComputedStyle(el);
    const transparent = /rgba\([^)]*,\s*0\)|transparent/.test(s.outlineColor);
    return {
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent,
      outlineText: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
      boxShadow: s.boxShadow,
    };
  }

  /** Elements that change the visual order of their tabbable content (order, *-reverse). */
  function reorderedTabbables(list) {
    const out = [];
    const seen = new Set();
    for (const el of list) {
      for (let n = el; n && n.parentElement && n !== document.body; n = n.parentElement) {
        if (seen.has(n)) break;
        seen.add(n);
        const ps = getComputedStyle(n.parentElement);
        const flexOrGrid = /flex|grid/.test(ps.display);
        if (!flexOrGrid) continue;
        if (getComputedStyle(n).order !== '0') out.push(`${selector(n)} has order: ${getComputedStyle(n).order}`);
        if (/reverse/.test(ps.flexDirection) && /flex/.test(ps.display) && n.parentElement.children.length > 1) {
          out.push(`${selector(n.parentElement)} has flex-direction: ${ps.flexDirection}`);
        }
      }
    }
    return Array.from(new Set(out));
  }

  /** Text nodes a reader can see now (non-empty, with a box, outside visually-hidden). */
  function visibleTextNodes(root) {
    const out = [];
    // No filter callback: with JavaScript disabled the page cannot run one.
    const walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.nodeValue.trim()) continue;
      if (parent.closest('script, style, noscript, template, title, desc, option')) continue;
      range.selectNodeContents(node);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length || !rendered(parent)) continue;
      if (inVisuallyHidden(node.parentElement)) continue;
      out.push(node);
    }
    return out;
  }

  /** Whether `el` has an ancestor that scrolls or clips sideways (so it cannot widen the page). */
  function inHorizontalScroller(el) {
    for (let n = el.parentElement; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
      if (getComputedStyle(n).overflowX !== 'visible') return true;
    }
    return false;
  }

  /** Remembers the text visible now, to compare after a viewport or style change. */
  function rememberText() {
    window.__kkText = visibleTextNodes(document.body);
  }

  /** Text visible when remembered that is now gone or outside the page's horizontal reach. */
  function lostText() {
    const out = [];
    const range = document.createRange();
    const width = document.scrollingElement.scrollWidth;
    for (const node of window.__kkText || []) {
      if (!node.isConnected) {
        out.push(`"${node.nodeValue.trim().slice(0, 40)}" was removed`);
        continue;
      }
      range.selectNodeContents(node);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      const where = selector(node.parentElement);
      const text = node.nodeValue.replace(/\s+/g, ' ').trim().slice(0, 40);
      if (!rects.length || !rendered(node.parentElement)) {
        out.push(`${where} "${text}" is no longer shown`);
      } else if (!inHorizontalScroller(node.parentElement)) {
        const sx = window.scrollX;
        if (rects.every((r) => r.right + sx <= 0 || r.left + sx >= width)) out.push(`${where} "${text}" is out of reach`);
      }
    }
    return out;
  }

  /** Elements that stick out of the viewport sideways and so widen the page (deepest ones). */
  function overflowingElements() {
    const width = document.documentElement.clientWidth;
    const sx = window.scrollX;
    const hits = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.namespaceURI === SVG_NS && el.localName !== 'svg') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right + sx <= width + 1 && r.left + sx >= -1) continue;
      if (inHorizontalScroller(el)) continue;
      hits.push(el);
    }
    // Keep the deepest: an element none of whose descendants also overflows.
    const deepest = hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
    return deepest.slice(0, 8).map((el) => {
      const r = el.getBoundingClientRect();
      return `${describe(el)} spans ${Math.round(r.left + sx)}–${Math.round(r.right + sx)} px of ${width}`;
    });
  }

  /** Whether the page scrolls sideways, with the culprits. */
  function horizontalScroll() {
    const se = document.scrollingElement;
    if (se.scrollWidth <= se.clientWidth + 1) return null;
    return { scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, culprits: overflowingElements() };
  }

  /** Boxes that hide overflow and whose text does not fit (clipped text). */
  function clippedText() {
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.namespaceURI === SVG_NS) continue;
      if (/^(img|video|iframe|input|textarea|select|canvas|object|embed)$/.test(el.localName)) continue;
      const s = getComputedStyle(el);
      const hideX = s.overflowX === 'hidden' || s.overflowX === 'clip';
      const hideY = s.overflowY === 'hidden' || s.overflowY === 'clip';
      if (!hideX && !hideY) continue;
      if (el.clientWidth <= 1 || el.clientHeight <= 1) continue; // visually hidden, or not rendered
      if (!rendered(el) || !el.textContent.trim()) continue;
      const overX = hideX && el.scrollWidth > el.clientWidth + 1;
      const overY = hideY && el.scrollHeight > el.clientHeight + 1;
      if (overX || overY) {
        out.push(`${describe(el)} clips its text: content ${el.scrollWidth}×${el.scrollHeight} px in a ${el.clientWidth}×${el.clientHeight} px box`);
      }
    }
    return out;
  }

  /** Text the reader gets in `main`, one entry per text node, leaving out controls and live regions. */
  function mainText() {
    const main = document.querySelector('main');
    if (!main) return [];
    // Text that belongs to a control (its label or description) comes and goes with it.
    const controlText = new Set();
    for (const c of main.querySelectorAll('input, select, textarea, button')) {
      for (const attr of ['aria-describedby', 'aria-labelledby']) {
        for (const id of (c.getAttribute(attr) || '').split(/\s+/)) if (id) controlText.add(id);
      }
    }
    const ofControl = (n) => {
      for (let e = n.parentElement; e && e !== main; e = e.parentElement) if (e.id && controlText.has(e.id)) return true;
      return false;
    };
    return visibleTextNodes(main)
      .filter((n) => !n.parentElement.closest('form, label, button, select, [role="status"], [aria-live], [role="search"]') && !ofControl(n))
      .map((n) => n.nodeValue.replace(/\s+/g, ' ').trim());
  }

  return {
    selector, describe, rendered, tabbables, box, focusStyle, reorderedTabbables, visibleTextNodes,
    rememberText, lostText, horizontalScroll, clippedText, mainText,
  };
}

/** The expression that installs the helpers in a page (idempotent). */
const INSTALL = `window.__kk || (window.__kk = (${inPageHelpers.toString()})(), true)`;

module.exports = { INSTALL };
