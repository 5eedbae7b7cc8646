import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { LearnwareError } from '../../../src/engine/errors'
import {
  createDockManifest,
  parseLearnwareYaml,
  PYTHON_SHIM_INIT,
  readLearnwarePackage,
  stringifyLearnwareYaml,
  writeLearnwarePackage
} from '../../../src/engine/learnware'
import {
  beimingwuPythonPackage,
  PYTHON_MODEL_SOURCE,
  sampleOnnxBytes,
  sampleRkme,
  sampleSemanticSpec,
  sampleWriteInput
} from './packageFixtures'
import { utf8 } from './zipBuilder'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function pythonHas(moduleName: string): boolean {
  try {
    execFileSync('python3', ['-c', `import ${moduleName}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('writeLearnwarePackage → readLearnwarePackage', () => {
  it('reads back exactly what was written', async () => {
    const input = sampleWriteInput({ originId: '00000042' })
    const pkg = await readLearnwarePackage(writeLearnwarePackage(input))
    expect(pkg.semanticSpec).toEqual(input.semanticSpec)
    expect(pkg.statSpecs).toEqual([{ type: 'RKMETableSpecification', fileName: 'rkme.json', json: sampleRkme() }])
    expect(pkg.runnable).toBe(true)
    expect(pkg.originId).toBe('00000042')
    if (pkg.model.kind !== 'onnx') throw new Error('expected an ONNX model')
    expect(pkg.model.manifest).toEqual(createDockManifest(input.manifest))
    expect(pkg.model.manifest).toMatchObject({ format: 'learnware-dock/onnx', version: 1, model: 'model.onnx' })
    expect(pkg.model.onnxBytes).toEqual(sampleOnnxBytes())
    expect(pkg.yaml).toEqual({
      model: { class_name: 'Model', module_path: '__init__.py', kwargs: {} },
      stat_specifications: [
        { module_path: 'learnware.specification', class_name: 'RKMETableSpecification', file_name: 'rkme.json', kwargs: {} }
      ],
      id: '00000042',
      semantic_specification: { file_name: 'semantic_specification.json' }
    })
    expect(pkg.files.map((f) => f.name)).toEqual([
      '__init__.py',
      'learnware-dock.json',
      'learnware.yaml',
      'model.onnx',
      'requirements.txt',
      'rkme.json',
      'semantic_specification.json'
    ])
    const model = pkg.files.find((f) => f.name === 'model.onnx')!
    expect(model).toEqual({ name: 'model.onnx', size: 512, sha256: sha256(sampleOnnxBytes()) })
  })

  it('writes the Python shim and requirements Beimingwu needs', () => {
    const files = unzipSync(writeLearnwarePackage(sampleWriteInput()))
    const init = new TextDecoder().decode(files['__init__.py'])
    expect(init).toBe(PYTHON_SHIM_INIT)
    expect(init).toContain('class Model(BaseModel)')
    expect(init).toContain('ort.InferenceSession(')
    expect(new TextDecoder().decode(files['requirements.txt'])).toBe('onnxruntime\nnumpy\n')
  })

  it('is deterministic: same inputs give the same bytes, in any time zone', () => {
    const savedTz = process.env.TZ
    try {
      process.env.TZ = 'UTC'
      const first = writeLearnwarePackage(sampleWriteInput())
      process.env.TZ = 'Asia/Shanghai'
      const second = writeLearnwarePackage(sampleWriteInput())
      process.env.TZ = 'America/Los_Angeles'
      const third = writeLearnwarePackage(sampleWriteInput())
      expect(sha256(second)).toBe(sha256(first))
      expect(sha256(third)).toBe(sha256(first))
    } finally {
      if (savedTz === undefined) delete process.env.TZ
      else process.env.TZ = savedTz
    }
  })

  it('writes image and text specs under their own names and adds a missing type', async () => {
    const { type: _ignored, ...untyped } = sampleRkme('RKMETextSpecification')
    const pkg = await readLearnwarePackage(
      writeLearnwarePackage(
        sampleWriteInput({
          statSpecs: [
            { type: 'RKMETableSpecification', json: sampleRkme() },
            { type: 'RKMETextSpecification', json: { ...untyped, language: ['en'] } }
          ]
        })
      )
    )
    expect(pkg.statSpecs.map((s) => [s.type, s.fileName])).toEqual([
      ['RKMETableSpecification', 'rkme.json'],
      ['RKMETextSpecification', 'rkme_text.json']
    ])
    expect(pkg.statSpecs[1].json).toMatchObject({ type: 'RKMETextSpecification', language: ['en'] })
  })

  it('refuses an invalid semantic spec, a mislabelled stat spec and clashing extra files', () => {
    const badSpec = { ...sampleSemanticSpec(), Task: { Type: 'Class' as const, Values: ['Clasification'] } }
    expect(() => writeLearnwarePackage(sampleWriteInput({ semanticSpec: badSpec }))).toThrow(/Task: "Clasification" is not one of/)
    expect(() =>
      writeLearnwarePackage(sampleWriteInput({ statSpecs: [{ type: 'RKMETableSpecification', json: sampleRkme('RKMEImageSpecification') }] }))
    ).toThrow(/"RKMEImageSpecification" specification labelled RKMETableSpecification/)
    expect(() => writeLearnwarePackage(sampleWriteInput({ extraFiles: { 'MODEL.ONNX': utf8('x') } }))).toThrow(/collides/)
    const twice = { type: 'RKMETableSpecification' as const, json: sampleRkme() }
    expect(() => writeLearnwarePackage(sampleWriteInput({ statSpecs: [twice, { ...twice, fileName: 'b.json' }] }))).toThrow(/only one RKMETableSpecification/)
    expect(() => writeLearnwarePackage(sampleWriteInput({ extraFiles: { '../README.md': utf8('x') } }))).toThrow(/zip slip/)
  })

  it('calls the stat spec hook, passes its LearnwareErrors through and wraps other errors', async () => {
    const zip = writeLearnwarePackage(sampleWriteInput())
    const calls: unknown[][] = []
    await readLearnwarePackage(zip, { validateStatSpec: (...args) => void calls.push(args) })
    expect(calls).toEqual([['RKMETableSpecification', sampleRkme(), 'rkme.json']])

    const own = new LearnwareError('SPEC_DIMENSION_MISMATCH', 'rkme.json: z rows have 3 columns, beta has 2 entries')
    await expect(readLearnwarePackage(zip, { validateStatSpec: () => { throw own } })).rejects.toBe(own)
    await expect(
      readLearnwarePackage(zip, { validateStatSpec: () => { throw new Error('beta must sum to 1') } })
    ).rejects.toMatchObject({ code: 'PACKAGE_INVALID', message: expect.stringMatching(/rkme\.json is not a valid RKMETableSpecification \(beta must sum to 1\)/) })
  })

  it.skipIf(!pythonHas('yaml'))('is readable by Python: zipfile, PyYAML safe_load and the shim parses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lw-python-'))
    try {
      const path = join(dir, 'wine.zip')
      await writeFile(path, writeLearnwarePackage(sampleWriteInput({ originId: '00000042' })))
      const script = [
        'import ast, json, sys, zipfile, yaml',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'ast.parse(z.read("__init__.py").decode("utf-8"))',
        'config = yaml.safe_load(z.read("learnware.yaml"))',
        'print(json.dumps(config, sort_keys=True))'
      ].join('\n')
      const printed = execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })
      expect(JSON.parse(printed)).toEqual({
        id: '00000042',
        model: { class_name: 'Model', kwargs: {}, module_path: '__init__.py' },
        semantic_specification: { file_name: 'semantic_specification.json' },
        stat_specifications: [
          { class_name: 'RKMETableSpecification', file_name: 'rkme.json', kwargs: {}, module_path: 'learnware.specification' }
        ]
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('Beimingwu Python packages are imported inert', () => {
  it('reads specs and files but marks the model not runnable, with the reason', async () => {
    const pkg = await readLearnwarePackage(beimingwuPythonPackage(), { label: 'python.zip' })
    expect(pkg.runnable).toBe(false)
    expect(pkg.model.kind).toBe('python')
    if (pkg.model.kind === 'python') {
      expect(pkg.model.reason).toMatch(/class MyModel in __init__\.py/)
      expect(pkg.model.reason).toMatch(/never runs code/)
    }
    expect(pkg.yaml.model).toEqual({ class_name: 'MyModel', module_path: '__init__.py', kwargs: {} })
    expect(pkg.statSpecs).toEqual([{ type: 'RKMETableSpecification', fileName: 'stat_spec.json', json: sampleRkme() }])
    expect(pkg.semanticSpec).toBeNull()
    expect(pkg.originId).toBeUndefined()
    const init = pkg.files.find((f) => f.name === '__init__.py')!
    expect(init).toEqual({ name: '__init__.py', size: utf8(PYTHON_MODEL_SOURCE).length, sha256: sha256(utf8(PYTHON_MODEL_SOURCE)) })
    expect(pkg.files.map((f) => f.name)).toEqual(['__init__.py', 'learnware.yaml', 'model.pkl', 'requirements.txt', 'stat_spec.json'])
  })

  it('reads a repacked zip: unquoted 8-digit id kept as text, legacy spec given a License', async () => {
    const legacySpec: Record<string, unknown> = { ...sampleSemanticSpec() }
    delete legacySpec.License
    const pkg = await readLearnwarePackage(beimingwuPythonPackage({ id: '00000042', semanticSpec: legacySpec }))
    expect(pkg.originId).toBe('00000042')
    expect(pkg.semanticSpec?.License).toEqual({ Type: 'Class', Values: ['Apache-2.0'] })
    expect(pkg.semanticSpec?.Name.Values).toBe('Wine cultivar')
  })

  it('accepts the legacy RKMEStatSpecification class name as a table spec', async () => {
    const yaml = 'model:\n  class_name: MyModel\n  kwargs: {}\nstat_specifications:\n  - {module_path: learnware.specification, class_name: RKMEStatSpecification, file_name: stat_spec.json, kwargs: {}}\n'
    const pkg = await readLearnwarePackage(beimingwuPythonPackage({ yaml }))
    expect(pkg.statSpecs[0].type).toBe('RKMETableSpecification')
  })

  it('tolerates one wrapping folder, as Beimingwu does', async () => {
    const pkg = await readLearnwarePackage(
      beimingwuPythonPackage({ folder: 'wine/', extraEntries: [{ name: '__MACOSX/wine/._learnware.yaml', data: utf8('x') }] })
    )
    expect(pkg.files.map((f) => f.name)).toContain('learnware.yaml')
    expect(pkg.statSpecs[0].fileName).toBe('stat_spec.json')
  })
})

describe('learnware.yaml', () => {
  it('applies the reference loader defaults', () => {
    expect(parseLearnwareYaml('name: demo\n')).toEqual({
      model: { class_name: 'Model', module_path: '__init__.py', kwargs: {} },
      stat_specifications: [
        { module_path: 'learnware.specification', class_name: 'RKMETableSpecification', file_name: 'stat_spec.json', kwargs: {} }
      ],
      name: 'demo'
    })
  })

  it('merges a partial model section over the defaults', () => {
    const config = parseLearnwareYaml('model:\n  kwargs: {input_shape: [3]}\n')
    expect(config.model).toEqual({ class_name: 'Model', module_path: '__init__.py', kwargs: { input_shape: [3] } })
  })

  it('keeps ids as text whether quoted or not', () => {
    expect(parseLearnwareYaml("id: '00000042'\n").id).toBe('00000042')
    expect(parseLearnwareYaml('id: 00000042\n').id).toBe('00000042')
    expect(parseLearnwareYaml('id: abc123\n').id).toBe('abc123')
  })

  it('round-trips through stringify, quoting values PyYAML would misread', () => {
    const config = parseLearnwareYaml('model:\n  class_name: MyModel\n  kwargs: {mode: "yes", code: "0123"}\nid: "00000042"\n')
    const text = stringifyLearnwareYaml(config)
    expect(text).toContain('id: "00000042"')
    expect(text).toContain('mode: "yes"')
    expect(parseLearnwareYaml(text)).toEqual(config)
  })

  it('refuses a mapping that is not one, with the file named', () => {
    expect(() => parseLearnwareYaml('- just\n- a list\n', 'x.zip: learnware.yaml')).toThrow(/^x\.zip: learnware\.yaml must be a mapping/)
    expect(() => parseLearnwareYaml('')).toThrow(/must be a mapping/)
  })
})
