// Types for the two small pure-JS packages that give MS-CHAP its MD4 and DES (see mschap.ts).
// Neither ships typings; only the calls mschap.ts makes are declared.

declare module 'js-md4' {
  type Message = string | ArrayBuffer | Uint8Array | readonly number[];
  interface Md4Hash {
    update(message: Message): Md4Hash;
    arrayBuffer(): ArrayBuffer;
  }
  interface Md4 {
    /** Pure-JS MD4 (the top-level `md4(message)` call delegates to node:crypto in Node: avoid it). */
    arrayBuffer(message: Message): ArrayBuffer;
    create(): Md4Hash;
  }
  const md4: Md4;
  export = md4;
}

declare module 'des.js' {
  interface Cipher {
    update(data: Uint8Array | readonly number[]): number[];
    final(): number[];
  }
  interface DesOptions {
    type: 'encrypt' | 'decrypt';
    key: Uint8Array | readonly number[];
    padding?: boolean;
  }
  const des: { DES: { create(options: DesOptions): Cipher } };
  export = des;
}
