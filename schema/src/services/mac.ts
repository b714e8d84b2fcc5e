/**
 * Normalises a MAC address in any of the forms routers send (MikroTik `AA:BB:CC:DD:EE:FF`,
 * Cisco `aabb.ccdd.eeff`, UBNT/Windows `AA-BB-CC-DD-EE-FF`, bare `aabbccddeeff`) to
 * `aa:bb:cc:dd:ee:ff`; null when it is not a MAC address.
 */
export function normaliseMac(text: string): string | null {
  const hex = text.trim().toLowerCase().replace(/[\s:.-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}
