import type { Dictionary } from '@backhaul/schema/radius/dictionary.ts';

/**
 * The attributes the process reads and writes, resolved once at start-up: a dictionary typo
 * fails the boot, not a request.
 */
export function vocabulary(d: Dictionary) {
  return {
    UserName: d.attribute('User-Name', 'string'),
    UserPassword: d.attribute('User-Password', 'string'),
    ChapPassword: d.attribute('CHAP-Password', 'octets'),
    ChapChallenge: d.attribute('CHAP-Challenge', 'octets'),
    CallingStationId: d.attribute('Calling-Station-Id', 'string'),
    NasPortId: d.attribute('NAS-Port-Id', 'string'),
    NasPort: d.attribute('NAS-Port', 'integer'),
    NasPortType: d.attribute('NAS-Port-Type', 'integer'),
    ReplyMessage: d.attribute('Reply-Message', 'string'),
    Class: d.attribute('Class', 'octets'),
    FramedIpAddress: d.attribute('Framed-IP-Address', 'ipaddr'),
    FramedIpv6Prefix: d.attribute('Framed-IPv6-Prefix', 'ipv6prefix'),
    EventTimestamp: d.attribute('Event-Timestamp', 'date'),
    AcctStatusType: d.attribute('Acct-Status-Type', 'integer'),
    AcctSessionId: d.attribute('Acct-Session-Id', 'string'),
    AcctInputOctets: d.attribute('Acct-Input-Octets', 'integer'),
    AcctOutputOctets: d.attribute('Acct-Output-Octets', 'integer'),
    AcctInputGigawords: d.attribute('Acct-Input-Gigawords', 'integer'),
    AcctOutputGigawords: d.attribute('Acct-Output-Gigawords', 'integer'),
    AcctSessionTime: d.attribute('Acct-Session-Time', 'integer'),
    AcctDelayTime: d.attribute('Acct-Delay-Time', 'integer'),
    AcctTerminateCause: d.attribute('Acct-Terminate-Cause', 'integer'),
    AcctInterimInterval: d.attribute('Acct-Interim-Interval', 'integer'),
    MsChapChallenge: d.attribute('MS-CHAP-Challenge', 'octets'),
    MsChapResponse: d.attribute('MS-CHAP-Response', 'octets'),
    MsChap2Response: d.attribute('MS-CHAP2-Response', 'octets'),
    MsChap2Success: d.attribute('MS-CHAP2-Success', 'octets'),
    MsChapError: d.attribute('MS-CHAP-Error', 'string'),
    MsChapMppeKeys: d.attribute('MS-CHAP-MPPE-Keys', 'octets'),
    MsMppeSendKey: d.attribute('MS-MPPE-Send-Key', 'octets'),
    MsMppeRecvKey: d.attribute('MS-MPPE-Recv-Key', 'octets'),
    MsMppeEncryptionPolicy: d.attribute('MS-MPPE-Encryption-Policy', 'integer'),
    MsMppeEncryptionTypes: d.attribute('MS-MPPE-Encryption-Types', 'integer'),
    MikrotikRateLimit: d.attribute('Mikrotik-Rate-Limit', 'string'),
    ErrorCause: d.attribute('Error-Cause', 'integer'),
    EapMessage: d.attribute('EAP-Message', 'octets'),
  };
}

export type Vocabulary = ReturnType<typeof vocabulary>;
