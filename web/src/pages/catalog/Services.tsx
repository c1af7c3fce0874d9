import { canWrite, canWriteSomewhere, catalogApi } from '../../api/catalog.ts';
import { ServiceForm } from './ServiceForm.tsx';
import { CatalogTabs, Problem, serviceHref, teamHref, useCatalogData, Value } from './shared.tsx';

/** `#/catalog/services`: every service the caller may read, with owner, tier and Backstage fields. */
export function CatalogServicesPage() {
  const { data, error, reload } = useCatalogData();
  const teamOf = (id: string) => data?.teams.find((t) => t.id === id);
  const systemOf = (id: string | null) => (id ? data?.systems.find((s) => s.id === id) : undefined);
  const ownable = data ? data.teams.filter((t) => canWrite(data.caller, t.id)) : [];
  return (
    <section>
      <h1>Catalog</h1>
      <CatalogTabs current="services" />
      <Problem text={error} />
      {data && data.services.length === 0 && <p className="empty">No services yet.</p>}
      {data && data.services.length > 0 && (
        <table className="findings catalog-table" aria-label="Services">
          <thead>
            <tr>
              <th>Service</th>
              <th>Owner</th>
              <th>Tier</th>
              <th>Data</th>
              <th>Lifecycle</th>
              <th>System</th>
            </tr>
          </thead>
          <tbody>
            {data.services.map((s) => {
              const team = teamOf(s.ownerTeamId);
              return (
                <tr key={s.id} data-service={s.name}>
                  <td data-label="Service">
                    <a href={serviceHref(s)}>{s.name}</a>
                    {s.type && <span className="muted"> · {s.type}</span>}
                  </td>
                  <td data-label="Owner">
                    {team ? <a href={teamHref(team)}>{team.displayName}</a> : <Value value={null} />}
                  </td>
                  <td data-label="Tier">
                    <Value value={s.tier} />
                  </td>
                  <td data-label="Data">
                    <Value value={s.dataClassification} />
                  </td>
                  <td data-label="Lifecycle">
                    <Value value={s.lifecycle} />
                  </td>
                  <td data-label="System">
                    <Value value={systemOf(s.systemId)?.displayName} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && canWriteSomewhere(data.caller) && ownable.length > 0 && (
        <>
          <h2>New service</h2>
          <ServiceForm
            teams={ownable}
            systems={data.systems}
            submitLabel="Create service"
            onSubmit={async (fields) => {
              const created = await catalogApi.createService(fields);
              reload();
              location.hash = serviceHref(created);
            }}
          />
        </>
      )}
    </section>
  );
}
