/**
 * The victim of the crash test: imports, updates and removes learnwares in an endless loop until it is
 * SIGKILLed, reporting each step on stdout (`begin add`, `done add lwd-…`, `begin remove lwd-…` …) so the
 * test knows exactly what had committed and what was in flight. Bundled with esbuild and run as a child
 * process; it is not a test file itself.
 *
 * Usage: node crashImporter.cjs <dockDir> <input.json> <runTag>
 *   input.json = { semanticSpec, statSpecJson, onnxBase64, manifest } of a real package
 */

import { readFileSync, writeSync } from 'node:fs'
import { openDock } from '../../../src/engine/dock'
import { writeLearnwarePackage, type DockManifestInput } from '../../../src/engine/learnware'
import type { SemanticSpec } from '../../../src/engine/spec/semantic'

interface CrashInput {
  semanticSpec: SemanticSpec
  statSpecJson: unknown
  onnxBase64: string
  manifest: DockManifestInput
}

/** Synchronous, so a line is in the pipe before the next step starts. */
function say(line: string): void {
  writeSync(1, `${line}\n`)
}

async function main(): Promise<void> {
  const [dockDir, inputPath, runTag] = process.argv.slice(2)
  const input = JSON.parse(readFileSync(inputPath, 'utf8')) as CrashInput
  const onnxModel = Uint8Array.from(Buffer.from(input.onnxBase64, 'base64'))
  const packageNamed = (name: string) =>
    writeLearnwarePackage({
      semanticSpec: { ...input.semanticSpec, Name: { Type: 'String', Values: name } },
      statSpecs: [{ type: 'RKMETableSpecification', json: input.statSpecJson }],
      onnxModel,
      manifest: input.manifest
    })

  const dock = await openDock(dockDir)
  say('ready')
  let previous: string | undefined
  for (let i = 0; ; i++) {
    say('begin add')
    const { id } = await dock.add(packageNamed(`${runTag} #${i}`))
    say(`done add ${id}`)
    if (i % 5 === 4) {
      say(`begin update ${id}`)
      await dock.update(id, { zip: packageNamed(`${runTag} #${i} v2`) })
      say(`done update ${id}`)
    }
    if (i % 4 === 3 && previous !== undefined) {
      say(`begin remove ${previous}`)
      await dock.remove(previous)
      say(`done remove ${previous}`)
    }
    previous = id
  }
}

main().catch((error: unknown) => {
  say(`error ${error instanceof Error ? error.stack : String(error)}`)
  process.exit(1)
})
