// sort.js: with script on, the tables marked class="sortable" sort in
// place when a column heading is pressed (again: the other way), and
// those with a data-filter attribute get a box above them that shows
// only the rows holding what is typed in it.  The pages need it for
// nothing: every table is already sorted as it comes (rankings largest
// first) and lists every row.  Only the first tbody sorts; rows listed
// apart below it (unknown values) stay where they are.  A cell's
// data-sort attribute, when present, is the value it sorts by; cells
// without a value sort last in either direction; ties keep the order
// the page gave them.  The filter's words come from the page:
// data-filter is the box's label, data-filter-status the count it
// reports ("{shown}" and "{all}" replaced), to a screen reader too.
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

  // Rows whose text holds every part of Q (separated by spaces), case
  // folded; a tbody's heading row (th scope="rowgroup") shows when any of
  // its rows does.  Returns how many rows are shown, and of how many.
  function filterRows(table, q) {
    var parts = q.toLowerCase().split(/\s+/).filter(function (x) { return x !== ''; });
    var shown = 0, all = 0;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var heads = [], any = false;
      Array.prototype.forEach.call(body.rows, function (r) {
        if (r.querySelector('th[scope="rowgroup"]')) { heads.push(r); return; }
        var text = r.textContent.toLowerCase();
        var ok = parts.every(function (x) { return text.indexOf(x) >= 0; });
        r.hidden = !ok;
        all++;
        if (ok) { shown++; any = true; }
      });
      heads.forEach(function (r) { r.hidden = !any; });
    });
    return { shown: shown, all: all };
  }

  var filters = 0;
  function addFilter(table) {
    var label = table.getAttribute('data-filter');
    var status = table.getAttribute('data-filter-status') || '';
    var box = table.closest('.table-scroll') || table;
    var id = 'table-filter-' + (++filters);
    var p = document.createElement('p');
    p.className = 'table-filter';
    var l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    var input = document.createElement('input');
    input.type = 'search';
    input.id = id;
    input.autocomplete = 'off';
    var out = document.createElement('span');
    out.className = 'filter-status';
    out.setAttribute('role', 'status');
    p.appendChild(l);
    p.appendChild(input);
    p.appendChild(out);
    box.parentNode.insertBefore(p, box);
    input.addEventListener('input', function () {
      var n = filterRows(table, input.value.trim());
      out.textContent = input.value.trim() === '' ? '' :
        status.replace('{shown}', String(n.shown)).replace('{all}', String(n.all));
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), enhance);
  Array.prototype.forEach.call(document.querySelectorAll('table[data-filter]'), addFilter);
})();
