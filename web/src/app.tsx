import { useEffect, useLayoutEffect, useMemo } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { ApplicationPage } from './applications/application.page';
import { ApplicationsPage } from './applications/applications.page';
import { ApplyPage } from './apply/apply.page';
import { AuditPage } from './audit/audit.page';
import type { SessionStore, Viewer } from './auth/session';
import { SessionProvider, useSession, useSessionStore } from './auth/session-context';
import { SignInPage } from './auth/sign-in.page';
import { createTandemClient } from './core/client';
import { homeRoundTable, mayOpen, roundTable } from './core/round-tables';
import { navigate, searchParam, segments, useLocation } from './core/router';
import { DashboardPage } from './dashboard/dashboard.page';
import { MatchingPage } from './matching/matching.page';
import { PublicOutputsPage } from './outputs/outputs.page';
import { PairPage } from './pairs/pair.page';
import { PairsPage } from './pairs/pairs.page';
import { SettingsPage } from './settings/settings.page';
import { EmptyState } from './shell/empty-state';
import { Layout } from './shell/layout';
import { Page } from './shell/page';
import { findSection, type SectionId, sectionPath } from './shell/sections';
import { StatusPage } from './shell/status.page';

/** The page of each section. */
const PAGES: Record<SectionId, () => React.JSX.Element> = {
  dashboard: DashboardPage,
  applications: ApplicationsPage,
  matching: MatchingPage,
  pairs: PairsPage,
  audit: AuditPage,
  settings: SettingsPage,
};

/** Sections whose items have a page of their own: /t/{round table}/{section}/{id}. */
const DETAIL_PAGES: Partial<Record<SectionId, (props: { id: string }) => React.JSX.Element>> = {
  applications: ({ id }) => <ApplicationPage applicationId={id} />,
  pairs: ({ id }) => <PairPage pairId={id} />,
  // These read their deeper path themselves: /t/vrt/audit/as-of, /t/vrt/settings/template.
  audit: () => <AuditPage />,
  settings: () => <SettingsPage />,
};

export const App = ({ session }: { session: SessionStore }) => (
  <SessionProvider store={session}>
    <ClientProvider>
      <Routes />
    </ClientProvider>
  </SessionProvider>
);

/** A fresh urql client (and cache) for each signed-in person; the old one is closed. */
const ClientProvider = ({ children }: { children: React.ReactNode }) => {
  const session = useSessionStore();
  const state = useSession();
  const who = state.status === 'signed-in' ? state.viewer.id : state.status;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new client per person, not per render
  const tandem = useMemo(() => createTandemClient(session), [session, who]);
  useEffect(() => () => tandem.dispose(), [tandem]);
  return <UrqlProvider value={tandem.client}>{children}</UrqlProvider>;
};

const Redirect = ({ to }: { to: string }) => {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
};

/** Only same-origin paths: `?next=//evil.example` must not leave the portal. */
const safeNext = (next: string | null): string | null => (next?.startsWith('/') && !next.startsWith('//') ? next : null);

const homeOf = (viewer: Viewer): string | null => {
  const home = homeRoundTable(viewer);
  return home ? sectionPath(home.id) : null;
};

const Routes = () => {
  const state = useSession();
  const session = useSessionStore();
  const location = useLocation();
  const [first, tenant, sectionId, itemId] = segments(location);

  // Public: the application form needs no account (and does not wait for the session).
  if (first === 'apply' && tenant && sectionId) return <ApplyPage tenant={tenant} programId={sectionId} />;
  // Public: the publications and presentations a program supported.
  if (first === 'outputs' && tenant && sectionId) return <PublicOutputsPage tenant={tenant} programId={sectionId} />;

  if (state.status === 'restoring') return <StatusPage title="Opening Tandem…" busy />;

  if (first === 'sign-in') {
    if (state.status === 'signed-in') return <Redirect to={safeNext(searchParam(location, 'next')) ?? homeOf(state.viewer) ?? '/'} />;
    return <SignInPage notice={state.notice} />;
  }

  if (state.status === 'signed-out') {
    const next = location === '/' ? '' : `?next=${encodeURIComponent(location)}`;
    return <Redirect to={`/sign-in${next}`} />;
  }

  const viewer = state.viewer;
  if (first === undefined) {
    const home = homeOf(viewer);
    if (home) return <Redirect to={home} />;
    return (
      <StatusPage title="No round table yet">
        <p>You are signed in as {viewer.email}, but you do not hold a role in any round table yet.</p>
        <p>Ask your round table’s coordinator to add you to its committee, then sign in again.</p>
        <button type="button" className="button button-primary" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </StatusPage>
    );
  }

  if (first === 't' && tenant) {
    if (!sectionId) return <Redirect to={sectionPath(tenant)} />;
    const section = findSection(sectionId);
    const current = roundTable(tenant);
    if (!section) return <NotFound />;
    if (!mayOpen(viewer, tenant)) {
      return (
        <Layout roundTable={current} section={section.id}>
          <Page title={section.label}>
            <EmptyState title={`You have no role in the ${current.name}`}>
              <p>Pick one of your round tables from the switcher at the top, or ask this round table’s coordinator for access.</p>
            </EmptyState>
          </Page>
        </Layout>
      );
    }
    const SectionPage = PAGES[section.id as SectionId];
    const Detail = DETAIL_PAGES[section.id as SectionId];
    if (itemId && !Detail) return <NotFound />;
    return (
      <Layout roundTable={current} section={section.id}>
        {itemId && Detail ? <Detail key={itemId} id={itemId} /> : <SectionPage />}
      </Layout>
    );
  }

  return <NotFound />;
};

const NotFound = () => (
  <StatusPage title="Page not found">
    <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
    <p>
      <a className="button button-primary" href="/">
        Go to your dashboard
      </a>
    </p>
  </StatusPage>
);
