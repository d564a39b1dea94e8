import { checkPassword } from "~/domain/password-rules";
import type { DB } from "../../db/connect";
import * as users from "../../db/repositories/users";
import { createSession, endSessionsOfUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.server";

export class AccountError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export async function createUser(
  db: DB,
  input: { email: string; name: string; password: string; isSiteAdmin?: boolean },
  now = new Date(),
): Promise<string> {
  const problem = checkPassword(input.password, { email: input.email });
  if (problem) throw new AccountError("password", `auth:${problem}`);
  if (await users.findUserByEmail(db, input.email)) throw new AccountError("email", "auth:emailTaken");
  const id = newId();
  await users.insertUser(db, {
    id,
    email: input.email,
    name: input.name.trim(),
    password_hash: await hashPassword(input.password),
    is_site_admin: input.isSiteAdmin ? 1 : 0,
    disabled_at: null,
    created_at: nowIso(now),
    password_changed_at: nowIso(now),
  });
  return id;
}

/** First run: creates the site administrator when the setup code matches and no user exists. */
/** Several field errors at once (field → message key), so a form shows every problem in one round. */
export class AccountErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(", "));
  }
}

/**
 * What is wrong with a setup form beyond its shape: the one-time code and the password rules,
 * each reported, whatever else is wrong (the rules are public; the code is checked every time).
 */
export function setupProblems(services: AppServices, input: { code?: string; email?: string; name?: string; password?: string }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!services.setup.matches(input.code ?? "")) problems.code = "auth:setupCodeWrong";
  const password = input.password ? checkPassword(input.password, { email: input.email, name: input.name }) : null;
  if (password) problems.password = `auth:${password}`;
  return problems;
}

export async function completeSetup(
  services: AppServices,
  input: { code: string; email: string; name: string; password: string },
): Promise<string> {
  const problems = setupProblems(services, input);
  if (Object.keys(problems).length > 0) throw new AccountErrors(problems);
  // The gate closes before the slow hash so that two racing requests cannot both pass.
  services.setup.close();
  try {
    if ((await users.countUsers(services.db)) > 0) throw new AccountError("code", "auth:setupDone");
    return await createUser(services.db, { ...input, isSiteAdmin: true });
  } catch (error) {
    if (error instanceof AccountError && error.field !== "code") services.setup.reopenWith(input.code);
    throw error;
  }
}

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfter: number };

/**
 * Checks the password with the same cost whether or not the account exists, and counts
 * failures per account and per client address.
 */
export async function login(
  services: AppServices,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<LoginResult> {
  const email = users.normaliseEmail(input.email);
  const accountKey = `account:${email}`;
  const ipKey = `ip:${input.ip}`;
  const wait = Math.max(services.loginLimiter.retryAfter(accountKey), services.ipLimiter.retryAfter(ipKey));
  if (wait > 0) return { ok: false, reason: "throttled", retryAfter: wait };

  const user = await users.findUserByEmail(services.db, email);
  const valid = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !valid || user.disabled_at !== null) {
    services.loginLimiter.fail(accountKey);
    services.ipLimiter.fail(ipKey);
    return { ok: false, reason: "invalid" };
  }
  services.loginLimiter.reset(accountKey);
  const session = await createSession(services.db, user.id, { userAgent: input.userAgent, ip: input.ip });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.id };
}

/** Changes the password (current one required) and ends every session, this one included. */
export async function changePassword(
  services: AppServices,
  userId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await users.findUserById(services.db, userId);
  if (!user) throw new AccountError("currentPassword", "auth:currentPasswordWrong");
  if (!(await verifyPassword(user.password_hash, input.currentPassword)))
    throw new AccountError("currentPassword", "auth:currentPasswordWrong");
  const problem = checkPassword(input.newPassword, { email: user.email, name: user.name });
  if (problem) throw new AccountError("newPassword", `auth:${problem}`);
  await setPassword(services, userId, input.newPassword);
}

/** Sets a password without the old one (admin command line) and ends all of the user's sessions. */
export async function setPassword(services: AppServices, userId: string, password: string): Promise<void> {
  await users.updateUserPassword(services.db, userId, await hashPassword(password), nowIso());
  await endSessionsOfUser(services.db, services.events, userId);
}
