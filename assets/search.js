/* Lectern search: offline, Chinese-aware, over one index file per edition.
 *
 * Loaded on every page but does nothing until the search box is first focused (or `/` is
 * pressed): then it loads lunr and this edition's index as <script> files, which works from
 * file:// where fetch does not. The index file holds the block texts; they are expanded here,
 * with the tokeniser spec that file carries (the same one lectern/tokenize.py reads), into the
 * lunr index that lunr.py builds, and handed to lunr.Index.load.
 *
 * A query: each space-separated word must occur. lunr finds the blocks that have every
 * bigram of every word; each is then checked against its text, so the results are exactly
 * those of a substring scan (lectern/search_engine.py states the same steps in Python).
 */
(function () {
  "use strict";

  /* ---------------------------------------------------------------- tokeniser */

  function Tokenizer(spec, foldPairs) {
    this.cjk = spec.cjk;
    this.word = spec.word;
    this.joiners = new Set(Array.from(spec.joiners));
    this.spaces = new Set(Array.from(spec.spaces));
    this.ignored = new Set(Array.from(spec.ignored));
    this.reference = new RegExp(spec.reference);
    this.foldMap = new Map();
    var sources = Array.from(foldPairs[0]), targets = Array.from(foldPairs[1]);
    for (var i = 0; i < sources.length; i++) {
      this.foldMap.set(sources[i], targets[i]);
    }
    this.foldPattern = sources.length ? new RegExp("[" + sources.map(function (ch) {
      return ch.replace(/[\\\]\[^-]/g, "\\$&");
    }).join("") + "]", "gu") : null;
    this.memo = new Map();
  }

  function inRanges(ranges, point) {
    for (var i = 0; i < ranges.length; i++) {
      if (point < ranges[i][0]) { return false; }
      if (point <= ranges[i][1]) { return true; }
    }
    return false;
  }

  Tokenizer.prototype.isCjk = function (ch) { return inRanges(this.cjk, ch.codePointAt(0)); };
  Tokenizer.prototype.isWord = function (ch) { return inRanges(this.word, ch.codePointAt(0)); };

  /* NFKC + lower case per character; whitespace next to CJK dropped, other runs -> one space.
   * Returns the text and, per UTF-16 unit of it, the index of the source unit it came from. */
  Tokenizer.prototype.normalize = function (text, withSource) {
    var out = [], source = withSource ? [] : null, pending = -1, last = "", memo = this.memo;
    for (var i = 0; i < text.length;) {
      var code = text.charCodeAt(i), at = i, ch;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) { ch = text.slice(i, i + 2); i += 2; } else { ch = text[i]; i += 1; }
      var pieces = memo.get(ch);
      if (pieces === undefined) {
        pieces = [];
        for (var piece of ch.normalize("NFKC").toLowerCase()) {
          if (!this.ignored.has(piece)) { pieces.push(piece); }
        }
        memo.set(ch, pieces);
      }
      for (var p = 0; p < pieces.length; p++) {
        var next = pieces[p];
        if (this.spaces.has(next)) {
          if (pending < 0) { pending = at; }
          continue;
        }
        if (pending >= 0) {
          if (last && !this.isCjk(last) && !this.isCjk(next)) {
            out.push(" ");
            if (source) { source.push(pending); }
          }
          pending = -1;
        }
        out.push(next);
        if (source) { for (var k = 0; k < next.length; k++) { source.push(at); } }
        last = next;
      }
    }
    var joined = out.join("");
    return withSource ? { text: joined, source: source } : joined;
  };

  Tokenizer.prototype.fold = function (text) {
    var map = this.foldMap;
    return this.foldPattern ? text.replace(this.foldPattern, function (ch) { return map.get(ch); }) : text;
  };

  Tokenizer.prototype.splitWords = function (query) {
    var words = [], current = "";
    for (var ch of query + " ") {
      if (this.spaces.has(ch)) {
        if (current) {
          var word = this.normalize(current);
          if (word) { words.push(word); }
          current = "";
        }
      } else {
        current += ch;
      }
    }
    return words;
  };

  Tokenizer.prototype.wordEnd = function (chars, start) {
    var end = start + 1;
    while (end < chars.length) {
      if (this.isWord(chars[end])) {
        end += 1;
      } else if (this.joiners.has(chars[end]) && end + 1 < chars.length && this.isWord(chars[end + 1])) {
        end += 2;
      } else {
        break;
      }
    }
    return end;
  };

  /* Index terms (query = false) or required lunr terms of one word (query = true);
   * see lectern/tokenize.py tokenize() and query_terms(). */
  Tokenizer.prototype.scan = function (text, query) {
    var chars = Array.from(text), terms = [], i = 0;
    while (i < chars.length) {
      var ch = chars[i], end;
      if (this.isCjk(ch)) {
        end = i + 1;
        while (end < chars.length && this.isCjk(chars[end])) { end += 1; }
        if (query && end - i === 1) {
          terms.push(ch + "*");
        } else {
          for (var j = i; j < end - 1; j++) { terms.push(chars[j] + chars[j + 1]); }
          if (!query) { terms.push(chars[end - 1]); }
        }
        i = end;
      } else if (this.isWord(ch)) {
        end = this.wordEnd(chars, i);
        if (query) {
          terms.push(chars.slice(i, end).join("") + "*");
        } else {
          for (var k = i; k < end; k++) {
            if (k === i || this.isWord(chars[k])) { terms.push(chars.slice(k, end).join("")); }
          }
        }
        i = end;
      } else {
        i += 1;
      }
    }
    return query ? Array.from(new Set(terms)) : terms;
  };

  Tokenizer.prototype.tokenize = function (text) { return this.scan(text, false); };
  Tokenizer.prototype.queryTerms = function (word) { return this.scan(word, true); };

  Tokenizer.prototype.paragraphReference = function (query) {
    var match = this.reference.exec(this.normalize(query).replace(/ /g, ""));
    return match ? match[1] + (match[2] || "") : null;
  };

  /* ---------------------------------------------------------------- engine */

  var K1 = 1.2, B = 0.75;

  function Engine(payload, lunr) {
    this.payload = payload;
    this.rows = payload.blocks;
    this.docs = payload.docs;
    this.tokenizer = new Tokenizer(payload.spec, payload.fold);
    var tk = this.tokenizer;
    this.normalized = this.rows.map(function (row) { return tk.normalize(row[5]); });
    this.folded = this.normalized.map(function (text) { return tk.fold(text); });
    var alphabet = new Set();
    this.normalized.forEach(function (text) { for (var ch of text) { alphabet.add(ch); } });
    this.foreign = new Set();
    var self = this;
    tk.foldMap.forEach(function (target, source) {
      if (!alphabet.has(source)) { self.foreign.add(source); }
      if (!alphabet.has(target)) { self.foreign.add(target); }
    });
    this.sources = [];
    this.index = lunr.Index.load(this.serializedIndex());
    this.lunr = lunr;
  }

  /* Exactly what lunr.py's Builder produces for these rows (lectern/search_engine.py). */
  Engine.prototype.serializedIndex = function () {
    var postings = new Map(), order = [], frequencies = [], lengths = [], total = 0, count = this.folded.length;
    for (var i = 0; i < count; i++) {
      var terms = this.tokenizer.tokenize(this.folded[i]), counts = new Map();
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t], seen = counts.get(term);
        if (seen === undefined) {
          var posting = postings.get(term);
          if (posting === undefined) {
            posting = { index: order.length, refs: [] };
            postings.set(term, posting);
            order.push(term);
          }
          posting.refs.push(i);
          counts.set(term, 1);
        } else {
          counts.set(term, seen + 1);
        }
      }
      frequencies.push(counts);
      lengths.push(terms.length);
      total += terms.length;
    }
    var average = total / count, vectors = new Array(count);
    postings.forEach(function (posting) {
      var df = posting.refs.length, x = (count - df + 0.5) / (df + 0.5);
      posting.idf = Math.log(1 + Math.abs(x));
    });
    for (var d = 0; d < count; d++) {
      var pairs = [], norm = K1 * (1 - B + B * (lengths[d] / average));
      frequencies[d].forEach(function (tf, term) {
        var posting = postings.get(term), score = posting.idf * ((K1 + 1) * tf) / (norm + tf);
        pairs.push(posting.index, Math.round(score * 1000) / 1000);
      });
      vectors[d] = ["t/" + d, sortPairs(pairs)];
    }
    order.sort();
    return {
      version: "2.3.9",
      fields: ["t"],
      fieldVectors: vectors,
      invertedIndex: order.map(function (term) {
        var refs = postings.get(term).refs, field = {};
        for (var r = 0; r < refs.length; r++) { field[refs[r]] = {}; }
        return [term, { _index: postings.get(term).index, t: field }];
      }),
      pipeline: []
    };
  };

  /* [index, value, index, value, ...] sorted by index, as lunr.Vector serialises. */
  function sortPairs(flat) {
    var indices = [];
    for (var i = 0; i < flat.length; i += 2) { indices.push(i); }
    indices.sort(function (a, b) { return flat[a] - flat[b]; });
    var out = new Array(flat.length);
    for (var k = 0; k < indices.length; k++) { out[2 * k] = flat[indices[k]]; out[2 * k + 1] = flat[indices[k] + 1]; }
    return out;
  }

  Engine.prototype.matchText = function (word, row) {
    for (var ch of word) {
      if (this.foreign.has(ch)) {
        return { word: this.tokenizer.fold(word), text: this.folded[row] };
      }
    }
    return { word: word, text: this.normalized[row] };
  };

  Engine.prototype.matches = function (word, row) {
    var pair = this.matchText(word, row);
    return pair.text.indexOf(pair.word) >= 0;
  };

  /* A glossary entry whose term or English name has the query (x2), or starts with it (x4), ranks first. */
  Engine.prototype.titleBonus = function (row, words) {
    var data = this.rows[row], tk = this.tokenizer;
    if (data[1] !== "g") { return 1; }
    var heads = [tk.fold(tk.normalize(data[6])), tk.fold(tk.normalize(data[3]))];
    var folded = words.map(function (word) { return tk.fold(word); });
    var bonus = folded.every(function (word) {
      return heads.some(function (head) { return head.indexOf(word) >= 0; });
    }) ? 2 : 1;
    var phrase = folded.join(" ");
    return heads.some(function (head) { return head.indexOf(phrase) === 0; }) ? bonus * 2 : bonus;
  };

  Engine.prototype.search = function (query) {
    var self = this, reference = this.tokenizer.paragraphReference(query), jumps = [];
    if (reference) {
      for (var r = 0; r < this.rows.length; r++) {
        if ((this.rows[r][1] === "p" || this.rows[r][1] === "i") && this.rows[r][3] === reference) { jumps.push(r); }
      }
    }
    var words = this.tokenizer.splitWords(query);
    if (!words.length) { return { words: words, jumps: jumps, hits: [] }; }
    var terms = [];
    words.forEach(function (word) {
      self.tokenizer.queryTerms(self.tokenizer.fold(word)).forEach(function (term) {
        if (terms.indexOf(term) < 0) { terms.push(term); }
      });
    });
    var candidates;
    if (terms.length) {
      var required = this.lunr.Query.presence.REQUIRED;
      candidates = this.index.query(function (q) {
        terms.forEach(function (term) { q.term(term, { usePipeline: false, presence: required }); });
      }).map(function (match) { return { row: Number(match.ref), score: match.score }; });
    } else {
      candidates = this.rows.map(function (_, row) { return { row: row, score: 0 }; });
    }
    var hits = candidates.filter(function (hit) {
      return words.every(function (word) { return self.matches(word, hit.row); });
    });
    hits.forEach(function (hit) { hit.score *= self.titleBonus(hit.row, words); });
    hits.sort(function (a, b) {
      var sa = Math.round(a.score * 1e6), sb = Math.round(b.score * 1e6);
      return sb - sa || a.row - b.row;
    });
    return { words: words, jumps: jumps, hits: hits };
  };

  /* Heading texts above a row, outermost first. */
  Engine.prototype.headingPath = function (row) {
    var path = [], parent = this.rows[row][4];
    while (parent >= 0) {
      path.unshift(this.rows[parent][5]);
      parent = this.rows[parent][4];
    }
    return path;
  };

  /* [text, highlighted] pieces of the row's own text around the matches of the words. */
  Engine.prototype.snippet = function (row, words, width) {
    var raw = this.rows[row][5];
    if (!this.sources[row]) { this.sources[row] = this.tokenizer.normalize(raw, true).source; }
    var source = this.sources[row], ranges = [], self = this;
    words.forEach(function (word) {
      var pair = self.matchText(word, row), from = 0, at;
      while (pair.word && (at = pair.text.indexOf(pair.word, from)) >= 0) {
        var last = source[at + pair.word.length - 1];
        ranges.push([source[at], last + String.fromCodePoint(raw.codePointAt(last)).length]);
        from = at + pair.word.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (range) {
      var top = merged[merged.length - 1];
      if (top && range[0] <= top[1]) { top[1] = Math.max(top[1], range[1]); } else { merged.push(range.slice()); }
    });
    var start = merged.length ? Math.max(0, merged[0][0] - Math.floor(width / 4)) : 0;
    var end = Math.min(raw.length, start + width);
    start = Math.max(0, Math.min(start, end - width));
    var pieces = [], cursor = start;
    if (start > 0) { pieces.push(["…", false]); }
    merged.forEach(function (range) {
      var a = Math.max(range[0], cursor), b = Math.min(range[1], end);
      if (b <= a) { return; }
      if (a > cursor) { pieces.push([raw.slice(cursor, a), false]); }
      pieces.push([raw.slice(a, b), true]);
      cursor = b;
    });
    if (cursor < end) { pieces.push([raw.slice(cursor, end), false]); }
    if (end < raw.length) { pieces.push(["…", false]); }
    return pieces;
  };

  /* ---------------------------------------------------------------- loading */

  var engine = null, loading = null, waiting = [];

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(script);
    });
  }

  /* Load lunr, then the index file, which calls LecternSearch.receive(payload). */
  function load(form) {
    if (!loading) {
      loading = loadScript(form.getAttribute("data-lunr"))
        .then(function () { return loadScript(form.getAttribute("data-index")); })
        .then(function () {
          return new Promise(function (resolve) { if (engine) { resolve(engine); } else { waiting.push(resolve); } });
        });
    }
    return loading;
  }

  function receive(payload) {
    var started = performance.now();
    engine = new Engine(payload, window.lunr);
    engine.readyMs = performance.now() - started;
    waiting.splice(0).forEach(function (resolve) { resolve(engine); });
  }

  /* ---------------------------------------------------------------- user interface */

  var PANEL_LIMIT = 5, PAGE_LIMIT = 20, MORE = 20, SNIPPET = 90;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function SearchBox(form) {
    this.form = form;
    this.input = form.querySelector("input[type=search]");
    this.root = form.getAttribute("data-root");
    this.searchPage = form.getAttribute("action");
    this.results = document.querySelector("[data-search-results]");
    this.onPage = Boolean(this.results);
    this.panel = form.querySelector(".search-panel");
    this.container = this.onPage ? this.results : this.panel;
    this.status = this.onPage ? document.querySelector("[data-search-status]") : form.querySelector(".search-status");
    this.shown = {};
    this.active = -1;
    this.query = "";
    this.lastTiming = null;
    this.input.addEventListener("focus", this);
    this.input.addEventListener("input", this);
    this.input.addEventListener("compositionend", this);
    this.input.addEventListener("keydown", this);
    form.addEventListener("submit", this);
    form.addEventListener("focusout", this);
    this.container.addEventListener("click", this);
    /* The combobox pattern only makes sense with the script running, so the script adds it. */
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.container.querySelector("[role=listbox]").id);
    if (this.onPage) {
      var query = new URLSearchParams(window.location.search).get("q") || "";
      this.input.value = query;
      this.start();
    }
  }

  SearchBox.prototype.handleEvent = function (event) {
    switch (event.type) {
      case "focus": this.start(); break;
      case "input": if (!event.isComposing) { this.update(event.timeStamp); } break;
      case "compositionend": this.update(event.timeStamp); break;
      case "keydown": this.onKey(event); break;
      case "submit": this.onSubmit(event); break;
      case "focusout":
        if (!this.onPage && event.relatedTarget && !this.form.contains(event.relatedTarget)) { this.close(); }
        break;
      case "click": this.onClick(event); break;
    }
  };

  SearchBox.prototype.start = function () {
    var self = this;
    if (engine) { this.update(); return; }
    this.setStatus(this.t("正在载入索引…"));
    load(this.form).then(function () { self.update(); }, function () {
      self.setStatus(self.t("无法载入搜索索引。"));
    });
  };

  SearchBox.prototype.t = function (text) {
    return engine && engine.payload.ui[text] || (document.documentElement.lang === "zh-Hant" ? TRADITIONAL[text] || text : text);
  };

  SearchBox.prototype.setStatus = function (text) {
    if (this.status) { this.status.textContent = text; }
    if (!this.onPage && this.input.value.trim()) { this.open(); }
  };

  SearchBox.prototype.update = function (since) {
    var query = this.input.value;
    if (this.onPage) {
      var url = new URL(window.location.href);
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.href);
      var switcher = document.querySelector("[data-edition-switch]");  /* the other script keeps the query */
      if (switcher) {
        switcher.setAttribute("href", switcher.getAttribute("href").split(/[?#]/)[0] + (query ? "?q=" + encodeURIComponent(query) : ""));
      }
    }
    if (!engine) { return; }
    if (query === this.query && this.rendered) { if (query.trim() && !this.onPage) { this.open(); } return; }
    this.query = query;
    this.shown = {};
    var started = performance.now();
    this.outcome = query.trim() ? engine.search(query) : null;
    this.render();
    var finished = performance.now(), timing = { search: finished - started, total: since ? finished - since : null, query: query };
    this.lastTiming = timing;
    this.rendered = true;
    if (since) {  /* for bench/search_bench.py: keystroke to the next frame with the results */
      window.requestAnimationFrame(function () { timing.frame = performance.now() - since; });
    }
  };

  SearchBox.prototype.groups = function () {
    var byDoc = new Map();
    this.outcome.hits.forEach(function (hit) {
      var doc = engine.rows[hit.row][0];
      if (!byDoc.has(doc)) { byDoc.set(doc, []); }
      byDoc.get(doc).push(hit);
    });
    return Array.from(byDoc.entries());  /* in order of each document's best hit */
  };

  SearchBox.prototype.render = function () {
    var self = this, outcome = this.outcome, box = this.container;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    var list = box.querySelector("[role=listbox]");
    var more = box.querySelector(".search-all");
    list.textContent = "";
    if (!outcome) {
      this.setStatus("");
      if (more) { more.hidden = true; }
      this.close();
      return;
    }
    if (outcome.jumps.length) {
      var jumpGroup = this.group(this.t("跳到段落"), "search-jumps");
      outcome.jumps.forEach(function (row) { jumpGroup.appendChild(self.jumpOption(row)); });
      list.appendChild(jumpGroup);
    }
    var groups = this.groups();
    groups.forEach(function (entry) {
      var doc = entry[0], hits = entry[1], limit = self.shown[doc] || (self.onPage ? PAGE_LIMIT : PANEL_LIMIT);
      var group = self.group(engine.docs[doc][1], "", hits.length);
      hits.slice(0, limit).forEach(function (hit) { group.appendChild(self.option(hit.row, outcome.words)); });
      if (hits.length > limit) { group.appendChild(self.moreOption(doc, hits.length - limit)); }
      list.appendChild(group);
    });
    var total = outcome.hits.length;
    this.setStatus(!total && outcome.jumps.length ? "" : total
      ? this.t("共") + " " + total + " " + this.t("处结果") + (groups.length > 1 ? this.t("，分布于") + " " + groups.length + " " + this.t("个来源") : "")
      : this.t("没有找到") + "“" + this.query.trim() + "”");
    if (more) {
      more.hidden = !total;
      more.href = this.searchPage + "?q=" + encodeURIComponent(this.query);
    }
    if (!this.onPage) { this.open(); }
  };

  SearchBox.prototype.group = function (title, className, count) {
    var group = element("div", "search-group" + (className ? " " + className : ""));
    var id = "search-g-" + (this.groupCount = (this.groupCount || 0) + 1);
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", id);
    var heading = element("div", "search-group-title");
    heading.id = id;
    heading.appendChild(element("span", "", title));
    if (count !== undefined) { heading.appendChild(element("span", "search-count", String(count))); }
    group.appendChild(heading);
    return group;
  };

  SearchBox.prototype.href = function (row) {
    var data = engine.rows[row], doc = engine.docs[data[0]];
    if (data[1] === "g") { return this.root + engine.payload.edition + "/glossary/" + data[2] + "/index.html"; }
    return this.root + doc[2] + "#" + data[2];
  };

  SearchBox.prototype.newOption = function (href) {
    var option = element("a", "search-option");
    option.id = "search-o-" + (this.optionCount = (this.optionCount || 0) + 1);
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.tabIndex = -1;
    option.href = href;
    return option;
  };

  /* "Show more" is an option too: a listbox may hold only options, and so the keyboard reaches it. */
  SearchBox.prototype.moreOption = function (doc, hidden) {
    var option = element("div", "search-option search-more");
    option.id = "search-o-" + (this.optionCount = (this.optionCount || 0) + 1);
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.setAttribute("data-doc", doc);
    option.appendChild(element("span", "search-more-label", this.t("显示更多") + " (" + hidden + ")"));
    return option;
  };

  /* Shows the next results of a document; the first of them takes the place (and selection) of the option. */
  SearchBox.prototype.showMore = function (option) {
    var doc = option.getAttribute("data-doc"), index = this.options().indexOf(option), keep = this.active >= 0;
    var limit = this.shown[doc] || (this.onPage ? PAGE_LIMIT : PANEL_LIMIT);
    this.shown[doc] = limit + MORE;
    var shown = this.shown;
    this.render();
    this.shown = shown;
    if (keep) { this.setActive(index); }
    this.input.focus();
  };

  SearchBox.prototype.label = function (row) {
    var data = engine.rows[row];
    if (data[1] === "f") { return this.t("脚注") + " " + data[2].replace(/^fn/, ""); }
    if (data[1] === "p" || data[1] === "i") { return data[3]; }
    return "";
  };

  SearchBox.prototype.jumpOption = function (row) {
    var data = engine.rows[row], option = this.newOption(this.href(row));
    option.classList.add("search-jump");
    option.appendChild(element("span", "search-num", data[3]));
    var body = element("span", "search-body");
    body.appendChild(element("span", "search-title", engine.docs[data[0]][1]));
    body.appendChild(element("span", "search-snippet", data[5].slice(0, 60) + (data[5].length > 60 ? "…" : "")));
    option.appendChild(body);
    return option;
  };

  SearchBox.prototype.option = function (row, words) {
    var data = engine.rows[row], option = this.newOption(this.href(row)), body = element("span", "search-body");
    option.appendChild(element("span", "search-num", this.label(row)));
    if (data[1] === "g") {
      var title = element("span", "search-title", data[6]);
      title.appendChild(element("span", "search-en", data[3]));
      title.lastChild.setAttribute("lang", "en");
      body.appendChild(title);
    } else {
      var path = engine.headingPath(row);
      if (path.length) {
        body.appendChild(element("span", "search-path", path.map(function (text) {
          return text.length > 24 ? text.slice(0, 23) + "…" : text;
        }).join(" › ")));
      }
    }
    var snippet = element("span", "search-snippet" + (data[1] === "h" ? " search-heading" : ""));
    engine.snippet(row, words, this.onPage ? SNIPPET * 2 : SNIPPET).forEach(function (piece) {
      snippet.appendChild(piece[1] ? element("mark", "", piece[0]) : document.createTextNode(piece[0]));
    });
    body.appendChild(snippet);
    option.appendChild(body);
    return option;
  };

  SearchBox.prototype.options = function () {
    return Array.prototype.slice.call(this.container.querySelectorAll("[role=option]"));
  };

  SearchBox.prototype.setActive = function (index) {
    var options = this.options();
    if (!options.length) { return; }
    if (this.active >= 0 && options[this.active]) { options[this.active].setAttribute("aria-selected", "false"); }
    this.active = (index + options.length) % options.length;
    var option = options[this.active];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  SearchBox.prototype.onKey = function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!this.outcome) { return; }
      event.preventDefault();
      if (!this.onPage) { this.open(); }
      this.setActive(this.active < 0 && event.key === "ArrowUp" ? -1 : this.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && this.active >= 0) {
      var option = this.options()[this.active];
      if (option) {
        event.preventDefault();
        if (option.classList.contains("search-more")) { this.showMore(option); } else { this.go(option); }
      }
    } else if (event.key === "Escape") {
      if (this.input.value || (!this.onPage && !this.panel.hidden)) {
        event.preventDefault();
        this.input.value = "";
        this.update();
        this.close();
      } else {
        this.input.blur();
      }
    }
  };

  SearchBox.prototype.go = function (option) {
    this.close();
    window.location.href = option.href;
  };

  SearchBox.prototype.onSubmit = function (event) {
    if (this.onPage || !this.input.value.trim()) {  /* the results are already on this page */
      event.preventDefault();
    }
  };

  SearchBox.prototype.onClick = function (event) {
    var more = event.target.closest(".search-more");
    if (more) {
      this.showMore(more);
      return;
    }
    if (event.target.closest("[role=option]")) { this.close(); }
  };

  SearchBox.prototype.open = function () {
    if (this.onPage) { return; }
    this.panel.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  SearchBox.prototype.close = function () {
    if (this.onPage) { return; }
    this.panel.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  /* Strings shown before the index (which carries the converted ones) has arrived. */
  var TRADITIONAL = { "正在载入索引…": "正在載入索引…", "无法载入搜索索引。": "無法載入搜尋索引。" };

  var boxes = [];

  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-search]");
    for (var i = 0; i < forms.length; i++) { boxes.push(new SearchBox(forms[i])); }
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target) && boxes[0]) {
        event.preventDefault();
        boxes[0].input.focus();
        boxes[0].input.select();
      }
    });
    document.addEventListener("click", function (event) {
      boxes.forEach(function (box) { if (!box.form.contains(event.target)) { box.close(); } });
    });
  });

  window.LecternSearch = {
    receive: receive,
    Tokenizer: Tokenizer,
    Engine: Engine,
    boxes: boxes,
    engine: function () { return engine; },
    load: function () { return boxes[0] ? load(boxes[0].form) : Promise.reject(new Error("no search box")); }
  };
})();
