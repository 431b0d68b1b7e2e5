// Where the local identity answers and the ids it goes by: what a client of it needs (`npm run users`, the tests'
// sign-in) without loading the runtime or the identity's keys.
/** The local identity's endpoint on the local server (the route LocalIdentity); the AWS SDK adds the trailing "/". */
export const localIdentityPath = '/api/auth/cognito';
/** The local pool and its one client; Cognito's would read `eu-west-1_AbC…` and a 26-character id. */
export const localUserPoolId = 'local_baton';
export const localClientId = 'baton-local-web';
