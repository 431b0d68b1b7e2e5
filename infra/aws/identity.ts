// Staff identity on AWS: a Cognito user pool with a group per department plus managers, and the
// public client the web console signs in with (the same protocol the local identity speaks).
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRecovery, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { accessTokenMinutes, idTokenMinutes, passwordPolicy, refreshTokenHours } from '#shared/auth/staff-sign-in.ts';
import { staffGroups } from '#shared/http/caller.ts';
import type { BatonFunction } from './baton-function.ts';

export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Staff accounts are created by an administrator (`npm run users`); customers never sign in.
    // Staff sign in with a username, as locally; a forgotten password is reset by an administrator.
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy,
      accountRecovery: AccountRecovery.NONE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The browser cannot keep a secret: a public client calling the user pool's own auth API
    // (USER_PASSWORD_AUTH over TLS, refresh, revoke), no hosted UI or OAuth redirects.
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(accessTokenMinutes),
      idTokenValidity: Duration.minutes(idTokenMinutes),
      refreshTokenValidity: Duration.hours(refreshTokenHours),
    });
    // The group names are what handlers read from `cognito:groups`, so they are fixed, not generated.
    for (const group of staffGroups) {
      this.userPool.addGroup(`Group-${group}`, { groupName: group });
    }
  }

  /** The issuer API Gateway's JWT authorizer trusts: the user pool's own token endpoint. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
  }

  /** The origin the browser signs in at: the user pool's API (the site's CSP lets the consoles connect to it). */
  get signInOrigin(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }

  /** Lets a function read staff members' addresses (`email`) from the pool: AdminGetUser only (shared/auth/staff-directory.ts). */
  bindStaffDirectory(fn: BatonFunction): void {
    for (const [name, value] of Object.entries(this.browserConfig)) fn.addEnvironment(name, value);
    this.userPool.grant(fn, 'cognito-idp:AdminGetUser');
  }

  /** What GET /api/auth/config tells the browser (shared/config.ts `identity`): where it signs in. */
  get browserConfig(): Record<string, string> {
    return {
      BATON_IDENTITY_ENDPOINT: `${this.signInOrigin}/`,
      BATON_USER_POOL_ID: this.userPool.userPoolId,
      BATON_USER_POOL_CLIENT_ID: this.webClient.userPoolClientId,
    };
  }
}
