/**
 * CHAP (RFC 1994 §4.1) as carried in RADIUS (RFC 2865 §5.3, §5.40): CHAP-Password is the CHAP
 * Identifier followed by the 16-octet Response = MD5(Identifier + secret + Challenge), where the
 * Challenge is CHAP-Challenge when present and otherwise the Request Authenticator.
 */
import { timingSafeEqual } from 'node:crypto';
import { md5 } from './digest.ts';

/** RFC 1994 CHAP-MD5 response: MD5(Identifier + password + challenge). */
export function chapResponse(identifier: number, password: Buffer | string, challenge: Buffer): Buffer {
  return md5(Buffer.of(identifier & 0xff), password, challenge);
}

/**
 * Whether a CHAP-Password (17 octets) answers the challenge for `password`. `chapChallenge` is
 * the CHAP-Challenge attribute if the request has one; otherwise pass the Request Authenticator.
 * A CHAP-Password of the wrong length is simply not a match.
 */
export function checkChapPassword(chapPassword: Buffer, challenge: Buffer, password: Buffer | string): boolean {
  if (chapPassword.length !== 17 || challenge.length === 0) return false;
  return timingSafeEqual(chapResponse(chapPassword[0]!, password, challenge), chapPassword.subarray(1));
}
