/**
 * Normalises a MAC address in any of the forms routers send (MikroTik `AA:BB:CC:DD:EE:FF`,
 * Cisco `aabb.ccdd.eeff`, UBNT/Windows `AA-BB-CC-DD-EE-FF`, bare `aabbccddeeff`) to
 * `aa:bb:cc:dd:ee:ff`; null when it is not a MAC address.
 */
export function normaliseMac(text: string): string | null {
  // A loop, not regular expressions: the RADIUS server calls this for every request.
  let hex = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a || c === 0x2e || c === 0x2d || c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue; // : . - whitespace
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) hex += text[i];
    else if (c >= 0x41 && c <= 0x46) hex += String.fromCharCode(c + 0x20);
    else return null;
    if (hex.length > 12) return null;
  }
  if (hex.length !== 12) return null;
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10)}`;
}
