import type { Severity, Status } from '../api.ts';

export function SeverityBadge({ severity }: { readonly severity: Severity }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status, overdue }: { readonly status: Status; readonly overdue?: boolean }) {
  return (
    <span className="status">
      <span className={`badge st-${status}`}>{status}</span>
      {overdue && <span className="badge overdue">overdue</span>}
    </span>
  );
}
