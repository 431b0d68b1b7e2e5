// The rules of a staff sign-in, defined once: the Cognito user pool and its web client
// (infra/aws/identity.ts) and the local identity (infra/local/identity) both follow them.

/** Access and ID tokens. After sign-out a copied one still works until it expires: API Gateway checks only signature and expiry. */
export const accessTokenMinutes = 60;
export const idTokenMinutes = 60;
/** The refresh token: a working day and its evening. A reload or a new tab within it stays signed in. */
export const refreshTokenHours = 12;

/** The password policy the user pool enforces (and so the local identity, for passwords an administrator sets). */
export const passwordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** What the password lacks under the policy, in Cognito's words; empty when it passes. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < passwordPolicy.minLength) problems.push(`Password not long enough (at least ${passwordPolicy.minLength} characters)`);
  if (!/[a-z]/.test(password)) problems.push('Password must have lowercase characters');
  if (!/[A-Z]/.test(password)) problems.push('Password must have uppercase characters');
  if (!/[0-9]/.test(password)) problems.push('Password must have numeric characters');
  if (!/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/.test(password)) problems.push('Password must have symbol characters');
  return problems;
}
