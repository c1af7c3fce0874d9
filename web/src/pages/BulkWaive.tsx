import type { FormEvent } from 'react';
import { useState } from 'react';
import { endOfDay, waiversApi } from '../api/waivers.ts';
import { errorMessage } from '../api.ts';
import { ErrorNote, ExpiryField } from './form-parts.tsx';

/** The bulk waive bar of the findings list: one reason and expiry for every selected finding. */
export function BulkWaiveBar({
  ids,
  onDone,
  onClear,
}: {
  readonly ids: readonly string[];
  readonly onDone: (changed: number) => void;
  readonly onClear: () => void;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError('');
    try {
      const result = await waiversApi.bulkWaive({
        ids,
        reason: String(data.get('reason') ?? '').trim(),
        expiresAt: endOfDay(String(data.get('expiresAt') ?? '')),
      });
      form.reset();
      onDone(result.changed.length);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="bulk-waive" onSubmit={submit} aria-label="Waive selected findings">
      <strong>{ids.length} selected</strong>
      <label className="grow">
        Reason
        <input name="reason" required maxLength={2000} />
      </label>
      <ExpiryField />
      <button type="submit" disabled={busy}>
        {busy ? 'Waiving…' : `Waive ${ids.length}`}
      </button>
      <button type="button" className="secondary" onClick={onClear}>
        Clear selection
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
