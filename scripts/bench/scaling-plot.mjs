// The scaling plot of the benchmark (issue 16): time against pack size, one line per series, as a
// small self-contained SVG (no dependencies). Two panels side by side: the staged check (one line
// per number of staged files, served and alone) and the whole-tree check (cold, with its floor).

const W = 360;
const H = 240;
const PAD = { left: 56, right: 12, top: 28, bottom: 40 };
/** Room under the panels for the legends: one line per series. */
const LEGEND_LINE = 13;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#555555'];

const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" upper bound and tick step for values up to `max`. */
function ticks(max) {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * One panel at (`x0`, 0): `series` = [{ label, points: [[x, y], ...], dashed? }], x values spread
 * evenly by their rank (pack sizes 0, 50, 100, 300 would crowd on a linear axis).
 */
function panel(x0, title, xs, series, yLabel) {
  const out = [];
  const max = Math.max(...series.flatMap((s) => s.points.map(([, y]) => y)), 1);
  const { top, step } = ticks(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const px = (x) => x0 + PAD.left + (xs.length === 1 ? plotW / 2 : (xs.indexOf(x) / (xs.length - 1)) * plotW);
  const py = (y) => PAD.top + plotH - (y / top) * plotH;
  out.push(`<text x="${x0 + W / 2}" y="16" text-anchor="middle" font-size="12" font-weight="bold">${esc(title)}</text>`);
  for (let y = 0; y <= top + 1e-9; y += step) {
    out.push(`<line x1="${x0 + PAD.left}" x2="${x0 + W - PAD.right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`);
    out.push(`<text x="${x0 + PAD.left - 4}" y="${py(y) + 4}" text-anchor="end" font-size="10">${Math.round(y)}</text>`);
  }
  for (const x of xs) out.push(`<text x="${px(x)}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${esc(x)}</text>`);
  out.push(`<text x="${x0 + PAD.left + plotW / 2}" y="${H - 8}" text-anchor="middle" font-size="10">rules beside the starter pack</text>`);
  out.push(`<text transform="translate(${x0 + 12},${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="10">${esc(yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const d = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    // The legend under the panel: a short line in the series' style, then its label.
    const ly = H + 8 + i * LEGEND_LINE;
    out.push(`<line x1="${x0 + PAD.left}" x2="${x0 + PAD.left + 22}" y1="${ly - 3}" y2="${ly - 3}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/>`);
    out.push(`<text x="${x0 + PAD.left + 28}" y="${ly}" font-size="10">${esc(s.label)}</text>`);
  });
  return out.join('\n');
}

/** The SVG text: `left` and `right` are { title, series, yLabel }; `xs` the pack sizes. */
export function scalingSvg(xs, left, right, caption) {
  const height = H + 16 + Math.max(left.series.length, right.series.length) * LEGEND_LINE;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${height}" viewBox="0 0 ${2 * W} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(0, left.title, xs, left.series, left.yLabel),
    panel(W, right.title, xs, right.series, right.yLabel),
    `<text x="${W}" y="${height - 4}" text-anchor="middle" font-size="9" fill="#555">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
