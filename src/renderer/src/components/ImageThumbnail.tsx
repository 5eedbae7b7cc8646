/**
 * One image the engine sent as 0–255 bytes (planar grey or RGB, see ImageThumbnail in the contract), drawn
 * on a canvas at its own size and scaled up by CSS with crisp pixels — no image file is made or fetched.
 *
 * Example:
 *   <ImageThumbnailCanvas thumbnail={view.thumbnails[0]} size={72} />
 */
import { useEffect, useRef } from 'react'
import { base64ToBytes, type ImageThumbnail } from '../../../shared/api'

export function ImageThumbnailCanvas({ thumbnail, size }: { thumbnail: ImageThumbnail; size: number }): React.JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const context = canvas.current?.getContext('2d')
    if (!context) return
    context.putImageData(toImageData(thumbnail), 0, 0)
  }, [thumbnail])
  const scale = size / Math.max(thumbnail.width, thumbnail.height)
  return (
    <canvas
      ref={canvas}
      className="thumb-canvas"
      width={thumbnail.width}
      height={thumbnail.height}
      style={{ width: Math.round(thumbnail.width * scale), height: Math.round(thumbnail.height * scale) }}
      role="img"
      aria-label={`${thumbnail.file}${thumbnail.label ? ` (${thumbnail.label})` : ''}`}
    />
  )
}

function toImageData(thumbnail: ImageThumbnail): ImageData {
  const bytes = base64ToBytes(thumbnail.pixels)
  const area = thumbnail.width * thumbnail.height
  const rgba = new Uint8ClampedArray(area * 4)
  for (let p = 0; p < area; p++) {
    const grey = thumbnail.channels === 1
    rgba[p * 4] = bytes[p]
    rgba[p * 4 + 1] = grey ? bytes[p] : bytes[area + p]
    rgba[p * 4 + 2] = grey ? bytes[p] : bytes[2 * area + p]
    rgba[p * 4 + 3] = 255
  }
  return new ImageData(rgba, thumbnail.width, thumbnail.height)
}
