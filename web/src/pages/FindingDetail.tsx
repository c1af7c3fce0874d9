import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { endOfDay } from '../api/waivers.ts';
import { api, errorMessage, type FindingDetail, type Me } from '../api.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';
import { FindingExceptions } from './FindingExceptions.tsx';
import { ErrorNote, ExpiryField } from './form-parts.tsx';

const WAIVABLE = new Set(['new', 'open', 'reopened']);

export function FindingDetailPage({ id, me }: { readonly id: string; readonly me: Me }) {
  const [finding, setFinding] = useState<FindingDetail | undefined>();
  const [error, setError] = useState('');

  const load = useCallback(() => {
    api.finding(id).then(setFinding, (err: unknown) => setError(errorMessage(err)));
  }, [id]);
  useEffect(load, [load]);

  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!finding) return <p className="loading">Loading…</p>;
  const frameworks = Object.entries(finding.frameworks);
  const standing = finding.exceptions.filter((e) => e.status === 'approved');

  return (
    <article className="detail">
      <p>
        <a href="#/findings">← All findings</a>
      </p>
      <h1>{finding.title}</h1>
      <p className="meta">
        <SeverityBadge severity={finding.severity} />{' '}
        <StatusBadge status={finding.status} overdue={finding.overdue} />{' '}
        <a
          className="mono"
          href={`#/rules/${encodeURIComponent(finding.ruleId)}`}
          title="Open in the rules catalog"
        >
          {finding.ruleId}
        </a>{' '}
        · {finding.serviceName} ·{' '}
        <span className="mono">
          {finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : '—'}
        </span>
      </p>
      {finding.message && <p>{finding.message}</p>}
      <h2>Why it matters</h2>
      <p>{finding.why ?? 'No explanation recorded for this rule.'}</p>
      <h2>How to fix</h2>
      <p className="prewrap">{finding.fix ?? 'No fix recorded for this rule.'}</p>
      {finding.references.length > 0 && (
        <>
          <h2>References</h2>
          <ul>
            {finding.references.map((r) => (
              <li key={r}>
                {/^https?:\/\//.test(r) ? (
                  <a href={r} rel="noreferrer noopener" target="_blank">
                    {r}
                  </a>
                ) : (
                  r
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {frameworks.length > 0 && (
        <>
          <h2>Frameworks</h2>
          <ul>
            {frameworks.map(([name, controls]) => (
              <li key={name}>
                <strong>{name}</strong>: {controls.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {standing.length > 0 && (
        <section className="exceptions" aria-label="Exceptions">
          <h2>Exception</h2>
          {standing.map((e) => (
            <p key={e.id}>
              {e.kind === 'waiver' ? 'Waived' : 'Risk accepted'} by {e.owner} until{' '}
              {e.expiresAt ? e.expiresAt.slice(0, 10) : 'no expiry'}: {e.reason}
            </p>
          ))}
        </section>
      )}
      <FindingExceptions
        findingId={finding.id}
        teamId={finding.teamId ?? ''}
        status={finding.status}
        me={me}
        onChanged={load}
      />
      {WAIVABLE.has(finding.status) && (me.permissions ?? []).includes('findings:waive') && (
        <WaiveForm id={finding.id} owner={me.email} onDone={load} />
      )}
    </article>
  );
}

function WaiveForm({
  id,
  owner,
  onDone,
}: {
  readonly id: string;
  readonly owner: string;
  readonly onDone: () => void;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const expiry = String(data.get('expiresAt') ?? '');
    setBusy(true);
    setError('');
    try {
      await api.waive(id, {
        reason: String(data.get('reason') ?? '').trim(),
        owner: String(data.get('owner') ?? '').trim() || owner,
        expiresAt: endOfDay(expiry),
      });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="waive" onSubmit={submit} aria-label="Waive">
      <h2>Waive this finding</h2>
      <label>
        Reason
        <textarea name="reason" required maxLength={2000} rows={3} />
      </label>
      <label>
        Owner
        <input name="owner" defaultValue={owner} maxLength={200} />
      </label>
      <ExpiryField />
      <button type="submit" disabled={busy}>
        {busy ? 'Waiving…' : 'Waive'}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
