/**
 * `outputSave`: writes a spec JSON, a package zip or a bundle the engine made to the path the user chose.
 * An existing file is only replaced when asked (`overwrite: true`).
 */

import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { HandlerImplementations } from '../../shared/api'
import { HostError } from '../errors'
import type { EngineHost } from '../engineHost'

export function outputHandlers(host: EngineHost): Pick<HandlerImplementations, 'outputSave'> {
  return {
    outputSave: async ({ outputId, path, overwrite }) => {
      const output = host.outputs.get(outputId)
      const target = resolve(path)
      try {
        await writeFile(target, output.bytes, { flag: overwrite ? 'w' : 'wx' })
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code
        if (code === 'EEXIST') throw new HostError('FILE_EXISTS', `${target} already exists`, 'Choose another name, or allow replacing the file.')
        if (code === 'ENOENT') throw new HostError('IO_WRITE_FAILED', `Cannot save ${target}: its folder does not exist`, 'Choose an existing folder.')
        if (code === 'EISDIR') throw new HostError('IO_WRITE_FAILED', `Cannot save ${target}: it is a folder`, 'Add a file name to the path.')
        throw new HostError('IO_WRITE_FAILED', `Cannot save ${target} (${code ?? 'write failed'})`, 'Check that the folder is writable.')
      }
      return { path: target, bytes: output.bytes.byteLength }
    }
  }
}
