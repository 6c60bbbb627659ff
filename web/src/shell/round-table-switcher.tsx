import { useEffect, useId, useRef, useState } from 'react';
import { useViewer } from '../auth/session-context';
import { type RoundTable, rolesIn, roundTablesOf } from '../core/round-tables';
import { Link } from '../core/router';
import { CheckIcon, ChevronDownIcon } from './icons';
import { sectionPath } from './sections';

/**
 * The current round table, and for people with roles in several a disclosure listing
 * them as links to the same section there (Escape or a click outside closes it).
 */
export const RoundTableSwitcher = ({ current, section }: { current: RoundTable; section: string }) => {
  const viewer = useViewer();
  const options = roundTablesOf(viewer);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    // Tabbing out of the switcher closes it too.
    const onFocusOut = (event: FocusEvent) => {
      if (!root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
    };
    const element = root.current;
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    element?.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
      element?.removeEventListener('focusout', onFocusOut);
    };
  }, [open]);

  if (options.length <= 1) {
    return (
      <div className="switcher">
        <span className="switcher-label">Round table</span>
        <span className="switcher-current" data-testid="current-round-table">
          {current.name}
        </span>
      </div>
    );
  }

  return (
    <div className="switcher" ref={root}>
      <button type="button" className="switcher-button" ref={button} aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        <span className="switcher-label">Round table</span>
        <span className="switcher-current" data-testid="current-round-table">
          {current.name}
          <ChevronDownIcon />
        </span>
      </button>
      <nav id={listId} className="switcher-menu" aria-label="Switch round table" hidden={!open}>
        <ul>
          {options.map((option) => {
            const isCurrent = option.id === current.id;
            return (
              <li key={option.id}>
                <Link to={sectionPath(option.id, section)} aria-current={isCurrent ? 'true' : undefined} onClick={() => setOpen(false)}>
                  <span className="switcher-option-name">{option.name}</span>
                  <span className="switcher-option-meta">
                    {option.short} · {rolesIn(viewer, option.id) || 'No role'}
                  </span>
                  {isCurrent ? <CheckIcon /> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
};
