import { type FormEvent, useEffect, useState } from 'react';
import { canWrite, catalogApi, messageOf, type Person, TEAM_ROLES } from '../../api/catalog.ts';
import { ApiError } from '../../api.ts';
import { CatalogTabs, Problem, serviceHref, useCatalogData, Value } from './shared.tsx';

/** `#/catalog/teams/<name>`: members with their roles in this team, and the team's services. */
export function CatalogTeamPage({ id }: { id: string }) {
  const { data, error, reload } = useCatalogData();
  const [people, setPeople] = useState<readonly Person[] | 'hidden'>();
  const [formError, setFormError] = useState('');
  const [roleError, setRoleError] = useState('');
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
    return (
      <section>
        <h1>Catalog</h1>
        <CatalogTabs current="teams" />
        <p className="error" role="alert">
          Team {id} not found, or not one of your teams.
        </p>
      </section>
    );

  const rename = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!team) return;
    const displayName = String(new FormData(e.currentTarget).get('displayName') ?? '').trim();
    setFormError('');
    try {
      await catalogApi.updateTeam(team.id, { displayName });
      reload();
    } catch (err) {
      setFormError(messageOf(err));
    }
  };
  const setRoles = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!team) return;
    const form = new FormData(e.currentTarget);
    const person = String(form.get('person') ?? '');
    const role = String(form.get('role') ?? '');
    setRoleError('');
    try {
      await catalogApi.setTeamRoles(person, team.id, role ? [role] : []);
      setPeopleGeneration((g) => g + 1);
    } catch (err) {
      setRoleError(messageOf(err));
    }
  };
  const members =
    team && people !== undefined && people !== 'hidden'
      ? people.flatMap((p) => {
          const roles = p.grants.filter((g) => g.teamId === team.id).map((g) => g.role);
          return roles.length > 0 ? [{ person: p, roles }] : [];
        })
      : [];
  const services = team ? (data?.services ?? []).filter((s) => s.ownerTeamId === team.id) : [];
  return (
    <section>
      <h1>{team ? team.displayName : 'Team'}</h1>
      <CatalogTabs current="teams" />
      <Problem text={error} />
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
          ) : members.length === 0 ? (
            <p className="empty">No one holds a role in this team.</p>
          ) : (
            <table className="findings catalog-table" aria-label="Members">
              <thead>
                <tr>
                  <th>Person</th>
                  <th>Roles in this team</th>
                  <th>Also serves</th>
                </tr>
              </thead>
              <tbody>
                {members.map(({ person, roles }) => (
                  <tr key={person.id}>
                    <td data-label="Person">
                      {person.displayName} <span className="muted">{person.email}</span>
                    </td>
                    <td data-label="Roles">{roles.join(', ')}</td>
                    <td data-label="Also serves">
                      <Value
                        value={[
                          ...new Set(
                            person.grants
                              .filter((g) => g.teamId !== null && g.teamId !== team.id)
                              .map((g) => data.teams.find((t) => t.id === g.teamId)?.name ?? 'another team'),
                          ),
                        ].join(', ')}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canWrite(data.caller, team.id) && people !== undefined && people !== 'hidden' && (
            <form className="catalog-form" aria-label="Set a role in this team" onSubmit={setRoles}>
              <h2>Set a role in this team</h2>
              <label>
                Person
                <select name="person" required>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.displayName} ({p.email})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Role
                <select name="role" defaultValue="developer">
                  {TEAM_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                  <option value="">no role (remove from the team)</option>
                </select>
              </label>
              <div className="form-actions">
                <button type="submit">Set role</button>
                <Problem text={roleError} />
              </div>
            </form>
          )}
          {canWrite(data.caller) && (
            <form className="catalog-form" aria-label="Edit team" onSubmit={rename}>
              <h2>Edit team</h2>
              <label>
                Display name
                <input name="displayName" required defaultValue={team.displayName} />
              </label>
              <div className="form-actions">
                <button type="submit">Save team</button>
                <Problem text={formError} />
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
