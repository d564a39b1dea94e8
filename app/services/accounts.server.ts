import { checkPassword } from "~/domain/password-rules";
import type { DB } from "../../db/connect";
import * as users from "../../db/repositories/users";
import { createSession, endSessionsOfUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { mutate } from "./mutation.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.server";
import type { FailureOutcome, SignInThrottle } from "./rate-limit.server";

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
 * Checks the password with the same cost whether or not the account exists. Failures slow down
 * this account from this address, this address over all accounts, and (after many more) this
 * account from everywhere (decision 082); the right password from an address that has not been
 * failing gets in while an attacker elsewhere keeps guessing.
 */
export async function login(
  services: AppServices,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<LoginResult> {
  const email = users.normaliseEmail(input.email);
  const throttle = services.signInThrottle;
  // Unknown emails are counted like real ones, so throttling tells no one which accounts exist.
  const keys = { accountAddress: `${email} ${input.ip}`, address: input.ip, account: email };
  const wait = Math.max(throttle.accountAddress.retryAfter(keys.accountAddress), throttle.address.retryAfter(keys.address), throttle.account.retryAfter(keys.account));
  if (wait > 0) return { ok: false, reason: "throttled", retryAfter: wait };

  const user = await users.findUserByEmail(services.db, email);
  const valid = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !valid || user.disabled_at !== null) {
    await recordLockOuts(services, user?.id ?? null, input.ip, {
      accountAddress: throttle.accountAddress.fail(keys.accountAddress),
      address: throttle.address.fail(keys.address),
      account: throttle.account.fail(keys.account),
    });
    return { ok: false, reason: "invalid" };
  }
  throttle.accountAddress.reset(keys.accountAddress);
  const session = await createSession(services.db, user.id, { userAgent: input.userAgent, ip: input.ip });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.id };
}

/**
 * The failure that starts a wait is written to the audit log (site-wide rows: no plan, no actor),
 * once per episode rather than per refused try. An address is recorded against the account it
 * tried; a nonexistent account has nothing to record it against but the address-wide row.
 */
async function recordLockOuts(services: AppServices, userId: string | null, address: string, outcomes: Record<keyof SignInThrottle, FailureOutcome>): Promise<void> {
  const scopes = { accountAddress: "account-address", address: "address", account: "account" } as const;
  const started = (Object.keys(outcomes) as Array<keyof SignInThrottle>).filter((k) => outcomes[k].started && (userId !== null || k === "address"));
  if (started.length === 0) return;
  await mutate(services, async (m) => {
    for (const k of started) {
      const { failures, retryAfter } = outcomes[k];
      await m.audit({
        planId: null,
        actorId: null,
        verb: "sign-in.throttled",
        entity: k === "address" ? "address" : "user",
        entityId: k === "address" ? null : userId,
        after: { scope: scopes[k], address, failures, retryAfterSeconds: retryAfter },
      });
    }
  });
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
