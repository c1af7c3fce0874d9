import { type FormEvent, useState } from 'react';
import type { System, Team } from '../../api/catalog.ts';
import { ErrorNote } from '../form-parts.tsx';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const element = e.currentTarget;
    const form = new FormData(element);
    const text = (key: string) => String(form.get(key) ?? '').trim();
    const name = text('name');
    setBusy(true);
    setError('');
    try {
      await onSubmit({ name, displayName: text('displayName') || name, owner: text('owner') || null });
      if (!system) element.reset();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
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
