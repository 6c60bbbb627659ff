import { EmptyState } from './empty-state';
import { Page } from './page';
import type { Section } from './sections';

/** A section whose page is not built yet: it says what will be there. */
export const ComingSoonPage = ({ section }: { section: Section }) => {
  const Icon = section.icon;
  return (
    <Page title={section.label}>
      <EmptyState icon={<Icon />} title={`${section.label} is coming soon`}>
        <p>{section.upcoming.summary}</p>
        <ul className="checklist">
          {section.upcoming.points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
        <p className="muted">{section.upcoming.next}</p>
      </EmptyState>
    </Page>
  );
};
