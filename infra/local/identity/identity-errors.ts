// The errors the local identity answers with: Cognito's exception names, so the AWS SDK and the
// browser read them as they read the user pool's.

export class IdentityError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
  }
}

/** The one answer for an unknown user and a wrong password alike (the pool prevents user-existence errors). */
export const wrongCredentials = () => new IdentityError('NotAuthorizedException', 'Incorrect username or password.');
export const invalidParameter = (message: string) => new IdentityError('InvalidParameterException', message);
export const userNotFound = () => new IdentityError('UserNotFoundException', 'User does not exist.');
