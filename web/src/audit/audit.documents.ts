import { graphql } from '../gql';

export const AuditEventFields = graphql(`
  fragment AuditEventFields on AuditEvent {
    eventId
    type
    streamId
    streamRevision
    tenantSequence
    programId
    actor
    correlationId
    causationId
    occurredAt
    recordedAt
    checkpoint
    hash
    schemaVersion
    data
    personal
  }
`);

export const AuditEventsQuery = graphql(`
  query AuditEvents($tenant: String!, $filter: AuditEventFilter, $first: Int, $after: String, $withCount: Boolean!) {
    auditEvents(tenant: $tenant, filter: $filter, first: $first, after: $after) {
      totalCount @include(if: $withCount)
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...AuditEventFields
        }
      }
    }
  }
`);

export const StreamHistoryQuery = graphql(`
  query StreamHistory($tenant: String!, $streamId: String!, $first: Int, $after: String) {
    streamHistory(tenant: $tenant, streamId: $streamId, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...AuditEventFields
        }
      }
    }
  }
`);

export const VerifyChainQuery = graphql(`
  query VerifyChain($tenant: String!) {
    verifyChain(tenant: $tenant) {
      tenant
      status
      verifiedEvents
      headHash
      problem
      detail
      at {
        tenantSequence
        checkpoint
        eventId
        streamId
      }
    }
  }
`);

/** A program as it stood at a moment or after an event: the shapes of the live queries. */
export const ProgramAsOfQuery = graphql(`
  query ProgramAsOf($tenant: String!, $programId: String!, $at: String, $checkpoint: String) {
    programAsOf(tenant: $tenant, programId: $programId, at: $at, checkpoint: $checkpoint) {
      checkpoint
      events
      program {
        programId
        title
        status
        opensAt
        closesAt
        startsOn
        endsOn
        templateName
        templateVersion
      }
      dashboard {
        applications
        mentorApplications
        menteeApplications
        menteePool
        pairsProposed
        pairsConfirmed
        pairsEnded
        matchRate
        applicationsByStatus {
          status
          count
        }
      }
      applications {
        applicationId
        name
        role
        status
        tier
        affiliation
        submittedAt
      }
      matchBoard {
        proposals {
          ...AsOfEntry
        }
        confirmed {
          ...AsOfEntry
        }
        declined {
          ...AsOfEntry
        }
        ended {
          ...AsOfEntry
        }
        forbidden {
          ...AsOfEntry
        }
        fixed {
          ...AsOfEntry
        }
      }
    }
  }
`);

export const AsOfEntryFields = graphql(`
  fragment AsOfEntry on MatchBoardEntry {
    entryId
    status
    score
    menteeApplicationId
    mentorApplicationId
    reason
    updatedAt
  }
`);
