/** The signed-in staff member's own account page: devices in words, the two-factor key readable. */

/** "Chrome on Android", "Firefox on Linux", "Script" from a User-Agent header. */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /curl|python|node|undici|okhttp|Go-http/i.test(ua)
            ? 'Script'
            : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return os && browser !== 'Script' ? `${browser} on ${os}` : browser;
}

/** A base32 secret in groups of four, as authenticator apps show them and people type them. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
