import { useEffect, useState } from 'react';
import { ApiError, api, type Me } from './api.ts';
import { ApprovalsPage } from './pages/Approvals.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { CatalogImportPage } from './pages/catalog/Import.tsx';
import { CatalogPeoplePage } from './pages/catalog/People.tsx';
import { CatalogServicePage } from './pages/catalog/ServiceDetail.tsx';
import { CatalogServicesPage } from './pages/catalog/Services.tsx';
import { CatalogSystemsPage } from './pages/catalog/Systems.tsx';
import { CatalogTeamPage } from './pages/catalog/TeamDetail.tsx';
import { CatalogTeamsPage } from './pages/catalog/Teams.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { FindingDetailPage } from './pages/FindingDetail.tsx';
import { FindingsPage } from './pages/Findings.tsx';
import { FrameworksPage } from './pages/Frameworks.tsx';
import { RuleDetailPage } from './pages/RuleDetail.tsx';
import { RulesPage } from './pages/Rules.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { TokensPage } from './pages/Tokens.tsx';
import { type Route, useRoute } from './route.ts';

// One entry per top-level page; `pages` lists the route pages that highlight the entry.
const NAV: readonly {
  readonly href: string;
  readonly label: string;
  readonly pages: readonly Route['page'][];
  /** Shown only to callers holding it (the API refuses the others anyway). */
  readonly permission?: string;
}[] = [
  { href: '#/dashboard', label: 'Dashboard', pages: ['dashboard'] },
  { href: '#/findings', label: 'Findings', pages: ['findings', 'finding'] },
  { href: '#/frameworks', label: 'Frameworks', pages: ['frameworks'] },
  { href: '#/rules', label: 'Rules', pages: ['rules', 'rule'] },
  {
    href: '#/catalog',
    label: 'Catalog',
    pages: [
      'catalog-teams',
      'catalog-team',
      'catalog-services',
      'catalog-service',
      'catalog-systems',
      'catalog-people',
      'catalog-import',
    ],
  },
  { href: '#/approvals', label: 'Approvals', pages: ['approvals'] },
  { href: '#/audit', label: 'Audit log', pages: ['audit'], permission: 'audit:read' },
  { href: '#/tokens', label: 'Tokens', pages: ['tokens'], permission: 'tokens:manage' },
];

function renderPage(route: Route, me: Me) {
  switch (route.page) {
    case 'finding':
      return <FindingDetailPage id={route.id} me={me} />;
    case 'findings':
      return <FindingsPage me={me} />;
    case 'dashboard':
      return <DashboardPage />;
    case 'frameworks':
      return <FrameworksPage {...(route.id ? { id: route.id } : {})} />;
    case 'rules':
      return <RulesPage />;
    case 'rule':
      return <RuleDetailPage id={route.id} />;
    case 'catalog-teams':
      return <CatalogTeamsPage />;
    case 'catalog-team':
      return <CatalogTeamPage id={route.id} />;
    case 'catalog-services':
      return <CatalogServicesPage />;
    case 'catalog-service':
      return <CatalogServicePage id={route.id} />;
    case 'catalog-systems':
      return <CatalogSystemsPage />;
    case 'catalog-people':
      return <CatalogPeoplePage />;
    case 'catalog-import':
      return <CatalogImportPage />;
    case 'audit':
      return <AuditPage />;
    case 'tokens':
      return <TokensPage me={me} />;
    case 'approvals':
      return <ApprovalsPage />;
  }
}

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
        <a className="brand" href="#/">
          Rampart
        </a>
        <nav>
          {NAV.filter(
            (item) => !item.permission || (session.me.permissions ?? []).includes(item.permission),
          ).map((item) => (
            <a
              key={item.href}
              href={item.href}
              aria-current={item.pages.includes(route.page) ? 'page' : undefined}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <span className="who">{session.me.email}</span>
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>{renderPage(route, session.me)}</main>
    </div>
  );
}
