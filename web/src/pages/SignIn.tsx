import { type FormEvent, useEffect, useState } from 'react';
import { OIDC_LOGIN_URL, signInMethods } from '../api/sign-in.ts';
import { api, errorMessage, type Me } from '../api.ts';
import { ErrorNote } from './form-parts.tsx';

export function SignInPage({ onSignedIn }: { readonly onSignedIn: (me: Me) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState(false);
  useEffect(() => {
    // Without the answer the password form still works; the IdP button appears only when configured.
    signInMethods().then(
      (m) => setOidc(m.oidc),
      () => setOidc(false),
    );
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError('');
    try {
      const { me } = await api.signIn(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
      onSignedIn(me);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <h1>Sign in to Rampart</h1>
      {oidc && (
        <p className="sso">
          <a className="button" href={OIDC_LOGIN_URL}>
            Sign in with your identity provider
          </a>
        </p>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorNote error={error} />
      </form>
    </main>
  );
}
