import { compile } from '@fastify/proxy-addr';
import type { IncomingHttpHeaders } from 'node:http';
import type { ExchangeClient } from '../records/types.js';
import type { ServerConfig } from '../config/schema.js';

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1; records use the plain form. */
export function normaliseIp(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  // Bounded, printable values only: these end up in records, dashboards and shared intel.
  return value && value.length <= 512 && /^[\x20-\x7e]+$/.test(value) ? value : undefined;
};

/**
 * Works out the client facts of a request. The address honours X-Forwarded-For only when the
 * direct peer is a configured trusted proxy (Fastify's `request.ip`, given the same trust list);
 * the TLS fingerprint, device, ASN and country headers are taken on the same condition, because an
 * untrusted client could otherwise put anything there.
 */
export class ClientInfoReader {
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(private readonly config: Pick<ServerConfig, 'trustedProxies' | 'clientHeaders'>) {
    this.trust = compile(config.trustedProxies);
  }

  read(ip: string, peerAddress: string | undefined, headers: IncomingHttpHeaders): ExchangeClient {
    const client: ExchangeClient = { ip: normaliseIp(ip) };
    const userAgent = headerValue(headers, 'user-agent');
    if (userAgent) client.user_agent = userAgent;
    if (peerAddress && this.config.trustedProxies.length > 0 && this.trust(peerAddress, 0)) {
      const names = this.config.clientHeaders;
      const tls = headerValue(headers, names.tlsFingerprint);
      if (tls) client.tls_fp = tls;
      const device = headerValue(headers, names.deviceId);
      if (device) client.device_id = device;
      const asn = headerValue(headers, names.asn);
      if (asn && /^\d{1,10}$/.test(asn)) client.asn = Number(asn);
      const country = headerValue(headers, names.country);
      if (country && /^[A-Z]{2}$/.test(country)) client.country = country;
    }
    return client;
  }
}
