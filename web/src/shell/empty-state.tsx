import type { ReactNode } from 'react';

/** What an empty page says: what belongs here and what to do next. */
export const EmptyState = ({ icon, title, children, action }: { icon?: ReactNode; title: string; children: ReactNode; action?: ReactNode }) => (
  <section className="empty-state" aria-labelledby="empty-state-title">
    {icon ? <div className="empty-state-icon">{icon}</div> : null}
    <h2 id="empty-state-title">{title}</h2>
    <div className="empty-state-body">{children}</div>
    {action ? <div className="empty-state-action">{action}</div> : null}
  </section>
);
