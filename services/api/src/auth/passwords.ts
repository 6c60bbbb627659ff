import argon2 from 'argon2';

/** Argon2id with the library's defaults (m=64 MiB, t=3): ~50 ms here, fine for sign-in. */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export const verifyPassword = async (hash: string | null, password: string): Promise<boolean> => {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
};

/** A rule a person can act on, checked before hashing. */
export const passwordProblem = (password: string): string | null => {
  if (password.length < 12) return 'use at least 12 characters';
  if (password.length > 256) return 'use at most 256 characters';
  return null;
};
