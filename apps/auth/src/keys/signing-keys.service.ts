import type { AuthServiceConfig } from '@ates/config';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AUTH_CONFIG } from '../auth.tokens';
import { SigningKeysRepository } from './signing-keys.repository';

export interface SigningKey {
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

export const keyId = (publicKeyPem: string) =>
  createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' }))
    .digest('base64url')
    .slice(0, 16);

/**
 * The RS256 key that signs access tokens.
 * - Configured (AUTH_SIGNING_KEY, required in production): the JWKS lists it and the public keys in
 *   AUTH_PREVIOUS_PUBLIC_KEYS, so tokens signed before a rotation verify until they expire (docs/security.md).
 * - Development: generated once and kept in auth.signing_keys so it survives restarts; the JWKS lists the keys
 *   kept there.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private current!: SigningKey;
  private published: Pick<SigningKey, 'kid' | 'publicKeyPem'>[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly keys: SigningKeysRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.signingKeyPem) {
      const publicKeyPem = createPublicKey(createPrivateKey(this.config.signingKeyPem))
        .export({ type: 'spki', format: 'pem' })
        .toString();
      this.current = { kid: keyId(publicKeyPem), privateKeyPem: this.config.signingKeyPem, publicKeyPem };
      const previous = this.config.previousPublicKeysPem.map((pem) => ({
        kid: keyId(pem),
        publicKeyPem: pem,
      }));
      this.published = [this.current, ...previous.filter((k) => k.kid !== this.current.kid)];
    } else {
      const stored = await this.keys.all();
      this.current = stored[0] ?? (await this.generateOnce());
      this.published = [this.current, ...stored.filter((k) => k.kid !== this.current.kid)];
    }
    this.logger.log(
      `signing with key ${this.current.kid}; JWKS: ${this.published.map((k) => k.kid).join(', ')}`,
    );
  }

  signingKey(): SigningKey {
    return this.current;
  }

  jwks(): { keys: (JsonWebKey & { kid: string; use: string; alg: string })[] } {
    return {
      keys: this.published.map((k) => ({
        ...createPublicKey(k.publicKeyPem).export({ format: 'jwk' }),
        kid: k.kid,
        use: 'sig',
        alg: 'RS256',
      })),
    };
  }

  /** Generates and stores a key; concurrent starts agree on one (advisory lock). */
  private generateOnce(): Promise<SigningKey> {
    return this.db.transaction(async (tx) => {
      const existing = await this.keys.newestOnceAlone(tx);
      if (existing) return existing;
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const key = {
        kid: keyId(publicKeyPem),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        publicKeyPem,
      };
      await this.keys.insert(tx, key);
      this.logger.warn(
        'generated a development signing key and stored it in auth.signing_keys; set AUTH_SIGNING_KEY in production',
      );
      return key;
    });
  }
}
