// modes.js: remembers the reader's choice of large text and high
// contrast (the switches in every page's header, partials/modes) and
// applies it on every page.  Loaded in the head without defer, so that
// the class on <html> is set before the page is first drawn and a page
// never flashes in the other size.  The choice is kept in localStorage;
// where that is refused the switches still work per page.
//
// Without script the switches still work and persist: high contrast is
// a check box that the style sheet reads (and the reader's system, by
// prefers-contrast), and large text is a link to the same page in the
// large-text folder (/large/...), whose relative links keep the reader
// there.  With script, the large-text link changes the page in place
// instead; in the folder, the link back to standard text is followed,
// and the choice stored, so that it holds on the pages outside.
(function () {
  'use strict';
  var KEY = 'site-modes';
  var root = document.documentElement;
  var modes = {};
  try { modes = JSON.parse(window.localStorage.getItem(KEY) || '{}') || {}; } catch (e) { modes = {}; }

  function apply(mode, on) {
    if (on) root.classList.add('mode-' + mode);
    else root.classList.remove('mode-' + mode);
  }

  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(modes)); } catch (e) { /* kept for this page only */ }
  }

  Object.keys(modes).forEach(function (mode) { apply(mode, modes[mode] === true); });

  // In the large-text folder, the link back to standard text leads to
  // another path; on a standard page, to this very page.
  function inFolder(off) {
    return off.pathname !== window.location.pathname;
  }

  function wireLinks() {
    var off = document.querySelector('a.mode-link[data-on="0"]');
    if (!off) return;
    var mode = off.getAttribute('data-mode');
    if (inFolder(off) && modes[mode] !== true) {
      modes[mode] = true;
      save();
    }
    Array.prototype.forEach.call(document.querySelectorAll('a.mode-link'), function (link) {
      link.addEventListener('click', function (ev) {
        var on = link.getAttribute('data-on') === '1';
        modes[mode] = on;
        save();
        if (inFolder(off)) return;
        ev.preventDefault();
        apply(mode, on);
        var other = document.querySelector('a.mode-link[data-on="' + (on ? '0' : '1') + '"]');
        if (other) other.focus();
      });
    });
  }

  function wireBoxes() {
    Array.prototype.forEach.call(document.querySelectorAll('input.mode-switch'), function (box) {
      var mode = box.getAttribute('data-mode');
      box.checked = modes[mode] === true;
      box.addEventListener('change', function () {
        modes[mode] = box.checked;
        apply(mode, box.checked);
        save();
      });
    });
  }

  function wire() {
    wireLinks();
    wireBoxes();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
