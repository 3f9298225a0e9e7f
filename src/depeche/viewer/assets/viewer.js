/* depeche viewer: vanilla JS, no network except the page's own JSON endpoints in server mode.
   Every piece of record data reaches the DOM through textContent (never innerHTML). */
(function () {
  "use strict";

  var KIND_COLORS = {
    organisation: "#2563eb", person: "#db2777", role: "#9333ea", date: "#0d9488",
    deadline: "#dc2626", trigger: "#ea580c", party: "#7c3aed", money: "#16a34a",
    stake: "#65a30d", asset: "#0891b2", source: "#64748b", condition: "#ca8a04", evidence: "#f59e0b"
  };
  var KIND_LABELS = {
    organisation: "organisation", person: "person", role: "role", date: "date", deadline: "deadline",
    trigger: "deal trigger", party: "deal party", money: "money", stake: "stake", asset: "asset",
    source: "source", condition: "condition", evidence: "evidence"
  };
  var GROUPS = [["deal", "Deals"], ["deadline", "Deadlines"], ["organisation", "Organisations"], ["person", "People"], ["date", "Dates"]];
  var RECORD_DOT = { deal: "#ea580c", deadline: "#dc2626", organisation: "#2563eb", person: "#db2777", date: "#0d9488" };
  var PAGE = 100;
  var LINE = 2; // px per underline level

  function $(id) { return document.getElementById(id); }
  function readJSON(id) { var el = $(id); return el ? JSON.parse(el.textContent) : null; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

  // --- data sources: the same interface over embedded data (file) and JSON endpoints (server) ---

  // Search folds case and accents as depeche.viewer.model.fold does on the server: NFD, combining
  // diacritics dropped, lower case, then FOLD_TABLE (« veran » finds « Véran », « coeur » « cœur »).
  var FOLD_TABLE = { "œ": "oe", "æ": "ae", "ß": "ss", "ς": "σ", "\u2019": "'", "\u2018": "'", "\u02bc": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " " };
  var FOLD_CHARS = /[œæßς\u2019\u2018\u02bc\u00a0\u202f\u2009\u2007]/g;
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(FOLD_CHARS, function (c) { return FOLD_TABLE[c]; });
  }
  // What JSON writes as an escape (and the report's script_json as \u003c...): a query holding one
  // cannot be looked for in an article's raw JSON block.
  var ESCAPED = /["\\<>&\u0000-\u001f\u2028\u2029]/;

  // Where folded `q` occurs in `text`: [start, end) ranges in the text's own (UTF-16) offsets.
  function hitsIn(text, q) {
    var fq = fold(q), out = [];
    if (!fq) return out;
    var folded = "", from = [], to = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp), end = i + ch.length;
      var f = cp < 128 ? ch.toLowerCase() : fold(ch);
      if (!f.length && to.length) to[to.length - 1] = end; // a lone combining mark joins the letter before it
      for (var k = 0; k < f.length; k++) { from.push(i); to.push(end); }
      folded += f;
      i = end;
    }
    for (var at = folded.indexOf(fq); at >= 0; at = folded.indexOf(fq, at + fq.length)) {
      out.push([from[at], to[at + fq.length - 1]]);
    }
    return out;
  }

  function keysOf(entry) {
    // the names of the entry, then the canonical names of its entities (depeche.registry, model.Overview.link)
    var orgs = entry.orgs.concat(entry.org_entities || []), people = entry.people.concat(entry.people_entities || []);
    return { title: fold(entry.title), id: fold(entry.id), orgs: orgs.map(fold), people: people.map(fold) };
  }

  // The list's filters (the server's model.matches applies the same rules). `fq` is the folded query,
  // `k` the entry's folded keys, `ftext` the folded article text (only when searching text).
  function matches(entry, k, f, fq, ftext) {
    if (f.deal && !entry.deals) return false;
    if (f.deadline && !entry.deadlines) return false;
    if (f.status && entry.statuses.indexOf(f.status) < 0) return false;
    var pub = entry.published || "";
    if (f.from && (!pub || pub < f.from)) return false;
    if (f.to && (!pub || pub > f.to)) return false;
    if (!fq) return true;
    var i;
    if (f.field === "all" || f.field === "organisation") {
      for (i = 0; i < k.orgs.length; i++) if (k.orgs[i].indexOf(fq) >= 0) return true;
    }
    if (f.field === "all" || f.field === "person") {
      for (i = 0; i < k.people.length; i++) if (k.people[i].indexOf(fq) >= 0) return true;
    }
    if (f.field === "all" || f.field === "text") {
      if (k.title.indexOf(fq) >= 0 || k.id.indexOf(fq) >= 0) return true;
      if (ftext !== undefined && ftext !== null && ftext.indexOf(fq) >= 0) return true;
    }
    return false;
  }

  function FileStore() {
    this.data = readJSON("depeche-index");
    this.cache = {};
    this.keys = null;  // folded search keys per entry, on the first search
    this.raw = {};     // folded raw JSON per article, on the first text search
    this.ids = null;   // article id -> n, on the first permalink
  }
  FileStore.prototype.meta = function () { return Promise.resolve(this.data.meta); };
  FileStore.prototype.overview = function () { return Promise.resolve(this.data.overview); };
  FileStore.prototype.article = function (n) {
    if (!this.cache[n]) {
      var view = readJSON("depeche-a-" + Number(n));
      if (!view) return Promise.reject(new Error("no article " + n));
      this.cache = {}; // keep only the article in view parsed
      this.cache[n] = view;
    }
    return Promise.resolve(this.cache[n]);
  };
  FileStore.prototype.byId = function (id) {
    if (!this.ids) {
      this.ids = new Map();
      for (var i = 0; i < this.data.index.length; i++) {
        if (!this.ids.has(this.data.index[i].id)) this.ids.set(this.data.index[i].id, this.data.index[i].n);
      }
    }
    return this.ids.has(id) ? this.article(this.ids.get(id)) : Promise.resolve(null);
  };
  FileStore.prototype.foldedRaw = function (n) {
    if (this.raw[n] === undefined) {
      var node = $("depeche-a-" + n);
      this.raw[n] = node ? fold(node.textContent) : "";
    }
    return this.raw[n];
  };
  FileStore.prototype.list = function (f, offset, limit) {
    var out = [], total = 0, entries = this.data.index, fq = fold(f.q);
    var needText = fq && (f.field === "all" || f.field === "text"), cheap = !ESCAPED.test(fq);
    if (fq && !this.keys) this.keys = entries.map(keysOf);
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i], k = fq ? this.keys[i] : null, ftext = null;  // reset for every article
      if (needText && !matches(e, k, f, fq, null)) {
        // A cheap test on the article's raw JSON first; parse only the articles that may hold the query.
        if (!cheap || this.foldedRaw(e.n).indexOf(fq) >= 0) {
          var node = $("depeche-a-" + e.n);
          if (node) ftext = fold(JSON.parse(node.textContent).text);
        }
      }
      if (matches(e, k, f, fq, ftext)) {
        if (total >= offset && out.length < limit) out.push(e);
        total++;
      }
    }
    return Promise.resolve({ total: total, items: out });
  };

  function ServerStore() {}
  function getJSON(path) {
    return fetch(path, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    });
  }
  ServerStore.prototype.meta = function () { return getJSON("api/meta"); };
  ServerStore.prototype.overview = function () { return getJSON("api/overview"); };
  ServerStore.prototype.article = function (n) { return getJSON("api/article?n=" + encodeURIComponent(n)); };
  ServerStore.prototype.byId = function (id) {
    var self = this;
    return getJSON("api/find?id=" + encodeURIComponent(id)).then(function (r) { return r.n === null ? null : self.article(r.n); });
  };
  ServerStore.prototype.list = function (f, offset, limit) {
    var p = new URLSearchParams({ q: f.q, field: f.field, status: f.status, from: f.from, to: f.to, offset: offset, limit: limit });
    if (f.deal) p.set("deal", "1");
    if (f.deadline) p.set("deadline", "1");
    return getJSON("api/list?" + p.toString());
  };

  var config = readJSON("depeche-config") || { mode: "file" };
  var store = config.mode === "server" ? new ServerStore() : new FileStore();

  // --- state ---
  var state = {
    filters: { q: "", field: "all", deal: false, deadline: false, status: "", from: "", to: "" },
    shown: 0, total: 0, current: null, view: null, selected: null,
    hidden: { evidence: true }, segsBySpan: [], overviewDone: false, pending: null,
    hits: [], hitEls: [], hit: -1
  };

  // --- article list ---
  function readFilters() {
    state.filters = {
      q: $("q").value.trim().toLowerCase(), field: $("field").value,
      deal: $("f-deal").checked, deadline: $("f-deadline").checked, status: $("f-status").value,
      from: $("f-from").value, to: $("f-to").value
    };
  }

  function listItem(e) {
    var li = el("li", "item");
    li.dataset.n = String(e.n);
    li.appendChild(el("div", "item-title", e.title || e.id));
    var meta = el("div", "item-meta");
    if (e.published) meta.appendChild(el("span", null, e.published));
    if (e.deals) meta.appendChild(el("span", "badge deal", plural(e.deals, "deal")));
    if (e.deadlines) meta.appendChild(el("span", "badge deadline", plural(e.deadlines, "deadline")));
    if (e.orgs.length) meta.appendChild(el("span", "badge", plural(e.orgs.length, "org")));
    if (e.people.length) meta.appendChild(el("span", "badge", e.people.length + (e.people.length === 1 ? " person" : " people")));
    li.appendChild(meta);
    if (e.orgs.length) li.appendChild(el("div", "item-orgs", e.orgs.slice(0, 4).join(" · ")));
    if (state.current === e.n) li.classList.add("active");
    li.addEventListener("click", function () { notice(""); openArticle(e.n); });
    return li;
  }

  function refreshList(append) {
    var offset = append ? state.shown : 0;
    var token = {};
    state.pending = token;
    return store.list(state.filters, offset, PAGE).then(function (res) {
      if (state.pending !== token) return;
      var list = $("list");
      list.dataset.q = state.filters.q; // what the list shows (tests wait on it)
      if (!append) { clear(list); state.shown = 0; list.scrollTop = 0; }
      res.items.forEach(function (e) { list.appendChild(listItem(e)); });
      state.shown += res.items.length;
      state.total = res.total;
      $("list-count").textContent = res.total === 1 ? "1 article" : res.total + " articles" + (state.shown < res.total ? " · showing " + state.shown : "");
      $("more").hidden = state.shown >= res.total;
      if (!append && state.current === null && res.items.length) openArticle(res.items[0].n);
      else if (!append && state.view) showHits(state.view, true);
    });
  }

  var debounce = null;
  function onFilter() {
    readFilters();
    clearTimeout(debounce);
    debounce = setTimeout(function () { refreshList(false); }, 150);
  }

  // --- the article ---
  function levels(spans, visible) {
    // Stack overlapping spans on underline levels, so a span keeps its level across segments.
    var order = visible.slice().sort(function (a, b) { return spans[a][0] - spans[b][0] || spans[b][1] - spans[a][1]; });
    var ends = [], level = {};
    order.forEach(function (i) {
      var l = 0;
      while (l < ends.length && ends[l] > spans[i][0]) l++;
      ends[l] = spans[i][1];
      level[i] = l;
    });
    return level;
  }

  function renderText(view) {
    var text = view.text, spans = view.spans, box = $("a-text");
    clear(box);
    var n = text.length, bounds = {}, starts = {}, stops = {};
    bounds[0] = true; bounds[n] = true;
    var hits = state.hits, h = 0;
    hits.forEach(function (x) { bounds[x[0]] = bounds[x[1]] = true; });
    state.hitEls = hits.map(function () { return []; });
    var visible = [];
    spans.forEach(function (s, i) {
      var a = Math.max(0, Math.min(n, s[0])), b = Math.max(0, Math.min(n, s[1]));
      if (b <= a) return;
      bounds[a] = bounds[b] = true;
      (starts[a] = starts[a] || []).push(i);
      (stops[b] = stops[b] || []).push(i);
      if (!state.hidden[s[2]]) visible.push(i);
    });
    var level = levels(spans, visible);
    var points = Object.keys(bounds).map(Number).sort(function (a, b) { return a - b; });
    var active = [], frag = document.createDocumentFragment();
    state.segsBySpan = spans.map(function () { return []; });
    for (var k = 0; k < points.length - 1; k++) {
      var p = points[k], q = points[k + 1];
      if (stops[p]) active = active.filter(function (i) { return stops[p].indexOf(i) < 0; });
      if (starts[p]) active = active.concat(starts[p]);
      var piece = text.slice(p, q);
      while (h < hits.length && hits[h][1] <= p) h++;
      var hit = h < hits.length && hits[h][0] <= p ? h : -1;  // this piece lies in search hit `hit`
      if (!active.length) {
        if (hit < 0) { frag.appendChild(document.createTextNode(piece)); continue; }
        var mark = el("mark", "hit", piece);
        mark.dataset.at = p + ":" + q;
        state.hitEls[hit].push(mark);
        frag.appendChild(mark);
        continue;
      }
      var seg = el("span", "seg", piece);
      seg.dataset.s = active.join(",");
      seg.dataset.at = p + ":" + q;
      if (hit >= 0) { seg.classList.add("hit"); state.hitEls[hit].push(seg); }
      var shadows = [], inner = null, innerLen = Infinity;
      active.forEach(function (i) {
        state.segsBySpan[i].push(seg);
        if (state.hidden[spans[i][2]]) return;
        var len = spans[i][1] - spans[i][0];
        if (len < innerLen) { innerLen = len; inner = i; }
        shadows[level[i]] = KIND_COLORS[spans[i][2]];
      });
      if (inner !== null) {
        // One 2px band per level from the bottom edge up; the first shadow listed is painted on top.
        var stack = [];
        for (var l = 0; l < shadows.length; l++) stack.push("inset 0 -" + (LINE * (l + 1)) + "px 0 " + (shadows[l] || "#ffffff"));
        seg.style.boxShadow = stack.join(", ");
        seg.style.paddingBottom = (LINE * (shadows.length - 1) + 1) + "px";
        seg.style.backgroundColor = alpha(KIND_COLORS[spans[inner][2]], 0.09);
      } else {
        seg.classList.add("quiet");
      }
      frag.appendChild(seg);
    }
    box.appendChild(frag);
  }

  // Search hits in the reader: every place the folded query occurs in the text, marked, counted,
  // and stepped through with the arrows (or Enter / Shift+Enter in the search box).
  function showHits(view, rerender) {
    var q = state.filters.q;
    var before = JSON.stringify(state.hits);
    state.hits = q ? hitsIn(view.text, q) : [];
    if (rerender && JSON.stringify(state.hits) !== before) {
      var sel = state.selected;
      renderText(view);
      if (sel !== null) { state.selected = null; select(sel, false); }
    }
    state.hit = -1;
    var bar = $("a-hits");
    bar.hidden = !q;
    $("hits-count").textContent = !q ? "" : state.hits.length === 1 ? "1 match for « " + q + " »" :
      (state.hits.length || "no") + " matches for « " + q + " » in the text";
    $("hit-prev").disabled = $("hit-next").disabled = !state.hits.length;
  }

  function goHit(step) {
    if (!state.hits.length) return;
    document.querySelectorAll(".hit.current").forEach(function (x) { x.classList.remove("current"); });
    state.hit = (state.hit + step + state.hits.length) % state.hits.length;
    var els = state.hitEls[state.hit] || [];
    els.forEach(function (x) { x.classList.add("current"); });
    if (els.length) els[0].scrollIntoView({ block: "center" });
    $("hits-count").dataset.at = String(state.hit);
    $("hits-count").textContent = (state.hit + 1) + " of " + state.hits.length + (state.hits.length === 1 ? " match" : " matches") + " for « " + state.filters.q + " »";
  }

  // Permalinks name the article by its id: #id=<id>, and &r=<record id> when a record is selected.
  function setHash() {
    var view = state.view;
    if (!view) return;
    var hash = "#id=" + encodeURIComponent(view.id);
    if (state.selected !== null && view.records[state.selected]) hash += "&r=" + encodeURIComponent(view.records[state.selected].id);
    try { history.replaceState(null, "", hash); } catch (e) { /* file:// may refuse */ }
  }

  function readHash() {
    var hash = (location.hash || "").replace(/^#/, "");
    var old = /^a=(\d+)$/.exec(hash);  // the row links of earlier versions
    if (old) return { n: Number(old[1]) };
    var p = new URLSearchParams(hash);
    return p.has("id") ? { id: p.get("id"), rid: p.get("r") } : null;
  }

  function notice(text) {
    var box = $("notice");
    box.textContent = text || "";
    box.hidden = !text;
  }

  // Open what the URL fragment names; resolves to false when it names nothing in this dump.
  function openHash(link) {
    if (!link) return Promise.resolve(false);
    if (link.n !== undefined) {
      if (link.n >= state.count) { notice("No article number " + link.n + " in this file (it has " + state.count + ")."); return Promise.resolve(false); }
      return openArticle(link.n).then(function () { return true; });
    }
    return store.byId(link.id).then(function (view) {
      if (!view) { notice("No article with id « " + link.id + " » in this file."); return false; }
      notice("");
      return openArticle(view.n, link.rid).then(function () { return true; });
    });
  }

  function renderPanel(view) {
    var panel = $("panel");
    clear(panel);
    var any = false;
    GROUPS.forEach(function (g) {
      var recs = [];
      view.records.forEach(function (r, i) { if (r.kind === g[0]) recs.push(i); });
      if (!recs.length) return;
      any = true;
      var group = el("section", "group");
      var h = el("h3");
      h.appendChild(el("span", null, g[1]));
      h.appendChild(el("span", null, recs.length));
      group.appendChild(h);
      recs.forEach(function (i) {
        var r = view.records[i];
        var box = el("div", "rec");
        box.dataset.r = String(i);
        var head = el("div", "rec-head");
        var dot = el("span", "swatch");
        dot.style.background = RECORD_DOT[r.kind] || "#999";
        head.appendChild(dot);
        head.appendChild(el("span", "rec-label", r.label));
        if (r.kind === "deal") head.appendChild(el("span", "status " + r.sub.replace(/[^a-z-]/g, ""), r.sub));
        box.appendChild(head);
        if (r.kind !== "deal" && r.sub) box.appendChild(el("div", "rec-sub", r.sub));
        var dl = el("dl", "rec-fields");
        r.fields.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
        dl.appendChild(el("dt", null, "in the text"));
        dl.appendChild(el("dd", null, r.spans.length ? plural(r.spans.length, "span") : "no span"));
        box.appendChild(dl);
        box.tabIndex = 0;
        box.addEventListener("click", function () { select(i, true); });
        box.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(i, true); } });
        group.appendChild(box);
      });
      panel.appendChild(group);
    });
    if (!any) panel.appendChild(el("div", "panel-empty", "Nothing was extracted from this article."));
  }

  function renderMeta(view) {
    $("a-title").textContent = view.title || view.id;
    var meta = $("a-meta");
    clear(meta);
    if (view.published) meta.appendChild(el("span", null, view.published));
    if (view.source) meta.appendChild(el("span", null, view.source));
    meta.appendChild(el("span", null, "id " + view.id));
    var url = safeUrl(view.url);
    if (url) {
      var a = el("a", null, "source ↗");
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      meta.appendChild(a);
    }
    meta.appendChild(el("span", null, plural(view.spans.length, "span")));
    var warn = $("a-warnings");
    clear(warn);
    (view.warnings || []).forEach(function (w) { warn.appendChild(el("div", null, "⚠ " + w)); });
  }

  function openArticle(n, rid) {
    var token = {};
    state.opening = token;
    return store.article(n).then(function (view) {
      if (state.opening !== token) return; // a later click won
      state.current = view.n;
      state.view = view;
      state.selected = null;
      $("reader-empty").hidden = true;
      $("reader-body").hidden = false;
      renderMeta(view);
      showHits(view, false);
      renderText(view);
      renderPanel(view);
      $("reader").scrollTop = 0;
      document.querySelectorAll(".item.active").forEach(function (x) { x.classList.remove("active"); });
      var item = document.querySelector('.item[data-n="' + Number(view.n) + '"]');
      if (item) { item.classList.add("active"); item.scrollIntoView({ block: "nearest" }); }
      var chosen = false;
      if (rid !== undefined && rid !== null) {
        for (var i = 0; i < view.records.length; i++) if (view.records[i].id === rid) { select(i, true); chosen = true; break; }
      }
      if (!chosen && state.hits.length) goHit(1);
      setHash();
      $("reader-body").dataset.n = String(view.n);
    });
  }

  function select(i, scroll) {
    var view = state.view;
    document.querySelectorAll(".seg.marked").forEach(function (s) { s.classList.remove("marked", "flash"); });
    document.querySelectorAll(".rec.active").forEach(function (r) { r.classList.remove("active"); });
    if (state.selected === i && !scroll) { state.selected = null; setHash(); return; }
    state.selected = i;
    setHash();
    var rec = view.records[i], first = null;
    rec.spans.forEach(function (s) {
      state.segsBySpan[s].forEach(function (seg) {
        seg.classList.add("marked", "flash");
        if (!first) first = seg;
      });
    });
    var box = document.querySelector('.rec[data-r="' + i + '"]');
    if (box) { box.classList.add("active"); box.scrollIntoView({ block: "nearest" }); }
    if (first && scroll) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  // --- tooltip ---
  function showTip(seg) {
    var view = state.view, tip = $("tip");
    clear(tip);
    var ids = seg.dataset.s.split(",").map(Number).filter(function (i) { return !state.hidden[view.spans[i][2]]; })
      .sort(function (a, b) { return (view.spans[a][1] - view.spans[a][0]) - (view.spans[b][1] - view.spans[b][0]); });
    if (!ids.length) { tip.hidden = true; return; }
    ids.forEach(function (i) {
      var s = view.spans[i], rec = view.records[s[3]];
      var row = el("div", "tip-row");
      var kind = el("span", "tip-kind", KIND_LABELS[s[2]] || s[2]);
      kind.style.background = KIND_COLORS[s[2]] || "#555";
      row.appendChild(kind);
      var body = el("span");
      body.appendChild(el("span", "tip-label", rec.label));
      if (s[4]) body.appendChild(el("span", "tip-note", " — " + s[4]));
      if (s[5]) body.appendChild(el("div", "tip-prov", s[5]));
      row.appendChild(body);
      tip.appendChild(row);
    });
    tip.hidden = false;
    var r = seg.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var x = Math.min(Math.max(8, r.left), window.innerWidth - w - 8);
    var y = r.bottom + 8 + h > window.innerHeight ? r.top - h - 8 : r.bottom + 8;
    tip.style.left = x + "px";
    tip.style.top = Math.max(8, y) + "px";
  }

  function wireText() {
    var box = $("a-text");
    box.addEventListener("mouseover", function (ev) {
      var seg = ev.target.closest ? ev.target.closest(".seg") : null;
      if (seg) showTip(seg);
    });
    box.addEventListener("mouseout", function (ev) {
      if (!ev.relatedTarget || !ev.relatedTarget.closest || !ev.relatedTarget.closest(".seg")) $("tip").hidden = true;
    });
    box.addEventListener("click", function (ev) {
      var seg = ev.target.closest ? ev.target.closest(".seg") : null;
      if (!seg || !state.view) return;
      var view = state.view;
      var ids = seg.dataset.s.split(",").map(Number).filter(function (i) { return !state.hidden[view.spans[i][2]]; });
      if (!ids.length) return;
      ids.sort(function (a, b) { return (view.spans[a][1] - view.spans[a][0]) - (view.spans[b][1] - view.spans[b][0]); });
      select(view.spans[ids[0]][3], false);
    });
  }

  function renderLegend() {
    var legend = $("legend");
    clear(legend);
    Object.keys(KIND_COLORS).forEach(function (k) {
      var label = el("label");
      label.dataset.kind = k;
      var box = el("input");
      box.type = "checkbox";
      box.checked = !state.hidden[k];
      var sw = el("span", "swatch");
      sw.style.background = KIND_COLORS[k];
      label.appendChild(box);
      label.appendChild(sw);
      label.appendChild(el("span", null, KIND_LABELS[k]));
      if (state.hidden[k]) label.classList.add("off");
      box.addEventListener("change", function () {
        state.hidden[k] = !box.checked;
        label.classList.toggle("off", !box.checked);
        if (state.view) {
          var sel = state.selected;
          renderText(state.view);
          if (sel !== null) { state.selected = null; select(sel, false); }
        }
      });
      legend.appendChild(label);
    });
  }

  // --- overview ---
  function card(title, note, wide) {
    var c = el("section", "card" + (wide ? " wide" : ""));
    var h = el("h2");
    h.appendChild(el("span", null, title));
    if (note) h.appendChild(el("small", null, note));
    c.appendChild(h);
    return c;
  }

  function searchFor(field, name) {
    $("q").value = name;
    $("field").value = field;
    readFilters();
    showView("articles");
    state.current = null;
    refreshList(false);
  }

  // Draw the first `limit` of `total` items (draw(count) fills `body`) into card `c`, with a button that draws them all.
  function limited(c, body, total, limit, draw) {
    draw(limit);
    c.appendChild(body);
    if (total > limit) {
      var more = el("button", "show-more", "Show all " + total);
      more.addEventListener("click", function () { draw(total); more.remove(); });
      c.appendChild(more);
    }
    return c;
  }

  function bars(rows, color, field, total, label) {
    var c = card(label, rows.length < total ? "top " + rows.length + " of " + total : plural(total, "name"));
    if (!rows.length) { c.appendChild(el("div", "muted", "None found.")); return c; }
    var grid = el("div", "bars"), max = rows[0][1], limit = 25;
    function draw(count) {
      clear(grid);
      rows.slice(0, count).forEach(function (r) {
        var name = el("span", "bar-name", r[0]);
        name.title = "Show the articles that mention " + r[0];
        name.addEventListener("click", function () { searchFor(field, r[0]); });
        var bar = el("span", "bar");
        bar.style.width = Math.max(2, 100 * r[1] / max) + "%";
        bar.style.background = color;
        grid.appendChild(name); grid.appendChild(bar); grid.appendChild(el("span", "bar-n", r[1]));
      });
    }
    return limited(c, grid, rows.length, limit, draw);
  }

  function goTo(n, rid) {
    showView("articles");
    openArticle(n, rid);
  }

  function deadlineTimeline(ov) {
    var c = card("Deadline timeline", ov.deadlines.length < ov.deadlines_total ? "first " + ov.deadlines.length + " of " + ov.deadlines_total : plural(ov.deadlines_total, "deadline"), false);
    if (!ov.deadlines.length) { c.appendChild(el("div", "muted", "No deadline in this dump.")); return c; }
    var tl = el("div", "timeline"), limit = 60;
    function draw(count) {
      clear(tl);
      var month = null;
      ov.deadlines.slice(0, count).forEach(function (d) {
        var m = d.date.slice(0, 7);
        if (m !== month) { tl.appendChild(el("div", "tl-month", m)); month = m; }
        var item = el("div", "tl-item " + (d.kind || "").replace(/[^a-z]/g, ""));
        var line = el("div", "tl-line");
        line.appendChild(el("span", "tl-date", d.date));
        line.appendChild(el("span", "tl-what", d.what || d.kind));
        item.appendChild(line);
        var src = (d.parties.length ? d.parties.join(", ") + " · " : "") + d.kind + " · " + d.title;
        item.appendChild(el("div", "tl-src", src));
        item.addEventListener("click", function () { goTo(d.n, d.rid); });
        tl.appendChild(item);
      });
    }
    return limited(c, tl, ov.deadlines.length, limit, draw);
  }

  var STATUS_ORDER = ["rumoured", "proposed", "negotiating", "agreed", "pending", "approved", "completed", "suspended", "blocked", "abandoned"];
  function partiesText(d) { return d.parties.map(function (p) { return p[0] + ": " + p[1]; }).join("; "); }
  // The deals table's columns: header, sort key (null sorts last either way), CSV cells.
  var DEAL_COLUMNS = [
    ["published", function (d) { return d.published || null; }],
    ["kind", function (d) { return d.kind; }],
    ["parties", function (d) { return d.parties.map(function (p) { return p[1]; }).join(" ").toLocaleLowerCase("fr") || null; }],
    ["amount", function (d) { return typeof d.amount_value === "number" ? d.amount_value : null; }],
    ["status", function (d) { var i = STATUS_ORDER.indexOf(d.status); return i < 0 ? STATUS_ORDER.length : i; }],
    ["article", function (d) { return (d.title || "").toLocaleLowerCase("fr"); }]
  ];
  var CSV_COLUMNS = [
    ["article_id", function (d) { return d.id; }], ["deal_id", function (d) { return d.rid; }],
    ["published", function (d) { return d.published; }], ["kind", function (d) { return d.kind; }],
    ["status", function (d) { return d.status; }], ["parties", partiesText],
    ["amount", function (d) { return d.amount; }], ["amount_value", function (d) { return d.amount_value; }],
    ["amount_currency", function (d) { return d.amount_currency; }], ["stake_percent", function (d) { return d.stake_percent; }],
    ["title", function (d) { return d.title; }]
  ];

  function compareKeys(a, b) {
    if (a === b) return 0;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "fr");
  }

  // RFC 4180: every field quoted when it holds a quote, a comma or a line break; CRLF between rows.
  // A text cell a spreadsheet would run as a formula (= + - @ first) is written with a ' before it.
  function csvCell(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") return String(value);
    var s = String(value);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function toCSV(rows, columns) {
    var lines = [columns.map(function (c) { return c[0]; }).join(",")];
    rows.forEach(function (d) { lines.push(columns.map(function (c) { return csvCell(c[1](d)); }).join(",")); });
    return lines.join("\r\n") + "\r\n";
  }
  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = el("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function dealsTable(ov) {
    var c = card("Deals", ov.deals.length < ov.deals_total ? "first " + ov.deals.length + " of " + ov.deals_total : plural(ov.deals_total, "deal"), true);
    if (!ov.deals.length) { c.appendChild(el("div", "muted", "No deal in this dump.")); return c; }
    var chosen = "", sortBy = null, sortDir = 1;
    var chips = el("div", "status-chips");
    Object.keys(ov.statuses).forEach(function (s) {
      var chip = el("span", "status on " + s.replace(/[^a-z-]/g, ""), s + " " + ov.statuses[s]);
      chip.addEventListener("click", function () {
        chosen = chosen === s ? "" : s;
        chips.querySelectorAll(".status").forEach(function (x) { x.classList.toggle("on", !chosen || x === chip); });
        draw();
      });
      chips.appendChild(chip);
    });
    c.appendChild(chips);
    var tools = el("div", "table-tools");
    var csv = el("button", "download", "Download CSV");
    csv.id = "deals-csv";
    csv.addEventListener("click", function () { download("deals.csv", toCSV(rows(), CSV_COLUMNS), "text/csv;charset=utf-8"); });
    tools.appendChild(csv);
    c.appendChild(tools);
    var table = el("table", "deals"), head = el("tr");
    DEAL_COLUMNS.forEach(function (col, i) {
      var th = el("th"), button = el("button", null, col[0]);
      button.type = "button";
      button.title = "Sort by " + col[0] + " (click again to reverse)";
      button.addEventListener("click", function () {
        sortDir = sortBy === i ? -sortDir : 1;
        sortBy = i;
        head.querySelectorAll("th").forEach(function (x) { x.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
        draw();
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody"); table.appendChild(body);
    var shown = 0;
    // The table's rows: the deals of the chosen status, in the order of the header last clicked.
    function rows() {
      var out = ov.deals.filter(function (d) { return !chosen || d.status === chosen; });
      if (sortBy === null) return out;
      var key = DEAL_COLUMNS[sortBy][1];
      return out.map(function (d, i) { return [key(d), i, d]; }).sort(function (a, b) {
        if (a[0] === null || b[0] === null) return a[0] === b[0] ? a[1] - b[1] : a[0] === null ? 1 : -1;
        return sortDir * compareKeys(a[0], b[0]) || a[1] - b[1];
      }).map(function (x) { return x[2]; });
    }
    function draw(count) {  // no count: redraw as many as shown (a status chip or a header was clicked)
      if (count) shown = count;
      clear(body);
      var all = rows();
      csv.title = "The " + plural(all.length, "deal") + " of this table, in its order, as CSV";
      all.slice(0, shown).forEach(function (d) {
        var tr = el("tr", "row");
        tr.appendChild(el("td", null, d.published || "—"));
        tr.appendChild(el("td", null, d.kind));
        var parties = el("td");
        d.parties.forEach(function (p, i) {
          if (i) parties.appendChild(document.createTextNode(" · "));
          parties.appendChild(el("span", "role", p[0]));
          parties.appendChild(el("span", null, p[1]));
        });
        tr.appendChild(parties);
        tr.appendChild(el("td", null, [d.amount, d.stake].filter(Boolean).join(" · ") || "—"));
        var st = el("td"); st.appendChild(el("span", "status " + d.status.replace(/[^a-z-]/g, ""), d.status)); tr.appendChild(st);
        tr.appendChild(el("td", null, d.title));
        tr.addEventListener("click", function () { goTo(d.n, d.rid); });
        body.appendChild(tr);
      });
    }
    return limited(c, table, ov.deals.length, 100, draw);
  }

  // Deals followed across articles (depeche.aggregate.track_deals): one row per tracked deal,
  // its sightings left to right in date order; a sighting opens its article with the deal selected.
  function trackedBlock(tracked) {
    var c = card("Deals across articles", plural(tracked.length, "deal") + " seen in more than one article", true);
    if (!tracked.length) { c.appendChild(el("div", "muted", "No deal was seen in more than one article.")); return c; }
    var limit = 50;
    var list = el("div");
    function draw(count) {
      clear(list);
      tracked.slice(0, count).forEach(function (t) {
        var box = el("div", "track");
        var head = el("div", "track-title");
        head.appendChild(el("span", null, t.kind + ": " + t.parties.filter(function (p) { return p[0] !== "advisor" && p[0] !== "regulator"; })
          .map(function (p) { return p[1]; }).join(" · ")));
        head.appendChild(document.createTextNode(" "));
        head.appendChild(el("span", "status " + t.status.replace(/[^a-z-]/g, ""), t.status));
        if (t.first_seen) head.appendChild(el("span", "muted", "  " + t.first_seen + " → " + t.last_seen + " · " + plural(t.events.length, "article")));
        box.appendChild(head);
        var row = el("div", "track-events");
        t.events.forEach(function (ev) {
          var cell = el("div", "track-event");
          cell.appendChild(el("div", "track-date", ev.date || "undated"));
          var st = el("div");
          st.appendChild(el("span", "status " + ev.status.replace(/[^a-z-]/g, ""), ev.status));
          cell.appendChild(st);
          var more = [ev.amount, ev.reported_by ? "selon " + ev.reported_by : ""].filter(Boolean).join(" · ");
          if (more) cell.appendChild(el("div", null, more));
          cell.appendChild(el("div", "muted track-src", ev.title));
          if (ev.n !== null && ev.n !== undefined) cell.addEventListener("click", function () { goTo(ev.n, ev.deal); });
          row.appendChild(cell);
        });
        box.appendChild(row);
        list.appendChild(box);
      });
    }
    return limited(c, list, tracked.length, limit, draw);
  }

  function renderOverview() {
    if (state.overviewDone) return Promise.resolve();
    return store.overview().then(function (ov) {
      state.overviewDone = true;
      var root = $("view-overview");
      clear(root);
      var grid = el("div", "ov-grid");
      var head = card("This dump", ov.period ? ov.period[0] + " → " + ov.period[1] : "", true);
      var stats = el("div", "stats");
      [["articles", ov.articles], ["organisations", ov.totals.organisations || 0], ["people", ov.totals.people || 0],
       ["dates", ov.totals.dates || 0], ["deadlines", ov.totals.deadlines || 0], ["deals", ov.totals.deals || 0]].forEach(function (s) {
        var st = el("div", "stat");
        st.appendChild(el("b", null, Number(s[1]).toLocaleString("fr-FR")));
        st.appendChild(el("span", null, s[0]));
        stats.appendChild(st);
      });
      head.appendChild(stats);
      grid.appendChild(head);
      grid.appendChild(bars(ov.organisations, KIND_COLORS.organisation, "organisation", ov.organisations_total, "Organisations by number of articles"));
      grid.appendChild(bars(ov.people, KIND_COLORS.person, "person", ov.people_total, "People by number of articles"));
      grid.appendChild(deadlineTimeline(ov));
      grid.appendChild(dealsTable(ov));
      if (ov.tracked !== null && ov.tracked !== undefined) grid.appendChild(trackedBlock(ov.tracked));
      root.appendChild(grid);
    });
  }

  function showView(name) {
    $("view-articles").hidden = name !== "articles";
    $("view-overview").hidden = name !== "overview";
    $("tab-articles").classList.toggle("active", name === "articles");
    $("tab-overview").classList.toggle("active", name === "overview");
    $("tip").hidden = true;
    if (name === "overview") return renderOverview();
    return Promise.resolve();
  }

  // --- start ---
  function start() {
    renderLegend();
    wireText();
    ["q", "field", "f-deal", "f-deadline", "f-status", "f-from", "f-to"].forEach(function (id) {
      $(id).addEventListener(id === "q" ? "input" : "change", onFilter);
    });
    $("more").addEventListener("click", function () { refreshList(true); });
    $("tab-articles").addEventListener("click", function () { showView("articles"); });
    $("tab-overview").addEventListener("click", function () { showView("overview"); });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "/" && document.activeElement !== $("q")) { ev.preventDefault(); $("q").focus(); }
    });
    $("q").addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); goHit(ev.shiftKey ? -1 : 1); }
    });
    $("hit-prev").addEventListener("click", function () { goHit(-1); });
    $("hit-next").addEventListener("click", function () { goHit(1); });
    window.addEventListener("hashchange", function () {
      var link = readHash();
      if (!link || (state.view && (link.n === state.view.n || link.id === state.view.id) && !link.rid)) return;
      showView("articles");
      openHash(link);
    });
    return store.meta().then(function (meta) {
      $("report-title").textContent = meta.title + " · " + plural(meta.count, "article");
      document.title = meta.title;
      var sel = $("f-status");
      meta.statuses.forEach(function (s) { var o = el("option", null, s); o.value = s; sel.appendChild(o); });
      state.count = meta.count;
      var link = readHash();
      if (link) state.current = -1;  // not the list's first article: the one the link names
      return refreshList(false).then(function () {
        return openHash(link).then(function (found) {
          if (!found && state.current === -1) { state.current = null; return refreshList(false); }
        });
      });
    }).then(function () {
      document.body.dataset.ready = "1";
    });
  }

  start().catch(function (err) {
    document.body.dataset.ready = "error";
    $("reader-empty").hidden = false;
    $("reader-empty").textContent = "The viewer could not start: " + (err && err.message ? err.message : err);
  });
})();
