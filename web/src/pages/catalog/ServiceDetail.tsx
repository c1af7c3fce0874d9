import { useEffect, useState } from 'react';
import { canWrite, catalogApi, messageOf, type Service } from '../../api/catalog.ts';
import { hashLink } from '../hash-query.ts';
import { ServiceForm } from './ServiceForm.tsx';
import { CatalogPage, serviceHref, teamHref, useCatalogData, Value } from './shared.tsx';

/** `#/catalog/services/<name>`: the service's fields, a link to its findings, and its edit form. */
export function CatalogServicePage({ id }: { id: string }) {
  const { data, error: listError, reload } = useCatalogData();
  const [service, setService] = useState<Service>();
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    let live = true;
    setService(undefined);
    setError('');
    catalogApi.service(id).then(
      (s) => live && setService(s),
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  const team = service && data?.teams.find((t) => t.id === service.ownerTeamId);
  const system = service?.systemId ? data?.systems.find((s) => s.id === service.systemId) : undefined;
  const editable = service && data ? canWrite(data.caller, service.ownerTeamId) : false;
  return (
    <CatalogPage current="services" title={service?.name ?? id} error={error || listError}>
      {service && (
        <>
          <dl className="catalog-fields">
            <dt>Owner team</dt>
            <dd>{team ? <a href={teamHref(team)}>{team.displayName}</a> : <Value value={null} />}</dd>
            <dt>Tier</dt>
            <dd data-field="tier">
              <Value value={service.tier} />
            </dd>
            <dt>Data classification</dt>
            <dd data-field="dataClassification">
              <Value value={service.dataClassification} />
            </dd>
            <dt>Repository</dt>
            <dd>
              {service.repository ? (
                <a href={service.repository} rel="noreferrer noopener" target="_blank">
                  {service.repository}
                </a>
              ) : (
                <Value value={null} />
              )}
            </dd>
            <dt>System</dt>
            <dd>
              <Value value={system?.displayName} />
            </dd>
            <dt>Lifecycle</dt>
            <dd data-field="lifecycle">
              <Value value={service.lifecycle} />
            </dd>
            <dt>Type</dt>
            <dd>
              <Value value={service.type} />
            </dd>
          </dl>
          <p>
            <a className="button" href={hashLink('findings', { service: service.name })}>
              Findings of {service.name}
            </a>
          </p>
          {editable && data && (
            <>
              <h2>Edit service</h2>
              {saved && (
                <p className="muted" role="status">
                  Saved.
                </p>
              )}
              <ServiceForm
                key={service.updatedAt ?? service.id}
                service={service}
                teams={data.teams.filter((t) => canWrite(data.caller, t.id))}
                systems={data.systems}
                submitLabel="Save service"
                onSubmit={async (fields) => {
                  const updated = await catalogApi.updateService(service.id, fields);
                  setService(updated);
                  setSaved(true);
                  reload();
                  if (updated.name !== id) location.hash = serviceHref(updated);
                }}
              />
            </>
          )}
        </>
      )}
    </CatalogPage>
  );
}
