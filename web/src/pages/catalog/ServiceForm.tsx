import {
  DATA_CLASSIFICATIONS,
  type Service,
  type ServiceFields,
  type System,
  type Team,
  TIERS,
} from '../../api/catalog.ts';
import { ChoiceSelect, EntitySelect, FormActions, NameField, TextField } from './fields.tsx';
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
      <NameField defaultValue={service?.name} />
      <EntitySelect label="Owner team" name="owner" items={teams} defaultValue={service?.ownerTeamId} />
      <ChoiceSelect label="Tier" name="tier" choices={TIERS} defaultValue={service?.tier} none="not set" />
      <ChoiceSelect
        label="Data classification"
        name="dataClassification"
        choices={DATA_CLASSIFICATIONS}
        defaultValue={service?.dataClassification}
        none="not set"
      />
      <TextField
        label="Repository"
        name="repository"
        defaultValue={service?.repository}
        type="url"
        placeholder="https://…"
      />
      <EntitySelect
        label="System"
        name="system"
        items={systems}
        defaultValue={service?.systemId}
        none="none"
      />
      <TextField
        label="Lifecycle"
        name="lifecycle"
        defaultValue={service?.lifecycle}
        placeholder="production"
      />
      <TextField label="Type" name="type" defaultValue={service?.type} placeholder="service" />
      <FormActions busy={busy} label={submitLabel} error={error} />
    </form>
  );
}
