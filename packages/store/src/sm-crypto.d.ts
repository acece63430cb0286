// Minimal types for the parts of sm-crypto (SM2) the server uses.
declare module 'sm-crypto' {
  interface SignOptions { hash?: boolean; der?: boolean; publicKey?: string; userId?: string }
  export const sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    getPublicKeyFromPrivateKey(privateKey: string): string;
    doSignature(msg: string, privateKey: string, options?: SignOptions): string;
    doVerifySignature(msg: string, signature: string, publicKey: string, options?: SignOptions): boolean;
  };
  const _default: { sm2: typeof sm2 };
  export default _default;
}
