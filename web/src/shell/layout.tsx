import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useSessionStore, useViewer } from '../auth/session-context';
import { mayOpen, type RoundTable, rememberRoundTable, rolesIn } from '../core/round-tables';
import { Link, useLocation } from '../core/router';
import { LogoMark, MenuIcon } from './icons';
import { RoundTableContext } from './round-table-context';
import { RoundTableSwitcher } from './round-table-switcher';
import { SECTIONS, sectionPath } from './sections';

/**
 * The signed-in shell: skip link, header (product, round table, account), the section
 * navigation (a menu button below 48rem), and the main landmark the pages render into.
 */
export const Layout = ({ roundTable, section, children }: { roundTable: RoundTable; section: string; children: ReactNode }) => {
  const viewer = useViewer();
  const session = useSessionStore();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const firstRender = useRef(true);

  // After an in-app navigation, move focus to the new page's heading so screen readers announce it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every location change by design
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location]);

  const roles = rolesIn(viewer, roundTable.id);
  const mayOpenHere = mayOpen(viewer, roundTable.id);
  useEffect(() => {
    if (mayOpenHere) rememberRoundTable(roundTable.id);
  }, [roundTable.id, mayOpenHere]);

  return (
    <RoundTableContext.Provider value={roundTable}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link className="brand" to={sectionPath(roundTable.id)}>
            <LogoMark />
            <span className="brand-name">Tandem</span>
          </Link>
          <RoundTableSwitcher current={roundTable} section={section} />
          <div className="account">
            <div className="account-who">
              <span className="account-name">{viewer.name}</span>
              {roles ? <span className="account-role">{roles}</span> : null}
            </div>
            <button type="button" className="button button-quiet-inverse" onClick={() => void session.signOut()}>
              Sign out
            </button>
          </div>
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="site-menu" onClick={() => setMenuOpen(!menuOpen)}>
            <MenuIcon />
            <span>Menu</span>
          </button>
        </div>
      </header>
      <div className="frame">
        <div id="site-menu" className="sidenav" data-open={menuOpen}>
          <nav aria-label="Sections">
            <ul>
              {SECTIONS.map(({ id, label, icon: Icon }) => (
                <li key={id}>
                  <Link to={sectionPath(roundTable.id, id)} aria-current={id === section ? 'page' : undefined}>
                    <Icon />
                    <span>{label}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {/* Phones: the account sits in the menu panel, the header has no room for it. */}
          <div className="sidenav-account">
            <div className="account-who">
              <span className="account-name">{viewer.name}</span>
              {roles ? <span className="account-role">{roles}</span> : null}
            </div>
            <button type="button" className="button button-secondary" onClick={() => void session.signOut()}>
              Sign out
            </button>
          </div>
        </div>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer className="footer">
        <p>Tandem · mentorship programs for American Library Association round tables</p>
      </footer>
    </RoundTableContext.Provider>
  );
};
