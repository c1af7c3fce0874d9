/**
 * Alerts as CSV (RFC 4180: CRLF line ends, quoted fields when needed) for spreadsheets and SIEM
 * imports. Log values are attacker-controlled, so cells are guarded against formula injection.
 */
import type { Alert } from '../alert.ts';

const HEADER = ['level', 'rule_id', 'title', 'source', 'line', 'attack', 'tags', 'matched', 'dedup_key'];

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text
 * starting with = + - @ or a tab/CR gets a leading ' so a spreadsheet never evaluates it (the same
 * guard as the posture evidence CSV). Numbers we produce (line numbers) are left alone.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `matched` values are JSON; bigints (none today, but events are open-ended) become strings. */
function json(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function alertsCsv(alerts: readonly Alert[]): string {
  const lines = [HEADER.join(',')];
  for (const a of alerts) {
    const cells: Array<string | number | undefined> = [
      a.level ?? '',
      a.ruleId ?? '',
      a.title,
      a.event.source ?? '',
      a.event.line ?? '',
      a.attack.join(' '),
      a.tags.join(' '),
      json(a.matched),
      a.dedupKey,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
