// Signing in to a running Baton as the browser does, without loading the runtime: the process tests (kill -9 files)
// talk to a Baton in another process, and the runtime's modules would only lengthen their collection.
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localClientId, localIdentityPath } from '#infra/local/identity/identity-endpoint.ts';

/**
 * The real Cognito SDK client pointed at a local Baton's identity endpoint. Sign-in needs no credentials (the SDK
 * wants some anyway); the admin actions are refused unless signed with the data folder's key (`baton.credentials`).
 */
export function localIdentityClient(url: string, credentials = { accessKeyId: 'unsigned', secretAccessKey: 'unsigned' }): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: `${url}${localIdentityPath}`,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
}

/** Signs in as the browser does (USER_PASSWORD_AUTH) and returns the access token the consoles send as their bearer. */
export async function signInAt(url: string, username: string, password = 'baton'): Promise<string> {
  const client = localIdentityClient(url);
  try {
    const result = await client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: localClientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));
    const token = result.AuthenticationResult?.AccessToken;
    if (!token) throw new Error(`sign-in of ${username} returned no tokens: ${JSON.stringify(result)}`);
    return token;
  } finally {
    client.destroy();
  }
}
