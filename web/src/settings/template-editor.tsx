import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ApplicationFormView } from '../apply/apply.page';
import type { useCommand } from '../core/command';
import { useRoundTable } from '../shell/round-table-context';
import { ChangeTemplateMutation, DefineTemplateMutation } from './settings.documents';
import {
  APPLIES_TO,
  type CheckIns,
  conditionInWords,
  copyOf,
  FACTOR_LABELS,
  FACTORS,
  type Factor,
  isChoice,
  keyFrom,
  type Option,
  previewForm,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  questionUses,
  type Role,
  stagesCondition,
  type TemplateDefinition,
  type Timeline,
  tierStages,
} from './template-model';

export interface TemplateSummary {
  templateId: string;
  latestVersion: number;
  definition: TemplateDefinition;
}

type Command = ReturnType<typeof useCommand>;
type Update = (change: (draft: TemplateDefinition) => void) => void;

const numberOr = (value: string, fallback: number) => (value.trim() === '' || Number.isNaN(Number(value)) ? fallback : Number(value));
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * A template's policy as a form, with the public application form beside it as applicants
 * will see it, updated as you type. Publishing makes a new version; programs drafted earlier
 * keep the version they pinned.
 */
export const TemplateEditor = ({
  template,
  mayEdit,
  command,
  onCreated,
}: {
  template: TemplateSummary;
  mayEdit: boolean;
  command: Command;
  onCreated(templateId: string): void;
}) => {
  const roundTable = useRoundTable();
  const [draft, setDraft] = useState<TemplateDefinition>(() => copyOf(template.definition));
  const update: Update = (change) =>
    setDraft((previous) => {
      const next = copyOf(previous);
      change(next);
      return next;
    });
  const dirty = JSON.stringify(draft) !== JSON.stringify(template.definition);
  const ids = { name: useId(), summary: useId(), membership: useId(), affiliation: useId() };

  return (
    <div className="template-layout">
      <div className="template-editor">
        {dirty ? (
          <p className="notice" role="status">
            Unpublished changes: the preview shows them; applicants see them in programs drafted from the next version.
          </p>
        ) : null}
        <fieldset className="editor-section" disabled={!mayEdit}>
          <legend>About the program</legend>
          <div className="field">
            <label htmlFor={ids.name}>Template name</label>
            <input id={ids.name} value={draft.name} onChange={(event) => update((d) => void (d.name = event.target.value))} />
          </div>
          <div className="field">
            <label htmlFor={ids.summary}>What the program offers (shown on the form)</label>
            <textarea id={ids.summary} rows={3} value={draft.summary} onChange={(event) => update((d) => void (d.summary = event.target.value))} />
          </div>
        </fieldset>

        <fieldset className="editor-section" disabled={!mayEdit}>
          <legend>Application form</legend>
          <div className="field">
            <label htmlFor={ids.membership}>Membership question</label>
            <input
              id={ids.membership}
              value={draft.core.membershipLabel}
              onChange={(event) => update((d) => void (d.core.membershipLabel = event.target.value))}
            />
          </div>
          <div className="field field-check">
            <input
              id={ids.affiliation}
              type="checkbox"
              checked={draft.core.affiliationRequired}
              onChange={(event) => update((d) => void (d.core.affiliationRequired = event.target.checked))}
            />
            <label htmlFor={ids.affiliation}>Applicants must name their library, school or employer</label>
          </div>
          <CareerStages draft={draft} update={update} />
          <h3 className="editor-subtitle">
            Questions <span className="count">{draft.questions.length}</span>
          </h3>
          <ol className="question-list" data-testid="template-questions">
            {draft.questions.map((question, index) => (
              <li key={question.id}>
                <QuestionEditor question={question} index={index} draft={draft} update={update} mayEdit={mayEdit} />
              </li>
            ))}
          </ol>
          {mayEdit ? <AddQuestion draft={draft} update={update} /> : null}
        </fieldset>

        <MatchingSection draft={draft} update={update} mayEdit={mayEdit} />
        <TiersSection draft={draft} update={update} mayEdit={mayEdit} />
        <EligibilitySection draft={draft} />
        <ScheduleSection draft={draft} update={update} mayEdit={mayEdit} />
        <CompletionSection draft={draft} update={update} mayEdit={mayEdit} />

        {mayEdit ? (
          <Publish template={template} draft={draft} dirty={dirty} command={command} onDiscard={() => setDraft(copyOf(template.definition))} />
        ) : (
          <p className="notice">Only the round table’s coordinators and admins change templates; you see this one as it is.</p>
        )}
        {command.error ? (
          <p className="form-error" role="alert">
            {command.error}
          </p>
        ) : null}
        <p className="notice-success" role="status" data-testid="template-notice">
          {command.notice}
        </p>
        {mayEdit ? <SaveAsNew draft={draft} command={command} onCreated={onCreated} /> : null}
      </div>
      <aside className="template-preview" aria-labelledby="preview-title" data-testid="form-preview">
        <h2 id="preview-title">Preview of the public form</h2>
        <p className="muted small">As applicants to a program drafted from this template will see it (the {roundTable.short} name and title are filled in).</p>
        <div className="preview-frame">
          <p className="eyebrow">{roundTable.name} · Application</p>
          <p className="preview-title">{draft.name}</p>
          <p>{draft.summary}</p>
          <ApplicationFormView form={previewForm(draft, roundTable.name)} tenant={roundTable.id} programId="preview" onDone={() => undefined} preview />
        </div>
      </aside>
    </div>
  );
};

const CareerStages = ({ draft, update }: { draft: TemplateDefinition; update: Update }) => {
  const base = useId();
  return (
    <fieldset className="sub-fieldset">
      <legend>Career stages, in the program’s words</legend>
      {draft.core.careerStages.map((stage, index) => (
        <div className="field field-inline" key={stage.value}>
          <label htmlFor={`${base}-${stage.value}`}>
            <span className="mono small">{stage.value}</span>
          </label>
          <input
            id={`${base}-${stage.value}`}
            value={stage.label}
            onChange={(event) =>
              update((d) => {
                const s = d.core.careerStages[index];
                if (s) s.label = event.target.value;
              })
            }
          />
        </div>
      ))}
    </fieldset>
  );
};

const appliesLabel = (appliesTo: string) => APPLIES_TO.find((a) => a.value === appliesTo)?.label ?? appliesTo;
const typeLabel = (type: string) => QUESTION_TYPES.find((t) => t.value === type)?.label ?? type;

const QuestionEditor = ({
  question,
  index,
  draft,
  update,
  mayEdit,
}: {
  question: Question;
  index: number;
  draft: TemplateDefinition;
  update: Update;
  mayEdit: boolean;
}) => {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const uses = questionUses(draft, question.id);
  const count = draft.questions.length;
  const change = (fn: (q: Question) => void) =>
    update((d) => {
      const q = d.questions[index];
      if (q) fn(q);
    });
  const limit = (key: 'maxLength' | 'min' | 'max' | 'minChoices' | 'maxChoices', label: string) => (
    <div className="field field-narrow">
      <label htmlFor={id(key)}>{label}</label>
      <input
        id={id(key)}
        type="number"
        inputMode="numeric"
        value={question[key] ?? ''}
        onChange={(event) =>
          change((q) => {
            if (event.target.value === '') delete q[key];
            else q[key] = Number(event.target.value);
          })
        }
      />
    </div>
  );
  const move = (by: number) =>
    update((d) => {
      const [moved] = d.questions.splice(index, 1);
      if (moved) d.questions.splice(index + by, 0, moved);
    });
  return (
    <details className="question-editor" data-question-id={question.id}>
      <summary>
        <span className="question-label">{question.label || 'Untitled question'}</span>
        <span className="row-sub">
          {typeLabel(question.type)} · {appliesLabel(question.appliesTo).toLowerCase()} · {question.required ? 'required' : 'optional'}
        </span>
      </summary>
      <div className="question-body">
        <p className="muted small">
          Answer key <span className="mono">{question.id}</span>
          {uses.length ? ` · used by ${uses.join(', ')}` : ''}
        </p>
        <div className="field">
          <label htmlFor={id('label')}>Question</label>
          <input id={id('label')} value={question.label} onChange={(event) => change((q) => void (q.label = event.target.value))} />
        </div>
        <div className="field">
          <label htmlFor={id('help')}>
            Help text <span className="optional">(optional)</span>
          </label>
          <input
            id={id('help')}
            value={question.help ?? ''}
            onChange={(event) =>
              change((q) => {
                if (event.target.value) q.help = event.target.value;
                else delete q.help;
              })
            }
          />
        </div>
        <div className="field-pair">
          <div className="field">
            <label htmlFor={id('type')}>Answer</label>
            <select
              id={id('type')}
              value={question.type}
              onChange={(event) =>
                change((q) => {
                  q.type = event.target.value as QuestionType;
                  if (isChoice(q.type) && !q.options?.length) q.options = [{ value: 'yes', label: 'Yes' }];
                  if (!isChoice(q.type)) delete q.options;
                })
              }
            >
              {QUESTION_TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={id('applies')}>Asked of</label>
            <select id={id('applies')} value={question.appliesTo} onChange={(event) => change((q) => void (q.appliesTo = event.target.value as Role | 'both'))}>
              {APPLIES_TO.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field field-check">
          <input
            id={id('required')}
            type="checkbox"
            checked={question.required}
            onChange={(event) => change((q) => void (q.required = event.target.checked))}
          />
          <label htmlFor={id('required')}>An answer is required</label>
        </div>
        {isChoice(question.type) ? <OptionsEditor options={question.options ?? []} onChange={(options) => change((q) => void (q.options = options))} /> : null}
        <div className="field-row">
          {question.type === 'text' || question.type === 'longText' ? limit('maxLength', 'Most characters') : null}
          {question.type === 'number' ? (
            <>
              {limit('min', 'Lowest')}
              {limit('max', 'Highest')}
            </>
          ) : null}
          {question.type === 'multiChoice' ? (
            <>
              {limit('minChoices', 'Fewest choices')}
              {limit('maxChoices', 'Most choices')}
            </>
          ) : null}
        </div>
        {mayEdit ? (
          <div className="button-row">
            <button type="button" className="button button-quiet button-small" disabled={index === 0} onClick={() => move(-1)}>
              Move up
            </button>
            <button type="button" className="button button-quiet button-small" disabled={index === count - 1} onClick={() => move(1)}>
              Move down
            </button>
            <button
              type="button"
              className="button button-quiet-danger button-small"
              disabled={uses.length > 0}
              title={uses.length ? `Used by ${uses.join(', ')}` : undefined}
              onClick={() => update((d) => void d.questions.splice(index, 1))}
            >
              Remove the question
            </button>
          </div>
        ) : null}
      </div>
    </details>
  );
};

const OptionsEditor = ({ options, onChange }: { options: Option[]; onChange(options: Option[]): void }) => {
  const base = useId();
  const [label, setLabel] = useState('');
  const add = () => {
    if (!label.trim()) return;
    onChange([
      ...options,
      {
        value: keyFrom(
          label,
          options.map((o) => o.value),
          'option',
        ),
        label: label.trim(),
      },
    ]);
    setLabel('');
  };
  return (
    <fieldset className="sub-fieldset">
      <legend>Choices</legend>
      <ul className="option-list">
        {options.map((option, index) => (
          <li key={option.value}>
            <label className="visually-hidden" htmlFor={`${base}-${option.value}`}>
              Choice {index + 1}
            </label>
            <input
              id={`${base}-${option.value}`}
              value={option.label}
              onChange={(event) => onChange(options.map((o, i) => (i === index ? { ...o, label: event.target.value } : o)))}
            />
            <span className="mono small muted">{option.value}</span>
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={`Remove the choice ${option.label}`}
              disabled={options.length === 1}
              onClick={() => onChange(options.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="option-add">
        <label className="visually-hidden" htmlFor={`${base}-new`}>
          New choice
        </label>
        <input
          id={`${base}-new`}
          value={label}
          placeholder="Another choice"
          onChange={(event) => setLabel(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button button-secondary button-small" onClick={add}>
          Add the choice
        </button>
      </div>
    </fieldset>
  );
};

/** A custom question for the form: the answer key comes from its wording. */
const AddQuestion = ({ draft, update }: { draft: TemplateDefinition; update: Update }) => {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('');
  const [type, setType] = useState<QuestionType>('text');
  const [appliesTo, setAppliesTo] = useState<Role | 'both'>('both');
  const [required, setRequired] = useState(false);
  const [help, setHelp] = useState('');
  const [choices, setChoices] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const key = keyFrom(
    label,
    draft.questions.map((q) => q.id),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) return setProblem('Write the question applicants will read.');
    const options: Option[] = [];
    for (const text of lines(choices))
      options.push({
        value: keyFrom(
          text,
          options.map((o) => o.value),
          'option',
        ),
        label: text,
      });
    if (isChoice(type) && options.length === 0) return setProblem('List the choices, one per line.');
    const question: Question = { id: key, label: label.trim(), type, appliesTo, required, ...(help.trim() ? { help: help.trim() } : {}) };
    if (isChoice(type)) question.options = options;
    update((d) => void d.questions.push(question));
    setAdded(`Added “${question.label}” at the end of the form. Publish a new version to use it.`);
    setProblem(null);
    setLabel('');
    setHelp('');
    setChoices('');
    setRequired(false);
    setOpen(false);
  };
  if (!open)
    return (
      <div className="add-question">
        <p className="notice-success" role="status">
          {added}
        </p>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setOpen(true);
            setAdded(null);
          }}
        >
          Add a question
        </button>
      </div>
    );
  return (
    <form className="add-question add-question-open" onSubmit={submit} aria-labelledby={id('title')}>
      <h4 id={id('title')}>New question</h4>
      <div className="field">
        <label htmlFor={id('label')}>Question</label>
        <input
          id={id('label')}
          value={label}
          aria-invalid={problem && !label.trim() ? true : undefined}
          aria-describedby={id('key')}
          onChange={(event) => setLabel(event.target.value)}
        />
        <p id={id('key')} className="hint">
          Answer key: <span className="mono">{label.trim() ? key : '…'}</span>
        </p>
      </div>
      <div className="field-pair">
        <div className="field">
          <label htmlFor={id('type')}>Answer</label>
          <select id={id('type')} value={type} onChange={(event) => setType(event.target.value as QuestionType)}>
            {QUESTION_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('applies')}>Asked of</label>
          <select id={id('applies')} value={appliesTo} onChange={(event) => setAppliesTo(event.target.value as Role | 'both')}>
            {APPLIES_TO.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {isChoice(type) ? (
        <div className="field">
          <label htmlFor={id('choices')}>Choices, one per line</label>
          <textarea id={id('choices')} rows={4} value={choices} onChange={(event) => setChoices(event.target.value)} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={id('help')}>
          Help text <span className="optional">(optional)</span>
        </label>
        <input id={id('help')} value={help} onChange={(event) => setHelp(event.target.value)} />
      </div>
      <div className="field field-check">
        <input id={id('required')} type="checkbox" checked={required} onChange={(event) => setRequired(event.target.checked)} />
        <label htmlFor={id('required')}>An answer is required</label>
      </div>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Add to the form
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
};

const Section = ({ title, disabled, children }: { title: string; disabled: boolean; children: ReactNode }) => (
  <fieldset className="editor-section" disabled={disabled}>
    <legend>{title}</legend>
    {children}
  </fieldset>
);

const MatchingSection = ({ draft, update, mayEdit }: { draft: TemplateDefinition; update: Update; mayEdit: boolean }) => {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const total = FACTORS.reduce((sum, f) => sum + (draft.matching.weights[f] ?? 0), 0);
  const source = (factor: Factor) => {
    if (factor === 'careerStage') return 'Reads the career stage';
    // No form question feeds the time zone yet (the domain declares no source for it).
    const s = factor === 'timeZone' ? undefined : draft.matching.sources[factor];
    if (!s) return 'Not asked on the form: no effect';
    const label = (qid: string) => draft.questions.find((q) => q.id === qid)?.label ?? qid;
    return s.mentee === s.mentor ? `Reads “${label(s.mentee)}”` : `Reads “${label(s.mentee)}” and “${label(s.mentor)}”`;
  };
  return (
    <Section title="Matching" disabled={!mayEdit}>
      <fieldset className="sub-fieldset">
        <legend>What the engine aims for by default</legend>
        <div className="choices">
          {[
            { value: 'coverage', label: 'Most people matched' },
            { value: 'score', label: 'Highest total score' },
          ].map((o) => (
            <label className="choice" key={o.value}>
              <input
                type="radio"
                name={id('objective')}
                checked={draft.matching.objective === o.value}
                onChange={() => update((d) => void (d.matching.objective = o.value as 'coverage' | 'score'))}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="sub-fieldset">
        <legend>Weights (0 to 100)</legend>
        <ul className="weight-list" data-testid="weights">
          {FACTORS.map((factor) => {
            const weight = draft.matching.weights[factor] ?? 0;
            return (
              <li key={factor}>
                <label htmlFor={id(factor)}>{FACTOR_LABELS[factor]}</label>
                <input
                  id={id(factor)}
                  type="number"
                  min={0}
                  max={100}
                  value={weight}
                  aria-describedby={id(`${factor}-hint`)}
                  onChange={(event) =>
                    update((d) => {
                      const value = numberOr(event.target.value, 0);
                      if (value === 0) delete d.matching.weights[factor];
                      else d.matching.weights[factor] = value;
                    })
                  }
                />
                <span className="weight-share" aria-hidden="true">
                  <span style={{ width: `${total ? (weight / total) * 100 : 0}%` }} />
                </span>
                <span id={id(`${factor}-hint`)} className="row-sub">
                  {total ? `${Math.round((weight / total) * 100)} % of the score` : 'no weight'} · {source(factor)}
                </span>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="field-pair">
        <div className="field">
          <label htmlFor={id('capacity')}>Mentees per mentor, by default</label>
          <input
            id={id('capacity')}
            type="number"
            min={1}
            value={draft.capacity.default}
            onChange={(event) => update((d) => void (d.capacity.default = numberOr(event.target.value, 1)))}
          />
        </div>
        <div className="field">
          <label htmlFor={id('capacity-max')}>Most mentees a mentor may offer</label>
          <input
            id={id('capacity-max')}
            type="number"
            min={1}
            value={draft.capacity.max}
            onChange={(event) => update((d) => void (d.capacity.max = numberOr(event.target.value, 1)))}
          />
        </div>
      </div>
    </Section>
  );
};

const TiersSection = ({ draft, update, mayEdit }: { draft: TemplateDefinition; update: Update; mayEdit: boolean }) => {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const [label, setLabel] = useState('');
  const [stages, setStages] = useState<string[]>([]);
  const renumber = (d: TemplateDefinition) => {
    d.tiers = d.tiers.map((t, i) => ({ ...t, tier: i + 1 }));
  };
  const stageBoxes = (selected: string[], onToggle: (value: string, on: boolean) => void, prefix: string) => (
    <div className="choices stage-choices">
      {draft.core.careerStages.map((s) => (
        <label className="choice" key={s.value}>
          <input
            type="checkbox"
            name={`${prefix}-${s.value}`}
            checked={selected.includes(s.value)}
            onChange={(event) => onToggle(s.value, event.target.checked)}
          />
          <span>{s.label}</span>
        </label>
      ))}
    </div>
  );
  return (
    <Section title="Mentee priority tiers" disabled={!mayEdit}>
      <p className="muted small">Tier 1 mentees are matched before tier 2, and so on. Without tiers, every eligible mentee is matched on score alone.</p>
      {draft.tiers.length === 0 ? <p className="empty-line">No tiers: every mentee has the same priority.</p> : null}
      <ol className="tier-list" data-testid="tiers">
        {draft.tiers.map((tier, index) => {
          const picked = tierStages(tier.when);
          return (
            <li key={tier.tier} className="tier">
              <div className="field">
                <label htmlFor={id(`tier-${index}`)}>Tier {tier.tier}</label>
                <input
                  id={id(`tier-${index}`)}
                  value={tier.label}
                  onChange={(event) =>
                    update((d) => {
                      const t = d.tiers[index];
                      if (t) t.label = event.target.value;
                    })
                  }
                />
              </div>
              <fieldset className="sub-fieldset">
                <legend>Mentees whose career stage is</legend>
                {picked ? (
                  stageBoxes(
                    picked,
                    (value, on) =>
                      update((d) => {
                        const t = d.tiers[index];
                        if (!t) return;
                        const next = on ? [...picked, value] : picked.filter((v) => v !== value);
                        if (next.length) t.when = stagesCondition(next);
                      }),
                    id(`tier-${index}-stage`),
                  )
                ) : (
                  <p className="small">{conditionInWords(draft, tier.when)}</p>
                )}
              </fieldset>
              {mayEdit ? (
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    disabled={index === 0}
                    onClick={() =>
                      update((d) => {
                        const [moved] = d.tiers.splice(index, 1);
                        if (moved) d.tiers.splice(index - 1, 0, moved);
                        renumber(d);
                      })
                    }
                  >
                    Move up
                  </button>
                  <button
                    type="button"
                    className="button button-quiet-danger button-small"
                    onClick={() =>
                      update((d) => {
                        d.tiers.splice(index, 1);
                        renumber(d);
                      })
                    }
                  >
                    Remove tier {tier.tier}
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {mayEdit ? (
        <div className="tier-add">
          <div className="field">
            <label htmlFor={id('new-label')}>New tier {draft.tiers.length + 1}: who</label>
            <input id={id('new-label')} value={label} placeholder="e.g. new librarians" onChange={(event) => setLabel(event.target.value)} />
          </div>
          <fieldset className="sub-fieldset">
            <legend>Mentees whose career stage is</legend>
            {stageBoxes(stages, (value, on) => setStages(on ? [...stages, value] : stages.filter((v) => v !== value)), id('new-stage'))}
          </fieldset>
          <button
            type="button"
            className="button button-secondary"
            disabled={!label.trim() || stages.length === 0}
            onClick={() => {
              update((d) => void d.tiers.push({ tier: d.tiers.length + 1, label: label.trim(), when: stagesCondition(stages) }));
              setLabel('');
              setStages([]);
            }}
          >
            Add the tier
          </button>
        </div>
      ) : null}
    </Section>
  );
};

const EligibilitySection = ({ draft }: { draft: TemplateDefinition }) => (
  <section className="editor-section" aria-labelledby="eligibility-title">
    <h3 id="eligibility-title" className="editor-legend">
      Eligibility rules
    </h3>
    {draft.eligibility.length === 0 ? <p className="empty-line">No rules: every applicant is eligible.</p> : null}
    <ul className="rule-list">
      {draft.eligibility.map((rule) => (
        <li key={rule.id}>
          <strong>{rule.appliesTo === 'both' ? 'Everyone' : rule.appliesTo === 'mentor' ? 'Mentors' : 'Mentees'}</strong>
          {rule.when ? ` where ${conditionInWords(draft, rule.when)}` : ''}: {conditionInWords(draft, rule.require)}.
          <span className="row-sub">Otherwise: “{rule.message}”</span>
        </li>
      ))}
    </ul>
    <p className="muted small">The screening rules are kept as they are by this editor.</p>
  </section>
);

const ScheduleSection = ({ draft, update, mayEdit }: { draft: TemplateDefinition; update: Update; mayEdit: boolean }) => {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const checkIns = draft.checkIns;
  const timeline = draft.timeline;
  const setCheckIns = (next: CheckIns) => update((d) => void (d.checkIns = next));
  const setTimeline = (next: Timeline) => update((d) => void (d.timeline = next));
  return (
    <Section title="Check-ins and timeline" disabled={!mayEdit}>
      <fieldset className="sub-fieldset">
        <legend>Check-ins</legend>
        <div className="choices">
          <label className="choice">
            <input
              type="radio"
              name={id('kind')}
              checked={checkIns.kind === 'as-agreed'}
              onChange={() => setCheckIns({ kind: 'as-agreed', suggestions: [] })}
            />
            <span>As the pair agrees</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={id('kind')}
              checked={checkIns.kind === 'scheduled'}
              onChange={() => setCheckIns({ kind: 'scheduled', everyMonths: 3, count: 4, mode: 'virtual' })}
            />
            <span>On a schedule from the program’s start</span>
          </label>
        </div>
      </fieldset>
      {checkIns.kind === 'as-agreed' ? (
        <div className="field">
          <label htmlFor={id('suggestions')}>Suggested meetings, one per line</label>
          <textarea
            id={id('suggestions')}
            rows={3}
            value={checkIns.suggestions.join('\n')}
            onChange={(event) => setCheckIns({ kind: 'as-agreed', suggestions: event.target.value.split('\n') })}
            onBlur={() => setCheckIns({ kind: 'as-agreed', suggestions: lines(checkIns.suggestions.join('\n')) })}
          />
        </div>
      ) : (
        <div className="field-row">
          <div className="field field-narrow">
            <label htmlFor={id('every')}>Every … months</label>
            <input
              id={id('every')}
              type="number"
              min={1}
              value={checkIns.everyMonths}
              onChange={(event) => setCheckIns({ ...checkIns, everyMonths: numberOr(event.target.value, 1) })}
            />
          </div>
          <div className="field field-narrow">
            <label htmlFor={id('count')}>How many</label>
            <input
              id={id('count')}
              type="number"
              min={1}
              value={checkIns.count}
              onChange={(event) => setCheckIns({ ...checkIns, count: numberOr(event.target.value, 1) })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('mode')}>Where</label>
            <select
              id={id('mode')}
              value={checkIns.mode}
              onChange={(event) => setCheckIns({ ...checkIns, mode: event.target.value as 'virtual' | 'in-person' | 'any' })}
            >
              <option value="virtual">Virtual</option>
              <option value="in-person">In person</option>
              <option value="any">Either</option>
            </select>
          </div>
        </div>
      )}
      <fieldset className="sub-fieldset">
        <legend>Timeline</legend>
        <div className="choices">
          <label className="choice">
            <input
              type="radio"
              name={id('timeline')}
              checked={timeline.kind === 'conference'}
              onChange={() => setTimeline({ kind: 'conference', matchByDaysBefore: 30 })}
            />
            <span>Matched before a conference</span>
          </label>
          <label className="choice">
            <input type="radio" name={id('timeline')} checked={timeline.kind === 'cohort'} onChange={() => setTimeline({ kind: 'cohort', months: 12 })} />
            <span>A cohort of a fixed length</span>
          </label>
        </div>
      </fieldset>
      {timeline.kind === 'conference' ? (
        <div className="field field-narrow">
          <label htmlFor={id('days')}>Match by … days before the conference</label>
          <input
            id={id('days')}
            type="number"
            min={0}
            value={timeline.matchByDaysBefore}
            onChange={(event) => setTimeline({ kind: 'conference', matchByDaysBefore: numberOr(event.target.value, 0) })}
          />
        </div>
      ) : (
        <div className="field field-narrow">
          <label htmlFor={id('months')}>Cohort length in months</label>
          <input
            id={id('months')}
            type="number"
            min={1}
            value={timeline.months}
            onChange={(event) => setTimeline({ kind: 'cohort', months: numberOr(event.target.value, 1) })}
          />
        </div>
      )}
    </Section>
  );
};

const CompletionSection = ({ draft, update, mayEdit }: { draft: TemplateDefinition; update: Update; mayEdit: boolean }) => {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const check = (key: string, label: string, checked: boolean, set: (d: TemplateDefinition, on: boolean) => void) => (
    <div className="field field-check">
      <input id={id(key)} type="checkbox" checked={checked} onChange={(event) => update((d) => set(d, event.target.checked))} />
      <label htmlFor={id(key)}>{label}</label>
    </div>
  );
  return (
    <Section title="Completion, recognition and waitlist" disabled={!mayEdit}>
      <div className="field field-narrow">
        <label htmlFor={id('held')}>Check-ins held to complete</label>
        <input
          id={id('held')}
          type="number"
          min={0}
          value={draft.completion.checkInsHeld}
          onChange={(event) => update((d) => void (d.completion.checkInsHeld = numberOr(event.target.value, 0)))}
        />
      </div>
      {check('final', 'A final presentation of research in progress is required', draft.completion.finalPresentation, (d, on) => {
        d.completion.finalPresentation = on;
      })}
      {check('certificate', 'A certificate for each mentee who completes', draft.recognition.menteeCertificate, (d, on) => {
        d.recognition.menteeCertificate = on;
      })}
      {check('letter', 'A letter of appreciation for each mentor', draft.recognition.mentorLetter, (d, on) => {
        d.recognition.mentorLetter = on;
      })}
      {check('outputs', 'A public list of the publications and presentations supported', draft.recognition.publicOutputsList, (d, on) => {
        d.recognition.publicOutputsList = on;
      })}
      <fieldset className="sub-fieldset">
        <legend>When a mentor place frees up</legend>
        <div className="choices">
          <label className="choice">
            <input
              type="radio"
              name={id('waitlist')}
              checked={draft.waitlist.policy === 'automatic'}
              onChange={() => update((d) => void (d.waitlist.policy = 'automatic'))}
            />
            <span>Promote the next waitlisted mentee at once</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={id('waitlist')}
              checked={draft.waitlist.policy === 'suggest'}
              onChange={() => update((d) => void (d.waitlist.policy = 'suggest'))}
            />
            <span>Suggest the promotion to the committee</span>
          </label>
        </div>
      </fieldset>
      {check('no-place', 'Mentees screened eligible when no mentor place is left go to the waitlist', draft.waitlist.whenNoPlace, (d, on) => {
        d.waitlist.whenNoPlace = on;
      })}
    </Section>
  );
};

const Publish = ({
  template,
  draft,
  dirty,
  command,
  onDiscard,
}: {
  template: TemplateSummary;
  draft: TemplateDefinition;
  dirty: boolean;
  command: Command;
  onDiscard(): void;
}) => {
  const roundTable = useRoundTable();
  const changeId = useId();
  const [change, setChange] = useState('');
  const next = template.latestVersion + 1;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void command.perform(
      'publish',
      ChangeTemplateMutation,
      { tenant: roundTable.id, templateId: template.templateId, definition: draft as unknown as Record<string, unknown>, change: change.trim() },
      `Version ${next} is published. Programs drafted from now on use it; programs drafted earlier keep their version.`,
    );
  };
  return (
    <form className="editor-section publish" onSubmit={submit} aria-labelledby={`${changeId}-title`}>
      <h3 id={`${changeId}-title`} className="editor-legend">
        Publish version {next}
      </h3>
      <div className="field">
        <label htmlFor={changeId}>What changed, and why</label>
        <textarea
          id={changeId}
          rows={2}
          value={change}
          placeholder="e.g. Ask mentees about their time zone"
          onChange={(event) => setChange(event.target.value)}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!dirty || command.busy !== null} aria-busy={command.busy === 'publish'}>
          {command.busy === 'publish' ? <span className="spinner" aria-hidden="true" /> : null}
          Publish version {next}
        </button>
        <button type="button" className="button button-secondary" disabled={!dirty || command.busy !== null} onClick={onDiscard}>
          Discard changes
        </button>
      </div>
      {!dirty ? <p className="muted small">Change something above to publish a new version.</p> : null}
    </form>
  );
};

/** A second template from this one's settings, e.g. for another kind of program. */
const SaveAsNew = ({ draft, command, onCreated }: { draft: TemplateDefinition; command: Command; onCreated(templateId: string): void }) => {
  const roundTable = useRoundTable();
  const base = useId();
  const [name, setName] = useState('');
  const templateId = keyFrom(name, [], 'template');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.perform(
      'define',
      DefineTemplateMutation,
      { tenant: roundTable.id, templateId, definition: { ...draft, name: name.trim() } as unknown as Record<string, unknown> },
      `The template “${name.trim()}” is defined (version 1).`,
    );
    if (result) {
      setName('');
      onCreated(result.defineTemplate.id ?? templateId);
    }
  };
  return (
    <details className="editor-section save-as-new">
      <summary>Save as a new template</summary>
      <form onSubmit={(event) => void submit(event)} aria-label="Save as a new template">
        <p className="muted small">A new template starts at version 1 with the settings above; this template stays as it is.</p>
        <div className="field">
          <label htmlFor={`${base}-name`}>Name of the new template</label>
          <input id={`${base}-name`} value={name} required aria-describedby={`${base}-id`} onChange={(event) => setName(event.target.value)} />
          <p id={`${base}-id`} className="hint">
            Template id: <span className="mono">{name.trim() ? templateId : '…'}</span>
          </p>
        </div>
        <button type="submit" className="button button-secondary" disabled={!name.trim() || command.busy !== null}>
          Define the new template
        </button>
      </form>
    </details>
  );
};
