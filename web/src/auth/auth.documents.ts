import { graphql } from '../gql';

export const ViewerFieldsFragment = graphql(`
  fragment ViewerFields on ViewerType {
    id
    email
    name
    platformAdmin
    roles {
      tenant
      role
    }
  }
`);

export const SessionFieldsFragment = graphql(`
  fragment SessionFields on SessionType {
    accessToken
    accessTokenExpiresAt
    refreshToken
    viewer {
      ...ViewerFields
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      ...SessionFields
    }
  }
`);

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...SessionFields
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut($refreshToken: String!) {
    signOut(refreshToken: $refreshToken)
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);
