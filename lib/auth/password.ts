import bcrypt from "bcryptjs";

// Cost 10 keeps a sign-in near 60 ms on these machines while staying well above brute-force rates.
const COST = 10;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
