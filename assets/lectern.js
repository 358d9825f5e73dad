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
