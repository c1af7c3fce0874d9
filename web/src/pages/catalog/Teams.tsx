import { type FormEvent, useState } from 'react';
import { canWrite, catalogApi, messageOf } from '../../api/catalog.ts';
import { CatalogTabs, Problem, teamHref, useCatalogData } from './shared.tsx';

/** `#/catalog`, `#/catalog/teams`: the teams the caller may read, with their service counts. */
export function CatalogTeamsPage() {
  const { data, error, reload } = useCatalogData();
  const [formError, setFormError] = useState('');
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const fields = new FormData(form);
    const name = String(fields.get('name') ?? '').trim();
    const displayName = String(fields.get('displayName') ?? '').trim();
    setFormError('');
    try {
      await catalogApi.createTeam({ name, ...(displayName ? { displayName } : {}) });
      form.reset();
      reload();
    } catch (err) {
      setFormError(messageOf(err));
    }
  };
  return (
    <section>
      <h1>Catalog</h1>
      <CatalogTabs current="teams" />
      <Problem text={error} />
      {data && (
        <>
          {data.teams.length === 0 ? (
            <p className="empty">No teams yet. Import a Backstage catalog or create one below.</p>
          ) : (
            <table className="findings catalog-table" aria-label="Teams">
              <thead>
                <tr>
                  <th>Team</th>
                  <th>Name</th>
                  <th>Services</th>
                </tr>
              </thead>
              <tbody>
                {data.teams.map((t) => (
                  <tr key={t.id} data-team={t.name}>
                    <td data-label="Team">
                      <a href={teamHref(t)}>{t.displayName}</a>
                    </td>
                    <td data-label="Name" className="mono">
                      {t.name}
                    </td>
                    <td data-label="Services">
                      {data.services.filter((s) => s.ownerTeamId === t.id).length}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canWrite(data.caller) && (
            <form className="catalog-form" aria-label="New team" onSubmit={create}>
              <h2>New team</h2>
              <label>
                Name
                <input
                  name="name"
                  required
                  pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,99}"
                  placeholder="payments"
                />
              </label>
              <label>
                Display name
                <input name="displayName" placeholder="Payments" />
              </label>
              <div className="form-actions">
                <button type="submit">Create team</button>
                <Problem text={formError} />
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
