import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type ApiToken, type ServiceSummary, tokensApi } from '../api/tokens.ts';
import type { Me } from '../api.ts';
import { errorMessage } from '../api.ts';
import { ErrorNote } from './form-parts.tsx';

/** What a CI upload token needs; preselected in the form. */
const UPLOAD_SCOPE = 'findings:upload';

interface Grant {
  readonly role: string;
  readonly teamId: string | null;
}

/** The exact command that uploads a scan of the bundled examples with a new token. */
export function uploadCommand(origin: string, secret: string, service: string): string {
  return `npx rampart scan examples --upload ${origin} --token ${secret} --service ${service || '<service>'}`;
}

/** My API tokens: list, create (secret shown once, with the CLI upload command), revoke. */
export function TokensPage({ me }: { readonly me: Me & { readonly grants?: readonly Grant[] } }) {
  const [tokens, setTokens] = useState<readonly ApiToken[] | undefined>();
  const [error, setError] = useState('');
  const [created, setCreated] = useState<{ secret: string; token: ApiToken } | undefined>();

  const load = useCallback(() => {
    tokensApi.list().then(setTokens, (err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const revoke = async (token: ApiToken) => {
    if (!window.confirm(`Revoke the token "${token.name}"? Anything using it stops working.`)) return;
    try {
      await tokensApi.revoke(token.id);
      load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="tokens">
      <h1>API tokens</h1>
      <p className="muted">
        Tokens let CI upload scans and scripts call the API. A token never does more than you may, and only
        what its scopes allow.
      </p>
      <ErrorNote error={error} />
      {created && <CreatedToken secret={created.secret} token={created.token} />}
      {tokens && tokens.length === 0 && <p className="empty">No tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <table className="findings token-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Scopes</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Last used</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-token-id={t.id}>
                <td data-label="Name">
                  {t.name} <span className="muted mono">{t.prefix}…</span>
                </td>
                <td data-label="Scopes" className="mono">
                  {t.scopes.join(', ')}
                </td>
                <td data-label="Created">{day(t.createdAt)}</td>
                <td data-label="Expires">{t.expiresAt ? day(t.expiresAt) : 'never'}</td>
                <td data-label="Last used">{t.lastUsedAt ? day(t.lastUsedAt) : 'never'}</td>
                <td data-label="">
                  {t.revokedAt ? (
                    <span className="badge">revoked {day(t.revokedAt)}</span>
                  ) : (
                    <button type="button" className="secondary" onClick={() => revoke(t)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateForm
        me={me}
        onCreated={(result) => {
          setCreated(result);
          load();
        }}
      />
    </section>
  );
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function CreateForm({
  me,
  onCreated,
}: {
  readonly me: Me & { readonly grants?: readonly Grant[] };
  readonly onCreated: (result: { secret: string; token: ApiToken }) => void;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [teamNames, setTeamNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    tokensApi.teams().then(
      (list) => setTeamNames(new Map(list.map((t) => [t.id, t.displayName || t.name]))),
      // Without catalog access the ids stay as they are.
      () => undefined,
    );
  }, []);
  const scopes = me.permissions ?? [];
  const grants = me.grants ?? [];
  const global = grants.some((g) => g.teamId === null);
  const teams = [...new Set(grants.map((g) => g.teamId).filter((t): t is string => t !== null))];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const chosen = data.getAll('scopes').map(String);
    if (chosen.length === 0) {
      setError('Choose at least one scope.');
      return;
    }
    const team = String(data.get('teamId') ?? '');
    setBusy(true);
    setError('');
    try {
      onCreated(
        await tokensApi.create({
          name: String(data.get('name') ?? '').trim(),
          scopes: chosen,
          expiresInDays: Number(data.get('expiresInDays')),
          ...(team ? { teamId: team } : {}),
        }),
      );
      form.reset();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="waive token-form" onSubmit={submit} aria-label="Create a token">
      <h2>Create a token</h2>
      <label>
        Name
        <input name="name" required maxLength={100} placeholder="ci-checkout" />
      </label>
      <fieldset>
        <legend>Scopes</legend>
        {scopes.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" name="scopes" value={s} defaultChecked={s === UPLOAD_SCOPE} />
            <span className="mono">{s}</span>
          </label>
        ))}
      </fieldset>
      {(!global || teams.length > 0) && (
        <label>
          Team
          <select name="teamId" defaultValue={global ? '' : (teams[0] ?? '')}>
            {global && <option value="">every team (your global roles)</option>}
            {teams.map((t) => (
              <option key={t} value={t}>
                {teamNames.get(t) ?? t}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Expires after (days)
        <input name="expiresInDays" type="number" min={1} max={366} defaultValue={90} required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create token'}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

function CreatedToken({ secret, token }: { readonly secret: string; readonly token: ApiToken }) {
  const [services, setServices] = useState<readonly ServiceSummary[]>([]);
  const [service, setService] = useState('');
  const [copied, setCopied] = useState('');
  useEffect(() => {
    tokensApi.services().then(
      (list) => {
        setServices(list);
        setService((current) => current || (list[0]?.name ?? ''));
      },
      // Without catalog access the field stays free text.
      () => undefined,
    );
  }, []);
  const command = uploadCommand(location.origin, secret, service);
  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied('');
    }
  };

  return (
    <section className="created-token" aria-label="New token" role="status">
      <h2>Token “{token.name}” created</h2>
      <p>Copy it now: it is shown only once.</p>
      <p className="secret-row">
        <code className="mono" data-testid="token-secret">
          {secret}
        </code>
        <button type="button" onClick={() => copy('token', secret)}>
          {copied === 'token' ? 'Copied' : 'Copy token'}
        </button>
      </p>
      <label>
        Service
        <input
          list="token-services"
          value={service}
          onChange={(e) => setService(e.currentTarget.value)}
          placeholder="service name"
        />
        <datalist id="token-services">
          {services.map((s) => (
            <option key={s.id} value={s.name} />
          ))}
        </datalist>
      </label>
      <p>Upload a scan of the bundled examples:</p>
      <pre className="command" data-testid="upload-command">
        {command}
      </pre>
      <button type="button" onClick={() => copy('command', command)}>
        {copied === 'command' ? 'Copied' : 'Copy command'}
      </button>
    </section>
  );
}
