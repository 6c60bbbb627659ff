import { type ReactNode, useEffect } from 'react';
import { Link } from '../core/router';
import { useRoundTable } from './round-table-context';
import { sectionPath } from './sections';

export interface Crumb {
  label: string;
  to: string;
}

/**
 * A page inside the shell: breadcrumbs (round table › … › this page), the one <h1>,
 * the document title, optional actions beside the heading, then the content.
 */
export const Page = ({ title, crumbs = [], actions, children }: { title: string; crumbs?: Crumb[]; actions?: ReactNode; children: ReactNode }) => {
  const roundTable = useRoundTable();
  useEffect(() => {
    document.title = `${title} · ${roundTable.short} · Tandem`;
  }, [title, roundTable.short]);
  const trail: Crumb[] = [{ label: roundTable.name, to: sectionPath(roundTable.id) }, ...crumbs];
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          {trail.map((crumb) => (
            <li key={crumb.to}>
              <Link to={crumb.to}>{crumb.label}</Link>
            </li>
          ))}
          <li>
            <span aria-current="page">{title}</span>
          </li>
        </ol>
      </nav>
      <div className="page-heading">
        <h1 tabIndex={-1}>{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </>
  );
};
