// sort.js: with script on, the tables marked class="sortable" sort in
// place when a column heading is pressed (again: the other way).  The
// pages need it for nothing: every table is already sorted as it comes
// (rankings largest first).  Only the first tbody sorts; rows listed
// apart below it (unknown values) stay where they are.  A cell's
// data-sort attribute, when present, is the value it sorts by; cells
// without a value sort last in either direction; ties keep the order
// the page gave them.
(function () {
  'use strict';
  var collator = window.Intl && Intl.Collator ? new Intl.Collator('zh-CN') : null;

  // A cell's sort key: its data-sort, else its text; a number as pages
  // print it (12,873; 45.5%; +3; −3) counts as that number.
  function key(cell) {
    if (!cell) return '';
    var s = cell.getAttribute('data-sort');
    if (s !== null) return s;
    s = cell.textContent.trim();
    var n = s.replace(/[,%+]/g, '').replace('\u2212', '-');
    return isNumber(n) ? n : s;
  }

  function isNumber(s) {
    return s !== '' && !isNaN(Number(s));
  }

  function compare(x, y) {
    if (isNumber(x) && isNumber(y)) return Number(x) - Number(y);
    if (collator) return collator.compare(x, y);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function sortBy(table, col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      var c = 0;
      if (x === '' || y === '') c = x === y ? 0 : x === '' ? 1 : -1;
      else c = dir * compare(x, y);
      return c || Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var head = table.tHead.rows[table.tHead.rows.length - 1];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r, i) {
      r.setAttribute('data-order', String(i));
    });
    Array.prototype.forEach.call(head.cells, function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'descending' ? 1 : -1;
        Array.prototype.forEach.call(head.cells, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        sortBy(table, col, dir);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), enhance);
})();
