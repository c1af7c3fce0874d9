import { useEffect, useState } from 'react';
import { canWrite, catalogApi, messageOf, type Person } from '../../api/catalog.ts';
import { ApiError } from '../../api.ts';
import { CatalogTable, type Column, editColumn } from './fields.tsx';
import { EditPersonForm, NewPersonForm, TeamRoleForm } from './PersonForms.tsx';
import { CatalogPage, useCatalogData, Value } from './shared.tsx';

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
  const columns: Column<Person>[] = [
    {
      header: 'Person',
      cell: (p) => (
        <>
          {p.displayName} <span className="muted">{p.email}</span>
        </>
      ),
    },
    {
      header: 'Global roles',
      cell: (p) => <Value value={p.grants.flatMap((g) => (g.teamId === null ? [g.role] : [])).join(', ')} />,
    },
    { header: 'Team roles', cell: (p) => <TeamRoles person={p} teamName={teamName} /> },
    ...(data && teamWriter
      ? [
          editColumn<Person>((p) => (
            <>
              {writer && <EditPersonForm person={p} onDone={reload} />}
              <TeamRoleForm
                person={p}
                teams={data.teams.filter((t) => canWrite(data.caller, t.id))}
                onDone={reload}
              />
            </>
          )),
        ]
      : []),
  ];
  return (
    <CatalogPage current="people" error={error}>
      {people && (
        <CatalogTable
          label="People"
          rows={people}
          columns={columns}
          rowKey={(p) => p.id}
          rowProps={(p) => ({ 'data-person': p.email })}
          empty="No people yet."
        />
      )}
      {data && writer && (
        <NewPersonForm
          teams={data.teams}
          mayGrant={data.caller.permissions.includes('roles:manage')}
          onDone={reload}
        />
      )}
    </CatalogPage>
  );
}

/** A person's roles per team, sorted by team name, each linking to its team. */
function TeamRoles({ person, teamName }: { person: Person; teamName: (id: string) => string }) {
  const perTeam = person.grants
    .flatMap((g) => (g.teamId === null ? [] : [{ role: g.role, team: teamName(g.teamId) }]))
    .sort((a, b) => a.team.localeCompare(b.team));
  if (perTeam.length === 0) return <Value value={null} />;
  return (
    <ul className="grant-list">
      {perTeam.map((g) => (
        <li key={`${g.role}@${g.team}`}>
          {g.role} <span className="muted">in</span>{' '}
          <a href={`#/catalog/teams/${encodeURIComponent(g.team)}`}>{g.team}</a>
        </li>
      ))}
    </ul>
  );
}
