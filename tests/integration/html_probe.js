// Injected by html_report.sh into a copy of a report page (the page itself
// has no script): measures what the browser rendered and writes it, as JSON,
// into a pre element, id "probe", for --dump-dom.
(function () {
  function box(e) { var r = e.getBoundingClientRect(); return { top: r.top, width: r.width, height: r.height }; }
  function seen(e) {
    var s = getComputedStyle(e);
    return s.display !== 'none' && s.visibility === 'visible' && parseFloat(s.opacity) > 0 && s.fill !== 'none';
  }
  var out = { text: document.body.innerText, charts: [], uptime: [], zero: [], noData: [], incidents: 0 };
  document.querySelectorAll('svg.chart').forEach(function (c) {
    var b = box(c);
    out.charts.push({ id: c.id, width: b.width, height: b.height, bars: c.querySelectorAll('.bar').length });
  });
  document.querySelectorAll('#uptime-chart g.bar').forEach(function (g) {
    var rect = g.querySelector('rect'), b = box(rect);
    out.uptime.push({ customer: g.getAttribute('data-customer'), fill: getComputedStyle(rect).fill,
                      top: b.top, width: b.width, seen: seen(rect) });
  });
  document.querySelectorAll('rect.bar.zero').forEach(function (r) {
    var b = box(r);
    out.zero.push({ title: r.textContent, height: b.height, width: b.width, seen: seen(r) });
  });
  document.querySelectorAll('.no-data').forEach(function (e) {
    out.noData.push({ tag: e.tagName, text: e.firstChild ? e.firstChild.nodeValue : '', height: box(e).height });
  });
  out.incidents = document.querySelectorAll('#incidents tbody tr').length;
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
