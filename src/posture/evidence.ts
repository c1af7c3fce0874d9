/** One row of a framework evidence export: a control, a rule mapped to it, and a service's result. */
export interface EvidenceRow {
  readonly framework: string;
  readonly control: string;
  readonly ruleId: string;
  readonly ruleTitle: string;
  readonly service: string;
  readonly teamId: string;
  readonly result: 'pass' | 'fail' | 'excepted';
  readonly activeFindings: number;
  readonly exceptedFindings: number;
  readonly lastEvaluatedAt: string;
}

const COLUMNS: ReadonlyArray<[keyof EvidenceRow, string]> = [
  ['framework', 'framework'],
  ['control', 'control'],
  ['ruleId', 'rule_id'],
  ['ruleTitle', 'rule_title'],
  ['service', 'service'],
  ['teamId', 'team_id'],
  ['result', 'result'],
  ['activeFindings', 'active_findings'],
  ['exceptedFindings', 'excepted_findings'],
  ['lastEvaluatedAt', 'last_evaluated_at'],
];

/**
 * RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text starting
 * with = + - @ or a tab/CR is prefixed with ' so a spreadsheet never runs it as a formula (rule
 * titles and service names come from uploads, i.e. from outside).
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV with a header line, CRLF line ends (RFC 4180). */
export function evidenceCsv(rows: readonly EvidenceRow[]): string {
  const lines = [COLUMNS.map(([, name]) => name).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([key]) => csvField(row[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
