import bcrypt from "bcryptjs";

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of a real check when there is no hash to check against (unknown email,
 * account without a password), so the response time does not tell which emails have
 * accounts. A hash of the same cost as real ones, made once per process.
 */
export async function verifyAgainstDummyHash(password: string): Promise<false> {
  dummyHash ??= bcrypt.hash("scopebench: no such account", COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
