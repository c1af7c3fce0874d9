import { useEffect, useState } from 'react';
import { canWrite, catalogApi, type Person, TEAM_ROLES, type Team } from '../../api/catalog.ts';
import { ApiError } from '../../api.ts';
import { CatalogTable, ChoiceSelect, EntitySelect, FormActions, TextField } from './fields.tsx';
import { CatalogPage, serviceHref, text, useCatalogData, useSubmit, Value } from './shared.tsx';

/** `#/catalog/teams/<name>`: members with their roles in this team, and the team's services. */
export function CatalogTeamPage({ id }: { id: string }) {
  const { data, error, reload } = useCatalogData();
  const [people, setPeople] = useState<readonly Person[] | 'hidden'>();
  const [peopleGeneration, setPeopleGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void peopleGeneration;
    catalogApi.people().then(
      (p) => live && setPeople(p),
      // Team-scoped roles may not list people (people:read needs a global grant).
      (err: unknown) => live && setPeople(err instanceof ApiError && err.status === 403 ? 'hidden' : []),
    );
    return () => {
      live = false;
    };
  }, [peopleGeneration]);
  const team = data?.teams.find((t) => t.name === id || t.id === id);
  if (data && !team)
    return <CatalogPage current="teams" error={`Team ${id} not found, or not one of your teams.`} />;

  const members =
    team && people !== undefined && people !== 'hidden'
      ? people.flatMap((p) => {
          const roles = p.grants.filter((g) => g.teamId === team.id).map((g) => g.role);
          return roles.length > 0 ? [{ person: p, roles }] : [];
        })
      : [];
  const services = team ? (data?.services ?? []).filter((s) => s.ownerTeamId === team.id) : [];
  return (
    <CatalogPage current="teams" title={team ? team.displayName : 'Team'} error={error}>
      {team && data && (
        <>
          <p className="muted mono">{team.name}</p>
          <h2>Services</h2>
          {services.length === 0 ? (
            <p className="empty">This team owns no services.</p>
          ) : (
            <ul className="catalog-list" aria-label="Services of the team">
              {services.map((s) => (
                <li key={s.id}>
                  <a href={serviceHref(s)}>{s.name}</a> <span className="muted">tier</span>{' '}
                  <Value value={s.tier} />
                </li>
              ))}
            </ul>
          )}
          <h2>Members</h2>
          {people === 'hidden' ? (
            <p className="muted">Listing people needs a global role (security, auditor, admin).</p>
          ) : (
            <CatalogTable
              label="Members"
              rows={members}
              columns={[
                {
                  header: 'Person',
                  cell: ({ person }) => (
                    <>
                      {person.displayName} <span className="muted">{person.email}</span>
                    </>
                  ),
                },
                { header: 'Roles in this team', cell: ({ roles }) => roles.join(', ') },
                {
                  header: 'Also serves',
                  cell: ({ person }) => (
                    <Value
                      value={[
                        ...new Set(
                          person.grants
                            .filter((g) => g.teamId !== null && g.teamId !== team.id)
                            .map((g) => data.teams.find((t) => t.id === g.teamId)?.name ?? 'another team'),
                        ),
                      ].join(', ')}
                    />
                  ),
                },
              ]}
              rowKey={({ person }) => person.id}
              empty="No one holds a role in this team."
            />
          )}
          {canWrite(data.caller, team.id) && people !== undefined && people !== 'hidden' && (
            <SetRoleForm team={team} people={people} onDone={() => setPeopleGeneration((g) => g + 1)} />
          )}
          {canWrite(data.caller) && <EditTeamForm team={team} onDone={reload} />}
        </>
      )}
    </CatalogPage>
  );
}

function SetRoleForm({
  team,
  people,
  onDone,
}: {
  team: Team;
  people: readonly Person[];
  onDone: () => void;
}) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const role = text(form, 'role');
    await catalogApi.setTeamRoles(text(form, 'person'), team.id, role ? [role] : []);
  }, onDone);
  return (
    <form className="catalog-form" aria-label="Set a role in this team" onSubmit={onSubmit}>
      <h2>Set a role in this team</h2>
      <EntitySelect
        label="Person"
        name="person"
        items={people.map((p) => ({ id: p.id, displayName: `${p.displayName} (${p.email})` }))}
      />
      <ChoiceSelect
        label="Role"
        name="role"
        choices={TEAM_ROLES}
        defaultValue="developer"
        none="no role (remove from the team)"
      />
      <FormActions busy={busy} label="Set role" error={error} />
    </form>
  );
}

function EditTeamForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    await catalogApi.updateTeam(team.id, { displayName: text(form, 'displayName') });
  }, onDone);
  return (
    <form className="catalog-form" aria-label="Edit team" onSubmit={onSubmit}>
      <h2>Edit team</h2>
      <TextField label="Display name" name="displayName" defaultValue={team.displayName} required />
      <FormActions busy={busy} label="Save team" error={error} />
    </form>
  );
}
