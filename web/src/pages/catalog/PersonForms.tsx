// Forms of the People page: create a person (with a first team role when the caller may hand out
// roles), edit a person's email and display name, and set their role in one team.
import { catalogApi, type Person, TEAM_ROLES, type Team } from '../../api/catalog.ts';
import { ChoiceSelect, EntitySelect, FormActions, TextField } from './fields.tsx';
import { text, useSubmit } from './shared.tsx';

function RoleSelect({ none }: { none: string }) {
  return <ChoiceSelect label="Role" name="role" choices={TEAM_ROLES} none={none} />;
}

function TeamSelect({ teams }: { teams: readonly Team[] }) {
  return <EntitySelect label="Team" name="team" items={teams} />;
}

/** New person; `mayGrant` (roles:manage) adds a first role in a team. */
export function NewPersonForm(props: { teams: readonly Team[]; mayGrant: boolean; onDone: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form, element) => {
    const team = text(form, 'team');
    const role = text(form, 'role');
    await catalogApi.createPerson({
      email: text(form, 'email'),
      ...(text(form, 'displayName') ? { displayName: text(form, 'displayName') } : {}),
      ...(props.mayGrant && role && team ? { grants: [{ role, teamId: team }] } : {}),
    });
    element.reset();
  }, props.onDone);
  return (
    <form className="catalog-form" aria-label="New person" onSubmit={onSubmit}>
      <h2>New person</h2>
      <TextField label="Email" name="email" type="email" required placeholder="ann@example.com" />
      <TextField label="Display name" name="displayName" placeholder="Ann Example" />
      {props.mayGrant && props.teams.length > 0 && (
        <>
          <TeamSelect teams={props.teams} />
          <RoleSelect none="no role yet" />
        </>
      )}
      <FormActions busy={busy} label="Create person" error={error} />
    </form>
  );
}

/** Email and display name of one person. */
export function EditPersonForm({ person, onDone }: { person: Person; onDone: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    await catalogApi.updatePerson(person.id, {
      email: text(form, 'email'),
      displayName: text(form, 'displayName'),
    });
  }, onDone);
  return (
    <form className="catalog-form" aria-label={`Edit ${person.email}`} onSubmit={onSubmit}>
      <TextField label="Email" name="email" defaultValue={person.email} type="email" required />
      <TextField label="Display name" name="displayName" defaultValue={person.displayName} required />
      <FormActions busy={busy} label="Save person" error={error} />
    </form>
  );
}

/** Replaces the person's roles in one team with one role, or removes them from it. */
export function TeamRoleForm({
  person,
  teams,
  onDone,
}: {
  person: Person;
  teams: readonly Team[];
  onDone: () => void;
}) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const role = text(form, 'role');
    await catalogApi.setTeamRoles(person.id, text(form, 'team'), role ? [role] : []);
  }, onDone);
  return (
    <form className="catalog-form" aria-label={`Team role of ${person.email}`} onSubmit={onSubmit}>
      <TeamSelect teams={teams} />
      <RoleSelect none="no role (remove from the team)" />
      <FormActions busy={busy} label="Set team role" error={error} />
    </form>
  );
}
