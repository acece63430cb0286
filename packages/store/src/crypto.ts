/**
 * Personal data at rest (ID numbers, phones): SM4-CBC with a random IV, then HMAC-SM3 over version|IV|ciphertext
 * (encrypt-then-MAC: a changed byte is detected before decryption), and a keyed HMAC-SM3 lookup value so a record can
 * be found by its number without decrypting the table — the plain number never reaches the database.
 *
 * Keys (from config): `dataKey` is the 128-bit SM4 key; `indexKey` the 256-bit HMAC-SM3 key, from which two
 * sub-keys are derived (one for the ciphertext tag, one for the lookup index), so neither output reveals the other.
 *
 * Layout of a ciphertext: 0x01 | IV (16) | SM4-CBC ciphertext (PKCS#7) | HMAC-SM3 tag (32).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const IV_LEN = 16;
const TAG_LEN = 32;

export class PersonalDataCipher {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;
  readonly #idxKey: Buffer;

  /** @param dataKey 32 hex chars (SM4-128), @param indexKey 64 hex chars (HMAC-SM3) */
  constructor(dataKey: string, indexKey: string) {
    if (!/^[0-9a-fA-F]{32}$/.test(dataKey)) throw new Error('dataKey must be 32 hex characters (SM4-128)');
    if (!/^[0-9a-fA-F]{64}$/.test(indexKey)) throw new Error('indexKey must be 64 hex characters (HMAC-SM3)');
    this.#encKey = Buffer.from(dataKey, 'hex');
    const k = Buffer.from(indexKey, 'hex');
    // the tag key depends on both keys: a value encrypted under another SM4 key fails the check
    this.#macKey = createHmac('sm3', k).update('kaohe/personal-data/mac/v1').update(this.#encKey).digest();
    this.#idxKey = createHmac('sm3', k).update('kaohe/personal-data/index/v1').digest();
  }

  /** From the config module's `dataKey` / `indexKey`. */
  static fromConfig(c: { dataKey: string; indexKey: string }): PersonalDataCipher {
    return new PersonalDataCipher(c.dataKey, c.indexKey);
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(IV_LEN);
    const c = createCipheriv('sm4-cbc', this.#encKey, iv);
    const body = Buffer.concat([Buffer.from([VERSION]), iv, c.update(plain, 'utf8'), c.final()]);
    const tag = createHmac('sm3', this.#macKey).update(body).digest();
    return Buffer.concat([body, tag]);
  }

  /** Throws if the value was altered or encrypted under another key. */
  decrypt(data: Uint8Array): string {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (buf.length < 1 + IV_LEN + 16 + TAG_LEN || buf[0] !== VERSION) throw new Error('not a Kaohe personal-data ciphertext');
    const body = buf.subarray(0, buf.length - TAG_LEN);
    const tag = buf.subarray(buf.length - TAG_LEN);
    const want = createHmac('sm3', this.#macKey).update(body).digest();
    if (!timingSafeEqual(tag, want)) throw new Error('personal-data ciphertext failed its integrity check (HMAC-SM3) 个人信息密文完整性校验失败');
    const d = createDecipheriv('sm4-cbc', this.#encKey, body.subarray(1, 1 + IV_LEN));
    return Buffer.concat([d.update(body.subarray(1 + IV_LEN)), d.final()]).toString('utf8');
  }

  /**
   * Keyed lookup value (hex HMAC-SM3) of a normalised value: spaces removed, letters upper-cased (the ID check
   * character x/X), so the same number always gives the same index.
   */
  index(plain: string): string {
    return createHmac('sm3', this.#idxKey).update(plain.replace(/\s+/g, '').toUpperCase()).digest('hex');
  }
}

/** SM3 digest (hex) — the audit chain and session tokens. */
export function sm3(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}
