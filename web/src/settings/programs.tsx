import { type FormEvent, useCallback, useId, useState } from 'react';
import { formatDate } from '../applications/applications.page';
import { formatMinute, fromLocalInput, toLocalInput } from '../audit/audit-format';
import { useCommand } from '../core/command';
import { PAGE_SIZE, usePagedQuery } from '../core/paging';
import { Link } from '../core/router';
import type { ProgramCyclesQuery as ProgramCyclesResult } from '../gql/graphql';
import { programStatusLabel, rememberProgram } from '../programs/program-picker';
import { publicFormPath } from '../programs/public-form-link';
import { EmptyState } from '../shell/empty-state';
import { SettingsIcon } from '../shell/icons';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import {
  CloseApplicationWindowMutation,
  CompleteProgramMutation,
  DraftProgramMutation,
  OpenApplicationWindowMutation,
  ProgramCyclesQuery,
  StartProgramMutation,
  TemplatesQuery,
} from './settings.documents';
import type { TemplateDefinition } from './template-model';

type Program = ProgramCyclesResult['programs']['edges'][number]['node'];
type Command = ReturnType<typeof useCommand>;

const STATUS_ORDER: Record<string, number> = { open: 0, drafted: 1, closed: 2, started: 3, completed: 4 };
const DAY = 86_400_000;
const localDate = (iso: string) => toLocalInput(iso).slice(0, 10);

/** The program cycles: draft one from a template, open and close its window, start and complete it. */
export const ProgramSettings = ({ mayRun }: { mayRun: boolean }) => {
  const roundTable = useRoundTable();
  const [cycles, refetch] = usePagedQuery({ query: ProgramCyclesQuery, variables: { tenant: roundTable.id, first: PAGE_SIZE }, list: (d) => d.programs });
  const { data, error } = cycles;
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const programs = [...cycles.nodes].sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || b.draftedAt.localeCompare(a.draftedAt));
  return (
    <>
      {mayRun ? <DraftProgram refresh={refresh} /> : <p className="notice">The round table’s coordinators and admins run the program cycles.</p>}
      {error && !data ? (
        <p className="form-error" role="alert">
          The programs could not be loaded: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      ) : null}
      {data && programs.length === 0 ? (
        <EmptyState title="No program yet" icon={<SettingsIcon />}>
          <p>Draft the first program cycle from a template above; then open its application window.</p>
        </EmptyState>
      ) : null}
      <ul className="cycle-list" data-testid="programs">
        {programs.map((program) => (
          <li key={program.programId}>
            <ProgramCard program={program} mayRun={mayRun} refresh={refresh} />
          </li>
        ))}
      </ul>
    </>
  );
};

const DraftProgram = ({ refresh }: { refresh(): void }) => {
  const roundTable = useRoundTable();
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const [{ nodes: templates }] = usePagedQuery({ query: TemplatesQuery, variables: { tenant: roundTable.id, first: PAGE_SIZE }, list: (d) => d.templates });
  const [templateId, setTemplateId] = useState('');
  const [version, setVersion] = useState('');
  const [title, setTitle] = useState('');
  const [conference, setConference] = useState({ name: '', startsOn: '', endsOn: '' });
  const command = useCommand(refresh);
  const template = templates.find((t) => t.templateId === templateId) ?? templates[0];
  const definition = template?.definition as TemplateDefinition | undefined;
  const needsConference = definition?.timeline.kind === 'conference';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!template) return;
    const result = await command.perform(
      'draft',
      DraftProgramMutation,
      {
        tenant: roundTable.id,
        input: {
          title: title.trim(),
          templateId: template.templateId,
          templateVersion: version ? Number(version) : null,
          conference: needsConference ? conference : null,
        },
      },
      `“${title.trim()}” is drafted. Open its application window below.`,
    );
    if (result) {
      if (result.draftProgram.id) rememberProgram(roundTable.id, result.draftProgram.id);
      setTitle('');
    }
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={id('title-heading')}>
      <h2 id={id('title-heading')}>Draft a program</h2>
      <p className="muted">A program cycle pins one version of a template: later changes to the template do not change it.</p>
      <div className="field">
        <label htmlFor={id('title')}>Title</label>
        <input
          id={id('title')}
          value={title}
          required
          placeholder={`e.g. ${roundTable.short} Mentorship ${new Date().getFullYear() + 1}`}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field-pair">
        <div className="field">
          <label htmlFor={id('template')}>Template</label>
          <select
            id={id('template')}
            value={template?.templateId ?? ''}
            onChange={(event) => {
              setTemplateId(event.target.value);
              setVersion('');
            }}
          >
            {templates.map((t) => (
              <option key={t.templateId} value={t.templateId}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('version')}>Version</label>
          <select id={id('version')} value={version} onChange={(event) => setVersion(event.target.value)}>
            <option value="">Latest ({template?.latestVersion ?? '…'})</option>
            {Array.from({ length: (template?.latestVersion ?? 1) - 1 }, (_, i) => (template?.latestVersion ?? 1) - 1 - i).map((v) => (
              <option key={v} value={v}>
                Version {v}
              </option>
            ))}
          </select>
        </div>
      </div>
      {needsConference ? (
        <fieldset className="sub-fieldset">
          <legend>The conference pairs meet at</legend>
          <div className="field">
            <label htmlFor={id('conf-name')}>Conference</label>
            <input
              id={id('conf-name')}
              value={conference.name}
              required
              placeholder="e.g. ALA Annual Conference 2027"
              onChange={(event) => setConference({ ...conference, name: event.target.value })}
            />
          </div>
          <div className="field-pair">
            <div className="field">
              <label htmlFor={id('conf-start')}>First day</label>
              <input
                id={id('conf-start')}
                type="date"
                required
                value={conference.startsOn}
                onChange={(event) => setConference({ ...conference, startsOn: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('conf-end')}>Last day</label>
              <input
                id={id('conf-end')}
                type="date"
                required
                value={conference.endsOn}
                onChange={(event) => setConference({ ...conference, endsOn: event.target.value })}
              />
            </div>
          </div>
        </fieldset>
      ) : null}
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
      <p className="notice-success" role="status">
        {command.notice}
      </p>
      <button type="submit" className="button button-primary" disabled={!template || command.busy !== null} aria-busy={command.busy !== null}>
        {command.busy ? <span className="spinner" aria-hidden="true" /> : null}
        Draft the program
      </button>
    </form>
  );
};

type Step = null | 'open' | 'start';

const ProgramCard = ({ program, mayRun, refresh }: { program: Program; mayRun: boolean; refresh(): void }) => {
  const roundTable = useRoundTable();
  const command = useCommand(refresh);
  const [step, setStep] = useState<Step>(null);
  const busy = command.busy !== null;
  const ids = { tenant: roundTable.id, programId: program.programId };
  const headingId = useId();
  const { status } = program;
  return (
    <article className="card cycle" aria-labelledby={headingId} data-testid="program-cycle" data-program-id={program.programId} data-status={status}>
      <div className="card-head">
        <h2 id={headingId}>{program.title}</h2>
        <span className={`badge badge-program-${status}`}>{programStatusLabel(status)}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>Template</dt>
          <dd>
            {program.templateName} v{program.templateVersion}
          </dd>
        </div>
        <div>
          <dt>Application window</dt>
          <dd>{program.opensAt && program.closesAt ? `${formatMinute(program.opensAt)} to ${formatMinute(program.closesAt)}` : 'Not opened yet'}</dd>
        </div>
        {program.conference ? (
          <div>
            <dt>Conference</dt>
            <dd>
              {program.conference.name}, {formatDate(program.conference.startsOn)}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Runs</dt>
          <dd>
            {program.startsOn ? `${formatDate(program.startsOn)} to ${program.endsOn ? formatDate(program.endsOn) : '…'}` : 'Not started'}
            {program.completedOn ? ` · completed ${formatDate(program.completedOn)}` : ''}
          </dd>
        </div>
      </dl>
      {status === 'open' ? (
        <p className="small">
          Public form: <Link to={publicFormPath(roundTable.id, program.programId)}>{publicFormPath(roundTable.id, program.programId)}</Link>
        </p>
      ) : null}
      {command.error ? (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      ) : null}
      <p className="notice-success" role="status">
        {command.notice}
      </p>
      {!mayRun ? null : step === 'open' ? (
        <OpenWindow program={program} command={command} onDone={() => setStep(null)} />
      ) : step === 'start' ? (
        <StartProgram program={program} command={command} onDone={() => setStep(null)} />
      ) : (
        <div className="button-row cycle-actions">
          {status === 'drafted' || status === 'closed' ? (
            <button type="button" className="button button-primary" disabled={busy} onClick={() => setStep('open')}>
              {status === 'drafted' ? 'Open the application window…' : 'Reopen the window…'}
            </button>
          ) : null}
          {status === 'open' ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void command.perform('close', CloseApplicationWindowMutation, ids, 'The application window is closed.')}
            >
              Close the window now
            </button>
          ) : null}
          {status === 'open' || status === 'closed' ? (
            <button
              type="button"
              className={`button ${status === 'closed' ? 'button-primary' : 'button-secondary'}`}
              disabled={busy}
              onClick={() => setStep('start')}
            >
              Start the program…
            </button>
          ) : null}
          {status === 'started' ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void command.perform('complete', CompleteProgramMutation, ids, 'The program is completed.')}
            >
              Complete the program
            </button>
          ) : null}
          {status === 'started' || status === 'completed' ? (
            <Link className="button button-quiet" to={sectionPath(roundTable.id, 'pairs')}>
              Pairs and check-ins
            </Link>
          ) : null}
        </div>
      )}
    </article>
  );
};

const OpenWindow = ({ program, command, onDone }: { program: Program; command: Command; onDone(): void }) => {
  const roundTable = useRoundTable();
  const base = useId();
  const now = Date.now();
  const [opensAt, setOpensAt] = useState(toLocalInput(new Date(now).toISOString()).slice(0, 16));
  const [closesAt, setClosesAt] = useState(toLocalInput(new Date(now + 30 * DAY).toISOString()).slice(0, 10) + 'T23:59');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const opens = fromLocalInput(opensAt);
    const closes = fromLocalInput(closesAt);
    if (!opens || !closes) return;
    const done = await command.perform(
      'open',
      OpenApplicationWindowMutation,
      { tenant: roundTable.id, programId: program.programId, opensAt: opens, closesAt: closes },
      `The window is open until ${formatMinute(closes)}.`,
    );
    if (done) onDone();
  };
  return (
    <form className="step" onSubmit={(event) => void submit(event)} aria-label={`Open the application window of ${program.title}`}>
      <div className="field-pair">
        <div className="field">
          <label htmlFor={`${base}-opens`}>Opens</label>
          <input id={`${base}-opens`} type="datetime-local" required value={opensAt} onChange={(event) => setOpensAt(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${base}-closes`}>Closes</label>
          <input id={`${base}-closes`} type="datetime-local" required value={closesAt} onChange={(event) => setClosesAt(event.target.value)} />
        </div>
      </div>
      {program.conference ? <p className="hint">Pairs are matched before {program.conference.name}: the window must close early enough for that.</p> : null}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={command.busy !== null} aria-busy={command.busy === 'open'}>
          {command.busy === 'open' ? <span className="spinner" aria-hidden="true" /> : null}
          Open the window
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
};

const StartProgram = ({ program, command, onDone }: { program: Program; command: Command; onDone(): void }) => {
  const roundTable = useRoundTable();
  const base = useId();
  const [startsOn, setStartsOn] = useState(localDate(new Date().toISOString()));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await command.perform(
      'start',
      StartProgramMutation,
      { tenant: roundTable.id, programId: program.programId, startsOn },
      `${program.title} has started; its check-in schedule is set.`,
    );
    if (done) onDone();
  };
  return (
    <form className="step" onSubmit={(event) => void submit(event)} aria-label={`Start ${program.title}`}>
      <div className="field field-narrow">
        <label htmlFor={`${base}-starts`}>First day</label>
        <input id={`${base}-starts`} type="date" required value={startsOn} onChange={(event) => setStartsOn(event.target.value)} />
      </div>
      <p className="hint">
        {program.status === 'open' ? 'Starting closes the application window. ' : ''}The check-in schedule is derived from the template from this day.
      </p>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={command.busy !== null} aria-busy={command.busy === 'start'}>
          {command.busy === 'start' ? <span className="spinner" aria-hidden="true" /> : null}
          Start the program
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
};
