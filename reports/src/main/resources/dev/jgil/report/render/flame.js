// jgil report: the contended-sites flame graph's search and tooltip (the boxes themselves are HTML, see HtmlFlame).
// Frame names are read with textContent and the tooltip is written with textContent: never parsed as markup.
(function () {
  'use strict';
  var graph = document.getElementById('flame-graph');
  if (!graph) return;
  var box = document.getElementById('flame'), tip = document.getElementById('flame-tip');
  var search = document.getElementById('flame-search'), out = document.getElementById('flame-match');
  var total = Number(graph.getAttribute('data-total-nanos')) || 1;
  var nodes = Array.prototype.slice.call(graph.querySelectorAll('.fg'));

  graph.addEventListener('mousemove', function (e) {
    var n = e.target.closest ? e.target.closest('.fg') : null;
    if (!n) { tip.hidden = true; return; }
    tip.textContent = n.getAttribute('data-tip');
    var r = box.getBoundingClientRect();
    tip.style.left = Math.min(e.clientX - r.left + 12, Math.max(0, r.width - 430)) + 'px';
    tip.style.top = (e.clientY - r.top + 16) + 'px';
    tip.hidden = false;
  });
  graph.addEventListener('mouseleave', function () { tip.hidden = true; });

  // A match's share counts the wait through the outermost matching frame of each stack once, as flame graphs do.
  function apply() {
    var q = search.value.trim().toLowerCase(), matched = 0, frames = 0;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i], label = n.firstElementChild.textContent.toLowerCase();
      var hit = q !== '' && !n.classList.contains('fg-group') && label.indexOf(q) >= 0;
      n.classList.toggle('match', hit);
    }
    for (var j = 0; j < nodes.length; j++) {
      var m = nodes[j];
      if (!m.classList.contains('match')) continue;
      frames++;
      var outer = m.parentElement.closest('.fg.match');
      if (!outer) matched += Number(m.getAttribute('data-wait'));
    }
    graph.classList.toggle('searching', q !== '');
    var share = matched / total;
    out.setAttribute('data-share', q === '' ? '' : share.toFixed(6));
    out.textContent = q === '' ? '' : frames === 0 ? 'no frame matches'
      : 'matched: ' + (100 * share).toFixed(1) + ' % of the recorded wait (' + frames + (frames === 1 ? ' box)' : ' boxes)');
  }
  search.addEventListener('input', apply);
})();
