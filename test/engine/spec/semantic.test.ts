import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLearnwareError } from '../../../src/engine/errors'
import {
  assertValidSemanticSpec,
  DATA_TYPES,
  generateSemanticSpec,
  LIBRARY_TYPES,
  LICENSES,
  normalizeSemanticSpec,
  SCENARIOS,
  SemanticSpecInvalidError,
  TASK_TYPES,
  validateSemanticSpec,
  type SemanticSpec,
  type SemanticSpecInput
} from '../../../src/engine/spec/semantic'

const wineInput: SemanticSpecInput = {
  name: 'Wine cultivar',
  description: 'Predicts the cultivar of a wine from 13 chemical measurements',
  data: 'Table',
  task: 'Classification',
  library: 'Scikit-learn',
  scenarios: ['Agriculture', 'Business'],
  license: 'MIT',
  input: { dimension: 13, descriptions: ['alcohol', 'malic acid'] },
  output: { dimension: 3, descriptions: { 0: 'cultivar 1', 2: 'cultivar 3' } }
}

/** A valid spec to break one field at a time. */
function validSpec(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(generateSemanticSpec(wineInput)))
}

function problemsOf(mutate: (spec: Record<string, any>) => void) {
  const spec = validSpec()
  mutate(spec)
  return validateSemanticSpec(spec)
}

describe('semantic vocabulary', () => {
  it('lists exactly the values of Beimingwu semantic_config', () => {
    expect(DATA_TYPES).toEqual(['Table', 'Image', 'Text'])
    expect(TASK_TYPES).toEqual([
      'Classification',
      'Regression',
      'Feature Extraction',
      'Segmentation',
      'Object Detection',
      'Others'
    ])
    expect(LIBRARY_TYPES).toEqual(['Scikit-learn', 'PyTorch', 'TensorFlow', 'Others'])
    expect(SCENARIOS).toHaveLength(15)
    expect(LICENSES).toHaveLength(14)
    expect(LICENSES).toContain('CC-BY-SA-4.0')
  })
})

describe('generateSemanticSpec', () => {
  it('produces the Beimingwu JSON shape exactly', () => {
    const spec = generateSemanticSpec(wineInput)
    expect(spec).toEqual({
      Data: { Type: 'Class', Values: ['Table'] },
      Task: { Type: 'Class', Values: ['Classification'] },
      Library: { Type: 'Class', Values: ['Scikit-learn'] },
      License: { Type: 'Class', Values: ['MIT'] },
      Scenario: { Type: 'Tag', Values: ['Agriculture', 'Business'] },
      Name: { Type: 'String', Values: 'Wine cultivar' },
      Description: { Type: 'String', Values: 'Predicts the cultivar of a wine from 13 chemical measurements' },
      Input: { Dimension: 13, Description: { '0': 'alcohol', '1': 'malic acid' } },
      Output: { Dimension: 3, Description: { '0': 'cultivar 1', '2': 'cultivar 3' } }
    })
    expect(Object.keys(spec)).toEqual([
      'Data',
      'Task',
      'Library',
      'License',
      'Scenario',
      'Name',
      'Description',
      'Input',
      'Output'
    ])
  })

  it('accepts a single string for scenarios and license, and omits Input/Output when not given', () => {
    const spec = generateSemanticSpec({
      ...wineInput,
      data: 'Image',
      task: 'Segmentation',
      scenarios: 'Health',
      license: 'Apache-2.0',
      input: undefined,
      output: undefined
    })
    expect(spec.Scenario).toEqual({ Type: 'Tag', Values: ['Health'] })
    expect(spec.License).toEqual({ Type: 'Class', Values: ['Apache-2.0'] })
    expect('Input' in spec).toBe(false)
    expect('Output' in spec).toBe(false)
  })

  it('round-trips valid examples through JSON, normalize and validate', () => {
    const examples: SemanticSpec[] = [
      generateSemanticSpec(wineInput),
      generateSemanticSpec({ ...wineInput, task: 'Regression', output: { dimension: 1 } }),
      generateSemanticSpec({
        ...wineInput,
        data: 'Text',
        task: 'Feature Extraction',
        library: 'PyTorch',
        input: undefined,
        output: undefined
      })
    ]
    for (const spec of examples) {
      const reread = normalizeSemanticSpec(JSON.stringify(spec))
      expect(reread).toEqual(spec)
      expect(validateSemanticSpec(reread)).toEqual([])
      expect(() => assertValidSemanticSpec(reread)).not.toThrow()
    }
  })
})

describe('validateSemanticSpec rules (each failure names its field)', () => {
  const taskList = 'Classification, Regression, Feature Extraction, Segmentation, Object Detection, Others'

  it('rejects a Class value outside the vocabulary, listing the allowed values', () => {
    const problems = problemsOf((s) => (s.Task.Values = ['Clasification']))
    expect(problems).toEqual([{ field: 'Task', message: `Task: "Clasification" is not one of ${taskList}` }])
  })

  it('rejects a missing field', () => {
    const problems = problemsOf((s) => delete s.Library)
    expect(problems[0].field).toBe('Library')
    expect(problems[0].message).toMatch(/^Library is missing; choose one of Scikit-learn, PyTorch/)
  })

  it('rejects missing Values', () => {
    const problems = problemsOf((s) => delete s.Data.Values)
    expect(problems[0]).toMatchObject({ field: 'Data.Values' })
    expect(problems[0].message).toMatch(/^Data\.Values is missing; choose one of Table, Image, Text/)
  })

  it('rejects a wrong Type', () => {
    const problems = problemsOf((s) => (s.Scenario.Type = 'Class'))
    expect(problems).toEqual([{ field: 'Scenario.Type', message: 'Scenario.Type must be "Tag" (got "Class")' }])
  })

  it('rejects a Class field with zero or several values', () => {
    expect(problemsOf((s) => (s.Data.Values = []))[0].message).toBe(
      'Data: choose exactly one of Table, Image, Text (got none)'
    )
    expect(problemsOf((s) => (s.License.Values = ['MIT', 'Apache-2.0']))[0].message).toMatch(
      /^License: choose exactly one of MIT, Apache-2.0, .*\(got 2: "MIT", "Apache-2.0"\)$/
    )
  })

  it('rejects Values that are not a list for Class and Tag fields', () => {
    const problems = problemsOf((s) => (s.Library.Values = 'PyTorch'))
    expect(problems[0].field).toBe('Library')
    expect(problems[0].message).toMatch(/^Library\.Values must be a list drawn from Scikit-learn, PyTorch/)
  })

  it('rejects an empty Tag field and unknown tags', () => {
    expect(problemsOf((s) => (s.Scenario.Values = []))[0].message).toMatch(/^Scenario: choose at least one of Business, /)
    const problems = problemsOf((s) => (s.Scenario.Values = ['Business', 'Space', 7]))
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Scenario: "Space" is not one of Business, Financial/),
      expect.stringMatching(/^Scenario: 7 is not one of Business, /)
    ])
  })

  it('rejects empty or non-text Name and Description', () => {
    expect(problemsOf((s) => (s.Name.Values = ''))).toEqual([{ field: 'Name', message: 'Name must not be empty' }])
    expect(problemsOf((s) => (s.Description.Values = ['x']))).toEqual([
      { field: 'Description', message: 'Description must be text (got a list ["x"])' }
    ])
  })

  it('rejects a field that is not an object', () => {
    const problems = problemsOf((s) => (s.Data = 'Table'))
    expect(problems[0].field).toBe('Data')
    expect(problems[0].message).toMatch(/^Data must be an object like \{"Type": "Class"/)
  })

  it('requires Input when Data is Table', () => {
    const problems = problemsOf((s) => delete s.Input)
    expect(problems).toHaveLength(1)
    expect(problems[0].field).toBe('Input')
    expect(problems[0].message).toMatch(/^Input is required when Data is Table/)
  })

  it('does not require Input for Image or Text data', () => {
    expect(
      problemsOf((s) => {
        s.Data.Values = ['Image']
        delete s.Input
      })
    ).toEqual([])
  })

  it('requires Output for Classification and Regression, not for other tasks', () => {
    expect(problemsOf((s) => delete s.Output)[0].message).toMatch(/^Output is required when Task is Classification/)
    const regression = problemsOf((s) => {
      s.Task.Values = ['Regression']
      delete s.Output
    })
    expect(regression[0].message).toMatch(/^Output is required when Task is Regression/)
    expect(
      problemsOf((s) => {
        s.Task.Values = ['Others']
        delete s.Output
      })
    ).toEqual([])
  })

  it('requires Classification Output dimension > 1 but allows Regression dimension 1', () => {
    const problems = problemsOf((s) => (s.Output = { Dimension: 1, Description: {} }))
    expect(problems).toEqual([
      {
        field: 'Output.Dimension',
        message: 'Output.Dimension: a Classification task must have dimension > 1 (the number of classes) (got 1)'
      }
    ])
    expect(
      problemsOf((s) => {
        s.Task.Values = ['Regression']
        s.Output = { Dimension: 1, Description: { '0': 'price' } }
      })
    ).toEqual([])
  })

  it('rejects a Dimension that is not a whole number', () => {
    const problems = problemsOf((s) => (s.Input.Dimension = '13'))
    expect(problems[0].field).toBe('Input.Dimension')
    expect(problems[0].message).toMatch(/^Input\.Dimension: must be a whole number ≥ 1 \(got "13"\)/)
  })

  it('rejects description keys outside [0, Dimension) and non-index keys', () => {
    const problems = problemsOf((s) => (s.Input.Description = { '13': 'x', '-1': 'y', age: 'z', '12': 'ok' }))
    expect(problems.map((p) => p.field)).toEqual(['Input.Description.13', 'Input.Description.-1', 'Input.Description.age'])
    for (const p of problems) expect(p.message).toMatch(/^Input\.Description: key ".*" is not an index in \[0, 13\)$/)
  })

  it('rejects description values that are not strings', () => {
    const problems = problemsOf((s) => (s.Output.Description = { '0': 'a', '1': 2 }))
    expect(problems).toEqual([{ field: 'Output.Description.1', message: 'Output.Description["1"] must be text (got 2)' }])
  })

  it('rejects a Description block that is not an object', () => {
    const problems = problemsOf((s) => (s.Input.Description = ['alcohol']))
    expect(problems[0].field).toBe('Input.Description')
    expect(problems[0].message).toMatch(/^Input\.Description must be an object mapping index to text/)
  })

  it('accepts index keys the way Python int() reads them', () => {
    expect(problemsOf((s) => (s.Input.Description = { ' 1 ': 'a', '+2': 'b', '1_0': 'c' }))).toEqual([])
  })

  it('reports every problem at once, not just the first', () => {
    const problems = problemsOf((s) => {
      s.Task.Values = ['Clasification']
      s.Name.Values = ''
      delete s.Input
    })
    expect(problems.map((p) => p.field)).toEqual(['Task', 'Name', 'Input'])
  })

  it('rejects something that is not an object', () => {
    expect(validateSemanticSpec(null)).toEqual([{ field: '(root)', message: 'Semantic specification must be a JSON object' }])
  })
})

describe('assertValidSemanticSpec', () => {
  it('throws SEMANTIC_INVALID whose message names every field and lists allowed values', () => {
    const spec = validSpec()
    ;(spec.Task as any).Values = ['Clasification']
    ;(spec.Name as any).Values = ''
    let thrown: unknown
    try {
      assertValidSemanticSpec(spec)
    } catch (error) {
      thrown = error
    }
    expect(isLearnwareError(thrown)).toBe(true)
    expect(thrown).toBeInstanceOf(SemanticSpecInvalidError)
    const error = thrown as SemanticSpecInvalidError
    expect(error.code).toBe('SEMANTIC_INVALID')
    expect(error.message).toContain('2 problems')
    expect(error.message).toContain('Task: "Clasification" is not one of Classification, Regression')
    expect(error.message).toContain('Name must not be empty')
    expect(error.problems).toHaveLength(2)
  })
})

describe('normalizeSemanticSpec', () => {
  it('gives legacy specs without License the Apache-2.0 default', () => {
    const legacy = validSpec()
    delete legacy.License
    const spec = normalizeSemanticSpec(legacy)
    expect(spec.License).toEqual({ Type: 'Class', Values: ['Apache-2.0'] })
    expect(validateSemanticSpec(spec)).toEqual([])
  })

  it('wraps a bare string in a list for Class and Tag fields, and keeps unknown keys', () => {
    const raw = { ...validSpec(), learnware_id: { Values: '00000123' } } as Record<string, any>
    raw.Scenario.Values = 'Business'
    raw.License.Values = 'MIT'
    const spec = normalizeSemanticSpec(raw)
    expect(spec.Scenario.Values).toEqual(['Business'])
    expect(spec.License.Values).toEqual(['MIT'])
    expect(spec.learnware_id).toEqual({ Values: '00000123' })
  })

  it('parses Input given as JSON text, drops empty {} blocks, and fills missing fields as empty', () => {
    const raw = validSpec() as Record<string, any>
    raw.Input = JSON.stringify({ Dimension: '13', Description: { '0': 'alcohol' } })
    raw.Output = {}
    delete raw.Name
    const spec = normalizeSemanticSpec(raw)
    expect(spec.Input).toEqual({ Dimension: 13, Description: { '0': 'alcohol' } })
    expect('Output' in spec).toBe(false)
    expect(spec.Name).toEqual({ Type: 'String', Values: '' })
    expect(validateSemanticSpec(spec).map((p) => p.field)).toEqual(['Name', 'Output'])
  })

  it('throws SEMANTIC_INVALID for text that is not JSON or a non-object', () => {
    expect(() => normalizeSemanticSpec('{not json')).toThrow(/not valid JSON/)
    expect(() => normalizeSemanticSpec([1, 2])).toThrow(/must be a JSON object/)
  })
})

describe('property: generated specs from the vocabulary always validate', () => {
  const text = fc.string({ minLength: 1, maxLength: 40 })
  const featureBlock = (minDimension: number) =>
    fc
      .integer({ min: minDimension, max: 50 })
      .chain((dimension) =>
        fc.record({
          dimension: fc.constant(dimension),
          descriptions: fc.dictionary(
            fc.integer({ min: 0, max: dimension - 1 }).map(String),
            fc.string({ maxLength: 20 })
          )
        })
      )

  it('holds for every combination', () => {
    const input = fc
      .record({
        name: text,
        description: text,
        data: fc.constantFrom(...DATA_TYPES),
        task: fc.constantFrom(...TASK_TYPES),
        library: fc.constantFrom(...LIBRARY_TYPES),
        scenarios: fc.oneof(
          fc.constantFrom(...SCENARIOS),
          fc.uniqueArray(fc.constantFrom(...SCENARIOS), { minLength: 1, maxLength: 5 })
        ),
        license: fc.constantFrom(...LICENSES),
        input: featureBlock(1)
      })
      .chain((base) =>
        featureBlock(base.task === 'Classification' ? 2 : 1).map((output) => ({ ...base, output }))
      )
    fc.assert(
      fc.property(input, (args) => {
        const spec = generateSemanticSpec(args as SemanticSpecInput)
        expect(validateSemanticSpec(spec)).toEqual([])
        expect(normalizeSemanticSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec)
      })
    )
  })
})
