import { graphql } from '../gql';

export const ApplicationRowFields = graphql(`
  fragment ApplicationRow on Application {
    applicationId
    name
    role
    status
    tier
    careerStage
    affiliation
    submittedAt
    promotionSuggested
  }
`);

export const ApplicationsQuery = graphql(`
  query Applications(
    $tenant: String!
    $programId: String!
    $status: [String!]
    $role: String
    $tier: Int
    $topic: String
    $search: String
    $first: Int
    $after: String
  ) {
    applications(
      tenant: $tenant
      programId: $programId
      status: $status
      role: $role
      tier: $tier
      topic: $topic
      search: $search
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...ApplicationRow
        }
      }
    }
  }
`);

export const ApplicationQuery = graphql(`
  query Application($tenant: String!, $applicationId: String!) {
    application(tenant: $tenant, applicationId: $applicationId) {
      ...ApplicationRow
      programId
      email
      membership
      mentorCapacity
      interests
      topics
      answers
      screeningReason
      screeningRule
      statusReason
      windowOverride
      pairIds
    }
  }
`);

export const ScreenApplicationMutation = graphql(`
  mutation ScreenApplication($tenant: String!, $programId: String!, $applicationId: String!, $turnDownReason: String) {
    screenApplication(tenant: $tenant, programId: $programId, applicationId: $applicationId, turnDownReason: $turnDownReason) {
      id
      projected
    }
  }
`);

export const WaitlistApplicationMutation = graphql(`
  mutation WaitlistApplication($tenant: String!, $programId: String!, $applicationId: String!, $reason: String!) {
    waitlistApplication(tenant: $tenant, programId: $programId, applicationId: $applicationId, reason: $reason) {
      id
      projected
    }
  }
`);

export const PromoteApplicationMutation = graphql(`
  mutation PromoteApplication($tenant: String!, $programId: String!, $applicationId: String!, $reason: String!) {
    promoteApplication(tenant: $tenant, programId: $programId, applicationId: $applicationId, reason: $reason) {
      id
      projected
    }
  }
`);

export const WithdrawApplicationMutation = graphql(`
  mutation WithdrawApplication($tenant: String!, $programId: String!, $applicationId: String!, $reason: String!) {
    withdrawApplication(tenant: $tenant, programId: $programId, applicationId: $applicationId, reason: $reason) {
      id
      projected
    }
  }
`);
