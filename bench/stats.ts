/* Percentiles and the text table the harness prints. */

export interface Latency {
  n: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function latency(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    median: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}

export function ms(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  if (x >= 100) return `${x.toFixed(0)} ms`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(2)} ms`;
}

export function bytes(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (x >= 1024 * 1024 * 1024) return `${(x / 1024 ** 3).toFixed(2)} GiB`;
  if (x >= 1024 * 1024) return `${(x / 1024 ** 2).toFixed(1)} MiB`;
  if (x >= 1024) return `${(x / 1024).toFixed(1)} KiB`;
  return `${Math.round(x)} B`;
}

export function num(x: number | undefined, digits = 0): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  return x.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** "official / portolan" as a speed-up factor, or "—". */
export function ratio(
  official: number | undefined,
  portolan: number | undefined,
): string {
  if (
    official === undefined ||
    portolan === undefined ||
    Number.isNaN(official) ||
    Number.isNaN(portolan)
  )
    return '—';
  if (portolan === 0) return official === 0 ? '=' : '∞';
  const r = official / portolan;
  return r >= 100
    ? `${r.toFixed(0)}×`
    : r >= 10
    ? `${r.toFixed(1)}×`
    : `${r.toFixed(2)}×`;
}

/** A plain text table: first row is the header; columns padded, first left-aligned. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}
