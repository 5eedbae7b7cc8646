/**
 * The web server's gatekeeping, as plain functions: which Host headers are ours (a page on another site
 * that rebinds its DNS to 127.0.0.1 still sends its own name), whether a request carries the launch's
 * token (compared in constant time), whether a browser request comes from our own origin, and reading a
 * JSON body no bigger than its limit.
 *
 * Example:
 *   isAllowedHost('127.0.0.1:4873', 4873)         // true
 *   isAllowedHost('evil.example:4873', 4873)      // false
 *   tokensMatch(bearerToken(req.headers.authorization), token)
 */

import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { HostError } from '../errors'

/** 32 random bytes as hex: a new one every launch. */
export function createToken(): string {
  return randomBytes(32).toString('hex')
}

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`
}

/** A browser sends Origin on cross-site requests; ours must be the page's own origin (or absent). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '')
  return match ? match[1] : null
}

export function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The cookie a page gets after opening the printed URL (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'learnware_dock_session'

export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return null
}

/** Reads the body as JSON; TOO_LARGE past `limitBytes`, BAD_REQUEST when it is not JSON. Empty → undefined. */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes)
  const chunks: Buffer[] = []
  let received = 0
  for await (const chunk of request) {
    received += (chunk as Buffer).length
    if (received > limitBytes) throw tooLarge(limitBytes)
    chunks.push(chunk as Buffer)
  }
  if (received === 0) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HostError('BAD_REQUEST', 'The request body is not valid JSON', 'Send the arguments as a JSON object.')
  }
}

function tooLarge(limitBytes: number): HostError {
  return new HostError('TOO_LARGE', `The request is larger than ${Math.round(limitBytes / 1024 / 1024)} MiB`, 'Open big files by their path instead of uploading them.')
}
