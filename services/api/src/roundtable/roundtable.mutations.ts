import { type CommitteeRole, deriveId, handleRoundTableCommand, loadRoundTable } from '@tandem/domain';
import { Arg, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { ROLES, type Role } from '../auth/account-store';
import { SessionType } from '../auth/auth.resolver';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { COMMITTEE_ROLE_OF } from '../auth/roles';
import { openSessionFor } from '../auth/session';
import { ADMIN, CommandOptions, CommandPayload, execute, requireDomain } from '../commands/command';
import { type Context, requirePlatformAdmin, requireRole } from '../core/context';
import { apiError } from '../core/errors';

@InputType({ description: 'A person to contact: the round table’s chair or a committee member.' })
export class ContactInput {
  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => String, { description: 'Email address.' })
  email!: string;
}

const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;
const INVITATION_DAYS = 14;

@Resolver()
export class RoundTableMutations {
  @Mutation(() => CommandPayload, { description: 'Registers a round table as a new tenant (platform admins). The id is the tenant id.' })
  registerRoundTable(
    @Arg('tenant', () => String, { description: 'The new tenant id: lower-case letters, digits and dashes, e.g. "nmrt".' }) tenant: string,
    @Arg('abbreviation', () => String, { description: 'e.g. "NMRT".' }) abbreviation: string,
    @Arg('name', () => String, { description: 'e.g. "New Members Round Table".' }) name: string,
    @Arg('website', () => String, { nullable: true, description: 'The round table’s website.' }) website: string | null,
    @Arg('contact', () => ContactInput, { description: 'The chair or contact person.' }) contact: ContactInput,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    requirePlatformAdmin(context);
    if (!TENANT.test(tenant)) throw apiError('VALIDATION', `tenant id "${tenant}" must be lower-case letters, digits and dashes, e.g. "nmrt"`);
    return execute(
      context,
      tenant,
      ADMIN,
      options,
      (deps, metadata) =>
        handleRoundTableCommand(deps, {
          type: 'RegisterRoundTable',
          data: {
            abbreviation,
            name,
            website,
            contact: { personId: deriveId('contact', tenant, contact.email.toLowerCase()), name: contact.name, email: contact.email },
          },
          metadata,
        }),
      tenant,
    );
  }

  @Mutation(() => CommandPayload, { description: 'Changes the round table’s name, website or contact (round-table admins).' })
  changeRoundTableProfile(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('name', () => String, { nullable: true, description: 'New name.' }) name: string | null,
    @Arg('website', () => String, { nullable: true, description: 'New website.' }) website: string | null,
    @Arg('contact', () => ContactInput, { nullable: true, description: 'New contact person.' }) contact: ContactInput | null,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    return execute(
      context,
      tenant,
      ADMIN,
      options,
      (deps, metadata) =>
        handleRoundTableCommand(deps, {
          type: 'ChangeRoundTableProfile',
          data: {
            ...(name ? { name } : {}),
            ...(website !== null ? { website } : {}),
            ...(contact ? { contact: { personId: deriveId('contact', tenant, contact.email.toLowerCase()), name: contact.name, email: contact.email } } : {}),
          },
          metadata,
        }),
      tenant,
    );
  }

  @Mutation(() => CommandPayload, {
    description:
      'Appoints someone to the committee with a role (admin, coordinator, committee, auditor) and, when they have no account yet, emails them an invitation (round-table admins). The id is their account id.',
  })
  async inviteCommitteeMember(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('person', () => ContactInput, { description: 'Who to appoint.' }) person: ContactInput,
    @Arg('role', () => String, { description: 'admin, coordinator, committee or auditor.' }) role: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const inviter = requireRole(context, tenant, ADMIN);
    if (!ROLES.includes(role as Role)) throw apiError('VALIDATION', `role "${role}" is unknown; use ${ROLES.join(', ')}`);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(person.email)) throw apiError('VALIDATION', `"${person.email}" is not an email address`);
    const { accounts, now, mailer } = context.services;
    const at = now().toISOString();
    const account =
      (await accounts.byEmail(person.email)) ?? (await accounts.create({ email: person.email, displayName: person.name, passwordHash: null, now: at }));
    const committeeRole: CommitteeRole = COMMITTEE_ROLE_OF[role as Role];
    const payload = await execute(
      context,
      tenant,
      ADMIN,
      options,
      (deps, metadata) =>
        handleRoundTableCommand(deps, {
          type: 'AppointCommitteeMember',
          data: {
            userId: account.id,
            role: committeeRole,
            person: { personId: deriveId('member', tenant, account.id), name: person.name, email: person.email },
          },
          metadata,
        }),
      account.id,
    );
    await accounts.grant(account.id, tenant, role as Role, at);
    if (!account.passwordHash && !payload.duplicate) {
      const { token } = await accounts.createInvitation({
        tenant,
        email: account.email,
        displayName: person.name,
        role: role as Role,
        invitedBy: inviter.accountId,
        expiresAt: new Date(now().getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
      });
      const rt = await loadRoundTable(requireDomain(context), tenant);
      const rtName = rt.status === 'registered' ? rt.name : tenant;
      await mailer.send({
        to: account.email,
        subject: `You are invited to the ${rtName} mentorship committee on Tandem`,
        text: [
          `Hello ${person.name},`,
          '',
          `${inviter.name} appointed you to the ${rtName} mentorship committee as ${role}.`,
          'Choose a password to sign in (the invitation is valid for 14 days):',
          '',
          `${context.services.config.publicUrl}/invitation/${token}`,
          '',
          'If you did not expect this, ignore this message.',
        ].join('\n'),
      });
    }
    return payload;
  }

  @Mutation(() => SessionType, { description: 'Public: accepts an invitation by choosing a password, and signs in.' })
  async acceptInvitation(
    @Arg('token', () => String, { description: 'The token from the invitation email.' }) token: string,
    @Arg('password', () => String, { description: 'At least 12 characters.' }) password: string,
    @Ctx() context: Context,
  ): Promise<SessionType> {
    const { accounts, now } = context.services;
    const invitation = await accounts.invitationByToken(token);
    const at = now().toISOString();
    if (!invitation || invitation.acceptedAt || invitation.expiresAt <= at) {
      throw apiError('NOT_FOUND', 'this invitation is unknown, used or expired; ask the committee chair to invite you again');
    }
    const problem = passwordProblem(password);
    if (problem) throw apiError('VALIDATION', `choose a stronger password: ${problem}`);
    const account = await accounts.byEmail(invitation.email);
    if (!account) throw apiError('NOT_FOUND', 'the invited account no longer exists; ask the committee chair to invite you again');
    if (!(await accounts.markInvitationAccepted(invitation.id, at))) throw apiError('CONFLICT', 'this invitation was just used; sign in instead');
    await accounts.setPassword(account.id, await hashPassword(password));
    return openSessionFor(context, account.id);
  }

  @Mutation(() => CommandPayload, { description: 'Removes someone from the committee; their role in this round table ends at once (round-table admins).' })
  async removeCommitteeMember(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('userId', () => String, { description: 'Their account id.' }) userId: string,
    @Arg('reason', () => String, { description: 'Why they leave.' }) reason: string,
    @Arg('options', () => CommandOptions, { nullable: true, description: 'Idempotency.' }) options: CommandOptions | null,
    @Ctx() context: Context,
  ): Promise<CommandPayload> {
    const payload = await execute(
      context,
      tenant,
      ADMIN,
      options,
      (deps, metadata) => handleRoundTableCommand(deps, { type: 'RemoveCommitteeMember', data: { userId, reason }, metadata }),
      userId,
    );
    for (const grant of await context.services.accounts.roles(userId)) {
      if (grant.tenant === tenant) await context.services.accounts.revoke(userId, tenant, grant.role);
    }
    return payload;
  }
}
