import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { dayFromNow, type ExceptionRequest, endOfDay, waiversApi } from '../api/waivers.ts';
import type { Me } from '../api.ts';
import { errorMessage } from '../api.ts';
import { ErrorNote, ExpiryField } from './form-parts.tsx';

interface Grant {
  readonly role: string;
  readonly teamId: string | null;
}

const can = (me: Me, permission: string) => (me.permissions ?? []).includes(permission);

/** True when `me` is a risk owner for `teamId` (or everywhere): only they may accept risk. */
export function isRiskOwner(me: Me & { readonly grants?: readonly Grant[] }, teamId: string): boolean {
  return (me.grants ?? []).some((g) => g.role === 'risk-owner' && (g.teamId === null || g.teamId === teamId));
}

/**
 * A finding's exception requests (state and decisions), the request form for those who may ask,
 * and risk acceptance for the team's risk owner. Direct waivers stay in FindingDetail's form.
 */
export function FindingExceptions({
  findingId,
  teamId,
  status,
  me,
  onChanged,
}: {
  readonly findingId: string;
  readonly teamId: string;
  readonly status: string;
  readonly me: Me & { readonly grants?: readonly Grant[] };
  readonly onChanged: () => void;
}) {
  const [requests, setRequests] = useState<readonly ExceptionRequest[]>([]);
  const [error, setError] = useState('');
  const load = useCallback(() => {
    waiversApi.ofFinding(findingId).then(
      (page) => setRequests(page.items),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [findingId]);
  useEffect(load, [load]);
  const changed = () => {
    load();
    onChanged();
  };
  const pending = requests.some((r) => r.status === 'pending');
  const open = status !== 'fixed';

  return (
    <>
      {requests.length > 0 && (
        <section className="request-history" aria-label="Exception requests">
          <h2>Exception requests</h2>
          <ul>
            {requests.map((r) => (
              <li key={r.id} data-request-id={r.id}>
                <span className={`badge req-${r.status}`}>{r.status}</span>{' '}
                {r.kind === 'waiver' ? 'Waiver' : 'Risk acceptance'} requested by{' '}
                <span className="mono">{r.requestedBy}</span> on {r.requestedAt.slice(0, 10)} until{' '}
                {r.expiresAt ? r.expiresAt.slice(0, 10) : 'no expiry'}: {r.reason}
                {r.decidedBy && (
                  <>
                    {' '}
                    — {r.status} by <span className="mono">{r.decidedBy}</span>
                    {r.decisionNote && `: ${r.decisionNote}`}
                  </>
                )}
                {r.status === 'pending' && r.canDecide && (
                  <>
                    {' '}
                    <a href="#/approvals">Decide in Approvals</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ErrorNote error={error} />
      {open && !pending && can(me, 'findings:request-exception') && !can(me, 'findings:waive') && (
        <RequestForm findingId={findingId} kinds={['waiver', 'risk-acceptance']} onDone={changed} />
      )}
      {open &&
        !pending &&
        can(me, 'findings:request-exception') &&
        can(me, 'findings:waive') &&
        !isRiskOwner(me, teamId) && (
          // Reviewers waive directly (the form below); risk acceptance still needs the risk owner.
          <RiskRequestToggle findingId={findingId} onDone={changed} />
        )}
      {open && can(me, 'findings:accept-risk') && isRiskOwner(me, teamId) && (
        <AcceptRiskForm findingId={findingId} onDone={changed} />
      )}
    </>
  );
}

function useSubmit(work: (data: FormData) => Promise<unknown>, onDone: () => void) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError('');
    try {
      await work(new FormData(form));
      form.reset();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}

type Kind = 'waiver' | 'risk-acceptance';

/** Rendered only on demand, so the page has one reason field unless the caller asks for a second. */
function RiskRequestToggle({
  findingId,
  onDone,
}: {
  readonly findingId: string;
  readonly onDone: () => void;
}) {
  const [shown, setShown] = useState(false);
  if (!shown)
    return (
      <p>
        <button type="button" className="secondary" onClick={() => setShown(true)}>
          Ask the risk owner to accept the risk…
        </button>
      </p>
    );
  return <RequestForm findingId={findingId} kinds={['risk-acceptance']} onDone={onDone} />;
}

function RequestForm({
  findingId,
  kinds,
  onDone,
}: {
  readonly findingId: string;
  readonly kinds: readonly Kind[];
  readonly onDone: () => void;
}) {
  const [kind, setKind] = useState<Kind>(kinds[0] ?? 'waiver');
  const { submit, error, busy } = useSubmit((data) => {
    const expiry = String(data.get('expiresAt') ?? '');
    return waiversApi.request(findingId, {
      kind,
      reason: String(data.get('reason') ?? '').trim(),
      ...(expiry ? { expiresAt: endOfDay(expiry) } : {}),
    });
  }, onDone);
  return (
    <form className="waive" onSubmit={submit} aria-label="Request an exception">
      <h2>{kinds.length > 1 ? 'Request an exception' : 'Request risk acceptance'}</h2>
      <p className="muted">
        A reviewer decides: security for waivers, the team's risk owner for risk acceptance.
      </p>
      <label>
        Kind
        <select
          name="kind"
          value={kind}
          onChange={(e) =>
            setKind(e.currentTarget.value === 'risk-acceptance' ? 'risk-acceptance' : 'waiver')
          }
        >
          <option value="waiver">Waiver (temporary)</option>
          <option value="risk-acceptance">Risk acceptance</option>
        </select>
      </label>
      <label>
        Reason
        <textarea name="reason" required maxLength={2000} rows={3} />
      </label>
      <ExpiryField required={kind === 'waiver'} />
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Request'}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

function AcceptRiskForm({ findingId, onDone }: { readonly findingId: string; readonly onDone: () => void }) {
  const { submit, error, busy } = useSubmit((data) => {
    const expiry = String(data.get('expiresAt') ?? '');
    return waiversApi.acceptRisk(findingId, {
      reason: String(data.get('reason') ?? '').trim(),
      ...(expiry ? { expiresAt: endOfDay(expiry) } : {}),
    });
  }, onDone);
  return (
    <form className="waive" onSubmit={submit} aria-label="Accept risk">
      <h2>Accept the risk</h2>
      <p className="muted">As this team's risk owner, you own the accepted risk.</p>
      <label>
        Reason
        <textarea name="reason" required maxLength={2000} rows={3} />
      </label>
      <label>
        Review by (optional)
        <input name="expiresAt" type="date" min={dayFromNow(1)} max={dayFromNow(365)} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Accepting…' : 'Accept risk'}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
