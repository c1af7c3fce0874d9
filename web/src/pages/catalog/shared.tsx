import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import {
  type Caller,
  catalogApi,
  messageOf,
  type Service,
  type System,
  type Team,
} from '../../api/catalog.ts';
import { ErrorNote } from '../form-parts.tsx';

export interface CatalogData {
  readonly caller: Caller;
  readonly teams: readonly Team[];
  readonly services: readonly Service[];
  readonly systems: readonly System[];
}

/** Loads what every catalog page shows; `reload` after a write. */
export function useCatalogData(): {
  data?: CatalogData;
  error: string;
  reload: () => void;
} {
  const [data, setData] = useState<CatalogData>();
  const [error, setError] = useState('');
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    // generation is read so a reload re-runs this effect.
    void generation;
    Promise.all([catalogApi.caller(), catalogApi.teams(), catalogApi.services(), catalogApi.systems()]).then(
      ([caller, teams, services, systems]) => live && setData({ caller, teams, services, systems }),
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [generation]);
  return { ...(data ? { data } : {}), error, reload: () => setGeneration((g) => g + 1) };
}

const TABS = [
  { href: '#/catalog/teams', label: 'Teams', key: 'teams' },
  { href: '#/catalog/services', label: 'Services', key: 'services' },
  { href: '#/catalog/systems', label: 'Systems', key: 'systems' },
  { href: '#/catalog/people', label: 'People', key: 'people' },
  { href: '#/catalog/import', label: 'Import', key: 'import' },
] as const;

type CatalogTab = (typeof TABS)[number]['key'];

/** The catalog's sub-navigation; every catalog page starts with it (CatalogPage). */
function CatalogTabs({ current }: { current: CatalogTab }) {
  return (
    <nav className="catalog-tabs" aria-label="Catalog">
      {TABS.map((t) => (
        <a key={t.key} href={t.href} aria-current={t.key === current ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}

/** A catalog page: its heading, the tabs, and the load error if any. */
export function CatalogPage({
  current,
  title = 'Catalog',
  error,
  children,
}: {
  current: CatalogTab;
  title?: string;
  error?: string;
  children?: ReactNode;
}) {
  return (
    <section>
      <h1>{title}</h1>
      <CatalogTabs current={current} />
      <ErrorNote error={error} />
      {children}
    </section>
  );
}

export const teamHref = (t: Team) => `#/catalog/teams/${encodeURIComponent(t.name)}`;
export const serviceHref = (s: Service) => `#/catalog/services/${encodeURIComponent(s.name)}`;

/** `value` or a muted dash. */
export function Value({ value }: { value: string | null | undefined }) {
  return value || <span className="muted">—</span>;
}

/** Runs a form's submit with a busy flag and an error line; `done` after a success. */
export function useSubmit(
  work: (form: FormData, element: HTMLFormElement) => Promise<void>,
  done: () => void = () => undefined,
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const element = e.currentTarget;
    setBusy(true);
    setError('');
    try {
      await work(new FormData(element), element);
      done();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, onSubmit };
}

/** A form field's trimmed text ('' when absent). */
export const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();
