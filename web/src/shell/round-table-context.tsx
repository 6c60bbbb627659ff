import { createContext, useContext } from 'react';
import type { RoundTable } from '../core/round-tables';

export const RoundTableContext = createContext<RoundTable | null>(null);

/** The round table (tenant) the current page belongs to. */
export const useRoundTable = (): RoundTable => {
  const current = useContext(RoundTableContext);
  if (!current) throw new Error('useRoundTable outside a round-table page');
  return current;
};
