import { useCallback, useId, useState } from 'react';
import { formatMinute } from '../audit/audit-format';
import { useViewer } from '../auth/session-context';
import { useCommand } from '../core/command';
import { useLiveQuery } from '../core/live-query';
import { mayAct } from '../core/permissions';
import { Link } from '../core/router';
import type { BoardEntryFragment, MatchBoardQuery as MatchBoardResult } from '../gql/graphql';
import { ProgramGate, ProgramPicker, type ProgramSummary, useProgramChoice } from '../programs/program-picker';
import { EmptyState } from '../shell/empty-state';
import { MatchingIcon } from '../shell/icons';
import { Page } from '../shell/page';
import { ReasonForm } from '../shell/reason-form';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { FactorBreakdown, readExplanation } from './explanation';
import {
  AcceptPairMutation,
  AdoptMatchRunMutation,
  ConfirmPairMutation,
  DeclinePairMutation,
  EndPairMutation,
  FixPairMutation,
  ForbidPairMutation,
  MatchBoardQuery,
  ProposePairMutation,
  RunMatchingMutation,
  SwapProposalsMutation,
} from './matching.documents';
import { useProgramPeople } from './program-people';

type Board = MatchBoardResult['matchBoard'];
type Run = Board['runs'][number];
interface Person {
  applicationId: string;
  name: string;
  role: string;
  status: string;
  tier?: number | null;
  affiliation?: string | null;
}
type People = Map<string, Person>;

interface RunProposal {
  menteeApplicationId: string;
  mentorApplicationId: string;
  score: number;
  fixed: boolean;
  factors: unknown;
  summary: string;
  alternative?: { text: string } | null;
}
interface RunUnmatched {
  menteeApplicationId: string;
  tier: number | null;
  reasons: { code: string; text: string; mentorIds: string[] }[];
  text: string;
}

export const MatchingPage = () => {
  const choice = useProgramChoice();
  return (
    <Page title="Matching" actions={<ProgramPicker choice={choice} />}>
      <ProgramGate choice={choice}>{(program) => <MatchingBoard program={program} />}</ProgramGate>
    </Page>
  );
};

interface BoardContext {
  tenant: string;
  programId: string;
  people: People;
  mayDecide: boolean;
  refresh(): void;
}

const nameOf = (people: People, id: string) => people.get(id)?.name ?? 'Unknown applicant';

const MatchingBoard = ({ program }: { program: ProgramSummary }) => {
  const roundTable = useRoundTable();
  const viewer = useViewer();
  const variables = { tenant: roundTable.id, programId: program.programId };
  const [{ data, error }, refreshBoard] = useLiveQuery({ query: MatchBoardQuery, variables, topic: 'matchBoardChanged' });
  const { people, refresh: refreshPeople } = useProgramPeople(roundTable.id, program.programId);
  const refresh = useCallback(() => {
    refreshBoard();
    refreshPeople();
  }, [refreshBoard, refreshPeople]);

  if (error && !data)
    return (
      <p className="form-error" role="alert">
        The matching board could not be loaded: {error.message}
      </p>
    );
  if (!data)
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the matching board…
      </p>
    );

  const board = data.matchBoard;
  const context: BoardContext = { tenant: roundTable.id, programId: program.programId, people, mayDecide: mayAct(viewer, roundTable.id), refresh };
  const latest = board.runs[0] ?? null;

  return (
    <div className="board">
      <RunPanel context={context} latest={latest} />
      {latest?.status === 'completed' ? <RunResults context={context} run={latest} /> : null}
      <Unmatched context={context} run={latest} />
      <section className="board-section" aria-labelledby="proposals-title" data-testid="proposals">
        <h2 id="proposals-title">
          Proposals <span className="count">{board.proposals.length}</span>
        </h2>
        {board.proposals.length === 0 ? (
          <p className="empty-line">
            No pair is proposed.{' '}
            {latest?.status === 'completed'
              ? 'Adopt the run’s proposals above, or propose a pair by hand below.'
              : 'Run matching to get proposals, or propose a pair by hand below.'}
          </p>
        ) : (
          <ul className="pair-list">
            {board.proposals.map((entry) => (
              <li key={entry.entryId}>
                <ProposalCard context={context} entry={entry} others={board.proposals.filter((p) => p.entryId !== entry.entryId && !p.fixed)} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="board-section" aria-labelledby="confirmed-title" data-testid="confirmed">
        <h2 id="confirmed-title">
          Confirmed pairs <span className="count">{board.confirmed.length}</span>
        </h2>
        {board.confirmed.length === 0 ? (
          <p className="empty-line">No pair is confirmed yet. Record both acceptances of a proposal, then confirm it.</p>
        ) : (
          <ul className="pair-list">
            {board.confirmed.map((entry) => (
              <li key={entry.entryId}>
                <ConfirmedCard context={context} entry={entry} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="board-columns">
        <SmallList title="Declined" testId="declined" entries={board.declined} context={context} empty="No pair was declined." />
        <SmallList title="Ended early" testId="ended" entries={board.ended} context={context} empty="No pair ended early." />
        <SmallList title="Forbidden pairs" testId="forbidden" entries={board.forbidden} context={context} empty="No pair is forbidden." />
        <SmallList title="Fixed pairs" testId="fixed" entries={board.fixed} context={context} empty="No pair is fixed: match runs may change any proposal." />
      </div>
      {context.mayDecide ? <AdjustByHand context={context} board={board} /> : null}
      <Capacity context={context} board={board} />
    </div>
  );
};

/** Runs the engine; shows the latest run. */
const RunPanel = ({ context, latest }: { context: BoardContext; latest: Run | null }) => {
  const objectiveId = useId();
  const [objective, setObjective] = useState('');
  const command = useCommand(context.refresh);
  const running = command.busy === 'run';
  return (
    <section className="card run-panel" aria-labelledby="run-title" aria-busy={running}>
      <div className="run-head">
        <div>
          <h2 id="run-title">Match run</h2>
          <p className="muted">
            {latest
              ? `Latest run ${formatMinute(latest.requestedAt)} · ${latest.objective === 'score' ? 'highest total score' : 'most people matched'} · ${latest.status === 'adopted' ? 'proposals adopted' : latest.status}`
              : 'The engine proposes pairs from the screened pool with the program template’s weights, tiers and constraints.'}
          </p>
        </div>
        {context.mayDecide ? (
          <div className="run-controls">
            <div className="field">
              <label htmlFor={objectiveId}>Aim</label>
              <select id={objectiveId} value={objective} onChange={(event) => setObjective(event.target.value)}>
                <option value="">Template default</option>
                <option value="coverage">Most people matched</option>
                <option value="score">Highest total score</option>
              </select>
            </div>
            <button
              type="button"
              className="button button-primary"
              disabled={command.busy !== null}
              aria-busy={running}
              onClick={() =>
                void command.perform(
                  'run',
                  RunMatchingMutation,
                  { tenant: context.tenant, programId: context.programId, objective: objective || null },
                  'The run finished: review its proposals below.',
                )
              }
            >
              {running ? <span className="spinner" aria-hidden="true" /> : null}
              {running ? 'Running…' : 'Run matching'}
            </button>
          </div>
        ) : null}
      </div>
      <p className="progress-line" role="status">
        {running ? 'The matching engine is working on the pool; this can take a few seconds.' : command.notice}
      </p>
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
    </section>
  );
};

/** A completed run not adopted yet: its proposals to adopt, all or one by one. */
const RunResults = ({ context, run }: { context: BoardContext; run: Run }) => {
  const proposals = (run.proposals as RunProposal[] | null) ?? [];
  const command = useCommand(context.refresh);
  return (
    <section className="card run-results" aria-labelledby="run-results-title" data-testid="run-results">
      <div className="run-head">
        <div>
          <h2 id="run-results-title">Proposed by the run</h2>
          <p className="muted">
            {proposals.length} proposal{proposals.length === 1 ? '' : 's'}, not on the board yet. Adopt them to record them as proposed pairs.
          </p>
        </div>
        {context.mayDecide && proposals.length > 0 ? (
          <button
            type="button"
            className="button button-primary"
            disabled={command.busy !== null}
            aria-busy={command.busy === 'adopt'}
            onClick={() =>
              void command.perform(
                'adopt',
                AdoptMatchRunMutation,
                { tenant: context.tenant, programId: context.programId, runId: run.runId, menteeApplicationIds: null },
                `Adopted ${proposals.length} proposals.`,
              )
            }
          >
            {command.busy === 'adopt' ? <span className="spinner" aria-hidden="true" /> : null}
            Adopt all {proposals.length}
          </button>
        ) : null}
      </div>
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
      <ul className="run-list">
        {proposals.map((p) => (
          <li key={p.menteeApplicationId} className="run-item">
            <div className="run-item-main">
              <span className="pair-names">
                <strong>{nameOf(context.people, p.menteeApplicationId)}</strong> <span className="muted">with mentor</span>{' '}
                <strong>{nameOf(context.people, p.mentorApplicationId)}</strong>
              </span>
              <span className="score">{p.score}</span>
            </div>
            <details>
              <summary>{p.summary}</summary>
              <FactorBreakdown explanation={{ ...readExplanation(p.factors), alternative: p.alternative ?? null }} />
            </details>
            {context.mayDecide ? (
              <button
                type="button"
                className="button button-quiet"
                disabled={command.busy !== null}
                onClick={() =>
                  void command.perform(
                    `adopt-${p.menteeApplicationId}`,
                    AdoptMatchRunMutation,
                    { tenant: context.tenant, programId: context.programId, runId: run.runId, menteeApplicationIds: [p.menteeApplicationId] },
                    'Adopted one proposal.',
                  )
                }
              >
                Adopt only this one
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
};

const Unmatched = ({ context, run }: { context: BoardContext; run: Run | null }) => {
  if (!run) return null;
  const unmatched = (run.unmatched as RunUnmatched[] | null) ?? [];
  return (
    <section className="board-section" aria-labelledby="unmatched-title" data-testid="unmatched">
      <h2 id="unmatched-title">
        Unmatched in the latest run <span className="count">{unmatched.length}</span>
      </h2>
      {unmatched.length === 0 ? (
        <p className="empty-line">Every mentee in the pool had a proposal in the latest run.</p>
      ) : (
        <ul className="unmatched-list">
          {unmatched.map((u) => (
            <li key={u.menteeApplicationId} className="unmatched-item">
              <Link to={`${sectionPath(context.tenant, 'applications')}/${encodeURIComponent(u.menteeApplicationId)}`}>
                {nameOf(context.people, u.menteeApplicationId)}
              </Link>
              {u.tier ? <span className="muted"> · tier {u.tier}</span> : null}
              <p>{u.text}</p>
              {u.reasons.length > 1 ? (
                <ul className="reasons">
                  {u.reasons.map((r) => (
                    <li key={r.code}>{r.text}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

const PairNames = ({ context, entry }: { context: BoardContext; entry: BoardEntryFragment }) => (
  <p className="pair-names">
    <span className="party">
      <span className="party-role">Mentee</span>
      <Link to={`${sectionPath(context.tenant, 'applications')}/${encodeURIComponent(entry.menteeApplicationId)}`}>
        {nameOf(context.people, entry.menteeApplicationId)}
      </Link>
    </span>
    <span className="party">
      <span className="party-role">Mentor</span>
      <Link to={`${sectionPath(context.tenant, 'applications')}/${encodeURIComponent(entry.mentorApplicationId)}`}>
        {nameOf(context.people, entry.mentorApplicationId)}
      </Link>
    </span>
  </p>
);

type ProposalStep = null | 'decline' | 'forbid' | 'fix' | 'swap';

const ProposalCard = ({ context, entry, others }: { context: BoardContext; entry: BoardEntryFragment; others: BoardEntryFragment[] }) => {
  const command = useCommand(context.refresh);
  const [step, setStep] = useState<ProposalStep>(null);
  const [party, setParty] = useState('committee');
  const [swapWith, setSwapWith] = useState('');
  const ids = { party: useId(), swap: useId() };
  const explanation = readExplanation(entry.explanation);
  const base = { tenant: context.tenant, programId: context.programId, pairId: entry.entryId };
  const parties = {
    tenant: context.tenant,
    programId: context.programId,
    mentorApplicationId: entry.mentorApplicationId,
    menteeApplicationId: entry.menteeApplicationId,
  };
  const bothAccepted = !!entry.acceptedByMentor && !!entry.acceptedByMentee;
  const mentee = nameOf(context.people, entry.menteeApplicationId);
  const busy = command.busy !== null;

  return (
    <article
      className="pair-card"
      data-testid="pair"
      data-pair-id={entry.entryId}
      aria-label={`Proposal: ${mentee} with ${nameOf(context.people, entry.mentorApplicationId)}`}
    >
      <div className="pair-head">
        <PairNames context={context} entry={entry} />
        <div className="pair-score">
          {entry.score !== null && entry.score !== undefined ? (
            <span className="score" title="Compatibility score out of 1000">
              {entry.score}
            </span>
          ) : (
            <span className="muted small">not scored</span>
          )}
          {entry.fixed ? <span className="badge badge-fixed">Fixed</span> : null}
        </div>
      </div>
      {explanation.factors.length ? (
        <details>
          <summary>{entry.summary ?? 'Score breakdown'}</summary>
          <FactorBreakdown explanation={explanation} />
        </details>
      ) : entry.summary ? (
        <p className="muted small">{entry.summary}</p>
      ) : null}
      <ul className="acceptance">
        <li className={entry.acceptedByMentor ? 'ok' : undefined}>{entry.acceptedByMentor ? 'Mentor accepted' : 'Mentor has not accepted yet'}</li>
        <li className={entry.acceptedByMentee ? 'ok' : undefined}>{entry.acceptedByMentee ? 'Mentee accepted' : 'Mentee has not accepted yet'}</li>
      </ul>
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {command.notice}
      </p>
      {!context.mayDecide ? null : step === 'decline' ? (
        <div className="step">
          <div className="field">
            <label htmlFor={ids.party}>Declined by</label>
            <select id={ids.party} value={party} onChange={(event) => setParty(event.target.value)}>
              <option value="committee">The committee</option>
              <option value="mentor">The mentor</option>
              <option value="mentee">The mentee</option>
            </select>
          </div>
          <ReasonForm
            label="Why was it declined?"
            confirm="Record the decline"
            danger
            busy={busy}
            onCancel={() => setStep(null)}
            onSubmit={(reason) => void command.perform('decline', DeclinePairMutation, { ...base, party, reason }, 'Declined.').then(() => setStep(null))}
          />
        </div>
      ) : step === 'forbid' ? (
        <ReasonForm
          label="Why must these two never be paired?"
          confirm="Forbid this pair"
          danger
          busy={busy}
          placeholder="e.g. a declared conflict of interest"
          onCancel={() => setStep(null)}
          onSubmit={(reason) =>
            // The API forbids only pairs that are not paired: the committee declines the proposal first.
            void command.perform('forbid', DeclinePairMutation, { ...base, party: 'committee', reason }, 'Declined.').then(async (declined) => {
              if (declined && (await command.perform('forbid', ForbidPairMutation, { ...parties, reason }, 'Declined and forbidden.'))) setStep(null);
            })
          }
        />
      ) : step === 'fix' ? (
        <ReasonForm
          label="Why does the committee fix this pair?"
          confirm="Fix this pair"
          busy={busy}
          onCancel={() => setStep(null)}
          onSubmit={(reason) => void command.perform('fix', FixPairMutation, { ...parties, reason }, 'Fixed.').then(() => setStep(null))}
        />
      ) : step === 'swap' ? (
        <form
          className="step"
          onSubmit={(event) => {
            event.preventDefault();
            if (swapWith)
              void command
                .perform(
                  'swap',
                  SwapProposalsMutation,
                  { tenant: context.tenant, programId: context.programId, firstPairId: entry.entryId, secondPairId: swapWith },
                  'Mentors swapped.',
                )
                .then(() => setStep(null));
          }}
        >
          <div className="field">
            <label htmlFor={ids.swap}>Swap mentors with the proposal of</label>
            <select id={ids.swap} value={swapWith} onChange={(event) => setSwapWith(event.target.value)} required>
              <option value="">Choose a mentee…</option>
              {others.map((o) => (
                <option key={o.entryId} value={o.entryId}>
                  {nameOf(context.people, o.menteeApplicationId)} (mentor {nameOf(context.people, o.mentorApplicationId)})
                </option>
              ))}
            </select>
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || !swapWith}>
              Swap mentors
            </button>
            <button type="button" className="button button-secondary" onClick={() => setStep(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="pair-actions">
          {!entry.acceptedByMentor ? (
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={busy}
              onClick={() => void command.perform('accept-mentor', AcceptPairMutation, { ...base, party: 'mentor' }, 'Mentor’s acceptance recorded.')}
            >
              Mentor accepted
            </button>
          ) : null}
          {!entry.acceptedByMentee ? (
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={busy}
              onClick={() => void command.perform('accept-mentee', AcceptPairMutation, { ...base, party: 'mentee' }, 'Mentee’s acceptance recorded.')}
            >
              Mentee accepted
            </button>
          ) : null}
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy || !bothAccepted}
            aria-describedby={bothAccepted ? undefined : `${entry.entryId}-waiting`}
            onClick={() => void command.perform('confirm', ConfirmPairMutation, base, 'Pair confirmed.')}
          >
            {command.busy === 'confirm' ? <span className="spinner" aria-hidden="true" /> : null}
            Confirm pair
          </button>
          <span id={`${entry.entryId}-waiting`} className="visually-hidden">
            Record both acceptances first.
          </span>
          <span className="pair-actions-more">
            {others.length && !entry.fixed ? (
              <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => setStep('swap')}>
                Swap…
              </button>
            ) : null}
            {!entry.fixed ? (
              <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => setStep('fix')}>
                Fix…
              </button>
            ) : null}
            <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => setStep('decline')}>
              Decline…
            </button>
            <button type="button" className="button button-quiet-danger button-small" disabled={busy} onClick={() => setStep('forbid')}>
              Forbid…
            </button>
          </span>
        </div>
      )}
    </article>
  );
};

const ConfirmedCard = ({ context, entry }: { context: BoardContext; entry: BoardEntryFragment }) => {
  const command = useCommand(context.refresh);
  const [ending, setEnding] = useState(false);
  return (
    <article className="pair-card pair-confirmed" data-testid="confirmed-pair" data-pair-id={entry.entryId}>
      <div className="pair-head">
        <PairNames context={context} entry={entry} />
        <div className="pair-score">
          {entry.score !== null && entry.score !== undefined ? <span className="score">{entry.score}</span> : null}
          <span className="badge badge-confirmed">Confirmed</span>
        </div>
      </div>
      {entry.summary ? <p className="muted small">{entry.summary}</p> : null}
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
      {context.mayDecide ? (
        ending ? (
          <ReasonForm
            label="Why does the pair end early?"
            confirm="End the pair"
            danger
            busy={command.busy !== null}
            onCancel={() => setEnding(false)}
            onSubmit={(reason) =>
              void command
                .perform('end', EndPairMutation, { tenant: context.tenant, programId: context.programId, pairId: entry.entryId, reason }, 'Ended.')
                .then(() => setEnding(false))
            }
          />
        ) : (
          <div className="pair-actions">
            <button type="button" className="button button-quiet-danger button-small" onClick={() => setEnding(true)}>
              End early…
            </button>
          </div>
        )
      ) : null}
    </article>
  );
};

const SmallList = ({
  title,
  testId,
  entries,
  context,
  empty,
}: {
  title: string;
  testId: string;
  entries: BoardEntryFragment[];
  context: BoardContext;
  empty: string;
}) => (
  <section className="board-section board-small" aria-label={title} data-testid={testId}>
    <h3>
      {title} <span className="count">{entries.length}</span>
    </h3>
    {entries.length === 0 ? (
      <p className="empty-line">{empty}</p>
    ) : (
      <ul className="small-list">
        {entries.map((e) => (
          <li key={e.entryId}>
            <span>
              {nameOf(context.people, e.menteeApplicationId)} <span className="muted">with</span> {nameOf(context.people, e.mentorApplicationId)}
            </span>
            {e.reason ? <span className="muted small">{e.reason}</span> : null}
          </li>
        ))}
      </ul>
    )}
  </section>
);

/** Propose, fix or forbid any mentor–mentee pair, not only the engine's proposals. */
const AdjustByHand = ({ context, board }: { context: BoardContext; board: Board }) => {
  const ids = { mentor: useId(), mentee: useId() };
  const [mentor, setMentor] = useState('');
  const [mentee, setMentee] = useState('');
  const [step, setStep] = useState<null | 'fix' | 'forbid'>(null);
  const command = useCommand(context.refresh);
  const people = [...context.people.values()].sort((a, b) => a.name.localeCompare(b.name));
  const mentors = people.filter((p) => p.role === 'mentor' && p.status !== 'withdrawn' && p.status !== 'ineligible');
  const paired = new Set([...board.proposals, ...board.confirmed].map((e) => e.menteeApplicationId));
  const mentees = people.filter((p) => p.role === 'mentee' && p.status === 'eligible' && !paired.has(p.applicationId));
  const parties = { tenant: context.tenant, programId: context.programId, mentorApplicationId: mentor, menteeApplicationId: mentee };
  const chosen = mentor && mentee;
  return (
    <section className="card" aria-labelledby="adjust-title">
      <h2 id="adjust-title">Pair by hand</h2>
      <p className="muted">Propose a pair the engine did not, fix one so later runs keep it, or forbid one (a conflict of interest).</p>
      <div className="adjust-grid">
        <div className="field">
          <label htmlFor={ids.mentee}>Mentee</label>
          <select id={ids.mentee} value={mentee} onChange={(event) => setMentee(event.target.value)}>
            <option value="">Choose a mentee…</option>
            {mentees.map((p) => (
              <option key={p.applicationId} value={p.applicationId}>
                {p.name}
                {p.tier ? ` (tier ${p.tier})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.mentor}>Mentor</label>
          <select id={ids.mentor} value={mentor} onChange={(event) => setMentor(event.target.value)}>
            <option value="">Choose a mentor…</option>
            {mentors.map((p) => {
              const free = board.mentorCapacity.find((c) => c.applicationId === p.applicationId)?.free;
              return (
                <option key={p.applicationId} value={p.applicationId}>
                  {p.name}
                  {free === undefined ? '' : ` (${free} free)`}
                </option>
              );
            })}
          </select>
        </div>
      </div>
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
      <p className="muted small" role="status">
        {command.notice}
      </p>
      {step ? (
        <ReasonForm
          label={step === 'fix' ? 'Why does the committee fix this pair?' : 'Why must these two never be paired?'}
          confirm={step === 'fix' ? 'Fix this pair' : 'Forbid this pair'}
          danger={step === 'forbid'}
          busy={command.busy !== null}
          onCancel={() => setStep(null)}
          onSubmit={(reason) =>
            void (
              step === 'fix'
                ? command.perform('fix', FixPairMutation, { ...parties, reason }, 'Pair fixed.')
                : command.perform('forbid', ForbidPairMutation, { ...parties, reason }, 'Pair forbidden.')
            ).then(() => setStep(null))
          }
        />
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            disabled={!chosen || command.busy !== null}
            onClick={() => void command.perform('propose', ProposePairMutation, parties, 'Pair proposed.')}
          >
            Propose pair
          </button>
          <button type="button" className="button button-secondary" disabled={!chosen || command.busy !== null} onClick={() => setStep('fix')}>
            Fix pair…
          </button>
          <button type="button" className="button button-quiet-danger" disabled={!chosen || command.busy !== null} onClick={() => setStep('forbid')}>
            Forbid pair…
          </button>
        </div>
      )}
    </section>
  );
};

const Capacity = ({ context, board }: { context: BoardContext; board: Board }) => {
  const rows = [...board.mentorCapacity].sort(
    (a, b) => b.free - a.free || nameOf(context.people, a.applicationId).localeCompare(nameOf(context.people, b.applicationId)),
  );
  const free = rows.reduce((sum, r) => sum + r.free, 0);
  return (
    <section className="card" aria-labelledby="capacity-title" data-testid="capacity">
      <h2 id="capacity-title">Mentor places</h2>
      {rows.length === 0 ? (
        <EmptyState title="No mentor in the pool" icon={<MatchingIcon />}>
          <p>Screen mentor applications as eligible; their places appear here.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted">
            {free} free place{free === 1 ? '' : 's'} with {rows.filter((r) => r.free > 0).length} of {rows.length} mentors.
          </p>
          <div className="table-wrap">
            <table className="data-table capacity-table">
              <caption className="visually-hidden">Each mentor’s places</caption>
              <thead>
                <tr>
                  <th scope="col">Mentor</th>
                  <th scope="col">Offered</th>
                  <th scope="col">Proposed</th>
                  <th scope="col">Confirmed</th>
                  <th scope="col">Free</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.applicationId}>
                    <td data-label="Mentor">{nameOf(context.people, r.applicationId)}</td>
                    <td data-label="Offered">{r.capacity}</td>
                    <td data-label="Proposed">{r.proposed}</td>
                    <td data-label="Confirmed">{r.confirmed}</td>
                    <td data-label="Free">
                      <strong>{r.free}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
};
