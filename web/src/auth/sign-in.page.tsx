import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../core/graphql-request';
import { LogoMark } from '../shell/icons';
import { useSessionStore } from './session-context';

const messageFor = (error: unknown): string => {
  if (error instanceof ApiError) {
    if (error.code === 'UNAUTHENTICATED') return 'That email and password do not match an account. Check both and try again.';
    return error.message;
  }
  return 'Signing in failed unexpectedly. Try again in a moment.';
};

/** Email and password; after signing in the app moves on to where the person was going. */
export const SignInPage = ({ notice }: { notice?: string }) => {
  const session = useSessionStore();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Tandem';
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await session.signIn(String(form.get('email') ?? '').trim(), String(form.get('password') ?? ''));
    } catch (caught) {
      setError(messageFor(caught));
      setBusy(false);
      emailRef.current?.focus();
    }
  };

  return (
    <div className="auth-page">
      <main id="main" className="auth-main">
        <div className="auth-brand">
          <LogoMark size={40} />
          <span className="brand-name">Tandem</span>
        </div>
        <section className="auth-card" aria-labelledby="sign-in-title">
          <h1 id="sign-in-title">Sign in</h1>
          <p className="muted">Mentorship programs of the American Library Association’s round tables.</p>
          {notice && !error ? (
            <p className="notice" role="status">
              {notice}
            </p>
          ) : null}
          <form className="form" onSubmit={submit} noValidate={false} aria-describedby={error ? errorId : undefined}>
            <div className="field">
              <label htmlFor="email">Email</label>
              <input
                ref={emailRef}
                id="email"
                name="email"
                type="email"
                autoComplete="username"
                required
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor="password">Password</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
              />
            </div>
            <div id={errorId} className="form-error" role="alert">
              {error}
            </div>
            <button type="submit" className="button button-primary button-block" disabled={busy} aria-busy={busy}>
              {busy ? (
                <>
                  <span className="spinner" aria-hidden="true" /> Signing in…
                </>
              ) : (
                'Sign in'
              )}
            </button>
          </form>
          <p className="auth-help">Committee members are invited by their round table’s coordinator. Applying to a program needs no account.</p>
        </section>
      </main>
    </div>
  );
};
