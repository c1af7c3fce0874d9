import type { System, Team } from '../../api/catalog.ts';
import { ErrorNote } from '../form-parts.tsx';
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
      <label>
        Name
        <input
          name="name"
          required
          defaultValue={system?.name ?? ''}
          pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,99}"
          placeholder="shop"
        />
      </label>
      <label>
        Display name
        <input name="displayName" defaultValue={system?.displayName ?? ''} placeholder="Shop" />
      </label>
      <label>
        Owner team
        <select name="owner" defaultValue={system?.ownerTeamId ?? ''}>
          <option value="">none</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.displayName}
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <ErrorNote error={error} />
      </div>
    </form>
  );
}
