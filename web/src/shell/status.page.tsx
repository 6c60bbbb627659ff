import { type ReactNode, useEffect } from 'react';
import { LogoMark } from './icons';

/** A full-page message outside the shell: loading, not found, no round table. */
export const StatusPage = ({ title, children, busy = false }: { title: string; children?: ReactNode; busy?: boolean }) => {
  useEffect(() => {
    document.title = `${title} · Tandem`;
  }, [title]);
  return (
    <div className="auth-page">
      <main id="main" className="auth-main" aria-busy={busy}>
        <div className="auth-brand">
          <LogoMark size={40} />
          <span className="brand-name">Tandem</span>
        </div>
        <section className="auth-card status-card" aria-labelledby="status-title">
          {busy ? <span className="spinner spinner-large" aria-hidden="true" /> : null}
          <h1 id="status-title" role={busy ? 'status' : undefined}>
            {title}
          </h1>
          {children}
        </section>
      </main>
    </div>
  );
};
