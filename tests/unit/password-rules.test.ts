import { describe, expect, it } from "vitest";
import { checkPassword } from "~/domain/password-rules";

describe("password rules", () => {
  it("accepts a long passphrase", () => {
    expect(checkPassword("river lantern copper season")).toBeNull();
  });
  it("refuses fewer than 12 characters, counting characters not bytes", () => {
    expect(checkPassword("short-pass1")).toBe("passwordTooShort");
    expect(checkPassword("ééééééééééé")).toBe("passwordTooShort");
  });
  it("refuses more than 256 characters", () => {
    expect(checkPassword("ab1".repeat(90))).toBe("passwordTooLong");
  });
  it("refuses a password containing the email's local part", () => {
    expect(checkPassword("my amira.haddad secret", { email: "amira.haddad@example.org" })).toBe("passwordContainsEmail");
  });
  it("refuses passwords made of very few distinct characters", () => {
    expect(checkPassword("aaaaaaaaaaaaaaa")).toBe("passwordTooSimple");
    expect(checkPassword("121212121212")).toBe("passwordTooSimple");
  });
});
