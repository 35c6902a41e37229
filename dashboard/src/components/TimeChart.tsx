/**
 * A time chart on uPlot, with vertical markers (model releases, detection, actions) and, for
 * keyboard and screen-reader users, the same data as a table.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber, formatTime } from '../format.ts';

export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
  fill?: boolean;
  /** Hold each value until the next one (scores change at verdicts, not in between). */
  stepped?: boolean;
}

export interface ChartMarker {
  /** ms since epoch */
  at: number;
  label: string;
  color: string;
}

export interface TimeChartProps {
  /** Bucket starts, ms since epoch. */
  times: number[];
  series: ChartSeries[];
  markers?: ChartMarker[];
  title: string;
  /** One sentence for screen readers: what the chart shows. */
  description: string;
  height?: number;
  yRange?: [number, number];
  /** Label of the value column(s) in the data table. */
  valueFormat?: (n: number) => string;
}

function markerPlugin(markers: ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [(u: uPlot) => {
        const ctx = u.ctx;
        const ratio = uPlot.pxRatio;
        markers.forEach((marker, i) => {
          const x = Math.round(u.valToPos(marker.at / 1000, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
          ctx.save();
          ctx.strokeStyle = marker.color;
          ctx.fillStyle = marker.color;
          ctx.lineWidth = 1.5 * ratio;
          ctx.setLineDash([5 * ratio, 4 * ratio]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.font = `${11 * ratio}px system-ui, sans-serif`;
          const text = marker.label;
          const width = ctx.measureText(text).width;
          const left = x + 4 * ratio + width > u.bbox.left + u.bbox.width ? x - 4 * ratio - width : x + 4 * ratio;
          ctx.fillText(text, left, u.bbox.top + (12 + 13 * (i % 4)) * ratio);
          ctx.restore();
        });
      }],
    },
  };
}

export function TimeChart({ times, series, markers = [], title, description, height = 240, yRange, valueFormat = formatNumber }: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const options: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, ...(yRange ? { y: { range: yRange } } : {}) },
      series: [
        { label: 'time (UTC)' },
        ...series.map((s): uPlot.Series => ({
          label: s.label, stroke: s.color, width: 2, ...(s.fill ? { fill: `${s.color}22` } : {}),
          ...(s.stepped ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
          points: { show: times.length < 40 },
        })),
      ],
      axes: [{}, { size: 60 }],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      plugins: [markerPlugin(markers)],
    };
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values)];
    const plot = new uPlot(options, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, markers, height]);

  const rows = times.map((t, i) => ({ t, values: series.map((s) => s.values[i] ?? 0) })).filter((row) => row.values.some((v) => v !== 0));
  return (
    <figure class="chart" aria-label={title}>
      <figcaption><strong>{title}</strong> <span class="muted">{description}</span></figcaption>
      <div ref={container} class="chart-canvas" aria-hidden="true" />
      {markers.length > 0 ? (
        <ul class="markers" aria-label="Marked events">
          {markers.map((m, i) => <li key={i}><span class="marker-swatch" style={{ background: m.color }} aria-hidden="true" />{m.label} <span class="muted">{formatTime(new Date(m.at).toISOString())}</span></li>)}
        </ul>
      ) : null}
      <details class="chart-table">
        <summary>{title} as a table ({rows.length} non-empty {rows.length === 1 ? 'interval' : 'intervals'})</summary>
        <table class="data">
          <thead><tr><th scope="col">From (UTC)</th>{series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}</tr></thead>
          <tbody>{rows.map((row) => <tr key={row.t}><td>{formatTime(new Date(row.t).toISOString())}</td>{row.values.map((v, i) => <td key={i}>{valueFormat(v)}</td>)}</tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}
