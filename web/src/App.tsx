import { useEffect, useState } from 'react';
import { ApiError, api, type Me } from './api.ts';
import { FindingDetailPage } from './pages/FindingDetail.tsx';
import { FindingsPage } from './pages/Findings.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { useRoute } from './route.ts';

type Session =
  | { readonly state: 'loading' }
  | { readonly state: 'out' }
  | { readonly state: 'in'; readonly me: Me };

export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const route = useRoute();

  useEffect(() => {
    api.me().then(
      (me) => setSession({ state: 'in', me }),
      // 401 means "not signed in"; anything else still lands on the sign-in page, which shows errors.
      () => setSession({ state: 'out' }),
    );
  }, []);

  if (session.state === 'loading') return <p className="loading">Loading…</p>;
  if (session.state === 'out') return <SignInPage onSignedIn={(me) => setSession({ state: 'in', me })} />;

  const signOut = async () => {
    try {
      await api.signOut();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setSession({ state: 'out' });
  };

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/findings">
          Rampart
        </a>
        <nav>
          <a href="#/findings">Findings</a>
        </nav>
        <span className="who">{session.me.email}</span>
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {route.page === 'finding' ? <FindingDetailPage id={route.id} me={session.me} /> : <FindingsPage />}
      </main>
    </div>
  );
}
