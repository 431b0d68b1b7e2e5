// Staff identity on AWS: a Cognito user pool with a group per department plus managers.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRecovery, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { staffGroups } from '#shared/http/caller.ts';

export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Staff accounts are created by an administrator; customers never sign in.
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The browser cannot keep a secret: a public client signing in with SRP (or a password over TLS).
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
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
}
