// A small bar chart as inline SVG (no library): one bar per item, negative values below the zero line.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** `items`: `{ label, value, text }` (text: the value as shown). `title` is the chart's accessible name. */
export function barChart(title, items) {
  const width = 640;
  const height = 220;
  const pad = { top: 16, bottom: 40, side: 8 };
  const max = Math.max(0, ...items.map((i) => i.value));
  const min = Math.min(0, ...items.map((i) => i.value));
  const span = max - min || 1;
  const plot = height - pad.top - pad.bottom;
  const y = (value) => pad.top + ((max - value) / span) * plot;
  const slot = (width - 2 * pad.side) / Math.max(items.length, 1);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    role: 'img',
    'aria-label': title,
  });
  chart.append(svg('title', {}, title));
  chart.append(svg('line', { x1: pad.side, x2: width - pad.side, y1: y(0), y2: y(0), stroke: '#4b5563' }));
  items.forEach((item, index) => {
    const x = pad.side + index * slot + slot * 0.15;
    const top = Math.min(y(item.value), y(0));
    const bar = svg('rect', {
      x,
      y: top,
      width: slot * 0.7,
      height: Math.max(1, Math.abs(y(item.value) - y(0))),
      fill: item.value < 0 ? '#b91c1c' : '#1d4ed8',
    });
    bar.append(svg('title', {}, `${item.label}: ${item.text}`));
    chart.append(bar);
    if (items.length <= 16)
      chart.append(
        svg(
          'text',
          { x: x + slot * 0.35, y: height - 22, 'text-anchor': 'middle', 'font-size': 11, fill: '#111827' },
          item.label.slice(5),
        ),
      );
  });
  return chart;
}
