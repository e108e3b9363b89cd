import bcrypt from "bcryptjs";

// Cost 10 keeps a sign-in near 60 ms on these machines while staying well above brute-force rates.
const COST = 10;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one password check when there is no account (or no password) to check against, so how long a
 * sign-in takes does not tell whether the email has an account. Always false.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("no account has this password");
  await bcrypt.compare(password, await dummyHash);
  return false;
}
