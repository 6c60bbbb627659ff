import { jwtVerify, SignJWT } from 'jose';
import type { RoleGrant } from './account-store';

export interface AccessClaims {
  sub: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  roles: RoleGrant[];
}

const ISSUER = 'tandem';
const AUDIENCE = 'tandem-api';

/** Short-lived HS256 access tokens; refresh goes through a stored, rotated session. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ email: claims.email, name: claims.name, platformAdmin: claims.platformAdmin, roles: claims.roles })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /**
   * Tokens already verified, until they expire: the same text has the same valid signature, and a
   * signed-in portal sends its token with every request (the HMAC check was 3% of a busy server).
   */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  /** The claims of a valid token, or null (expired, forged, malformed). */
  async verify(token: string): Promise<AccessClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known.claims;
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string') return null;
      const claims = {
        sub: payload.sub,
        email: String(payload.email),
        name: String(payload.name),
        platformAdmin: payload.platformAdmin === true,
        roles: Array.isArray(payload.roles) ? (payload.roles as RoleGrant[]) : [],
      };
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= 10_000) this.verified.clear();
        this.verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
      }
      return claims;
    } catch {
      return null;
    }
  }
}
