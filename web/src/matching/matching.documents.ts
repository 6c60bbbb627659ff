import { graphql } from '../gql';

export const BoardEntryFields = graphql(`
  fragment BoardEntry on MatchBoardEntry {
    entryId
    kind
    status
    score
    summary
    explanation
    fixed
    menteeApplicationId
    mentorApplicationId
    acceptedByMentor
    acceptedByMentee
    reason
    runId
    updatedAt
  }
`);

export const MatchBoardQuery = graphql(`
  query MatchBoard($tenant: String!, $programId: String!) {
    matchBoard(tenant: $tenant, programId: $programId) {
      proposals {
        ...BoardEntry
      }
      confirmed {
        ...BoardEntry
      }
      declined {
        ...BoardEntry
      }
      ended {
        ...BoardEntry
      }
      forbidden {
        ...BoardEntry
      }
      fixed {
        ...BoardEntry
      }
      mentorCapacity {
        applicationId
        applicationStatus
        capacity
        proposed
        confirmed
        free
      }
      runs {
        runId
        status
        objective
        requestedAt
        requestedBy
        proposals
        unmatched
      }
    }
  }
`);

/** Names for the ids on the board (the board carries application ids only), a page at a time. */
export const MatchPeopleQuery = graphql(`
  query MatchPeople($tenant: String!, $programId: String!, $first: Int, $after: String) {
    applications(tenant: $tenant, programId: $programId, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          applicationId
          name
          role
          status
          tier
          affiliation
        }
      }
    }
  }
`);

export const RunMatchingMutation = graphql(`
  mutation RunMatching($tenant: String!, $programId: String!, $objective: String) {
    runMatching(tenant: $tenant, programId: $programId, objective: $objective) {
      id
      projected
    }
  }
`);

export const AdoptMatchRunMutation = graphql(`
  mutation AdoptMatchRun($tenant: String!, $programId: String!, $runId: String!, $menteeApplicationIds: [String!]) {
    adoptMatchRun(tenant: $tenant, programId: $programId, runId: $runId, menteeApplicationIds: $menteeApplicationIds) {
      id
      projected
    }
  }
`);

export const ProposePairMutation = graphql(`
  mutation ProposePair($tenant: String!, $programId: String!, $mentorApplicationId: String!, $menteeApplicationId: String!) {
    proposePair(tenant: $tenant, programId: $programId, mentorApplicationId: $mentorApplicationId, menteeApplicationId: $menteeApplicationId) {
      id
      projected
    }
  }
`);

export const FixPairMutation = graphql(`
  mutation FixPair($tenant: String!, $programId: String!, $mentorApplicationId: String!, $menteeApplicationId: String!, $reason: String!) {
    fixPair(tenant: $tenant, programId: $programId, mentorApplicationId: $mentorApplicationId, menteeApplicationId: $menteeApplicationId, reason: $reason) {
      id
      projected
    }
  }
`);

export const ForbidPairMutation = graphql(`
  mutation ForbidPair($tenant: String!, $programId: String!, $mentorApplicationId: String!, $menteeApplicationId: String!, $reason: String!) {
    forbidPair(tenant: $tenant, programId: $programId, mentorApplicationId: $mentorApplicationId, menteeApplicationId: $menteeApplicationId, reason: $reason) {
      id
      projected
    }
  }
`);

export const SwapProposalsMutation = graphql(`
  mutation SwapProposals($tenant: String!, $programId: String!, $firstPairId: String!, $secondPairId: String!) {
    swapProposals(tenant: $tenant, programId: $programId, firstPairId: $firstPairId, secondPairId: $secondPairId) {
      id
      projected
    }
  }
`);

export const AcceptPairMutation = graphql(`
  mutation AcceptPair($tenant: String!, $programId: String!, $pairId: String!, $party: String!) {
    acceptPair(tenant: $tenant, programId: $programId, pairId: $pairId, party: $party) {
      id
      projected
    }
  }
`);

export const DeclinePairMutation = graphql(`
  mutation DeclinePair($tenant: String!, $programId: String!, $pairId: String!, $party: String!, $reason: String!) {
    declinePair(tenant: $tenant, programId: $programId, pairId: $pairId, party: $party, reason: $reason) {
      id
      projected
    }
  }
`);

export const ConfirmPairMutation = graphql(`
  mutation ConfirmPair($tenant: String!, $programId: String!, $pairId: String!) {
    confirmPair(tenant: $tenant, programId: $programId, pairId: $pairId) {
      id
      projected
    }
  }
`);

export const EndPairMutation = graphql(`
  mutation EndPair($tenant: String!, $programId: String!, $pairId: String!, $reason: String!) {
    endPair(tenant: $tenant, programId: $programId, pairId: $pairId, reason: $reason) {
      id
      projected
    }
  }
`);
