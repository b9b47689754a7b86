/*
 * glossary.js — enhancements for glossary links and the glossary page. Plain JavaScript, no
 * dependencies; every page works without it.
 *
 * 1. On every page: Esc hides the tooltip of the term link under the pointer or in focus
 *    (WCAG 1.4.13); it shows again once the pointer or focus leaves and comes back. Tooltips
 *    are also nudged to stay inside the window.
 * 2. On the glossary page: the filter box narrows the list as the reader types.
 *
 * DOM contract for the glossary page (rendered by keikaku):
 *   <div class="glossary-filter" hidden>                shown by this script (or put `hidden`
 *     <label for="glossary-filter">…</label>            on the input and its labels)
 *     <input id="glossary-filter" type="search">
 *   <section class="glossary-group">                    optional; hidden with its heading
 *   <h2 class="glossary-section">…</h2>                 hidden while its section has no match
 *   <div class="glossary-entry" data-search="…">        one per term; data-search is written
 *                                                       by keikaku::glossary::search_text
 *   <p id="glossary-count" aria-live="polite"
 *      data-count-other="{n} terms"                     {n} (or {count}) and {total} are
 *      data-count-one="1 term"                          filled in; -one and -zero are
 *      data-count-zero="No term matches">               optional; without any, the number
 *
 * Folding (must stay the same as keikaku::kana::fold_for_search): NFKC, lower case, hiragana
 * as katakana, white space and ・ removed. What the reader types is split into words at white
 * space; an entry matches when its data-search contains every word.
 */
(function () {
  'use strict';

  /** Folds text for comparison; see the header. */
  function fold(text) {
    var out = '';
    var normalised = String(text).normalize('NFKC').toLowerCase();
    for (var ch of normalised) {
      var cp = ch.codePointAt(0);
      if ((cp >= 0x3041 && cp <= 0x3096) || cp === 0x309d || cp === 0x309e) {
        out += String.fromCodePoint(cp + 0x60);
      } else if (ch !== '\u30fb' && !/\s/u.test(ch)) {
        out += ch;
      }
    }
    return out;
  }

  /** The folded words of a query; empty when the query has none. */
  function queryWords(query) {
    return String(query)
      .normalize('NFKC')
      .split(/\s+/u)
      .map(fold)
      .filter(function (word) {
        return word !== '';
      });
  }

  /** Whether folded `haystack` contains every one of `words`. */
  function matches(haystack, words) {
    return words.every(function (word) {
      return haystack.indexOf(word) !== -1;
    });
  }

  function countMessage(element, count, total) {
    var template =
      (count === 0 && element.getAttribute('data-count-zero')) ||
      (count === 1 && element.getAttribute('data-count-one')) ||
      element.getAttribute('data-count-other') ||
      '{n}';
    return template
      .replace(/\{(n|count)\}/g, String(count))
      .replace(/\{total\}/g, String(total));
  }

  function initFilter(document) {
    var input = document.getElementById('glossary-filter');
    if (!input) {
      return;
    }
    var sections = [];
    var entries = [];
    var current = null;
    var nodes = document.querySelectorAll('h2.glossary-section, .glossary-entry');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.matches('h2.glossary-section')) {
        current = { heading: node, entries: [] };
        sections.push(current);
      } else {
        var entry = {
          element: node,
          text: node.getAttribute('data-search') || fold(node.textContent || ''),
        };
        entries.push(entry);
        if (current) {
          current.entries.push(entry);
        }
      }
    }
    var count = document.getElementById('glossary-count');
    var announce = null;

    function apply() {
      var words = queryWords(input.value);
      var shown = 0;
      entries.forEach(function (entry) {
        var show = matches(entry.text, words);
        entry.element.hidden = !show;
        if (show) {
          shown += 1;
        }
      });
      sections.forEach(function (section) {
        var empty = !section.entries.some(function (entry) {
          return !entry.element.hidden;
        });
        section.heading.hidden = empty;
        var group = section.heading.closest('.glossary-group');
        if (group) {
          group.hidden = empty;
        }
      });
      if (count) {
        // Announce the count once typing pauses, not at every key.
        clearTimeout(announce);
        announce = setTimeout(function () {
          count.textContent = countMessage(count, shown, entries.length);
        }, 400);
      }
    }

    input.hidden = false;
    var wrapper = input.closest('.glossary-filter');
    if (wrapper) {
      wrapper.hidden = false;
    }
    if (input.labels) {
      for (var j = 0; j < input.labels.length; j++) {
        input.labels[j].hidden = false;
      }
    }
    input.addEventListener('input', apply);
    // Esc in a search box clears it in most browsers; make sure the list follows.
    input.addEventListener('search', apply);
    if (input.value) {
      apply();
    }
  }

  /** The term references (links with a tooltip) under the pointer or holding focus. */
  function openTermRefs(document) {
    var open = document.querySelectorAll('.term-ref:hover, .term-ref:focus-within');
    return Array.prototype.filter.call(open, function (ref) {
      return ref.querySelector('.term-tip') !== null;
    });
  }

  /** Shifts a shown tooltip left when it would overflow the right edge of the window. */
  function keepInside(ref, document, window) {
    var tip = ref.querySelector('.term-tip');
    if (!tip) {
      return;
    }
    tip.style.removeProperty('--term-tip-shift');
    window.requestAnimationFrame(function () {
      var rect = tip.getBoundingClientRect();
      var room = document.documentElement.clientWidth - 8;
      if (rect.width > 0 && rect.right > room) {
        var shift = Math.max(room - rect.right, 8 - rect.left);
        tip.style.setProperty('--term-tip-shift', shift + 'px');
      }
    });
  }

  function initTips(document, window) {
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' && event.key !== 'Esc') {
        return;
      }
      var open = openTermRefs(document).filter(function (ref) {
        return !ref.classList.contains('is-dismissed');
      });
      open.forEach(function (ref) {
        ref.classList.add('is-dismissed');
      });
    });
    function reset(event) {
      var ref = event.target.closest && event.target.closest('.term-ref');
      if (ref && !(event.relatedTarget && ref.contains(event.relatedTarget))) {
        ref.classList.remove('is-dismissed');
      }
    }
    function show(event) {
      var ref = event.target.closest && event.target.closest('.term-ref');
      if (ref && !(event.relatedTarget && ref.contains(event.relatedTarget))) {
        keepInside(ref, document, window);
      }
    }
    document.addEventListener('mouseout', reset);
    document.addEventListener('focusout', reset);
    document.addEventListener('mouseover', show);
    document.addEventListener('focusin', show);
  }

  if (typeof document !== 'undefined') {
    // Tooltips listen on the document, so they need not wait for the page to load.
    initTips(document, window);
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () {
        initFilter(document);
      });
    } else {
      initFilter(document);
    }
  }

  // For tests under Node.
  if (typeof module === 'object' && module.exports) {
    module.exports = { fold: fold, queryWords: queryWords, matches: matches };
  }
})();
