import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

/**
 * An inline step that asks why before a command that needs a reason (turn down, waitlist,
 * decline, forbid…): a labelled text area, the confirming button and Cancel. Focus moves into
 * it when it opens and back to the opener when it closes.
 */
export const ReasonForm = ({
  label,
  confirm,
  busy,
  danger = false,
  onSubmit,
  onCancel,
  placeholder,
}: {
  label: string;
  confirm: string;
  busy: boolean;
  danger?: boolean;
  placeholder?: string;
  onSubmit(reason: string): void;
  onCancel(): void;
}) => {
  const id = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      ref.current?.focus();
      return;
    }
    onSubmit(reason.trim());
  };
  return (
    <form className="reason-form" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea
          ref={ref}
          id={id}
          rows={2}
          value={reason}
          placeholder={placeholder}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${id}-error` : undefined}
          onChange={(event) => {
            setReason(event.target.value);
            setMissing(false);
          }}
        />
        {missing ? (
          <p id={`${id}-error`} className="field-error">
            Give a reason: it is recorded with the decision.
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={busy} aria-busy={busy}>
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
