import type { ReactNode } from 'react';
import { LogoMark } from './icons';

/** The frame of the pages anyone may open without signing in: the application form, the public outputs. */
export const PublicLayout = ({ roundTableName, children }: { roundTableName: string | null | undefined; children: ReactNode }) => (
  <div className="public-page">
    <header className="public-header">
      <div className="public-header-inner">
        <LogoMark size={28} />
        <span className="brand-name">Tandem</span>
        {roundTableName ? <span className="public-rt">{roundTableName}</span> : null}
      </div>
    </header>
    <main id="main" className="public-main" tabIndex={-1}>
      {children}
    </main>
    <footer className="footer">
      <p>Tandem · mentorship programs for American Library Association round tables</p>
    </footer>
  </div>
);
