import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context, Viewer } from '../core/context';
import { apiError } from '../core/errors';
import { verifyPassword } from './passwords';
import { openSessionFor } from './session';

@ObjectType({ description: 'A role a person holds in one round table.' })
export class TenantRole {
  @Field(() => String, { description: 'The round table (tenant) id, e.g. "vrt".' })
  tenant!: string;

  @Field(() => String, { description: 'admin, coordinator, committee or auditor.' })
  role!: string;
}

@ObjectType({ description: 'The signed-in person.' })
export class ViewerType {
  @Field(() => ID, { description: 'The account id.' })
  id!: string;

  @Field(() => String, { description: 'The sign-in email address.' })
  email!: string;

  @Field(() => String, { description: 'The name shown in the portal.' })
  name!: string;

  @Field(() => Boolean, { description: 'Whether the person administers the whole platform (every round table).' })
  platformAdmin!: boolean;

  @Field(() => [TenantRole], { description: 'The roles the person holds, per round table.' })
  roles!: TenantRole[];
}

@ObjectType({ description: 'A signed-in session: a short-lived access token and a refresh token.' })
export class SessionType {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <token>"; expires at accessTokenExpiresAt.' })
  accessToken!: string;

  @Field(() => String, { description: 'When the access token stops working (ISO 8601).' })
  accessTokenExpiresAt!: string;

  @Field(() => String, { description: 'Exchange with refreshSession for a new pair; it works once.' })
  refreshToken!: string;

  @Field(() => ViewerType, { description: 'Who signed in.' })
  viewer!: ViewerType;
}

export const toViewerType = (v: Viewer): ViewerType => ({ id: v.accountId, email: v.email, name: v.name, platformAdmin: v.platformAdmin, roles: v.roles });

@Resolver()
export class AuthResolver {
  @Query(() => ViewerType, { nullable: true, description: 'The signed-in person, or null without a valid access token.' })
  viewer(@Ctx() context: Context): ViewerType | null {
    return context.viewer ? toViewerType(context.viewer) : null;
  }

  @Mutation(() => SessionType, { description: 'Signs in with email and password. Repeated failures are throttled.' })
  async signIn(
    @Arg('email', () => String, { description: 'The sign-in email address (any case).' }) email: string,
    @Arg('password', () => String, { description: 'The account password.' }) password: string,
    @Ctx() context: Context,
  ): Promise<SessionType> {
    const { accounts, loginLimiter } = context.services;
    const key = `${email.toLowerCase()}|${context.clientIp}`;
    const wait = loginLimiter.hit(key);
    if (wait > 0) throw apiError('RATE_LIMITED', `too many sign-in attempts; try again in ${wait} seconds`, { retryAfterSeconds: wait });
    const account = await accounts.byEmail(email);
    if (!account || !(await verifyPassword(account.passwordHash, password))) {
      throw apiError('UNAUTHENTICATED', 'that email and password do not match an account');
    }
    loginLimiter.reset(key);
    return openSessionFor(context, account.id);
  }

  @Mutation(() => SessionType, { description: 'Exchanges a refresh token for a new access token and a new refresh token.' })
  async refreshSession(
    @Arg('refreshToken', () => String, { description: 'The refresh token of the current session.' }) refreshToken: string,
    @Ctx() context: Context,
  ): Promise<SessionType> {
    const { accounts, config, now } = context.services;
    const rotated = await accounts.rotateSession(refreshToken, now().toISOString(), new Date(now().getTime() + config.refreshTokenTtl * 1000).toISOString());
    if (!rotated) throw apiError('UNAUTHENTICATED', 'this refresh token has expired or was already used; sign in again');
    return openSessionFor(context, rotated.accountId, rotated.refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends the session of a refresh token. Access tokens expire on their own.' })
  async signOut(
    @Arg('refreshToken', () => String, { description: 'The refresh token of the session to end.' }) refreshToken: string,
    @Ctx() context: Context,
  ): Promise<boolean> {
    await context.services.accounts.revokeSession(refreshToken, context.services.now().toISOString());
    return true;
  }
}
