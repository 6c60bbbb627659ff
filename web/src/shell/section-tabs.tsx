import { Link } from '../core/router';
import { useRoundTable } from './round-table-context';
import { type SectionId, sectionPath } from './sections';

export interface SectionView {
  /** The path segment after the section's own ('' for the section's first view). */
  id: string;
  label: string;
}

/** A section's views as tabs that are links: each view has its own address. */
export const SectionTabs = ({ section, label, views, current }: { section: SectionId; label: string; views: readonly SectionView[]; current: string }) => {
  const roundTable = useRoundTable();
  const base = sectionPath(roundTable.id, section);
  return (
    <nav className="subnav" aria-label={label}>
      <ul>
        {views.map((view) => (
          <li key={view.id}>
            <Link to={view.id ? `${base}/${view.id}` : base} aria-current={view.id === current ? 'page' : undefined}>
              {view.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
};
