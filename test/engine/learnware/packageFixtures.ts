/**
 * Valid learnware packages and their parts, built in code so every test states what it starts from:
 * our own ONNX package inputs and a Beimingwu-style Python package (template layout: `__init__.py` with
 * a model class, learnware.yaml, stat_spec.json, requirements.txt, a pickle).
 *
 * Example:
 *   const zip = writeLearnwarePackage(sampleWriteInput())
 *   const python = beimingwuPythonPackage({ id: '00000042' })
 */

import { generateSemanticSpec } from '../../../src/engine/spec/semantic'
import type { WriteLearnwarePackageInput } from '../../../src/engine/learnware'
import { buildZip, utf8, type RawZipEntry } from './zipBuilder'

export function sampleSemanticSpec() {
  return generateSemanticSpec({
    name: 'Wine cultivar',
    description: 'Predicts the cultivar of a wine from 3 chemical measurements',
    data: 'Table',
    task: 'Classification',
    library: 'Scikit-learn',
    scenarios: ['Agriculture'],
    license: 'MIT',
    input: { dimension: 3, descriptions: ['alcohol', 'malic acid', 'ash'] },
    output: { dimension: 3, descriptions: ['cultivar 1', 'cultivar 2', 'cultivar 3'] }
  })
}

export function sampleRkme(type = 'RKMETableSpecification'): Record<string, unknown> {
  return {
    z: [
      [0.12, -1.5, 3.25],
      [1e-7, 2.5, -0.75]
    ],
    beta: [0.4, 0.6],
    gamma: 0.1,
    num_points: 150,
    type
  }
}

/** Stand-in model bytes: the package layer never parses ONNX, the runtime does. */
export function sampleOnnxBytes(): Uint8Array {
  return Uint8Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)
}

export function sampleWriteInput(overrides: Partial<WriteLearnwarePackageInput> = {}): WriteLearnwarePackageInput {
  return {
    semanticSpec: sampleSemanticSpec(),
    statSpecs: [{ type: 'RKMETableSpecification', json: sampleRkme() }],
    onnxModel: sampleOnnxBytes(),
    manifest: {
      input: { name: 'input', shape: [null, 3], dtype: 'float32' },
      output: { name: 'probabilities', shape: [null, 3], kind: 'probabilities' },
      labels: ['cultivar 1', 'cultivar 2', 'cultivar 3'],
      preprocessing: { kind: 'standardize', mean: [13, 2.3, 2.4], scale: [0.8, 1.1, 0.3] }
    },
    ...overrides
  }
}

export const PYTHON_MODEL_SOURCE = `import os
import pickle
from learnware.model import BaseModel


class MyModel(BaseModel):
    def __init__(self):
        super(MyModel, self).__init__(input_shape=(3,), output_shape=(1,))
        raise SystemExit("this file must never be executed by Learnware Dock")

    def predict(self, X):
        return self.model.predict(X)
`

export interface PythonPackageOptions {
  /** Beimingwu id and legacy semantic spec, as in a zip downloaded from a dock. */
  id?: string
  semanticSpec?: unknown
  /** Prefix every entry, e.g. `wine/`, as zips made by "compress folder" do. */
  folder?: string
  yaml?: string
  statSpec?: string
  extraEntries?: RawZipEntry[]
}

export function beimingwuPythonPackage(options: PythonPackageOptions = {}): Uint8Array {
  const prefix = options.folder ?? ''
  let yaml =
    options.yaml ??
    [
      'model:',
      '  class_name: MyModel',
      '  kwargs: {}',
      'stat_specifications:',
      '  - module_path: learnware.specification',
      '    class_name: RKMETableSpecification',
      '    file_name: stat_spec.json',
      '    kwargs: {}',
      ''
    ].join('\n')
  const entries: RawZipEntry[] = [
    { name: `${prefix}__init__.py`, data: utf8(PYTHON_MODEL_SOURCE) },
    { name: `${prefix}stat_spec.json`, data: utf8(options.statSpec ?? JSON.stringify(sampleRkme())) },
    { name: `${prefix}requirements.txt`, data: utf8('scikit-learn==1.2.2\nnumpy\n') },
    { name: `${prefix}model.pkl`, data: Uint8Array.from([0x80, 0x04, 0x95, 0x00, 0x2e]), method: 0 }
  ]
  if (options.id !== undefined) {
    yaml += `id: ${options.id}\nsemantic_specification:\n  file_name: semantic_specification.json\n`
    entries.push({ name: `${prefix}semantic_specification.json`, data: utf8(JSON.stringify(options.semanticSpec ?? {})) })
  }
  entries.push({ name: `${prefix}learnware.yaml`, data: utf8(yaml) })
  return buildZip([...entries, ...(options.extraEntries ?? [])])
}
