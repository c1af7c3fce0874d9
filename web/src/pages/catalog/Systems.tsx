import { canWrite, catalogApi, type System } from '../../api/catalog.ts';
import { CatalogTable, type Column, editColumn } from './fields.tsx';
import { type SystemFields, SystemForm } from './SystemForm.tsx';
import { type CatalogData, CatalogPage, useCatalogData, Value } from './shared.tsx';

/**
 * `#/catalog/systems`: the systems the caller may read (name, owner team, services), with create
 * and edit forms for callers holding a global catalog:write (systems are not team-scoped writes).
 */
export function CatalogSystemsPage() {
  const { data, error, reload } = useCatalogData();
  return (
    <CatalogPage current="systems" error={error}>
      {data && <SystemsList data={data} reload={reload} />}
    </CatalogPage>
  );
}

function SystemsList({ data, reload }: { data: CatalogData; reload: () => void }) {
  const writer = canWrite(data.caller);
  const save = (ref?: string) => async (f: SystemFields) => {
    if (ref === undefined) await catalogApi.createSystem(f);
    else await catalogApi.updateSystem(ref, f);
    reload();
  };
  const teamName = (id: string | null) =>
    id === null ? null : (data.teams.find((t) => t.id === id)?.name ?? id);
  const columns: Column<System>[] = [
    { header: 'System', cell: (s) => s.displayName },
    { header: 'Name', cell: (s) => s.name, className: 'mono' },
    { header: 'Owner team', cell: (s) => <Value value={teamName(s.ownerTeamId)} /> },
    { header: 'Services', cell: (s) => data.services.filter((x) => x.systemId === s.id).length },
    ...(writer
      ? [
          editColumn<System>((s) => (
            <SystemForm
              system={s}
              teams={data.teams}
              submitLabel={`Save system ${s.name}`}
              onSubmit={save(s.id)}
            />
          )),
        ]
      : []),
  ];
  return (
    <>
      <CatalogTable
        label="Systems"
        rows={data.systems}
        columns={columns}
        rowKey={(s) => s.id}
        rowProps={(s) => ({ 'data-system': s.name })}
        empty="No systems yet. Import a Backstage System or create one below."
      />
      {writer && (
        <>
          <h2>New system</h2>
          <SystemForm teams={data.teams} submitLabel="Create system" onSubmit={save()} />
        </>
      )}
    </>
  );
}
