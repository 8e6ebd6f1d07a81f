// modes.js: remembers the reader's choice of large text and high
// contrast (the switches in every page's header, partials/modes) and
// applies it on every page.  Loaded in the head without defer, so that
// the class on <html> is set before the page is first drawn and a page
// never flashes in the other size.  The style sheet does the rest: it
// keys each mode on the class and on the switch being checked, so the
// switches work without script on the page at hand, and on the
// reader's system settings (prefers-contrast).  The choice is kept in
// localStorage; where that is refused the switches still work per page.
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

  function wire() {
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

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
