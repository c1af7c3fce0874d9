// Pieces every form and page repeats: an error line screen readers announce, the exception expiry
// field (exceptions last at most 366 days), and a labelled filter select with an "any" choice.
import { dayFromNow } from '../api/waivers.ts';

export function ErrorNote({ error }: { readonly error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

export function ExpiryField({
  label = 'Expires',
  required = true,
}: {
  readonly label?: string;
  readonly required?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        name="expiresAt"
        type="date"
        required={required}
        defaultValue={dayFromNow(30)}
        min={dayFromNow(1)}
        max={dayFromNow(365)}
      />
    </label>
  );
}

export function AnySelect({
  label,
  value,
  choices,
  onChange,
}: {
  readonly label: string;
  readonly value: string;
  readonly choices: readonly string[];
  readonly onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <ChoiceOptions empty="any" choices={choices} />
      </select>
    </label>
  );
}

/** A select's options: an empty first choice labelled `empty`, then each choice as its own value. */
export function ChoiceOptions({
  empty,
  choices,
}: {
  readonly empty: string;
  readonly choices: readonly string[];
}) {
  return (
    <>
      <option value="">{empty}</option>
      {choices.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </>
  );
}
