// Form and table parts the catalog pages share, so a team, a system, a service and a person are
// named, picked and listed the same way everywhere (and the name pattern matches the API's).
import type { ReactNode } from 'react';
import { ChoiceOptions, ErrorNote } from '../form-parts.tsx';

/** The API's catalog name rule (src/catalog): a letter or digit, then up to 99 of `[A-Za-z0-9._-]`. */
const NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}';

export function NameField({
  defaultValue = '',
  placeholder,
}: {
  defaultValue?: string;
  placeholder?: string;
}) {
  return (
    <label>
      Name
      <input
        name="name"
        required
        defaultValue={defaultValue}
        pattern={NAME_PATTERN}
        {...(placeholder ? { placeholder } : {})}
      />
    </label>
  );
}

/** A labelled text input; empty optional fields are read as absent by the forms. */
export function TextField({
  label,
  name,
  defaultValue,
  placeholder,
  type,
  required,
}: {
  label: string;
  name: string;
  defaultValue?: string | null;
  placeholder?: string;
  type?: 'email' | 'url';
  required?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        name={name}
        defaultValue={defaultValue ?? ''}
        {...(type ? { type } : {})}
        {...(required ? { required } : {})}
        {...(placeholder ? { placeholder } : {})}
      />
    </label>
  );
}

interface Named {
  readonly id: string;
  readonly displayName: string;
}

/**
 * A select of catalog entities by id. With `none`, an empty first choice labelled `none` (the
 * field is optional); without, the field is required and defaults to the first entity.
 */
export function EntitySelect({
  label,
  name,
  items,
  defaultValue,
  none,
}: {
  label: string;
  name: string;
  items: readonly Named[];
  defaultValue?: string | null;
  none?: string;
}) {
  const optional = none !== undefined;
  return (
    <label>
      {label}
      <select
        name={name}
        required={!optional}
        defaultValue={defaultValue ?? (optional ? '' : (items[0]?.id ?? ''))}
      >
        {optional && <option value="">{none}</option>}
        {items.map((t) => (
          <option key={t.id} value={t.id}>
            {t.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A select of fixed choices (tier, role…) whose first, empty choice is labelled `none`. */
export function ChoiceSelect({
  label,
  name,
  choices,
  defaultValue,
  none,
}: {
  label: string;
  name: string;
  choices: readonly string[];
  defaultValue?: string | null;
  none: string;
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={defaultValue ?? ''}>
        <ChoiceOptions empty={none} choices={choices} />
      </select>
    </label>
  );
}

/** The submit button (busy while saving) and the error line under a catalog form. */
export function FormActions({ busy, label, error }: { busy: boolean; label: string; error: string }) {
  return (
    <div className="form-actions">
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : label}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  readonly className?: string;
}

/**
 * A catalog list: a table whose cells carry their column's header as `data-label` (the narrow
 * layout shows it beside each value), or `empty` when there are no rows.
 */
export function CatalogTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowProps,
  empty,
}: {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** `data-*` attributes (so a test or a user script finds a row by name) or a class of a row. */
  rowProps?: (row: T) => Record<`data-${string}`, string> | { className: string };
  empty: string;
}) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="findings catalog-table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header}>{c.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((c) => (
              <td key={c.header} data-label={c.header} {...(c.className ? { className: c.className } : {})}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A column whose cell opens an edit form in a disclosure. */
export function editColumn<T>(form: (row: T) => ReactNode): Column<T> {
  return {
    header: 'Edit',
    cell: (row) => (
      <details>
        <summary>Edit</summary>
        {form(row)}
      </details>
    ),
  };
}
