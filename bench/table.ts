import type { BenchRow } from './measure.js';

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  /** a second table of its own columns under the first (e.g. costs that are not latencies) */
  extraTable?: { header: string[]; rows: string[][] };
  /** a line under the table: how the figures were taken */
  footnote?: string;
}

/** 0.000123 ms → "123 ns", 0.0123 → "12.3 µs", 12.3 → "12.3 ms". Three significant digits. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0.001) return `${significant(ms * 1e6)} ns`;
  if (ms < 1) return `${significant(ms * 1e3)} µs`;
  if (ms < 1000) return `${significant(ms)} ms`;
  return `${significant(ms / 1000)} s`;
}

function significant(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatRate(perSecond: number | undefined, unit: string | undefined): string {
  if (perSecond === undefined || !Number.isFinite(perSecond)) return '';
  const rounded = perSecond >= 100 ? Math.round(perSecond) : Number(perSecond.toFixed(1));
  return `${rounded.toLocaleString('en-US')} ${unit ?? '/s'}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderSection(section: BenchSection): string {
  const withNotes = section.rows.some((row) => row.note);
  const header = ['benchmark', 'count', 'mean', 'p50', 'p95', 'p99', 'max', 'throughput'];
  if (withNotes) header.push('note');
  const align = header.map((_, i) => (i === 0 || i === 8 ? ':--' : '--:'));
  // a section of figures that are not latencies (a batch's wall time, peak RSS) has only its own table
  const lines =
    section.rows.length === 0 && section.extraTable
      ? [`### ${section.title}`]
      : [`### ${section.title}`, '', `| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`];
  for (const row of section.rows) {
    const cells = [
      escapeCell(row.name),
      row.count.toLocaleString('en-US'),
      formatDuration(row.meanMs),
      formatDuration(row.p50Ms),
      formatDuration(row.p95Ms),
      formatDuration(row.p99Ms),
      formatDuration(row.maxMs),
      formatRate(row.perSecond, row.rateUnit),
    ];
    if (withNotes) cells.push(escapeCell(row.note ?? ''));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (section.extraTable) {
    const { header: extraHeader, rows: extraRows } = section.extraTable;
    lines.push('', `| ${extraHeader.map(escapeCell).join(' | ')} |`);
    lines.push(`| ${extraHeader.map((_, i) => (i === 0 ? ':--' : '--:')).join(' | ')} |`);
    for (const row of extraRows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
  }
  if (section.footnote) lines.push('', section.footnote);
  return lines.join('\n');
}
