/* Lectern: progressive enhancement only. Every page reads and links without this file.
 *
 * Script switch: the Simplified/Traditional link carries the reader to the same place in
 * the other edition. Both editions share every id, so the link gets the fragment of the
 * block at the top of the screen (or the current #fragment), and the offset of that block
 * is kept in sessionStorage so the other page opens at the same scroll position.
 */
(function () {
  "use strict";

  var STORE = "lectern:switch";
  var VIEW = "lectern:view";

  function anchoredBlocks() {
    return document.querySelectorAll(".doc-body [id], .doc-header, h1[id]");
  }

  /* On a parallel page a block of the language version stands for the original's block of its row:
   * the original's ids are the ones every view shares. */
  function shared(block) {
    var version = block.closest(".version");
    if (!version) {
      return block.classList.contains("missing") ? null : block;  /* a notice's id is the other version's */
    }
    var row = version.closest(".row");
    return row ? row.querySelector(".orig [id]:not(.missing)") : null;
  }

  /* The first anchored block whose bottom is below the sticky header. */
  function blockAtTop() {
    var header = document.querySelector(".site-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var blocks = anchoredBlocks();
    for (var i = 0; i < blocks.length; i++) {
      var rect = blocks[i].getBoundingClientRect();
      var block = blocks[i].id ? shared(blocks[i]) : null;
      if (rect.bottom > top + 1 && block) {
        return { id: block.id, offset: block.getBoundingClientRect().top - top };
      }
    }
    return null;
  }

  /* The #fragment's element, if the reader still has it on screen. */
  function fragmentInView() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var element = id && document.getElementById(id);
    if (!element || element.classList.contains("missing")) {  /* a notice: the other view may lack its id */
      return null;
    }
    var header = document.querySelector(".site-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var rect = element.getBoundingClientRect();
    return rect.bottom > top && rect.top < window.innerHeight ? { id: id, offset: rect.top - top } : null;
  }

  function onSwitch(event) {
    var link = event.currentTarget;
    var here = fragmentInView() || blockAtTop();
    var target = here ? here.id : "";
    var url = link.getAttribute("href").split("#")[0];
    if (target) {
      try {
        window.sessionStorage.setItem(STORE, JSON.stringify({ id: target, offset: here ? here.offset : 0 }));
      } catch (e) { /* storage can be off; the fragment alone still lands on the block */ }
      link.setAttribute("href", url + "#" + encodeURIComponent(target));
    }
  }

  /* Put the saved block back at the same distance below the header. Absolute, so it can be
   * applied again safely: the browser's own jump to the #fragment may come after the load event. */
  function restoreOffset(saved) {
    var element = document.getElementById(saved.id);
    if (!element) {
      return;
    }
    var header = document.querySelector(".site-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var y = window.scrollY + element.getBoundingClientRect().top - top - saved.offset;
    window.scrollTo(0, Math.max(0, Math.round(y)));
  }

  function takeSavedPlace() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null");
      window.sessionStorage.removeItem(STORE);
    } catch (e) {
      return null;
    }
    if (!saved || decodeURIComponent(window.location.hash.slice(1)) !== saved.id) {
      return null;
    }
    return saved;
  }

  /* Views (the original alone, or beside a language version) are pages of their own; the link
   * keeps the place like the script switch, and the choice is remembered for the next document. */
  function onView(event) {
    try {
      window.localStorage.setItem(VIEW, event.currentTarget.getAttribute("data-view-switch"));
    } catch (e) { /* storage can be off: the link still opens the view */ }
    onSwitch(event);
  }

  /* A document page opened by a reader who reads beside a language version opens that view instead
   * (at the same fragment), when the document has it. */
  function rememberedView() {
    var chosen = null;
    try {
      chosen = window.localStorage.getItem(VIEW);
    } catch (e) {
      return;
    }
    var current = document.querySelector(".view-switch [aria-current]");
    if (!chosen || chosen === "original" || !current || document.querySelector(".parallel")) {
      return;
    }
    var link = document.querySelector('.view-switch a[data-view-switch="' + chosen.replace(/[^a-z-]/g, "") + '"]');
    if (link) {
      window.location.replace(link.getAttribute("href").split("#")[0] + window.location.hash);
    }
  }

  rememberedView();
  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("[data-edition-switch]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", onSwitch);
    }
    var views = document.querySelectorAll("[data-view-switch]");
    for (var j = 0; j < views.length; j++) {
      views[j].addEventListener("click", onView);
    }
  });
  window.addEventListener("load", function () {
    var saved = takeSavedPlace();
    if (saved) {
      restoreOffset(saved);
      window.setTimeout(function () { restoreOffset(saved); }, 60);
    }
  });
})();

/* Term and footnote pop-ups (toggletips).
 *
 * Without JavaScript a term is a link to its glossary entry and a footnote mark a link to the
 * footnote. With it, both open one shared pop-up placed right after the element in the DOM, so
 * Tab moves from the term into the pop-up's link. It opens on click or tap, on Enter, and after a
 * deliberate hover: the pointer has to rest on the term (not just cross it). It closes on Escape
 * (focus goes back to the term), on a click or tap outside, and when the pointer leaves both term
 * and pop-up. Touch screens get the same pop-up: a tap opens it instead of following the link.
 *
 * The definitions are not in the page: `<edition>/glossary/terms.js` holds them once for every
 * document, loaded (as a script, so it works from file:// too) the first time a reader comes near
 * a term, and cached by the browser after that.
 *
 * Readers can hide the term marks (the switch under the document details, remembered in
 * localStorage like Wikipedia's preview switch); hidden marks read as plain text and open nothing.
 */
(function () {
  "use strict";

  var REST = 500;        /* ms the pointer must rest on a term before its pop-up opens */
  var JITTER = 6;        /* px of pointer movement that still counts as resting */
  var CLOSE_DELAY = 300;
  var MARGIN = 8;
  var MARKS = "lectern:term-marks";

  var popup = null;
  var current = null;
  var openTimer = 0;
  var closeTimer = 0;
  var lastPointerType = "mouse";
  var restFrom = null;
  var termsState = "none";  /* none | loading | ready | failed */
  var afterLoad = [];

  var TRIGGERS = "a.term, .fnref a[data-footnote]";

  function labels() {
    var hant = document.documentElement.lang === "zh-Hant";
    return {
      more: hant ? "詞條頁面" : "词条页面",
      note: hant ? "註" : "注",
      close: hant ? "關閉" : "关闭"
    };
  }

  /* What the page header says (lectern/urls.py, through the templates): the edition, terms.js, the term page. */
  function fromHeader(name) {
    var header = document.querySelector(".site-header");
    return (header && header.getAttribute(name)) || "";
  }

  function edition() {
    return fromHeader("data-edition");
  }

  function slugOf(trigger) {
    return decodeURIComponent((trigger.getAttribute("href") || "").split("#")[1] || "");
  }

  function entries() {
    return (window.LecternTerms || {})[edition()] || null;
  }

  /* Load terms.js once; `then` runs when it has arrived (or at once if it is here). */
  function loadTerms(then) {
    if (termsState === "ready") {
      if (then) { then(); }
      return;
    }
    if (then) { afterLoad.push(then); }
    if (termsState === "loading" || termsState === "failed") {
      return;
    }
    termsState = "loading";
    var script = document.createElement("script");
    script.src = fromHeader("data-terms");
    script.async = true;
    script.onload = function () {
      termsState = entries() ? "ready" : "failed";
      var waiting = afterLoad;
      afterLoad = [];
      if (termsState === "ready") {
        for (var i = 0; i < waiting.length; i++) { waiting[i](); }
      }
    };
    script.onerror = function () { termsState = "failed"; afterLoad = []; };
    document.head.appendChild(script);
  }

  /* A block of the text that holds an open pop-up is drawn without containment (see lectern.css). */
  function holdOverlay(element, on) {
    var block = element.closest(".doc-body > *");
    if (block) {
      block.classList.toggle("holds-overlay", on);
    }
  }

  function marksHidden() {
    return document.documentElement.classList.contains("no-term-marks");
  }

  function createPopup() {
    popup = document.createElement("div");
    popup.id = "lectern-popup";
    popup.className = "popup";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-modal", "false");
    popup.hidden = true;
    popup.addEventListener("mouseenter", function () { window.clearTimeout(closeTimer); });
    popup.addEventListener("mouseleave", scheduleClose);
    popup.addEventListener("keydown", onKeydown);
    return popup;
  }

  function paragraph(text, lang, className) {
    var element = document.createElement("p");
    element.textContent = text;
    if (lang) { element.setAttribute("lang", lang); }
    if (className) { element.className = className; }
    return element;
  }

  function contentFor(trigger) {
    var fragment = document.createDocumentFragment();
    var text = labels();
    if (!trigger.hasAttribute("data-footnote")) {
      var slug = slugOf(trigger);
      var entry = (entries() || {})[slug];
      if (!entry) {
        return null;
      }
      var heading = paragraph("", null, "pop-term");
      var strong = document.createElement("strong");
      strong.textContent = entry.t;
      strong.setAttribute("lang", document.documentElement.lang);
      heading.appendChild(strong);
      if (entry.e) {
        var english = document.createElement("span");
        english.setAttribute("lang", "en");
        english.textContent = entry.e;
        heading.appendChild(document.createTextNode(" "));
        heading.appendChild(english);
      }
      fragment.appendChild(heading);
      if (entry.f) { fragment.appendChild(paragraph(entry.f)); }
      /* A term marked in an English version: the English definition first, then the Chinese. */
      var inEnglish = (trigger.closest("[lang]") || document.documentElement).getAttribute("lang") === "en";
      if (entry.de && inEnglish) { fragment.appendChild(paragraph(entry.de, "en")); }
      if (entry.d) { fragment.appendChild(paragraph(entry.d, inEnglish ? document.documentElement.lang : null)); }
      if (entry.de && !inEnglish) { fragment.appendChild(paragraph(entry.de, "en")); }
      var more = document.createElement("a");
      more.className = "popup-more";
      more.href = fromHeader("data-term-page").replace("{slug}", encodeURIComponent(slug));
      more.textContent = text.more + " →";
      var line = document.createElement("p");
      line.appendChild(more);
      fragment.appendChild(line);
      return { node: fragment, label: trigger.textContent };
    }
    var label = trigger.getAttribute("data-footnote");
    var scope = trigger.closest("[data-note-prefix]");  /* a language version's notes, on a parallel page */
    var note = document.getElementById((scope ? scope.getAttribute("data-note-prefix") : "") + "fn" + label);
    if (!note) {
      return null;
    }
    var copy = note.cloneNode(true);
    copy.removeAttribute("id");
    var back = copy.querySelectorAll(".fn-back, [id]");
    for (var j = 0; j < back.length; j++) {
      if (back[j].classList.contains("fn-back")) {
        back[j].remove();
      } else {
        back[j].removeAttribute("id");
      }
    }
    var top = paragraph("", null, "pop-term");
    var title = document.createElement("strong");
    title.textContent = text.note + " " + label;
    top.appendChild(title);
    fragment.appendChild(top);
    while (copy.firstChild) {
      fragment.appendChild(copy.firstChild);
    }
    return { node: fragment, label: text.note + " " + label };
  }

  function open(trigger) {
    window.clearTimeout(closeTimer);
    window.clearTimeout(openTimer);
    if (current === trigger) {
      return;
    }
    if (!trigger.hasAttribute("data-footnote") && termsState !== "ready") {
      loadTerms(function () { open(trigger); });
      return;
    }
    close(false);
    var content = contentFor(trigger);
    if (!content) {
      return;
    }
    popup = popup || createPopup();
    popup.textContent = "";
    popup.appendChild(content.node);
    popup.setAttribute("aria-label", content.label);
    trigger.parentNode.insertBefore(popup, trigger.nextSibling);
    holdOverlay(trigger, true);
    popup.hidden = false;
    trigger.setAttribute("aria-expanded", "true");
    trigger.setAttribute("aria-controls", "lectern-popup");
    current = trigger;
    place();
  }

  function close(returnFocus) {
    window.clearTimeout(openTimer);
    window.clearTimeout(closeTimer);
    if (!current) {
      return;
    }
    var trigger = current;
    current = null;
    trigger.setAttribute("aria-expanded", "false");
    popup.hidden = true;
    holdOverlay(trigger, false);
    if (returnFocus) {
      trigger.focus();
    }
  }

  /* Below the term, or above it when there is no room; always inside the viewport, never over the term. */
  function place() {
    if (!current) {
      return;
    }
    var rect = current.getBoundingClientRect();
    var width = Math.min(352, window.innerWidth - 2 * MARGIN);
    popup.style.width = width + "px";
    var left = Math.min(Math.max(MARGIN, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - MARGIN);
    popup.style.left = left + "px";
    popup.style.top = "0px";
    popup.style.maxHeight = "";  /* measure the full height, not the one the last placement allowed */
    var height = popup.offsetHeight;
    var below = window.innerHeight - rect.bottom - MARGIN;
    var top = rect.bottom + 6;
    if (height > below && rect.top - MARGIN > below) {
      top = Math.max(MARGIN, rect.top - 6 - height);
      popup.style.maxHeight = (rect.top - 6 - MARGIN) + "px";
    } else {
      popup.style.maxHeight = Math.max(120, below - 6) + "px";
    }
    popup.style.top = top + "px";
  }

  function scheduleClose() {
    window.clearTimeout(closeTimer);
    closeTimer = window.setTimeout(function () { close(false); }, CLOSE_DELAY);
  }

  function triggerOf(target) {
    var trigger = target && target.closest ? target.closest(TRIGGERS) : null;
    if (trigger && trigger.classList.contains("term") && (marksHidden() || !trigger.closest(".doc-body"))) {
      return null;
    }
    return trigger;
  }

  function onKeydown(event) {
    if (event.key === "Escape" && current) {
      event.preventDefault();
      close(true);
    }
  }

  /* The pointer rests on `trigger`: (re)start the timer whenever it moves more than JITTER. */
  function rest(trigger, event) {
    if (restFrom && restFrom.trigger === trigger &&
        Math.abs(event.clientX - restFrom.x) <= JITTER && Math.abs(event.clientY - restFrom.y) <= JITTER) {
      return;
    }
    restFrom = { trigger: trigger, x: event.clientX, y: event.clientY };
    window.clearTimeout(openTimer);
    openTimer = window.setTimeout(function () { restFrom = null; open(trigger); }, REST);
  }

  /* Term marks on or off, for this reader, on every page. */
  function setMarks(shown, remember) {
    document.documentElement.classList.toggle("no-term-marks", !shown);
    var terms = document.querySelectorAll(".doc-body a.term");
    for (var i = 0; i < terms.length; i++) {
      if (shown) {
        terms[i].removeAttribute("tabindex");
      } else {
        terms[i].setAttribute("tabindex", "-1");
      }
    }
    var toggles = document.querySelectorAll(".marks-toggle");
    for (var j = 0; j < toggles.length; j++) {
      toggles[j].setAttribute("aria-pressed", shown ? "true" : "false");
    }
    if (!shown) {
      close(false);
    }
    if (remember) {
      try {
        if (shown) {
          window.localStorage.removeItem(MARKS);
        } else {
          window.localStorage.setItem(MARKS, "off");
        }
      } catch (e) { /* storage can be off: the switch still works on this page */ }
    }
  }

  function init() {
    var hidden = false;
    try {
      hidden = window.localStorage.getItem(MARKS) === "off";
    } catch (e) { /* storage can be off */ }
    var toggles = document.querySelectorAll(".marks-toggle");
    for (var t = 0; t < toggles.length; t++) {
      toggles[t].addEventListener("click", function (event) {
        setMarks(event.currentTarget.getAttribute("aria-pressed") !== "true", true);
      });
    }
    if (hidden) {
      setMarks(false, false);
    }
    var triggers = document.querySelectorAll(".doc-body a.term, .fnref a[data-footnote]");
    if (!triggers.length) {
      return;
    }
    for (var i = 0; i < triggers.length; i++) {
      triggers[i].setAttribute("aria-expanded", "false");
      triggers[i].setAttribute("aria-haspopup", "dialog");
    }
    document.body.appendChild(createPopup());
    popup.remove();

    document.addEventListener("pointerdown", function (event) {
      lastPointerType = event.pointerType || "mouse";
      var trigger = triggerOf(event.target);
      if (trigger && !trigger.hasAttribute("data-footnote")) {
        loadTerms(null);  /* the click follows in a moment: have the definitions on their way */
      }
      if (current && !popup.contains(event.target) && trigger !== current) {
        close(false);
      }
    });
    document.addEventListener("click", function (event) {
      var trigger = triggerOf(event.target);
      if (!trigger || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;
      }
      if (!trigger.hasAttribute("data-footnote") && termsState === "failed") {
        return;  /* no definitions to show: the link goes to the glossary entry */
      }
      event.preventDefault();
      if (current === trigger && lastPointerType !== "mouse") {
        close(false);
      } else {
        open(trigger);
      }
    });
    document.addEventListener("mousemove", function (event) {
      var trigger = triggerOf(event.target);
      if (!trigger || lastPointerType === "touch" || current === trigger) {
        return;
      }
      window.clearTimeout(closeTimer);
      if (!trigger.hasAttribute("data-footnote")) {
        loadTerms(null);
      }
      rest(trigger, event);
    });
    document.addEventListener("mouseout", function (event) {
      var trigger = triggerOf(event.target);
      if (!trigger || (event.relatedTarget && trigger.contains(event.relatedTarget))) {
        return;
      }
      window.clearTimeout(openTimer);
      restFrom = null;
      if (current === trigger) {
        scheduleClose();
      }
    });
    document.addEventListener("keydown", onKeydown);
    /* Focus moving on past the term and its pop-up (Tab out of the pop-up) closes it: left open, it
     * would cover the text where focus goes next. Focus on a term fetches the definitions ahead. */
    document.addEventListener("focusin", function (event) {
      if (triggerOf(event.target)) {
        loadTerms(null);
      }
      if (current && event.target !== current && !popup.contains(event.target)) {
        close(false);
      }
    });
    window.addEventListener("resize", place);
    window.addEventListener("scroll", function () { window.requestAnimationFrame(place); }, { passive: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Paragraph pages (…/<slug>/p/105/) exist for link previews; a reader goes on to the paragraph. */
(function () {
  "use strict";
  var target = document.body && document.body.getAttribute("data-redirect");
  if (target) {
    window.location.replace(target);
  }
})();

/* Citation menu: clicking a paragraph or item number offers copy link, copy citation in Chinese
 * and in English, and copy the paragraph page's link (the page a chat or LMS previews). Without
 * JavaScript the number stays a link to itself.
 *
 * On a wide screen the menu hangs under the number. Below 768 px it is a sheet at the bottom of the
 * screen, over a backdrop: the page does not move, and a tap outside closes the sheet without
 * reaching the link under the finger.
 *
 * Links: with a base URL configured (`--base-url`, `data-base-url` on the site header), the published
 * address is copied; without one the menu says that the copied link is this copy's own address.
 */
(function () {
  "use strict";

  var SHEET = "(max-width: 47.99rem)";
  var menu = null;
  var backdrop = null;
  var owner = null;

  function hant() {
    return document.documentElement.lang === "zh-Hant";
  }

  function text(simplified, traditional) {
    return hant() ? traditional : simplified;
  }

  /* The address of a page of this site: under the base URL when there is one, else as opened. */
  function siteUrl(relative) {
    var header = document.querySelector(".site-header");
    var base = header.getAttribute("data-base-url");
    var here = base ? base + (header.getAttribute("data-page") || "") : window.location.href.split("#")[0];
    return new URL(relative, here).href;
  }

  /* On a parallel page each row holds a block of the original and its counterpart: the Chinese
   * citation takes the original's number (81(c)(二)), a version's citation the version's (81(c)(ii)). */
  function counterparts(block) {
    var row = block.closest(".parallel-rows .row");
    return {
      original: (row && row.querySelector(".orig [data-cite]")) || block,
      version: row ? row.querySelector(".version [data-cite]") : null
    };
  }

  /* The number as the other official languages print it: 2(b)(二) is 2(b)(ii) (the Roman numbering
   * rule of lectern/mdext/anchors.py, read backwards). */
  var DIGITS = "一二三四五六七八九";
  function chineseValue(text) {
    var ten = text.indexOf("十");
    if (ten < 0) { return DIGITS.indexOf(text) + 1; }
    var units = ten + 1 < text.length ? DIGITS.indexOf(text.charAt(ten + 1)) + 1 : 0;
    return (ten === 0 ? 1 : DIGITS.indexOf(text.charAt(0)) + 1) * 10 + units;
  }
  function roman(value) {
    var out = "", pairs = [[100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
    pairs.forEach(function (pair) {
      while (value >= pair[0]) { out += pair[1]; value -= pair[0]; }
    });
    return out;
  }
  function romanNumber(number) {
    return number.replace(/\(([一二三四五六七八九十]+)\)/g, function (all, digits) { return "(" + roman(chineseValue(digits)) + ")"; });
  }

  function citationsFor(block) {
    var main = document.querySelector("main[data-cite-zh]");
    var page = main.getAttribute("data-paragraph-page");  /* urls.paragraph, a slot for the number */
    var blocks = counterparts(block);
    var number = blocks.original.getAttribute("data-cite");
    var translated = blocks.version ? blocks.version.getAttribute("data-cite") : romanNumber(number);
    var source = main.getAttribute("data-cite-zh");
    var versions = [];
    try {
      versions = JSON.parse(main.getAttribute("data-cite-versions") || "[]");
    } catch (e) { /* a page without language versions */ }
    var english = versions.filter(function (v) { return v.lang === "en"; }).length ? translated : number;
    return {
      zh: source + "，" + text("第", "第") + number + text("段", "段"),
      en: main.getAttribute("data-cite-en") + ", para. " + english,
      link: siteUrl("#" + (blocks.original.id || block.id)),
      page: siteUrl(page.replace("{number}", encodeURIComponent(number.split("(")[0]))),
      versions: versions.filter(function (v) {  /* a version that lacks this paragraph or sub-item offers nothing */
        return !v.missing || v.missing.indexOf(blocks.original.id) < 0;
      }).map(function (v) {
        return {
          lang: v.lang,
          name: v.name,
          citation: v.source + v.separator + v.word + " " + translated,
          page: siteUrl(v.page.replace("{number}", encodeURIComponent(translated.split("(")[0])))
        };
      })
    };
  }

  function copy(value, status) {
    function done() {
      status.textContent = text("已复制：", "已複製：") + value;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(done, function () { fallbackCopy(value) && done(); });
    } else if (fallbackCopy(value)) {
      done();
    }
  }

  function fallbackCopy(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
    return ok;
  }

  function button(label, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  function close(returnFocus) {
    if (!menu) {
      return;
    }
    menu.remove();
    menu = null;
    var block = owner && owner.closest(".doc-body > *");
    if (block) {
      block.classList.remove("holds-overlay");
    }
    if (backdrop) {
      backdrop.remove();
      backdrop = null;
    }
    if (owner) {
      owner.setAttribute("aria-expanded", "false");
      if (returnFocus) {
        owner.focus({ preventScroll: true });
      }
    }
    owner = null;
  }

  function baseNote() {
    if (document.querySelector(".site-header").getAttribute("data-base-url")) {
      return null;
    }
    var note = document.createElement("p");
    note.className = "cite-note";
    if (window.location.protocol === "file:") {
      note.textContent = text("未设置网站地址（base URL）：复制的链接是本机文件路径，别人打不开。",
        "未設定網站位址（base URL）：複製的連結是本機檔案路徑，別人打不開。");
    } else {
      note.textContent = text("未设置网站地址（base URL）：复制的是当前浏览的地址。",
        "未設定網站位址（base URL）：複製的是目前瀏覽的位址。");
    }
    var english = document.createElement("span");
    english.setAttribute("lang", "en");
    english.textContent = window.location.protocol === "file:"
      ? " No base URL is set: the link is a file on this computer."
      : " No base URL is set: the link is the address you are reading at.";
    note.appendChild(english);
    return note;
  }

  function open(number) {
    var block = number.closest("[data-cite]");
    if (!block) {
      return;
    }
    close(false);
    var cite = citationsFor(block);
    var sheet = window.matchMedia(SHEET).matches;
    owner = number;
    menu = document.createElement("div");
    menu.className = sheet ? "cite-menu cite-sheet" : "cite-menu";
    menu.id = "cite-menu";
    menu.setAttribute("role", "dialog");
    menu.setAttribute("aria-label", text("引用", "引用") + " " + cite.zh);
    var status = document.createElement("p");
    status.className = "cite-status";
    status.setAttribute("role", "status");
    var heading = document.createElement("p");
    heading.className = "cite-heading";
    heading.textContent = cite.zh;
    menu.appendChild(heading);
    menu.appendChild(button(text("复制链接", "複製連結") + " · Copy link", function () { copy(cite.link, status); }));
    menu.appendChild(button(text("复制引文（中文）", "複製引文（中文）"), function () { copy(cite.zh, status); }));
    menu.appendChild(button("Copy citation (English)", function () { copy(cite.en, status); }));
    menu.appendChild(button(text("复制段落页链接", "複製段落頁連結") + " · Copy paragraph-page link",
      function () { copy(cite.page, status); }));
    cite.versions.forEach(function (version) {
      if (version.lang !== "en") {
        var other = button("", function () { copy(version.citation, status); });
        other.textContent = text("复制引文", "複製引文") + " · ";
        var name = document.createElement("span");
        name.setAttribute("lang", version.lang);
        name.textContent = version.name;
        other.appendChild(name);
        menu.appendChild(other);
      }
      var page = button("", function () { copy(version.page, status); });
      page.textContent = text("复制段落页链接", "複製段落頁連結") + " · ";
      var label = document.createElement("span");
      label.setAttribute("lang", version.lang);
      label.textContent = version.name;
      page.appendChild(label);
      menu.appendChild(page);
    });
    var note = baseNote();
    if (note) {
      menu.appendChild(note);
    }
    menu.appendChild(status);
    if (sheet) {
      backdrop = document.createElement("div");
      backdrop.className = "cite-backdrop";
      /* The tap that closes the sheet ends here: it never reaches the link under the backdrop. */
      backdrop.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        close(false);
      });
      document.body.appendChild(backdrop);
    }
    number.after(menu);  /* right after the number, so Tab goes from the number into the menu */
    var holder = number.closest(".doc-body > *");
    if (holder) {
      holder.classList.add("holds-overlay");  /* drawn without containment while it holds the menu */
    }
    number.setAttribute("aria-expanded", "true");
    number.setAttribute("aria-controls", "cite-menu");
    menu.querySelector("button").focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var number = event.target.closest && event.target.closest(".doc-body .pnum, .doc-body .inum");
    if (number && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      if (owner === number) {
        close(true);
      } else {
        open(number);
      }
      return;
    }
    if (menu && !menu.contains(event.target)) {
      close(false);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu) {
      event.preventDefault();
      close(true);
    }
  });
  /* Tab out of the menu closes it: it is drawn over the paragraph, where focus goes next. (The
   * off-screen textarea of the fallback copy takes focus for a moment; that keeps the menu.) */
  document.addEventListener("focusin", function (event) {
    if (menu && event.target !== owner && !menu.contains(event.target) && !event.target.classList.contains("offscreen")) {
      close(false);
    }
  });
})();

/* Getting around a long document.
 *
 * The contents list is closed in the page (on a phone it would push the text four screens down);
 * on a wide screen, where it sits beside the text, it is opened here. The "contents" and "top"
 * links stay at the bottom corner of the screen once the reader has scrolled; "contents" opens the
 * list it jumps to. On a wide screen the section being read is marked in the contents.
 */
(function () {
  "use strict";

  var WIDE = "(min-width: 64rem)";

  function init() {
    var toc = document.getElementById("toc");
    /* A parallel page has no sidebar: its contents list is a <details> at the top, left closed. */
    var details = toc && (toc.tagName === "DETAILS" ? toc : toc.querySelector("details"));
    if (details && details !== toc && window.matchMedia(WIDE).matches) {
      details.open = true;
    }
    var toContents = document.querySelector(".to-contents");
    if (toContents && details) {
      toContents.addEventListener("click", function () { details.open = true; });
    }
    var quick = document.querySelector(".quick-nav");
    if (quick) {
      var shown = false;
      var update = function () {
        var far = window.scrollY > window.innerHeight;
        if (far !== shown) {
          shown = far;
          quick.classList.toggle("is-shown", far);
        }
      };
      window.addEventListener("scroll", update, { passive: true });
      update();
    }
    if (details && "IntersectionObserver" in window) {
      highlightCurrentSection(toc);
    }
    var printUrl = document.querySelector(".print-url");
    if (printUrl && !printUrl.textContent) {
      printUrl.textContent = window.location.href.split("#")[0];
    }
  }

  /* The contents entry of the last heading that has passed the top third of the screen. */
  function highlightCurrentSection(toc) {
    var links = {};
    var anchors = toc.querySelectorAll('a[href^="#"]');
    var headings = [];
    for (var i = 0; i < anchors.length; i++) {
      var id = decodeURIComponent(anchors[i].getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) {
        links[id] = anchors[i];
        headings.push(heading);
      }
    }
    var marked = null;
    function mark() {
      var limit = window.innerHeight / 3;
      var found = null;
      for (var j = 0; j < headings.length; j++) {
        if (headings[j].getBoundingClientRect().top <= limit) {
          found = headings[j];
        } else {
          break;
        }
      }
      var link = found ? links[found.id] : null;
      if (link === marked) {
        return;
      }
      if (marked) {
        marked.removeAttribute("aria-current");
      }
      marked = link;
      if (link) {
        link.setAttribute("aria-current", "location");
        if (window.matchMedia(WIDE).matches) {
          var box = toc.getBoundingClientRect();
          var place = link.getBoundingClientRect();
          if (place.top < box.top || place.bottom > box.bottom) {
            toc.scrollTop += place.top - box.top - box.height / 3;
          }
        }
      }
    }
    var pending = false;
    var observer = new IntersectionObserver(function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () { pending = false; mark(); });
      }
    }, { rootMargin: "0px 0px -66% 0px" });
    for (var k = 0; k < headings.length; k++) {
      observer.observe(headings[k]);
    }
  }

  document.documentElement.classList.add("js");
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Offline reading: over http(s) only, register the service worker the build generated at the site root.
 * From file:// there is nothing to register, and nothing changes. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) {
    return;
  }
  var header = document.querySelector(".site-header");
  var worker = header && header.getAttribute("data-service-worker");  /* urls.SERVICE_WORKER */
  window.addEventListener("load", function () {
    if (worker) {
      navigator.serviceWorker.register(worker).catch(function () { /* reading works without it */ });
    }
  });
})();

/* Parallel pages on a narrow screen: the language version under each block of the original folds
 * one by one (<details>), or all at once with the switch under the document details. */
(function () {
  "use strict";
  function init() {
    var toggle = document.querySelector(".versions-toggle");
    if (!toggle) {
      return;
    }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var shown = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", shown ? "true" : "false");
      var versions = document.querySelectorAll(".parallel-rows .version");
      for (var i = 0; i < versions.length; i++) {
        versions[i].open = shown;
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
