import { type FormEvent, useId, useState } from 'react';
import { useQuery } from 'urql';
import { formatDate } from '../applications/applications.page';
import { CountBars } from '../charts/charts';
import { navigate, searchParam, useLocation } from '../core/router';
import type { AsOfEntryFragment, ProgramAsOfQuery as ProgramAsOfResult } from '../gql/graphql';
import { programStatusLabel, usePrograms } from '../programs/program-picker';
import { EmptyState } from '../shell/empty-state';
import { AuditIcon } from '../shell/icons';
import { useRoundTable } from '../shell/round-table-context';
import { StatusBadge, statusLabel } from '../shell/status-badge';
import { ProgramAsOfQuery } from './audit.documents';
import { asOfPath, formatWhen, fromLocalInput, toLocalInput } from './audit-format';

type Snapshot = ProgramAsOfResult['programAsOf'];
type Names = Map<string, string>;

const today = () => toLocalInput(new Date().toISOString()).slice(0, 10);

/** Pick a program and a moment; see the program exactly as it stood then, replayed from its events. */
export const AsOf = () => {
  const roundTable = useRoundTable();
  const location = useLocation();
  const programId = searchParam(location, 'program') ?? '';
  const at = searchParam(location, 'at');
  const checkpoint = searchParam(location, 'checkpoint');
  const { programs: choices } = usePrograms(roundTable.id);
  const chosen = programId || choices[0]?.programId || '';
  const local = at ? toLocalInput(at) : '';
  const [program, setProgram] = useState(programId);
  const [date, setDate] = useState(local.slice(0, 10) || today());
  const [time, setTime] = useState(local.slice(11) || '23:59:59');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { program: useId(), date: useId(), time: useId(), timeHint: useId(), problem: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const when = fromLocalInput(`${date}T${time || '23:59:59'}`);
    if (!when) {
      setProblem('Choose a date (and, if you like, a time of day).');
      return;
    }
    setProblem(null);
    navigate(asOfPath(roundTable.id, program || chosen, { at: when }));
  };

  return (
    <>
      <form className="card as-of-form" onSubmit={submit} aria-labelledby={`${ids.program}-title`}>
        <h2 id={`${ids.program}-title`}>Choose a program and a moment</h2>
        <p className="muted">
          Tandem replays the program’s events up to the moment you choose, with the same projections the live pages use: you see its applications, match board
          and figures exactly as they stood.
        </p>
        <div className="as-of-fields">
          <div className="field">
            <label htmlFor={ids.program}>Program</label>
            <select id={ids.program} value={program || chosen} onChange={(event) => setProgram(event.target.value)}>
              {choices.map((p) => (
                <option key={p.programId} value={p.programId}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.date}>Date</label>
            <input
              id={ids.date}
              type="date"
              value={date}
              required
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? ids.problem : undefined}
              onChange={(event) => setDate(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.time}>Time of day</label>
            <input id={ids.time} type="time" step={1} value={time} aria-describedby={ids.timeHint} onChange={(event) => setTime(event.target.value)} />
          </div>
          <button type="submit" className="button button-primary as-of-submit" disabled={!chosen}>
            Show the program then
          </button>
        </div>
        <p id={ids.timeHint} className="hint">
          Times are in your time zone; 23:59:59 is the end of the day. Only events recorded by then count.
        </p>
        {problem ? (
          <p id={ids.problem} className="field-error">
            {problem}
          </p>
        ) : null}
      </form>
      {programId && (at || checkpoint) ? <Replay tenant={roundTable.id} programId={programId} at={at} checkpoint={checkpoint} /> : null}
    </>
  );
};

const Replay = ({ tenant, programId, at, checkpoint }: { tenant: string; programId: string; at: string | null; checkpoint: string | null }) => {
  const [{ data, error, fetching }] = useQuery({ query: ProgramAsOfQuery, variables: { tenant, programId, at, checkpoint: at ? null : checkpoint } });
  const moment = at ? `as it was on ${formatWhen(at)}` : 'as it was right after the chosen event';
  if (error && !data)
    return (
      <p className="form-error" role="alert">
        The past state could not be replayed: {error.graphQLErrors[0]?.message ?? error.message}
      </p>
    );
  if (!data || (fetching && !data))
    return (
      <p className="loading" role="status" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Replaying the program’s events…
      </p>
    );
  const snapshot = data.programAsOf;
  if (!snapshot.program)
    return (
      <EmptyState title="The program did not exist yet" icon={<AuditIcon />}>
        <p>Nothing of this program was recorded {at ? `by ${formatWhen(at)}` : 'at that point'}. Choose a later date.</p>
      </EmptyState>
    );
  return <SnapshotView snapshot={snapshot} moment={moment} />;
};

const Stat = ({ label, value, testId }: { label: string; value: string | number; testId: string }) => (
  <div className="stat">
    <dt>{label}</dt>
    <dd data-testid={testId}>{value}</dd>
  </div>
);

const SnapshotView = ({ snapshot, moment }: { snapshot: Snapshot; moment: string }) => {
  const program = snapshot.program as NonNullable<Snapshot['program']>;
  const d = snapshot.dashboard;
  const names: Names = new Map(snapshot.applications.map((a) => [a.applicationId, a.name]));
  const board = snapshot.matchBoard;
  return (
    <section aria-labelledby="snapshot-title" className="snapshot" data-testid="as-of-snapshot">
      <div className="snapshot-head">
        <h2 id="snapshot-title">
          {program.title}, {moment}
        </h2>
        <p className="muted" data-testid="as-of-events">
          {snapshot.events === 1 ? '1 event replayed' : `${snapshot.events} events replayed`} · status then:{' '}
          <strong data-testid="as-of-status">{programStatusLabel(program.status)}</strong>
          {program.closesAt ? ` · window ${program.opensAt ? formatDate(program.opensAt) : '…'} to ${formatDate(program.closesAt)}` : ''}
          {program.startsOn ? ` · started ${formatDate(program.startsOn)}` : ''}
        </p>
      </div>
      <dl className="stats">
        <Stat label="Applications" value={d.applications} testId="as-of-applications" />
        <Stat label="Mentors · mentees" value={`${d.mentorApplications} · ${d.menteeApplications}`} testId="as-of-roles" />
        <Stat label="Mentees in the pool" value={d.menteePool} testId="as-of-pool" />
        <Stat label="Pairs proposed" value={d.pairsProposed} testId="as-of-proposed" />
        <Stat label="Pairs confirmed" value={d.pairsConfirmed} testId="as-of-confirmed" />
        <Stat label="Pairs ended" value={d.pairsEnded} testId="as-of-ended" />
      </dl>
      <div className="chart-grid snapshot-grid">
        <section className="card">
          <CountBars title="Applications by status then" items={d.applicationsByStatus.map((s) => ({ label: statusLabel(s.status), count: s.count }))} />
        </section>
        <section className="card" aria-labelledby="asof-pairs-title" data-testid="as-of-pairs">
          <h3 id="asof-pairs-title">Pairs then</h3>
          {[board.confirmed, board.proposals, board.declined, board.ended, board.forbidden, board.fixed].every((list) => list.length === 0) ? (
            <p className="empty-line">No pair was proposed yet.</p>
          ) : null}
          <PairList title="Confirmed" kind="confirmed" entries={board.confirmed} names={names} />
          <PairList title="Proposed" kind="proposed" entries={board.proposals} names={names} />
          <PairList title="Declined" kind="declined" entries={board.declined} names={names} />
          <PairList title="Ended early" kind="ended" entries={board.ended} names={names} />
          <PairList title="Forbidden" kind="forbidden" entries={board.forbidden} names={names} />
          <PairList title="Fixed" kind="fixed" entries={board.fixed} names={names} />
        </section>
      </div>
      <h3 className="snapshot-subtitle">Applications then</h3>
      {snapshot.applications.length === 0 ? (
        <p className="empty-line">No application had arrived yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="as-of-applications-table">
            <caption className="visually-hidden">Applications {moment}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Tier</th>
                <th scope="col">Status then</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.applications.map((a) => (
                <tr key={a.applicationId} data-testid="as-of-application" data-application-id={a.applicationId} data-status={a.status}>
                  <td data-label="Name">
                    <span className="row-title">{a.name}</span>
                    {a.affiliation ? <span className="row-sub">{a.affiliation}</span> : null}
                  </td>
                  <td data-label="Role">{a.role === 'mentor' ? 'Mentor' : 'Mentee'}</td>
                  <td data-label="Tier">{a.tier ?? '—'}</td>
                  <td data-label="Status then">
                    <StatusBadge status={a.status} />
                  </td>
                  <td data-label="Submitted">{formatDate(a.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};

const PairList = ({ title, kind, entries, names }: { title: string; kind: string; entries: AsOfEntryFragment[]; names: Names }) => {
  if (entries.length === 0) return null;
  return (
    <div className="as-of-pairs">
      <h4>
        {title} <span className="count">{entries.length}</span>
      </h4>
      <ul className="small-list">
        {entries.map((e) => (
          <li key={e.entryId} data-testid={`as-of-pair-${kind}`}>
            <span>
              {names.get(e.menteeApplicationId) ?? 'Unknown mentee'} <span className="muted">with mentor</span>{' '}
              {names.get(e.mentorApplicationId) ?? 'Unknown mentor'}
            </span>
            {e.reason ? <span className="muted small">{e.reason}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
};
