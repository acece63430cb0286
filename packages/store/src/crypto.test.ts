import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PersonalDataCipher } from './crypto.ts';

const c = new PersonalDataCipher('000102030405060708090a0b0c0d0e0f', '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f');

test('SM4-CBC round trip with a random IV; HMAC-SM3 detects tampering', () => {
  for (const s of ['330102199001011234', '', '中文姓名 13800000000', 'x'.repeat(1000)]) {
    const a = c.encrypt(s);
    const b = c.encrypt(s);
    assert.notDeepEqual(a, b); // random IV
    assert.equal(c.decrypt(a), s);
    assert.ok(!a.includes(Buffer.from(s)) || s === '');
  }
  const e = c.encrypt('330102199001011234');
  for (const i of [0, 5, 20, e.length - 1]) {
    const bad = Buffer.from(e);
    bad[i]! ^= 1;
    assert.throws(() => c.decrypt(bad));
  }
  const other = new PersonalDataCipher('ff0102030405060708090a0b0c0d0e0f', '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f');
  assert.throws(() => other.decrypt(e), /integrity/); // another SM4 key: the tag key differs too
});

test('index: keyed, deterministic, normalised', () => {
  assert.equal(c.index('33010219900101123x'), c.index(' 33010219900101123X '));
  assert.notEqual(c.index('330102199001011234'), c.index('330102199001011235'));
  assert.match(c.index('1'), /^[0-9a-f]{64}$/);
  const other = new PersonalDataCipher('000102030405060708090a0b0c0d0e0f', '00'.repeat(32));
  assert.notEqual(other.index('330102199001011234'), c.index('330102199001011234'));
});

test('bad keys are refused', () => {
  assert.throws(() => new PersonalDataCipher('00', '11'.repeat(32)));
  assert.throws(() => new PersonalDataCipher('00'.repeat(16), '11'));
});
