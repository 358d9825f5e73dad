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

  function anchoredBlocks() {
    return document.querySelectorAll(".doc-body [id], .doc-header, h1[id]");
  }

  /* The first anchored block whose bottom is below the sticky header. */
  function blockAtTop() {
    var header = document.querySelector(".site-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var blocks = anchoredBlocks();
    for (var i = 0; i < blocks.length; i++) {
      var rect = blocks[i].getBoundingClientRect();
      if (rect.bottom > top + 1 && blocks[i].id) {
        return { id: blocks[i].id, offset: rect.top - top };
      }
    }
    return null;
  }

  /* The #fragment's element, if the reader still has it on screen. */
  function fragmentInView() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var element = id && document.getElementById(id);
    if (!element) {
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

  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("[data-edition-switch]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", onSwitch);
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
 * Tab moves from the term into the pop-up's link. It opens on hover (after a short delay), on
 * click or tap, and on Enter; it closes on Escape (focus goes back to the term), on a click or
 * tap outside, and when the pointer leaves both term and pop-up. Touch screens get the same
 * pop-up: a tap opens it instead of following the link.
 */
(function () {
  "use strict";

  var OPEN_DELAY = 250;
  var CLOSE_DELAY = 300;
  var MARGIN = 8;

  var popup = null;
  var current = null;
  var openTimer = 0;
  var closeTimer = 0;
  var lastPointerType = "mouse";

  function labels() {
    var hant = document.documentElement.lang === "zh-Hant";
    return {
      more: hant ? "詞條頁面" : "词条页面",
      note: hant ? "註" : "注",
      close: hant ? "關閉" : "关闭"
    };
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

  function contentFor(trigger) {
    var fragment = document.createDocumentFragment();
    var text = labels();
    if (trigger.hasAttribute("data-term")) {
      var source = document.getElementById("def-" + trigger.getAttribute("data-term"));
      if (!source) {
        return null;
      }
      for (var i = 0; i < source.children.length; i++) {
        fragment.appendChild(source.children[i].cloneNode(true));
      }
      var more = document.createElement("a");
      more.className = "popup-more";
      more.href = source.getAttribute("data-href");
      more.textContent = text.more + " →";
      var line = document.createElement("p");
      line.appendChild(more);
      fragment.appendChild(line);
      return { node: fragment, label: trigger.textContent };
    }
    var label = trigger.getAttribute("data-footnote");
    var note = document.getElementById("fn" + label);
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
    var heading = document.createElement("p");
    heading.className = "pop-term";
    var strong = document.createElement("strong");
    strong.textContent = text.note + " " + label;
    heading.appendChild(strong);
    fragment.appendChild(heading);
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
    popup.hidden = false;
    trigger.setAttribute("aria-expanded", "true");
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
    return target && target.closest ? target.closest("a.term[data-term], .fnref a[data-footnote]") : null;
  }

  function onKeydown(event) {
    if (event.key === "Escape" && current) {
      event.preventDefault();
      close(true);
    }
  }

  function init() {
    var triggers = document.querySelectorAll("a.term[data-term], .fnref a[data-footnote]");
    if (!triggers.length) {
      return;
    }
    for (var i = 0; i < triggers.length; i++) {
      triggers[i].setAttribute("aria-expanded", "false");
      triggers[i].setAttribute("aria-controls", "lectern-popup");
      triggers[i].setAttribute("aria-haspopup", "dialog");
    }
    document.body.appendChild(createPopup());
    popup.remove();

    document.addEventListener("pointerdown", function (event) {
      lastPointerType = event.pointerType || "mouse";
      if (current && !popup.contains(event.target) && triggerOf(event.target) !== current) {
        close(false);
      }
    });
    document.addEventListener("click", function (event) {
      var trigger = triggerOf(event.target);
      if (!trigger || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;
      }
      event.preventDefault();
      if (current === trigger && lastPointerType !== "mouse") {
        close(false);
      } else {
        open(trigger);
      }
    });
    document.addEventListener("mouseover", function (event) {
      var trigger = triggerOf(event.target);
      if (!trigger || lastPointerType === "touch") {
        return;
      }
      window.clearTimeout(closeTimer);
      window.clearTimeout(openTimer);
      openTimer = window.setTimeout(function () { open(trigger); }, OPEN_DELAY);
    });
    document.addEventListener("mouseout", function (event) {
      var trigger = triggerOf(event.target);
      if (!trigger) {
        return;
      }
      window.clearTimeout(openTimer);
      if (current === trigger) {
        scheduleClose();
      }
    });
    document.addEventListener("keydown", onKeydown);
    /* Focus moving on past the term and its pop-up (Tab out of the pop-up) closes it: left open, it
     * would cover the text where focus goes next. */
    document.addEventListener("focusin", function (event) {
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
 * and in English, and the paragraph's own page. Without JavaScript the number stays a link to
 * itself. */
(function () {
  "use strict";

  var menu = null;
  var owner = null;

  function hant() {
    return document.documentElement.lang === "zh-Hant";
  }

  function text(simplified, traditional) {
    return hant() ? traditional : simplified;
  }

  function citationsFor(block) {
    var main = document.querySelector("main[data-cite-zh]");
    var number = block.getAttribute("data-cite");
    var source = main.getAttribute("data-cite-zh");
    return {
      zh: source + "，" + text("第", "第") + number + text("段", "段"),
      en: main.getAttribute("data-cite-en") + ", para. " + number,
      link: window.location.href.split("#")[0] + "#" + block.id,
      page: "p/" + number.split("(")[0] + "/index.html"
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
    if (owner) {
      owner.setAttribute("aria-expanded", "false");
      if (returnFocus) {
        owner.focus();
      }
    }
    owner = null;
  }

  function open(number) {
    var block = number.closest("[data-cite]");
    if (!block) {
      return;
    }
    close(false);
    var cite = citationsFor(block);
    owner = number;
    menu = document.createElement("div");
    menu.className = "cite-menu";
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
    var page = document.createElement("a");
    page.href = cite.page;
    page.textContent = text("段落页面", "段落頁面") + " · Paragraph page";
    menu.appendChild(page);
    menu.appendChild(status);
    number.after(menu);
    number.setAttribute("aria-expanded", "true");
    number.setAttribute("aria-controls", "cite-menu");
    menu.querySelector("button").focus();
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

/* Offline reading: over http(s) only, register the service worker the build generated at the site root.
 * From file:// there is nothing to register, and nothing changes. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) {
    return;
  }
  var root = document.documentElement.getAttribute("data-root") || "";
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js").catch(function () { /* reading works without it */ });
  });
})();
