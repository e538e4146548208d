// Charts (Apache ECharts, drawn as SVG) and their downloads as SVG and PNG.
//   <Chart option={…} label="What the chart shows" name="file-name-without-extension" />
// ECharts is loaded on first use, in a chunk of its own. The chart is an image to screen
// readers (role="img" with the label); the table beside it holds the figures.

import { useEffect, useRef, useState } from 'preact/hooks';
import { saveFile } from './ui.jsx';

let loading = null;
function loadECharts() {
  if (!loading) loading = import('./echarts-setup.js').then((m) => m.echarts);
  return loading;
}

const FONT = 'Noto Sans, system-ui, sans-serif';
/* The UI's palette: navy, saffron, green, and quieter companions. */
export const PALETTE = ['#1d3557', '#e07a1f', '#2a7d46', '#7b4fa0', '#c23b3b', '#2f7fb3', '#8c6d1f', '#5c6b78',
  '#b5577f', '#3f9b8f', '#a0522d', '#4a4a8a'];

function withDefaults(option) {
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    animation: false,
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    ...option,
  };
}


export function Chart({ option, label, name, height = 360 }) {
  const box = useRef(null);
  const chart = useRef(null);
  const [error, setError] = useState(null);
  const latest = useRef(option);
  latest.current = option;          /* the option when ECharts has loaded, not when it was asked for */
  useEffect(() => {
    let live = true;
    let observer = null;
    loadECharts().then((echarts) => {
      if (!live || !box.current) return;
      chart.current = echarts.init(box.current, null, { renderer: 'svg' });
      chart.current.setOption(withDefaults(latest.current), true);
      observer = new ResizeObserver(() => chart.current && chart.current.resize());
      observer.observe(box.current);
    }, (e) => live && setError(e));
    return () => {
      live = false;
      if (observer) observer.disconnect();
      if (chart.current) { chart.current.dispose(); chart.current = null; }
    };
  }, []);
  useEffect(() => {
    if (chart.current) chart.current.setOption(withDefaults(option), true);
  }, [option]);

  /* The downloads are drawn again off screen at a fixed size (1200 × 640), whatever the
     screen's width: SVG with the SVG renderer, PNG on a canvas at twice the pixels, on white. */
  async function drawn(renderer, take) {
    const echarts = await loadECharts();
    const div = document.createElement('div');
    div.className = 'chart-offscreen';
    document.body.appendChild(div);
    const c = echarts.init(div, null, { renderer, width: 1200, height: 640 });
    try {
      c.setOption(withDefaults(option));
      return take(c);
    } finally {
      c.dispose();
      div.remove();
    }
  }
  async function svg() {
    const text = await drawn('svg', (c) => c.renderToSVGString());
    saveFile(URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' })), `${name}.svg`);
  }
  async function png() {
    saveFile(await drawn('canvas', (c) => c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' })), `${name}.png`);
  }

  if (error) return <p class="muted">The chart could not be drawn ({error.message}); the table below holds the figures.</p>;
  return (
    <figure class="chart">
      <div role="img" aria-label={label}>
        <div class="chart-box" ref={box} style={{ height: `${height}px` }} />
      </div>
      <figcaption class="downloads">
        <span class="downloads-label">Download the chart:</span>
        <button type="button" class="link-button" onClick={png}>PNG</button>
        <button type="button" class="link-button" onClick={svg}>SVG</button>
      </figcaption>
    </figure>
  );
}
