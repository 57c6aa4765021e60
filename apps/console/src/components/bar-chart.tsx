import { Text, useComputedColorScheme } from '@mantine/core';

export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
}

/**
 * A small SVG bar chart (grouped series over labelled buckets). Screen readers get a table of the same numbers,
 * since an SVG's bars say nothing by themselves.
 */
export function BarChart({ title, labels, series, testId }: { title: string; labels: string[]; series: ChartSeries[]; testId?: string }) {
  const scheme = useComputedColorScheme('light');
  const width = 640;
  const height = 180;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = width / Math.max(1, labels.length);
  const bar = Math.max(1, (slot * 0.8) / Math.max(1, series.length));
  const axis = scheme === 'dark' ? '#888' : '#666';
  const total = series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
  return (
    <figure style={{ margin: 0 }} data-testid={testId} data-total={total}>
      <figcaption>
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {series.map((s) => (
            <span key={s.name} style={{ marginRight: 12 }}>
              <span style={{ display: 'inline-block', width: 10, height: 10, background: s.color, marginRight: 4 }} />
              {s.name}
            </span>
          ))}
          max {max}
        </Text>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height + 20}`} width="100%" height={220} role="img" aria-label={`${title}: total ${total}`}>
        <line x1={0} y1={height} x2={width} y2={height} stroke={axis} />
        {labels.map((label, i) =>
          series.map((s, j) => {
            const v = s.values[i] ?? 0;
            const h = (v / max) * (height - 10);
            return (
              <rect key={`${label}-${s.name}`} x={i * slot + slot * 0.1 + j * bar} y={height - h} width={bar} height={h} fill={s.color}>
                <title>{`${label} ${s.name}: ${v}`}</title>
              </rect>
            );
          }),
        )}
        {labels.map((label, i) =>
          labels.length <= 12 || i % Math.ceil(labels.length / 12) === 0 ? (
            <text key={label} x={i * slot + slot / 2} y={height + 14} fontSize={10} textAnchor="middle" fill={axis}>
              {label}
            </text>
          ) : null,
        )}
      </svg>
      <table style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th>Bucket</th>
            {series.map((s) => (
              <th key={s.name}>{s.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => (
            <tr key={label}>
              <td>{label}</td>
              {series.map((s) => (
                <td key={s.name}>{s.values[i] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
