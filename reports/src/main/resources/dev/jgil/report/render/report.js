// jgil report: draws the timeline and the distributions from the embedded JSON (#jgil-data).
// Every recorded string reaches the page through textContent / setAttribute only, never as markup.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('jgil-data').textContent);
  var COLORS = ['#d9534f', '#f0ad4e', '#5bc0de'];

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, anchor) {
    var t = el('text', { x: x, y: y, 'text-anchor': anchor || 'start' }, parent);
    t.textContent = s;
    return t;
  }
  function fmtNanos(ns) {
    var a = Math.abs(ns);
    if (a < 1e3) return ns.toFixed(0) + ' ns';
    if (a < 1e6) return (ns / 1e3).toPrecision(3) + ' µs';
    if (a < 1e9) return (ns / 1e6).toPrecision(3) + ' ms';
    return (ns / 1e9).toPrecision(4) + ' s';
  }
  function niceStep(span, target) {
    var raw = span / target, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }

  // ---------------------------------------------------------------- timeline
  var tl = data.timeline;
  var svg = document.getElementById('timeline-svg');
  var rangeLabel = document.getElementById('timeline-range');
  var LABEL_W = 220, LANE_H = 22, TOP = 24, width = 1200;
  var view = { t0: 0, t1: tl ? tl.spanNanos : 1 };
  var MIN_SPAN = 1000; // 1 µs
  var CHANGE_ROW_H = 14;

  // The lanes: one per row of the Threads table (data.threadGroups), each overlaying its member threads'
  // segments (data.threads[k] ↔ tl.segments[k]); a row's switch marks and, downsampled, its buckets are the row's own
  // (tl.switchMarks[i], tl.buckets[i]: this page's data comes from the same build). Older documents: one lane per thread.
  var rows = data.threadGroups || data.threads.map(function (th, k) {
    return { jvm: th.jvm, name: th.name, group: false, threadCount: 1, threads: [k] };
  });
  var laneCache = {};
  function laneData(i) {
    if (laneCache[i]) return laneCache[i];
    var d = { segments: [], causes: [], members: [], marks: tl.switchMarks[i], buckets: tl.exact ? null : tl.buckets[i] };
    // Downsampled, a row needs nothing of its members (the page may not list them).
    var members = tl.exact ? rows[i].threads : [];
    for (var m = 0; m < members.length; m++) {
      var k = members[m];
      d.segments.push(tl.segments[k]);
      d.causes.push(tl.segmentCauses ? tl.segmentCauses[k] : null);
      d.members.push(k);
    }
    return (laneCache[i] = d);
  }

  // First and last lane of each JVM (lanes are grouped by JVM): a change marks only its own JVM's lanes.
  function jvmLanes(jvm) {
    var first = -1, last = -1;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].jvm !== jvm) continue;
      if (first < 0) first = i;
      last = i;
    }
    return first < 0 ? null : [first, last];
  }

  // Aligned (recordings that do not overlap in time): each JVM's lanes under their own axis, zero at its start, so
  // every JVM block has a header row; otherwise one axis on top. laneY(i): the top of lane i.
  var aligned = !!(tl && tl.aligned), blockOf = [], blocks = [];
  for (var bi = 0; bi < rows.length; bi++) {
    if (!blocks.length || (aligned && rows[bi].jvm !== rows[bi - 1].jvm)) blocks.push({ jvm: rows[bi].jvm, first: bi, last: bi });
    blocks[blocks.length - 1].last = bi;
    blockOf.push(blocks.length - 1);
  }
  function laneY(i) { return (blockOf[i] + 1) * TOP + i * LANE_H; }
  function laneAt(py) {
    for (var i = 0; i < rows.length; i++) if (py >= laneY(i) && py < laneY(i) + LANE_H) return i;
    return -1;
  }

  function laneName(row) {
    var n = row.name;
    if (data.jvms.length > 1) n = '#' + (row.jvm + 1) + ' ' + n; // row of the per-JVM table
    return n;
  }

  function clampView() {
    var span = Math.max(MIN_SPAN, Math.min(tl.spanNanos, view.t1 - view.t0));
    if (view.t0 < 0) view.t0 = 0;
    if (view.t0 + span > tl.spanNanos) view.t0 = tl.spanNanos - span;
    if (view.t0 < 0) view.t0 = 0;
    view.t1 = view.t0 + span;
  }

  function drawTimeline() {
    if (!svg || !tl) return;
    width = Math.max(600, (svg.parentNode.clientWidth || 1200) - 2);
    var changes = tl.configurationChanges || [];
    var lanes = rows.length, lanesBottom = lanes ? laneY(lanes - 1) + LANE_H : TOP, plotW = width - LABEL_W - 10;
    var h = lanesBottom + 8 + (changes.length ? 2 * CHANGE_ROW_H + 4 : 0);
    svg.setAttribute('width', width);
    svg.setAttribute('height', h);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + h);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var span = view.t1 - view.t0, scale = plotW / span;
    function x(t) { return LABEL_W + (t - view.t0) * scale; }
    // axis: one on top, or one per JVM block (its own zero) when aligned
    var step = niceStep(span, 8);
    for (var b = 0; b < (blocks.length || 1); b++) {
      var blk = blocks[b], top = blk ? laneY(blk.first) : TOP, bottom = aligned ? laneY(blk.last) + LANE_H : h - 4;
      var axis = el('g', { 'class': aligned ? 'axis jvm-axis' : 'axis', 'data-jvm': blk ? blk.jvm : 0 }, svg);
      for (var t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
        el('line', { x1: x(t), x2: x(t), y1: top - 4, y2: bottom, 'class': 'grid' }, axis);
        text(axis, x(t), top - 8, fmtNanos(t), 'middle');
      }
      if (aligned) {
        var al = tl.jvmAxisLabels[blk.jvm], acp = Array.from(al);
        var at = text(axis, 4, top - 8, acp.length > 30 ? acp.slice(0, 29).join('') + '…' : al);
        at.setAttribute('class', 'axis-label');
        el('title', {}, at).textContent = al;
      }
    }
    var defs = el('defs', {}, svg);
    var clip = el('clipPath', { id: 'plot-clip' }, defs);
    el('rect', { x: LABEL_W, y: 0, width: plotW, height: h }, clip);
    var hatch = el('pattern', { id: 'lost-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
    el('rect', { width: 2, height: 6, fill: '#6c757d' }, hatch);
    for (var i = 0; i < lanes; i++) {
      var y = laneY(i), row = rows[i], ld = laneData(i);
      var g = el('g', { 'class': row.group ? 'lane lane-group' : 'lane', 'data-lane': i, 'data-threads': row.threadCount }, svg);
      el('rect', { x: LABEL_W, y: y + 2, width: plotW, height: LANE_H - 4, fill: '#eef1f4' }, g);
      var name = laneName(row), count = row.group ? ' ×' + row.threadCount : '';
      var cps = Array.from(name), max = 34 - count.length; // code points: never split an emoji's surrogate pair
      var label = text(g, 4, y + LANE_H / 2 + 4, (cps.length > max ? cps.slice(0, max - 1).join('') + '…' : name) + count);
      label.setAttribute('class', 'lane-label');
      var tip = el('title', {}, label);
      tip.textContent = row.group ? name + ' (' + row.threadCount + ' threads, overlaid)' : name;
      var body = el('g', { 'clip-path': 'url(#plot-clip)' }, g);
      if (tl.exact) drawExactLane(body, ld.segments, y, x, scale);
      else drawBucketLane(body, ld.buckets, y, x);
      drawMarks(body, ld.marks, y, x);
    }
    drawLost(tl.lost || [], x);
    drawChanges(changes, x, plotW, lanesBottom);
    svg.setAttribute('data-t0', Math.round(view.t0));
    svg.setAttribute('data-t1', Math.round(view.t1));
    if (rangeLabel) rangeLabel.textContent = fmtNanos(view.t0) + ' – ' + fmtNanos(view.t1) + ' (span ' + fmtNanos(span) + ')';
  }

  // One path per state per lane; segments under a pixel are merged into whole pixels so a dense lane
  // stays a few thousand path commands, not one element per hold.
  function drawExactLane(g, segs, y, x, scale) {
    var d = ['', '', ''], lastPx = [-1, -1, -1], top = y + 3, hgt = LANE_H - 6;
    for (var m = 0; m < segs.length; m++) for (var seg = segs[m], k = 0; k < seg.length; k += 3) {
      var s = seg[k], t0 = seg[k + 1], t1 = t0 + seg[k + 2];
      if (t1 < view.t0 || t0 > view.t1) continue;
      var x0 = x(Math.max(t0, view.t0)), x1 = x(Math.min(t1, view.t1));
      if (x1 - x0 < 1) {
        var px = Math.floor(x0);
        if (px === lastPx[s]) continue;
        lastPx[s] = px;
        x0 = px; x1 = px + 1;
      }
      var hh = s === 1 ? hgt / 2 : hgt, yy = s === 1 ? top + hgt / 4 : top;
      d[s] += 'M' + x0.toFixed(1) + ' ' + yy + 'h' + (x1 - x0).toFixed(1) + 'v' + hh + 'h' + (x0 - x1).toFixed(1) + 'z';
    }
    for (var st = 2; st >= 0; st--) if (d[st]) el('path', { d: d[st], fill: COLORS[st], 'class': 'seg state-' + st }, g);
  }

  // Buckets: each state drawn as a bar whose height is the fraction of the bucket spent in it.
  function drawBucketLane(g, b, y, x) {
    var n = b[0].length, bw = tl.bucketNanos, top = y + 3, hgt = LANE_H - 6;
    var d = ['', '', ''];
    for (var i = 0; i < n; i++) {
      var t0 = i * bw, t1 = t0 + bw;
      if (t1 < view.t0 || t0 > view.t1) continue;
      var x0 = x(t0), w = Math.max(0.6, x(t1) - x0), base = top + hgt;
      for (var s = 0; s < 3; s++) {
        var f = b[s][i] / 1000;
        if (f <= 0) continue;
        var hh = Math.min(Math.max(0.5, f * hgt), base - top); // a group's states can add up past the bucket
        if (hh <= 0) break;
        d[s] += 'M' + x0.toFixed(1) + ' ' + (base - hh).toFixed(1) + 'h' + w.toFixed(1) + 'v' + hh.toFixed(1) + 'h' + (-w).toFixed(1) + 'z';
        base -= hh;
      }
    }
    for (var st = 0; st < 3; st++) if (d[st]) el('path', { d: d[st], fill: COLORS[st], 'class': 'seg state-' + st }, g);
  }

  function drawMarks(g, marks, y, x) {
    if (!marks || !marks.length) return;
    var d = '';
    for (var i = 0; i < marks.length; i++) {
      var t = marks[i];
      if (t < view.t0 || t > view.t1) continue;
      d += 'M' + x(t).toFixed(1) + ' ' + (y + 1) + 'l-3 -4h6z';
    }
    if (d) el('path', { d: d, fill: '#222', 'class': 'switch-mark' }, g);
  }

  // Lost data: a hatched band across the lanes of its JVM, with what is missing as its title. Events are missing
  // there, so the lanes must not look idle.
  function drawLost(lost, x) {
    if (!lost.length) return;
    var layer = el('g', { 'class': 'lost-layer', 'clip-path': 'url(#plot-clip)' }, svg);
    for (var i = 0; i < lost.length; i++) {
      var l = lost[i], range = jvmLanes(l.jvm);
      if (!range || l.t + l.duration < view.t0 || l.t > view.t1) continue;
      var x0 = x(Math.max(l.t, view.t0)), x1 = x(Math.min(l.t + l.duration, view.t1));
      var g = el('g', { 'class': 'lost', 'data-index': i, 'data-jvm': l.jvm }, layer);
      el('title', {}, g).textContent = l.label;
      el('rect', { x: x0, y: laneY(range[0]) + 1, width: Math.max(2, x1 - x0), height: laneY(range[1]) + LANE_H - laneY(range[0]) - 2, fill: 'url(#lost-hatch)' }, g);
    }
  }

  // Configuration changes: a dashed vertical line across the lanes of the change's JVM, a short label in the
  // rows under the lanes (two rows, alternating, so neighbours do not overwrite each other), a hover title.
  function drawChanges(changes, x, plotW, lanesBottom) {
    if (!changes.length) return;
    var layer = el('g', { 'class': 'config-changes' }, svg), shown = 0;
    for (var i = 0; i < changes.length; i++) {
      var c = changes[i], range = jvmLanes(c.jvm);
      if (!range || c.t < view.t0 || c.t > view.t1) continue;
      var px = x(c.t), y0 = laneY(range[0]), y1 = laneY(range[1]) + LANE_H;
      var g = el('g', { 'class': 'config-change', 'data-index': i, 'data-t': c.t, 'data-jvm': c.jvm }, layer);
      var tip = el('title', {}, g);
      tip.textContent = (data.jvms.length > 1 ? '#' + (c.jvm + 1) + ' ' : '') + c.title;
      el('line', { x1: px, x2: px, y1: y0, y2: lanesBottom + 2 + CHANGE_ROW_H * 2, 'class': 'change-hit' }, g);
      el('line', { x1: px, x2: px, y1: y0, y2: y1, 'class': 'change-line' }, g);
      var right = px > LABEL_W + plotW * 0.7;
      var cps = Array.from(c.label);
      var label = text(g, right ? px - 3 : px + 3, lanesBottom + 4 + CHANGE_ROW_H * (1 + shown % 2) - 3,
          cps.length > 48 ? cps.slice(0, 47).join('') + '…' : c.label, right ? 'end' : 'start');
      label.setAttribute('class', 'change-label');
      el('line', { x1: px, x2: px, y1: y1, y2: lanesBottom + 4 + CHANGE_ROW_H * (shown % 2), 'class': 'change-line' }, g);
      shown++;
    }
  }

  // Tooltips: the segment under the pointer (within 3 px; held over waiting over released where a group's members
  // overlap), or under the default bucketing the bucket's shares. Text only (textContent): names are untrusted.
  var STATE_LABELS = ['held', 'waiting', 'released for blocking'];
  var tipBox = document.getElementById('timeline-tip');
  function segmentAt(lane, t, slack) {
    var ld = laneData(lane), best = null;
    for (var m = 0; m < ld.segments.length; m++) for (var seg = ld.segments[m], k = 0; k < seg.length; k += 3) {
      var t0 = seg[k + 1], t1 = t0 + seg[k + 2];
      if (t1 < t - slack || t0 > t + slack) continue;
      var inside = t >= t0 && t <= t1, s = seg[k];
      var score = (inside ? 0 : 10) + s;
      if (!best || score < best.score) {
        var c = ld.causes[m], label = c && tl.causeLabels ? tl.causeLabels[c[k / 3]] : '';
        best = { score: score, state: s, start: t0, duration: seg[k + 2], thread: data.threads[ld.members[m]].name || '(unnamed)', cause: label };
      }
    }
    return best;
  }
  function tipText(lane, t, slack) {
    var row = rows[lane];
    if (tl.exact) {
      var seg = segmentAt(lane, t, slack);
      if (!seg) return null;
      var lines = [STATE_LABELS[seg.state], 'start +' + fmtNanos(seg.start), 'duration ' + fmtNanos(seg.duration)];
      if (seg.cause) lines.push(seg.cause);
      lines.push('thread ' + seg.thread);
      return lines.join('\n');
    }
    var b = laneData(lane).buckets, i = Math.min(b[0].length - 1, Math.max(0, Math.floor(t / tl.bucketNanos)));
    var parts = [];
    for (var s = 0; s < 3; s++) parts.push(STATE_LABELS[s] + ' ' + (b[s][i] / 10).toFixed(1) + '%');
    return 'from +' + fmtNanos(i * tl.bucketNanos) + ' for ' + fmtNanos(tl.bucketNanos) + ' (one bucket)\n' + parts.join(', ')
        + '\n' + laneName(row);
  }
  function showTip(ev) {
    if (!tipBox) return;
    var r = svg.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
    var lane = laneAt(py), plotW = r.width - LABEL_W - 10;
    if (drag || px < LABEL_W || px > LABEL_W + plotW || lane < 0 || lane >= rows.length) { tipBox.hidden = true; return; }
    var scale = plotW / (view.t1 - view.t0), t = view.t0 + (px - LABEL_W) / scale;
    var s = tipText(lane, t, 3 / scale);
    if (!s) { tipBox.hidden = true; return; }
    tipBox.textContent = s;
    tipBox.hidden = false;
    var host = svg.parentNode.getBoundingClientRect();
    tipBox.style.left = Math.min(ev.clientX - host.left + 14, host.width - 260) + 'px';
    tipBox.style.top = (ev.clientY - host.top + 14) + 'px';
  }

  function zoom(factor, centerFrac) {
    var span = view.t1 - view.t0, c = view.t0 + span * (centerFrac === undefined ? 0.5 : centerFrac);
    var ns = span * factor;
    view.t0 = c - (c - view.t0) * factor;
    view.t1 = view.t0 + ns;
    clampView();
    drawTimeline();
  }
  function pan(frac) {
    var span = view.t1 - view.t0;
    view.t0 += span * frac;
    view.t1 = view.t0 + span;
    clampView();
    drawTimeline();
  }
  function reset() { view.t0 = 0; view.t1 = tl.spanNanos; drawTimeline(); }

  if (svg && tl) {
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect(), plotW = r.width - LABEL_W - 10;
      var frac = Math.min(1, Math.max(0, (ev.clientX - r.left - LABEL_W) / plotW));
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, frac);
    }, { passive: false });
    var drag = null;
    svg.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, t0: view.t0 }; svg.classList.add('dragging'); });
    window.addEventListener('mousemove', function (ev) {
      if (!drag) return;
      var plotW = svg.getBoundingClientRect().width - LABEL_W - 10, span = view.t1 - view.t0;
      view.t0 = drag.t0 - (ev.clientX - drag.x) / plotW * span;
      view.t1 = view.t0 + span;
      clampView();
      drawTimeline();
    });
    window.addEventListener('mouseup', function () { drag = null; svg.classList.remove('dragging'); });
    svg.addEventListener('mousemove', showTip);
    svg.addEventListener('mouseleave', function () { if (tipBox) tipBox.hidden = true; });
    document.getElementById('zoom-in').addEventListener('click', function () { zoom(0.5); });
    document.getElementById('zoom-out').addEventListener('click', function () { zoom(2); });
    document.getElementById('pan-left').addEventListener('click', function () { pan(-0.25); });
    document.getElementById('pan-right').addEventListener('click', function () { pan(0.25); });
    document.getElementById('zoom-reset').addEventListener('click', reset);
    window.addEventListener('resize', drawTimeline);
  }
  // For tests and the console: the visible range in ns from the start of the recording.
  window.jgilTimeline = { range: function () { return [view.t0, view.t1]; }, zoom: zoom, pan: pan, reset: reset,
    // Page x offset (from the svg's left) and y offset of time t on lane i, for tests that hover a segment.
    pointOf: function (lane, t) {
      var plotW = svg.getBoundingClientRect().width - LABEL_W - 10;
      return [LABEL_W + (t - view.t0) * plotW / (view.t1 - view.t0), laneY(lane) + LANE_H / 2];
    } };

  // ---------------------------------------------------------------- percentile plots
  // x: percentile on a log scale of 1/(1-p) (HdrHistogram's plots), y: value on a log scale.
  function drawDistribution(id, dist, color) {
    var s = document.getElementById(id);
    if (!s) return;
    var W = 560, H = 300, L = 64, R = 14, T = 14, B = 40;
    s.setAttribute('width', W); s.setAttribute('height', H); s.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    if (!dist || !dist.count) { text(s, W / 2, H / 2, 'no timed events', 'middle'); return; }
    var MAXX = 6; // up to 99.9999%
    function px(p) { var v = p >= 100 ? MAXX : Math.min(MAXX, Math.log10(1 / (1 - p / 100))); return L + v / MAXX * (W - L - R); }
    var ymin = Math.max(1, dist.minNanos), ymax = Math.max(ymin * 10, dist.maxNanos);
    var l0 = Math.floor(Math.log10(ymin)), l1 = Math.ceil(Math.log10(ymax));
    function py(v) { return T + (1 - (Math.log10(Math.max(1, v)) - l0) / (l1 - l0)) * (H - T - B); }
    var ax = el('g', { 'class': 'axis' }, s);
    var ticks = [[0, '0%'], [50, '50%'], [90, '90%'], [99, '99%'], [99.9, '99.9%'], [99.99, '99.99%'], [99.999, '99.999%']];
    ticks.forEach(function (tk) {
      el('line', { x1: px(tk[0]), x2: px(tk[0]), y1: T, y2: H - B, 'class': 'grid' }, ax);
      text(ax, px(tk[0]), H - B + 14, tk[1], 'middle');
    });
    for (var e = l0; e <= l1; e++) {
      el('line', { x1: L, x2: W - R, y1: py(Math.pow(10, e)), y2: py(Math.pow(10, e)), 'class': 'grid' }, ax);
      text(ax, L - 4, py(Math.pow(10, e)) + 4, fmtNanos(Math.pow(10, e)), 'end');
    }
    text(ax, (L + W - R) / 2, H - 6, 'percentile', 'middle');
    var d = '';
    dist.curve.forEach(function (pt, i) { d += (i ? 'L' : 'M') + px(pt[0]).toFixed(1) + ' ' + py(pt[1]).toFixed(1); });
    el('path', { d: d, fill: 'none', stroke: color, 'stroke-width': 2, 'class': 'curve' }, s);
    var mx = el('circle', { cx: px(100), cy: py(dist.maxNanos), r: 3.5, fill: color }, s);
    el('title', {}, mx).textContent = 'max ' + fmtNanos(dist.maxNanos);
  }

  drawTimeline();
  drawDistribution('wait-dist', data.waitDistribution, '#f0ad4e');
  drawDistribution('hold-dist', data.holdDistribution, '#d9534f');
})();
