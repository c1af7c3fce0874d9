import { canWrite, canWriteSomewhere, catalogApi, type Service } from '../../api/catalog.ts';
import { CatalogTable, type Column } from './fields.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { type CatalogData, CatalogPage, serviceHref, teamHref, useCatalogData, Value } from './shared.tsx';

/** `#/catalog/services`: every service the caller may read, with owner, tier and Backstage fields. */
export function CatalogServicesPage() {
  const { data, error, reload } = useCatalogData();
  return (
    <CatalogPage current="services" error={error}>
      {data && <ServicesList data={data} reload={reload} />}
    </CatalogPage>
  );
}

function ServicesList({ data, reload }: { data: CatalogData; reload: () => void }) {
  const teamOf = (id: string) => data.teams.find((t) => t.id === id);
  const systemOf = (id: string | null) => (id ? data.systems.find((s) => s.id === id) : undefined);
  const ownable = data.teams.filter((t) => canWrite(data.caller, t.id));
  const columns: Column<Service>[] = [
    {
      header: 'Service',
      cell: (s) => (
        <>
          <a href={serviceHref(s)}>{s.name}</a>
          {s.type && <span className="muted"> · {s.type}</span>}
        </>
      ),
    },
    {
      header: 'Owner',
      cell: (s) => {
        const team = teamOf(s.ownerTeamId);
        return team ? <a href={teamHref(team)}>{team.displayName}</a> : <Value value={null} />;
      },
    },
    { header: 'Tier', cell: (s) => <Value value={s.tier} /> },
    { header: 'Data', cell: (s) => <Value value={s.dataClassification} /> },
    { header: 'Lifecycle', cell: (s) => <Value value={s.lifecycle} /> },
    { header: 'System', cell: (s) => <Value value={systemOf(s.systemId)?.displayName} /> },
  ];
  return (
    <>
      <CatalogTable
        label="Services"
        rows={data.services}
        columns={columns}
        rowKey={(s) => s.id}
        rowProps={(s) => ({ 'data-service': s.name })}
        empty="No services yet."
      />
      {canWriteSomewhere(data.caller) && ownable.length > 0 && (
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
    </>
  );
}
