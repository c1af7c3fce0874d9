import type { System, Team } from '../../api/catalog.ts';
import { EntitySelect, FormActions, NameField, TextField } from './fields.tsx';
import { text, useSubmit } from './shared.tsx';

export interface SystemFields {
  readonly name: string;
  readonly displayName: string;
  /** Team id, or null for no owner team. */
  readonly owner: string | null;
}

interface Props {
  /** The system being edited; absent when creating one. */
  readonly system?: System;
  readonly teams: readonly Team[];
  readonly submitLabel: string;
  readonly onSubmit: (fields: SystemFields) => Promise<void>;
}

/** Create or edit a system: its name, display name and (optional) owner team. */
export function SystemForm({ system, teams, submitLabel, onSubmit }: Props) {
  const {
    busy,
    error,
    onSubmit: submit,
  } = useSubmit(async (form, element) => {
    const name = text(form, 'name');
    await onSubmit({
      name,
      displayName: text(form, 'displayName') || name,
      owner: text(form, 'owner') || null,
    });
    if (!system) element.reset();
  });
  return (
    <form className="catalog-form" onSubmit={submit} aria-label={submitLabel}>
      <NameField defaultValue={system?.name} placeholder="shop" />
      <TextField
        label="Display name"
        name="displayName"
        defaultValue={system?.displayName}
        placeholder="Shop"
      />
      <EntitySelect
        label="Owner team"
        name="owner"
        items={teams}
        defaultValue={system?.ownerTeamId}
        none="none"
      />
      <FormActions busy={busy} label={submitLabel} error={error} />
    </form>
  );
}
