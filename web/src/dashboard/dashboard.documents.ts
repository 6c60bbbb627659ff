import { graphql } from '../gql';

/** The program's figures, and counts by status (the dashboard type has none: one small page per status). */
export const DashboardQuery = graphql(`
  query Dashboard($tenant: String!, $programId: String!) {
    dashboard(tenant: $tenant, programId: $programId) {
      applications
      mentorApplications
      menteeApplications
      menteePool
      pairsProposed
      pairsConfirmed
      pairsEnded
      matchRate
      applicationsPerWeek {
        week
        applications
      }
      checkInCompliance {
        quarter
        scheduled
        held
        missed
        rate
      }
    }
    submitted: applications(tenant: $tenant, programId: $programId, status: ["submitted"], first: 1) {
      totalCount
    }
    eligible: applications(tenant: $tenant, programId: $programId, status: ["eligible"], first: 1) {
      totalCount
    }
    waitlisted: applications(tenant: $tenant, programId: $programId, status: ["waitlisted"], first: 1) {
      totalCount
    }
    matched: applications(tenant: $tenant, programId: $programId, status: ["matched"], first: 1) {
      totalCount
    }
    ineligible: applications(tenant: $tenant, programId: $programId, status: ["ineligible"], first: 1) {
      totalCount
    }
    withdrawn: applications(tenant: $tenant, programId: $programId, status: ["withdrawn"], first: 1) {
      totalCount
    }
  }
`);
