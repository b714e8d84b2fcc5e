/**
 * Golden RADIUS packets for the protocol tests, each with where it comes from. None was
 * produced by this codec alone: each is a published example, a capture from real equipment, or
 * an exchange that FreeRADIUS's own client verified.
 */

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** RFC 2865 §7.1 "User Telnet to Specified Host": secret xyzzy5461, password "arctangent". */
export const rfc2865 = {
  secret: 'xyzzy5461',
  password: 'arctangent',
  accessRequest: hex(`
    01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb
    98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d
    93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8
    01 10 05 06 00 00 00 03`),
  /** The reply: Service-Type = Login-User, Login-Service = Telnet, Login-IP-Host = 192.168.1.3. */
  accessAccept: hex(`
    02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf
    9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00
    0e 06 c0 a8 01 03`),
};

/**
 * Captures from real NASes (Aruba, Cisco WLC, Motorola AP) and their replies, shipped as the
 * test data of the npm `radius` package (node-radius) 1.1.4, test/captures/*.packet.
 *
 * Copyright (c) 2012, Nearbuy Systems. All rights reserved.
 * Redistribution and use in source and binary forms, with or without modification, are
 * permitted provided that the following conditions are met: Redistributions of source code must
 * retain the above copyright notice, this list of conditions and the following disclaimer.
 * Redistributions in binary form must reproduce the above copyright notice, this list of
 * conditions and the following disclaimer in the documentation and/or other materials provided
 * with the distribution. Neither the name of Nearbuy Systems nor the names of its contributors
 * may be used to endorse or promote products derived from this software without specific prior
 * written permission. THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS
 * IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO
 * EVENT SHALL NEARBUY SYSTEMS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 * EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE
 * GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND
 * ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
 * NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED
 * OF THE POSSIBILITY OF SUCH DAMAGE.
 */
export const captures = {
  secret: 'nearbuy',
  /** Aruba MAC authentication with Message-Authenticator; User-Password is the MAC. */
  arubaMacAuth: hex(
    '013a00d04a45fae086d9e114286b37b5f371ec6c04060a00005a0506000000003d0600000013011337633a63353a33373a66663a66383a61660222eb2ef7e83ec1a05e04fb5c6d91e088569a990fa2b1b2dc6a0f048596081164cd1f0e3743433533374646463841461e0e3030304238364630323036380606000000011a18000039e705126d7569722d61727562612d67756573741a19000039e7061330303a31613a31653a63363a62303a63611a10000039e70a0a636c6f75642d63705012f8a12329c7ed5a6e2568515243efb918',
  ),
  /** Cisco WLC MAC authentication (no Message-Authenticator) and the Access-Reject it got. */
  ciscoMacAuth: hex(
    '01b900c500000000000000000000000000000000011337633a63353a33373a66663a66383a61661e2430303a31373a30663a32303a31383a34303a6d7569722d636973636f2d67756573741f1337633a63353a33373a66663a66383a616605060000000104060a000302200c636973636f2d323130361a0c000037630106000000030222451bb704b3957e7934181dd97141a48abed0136d9fb07fbd575dfbff535aba6f06060000000a0c06000005143d060000001340060000000d410600000006510335',
  ),
  ciscoMacAuthReject: hex('03b900141a166dd5e5e7a8c5f293a572a09120c4'),
  /** Cisco WLC Accounting-Request (Start, tagged Tunnel-* attributes) and its Accounting-Response. */
  ciscoAccounting: hex(
    '041200c29985504ef9aae54d5d5d5df07b848863011c757365725f37433a43353a33373a46463a46383a41465f31333405060000000104060a00030408060a0200fc2015436973636f20343430302028416e63686f72291a0c000037630106000000022c1e34666563633431652f37633a63353a33373a66663a66383a61662f392d060000000140060000000d4106000000065103352806000000011f1337633a63353a33373a66663a66383a61661e1330303a32323a35353a39303a33393a3630',
  ),
  ciscoAccountingResponse: hex('051200147200b91c3821f6c71db3e82d7bfd0029'),
  /** Motorola AP Accounting-Request with Event-Timestamp 1349879753. */
  motorolaAccounting: hex(
    '040000d0e244217c1a7e58ed1d1269025b2b4c80011330302d31462d33422d38432d33412d31352806000000012c2231393730443541342d3030314633423843334131352d303030303030303030311f1330302d31462d33422d38432d33412d31351e2942342d43372d39392d37372d35392d44303a6d7569722d6d6f746f2d67756573742d73697465310506000000013d060000001304060a020003200f6170363533322d3730443541345708726164696f323706507587c940060000000d410600000006510433302d0600000001',
  ),
  /** Meraki EAP (PEAP ClientHello) Access-Request with Message-Authenticator; secret testing123. */
  eapRequestSecret: 'testing123',
  eapRequest: hex(
    '010c018ce53ff75628b462165e73246b3021f44d0107737465766504060a0201f10506000000001e2230302d31382d30412d33362d41332d33343a6e6561726275792d6d6572616b691f1330302d31462d33422d38432d33412d31350c06000005783d06000000134d17434f4e4e45435420304d627073203830322e3131624fe9028f00e71980000000dd16030100d8010000d4030152856e0c8bc0050624988a99e7b355254ce662e036f53d93c152958f469a1279000066c014c00ac022c0210039003800880087c00fc00500350084c012c008c01cc01b00160013c00dc003000ac013c009c01fc01e00330032009a009900450044c00ec004002f00960041c011c007c00cc002000500040015001200090014001100080006000300ff01000045000b000403000102000a00340032000e000d0019000b000c00180009000a00160017000800060007001400150004000500120013000100020003000f00100011000f000101181257f6163156790f7094c5de7424a718fa5012db18aab3926c1fb424683f063218f582',
  ),
};

/**
 * Packets asserted valid (secret xyzzy5461) by the tests of Flexinets.Radius (MIT), a C#
 * implementation: a Status-Server with Message-Authenticator and an Accounting-Request.
 */
export const flexinets = {
  secret: 'xyzzy5461',
  statusServer: hex('0cda00268a54f4686fb394c52866e302185d062350125a665e2e1e8411f3e243822097c84fa3'),
  accountingRequest: hex('0404002711019c27d4e00cbc523b3e2fc834baf401066e656d6f2806000000012c073230303234'),
};

/**
 * An exchange with FreeRADIUS 3.2.1's `radclient` (Debian freeradius-utils), secret
 * testing123. The requests are radclient's; each reply was built by this codec and accepted by
 * radclient, which verified the Response Authenticator and Message-Authenticator and decoded
 * the reply as noted (it prints "Reply verification failed" when either is wrong; checked by
 * flipping one octet). So the replies are FreeRADIUS-verified golden output.
 */
export const radclient = {
  secret: 'testing123',
  /**
   * Access-Request: User-Name "nemo", User-Password "a-password-longer-than-16-bytes",
   * NAS-IP-Address 10.0.0.1, Message-Authenticator, Proxy-State 0x01020304.
   */
  accessRequest: hex(
    '017f005a28c0be7d67d23a12e1df603b7104530501066e656d6f022215a11fd5bc38924cbb7d18de970c3d94cdb88618fe9d5b7cbf1ebe666d71683c04060a000001501260dc36937344bccec7e8f0025c905f4f210601020304',
  ),
  accessRequestPassword: 'a-password-longer-than-16-bytes',
  /**
   * The Access-Accept radclient decoded as: Message-Authenticator, Framed-IP-Address 100.64.3.17,
   * Session-Timeout 86400, Acct-Interim-Interval 300, Class "plan=42", Mikrotik-Rate-Limit
   * "10M/50M", Mikrotik-Address-List "active", MS-MPPE-Send-Key 0x8b7cdc14…dccb,
   * MS-MPPE-Recv-Key 0xd5f0e952…2226, MS-MPPE-Encryption-Policy Encryption-Allowed (1),
   * MS-MPPE-Encryption-Types 6, MS-CHAP-MPPE-Keys 0x0000000000000000 41c00c58…9f3f,
   * Tunnel-Type:1 VLAN, Tunnel-Medium-Type:1 IEEE-802, Tunnel-Private-Group-Id:1 "100",
   * Tunnel-Password:1 "vlan-secret", Framed-IPv6-Prefix 2001:db8:1::/48, Reply-Message
   * "welcome", Proxy-State 0x01020304. The three `encrypt=2` salts were 0xcb7b, 0xcb7c, 0xcb7d.
   */
  accessAccept: hex(
    '027f0132306ea684918d05ab5846227000c374f450128647c88c4909f962533a1537fdbd7fa70806644003111b060001518055060000012c1909706c616e3d34321a0f00003a8c080931304d2f35304d1a0e00003a8c13086163746976651a2a000001371024cb7b9e509be2e7f15fab4a779d9e1d8ee9bc7098404a6ad0f316293bacb5fb796c351a2a000001371124cb7c05beda82dd8e1f51756303bac8fe4ef6bab4014ebcf116d28df18ccdb690c7181a0c000001370706000000011a0c000001370806000000061a28000001370c22748c6fb4cf4be52388d939eab3b083ed7c98346cf6cf12121299e9a3dbc7b70240060100000d410601000006510601313030451501cb7d3c2b2696b5129e162eb01cb4a9eb4cc4610a003020010db80001120977656c636f6d65210601020304',
  ),
  /** Accounting-Request (Start, Event-Timestamp 1700000000) with Message-Authenticator; and our reply. */
  accountingRequest: hex(
    '04d0004814be79b5a44395bd5742d72efc5a113901066e656d6f2806000000012c0a383161303030326204060a00000150125670fc1a42ee9a4153ac97e19c965e2d37066553f100',
  ),
  accountingResponse: hex('05d00026e419372edae139e43438de1b996c69eb5012e6c7a06a34e0ef6b35bec7337c76eec4'),
  /** CoA-Request (Mikrotik-Rate-Limit "5M/5M") with Message-Authenticator; and our CoA-ACK. */
  coaRequest: hex(
    '2b930043150c320b82a8e687c5cf7d46743708fb01066e656d6f2c0a38316130303032621a0d00003a8c0807354d2f354d501274879547a4be95b3805e8da1df440571',
  ),
  coaAck: hex('2c9300262d7a9363987b9074b5ca79aec9e02ec650121e3bdf87bdfc7ab4e53763d6dc53497c'),
  /** Disconnect-Request without Message-Authenticator; and our Disconnect-ACK. */
  disconnectRequest: hex('28a5002454c934d8a96308d22d403efbc1948c4001066e656d6f2c0a3831613030303262'),
  disconnectAck: hex('29a50026b1014d45d64d9803b87b01497007c2895012d4139d561614fd604f04311352828e21'),
  /** Status-Server to the authentication port and our Access-Accept. */
  statusServerAuth: hex('0c5c002616c99d16e296bebf531b4fb2260e9f365012746875768efee955f578de2fdfa40d0d'),
  statusServerAuthReply: hex('025c0026f5f9b30795b03f221d4b699ce332361e50127184aaad3dab19c7a2c2cf5a698eed4d'),
  /** Status-Server to the accounting port and our Accounting-Response. */
  statusServerAcct: hex('0ce90026cb97744087c37620552550354c6bf6c05012d67a0271ee6ac70d025bb5fae9cef0fb'),
  statusServerAcctReply: hex('05e90026fe054eacaa6731c1447b3c128da7af435012a9872cbdb04a53b49dc7ea06a131032f'),
};

/** More radclient (FreeRADIUS 3.2.1) Access-Requests, secret testing123, computed by radclient from a cleartext password. */
export const radclientAuth = {
  secret: 'testing123',
  /** User-Name "bob", CHAP-Password for "hello-chap"; the challenge is the Request Authenticator. */
  chapRequest: hex('0176002c82d0880078eca241aa33db7a14d2dbef0105626f620313b912c88a401af549b27574704811078710'),
  chapPassword: 'hello-chap',
  /** User-Name "bob", MS-CHAP-Challenge + MS-CHAP-Response (MS-CHAPv1, NT response) for "hello-mschap". */
  msChapV1Request: hex(
    '01ba0063991a8c0bdeacdb00a5460b0c9ba43a880105626f621a10000001370b0ab172893b13173c631a3a0000013701340001000000000000000000000000000000000000000000000000a97f9488c5246659517df34884c62eb21b12af5a6299dac1',
  ),
  msChapV1Password: 'hello-mschap',
};
