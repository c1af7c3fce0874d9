import {
  DATA_CLASSIFICATIONS,
  type Service,
  type ServiceFields,
  type System,
  type Team,
  TIERS,
} from '../../api/catalog.ts';
import { text, useSubmit } from './shared.tsx';

interface Props {
  /** The service being edited; absent when creating one. */
  readonly service?: Service;
  /** Teams the caller may give services to. */
  readonly teams: readonly Team[];
  readonly systems: readonly System[];
  readonly submitLabel: string;
  readonly onSubmit: (fields: ServiceFields) => Promise<void>;
}

/** Create or edit a service; empty optional fields are sent as null (cleared). */
export function ServiceForm({ service, teams, systems, submitLabel, onSubmit }: Props) {
  const {
    busy,
    error,
    onSubmit: submit,
  } = useSubmit(async (form) => {
    const orNull = (key: string) => text(form, key) || null;
    await onSubmit({
      name: text(form, 'name'),
      owner: text(form, 'owner'),
      tier: orNull('tier'),
      dataClassification: orNull('dataClassification'),
      repository: orNull('repository'),
      system: orNull('system'),
      lifecycle: orNull('lifecycle'),
      type: orNull('type'),
    });
  });
  return (
    <form className="catalog-form" onSubmit={submit} aria-label={submitLabel}>
      <label>
        Name
        <input
          name="name"
          required
          defaultValue={service?.name ?? ''}
          pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,99}"
        />
      </label>
      <label>
        Owner team
        <select name="owner" required defaultValue={service?.ownerTeamId ?? teams[0]?.id ?? ''}>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.displayName}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tier
        <select name="tier" defaultValue={service?.tier ?? ''}>
          <option value="">not set</option>
          {TIERS.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Data classification
        <select name="dataClassification" defaultValue={service?.dataClassification ?? ''}>
          <option value="">not set</option>
          {DATA_CLASSIFICATIONS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label>
        Repository
        <input
          name="repository"
          type="url"
          defaultValue={service?.repository ?? ''}
          placeholder="https://…"
        />
      </label>
      <label>
        System
        <select name="system" defaultValue={service?.systemId ?? ''}>
          <option value="">none</option>
          {systems.map((s) => (
            <option key={s.id} value={s.id}>
              {s.displayName}
            </option>
          ))}
        </select>
      </label>
      <label>
        Lifecycle
        <input name="lifecycle" defaultValue={service?.lifecycle ?? ''} placeholder="production" />
      </label>
      <label>
        Type
        <input name="type" defaultValue={service?.type ?? ''} placeholder="service" />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
