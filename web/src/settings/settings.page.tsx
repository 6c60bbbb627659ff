import { useViewer } from '../auth/session-context';
import { mayAdminister, mayCoordinate } from '../core/permissions';
import { Link, segments, useLocation } from '../core/router';
import { EmptyState } from '../shell/empty-state';
import { SettingsIcon } from '../shell/icons';
import { Page } from '../shell/page';
import { useRoundTable } from '../shell/round-table-context';
import { SectionTabs } from '../shell/section-tabs';
import { sectionPath } from '../shell/sections';
import { ProgramSettings } from './programs';
import { CommitteeCard, ProfileCard } from './round-table';
import { TemplateSettings } from './templates';

const VIEWS = [
  { id: '', label: 'Round table and committee' },
  { id: 'template', label: 'Program template' },
  { id: 'programs', label: 'Program cycles' },
] as const;

/**
 * How the round table runs its programs: `/t/{rt}/settings` (profile, committee),
 * `…/settings/template` (the template and its public form), `…/settings/programs` (the cycles).
 * Everyone on the committee reads them; admins change the profile and committee, coordinators
 * (and admins) edit the templates and run the program cycles. The API checks every command again.
 */
export const SettingsPage = () => {
  const roundTable = useRoundTable();
  const viewer = useViewer();
  const location = useLocation();
  const view = segments(location)[3] ?? '';
  const current = VIEWS.find((v) => v.id === view);
  const admin = mayAdminister(viewer, roundTable.id);
  const coordinates = mayCoordinate(viewer, roundTable.id);
  const base = sectionPath(roundTable.id, 'settings');
  if (!current)
    return (
      <Page title="Settings">
        <EmptyState icon={<SettingsIcon />} title="No such settings page">
          <p>
            Go back to the <Link to={base}>settings</Link>.
          </p>
        </EmptyState>
      </Page>
    );
  return (
    <Page title={current.id ? current.label : 'Settings'} crumbs={current.id ? [{ label: 'Settings', to: base }] : []}>
      <SectionTabs section="settings" label="Settings views" views={VIEWS} current={current.id} />
      {current.id === '' ? (
        <>
          <ProfileCard mayEdit={admin} />
          <CommitteeCard mayEdit={admin} />
        </>
      ) : null}
      {current.id === 'template' ? <TemplateSettings mayEdit={coordinates} /> : null}
      {current.id === 'programs' ? <ProgramSettings mayRun={coordinates} /> : null}
    </Page>
  );
};
