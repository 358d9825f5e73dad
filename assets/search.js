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
 *
 * A volume of a language version (manifest volume `lang`, lectern/search_lang.py) takes the query
 * through that language's lunr pipeline (English: lunr.stopWordFilter, lunr.stemmer), its terms
 * exact and required; a quoted phrase must also occur as written. Its hits open the parallel page.
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

  /* ------------------------------------------------- language versions (search_lang.py) */

  var PHRASE = /"([^"]*)"|“([^”]*)”/g, MAX_PARTS = 6;

  /* [start, end) of each word of a normalised text, as the shared tokeniser cuts them (UTF-16 units:
   * word characters and joiners are all in the BMP). */
  Tokenizer.prototype.wordSpans = function (text) {
    var spans = [], chars = Array.from(text), i = 0, unit = 0, units = chars.map(function (ch) { return ch.length; });
    var offsets = [];
    for (var c = 0; c < chars.length; c++) { offsets.push(unit); unit += units[c]; }
    offsets.push(unit);
    while (i < chars.length) {
      if (this.isWord(chars[i])) {
        var end = this.wordEnd(chars, i);
        spans.push([offsets[i], offsets[end]]);
        i = end;
      } else {
        i += 1;
      }
    }
    return spans;
  };

  /* [start, end) within a word of the word and each run of its parts (cut at joiners). */
  Tokenizer.prototype.runs = function (word) {
    var parts = [], start = 0, runs = [];
    for (var at = 0; at < word.length; at++) {
      if (this.joiners.has(word[at])) { parts.push([start, at]); start = at + 1; }
    }
    parts.push([start, word.length]);
    if (parts.length === 1) { return parts; }
    if (parts.length > MAX_PARTS) { return [[0, word.length]].concat(parts); }
    for (var i = 0; i < parts.length; i++) {
      for (var j = i; j < parts.length; j++) { runs.push([parts[i][0], parts[j][1]]); }
    }
    return runs;
  };

  /* A token's index term in a language (null for a stop word), with lunr.js's own pipeline functions. */
  function Language(lunr, code, pipeline) {
    this.lunr = lunr;
    this.code = code;
    this.stopWords = pipeline.indexOf("stopWordFilter") >= 0;
    this.stem = pipeline.indexOf("stemmer") >= 0;
    this.memo = new Map();
  }

  Language.prototype.term = function (token) {
    var known = this.memo.get(token);
    if (known !== undefined) { return known; }
    var term = token;
    if (this.stopWords && !this.lunr.stopWordFilter(new this.lunr.Token(token))) {
      term = null;
    } else if (this.stem && /^\p{L}+$/u.test(token)) {
      term = this.lunr.stemmer(new this.lunr.Token(token)).toString();
    }
    this.memo.set(token, term);
    return term;
  };

  /* The terms of a normalised text (query: each word once; index: every run of parts too). */
  Language.prototype.terms = function (tk, text, query) {
    var terms = [], self = this;
    tk.wordSpans(text).forEach(function (span) {
      var word = text.slice(span[0], span[1]);
      (query ? [[0, word.length]] : tk.runs(word)).forEach(function (run) {
        var term = self.term(word.slice(run[0], run[1]));
        if (term !== null && !(query && terms.indexOf(term) >= 0)) { terms.push(term); }
      });
    });
    return terms;
  };

  /* {terms, phrases} of a query in this language, or null when it cannot match there (a Chinese
   * character) or asks for nothing (stop words only); see query_plan in lectern/search_lang.py. */
  Language.prototype.plan = function (tk, query) {
    var phrases = [], self = this, terms = [], impossible = false;
    var rest = query.replace(PHRASE, function (match, straight, curly) {
      var phrase = tk.splitWords(straight !== undefined ? straight : curly || "").join(" ");
      if (phrase) { phrases.push(phrase); }
      return " ";
    });
    tk.splitWords(rest).concat(phrases).forEach(function (word) {
      if (Array.from(word).some(function (ch) { return tk.isCjk(ch); })) { impossible = true; }
      self.terms(tk, word, true).forEach(function (term) { if (terms.indexOf(term) < 0) { terms.push(term); } });
    });
    return impossible || !terms.length ? null : { terms: terms, phrases: phrases };
  };

  /* ---------------------------------------------------------------- engine */

  /* Scripts the engine asked for, by key ("manifest", "index/0-3", "text/12"); each calls
   * LecternSearch.register(key, data) when it runs. A script that fails to load (offline, not
   * cached) is forgotten, so that a later query tries again. */
  var registry = new Map();

  /* A URL or key pattern from the build (lectern/urls.py, the manifest) with its {slots} filled. */
  function fill(pattern, values) {
    return pattern.replace(/[{]([a-z]+)[}]/g, function (slot, name) { return encodeURIComponent(values[name]); });
  }

  /* `files`: the page's data-search-file, the address of the script of a key (urls.search_file). */
  function request(files, key) {
    var entry = registry.get(key);
    if (!entry) {
      entry = { done: false };
      entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
      registry.set(key, entry);
      var script = document.createElement("script");
      script.src = files.replace("{key}", key);
      script.onload = function () {
        script.remove();
        if (!entry.done) { registry.delete(key); entry.reject(new Error("no data in " + key)); }
      };
      script.onerror = function () {
        script.remove();
        registry.delete(key);
        entry.reject(new Error("cannot load " + key));
      };
      document.head.appendChild(script);
    }
    return entry.promise;
  }

  function register(key, data) {
    var entry = registry.get(key);
    if (entry && !entry.done) {
      entry.done = true;
      entry.resolve(data);
    }
  }

  function isLetter(tk, ch) { return tk.isWord(ch) && !(ch >= "0" && ch <= "9"); }

  /* Positions where `word` occurs in `text`, standing whole at each end that is a Latin letter
   * (`sea` is not in "research" or "asean"); see whole_word_at in lectern/search_engine.py. */
  function occurrences(tk, text, word, first) {
    var found = [], at = text.indexOf(word), chars = Array.from(word);
    var startCheck = isLetter(tk, chars[0]), endCheck = isLetter(tk, chars[chars.length - 1]);
    while (word && at >= 0) {
      var end = at + word.length;
      var before = at > 0 ? text[at - 1] : "", after = end < text.length ? text[end] : "";  /* word characters are all in the BMP */
      if (!(startCheck && before && tk.isWord(before)) && !(endCheck && after && tk.isWord(after))) {
        found.push(at);
        if (first) { break; }
      }
      at = text.indexOf(word, at + 1);
    }
    return found;
  }

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function Engine(manifest, lunr, base) {
    this.manifest = manifest;
    this.docs = manifest.docs;
    this.ui = manifest.ui;
    this.edition = manifest.edition;
    this.tokenizer = new Tokenizer(manifest.spec, manifest.fold);
    this.foreign = new Set(Array.from(manifest.foreign));
    this.lunr = lunr;
    this.base = base;
    this.rows = new Map();
    this.headings = new Map();
    this.texts = new Map();
    this.pieces = new Map();
    this.glossary = this.docs.length && this.docs[this.docs.length - 1][0] === "glossary" ? this.docs.length - 1 : -1;
    this.languages = new Map();
    manifest.volumes.forEach(function (volume) {
      if (volume.lang && !this.languages.has(volume.lang)) { this.languages.set(volume.lang, new Language(lunr, volume.lang, volume.pipeline || [])); }
    }, this);
  }

  /* The language of a row's document: "" for the originals and the glossary. */
  Engine.prototype.language = function (row) {
    var doc = this.docs[this.rows.get(row)[0]];
    return doc.length > 3 ? doc[3] : "";
  };

  Engine.prototype.load = function (key) { return request(this.base, key); };

  /* The document (its number in docs) that holds a row: the last that starts at or before it. */
  Engine.prototype.docOf = function (row) {
    var starts = this.manifest.starts, low = 0, high = starts.length;
    while (low < high) { var middle = (low + high) >> 1; if (starts[middle] <= row) { low = middle + 1; } else { high = middle; } }
    return Math.max(0, low - 1);
  };

  /* The pieces of a volume that may hold `term` (a prefix when it ends in `*`): binary search over
   * the first terms of its pieces, in JavaScript's string order, in which the build sorted them. */
  Engine.prototype.piecesFor = function (volume, term) {
    var bounds = this.manifest.volumes[volume].pieces, prefix = term.slice(-1) === "*", key = prefix ? term.slice(0, -1) : term;
    var low = 0, high = bounds.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (bounds[middle] <= key) { low = middle + 1; } else { high = middle; }
    }
    var at = low - 1, found = at >= 0 ? [at] : [];
    if (prefix) {
      for (var next = at + 1; next < bounds.length && bounds[next].indexOf(key) === 0; next++) { found.push(next); }
    }
    return found;
  };

  /* A piece file, in columns: [terms, lunr term indexes, rows per term, row deltas, weights x 1000]; the
   * postings of its terms one after another, a term's first row whole and the others as differences. */
  Engine.prototype.piece = function (volume, number) {
    var key = fill(this.manifest.keys.piece, { volume: volume, piece: number }), self = this;
    if (this.pieces.has(key)) { return Promise.resolve(this.pieces.get(key)); }
    return this.load(key).then(function (piece) {
      var terms = new Map(), names = piece[0], numbers = piece[1], counts = piece[2], deltas = piece[3], weights = piece[4], at = 0;
      for (var t = 0; t < names.length; t++) {
        var refs = [], total = 0, end = at + counts[t];
        for (var i = at; i < end; i++) { total += deltas[i]; refs.push(total); }
        terms.set(names[t], [numbers[t], refs, weights.slice(at, end)]);
        at = end;
      }
      self.pieces.set(key, terms);
      return terms;
    });
  };

  /* The index entries of these terms (every expansion of a prefix) in one volume. */
  Engine.prototype.entries = function (volume, terms) {
    var self = this, wanted = [];
    terms.forEach(function (term) {
      self.piecesFor(volume, term).forEach(function (number) { wanted.push([term, number]); });
    });
    return Promise.all(wanted.map(function (pair) { return self.piece(volume, pair[1]); })).then(function (pieces) {
      var out = new Map();
      pieces.forEach(function (piece, i) {
        var term = wanted[i][0];
        if (term.slice(-1) !== "*") {
          if (piece.has(term)) { out.set(term, piece.get(term)); }
        } else {
          var prefix = term.slice(0, -1);
          piece.forEach(function (value, key) { if (key.indexOf(prefix) === 0) { out.set(key, value); } });
        }
      });
      return out;
    });
  };

  /* The serialised lunr index of these entries: what lunr.py's Builder wrote for these terms. */
  Engine.prototype.lunrIndex = function (entries) {
    var vectors = new Map(), terms = Array.from(entries.keys()).sort(compare);
    var inverted = terms.map(function (term) {
      var entry = entries.get(term), field = {};
      entry[1].forEach(function (ref, i) {
        field[ref] = {};
        if (!vectors.has(ref)) { vectors.set(ref, []); }
        vectors.get(ref).push([entry[0], entry[2][i] / 1000]);
      });
      return [term, { _index: entry[0], t: field }];
    });
    var fieldVectors = Array.from(vectors.keys()).sort(function (a, b) { return a - b; }).map(function (ref) {
      var pairs = vectors.get(ref).sort(function (a, b) { return a[0] - b[0]; }), flat = [];
      pairs.forEach(function (pair) { flat.push(pair[0], pair[1]); });
      return ["t/" + ref, flat];
    });
    return { version: this.lunr.version, fields: ["t"], fieldVectors: fieldVectors, invertedIndex: inverted, pipeline: [] };
  };

  Engine.prototype.candidates = function (volume, terms) {
    var self = this;
    return this.entries(volume, terms).then(function (entries) {
      if (!entries.size) { return []; }
      var index = self.lunr.Index.load(self.lunrIndex(entries)), required = self.lunr.Query.presence.REQUIRED;
      return index.query(function (q) {
        terms.forEach(function (term) { q.term(term, { usePipeline: false, presence: required }); });
      }).map(function (match) { return { row: Number(match.ref), score: match.score }; });
    });
  };

  /* Loads the text fragments that hold these rows. With `missing` (a Set), a fragment that cannot
   * be loaded (offline, not saved) adds its document there instead of failing the whole. */
  Engine.prototype.loadRows = function (rows, missing) {
    var self = this, starts = this.manifest.fragments, wanted = new Set();
    rows.forEach(function (row) {
      if (self.rows.has(row)) { return; }
      var low = 0, high = starts.length;
      while (low < high) { var middle = (low + high) >> 1; if (starts[middle] <= row) { low = middle + 1; } else { high = middle; } }
      wanted.add(low - 1);
    });
    return Promise.all(Array.from(wanted).map(function (fragment) {
      return self.load(fill(self.manifest.keys.text, { fragment: fragment })).then(function (data) {
        data.rows.forEach(function (row, i) { self.rows.set(data.first + i, row); });
        Object.keys(data.headings).forEach(function (key) { self.headings.set(Number(key), data.headings[key]); });
      }, function (error) {
        if (!missing) { throw error; }
        missing.add(self.docOf(starts[fragment]));
      });
    }));
  };

  /* A row's text, normalised, and folded (both computed once). */
  Engine.prototype.text = function (raw) {
    var known = this.texts.get(raw);
    if (!known) {
      known = { normalized: this.tokenizer.normalize(raw), source: null, folded: null };
      this.texts.set(raw, known);
    }
    return known;
  };

  Engine.prototype.matchText = function (word, raw) {
    var known = this.text(raw);
    for (var ch of word) {
      if (this.foreign.has(ch)) {
        if (known.folded === null) { known.folded = this.tokenizer.fold(known.normalized); }
        return { word: this.tokenizer.fold(word), text: known.folded };
      }
    }
    return { word: word, text: known.normalized };
  };

  Engine.prototype.matches = function (word, row) {
    if (this.language(row)) { return true; }  /* lunr's answer is exact there; phrases: see run() */
    var pair = this.matchText(word, this.rows.get(row)[5]);
    return occurrences(this.tokenizer, pair.text, pair.word, true).length > 0;
  };

  /* Is the query exactly a name of this glossary entry (its term, an alias, its English name)? */
  Engine.prototype.isNameOf = function (row, query) {
    var data = this.rows.get(row), tk = this.tokenizer;
    if (!data || data[1] !== "g") { return false; }
    var wanted = tk.fold(tk.splitWords(query).join(" "));
    return data[7].some(function (head) { return tk.fold(tk.splitWords(head).join(" ")) === wanted; });
  };

  /* 2 when a name of this glossary entry starts with the (folded) words, 1 when it has them all, else 0. */
  Engine.prototype.nameRank = function (row, words) {
    var tk = this.tokenizer, heads = this.rows.get(row)[7].map(function (head) { return tk.fold(tk.splitWords(head).join(" ")); });
    var phrase = words.join(" ");
    if (heads.some(function (head) { return head.indexOf(phrase) === 0; })) { return 2; }
    return heads.some(function (head) { return words.every(function (word) { return head.indexOf(word) >= 0; }); }) ? 1 : 0;
  };

  /* Runs a query volume by volume (the glossary, then the documents in order); calls `step(run)`
   * whenever more results are known, the last time with run.done. Results are exact at each step:
   * run.hits holds only checked rows; the count is final once run.done is true. */
  Engine.prototype.run = function (query, step) {
    var self = this, tk = this.tokenizer;
    var run = { query: query, words: tk.splitWords(query), reference: tk.paragraphReference(query), jumps: [], hits: [],
                card: null, done: false, incomplete: false, cancelled: false, started: performance.now(), missing: new Set() };
    var terms = [];
    run.words.forEach(function (word) {
      tk.queryTerms(tk.fold(word)).forEach(function (term) { if (terms.indexOf(term) < 0) { terms.push(term); } });
    });
    var emit = function () {
      if (run.cancelled) { return; }
      run.hits.sort(function (a, b) {
        var sa = Math.round(a.score * 1e6), sb = Math.round(b.score * 1e6);
        return sb - sa || a.row - b.row;
      });
      run.card = null;
      for (var i = 0; i < run.hits.length && run.card === null; i++) {
        if (self.isNameOf(run.hits[i].row, query)) { run.card = run.hits[i].row; }
      }
      step(run);
    };
    var plans = new Map();
    this.languages.forEach(function (language, code) { plans.set(code, language.plan(tk, query)); });
    var check = function (candidates) {
      candidates.forEach(function (candidate) {
        if (!self.rows.has(candidate.row)) { return; }  /* a fragment that could not be loaded offline */
        var plan = plans.get(self.language(candidate.row)), text;
        if (plan) {  /* a language version: lunr's answer, less rows without a quoted phrase as written */
          text = self.text(self.rows.get(candidate.row)[5]).normalized;
          if (plan.phrases.every(function (phrase) { return occurrences(tk, text, phrase, true).length > 0; })) { run.hits.push(candidate); }
        } else if (run.words.every(function (word) { return self.matches(word, candidate.row); })) {
          run.hits.push(candidate);
        }
      });
    };
    var volume = function (number) {
      var info = self.manifest.volumes[number], work = [], plan = info.lang ? plans.get(info.lang) : undefined;
      if (info.lang && !(plan && run.words.length)) { return Promise.resolve(); }  /* nothing it can match */
      if (run.reference && !info.lang) {
        var term = "#" + run.reference;
        work.push(self.entries(number, [term]).then(function (entries) {
          var rows = entries.has(term) ? entries.get(term)[1] : [];
          return self.loadRows(rows, run.missing).then(function () {
            rows = rows.filter(function (row) { return self.rows.has(row); });
            run.jumps = run.jumps.concat(rows).sort(function (a, b) { return a - b; });
          });
        }));
      }
      if (run.words.length) {
        var found = plan ? self.candidates(number, plan.terms) : terms.length ? self.candidates(number, terms) : Promise.resolve(
          Array.from({ length: info.rows[1] - info.rows[0] }, function (_, i) { return { row: info.rows[0] + i, score: 0 }; }));
        work.push(found.then(function (candidates) {
          if (run.cancelled) { return null; }
          candidates.sort(function (a, b) { return b.score - a.score || a.row - b.row; });
          /* The best few first, so that something shows soon; then the rest of the volume. */
          var first = candidates.slice(0, FIRST_CHECKED), rest = candidates.slice(FIRST_CHECKED);
          return self.loadRows(first.map(function (c) { return c.row; }), run.missing).then(function () {
            check(first);
            if (rest.length) {
              emit();
              return self.loadRows(rest.map(function (c) { return c.row; }), run.missing).then(function () { check(rest); });
            }
            return null;
          });
        }));
      }
      /* A piece that cannot be loaded (offline, not saved): every document of the volume goes unsearched. */
      return Promise.all(work).catch(function () {
        for (var doc = self.docOf(info.rows[0]); doc <= self.docOf(info.rows[1] - 1); doc++) { run.missing.add(doc); }
      }).then(function () { run.incomplete = run.missing.size > 0; });
    };
    /* The glossary and the first document volume one after the other, so that the first results
     * need little; then the other volumes IN_FLIGHT at a time, each shown as it is checked. */
    var count = this.manifest.volumes.length, next = Math.min(2, count), order = [];
    var latin = !run.words.some(function (word) { return Array.from(word).some(function (ch) { return tk.isCjk(ch); }); });
    this.manifest.volumes.forEach(function (info, number) {  /* a query with no Chinese: language versions early */
      order.push([number > 0 && latin && info.lang ? 0 : number > 0 ? 1 : -1, number]);
    });
    order.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var one = function (position) {
      var number = order[position][1];
      return run.cancelled ? Promise.resolve() : volume(number).then(function () { if (!run.cancelled) { emit(); } });
    };
    var lane = function () {
      if (run.cancelled || next >= count) { return Promise.resolve(); }
      return one(next++).then(lane);
    };
    var chain = Promise.resolve();
    for (var first = 0; first < next; first++) {
      chain = chain.then(one.bind(null, first));
    }
    chain.then(function () {
      var lanes = [];
      for (var i = 0; i < IN_FLIGHT; i++) { lanes.push(lane()); }
      return Promise.all(lanes);
    }).then(function () {
      run.done = true;
      run.finished = performance.now();
      emit();
    });
    return run;
  };

  /* Heading texts above a row, outermost first. */
  Engine.prototype.headingPath = function (row) {
    var path = [], parent = this.rows.get(row)[4];
    while (parent >= 0) {
      var known = this.rows.has(parent) ? [this.rows.get(parent)[5], this.rows.get(parent)[4]] : this.headings.get(parent);
      if (!known) { break; }
      path.unshift(known[0]);
      parent = known[1];
    }
    return path;
  };

  /* The text a result shows: a block's own text; for a glossary entry the first of its
   * definition, other names or English definition that has a word, else its definition. */
  Engine.prototype.shownText = function (row, words) {
    var data = this.rows.get(row), self = this;
    if (data[1] !== "g") { return data[5]; }
    var fields = [data[8]].concat(data[7].slice(1), [data[9]]).filter(Boolean);
    for (var i = 0; i < fields.length; i++) {
      if (words.some(function (word) {
        var pair = self.matchText(word, fields[i]);
        return occurrences(self.tokenizer, pair.text, pair.word, true).length > 0;
      })) { return fields[i]; }
    }
    return fields[0] || "";
  };

  /* [start, end) in a normalised text of a language version: its words (and runs of parts) whose
   * term the query asks for, and the quoted phrases of the query. */
  Engine.prototype.languageMatches = function (text, lang, query) {
    var language = this.languages.get(lang), tk = this.tokenizer, plan = language && language.plan(tk, query), spans = [];
    if (!plan) { return spans; }
    tk.wordSpans(text).forEach(function (span) {
      var word = text.slice(span[0], span[1]);
      tk.runs(word).forEach(function (run) {
        if (plan.terms.indexOf(language.term(word.slice(run[0], run[1]))) >= 0) { spans.push([span[0] + run[0], span[0] + run[1]]); }
      });
    });
    plan.phrases.forEach(function (phrase) {
      occurrences(tk, text, phrase, false).forEach(function (at) { spans.push([at, at + phrase.length]); });
    });
    return spans;
  };

  /* [text, highlighted] pieces of a text around the matches of the words. */
  Engine.prototype.snippet = function (raw, words, width, lang, query) {
    var known = this.text(raw), ranges = [], self = this;
    if (!known.source) { known.source = this.tokenizer.normalize(raw, true).source; }  /* only for the rows shown */
    var source = known.source;
    if (lang) {  /* a language version: the words whose term the query asks for, and the phrases */
      this.languageMatches(known.normalized, lang, query).forEach(function (span) {
        var last = source[span[1] - 1];
        ranges.push([source[span[0]], last + String.fromCodePoint(raw.codePointAt(last)).length]);
      });
      words = [];
    }
    words.forEach(function (word) {
      var pair = self.matchText(word, raw);
      occurrences(self.tokenizer, pair.text, pair.word, false).forEach(function (at) {
        var last = source[at + pair.word.length - 1];
        ranges.push([source[at], last + String.fromCodePoint(raw.codePointAt(last)).length]);
      });
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

  var engine = null, loading = null, FIRST_CHECKED = 12, IN_FLIGHT = 4, RENDER_EVERY = 300;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { script.remove(); resolve(); };
      script.onerror = function () { script.remove(); reject(new Error("cannot load " + src)); };
      document.head.appendChild(script);
    });
  }

  /* Load lunr and this edition's manifest (search/<edition>/manifest.js); pieces come per query. */
  function load(form) {
    if (!loading) {
      var base = form.getAttribute("data-search-file");
      loading = Promise.all([loadScript(form.getAttribute("data-lunr")), request(base, "manifest")]).then(function (loaded) {
        engine = new Engine(loaded[1], window.lunr, base);
        return engine;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* ---------------------------------------------------------------- user interface */

  var PANEL_LIMIT = 5, PAGE_LIMIT = 20, MORE = 20, SNIPPET = 90, MISSING_NAMED = 5;

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
    this.termPage = document.querySelector("[data-term-page]").getAttribute("data-term-page");  /* urls.term, a slot for the slug */
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
    return engine && engine.ui[text] || (document.documentElement.lang === "zh-Hant" ? TRADITIONAL[text] || text : text);
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
    if (this.run) { this.run.cancelled = true; }
    this.run = null;
    var self = this, started = performance.now(), first = true;
    if (!query.trim()) {
      this.outcome = null;
      this.render();
      this.rendered = true;
      return;
    }
    var lastRender = 0, pending = null;
    this.run = engine.run(query, function (run) {
      if (run !== self.run) { return; }
      self.outcome = run;
      /* While it is still counting, the list is redrawn at most every RENDER_EVERY ms (the first
       * results at once): redrawing hundreds of results for every volume would cost more than the search. */
      if (!run.done && lastRender && performance.now() - lastRender < RENDER_EVERY) {
        if (!pending) {
          pending = setTimeout(function () {
            pending = null;
            if (run === self.run && !run.done) { lastRender = performance.now(); self.render(); }
          }, RENDER_EVERY);
        }
        return;
      }
      if (pending) { clearTimeout(pending); pending = null; }
      if (run.hits.length || run.jumps.length || run.done) { lastRender = performance.now(); }
      self.render();
      self.rendered = true;
      var finished = performance.now();
      if (first && (run.hits.length || run.jumps.length || run.done)) {  /* for bench/search_bench.py */
        first = false;
        var timing = { search: finished - started, total: since ? finished - since : null, query: query, done: run.done };
        self.lastTiming = timing;
        if (since) {  /* keystroke to the next frame with the results */
          window.requestAnimationFrame(function () { timing.frame = performance.now() - since; });
        }
      }
      if (run.done && self.lastTiming && self.lastTiming.query === query) {
        self.lastTiming.complete = finished - started;
      }
    });
  };

  /* The groups shown: the glossary entry the query names (a card of its own), the documents in the
   * order of their best result, then the other glossary entries. */
  SearchBox.prototype.groups = function () {
    var byDoc = new Map(), outcome = this.outcome, glossary = engine.glossary, card = [];
    outcome.hits.forEach(function (hit) {
      if (hit.row === outcome.card) { card.push(hit); return; }
      var doc = engine.rows.get(hit.row)[0];
      if (!byDoc.has(doc)) { byDoc.set(doc, []); }
      byDoc.get(doc).push(hit);
    });
    var groups = Array.from(byDoc.entries()).filter(function (entry) { return entry[0] !== glossary; });
    if (byDoc.has(glossary)) {  /* entries whose name starts with, then has, the query first */
      var words = outcome.words.map(function (word) { return engine.tokenizer.fold(word); });
      var rank = function (hit) { return engine.nameRank(hit.row, words); };
      groups.push([glossary, byDoc.get(glossary).map(function (hit, i) { return [rank(hit), i, hit]; })
        .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; }).map(function (entry) { return entry[2]; })]);
    }
    return card.length ? [["card", card]].concat(groups) : groups;
  };

  /* The document of the page, if it is a document page: its number in the manifest, or -1. */
  function currentDocument() {
    var path = window.location.pathname;
    for (var i = 0; engine && i < engine.docs.length; i++) {
      var url = engine.docs[i][2], folder = url.slice(0, url.lastIndexOf("/") + 1);
      if (path.slice(-url.length - 1) === "/" + url || path.slice(-folder.length - 1) === "/" + folder) {
        /* a parallel page (a language version's entry): its original, whose rows are the paragraph jumps */
        for (var j = 0; engine.docs[i].length > 3 && j < engine.docs.length; j++) {
          if (engine.docs[j][0] === engine.docs[i][0] && engine.docs[j].length <= 3) { return j; }
        }
        return i;
      }
    }
    return -1;
  }

  function hasLatin(tk, words) {
    return words.some(function (word) { return Array.from(word).some(function (ch) { return isLetter(tk, ch); }); }) &&
      !words.some(function (word) { return Array.from(word).some(function (ch) { return tk.isCjk(ch); }); });
  }

  SearchBox.prototype.render = function () {
    var self = this, outcome = this.outcome, box = this.container;
    var list = box.querySelector("[role=listbox]");
    var more = box.querySelector(".search-all");
    var options = this.options(), kept = this.active >= 0 && options[this.active] ? options[this.active].getAttribute("data-key") : null;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    list.textContent = "";
    if (!outcome) {
      this.setStatus("");
      if (more) { more.hidden = true; }
      this.close();
      return;
    }
    if (outcome.jumps.length) {
      var here = currentDocument(), jumps = outcome.jumps.slice().sort(function (a, b) {
        return (engine.rows.get(b)[0] === here) - (engine.rows.get(a)[0] === here) || a - b;
      });
      var jumpGroup = this.group(this.t("跳到段落"), "search-jumps");
      jumps.forEach(function (row) { jumpGroup.appendChild(self.jumpOption(row)); });
      list.appendChild(jumpGroup);
    }
    var groups = this.groups(), documents = 0;
    groups.forEach(function (entry) {
      var doc = entry[0], hits = entry[1], limit = self.shown[doc] || (self.onPage ? PAGE_LIMIT : PANEL_LIMIT);
      if (doc === "card") {
        var card = self.group(self.t("术语"), "search-card");
        card.appendChild(self.option(hits[0].row, outcome.words));
        list.appendChild(card);
        return;
      }
      documents += 1;
      var group = self.group(engine.docs[doc][1], "", hits.length);
      if (engine.docs[doc][3]) { group.firstChild.firstChild.setAttribute("lang", engine.docs[doc][3]); }
      hits.slice(0, limit).forEach(function (hit) { group.appendChild(self.option(hit.row, outcome.words)); });
      if (hits.length > limit) { group.appendChild(self.moreOption(doc, hits.length - limit)); }
      list.appendChild(group);
    });
    var total = outcome.hits.length, status;
    if (!outcome.done) {
      status = this.t("已找到") + " " + total + " " + this.t("处，仍在计数…");
    } else if (!total && outcome.jumps.length) {
      status = "";
    } else if (total) {
      status = this.t("共") + " " + total + " " + this.t("处结果") +
        (documents > 1 ? this.t("，分布于") + " " + documents + " " + this.t("个来源") : "");
    } else {
      status = this.t("没有找到") + "“" + this.query.trim() + "”";
    }
    if (outcome.done && !engine.languages.size && hasLatin(engine.tokenizer, outcome.words) &&
        outcome.hits.every(function (hit) { return engine.rows.get(hit.row)[1] === "g"; })) {
      status += (status ? " " : "") + this.t("文献为中文：英文只能找到术语表中的条目。");
    }
    if (outcome.incomplete) { status += (status ? " " : "") + missingNote(this, outcome); }
    this.setStatus(status);
    if (more) {
      more.hidden = !total;
      more.href = this.searchPage + "?q=" + encodeURIComponent(this.query);
    }
    if (kept) {  /* results arrive in steps: the selected result stays selected */
      var position = this.options().findIndex(function (option) { return option.getAttribute("data-key") === kept; });
      if (position >= 0) { this.setActive(position); }
    }
    if (!this.onPage) { this.open(); }
  };

  /* The documents a query could not search (offline, not saved), by name: at most MISSING_NAMED. */
  function missingNote(box, outcome) {
    var names = Array.from(outcome.missing).sort(function (a, b) { return a - b; }).map(function (doc) { return engine.docs[doc][1]; });
    var shown = names.slice(0, MISSING_NAMED).map(function (name) { return "《" + name + "》"; }).join("、");
    return box.t("结果不完整：离线时只能搜索已保存的文献，未能搜索") + shown +
      (names.length > MISSING_NAMED ? box.t("等") + " " + names.length + " " + box.t("个来源") : "") + "。";
  }

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
    var data = engine.rows.get(row), doc = engine.docs[data[0]];
    if (data[1] === "g") { return fill(this.termPage, { slug: data[2] }); }
    return this.root + doc[2] + "#" + data[2];
  };

  SearchBox.prototype.newOption = function (href, key) {
    var option = element("a", "search-option");
    option.setAttribute("data-key", key);
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
    option.setAttribute("data-key", "more-" + doc);
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
    var data = engine.rows.get(row);
    if (data[1] === "f") { return this.t("脚注") + " " + data[2].replace(/^([a-z]{2,3}-)?fn/, ""); }
    if (data[1] === "p" || data[1] === "i") { return data[3]; }
    return "";
  };

  SearchBox.prototype.jumpOption = function (row) {
    var data = engine.rows.get(row), option = this.newOption(this.href(row), "jump-" + row);
    option.classList.add("search-jump");
    option.appendChild(element("span", "search-num", data[3]));
    var body = element("span", "search-body");
    body.appendChild(element("span", "search-title", engine.docs[data[0]][1]));
    body.appendChild(element("span", "search-snippet", data[5].slice(0, 60) + (data[5].length > 60 ? "…" : "")));
    option.appendChild(body);
    return option;
  };

  SearchBox.prototype.option = function (row, words) {
    var data = engine.rows.get(row), option = this.newOption(this.href(row), "row-" + row), body = element("span", "search-body"), lang = "";
    option.appendChild(element("span", "search-num", this.label(row)));
    if (data[1] === "g") {
      var title = element("span", "search-title", data[6]);
      title.appendChild(element("span", "search-en", data[3]));
      title.lastChild.setAttribute("lang", "en");
      body.appendChild(title);
    } else {
      var path = engine.headingPath(row), lang = engine.language(row), line = element("span", "search-path");
      if (lang) {  /* a language version: which language matched, named in itself ("English"), then its headings */
        var label = element("span", "search-lang", engine.docs[data[0]][4]);
        label.setAttribute("lang", lang);
        line.appendChild(label);
        line.setAttribute("lang", lang);
      }
      if (path.length) {
        line.appendChild(document.createTextNode(path.map(function (text) {
          return text.length > 24 ? text.slice(0, 23) + "…" : text;
        }).join(" › ")));
      }
      if (line.firstChild) { body.appendChild(line); }
    }
    var snippet = element("span", "search-snippet" + (data[1] === "h" ? " search-heading" : ""));
    if (lang) { snippet.setAttribute("lang", lang); snippet.setAttribute("dir", "auto"); }
    engine.snippet(engine.shownText(row, words), words, this.onPage ? SNIPPET * 2 : SNIPPET, lang, this.query).forEach(function (piece) {
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
    } else if (event.key === "Enter" && this.active < 0 && this.jumpHere()) {
      event.preventDefault();
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

  /* Enter on a paragraph citation (`105`, `105(c)`, `第105段`) on a document page that has that
   * paragraph goes there, instead of opening the search page. */
  SearchBox.prototype.jumpHere = function () {
    var tk = engine ? engine.tokenizer : null, reference = tk && tk.paragraphReference(this.input.value);
    var target = reference && !this.onPage ? document.querySelector("main [data-cite=\"" + CSS.escape(reference) + "\"][id]") : null;
    if (!target) { return false; }
    this.close();
    this.input.blur();
    window.location.hash = "#" + target.id;
    return true;
  };

  SearchBox.prototype.go = function (option) {
    this.close();
    window.location.href = option.href;
  };

  SearchBox.prototype.onSubmit = function (event) {
    if (this.onPage || !this.input.value.trim() || this.jumpHere()) {  /* the results are already on this page */
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
    register: register,
    Tokenizer: Tokenizer,
    Engine: Engine,
    boxes: boxes,
    engine: function () { return engine; },
    load: function () { return boxes[0] ? load(boxes[0].form) : Promise.reject(new Error("no search box")); }
  };
})();
