import { graphql } from '../gql';

export const ApplicationFormQuery = graphql(`
  query ApplicationForm($tenant: String!, $programId: String!) {
    applicationForm(tenant: $tenant, programId: $programId) {
      programTitle
      roundTableName
      summary
      open
      closesAt
      core
      questions {
        id
        label
        type
        appliesTo
        required
        options
        limits
        help
      }
    }
  }
`);

export const SubmitApplicationMutation = graphql(`
  mutation SubmitApplication($tenant: String!, $programId: String!, $application: ApplicationFormInput!, $options: CommandOptions) {
    submitApplication(tenant: $tenant, programId: $programId, application: $application, options: $options) {
      applicationId
      reference
      receivedAt
    }
  }
`);
