/**
 * Password rules, following NIST SP 800-63B: length matters, composition rules do not.
 * Returns message keys (namespace `auth`) so the form can show them in the user's language.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = "passwordTooShort" | "passwordTooLong" | "passwordContainsEmail" | "passwordTooSimple";

export function checkPassword(password: string, context: { email?: string; name?: string } = {}): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return "passwordTooShort";
  if (password.length > PASSWORD_MAX_LENGTH) return "passwordTooLong";
  const lower = password.toLowerCase();
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return "passwordContainsEmail";
  // One repeated character or a straight run ("aaaaaaaaaaaa", "123456789012") is guessed first.
  if (new Set(lower).size < 4) return "passwordTooSimple";
  return null;
}
