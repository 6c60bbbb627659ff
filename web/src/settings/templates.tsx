import { useCallback, useId } from 'react';
import { useCommand } from '../core/command';
import { PAGE_SIZE, usePagedQuery } from '../core/paging';
import { navigate, searchParam, useLocation } from '../core/router';
import { EmptyState } from '../shell/empty-state';
import { SettingsIcon } from '../shell/icons';
import { useRoundTable } from '../shell/round-table-context';
import { sectionPath } from '../shell/sections';
import { TemplatesQuery } from './settings.documents';
import { TemplateEditor } from './template-editor';
import type { TemplateDefinition } from './template-model';

/** The round table's program templates: pick one, edit its policy, see its public form. */
export const TemplateSettings = ({ mayEdit }: { mayEdit: boolean }) => {
  const roundTable = useRoundTable();
  const location = useLocation();
  const pickerId = useId();
  const [{ data, error, nodes }, refetch] = usePagedQuery({
    query: TemplatesQuery,
    variables: { tenant: roundTable.id, first: PAGE_SIZE },
    list: (d) => d.templates,
  });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  // Kept here, not in the editor: publishing remounts the editor on the new version.
  const command = useCommand(refresh);
  // By name, as the API lists them.
  const templates = nodes;
  const wanted = searchParam(location, 'id');
  const template = templates.find((t) => t.templateId === wanted) ?? templates[0] ?? null;
  const base = `${sectionPath(roundTable.id, 'settings')}/template`;

  if (error && !data)
    return (
      <p className="form-error" role="alert">
        The templates could not be loaded: {error.graphQLErrors[0]?.message ?? error.message}
      </p>
    );
  if (!data)
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the templates…
      </p>
    );
  if (!template)
    return (
      <EmptyState title="No program template yet" icon={<SettingsIcon />}>
        <p>A template holds everything in which the round table’s programs differ: questions, eligibility, tiers, matching weights, check-ins.</p>
      </EmptyState>
    );

  return (
    <>
      <div className="template-head">
        {templates.length > 1 ? (
          <div className="program-picker">
            <label htmlFor={pickerId}>Template</label>
            <select id={pickerId} value={template.templateId} onChange={(event) => navigate(`${base}?id=${encodeURIComponent(event.target.value)}`)}>
              {templates.map((t) => (
                <option key={t.templateId} value={t.templateId}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="program-current">
            <span className="program-current-label">Template</span> {template.name}
          </p>
        )}
        <p className="muted small" data-testid="template-version">
          <span className="mono">{template.templateId}</span> · version {template.latestVersion}
        </p>
      </div>
      <TemplateEditor
        key={`${template.templateId}@${template.latestVersion}`}
        template={{ templateId: template.templateId, latestVersion: template.latestVersion, definition: template.definition as TemplateDefinition }}
        mayEdit={mayEdit}
        command={command}
        onCreated={(templateId) => navigate(`${base}?id=${encodeURIComponent(templateId)}`)}
      />
    </>
  );
};
