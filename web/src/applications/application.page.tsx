import { useRef, useState } from 'react';
import { type CombinedError, useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/session-context';
import { errorMessage } from '../core/api-errors';
import { mayAct } from '../core/permissions';
import { Link } from '../core/router';
import type { ApplicationQuery as ApplicationQueryResult } from '../gql/graphql';
import { pairPath } from '../pairs/pair-format';
import { Page } from '../shell/page';
import { ReasonForm } from '../shell/reason-form';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { StatusBadge } from '../shell/status-badge';
import {
  ApplicationQuery,
  PromoteApplicationMutation,
  ScreenApplicationMutation,
  WaitlistApplicationMutation,
  WithdrawApplicationMutation,
} from './application.documents';
import { formatDate, type Labels, useFormLabels } from './applications.page';

type Step = null | 'turn-down' | 'waitlist' | 'promote' | 'withdraw';

const formatAnswer = (value: unknown, labels: Labels): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map((v) => labels.option(String(v))).join('; ') || '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return labels.option(value);
  return String(value);
};

/** One application: every answer, its screening and status, and the committee's decisions. */
export const ApplicationPage = ({ applicationId }: { applicationId: string }) => {
  const roundTable = useRoundTable();
  const viewer = useViewer();
  const [{ data, error }, refetch] = useQuery({ query: ApplicationQuery, variables: { tenant: roundTable.id, applicationId } });
  const application = data?.application;
  const crumbs = [{ label: 'Applications', to: sectionPath(roundTable.id, 'applications') }];

  if (!application)
    return (
      <Page title={error ? 'Application not found' : 'Application'} crumbs={crumbs}>
        {error ? (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        ) : (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading the application…
          </p>
        )}
      </Page>
    );

  return (
    <Page title={application.name} crumbs={crumbs} actions={<StatusBadge status={application.status} />}>
      <ApplicationDetail application={application} mayDecide={mayAct(viewer, roundTable.id)} refresh={() => refetch({ requestPolicy: 'network-only' })} />
    </Page>
  );
};

type ApplicationData = ApplicationQueryResult['application'];

const ApplicationDetail = ({ application, mayDecide, refresh }: { application: ApplicationData; mayDecide: boolean; refresh(): void }) => {
  const roundTable = useRoundTable();
  const { labels, questions } = useFormLabels(roundTable.id, application.programId);
  const answers = (application.answers ?? {}) as Record<string, unknown>;
  // Free-text answers are personal data: the API returns them joined as `interests`, not in `answers`.
  const freeText = (type: string) => type === 'text' || type === 'longText';
  const asked = questions.filter((q) => (q.appliesTo === 'both' || q.appliesTo === application.role) && !(freeText(q.type) && answers[q.id] === undefined));
  const extra = Object.keys(answers).filter((key) => !asked.some((q) => q.id === key));

  return (
    <div className="detail-grid">
      <div>
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">Applicant</h2>
          <dl className="facts">
            <div>
              <dt>Applies as</dt>
              <dd>{application.role === 'mentor' ? 'Mentor' : 'Mentee'}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{application.email ? <a href={`mailto:${application.email}`}>{application.email}</a> : '—'}</dd>
            </div>
            <div>
              <dt>Affiliation</dt>
              <dd>{application.affiliation || '—'}</dd>
            </div>
            <div>
              <dt>Career stage</dt>
              <dd>{labels.stage(application.careerStage)}</dd>
            </div>
            <div>
              <dt>Round-table member</dt>
              <dd>{application.membership ? 'Yes' : 'No'}</dd>
            </div>
            {application.role === 'mentor' ? (
              <div>
                <dt>Mentees they can take</dt>
                <dd>{application.mentorCapacity ?? '—'}</dd>
              </div>
            ) : (
              <div>
                <dt>Priority tier</dt>
                <dd>{application.tier ?? 'None'}</dd>
              </div>
            )}
            <div>
              <dt>Submitted</dt>
              <dd>
                {formatDate(application.submittedAt)}
                {application.windowOverride ? ' (let in outside the window)' : ''}
              </dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="answers-title">
          <h2 id="answers-title">Answers</h2>
          <dl className="answers">
            {asked.map((q) => (
              <div key={q.id}>
                <dt>{q.label}</dt>
                <dd>{formatAnswer(answers[q.id], labels)}</dd>
              </div>
            ))}
            {extra.map((key) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{formatAnswer(answers[key], labels)}</dd>
              </div>
            ))}
            {application.interests ? (
              <div>
                <dt>In their own words</dt>
                <dd>{application.interests}</dd>
              </div>
            ) : null}
          </dl>
        </section>
      </div>
      <Decisions application={application} mayDecide={mayDecide} refresh={refresh} />
    </div>
  );
};

const Decisions = ({ application, mayDecide, refresh }: { application: ApplicationData; mayDecide: boolean; refresh(): void }) => {
  const roundTable = useRoundTable();
  const [step, setStep] = useState<Step>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [screen, runScreen] = useMutation(ScreenApplicationMutation);
  const [waitlist, runWaitlist] = useMutation(WaitlistApplicationMutation);
  const [promote, runPromote] = useMutation(PromoteApplicationMutation);
  const [withdraw, runWithdraw] = useMutation(WithdrawApplicationMutation);
  const [failure, setFailure] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const busy = screen.fetching || waitlist.fetching || promote.fetching || withdraw.fetching;
  const base = { tenant: roundTable.id, programId: application.programId, applicationId: application.applicationId };

  const done = async (result: Promise<{ error?: CombinedError }>, success: string) => {
    setFailure(null);
    setNotice(null);
    const { error } = await result;
    if (error) {
      setFailure(errorMessage(error));
      return;
    }
    setStep(null);
    setNotice(success);
    refresh();
    headingRef.current?.focus();
  };

  const status = application.status;
  return (
    <aside className="card decisions" aria-labelledby="decision-title">
      <h2 id="decision-title" ref={headingRef} tabIndex={-1}>
        Screening and status
      </h2>
      <p>
        <StatusBadge status={status} />
      </p>
      {application.pairIds.map((pairId, i) => (
        <p key={pairId} data-testid="pair-link">
          <Link to={pairPath(roundTable.id, pairId)}>{application.pairIds.length > 1 ? `Pair ${i + 1}` : 'Their pair'}: check-ins and completion</Link>
        </p>
      ))}
      {application.screeningReason ? (
        <p data-testid="screening-reason">
          <strong>Screening:</strong> {application.screeningReason}
          {application.screeningRule ? <span className="muted"> (rule: {application.screeningRule})</span> : null}
        </p>
      ) : null}
      {application.statusReason && application.statusReason !== application.screeningReason ? (
        <p data-testid="status-reason">
          <strong>Why:</strong> {application.statusReason}
        </p>
      ) : null}
      {application.promotionSuggested ? <p className="notice">A mentor place is free: the waitlist suggests promoting this applicant.</p> : null}
      <p className="notice-success" role="status">
        {notice}
      </p>
      {failure ? (
        <p className="form-error" role="alert">
          {failure}
        </p>
      ) : null}
      {!mayDecide ? (
        <p className="muted">Your role here is read-only: committee members screen applications.</p>
      ) : step === 'turn-down' ? (
        <ReasonForm
          label="Why is the application ineligible?"
          confirm="Mark ineligible"
          danger
          busy={busy}
          onCancel={() => setStep(null)}
          onSubmit={(reason) => void done(runScreen({ ...base, turnDownReason: reason }), 'Marked ineligible.')}
        />
      ) : step === 'waitlist' ? (
        <ReasonForm
          label="Why does the applicant wait?"
          confirm="Put on the waitlist"
          busy={busy}
          onCancel={() => setStep(null)}
          onSubmit={(reason) => void done(runWaitlist({ ...base, reason }), 'Put on the waitlist.')}
        />
      ) : step === 'promote' ? (
        <ReasonForm
          label="Why promote now?"
          confirm="Promote into the pool"
          busy={busy}
          placeholder="e.g. a mentor place became free"
          onCancel={() => setStep(null)}
          onSubmit={(reason) => void done(runPromote({ ...base, reason }), 'Promoted into the pool.')}
        />
      ) : step === 'withdraw' ? (
        <ReasonForm
          label={status === 'matched' ? 'Why is the application withdrawn? Its confirmed pair ends with it.' : 'Why is the application withdrawn?'}
          confirm="Withdraw the application"
          danger
          busy={busy}
          placeholder="e.g. the applicant asked by email"
          onCancel={() => setStep(null)}
          onSubmit={(reason) => void done(runWithdraw({ ...base, reason }), 'Withdrawn.')}
        />
      ) : (
        <div className="button-stack">
          {status === 'submitted' ? (
            <>
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                aria-busy={busy}
                onClick={() => void done(runScreen(base), 'Screened by the program’s rules.')}
              >
                {busy ? <span className="spinner" aria-hidden="true" /> : null}
                Screen by the rules
              </button>
              <p className="muted small">The template’s eligibility rules decide eligible or ineligible, with the reason.</p>
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => setStep('turn-down')}>
                Mark ineligible…
              </button>
            </>
          ) : null}
          {status === 'eligible' ? (
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => setStep('waitlist')}>
              Put on the waitlist…
            </button>
          ) : null}
          {status === 'waitlisted' ? (
            <button type="button" className="button button-primary" disabled={busy} onClick={() => setStep('promote')}>
              Promote into the pool…
            </button>
          ) : null}
          {status !== 'withdrawn' ? (
            <button type="button" className="button button-quiet" disabled={busy} onClick={() => setStep('withdraw')}>
              Withdraw…
            </button>
          ) : null}
          {status === 'matched' || status === 'eligible' ? (
            <p className="muted small">
              Pairs are made on the <Link to={sectionPath(roundTable.id, 'matching')}>matching board</Link>.
            </p>
          ) : null}
        </div>
      )}
    </aside>
  );
};
