import { useEffect, useState } from 'react';
import { catalogApi, messageOf, type Person } from '../../api/catalog.ts';
import { ApiError } from '../../api.ts';
import { CatalogTabs, Problem, useCatalogData } from './shared.tsx';

/** `#/catalog/people`: everyone with their roles, globally or per team (one person may serve several). */
export function CatalogPeoplePage() {
  const { data } = useCatalogData();
  const [people, setPeople] = useState<readonly Person[]>();
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    catalogApi.people().then(
      (p) => live && setPeople(p),
      (err: unknown) =>
        live &&
        setError(
          err instanceof ApiError && err.status === 403
            ? 'Listing people needs a global role (security, architect, auditor or admin).'
            : messageOf(err),
        ),
    );
    return () => {
      live = false;
    };
  }, []);
  const teamName = (id: string) => data?.teams.find((t) => t.id === id)?.name ?? id;
  return (
    <section>
      <h1>Catalog</h1>
      <CatalogTabs current="people" />
      <Problem text={error} />
      {people && (
        <table className="findings catalog-table" aria-label="People">
          <thead>
            <tr>
              <th>Person</th>
              <th>Global roles</th>
              <th>Team roles</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => {
              const global = p.grants.filter((g) => g.teamId === null).map((g) => g.role);
              const perTeam = p.grants
                .filter((g) => g.teamId !== null)
                .sort((a, b) => teamName(a.teamId as string).localeCompare(teamName(b.teamId as string)));
              return (
                <tr key={p.id} data-person={p.email}>
                  <td data-label="Person">
                    {p.displayName} <span className="muted">{p.email}</span>
                  </td>
                  <td data-label="Global roles">{global.join(', ') || <span className="muted">—</span>}</td>
                  <td data-label="Team roles">
                    {perTeam.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="grant-list">
                        {perTeam.map((g) => (
                          <li key={`${g.role}@${g.teamId}`}>
                            {g.role} <span className="muted">in</span>{' '}
                            <a href={`#/catalog/teams/${encodeURIComponent(teamName(g.teamId as string))}`}>
                              {teamName(g.teamId as string)}
                            </a>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
