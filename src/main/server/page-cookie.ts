/**
 * The cookie that lets the browser load the lab's page and assets after the tokenised URL was opened.
 *
 * Cookies are not isolated by port: every other server on 127.0.0.1 the browser visits receives them. So the
 * cookie never holds the access token, and it only opens pages and assets (the built renderer), never the API
 * or the event socket, which need the token itself (the page keeps it in sessionStorage). Its name carries the
 * port, so two labs on one machine keep separate cookies; on loopback it is a `__Host-` cookie (Secure, Path=/,
 * no Domain), which browsers accept from http://127.0.0.1 and localhost as they are secure contexts.
 */
import { isLoopbackAddress } from './request-guard';

export interface PageCookie {
  readonly name: string;
  readonly value: string;
  /** The Set-Cookie header value. */
  readonly header: string;
}

export function pageCookie(port: number, boundHost: string, value: string): PageCookie {
  const secure = isLoopbackAddress(boundHost);
  const name = secure ? `__Host-aurora-lab-${port}` : `aurora-lab-${port}`;
  const header = `${name}=${value}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
  return { name, value, header };
}

/** The value of cookie `name` in a Cookie header, if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
