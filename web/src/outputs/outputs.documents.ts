import { graphql } from '../gql';

/** Public, no sign-in: the program's title (from its form) and the publications and presentations it supported. */
export const PublicOutputsQuery = graphql(`
  query PublicOutputs($tenant: String!, $programId: String!, $first: Int, $after: String) {
    applicationForm(tenant: $tenant, programId: $programId) {
      roundTableName
      programTitle
      summary
    }
    publicOutputs(tenant: $tenant, programId: $programId, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          outputId
          kind
          title
          venue
          date
          url
        }
      }
    }
  }
`);
