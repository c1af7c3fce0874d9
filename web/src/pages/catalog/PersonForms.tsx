// Forms of the People page: create a person (with a first team role when the caller may hand out
// roles), edit a person's email and display name, and set their role in one team.
import { catalogApi, type Person, TEAM_ROLES, type Team } from '../../api/catalog.ts';
import { ErrorNote } from '../form-parts.tsx';
import { text, useSubmit } from './shared.tsx';

function RoleSelect({ label = 'Role', withNone }: { label?: string; withNone: string }) {
  return (
    <label>
      {label}
      <select name="role" defaultValue="">
        <option value="">{withNone}</option>
        {TEAM_ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
}

function TeamSelect({ teams }: { teams: readonly Team[] }) {
  return (
    <label>
      Team
      <select name="team" required defaultValue={teams[0]?.id ?? ''}>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.displayName}
          </option>
        ))}
      </select>
    </label>
  );
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
      <label>
        Email
        <input name="email" type="email" required placeholder="ann@example.com" />
      </label>
      <label>
        Display name
        <input name="displayName" placeholder="Ann Example" />
      </label>
      {props.mayGrant && props.teams.length > 0 && (
        <>
          <TeamSelect teams={props.teams} />
          <RoleSelect withNone="no role yet" />
        </>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Create person'}
        </button>
        <ErrorNote error={error} />
      </div>
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
      <label>
        Email
        <input name="email" type="email" required defaultValue={person.email} />
      </label>
      <label>
        Display name
        <input name="displayName" required defaultValue={person.displayName} />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save person'}
        </button>
        <ErrorNote error={error} />
      </div>
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
      <RoleSelect withNone="no role (remove from the team)" />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set team role'}
        </button>
        <ErrorNote error={error} />
      </div>
    </form>
  );
}
