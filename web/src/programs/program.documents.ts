import { graphql } from '../gql';

export const ProgramsQuery = graphql(`
  query Programs($tenant: String!, $first: Int, $after: String) {
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
          templateId
          templateName
          capacityDefault
        }
      }
    }
  }
`);

/** The public form's questions: the applications pages use them to label answers. */
export const FormQuestionsQuery = graphql(`
  query FormQuestions($tenant: String!, $programId: String!) {
    applicationForm(tenant: $tenant, programId: $programId) {
      core
      questions {
        id
        label
        type
        appliesTo
        options
      }
    }
  }
`);
