import { graphql } from '../gql';

export const PairFields = graphql(`
  fragment PairFields on Pair {
    pairId
    programId
    status
    menteeName
    mentorName
    menteeApplicationId
    mentorApplicationId
    requirements
    recognition
    checkInsHeld
    checkInsMissed
    finalPresentationOn
    finalPresentationTitle
    completedOn
    certificateId
    letterId
    endedReason
    checkIns {
      checkInId
      idx
      label
      dueOn
      mode
      status
      heldOn
      mentorAttended
      menteeAttended
      missedReason
      notes
    }
    outputs {
      outputId
      kind
      title
      venue
      date
      url
    }
  }
`);

/** The program's pairs, the program's cycle and its template's cadence, and the proposals still awaiting confirmation. */
export const PairsQuery = graphql(`
  query Pairs($tenant: String!, $programId: String!, $first: Int, $after: String) {
    pairs(tenant: $tenant, programId: $programId, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...PairFields
        }
      }
    }
    program(tenant: $tenant, programId: $programId) {
      programId
      title
      status
      templateId
      startsOn
      endsOn
      completedOn
      checkInSchedule
    }
  }
`);

export const PairProposalsQuery = graphql(`
  query PairProposals($tenant: String!, $programId: String!) {
    matchBoard(tenant: $tenant, programId: $programId) {
      proposals {
        entryId
        status
        menteeApplicationId
        mentorApplicationId
        acceptedByMentor
        acceptedByMentee
      }
    }
  }
`);

export const PairQuery = graphql(`
  query Pair($tenant: String!, $pairId: String!) {
    pair(tenant: $tenant, pairId: $pairId) {
      ...PairFields
    }
  }
`);

export const PairProgramQuery = graphql(`
  query PairProgram($tenant: String!, $programId: String!) {
    program(tenant: $tenant, programId: $programId) {
      programId
      title
      status
      templateId
      endsOn
    }
  }
`);

export const ScheduleCheckInMutation = graphql(`
  mutation ScheduleCheckIn($tenant: String!, $pairId: String!, $dueOn: String!, $label: String, $mode: String) {
    scheduleCheckIn(tenant: $tenant, pairId: $pairId, dueOn: $dueOn, label: $label, mode: $mode) {
      id
      projected
    }
  }
`);

export const RecordCheckInHeldMutation = graphql(`
  mutation RecordCheckInHeld(
    $tenant: String!
    $pairId: String!
    $checkInId: String!
    $heldOn: String!
    $mentorAttended: Boolean!
    $menteeAttended: Boolean!
    $notes: String
  ) {
    recordCheckInHeld(
      tenant: $tenant
      pairId: $pairId
      checkInId: $checkInId
      heldOn: $heldOn
      mentorAttended: $mentorAttended
      menteeAttended: $menteeAttended
      notes: $notes
    ) {
      id
      projected
    }
  }
`);

export const RecordCheckInMissedMutation = graphql(`
  mutation RecordCheckInMissed($tenant: String!, $pairId: String!, $checkInId: String!, $reason: String!) {
    recordCheckInMissed(tenant: $tenant, pairId: $pairId, checkInId: $checkInId, reason: $reason) {
      id
      projected
    }
  }
`);

export const RecordOutputMutation = graphql(`
  mutation RecordOutput($tenant: String!, $pairId: String!, $output: OutputInput!) {
    recordOutput(tenant: $tenant, pairId: $pairId, output: $output) {
      id
      projected
    }
  }
`);

export const RecordFinalPresentationMutation = graphql(`
  mutation RecordFinalPresentation($tenant: String!, $pairId: String!, $deliveredOn: String!, $title: String!) {
    recordFinalPresentation(tenant: $tenant, pairId: $pairId, deliveredOn: $deliveredOn, title: $title) {
      id
      projected
    }
  }
`);

export const CompleteParticipationMutation = graphql(`
  mutation CompleteParticipation($tenant: String!, $pairId: String!) {
    completeParticipation(tenant: $tenant, pairId: $pairId) {
      id
      projected
    }
  }
`);

export const IssueCertificateMutation = graphql(`
  mutation IssueCertificate($tenant: String!, $pairId: String!) {
    issueCertificate(tenant: $tenant, pairId: $pairId) {
      id
      projected
    }
  }
`);

export const IssueAppreciationLetterMutation = graphql(`
  mutation IssueAppreciationLetter($tenant: String!, $pairId: String!) {
    issueAppreciationLetter(tenant: $tenant, pairId: $pairId) {
      id
      projected
    }
  }
`);
