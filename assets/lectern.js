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

  function restoreOffset() {
    var saved;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null");
      window.sessionStorage.removeItem(STORE);
    } catch (e) {
      return;
    }
    if (!saved || decodeURIComponent(window.location.hash.slice(1)) !== saved.id) {
      return;
    }
    var element = document.getElementById(saved.id);
    var header = document.querySelector(".site-header");
    if (!element) {
      return;
    }
    var top = header ? header.getBoundingClientRect().bottom : 0;
    window.scrollBy(0, element.getBoundingClientRect().top - top - saved.offset);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("[data-edition-switch]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", onSwitch);
    }
  });
  /* After load: the browser has done its own jump to the fragment by then. */
  window.addEventListener("load", function () {
    window.requestAnimationFrame(restoreOffset);
  });
})();
