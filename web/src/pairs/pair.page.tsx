import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { useSessionStore, useViewer } from '../auth/session-context';
import { errorMessage } from '../core/api-errors';
import { useCommand } from '../core/command';
import { mayAct, mayCoordinate } from '../core/permissions';
import { Link } from '../core/router';
import { EndPairMutation } from '../matching/matching.documents';
import { Page } from '../shell/page';
import { ReasonForm } from '../shell/reason-form';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { StatusBadge } from '../shell/status-badge';
import {
  attendanceText,
  type CheckInData,
  type CheckInPolicy,
  cadenceText,
  capitalise,
  formatDay,
  type PairData,
  pairStatus,
  publicOutputsPath,
  recognitionOf,
  requirementsOf,
  today,
} from './pair-format';
import {
  CompleteParticipationMutation,
  IssueAppreciationLetterMutation,
  IssueCertificateMutation,
  PairProgramQuery,
  PairQuery,
  RecordCheckInHeldMutation,
  RecordCheckInMissedMutation,
  RecordFinalPresentationMutation,
  RecordOutputMutation,
  ScheduleCheckInMutation,
} from './pairs.documents';
import { useCheckInPolicy } from './pairs.page';
import { downloadRecognition, type RecognitionKind, recognitionFilename, recognitionPath } from './recognition-download';

interface PairContext {
  tenant: string;
  pair: PairData;
  /** Committee work on this pair (check-ins, outputs, the final presentation). */
  mayRecord: boolean;
  /** Completion, recognition and ending the pair: coordinators. */
  mayCoordinate: boolean;
  refresh(): void;
}

/** One confirmed pair: its check-ins, outputs, final presentation, completion and recognition. */
export const PairPage = ({ pairId }: { pairId: string }) => {
  const roundTable = useRoundTable();
  const viewer = useViewer();
  const [{ data, error }, refetch] = useQuery({ query: PairQuery, variables: { tenant: roundTable.id, pairId } });
  const pair = data?.pair;
  const crumbs = [{ label: 'Pairs', to: sectionPath(roundTable.id, 'pairs') }];

  if (!pair)
    return (
      <Page title={error ? 'Pair not found' : 'Pair'} crumbs={crumbs}>
        {error ? (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        ) : (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading the pair…
          </p>
        )}
      </Page>
    );

  const context: PairContext = {
    tenant: roundTable.id,
    pair,
    mayRecord: mayAct(viewer, roundTable.id),
    mayCoordinate: mayCoordinate(viewer, roundTable.id),
    refresh: () => refetch({ requestPolicy: 'network-only' }),
  };
  return (
    <Page
      title={`${pair.menteeName ?? 'Unknown mentee'} with ${pair.mentorName ?? 'unknown mentor'}`}
      crumbs={crumbs}
      actions={<StatusBadge status={pairStatus(pair.status)} />}
    >
      <PairDetail context={context} />
    </Page>
  );
};

const PairDetail = ({ context }: { context: PairContext }) => {
  const { pair, tenant } = context;
  const [{ data }] = useQuery({ query: PairProgramQuery, variables: { tenant, programId: pair.programId } });
  const policy = useCheckInPolicy(tenant, data?.program.templateId);
  const applicationPath = (id: string) => `${sectionPath(tenant, 'applications')}/${encodeURIComponent(id)}`;
  const requirements = requirementsOf(pair);
  return (
    <div className="detail-grid pair-detail">
      <div>
        <section className="card" aria-labelledby="pair-about-title">
          <h2 id="pair-about-title">The pair</h2>
          <dl className="facts">
            <div>
              <dt>Mentee</dt>
              <dd>
                <Link to={applicationPath(pair.menteeApplicationId)}>{pair.menteeName ?? 'Unknown'}</Link>
              </dd>
            </div>
            <div>
              <dt>Mentor</dt>
              <dd>
                <Link to={applicationPath(pair.mentorApplicationId)}>{pair.mentorName ?? 'Unknown'}</Link>
              </dd>
            </div>
            <div>
              <dt>Program</dt>
              <dd>{data?.program.title ?? pair.programId}</dd>
            </div>
          </dl>
        </section>
        <CheckIns context={context} policy={policy} />
        <Outputs context={context} />
        {requirements.finalPresentation || pair.finalPresentationOn ? <FinalPresentation context={context} /> : null}
      </div>
      <Completion context={context} />
    </div>
  );
};

/** A command's outcome under its controls: the notice for screen readers and sighted people, the API's message on failure. */
const Outcome = ({ notice, error }: { notice: string | null; error: string | null }) => (
  <>
    <p className="notice-success" role="status">
      {notice}
    </p>
    {error ? (
      <p className="form-error" role="alert">
        {error}
      </p>
    ) : null}
  </>
);

/** A small inline form: its fields, the confirming button (busy while the command runs) and Cancel. */
const StepForm = ({
  label,
  confirm,
  busy,
  onSubmit,
  onCancel,
  children,
}: {
  label: string;
  confirm: string;
  busy: boolean;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
}) => {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => ref.current?.querySelector<HTMLElement>('input, textarea, select')?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form ref={ref} className="step pair-form" aria-label={label} onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      {children}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {confirm}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
};

const CheckIns = ({ context, policy }: { context: PairContext; policy: CheckInPolicy | null }) => {
  const { pair } = context;
  const required = requirementsOf(pair).checkInsHeld;
  const active = pair.status === 'active';
  return (
    <section className="card" aria-labelledby="checkins-title">
      <h2 id="checkins-title">Check-ins</h2>
      <p className="muted">
        {cadenceText(policy)} {required > 0 ? `Completion needs ${required} held: ${pair.checkInsHeld} so far.` : `${pair.checkInsHeld} held so far.`}
      </p>
      {pair.checkIns.length === 0 ? (
        <p className="empty-line">
          No check-in is scheduled yet. {policy?.kind === 'scheduled' ? 'The program’s schedule is added when a coordinator starts the program; ' : ''}
          {active ? 'schedule one below when the pair agrees a date.' : ''}
        </p>
      ) : (
        <ol className="checkin-list">
          {pair.checkIns.map((checkIn) => (
            <li key={checkIn.checkInId}>
              <CheckInItem context={context} checkIn={checkIn} />
            </li>
          ))}
        </ol>
      )}
      {context.mayRecord && active ? <ScheduleCheckIn context={context} policy={policy} /> : null}
    </section>
  );
};

const CheckInItem = ({ context, checkIn }: { context: PairContext; checkIn: CheckInData }) => {
  const { pair, tenant } = context;
  const command = useCommand(context.refresh);
  const [step, setStep] = useState<null | 'held' | 'missed'>(null);
  const [heldOn, setHeldOn] = useState(() => [checkIn.dueOn, today()].sort()[0] as string); // the due date, unless it is still ahead
  const [mentor, setMentor] = useState(true);
  const [mentee, setMentee] = useState(true);
  const [notes, setNotes] = useState('');
  const ids = { title: useId(), heldOn: useId(), mentor: useId(), mentee: useId(), notes: useId(), notesHint: useId() };
  const base = { tenant, pairId: pair.pairId, checkInId: checkIn.checkInId };
  const busy = command.busy !== null;
  const label = capitalise(checkIn.label);

  return (
    <article className={`checkin checkin-${checkIn.status}`} aria-labelledby={ids.title}>
      <div className="checkin-head">
        <h3 id={ids.title}>{label}</h3>
        <StatusBadge status={checkIn.status} />
      </div>
      <p className="checkin-meta">
        Due {formatDay(checkIn.dueOn)}
        {checkIn.status === 'scheduled' && checkIn.dueOn < today() ? <strong className="overdue"> (overdue)</strong> : null} · {checkIn.mode}
        {checkIn.status === 'held' ? ` · held ${formatDay(checkIn.heldOn)} · ${attendanceText(checkIn)}` : ''}
      </p>
      {checkIn.status === 'missed' && checkIn.missedReason ? <p className="checkin-reason">Missed: {checkIn.missedReason}</p> : null}
      {checkIn.notes ? (
        <div className="checkin-notes">
          <p className="checkin-notes-label">Notes</p>
          <p>{checkIn.notes}</p>
        </div>
      ) : null}
      {/* The badge and the details show the outcome; the notice is for screen readers. */}
      <p className="visually-hidden" role="status">
        {command.notice}
      </p>
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
      {!context.mayRecord || pair.status !== 'active' || checkIn.status !== 'scheduled' ? null : step === 'held' ? (
        <StepForm
          label={`Record “${label}” as held`}
          confirm="Record as held"
          busy={busy}
          onCancel={() => setStep(null)}
          onSubmit={() =>
            void command
              .perform(
                'held',
                RecordCheckInHeldMutation,
                { ...base, heldOn, mentorAttended: mentor, menteeAttended: mentee, notes: notes.trim() || null },
                `${label} recorded as held.`,
              )
              .then((done) => done && setStep(null))
          }
        >
          <div className="field">
            <label htmlFor={ids.heldOn}>Held on</label>
            <input id={ids.heldOn} type="date" value={heldOn} onChange={(event) => setHeldOn(event.target.value)} />
          </div>
          <fieldset className="question">
            <legend>Who attended</legend>
            <div className="field field-check">
              <input id={ids.mentor} type="checkbox" checked={mentor} onChange={(event) => setMentor(event.target.checked)} />
              <label htmlFor={ids.mentor}>The mentor, {pair.mentorName ?? 'unknown'}</label>
            </div>
            <div className="field field-check">
              <input id={ids.mentee} type="checkbox" checked={mentee} onChange={(event) => setMentee(event.target.checked)} />
              <label htmlFor={ids.mentee}>The mentee, {pair.menteeName ?? 'unknown'}</label>
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={ids.notes}>
              Notes <span className="optional">(optional)</span>
            </label>
            <p id={ids.notesHint} className="hint">
              Kept as the mentee’s personal data: erased with it.
            </p>
            <textarea
              id={ids.notes}
              rows={3}
              maxLength={4000}
              value={notes}
              aria-describedby={ids.notesHint}
              onChange={(event) => setNotes(event.target.value)}
            />
          </div>
        </StepForm>
      ) : step === 'missed' ? (
        <ReasonForm
          label="Why was it missed?"
          confirm="Record as missed"
          danger
          busy={busy}
          placeholder="e.g. the mentee was ill; they meet again next month"
          onCancel={() => setStep(null)}
          onSubmit={(reason) =>
            void command
              .perform('missed', RecordCheckInMissedMutation, { ...base, reason }, `${label} recorded as missed.`)
              .then((done) => done && setStep(null))
          }
        />
      ) : (
        <div className="button-row">
          <button type="button" className="button button-secondary button-small" onClick={() => setStep('held')}>
            Record as held…
          </button>
          <button type="button" className="button button-quiet button-small" onClick={() => setStep('missed')}>
            Record as missed…
          </button>
        </div>
      )}
    </article>
  );
};

const MODES = ['virtual', 'in person', 'at the conference', 'as agreed'];

const ScheduleCheckIn = ({ context, policy }: { context: PairContext; policy: CheckInPolicy | null }) => {
  const command = useCommand(context.refresh);
  const [open, setOpen] = useState(false);
  const [dueOn, setDueOn] = useState(today);
  const [label, setLabel] = useState('');
  const [mode, setMode] = useState(policy?.kind === 'scheduled' ? policy.mode : 'as agreed');
  const ids = { dueOn: useId(), label: useId(), mode: useId(), suggestions: useId() };
  const suggestions = policy?.kind === 'as-agreed' ? policy.suggestions : [];
  return (
    <div className="schedule-checkin">
      <Outcome notice={command.notice} error={command.error} />
      {open ? (
        <StepForm
          label="Schedule a check-in"
          confirm="Schedule the check-in"
          busy={command.busy !== null}
          onCancel={() => setOpen(false)}
          onSubmit={() =>
            void command
              .perform(
                'schedule',
                ScheduleCheckInMutation,
                { tenant: context.tenant, pairId: context.pair.pairId, dueOn, label: label.trim() || null, mode: mode || null },
                'Check-in scheduled.',
              )
              .then((done) => {
                if (!done) return;
                setOpen(false);
                setLabel('');
              })
          }
        >
          <div className="field">
            <label htmlFor={ids.dueOn}>Due on</label>
            <input id={ids.dueOn} type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.label}>
              What it is <span className="optional">(optional)</span>
            </label>
            <input
              id={ids.label}
              type="text"
              value={label}
              list={suggestions.length ? ids.suggestions : undefined}
              placeholder={suggestions[0] ?? 'e.g. mid-year video call'}
              onChange={(event) => setLabel(event.target.value)}
            />
            {suggestions.length ? (
              <datalist id={ids.suggestions}>
                {suggestions.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={ids.mode}>How they meet</label>
            <select id={ids.mode} value={mode} onChange={(event) => setMode(event.target.value)}>
              {[...new Set([mode, ...MODES])].map((m) => (
                <option key={m} value={m}>
                  {capitalise(m)}
                </option>
              ))}
            </select>
          </div>
        </StepForm>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Schedule a check-in…
        </button>
      )}
    </div>
  );
};

const Outputs = ({ context }: { context: PairContext }) => {
  const { pair, tenant } = context;
  const command = useCommand(context.refresh);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('publication');
  const [title, setTitle] = useState('');
  const [venue, setVenue] = useState('');
  const [date, setDate] = useState(today);
  const [url, setUrl] = useState('');
  const ids = { title: useId(), venue: useId(), date: useId(), url: useId(), publication: useId(), presentation: useId() };
  const listed = recognitionOf(pair).publicOutputsList;
  return (
    <section className="card" aria-labelledby="outputs-title">
      <h2 id="outputs-title">Publications and presentations</h2>
      {listed ? (
        <p className="muted">
          What the pair’s work produced appears on the program’s <a href={publicOutputsPath(tenant, pair.programId)}>public list</a>.
        </p>
      ) : null}
      {pair.outputs.length === 0 ? (
        <p className="empty-line">No publication or presentation is recorded for this pair yet.</p>
      ) : (
        <ul className="output-list">
          {pair.outputs.map((o) => (
            <li key={o.outputId}>
              <span className="output-kind">{capitalise(o.kind)}</span>
              <span className="output-title">{o.url ? <a href={o.url}>{o.title}</a> : o.title}</span>
              <span className="muted small">
                {o.venue} · {formatDay(o.date)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Outcome notice={command.notice} error={command.error} />
      {!context.mayRecord || pair.status === 'ended' ? null : open ? (
        <StepForm
          label="Record a publication or presentation"
          confirm="Record it"
          busy={command.busy !== null}
          onCancel={() => setOpen(false)}
          onSubmit={() =>
            void command
              .perform(
                'output',
                RecordOutputMutation,
                { tenant, pairId: pair.pairId, output: { kind, title: title.trim(), venue: venue.trim(), date, url: url.trim() || null } },
                `The ${kind} is recorded.`,
              )
              .then((done) => {
                if (!done) return;
                setOpen(false);
                setTitle('');
                setVenue('');
                setUrl('');
              })
          }
        >
          <fieldset className="question">
            <legend>Kind</legend>
            <div className="choices-inline">
              {(['publication', 'presentation'] as const).map((k) => (
                <label key={k} className="choice" htmlFor={ids[k]}>
                  <input id={ids[k]} type="radio" name={`${ids.title}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
                  {capitalise(k)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={ids.title}>Title</label>
            <input id={ids.title} type="text" value={title} onChange={(event) => setTitle(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.venue}>Journal, conference or venue</label>
            <input id={ids.venue} type="text" value={venue} onChange={(event) => setVenue(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.date}>{kind === 'publication' ? 'Published on' : 'Presented on'}</label>
            <input id={ids.date} type="date" value={date} onChange={(event) => setDate(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.url}>
              Link <span className="optional">(optional)</span>
            </label>
            <input id={ids.url} type="url" value={url} placeholder="https://" onChange={(event) => setUrl(event.target.value)} />
          </div>
        </StepForm>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Record a publication or presentation…
        </button>
      )}
    </section>
  );
};

const FinalPresentation = ({ context }: { context: PairContext }) => {
  const { pair, tenant } = context;
  const command = useCommand(context.refresh);
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [deliveredOn, setDeliveredOn] = useState(today);
  const ids = { title: useId(), deliveredOn: useId() };
  return (
    <section className="card" aria-labelledby="final-title">
      <h2 id="final-title">Final presentation</h2>
      {pair.finalPresentationOn ? (
        <p data-testid="final-presentation">
          <strong>“{pair.finalPresentationTitle}”</strong>, delivered {formatDay(pair.finalPresentationOn)}.
        </p>
      ) : (
        <p className="muted">The mentee presents their research in progress at the end of the program year; completion needs it.</p>
      )}
      <Outcome notice={command.notice} error={command.error} />
      {!context.mayRecord || pair.status !== 'active' || pair.finalPresentationOn ? null : open ? (
        <StepForm
          label="Record the final presentation"
          confirm="Record the presentation"
          busy={command.busy !== null}
          onCancel={() => setOpen(false)}
          onSubmit={() =>
            void command
              .perform(
                'final',
                RecordFinalPresentationMutation,
                { tenant, pairId: pair.pairId, deliveredOn, title: title.trim() },
                'The final presentation is recorded.',
              )
              .then((done) => done && setOpen(false))
          }
        >
          <div className="field">
            <label htmlFor={ids.title}>Title of the presentation</label>
            <input id={ids.title} type="text" value={title} onChange={(event) => setTitle(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.deliveredOn}>Delivered on</label>
            <input id={ids.deliveredOn} type="date" value={deliveredOn} onChange={(event) => setDeliveredOn(event.target.value)} />
          </div>
        </StepForm>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Record the final presentation…
        </button>
      )}
    </section>
  );
};

const RECOGNITION: Record<RecognitionKind, { name: string }> = {
  certificate: { name: 'certificate' },
  letter: { name: 'letter of appreciation' },
};

/** Completion, the recognition it leads to, and ending a pair early. */
const Completion = ({ context }: { context: PairContext }) => {
  const { pair, tenant } = context;
  const session = useSessionStore();
  const command = useCommand(context.refresh);
  const [ending, setEnding] = useState(false);
  const [download, setDownload] = useState<{ busy: RecognitionKind | null; error: string | null }>({ busy: null, error: null });
  const requirements = requirementsOf(pair);
  const recognition = recognitionOf(pair);
  const busy = command.busy !== null;

  const save = async (kind: RecognitionKind) => {
    setDownload({ busy: kind, error: null });
    const person = kind === 'certificate' ? pair.menteeName : pair.mentorName;
    const error = await downloadRecognition(session, recognitionPath(tenant, pair.pairId, kind), recognitionFilename(tenant, kind, person, pair.pairId));
    setDownload({ busy: null, error });
  };

  const issue = (kind: RecognitionKind) => {
    const variables = { tenant, pairId: pair.pairId };
    const notice = `The ${RECOGNITION[kind].name} is issued.`;
    return kind === 'certificate'
      ? command.perform(kind, IssueCertificateMutation, variables, notice)
      : command.perform(kind, IssueAppreciationLetterMutation, variables, notice);
  };
  const issued = (kind: RecognitionKind) => (kind === 'certificate' ? pair.certificateId : pair.letterId);
  const offered = (kind: RecognitionKind) => (kind === 'certificate' ? recognition.menteeCertificate : recognition.mentorLetter);
  const kinds = (['certificate', 'letter'] as const).filter(offered);

  return (
    <aside className="card decisions" aria-labelledby="completion-title">
      <h2 id="completion-title">Completion and recognition</h2>
      <p>
        <StatusBadge status={pairStatus(pair.status)} />
        {pair.completedOn ? <span className="muted"> on {formatDay(pair.completedOn)}</span> : null}
      </p>
      <ul className="requirements" aria-label="What completion requires">
        {requirements.checkInsHeld > 0 ? (
          <li className={pair.checkInsHeld >= requirements.checkInsHeld ? 'requirement ok' : 'requirement'}>
            {requirements.checkInsHeld} check-ins held ({pair.checkInsHeld} so far)
          </li>
        ) : null}
        {requirements.finalPresentation ? (
          <li className={pair.finalPresentationOn ? 'requirement ok' : 'requirement'}>
            Final presentation {pair.finalPresentationOn ? 'delivered' : 'not delivered yet'}
          </li>
        ) : null}
        {requirements.checkInsHeld === 0 && !requirements.finalPresentation ? (
          <li className="requirement ok">Nothing required: the committee decides</li>
        ) : null}
      </ul>
      {pair.status === 'ended' ? (
        <p data-testid="ended-reason">
          <strong>Ended early:</strong> {pair.endedReason}
        </p>
      ) : null}
      <Outcome notice={command.notice} error={command.error} />
      {download.error ? (
        <p className="form-error" role="alert">
          {download.error}
        </p>
      ) : null}
      {pair.status === 'active' && context.mayCoordinate ? (
        ending ? (
          <ReasonForm
            label="Why does the pair end early?"
            confirm="End the pair"
            danger
            busy={busy}
            onCancel={() => setEnding(false)}
            onSubmit={(reason) =>
              void command
                .perform('end', EndPairMutation, { tenant, programId: pair.programId, pairId: pair.pairId, reason }, 'The pair has ended.')
                .then((done) => done && setEnding(false))
            }
          />
        ) : (
          <div className="button-stack">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              aria-busy={command.busy === 'complete'}
              onClick={() => void command.perform('complete', CompleteParticipationMutation, { tenant, pairId: pair.pairId }, 'Participation completed.')}
            >
              {command.busy === 'complete' ? <span className="spinner" aria-hidden="true" /> : null}
              Complete participation
            </button>
            <p className="muted small">Tandem checks the program’s requirements and says what is still missing.</p>
            <button type="button" className="button button-quiet-danger" disabled={busy} onClick={() => setEnding(true)}>
              End the pair early…
            </button>
          </div>
        )
      ) : null}
      {pair.status === 'completed' && kinds.length > 0 ? (
        <div className="recognition">
          {kinds.map((kind) => (
            <div key={kind} className="recognition-item" data-testid={`recognition-${kind}`}>
              <h3>{capitalise(RECOGNITION[kind].name)}</h3>
              <p className="muted small">
                {kind === 'certificate' ? `For the mentee, ${pair.menteeName ?? 'unknown'}.` : `For the mentor, ${pair.mentorName ?? 'unknown'}.`}{' '}
                {issued(kind) ? 'Issued.' : 'Not issued yet.'}
              </p>
              {issued(kind) ? (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={download.busy !== null}
                  aria-busy={download.busy === kind}
                  onClick={() => void save(kind)}
                >
                  {download.busy === kind ? <span className="spinner" aria-hidden="true" /> : null}
                  Download the {RECOGNITION[kind].name} (PDF)
                </button>
              ) : context.mayCoordinate ? (
                <button type="button" className="button button-primary" disabled={busy} aria-busy={command.busy === kind} onClick={() => void issue(kind)}>
                  {command.busy === kind ? <span className="spinner" aria-hidden="true" /> : null}
                  Issue the {RECOGNITION[kind].name}
                </button>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      {!context.mayRecord ? <p className="muted">Your role here is read-only: committee members record check-ins and outputs.</p> : null}
      {context.mayRecord && !context.mayCoordinate && pair.status === 'active' ? (
        <p className="muted small">Coordinators complete participation and issue recognition.</p>
      ) : null}
    </aside>
  );
};
