/** Whether a RADIUS server answers yet: Status-Server (RFC 5997) to its authentication port. */
import { createSocket } from 'node:dgram';
import { decodeResponse, encodeRequest, PacketCode } from '../../radius/src/protocol/packet.ts';
import type { Endpoint } from './target.ts';

/** One Status-Server; true when a verified reply (Access-Accept) comes within `timeoutMs`. */
export async function statusServer(endpoint: Endpoint, timeoutMs = 500): Promise<boolean> {
  const socket = createSocket(endpoint.host.includes(':') ? 'udp6' : 'udp4');
  try {
    const request = encodeRequest(PacketCode.StatusServer, Math.floor(Math.random() * 256), [], endpoint.secret);
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      socket.on('message', (message) => {
        const reply = decodeResponse(message, request, endpoint.secret);
        if (reply.ok) {
          clearTimeout(timer);
          resolve(reply.packet.code === PacketCode.AccessAccept);
        }
      });
      socket.on('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      socket.send(request.raw, endpoint.authPort, endpoint.host);
    });
  } finally {
    socket.close();
  }
}

/**
 * Waits until `endpoint` answers Status-Server. `exited` (when given) reports a server process
 * that ended meanwhile, so a failed start is not mistaken for a slow one.
 */
export async function waitForRadius(endpoint: Endpoint, options: { timeoutMs: number; exited?: () => string | undefined }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const exited = options.exited?.();
    if (exited) throw new Error(exited);
    if (await statusServer(endpoint, 300)) return;
    if (Date.now() > deadline) throw new Error(`${endpoint.name} did not answer Status-Server on ${endpoint.host}:${endpoint.authPort} within ${options.timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A UDP port on 127.0.0.1 that nothing is bound to right now. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
