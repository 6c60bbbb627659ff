import { useViewer } from '../auth/session-context';
import { mayAudit } from '../core/permissions';
import { Link, searchParam, segments, useLocation } from '../core/router';
import { EmptyState } from '../shell/empty-state';
import { AuditIcon } from '../shell/icons';
import { Page } from '../shell/page';
import { useRoundTable } from '../shell/round-table-context';
import { SectionTabs } from '../shell/section-tabs';
import { sectionPath } from '../shell/sections';
import { AsOf } from './as-of';
import { AuditClientProvider } from './audit-client';
import { ChainStatus, HistoryExport } from './integrity';
import { StreamHistory } from './stream-history';
import { Timeline } from './timeline';

const VIEWS = [
  { id: '', label: 'Event history' },
  { id: 'as-of', label: 'Program as of a date' },
  { id: 'integrity', label: 'Verification and export' },
] as const;

/**
 * The auditor's section: the round table's event history with filters, one stream's history,
 * a program as of any moment, the hash chain's verification and the export.
 * `/t/{rt}/audit`, `…/audit/stream?id=…`, `…/audit/as-of?program=…&at=…`, `…/audit/integrity`.
 */
export const AuditPage = () => {
  const roundTable = useRoundTable();
  const viewer = useViewer();
  const location = useLocation();
  const view = segments(location)[3] ?? '';
  const base = sectionPath(roundTable.id, 'audit');

  if (!mayAudit(viewer, roundTable.id))
    return (
      <Page title="Audit">
        <EmptyState icon={<AuditIcon />} title="Auditors and admins only">
          <p>
            The full history, past states and the export are open to the {roundTable.short}’s auditors and admins. Ask the round table’s chair for the auditor
            role if you need them.
          </p>
        </EmptyState>
      </Page>
    );

  if (view === 'stream') {
    const streamId = searchParam(location, 'id') ?? '';
    return (
      <AuditClientProvider>
        <Page title="Stream history" crumbs={[{ label: 'Audit', to: base }]}>
          <StreamHistory key={streamId} streamId={streamId} />
        </Page>
      </AuditClientProvider>
    );
  }

  const current = VIEWS.find((v) => v.id === view);
  if (!current)
    return (
      <Page title="Audit">
        <EmptyState icon={<AuditIcon />} title="No such audit view">
          <p>
            Go back to the <Link to={base}>event history</Link>.
          </p>
        </EmptyState>
      </Page>
    );

  return (
    <AuditClientProvider>
      <Page title={current.id ? current.label : 'Audit'} crumbs={current.id ? [{ label: 'Audit', to: base }] : []}>
        <SectionTabs section="audit" label="Audit views" views={VIEWS} current={current.id} />
        {current.id === '' ? <Timeline /> : null}
        {current.id === 'as-of' ? <AsOf /> : null}
        {current.id === 'integrity' ? (
          <>
            <ChainStatus />
            <HistoryExport />
          </>
        ) : null}
      </Page>
    </AuditClientProvider>
  );
};
