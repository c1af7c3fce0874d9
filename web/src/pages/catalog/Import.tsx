import { type FormEvent, useState } from 'react';
import {
  canWriteSomewhere,
  catalogApi,
  type ImportEntry,
  type ImportReport,
  messageOf,
} from '../../api/catalog.ts';
import { ErrorNote } from '../form-parts.tsx';
import { CatalogTable, type Column } from './fields.tsx';
import { CatalogPage, useCatalogData } from './shared.tsx';

const OUTCOMES = ['created', 'updated', 'unchanged', 'skipped', 'error'] as const;

const REPORT_COLUMNS: readonly Column<ImportEntry>[] = [
  { header: 'Where', cell: (e) => `${e.file}:${e.line}`, className: 'mono' },
  {
    header: 'Entity',
    cell: (e) => (
      <>
        {e.kind} <strong>{e.name}</strong>
      </>
    ),
  },
  {
    header: 'Outcome',
    cell: (e) => (
      <>
        <span className={`badge outcome ${e.outcome}`}>{e.outcome}</span>
        {e.message && <div className={e.outcome === 'error' ? 'error' : 'muted'}>{e.message}</div>}
      </>
    ),
  },
];

/** `#/catalog/import`: paste or upload a Backstage catalog-info.yaml; the report lists file:line per entity. */
export function CatalogImportPage() {
  const { data } = useCatalogData();
  const [text, setText] = useState('');
  const [file, setFile] = useState('catalog-info.yaml');
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    setReport(undefined);
    try {
      setReport(await catalogApi.importYaml(file, text));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const pick = async (files: FileList | null) => {
    const chosen = files?.[0];
    if (!chosen) return;
    setFile(chosen.name);
    setText(await chosen.text());
  };

  if (data && !canWriteSomewhere(data.caller))
    return (
      <CatalogPage current="import">
        <p className="muted">
          Importing needs a role that writes the catalog (admin, security or architect).
        </p>
      </CatalogPage>
    );
  return (
    <CatalogPage current="import">
      <form className="catalog-form wide" aria-label="Import a Backstage catalog" onSubmit={submit}>
        <p className="muted">
          Group → team, User → person, System → system, Component → service (docs/catalog.md). Re-importing is
          safe: unchanged entities are reported as such.
        </p>
        <label>
          Upload a catalog-info.yaml
          <input
            type="file"
            accept=".yaml,.yml,application/yaml,text/yaml"
            onChange={(e) => pick(e.target.files)}
          />
        </label>
        <label>
          Paste YAML
          <textarea
            name="yaml"
            rows={14}
            required
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments'}
            spellCheck={false}
          />
        </label>
        <div className="form-actions">
          <button type="submit" disabled={busy || text.trim() === ''}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
      {report && (
        <>
          <p aria-live="polite" data-testid="import-counts">
            {OUTCOMES.map((o) => `${report.counts[o] ?? 0} ${o}`).join(', ')}
          </p>
          <CatalogTable
            label="Import report"
            rows={report.entries}
            columns={REPORT_COLUMNS}
            rowKey={(e) => `${e.file}:${e.line}:${e.kind}:${e.name}`}
            rowProps={(e) => ({ className: `outcome-${e.outcome}` })}
            empty="The file holds no catalog entities."
          />
        </>
      )}
    </CatalogPage>
  );
}
