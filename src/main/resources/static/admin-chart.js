// A small line chart drawn as SVG: one series over the last few minutes, its scale from zero to a
// round number above the highest value. Hand-written (about 100 lines) rather than a charting
// library: four charts of one series each need no more, and the page stays free of vendored code.
const NS = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 150;
const PLOT = { left: 46, right: 312, top: 12, bottom: 124 };

function el(name, attributes, text) {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above the value (so the axis reads in round numbers). */
export function niceCeiling(value) {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) {
      return step * power;
    }
  }
  return 10 * power;
}

/** Runs of consecutive samples that have a value (a missing one breaks the line). */
function runs(points) {
  const all = [];
  let current = [];
  for (const point of points) {
    if (point.y === null || point.y === undefined) {
      if (current.length) {
        all.push(current);
      }
      current = [];
    } else {
      current.push(point);
    }
  }
  if (current.length) {
    all.push(current);
  }
  return all;
}

/**
 * Draws samples [{t (ms), y (number or null)}] into the svg, from max(first sample, now - windowMs)
 * to now, and says the latest and highest values in its accessible name.
 */
export function drawChart(svg, samples, { now, windowMs, label, format, clock }) {
  const from = Math.max(samples.length ? samples[0].t : now, now - windowMs);
  const span = Math.max(now - from, 1000);
  const shown = samples.filter((s) => s.t >= from);
  const values = shown.map((s) => s.y).filter((y) => y !== null && y !== undefined);
  const top = niceCeiling(Math.max(0, ...values));
  const x = (t) => PLOT.left + ((t - from) / span) * (PLOT.right - PLOT.left);
  const y = (v) => PLOT.bottom - (v / top) * (PLOT.bottom - PLOT.top);

  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const nodes = [];
  for (const v of [0, top / 2, top]) {
    nodes.push(el('line', { class: 'grid', x1: PLOT.left, x2: PLOT.right, y1: y(v), y2: y(v) }));
    nodes.push(el('text', { class: 'tick', x: PLOT.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  nodes.push(el('text', { class: 'tick', x: PLOT.left, y: H - 8, 'text-anchor': 'start' }, clock(from)));
  nodes.push(el('text', { class: 'tick', x: PLOT.right, y: H - 8, 'text-anchor': 'end' }, 'now'));
  for (const run of runs(shown.map((s) => ({ x: x(s.t), y: s.y === null || s.y === undefined ? null : y(s.y) })))) {
    const line = run.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    if (run.length > 1) {
      const area = `${run[0].x.toFixed(1)},${PLOT.bottom} ${line} ${run[run.length - 1].x.toFixed(1)},${PLOT.bottom}`;
      nodes.push(el('polygon', { class: 'area', points: area }));
    }
    nodes.push(el('polyline', { class: 'series', points: line }));
    if (run.length === 1) {
      nodes.push(el('circle', { class: 'dot', cx: run[0].x, cy: run[0].y, r: 2.5 }));
    }
  }
  svg.replaceChildren(...nodes);
  svg.dataset.samples = String(shown.length);

  const latest = shown.length ? shown[shown.length - 1].y : null;
  const latestText = latest === null || latest === undefined ? 'not measured yet' : format(latest);
  const highest = values.length ? format(Math.max(...values)) : 'none';
  svg.setAttribute('aria-label', `${label}: ${latestText} now; highest ${highest} since ${clock(from)}`);
}
