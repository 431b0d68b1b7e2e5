// Where a staff member's e-mail address is kept: the identity, as the user pool's `email` attribute
// (Cognito on AWS; the local identity, through the same API, locally). Read by the outbox sender when
// a staff message is sent: one AdminGetUser per staff message (free, within Cognito's UserRead quota).
import { AdminGetUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { meterAwsCalls } from '#shared/aws-call-meter.ts';
import { config, currentSettings, type BatonSettings } from '#shared/config.ts';

const clients = new WeakMap<BatonSettings, CognitoIdentityProviderClient>();

/** The identity's endpoint as the server reaches it: locally a path on the runtime's own server, on AWS Cognito's URL. */
function directoryClient(): CognitoIdentityProviderClient {
  let client = clients.get(currentSettings());
  if (!client) {
    const { endpoint: given } = config.identity();
    const endpoint = given.startsWith('/') ? `${config.siteUrl()}${given}` : given;
    const local = config.mode() === 'local';
    client = new CognitoIdentityProviderClient({ region: config.region(), endpoint, ...(local ? { credentials: config.localCredentials() } : {}) });
    meterAwsCalls(client);
    clients.set(currentSettings(), client);
  }
  return client;
}

/** The address the identity keeps for this person; undefined when it keeps none or the person is gone. */
export async function identityEmailOf(username: string): Promise<string | undefined> {
  try {
    const user = await directoryClient().send(new AdminGetUserCommand({ UserPoolId: config.identity().userPoolId, Username: username }));
    return user.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value || undefined;
  } catch (error) {
    if (error instanceof UserNotFoundException) return undefined;
    throw error;
  }
}
