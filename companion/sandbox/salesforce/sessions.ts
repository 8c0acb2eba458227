import { randomBytes } from 'node:crypto';

/** `via`: the refresh token the session was issued from, if any (revoking it ends the session). */
export type Session = { orgId: string; userId: string; expiresAt: number; via?: string };
export type RefreshGrant = { orgId: string; userId: string; clientId: string };
export type AuthorizationCode = RefreshGrant & {
    redirectUri: string;
    codeChallenge: string | undefined;
    expiresAt: number;
};

const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Access tokens, refresh tokens and authorization codes of every org in the sandbox. */
export class Sessions {
    private readonly access = new Map<string, Session>();
    private readonly refresh = new Map<string, RefreshGrant>();
    private readonly codes = new Map<string, AuthorizationCode>();

    constructor(private readonly lifetimeMs: number) {}

    /** An access token shaped like an org's: `<orgId>!<opaque>`. */
    issueAccess(orgId: string, userId: string, now: number, via?: string): string {
        const value = `${orgId.slice(0, 15)}!${token()}`;
        this.access.set(value, {
            orgId,
            userId,
            expiresAt: now + this.lifetimeMs,
            ...(via ? { via } : {})
        });
        return value;
    }

    issueRefresh(grant: RefreshGrant): string {
        const value = `5Aep${token(48)}`;
        this.refresh.set(value, grant);
        return value;
    }

    issueCode(code: AuthorizationCode): string {
        const value = `aPrx${token(24)}`;
        this.codes.set(value, code);
        return value;
    }

    /** The live session behind an access token; expired ones are forgotten. */
    resolve(accessToken: string, now: number): Session | undefined {
        const session = this.access.get(accessToken);
        if (session && session.expiresAt <= now) this.access.delete(accessToken);
        return session && session.expiresAt > now ? session : undefined;
    }

    refreshGrant(refreshToken: string): RefreshGrant | undefined {
        return this.refresh.get(refreshToken);
    }

    /** Codes are single-use. */
    takeCode(code: string, now: number): AuthorizationCode | undefined {
        const found = this.codes.get(code);
        this.codes.delete(code);
        return found && found.expiresAt > now ? found : undefined;
    }

    /** Ends every access token of an org (fault: sessions expire mid-run). */
    expireOrg(orgId: string): number {
        let ended = 0;
        for (const [value, session] of this.access)
            if (session.orgId === orgId) {
                this.access.delete(value);
                ended += 1;
            }
        return ended;
    }

    /** Revokes an access token, or a refresh token together with nothing else (rotation). */
    revoke(value: string): boolean {
        return this.access.delete(value) || this.refresh.delete(value);
    }

    /**
     * The revoke endpoint: an access token ends alone; a refresh token ends with every access
     * token issued from it ("If a refresh token is included, Salesforce revokes it and any
     * associated access tokens").
     */
    revokeGrant(value: string): boolean {
        if (this.access.delete(value)) return true;
        if (!this.refresh.delete(value)) return false;
        for (const [access, session] of this.access)
            if (session.via === value) this.access.delete(access);
        return true;
    }
}
