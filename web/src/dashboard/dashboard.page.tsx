import { useQuery } from 'urql';
import { ViewerQuery } from '../auth/auth.documents';
import { rolesIn } from '../core/round-tables';
import { Link } from '../core/router';
import { EmptyState } from '../shell/empty-state';
import { DashboardIcon } from '../shell/icons';
import { Page } from '../shell/page';
import { useRoundTable } from '../shell/round-table-context';
import { SECTIONS, sectionPath } from '../shell/sections';

/** The round table's home. Program figures arrive with the program API; today: who you are here, and where to go. */
export const DashboardPage = () => {
  const roundTable = useRoundTable();
  const [{ data, fetching, error }] = useQuery({ query: ViewerQuery });
  const viewer = data?.viewer;

  return (
    <Page title="Dashboard">
      <section className="card welcome" aria-labelledby="welcome-title" aria-busy={fetching && !viewer}>
        <h2 id="welcome-title">Welcome{viewer ? `, ${viewer.name.split(' ')[0]}` : ''}</h2>
        {error ? (
          <p className="form-error" role="alert">
            Your details could not be loaded: {error.message}
          </p>
        ) : viewer ? (
          <dl className="facts">
            <div>
              <dt>Signed in as</dt>
              <dd data-testid="viewer-email">{viewer.email}</dd>
            </div>
            <div>
              <dt>Your role in {roundTable.short}</dt>
              <dd data-testid="viewer-role">{rolesIn(viewer, roundTable.id) || 'None'}</dd>
            </div>
          </dl>
        ) : (
          <p className="muted" role="status">
            Loading your details…
          </p>
        )}
      </section>
      <EmptyState icon={<DashboardIcon />} title="No program figures yet">
        <p>{SECTIONS[0].upcoming.summary}</p>
        <ul className="checklist">
          {SECTIONS[0].upcoming.points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
        <p className="muted">
          Meanwhile, see what is planned for <Link to={sectionPath(roundTable.id, 'applications')}>applications</Link> and the{' '}
          <Link to={sectionPath(roundTable.id, 'matching')}>matching board</Link>.
        </p>
      </EmptyState>
    </Page>
  );
};
