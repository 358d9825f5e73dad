/* Lectern: saving documents for offline reading.
 *
 * Over http(s), once the service worker (sw.js, made by lectern/offline.py) controls the page, a
 * document page offers "保存以便离线阅读" with its size, and the home page the whole library of this
 * script and the list of what is saved, each with a way to remove it. The sizes and the files come
 * from the build's catalog (offline.json, whose address the page header carries): a document is
 * saved in the script being read, as its page, the search index volume and text fragments that hold
 * it, and the glossary (page, pop-up definitions and its search volume). Paragraph and term pages
 * need no saving: offline, the worker opens the paragraph in its document, the term in the glossary.
 *
 * The files go into the worker's cache (named after the build); the reader's choices into a cache of
 * their own ("lectern-saved"), which the worker reads when a new build arrives, to carry the saved
 * files over and download again only what changed. Without a worker (file://, an old browser, the
 * first moments of a first visit) nothing here shows: no control appears where it cannot work.
 */
(function () {
  "use strict";

  var STATE = "lectern-saved", STATE_KEY = "lectern-saved", LANES = 4;
  var header = document.querySelector(".site-header");
  if (!header || !header.getAttribute("data-offline-catalog") || !("serviceWorker" in navigator) ||
      !("caches" in window) || !/^https?:$/.test(window.location.protocol)) {
    return;
  }
  var hant = document.documentElement.lang === "zh-Hant";
  var edition = header.getAttribute("data-edition");
  var catalogUrl = new URL(header.getAttribute("data-offline-catalog"), window.location.href).href;
  var catalog = null, scope = "", busy = null;

  function t(simplified, traditional) { return hant ? traditional : simplified; }

  function megabytes(bytes) {
    return (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0) + " MB";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function english(text) {
    var span = element("span", "en", text);
    span.setAttribute("lang", "en");
    return span;
  }

  function scoped(path) { return new URL(path, scope).href; }

  /* A pack's file list: paths, and [prefix, first, last, suffix] for numbered runs (as sw.js reads it). */
  function expand(files) {
    var out = [];
    files.forEach(function (file) {
      if (typeof file === "string") { out.push(file); return; }
      for (var n = file[1]; n <= file[2]; n++) { out.push(file[0] + n + file[3]); }
    });
    return out;
  }

  /* The packs of a unit: "zh-hans/<slug>" (a document in one script) or "zh-hans" (the library). */
  function unitPacks(unit) {
    var entry = catalog.editions[unit.split("/")[0]];
    if (!entry) { return []; }
    if (unit.indexOf("/") < 0) { return entry.library; }
    var slug = unit.slice(unit.indexOf("/") + 1);
    var found = entry.documents.filter(function (doc) { return doc[0] === slug; })[0];
    return found ? found[2] : [];
  }

  function documentEntry(unit) {
    var entry = catalog.editions[unit.split("/")[0]], slug = unit.slice(unit.indexOf("/") + 1);
    return entry && entry.documents.filter(function (doc) { return doc[0] === slug; })[0];
  }

  function readState() {
    return caches.open(STATE).then(function (cache) { return cache.match(scoped(STATE_KEY)); }).then(function (hit) {
      return hit ? hit.json() : [];
    }).catch(function () { return []; });
  }

  function writeState(units) {
    return caches.open(STATE).then(function (cache) {
      return cache.put(scoped(STATE_KEY), new Response(JSON.stringify(units.slice().sort()), { headers: { "Content-Type": "application/json" } }));
    });
  }

  /* What is in the worker's cache now, as paths from the site root. */
  function cachedPaths() {
    return caches.open(catalog.version).then(function (cache) { return cache.keys(); }).then(function (requests) {
      var paths = new Set();
      requests.forEach(function (request) {
        if (request.url.indexOf(scope) === 0) { paths.add(request.url.slice(scope.length)); }
      });
      return paths;
    });
  }

  /* A unit's size, what of it is missing (in bytes of whole packs) and its files. */
  function measure(unit, have) {
    var total = 0, missing = 0, files = [];
    unitPacks(unit).forEach(function (id) {
      var pack = catalog.packs[id], paths = expand(pack.files);
      total += pack.bytes;
      if (paths.some(function (path) { return !have.has(path); })) { missing += pack.bytes; }
      files = files.concat(paths);
    });
    return { total: total, missing: missing, files: files };
  }

  /* Downloads what a unit lacks into the worker's cache; `progress(fraction)` as it goes. */
  function save(unit, progress) {
    var failed = 0, done = 0;
    return readState().then(function (units) {
      return writeState(units.indexOf(unit) < 0 ? units.concat([unit]) : units);
    }).then(function () {
      return Promise.all([caches.open(catalog.version), cachedPaths()]);
    }).then(function (opened) {
      var cache = opened[0], have = opened[1], size = measure(unit, have);
      var todo = size.files.filter(function (path) { return !have.has(path); }), next = 0;
      var lane = function () {
        if (next >= todo.length) { return Promise.resolve(); }
        var url = scoped(todo[next++]);
        return fetch(url, { cache: "no-cache" }).then(function (response) {
          if (!response.ok) { throw new Error(url); }
          return response.clone().blob().then(function (blob) {
            done += blob.size;
            return cache.put(url, response);
          });
        }).catch(function () { failed += 1; }).then(function () {
          progress(size.missing ? Math.min(0.99, done / size.missing) : 1);
          return lane();
        });
      };
      var lanes = [];
      for (var i = 0; i < LANES; i++) { lanes.push(lane()); }
      return Promise.all(lanes);
    }).then(function () { return failed; });
  }

  /* Forgets a unit and deletes its files, except those another saved unit or the shell needs. */
  function remove(unit) {
    return readState().then(function (units) {
      var rest = units.filter(function (other) { return other !== unit; });
      return writeState(rest).then(function () { return rest; });
    }).then(function (rest) {
      var keep = new Set(Object.keys(catalog.shell));
      rest.forEach(function (other) { measure(other, new Set()).files.forEach(function (path) { keep.add(path); }); });
      var drop = measure(unit, new Set()).files.filter(function (path) { return !keep.has(path); });
      return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("lectern-") === 0 && name !== STATE; }).map(function (name) {
          return caches.open(name).then(function (cache) {
            return Promise.all(drop.map(function (path) { return cache.delete(scoped(path)); }));
          });
        }));
      });
    });
  }

  /* ---------------------------------------------------------------- controls */

  var controls = [], shown = [];

  function refresh() {
    return Promise.all([readState(), cachedPaths()]).then(function (known) {
      controls.forEach(function (control) { control(known[0], known[1]); });
    });
  }

  function run(unit, status, button, bar) {
    if (busy) { return; }
    busy = unit;
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = t("正在保存…", "正在儲存…");
    save(unit, function (fraction) {
      bar.value = Math.round(fraction * 100);
      status.textContent = t("正在保存…", "正在儲存…") + " " + Math.round(fraction * 100) + "%";
    }).then(function (failed) {
      busy = null;
      return refresh().then(function () {
        if (failed) { status.textContent = t("保存未完成：请在联网时重试。", "儲存未完成：請在連網時重試。"); }
      });
    }, function () {
      busy = null;
      status.textContent = t("无法保存：浏览器不允许在本机存储。", "無法儲存：瀏覽器不允許在本機儲存。");
      return refresh();
    });
  }

  /* A save button, its progress and its status line, for one unit. */
  function unitControl(container, unit, labels) {
    var button = element("button", "offline-button"), bar = element("progress", "offline-progress");
    var status = element("span", "offline-status"), removeButton = element("button", "offline-remove");
    button.type = removeButton.type = "button";
    bar.max = 100;
    bar.hidden = true;
    status.setAttribute("role", "status");
    removeButton.appendChild(document.createTextNode(t("移除", "移除") + " "));
    removeButton.appendChild(english("Remove"));
    removeButton.setAttribute("data-offline-remove", unit);
    button.setAttribute("data-offline-save", unit);
    container.appendChild(button);
    container.appendChild(bar);
    container.appendChild(status);
    container.appendChild(removeButton);
    button.addEventListener("click", function () { run(unit, status, button, bar); });
    removeButton.addEventListener("click", function () {
      removeButton.disabled = true;
      remove(unit).then(refresh).then(function () {
        removeButton.disabled = false;
        status.textContent = t("已移除。", "已移除。");
      });
    });
    return function (units, have) {
      if (busy === unit) { return; }
      var size = measure(unit, have), saved = units.indexOf(unit) >= 0;
      var library = unit.indexOf("/") > 0 && units.indexOf(unit.split("/")[0]) >= 0;
      bar.hidden = true;
      button.textContent = "";
      button.disabled = false;
      if ((saved || library) && !size.missing) {
        button.hidden = true;
        status.textContent = library && !saved ? labels.inLibrary : labels.saved;
        removeButton.hidden = !saved;
      } else {
        button.hidden = !navigator.onLine;
        button.appendChild(document.createTextNode((saved || library ? labels.resume : labels.save) + " "));
        button.appendChild(english(saved || library ? "Finish saving" : labels.saveEn));
        /* what is still to download; when part of it is here already (pages read, a shared index), of how much */
        button.appendChild(document.createTextNode(" (" + (size.missing < size.total
          ? t("还需 ", "還需 ") + megabytes(size.missing) + t("，共 ", "，共 ") + megabytes(size.total) : megabytes(size.missing)) + ")"));
        status.textContent = navigator.onLine ? "" : t("联网后可以保存。", "連網後可以儲存。");
        removeButton.hidden = !saved;
      }
    };
  }

  function documentControl(container) {
    var unit = edition + "/" + container.getAttribute("data-offline-document");
    if (!documentEntry(unit)) { return; }
    controls.push(unitControl(container, unit, {
      save: t("保存以便离线阅读", "儲存以便離線閱讀"),
      saveEn: "Save for offline reading",
      resume: t("继续保存", "繼續儲存"),
      saved: t("✓ 已保存，可以离线阅读。", "✓ 已儲存，可以離線閱讀。"),
      inLibrary: t("✓ 已随整个文库保存，可以离线阅读。", "✓ 已隨整個文庫儲存，可以離線閱讀。")
    }));
    shown.push(container);
  }

  /* The home page: the whole library of this script, and everything saved, with sizes. */
  function libraryControl(section) {
    var box = section.querySelector("[data-offline-manager]");
    var whole = element("p", "offline-save");
    box.appendChild(whole);
    controls.push(unitControl(whole, edition, {
      save: t("保存整个文库", "儲存整個文庫"),
      saveEn: "Save the whole library",
      resume: t("继续保存", "繼續儲存"),
      saved: t("✓ 整个文库已保存，可以离线阅读。", "✓ 整個文庫已儲存，可以離線閱讀。"),
      inLibrary: ""
    }));
    var heading = element("h3", "offline-list-title", t("已保存", "已儲存") + " ");
    heading.appendChild(english("Saved"));
    var list = element("ul", "offline-list"), usage = element("p", "offline-usage");
    list.setAttribute("data-offline-saved", "");
    box.appendChild(heading);
    box.appendChild(list);
    box.appendChild(usage);
    controls.push(function (units, have) {
      list.textContent = "";
      units.forEach(function (unit) {
        var doc = documentEntry(unit), name = catalog.editions[unit.split("/")[0]];
        if (!name || (unit.indexOf("/") > 0 && !doc)) { return; }
        var script = name.label;
        var item = element("li", "offline-item"), size = measure(unit, have);
        item.appendChild(element("span", "offline-title", doc ? doc[1] : t("整个文库", "整個文庫")));
        item.appendChild(document.createTextNode(" · " + script + " · " + megabytes(size.total) +
          (size.missing ? " (" + t("未完成", "未完成") + ")" : "") + " "));
        var button = element("button", "offline-remove");
        button.type = "button";
        button.setAttribute("data-offline-remove", unit);
        button.appendChild(document.createTextNode(t("移除", "移除") + " "));
        button.appendChild(english("Remove"));
        button.addEventListener("click", function () { button.disabled = true; remove(unit).then(refresh); });
        item.appendChild(button);
        list.appendChild(item);
      });
      if (!list.children.length) {
        list.appendChild(element("li", "offline-none", t("还没有保存文献。", "還沒有儲存文獻。")));
      }
      if (navigator.storage && navigator.storage.estimate) {
        navigator.storage.estimate().then(function (estimate) {
          usage.textContent = t("本网站在本机占用约 ", "本網站在本機佔用約 ") + megabytes(estimate.usage || 0) + t("（浏览器的估计）。", "（瀏覽器的估計）。");
        });
      }
    });
    shown.push(section);
  }

  function start(registration) {
    scope = registration.scope;
    fetch(catalogUrl).then(function (response) {
      if (!response.ok) { throw new Error("no catalog"); }
      return response.json();
    }).then(function (data) {
      catalog = data;
      var doc = document.querySelector("[data-offline-document]"), library = document.querySelector("[data-offline-library]");
      if (doc) { documentControl(doc); }
      if (library) { libraryControl(library); }
      /* The page being read is kept too (from the browser's cache: no second download). */
      fetch(window.location.href.split("#")[0], { cache: "force-cache" }).catch(function () {});
      window.addEventListener("online", refresh);
      window.addEventListener("offline", refresh);
      /* shown once the first refresh has filled them: never an empty button */
      return refresh().then(function () { shown.forEach(function (box) { box.hidden = false; }); });
    }).catch(function () { /* reading works without it */ });
  }

  /* Only once the worker controls this page: its cache is the one the controls fill. */
  function whenControlled() {
    if (navigator.serviceWorker.controller) {
      navigator.serviceWorker.ready.then(start);
    } else {
      navigator.serviceWorker.addEventListener("controllerchange", function once() {
        navigator.serviceWorker.removeEventListener("controllerchange", once);
        navigator.serviceWorker.ready.then(start);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenControlled);
  } else {
    whenControlled();
  }
})();
