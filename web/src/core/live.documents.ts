import { graphql } from '../gql';

// The change feeds behind `useLiveQuery`. Each asks only for the checkpoint: the page re-runs its
// own query on an event, so the payload's read model is not needed here, and one document per
// feed lets the API serialise each event once for every subscriber.

export const MatchBoardChangedSubscription = graphql(`
  subscription MatchBoardChanged($tenant: String!, $programId: String!) {
    matchBoardChanged(tenant: $tenant, programId: $programId) {
      checkpoint
    }
  }
`);

export const ApplicationsChangedSubscription = graphql(`
  subscription ApplicationsChanged($tenant: String!, $programId: String!) {
    applicationsChanged(tenant: $tenant, programId: $programId) {
      checkpoint
    }
  }
`);

export const DashboardChangedSubscription = graphql(`
  subscription DashboardChanged($tenant: String!, $programId: String!) {
    dashboardChanged(tenant: $tenant, programId: $programId) {
      checkpoint
    }
  }
`);
