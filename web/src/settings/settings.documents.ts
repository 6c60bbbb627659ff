import { graphql } from '../gql';

export const RoundTableQuery = graphql(`
  query RoundTableProfile($tenant: String!) {
    roundTable(tenant: $tenant) {
      tenant
      abbreviation
      name
      website
      contactName
      contactEmail
      registeredAt
    }
  }
`);

export const CommitteeQuery = graphql(`
  query Committee($tenant: String!, $first: Int, $after: String) {
    committee(tenant: $tenant, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          userId
          name
          email
          role
          appointedAt
        }
      }
    }
  }
`);

export const TemplatesQuery = graphql(`
  query Templates($tenant: String!, $first: Int, $after: String) {
    templates(tenant: $tenant, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          templateId
          name
          summary
          latestVersion
          definition
        }
      }
    }
  }
`);

/** The programs with everything their lifecycle needs. */
export const ProgramCyclesQuery = graphql(`
  query ProgramCycles($tenant: String!, $first: Int, $after: String) {
    programs(tenant: $tenant, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          programId
          title
          status
          opensAt
          closesAt
          startsOn
          endsOn
          completedOn
          draftedAt
          templateId
          templateName
          templateVersion
          capacityDefault
          conference {
            name
            startsOn
            endsOn
          }
        }
      }
    }
  }
`);

export const ChangeRoundTableProfileMutation = graphql(`
  mutation ChangeRoundTableProfile($tenant: String!, $name: String, $website: String, $contact: ContactInput) {
    changeRoundTableProfile(tenant: $tenant, name: $name, website: $website, contact: $contact) {
      id
      projected
    }
  }
`);

export const InviteCommitteeMemberMutation = graphql(`
  mutation InviteCommitteeMember($tenant: String!, $person: ContactInput!, $role: String!) {
    inviteCommitteeMember(tenant: $tenant, person: $person, role: $role) {
      id
      projected
    }
  }
`);

export const RemoveCommitteeMemberMutation = graphql(`
  mutation RemoveCommitteeMember($tenant: String!, $userId: String!, $reason: String!) {
    removeCommitteeMember(tenant: $tenant, userId: $userId, reason: $reason) {
      id
      projected
    }
  }
`);

export const DefineTemplateMutation = graphql(`
  mutation DefineTemplate($tenant: String!, $templateId: String, $definition: JSONObject!) {
    defineTemplate(tenant: $tenant, templateId: $templateId, definition: $definition) {
      id
      projected
    }
  }
`);

export const ChangeTemplateMutation = graphql(`
  mutation ChangeTemplate($tenant: String!, $templateId: String!, $definition: JSONObject!, $change: String!) {
    changeTemplate(tenant: $tenant, templateId: $templateId, definition: $definition, change: $change) {
      id
      projected
    }
  }
`);

export const DraftProgramMutation = graphql(`
  mutation DraftProgram($tenant: String!, $input: DraftProgramInput!) {
    draftProgram(tenant: $tenant, input: $input) {
      id
      projected
    }
  }
`);

export const OpenApplicationWindowMutation = graphql(`
  mutation OpenApplicationWindow($tenant: String!, $programId: String!, $opensAt: String!, $closesAt: String!) {
    openApplicationWindow(tenant: $tenant, programId: $programId, opensAt: $opensAt, closesAt: $closesAt) {
      id
      projected
    }
  }
`);

export const CloseApplicationWindowMutation = graphql(`
  mutation CloseApplicationWindow($tenant: String!, $programId: String!) {
    closeApplicationWindow(tenant: $tenant, programId: $programId) {
      id
      projected
    }
  }
`);

export const StartProgramMutation = graphql(`
  mutation StartProgram($tenant: String!, $programId: String!, $startsOn: String!) {
    startProgram(tenant: $tenant, programId: $programId, startsOn: $startsOn) {
      id
      projected
    }
  }
`);

export const CompleteProgramMutation = graphql(`
  mutation CompleteProgram($tenant: String!, $programId: String!) {
    completeProgram(tenant: $tenant, programId: $programId) {
      id
      projected
    }
  }
`);
