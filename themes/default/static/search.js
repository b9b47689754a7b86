/*
 * keikaku search: the query engine and the search page, in plain JavaScript.
 *
 * The engine (createEngine) reads the index that src/search/index.rs writes and answers exactly
 * as the Rust reference engine src/search/query.rs does: same terms, same phrase check, same
 * integer scores, same order. Both run tests/search/query_cases.json.
 *
 * The page (start) enhances the server-rendered form in #search-app: results for ?q= in the URL,
 * search as you type, filters from meta.json, the URL kept in step (Back restores the previous
 * query), results announced through the polite #search-status. Page text reaches the DOM only
 * through textContent.
 *
 * Needs search-tokenizer.js first (global KeikakuSearchTokenizer); under Node it is required.
 */
(function (root, factory) {
  'use strict';
  var isNode = typeof module === 'object' && module.exports;
  var tokenizer = isNode ? require('./search-tokenizer.js') : root.KeikakuSearchTokenizer;
  var api = factory(tokenizer);
  if (isNode) {
    module.exports = api;
  } else {
    root.KeikakuSearch = api;
    if (typeof document !== 'undefined') {
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', api.start);
      } else {
        api.start();
      }
    }
  }
})(typeof self !== 'undefined' ? self : this, function (T) {
  'use strict';

  var FORMAT_VERSION = 2;
  var FACETS = ['kind', 'city', 'plan', 'pillar', 'theme'];
  var PAGE_SIZE = 10;
  var EXCERPT_BEFORE = 40;
  var EXCERPT_LENGTH = 160;

  function hasOwn(object, key) {
    return object !== null && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key);
  }

  /* Decodes [doc delta, weight, count, position deltas...]... into Map(doc -> {weight, positions}). */
  function decode(list) {
    var out = new Map();
    if (!Array.isArray(list)) return out;
    var i = 0;
    var doc = 0;
    while (i + 2 < list.length) {
      doc += list[i];
      var weight = list[i + 1];
      var count = list[i + 2];
      i += 3;
      var positions = [];
      var position = 0;
      for (var k = 0; k < count && i + k < list.length; k++) {
        position += list[i + k];
        positions.push(position);
      }
      i += count;
      out.set(doc, { weight: weight, positions: positions });
    }
    return out;
  }

  function contains(sorted, value) {
    var low = 0;
    var high = sorted.length - 1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) low = mid + 1; else high = mid - 1;
    }
    return false;
  }

  function tokenKey(token) {
    return (token.prefix ? '*' : '=') + token.text;
  }

  /* Pages where every token of the term sits at its offset from a common start -> those starts. */
  function termMatches(term, postings) {
    var lists = term.tokens.map(function (t) { return postings.get(tokenKey(t)); });
    var first = term.tokens[0];
    var out = new Map();
    lists[0].forEach(function (entry, doc) {
      var starts = [];
      for (var p of entry.positions) {
        if (p < first.offset) continue;
        var start = p - first.offset;
        var ok = true;
        for (var k = 1; k < lists.length && ok; k++) {
          var other = lists[k].get(doc);
          ok = !!other && contains(other.positions, start + term.tokens[k].offset);
        }
        if (ok) starts.push(start);
      }
      if (starts.length > 0) out.set(doc, starts);
    });
    return out;
  }

  /* Whether the terms follow one another from some start (always true for one term). */
  function isWholePhrase(terms, starts) {
    return starts[0].some(function (start) {
      var at = start;
      return terms.every(function (term, k) {
        var ok = contains(starts[k], at);
        at += term.span;
        return ok;
      });
    });
  }

  /*
   * options.load(path) -> Promise of the parsed JSON file at `path` (relative to the index
   * directory: "meta.json", "shards/3.json", ...). Files are loaded once and kept.
   */
  function createEngine(options) {
    var files = new Map();
    var decoded = new Map();

    function load(path) {
      var pending = files.get(path);
      if (!pending) {
        pending = Promise.resolve().then(function () { return options.load(path); });
        files.set(path, pending);
        pending.catch(function () { files.delete(path); });
      }
      return pending;
    }

    function meta() {
      return load('meta.json').then(function (m) {
        if (!m || m.format !== FORMAT_VERSION || m.tokenizer !== T.TOKENIZER_VERSION) {
          throw new Error('search index format ' + (m && m.format) + '/' + (m && m.tokenizer) +
            ' does not match this script');
        }
        if (!m.splitIndex) {
          m.splitIndex = new Map();
          (m.split || []).forEach(function (entry, i) { m.splitIndex.set(entry[0], { index: i, parts: entry[1] }); });
        }
        return m;
      });
    }

    function filesOfKey(m, key) {
      var split = m.splitIndex.get(key);
      if (split) {
        var out = [];
        for (var j = 0; j < split.parts; j++) out.push('shards/x' + split.index + '-' + j + '.json');
        return out;
      }
      return ['shards/' + (T.fnv1a(key) % Math.max(1, m.shards)) + '.json'];
    }

    function fileOfToken(m, token) {
      var key = T.shardKey(token);
      var split = m.splitIndex.get(key);
      if (split) return 'shards/x' + split.index + '-' + (T.fnv1a(token) % split.parts) + '.json';
      return filesOfKey(m, key)[0];
    }

    function postingsOf(file, shard, token) {
      var id = file + '\u0000' + token;
      var list = decoded.get(id);
      if (!list) {
        list = decode(shard[token]);
        decoded.set(id, list);
      }
      return list;
    }

    /* Postings of a token, or of every token that starts with `text` when `prefix`. */
    function postings(m, text, prefix) {
      if (!prefix) {
        var file = fileOfToken(m, text);
        return load(file).then(function (shard) {
          return hasOwn(shard, text) ? postingsOf(file, shard, text) : new Map();
        });
      }
      var names = filesOfKey(m, T.shardKey(text));
      return Promise.all(names.map(load)).then(function (shards) {
        var merged = new Map();
        shards.forEach(function (shard, i) {
          if (shard === null || typeof shard !== 'object') return;
          Object.keys(shard).forEach(function (token) {
            if (!token.startsWith(text)) return;
            postingsOf(names[i], shard, token).forEach(function (entry, doc) {
              var into = merged.get(doc);
              if (!into) {
                into = { weight: 0, positions: [] };
                merged.set(doc, into);
              }
              into.weight = Math.max(into.weight, entry.weight);
              into.positions = into.positions.concat(entry.positions);
            });
          });
        });
        merged.forEach(function (entry) {
          entry.positions = Array.from(new Set(entry.positions)).sort(function (a, b) { return a - b; });
        });
        return merged;
      });
    }

    /* Pages of a facet value, or null when the index has no such value (the filter is ignored). */
    function facetDocs(m, dimension, value) {
      var values = (m.facets && m.facets[dimension]) || [];
      var index = values.findIndex(function (v) { return v.value === value; });
      if (index < 0) return Promise.resolve(null);
      return load('facets/' + dimension + '.json').then(function (lists) {
        var docs = new Set();
        var doc = 0;
        for (var d of (lists && lists[index]) || []) {
          doc += d;
          docs.add(doc);
        }
        return docs;
      });
    }

    /*
     * The pages that match a query and the filters ({kind, city, plan, pillar, theme}), best
     * first: {terms, hits: [{doc, phrase, score, matches}]}.
     */
    function search(query, filters) {
      filters = filters || {};
      var terms = T.queryTerms(query || '');
      return meta().then(function (m) {
        if (terms.length === 0) return { terms: terms, hits: [] };
        var distinct = [];
        var seen = new Set();
        terms.forEach(function (term) {
          term.tokens.forEach(function (token) {
            var key = tokenKey(token);
            if (!seen.has(key)) {
              seen.add(key);
              distinct.push(token);
            }
          });
        });
        var active = FACETS.filter(function (d) { return filters[d]; });
        return Promise.all([
          Promise.all(distinct.map(function (t) { return postings(m, t.text, t.prefix); })),
          Promise.all(active.map(function (d) { return facetDocs(m, d, filters[d]); })),
        ]).then(function (loaded) {
          var lists = loaded[0];
          var byKey = new Map();
          distinct.forEach(function (t, i) { byKey.set(tokenKey(t), lists[i]); });
          var matches = terms.map(function (term) { return termMatches(term, byKey); });
          var docs = Array.from(matches[0].keys()).filter(function (doc) {
            return matches.every(function (mm) { return mm.has(doc); });
          });
          loaded[1].forEach(function (allowed) {
            if (allowed) docs = docs.filter(function (doc) { return allowed.has(doc); });
          });
          var total = m.docs;
          var idf = lists.map(function (list) {
            var df = list.size;
            return Math.round(1000 * Math.log(1 + (total - df + 0.5) / (df + 0.5)));
          });
          var hits = docs.map(function (doc) {
            var score = 0;
            lists.forEach(function (list, i) {
              var entry = list.get(doc);
              if (entry) score += idf[i] * entry.weight;
            });
            var starts = matches.map(function (mm) { return mm.get(doc); });
            return { doc: doc, phrase: isWholePhrase(terms, starts), score: score, matches: starts };
          });
          hits.sort(function (a, b) {
            return (b.phrase - a.phrase) || (b.score - a.score) || (a.doc - b.doc);
          });
          return { terms: terms, hits: hits };
        });
      });
    }

    /*
     * What a result shows: {url, title, kind, kind_label, city?, plan?, number?, starts, text,
     * more?}. Headers come in chunks of several pages: page id / chunk_docs is the chunk.
     */
    function doc(id) {
      return meta().then(function (m) {
        var stride = Math.max(1, m.chunk_docs || 1);
        return load('docs/' + Math.floor(id / stride) + '.json').then(function (chunk) {
          var header = chunk && Array.isArray(chunk.docs) ? chunk.docs[id % stride] : null;
          if (!header) throw new Error('search index has no page ' + id);
          return header;
        });
      });
    }

    /* The text of a page's k-th body part (k > 0), from the chunk its header names. */
    function part(id, header, k) {
      var chunk = (header.more || [])[k - 1];
      if (chunk === undefined) return Promise.resolve('');
      return load('docs/' + chunk + '.json').then(function (c) {
        var found = ((c && c.parts) || []).find(function (p) { return p[0] === id && p[1] === k; });
        return found ? String(found[2]) : '';
      });
    }

    /*
     * The excerpt of a hit: {segments: [{text, mark}], cutStart, cutEnd}, around the first whole
     * phrase in the body, else the first match of any term in the body, else the body's start.
     */
    function excerpt(hit, terms) {
      return doc(hit.doc).then(function (header) {
        var starts = header.starts || [0];
        var bodyStart = starts[0];
        var anchor = null;
        if (terms.length > 1 && hit.phrase) {
          anchor = hit.matches[0].find(function (s) {
            return s >= bodyStart && isWholePhrase(terms, [[s]].concat(hit.matches.slice(1)));
          });
          if (anchor === undefined) anchor = null;
        }
        if (anchor === null) {
          hit.matches.forEach(function (list) {
            var first = list.find(function (s) { return s >= bodyStart; });
            if (first !== undefined && (anchor === null || first < anchor)) anchor = first;
          });
        }
        var k = 0;
        if (anchor !== null) {
          while (k + 1 < starts.length && starts[k + 1] <= anchor) k += 1;
        }
        var text = k === 0 ? Promise.resolve(header.text || '') : part(hit.doc, header, k);
        return text.then(function (body) {
          return cutExcerpt(body, starts[k], anchor, hit, terms);
        });
      });
    }

    return { meta: meta, search: search, doc: doc, excerpt: excerpt };
  }

  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  function cutExcerpt(body, firstPosition, anchor, hit, terms) {
    var byPosition = new Map();
    T.tokenize(body, firstPosition).forEach(function (t) { byPosition.set(t.position, t); });
    var ranges = [];
    hit.matches.forEach(function (list, k) {
      list.forEach(function (s) {
        var from = byPosition.get(s);
        var to = byPosition.get(s + terms[k].span - 1);
        if (from && to) ranges.push([from.start, to.end]);
      });
    });
    if (hit.phrase && terms.length > 1) {
      // The whole query as typed is marked as one, with what stands between its terms.
      var span = terms.reduce(function (sum, term) { return sum + term.span; }, 0);
      hit.matches[0].forEach(function (s) {
        var from = byPosition.get(s);
        var to = byPosition.get(s + span - 1);
        if (from && to && isWholePhrase(terms, [[s]].concat(hit.matches.slice(1)))) ranges.push([from.start, to.end]);
      });
    }
    var at = anchor !== null && byPosition.has(anchor) ? byPosition.get(anchor).start : 0;
    var start = Math.max(0, at - EXCERPT_BEFORE);
    var end = Math.min(body.length, start + EXCERPT_LENGTH);
    if (start > 0 && isLowSurrogate(body, start)) start -= 1;
    if (end < body.length && isLowSurrogate(body, end)) end += 1;
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    var segments = [];
    var cursor = start;
    merged.forEach(function (r) {
      var from = Math.max(r[0], cursor);
      var to = Math.min(r[1], end);
      if (from >= to) return;
      if (from > cursor) segments.push({ text: body.slice(cursor, from), mark: false });
      segments.push({ text: body.slice(from, to), mark: true });
      cursor = to;
    });
    if (cursor < end) segments.push({ text: body.slice(cursor, end), mark: false });
    return { segments: segments, cutStart: start > 0, cutEnd: end < body.length };
  }

  /* ---- The search page ---- */

  /** The interface strings, which the page gives (from the theme's i18n files) in
   *  #search-i18n; a missing one shows its key, never another language's text. */
  var STRING_KEYS = ['results', 'none', 'kind', 'city', 'pillar', 'theme', 'all', 'loading', 'more', 'error'];

  function strings() {
    var out = {};
    STRING_KEYS.forEach(function (k) { out[k] = k; });
    var element = document.getElementById('search-i18n');
    if (element) {
      try {
        var given = JSON.parse(element.textContent);
        Object.keys(given).forEach(function (k) { if (typeof given[k] === 'string') out[k] = given[k]; });
      } catch (e) {
        /* keep the keys */
      }
    }
    return out;
  }

  function element(tag, attributes, text) {
    var e = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { e.setAttribute(k, attributes[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function option(value, label) {
    var o = element('option', { value: value }, label);
    return o;
  }

  function start() {
    var app = document.getElementById('search-app');
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-q');
    var filterBox = document.getElementById('search-filters');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    if (!app || !form || !input || !status || !list) return;
    var text = strings();
    var indexDir = app.getAttribute('data-index') || './';
    if (indexDir.charAt(indexDir.length - 1) !== '/') indexDir += '/';
    var base = new URL(indexDir, window.location.href);
    var engine = createEngine({
      load: function (path) {
        return fetch(new URL(path, base).href).then(function (response) {
          if (!response.ok) throw new Error(response.status + ' ' + path);
          return response.json();
        });
      },
    });
    var more = element('button', { type: 'button', id: 'search-more', class: 'search-more' }, text.more);
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    app.classList.add('search-enhanced');

    var state = readState();
    var selects = {};
    var current = null;
    var shown = 0;
    var generation = 0;
    var typingEntry = false;
    var typingTimer = null;
    var loadingTimer = null;

    function readState() {
      var params = new URLSearchParams(window.location.search);
      var s = { q: params.get('q') || '' };
      FACETS.forEach(function (d) { s[d] = params.get(d) || ''; });
      return s;
    }

    function urlOf(s) {
      var params = new URLSearchParams();
      if (s.q) params.set('q', s.q);
      FACETS.forEach(function (d) { if (s[d]) params.set(d, s[d]); });
      var query = params.toString();
      return window.location.pathname + (query ? '?' + query : '') + window.location.hash;
    }

    function remember(mode) {
      var url = urlOf(state);
      if (url === window.location.pathname + window.location.search + window.location.hash) return;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    }

    function addSelect(name, label, fill) {
      var wrapper = element('div', { class: 'search-filter' });
      var id = 'search-filter-' + name;
      wrapper.appendChild(element('label', { for: id }, label));
      var select = element('select', { id: id, name: name });
      select.appendChild(option('', text.all));
      fill(select);
      if (select.options.length <= 1) return null;
      wrapper.appendChild(select);
      filterBox.appendChild(wrapper);
      select.addEventListener('change', onFilterChange);
      return select;
    }

    function buildFilters(m) {
      if (!filterBox) return;
      filterBox.textContent = '';
      var facets = m.facets || {};
      var plansByCity = new Map();
      var planTitles = new Map();
      (facets.plan || []).forEach(function (p) {
        planTitles.set(p.value, p.label);
        var city = p.group || '';
        if (!plansByCity.has(city)) plansByCity.set(city, []);
        plansByCity.get(city).push(p);
      });
      selects.kind = addSelect('kind', text.kind, function (select) {
        (facets.kind || []).forEach(function (k) { select.appendChild(option(k.value, k.label)); });
      });
      selects.place = addSelect('place', text.city, function (select) {
        (facets.city || []).forEach(function (c) {
          var group = element('optgroup', { label: c.label });
          group.appendChild(option('city:' + c.value, c.label));
          (plansByCity.get(c.value) || []).forEach(function (p) { group.appendChild(option('plan:' + p.value, p.label)); });
          select.appendChild(group);
        });
        (plansByCity.get('') || []).forEach(function (p) { select.appendChild(option('plan:' + p.value, p.label)); });
      });
      selects.pillar = addSelect('pillar', text.pillar, function (select) {
        var groups = new Map();
        (facets.pillar || []).forEach(function (p) {
          var plan = p.group || '';
          if (!groups.has(plan)) {
            var group = element('optgroup', { label: planTitles.get(plan) || plan });
            groups.set(plan, group);
            select.appendChild(group);
          }
          groups.get(plan).appendChild(option(p.value, p.label));
        });
      });
      selects.theme = addSelect('theme', text.theme, function (select) {
        (facets.theme || []).forEach(function (t) { select.appendChild(option(t.value, t.label)); });
      });
    }

    function showState() {
      input.value = state.q;
      showFilters();
    }

    function showFilters() {
      if (selects.kind) selects.kind.value = state.kind;
      if (selects.place) selects.place.value = state.plan ? 'plan:' + state.plan : state.city ? 'city:' + state.city : '';
      if (selects.pillar) selects.pillar.value = state.pillar;
      if (selects.theme) selects.theme.value = state.theme;
      // A value the select does not offer (an old bookmark) shows as "all".
      Object.keys(selects).forEach(function (k) {
        if (selects[k] && selects[k].selectedIndex < 0) selects[k].value = '';
      });
    }

    function readControls() {
      state.q = input.value;
      state.kind = selects.kind ? selects.kind.value : state.kind;
      if (selects.place) {
        var place = selects.place.value;
        state.city = place.indexOf('city:') === 0 ? place.slice(5) : '';
        state.plan = place.indexOf('plan:') === 0 ? place.slice(5) : '';
      }
      state.pillar = selects.pillar ? selects.pillar.value : state.pillar;
      state.theme = selects.theme ? selects.theme.value : state.theme;
    }

    function setStatus(message) {
      window.clearTimeout(loadingTimer);
      status.textContent = message;
    }

    function fail(error) {
      setStatus(text.error);
      if (window.console) window.console.error(error);
    }

    function run() {
      var mine = ++generation;
      var q = state.q.trim();
      list.textContent = '';
      more.hidden = true;
      current = null;
      shown = 0;
      if (!q) {
        setStatus('');
        return;
      }
      window.clearTimeout(loadingTimer);
      loadingTimer = window.setTimeout(function () { status.textContent = text.loading; }, 300);
      var filters = {};
      FACETS.forEach(function (d) { if (state[d]) filters[d] = state[d]; });
      engine.search(q, filters).then(function (result) {
        if (mine !== generation) return;
        current = result;
        var n = result.hits.length;
        setStatus(n > 0 ? text.results.replace('{n}', String(n)) : text.none);
        showMore(false);
      }).catch(function (error) {
        if (mine === generation) fail(error);
      });
    }

    function showMore(focus) {
      if (!current) return;
      var mine = generation;
      var page = current.hits.slice(shown, shown + PAGE_SIZE);
      var terms = current.terms;
      shown += page.length;
      more.hidden = shown >= current.hits.length;
      page.forEach(function (hit, i) {
        var item = element('li', { class: 'search-result' });
        list.appendChild(item);
        Promise.all([engine.doc(hit.doc), engine.excerpt(hit, terms)]).then(function (loaded) {
          if (mine !== generation) return;
          fillResult(item, loaded[0], loaded[1]);
          if (focus && i === 0) {
            var link = item.querySelector('a');
            if (link) link.focus();
          }
        }).catch(function (error) {
          if (mine === generation) fail(error);
        });
      });
    }

    function fillResult(item, header, excerpt) {
      var heading = element('h2', { class: 'search-result-title' });
      var link = element('a', { href: header.url }, header.title || header.url);
      heading.appendChild(link);
      item.appendChild(heading);
      var details = [header.kind_label, header.city, header.plan, header.number].filter(function (x) { return x; });
      if (details.length > 0) {
        var meta = element('p', { class: 'search-result-meta' });
        details.forEach(function (detail, i) {
          var span = element('span', { class: i === 0 ? 'search-result-kind search-result-kind-' + header.kind : '' }, detail);
          if (i > 0) meta.appendChild(document.createTextNode(' · '));
          meta.appendChild(span);
        });
        item.appendChild(meta);
      }
      if (excerpt.segments.length > 0) {
        var p = element('p', { class: 'search-result-excerpt' });
        if (excerpt.cutStart) p.appendChild(document.createTextNode('…'));
        excerpt.segments.forEach(function (segment) {
          if (segment.mark) p.appendChild(element('mark', {}, segment.text));
          else p.appendChild(document.createTextNode(segment.text));
        });
        if (excerpt.cutEnd) p.appendChild(document.createTextNode('…'));
        item.appendChild(p);
      }
    }

    function onFilterChange() {
      readControls();
      typingEntry = false;
      remember('push');
      run();
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.clearTimeout(typingTimer);
      readControls();
      remember(typingEntry ? 'replace' : 'push');
      typingEntry = false;
      run();
    });

    input.addEventListener('input', function () {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () {
        if (input.value === state.q) return;
        readControls();
        remember(typingEntry ? 'replace' : 'push');
        typingEntry = true;
        run();
      }, 250);
    });

    more.addEventListener('click', function () { showMore(true); });

    window.addEventListener('popstate', function () {
      window.clearTimeout(typingTimer);
      state = readState();
      typingEntry = false;
      showState();
      run();
    });

    showState();
    engine.meta().then(function (m) {
      buildFilters(m);
      showFilters();
      if (state.q) run();
    }).catch(fail);
  }

  return { createEngine: createEngine, start: start, FACETS: FACETS };
});
