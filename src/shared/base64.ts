/**
 * Bytes → base64 without Node's Buffer or the DOM's btoa, so the web UI can send a file picked in a file
 * input (`{ kind: 'bytes', fileName, base64 }`) and tests can do the same; and back, for the image
 * thumbnails the engine sends as 0–255 bytes.
 *
 * Example:
 *   const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()))
 *   base64ToBytes(thumbnail.pixels)   // Uint8Array of width × height × channels
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

const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

/** Base64 → bytes (padding optional; other characters are an error), for thumbnails the UI draws. */
export function base64ToBytes(base64: string): Uint8Array {
  const text = base64.replace(/=+$/, '')
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4))
  let bits = 0
  let buffer = 0
  let out = 0
  for (let i = 0; i < text.length; i++) {
    const value = text.charCodeAt(i) < 128 ? DECODE[text.charCodeAt(i)] : -1
    if (value < 0) throw new Error(`Not base64: character ${i + 1} is "${text[i]}"`)
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[out++] = (buffer >> bits) & 0xff
    }
  }
  return bytes
}
