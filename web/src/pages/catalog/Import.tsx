import { type FormEvent, useState } from 'react';
import { canWriteSomewhere, catalogApi, type ImportReport, messageOf } from '../../api/catalog.ts';
import { CatalogTabs, Problem, useCatalogData } from './shared.tsx';

const OUTCOMES = ['created', 'updated', 'unchanged', 'skipped', 'error'] as const;

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
      <section>
        <h1>Catalog</h1>
        <CatalogTabs current="import" />
        <p className="muted">
          Importing needs a role that writes the catalog (admin, security or architect).
        </p>
      </section>
    );
  return (
    <section>
      <h1>Catalog</h1>
      <CatalogTabs current="import" />
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
      <Problem text={error} />
      {report && (
        <>
          <p aria-live="polite" data-testid="import-counts">
            {OUTCOMES.map((o) => `${report.counts[o] ?? 0} ${o}`).join(', ')}
          </p>
          <table className="findings catalog-table" aria-label="Import report">
            <thead>
              <tr>
                <th>Where</th>
                <th>Entity</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {report.entries.map((e) => (
                <tr key={`${e.file}:${e.line}:${e.kind}:${e.name}`} className={`outcome-${e.outcome}`}>
                  <td data-label="Where" className="mono">
                    {e.file}:{e.line}
                  </td>
                  <td data-label="Entity">
                    {e.kind} <strong>{e.name}</strong>
                  </td>
                  <td data-label="Outcome">
                    <span className={`badge outcome ${e.outcome}`}>{e.outcome}</span>
                    {e.message && (
                      <div className={e.outcome === 'error' ? 'error' : 'muted'}>{e.message}</div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
