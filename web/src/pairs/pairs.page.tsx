import { useViewer } from '../auth/session-context';
import { useCommand } from '../core/command';
import { useLiveQuery } from '../core/live-query';
import { PAGE_SIZE, useEveryPage, usePagedQuery } from '../core/paging';
import { mayCoordinate } from '../core/permissions';
import { Link } from '../core/router';
import type { PairsQuery as PairsResult } from '../gql/graphql';
import { useProgramPeople } from '../matching/program-people';
import { ProgramGate, ProgramPicker, type ProgramSummary, useProgramChoice } from '../programs/program-picker';
import { CompleteProgramMutation, TemplatesQuery } from '../settings/settings.documents';
import { EmptyState } from '../shell/empty-state';
import { PairsIcon } from '../shell/icons';
import { Page } from '../shell/page';
import { RestOfList } from '../shell/rest-of-list';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { StatusBadge } from '../shell/status-badge';
import {
  type CheckInPolicy,
  cadenceText,
  formatDay,
  nextCheckIn,
  type PairData,
  pairPath,
  pairStatus,
  policyOf,
  publicOutputsPath,
  recognitionOf,
  requirementsOf,
  today,
} from './pair-format';
import { PairProposalsQuery, PairsQuery } from './pairs.documents';

type Program = PairsResult['program'];

export const PairsPage = () => {
  const choice = useProgramChoice();
  return (
    <Page title="Pairs" actions={<ProgramPicker choice={choice} />}>
      <ProgramGate choice={choice}>{(program) => <PairsOverview program={program} />}</ProgramGate>
    </Page>
  );
};

/** The template's check-in policy of a program (cadence and suggestions). */
export const useCheckInPolicy = (tenant: string, templateId: string | undefined): CheckInPolicy | null => {
  const [{ nodes }] = usePagedQuery({ query: TemplatesQuery, variables: { tenant, first: PAGE_SIZE }, list: (d) => d.templates, pause: !templateId });
  return policyOf(nodes.find((t) => t.templateId === templateId)?.definition);
};

const PairsOverview = ({ program }: { program: ProgramSummary }) => {
  const roundTable = useRoundTable();
  const variables = { tenant: roundTable.id, programId: program.programId, first: PAGE_SIZE };
  const [{ data, error }, refresh] = useLiveQuery({ query: PairsQuery, variables, topic: 'dashboardChanged' });
  const every = useEveryPage(PairsQuery, variables, data, (d) => d.pairs);
  const policy = useCheckInPolicy(roundTable.id, data?.program.templateId);

  if (error && !data)
    return (
      <p className="form-error" role="alert">
        The pairs could not be loaded: {error.message}
      </p>
    );
  if (!data)
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the pairs…
      </p>
    );

  const pairs = every.nodes;
  const count = (status: string) => pairs.filter((p) => p.status === status).length;
  return (
    <div className="pairs">
      <dl className="stats">
        <div className="stat">
          <dt>Confirmed pairs</dt>
          <dd>{pairs.length}</dd>
        </div>
        <div className="stat">
          <dt>Under way</dt>
          <dd>{count('active')}</dd>
        </div>
        <div className="stat">
          <dt>Completed</dt>
          <dd>{count('completed')}</dd>
        </div>
        <div className="stat">
          <dt>Ended early</dt>
          <dd>{count('ended')}</dd>
        </div>
      </dl>
      <ProgramCycle program={data.program} pairs={pairs} policy={policy} refresh={refresh} />
      <section className="board-section" aria-labelledby="pairs-title">
        <h2 id="pairs-title">
          Confirmed pairs <span className="count">{pairs.length}</span>
        </h2>
        {pairs.length === 0 ? (
          <EmptyState title="No confirmed pair yet" icon={<PairsIcon />}>
            <p>
              Pairs appear here once the committee records both acceptances of a proposal and confirms it on the{' '}
              <Link to={sectionPath(roundTable.id, 'matching')}>matching board</Link>.
            </p>
          </EmptyState>
        ) : (
          <PairsTable pairs={pairs} title={data.program.title} />
        )}
        <RestOfList list={every} what="pairs" />
      </section>
      <Proposals programId={program.programId} />
    </div>
  );
};

const checkInsText = (pair: PairData) => {
  const required = requirementsOf(pair).checkInsHeld;
  const held = required > 0 ? `${pair.checkInsHeld} of ${required} held` : `${pair.checkInsHeld} held`;
  return pair.checkInsMissed > 0 ? `${held} · ${pair.checkInsMissed} missed` : held;
};

const recognitionText = (pair: PairData) => {
  const recognition = recognitionOf(pair);
  const parts: string[] = [];
  if (recognition.menteeCertificate) parts.push(pair.certificateId ? 'Certificate issued' : 'Certificate not issued');
  if (recognition.mentorLetter) parts.push(pair.letterId ? 'Letter issued' : 'Letter not issued');
  return parts.length ? parts.join(' · ') : 'None in this program';
};

const PairsTable = ({ pairs, title }: { pairs: PairData[]; title: string }) => {
  const roundTable = useRoundTable();
  return (
    <div className="table-wrap">
      <table className="data-table pairs-table">
        <caption className="visually-hidden">Confirmed pairs of {title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Check-ins</th>
            <th scope="col">Next check-in</th>
            <th scope="col">Outputs</th>
            <th scope="col">Recognition</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => {
            const next = nextCheckIn(pair);
            return (
              <tr key={pair.pairId} data-pair-id={pair.pairId}>
                <td data-label="Name">
                  <Link to={pairPath(roundTable.id, pair.pairId)} className="row-title">
                    {pair.menteeName ?? 'Unknown mentee'}
                  </Link>
                  <span className="row-sub">with mentor {pair.mentorName ?? 'unknown'}</span>
                </td>
                <td data-label="Status">
                  <StatusBadge status={pairStatus(pair.status)} />
                </td>
                <td data-label="Check-ins">{checkInsText(pair)}</td>
                <td data-label="Next check-in">
                  {next ? formatDay(next.dueOn) : pair.status === 'active' ? 'None scheduled' : '—'}
                  {next && next.dueOn < today() ? <strong className="overdue"> (overdue)</strong> : null}
                </td>
                <td data-label="Outputs">{pair.outputs.length}</td>
                <td data-label="Recognition">{pair.status === 'completed' ? recognitionText(pair) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};

interface ScheduledEntry {
  index: number;
  dueOn: string;
  label?: string;
}

/** The program's cycle: the check-in cadence and schedule, the public list, and completing the program. */
const ProgramCycle = ({ program, pairs, policy, refresh }: { program: Program; pairs: PairData[]; policy: CheckInPolicy | null; refresh(): void }) => {
  const roundTable = useRoundTable();
  const viewer = useViewer();
  const command = useCommand(refresh);
  const schedule = (program.checkInSchedule as ScheduledEntry[] | null) ?? [];
  const running = pairs.filter((p) => p.status === 'active').length;
  const coordinates = mayCoordinate(viewer, roundTable.id);
  return (
    <section className="card program-cycle" aria-labelledby="cycle-title">
      <h2 id="cycle-title">Check-ins and the program year</h2>
      <dl className="facts">
        <div>
          <dt>Cadence</dt>
          <dd>{cadenceText(policy)}</dd>
        </div>
        <div>
          <dt>Program</dt>
          <dd>
            {program.status === 'started' || program.status === 'completed'
              ? `${formatDay(program.startsOn)} – ${formatDay(program.endsOn)}`
              : 'Not started yet'}
            {program.completedOn ? ` · completed ${formatDay(program.completedOn)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Publications and presentations</dt>
          <dd>
            <a href={publicOutputsPath(roundTable.id, program.programId)} data-testid="public-outputs-link">
              The public list
            </a>
          </dd>
        </div>
      </dl>
      {policy?.kind === 'scheduled' && schedule.length === 0 ? (
        <p className="muted cycle-note">
          The {policy.count} check-ins are scheduled for every confirmed pair when a coordinator starts the program; until then, schedule check-ins pair by
          pair.
        </p>
      ) : null}
      {schedule.length > 0 ? (
        <ol className="schedule-list" aria-label="The program’s check-in schedule">
          {schedule.map((s) => (
            <li key={s.index}>
              <span className="schedule-label">Check-in {s.index + 1}</span> due {formatDay(s.dueOn)}
            </li>
          ))}
        </ol>
      ) : null}
      {program.status === 'started' && coordinates ? (
        <div className="cycle-complete">
          <p className="muted small">
            {running > 0 ? `${running} pair${running === 1 ? ' is' : 's are'} still under way. ` : 'Every pair has completed or ended. '}
            {program.endsOn && program.endsOn > today()
              ? `The program can be completed once its year is over, on ${formatDay(program.endsOn)}.`
              : `The program’s year ended on ${formatDay(program.endsOn)}.`}
          </p>
          <button
            type="button"
            className={`button ${running > 0 ? 'button-secondary' : 'button-primary'}`}
            disabled={command.busy !== null}
            aria-busy={command.busy === 'complete-program'}
            onClick={() =>
              void command.perform(
                'complete-program',
                CompleteProgramMutation,
                { tenant: roundTable.id, programId: program.programId },
                'The program is completed.',
              )
            }
          >
            {command.busy === 'complete-program' ? <span className="spinner" aria-hidden="true" /> : null}
            Complete the program
          </button>
        </div>
      ) : null}
      <p className="notice-success" role="status">
        {command.notice}
      </p>
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
    </section>
  );
};

/** Proposals not confirmed yet: who has accepted; the decisions are made on the matching board. */
const Proposals = ({ programId }: { programId: string }) => {
  const roundTable = useRoundTable();
  const [{ data }] = useLiveQuery({ query: PairProposalsQuery, variables: { tenant: roundTable.id, programId }, topic: 'matchBoardChanged' });
  const { people } = useProgramPeople(roundTable.id, programId);
  if (!data) return null;
  const proposals = data.matchBoard.proposals;
  return (
    <section className="board-section" aria-labelledby="proposed-title">
      <h2 id="proposed-title">
        Awaiting confirmation <span className="count">{proposals.length}</span>
      </h2>
      {proposals.length === 0 ? (
        <p className="empty-line">No proposed pair awaits acceptance.</p>
      ) : (
        <>
          <p className="muted">
            Record acceptances and confirm pairs on the <Link to={sectionPath(roundTable.id, 'matching')}>matching board</Link>.
          </p>
          <ul className="proposal-list">
            {proposals.map((p) => {
              const accepted = [p.acceptedByMentor ? 'mentor' : null, p.acceptedByMentee ? 'mentee' : null].filter(Boolean);
              return (
                <li key={p.entryId}>
                  <span>
                    <strong>{people.get(p.menteeApplicationId)?.name ?? 'Unknown mentee'}</strong> <span className="muted">with mentor</span>{' '}
                    <strong>{people.get(p.mentorApplicationId)?.name ?? 'unknown'}</strong>
                  </span>
                  <span className="proposal-state">
                    <StatusBadge status={accepted.length === 2 ? 'accepted' : 'proposed'} />
                    <span className="muted small">
                      {accepted.length === 2
                        ? 'Both accepted: ready to confirm'
                        : accepted.length === 1
                          ? `The ${accepted[0]} accepted`
                          : 'Nobody accepted yet'}
                    </span>
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
};
