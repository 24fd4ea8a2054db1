/**
 * HTTPS or plain HTTP for a registry whose `plain_http` is not set. Like Docker, a registry on
 * this machine's loopback (127.0.0.0/8, ::1, localhost) may speak plain HTTP: HTTPS is tried
 * first and, when the TLS handshake itself fails (the server speaks plain HTTP), HTTP is used.
 * Any other registry is HTTPS unless `plain_http: true`.
 */
import { HttpError, httpRequest, type TlsOptions } from '../../engine/modules/module-api';

/** `127.0.0.1:5000` → true, `[::1]:5000` → true, `localhost` → true, `10.0.0.5` → false. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.split(':')[0];
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether to speak plain HTTP to `registry` (`apiHost` already applied). */
export async function usePlainHttp(registry: string, plainHttp: boolean | undefined, tls: TlsOptions, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (plainHttp !== undefined) return plainHttp;
  if (!isLoopbackRegistry(registry)) return false;
  try {
    const response = await httpRequest({ method: 'GET', url: `https://${registry}/v2/`, tls, timeoutMs, signal, maxRedirects: 0 });
    response.body.resume();
    return false;
  } catch (error) {
    if (signal?.aborted) throw error;
    // Only a server that does not speak TLS at all sends us to HTTP; a certificate problem stays
    // on HTTPS, where the real request reports it.
    return error instanceof HttpError && error.status === undefined && /EPROTO|wrong version number|packet length too long|ECONNRESET/i.test(error.message);
  }
}
