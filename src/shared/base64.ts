/**
 * Bytes → base64 without Node's Buffer or the DOM's btoa, so the web UI can send a file picked in a file
 * input (`{ kind: 'bytes', fileName, base64 }`) and tests can do the same.
 *
 * Example:
 *   const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()))
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  const chunk = 3 * 16_384
  for (let start = 0; start < bytes.length; start += chunk) {
    const end = Math.min(bytes.length, start + chunk)
    let text = ''
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]
      const b = i + 1 < end ? bytes[i + 1] : 0
      const c = i + 2 < end ? bytes[i + 2] : 0
      const triple = (a << 16) | (b << 8) | c
      text += ALPHABET[(triple >> 18) & 63] + ALPHABET[(triple >> 12) & 63]
      text += i + 1 < end ? ALPHABET[(triple >> 6) & 63] : '='
      text += i + 2 < end ? ALPHABET[triple & 63] : '='
    }
    parts.push(text)
  }
  return parts.join('')
}
