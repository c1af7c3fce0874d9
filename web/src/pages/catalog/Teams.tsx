import { canWrite, catalogApi, type Team } from '../../api/catalog.ts';
import { CatalogTable, type Column, FormActions, NameField, TextField } from './fields.tsx';
import { type CatalogData, CatalogPage, teamHref, text, useCatalogData, useSubmit } from './shared.tsx';

/** `#/catalog`, `#/catalog/teams`: the teams the caller may read, with their service counts. */
export function CatalogTeamsPage() {
  const { data, error, reload } = useCatalogData();
  return (
    <CatalogPage current="teams" error={error}>
      {data && <TeamsList data={data} reload={reload} />}
    </CatalogPage>
  );
}

function TeamsList({ data, reload }: { data: CatalogData; reload: () => void }) {
  const columns: Column<Team>[] = [
    { header: 'Team', cell: (t) => <a href={teamHref(t)}>{t.displayName}</a> },
    { header: 'Name', cell: (t) => t.name, className: 'mono' },
    { header: 'Services', cell: (t) => data.services.filter((s) => s.ownerTeamId === t.id).length },
  ];
  return (
    <>
      <CatalogTable
        label="Teams"
        rows={data.teams}
        columns={columns}
        rowKey={(t) => t.id}
        rowProps={(t) => ({ 'data-team': t.name })}
        empty="No teams yet. Import a Backstage catalog or create one below."
      />
      {canWrite(data.caller) && <NewTeamForm onDone={reload} />}
    </>
  );
}

function NewTeamForm({ onDone }: { onDone: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form, element) => {
    const displayName = text(form, 'displayName');
    await catalogApi.createTeam({ name: text(form, 'name'), ...(displayName ? { displayName } : {}) });
    element.reset();
  }, onDone);
  return (
    <form className="catalog-form" aria-label="New team" onSubmit={onSubmit}>
      <h2>New team</h2>
      <NameField placeholder="payments" />
      <TextField label="Display name" name="displayName" placeholder="Payments" />
      <FormActions busy={busy} label="Create team" error={error} />
    </form>
  );
}
