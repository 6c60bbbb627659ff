import { useState } from 'react';
import { useRoundTable } from '../shell/round-table-context';
import type { ProgramSummary } from './program-picker';

export const publicFormPath = (tenant: string, programId: string) => `/apply/${encodeURIComponent(tenant)}/${encodeURIComponent(programId)}`;

/** The program's public application form: its address to share, with a copy button. */
export const PublicFormLink = ({ program }: { program: ProgramSummary }) => {
  const roundTable = useRoundTable();
  const [copied, setCopied] = useState<string | null>(null);
  const path = publicFormPath(roundTable.id, program.programId);
  const url = `${window.location.origin}${path}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link copied.');
    } catch {
      setCopied('Copying is blocked here: select the address and copy it.');
    }
  };
  const open = program.status === 'open';
  return (
    <section className="card" aria-labelledby="public-form-title">
      <h2 id="public-form-title">Public application form</h2>
      <p className="muted">
        {open
          ? `Applicants use this form without an account${program.closesAt ? ` until ${new Date(program.closesAt).toLocaleDateString('en-US', { dateStyle: 'long' })}` : ''}. Share it on the round table’s website and lists.`
          : 'The form accepts applications only while the program’s application window is open.'}
      </p>
      <div className="copy-row">
        <a href={path} className="copy-url" data-testid="public-form-link">
          {url}
        </a>
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p className="muted small" role="status">
        {copied}
      </p>
    </section>
  );
};
