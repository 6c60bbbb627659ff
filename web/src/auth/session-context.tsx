import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { SessionState, SessionStore, Viewer } from './session';

const SessionContext = createContext<SessionStore | null>(null);

export const SessionProvider = ({ store, children }: { store: SessionStore; children: ReactNode }) => (
  <SessionContext.Provider value={store}>{children}</SessionContext.Provider>
);

export const useSessionStore = (): SessionStore => {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSessionStore needs a <SessionProvider>');
  return store;
};

export const useSession = (): SessionState => {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.getState);
};

/** The signed-in person; only for components rendered inside the signed-in shell. */
export const useViewer = (): Viewer => {
  const state = useSession();
  if (state.status !== 'signed-in') throw new Error('useViewer outside the signed-in shell');
  return state.viewer;
};
