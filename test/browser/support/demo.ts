import type { Page } from 'playwright-core';
import { fillSignIn } from './browser';
import { DEMO_PASSWORD, DEMO_PROGRAMS, type Portal } from './portal';

/** Signs a demo account in through the page and waits for the shell. */
export const signInAs = async (page: Page, email: string) => {
  await page.goto('/sign-in');
  await fillSignIn(page, { email, password: DEMO_PASSWORD });
  await page.waitForURL('**/t/*/dashboard');
};

/** An access token of a demo account, for checking results through the API. */
export const demoToken = (portal: Portal, email: string) => portal.signIn({ id: email, email, name: email, password: DEMO_PASSWORD, roles: [] });

export interface Applicant {
  name: string;
  email: string;
  role?: 'mentor' | 'mentee';
  careerStage?: string;
  /** A mentor's places (1 unless told). */
  mentorCapacity?: number;
}

/** Submits a VRT application through the public mutation (no sign-in), as the form does. */
export const submitVrtApplication = async (portal: Portal, applicant: Applicant): Promise<{ applicationId: string; reference: string }> => {
  const role = applicant.role ?? 'mentee';
  const result = await portal.gql<{ submitApplication: { applicationId: string; reference: string } }>(
    `mutation ($tenant: String!, $programId: String!, $application: ApplicationFormInput!) {
      submitApplication(tenant: $tenant, programId: $programId, application: $application) { applicationId reference }
    }`,
    {
      tenant: 'vrt',
      programId: DEMO_PROGRAMS.vrt,
      application: {
        role,
        name: applicant.name,
        email: applicant.email,
        affiliation: 'Riverbend Public Library',
        careerStage: applicant.careerStage ?? 'early-career',
        membership: true,
        mentorCapacity: role === 'mentor' ? (applicant.mentorCapacity ?? 1) : null,
        answers: {
          interests: ['media-trends', 'conference-navigation'],
          'meeting-modes': ['virtual', 'at-conference'],
          'attending-conference': true,
          ...(role === 'mentor' ? { 'years-in-media': 12 } : {}),
        },
      },
    },
  );
  if (!result.data) throw new Error(`submitApplication failed: ${JSON.stringify(result.errors)}`);
  return result.data.submitApplication;
};

export interface ApiApplication {
  applicationId: string;
  name: string;
  role: string;
  status: string;
  tier: number | null;
  screeningReason: string | null;
  statusReason: string | null;
  answers: Record<string, unknown>;
  /** Free-text answers, joined (kept apart from `answers` as personal data). */
  interests: string;
}

/** The VRT demo program's applications as the API lists them (optionally searched). */
export const vrtApplications = async (portal: Portal, token: string, search?: string): Promise<ApiApplication[]> => {
  const result = await portal.gql<{ applications: { edges: { node: ApiApplication }[] } }>(
    `query ($programId: String!, $search: String, $first: Int) {
      applications(tenant: "vrt", programId: $programId, search: $search, first: $first) {
        edges { node { applicationId name role status tier screeningReason statusReason answers interests } }
      }
    }`,
    { programId: DEMO_PROGRAMS.vrt, search: search ?? null, first: 200 },
    token,
  );
  if (!result.data) throw new Error(`applications failed: ${JSON.stringify(result.errors)}`);
  return result.data.applications.edges.map((edge) => edge.node);
};

/** Screens a VRT application by the template's rules, as the committee's Screen button does. */
export const screenVrtApplication = async (portal: Portal, token: string, applicationId: string): Promise<void> => {
  const result = await portal.gql(
    'mutation ($programId: String!, $applicationId: String!) { screenApplication(tenant: "vrt", programId: $programId, applicationId: $applicationId) { id } }',
    { programId: DEMO_PROGRAMS.vrt, applicationId },
    token,
  );
  if (!result.data) throw new Error(`screenApplication failed: ${JSON.stringify(result.errors)}`);
};
