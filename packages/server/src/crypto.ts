/** Session-token primitives: HMAC-SM3 (CSRF tokens), random tokens, constant-time comparison. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function hmacSm3(keyHex: string | Buffer, data: string): string {
  return createHmac('sm3', keyHex).update(data).digest('hex');
}

/** A random URL-safe token of `bytes` bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

