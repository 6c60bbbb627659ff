import { useQuery } from 'urql';
import { ViewerQuery } from '../auth/auth.documents';
import { ComplianceBars, CountBars, RateDonut, WeeklyBarChart } from '../charts/charts';
import { useLiveQuery } from '../core/live-query';
import { rolesIn } from '../core/round-tables';
import { Link } from '../core/router';
import { ProgramGate, ProgramPicker, type ProgramSummary, useProgramChoice } from '../programs/program-picker';
import { PublicFormLink } from '../programs/public-form-link';
import { Page } from '../shell/page';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { DashboardQuery } from './dashboard.documents';

export const STATUS_LABELS: Record<string, string> = {
  submitted: 'Awaiting screening',
  eligible: 'Eligible',
  waitlisted: 'Waitlisted',
  matched: 'Matched',
  ineligible: 'Ineligible',
  withdrawn: 'Withdrawn',
};

/** The round table's home: the chosen program's figures, updated live. */
export const DashboardPage = () => {
  const roundTable = useRoundTable();
  const choice = useProgramChoice();
  const [{ data }] = useQuery({ query: ViewerQuery });
  const viewer = data?.viewer;

  return (
    <Page title="Dashboard" actions={<ProgramPicker choice={choice} />}>
      {viewer ? (
        <p className="whoami">
          Signed in as <span data-testid="viewer-email">{viewer.email}</span> · <span className="visually-hidden">Your role in {roundTable.short}: </span>
          <span data-testid="viewer-role">{rolesIn(viewer, roundTable.id) || 'None'}</span>
        </p>
      ) : null}
      <ProgramGate choice={choice}>{(program) => <ProgramFigures program={program} />}</ProgramGate>
    </Page>
  );
};

const Stat = ({ label, value, testId, hint }: { label: string; value: string | number; testId: string; hint?: string }) => (
  <div className="stat">
    <dt>{label}</dt>
    <dd data-testid={testId}>{value}</dd>
    {hint ? <dd className="stat-hint">{hint}</dd> : null}
  </div>
);

const ProgramFigures = ({ program }: { program: ProgramSummary }) => {
  const roundTable = useRoundTable();
  const [{ data, error }] = useLiveQuery({
    query: DashboardQuery,
    variables: { tenant: roundTable.id, programId: program.programId },
    topic: 'dashboardChanged',
  });
  if (error && !data)
    return (
      <p className="form-error" role="alert">
        The program’s figures could not be loaded: {error.message}
      </p>
    );
  if (!data)
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the program’s figures…
      </p>
    );
  const d = data.dashboard;
  const byStatus = (['submitted', 'eligible', 'waitlisted', 'matched', 'ineligible', 'withdrawn'] as const).map((status) => ({
    label: STATUS_LABELS[status] ?? status,
    count: data[status].totalCount,
    href: <Link to={`${sectionPath(roundTable.id, 'applications')}?status=${status}`}>{STATUS_LABELS[status]}</Link>,
  }));
  return (
    <>
      <section aria-labelledby="figures-title" className="figures">
        <h2 id="figures-title" className="visually-hidden">
          Figures
        </h2>
        <dl className="stats" aria-live="polite">
          <Stat
            label="Applications"
            value={d.applications}
            testId="stat-applications"
            hint={`${d.mentorApplications} mentors · ${d.menteeApplications} mentees`}
          />
          <Stat label="Awaiting screening" value={data.submitted.totalCount} testId="stat-submitted" />
          <Stat label="Mentees in the pool" value={d.menteePool} testId="stat-pool" />
          <Stat label="Pairs proposed" value={d.pairsProposed} testId="stat-proposed" />
          <Stat label="Pairs confirmed" value={d.pairsConfirmed} testId="stat-confirmed" hint={d.pairsEnded ? `${d.pairsEnded} ended early` : undefined} />
        </dl>
      </section>
      {d.applications === 0 ? (
        <section className="card next-step" aria-labelledby="next-title">
          <h2 id="next-title">No applications yet</h2>
          <p>Share the public application form below. Applications appear here the moment they are submitted.</p>
        </section>
      ) : null}
      <div className="chart-grid">
        <section className="card">
          <CountBars title="Applications by status" items={byStatus} />
        </section>
        <section className="card">
          <WeeklyBarChart weeks={d.applicationsPerWeek} />
        </section>
        <section className="card">
          <RateDonut rate={d.matchRate} confirmed={d.pairsConfirmed} pool={d.menteePool} />
          {d.pairsConfirmed === 0 ? (
            <p className="muted small">
              No pair is confirmed yet. <Link to={sectionPath(roundTable.id, 'matching')}>Run matching</Link> once applications are screened.
            </p>
          ) : null}
        </section>
        <section className="card">
          <ComplianceBars quarters={d.checkInCompliance} />
        </section>
      </div>
      <PublicFormLink program={program} />
    </>
  );
};
