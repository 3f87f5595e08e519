import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

/**
 * Sealing personal data at rest: AES-256-GCM with a fresh 96-bit nonce per value, and HMAC-SHA256 blind
 * indexes so "who looked up this 身份证" is an equality match without decrypting anything. The two keys
 * are derived from DATA_ENCRYPTION_KEY with HKDF, so neither can stand in for the other.
 */
export interface FieldCipher {
  /** `purpose` is bound into the ciphertext: a value sealed for one column will not open as another */
  seal(value: unknown, purpose: string): string;
  open<T = unknown>(sealed: string, purpose: string): T;
  /** a token for equality search: `kind` keeps a name and a keyword with the same text apart */
  blindIndex(kind: string, value: string): string;
}

const VERSION = 'v1';
const TAG_BYTES = 16;

export function createFieldCipher(dataKey: Buffer): FieldCipher {
  if (dataKey.length !== 32) throw new Error('the data encryption key must be 32 bytes');
  // KeyObjects, made once: Node imports a raw Buffer key anew on every createCipheriv / createHmac, which
  // was most of their cost (an HMAC 11 µs with a Buffer, 1.6 µs with a KeyObject; a 2 KB seal 16.5 → 6.2 µs)
  const derive = (info: string) =>
    createSecretKey(Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32)));
  const sealKey = derive('juhe-risk-slack seal v1');
  const indexKey = derive('juhe-risk-slack blind index v1');
  return {
    seal(value, purpose) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open<T>(sealed: string, purpose: string): T {
      const [version, payload] = sealed.split('.', 2);
      if (version !== VERSION || payload === undefined) throw new Error('not a sealed value of this app');
      const bytes = Buffer.from(payload, 'base64');
      // the tag's length is fixed: a truncated value must fail, not be checked against a shorter tag
      const decipher = createDecipheriv('aes-256-gcm', sealKey, bytes.subarray(0, 12), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as T;
    },
    blindIndex(kind, value) {
      const digest = createHmac('sha256', indexKey).update(`${kind}\u0000${normaliseForIndex(value)}`);
      return `${kind}:${digest.digest('hex').slice(0, 32)}`;
    },
  };
}

/** Case and spacing do not make a different person: `张 三` and `张三`, `x` and `X` in a 身份证. */
function normaliseForIndex(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}
