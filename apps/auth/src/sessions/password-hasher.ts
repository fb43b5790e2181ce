import * as argon2 from 'argon2';

export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** argon2id hashing. `verifyOrBurn` spends the same time when there is no account (no user enumeration). */
export class PasswordHasher {
  private dummy: Promise<string> | null = null;

  constructor(private readonly cost: Argon2Cost) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.cost });
  }

  async verifyOrBurn(hash: string | undefined, password: string): Promise<boolean> {
    if (hash) return argon2.verify(hash, password);
    this.dummy ??= this.hash('not-a-real-password-but-same-cost');
    await argon2.verify(await this.dummy, password);
    return false;
  }
}
