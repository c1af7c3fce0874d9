import { canWrite, catalogApi } from '../../api/catalog.ts';
import { type SystemFields, SystemForm } from './SystemForm.tsx';
import { CatalogTabs, Problem, useCatalogData, Value } from './shared.tsx';

/**
 * `#/catalog/systems`: the systems the caller may read (name, owner team, services), with create
 * and edit forms for callers holding a global catalog:write (systems are not team-scoped writes).
 */
export function CatalogSystemsPage() {
  const { data, error, reload } = useCatalogData();
  const teamName = (id: string | null) =>
    id === null ? null : (data?.teams.find((t) => t.id === id)?.name ?? id);
  const save = (ref?: string) => async (f: SystemFields) => {
    if (ref === undefined) await catalogApi.createSystem(f);
    else await catalogApi.updateSystem(ref, f);
    reload();
  };
  const writer = data ? canWrite(data.caller) : false;
  return (
    <section>
      <h1>Catalog</h1>
      <CatalogTabs current="systems" />
      <Problem text={error} />
      {data && (
        <>
          {data.systems.length === 0 ? (
            <p className="empty">No systems yet. Import a Backstage System or create one below.</p>
          ) : (
            <table className="findings catalog-table" aria-label="Systems">
              <thead>
                <tr>
                  <th>System</th>
                  <th>Name</th>
                  <th>Owner team</th>
                  <th>Services</th>
                  {writer && <th>Edit</th>}
                </tr>
              </thead>
              <tbody>
                {data.systems.map((s) => (
                  <tr key={s.id} data-system={s.name}>
                    <td data-label="System">{s.displayName}</td>
                    <td data-label="Name" className="mono">
                      {s.name}
                    </td>
                    <td data-label="Owner team">
                      <Value value={teamName(s.ownerTeamId)} />
                    </td>
                    <td data-label="Services">{data.services.filter((x) => x.systemId === s.id).length}</td>
                    {writer && (
                      <td data-label="Edit">
                        <details>
                          <summary>Edit</summary>
                          <SystemForm
                            system={s}
                            teams={data.teams}
                            submitLabel={`Save system ${s.name}`}
                            onSubmit={save(s.id)}
                          />
                        </details>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {writer && (
            <>
              <h2>New system</h2>
              <SystemForm teams={data.teams} submitLabel="Create system" onSubmit={save()} />
            </>
          )}
        </>
      )}
    </section>
  );
}
