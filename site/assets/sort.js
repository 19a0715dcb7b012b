// Optional enhancement: click a column heading of a table with class "sortable" to sort it.
// The site is complete without this script.
//
// Sort keys: dates, times and run ids (2026-12-05…) sort as text, which is their time order;
// numbers sort numerically, with units, thousands separators, a leading sign (− or -) and a
// trailing "(x %)" ignored, and an interval "lo–hi" by its lower end; badges (★ best, = tied)
// are not part of a cell's key; empty cells and "–" come last either way.
(function () {
  var DATE = /^\d{4}-\d{2}-\d{2}/;
  var NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)/;
  function text(cell) {
    var t = '';
    cell.childNodes.forEach(function (n) {
      if (n.nodeType === 1 && n.classList.contains('badge')) return;
      t += n.textContent;
    });
    return t.trim();
  }
  // [rank, value]: rank 0 numbers, 1 text, 2 missing.
  function key(cell) {
    var t = text(cell);
    if (t === '' || t === '–' || t === '-') return [2, ''];
    if (DATE.test(t)) return [1, t];
    var s = t.replace(/\u2212/g, '-').replace(/[,\u202f\u2009\u00a0]/g, '');
    var m = NUMBER.exec(s);
    if (m) return [0, parseFloat(m[0])];
    return [1, t.toLowerCase()];
  }
  function compare(x, y) {
    if (x[0] !== y[0]) return x[0] - y[0];
    return x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      // Keep the heading's markup (an <abbr> with its title, for one).
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {
          return { row: r, key: key(r.cells[col] || r), index: i };
        });
        rows.sort(function (a, b) {
          var c = compare(a.key, b.key);
          // Missing values stay last in both directions; ties keep their order.
          if (c !== 0 && a.key[0] !== 2 && b.key[0] !== 2) c = asc ? c : -c;
          return c !== 0 ? c : a.index - b.index;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  });
})();
