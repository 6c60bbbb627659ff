import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorCode, errorMessage } from '../core/api-errors';
import type { ApplicationFormQuery as FormResult } from '../gql/graphql';
import { PublicLayout } from '../shell/public-layout';
import { ApplicationFormQuery, SubmitApplicationMutation } from './apply.documents';

export type Form = FormResult['applicationForm'];
type Question = Form['questions'][number];
interface Choice {
  value: string;
  label: string;
}
interface Limits {
  maxLength?: number;
  min?: number;
  max?: number;
  minChoices?: number;
  maxChoices?: number;
}
interface Core {
  careerStages?: Choice[];
  membershipLabel?: string;
  affiliationRequired?: boolean;
  capacity?: { default?: number; max?: number };
}

type Value = string | string[] | boolean | null;
type Values = Record<string, Value>;
type Errors = Record<string, string>;

const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-US', { dateStyle: 'long' });

/** The public application form of one program: no account, built from the program's questions. */
export const ApplyPage = ({ tenant, programId }: { tenant: string; programId: string }) => {
  const [{ data, error, fetching }] = useQuery({ query: ApplicationFormQuery, variables: { tenant, programId } });
  const form = data?.applicationForm;
  const [confirmation, setConfirmation] = useState<{ reference: string; receivedAt: string; name: string; email: string } | null>(null);

  useEffect(() => {
    document.title = confirmation ? 'Application received · Tandem' : form ? `Apply: ${form.programTitle} · Tandem` : 'Apply · Tandem';
  }, [form, confirmation]);

  let body: ReactNode;
  if (fetching && !form)
    body = (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the application form…
      </p>
    );
  else if (!form)
    body = (
      <>
        <h1>Application form not found</h1>
        <p>
          {errorCode(error) === 'NOT_FOUND'
            ? 'There is no such program. Check the link you were given, or ask the round table’s committee for the right one.'
            : errorMessage(error)}
        </p>
      </>
    );
  else if (confirmation) body = <Confirmation form={form} {...confirmation} />;
  else if (!form.open)
    body = (
      <>
        <Intro form={form} />
        <div className="notice" role="status">
          <strong>Applications are closed.</strong> This program is not accepting applications right now
          {form.closesAt ? ` (the window closed on ${longDate(form.closesAt)})` : ''}. Ask the {form.roundTableName}’s committee about the next cycle.
        </div>
      </>
    );
  else
    body = (
      <>
        <Intro form={form} />
        <ApplicationFormView form={form} tenant={tenant} programId={programId} onDone={setConfirmation} />
      </>
    );

  return <PublicLayout roundTableName={form?.roundTableName}>{body}</PublicLayout>;
};

const Intro = ({ form }: { form: Form }) => (
  <div className="public-intro">
    <p className="eyebrow">{form.roundTableName} · Application</p>
    <h1>{form.programTitle}</h1>
    <p>{form.summary}</p>
    {form.closesAt && form.open ? <p className="muted">Applications close on {longDate(form.closesAt)}. No account is needed.</p> : null}
  </div>
);

const Confirmation = ({ form, reference, receivedAt, name, email }: { form: Form; reference: string; receivedAt: string; name: string; email: string }) => {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="card confirmation" aria-labelledby="confirmation-title">
      <h1 id="confirmation-title" ref={ref} tabIndex={-1}>
        Application received
      </h1>
      <p>
        Thank you, {name}. The {form.roundTableName}’s committee has your application to <strong>{form.programTitle}</strong>.
      </p>
      <dl className="facts">
        <div>
          <dt>Your reference</dt>
          <dd className="reference" data-testid="reference">
            {reference}
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>{new Date(receivedAt).toLocaleString('en-US', { dateStyle: 'long', timeStyle: 'short' })}</dd>
        </div>
      </dl>
      <h2>What happens next</h2>
      <ul className="checklist">
        <li>The committee screens every application after the window closes.</li>
        <li>They will write to {email} about your match.</li>
        <li>Quote the reference above when you write to the committee.</li>
      </ul>
    </section>
  );
};

const optionsOf = (question: Question): Choice[] => (question.options as Choice[] | null) ?? [];
const limitsOf = (question: Question): Limits => (question.limits as Limits | null) ?? {};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const validate = (values: Values, core: Core, questions: Question[]): Errors => {
  const errors: Errors = {};
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string).trim() : '');
  if (!values.role) errors.role = 'Choose whether you apply as a mentor or a mentee.';
  if (!text('name')) errors.name = 'Enter your full name.';
  if (!text('email')) errors.email = 'Enter your email address: the committee replies there.';
  else if (!EMAIL.test(text('email'))) errors.email = 'Enter an email address like name@library.org.';
  if (core.affiliationRequired && !text('affiliation')) errors.affiliation = 'Enter your library, school or employer.';
  if (!text('careerStage')) errors.careerStage = 'Choose your career stage.';
  if (values.role === 'mentor') {
    const max = core.capacity?.max ?? 1;
    const n = Number(text('mentorCapacity'));
    if (!text('mentorCapacity') || !Number.isInteger(n) || n < 1 || n > max) errors.mentorCapacity = `Enter a whole number from 1 to ${max}.`;
  }
  for (const q of questions) {
    const key = `q:${q.id}`;
    const value = values[key];
    const limits = limitsOf(q);
    const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (q.required)
        errors[key] = q.type === 'multiChoice' || q.type === 'singleChoice' || q.type === 'boolean' ? 'Choose an answer.' : 'Answer this question.';
      continue;
    }
    if (q.type === 'multiChoice' && Array.isArray(value)) {
      if (limits.minChoices && value.length < limits.minChoices) errors[key] = `Choose at least ${limits.minChoices}.`;
      if (limits.maxChoices && value.length > limits.maxChoices) errors[key] = `Choose at most ${limits.maxChoices}.`;
    }
    if (q.type === 'number' && typeof value === 'string') {
      const n = Number(value);
      if (!Number.isFinite(n)) errors[key] = 'Enter a number.';
      else if (limits.min !== undefined && n < limits.min) errors[key] = `Enter ${limits.min} or more.`;
      else if (limits.max !== undefined && n > limits.max) errors[key] = `Enter ${limits.max} or less.`;
    }
    if ((q.type === 'text' || q.type === 'longText') && typeof value === 'string' && limits.maxLength && value.length > limits.maxLength)
      errors[key] = `Shorten this to ${limits.maxLength} characters (it has ${value.length}).`;
  }
  return errors;
};

const answerOf = (question: Question, value: Value): unknown => {
  if (question.type === 'number') return Number(value);
  if (question.type === 'boolean') return value === 'yes';
  if (typeof value === 'string') return value.trim();
  return value;
};

const FIELD_ORDER = ['role', 'name', 'email', 'affiliation', 'careerStage', 'membership', 'mentorCapacity'];

/**
 * The form itself. With `preview` (the template editor), it checks the answers as applicants'
 * would be checked and says so, but sends nothing.
 */
export const ApplicationFormView = ({
  form,
  tenant,
  programId,
  onDone,
  preview = false,
}: {
  form: Form;
  tenant: string;
  programId: string;
  onDone(confirmation: { reference: string; receivedAt: string; name: string; email: string }): void;
  preview?: boolean;
}) => {
  const core = (form.core ?? {}) as Core;
  const [values, setValues] = useState<Values>({ mentorCapacity: String(core.capacity?.default ?? 1), membership: false });
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [previewed, setPreviewed] = useState(false);
  const [{ fetching }, submit] = useMutation(SubmitApplicationMutation);
  const summaryRef = useRef<HTMLDivElement>(null);
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const base = useId();
  const idOf = (key: string) => `${base}-${key.replace(/[^a-zA-Z0-9-]/g, '-')}`;

  const role = values.role as string | undefined;
  const questions = form.questions.filter((q) => q.appliesTo === 'both' || (role && q.appliesTo === role));

  const set = (key: string, value: Value) => {
    const next = { ...values, [key]: value };
    setValues(next);
    if (submitted)
      setErrors(
        validate(
          next,
          core,
          form.questions.filter((q) => q.appliesTo === 'both' || q.appliesTo === next.role),
        ),
      );
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setServerError(null);
    const found = validate(values, core, questions);
    setErrors(found);
    setPreviewed(false);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    if (preview) {
      setPreviewed(true);
      return;
    }
    const answers: Record<string, unknown> = {};
    for (const q of questions) {
      const value = values[`q:${q.id}`];
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      answers[q.id] = answerOf(q, value);
    }
    const text = (key: string) => String(values[key] ?? '').trim();
    const application = {
      role: text('role'),
      name: text('name'),
      email: text('email'),
      affiliation: text('affiliation') || null,
      careerStage: text('careerStage'),
      membership: values.membership === true,
      mentorCapacity: role === 'mentor' ? Number(text('mentorCapacity')) : null,
      answers,
    };
    const result = await submit({ tenant, programId, application, options: { idempotencyKey } });
    if (result.error || !result.data) {
      const code = errorCode(result.error);
      setServerError(
        code === 'RATE_LIMITED'
          ? `Too many applications came from this address. ${errorMessage(result.error)}`
          : (errorMessage(result.error) ?? 'The application could not be sent. Try again.'),
      );
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    onDone({ ...result.data.submitApplication, name: application.name, email: application.email });
  };

  const summaryLine = (key: string) => {
    const question = key.startsWith('q:') ? questions.find((q) => `q:${q.id}` === key) : undefined;
    return question ? `${question.label}: ${(errors[key] ?? '').replace(/^./, (c) => c.toLowerCase())}` : errors[key];
  };
  const errorKeys = [...FIELD_ORDER, ...questions.map((q) => `q:${q.id}`)].filter((key) => errors[key]);
  const hasProblems = errorKeys.length > 0 || serverError;

  const fieldProps = (key: string) => ({
    id: idOf(key),
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${idOf(key)}-error` : undefined,
  });
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${idOf(name)}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;

  return (
    <form className="form apply-form" noValidate onSubmit={(event) => void onSubmit(event)} aria-label={`Apply to ${form.programTitle}`}>
      <div ref={summaryRef} tabIndex={-1} className={hasProblems ? 'error-summary' : undefined} role={hasProblems ? 'alert' : undefined}>
        {hasProblems ? (
          <>
            <h2 id={`${base}-problems`}>{serverError ? 'The application was not accepted' : 'Check these answers'}</h2>
            {serverError ? <p>{serverError}</p> : null}
            {errorKeys.length ? (
              <ul>
                {errorKeys.map((key) => (
                  <li key={key}>
                    <a href={`#${idOf(key)}`}>{summaryLine(key)}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>

      <fieldset className="form-section" aria-describedby={errors.role ? `${idOf('role')}-error` : undefined}>
        <legend>I apply as</legend>
        <div className="choice-cards" id={idOf('role')} tabIndex={-1}>
          {[
            { value: 'mentee', label: 'Mentee', hint: 'I would like a mentor' },
            { value: 'mentor', label: 'Mentor', hint: 'I would like to mentor someone' },
          ].map((option) => (
            <label key={option.value} className="choice-card">
              <input type="radio" name="role" value={option.value} checked={role === option.value} onChange={() => set('role', option.value)} />
              <span>
                <strong>{option.label}</strong>
                <span className="muted">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldError('role')}
      </fieldset>

      <fieldset className="form-section">
        <legend>About you</legend>
        <div className="field">
          <label htmlFor={idOf('name')}>Full name</label>
          <input {...fieldProps('name')} autoComplete="name" value={String(values.name ?? '')} onChange={(event) => set('name', event.target.value)} />
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor={idOf('email')}>Email</label>
          <input
            {...fieldProps('email')}
            type="email"
            autoComplete="email"
            value={String(values.email ?? '')}
            onChange={(event) => set('email', event.target.value)}
          />
          {fieldError('email')}
        </div>
        <div className="field">
          <label htmlFor={idOf('affiliation')}>
            Library, school or employer{core.affiliationRequired ? '' : <span className="optional"> (optional)</span>}
          </label>
          <input
            {...fieldProps('affiliation')}
            autoComplete="organization"
            value={String(values.affiliation ?? '')}
            onChange={(event) => set('affiliation', event.target.value)}
          />
          {fieldError('affiliation')}
        </div>
        <div className="field">
          <label htmlFor={idOf('careerStage')}>Career stage</label>
          <select {...fieldProps('careerStage')} value={String(values.careerStage ?? '')} onChange={(event) => set('careerStage', event.target.value)}>
            <option value="">Choose…</option>
            {(core.careerStages ?? []).map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          {fieldError('careerStage')}
        </div>
        <div className="field field-check">
          <input id={idOf('membership')} type="checkbox" checked={values.membership === true} onChange={(event) => set('membership', event.target.checked)} />
          <label htmlFor={idOf('membership')}>{core.membershipLabel ?? 'I am a member of the round table'}</label>
        </div>
        {role === 'mentor' ? (
          <div className="field field-narrow">
            <label htmlFor={idOf('mentorCapacity')}>How many mentees can you take on?</label>
            <input
              {...fieldProps('mentorCapacity')}
              type="number"
              inputMode="numeric"
              min={1}
              max={core.capacity?.max ?? 1}
              value={String(values.mentorCapacity ?? '')}
              onChange={(event) => set('mentorCapacity', event.target.value)}
            />
            <p className="hint">From 1 to {core.capacity?.max ?? 1}.</p>
            {fieldError('mentorCapacity')}
          </div>
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend>Your interests</legend>
        {!role ? <p className="muted">Choose mentor or mentee above to see every question for your role.</p> : null}
        {questions.map((q) => (
          <QuestionField
            key={q.id}
            question={q}
            value={values[`q:${q.id}`] ?? null}
            error={errors[`q:${q.id}`]}
            id={idOf(`q:${q.id}`)}
            onChange={(value) => set(`q:${q.id}`, value)}
          />
        ))}
      </fieldset>

      <div className="form-submit">
        <button type="submit" className="button button-primary" disabled={fetching} aria-busy={fetching}>
          {fetching ? (
            <>
              <span className="spinner" aria-hidden="true" /> Sending…
            </>
          ) : (
            'Send application'
          )}
        </button>
        <p className="muted small" role={preview ? 'status' : undefined}>
          {preview
            ? previewed
              ? 'Preview: these answers would be accepted. Nothing was sent.'
              : 'Preview: the button checks the answers and sends nothing.'
            : 'The committee sees your answers; nothing is published.'}
        </p>
      </div>
    </form>
  );
};

const QuestionField = ({
  question,
  value,
  error,
  id,
  onChange,
}: {
  question: Question;
  value: Value;
  error?: string;
  id: string;
  onChange(value: Value): void;
}) => {
  const limits = limitsOf(question);
  const options = optionsOf(question);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hints: string[] = [];
  if (question.help) hints.push(question.help);
  if (question.type === 'multiChoice') {
    if (limits.minChoices && limits.maxChoices && limits.maxChoices < options.length) hints.push(`Choose ${limits.minChoices} to ${limits.maxChoices}.`);
    else if (limits.minChoices && limits.minChoices > 1) hints.push(`Choose at least ${limits.minChoices}.`);
    else hints.push('Choose all that apply.');
  }
  if (question.type === 'number' && (limits.min !== undefined || limits.max !== undefined)) hints.push(`From ${limits.min ?? 0} to ${limits.max ?? '…'}.`);
  const describedBy = [hints.length ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const optional = question.required ? null : <span className="optional"> (optional)</span>;
  const hint = hints.length ? (
    <p id={hintId} className="hint">
      {hints.join(' ')}
    </p>
  ) : null;
  const errorLine = error ? (
    <p id={errorId} className="field-error">
      {error}
    </p>
  ) : null;

  if (question.type === 'multiChoice' || question.type === 'singleChoice' || question.type === 'boolean') {
    const multi = question.type === 'multiChoice';
    const choices =
      question.type === 'boolean'
        ? [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]
        : options;
    const selected = Array.isArray(value) ? value : [];
    return (
      <fieldset className="field question" aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        <legend>
          {question.label}
          {optional}
        </legend>
        {hint}
        <div className={`choices${question.type === 'boolean' ? ' choices-inline' : ''}`} id={id} tabIndex={-1}>
          {choices.map((option) => (
            <label key={option.value} className="choice">
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={question.id}
                value={option.value}
                checked={multi ? selected.includes(option.value) : value === option.value}
                onChange={(event) => {
                  if (!multi) onChange(option.value);
                  else onChange(event.target.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value));
                }}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
        {errorLine}
      </fieldset>
    );
  }

  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    value: typeof value === 'string' ? value : '',
  };
  return (
    <div className="field question">
      <label htmlFor={id}>
        {question.label}
        {optional}
      </label>
      {hint}
      {question.type === 'longText' ? (
        <>
          <textarea {...common} rows={5} onChange={(event) => onChange(event.target.value)} />
          {limits.maxLength ? (
            <p className="hint counter">
              {common.value.length} of {limits.maxLength} characters
            </p>
          ) : null}
        </>
      ) : question.type === 'number' ? (
        <input
          {...common}
          className="input-narrow"
          type="number"
          inputMode="numeric"
          min={limits.min}
          max={limits.max}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : question.type === 'date' ? (
        <input {...common} className="input-narrow" type="date" onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} type="text" maxLength={limits.maxLength} onChange={(event) => onChange(event.target.value)} />
      )}
      {errorLine}
    </div>
  );
};
