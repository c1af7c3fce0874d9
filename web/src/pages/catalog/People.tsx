import { useEffect, useState } from 'react';
import { canWrite, catalogApi, messageOf, type Person } from '../../api/catalog.ts';
import { ApiError } from '../../api.ts';
import { EditPersonForm, NewPersonForm, TeamRoleForm } from './PersonForms.tsx';
import { CatalogTabs, Problem, useCatalogData } from './shared.tsx';

/**
 * `#/catalog/people`: everyone with their roles, globally or per team (one person may serve
 * several; a team role sees its own teams' members). Catalog writers create and edit people and
 * set their role in a team; a first role at creation needs roles:manage. The server checks each.
 */
export function CatalogPeoplePage() {
  const { data } = useCatalogData();
  const [people, setPeople] = useState<readonly Person[]>();
  const [error, setError] = useState('');
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((g) => g + 1);
  useEffect(() => {
    let live = true;
    void generation;
    catalogApi.people().then(
      (p) => live && setPeople(p),
      (err: unknown) =>
        live &&
        setError(
          err instanceof ApiError && err.status === 403
            ? 'Listing people needs a role in a team, or a global role that reads people.'
            : messageOf(err),
        ),
    );
    return () => {
      live = false;
    };
  }, [generation]);
  const writer = data ? canWrite(data.caller) : false;
  // Writers for some team set roles there (the team page does the same).
  const teamWriter = data ? data.teams.some((t) => canWrite(data.caller, t.id)) : false;
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
              {teamWriter && <th>Edit</th>}
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
                  {data && teamWriter && (
                    <td data-label="Edit">
                      <details>
                        <summary>Edit</summary>
                        {writer && <EditPersonForm person={p} onDone={reload} />}
                        <TeamRoleForm
                          person={p}
                          teams={data.teams.filter((t) => canWrite(data.caller, t.id))}
                          onDone={reload}
                        />
                      </details>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && writer && (
        <NewPersonForm
          teams={data.teams}
          mayGrant={data.caller.permissions.includes('roles:manage')}
          onDone={reload}
        />
      )}
    </section>
  );
}
