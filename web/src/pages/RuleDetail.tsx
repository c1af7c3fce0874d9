import { useEffect, useState } from 'react';
import { postureApi, type Rule } from '../api/posture.ts';
import { errorMessage } from '../api.ts';
import { SeverityBadge } from './badges.tsx';
import { hashLink } from './hash-query.ts';

function Reference({ value }: { readonly value: string }) {
  return /^https?:\/\//.test(value) ? (
    <a href={value} rel="noreferrer noopener" target="_blank">
      {value}
    </a>
  ) : (
    value
  );
}

/** One built-in rule: why, fix, references, framework controls (education, docs/ui.md). */
export function RuleDetailPage({ id }: { readonly id: string }) {
  const [rule, setRule] = useState<Rule | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    setRule(undefined);
    setError('');
    postureApi.rule(id).then(
      (r) => live && setRule(r),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const back = (
    <p>
      <a href="#/rules">← Rules catalog</a>
    </p>
  );
  if (error)
    return (
      <article className="detail">
        {back}
        <p className="error" role="alert">
          {error}
        </p>
      </article>
    );
  if (!rule) return <p className="loading">Loading…</p>;
  const frameworks = Object.entries(rule.frameworks);

  return (
    <article className="detail rule-detail">
      {back}
      <h1>{rule.title}</h1>
      <p className="meta">
        <SeverityBadge severity={rule.severity} /> <span className="badge kind">{rule.kind}</span>{' '}
        <span className="mono">{rule.id}</span>
        {rule.input && <span> · input {rule.input}</span>}
      </p>
      {rule.description && rule.description !== rule.why && <p className="prewrap">{rule.description}</p>}
      <h2>Why it matters</h2>
      <p className="prewrap">{rule.why || 'No explanation recorded for this rule.'}</p>
      {rule.kind === 'sigma' ? (
        <>
          <h2>Log source</h2>
          <p className="mono">
            {Object.entries(rule.logsource ?? {})
              .map(([k, v]) => `${k}: ${v}`)
              .join(' · ') || 'any'}
          </p>
          {(rule.falsePositives?.length ?? 0) > 0 && (
            <>
              <h2>Known false positives</h2>
              <ul>
                {rule.falsePositives?.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </>
          )}
          {(rule.attack?.length ?? 0) > 0 && (
            <>
              <h2>MITRE ATT&amp;CK</h2>
              <p className="mono">{rule.attack?.join(', ')}</p>
            </>
          )}
        </>
      ) : (
        <>
          <h2>How to fix</h2>
          <p className="prewrap">{rule.fix || 'No fix recorded for this rule.'}</p>
        </>
      )}
      {rule.references.length > 0 && (
        <>
          <h2>References</h2>
          <ul className="refs">
            {rule.references.map((r) => (
              <li key={r}>
                <Reference value={r} />
              </li>
            ))}
          </ul>
        </>
      )}
      {frameworks.length > 0 && (
        <>
          <h2>Framework controls</h2>
          <ul>
            {frameworks.map(([name, controls]) => (
              <li key={name}>
                <a href={`#/frameworks/${encodeURIComponent(name)}`}>{name}</a>: {controls.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {rule.tags.length > 0 && (
        <p className="muted">
          Tags:{' '}
          {rule.tags.map((t, i) => (
            <span key={t}>
              {i > 0 && ', '}
              <a href={hashLink('rules', { q: t })}>{t}</a>
            </span>
          ))}
        </p>
      )}
      {rule.kind !== 'sigma' && (
        // Sigma rules raise alerts from logs (rampart detect), not findings.
        <p>
          <a href={hashLink('findings', { rule: rule.id, status: 'new,open,reopened' })}>
            Open findings of this rule →
          </a>
        </p>
      )}
    </article>
  );
}
